/*
 * test_citation.c: a provision named as people name it: eIds in any case,
 * Vietnamese citations in both orders, English citations with parentheses
 * and with words, NFD and upper case, sections under their chapter,
 * ambiguous and unknown references with the nearest provisions written as
 * citations, and text that is neither.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/document.h"

/* Chương I > Điều 1, 2 (khoản 1–3); Chương II > Mục 1 > Điều 3, Mục 2 >
 * Điều 4; Điều 5 > khoản 2 > điểm a, đ; Điều 7 > điểm b; Chương III >
 * Mục 1 > Điều 6. */
static dossier_document *sample(void)
{
	dossier_document *doc;
	dossier_node *chp, *sec, *art, *cl, *pt;
	char num[8];
	int i;

	assert_int_equal(dossier_document_new(&doc, DOSSIER_LANG_VIE), 0);
	assert_int_equal(dossier_node_new(&chp, doc->body, DOSSIER_NODE_CHAPTER, "I", "CHUNG"), 0);
	assert_int_equal(dossier_node_new(&art, chp, DOSSIER_NODE_ARTICLE, "1", "Phạm vi"), 0);
	assert_int_equal(dossier_node_new(&art, chp, DOSSIER_NODE_ARTICLE, "2", "Đối tượng"), 0);
	for (i = 1; i <= 3; i++) {
		snprintf(num, sizeof(num), "%d", i);
		assert_int_equal(dossier_node_new(&cl, art, DOSSIER_NODE_CLAUSE, num, NULL), 0);
		assert_int_equal(dossier_node_add_text(cl, "Nội dung."), 0);
	}
	assert_int_equal(dossier_node_new(&chp, doc->body, DOSSIER_NODE_CHAPTER, "II", "QUẢN LÝ"), 0);
	assert_int_equal(dossier_node_new(&sec, chp, DOSSIER_NODE_SECTION, "1", "LẬP"), 0);
	assert_int_equal(dossier_node_new(&art, sec, DOSSIER_NODE_ARTICLE, "3", "Lập"), 0);
	assert_int_equal(dossier_node_new(&sec, chp, DOSSIER_NODE_SECTION, "2", "DUYỆT"), 0);
	assert_int_equal(dossier_node_new(&art, sec, DOSSIER_NODE_ARTICLE, "4", "Duyệt"), 0);
	assert_int_equal(dossier_node_new(&art, sec, DOSSIER_NODE_ARTICLE, "5", "Đề án"), 0);
	assert_int_equal(dossier_node_new(&cl, art, DOSSIER_NODE_CLAUSE, "1", NULL), 0);
	assert_int_equal(dossier_node_new(&cl, art, DOSSIER_NODE_CLAUSE, "2", NULL), 0);
	assert_int_equal(dossier_node_new(&pt, cl, DOSSIER_NODE_POINT, "a", NULL), 0);
	assert_int_equal(dossier_node_new(&pt, cl, DOSSIER_NODE_POINT, "đ", NULL), 0);
	assert_int_equal(dossier_node_new(&art, sec, DOSSIER_NODE_ARTICLE, "7", "Điểm không khoản"), 0);
	assert_int_equal(dossier_node_new(&pt, art, DOSSIER_NODE_POINT, "b", NULL), 0);
	assert_int_equal(dossier_node_new(&chp, doc->body, DOSSIER_NODE_CHAPTER, "III", "KHÁC"), 0);
	assert_int_equal(dossier_node_new(&sec, chp, DOSSIER_NODE_SECTION, "1", "KHÁC"), 0);
	assert_int_equal(dossier_node_new(&art, sec, DOSSIER_NODE_ARTICLE, "6", "Khác"), 0);
	assert_int_equal(dossier_document_assign_eids(doc, "x.txt", NULL, NULL), 0);
	return doc;
}

static void expect(const dossier_document *doc, const char *given, const char *eid)
{
	const dossier_node *n = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	int rc = dossier_document_resolve(&n, doc, given, NULL, &err);

	if (rc != 0)
		fail_msg("'%s': %s", given, err.message ? err.message : "?");
	assert_non_null(n);
	assert_string_equal(n->eid, eid);
	dossier_error_clear(&err);
}

/* The error, with its tag and hint, for a reference that does not resolve. */
static void refused(const dossier_document *doc, const char *given, int code, const char *tag,
	const char *in_hint)
{
	const dossier_node *n = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_document_resolve(&n, doc, given, "revision v1", &err), code);
	assert_null(n);
	assert_string_equal(err.tag, tag);
	assert_non_null(err.hint);
	if (!strstr(err.hint, in_hint))
		fail_msg("'%s': hint '%s' lacks '%s'", given, err.hint, in_hint);
	dossier_error_clear(&err);
}

static void test_eids(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	expect(doc, "art_5__para_2__point_dd", "art_5__para_2__point_dd");
	expect(doc, "ART_5__PARA_2", "art_5__para_2");
	expect(doc, "chp_2__sec_1", "chp_2__sec_1");
	dossier_document_free(doc);
}

static void test_vietnamese_both_orders(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	expect(doc, "Điều 5 khoản 2 điểm đ", "art_5__para_2__point_dd");
	expect(doc, "điểm đ khoản 2 Điều 5", "art_5__para_2__point_dd");
	expect(doc, "điểm a, khoản 2, Điều 5", "art_5__para_2__point_a");
	expect(doc, "Điều 5.", "art_5");
	expect(doc, "  Điều   2  khoản 3 ", "art_2__para_3");
	expect(doc, "Chương II", "chp_2");
	expect(doc, "Mục 1 Chương II", "chp_2__sec_1");
	expect(doc, "Chương III Mục 1", "chp_3__sec_1");
	/* without the marks, as typed on a keyboard without a Vietnamese layout */
	expect(doc, "dieu 5 khoan 2 diem a", "art_5__para_2__point_a");
	dossier_document_free(doc);
}

static void test_case_and_normalisation(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	expect(doc, "ĐIỀU 5 KHOẢN 2 ĐIỂM Đ", "art_5__para_2__point_dd");
	/* NFD: "Điều" with its marks combining, "điểm" likewise */
	expect(doc, "\xc4\x90ie\xcc\x82\xcc\x80u 5 kho\x61\xcc\x89n 2 \xc4\x91ie\xcc\x82\xcc\x89m \xc4\x91",
		"art_5__para_2__point_dd");
	expect(doc, "chương ii", "chp_2");
	expect(doc, "Chương 2", "chp_2");
	dossier_document_free(doc);
}

static void test_english(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	expect(doc, "Article 5(2)(a)", "art_5__para_2__point_a");
	expect(doc, "Article 5(2)(dd)", "art_5__para_2__point_dd");
	expect(doc, "Article 5(2)(đ)", "art_5__para_2__point_dd");
	expect(doc, "Article 5, paragraph 2, point (a)", "art_5__para_2__point_a");
	expect(doc, "article 5 clause 2 point a", "art_5__para_2__point_a");
	expect(doc, "Art. 2(3)", "art_2__para_3");
	expect(doc, "Section 2 of Chapter II", "chp_2__sec_2");
	/* a point right under its article */
	expect(doc, "Article 7(b)", "art_7__point_b");
	expect(doc, "Điều 7 điểm b", "art_7__point_b");
	dossier_document_free(doc);
}

static void test_ambiguous(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	/* khoản 2 of Điều 2 and of Điều 5 */
	refused(doc, "khoản 2", DOSSIER_EINVALID, "ambiguous-provision", "'Điều 2 khoản 2' or 'Điều 5 khoản 2'");
	/* Mục 1 of Chương II and of Chương III */
	refused(doc, "Mục 1", DOSSIER_EINVALID, "ambiguous-provision", "'Mục 1 Chương II'");
	dossier_document_free(doc);
}

static void test_unknown_nearest_as_citations(void **state)
{
	dossier_document *doc = sample();
	const dossier_node *n;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	/* the clauses of Điều 2 nearest to 9 */
	refused(doc, "Điều 2 khoản 9", DOSSIER_ENOTFOUND, "unknown-provision",
		"'Điều 2 khoản 3', 'Điều 2 khoản 2' or 'Điều 2 khoản 1'");
	/* no Điều 9: the articles with the nearest numbers */
	refused(doc, "Điều 10", DOSSIER_ENOTFOUND, "unknown-provision", "'Điều 7', 'Điều 6' or 'Điều 5'");
	/* a point under a clause that has none: the clause itself */
	refused(doc, "Article 2(3)(b)", DOSSIER_ENOTFOUND, "unknown-provision", "'Điều 2 khoản 3'");
	/* an eId that is not there: its neighbours, as citations with their eIds */
	refused(doc, "art_5__para_3", DOSSIER_ENOTFOUND, "unknown-provision", "'Điều 5 khoản 2' (art_5__para_2)");
	assert_int_equal(dossier_document_resolve(&n, doc, "Điều 9", "revision v2", &err), DOSSIER_ENOTFOUND);
	assert_string_equal(err.message, "no provision 'Điều 9' in revision v2");
	dossier_error_clear(&err);
	dossier_document_free(doc);
}

static void test_not_a_citation(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	refused(doc, "the second paragraph", DOSSIER_EINVALID, "invalid-provision", "Điều 5 khoản 2 điểm a");
	refused(doc, "Điều", DOSSIER_EINVALID, "invalid-provision", "Article 5(2)(a)");
	refused(doc, "Điều 5 Điều 6", DOSSIER_EINVALID, "invalid-provision", "art_5__para_2__point_a");
	refused(doc, "khoản Điều 5", DOSSIER_EINVALID, "invalid-provision", "art_5");
	dossier_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eids),
		cmocka_unit_test(test_vietnamese_both_orders),
		cmocka_unit_test(test_case_and_normalisation),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_unknown_nearest_as_citations),
		cmocka_unit_test(test_not_a_citation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
