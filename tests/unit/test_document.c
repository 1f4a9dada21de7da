/*
 * test_document.c: the legal text model: eIds at every level (with đ),
 * duplicate numbers naming both lines, lookup, "did you mean" candidates,
 * citations in Vietnamese and English, deep copies, node text, NFC of NFD
 * input and invalid UTF-8 with its byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/document.h"
#include "text/text.h"

/* Part I > Chương II > Mục 1 > Điều 5 > khoản 2 > điểm a, đ; an appendix. */
static dossier_document *sample(void)
{
	dossier_document *doc;
	dossier_node *part, *chp1, *chp2, *sec1, *art4, *art5, *cl, *pt, *app;

	assert_int_equal(dossier_document_new(&doc, DOSSIER_LANG_VIE), 0);
	assert_int_equal(dossier_node_new(&part, doc->body, DOSSIER_NODE_PART, "thứ nhất", "NHỮNG QUY ĐỊNH CHUNG"), 0);
	assert_int_equal(dossier_node_new(&chp1, part, DOSSIER_NODE_CHAPTER, "I", "QUY ĐỊNH CHUNG"), 0);
	assert_int_equal(dossier_node_new(&art4, chp1, DOSSIER_NODE_ARTICLE, "4", "Giải thích từ ngữ"), 0);
	assert_int_equal(dossier_node_new(&chp2, part, DOSSIER_NODE_CHAPTER, "II", "QUẢN LÝ"), 0);
	assert_int_equal(dossier_node_new(&sec1, chp2, DOSSIER_NODE_SECTION, "1", "LẬP ĐỀ ÁN"), 0);
	assert_int_equal(dossier_node_new(&art5, sec1, DOSSIER_NODE_ARTICLE, "5", "Đề án"), 0);
	assert_int_equal(dossier_node_add_text(art5, "Đề án gồm:"), 0);
	assert_int_equal(dossier_node_new(&cl, art5, DOSSIER_NODE_CLAUSE, "1", NULL), 0);
	assert_int_equal(dossier_node_add_text(cl, "Mục tiêu."), 0);
	assert_int_equal(dossier_node_new(&cl, art5, DOSSIER_NODE_CLAUSE, "2", NULL), 0);
	assert_int_equal(dossier_node_add_text(cl, "Nội dung chủ yếu:"), 0);
	assert_int_equal(dossier_node_new(&pt, cl, DOSSIER_NODE_POINT, "a", NULL), 0);
	assert_int_equal(dossier_node_add_text(pt, "Hiện trạng;"), 0);
	assert_int_equal(dossier_node_new(&pt, cl, DOSSIER_NODE_POINT, "đ", NULL), 0);
	assert_int_equal(dossier_node_add_text(pt, "Lộ trình."), 0);
	assert_int_equal(dossier_node_new(&app, doc->body, DOSSIER_NODE_APPENDIX, "II", "MẪU"), 0);
	assert_int_equal(dossier_node_add_text(app, "Mẫu số 01"), 0);
	art5->line = 40;
	art4->line = 12;
	return doc;
}

static void test_eids_every_level(void **state)
{
	dossier_document *doc = sample();
	static const char *const want[] = {
		"part_1", "chp_1", "art_4", "chp_2", "chp_2__sec_1", "art_5",
		"art_5__para_1", "art_5__para_2", "art_5__para_2__point_a",
		"art_5__para_2__point_dd", "annex_2",
	};
	size_t i;

	(void)state;
	assert_int_equal(dossier_document_assign_eids(doc, "x.txt", NULL, NULL), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const dossier_node *n = dossier_document_find(doc, want[i]);

		assert_non_null(n);
		assert_string_equal(n->eid, want[i]);
	}
	assert_null(dossier_document_find(doc, "art_6"));
	assert_string_equal(dossier_document_find(doc, "art_5__para_2__point_dd")->num, "đ");
	dossier_document_free(doc);
}

static void test_duplicate_names_both_lines(void **state)
{
	dossier_document *doc = sample();
	dossier_diags *diags;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_node *dup;
	const dossier_diag *d;

	(void)state;
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_node_new(&dup, doc->body->children[0]->children[1],
		DOSSIER_NODE_ARTICLE, "4", "Lặp"), 0);
	dup->line = 77;
	assert_int_equal(dossier_document_assign_eids(doc, "x.txt", diags, &err), DOSSIER_EINVALID);
	assert_int_equal(dossier_diags_errors(diags), 1);
	d = dossier_diags_get(diags, 0);
	assert_int_equal(d->line, 77);
	assert_string_equal(d->path, "x.txt");
	assert_non_null(strstr(d->message, "line 77"));
	assert_non_null(strstr(d->message, "line 12"));
	assert_non_null(strstr(d->message, "art_4"));
	assert_int_equal(err.code, DOSSIER_EINVALID);
	assert_int_equal(err.line, 77);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	dossier_document_free(doc);
}

static void test_closest(void **state)
{
	dossier_document *doc = sample();
	const char *best[3];
	size_t n;

	(void)state;
	assert_int_equal(dossier_document_assign_eids(doc, NULL, NULL, NULL), 0);
	n = dossier_document_closest(best, 3, doc, "art_5__para_2__point_b");
	assert_true(n >= 1);
	assert_string_equal(best[0], "art_5__para_2__point_a");
	n = dossier_document_closest(best, 3, doc, "art_5__para_3");
	assert_true(n >= 1);
	assert_true(!strcmp(best[0], "art_5__para_1") || !strcmp(best[0], "art_5__para_2"));
	n = dossier_document_closest(best, 3, doc, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
	assert_int_equal(n, 0);
	dossier_document_free(doc);
}

static void check_cite(const dossier_document *doc, const char *eid, const char *vie, const char *eng)
{
	const dossier_node *n = dossier_document_find(doc, eid);
	char *s;

	assert_non_null(n);
	s = dossier_node_citation(n, DOSSIER_LANG_VIE);
	assert_string_equal(s, vie);
	free(s);
	s = dossier_node_citation(n, DOSSIER_LANG_ENG);
	assert_string_equal(s, eng);
	free(s);
}

static void test_citations(void **state)
{
	dossier_document *doc = sample();

	(void)state;
	assert_int_equal(dossier_document_assign_eids(doc, NULL, NULL, NULL), 0);
	check_cite(doc, "art_5", "Điều 5", "Article 5");
	check_cite(doc, "art_5__para_2", "Điều 5 khoản 2", "Article 5(2)");
	check_cite(doc, "art_5__para_2__point_a", "Điều 5 khoản 2 điểm a", "Article 5(2)(a)");
	check_cite(doc, "art_5__para_2__point_dd", "Điều 5 khoản 2 điểm đ", "Article 5(2)(dd)");
	check_cite(doc, "chp_2", "Chương II", "Chapter II");
	check_cite(doc, "chp_2__sec_1", "Mục 1 Chương II", "Section 1 of Chapter II");
	check_cite(doc, "part_1", "Phần thứ nhất", "Part 1");
	check_cite(doc, "annex_2", "Phụ lục II", "Appendix II");
	{
		/* a unit without a number: the word alone, no trailing space */
		dossier_node *sec = (dossier_node *)dossier_document_find(doc, "chp_2__sec_1");
		char *num = sec->num, *s;

		sec->num = NULL;
		s = dossier_node_citation(sec, DOSSIER_LANG_VIE);
		assert_string_equal(s, "Mục Chương II");
		free(s);
		s = dossier_node_citation(sec, DOSSIER_LANG_ENG);
		assert_string_equal(s, "Section of Chapter II");
		free(s);
		sec->num = num;
	}
	dossier_document_free(doc);
}

static void test_clone_and_text(void **state)
{
	dossier_document *doc = sample(), *copy;
	const dossier_node *a, *b;
	char *t1, *t2;

	(void)state;
	assert_int_equal(dossier_document_assign_eids(doc, NULL, NULL, NULL), 0);
	doc->preface.title = strdup("Quy định về đề án");
	assert_int_equal(dossier_document_clone(&copy, doc), 0);
	a = dossier_document_find(doc, "art_5");
	b = dossier_document_find(copy, "art_5");
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_string_equal(b->heading, "Đề án");
	assert_int_equal(b->line, 40);
	assert_string_equal(copy->preface.title, "Quy định về đề án");
	t1 = dossier_node_text(a);
	t2 = dossier_node_text(b);
	assert_string_equal(t1, t2);
	assert_string_equal(t1, "Đề án gồm:\n1. Mục tiêu.\n2. Nội dung chủ yếu:\na) Hiện trạng;\nđ) Lộ trình.");
	free(t1);
	free(t2);
	/* The copy is independent. */
	dossier_document_free(doc);
	assert_non_null(dossier_document_find(copy, "art_5__para_2__point_dd"));
	dossier_document_free(copy);
	dossier_document_free(NULL);
	dossier_node_free(NULL);
}

static void test_nfc(void **state)
{
	/* "Điều" with the tone mark as a combining character (NFD). */
	const char *nfd = "Đie\xcc\x82\xcc\x80u 5";
	char *out = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(dossier_utf8_nfc(&out, nfd, strlen(nfd), &err), 0);
	assert_string_equal(out, "Điều 5");
	free(out);
	/* Text already in NFC (precomposed letters, Latin-1, dashes and quotes)
	 * comes back as it is; a combining mark after a precomposed letter
	 * still goes through normalisation ("ê" + U+0300 -> "ề"). */
	assert_int_equal(dossier_utf8_nfc(&out, "Điều 5 – “đ” ©…", strlen("Điều 5 – “đ” ©…"), &err), 0);
	assert_string_equal(out, "Điều 5 – “đ” ©…");
	free(out);
	assert_int_equal(dossier_utf8_nfc(&out, "Đi\xc3\xaa\xcc\x80u", 8, &err), 0);
	assert_string_equal(out, "Điều");
	free(out);
	/* A singleton outside the quick blocks: the Ångström sign becomes Å. */
	assert_int_equal(dossier_utf8_nfc(&out, "\xe2\x84\xab", 3, &err), 0);
	assert_string_equal(out, "\xc3\x85");
	free(out);
}

static void test_invalid_utf8(void **state)
{
	const char bad[] = "Điều 1\n\xff x";
	char *out = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(dossier_utf8_nfc(&out, bad, strlen(bad), &err), DOSSIER_EINVALID);
	assert_null(out);
	assert_non_null(strstr(err.message, "offset 10"));
	dossier_error_clear(&err);
	/* A truncated sequence at the end. */
	assert_int_equal(dossier_utf8_nfc(&out, "ab\xe1\xbb", 4, &err), DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "offset 2"));
	dossier_error_clear(&err);
}

static int count_visit(const dossier_node *n, void *payload)
{
	(void)n;
	(*(int *)payload)++;
	return 0;
}

static void test_walk_and_kind_names(void **state)
{
	dossier_document *doc = sample();
	int n = 0;

	(void)state;
	dossier_document_walk(doc, count_visit, &n);
	assert_int_equal(n, 12);
	assert_string_equal(dossier_node_kind_name(DOSSIER_NODE_CLAUSE), "clause");
	assert_string_equal(dossier_node_kind_name(DOSSIER_NODE_APPENDIX), "appendix");
	dossier_document_free(doc);
}

/* The one UTF-8 helper: a character, a width, a slug. */
static void test_utf8_helper(void **state)
{
	int32_t cp = 0;
	char *s;

	(void)state;
	assert_int_equal(dossier_utf8_next("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(dossier_utf8_next("\xc4\x91", 2, &cp), 2);
	assert_int_equal(cp, 0x111);
	assert_int_equal(dossier_utf8_next("\xe1\xbb\x81x", 4, &cp), 3);
	assert_int_equal(cp, 0x1EC1);
	assert_int_equal(dossier_utf8_next("\xc4", 1, &cp), 0);        /* cut short */
	assert_int_equal(dossier_utf8_next("\xc0\x80", 2, &cp), 0);    /* overlong */
	assert_int_equal(dossier_utf8_next("\xed\xa0\x80", 3, &cp), 0); /* a surrogate */
	assert_int_equal(dossier_utf8_next("", 0, &cp), 0);
	assert_int_equal(dossier_utf8_width("Điều"), 4);
	assert_int_equal(dossier_utf8_width("Die\xcc\x82\xcc\x80u"), 4); /* combining marks take none */
	assert_int_equal(dossier_utf8_width("\xff"), 1);
	assert_int_equal(text_utf8_class('a'), TEXT_UC_WORD | TEXT_UC_LOWER);
	assert_int_equal(text_utf8_class(0x110), TEXT_UC_WORD | TEXT_UC_UPPER);
	assert_true(text_utf8_class(0xA0) & TEXT_UC_SPACE);
	assert_int_equal(text_utf8_class(','), 0);
	s = text_slug("Bộ Tư pháp — Đề án", 0);
	assert_string_equal(s, "bo-tu-phap-de-an");
	free(s);
	s = text_slug("Nghị định quy định chi tiết một số điều của Luật Ban hành văn bản quy phạm pháp luật", 60);
	assert_true(strlen(s) <= 60);
	assert_string_equal(s, "nghi-dinh-quy-dinh-chi-tiet-mot-so-dieu-cua-luat-ban-hanh");
	free(s);
	s = text_slug(NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eids_every_level),
		cmocka_unit_test(test_duplicate_names_both_lines),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_citations),
		cmocka_unit_test(test_clone_and_text),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_walk_and_kind_names),
		cmocka_unit_test(test_utf8_helper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
