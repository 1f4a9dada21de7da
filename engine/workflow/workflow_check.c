/*
 * workflow_check.c: the checks that need a workflow definition as a whole,
 * run after workflow_load.c has read it: every stage reachable from the
 * start, a final stage reachable from every stage, and absolute deadlines in
 * order along every path (a stage that comes after another must not have an
 * earlier absolute deadline). Each problem is reported at the stage or the
 * deadline concerned; all are reported, not only the first.
 */
#include <stdlib.h>
#include <string.h>

#include "workflow/workflow_int.h"

static ptrdiff_t stage_index(const dossier_workflow *wf, const char *id)
{
	size_t i;

	if (!id)
		return -1;
	for (i = 0; i < wf->nstages; i++)
		if (wf->stages[i].id && !strcmp(wf->stages[i].id, id))
			return (ptrdiff_t)i;
	return -1;
}

/* Mark every stage reachable from `from` (itself included when `self`). */
static void reach(const dossier_workflow *wf, size_t from, bool self, unsigned char *seen, size_t *queue)
{
	size_t head = 0, tail = 0, i;

	memset(seen, 0, wf->nstages);
	if (self) {
		seen[from] = 1;
		queue[tail++] = from;
	} else {
		/* Start from the successors, so that `from` is seen only on a cycle. */
		const dossier_stage *s = &wf->stages[from];

		for (i = 0; i < s->ntransitions; i++) {
			ptrdiff_t t = stage_index(wf, s->transitions[i].target);

			if (t >= 0 && !seen[t]) {
				seen[t] = 1;
				queue[tail++] = (size_t)t;
			}
		}
	}
	while (head < tail) {
		const dossier_stage *s = &wf->stages[queue[head++]];

		for (i = 0; i < s->ntransitions; i++) {
			ptrdiff_t t = stage_index(wf, s->transitions[i].target);

			if (t >= 0 && !seen[t]) {
				seen[t] = 1;
				queue[tail++] = (size_t)t;
			}
		}
	}
}

static int check_paths(const dossier_workflow *wf, dossier_diags *diags,
	unsigned char *seen, unsigned char *finishes, size_t *queue)
{
	ptrdiff_t start = stage_index(wf, wf->start);
	size_t i, j, nfinal = 0;
	bool changed = true;

	if (start < 0)
		return 0;
	reach(wf, (size_t)start, true, seen, queue);
	for (i = 0; i < wf->nstages; i++) {
		if (seen[i])
			continue;
		if (wf_diag(diags, "unreachable-stage", wf->path, wf->stages[i].line, wf->stages[i].column,
				"stage '%s' cannot be reached from the start stage '%s'",
				wf->stages[i].id, wf->start) < 0)
			return DOSSIER_ENOMEM;
	}
	/* Which stages can reach a final one: a fixpoint over the edges. */
	for (i = 0; i < wf->nstages; i++) {
		finishes[i] = wf->stages[i].final;
		nfinal += wf->stages[i].final;
	}
	if (nfinal == 0)
		return 0; /* reported as no-final-stage */
	while (changed) {
		changed = false;
		for (i = 0; i < wf->nstages; i++) {
			const dossier_stage *s = &wf->stages[i];

			if (finishes[i])
				continue;
			for (j = 0; j < s->ntransitions; j++) {
				ptrdiff_t t = stage_index(wf, s->transitions[j].target);

				if (t >= 0 && finishes[t]) {
					finishes[i] = 1;
					changed = true;
					break;
				}
			}
		}
	}
	for (i = 0; i < wf->nstages; i++) {
		const dossier_stage *s = &wf->stages[i];

		/* A stage without transitions was reported as no-transitions. */
		if (finishes[i] || s->ntransitions == 0)
			continue;
		if (wf_diag(diags, "cannot-finish", wf->path, s->line, s->column,
				"no final stage can be reached from stage '%s'", s->id) < 0)
			return DOSSIER_ENOMEM;
		dossier_diags_hint(diags, "its transitions lead only to stages that never end the workflow");
	}
	return 0;
}

static int check_deadline_order(const dossier_workflow *wf, dossier_diags *diags,
	unsigned char *seen, size_t *queue)
{
	ptrdiff_t *before = malloc(wf->nstages * sizeof(*before));
	size_t a, b;
	int rc = 0;

	if (!before)
		return DOSSIER_ENOMEM;
	for (b = 0; b < wf->nstages; b++)
		before[b] = -1;
	for (a = 0; a < wf->nstages; a++) {
		const dossier_stage *sa = &wf->stages[a];

		if (sa->deadline.kind != DOSSIER_DEADLINE_DATE)
			continue;
		reach(wf, a, false, seen, queue);
		for (b = 0; b < wf->nstages; b++) {
			const dossier_stage *sb = &wf->stages[b];

			if (!seen[b] || sb->deadline.kind != DOSSIER_DEADLINE_DATE ||
			    dossier_date_cmp(&sb->deadline.date, &sa->deadline.date) >= 0)
				continue;
			/* Name the latest deadline that comes before it. */
			if (before[b] < 0 || dossier_date_cmp(&sa->deadline.date,
					&wf->stages[before[b]].deadline.date) > 0)
				before[b] = (ptrdiff_t)a;
		}
	}
	for (b = 0; b < wf->nstages && rc == 0; b++) {
		const dossier_stage *sb = &wf->stages[b], *sa;
		char db[16], da[16];

		if (before[b] < 0)
			continue;
		sa = &wf->stages[before[b]];
		dossier_date_format(db, sizeof(db), &sb->deadline.date);
		dossier_date_format(da, sizeof(da), &sa->deadline.date);
		if (wf_diag(diags, "deadline-order", wf->path, sb->deadline.line, sb->deadline.column,
				"deadline %s of stage '%s' is earlier than deadline %s of stage '%s', which comes before it",
				db, sb->id, da, sa->id) < 0)
			rc = DOSSIER_ENOMEM;
		else
			dossier_diags_hint(diags, "a path leads from '%s' to '%s'; a later stage cannot end earlier",
				sa->id, sb->id);
	}
	free(before);
	return rc;
}

int wf_check_graph(const dossier_workflow *wf, dossier_diags *diags, bool paths)
{
	unsigned char *seen, *finishes;
	size_t *queue;
	int rc = 0;

	if (wf->nstages == 0)
		return 0;
	seen = malloc(wf->nstages);
	finishes = malloc(wf->nstages);
	queue = malloc(wf->nstages * sizeof(*queue));
	if (!seen || !finishes || !queue) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	if (paths && (rc = check_paths(wf, diags, seen, finishes, queue)) < 0)
		goto done;
	rc = check_deadline_order(wf, diags, seen, queue);
done:
	free(seen);
	free(finishes);
	free(queue);
	return rc;
}
