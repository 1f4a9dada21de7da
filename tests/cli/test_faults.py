"""A full disk at every write step of `comment`, `import` and `revise`
(issue 11, "nothing lost, nothing forged").

Each scenario builds a dossier on the ordinary disk, then, for k = 0, 1, 2,
... free pages, copies it onto a small tmpfs, fills the tmpfs so that only
k pages (4 KB each) are left, and runs the command. Every k moves the
failure one write further (a blob, a tree, the commit, the branch's lock
file, the reflog, the working tree's files, git's index) until the command
succeeds with room to spare. After each run:

  - a failed command exits 1, names the operating system's reason ("no space
    left on device") and leaves the branch, the tags and the reflog as they
    were; a command that succeeded moved the branch by exactly one commit;
  - no lock file is left, and `git fsck --strict` is clean (a reflog line
    for a move that never happened, or a branch on a missing commit, fail it);
  - with the space back, the next command works, the working tree and git's
    index come to the tip (`git status` clean, no warning), and `verify`
    passes.

Mounting a tmpfs needs root; CI runs as root. Elsewhere these tests skip,
saying why.
"""
import json
import os
import shutil
import subprocess

import clitest
from clitest import run
from test_dossier import DRAFT, DRAFT_V2, WF, git

PAGE = 4096
# Enough for a dossier of the seed workflow and a few dozen records.
TMPFS_SIZE = "8m"


def records(n):
    """n comments for `dossier import`, spread over many fan-out directories."""
    on = ["art_1", "art_2", "art_2__para_1", "art_3", "art_4"]
    lines = []
    for i in range(n):
        lines.append(json.dumps({
            "author_name": "Người dân %d" % i, "author_email": "nd%d@example.vn" % i,
            "organisation": None, "on": on[i % len(on)],
            "text": "Góp ý số %d về phạm vi điều chỉnh của dự thảo." % i, "proposal": None,
            "received": "2025-07-01T08:30:00+07:00"}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


class DiskFullTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        if os.geteuid() != 0:
            self.skipTest("a full disk is simulated on a small tmpfs, and mounting one needs root "
                          "(CI runs as root)")
        self.mnt = self.path("mnt")
        os.mkdir(self.mnt)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", self.mnt],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, "cannot mount a tmpfs as root: " + r.stderr)
        self.addCleanup(subprocess.run, ["umount", "-l", self.mnt])
        self.draft = self.write("draft.txt", DRAFT)
        self.draft2 = self.write("draft2.txt", DRAFT_V2)
        self.jsonl = self.write("comments.jsonl", records(24))

    # ---- helpers ------------------------------------------------------------

    def template(self, bare=False):
        """A dossier in the member-comment stage with one comment, on the ordinary disk."""
        tpl = self.path("tpl.git" if bare else "tpl")
        args = ["--as", "moc", "--now", "2025-06-20T09:00:00", "init", tpl, "--workflow", WF]
        self.assertExit(run(*(args + (["--bare"] if bare else []))), 0)
        self.assertExit(run("-C", tpl, "--as", "moc", "--now", "2025-06-25T10:00", "revise", self.draft), 0)
        self.assertExit(run("-C", tpl, "--as", "moc", "--now", "2025-06-26T08:00", "advance",
                            "member-comment"), 0)
        self.assertExit(run("-C", tpl, "--as", "most", "--now", "2025-07-01T10:00", "comment", "--on",
                            "art_1", "--text", "ý kiến đầu tiên"), 0)
        return tpl

    def free_bytes(self):
        st = os.statvfs(self.mnt)
        return st.f_bavail * st.f_frsize

    def fill(self, pages):
        """Leave exactly `pages` pages free on the tmpfs."""
        filler = os.path.join(self.mnt, "filler")
        size = self.free_bytes() - pages * PAGE
        if size > 0:
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.posix_fallocate(fd, 0, size)
            finally:
                os.close(fd)
        self.assertEqual(self.free_bytes(), pages * PAGE)
        return filler

    def refs(self, repo):
        out = git(repo, "for-each-ref", "--format=%(refname) %(objectname)").stdout
        return sorted(out.splitlines())

    def reflog(self, repo):
        path = os.path.join(repo, "logs", "refs", "heads", "main")
        if not os.path.exists(path):
            path = os.path.join(repo, ".git", "logs", "refs", "heads", "main")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()

    def locks(self, repo):
        found = []
        for root, _, files in os.walk(repo):
            found += [os.path.join(root, f) for f in files if f.endswith(".lock")]
        return found

    def assertFsckStrict(self, repo, context):
        r = git(repo, "fsck", "--strict", "--no-progress")
        bad = [l for l in (r.stdout + r.stderr).splitlines() if not l.startswith("dangling ")]
        self.assertEqual((r.returncode, bad), (0, []), context)

    def sweep(self, tpl, command, next_command, max_pages=200):
        """Run `command` with 0, 1, 2, ... free pages until it succeeds twice
        without a warning; check every run. Returns the failures' messages."""
        bare = tpl.endswith(".git")
        repo = os.path.join(self.mnt, "d.git" if bare else "d")
        failures, quiet_successes = [], 0
        for pages in range(max_pages):
            shutil.rmtree(repo, ignore_errors=True)
            shutil.copytree(tpl, repo, symlinks=True)
            before, refs_before, log_before = (git(repo, "rev-parse", "main").stdout.strip(), self.refs(repo),
                                               self.reflog(repo))
            filler = self.fill(pages)
            r = run("-C", repo, *command)
            os.unlink(filler)
            ctx = "with %d free pages: %r" % (pages, r)
            after = git(repo, "rev-parse", "main").stdout.strip()
            self.assertEqual(self.locks(repo), [], ctx)
            self.assertFsckStrict(repo, ctx)
            self.assertNotIn("unknown libgit2 error", r.err, ctx)
            if r.code == 0:
                self.assertEqual(git(repo, "rev-parse", "main~1").stdout.strip(), before, ctx)
                # the reflog has at most the one new line, for the move that happened
                log = self.reflog(repo)
                self.assertEqual(log[:len(log_before)], log_before, ctx)
                self.assertLessEqual(len(log) - len(log_before), 1, ctx)
                if len(log) > len(log_before):
                    self.assertIn(" %s " % after, log[-1], ctx)
                if "warning:" in r.err:
                    self.assertIn("no space left on device", r.err, ctx)
                    quiet_successes = 0
                else:
                    quiet_successes += 1
            else:
                self.assertEqual(r.code, 1, ctx)
                self.assertIn("no space left on device", r.err, ctx)
                self.assertEqual(after, before, ctx)
                self.assertEqual(self.refs(repo), refs_before, ctx)
                self.assertEqual(self.reflog(repo), log_before, ctx)
                failures.append(r.err.strip().splitlines()[0])
                quiet_successes = 0
            # with the space back, the next command works and everything converges
            r2 = run("-C", repo, *next_command)
            self.assertExit(r2, 0)
            self.assertNotIn("warning:", r2.err, ctx)
            if not bare:
                self.assertEqual(git(repo, "status", "--porcelain").stdout, "", ctx)
                with open(os.path.join(repo, "state.json"), encoding="utf-8") as f:
                    self.assertEqual(f.read(), git(repo, "show", "main:state.json").stdout, ctx)
            self.assertExit(run("-C", repo, "verify"), 0)
            self.assertFsckStrict(repo, ctx)
            if quiet_successes >= 2:
                return failures
        self.fail("'%s' never succeeded with up to %d free pages" % (" ".join(command), max_pages))

    # ---- the scenarios ---------------------------------------------------------

    NEXT = ["--as", "mps", "--now", "2025-07-12T10:00", "comment", "--on", "art_2", "--text", "lần sau"]

    def test_comment(self):
        failures = self.sweep(self.template(), ["--as", "most", "--now", "2025-07-11T10:00", "comment",
                                                "--on", "art_1", "--text", "ý kiến khi đĩa đầy"], self.NEXT)
        # the failures came at the records, the trees, the commit and the branch
        text = "\n".join(failures)
        self.assertIn("cannot write 'comments/", text)
        self.assertIn("cannot write the tree", text)
        self.assertIn("main.lock", text)

    def test_comment_bare(self):
        failures = self.sweep(self.template(bare=True), ["--as", "most", "--now", "2025-07-11T10:00",
                                                         "comment", "--on", "art_1", "--text", "đĩa đầy"],
                              self.NEXT)
        self.assertIn("main.lock", "\n".join(failures))

    def test_import(self):
        failures = self.sweep(self.template(), ["--as", "moc", "--now", "2025-07-11T10:00", "import",
                                                self.jsonl], self.NEXT)
        text = "\n".join(failures)
        self.assertIn("pack", text)
        self.assertIn("main.lock", text)

    def test_revise(self):
        failures = self.sweep(self.template(), ["--as", "moc", "--now", "2025-07-11T10:00", "revise",
                                                self.draft2, "-m", "dự thảo lần 2"], self.NEXT)
        text = "\n".join(failures)
        self.assertIn("cannot write 'revisions/", text)
        # the tag's lock file is written before the branch moves: a revision
        # never lands without its tag
        self.assertIn("refs/tags/v2.lock", text)


if __name__ == "__main__":
    clitest.main()
