/*
 * test_machine.c: the transition function. Focused cases on a small
 * workflow written as C struct literals (roles, comment windows and their
 * deadlines, every guard, refusals and their hints), then the shipped
 * workflows in workflows/, loaded with dossier_workflow_load, with every
 * transition taken and refused (wrong role, guard unmet, guard met), every
 * comment window tried before and after its deadline, and final stages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/machine.h"

#define WEEKEND_SAT_SUN ((1u << 0) | (1u << 6))
#define HOUR 3600
#define DAY 86400

/* ---- a small workflow as struct literals ---- */

static const dossier_date holidays[] = { { 2025, 9, 1 }, { 2025, 9, 2 } };

static const dossier_role roles[] = {
	{ "drafter", "Drafting agency", DOSSIER_ACTION_REVISE | DOSSIER_ACTION_ADVANCE |
		DOSSIER_ACTION_RESPOND | DOSSIER_ACTION_READ, 0, 0 },
	{ "member", "Member", DOSSIER_ACTION_COMMENT | DOSSIER_ACTION_READ, 0, 0 },
	{ "public", "Public", DOSSIER_ACTION_COMMENT | DOSSIER_ACTION_READ, 0, 0 },
	{ "observer", "Observer", 0, 0, 0 },
	{ "secretary", "Secretary", DOSSIER_ACTION_ADVANCE | DOSSIER_ACTION_READ, 0, 0 },
};

static const dossier_participant participants[] = {
	{ "moc", "Ministry of Construction", "drafter", "vanban@moc.gov.vn", NULL, 0, 0, 0 },
	{ "most", "Ministry of Science and Technology", "member", "vanthu@most.gov.vn", NULL, 0, 0, 0 },
	{ "hanoi", "Hanoi People's Committee", "member", "vanthu@hanoi.gov.vn", NULL, 0, 0, 0 },
	{ "vcci", "VCCI", "public", "vanthu@vcci.com.vn", NULL, 0, 0, 0 },
	{ "nobody", "Observer", "observer", "x@example.org", NULL, 0, 0, 0 },
	{ "sec", "Secretariat", "secretary", "sec@example.org", NULL, 0, 0, 0 },
};

static const char *const drafter_only[] = { "drafter" };
static const char *const member_commenters[] = { "member" };
static const char *const workshop_commenters[] = { "public", "most" };

static const dossier_guard g_has_revision = { DOSSIER_GUARD_HAS_REVISION, NULL, 0, 0, 0 };
static const dossier_guard g_comment_any_children[] = {
	{ DOSSIER_GUARD_DEADLINE_PASSED, NULL, 0, 0, 0 },
	{ DOSSIER_GUARD_ALL_MEMBERS_COMMENTED, NULL, 0, 0, 0 },
};
static const dossier_guard g_comment_any = { DOSSIER_GUARD_ANY, g_comment_any_children, 2, 0, 0 };
static const dossier_guard g_inner_any[] = {
	{ DOSSIER_GUARD_REVISED_IN_STAGE, NULL, 0, 0, 0 },
	{ DOSSIER_GUARD_CONSOLIDATED, NULL, 0, 0, 0 },
};
static const dossier_guard g_workshop_all_children[] = {
	{ DOSSIER_GUARD_MIN_PERIOD_ELAPSED, NULL, 0, 0, 0 },
	{ DOSSIER_GUARD_ALL_COMMENTS_ANSWERED, NULL, 0, 0, 0 },
	{ DOSSIER_GUARD_ANY, g_inner_any, 2, 0, 0 },
};
static const dossier_guard g_workshop_all = { DOSSIER_GUARD_ALL, g_workshop_all_children, 3, 0, 0 };

static const dossier_transition t_drafting[] = {
	{ "member-comment", drafter_only, 1, &g_has_revision, 0, 0 },
};
static const dossier_transition t_member_comment[] = {
	{ "workshop", drafter_only, 1, &g_comment_any, 0, 0 },
};
static const dossier_transition t_workshop[] = {
	{ "done", drafter_only, 1, &g_workshop_all, 0, 0 },
	{ "drafting", drafter_only, 1, NULL, 0, 0 },
};

static const dossier_stage stages[] = {
	{ "drafting", "Drafting", false, NULL, 0, false,
		{ DOSSIER_DEADLINE_NONE, { 0, 0, 0 }, { 0, 0 }, 0, 0 }, false, { 0, 0 },
		t_drafting, 1, 0, 0 },
	{ "member-comment", "Member comment", true, member_commenters, 1, false,
		{ DOSSIER_DEADLINE_DATE, { 2025, 7, 25 }, { 0, 0 }, 0, 0 }, false, { 0, 0 },
		t_member_comment, 1, 0, 0 },
	{ "workshop", "Workshop", true, workshop_commenters, 2, false,
		{ DOSSIER_DEADLINE_PERIOD, { 0, 0, 0 }, { 10, DOSSIER_DAYS_WORKING }, 0, 0 },
		true, { 5, DOSSIER_DAYS_CALENDAR },
		t_workshop, 2, 0, 0 },
	{ "done", "Done", false, NULL, 0, true,
		{ DOSSIER_DEADLINE_NONE, { 0, 0, 0 }, { 0, 0 }, 0, 0 }, false, { 0, 0 },
		NULL, 0, 0, 0 },
};

static const dossier_workflow small_wf = {
	"small.yaml", "small", "A small workflow",
	{ "Asia/Ho_Chi_Minh", 7 * HOUR, WEEKEND_SAT_SUN, holidays, 2 },
	roles, 5, participants, 6, "drafting", stages, 4, false, NULL, 0, NULL, 0,
	false, 2025, 2025,
};

/* ---- helpers ---- */

static dossier_time at(const char *s)
{
	dossier_time t = 0;

	assert_int_equal(dossier_time_parse(&t, &small_wf.calendar, s, NULL), 0);
	return t;
}

static int step(dossier_state *out, const dossier_workflow *wf, const char *stage,
	dossier_time entered, dossier_action action, const char *target, const char *actor,
	dossier_time now, const dossier_facts *facts, dossier_error *err)
{
	dossier_state st = { stage, entered };
	dossier_request req = { action, target, actor, now };
	static const dossier_facts none = { 0, false, NULL, 0, 0, 0, false, 0, NULL };

	dossier_error_clear(err);
	return dossier_machine_step(out, wf, &st, &req, facts ? facts : &none, err);
}

/* ---- focused cases ---- */

static void test_unknown_actor(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;

	(void)state;
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_REVISE, NULL, "hanoj",
		at("2025-07-01"), NULL, &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "unknown participant 'hanoj'");
	assert_string_equal(err.hint, "did you mean 'hanoi'?");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_REVISE, NULL, "zzzzzzzz",
		at("2025-07-01"), NULL, &err), DOSSIER_EINVALID);
	assert_string_equal(err.hint, "participants: moc, most, hanoi, vcci, nobody, sec");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_REVISE, NULL, NULL,
		at("2025-07-01"), NULL, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
}

static void test_bad_requests(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;

	(void)state;
	assert_int_equal(step(&out, &small_wf, "drafting", 0,
		DOSSIER_ACTION_REVISE | DOSSIER_ACTION_READ, NULL, "moc", 0, NULL, &err), DOSSIER_EINVALID);
	assert_int_equal(step(&out, &small_wf, "drafting", 0, 0, NULL, "moc", 0, NULL, &err),
		DOSSIER_EINVALID);
	/* A state naming no stage of the workflow. */
	assert_int_equal(step(&out, &small_wf, "drafitng", 0, DOSSIER_ACTION_READ, NULL, "moc", 0,
		NULL, &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "unknown stage 'drafitng'");
	assert_string_equal(err.hint, "did you mean 'drafting'?");
	assert_int_equal(dossier_machine_step(&out, NULL, NULL, NULL, NULL, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
}

static void test_role_permissions(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out = { NULL, 0 };
	dossier_facts facts = { 1, true, NULL, 0, 0, 0, true, 0, NULL };

	(void)state;
	assert_int_equal(step(&out, &small_wf, "drafting", 5, DOSSIER_ACTION_REVISE, NULL, "moc",
		at("2025-07-01"), NULL, &err), 0);
	assert_string_equal(out.stage, "drafting");
	assert_int_equal(out.entered_at, 5);
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_REVISE, NULL, "most",
		at("2025-07-01"), NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "'most' may not revise: role 'member' may comment, read");
	assert_string_equal(dossier_error_tag(&err), "role-not-allowed");
	assert_string_equal(err.hint, "participants who may revise: moc");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		"member-comment", "hanoi", at("2025-07-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "'hanoi' may not advance: role 'member' may comment, read");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_READ, NULL, "nobody",
		at("2025-07-01"), NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "'nobody' may not read: role 'observer' may nothing");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_RESPOND, NULL, "moc",
		at("2025-07-01"), NULL, &err), 0);
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_RESPOND, NULL, "vcci",
		at("2025-07-01"), NULL, &err), DOSSIER_EREFUSED);
	dossier_error_clear(&err);
}

static void test_advance_targets(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out = { NULL, 0 };
	dossier_facts facts = { 1, true, NULL, 0, 0, 0, true, 0, NULL };

	(void)state;
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		"member-coment", "moc", at("2025-07-01"), &facts, &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "unknown stage 'member-coment'");
	assert_string_equal(dossier_error_tag(&err), "unknown-stage");
	assert_string_equal(err.hint, "did you mean 'member-comment'?");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", at("2025-07-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "cannot advance from stage 'drafting' to 'workshop'");
	assert_string_equal(dossier_error_tag(&err), "no-transition");
	assert_string_equal(err.hint, "from 'drafting' the dossier can go to 'member-comment'");
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		NULL, "moc", at("2025-07-01"), &facts, &err), DOSSIER_EINVALID);
	/* a role with the advance action, but not among the transition's roles */
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		"member-comment", "sec", at("2025-07-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"'sec' (role 'secretary') may not advance from stage 'drafting' to 'member-comment'");
	assert_string_equal(dossier_error_tag(&err), "role-not-allowed");
	assert_string_equal(err.hint, "participants who may take this transition: moc");
	/* has-revision met */
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		"member-comment", "moc", at("2025-07-01T09:30"), &facts, &err), 0);
	assert_string_equal(out.stage, "member-comment");
	assert_int_equal(out.entered_at, at("2025-07-01T09:30"));
	/* has-revision unmet */
	facts.revisions = 0;
	assert_int_equal(step(&out, &small_wf, "drafting", 0, DOSSIER_ACTION_ADVANCE,
		"member-comment", "moc", at("2025-07-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"cannot advance from stage 'drafting' to 'member-comment': there is no revision yet");
	assert_string_equal(dossier_error_tag(&err), "guard-unmet");
	assert_string_equal(err.hint, "revise the draft");
	dossier_error_clear(&err);
}

static void test_comment_windows(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;
	dossier_time entered = at("2025-07-01");

	(void)state;
	/* closed stage */
	assert_int_equal(step(&out, &small_wf, "drafting", entered, DOSSIER_ACTION_COMMENT, NULL,
		"most", at("2025-07-02"), NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "comments are not open in stage 'drafting'");
	assert_string_equal(dossier_error_tag(&err), "comments-closed");
	assert_string_equal(err.hint, "comments are open in stage 'member-comment', 'workshop'");
	/* a member before the deadline, and at its last second */
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_COMMENT,
		NULL, "most", at("2025-07-20T10:00"), NULL, &err), 0);
	assert_string_equal(out.stage, "member-comment");
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_COMMENT,
		NULL, "hanoi", at("2025-07-25T23:59:59"), NULL, &err), 0);
	/* one second late, and 2 days 3 hours late */
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_COMMENT,
		NULL, "hanoi", at("2025-07-26T00:00:00"), NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"the comment window closed at 2025-07-25T23:59:59+07:00, 1 second ago");
	assert_string_equal(dossier_error_tag(&err), "late-comment");
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_COMMENT,
		NULL, "hanoi", at("2025-07-25T23:59:59") + 2 * DAY + 3 * HOUR, NULL, &err),
		DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"the comment window closed at 2025-07-25T23:59:59+07:00, 2 days 3 hours ago");
	/* a commenter not allowed in this stage */
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_COMMENT,
		NULL, "vcci", at("2025-07-20"), NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "'vcci' (role 'public') may not comment in stage 'member-comment'");
	assert_string_equal(dossier_error_tag(&err), "not-a-commenter");
	assert_string_equal(err.hint, "in stage 'member-comment' the commenters are: member");
	/* workshop: commenters by role (public) and by participant (most) */
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_COMMENT,
		NULL, "vcci", at("2025-07-02"), NULL, &err), 0);
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_COMMENT,
		NULL, "most", at("2025-07-02"), NULL, &err), 0);
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_COMMENT,
		NULL, "hanoi", at("2025-07-02"), NULL, &err), DOSSIER_EREFUSED);
	/* the drafter's role has no comment action */
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_COMMENT,
		NULL, "moc", at("2025-07-02"), NULL, &err), DOSSIER_EREFUSED);
	assert_non_null(strstr(err.message, "may not comment"));
	/* workshop's period deadline: 10 working days from Tuesday 1 July = 15 July */
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_COMMENT,
		NULL, "vcci", at("2025-07-15T23:00"), NULL, &err), 0);
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_COMMENT,
		NULL, "vcci", at("2025-07-16T01:30"), NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"the comment window closed at 2025-07-15T23:59:59+07:00, 1 hour 30 minutes ago");
	dossier_error_clear(&err);
}

static void test_deadlines(void **state)
{
	dossier_time end = 0;
	char buf[40];

	(void)state;
	assert_true(dossier_machine_deadline(&end, &small_wf, &stages[1], at("2025-07-01")));
	dossier_time_format(buf, sizeof(buf), &small_wf.calendar, end);
	assert_string_equal(buf, "2025-07-25T23:59:59+07:00");
	/* Entered on Friday 22 August late in the evening: 10 working days,
	 * skipping two weekends and 1-2 September, end on Tuesday 9 September. */
	assert_true(dossier_machine_deadline(&end, &small_wf, &stages[2], at("2025-08-22T22:00")));
	dossier_time_format(buf, sizeof(buf), &small_wf.calendar, end);
	assert_string_equal(buf, "2025-09-09T23:59:59+07:00");
	assert_false(dossier_machine_deadline(&end, &small_wf, &stages[0], 0));
	assert_false(dossier_machine_deadline(&end, &small_wf, NULL, 0));
}

static void test_member_comment_guard(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;
	dossier_time entered = at("2025-07-01");
	const char *one[] = { "most" };
	const char *both[] = { "hanoi", "most", "vcci" };
	dossier_facts facts = { 1, false, NULL, 0, 0, 0, false, 0, NULL };

	(void)state;
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", at("2025-07-20"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"cannot advance from stage 'member-comment' to 'workshop': the deadline of stage "
		"'member-comment' has not passed (it ends at 2025-07-25T23:59:59+07:00), and not every "
		"member has commented: most, hanoi have not");
	assert_string_equal(err.hint,
		"wait until 2025-07-26 when the deadline has passed, or until every member has "
		"commented: most, hanoi have not");
	facts.commenters = one;
	facts.ncommenters = 1;
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", at("2025-07-20"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.hint,
		"wait until 2025-07-26 when the deadline has passed, or until every member has "
		"commented: hanoi has not");
	/* all members commented: early advance */
	facts.commenters = both;
	facts.ncommenters = 3;
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", at("2025-07-20"), &facts, &err), 0);
	assert_string_equal(out.stage, "workshop");
	/* deadline passed with nobody having commented */
	facts.commenters = NULL;
	facts.ncommenters = 0;
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", at("2025-07-26"), &facts, &err), 0);
	assert_int_equal(step(&out, &small_wf, "member-comment", entered, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", at("2025-07-25T23:59:59"), &facts, &err), DOSSIER_EREFUSED);
	dossier_error_clear(&err);
}

static void test_workshop_guard(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;
	dossier_time entered = at("2025-07-28T10:00");
	dossier_facts facts = { 2, false, NULL, 0, 4, 2, false, 0, NULL };

	(void)state;
	/* min period: 5 calendar days from 28 July, ends 2 August 23:59:59 */
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_ADVANCE,
		"done", "moc", at("2025-08-02T12:00"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"cannot advance from stage 'workshop' to 'done': the minimum period of stage 'workshop' "
		"(5 days) has not elapsed (it ends at 2025-08-02T23:59:59+07:00); 2 comments have no "
		"response; the draft was not revised in stage 'workshop', and the latest revision does "
		"not take in the accepted comments");
	assert_string_equal(err.hint,
		"wait until 2025-08-03 when the minimum period has elapsed, and respond to the 2 "
		"unanswered comments, and revise the draft in stage 'workshop', or revise the draft to "
		"take in the accepted comments");
	/* only the answers missing */
	facts.consolidated = true;
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_ADVANCE,
		"done", "moc", at("2025-08-03"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"cannot advance from stage 'workshop' to 'done': 2 comments have no response");
	assert_string_equal(err.hint, "respond to the 2 unanswered comments");
	facts.unanswered = 1;
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_ADVANCE,
		"done", "moc", at("2025-08-03"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"cannot advance from stage 'workshop' to 'done': 1 comment has no response");
	facts.unanswered = 0;
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_ADVANCE,
		"done", "moc", at("2025-08-03"), &facts, &err), 0);
	assert_string_equal(out.stage, "done");
	/* revised-in-stage instead of consolidated */
	facts.consolidated = false;
	facts.revised_in_stage = true;
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_ADVANCE,
		"done", "moc", at("2025-08-03"), &facts, &err), 0);
	/* the unguarded way back */
	facts.unanswered = 7;
	assert_int_equal(step(&out, &small_wf, "workshop", entered, DOSSIER_ACTION_ADVANCE,
		"drafting", "moc", at("2025-07-28T11:00"), &facts, &err), 0);
	assert_string_equal(out.stage, "drafting");
	dossier_error_clear(&err);
}

static void test_final_stage(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;
	dossier_facts facts = { 3, true, NULL, 0, 0, 0, true, 0, NULL };

	(void)state;
	assert_int_equal(step(&out, &small_wf, "done", 0, DOSSIER_ACTION_REVISE, NULL, "moc",
		at("2025-09-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message, "stage 'done' is final: the dossier is closed, nobody may revise");
	assert_string_equal(dossier_error_tag(&err), "final-stage");
	assert_int_equal(step(&out, &small_wf, "done", 0, DOSSIER_ACTION_ADVANCE, "drafting", "moc",
		at("2025-09-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_int_equal(step(&out, &small_wf, "done", 0, DOSSIER_ACTION_COMMENT, NULL, "most",
		at("2025-09-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_int_equal(step(&out, &small_wf, "done", 0, DOSSIER_ACTION_RESPOND, NULL, "moc",
		at("2025-09-01"), &facts, &err), DOSSIER_EREFUSED);
	assert_int_equal(step(&out, &small_wf, "done", 0, DOSSIER_ACTION_READ, NULL, "most",
		at("2025-09-01"), &facts, &err), 0);
	assert_string_equal(out.stage, "done");
	dossier_error_clear(&err);
}

static void test_guard_api(void **state)
{
	dossier_state st = { "member-comment", 0 };
	const char *both[] = { "hanoi", "most" };
	dossier_facts facts = { 1, false, both, 1, 0, 0, false, 0, NULL };
	char *why = NULL, *allow = NULL;

	(void)state;
	st.entered_at = at("2025-07-01");
	assert_false(dossier_machine_guard_holds(&why, &small_wf, &st, &t_member_comment[0],
		&facts, at("2025-07-02")));
	assert_non_null(why);
	assert_non_null(strstr(why, "most have not") ? strstr(why, "most have not") : strstr(why, "most has not"));
	free(why);
	assert_false(dossier_machine_guard_explain(&why, &allow, &small_wf, &st,
		&t_member_comment[0], &facts, at("2025-07-02")));
	assert_string_equal(allow,
		"wait until 2025-07-26 when the deadline has passed, or until every member has "
		"commented: most has not");
	free(why);
	free(allow);
	facts.ncommenters = 2;
	assert_true(dossier_machine_guard_explain(&why, &allow, &small_wf, &st,
		&t_member_comment[0], &facts, at("2025-07-02")));
	assert_null(why);
	assert_null(allow);
	/* no guard: holds */
	assert_true(dossier_machine_guard_holds(&why, &small_wf, &st, &t_workshop[1], &facts, 0));
	assert_null(why);
	assert_true(dossier_machine_guard_holds(NULL, &small_wf, &st, &t_workshop[1], NULL, 0));
}

/* ---- the shipped workflows ---- */

static const dossier_participant *someone_with_role_in(const dossier_workflow *wf,
	const dossier_transition *tr, bool inside)
{
	size_t i, j;

	for (i = 0; i < wf->nparticipants; i++) {
		bool in = false;
		for (j = 0; j < tr->nroles; j++)
			if (!strcmp(tr->roles[j], wf->participants[i].role))
				in = true;
		if (in == inside)
			return &wf->participants[i];
	}
	return NULL;
}

static bool role_may(const dossier_workflow *wf, const dossier_participant *p, unsigned action)
{
	size_t i;

	for (i = 0; i < wf->nroles; i++)
		if (!strcmp(wf->roles[i].id, p->role))
			return (wf->roles[i].actions & action) != 0;
	return false;
}

static bool listed(const dossier_stage *st, const dossier_participant *p)
{
	size_t i;

	for (i = 0; i < st->ncommenters; i++)
		if (!strcmp(st->commenters[i], p->id) || !strcmp(st->commenters[i], p->role))
			return true;
	return st->ncommenters == 0;
}

static void run_shipped(const char *name)
{
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	char path[1024];
	dossier_workflow *wf = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_time t0;
	const char **everyone;
	size_t s, i, transitions = 0, windows = 0;

	assert_non_null(root);
	snprintf(path, sizeof(path), "%s/workflows/%s", root, name);
	if (dossier_workflow_load(&wf, path, NULL, &err) < 0)
		fail_msg("cannot load %s: %s", path, err.message ? err.message : "?");
	assert_non_null(wf);
	assert_int_equal(dossier_time_parse(&t0, &wf->calendar, "2025-01-02", NULL), 0);
	everyone = calloc(wf->nparticipants + 1, sizeof(*everyone));
	assert_non_null(everyone);
	for (i = 0; i < wf->nparticipants; i++)
		everyone[i] = wf->participants[i].id;

	for (s = 0; s < wf->nstages; s++) {
		const dossier_stage *st = &wf->stages[s];
		dossier_facts met = { 3, true, everyone, wf->nparticipants, 5, 0, true, 0, NULL };
		dossier_facts unmet = { 0, false, NULL, 0, 5, 5, false, 0, NULL };
		dossier_time late = t0 + 400 * (dossier_time)DAY, end;
		dossier_state out;

		if (st->final) {
			for (i = 0; i < wf->nparticipants; i++) {
				const char *who = wf->participants[i].id;
				assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE,
					wf->start, who, late, &met, &err), DOSSIER_EREFUSED);
				assert_non_null(strstr(err.message, "is final"));
				assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_COMMENT,
					NULL, who, t0, &met, &err), DOSSIER_EREFUSED);
				if (role_may(wf, &wf->participants[i], DOSSIER_ACTION_READ))
					assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_READ,
						NULL, who, late, &met, &err), 0);
			}
			continue;
		}
		for (i = 0; i < st->ntransitions; i++) {
			const dossier_transition *tr = &st->transitions[i];
			const dossier_participant *ok = someone_with_role_in(wf, tr, true);
			const dossier_participant *bad = someone_with_role_in(wf, tr, false);

			transitions++;
			assert_non_null(ok);
			/* guard met: taken */
			if (step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE, tr->target, ok->id,
				late, &met, &err) != 0)
				fail_msg("%s: %s -> %s by %s refused: %s", name, st->id, tr->target,
					ok->id, err.message);
			assert_string_equal(out.stage, tr->target);
			assert_int_equal(out.entered_at, late);
			/* guard unmet: refused with a reason and a remedy */
			if (tr->guard) {
				if (step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE, tr->target, ok->id,
					t0, &unmet, &err) != DOSSIER_EREFUSED)
					fail_msg("%s: %s -> %s taken with every guard unmet", name, st->id,
						tr->target);
				assert_non_null(strstr(err.message, "cannot advance from stage"));
				assert_non_null(err.hint);
			} else {
				assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE,
					tr->target, ok->id, t0, &unmet, &err), 0);
			}
			/* wrong role: refused whatever the facts */
			if (bad) {
				assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE,
					tr->target, bad->id, late, &met, &err), DOSSIER_EREFUSED);
				assert_non_null(strstr(err.message, "may not advance"));
			}
		}
		/* a stage that is not a transition of this one */
		for (i = 0; i < wf->nstages; i++) {
			const dossier_stage *other = &wf->stages[i];
			size_t k;
			bool reachable = false;

			for (k = 0; k < st->ntransitions; k++)
				if (!strcmp(st->transitions[k].target, other->id))
					reachable = true;
			if (reachable)
				continue;
			assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE, other->id,
				someone_with_role_in(wf, &st->transitions[0], true)->id,
				late, &met, &err), DOSSIER_EREFUSED);
			assert_non_null(strstr(err.message, "cannot advance"));
			assert_non_null(strstr(err.hint, "can go to"));
		}
		/* unknown target */
		assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_ADVANCE, "no-such-stage",
			someone_with_role_in(wf, &st->transitions[0], true)->id, late, &met, &err),
			DOSSIER_EINVALID);
		/* comments: every participant, before and after the deadline */
		for (i = 0; i < wf->nparticipants; i++) {
			const dossier_participant *p = &wf->participants[i];
			bool may = st->comments_open && role_may(wf, p, DOSSIER_ACTION_COMMENT) &&
				listed(st, p);
			bool has_deadline = dossier_machine_deadline(&end, wf, st, t0);
			dossier_time before = has_deadline ? end : t0 + 10 * (dossier_time)DAY;

			assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_COMMENT, NULL,
				p->id, before, &met, &err), may ? 0 : DOSSIER_EREFUSED);
			if (may) {
				windows++;
				assert_string_equal(out.stage, st->id);
			}
			if (may && has_deadline) {
				assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_COMMENT, NULL,
					p->id, end + 1, &met, &err), DOSSIER_EREFUSED);
				assert_non_null(strstr(err.message, "the comment window closed at"));
			}
		}
		/* unknown actor */
		assert_int_equal(step(&out, wf, st->id, t0, DOSSIER_ACTION_READ, NULL, "nobody-at-all",
			t0, &met, &err), DOSSIER_EINVALID);
	}
	assert_true(transitions > 0);
	assert_true(windows > 0);
	free(everyone);
	dossier_error_clear(&err);
	dossier_workflow_free(wf);
}

static void test_shipped_decree_simplified(void **state)
{
	(void)state;
	run_shipped("decree-simplified.yaml");
}

static void test_shipped_decree_standard(void **state)
{
	(void)state;
	run_shipped("decree-standard.yaml");
}

static void test_shipped_working_regulations(void **state)
{
	(void)state;
	run_shipped("working-regulations.yaml");
}

/* The seed case end to end: the simplified decree's member round. */
static void test_seed_member_round(void **state)
{
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	char path[1024];
	dossier_workflow *wf = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_state out;
	dossier_time entered, now;
	dossier_facts facts = { 1, false, NULL, 0, 0, 0, false, 0, NULL };

	(void)state;
	snprintf(path, sizeof(path), "%s/workflows/decree-simplified.yaml", root);
	assert_int_equal(dossier_workflow_load(&wf, path, NULL, &err), 0);
	assert_int_equal(dossier_time_parse(&entered, &wf->calendar, "2025-07-01", NULL), 0);
	assert_int_equal(dossier_time_parse(&now, &wf->calendar, "2025-07-28T03:00", NULL), 0);
	assert_int_equal(step(&out, wf, "member-comment", entered, DOSSIER_ACTION_COMMENT, NULL,
		"most", now, &facts, &err), DOSSIER_EREFUSED);
	assert_string_equal(err.message,
		"the comment window closed at 2025-07-25T23:59:59+07:00, 2 days 3 hours ago");
	assert_int_equal(dossier_time_parse(&now, &wf->calendar, "2025-07-20", NULL), 0);
	assert_int_equal(step(&out, wf, "member-comment", entered, DOSSIER_ACTION_ADVANCE,
		"workshop", "moc", now, &facts, &err), DOSSIER_EREFUSED);
	assert_non_null(strstr(err.hint, "wait until 2025-07-26 when the deadline has passed, or until every member has commented: most, mps"));
	dossier_error_clear(&err);
	dossier_workflow_free(wf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_actor),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_role_permissions),
		cmocka_unit_test(test_advance_targets),
		cmocka_unit_test(test_comment_windows),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_member_comment_guard),
		cmocka_unit_test(test_workshop_guard),
		cmocka_unit_test(test_final_stage),
		cmocka_unit_test(test_guard_api),
		cmocka_unit_test(test_shipped_decree_simplified),
		cmocka_unit_test(test_shipped_decree_standard),
		cmocka_unit_test(test_shipped_working_regulations),
		cmocka_unit_test(test_seed_member_round),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
