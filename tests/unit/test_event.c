/*
 * test_event.c: the table of event kinds and the state step
 * (engine/facade/event.c). Every kind's name reads back as the kind; what
 * each kind needs in its trailers and the paths it may write come from the
 * table; a step asks the machine and applies the event, leaves the state
 * as it was when refused, and a replay that applies a refused advance
 * goes to the stage the commit names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "facade/event_int.h"

static dossier_workflow *load(void)
{
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	char path[1024];
	dossier_workflow *wf = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_non_null(root);
	snprintf(path, sizeof(path), "%s/workflows/decree-simplified.yaml", root);
	if (dossier_workflow_load(&wf, path, NULL, &err) < 0)
		fail_msg("cannot load %s: %s", path, err.message ? err.message : "?");
	return wf;
}

static void test_names(void **state)
{
	static const char *const names[] = { "init", "revise", "advance", "comment", "respond", "import" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ds_event ev = ds_event_of(names[i]);

		assert_int_not_equal(ev, DS_EVENT_NONE);
		assert_string_equal(ds_event_name(ev), names[i]);
		assert_int_equal(ds_event_kind_of(ev)->event, ev);
	}
	assert_int_equal(ds_event_of(NULL), DS_EVENT_NONE);
	assert_int_equal(ds_event_of(""), DS_EVENT_NONE);
	assert_int_equal(ds_event_of("Comment"), DS_EVENT_NONE);
	assert_int_equal(ds_event_kind_of((ds_event)99)->event, DS_EVENT_NONE);
	assert_int_equal(ds_event_kind_of(DS_EVENT_COMMENT)->action, DOSSIER_ACTION_COMMENT);
	assert_int_equal(ds_event_kind_of(DS_EVENT_IMPORT)->action, 0);
	assert_true(ds_event_kind_of(DS_EVENT_REVISE)->flags & DS_EV_TAGS);
	assert_false(ds_event_kind_of(DS_EVENT_COMMENT)->flags & DS_EV_SHAPES);
}

static void test_trailers(void **state)
{
	ds_trailers tr;

	(void)state;
	memset(&tr, 0, sizeof(tr));
	assert_false(ds_event_trailers_ok(DS_EVENT_COMMENT, &tr));
	assert_false(ds_event_trailers_ok(DS_EVENT_RESPOND, &tr));
	assert_false(ds_event_trailers_ok(DS_EVENT_ADVANCE, &tr));
	assert_true(ds_event_trailers_ok(DS_EVENT_REVISE, &tr));
	tr.id = "most-1";
	assert_true(ds_event_trailers_ok(DS_EVENT_COMMENT, &tr));
	assert_false(ds_event_trailers_ok(DS_EVENT_ADVANCE, &tr));
	tr.target = "member-comment";
	assert_true(ds_event_trailers_ok(DS_EVENT_ADVANCE, &tr));
}

static bool has(const ds_paths *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i], path))
			return true;
	return false;
}

static void test_paths(void **state)
{
	ds_paths p;
	char *cpath = comment_path("most-1"), *rpath = response_path("most-1");

	(void)state;
	assert_int_equal(ds_event_paths(&p, DS_EVENT_REVISE, NULL, 3), 0);
	assert_int_equal(p.n, 6);
	assert_true(has(&p, "revisions/v3.xml"));
	assert_true(has(&p, "revisions/v3.json"));
	assert_true(has(&p, "revisions/v3.eids"));
	assert_true(has(&p, "models/v3.model"));
	assert_true(has(&p, PATH_DRAFT));
	assert_true(has(&p, PATH_STATE));
	assert_false(ds_paths_allows(&p, "revisions/v2.xml", 'M'));
	ds_paths_clear(&p);

	assert_int_equal(ds_event_paths(&p, DS_EVENT_COMMENT, "most-1", 0), 0);
	assert_int_equal(p.n, 2);
	assert_true(ds_paths_allows(&p, cpath, 'A'));
	assert_false(ds_paths_allows(&p, rpath, 'A'));
	assert_false(ds_paths_allows(&p, "comments/00/pub-1.json", 'A'));
	ds_paths_clear(&p);

	assert_int_equal(ds_event_paths(&p, DS_EVENT_RESPOND, "most-1", 0), 0);
	assert_true(ds_paths_allows(&p, rpath, 'M'));
	assert_false(ds_paths_allows(&p, cpath, 'M'));
	ds_paths_clear(&p);

	/* an import adds comment records it does not list, and changes no other */
	assert_int_equal(ds_event_paths(&p, DS_EVENT_IMPORT, NULL, 0), 0);
	assert_int_equal(p.n, 1);
	assert_true(ds_paths_allows(&p, "comments/00/pub-1.json", 'A'));
	assert_false(ds_paths_allows(&p, "comments/00/pub-1.json", 'M'));
	assert_false(ds_paths_allows(&p, rpath, 'A'));
	ds_paths_clear(&p);

	assert_int_equal(ds_event_paths(&p, DS_EVENT_INIT, NULL, 0), 0);
	assert_true(has(&p, PATH_META) && has(&p, PATH_WORKFLOW) && has(&p, PATH_STATE));
	ds_paths_clear(&p);
	free(cpath);
	free(rpath);
}

static void test_step(void **state)
{
	dossier_workflow *wf = load();
	dossier_error err = DOSSIER_ERROR_INIT;
	ds_state st;
	dossier_time t0;
	ds_step s;

	(void)state;
	assert_int_equal(dossier_time_parse(&t0, &wf->calendar, "2025-07-01", NULL), 0);
	assert_int_equal(ds_state_initial(&st, wf, "moc", t0), 0);

	/* no revision yet: the machine refuses the advance, and the state stays */
	s = (ds_step){ .event = DS_EVENT_ADVANCE, .actor = "moc", .when = t0 + 60, .target = "member-comment" };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), DOSSIER_EREFUSED);
	assert_non_null(err.message);
	assert_string_equal(st.stage, "drafting");
	assert_int_equal(st.events, 1);
	dossier_error_clear(&err);

	s = (ds_step){ .event = DS_EVENT_REVISE, .actor = "moc", .when = t0 + 120 };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), 0);
	assert_int_equal(st.revision, 1);

	s = (ds_step){ .event = DS_EVENT_ADVANCE, .actor = "moc", .when = t0 + 180, .target = "member-comment" };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), 0);
	assert_string_equal(s.next.stage, "member-comment");
	assert_string_equal(st.stage, "member-comment");

	/* a member comments, and is numbered; the drafter may not comment */
	s = (ds_step){ .event = DS_EVENT_COMMENT, .actor = "most", .when = t0 + 240 };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), 0);
	assert_int_equal(s.seq, 1);
	assert_int_equal(st.comments, 1);
	assert_int_equal(st.unanswered, 1);
	s = (ds_step){ .event = DS_EVENT_COMMENT, .actor = "moc", .when = t0 + 300 };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), DOSSIER_EREFUSED);
	assert_int_equal(st.comments, 1);
	dossier_error_clear(&err);

	/* the refused comment applied anyway, as a replay does */
	assert_int_equal(ds_state_check(&st, wf, &s, &err), DOSSIER_EREFUSED);
	assert_null(s.next.stage);
	dossier_error_clear(&err);
	assert_int_equal(ds_state_apply(&st, &s, &err), 0);
	assert_int_equal(st.comments, 2);

	s = (ds_step){ .event = DS_EVENT_RESPOND, .actor = "moc", .when = t0 + 360, .first = true,
		.disposition = DOSSIER_DISPOSITION_ACCEPTED };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), 0);
	assert_int_equal(st.responses, 1);
	assert_true(st.accepted_since_revision);

	/* an advance the machine refuses, applied by a replay, goes to its target */
	s = (ds_step){ .event = DS_EVENT_ADVANCE, .actor = "most", .when = t0 + 420, .target = "workshop" };
	assert_true(ds_state_check(&st, wf, &s, &err) < 0);
	dossier_error_clear(&err);
	assert_int_equal(ds_state_apply(&st, &s, &err), 0);
	assert_string_equal(st.stage, "workshop");

	/* an import is no decision of the machine: it steps as it is */
	{
		const char *authors[] = { "most", NULL };
		unsigned seqs[2] = { 0, 0 };

		s = (ds_step){ .event = DS_EVENT_IMPORT, .actor = "moc", .when = t0 + 480, .authors = authors,
			.nauthors = 2, .seqs = seqs };
		assert_int_equal(ds_state_step(&st, wf, &s, &err), 0);
		assert_int_equal(seqs[0], 2);
		assert_int_equal(seqs[1], 1);
	}

	/* an init is no step from a state */
	s = (ds_step){ .event = DS_EVENT_INIT, .actor = "moc", .when = t0 };
	assert_int_equal(ds_state_step(&st, wf, &s, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	ds_state_clear(&st);
	dossier_workflow_free(wf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_trailers),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
