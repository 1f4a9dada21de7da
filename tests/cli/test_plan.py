"""`dossier plan`: the dated schedule of a workflow, as a table and as JSON,
and its errors (invalid workflow, bad dates, missing options)."""
import os

import clitest
from clitest import run, WORKFLOWS

SEED = os.path.join(WORKFLOWS, "decree-simplified.yaml")
STANDARD = os.path.join(WORKFLOWS, "decree-standard.yaml")
REGULATIONS = os.path.join(WORKFLOWS, "working-regulations.yaml")

STAGE_FIELDS = {"id", "title", "enters", "deadline", "deadline_kind", "calendar_days",
                "working_days", "holidays", "final"}


class Plan(clitest.TestCase):
    def test_seed_table(self):
        r = run("plan", "--workflow", SEED, "--start", "2025-07-01")
        self.assertExit(r, 0)
        self.assertIn("start Tue 2025-07-01, time zone Asia/Ho_Chi_Minh (UTC+07:00)", r.out)
        lines = {line.split()[0]: line for line in r.out.splitlines() if line.strip()}
        self.assertIn("Fri 2025-07-25", lines["member-comment"])
        self.assertIn("(24 calendar days, 18 working days)", lines["member-comment"])
        self.assertIn("deadline-passed or all-members-commented", lines["member-comment"])
        self.assertIn("Sat 2025-07-26", lines["workshop"])
        self.assertIn("Fri 2025-08-15", lines["submission"])
        self.assertIn("(20 calendar days, 15 working days)", lines["submission"])
        self.assertIn("Sat 2025-08-16", lines["submitted"])
        self.assertIn("(final)", lines["submitted"])
        self.assertIn("Lấy ý kiến thành viên Tổ công tác", lines["member-comment"])
        self.assertIn("holidays applied: none", r.out)
        self.assertEqual(r.err, "")

    def test_columns_align_with_vietnamese_titles(self):
        r = run("plan", "--workflow", SEED, "--start", "2025-07-01")
        self.assertExit(r, 0)
        rows = [l for l in r.out.splitlines() if l.startswith(("STAGE", "drafting", "member-comment"))]
        cols = [l.index("Tue 2025-07-01") if "Tue 2025-07-01" in l else l.index("FROM") for l in rows]
        self.assertEqual(len(set(cols)), 1, rows)

    def test_json_fields(self):
        r = run("plan", "--workflow", SEED, "--start", "2025-07-01", "--json")
        self.assertExit(r, 0)
        doc = r.json()
        self.assertEqual(doc["workflow"], "decree-simplified")
        self.assertEqual(doc["start"], "2025-07-01")
        self.assertEqual(doc["time_zone"], "Asia/Ho_Chi_Minh")
        self.assertEqual(doc["utc_offset"], "+07:00")
        self.assertEqual(doc["warnings"], [])
        ids = [s["id"] for s in doc["stages"]]
        self.assertEqual(ids, ["drafting", "member-comment", "workshop", "submission", "submitted"])
        for s in doc["stages"]:
            self.assertTrue(STAGE_FIELDS <= set(s), s)
        mc = doc["stages"][1]
        self.assertEqual(mc["enters"], "2025-07-01")
        self.assertEqual(mc["deadline"], "2025-07-25")
        self.assertEqual(mc["deadline_kind"], "date")
        self.assertEqual(mc["deadline_ends"], "2025-07-25T23:59:59+07:00")
        self.assertEqual(mc["calendar_days"], 24)
        self.assertEqual(mc["working_days"], 18)
        self.assertEqual(mc["next"], {"to": "workshop", "roles": ["drafter"],
                                      "guard": "deadline-passed or all-members-commented"})
        self.assertIsNone(doc["stages"][0]["deadline"])
        self.assertEqual(doc["stages"][0]["deadline_kind"], "none")
        self.assertTrue(doc["stages"][-1]["final"])
        self.assertIsNone(doc["stages"][-1]["next"])
        self.assertEqual(doc["stages"][-1]["enters"], "2025-08-16")

    def test_working_days_skip_holidays(self):
        r = run("plan", "--workflow", STANDARD, "--start", "2025-07-01", "--json")
        self.assertExit(r, 0)
        stages = {s["id"]: s for s in r.json()["stages"]}
        # 60 days end on Saturday 30 August; 1-2 September are National Day.
        pc = stages["public-consultation"]
        self.assertEqual(pc["deadline"], "2025-09-03")
        self.assertEqual(pc["deadline_rolled_from"], "2025-08-30")
        self.assertEqual(pc["minimum_period_ends"], "2025-09-03")
        self.assertEqual(pc["holidays"], ["2025-09-01", "2025-09-02"])
        a = stages["appraisal"]
        self.assertEqual(a["enters"], "2025-09-04")
        self.assertEqual(a["deadline"], "2025-10-02")
        self.assertEqual(a["deadline_kind"], "period")
        self.assertEqual(a["period"], {"days": 20, "unit": "working"})
        self.assertIsNone(a["deadline_rolled_from"])
        self.assertEqual(a["working_days"], 20)
        r = run("plan", "--workflow", STANDARD, "--start", "2025-07-01")
        self.assertIn("Mon 2025-09-01  in public-consultation", r.out)
        self.assertIn("rolled from Sat 2025-08-30", r.out)

    def test_regulations_tet(self):
        # Working-day deadline across 30 April, 1 May and the day moved to 2 May.
        r = run("plan", "--workflow", REGULATIONS, "--start", "2025-04-25", "--json")
        self.assertExit(r, 0)
        mc = r.json()["stages"][1]
        self.assertEqual(mc["deadline"], "2025-05-14")
        self.assertEqual(mc["holidays"], ["2025-04-30", "2025-05-01", "2025-05-02"])

    def test_impossible_schedule_warns(self):
        r = run("plan", "--workflow", SEED, "--start", "2025-08-01")
        self.assertExit(r, 0)
        self.assertIn("warning: stage 'member-comment': its deadline 2025-07-25 falls before", r.err)
        r = run("plan", "--workflow", SEED, "--start", "2025-08-01", "--json")
        self.assertExit(r, 0)
        self.assertEqual(len(r.json()["warnings"]), 1)

    def test_start_defaults_to_now(self):
        r = run("--now", "2025-07-01T10:00", "plan", "--workflow", SEED, "--json")
        self.assertExit(r, 0)
        self.assertEqual(r.json()["start"], "2025-07-01")

    def test_bad_dates(self):
        r = run("plan", "--workflow", SEED, "--start", "2025-02-30")
        self.assertExit(r, 2)
        self.assertIn("invalid date '2025-02-30'", r.err)
        r = run("plan", "--workflow", SEED, "--start", "July 1st")
        self.assertExit(r, 2)
        self.assertIn("'July 1st'", r.err)
        r = run("--now", "yesterday", "plan", "--workflow", SEED)
        self.assertExit(r, 2)
        self.assertIn("'yesterday'", r.err)

    def test_invalid_workflow(self):
        bad = self.write("bad.yaml", "id: bad\ntitle: Bad\nstart: nowhere\nstages:\n  a:\n    title: A\n    final: true\n")
        r = run("plan", "--workflow", bad, "--start", "2025-07-01")
        self.assertExit(r, 2)
        self.assertIn("bad.yaml:", r.err)
        self.assertIn("error:", r.err)
        self.assertEqual(r.out, "")
        r = run("plan", "--workflow", self.path("missing.yaml"), "--start", "2025-07-01")
        self.assertExit(r, 2)
        self.assertIn("missing.yaml", r.err)

    def test_usage(self):
        r = run("plan", "--start", "2025-07-01")
        self.assertExit(r, 2)
        self.assertIn("--workflow", r.err)
        r = run("plan", "--workflow", SEED, "extra")
        self.assertExit(r, 2)
        r = run("plan", "--bogus")
        self.assertExit(r, 2)
        r = run("plan", "--help")
        self.assertExit(r, 0)
        self.assertIn("usage: dossier plan", r.out)


if __name__ == "__main__":
    clitest.main()
