/*
 * status.c: a dossier's status: stage, deadline, who has and has not
 * commented, what blocks each next transition, and, where a guard of the
 * stage asks, the accepted comments not taken in (facade_untaken, which
 * reads the synthesis report). Otherwise it reads one state record, never
 * the history. Its JSON form is written in query.c.
 */
#include "facade/facade_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---- status --------------------------------------------------------------- */

void dossier_status_free(dossier_status *st)
{
	size_t i;

	if (!st)
		return;
	free(st->untaken_list);
	free(st->title);
	free(st->workflow);
	free(st->stage);
	free(st->stage_title);
	free(st->members);
	for (i = 0; i < st->nnext; i++)
		free(st->next[i].blocked_by);
	free(st->next);
	free(st->time_zone);
	free(st);
}

int dossier_get_status(dossier_status **out, dossier *d, dossier_error *err)
{
	dossier_snap *tip = NULL;
	dossier_status *st = NULL;
	ds_state s;
	dossier_facts facts;
	const dossier_stage *stage;
	dossier_state cur;
	char counted[41];
	size_t i, refused = 0;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	memset(&facts, 0, sizeof(facts));
	if ((rc = store_tip(&tip, d->store, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: '%s' has no history",
				store_path(d->store));
		return rc;
	}
	if ((rc = facade_workflow(d, tip, err)) < 0)
		goto done;
	/* refused local events are left out of the counts */
	if ((rc = facade_counted_tip(counted, &refused, d, snap_id(tip), err)) < 0)
		goto done;
	if (strcmp(counted, snap_id(tip))) {
		snap_free(tip);
		tip = NULL;
		if ((rc = store_lookup(&tip, d->store, counted, err)) < 0)
			goto done;
	}
	if ((rc = facade_state(&s, d, tip, err)) < 0)
		goto done;
	st = calloc(1, sizeof(*st));
	if (!st || ds_state_facts(&facts, &s) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = facade_now(&st->now, d, err)) < 0)
		goto done;
	stage = dossier_workflow_stage(d->wf, s.stage);
	if (!stage) {
		rc = dossier_error_set(err, DOSSIER_EINVALID, "the cached state names stage '%s', which the workflow does not have",
			s.stage);
		goto done;
	}
	st->title = facade_read_title(tip);
	st->workflow = util_strdup(d->wf->id);
	st->stage = util_strdup(s.stage);
	st->stage_title = util_strdup(stage->title ? stage->title : stage->id);
	st->time_zone = util_strdup(d->wf->calendar.zone_name ? d->wf->calendar.zone_name : "UTC");
	st->utc_offset = d->wf->calendar.utc_offset;
	st->final = stage->final;
	st->comments_open = stage->comments_open;
	st->entered = s.entered;
	st->created = s.nstages ? s.stages[0].entered : s.entered;
	st->has_deadline = dossier_machine_deadline(&st->deadline, d->wf, stage, s.entered);
	st->entered_late = st->has_deadline && s.entered > st->deadline;
	st->revisions = s.revision;
	st->events = s.events;
	st->comments = s.comments;
	st->responses = s.responses;
	st->unanswered = s.unanswered;
	st->refused = refused;
	if (dossier_machine_guard_uses(stage, NULL, DOSSIER_GUARD_ACCEPTED_TAKEN_IN)) {
		if ((rc = facade_untaken(&st->untaken, &st->untaken_list, d, tip, err)) < 0)
			goto done;
		facts.untaken = st->untaken;
		facts.untaken_list = st->untaken_list;
	}
	if (!st->workflow || !st->stage || !st->stage_title || !st->time_zone) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	st->members = calloc(d->wf->nparticipants + 1, sizeof(*st->members));
	st->next = calloc(stage->ntransitions + 1, sizeof(*st->next));
	if (!st->members || !st->next) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < d->wf->nparticipants; i++) {
		const dossier_participant *p = &d->wf->participants[i];
		ds_member *m;

		if (!stage->comments_open || !dossier_machine_may_comment(d->wf, stage, p))
			continue;
		m = ds_state_member(&s, p->id, false);
		st->members[st->nmembers].id = p->id;
		st->members[st->nmembers].name = p->name;
		st->members[st->nmembers].comments = m ? m->in_stage : 0;
		st->members[st->nmembers].total = m ? m->seq : 0;
		st->nmembers++;
	}
	cur.stage = s.stage;
	cur.entered_at = s.entered;
	for (i = 0; i < stage->ntransitions; i++) {
		const dossier_transition *tr = &stage->transitions[i];
		const dossier_stage *target = dossier_workflow_stage(d->wf, tr->target);
		dossier_next_status *n = &st->next[st->nnext++];

		n->target = tr->target;
		n->title = target && target->title ? target->title : tr->target;
		n->roles = tr->roles;
		n->nroles = tr->nroles;
		n->allowed = dossier_machine_guard_holds(&n->blocked_by, d->wf, &cur, tr, &facts, st->now);
	}
	*out = st;
	st = NULL;
done:
	free((void *)facts.commenters);
	ds_state_clear(&s);
	dossier_status_free(st);
	snap_free(tip);
	return rc;
}
