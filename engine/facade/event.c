/*
 * event.c: the table of event kinds (event_int.h) and the one function
 * that steps a cached state by an event: the machine's verdict on the
 * state, then the event's apply_* (record.c). The actions step the state
 * they are about to commit, verify the state before each commit it
 * replays, sync the state a local event is moved onto; all three ask the
 * machine the same way, here.
 */
#include "facade/event_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Each kind's apply_*, with the arguments a step carries. */
static int step_revise(ds_state *st, ds_step *s)
{
	(void)s;
	return apply_revise(st);
}

/* To the stage the machine answered, else (a replay of a refused advance) to the target. */
static int step_advance(ds_state *st, ds_step *s)
{
	return apply_advance(st, s->next.stage ? s->next.stage : s->target, s->actor, s->when);
}

static int step_comment(ds_state *st, ds_step *s)
{
	return apply_comment(st, s->actor, &s->seq);
}

static int step_respond(ds_state *st, ds_step *s)
{
	return apply_respond(st, s->first, s->disposition);
}

static int step_import(ds_state *st, ds_step *s)
{
	return apply_import(st, s->authors, s->nauthors, s->seqs);
}

/* The keys are not the workflow's state: a key event leaves it as it is. */
static int step_key(ds_state *st, ds_step *s)
{
	(void)st;
	(void)s;
	return 0;
}

static int step_respond_many(ds_state *st, ds_step *s)
{
	return apply_respond_many(st, s->firsts, s->dispositions, s->nresponses);
}

static const ds_event_kind kinds[DS_NEVENTS] = {
	[DS_EVENT_NONE] = { DS_EVENT_NONE, "", 0, NULL, 0, 0, 0 },
	[DS_EVENT_INIT] = { DS_EVENT_INIT, "init", 0, NULL, DS_REC_META | DS_REC_WORKFLOW, 0, 0 },
	[DS_EVENT_REVISE] = { DS_EVENT_REVISE, "revise", DOSSIER_ACTION_REVISE, step_revise,
		DS_REC_REVISION | DS_REC_DRAFT, 0, DS_EV_TAGS | DS_EV_SHAPES },
	[DS_EVENT_ADVANCE] = { DS_EVENT_ADVANCE, "advance", DOSSIER_ACTION_ADVANCE, step_advance,
		0, DS_TR_TARGET, DS_EV_SHAPES },
	[DS_EVENT_COMMENT] = { DS_EVENT_COMMENT, "comment", DOSSIER_ACTION_COMMENT, step_comment,
		DS_REC_COMMENT, DS_TR_ID, 0 },
	[DS_EVENT_RESPOND] = { DS_EVENT_RESPOND, "respond", DOSSIER_ACTION_RESPOND, step_respond,
		DS_REC_RESPONSE, DS_TR_ID, 0 },
	/* The importer's role (respond) and the stage's window are the
	 * import's own checks (import.c, verify.c): no one transition of the
	 * machine says whether many records from outside may come in. */
	[DS_EVENT_IMPORT] = { DS_EVENT_IMPORT, "import", 0, step_import, DS_REC_COMMENTS, 0, 0 },
	/* Who may change whose keys is the key event's own check (keys.c):
	 * the workflow's key managers, not its stages. Dossier-Target names
	 * the participant whose keys change. */
	[DS_EVENT_KEY] = { DS_EVENT_KEY, "key", 0, step_key, DS_REC_KEYS, DS_TR_TARGET, 0 },
	/* Answers in bulk: one verdict of the machine on responding, then each
	 * record (answers.c, verify.c). No Dossier-Id: the records name them. */
	[DS_EVENT_RESPOND_MANY] = { DS_EVENT_RESPOND_MANY, "respond-many", DOSSIER_ACTION_RESPOND, step_respond_many,
		DS_REC_RESPONSES, 0, 0 },
};

ds_event ds_event_of(const char *name)
{
	size_t i;

	for (i = 1; name && i < DS_NEVENTS; i++)
		if (!strcmp(kinds[i].name, name))
			return (ds_event)i;
	return DS_EVENT_NONE;
}

const ds_event_kind *ds_event_kind_of(ds_event ev)
{
	return (unsigned)ev < DS_NEVENTS ? &kinds[ev] : &kinds[DS_EVENT_NONE];
}

const char *ds_event_name(ds_event ev)
{
	return ds_event_kind_of(ev)->name;
}

bool ds_event_trailers_ok(ds_event ev, const ds_trailers *tr)
{
	unsigned need = ds_event_kind_of(ev)->trailers;

	return (!(need & DS_TR_ID) || tr->id) && (!(need & DS_TR_TARGET) || tr->target);
}

/* ---- the records ------------------------------------------------------- */

static void paths_add(ds_paths *p, char *path, bool *oom)
{
	if (!path)
		*oom = true;
	else if (p->n < DS_PATHS_MAX)
		p->v[p->n++] = path;
	else
		free(path);
}

int ds_event_paths(ds_paths *out, ds_event ev, const char *id, unsigned revision)
{
	unsigned rec = ds_event_kind_of(ev)->records;
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->event = ev;
	if (rec & DS_REC_REVISION) {
		paths_add(out, revision_path(revision), &oom);
		paths_add(out, revision_meta_path(revision), &oom);
		paths_add(out, revision_index_path(revision), &oom);
		paths_add(out, revision_model_path(revision), &oom);
	}
	if (rec & DS_REC_DRAFT)
		paths_add(out, util_strdup(PATH_DRAFT), &oom);
	if ((rec & DS_REC_COMMENT) && id)
		paths_add(out, comment_path(id), &oom);
	if ((rec & DS_REC_RESPONSE) && id)
		paths_add(out, response_path(id), &oom);
	if (rec & DS_REC_META)
		paths_add(out, util_strdup(PATH_META), &oom);
	if (rec & DS_REC_WORKFLOW)
		paths_add(out, util_strdup(PATH_WORKFLOW), &oom);
	if (rec & DS_REC_KEYS)
		paths_add(out, util_strdup(PATH_KEYS), &oom);
	paths_add(out, util_strdup(PATH_STATE), &oom);
	return oom ? DOSSIER_ENOMEM : 0;
}

bool ds_paths_allows(const ds_paths *p, const char *path, char status)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i], path))
			return true;
	/* an import adds comment records, a respond-many adds or replaces
	 * response records (their replays check each) */
	if ((ds_event_kind_of(p->event)->records & DS_REC_RESPONSES) && status != 'D' &&
	    !strncmp(path, "responses/", 10))
		return true;
	return (ds_event_kind_of(p->event)->records & DS_REC_COMMENTS) && status == 'A' &&
		!strncmp(path, "comments/", 9);
}

void ds_paths_clear(ds_paths *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	memset(p, 0, sizeof(*p));
}

/* ---- the step ---------------------------------------------------------- */

int ds_state_check(const ds_state *st, const dossier_workflow *wf, ds_step *s, dossier_error *err)
{
	const ds_event_kind *k = ds_event_kind_of(s->event);
	dossier_state cur = { st->stage, st->entered };
	dossier_request req = { k->action, s->target, s->actor, s->when };
	dossier_facts facts;
	int rc;

	s->next = cur;
	if (!k->action)
		return 0;
	if (ds_state_facts(&facts, st) < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	facts.untaken = s->untaken;
	facts.untaken_list = s->untaken_list;
	rc = dossier_machine_step(&s->next, wf, &cur, &req, &facts, err);
	free((void *)facts.commenters);
	if (rc < 0)
		memset(&s->next, 0, sizeof(s->next));
	return rc;
}

int ds_state_apply(ds_state *st, ds_step *s, dossier_error *err)
{
	const ds_event_kind *k = ds_event_kind_of(s->event);

	/* a dossier starts in ds_state_initial(), from no state */
	if (!k->apply)
		return dossier_error_set(err, DOSSIER_EINVALID, "a '%s' event is no step from a state", k->name);
	return k->apply(st, s) < 0 ? dossier_error_set(err, DOSSIER_ENOMEM, "out of memory") : 0;
}

bool ds_step_wants_untaken(const ds_state *st, const dossier_workflow *wf, const ds_step *step)
{
	return step->event == DS_EVENT_ADVANCE &&
		dossier_machine_guard_uses(dossier_workflow_stage(wf, st->stage), NULL, DOSSIER_GUARD_ACCEPTED_TAKEN_IN);
}

int ds_state_step(ds_state *st, const dossier_workflow *wf, ds_step *s, dossier_error *err)
{
	int rc = ds_state_check(st, wf, s, err);

	return rc < 0 ? rc : ds_state_apply(st, s, err);
}
