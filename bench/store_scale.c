/*
 * store_scale.c: does the cost of one action grow with the size of the
 * dossier? A benchmark of the git store (engine/store/store.c), not a test: it
 * prints figures and judges nothing.
 *
 * For each size (1,000 and 20,000 comment records of ~440 bytes in 256
 * fan-out directories, or the sizes given on the command line) it writes
 * the records as one commit, then times a run of commits that each add one
 * comment and rewrite state.json (what `dossier comment` does), in a bare
 * repository and in one with a working tree (where the index is rewritten
 * too). It also times a read of one record by path and the changes of one
 * commit (what `verify` asks for every commit).
 *
 * Build (it links the engine's internal library, for the private store.h):
 *   meson compile -C build store_scale   (or by hand:)
 *   cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
 *      -Iengine/include -Iengine bench/store_scale.c \
 *      build/engine/libdossier-internal.a \
 *      $(pkg-config --libs libgit2 libxml-2.0 libxslt yaml-0.1 jansson libutf8proc) \
 *      -o store_scale
 * Run: ./store_scale [N...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "base/util.h"

#define COMMITS 200

static const dossier_sig author = { "Bench", "bench@example.org", 1753372800, 7 * 3600 };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the process (user + system): steadier than the wall clock on
 * a loaded machine. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const dossier_error *err)
{
	fprintf(stderr, "store_scale: %s: %s\n", what, err && err->message ? err->message : "failed");
	exit(1);
}

/* A comment record of about 440 bytes. */
static void record(char *buf, size_t size, unsigned i)
{
	snprintf(buf, size,
		"{\"id\":\"most-%u\",\"by\":\"most\",\"on\":\"art_%u__para_%u\",\"revision\":\"v1\","
		"\"at\":\"2025-07-%02uT10:00:00+07:00\",\"text\":\"Đề nghị làm rõ khái niệm đô thị thông "
		"minh tại khoản %u, bổ sung tiêu chí đánh giá mức độ sẵn sàng của hạ tầng số và cơ chế "
		"chia sẻ dữ liệu giữa các cơ quan quản lý nhà nước ở trung ương và địa phương.\","
		"\"proposal\":\"Sửa khoản %u thành: ...\",\"seq\":%u}\n",
		i, i % 60 + 1, i % 5 + 1, i % 28 + 1, i % 9 + 1, i % 9 + 1, i);
}

static void record_path(char *buf, size_t size, unsigned i)
{
	snprintf(buf, size, "comments/%02x/most-%u.json", (i * 2654435761u) >> 24, i);
}

typedef struct figures {
	double commit_ms;  /* per commit, wall clock */
	double commit_cpu; /* per commit, CPU time */
	double read_us;    /* per snap_read of one record */
	double changes_us; /* per snap_changes of one commit */
} figures;

static int count_change(const char *path, char status, void *payload)
{
	(void)path;
	(void)status;
	(*(unsigned *)payload)++;
	return 0;
}

static figures measure(unsigned n, bool bare)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *store = NULL;
	dossier_snap *tip = NULL, *parent = NULL;
	dossier_txn *txn = NULL;
	char tmpl[] = "/tmp/dossier-bench-XXXXXX", path[64], buf[1024], id[41], *cmd;
	char *dir = mkdtemp(tmpl);
	figures f;
	unsigned i, changed = 0;
	double t0, c0;
	int rc;

	if (!dir)
		die("mkdtemp", NULL);
	if (store_init(&store, dir, bare, &err) < 0)
		die("init", &err);
	if (txn_begin(&txn, store, NULL, &err) < 0)
		die("begin", &err);
	for (i = 0; i < n; i++) {
		record(buf, sizeof(buf), i);
		record_path(path, sizeof(path), i);
		if (txn_put(txn, path, buf, strlen(buf), &err) < 0)
			die("put", &err);
	}
	if (txn_put(txn, "state.json", "{}", 2, &err) < 0 ||
	    txn_commit(id, txn, &author, "Import", NULL, &err) < 0)
		die("first commit", &err);
	txn_free(txn);

	t0 = now_ms();
	c0 = cpu_ms();
	for (i = n; i < n + COMMITS; i++) {
		char state[64];

		if (store_tip(&tip, store, &err) < 0 || txn_begin(&txn, store, tip, &err) < 0)
			die("tip", &err);
		record(buf, sizeof(buf), i);
		record_path(path, sizeof(path), i);
		snprintf(state, sizeof(state), "{\"comments\":%u}", i + 1);
		if (txn_put(txn, path, buf, strlen(buf), &err) < 0 ||
		    txn_put(txn, "state.json", state, strlen(state), &err) < 0)
			die("put", &err);
		rc = txn_commit(id, txn, &author, "Comment", NULL, &err);
		if (rc < 0)
			die("commit", &err);
		txn_free(txn);
		snap_free(tip);
	}
	f.commit_ms = (now_ms() - t0) / COMMITS;
	f.commit_cpu = (cpu_ms() - c0) / COMMITS;

	if (store_tip(&tip, store, &err) < 0 || snap_parent(&parent, tip, 0, &err) < 0)
		die("tip", &err);
	t0 = now_ms();
	for (i = 0; i < 1000; i++) {
		char *data;
		size_t len;

		record_path(path, sizeof(path), (i * 7919u) % n);
		if (snap_read(&data, &len, tip, path, &err) < 0)
			die("read", &err);
		free(data);
	}
	f.read_us = (now_ms() - t0) * 1e3 / 1000;
	t0 = now_ms();
	for (i = 0; i < 1000; i++)
		if (snap_changes(parent, tip, count_change, &changed, &err) < 0)
			die("changes", &err);
	f.changes_us = (now_ms() - t0) * 1e3 / 1000;
	if (changed != 2000)
		die("changes: unexpected count", NULL);
	snap_free(parent);
	snap_free(tip);
	store_free(store);

	cmd = util_sprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		die("cleanup", NULL);
	free(cmd);
	return f;
}

int main(int argc, char **argv)
{
	unsigned sizes[16] = { 1000, 20000 };
	int nsizes = 2, i;

	if (argc > 1) {
		nsizes = 0;
		for (i = 1; i < argc && nsizes < 16; i++)
			sizes[nsizes++] = (unsigned)strtoul(argv[i], NULL, 10);
	}
	if (store_global_init() < 0)
		return 1;
	printf("%8s  %-9s  %10s  %10s  %10s  %10s\n", "records", "repo", "ms/commit", "cpu ms", "us/read",
		"us/changes");
	for (i = 0; i < nsizes; i++) {
		figures b = measure(sizes[i], true), w = measure(sizes[i], false);

		printf("%8u  %-9s  %10.3f  %10.3f  %10.2f  %10.2f\n", sizes[i], "bare", b.commit_ms,
			b.commit_cpu, b.read_us, b.changes_us);
		printf("%8u  %-9s  %10.3f  %10.3f  %10.2f  %10.2f\n", sizes[i], "worktree", w.commit_ms,
			w.commit_cpu, w.read_us, w.changes_us);
		fflush(stdout);
	}
	store_global_shutdown();
	return 0;
}
