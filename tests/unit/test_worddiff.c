/*
 * test_worddiff.c: the word-level diff: Vietnamese words with diacritics
 * are single tokens and punctuation marks are separate ones; whitespace is
 * not significant; NFD and NFC spellings are equal; one changed word in a
 * long clause is one deletion and one insertion; and Myers' algorithm
 * gives a shortest edit script (checked against the LCS computed by
 * dynamic programming on random sequences), which rebuilds both inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <utf8proc.h>

#include "dossier/diff.h"
#include "diff/worddiff_int.h"

static void test_tokens(void **state)
{
	const char *s = "Điều 5, khoản 2 điểm đ) “Nghị định” 24/2025/NĐ-CP.";
	const char *want[] = { "Điều", "5", ",", "khoản", "2", "điểm", "đ", ")", "“", "Nghị",
		"định", "”", "24", "/", "2025", "/", "NĐ", "-", "CP", "." };
	const int words[] = { 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 };
	wd_token *t = NULL;
	size_t n = 0, i;

	(void)state;
	assert_int_equal(wd_tokenize(&t, &n, s, strlen(s)), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		assert_int_equal(t[i].len, strlen(want[i]));
		assert_memory_equal(s + t[i].off, want[i], t[i].len);
		assert_int_equal(t[i].word, words[i]);
	}
	free(t);
	assert_int_equal(wd_tokenize(&t, &n, " \t\n ", 4), 0);
	assert_int_equal(n, 0);
	assert_null(t);
}

static dossier_word_diff *wdiff(const char *a, const char *b)
{
	dossier_word_diff *wd = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_word_diff_new(&wd, a, b, &err), 0);
	assert_non_null(wd);
	return wd;
}

static void test_identical_and_whitespace(void **state)
{
	dossier_word_diff *wd;

	(void)state;
	wd = wdiff("Nghị định này có hiệu lực.", "Nghị định này có hiệu lực.");
	assert_false(dossier_word_diff_changed(wd));
	assert_int_equal(wd->nsegs, 1);
	assert_int_equal(wd->segs[0].op, DOSSIER_WORD_EQUAL);
	assert_int_equal(wd->equal, 7);
	dossier_word_diff_free(wd);

	wd = wdiff("Nghị  định\tnày\n có hiệu lực .", "Nghị định này có hiệu lực.");
	assert_false(dossier_word_diff_changed(wd));
	dossier_word_diff_free(wd);

	wd = wdiff(NULL, "");
	assert_false(dossier_word_diff_changed(wd));
	assert_int_equal(wd->nsegs, 0);
	dossier_word_diff_free(wd);
}

static void test_nfd_is_nfc(void **state)
{
	const char *nfc = "Ủy ban nhân dân cấp tỉnh quyết định mô hình tổ chức.";
	utf8proc_uint8_t *nfd = NULL;
	dossier_word_diff *wd;

	(void)state;
	assert_true(utf8proc_map((const utf8proc_uint8_t *)nfc, 0, &nfd,
		UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE) > 0);
	assert_string_not_equal((const char *)nfd, nfc);
	wd = wdiff((const char *)nfd, nfc);
	assert_false(dossier_word_diff_changed(wd));
	dossier_word_diff_free(wd);
	free(nfd);
}

static void test_one_word_in_long_clause(void **state)
{
	const char *a = "Ủy ban nhân dân cấp tỉnh tổ chức lập đề án phát triển đô thị thông minh cho "
		"đô thị loại I trở lên trong thời hạn 24 tháng kể từ ngày Nghị định này có hiệu lực thi hành, "
		"bảo đảm phù hợp với quy hoạch chung, chiến lược chuyển đổi số quốc gia và điều kiện thực tế "
		"của từng địa phương, có lấy ý kiến của cộng đồng dân cư và các tổ chức, cá nhân liên quan.";
	const char *b = "Ủy ban nhân dân cấp tỉnh tổ chức lập đề án phát triển đô thị thông minh cho "
		"đô thị loại I trở lên trong thời hạn 18 tháng kể từ ngày Nghị định này có hiệu lực thi hành, "
		"bảo đảm phù hợp với quy hoạch chung, chiến lược chuyển đổi số quốc gia và điều kiện thực tế "
		"của từng địa phương, có lấy ý kiến của cộng đồng dân cư và các tổ chức, cá nhân liên quan.";
	dossier_word_diff *wd;

	(void)state;
	wd = wdiff(a, b);
	assert_true(dossier_word_diff_changed(wd));
	assert_int_equal(wd->deleted, 1);
	assert_int_equal(wd->inserted, 1);
	assert_int_equal(wd->nsegs, 4);
	assert_int_equal(wd->segs[0].op, DOSSIER_WORD_EQUAL);
	assert_string_equal(wd->segs[0].text, "Ủy ban nhân dân cấp tỉnh tổ chức lập đề án phát triển đô thị "
		"thông minh cho đô thị loại I trở lên trong thời hạn");
	assert_int_equal(wd->segs[1].op, DOSSIER_WORD_DELETE);
	assert_string_equal(wd->segs[1].text, "24");
	assert_true(wd->segs[1].space_before);
	assert_int_equal(wd->segs[2].op, DOSSIER_WORD_INSERT);
	assert_string_equal(wd->segs[2].text, "18");
	assert_int_equal(wd->segs[3].op, DOSSIER_WORD_EQUAL);
	dossier_word_diff_free(wd);
}

static void test_punctuation_and_order(void **state)
{
	dossier_word_diff *wd;

	(void)state;
	/* Only the final mark changes: "." becomes ";". */
	wd = wdiff("Tiếp nhận và xử lý phản ánh, kiến nghị của người dân.",
		"Tiếp nhận và xử lý phản ánh, kiến nghị của người dân;");
	assert_int_equal(wd->deleted, 1);
	assert_int_equal(wd->inserted, 1);
	assert_int_equal(wd->nsegs, 3);
	assert_string_equal(wd->segs[1].text, ".");
	assert_false(wd->segs[1].space_before);
	assert_string_equal(wd->segs[2].text, ";");
	dossier_word_diff_free(wd);

	/* A replacement is a deletion then an insertion, whatever the search found first. */
	wd = wdiff("DỰ THẢO 1", "DỰ THẢO 2");
	assert_int_equal(wd->nsegs, 3);
	assert_int_equal(wd->segs[1].op, DOSSIER_WORD_DELETE);
	assert_string_equal(wd->segs[1].text, "1");
	assert_int_equal(wd->segs[2].op, DOSSIER_WORD_INSERT);
	assert_string_equal(wd->segs[2].text, "2");
	dossier_word_diff_free(wd);

	/* Everything inserted, everything deleted; runs keep their inner spacing. */
	wd = wdiff("", "có trung tâm dữ liệu");
	assert_int_equal(wd->nsegs, 1);
	assert_int_equal(wd->segs[0].op, DOSSIER_WORD_INSERT);
	assert_string_equal(wd->segs[0].text, "có trung tâm dữ liệu");
	assert_int_equal(wd->inserted, 5);
	dossier_word_diff_free(wd);
	wd = wdiff("một hai\nba", NULL);
	assert_int_equal(wd->nsegs, 1);
	assert_int_equal(wd->segs[0].op, DOSSIER_WORD_DELETE);
	assert_string_equal(wd->segs[0].text, "một hai\nba");
	dossier_word_diff_free(wd);
}

static void test_invalid_utf8(void **state)
{
	dossier_word_diff *wd = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(dossier_word_diff_new(&wd, "ab\xff", "ab", &err), DOSSIER_EINVALID);
	assert_null(wd);
	assert_non_null(strstr(err.message, "byte offset 2"));
	dossier_error_clear(&err);
	dossier_word_diff_free(NULL);
}

/* ---- Myers against dynamic programming ---- */

static size_t lcs(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t *row = calloc((nb + 1) * 2, sizeof(size_t)), *prev = row, *cur = row + nb + 1, i, j, r;

	assert_non_null(row);
	for (i = 1; i <= na; i++) {
		for (j = 1; j <= nb; j++) {
			if (a[i - 1] == b[j - 1])
				cur[j] = prev[j - 1] + 1;
			else
				cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
		}
		{
			size_t *t = prev;

			prev = cur;
			cur = t;
		}
	}
	r = prev[nb];
	free(row);
	return r;
}

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static void test_myers_is_minimal(void **state)
{
	uint64_t seed = 42;
	int round;

	(void)state;
	for (round = 0; round < 400; round++) {
		size_t na = rnd(&seed) % 60, nb = rnd(&seed) % 60, i, ne = 0, ia = 0, ib = 0, edits = 0;
		uint32_t a[60], b[60], alpha = 2 + rnd(&seed) % 6;
		wd_edit *e = NULL;

		for (i = 0; i < na; i++)
			a[i] = rnd(&seed) % alpha;
		for (i = 0; i < nb; i++)
			b[i] = round % 3 == 0 && i < na ? a[i] ^ (rnd(&seed) % 7 == 0) : rnd(&seed) % alpha;
		assert_int_equal(wd_myers(&e, &ne, a, na, b, nb), 0);
		/* The script walks both sequences exactly, and equal steps are equal. */
		for (i = 0; i < ne; i++) {
			size_t k;

			if (e[i].op == WD_EQUAL) {
				assert_int_equal(e[i].ai, ia);
				assert_int_equal(e[i].bi, ib);
				for (k = 0; k < e[i].count; k++)
					assert_int_equal(a[ia + k], b[ib + k]);
				ia += e[i].count;
				ib += e[i].count;
			} else if (e[i].op == WD_DELETE) {
				assert_int_equal(e[i].ai, ia);
				ia += e[i].count;
				edits += e[i].count;
			} else {
				assert_int_equal(e[i].bi, ib);
				ib += e[i].count;
				edits += e[i].count;
			}
		}
		assert_int_equal(ia, na);
		assert_int_equal(ib, nb);
		assert_int_equal(edits, na + nb - 2 * lcs(a, na, b, nb));
		free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_identical_and_whitespace),
		cmocka_unit_test(test_nfd_is_nfc),
		cmocka_unit_test(test_one_word_in_long_clause),
		cmocka_unit_test(test_punctuation_and_order),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_myers_is_minimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
