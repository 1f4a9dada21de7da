"""`dossier validate FILE...`: exit status, PATH:LINE:COL diagnostics with the
source line and a caret, several files in one call, unreadable files."""
import os
import re

import clitest
from clitest import run, WORKFLOWS, FIXTURES

BAD = os.path.join(FIXTURES, "workflows")
DIAG = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]( \((?P<hint>.*)\))?$")


def diags(text):
    return [m.groupdict() for m in (DIAG.match(l) for l in text.splitlines()) if m]


class Validate(clitest.TestCase):
    def shipped(self):
        names = sorted(n for n in os.listdir(WORKFLOWS) if n.endswith((".yaml", ".yml")))
        self.assertGreaterEqual(len(names), 3)
        return [os.path.join(WORKFLOWS, n) for n in names]

    def test_shipped_workflows_are_ok(self):
        files = self.shipped()
        r = run("validate", *files)
        self.assertExit(r, 0)
        self.assertEqual(r.err, "")
        self.assertEqual(r.out, "".join("%s: ok\n" % f for f in files))

    def test_a_scalar_that_needs_quotes_says_so(self):
        # issue 13, item 8: ", " in a flow mapping, ": " in a plain value
        with open(os.path.join(WORKFLOWS, "decree-simplified.yaml"), encoding="utf-8") as f:
            text = f.read()
        os.symlink(os.path.join(WORKFLOWS, "calendars"), self.path("calendars"))
        p = self.write("comma.yaml", text.replace(
            "name: Bộ Khoa học và Công nghệ (Ministry of Science and Technology)", "name: Bộ, ngành, địa phương"))
        r = run("validate", p)
        self.assertExit(r, 2)
        self.assertIn("unknown key 'ngành' in a participant [unknown-key] (in '{ … }' a ', ' ends a value: "
                      "if 'ngành' belongs to the value before it, quote that value", r.err)
        p = self.write("colon.yaml", text.replace(
            "title: Nghị định về phát triển đô thị thông minh (thủ tục rút gọn)",
            "title: Dự thảo: Nghị định về đô thị thông minh", 1))
        r = run("validate", p)
        self.assertExit(r, 2)
        self.assertIn("[yaml-syntax] (a value holding ': ' must be quoted", r.err)

    def test_quiet(self):
        r = run("validate", "-q", self.shipped()[0])
        self.assertExit(r, 0)
        self.assertEqual(r.out, "")

    def test_bad_file_has_place_code_source_and_caret(self):
        path = os.path.join(BAD, "unknown-target.yaml")
        r = run("validate", path)
        self.assertExit(r, 2)
        self.assertEqual(r.out, "")
        lines = r.err.splitlines()
        self.assertEqual(lines[0], "%s:14:15: error: unknown stage 'coment' [unknown-stage] (did you mean 'comment'?)" % path)
        self.assertEqual(lines[1], "  14 |       - { to: coment, roles: [drafter], when: has-revision }")
        self.assertEqual(lines[2], "     |               ^")
        self.assertEqual(len(lines), 3)

    def test_caret_counts_characters_not_bytes(self):
        p = self.write("vi.yaml", "id: vi\ntitle: Nghị định\nroles: {}\nparticipants: []\nstart: a\nstages:\n"
                       "  a: { title: Soạn thảo, final: true, xyz: 1 }\n")
        r = run("validate", p)
        self.assertExit(r, 2)
        d = diags(r.err)
        self.assertEqual(len(d), 1, r)
        self.assertEqual((d[0]["line"], d[0]["col"], d[0]["code"]), ("7", "39", "unknown-key"))
        caret = r.err.splitlines()[2]
        self.assertEqual(caret.index("^") - caret.index("|") - 2, 38)

    def test_participant_name_git_cannot_carry(self):
        # Issue 11, item 12: refused at validation with its place and code, and
        # so by init (before, every action of that participant failed later).
        path = os.path.join(BAD, "invalid-name.yaml")
        r = run("validate", path)
        self.assertExit(r, 2)
        self.assertEqual(diags(r.err)[0]["code"], "invalid-name")
        self.assertIn("%s:8:32: error: the name of participant 'most' holds '<'" % path, r.err)
        for name, what in (('"Bộ >X"', "'>'"), ('"Bộ\\nX"', "a line break"), ('"  "', "is blank")):
            with self.subTest(name=name):
                p = self.write("n.yaml", open(os.path.join(BAD, "valid-mini.yaml"), encoding="utf-8").read()
                               .replace("name: Ministry of Science and Technology", "name: " + name))
                r = run("validate", p)
                self.assertExit(r, 2)
                self.assertRegex(r.err, r"n\.yaml:8:\d+: error: the name of participant 'most' .*\[invalid-name\]")
                self.assertIn(what, r.err)
        repo = self.path("d")
        r = run("--as", "moc", "init", repo, "--workflow", path)
        self.assertExit(r, 2)
        self.assertIn("[invalid-name]", r.err)
        self.assertFalse(os.path.exists(repo))

    def test_control_character_in_a_string(self):
        path = os.path.join(BAD, "invalid-text.yaml")
        r = run("validate", path)
        self.assertExit(r, 2)
        self.assertIn("%s:2:8: error: 'title' holds control character U+0007 [invalid-text]" % path, r.err)

    def test_no_source(self):
        r = run("validate", "--no-source", os.path.join(BAD, "unknown-target.yaml"))
        self.assertExit(r, 2)
        self.assertEqual(len(r.err.splitlines()), 1)

    def test_every_problem_in_one_run(self):
        path = os.path.join(BAD, "many-problems.yaml")
        r = run("validate", "--no-source", path)
        self.assertExit(r, 2)
        d = diags(r.err)
        self.assertEqual(len(d), 11, r)
        self.assertTrue(all(x["path"] == path for x in d))
        places = [(int(x["line"]), int(x["col"])) for x in d]
        self.assertEqual(places, sorted(places))
        codes = {x["code"] for x in d}
        for c in ("unknown-time-zone", "unknown-action", "duplicate-participant", "unknown-role",
                  "duplicate-email", "unknown-key", "unknown-stage", "unknown-guard", "invalid-date",
                  "invalid-period", "wrong-type"):
            self.assertIn(c, codes)

    def test_several_files_mixed(self):
        good = self.shipped()[0]
        bad1 = os.path.join(BAD, "invalid-date.yaml")
        bad2 = os.path.join(BAD, "deadline-order.yaml")
        r = run("validate", "--no-source", bad1, good, bad2)
        self.assertExit(r, 2)
        self.assertEqual(r.out, "%s: ok\n" % good)
        d = diags(r.err)
        self.assertEqual([(x["path"], x["line"], x["col"], x["code"]) for x in d], [
            (bad1, "18", "15", "invalid-date"),
            (bad2, "23", "15", "deadline-order"),
        ])

    def test_missing_file(self):
        missing = self.path("no-such-workflow.yaml")
        good = self.shipped()[0]
        r = run("validate", missing, good)
        self.assertExit(r, 2)
        self.assertIn(missing, r.err)
        self.assertIn("error: cannot open", r.err)
        self.assertEqual(r.out, "%s: ok\n" % good)

    def test_syntax_error_and_binary(self):
        p = self.write("broken.yaml", "id: x\nstages: [a, b\n")
        r = run("validate", "--no-source", p)
        self.assertExit(r, 2)
        d = diags(r.err)
        self.assertEqual(len(d), 1, r)
        self.assertEqual(d[0]["code"], "yaml-syntax")
        self.assertEqual(d[0]["line"], "3")
        with open(self.path("bin.yaml"), "wb") as f:
            f.write(b"id: \xff\xfe\x00\x01 binary\n")
        r = run("validate", self.path("bin.yaml"))
        self.assertExit(r, 2)
        self.assertEqual(diags(r.err)[0]["code"], "yaml-syntax")

    def test_usage(self):
        r = run("validate")
        self.assertExit(r, 2)
        self.assertIn("usage: dossier validate", r.err)
        r = run("validate", "--bogus", self.shipped()[0])
        self.assertExit(r, 2)
        r = run("validate", "--help")
        self.assertExit(r, 0)
        self.assertIn("usage: dossier validate", r.out)
        self.assertIn("--no-source", r.out)
        self.assertIn("validate", run("--help").out)


if __name__ == "__main__":
    clitest.main()
