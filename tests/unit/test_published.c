/*
 * test_published.c: text as it is really published (docs/text-format.md,
 * "Text as published"), one test per failure class of the real corpus
 * (../shared/corpus/real/repro/): an article heading without its dot, a
 * PDF line wrap before "Điều 9.", wrapped paragraphs and headings, the
 * Công báo's page headers, page numbers and signature stamp, the issuer
 * repeated in the header, a NUL byte (refused at its place; dropped with
 * a warning in lenient mode), and HTML pages read as the text they show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/textparse.h"
#include "dossier/word.h"
#include "akn/akn_html.h"
#include "base/util.h"

/* Parse; rc must be want; diags (warnings) returned for checks. */
static dossier_document *parse(const char *text, unsigned flags, int want, dossier_diags **diags,
	dossier_error *err)
{
	dossier_text_options opts = DOSSIER_TEXT_OPTIONS_INIT;
	dossier_document *doc = NULL;
	size_t i;

	opts.flags = flags;
	assert_int_equal(dossier_diags_new(diags), 0);
	assert_int_equal(dossier_text_parse_opts(&doc, "t.txt", text, strlen(text), &opts, *diags, err),
		want);
	for (i = 0; i < dossier_diags_count(*diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(*diags, i));

		print_message("%s\n", s);
		free(s);
	}
	return doc;
}

static const dossier_node *node(const dossier_document *doc, const char *eid)
{
	const dossier_node *n = dossier_document_find(doc, eid);

	if (!n)
		fail_msg("no node '%s'", eid);
	return n;
}

static int count_code(const dossier_diags *d, const char *code)
{
	size_t i;
	int n = 0;

	for (i = 0; i < dossier_diags_count(d); i++)
		n += strcmp(dossier_diags_get(d, i)->code, code) == 0;
	return n;
}

/* r3: "Điều 2 Chính sách …" is an article heading, with a warning. */
static void test_missing_dot(void **state)
{
	static const char text[] =
		"LUẬT\n"
		"Điều 1. Phạm vi điều chỉnh\n"
		"Luật này quy định về công nghệ thông tin.\n"
		"Điều 2 Chính sách của Nhà nước\n"
		"1. Ưu tiên ứng dụng công nghệ thông tin.\n"
		"2. Khuyến khích đầu tư.\n"
		"Điều 3. Hiệu lực\n"
		"Luật này có hiệu lực.\n";
	dossier_diags *d;
	dossier_document *doc = parse(text, 0, 0, &d, NULL);

	(void)state;
	assert_int_equal(dossier_diags_errors(d), 0);
	assert_int_equal(count_code(d, "article-heading-without-dot"), 1);
	assert_int_equal(count_code(d, "article-number-gap"), 0);
	assert_string_equal(node(doc, "art_2")->heading, "Chính sách của Nhà nước");
	node(doc, "art_2__para_2");
	assert_null(dossier_document_find(doc, "art_1__para_1"));
	dossier_diags_free(d);
	dossier_document_free(doc);

	/* Not when the numbering does not go on, nor inside a sentence. */
	doc = parse("Điều 1. A\nx.\nĐiều 7 Luật Đất đai quy định.\nĐiều 2. B\ny.\n", 0, 0, &d, NULL);
	assert_int_equal(count_code(d, "article-heading-without-dot"), 0);
	assert_null(dossier_document_find(doc, "art_7"));
	node(doc, "art_2");
	dossier_diags_free(d);
	dossier_document_free(doc);
	doc = parse("Điều 1. Phạm vi\nĐất được quản lý theo quy định của\nĐiều 2 Luật Đất đai.\n", 0, 0,
		&d, NULL);
	assert_null(dossier_document_find(doc, "art_2"));
	assert_int_equal(node(doc, "art_1")->ntext, 1);
	assert_string_equal(node(doc, "art_1")->text[0],
		"Đất được quản lý theo quy định của Điều 2 Luật Đất đai.");
	dossier_diags_free(d);
	dossier_document_free(doc);
}

/* r4: a wrapped "… tại khoản 4" / "Điều 9." is text, not a heading. */
static void test_wrapped_article_number(void **state)
{
	static const char text[] =
		"NGHỊ ĐỊNH\n"
		"Điều 1. Sửa đổi\n"
		"1. Thay thế cụm từ “Cục” bằng cụm từ “Chi cục” tại khoản 4\n"
		"Điều 9.\n"
		"2. Thay thế cụm từ “Tổng cục” bằng cụm từ “Cục” tại khoản 6 Điều 9.\n"
		"Điều 2. Hiệu lực thi hành\n"
		"Nghị định này có hiệu lực.\n";
	dossier_diags *d;
	dossier_document *doc = parse(text, 0, 0, &d, NULL);

	(void)state;
	assert_int_equal(dossier_diags_count(d), 0);
	assert_null(dossier_document_find(doc, "art_9"));
	assert_string_equal(node(doc, "art_1__para_1")->text[0],
		"Thay thế cụm từ “Cục” bằng cụm từ “Chi cục” tại khoản 4 Điều 9.");
	node(doc, "art_1__para_2");
	node(doc, "art_2");
	dossier_diags_free(d);
	dossier_document_free(doc);

	/* A real heading after a gap stays a heading (with its warning). */
	doc = parse("Điều 1. A\nx\nĐiều 3. B\ny\n", 0, 0, &d, NULL);
	node(doc, "art_3");
	assert_int_equal(count_code(d, "article-number-gap"), 1);
	dossier_diags_free(d);
	dossier_document_free(doc);
}

/* Every PDF line its own paragraph no more: a sentence goes on over the
 * wrap, in text and in an article heading. */
static void test_wrapped_paragraphs(void **state)
{
	static const char text[] =
		"Điều 1. Trách nhiệm của cơ quan\n"
		"nhà nước về đầu tư\n"
		"Nghị định này quy định chi tiết hoạt động đầu tư từ quỹ bảo\n"
		"hiểm xã hội, theo quy định tại khoản 4 Điều 122 Luật số\n"
		"41/2024/QH15.\n"
		"Đoạn thứ hai.\n"
		"1. Khoản một được\n"
		"viết trên hai dòng;\n"
		"a) điểm a của\n"
		"khoản một.\n";
	dossier_diags *d;
	dossier_document *doc = parse(text, 0, 0, &d, NULL);
	const dossier_node *a = node(doc, "art_1");

	(void)state;
	assert_string_equal(a->heading, "Trách nhiệm của cơ quan nhà nước về đầu tư");
	assert_int_equal(a->ntext, 2);
	assert_string_equal(a->text[0], "Nghị định này quy định chi tiết hoạt động đầu tư từ quỹ bảo "
		"hiểm xã hội, theo quy định tại khoản 4 Điều 122 Luật số 41/2024/QH15.");
	assert_string_equal(a->text[1], "Đoạn thứ hai.");
	assert_string_equal(node(doc, "art_1__para_1")->text[0], "Khoản một được viết trên hai dòng;");
	assert_string_equal(node(doc, "art_1__para_1__point_a")->text[0], "điểm a của khoản một.");
	dossier_diags_free(d);
	dossier_document_free(doc);

	/* a chapter's title in ordinary case, wrapped */
	doc = parse("Chương I. Quy định chung về\nquản lý đô thị\nĐiều 1. A\nx.\n", 0, 0, &d, NULL);
	assert_string_equal(node(doc, "chp_1")->heading, "Quy định chung về quản lý đô thị");
	assert_int_equal(node(doc, "chp_1")->ntext, 0);
	dossier_diags_free(d);
	dossier_document_free(doc);
}

/* The Công báo's page furniture is dropped; the issuer, number and place
 * come from the real header lines. */
static void test_gazette_furniture(void **state)
{
	static const char text[] =
		" \n58 \nCÔNG BÁO/Số 1053 + 1054/Ngày 10-8-2025 \n \n"
		"VĂN BẢN QUY PHẠM PHÁP LUẬT\n"
		"CHÍNH PHỦ \nCHÍNH PHỦ\n__________ \n"
		"Số: 212/2025/NĐ-CP \n"
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n"
		"Hà Nội, ngày 25 tháng 7 năm 2025 \n"
		"NGHỊ ĐỊNH \nQuy định chi tiết hoạt động đầu tư \n"
		"Căn cứ Luật Tổ chức Chính phủ;\n"
		"Căn cứ Luật Bảo hiểm y tế được sửa đổi, bổ sung bởi Luật \nsố 32/2013/QH13 và Luật số\n"
		"51/2024/QH15;\n"
		"Điều 1. Phạm vi điều chỉnh \n"
		"Nghị định này quy định chi tiết hoạt động đầu tư từ quỹ bảo \n"
		"Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\n"
		"Email: thongtinchinhphu@chinhphu.vn\n"
		"Cơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
		"Thời gian ký: 12.08.2025 15:59:28 +07:00\n"
		"\n \n \nCÔNG BÁO/Số 1053 + 1054/Ngày 10-8-2025 \n59 \n \n"
		"hiểm xã hội.\n"
		"Điều 2. Đối tượng áp dụng\n"
		"1. Bảo hiểm xã hội Việt Nam; 58 đơn vị.\n"
		"58\n"
		"2. Cơ quan có liên quan.\n";
	dossier_diags *d;
	dossier_document *doc = parse(text, 0, 0, &d, NULL);

	(void)state;
	assert_string_equal(doc->preface.issuer, "CHÍNH PHỦ");
	assert_int_equal(doc->preface.nother, 0);
	assert_string_equal(doc->preface.number, "212/2025/NĐ-CP");
	assert_string_equal(doc->preface.place, "Hà Nội");
	assert_string_equal(doc->preface.date, "2025-07-25");
	assert_int_equal(doc->preface.npreamble, 2);
	assert_string_equal(doc->preface.preamble[1], "Căn cứ Luật Bảo hiểm y tế được sửa đổi, bổ sung bởi "
		"Luật số 32/2013/QH13 và Luật số 51/2024/QH15;");
	assert_int_equal(node(doc, "art_1")->ntext, 1);
	assert_string_equal(node(doc, "art_1")->text[0],
		"Nghị định này quy định chi tiết hoạt động đầu tư từ quỹ bảo hiểm xã hội.");
	/* A number alone away from a Gazette header is text. */
	assert_string_equal(node(doc, "art_2__para_1")->text[1], "58");
	dossier_diags_free(d);
	dossier_document_free(doc);
}

/* r6: a NUL byte is refused at its place, with the way through; lenient
 * mode drops it with one warning. */
static void test_nul(void **state)
{
	static const char text[] = "LUẬT\nĐiều 1. Phạm vi\nNội dung\0 có một ký tự NUL.\n"
		"Điều 2. Hiệu lực\nCó hiệu lực\0\0.\n";
	size_t len = sizeof(text) - 1;
	dossier_document *doc = NULL;
	dossier_diags *d;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_text_options opts = DOSSIER_TEXT_OPTIONS_INIT;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_text_parse(&doc, "n.txt", text, len, d, &err), DOSSIER_EINVALID);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 9);
	assert_non_null(strstr(err.hint, "lenient"));
	dossier_error_clear(&err);
	dossier_diags_free(d);

	opts.flags = DOSSIER_TEXT_LENIENT;
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_text_parse_opts(&doc, "n.txt", text, len, &opts, d, &err), 0);
	assert_int_equal(dossier_diags_count(d), 1);
	assert_string_equal(dossier_diags_get(d, 0)->code, "nul-dropped");
	assert_int_equal(dossier_diags_get(d, 0)->line, 3);
	assert_int_equal(dossier_diags_get(d, 0)->column, 9);
	assert_non_null(strstr(dossier_diags_get(d, 0)->message, "3 NUL bytes"));
	assert_string_equal(node(doc, "art_1")->text[0], "Nội dung có một ký tự NUL.");
	assert_string_equal(node(doc, "art_2")->text[0], "Có hiệu lực.");
	dossier_diags_free(d);
	dossier_document_free(doc);
}

/* r13 and the two layouts: an HTML page is read as the text it shows. */
static void test_html(void **state)
{
	static const char page[] =
		"<!DOCTYPE html>\n<html><head><title>x</title><script>var a = '<p>Điều 9. No</p>';</script>"
		"<style>p{}</style></head><body>\n<div class=\"menu\"><p>Trang chủ</p></div>"
		"<div class=\"content1\"><table><tr><td><p><b>CHÍNH\nPHỦ<br>-------</b></p></td>"
		"<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr>"
		"<tr><td>Số: 1/2025/NĐ-CP</td><td>Hà Nội, ngày 1 tháng 2 năm 2025</td></tr></table>"
		"<p>NGHỊ ĐỊNH</p><p><a name=\"dieu_1\"><b>Điều 1. Phạm\nvi điều chỉnh</b></a></p>"
		"<p>Nghị định&nbsp;này   quy định <i>về</i> đô thị.</p>"
		"<p>1. Khoản một;<br>2. Khoản hai.</p></div></body></html>";
	char *text = NULL;
	size_t n = 0;
	dossier_document *doc = NULL;
	dossier_input_kind kind;

	(void)state;
	assert_true(akn_html_is(page, strlen(page)));
	assert_true(akn_html_is("\xEF\xBB\xBF  <!-- x --><HTML>", 22));
	assert_false(akn_html_is("<?xml version=\"1.0\"?><akomaNtoso/>", 36));
	assert_false(akn_html_is("Điều 1. <html>", 15));
	assert_int_equal(akn_html_text(&text, &n, "p.html", page, strlen(page), NULL), 0);
	print_message("%s", text);
	assert_null(strstr(text, "Trang chủ"));
	assert_null(strstr(text, "var a"));
	assert_non_null(strstr(text, "CHÍNH PHỦ\n-------\n"));
	assert_non_null(strstr(text, "Số: 1/2025/NĐ-CP\tHà Nội, ngày 1 tháng 2 năm 2025\n"));
	assert_non_null(strstr(text, "\nĐiều 1. Phạm vi điều chỉnh\n"));
	assert_non_null(strstr(text, "\nNghị định\xC2\xA0này quy định về đô thị.\n1. Khoản một;\n2. Khoản hai.\n"));
	free(text);

	{
		/* vbpl.vn: the text in div#toanvancontent, the menus beside it */
		static const char vbpl[] = "<html><body><div id=\"menu\"><ul><li>Điều 9. Trang chủ</li></ul></div>"
			"<div class=\"vbInfo\">Hiệu lực: Còn hiệu lực</div>"
			"<div id=\"toanvancontent\"><p>Điều 1. Phạm vi</p><p>Nội dung.</p></div></body></html>";

		assert_int_equal(akn_html_text(&text, &n, "v.html", vbpl, strlen(vbpl), NULL), 0);
		assert_string_equal(text, "Điều 1. Phạm vi\nNội dung.\n");
		free(text);
	}
	assert_int_equal(dossier_document_read(&doc, &kind, "p.html", page, strlen(page), NULL, NULL), 0);
	assert_int_equal(kind, DOSSIER_INPUT_HTML);
	assert_string_equal(doc->preface.issuer, "CHÍNH PHỦ");
	assert_string_equal(node(doc, "art_1")->heading, "Phạm vi điều chỉnh");
	node(doc, "art_1__para_2");
	dossier_document_free(doc);
}

/* A binary Word 97–2003 file is refused with the way out. */
static void test_doc_refused(void **state)
{
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" "rest of a .doc";
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(dossier_document_read(&doc, NULL, "a.doc", ole, sizeof(ole) - 1, NULL, &err),
		DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, ".docx"));
	assert_non_null(strstr(err.hint, "plain text"));
	dossier_error_clear(&err);
}

/* r5: a regulation "ban hành kèm theo" is an attachment with its own
 * chapters and articles, numbered and named within it, and cited. */
static void test_attached_regulation(void **state)
{
	static const char text[] =
		"QUYẾT ĐỊNH\n"
		"Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý giá.\n"
		"Điều 2. Quyết định này có hiệu lực.\n"
		"TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
		"QUY ĐỊNH\nQuản lý nhà nước về giá\n"
		"(Ban hành kèm theo Quyết định số 07/2025/QĐ-UBND\nngày 1 tháng 9 năm 2025)\n"
		"Chương I\nQUY ĐỊNH CHUNG\n"
		"Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về giá.\n"
		"Phần I: một bảng trong quy định\n"
		"Điều 2. Đối tượng áp dụng\n1. Cơ quan nhà nước.\n2. Tổ chức.\n"
		"Chương II\nTỔ CHỨC THỰC HIỆN\nĐiều 3. Trách nhiệm\nCác sở thực hiện.\n"
		"Chương I\nin a form, not a chapter\n";
	dossier_diags *d;
	dossier_document *doc = parse(text, 0, 0, &d, NULL);
	const dossier_node *att = node(doc, "att_1"), *n = NULL;
	char *cite;

	(void)state;
	assert_int_equal(dossier_diags_count(d), 0);
	assert_int_equal(att->kind, DOSSIER_NODE_ATTACHMENT);
	assert_string_equal(att->heading, "QUY ĐỊNH");
	assert_int_equal(att->ntext, 2);
	assert_string_equal(att->text[1],
		"(Ban hành kèm theo Quyết định số 07/2025/QĐ-UBND ngày 1 tháng 9 năm 2025)");
	assert_int_equal(doc->nconclusions, 3);
	node(doc, "art_2");
	node(doc, "att_1__chp_1");
	node(doc, "att_1__chp_2");
	node(doc, "att_1__art_2__para_2");
	assert_null(dossier_document_find(doc, "att_1__part_1"));
	assert_null(dossier_document_find(doc, "att_1__chp_3"));
	assert_null(dossier_document_find(doc, "art_3"));
	cite = dossier_node_citation(node(doc, "att_1__art_2__para_2"), DOSSIER_LANG_VIE);
	assert_string_equal(cite, "Điều 2 khoản 2 Văn bản kèm theo 1");
	free(cite);
	cite = dossier_node_citation(node(doc, "att_1__art_3"), DOSSIER_LANG_ENG);
	assert_string_equal(cite, "Article 3 of Attachment 1");
	free(cite);
	assert_int_equal(dossier_document_resolve(&n, doc, "Điều 2 khoản 2 Văn bản kèm theo 1", NULL, NULL), 0);
	assert_string_equal(n->eid, "att_1__art_2__para_2");
	assert_int_equal(dossier_document_resolve(&n, doc, "Article 3 of Attachment 1", NULL, NULL), 0);
	assert_string_equal(n->eid, "att_1__art_3");
	assert_int_equal(dossier_document_resolve(&n, doc, "Điều 2", NULL, NULL), 0);
	assert_string_equal(n->eid, "art_2");
	assert_int_equal(dossier_document_resolve(&n, doc, "ATT_1__ART_1", NULL, NULL), 0);
	dossier_diags_free(d);
	{
		/* written back and read again: the same */
		char *out = NULL, *again_out = NULL;
		dossier_document *again = NULL;

		assert_int_equal(dossier_text_write(&out, doc, NULL), 0);
		assert_int_equal(dossier_text_parse(&again, "w.txt", out, strlen(out), NULL, NULL), 0);
		assert_int_equal(dossier_text_write(&again_out, again, NULL), 0);
		assert_string_equal(out, again_out);
		node(again, "att_1__art_3");
		free(out);
		free(again_out);
		dossier_document_free(again);
	}
	dossier_document_free(doc);
}

/* A programme without articles attached: its lines are its text. */
static void test_attached_programme(void **state)
{
	static const char text[] =
		"THÔNG TƯ\nĐiều 1. Ban hành kèm theo Thông tư này Chương trình.\n"
		"KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Văn B\n"
		"CHƯƠNG TRÌNH BỒI DƯỠNG\nTHEO TIÊU CHUẨN\n(Ban hành kèm theo Thông tư số 12/2023/TT-BLĐTBXH)\n"
		"I. ĐỐI TƯỢNG\n1. Mục tiêu chung\nPhần I: Kiến thức chung\nPHẦN I\n"
		"Phụ lục\nMẪU BÁO CÁO\nĐiều 1. in a form\n";
	dossier_diags *d;
	dossier_document *doc = parse(text, 0, 0, &d, NULL);
	const dossier_node *att = node(doc, "att_1");

	(void)state;
	assert_int_equal(dossier_diags_count(d), 0);
	assert_int_equal(att->nchildren, 0);
	assert_string_equal(att->heading, "CHƯƠNG TRÌNH BỒI DƯỠNG");
	assert_int_equal(att->ntext, 6);
	assert_string_equal(att->text[5], "PHẦN I");
	node(doc, "annex_1");
	assert_null(dossier_document_find(doc, "art_2"));
	dossier_diags_free(d);
	dossier_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_dot),
		cmocka_unit_test(test_wrapped_article_number),
		cmocka_unit_test(test_wrapped_paragraphs),
		cmocka_unit_test(test_gazette_furniture),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_doc_refused),
		cmocka_unit_test(test_attached_regulation),
		cmocka_unit_test(test_attached_programme),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
