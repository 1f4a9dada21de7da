/*
 * test_amend.c: amending texts. Quotations of new wording (one failure
 * class each, from ../shared/corpus/real/repro: r1, a quoted article read
 * as clauses of the amending article; r2, a quotation of two articles
 * with one opening mark), their eIds, AKN and text forms; the amending
 * instructions read into amendments; and their application to a
 * principal, with the notes a VBHN has and an error for what cannot be
 * applied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/amend.h"
#include "dossier/textparse.h"
#include "dossier/akn.h"
#include "base/util.h"

static dossier_document *parse_text(const char *text, size_t *nwarnings)
{
	dossier_document *doc = NULL;
	dossier_diags *diags;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;
	int rc;

	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = dossier_text_parse(&doc, "t.txt", text, strlen(text), diags, &err);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		print_message("%s\n", s);
		free(s);
	}
	assert_int_equal(rc, 0);
	if (nwarnings)
		*nwarnings = dossier_diags_count(diags);
	else
		assert_int_equal(dossier_diags_count(diags), 0);
	dossier_diags_free(diags);
	dossier_error_clear(&err);
	return doc;
}

static char *read_repro(const char *name)
{
	const char *dir = getenv("DOSSIER_SHARED");
	char *path, *data = NULL;
	size_t len;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_non_null(dir);
	path = util_sprintf("%s/corpus/real/repro/%s", dir, name);
	assert_int_equal(util_read_file(&data, &len, path, &err), 0);
	free(path);
	return data;
}

static const dossier_node *node(const dossier_document *doc, const char *eid)
{
	const dossier_node *n = dossier_document_find(doc, eid);

	if (!n)
		fail_msg("no node '%s'", eid);
	return n;
}

static size_t count_kind(const dossier_node *n, dossier_node_kind k)
{
	size_t i, c = n->kind == k;

	for (i = 0; i < n->nchildren; i++)
		c += count_kind(n->children[i], k);
	return c;
}

static void assert_schema_valid(const dossier_document *doc)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *d;
	char *xml = NULL;
	size_t len = 0;
	const char *xsd = getenv("DOSSIER_SCHEMA");

	assert_non_null(xsd);
	assert_int_equal(dossier_akn_write(&xml, &len, doc, &o, &err), 0);
	assert_int_equal(dossier_diags_new(&d), 0);
	if (dossier_akn_validate(xsd, "out.xml", xml, len ? len : strlen(xml), d, &err) != 0)
		fail_msg("schema-invalid: %s\n%s", err.message, xml);
	dossier_diags_free(d);
	free(xml);
}

/* Text written back and parsed again gives the same text. */
static void assert_text_round_trip(const dossier_document *doc)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *again;
	char *t1 = NULL, *t2 = NULL;
	size_t nw;

	assert_int_equal(dossier_text_write(&t1, doc, &err), 0);
	again = parse_text(t1, &nw);
	assert_int_equal(dossier_text_write(&t2, again, &err), 0);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	dossier_document_free(again);
}

/* Our AKN read back gives the quotations again, so model -> AKN -> model
 * -> AKN is byte for byte, with no warning. */
static void assert_akn_round_trip(const dossier_document *doc)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *again = NULL;
	dossier_diags *d;
	char *x1 = NULL, *x2 = NULL;
	size_t l1 = 0, l2 = 0;

	assert_int_equal(dossier_akn_write(&x1, &l1, doc, &o, &err), 0);
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_akn_read(&again, "x.xml", x1, l1 ? l1 : strlen(x1), d, &err), 0);
	assert_int_equal(dossier_diags_count(d), 0);
	assert_int_equal(dossier_akn_write(&x2, &l2, again, &o, &err), 0);
	assert_string_equal(x1, x2);
	dossier_diags_free(d);
	dossier_document_free(again);
	free(x1);
	free(x2);
}

/* r1: the quoted Điều 3 is new wording, not clauses of Điều 1. */
static void test_r1_quoted_article(void **state)
{
	char *text = read_repro("r1-amending-quote.txt");
	dossier_document *doc = parse_text(text, NULL);
	const dossier_node *a1 = node(doc, "art_1"), *c1 = node(doc, "art_1__para_1"), *q;

	(void)state;
	assert_int_equal(count_kind(doc->body, DOSSIER_NODE_ARTICLE), 2);
	assert_int_equal(a1->nchildren, 2);
	assert_int_equal(c1->nquotes, 1);
	assert_string_equal(c1->quotes[0].eid, "art_1__para_1__mod_1");
	assert_string_equal(c1->text[0], "Sửa đổi, bổ sung Điều 3 như sau:");
	/* counted within their quotation */
	assert_int_equal(count_kind(c1->quotes[0].body, DOSSIER_NODE_ARTICLE), 1);
	assert_int_equal(count_kind(c1->quotes[0].body, DOSSIER_NODE_CLAUSE), 2);
	q = node(doc, "art_1__para_1__mod_1__qstr_1__art_3");
	assert_string_equal(q->heading, "Giấy phép");
	q = node(doc, "art_1__para_1__mod_1__qstr_1__art_3__para_2");
	assert_string_equal(q->text[0], "Giấy phép có thời hạn 05 năm.");
	assert_null(dossier_document_find(doc, "art_3"));
	{
		/* a comment's provision may be one inside the quotation */
		const dossier_node *r = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;

		assert_int_equal(dossier_document_resolve(&r, doc, "art_1__para_1__mod_1__qstr_1__art_3__para_1",
			"revision v1", &err), 0);
		assert_ptr_equal(r, node(doc, "art_1__para_1__mod_1__qstr_1__art_3__para_1"));
		dossier_error_clear(&err);
	}
	{
		/* a copy keeps its quotations */
		dossier_document *copy = NULL;

		assert_int_equal(dossier_document_clone(&copy, doc), 0);
		assert_string_equal(node(copy, "art_1__para_1__mod_1__qstr_1__art_3")->heading, "Giấy phép");
		dossier_document_free(copy);
	}
	assert_schema_valid(doc);
	assert_text_round_trip(doc);
	assert_akn_round_trip(doc);
	dossier_document_free(doc);
	free(text);
}

/* r2: a quotation of two articles opening once; the second is no heading
 * of the text. */
static void test_r2_quote_over_articles(void **state)
{
	char *text = read_repro("r2-quote-second-article.txt");
	dossier_document *doc = parse_text(text, NULL);
	const dossier_node *a1 = node(doc, "art_1");

	(void)state;
	assert_int_equal(count_kind(doc->body, DOSSIER_NODE_ARTICLE), 2);
	assert_string_equal(node(doc, "art_2")->heading, "Trách nhiệm thi hành");
	assert_int_equal(a1->nquotes, 1);
	assert_int_equal(a1->quotes[0].body->nchildren, 2);
	assert_string_equal(node(doc, "art_1__mod_1__qstr_1__art_93")->heading, "Quy định chi tiết");
	assert_string_equal(node(doc, "art_1__mod_1__qstr_1__art_93")->text[0],
		"Chính phủ quy định chi tiết các điều, khoản được giao.");
	assert_schema_valid(doc);
	assert_text_round_trip(doc);
	dossier_document_free(doc);
	free(text);
}

/* Two quotations in one article, with words between them: each keeps
 * its place among the article's paragraphs in AKN, and both read back as
 * quotations (the second was read as text once: fuzz, text target). */
static void test_two_quotes_in_place(void **state)
{
	static const char text[] =
		"LUẬT\n\n"
		"Điều 1. Sửa đổi\n"
		"Sửa đổi Điều 92 như sau:\n"
		"“Điều 92. Hiệu lực\n"
		"Luật này có hiệu lực.”\n"
		"Sửa đổi Điều 93 như sau:\n"
		"“Điều 93. Quy định chi tiết\n"
		"Chính phủ quy định.”\n\n"
		"Điều 2. Thi hành\n"
		"Chính phủ thi hành.\n";
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = parse_text(text, NULL), *back = NULL;
	const dossier_node *a1 = node(doc, "art_1"), *b1;
	char *xml = NULL;
	size_t len = 0;
	const char *q1, *p2, *q2;

	(void)state;
	assert_int_equal(a1->ntext, 2);
	assert_int_equal(a1->nquotes, 2);
	assert_int_equal(a1->quotes[0].para, 1);
	assert_int_equal(a1->quotes[1].para, 2);
	assert_int_equal(dossier_akn_write(&xml, &len, doc, &o, &err), 0);
	q1 = strstr(xml, "art_1__mod_1\"");
	p2 = strstr(xml, "<p>Sửa đổi Điều 93 như sau:</p>");
	q2 = strstr(xml, "art_1__mod_2\"");
	assert_non_null(q1);
	assert_non_null(p2);
	assert_non_null(q2);
	assert_true(q1 < p2 && p2 < q2);
	assert_int_equal(dossier_akn_read(&back, "x.xml", xml, len, NULL, &err), 0);
	b1 = node(back, "art_1");
	assert_int_equal(b1->ntext, 2);
	assert_int_equal(b1->nquotes, 2);
	assert_int_equal(b1->quotes[0].para, 1);
	assert_int_equal(b1->quotes[1].para, 2);
	assert_string_equal(node(back, "art_1__mod_2__qstr_1__art_93")->heading, "Quy định chi tiết");
	assert_schema_valid(doc);
	assert_text_round_trip(doc);
	assert_akn_round_trip(doc);
	dossier_document_free(back);
	dossier_document_free(doc);
	free(xml);
}

/* Quoted clauses and points without their article ("điểm c khoản 1 và
 * khoản 3"), a quote inside the quotation, and a Gazette typo: a closing
 * mark too early and the real one later (a warning, not an error). */
static void test_quoted_parts_and_stray_mark(void **state)
{
	static const char text[] =
		"NGHỊ ĐỊNH\n"
		"Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
		"1. Sửa đổi, bổ sung điểm c khoản 1 và khoản 3 Điều 5 như sau:\n"
		"“c) Trang thông tin dùng tên miền “.vn”;\n"
		"3. Chi nhánh phải có phòng học.”\n"
		"2. Sửa đổi, bổ sung Điều 6 như sau:\n"
		"“Điều 6. Phạm vi\n"
		"1. Nghị định này quy định chi tiết.”.\n"
		"2. Quỹ bảo đảm khám bệnh.\n"
		"3. Việc bảo đảm y tế thực hiện theo pháp luật.”.\n"
		"3. Bãi bỏ Điều 7.\n"
		"Điều 2. Hiệu lực thi hành\n"
		"Nghị định này có hiệu lực từ ngày ký.\n";
	size_t nw = 0;
	dossier_document *doc = parse_text(text, &nw);
	const dossier_node *c1 = node(doc, "art_1__para_1"), *c2 = node(doc, "art_1__para_2");

	(void)state;
	assert_int_equal(nw, 1); /* quote-stray-mark */
	assert_int_equal(node(doc, "art_1")->nchildren, 3);
	assert_int_equal(c1->quotes[0].body->nchildren, 2);
	assert_string_equal(node(doc, "art_1__para_1__mod_1__qstr_1__point_c")->text[0],
		"Trang thông tin dùng tên miền “.vn”;");
	node(doc, "art_1__para_1__mod_1__qstr_1__para_3");
	assert_int_equal(c2->quotes[0].body->children[0]->nchildren, 3);
	assert_string_equal(node(doc, "art_1__para_2__mod_1__qstr_1__art_6__para_1")->text[0],
		"Nghị định này quy định chi tiết.");
	assert_schema_valid(doc);
	dossier_document_free(doc);
}

/* A line opening with “ that quotes no provision and follows no "như sau:"
 * is text (a PDF wrap inside an instruction). */
static void test_quote_mark_in_text(void **state)
{
	static const char text[] =
		"Điều 1. Sửa đổi\n"
		"1. Bổ sung cụm từ “thành phố” vào sau cụm từ\n"
		"“Bảo hiểm xã hội tỉnh” tại khoản 2 Điều 16.\n"
		"2. Bãi bỏ Điều 3.\n";
	dossier_document *doc = parse_text(text, NULL);

	(void)state;
	assert_int_equal(node(doc, "art_1__para_1")->nquotes, 0);
	assert_int_equal(node(doc, "art_1__para_1")->ntext, 2);
	dossier_document_free(doc);
}

/* The words an instruction changes are <quotedText> in a <mod>, the marks
 * left in the text, and read back as the same paragraph. */
static void test_quoted_words_inline(void **state)
{
	static const char text[] =
		"Điều 1. Sửa đổi\n"
		"1. Thay thế cụm từ “Bộ Kế hoạch và Đầu tư” bằng cụm từ “Bộ Tài chính” tại khoản 1 Điều 8.\n"
		"2. Sửa đổi, bổ sung Điều 3 như sau:\n"
		"“Điều 3. Mới\n"
		"Nội dung.”\n"
		"3. Trang thông tin dùng tên miền “.vn”.\n";
	dossier_document *doc = parse_text(text, NULL);
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(dossier_akn_write(&xml, &len, doc, &o, &err), 0);
	assert_non_null(strstr(xml, "<p><mod eId=\"art_1__para_1__mod_1\">Thay thế cụm từ "
		"<quotedText>“Bộ Kế hoạch và Đầu tư”</quotedText> bằng cụm từ <quotedText>“Bộ Tài chính”</quotedText>"
		" tại khoản 1 Điều 8.</mod></p>"));
	assert_non_null(strstr(xml, "<p>Trang thông tin dùng tên miền “.vn”.</p>"));
	assert_schema_valid(doc);
	assert_akn_round_trip(doc);
	free(xml);
	dossier_document_free(doc);
}

static dossier_amendments *read_amendments(const dossier_document *doc);
static void assert_described(const dossier_amendment *a, const char *want);

/* A principal law with one amending article (the Labour Code's Điều 219):
 * its quotations of other laws' articles are not articles of the law, and
 * the law's numbering goes on after them. */
static void test_law_with_amending_article(void **state)
{
	static const char text[] =
		"QUỐC HỘI\n"
		"Luật số: 45/2019/QH14\n"
		"BỘ LUẬT\n"
		"LAO ĐỘNG\n"
		"Chương XVII\n"
		"ĐIỀU KHOẢN THI HÀNH\n"
		"Điều 218. Áp dụng\n"
		"Bộ luật này áp dụng cho mọi hợp đồng.\n"
		"Điều 219. Sửa đổi, bổ sung một số điều của các luật có liên quan\n"
		"1. Sửa đổi, bổ sung khoản 1 Điều 2 của Luật Bảo hiểm xã hội số 58/2014/QH13 như sau:\n"
		"“1. Người lao động là công dân Việt Nam thuộc đối tượng tham gia bảo hiểm xã hội bắt buộc, bao gồm:\n"
		"a) Người làm việc theo hợp đồng lao động;\n"
		"b) Cán bộ, công chức, viên chức;”.\n"
		"2. Sửa đổi, bổ sung Điều 54 và Điều 55 của Luật số 58/2014/QH13 như sau:\n"
		"“Điều 54. Điều kiện hưởng lương hưu\n"
		"1. Người lao động đủ tuổi.\n"
		"Điều 55. Điều kiện hưởng lương hưu khi suy giảm khả năng lao động\n"
		"Người lao động suy giảm khả năng lao động.”\n"
		"Điều 220. Hiệu lực thi hành\n"
		"Bộ luật này có hiệu lực từ ngày 01 tháng 01 năm 2021.\n";
	size_t nw = 0;
	dossier_document *doc = parse_text(text, &nw);
	dossier_amendments *l;

	(void)state;
	assert_int_equal(count_kind(doc->body, DOSSIER_NODE_ARTICLE), 3);
	assert_string_equal(node(doc, "art_220")->heading, "Hiệu lực thi hành");
	assert_int_equal(count_kind(node(doc, "art_219__para_2")->quotes[0].body, DOSSIER_NODE_ARTICLE), 2);
	assert_int_equal(node(doc, "art_219__para_1__mod_1__qstr_1__para_1")->nchildren, 2);
	assert_schema_valid(doc);
	assert_text_round_trip(doc);
	assert_akn_round_trip(doc);
	l = read_amendments(doc);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0].amends, "58/2014/QH13");
	assert_described(&l->v[1], "khoản 2 Điều 219: sửa đổi, bổ sung Điều 54, Điều 55 [art_219__para_2__mod_1]");
	dossier_amendments_free(l);
	dossier_document_free(doc);
}

/* A consolidated text (VBHN) whose footnote quotes the old wording with
 * its clauses: the quoted clauses are not clauses of the text. */
static void test_vbhn_footnote_quotes(void **state)
{
	static const char text[] =
		"NGHỊ ĐỊNH\n"
		"Điều 1. Phạm vi\n"
		"1. Nghị định này quy định về giấy phép.\n"
		"2. Nghị định này áp dụng cho doanh nghiệp.\n"
		"[1] Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1 của Nghị định số 20/2025/NĐ-CP; trước đó quy định như sau:\n"
		"“1. Giấy phép cũ.\n"
		"2. Thời hạn cũ.”\n"
		"3. Nghị định này có hiệu lực từ ngày ký.\n"
		"Điều 2. Hiệu lực\n"
		"Nghị định này có hiệu lực từ ngày ký.\n";
	dossier_document *doc = parse_text(text, NULL);

	(void)state;
	assert_int_equal(node(doc, "art_1")->nchildren, 3);
	assert_int_equal(node(doc, "art_1__para_2")->nquotes, 1);
	node(doc, "art_1__para_2__mod_1__qstr_1__para_2");
	assert_schema_valid(doc);
	dossier_document_free(doc);
}

static void assert_described(const dossier_amendment *a, const char *want)
{
	char *d = dossier_amendment_describe(a);

	assert_non_null(d);
	if (strcmp(d, want))
		fail_msg("got  '%s'\nwant '%s'", d, want);
	free(d);
}

static dossier_amendments *read_amendments(const dossier_document *doc)
{
	dossier_amendments *l = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_amendments_read(&l, doc, &err), 0);
	return l;
}

/* Every form of instruction the issue names, read into amendments. */
static void test_read_instructions(void **state)
{
	static const char text[] =
		"NGHỊ ĐỊNH\n"
		"Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
		"Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
		"1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n"
		"“2. Mới.”\n"
		"2. Bổ sung Điều 5a vào sau Điều 5 như sau:\n"
		"“Điều 5a. Thêm\n"
		"Nội dung.”\n"
		"3. Bãi bỏ điểm c khoản 1 Điều 7.\n"
		"4. Thay thế cụm từ “Bộ Kế hoạch và Đầu tư” bằng cụm từ “Bộ Tài chính” tại khoản 1 Điều 8; điểm b khoản 2 Điều 9.\n"
		"5. Sửa đổi, bổ sung điểm a, điểm c khoản 2 Điều 7 và khoản 3 như sau:\n"
		"“2. Giấy tờ:\n"
		"a) Một;\n"
		"c) Ba.\n"
		"3. Khác.”\n"
		"6. Sửa đổi, bổ sung tên Điều và khoản 7 Điều 39 như sau:\n"
		"“Điều 39. Trách nhiệm\n"
		"7. Duy trì.”\n"
		"7. Bãi bỏ một số điều như sau:\n"
		"a) Bãi bỏ tên Mục 1, Mục 2 trong Chương III;\n"
		"b) Bãi bỏ các Điều 13, 14 và khoản 2 Điều 23.\n"
		"8. Bổ sung cụm từ “thành phố” vào sau cụm từ “tỉnh” tại khoản 2 và khoản 3 Điều 16.\n"
		"9. Sửa đổi khoản 1 Điều 3 Nghị định số 99/2019/NĐ-CP như sau:\n"
		"“1. Khác.”\n"
		"10. Sửa đổi, bổ sung một số khoản của Điều 8 như sau:\n"
		"a) Sửa đổi, bổ sung khoản 1 như sau:\n"
		"“1. Mới.”\n"
		"b) Bãi bỏ khoản 2.\n"
		"11. Sửa đổi, bổ sung điểm c khoản 1 và khoản 2 Điều 6 như sau:\n"
		"a) Sửa đổi, bổ sung điểm c khoản 1 như sau:\n"
		"“c) Mới.”\n"
		"Điều 2. Hiệu lực thi hành\n"
		"Nghị định này có hiệu lực từ ngày ký.\n";
	dossier_document *doc = parse_text(text, NULL);
	dossier_amendments *l = read_amendments(doc);

	(void)state;
	assert_string_equal(l->amends, "10/2020/NĐ-CP");
	assert_described(&l->v[0], "khoản 1 Điều 1: sửa đổi, bổ sung khoản 2 Điều 5 [art_1__para_1__mod_1]");
	assert_described(&l->v[1], "khoản 2 Điều 1: bổ sung Điều 5a (vào sau Điều 5) [art_1__para_2__mod_1]");
	assert_described(&l->v[2], "khoản 3 Điều 1: bãi bỏ điểm c khoản 1 Điều 7");
	assert_described(&l->v[3], "khoản 4 Điều 1: thay thế cụm từ khoản 1 Điều 8, điểm b khoản 2 Điều 9 "
		"“Bộ Kế hoạch và Đầu tư” → “Bộ Tài chính”");
	assert_described(&l->v[4], "khoản 5 Điều 1: sửa đổi, bổ sung điểm a khoản 2 Điều 7, "
		"điểm c khoản 2 Điều 7, khoản 3 Điều 7 [art_1__para_5__mod_1]");
	assert_described(&l->v[5], "khoản 6 Điều 1: sửa đổi, bổ sung tên Điều 39, khoản 7 Điều 39 [art_1__para_6__mod_1]");
	assert_described(&l->v[6], "điểm a khoản 7 Điều 1: bãi bỏ tên Mục 1 Chương III, tên Mục 2 Chương III");
	assert_described(&l->v[7], "điểm b khoản 7 Điều 1: bãi bỏ Điều 13, Điều 14, khoản 2 Điều 23");
	assert_int_equal(l->v[8].action, DOSSIER_AMEND_WORDS);
	assert_int_equal(l->v[8].words_side, 1);
	assert_string_equal(l->v[9].amends, "99/2019/NĐ-CP");
	/* below a heading of instructions, its article is theirs */
	assert_int_equal(l->n, 13);
	assert_described(&l->v[10], "điểm a khoản 10 Điều 1: sửa đổi, bổ sung khoản 1 Điều 8 [art_1__para_10__point_a__mod_1]");
	assert_described(&l->v[11], "điểm b khoản 10 Điều 1: bãi bỏ khoản 2 Điều 8");
	assert_described(&l->v[12], "điểm a khoản 11 Điều 1: sửa đổi, bổ sung điểm c khoản 1 Điều 6 [art_1__para_11__point_a__mod_1]");
	dossier_amendments_free(l);
	dossier_document_free(doc);
}

static const char principal_text[] =
	"CHÍNH PHỦ\n"
	"Số: 10/2020/NĐ-CP\n"
	"NGHỊ ĐỊNH\n"
	"Quy định về giấy phép\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi\n"
	"Nghị định này quy định về giấy phép.\n"
	"Điều 2. Đối tượng\n"
	"Doanh nghiệp.\n"
	"Điều 3. Giấy phép cũ\n"
	"Giấy phép do Bộ Kế hoạch và Đầu tư cấp.\n"
	"Điều 4. Thời hạn\n"
	"Thời hạn 03 năm.\n"
	"Điều 5. Điều kiện\n"
	"1. Điều kiện chung:\n"
	"a) Có trụ sở;\n"
	"b) Có vốn;\n"
	"c) Có nhân viên.\n"
	"2. Hồ sơ gồm giấy tờ của Bộ Kế hoạch và Đầu tư.\n"
	"Điều 6. Trách nhiệm\n"
	"Bảo hiểm xã hội tỉnh thực hiện.\n"
	"Điều 7. Hiệu lực\n"
	"Nghị định này có hiệu lực từ ngày ký.\n";

static dossier_document *apply_ok(const char *amending, const char *principal)
{
	size_t nw;
	dossier_document *a = parse_text(amending, NULL), *p = parse_text(principal, &nw), *out = NULL;
	dossier_amendments *l = read_amendments(a);
	dossier_diags *d;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;
	int rc;

	assert_int_equal(dossier_diags_new(&d), 0);
	rc = dossier_amend_apply(&out, p, l, "a.txt", d, &err);
	for (i = 0; i < dossier_diags_count(d); i++) {
		char *s = dossier_diag_format(dossier_diags_get(d, i));

		print_message("%s\n", s);
		free(s);
	}
	assert_int_equal(rc, 0);
	dossier_diags_free(d);
	dossier_amendments_free(l);
	/* the amendments borrow from the amending text: freed after them */
	dossier_document_free(a);
	dossier_document_free(p);
	return out;
}

static const char *note_of(const dossier_node *n, size_t i)
{
	assert_true(i < n->nnotes);
	return n->notes[i].text;
}

static void test_apply(void **state)
{
	static const char amending[] =
		"CHÍNH PHỦ\n"
		"Số: 20/2025/NĐ-CP\n"
		"NGHỊ ĐỊNH\n"
		"Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
		"Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
		"1. Sửa đổi, bổ sung Điều 3 như sau:\n"
		"“Điều 3. Giấy phép\n"
		"1. Giấy phép do Bộ trưởng cấp.\n"
		"2. Giấy phép có thời hạn 05 năm.”\n"
		"2. Bổ sung Điều 5a vào sau Điều 5 như sau:\n"
		"“Điều 5a. Thông báo\n"
		"Doanh nghiệp thông báo.”\n"
		"3. Sửa đổi, bổ sung điểm c khoản 1 và khoản 2 Điều 5 như sau:\n"
		"“c) Có nhân viên nghiệp vụ.\n"
		"2. Hồ sơ điện tử.”\n"
		"4. Bãi bỏ Điều 4.\n"
		"5. Bổ sung cụm từ “thành phố” vào sau cụm từ “Bảo hiểm xã hội tỉnh” tại Điều 6.\n"
		"Điều 2. Hiệu lực thi hành\n"
		"Nghị định này có hiệu lực từ ngày ký.\n";
	dossier_document *out = apply_ok(amending, principal_text);
	const dossier_node *n;

	(void)state;
	n = node(out, "art_3");
	assert_string_equal(n->heading, "Giấy phép");
	assert_int_equal(n->nchildren, 2);
	assert_string_equal(note_of(n, 0),
		"Điều này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1 của Nghị định số 20/2025/NĐ-CP.");
	assert_int_equal(n->notes[0].para, DOSSIER_NOTE_ON_HEADING);
	n = node(out, "art_4");
	assert_string_equal(n->text[0], "(được bãi bỏ)");
	assert_null(n->heading);
	n = node(out, "art_5a");
	assert_string_equal(n->heading, "Thông báo");
	assert_string_equal(note_of(n, 0),
		"Điều này được bổ sung theo quy định tại khoản 2 Điều 1 của Nghị định số 20/2025/NĐ-CP.");
	/* article order: 5a right after 5 */
	assert_string_equal(out->body->children[0]->children[4]->num, "5");
	assert_string_equal(out->body->children[0]->children[5]->num, "5a");
	n = node(out, "art_5__para_1__point_c");
	assert_string_equal(n->text[0], "Có nhân viên nghiệp vụ.");
	assert_string_equal(note_of(n, 0),
		"Điểm này được sửa đổi, bổ sung theo quy định tại khoản 3 Điều 1 của Nghị định số 20/2025/NĐ-CP.");
	assert_string_equal(node(out, "art_5__para_1__point_b")->text[0], "Có vốn;");
	assert_int_equal(node(out, "art_5__para_1__point_b")->nnotes, 0);
	assert_string_equal(node(out, "art_5__para_2")->text[0], "Hồ sơ điện tử.");
	n = node(out, "art_6");
	assert_string_equal(n->text[0], "Bảo hiểm xã hội tỉnh thành phố thực hiện.");
	assert_int_equal(n->notes[0].para, 0);
	assert_string_equal(n->notes[0].marker, "6");
	assert_schema_valid(out);
	dossier_document_free(out);
}

/* What cannot be applied is an error naming the instruction; every one. */
static void test_apply_errors(void **state)
{
	static const char amending[] =
		"NGHỊ ĐỊNH\n"
		"Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
		"Điều 1. Sửa đổi, bổ sung một số điều\n"
		"1. Sửa đổi khoản 9 Điều 5 như sau:\n"
		"“9. Mới.”\n"
		"2. Thay thế cụm từ “Bộ Nội vụ” bằng cụm từ “Bộ Tài chính” tại Điều 3.\n"
		"3. Bãi bỏ Mẫu số 07.\n"
		"Điều 2. Hiệu lực thi hành\n"
		"Nghị định này có hiệu lực từ ngày ký.\n";
	size_t nw;
	dossier_document *a = parse_text(amending, NULL), *p = parse_text(principal_text, &nw), *out = NULL;
	dossier_amendments *l = read_amendments(a);
	dossier_diags *d;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *s;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_amend_apply(&out, p, l, "a.txt", d, &err), DOSSIER_EINVALID);
	assert_null(out);
	assert_int_equal(dossier_diags_errors(d), 3);
	s = dossier_diag_format(dossier_diags_get(d, 0));
	assert_non_null(strstr(s, "a.txt:4:1: error: cannot apply khoản 1 Điều 1 (“Sửa đổi khoản 9 Điều 5 như sau:”): no khoản 9 Điều 5 in the principal to amend"));
	free(s);
	s = dossier_diag_format(dossier_diags_get(d, 1));
	assert_non_null(strstr(s, "the words “Bộ Nội vụ” are not in Điều 3 of the principal"));
	free(s);
	s = dossier_diag_format(dossier_diags_get(d, 2));
	assert_non_null(strstr(s, "cannot read which provisions it names"));
	free(s);
	dossier_diags_free(d);
	dossier_error_clear(&err);
	dossier_amendments_free(l);
	dossier_document_free(a);
	dossier_document_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r1_quoted_article),
		cmocka_unit_test(test_r2_quote_over_articles),
		cmocka_unit_test(test_two_quotes_in_place),
		cmocka_unit_test(test_quoted_parts_and_stray_mark),
		cmocka_unit_test(test_quote_mark_in_text),
		cmocka_unit_test(test_law_with_amending_article),
		cmocka_unit_test(test_quoted_words_inline),
		cmocka_unit_test(test_vbhn_footnote_quotes),
		cmocka_unit_test(test_read_instructions),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
