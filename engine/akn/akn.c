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
 *
 * akn_write() (akn_write.h) writes the same tree with the annotations of an
 * akn_annot (akn_annot.c) in place: classes, wIds and marks on the
 * provisions as they are written, deleted provisions beside them, and
 * (akn_annot_write.c) notes and extra metadata in the schema's order; the
 * tree helpers both files use are in akn_tree.c. An element that holds marks
 * gets an empty text node first, so that the dump keeps it on one line
 * (libxml2 indents only elements without text), and an empty text is not
 * written at all, so that the output is what a dump of the plain output
 * read back and marked gave before this writer existed.
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

akn_prov *akn_annot_find(akn_annot *a, const char *eid)
{
	size_t s;

	if (!eid || !a->nslots)
		return NULL;
	for (s = akn_eid_hash(eid) & (a->nslots - 1); a->slots[s]; s = (s + 1) & (a->nslots - 1))
		if (!strcmp(a->provs[a->slots[s] - 1].eid, eid))
			return &a->provs[a->slots[s] - 1];
	return NULL;
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
	} else if (akn_is_iso_date(doc->work_date)) {
		/* the Work's date an Akoma Ntoso source gave */
		ids->date = util_strdup(doc->work_date);
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

int akn_own_ids(char **author, char **drafter, char **place, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err)
{
	struct ids ids;
	int rc;

	*author = *drafter = *place = NULL;
	if (opts && (opts->version < 1 || opts->version > DOSSIER_AKN_OPTIONS_VERSION))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"unsupported akn options version %u", opts->version);
	if ((rc = ids_make(&ids, doc, opts, err)) == 0) {
		*author = ids.author;
		*drafter = ids.drafter;
		*place = ids.place;
		ids.author = ids.drafter = ids.place = NULL;
	}
	ids_release(&ids);
	return rc;
}

static void frbr_common(akn_writer *w, xmlNodePtr blk, const struct ids *ids,
	const char *this_v, const char *uri_v)
{
	xmlNodePtr n;
	char *href = util_sprintf("#%s", ids->author);

	akn_w_attr(w, akn_w_el(w, blk, "FRBRthis"), "value", this_v);
	akn_w_attr(w, akn_w_el(w, blk, "FRBRuri"), "value", uri_v);
	n = akn_w_el(w, blk, "FRBRdate");
	akn_w_attr(w, n, "date", ids->date);
	akn_w_attr(w, n, "name", ids->date_name);
	if (!href)
		w->oom = 1;
	else
		akn_w_attr(w, akn_w_el(w, blk, "FRBRauthor"), "href", href);
	free(href);
}

static void write_meta(akn_writer *w, xmlNodePtr act, const dossier_document *doc,
	const struct ids *ids, const dossier_akn_options *o)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr meta = akn_w_el(w, act, "meta");
	xmlNodePtr idn = akn_w_el(w, meta, "identification");
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
	akn_w_attr(w, idn, "source", source);

	blk = akn_w_el(w, idn, "FRBRWork");
	frbr_common(w, blk, ids, s1, ids->work);
	if (ids->drafter) {
		dhref = util_sprintf("#%s", ids->drafter);
		akn_w_attr(w, akn_w_el(w, blk, "FRBRauthor"), "href", dhref);
	}
	akn_w_attr(w, akn_w_el(w, blk, "FRBRcountry"), "value", "vn");
	if (pf->number && *pf->number)
		akn_w_attr_text(w, akn_w_el(w, blk, "FRBRnumber"), "value", pf->number);
	akn_w_attr(w, akn_w_el(w, blk, "FRBRname"), "value", ids->kind);

	blk = akn_w_el(w, idn, "FRBRExpression");
	frbr_common(w, blk, ids, s2, ids->expr);
	if (w->an && w->an->version)
		akn_w_attr(w, akn_w_el(w, blk, "FRBRversionNumber"), "value", w->an->version);
	akn_w_attr(w, akn_w_el(w, blk, "FRBRlanguage"), "language",
		doc->lang == DOSSIER_LANG_ENG ? "eng" : "vie");

	blk = akn_w_el(w, idn, "FRBRManifestation");
	frbr_common(w, blk, ids, s3, s4);

	if (w->an)
		akn_w_history(w, meta, w->an->source ? w->an->source : source);
	refs = akn_w_el(w, meta, "references");
	akn_w_attr(w, refs, "source", source);
	n = akn_w_el(w, refs, "TLCOrganization");
	akn_w_attr(w, n, "eId", ids->author);
	path = util_sprintf("/akn/ontology/organization/vn/%s", ids->author);
	akn_w_attr(w, n, "href", path);
	akn_w_attr_text(w, n, "showAs", o && o->author && *o->author ? o->author :
		pf->issuer && *pf->issuer ? pf->issuer : ids->author);
	free(path);
	if (ids->drafter) {
		n = akn_w_el(w, refs, "TLCOrganization");
		akn_w_attr(w, n, "eId", ids->drafter);
		path = util_sprintf("/akn/ontology/organization/vn/%s", ids->drafter);
		akn_w_attr(w, n, "href", path);
		akn_w_attr_text(w, n, "showAs", o->drafter);
		free(path);
	}
	if (ids->place) {
		n = akn_w_el(w, refs, "TLCLocation");
		akn_w_attr(w, n, "eId", ids->place);
		path = util_sprintf("/akn/ontology/location/vn/%s", ids->place + strlen("place-"));
		akn_w_attr(w, n, "href", path);
		akn_w_attr_text(w, n, "showAs", pf->place);
		free(path);
	}
	if (w->an)
		akn_w_extra_meta(w, meta, refs, w->an->source ? w->an->source : source);
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

static xmlNodePtr write_preface(akn_writer *w, xmlNodePtr act, const dossier_document *doc,
	const struct ids *ids)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr pre, p, n;
	char *ref;
	size_t i;

	if (!akn_has_text(pf->issuer) && !akn_has_text(pf->number) && !akn_has_text(pf->place) && !akn_has_text(pf->date) &&
	    !akn_has_text(pf->doc_type) && !akn_has_text(pf->title) && !akn_count_paras(pf->other, pf->nother))
		return NULL;
	pre = akn_w_el(w, act, "preface");
	if (akn_has_text(pf->issuer)) {
		p = akn_w_el(w, pre, "p");
		akn_w_attr(w, p, "class", AKN_CLASS_ISSUER);
		n = akn_w_text_el(w, p, "organization", pf->issuer);
		ref = util_sprintf("#%s", ids->author);
		akn_w_attr(w, n, "refersTo", ref);
		free(ref);
	}
	if (akn_has_text(pf->number)) {
		p = akn_w_el(w, pre, "p");
		akn_w_attr(w, p, "class", AKN_CLASS_NUMBER);
		akn_w_literal(w, p, doc->lang == DOSSIER_LANG_ENG ? "No. " : "Số: ");
		akn_w_text_el(w, p, "docNumber", pf->number);
	}
	if (akn_has_text(pf->place) || akn_is_iso_date(pf->date)) {
		p = akn_w_el(w, pre, "p");
		akn_w_attr(w, p, "class", AKN_CLASS_PLACE_DATE);
		if (akn_has_text(pf->place) && ids->place) {
			n = akn_w_text_el(w, p, "location", pf->place);
			ref = util_sprintf("#%s", ids->place);
			akn_w_attr(w, n, "refersTo", ref);
			free(ref);
		}
		if (akn_is_iso_date(pf->date)) {
			char *words = akn_date_words(pf->date, doc->lang);

			if (akn_has_text(pf->place) && ids->place)
				akn_w_literal(w, p, ", ");
			n = akn_w_text_el(w, p, "docDate", words);
			akn_w_attr(w, n, "date", pf->date);
			free(words);
		}
	}
	if (akn_has_text(pf->date) && !akn_is_iso_date(pf->date)) {
		p = akn_w_text_el(w, pre, "p", pf->date);
		akn_w_attr(w, p, "class", AKN_CLASS_DATE);
	}
	for (i = 0; i < pf->nother; i++) {
		if (!akn_has_text(pf->other[i]))
			continue;
		p = akn_w_text_el(w, pre, "p", pf->other[i]);
		akn_w_attr(w, p, "class", AKN_CLASS_OTHER);
	}
	if (akn_has_text(pf->doc_type) || akn_has_text(pf->title)) {
		xmlNodePtr lt = akn_w_el(w, pre, "longTitle");

		if (akn_has_text(pf->doc_type))
			akn_w_text_el(w, akn_w_el(w, lt, "p"), "docType", pf->doc_type);
		if (akn_has_text(pf->title))
			akn_w_text_el(w, akn_w_el(w, lt, "p"), "docTitle", pf->title);
	}
	return pre;
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
static xmlNodePtr write_preamble(akn_writer *w, xmlNodePtr act, const dossier_document *doc)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr pre, cits = NULL;
	size_t i;

	if (!akn_count_paras(pf->preamble, pf->npreamble))
		return NULL;
	pre = akn_w_el(w, act, "preamble");
	for (i = 0; i < pf->npreamble; i++) {
		const char *line = pf->preamble[i];

		if (!akn_has_text(line))
			continue;

		if (is_citation(line)) {
			if (!cits)
				cits = akn_w_el(w, pre, "citations");
			akn_w_text_el(w, akn_w_el(w, cits, "citation"), "p", line);
			continue;
		}
		cits = NULL;
		if (i + 1 == pf->npreamble && is_enacting(line)) {
			xmlNodePtr f = akn_w_el(w, pre, "formula");

			akn_w_attr(w, f, "name", "enactingFormula");
			akn_w_text_el(w, f, "p", line);
		} else {
			akn_w_text_el(w, pre, "p", line);
		}
	}
	return pre;
}

/* The signature block and the list of recipients ("Nơi nhận:" and the
 * "- …" lines under it, which becomes a <blockContainer class="recipients">);
 * every line stays one <p> in its order. */
static void write_conclusions(akn_writer *w, xmlNodePtr act, const dossier_document *doc)
{
	xmlNodePtr c = akn_w_el(w, act, "conclusions"), box = NULL;
	size_t i;

	for (i = 0; i < doc->nconclusions; i++) {
		const char *line = doc->conclusions[i];

		if (!akn_has_text(line))
			continue;

		if (starts_with(line, "Nơi nhận") || starts_with(line, "Recipients")) {
			box = akn_w_el(w, c, "blockContainer");
			akn_w_attr(w, box, "class", "recipients");
		} else if (box && !(line[0] == '-' || line[0] == '+' || starts_with(line, "–"))) {
			box = NULL;
		}
		akn_w_text_el(w, box ? box : c, "p", line);
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

/* How a provision is being written. */
struct nctx {
	dossier_lang lang;     /* of its numbers */
	bool deleted;          /* an older revision's, as deleted */
	akn_mark wrap;         /* every number, heading and paragraph in this mark */
};

static void write_node(akn_writer *w, xmlNodePtr parent, const dossier_node *n,
	const struct nctx *in, const akn_del_copy *root);

static void write_deleted(akn_writer *w, xmlNodePtr parent, const akn_del_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct nctx c = { l->v[i].lang, true, AKN_MARK_DEL };

		write_node(w, parent, l->v[i].node, &c, &l->v[i]);
	}
}

/* The annotation of a provision about to be written: the first holder of
 * its eId takes it. */
static akn_prov *take(akn_writer *w, const dossier_node *n, const struct nctx *in)
{
	akn_prov *p;

	if (!w->an || in->deleted || !akn_has_text(n->eid) || !(p = akn_annot_find(w->an, n->eid)) || p->used)
		return NULL;
	p->used = true;
	return p;
}

static const akn_runs *para_runs(const akn_prov *p, size_t k)
{
	size_t i;

	for (i = 0; p && i < p->nparas; i++)
		if (p->paras[i].index == k)
			return &p->paras[i].runs;
	return NULL;
}

/* Note j of node as <authorialNote marker eId><p>…</p></authorialNote> in el. */
static void write_note(akn_writer *w, xmlNodePtr el, const dossier_node *node, size_t j)
{
	const dossier_note *nt = &node->notes[j];
	xmlNodePtr an = akn_w_el(w, el, "authorialNote");
	char *eid = akn_has_text(node->eid) ? util_sprintf("%s__authorialNote_%u", node->eid,
		(unsigned)(j + 1)) : NULL;
	const char *q = nt->text, *nl;

	if (akn_has_text(node->eid) && !eid)
		w->oom = 1;
	if (eid)
		akn_w_attr(w, an, "eId", eid);
	free(eid);
	akn_w_attr(w, an, "marker", nt->marker);
	do {
		char *one;

		nl = strchr(q, '\n');
		one = nl ? util_strndup(q, (size_t)(nl - q)) : util_strdup(q);
		if (!one)
			w->oom = 1;
		else if (akn_has_text(one) || q == nt->text)
			akn_w_text_el(w, an, "p", one);
		free(one);
		q = nl ? nl + 1 : NULL;
	} while (q);
}

/* The notes of node marked at its heading (DOSSIER_NOTE_ON_HEADING), at
 * the end of el (its <heading>, or its <num> when it has none). */
static void write_heading_notes(akn_writer *w, xmlNodePtr el, const dossier_node *n)
{
	size_t j;

	for (j = 0; el && j < n->nnotes && j < DOSSIER_NOTE_MAX; j++)
		if (n->notes[j].para == DOSSIER_NOTE_ON_HEADING)
			write_note(w, el, n, j);
}

/* Paragraph i of node's text with its notes: <authorialNote marker eId>
 * where each marker stands (docs/akn.md, "Notes of the text"). The text
 * is normalised with a mark for each note in place, then cut at them. */
static void add_noted(akn_writer *w, xmlNodePtr el, const dossier_node *node, size_t i,
	const char *text)
{
	dstr s = DSTR_INIT;
	size_t j, at = 0, len = strlen(text), o, start;
	char *norm;

	if (!akn_w_utf8(w, text, "text"))
		return;
	for (j = 0; j < node->nnotes; j++) {
		const dossier_note *nt = &node->notes[j];
		uint32_t cp = DOSSIER_NOTE_MARK + (uint32_t)j;
		char mark[4];

		if (nt->para != i || j >= DOSSIER_NOTE_MAX)
			continue;
		o = nt->at < len ? nt->at : len;
		if (o < at)
			o = at;
		dstr_add(&s, text + at, o - at);
		at = o;
		mark[0] = (char)(0xF0 | (cp >> 18));
		mark[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		mark[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		mark[3] = (char)(0x80 | (cp & 0x3F));
		dstr_add(&s, mark, 4);
	}
	dstr_add(&s, text + at, len - at);
	norm = s.oom ? NULL : akn_norm_text(s.ptr ? s.ptr : "", s.len);
	dstr_free(&s);
	if (!norm) {
		w->oom = 1;
		return;
	}
	for (o = start = 0;; o++) {
		const unsigned char *u = (const unsigned char *)norm + o;
		bool mark = u[0] == 0xF3 && u[1] && u[2] && u[3];
		uint32_t cp = mark ? ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
			((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F) : 0;

		mark = mark && cp >= DOSSIER_NOTE_MARK && cp - DOSSIER_NOTE_MARK < node->nnotes;
		if (!*u || mark) {
			if (o > start) {
				char c = norm[o];

				norm[o] = 0;
				akn_w_literal(w, el, norm + start);
				norm[o] = c;
			}
			if (!*u)
				break;
		}
		if (mark) {
			write_note(w, el, node, (size_t)(cp - DOSSIER_NOTE_MARK));
			o += 3;
			start = o + 1;
		}
	}
	free(norm);
}

static const dossier_table *table_at(const dossier_node *node, size_t i)
{
	size_t j;

	for (j = 0; node && j < node->ntables; j++)
		if (node->tables[j].para == i && node->tables[j].nrows && node->tables[j].ncols)
			return &node->tables[j];
	return NULL;
}

/* A table of the text: <table><tr><td><p>…</p></td></tr></table>. */
static void write_table(akn_writer *w, xmlNodePtr box, const dossier_table *t)
{
	xmlNodePtr tb = akn_w_el(w, box, "table"), tr;
	size_t r, c;

	for (r = 0; r < t->nrows; r++) {
		tr = akn_w_el(w, tb, "tr");
		for (c = 0; c < t->ncols; c++)
			akn_w_text_el(w, akn_w_el(w, tr, "td"), "p", t->cells[r * t->ncols + c]);
	}
}

/* An instruction that changes words as <mod eId><quotedText>“X”</quotedText>
 * … </mod> in el, the marks left in the text (docs/akn.md); *mods counts
 * the node's mods (its quotations first). 0 when text is no such one. */
static int write_words_mod(akn_writer *w, xmlNodePtr el, const dossier_node *node, const char *text,
	size_t *mods)
{
	size_t spans[2 * 16], n, k, at = 0;
	char *norm, *eid;
	xmlNodePtr mod;

	if (!akn_w_utf8(w, text, "text"))
		return 1;
	if (!(norm = akn_norm_text(text, strlen(text)))) {
		w->oom = 1;
		return 1;
	}
	if (!(n = text_quoted_words(spans, 16, norm))) {
		free(norm);
		return 0;
	}
	akn_w_inline(w, el);
	mod = akn_w_el(w, el, "mod");
	eid = akn_has_text(node->eid) ? util_sprintf("%s__mod_%zu", node->eid, ++*mods) : NULL;
	if (akn_has_text(node->eid) && !eid)
		w->oom = 1;
	if (eid)
		akn_w_attr(w, mod, "eId", eid);
	free(eid);
	for (k = 0; k < n; k++) {
		char c;

		if (spans[2 * k] > at) {
			c = norm[spans[2 * k]];
			norm[spans[2 * k]] = 0;
			akn_w_literal(w, mod, norm + at);
			norm[spans[2 * k]] = c;
		}
		c = norm[spans[2 * k + 1]];
		norm[spans[2 * k + 1]] = 0;
		akn_w_literal(w, akn_w_el(w, mod, "quotedText"), norm + spans[2 * k]);
		norm[spans[2 * k + 1]] = c;
		at = spans[2 * k + 1];
	}
	if (norm[at])
		akn_w_literal(w, mod, norm + at);
	free(norm);
	return 1;
}

static void write_quotes(akn_writer *w, xmlNodePtr box, const dossier_node *n,
	const struct nctx *in, size_t *next, size_t upto);

/* The provision's own paragraphs into box; *k counts those written, *last
 * is the last <p>. node: whose text it is, for its notes (NULL: none).
 * With qin, node's quotations go in their places among the paragraphs (a
 * quotation before paragraph q->para), the rest after them. */
static void write_paras(akn_writer *w, xmlNodePtr box, char *const *v, size_t n, size_t *k,
	const akn_prov *p, akn_mark wrap, xmlNodePtr *last, const dossier_node *node,
	const struct nctx *qin)
{
	size_t i, mods = node ? node->nquotes : 0, q = 0;

	for (i = 0; i < n; i++) {
		const akn_runs *r;
		const dossier_table *t;
		xmlNodePtr el;

		if (qin)
			write_quotes(w, box, node, qin, &q, i);
		if (!akn_has_text(v[i]))
			continue;
		if (p && *k >= p->keep_paras) {
			(*k)++;
			continue;
		}
		if (!wrap && !para_runs(p, *k) && (t = table_at(node, i))) {
			write_table(w, box, t);
			(*k)++;
			continue;
		}
		el = akn_w_el(w, box, "p");
		if (wrap)
			akn_w_marked(w, el, wrap, v[i]);
		else if ((r = para_runs(p, *k)) != NULL)
			akn_w_runs(w, el, r->v, r->n);
		else if (node && node->nnotes)
			add_noted(w, el, node, i, v[i]);
		else if (!(node && write_words_mod(w, el, node, v[i], &mods)))
			akn_w_text(w, el, v[i]);
		*last = el;
		(*k)++;
	}
	if (qin)
		write_quotes(w, box, node, qin, &q, SIZE_MAX);
}

/* "Điều 9." from the label "Điều 10.", the new number "10" and the old "9". */
static char *old_label(const char *label, const char *num, const char *old)
{
	const char *pos = num && *num ? strstr(label, num) : NULL;

	if (!pos)
		return util_strdup(old);
	return util_sprintf("%.*s%s%s", (int)(pos - label), label, old, pos + strlen(num));
}

static void write_num(akn_writer *w, xmlNodePtr el, const dossier_node *n,
	const struct nctx *in, const akn_prov *p, akn_mark wrap)
{
	char *label;
	xmlNodePtr num;

	akn_w_utf8(w, n->num, "number");
	label = akn_num_label(n->kind, in->lang, n->num);
	if (!label) {
		w->oom = 1;
		return;
	}
	num = akn_w_el(w, el, "num");
	if (wrap) {
		akn_w_marked(w, num, wrap, label);
	} else if (p && p->old_num) {
		char *norm = akn_norm_text(label, strlen(label));
		char *old = norm ? old_label(norm, n->num, p->old_num) : NULL;
		akn_run runs[2] = { { AKN_MARK_DEL, old }, { AKN_MARK_INS, norm } };

		if (!old)
			w->oom = 1;
		else
			akn_w_runs(w, num, runs, 2);
		free(norm);
		free(old);
	} else {
		akn_w_text(w, num, label);
	}
	free(label);
}

static void write_node(akn_writer *w, xmlNodePtr parent, const dossier_node *n,
	const struct nctx *in, const akn_del_copy *root);

/* The quotations of n from *next that stand before paragraph upto, in
 * box: <p><mod eId><quotedStructure eId startQuote endQuote> with the
 * quoted provisions (docs/akn.md). */
static void write_quotes(akn_writer *w, xmlNodePtr box, const dossier_node *n,
	const struct nctx *in, size_t *next, size_t upto)
{
	size_t i, j;

	for (i = *next; i < n->nquotes && n->quotes[i].para <= upto; i = ++*next) {
		const dossier_quote *q = &n->quotes[i];
		xmlNodePtr mod = akn_w_el(w, akn_w_el(w, box, "p"), "mod"), qs;
		char *qid = dossier_quote_qstr_eid(q);

		if (q->eid && !qid)
			w->oom = 1;
		if (q->eid)
			akn_w_attr(w, mod, "eId", q->eid);
		qs = akn_w_el(w, mod, "quotedStructure");
		if (qid)
			akn_w_attr(w, qs, "eId", qid);
		free(qid);
		akn_w_attr(w, qs, "startQuote", "\xE2\x80\x9C");
		akn_w_attr(w, qs, "endQuote", "\xE2\x80\x9D");
		if (akn_count_paras(q->body->text, q->body->ntext))
			akn_w_paras(w, qs, q->body->text, q->body->ntext);
		for (j = 0; j < q->body->nchildren; j++)
			write_node(w, qs, q->body->children[j], in, NULL);
		if (!q->body->nchildren && !akn_count_paras(q->body->text, q->body->ntext))
			akn_w_text_el(w, qs, "p", "");
	}
}

static void write_node(akn_writer *w, xmlNodePtr parent, const dossier_node *n,
	const struct nctx *in, const akn_del_copy *root)
{
	akn_prov *p = take(w, n, in);
	xmlNodePtr el, last = NULL;
	const char *own_cls = NULL, *cls;
	char *joined = NULL;
	akn_mark wrap_own, wrap_sub;
	struct nctx sub = *in;
	size_t i, k = 0, ntext, nwrapup;

	if (p)
		write_deleted(w, parent, &p->before);
	if (!(el = akn_w_el(w, parent, element_name(n->kind))))
		return;
	if (n->kind == DOSSIER_NODE_APPENDIX || n->kind == DOSSIER_NODE_BODY)
		akn_w_attr(w, el, "name", AKN_HC_APPENDIX);
	/* A reader takes a <section> without articles for an article (US and
	 * UK style); say that this one groups. */
	if (n->kind == DOSSIER_NODE_SECTION && !has_article(n))
		own_cls = AKN_CLASS_GROUP;
	cls = root ? root->cls : p ? p->cls : NULL;
	if (cls && own_cls && p && !p->cls_replace) {
		if (!(joined = util_sprintf("%s %s", own_cls, cls)))
			w->oom = 1;
		cls = joined;
	}
	if (own_cls)
		akn_w_attr(w, el, "class", cls ? cls : own_cls);
	if (akn_has_text(n->eid)) {
		if (in->deleted) {
			char *e = util_sprintf("del_%s", n->eid);

			if (!e)
				w->oom = 1;
			akn_w_attr(w, el, "eId", e);
			akn_w_attr(w, el, "wId", n->eid);
			free(e);
		} else {
			akn_w_attr(w, el, "eId", n->eid);
		}
	}
	if (root)
		akn_w_attr(w, el, "status", "removed");
	if (cls && !own_cls)
		akn_w_attr(w, el, "class", cls);
	free(joined);
	if (p && p->wid)
		akn_w_attr(w, el, "wId", p->wid);

	wrap_own = in->wrap ? in->wrap : p ? p->wrap : AKN_MARK_NONE;
	wrap_sub = in->wrap ? in->wrap : p && p->wrap_subtree ? p->wrap : AKN_MARK_NONE;
	sub.wrap = wrap_sub;
	if (akn_has_text(n->num))
		write_num(w, el, n, in, p, wrap_own);
	if (n->heading) {
		xmlNodePtr h = akn_w_el(w, el, "heading");

		if (wrap_own)
			akn_w_marked(w, h, wrap_own, n->heading);
		else if (p && p->heading.set)
			akn_w_runs(w, h, p->heading.v, p->heading.n);
		else
			akn_w_text(w, h, n->heading);
		if (n->nnotes)
			write_heading_notes(w, h, n);
	} else if (n->nnotes && el->last && akn_has_text(n->num)) {
		write_heading_notes(w, el->last, n);
	}
	ntext = akn_count_paras(n->text, n->ntext);
	nwrapup = akn_count_paras(n->wrapup, n->nwrapup);
	/* Sub-provisions deleted from an older revision are children too: the
	 * schema wants <intro>, not <content>, beside them, and them before
	 * the wrap-up. */
	if (n->nchildren == 0 && nwrapup == 0 && !(p && p->end.n)) {
		if (ntext || n->nquotes) {
			xmlNodePtr box = akn_w_el(w, el, "content");

			write_paras(w, box, n->text, n->ntext, &k, p, wrap_sub, &last, n, &sub);
		}
	} else {
		if (ntext || n->nquotes) {
			xmlNodePtr box = akn_w_el(w, el, "intro");

			write_paras(w, box, n->text, n->ntext, &k, p, wrap_sub, &last, n, &sub);
		}
		for (i = 0; i < n->nchildren; i++)
			write_node(w, el, n->children[i], &sub, NULL);
		if (p)
			write_deleted(w, el, &p->end);
		if (nwrapup) {
			xmlNodePtr ignored = NULL;

			write_paras(w, akn_w_el(w, el, "wrapUp"), n->wrapup, n->nwrapup, &k, p, wrap_sub,
				&ignored, NULL, NULL);
		}
	}
	if (p) {
		akn_w_mark_notes(w, p, last);
		write_deleted(w, parent, &p->after);
	}
}

static void write_body(akn_writer *w, xmlNodePtr act, const dossier_node *body)
{
	xmlNodePtr b = akn_w_el(w, act, "body"), hc;
	struct nctx c = { w->lang, false, AKN_MARK_NONE };
	akn_prov *end;
	size_t i;

	if (akn_count_paras(body->text, body->ntext)) {
		hc = akn_w_el(w, b, "hcontainer");
		akn_w_attr(w, hc, "name", AKN_HC_BODY_TEXT);
		akn_w_paras(w, akn_w_el(w, hc, "content"), body->text, body->ntext);
	}
	for (i = 0; i < body->nchildren; i++)
		if (body->children[i]->kind != DOSSIER_NODE_ATTACHMENT)
			write_node(w, b, body->children[i], &c, NULL);
	if (akn_count_paras(body->wrapup, body->nwrapup)) {
		hc = akn_w_el(w, b, "hcontainer");
		akn_w_attr(w, hc, "name", AKN_HC_BODY_WRAPUP);
		akn_w_paras(w, akn_w_el(w, hc, "content"), body->wrapup, body->nwrapup);
	}
	if (w->an && (end = akn_annot_find(w->an, "")) != NULL)
		write_deleted(w, b, &end->end);
}

/* The attached texts, after the conclusions: each a <doc> of its own,
 * with the identification of a component of the main work. */
static void write_attachments(akn_writer *w, xmlNodePtr act, const dossier_document *doc,
	const struct ids *ids)
{
	xmlNodePtr box = NULL;
	struct nctx c = { w->lang, false, AKN_MARK_NONE };
	size_t i, j;

	for (i = 0; i < doc->body->nchildren && !w->oom; i++) {
		const dossier_node *a = doc->body->children[i];
		xmlNodePtr att, d, meta, idn, blk, pre, mb, p;
		char *src, *s1, *s2, *s3, *u1, *u2, *u3;

		if (a->kind != DOSSIER_NODE_ATTACHMENT)
			continue;
		if (!box)
			box = akn_w_el(w, act, "attachments");
		att = akn_w_el(w, box, "attachment");
		if (akn_has_text(a->eid))
			akn_w_attr(w, att, "eId", a->eid);
		d = akn_w_el(w, att, "doc");
		akn_w_attr(w, d, "name", AKN_DOC_ATTACHMENT);
		meta = akn_w_el(w, d, "meta");
		idn = akn_w_el(w, meta, "identification");
		src = util_sprintf("#%s", ids->author);
		u1 = util_sprintf("%s/!%s", ids->work, a->eid ? a->eid : "att");
		u2 = util_sprintf("%s/!%s", ids->expr, a->eid ? a->eid : "att");
		u3 = util_sprintf("%s/!%s.xml", ids->expr, a->eid ? a->eid : "att");
		s1 = u1 ? util_strdup(u1) : NULL;
		s2 = u2 ? util_strdup(u2) : NULL;
		s3 = u3 ? util_strdup(u3) : NULL;
		if (!src || !s1 || !s2 || !s3) {
			w->oom = 1;
		} else {
			akn_w_attr(w, idn, "source", src);
			blk = akn_w_el(w, idn, "FRBRWork");
			frbr_common(w, blk, ids, s1, u1);
			akn_w_attr(w, akn_w_el(w, blk, "FRBRcountry"), "value", "vn");
			blk = akn_w_el(w, idn, "FRBRExpression");
			frbr_common(w, blk, ids, s2, u2);
			akn_w_attr(w, akn_w_el(w, blk, "FRBRlanguage"), "language",
				doc->lang == DOSSIER_LANG_ENG ? "eng" : "vie");
			blk = akn_w_el(w, idn, "FRBRManifestation");
			frbr_common(w, blk, ids, s3, u3);
		}
		free(src);
		free(s1);
		free(s2);
		free(s3);
		free(u1);
		free(u2);
		free(u3);
		pre = akn_w_el(w, d, "preface");
		p = akn_w_text_el(w, pre, "p", a->heading ? a->heading : "");
		akn_w_attr(w, p, "class", AKN_CLASS_DOC_TYPE);
		mb = akn_w_el(w, d, "mainBody");
		if (a->nchildren) {
			for (j = 0; j < a->ntext; j++)
				if (akn_has_text(a->text[j]))
					akn_w_text_el(w, pre, "p", a->text[j]);
			for (j = 0; j < a->nchildren; j++)
				write_node(w, mb, a->children[j], &c, NULL);
		} else {
			xmlNodePtr hc = akn_w_el(w, mb, "hcontainer");

			akn_w_attr(w, hc, "name", AKN_HC_ATTACHMENT_TEXT);
			if (akn_count_paras(a->text, a->ntext))
				akn_w_paras(w, akn_w_el(w, hc, "content"), a->text, a->ntext);
			else
				akn_w_el(w, akn_w_el(w, hc, "content"), "p");
		}
	}
}

static int write_doc(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, akn_annot *an, dossier_error *err)
{
	akn_writer w;
	struct ids ids;
	xmlNodePtr root, act, pre[2];
	xmlChar *mem = NULL;
	int size = 0, rc;
	size_t i;

	*out = NULL;
	if (len)
		*len = 0;
	if (opts && (opts->version < 1 || opts->version > DOSSIER_AKN_OPTIONS_VERSION))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"unsupported akn options version %u", opts->version);
	if (!doc || !doc->body)
		return dossier_error_set(err, DOSSIER_EINVALID, "no document to write");
	if (doc->body->nchildren == 0 && !akn_count_paras(doc->body->text, doc->body->ntext) &&
	    !akn_count_paras(doc->body->wrapup, doc->body->nwrapup))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"the document has no provisions: an akoma ntoso body needs at least one");
	if ((rc = ids_make(&ids, doc, opts, err)) < 0) {
		ids_release(&ids);
		return rc;
	}
	memset(&w, 0, sizeof(w));
	w.lang = doc->lang;
	w.an = an;
	w.no_empty = an != NULL;
	if (an)
		for (i = 0; i < an->nprovs; i++)
			an->provs[i].used = false;
	if (akn_w_tree(&w, &root) < 0) {
		xmlFreeDoc(w.doc);
		ids_release(&ids);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}

	act = akn_w_el(&w, root, "bill");
	akn_w_attr(&w, act, "name", ids.kind);
	akn_w_attr(&w, act, "contains", an && an->contains ? an->contains : "originalVersion");
	write_meta(&w, act, doc, &ids, opts);
	pre[0] = write_preface(&w, act, doc, &ids);
	pre[1] = write_preamble(&w, act, doc);
	if (an && an->nleaves) {
		size_t k = 0;

		for (i = 0; i < 2; i++)
			if (pre[i])
				akn_w_number_leaves(pre[i], &k);
		for (i = 0; i < 2; i++)
			if (pre[i])
				akn_w_apply_leaves(&w, pre[i]);
	}
	write_body(&w, act, doc->body);
	if (akn_count_paras(doc->conclusions, doc->nconclusions))
		write_conclusions(&w, act, doc);
	write_attachments(&w, act, doc, &ids);
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

int dossier_akn_write(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err)
{
	return write_doc(out, len, doc, opts, NULL, err);
}

int akn_write(char **out, size_t *len, akn_annot *a, dossier_error *err)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (a->failed == DOSSIER_ENOMEM)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (a->failed)
		return dossier_error_set(err, a->failed, "invalid annotation of the akoma ntoso output");
	return write_doc(out, len, a->doc, a->opts, a, err);
}

/* The preface and preamble of doc in a tree of their own, leaves numbered. */
static int scratch_preface(akn_writer *w, xmlNodePtr pre[2], const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err)
{
	struct ids ids;
	xmlNodePtr root, act;
	size_t k = 0, i;
	int rc;

	memset(w, 0, sizeof(*w));
	w->lang = doc->lang;
	w->no_empty = 1;
	if ((rc = ids_make(&ids, doc, opts, err)) < 0) {
		ids_release(&ids);
		return rc;
	}
	if (akn_w_tree(w, &root) < 0 || !(act = akn_w_el(w, root, "bill"))) {
		ids_release(&ids);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	pre[0] = write_preface(w, act, doc, &ids);
	pre[1] = write_preamble(w, act, doc);
	ids_release(&ids);
	for (i = 0; i < 2; i++)
		if (pre[i])
			akn_w_number_leaves(pre[i], &k);
	if (w->oom)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

void akn_leaf_pairs_free(akn_leaf_pair *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].old_text);
		free(v[i].new_text);
	}
	free(v);
}

int akn_preface_pairs(akn_leaf_pair **out, size_t *n, const akn_annot *a,
	const dossier_document *old_doc, dossier_error *err)
{
	akn_writer wo, wn;
	xmlNodePtr po[2] = { NULL, NULL }, pn[2] = { NULL, NULL };
	akn_pairs pairs = { NULL, 0, 0, 0 };
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&wo, 0, sizeof(wo));
	memset(&wn, 0, sizeof(wn));
	if (!old_doc)
		return dossier_error_set(err, DOSSIER_EINVALID, "no older document to compare");
	if ((rc = scratch_preface(&wo, po, old_doc, a->opts, err)) < 0 ||
	    (rc = scratch_preface(&wn, pn, a->doc, a->opts, err)) < 0)
		goto done;
	for (i = 0; i < 2; i++)
		if (po[i] && pn[i])
			akn_w_pair_leaves(&pairs, po[i], pn[i]);
	if (pairs.oom || wo.bad_utf8 || wn.bad_utf8) {
		rc = pairs.oom ? dossier_error_set(err, DOSSIER_ENOMEM, "out of memory") :
			dossier_error_set(err, DOSSIER_EINVALID, "the document holds invalid UTF-8 (in a %s)",
				wo.bad_utf8 ? wo.bad_what : wn.bad_what);
		akn_leaf_pairs_free(pairs.v, pairs.n);
		goto done;
	}
	*out = pairs.v;
	*n = pairs.n;
done:
	xmlFreeDoc(wo.doc);
	xmlFreeDoc(wn.doc);
	return rc;
}
