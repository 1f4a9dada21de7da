/*
 * docbin.c: the document model in a compact binary form (docbin.h), the
 * cache the engine keeps beside a revision's XML (revisions/vN.model,
 * docs/git-store.md). Loading it is a walk over length-prefixed strings:
 * no XML parse, no whitespace or NFC normalisation, which the engine did
 * when it wrote the revision.
 *
 * The form: the magic TEXT_DOCBIN_MAGIC, then unsigned LEB128 numbers and
 * strings (a number len + 1 then len bytes; 0 for NULL):
 *
 *   document = lang kind work_date preface strv(conclusions) node(body)
 *   preface  = issuer number place date doc_type title strv(preamble) strv(other)
 *   node     = kind num heading eid strv(text) strv(wrapup) line column
 *              n { marker text para at }            notes
 *              n { para nrows ncols cells… }        tables
 *              n { para eid node(body) }            quotations (version 2)
 *              n { node }                           children
 *   strv     = n { string }
 *
 * Version 1 (DOSSIER-MODEL-1) had no quotations: it is still read (a
 * revision recorded with it that quotes new wording is read from its XML
 * instead, see facade.c).
 *
 * Reading checks every length against what is left, that no string holds a
 * NUL, the kinds, and a depth limit; anything else is refused, and the
 * caller reads the XML instead.
 */
#include "text/docbin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define DOCBIN_DEPTH 64      /* the model nests at most a few levels; a bound for bad input */

/* ---- writing ---- */

static void put_num(dstr *s, uint64_t v)
{
	char b[10];
	size_t n = 0;

	do {
		unsigned char c = (unsigned char)(v & 0x7f);

		v >>= 7;
		b[n++] = (char)(v ? c | 0x80 : c);
	} while (v);
	dstr_add(s, b, n);
}

static void put_str(dstr *s, const char *str)
{
	size_t n;

	if (!str) {
		put_num(s, 0);
		return;
	}
	n = strlen(str);
	put_num(s, (uint64_t)n + 1);
	dstr_add(s, str, n);
}

static void put_strv(dstr *s, char *const *v, size_t n)
{
	size_t i;

	put_num(s, n);
	for (i = 0; i < n; i++)
		put_str(s, v[i]);
}

static void put_node(dstr *s, const dossier_node *n)
{
	size_t i;

	put_num(s, (uint64_t)n->kind);
	put_str(s, n->num);
	put_str(s, n->heading);
	put_str(s, n->eid);
	put_strv(s, n->text, n->ntext);
	put_strv(s, n->wrapup, n->nwrapup);
	put_num(s, n->line);
	put_num(s, n->column);
	put_num(s, n->nnotes);
	for (i = 0; i < n->nnotes; i++) {
		put_str(s, n->notes[i].marker);
		put_str(s, n->notes[i].text);
		put_num(s, n->notes[i].para);
		put_num(s, n->notes[i].at);
	}
	put_num(s, n->ntables);
	for (i = 0; i < n->ntables; i++) {
		const dossier_table *t = &n->tables[i];

		put_num(s, t->para);
		put_num(s, t->nrows);
		put_num(s, t->ncols);
		put_strv(s, t->cells, t->nrows * t->ncols);
	}
	put_num(s, n->nquotes);
	for (i = 0; i < n->nquotes; i++) {
		put_num(s, n->quotes[i].para);
		put_str(s, n->quotes[i].eid);
		put_node(s, n->quotes[i].body);
	}
	put_num(s, n->nchildren);
	for (i = 0; i < n->nchildren; i++)
		put_node(s, n->children[i]);
}

int text_docbin_write(char **out, size_t *len, const dossier_document *doc, dossier_error *err)
{
	const dossier_preface *p = &doc->preface;
	dstr s = DSTR_INIT;

	*out = NULL;
	*len = 0;
	dstr_adds(&s, TEXT_DOCBIN_MAGIC);
	put_num(&s, (uint64_t)doc->lang);
	put_str(&s, doc->kind);
	put_str(&s, doc->work_date);
	put_str(&s, p->issuer);
	put_str(&s, p->number);
	put_str(&s, p->place);
	put_str(&s, p->date);
	put_str(&s, p->doc_type);
	put_str(&s, p->title);
	put_strv(&s, p->preamble, p->npreamble);
	put_strv(&s, p->other, p->nother);
	put_strv(&s, doc->conclusions, doc->nconclusions);
	if (doc->body)
		put_node(&s, doc->body);
	if (s.oom) {
		dstr_free(&s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*len = s.len;
	*out = dstr_detach(&s);
	return 0;
}

/* ---- reading ---- */

typedef struct reader {
	const unsigned char *p, *end;
	int version;  /* of the form: 1 has no quotations */
	int bad;      /* not this form */
	int oom;
} reader;

static uint64_t get_num(reader *r)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (!r->bad) {
		unsigned char c;

		if (r->p >= r->end || shift > 63) {
			r->bad = 1;
			break;
		}
		c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
		shift += 7;
	}
	return 0;
}

/* A count of items each at least one byte long: never more than is left. */
static size_t get_count(reader *r)
{
	uint64_t n = get_num(r);

	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static char *get_str(reader *r)
{
	uint64_t n = get_num(r);
	char *s;

	if (r->bad || n == 0)
		return NULL;
	n--;
	if (n > (uint64_t)(r->end - r->p) || memchr(r->p, 0, (size_t)n)) {
		r->bad = 1;
		return NULL;
	}
	if (!(s = malloc((size_t)n + 1))) {
		r->oom = 1;
		return NULL;
	}
	memcpy(s, r->p, (size_t)n);
	s[n] = '\0';
	r->p += n;
	return s;
}

/* A string that must be there (an item of a list). */
static char *get_item(reader *r)
{
	char *s = get_str(r);

	if (!s && !r->oom)
		r->bad = 1;
	return s;
}

static void get_strv(reader *r, char ***v, size_t *n)
{
	size_t k = get_count(r), i;

	*v = NULL;
	*n = 0;
	if (!k || r->bad)
		return;
	if (!(*v = calloc(k, sizeof(**v)))) {
		r->oom = 1;
		return;
	}
	for (i = 0; i < k && !r->bad && !r->oom; i++)
		(*v)[(*n)++] = get_item(r);
	if (*n && !(*v)[*n - 1])
		(*n)--;
}

static dossier_node *get_node(reader *r, dossier_node *parent, unsigned depth)
{
	dossier_node *n;
	uint64_t kind;
	size_t i, k;

	if (depth > DOCBIN_DEPTH) {
		r->bad = 1;
		return NULL;
	}
	kind = get_num(r);
	if (r->bad || kind > DOSSIER_NODE_ATTACHMENT || (!parent) != (kind == DOSSIER_NODE_BODY)) {
		r->bad = 1;
		return NULL;
	}
	if (!(n = calloc(1, sizeof(*n)))) {
		r->oom = 1;
		return NULL;
	}
	n->kind = (dossier_node_kind)kind;
	n->parent = parent;
	n->num = get_str(r);
	n->heading = get_str(r);
	n->eid = get_str(r);
	get_strv(r, &n->text, &n->ntext);
	get_strv(r, &n->wrapup, &n->nwrapup);
	n->line = (unsigned)get_num(r);
	n->column = (unsigned)get_num(r);
	if ((k = get_count(r)) && !r->bad) {
		if (!(n->notes = calloc(k, sizeof(*n->notes))))
			r->oom = 1;
		for (i = 0; i < k && !r->bad && !r->oom; i++) {
			dossier_note *t = &n->notes[n->nnotes++];

			t->marker = get_item(r);
			t->text = get_item(r);
			t->para = (size_t)get_num(r);
			t->at = (size_t)get_num(r);
			if (!r->bad && (t->para >= n->ntext || t->at > strlen(n->text[t->para])))
				r->bad = 1;
		}
	}
	if ((k = get_count(r)) && !r->bad && !r->oom) {
		if (!(n->tables = calloc(k, sizeof(*n->tables))))
			r->oom = 1;
		for (i = 0; i < k && !r->bad && !r->oom; i++) {
			dossier_table *t = &n->tables[n->ntables++];
			size_t cells;

			t->para = (size_t)get_num(r);
			t->nrows = get_count(r);
			t->ncols = get_count(r);
			get_strv(r, &t->cells, &cells);
			if (t->para >= n->ntext || cells != t->nrows * t->ncols || !cells) {
				r->bad = 1;
				/* what dossier_node_free frees: the cells read */
				t->nrows = cells;
				t->ncols = 1;
			}
		}
	}
	if (r->version >= 2 && !r->bad && !r->oom && (k = get_count(r)) && !r->bad) {
		if (!(n->quotes = calloc(k, sizeof(*n->quotes))))
			r->oom = 1;
		for (i = 0; i < k && !r->bad && !r->oom; i++) {
			dossier_quote *q = &n->quotes[n->nquotes++];

			q->para = (size_t)get_num(r);
			q->eid = get_item(r);
			if (!r->bad && !r->oom && q->para > n->ntext)
				r->bad = 1;
			if (!r->bad && !r->oom && !(q->body = get_node(r, NULL, depth + 1)) && !r->oom)
				r->bad = 1;
		}
	}
	if ((k = get_count(r)) && !r->bad && !r->oom) {
		if (!(n->children = calloc(k, sizeof(*n->children))))
			r->oom = 1;
		for (i = 0; i < k && !r->bad && !r->oom; i++) {
			dossier_node *c = get_node(r, n, depth + 1);

			if (!c)
				break;
			n->children[n->nchildren++] = c;
		}
	}
	return n;
}

int text_docbin_read(dossier_document **out, const char *path, const char *data, size_t len,
	dossier_error *err)
{
	size_t ml = strlen(TEXT_DOCBIN_MAGIC);
	reader r = { (const unsigned char *)data, (const unsigned char *)data + len, 2, 0, 0 };
	dossier_document *doc;
	dossier_preface *p;
	uint64_t lang;

	*out = NULL;
	if (len >= ml && !memcmp(data, TEXT_DOCBIN_MAGIC_1, ml))
		r.version = 1;
	else if (len < ml || memcmp(data, TEXT_DOCBIN_MAGIC, ml))
		return dossier_error_set(err, DOSSIER_EINVALID, "%s: not a model of this version", path);
	r.p += ml;
	if (!(doc = calloc(1, sizeof(*doc))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	p = &doc->preface;
	lang = get_num(&r);
	if (lang > DOSSIER_LANG_ENG)
		r.bad = 1;
	doc->lang = (dossier_lang)lang;
	doc->kind = get_str(&r);
	doc->work_date = get_str(&r);
	p->issuer = get_str(&r);
	p->number = get_str(&r);
	p->place = get_str(&r);
	p->date = get_str(&r);
	p->doc_type = get_str(&r);
	p->title = get_str(&r);
	get_strv(&r, &p->preamble, &p->npreamble);
	get_strv(&r, &p->other, &p->nother);
	get_strv(&r, &doc->conclusions, &doc->nconclusions);
	if (!r.bad && !r.oom)
		doc->body = get_node(&r, NULL, 0);
	if (!r.bad && !r.oom && (!doc->body || r.p != r.end))
		r.bad = 1;
	if (r.bad || r.oom) {
		dossier_document_free(doc);
		if (r.oom)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		return dossier_error_set(err, DOSSIER_EINVALID, "%s: the model is damaged", path);
	}
	*out = doc;
	return 0;
}
