/*
 * test_word.c: the Word module: .docx archives built here (with the
 * module's own zip writer, fixed bytes) are read into the legal text
 * parser: literal and automatic numbering as Word shows it (Điều 1., 1.,
 * a) … đ) in the Vietnamese alphabet, restarts and start overrides),
 * fields kept by their result, tracked changes taken and dropped with a
 * warning, hidden text and comments left out, footnotes as the
 * provisions' notes (and AKN authorial notes, read back), tables read in
 * order; and every class of bad input refused with its reason: OLE2 .doc,
 * encrypted files, zip bombs, a missing document.xml, malformed XML, RTF,
 * UTF-16 (decoded with a BOM, refused without one).
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
#include "dossier/word.h"
#include "dossier/textparse.h"
#include "word/word_int.h"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* A .docx in memory: document.xml with BODY, numbering.xml, styles.xml
 * and footnotes.xml when given. */
static char *make_docx_notes(size_t *len, const char *body, const char *numbering, const char *styles,
	const char *footnotes)
{
	word_zip_out *z = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *doc = util_sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<w:document " W_NS "><w:body>%s</w:body></w:document>", body);
	char *out = NULL;

	assert_non_null(doc);
	assert_int_equal(word_zip_out_new(&z, &err), 0);
	assert_int_equal(word_zip_out_add(z, "word/document.xml", doc, strlen(doc), &err), 0);
	if (numbering) {
		char *n = util_sprintf("<?xml version=\"1.0\"?><w:numbering " W_NS ">%s</w:numbering>", numbering);

		assert_int_equal(word_zip_out_add(z, "word/numbering.xml", n, strlen(n), &err), 0);
		free(n);
	}
	if (styles) {
		char *n = util_sprintf("<?xml version=\"1.0\"?><w:styles " W_NS ">%s</w:styles>", styles);

		assert_int_equal(word_zip_out_add(z, "word/styles.xml", n, strlen(n), &err), 0);
		free(n);
	}
	if (footnotes) {
		char *n = util_sprintf("<?xml version=\"1.0\"?><w:footnotes " W_NS ">%s</w:footnotes>", footnotes);

		assert_int_equal(word_zip_out_add(z, "word/footnotes.xml", n, strlen(n), &err), 0);
		free(n);
	}
	assert_int_equal(word_zip_out_finish(&out, len, z, &err), 0);
	free(doc);
	return out;
}

static char *make_docx(size_t *len, const char *body, const char *numbering, const char *styles)
{
	return make_docx_notes(len, body, numbering, styles, NULL);
}

static char *text_of(const char *body, const char *numbering, const char *styles, dossier_diags *diags)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t len, tlen;
	char *docx = make_docx(&len, body, numbering, styles), *text = NULL;

	if (dossier_docx_text(&text, &tlen, "t.docx", docx, len, diags, &err) < 0)
		fail_msg("%s", err.message);
	free(docx);
	return text;
}

static void test_literal(void **state)
{
	char *t;

	(void)state;
	t = text_of("<w:p><w:r><w:t>Điều 1. Phạm vi</w:t></w:r></w:p>"
		"<w:p><w:r><w:t xml:space=\"preserve\">1. Một </w:t></w:r><w:r><w:tab/><w:t>hai</w:t></w:r></w:p>",
		NULL, NULL, NULL);
	assert_string_equal(t, "Điều 1. Phạm vi\n1. Một \thai\n");
	free(t);
}


#define LVL(i, fmt, text) "<w:lvl w:ilvl=\"" #i "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" fmt \
	"\"/><w:lvlText w:val=\"" text "\"/></w:lvl>"
#define NUMBERING \
	"<w:abstractNum w:abstractNumId=\"5\">" LVL(0, "decimal", "Điều %1.") LVL(1, "decimal", "%2.") \
	LVL(2, "lowerLetter", "%3)") "</w:abstractNum>" \
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"5\"/></w:num>" \
	"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"5\"/>" \
	"<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"7\"/></w:lvlOverride></w:num>"
#define NP(id, lvl, text) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id \
	"\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static void test_automatic_numbering(void **state)
{
	char *t;

	(void)state;
	t = text_of(NP(1, 0, "Một") NP(1, 1, "k") NP(1, 2, "p") NP(1, 2, "p") NP(1, 2, "p") NP(1, 2, "p")
		NP(1, 2, "p") NP(1, 2, "p") NP(1, 1, "k") NP(1, 2, "p") NP(1, 0, "Hai") NP(1, 1, "k")
		NP(2, 0, "Bảy"), NUMBERING, NULL, NULL);
	assert_string_equal(t, "Điều 1. Một\n1. k\na) p\nb) p\nc) p\nd) p\nđ) p\ne) p\n2. k\na) p\n"
		"Điều 2. Hai\n1. k\nĐiều 7. Bảy\n");
	free(t);
}

static void test_letters_and_roman(void **state)
{
	char *s;

	(void)state;
	s = word_letter(5, true, false);
	assert_string_equal(s, "đ");
	free(s);
	s = word_letter(7, true, false);
	assert_string_equal(s, "g");
	free(s);
	s = word_letter(10, true, false);
	assert_string_equal(s, "k");
	free(s);
	s = word_letter(5, true, true);
	assert_string_equal(s, "Đ");
	free(s);
	s = word_letter(24, true, false);
	assert_string_equal(s, "aa");
	free(s);
	s = word_letter(6, false, false);
	assert_string_equal(s, "f");
	free(s);
	s = word_roman(14, true);
	assert_string_equal(s, "XIV");
	free(s);
}

/* Numbering through a paragraph style, and a style marked as a heading. */
static void test_style_numbering(void **state)
{
	char *t;

	(void)state;
	t = text_of("<w:p><w:pPr><w:pStyle w:val=\"Dieu\"/></w:pPr><w:r><w:t>Phạm vi</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:pStyle w:val=\"Dieu\"/></w:pPr><w:r><w:t>Đối tượng</w:t></w:r></w:p>",
		NUMBERING, "<w:style w:type=\"paragraph\" w:styleId=\"Dieu\"><w:name w:val=\"Điều\"/>"
		"<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>", NULL);
	assert_string_equal(t, "Điều 1. Phạm vi\nĐiều 2. Đối tượng\n");
	free(t);
}

static void test_fields_changes_hidden(void **state)
{
	dossier_diags *diags = NULL;
	char *t;
	size_t i;
	int tracked = 0;

	(void)state;
	assert_int_equal(dossier_diags_new(&diags), 0);
	t = text_of("<w:p><w:r><w:t xml:space=\"preserve\">Ngày </w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DATE \\@ dd</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>05</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\"> mới</w:t></w:r></w:ins>"
		"<w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText> cũ</w:delText></w:r></w:del>"
		"<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>"
		"<w:r><w:commentReference w:id=\"0\"/></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
		"<w:fldSimple w:instr=\"PAGE\"><w:r><w:t>;</w:t></w:r></w:fldSimple>"
		"<w:r><w:br/><w:t>dòng</w:t></w:r></w:p>", NULL, NULL, diags);
	assert_string_equal(t, "Ngày 05 mới;\ndòng\n");
	free(t);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *d = dossier_diags_get(diags, i);

		if (!strcmp(d->code, "word-tracked-changes")) {
			tracked = 1;
			assert_non_null(strstr(d->message, "1 insertion taken, 1 deletion dropped"));
		}
	}
	assert_true(tracked);
	assert_int_equal(dossier_diags_count(diags), 3); /* tracked changes, a comment, a footnote */
	dossier_diags_free(diags);
}

static void test_tables(void **state)
{
	char *t;

	(void)state;
	t = text_of("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
		"<w:tc><w:p><w:r><w:t>CHÍNH PHỦ</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>CỘNG HÒA</w:t></w:r></w:p><w:p><w:r><w:t>Độc lập</w:t></w:r></w:p></w:tc>"
		"</w:tr></w:tbl>"
		"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
		"<w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tên</w:t></w:r></w:p>"
		"</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>", NULL, NULL, NULL);
	assert_string_equal(t, "CHÍNH PHỦ\nCỘNG HÒA\nĐộc lập\nSTT | Tên | \n");
	free(t);
}

/* A paragraph Word styles as a heading that does not read as one is named. */
static void test_heading_style_hint(void **state)
{
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	size_t len, i;
	int seen = 0;
	char *docx = make_docx(&len, "<w:p><w:r><w:t>Điều 1. Phạm vi</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>Nội dung.</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Đối tượng áp dụng</w:t></w:r></w:p>",
		NULL, "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
		"<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>");

	(void)state;
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_document_read(&doc, NULL, "h.docx", docx, len, diags, &err), 0);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *d = dossier_diags_get(diags, i);

		if (!strcmp(d->code, "word-heading-style")) {
			seen = 1;
			assert_int_equal(d->line, 3);
			assert_non_null(strstr(d->message, "'heading 2'"));
		}
	}
	assert_true(seen);
	/* the text stays the article's */
	assert_int_equal(doc->body->nchildren, 1);
	assert_int_equal(doc->body->children[0]->ntext, 2);
	dossier_document_free(doc);
	dossier_diags_free(diags);
	free(docx);
}

/* Footnotes become the provision's notes, where their markers stand, and
 * AKN <authorialNote> there; read back, they are the same notes. */
static void test_footnotes(void **state)
{
	dossier_document *doc = NULL, *back = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_node *art;
	char *xml = NULL;
	size_t len, xlen;
	char *docx = make_docx_notes(&len, "<w:p><w:r><w:t>Điều 1. Phạm vi</w:t></w:r></w:p>"
		"<w:p><w:r><w:t xml:space=\"preserve\">Nghị định này quy định</w:t></w:r>"
		"<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"2\"/></w:r>"
		"<w:r><w:t xml:space=\"preserve\"> về nhà ở.</w:t></w:r>"
		"<w:r><w:footnoteReference w:id=\"3\"/></w:r></w:p>",
		NULL, NULL,
		"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> Theo Luật Nhà ở.</w:t></w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"3\"><w:p><w:r><w:t>Dòng một.</w:t></w:r></w:p><w:p><w:r><w:t>Dòng hai.</w:t></w:r></w:p></w:footnote>");

	(void)state;
	assert_int_equal(dossier_document_read(&doc, NULL, "n.docx", docx, len, NULL, &err), 0);
	art = dossier_document_find(doc, "art_1");
	assert_non_null(art);
	assert_int_equal(art->ntext, 1);
	assert_string_equal(art->text[0], "Nghị định này quy định về nhà ở.");
	assert_int_equal(art->nnotes, 2);
	assert_string_equal(art->notes[0].marker, "1");
	assert_string_equal(art->notes[0].text, "Theo Luật Nhà ở.");
	assert_int_equal(art->notes[0].para, 0);
	assert_int_equal(art->notes[0].at, strlen("Nghị định này quy định"));
	assert_string_equal(art->notes[1].marker, "2");
	assert_string_equal(art->notes[1].text, "Dòng một.\nDòng hai.");
	assert_int_equal(art->notes[1].at, strlen(art->text[0]));

	assert_int_equal(dossier_akn_write(&xml, &xlen, doc, NULL, &err), 0);
	assert_non_null(strstr(xml, "<p>Nghị định này quy định<authorialNote eId=\"art_1__authorialNote_1\" "
		"marker=\"1\"><p>Theo Luật Nhà ở.</p></authorialNote> về nhà ở.<authorialNote"));
	assert_int_equal(dossier_akn_read(&back, "n.xml", xml, xlen, NULL, &err), 0);
	art = dossier_document_find(back, "art_1");
	assert_non_null(art);
	assert_string_equal(art->text[0], "Nghị định này quy định về nhà ở.");
	assert_int_equal(art->nnotes, 2);
	assert_string_equal(art->notes[0].text, "Theo Luật Nhà ở.");
	assert_int_equal(art->notes[0].at, strlen("Nghị định này quy định"));
	assert_string_equal(art->notes[1].marker, "2");
	assert_string_equal(art->notes[1].text, "Dòng một.\nDòng hai.");
	assert_int_equal(art->notes[1].at, strlen(art->text[0]));
	dossier_document_free(back);
	dossier_document_free(doc);
	free(xml);
	free(docx);
}

/* A table of three columns in an article is a table of the document and
 * an AKN <table>; read back, the same table. */
static void test_body_table(void **state)
{
	dossier_document *doc = NULL, *back = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_node *art;
	char *xml = NULL;
	size_t len, xlen, k;
	const char *want[] = { "STT", "Loại phí", "Mức thu", "1", "Cấp phép", "100.000 đồng", "2", "Gia hạn", "" };
	char *docx = make_docx(&len, "<w:p><w:r><w:t>Điều 1. Mức phí</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>Mức phí như sau:</w:t></w:r></w:p>"
		"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
		"<w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Loại phí</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>Mức thu</w:t></w:r></w:p></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Cấp phép</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>100.000 đồng</w:t></w:r></w:p></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Gia hạn</w:t></w:r></w:p></w:tc></w:tr>"
		"</w:tbl>"
		"<w:p><w:r><w:t>Điều 2. Hiệu lực</w:t></w:r></w:p><w:p><w:r><w:t>Có hiệu lực.</w:t></w:r></w:p>",
		NULL, NULL);

	(void)state;
	assert_int_equal(dossier_document_read(&doc, NULL, "t.docx", docx, len, NULL, &err), 0);
	art = dossier_document_find(doc, "art_1");
	assert_non_null(art);
	assert_int_equal(art->ntext, 2);
	assert_int_equal(art->ntables, 1);
	assert_int_equal(art->tables[0].para, 1);
	assert_int_equal(art->tables[0].nrows, 3);
	assert_int_equal(art->tables[0].ncols, 3);
	for (k = 0; k < 9; k++)
		assert_string_equal(art->tables[0].cells[k], want[k]);
	assert_string_equal(art->text[1], "STT | Loại phí | Mức thu\n1 | Cấp phép | 100.000 đồng\n2 | Gia hạn | ");
	assert_non_null(dossier_document_find(doc, "art_2"));

	assert_int_equal(dossier_akn_write(&xml, &xlen, doc, NULL, &err), 0);
	assert_non_null(strstr(xml, "<p>Mức phí như sau:</p>"));
	assert_non_null(strstr(strstr(xml, "<p>Mức phí như sau:</p>"), "<table>"));
	assert_non_null(strstr(xml, "<td>\n                <p>100.000 đồng</p>\n              </td>"));
	assert_null(strstr(xml, "Cấp phép | "));
	assert_int_equal(dossier_akn_read(&back, "t.xml", xml, xlen, NULL, &err), 0);
	art = dossier_document_find(back, "art_1");
	assert_non_null(art);
	assert_int_equal(art->ntext, 2);
	assert_int_equal(art->ntables, 1);
	assert_int_equal(art->tables[0].para, 1);
	assert_int_equal(art->tables[0].nrows, 3);
	assert_int_equal(art->tables[0].ncols, 3);
	for (k = 0; k < 9; k++)
		assert_string_equal(art->tables[0].cells[k], want[k]);
	dossier_document_free(back);
	dossier_document_free(doc);
	free(xml);
	free(docx);
}

/* Bad input: DOSSIER_EINVALID and a message that says what it is. */
static void refused(const char *data, size_t len, const char *want)
{
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_document_read(&doc, NULL, "bad.docx", data, len, NULL, &err), DOSSIER_EINVALID);
	assert_null(doc);
	if (!strstr(err.message, want))
		fail_msg("'%s' does not say '%s'", err.message, want);
	dossier_error_clear(&err);
}

static void test_bad_input(void **state)
{
	char ole[600] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	word_zip_out *z = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *zip, *big;
	size_t len;

	(void)state;
	refused(ole, sizeof(ole), "Word 97–2003 file: save it as .docx");
	memcpy(ole + 100, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
	refused(ole, sizeof(ole), "encrypted");
	refused("{\\rtf1 x}", 8, "RTF");
	refused("PK\3\4garbage that is no zip", 26, "not a readable zip archive");
	/* a zip without word/document.xml */
	assert_int_equal(word_zip_out_new(&z, &err), 0);
	assert_int_equal(word_zip_out_add(z, "hello.txt", "hi", 2, &err), 0);
	assert_int_equal(word_zip_out_finish(&zip, &len, z, &err), 0);
	refused(zip, len, "without 'word/document.xml'");
	free(zip);
	/* malformed XML */
	zip = make_docx(&len, "<w:p><w:r><w:t>x</w:r></w:p>", NULL, NULL);
	refused(zip, len, "not well-formed XML");
	free(zip);
	/* a bomb: 80 MiB of spaces deflate to almost nothing */
	big = malloc((size_t)80 << 20);
	assert_non_null(big);
	memset(big, ' ', (size_t)80 << 20);
	assert_int_equal(word_zip_out_new(&z, &err), 0);
	assert_int_equal(word_zip_out_add(z, "word/document.xml", big, (size_t)80 << 20, &err), 0);
	assert_int_equal(word_zip_out_finish(&zip, &len, z, &err), 0);
	free(big);
	refused(zip, len, "zip bomb");
	free(zip);
	/* UTF-16 without a byte-order mark */
	refused("\x43\0\x48\0\x49\0\x4e\0\x48\0\x20\0\x50\0\x48\0\x55\0", 18, "UTF-16");
}

static void test_utf16(void **state)
{
	static const char le[] = "\xFF\xFE" "\xD0\x1E\x69\0\x75\0\x20\0\x31\0\x2E\0\x20\0\x58\0\n\0";
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_input_kind kind;

	(void)state;
	/* "Điều 1. X" with the precomposed Đ (U+0110) and ề (U+1EC1) */
	{
		const char text[] = "\xFF\xFE\x10\x01\x69\0\xC1\x1E\x75\0\x20\0\x31\0\x2E\0\x20\0\x58\0\n\0";

		assert_int_equal(dossier_document_read(&doc, &kind, "u16.txt", text, sizeof(text) - 1, NULL,
			&err), 0);
		assert_int_equal(kind, DOSSIER_INPUT_UTF16);
		assert_int_equal(doc->body->nchildren, 1);
		assert_string_equal(doc->body->children[0]->num, "1");
		dossier_document_free(doc);
	}
	(void)le;
}

/* The same parts give the same bytes. */
static void test_zip_deterministic(void **state)
{
	size_t a_len, b_len;
	char *a = make_docx(&a_len, "<w:p/>", NULL, NULL), *b = make_docx(&b_len, "<w:p/>", NULL, NULL);

	(void)state;
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_automatic_numbering),
		cmocka_unit_test(test_letters_and_roman),
		cmocka_unit_test(test_style_numbering),
		cmocka_unit_test(test_fields_changes_hidden),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_heading_style_hint),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_body_table),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_zip_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
