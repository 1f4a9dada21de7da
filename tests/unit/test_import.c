/*
 * test_import.c: the parts of a bulk import below the command line: the
 * pack writer (txn_put_packed in engine/store/store.c, store_pack.c) and the
 * state change of an import (apply_import in engine/facade/record.c). The
 * records written as one pack read back byte for byte, the same content
 * twice is one object, nothing is left loose but the trees and the commit,
 * and `git fsck` accepts the repository. The checks of the records
 * themselves are exercised end to end by tests/cli/test_import.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "facade/record_int.h"
#include "store/store.h"
#include "base/util.h"

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/dossier-import-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return util_strdup(dir);
}

static void rmtree(char *dir)
{
	char *cmd = util_sprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

static int shell(const char *fmt, const char *arg)
{
	char *cmd = util_sprintf(fmt, arg);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

static void count_progress(size_t done, size_t total, void *payload)
{
	size_t *last = payload;

	assert_true(done <= total);
	assert_true(done >= *last);
	*last = done;
}

static void test_packed_records(void **state)
{
	char *dir = tmpdir(), id[41];
	dossier_store *store = NULL;
	dossier_txn *txn = NULL;
	dossier_snap *tip = NULL;
	dossier_sig sig = { "Bench", "bench@example.org", 1753000000, 7 * 3600 };
	enum { N = 3000 };
	store_file *files = calloc(N, sizeof(*files));
	size_t i, last = 0;

	(void)state;
	assert_non_null(files);
	assert_int_equal(store_init(&store, dir, true, NULL), 0);
	for (i = 0; i < N; i++) {
		files[i].path = util_sprintf("comments/%02zx/pub-%zu.json", i % 256, i + 1);
		/* Records 10 and 11 have the same content: one object. */
		files[i].data = i == 11 ? util_strdup(files[10].data) :
			util_sprintf("{\"id\": \"pub-%zu\", \"text\": \"ý kiến số %zu về dự thảo\"}\n", i + 1, i + 1);
		files[i].len = strlen(files[i].data);
	}
	/* One record larger than a stored deflate block (65,535 bytes). */
	free((char *)files[1].data);
	{
		char *big = malloc(200001);

		assert_non_null(big);
		for (i = 0; i < 200000; i++)
			big[i] = (char)('a' + i % 26);
		big[200000] = '\0';
		files[1].data = big;
		files[1].len = 200000;
	}
	assert_int_equal(txn_begin(&txn, store, NULL, NULL), 0);
	assert_int_equal(txn_put_packed(txn, files, N, count_progress, &last, NULL), 0);
	assert_int_equal(txn_put(txn, "state.json", "{}\n", 3, NULL), 0);
	assert_int_equal(txn_commit(id, txn, &sig, "import\n", NULL, NULL), 0);
	/* the pack is written while the trees are built, and done by the commit */
	assert_int_equal(last, N);
	txn_free(txn);
	assert_int_equal(store_tip(&tip, store, NULL), 0);
	for (i = 0; i < N; i += 97) {
		char *data = NULL;
		size_t len = 0;

		assert_int_equal(snap_read(&data, &len, tip, files[i].path, NULL), 0);
		assert_int_equal(len, files[i].len);
		assert_memory_equal(data, files[i].data, len);
		free(data);
	}
	{
		char *data = NULL;
		size_t len = 0;

		assert_int_equal(snap_read(&data, &len, tip, files[1].path, NULL), 0);
		assert_int_equal(len, files[1].len);
		assert_memory_equal(data, files[1].data, len);
		free(data);
	}
	snap_free(tip);
	store_free(store);
	/* The store's .idx is the one git makes of the same pack, for the
	 * records' and for the trees' (store_tree.c). */
	assert_int_equal(shell("cd '%s' && for p in objects/pack/*.pack; do git index-pack -o check.idx \"$p\" >/dev/null "
		"&& cmp -s check.idx \"${p%%.pack}.idx\" && rm check.idx || exit 1; done", dir), 0);
	/* Two packs, the records and the 256 + 2 trees; only state.json and the commit are loose. */
	assert_int_equal(shell("test \"$(ls '%s'/objects/pack/*.pack | wc -l)\" = 2", dir), 0);
	assert_int_equal(shell("test \"$(git -C '%s' count-objects -v | sed -n 's/^count: //p')\" -lt 10", dir), 0);
	assert_int_equal(shell("git -C '%s' fsck --strict >/dev/null 2>&1", dir), 0);
	assert_int_equal(shell("test \"$(git -C '%s' ls-tree -r main | wc -l)\" = 3001", dir), 0);
	for (i = 0; i < N; i++) {
		free((char *)files[i].path);
		free((char *)files[i].data);
	}
	free(files);
	rmtree(dir);
}

static void test_bad_path_writes_nothing(void **state)
{
	char *dir = tmpdir();
	dossier_store *store = NULL;
	dossier_txn *txn = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	store_file f[2] = { { "comments/00/a.json", "a", 1 }, { "../escape", "b", 1 } };

	(void)state;
	assert_int_equal(store_init(&store, dir, true, NULL), 0);
	assert_int_equal(txn_begin(&txn, store, NULL, NULL), 0);
	assert_int_equal(txn_put_packed(txn, f, 2, NULL, NULL, &err), DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "../escape"));
	assert_int_equal(txn_put_packed(txn, f, 0, NULL, NULL, NULL), 0);
	dossier_error_clear(&err);
	txn_free(txn);
	store_free(store);
	assert_int_equal(shell("test -z \"$(ls '%s'/objects/pack/)\"", dir), 0);
	rmtree(dir);
}

static void test_apply_import(void **state)
{
	ds_state st;
	const char *authors[] = { "most", NULL, "most", NULL, "hanoi" };
	unsigned seqs[5];
	ds_member *m;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.stage = util_strdup("member-comment");
	m = ds_state_member(&st, "most", true);
	m->seq = 2;
	m->in_stage = 1;
	st.events = 4;
	st.comments = 2;
	st.unanswered = 1;
	assert_int_equal(apply_import(&st, authors, 5, seqs), 0);
	assert_int_equal(seqs[0], 3);
	assert_int_equal(seqs[1], 1);
	assert_int_equal(seqs[2], 4);
	assert_int_equal(seqs[3], 2);
	assert_int_equal(seqs[4], 1);
	assert_int_equal(st.events, 5);
	assert_int_equal(st.comments, 7);
	assert_int_equal(st.unanswered, 6);
	assert_int_equal(ds_state_member(&st, "most", false)->in_stage, 3);
	assert_int_equal(ds_state_member(&st, DS_PUBLIC, false)->seq, 2);
	/* The public never counts as a member having commented. */
	assert_int_equal(ds_state_member(&st, DS_PUBLIC, false)->in_stage, 0);
	ds_state_clear(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packed_records),
		cmocka_unit_test(test_bad_path_writes_nothing),
		cmocka_unit_test(test_apply_import),
	};

	store_global_init();
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
