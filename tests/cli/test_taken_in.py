"""Accepted comments taken in (issue 13, item 2): the guard
accepted-taken-in (the shipped decree-simplified workflow asks for it on its
last transition) holds the submission while an accepted or partly accepted comment's provision reads
in the latest revision as it read when it was commented on, unless the
drafting agency says how it was taken in otherwise (`respond
--taken-otherwise`). `status` and the report list those comments ("đã tiếp
thu nhưng chưa chỉnh sửa"); the refusal names them; verify replays the
guard as the action decided it.
"""
import csv
import io
import os

import clitest
from clitest import run

SEED = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")

V1 = """NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.
2. Nền tảng dữ liệu đô thị gồm cơ sở dữ liệu quy hoạch đô thị.
Điều 3. Trách nhiệm của Bộ Xây dựng
Bộ Xây dựng chủ trì hướng dẫn thi hành Nghị định này.
"""

# v2 takes in most-1's proposal for Điều 2 khoản 1 and leaves Điều 3 as it was.
PROPOSAL = "1. Đô thị thông minh là đô thị ứng dụng công nghệ số và dữ liệu trong quản lý và phát triển."
V2 = V1.replace("1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.", PROPOSAL)


class TakenInTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        v1, v2 = self.write("v1.txt", V1), self.write("v2.txt", V2)
        with open(SEED, encoding="utf-8") as f:
            seed = f.read()
        # the seed workflow asks for the guard before submission
        self.assertIn("            - any: [revised-in-stage, consolidated]\n            - accepted-taken-in\n", seed)
        wf = SEED
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", self.repo, "--workflow", wf), 0)
        self.act("moc", "2025-06-25T10:00", "revise", v1)
        self.act("moc", "2025-06-26T08:00", "advance", "member-comment")
        self.act("most", "2025-07-03T09:00", "comment", "--on", "Điều 2 khoản 1", "--text", "Bổ sung dữ liệu.",
                 "--propose", PROPOSAL)
        self.act("mps", "2025-07-04T09:00", "comment", "--on", "art_3", "--text", "Phối hợp với Bộ Công an.",
                 "--propose", "Bộ Xây dựng chủ trì, phối hợp với Bộ Công an hướng dẫn thi hành Nghị định này.")
        self.act("mof", "2025-07-05T09:00", "comment", "--on", "art_1", "--text", "Bổ sung tài chính.")
        self.act("moc", "2025-07-28T08:00", "advance", "workshop")
        self.act("moc", "2025-08-01T08:00", "advance", "submission")
        self.act("moc", "2025-08-04T09:00", "respond", "most-1", "mps-1", "--accept", "--reason", "Tiếp thu.")
        self.act("moc", "2025-08-04T09:10", "respond", "mof-1", "--reject", "--reason", "Ngoài phạm vi.")
        self.act("moc", "2025-08-05T15:00", "revise", v2)

    def act(self, who, when, *args):
        r = self.d(who, when, *args)
        self.assertExit(r, 0)
        return r

    def d(self, who, when, *args):
        return run("-C", self.repo, "--as", who, "--now", when, *args)

    def test_submission_waits_for_the_text_taken_in(self):
        head = run("-C", self.repo, "log", "--json").json()["events"]
        # the guard names the one accepted comment whose provision is as it was
        r = self.d("moc", "2025-08-12T09:00", "advance", "submitted")
        self.assertExit(r, 3)
        self.assertIn("1 accepted comment is not taken in (the provision is unchanged since): mps-1 (Điều 3)", r.err)
        self.assertIn("--taken-otherwise", r.err)
        self.assertEqual(run("-C", self.repo, "log", "--json").json()["events"], head)
        # status lists it, in words and in JSON, and says what blocks
        st = run("-C", self.repo, "--now", "2025-08-12T09:00", "status")
        self.assertExit(st, 0)
        self.assertIn("accepted but not taken in (đã tiếp thu nhưng chưa chỉnh sửa): 1: mps-1 (Điều 3)", st.out)
        js = run("-C", self.repo, "--now", "2025-08-12T09:00", "status", "--json").json()
        self.assertEqual((js["untaken"], js["untaken_list"]), (1, "mps-1 (Điều 3)"))
        blocked = [n for n in js["next"] if n["stage"] == "submitted"][0]
        self.assertFalse(blocked["allowed"])
        self.assertIn("mps-1 (Điều 3)", blocked["blocked_by"])
        # the report marks it
        rep = run("-C", self.repo, "report", "--format", "csv")
        rows = list(csv.reader(io.StringIO(rep.out.lstrip("\ufeff"), newline="")))
        note = {row[6]: row[14] for row in rows[1:]}
        self.assertEqual(note, {"most-1": "", "mps-1": "Đã tiếp thu nhưng chưa chỉnh sửa", "mof-1": ""})
        self.assertIn('<p class="untaken">Đã tiếp thu nhưng chưa chỉnh sửa</p>', run("-C", self.repo, "report").out)
        # the drafting agency says how it was taken in: then it may submit
        r = self.d("moc", "2025-08-11T10:00", "respond", "mps-1", "--accept", "--reason", "Tiếp thu.",
                   "--taken-otherwise", "Tiếp thu tại Thông tư hướng dẫn của Bộ Xây dựng.")
        self.assertExit(r, 0)
        c = [x for x in run("-C", self.repo, "comments", "--json").json()["comments"] if x["id"] == "mps-1"][0]
        self.assertEqual(c["response"]["taken_otherwise"], "Tiếp thu tại Thông tư hướng dẫn của Bộ Xây dựng.")
        js = run("-C", self.repo, "--now", "2025-08-12T09:00", "status", "--json").json()
        self.assertEqual(js["untaken"], 0)
        rep = run("-C", self.repo, "report", "--format", "csv")
        self.assertIn("Tiếp thu tại Thông tư hướng dẫn của Bộ Xây dựng.", rep.out)
        self.assertNotIn("chưa chỉnh sửa", rep.out)
        self.act("moc", "2025-08-12T09:00", "advance", "submitted")
        self.assertExit(run("-C", self.repo, "verify"), 0)

    def test_a_new_revision_that_takes_it_in_also_lets_it_through(self):
        v3 = self.write("v3.txt", V2.replace("Bộ Xây dựng chủ trì hướng dẫn",
                                             "Bộ Xây dựng chủ trì, phối hợp với Bộ Công an hướng dẫn"))
        self.act("moc", "2025-08-06T09:00", "revise", v3)
        js = run("-C", self.repo, "--now", "2025-08-12T09:00", "status", "--json").json()
        self.assertEqual(js["untaken"], 0)
        self.act("moc", "2025-08-12T09:00", "advance", "submitted")
        self.assertExit(run("-C", self.repo, "verify"), 0)

    def test_taken_otherwise_goes_with_an_acceptance(self):
        r = self.d("moc", "2025-08-11T10:00", "respond", "mof-1", "--reject", "--reason", "x",
                   "--taken-otherwise", "y")
        self.assertExit(r, 2)
        self.assertIn("--taken-otherwise goes with --accept or --partial", r.err)
        f = self.write("answers.csv", "comment,disposition,reason,taken_otherwise\n"
                                      "mps-1,accept,Tiếp thu.,Tại Thông tư.\nmof-1,note,,Sai chỗ.\n")
        r = self.d("moc", "2025-08-11T10:00", "respond", "--file", f)
        self.assertExit(r, 2)
        self.assertIn("answers.csv:3: error: 'mof-1' is not accepted: nothing was taken in otherwise", r.err)


if __name__ == "__main__":
    clitest.main()
