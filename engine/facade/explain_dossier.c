/*
 * explain_dossier.c: the third column of the bảng so sánh, "thuyết minh"
 * (issue 13): for each changed row of a comparison of two revisions of the
 * dossier, the comments made on the older revision on that provision or
 * one of its sub-provisions, each with its disposition and explanation.
 * The diff module writes them (dossier_diff_format_options.notes); this
 * file reads them from the dossier.
 */
#include "facade/facade_int.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/diff.h"
#include "dossier/report.h"
#include "base/util.h"

void dossier_diff_explanations_free(dossier_diff_explanations *e)
{
	size_t i, j;

	if (!e)
		return;
	for (i = 0; i < e->n; i++) {
		for (j = 0; j < e->notes[i].nparas; j++)
			free((char *)e->notes[i].paras[j]);
		free((char **)e->notes[i].paras);
		free((char *)e->notes[i].eid);
	}
	free(e->notes);
	free(e);
}

/* Whether a comment on `on` is about provision `eid`: it, or below it. */
static bool within(const char *on, const char *eid)
{
	size_t n = strlen(eid);

	return on && !strncmp(on, eid, n) && (!on[n] || !strncmp(on + n, "__", 2));
}

/* "most-1 (Bộ Khoa học và Công nghệ), Điều 8 khoản 2: text — Tiếp thu: reason" */
static char *explain_one(const dossier_comment_record *c)
{
	dstr s = DSTR_INIT;

	dstr_addf(&s, "%s (%s)", c->id ? c->id : "?", c->author_name ? c->author_name : c->author ? c->author : "?");
	if (c->citation)
		dstr_addf(&s, ", %s", c->citation);
	dstr_addf(&s, ": %s — %s", c->text ? c->text : "", dossier_disposition_label(c->disposition));
	if (c->reason && *c->reason)
		dstr_addf(&s, ": %s", c->reason);
	if (c->taken_otherwise && *c->taken_otherwise)
		dstr_addf(&s, " (%s)", c->taken_otherwise);
	return dstr_detach(&s);
}

static int explain_row(dossier_diff_explanations *e, const char *eid, const dossier_comment_list *l,
	const char *old_rev)
{
	dossier_diff_note *note;
	char **paras = NULL;
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		const dossier_comment_record *c = &l->items[i];
		char **p;

		if (!c->revision || strcmp(c->revision, old_rev) || !within(c->on, eid))
			continue;
		if (!(p = realloc(paras, (n + 1) * sizeof(*p))) || !(p[n] = explain_one(c))) {
			if (p)
				paras = p;
			goto oom;
		}
		paras = p;
		n++;
	}
	if (!n)
		return 0;
	if (!(note = realloc(e->notes, (e->n + 1) * sizeof(*note))))
		goto oom;
	e->notes = note;
	note = &e->notes[e->n];
	if (!(note->eid = util_strdup(eid)))
		goto oom;
	note->paras = (const char *const *)paras;
	note->nparas = n;
	e->n++;
	return 0;
oom:
	for (i = 0; i < n; i++)
		free(paras[i]);
	free(paras);
	return DOSSIER_ENOMEM;
}

int dossier_diff_explain(dossier_diff_explanations **out, dossier *d, const dossier_diff *diff,
	const char *old_revision, dossier_error *err)
{
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_diff_explanations *e = calloc(1, sizeof(*e));
	dossier_comment_list *l = NULL;
	size_t i;
	int rc;

	*out = NULL;
	/* notes is never NULL: the third column is asked for, even when empty */
	if (!e || !(e->notes = calloc(1, sizeof(*e->notes)))) {
		free(e);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if ((rc = dossier_get_comments(&l, d, &q, err)) < 0) {
		dossier_diff_explanations_free(e);
		return rc;
	}
	for (i = 0; i < diff->nitems && rc == 0; i++) {
		const dossier_diff_item *it = &diff->items[i];

		if (it->changes && it->old_node && it->old_node->eid &&
		    explain_row(e, it->old_node->eid, l, old_revision) < 0)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	dossier_comment_list_free(l);
	if (rc < 0) {
		dossier_diff_explanations_free(e);
		return rc;
	}
	*out = e;
	return 0;
}
