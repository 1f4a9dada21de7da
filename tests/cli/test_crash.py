"""A process killed at the worst moments of an action (issue 11): before
the branch moves, just after it moved, and half-way through bringing the
working tree along (after its files, before git's index).

The points are the test seams of a build with -Dtest_seams
(DOSSIER_TEST_CRASH=before-ref|after-ref|worktree makes the action exit
with status 99 there, as a power cut would). This file is registered only
in such a build (tests/cli/meson.build); docs/git-store.md, "Test seams".

What must hold after each: the branch is all or nothing, no lock is left
in the way, `git fsck --strict` and `verify` are clean, and the next action
brings the working tree and git's index to the tip without a false
"kept your local changes" warning.
"""
import json
import os

import clitest
from clitest import run
import test_dossier
from test_dossier import DRAFT, DRAFT_V2, git


class CrashTest(clitest.TestCase):
    # DossierTest's helpers, not its tests
    d = test_dossier.DossierTest.d
    init = test_dossier.DossierTest.init
    to_member_comment = test_dossier.DossierTest.to_member_comment
    assertFsck = test_dossier.DossierTest.assertFsck

    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)

    def crash(self, point, *args, who="most", now="2025-07-01"):
        r = run("-C", self.repo, "--as", who, "--now", now, *args, env={"DOSSIER_TEST_CRASH": point})
        self.assertEqual(r.code, 99, repr(r))
        return r

    def assertConverged(self):
        self.assertEqual(git(self.repo, "status", "--porcelain").stdout, "")
        with open(os.path.join(self.repo, "state.json"), encoding="utf-8") as f:
            self.assertEqual(f.read(), git(self.repo, "show", "main:state.json").stdout)
        with open(os.path.join(self.repo, "draft.xml"), encoding="utf-8") as f:
            self.assertEqual(f.read(), git(self.repo, "show", "main:draft.xml").stdout)
        # the records stay in git, each directory one entry of git's index
        self.assertFalse(os.path.exists(os.path.join(self.repo, "comments")))
        self.assertIn("040000", git(self.repo, "ls-files", "--sparse", "-s", "comments").stdout)
        self.assertFsck()
        self.assertExit(self.d("verify"), 0)

    def next_comment(self, text, now="2025-07-02"):
        r = self.d("comment", "--on", "art_1", "--text", text, who="mps", now=now)
        self.assertExit(r, 0)
        self.assertNotIn("warning:", r.err)
        return r

    def test_crash_between_objects_and_ref_leaves_the_dossier_unchanged(self):
        self.to_member_comment()
        before = git(self.repo, "rev-parse", "main").stdout
        self.crash("before-ref", "comment", "--on", "art_1", "--text", "mất điện")
        self.assertEqual(git(self.repo, "rev-parse", "main").stdout, before)
        self.assertEqual(self.d("comments", "--json").json()["comments"], [])
        self.assertFsck()
        self.assertExit(self.d("verify"), 0)
        r = self.d("comment", "--on", "art_1", "--text", "lần nữa", who="most", now="2025-07-01")
        self.assertEqual(r.out.strip(), "most-1")
        self.assertConverged()

    def test_crash_after_the_branch_moved(self):
        self.to_member_comment()
        before = git(self.repo, "rev-parse", "main").stdout.strip()
        self.crash("after-ref", "comment", "--on", "art_1", "--text", "mất điện sau khi ghi")
        # the comment stands; the working tree is one action behind
        self.assertEqual(git(self.repo, "rev-parse", "main~1").stdout.strip(), before)
        self.assertEqual([c["id"] for c in self.d("comments", "--json").json()["comments"]], ["most-1"])
        self.assertNotEqual(git(self.repo, "status", "--porcelain").stdout, "")
        self.next_comment("lần sau")
        self.assertConverged()

    def test_crash_half_way_through_the_working_tree(self):
        self.to_member_comment()
        self.crash("worktree", "comment", "--on", "art_1", "--text", "mất điện giữa chừng")
        # git's index.lock was left by the killed process: the next action takes it over
        self.assertTrue(os.path.exists(os.path.join(self.repo, ".git", "index.lock")))
        self.next_comment("lần sau")
        self.assertFalse(os.path.exists(os.path.join(self.repo, ".git", "index.lock")))
        self.assertConverged()

    def test_crash_after_a_revision_and_an_import(self):
        self.to_member_comment()
        v2 = self.write("v2.txt", DRAFT_V2)
        self.crash("after-ref", "revise", v2, who="moc")
        self.assertEqual(git(self.repo, "tag", "--list").stdout.split(), ["v1", "v2"])
        self.next_comment("sau bản 2", now="2025-07-02T08:00")
        self.assertConverged()
        lines = "".join(json.dumps({"author_name": "Người dân %d" % i, "author_email": "nd%d@example.vn" % i,
                                    "on": "art_1", "text": "góp ý %d" % i, "proposal": None,
                                    "received": "2025-07-01T08:30:00+07:00"}, ensure_ascii=False) + "\n"
                        for i in range(300))
        self.crash("after-ref", "import", self.write("c.jsonl", lines), who="moc", now="2025-07-02T09:00")
        # the records stay in git: a crash here leaves no file on disk to
        # clean up, only git's index one action behind (the records show as
        # staged deletions until the next action)
        self.assertFalse(os.path.exists(os.path.join(self.repo, "comments")))
        status = git(self.repo, "status", "--porcelain").stdout.splitlines()
        self.assertEqual([l for l in status if not l.startswith("D  comments/")], ["M  state.json"])
        self.next_comment("sau khi nhập", now="2025-07-02T10:00")
        self.assertConverged()
        self.assertEqual(len(self.d("comments", "--json").json()["comments"]), 302)

    def test_crash_in_the_working_tree_keeps_hand_edits(self):
        self.to_member_comment()
        with open(os.path.join(self.repo, "draft.xml"), "a", encoding="utf-8") as f:
            f.write("<!-- ghi chú của tôi -->\n")
        self.crash("worktree", "revise", self.write("v2.txt", DRAFT_V2), who="moc")
        r = self.d("comment", "--on", "art_1", "--text", "x", who="mps", now="2025-07-02")
        self.assertExit(r, 0)
        # a true warning: the hand edit is still there, never overwritten
        self.assertIn("kept your local changes to 'draft.xml'", r.err)
        with open(os.path.join(self.repo, "draft.xml"), encoding="utf-8") as f:
            self.assertIn("ghi chú của tôi", f.read())
        self.assertEqual(git(self.repo, "status", "--porcelain").stdout, " M draft.xml\n")


if __name__ == "__main__":
    clitest.main()
