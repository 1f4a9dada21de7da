/*
 * diff_scale.c: how the structural diff scales. Builds a text of N
 * articles (default 1,000; three clauses of twenty words each, drawn from
 * a Vietnamese vocabulary), a second revision with an article inserted
 * near the start, one deleted in the middle, two swapped and one word
 * changed in every fiftieth article, then times the alignment and each
 * output format. Not a test: it prints figures and checks only that the
 * counts are the expected ones.
 *
 *   meson compile -C build diff_scale && ./build/bench/diff_scale [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier/diff.h"
#include "dossier/textparse.h"
#include "base/util.h"

static const char *const syl[] = {
	"quy", "hoạch", "đô", "thị", "dữ", "liệu", "nền", "tảng", "trung", "tâm", "điều", "hành",
	"bảo", "đảm", "an", "toàn", "thông", "tin", "mạng", "chia", "sẻ", "cơ", "quan", "nhà",
	"nước", "doanh", "nghiệp", "người", "dân", "dịch", "vụ", "hạ", "tầng", "số", "kết",
	"nối", "cảm", "biến", "giám", "sát", "đánh", "giá", "kế", "ngân", "sách", "tài", "chính",
	"công", "trình", "xây", "dựng", "môi", "trường", "giao", "y", "tế", "giáo", "dục", "văn",
	"hóa", "thể", "thao", "du", "lịch", "nông", "thôn", "phát", "triển", "bền", "vững",
	"khoa", "học", "kỹ", "thuật", "chuyển", "đổi", "quốc", "gia", "địa", "phương", "tỉnh",
};
#define NSYL (sizeof(syl) / sizeof(syl[0]))

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static void article(dstr *s, int id, int num, int edit)
{
	uint64_t seed = 7 + (uint64_t)id * 104729;
	int k, w;

	dstr_addf(s, "Điều %d. Quy định số %d về %s %s\n", num, id, syl[rnd(&seed) % NSYL],
		syl[rnd(&seed) % NSYL]);
	for (k = 1; k <= 3; k++) {
		dstr_addf(s, "%d.", k);
		for (w = 0; w < 20; w++) {
			const char *word = syl[rnd(&seed) % NSYL];

			dstr_addf(s, " %s", edit && k == 2 && w == 10 ? "SỬA" : word);
		}
		dstr_adds(s, ".\n");
	}
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static dossier_document *parse(const char *text)
{
	dossier_document *d = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (dossier_text_parse(&d, "bench", text, strlen(text), NULL, &err) < 0) {
		fprintf(stderr, "parse: %s\n", err.message);
		exit(1);
	}
	return d;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, i, num = 0, *ids;
	dstr a = DSTR_INIT, b = DSTR_INIT;
	dossier_document *da, *db;
	dossier_diff *diff = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *out = NULL;
	size_t len;
	double t0, t1;

	if (n < 20) {
		fprintf(stderr, "usage: diff_scale [N >= 20]\n");
		return 2;
	}
	dstr_adds(&a, "CHÍNH PHỦ\n\nNGHỊ ĐỊNH\nThử nghiệm\n\nChương I\nQUY ĐỊNH CHUNG\n");
	dstr_adds(&b, a.ptr);
	for (i = 1; i <= n; i++)
		article(&a, i, i, 0);
	/* The second revision: new article after 10, article n/2 deleted,
	 * articles n-10 and n-5 swapped, a word changed in every 50th. */
	ids = malloc(sizeof(*ids) * (size_t)(n + 1));
	for (i = 1; i <= n; i++)
		ids[i] = i;
	ids[n - 10] = n - 5;
	ids[n - 5] = n - 10;
	for (i = 1; i <= n; i++) {
		if (i == n / 2)
			continue;
		article(&b, ids[i], ++num, ids[i] % 50 == 0);
		if (i == 10)
			article(&b, n + 1, ++num, 0);
	}
	free(ids);
	t0 = now();
	da = parse(a.ptr);
	db = parse(b.ptr);
	t1 = now();
	printf("%d articles, %zu + %zu bytes: parsing both %.3f s\n", n, a.len, b.len, t1 - t0);
	t0 = now();
	if (dossier_diff_new(&diff, da, db, &err) < 0) {
		fprintf(stderr, "diff: %s\n", err.message);
		return 1;
	}
	t1 = now();
	printf("alignment and word diffs: %.3f s\n", t1 - t0);
	printf("inserted %zu, deleted %zu, moved %zu, renumbered %zu, changed %zu\n",
		diff->counts[0], diff->counts[1], diff->counts[2], diff->counts[3], diff->counts[4]);
	t0 = now();
	if (dossier_diff_text(&out, diff, NULL, &err) < 0)
		return 1;
	t1 = now();
	if (getenv("DIFF_SCALE_SHOW"))
		fputs(out, stdout);
	free(out);
	printf("text: %.3f s\n", t1 - t0);
	t0 = now();
	dossier_diff_json(&out, diff, NULL, &err);
	free(out);
	t1 = now();
	printf("json: %.3f s\n", t1 - t0);
	t0 = now();
	dossier_diff_akn(&out, &len, diff, NULL, &err);
	free(out);
	t1 = now();
	printf("xml: %.3f s\n", t1 - t0);
	dossier_diff_free(diff);
	dossier_document_free(da);
	dossier_document_free(db);
	dstr_free(&a);
	dstr_free(&b);
	return 0;
}
