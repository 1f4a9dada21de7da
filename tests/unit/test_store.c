/*
 * test_store.c: the git store (engine/store/store.c): repositories made and
 * found, commits written as path edits and read back by path, the history,
 * tags and revisions, the compare-and-swap of the branch (in one process,
 * across a crash at the worst moment, and with eight processes racing),
 * and the working tree kept clean. The real `git` checks our repositories
 * (fsck, status, log).
 *
 * Every test works in its own directory under /tmp, removed at the end.
 * HOME points at a scratch directory so that the user's git configuration
 * does not leak in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"
#include "base/util.h"

static char *home_dir;

/* ---- helpers ---------------------------------------------------------- */

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/dossier-store-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return util_strdup(dir);
}

static void remove_tree(char *dir)
{
	char *cmd;

	if (!dir)
		return;
	cmd = util_sprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Run a shell command; its standard output (and error) into *out. Returns
 * the exit status. */
static int run(char **out, const char *fmt, ...) DOSSIER_PRINTF(2, 3);

static int run(char **out, const char *fmt, ...)
{
	dstr cmd = DSTR_INIT, res = DSTR_INIT;
	char buf[4096];
	size_t got;
	va_list ap;
	FILE *p;
	int status;

	va_start(ap, fmt);
	dstr_addvf(&cmd, fmt, ap);
	va_end(ap);
	dstr_adds(&cmd, " 2>&1");
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while ((got = fread(buf, 1, sizeof(buf), p)) > 0)
		dstr_add(&res, buf, got);
	status = pclose(p);
	dstr_free(&cmd);
	if (out)
		*out = dstr_detach(&res);
	else
		dstr_free(&res);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void assert_fsck_clean(const char *dir)
{
	char *out = NULL;
	int rc = run(&out, "git -C '%s' fsck --no-progress", dir);

	if (rc != 0)
		fail_msg("git fsck failed in '%s': %s", dir, out);
	free(out);
}

static const dossier_sig author = {
	"Bộ Xây dựng", "vanban@moc.gov.vn", 1753372800, 7 * 3600, /* 2025-07-24T23:00+07:00 */
};

typedef struct edit {
	const char *path;
	const char *text; /* NULL: remove */
} edit;

/* One commit of `edits` on top of `base` (NULL: the first); the id goes into `id`. */
static int commit_edits(char id[41], dossier_store *store, const dossier_snap *base,
	const edit *edits, size_t n, const char *message, const char *tag, dossier_error *err)
{
	dossier_txn *txn = NULL;
	size_t i;
	int rc;

	assert_int_equal(txn_begin(&txn, store, base, err), 0);
	for (i = 0; i < n; i++) {
		if (edits[i].text)
			rc = txn_put(txn, edits[i].path, edits[i].text, strlen(edits[i].text), err);
		else
			rc = txn_remove(txn, edits[i].path, err);
		assert_int_equal(rc, 0);
	}
	rc = txn_commit(id, txn, &author, message, tag, err);
	txn_free(txn);
	return rc;
}

/* Commit on the current tip (or as the first commit) and expect success. */
static void commit_on_tip(char id[41], dossier_store *store, const edit *edits, size_t n,
	const char *message, const char *tag)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_snap *tip = NULL;
	int rc = store_tip(&tip, store, &err);

	if (rc == DOSSIER_ENOTFOUND)
		dossier_error_clear(&err);
	else
		assert_int_equal(rc, 0);
	rc = commit_edits(id, store, tip, edits, n, message, tag, &err);
	if (rc != 0)
		fail_msg("commit failed: %s", err.message);
	assert_int_equal(strlen(id), 40);
	snap_free(tip);
}

static void assert_blob(const dossier_snap *snap, const char *path, const char *text)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc = snap_read(&data, &len, snap, path, &err);

	if (rc != 0)
		fail_msg("cannot read '%s': %s", path, err.message);
	assert_int_equal(len, strlen(text));
	assert_string_equal(data, text);
	free(data);
}

static void assert_absent(const dossier_snap *snap, const char *path)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *data = (char *)"x";
	size_t len = 1;

	assert_false(snap_exists(snap, path));
	assert_int_equal(snap_read(&data, &len, snap, path, &err), DOSSIER_ENOTFOUND);
	assert_null(data);
	assert_non_null(strstr(err.message, path));
	dossier_error_clear(&err);
}

static char *file_text(const char *dir, const char *path)
{
	char *full = util_sprintf("%s/%s", dir, path), *data = NULL;
	size_t len;

	if (util_read_file(&data, &len, full, NULL) < 0)
		data = NULL;
	free(full);
	return data;
}

/* Collects callbacks into one string: "path|path|" or "A path|M path|". */
static int collect_blob(const char *path, const char *data, size_t len, void *payload)
{
	dstr *s = payload;

	assert_int_equal(strlen(data), len); /* NUL-terminated */
	dstr_addf(s, "%s=%s|", path, data);
	return 0;
}

static int collect_change(const char *path, char status, void *payload)
{
	dstr *s = payload;

	dstr_addf(s, "%c %s|", status, path);
	return 0;
}

static char *changes(const dossier_snap *a, const dossier_snap *b)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dstr s = DSTR_INIT;

	assert_int_equal(snap_changes(a, b, collect_change, &s, &err), 0);
	return dstr_detach(&s);
}

static char *blobs(const dossier_snap *snap, const char *dir)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dstr s = DSTR_INIT;

	assert_int_equal(snap_each_blob(snap, dir, collect_blob, &s, &err), 0);
	return dstr_detach(&s);
}

static dossier_snap *lookup(dossier_store *store, const char *rev)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_snap *snap = NULL;

	if (store_lookup(&snap, store, rev, &err) != 0)
		fail_msg("cannot look up '%s': %s", rev, err.message);
	return snap;
}

typedef struct walked {
	char ids[128][41];
	size_t n;
} walked;

static int collect_walk(const dossier_snap *snap, void *payload)
{
	walked *w = payload;

	if (w->n < 128)
		memcpy(w->ids[w->n], snap_id(snap), 41);
	w->n++;
	return 0;
}

static int count_walk(const dossier_snap *snap, void *payload)
{
	(void)snap;
	(*(size_t *)payload)++;
	return 0;
}

/* ---- repositories ------------------------------------------------------- */

static void test_init_bare_and_worktree(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *tip = NULL;
	char *tmp = make_tmpdir(), *dir, *head;

	(void)state;
	dir = util_sprintf("%s/decree.git", tmp);
	assert_int_equal(store_init(&store, dir, true, &err), 0);
	assert_true(store_is_bare(store));
	assert_string_equal(store_path(store), dir);
	assert_int_equal(store_tip(&tip, store, &err), DOSSIER_ENOTFOUND);
	assert_null(tip);
	dossier_error_clear(&err);
	head = file_text(dir, "HEAD");
	assert_string_equal(head, "ref: refs/heads/main\n");
	free(head);
	store_free(store);
	free(dir);

	/* with a working tree, in a directory that does not exist yet */
	dir = util_sprintf("%s/a/b/decree", tmp);
	assert_int_equal(store_init(&store, dir, false, &err), 0);
	assert_false(store_is_bare(store));
	assert_string_equal(store_path(store), dir);
	head = file_text(dir, ".git/HEAD");
	assert_string_equal(head, "ref: refs/heads/main\n");
	free(head);
	store_free(store);
	free(dir);

	store_free(NULL);
	snap_free(NULL);
	txn_free(NULL);
	remove_tree(tmp);
}

static void test_init_refuses_a_dossier(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir();
	char id[41];
	const edit e[] = { { "state.json", "{}\n" } };
	int rc;

	(void)state;
	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	store_free(store);
	/* an empty repository may be initialised again */
	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	commit_on_tip(id, store, e, 1, "init", NULL);
	store_free(store);

	rc = store_init(&store, tmp, false, &err);
	assert_int_equal(rc, DOSSIER_EINVALID);
	assert_null(store);
	assert_non_null(strstr(err.message, tmp));
	assert_non_null(strstr(err.message, "already holds a dossier"));
	dossier_error_clear(&err);
	/* nor through its git directory */
	{
		char *gitdir = util_sprintf("%s/.git", tmp);

		assert_int_equal(store_init(&store, gitdir, true, &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
		free(gitdir);
	}
	remove_tree(tmp);
}

static void test_open_discovers_from_below(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir(), *dir, *sub, *plain;
	char id[41];
	const edit e[] = { { "comments/3f/most-1.json", "{\"n\":1}\n" } };

	(void)state;
	dir = util_sprintf("%s/decree", tmp);
	assert_int_equal(store_init(&store, dir, false, &err), 0);
	commit_on_tip(id, store, e, 1, "first", NULL);
	store_free(store);

	sub = util_sprintf("%s/comments/3f", dir);
	assert_int_equal(store_open(&store, sub, &err), 0);
	assert_string_equal(store_path(store), dir);
	assert_false(store_is_bare(store));
	store_free(store);

	plain = util_sprintf("%s/plain", tmp);
	assert_int_equal(mkdir(plain, 0755), 0);
	assert_int_equal(store_open(&store, plain, &err), DOSSIER_ENOTFOUND);
	assert_null(store);
	{
		char *want = util_sprintf("not a dossier: '%s'", plain);

		assert_string_equal(err.message, want);
		free(want);
	}
	dossier_error_clear(&err);
	free(plain);
	free(sub);
	free(dir);
	remove_tree(tmp);
}

static void test_config_email(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir(), *cfg, *email;
	FILE *f;

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);
	email = store_config_email(store);
	assert_null(email);
	store_free(store);
	assert_null(store_default_email());

	cfg = util_sprintf("%s/.gitconfig", home_dir);
	f = fopen(cfg, "w");
	assert_non_null(f);
	fputs("[user]\n\temail = global@example.org\n", f);
	fclose(f);
	assert_int_equal(store_open(&store, tmp, &err), 0);
	email = store_config_email(store);
	assert_string_equal(email, "global@example.org");
	free(email);
	store_free(store);
	email = store_default_email();
	assert_string_equal(email, "global@example.org");
	free(email);

	assert_int_equal(run(NULL, "git -C '%s' config user.email sxd@hanoi.gov.vn", tmp), 0);
	assert_int_equal(store_open(&store, tmp, &err), 0);
	email = store_config_email(store);
	assert_string_equal(email, "sxd@hanoi.gov.vn");
	free(email);
	store_free(store);

	unlink(cfg);
	free(cfg);
	remove_tree(tmp);
}

/* ---- commits and reads -------------------------------------------------- */


/* A signer for the test: the armor of an SSH signature around the length
 * of what it was given, so that what it signed can be checked. */
static int fake_sign(char **sig, const char *commit, size_t len, void *payload, dossier_error *err)
{
	size_t *calls = payload;

	(void)err;
	(*calls)++;
	assert_non_null(strstr(commit, "\nauthor "));
	assert_null(strstr(commit, "gpgsig"));
	*sig = util_sprintf("-----BEGIN SSH SIGNATURE-----\nlen%zu\n-----END SSH SIGNATURE-----\n", len);
	return 0;
}

static int failing_sign(char **sig, const char *commit, size_t len, void *payload, dossier_error *err)
{
	(void)commit, (void)len, (void)payload;
	*sig = NULL;
	return dossier_error_set(err, DOSSIER_EFAIL, "cannot sign: no key");
}

/* txn_set_signer: the commit carries git's gpgsig header; snap_signature
 * gives the signature and exactly the bytes that were signed; a signer
 * that fails fails the action with nothing moved. */
static void test_signed_commits(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_txn *txn = NULL;
	dossier_snap *snap = NULL;
	char *tmp = make_tmpdir(), *sig = NULL, *data = NULL, *out = NULL, *want;
	char id[41], id2[41];
	size_t calls = 0, len = 0;

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);
	assert_int_equal(txn_begin(&txn, store, NULL, &err), 0);
	assert_int_equal(txn_put(txn, "state.json", "{}\n", 3, &err), 0);
	txn_set_signer(txn, fake_sign, &calls);
	assert_int_equal(txn_commit(id, txn, &author, "Signed\n\nDossier-Event: init", NULL, &err), 0);
	txn_free(txn);
	assert_int_equal(calls, 1);
	snap = lookup(store, id);
	assert_int_equal(snap_signature(&sig, &data, &len, snap, &err), 0);
	want = util_sprintf("-----BEGIN SSH SIGNATURE-----\nlen%zu\n-----END SSH SIGNATURE-----", len);
	assert_true(!strncmp(sig, want, strlen(want)));
	assert_int_equal(strlen(data), len);
	assert_non_null(strstr(data, "Dossier-Event: init\n"));
	free(want);
	/* git sees the header, indented as it writes it */
	assert_int_equal(run(&out, "git -C '%s' cat-file commit %s", tmp, id), 0);
	assert_non_null(strstr(out, "\ngpgsig -----BEGIN SSH SIGNATURE-----\n len"));
	assert_non_null(strstr(out, "\n -----END SSH SIGNATURE-----\ncommitter") || strstr(out, "\n -----END SSH SIGNATURE-----\n\n"));
	free(out);
	assert_fsck_clean(tmp);
	free(sig);
	free(data);
	/* a failing signer: nothing written, the branch unmoved */
	assert_int_equal(txn_begin(&txn, store, snap, &err), 0);
	assert_int_equal(txn_put(txn, "state.json", "{\"a\":1}\n", 8, &err), 0);
	txn_set_signer(txn, failing_sign, NULL);
	assert_int_equal(txn_commit(id2, txn, &author, "Refused", NULL, &err), DOSSIER_EFAIL);
	assert_non_null(strstr(err.message, "no key"));
	dossier_error_clear(&err);
	txn_free(txn);
	snap_free(snap);
	assert_int_equal(store_tip(&snap, store, &err), 0);
	assert_string_equal(snap_id(snap), id);
	/* an unsigned commit has none */
	assert_int_equal(commit_edits(id2, store, snap, NULL, 0, "Unsigned", NULL, &err), 0);
	snap_free(snap);
	snap = lookup(store, id2);
	assert_int_equal(snap_signature(&sig, &data, &len, snap, &err), DOSSIER_ENOTFOUND);
	assert_null(sig);
	snap_free(snap);
	store_free(store);
	remove_tree(tmp);
}

static void test_commits_read_back(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *s1, *s2, *s3, *s4, *tip, *parent = NULL;
	char *tmp = make_tmpdir(), *s;
	char id1[41], id2[41], id3[41], id4[41];
	walked w = { .n = 0 };
	const edit e1[] = {
		{ "workflow.yaml", "id: decree\n" },
		{ "state.json", "{\"stage\":\"drafting\"}\n" },
		{ "comments/3f/most-1.json", "{\"by\":\"most\"}\n" },
	};
	const edit e2[] = {
		{ "state.json", "{\"stage\":\"comments\"}\n" },
		{ "comments/3f/most-2.json", "{\"by\":\"most\",\"n\":2}\n" },
		{ "comments/a0/moc-1.json", "{\"by\":\"moc\"}\n" },
		{ "revisions/v1.xml", "<akomaNtoso/>\n" },
	};
	const edit e3[] = {
		{ "comments/3f/most-1.json", NULL },
		{ "comments/a0/moc-1.json", "{\"by\":\"moc\",\"edited\":true}\n" },
		{ "absent/never.json", NULL },          /* removing nothing is fine */
		{ "notes.txt", "draft" },               /* written, then removed: the last edit wins */
		{ "notes.txt", NULL },
	};
	const edit e4[] = {
		{ "comments/3f/most-2.json", NULL },    /* the last file of comments/3f */
		{ "state.json", "{\"stage\":\"workshop\"}\n" },
	};

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);
	commit_on_tip(id1, store, e1, 3, "Khởi tạo hồ sơ\n\nEvent: init\n", NULL);
	commit_on_tip(id2, store, e2, 4, "Revision v1", "v1");
	commit_on_tip(id3, store, e3, 5, "Comment", NULL);
	commit_on_tip(id4, store, e4, 2, "Advance", "v2");

	s1 = lookup(store, id1);
	s2 = lookup(store, "v1");
	s3 = lookup(store, id3);
	s4 = lookup(store, "v2");
	assert_string_equal(snap_id(s1), id1);
	assert_string_equal(snap_id(s2), id2);
	assert_string_equal(snap_id(s4), id4);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_string_equal(snap_id(tip), id4);

	/* every commit reads back as written */
	assert_blob(s1, "workflow.yaml", "id: decree\n");
	assert_blob(s1, "state.json", "{\"stage\":\"drafting\"}\n");
	assert_blob(s1, "comments/3f/most-1.json", "{\"by\":\"most\"}\n");
	assert_absent(s1, "comments/3f/most-2.json");
	assert_absent(s1, "revisions/v1.xml");
	assert_blob(s2, "state.json", "{\"stage\":\"comments\"}\n");
	assert_blob(s2, "comments/3f/most-1.json", "{\"by\":\"most\"}\n");
	assert_blob(s2, "comments/3f/most-2.json", "{\"by\":\"most\",\"n\":2}\n");
	assert_blob(s2, "comments/a0/moc-1.json", "{\"by\":\"moc\"}\n");
	assert_absent(s3, "comments/3f/most-1.json");
	assert_blob(s3, "comments/3f/most-2.json", "{\"by\":\"most\",\"n\":2}\n");
	assert_blob(s3, "comments/a0/moc-1.json", "{\"by\":\"moc\",\"edited\":true}\n");
	assert_absent(s3, "notes.txt");
	assert_absent(s3, "absent");
	assert_absent(s4, "comments/3f/most-2.json");
	assert_absent(s4, "comments/3f");   /* an emptied directory goes away */
	assert_blob(s4, "state.json", "{\"stage\":\"workshop\"}\n");
	assert_blob(s4, "workflow.yaml", "id: decree\n");

	/* exists: files and directories; reading a directory is refused */
	assert_true(snap_exists(s2, "comments"));
	assert_true(snap_exists(s2, "comments/3f"));
	assert_true(snap_exists(s2, "comments/3f/most-1.json"));
	assert_false(snap_exists(s2, "comments/3f/most-9.json"));
	assert_false(snap_exists(s2, "../state.json"));
	{
		char *data = NULL;
		size_t len;

		assert_int_equal(snap_read(&data, &len, s2, "comments/3f", &err), DOSSIER_EINVALID);
		assert_non_null(strstr(err.message, "directory"));
		dossier_error_clear(&err);
		assert_int_equal(snap_read(&data, &len, s2, "/state.json", &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
	}

	/* every blob, in path order */
	s = blobs(s2, "");
	assert_string_equal(s,
		"comments/3f/most-1.json={\"by\":\"most\"}\n|"
		"comments/3f/most-2.json={\"by\":\"most\",\"n\":2}\n|"
		"comments/a0/moc-1.json={\"by\":\"moc\"}\n|"
		"revisions/v1.xml=<akomaNtoso/>\n|"
		"state.json={\"stage\":\"comments\"}\n|"
		"workflow.yaml=id: decree\n|");
	free(s);
	s = blobs(s2, "comments/");
	assert_string_equal(s,
		"comments/3f/most-1.json={\"by\":\"most\"}\n|"
		"comments/3f/most-2.json={\"by\":\"most\",\"n\":2}\n|"
		"comments/a0/moc-1.json={\"by\":\"moc\"}\n|");
	free(s);
	s = blobs(s1, "revisions");
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(snap_each_blob(s1, "state.json", collect_blob, NULL, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);

	/* what each commit changed */
	s = changes(NULL, s1);
	assert_string_equal(s, "A comments/3f/most-1.json|A state.json|A workflow.yaml|");
	free(s);
	s = changes(s1, s2);
	assert_string_equal(s, "A comments/3f/most-2.json|A comments/a0/moc-1.json|"
		"A revisions/v1.xml|M state.json|");
	free(s);
	s = changes(s2, s3);
	assert_string_equal(s, "D comments/3f/most-1.json|M comments/a0/moc-1.json|");
	free(s);
	s = changes(s3, s4);
	assert_string_equal(s, "D comments/3f/most-2.json|M state.json|");
	free(s);
	s = changes(s4, s4);
	assert_string_equal(s, "");
	free(s);

	/* the history, oldest first, and the parents */
	assert_int_equal(store_walk(store, collect_walk, &w, &err), 0);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.ids[0], id1);
	assert_string_equal(w.ids[1], id2);
	assert_string_equal(w.ids[2], id3);
	assert_string_equal(w.ids[3], id4);
	assert_int_equal(snap_parent_count(s1), 0);
	assert_int_equal(snap_parent(&parent, s1, 0, &err), DOSSIER_ENOTFOUND);
	assert_null(parent);
	dossier_error_clear(&err);
	assert_int_equal(snap_parent_count(s3), 1);
	assert_int_equal(snap_parent(&parent, s3, 0, &err), 0);
	assert_string_equal(snap_id(parent), id2);
	snap_free(parent);

	/* the author, the time and the message as written */
	assert_string_equal(snap_author_name(s1), "Bộ Xây dựng");
	assert_string_equal(snap_author_email(s1), "vanban@moc.gov.vn");
	assert_int_equal(snap_time(s1), 1753372800);
	assert_int_equal(snap_offset(s1), 7 * 3600);
	assert_string_equal(snap_message(s1), "Khởi tạo hồ sơ\n\nEvent: init\n");
	assert_string_equal(snap_message(s2), "Revision v1\n");
	{
		char *out = NULL;

		assert_int_equal(run(&out, "git --git-dir='%s' log -1 --format='%%an|%%ae|%%at|%%ai|%%s' v1",
			tmp), 0);
		assert_string_equal(out, "Bộ Xây dựng|vanban@moc.gov.vn|1753372800|"
			"2025-07-24 23:00:00 +0700|Revision v1\n");
		free(out);
	}

	snap_free(s1);
	snap_free(s2);
	snap_free(s3);
	snap_free(s4);
	snap_free(tip);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

/* A commit that edits nothing keeps its parent's tree (found by
 * fuzz/fuzz_hook.c: the empty edit list went to qsort as NULL). */
static void test_commit_without_edits(void **state)
{
	dossier_store *store = NULL;
	dossier_snap *s1, *s2;
	char *tmp = make_tmpdir(), id1[41], id2[41];
	const edit e1[] = { { "state.json", "{\"stage\":\"drafting\"}\n" } };

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, NULL), 0);
	commit_on_tip(id1, store, e1, 1, "init", NULL);
	commit_on_tip(id2, store, NULL, 0, "nothing changed", NULL);
	assert_string_not_equal(id1, id2);
	s1 = lookup(store, id1);
	s2 = lookup(store, id2);
	assert_int_equal(snap_parent_count(s2), 1);
	assert_blob(s2, "state.json", "{\"stage\":\"drafting\"}\n");
	snap_free(s1);
	snap_free(s2);
	store_free(store);
	remove_tree(tmp);
}

static void test_revisions_and_tags(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *snap = NULL, *tip = NULL;
	char *tmp = make_tmpdir();
	char id1[41], id2[41], id[41], abbrev[11];
	const edit e1[] = { { "revisions/v1.xml", "<v1/>" } };
	const edit e2[] = { { "revisions/v2.xml", "<v2/>" } };
	int rc;

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);
	commit_on_tip(id1, store, e1, 1, "Revision v1", "v1");
	commit_on_tip(id2, store, e2, 1, "Revision v2", NULL);

	/* an abbreviated id */
	memcpy(abbrev, id1, 10);
	abbrev[10] = '\0';
	snap = lookup(store, abbrev);
	assert_string_equal(snap_id(snap), id1);
	snap_free(snap);
	snap = lookup(store, "main~1");
	assert_string_equal(snap_id(snap), id1);
	snap_free(snap);

	/* unknown revisions */
	assert_int_equal(store_lookup(&snap, store, "v9", &err), DOSSIER_ENOTFOUND);
	assert_null(snap);
	assert_string_equal(err.message, "unknown revision 'v9'");
	dossier_error_clear(&err);
	assert_int_equal(store_lookup(&snap, store, "0000000000000000000000000000000000000001", &err),
		DOSSIER_ENOTFOUND);
	dossier_error_clear(&err);
	assert_int_equal(store_lookup(&snap, store, "v1:revisions/v1.xml", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);

	/* an existing tag: refused before anything is written */
	assert_int_equal(store_tip(&tip, store, &err), 0);
	rc = commit_edits(id, store, tip, e2, 1, "Revision again", "v1", &err);
	assert_int_equal(rc, DOSSIER_EFAIL);
	assert_string_equal(err.message, "tag 'v1' already exists");
	assert_string_equal(id, "");
	dossier_error_clear(&err);
	rc = commit_edits(id, store, tip, e2, 1, "Bad tag", "v 1", &err);
	assert_int_equal(rc, DOSSIER_EINVALID);
	dossier_error_clear(&err);
	snap_free(tip);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_string_equal(snap_id(tip), id2);
	snap_free(tip);

	/* the store refuses paths that git would misread */
	{
		dossier_txn *txn = NULL;

		assert_int_equal(txn_begin(&txn, store, NULL, &err), 0);
		assert_int_equal(txn_put(txn, "a//b", "x", 1, &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
		assert_int_equal(txn_put(txn, ".git/config", "x", 1, &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
		assert_int_equal(txn_put(txn, "a/../b", "x", 1, &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
		assert_int_equal(txn_remove(txn, "", &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
		txn_free(txn);
	}
	/* removing a directory while writing below it is refused */
	{
		const edit bad[] = { { "revisions", NULL }, { "revisions/v3.xml", "<v3/>" } };

		assert_int_equal(store_tip(&tip, store, &err), 0);
		assert_int_equal(commit_edits(id, store, tip, bad, 2, "bad", NULL, &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
		snap_free(tip);
	}
	/* removing a whole directory */
	{
		const edit rm[] = { { "revisions", NULL }, { "state.json", "{}" } };
		char *s;

		commit_on_tip(id, store, rm, 2, "Drop revisions", NULL);
		snap = lookup(store, id);
		s = blobs(snap, "");
		assert_string_equal(s, "state.json={}|");
		free(s);
		snap_free(snap);
	}
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

/* ---- the compare-and-swap ---------------------------------------------- */

static void test_compare_and_swap(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *base = NULL, *tip = NULL;
	dossier_txn *a = NULL, *b = NULL;
	char *tmp = make_tmpdir();
	char ida[41], idb[41], id0[41];
	const edit e0[] = { { "state.json", "{}" } };
	size_t count = 0;

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);

	/* two first commits: only one may create the branch */
	assert_int_equal(txn_begin(&a, store, NULL, &err), 0);
	assert_int_equal(txn_begin(&b, store, NULL, &err), 0);
	assert_int_equal(txn_put(a, "state.json", "{\"a\":1}", 7, &err), 0);
	assert_int_equal(txn_put(b, "state.json", "{\"b\":1}", 7, &err), 0);
	assert_int_equal(txn_commit(ida, a, &author, "a", NULL, &err), 0);
	assert_int_equal(txn_commit(idb, b, &author, "b", NULL, &err), DOSSIER_ECONFLICT);
	assert_string_equal(idb, "");
	assert_non_null(strstr(err.message, "the dossier changed"));
	dossier_error_clear(&err);
	txn_free(a);
	txn_free(b);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_string_equal(snap_id(tip), ida);
	snap_free(tip);

	/* two commits on the same base: the second loses */
	commit_on_tip(id0, store, e0, 1, "base", NULL);
	assert_int_equal(store_tip(&base, store, &err), 0);
	assert_int_equal(txn_begin(&a, store, base, &err), 0);
	assert_int_equal(txn_begin(&b, store, base, &err), 0);
	assert_int_equal(txn_put(a, "comments/00/a.json", "a", 1, &err), 0);
	assert_int_equal(txn_put(b, "comments/00/b.json", "b", 1, &err), 0);
	assert_int_equal(txn_commit(ida, a, &author, "a", "va", &err), 0);
	assert_int_equal(txn_commit(idb, b, &author, "b", "vb", &err), DOSSIER_ECONFLICT);
	dossier_error_clear(&err);
	txn_free(a);
	txn_free(b);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_string_equal(snap_id(tip), ida);
	assert_true(snap_exists(tip, "comments/00/a.json"));
	assert_false(snap_exists(tip, "comments/00/b.json"));
	snap_free(tip);
	/* the loser's tag was not created */
	assert_int_equal(store_lookup(&tip, store, "vb", &err), DOSSIER_ENOTFOUND);
	dossier_error_clear(&err);
	assert_int_equal(store_walk(store, count_walk, &count, &err), 0);
	assert_int_equal(count, 3);
	snap_free(base);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

#if DOSSIER_TEST_SEAMS
static void crash(store_seam point, void *payload)
{
	if (point == *(const store_seam *)payload)
		_exit(42);
}

static void test_crash_before_the_branch_moves(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *tip = NULL;
	char *tmp = make_tmpdir(), *out = NULL;
	char id0[41];
	const edit e0[] = { { "state.json", "{}" } };
	int status = 0;
	pid_t pid;

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);
	commit_on_tip(id0, store, e0, 1, "base", NULL);
	store_free(store);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const store_seam at = STORE_SEAM_BEFORE_REF;
		dossier_store *cs = NULL;
		char id[41];
		const edit e1[] = { { "comments/3f/most-1.json", "{}" }, { "state.json", "{\"n\":1}" } };

		if (store_open(&cs, tmp, NULL) < 0)
			_exit(1);
		store_set_seam(cs, crash, (void *)&at);
		commit_on_tip(id, cs, e1, 2, "never lands", "v1");
		_exit(0); /* the hook was not called */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);

	assert_int_equal(store_open(&store, tmp, &err), 0);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_string_equal(snap_id(tip), id0);
	assert_false(snap_exists(tip, "comments"));
	snap_free(tip);
	assert_int_equal(store_lookup(&tip, store, "v1", &err), DOSSIER_ENOTFOUND);
	dossier_error_clear(&err);
	/* the commit was written before the hook ran: it is left dangling */
	assert_int_equal(run(&out, "git -C '%s' fsck --no-progress", tmp), 0);
	assert_non_null(strstr(out, "dangling commit"));
	free(out);
	store_free(store);
	remove_tree(tmp);
}
#endif

#define WORKERS 8
#define ROUNDS 10

static void worker(const char *dir, int me)
{
	dossier_store *store = NULL;
	int k;

	if (store_open(&store, dir, NULL) < 0)
		_exit(2);
	for (k = 0; k < ROUNDS; k++) {
		char path[64], text[64], id[41];
		int rc, tries = 0;

		snprintf(path, sizeof(path), "workers/%02x/w%d-%d.txt", (unsigned)(me * 16 + k) & 0xff, me, k);
		snprintf(text, sizeof(text), "worker %d round %d\n", me, k);
		do {
			dossier_snap *tip = NULL;
			dossier_txn *txn = NULL;

			if (store_tip(&tip, store, NULL) < 0 || txn_begin(&txn, store, tip, NULL) < 0 ||
			    txn_put(txn, path, text, strlen(text), NULL) < 0)
				_exit(3);
			rc = txn_commit(id, txn, &author, text, NULL, NULL);
			txn_free(txn);
			snap_free(tip);
		} while (rc == DOSSIER_ECONFLICT && ++tries < 10000);
		if (rc != 0)
			_exit(4);
	}
	store_free(store);
	_exit(0);
}

static int count_blob(const char *path, const char *data, size_t len, void *payload)
{
	(void)path;
	(void)data;
	(void)len;
	(*(size_t *)payload)++;
	return 0;
}

static void test_processes_race(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *tip = NULL;
	char *tmp = make_tmpdir();
	char id0[41];
	const edit e0[] = { { "state.json", "{}" } };
	pid_t pids[WORKERS];
	size_t count = 0, files = 0;
	int i;

	(void)state;
	assert_int_equal(store_init(&store, tmp, true, &err), 0);
	commit_on_tip(id0, store, e0, 1, "base", NULL);
	store_free(store);

	for (i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			worker(tmp, i);
	}
	for (i = 0; i < WORKERS; i++) {
		int status = 0;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}

	assert_int_equal(store_open(&store, tmp, &err), 0);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_int_equal(snap_each_blob(tip, "workers", count_blob, &files, &err), 0);
	assert_int_equal(files, WORKERS * ROUNDS);
	for (i = 0; i < WORKERS; i++) {
		char path[64];

		snprintf(path, sizeof(path), "workers/%02x/w%d-%d.txt", (unsigned)(i * 16 + 9) & 0xff, i, 9);
		assert_true(snap_exists(tip, path));
	}
	assert_int_equal(store_walk(store, count_walk, &count, &err), 0);
	assert_int_equal(count, WORKERS * ROUNDS + 1);
	snap_free(tip);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

/* ---- the working tree ----------------------------------------------------- */

static void assert_status_clean(const char *dir)
{
	char *out = NULL;

	assert_int_equal(run(&out, "git -C '%s' status --porcelain", dir), 0);
	if (*out)
		fail_msg("git status in '%s' is not clean:\n%s", dir, out);
	free(out);
}

static void test_worktree_stays_clean(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir(), *text, *full;
	char id[41];
	const edit e1[] = {
		{ "workflow.yaml", "id: decree\n" },
		{ "state.json", "{\"stage\":\"drafting\"}\n" },
		{ "comments/3f/most-1.json", "{\"n\":1}\n" },
	};
	const edit e2[] = {
		{ "comments/3f/most-2.json", "{\"n\":2}\n" },
		{ "comments/a0/moc-1.json", "{\"n\":3}\n" },
		{ "state.json", "{\"stage\":\"comments\"}\n" },
	};
	const edit e3[] = {
		{ "comments/3f/most-1.json", NULL },
		{ "comments/a0", NULL },               /* a whole directory */
	};
	const edit e4[] = {
		{ "state.json", "{\"stage\":\"workshop\"}\n" },
		{ "comments/b7/hanoi-1.json", "{\"n\":4}\n" },
	};

	(void)state;
	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	commit_on_tip(id, store, e1, 3, "init", NULL);
	assert_null(store_warning(store));
	assert_status_clean(tmp);
	commit_on_tip(id, store, e2, 3, "comments\n\nDossier-Event: comment\n", "v1");
	assert_status_clean(tmp);
	{
		char *out = NULL;

		/* the branch's reflog reads like git's own */
		assert_int_equal(run(&out, "git -C '%s' reflog -2 --format=%%gs main", tmp), 0);
		assert_string_equal(out, "commit: comments\ncommit (initial): init\n");
		free(out);
	}
	text = file_text(tmp, "comments/a0/moc-1.json");
	assert_string_equal(text, "{\"n\":3}\n");
	free(text);
	commit_on_tip(id, store, e3, 2, "removals", NULL);
	assert_status_clean(tmp);
	text = file_text(tmp, "comments/3f/most-1.json");
	assert_null(text);
	full = util_sprintf("%s/comments/a0", tmp);
	assert_int_equal(access(full, F_OK), -1);
	free(full);
	assert_null(store_warning(store));

	/* a file changed by hand is kept, and said so; the rest is updated */
	full = util_sprintf("%s/state.json", tmp);
	{
		FILE *f = fopen(full, "w");

		assert_non_null(f);
		fputs("hand edit\n", f);
		fclose(f);
	}
	commit_on_tip(id, store, e4, 2, "advance", NULL);
	assert_non_null(store_warning(store));
	assert_non_null(strstr(store_warning(store), "'state.json'"));
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "hand edit\n");
	free(text);
	text = file_text(tmp, "comments/b7/hanoi-1.json");
	assert_string_equal(text, "{\"n\":4}\n");
	free(text);
	/* as documented, git checkout -f brings the committed version back */
	assert_int_equal(run(NULL, "git -C '%s' checkout -q -f", tmp), 0);
	assert_status_clean(tmp);
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "{\"stage\":\"workshop\"}\n");
	free(text);
	free(full);

	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}


/* ---- the working tree's view: records stay in git ------------------------ */

static const char *const view_dirs[] = { "revisions" };

static void write_text(const char *dir, const char *path, const char *text)
{
	char *full = util_sprintf("%s/%s", dir, path);
	FILE *f = fopen(full, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(full);
}

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* The number of lines of a git command's output. */
static size_t git_lines(const char *dir, const char *args)
{
	char *out = NULL;
	size_t n;

	assert_int_equal(run(&out, "git -C '%s' %s", dir, args), 0);
	n = count_lines(out);
	free(out);
	return n;
}

static void test_worktree_view(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir(), *text, *out = NULL;
	char id[41];
	const edit e1[] = {
		{ "workflow.yaml", "id: decree\n" },
		{ "state.json", "{\"n\":0}\n" },
		{ "revisions/v1.xml", "<akomaNtoso/>\n" },
		{ "comments/3f/most-1.json", "{\"n\":1}\n" },
		{ "responses/3f/most-1.json", "{\"r\":1}\n" },
	};
	size_t entries;
	int i;

	(void)state;
	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	assert_int_equal(store_worktree_view(store, view_dirs, 1, &err), 0);
	commit_on_tip(id, store, e1, 5, "init", NULL);
	assert_null(store_warning(store));
	assert_status_clean(tmp);
	/* the top files and the revisions are on disk, the records are not */
	text = file_text(tmp, "revisions/v1.xml");
	assert_string_equal(text, "<akomaNtoso/>\n");
	free(text);
	assert_null(file_text(tmp, "comments/3f/most-1.json"));
	assert_null(file_text(tmp, "responses/3f/most-1.json"));
	/* but git has them, each directory one entry of a sparse index */
	assert_int_equal(run(&out, "git -C '%s' ls-files comments", tmp), 0);
	assert_string_equal(out, "comments/3f/most-1.json\n");
	free(out);
	entries = git_lines(tmp, "ls-files --sparse");
	assert_int_equal(entries, 5); /* comments/, responses/, revisions/v1.xml, state.json, workflow.yaml */
	/* a hundred more records: the index does not grow */
	for (i = 0; i < 100; i++) {
		char path[64], st[64];
		edit e[2];

		snprintf(path, sizeof(path), "comments/%02x/m-%d.json", (unsigned)(i * 37) & 0xff, i);
		snprintf(st, sizeof(st), "{\"n\":%d}\n", i + 2);
		e[0].path = path;
		e[0].text = "{}\n";
		e[1].path = "state.json";
		e[1].text = st;
		commit_on_tip(id, store, e, 2, "comment", NULL);
		assert_null(store_warning(store));
	}
	assert_int_equal(git_lines(tmp, "ls-files --sparse"), entries);
	assert_int_equal(git_lines(tmp, "ls-files comments"), 101);
	assert_status_clean(tmp);
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "{\"n\":101}\n");
	free(text);

	/* a file changed by hand is kept, and said so; git status tells the truth */
	write_text(tmp, "state.json", "hand edit\n");
	{
		const edit e2[] = { { "state.json", "{\"n\":102}\n" }, { "comments/aa/x.json", "{}\n" } };

		commit_on_tip(id, store, e2, 2, "comment", NULL);
	}
	assert_non_null(store_warning(store));
	assert_non_null(strstr(store_warning(store), "kept your local changes to 'state.json'"));
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "hand edit\n");
	free(text);
	assert_int_equal(run(&out, "git -C '%s' status --porcelain", tmp), 0);
	assert_string_equal(out, " M state.json\n");
	free(out);
	/* an action that does not touch it says nothing more */
	{
		const edit e3[] = { { "comments/ab/y.json", "{}\n" } };

		commit_on_tip(id, store, e3, 1, "comment", NULL);
		assert_null(store_warning(store));
	}
	/* a change staged with git add is kept staged */
	assert_int_equal(run(NULL, "git -C '%s' add state.json", tmp), 0);
	{
		const edit e4[] = { { "state.json", "{\"n\":103}\n" } };

		commit_on_tip(id, store, e4, 1, "comment", NULL);
	}
	assert_non_null(strstr(store_warning(store), "'state.json'"));
	assert_int_equal(run(&out, "git -C '%s' status --porcelain", tmp), 0);
	assert_string_equal(out, "M  state.json\n");
	free(out);
	/* as documented, git checkout -f brings the committed version back */
	assert_int_equal(run(NULL, "git -C '%s' checkout -q -f", tmp), 0);
	assert_status_clean(tmp);
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "{\"n\":103}\n");
	free(text);
	/* and the next action is quiet */
	{
		const edit e5[] = { { "state.json", "{\"n\":104}\n" } };

		commit_on_tip(id, store, e5, 1, "comment", NULL);
		assert_null(store_warning(store));
	}
	assert_status_clean(tmp);
	/* a revision comes to disk; git commits on this index as usual */
	{
		const edit e6[] = { { "revisions/v2.xml", "<v2/>\n" }, { "state.json", "{\"n\":105}\n" } };

		commit_on_tip(id, store, e6, 2, "revise", "v2");
	}
	text = file_text(tmp, "revisions/v2.xml");
	assert_string_equal(text, "<v2/>\n");
	free(text);
	assert_status_clean(tmp);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

/* Eight processes each write a record and state.json in a working tree
 * (with the view, or everything checked out): no action may warn, and the
 * working tree and the index end at the tip. */
static void worktree_worker(const char *dir, int me)
{
	dossier_store *store = NULL;
	int k;

	if (store_open(&store, dir, NULL) < 0)
		_exit(2);
	for (k = 0; k < 5; k++) {
		char path[64], text[64], id[41];
		int rc, tries = 0;

		snprintf(path, sizeof(path), "comments/%02x/w%d-%d.json", (unsigned)(me * 16 + k) & 0xff, me, k);
		snprintf(text, sizeof(text), "{\"worker\":%d,\"round\":%d}\n", me, k);
		do {
			dossier_snap *tip = NULL;
			dossier_txn *txn = NULL;

			if (store_tip(&tip, store, NULL) < 0 || txn_begin(&txn, store, tip, NULL) < 0 ||
			    txn_put(txn, path, text, strlen(text), NULL) < 0 ||
			    txn_put(txn, "state.json", text, strlen(text), NULL) < 0)
				_exit(3);
			rc = txn_commit(id, txn, &author, text, NULL, NULL);
			txn_free(txn);
			snap_free(tip);
		} while (rc == DOSSIER_ECONFLICT && ++tries < 10000);
		if (rc != 0)
			_exit(4);
		if (store_warning(store)) {
			fprintf(stderr, "worker %d: %s\n", me, store_warning(store));
			_exit(5);
		}
	}
	store_free(store);
	_exit(0);
}

static void race_in_worktree(bool view)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *tip = NULL;
	char *tmp = make_tmpdir(), *data = NULL, *text;
	char id0[41];
	size_t len = 0;
	const edit e0[] = { { "state.json", "{}\n" } };
	pid_t pids[WORKERS];
	int i;

	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	if (view)
		assert_int_equal(store_worktree_view(store, view_dirs, 1, &err), 0);
	commit_on_tip(id0, store, e0, 1, "base", NULL);
	store_free(store);
	for (i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			worktree_worker(tmp, i);
	}
	for (i = 0; i < WORKERS; i++) {
		int status = 0;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_status_clean(tmp);
	assert_int_equal(store_open(&store, tmp, &err), 0);
	assert_int_equal(store_tip(&tip, store, &err), 0);
	assert_int_equal(snap_read(&data, &len, tip, "state.json", &err), 0);
	text = file_text(tmp, "state.json");
	assert_string_equal(text, data);
	free(text);
	free(data);
	assert_int_equal(git_lines(tmp, "ls-files comments"), WORKERS * 5);
	snap_free(tip);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

static void test_worktree_converges_after_races(void **state)
{
	(void)state;
	race_in_worktree(true);
	race_in_worktree(false);
}

#if DOSSIER_TEST_SEAMS
/* A process killed after the branch moved, or after the working tree's
 * files and before git's index: the next action converges, quietly. */
static void crash_in_worktree(store_seam at, bool view)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir(), *text;
	char id[41];
	const edit e0[] = { { "state.json", "{\"n\":0}\n" }, { "draft.xml", "<v1/>\n" } };
	const edit e2[] = { { "state.json", "{\"n\":2}\n" }, { "comments/b1/b.json", "{}\n" } };
	int status = 0;
	pid_t pid;

	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	if (view)
		assert_int_equal(store_worktree_view(store, view_dirs, 1, &err), 0);
	commit_on_tip(id, store, e0, 2, "base", NULL);
	store_free(store);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const edit e1[] = { { "state.json", "{\"n\":1}\n" }, { "draft.xml", "<v2/>\n" },
			{ "comments/a1/a.json", "{}\n" } };
		dossier_store *cs = NULL;
		char cid[41];

		if (store_open(&cs, tmp, NULL) < 0)
			_exit(1);
		store_set_seam(cs, crash, (void *)&at);
		commit_on_tip(cid, cs, e1, 3, "killed", NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
	assert_int_equal(store_open(&store, tmp, &err), 0);
	commit_on_tip(id, store, e2, 2, "next", NULL);
	if (store_warning(store))
		fail_msg("a false warning: %s", store_warning(store));
	assert_status_clean(tmp);
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "{\"n\":2}\n");
	free(text);
	text = file_text(tmp, "draft.xml");
	assert_string_equal(text, "<v2/>\n");
	free(text);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

static void test_worktree_converges_after_crashes(void **state)
{
	(void)state;
	crash_in_worktree(STORE_SEAM_AFTER_REF, true);
	crash_in_worktree(STORE_SEAM_WORKTREE, true);
	crash_in_worktree(STORE_SEAM_AFTER_REF, false);
	crash_in_worktree(STORE_SEAM_WORKTREE, false);
}
#endif

/* The index as git writes it in every version, a split index refused with
 * a warning, and a working tree made sparse by git itself. */
static void test_worktree_reads_git_indexes(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	char *tmp = make_tmpdir(), *text;
	char id[41];
	const edit e0[] = { { "state.json", "{\"n\":0}\n" }, { "revisions/v1.xml", "<v1/>\n" },
		{ "comments/3f/a.json", "{}\n" } };
	int v;

	(void)state;
	assert_int_equal(store_init(&store, tmp, false, &err), 0);
	commit_on_tip(id, store, e0, 3, "base", NULL);
	for (v = 2; v <= 4; v++) {
		char st[32], rec[64];
		edit e[2];

		assert_int_equal(run(NULL, "git -C '%s' update-index --index-version %d", tmp, v), 0);
		snprintf(st, sizeof(st), "{\"n\":%d}\n", v);
		snprintf(rec, sizeof(rec), "comments/%02x/v%d.json", v, v);
		e[0].path = "state.json";
		e[0].text = st;
		e[1].path = rec;
		e[1].text = "{}\n";
		commit_on_tip(id, store, e, 2, "version", NULL);
		assert_null(store_warning(store));
		assert_status_clean(tmp);
		text = file_text(tmp, rec);
		assert_string_equal(text, "{}\n");
		free(text);
	}
	/* git's split index cannot be updated by us: said so, the action stands */
	assert_int_equal(run(NULL, "git -C '%s' update-index --split-index", tmp), 0);
	{
		const edit e[] = { { "state.json", "{\"n\":5}\n" } };

		commit_on_tip(id, store, e, 1, "split", NULL);
	}
	assert_non_null(store_warning(store));
	assert_non_null(strstr(store_warning(store), "split index"));
	assert_int_equal(run(NULL, "git -C '%s' update-index --no-split-index", tmp), 0);
	{
		const edit e[] = { { "state.json", "{\"n\":6}\n" } };

		commit_on_tip(id, store, e, 1, "unsplit", NULL);
	}
	assert_null(store_warning(store));
	assert_status_clean(tmp);
	text = file_text(tmp, "state.json");
	assert_string_equal(text, "{\"n\":6}\n");
	free(text);

	/* git's own sparse checkout (its settings in config.worktree, which
	 * libgit2 does not read): the records stay off the disk */
	assert_int_equal(run(NULL, "git -C '%s' sparse-checkout set --cone --sparse-index revisions", tmp), 0);
	assert_null(file_text(tmp, "comments/3f/a.json"));
	{
		const edit e[] = { { "state.json", "{\"n\":7}\n" }, { "comments/3f/b.json", "{}\n" } };

		commit_on_tip(id, store, e, 2, "sparse", NULL);
	}
	assert_null(store_warning(store));
	assert_null(file_text(tmp, "comments/3f/b.json"));
	assert_status_clean(tmp);
	/* and back to everything: the records come back */
	assert_int_equal(run(NULL, "git -C '%s' sparse-checkout disable", tmp), 0);
	{
		const edit e[] = { { "state.json", "{\"n\":8}\n" }, { "comments/3f/c.json", "{}\n" } };

		commit_on_tip(id, store, e, 2, "full", NULL);
	}
	assert_null(store_warning(store));
	text = file_text(tmp, "comments/3f/c.json");
	assert_string_equal(text, "{}\n");
	free(text);
	assert_status_clean(tmp);

	/* an older dossier with everything checked out takes the view: the
	 * records leave the disk, and nothing else changes */
	assert_int_equal(store_worktree_view(store, view_dirs, 1, &err), 0);
	assert_null(store_warning(store));
	assert_null(file_text(tmp, "comments/3f/c.json"));
	text = file_text(tmp, "revisions/v1.xml");
	assert_string_equal(text, "<v1/>\n");
	free(text);
	assert_status_clean(tmp);
	assert_fsck_clean(tmp);
	store_free(store);
	remove_tree(tmp);
}

/* Every tree of `rev` is as git would write it: `git mktree` (which sorts
 * the entries its own way) gives back the same id for each. */
static void assert_trees_as_git(const char *dir, const char *rev)
{
	char *out = NULL;
	int rc = run(&out, "cd '%s' && for t in $(git rev-parse '%s^{tree}') "
		"$(git ls-tree -r -t '%s' | awk '$2 == \"tree\" { print $3 }'); do "
		"[ \"$(git ls-tree $t | git mktree)\" = $t ] || echo \"tree $t differs\"; done", dir, rev, rev);

	assert_int_equal(rc, 0);
	if (*out)
		fail_msg("%s", out);
	free(out);
	out = NULL;
	assert_int_equal(run(&out, "git -C '%s' fsck --strict --no-progress", dir), 0);
	free(out);
}

/* The store writes its trees itself (store_tree.c) and keeps the
 * directories it wrote by id: names that sort around a directory's
 * ("a-b", "a.json", "a", "a0"), a directory emptied away, two handles
 * taking turns, one of them finding the tip moved under it. */
static void test_trees_kept_and_tip_moved(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *a = NULL, *b = NULL;
	dossier_snap *tip = NULL, *stale = NULL;
	char *tmp = make_tmpdir();
	char id1[41], id2[41], id3[41], id4[41];
	unsigned long hits, misses, hits2, misses2;
	const edit e1[] = {
		{ "a.json", "1\n" }, { "a-b/y", "2\n" }, { "a/x", "3\n" }, { "a0", "4\n" },
		{ "a=", "5\n" }, { "comments/0f/m1-1.json", "6\n" }, { "b/c/d/e.txt", "7\n" },
		{ "state.json", "{}\n" },
	};
	const edit e2[] = {
		{ "a/z", "8\n" }, { "a-b", NULL }, { "a.json", "9\n" }, { "b/c/f.txt", "10\n" },
		{ "comments/0f/m1-1.json", NULL }, { "comments/10/m1-2.json", "11\n" }, { "state.json", "{\"n\":2}\n" },
	};
	const edit e3[] = {   /* by the other handle */
		{ "comments/10/m2-1.json", "12\n" }, { "state.json", "{\"n\":3}\n" },
	};
	const edit e4[] = {
		{ "comments/10/m1-3.json", "13\n" }, { "comments/0f/m1-4.json", "14\n" }, { "state.json", "{\"n\":4}\n" },
	};

	(void)state;
	assert_int_equal(store_init(&a, tmp, true, &err), 0);
	assert_int_equal(store_open(&b, tmp, &err), 0);
	commit_on_tip(id1, a, e1, sizeof(e1) / sizeof(e1[0]), "one", NULL);
	assert_trees_as_git(tmp, id1);
	store_tree_cache_stats(a, &hits, &misses);
	commit_on_tip(id2, a, e2, sizeof(e2) / sizeof(e2[0]), "two", NULL);
	assert_trees_as_git(tmp, id2);
	/* on its own tip, a handle reads none of the directories it wrote */
	store_tree_cache_stats(a, &hits2, &misses2);
	assert_true(hits2 > hits);
	assert_int_equal(misses2, misses);
	assert_int_equal(store_tip(&stale, a, &err), 0);
	assert_string_equal(snap_id(stale), id2);
	commit_on_tip(id3, b, e3, sizeof(e3) / sizeof(e3[0]), "three", NULL);
	assert_trees_as_git(tmp, id3);
	/* the first handle's snapshot is stale: refused, then done on the new tip */
	assert_int_equal(commit_edits(id4, a, stale, e4, sizeof(e4) / sizeof(e4[0]), "four", NULL, &err),
		DOSSIER_ECONFLICT);
	dossier_error_clear(&err);
	commit_on_tip(id4, a, e4, sizeof(e4) / sizeof(e4[0]), "four", NULL);
	assert_trees_as_git(tmp, id4);
	store_tree_cache_stats(a, &hits, &misses);
	assert_true(misses > misses2);   /* the other handle's trees were read */
	assert_int_equal(store_tip(&tip, a, &err), 0);
	assert_string_equal(snap_id(tip), id4);
	assert_blob(tip, "comments/10/m2-1.json", "12\n");
	assert_blob(tip, "comments/10/m1-2.json", "11\n");
	assert_blob(tip, "comments/10/m1-3.json", "13\n");
	assert_blob(tip, "comments/0f/m1-4.json", "14\n");
	assert_blob(tip, "a/x", "3\n");
	assert_blob(tip, "a/z", "8\n");
	assert_blob(tip, "a.json", "9\n");
	assert_blob(tip, "b/c/d/e.txt", "7\n");
	assert_blob(tip, "state.json", "{\"n\":4}\n");
	assert_absent(tip, "a-b");
	assert_absent(tip, "comments/0f/m1-1.json");
	snap_free(stale);
	assert_int_equal(store_lookup(&stale, a, id2, &err), 0);
	assert_absent(stale, "comments/0f");   /* emptied away in two */
	snap_free(stale);
	snap_free(tip);
	store_free(a);
	store_free(b);
	remove_tree(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_bare_and_worktree),
		cmocka_unit_test(test_init_refuses_a_dossier),
		cmocka_unit_test(test_open_discovers_from_below),
		cmocka_unit_test(test_config_email),
		cmocka_unit_test(test_commits_read_back),
		cmocka_unit_test(test_trees_kept_and_tip_moved),
		cmocka_unit_test(test_signed_commits),
		cmocka_unit_test(test_commit_without_edits),
		cmocka_unit_test(test_revisions_and_tags),
		cmocka_unit_test(test_compare_and_swap),
#if DOSSIER_TEST_SEAMS
		cmocka_unit_test(test_crash_before_the_branch_moves),
#endif
		cmocka_unit_test(test_processes_race),
		cmocka_unit_test(test_worktree_stays_clean),
		cmocka_unit_test(test_worktree_view),
		cmocka_unit_test(test_worktree_converges_after_races),
#if DOSSIER_TEST_SEAMS
		cmocka_unit_test(test_worktree_converges_after_crashes),
#endif
		cmocka_unit_test(test_worktree_reads_git_indexes),
	};
	int rc;

	/* our own git configuration, before libgit2 reads where it lives */
	home_dir = make_tmpdir();
	setenv("HOME", home_dir, 1);
	unsetenv("XDG_CONFIG_HOME");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	if (store_global_init() < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	store_global_shutdown();
	remove_tree(home_dir);
	return rc;
}
