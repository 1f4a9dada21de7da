/*
 * test_frontend.c: the calls of dossier/frontend.h (engine/facade/frontend.c)
 * that the web server uses: one handle re-used for several actors and times,
 * each action authored by the participant named last; the list of revisions
 * with who made them and when; a revision's stored Akoma Ntoso; the stable
 * error names on the way.
 *
 * Works in its own directory under /tmp, removed at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "dossier/dossier.h"
#include "base/util.h"

static const char *draft_text =
	"NGHỊ ĐỊNH\n"
	"Quy định về phát triển đô thị thông minh\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.\n"
	"Điều 2. Hiệu lực thi hành\n"
	"1. Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n"
	"2. Bộ trưởng Bộ Xây dựng hướng dẫn thi hành.\n";

typedef struct fixture {
	char *dir;
	char *repo;
	char *draft;
} fixture;

static int setup(void **state)
{
	char tmpl[] = "/tmp/dossier-frontend-XXXXXX";
	fixture *f = calloc(1, sizeof(*f));
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	dossier_identity who = { "moc", "2025-06-20T09:00", NULL };
	dossier_init_options io = DOSSIER_INIT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *wf, *home;
	dossier *d = NULL;
	FILE *fp;

	assert_non_null(f);
	assert_non_null(mkdtemp(tmpl));
	f->dir = util_strdup(tmpl);
	home = util_sprintf("%s/home", f->dir);
	assert_int_equal(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	free(home);
	f->repo = util_sprintf("%s/d.git", f->dir);
	f->draft = util_sprintf("%s/draft.txt", f->dir);
	fp = fopen(f->draft, "w");
	assert_non_null(fp);
	fputs(draft_text, fp);
	fclose(fp);
	wf = util_sprintf("%s/workflows/decree-simplified.yaml", root ? root : ".");
	io.bare = true;
	if (dossier_init(&d, f->repo, wf, &who, &io, NULL, &err) < 0)
		fail_msg("init: %s", err.message);
	dossier_free(d);
	free(wf);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char *cmd = util_sprintf("rm -rf '%s'", f->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->dir);
	free(f->repo);
	free(f->draft);
	free(f);
	return 0;
}

static void set_as(dossier *d, const char *as, const char *now)
{
	dossier_identity who = { as, now, NULL };
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_set_identity(d, &who, &err), 0);
}

static void test_one_handle_many_actors(void **state)
{
	fixture *f = *state;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_options co = DOSSIER_COMMENT_OPTIONS_INIT;
	dossier_revision_list *revs = NULL;
	dossier_comment_list *l = NULL;
	dossier_status *st = NULL;
	dossier *d = NULL;
	char *v = NULL, *id = NULL, *xml = NULL, *json;
	size_t len = 0;

	assert_int_equal(dossier_open(&d, f->repo, NULL, &err), 0);
	assert_non_null(strstr(dossier_git_dir(d), "/d.git/"));
	assert_string_equal(dossier_git_dir(d) + strlen(dossier_git_dir(d)) - 7, "/d.git/");
	assert_non_null(strstr(dossier_path(d), "/d.git"));
	set_as(d, "moc", "2025-06-25T10:00");
	assert_int_equal(dossier_revise(&v, d, f->draft, "Dự thảo lần 1", NULL, &err), 0);
	assert_string_equal(v, "v1");
	free(v);
	set_as(d, "moc", "2025-06-26T08:00");
	assert_int_equal(dossier_advance(d, "member-comment", NULL, &err), 0);

	/* The same handle, another participant and another time. */
	set_as(d, "most", "2025-07-03T09:15");
	co.on = "art_2__para_2";
	co.text = "Đề nghị làm rõ.";
	assert_int_equal(dossier_comment(&id, d, &co, &err), 0);
	assert_string_equal(id, "most-1");
	free(id);
	/* The record just committed, without reading the dossier again. */
	assert_int_equal(dossier_last_comment(&l, d, &err), 0);
	assert_string_equal(l->items[0].id, "most-1");
	assert_string_equal(l->items[0].citation, "Điều 2 khoản 2");
	assert_string_equal(l->items[0].revision, "v1");
	json = dossier_comment_json(&l->items[0], d);
	assert_non_null(strstr(json, "\"time\": \"2025-07-03T09:15:00+07:00\""));
	free(json);
	dossier_comment_list_free(l);
	set_as(d, "hanoi", "2025-07-04T09:15");
	co.on = "art_9";
	assert_int_equal(dossier_comment(&id, d, &co, &err), DOSSIER_ENOTFOUND);
	assert_string_equal(dossier_error_tag(&err), "unknown-provision");
	assert_int_equal(dossier_last_comment(&l, d, &err), DOSSIER_ENOTFOUND);
	assert_null(l);
	co.on = "general";
	assert_int_equal(dossier_comment(&id, d, &co, &err), 0);
	assert_string_equal(id, "hanoi-1");
	free(id);
	/* After the deadline: the time of this identity, not the last one's. */
	set_as(d, "mof", "2025-07-26T08:00");
	assert_int_equal(dossier_comment(&id, d, &co, &err), DOSSIER_EREFUSED);
	assert_string_equal(dossier_error_tag(&err), "late-comment");
	set_as(d, "nobody", "2025-07-04T08:00");
	assert_int_equal(dossier_comment(&id, d, &co, &err), DOSSIER_EREFUSED);
	assert_string_equal(dossier_error_tag(&err), "not-participant");
	set_as(d, "most", "2025-07-05T08:00");
	assert_int_equal(dossier_advance(d, "workshop", NULL, &err), DOSSIER_EREFUSED);
	assert_string_equal(dossier_error_tag(&err), "role-not-allowed");
	dossier_error_clear(&err);

	/* One comment by id. */
	assert_int_equal(dossier_get_comment(&l, d, "hanoi-1", &err), 0);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->items[0].on, "general");
	json = dossier_comment_json(&l->items[0], d);
	assert_non_null(json);
	assert_int_equal(json[0], '{');
	assert_non_null(strstr(json, "\"id\": \"hanoi-1\""));
	assert_non_null(strstr(json, "\"response\": null"));
	free(json);
	dossier_comment_list_free(l);
	assert_int_equal(dossier_get_comment(&l, d, "hanoi-9", &err), DOSSIER_ENOTFOUND);
	assert_string_equal(dossier_error_tag(&err), "unknown-comment");
	assert_int_equal(dossier_get_comment(&l, d, "../state", &err), DOSSIER_ENOTFOUND);
	assert_null(l);
	assert_int_equal(dossier_get_comments(&l, d, NULL, &err), 0);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->items[0].author, "most");
	assert_string_equal(l->items[1].author, "hanoi");
	dossier_comment_list_free(l);
	set_as(d, NULL, "2025-07-23T12:00");
	assert_int_equal(dossier_get_status(&st, d, &err), 0);
	assert_int_equal(st->comments, 2);
	dossier_status_free(st);

	/* Revisions and their stored text. */
	assert_int_equal(dossier_get_revisions(&revs, d, &err), 0);
	assert_int_equal(revs->n, 1);
	assert_string_equal(revs->items[0].name, "v1");
	assert_string_equal(revs->items[0].by, "moc");
	assert_string_equal(revs->items[0].stage, "drafting");
	assert_string_equal(revs->items[0].message, "Dự thảo lần 1");
	assert_non_null(revs->items[0].by_name);
	json = dossier_revisions_json(revs, d);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"time\": \"2025-06-25T10:00:00+07:00\""));
	free(json);
	dossier_revision_list_free(revs);
	assert_int_equal(dossier_get_revision_akn(&xml, &len, d, "v1", &err), 0);
	assert_int_equal(strlen(xml), len);
	assert_non_null(strstr(xml, "art_2__para_2"));
	free(xml);
	assert_int_equal(dossier_get_revision_akn(&xml, &len, d, NULL, &err), 0);
	free(xml);
	assert_int_equal(dossier_get_revision_akn(&xml, &len, d, "v2", &err), DOSSIER_ENOTFOUND);
	assert_string_equal(dossier_error_tag(&err), "unknown-revision");
	assert_null(xml);
	assert_int_equal(dossier_get_revision_akn(&xml, &len, d, "../v1", &err), DOSSIER_EINVALID);
	assert_string_equal(dossier_error_tag(&err), "invalid-revision");
	dossier_error_clear(&err);
	dossier_revision_list_free(NULL);
	dossier_free(d);
}

/* Two handles on one dossier, taking turns: each keeps the state and the
 * trees of what it committed last (facade.c, store_tree.c), and must
 * notice when the other moved the tip in between; every count and every
 * comment number comes out as if each action had read the dossier afresh. */
static void test_two_handles_take_turns(void **state)
{
	static const char *const expect[] = { "most-1", "most-2", "most-3", "most-4", "most-5", "most-6" };
	static const int turn[] = { 0, 1, 0, 0, 1, 1 };
	fixture *f = *state;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_options co = DOSSIER_COMMENT_OPTIONS_INIT;
	dossier_status *st = NULL;
	dossier *d[2] = { NULL, NULL };
	char *v = NULL, *id = NULL, *cmd;
	size_t i;

	assert_int_equal(dossier_open(&d[0], f->repo, NULL, &err), 0);
	assert_int_equal(dossier_open(&d[1], f->repo, NULL, &err), 0);
	set_as(d[0], "moc", "2025-06-25T10:00");
	assert_int_equal(dossier_revise(&v, d[0], f->draft, "Dự thảo lần 1", NULL, &err), 0);
	free(v);
	set_as(d[0], "moc", "2025-06-26T08:00");
	assert_int_equal(dossier_advance(d[0], "member-comment", NULL, &err), 0);
	set_as(d[0], "most", "2025-07-03T09:15");
	set_as(d[1], "most", "2025-07-03T09:15");
	co.text = "Đề nghị làm rõ.";
	for (i = 0; i < sizeof(turn) / sizeof(turn[0]); i++) {
		/* a fan-out directory shared by turns, and one of its own */
		co.on = i % 2 ? "art_2__para_2" : "general";
		if (dossier_comment(&id, d[turn[i]], &co, &err) < 0)
			fail_msg("comment %zu: %s", i + 1, err.message);
		assert_string_equal(id, expect[i]);
		free(id);
	}
	/* what a handle that read nothing before sees, and what each sees */
	for (i = 0; i < 2; i++) {
		assert_int_equal(dossier_get_status(&st, d[i], &err), 0);
		assert_int_equal(st->comments, 6);
		dossier_status_free(st);
	}
	dossier_free(d[0]);
	dossier_free(d[1]);
	assert_int_equal(dossier_open(&d[0], f->repo, NULL, &err), 0);
	assert_int_equal(dossier_get_status(&st, d[0], &err), 0);
	assert_int_equal(st->comments, 6);
	assert_int_equal(st->events, 9);   /* init, revise, advance, six comments */
	dossier_status_free(st);
	dossier_free(d[0]);
	cmd = util_sprintf("git -C '%s' fsck --strict --no-progress >/dev/null 2>&1", f->repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_handle_many_actors),
		cmocka_unit_test_setup_teardown(test_two_handles_take_turns, setup, teardown),
	};
	int rc;

	dossier_global_init();
	rc = cmocka_run_group_tests(tests, setup, teardown);
	dossier_global_shutdown();
	return rc;
}
