/*
 * test_akn.c: the Akoma Ntoso module: documents built in C are written,
 * validated against the OASIS schema (DOSSIER_SCHEMA) with no schema
 * error, and read back byte for byte; the four OASIS examples
 * (DOSSIER_SHARED/schemas/examples) load with their articles, clauses and
 * points; special characters and Vietnamese text survive; broken XML and
 * the old WD17 namespace are refused with their place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/akn.h"
#include "dossier/document.h"
#include "dossier/textparse.h"
#include "base/util.h"

static const char *schema(void)
{
	const char *s = getenv("DOSSIER_SCHEMA");

	assert_non_null(s);
	return s;
}

static char *shared_path(const char *rel)
{
	const char *s = getenv("DOSSIER_SHARED");

	assert_non_null(s);
	return util_sprintf("%s/%s", s, rel);
}

static dossier_node *add(dossier_node *parent, dossier_node_kind kind, const char *num,
	const char *heading, const char *text)
{
	dossier_node *n;

	assert_int_equal(dossier_node_new(&n, parent, kind, num, heading), 0);
	if (text)
		assert_int_equal(dossier_node_add_text(n, text), 0);
	return n;
}

static char *xstrdup(const char *s)
{
	char *p = util_strdup(s);

	assert_non_null(p);
	return p;
}

static void strv(char ***v, size_t *n, const char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof(*p));

	assert_non_null(p);
	*v = p;
	p[(*n)++] = xstrdup(s);
}

/* A Vietnamese draft decree: chapters with sections, articles with plain
 * content, clauses with intro and points (đ among them), an appendix, a
 * preface and conclusions. */
static dossier_document *vietnamese_draft(void)
{
	dossier_document *doc;
	dossier_node *ch1, *ch2, *sec, *art, *cl;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_document_new(&doc, DOSSIER_LANG_VIE), 0);
	doc->kind = xstrdup("decree");
	doc->preface.issuer = xstrdup("CHÍNH PHỦ");
	doc->preface.number = xstrdup("    /2025/NĐ-CP");
	doc->preface.place = xstrdup("Hà Nội");
	doc->preface.date = xstrdup("2025-07-01");
	doc->preface.doc_type = xstrdup("NGHỊ ĐỊNH");
	doc->preface.title = xstrdup("Quy định về phát triển đô thị thông minh");
	strv(&doc->preface.other, &doc->preface.nother, "DỰ THẢO");
	strv(&doc->preface.preamble, &doc->preface.npreamble,
		"Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;");
	strv(&doc->preface.preamble, &doc->preface.npreamble,
		"Căn cứ Luật Quy hoạch đô thị và nông thôn ngày 26 tháng 11 năm 2024;");
	strv(&doc->preface.preamble, &doc->preface.npreamble,
		"Theo đề nghị của Bộ trưởng Bộ Xây dựng;");
	strv(&doc->preface.preamble, &doc->preface.npreamble,
		"Chính phủ ban hành Nghị định quy định về phát triển đô thị thông minh.");

	ch1 = add(doc->body, DOSSIER_NODE_CHAPTER, "I", "QUY ĐỊNH CHUNG", NULL);
	add(ch1, DOSSIER_NODE_ARTICLE, "1", "Phạm vi điều chỉnh",
		"Nghị định này quy định về phát triển đô thị thông minh.");
	art = add(ch1, DOSSIER_NODE_ARTICLE, "2", "Giải thích từ ngữ",
		"Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:");
	add(art, DOSSIER_NODE_CLAUSE, "1", NULL,
		"Đô thị thông minh là đô thị ứng dụng công nghệ số.");
	cl = add(art, DOSSIER_NODE_CLAUSE, "2", NULL, "Hạ tầng số gồm:");
	add(cl, DOSSIER_NODE_POINT, "a", NULL, "Hạ tầng viễn thông;");
	add(cl, DOSSIER_NODE_POINT, "b", NULL, "Trung tâm dữ liệu;");
	add(cl, DOSSIER_NODE_POINT, "c", NULL, "Nền tảng số;");
	add(cl, DOSSIER_NODE_POINT, "d", NULL, "Hệ thống cảm biến;");
	add(cl, DOSSIER_NODE_POINT, "đ", NULL, "Các hạ tầng khác & \"đặc thù\" <mới> ]]> nếu có.");
	strv(&cl->wrapup, &cl->nwrapup, "Hạ tầng số phải bảo đảm an toàn thông tin.");

	ch2 = add(doc->body, DOSSIER_NODE_CHAPTER, "II", "NỘI DUNG PHÁT TRIỂN", NULL);
	sec = add(ch2, DOSSIER_NODE_SECTION, "1", "QUY HOẠCH", NULL);
	add(sec, DOSSIER_NODE_ARTICLE, "3", "Nguyên tắc", "Quy hoạch phải bảo đảm tính kết nối.");
	sec = add(ch2, DOSSIER_NODE_SECTION, "2", "ĐẦU TƯ", NULL);
	art = add(sec, DOSSIER_NODE_ARTICLE, "4", "Nguồn vốn", NULL);
	add(art, DOSSIER_NODE_CLAUSE, "1", NULL, "Ngân sách nhà nước.");
	add(art, DOSSIER_NODE_CLAUSE, "2", NULL, "Vốn xã hội hóa.");

	add(doc->body, DOSSIER_NODE_APPENDIX, "I", "DANH MỤC CHỈ TIÊU",
		"Chỉ tiêu 1: tỷ lệ dịch vụ công trực tuyến.");

	strv(&doc->conclusions, &doc->nconclusions, "TM. CHÍNH PHỦ");
	strv(&doc->conclusions, &doc->nconclusions, "THỦ TƯỚNG");
	strv(&doc->conclusions, &doc->nconclusions, "Nơi nhận:");
	strv(&doc->conclusions, &doc->nconclusions, "- Ban Bí thư Trung ương Đảng;");
	strv(&doc->conclusions, &doc->nconclusions, "- Lưu: VT, CN.");
	assert_int_equal(dossier_document_assign_eids(doc, "test", NULL, &err), 0);
	return doc;
}

static dossier_document *english_decree(void)
{
	dossier_document *doc;
	dossier_node *art, *cl;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_document_new(&doc, DOSSIER_LANG_ENG), 0);
	doc->kind = xstrdup("decree");
	doc->preface.issuer = xstrdup("THE GOVERNMENT");
	doc->preface.number = xstrdup("12/2025/ND-CP");
	doc->preface.date = xstrdup("2025-02-09");
	doc->preface.doc_type = xstrdup("DECREE");
	doc->preface.title = xstrdup("On smart urban development");
	strv(&doc->preface.preamble, &doc->preface.npreamble,
		"Pursuant to the Law on Government Organization;");
	art = add(doc->body, DOSSIER_NODE_ARTICLE, "1", "Scope", NULL);
	cl = add(art, DOSSIER_NODE_CLAUSE, "1", NULL, "This Decree applies to:");
	add(cl, DOSSIER_NODE_POINT, "a", NULL, "cities of class I;");
	add(cl, DOSSIER_NODE_POINT, "b", NULL, "towns.");
	add(doc->body, DOSSIER_NODE_ARTICLE, "2", "Effect", "This Decree takes effect on 1 July 2025.");
	assert_int_equal(dossier_document_assign_eids(doc, "test", NULL, &err), 0);
	return doc;
}

static void assert_schema_valid(const char *xml, size_t len)
{
	dossier_diags *d = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	int rc;
	size_t i;

	assert_int_equal(dossier_diags_new(&d), 0);
	rc = dossier_akn_validate(schema(), "out.xml", xml, len, d, &err);
	for (i = 0; i < dossier_diags_count(d); i++) {
		char *s = dossier_diag_format(dossier_diags_get(d, i));

		fprintf(stderr, "%s\n", s);
		free(s);
	}
	if (rc != 0)
		fprintf(stderr, "%s\n%s\n", err.message ? err.message : "", xml);
	assert_int_equal(rc, 0);
	assert_int_equal(dossier_diags_errors(d), 0);
	dossier_diags_free(d);
	dossier_error_clear(&err);
}

/* write -> validate -> read -> write: byte-identical. Returns the XML. */
static char *round_trip(const dossier_document *doc, const dossier_akn_options *o)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *back = NULL;
	dossier_diags *d = NULL;
	char *x1 = NULL, *x2 = NULL;
	size_t l1 = 0, l2 = 0;

	assert_int_equal(dossier_akn_write(&x1, &l1, doc, o, &err), 0);
	assert_int_equal(strlen(x1), l1);
	assert_schema_valid(x1, l1);
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_akn_read(&back, "out.xml", x1, l1, d, &err), 0);
	assert_int_equal(dossier_diags_count(d), 0);
	assert_int_equal(dossier_akn_write(&x2, &l2, back, o, &err), 0);
	assert_string_equal(x1, x2);
	assert_int_equal(back->lang, doc->lang);
	dossier_document_free(back);
	dossier_diags_free(d);
	free(x2);
	return x1;
}

static void test_vietnamese_round_trip(void **state)
{
	dossier_document *doc = vietnamese_draft(), *back = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_node *n;
	char *xml = round_trip(doc, NULL);

	(void)state;
	/* What the XML says. */
	assert_non_null(strstr(xml, "<bill name=\"decree\" contains=\"originalVersion\">"));
	assert_non_null(strstr(xml, "<FRBRthis value=\"/akn/vn/bill/decree/2025-07-01/2025-nd-cp/!main\"/>"));
	assert_non_null(strstr(xml, "<FRBRlanguage language=\"vie\"/>"));
	assert_non_null(strstr(xml, "<TLCOrganization eId=\"chinh-phu\""));
	assert_non_null(strstr(xml, "<num>Điều 2.</num>"));
	assert_non_null(strstr(xml, "<num>Chương II</num>"));
	assert_non_null(strstr(xml, "<num>đ)</num>"));
	assert_non_null(strstr(xml, "<paragraph eId=\"art_2__para_2\">"));
	assert_non_null(strstr(xml, "<point eId=\"art_2__para_2__point_dd\">"));
	assert_non_null(strstr(xml, "<section eId=\"chp_2__sec_1\">"));
	assert_non_null(strstr(xml, "<hcontainer name=\"appendix\" eId=\"annex_1\">"));
	assert_non_null(strstr(xml, "<docDate date=\"2025-07-01\">ngày 01 tháng 7 năm 2025</docDate>"));
	assert_non_null(strstr(xml, "&amp; \"đặc thù\" &lt;mới&gt; ]]&gt; nếu có."));
	assert_non_null(strstr(xml, "<formula name=\"enactingFormula\">"));
	assert_non_null(strstr(xml, "<blockContainer class=\"recipients\">\n        <p>Nơi nhận:</p>"));

	/* What comes back. */
	assert_int_equal(dossier_akn_read(&back, NULL, xml, strlen(xml), NULL, &err), 0);
	assert_string_equal(back->preface.issuer, "CHÍNH PHỦ");
	assert_string_equal(back->preface.number, "/2025/NĐ-CP");
	assert_string_equal(back->preface.date, "2025-07-01");
	assert_string_equal(back->preface.place, "Hà Nội");
	assert_int_equal(back->preface.npreamble, 4);
	assert_int_equal(back->nconclusions, 5);
	n = dossier_document_find(back, "art_2__para_2__point_dd");
	assert_non_null(n);
	assert_string_equal(n->num, "đ");
	assert_string_equal(n->text[0], "Các hạ tầng khác & \"đặc thù\" <mới> ]]> nếu có.");
	n = dossier_document_find(back, "art_2__para_2");
	assert_non_null(n);
	assert_int_equal(n->ntext, 1);
	assert_int_equal(n->nchildren, 5);
	assert_int_equal(n->nwrapup, 1);
	n = dossier_document_find(back, "chp_2__sec_2");
	assert_non_null(n);
	assert_int_equal(n->kind, DOSSIER_NODE_SECTION);
	n = dossier_document_find(back, "annex_1");
	assert_non_null(n);
	assert_int_equal(n->kind, DOSSIER_NODE_APPENDIX);
	assert_string_equal(n->heading, "DANH MỤC CHỈ TIÊU");
	dossier_document_free(back);
	dossier_document_free(doc);
	free(xml);
}

static void test_english_round_trip(void **state)
{
	dossier_document *doc = english_decree();
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	char *xml;

	(void)state;
	o.work_date = "2025-03-01";
	o.drafter = "Ministry of Construction";
	xml = round_trip(doc, &o);
	assert_non_null(strstr(xml, "<FRBRuri value=\"/akn/vn/bill/decree/2025-03-01/12-2025-nd-cp/eng@\"/>"));
	assert_non_null(strstr(xml, "<num>Article 1.</num>"));
	assert_non_null(strstr(xml, "<num>a)</num>"));
	assert_non_null(strstr(xml, "9 February 2025"));
	assert_non_null(strstr(xml, "<TLCOrganization eId=\"ministry-of-construction\""));
	dossier_document_free(doc);
	free(xml);
}

/* Shapes the writer must still round-trip: text straight in the body, a
 * section without articles, a wrap-up without children, blank paragraphs,
 * a heading-only article, a place without letters. */
static void test_edge_shapes(void **state)
{
	dossier_document *doc, *back = NULL;
	dossier_node *ch, *sec, *art;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml;
	const dossier_node *n;

	(void)state;
	assert_int_equal(dossier_document_new(&doc, DOSSIER_LANG_VIE), 0);
	doc->preface.place = xstrdup("—");
	doc->preface.date = xstrdup("ngày … tháng … năm 2025");
	assert_int_equal(dossier_node_add_text(doc->body, "Lời nói đầu  có  hai khoảng trắng."), 0);
	ch = add(doc->body, DOSSIER_NODE_CHAPTER, "thứ nhất", NULL, NULL);
	sec = add(ch, DOSSIER_NODE_SECTION, "1", "Mục chưa có điều", "Nội dung sẽ bổ sung.");
	(void)sec;
	art = add(ch, DOSSIER_NODE_ARTICLE, "5", "Chỉ có tiêu đề", NULL);
	art = add(ch, DOSSIER_NODE_ARTICLE, "6", NULL, "Đoạn đầu\n  tiếp theo\t.");
	assert_int_equal(dossier_node_add_text(art, "   "), 0);
	strv(&art->wrapup, &art->nwrapup, "Đoạn kết.");
	strv(&doc->preface.preamble, &doc->preface.npreamble, "");
	assert_int_equal(dossier_document_assign_eids(doc, "t", NULL, &err), 0);
	xml = round_trip(doc, NULL);
	assert_non_null(strstr(xml, "<section class=\"group\" eId=\"chp_1__sec_1\">"));
	assert_non_null(strstr(xml, "<hcontainer name=\"bodyText\">"));
	assert_null(strstr(xml, "<preamble"));
	assert_int_equal(dossier_akn_read(&back, NULL, xml, strlen(xml), NULL, &err), 0);
	assert_string_equal(back->body->text[0], "Lời nói đầu  có  hai khoảng trắng.");
	assert_string_equal(back->preface.place, "—");
	assert_string_equal(back->preface.date, "ngày … tháng … năm 2025");
	n = dossier_document_find(back, "chp_1__sec_1");
	assert_non_null(n);
	assert_int_equal(n->kind, DOSSIER_NODE_SECTION);
	n = dossier_document_find(back, "art_6");
	assert_non_null(n);
	assert_int_equal(n->ntext, 1);
	assert_string_equal(n->text[0], "Đoạn đầu tiếp theo .");
	assert_int_equal(n->nwrapup, 1);
	n = dossier_document_find(back, "chp_1");
	assert_string_equal(n->num, "thứ nhất");
	dossier_document_free(back);
	dossier_document_free(doc);
	free(xml);
}

/* No date anywhere: the fixed fallback, never the clock. */
static void test_deterministic_without_date(void **state)
{
	dossier_document *doc = english_decree();
	dossier_error err = DOSSIER_ERROR_INIT;
	char *a = NULL, *b = NULL;
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;

	(void)state;
	free(doc->preface.date);
	doc->preface.date = NULL;
	assert_int_equal(dossier_akn_write(&a, NULL, doc, NULL, &err), 0);
	assert_int_equal(dossier_akn_write(&b, NULL, doc, NULL, &err), 0);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "<FRBRdate date=\"1970-01-01\" name=\"unknown\"/>"));
	free(a);
	free(b);
	o.work_date = "2025-13-01";
	assert_int_equal(dossier_akn_write(&a, NULL, doc, &o, &err), DOSSIER_EINVALID);
	assert_null(a);
	assert_non_null(strstr(err.message, "2025-13-01"));
	dossier_error_clear(&err);
	dossier_document_free(doc);
}

static void test_empty_document_refused(void **state)
{
	dossier_document *doc;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *x = NULL;

	(void)state;
	assert_int_equal(dossier_document_new(&doc, DOSSIER_LANG_VIE), 0);
	assert_int_equal(dossier_akn_write(&x, NULL, doc, NULL, &err), DOSSIER_EINVALID);
	assert_null(x);
	dossier_error_clear(&err);
	dossier_document_free(doc);
}

struct counts {
	size_t kinds[8];
};

static int count_visit(const dossier_node *n, void *payload)
{
	struct counts *c = payload;

	c->kinds[n->kind]++;
	return 0;
}

static dossier_document *load_example(const char *name, dossier_diags *d)
{
	char *path = util_sprintf("schemas/examples/%s", name), *full = shared_path(path);
	char *data = NULL;
	size_t len = 0;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL;
	int rc;

	assert_int_equal(util_read_file(&data, &len, full, &err), 0);
	rc = dossier_akn_read(&doc, full, data, len, d, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(rc, 0);
	free(data);
	free(full);
	free(path);
	return doc;
}

static int has_diag(dossier_diags *d, const char *code)
{
	size_t i;

	for (i = 0; i < dossier_diags_count(d); i++) {
		const dossier_diag *g = dossier_diags_get(d, i);

		if (g->code && strcmp(g->code, code) == 0) {
			assert_true(g->line > 0);
			return 1;
		}
	}
	return 0;
}

/* Each foreign document, once read, is written as valid AKN that itself
 * round-trips byte for byte. */
static void rewrite_valid(const dossier_document *doc)
{
	free(round_trip(doc, NULL));
}

static void test_example_eu(void **state)
{
	dossier_diags *d = NULL;
	dossier_document *doc;
	struct counts c = { { 0 } };
	const dossier_node *n;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	doc = load_example("bill_eu_COM-2013-0619_regulation-proposal_EN.xml", d);
	dossier_document_walk(doc, count_visit, &c);
	assert_int_equal(c.kinds[DOSSIER_NODE_CHAPTER], 9);
	assert_int_equal(c.kinds[DOSSIER_NODE_ARTICLE], 24);
	assert_int_equal(c.kinds[DOSSIER_NODE_CLAUSE], 32);
	assert_int_equal(c.kinds[DOSSIER_NODE_POINT], 43);
	/* The memorandum and the financial statement are kept as appendices. */
	assert_int_equal(c.kinds[DOSSIER_NODE_APPENDIX], 2);
	assert_true(has_diag(d, "akn-component"));
	assert_string_equal(doc->kind, "regulation");
	assert_int_equal(doc->lang, DOSSIER_LANG_ENG);
	assert_string_equal(doc->preface.doc_type, "REGULATION");
	n = dossier_document_find(doc, "art_2__list_1__point_b");
	assert_non_null(n);
	assert_string_equal(n->num, "b");
	n = dossier_document_find(doc, "chp_III");
	assert_non_null(n);
	assert_string_equal(n->num, "III");
	/* Unnumbered subparagraphs after a list are the wrap-up. */
	n = dossier_document_find(doc, "art_6__para_4");
	assert_non_null(n);
	assert_int_equal(n->nchildren, 4);
	assert_int_equal(n->nwrapup, 2);
	assert_true(doc->preface.npreamble > 30);
	rewrite_valid(doc);
	dossier_document_free(doc);
	dossier_diags_free(d);
}

static void test_example_it(void **state)
{
	dossier_diags *d = NULL;
	dossier_document *doc;
	struct counts c = { { 0 } };
	const dossier_node *n;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	doc = load_example("bill_it_senato_ddl-356_2013.xml", d);
	dossier_document_walk(doc, count_visit, &c);
	/* The two articles quoted inside amending provisions are text. */
	assert_int_equal(c.kinds[DOSSIER_NODE_ARTICLE], 6);
	assert_int_equal(c.kinds[DOSSIER_NODE_CLAUSE], 9);
	assert_int_equal(c.kinds[DOSSIER_NODE_POINT], 55);
	assert_true(has_diag(d, "akn-quoted"));
	assert_true(has_diag(d, "akn-language"));
	n = dossier_document_find(doc, "art_1__para_1__list_1__point_a");
	assert_non_null(n);
	assert_string_equal(n->num, "a");
	assert_non_null(strstr(n->text[0], "La Camera dei deputati è eletta"));
	n = dossier_document_find(doc, "art_1");
	assert_string_equal(n->num, "1");
	rewrite_valid(doc);
	dossier_document_free(doc);
	dossier_diags_free(d);
}

static void test_example_us(void **state)
{
	dossier_diags *d = NULL;
	dossier_document *doc;
	struct counts c = { { 0 } };
	const dossier_node *n;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	doc = load_example("act_us_public-law-112-61_2011-11-29.xml", d);
	dossier_document_walk(doc, count_visit, &c);
	/* Sections hold no articles: they are the articles. */
	assert_int_equal(c.kinds[DOSSIER_NODE_ARTICLE], 7);
	assert_int_equal(c.kinds[DOSSIER_NODE_SECTION], 0);
	assert_int_equal(c.kinds[DOSSIER_NODE_POINT], 13);
	n = dossier_document_find(doc, "sec_3");
	assert_non_null(n);
	assert_string_equal(n->num, "3");
	assert_string_equal(n->heading, "AUTHORIZATION OF ELIGIBLE VESSELS.");
	n = dossier_document_find(doc, "sec_2__list_1__point_4__list_1__point_e");
	assert_non_null(n);
	assert_string_equal(n->num, "E");
	assert_string_equal(doc->preface.number, "112-61");
	assert_string_equal(doc->preface.date, "2011-11-29");
	assert_string_equal(doc->kind, "publicLaw");
	assert_true(doc->nconclusions >= 2);
	rewrite_valid(doc);
	dossier_document_free(doc);
	dossier_diags_free(d);
}

static void test_example_debate(void **state)
{
	dossier_diags *d = NULL;
	dossier_document *doc;
	struct counts c = { { 0 } };
	char *all;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	doc = load_example("debate_ke_bungeni_2011-06-10.xml", d);
	dossier_document_walk(doc, count_visit, &c);
	assert_int_equal(c.kinds[DOSSIER_NODE_ARTICLE], 0);
	/* 17 debateSection, plus prayers, oralStatements and adjournment. */
	assert_int_equal(c.kinds[DOSSIER_NODE_SECTION], 20);
	assert_true(has_diag(d, "akn-debate"));
	all = dossier_node_text(doc->body);
	assert_non_null(all);
	assert_non_null(strstr(all, "Mr. Speaker"));
	free(all);
	rewrite_valid(doc);
	dossier_document_free(doc);
	dossier_diags_free(d);
}

static void test_broken_xml(void **state)
{
	const char *xml = "<?xml version=\"1.0\"?>\n"
		"<akomaNtoso xmlns=\"" "http://docs.oasis-open.org/legaldocml/ns/akn/3.0" "\">\n"
		"  <bill name=\"decree\">\n"
		"    <body><article></bill>\n"
		"</akomaNtoso>\n";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL;
	dossier_diags *d = NULL;

	(void)state;
	assert_int_equal(dossier_akn_read(&doc, "broken.xml", xml, strlen(xml), NULL, &err),
		DOSSIER_EINVALID);
	assert_null(doc);
	assert_int_equal(err.line, 4);
	assert_true(err.column > 0);
	assert_string_equal(err.path, "broken.xml");
	assert_non_null(strstr(err.message, "not well-formed"));
	dossier_error_clear(&err);

	/* The validator says the same through its diagnostics. */
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_akn_validate(schema(), "broken.xml", xml, strlen(xml), d, &err),
		DOSSIER_EINVALID);
	assert_true(dossier_diags_errors(d) >= 1);
	assert_int_equal(dossier_diags_get(d, 0)->line, 4);
	dossier_diags_free(d);
	dossier_error_clear(&err);
}

static void test_wrong_namespace(void **state)
{
	const char *wd17 = "<?xml version=\"1.0\"?>\n"
		"<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17\">\n"
		"  <act name=\"act\"><body/></act>\n"
		"</akomaNtoso>\n";
	const char *none = "<?xml version=\"1.0\"?>\n<akomaNtoso><act/></akomaNtoso>\n";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL;

	(void)state;
	assert_int_equal(dossier_akn_read(&doc, "old.xml", wd17, strlen(wd17), NULL, &err),
		DOSSIER_EINVALID);
	assert_null(doc);
	assert_non_null(strstr(err.message, "unsupported akoma ntoso namespace"));
	assert_non_null(strstr(err.message, "WD17"));
	assert_non_null(err.hint);
	assert_int_equal(err.line, 2);
	dossier_error_clear(&err);
	assert_int_equal(dossier_akn_read(&doc, "none.xml", none, strlen(none), NULL, &err),
		DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "without a namespace"));
	dossier_error_clear(&err);
}

static void test_schema_errors_have_lines(void **state)
{
	/* content followed by a point: the schema refuses it. */
	const char *xml = "<?xml version=\"1.0\"?>\n"
		"<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n"
		"<act name=\"act\"><meta><identification source=\"#a\"/></meta>\n"
		"<body><article eId=\"art_1\"><content><p>x</p></content>\n"
		"<point eId=\"p\"/></article></body></act></akomaNtoso>\n";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *d = NULL;
	size_t i;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_akn_validate(schema(), "bad.xml", xml, strlen(xml), d, &err),
		DOSSIER_EINVALID);
	assert_true(dossier_diags_errors(d) >= 2);
	for (i = 0; i < dossier_diags_count(d); i++) {
		assert_true(dossier_diags_get(d, i)->line >= 3);
		assert_string_equal(dossier_diags_get(d, i)->path, "bad.xml");
	}
	dossier_diags_free(d);
	dossier_error_clear(&err);

	/* A schema that does not exist is a failure, not an invalid document. */
	assert_int_equal(dossier_akn_validate("/nonexistent/akn.xsd", "x.xml", xml, strlen(xml),
		NULL, &err), DOSSIER_EFAIL);
	dossier_error_clear(&err);
}

/* The sample drafts, through the text parser, then AKN. */
static void test_eid_grammar(void **state)
{
	static const char *const good[] = {
		"art_5", "art_5__para_2", "art_5__para_2__point_dd", "chp_2__sec_1", "annex_1",
		"hcontainer_1", "sec_5A__subsec_2-1", "def_o_1.2", "art_12bis", "preface", "art_1-", "art_-1",
	};
	static const struct { const char *eid, *why; } bad[] = {
		{ "", "it is empty" },
		{ "art_1\nghost", "it holds a line break" },
		{ "art_1\r", "it holds a line break" },
		{ "art_1\tx", "it holds a tab" },
		{ "art 1", "it holds a space" },
		{ "art_\"1", "it holds a quote" },
		{ "art_'1", "it holds a quote" },
		{ "../x", "it holds a slash" },
		{ "art_1\\x", "it holds a slash" },
		{ "art_1\x01", "it holds a control character" },
		{ "art_<1>", "it holds a character other than ASCII letters, digits, '_', '-' and '.'" },
		{ "điều_1", "it holds a character other than ASCII letters, digits, '_', '-' and '.'" },
		{ "_art", "each component (between '__') must begin with a letter, as in 'art_5__para_2'" },
		{ "1art", "each component (between '__') must begin with a letter, as in 'art_5__para_2'" },
		{ "art_1__", "each component (between '__') must begin with a letter, as in 'art_5__para_2'" },
		{ "art_1___para", "each component (between '__') must begin with a letter, as in 'art_5__para_2'" },
		{ "art_", "it ends with '_'" },
		{ "art_.1", "a part of it begins with '.'" },
		{ "art-1", "it is not a series of components such as 'art_5__para_2'" },
		{ "art.1", "it is not a series of components such as 'art_5__para_2'" },
	};
	char longer[DOSSIER_AKN_EID_MAX + 8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		const char *why = dossier_akn_eid_check(good[i]);

		if (why)
			fail_msg("'%s' refused: %s", good[i], why);
	}
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		const char *why = dossier_akn_eid_check(bad[i].eid);

		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
	}
	assert_non_null(dossier_akn_eid_check(NULL));
	memset(longer, '1', sizeof(longer));
	memcpy(longer, "art_", 4);
	longer[DOSSIER_AKN_EID_MAX] = '\0';
	assert_null(dossier_akn_eid_check(longer));
	longer[DOSSIER_AKN_EID_MAX] = '1';
	longer[DOSSIER_AKN_EID_MAX + 1] = '\0';
	assert_string_equal(dossier_akn_eid_check(longer), "it is longer than 256 bytes");
}

static void test_sample_draft(void **state)
{
	static const char *const names[] = {
		"du-thao-nghi-dinh-do-thi-thong-minh.txt",
		"du-thao-nghi-dinh-do-thi-thong-minh-v2.txt",
	};
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	size_t i;

	(void)state;
	assert_non_null(root);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path, *data = NULL, *xml;
		size_t len = 0;
		dossier_error err = DOSSIER_ERROR_INIT;
		dossier_document *doc = NULL;
		struct counts c = { { 0 } };

		path = util_sprintf("%s/templates/%s", root, names[i]);
		assert_int_equal(util_read_file(&data, &len, path, &err), 0);
		assert_int_equal(dossier_text_parse(&doc, path, data, len, NULL, &err), 0);
		dossier_document_walk(doc, count_visit, &c);
		assert_true(c.kinds[DOSSIER_NODE_ARTICLE] > 5);
		xml = round_trip(doc, NULL);
		assert_non_null(strstr(xml, "<num>Điều 1.</num>"));
		assert_non_null(strstr(xml, "<bill name=\"decree\""));
		free(xml);
		dossier_document_free(doc);
		free(data);
		free(path);
	}
}

/* Issue 14, repro r7: a <br/> inside a paragraph is a line break, read as
 * a space, never glue ("ownershipor"). */
static void test_br_is_a_break(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"
		"<act name=\"act\"><body><section eId=\"sec_1\"><num>1.</num><heading>Ownership</heading>"
		"<content><p>Nature of ownership<br/>or control</p></content></section></body></act></akomaNtoso>";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL;

	(void)state;
	assert_int_equal(dossier_akn_read(&doc, "r7.xml", xml, strlen(xml), NULL, &err), 0);
	assert_int_equal(doc->body->nchildren, 1);
	assert_int_equal(doc->body->children[0]->ntext, 1);
	assert_string_equal(doc->body->children[0]->text[0], "Nature of ownership or control");
	dossier_document_free(doc);
}

/* Issue 14: a foreign document's FRBR date is kept when it is written
 * again (no /1970-01-01/); a Work that gives only a year takes the
 * Expression's date. */
static void test_frbr_date_from_source(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"
		"<act name=\"act\"><meta><identification source=\"#x\"><FRBRWork><FRBRthis value=\"/akn/za/act/2023/1/!main\"/>"
		"<FRBRuri value=\"/akn/za/act/2023/1\"/><FRBRdate date=\"2023\" name=\"Generation\"/><FRBRauthor href=\"#x\"/>"
		"<FRBRcountry value=\"za\"/></FRBRWork><FRBRExpression><FRBRthis value=\"/akn/za/act/2023/1/eng@/!main\"/>"
		"<FRBRuri value=\"/akn/za/act/2023/1/eng@\"/><FRBRdate date=\"2023-04-20\" name=\"Generation\"/>"
		"<FRBRauthor href=\"#x\"/><FRBRlanguage language=\"eng\"/></FRBRExpression></identification></meta>"
		"<body><section eId=\"sec_1\"><num>1.</num><content><p>x</p></content></section></body></act></akomaNtoso>";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL, *back = NULL;
	char *out = NULL, *again = NULL;
	size_t len = 0, len2 = 0;

	(void)state;
	assert_int_equal(dossier_akn_read(&doc, "za.xml", xml, strlen(xml), NULL, &err), 0);
	assert_string_equal(doc->work_date, "2023-04-20");
	assert_int_equal(dossier_akn_write(&out, &len, doc, NULL, &err), 0);
	assert_non_null(strstr(out, "/2023-04-20/"));
	assert_null(strstr(out, "1970-01-01"));
	/* and our own output reads back to the same bytes */
	assert_int_equal(dossier_akn_read(&back, "again.xml", out, len, NULL, &err), 0);
	assert_int_equal(dossier_akn_write(&again, &len2, back, NULL, &err), 0);
	assert_string_equal(out, again);
	free(out);
	free(again);
	dossier_document_free(doc);
	dossier_document_free(back);
}

/* Issue 14: a schedule of another system (UK, Scottish: hcontainer
 * name="schedule") is an appendix with its own number and heading, not
 * text of the body nor a heading "appendix". */
static void test_schedule_heading(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"
		"<act name=\"act\"><body><section eId=\"sec_1\"><num>1</num><content><p>x</p></content></section>"
		"<hcontainer name=\"schedules\" eId=\"scheds\"><heading>Schedules</heading>"
		"<hcontainer name=\"schedule\" eId=\"sched_1\"><num>Schedule 1</num><heading>Consequential provision</heading>"
		"<paragraph eId=\"sched_1__para_1\"><num>1</num><content><p>In section 21 …</p></content></paragraph>"
		"</hcontainer></hcontainer></body></act></akomaNtoso>";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL;
	const dossier_node *s;

	(void)state;
	assert_int_equal(dossier_akn_read(&doc, "sched.xml", xml, strlen(xml), NULL, &err), 0);
	s = dossier_document_find(doc, "sched_1");
	assert_non_null(s);
	assert_int_equal(s->kind, DOSSIER_NODE_APPENDIX);
	assert_string_equal(s->num, "1");
	assert_string_equal(s->heading, "Consequential provision");
	dossier_document_free(doc);
}


static int count_nodes(const dossier_node *node, void *payload)
{
	if (node->kind != DOSSIER_NODE_BODY)
		(*(size_t *)payload)++;
	return 0;
}

/* Issue 14: AKN -> text -> AKN is stable for every AKN we accept. The
 * document is written as text, parsed, written again: the two texts are
 * the same, the parse keeps `count` provisions, and its AKN is
 * schema-valid. */
static dossier_document *text_stable(const char *xml, size_t count)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL, *back = NULL;
	char *t1 = NULL, *t2 = NULL;
	size_t n = 0;
	int rc;

	assert_int_equal(dossier_akn_read(&doc, "in.xml", xml, strlen(xml), NULL, &err), 0);
	assert_int_equal(dossier_text_write(&t1, doc, &err), 0);
	rc = dossier_text_parse(&back, "t1.txt", t1, strlen(t1), NULL, &err);
	if (rc)
		fprintf(stderr, "%s\n%s\n", err.message, t1);
	assert_int_equal(rc, 0);
	assert_int_equal(dossier_text_write(&t2, back, &err), 0);
	assert_string_equal(t1, t2);
	assert_int_equal(dossier_document_walk(back, count_nodes, &n), 0);
	assert_int_equal(n, count);
	rewrite_valid(back);
	free(t1);
	free(t2);
	dossier_document_free(doc);
	return back;
}

#define AKN_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?><akomaNtoso " \
	"xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act name=\"act\"><body>"
#define AKN_CLOSE "</body></act></akomaNtoso>"

/* The UK's inserted provisions: section 7A, subsection (2A), paragraph
 * (aa) (sc-bill-stage2). */
static void test_stable_inserted_numbers(void **state)
{
	const char *xml = AKN_OPEN
		"<section eId=\"sec_7\"><num>7</num><heading>Release</heading>"
		"<subsection eId=\"sec_7__subsec_1\"><num>(1)</num><content><p>The 1993 Act is amended.</p></content></subsection>"
		"<subsection eId=\"sec_7__subsec_2\"><num>(2)</num><intro><p>In section 3AA—</p></intro>"
		"<paragraph eId=\"sec_7__subsec_2__para_a\"><num>(a)</num><content><p>subsection (1) is repealed,</p></content></paragraph>"
		"<paragraph eId=\"sec_7__subsec_2__para_aa\"><num>(aa)</num><content><p>subsection (7) is repealed.</p></content></paragraph>"
		"</subsection>"
		"<subsection eId=\"sec_7__subsec_2A\"><num>(2A)</num><content><p>In section 17, after “3AA” insert “or 3AB”.</p></content></subsection>"
		"</section>"
		"<section eId=\"sec_7A\"><num>7A</num><heading>Review</heading>"
		"<subsection eId=\"sec_7A__subsec_1\"><num>(1)</num><content><p>The 1993 Act is amended.</p></content></subsection>"
		"</section>" AKN_CLOSE;
	dossier_document *doc;

	(void)state;
	doc = text_stable(xml, 8);
	assert_non_null(dossier_document_find(doc, "art_7a__para_1"));
	assert_non_null(dossier_document_find(doc, "art_7__para_2__point_aa"));
	assert_non_null(dossier_document_find(doc, "art_7__para_2a"));
	dossier_document_free(doc);
}

/* Text with a heading's shape stays text: an explanatory memorandum's
 * "Article 1: Subject matter …", a quoted article flattened into its
 * paragraphs ("2. Al termine …", the Italian bill), a line that would go
 * on with the sentence before it, a title's upper case. */
static void test_stable_text_shaped_like_headings(void **state)
{
	const char *xml = AKN_OPEN
		"<article eId=\"art_1\"><num>Art. 1</num><heading>Modifiche</heading>"
		"<paragraph eId=\"art_1__para_1\"><num>1.</num><content><p>All'articolo 77 è sostituito dal seguente:</p>"
		"<p>«Art. 77. -- 1. L'ufficio centrale</p><p>2. Al termine delle operazioni</p>"
		"<p>a) primo;</p><p>(i) secondo;</p><p>“Điều 3. quoted”</p><p>Article 1: Subject matter and scope</p>"
		"<p>PHỤ LỤC</p><p>Nơi nhận:</p><p>\\backslash</p><p>of the sentence above</p></content></paragraph>"
		"</article>"
		"<chapter eId=\"chp_1\"><num>Chapter 1</num><heading>GENERAL</heading>"
		"<intro><p>UPPER CASE INTRO</p></intro>"
		"<article eId=\"art_2\"><num>2</num><content><p>x</p></content></article></chapter>"
		AKN_CLOSE;
	dossier_document *doc;
	const dossier_node *n;

	(void)state;
	doc = text_stable(xml, 4);
	n = dossier_document_find(doc, "art_1__para_1");
	assert_non_null(n);
	assert_int_equal(n->ntext, 11);
	assert_string_equal(n->text[2], "2. Al termine delle operazioni");
	assert_string_equal(n->text[9], "\\backslash");
	assert_string_equal(n->text[10], "of the sentence above");
	n = dossier_document_find(doc, "chp_1");
	assert_string_equal(n->heading, "GENERAL");
	assert_int_equal(n->ntext, 1);
	dossier_document_free(doc);
}

/* Unnumbered units (a debate's sections, "Section. PRAYERS") and LEOS's
 * "#" numbers, also after numbered ones: unique eIds by position. */
static void test_stable_unnumbered_and_hash(void **state)
{
	const char *xml = AKN_OPEN
		"<section eId=\"s1\"><heading>PRAYERS</heading><article eId=\"art_1\"><num>1</num><content><p>a</p></content></article></section>"
		"<section eId=\"s2\"><content><p>The House met at 10.02 a.m.</p></content></section>"
		"<part eId=\"p1\"><num>Part 1</num><heading>One</heading><article eId=\"art_2\"><num>Article 2</num><content><p>b</p></content></article></part>"
		"<part eId=\"p2\"><num>Part #</num><heading>Two</heading><article eId=\"art_x\"><num>Article #</num><content><p>c</p></content></article></part>"
		AKN_CLOSE;
	dossier_document *doc;

	(void)state;
	doc = text_stable(xml, 7);
	/* the unnumbered ones take what the numbered left: a section
	 * without articles is an article */
	assert_int_equal(dossier_document_find(doc, "sec_1")->kind, DOSSIER_NODE_SECTION);
	assert_string_equal(dossier_document_find(doc, "art_1")->num, "1");
	assert_null(dossier_document_find(doc, "art_2-2")->num);   /* in the section, as text reads it */
	assert_string_equal(dossier_document_find(doc, "part_2")->num, "#");
	assert_string_equal(dossier_document_find(doc, "art_1-2")->num, "#");
	assert_string_equal(dossier_document_find(doc, "art_2")->num, "2");
	dossier_document_free(doc);
}

/* A schedule whose number carries a note ("Schedule 1" with "[Section
 * 1(4)]") and whose heading is in ordinary case, unnumbered annexes with
 * a lower-case name (the EU's "explanation"). */
static void test_stable_appendix_headings(void **state)
{
	const char *xml = AKN_OPEN
		"<section eId=\"sec_1\"><num>1</num><content><p>x</p></content></section>"
		"<hcontainer name=\"schedule\" eId=\"sched_1\"><num>Schedule 1<authorialNote eId=\"n1\"><p>Section 1(4)</p></authorialNote></num>"
		"<heading>Presumption of suspended sentence order</heading><content><p>Part 1</p><p>Firearms Act 1968</p></content></hcontainer>"
		"<hcontainer name=\"schedule\" eId=\"sched_2\"><heading>explanation</heading><content><p>EXPLANATORY MEMORANDUM</p></content></hcontainer>"
		AKN_CLOSE;
	dossier_document *doc;
	const dossier_node *n;

	(void)state;
	doc = text_stable(xml, 3);
	n = dossier_document_find(doc, "annex_1");
	assert_non_null(n);
	assert_string_equal(n->num, "1");
	assert_string_equal(n->heading, "Presumption of suspended sentence order");
	assert_string_equal(n->text[0], "[Section 1(4)]");
	n = dossier_document_find(doc, "annex_2");
	assert_non_null(n);
	assert_string_equal(n->heading, "explanation");
	dossier_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vietnamese_round_trip),
		cmocka_unit_test(test_english_round_trip),
		cmocka_unit_test(test_deterministic_without_date),
		cmocka_unit_test(test_edge_shapes),
		cmocka_unit_test(test_empty_document_refused),
		cmocka_unit_test(test_example_eu),
		cmocka_unit_test(test_example_it),
		cmocka_unit_test(test_example_us),
		cmocka_unit_test(test_example_debate),
		cmocka_unit_test(test_broken_xml),
		cmocka_unit_test(test_wrong_namespace),
		cmocka_unit_test(test_schema_errors_have_lines),
		cmocka_unit_test(test_sample_draft),
		cmocka_unit_test(test_eid_grammar),
		cmocka_unit_test(test_br_is_a_break),
		cmocka_unit_test(test_frbr_date_from_source),
		cmocka_unit_test(test_schedule_heading),
		cmocka_unit_test(test_stable_inserted_numbers),
		cmocka_unit_test(test_stable_text_shaped_like_headings),
		cmocka_unit_test(test_stable_unnumbered_and_hash),
		cmocka_unit_test(test_stable_appendix_headings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
