"""The man pages (man/manpage.py): every command has one, made from the very
option table that parses its options, and groff and man read them without a
warning; `dossier help COMMAND` shows the page, or --help without man."""
import json
import os
import re
import subprocess
import unittest

import clitest
from clitest import run

BUILD = os.environ.get("DOSSIER_BUILD_ROOT", os.path.join(clitest.SRC, "build"))
MAN = os.path.join(BUILD, "man")


def table():
    r = run("--dump-options")
    assert r.code == 0, r
    return json.loads(r.out)


def page_of(name):
    return os.path.join(MAN, "dossier-%s.%s" % (name, "8" if name == "serve" else "1"))


def roff_option(long_name):
    return "\\-\\-" + long_name.replace("-", "\\-")


class ManPages(clitest.TestCase):
    def test_every_command_has_a_page_with_every_option(self):
        data = table()
        self.assertGreater(len(data["commands"]), 20)
        for c in data["commands"]:
            path = page_of(c["name"])
            self.assertTrue(os.path.isfile(path), "no page for '%s': man/meson.build lists every command" % c["name"])
            with open(path, encoding="ascii") as f:
                roff = f.read()
            self.assertIn(".SH SYNOPSIS", roff)
            for o in c["options"]:
                self.assertIn(roff_option(o["long"]), roff, "%s: --%s" % (c["name"], o["long"]))
        for extra in ("dossier.1", "dossier-workflow.5"):
            self.assertTrue(os.path.isfile(os.path.join(MAN, extra)), extra)
        with open(os.path.join(MAN, "dossier.1"), encoding="ascii") as f:
            main = f.read()
        for c in data["commands"]:
            self.assertIn("\\fBdossier\\-%s\\fR(" % c["name"].replace("-", "\\-"), main, c["name"])

    def test_groff_and_man_read_every_page_without_a_warning(self):
        pages = sorted(p for p in os.listdir(MAN) if re.search(r"\.[158]$", p))
        self.assertGreater(len(pages), 20)
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
        for p in pages:
            path = os.path.join(MAN, p)
            g = subprocess.run(["groff", "-ww", "-z", "-man", "-Tutf8", path], capture_output=True, text=True)
            self.assertEqual((g.returncode, g.stderr), (0, ""), p)
        # man as people run it (preconv, the UTF-8 device), on the pages
        # that are more than a table: the others are the same roff
        for p in ("dossier.1", "dossier-workflow.5", "dossier-serve.8", "dossier-respond.1"):
            m = subprocess.run(["man", "-l", os.path.join(MAN, p)], capture_output=True, text=True, env=env)
            self.assertEqual((m.returncode, m.stderr), (0, ""), p)
            name = p.rsplit(".", 1)
            self.assertIn("%s(%s)" % (name[0].upper(), name[1]), m.stdout)
            self.assertIn("NAME", m.stdout)
        m = subprocess.run(["man", "-l", page_of("comment")], capture_output=True, text=True, env=env)
        self.assertIn("Điều 5 khoản 2 điểm đ", m.stdout)   # Vietnamese as written

    def test_help_shows_the_page_or_the_help_without_man(self):
        r = run("help", "comment")
        self.assertExit(r, 0)
        self.assertIn("DOSSIER-COMMENT(1)", r.out)
        self.assertIn("--propose", r.out)
        r = run("help", "serve")
        self.assertIn("DOSSIER-SERVE(8)", r.out)
        r = run("help", "comment", env={"PATH": "/nonexistent"})
        self.assertExit(r, 0)
        self.assertEqual(r.out, run("comment", "--help").out)
        self.assertExit(run("help", "nosuch"), 2)


if __name__ == "__main__":
    unittest.main()
