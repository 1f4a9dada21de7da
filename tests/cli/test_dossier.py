"""The dossier in git: init, revise, advance, comment, respond, status, log,
verify, run as the real binary on real repositories (issue 4).

The seed workflow (workflows/decree-simplified.yaml) is enforced end to end:
every refusal exits 3 with its reason, every action is one commit authored by
the participant, and the history verifies and passes `git fsck`.
"""
import json
import os
import subprocess
import sys

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")

DRAFT = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:      /2025/NĐ-CP
Hà Nội, ngày    tháng    năm 2025
NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Theo đề nghị của Bộ trưởng Bộ Xây dựng;
Chính phủ ban hành Nghị định quy định về phát triển đô thị thông minh.
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.
2. Nền tảng dữ liệu đô thị gồm:
a) Cơ sở dữ liệu quy hoạch đô thị;
b) Cơ sở dữ liệu hạ tầng kỹ thuật;
đ) Dữ liệu do người dân cung cấp.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Trách nhiệm của Bộ Xây dựng
Bộ Xây dựng chủ trì hướng dẫn thi hành Nghị định này.
Điều 4. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.
"""

DRAFT_V2 = DRAFT.replace("trong quản lý và phát triển.", "trong quy hoạch, quản lý và phát triển.")

MEMBERS = ["most", "mps", "mof", "mae", "hanoi", "hcmc", "danang", "viettel", "vnpt", "fpt"]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True)


class DossierTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)

    def d(self, *args, who="moc", now=None):
        env = {}
        pre = ["-C", self.repo]
        if who:
            pre += ["--as", who]
        if now:
            pre += ["--now", now]
        return run(*(pre + list(args)), env=env)

    def init(self):
        r = run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo, "--workflow", WF)
        self.assertExit(r, 0)
        return r

    def to_member_comment(self):
        self.init()
        r = self.d("revise", self.draft, "-m", "dự thảo lần 1", now="2025-06-25T10:00")
        self.assertExit(r, 0)
        self.assertEqual(r.out.strip(), "v1")
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)

    def commits(self):
        out = git(self.repo, "log", "--format=%H%x09%an%x09%ae%x09%aI%x09%s", "main").stdout
        return [l.split("\t") for l in out.strip().splitlines()]

    def assertFsck(self):
        r = git(self.repo, "fsck", "--no-progress", "--strict")
        self.assertEqual(r.returncode, 0, r.stderr + r.stdout)

    # ---- init ------------------------------------------------------------

    def test_init_creates_a_dossier_in_the_start_stage(self):
        r = self.init()
        self.assertIn(self.repo, r.out)
        st = self.d("status", "--json", now="2025-06-20T10:00").json()
        self.assertEqual(st["stage"], "drafting")
        self.assertEqual(st["workflow"], "decree-simplified")
        self.assertEqual(st["entered"], "2025-06-20T09:00:00+07:00")
        self.assertIsNone(st["revision"])
        c = self.commits()
        self.assertEqual(len(c), 1)
        self.assertEqual(c[0][1], "Bộ Xây dựng (Ministry of Construction)")
        self.assertEqual(c[0][2], "vanban@moc.gov.vn")
        self.assertEqual(c[0][3], "2025-06-20T09:00:00+07:00")
        pinned = git(self.repo, "show", "main:workflow.yaml").stdout
        # the definition as written, then what it took from outside (its calendars)
        with open(WF, encoding="utf-8") as f:
            self.assertTrue(pinned.startswith(f.read() + "---\n"), pinned)
        self.assertIn("\npinned:\n  deadline-rolls: next-working-day\n", pinned)
        self.assertIn('    - path: "calendars/vn-2026.yaml"\n      year: 2026\n', pinned)
        # The working tree is checked out and clean.
        self.assertTrue(os.path.exists(os.path.join(self.repo, "workflow.yaml")))
        self.assertEqual(git(self.repo, "status", "--porcelain").stdout, "")
        self.assertFsck()

    def test_init_with_an_invalid_workflow_creates_nothing(self):
        bad = self.write("bad.yaml", "id: x\nstart: nowhere\nstages:\n  a: {title: A}\n")
        r = run("--as", "moc", "init", self.repo, "--workflow", bad)
        self.assertExit(r, 2)
        self.assertRegex(r.err, r"bad\.yaml:\d+:\d+: error:")
        self.assertFalse(os.path.exists(self.repo))

    def test_init_refuses_an_existing_dossier(self):
        self.init()
        r = run("--as", "moc", "init", self.repo, "--workflow", WF)
        self.assertNotEqual(r.code, 0)
        self.assertEqual(len(self.commits()), 1)

    def test_init_by_a_member_is_refused(self):
        r = run("--as", "most", "init", self.repo, "--workflow", WF)
        self.assertExit(r, 3)
        self.assertFalse(os.path.exists(os.path.join(self.repo, "workflow.yaml")))

    # ---- identity ----------------------------------------------------------

    def test_unknown_actor_is_refused_with_a_suggestion(self):
        self.init()
        r = self.d("revise", self.draft, who="mots")
        self.assertExit(r, 3)
        self.assertIn("'mots' is not a participant", r.err)
        self.assertIn("did you mean 'most'", r.err)

    def test_actor_from_environment_and_git_email(self):
        self.init()
        r = run("-C", self.repo, "--now", "2025-06-25", "revise", self.draft,
                env={"DOSSIER_AS": "moc"})
        self.assertExit(r, 0)
        git(self.repo, "config", "user.email", "vanban@moc.gov.vn")
        r = run("-C", self.repo, "--now", "2025-06-26", "advance", "member-comment")
        self.assertExit(r, 0)
        git(self.repo, "config", "user.email", "someone@example.org")
        r = run("-C", self.repo, "--now", "2025-06-27", "status")
        self.assertExit(r, 0)  # reading needs no identity
        r = run("-C", self.repo, "--now", "2025-06-27", "comment", "--on", "art_1", "--text", "x")
        self.assertExit(r, 3)
        self.assertIn("someone@example.org", r.err)

    def test_bad_now_is_a_usage_error(self):
        self.init()
        r = self.d("revise", self.draft, now="2025-13-45")
        self.assertExit(r, 2)
        self.assertIn("2025-13-45", r.err)

    # ---- the rules -------------------------------------------------------------

    def test_comment_needs_a_revision_and_an_open_window(self):
        self.init()
        r = self.d("comment", "--on", "art_1", "--text", "sớm quá", who="most", now="2025-06-21")
        self.assertExit(r, 3)
        self.d("revise", self.draft, now="2025-06-25")
        r = self.d("comment", "--on", "art_1", "--text", "vẫn sớm", who="most", now="2025-06-25T12:00")
        self.assertExit(r, 3)
        self.assertIn("drafting", r.err)

    def test_member_cannot_advance_or_revise_or_respond(self):
        self.to_member_comment()
        r = self.d("advance", "workshop", who="hanoi", now="2025-07-30")
        self.assertExit(r, 3)
        r = self.d("revise", self.draft, who="hanoi", now="2025-07-01")
        self.assertExit(r, 3)
        cid = self.d("comment", "--on", "art_1", "--text", "ý kiến", who="hanoi", now="2025-07-01").out.strip()
        r = self.d("respond", cid, "--accept", "--reason", "tự trả lời", who="hanoi", now="2025-07-02")
        self.assertExit(r, 3)

    def test_comments_are_recorded_with_ids_and_citations(self):
        self.to_member_comment()
        r = self.d("comment", "--on", "art_2__para_2__point_dd", "--text", "Bổ sung dữ liệu cảm biến",
                   "--propose", "đ) Dữ liệu do người dân và cảm biến cung cấp.", who="most",
                   now="2025-07-10T14:30")
        self.assertExit(r, 0)
        self.assertEqual(r.out.strip(), "most-1")
        r = self.d("comment", "--on", "art_2__para_1", "--text", "Làm rõ khái niệm", who="most",
                   now="2025-07-11")
        self.assertEqual(r.out.strip(), "most-2")
        r = self.d("comment", "--on", "general", "--text", "Nhất trí với dự thảo", who="hanoi",
                   now="2025-07-12")
        self.assertEqual(r.out.strip(), "hanoi-1")
        cs = self.d("comments", "--json").json()["comments"]
        self.assertEqual([c["id"] for c in cs], ["most-1", "most-2", "hanoi-1"])
        self.assertEqual(cs[0]["citation"], "Điều 2 khoản 2 điểm đ")
        self.assertEqual(cs[0]["proposal"], "đ) Dữ liệu do người dân và cảm biến cung cấp.")
        self.assertEqual(cs[0]["time"], "2025-07-10T14:30:00+07:00")
        self.assertEqual(cs[0]["revision"], "v1")
        self.assertIsNone(cs[0]["response"])
        self.assertIsNone(cs[2]["citation"])
        self.assertEqual([c["id"] for c in self.d("comments", "--json", "--by", "most").json()["comments"]],
                         ["most-1", "most-2"])
        subj = [c[4] for c in self.commits()]
        self.assertIn("most comments on Điều 2 khoản 2 điểm đ (v1)", subj)
        st = self.d("status", "--json", now="2025-07-12T12:00").json()
        self.assertEqual(st["comments"], 3)
        self.assertEqual(st["unanswered"], 3)
        self.assertIn("mps", st["not_commented"])
        self.assertNotIn("most", st["not_commented"])
        self.assertEqual(st["deadline"], "2025-07-25T23:59:59+07:00")
        self.assertEqual(st["days_left"], 13)

    def test_comment_on_unknown_provision_names_the_closest(self):
        self.to_member_comment()
        r = self.d("comment", "--on", "art_2__para_3", "--text", "x", who="most", now="2025-07-01")
        self.assertExit(r, 2)
        self.assertIn("no provision 'art_2__para_3' in revision v1", r.err)
        self.assertIn("art_2__para_2", r.err)
        r = self.d("comment", "--on", "art_1", "--revision", "v7", "--text", "x", who="most", now="2025-07-01")
        self.assertExit(r, 2)
        self.assertEqual(len(self.commits()), 3)

    def test_late_comment_is_refused_with_the_deadline(self):
        self.to_member_comment()
        r = self.d("comment", "--on", "art_1", "--text", "muộn", who="mof", now="2025-07-26T10:00")
        self.assertExit(r, 3)
        self.assertIn("2025-07-25", r.err)
        r = self.d("comment", "--on", "art_1", "--text", "kịp", who="mof", now="2025-07-25T23:59:00")
        self.assertExit(r, 0)

    def test_comment_round_closes_early_only_when_every_member_commented(self):
        self.to_member_comment()
        r = self.d("advance", "workshop", now="2025-07-20")
        self.assertExit(r, 3)
        st = self.d("status", "--json", now="2025-07-20").json()
        nxt = st["next"][0]
        self.assertEqual(nxt["stage"], "workshop")
        self.assertFalse(nxt["allowed"])
        self.assertTrue(nxt["blocked_by"])
        for i, m in enumerate(MEMBERS):
            self.assertExit(self.d("comment", "--on", "art_1", "--text", "ý kiến của " + m, who=m,
                                   now="2025-07-%02dT09:00" % (10 + i)), 0)
        self.assertExit(self.d("advance", "workshop", now="2025-07-21"), 0)
        st = self.d("status", "--json", now="2025-07-21").json()
        self.assertEqual(st["stage"], "workshop")
        # Members may not comment in the workshop; the public may.
        self.assertExit(self.d("comment", "--on", "art_3", "--text", "x", who="most", now="2025-07-22"), 3)
        self.assertExit(self.d("comment", "--on", "art_3", "--text", "Đề nghị bổ sung", who="vcci",
                               now="2025-07-22"), 0)

    def test_advance_after_deadline_and_submission_blocked_while_unanswered(self):
        self.to_member_comment()
        a = self.d("comment", "--on", "art_2__para_1", "--text", "Sửa định nghĩa", who="most",
                   now="2025-07-10").out.strip()
        b = self.d("comment", "--on", "art_4", "--text", "Lùi hiệu lực", who="hcmc", now="2025-07-11").out.strip()
        self.assertExit(self.d("advance", "workshop", now="2025-07-26T08:00"), 0)
        self.assertExit(self.d("advance", "submission", now="2025-08-01"), 0)
        self.assertExit(self.d("advance", "nowhere", now="2025-08-02"), 2)
        self.assertExit(self.d("advance", "drafting", now="2025-08-02"), 3)
        r = self.d("advance", "submitted", now="2025-08-02")
        self.assertExit(r, 3)
        self.assertIn("answer", r.err)
        r = self.d("respond", a, "--reject", "--reason", "", now="2025-08-03")
        self.assertExit(r, 2)
        self.assertExit(self.d("respond", a, "--accept", "--reason", "Tiếp thu", now="2025-08-03"), 0)
        self.assertExit(self.d("respond", b, "--reject", "--reason", "Giữ nguyên để thống nhất", now="2025-08-03"), 0)
        self.assertExit(self.d("respond", "most-9", "--note", "--reason", "x", now="2025-08-03"), 2)
        # Accepted but not consolidated: a revision is needed first.
        r = self.d("advance", "submitted", now="2025-08-04")
        self.assertExit(r, 3)
        v2 = self.write("draft-v2.txt", DRAFT_V2)
        self.assertEqual(self.d("revise", v2, now="2025-08-05").out.strip(), "v2")
        self.assertExit(self.d("advance", "submitted", now="2025-08-06"), 0)
        st = self.d("status", "--json", now="2025-08-06").json()
        self.assertEqual(st["stage"], "submitted")
        self.assertTrue(st["final"])
        self.assertEqual(st["unanswered"], 0)
        cs = {c["id"]: c for c in self.d("comments", "--json").json()["comments"]}
        self.assertEqual(cs[a]["response"]["disposition"], "accepted")
        self.assertEqual(cs[b]["response"]["disposition"], "rejected")
        self.assertEqual(cs[b]["response"]["reason"], "Giữ nguyên để thống nhất")
        # A final stage refuses everything but reading.
        self.assertExit(self.d("revise", v2, now="2025-08-07"), 3)
        self.assertEqual(git(self.repo, "rev-parse", "v1^{commit}").returncode, 0)
        self.assertEqual(git(self.repo, "show", "v2:draft.xml").stdout,
                         git(self.repo, "show", "main:revisions/v2.xml").stdout)
        self.check_history()

    def check_history(self):
        log = self.d("log", "--json").json()["events"]
        commits = self.commits()
        self.assertEqual(len(log), len(commits))
        st = self.d("status", "--json").json()
        self.assertEqual(st["events"], len(commits))
        wf = {}
        import re
        with open(WF, encoding="utf-8") as f:
            for line in f:
                m = re.search(r"id: (\w+),\s+name: (.*?), role: \w+, email: (\S+) }", line)
                if m:
                    wf[m.group(1)] = (m.group(2), m.group(3))
        by_commit = {c[0]: c for c in commits}
        for e in log:
            name, email = wf[e["actor"]]
            c = by_commit[e["commit"]]
            self.assertEqual((c[1], c[2]), (name, email), e)
            self.assertEqual(c[3], e["time"])
        r = self.d("verify")
        self.assertExit(r, 0)
        self.assertFsck()

    # ---- history -----------------------------------------------------------

    def test_verify_catches_a_hand_made_commit(self):
        self.to_member_comment()
        self.d("comment", "--on", "art_1", "--text", "ý kiến", who="most", now="2025-07-01")
        self.assertExit(self.d("verify"), 0)
        # A member's clerk edits the cached state by hand to jump to the workshop.
        state_path = os.path.join(self.repo, "state.json")
        with open(state_path, encoding="utf-8") as f:
            st = json.load(f)
        st["stage"] = "workshop"
        with open(state_path, "w", encoding="utf-8") as f:
            json.dump(st, f, indent=2, sort_keys=True)
        git(self.repo, "-c", "user.name=Clerk", "-c", "user.email=clerk@example.org",
            "commit", "-q", "-am", "skip ahead")
        r = self.d("verify")
        self.assertExit(r, 1)
        self.assertIn("not a dossier event", r.err)
        self.assertRegex(r.err, r"commit [0-9a-f]{12}")
        # A commit dressed up as an event but breaking the rules.
        git(self.repo, "reset", "-q", "--hard", "HEAD~1")
        msg = ("most advances the dossier\n\nDossier-Event: advance\nDossier-Actor: most\n"
               "Dossier-Stage: workshop\nDossier-Time: 2025-07-02T09:00:00+07:00\nDossier-Target: workshop\n")
        with open(state_path, "w", encoding="utf-8") as f:
            json.dump(st, f, indent=2, sort_keys=True)
        env = dict(os.environ, GIT_AUTHOR_DATE="2025-07-02T09:00:00+07:00",
                   GIT_COMMITTER_DATE="2025-07-02T09:00:00+07:00")
        subprocess.run(["git", "-C", self.repo, "-c", "user.name=Bộ Khoa học và Công nghệ (Ministry of Science and Technology)",
                        "-c", "user.email=vanthu@most.gov.vn", "commit", "-q", "-a", "-m", msg], env=env, check=True)
        r = self.d("verify")
        self.assertExit(r, 1)
        self.assertIn("does not allow", r.err)

    def test_verify_catches_a_comment_on_a_provision_the_revision_lacks(self):
        self.to_member_comment()
        self.d("comment", "--on", "art_2", "--text", "đúng chỗ", who="most", now="2025-07-01")
        self.d("comment", "--on", "art_1", "--text", "sẽ bị sửa", who="most", now="2025-07-02")
        self.assertExit(self.d("verify"), 0)
        # the last comment's record, rewritten by hand to name an article v1 lacks
        path = git(self.repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD", "--",
                   "comments").stdout.split()[0]
        record = git(self.repo, "show", "HEAD:" + path).stdout.replace('"art_1"', '"art_99"')
        blob = subprocess.run(["git", "-C", self.repo, "hash-object", "-w", "--stdin"], input=record,
                              capture_output=True, text=True, check=True).stdout.strip()
        git(self.repo, "update-index", "--cacheinfo", "100644,%s,%s" % (blob, path))
        env = dict(os.environ, GIT_COMMITTER_DATE=git(self.repo, "log", "-1", "--format=%cI").stdout.strip())
        subprocess.run(["git", "-C", self.repo, "commit", "-q", "--amend", "-C", "HEAD"], env=env, check=True)
        r = self.d("verify")
        self.assertExit(r, 1)
        self.assertIn("comment 'most-2' is on 'art_99', which revision v1 does not have [unknown-provision]", r.err)
        self.assertNotIn("most-1", r.err)

    def test_verify_compares_the_cached_state_not_its_layout(self):
        self.to_member_comment()
        self.d("comment", "--on", "art_1", "--text", "ý kiến", who="most", now="2025-07-01")
        self.d("comment", "--on", "art_2", "--text", "ý kiến khác", who="most", now="2025-07-02")
        env = dict(os.environ, GIT_COMMITTER_DATE=git(self.repo, "log", "-1", "--format=%cI").stdout.strip())

        def rewrite_last_state(text):
            # the last event's state.json replaced by `text`, the rest of the commit as it was
            blob = subprocess.run(["git", "-C", self.repo, "hash-object", "-w", "--stdin"], input=text,
                                  capture_output=True, text=True, check=True).stdout.strip()
            git(self.repo, "update-index", "--cacheinfo", "100644,%s,state.json" % blob)
            subprocess.run(["git", "-C", self.repo, "commit", "-q", "--amend", "-C", "HEAD"], env=env, check=True)

        # The same state in another layout (one line, keys unsorted) is the same state.
        st = json.loads(git(self.repo, "show", "HEAD:state.json").stdout)
        rewrite_last_state(json.dumps(dict(reversed(list(st.items()))), ensure_ascii=False))
        self.assertExit(self.d("verify"), 0)
        # A count off by one in that layout is a mismatch, as in the canonical one.
        st["comments"] += 1
        rewrite_last_state(json.dumps(st, ensure_ascii=False))
        r = self.d("verify")
        self.assertExit(r, 1)
        self.assertIn("[state-mismatch]", r.err)

    def test_concurrent_comments_lose_nothing(self):
        self.to_member_comment()
        procs = []
        # One moment for all: with --now a writer that loses the race to a
        # later time would be refused as backdated (test_time.py).
        for i, m in enumerate(MEMBERS[:8]):
            for k in range(3):
                args = [clitest.BIN, "-C", self.repo, "--as", m, "--now", "2025-07-02T10:00",
                        "comment", "--on", "art_1", "--text", "%s lần %d" % (m, k)]
                procs.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        outs = [p.communicate() for p in procs]
        for p, (o, e) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, e)
        ids = sorted(o.strip() for o, _ in outs)
        self.assertEqual(len(set(ids)), 24)
        cs = self.d("comments", "--json").json()["comments"]
        self.assertEqual(sorted(c["id"] for c in cs), ids)
        self.assertEqual(sorted(c["text"] for c in cs),
                         sorted("%s lần %d" % (m, k) for m in MEMBERS[:8] for k in range(3)))
        self.assertEqual(len(self.commits()), 3 + 24)
        self.assertExit(self.d("verify"), 0)
        self.assertFsck()

    def test_log_lists_events_in_order(self):
        self.to_member_comment()
        self.d("comment", "--on", "art_1", "--text", "ý kiến", who="most", now="2025-07-01")
        log = self.d("log", "--json").json()["events"]
        self.assertEqual([e["event"] for e in log], ["init", "revise", "advance", "comment"])
        self.assertEqual([e["actor"] for e in log], ["moc", "moc", "moc", "most"])
        self.assertEqual(log[2]["stage"], "member-comment")
        self.assertEqual(log[3]["ids"], "most-1")
        text = self.d("log").out
        self.assertIn("most comments on Điều 1 (v1)", text)

    def test_plan_inside_a_dossier_uses_the_pinned_workflow(self):
        self.init()
        r = self.d("plan", "--json")
        self.assertExit(r, 0)
        plan = r.json()
        self.assertEqual(plan["workflow"], "decree-simplified")
        self.assertEqual(plan["start"], "2025-06-20")
        self.assertEqual([s["id"] for s in plan["stages"]][:2], ["drafting", "member-comment"])
        self.assertEqual(self.d("plan", "--json", "--start", "2025-07-01").json()["start"], "2025-07-01")

    def test_partial_acceptance_keeps_the_adopted_text(self):
        self.to_member_comment()
        cid = self.d("comment", "--on", "art_1", "--text", "Mở rộng phạm vi", "--propose",
                     "Nghị định này quy định về phát triển đô thị thông minh và nông thôn thông minh.",
                     who="most", now="2025-07-01").out.strip()
        r = self.d("respond", cid, "--partial", "--reason", "Chỉ tiếp thu phần đô thị",
                   "--text", "Nghị định này quy định về phát triển đô thị thông minh bền vững.", now="2025-07-02")
        self.assertExit(r, 0)
        c = self.d("comments", "--json").json()["comments"][0]
        self.assertEqual(c["response"]["disposition"], "partial")
        self.assertEqual(c["response"]["adopted"], "Nghị định này quy định về phát triển đô thị thông minh bền vững.")
        r = self.d("respond", cid, "--reject", "--reason", "x", "--text", "y", now="2025-07-03")
        self.assertExit(r, 2)
        # Answering again replaces the response and is counted once.
        self.assertExit(self.d("respond", cid, "--accept", "--reason", "Tiếp thu toàn bộ", now="2025-07-03"), 0)
        st = self.d("status", "--json", now="2025-07-04").json()
        self.assertEqual((st["responses"], st["unanswered"]), (1, 0))
        self.assertExit(self.d("verify"), 0)

    def test_outside_a_dossier(self):
        r = run("-C", self.tmp, "status")
        self.assertExit(r, 2)
        self.assertIn("not a dossier", r.err)


if __name__ == "__main__":
    clitest.main()
