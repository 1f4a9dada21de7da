/*
 * api_comment.c: comments through the public API, in one process
 * (bench/README.md). Opens a dossier once and makes N comments with
 * dossier_comment(), timing each call; prints the median, the quartiles
 * and the slowest call in milliseconds, and the median CPU time of a
 * call (user + system of the process), as one JSON object. The run
 * builds the 10,000-event history that `dossier verify` is measured on
 * with the same program.
 *
 * Usage: api_comment DIR AS NOW N EID...   (comments cycle through the eIds)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier/dossier.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	dossier_identity who = { NULL, NULL, NULL };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;
	double *t, *c, total = 0, cpu_total = 0;
	long n, i;
	int neids, rc = 0;

	if (argc < 6) {
		fprintf(stderr, "usage: api_comment DIR AS NOW N EID...\n");
		return 2;
	}
	who.as = argv[2];
	who.now = argv[3];
	n = strtol(argv[4], NULL, 10);
	neids = argc - 5;
	if (n <= 0 || !(t = calloc((size_t)n, sizeof(*t))) || !(c = calloc((size_t)n, sizeof(*c))))
		return 2;
	dossier_global_init();
	if (dossier_open(&d, argv[1], &who, &err) < 0) {
		fprintf(stderr, "api_comment: %s\n", err.message ? err.message : "?");
		free(t);
		free(c);
		return 1;
	}
	for (i = 0; i < n; i++) {
		dossier_comment_options o = DOSSIER_COMMENT_OPTIONS_INIT;
		char *id = NULL;
		double t0, c0;

		o.on = argv[5 + i % neids];
		o.text = "Đề nghị làm rõ trách nhiệm của cơ quan chủ trì trong việc xây dựng nền tảng dữ liệu đô thị, "
			"bảo đảm kết nối và chia sẻ dữ liệu giữa các bộ, ngành và địa phương theo quy định của pháp luật.";
		c0 = cpu_ms();
		t0 = now_ms();
		rc = dossier_comment(&id, d, &o, &err);
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
		total += t[i];
		cpu_total += c[i];
		free(id);
		if (rc < 0) {
			fprintf(stderr, "api_comment: comment %ld: %s\n", i + 1, err.message ? err.message : "?");
			break;
		}
	}
	if (rc == 0) {
		qsort(t, (size_t)n, sizeof(*t), cmp);
		qsort(c, (size_t)n, sizeof(*c), cmp);
		printf("{\"calls\": %ld, \"median_ms\": %.4f, \"p25_ms\": %.4f, \"p75_ms\": %.4f, \"max_ms\": %.4f, "
			"\"mean_ms\": %.4f, \"cpu_median_ms\": %.4f, \"cpu_mean_ms\": %.4f}\n", n, t[n / 2], t[n / 4],
			t[(3 * n) / 4], t[n - 1], total / (double)n, c[n / 2], cpu_total / (double)n);
	}
	dossier_error_clear(&err);
	dossier_free(d);
	dossier_global_shutdown();
	free(t);
	free(c);
	return rc < 0 ? 1 : 0;
}
