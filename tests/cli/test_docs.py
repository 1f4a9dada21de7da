"""The documentation runs as written (issue 13, item 7): every ```sh block of
docs/user-guide.md, in order, as one shell script in a temporary folder
holding the source tree's workflows/ and templates/, with `dossier` on the
PATH; the `$ COMMAND` examples of docs/cli.md, each followed by exactly the
output the page shows; and the fields the page's JSON examples name, which
the real output must have. Docs and behaviour then cannot drift.
"""
import json
import os
import re
import subprocess

import clitest
from clitest import run

DOCS = os.path.join(clitest.SRC, "docs")


def read(name):
    with open(os.path.join(DOCS, name), encoding="utf-8") as f:
        return f.read()


def blocks(text, lang):
    """The fenced blocks of a page in `lang` ("" for a bare fence), in order."""
    out, cur = [], None
    for line in text.splitlines(keepends=True):
        fence = line.strip()
        if cur is None and fence.startswith("```"):
            cur = [] if fence[3:] == lang else False
        elif cur is not None and fence == "```":
            if cur is not False:
                out.append("".join(cur))
            cur = None
        elif isinstance(cur, list):
            cur.append(line)
    return out


def keys(example):
    """The field names of a JSON example as the page writes it (with // notes and …)."""
    return set(re.findall(r'"([a-z_]+)":', example))


def all_keys(value):
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            out |= all_keys(v)
    elif isinstance(value, list):
        for v in value:
            out |= all_keys(v)
    return out


class DocsTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        os.symlink(clitest.WORKFLOWS, self.path("workflows"))
        os.symlink(clitest.TEMPLATES, self.path("templates"))
        os.makedirs(self.path("bin"))
        os.symlink(os.path.abspath(clitest.BIN), self.path("bin", "dossier"))
        self.env = dict(os.environ, PATH=self.path("bin") + os.pathsep + os.environ.get("PATH", ""),
                        HOME=self.tmp, GIT_PAGER="cat", PAGER="cat", NO_COLOR="1")
        for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW", "DOSSIER_SIGNING_KEY"):
            self.env.pop(k, None)

    def sh(self, script, cwd=None, env=None):
        return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd or self.tmp,
                              env=env or self.env, capture_output=True, text=True, timeout=120)

    def test_the_user_guide_runs_as_written(self):
        guide = blocks(read("user-guide.md"), "sh")
        self.assertIn("dossier --as moc --now", guide[1])
        self.assertIn("cd nd-do-thi-thong-minh", guide[1])
        # the comment round (its sections 1 to 3), then what the JSON examples of cli.md name
        r = self.sh("\n".join(guide[:3]))
        self.assertEqual(r.returncode, 0, "the user guide stops:\n" + r.stdout[-3000:] + r.stderr[-3000:])
        self.assertIn("most-1", r.stdout)
        repo = self.path("nd-do-thi-thong-minh")
        self.json_fields_as_shown(repo)
        # the rest, from inside the dossier as the guide goes on
        r = self.sh("\n".join(guide[3:]), cwd=repo)
        self.assertEqual(r.returncode, 0, "the user guide stops:\n" + r.stdout[-3000:] + r.stderr[-3000:])
        self.assertIn("advanced to 'submitted'", r.stdout)
        for f in ("bao-cao-tong-hop.html", "du-thao-hop-nhat.docx", "bang-so-sanh.html"):
            self.assertTrue(os.path.getsize(self.path(f)) > 0, f)
        self.assertEqual(run("-C", repo, "verify").code, 0)
        self.every_json_carries_its_format(repo)

    def every_json_carries_its_format(self, repo):
        """Every JSON output is an object whose first field is "format" (issue 13, item 8)."""
        wf = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
        draft = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
        for args in (("status", "--json"), ("comments", "--json"), ("comments", "--json", "--revision", "v1"),
                     ("log", "--json"), ("outline", "--json"), ("diff", "v1", "v2", "--format", "json"),
                     ("account", "list", "--json"), ("plan", "--workflow", wf, "--json"),
                     ("convert", draft, "--to", "json")):
            r = run("-C", repo, *args)
            self.assertExit(r, 0)
            out = json.loads(r.out)
            self.assertIsInstance(out, dict, args)
            self.assertEqual(list(out)[:1], ["format"], args)
            self.assertEqual(out["format"], "dossier/1", args)

    def json_fields_as_shown(self, repo):
        page = read("cli.md")
        for command in ("status", "comments", "log"):
            m = re.search(r"^`%s --json`.*?\n\n```json\n(.*?)^```" % command, page, re.S | re.M)
            self.assertIsNotNone(m, "docs/cli.md shows no `%s --json`" % command)
            r = run("-C", repo, "--now", "2025-07-23T12:00", command, "--json")
            self.assertExit(r, 0)
            missing = keys(m.group(1)) - all_keys(json.loads(r.out))
            # a comment's response is null while unanswered: its fields are not there yet
            if command == "comments":
                missing -= {"disposition", "reason", "adopted", "taken_otherwise", "by"}
            self.assertEqual(missing, set(), "`%s --json` lacks what docs/cli.md shows" % command)

    def test_the_examples_of_the_cli_page_print_what_it_shows(self):
        # a dossier where most may comment, and the file the page's example reads
        repo = self.path("d")
        wf = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
        draft = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", repo, "--workflow", wf), 0)
        self.assertExit(run("-C", repo, "--as", "moc", "--now", "2025-06-25T10:00", "revise", draft), 0)
        self.assertExit(run("-C", repo, "--as", "moc", "--now", "2025-06-26T08:00", "advance", "member-comment"), 0)
        with open(os.path.join(repo, "note.txt"), "wb") as f:
            f.write(b"Line one\nabcdefg\0h\n")
        env = dict(self.env, DOSSIER_AS="most", DOSSIER_NOW="2025-07-01T09:00")
        examples = 0
        for block in blocks(read("cli.md"), ""):
            if not block.startswith("$ "):
                continue
            for m in re.finditer(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.M):
                command, shown = m.group(1), m.group(2)
                r = subprocess.run(["bash", "-c", command + " 2>&1"], cwd=repo, env=env,
                                   capture_output=True, text=True, timeout=60)
                self.assertEqual(r.stdout, shown, "docs/cli.md: $ %s" % command)
                examples += 1
        self.assertGreaterEqual(examples, 3)



if __name__ == "__main__":
    clitest.main()
