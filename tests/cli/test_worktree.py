"""The working tree of a dossier (issues 11 and 18; docs/git-store.md, "The
working tree"): what `dossier init` makes shows the draft, the workflow, the
state and the revisions, while the records stay in git; `git status` stays
clean and truthful; concurrent writers, and writers killed at random
moments, leave it converging to the tip without false warnings; a file
changed by hand is kept, with a warning each time an action changes it.
"""
import json
import os
import random
import signal
import subprocess
import time

import clitest
import test_dossier
from clitest import run
from test_dossier import DRAFT, MEMBERS, git


class WorktreeTest(clitest.TestCase):
    d = test_dossier.DossierTest.d
    init = test_dossier.DossierTest.init
    to_member_comment = test_dossier.DossierTest.to_member_comment
    assertFsck = test_dossier.DossierTest.assertFsck

    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)

    def assertConverged(self):
        self.assertEqual(git(self.repo, "status", "--porcelain").stdout, "")
        for name in ("state.json", "draft.xml", "workflow.yaml", "dossier.json"):
            with open(os.path.join(self.repo, name), encoding="utf-8") as f:
                self.assertEqual(f.read(), git(self.repo, "show", "main:" + name).stdout, name)
        self.assertFsck()
        self.assertExit(self.d("verify"), 0)

    def comment_proc(self, who, text, now="2025-07-02T10:00"):
        return subprocess.Popen([clitest.BIN, "-C", self.repo, "--as", who, "--now", now, "comment", "--on",
                                 "art_1", "--text", text], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    def test_what_the_working_tree_shows(self):
        self.to_member_comment()
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "ý kiến", who="most", now="2025-07-01"), 0)
        self.assertEqual(sorted(os.listdir(self.repo)),
                         [".git", "dossier.json", "draft.xml", "revisions", "state.json", "workflow.yaml"])
        self.assertEqual(sorted(os.listdir(os.path.join(self.repo, "revisions"))),
                         ["v1.eids", "v1.json", "v1.xml"])
        # the record is in git: every git command still sees it
        record = git(self.repo, "ls-files", "comments").stdout.strip()
        self.assertRegex(record, r"^comments/[0-9a-f]{2}/most-1\.json$")
        self.assertIn('"text": "ý kiến"', git(self.repo, "show", "main:" + record).stdout)
        self.assertIn("You are in a sparse checkout", git(self.repo, "status").stdout)
        self.assertConverged()
        # and `git sparse-checkout disable` brings every record to disk, for
        # whoever wants them there; the dossier keeps them up to date then too
        self.assertEqual(git(self.repo, "sparse-checkout", "disable").returncode, 0)
        self.assertTrue(os.path.exists(os.path.join(self.repo, record)))
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "hai", who="mps", now="2025-07-02"), 0)
        self.assertEqual(len(git(self.repo, "ls-files", "comments").stdout.split()), 2)
        self.assertEqual(len([f for _, _, fs in os.walk(os.path.join(self.repo, "comments")) for f in fs]), 2)
        self.assertConverged()

    def test_import_writes_no_record_to_disk(self):
        self.to_member_comment()
        lines = "".join(json.dumps({"author_name": "Người dân %d" % i, "author_email": "nd%d@example.vn" % i,
                                    "on": "art_1", "text": "góp ý %d" % i, "proposal": None,
                                    "received": "2025-07-01T08:30:00+07:00"}, ensure_ascii=False) + "\n"
                        for i in range(500))
        r = self.d("import", self.write("c.jsonl", lines), now="2025-07-01T09:00")
        self.assertExit(r, 0)
        self.assertNotIn("warning:", r.err)
        self.assertFalse(os.path.exists(os.path.join(self.repo, "comments")))
        self.assertEqual(len(git(self.repo, "ls-files", "comments").stdout.split()), 500)
        self.assertConverged()

    def test_concurrent_comments_converge(self):
        # issue 11, item 9: 40 comments 8 at a time
        self.to_member_comment()
        for k in range(5):
            procs = [self.comment_proc(m, "%s lần %d" % (m, k)) for m in MEMBERS[:8]]
            for p in procs:
                out, err = p.communicate()
                self.assertEqual(p.returncode, 0, err)
                self.assertNotIn("warning:", err)
        with open(os.path.join(self.repo, "state.json"), encoding="utf-8") as f:
            st = json.load(f)
        self.assertEqual(st["comments"], 40)
        self.assertEqual(len(git(self.repo, "ls-files", "comments").stdout.split()), 40)
        self.assertConverged()
        r = self.d("comment", "--on", "art_1", "--text", "sau cùng", who="vnpt", now="2025-07-03")
        self.assertExit(r, 0)
        self.assertNotIn("warning:", r.err)

    def test_hand_edits_are_kept_and_said(self):
        self.to_member_comment()
        path = os.path.join(self.repo, "state.json")
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n")
        r = self.d("comment", "--on", "art_1", "--text", "một", who="most", now="2025-07-01")
        self.assertExit(r, 0)
        self.assertIn("warning: kept your local changes to 'state.json' in the working tree", r.err)
        self.assertEqual(git(self.repo, "status", "--porcelain").stdout, " M state.json\n")
        # every action that changes it says so again: it is still not the committed one
        r = self.d("comment", "--on", "art_1", "--text", "hai", who="most", now="2025-07-01")
        self.assertIn("kept your local changes to 'state.json'", r.err)
        self.assertEqual(git(self.repo, "checkout", "-f").returncode, 0)
        r = self.d("comment", "--on", "art_1", "--text", "ba", who="most", now="2025-07-01")
        self.assertNotIn("warning:", r.err)
        self.assertConverged()

    def test_writers_killed_at_random_moments(self):
        self.to_member_comment()
        rnd = random.Random(11)
        lines = "".join(json.dumps({"author_name": "Người dân %d" % i, "author_email": "nd%d@example.vn" % i,
                                    "on": "art_1", "text": "góp ý %d" % i, "proposal": None,
                                    "received": "2025-07-01T08:30:00+07:00"}, ensure_ascii=False) + "\n"
                        for i in range(200))
        jsonl = self.write("c.jsonl", lines)
        tip = git(self.repo, "rev-parse", "main").stdout.strip()
        for round_ in range(12):
            procs = [self.comment_proc(m, "vòng %d" % round_) for m in MEMBERS[:3]]
            procs.append(subprocess.Popen([clitest.BIN, "-C", self.repo, "--as", "moc", "--now", "2025-07-02T09:00",
                                           "import", jsonl], stdout=subprocess.PIPE, stderr=subprocess.PIPE))
            time.sleep(rnd.uniform(0.0, 0.03))
            for p in procs:
                if rnd.random() < 0.7:
                    p.send_signal(signal.SIGKILL)
            for p in procs:
                p.communicate()
            # the branch only ever moves forward, one whole action at a time
            new = git(self.repo, "rev-parse", "main").stdout.strip()
            self.assertEqual(git(self.repo, "merge-base", "--is-ancestor", tip, new).returncode, 0)
            tip = new
            lock = os.path.join(self.repo, ".git", "refs", "heads", "main.lock")
            if os.path.exists(lock):
                # killed in the microseconds it holds the branch's lock: the
                # next action says which file to remove, as git would
                r = self.d("comment", "--on", "art_1", "--text", "x", who="fpt", now="2025-07-03")
                self.assertExit(r, 1)
                self.assertIn(lock, r.err)
                os.unlink(lock)
        r = self.d("comment", "--on", "art_1", "--text", "sau cùng", who="vnpt", now="2025-07-03")
        self.assertExit(r, 0)
        self.assertNotIn("warning:", r.err)
        self.assertFalse(os.path.exists(os.path.join(self.repo, ".git", "index.lock")))
        self.assertConverged()


if __name__ == "__main__":
    clitest.main()
