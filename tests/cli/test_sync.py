"""Members working from their own organisations (issue 7): `dossier clone`,
`dossier sync` and the server-side `dossier hook pre-receive`, on real
servers on loopback only: `git daemon` (receive-pack enabled) serving a bare
dossier with the hook installed, and file:// remotes.

Every scenario ends with `git fsck` on the server's repository. The server's
clock is the hook's own DOSSIER_NOW, written into the hook script.
"""
import os
import socket
import subprocess
import time

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
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.
"""


def git(repo, *args, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True, env=e,
                          timeout=120)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_event(test, repo, actor, name, email, event, when, stage, extra, state_edit):
    """A commit made by hand with plain git: the hook or sync must judge it."""
    path = os.path.join(repo, "state.json")
    with open(path, encoding="utf-8") as f:
        state = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(state_edit(state))
    git(repo, "add", "state.json")
    msg = "%s %s\n\nDossier-Event: %s\nDossier-Actor: %s\nDossier-Stage: %s\nDossier-Time: %s\n%s" % (
        actor, event, event, actor, stage, when, extra)
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when}
    r = git(repo, "commit", "-q", "-m", msg, env=env)
    test.assertEqual(r.returncode, 0, r.stderr)


def member_advances(test, repo):
    make_event(test, repo, "most", "Bộ Khoa học và Công nghệ (Ministry of Science and Technology)",
               "vanthu@most.gov.vn", "advance", "2025-07-19T10:00:00+07:00", "workshop",
               "Dossier-Target: workshop\n",
               lambda s: s.replace('"stage": "member-comment"', '"stage": "workshop"'))


class SyncTest(clitest.TestCase):
    """A bare dossier served by `git daemon` with the hook installed."""

    def setUp(self):
        super().setUp()
        self.server = self.path("srv", "decree.git")
        self.daemon = None
        self.draft = self.write("draft.txt", DRAFT)
        r = run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", self.server, "--workflow", WF)
        self.assertExit(r, 0)
        self.assertExit(run("-C", self.server, "--as", "moc", "--now", "2025-06-25T10:00", "revise", self.draft), 0)
        self.assertExit(run("-C", self.server, "--as", "moc", "--now", "2025-06-26T08:00",
                            "advance", "member-comment"), 0)
        self.set_server_clock("2025-07-20T10:00")
        git(self.server, "config", "receive.advertisePushOptions", "true")
        self.start_daemon()
        self.url = "git://127.0.0.1:%d/decree.git" % self.port

    def tearDown(self):
        if self.daemon:
            self.daemon.terminate()
            try:
                self.daemon.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait(timeout=10)
        super().tearDown()

    def start_daemon(self):
        self.port = free_port()
        self.daemon = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--base-path=" + self.path("srv"), "--export-all",
             "--enable=receive-pack", "--listen=127.0.0.1", "--port=%d" % self.port, self.path("srv")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.daemon.poll() is not None or time.monotonic() > deadline:
                    self.fail("git daemon did not start")
                time.sleep(0.05)

    def set_server_clock(self, now):
        hook = os.path.join(self.server, "hooks", "pre-receive")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nDOSSIER_NOW='%s'\nexport DOSSIER_NOW\nexec '%s' hook pre-receive\n"
                    % (now, clitest.BIN))
        os.chmod(hook, 0o755)

    def clone(self, name, url=None):
        d = self.path(name)
        r = run("clone", url or self.url, d)
        self.assertExit(r, 0)
        return d

    def d(self, repo, who, now, *args):
        return run("-C", repo, "--as", who, "--now", now, *args)

    def sync(self, repo, *args):
        return run("-C", repo, *args, "sync")

    def comment(self, repo, who, now, text, on="art_1"):
        r = self.d(repo, who, now, "comment", "--on", on, "--text", text)
        self.assertExit(r, 0)
        return r.out.strip()

    def comments(self, repo):
        return run("-C", repo, "comments", "--json").json()["comments"]

    def server_log(self):
        out = git(self.server, "log", "--format=%H %s", "main").stdout
        return out.strip().splitlines()

    def assertFsck(self, repo=None):
        r = git(repo or self.server, "fsck", "--no-progress", "--strict")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)

    def assertVerifies(self, repo):
        self.assertExit(run("-C", repo, "verify"), 0)

    # ---- clone ------------------------------------------------------------

    def test_clone_checks_and_verifies(self):
        a = self.clone("a")
        self.assertTrue(os.path.exists(os.path.join(a, "state.json")))
        self.assertEqual(git(a, "status", "--porcelain").stdout, "")
        self.assertEqual(git(a, "rev-parse", "v1").stdout, git(self.server, "rev-parse", "v1").stdout)
        b = self.path("b.git")
        self.assertExit(run("clone", "--bare", self.url, b), 0)
        self.assertEqual(git(b, "rev-parse", "--is-bare-repository").stdout.strip(), "true")
        self.assertVerifies(b)
        # not a dossier
        plain = self.path("srv", "plain.git")
        subprocess.run(["git", "init", "-q", "--bare", plain], check=True)
        w = self.path("w")
        subprocess.run(["git", "init", "-q", w], check=True)
        self.write("w/x.txt", "x\n")
        git(w, "add", "x.txt")
        git(w, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "x")
        git(w, "push", "-q", plain, "HEAD:refs/heads/main")
        r = run("clone", "file://" + plain, self.path("p"))
        self.assertNotEqual(r.code, 0)
        self.assertIn("not a dossier", r.err)
        self.assertFsck()

    # ---- concurrent comments --------------------------------------------

    def test_three_members_comment_concurrently(self):
        a, b, c = self.clone("a"), self.clone("b"), self.clone("c")
        self.comment(a, "most", "2025-07-01T10:00", "from most in a")
        self.comment(b, "hanoi", "2025-07-01T11:00", "from hanoi in b")
        # the same participant in a third clone: its id collides and is renumbered
        self.assertEqual(self.comment(c, "most", "2025-07-01T12:00", "from most in c", on="art_2"), "most-1")
        self.assertExit(self.sync(a), 0)
        r = self.sync(b)
        self.assertExit(r, 0)
        self.assertIn("1 event received, 1 sent", r.out)
        r = self.sync(c)
        self.assertExit(r, 0)
        self.assertIn("your comment 'most-1' is now 'most-2'", r.err)
        for repo in (a, b, c):
            self.assertExit(self.sync(repo), 0)
        r = self.sync(c)
        self.assertExit(r, 0)
        self.assertIn("already up to date", r.out)
        tips = {git(x, "rev-parse", "main").stdout for x in (a, b, c, self.server)}
        self.assertEqual(len(tips), 1)
        for repo in (a, b, c, self.server):
            cs = self.comments(repo)
            texts = sorted(x["text"] for x in cs)
            self.assertEqual(texts, ["from hanoi in b", "from most in a", "from most in c"])
            self.assertEqual(sorted(x["id"] for x in cs), ["hanoi-1", "most-1", "most-2"])
            self.assertVerifies(repo)
        # the replayed comment keeps its author and its legal time
        line = git(c, "log", "-1", "--format=%an|%aI|%(trailers:key=Dossier-Id,valueonly)", "main").stdout
        self.assertTrue(line.startswith("Bộ Khoa học và Công nghệ"), line)
        self.assertIn("2025-07-01T12:00:00+07:00", line)
        self.assertIn("most-2", line)
        self.assertEqual(git(a, "status", "--porcelain").stdout, "")
        self.assertFsck()

    def test_sync_behind_fast_forwards(self):
        a, b = self.clone("a"), self.clone("b")
        self.comment(a, "most", "2025-07-01T10:00", "one")
        self.assertExit(self.sync(a), 0)
        before = git(b, "rev-parse", "main").stdout
        r = self.sync(b)
        self.assertExit(r, 0)
        self.assertIn("1 event received, 0 sent", r.out)
        self.assertNotEqual(git(b, "rev-parse", "main").stdout, before)
        self.assertEqual(git(b, "rev-parse", "main").stdout, git(self.server, "rev-parse", "main").stdout)
        self.assertEqual(git(b, "status", "--porcelain").stdout, "")
        # the record arrived; like every record it stays in git, not on disk (docs/git-store.md)
        self.assertRegex(git(b, "ls-files", "comments").stdout, r"comments/[0-9a-f]{2}/most-1\.json")
        self.assertFalse(os.path.exists(os.path.join(b, "comments")))
        self.assertFsck()

    def test_bulk_responses_are_replayed_on_a_moved_remote(self):
        """A respond-many event (issue 13): the drafter answers two comments at
        once offline while a member comments; sync replays the answers on top,
        the hook accepts them, and the history verifies."""
        a, m = self.clone("a"), self.clone("m")
        self.comment(a, "most", "2025-07-01T10:00", "one")
        self.comment(a, "most", "2025-07-01T11:00", "two", on="art_2")
        self.assertExit(self.sync(a), 0)
        self.assertExit(self.sync(m), 0)
        r = self.d(m, "moc", "2025-07-02T09:00", "respond", "most-1", "most-2", "--accept", "--reason", "Tiếp thu.")
        self.assertExit(r, 0)
        self.comment(a, "hanoi", "2025-07-02T10:00", "three")
        self.assertExit(self.sync(a), 0)
        r = self.sync(m)
        self.assertExit(r, 0)
        self.assertIn("1 event received, 1 sent", r.out)
        self.assertIn("your responses (made at 2025-07-02T09:00:00+07:00) follow the remote's event", r.err)
        log = self.server_log()
        self.assertIn("moc answers 2 comments (2 accepted)", log[0])
        body = git(self.server, "log", "-1", "--format=%B", "main").stdout
        self.assertIn("Dossier-Event: respond-many", body)
        self.assertIn("Dossier-Time: 2025-07-02T10:00:00+07:00", body)
        for repo in (self.server, m):
            cs = {c["id"]: c for c in self.comments(repo)}
            self.assertEqual(cs["most-1"]["response"]["disposition"], "accepted")
            self.assertEqual(cs["most-2"]["response"]["disposition"], "accepted")
            self.assertIsNone(cs["hanoi-1"].get("response"))
            self.assertVerifies(repo)
        self.assertFsck()

    def test_sync_with_nothing_to_do(self):
        a = self.clone("a")
        before = git(self.server, "rev-parse", "main").stdout
        r = self.sync(a)
        self.assertExit(r, 0)
        self.assertIn("already up to date", r.out)
        self.assertEqual(git(self.server, "rev-parse", "main").stdout, before)
        self.assertFsck()

    # ---- concurrent stage changes ------------------------------------------

    def test_two_drafters_advance_concurrently(self):
        a, b = self.clone("a"), self.clone("b")
        self.set_server_clock("2025-07-28T10:00")
        self.assertExit(self.d(a, "moc", "2025-07-26T09:00", "advance", "workshop"), 0)
        self.assertExit(self.d(b, "moc", "2025-07-26T10:00", "advance", "workshop"), 0)
        self.assertExit(self.sync(a), 0)
        local = git(b, "rev-parse", "main").stdout.strip()
        r = self.sync(b)
        self.assertExit(r, 3)
        theirs = git(a, "rev-parse", "--short=7", "main").stdout.strip()
        ours = local[:7]
        self.assertIn("cannot integrate your commit %s by moc" % ours, r.err)
        self.assertIn("advance 'member-comment' → 'workshop'", r.err)
        self.assertIn("commit %s by moc at 2025-07-26T09:00:00+07:00: advance 'member-comment' → 'workshop'"
                      % theirs, r.err)
        # all or nothing: main did not move; the local event is kept under a ref
        self.assertEqual(git(b, "rev-parse", "main").stdout.strip(), local)
        refs = git(b, "for-each-ref", "--format=%(refname) %(objectname)", "refs/dossier/unsynced/").stdout
        self.assertEqual(len(refs.splitlines()), 1, refs)
        name, oid = refs.split()
        self.assertEqual(oid, local)
        self.assertIn(name, r.err)
        self.assertIn("git log " + name, r.err)
        kept = git(b, "log", "-1", "--format=%s", name).stdout
        self.assertIn("advances the dossier from 'member-comment' to 'workshop'", kept)
        # the server has exactly one stage change
        self.assertEqual(sum("advances" in l and "workshop" in l for l in self.server_log()), 1)
        self.assertFsck()

    # ---- the hook -------------------------------------------------------------

    def test_member_pushing_a_stage_change_is_refused(self):
        a = self.clone("a")
        before = git(self.server, "rev-parse", "main").stdout
        member_advances(self, a)
        r = git(a, "push", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("remote:", r.stderr)
        self.assertIn("the workflow does not allow it", r.stderr)
        self.assertIn("pre-receive hook declined", r.stderr)
        # through dossier sync the same is refused before it leaves the clone
        r = self.sync(a)
        self.assertIn(r.code, (1, 3), repr(r))
        self.assertEqual(git(self.server, "rev-parse", "main").stdout, before)
        self.assertFsck()

    def test_late_comment_is_refused_offline_comment_on_time_accepted(self):
        a, b = self.clone("a"), self.clone("b")
        # most comments offline on 24 July and pushes on 25 July: on time
        self.comment(a, "most", "2025-07-24T16:00", "offline but on time")
        self.set_server_clock("2025-07-25T20:00")
        self.assertExit(self.sync(a), 0)
        # hanoi's comment claims 25 July but reaches the server on 26 July
        self.comment(b, "hanoi", "2025-07-25T10:00", "too late")
        self.set_server_clock("2025-07-26T09:00")
        before = git(b, "rev-parse", "main").stdout
        r = self.sync(b)
        self.assertExit(r, 3)
        self.assertRegex(r.err, r"remote: .*comment 'hanoi-1' by hanoi \(dated 2025-07-25T10:00:00\+07:00\) "
                                r"was received at 2025-07-26T09:00:00\+07:00, after the deadline "
                                r"2025-07-25T23:59:59\+07:00 of stage 'member-comment'")
        self.assertEqual(git(b, "rev-parse", "main").stdout, before)
        texts = [c["text"] for c in self.comments(self.server)]
        self.assertEqual(texts, ["offline but on time"])
        self.assertFsck()

    def test_refused_events_are_listed_left_out_and_dropped(self):
        a, b = self.clone("a"), self.clone("b")
        self.comment(a, "most", "2025-07-24T16:00", "on time")
        self.set_server_clock("2025-07-25T20:00")
        self.assertExit(self.sync(a), 0)
        self.comment(b, "hanoi", "2025-07-25T10:00", "too late")
        self.set_server_clock("2025-07-26T09:00")
        before = git(b, "rev-parse", "main").stdout.strip()
        r = self.sync(b)
        self.assertExit(r, 3)
        self.assertIn("'dossier sync --refused' lists them", r.err)
        # the refused comment is left out of the counts; the server's are in
        st = run("-C", b, "--now", "2025-07-26T09:00", "status", "--json").json()
        self.assertEqual((st["comments"], st["unanswered"], st["refused"]), (1, 1, 1))
        self.assertIn("refused:    1 local event", run("-C", b, "--now", "2025-07-26T09:00", "status").out)
        r = run("-C", b, "sync", "--refused")
        self.assertExit(r, 0)
        self.assertRegex(r.out, r"^%s comment hanoi-1 by hanoi at 2025-07-25T10:00:00\+07:00\n" % before[:7])
        self.assertEqual(git(b, "rev-parse", "main").stdout.strip(), before)
        r = run("-C", b, "sync", "--drop-refused")
        self.assertExit(r, 0)
        kept = r.out.split("kept at '")[1].split("'")[0]
        self.assertTrue(kept.startswith("refs/dossier/refused/"), r.out)
        # nothing lost: the ref keeps it; main is the server's, the draft too
        self.assertEqual(git(b, "rev-parse", kept).stdout.strip(), before)
        self.assertEqual(git(b, "rev-parse", "main").stdout, git(self.server, "rev-parse", "main").stdout)
        self.assertEqual([c["id"] for c in self.comments(b)], ["most-1"])
        st = run("-C", b, "status", "--json").json()
        self.assertEqual((st["comments"], st["refused"]), (1, 0))
        self.assertIn("no refused events", run("-C", b, "sync", "--refused").out)
        self.assertIn("already up to date", self.sync(b).out)
        self.assertVerifies(b)
        self.assertFsck()

    def test_events_made_after_a_refusal_stay_when_it_is_dropped(self):
        b = self.clone("b")
        self.comment(b, "hanoi", "2025-07-25T10:00", "too late")
        self.set_server_clock("2025-07-26T09:00")
        self.assertExit(self.sync(b), 3)
        # the drafter's answer to nothing refused: made after the refusal, it stays
        r = self.d(b, "moc", "2025-07-26T10:00", "advance", "workshop")
        self.assertExit(r, 0)
        st = run("-C", b, "--now", "2025-07-26T10:00", "status", "--json").json()
        self.assertEqual((st["stage"], st["comments"], st["refused"]), ("workshop", 0, 1))
        r = run("-C", b, "sync", "--drop-refused")
        self.assertExit(r, 0)
        self.assertEqual(self.comments(b), [])
        st = run("-C", b, "--now", "2025-07-26T10:00", "status", "--json").json()
        self.assertEqual((st["stage"], st["refused"]), ("workshop", 0))
        self.set_server_clock("2025-07-26T11:00")
        self.assertExit(self.sync(b), 0)
        self.assertVerifies(self.server)
        self.assertFsck()

    def test_force_push_and_deletion_are_refused(self):
        a, b = self.clone("a"), self.clone("b")
        self.comment(a, "most", "2025-07-01T10:00", "one")
        self.assertExit(self.sync(a), 0)
        self.comment(b, "hanoi", "2025-07-02T10:00", "rewrites history")
        r = git(b, "push", "--force", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("never rewritten (no force-push)", r.stderr)
        r = git(b, "push", "origin", ":main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("never deleted", r.stderr)
        r = git(a, "push", "origin", "main:refs/heads/other")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("only 'main' and the revision tags", r.stderr)
        r = git(a, "push", "--force", "origin", "main:refs/tags/v1")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("never moved", r.stderr)
        self.assertEqual(len(self.comments(self.server)), 1)
        self.assertFsck()

    def test_deleting_a_record_is_refused(self):
        a = self.clone("a")
        self.comment(a, "most", "2025-07-01T10:00", "to be deleted")
        self.assertExit(self.sync(a), 0)
        record = git(a, "ls-files", "comments").stdout.strip()
        self.assertTrue(record.endswith("most-1.json"), record)
        self.assertEqual(git(a, "rm", "-q", "--sparse", record).returncode, 0)
        make_event(self, a, "most", "Bộ Khoa học và Công nghệ (Ministry of Science and Technology)",
                   "vanthu@most.gov.vn", "comment", "2025-07-02T10:00:00+07:00", "member-comment",
                   "Dossier-Id: most-2\nDossier-Revision: v1\n", lambda s: s)
        r = git(a, "push", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("does not delete '%s'" % record, r.stderr)
        self.assertEqual(len(self.comments(self.server)), 1)
        self.assertFsck()

    def test_pusher_must_be_the_author(self):
        a = self.clone("a")
        self.comment(a, "most", "2025-07-01T10:00", "by most")
        r = git(a, "push", "-o", "dossier-as=hanoi", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("authenticated as 'hanoi' (push option dossier-as)", r.stderr)
        r = git(a, "push", "-o", "dossier-as=nobody", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("'nobody' is not a participant", r.stderr)
        r = git(a, "push", "-o", "dossier-as=vanthu@most.gov.vn", "origin", "main")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFsck()

    def test_remote_moving_during_the_push_is_retried(self):
        a = self.clone("a")
        self.comment(a, "most", "2025-07-01T10:00", "mine")
        # the first time the hook runs, another member's comment lands on the
        # server's main before git moves it: the push fails, sync starts again
        mark = self.path("moved-once")
        hook = os.path.join(self.server, "hooks", "pre-receive")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nDOSSIER_NOW='2025-07-20T10:00'\nexport DOSSIER_NOW\n"
                    "if [ ! -e '%s' ]; then\n  touch '%s'\n"
                    "  env -u GIT_DIR -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES "
                    "-u GIT_QUARANTINE_PATH '%s' -C '%s' --as hanoi --now 2025-07-01T11:00 "
                    "comment --on general --text 'meanwhile' >/dev/null\nfi\n"
                    "exec '%s' hook pre-receive\n" % (mark, mark, clitest.BIN, self.server, clitest.BIN))
        r = self.sync(a)
        self.assertExit(r, 0)
        self.assertTrue(os.path.exists(mark))
        self.assertIn("1 event received, 1 sent (replayed", r.out)
        self.assertEqual(sorted(c["text"] for c in self.comments(self.server)), ["meanwhile", "mine"])
        self.assertEqual(git(a, "rev-parse", "main").stdout, git(self.server, "rev-parse", "main").stdout)
        self.assertVerifies(self.server)
        self.assertFsck()

    def test_revision_tags_are_pushed(self):
        a, b = self.clone("a"), self.clone("b")
        self.set_server_clock("2025-07-28T10:00")
        self.assertExit(self.d(a, "moc", "2025-07-26T09:00", "advance", "workshop"), 0)
        self.assertExit(self.d(a, "moc", "2025-07-27T09:00", "advance", "submission"), 0)
        v2 = self.write("v2.txt", DRAFT.replace("công nghệ số", "công nghệ số và dữ liệu"))
        r = self.d(a, "moc", "2025-07-27T10:00", "revise", v2)
        self.assertExit(r, 0)
        self.assertEqual(r.out.strip(), "v2")
        self.assertExit(self.sync(a), 0)
        self.assertEqual(git(self.server, "rev-parse", "v2").stdout, git(a, "rev-parse", "v2").stdout)
        self.assertExit(self.sync(b), 0)
        self.assertEqual(git(b, "rev-parse", "v2").stdout, git(a, "rev-parse", "v2").stdout)
        self.assertVerifies(b)
        self.assertVerifies(self.server)
        self.assertFsck()


class FileRemoteTest(clitest.TestCase):
    """file:// remotes: no server, no hook; the clients' own checks."""

    def assertFsck(self, repo):
        r = git(repo, "fsck", "--no-progress", "--strict")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)

    def test_sync_through_a_file_remote(self):
        server = self.path("shared.git")
        draft = self.write("draft.txt", DRAFT)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", server, "--workflow", WF), 0)
        self.assertExit(run("-C", server, "--as", "moc", "--now", "2025-06-25T10:00", "revise", draft), 0)
        self.assertExit(run("-C", server, "--as", "moc", "--now", "2025-06-26T08:00", "advance", "member-comment"), 0)
        url = "file://" + server
        a, b = self.path("a"), self.path("b")
        self.assertExit(run("clone", url, a), 0)
        self.assertExit(run("clone", "--bare", url, b), 0)
        self.assertExit(run("-C", a, "--as", "mof", "--now", "2025-07-02", "comment", "--on", "general",
                            "--text", "from a"), 0)
        self.assertExit(run("-C", b, "--as", "vnpt", "--now", "2025-07-03", "comment", "--on", "art_2",
                            "--text", "from b"), 0)
        # a folder runs no hook: the clone checks the push, by its own clock
        self.assertExit(run("-C", a, "--now", "2025-07-04", "sync"), 0)
        self.assertExit(run("-C", b, "--now", "2025-07-04", "sync", url), 0)
        self.assertExit(run("-C", a, "--now", "2025-07-04", "sync"), 0)
        for repo in (a, b, server):
            cs = run("-C", repo, "comments", "--json").json()["comments"]
            self.assertEqual(sorted(c["id"] for c in cs), ["mof-1", "vnpt-1"])
            self.assertExit(run("-C", repo, "verify"), 0)
        self.assertFsck(server)

    def test_first_push_to_an_empty_server(self):
        # an empty repository made by the server's administrator, HEAD still 'master'
        server = self.path("empty.git")
        subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=master", server], check=True)
        mine = self.path("mine")
        draft = self.write("draft.txt", DRAFT)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", mine, "--workflow", WF), 0)
        self.assertExit(run("-C", mine, "--as", "moc", "--now", "2025-06-25T10:00", "revise", draft), 0)
        r = run("-C", mine, "sync", "file://" + server)
        self.assertExit(r, 0)
        self.assertIn("2 sent", r.out)
        self.assertEqual(subprocess.run(["git", "-C", server, "rev-parse", "v1"], capture_output=True,
                                        text=True).stdout,
                         subprocess.run(["git", "-C", mine, "rev-parse", "v1"], capture_output=True,
                                        text=True).stdout)
        other = self.path("other")
        r = run("clone", "file://" + server, other)
        self.assertExit(r, 0)
        self.assertIn("2 events, stage 'drafting'", r.out)
        self.assertFsck(server)

    def test_a_remote_history_that_breaks_the_workflow_is_refused(self):
        # a file:// remote runs no hook: a member's clone can push anything there
        server = self.path("shared.git")
        draft = self.write("draft.txt", DRAFT)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", server, "--workflow", WF), 0)
        self.assertExit(run("-C", server, "--as", "moc", "--now", "2025-06-25T10:00", "revise", draft), 0)
        self.assertExit(run("-C", server, "--as", "moc", "--now", "2025-06-26T08:00", "advance", "member-comment"), 0)
        a, b = self.path("a"), self.path("b")
        self.assertExit(run("clone", "file://" + server, a), 0)
        self.assertExit(run("clone", "file://" + server, b), 0)
        member_advances(self, a)
        bad = git(a, "rev-parse", "main").stdout.strip()
        self.assertEqual(git(a, "push", "-q", "origin", "main").returncode, 0)
        self.assertExit(run("-C", b, "--as", "hanoi", "--now", "2025-07-20", "comment", "--on", "general",
                            "--text", "mine"), 0)
        before = git(b, "rev-parse", "main").stdout
        r = run("-C", b, "sync")
        self.assertExit(r, 1)
        self.assertIn("commit %s" % bad[:12], r.err)
        self.assertIn("the workflow does not allow it", r.err)
        self.assertIn("breaks the workflow; nothing was integrated", r.err)
        self.assertEqual(git(b, "rev-parse", "main").stdout, before)
        # a fresh clone of it is refused too
        r = run("clone", "file://" + server, self.path("c"))
        self.assertExit(r, 1)
        self.assertIn("commit %s" % bad[:12], r.err)
        self.assertFsck(server)

    def test_a_folder_remote_is_checked_as_the_server_would(self):
        # issue 13 item 10: a comment synced ten months late through a shared folder
        server = self.path("shared")
        draft = self.write("draft.txt", DRAFT)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", server, "--workflow", WF), 0)
        self.assertExit(run("-C", server, "--as", "moc", "--now", "2025-06-25T10:00", "revise", draft), 0)
        self.assertExit(run("-C", server, "--as", "moc", "--now", "2025-06-26T08:00", "advance", "member-comment"), 0)
        a = self.path("a")
        self.assertExit(run("clone", server, a), 0)
        self.assertExit(run("-C", a, "--as", "hanoi", "--now", "2025-07-20", "comment", "--on", "general",
                            "--text", "written on time, synced ten months late"), 0)
        before = git(server, "rev-parse", "main").stdout
        for remote in ("origin", server, "file://" + server):
            r = run("-C", a, "--now", "2026-05-20", "sync", remote)
            self.assertExit(r, 3)
            self.assertIn("[late-comment]", r.err)
            self.assertIn("comment 'hanoi-1' by hanoi (dated 2025-07-20T00:00:00+07:00) was received at "
                          "2026-05-20T00:00:00+07:00", r.err)
            self.assertIn("a folder runs no hook, so this clone checked the push", r.err)
            self.assertEqual(git(server, "rev-parse", "main").stdout, before)
        self.assertEqual(run("-C", a, "sync", "--refused").out.count(" comment hanoi-1 "), 1)
        # on time by the same clock, it goes through
        r = run("-C", a, "--now", "2025-07-21", "sync")
        self.assertExit(r, 0)
        self.assertIn("1 sent", r.out)
        self.assertFsck(server)

    def test_url_rewriting_from_git_config(self):
        server = self.path("shared.git")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", server, "--workflow", WF), 0)
        home = self.path("home")
        self.write("home/.gitconfig", '[url "file://%s/"]\n\tinsteadOf = group:\n' % self.tmp)
        r = run("clone", "group:shared.git", self.path("a"), env={"HOME": home})
        self.assertExit(r, 0)
        r = run("-C", self.path("a"), "sync", env={"HOME": home})
        self.assertExit(r, 0)
        self.assertIn("already up to date", r.out)
        self.assertFsck(server)

    def test_unknown_remote(self):
        server = self.path("shared.git")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", server, "--workflow", WF), 0)
        r = run("-C", server, "sync", "nowhere")
        self.assertExit(r, 2)
        self.assertIn("no remote 'nowhere'", r.err)
        self.assertFsck(server)


if __name__ == "__main__":
    clitest.main()
