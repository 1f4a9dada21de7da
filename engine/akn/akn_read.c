/*
 * akn_read.c: Akoma Ntoso 3.0 XML into the document model (the reader; the
 * writer is akn.c).
 *
 * Our own output comes back exactly (the preface paragraphs carry classes
 * for that). Foreign documents are mapped onto the model's levels:
 * part/book/title -> part, chapter -> chapter, section -> section when it
 * holds articles and article otherwise (US and UK sections are the basic
 * unit), article -> article, paragraph/subsection/clause -> clause,
 * point/item/indent -> point; lists are transparent (their intro and
 * wrap-up become the parent's), unnumbered alineas and subparagraphs are
 * paragraphs of text. What has no place in the model is kept as text and
 * reported as a warning with its line: other components of a collection
 * become appendices, a debate's speeches the text of its sections, quoted
 * amending structures the text they sit in. See docs/akn.md.
 */
#include "dossier/akn.h"
#include "dossier/input.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "akn/akn_int.h"
#include "text/text.h"
#include "base/util.h"

struct reader {
	const char *path;
	dossier_diags *diags;
	dossier_error *err;
	dossier_document *doc;
	int oom;
	int missing_eid;
	int is_debate;
	size_t nattach;    /* attached texts read */
	unsigned bad_eids;      /* eIds dossier_akn_eid_check() refused (the first in err) */      /* eIds dossier_akn_eid_check() refused */
	akn_eid_set *taken;     /* while fill_eids() runs: every eId held */
	int notes_on;           /* in a provision's content or intro: <authorialNote> is a note */
	char **note_markers, **note_texts;   /* the notes met (DOSSIER_NOTE_MARK + index) */
	size_t nnotes;
};

static int is_akn(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		strcmp((const char *)n->ns->href, AKN_NS) == 0;
}

static int named(xmlNodePtr n, const char *name)
{
	return is_akn(n) && strcmp((const char *)n->name, name) == 0;
}

static int name_in(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(name, *set) == 0)
			return 1;
	return 0;
}

static unsigned line_of(xmlNodePtr n)
{
	return akn_node_line(n);
}

static unsigned col_of(xmlNodePtr n)
{
	unsigned c = akn_node_column(n);

	return c ? c : 1;
}

static void warn(struct reader *r, xmlNodePtr at, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(4, 5);

static void warn(struct reader *r, xmlNodePtr at, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	dstr s = DSTR_INIT;

	if (!r->diags)
		return;
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	msg = dstr_detach(&s);
	if (!msg || dossier_diags_add(r->diags, DOSSIER_SEVERITY_WARNING, code, r->path,
		line_of(at), col_of(at), "%s", msg) < 0)
		r->oom = 1;
	free(msg);
}

/* Keep the eId of element `el`, or refuse it: it must follow the naming
 * convention's grammar (akn_eid.c), since it becomes a line of
 * revisions/vN.eids and the address of comments. */
static char *eid_of(struct reader *r, xmlNodePtr el);

static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = util_strdup((const char *)v);
	xmlFree(v);
	return s;
}

static int attr_is(xmlNodePtr n, const char *name, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int eq = v && strcmp((const char *)v, value) == 0;

	xmlFree(v);
	return eq;
}

static char *eid_of(struct reader *r, xmlNodePtr el)
{
	char *eid = attr(el, "eId"), *shown;
	const char *why;

	if (!eid || !(why = dossier_akn_eid_check(eid)))
		return eid;
	shown = util_quote(eid);
	r->bad_eids++;
	if (r->diags) {
		if (dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "akn-eid", r->path, line_of(el), col_of(el),
			"invalid eId %s on <%s>: %s", shown ? shown : "?", (const char *)el->name, why) < 0)
			r->oom = 1;
		dossier_diags_hint(r->diags, "an eId follows the AKN naming convention, e.g. 'art_5__para_2'; see docs/akn.md");
	}
	if (r->bad_eids == 1) {
		dossier_error_set_at(r->err, DOSSIER_EINVALID, r->path, line_of(el), col_of(el),
			"invalid eId %s on <%s>: %s [akn-eid]", shown ? shown : "?", (const char *)el->name, why);
		dossier_error_set_hint(r->err, "an eId follows the AKN naming convention, e.g. 'art_5__para_2'; see docs/akn.md");
	}
	free(shown);
	free(eid);
	return NULL;
}

/* ---- text ---- */

static void flatten(struct reader *r, dstr *s, xmlNodePtr n);

/* An authorial note of a provision's text: its mark in s, its marker and
 * text kept; -1 when it cannot be one. */
static int note_mark(struct reader *r, dstr *s, xmlNodePtr an)
{
	dstr text = DSTR_INIT;
	xmlNodePtr c;
	char **m, **t, *marker, *norm;
	uint32_t cp = DOSSIER_NOTE_MARK + (uint32_t)r->nnotes;
	char mark[4];
	int blocks = 0;

	if (!r->notes_on || r->nnotes >= DOSSIER_NOTE_MAX)
		return -1;
	dstr_add(&text, "", 0);
	for (c = an->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			dstr one = DSTR_INIT;

			dstr_add(&one, "", 0);
			flatten(r, &one, c);
			norm = one.oom ? NULL : akn_norm_text(one.ptr, one.len);
			dstr_free(&one);
			if (!norm) {
				r->oom = 1;
				continue;
			}
			if (*norm) {
				if (blocks++)
					dstr_addc(&text, '\n');
				dstr_adds(&text, norm);
			}
			free(norm);
		}
	if (!blocks) {
		dstr one = DSTR_INIT;

		dstr_add(&one, "", 0);
		flatten(r, &one, an);
		norm = one.oom ? NULL : akn_norm_text(one.ptr, one.len);
		dstr_free(&one);
		if (norm)
			dstr_adds(&text, norm);
		free(norm);
	}
	marker = attr(an, "marker");
	if (!marker)
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
	r->note_texts[r->nnotes++] = dstr_detach(&text);
	mark[0] = (char)(0xF0 | (cp >> 18));
	mark[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	mark[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	mark[3] = (char)(0x80 | (cp & 0x3F));
	dstr_add(s, mark, 4);
	return 0;
}

/* All the text under n in document order; an authorial note of a
 * provision's content is a mark (note_mark), elsewhere in brackets. */
static void flatten(struct reader *r, dstr *s, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				dstr_adds(s, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (named(c, "authorialNote")) {
				dstr note = DSTR_INIT;
				char *t;

				if (note_mark(r, s, c) == 0)
					continue;
				dstr_add(&note, "", 0);
				flatten(r, &note, c);
				t = note.oom ? NULL : akn_norm_text(note.ptr, note.len);
				dstr_free(&note);
				if (!t) {
					s->oom = 1;
					continue;
				}
				dstr_addf(s, " [%s] ", t);
				free(t);
			} else if (named(c, "eol") || named(c, "eop") || named(c, "br")) {
				/* a line break: a space once normalised, never glue */
				dstr_addc(s, '\n');
			} else {
				flatten(r, s, c);
			}
		}
	}
}

/* Normalised NFC text of a run of raw text; NULL without memory. */
static char *clean(struct reader *r, const char *raw, size_t len)
{
	char *norm = akn_norm_text(raw, len), *nfc = NULL;

	if (!norm) {
		r->oom = 1;
		return NULL;
	}
	if (dossier_utf8_nfc(&nfc, norm, strlen(norm), NULL) < 0) {
		/* libxml2 hands us valid UTF-8; keep the text as it is. */
		return norm;
	}
	free(norm);
	return nfc;
}

/* The text gathered in *s, cleaned; s freed. NULL (r->oom) when out of
 * memory. */
static char *cleaned(struct reader *r, dstr *s)
{
	char *out;

	if (s->oom) {
		r->oom = 1;
		dstr_free(s);
		return NULL;
	}
	out = clean(r, s->ptr, s->len);
	dstr_free(s);
	return out;
}

static char *text_of(struct reader *r, xmlNodePtr n)
{
	dstr s = DSTR_INIT;

	dstr_add(&s, "", 0);
	flatten(r, &s, n);
	return cleaned(r, &s);
}

/* Elements that hold blocks rather than running text. */
static const char *const block_holders[] = {
	"p", "blockList", "item", "listIntroduction", "listWrapUp", "table", "tr", "th",
	"td", "caption", "tblock", "blockContainer", "container", "ul", "ol", "li",
	"toc", "tocItem", "citation", "citations", "recital", "recitals", "formula",
	"intro", "wrapUp", "content", "longTitle", "foreign", "block", "division",
	"speech", "question", "answer", "narrative", "summary", "other", "scene",
	"subheading", "crossHeading", "signature", "blockQuote", NULL,
};

static int is_block(xmlNodePtr n)
{
	return is_akn(n) && name_in((const char *)n->name, block_holders);
}

static int has_block_child(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (is_block(c))
			return 1;
	return 0;
}

static int is_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

typedef void (*para_fn)(struct reader *r, void *target, char *para, xmlNodePtr at);

struct level {
	dossier_node *node;
	int moved_warned;
};

static void node_para(struct reader *r, void *target, char *para, xmlNodePtr at);

/* A <table> of a provision's text without children yet: a table of the
 * model, its rows of cells (th or td, their text); -1 when it is not one. */
static int read_table(struct reader *r, dossier_node *n, xmlNodePtr tbl)
{
	xmlNodePtr tr, td;
	size_t rows = 0, cols = 0, k, i = 0;
	char **cells;
	int rc;

	if (n->nchildren)
		return -1;
	for (tr = tbl->children; tr; tr = tr->next) {
		if (tr->type != XML_ELEMENT_NODE || !named(tr, "tr"))
			continue;
		for (k = 0, td = tr->children; td; td = td->next)
			k += td->type == XML_ELEMENT_NODE && (named(td, "td") || named(td, "th"));
		rows++;
		cols = k > cols ? k : cols;
	}
	if (!rows || !cols)
		return -1;
	if (!(cells = calloc(rows * cols, sizeof(*cells)))) {
		r->oom = 1;
		return 0;
	}
	r->notes_on = 0;      /* a note in a cell stays in brackets */
	for (tr = tbl->children; tr; tr = tr->next) {
		if (tr->type != XML_ELEMENT_NODE || !named(tr, "tr"))
			continue;
		for (k = 0, td = tr->children; td; td = td->next)
			if (td->type == XML_ELEMENT_NODE && (named(td, "td") || named(td, "th")))
				cells[i * cols + k++] = text_of(r, td);
		i++;
	}
	r->notes_on = 1;
	for (k = 0; k < rows * cols; k++)
		if (!cells[k] && !(cells[k] = util_strdup("")))
			r->oom = 1;
	if ((rc = dossier_node_add_table(n, n->ntext, rows, cols, cells)) < 0)
		r->oom = 1;
	for (k = 0; k < rows * cols; k++)
		free(cells[k]);
	free(cells);
	return 0;
}

/* The quotedStructure of a <p> that holds only <mod eId><quotedStructure>,
 * as our writer writes a quotation (docs/akn.md); NULL for any other. */
static xmlNodePtr mod_quoted(xmlNodePtr p)
{
	xmlNodePtr c, mod = NULL, qs = NULL;

	if (!named(p, "p"))
		return NULL;
	for (c = p->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !is_blank((const char *)c->content))
			return NULL;
		if (c->type == XML_ELEMENT_NODE) {
			if (mod || !named(c, "mod"))
				return NULL;
			mod = c;
		}
	}
	for (c = mod ? mod->children : NULL; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !is_blank((const char *)c->content))
			return NULL;
		if (c->type == XML_ELEMENT_NODE) {
			if (qs || !named(c, "quotedStructure"))
				return NULL;
			qs = c;
		}
	}
	return qs;
}

/* A <mod> of ours holding only text and <quotedText> (the words an
 * instruction changes): its text is the paragraph's, marks and all. */
static int mod_words(xmlNodePtr mod)
{
	xmlNodePtr c;
	int any = 0;

	if (!named(mod, "mod"))
		return 0;
	for (c = mod->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			if (!named(c, "quotedText") || c->properties)
				return 0;
			any = 1;
		}
	return any;
}

static void read_level(struct reader *r, xmlNodePtr el, struct level *lv, int transparent_el);

/* Such a <p> as a quotation of the provision, its provisions read as a
 * body of their own with the eIds they have. 1 when it was one. */
static int read_mod(struct reader *r, xmlNodePtr p, struct level *lv)
{
	xmlNodePtr qs = mod_quoted(p);
	struct level sub = { NULL, 0 };
	dossier_node *body;

	if (!qs)
		return 0;
	if (dossier_node_add_quote(&body, lv->node, lv->node->ntext) < 0) {
		r->oom = 1;
		return 1;
	}
	body->line = line_of(qs);
	body->column = col_of(qs);
	lv->node->quotes[lv->node->nquotes - 1].eid = attr(qs->parent, "eId");
	sub.node = body;
	read_level(r, qs, &sub, 0);
	return 1;
}

/* One paragraph per leaf block under n, in order; text lying between
 * blocks is a paragraph of its own. */
static void collect_blocks(struct reader *r, xmlNodePtr n, para_fn fn, void *target)
{
	xmlNodePtr c;

	if (!has_block_child(n)) {
		char *t = text_of(r, n);

		if (t && *t)
			fn(r, target, t, n);
		else
			free(t);
		return;
	}
	for (c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !is_blank((const char *)c->content)) {
			char *t = clean(r, (const char *)c->content, strlen((const char *)c->content));

			if (t && *t)
				fn(r, target, t, n);
			else
				free(t);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (r->notes_on && fn == node_para && named(c, "table") &&
			    read_table(r, ((struct level *)target)->node, c) == 0)
				continue;
			if (r->notes_on && fn == node_para && read_mod(r, c, target))
				continue;
			collect_blocks(r, c, fn, target);
		}
	}
}

static void push_strv(struct reader *r, char ***v, size_t *n, char *s)
{
	char **p;

	if (!s)
		return;
	p = realloc(*v, (*n + 1) * sizeof(*p));
	if (!p) {
		r->oom = 1;
		free(s);
		return;
	}
	*v = p;
	p[(*n)++] = s;
}

/* ---- the body ---- */

/* Text of a node: before its first child it is the node's own text (content
 * or intro), after it the wrap-up. */
static void node_para(struct reader *r, void *target, char *para, xmlNodePtr at)
{
	struct level *lv = target;
	dossier_node *n = lv->node;

	(void)at;
	if (n->nchildren == 0)
		push_strv(r, &n->text, &n->ntext, para);
	else
		push_strv(r, &n->wrapup, &n->nwrapup, para);
}

/* A wrap-up is one even when no provision precedes it. */
static void wrapup_para(struct reader *r, void *target, char *para, xmlNodePtr at)
{
	struct level *lv = target;

	(void)at;
	push_strv(r, &lv->node->wrapup, &lv->node->nwrapup, para);
}

static int has_descendant(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, name) || (is_akn(c) && strcmp((const char *)c->name, "quotedStructure") &&
		    has_descendant(c, name)))
			return 1;
	}
	return 0;
}

static const char *const part_level[] = { "part", "book", "tome", "title", NULL };
static const char *const section_level[] = {
	"section", "subpart", "subtitle", "subdivision", "subchapter", "division", NULL,
};
static const char *const clause_level[] = {
	"paragraph", "subsection", "clause", "subclause", "rule", "subrule", "level",
	"proviso", "transitional", NULL,
};
static const char *const point_level[] = { "point", "indent", NULL };
static const char *const transparent[] = { "list", "sublist", NULL };
static const char *const text_level[] = { "alinea", "subparagraph", NULL };
static const char *const debate_sections[] = {
	"debateSection", "administrationOfOath", "rollCall", "prayers", "oralStatements",
	"writtenStatements", "personalStatements", "ministerialStatements", "resolutions",
	"nationalInterest", "declarationOfVote", "communication", "petitions", "papers",
	"noticesOfMotion", "questions", "address", "proceduralMotions", "pointOfOrder",
	"adjournment", NULL,
};

/* The model's kind for a hierarchical element, or -1 when it is not one. */
static int kind_for(xmlNodePtr el, const dossier_node *parent)
{
	const char *name = (const char *)el->name;
	int low = parent->kind == DOSSIER_NODE_CLAUSE || parent->kind == DOSSIER_NODE_POINT;

	if (name_in(name, part_level))
		return DOSSIER_NODE_PART;
	if (strcmp(name, "chapter") == 0)
		return DOSSIER_NODE_CHAPTER;
	if (strcmp(name, "article") == 0)
		return DOSSIER_NODE_ARTICLE;
	if (name_in(name, section_level))
		return has_descendant(el, "article") || attr_is(el, "class", AKN_CLASS_GROUP) ?
			DOSSIER_NODE_SECTION :
			low ? DOSSIER_NODE_POINT :
			parent->kind == DOSSIER_NODE_ARTICLE ? DOSSIER_NODE_CLAUSE : DOSSIER_NODE_ARTICLE;
	if (name_in(name, debate_sections))
		return DOSSIER_NODE_SECTION;
	if (name_in(name, clause_level))
		return low ? DOSSIER_NODE_POINT : DOSSIER_NODE_CLAUSE;
	if (name_in(name, point_level))
		return DOSSIER_NODE_POINT;
	if (strcmp(name, "item") == 0 && parent->kind != DOSSIER_NODE_BODY)
		return DOSSIER_NODE_POINT;
	return -1;
}

static void read_level(struct reader *r, xmlNodePtr el, struct level *lv, int transparent_el);

/* The text of a <num> without its notes: a note there (the UK's
 * "Schedule 1" with the section it hangs from, "[Section 1(4)]") is no
 * part of the number, and becomes a paragraph of the provision's text in
 * brackets, so that the number stays one a heading can carry. */
static char *num_text(struct reader *r, xmlNodePtr num, struct level *lv)
{
	dstr s = DSTR_INIT;
	xmlNodePtr c;

	dstr_add(&s, "", 0);
	for (c = num->children; c; c = c->next) {
		if (named(c, "authorialNote")) {
			char *t = text_of(r, c), *b;

			if (t && *t && (b = util_sprintf("[%s]", t)) != NULL)
				push_strv(r, &lv->node->text, &lv->node->ntext, b);
			else if (t && *t)
				r->oom = 1;
			free(t);
		} else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				dstr_adds(&s, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			flatten(r, &s, c);
		}
	}
	return cleaned(r, &s);
}

static void new_child(struct reader *r, xmlNodePtr el, struct level *lv, dossier_node_kind kind)
{
	dossier_node *child;
	struct level sub = { NULL, 0 };

	if (lv->node->nwrapup && !lv->moved_warned) {
		warn(r, el, "akn-text-moved",
			"text between the provisions of '%s' is kept after them",
			lv->node->eid ? lv->node->eid : dossier_node_kind_name(lv->node->kind));
		lv->moved_warned = 1;
	}
	if (dossier_node_new(&child, lv->node, kind, NULL, NULL) < 0) {
		r->oom = 1;
		return;
	}
	child->line = line_of(el);
	child->column = col_of(el);
	child->eid = eid_of(r, el);
	if (!child->eid)
		r->missing_eid = 1;
	sub.node = child;
	read_level(r, el, &sub, 0);
}

/* A speech: "Speaker: first paragraph", then its other paragraphs. */
static void read_speech(struct reader *r, xmlNodePtr el, struct level *lv)
{
	xmlNodePtr c;
	char *from = NULL;
	int first = 1;

	for (c = el->children; c; c = c->next) {
		if (named(c, "from")) {
			free(from);
			from = text_of(r, c);
		}
	}
	for (c = el->children; c; c = c->next) {
		char *t;

		if (c->type != XML_ELEMENT_NODE || named(c, "from") || named(c, "num"))
			continue;
		t = text_of(r, c);
		if (!t || !*t) {
			free(t);
			continue;
		}
		if (first && from && *from) {
			char *both = util_sprintf("%s: %s", from, t);

			free(t);
			t = both;
		}
		first = 0;
		node_para(r, lv, t, c);
	}
	if (first && from && *from) {
		node_para(r, lv, from, el);
		from = NULL;
	}
	free(from);
}

/* Read the children of a hierarchical element into lv->node. A transparent
 * element (a list, an unknown hcontainer) adds to its parent instead, its
 * own number and heading as text. */
static void read_level(struct reader *r, xmlNodePtr el, struct level *lv, int transparent_el)
{
	xmlNodePtr c;
	dossier_node *n = lv->node;

	for (c = el->children; c && !r->oom; c = c->next) {
		const char *name;
		int kind;

		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!is_blank((const char *)c->content)) {
				char *t = clean(r, (const char *)c->content, strlen((const char *)c->content));

				if (t && *t)
					node_para(r, lv, t, el);
				else
					free(t);
			}
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_akn(c)) {
			warn(r, c, "akn-foreign", "element '%s' of another namespace kept as text",
				(const char *)c->name);
			collect_blocks(r, c, node_para, lv);
			continue;
		}
		name = (const char *)c->name;
		if (strcmp(name, "num") == 0 && !transparent_el && n->kind != DOSSIER_NODE_BODY) {
			char *t = num_text(r, c, lv);

			free(n->num);
			n->num = t ? akn_num_strip(t) : NULL;
			if (t && !n->num)
				r->oom = 1;
			free(t);
		} else if (strcmp(name, "heading") == 0 && !transparent_el &&
			   n->kind != DOSSIER_NODE_BODY) {
			free(n->heading);
			n->heading = text_of(r, c);
		} else if (strcmp(name, "wrapUp") == 0) {
			collect_blocks(r, c, wrapup_para, lv);
		} else if (strcmp(name, "content") == 0 || strcmp(name, "intro") == 0 ||
			   strcmp(name, "num") == 0 ||
			   strcmp(name, "heading") == 0 || strcmp(name, "subheading") == 0 ||
			   strcmp(name, "crossHeading") == 0) {
			int was = r->notes_on; /* a quotation's provisions are read inside ours */

			r->notes_on = strcmp(name, "content") == 0 || strcmp(name, "intro") == 0;
			collect_blocks(r, c, node_para, lv);
			r->notes_on = was;
		} else if (name_in(name, transparent)) {
			read_level(r, c, lv, 1);
		} else if (name_in(name, text_level) && !has_descendant(c, "num")) {
			read_level(r, c, lv, 1);
		} else if (name_in(name, text_level)) {
			new_child(r, c, lv, n->kind == DOSSIER_NODE_CLAUSE || n->kind == DOSSIER_NODE_POINT ?
				DOSSIER_NODE_POINT : DOSSIER_NODE_CLAUSE);
		} else if (strcmp(name, "hcontainer") == 0) {
			/* our appendix, and the schedules and annexes of other
			 * systems (UK, Scottish, Indigo): an appendix with its own
			 * number and heading ("Schedule 1", "Presumption of …") */
			if (attr_is(c, "name", AKN_HC_APPENDIX) ||
			    ((attr_is(c, "name", "schedule") || attr_is(c, "name", "annex")) &&
			     n->kind == DOSSIER_NODE_BODY)) {
				new_child(r, c, lv, DOSSIER_NODE_APPENDIX);
			} else if (n->kind == DOSSIER_NODE_BODY && (attr_is(c, "name", AKN_HC_BODY_TEXT) ||
				   attr_is(c, "name", AKN_HC_BODY_WRAPUP))) {
				read_level(r, c, lv, 1);
			} else if (n->kind == DOSSIER_NODE_ATTACHMENT &&
				   attr_is(c, "name", AKN_HC_ATTACHMENT_TEXT)) {
				/* read by read_attachment */
			} else {
				char *hn = attr(c, "name");

				warn(r, c, "akn-hcontainer",
					"hcontainer '%s' has no place in the model: its contents are read into its parent",
					hn ? hn : "");
				free(hn);
				read_level(r, c, lv, 1);
			}
		} else if (strcmp(name, "speech") == 0 || strcmp(name, "question") == 0 ||
			   strcmp(name, "answer") == 0) {
			read_speech(r, c, lv);
		} else if (strcmp(name, "quotedStructure") == 0 || strcmp(name, "mod") == 0) {
			collect_blocks(r, c, node_para, lv); /* reported by warn_quoted */
		} else if ((kind = kind_for(c, n)) >= 0) {
			new_child(r, c, lv, (dossier_node_kind)kind);
		} else if (is_block(c) || strcmp(name, "componentRef") == 0 ||
			   strcmp(name, "documentRef") == 0) {
			collect_blocks(r, c, node_para, lv);
		} else {
			warn(r, c, "akn-unsupported", "element '%s' kept as text", name);
			collect_blocks(r, c, node_para, lv);
		}
	}
}

/* ---- preface, preamble, conclusions ---- */

static void set_once(struct reader *r, char **field, xmlNodePtr n)
{
	char *t;

	if (*field)
		return;
	t = text_of(r, n);
	if (t && !*t) {
		free(t);
		t = NULL;
	}
	*field = t;
}

/* Take the fields that inline markers name anywhere under n. */
static void scan_fields(struct reader *r, xmlNodePtr n)
{
	dossier_preface *pf = &r->doc->preface;
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (!is_akn(c))
			continue;
		if (named(c, "docType"))
			set_once(r, &pf->doc_type, c);
		else if (named(c, "docNumber"))
			set_once(r, &pf->number, c);
		else if (named(c, "docTitle"))
			set_once(r, &pf->title, c);
		else if (named(c, "location"))
			set_once(r, &pf->place, c);
		else if (named(c, "organization") || named(c, "docAuthority") ||
			 named(c, "docProponent"))
			set_once(r, &pf->issuer, c);
		else if (named(c, "docDate") && !pf->date) {
			char *d = attr(c, "date");

			if (d && strlen(d) > 10)
				d[10] = '\0'; /* a dateTime: keep the date */
			if (d && akn_is_iso_date(d))
				pf->date = d;
			else
				free(d);
		}
		scan_fields(r, c);
	}
}

static const char *const field_names[] = {
	"docType", "docNumber", "docTitle", "location", "organization", "docAuthority",
	"docProponent", "docDate", NULL,
};

/* Whether n holds text outside the field markers. */
static int has_loose_text(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !is_blank((const char *)c->content))
			return 1;
		if (c->type == XML_ELEMENT_NODE &&
		    !(is_akn(c) && name_in((const char *)c->name, field_names)) && has_loose_text(c))
			return 1;
	}
	return 0;
}

static void strv_para(struct reader *r, void *target, char *para, xmlNodePtr at)
{
	void **t = target;

	(void)at;
	push_strv(r, (char ***)t[0], (size_t *)t[1], para);
}

static void read_preface(struct reader *r, xmlNodePtr pre)
{
	dossier_preface *pf = &r->doc->preface;
	void *other[2] = { &pf->other, &pf->nother };
	xmlNodePtr c;

	for (c = pre->children; c && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "p") && attr_is(c, "class", AKN_CLASS_ISSUER)) {
			set_once(r, &pf->issuer, c);
		} else if (named(c, "p") && attr_is(c, "class", AKN_CLASS_NUMBER)) {
			scan_fields(r, c);
		} else if (named(c, "p") && attr_is(c, "class", AKN_CLASS_PLACE_DATE)) {
			scan_fields(r, c);
		} else if (named(c, "p") && attr_is(c, "class", AKN_CLASS_DATE)) {
			set_once(r, &pf->date, c);
		} else if (named(c, "p") && attr_is(c, "class", AKN_CLASS_OTHER)) {
			push_strv(r, &pf->other, &pf->nother, text_of(r, c));
		} else {
			scan_fields(r, c);
			if (has_loose_text(c))
				collect_blocks(r, c, strv_para, other);
		}
	}
}

static void read_preamble(struct reader *r, xmlNodePtr pre)
{
	dossier_preface *pf = &r->doc->preface;
	void *lines[2] = { &pf->preamble, &pf->npreamble };
	xmlNodePtr c, d;

	for (c = pre->children; c && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "citations") || named(c, "recitals")) {
			/* One line per citation or recital, with its number. */
			for (d = c->children; d; d = d->next) {
				if (named(d, "citation") || named(d, "recital"))
					push_strv(r, &pf->preamble, &pf->npreamble, text_of(r, d));
				else if (d->type == XML_ELEMENT_NODE)
					collect_blocks(r, d, strv_para, lines);
			}
		} else {
			collect_blocks(r, c, strv_para, lines);
		}
	}
}

/* ---- the document ---- */

static void read_lang(struct reader *r, xmlNodePtr meta)
{
	xmlNodePtr c;

	for (c = meta ? meta->children : NULL; c; c = c->next) {
		if (named(c, "identification")) {
			read_lang(r, c);
		} else if (named(c, "FRBRExpression")) {
			xmlNodePtr l;

			for (l = c->children; l; l = l->next) {
				char *lang;

				if (!named(l, "FRBRlanguage"))
					continue;
				lang = attr(l, "language");
				if (lang && (!strcmp(lang, "vie") || !strcmp(lang, "vi"))) {
					r->doc->lang = DOSSIER_LANG_VIE;
				} else {
					r->doc->lang = DOSSIER_LANG_ENG;
					if (lang && strcmp(lang, "eng") && strcmp(lang, "en"))
						warn(r, l, "akn-language",
							"language '%s' is read as English (the model knows 'vie' and 'eng')",
							lang);
				}
				free(lang);
				return;
			}
		}
	}
}

static xmlNodePtr child_named(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

/* The Work's date (FRBRWork's FRBRdate, else the Expression's when the
 * Work gives only a year), so that writing the document again keeps it;
 * not our own stand-in for a date nobody gave (name="unknown"). */
static void read_work_date(struct reader *r, xmlNodePtr meta)
{
	static const char *const blocks[] = { "FRBRWork", "FRBRExpression" };
	xmlNodePtr id = child_named(meta, "identification");
	size_t i;

	for (i = 0; i < 2 && !r->doc->work_date; i++) {
		xmlNodePtr d = child_named(child_named(id, blocks[i]), "FRBRdate");
		char *date;

		if (!d || attr_is(d, "name", "unknown") || !(date = attr(d, "date")))
			continue;
		if (strlen(date) > 10)
			date[10] = '\0'; /* a dateTime: keep the date */
		if (akn_is_iso_date(date))
			r->doc->work_date = date;
		else
			free(date);
	}
}

static const char *const doc_types[] = {
	"act", "bill", "doc", "statement", "portion", "amendment", "amendmentList",
	"debate", "debateReport", "judgment", "officialGazette", "documentCollection", NULL,
};

static int is_doc_type(xmlNodePtr n)
{
	return is_akn(n) && name_in((const char *)n->name, doc_types);
}

/* The first act or bill under n (a collection's components), else NULL. */
static xmlNodePtr find_main(xmlNodePtr n)
{
	xmlNodePtr c, f;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "act") || named(c, "bill"))
			return c;
		if ((f = find_main(c)) != NULL)
			return f;
	}
	return NULL;
}

/* An attached text as the AKN writer writes it (akn_int.h): its type
 * line, its preface paragraphs and its provisions. */
static void read_attachment(struct reader *r, xmlNodePtr att, xmlNodePtr d)
{
	dossier_node *a;
	struct level lv = { NULL, 0 };
	xmlNodePtr c, p;
	char num[16];

	snprintf(num, sizeof(num), "%zu", ++r->nattach);
	if (dossier_node_new(&a, r->doc->body, DOSSIER_NODE_ATTACHMENT, num, NULL) < 0) {
		r->oom = 1;
		return;
	}
	a->line = line_of(att);
	a->column = col_of(att);
	a->eid = eid_of(r, att);
	if (!a->eid)
		r->missing_eid = 1;
	lv.node = a;
	for (c = d->children; c && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "preface")) {
			for (p = c->children; p && !r->oom; p = p->next) {
				if (p->type != XML_ELEMENT_NODE)
					continue;
				if (!a->heading && attr_is(p, "class", AKN_CLASS_DOC_TYPE))
					a->heading = text_of(r, p);
				else
					collect_blocks(r, p, node_para, &lv);
			}
		} else if (named(c, "mainBody")) {
			for (p = c->children; p && !r->oom; p = p->next)
				if (p->type == XML_ELEMENT_NODE && named(p, "hcontainer") &&
				    attr_is(p, "name", AKN_HC_ATTACHMENT_TEXT))
					collect_blocks(r, p, node_para, &lv);
			read_level(r, c, &lv, 1);
		}
	}
}

/* The other documents of a collection are kept as appendices. */
static void keep_components(struct reader *r, xmlNodePtr n, xmlNodePtr main_el)
{
	xmlNodePtr c;

	for (c = n->children; c && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c == main_el)
			continue;
		if (named(c, "meta"))
			continue;
		if (named(c, "doc") && attr_is(c, "name", AKN_DOC_ATTACHMENT) && c->parent &&
		    named(c->parent, "attachment")) {
			read_attachment(r, c->parent, c);
			continue;
		}
		if (is_doc_type(c) && !named(c, "documentCollection")) {
			dossier_node *app;
			struct level lv = { NULL, 0 };
			char *dname = attr(c, "name");
			xmlNodePtr part;

			if (dossier_node_new(&app, r->doc->body, DOSSIER_NODE_APPENDIX, NULL,
				dname ? dname : (const char *)c->name) < 0) {
				free(dname);
				r->oom = 1;
				return;
			}
			app->line = line_of(c);
			app->column = col_of(c);
			if (c->parent && named(c->parent, "component"))
				app->eid = eid_of(r, c->parent);
			if (!app->eid)
				r->missing_eid = 1;
			warn(r, c, "akn-component",
				"component '%s' (%s) is not the main act or bill: its text is kept as an appendix",
				dname ? dname : "", (const char *)c->name);
			free(dname);
			lv.node = app;
			for (part = c->children; part; part = part->next)
				if (part->type == XML_ELEMENT_NODE && !named(part, "meta"))
					collect_blocks(r, part, node_para, &lv);
			continue;
		}
		keep_components(r, c, main_el);
	}
}

/* Give the provisions that came without an eId one by the naming
 * convention (parent's eId, "__", prefix, then the number's letters and
 * digits, or the position when the number has none), keeping every eId the
 * document had and never one already held: a clash takes the position, then
 * a "-2", "-3", ... suffix. Returns how many were given. */
static unsigned fill_eids(struct reader *r, dossier_node *n)
{
	unsigned given = 0;
	size_t i, counts[DOSSIER_NODE_ATTACHMENT + 1] = { 0 };

	for (i = 0; i < n->nchildren && !r->oom; i++) {
		dossier_node *c = n->children[i];
		int top = n->kind == DOSSIER_NODE_BODY || ((c->kind == DOSSIER_NODE_ARTICLE ||
			c->kind == DOSSIER_NODE_APPENDIX) && n->kind != DOSSIER_NODE_ATTACHMENT) || !n->eid;
		dstr s = DSTR_INIT;

		counts[c->kind]++;
		if (!c->eid) {
			const unsigned char *p;
			size_t base, stem, k;

			if (!top)
				dstr_addf(&s, "%s__", n->eid);
			dstr_addf(&s, "%s_", text_eid_prefix(c->kind));
			base = s.len;
			/* letters and digits; any run of other characters is one '-' */
			for (p = (const unsigned char *)(c->num ? c->num : ""); *p; p++) {
				int alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					(*p >= '0' && *p <= '9');

				if (alnum)
					dstr_addc(&s, (char)*p);
				else if (s.len > base && s.ptr[s.len - 1] != '-')
					dstr_addc(&s, '-');
			}
			while (s.len > base && s.ptr[s.len - 1] == '-')
				s.ptr[--s.len] = '\0';
			if (s.len == base || s.len - base > TEXT_EID_NUM_MAX ||
			    (!s.oom && akn_eid_set_has(r->taken, s.ptr))) {
				s.len = base;
				dstr_addf(&s, "%zu", counts[c->kind]);
			}
			stem = s.len;
			for (k = 2; !s.oom && akn_eid_set_has(r->taken, s.ptr); k++) {
				s.len = stem;
				dstr_addf(&s, "-%zu", k);
			}
			if (s.oom) {
				r->oom = 1;
				dstr_free(&s);
				return given;
			}
			c->eid = dstr_detach(&s);
			if (akn_eid_set_add(r->taken, c->eid) < 0) {
				r->oom = 1;
				return given;
			}
			given++;
		}
		given += fill_eids(r, c);
	}
	return given;
}

/* Amending provisions quote whole structures (articles, paragraphs) that
 * are not provisions of this document: they stay text, said once each. */
static void warn_quoted(struct reader *r, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (mod_quoted(c) || mod_words(c))
			continue; /* read as a quotation, or the words of an instruction */
		if (named(c, "mod") || named(c, "quotedStructure")) {
			char *id = attr(c, "eId");

			warn(r, c, "akn-quoted",
				"amending provision%s%s%s: its quoted text is kept as text of the provision it sits in",
				id ? " '" : "", id ? id : "", id ? "'" : "");
			free(id);
			continue;
		}
		warn_quoted(r, c);
	}
}

/*
 * Every text and attribute value is text a record may hold
 * (dossier_text_check): libxml2 has made sure of UTF-8 and of XML's
 * characters, which still let through U+007F. Each fault is reported at
 * its element; the first is the error. DOSSIER_EINVALID when any.
 */
static void check_node_strings(struct reader *r, xmlNodePtr n, unsigned *faults)
{
	dossier_text_fault f;
	char desc[48];
	xmlNodePtr c;
	xmlAttrPtr a;

	for (c = n; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
		    dossier_text_check(&f, (const char *)c->content, strlen((const char *)c->content)) < 0) {
			dossier_text_fault_describe(desc, sizeof(desc), &f);
			if (r->diags)
				dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "bad-text", r->path, line_of(c),
					col_of(c), "the text of <%s> holds %s", c->parent ? (const char *)c->parent->name : "?",
					desc);
			if ((*faults)++ == 0)
				dossier_error_set_at(r->err, DOSSIER_EINVALID, r->path, line_of(c), col_of(c),
					"the text of <%s> holds %s", c->parent ? (const char *)c->parent->name : "?", desc);
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (a = c->properties; a; a = a->next) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

			if (v && dossier_text_check(&f, (const char *)v, strlen((const char *)v)) < 0) {
				dossier_text_fault_describe(desc, sizeof(desc), &f);
				if (r->diags)
					dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "bad-text", r->path, line_of(c),
						col_of(c), "attribute '%s' of <%s> holds %s", (const char *)a->name,
						(const char *)c->name, desc);
				if ((*faults)++ == 0)
					dossier_error_set_at(r->err, DOSSIER_EINVALID, r->path, line_of(c), col_of(c),
						"attribute '%s' of <%s> holds %s", (const char *)a->name, (const char *)c->name, desc);
			}
			xmlFree(v);
		}
		if (c->children)
			check_node_strings(r, c->children, faults);
	}
}

static int check_strings(struct reader *r, xmlNodePtr root)
{
	unsigned faults = 0;

	check_node_strings(r, root, &faults);
	return faults ? DOSSIER_EINVALID : 0;
}

static const char *const body_names[] = {
	"body", "mainBody", "debateBody", "amendmentBody", "judgmentBody", "portionBody",
	"collectionBody", NULL,
};

static void read_document(struct reader *r, xmlNodePtr root, xmlNodePtr top)
{
	xmlNodePtr d = top, c;
	struct level lv = { NULL, 0 };
	dossier_document *doc = r->doc;

	if (named(top, "documentCollection")) {
		xmlNodePtr m = find_main(root); /* components may sit beside the collection */

		if (m) {
			d = m;
		} else {
			warn(r, top, "akn-collection",
				"the collection holds no act or bill: its documents are kept as appendices");
			d = NULL;
		}
	}
	read_lang(r, child_named(d ? d : top, "meta"));
	read_work_date(r, child_named(d ? d : top, "meta"));
	if (d) {
		doc->kind = attr(d, "name");
		if (!doc->kind)
			doc->kind = util_strdup((const char *)d->name);
	} else {
		doc->kind = util_strdup("documentCollection");
	}
	if (named(d, "debate")) {
		r->is_debate = 1;
		warn(r, d, "akn-debate",
			"a debate has no articles: its speeches are read as the text of its sections");
	}
	lv.node = doc->body;
	for (c = d ? d->children : NULL; c && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "meta") || named(c, "components") || named(c, "attachments"))
			continue;
		if (named(c, "preface") || named(c, "coverPage"))
			read_preface(r, c);
		else if (named(c, "preamble"))
			read_preamble(r, c);
		else if (named(c, "conclusions")) {
			void *t[2] = { &doc->conclusions, &doc->nconclusions };

			collect_blocks(r, c, strv_para, t);
		} else if (is_akn(c) && name_in((const char *)c->name, body_names))
			read_level(r, c, &lv, 0);
		else {
			warn(r, c, "akn-unsupported", "element '%s' kept as text", (const char *)c->name);
			collect_blocks(r, c, node_para, &lv);
		}
	}
	if (d)
		warn_quoted(r, d);
	/* Attachments and components of the main document, and the rest of a
	 * collection, become appendices. */
	if (d) {
		xmlNodePtr a;

		for (a = d->children; a; a = a->next)
			if (named(a, "attachments") || named(a, "components"))
				keep_components(r, a, NULL);
	}
	if (d != top)
		keep_components(r, root, d);
}

static int add_taken(const dossier_node *node, void *payload)
{
	return node->eid ? akn_eid_set_add(payload, node->eid) < 0 : 0;
}

int dossier_akn_read(dossier_document **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err)
{
	xmlDocPtr xdoc = NULL;
	xmlNodePtr root, top;
	struct reader r;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	if ((rc = akn_parse(&xdoc, path, data, len, NULL, err)) < 0)
		return rc;
	root = xmlDocGetRootElement(xdoc);
	if ((rc = akn_check_root(root, path, err)) < 0)
		goto done;
	for (top = root->children; top && !is_doc_type(top); top = top->next)
		;
	if (!top) {
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, line_of(root), col_of(root),
			"akomaNtoso holds no document (act, bill, doc, debate, …)");
		goto done;
	}
	r.path = path;
	r.diags = diags;
	r.err = err;
	if ((rc = check_strings(&r, root)) < 0)
		goto done;
	if ((rc = dossier_document_new(&r.doc, DOSSIER_LANG_ENG)) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	read_document(&r, root, top);
	if (r.oom) {
		dossier_document_free(r.doc);
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (r.bad_eids) {
		dossier_document_free(r.doc);
		rc = DOSSIER_EINVALID;
		goto done;
	}
	if (r.missing_eid) {
		unsigned given = 0;

		/* the eIds given here never take one the document gave */
		if (akn_eid_set_new(&r.taken) < 0 || dossier_document_walk(r.doc, add_taken, r.taken)) {
			r.oom = 1;
		} else {
			given = fill_eids(&r, r.doc->body);
			warn(&r, root, "akn-eids", "%u provision%s had no eId: given by the naming convention",
				given, given == 1 ? "" : "s");
		}
		akn_eid_set_free(r.taken);
		r.taken = NULL;
	}
	if (r.oom) {
		dossier_document_free(r.doc);
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (!text_has_provisions(r.doc)) {
		/* Said here, at the document, rather than by the writer without a place. */
		xmlNodePtr at = top;

		for (at = top->children; at && !(is_akn(at) && name_in((const char *)at->name, body_names));
		     at = at->next)
			;
		if (!at)
			at = top;
		dossier_document_free(r.doc);
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, line_of(at), col_of(at),
			"the document has no provisions: <%s> holds no article and no text", (const char *)at->name);
		if (diags)
			dossier_diags_add(diags, DOSSIER_SEVERITY_ERROR, "no-provisions", path, line_of(at), col_of(at),
				"the document has no provisions: <%s> holds no article and no text", (const char *)at->name);
		goto done;
	}
	if ((rc = akn_eid_unique(r.doc, path, diags, err)) < 0) {
		dossier_document_free(r.doc);
		goto done;
	}
	if (dossier_document_take_notes(r.doc, r.note_markers, r.note_texts, r.nnotes, NULL) < 0) {
		dossier_document_free(r.doc);
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	*out = r.doc;
	rc = 0;
done:
	for (size_t i = 0; i < r.nnotes; i++) {
		free(r.note_markers[i]);
		free(r.note_texts[i]);
	}
	free(r.note_markers);
	free(r.note_texts);
	xmlFreeDoc(xdoc);
	return rc;
}
