"""`dossier import`: bulk comments from JSON Lines and CSV as one event by
the drafting agency (issue 8). Checks the records written (participants by
e-mail, the public as pub-N with their own name), the one commit, that it
is a pack and not loose objects, that `verify` replays it, and that a file
with any bad record imports nothing and names every problem with its line.
"""
import json
import os
import subprocess

import clitest
from clitest import run
from test_dossier import DRAFT, WF, git

FIX = os.path.join(clitest.FIXTURES, "import")
# The tree of the records of test_records_byte_for_byte, as jansson wrote them.
RECORDS_TREE = "88679c0ff6b340b9d991387ab9cc419671c54249"


class ImportTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        draft = self.write("draft.txt", DRAFT)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo,
                            "--workflow", WF), 0)
        self.assertExit(self.d("revise", draft, now="2025-06-25T10:00"), 0)
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)

    def d(self, *args, who="moc", now="2025-07-10T09:00"):
        pre = ["-C", self.repo]
        if who:
            pre += ["--as", who]
        if now:
            pre += ["--now", now]
        return run(*(pre + list(args)))

    def comments(self):
        r = self.d("comments", "--json")
        self.assertExit(r, 0)
        return r.json()["comments"]

    def loose_objects(self):
        out = git(self.repo, "count-objects", "-v").stdout
        return int([l for l in out.splitlines() if l.startswith("count:")][0].split()[1])

    def test_jsonl(self):
        loose = self.loose_objects()
        head = git(self.repo, "rev-parse", "HEAD").stdout.strip()
        r = self.d("import", os.path.join(FIX, "comments.jsonl"))
        self.assertExit(r, 0)
        self.assertIn("imported 3 comments (1 by participants, 2 from the public)", r.out)
        # One commit on the previous tip, by the drafting agency.
        self.assertEqual(git(self.repo, "rev-parse", "HEAD~1").stdout.strip(), head)
        log = git(self.repo, "log", "-1", "--format=%an <%ae>%n%B").stdout
        self.assertIn("vanban@moc.gov.vn", log)
        self.assertIn("Dossier-Event: import", log)
        # The records and their trees went into packs (store_pack.c, store_tree.c):
        # only the state and the commit are loose.
        self.assertLess(self.loose_objects() - loose, 4)
        self.assertTrue(any(f.endswith(".pack") for f in
                            os.listdir(os.path.join(self.repo, ".git", "objects", "pack"))))
        ids = {c["id"]: c for c in self.comments()}
        self.assertEqual(sorted(ids), ["most-1", "pub-1", "pub-2"])
        self.assertEqual(ids["most-1"]["author"], "most")
        self.assertEqual(ids["most-1"]["proposal"][:13], "Đô thị thông ")
        self.assertEqual(ids["pub-1"]["author_name"], "Nguyễn Văn An")
        self.assertEqual(ids["pub-2"]["author_name"], "Trần Thị Bình")
        rec = json.loads(git(self.repo, "show", "HEAD:" + self.record_path("pub-2")).stdout)
        self.assertIsNone(rec["author"])
        self.assertEqual(rec["external"]["organisation"], "Hiệp hội Doanh nghiệp nhỏ và vừa")
        self.assertEqual(rec["on"], "general")
        st = self.d("status", "--json").json()
        self.assertEqual(st["comments"], 3)
        self.assertExit(self.d("verify"), 0)
        fsck = subprocess.run(["git", "-C", self.repo, "fsck", "--strict"], capture_output=True, text=True)
        self.assertEqual(fsck.returncode, 0, fsck.stderr)
        # A second import numbers on; a normal comment after it too.
        self.assertExit(self.d("import", os.path.join(FIX, "comments.jsonl"), now="2025-07-11T09:00"), 0)
        r = self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-12T09:00")
        self.assertExit(r, 0)
        self.assertEqual(r.out.strip(), "most-3")
        self.assertIn("pub-4", {c["id"] for c in self.comments()})
        self.assertExit(self.d("verify"), 0)

    def record_path(self, cid):
        out = git(self.repo, "ls-tree", "-r", "--name-only", "HEAD", "comments").stdout.split()
        return [p for p in out if p.endswith("/" + cid + ".json")][0]

    def test_csv(self):
        r = self.d("import", os.path.join(FIX, "comments.csv"))
        self.assertExit(r, 0)
        ids = {c["id"]: c for c in self.comments()}
        self.assertEqual(sorted(ids), ["hanoi-1", "pub-1"])
        self.assertEqual(ids["pub-1"]["text"], 'Đề nghị quy định rõ trách nhiệm, thời hạn "hướng dẫn".')
        self.assertEqual(ids["hanoi-1"]["text"], "Dòng một\r\ndòng hai")
        self.assertExit(self.d("verify"), 0)

    def test_all_or_nothing(self):
        head = git(self.repo, "rev-parse", "HEAD").stdout.strip()
        r = self.d("import", os.path.join(FIX, "bad.jsonl"))
        self.assertExit(r, 2)
        bad = os.path.join(FIX, "bad.jsonl")
        for line, word in ((2, "art_99"), (3, "text"), (4, "deadline"), (5, "malformed"), (6, "may not comment")):
            self.assertTrue(any(l.startswith("%s:%d:" % (bad, line)) and word in l for l in r.err.splitlines()),
                            "line %d (%s) not reported:\n%s" % (line, word, r.err))
        self.assertNotIn("%s:1:" % bad, r.err)
        self.assertIn("nothing was imported", r.err)
        self.assertEqual(git(self.repo, "rev-parse", "HEAD").stdout.strip(), head)

    def test_large_file_read_in_two_halves(self):
        # A file of a megabyte or more is read in two halves on two threads
        # (engine/facade/import.c): the problems of both halves come with
        # their own lines, in the file's order, and the records in order.
        line = json.dumps({"author_name": "Nguyễn Văn An", "on": "art_1", "text": "Ý kiến " + "x" * 300,
                           "received": "2025-07-01T08:30:00+07:00"}, ensure_ascii=False)
        lines = [line] * 4000
        lines[9] = lines[9].replace('"art_1"', '"art_99"')
        lines[3990] = lines[3990].replace('"text"', '"texte"')
        lines[2001] = '{"on": "art_1", "text": 1}'
        path = self.write("big.jsonl", "\n".join(lines) + "\n")
        self.assertGreater(os.path.getsize(path), 1 << 20)
        r = self.d("import", path)
        self.assertExit(r, 2)
        where = [int(l.split(":")[1]) for l in r.err.splitlines() if l.startswith(path + ":")]
        self.assertEqual(where, sorted(where))
        self.assertEqual(sorted(set(where)), [10, 2002, 3991], r.err)
        self.assertIn("6 problems", r.err)
        lines[9] = lines[3990] = lines[2001] = line
        lines[3999] = lines[3999].replace("Ý kiến", "Cuối cùng")
        self.write("big.jsonl", "\n".join(lines) + "\n")
        self.assertExit(self.d("import", path), 0)
        last = [c for c in self.comments() if c["id"] == "pub-4000"]
        self.assertTrue(last and last[0]["text"].startswith("Cuối cùng"))

    def test_records_byte_for_byte(self):
        # The quick writers (import.c, record_dump.c: no printf, no jansson
        # tree, times by day) must write the very bytes jansson's writer
        # wrote: the tree of the records is the one recorded before them
        # (made by the jansson path of 1 December 2026), escapes, times
        # across days and zones, participants and the public included.
        extras = ['Ông nói "không"', "dòng 1\ndòng 2", "tab\tở đây", "gạch \\ ngược", "a/b", "☕ 𝄞",
                  "\ufffd", ""]
        times = ["2025-07-01T23:59:59+07:00", "2025-07-02T00:00:00Z", "2025-07-02T00:00:01",
                 "2025-06-30T17:00:00Z", "2025-07-03", "2025-07-03T12:00", "2025-07-04T23:59:59"]
        lines = []
        for i in range(400):
            rec = {"on": ["art_1", "art_2__para_1", "general"][i % 3],
                   "text": "Ý kiến %d %s" % (i, extras[i % len(extras)]),
                   "received": times[i % len(times)]}
            if i % 4 == 0:
                rec["author_email"] = ["an.nguyen@example.vn", "VANTHU@most.gov.vn"][i % 8 // 4]
            else:
                rec["author_name"] = 'Trần "Bình" %d' % i if i % 5 == 0 else "Trần Thị Bình"
            if i % 6 == 0:
                rec["organisation"] = "Hiệp hội\\DN"
            if i % 9 == 0:
                rec["proposal"] = "Sửa thành: \"%d\"" % i
            lines.append(json.dumps(rec, ensure_ascii=i % 2 == 0))
        path = self.write("exact.jsonl", "\n".join(lines) + "\n")
        self.assertExit(self.d("import", path), 0)
        self.assertEqual(git(self.repo, "rev-parse", "HEAD:comments").stdout.strip(), RECORDS_TREE)

    def test_refusals(self):
        f = os.path.join(FIX, "comments.jsonl")
        r = self.d("import", f, who="most")
        self.assertExit(r, 3)
        self.assertIn("only the drafting agency", r.err)
        self.assertExit(self.d("import", os.path.join(FIX, "missing.jsonl")), 2)
        self.assertExit(self.d("import"), 2)
        self.assertExit(self.d("import", f, "--format", "xml"), 2)


if __name__ == "__main__":
    clitest.main()
