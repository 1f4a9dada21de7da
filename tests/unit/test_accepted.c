/*
 * test_accepted.c: the reader of the accepted comments only
 * (facade_accepted_at, engine/facade/query.c), which the consolidation
 * uses instead of reading every comment: it must give exactly the
 * accepted and partly accepted comments of facade_comments_at, with their
 * responses, in the same order; nothing when no response accepts.
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
#include "facade/facade_int.h"
#include "base/util.h"

static const char *draft_text =
	"NGHỊ ĐỊNH\n"
	"Quy định về phát triển đô thị thông minh\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.\n"
	"Điều 2. Hiệu lực thi hành\n"
	"1. Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n"
	"2. Bộ trưởng Bộ Xây dựng hướng dẫn thi hành.\n";

static char *dir, *repo;

static void set_as(dossier *d, const char *as, const char *now)
{
	dossier_identity who = { as, now, NULL };
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_set_identity(d, &who, &err), 0);
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/dossier-accepted-XXXXXX";
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	dossier_identity who = { "moc", "2025-06-20T09:00", NULL };
	dossier_init_options io = DOSSIER_INIT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *wf, *home, *draft, *v = NULL;
	dossier *d = NULL;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	dir = util_strdup(tmpl);
	home = util_sprintf("%s/home", dir);
	assert_int_equal(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	free(home);
	repo = util_sprintf("%s/d.git", dir);
	draft = util_sprintf("%s/draft.txt", dir);
	assert_non_null(fp = fopen(draft, "w"));
	fputs(draft_text, fp);
	fclose(fp);
	wf = util_sprintf("%s/workflows/decree-simplified.yaml", root ? root : ".");
	io.bare = true;
	if (dossier_init(&d, repo, wf, &who, &io, NULL, &err) < 0)
		fail_msg("init: %s", err.message);
	set_as(d, "moc", "2025-06-25T10:00");
	assert_int_equal(dossier_revise(&v, d, draft, "Dự thảo lần 1", NULL, &err), 0);
	free(v);
	set_as(d, "moc", "2025-06-26T08:00");
	assert_int_equal(dossier_advance(d, "member-comment", NULL, &err), 0);
	dossier_free(d);
	free(wf);
	free(draft);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = util_sprintf("rm -rf '%s'", dir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
	free(repo);
	return 0;
}

static void comment(dossier *d, const char *as, const char *now, const char *on, const char *proposal)
{
	dossier_comment_options co = DOSSIER_COMMENT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *id = NULL;

	set_as(d, as, now);
	co.on = on;
	co.text = "Đề nghị sửa.";
	co.proposal = proposal;
	if (dossier_comment(&id, d, &co, &err) < 0)
		fail_msg("comment: %s", err.message);
	free(id);
}

static void accepted_now(dossier_comment_list **acc, dossier_comment_list **all, dossier *d)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_snap *tip = NULL;

	assert_int_equal(store_tip(&tip, d->store, &err), 0);
	assert_int_equal(facade_accepted_at(acc, d, tip, &err), 0);
	assert_int_equal(facade_comments_at(all, d, tip, NULL, &err), 0);
	snap_free(tip);
}

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void test_accepted_only_and_in_order(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_list *acc = NULL, *all = NULL;
	dossier *d = NULL;
	size_t i, k = 0;

	(void)state;
	assert_int_equal(dossier_open(&d, repo, NULL, &err), 0);
	comment(d, "most", "2025-07-01T09:00", "art_1", "Nội dung mới một.");
	comment(d, "mof", "2025-07-01T10:00", "art_2__para_1", "Nội dung mới hai.");
	comment(d, "mps", "2025-07-01T11:00", "art_2__para_2", NULL);
	comment(d, "most", "2025-07-01T12:00", "general", NULL);

	/* No response yet: nothing is accepted, and nothing was read. */
	accepted_now(&acc, &all, d);
	assert_int_equal(acc->n, 0);
	assert_int_equal(all->n, 4);
	dossier_comment_list_free(acc);
	dossier_comment_list_free(all);

	/* Answered out of order: accepted, partly accepted, rejected, noted. */
	set_as(d, "moc", "2025-07-02T09:00");
	assert_int_equal(dossier_respond(d, "mof-1", DOSSIER_DISPOSITION_PARTIAL, "một phần", "Đã sửa hai.", &err), 0);
	assert_int_equal(dossier_respond(d, "mps-1", DOSSIER_DISPOSITION_REJECTED, "không", NULL, &err), 0);
	assert_int_equal(dossier_respond(d, "most-2", DOSSIER_DISPOSITION_NOTED, NULL, NULL, &err), 0);
	set_as(d, "moc", "2025-07-02T10:00");
	assert_int_equal(dossier_respond(d, "most-1", DOSSIER_DISPOSITION_ACCEPTED, "đồng ý", NULL, &err), 0);

	accepted_now(&acc, &all, d);
	assert_int_equal(acc->n, 2);
	for (i = 0; i < all->n; i++) {
		const dossier_comment_record *a = &all->items[i], *b;

		if (a->disposition != DOSSIER_DISPOSITION_ACCEPTED && a->disposition != DOSSIER_DISPOSITION_PARTIAL)
			continue;
		assert_true(k < acc->n);
		b = &acc->items[k++];
		assert_string_equal(a->id, b->id);
		same_str(a->author, b->author);
		same_str(a->on, b->on);
		same_str(a->revision, b->revision);
		same_str(a->text, b->text);
		same_str(a->proposal, b->proposal);
		same_str(a->reason, b->reason);
		same_str(a->adopted, b->adopted);
		same_str(a->responder, b->responder);
		assert_int_equal(a->disposition, b->disposition);
		assert_true(a->time == b->time);
		assert_true(a->response_time == b->response_time);
	}
	assert_int_equal(k, 2);
	assert_string_equal(acc->items[0].id, "most-1");
	assert_string_equal(acc->items[1].id, "mof-1");
	assert_string_equal(acc->items[1].adopted, "Đã sửa hai.");
	assert_null(dossier_read_warnings(d));
	dossier_comment_list_free(acc);
	dossier_comment_list_free(all);

	/* Answered again: the acceptance withdrawn is no longer read. */
	set_as(d, "moc", "2025-07-03T09:00");
	assert_int_equal(dossier_respond(d, "most-1", DOSSIER_DISPOSITION_REJECTED, "xem lại", NULL, &err), 0);
	accepted_now(&acc, &all, d);
	assert_int_equal(acc->n, 1);
	assert_string_equal(acc->items[0].id, "mof-1");
	dossier_comment_list_free(acc);
	dossier_comment_list_free(all);
	dossier_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_only_and_in_order),
	};

	int rc;

	dossier_global_init();
	rc = cmocka_run_group_tests(tests, setup, teardown);
	dossier_global_shutdown();
	return rc;
}
