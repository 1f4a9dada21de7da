"""Nothing lost, nothing forged (issue 11, items 1 and 2): every string that
enters a record is checked at the boundary, and a bad one is refused with
exit 2 and its place (the option, FILE:LINE:COL, the CSV line and column),
with nothing written: the branch does not move and `git fsck --strict` stays
clean. A dossier that holds a bad record made by hand (or by an older
version) still lists, reports and consolidates every other comment, and
`verify` names the bad one with its path and commit.
"""
import json
import os
import subprocess

import clitest
from clitest import run
from test_dossier import DRAFT, WF, git


def raw(b):
    """An argument holding arbitrary bytes (subprocess encodes it back as they are)."""
    return os.fsdecode(b)


BAD = raw(b"x\xff\xfey")   # the reproduction


class InputBoundaryTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo,
                            "--workflow", WF), 0)
        self.assertExit(self.d("revise", self.draft, now="2025-06-25T10:00"), 0)
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)

    def d(self, *args, who="moc", now="2025-07-10T09:00", env=None):
        pre = ["-C", self.repo]
        if who:
            pre += ["--as", who]
        if now:
            pre += ["--now", now]
        return run(*(pre + list(args)), env=env)

    def head(self):
        return git(self.repo, "rev-parse", "main").stdout.strip()

    def assertNothingWritten(self, before):
        self.assertEqual(self.head(), before, "the branch moved")
        fsck = git(self.repo, "fsck", "--no-progress", "--strict")
        self.assertEqual(fsck.returncode, 0, fsck.stderr + fsck.stdout)
        self.assertExit(self.d("verify"), 0)

    def assertRefused(self, res, before, *needles):
        self.assertExit(res, 2)
        for n in needles:
            self.assertIn(n, res.err)
        self.assertNothingWritten(before)

    # ---- options ---------------------------------------------------------

    def test_comment_text_with_invalid_utf8_is_refused(self):
        before = self.head()
        r = self.d("comment", "--on", "art_1", "--text", BAD, who="most")
        self.assertRefused(r, before, "error: option '--text' holds invalid UTF-8 (byte 0xff) at character 2")
        self.assertIn("hint:", r.err)
        # The dossier still works, and reads.
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "đúng", who="most"), 0)
        self.assertExit(self.d("comments"), 0)

    def test_every_text_option_is_checked_and_named(self):
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "ok", who="most"), 0)
        before = self.head()
        cases = [
            (["comment", "--on", "art_1", "--text", "ok", "--propose", BAD], "most", "--propose"),
            (["comment", "--on", BAD, "--text", "ok"], "most", "--on"),
            (["comment", "--on", "art_1", "-t", raw(b"a\x01b")], "most", "--text"),
            (["respond", "most-1", "--reject", "--reason", BAD], "moc", "--reason"),
            (["respond", "most-1", "--partial", "--reason", "r", "--text", BAD], "moc", "--text"),
            (["advance", "review", "-m", BAD], "moc", "--message"),
            (["revise", self.draft, "-m", BAD], "moc", "--message"),
            (["comments", "--by", BAD], "moc", "--by"),
        ]
        for args, who, name in cases:
            with self.subTest(option=name, command=args[0]):
                r = self.d(*args, who=who)
                self.assertRefused(r, before, "option '%s' holds" % name)

    def test_init_title_is_checked(self):
        other = self.path("other")
        r = run("--as", "moc", "init", other, "--workflow", WF, "--title", raw(b"T\xc3"))
        self.assertExit(r, 2)
        self.assertIn("option '--title' holds invalid UTF-8 (byte 0xc3) at character 2", r.err)
        self.assertFalse(os.path.exists(other))

    def test_global_options_and_environment_are_checked(self):
        before = self.head()
        r = self.d("comment", "--on", "art_1", "--text", "x", who=raw(b"mo\xffst"))
        self.assertRefused(r, before, "option '--as' holds invalid UTF-8 (byte 0xff) at character 3")
        r = run("-C", self.repo, "comment", "--on", "art_1", "--text", "x",
                env={"DOSSIER_AS": raw(b"most\x1b"), "DOSSIER_NOW": "2025-07-10"})
        self.assertRefused(r, before, "environment variable 'DOSSIER_AS' holds control character U+001B")

    def test_paths_are_not_text(self):
        # A file name may be any bytes: -o and --file take it as it is.
        out = os.path.join(os.fsencode(self.tmp), b"r\xe9port.csv")
        r = self.d("report", "--format", "csv", "-o", os.fsdecode(out))
        self.assertExit(r, 0)
        self.assertTrue(os.path.exists(out))

    # ---- files -----------------------------------------------------------

    def test_revise_refuses_a_file_name_its_record_cannot_keep(self):
        before = self.head()
        name = os.path.join(os.fsencode(self.tmp), b"d\xf9 th\xe1o.txt")
        with open(name, "w", encoding="utf-8") as f:
            f.write(DRAFT)
        r = self.d("revise", os.fsdecode(name))
        self.assertExit(r, 2)
        self.assertIn("error: the file's name holds invalid UTF-8 (byte 0xf9) at character 2", r.err)
        self.assertIn("rename the file", r.err)
        self.assertNothingWritten(before)

    def test_comment_file_with_nul_is_refused_at_its_place(self):
        before = self.head()
        p = self.path("c.txt")
        with open(p, "wb") as f:
            f.write("Ý kiến\nthứ hai\x00 bị cắt\n".encode())
        r = self.d("comment", "--on", "art_1", "--file", p, who="most")
        self.assertRefused(r, before, "%s:2:8: error: a NUL byte" % p)

    def test_comment_file_with_invalid_utf8_is_refused_at_its_place(self):
        before = self.head()
        p = self.path("c.txt")
        with open(p, "wb") as f:
            f.write(b"line one\nlatin-1 caf\xe9\n")
        r = self.d("comment", "--on", "art_1", "--file", p, who="most")
        self.assertRefused(r, before, "%s:2:12: error: invalid UTF-8 (byte 0xe9)" % p)
        # Standard input too.
        proc = subprocess.run([clitest.BIN, "-C", self.repo, "--as", "most", "--now", "2025-07-10T09:00",
                               "comment", "--on", "art_1", "--file", "-"], input=b"ok\xff", capture_output=True)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(b"<stdin>:1:3: error: invalid UTF-8 (byte 0xff)", proc.stderr)
        self.assertNothingWritten(before)

    def test_comment_file_whole_text_is_kept(self):
        p = self.path("c.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write("Dòng một\n\tDòng hai\r\n\n")
        r = self.d("comment", "--on", "art_1", "--file", p, who="most")
        self.assertExit(r, 0)
        c = json.loads(self.d("comments", "--json").out)["comments"]
        self.assertEqual(c[0]["text"], "Dòng một\n\tDòng hai")

    # ---- import ----------------------------------------------------------

    def write_bytes(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def test_csv_with_invalid_utf8_names_line_and_column(self):
        before = self.head()
        p = self.write_bytes("portal.csv",
                             "author_name,on,text,received\n"
                             "Nguyễn Văn An,general,Ý kiến tốt,2025-07-01T08:00:00+07:00\n"
                             "Trần Thị Bình,art_1,\"Đề nghị\nsửa đổi ".encode() + b"\xff\xfe"
                             b"\",2025-07-02T08:00:00+07:00\n")
        r = self.d("import", p)
        self.assertExit(r, 2)
        self.assertIn("%s:4:9: error: column 'text' holds invalid UTF-8 (byte 0xff) [bad-text]" % p, r.err)
        self.assertIn("nothing was imported", r.err)
        self.assertNothingWritten(before)

    def test_csv_with_nul_names_line_and_column(self):
        before = self.head()
        p = self.write_bytes("portal.csv",
                             b"author_name,on,text,received\n"
                             b"An,general,ab\x00cd,2025-07-01T08:00:00+07:00\n")
        r = self.d("import", p)
        self.assertExit(r, 2)
        self.assertIn("%s:2:14: error: column 'text' holds a NUL byte [bad-text]" % p, r.err)
        self.assertNothingWritten(before)

    def test_csv_header_with_a_bad_byte(self):
        before = self.head()
        p = self.write_bytes("portal.csv", b"author_name,on,t\xe9xt,received\nAn,general,x,2025-07-01\n")
        r = self.d("import", p)
        self.assertExit(r, 2)
        self.assertIn("%s:1:17: error: the header holds invalid UTF-8 (byte 0xe9) [bad-text]" % p, r.err)
        self.assertNothingWritten(before)

    def test_csv_header_repeating_a_column(self):
        # Issue 11, item 11: refused, and (under ASan) without a leak.
        before = self.head()
        p = self.write_bytes("portal.csv",
                             "author_name,on,text,text,received\n"
                             "An,general,một,hai,2025-07-01T08:00:00+07:00\n".encode())
        r = self.d("import", p)
        self.assertExit(r, 2)
        self.assertIn("%s:1:21: error: column 'text' appears twice (first as column 3) [malformed-record]" % p,
                      r.err)
        self.assertNothingWritten(before)

    def test_jsonl_with_invalid_utf8_and_controls(self):
        before = self.head()
        p = self.write_bytes("portal.jsonl",
                             b'{"author_name": "An", "on": "general", "text": "ok", "received": "2025-07-01"}\n'
                             b'{"author_name": "B\xff", "on": "general", "text": "ok", "received": "2025-07-01"}\n'
                             b'{"author_name": "C", "on": "general", "text": "a\\u0007b", "received": "2025-07-01"}\n'
                             b'{"author_name": "D", "on": "general", "text": "a\\u0000b", "received": "2025-07-01"}\n')
        r = self.d("import", p)
        self.assertExit(r, 2)
        self.assertIn("portal.jsonl:2:19: error: the line holds invalid UTF-8 (byte 0xff) [bad-text]", r.err)
        self.assertIn("portal.jsonl:3:39: error: field 'text' holds control character U+0007 [bad-text]", r.err)
        self.assertIn("portal.jsonl:4:49: error: a string holds a NUL character (\\u0000) [bad-text]", r.err)
        self.assertIn("3 problems", r.err)
        self.assertNothingWritten(before)

    def test_jsonl_field_given_twice_in_another_case(self):
        # Field names are read without regard to case; the second would leak the first.
        before = self.head()
        p = self.write_bytes("portal.jsonl",
                             '{"author_name": "An", "on": "general", "text": "một", "Text": "hai", '
                             '"received": "2025-07-01"}\n'.encode())
        r = self.d("import", p)
        self.assertExit(r, 2)
        self.assertIn("portal.jsonl:1:55: error: 'text' is given twice [malformed-record]", r.err)
        self.assertNothingWritten(before)

    # ---- a bad record already in the dossier -------------------------------

    def amend_record(self, comment_id, mangle):
        """Rewrite the record a comment event wrote, in that very commit (the
        tip), as an older version or a hand-made edit would have left it."""
        path = [p for p in git(self.repo, "ls-tree", "-r", "--name-only", "main", "comments").stdout.split()
                if p.endswith("/%s.json" % comment_id)][0]
        data = subprocess.run(["git", "-C", self.repo, "show", "main:" + path], capture_output=True).stdout
        blob = subprocess.run(["git", "-C", self.repo, "hash-object", "-w", "--stdin"], input=mangle(data),
                              capture_output=True).stdout.decode().strip()
        env = dict(os.environ, GIT_INDEX_FILE=self.path("index"))
        subprocess.run(["git", "-C", self.repo, "read-tree", "main"], env=env, check=True)
        subprocess.run(["git", "-C", self.repo, "update-index", "--cacheinfo", "100644,%s,%s" % (blob, path)],
                       env=env, check=True)
        tree = subprocess.run(["git", "-C", self.repo, "write-tree"], env=env, capture_output=True,
                              text=True).stdout.strip()
        fmt = git(self.repo, "log", "-1", "--format=%an%n%ae%n%ad%n%cn%n%ce%n%cd", "--date=raw", "main").stdout
        an, ae, ad, cn, ce, cd = fmt.split("\n")[:6]
        msg = git(self.repo, "log", "-1", "--format=%B", "main").stdout
        env = dict(os.environ, GIT_AUTHOR_NAME=an, GIT_AUTHOR_EMAIL=ae, GIT_AUTHOR_DATE=ad,
                   GIT_COMMITTER_NAME=cn, GIT_COMMITTER_EMAIL=ce, GIT_COMMITTER_DATE=cd)
        commit = subprocess.run(["git", "-C", self.repo, "commit-tree", tree, "-p", "main~1", "-m", msg],
                                env=env, capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", self.repo, "update-ref", "refs/heads/main", commit], check=True)
        subprocess.run(["git", "-C", self.repo, "checkout", "-f", "-q"], check=True)
        return path, commit

    def check_survives(self, mangle, why, verify_says="comment 'mof-1' at '%s': "):
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "một", who="most", now="2025-07-01T09:00"), 0)
        self.assertExit(self.d("comment", "--on", "art_2", "--text", "hai", who="mof", now="2025-07-02T09:00"), 0)
        path, commit = self.amend_record("mof-1", mangle)
        self.assertExit(self.d("comment", "--on", "general", "--text", "ba", who="mps", now="2025-07-03T09:00"), 0)
        self.assertExit(self.d("respond", "most-1", "--accept", "--reason", "tiếp thu", now="2025-07-04T09:00"), 0)
        warning = "%s: warning: left out: " % path
        r = self.d("comments", "--json")
        self.assertExit(r, 0)
        self.assertEqual([c["id"] for c in r.json()["comments"]], ["most-1", "mps-1"])
        self.assertIn(warning, r.err)
        self.assertIn(why, r.err)
        self.assertIn("1 record left out; 'dossier verify' names the commit that wrote it", r.err)
        r = self.d("report", "--format", "csv")
        self.assertExit(r, 0)
        self.assertIn("một", r.out)
        self.assertIn("ba", r.out)
        self.assertIn(warning, r.err)
        out = self.path("report.xml")
        self.assertExit(self.d("report", "-o", out), 0)
        self.assertValidAkn(out)
        # The consolidation reads only the comments a response accepts
        # (docs/git-store.md): mof-1 is not one, so it is not read, and
        # not warned about; see test_bad_accepted_record_is_named.
        r = self.d("consolidate")
        self.assertExit(r, 0)
        self.assertNotIn(warning, r.err)
        self.assertExit(self.d("status"), 0)
        r = self.d("verify")
        self.assertExit(r, 1)
        self.assertIn("commit %s: error: " % commit[:12] + verify_says % path, r.err)

    def test_record_without_its_text(self):
        # What the old bug wrote: the record without "text".
        def drop_text(data):
            rec = json.loads(data)
            del rec["text"]
            return json.dumps(rec, ensure_ascii=False, indent=2).encode()
        self.check_survives(drop_text, "no 'text'", "comment 'mof-1' at '%s': invalid comment record: no 'text'")

    def test_record_with_invalid_utf8(self):
        self.check_survives(lambda data: data.replace(b'"hai"', b'"h\xffi"'), "invalid comment record")

    def test_record_that_is_not_json(self):
        self.check_survives(lambda data: data[: len(data) // 2], "invalid comment record")

    def test_record_that_names_another_comment(self):
        self.check_survives(lambda data: data.replace(b'"mof-1"', b'"most-1"'), "names itself 'most-1'",
                            "the record at '%s' names itself 'most-1' [bad-id]")

    def test_bad_accepted_record_is_named(self):
        # A comment that a response accepts is read by the consolidation:
        # a bad record there is left out with its warning, the rest applies.
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "một", "--propose", "Nội dung mới một.",
                               who="most", now="2025-07-01T09:00"), 0)
        self.assertExit(self.d("comment", "--on", "art_2", "--text", "hai", "--propose", "Nội dung mới hai.",
                               who="mof", now="2025-07-02T09:00"), 0)
        self.assertExit(self.d("respond", "most-1", "--accept", "--reason", "ok", now="2025-07-03T09:00"), 0)
        self.assertExit(self.d("respond", "mof-1", "--accept", "--reason", "ok", now="2025-07-04T09:00"), 0)
        path, _ = self.amend_record("mof-1", lambda data: data.replace(b'"hai"', b'"h\xffi"'))
        r = self.d("consolidate")
        self.assertExit(r, 0)
        self.assertIn("%s: warning: left out: invalid comment record" % path, r.err)
        self.assertIn("Nội dung mới một.", r.out)
        self.assertNotIn("Nội dung mới hai.", r.out)

    def test_bad_response_leaves_the_comment_listed(self):
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "một", who="most", now="2025-07-01T09:00"), 0)
        self.assertExit(self.d("respond", "most-1", "--accept", "--reason", "ok", now="2025-07-02T09:00"), 0)
        path = [p for p in git(self.repo, "ls-tree", "-r", "--name-only", "main", "responses").stdout.split()][0]
        # A response record is rewritten by the same helper shape: reuse it on responses/.
        data = subprocess.run(["git", "-C", self.repo, "show", "main:" + path], capture_output=True).stdout
        blob = subprocess.run(["git", "-C", self.repo, "hash-object", "-w", "--stdin"],
                              input=data.replace(b'"accepted"', b'"maybe"'), capture_output=True).stdout.decode().strip()
        env = dict(os.environ, GIT_INDEX_FILE=self.path("index"))
        subprocess.run(["git", "-C", self.repo, "read-tree", "main"], env=env, check=True)
        subprocess.run(["git", "-C", self.repo, "update-index", "--cacheinfo", "100644,%s,%s" % (blob, path)],
                       env=env, check=True)
        tree = subprocess.run(["git", "-C", self.repo, "write-tree"], env=env, capture_output=True,
                              text=True).stdout.strip()
        commit = subprocess.run(["git", "-C", self.repo, "commit-tree", tree, "-p", "main", "-m", "by hand"],
                                capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", self.repo, "update-ref", "refs/heads/main", commit], check=True)
        r = self.d("comments", "--json")
        self.assertExit(r, 0)
        self.assertEqual([(c["id"], c["response"]) for c in r.json()["comments"]], [("most-1", None)])
        self.assertIn("%s: warning: left out: invalid response record: unknown disposition" % path, r.err)
        r = self.d("verify")
        self.assertExit(r, 1)
        self.assertIn("commit %s" % commit[:12], r.err)
        self.assertIn(path, r.err)


if __name__ == "__main__":
    clitest.main()
