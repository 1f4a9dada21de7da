"""Shell completion (dist/completion/, cli/complete.c): bash through its
`complete` and bash-completion, as on a terminal, and zsh with its
completion builtins stood in for; commands, options, option values from
the tables, and inside a dossier its stages, participants, comment ids,
revisions and provisions (eIds and citations)."""
import os
import re
import subprocess
import unittest

import clitest
from clitest import run, WORKFLOWS, TEMPLATES

BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
SCRIPTS = os.path.abspath(os.path.join(clitest.SRC, "dist", "completion"))
BIN = os.path.abspath(clitest.BIN)


def sq(s):
    return "'" + s.replace("'", "'\\''") + "'"


class Completion(clitest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="dossier-complete-")
        wf = os.path.join(WORKFLOWS, "decree-simplified.yaml")
        v1 = os.path.join(TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
        cls.repo = os.path.join(cls.dir, "d")
        for args in (["--as", "moc", "--now", "2025-06-20T09:00", "init", cls.repo, "--workflow", wf],
                     ["-C", cls.repo, "--as", "moc", "--now", "2025-06-25T10:00", "revise", v1],
                     ["-C", cls.repo, "--as", "moc", "--now", "2025-06-26", "advance", "member-comment"],
                     ["-C", cls.repo, "--as", "most", "--now", "2025-07-03", "comment", "--on", "art_8", "--text", "x"]):
            r = run(*args)
            assert r.code == 0, r
        with open(os.path.join(cls.dir, "draft-v2.txt"), "w") as f:
            f.write("x\n")

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.dir, ignore_errors=True)

    def bash(self, line):
        """COMPREPLY for the command line `line` (cursor at its end), in an
        interactive-like bash with bash-completion and our script loaded."""
        words = re.split(r"(?<!\\) ", line)
        script = "\n".join([
            "source %s" % BASH_COMPLETION,
            "source %s" % sq(os.path.join(SCRIPTS, "dossier.bash")),
            "complete -p dossier || exit 9",
            "COMP_LINE=%s; COMP_POINT=${#COMP_LINE}" % sq(BIN + " " + " ".join(words)),
            "COMP_WORDS=(%s)" % " ".join(sq(w) for w in [BIN] + words),
            "COMP_CWORD=%d" % len(words),
            "COMP_WORDBREAKS=$' \\t\\n\"\\'><=;|&(:'",
            "_dossier dossier %s %s" % (sq(words[-1]), sq(words[-2] if len(words) > 1 else BIN)),
            "printf '%s\\n' \"${COMPREPLY[@]}\"",
        ])
        p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], cwd=self.dir,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.split("\n")
        self.assertEqual(lines[0], "complete -F _dossier dossier")
        return [x for x in lines[1:] if x]

    def test_commands_and_options(self):
        self.assertEqual(self.bash("co"), ["convert", "comment", "comments", "consolidate"])
        self.assertEqual(self.bash("--s"), ["--signing-key"])
        self.assertEqual(self.bash("comment --"), ["--on", "--revision", "--text", "--file", "--propose", "--help"])
        self.assertEqual(self.bash("help acc"), ["account"])
        self.assertEqual(self.bash("report --format "), ["akn", "html", "csv", "docx", "pdf"])
        self.assertEqual(self.bash("diff --format=js"), ["json"])   # what follows the '='
        self.assertEqual(self.bash("account "), ["add", "passwd", "remove", "token", "list"])

    def test_files_and_directories(self):
        self.assertIn("draft-v2.txt", self.bash("-C d revise dr"))
        self.assertIn("draft-v2.txt", self.bash("apply draft-v2.txt dr"))
        self.assertEqual(self.bash("apply --to "), ["akn", "json", "text", "docx"])
        self.assertIn("d", [x.rstrip("/") for x in self.bash("-C ")])
        self.assertNotIn("draft-v2.txt", self.bash("-C "))

    def test_inside_a_dossier(self):
        self.assertEqual(self.bash("-C d advance "), ["workshop"])
        self.assertEqual(self.bash("-C d respond "), ["most-1"])
        self.assertEqual(self.bash("-C d --as mo"), ["moc", "most", "mof"])
        self.assertEqual(self.bash("-C d comments --by mp"), ["mps"])
        self.assertEqual(self.bash("-C d diff "), ["v1"])
        self.assertEqual(self.bash("-C d comment --on art_5__para_2__point_d"),
                         ["art_5__para_2__point_d", "art_5__para_2__point_dd"])
        self.assertEqual(self.bash("-C d comment --on gen"), ["general"])
        # citations, escaped for the shell as they have blanks
        got = self.bash("-C d comment --on Điều\\ 5\\ khoản\\ 2\\ điểm\\ đ")
        self.assertEqual(got, ["Điều\\ 5\\ khoản\\ 2\\ điểm\\ đ"])
        self.assertIn("Điều\\ 5\\ khoản\\ 1", self.bash("-C d comment --on Điều\\ 5\\ k"))
        # outside a dossier: nothing, and no error
        self.assertEqual(self.bash("-C /nonexistent advance "), [])

    def zsh(self, line):
        """What _dossier hands compadd (or _files) for `line` in zsh."""
        words = re.split(r"(?<!\\) ", line)
        script = "\n".join([
            "compadd() { print -rl -- ${(P)${@[-1]}} }",
            "_files() { print -r -- ':files' $@ }",
            "compset() { return 1 }",
            "fpath=(%s $fpath)" % sq(SCRIPTS),
            "autoload -Uz _dossier",
            "words=(%s)" % " ".join(sq(w) for w in [BIN] + words),
            "CURRENT=%d" % (len(words) + 1),
            "PREFIX=%s" % sq(words[-1].replace("\\ ", " ")),   # zsh's PREFIX is unquoted
            "_dossier",
        ])
        p = subprocess.run(["zsh", "-f", "-c", script], cwd=self.dir, capture_output=True, text=True, timeout=60)
        self.assertEqual(p.stderr, "")
        return [x for x in p.stdout.split("\n") if x]

    def test_zsh(self):
        self.assertEqual(self.zsh("co"), ["convert", "comment", "comments", "consolidate"])
        self.assertEqual(self.zsh("-C d advance "), ["workshop"])
        self.assertIn("Điều 5 khoản 1", self.zsh("-C d comment --on Điều\\ 5\\ k"))
        self.assertEqual(self.zsh("-C d revise "), [":files"])
        self.assertEqual(self.zsh("-C "), [":files -/"])


if __name__ == "__main__":
    unittest.main()
