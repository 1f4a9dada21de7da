"""Legal dates as the Civil Code counts them (issue 13, item 3): a period in
days starts the day after the event, and one whose last day is a weekend
day or a public holiday ends at the end of the next working day. A
30-day consultation entered on Thursday 15 January 2026 would end on
Saturday 14 February, the first day of Tết Bính Ngọ (14 to 22 February in
the shipped calendar workflows/calendars/vn-2026.yaml): it ends on Monday
23 February. `plan`, `status`, the machine (comments, guards) and the
server's hook give that same day; `deadline-rolls: none` turns it off; the
included calendars are pinned with the dossier; `validate` warns about an
absolute date on a non-working day and beyond the calendars' years.
"""
import os
import shutil
import subprocess

import clitest
from clitest import run
from test_dossier import DRAFT, git


def git_env(repo, env, *args):
    e = dict(os.environ)
    e.update(env)
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True, env=e)

WORKFLOW = """id: lay-y-kien
title: Nghị định thử (lấy ý kiến 30 ngày)
calendar:
  include: [calendars/vn-2025.yaml, calendars/vn-2026.yaml]
%(extra)sroles:
  drafter: { title: Drafting agency, may: [revise, advance, respond, read] }
  member: { title: Member, may: [comment, read] }
participants:
  - { id: moc, name: Bộ Xây dựng, role: drafter, email: vanban@moc.gov.vn }
  - { id: most, name: Bộ Khoa học và Công nghệ, role: member, email: vanthu@most.gov.vn }
start: consultation
stages:
  consultation:
    title: Lấy ý kiến
    comments: open
    deadline: 30 days
    transitions:
      - { to: appraisal, roles: [drafter], when: deadline-passed }
  appraisal:
    title: Thẩm định
    deadline: %(appraisal)s
    transitions:
      - { to: done, roles: [drafter] }
  done: { title: Xong, final: true }
"""

ROLLED = "2026-02-23T23:59:59+07:00"


class Base(clitest.TestCase):
    def setUp(self):
        super().setUp()
        shutil.copytree(os.path.join(clitest.WORKFLOWS, "calendars"), self.path("wf", "calendars"))
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)

    def workflow(self, extra="", appraisal="15 working days", name="wf/lay-y-kien.yaml"):
        return self.write(name, WORKFLOW % {"extra": extra, "appraisal": appraisal})

    def d(self, *args, who="moc", now="2026-01-15T10:00", repo=None):
        return run("-C", repo or self.repo, "--as", who, "--now", now, *args)

    def open(self, wf, repo=None, bare=False):
        args = ["--as", "moc", "--now", "2026-01-15T09:00", "init", repo or self.repo, "--workflow", wf]
        if bare:
            args.append("--bare")
        self.assertExit(run(*args), 0)
        self.assertExit(self.d("revise", self.draft, repo=repo), 0)


class LegalDatesTest(Base):
    def test_a_consultation_ending_in_tet_ends_on_the_next_working_day(self):
        wf = self.workflow()
        # plan from the file
        r = run("plan", "--workflow", wf, "--start", "2026-01-15", "--json")
        self.assertExit(r, 0)
        c = r.json()["stages"][0]
        self.assertEqual((c["deadline"], c["deadline_rolled_from"], c["deadline_ends"]),
                         ("2026-02-23", "2026-02-14", ROLLED))
        r = run("plan", "--workflow", wf, "--start", "2026-01-15")
        self.assertIn("Mon 2026-02-23", r.out)
        self.assertIn("rolled from Sat 2026-02-14", r.out)
        self.open(wf)
        # status, and plan inside the dossier (its pinned workflow)
        st = self.d("status", "--json", now="2026-02-14T09:00").json()
        self.assertEqual(st["deadline"], ROLLED)
        r = self.d("plan", "--start", "2026-01-15", "--json")
        self.assertExit(r, 0)
        self.assertEqual(r.json()["stages"][0]["deadline"], "2026-02-23")
        # the machine: a comment on the rolled day is on time, one after it is late
        self.assertExit(self.d("comment", "--on", "Điều 1", "--text", "trong Tết", who="most",
                               now="2026-02-18T10:00"), 0)
        self.assertExit(self.d("comment", "--on", "Điều 2", "--text", "kịp", who="most",
                               now="2026-02-23T23:59:00"), 0)
        # the deadline-passed guard holds from the day after the rolled day
        r = self.d("advance", "appraisal", now="2026-02-23T23:59:30")
        self.assertExit(r, 3)
        self.assertIn("2026-02-24", r.err)
        r = self.d("comment", "--on", "Điều 2", "--text", "muộn", who="most", now="2026-02-24T00:00:01")
        self.assertExit(r, 3)
        self.assertIn(ROLLED, r.err)
        self.assertExit(self.d("advance", "appraisal", now="2026-02-24T08:00"), 0)
        self.assertExit(self.d("verify"), 0)

    def test_the_workflow_can_turn_it_off(self):
        wf = self.workflow(extra="deadline-rolls: none\n")
        r = run("plan", "--workflow", wf, "--start", "2026-01-15", "--json")
        c = r.json()["stages"][0]
        self.assertEqual((c["deadline"], c["deadline_rolled_from"]), ("2026-02-14", None))
        self.open(wf)
        st = self.d("status", "--json", now="2026-02-01").json()
        self.assertEqual(st["deadline"], "2026-02-14T23:59:59+07:00")
        r = self.d("comment", "--on", "general", "--text", "muộn", who="most", now="2026-02-16T09:00")
        self.assertExit(r, 3)
        r = run("validate", self.write("wf/bad-rolls.yaml", WORKFLOW % {
            "extra": "deadline-rolls: next-day\n", "appraisal": "15 working days"}))
        self.assertExit(r, 2)
        self.assertIn("'deadline-rolls' is 'next-working-day' (the default) or 'none', not 'next-day'", r.err)

    def test_the_calendars_are_pinned_with_the_dossier(self):
        wf = self.workflow()
        self.open(wf)
        pinned = git(self.repo, "show", "main:workflow.yaml").stdout
        self.assertIn("include: [calendars/vn-2025.yaml, calendars/vn-2026.yaml]", pinned)
        self.assertIn("deadline-rolls: next-working-day", pinned)
        self.assertIn("2026-02-14, 2026-02-15", pinned)
        # the files beside the definition change or go: the dossier does not
        shutil.rmtree(self.path("wf", "calendars"))
        st = self.d("status", "--json", now="2026-02-01").json()
        self.assertEqual(st["deadline"], ROLLED)
        self.assertExit(self.d("verify"), 0)
        # a definition whose calendar is missing does not load
        r = run("validate", wf)
        self.assertExit(r, 2)
        self.assertIn("cannot read the calendar 'calendars/vn-2025.yaml' [unknown-calendar]", r.err)

    def test_the_hook_counts_the_same_day(self):
        srv = self.path("srv.git")
        self.open(self.workflow(), repo=srv, bare=True)
        hook = os.path.join(srv, "hooks", "pre-receive")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nDOSSIER_NOW=\"$SERVER_NOW\"\nexport DOSSIER_NOW\nexec '%s' hook pre-receive\n"
                    % clitest.BIN)
        os.chmod(hook, 0o755)
        mine = self.path("mine")
        self.assertExit(run("clone", "file://" + srv, mine), 0)
        # made on the rolled day, received by the server that evening: accepted
        self.assertExit(self.d("comment", "--on", "general", "--text", "kịp", who="most",
                               now="2026-02-23T20:00", repo=mine), 0)
        r = git_env(mine, {"SERVER_NOW": "2026-02-23T21:00"}, "push", srv, "main")
        self.assertEqual(r.returncode, 0, r.stderr)
        # received after its end: refused, naming the same deadline
        self.assertExit(self.d("comment", "--on", "general", "--text", "muộn", who="most",
                               now="2026-02-23T22:00", repo=mine), 0)
        before = git(srv, "rev-parse", "main").stdout
        r = git_env(mine, {"SERVER_NOW": "2026-02-24T08:00"}, "push", srv, "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(ROLLED, r.stderr)
        self.assertEqual(git(srv, "rev-parse", "main").stdout, before)

    def test_validate_warns_about_absolute_dates(self):
        # a date set by a decision stays as written, with a warning
        wf = self.workflow(appraisal="2026-02-17")
        r = run("validate", wf)
        self.assertExit(r, 0)
        self.assertIn("warning: stage 'appraisal': its deadline 2026-02-17 is a public holiday, not a working day "
                      "[deadline-not-working-day]", r.err)
        wf = self.workflow(appraisal="2026-03-07", name="wf/saturday.yaml")
        r = run("validate", wf)
        self.assertIn("its deadline 2026-03-07 is a Saturday, not a working day", r.err)
        wf = self.workflow(appraisal="2027-03-01", name="wf/later.yaml")
        r = run("validate", wf)
        self.assertExit(r, 0)
        self.assertIn("warning: stage 'appraisal': its deadline 2027-03-01 lies outside the years the calendar's "
                      "holidays cover (2025 to 2026) [beyond-calendar]", r.err)
        self.open(wf)
        self.assertEqual(self.d("status", "--json", now="2026-02-01").json()["deadline"], ROLLED)

    def test_a_bad_calendar_is_named_at_its_place(self):
        self.write("wf/calendars/bad.yaml", "year: 2027\nholidays:\n  - 2027-01-01\n  - 2026-12-31\n")
        wf = self.write("wf/with-bad.yaml", (WORKFLOW % {"extra": "", "appraisal": "15 working days"})
                        .replace("calendars/vn-2026.yaml]", "calendars/vn-2026.yaml, calendars/bad.yaml, ../x.yaml]"))
        r = run("validate", wf)
        self.assertExit(r, 2)
        self.assertIn("calendars/bad.yaml:4:5: error: holiday 2026-12-31 lies outside the calendar's year 2027 "
                      "[holiday-outside-year]", r.err)
        self.assertIn("'../x.yaml' is not a path relative to the workflow's folder", r.err)


class LateEntryTest(Base):
    """A stage entered after its deadline had ended (item 6): a rehearsal on
    real dates, or an advance past a decision's date. init and advance warn,
    and status shows it; the action itself stands."""

    def test_init_and_advance_warn_and_status_shows_it(self):
        wf = self.write("wf/late.yaml", (WORKFLOW % {"extra": "", "appraisal": "2026-03-02"})
                        .replace("deadline: 30 days", "deadline: 2026-02-13"))
        r = run("--as", "moc", "--now", "2026-02-16T09:00", "init", self.repo, "--workflow", wf)
        self.assertExit(r, 0)
        self.assertIn("warning: stage 'consultation' was entered at 2026-02-16T09:00:00+07:00, after its deadline "
                      "had ended (2026-02-13T23:59:59+07:00): its comment window is already closed and "
                      "'deadline-passed' holds", r.err)
        st = self.d("status", "--json", now="2026-02-16T10:00").json()
        self.assertTrue(st["entered_late"])
        r = self.d("status", now="2026-02-16T10:00")
        self.assertIn("deadline:   2026-02-13T23:59:59+07:00 (had already passed when the stage was entered, "
                      "2026-02-16T09:00:00+07:00)", r.out)
        r = self.d("advance", "appraisal", now="2026-03-03T08:00")
        self.assertExit(r, 0)
        self.assertIn("warning: stage 'appraisal' was entered at 2026-03-03T08:00:00+07:00, after its deadline "
                      "had ended (2026-03-02T23:59:59+07:00): 'deadline-passed' already holds", r.err)
        self.assertTrue(self.d("status", "--json", now="2026-03-03T09:00").json()["entered_late"])

    def test_no_warning_on_time(self):
        r = run("--as", "moc", "--now", "2026-01-15T09:00", "init", self.repo, "--workflow", self.workflow())
        self.assertExit(r, 0)
        self.assertNotIn("warning", r.err)
        self.assertFalse(self.d("status", "--json").json()["entered_late"])


if __name__ == "__main__":
    clitest.main()
