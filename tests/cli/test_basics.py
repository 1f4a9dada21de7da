"""The program's own surface: help, version, unknown commands and options."""
import clitest
from clitest import run


class Basics(clitest.TestCase):
    def test_version(self):
        r = run("--version")
        self.assertExit(r, 0)
        self.assertRegex(r.out, r"^dossier \d+\.\d+\.\d+\n$")
        self.assertEqual(run("version").out, r.out)

    def test_help_lists_commands(self):
        r = run("--help")
        self.assertExit(r, 0)
        self.assertIn("usage: dossier", r.out)
        self.assertIn("exit status", r.out)
        self.assertEqual(run("help").out, r.out)

    def test_no_command_is_usage_error(self):
        r = run()
        self.assertExit(r, 2)
        self.assertIn("usage: dossier", r.err)

    def test_unknown_command(self):
        r = run("frobnicate")
        self.assertExit(r, 2)
        self.assertIn("error: unknown command 'frobnicate'", r.err)

    def test_unknown_global_option(self):
        r = run("--bogus", "status")
        self.assertExit(r, 2)
        self.assertIn("unknown option '--bogus'", r.err)

    def test_help_of_a_command(self):
        r = run("help", "version")
        self.assertExit(r, 0)
        r = run("help", "nosuch")
        self.assertExit(r, 2)

    def test_help_of_help(self):
        # issue 13, item 8: help --help is not "unknown command"
        r = run("help", "--help")
        self.assertExit(r, 0)
        self.assertIn("usage: dossier help [COMMAND]", r.out)
        self.assertEqual(r.err, "")

    def test_unknown_command_names_the_nearest(self):
        for typo, want in (("comit", "comment"), ("statsu", "status"), ("advnce", "advance")):
            r = run(typo)
            self.assertExit(r, 2)
            self.assertIn("error: unknown command '%s' (did you mean '%s'?)" % (typo, want), r.err)
        r = run("help", "comit")
        self.assertExit(r, 2)
        self.assertIn("(did you mean 'comment'?)", r.err)
        r = run("xyzzyq")
        self.assertExit(r, 2)
        self.assertIn("error: unknown command 'xyzzyq'\n", r.err)


if __name__ == "__main__":
    clitest.main()
