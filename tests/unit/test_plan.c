/*
 * test_plan.c: the dated schedule of a workflow from a start date: the
 * seed workflow from 2025-07-01, working-day deadlines skipping weekends
 * and holidays (National Day, Tết, 30 April/1 May), the path through a
 * stage with a way back, warnings for impossible schedules and holidays
 * not listed, guard summaries, and the errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/plan.h"

static dossier_workflow *load(const char *name)
{
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	char path[1024];
	dossier_workflow *wf = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_non_null(root);
	snprintf(path, sizeof(path), "%s/workflows/%s", root, name);
	if (dossier_workflow_load(&wf, path, NULL, &err) < 0)
		fail_msg("cannot load %s: %s", path, err.message ? err.message : "?");
	return wf;
}

static dossier_plan *plan_from(const dossier_workflow *wf, const char *start)
{
	dossier_date d;
	dossier_plan *plan = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_date_parse(&d, start, NULL), 0);
	if (dossier_plan_build(&plan, wf, &d, &err) < 0)
		fail_msg("plan: %s", err.message);
	return plan;
}

static void assert_day(const dossier_date *d, const char *want)
{
	char buf[16];

	dossier_date_format(buf, sizeof(buf), d);
	assert_string_equal(buf, want);
}

/* One stage of a plan: id, entry, deadline ("-" for none), day counts. */
static void assert_stage(const dossier_plan *plan, size_t i, const char *id, const char *enters,
	const char *deadline, int cal_days, int work_days)
{
	const dossier_plan_stage *ps;

	assert_true(i < plan->nstages);
	ps = &plan->stages[i];
	assert_string_equal(ps->stage->id, id);
	assert_day(&ps->enters, enters);
	if (!strcmp(deadline, "-")) {
		assert_false(ps->has_deadline);
	} else {
		assert_true(ps->has_deadline);
		assert_day(&ps->deadline, deadline);
	}
	assert_int_equal(ps->calendar_days, cal_days);
	assert_int_equal(ps->working_days, work_days);
}

static void test_seed_from_july(void **state)
{
	dossier_workflow *wf = load("decree-simplified.yaml");
	dossier_plan *plan = plan_from(wf, "2025-07-01");

	(void)state;
	assert_int_equal(plan->nstages, 5);
	assert_stage(plan, 0, "drafting", "2025-07-01", "-", 0, 0);
	assert_stage(plan, 1, "member-comment", "2025-07-01", "2025-07-25", 24, 18);
	assert_stage(plan, 2, "workshop", "2025-07-26", "-", 0, 0);
	assert_stage(plan, 3, "submission", "2025-07-26", "2025-08-15", 20, 15);
	assert_stage(plan, 4, "submitted", "2025-08-16", "-", 0, 0);
	assert_true(plan->stages[4].stage->final);
	assert_null(plan->stages[4].next);
	assert_int_equal(plan->nwarnings, 0);
	assert_int_equal(plan->stages[1].nholidays, 0);
	assert_string_equal(plan->stages[0].next_summary, "member-comment by drafter when has-revision");
	assert_string_equal(plan->stages[1].next_summary,
		"workshop by drafter when deadline-passed or all-members-commented");
	assert_string_equal(plan->stages[2].next_summary, "submission by drafter");
	assert_string_equal(plan->stages[3].next_summary,
		"submitted by drafter when all-comments-answered and (revised-in-stage or consolidated) and accepted-taken-in");
	assert_null(plan->stages[4].next_summary);
	dossier_plan_free(plan);

	/* Too late a start: the absolute deadlines have gone. */
	plan = plan_from(wf, "2025-08-01");
	assert_int_equal(plan->nwarnings, 1);
	assert_string_equal(plan->warnings[0],
		"stage 'member-comment': its deadline 2025-07-25 falls before the stage can be entered "
		"(2025-08-01); the schedule is impossible from 2025-08-01");
	/* Entries never go back in time. */
	assert_day(&plan->stages[2].enters, "2025-08-01");
	assert_int_equal(plan->stages[1].calendar_days, 0);
	assert_stage(plan, 3, "submission", "2025-08-01", "2025-08-15", 14, 10);
	dossier_plan_free(plan);
	plan = plan_from(wf, "2025-08-20");
	assert_int_equal(plan->nwarnings, 2);
	assert_non_null(strstr(plan->warnings[1], "stage 'submission': its deadline 2025-08-15"));
	dossier_plan_free(plan);
	dossier_workflow_free(wf);
}

static void test_working_days_skip_holidays(void **state)
{
	dossier_workflow *wf = load("decree-standard.yaml");
	dossier_plan *plan = plan_from(wf, "2025-07-01");

	(void)state;
	assert_int_equal(plan->nstages, 6);
	assert_stage(plan, 0, "drafting", "2025-07-01", "-", 0, 0);
	/* Day 60 is Saturday 30 August; Monday 1 and Tuesday 2 September are
	 * National Day: the period (and its minimum) ends on Wednesday 3. */
	assert_stage(plan, 1, "public-consultation", "2025-07-01", "2025-09-03", 64, 44);
	assert_true(plan->stages[1].rolled);
	assert_day(&plan->stages[1].rolled_from, "2025-08-30");
	assert_true(plan->stages[1].has_min_period);
	assert_day(&plan->stages[1].min_period_end, "2025-09-03");
	assert_int_equal(plan->stages[1].nholidays, 2);
	assert_day(&plan->stages[1].holidays[0], "2025-09-01");
	assert_day(&plan->stages[1].holidays[1], "2025-09-02");
	/* Working days never roll: they end on a working day. */
	assert_stage(plan, 2, "appraisal", "2025-09-04", "2025-10-02", 28, 20);
	assert_false(plan->stages[2].rolled);
	assert_stage(plan, 3, "revision", "2025-10-03", "-", 0, 0);
	assert_stage(plan, 4, "submission", "2025-10-03", "2025-10-17", 14, 10);
	assert_stage(plan, 5, "submitted", "2025-10-18", "-", 0, 0);
	assert_int_equal(plan->nwarnings, 0);
	dossier_plan_free(plan);

	/* Across Tết: day 60 is Thursday 30 January, in Tết (25 January to
	 * 2 February): the consultation ends on Monday 3 February. */
	plan = plan_from(wf, "2024-12-01");
	assert_stage(plan, 1, "public-consultation", "2024-12-01", "2025-02-03", 64, 40);
	assert_day(&plan->stages[1].rolled_from, "2025-01-30");
	assert_int_equal(plan->stages[1].nholidays, 10);
	assert_stage(plan, 2, "appraisal", "2025-02-04", "2025-03-04", 28, 20);
	dossier_plan_free(plan);

	/* Tết Bính Ngọ from the shipped 2026 calendar: 20 working days from
	 * Saturday 31 January 2026 skip 14 to 22 February. */
	plan = plan_from(wf, "2025-12-01");
	assert_int_equal(plan->nwarnings, 0);
	assert_stage(plan, 2, "appraisal", "2026-01-31", "2026-03-06", 34, 20);
	assert_int_equal(plan->stages[2].nholidays, 9);
	dossier_plan_free(plan);

	/* A deadline counted into a year the calendars do not cover. */
	plan = plan_from(wf, "2026-11-02");
	assert_int_equal(plan->nwarnings, 1);
	assert_string_equal(plan->warnings[0],
		"stage 'public-consultation': its deadline is counted into 2027, but the calendar's "
		"holidays cover only 2025 to 2026");
	dossier_plan_free(plan);
	dossier_workflow_free(wf);
}

static void test_path_through_way_back(void **state)
{
	dossier_workflow *wf = load("working-regulations.yaml");
	dossier_plan *plan = plan_from(wf, "2025-04-25");

	(void)state;
	/* 10 working days from Friday 25 April skip 30 April, 1 and 2 May. */
	assert_int_equal(plan->nstages, 5);
	assert_stage(plan, 0, "drafting", "2025-04-25", "-", 0, 0);
	assert_stage(plan, 1, "member-comment", "2025-04-25", "2025-05-14", 19, 10);
	assert_int_equal(plan->stages[1].nholidays, 3);
	assert_day(&plan->stages[1].holidays[0], "2025-04-30");
	assert_stage(plan, 2, "submission", "2025-05-15", "2025-07-21", 67, 47);
	assert_stage(plan, 3, "approval", "2025-07-22", "-", 0, 0);
	/* approval may go back to submission; the plan takes the way forward. */
	assert_string_equal(plan->stages[3].next->target, "approved");
	assert_stage(plan, 4, "approved", "2025-07-22", "-", 0, 0);
	assert_int_equal(plan->nwarnings, 0);
	dossier_plan_free(plan);

	plan = plan_from(wf, "2025-07-15");
	assert_stage(plan, 1, "member-comment", "2025-07-15", "2025-07-29", 14, 10);
	assert_int_equal(plan->nwarnings, 1);
	assert_non_null(strstr(plan->warnings[0], "stage 'submission': its deadline 2025-07-21 falls before"));
	dossier_plan_free(plan);
	dossier_workflow_free(wf);
}

static void test_guard_summary(void **state)
{
	static const dossier_guard leaves[] = {
		{ DOSSIER_GUARD_HAS_REVISION, NULL, 0, 0, 0 },
		{ DOSSIER_GUARD_CONSOLIDATED, NULL, 0, 0, 0 },
	};
	static const dossier_guard any = { DOSSIER_GUARD_ANY, leaves, 2, 0, 0 };
	static const dossier_guard outer_children[] = {
		{ DOSSIER_GUARD_DEADLINE_PASSED, NULL, 0, 0, 0 },
		{ DOSSIER_GUARD_ANY, leaves, 2, 0, 0 },
	};
	static const dossier_guard all = { DOSSIER_GUARD_ALL, outer_children, 2, 0, 0 };
	static const dossier_guard one = { DOSSIER_GUARD_ALL, leaves, 1, 0, 0 };
	char *s;

	(void)state;
	s = dossier_guard_summary(&any);
	assert_string_equal(s, "has-revision or consolidated");
	free(s);
	s = dossier_guard_summary(&all);
	assert_string_equal(s, "deadline-passed and (has-revision or consolidated)");
	free(s);
	s = dossier_guard_summary(&one);
	assert_string_equal(s, "has-revision");
	free(s);
	s = dossier_guard_summary(NULL);
	assert_string_equal(s, "always");
	free(s);
}

static void test_errors(void **state)
{
	static const dossier_transition loop[] = { { "a", NULL, 0, NULL, 0, 0 } };
	static const dossier_stage stages[] = {
		{ "a", "A", false, NULL, 0, false,
			{ DOSSIER_DEADLINE_NONE, { 0, 0, 0 }, { 0, 0 }, 0, 0 }, false, { 0, 0 },
			loop, 1, 0, 0 },
	};
	dossier_workflow wf;
	dossier_plan *plan = (dossier_plan *)1;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_date bad = { 2025, 2, 30 }, good = { 2025, 7, 1 };

	(void)state;
	memset(&wf, 0, sizeof(wf));
	wf.id = "loop";
	wf.start = "a";
	wf.stages = stages;
	wf.nstages = 1;
	assert_int_equal(dossier_plan_build(&plan, &wf, &good, &err), DOSSIER_EINVALID);
	assert_null(plan);
	assert_string_equal(err.message, "no path leads from the start stage 'a' to a final stage");
	assert_int_equal(dossier_plan_build(&plan, &wf, &bad, &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "invalid start date 2025-02-30");
	wf.start = "b";
	assert_int_equal(dossier_plan_build(&plan, &wf, &good, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	dossier_plan_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_from_july),
		cmocka_unit_test(test_working_days_skip_holidays),
		cmocka_unit_test(test_path_through_way_back),
		cmocka_unit_test(test_guard_summary),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
