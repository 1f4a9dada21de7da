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
 * provisions as they are written, deleted provisions beside them, notes,
 * and extra metadata in the schema's order. An element that holds marks
 * gets an empty text node first, so that the dump keeps it on one line
 * (libxml2 indents only elements without text), and an empty text is not
 * written at all, so that the output is what a dump of the plain output
 * read back and marked gave before this writer existed.
 */
#include "dossier/akn.h"

#include <stdint.h>
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
	akn_annot *an;    /* annotations, or NULL */
	int no_empty;     /* an empty text adds no text node */
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
	if (!n || !value)
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
	if (w->no_empty && !*norm) {
		free(norm);
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

bool akn_has_text(const char *s)
{
	return has(s);
}

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

/* ---- annotations: marks, notes, extra metadata ---- */

/* Text of an annotation as it is, line breaks as spaces. */
static void add_raw(struct writer *w, xmlNodePtr parent, const char *text, int breaks)
{
	char *t, *p;

	if (!parent || !text || !check_utf8(w, text, "text"))
		return;
	if (!(t = util_strdup(text))) {
		w->oom = 1;
		return;
	}
	for (p = t; breaks && *p; p++)
		if (*p == '\n')
			*p = ' ';
	add_literal(w, parent, t);
	free(t);
}

/* An empty text node: the dump keeps the element on one line. */
static void keep_inline(struct writer *w, xmlNodePtr el)
{
	if (el && !el->children)
		add_literal(w, el, "");
}

static const char *mark_name(akn_mark m)
{
	return m == AKN_MARK_DEL ? "del" : "ins";
}

static void add_runs(struct writer *w, xmlNodePtr el, const akn_run *v, size_t n)
{
	size_t i;

	if (!el)
		return;
	if (n)
		keep_inline(w, el);
	for (i = 0; i < n; i++) {
		if (v[i].mark == AKN_MARK_NONE)
			add_raw(w, el, v[i].text, 1);
		else
			add_raw(w, add_el(w, el, mark_name(v[i].mark)), v[i].text, 1);
	}
}

/* Normalised text of the model inside one mark (none for empty text). */
static void add_marked(struct writer *w, xmlNodePtr el, akn_mark mark, const char *text)
{
	char *norm;

	if (!el || !text || !check_utf8(w, text, "text"))
		return;
	if (mark == AKN_MARK_NONE) {
		add_text(w, el, text);
		return;
	}
	if (!(norm = akn_norm_text(text, strlen(text)))) {
		w->oom = 1;
		return;
	}
	if (*norm) {
		keep_inline(w, el);
		add_literal(w, add_el(w, el, mark_name(mark)), norm);
	}
	free(norm);
}

static void write_history(struct writer *w, xmlNodePtr meta, const char *source)
{
	const akn_annot *a = w->an;
	xmlNodePtr blk, n;
	size_t i;

	if (a->nevents) {
		blk = add_el(w, meta, "lifecycle");
		set_attr(w, blk, "source", source);
		for (i = 0; i < a->nevents; i++) {
			const akn_event *e = &a->events[i];

			n = add_el(w, blk, "eventRef");
			set_attr(w, n, "eId", e->eid);
			set_attr(w, n, "date", e->date);
			set_attr(w, n, "source", e->source);
			set_attr(w, n, "type", e->type);
			set_attr(w, n, "refersTo", e->refers_to);
			if (e->originating)
				set_attr(w, n, "originatingExpression", "true");
		}
	}
	if (a->nsteps) {
		blk = add_el(w, meta, "workflow");
		set_attr(w, blk, "source", source);
		for (i = 0; i < a->nsteps; i++) {
			const akn_step *st = &a->steps[i];

			n = add_el(w, blk, "step");
			set_attr(w, n, "eId", st->eid);
			set_attr(w, n, "date", st->date);
			set_attr(w, n, "by", st->by);
			set_attr(w, n, "as", st->as);
			set_attr(w, n, "outcome", st->outcome);
			set_attr(w, n, "refersTo", st->refers_to);
		}
	}
}

static const char *tlc_name(akn_tlc k)
{
	switch (k) {
	case AKN_TLC_PERSON: return "TLCPerson";
	case AKN_TLC_ROLE: return "TLCRole";
	case AKN_TLC_CONCEPT: return "TLCConcept";
	case AKN_TLC_EVENT: return "TLCEvent";
	case AKN_TLC_LOCATION: return "TLCLocation";
	default: return "TLCOrganization";
	}
}

static void write_note_paras(struct writer *w, xmlNodePtr note, const akn_note_rec *r)
{
	static const char *const names[] = { NULL, "span", "organization", "person", "ins", "del" };
	size_t i, k;

	for (i = 0; i < r->nparas; i++) {
		const akn_npara *pa = &r->paras[i];
		xmlNodePtr p = add_el(w, note, "p");

		if (pa->cls)
			set_attr(w, p, "class", pa->cls);
		if (pa->n && pa->v[0].kind != AKN_INLINE_TEXT)
			keep_inline(w, p);
		for (k = 0; k < pa->n; k++) {
			const akn_inl *in = &pa->v[k];
			xmlNodePtr e;

			if (in->kind == AKN_INLINE_TEXT) {
				add_raw(w, p, in->text, 0);
				continue;
			}
			e = add_el(w, p, names[in->kind <= AKN_INLINE_DEL ? in->kind : AKN_INLINE_SPAN]);
			if (in->ref && (in->kind == AKN_INLINE_ORGANIZATION || in->kind == AKN_INLINE_PERSON))
				set_attr(w, e, "refersTo", in->ref);
			add_raw(w, e, in->text, 0);
		}
	}
}

static void note_attrs(struct writer *w, xmlNodePtr n, const akn_note_rec *r)
{
	set_attr(w, n, "eId", r->eid);
	if (r->cls)
		set_attr(w, n, "class", r->cls);
	if (r->marker)
		set_attr(w, n, "marker", r->marker);
	if (r->placement)
		set_attr(w, n, "placement", r->placement);
	set_attr(w, n, "placementBase", r->provision);
}

static void add_xel(struct writer *w, xmlNodePtr parent, xmlNsPtr ns, const akn_xel *e)
{
	xmlNodePtr n = xmlNewChild(parent, ns, (const xmlChar *)e->name, NULL);
	size_t i;

	if (!n) {
		w->oom = 1;
		return;
	}
	for (i = 0; i < e->nattrs; i++)
		set_attr(w, n, e->attrs[2 * i], e->attrs[2 * i + 1]);
	for (i = 0; i < e->nkids; i++) {
		if (e->kids[i].el)
			add_xel(w, n, ns, e->kids[i].el);
		else
			add_raw(w, n, e->kids[i].text, 0);
	}
}

/* After the writer's references: the annotation's, then <notes> and
 * <proprietary>. */
static void write_extra_meta(struct writer *w, xmlNodePtr meta, xmlNodePtr refs, const char *source)
{
	const akn_annot *a = w->an;
	xmlNodePtr blk = NULL, n;
	size_t i;

	for (i = 0; i < a->ntlcs; i++) {
		n = add_el(w, refs, tlc_name(a->tlcs[i].kind));
		set_attr(w, n, "eId", a->tlcs[i].eid);
		set_attr(w, n, "href", a->tlcs[i].href);
		set_attr(w, n, "showAs", a->tlcs[i].show_as);
	}
	for (i = 0; i < a->nnotes; i++) {
		if (a->notes[i].kind != AKN_NOTE_EDITORIAL)
			continue;
		if (!blk) {
			blk = add_el(w, meta, "notes");
			set_attr(w, blk, "source", source);
		}
		n = add_el(w, blk, "note");
		note_attrs(w, n, &a->notes[i]);
		write_note_paras(w, n, &a->notes[i]);
	}
	if (a->nxels) {
		xmlNsPtr ns;

		blk = add_el(w, meta, "proprietary");
		set_attr(w, blk, "source", source);
		ns = blk && a->prop_uri ?
			xmlNewNs(blk, (const xmlChar *)a->prop_uri, (const xmlChar *)a->prop_prefix) : NULL;
		if (!ns) {
			w->oom = 1;
			return;
		}
		for (i = 0; i < a->nxels; i++)
			add_xel(w, blk, ns, a->xels[i]);
	}
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
	if (w->an && w->an->version)
		set_attr(w, add_el(w, blk, "FRBRversionNumber"), "value", w->an->version);
	set_attr(w, add_el(w, blk, "FRBRlanguage"), "language",
		doc->lang == DOSSIER_LANG_ENG ? "eng" : "vie");

	blk = add_el(w, idn, "FRBRManifestation");
	frbr_common(w, blk, ids, s3, s4);

	if (w->an)
		write_history(w, meta, w->an->source ? w->an->source : source);
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
	if (w->an)
		write_extra_meta(w, meta, refs, w->an->source ? w->an->source : source);
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

static xmlNodePtr write_preface(struct writer *w, xmlNodePtr act, const dossier_document *doc,
	const struct ids *ids)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr pre, p, n;
	char *ref;
	size_t i;

	if (!has(pf->issuer) && !has(pf->number) && !has(pf->place) && !has(pf->date) &&
	    !has(pf->doc_type) && !has(pf->title) && !count_paras(pf->other, pf->nother))
		return NULL;
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
static xmlNodePtr write_preamble(struct writer *w, xmlNodePtr act, const dossier_document *doc)
{
	const dossier_preface *pf = &doc->preface;
	xmlNodePtr pre, cits = NULL;
	size_t i;

	if (!count_paras(pf->preamble, pf->npreamble))
		return NULL;
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
	return pre;
}

/* ---- leaves of the preface and preamble ---- */

static xmlNodePtr next_el(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static bool is_leaf(xmlNodePtr n)
{
	return next_el(n->children) == NULL;
}

/* Number the leaves below n in document order from *k (in _private, + 1). */
static void number_leaves(xmlNodePtr n, size_t *k)
{
	xmlNodePtr c;

	if (is_leaf(n)) {
		n->_private = (void *)(uintptr_t)++*k;
		return;
	}
	for (c = next_el(n->children); c; c = next_el(c->next))
		number_leaves(c, k);
}

static void apply_leaves(struct writer *w, xmlNodePtr n)
{
	const akn_annot *a = w->an;
	xmlNodePtr c, next;
	size_t i;

	if (!is_leaf(n)) {
		for (c = next_el(n->children); c; c = next_el(c->next))
			apply_leaves(w, c);
		return;
	}
	for (i = 0; i < a->nleaves; i++) {
		if (a->leaves[i].leaf + 1 != (uintptr_t)n->_private)
			continue;
		for (c = n->children; c; c = next) {
			next = c->next;
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		add_runs(w, n, a->leaves[i].runs.v, a->leaves[i].runs.n);
		break;
	}
	n->_private = NULL;
}

struct pairs {
	akn_leaf_pair *v;
	size_t n, cap;
	int oom;
};

/* Pair two elements of the same shape: leaves by their text, others
 * child by child when their children have the same names in order. */
static void pair_same_shape(struct pairs *out, xmlNodePtr o, xmlNodePtr n)
{
	xmlNodePtr oc, nc;

	if (is_leaf(o) && is_leaf(n)) {
		xmlChar *ot = xmlNodeGetContent(o), *nt = xmlNodeGetContent(n);

		if (ot && nt && strcmp((const char *)ot, (const char *)nt)) {
			if (out->n == out->cap) {
				size_t cap = out->cap ? out->cap * 2 : 8;
				akn_leaf_pair *v = realloc(out->v, cap * sizeof(*v));

				if (!v)
					out->oom = 1;
				else {
					out->v = v;
					out->cap = cap;
				}
			}
			if (out->n < out->cap) {
				akn_leaf_pair *pr = &out->v[out->n];

				pr->leaf = (uintptr_t)n->_private - 1;
				pr->old_text = util_strdup((const char *)ot);
				pr->new_text = util_strdup((const char *)nt);
				out->n++;
				if (!pr->old_text || !pr->new_text)
					out->oom = 1;
			}
		}
		xmlFree(ot);
		xmlFree(nt);
		return;
	}
	for (oc = next_el(o->children), nc = next_el(n->children); oc && nc;
	     oc = next_el(oc->next), nc = next_el(nc->next))
		if (strcmp((const char *)oc->name, (const char *)nc->name))
			return;
	if (oc || nc)
		return;
	for (oc = next_el(o->children), nc = next_el(n->children); oc && nc;
	     oc = next_el(oc->next), nc = next_el(nc->next))
		pair_same_shape(out, oc, nc);
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

/* How a provision is being written. */
struct nctx {
	dossier_lang lang;     /* of its numbers */
	bool deleted;          /* an older revision's, as deleted */
	akn_mark wrap;         /* every number, heading and paragraph in this mark */
};

static void write_node(struct writer *w, xmlNodePtr parent, const dossier_node *n,
	const struct nctx *in, const akn_del_copy *root);

static void write_deleted(struct writer *w, xmlNodePtr parent, const akn_del_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct nctx c = { l->v[i].lang, true, AKN_MARK_DEL };

		write_node(w, parent, l->v[i].node, &c, &l->v[i]);
	}
}

/* The annotation of a provision about to be written: the first holder of
 * its eId takes it. */
static akn_prov *take(struct writer *w, const dossier_node *n, const struct nctx *in)
{
	akn_prov *p;

	if (!w->an || in->deleted || !has(n->eid) || !(p = akn_annot_find(w->an, n->eid)) || p->used)
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

/* The provision's own paragraphs into box; *k counts those written, *last
 * is the last <p>. */
static void write_paras(struct writer *w, xmlNodePtr box, char *const *v, size_t n, size_t *k,
	const akn_prov *p, akn_mark wrap, xmlNodePtr *last)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const akn_runs *r;
		xmlNodePtr el;

		if (!has(v[i]))
			continue;
		if (p && *k >= p->keep_paras) {
			(*k)++;
			continue;
		}
		el = add_el(w, box, "p");
		if (wrap)
			add_marked(w, el, wrap, v[i]);
		else if ((r = para_runs(p, *k)) != NULL)
			add_runs(w, el, r->v, r->n);
		else
			add_text(w, el, v[i]);
		*last = el;
		(*k)++;
	}
}

/* "Điều 9." from the label "Điều 10.", the new number "10" and the old "9". */
static char *old_label(const char *label, const char *num, const char *old)
{
	const char *pos = num && *num ? strstr(label, num) : NULL;

	if (!pos)
		return util_strdup(old);
	return util_sprintf("%.*s%s%s", (int)(pos - label), label, old, pos + strlen(num));
}

static void write_num(struct writer *w, xmlNodePtr el, const dossier_node *n,
	const struct nctx *in, const akn_prov *p, akn_mark wrap)
{
	char *label;
	xmlNodePtr num;

	check_utf8(w, n->num, "number");
	label = akn_num_label(n->kind, in->lang, n->num);
	if (!label) {
		w->oom = 1;
		return;
	}
	num = add_el(w, el, "num");
	if (wrap) {
		add_marked(w, num, wrap, label);
	} else if (p && p->old_num) {
		char *norm = akn_norm_text(label, strlen(label));
		char *old = norm ? old_label(norm, n->num, p->old_num) : NULL;
		akn_run runs[2] = { { AKN_MARK_DEL, old }, { AKN_MARK_INS, norm } };

		if (!old)
			w->oom = 1;
		else
			add_runs(w, num, runs, 2);
		free(norm);
		free(old);
	} else {
		add_text(w, num, label);
	}
	free(label);
}

/* Its notes at the end of its last paragraph of content or intro. */
static void mark_notes(struct writer *w, const akn_prov *p, xmlNodePtr last)
{
	size_t i;

	for (i = 0; last && i < p->nnotes; i++) {
		const akn_note_rec *r = &w->an->notes[p->notes[i]];
		xmlNodePtr m;

		if (r->kind == AKN_NOTE_AUTHORIAL) {
			m = add_el(w, last, "authorialNote");
			note_attrs(w, m, r);
			write_note_paras(w, m, r);
		} else {
			char *href = util_sprintf("#%s", r->eid);

			m = add_el(w, last, "noteRef");
			if (!href)
				w->oom = 1;
			set_attr(w, m, "href", href);
			free(href);
			if (r->marker)
				set_attr(w, m, "marker", r->marker);
			if (r->ref_class)
				set_attr(w, m, "class", r->ref_class);
		}
	}
}

static void write_node(struct writer *w, xmlNodePtr parent, const dossier_node *n,
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
	if (!(el = add_el(w, parent, element_name(n->kind))))
		return;
	if (n->kind == DOSSIER_NODE_APPENDIX || n->kind == DOSSIER_NODE_BODY)
		set_attr(w, el, "name", AKN_HC_APPENDIX);
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
		set_attr(w, el, "class", cls ? cls : own_cls);
	if (has(n->eid)) {
		if (in->deleted) {
			char *e = util_sprintf("del_%s", n->eid);

			if (!e)
				w->oom = 1;
			set_attr(w, el, "eId", e);
			set_attr(w, el, "wId", n->eid);
			free(e);
		} else {
			set_attr(w, el, "eId", n->eid);
		}
	}
	if (root)
		set_attr(w, el, "status", "removed");
	if (cls && !own_cls)
		set_attr(w, el, "class", cls);
	free(joined);
	if (p && p->wid)
		set_attr(w, el, "wId", p->wid);

	wrap_own = in->wrap ? in->wrap : p ? p->wrap : AKN_MARK_NONE;
	wrap_sub = in->wrap ? in->wrap : p && p->wrap_subtree ? p->wrap : AKN_MARK_NONE;
	sub.wrap = wrap_sub;
	if (has(n->num))
		write_num(w, el, n, in, p, wrap_own);
	if (n->heading) {
		xmlNodePtr h = add_el(w, el, "heading");

		if (wrap_own)
			add_marked(w, h, wrap_own, n->heading);
		else if (p && p->heading.set)
			add_runs(w, h, p->heading.v, p->heading.n);
		else
			add_text(w, h, n->heading);
	}
	ntext = count_paras(n->text, n->ntext);
	nwrapup = count_paras(n->wrapup, n->nwrapup);
	if (n->nchildren == 0 && nwrapup == 0) {
		if (ntext)
			write_paras(w, add_el(w, el, "content"), n->text, n->ntext, &k, p, wrap_sub, &last);
	} else {
		if (ntext)
			write_paras(w, add_el(w, el, "intro"), n->text, n->ntext, &k, p, wrap_sub, &last);
		for (i = 0; i < n->nchildren; i++)
			write_node(w, el, n->children[i], &sub, NULL);
		if (nwrapup) {
			xmlNodePtr ignored = NULL;

			write_paras(w, add_el(w, el, "wrapUp"), n->wrapup, n->nwrapup, &k, p, wrap_sub,
				&ignored);
		}
	}
	if (p) {
		mark_notes(w, p, last);
		write_deleted(w, el, &p->end);
		write_deleted(w, parent, &p->after);
	}
}

static void write_body(struct writer *w, xmlNodePtr act, const dossier_node *body)
{
	xmlNodePtr b = add_el(w, act, "body"), hc;
	struct nctx c = { w->lang, false, AKN_MARK_NONE };
	akn_prov *end;
	size_t i;

	if (count_paras(body->text, body->ntext)) {
		hc = add_el(w, b, "hcontainer");
		set_attr(w, hc, "name", AKN_HC_BODY_TEXT);
		add_paras(w, add_el(w, hc, "content"), body->text, body->ntext);
	}
	for (i = 0; i < body->nchildren; i++)
		write_node(w, b, body->children[i], &c, NULL);
	if (count_paras(body->wrapup, body->nwrapup)) {
		hc = add_el(w, b, "hcontainer");
		set_attr(w, hc, "name", AKN_HC_BODY_WRAPUP);
		add_paras(w, add_el(w, hc, "content"), body->wrapup, body->nwrapup);
	}
	if (w->an && (end = akn_annot_find(w->an, "")) != NULL)
		write_deleted(w, b, &end->end);
}

/* A document and its root, in the AKN namespace. */
static int new_tree(struct writer *w, xmlNodePtr *root)
{
	w->doc = xmlNewDoc((const xmlChar *)"1.0");
	*root = w->doc ? xmlNewDocNode(w->doc, NULL, (const xmlChar *)"akomaNtoso", NULL) : NULL;
	if (!*root)
		return -1;
	xmlDocSetRootElement(w->doc, *root);
	w->ns = xmlNewNs(*root, (const xmlChar *)AKN_NS, NULL);
	if (!w->ns)
		return -1;
	xmlSetNs(*root, w->ns);
	return 0;
}

static int write_doc(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, akn_annot *an, dossier_error *err)
{
	struct writer w;
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
	w.an = an;
	w.no_empty = an != NULL;
	if (an)
		for (i = 0; i < an->nprovs; i++)
			an->provs[i].used = false;
	if (new_tree(&w, &root) < 0) {
		xmlFreeDoc(w.doc);
		ids_release(&ids);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}

	act = add_el(&w, root, "bill");
	set_attr(&w, act, "name", ids.kind);
	set_attr(&w, act, "contains", an && an->contains ? an->contains : "originalVersion");
	write_meta(&w, act, doc, &ids, opts);
	pre[0] = write_preface(&w, act, doc, &ids);
	pre[1] = write_preamble(&w, act, doc);
	if (an && an->nleaves) {
		size_t k = 0;

		for (i = 0; i < 2; i++)
			if (pre[i])
				number_leaves(pre[i], &k);
		for (i = 0; i < 2; i++)
			if (pre[i])
				apply_leaves(&w, pre[i]);
	}
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
static int scratch_preface(struct writer *w, xmlNodePtr pre[2], const dossier_document *doc,
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
	if (new_tree(w, &root) < 0 || !(act = add_el(w, root, "bill"))) {
		ids_release(&ids);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	pre[0] = write_preface(w, act, doc, &ids);
	pre[1] = write_preamble(w, act, doc);
	ids_release(&ids);
	for (i = 0; i < 2; i++)
		if (pre[i])
			number_leaves(pre[i], &k);
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
	struct writer wo, wn;
	xmlNodePtr po[2] = { NULL, NULL }, pn[2] = { NULL, NULL };
	struct pairs pairs = { NULL, 0, 0, 0 };
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
			pair_same_shape(&pairs, po[i], pn[i]);
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
