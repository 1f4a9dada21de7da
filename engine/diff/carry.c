/*
 * carry.c: comments carried forward. A comment is made on a provision of
 * one revision (its eId there); by the time the drafting agency answers,
 * the draft may have moved on. This aligns the comment's revision with the
 * latest by the structural diff and says, for each comment made on it,
 * where its provision stands now: same eId, renumbered (a new eId),
 * moved, changed, split, merged or deleted. The JSON form is the comments
 * JSON with a "now" object added to each comment (docs/diff.md).
 */
#include "dossier/diff.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static unsigned revision_number(const char *s)
{
	char *end;
	unsigned long v;

	if (!s || (s[0] != 'v' && s[0] != 'V') || s[1] < '0' || s[1] > '9')
		return 0;
	v = strtoul(s + 1, &end, 10);
	return *end || v == 0 || v > 1000000 ? 0 : (unsigned)v;
}

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

int dossier_comments_carry(dossier_carry **out, dossier *d,
	const dossier_comment_list *comments, const char *revision, dossier_error *err)
{
	dossier_status *st = NULL;
	dossier_document *from = NULL, *to = NULL;
	dossier_diff *diff = NULL;
	dossier_carry *c;
	unsigned n;
	size_t i;
	int rc;

	*out = NULL;
	if (!(n = revision_number(revision)))
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' is not a revision (v1, v2, …)",
			revision ? revision : "");
	if ((rc = dossier_get_status(&st, d, err)) < 0)
		return rc;
	if (n > st->revisions) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision '%s'", revision);
		if (st->revisions)
			dossier_error_set_hint(err, "the latest is v%u", st->revisions);
		dossier_status_free(st);
		return DOSSIER_ENOTFOUND;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		dossier_status_free(st);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	c->from = util_sprintf("v%u", n);
	c->to = util_sprintf("v%u", st->revisions);
	dossier_status_free(st);
	c->items = calloc(comments->n + 1, sizeof(*c->items));
	if (!c->from || !c->to || !c->items) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = dossier_get_revision(&from, d, c->from, err)) < 0 ||
	    (rc = dossier_get_revision(&to, d, c->to, err)) < 0 ||
	    (rc = dossier_diff_new(&diff, from, to, err)) < 0)
		goto done;
	for (i = 0; i < comments->n; i++) {
		const dossier_comment_record *r = &comments->items[i];
		dossier_carry_item *it;
		const dossier_node *now = NULL;

		if (!r->revision || revision_number(r->revision) != n)
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
	dossier_document_free(from);
	dossier_document_free(to);
	if (rc < 0) {
		dossier_carry_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *dossier_carry_json(const dossier_carry *c, const dossier_comment_list *comments,
	const dossier *d)
{
	char *base = dossier_comments_json(comments, d), *s, *out;
	json_t *all, *root;
	json_error_t jerr;
	size_t i, k = 0;

	if (!base)
		return NULL;
	all = json_loads(base, 0, &jerr);
	free(base);
	if (!all || !json_is_array(all) || json_array_size(all) != comments->n) {
		json_decref(all);
		return NULL;
	}
	root = json_array();
	for (i = 0; i < comments->n && k < c->n; i++) {
		const dossier_carry_item *it = &c->items[k];
		json_t *o, *now;

		if (it->comment != &comments->items[i])
			continue;
		k++;
		o = json_array_get(all, i);
		now = json_object();
		json_object_set_new(now, "revision", jstr(c->to));
		json_object_set_new(now, "status", json_string(dossier_fate_name(it->fate)));
		json_object_set_new(now, "changed", json_boolean(it->changed));
		json_object_set_new(now, "eid", jstr(it->eid));
		json_object_set_new(now, "citation", jstr(it->citation));
		json_object_set_new(o, "now", now);
		json_array_append(root, o);
	}
	json_decref(all);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	out = s ? util_sprintf("%s\n", s) : NULL;
	free(s);
	return out;
}
