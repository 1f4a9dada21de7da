/*
 * akn_annot_write.c: what the annotations (akn_annot.c) add to the tree
 * the writer (akn.c) builds: <lifecycle> and <workflow>, the references,
 * <notes> and <proprietary> in <meta>, the marks of notes in the text, and
 * the leaves of the preface and preamble: numbered so that runs can be put
 * in them, and paired with an older revision's where the two have the same
 * shape.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "akn/akn_int.h"
#include "base/util.h"

void akn_w_history(akn_writer *w, xmlNodePtr meta, const char *source)
{
	const akn_annot *a = w->an;
	xmlNodePtr blk, n;
	size_t i;

	if (a->nevents) {
		blk = akn_w_el(w, meta, "lifecycle");
		akn_w_attr(w, blk, "source", source);
		for (i = 0; i < a->nevents; i++) {
			const akn_event *e = &a->events[i];

			n = akn_w_el(w, blk, "eventRef");
			akn_w_attr(w, n, "eId", e->eid);
			akn_w_attr(w, n, "date", e->date);
			akn_w_attr(w, n, "source", e->source);
			akn_w_attr(w, n, "type", e->type);
			akn_w_attr(w, n, "refersTo", e->refers_to);
			if (e->originating)
				akn_w_attr(w, n, "originatingExpression", "true");
		}
	}
	if (a->nsteps) {
		blk = akn_w_el(w, meta, "workflow");
		akn_w_attr(w, blk, "source", source);
		for (i = 0; i < a->nsteps; i++) {
			const akn_step *st = &a->steps[i];

			n = akn_w_el(w, blk, "step");
			akn_w_attr(w, n, "eId", st->eid);
			akn_w_attr(w, n, "date", st->date);
			akn_w_attr(w, n, "by", st->by);
			akn_w_attr(w, n, "as", st->as);
			akn_w_attr(w, n, "outcome", st->outcome);
			akn_w_attr(w, n, "refersTo", st->refers_to);
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

static void note_paras(akn_writer *w, xmlNodePtr note, const akn_note_rec *r)
{
	static const char *const names[] = { NULL, "span", "organization", "person", "ins", "del" };
	size_t i, k;

	for (i = 0; i < r->nparas; i++) {
		const akn_npara *pa = &r->paras[i];
		xmlNodePtr p = akn_w_el(w, note, "p");

		if (pa->cls)
			akn_w_attr(w, p, "class", pa->cls);
		if (pa->n && pa->v[0].kind != AKN_INLINE_TEXT)
			akn_w_inline(w, p);
		for (k = 0; k < pa->n; k++) {
			const akn_inl *in = &pa->v[k];
			xmlNodePtr e;

			if (in->kind == AKN_INLINE_TEXT) {
				akn_w_raw(w, p, in->text, 0);
				continue;
			}
			e = akn_w_el(w, p, names[in->kind <= AKN_INLINE_DEL ? in->kind : AKN_INLINE_SPAN]);
			if (in->ref && (in->kind == AKN_INLINE_ORGANIZATION || in->kind == AKN_INLINE_PERSON))
				akn_w_attr(w, e, "refersTo", in->ref);
			akn_w_raw(w, e, in->text, 0);
		}
	}
}

static void note_attrs(akn_writer *w, xmlNodePtr n, const akn_note_rec *r)
{
	akn_w_attr(w, n, "eId", r->eid);
	if (r->cls)
		akn_w_attr(w, n, "class", r->cls);
	if (r->marker)
		akn_w_attr(w, n, "marker", r->marker);
	if (r->placement)
		akn_w_attr(w, n, "placement", r->placement);
	akn_w_attr(w, n, "placementBase", r->provision);
}

static void add_xel(akn_writer *w, xmlNodePtr parent, xmlNsPtr ns, const akn_xel *e)
{
	xmlNodePtr n = xmlNewChild(parent, ns, (const xmlChar *)e->name, NULL);
	size_t i;

	if (!n) {
		w->oom = 1;
		return;
	}
	for (i = 0; i < e->nattrs; i++)
		akn_w_attr(w, n, e->attrs[2 * i], e->attrs[2 * i + 1]);
	for (i = 0; i < e->nkids; i++) {
		if (e->kids[i].el)
			add_xel(w, n, ns, e->kids[i].el);
		else
			akn_w_raw(w, n, e->kids[i].text, 0);
	}
}

/* After the writer's references: the annotation's, then <notes> and
 * <proprietary>. */
void akn_w_extra_meta(akn_writer *w, xmlNodePtr meta, xmlNodePtr refs, const char *source)
{
	const akn_annot *a = w->an;
	xmlNodePtr blk = NULL, n;
	size_t i;

	for (i = 0; i < a->ntlcs; i++) {
		n = akn_w_el(w, refs, tlc_name(a->tlcs[i].kind));
		akn_w_attr(w, n, "eId", a->tlcs[i].eid);
		akn_w_attr(w, n, "href", a->tlcs[i].href);
		akn_w_attr(w, n, "showAs", a->tlcs[i].show_as);
	}
	for (i = 0; i < a->nnotes; i++) {
		if (a->notes[i].kind != AKN_NOTE_EDITORIAL)
			continue;
		if (!blk) {
			blk = akn_w_el(w, meta, "notes");
			akn_w_attr(w, blk, "source", source);
		}
		n = akn_w_el(w, blk, "note");
		note_attrs(w, n, &a->notes[i]);
		note_paras(w, n, &a->notes[i]);
	}
	if (a->nxels) {
		xmlNsPtr ns;

		blk = akn_w_el(w, meta, "proprietary");
		akn_w_attr(w, blk, "source", source);
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
void akn_w_number_leaves(xmlNodePtr n, size_t *k)
{
	xmlNodePtr c;

	if (is_leaf(n)) {
		n->_private = (void *)(uintptr_t)++*k;
		return;
	}
	for (c = next_el(n->children); c; c = next_el(c->next))
		akn_w_number_leaves(c, k);
}

void akn_w_apply_leaves(akn_writer *w, xmlNodePtr n)
{
	const akn_annot *a = w->an;
	xmlNodePtr c, next;
	size_t i;

	if (!is_leaf(n)) {
		for (c = next_el(n->children); c; c = next_el(c->next))
			akn_w_apply_leaves(w, c);
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
		akn_w_runs(w, n, a->leaves[i].runs.v, a->leaves[i].runs.n);
		break;
	}
	n->_private = NULL;
}

/* Pair two elements of the same shape: leaves by their text, others
 * child by child when their children have the same names in order. */
void akn_w_pair_leaves(akn_pairs *out, xmlNodePtr o, xmlNodePtr n)
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
		akn_w_pair_leaves(out, oc, nc);
}

/* Its notes at the end of its last paragraph of content or intro. */
void akn_w_mark_notes(akn_writer *w, const akn_prov *p, xmlNodePtr last)
{
	size_t i;

	for (i = 0; last && i < p->nnotes; i++) {
		const akn_note_rec *r = &w->an->notes[p->notes[i]];
		xmlNodePtr m;

		if (r->kind == AKN_NOTE_AUTHORIAL) {
			m = akn_w_el(w, last, "authorialNote");
			note_attrs(w, m, r);
			note_paras(w, m, r);
		} else {
			char *href = util_sprintf("#%s", r->eid);

			m = akn_w_el(w, last, "noteRef");
			if (!href)
				w->oom = 1;
			akn_w_attr(w, m, "href", href);
			free(href);
			if (r->marker)
				akn_w_attr(w, m, "marker", r->marker);
			if (r->ref_class)
				akn_w_attr(w, m, "class", r->ref_class);
		}
	}
}
