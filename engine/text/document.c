/*
 * document.c: the in-memory legal text tree (see dossier/document.h):
 * building and freeing nodes, deep copies, walking, NFC normalisation of
 * UTF-8 with utf8proc, eIds by the Akoma Ntoso naming convention, lookup,
 * "did you mean" candidates, human citations and a node's whole text.
 *
 * eIds: part_N, chp_N (chapters are numbered across the whole text),
 * chp_N__sec_M (sections restart in each chapter), art_N (articles are
 * numbered across the whole text), art_N__para_M, art_N__para_M__point_x
 * and annex_N for appendices. Roman numerals become Arabic, "đ" becomes
 * "dd", other characters outside [a-z0-9] become "-". docs/text-format.md
 * documents the rules.
 */
#include "dossier/document.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "text/text.h"
#include "base/util.h"

/* N_(): programs read the names (JSON); a message translates them. */
const char *dossier_node_kind_name(dossier_node_kind kind)
{
	switch (kind) {
	case DOSSIER_NODE_BODY: return N_("body");
	case DOSSIER_NODE_PART: return N_("part");
	case DOSSIER_NODE_CHAPTER: return N_("chapter");
	case DOSSIER_NODE_SECTION: return N_("section");
	case DOSSIER_NODE_ARTICLE: return N_("article");
	case DOSSIER_NODE_CLAUSE: return N_("clause");
	case DOSSIER_NODE_POINT: return N_("point");
	case DOSSIER_NODE_APPENDIX: return N_("appendix");
	case DOSSIER_NODE_ATTACHMENT: return N_("attachment");
	}
	return N_("unknown");
}

int dossier_document_new(dossier_document **out, dossier_lang lang)
{
	dossier_document *doc = calloc(1, sizeof(*doc));

	*out = NULL;
	if (!doc)
		return DOSSIER_ENOMEM;
	doc->lang = lang;
	if (dossier_node_new(&doc->body, NULL, DOSSIER_NODE_BODY, NULL, NULL) < 0) {
		free(doc);
		return DOSSIER_ENOMEM;
	}
	*out = doc;
	return 0;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void preface_release(dossier_preface *p)
{
	free(p->issuer);
	free(p->number);
	free(p->place);
	free(p->date);
	free(p->doc_type);
	free(p->title);
	free_strv(p->preamble, p->npreamble);
	free_strv(p->other, p->nother);
}

void dossier_document_free(dossier_document *doc)
{
	if (!doc)
		return;
	free(doc->kind);
	free(doc->work_date);
	preface_release(&doc->preface);
	dossier_node_free(doc->body);
	free_strv(doc->conclusions, doc->nconclusions);
	free(doc);
}


static int strv_copy(char ***dst, size_t *ndst, char *const *src, size_t n)
{
	size_t i;
	int rc;

	*dst = NULL;
	*ndst = 0;
	for (i = 0; i < n; i++)
		if ((rc = util_strv_add(dst, ndst, src[i])) < 0)
			return rc;
	return 0;
}

static int dup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = util_strdup(src);
	return *dst ? 0 : DOSSIER_ENOMEM;
}

int dossier_node_new(dossier_node **out, dossier_node *parent,
	dossier_node_kind kind, const char *num, const char *heading)
{
	dossier_node *n = calloc(1, sizeof(*n));

	*out = NULL;
	if (!n)
		return DOSSIER_ENOMEM;
	n->kind = kind;
	if (dup_opt(&n->num, num) < 0 || dup_opt(&n->heading, heading) < 0) {
		dossier_node_free(n);
		return DOSSIER_ENOMEM;
	}
	if (parent) {
		dossier_node **p = realloc(parent->children,
			(parent->nchildren + 1) * sizeof(*p));

		if (!p) {
			dossier_node_free(n);
			return DOSSIER_ENOMEM;
		}
		parent->children = p;
		p[parent->nchildren++] = n;
		n->parent = parent;
	}
	*out = n;
	return 0;
}

int dossier_node_add_text(dossier_node *node, const char *text)
{
	return util_strv_add(&node->text, &node->ntext, text);
}

void dossier_node_free(dossier_node *node)
{
	size_t i;

	if (!node)
		return;
	free(node->num);
	free(node->heading);
	free(node->eid);
	free_strv(node->text, node->ntext);
	free_strv(node->wrapup, node->nwrapup);
	for (i = 0; i < node->nnotes; i++) {
		free(node->notes[i].marker);
		free(node->notes[i].text);
	}
	free(node->notes);
	for (i = 0; i < node->ntables; i++)
		free_strv(node->tables[i].cells, node->tables[i].nrows * node->tables[i].ncols);
	free(node->tables);
	for (i = 0; i < node->nquotes; i++) {
		free(node->quotes[i].eid);
		dossier_node_free(node->quotes[i].body);
	}
	free(node->quotes);
	for (i = 0; i < node->nchildren; i++)
		dossier_node_free(node->children[i]);
	free(node->children);
	free(node);
}

int dossier_node_add_quote(dossier_node **body, dossier_node *node, size_t para)
{
	dossier_quote *v;
	dossier_node *b;
	int rc;

	*body = NULL;
	if ((rc = dossier_node_new(&b, NULL, DOSSIER_NODE_BODY, NULL, NULL)) < 0)
		return rc;
	v = realloc(node->quotes, (node->nquotes + 1) * sizeof(*v));
	if (!v) {
		dossier_node_free(b);
		return DOSSIER_ENOMEM;
	}
	node->quotes = v;
	memset(&v[node->nquotes], 0, sizeof(*v));
	v[node->nquotes].para = para;
	v[node->nquotes].body = b;
	node->nquotes++;
	*body = b;
	return 0;
}

char *dossier_quote_qstr_eid(const dossier_quote *q)
{
	return q && q->eid ? util_sprintf("%s__qstr_1", q->eid) : NULL;
}

int dossier_node_add_note(dossier_node *node, size_t para, size_t at,
	const char *marker, const char *text)
{
	dossier_note *v = realloc(node->notes, (node->nnotes + 1) * sizeof(*v)), *n;

	if (!v)
		return DOSSIER_ENOMEM;
	node->notes = v;
	n = &v[node->nnotes];
	n->para = para;
	n->at = at;
	n->marker = util_strdup(marker ? marker : "");
	n->text = util_strdup(text ? text : "");
	if (!n->marker || !n->text) {
		free(n->marker);
		free(n->text);
		return DOSSIER_ENOMEM;
	}
	node->nnotes++;
	return 0;
}

int dossier_node_add_table(dossier_node *node, size_t para, size_t nrows, size_t ncols,
	char *const *cells)
{
	dossier_table *v, *t;
	dstr text = DSTR_INIT;
	size_t r, c;
	int rc;

	if (ncols && nrows > SIZE_MAX / ncols / sizeof(char *))
		return DOSSIER_ENOMEM;
	if (!(v = realloc(node->tables, (node->ntables + 1) * sizeof(*v))))
		return DOSSIER_ENOMEM;
	node->tables = v;
	t = &v[node->ntables];
	t->para = para;
	t->nrows = nrows;
	t->ncols = ncols;
	if ((rc = strv_copy(&t->cells, &r, cells, nrows * ncols)) < 0)
		return rc;
	node->ntables++;
	dstr_add(&text, "", 0);
	for (r = 0; r < nrows; r++) {
		if (r)
			dstr_addc(&text, '\n');
		for (c = 0; c < ncols; c++) {
			if (c)
				dstr_adds(&text, " | ");
			dstr_adds(&text, cells[r * ncols + c] ? cells[r * ncols + c] : "");
		}
	}
	if (text.oom)
		return DOSSIER_ENOMEM;
	if (para < node->ntext) {
		free(node->text[para]);
		node->text[para] = dstr_detach(&text);
		return 0;
	}
	rc = util_strv_add(&node->text, &node->ntext, text.ptr);
	dstr_free(&text);
	return rc;
}

static size_t table_mark(const char *s, size_t n, size_t *k);

static int take_tables(dossier_node *node, char **const *cells, const size_t *nrows,
	const size_t *ncols, size_t n)
{
	size_t i, j, k, len;
	int rc;

	for (i = 0; i < node->ntext; i++) {
		len = strlen(node->text[i]);
		for (j = 0; j < len; j++)
			if (table_mark(node->text[i] + j, len - j, &k) && k < n) {
				if ((rc = dossier_node_add_table(node, i, nrows[k], ncols[k], cells[k])) < 0)
					return rc;
				break;
			}
	}
	for (i = 0; i < node->nchildren; i++)
		if ((rc = take_tables(node->children[i], cells, nrows, ncols, n)) < 0)
			return rc;
	return 0;
}

int dossier_document_take_tables(dossier_document *doc, char **const *cells,
	const size_t *nrows, const size_t *ncols, size_t n)
{
	return n && doc->body ? take_tables(doc->body, cells, nrows, ncols, n) : 0;
}

/* The length of the note mark at s (4 bytes), or 0; *k is its index. */
static size_t note_mark(const char *s, size_t n, size_t *k)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	if (n < 4 || u[0] != 0xF3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
	    (u[3] & 0xC0) != 0x80)
		return 0;
	cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
	     ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
	if (cp < DOSSIER_NOTE_MARK || cp >= DOSSIER_NOTE_MARK + DOSSIER_NOTE_MAX + DOSSIER_TABLE_MAX)
		return 0;
	*k = cp - DOSSIER_NOTE_MARK;
	return 4;
}

/* A mark of a table at s: its length, *k its index. */
static size_t table_mark(const char *s, size_t n, size_t *k)
{
	size_t m = note_mark(s, n, k);

	if (!m || *k < DOSSIER_NOTE_MAX)
		return 0;
	*k -= DOSSIER_NOTE_MAX;
	return m;
}

/* Takes the marks out of s in place; with node, each becomes a note of
 * paragraph `para`. */
static int take_marks(char *s, dossier_node *node, size_t para, char *const *markers,
	char *const *texts, size_t n, size_t *dropped)
{
	size_t i = 0, o = 0, len = s ? strlen(s) : 0, k, m;
	int rc;

	while (i < len) {
		if ((m = note_mark(s + i, len - i, &k)) && k >= DOSSIER_NOTE_MAX) {
			s[o++] = s[i++];     /* a table's, dossier_document_take_tables() */
			continue;
		}
		if (m) {
			if (node && k < n) {
				if ((rc = dossier_node_add_note(node, para, o, markers[k], texts[k])) < 0)
					return rc;
			} else {
				(*dropped)++;
			}
			i += m;
			continue;
		}
		s[o++] = s[i++];
	}
	if (s)
		s[o] = 0;
	return 0;
}

static int take_notes(dossier_node *node, char *const *markers, char *const *texts, size_t n,
	size_t *dropped)
{
	size_t i;
	int rc;

	if ((rc = take_marks(node->num, NULL, 0, markers, texts, n, dropped)) < 0 ||
	    (rc = take_marks(node->heading, NULL, 0, markers, texts, n, dropped)) < 0)
		return rc;
	for (i = 0; i < node->ntext; i++)
		if ((rc = take_marks(node->text[i], node, i, markers, texts, n, dropped)) < 0)
			return rc;
	for (i = 0; i < node->nwrapup; i++)
		if ((rc = take_marks(node->wrapup[i], NULL, 0, markers, texts, n, dropped)) < 0)
			return rc;
	for (i = 0; i < node->nchildren; i++)
		if ((rc = take_notes(node->children[i], markers, texts, n, dropped)) < 0)
			return rc;
	return 0;
}

int dossier_document_take_notes(dossier_document *doc, char *const *markers,
	char *const *texts, size_t n, size_t *dropped)
{
	dossier_preface *p = &doc->preface;
	char **one[] = { &p->issuer, &p->number, &p->place, &p->date, &p->doc_type, &p->title };
	size_t i, d = 0;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof(one) / sizeof(one[0]); i++)
		rc = take_marks(*one[i], NULL, 0, markers, texts, n, &d);
	for (i = 0; rc == 0 && i < p->npreamble; i++)
		rc = take_marks(p->preamble[i], NULL, 0, markers, texts, n, &d);
	for (i = 0; rc == 0 && i < p->nother; i++)
		rc = take_marks(p->other[i], NULL, 0, markers, texts, n, &d);
	for (i = 0; rc == 0 && i < doc->nconclusions; i++)
		rc = take_marks(doc->conclusions[i], NULL, 0, markers, texts, n, &d);
	if (rc == 0 && doc->body)
		rc = take_notes(doc->body, markers, texts, n, &d);
	if (dropped)
		*dropped = d;
	return rc;
}

static int node_clone(dossier_node **out, const dossier_node *src, dossier_node *parent)
{
	dossier_node *n;
	size_t i;
	int rc;

	if ((rc = dossier_node_new(&n, parent, src->kind, src->num, src->heading)) < 0)
		return rc;
	*out = n;
	n->line = src->line;
	n->column = src->column;
	if ((rc = dup_opt(&n->eid, src->eid)) < 0 ||
	    (rc = strv_copy(&n->text, &n->ntext, src->text, src->ntext)) < 0 ||
	    (rc = strv_copy(&n->wrapup, &n->nwrapup, src->wrapup, src->nwrapup)) < 0)
		return rc;
	for (i = 0; i < src->nnotes; i++)
		if ((rc = dossier_node_add_note(n, src->notes[i].para, src->notes[i].at,
			src->notes[i].marker, src->notes[i].text)) < 0)
			return rc;
	for (i = 0; i < src->ntables; i++)
		if ((rc = dossier_node_add_table(n, src->tables[i].para, src->tables[i].nrows,
			src->tables[i].ncols, src->tables[i].cells)) < 0)
			return rc;
	for (i = 0; i < src->nquotes; i++) {
		dossier_node *b, *copy;
		size_t j;

		if ((rc = dossier_node_add_quote(&b, n, src->quotes[i].para)) < 0 ||
		    (rc = dup_opt(&n->quotes[i].eid, src->quotes[i].eid)) < 0)
			return rc;
		if ((rc = node_clone(&copy, src->quotes[i].body, NULL)) < 0)
			return rc;
		/* the copy's children and text into the quotation's own root */
		dossier_node_free(b);
		n->quotes[i].body = copy;
		for (j = 0; j < copy->nchildren; j++)
			copy->children[j]->parent = copy;
	}
	for (i = 0; i < src->nchildren; i++) {
		dossier_node *child;

		if ((rc = node_clone(&child, src->children[i], n)) < 0)
			return rc;
	}
	return 0;
}

int text_node_clone(dossier_node **out, const dossier_node *src, dossier_node *parent)
{
	int rc = node_clone(out, src, parent);

	if (rc < 0 && *out && !parent) {
		dossier_node_free(*out);
		*out = NULL;
	}
	return rc;
}

int dossier_document_clone(dossier_document **out, const dossier_document *doc)
{
	dossier_document *d = calloc(1, sizeof(*d));
	const dossier_preface *p = &doc->preface;
	int rc;

	*out = NULL;
	if (!d)
		return DOSSIER_ENOMEM;
	d->lang = doc->lang;
	if ((rc = dup_opt(&d->kind, doc->kind)) < 0 || (rc = dup_opt(&d->work_date, doc->work_date)) < 0 ||
	    (rc = dup_opt(&d->preface.issuer, p->issuer)) < 0 ||
	    (rc = dup_opt(&d->preface.number, p->number)) < 0 ||
	    (rc = dup_opt(&d->preface.place, p->place)) < 0 ||
	    (rc = dup_opt(&d->preface.date, p->date)) < 0 ||
	    (rc = dup_opt(&d->preface.doc_type, p->doc_type)) < 0 ||
	    (rc = dup_opt(&d->preface.title, p->title)) < 0 ||
	    (rc = strv_copy(&d->preface.preamble, &d->preface.npreamble, p->preamble, p->npreamble)) < 0 ||
	    (rc = strv_copy(&d->preface.other, &d->preface.nother, p->other, p->nother)) < 0 ||
	    (rc = strv_copy(&d->conclusions, &d->nconclusions, doc->conclusions, doc->nconclusions)) < 0)
		goto fail;
	if (doc->body && (rc = node_clone(&d->body, doc->body, NULL)) < 0)
		goto fail;
	*out = d;
	return 0;
fail:
	dossier_document_free(d);
	return rc;
}

static int walk_node(const dossier_node *n, dossier_node_visit_fn fn, void *payload)
{
	size_t i;
	int rc;

	if ((rc = fn(n, payload)) != 0)
		return rc;
	for (i = 0; i < n->nchildren; i++)
		if ((rc = walk_node(n->children[i], fn, payload)) != 0)
			return rc;
	return 0;
}

int dossier_document_walk(const dossier_document *doc, dossier_node_visit_fn fn, void *payload)
{
	if (!doc || !doc->body)
		return 0;
	return walk_node(doc->body, fn, payload);
}

static int walk_all(const dossier_node *n, dossier_node_visit_fn fn, void *payload, int self)
{
	size_t i;
	int rc;

	if (self && (rc = fn(n, payload)) != 0)
		return rc;
	for (i = 0; i < n->nquotes; i++)
		if ((rc = walk_all(n->quotes[i].body, fn, payload, 0)) != 0)
			return rc;
	for (i = 0; i < n->nchildren; i++)
		if ((rc = walk_all(n->children[i], fn, payload, 1)) != 0)
			return rc;
	return 0;
}

int dossier_document_walk_all(const dossier_document *doc, dossier_node_visit_fn fn, void *payload)
{
	if (!doc || !doc->body)
		return 0;
	return walk_all(doc->body, fn, payload, 1);
}

bool text_has_provisions(const dossier_document *doc)
{
	const dossier_node *b = doc ? doc->body : NULL;
	size_t i;

	if (!b)
		return false;
	if (b->nchildren)
		return true;
	for (i = 0; i < b->ntext; i++)
		if (b->text[i] && strspn(b->text[i], " \t\n\r\x7f") < strlen(b->text[i]))
			return true;
	for (i = 0; i < b->nwrapup; i++)
		if (b->wrapup[i] && strspn(b->wrapup[i], " \t\n\r\x7f") < strlen(b->wrapup[i]))
			return true;
	return false;
}

/* ---- eIds ---- */

/* Value of a Roman numeral, or 0 when s is not one. */
static unsigned roman_value(const char *s)
{
	unsigned total = 0, prev = 1000000;
	size_t i;

	if (!*s)
		return 0;
	for (i = 0; s[i]; i++) {
		unsigned v;

		switch (toupper((unsigned char)s[i])) {
		case 'I': v = 1; break;
		case 'V': v = 5; break;
		case 'X': v = 10; break;
		case 'L': v = 50; break;
		case 'C': v = 100; break;
		case 'D': v = 500; break;
		case 'M': v = 1000; break;
		default: return 0;
		}
		if (v > prev)
			total += v - 2 * prev;
		else
			total += v;
		prev = v;
	}
	return total;
}

static const struct { const char *word; unsigned value; } ordinals[] = {
	{ "thứ nhất", 1 }, { "thứ hai", 2 }, { "thứ ba", 3 }, { "thứ tư", 4 },
	{ "thứ năm", 5 }, { "thứ sáu", 6 }, { "thứ bảy", 7 }, { "thứ tám", 8 },
	{ "thứ chín", 9 }, { "thứ mười", 10 },
	{ "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 },
	{ "six", 6 }, { "seven", 7 }, { "eight", 8 }, { "nine", 9 }, { "ten", 10 },
	{ "first", 1 }, { "second", 2 }, { "third", 3 }, { "fourth", 4 },
	{ "fifth", 5 }, { "sixth", 6 }, { "seventh", 7 }, { "eighth", 8 },
	{ "ninth", 9 }, { "tenth", 10 },
};

unsigned text_num_value(const char *num)
{
	size_t i;
	char *end;
	unsigned long v;

	if (!num || !*num)
		return 0;
	if (isdigit((unsigned char)num[0])) {
		v = strtoul(num, &end, 10);
		return *end ? 0 : (unsigned)v;
	}
	if ((v = roman_value(num)) != 0)
		return (unsigned)v;
	for (i = 0; i < sizeof(ordinals) / sizeof(ordinals[0]); i++)
		if (strcasecmp(num, ordinals[i].word) == 0 ||
		    (strncmp(ordinals[i].word, "thứ ", strlen("thứ ")) == 0 &&
		     strcmp(num, ordinals[i].word + strlen("thứ ")) == 0))
			return ordinals[i].value;
	return 0;
}

int text_num_has_alnum(const char *num)
{
	const unsigned char *p;

	for (p = (const unsigned char *)(num ? num : ""); *p; p++)
		if (isalnum(*p) || *p == 0xC4)
			return 1;
	return 0;
}

/* Whether a unit's number names its eId: it has a letter or digit (not
 * "#", LEOS's placeholder) and is short enough that the eIds of its
 * provisions stay within DOSSIER_AKN_EID_MAX at any depth. Real numbers
 * ("5", "7AB", "thứ nhất", "đ") are a few bytes; a longer one is named by
 * its position, as an unnumbered unit is. */
static int eid_numbered(const char *num)
{
	return text_num_has_alnum(num) && strlen(num) <= TEXT_EID_NUM_MAX;
}

/* The eId form of a number: Roman and ordinals to Arabic for containers,
 * lower case, đ -> dd, anything else outside [a-z0-9] -> '-'. */
static void eid_num(dstr *s, const dossier_node *n, size_t position)
{
	const unsigned char *p;
	unsigned v;
	int last_dash = 0;

	if (!eid_numbered(n->num)) {
		/* no number, none but "#" (LEOS's placeholder), or one too long
		 * for an eId: the position */
		dstr_addf(s, "%zu", position);
		return;
	}
	if (n->kind == DOSSIER_NODE_PART || n->kind == DOSSIER_NODE_CHAPTER ||
	    n->kind == DOSSIER_NODE_SECTION || n->kind == DOSSIER_NODE_APPENDIX ||
	    n->kind == DOSSIER_NODE_ARTICLE || n->kind == DOSSIER_NODE_CLAUSE) {
		if ((v = text_num_value(n->num)) != 0 &&
		    !(n->kind == DOSSIER_NODE_ARTICLE && !isdigit((unsigned char)n->num[0]))) {
			dstr_addf(s, "%u", v);
			return;
		}
	}
	for (p = (const unsigned char *)n->num; *p; p++) {
		if (p[0] == 0xC4 && (p[1] == 0x91 || p[1] == 0x90)) { /* đ Đ */
			dstr_adds(s, "dd");
			p++;
			last_dash = 0;
		} else if (isalnum(*p)) {
			dstr_addc(s, (char)tolower(*p));
			last_dash = 0;
		} else if (!last_dash) {
			dstr_addc(s, '-');
			last_dash = 1;
		}
	}
}

const char *text_eid_prefix(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_PART: return "part";
	case DOSSIER_NODE_CHAPTER: return "chp";
	case DOSSIER_NODE_SECTION: return "sec";
	case DOSSIER_NODE_ARTICLE: return "art";
	case DOSSIER_NODE_CLAUSE: return "para";
	case DOSSIER_NODE_POINT: return "point";
	case DOSSIER_NODE_APPENDIX: return "annex";
	case DOSSIER_NODE_ATTACHMENT: return "att";
	default: return "";
	}
}

struct eid_ctx {
	const char *root;  /* the eId provisions numbered across the text start with: a quotation's */
	const char *path;
	dossier_diags *diags;
	dossier_error *err;
	size_t nseen;
	size_t dups;
	int oom;
	/* 1: naming all but the unnumbered parts, chapters, sections and
	 * articles ("Part #", "Article"), which take what is left in pass 2;
	 * 0: everything at once (a quotation's text) */
	int pass;
	/* Small open-addressing hash over eIds for large documents. */
	const dossier_node **table;
	size_t tcap;
};

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static const dossier_node *table_insert(struct eid_ctx *c, const dossier_node *n)
{
	size_t i;

	if (c->nseen * 2 + 2 > c->tcap) {
		size_t cap = c->tcap ? c->tcap * 2 : 256, j;
		const dossier_node **t = calloc(cap, sizeof(*t));

		if (!t) {
			c->oom = 1;
			return NULL;
		}
		for (j = 0; j < c->tcap; j++) {
			if (!c->table[j])
				continue;
			i = hash_str(c->table[j]->eid) & (cap - 1);
			while (t[i])
				i = (i + 1) & (cap - 1);
			t[i] = c->table[j];
		}
		free(c->table);
		c->table = t;
		c->tcap = cap;
	}
	i = hash_str(n->eid) & (c->tcap - 1);
	while (c->table[i]) {
		if (strcmp(c->table[i]->eid, n->eid) == 0)
			return c->table[i];
		i = (i + 1) & (c->tcap - 1);
	}
	c->table[i] = n;
	c->nseen++;
	return NULL;
}

static const char *node_label_vie(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_PART: return "Phần";
	case DOSSIER_NODE_CHAPTER: return "Chương";
	case DOSSIER_NODE_SECTION: return "Mục";
	case DOSSIER_NODE_ARTICLE: return "Điều";
	case DOSSIER_NODE_CLAUSE: return "khoản";
	case DOSSIER_NODE_POINT: return "điểm";
	case DOSSIER_NODE_APPENDIX: return "Phụ lục";
	case DOSSIER_NODE_ATTACHMENT: return "Văn bản kèm theo";
	default: return "";
	}
}

static void assign_quotes(struct eid_ctx *c, dossier_node *n);

/* c->root is the eId everything numbered across the whole text is named
 * under: a quotation's quotedStructure, an attachment (att_1__art_5). */
static void assign_node(struct eid_ctx *c, dossier_node *n, const char *container)
{
	size_t i, counts[DOSSIER_NODE_ATTACHMENT + 1] = { 0 };

	for (i = 0; i < n->nchildren && !c->oom; i++) {
		dossier_node *ch = n->children[i];
		dstr s = DSTR_INIT;
		const dossier_node *other;
		const char *scope = container;

		counts[ch->kind]++;
		{
			int placeholder = ch->kind >= DOSSIER_NODE_PART && ch->kind <= DOSSIER_NODE_ARTICLE &&
				!eid_numbered(ch->num);

			if (c->pass == 1 && placeholder)
				continue;
			if (c->pass == 2 && !placeholder) {
				const char *saved = c->root;

				if (ch->kind == DOSSIER_NODE_ATTACHMENT)
					c->root = ch->eid;
				assign_node(c, ch, ch->eid);
				c->root = saved;
				continue;
			}
		}
		/* Articles, chapters, parts and appendices are numbered across the
		 * whole text; sections within their chapter; clauses and points
		 * within their parent. */
		switch (ch->kind) {
		case DOSSIER_NODE_PART:
		case DOSSIER_NODE_CHAPTER:
		case DOSSIER_NODE_ARTICLE:
		case DOSSIER_NODE_APPENDIX:
		case DOSSIER_NODE_ATTACHMENT:
			scope = c->root;
			break;
		case DOSSIER_NODE_SECTION:
			scope = n->kind == DOSSIER_NODE_CHAPTER ? n->eid : c->root;
			break;
		default:
			scope = n->kind == DOSSIER_NODE_BODY || n->kind == DOSSIER_NODE_ATTACHMENT ?
				c->root : n->eid;
			break;
		}
		if (scope && *scope)
			dstr_addf(&s, "%s__", scope);
		dstr_addf(&s, "%s_", text_eid_prefix(ch->kind));
		eid_num(&s, ch, counts[ch->kind]);
		if (s.oom) {
			c->oom = 1;
			dstr_free(&s);
			return;
		}
		free(ch->eid);
		ch->eid = dstr_detach(&s);
		other = table_insert(c, ch);
		if (other && !eid_numbered(ch->num)) {
			/* "Part #" after "Part 1": the position is taken, so a suffix */
			char *base = ch->eid, *e = NULL;
			unsigned k;

			for (k = 2; other && !c->oom; k++) {
				free(e);
				if (!(e = util_sprintf("%s-%u", base, k)))
					c->oom = 1;
				else {
					ch->eid = e;
					other = table_insert(c, ch);
				}
			}
			free(base);
			if (c->oom)
				return;
		}
		if (c->oom)
			return;
		if (other) {
			c->dups++;
			if (c->diags)
				dossier_diags_add(c->diags, DOSSIER_SEVERITY_ERROR, "duplicate-number",
					c->path, ch->line, ch->column ? ch->column : 1,
					"%s %s on line %u repeats the number of line %u (both would be '%s')",
					node_label_vie(ch->kind), ch->num ? ch->num : "", ch->line,
					other->line, ch->eid);
			if (c->dups == 1)
				dossier_error_set_at(c->err, DOSSIER_EINVALID, c->path, ch->line, ch->column ? ch->column : 1,
					"%s %s on line %u repeats the number of line %u (both would be '%s')",
					node_label_vie(ch->kind), ch->num ? ch->num : "", ch->line,
					other->line, ch->eid);
		}
		{
			/* what an unnumbered unit holds is named with it, in pass 2 */
			int saved_pass = c->pass;

			if (c->pass == 2)
				c->pass = 0;
			if (ch->kind == DOSSIER_NODE_ATTACHMENT) {
				/* an attached text is numbered within itself, under its eId */
				const char *saved = c->root;

				c->root = ch->eid;
				assign_node(c, ch, ch->eid);
				assign_quotes(c, ch);
				c->root = saved;
			} else {
				assign_node(c, ch, ch->eid);
				assign_quotes(c, ch);
			}
			c->pass = saved_pass;
		}
	}
}

/* A quotation's eId is its provision's, "__mod_", its position; what it
 * quotes is numbered as a text of its own under its quotedStructure's. */
static void assign_quotes(struct eid_ctx *c, dossier_node *n)
{
	const char *saved = c->root;
	int saved_pass = c->pass;
	size_t i;

	c->pass = 0;    /* a quotation is named in one go */
	for (i = 0; i < n->nquotes && !c->oom; i++) {
		dossier_quote *q = &n->quotes[i];
		char *qstr;

		free(q->eid);
		q->eid = n->eid || saved ? util_sprintf("%s__mod_%zu", n->eid ? n->eid : saved, i + 1) :
			util_sprintf("mod_%zu", i + 1);
		qstr = dossier_quote_qstr_eid(q);
		if (!q->eid || !qstr) {
			free(qstr);
			c->oom = 1;
			return;
		}
		c->root = qstr;
		assign_node(c, q->body, qstr);
		assign_quotes(c, q->body);
		c->root = saved;
		free(qstr);
	}
	c->pass = saved_pass;
}

int dossier_document_assign_eids(dossier_document *doc, const char *path,
	dossier_diags *diags, dossier_error *err)
{
	struct eid_ctx c;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.diags = diags;
	c.err = err;
	free(doc->body->eid);
	doc->body->eid = NULL;
	c.pass = 1;
	assign_node(&c, doc->body, NULL);
	assign_quotes(&c, doc->body);
	c.pass = 2;
	assign_node(&c, doc->body, NULL);
	free(c.table);
	if (c.oom)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return c.dups ? DOSSIER_EINVALID : 0;
}

static int find_visit(const dossier_node *n, void *payload)
{
	const void **p = payload;

	if (n->eid && strcmp(n->eid, (const char *)p[0]) == 0) {
		p[1] = n;
		return 1;
	}
	return 0;
}

/* The provisions inside quotations too: a comment may name one. */
static const dossier_node *find_quoted(const dossier_node *n, const char *eid)
{
	const dossier_node *r;
	size_t i;

	for (i = 0; i < n->nquotes; i++) {
		const void *p[2] = { eid, NULL };
		size_t len = strlen(n->quotes[i].eid);

		if (strncmp(eid, n->quotes[i].eid, len) || strncmp(eid + len, "__", 2))
			continue;
		walk_node(n->quotes[i].body, find_visit, p);
		if (p[1])
			return p[1];
		if ((r = find_quoted(n->quotes[i].body, eid)) != NULL)
			return r;
	}
	for (i = 0; i < n->nchildren; i++)
		if ((r = find_quoted(n->children[i], eid)) != NULL)
			return r;
	return NULL;
}

const dossier_node *dossier_document_find(const dossier_document *doc, const char *eid)
{
	const void *p[2] = { eid, NULL };

	if (!doc || !eid)
		return NULL;
	dossier_document_walk(doc, find_visit, p);
	if (!p[1] && doc->body && strstr(eid, "__mod_"))
		return find_quoted(doc->body, eid);
	return p[1];
}

struct closest_ctx {
	const char *eid;
	const char **best;
	size_t *dist;
	size_t max, n;
};

static int closest_visit(const dossier_node *n, void *payload)
{
	struct closest_ctx *c = payload;
	size_t len = strlen(c->eid), limit = len / 3 + 2, d, i;

	if (!n->eid)
		return 0;
	d = util_edit_distance(c->eid, n->eid, limit);
	/* A prefix match ("art_5" for "art_5__para_9") is also a good guess. */
	if (d > limit && strncmp(n->eid, c->eid, strlen(n->eid)) == 0)
		d = limit;
	if (d > limit)
		return 0;
	if (c->n == c->max && d >= c->dist[c->n - 1])
		return 0;
	i = c->n < c->max ? c->n++ : c->n - 1;
	while (i > 0 && c->dist[i - 1] > d) {
		c->best[i] = c->best[i - 1];
		c->dist[i] = c->dist[i - 1];
		i--;
	}
	c->best[i] = n->eid;
	c->dist[i] = d;
	return 0;
}

size_t dossier_document_closest(const char **out, size_t max,
	const dossier_document *doc, const char *eid)
{
	struct closest_ctx c;
	size_t *dist;

	if (!max || !doc || !eid)
		return 0;
	dist = calloc(max, sizeof(*dist));
	if (!dist)
		return 0;
	c.eid = eid;
	c.best = out;
	c.dist = dist;
	c.max = max;
	c.n = 0;
	dossier_document_walk(doc, closest_visit, &c);
	free(dist);
	return c.n;
}

/* ---- citations and text ---- */

static const dossier_node *ancestor(const dossier_node *n, dossier_node_kind kind)
{
	for (n = n->parent; n; n = n->parent)
		if (n->kind == kind)
			return n;
	return NULL;
}

/* English citations write đ as dd, as the English translations do. */
static void add_letter_eng(dstr *s, const char *num)
{
	const unsigned char *p;

	for (p = (const unsigned char *)num; *p; p++) {
		if (p[0] == 0xC4 && p[1] == 0x91) {
			dstr_adds(s, "dd");
			p++;
		} else {
			dstr_addc(s, (char)*p);
		}
	}
}

/* "Điều 5", or the word alone for a unit without a number ("Mục" of
 * an unnumbered section), never a trailing space. */
static void kind_num(dstr *s, const char *word, const char *num)
{
	dstr_adds(s, word);
	if (num && *num)
		dstr_addf(s, " %s", num);
}

static void cite_vie(dstr *s, const dossier_node *n)
{
	const char *num = n->num ? n->num : "";
	const dossier_node *a;

	switch (n->kind) {
	case DOSSIER_NODE_BODY:
		break;
	case DOSSIER_NODE_PART:
		kind_num(s, "Phần", num);
		break;
	case DOSSIER_NODE_CHAPTER:
		kind_num(s, "Chương", num);
		break;
	case DOSSIER_NODE_SECTION:
		kind_num(s, "Mục", num);
		if ((a = ancestor(n, DOSSIER_NODE_CHAPTER)) != NULL)
			kind_num(s, " Chương", a->num);
		break;
	case DOSSIER_NODE_ARTICLE:
		kind_num(s, "Điều", num);
		break;
	case DOSSIER_NODE_APPENDIX:
		dstr_adds(s, "Phụ lục");
		if (*num)
			dstr_addf(s, " %s", num);
		break;
	case DOSSIER_NODE_ATTACHMENT:
		kind_num(s, "Văn bản kèm theo", num);
		break;
	case DOSSIER_NODE_CLAUSE:
	case DOSSIER_NODE_POINT:
		if (n->parent && n->parent->kind != DOSSIER_NODE_BODY &&
		    n->parent->kind != DOSSIER_NODE_ATTACHMENT) {
			cite_vie(s, n->parent);
			dstr_addc(s, ' ');
		}
		kind_num(s, n->kind == DOSSIER_NODE_CLAUSE ? "khoản" : "điểm", num);
		break;
	}
}

static void cite_eng(dstr *s, const dossier_node *n)
{
	const char *num = n->num ? n->num : "";
	const dossier_node *a;

	switch (n->kind) {
	case DOSSIER_NODE_BODY:
		break;
	case DOSSIER_NODE_PART: {
		/* "Phần thứ nhất" is Part 1 in English. */
		const unsigned char *c = (const unsigned char *)num;
		unsigned v = text_num_value(num);

		while (*c && *c < 0x80)
			c++;
		if (*c && v)
			dstr_addf(s, "Part %u", v);
		else
			kind_num(s, "Part", num);
		break;
	}
	case DOSSIER_NODE_CHAPTER:
		kind_num(s, "Chapter", num);
		break;
	case DOSSIER_NODE_SECTION:
		kind_num(s, "Section", num);
		if ((a = ancestor(n, DOSSIER_NODE_CHAPTER)) != NULL)
			kind_num(s, " of Chapter", a->num);
		break;
	case DOSSIER_NODE_ARTICLE:
		kind_num(s, "Article", num);
		break;
	case DOSSIER_NODE_APPENDIX:
		dstr_adds(s, "Appendix");
		if (*num)
			dstr_addf(s, " %s", num);
		break;
	case DOSSIER_NODE_ATTACHMENT:
		kind_num(s, "Attachment", num);
		break;
	case DOSSIER_NODE_CLAUSE:
	case DOSSIER_NODE_POINT:
		if (n->parent && (n->parent->kind == DOSSIER_NODE_ARTICLE ||
		    n->parent->kind == DOSSIER_NODE_CLAUSE)) {
			cite_eng(s, n->parent);
			dstr_addc(s, '(');
			add_letter_eng(s, num);
			dstr_addc(s, ')');
		} else {
			if (n->parent && n->parent->kind != DOSSIER_NODE_BODY &&
			    n->parent->kind != DOSSIER_NODE_ATTACHMENT) {
				cite_eng(s, n->parent);
				dstr_adds(s, ", ");
			}
			dstr_addf(s, "%s ", n->kind == DOSSIER_NODE_CLAUSE ? "clause" : "point");
			add_letter_eng(s, num);
		}
		break;
	}
}

char *dossier_node_citation(const dossier_node *node, dossier_lang lang)
{
	dstr s = DSTR_INIT;

	if (!node)
		return NULL;
	if (lang == DOSSIER_LANG_ENG)
		cite_eng(&s, node);
	else
		cite_vie(&s, node);
	/* A provision of an attached text: "Điều 5 Văn bản kèm theo 1". */
	if (node->kind != DOSSIER_NODE_ATTACHMENT) {
		const dossier_node *a = ancestor(node, DOSSIER_NODE_ATTACHMENT);

		if (a)
			dstr_addf(&s, lang == DOSSIER_LANG_ENG ? " of Attachment %s" :
				" Văn bản kèm theo %s", a->num ? a->num : "");
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

static void add_line(dstr *s, const char *line)
{
	if (s->len)
		dstr_addc(s, '\n');
	dstr_adds(s, line);
}

static void node_text_into(dstr *s, const dossier_node *n, int own_label)
{
	size_t i;

	if (own_label) {
		const char *num = n->num ? n->num : "";

		switch (n->kind) {
		case DOSSIER_NODE_CLAUSE:
		case DOSSIER_NODE_POINT:
			if (s->len)
				dstr_addc(s, '\n');
			dstr_addf(s, n->kind == DOSSIER_NODE_CLAUSE ? "%s." : "%s)", num);
			if (n->ntext) {
				dstr_addf(s, " %s", n->text[0]);
				for (i = 1; i < n->ntext; i++)
					add_line(s, n->text[i]);
			}
			goto children;
		case DOSSIER_NODE_BODY:
			break;
		default:
			if (s->len)
				dstr_addc(s, '\n');
			dstr_addf(s, "%s", node_label_vie(n->kind));
			if (*num)
				dstr_addf(s, " %s", num);
			if (n->heading)
				dstr_addf(s, ". %s", n->heading);
			break;
		}
	}
	for (i = 0; i < n->ntext; i++)
		add_line(s, n->text[i]);
children:
	if (n->nquotes) {
		char *q = text_node_quotes(n);

		if (q)
			add_line(s, q);
		else
			s->oom = 1;
		free(q);
	}
	for (i = 0; i < n->nchildren; i++)
		node_text_into(s, n->children[i], 1);
	for (i = 0; i < n->nwrapup; i++)
		add_line(s, n->wrapup[i]);
}

char *dossier_node_text(const dossier_node *node)
{
	dstr s = DSTR_INIT;

	if (!node)
		return NULL;
	node_text_into(&s, node, 0);
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}
