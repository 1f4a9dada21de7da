/*
 * word_read.c: a .docx into the text Word shows, then through the legal
 * text parser (docs/word.md). The main part (found through _rels/.rels,
 * else word/document.xml) is walked once: a paragraph is one line, its
 * automatic number first (word_number.c, from the paragraph's w:numPr or
 * its style's); runs give their text, tabs and line breaks; a field gives
 * its result, never its code; a tracked insertion is taken and a deletion
 * dropped, and a warning says how many; hidden text and comments are not
 * body text; a footnote becomes a note of its provision, where its
 * reference stands. A table of at most two columns (the header beside the
 * issuer, the signature block beside "Nơi nhận") gives its cells'
 * paragraphs in reading order; a wider table becomes a table of its
 * provision. Notes and tables go through the parser as a private-use mark
 * each (DOSSIER_NOTE_MARK, DOSSIER_TABLE_MARK) and are put in place after
 * it. Heading styles are a hint: a paragraph Word styles
 * as a heading that the parser does not read as one is named in a warning.
 */
#include "dossier/word.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dossier/textparse.h"
#include "word/word_int.h"

typedef struct style {
	char *id;
	char *based_on;
	int num_id, ilvl;     /* -1 when the style has no numbering */
	int heading;          /* outline level + 1, or a "heading N"/"Title" name; 0: body text */
	char *name;
} style;

typedef struct field {
	int result;           /* past w:fldCharType="separate" */
} field;

typedef struct reader {
	const char *path;
	dossier_diags *diags;
	dossier_error *err;
	word_numbering *num;
	bool vie;
	style *styles;
	size_t nstyles;

	dstr out;             /* the whole text */
	dstr para;            /* the paragraph being read */
	unsigned line;        /* lines in out so far */
	int join_next;        /* the last paragraph's mark was deleted: the next one continues it */
	field fields[16];
	int nfields;          /* open fields (deeper ones are counted, not kept) */

	unsigned ins, del, comments, footnotes, endnotes;
	const akn_xml_node *fn_root;   /* word/footnotes.xml's w:footnotes, or NULL */
	char **note_markers, **note_texts;   /* the notes met, in order (DOSSIER_NOTE_MARK + index) */
	size_t nnotes;
	bool keep_notes;      /* the notes go into the document (not into dossier_docx_text) */
	char ***tables;       /* the wide tables met: cells, row by row (DOSSIER_TABLE_MARK + index) */
	size_t *trows, *tcols, ntables;
	unsigned *heading_lines;   /* lines of paragraphs styled as headings */
	char **heading_styles;
	size_t nheadings;
	int oom;
} reader;

static const char *wattr(const akn_xml_node *n, const char *name)
{
	const char *v = akn_xml_attr(n, WORD_NS_W, name);

	return v ? v : akn_xml_attr(n, WORD_NS_W_STRICT, name);
}

static bool wis(const akn_xml_node *n, const char *name)
{
	return akn_xml_is(n, WORD_NS_W, name) || akn_xml_is(n, WORD_NS_W_STRICT, name);
}

static const akn_xml_node *wchild(const akn_xml_node *n, const char *name)
{
	const akn_xml_node *c;

	for (c = akn_xml_child(n); c; c = akn_xml_next(c))
		if (wis(c, name))
			return c;
	return NULL;
}

static int int_attr(const akn_xml_node *n, const char *name, int dflt)
{
	const char *v = n ? wattr(n, name) : NULL;
	char *end;
	long l;

	if (!v)
		return dflt;
	l = strtol(v, &end, 10);
	return end == v || l < -1000000 || l > 1000000 ? dflt : (int)l;
}

/* A toggle property (w:b, w:vanish): present and not "0"/"false". */
static bool on(const akn_xml_node *n)
{
	const char *v;

	if (!n)
		return false;
	v = wattr(n, "val");
	return !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
}

/* ---- styles ------------------------------------------------------------- */

static int load_styles(reader *r, const akn_xml_doc *xml)
{
	const akn_xml_node *s;

	for (s = xml ? akn_xml_child(akn_xml_root(xml)) : NULL; s; s = akn_xml_next(s)) {
		const akn_xml_node *ppr, *np, *ol, *name, *based;
		style *st, *grown;
		const char *id = wattr(s, "styleId"), *type = wattr(s, "type");

		if (!wis(s, "style") || !id || (type && strcmp(type, "paragraph")))
			continue;
		if (!(grown = realloc(r->styles, (r->nstyles + 1) * sizeof(*grown))))
			return -1;
		r->styles = grown;
		st = &r->styles[r->nstyles++];
		memset(st, 0, sizeof(*st));
		st->num_id = st->ilvl = -1;
		name = wchild(s, "name");
		based = wchild(s, "basedOn");
		st->id = util_strdup(id);
		st->name = util_strdup(name && wattr(name, "val") ? wattr(name, "val") : id);
		st->based_on = based && wattr(based, "val") ? util_strdup(wattr(based, "val")) : NULL;
		if (!st->id || !st->name)
			return -1;
		if ((ppr = wchild(s, "pPr"))) {
			if ((np = wchild(ppr, "numPr"))) {
				st->num_id = int_attr(wchild(np, "numId"), "val", -1);
				st->ilvl = int_attr(wchild(np, "ilvl"), "val", 0);
			}
			if ((ol = wchild(ppr, "outlineLvl")) && int_attr(ol, "val", 9) < 9)
				st->heading = int_attr(ol, "val", 9) + 1;
		}
		if (!st->heading && (!strncasecmp(st->name, "heading ", 8) || !strcasecmp(st->name, "title")))
			st->heading = 1;
	}
	return 0;
}

static const style *find_style(const reader *r, const char *id)
{
	size_t i;

	for (i = 0; id && i < r->nstyles; i++)
		if (!strcmp(r->styles[i].id, id))
			return &r->styles[i];
	return NULL;
}

/* The numbering and heading level a style gives, through its w:basedOn chain. */
static void style_props(const reader *r, const char *id, int *num_id, int *ilvl, int *heading,
	const char **name)
{
	const style *s = find_style(r, id);
	int depth;

	if (name)
		*name = s ? s->name : NULL;
	for (depth = 0; s && depth < 32; depth++, s = find_style(r, s->based_on)) {
		if (*num_id < 0 && s->num_id >= 0) {
			*num_id = s->num_id;
			if (*ilvl < 0)
				*ilvl = s->ilvl;
		}
		if (!*heading && s->heading)
			*heading = s->heading;
	}
}

/* ---- text --------------------------------------------------------------- */

static int add_text(void *payload, const char *s, size_t len)
{
	reader *r = payload;

	return dstr_add(&r->para, s, len) < 0 ? -1 : 0;
}

static bool visible(const reader *r)
{
	int i;

	for (i = 0; i < r->nfields && i < 16; i++)
		if (!r->fields[i].result)
			return false;
	return true;
}

static void paragraph(reader *r, const akn_xml_node *p, dstr *into);

/* The footnote `id` of footnotes.xml as a note of the text: its mark in
 * the paragraph, its text and marker (Word numbers footnotes in order). */
static int footnote(reader *r, const char *id)
{
	const akn_xml_node *fn, *c;
	dstr saved = r->para, text = DSTR_INIT;
	char **m, **t, *marker;
	uint32_t cp = DOSSIER_NOTE_MARK + (uint32_t)r->nnotes;
	char mark[4];

	if (!r->keep_notes || !id || !r->fn_root || r->nnotes >= DOSSIER_NOTE_MAX)
		return -1;
	for (fn = akn_xml_child(r->fn_root); fn; fn = akn_xml_next(fn))
		if (wis(fn, "footnote") && wattr(fn, "id") && !strcmp(wattr(fn, "id"), id))
			break;
	if (!fn)
		return -1;
	r->para = (dstr)DSTR_INIT;
	for (c = akn_xml_child(fn); c; c = akn_xml_next(c)) {
		if (wis(c, "p")) {
			dstr one = DSTR_INIT;

			size_t b = 0, e;

			paragraph(r, c, &one);
			e = one.len;
			while (b < e && one.ptr[b] == ' ')
				b++;
			while (e > b && one.ptr[e - 1] == ' ')
				e--;
			if (e > b) {
				if (text.len)
					dstr_addc(&text, '\n');
				dstr_add(&text, one.ptr + b, e - b);
			}
			if (one.oom)
				r->oom = 1;
			dstr_free(&one);
		}
	}
	r->para = saved;
	marker = util_sprintf("%zu", r->nnotes + 1);
	m = realloc(r->note_markers, (r->nnotes + 1) * sizeof(*m));
	if (m)
		r->note_markers = m;
	t = m ? realloc(r->note_texts, (r->nnotes + 1) * sizeof(*t)) : NULL;
	if (t)
		r->note_texts = t;
	if (!marker || !m || !t || text.oom) {
		free(marker);
		dstr_free(&text);
		r->oom = 1;
		return 0;
	}
	r->note_markers[r->nnotes] = marker;
	r->note_texts[r->nnotes] = text.ptr ? dstr_detach(&text) : util_strdup("");
	if (!r->note_texts[r->nnotes])
		r->oom = 1;
	r->nnotes++;
	mark[0] = (char)(0xF0 | (cp >> 18));
	mark[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	mark[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	mark[3] = (char)(0x80 | (cp & 0x3F));
	dstr_add(&r->para, mark, 4);
	return 0;
}

static void run(reader *r, const akn_xml_node *run_el)
{
	const akn_xml_node *c, *rpr = wchild(run_el, "rPr");
	bool hidden = rpr && (on(wchild(rpr, "vanish")) || on(wchild(rpr, "webHidden")));

	for (c = akn_xml_child(run_el); c; c = akn_xml_next(c)) {
		if (wis(c, "fldChar")) {
			const char *t = wattr(c, "fldCharType");

			if (t && !strcmp(t, "begin")) {
				if (r->nfields < 16)
					r->fields[r->nfields].result = 0;
				r->nfields++;
			} else if (t && !strcmp(t, "separate") && r->nfields > 0 && r->nfields <= 16) {
				r->fields[r->nfields - 1].result = 1;
			} else if (t && !strcmp(t, "end") && r->nfields > 0) {
				r->nfields--;
			}
			continue;
		}
		if (wis(c, "footnoteReference")) {
			if (!hidden && visible(r) && footnote(r, wattr(c, "id")) == 0)
				continue;
			r->footnotes++;
			continue;
		}
		if (wis(c, "endnoteReference")) {
			r->endnotes++;
			continue;
		}
		if (wis(c, "commentReference")) {
			r->comments++;
			continue;
		}
		if (hidden || !visible(r))
			continue;
		if (wis(c, "t")) {
			akn_xml_text(c, add_text, r);
		} else if (wis(c, "tab") || wis(c, "ptab")) {
			dstr_addc(&r->para, '\t');
		} else if (wis(c, "br")) {
			const char *t = wattr(c, "type");

			dstr_addc(&r->para, t && (!strcmp(t, "page") || !strcmp(t, "column")) ? ' ' : '\n');
		} else if (wis(c, "cr")) {
			dstr_addc(&r->para, '\n');
		} else if (wis(c, "noBreakHyphen")) {
			dstr_addc(&r->para, '-');
		}
		/* w:instrText (field codes), w:delText, w:softHyphen, w:sym, drawings: not text */
	}
}

static void inline_content(reader *r, const akn_xml_node *n)
{
	const akn_xml_node *c;

	for (c = akn_xml_child(n); c; c = akn_xml_next(c)) {
		if (wis(c, "r")) {
			run(r, c);
		} else if (wis(c, "ins") || wis(c, "moveTo")) {
			r->ins++;
			inline_content(r, c);
		} else if (wis(c, "del") || wis(c, "moveFrom")) {
			r->del++;
		} else if (wis(c, "sdt")) {
			inline_content(r, wchild(c, "sdtContent"));
		} else if (wis(c, "hyperlink") || wis(c, "smartTag") || wis(c, "customXml") ||
			   wis(c, "fldSimple") || wis(c, "dir") || wis(c, "bdo")) {
			inline_content(r, c);
		}
	}
}

/* A line of the text (a paragraph), NUL-free by construction: XML cannot hold NUL. */
static void end_line(reader *r, const char *s, size_t len)
{
	dstr_add(&r->out, s, len);
	dstr_addc(&r->out, '\n');
	r->line++;
	for (size_t i = 0; i < len; i++)
		r->line += s[i] == '\n';
}

static void note_heading(reader *r, const char *style_name)
{
	unsigned *l = realloc(r->heading_lines, (r->nheadings + 1) * sizeof(*l));
	char **s = l ? realloc(r->heading_styles, (r->nheadings + 1) * sizeof(*s)) : NULL;

	if (l)
		r->heading_lines = l;
	if (!l || !s) {
		r->oom = 1;
		return;
	}
	r->heading_styles = s;
	r->heading_lines[r->nheadings] = r->line + 1;
	if (!(r->heading_styles[r->nheadings] = util_strdup(style_name ? style_name : "heading")))
		r->oom = 1;
	r->nheadings++;
}

/* The paragraph's text, its number first; into `into` (a cell of a wide table) or a line. */
static void paragraph(reader *r, const akn_xml_node *p, dstr *into)
{
	const akn_xml_node *ppr = wchild(p, "pPr"), *np, *ps, *rpr;
	int num_id = -1, ilvl = -1, heading = 0, mark_deleted = 0;
	const char *style_name = NULL;
	char *number = NULL;

	dstr_free(&r->para);
	if (ppr) {
		if ((np = wchild(ppr, "numPr"))) {
			num_id = int_attr(wchild(np, "numId"), "val", -1);
			ilvl = int_attr(wchild(np, "ilvl"), "val", -1);
		}
		if ((ps = wchild(ppr, "pStyle")))
			style_props(r, wattr(ps, "val"), &num_id, &ilvl, &heading, &style_name);
		if ((rpr = wchild(ppr, "rPr")) && wchild(rpr, "del"))
			mark_deleted = 1;
		if (heading && wchild(ppr, "outlineLvl") && int_attr(wchild(ppr, "outlineLvl"), "val", 9) >= 9)
			heading = 0;
	}
	if (ilvl < 0)
		ilvl = 0;
	if (num_id > 0 && !(number = word_numbering_next(r->num, num_id, ilvl, r->vie)))
		r->oom = 1;
	inline_content(r, p);
	if (r->para.oom)
		r->oom = 1;
	if (!into) {
		dstr line = DSTR_INIT;

		if (r->join_next && r->out.len && r->out.ptr[r->out.len - 1] == '\n') {
			r->out.len--;      /* continue the previous line */
			r->out.ptr[r->out.len] = 0;
			r->line--;
		}
		if (heading && !r->join_next)
			note_heading(r, style_name);
		if (number && *number) {
			dstr_adds(&line, number);
			if (r->para.len)
				dstr_addc(&line, ' ');
		}
		dstr_add(&line, r->para.ptr ? r->para.ptr : "", r->para.len);
		if (line.oom)
			r->oom = 1;
		end_line(r, line.ptr ? line.ptr : "", line.len);
		dstr_free(&line);
		r->join_next = mark_deleted;
	} else {
		if (into->len && r->para.len)
			dstr_addc(into, ' ');
		if (number && *number) {
			dstr_adds(into, number);
			dstr_addc(into, ' ');
		}
		for (size_t i = 0; i < r->para.len; i++)
			dstr_addc(into, r->para.ptr[i] == '\n' || r->para.ptr[i] == '\t' ? ' ' : r->para.ptr[i]);
	}
	free(number);
	dstr_free(&r->para);
}

static void blocks(reader *r, const akn_xml_node *n, dstr *into);

static size_t table_columns(const akn_xml_node *tbl)
{
	const akn_xml_node *grid = wchild(tbl, "tblGrid"), *c, *tr;
	size_t n = 0, best = 0;

	for (c = akn_xml_child(grid); c; c = akn_xml_next(c))
		n += wis(c, "gridCol");
	if (n)
		return n;
	for (tr = akn_xml_child(tbl); tr; tr = akn_xml_next(tr)) {
		if (!wis(tr, "tr"))
			continue;
		for (n = 0, c = akn_xml_child(tr); c; c = akn_xml_next(c))
			n += wis(c, "tc");
		best = n > best ? n : best;
	}
	return best;
}

/* A wide table of the body as a table of the document: its cells kept, a
 * line holding its mark in the text. */
static int keep_table(reader *r, const akn_xml_node *tbl)
{
	const akn_xml_node *tr, *tc;
	size_t rows = 0, cols = 0, i = 0, n;
	char **cells, ***tv;
	size_t *rv, *cv;
	uint32_t cp = DOSSIER_TABLE_MARK + (uint32_t)r->ntables;
	char mark[4];
	bool keep = r->keep_notes;

	if (!r->keep_notes || r->ntables >= DOSSIER_TABLE_MAX)
		return -1;
	for (tr = akn_xml_child(tbl); tr; tr = akn_xml_next(tr)) {
		if (!wis(tr, "tr"))
			continue;     /* tracked or wrapped rows: as lines (table()) */
		for (n = 0, tc = akn_xml_child(tr); tc; tc = akn_xml_next(tc))
			n += wis(tc, "tc");
		rows++;
		cols = n > cols ? n : cols;
	}
	for (tr = akn_xml_child(tbl); tr; tr = akn_xml_next(tr))
		if (wis(tr, "ins") || wis(tr, "sdt") || wis(tr, "customXml"))
			return -1;
	if (!rows || !cols || !(cells = calloc(rows * cols, sizeof(*cells)))) {
		r->oom |= rows && cols;
		return -1;
	}
	r->keep_notes = false;    /* a footnote in a cell is left out */
	for (tr = akn_xml_child(tbl); tr; tr = akn_xml_next(tr)) {
		size_t c = 0;

		if (!wis(tr, "tr"))
			continue;
		for (tc = akn_xml_child(tr); tc; tc = akn_xml_next(tc)) {
			dstr cell = DSTR_INIT;

			if (!wis(tc, "tc"))
				continue;
			dstr_add(&cell, "", 0);
			blocks(r, tc, &cell);
			if (cell.oom)
				r->oom = 1;
			cells[i * cols + c++] = dstr_detach(&cell);
		}
		for (; c < cols; c++)
			if (!(cells[i * cols + c] = util_strdup("")))
				r->oom = 1;
		i++;
	}
	r->keep_notes = keep;
	tv = realloc(r->tables, (r->ntables + 1) * sizeof(*tv));
	if (tv)
		r->tables = tv;
	rv = tv ? realloc(r->trows, (r->ntables + 1) * sizeof(*rv)) : NULL;
	if (rv)
		r->trows = rv;
	cv = rv ? realloc(r->tcols, (r->ntables + 1) * sizeof(*cv)) : NULL;
	if (cv)
		r->tcols = cv;
	if (!cv) {
		for (i = 0; i < rows * cols; i++)
			free(cells[i]);
		free(cells);
		r->oom = 1;
		return 0;
	}
	r->tables[r->ntables] = cells;
	r->trows[r->ntables] = rows;
	r->tcols[r->ntables] = cols;
	r->ntables++;
	mark[0] = (char)(0xF0 | (cp >> 18));
	mark[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	mark[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	mark[3] = (char)(0x80 | (cp & 0x3F));
	end_line(r, mark, 4);
	return 0;
}

static void table(reader *r, const akn_xml_node *tbl, dstr *into)
{
	const akn_xml_node *tr, *tc;
	bool wide = table_columns(tbl) > 2;

	if (wide && !into && keep_table(r, tbl) == 0)
		return;

	for (tr = akn_xml_child(tbl); tr; tr = akn_xml_next(tr)) {
		dstr row = DSTR_INIT;
		int first = 1;

		if (wis(tr, "ins") || wis(tr, "sdt") || wis(tr, "customXml")) {
			/* a tracked or wrapped row: its rows inside */
			const akn_xml_node *inner = wis(tr, "sdt") ? wchild(tr, "sdtContent") : tr;

			table(r, inner, into);
			continue;
		}
		if (!wis(tr, "tr"))
			continue;
		for (tc = akn_xml_child(tr); tc; tc = akn_xml_next(tc)) {
			if (wis(tc, "sdt"))
				tc = wchild(wchild(tc, "sdtContent"), "tc");
			if (!tc)
				break;
			if (!wis(tc, "tc"))
				continue;
			if (wide || into) {
				dstr cell = DSTR_INIT;

				blocks(r, tc, &cell);
				if (!first)
					dstr_adds(&row, " | ");
				dstr_add(&row, cell.ptr ? cell.ptr : "", cell.len);
				if (cell.oom)
					r->oom = 1;
				dstr_free(&cell);
			} else {
				blocks(r, tc, NULL);
			}
			first = 0;
		}
		if (wide || into) {
			if (into) {
				if (into->len && row.len)
					dstr_addc(into, ' ');
				dstr_add(into, row.ptr ? row.ptr : "", row.len);
			} else {
				end_line(r, row.ptr ? row.ptr : "", row.len);
			}
		}
		if (row.oom)
			r->oom = 1;
		dstr_free(&row);
	}
}

static void blocks(reader *r, const akn_xml_node *n, dstr *into)
{
	const akn_xml_node *c;

	for (c = akn_xml_child(n); c; c = akn_xml_next(c)) {
		if (wis(c, "p"))
			paragraph(r, c, into);
		else if (wis(c, "tbl"))
			table(r, c, into);
		else if (wis(c, "sdt"))
			blocks(r, wchild(c, "sdtContent"), into);
		else if (wis(c, "customXml") || wis(c, "ins") || wis(c, "moveTo"))
			blocks(r, c, into);
		else if (wis(c, "del") || wis(c, "moveFrom"))
			r->del++;
	}
}

/* ---- the parts ---------------------------------------------------------- */

static int read_xml(akn_xml_doc **out, word_zip *z, const char *path, const char *part,
	dossier_error *err)
{
	char *data = NULL, *where;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = word_zip_read(&data, &len, z, part, err)) < 0 || !data)
		return rc;
	if (!(where = util_sprintf("%s:%s", path, part))) {
		free(data);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	rc = akn_xml_parse(out, where, data, len, err);
	if (rc < 0)
		dossier_error_set_hint(err, "the Word document is damaged: open it in Word or "
			"LibreOffice and save it again as .docx");
	free(where);
	free(data);
	return rc;
}

/* The main part's name from the package relationships, else the usual one. */
static char *main_part(word_zip *z, const char *path, dossier_error *err)
{
	akn_xml_doc *rels = NULL;
	const akn_xml_node *c;
	char *name = NULL;

	if (read_xml(&rels, z, path, "_rels/.rels", err) < 0)
		return NULL;
	for (c = rels ? akn_xml_child(akn_xml_root(rels)) : NULL; c && !name; c = akn_xml_next(c)) {
		const char *type = akn_xml_attr(c, NULL, "Type"), *target = akn_xml_attr(c, NULL, "Target");
		size_t tl = type ? strlen(type) : 0;

		if (!target || tl < 15 || strcmp(type + tl - 15, "/officeDocument") != 0)
			continue;
		while (*target == '/')
			target++;
		name = util_strdup(target);
	}
	akn_xml_free(rels);
	if (!name)
		name = util_strdup("word/document.xml");
	if (!name)
		dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return name;
}

static bool looks_vietnamese(const char *data, size_t len)
{
	static const char *const marks[] = { "Điều", "ĐIỀU", "Chương", "CHƯƠNG", "Nghị định", "NGHỊ ĐỊNH",
		"khoản", "vi-VN", "ư", "ơ", "đ", "Đ" };
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(*marks); i++)
		if (word_memmem(data, len, marks[i], strlen(marks[i])))
			return true;
	return false;
}

static void reader_free(reader *r)
{
	size_t i;

	for (i = 0; i < r->nstyles; i++) {
		free(r->styles[i].id);
		free(r->styles[i].name);
		free(r->styles[i].based_on);
	}
	free(r->styles);
	for (i = 0; i < r->nheadings; i++)
		free(r->heading_styles[i]);
	free(r->heading_styles);
	free(r->heading_lines);
	word_numbering_free(r->num);
	for (i = 0; i < r->nnotes; i++) {
		free(r->note_markers[i]);
		free(r->note_texts[i]);
	}
	free(r->note_markers);
	free(r->note_texts);
	for (i = 0; i < r->ntables; i++) {
		for (size_t j = 0; j < r->trows[i] * r->tcols[i]; j++)
			free(r->tables[i][j]);
		free(r->tables[i]);
	}
	free(r->tables);
	free(r->trows);
	free(r->tcols);
	dstr_free(&r->out);
	dstr_free(&r->para);
}

static void warn(reader *r, const char *code, const char *fmt, unsigned n)
{
	if (r->diags && n)
		dossier_diags_add(r->diags, DOSSIER_SEVERITY_WARNING, code, r->path, 0, 0, fmt, n,
			n == 1 ? "" : "s");
}

static int read_docx(reader *r, const char *path, const char *data, size_t size, dossier_error *err)
{
	word_zip *z = NULL;
	akn_xml_doc *doc = NULL, *num = NULL, *sty = NULL, *fns = NULL;
	const akn_xml_node *root, *body;
	char *part = NULL, *raw = NULL;
	size_t rawlen = 0;
	bool has_styles;
	int rc;

	if ((rc = word_zip_open(&z, path, data, size, err)) < 0)
		return rc;
	if (!(part = main_part(z, path, err))) {
		rc = err->code ? err->code : DOSSIER_ENOMEM;
		goto done;
	}
	if ((rc = word_zip_read(&raw, &rawlen, z, part, err)) < 0)
		goto done;
	if (!raw) {
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0,
			"a zip archive without '%s': not a Word document", part);
		dossier_error_set_hint(err, "give a .docx saved by Word or LibreOffice, or the text saved "
			"as plain text (UTF-8)");
		goto done;
	}
	r->vie = looks_vietnamese(raw, rawlen);
	has_styles = word_memmem(raw, rawlen, ":pStyle ", 8) != NULL;
	{
		char *where = util_sprintf("%s:%s", path, part);

		if (!where) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		rc = akn_xml_parse(&doc, where, raw, rawlen, err);
		free(where);
		if (rc < 0) {
			dossier_error_set_hint(err, "the Word document is damaged: open it in Word or "
				"LibreOffice and save it again as .docx");
			goto done;
		}
	}
	free(raw);
	raw = NULL;
	/* Lettered lists in the Vietnamese alphabet when the text is Vietnamese
	 * (docs/word.md): its body or its numbering's texts say so. */
	if ((rc = word_zip_read(&raw, &rawlen, z, "word/numbering.xml", err)) < 0)
		goto done;
	if (raw && !r->vie)
		r->vie = looks_vietnamese(raw, rawlen);
	free(raw);
	raw = NULL;
	/* styles.xml is as large as the text in a document made from Word's or
	 * python-docx's template: it is read only when a paragraph names a style. */
	if ((rc = read_xml(&num, z, path, "word/numbering.xml", err)) < 0 ||
	    (has_styles && (rc = read_xml(&sty, z, path, "word/styles.xml", err)) < 0) ||
	    (rc = word_numbering_load(&r->num, num, err)) < 0)
		goto done;
	if (load_styles(r, sty) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	root = akn_xml_root(doc);
	if (!wis(root, "document") || !(body = wchild(root, "body"))) {
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0,
			"'%s' is not a WordprocessingML document (no w:document/w:body)", part);
		dossier_error_set_hint(err, "give a .docx saved by Word or LibreOffice");
		goto done;
	}
	if ((rc = read_xml(&fns, z, path, "word/footnotes.xml", err)) < 0)
		goto done;
	r->fn_root = fns && wis(akn_xml_root(fns), "footnotes") ? akn_xml_root(fns) : NULL;
	blocks(r, body, NULL);
	r->fn_root = NULL;
	if (r->oom || r->out.oom) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (r->ins || r->del) {
		if (r->diags) {
			dossier_diags_add(r->diags, DOSSIER_SEVERITY_WARNING, "word-tracked-changes", path, 0, 0,
				"the document has tracked changes: %u insertion%s taken, %u deletion%s dropped",
				r->ins, r->ins == 1 ? "" : "s", r->del, r->del == 1 ? "" : "s");
			dossier_diags_hint(r->diags, "accept or reject the changes in Word (Review) to be sure of the text");
		}
	}
	warn(r, "word-comments", "%u Word comment%s left out: they are not part of the text", r->comments);
	warn(r, "word-footnotes", "%u footnote%s left out of the provisions' text", r->footnotes);
	warn(r, "word-footnotes", "%u endnote%s left out of the provisions' text", r->endnotes);
done:
	free(raw);
	free(part);
	akn_xml_free(doc);
	akn_xml_free(num);
	akn_xml_free(sty);
	akn_xml_free(fns);
	word_zip_close(z);
	return rc;
}

int dossier_docx_text(char **out, size_t *len, const char *path, const char *data, size_t size,
	dossier_diags *diags, dossier_error *err)
{
	reader r;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.diags = diags;
	r.err = err;
	if ((rc = read_docx(&r, path, data, size, err)) == 0) {
		if (len)
			*len = r.out.len;
		*out = dstr_detach(&r.out);
	}
	reader_free(&r);
	return rc;
}

/* Lines where a node of the parsed document starts. */
struct starts {
	unsigned *lines;
	size_t n, cap;
};

static int collect_start(const dossier_node *n, void *payload)
{
	struct starts *s = payload;

	if (n->line && s->n < s->cap)
		s->lines[s->n++] = n->line;
	return 0;
}

static size_t count_nodes(const dossier_node *n)
{
	size_t c = 1, i;

	for (i = 0; i < n->nchildren; i++)
		c += count_nodes(n->children[i]);
	return c;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* The hint of the styles: a heading-styled paragraph of the body that the
 * parser took as text. */
static void check_headings(const reader *r, const dossier_document *doc, dossier_diags *diags)
{
	struct starts s = { NULL, 0, 0 };
	unsigned first = 0;
	size_t i;

	if (!diags || !r->nheadings || !doc->body)
		return;
	s.cap = count_nodes(doc->body);
	if (!(s.lines = calloc(s.cap, sizeof(*s.lines))))
		return;
	dossier_document_walk(doc, collect_start, &s);
	qsort(s.lines, s.n, sizeof(*s.lines), cmp_unsigned);
	first = s.n ? s.lines[0] : 0;
	for (i = 0; i < r->nheadings; i++) {
		unsigned l = r->heading_lines[i];

		if (!first || l < first || bsearch(&l, s.lines, s.n, sizeof(*s.lines), cmp_unsigned))
			continue;
		dossier_diags_add(diags, DOSSIER_SEVERITY_WARNING, "word-heading-style", r->path, l, 1,
			"paragraph in the heading style '%s' does not read as a heading: kept as text",
			r->heading_styles[i]);
		dossier_diags_hint(diags, "a heading reads \"Chương I\", \"Mục 1\" or \"Điều 5. Tên điều\" "
			"(docs/text-format.md)");
	}
	free(s.lines);
}

int word_read_docx(dossier_document **out, const char *path, const char *data, size_t size,
	dossier_diags *diags, dossier_error *err)
{
	reader r;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.diags = diags;
	r.err = err;
	r.keep_notes = true;
	if ((rc = read_docx(&r, path, data, size, err)) == 0 &&
	    (rc = dossier_text_parse(out, path, r.out.ptr ? r.out.ptr : "", r.out.len, diags, err)) == 0) {
		size_t dropped = 0;

		check_headings(&r, *out, diags);
		if ((rc = dossier_document_take_notes(*out, r.note_markers, r.note_texts, r.nnotes,
			&dropped)) < 0) {
			dossier_error_set(err, rc, "out of memory");
			dossier_document_free(*out);
			*out = NULL;
		} else if ((rc = dossier_document_take_tables(*out, r.tables, r.trows, r.tcols,
			r.ntables)) < 0) {
			dossier_error_set(err, rc, "out of memory");
			dossier_document_free(*out);
			*out = NULL;
		} else {
			warn(&r, "word-footnotes", "%u footnote%s outside a provision's text (a heading, the "
				"header or the signature block): left out", (unsigned)dropped);
		}
	}
	reader_free(&r);
	return rc;
}
