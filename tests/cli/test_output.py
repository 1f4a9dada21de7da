"""Where output goes (issue 11, items 3 and 4): `-o` writes special files in
place, follows symbolic links, refuses read-only targets and keeps an
existing file's mode; and a write error on standard output (a full disk,
/dev/full) is an error, never exit 0.

Character devices are made with mknod in the test's own directory when the
suite runs as root (as CI does); otherwise /dev/null stands in for them
(as a user the old code could not replace it: /dev is not writable).
"""
import os
import signal
import stat
import subprocess
import threading

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")

DRAFT = """NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.
2. Nền tảng dữ liệu đô thị gồm cơ sở dữ liệu quy hoạch đô thị.
"""

ROOT = os.geteuid() == 0


def full_stdout(args, cwd=None, env=None):
    """Run the binary with standard output on /dev/full."""
    e = dict(os.environ)
    for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW"):
        e.pop(k, None)
    if env:
        e.update(env)
    with open("/dev/full", "w") as out:
        p = subprocess.run([clitest.BIN] + [str(a) for a in args], stdout=out, stderr=subprocess.PIPE,
                           text=True, cwd=cwd, env=e, timeout=120)
    return p.returncode, p.stderr


class OutputTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)
        self.out = self.path("out")
        os.mkdir(self.out)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", self.repo, "--workflow", WF), 0)
        self.assertExit(self.d("revise", self.draft, now="2025-06-25T10:00"), 0)
        self.assertExit(self.d("revise", self.write("v2.txt", DRAFT.replace("Việt Nam", "cả nước")),
                               now="2025-06-25T11:00"), 0)
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "Nhất trí.", who="most",
                               now="2025-07-01T09:00"), 0)

    def d(self, *args, who="moc", now="2025-07-02T09:00"):
        return run("-C", self.repo, "--as", who, "--now", now, *args)

    def report_to(self, target):
        return self.d("report", "--format", "csv", "-o", target)

    def listing(self):
        return sorted(os.listdir(self.out))

    # ---- -o and special files ----------------------------------------------

    def test_a_fifo_is_written_in_place(self):
        fifo = os.path.join(self.out, "pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
        reader.start()
        r = self.report_to(fifo)
        reader.join(60)
        self.assertExit(r, 0)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
        self.assertTrue(got and got[0].startswith(b"\xef\xbb\xbfSTT,"), got)
        self.assertEqual(self.listing(), ["pipe"])

    def char_device(self, name, like):
        """A character device like /dev/null (1, 3) or /dev/full (1, 7) in the test's directory."""
        path = os.path.join(self.out, name)
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, like))
        return path

    def test_a_character_device_is_written_in_place(self):
        if ROOT:
            null = self.char_device("null", 3)
        else:
            null = "/dev/null"
        before = os.lstat(null)
        r = self.report_to(null)
        self.assertExit(r, 0)
        after = os.lstat(null)
        self.assertTrue(stat.S_ISCHR(after.st_mode), "the device was replaced by a regular file")
        self.assertEqual((after.st_ino, after.st_rdev), (before.st_ino, before.st_rdev))
        self.assertEqual(self.listing(), ["null"] if ROOT else [])

    def test_a_full_device_fails_and_stays_a_device(self):
        if ROOT:
            full = self.char_device("full", 7)
        else:
            full = "/dev/full"
        before = os.lstat(full)
        r = self.report_to(full)
        self.assertExit(r, 1)
        self.assertIn("error: cannot write '%s': No space left on device" % full, r.err)
        after = os.lstat(full)
        self.assertTrue(stat.S_ISCHR(after.st_mode))
        self.assertEqual((after.st_ino, after.st_rdev), (before.st_ino, before.st_rdev))
        self.assertEqual(self.listing(), ["full"] if ROOT else [])

    def test_a_symlink_is_followed_and_stays(self):
        os.mkdir(os.path.join(self.out, "real"))
        target = os.path.join(self.out, "real", "report.csv")
        with open(target, "w") as f:
            f.write("old")
        os.chmod(target, 0o640)
        os.symlink("real/report.csv", os.path.join(self.out, "hop"))
        link = os.path.join(self.out, "link")
        os.symlink(os.path.join(self.out, "hop"), link)   # absolute, to a relative one
        self.assertExit(self.report_to(link), 0)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(os.readlink(link), os.path.join(self.out, "hop"))
        self.assertEqual(os.readlink(os.path.join(self.out, "hop")), "real/report.csv")
        with open(target, "rb") as f:
            self.assertTrue(f.read().startswith(b"\xef\xbb\xbfSTT,"))
        self.assertEqual(os.stat(target).st_mode & 0o7777, 0o640)
        self.assertEqual(self.listing(), ["hop", "link", "real"])
        self.assertEqual(os.listdir(os.path.join(self.out, "real")), ["report.csv"])

    def test_a_dangling_symlink_creates_its_target(self):
        link = os.path.join(self.out, "link")
        os.symlink("made.csv", link)
        self.assertExit(self.report_to(link), 0)
        self.assertTrue(os.path.islink(link))
        self.assertTrue(os.path.isfile(os.path.join(self.out, "made.csv")))
        self.assertEqual(self.listing(), ["link", "made.csv"])

    def test_a_symlink_loop_is_refused(self):
        a, b = os.path.join(self.out, "a"), os.path.join(self.out, "b")
        os.symlink("b", a)
        os.symlink("a", b)
        r = self.report_to(a)
        self.assertExit(r, 1)
        self.assertIn("cannot write '%s'" % a, r.err)
        self.assertEqual(self.listing(), ["a", "b"])

    def test_a_read_only_file_is_refused(self):
        ro = os.path.join(self.out, "ro.csv")
        with open(ro, "w") as f:
            f.write("keep me")
        os.chmod(ro, 0o444)
        r = self.report_to(ro)
        self.assertExit(r, 1)
        self.assertIn("error: cannot write '%s': the file is read-only" % ro, r.err)
        with open(ro) as f:
            self.assertEqual(f.read(), "keep me")
        self.assertEqual(os.stat(ro).st_mode & 0o7777, 0o444)
        self.assertEqual(self.listing(), ["ro.csv"])
        # through a link too
        os.symlink("ro.csv", os.path.join(self.out, "to-ro"))
        r = self.report_to(os.path.join(self.out, "to-ro"))
        self.assertExit(r, 1)
        self.assertIn("the file is read-only", r.err)
        with open(ro) as f:
            self.assertEqual(f.read(), "keep me")

    def test_a_directory_is_refused(self):
        r = self.report_to(self.out)
        self.assertExit(r, 1)
        self.assertIn("error: cannot write '%s': Is a directory" % self.out, r.err)
        self.assertEqual(self.listing(), [])

    def test_the_mode_of_an_existing_file_is_kept(self):
        for mode in (0o640, 0o600, 0o664, 0o755):
            f = os.path.join(self.out, "m%o.csv" % mode)
            with open(f, "w") as fh:
                fh.write("old")
            os.chmod(f, mode)
            self.assertExit(self.report_to(f), 0)
            self.assertEqual(os.stat(f).st_mode & 0o7777, mode)
            with open(f, "rb") as fh:
                self.assertTrue(fh.read().startswith(b"\xef\xbb\xbfSTT,"))
        self.assertEqual(len(self.listing()), 4)

    def test_the_owner_of_an_existing_file_is_kept_as_root(self):
        if not ROOT:
            self.skipTest("only root can give a file to another user")
        f = os.path.join(self.out, "theirs.csv")
        with open(f, "w") as fh:
            fh.write("old")
        os.chown(f, 12345, 23456)
        os.chmod(f, 0o640)
        self.assertExit(self.report_to(f), 0)
        st = os.stat(f)
        self.assertEqual((st.st_uid, st.st_gid, st.st_mode & 0o7777), (12345, 23456, 0o640))

    def test_every_writer_with_o_keeps_special_files(self):
        fifo_targets = {
            "report": ["report", "-o"],
            "consolidate": ["consolidate", "-o"],
            "diff": ["diff", "v1", "v2", "-o"],
            "convert": ["convert", self.draft, "-o"],
        }
        for name, args in fifo_targets.items():
            fifo = os.path.join(self.out, name)
            os.mkfifo(fifo)
            got = []
            reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
            reader.start()
            r = self.d(*(args + [fifo]))
            reader.join(60)
            self.assertExit(r, 0)
            self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode), name)
            self.assertTrue(got and got[0], name)
        self.assertEqual(self.listing(), sorted(fifo_targets))

    # ---- standard output -------------------------------------------------------

    def test_reading_commands_fail_into_a_full_disk(self):
        cmds = [
            ["status"], ["status", "--json"], ["comments"], ["comments", "--json"], ["log"],
            ["log", "--json"], ["diff"], ["diff", "--format", "json"], ["outline", self.draft],
            ["plan"], ["verify"], ["report"], ["report", "--format", "csv"], ["consolidate"],
            ["convert", self.draft], ["help"], ["--help"], ["version"], ["--version"],
            ["validate", WF], ["comment", "--help"],
        ]
        for args in cmds:
            code, err = full_stdout(["-C", self.repo, "--now", "2025-07-02T09:00"] + args)
            self.assertEqual(code, 1, "%s: exit %d, %s" % (args, code, err))
            self.assertIn("error: write failure on standard output: No space left on device", err, args)

    def test_actions_say_their_output_was_lost(self):
        # The action is done (it is in the history); what it printed was not.
        code, err = full_stdout(["-C", self.repo, "--as", "most", "--now", "2025-07-02T10:00",
                                 "comment", "--on", "art_2", "--text", "Bổ sung."])
        self.assertEqual(code, 1, err)
        self.assertIn("error: write failure on standard output", err)
        ids = [c["id"] for c in run("-C", self.repo, "comments", "--json").json()["comments"]]
        self.assertEqual(ids, ["most-1", "most-2"])
        code, err = full_stdout(["-C", self.repo, "--as", "moc", "--now", "2025-07-02T11:00",
                                 "respond", "most-1", "--note", "--reason", "Ghi nhận."])
        self.assertEqual(code, 1, err)
        self.assertIn("error: write failure on standard output", err)
        code, err = full_stdout(["--as", "moc", "--now", "2025-06-20", "init", self.path("d2"),
                                 "--workflow", WF])
        self.assertEqual(code, 1, err)
        self.assertIn("error: write failure on standard output", err)

    def test_a_failing_command_keeps_its_own_status(self):
        code, err = full_stdout(["-C", self.repo, "comments", "--by"])
        self.assertEqual(code, 2, err)
        code, err = full_stdout(["-C", self.repo, "diff", "v7"])
        self.assertEqual(code, 2, err)

    def test_a_closed_pipe_is_not_an_error_message(self):
        # `dossier log | head -1`: the reader going away is not a disk error (as git).
        p = subprocess.Popen([clitest.BIN, "-C", self.repo, "log"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
        p.stdout.close()
        err = p.stderr.read().decode()
        self.assertEqual(p.wait(60), 0)
        self.assertNotIn("write failure", err)

    def test_a_good_stdout_still_exits_zero(self):
        for args in (["status"], ["log"], ["verify"], ["report", "--format", "csv"]):
            r = run("-C", self.repo, "--now", "2025-07-02T09:00", *args)
            self.assertExit(r, 0)
            self.assertEqual(r.err, "")


if __name__ == "__main__":
    clitest.main()
