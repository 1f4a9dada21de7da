/*
 * akn_annot.c: the annotations of the annotating writer (akn_write.h):
 * what the diff and the consolidation want written beside the document
 * model, kept as plain data (copied strings, no XML) until akn_write() in
 * akn.c writes the document with them. Provisions are found by eId through
 * a small hash table (looked up by akn_annot_find() in akn.c, so that the
 * writer does not call back into this file); ids handed out are kept
 * unique against every eId the writer will write.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akn/akn_int.h"
#include "base/util.h"

/* Record the first failure; returns the code. */
static int fail(akn_annot *a, int code)
{
	if (!a->failed)
		a->failed = code;
	return code;
}

static int oom(akn_annot *a)
{
	return fail(a, DOSSIER_ENOMEM);
}

/* A copy of s (NULL stays NULL); *bad set without memory. */
static char *dup(akn_annot *a, const char *s, int *bad)
{
	char *c;

	if (!s)
		return NULL;
	if (!(c = util_strdup(s))) {
		oom(a);
		*bad = 1;
	}
	return c;
}

/* Grow *v (of *cap elements of size sz) to hold n + 1. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return 0;
	{
		size_t nc = *cap ? *cap * 2 : 8;
		void *p = realloc(*v, nc * sz);

		if (!p)
			return -1;
		*v = p;
		*cap = nc;
	}
	return 0;
}

/* ---- the document's ids ---- */

static int add_written(akn_annot *a, const dossier_node *n)
{
	size_t i;

	if (akn_has_text(n->eid)) {
		if (akn_eid_set_add(a->written, n->eid) < 0 || akn_eid_set_add(a->ids, n->eid) < 0)
			return DOSSIER_ENOMEM;
	}
	for (i = 0; i < n->nchildren; i++)
		if (add_written(a, n->children[i]) < 0)
			return DOSSIER_ENOMEM;
	return 0;
}

static int own_id(akn_annot *a, char *id)
{
	char **v;

	if (!id)
		return 0;
	if (!(v = realloc(a->owned, (a->nowned + 1) * sizeof(*v)))) {
		free(id);
		return DOSSIER_ENOMEM;
	}
	a->owned = v;
	a->owned[a->nowned++] = id;
	return akn_eid_set_add(a->ids, id);
}

int akn_annot_new(akn_annot **out, const dossier_document *doc, const dossier_akn_options *opts,
	dossier_error *err)
{
	akn_annot *a;
	char *author = NULL, *drafter = NULL, *place = NULL;
	int rc;

	*out = NULL;
	if (!doc || !doc->body)
		return dossier_error_set(err, DOSSIER_EINVALID, "no document to write");
	if (!(a = calloc(1, sizeof(*a))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	a->doc = doc;
	a->opts = opts;
	if ((rc = akn_own_ids(&author, &drafter, &place, doc, opts, err)) < 0) {
		akn_annot_free(a);
		return rc;
	}
	if (akn_eid_set_new(&a->ids) < 0 || akn_eid_set_new(&a->written) < 0 ||
	    own_id(a, author) < 0 || own_id(a, drafter) < 0 || own_id(a, place) < 0 ||
	    add_written(a, doc->body) < 0) {
		akn_annot_free(a);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = a;
	return 0;
}

static void runs_clear(akn_runs *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free((char *)r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static void dels_clear(akn_del_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].cls);
	free(l->v);
}

static void xel_free(akn_xel *e)
{
	size_t i;

	if (!e)
		return;
	free(e->name);
	for (i = 0; i < e->nattrs * 2; i++)
		free(e->attrs[i]);
	free(e->attrs);
	for (i = 0; i < e->nkids; i++) {
		xel_free(e->kids[i].el);
		free(e->kids[i].text);
	}
	free(e->kids);
	free(e);
}

void akn_annot_free(akn_annot *a)
{
	size_t i, k;

	if (!a)
		return;
	for (i = 0; i < a->nprovs; i++) {
		akn_prov *p = &a->provs[i];

		free(p->eid);
		free(p->cls);
		free(p->wid);
		free(p->old_num);
		runs_clear(&p->heading);
		for (k = 0; k < p->nparas; k++)
			runs_clear(&p->paras[k].runs);
		free(p->paras);
		dels_clear(&p->before);
		dels_clear(&p->after);
		dels_clear(&p->end);
		free(p->notes);
	}
	free(a->provs);
	free(a->slots);
	akn_eid_set_free(a->ids);
	akn_eid_set_free(a->written);
	for (i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	for (i = 0; i < a->nleaves; i++)
		runs_clear(&a->leaves[i].runs);
	free(a->leaves);
	for (i = 0; i < a->nnotes; i++) {
		akn_note_rec *n = &a->notes[i];

		free(n->eid);
		free(n->provision);
		free(n->cls);
		free(n->marker);
		free(n->placement);
		free(n->ref_class);
		for (k = 0; k < n->nparas; k++) {
			size_t j;

			for (j = 0; j < n->paras[k].n; j++) {
				free(n->paras[k].v[j].text);
				free(n->paras[k].v[j].ref);
			}
			free(n->paras[k].v);
			free(n->paras[k].cls);
		}
		free(n->paras);
	}
	free(a->notes);
	free(a->source);
	free(a->contains);
	free(a->version);
	for (i = 0; i < a->ntlcs; i++) {
		free(a->tlcs[i].eid);
		free(a->tlcs[i].href);
		free(a->tlcs[i].show_as);
	}
	free(a->tlcs);
	for (i = 0; i < a->nevents; i++) {
		free((char *)a->events[i].eid);
		free((char *)a->events[i].date);
		free((char *)a->events[i].source);
		free((char *)a->events[i].type);
		free((char *)a->events[i].refers_to);
	}
	free(a->events);
	for (i = 0; i < a->nsteps; i++) {
		free((char *)a->steps[i].eid);
		free((char *)a->steps[i].date);
		free((char *)a->steps[i].by);
		free((char *)a->steps[i].as);
		free((char *)a->steps[i].outcome);
		free((char *)a->steps[i].refers_to);
	}
	free(a->steps);
	free(a->prop_prefix);
	free(a->prop_uri);
	for (i = 0; i < a->nxels; i++)
		xel_free(a->xels[i]);
	free(a->xels);
	free(a);
}

bool akn_annot_has_provision(const akn_annot *a, const char *eid)
{
	return eid && akn_eid_set_has(a->written, eid);
}

char *akn_annot_unique_id(akn_annot *a, const char *base)
{
	const char *b = base ? base : "id";
	char *id = util_strdup(b), *keep;
	unsigned k = 2;

	while (id && akn_eid_set_has(a->ids, id)) {
		free(id);
		id = util_sprintf("%s-%u", b, k++);
	}
	keep = id ? util_strdup(id) : NULL;
	if (!keep || own_id(a, keep) < 0) {
		free(id);
		oom(a);
		return NULL;
	}
	return id;
}

size_t akn_written_paras(const dossier_node *n)
{
	size_t i, k = 0;

	for (i = 0; i < n->ntext; i++)
		k += akn_has_text(n->text[i]);
	for (i = 0; i < n->nwrapup; i++)
		k += akn_has_text(n->wrapup[i]);
	return k;
}

/* ---- provisions ---- */

static int rehash(akn_annot *a, size_t cap)
{
	size_t *slots = calloc(cap, sizeof(*slots)), i;

	if (!slots)
		return -1;
	for (i = 0; i < a->nprovs; i++) {
		size_t s = akn_eid_hash(a->provs[i].eid) & (cap - 1);

		while (slots[s])
			s = (s + 1) & (cap - 1);
		slots[s] = i + 1;
	}
	free(a->slots);
	a->slots = slots;
	a->nslots = cap;
	return 0;
}

/* The annotation of eid, made when absent; NULL without memory. */
static akn_prov *prov(akn_annot *a, const char *eid)
{
	akn_prov *p = akn_annot_find(a, eid);
	void *v = a->provs;

	if (p || !eid)
		return p;
	if (grow(&v, &a->capprovs, a->nprovs, sizeof(*a->provs)) < 0) {
		oom(a);
		return NULL;
	}
	a->provs = v;
	p = &a->provs[a->nprovs];
	memset(p, 0, sizeof(*p));
	p->keep_paras = SIZE_MAX;
	if (!(p->eid = util_strdup(eid))) {
		oom(a);
		return NULL;
	}
	a->nprovs++;
	if (a->nprovs * 2 > a->nslots) {
		if (rehash(a, a->nslots ? a->nslots * 2 : 64) < 0) {
			a->nprovs--;
			free(p->eid);
			oom(a);
			return NULL;
		}
	} else {
		size_t s = akn_eid_hash(eid) & (a->nslots - 1);

		while (a->slots[s])
			s = (s + 1) & (a->nslots - 1);
		a->slots[s] = a->nprovs;
	}
	return p;
}

static int set_str(akn_annot *a, char **dst, const char *s)
{
	char *c = s ? util_strdup(s) : NULL;

	if (s && !c)
		return oom(a);
	free(*dst);
	*dst = c;
	return 0;
}

int akn_annot_class(akn_annot *a, const char *eid, const char *cls, bool replace)
{
	akn_prov *p = prov(a, eid);
	char *v;

	if (!p || !cls)
		return p ? 0 : a->failed;
	if (replace) {
		p->cls_replace = true;
		return set_str(a, &p->cls, cls);
	}
	v = p->cls ? util_sprintf("%s %s", p->cls, cls) : util_strdup(cls);
	if (!v)
		return oom(a);
	free(p->cls);
	p->cls = v;
	return 0;
}

int akn_annot_wid(akn_annot *a, const char *eid, const char *wid)
{
	akn_prov *p = prov(a, eid);

	return p ? set_str(a, &p->wid, wid) : a->failed;
}

int akn_annot_renumber(akn_annot *a, const char *eid, const char *old_num)
{
	akn_prov *p = prov(a, eid);

	return p ? set_str(a, &p->old_num, old_num ? old_num : "") : a->failed;
}

int akn_annot_mark_all(akn_annot *a, const char *eid, akn_mark mark, bool subtree)
{
	akn_prov *p = prov(a, eid);

	if (!p)
		return a->failed;
	p->wrap = mark;
	p->wrap_subtree = subtree;
	return 0;
}

static int runs_set(akn_annot *a, akn_runs *r, const akn_run *runs, size_t n)
{
	size_t i;

	runs_clear(r);
	if (n && !(r->v = calloc(n, sizeof(*r->v))))
		return oom(a);
	for (i = 0; i < n; i++) {
		r->v[i].mark = runs[i].mark;
		if (!(r->v[i].text = util_strdup(runs[i].text ? runs[i].text : ""))) {
			r->n = i;
			return oom(a);
		}
	}
	r->n = n;
	r->set = true;
	return 0;
}

int akn_annot_heading(akn_annot *a, const char *eid, const akn_run *runs, size_t n)
{
	akn_prov *p = prov(a, eid);

	return p ? runs_set(a, &p->heading, runs, n) : a->failed;
}

int akn_annot_para(akn_annot *a, const char *eid, size_t index, const akn_run *runs, size_t n)
{
	akn_prov *p = prov(a, eid);
	akn_para_runs *v;

	if (!p)
		return a->failed;
	if (!(v = realloc(p->paras, (p->nparas + 1) * sizeof(*v))))
		return oom(a);
	p->paras = v;
	memset(&v[p->nparas], 0, sizeof(*v));
	v[p->nparas].index = index;
	return runs_set(a, &v[p->nparas++].runs, runs, n);
}

int akn_annot_drop_paras(akn_annot *a, const char *eid, size_t from)
{
	akn_prov *p = prov(a, eid);

	if (!p)
		return a->failed;
	p->keep_paras = from;
	return 0;
}

int akn_annot_deleted(akn_annot *a, akn_place where, const char *anchor, const dossier_node *old,
	dossier_lang lang, const char *cls)
{
	akn_del_list *l;
	akn_prov *p;
	void *v;
	int bad = 0;

	if (!old || !akn_has_text(old->eid))
		return 0;
	/* the end of <body> is kept under the empty eId, which no provision has */
	if (!(p = prov(a, where == AKN_PLACE_END && !anchor ? "" : anchor)))
		return a->failed ? a->failed : fail(a, DOSSIER_EINVALID);
	l = where == AKN_PLACE_AFTER ? &p->after : where == AKN_PLACE_BEFORE ? &p->before : &p->end;
	v = l->v;
	if (grow(&v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return oom(a);
	l->v = v;
	l->v[l->n].node = old;
	l->v[l->n].lang = lang;
	l->v[l->n].cls = dup(a, cls, &bad);
	if (bad)
		return DOSSIER_ENOMEM;
	l->n++;
	return 1;
}

int akn_annot_leaf(akn_annot *a, size_t leaf, const akn_run *runs, size_t n)
{
	akn_leaf_runs *v = realloc(a->leaves, (a->nleaves + 1) * sizeof(*v));

	if (!v)
		return oom(a);
	a->leaves = v;
	memset(&v[a->nleaves], 0, sizeof(*v));
	v[a->nleaves].leaf = leaf;
	return runs_set(a, &v[a->nleaves++].runs, runs, n);
}

/* ---- notes ---- */

int akn_annot_note(akn_annot *a, const akn_note *note)
{
	akn_note_rec *v, *r;
	akn_prov *p;
	size_t *idx;
	int bad = 0;

	if (!note->eid || !note->provision)
		return fail(a, DOSSIER_EINVALID);
	if (!(p = prov(a, note->provision)))
		return a->failed;
	if (!(v = realloc(a->notes, (a->nnotes + 1) * sizeof(*v))))
		return oom(a);
	a->notes = v;
	if (!(idx = realloc(p->notes, (p->nnotes + 1) * sizeof(*idx))))
		return oom(a);
	p->notes = idx;
	r = &v[a->nnotes];
	memset(r, 0, sizeof(*r));
	r->kind = note->kind;
	r->eid = dup(a, note->eid, &bad);
	r->provision = dup(a, note->provision, &bad);
	r->cls = dup(a, note->cls, &bad);
	r->marker = dup(a, note->marker, &bad);
	r->placement = dup(a, note->placement, &bad);
	r->ref_class = dup(a, note->ref_class, &bad);
	p->notes[p->nnotes++] = a->nnotes++;
	return bad ? DOSSIER_ENOMEM : 0;
}

int akn_annot_note_para(akn_annot *a, const char *cls)
{
	akn_note_rec *n;
	akn_npara *v;
	int bad = 0;

	if (!a->nnotes)
		return fail(a, DOSSIER_EINVALID);
	n = &a->notes[a->nnotes - 1];
	if (!(v = realloc(n->paras, (n->nparas + 1) * sizeof(*v))))
		return oom(a);
	n->paras = v;
	memset(&v[n->nparas], 0, sizeof(*v));
	v[n->nparas++].cls = dup(a, cls, &bad);
	return bad ? DOSSIER_ENOMEM : 0;
}

int akn_annot_note_add(akn_annot *a, akn_inline kind, const char *text, const char *refers_to)
{
	akn_npara *p;
	akn_inl *v;
	int bad = 0;

	if (!a->nnotes || !a->notes[a->nnotes - 1].nparas)
		return fail(a, DOSSIER_EINVALID);
	p = &a->notes[a->nnotes - 1].paras[a->notes[a->nnotes - 1].nparas - 1];
	if (!(v = realloc(p->v, (p->n + 1) * sizeof(*v))))
		return oom(a);
	p->v = v;
	v[p->n].kind = kind;
	v[p->n].text = dup(a, text, &bad);
	v[p->n].ref = dup(a, refers_to, &bad);
	p->n++;
	return bad ? DOSSIER_ENOMEM : 0;
}

/* ---- metadata ---- */

int akn_annot_source(akn_annot *a, const char *source)
{
	return set_str(a, &a->source, source);
}

int akn_annot_contains(akn_annot *a, const char *contains)
{
	return set_str(a, &a->contains, contains);
}

int akn_annot_version_number(akn_annot *a, const char *value)
{
	return set_str(a, &a->version, value);
}

int akn_annot_tlc(akn_annot *a, akn_tlc kind, const char *eid, const char *href,
	const char *show_as)
{
	akn_tlc_rec *v = realloc(a->tlcs, (a->ntlcs + 1) * sizeof(*v));
	int bad = 0;

	if (!v)
		return oom(a);
	a->tlcs = v;
	v[a->ntlcs].kind = kind;
	v[a->ntlcs].eid = dup(a, eid, &bad);
	v[a->ntlcs].href = dup(a, href, &bad);
	v[a->ntlcs].show_as = dup(a, show_as && *show_as ? show_as : eid, &bad);
	a->ntlcs++;
	return bad ? DOSSIER_ENOMEM : 0;
}

int akn_annot_event(akn_annot *a, const akn_event *ev)
{
	akn_event *v = realloc(a->events, (a->nevents + 1) * sizeof(*v));
	int bad = 0;

	if (!v)
		return oom(a);
	a->events = v;
	v[a->nevents].eid = dup(a, ev->eid, &bad);
	v[a->nevents].date = dup(a, ev->date, &bad);
	v[a->nevents].source = dup(a, ev->source, &bad);
	v[a->nevents].type = dup(a, ev->type, &bad);
	v[a->nevents].refers_to = dup(a, ev->refers_to, &bad);
	v[a->nevents].originating = ev->originating;
	a->nevents++;
	return bad ? DOSSIER_ENOMEM : 0;
}

int akn_annot_step(akn_annot *a, const akn_step *st)
{
	akn_step *v = realloc(a->steps, (a->nsteps + 1) * sizeof(*v));
	int bad = 0;

	if (!v)
		return oom(a);
	a->steps = v;
	v[a->nsteps].eid = dup(a, st->eid, &bad);
	v[a->nsteps].date = dup(a, st->date, &bad);
	v[a->nsteps].by = dup(a, st->by, &bad);
	v[a->nsteps].as = dup(a, st->as, &bad);
	v[a->nsteps].outcome = dup(a, st->outcome, &bad);
	v[a->nsteps].refers_to = dup(a, st->refers_to, &bad);
	a->nsteps++;
	return bad ? DOSSIER_ENOMEM : 0;
}

int akn_annot_proprietary_ns(akn_annot *a, const char *prefix, const char *uri)
{
	int rc;

	if ((rc = set_str(a, &a->prop_prefix, prefix)) < 0)
		return rc;
	return set_str(a, &a->prop_uri, uri);
}

akn_xel *akn_annot_xel(akn_annot *a, akn_xel *parent, const char *name)
{
	akn_xel *e;

	if (!name || (!parent && a->failed))
		return NULL;
	if (!a->prop_uri) {
		fail(a, DOSSIER_EINVALID);   /* akn_annot_proprietary_ns() comes first */
		return NULL;
	}
	if (!(e = calloc(1, sizeof(*e))) || !(e->name = util_strdup(name))) {
		free(e);
		oom(a);
		return NULL;
	}
	if (parent) {
		akn_xkid *k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));

		if (!k)
			goto nomem;
		parent->kids = k;
		k[parent->nkids].el = e;
		k[parent->nkids++].text = NULL;
	} else {
		akn_xel **v = realloc(a->xels, (a->nxels + 1) * sizeof(*v));

		if (!v)
			goto nomem;
		a->xels = v;
		v[a->nxels++] = e;
	}
	return e;
nomem:
	xel_free(e);
	oom(a);
	return NULL;
}

int akn_xel_attr(akn_annot *a, akn_xel *el, const char *name, const char *value)
{
	char **v;
	int bad = 0;

	if (!el || !value)
		return a->failed;
	if (!(v = realloc(el->attrs, (el->nattrs + 1) * 2 * sizeof(*v))))
		return oom(a);
	el->attrs = v;
	v[el->nattrs * 2] = dup(a, name, &bad);
	v[el->nattrs * 2 + 1] = dup(a, value, &bad);
	el->nattrs++;
	return bad ? DOSSIER_ENOMEM : 0;
}

int akn_xel_text(akn_annot *a, akn_xel *el, const char *text)
{
	akn_xkid *k;
	int bad = 0;

	if (!el || !text)
		return a->failed;
	if (!(k = realloc(el->kids, (el->nkids + 1) * sizeof(*k))))
		return oom(a);
	el->kids = k;
	k[el->nkids].el = NULL;
	k[el->nkids].text = dup(a, text, &bad);
	el->nkids++;
	return bad ? DOSSIER_ENOMEM : 0;
}
