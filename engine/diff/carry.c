/*
 * carry.c: comments carried forward. A comment is made on a provision of
 * one revision (its eId there); by the time the drafting agency answers,
 * the draft may have moved on. This aligns the comment's revision with the
 * latest by the structural diff and says, for each comment made on it,
 * where its provision stands now: same eId, renumbered (a new eId),
 * moved, changed, split, merged or deleted. This file works on two
 * documents and the comments only; the façade reads them from the dossier
 * (engine/facade/carry_dossier.c) and writes the JSON form, the comments
 * JSON with a "now" object added to each comment (docs/diff.md).
 *
 * The same alignment, as a provision map (one diff per earlier revision,
 * made once), is what the synthesis report and the consolidated draft are
 * given to follow a provision across revisions: one mechanism for the three.
 */
#include "diff/carry.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

/* ---- an index by eId -------------------------------------------------------- */

/* A sorted array of (eId, what it names), built once: a lookup is a binary
 * search, not a walk of the document or of the diff's items. Where one eId
 * names several entries, the first in the order they were added wins, as
 * the walks it replaces stop at the first match. */
typedef struct {
	const char *eid;
	const void *what;
	size_t order;
} eid_entry;

typedef struct {
	eid_entry *v;
	size_t n, cap;
	bool built;
} eid_index;

static int eid_index_add(eid_index *x, const char *eid, const void *what)
{
	if (!eid)
		return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		eid_entry *v = realloc(x->v, cap * sizeof(*v));

		if (!v)
			return -1;
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n].eid = eid;
	x->v[x->n].what = what;
	x->v[x->n].order = x->n;
	x->n++;
	return 0;
}

static int eid_entry_cmp(const void *a, const void *b)
{
	const eid_entry *x = a, *y = b;
	int c = strcmp(x->eid, y->eid);

	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void eid_index_sort(eid_index *x)
{
	if (x->n > 1)
		qsort(x->v, x->n, sizeof(*x->v), eid_entry_cmp);
	x->built = true;
}

/* The first entry added for eid, or NULL. */
static const void *eid_index_find(const eid_index *x, const char *eid)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(x->v[mid].eid, eid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->n && !strcmp(x->v[lo].eid, eid) ? x->v[lo].what : NULL;
}

static void eid_index_clear(eid_index *x)
{
	free(x->v);
	memset(x, 0, sizeof(*x));
}

static int doc_index_visit(const dossier_node *n, void *payload)
{
	return eid_index_add(payload, n->eid, n) < 0 ? -1 : 0;
}

/* Every node dossier_document_find reaches by its walk. */
static int doc_index_build(eid_index *x, const dossier_document *doc, dossier_error *err)
{
	if (dossier_document_walk(doc, doc_index_visit, x) != 0) {
		eid_index_clear(x);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	eid_index_sort(x);
	return 0;
}

/* dossier_document_find through the index; a provision inside a quotation
 * (not walked) is still looked for the long way. */
static const dossier_node *doc_index_find(const eid_index *x, const dossier_document *doc,
	const char *eid)
{
	const dossier_node *n = eid_index_find(x, eid);

	if (!n && strstr(eid, "__mod_"))
		n = dossier_document_find(doc, eid);
	return n;
}

/* The items of a diff by their old eIds (and a merged item by the eIds of
 * the old provisions merged into it), in the order dossier_diff_locate
 * searches them: the provisions depth first, then the containers. */
static int diff_index_items(eid_index *x, const dossier_diff_item *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (v[i].old_node && eid_index_add(x, v[i].old_node->eid, &v[i]) < 0)
			return -1;
		if (v[i].changes & DOSSIER_CHANGE_MERGED)
			for (k = 0; k < v[i].nparts; k++)
				if (eid_index_add(x, v[i].parts[k]->eid, &v[i]) < 0)
					return -1;
		if (diff_index_items(x, v[i].children, v[i].nchildren) < 0)
			return -1;
	}
	return 0;
}

static int diff_index_build(eid_index *x, const dossier_diff *d, dossier_error *err)
{
	if (diff_index_items(x, d->items, d->nitems) < 0 ||
	    diff_index_items(x, d->containers, d->ncontainers) < 0) {
		eid_index_clear(x);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	eid_index_sort(x);
	return 0;
}

/* ---- the provision map ------------------------------------------------------ */

struct dossier_provision_map {
	const dossier_document *const *revisions;
	size_t nrevisions;
	const dossier_document *target;
	unsigned target_rev;
	dossier_diff **diffs;       /* diffs[i]: v(i+1) against the target, made on first use */
	/* Built on first use, like the diffs: docs[i] indexes v(i+1)'s nodes,
	 * docs[nrevisions] the target's; items[i] the items of diffs[i]. */
	eid_index *docs;
	eid_index *items;
};

int dossier_provision_map_new(dossier_provision_map **out, const dossier_document *const *revisions,
	size_t nrevisions, const dossier_document *target, unsigned target_rev, dossier_error *err)
{
	dossier_provision_map *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m || !(m->diffs = calloc(nrevisions + 1, sizeof(*m->diffs))) ||
	    !(m->docs = calloc(nrevisions + 1, sizeof(*m->docs))) ||
	    !(m->items = calloc(nrevisions + 1, sizeof(*m->items)))) {
		if (m) {
			free(m->diffs);
			free(m->docs);
		}
		free(m);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	m->revisions = revisions;
	m->nrevisions = revisions ? nrevisions : 0;
	m->target = target;
	m->target_rev = target_rev;
	*out = m;
	return 0;
}

void dossier_provision_map_free(dossier_provision_map *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nrevisions; i++) {
		dossier_diff_free(m->diffs[i]);
		eid_index_clear(&m->docs[i]);
		eid_index_clear(&m->items[i]);
	}
	eid_index_clear(&m->docs[m->nrevisions]);
	free(m->diffs);
	free(m->docs);
	free(m->items);
	free(m);
}

/* dossier_document_find on revision slot i (nrevisions: the target). */
static int map_find(const dossier_node **node, dossier_provision_map *m, size_t i,
	const dossier_document *doc, const char *eid, dossier_error *err)
{
	int rc;

	*node = NULL;
	if (!m->docs[i].built && (rc = doc_index_build(&m->docs[i], doc, err)) < 0)
		return rc;
	*node = doc_index_find(&m->docs[i], doc, eid);
	return 0;
}

int dossier_provision_map_locate(dossier_fate *fate, const dossier_node **node, bool *changed,
	dossier_provision_map *m, unsigned rev, const char *eid, dossier_error *err)
{
	const dossier_document *from;
	const dossier_diff_item *it;
	const dossier_node *there;
	int rc;

	*fate = DOSSIER_FATE_UNKNOWN;
	*node = NULL;
	if (changed)
		*changed = false;
	if (!m->target || !eid)
		return 0;
	if (rev && rev == m->target_rev) {
		if ((rc = map_find(node, m, m->nrevisions, m->target, eid, err)) < 0)
			return rc;
		*fate = *node ? DOSSIER_FATE_SAME : DOSSIER_FATE_UNKNOWN;
		return 0;
	}
	if (rev == 0 || rev > m->nrevisions || !(from = m->revisions[rev - 1]))
		return 0;
	if ((rc = map_find(&there, m, rev - 1, from, eid, err)) < 0)
		return rc;
	if (!there)
		return 0;
	if (!m->diffs[rev - 1] && (rc = dossier_diff_new(&m->diffs[rev - 1], from, m->target, err)) < 0)
		return rc;
	if (!m->items[rev - 1].built &&
	    (rc = diff_index_build(&m->items[rev - 1], m->diffs[rev - 1], err)) < 0)
		return rc;
	if ((it = eid_index_find(&m->items[rev - 1], eid)) != NULL)
		*fate = diff_item_fate(node, changed, it, eid);
	else    /* inside a provision deleted, split or merged whole: the long way */
		*fate = dossier_diff_locate(node, changed, m->diffs[rev - 1], eid);
	return 0;
}

int dossier_provision_map_locator(dossier_located *out, unsigned rev, const char *eid, void *payload)
{
	dossier_fate fate;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = dossier_provision_map_locate(&fate, &out->node, &out->changed, payload, rev, eid, NULL)) < 0)
		return rc;
	if (fate == DOSSIER_FATE_DELETED || fate == DOSSIER_FATE_UNKNOWN)
		out->node = NULL;
	out->changed = out->changed || fate == DOSSIER_FATE_CHANGED || fate == DOSSIER_FATE_SPLIT ||
		fate == DOSSIER_FATE_MERGED;
	out->whole = out->node && fate != DOSSIER_FATE_SPLIT && fate != DOSSIER_FATE_MERGED;
	out->how = dossier_fate_name(fate);
	return 0;
}

/* ---- comments carried forward --------------------------------------------- */

void dossier_carry_free(dossier_carry *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].eid);
		free(c->items[i].citation);
	}
	free(c->items);
	free(c->from);
	free(c->to);
	free(c);
}

int carry_build(dossier_carry **out, const dossier_document *from, const dossier_document *to,
	unsigned from_rev, unsigned to_rev, const dossier_comment_list *comments, dossier_error *err)
{
	dossier_provision_map *map = NULL;
	const dossier_document **revs = NULL;
	dossier_carry *c;
	size_t i;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	c->from = util_sprintf("v%u", from_rev);
	c->to = util_sprintf("v%u", to_rev);
	c->items = calloc(comments->n + 1, sizeof(*c->items));
	if (!c->from || !c->to || !c->items) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	/* from as the only earlier revision the map knows */
	if (!(revs = calloc(from_rev + 1, sizeof(*revs)))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (from_rev)
		revs[from_rev - 1] = from;
	if ((rc = dossier_provision_map_new(&map, revs, from_rev, to, to_rev, err)) < 0)
		goto done;
	for (i = 0; i < comments->n; i++) {
		const dossier_comment_record *r = &comments->items[i];
		dossier_carry_item *it;
		const dossier_node *now = NULL;

		if (dossier_revision_number(r->revision) != from_rev)
			continue;
		it = &c->items[c->n++];
		it->comment = r;
		if (!r->on || !strcmp(r->on, "general")) {
			it->fate = DOSSIER_FATE_SAME;
			it->eid = util_strdup("general");
			if (!it->eid) {
				rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
				goto done;
			}
			continue;
		}
		if ((rc = dossier_provision_map_locate(&it->fate, &now, &it->changed, map, from_rev, r->on, err)) < 0)
			goto done;
		if (now) {
			it->eid = util_strdup(now->eid);
			it->citation = dossier_node_citation(now, to->lang);
			if (!it->eid || !it->citation) {
				rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
				goto done;
			}
		}
	}
	rc = 0;
done:
	dossier_provision_map_free(map);
	free(revs);
	if (rc < 0) {
		dossier_carry_free(c);
		return rc;
	}
	*out = c;
	return 0;
}


