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
 */
#include "diff/carry.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

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
	dossier_diff *diff = NULL;
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
	if ((rc = dossier_diff_new(&diff, from, to, err)) < 0)
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
		it->fate = dossier_diff_locate(&now, &it->changed, diff, r->on);
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
	dossier_diff_free(diff);
	if (rc < 0) {
		dossier_carry_free(c);
		return rc;
	}
	*out = c;
	return 0;
}


