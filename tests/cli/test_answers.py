"""Answers in bulk (issue 13, item 5): `dossier respond ID...`,
`respond --file ANSWERS.csv` and `respond --on EID` answer many comments as
one event, one commit, all or nothing, on a real dossier (the report
scenario's workflow and draft, tests/fixtures/report).

Every scenario checks the commits the branch gained (one, or none when
anything is wrong), the records through `comments --json`, the event
through `log --json`, and `verify` on the result.
"""
import json
import os
import shutil
import subprocess
import tempfile

import clitest
from clitest import run

FIX = os.path.join(clitest.FIXTURES, "report")
WF = os.path.join(FIX, "workflow.yaml")

# (who, when, eId, text)
COMMENTS = [
    ("most", "2025-07-01T09:00", "art_2__para_1", "Đề nghị bổ sung dữ liệu cảm biến."),
    ("mof", "2025-07-02T10:00", "art_4", "Đề nghị bỏ Điều 4."),
    ("hanoi", "2025-07-02T11:00", "art_1", "Nhất trí."),
    ("most", "2025-07-02T12:00", "art_1", "Làm rõ phạm vi."),
    ("fpt", "2025-07-03T08:00", "art_1", "Bổ sung doanh nghiệp."),
    ("hanoi", "2025-07-03T09:00", "general", "Nhất trí với dự thảo."),
]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True, timeout=60)


class AnswersTest(clitest.TestCase):
    base = None

    @classmethod
    def setUpClass(cls):
        cls.base = tempfile.mkdtemp(prefix="dossier-answers-")
        repo = os.path.join(cls.base, "dossier")

        def act(who, when, *args):
            r = run("-C", repo, "--as", who, "--now", when, *args)
            if r.code != 0:
                raise AssertionError("%s %s: %r" % (who, args, r))

        r = run("--as", "moc", "--now", "2025-06-20T09:00", "init", repo, "--workflow", WF)
        if r.code != 0:
            raise AssertionError(repr(r))
        act("moc", "2025-06-25T10:00", "revise", os.path.join(FIX, "draft-v1.txt"))
        act("moc", "2025-06-26T08:00", "advance", "comment")
        for who, when, on, text in COMMENTS:
            act(who, when, "comment", "--on", on, "--text", text)
        act("moc", "2025-07-10T08:00", "advance", "finishing")
        cls.template = repo

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        shutil.copytree(self.template, self.repo, symlinks=True)

    def d(self, *args, who="moc", now="2025-07-11T09:00"):
        return run("-C", self.repo, "--as", who, "--now", now, *args)

    def head(self):
        return git(self.repo, "rev-parse", "main").stdout.strip()

    def commits(self):
        return int(git(self.repo, "rev-list", "--count", "main").stdout)

    def comments(self):
        return {c["id"]: c for c in run("-C", self.repo, "comments", "--json").json()["comments"]}

    def assertVerifies(self):
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 0)

    def assertNothingWritten(self, head, before):
        self.assertEqual(self.head(), head)
        self.assertEqual(self.commits(), before)
        self.assertEqual(git(self.repo, "status", "--porcelain").stdout, "")
        for c in self.comments().values():
            self.assertIsNone(c.get("response"))

    # ---- several ids -------------------------------------------------------

    def test_several_ids_are_one_event(self):
        before = self.commits()
        r = self.d("respond", "most-2", "hanoi-1", "fpt-1", "--note", "--reason", "Ghi nhận.")
        self.assertExit(r, 0)
        self.assertEqual(r.out.splitlines(), ["most-2: noted", "hanoi-1: noted", "fpt-1: noted"])
        self.assertEqual(self.commits(), before + 1)
        cs = self.comments()
        for cid in ("most-2", "hanoi-1", "fpt-1"):
            self.assertEqual(cs[cid]["response"]["disposition"], "noted")
            self.assertEqual(cs[cid]["response"]["reason"], "Ghi nhận.")
        self.assertIsNone(cs["most-1"].get("response"))
        log = run("-C", self.repo, "log", "--json").json()["events"]
        last = log["events"][-1] if isinstance(log, dict) else log[-1]
        self.assertEqual(last["event"], "respond-many")
        self.assertIn("answers 3 comments (3 noted)", last["subject"])
        # the commit changes the three response records and the state, nothing else
        files = git(self.repo, "show", "--name-only", "--format=", "main").stdout.split()
        self.assertEqual(len([f for f in files if f.startswith("responses/")]), 3)
        self.assertEqual(sorted(f for f in files if not f.startswith("responses/")), ["state.json"])
        st = run("-C", self.repo, "status", "--json").json()
        self.assertEqual(st["comments"]["unanswered"] if isinstance(st["comments"], dict) else st["unanswered"], 3)
        self.assertVerifies()

    def test_one_id_is_an_ordinary_respond_event(self):
        r = self.d("respond", "most-1", "--accept", "--reason", "Tiếp thu.")
        self.assertExit(r, 0)
        self.assertEqual(r.out, "most-1: accepted\n")
        self.assertIn("Dossier-Event: respond\nDossier-Actor: moc", git(self.repo, "log", "-1", "--format=%B").stdout)
        self.assertIn("Dossier-Id: most-1", git(self.repo, "log", "-1", "--format=%B").stdout)
        self.assertVerifies()

    def test_an_unknown_id_refuses_the_whole_set(self):
        head, before = self.head(), self.commits()
        r = self.d("respond", "most-1", "most-9", "mof-1", "--accept", "--reason", "Tiếp thu.")
        self.assertExit(r, 2)
        self.assertIn("no comment 'most-9'", r.err)
        self.assertIn("nothing was answered", r.err)
        self.assertNothingWritten(head, before)

    def test_a_comment_named_twice_is_refused(self):
        head, before = self.head(), self.commits()
        r = self.d("respond", "most-1", "mof-1", "most-1", "--note", "--reason", "x")
        self.assertExit(r, 2)
        self.assertIn("'most-1' is answered twice", r.err)
        self.assertNothingWritten(head, before)

    def test_a_member_is_refused(self):
        head, before = self.head(), self.commits()
        r = self.d("respond", "most-1", "mof-1", "--note", "--reason", "x", who="most")
        self.assertExit(r, 3)
        self.assertNothingWritten(head, before)

    def test_dry_run_checks_and_writes_nothing(self):
        head, before = self.head(), self.commits()
        r = self.d("respond", "most-1", "mof-1", "--reject", "--reason", "Giữ nguyên.", "--dry-run")
        self.assertExit(r, 0)
        self.assertIn("most-1  Điều 2 khoản 1 (art_2__para_1)  -> rejected", r.out)
        self.assertIn("would answer 2 comments as one event; nothing was written", r.out)
        self.assertNothingWritten(head, before)
        # the dry run checks on the dossier: an unknown comment fails it
        r = self.d("respond", "most-1", "nobody-1", "--note", "--reason", "x", "--dry-run")
        self.assertExit(r, 2)
        self.assertIn("no comment 'nobody-1'", r.err)

    def test_usage_mistakes(self):
        for args, msg in [
            (["respond", "most-1", "--accept", "--reject", "--reason", "x"], "exactly one of"),
            (["respond", "most-1", "mof-1", "--accept", "--reason", "x", "--text", "T"], "--text goes with one"),
            (["respond", "--file", "a.csv", "most-1"], "--file takes its answers"),
            (["respond", "--accept", "--reason", "x"], "which comments?"),
            (["respond", "most-1", "--on", "art_1", "--note", "--reason", "x"], "either comment ids or --on"),
            (["respond", "most-1", "--note", "--reason", "x", "--yes"], "--by and --yes go with --on"),
        ]:
            r = self.d(*args)
            self.assertExit(r, 2)
            self.assertIn(msg, r.err)

    # ---- an answers file ---------------------------------------------------

    def test_answers_file_is_one_event(self):
        f = self.write("answers.csv",
                       "comment,disposition,reason,adopted\n"
                       "most-1,tiếp thu,\"Tiếp thu, đã sửa\",\"1. Dữ liệu đô thị gồm dữ liệu cảm biến.\"\n"
                       "mof-1,reject,\"Giữ nguyên:\nĐiều 4 cần thiết.\",\n"
                       "\n"
                       "hanoi-1,Ghi nhận,,\n"
                       "most-2,partial,Tiếp thu một phần.,\"Phạm vi: đô thị loại I.\"\r\n")
        before = self.commits()
        r = self.d("respond", "--file", f)
        self.assertExit(r, 0)
        self.assertIn("answered 4 comments from", r.out)
        self.assertEqual(self.commits(), before + 1)
        cs = self.comments()
        self.assertEqual(cs["most-1"]["response"]["disposition"], "accepted")
        self.assertEqual(cs["most-1"]["response"]["adopted"], "1. Dữ liệu đô thị gồm dữ liệu cảm biến.")
        self.assertEqual(cs["mof-1"]["response"]["disposition"], "rejected")
        self.assertEqual(cs["mof-1"]["response"]["reason"], "Giữ nguyên:\nĐiều 4 cần thiết.")
        self.assertEqual(cs["hanoi-1"]["response"]["disposition"], "noted")
        self.assertEqual(cs["most-2"]["response"]["disposition"], "partial")
        self.assertEqual(cs["most-2"]["response"]["adopted"], "Phạm vi: đô thị loại I.")
        self.assertIn("Answered from 'answers.csv'.", git(self.repo, "log", "-1", "--format=%B").stdout)
        self.assertVerifies()

    def test_answers_file_without_a_header(self):
        f = self.write("answers.csv", "most-1,accept,Tiếp thu.\nmof-1,note,\n")
        self.assertExit(self.d("respond", "--file", f), 0)
        cs = self.comments()
        self.assertEqual(cs["most-1"]["response"]["disposition"], "accepted")
        self.assertEqual(cs["mof-1"]["response"]["disposition"], "noted")
        self.assertVerifies()

    def test_a_bad_line_refuses_the_file_with_its_line(self):
        f = self.write("answers.csv",
                       "comment,disposition,reason\n"
                       "most-1,accept,Tiếp thu.\n"
                       "mof-1,reject,\n"
                       "most-9,note,x\n"
                       "hanoi-1,accept,ok\n")
        head, before = self.head(), self.commits()
        r = self.d("respond", "--file", f)
        self.assertExit(r, 2)
        self.assertIn("answers.csv:3: error: the rejection of 'mof-1' needs a reason", r.err)
        self.assertNothingWritten(head, before)
        # fixed, the next problem is the unknown comment, on its own line
        f = self.write("answers.csv",
                       "comment,disposition,reason\nmost-1,accept,Tiếp thu.\nmof-1,reject,Giữ.\nmost-9,note,x\n")
        r = self.d("respond", "--file", f)
        self.assertExit(r, 2)
        self.assertIn("answers.csv:4: error: no comment 'most-9'", r.err)
        self.assertNothingWritten(head, before)

    def test_malformed_files_are_refused_with_the_line(self):
        head, before = self.head(), self.commits()
        for text, where, msg in [
            ("comment,disposition,reason\nmost-1,maybe,x\n", ":2:", 'unknown disposition "maybe"'),
            ("comment,disposition,reason\nmost-1,accept\n", ":2:", "2 fields where the header has 3"),
            ("comment,disposition,reason\nmost-1,accept,\"open\n", ":2:", "a quoted field is not closed"),
            ("comment,disposition,reason\nmost-1,accept,x\nmost-1,note,y\n", ":3:", "answered twice (first on line 2)"),
            ("comment,reason\nmost-1,x\n", ":1:", "must name at least the columns 'comment' and 'disposition'"),
            ("comment,disposition,reason\nmost-1,accept,b\xe1\n".encode("latin-1").decode("utf-8", "surrogateescape"),
             ":2:", "invalid UTF-8"),
            ("", ":1:", "no answers"),
        ]:
            p = self.path("bad.csv")
            with open(p, "wb") as fh:
                fh.write(text.encode("utf-8", "surrogateescape"))
            r = self.d("respond", "--file", p)
            self.assertExit(r, 2)
            self.assertIn("bad.csv" + where, r.err)
            self.assertIn(msg, r.err)
        self.assertNothingWritten(head, before)

    def test_a_missing_file(self):
        r = self.d("respond", "--file", self.path("none.csv"))
        self.assertExit(r, 2)

    # ---- verify --------------------------------------------------------------

    def forge(self, records):
        """A respond-many commit made by hand with plain git: {comment id: record}."""
        env = dict(os.environ, GIT_INDEX_FILE=self.path("forged-index"),
                   GIT_AUTHOR_NAME="Bộ Xây dựng", GIT_AUTHOR_EMAIL="vanban@moc.gov.vn",
                   GIT_COMMITTER_NAME="Bộ Xây dựng", GIT_COMMITTER_EMAIL="vanban@moc.gov.vn",
                   GIT_AUTHOR_DATE="2025-07-11T09:00:00+07:00", GIT_COMMITTER_DATE="2025-07-11T09:00:00+07:00")

        def g(*args, input=None):
            r = subprocess.run(["git", "-C", self.repo] + list(args), capture_output=True, text=True,
                               env=env, input=input, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            return r.stdout.strip()

        g("read-tree", "main")
        names = g("ls-tree", "-r", "--name-only", "main", "comments").split()
        for cid, rec in records.items():
            path = [n for n in names if n.endswith("/%s.json" % cid)][0].replace("comments/", "responses/")
            blob = g("hash-object", "-w", "--stdin", input=json.dumps(rec))
            g("update-index", "--add", "--cacheinfo", "100644,%s,%s" % (blob, path))
        tree = g("write-tree")
        msg = ("moc answers by hand\n\nDossier-Event: respond-many\nDossier-Actor: moc\n"
               "Dossier-Stage: finishing\nDossier-Time: 2025-07-11T09:00:00+07:00\n")
        commit = g("commit-tree", tree, "-p", "main", "-m", msg)
        g("update-ref", "refs/heads/main", commit)

    def record(self, cid, by="moc"):
        return {"format": 1, "comment": cid, "disposition": "noted", "reason": None, "adopted": None,
                "by": by, "time": "2025-07-11T09:00:00+07:00", "stage": "finishing", "revision": 1}

    def test_verify_checks_each_record_of_a_respond_many(self):
        self.forge({"most-1": self.record("most-1"), "mof-1": self.record("mof-1", by="most"),
                    "hanoi-1": self.record("most-2")})
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 1)
        self.assertIn("response 'mof-1' names 'most', the commit 'moc' [wrong-author]", r.err)
        self.assertIn("it answers 'most-2', not 'hanoi-1'", r.err)
        # the cached state was not moved by hand either
        self.assertIn("[state-mismatch]", r.err)

    def test_verify_refuses_a_respond_many_of_one(self):
        self.forge({"most-1": self.record("most-1")})
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 1)
        self.assertIn("a 'respond-many' event with 1 response (one is a 'respond' event)", r.err)

    # ---- a selection ----------------------------------------------------------

    def test_selection_previews_then_answers_with_yes(self):
        head, before = self.head(), self.commits()
        r = self.d("respond", "--on", "art_1", "--note", "--reason", "Ghi nhận.")
        self.assertExit(r, 0)
        lines = r.out.splitlines()
        self.assertEqual([l.split()[0] for l in lines[:-1]], ["hanoi-1", "most-2", "fpt-1"])
        self.assertIn("nothing was written (add --yes to answer them)", lines[-1])
        self.assertNothingWritten(head, before)
        # one of them answered meanwhile: the selection takes the open ones only
        self.assertExit(self.d("respond", "most-2", "--accept", "--reason", "Tiếp thu."), 0)
        r = self.d("respond", "--on", "Điều 1", "--note", "--reason", "Ghi nhận.", "--yes",
                   now="2025-07-11T10:00")
        self.assertExit(r, 0)
        self.assertEqual(r.out.splitlines(), ["hanoi-1: noted", "fpt-1: noted"])
        self.assertEqual(self.commits(), before + 2)
        cs = self.comments()
        self.assertEqual(cs["most-2"]["response"]["disposition"], "accepted")
        self.assertEqual(cs["fpt-1"]["response"]["disposition"], "noted")
        self.assertIsNone(cs["most-1"].get("response"))
        # by one participant only
        r = self.d("respond", "--on", "art_1", "--by", "hanoi", "--note", "--reason", "x", "--yes",
                   now="2025-07-11T11:00")
        self.assertExit(r, 2)
        self.assertIn("no open comment on 'art_1' by hanoi", r.err)
        self.assertVerifies()


if __name__ == "__main__":
    clitest.main()
