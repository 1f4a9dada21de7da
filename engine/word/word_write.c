/*
 * word_write.c: the WordprocessingML package our .docx files are made of
 * (docs/word.md): [Content_Types].xml, the relationships, styles.xml (Times
 * New Roman 14 pt by default, and the paragraph styles "Chương", "Mục" and
 * "Điều" with outline levels, so Word's navigation pane shows the
 * structure), settings.xml, a header with the page number centred from the
 * second page, comments.xml when a paragraph carries a Word comment, and
 * document.xml written through the AKN module's XML writer. Page: A4 with
 * the margins of Decree 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm,
 * right 15 mm). Nothing in the package depends on the clock or the machine:
 * no dates in the comments, no document properties, fixed zip timestamps.
 * The header and signature blocks of the decree layout are here too, as
 * the report and the comparison table share them.
 */
#include "word/word_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* A4 in twips, and the margins: 20 mm = 1134, 30 mm = 1701, 15 mm = 851. */
#define A4_SHORT 11906
#define A4_LONG 16838
#define MARGIN_TB 1134
#define MARGIN_LEFT 1701
#define MARGIN_RIGHT 851

struct word_doc {
	akn_xml_writer *w;
	akn_xml_writer *c;       /* comments.xml, from the first comment */
	char *author;
	unsigned ncomments;
	bool landscape;
	int cell_has_para[8];    /* per open table depth */
	int depth;
	int last_table;          /* the body's last element is a table */
	int fail;
	dossier_error cerr;
};

static void attr_u(akn_xml_writer *w, const char *name, long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", v);
	akn_xml_attr_set(w, name, buf);
}

/* <NAME w:val="VAL"/> */
static void val_el(akn_xml_writer *w, const char *name, const char *val)
{
	akn_xml_start(w, name);
	if (val)
		akn_xml_attr_set(w, "w:val", val);
	akn_xml_end(w);
}

static void val_el_u(akn_xml_writer *w, const char *name, long v)
{
	akn_xml_start(w, name);
	attr_u(w, "w:val", v);
	akn_xml_end(w);
}

int word_doc_new(word_doc **out, bool landscape, const char *comment_author, dossier_error *err)
{
	word_doc *d;
	int rc;

	*out = NULL;
	if (!(d = calloc(1, sizeof(*d))) ||
	    !(d->author = util_strdup(comment_author ? comment_author : "dossier"))) {
		free(d);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if ((rc = akn_xml_writer_new(&d->w, err)) < 0) {
		free(d->author);
		free(d);
		return rc;
	}
	d->landscape = landscape;
	akn_xml_start(d->w, "w:document");
	akn_xml_attr_set(d->w, "xmlns:w", WORD_NS_W);
	akn_xml_attr_set(d->w, "xmlns:r", NS_R);
	akn_xml_start(d->w, "w:body");
	*out = d;
	return 0;
}

void word_doc_free(word_doc *d)
{
	if (!d)
		return;
	akn_xml_writer_free(d->w);
	akn_xml_writer_free(d->c);
	free(d->author);
	dossier_error_clear(&d->cerr);
	free(d);
}

/* Text with its line breaks and tabs as Word's elements, inside the open run. */
static void run_text(akn_xml_writer *w, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\n\t");

		if (n) {
			akn_xml_start(w, "w:t");
			akn_xml_attr_set(w, "xml:space", "preserve");
			akn_xml_write_text(w, s, n);
			akn_xml_end(w);
		}
		s += n;
		if (*s == '\n')
			val_el(w, "w:br", NULL);
		else if (*s == '\t')
			val_el(w, "w:tab", NULL);
		if (*s)
			s++;
	}
}

static void run(akn_xml_writer *w, const word_pp *pp, const word_run *r)
{
	unsigned size = pp && pp->size ? pp->size : 0;

	akn_xml_start(w, "w:r");
	if (r->bold || r->italic || r->strike || r->underline || r->color || size || (pp && pp->shade)) {
		akn_xml_start(w, "w:rPr");
		if (r->bold) {
			val_el(w, "w:b", NULL);
			val_el(w, "w:bCs", NULL);
		}
		if (r->italic) {
			val_el(w, "w:i", NULL);
			val_el(w, "w:iCs", NULL);
		}
		if (r->strike)
			val_el(w, "w:strike", NULL);
		if (r->color)
			val_el(w, "w:color", r->color);
		if (size) {
			val_el_u(w, "w:sz", size);
			val_el_u(w, "w:szCs", size);
		}
		if (r->underline)
			val_el(w, "w:u", "single");
		if (pp && pp->shade) {
			akn_xml_start(w, "w:shd");
			akn_xml_attr_set(w, "w:val", "clear");
			akn_xml_attr_set(w, "w:color", "auto");
			akn_xml_attr_set(w, "w:fill", "FFF2CC");
			akn_xml_end(w);
		}
		akn_xml_end(w);
	}
	run_text(w, r->text);
	akn_xml_end(w);
}

static void para_props(akn_xml_writer *w, const word_pp *pp)
{
	int before = pp->before, after = pp->after;

	akn_xml_start(w, "w:pPr");
	if (pp->style)
		val_el(w, "w:pStyle", pp->style);
	if (pp->keep_next)
		val_el(w, "w:keepNext", NULL);
	if (pp->page_break_before)
		val_el(w, "w:pageBreakBefore", NULL);
	if (pp->rule) {
		akn_xml_start(w, "w:pBdr");
		akn_xml_start(w, "w:bottom");
		akn_xml_attr_set(w, "w:val", "single");
		akn_xml_attr_set(w, "w:sz", "6");
		akn_xml_attr_set(w, "w:space", "1");
		akn_xml_attr_set(w, "w:color", "000000");
		akn_xml_end(w);
		akn_xml_end(w);
	}
	if (before || after) {
		akn_xml_start(w, "w:spacing");
		if (before)
			attr_u(w, "w:before", before < 0 ? 0 : before);
		if (after)
			attr_u(w, "w:after", after < 0 ? 0 : after);
		akn_xml_end(w);
	}
	if (pp->first_line || pp->left || pp->right) {
		akn_xml_start(w, "w:ind");
		if (pp->left)
			attr_u(w, "w:left", pp->left);
		if (pp->right)
			attr_u(w, "w:right", pp->right);
		if (pp->first_line)
			attr_u(w, "w:firstLine", pp->first_line);
		akn_xml_end(w);
	}
	if (pp->align)
		val_el(w, "w:jc", pp->align);
	if (pp->rule) {
		akn_xml_start(w, "w:rPr");
		val_el_u(w, "w:sz", 4);
		akn_xml_end(w);
	}
	akn_xml_end(w);
}

static void add_comment(word_doc *d, unsigned id, const char *text)
{
	if (!d->c) {
		if (akn_xml_writer_new(&d->c, &d->cerr) < 0) {
			d->fail = 1;
			return;
		}
		akn_xml_start(d->c, "w:comments");
		akn_xml_attr_set(d->c, "xmlns:w", WORD_NS_W);
	}
	akn_xml_start(d->c, "w:comment");
	attr_u(d->c, "w:id", id);
	akn_xml_attr_set(d->c, "w:author", d->author);
	akn_xml_attr_set(d->c, "w:initials", "DS");
	while (text) {
		const char *nl = strchr(text, '\n');
		char *line = nl ? util_strndup(text, (size_t)(nl - text)) : NULL;
		word_run r = { nl ? line : text, false, false, false, false, NULL };

		if (nl && !line) {
			d->fail = 1;
			break;
		}
		akn_xml_start(d->c, "w:p");
		run(d->c, NULL, &r);
		akn_xml_end(d->c);
		free(line);
		text = nl ? nl + 1 : NULL;
	}
	akn_xml_end(d->c);
}

void word_para_runs(word_doc *d, const word_pp *pp, const word_run *runs, size_t n)
{
	static const word_pp plain;
	akn_xml_writer *w = d->w;
	unsigned id = 0;
	size_t i;

	if (!pp)
		pp = &plain;
	akn_xml_start(w, "w:p");
	para_props(w, pp);
	if (pp->comment) {
		id = d->ncomments++;
		akn_xml_start(w, "w:commentRangeStart");
		attr_u(w, "w:id", id);
		akn_xml_end(w);
	}
	for (i = 0; i < n; i++)
		if (runs[i].text && *runs[i].text)
			run(w, pp, &runs[i]);
	if (pp->comment) {
		akn_xml_start(w, "w:commentRangeEnd");
		attr_u(w, "w:id", id);
		akn_xml_end(w);
		akn_xml_start(w, "w:r");
		akn_xml_start(w, "w:commentReference");
		attr_u(w, "w:id", id);
		akn_xml_end(w);
		akn_xml_end(w);
		add_comment(d, id, pp->comment);
	}
	akn_xml_end(w);
	if (d->depth > 0)
		d->cell_has_para[d->depth - 1] = 1;
	else
		d->last_table = 0;
}

void word_para(word_doc *d, const word_pp *pp, const char *text)
{
	word_run r = { text, pp && pp->bold, pp && pp->italic, false, false, NULL };

	word_para_runs(d, pp, &r, 1);
}

void word_table_start(word_doc *d, const unsigned *widths, size_t ncols, bool borders)
{
	static const char *const sides[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
	akn_xml_writer *w = d->w;
	unsigned total = 0;
	size_t i;

	for (i = 0; i < ncols; i++)
		total += widths[i];
	akn_xml_start(w, "w:tbl");
	akn_xml_start(w, "w:tblPr");
	akn_xml_start(w, "w:tblW");
	attr_u(w, "w:w", total);
	akn_xml_attr_set(w, "w:type", "dxa");
	akn_xml_end(w);
	akn_xml_start(w, "w:tblBorders");
	for (i = 0; i < sizeof(sides) / sizeof(*sides); i++) {
		akn_xml_start(w, sides[i]);
		akn_xml_attr_set(w, "w:val", borders ? "single" : "nil");
		if (borders) {
			akn_xml_attr_set(w, "w:sz", "4");
			akn_xml_attr_set(w, "w:space", "0");
			akn_xml_attr_set(w, "w:color", "000000");
		}
		akn_xml_end(w);
	}
	akn_xml_end(w);
	akn_xml_start(w, "w:tblLayout");
	akn_xml_attr_set(w, "w:type", "fixed");
	akn_xml_end(w);
	akn_xml_end(w); /* tblPr */
	akn_xml_start(w, "w:tblGrid");
	for (i = 0; i < ncols; i++) {
		akn_xml_start(w, "w:gridCol");
		attr_u(w, "w:w", widths[i]);
		akn_xml_end(w);
	}
	akn_xml_end(w);
	if (d->depth < 8)
		d->depth++;
}

void word_row_start(word_doc *d, bool header)
{
	akn_xml_start(d->w, "w:tr");
	/* The header row repeats on every page and is never split; other rows
	 * may break across pages (an article longer than a page must). */
	if (header) {
		akn_xml_start(d->w, "w:trPr");
		val_el(d->w, "w:cantSplit", NULL);
		val_el(d->w, "w:tblHeader", NULL);
		akn_xml_end(d->w);
	}
}

void word_cell_start(word_doc *d, unsigned width, unsigned span, const char *fill)
{
	akn_xml_writer *w = d->w;

	akn_xml_start(w, "w:tc");
	akn_xml_start(w, "w:tcPr");
	akn_xml_start(w, "w:tcW");
	attr_u(w, "w:w", width);
	akn_xml_attr_set(w, "w:type", "dxa");
	akn_xml_end(w);
	if (span > 1)
		val_el_u(w, "w:gridSpan", span);
	if (fill) {
		akn_xml_start(w, "w:shd");
		akn_xml_attr_set(w, "w:val", "clear");
		akn_xml_attr_set(w, "w:color", "auto");
		akn_xml_attr_set(w, "w:fill", fill);
		akn_xml_end(w);
	}
	akn_xml_end(w);
	if (d->depth > 0)
		d->cell_has_para[d->depth - 1] = 0;
}

void word_cell_end(word_doc *d)
{
	/* A cell holds at least one paragraph. */
	if (d->depth > 0 && !d->cell_has_para[d->depth - 1]) {
		akn_xml_start(d->w, "w:p");
		akn_xml_end(d->w);
	}
	akn_xml_end(d->w);
}

void word_row_end(word_doc *d)
{
	akn_xml_end(d->w);
}

void word_table_end(word_doc *d)
{
	akn_xml_end(d->w);
	if (d->depth > 0)
		d->depth--;
	if (d->depth > 0)
		d->cell_has_para[d->depth - 1] = 0; /* a cell may not end with a table */
	else
		d->last_table = 1;
}

/* ---- the fixed parts ---------------------------------------------------- */

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"" CT "document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"" CT "styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"" CT "settings+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" ContentType=\"" CT "header+xml\"/>"
	"%s</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" REL "settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL "header\" Target=\"header1.xml\"/>"
	"%s</Relationships>";

#define FONT "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" " \
	"w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" WORD_NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" FONT "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"
	"<w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr>"
	"</w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
	"<w:qFormat/><w:rPr>" FONT "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
	"<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
	"<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Chuong\"><w:name w:val=\"Chương\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:spacing w:before=\"240\" w:after=\"0\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Muc\"><w:name w:val=\"Mục\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:spacing w:before=\"120\" w:after=\"0\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
	"<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Dieu\"><w:name w:val=\"Điều\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
	"<w:spacing w:before=\"120\"/><w:ind w:firstLine=\"567\"/><w:jc w:val=\"both\"/>"
	"<w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
	"<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
	"<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
	"<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
	"</w:styles>";

static const char settings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:settings xmlns:w=\"" WORD_NS_W "\"><w:defaultTabStop w:val=\"720\"/>"
	"<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	"w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";

static const char header[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:hdr xmlns:w=\"" WORD_NS_W "\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

static int add_fmt(word_zip_out *z, const char *name, const char *fmt, const char *arg, dossier_error *err)
{
	char *s = util_sprintf(fmt, arg);
	int rc;

	if (!s)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = word_zip_out_add(z, name, s, strlen(s), err);
	free(s);
	return rc;
}

int word_doc_finish(char **out, size_t *len, word_doc *d, dossier_error *err)
{
	akn_xml_writer *w = d->w;
	word_zip_out *z = NULL;
	char *doc = NULL, *com = NULL;
	size_t doc_len = 0, com_len = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (d->last_table) {
		akn_xml_start(w, "w:p");
		akn_xml_end(w);
	}
	akn_xml_start(w, "w:sectPr");
	akn_xml_start(w, "w:headerReference");
	akn_xml_attr_set(w, "w:type", "default");
	akn_xml_attr_set(w, "r:id", "rId3");
	akn_xml_end(w);
	akn_xml_start(w, "w:pgSz");
	attr_u(w, "w:w", d->landscape ? A4_LONG : A4_SHORT);
	attr_u(w, "w:h", d->landscape ? A4_SHORT : A4_LONG);
	if (d->landscape)
		akn_xml_attr_set(w, "w:orient", "landscape");
	akn_xml_end(w);
	akn_xml_start(w, "w:pgMar");
	attr_u(w, "w:top", MARGIN_TB);
	attr_u(w, "w:right", MARGIN_RIGHT);
	attr_u(w, "w:bottom", MARGIN_TB);
	attr_u(w, "w:left", MARGIN_LEFT);
	attr_u(w, "w:header", 567);
	attr_u(w, "w:footer", 567);
	attr_u(w, "w:gutter", 0);
	akn_xml_end(w);
	val_el(w, "w:titlePg", NULL);
	akn_xml_end(w); /* sectPr */
	d->w = NULL;
	if (d->fail) {
		rc = d->cerr.code ? (dossier_error_move(err, &d->cerr), err->code)
				  : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		akn_xml_writer_free(w);
		word_doc_free(d);
		return rc;
	}
	if ((rc = akn_xml_writer_finish(&doc, &doc_len, w, err)) < 0)
		goto done;
	if (d->c) {
		akn_xml_writer *c = d->c;

		d->c = NULL;
		if ((rc = akn_xml_writer_finish(&com, &com_len, c, err)) < 0)
			goto done;
	}
	if ((rc = word_zip_out_new(&z, err)) < 0 ||
	    (rc = add_fmt(z, "[Content_Types].xml", content_types, com ? "<Override "
		    "PartName=\"/word/comments.xml\" ContentType=\"" CT "comments+xml\"/>" : "", err)) < 0 ||
	    (rc = word_zip_out_add(z, "_rels/.rels", package_rels, strlen(package_rels), err)) < 0 ||
	    (rc = word_zip_out_add(z, "word/document.xml", doc, doc_len, err)) < 0 ||
	    (rc = add_fmt(z, "word/_rels/document.xml.rels", document_rels, com ? "<Relationship Id=\"rId4\" "
		    "Type=\"" REL "comments\" Target=\"comments.xml\"/>" : "", err)) < 0 ||
	    (rc = word_zip_out_add(z, "word/styles.xml", styles, strlen(styles), err)) < 0 ||
	    (rc = word_zip_out_add(z, "word/settings.xml", settings, strlen(settings), err)) < 0 ||
	    (rc = word_zip_out_add(z, "word/header1.xml", header, strlen(header), err)) < 0 ||
	    (com && (rc = word_zip_out_add(z, "word/comments.xml", com, com_len, err)) < 0))
		goto done;
	rc = word_zip_out_finish(out, len, z, err);
	z = NULL;
done:
	word_zip_out_free(z);
	free(doc);
	free(com);
	word_doc_free(d);
	return rc;
}

/* ---- the blocks of the decree layout ------------------------------------- */

char *word_place_date(const char *place, const char *iso, bool eng)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	unsigned y, m, day;

	if (!place)
		place = eng ? "Hanoi" : "Hà Nội";
	if (!iso || sscanf(iso, "%4u-%2u-%2u", &y, &m, &day) != 3 || m < 1 || m > 12)
		return eng ? util_sprintf("%s, … … 20…", place)
			   : util_sprintf("%s, ngày     tháng     năm 20…", place);
	if (eng)
		return util_sprintf("%s, %s %02u, %u", place, months[m - 1], day, y);
	/* Decree 30/2020: a day below 10 and the months 1 and 2 get a leading zero. */
	return util_sprintf(m <= 2 ? "%s, ngày %02u tháng %02u năm %u" : "%s, ngày %02u tháng %u năm %u",
		place, day, m, y);
}

void word_official_header(word_doc *d, unsigned width, const char *issuer, const char *number,
	const char *place_date, bool eng)
{
	unsigned left = width * 2 / 5, right = width - left;
	word_pp issuer_pp = { .align = "center", .bold = true, .size = WORD_SIZE_HEAD, .after = -1 };
	word_pp rule_left = { .align = "center", .rule = true, .left = (int)left / 3, .right = (int)left / 3,
		.after = 60 };
	word_pp rule_right = { .align = "center", .rule = true, .left = (int)right / 5, .right = (int)right / 5,
		.after = 60 };
	word_pp number_pp = { .align = "center", .size = WORD_SIZE_HEAD, .after = -1 };
	word_pp motto = { .align = "center", .bold = true, .size = WORD_SIZE_HEAD - 2, .after = -1 };
	word_pp slogan = { .align = "center", .bold = true, .size = WORD_SIZE_BODY, .after = -1 };
	word_pp date_pp = { .align = "center", .italic = true, .size = WORD_SIZE_BODY, .after = -1 };
	unsigned widths[2] = { left, right };
	char *num = NULL;

	word_table_start(d, widths, 2, false);
	word_row_start(d, false);
	word_cell_start(d, left, 1, NULL);
	word_para(d, &issuer_pp, issuer ? issuer : "");
	word_para(d, &rule_left, "");
	if (number && (num = util_sprintf("%s %s", eng ? "No.:" : "Số:", number)))
		word_para(d, &number_pp, num);
	free(num);
	word_cell_end(d);
	word_cell_start(d, right, 1, NULL);
	word_para(d, &motto, eng ? "SOCIALIST REPUBLIC OF VIETNAM" : "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	word_para(d, &slogan, eng ? "Independence - Freedom - Happiness" : "Độc lập - Tự do - Hạnh phúc");
	word_para(d, &rule_right, "");
	if (place_date)
		word_para(d, &date_pp, place_date);
	word_cell_end(d);
	word_row_end(d);
	word_table_end(d);
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

void word_signature(word_doc *d, unsigned width, char *const *lines, size_t n)
{
	unsigned left = width / 2, right = width - left;
	unsigned widths[2] = { left, right };
	word_pp heading = { .bold = true, .italic = true, .size = 24, .after = -1, .before = 240 };
	word_pp recipient = { .size = 22, .after = -1 };
	word_pp sign = { .align = "center", .bold = true, .after = -1, .before = 240 };
	word_pp sign_next = { .align = "center", .bold = true, .after = -1 };
	word_pp note = { .align = "center", .italic = true, .after = -1 };
	size_t i, rs = n, re = n;
	bool any = false;

	/* The recipients: from "Nơi nhận" through the lines starting with "-". */
	for (i = 0; i < n; i++) {
		if (starts(lines[i], "Nơi nhận") || starts(lines[i], "Recipients")) {
			rs = i;
			re = i + 1;
			while (re < n && (lines[re][0] == '-' || lines[re][0] == '+' || starts(lines[re], "Lưu") ||
				starts(lines[re], "•")))
				re++;
			break;
		}
	}
	word_table_start(d, widths, 2, false);
	word_row_start(d, false);
	word_cell_start(d, left, 1, NULL);
	for (i = rs; i < re; i++)
		word_para(d, i == rs ? &heading : &recipient, lines[i]);
	word_cell_end(d);
	word_cell_start(d, right, 1, NULL);
	for (i = 0; i < n; i++) {
		if (i >= rs && i < re)
			continue;
		word_para(d, lines[i][0] == '(' ? &note : any ? &sign_next : &sign, lines[i]);
		any = true;
	}
	word_cell_end(d);
	word_row_end(d);
	word_table_end(d);
}
