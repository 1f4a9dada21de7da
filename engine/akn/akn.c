/*
 * akn.c: a document to Akoma Ntoso 3.0 XML (the writer; the reader is
 * akn_read.c, the schema check akn_validate.c).
 *
 * A draft is written as <bill name="KIND"> (see docs/akn.md for why not
 * <act>): FRBR identification under /akn/vn/bill/KIND/DATE/NUMBER, the
 * issuing body as a TLCOrganization, the header in <preface>, the "Căn cứ"
 * lines in <preamble>, the provisions in <body> with their eIds, appendices
 * as <hcontainer name="appendix">, and the signature block in
 * <conclusions>. The tree is built with libxml2, which does all escaping and
 * encoding, and dumped pretty-printed as UTF-8. Nothing depends on the clock:
 * the same model and options give the same bytes.
 */
#include "dossier/akn.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "akn/akn_int.h"
#include "dossier/calendar.h"
#include "base/util.h"
#include "text/text.h"

struct writer {
	xmlDocPtr doc;
	xmlNsPtr ns;
	dossier_lang lang;
	int oom;
	int bad_utf8;     /* a string of the model is not UTF-8 */
	const char *bad_what;
};

static int check_utf8(struct writer *w, const char *s, const char *what)
{
	if (s && !xmlCheckUTF8((const xmlChar *)s)) {
		if (!w->bad_utf8)
			w->bad_what = what;
		w->bad_utf8 = 1;
		return 0;
	}
	return 1;
}

static xmlNodePtr add_el(struct writer *w, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewChild(parent, w->ns, (const xmlChar *)name, NULL);

	if (!n)
		w->oom = 1;
	return n;
}

static void set_attr(struct writer *w, xmlNodePtr n, const char *name, const char *value)
{
	if (!n)
		return;
	if (!check_utf8(w, value, name))
		return;
	if (!xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value))
		w->oom = 1;
}

/* An attribute holding text of the model, normalised like element text. */
static void set_attr_text(struct writer *w, xmlNodePtr n, const char *name, const char *value)
{
	char *norm;

	if (!value || !check_utf8(w, value, name))
		return;
	norm = akn_norm_text(value, strlen(value));
	if (!norm) {
		w->oom = 1;
		return;
	}
	set_attr(w, n, name, norm);
	free(norm);
}

/* Append normalised text to an element (libxml2 escapes it). */
static void add_text(struct writer *w, xmlNodePtr parent, const char *text)
{
	char *norm;
	xmlNodePtr t;

	if (!parent || !text || !check_utf8(w, text, "text"))
		return;
	norm = akn_norm_text(text, strlen(text));
	if (!norm) {
		w->oom = 1;
		return;
	}
	t = xmlNewDocText(w->doc, (const xmlChar *)norm);
	free(norm);
	if (!t || !xmlAddChild(parent, t))
		w->oom = 1;
}

/* Append fixed text of our own, as it is (no trimming). */
static void add_literal(struct writer *w, xmlNodePtr parent, const char *text)
{
	xmlNodePtr t;

	if (!parent)
		return;
	t = xmlNewDocText(w->doc, (const xmlChar *)text);
	if (!t || !xmlAddChild(parent, t))
		w->oom = 1;
}

static xmlNodePtr add_text_el(struct writer *w, xmlNodePtr parent, const char *name,
	const char *text)
{
	xmlNodePtr n = add_el(w, parent, name);

	add_text(w, n, text);
	return n;
}

/* Whether s has anything a reader would see (not only blanks or control
 * characters). Blank paragraphs are not written: they would not come back. */
static int has(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s > ' ' && *s != 0x7f)
			return 1;
	return 0;
}

static size_t count_paras(char *const *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += has(v[i]);
	return k;
}

static void add_paras(struct writer *w, xmlNodePtr parent, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (has(v[i]))
			add_text_el(w, parent, "p", v[i]);
}

/* ---- meta ---- */

struct ids {
	char *kind;     /* the name attribute */
	char *kind_uri; /* its URI component */
	char *date;
	const char *date_name;
	char *number;   /* URI component */
	char *author;   /* TLC id of the issuing body */
	char *drafter;  /* TLC id of the drafting body, or NULL */
	char *place;    /* TLC id of the place, or NULL */
	char *work, *expr;
};

static void ids_release(struct ids *ids)
{
	free(ids->kind);
	free(ids->kind_uri);
	free(ids->date);
	free(ids->number);
	free(ids->author);
	free(ids->drafter);
	free(ids->place);
	free(ids->work);
	free(ids->expr);
}

static int ids_make(struct ids *ids, const dossier_document *doc, const dossier_akn_options *o,
	dossier_error *err)
{
	const dossier_preface *pf = &doc->preface;

	memset(ids, 0, sizeof(*ids));
	ids->kind = util_strdup(doc->kind && *doc->kind ? doc->kind : "decree");
	ids->kind_uri = text_slug(ids->kind, 0);
	if (ids->kind_uri && !*ids->kind_uri) {
		free(ids->kind_uri);
		ids->kind_uri = util_strdup("decree");
	}
	if (o && o->work_date) {
		if (!akn_is_iso_date(o->work_date))
			return dossier_error_set(err, DOSSIER_EINVALID,
				"invalid work date '%s' (expected YYYY-MM-DD)", o->work_date);
		ids->date = util_strdup(o->work_date);
		ids->date_name = "draft";
	} else if (akn_is_iso_date(pf->date)) {
		ids->date = util_strdup(pf->date);
		ids->date_name = "draft";
	} else {
		ids->date = util_strdup(AKN_FALLBACK_DATE);
		ids->date_name = "unknown";
	}
	ids->number = text_slug(pf->number, 0);
	if (ids->number && !*ids->number) {
		free(ids->number);
		ids->number = util_strdup("draft");
	}
	if (o && o->author && *o->author)
		ids->author = text_slug(o->author, 0);
	else
		ids->author = text_slug(pf->issuer, 0);
	if (ids->author && !*ids->author) {
		free(ids->author);
		ids->author = util_strdup("author");
	}
	if (o && o->version >= 2 && o->drafter && *o->drafter) {
		ids->drafter = text_slug(o->drafter, 0);
		if (ids->drafter && (!*ids->drafter || !strcmp(ids->drafter, ids->author))) {
			free(ids->drafter);
			ids->drafter = NULL;
		}
	}
	if (pf->place && *pf->place) {
		char *s = text_slug(pf->place, 0);

		ids->place = s ? util_sprintf("place-%s", *s ? s : "1") : NULL;
		free(s);
	}
	if (ids->kind && ids->kind_uri && ids->date && ids->number && ids->author) {
		ids->work = util_sprintf("/akn/vn/bill/%s/%s/%s", ids->kind_uri, ids->date,
			ids->number);
		if (ids->work)
			ids->expr = util_sprintf("%s/%s@", ids->work,
				doc->lang == DOSSIER_LANG_ENG ? "eng" : "vie");
	}
	if (!ids->expr)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

static void frbr_common(struct writer *w, xmlNodePtr blk, const struct ids *ids,
	const char *this_v, const char *uri_v)
{
	xmlNodePtr n;
	char *href = util_sprintf("#%s", ids->author);

	set_attr(w, add_el(w, blk, "FRBRthis"), "value", this_v);
	set_attr(w, add_el(w, blk, "FRBRuri"), "value", uri_v);
	n = add_el(w, blk, "FRBRdate");
	set_attr(w, n, "date", ids->date);
	set_attr(w, n, "name", ids->date_name);
	if (!href)
		w->oom = 1;
	else
		set_attr(w, add_el(w, blk, "FRBRauthor"), "href", href);
	free(href);
}

static void write_meta(struct writer *w, xmlNodePtr act, const dossier_document *doc,
	const struct ids *ids, const dossier_akn_options *o)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr meta = add_el(w, act, "meta");
	xmlNodePtr idn = add_el(w, meta, "identification");
	xmlNodePtr blk, refs, n;
	char *source = util_sprintf("#%s", ids->author);
	char *s1 = util_sprintf("%s/!main", ids->work);
	char *s2 = util_sprintf("%s/!main", ids->expr);
	char *s3 = util_sprintf("%s/!main.xml", ids->expr);
	char *s4 = util_sprintf("%s.akn", ids->expr);
	char *path = NULL, *dhref = NULL;

	if (!source || !s1 || !s2 || !s3 || !s4) {
		w->oom = 1;
		goto done;
	}
	set_attr(w, idn, "source", source);

	blk = add_el(w, idn, "FRBRWork");
	frbr_common(w, blk, ids, s1, ids->work);
	if (ids->drafter) {
		dhref = util_sprintf("#%s", ids->drafter);
		set_attr(w, add_el(w, blk, "FRBRauthor"), "href", dhref);
	}
	set_attr(w, add_el(w, blk, "FRBRcountry"), "value", "vn");
	if (pf->number && *pf->number)
		set_attr_text(w, add_el(w, blk, "FRBRnumber"), "value", pf->number);
	set_attr(w, add_el(w, blk, "FRBRname"), "value", ids->kind);

	blk = add_el(w, idn, "FRBRExpression");
	frbr_common(w, blk, ids, s2, ids->expr);
	set_attr(w, add_el(w, blk, "FRBRlanguage"), "language",
		doc->lang == DOSSIER_LANG_ENG ? "eng" : "vie");

	blk = add_el(w, idn, "FRBRManifestation");
	frbr_common(w, blk, ids, s3, s4);

	refs = add_el(w, meta, "references");
	set_attr(w, refs, "source", source);
	n = add_el(w, refs, "TLCOrganization");
	set_attr(w, n, "eId", ids->author);
	path = util_sprintf("/akn/ontology/organization/vn/%s", ids->author);
	set_attr(w, n, "href", path);
	set_attr_text(w, n, "showAs", o && o->author && *o->author ? o->author :
		pf->issuer && *pf->issuer ? pf->issuer : ids->author);
	free(path);
	if (ids->drafter) {
		n = add_el(w, refs, "TLCOrganization");
		set_attr(w, n, "eId", ids->drafter);
		path = util_sprintf("/akn/ontology/organization/vn/%s", ids->drafter);
		set_attr(w, n, "href", path);
		set_attr_text(w, n, "showAs", o->drafter);
		free(path);
	}
	if (ids->place) {
		n = add_el(w, refs, "TLCLocation");
		set_attr(w, n, "eId", ids->place);
		path = util_sprintf("/akn/ontology/location/vn/%s", ids->place + strlen("place-"));
		set_attr(w, n, "href", path);
		set_attr_text(w, n, "showAs", pf->place);
		free(path);
	}
done:
	free(dhref);
	free(source);
	free(s1);
	free(s2);
	free(s3);
	free(s4);
}

/* ---- preface and preamble ---- */

/* "ngày 04 tháng 10 năm 2024": days below 10 and months below 3 take a
 * leading zero, as the rules on administrative documents ask; in English
 * "4 October 2024". */
char *akn_date_words(const char *iso, dossier_lang lang)
{
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);

	if (lang == DOSSIER_LANG_ENG)
		return util_sprintf("%d %s %d", d, dossier_month_name(m), y);
	return util_sprintf("ngày %s%d tháng %s%d năm %d", d < 10 ? "0" : "", d,
		m < 3 ? "0" : "", m, y);
}

static void write_preface(struct writer *w, xmlNodePtr act, const dossier_document *doc,
	const struct ids *ids)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr pre, p, n;
	char *ref;
	size_t i;

	if (!has(pf->issuer) && !has(pf->number) && !has(pf->place) && !has(pf->date) &&
	    !has(pf->doc_type) && !has(pf->title) && !count_paras(pf->other, pf->nother))
		return;
	pre = add_el(w, act, "preface");
	if (has(pf->issuer)) {
		p = add_el(w, pre, "p");
		set_attr(w, p, "class", AKN_CLASS_ISSUER);
		n = add_text_el(w, p, "organization", pf->issuer);
		ref = util_sprintf("#%s", ids->author);
		set_attr(w, n, "refersTo", ref);
		free(ref);
	}
	if (has(pf->number)) {
		p = add_el(w, pre, "p");
		set_attr(w, p, "class", AKN_CLASS_NUMBER);
		add_literal(w, p, doc->lang == DOSSIER_LANG_ENG ? "No. " : "Số: ");
		add_text_el(w, p, "docNumber", pf->number);
	}
	if (has(pf->place) || akn_is_iso_date(pf->date)) {
		p = add_el(w, pre, "p");
		set_attr(w, p, "class", AKN_CLASS_PLACE_DATE);
		if (has(pf->place) && ids->place) {
			n = add_text_el(w, p, "location", pf->place);
			ref = util_sprintf("#%s", ids->place);
			set_attr(w, n, "refersTo", ref);
			free(ref);
		}
		if (akn_is_iso_date(pf->date)) {
			char *words = akn_date_words(pf->date, doc->lang);

			if (has(pf->place) && ids->place)
				add_literal(w, p, ", ");
			n = add_text_el(w, p, "docDate", words);
			set_attr(w, n, "date", pf->date);
			free(words);
		}
	}
	if (has(pf->date) && !akn_is_iso_date(pf->date)) {
		p = add_text_el(w, pre, "p", pf->date);
		set_attr(w, p, "class", AKN_CLASS_DATE);
	}
	for (i = 0; i < pf->nother; i++) {
		if (!has(pf->other[i]))
			continue;
		p = add_text_el(w, pre, "p", pf->other[i]);
		set_attr(w, p, "class", AKN_CLASS_OTHER);
	}
	if (has(pf->doc_type) || has(pf->title)) {
		xmlNodePtr lt = add_el(w, pre, "longTitle");

		if (has(pf->doc_type))
			add_text_el(w, add_el(w, lt, "p"), "docType", pf->doc_type);
		if (has(pf->title))
			add_text_el(w, add_el(w, lt, "p"), "docTitle", pf->title);
	}
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int is_citation(const char *line)
{
	return starts_with(line, "Căn cứ") || starts_with(line, "Pursuant to") ||
		starts_with(line, "Having regard") || starts_with(line, "In accordance with") ||
		starts_with(line, "Based on");
}

static int is_enacting(const char *line)
{
	return strstr(line, "ban hành") || strstr(line, "promulgate") ||
		strstr(line, "hereby") || strstr(line, "HAS ADOPTED") ||
		strstr(line, "HAVE ADOPTED");
}

/* Consecutive "Căn cứ …" lines become one <citations>; the last line, when
 * it enacts, a <formula name="enactingFormula">; anything else a <p>. */
static void write_preamble(struct writer *w, xmlNodePtr act, const dossier_document *doc)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr pre, cits = NULL;
	size_t i;

	if (!count_paras(pf->preamble, pf->npreamble))
		return;
	pre = add_el(w, act, "preamble");
	for (i = 0; i < pf->npreamble; i++) {
		const char *line = pf->preamble[i];

		if (!has(line))
			continue;

		if (is_citation(line)) {
			if (!cits)
				cits = add_el(w, pre, "citations");
			add_text_el(w, add_el(w, cits, "citation"), "p", line);
			continue;
		}
		cits = NULL;
		if (i + 1 == pf->npreamble && is_enacting(line)) {
			xmlNodePtr f = add_el(w, pre, "formula");

			set_attr(w, f, "name", "enactingFormula");
			add_text_el(w, f, "p", line);
		} else {
			add_text_el(w, pre, "p", line);
		}
	}
}

/* The signature block and the list of recipients ("Nơi nhận:" and the
 * "- …" lines under it, which becomes a <blockContainer class="recipients">);
 * every line stays one <p> in its order. */
static void write_conclusions(struct writer *w, xmlNodePtr act, const dossier_document *doc)
{
	xmlNodePtr c = add_el(w, act, "conclusions"), box = NULL;
	size_t i;

	for (i = 0; i < doc->nconclusions; i++) {
		const char *line = doc->conclusions[i];

		if (!has(line))
			continue;

		if (starts_with(line, "Nơi nhận") || starts_with(line, "Recipients")) {
			box = add_el(w, c, "blockContainer");
			set_attr(w, box, "class", "recipients");
		} else if (box && !(line[0] == '-' || line[0] == '+' || starts_with(line, "–"))) {
			box = NULL;
		}
		add_text_el(w, box ? box : c, "p", line);
	}
}

/* ---- body ---- */

static const char *element_name(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_PART: return "part";
	case DOSSIER_NODE_CHAPTER: return "chapter";
	case DOSSIER_NODE_SECTION: return "section";
	case DOSSIER_NODE_ARTICLE: return "article";
	case DOSSIER_NODE_CLAUSE: return "paragraph";
	case DOSSIER_NODE_POINT: return "point";
	default: return "hcontainer";
	}
}

static int has_article(const dossier_node *n)
{
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if (n->children[i]->kind == DOSSIER_NODE_ARTICLE || has_article(n->children[i]))
			return 1;
	return 0;
}

static void write_node(struct writer *w, xmlNodePtr parent, const dossier_node *n)
{
	xmlNodePtr el = add_el(w, parent, element_name(n->kind));
	size_t i, ntext, nwrapup;

	if (!el)
		return;
	if (n->kind == DOSSIER_NODE_APPENDIX || n->kind == DOSSIER_NODE_BODY)
		set_attr(w, el, "name", AKN_HC_APPENDIX);
	/* A reader takes a <section> without articles for an article (US and
	 * UK style); say that this one groups. */
	if (n->kind == DOSSIER_NODE_SECTION && !has_article(n))
		set_attr(w, el, "class", AKN_CLASS_GROUP);
	if (has(n->eid))
		set_attr(w, el, "eId", n->eid);
	if (has(n->num)) {
		char *label;

		check_utf8(w, n->num, "number");
		label = akn_num_label(n->kind, w->lang, n->num);
		if (!label)
			w->oom = 1;
		add_text_el(w, el, "num", label);
		free(label);
	}
	if (n->heading)
		add_text_el(w, el, "heading", n->heading);
	ntext = count_paras(n->text, n->ntext);
	nwrapup = count_paras(n->wrapup, n->nwrapup);
	if (n->nchildren == 0 && nwrapup == 0) {
		if (ntext)
			add_paras(w, add_el(w, el, "content"), n->text, n->ntext);
		return;
	}
	if (ntext)
		add_paras(w, add_el(w, el, "intro"), n->text, n->ntext);
	for (i = 0; i < n->nchildren; i++)
		write_node(w, el, n->children[i]);
	if (nwrapup)
		add_paras(w, add_el(w, el, "wrapUp"), n->wrapup, n->nwrapup);
}

static void write_body(struct writer *w, xmlNodePtr act, const dossier_node *body)
{
	xmlNodePtr b = add_el(w, act, "body"), hc;
	size_t i;

	if (count_paras(body->text, body->ntext)) {
		hc = add_el(w, b, "hcontainer");
		set_attr(w, hc, "name", AKN_HC_BODY_TEXT);
		add_paras(w, add_el(w, hc, "content"), body->text, body->ntext);
	}
	for (i = 0; i < body->nchildren; i++)
		write_node(w, b, body->children[i]);
	if (count_paras(body->wrapup, body->nwrapup)) {
		hc = add_el(w, b, "hcontainer");
		set_attr(w, hc, "name", AKN_HC_BODY_WRAPUP);
		add_paras(w, add_el(w, hc, "content"), body->wrapup, body->nwrapup);
	}
}

int dossier_akn_write(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err)
{
	struct writer w;
	struct ids ids;
	xmlNodePtr root, act;
	xmlChar *mem = NULL;
	int size = 0, rc;

	*out = NULL;
	if (len)
		*len = 0;
	if (opts && (opts->version < 1 || opts->version > DOSSIER_AKN_OPTIONS_VERSION))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"unsupported akn options version %u", opts->version);
	if (!doc || !doc->body)
		return dossier_error_set(err, DOSSIER_EINVALID, "no document to write");
	if (doc->body->nchildren == 0 && !count_paras(doc->body->text, doc->body->ntext) &&
	    !count_paras(doc->body->wrapup, doc->body->nwrapup))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"the document has no provisions: an akoma ntoso body needs at least one");
	if ((rc = ids_make(&ids, doc, opts, err)) < 0) {
		ids_release(&ids);
		return rc;
	}
	memset(&w, 0, sizeof(w));
	w.lang = doc->lang;
	w.doc = xmlNewDoc((const xmlChar *)"1.0");
	root = w.doc ? xmlNewDocNode(w.doc, NULL, (const xmlChar *)"akomaNtoso", NULL) : NULL;
	if (!root) {
		xmlFreeDoc(w.doc);
		ids_release(&ids);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	xmlDocSetRootElement(w.doc, root);
	w.ns = xmlNewNs(root, (const xmlChar *)AKN_NS, NULL);
	xmlSetNs(root, w.ns);

	act = add_el(&w, root, "bill");
	set_attr(&w, act, "name", ids.kind);
	set_attr(&w, act, "contains", "originalVersion");
	write_meta(&w, act, doc, &ids, opts);
	write_preface(&w, act, doc, &ids);
	write_preamble(&w, act, doc);
	write_body(&w, act, doc->body);
	if (count_paras(doc->conclusions, doc->nconclusions))
		write_conclusions(&w, act, doc);
	ids_release(&ids);

	if (w.bad_utf8) {
		xmlFreeDoc(w.doc);
		return dossier_error_set(err, DOSSIER_EINVALID,
			"the document holds invalid UTF-8 (in a %s)", w.bad_what);
	}
	if (!w.oom)
		xmlDocDumpFormatMemoryEnc(w.doc, &mem, &size, "UTF-8", 1);
	xmlFreeDoc(w.doc);
	if (w.oom || !mem) {
		xmlFree(mem);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = util_strndup((const char *)mem, (size_t)size);
	xmlFree(mem);
	if (!*out)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (len)
		*len = (size_t)size;
	return 0;
}
