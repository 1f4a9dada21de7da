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

/* ---- the provision map ------------------------------------------------------ */

struct dossier_provision_map {
	const dossier_document *const *revisions;
	size_t nrevisions;
	const dossier_document *target;
	unsigned target_rev;
	dossier_diff **diffs;       /* diffs[i]: v(i+1) against the target, made on first use */
};

int dossier_provision_map_new(dossier_provision_map **out, const dossier_document *const *revisions,
	size_t nrevisions, const dossier_document *target, unsigned target_rev, dossier_error *err)
{
	dossier_provision_map *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m || !(m->diffs = calloc(nrevisions + 1, sizeof(*m->diffs)))) {
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
	for (i = 0; i < m->nrevisions; i++)
		dossier_diff_free(m->diffs[i]);
	free(m->diffs);
	free(m);
}

int dossier_provision_map_locate(dossier_fate *fate, const dossier_node **node, bool *changed,
	dossier_provision_map *m, unsigned rev, const char *eid, dossier_error *err)
{
	const dossier_document *from;
	int rc;

	*fate = DOSSIER_FATE_UNKNOWN;
	*node = NULL;
	if (changed)
		*changed = false;
	if (!m->target || !eid)
		return 0;
	if (rev && rev == m->target_rev) {
		*node = dossier_document_find(m->target, eid);
		*fate = *node ? DOSSIER_FATE_SAME : DOSSIER_FATE_UNKNOWN;
		return 0;
	}
	if (rev == 0 || rev > m->nrevisions || !(from = m->revisions[rev - 1]))
		return 0;
	if (!dossier_document_find(from, eid))
		return 0;
	if (!m->diffs[rev - 1] && (rc = dossier_diff_new(&m->diffs[rev - 1], from, m->target, err)) < 0)
		return rc;
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


