/*
 * test_sync.c: members' clones and the server's check (engine/facade/sync.c,
 * engine/facade/hook.c, engine/store/store_remote.c) through the engine's API, with
 * file:// remotes: the replay of concurrent comments (renumbered when the
 * same participant commented in two clones), a concurrent stage change
 * refused with main unchanged and the local events kept, and the
 * pre-receive check judged on the objects of a clone (standing in for a
 * push's quarantine): the server's clock against a deadline, the pusher's
 * account, references other than main, tags.
 *
 * Every test works in its own directory under /tmp, removed at the end;
 * HOME points at a scratch directory so that no git configuration leaks in.
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
#include "store/store.h"
#include "base/util.h"

static const char *draft_text =
	"NGHỊ ĐỊNH\n"
	"Quy định về phát triển đô thị thông minh\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.\n"
	"Điều 2. Hiệu lực thi hành\n"
	"Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n";

typedef struct fixture {
	char *dir;
	char *server;
	char *url;
} fixture;

static char *path_in(const fixture *f, const char *name)
{
	return util_sprintf("%s/%s", f->dir, name);
}

static dossier *open_as(const char *dir, const char *as, const char *now)
{
	dossier_identity who = { as, now, NULL };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	if (dossier_open(&d, dir, &who, &err) < 0)
		fail_msg("cannot open %s: %s", dir, err.message);
	return d;
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/dossier-sync-XXXXXX";
	fixture *f = calloc(1, sizeof(*f));
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	dossier_identity who = { "moc", "2025-06-20T09:00", NULL };
	dossier_init_options io = DOSSIER_INIT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *wf, *draft, *home, *v = NULL;
	dossier *d = NULL;
	FILE *fp;

	assert_non_null(f);
	assert_non_null(mkdtemp(tmpl));
	f->dir = util_strdup(tmpl);
	home = path_in(f, "home");
	assert_int_equal(mkdir(home, 0700), 0);
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	free(home);
	f->server = path_in(f, "server.git");
	f->url = util_sprintf("file://%s", f->server);
	wf = util_sprintf("%s/workflows/decree-simplified.yaml", root ? root : ".");
	draft = path_in(f, "draft.txt");
	fp = fopen(draft, "w");
	assert_non_null(fp);
	fputs(draft_text, fp);
	fclose(fp);
	io.bare = true;
	assert_int_equal(dossier_init(&d, f->server, wf, &who, &io, NULL, &err), 0);
	dossier_free(d);
	d = open_as(f->server, "moc", "2025-06-25T10:00");
	assert_int_equal(dossier_revise(&v, d, draft, NULL, NULL, &err), 0);
	free(v);
	dossier_free(d);
	d = open_as(f->server, "moc", "2025-06-26T08:00");
	assert_int_equal(dossier_advance(d, "member-comment", NULL, &err), 0);
	dossier_free(d);
	free(wf);
	free(draft);
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
	free(f->server);
	free(f->url);
	free(f);
	return 0;
}

static char *clone_to(const fixture *f, const char *name, bool bare)
{
	char *dir = path_in(f, name);
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier *d = NULL;

	assert_int_equal(dossier_diags_new(&diags), 0);
	if (dossier_clone(&d, f->url, dir, bare, NULL, NULL, diags, &err) < 0)
		fail_msg("clone: %s", err.message);
	dossier_free(d);
	dossier_diags_free(diags);
	return dir;
}

static char *comment_in(const char *dir, const char *as, const char *now, const char *text)
{
	dossier_comment_options o = DOSSIER_COMMENT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = open_as(dir, as, now);
	char *id = NULL;

	o.on = "art_1";
	o.text = text;
	if (dossier_comment(&id, d, &o, &err) < 0)
		fail_msg("comment: %s", err.message);
	dossier_free(d);
	return id;
}

/* A sync at `now`: a folder remote is checked by the pusher's clock. */
static int sync_at(dossier_sync_result **res, const char *dir, const char *now, dossier_error *err)
{
	dossier_diags *diags = NULL;
	dossier *d = open_as(dir, NULL, now);
	int rc;

	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = dossier_sync(res, d, NULL, NULL, diags, err);
	dossier_diags_free(diags);
	dossier_free(d);
	return rc;
}

/* Within the comment round (its deadline is 25 July). */
static int sync_in(dossier_sync_result **res, const char *dir, dossier_error *err)
{
	return sync_at(res, dir, "2025-07-20T10:00", err);
}

static void main_of(char out[41], const char *dir)
{
	dossier_store *s = NULL;

	assert_int_equal(store_open(&s, dir, NULL), 0);
	assert_int_equal(store_ref_read(out, s, DOSSIER_BRANCH, NULL), 0);
	store_free(s);
}

static void assert_verifies(const char *dir)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier *d = open_as(dir, NULL, NULL);

	assert_int_equal(dossier_diags_new(&diags), 0);
	if (dossier_verify(d, diags, &err) < 0) {
		char *s = dossier_diags_count(diags) ? dossier_diag_format(dossier_diags_get(diags, 0)) : NULL;

		fail_msg("%s does not verify: %s", dir, s ? s : err.message);
	}
	dossier_diags_free(diags);
	dossier_free(d);
}

/* ---- replay ---------------------------------------------------------------- */

static void test_concurrent_comments_are_renumbered(void **state)
{
	fixture *f = *state;
	char *a = clone_to(f, "a", false), *b = clone_to(f, "b", true);
	char *ia = comment_in(a, "most", "2025-07-01T10:00", "in a");
	char *ib = comment_in(b, "most", "2025-07-01T11:00", "in b");
	dossier_sync_result *res = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_list *list = NULL;
	dossier *d;
	char ta[41], tb[41], ts[41];

	assert_string_equal(ia, "most-1");
	assert_string_equal(ib, "most-1");
	assert_int_equal(sync_in(&res, a, &err), 0);
	assert_int_equal(res->sent, 1);
	assert_int_equal(res->replayed, 0);
	dossier_sync_result_free(res);
	assert_int_equal(sync_in(&res, b, &err), 0);
	assert_int_equal(res->received, 1);
	assert_int_equal(res->sent, 1);
	assert_int_equal(res->replayed, 1);
	assert_int_equal(res->nnotes, 1);
	assert_non_null(strstr(res->notes[0], "'most-1' is now 'most-2'"));
	dossier_sync_result_free(res);
	assert_int_equal(sync_in(&res, a, &err), 0);
	dossier_sync_result_free(res);
	main_of(ta, a);
	main_of(tb, b);
	main_of(ts, f->server);
	assert_string_equal(ta, tb);
	assert_string_equal(ta, ts);
	d = open_as(a, NULL, NULL);
	assert_int_equal(dossier_get_comments(&list, d, NULL, &err), 0);
	assert_int_equal(list->n, 2);
	assert_string_equal(list->items[0].id, "most-1");
	assert_string_equal(list->items[0].text, "in a");
	assert_string_equal(list->items[1].id, "most-2");
	assert_string_equal(list->items[1].text, "in b");
	dossier_comment_list_free(list);
	dossier_free(d);
	assert_verifies(a);
	assert_verifies(b);
	assert_verifies(f->server);
	free(ia);
	free(ib);
	free(a);
	free(b);
}

/* A response to a local comment that gets renumbered follows it. */
static void test_response_follows_a_renumbered_comment(void **state)
{
	fixture *f = *state;
	char *a = clone_to(f, "a", false), *b = clone_to(f, "b", false);
	char *ib = comment_in(b, "most", "2025-07-01T09:00", "from b");
	char *ia = comment_in(a, "most", "2025-07-01T10:00", "from a");
	dossier_sync_result *res = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_list *list = NULL;
	dossier *d;

	d = open_as(a, "moc", "2025-07-02T10:00");
	assert_int_equal(dossier_respond(d, "most-1", DOSSIER_DISPOSITION_ACCEPTED, NULL, NULL, &err), 0);
	dossier_free(d);
	assert_int_equal(sync_in(&res, b, &err), 0);
	dossier_sync_result_free(res);
	assert_int_equal(sync_in(&res, a, &err), 0);
	assert_int_equal(res->replayed, 2);
	dossier_sync_result_free(res);
	d = open_as(f->server, NULL, NULL);
	assert_int_equal(dossier_get_comments(&list, d, NULL, &err), 0);
	assert_int_equal(list->n, 2);
	assert_string_equal(list->items[0].id, "most-1");
	assert_string_equal(list->items[0].text, "from b");
	assert_int_equal(list->items[0].disposition, DOSSIER_DISPOSITION_NONE);
	assert_string_equal(list->items[1].id, "most-2");
	assert_string_equal(list->items[1].text, "from a");
	assert_int_equal(list->items[1].disposition, DOSSIER_DISPOSITION_ACCEPTED);
	dossier_comment_list_free(list);
	dossier_free(d);
	assert_verifies(f->server);
	free(ia);
	free(ib);
	free(a);
	free(b);
}

static void test_concurrent_advance_is_a_conflict(void **state)
{
	fixture *f = *state;
	char *a = clone_to(f, "a", false), *b = clone_to(f, "b", false);
	dossier_sync_result *res = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d;
	char before[41], after[41], kept[41];
	dossier_store *s = NULL;

	d = open_as(a, "moc", "2025-07-26T09:00");
	assert_int_equal(dossier_advance(d, "workshop", NULL, &err), 0);
	dossier_free(d);
	d = open_as(b, "moc", "2025-07-26T10:00");
	assert_int_equal(dossier_advance(d, "workshop", NULL, &err), 0);
	dossier_free(d);
	assert_int_equal(sync_at(&res, a, "2025-07-28T10:00", &err), 0);
	dossier_sync_result_free(res);
	main_of(before, b);
	assert_int_equal(sync_at(&res, b, "2025-07-28T10:00", &err), DOSSIER_EREFUSED);
	assert_non_null(strstr(err.message, "cannot integrate your commit"));
	assert_non_null(strstr(err.message, "meanwhile the remote has commit"));
	assert_non_null(res->unsynced);
	main_of(after, b);
	assert_string_equal(before, after);
	assert_int_equal(store_open(&s, b, NULL), 0);
	assert_int_equal(store_ref_read(kept, s, res->unsynced, NULL), 0);
	assert_string_equal(kept, before);
	store_free(s);
	dossier_sync_result_free(res);
	dossier_error_clear(&err);
	free(a);
	free(b);
}

/* ---- the hook ---------------------------------------------------------------- */

static int hook(const fixture *f, const char *clone, const char *input, const char *now,
	const dossier_hook_account *acc, size_t nacc, const char *want_code)
{
	dossier_hook_options o = DOSSIER_HOOK_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	char *objects = util_sprintf("%s/.git/objects", clone);
	size_t i;
	bool found = false;
	int rc;

	o.now = now;
	o.object_dir = objects;
	o.accounts = acc;
	o.naccounts = nacc;
	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = dossier_hook_pre_receive(f->server, input, &o, diags, &err);
	for (i = 0; i < dossier_diags_count(diags); i++)
		if (want_code && !strcmp(dossier_diags_get(diags, i)->code, want_code))
			found = true;
	if (want_code && !found)
		fail_msg("no '%s' refusal (rc %d, %zu diagnostics, %s)", want_code, rc, dossier_diags_count(diags),
			err.message ? err.message : "");
	dossier_diags_free(diags);
	dossier_error_clear(&err);
	free(objects);
	return rc;
}

static void test_hook_rules(void **state)
{
	fixture *f = *state;
	char *a = clone_to(f, "a", false);
	char *id = comment_in(a, "most", "2025-07-25T10:00", "late or not");
	char old[41], new_[41];
	char *main_line, *tag_line, *other_line, *del_line;
	const dossier_hook_account hanoi = { "REMOTE_USER", "hanoi" };
	const dossier_hook_account most = { "REMOTE_USER", "vanthu@most.gov.vn" };
	const dossier_hook_account nobody = { "GL_USERNAME", "nobody" };

	main_of(old, f->server);
	main_of(new_, a);
	main_line = util_sprintf("%s %s refs/heads/main\n", old, new_);
	tag_line = util_sprintf("%s %s refs/tags/v2\n", "0000000000000000000000000000000000000000", new_);
	other_line = util_sprintf("%s %s refs/heads/draft\n", "0000000000000000000000000000000000000000", new_);
	del_line = util_sprintf("%s %s refs/heads/main\n", old, "0000000000000000000000000000000000000000");
	/* received on time, then after the deadline */
	assert_int_equal(hook(f, a, main_line, "2025-07-25T20:00", NULL, 0, NULL), 0);
	assert_int_equal(hook(f, a, main_line, "2025-07-26T09:00", NULL, 0, "late-comment"), DOSSIER_EREFUSED);
	/* a time after its arrival */
	assert_int_equal(hook(f, a, main_line, "2025-07-24T09:00", NULL, 0, "from-the-future"), DOSSIER_EREFUSED);
	/* the pusher's account */
	assert_int_equal(hook(f, a, main_line, "2025-07-25T20:00", &hanoi, 1, "not-the-pusher"), DOSSIER_EREFUSED);
	assert_int_equal(hook(f, a, main_line, "2025-07-25T20:00", &most, 1, NULL), 0);
	assert_int_equal(hook(f, a, main_line, "2025-07-25T20:00", &nobody, 1, "unknown-pusher"), DOSSIER_EREFUSED);
	/* references */
	assert_int_equal(hook(f, a, tag_line, "2025-07-25T20:00", NULL, 0, "bad-tag"), DOSSIER_EREFUSED);
	assert_int_equal(hook(f, a, other_line, "2025-07-25T20:00", NULL, 0, "foreign-ref"), DOSSIER_EREFUSED);
	assert_int_equal(hook(f, a, del_line, "2025-07-25T20:00", NULL, 0, "deleted-branch"), DOSSIER_EREFUSED);
	/* a line that is not an update is ignored */
	assert_int_equal(hook(f, a, "garbage\n", NULL, NULL, 0, NULL), 0);
	free(main_line);
	free(tag_line);
	free(other_line);
	free(del_line);
	free(id);
	free(a);
}

static void test_rewritten_history_is_refused(void **state)
{
	fixture *f = *state;
	char *a = clone_to(f, "a", false), *b = clone_to(f, "b", false);
	char *ia = comment_in(a, "most", "2025-07-01T10:00", "first");
	char *ib = comment_in(b, "hanoi", "2025-07-01T11:00", "other line of history");
	dossier_sync_result *res = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char old[41], new_[41];
	char *line;

	assert_int_equal(sync_in(&res, a, &err), 0);
	dossier_sync_result_free(res);
	main_of(old, f->server);
	main_of(new_, b);
	line = util_sprintf("%s %s refs/heads/main\n", old, new_);
	assert_int_equal(hook(f, b, line, "2025-07-02T09:00", NULL, 0, "rewritten-history"), DOSSIER_EREFUSED);
	free(line);
	free(ia);
	free(ib);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_concurrent_comments_are_renumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_follows_a_renumbered_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_advance_is_a_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_history_is_refused, setup, teardown),
	};
	int rc;

	dossier_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	dossier_global_shutdown();
	return rc;
}
