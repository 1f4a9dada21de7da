"""Legal times (issue 11, items 5 and 6).

An event's legal time is never earlier than the event before it on the
branch, nor than its stage's entry: a backdated action is refused (exit 3,
[backdated]), `verify` flags a backdated commit, and the server's hook
refuses it. A retry after a lost compare-and-swap takes the clock again (or,
with --now, is checked as it is). Times outside 1990-01-01 .. 2099-12-31
(in the workflow's zone) are refused wherever they come from: --now and
DOSSIER_NOW (exit 2), and the trailers and records `verify` reads.
"""
import json
import os
import re
import subprocess
import time
import unittest

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")

DRAFT = """NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số.
"""

MOC = ("Bộ Xây dựng (Ministry of Construction)", "vanban@moc.gov.vn")
MOST = ("Bộ Khoa học và Công nghệ (Ministry of Science and Technology)", "vanthu@most.gov.vn")


def git(repo, *args, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True, env=e)


# DOSSIER_TEST_SLEEP is a test seam (meson option test_seams): the tests
# of a lost race need a build that has it (docs/git-store.md, "Test seams").
SEAMS = unittest.skipUnless(os.environ.get("DOSSIER_TEST_SEAMS") == "1",
                            "the build has no test seams (meson option test_seams)")


class TimeTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)

    def d(self, *args, who="moc", now=None, env=None, repo=None):
        pre = ["-C", repo or self.repo, "--as", who]
        if now:
            pre += ["--now", now]
        return run(*(pre + list(args)), env=env)

    def open_round(self, repo=None, bare=False):
        """A dossier opened 2025-06-20, v1 on 25 June, the comment round from 26 June 08:00."""
        repo = repo or self.repo
        args = ["--as", "moc", "--now", "2025-06-20T09:00", "init", repo, "--workflow", WF]
        if bare:
            args.append("--bare")
        self.assertExit(run(*args), 0)
        self.assertExit(self.d("revise", self.draft, now="2025-06-25T10:00", repo=repo), 0)
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00", repo=repo), 0)

    def tip(self, repo=None):
        return git(repo or self.repo, "rev-parse", "main").stdout.strip()

    def times(self, repo=None):
        out = git(repo or self.repo, "log", "--reverse", "--format=%at", "main").stdout
        return [int(x) for x in out.split()]

    def assertNothingWritten(self, before, repo=None):
        self.assertEqual(self.tip(repo), before)
        self.assertEqual(git(repo or self.repo, "status", "--porcelain").stdout, "")

    # ---- item 5: the action -------------------------------------------------

    def test_a_comment_before_its_stage_opened_is_refused(self):
        self.open_round()
        before = self.tip()
        r = self.d("comment", "--on", "art_1", "--text", "sớm", who="most", now="2025-06-26T07:59")
        self.assertExit(r, 3)
        self.assertIn("error: the time 2025-06-26T07:59:00+07:00 is before the dossier's last event", r.err)
        self.assertIn("[backdated]", r.err)
        self.assertIn("hint: an event's legal time never goes back: give --now a time at or after "
                      "2025-06-26T08:00:00+07:00", r.err)
        self.assertNothingWritten(before)

    def test_a_comment_dated_2020_in_a_dossier_of_2025_is_refused(self):
        self.open_round()
        before = self.tip()
        r = self.d("comment", "--on", "art_1", "--text", "cũ", who="most", now="2020-01-01")
        self.assertExit(r, 3)
        self.assertIn("[backdated]", r.err)
        self.assertNothingWritten(before)

    def test_a_response_before_its_comment_is_refused(self):
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00"), 0)
        before = self.tip()
        r = self.d("respond", "most-1", "--note", "--reason", "Ghi nhận.", now="2025-07-01T08:59:59")
        self.assertExit(r, 3)
        self.assertRegex(r.err, r"is before the dossier's last event \(commit [0-9a-f]{12}, comment 'most-1' by "
                                r"most at 2025-07-01T09:00:00\+07:00\) \[backdated\]")
        self.assertNothingWritten(before)
        # the same second is not earlier
        self.assertExit(self.d("respond", "most-1", "--note", "--reason", "Ghi nhận.", now="2025-07-01T09:00"), 0)
        self.assertExit(run("-C", self.repo, "verify"), 0)

    def test_every_action_is_checked(self):
        self.open_round()
        before = self.tip()
        for args in (["advance", "workshop"], ["revise", self.draft], ["comment", "--on", "general", "--text", "x"]):
            who = "most" if args[0] == "comment" else "moc"
            r = self.d(*args, who=who, now="2025-06-01")
            self.assertExit(r, 3)
            self.assertIn("[backdated]", r.err)
        imp = self.write("imp.jsonl", json.dumps({"author_name": "An", "on": "general", "text": "x",
                                                  "received": "2025-06-26T09:00"}) + "\n")
        r = self.d("import", imp, now="2025-06-25")
        self.assertExit(r, 3)
        self.assertIn("[backdated]", r.err)
        self.assertNothingWritten(before)

    def test_a_clock_behind_the_dossier_is_refused(self):
        # a dossier rehearsed in the future, then used with the real clock
        self.assertExit(run("--as", "moc", "--now", "2099-01-01", "init", self.repo, "--workflow", WF), 0)
        before = self.tip()
        r = self.d("revise", self.draft)
        self.assertExit(r, 3)
        self.assertIn("[backdated]", r.err)
        self.assertIn("hint: this machine's clock is behind the dossier's last event", r.err)
        self.assertNothingWritten(before)

    def test_a_clock_a_little_behind_takes_the_last_events_time(self):
        # another machine's clock two minutes ahead of ours made the last event
        ahead = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 120))
        self.assertExit(run("--as", "moc", "--now", ahead, "init", self.repo, "--workflow", WF), 0)
        r = self.d("revise", self.draft)
        self.assertExit(r, 0)
        t = self.times()
        self.assertEqual(t[1], t[0])
        self.assertExit(run("-C", self.repo, "verify"), 0)

    # ---- item 5: concurrency ---------------------------------------------------

    def slow(self, *args, who="moc", now=None):
        """Start an action that waits 4 s before moving the branch (once)."""
        pre = ["-C", self.repo, "--as", who] + (["--now", now] if now else [])
        e = dict(os.environ)
        for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW"):
            e.pop(k, None)
        e["DOSSIER_TEST_SLEEP"] = "before-ref:4"
        return subprocess.Popen([clitest.BIN] + pre + list(args), env=e, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    @SEAMS
    def test_a_retry_takes_the_clock_again(self):
        # With the real clock: a slow respond loses the race to a later one and
        # retries on the new tip; its time is taken again, so the times stay in order.
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "a", who="most", now="2025-07-01T09:00"), 0)
        self.assertExit(self.d("comment", "--on", "art_2", "--text", "b", who="most", now="2025-07-01T09:01"), 0)
        p = self.slow("respond", "most-1", "--note", "--reason", "chậm")
        time.sleep(1.5)   # p has read the clock and waits before the ref; a later second begins
        r = self.d("respond", "most-2", "--note", "--reason", "nhanh")
        self.assertExit(r, 0)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        t = self.times()
        self.assertEqual(t, sorted(t), t)
        subjects = git(self.repo, "log", "-2", "--format=%s", "main").stdout.splitlines()
        self.assertEqual(subjects, ["moc notes most-1", "moc notes most-2"])
        self.assertExit(run("-C", self.repo, "verify"), 0)

    @SEAMS
    def test_a_retry_with_now_is_checked_against_the_new_tip(self):
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "a", who="most", now="2025-07-01T09:00"), 0)
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "b", who="most", now="2025-07-01T09:01"), 0)
        p = self.slow("respond", "most-1", "--note", "--reason", "chậm", now="2025-07-02T10:00")
        time.sleep(1.5)
        self.assertExit(self.d("respond", "most-2", "--note", "--reason", "nhanh", now="2025-07-02T11:00"), 0)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 3, err)
        self.assertIn("[backdated]", err)
        self.assertIn("2025-07-02T11:00:00+07:00", err)
        t = self.times()
        self.assertEqual(t, sorted(t))
        self.assertExit(run("-C", self.repo, "verify"), 0)

    # ---- item 5: verify and the hook -------------------------------------------

    def backdate_last(self, when, repo=None):
        """Rewrite the last commit (a comment or response) to claim `when`, as a forger would."""
        repo = repo or self.repo
        # the records stay in git, off the disk (docs/git-store.md): a forger
        # editing them by hand checks them all out first
        git(repo, "sparse-checkout", "disable")
        msg = git(repo, "log", "-1", "--format=%B", "main").stdout
        old = re.search(r"^Dossier-Time: (.*)$", msg, re.M).group(1)
        changed = git(repo, "show", "--name-only", "--format=", "main").stdout.split()
        for path in changed:
            if path.startswith(("comments/", "responses/")):
                full = os.path.join(repo, path)
                with open(full, encoding="utf-8") as f:
                    rec = f.read()
                with open(full, "w", encoding="utf-8") as f:
                    f.write(rec.replace(old, when))
                git(repo, "add", path)
        name, email = MOST if "Dossier-Actor: most" in msg else MOC
        env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": name,
               "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        r = git(repo, "commit", "-q", "--amend", "--reset-author", "-m", msg.replace(old, when), env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return self.tip(repo)

    def test_verify_flags_a_comment_dated_before_the_event_before_it(self):
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00"), 0)
        bad = self.backdate_last("2020-03-01T10:00:00+07:00")
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 1)
        self.assertRegex(r.err, r"commit %s: error: the comment event is dated 2020-03-01T10:00:00\+07:00, before "
                                r"the event before it \(commit [0-9a-f]{12}, dated 2025-06-26T08:00:00\+07:00\) "
                                r"\[backdated\]" % bad[:12])

    def test_verify_flags_a_response_dated_before_its_comment(self):
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00"), 0)
        self.assertExit(self.d("respond", "most-1", "--note", "--reason", "r", now="2025-07-02T09:00"), 0)
        bad = self.backdate_last("2025-07-01T08:00:00+07:00")
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 1)
        self.assertIn("commit %s: error: the respond event is dated 2025-07-01T08:00:00+07:00, before the event "
                      "before it" % bad[:12], r.err)
        self.assertIn("[backdated]", r.err)

    def test_an_event_before_its_stage_was_entered_is_refused(self):
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00"), 0)
        # a forged cached state claims the stage was entered later than the tip's event
        state = os.path.join(self.repo, "state.json")
        with open(state, encoding="utf-8") as f:
            s = f.read()
        self.assertIn('"entered": "2025-06-26T08:00:00+07:00",\n  "events"', s)
        with open(state, "w", encoding="utf-8") as f:
            f.write(s.replace('"entered": "2025-06-26T08:00:00+07:00",\n  "events"',
                              '"entered": "2025-07-05T08:00:00+07:00",\n  "events"', 1))
        git(self.repo, "add", "state.json")
        msg = git(self.repo, "log", "-1", "--format=%B", "main").stdout
        env = {"GIT_AUTHOR_DATE": "2025-07-01T09:00:00+07:00", "GIT_COMMITTER_DATE": "2025-07-01T09:00:00+07:00",
               "GIT_AUTHOR_NAME": MOST[0], "GIT_AUTHOR_EMAIL": MOST[1],
               "GIT_COMMITTER_NAME": MOST[0], "GIT_COMMITTER_EMAIL": MOST[1]}
        self.assertEqual(git(self.repo, "commit", "-q", "--amend", "--reset-author", "-m", msg, env=env).returncode, 0)
        before = self.tip()
        r = self.d("comment", "--on", "art_1", "--text", "y", who="most", now="2025-07-03T09:00")
        self.assertExit(r, 3)
        self.assertIn("error: the time 2025-07-03T09:00:00+07:00 is before stage 'member-comment' was entered at "
                      "2025-07-05T08:00:00+07:00 [backdated]", r.err)
        self.assertNothingWritten(before)
        self.assertExit(run("-C", self.repo, "verify"), 1)

    def server(self):
        """A bare dossier with the hook installed; pushes with plain git run it."""
        srv = self.path("srv.git")
        self.open_round(srv, bare=True)
        hook = os.path.join(srv, "hooks", "pre-receive")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nDOSSIER_NOW='2025-07-20T10:00'\nexport DOSSIER_NOW\nexec '%s' hook pre-receive\n"
                    % clitest.BIN)
        os.chmod(hook, 0o755)
        return srv

    def test_the_hook_refuses_a_backdated_push(self):
        srv = self.server()
        mine = self.path("mine")
        self.assertExit(run("clone", "file://" + srv, mine), 0)
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00",
                               repo=mine), 0)
        self.backdate_last("2025-06-01T09:00:00+07:00", repo=mine)
        before = self.tip(srv)
        r = git(mine, "push", srv, "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("remote:", r.stderr)
        self.assertIn("[backdated]", r.stderr)
        self.assertEqual(self.tip(srv), before)
        # and sync refuses it before it leaves the clone
        r = run("-C", mine, "sync")
        self.assertNotEqual(r.code, 0)
        self.assertEqual(self.tip(srv), before)

    # ---- item 5: sync keeps the order ----------------------------------------

    def test_an_offline_comment_replayed_after_a_later_event_takes_its_time(self):
        srv = self.path("shared.git")
        self.open_round(srv, bare=True)
        url = "file://" + srv
        a, b = self.path("a"), self.path("b")
        self.assertExit(run("clone", url, a), 0)
        self.assertExit(run("clone", url, b), 0)
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "offline", who="most",
                               now="2025-07-01T10:00", repo=a), 0)
        self.assertExit(self.d("comment", "--on", "art_2", "--text", "online", who="hanoi",
                               now="2025-07-01T11:00", repo=b), 0)
        self.assertExit(run("-C", b, "--now", "2025-07-02", "sync"), 0)
        r = run("-C", a, "--now", "2025-07-02", "sync")
        self.assertExit(r, 0)
        self.assertIn("your comment 'most-1' (made at 2025-07-01T10:00:00+07:00) follows the remote's event of "
                      "2025-07-01T11:00:00+07:00: its legal time is now 2025-07-01T11:00:00+07:00", r.err)
        for repo in (a, srv):
            t = self.times(repo)
            self.assertEqual(t, sorted(t))
            self.assertExit(run("-C", repo, "verify"), 0)
            cs = {c["id"]: c["time"] for c in run("-C", repo, "comments", "--json").json()["comments"]}
            self.assertEqual(cs, {"hanoi-1": "2025-07-01T11:00:00+07:00", "most-1": "2025-07-01T11:00:00+07:00"})

    # ---- item 6: the supported range ------------------------------------------

    def test_now_outside_the_supported_range_is_refused(self):
        for now in ("1970-01-01", "0001-01-01", "1989-12-31T23:59:59"):
            r = run("--as", "moc", "--now", now, "init", self.repo, "--workflow", WF)
            self.assertExit(r, 2)
            self.assertIn("error: invalid time '%s' in --now/DOSSIER_NOW: outside the supported range "
                          "1990-01-01 to 2099-12-31" % now, r.err)
            self.assertFalse(os.path.exists(self.repo))
            r = run("--as", "moc", "init", self.repo, "--workflow", WF, env={"DOSSIER_NOW": now})
            self.assertExit(r, 2)
            self.assertIn("outside the supported range", r.err)
            self.assertFalse(os.path.exists(self.repo))
        self.open_round()
        before = self.tip()
        for now in ("1970-01-01", "0001-01-01T00:00:00Z", "2099-12-31T23:59:59-12:00", "2106-02-08",
                    "9999-12-31"):
            r = self.d("comment", "--on", "art_1", "--text", "x", who="most", now=now)
            self.assertExit(r, 2)
            self.assertIn("in --now/DOSSIER_NOW: outside the supported range", r.err)
        self.assertNothingWritten(before)
        r = run("-C", self.repo, "--now", "0001-01-01", "plan")
        self.assertExit(r, 2)
        self.assertIn("error: invalid time '0001-01-01' in --now/DOSSIER_NOW: outside the supported range", r.err)
        r = run("--now", "1970-01-01", "plan", "--workflow", WF)
        self.assertExit(r, 2)
        self.assertIn("error: invalid time '1970-01-01' in --now/DOSSIER_NOW: outside the supported range", r.err)
        self.assertExit(run("-C", self.repo, "verify"), 0)

    def test_the_last_supported_day_works_and_verifies(self):
        self.assertExit(run("--as", "moc", "--now", "2099-12-31T23:00", "init", self.repo, "--workflow", WF), 0)
        self.assertExit(self.d("revise", self.draft, now="2099-12-31T23:59:59"), 0)
        self.assertExit(run("-C", self.repo, "verify"), 0)
        r = git(self.repo, "fsck", "--no-progress", "--strict")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("2099-12-31T23:59:59+07:00", git(self.repo, "log", "-1", "--format=%aI").stdout)

    def test_verify_flags_times_outside_the_range_in_trailers_and_records(self):
        self.open_round()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00"), 0)
        bad = self.backdate_last("1985-01-01T00:00:00+07:00")
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 1)
        self.assertIn("commit %s: error: invalid Dossier-Time '1985-01-01T00:00:00+07:00': outside the supported "
                      "range 1990-01-01 to 2099-12-31 [bad-time]" % bad[:12], r.err)
        self.assertIn("comment 'most-1' has the time 1985-01-01T00:00:00+07:00, outside the supported range "
                      "1990-01-01 to 2099-12-31 [bad-time]", r.err)   # its record's time too
        # readers still read the dossier: the record is there to be seen and fixed
        r = run("-C", self.repo, "comments", "--json")
        self.assertExit(r, 0)
        self.assertEqual([c["time"] for c in r.json()["comments"]], ["1985-01-01T00:00:00+07:00"])
        self.assertExit(run("-C", self.repo, "status"), 0)


if __name__ == "__main__":
    clitest.main()
