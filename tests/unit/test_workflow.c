/*
 * test_workflow.c: loading and checking workflow definitions. Every static
 * check has a fixture under tests/fixtures/workflows/ with one problem,
 * asserted with its code and exact line and column; one fixture holds many
 * problems, all reported in one run. Every shipped definition in
 * workflows/ must load cleanly (the directory is iterated, so a new one is
 * checked automatically), and the seed definitions read back as written.
 * Hostile input (empty, scalar, deep nesting, aliases, non-UTF-8, random
 * bytes) must neither crash nor leak.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/workflow.h"
#include "base/util.h"
#include "workflow/workflow_pinned.h"
#include "mutate.h"

static char *src_path(const char *rel)
{
	const char *root = getenv("DOSSIER_SOURCE_ROOT");

	return util_sprintf("%s/%s", root ? root : ".", rel);
}

static char *fixture(const char *name)
{
	char *rel = util_sprintf("tests/fixtures/workflows/%s", name);
	char *p = src_path(rel);

	free(rel);
	return p;
}

/* Load a fixture that must fail; returns its diagnostics. */
static dossier_diags *load_bad(const char *name)
{
	dossier_workflow *wf = (dossier_workflow *)1;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *path = fixture(name);
	int rc;

	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = dossier_workflow_load(&wf, path, diags, &err);
	if (rc != DOSSIER_EINVALID)
		fail_msg("%s: expected DOSSIER_EINVALID, got %d", name, rc);
	assert_null(wf);
	assert_true(dossier_diags_errors(diags) > 0);
	/* The error names the first problem, with its place. */
	assert_non_null(err.message);
	assert_string_equal(err.path, path);
	assert_int_equal(err.line, dossier_diags_get(diags, 0)->line);
	assert_int_equal(err.column, dossier_diags_get(diags, 0)->column);
	dossier_error_clear(&err);
	free(path);
	return diags;
}

static const dossier_diag *find_diag(const dossier_diags *diags, const char *code, unsigned line, unsigned col)
{
	size_t i;

	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *d = dossier_diags_get(diags, i);

		if (!strcmp(d->code, code) && d->line == line && d->column == col)
			return d;
	}
	return NULL;
}

static void dump(const dossier_diags *diags)
{
	size_t i;

	for (i = 0; i < dossier_diags_count(diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		print_message("  %s\n", s);
		free(s);
	}
}

/* One problem per fixture: file, code, line, column, and a part of the hint. */
static const struct bad_case {
	const char *file;
	const char *code;
	unsigned line, column;
	const char *hint;
} bad_cases[] = {
	{ "syntax.yaml", "yaml-syntax", 22, 1, "while parsing a flow mapping at line 21, column 9" },
	{ "non-utf8.yaml", "yaml-syntax", 2, 13, NULL },
	{ "empty.yaml", "empty-file", 1, 1, NULL },
	{ "nesting-too-deep.yaml", "nesting-too-deep", 2, 1008, NULL },
	{ "scalar.yaml", "wrong-type", 1, 1, NULL },
	{ "wrong-type.yaml", "wrong-type", 21, 31, NULL },
	{ "multiple-documents.yaml", "multiple-documents", 23, 1, NULL },
	{ "duplicate-key.yaml", "duplicate-key", 17, 5, "first given at line 16, column 5" },
	{ "unknown-key.yaml", "unknown-key", 18, 5, "did you mean 'deadline'?" },
	{ "missing-start.yaml", "missing-key", 1, 1, NULL },
	{ "unknown-start.yaml", "unknown-stage", 9, 8, "did you mean 'drafting'?" },
	{ "unknown-target.yaml", "unknown-stage", 14, 15, "did you mean 'comment'?" },
	{ "unknown-role.yaml", "unknown-role", 8, 65, "did you mean 'member'?" },
	{ "unknown-commenter.yaml", "unknown-commenter", 18, 18, "did you mean 'member'?" },
	{ "unknown-guard.yaml", "unknown-guard", 14, 48, "did you mean 'has-revision'?" },
	{ "unknown-action.yaml", "unknown-action", 5, 34, "did you mean 'comment'?" },
	{ "invalid-id.yaml", "invalid-id", 1, 5, NULL },
	{ "invalid-email.yaml", "invalid-email", 8, 80, NULL },
	{ "invalid-name.yaml", "invalid-name", 8, 32, "angle brackets" },
	{ "invalid-text.yaml", "invalid-text", 2, 8, NULL },
	{ "invalid-weekday.yaml", "invalid-weekday", 4, 23, "did you mean 'sunday'?" },
	{ "no-working-days.yaml", "no-working-days", 4, 12, NULL },
	{ "unreachable-stage.yaml", "unreachable-stage", 22, 3, NULL },
	{ "cannot-finish.yaml", "cannot-finish", 23, 3, NULL },
	{ "no-transitions.yaml", "no-transitions", 23, 3, "final: true" },
	{ "final-with-transitions.yaml", "final-with-transitions", 24, 5, NULL },
	{ "no-final-stage.yaml", "no-final-stage", 11, 3, NULL },
	{ "invalid-date.yaml", "invalid-date", 18, 15, NULL },
	{ "invalid-period.yaml", "invalid-period", 18, 15, "working days" },
	{ "deadline-before-minimum.yaml", "deadline-before-minimum", 18, 15, NULL },
	{ "unknown-time-zone.yaml", "unknown-time-zone", 3, 12, NULL },
	{ "deadline-order.yaml", "deadline-order", 23, 15, "from 'comment' to 'review'" },
	{ "no-commenters.yaml", "no-commenters", 17, 15, NULL },
	{ "cannot-comment.yaml", "cannot-comment", 18, 26, NULL },
	{ "commenters-without-comments.yaml", "commenters-without-comments", 13, 5, NULL },
	{ "duplicate-participant.yaml", "duplicate-participant", 9, 11, "first given at line 8, column 11" },
	{ "duplicate-email.yaml", "duplicate-email", 8, 80, "'moc' is at line 7, column 70" },
	{ "role-cannot-advance.yaml", "role-cannot-advance", 14, 41, NULL },
	{ "guard-not-applicable.yaml", "guard-not-applicable", 14, 48, NULL },
	{ "empty-guard.yaml", "empty-guard", 14, 55, NULL },
	{ "guard-too-deep.yaml", "guard-too-deep", 14, 62, NULL },
	{ "guard-too-large.yaml", "guard-too-large", 14, 179, NULL },
};

static void test_each_check_has_its_fixture(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *bc = &bad_cases[i];
		dossier_diags *diags = load_bad(bc->file);
		const dossier_diag *d = find_diag(diags, bc->code, bc->line, bc->column);

		if (!d || dossier_diags_count(diags) != 1) {
			dump(diags);
			fail_msg("%s: expected exactly one [%s] at %u:%u", bc->file, bc->code, bc->line, bc->column);
		}
		assert_int_equal(d->severity, DOSSIER_SEVERITY_ERROR);
		assert_non_null(strstr(d->path, bc->file));
		if (bc->hint) {
			if (!d->hint || !strstr(d->hint, bc->hint))
				fail_msg("%s: hint '%s' does not contain '%s'", bc->file, d->hint ? d->hint : "(none)", bc->hint);
		}
		dossier_diags_free(diags);
	}
}

/* Every fixture is either valid or in the table above: none is forgotten. */
static void test_every_fixture_is_asserted(void **state)
{
	char *dir = fixture("");
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t i, len = strlen(e->d_name);
		bool known = false;

		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
			continue;
		n++;
		if (!strcmp(e->d_name, "valid-mini.yaml") || !strcmp(e->d_name, "many-problems.yaml"))
			continue;
		for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
			known |= !strcmp(bad_cases[i].file, e->d_name);
		if (!known)
			fail_msg("fixture %s is asserted by no test", e->d_name);
	}
	closedir(d);
	free(dir);
	assert_int_equal(n, sizeof(bad_cases) / sizeof(bad_cases[0]) + 2);
}

static void test_many_problems_in_one_run(void **state)
{
	static const struct { const char *code; unsigned line, column; } want[] = {
		{ "unknown-time-zone", 3, 12 },
		{ "unknown-action", 5, 53 },
		{ "duplicate-participant", 9, 11 },
		{ "unknown-role", 10, 65 },
		{ "duplicate-email", 10, 79 },
		{ "unknown-key", 14, 5 },
		{ "unknown-stage", 16, 15 },
		{ "unknown-guard", 16, 47 },
		{ "invalid-date", 20, 15 },
		{ "invalid-period", 21, 14 },
		{ "wrong-type", 24, 31 },
	};
	dossier_diags *diags = load_bad("many-problems.yaml");
	size_t i, n = sizeof(want) / sizeof(want[0]);

	(void)state;
	for (i = 0; i < n; i++) {
		if (!find_diag(diags, want[i].code, want[i].line, want[i].column)) {
			dump(diags);
			fail_msg("many-problems.yaml: no [%s] at %u:%u", want[i].code, want[i].line, want[i].column);
		}
	}
	if (dossier_diags_count(diags) != n) {
		dump(diags);
		fail_msg("many-problems.yaml: %zu problems reported, %zu expected",
			dossier_diags_count(diags), n);
	}
	/* Sorted by place. */
	for (i = 1; i < n; i++) {
		const dossier_diag *a = dossier_diags_get(diags, i - 1), *b = dossier_diags_get(diags, i);

		assert_true(a->line < b->line || (a->line == b->line && a->column <= b->column));
	}
	dossier_diags_free(diags);
}

static dossier_workflow *load_good(const char *path)
{
	dossier_workflow *wf = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_diags_new(&diags), 0);
	if (dossier_workflow_load(&wf, path, diags, &err) != 0 || dossier_diags_count(diags) != 0) {
		dump(diags);
		fail_msg("%s: does not load cleanly: %s", path, err.message ? err.message : "");
	}
	assert_non_null(wf);
	assert_string_equal(wf->path, path);
	dossier_diags_free(diags);
	return wf;
}

static void test_shipped_workflows_are_valid(void **state)
{
	char *dir = src_path("workflows");
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *path;

		if (len < 6 || (strcmp(e->d_name + len - 5, ".yaml") && strcmp(e->d_name + len - 4, ".yml")))
			continue;
		path = util_sprintf("%s/%s", dir, e->d_name);
		dossier_workflow_free(load_good(path));
		free(path);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n >= 3);
	/* And the small valid fixture the bad ones are made from. */
	{
		char *p = fixture("valid-mini.yaml");

		dossier_workflow_free(load_good(p));
		free(p);
	}
}

static dossier_workflow *load_shipped(const char *name)
{
	char *rel = util_sprintf("workflows/%s", name), *path = src_path(rel);
	dossier_workflow *wf = load_good(path);

	free(rel);
	free(path);
	return wf;
}

static void assert_date(const dossier_date *d, int y, int m, int day)
{
	assert_int_equal(d->year, y);
	assert_int_equal(d->month, m);
	assert_int_equal(d->day, day);
}

static void assert_roles(const dossier_transition *t, const char *one)
{
	assert_int_equal(t->nroles, 1);
	assert_string_equal(t->roles[0], one);
}

static void test_seed_workflow_reads_as_written(void **state)
{
	dossier_workflow *wf = load_shipped("decree-simplified.yaml");
	const dossier_stage *s;
	const dossier_participant *p;
	const dossier_role *r;
	const dossier_guard *g;
	static const char *const members[] = {
		"most", "mps", "mof", "mae", "hanoi", "hcmc", "danang", "viettel", "vnpt", "fpt"
	};
	static const char *const order[] = { "drafting", "member-comment", "workshop", "submission", "submitted" };
	size_t i;

	(void)state;
	assert_string_equal(wf->id, "decree-simplified");
	assert_string_equal(wf->title, "Nghị định về phát triển đô thị thông minh (thủ tục rút gọn)");
	assert_string_equal(wf->calendar.zone_name, "Asia/Ho_Chi_Minh");
	assert_int_equal(wf->calendar.utc_offset, 7 * 3600);
	assert_int_equal(wf->calendar.weekend_mask, (1u << 0) | (1u << 6));
	/* workflows/calendars/vn-2025.yaml and vn-2026.yaml, merged */
	assert_int_equal(wf->calendar.nholidays, 16 + 18);
	assert_date(&wf->calendar.holidays[0], 2025, 1, 1);
	assert_date(&wf->calendar.holidays[1], 2025, 1, 25);
	assert_date(&wf->calendar.holidays[9], 2025, 2, 2);
	assert_date(&wf->calendar.holidays[10], 2025, 4, 7);
	assert_date(&wf->calendar.holidays[13], 2025, 5, 2);
	assert_date(&wf->calendar.holidays[15], 2025, 9, 2);
	assert_date(&wf->calendar.holidays[16], 2026, 1, 1);
	assert_date(&wf->calendar.holidays[33], 2026, 9, 2);
	assert_int_equal(wf->holidays_from, 2025);
	assert_int_equal(wf->holidays_to, 2026);
	assert_true(wf->deadline_rolls);
	for (i = 1; i < wf->calendar.nholidays; i++)
		assert_true(dossier_date_cmp(&wf->calendar.holidays[i - 1], &wf->calendar.holidays[i]) < 0);

	assert_int_equal(wf->nroles, 4);
	r = dossier_workflow_role(wf, "drafter");
	assert_non_null(r);
	assert_int_equal(r->actions, DOSSIER_ACTION_REVISE | DOSSIER_ACTION_ADVANCE |
		DOSSIER_ACTION_RESPOND | DOSSIER_ACTION_READ);
	assert_int_equal(dossier_workflow_role(wf, "member")->actions, DOSSIER_ACTION_COMMENT | DOSSIER_ACTION_READ);
	assert_int_equal(dossier_workflow_role(wf, "public")->actions, DOSSIER_ACTION_COMMENT | DOSSIER_ACTION_READ);
	assert_int_equal(dossier_workflow_role(wf, "reviewer")->actions, DOSSIER_ACTION_READ);
	assert_null(dossier_workflow_role(wf, "nobody"));

	assert_int_equal(wf->nparticipants, 14);
	p = dossier_workflow_participant(wf, "moc");
	assert_non_null(p);
	assert_string_equal(p->name, "Bộ Xây dựng (Ministry of Construction)");
	assert_string_equal(p->role, "drafter");
	assert_string_equal(p->email, "vanban@moc.gov.vn");
	assert_ptr_equal(dossier_workflow_participant_by_email(wf, "VanBan@MOC.gov.vn"), p);
	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		p = dossier_workflow_participant(wf, members[i]);
		if (!p)
			fail_msg("no participant '%s'", members[i]);
		assert_string_equal(p->role, "member");
	}
	assert_string_equal(dossier_workflow_participant(wf, "vpcp")->role, "reviewer");
	assert_string_equal(dossier_workflow_participant(wf, "vcci")->role, "public");
	assert_null(dossier_workflow_participant(wf, "nobody"));

	assert_string_equal(wf->start, "drafting");
	assert_int_equal(wf->nstages, 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(wf->stages[i].id, order[i]);

	s = dossier_workflow_stage(wf, "drafting");
	assert_false(s->comments_open);
	assert_int_equal(s->deadline.kind, DOSSIER_DEADLINE_NONE);
	assert_int_equal(s->ntransitions, 1);
	assert_string_equal(s->transitions[0].target, "member-comment");
	assert_roles(&s->transitions[0], "drafter");
	assert_int_equal(s->transitions[0].guard->kind, DOSSIER_GUARD_HAS_REVISION);

	s = dossier_workflow_stage(wf, "member-comment");
	assert_string_equal(s->title, "Lấy ý kiến thành viên Tổ công tác");
	assert_true(s->comments_open);
	assert_int_equal(s->ncommenters, 1);
	assert_string_equal(s->commenters[0], "member");
	assert_int_equal(s->deadline.kind, DOSSIER_DEADLINE_DATE);
	assert_date(&s->deadline.date, 2025, 7, 25);
	assert_int_equal(s->ntransitions, 1);
	assert_string_equal(s->transitions[0].target, "workshop");
	assert_roles(&s->transitions[0], "drafter");
	g = s->transitions[0].guard;
	assert_int_equal(g->kind, DOSSIER_GUARD_ANY);
	assert_int_equal(g->nchildren, 2);
	assert_int_equal(g->children[0].kind, DOSSIER_GUARD_DEADLINE_PASSED);
	assert_int_equal(g->children[1].kind, DOSSIER_GUARD_ALL_MEMBERS_COMMENTED);

	s = dossier_workflow_stage(wf, "workshop");
	assert_true(s->comments_open);
	assert_int_equal(s->ncommenters, 1);
	assert_string_equal(s->commenters[0], "public");
	assert_null(s->transitions[0].guard);

	s = dossier_workflow_stage(wf, "submission");
	assert_false(s->comments_open);
	assert_date(&s->deadline.date, 2025, 8, 15);
	g = s->transitions[0].guard;
	assert_string_equal(s->transitions[0].target, "submitted");
	assert_int_equal(g->kind, DOSSIER_GUARD_ALL);
	assert_int_equal(g->nchildren, 3);
	assert_int_equal(g->children[0].kind, DOSSIER_GUARD_ALL_COMMENTS_ANSWERED);
	assert_int_equal(g->children[2].kind, DOSSIER_GUARD_ACCEPTED_TAKEN_IN);
	assert_int_equal(g->children[1].kind, DOSSIER_GUARD_ANY);
	assert_int_equal(g->children[1].nchildren, 2);
	assert_int_equal(g->children[1].children[0].kind, DOSSIER_GUARD_REVISED_IN_STAGE);
	assert_int_equal(g->children[1].children[1].kind, DOSSIER_GUARD_CONSOLIDATED);

	s = dossier_workflow_stage(wf, "submitted");
	assert_true(s->final);
	assert_int_equal(s->ntransitions, 0);
	assert_string_equal(s->title, "Đã trình Chính phủ");
	assert_null(dossier_workflow_stage(wf, "workshp"));
	dossier_workflow_free(wf);
}

static void test_standard_and_regulations_read_as_written(void **state)
{
	dossier_workflow *wf = load_shipped("decree-standard.yaml");
	const dossier_stage *s;

	(void)state;
	s = dossier_workflow_stage(wf, "public-consultation");
	assert_true(s->comments_open);
	assert_int_equal(s->deadline.kind, DOSSIER_DEADLINE_PERIOD);
	assert_int_equal(s->deadline.period.days, 60);
	assert_int_equal(s->deadline.period.unit, DOSSIER_DAYS_CALENDAR);
	assert_true(s->has_min_period);
	assert_int_equal(s->min_period.days, 60);
	assert_int_equal(s->transitions[0].guard->kind, DOSSIER_GUARD_MIN_PERIOD_ELAPSED);
	s = dossier_workflow_stage(wf, "appraisal");
	assert_int_equal(s->deadline.kind, DOSSIER_DEADLINE_PERIOD);
	assert_int_equal(s->deadline.period.days, 20);
	assert_int_equal(s->deadline.period.unit, DOSSIER_DAYS_WORKING);
	assert_string_equal(s->commenters[0], "reviewer");
	assert_string_equal(dossier_workflow_participant(wf, "moj")->role, "reviewer");
	s = dossier_workflow_stage(wf, "revision");
	/* A plain list of guards means all of them. */
	assert_int_equal(s->transitions[0].guard->kind, DOSSIER_GUARD_ALL);
	assert_int_equal(s->transitions[0].guard->nchildren, 2);
	assert_int_equal(s->transitions[0].guard->children[0].kind, DOSSIER_GUARD_REVISED_IN_STAGE);
	assert_true(dossier_workflow_stage(wf, "submitted")->final);
	dossier_workflow_free(wf);

	wf = load_shipped("working-regulations.yaml");
	/* No time-zone key: the default. */
	assert_string_equal(wf->calendar.zone_name, "Asia/Ho_Chi_Minh");
	assert_int_equal(wf->calendar.utc_offset, 7 * 3600);
	s = dossier_workflow_stage(wf, "submission");
	assert_int_equal(s->deadline.kind, DOSSIER_DEADLINE_DATE);
	assert_date(&s->deadline.date, 2025, 7, 21);
	s = dossier_workflow_stage(wf, "approval");
	assert_int_equal(s->ntransitions, 2);
	assert_roles(&s->transitions[0], "head");
	assert_string_equal(s->transitions[0].target, "approved");
	assert_true(dossier_workflow_stage(wf, "approved")->final);
	assert_string_equal(dossier_workflow_participant(wf, "head")->role, "head");
	dossier_workflow_free(wf);
}

static const char mini_head[] =
	"id: t\n"
	"title: T\n"
	"roles:\n"
	"  drafter: { may: [revise, advance, respond, read] }\n"
	"  chair: { may: [advance, read] }\n"
	"  member: { may: [comment, read] }\n"
	"participants:\n"
	"  - { id: a, name: A, role: drafter }\n"
	"  - { id: b, name: B, role: member }\n"
	"start: one\n"
	"stages:\n"
	"  one:\n"
	"    comments: open\n";

static int load_text(dossier_workflow **wf, const char *tail, dossier_diags *diags)
{
	char *text = util_sprintf("%s%s", mini_head, tail);
	int rc = dossier_workflow_load_buffer(wf, "mem.yaml", text, strlen(text), diags, NULL);

	free(text);
	return rc;
}

static void test_deadline_and_period_forms(void **state)
{
	static const struct { const char *text; int days; dossier_day_unit unit; } good[] = {
		{ "1 day", 1, DOSSIER_DAYS_CALENDAR },
		{ "30 days", 30, DOSSIER_DAYS_CALENDAR },
		{ "30 calendar days", 30, DOSSIER_DAYS_CALENDAR },
		{ "10 working days", 10, DOSSIER_DAYS_WORKING },
		{ "1 working day", 1, DOSSIER_DAYS_WORKING },
	};
	static const char *const bad[] = {
		"0 days", "2 day", "ten days", "10 working", "10 days later", "-3 days", "99999 days", "10days",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		dossier_workflow *wf = NULL;
		char *tail = util_sprintf("    deadline: %s\n    transitions: [{ to: end }]\n  end: { final: true }\n",
			good[i].text);

		if (load_text(&wf, tail, NULL) != 0)
			fail_msg("'%s' should be a valid deadline", good[i].text);
		assert_int_equal(wf->stages[0].deadline.kind, DOSSIER_DEADLINE_PERIOD);
		assert_int_equal(wf->stages[0].deadline.period.days, good[i].days);
		assert_int_equal(wf->stages[0].deadline.period.unit, good[i].unit);
		assert_int_equal(wf->stages[0].deadline.line, 14);
		assert_int_equal(wf->stages[0].deadline.column, 15);
		/* Without 'roles', every role that may advance may take it. */
		assert_int_equal(wf->stages[0].transitions[0].nroles, 2);
		assert_string_equal(wf->stages[0].transitions[0].roles[0], "drafter");
		assert_string_equal(wf->stages[0].transitions[0].roles[1], "chair");
		dossier_workflow_free(wf);
		free(tail);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dossier_workflow *wf = NULL;
		dossier_diags *diags = NULL;
		char *tail = util_sprintf("    minimum: %s\n    transitions: [{ to: end }]\n  end: { final: true }\n", bad[i]);

		assert_int_equal(dossier_diags_new(&diags), 0);
		assert_int_equal(load_text(&wf, tail, diags), DOSSIER_EINVALID);
		assert_null(wf);
		assert_non_null(find_diag(diags, "invalid-period", 14, 14));
		dossier_diags_free(diags);
		free(tail);
	}
}

/* A dossier opened before 'invalid-name' and 'invalid-text' existed must
 * still open: in its pinned definition they are warnings, the values kept. */
static void test_pinned_definition_keeps_later_checks_as_warnings(void **state)
{
	static const char *const files[] = { "invalid-name.yaml", "invalid-text.yaml" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		dossier_workflow *wf = NULL;
		dossier_diags *diags = NULL;
		char *path = fixture(files[i]), *data = NULL;
		size_t len = 0;

		assert_int_equal(util_read_file(&data, &len, path, NULL), 0);
		assert_int_equal(dossier_diags_new(&diags), 0);
		assert_int_equal(wf_load_pinned(&wf, path, data, len, diags, NULL), 0);
		assert_non_null(wf);
		assert_int_equal(dossier_diags_errors(diags), 0);
		assert_int_equal(dossier_diags_count(diags), 1);
		assert_int_equal(dossier_diags_get(diags, 0)->severity, DOSSIER_SEVERITY_WARNING);
		assert_string_equal(dossier_diags_get(diags, 0)->code, i == 0 ? "invalid-name" : "invalid-text");
		if (i == 0)
			assert_string_equal(dossier_workflow_participant(wf, "most")->name, "Ministry <of> Science");
		else
			assert_string_equal(wf->title, "Mini\a workflow");
		dossier_workflow_free(wf);
		dossier_diags_free(diags);
		free(data);
		free(path);
	}
}

static void test_error_without_diags(void **state)
{
	dossier_workflow *wf = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const char *text = "id: x\ntitle: X\nroles: {}\nparticipants: []\nstart: a\nstages:\n  a: { final: true }\n  b: { final: true }\n";

	(void)state;
	assert_int_equal(dossier_workflow_load_buffer(&wf, "x.yaml", text, strlen(text), NULL, &err),
		DOSSIER_EINVALID);
	assert_null(wf);
	assert_string_equal(err.path, "x.yaml");
	assert_int_equal(err.line, 8);
	assert_int_equal(err.column, 3);
	assert_non_null(strstr(err.message, "unreachable-stage"));
	dossier_error_clear(&err);

	assert_int_equal(dossier_workflow_load(&wf, "/nonexistent/dir/wf.yaml", NULL, &err) < 0, 1);
	assert_null(wf);
	assert_non_null(strstr(err.message, "/nonexistent/dir/wf.yaml"));
	dossier_error_clear(&err);
	dossier_workflow_free(NULL);
}

/* Every problem a broken definition gives has its place (issue 11 tried 427
 * mutated workflows): the shipped definitions and the small valid fixture,
 * mutated at random but seeded (DOSSIER_MUTATION_SEED replays a run). */
static void test_mutated_workflows_have_places(void **state)
{
	static const char *const snippets[] = {
		"- ", "  ", ": ", "{", "}", "[", "]", "&a", "*a", "!!str ", "---", "...", "\"\\x07\"", "\"\\0\"",
		"'", "\"", "#", "%YAML 1.1", "? ", "|", ">", "~", "null", "true", "2025-02-30", "3 working days",
		"name: <x>", "email: a@b", "to: nowhere", "when: { all: [] }", "final: true", "comments: open",
		"stages:", "roles:", "participants:", "start: x", "\t",
	};
	static const char *const files[] = {
		"workflows/decree-simplified.yaml", "workflows/decree-standard.yaml",
		"workflows/working-regulations.yaml", "tests/fixtures/workflows/valid-mini.yaml",
	};
	const char *env_seed = getenv("DOSSIER_MUTATION_SEED"), *env_n = getenv("DOSSIER_MUTATIONS");
	uint64_t seed = env_seed ? strtoull(env_seed, NULL, 10) : 20250725;
	size_t per = env_n ? strtoul(env_n, NULL, 10) : 150, i, k, unplaced = 0;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char *path = src_path(files[i]), *data = NULL;
		size_t len = 0;

		assert_int_equal(util_read_file(&data, &len, path, NULL), 0);
		for (k = 0; k < per; k++) {
			dstr m = DSTR_INIT, what = DSTR_INIT;
			dossier_workflow *wf = NULL;
			dossier_diags *diags = NULL;
			dossier_error err = DOSSIER_ERROR_INIT;
			size_t j, n;
			int rc;

			rng_seed(seed, i, k);
			dstr_add(&m, data, len);
			for (j = 0, n = 1 + below(3); j < n; j++)
				mutate_once(&m, snippets, sizeof(snippets) / sizeof(*snippets), 0, &what);
			assert_int_equal(dossier_diags_new(&diags), 0);
			rc = dossier_workflow_load_buffer(&wf, path, m.ptr ? m.ptr : "", m.len, diags, &err);
			assert_true(rc == 0 || rc == DOSSIER_EINVALID);
			if (rc < 0 && !(err.path && err.line && err.column)) {
				print_error("%s: seed=%llu mutant=%zu:%s: %s\n", files[i], (unsigned long long)seed, k,
					what.ptr ? what.ptr : "", err.message ? err.message : "?");
				unplaced++;
			}
			for (j = 0; j < dossier_diags_count(diags); j++) {
				const dossier_diag *d = dossier_diags_get(diags, j);

				if (d->severity == DOSSIER_SEVERITY_ERROR && !(d->path && d->line && d->column)) {
					print_error("%s: seed=%llu mutant=%zu:%s: %s [%s]\n", files[i],
						(unsigned long long)seed, k, what.ptr ? what.ptr : "", d->message, d->code);
					unplaced++;
				}
			}
			dossier_workflow_free(wf);
			dossier_diags_free(diags);
			dossier_error_clear(&err);
			dstr_free(&m);
			dstr_free(&what);
		}
		free(data);
		free(path);
	}
	assert_int_equal(unplaced, 0);
}

static void test_guard_names(void **state)
{
	(void)state;
	assert_null(dossier_guard_name(DOSSIER_GUARD_ALL));
	assert_null(dossier_guard_name(DOSSIER_GUARD_ANY));
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_HAS_REVISION), "has-revision");
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_REVISED_IN_STAGE), "revised-in-stage");
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_DEADLINE_PASSED), "deadline-passed");
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_MIN_PERIOD_ELAPSED), "min-period-elapsed");
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_ALL_MEMBERS_COMMENTED), "all-members-commented");
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_ALL_COMMENTS_ANSWERED), "all-comments-answered");
	assert_string_equal(dossier_guard_name(DOSSIER_GUARD_CONSOLIDATED), "consolidated");
	assert_null(dossier_guard_name(DOSSIER_GUARD__COUNT));
}

/* Hostile input: the loader must refuse it cleanly (the sanitizer build
 * turns any overflow or leak into a failure). */
static void expect_invalid(const char *data, size_t len)
{
	dossier_workflow *wf = (dossier_workflow *)1;
	dossier_diags *diags = NULL;
	int rc;

	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = dossier_workflow_load_buffer(&wf, "hostile.yaml", data, len, diags, NULL);
	assert_int_equal(rc, DOSSIER_EINVALID);
	assert_null(wf);
	assert_true(dossier_diags_errors(diags) > 0);
	dossier_diags_free(diags);
}

#define LIT(s) (s), sizeof(s) - 1

static void test_hostile_input(void **state)
{
	const size_t depth = 100000;
	char *deep = malloc(2 * depth + 1), *noise = malloc(4096);
	dstr bomb = DSTR_INIT;
	size_t i;
	unsigned seed = 12345;

	(void)state;
	expect_invalid(LIT(""));
	expect_invalid(LIT("\n\n# only a comment\n"));
	expect_invalid(LIT("42"));
	expect_invalid(LIT("- a\n- b\n"));
	expect_invalid(LIT("\xff\xfe\xfd"));
	expect_invalid(LIT("id: \xc3\x28\n"));
	expect_invalid(LIT("id: a\0b\n"));
	expect_invalid(LIT("{ stages: { a: &x { transitions: [ { to: a, when: *x } ] } } }"));
	/* Nesting far deeper than any definition: closed and unclosed. */
	assert_non_null(deep);
	for (i = 0; i < depth; i++) {
		deep[i] = '[';
		deep[depth + i] = ']';
	}
	expect_invalid(deep, 2 * depth);
	expect_invalid(deep, depth);
	{
		dossier_diags *diags = NULL;
		dossier_workflow *wf = NULL;

		/* Refused before parsing, at the bracket too many. */
		assert_int_equal(dossier_diags_new(&diags), 0);
		assert_int_equal(dossier_workflow_load_buffer(&wf, "deep", deep, depth, diags, NULL), DOSSIER_EINVALID);
		assert_non_null(find_diag(diags, "nesting-too-deep", 1, 1001));
		dossier_diags_free(diags);
		/* Under the limit, libyaml parses it and the shape is wrong. */
		assert_int_equal(dossier_diags_new(&diags), 0);
		memmove(deep + 500, deep + depth, 500);
		assert_int_equal(dossier_workflow_load_buffer(&wf, "deep", deep, 1000, diags, NULL), DOSSIER_EINVALID);
		assert_non_null(find_diag(diags, "wrong-type", 1, 1));
		dossier_diags_free(diags);
	}
	free(deep);
	/* A billion laughs in every place that takes a list. */
	dstr_adds(&bomb, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 8; i++)
		dstr_addf(&bomb, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
			(int)('a' + i), (int)('a' + i), (int)('a' + i - 1), (int)('a' + i - 1), (int)('a' + i - 1),
			(int)('a' + i - 1), (int)('a' + i - 1), (int)('a' + i - 1), (int)('a' + i - 1),
			(int)('a' + i - 1), (int)('a' + i - 1), (int)('a' + i - 1));
	dstr_adds(&bomb, "id: t\ntitle: T\nroles: { r: { may: *h } }\ncalendar: { holidays: *h, weekend: *h }\n"
		"participants: *h\nstart: s\nstages: { s: { commenters: *h, transitions: [{ to: s, roles: *h, when: *h }] } }\n");
	assert_int_equal(bomb.oom, 0);
	expect_invalid(bomb.ptr, bomb.len);
	dstr_free(&bomb);
	/* Random bytes, and random bytes after a valid start. */
	assert_non_null(noise);
	for (i = 0; i < 200; i++) {
		size_t j, n = 1 + (size_t)(i * 37 % 4000);

		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			noise[j] = (char)(seed >> 16);
		}
		if (i % 2)
			memcpy(noise, "id: x\nstages:\n", n < 14 ? n : 14);
		{
			dossier_workflow *wf = NULL;
			dossier_diags *diags = NULL;

			assert_int_equal(dossier_diags_new(&diags), 0);
			assert_true(dossier_workflow_load_buffer(&wf, "noise", noise, n, diags, NULL) < 0);
			assert_null(wf);
			dossier_diags_free(diags);
		}
	}
	free(noise);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_check_has_its_fixture),
		cmocka_unit_test(test_pinned_definition_keeps_later_checks_as_warnings),
		cmocka_unit_test(test_mutated_workflows_have_places),
		cmocka_unit_test(test_every_fixture_is_asserted),
		cmocka_unit_test(test_many_problems_in_one_run),
		cmocka_unit_test(test_shipped_workflows_are_valid),
		cmocka_unit_test(test_seed_workflow_reads_as_written),
		cmocka_unit_test(test_standard_and_regulations_read_as_written),
		cmocka_unit_test(test_deadline_and_period_forms),
		cmocka_unit_test(test_error_without_diags),
		cmocka_unit_test(test_guard_names),
		cmocka_unit_test(test_hostile_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
