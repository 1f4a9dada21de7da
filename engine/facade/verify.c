/*
 * verify.c: replay a dossier's whole history against its pinned workflow.
 *
 * Every commit must be a dossier event (its trailers say which), authored
 * by the participant who acted, allowed by the workflow at its legal time
 * on the state before it, touching only the records that event writes, and
 * leaving a cached state equal to the replayed one. Each violation is
 * reported with its commit; the replay goes on with the commit's own state
 * so that one bad commit does not hide the next.
 */
#include "facade/facade_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "dossier/input.h"
#include "base/util.h"

typedef struct verifier {
	dossier *d;
	dossier_diags *diags;
	dossier_error *err;
	size_t commits;
	int fatal;
	bool check_tags;         /* revision tags must point at their commits */
	verify_extra_fn extra;   /* a caller's own check of each commit, or NULL */
	void *extra_payload;
	/* The last revision index read (revisions/vN.eids, which no later
	 * event may change): read once, not once per comment, with its eIds
	 * sorted (an import of 100,000 comments looks up each one's). */
	unsigned index_rev;
	char *index;
	char **index_eids;       /* into index; NULL: search index line by line */
	size_t nindex_eids;
	/* The cached state of the commit verified last, kept for its child:
	 * the walk goes from parents to children, so each state.json is read
	 * and parsed once, not once as a commit's and again as its parent's. */
	char prev_id[41];
	ds_state prev;
	bool have_prev;
} verifier;

static void violation(verifier *v, const dossier_snap *snap, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(4, 5);

static void violation(verifier *v, const dossier_snap *snap, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	facade_violationv(v->diags, snap, code, fmt, ap);
	va_end(ap);
}

typedef struct change_check {
	verifier *v;
	const dossier_snap *snap;
	const ds_paths *e;
	const char *event;       /* as the commit names it */
} change_check;

static int check_change(const char *path, char status, void *payload)
{
	change_check *c = payload;

	if (!ds_paths_allows(c->e, path, status))
		violation(c->v, c->snap, "unexpected-change", "a '%s' event does not %s '%s'",
			c->event, status == 'D' ? "delete" : status == 'A' ? "add" : "change", path);
	else if (status == 'D')
		violation(c->v, c->snap, "deleted-record", "'%s' was deleted; records are never deleted", path);
	return 0;
}

/* The machine's verdict on the event, on the state before it. */
static int machine_allows(verifier *v, const dossier_snap *snap, const ds_state *parent, ds_step *step)
{
	dossier_error e = DOSSIER_ERROR_INIT;
	int rc = ds_state_check(parent, v->d->wf, step, &e);

	if (rc == DOSSIER_ENOMEM)
		v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
	else if (rc < 0)
		violation(v, snap, "refused", "the workflow does not allow it: %s", e.message ? e.message : "?");
	dossier_error_clear(&e);
	return rc;
}

/* The event applied to the replayed state, allowed or not: the replay goes
 * on with the commit's own word. */
static void apply(verifier *v, ds_state *st, ds_step *step)
{
	if (ds_state_apply(st, step, NULL) < 0 && !v->fatal)
		v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
}

/* A time a record holds must be one a dossier takes (docs/calendar.md). */
static void check_record_time(verifier *v, const dossier_snap *snap, const char *what, const char *id,
	dossier_time t)
{
	char s[40];

	if (dossier_time_in_range(&v->d->wf->calendar, t))
		return;
	dossier_time_format(s, sizeof(s), &v->d->wf->calendar, t);
	violation(v, snap, "bad-time", "%s '%s' has the time %s, outside the supported range %s to %s",
		what, id, s, DOSSIER_TIME_FIRST_DAY, DOSSIER_TIME_LAST_DAY);
}

static int read_comment(dossier_comment_record *c, verifier *v, const dossier_snap *snap, const char *id)
{
	char *path = comment_path(id), *data = NULL;
	size_t len = 0;
	dossier_error e = DOSSIER_ERROR_INIT;
	int rc = path ? snap_read(&data, &len, snap, path, &e) : DOSSIER_ENOMEM;

	if (rc == 0)
		rc = comment_parse(c, data, len, &v->d->wf->calendar, &e);
	if (rc < 0)
		violation(v, snap, "bad-record", "comment '%s' at '%s': %s", id, path ? path : "?",
			e.message ? e.message : "unreadable");
	else
		check_record_time(v, snap, "comment", id, c->time);
	dossier_error_clear(&e);
	free(path);
	free(data);
	return rc;
}

static int cmp_eid(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the eIds of v->index ("eId<TAB>citation" lines), cut in place; when
 * out of memory the index stays as it is, searched line by line. */
static void sort_index(verifier *v)
{
	size_t n = 0, k = 0;
	char *line, **eids;

	for (line = v->index; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		n++;
	if (!n || !(eids = malloc(n * sizeof(*eids))))
		return;
	for (line = v->index; line && *line; ) {
		char *nl = strchr(line, '\n'), *tab;

		if (nl)
			*nl = '\0';
		if ((tab = strchr(line, '\t')) != NULL) {
			*tab = '\0';
			eids[k++] = line;
		}
		line = nl ? nl + 1 : NULL;
	}
	qsort(eids, k, sizeof(*eids), cmp_eid);
	v->index_eids = eids;
	v->nindex_eids = k;
}

/* Whether an eId is in a revision's index ("v2"). */
static bool eid_in_revision(verifier *v, const dossier_snap *snap, const char *revision, const char *eid)
{
	unsigned n = dossier_revision_number(revision);
	char *path, *data = NULL, *line;
	size_t len = 0, elen = strlen(eid);
	bool found = false;

	if (n == 0)
		return false;
	if (!v->index || v->index_rev != n) {
		path = revision_index_path((unsigned)n);
		if (!path || snap_read(&data, &len, snap, path, NULL) < 0) {
			free(path);
			return false;
		}
		free(path);
		free(v->index);
		free(v->index_eids);
		v->index = data;
		v->index_eids = NULL;
		v->nindex_eids = 0;
		v->index_rev = (unsigned)n;
		sort_index(v);
	}
	if (v->index_eids)
		return bsearch(&eid, v->index_eids, v->nindex_eids, sizeof(*v->index_eids), cmp_eid) != NULL;
	for (line = v->index; line && *line && !found; ) {
		char *nl = strchr(line, '\n');

		found = !strncmp(line, eid, elen) && line[elen] == '\t';
		line = nl ? nl + 1 : NULL;
	}
	return found;
}

/* The eIds of one index seen so far (sorted; an index has a few thousand
 * at most). Returns 1 when eid was there already. */
typedef struct akn_eids_seen {
	const char **v;
	size_t n, cap;
} akn_eids_seen;

static int seen_add(akn_eids_seen *s, const char *eid)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->v[mid], eid);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		const char **nv = realloc(s->v, cap * sizeof(*nv));

		if (!nv)
			return 0;
		s->v = nv;
		s->cap = cap;
	}
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof(*s->v));
	s->v[lo] = eid;
	s->n++;
	return 0;
}

/* revisions/vN.eids: one "eId<TAB>citation" line per provision, each eId
 * of the naming convention's grammar and none twice (a forged line would
 * let comments address a provision the revision does not have). */
static void check_index(verifier *v, const dossier_snap *snap, unsigned rev)
{
	char *path = revision_index_path(rev), *data = NULL, *line;
	size_t len = 0, n = 0;
	akn_eids_seen seen = { NULL, 0, 0 };

	if (!path || snap_read(&data, &len, snap, path, NULL) < 0) {
		if (path)
			violation(v, snap, "missing-record", "'%s' is missing", path);
		free(path);
		return;
	}
	for (line = data; *line; ) {
		char *nl = strchr(line, '\n'), *tab, *shown;
		const char *why = NULL;

		n++;
		if (!nl) {
			violation(v, snap, "bad-index", "%s:%zu: the last line has no line end", path, n);
			break;
		}
		*nl = '\0';
		tab = strchr(line, '\t');
		if (!tab || strchr(tab + 1, '\t')) {
			shown = util_quote(line);
			violation(v, snap, "bad-index", "%s:%zu: the line %s is not one 'eId<TAB>citation'", path, n,
				shown ? shown : "?");
			free(shown);
			line = nl + 1;
			continue;
		}
		*tab = '\0';
		why = dossier_akn_eid_check(line);
		if (why) {
			shown = util_quote(line);
			violation(v, snap, "bad-index", "%s:%zu: invalid eId %s: %s", path, n, shown ? shown : "?", why);
			free(shown);
		} else if (seen_add(&seen, line)) {
			violation(v, snap, "bad-index", "%s:%zu: eId '%s' is listed twice", path, n, line);
		}
		line = nl + 1;
	}
	free(seen.v);
	free(data);
	free(path);
}

/* ---- import: many comment records in one event ---- */

typedef struct import_replay {
	verifier *v;
	const dossier_snap *snap;
	const ds_state *parent;
	const dossier_stage *stage;
	dossier_time when;
	char **authors;        /* per added record: participant id or NULL (the public) */
	char **ids;
	size_t n, cap;
} import_replay;

static int import_added(const char *path, char status, void *payload)
{
	import_replay *ir = payload;
	verifier *v = ir->v;
	dossier_comment_record c;
	const char *base, *dot;
	char *data = NULL, *id;
	size_t len = 0;
	dossier_error e = DOSSIER_ERROR_INIT;
	bool external;

	if (status != 'A' || strncmp(path, "comments/", 9))
		return 0;
	base = strrchr(path, '/') + 1;
	dot = strrchr(base, '.');
	if (!dot || strcmp(dot, ".json"))
		return 0;
	if (ir->n == ir->cap) {
		size_t cap = ir->cap ? ir->cap * 2 : 256;
		char **a = realloc(ir->authors, cap * sizeof(*a)), **b;

		if (a)
			ir->authors = a;
		b = a ? realloc(ir->ids, cap * sizeof(*b)) : NULL;
		if (!b)
			return v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
		ir->ids = b;
		ir->cap = cap;
	}
	id = util_strndup(base, (size_t)(dot - base));
	if (!id)
		return v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
	if (snap_read(&data, &len, ir->snap, path, &e) < 0 ||
	    comment_parse(&c, data, len, &v->d->wf->calendar, &e) < 0) {
		violation(v, ir->snap, "bad-record", "comment '%s' at '%s': %s", id, path, e.message ? e.message : "unreadable");
		dossier_error_clear(&e);
		free(data);
		free(id);
		return 0;
	}
	free(data);
	check_record_time(v, ir->snap, "imported comment", id, c.time);
	/* The public's comments carry their own id as author (comment_parse). */
	external = !strcmp(c.author, c.id);
	if (strcmp(c.id, id))
		violation(v, ir->snap, "bad-id", "the record at '%s' names itself '%s'", path, c.id);
	if (!external && !dossier_workflow_participant(v->d->wf, c.author))
		violation(v, ir->snap, "not-a-participant", "imported comment '%s' names author '%s', not a participant",
			id, c.author);
	else if (!external && ir->stage && !dossier_machine_may_comment(v->d->wf, ir->stage,
			dossier_workflow_participant(v->d->wf, c.author)))
		violation(v, ir->snap, "refused", "imported comment '%s' is by '%s', who may not comment in stage '%s'",
			id, c.author, ir->stage->id);
	if (c.time > ir->when || c.time < ir->parent->entered)
		violation(v, ir->snap, "wrong-time", "imported comment '%s' was received outside the stage's window",
			id);
	else if (ir->stage) {
		dossier_time dl;

		if (dossier_machine_deadline(&dl, v->d->wf, ir->stage, ir->parent->entered) && c.time > dl)
			violation(v, ir->snap, "wrong-time", "imported comment '%s' was received after the deadline", id);
	}
	if (!c.stage || strcmp(c.stage, ir->parent->stage))
		violation(v, ir->snap, "wrong-stage", "imported comment '%s' names stage '%s'", id,
			c.stage ? c.stage : "(none)");
	if (strcmp(c.on, "general") && !eid_in_revision(v, ir->snap, c.revision, c.on))
		violation(v, ir->snap, "unknown-provision", "comment '%s' is on '%s', which revision %s does not have",
			id, c.on, c.revision);
	ir->authors[ir->n] = external ? NULL : util_strdup(c.author);
	ir->ids[ir->n] = id;
	ir->n++;
	comment_record_clear(&c);
	return 0;
}

/* An import: the importer may respond, comments are open, and the records
 * it adds are numbered on from the parent's counters; the state advances
 * by apply_import(). */
static void replay_import(verifier *v, const dossier_snap *snap, const dossier_participant *actor,
	dossier_time when, const ds_state *parent, ds_state *st)
{
	const dossier_role *role = dossier_workflow_role(v->d->wf, actor->role);
	import_replay ir;
	dossier_snap *par = NULL;
	size_t i;

	memset(&ir, 0, sizeof(ir));
	ir.v = v;
	ir.snap = snap;
	ir.parent = parent;
	ir.when = when;
	ir.stage = dossier_workflow_stage(v->d->wf, parent->stage);
	if (!role || !(role->actions & DOSSIER_ACTION_RESPOND))
		violation(v, snap, "refused", "'%s' may not import comments: only the drafting agency can", actor->id);
	if (!ir.stage || !ir.stage->comments_open)
		violation(v, snap, "refused", "an import while comments are not open in stage '%s'", parent->stage);
	if (parent->revision == 0)
		violation(v, snap, "refused", "an import before any revision");
	if (snap_parent(&par, snap, 0, NULL) == 0)
		snap_changes(par, snap, import_added, &ir, NULL);
	snap_free(par);
	if (v->fatal == 0) {
		ds_step step = { .event = DS_EVENT_IMPORT, .actor = actor->id, .when = when,
			.authors = (const char *const *)ir.authors, .nauthors = ir.n };

		apply(v, st, &step);
	}
	/* Each id is <author>-<n> with n past the parent's count and within the new one. */
	for (i = 0; v->fatal == 0 && i < ir.n; i++) {
		const char *who = ir.authors[i] ? ir.authors[i] : DS_PUBLIC;
		ds_member *was = ds_state_member((ds_state *)parent, who, false);
		ds_member *now = ds_state_member(st, who, false);
		size_t wl = strlen(who);
		unsigned long k = 0;
		char *end = NULL;

		if (!strncmp(ir.ids[i], who, wl) && ir.ids[i][wl] == '-')
			k = strtoul(ir.ids[i] + wl + 1, &end, 10);
		if (!end || *end || k <= (was ? was->seq : 0) || !now || k > now->seq)
			violation(v, snap, "bad-id", "imported comment '%s' is not numbered on from %s's %u earlier comments",
				ir.ids[i], who, was ? was->seq : 0);
	}
	for (i = 0; i < ir.n; i++) {
		free(ir.authors[i]);
		free(ir.ids[i]);
	}
	free(ir.authors);
	free(ir.ids);
}

/* What one replay of an event knows. */
typedef struct replay_at {
	verifier *v;
	const dossier_snap *snap;
	const ds_trailers *tr;
	const dossier_participant *actor;
	dossier_time when;
	const ds_state *parent;
	ds_state *st;            /* a copy of the parent's state, stepped by the event */
	ds_step step;
} replay_at;

/* A revise: the revision numbered on, its tag on this commit, its records there. */
static void replay_revise(replay_at *r)
{
	verifier *v = r->v;
	char *want, *xml;

	machine_allows(v, r->snap, r->parent, &r->step);
	apply(v, r->st, &r->step);
	want = util_sprintf("v%u", r->st->revision);
	if (want && (!r->tr->revision || strcmp(r->tr->revision, want)))
		violation(v, r->snap, "bad-revision", "the revision should be '%s', the commit says '%s'",
			want, r->tr->revision ? r->tr->revision : "(none)");
	if (want && v->check_tags) {
		dossier_snap *tag = NULL;

		if (store_lookup(&tag, v->d->store, want, NULL) < 0)
			violation(v, r->snap, "missing-tag", "tag '%s' is missing", want);
		else if (strcmp(snap_id(tag), snap_id(r->snap)))
			violation(v, r->snap, "moved-tag", "tag '%s' points at %.12s, not at the commit that made it",
				want, snap_id(tag));
		snap_free(tag);
	}
	free(want);
	xml = revision_path(r->st->revision);
	if (xml && !snap_exists(r->snap, xml))
		violation(v, r->snap, "missing-record", "'%s' is missing", xml);
	free(xml);
	check_index(v, r->snap, r->st->revision);
}

/* An advance: to the stage the machine answers, else to the one it names.
 * Where a guard reads the accepted comments not taken in, they are
 * counted at the commit before it, as the action counted them. */
static void replay_advance(replay_at *r)
{
	char *untaken = NULL;

	if (ds_step_wants_untaken(r->parent, r->v->d->wf, &r->step)) {
		dossier_snap *par = NULL;
		dossier_error e = DOSSIER_ERROR_INIT;

		if (snap_parent(&par, r->snap, 0, NULL) == 0 &&
		    facade_untaken(&r->step.untaken, &untaken, r->v->d, par, &e) < 0 && e.code == DOSSIER_ENOMEM)
			r->v->fatal = dossier_error_set(r->v->err, DOSSIER_ENOMEM, "out of memory");
		dossier_error_clear(&e);
		snap_free(par);
		r->step.untaken_list = untaken;
	}
	machine_allows(r->v, r->snap, r->parent, &r->step);
	apply(r->v, r->st, &r->step);
	r->step.untaken_list = NULL;
	free(untaken);
}

/* A comment: numbered on from its author's count, its record by its actor at its time. */
static void replay_comment(replay_at *r)
{
	verifier *v = r->v;
	const ds_trailers *tr = r->tr;
	dossier_comment_record c;
	char *want;

	machine_allows(v, r->snap, r->parent, &r->step);
	if (r->parent->revision == 0)
		violation(v, r->snap, "refused", "a comment before any revision");
	apply(v, r->st, &r->step);
	want = util_sprintf("%s-%u", r->actor->id, r->step.seq);
	if (want && strcmp(want, tr->id))
		violation(v, r->snap, "bad-id", "the comment should be '%s', the commit says '%s'", want, tr->id);
	free(want);
	if (read_comment(&c, v, r->snap, tr->id) < 0)
		return;
	if (strcmp(c.id, tr->id)) {
		char *path = comment_path(tr->id);

		violation(v, r->snap, "bad-id", "the record at '%s' names itself '%s'", path ? path : "?", c.id);
		free(path);
	}
	if (strcmp(c.author, r->actor->id))
		violation(v, r->snap, "wrong-author", "comment '%s' names author '%s', the commit '%s'",
			tr->id, c.author, r->actor->id);
	if (c.time != r->when)
		violation(v, r->snap, "wrong-time", "comment '%s' has a time that differs from the event's", tr->id);
	if (strcmp(c.on, "general") && !eid_in_revision(v, r->snap, c.revision, c.on))
		violation(v, r->snap, "unknown-provision", "comment '%s' is on '%s', which revision %s does not have",
			tr->id, c.on, c.revision);
	comment_record_clear(&c);
}

/* A respond: to a comment that exists, its record by its actor at its time;
 * the state counts it with the disposition the record gives. */
static void replay_respond(replay_at *r)
{
	verifier *v = r->v;
	const ds_trailers *tr = r->tr;
	dossier_comment_record c;
	dossier_error rerr = DOSSIER_ERROR_INIT;
	char *rpath = response_path(tr->id), *cpath = comment_path(tr->id), *data = NULL;
	dossier_snap *par = NULL;
	size_t len = 0;

	machine_allows(v, r->snap, r->parent, &r->step);
	memset(&c, 0, sizeof(c));
	if (!rpath) {
		free(cpath);
		return;
	}
	if (snap_parent(&par, r->snap, 0, NULL) == 0 && cpath && !snap_exists(par, cpath))
		violation(v, r->snap, "unknown-comment", "a response to '%s', which does not exist", tr->id);
	r->step.first = par ? !snap_exists(par, rpath) : true;
	r->step.disposition = DOSSIER_DISPOSITION_NOTED;
	snap_free(par);
	free(cpath);
	if (snap_read(&data, &len, r->snap, rpath, NULL) < 0) {
		violation(v, r->snap, "bad-record", "response '%s' is missing: no '%s'", tr->id, rpath);
	} else if (response_parse(&c, data, len, &v->d->wf->calendar, &rerr) < 0) {
		violation(v, r->snap, "bad-record", "response '%s' at '%s': %s", tr->id, rpath,
			rerr.message ? rerr.message : "unreadable");
	} else {
		check_record_time(v, r->snap, "response", tr->id, c.response_time);
		if (c.response_time != r->when)
			violation(v, r->snap, "wrong-time", "response '%s' has a time that differs from the event's",
				tr->id);
		if (!c.responder || strcmp(c.responder, r->actor->id))
			violation(v, r->snap, "wrong-author", "response '%s' names '%s', the commit '%s'", tr->id,
				c.responder ? c.responder : "(nobody)", r->actor->id);
		r->step.disposition = c.disposition;
	}
	apply(v, r->st, &r->step);
	free(data);
	free(rpath);
	dossier_error_clear(&rerr);
	comment_record_clear(&c);
}

/* ---- respond-many: several response records in one event ---- */

typedef struct many_replay {
	replay_at *r;
	const dossier_snap *par;
	bool *first;
	dossier_disposition *disp;
	size_t n, cap;
} many_replay;

static int many_changed(const char *path, char status, void *payload)
{
	many_replay *mr = payload;
	replay_at *r = mr->r;
	verifier *v = r->v;
	dossier_comment_record c;
	dossier_error e = DOSSIER_ERROR_INIT;
	const char *base, *dot;
	char *id, *cpath, *want, *data = NULL;
	size_t len = 0;

	if (status == 'D' || strncmp(path, "responses/", 10))
		return 0;
	base = strrchr(path, '/') + 1;
	dot = strrchr(base, '.');
	if (!dot || strcmp(dot, ".json"))
		return 0;
	if (mr->n == mr->cap) {
		size_t cap = mr->cap ? mr->cap * 2 : 64;
		bool *f = realloc(mr->first, cap * sizeof(*f));
		dossier_disposition *dd;

		if (f)
			mr->first = f;
		dd = f ? realloc(mr->disp, cap * sizeof(*dd)) : NULL;
		if (!dd)
			return v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
		mr->disp = dd;
		mr->cap = cap;
	}
	if (!(id = util_strndup(base, (size_t)(dot - base))))
		return v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
	cpath = comment_path(id);
	want = response_path(id);
	if (!cpath || !want) {
		free(id);
		free(cpath);
		free(want);
		return v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
	}
	if (strcmp(want, path))
		violation(v, r->snap, "bad-record", "'%s' is not where the response to '%s' lives ('%s')", path, id, want);
	else if (mr->par && !snap_exists(mr->par, cpath))
		violation(v, r->snap, "unknown-comment", "a response to '%s', which does not exist", id);
	memset(&c, 0, sizeof(c));
	c.id = id;
	mr->first[mr->n] = status == 'A';
	mr->disp[mr->n] = DOSSIER_DISPOSITION_NOTED;
	if (snap_read(&data, &len, r->snap, path, &e) < 0 || response_parse(&c, data, len, &v->d->wf->calendar, &e) < 0) {
		violation(v, r->snap, "bad-record", "response '%s' at '%s': %s", id, path,
			e.message ? e.message : "unreadable");
	} else {
		check_record_time(v, r->snap, "response", id, c.response_time);
		if (c.response_time != r->when)
			violation(v, r->snap, "wrong-time", "response '%s' has a time that differs from the event's", id);
		if (!c.responder || strcmp(c.responder, r->actor->id))
			violation(v, r->snap, "wrong-author", "response '%s' names '%s', the commit '%s'", id,
				c.responder ? c.responder : "(nobody)", r->actor->id);
		mr->disp[mr->n] = c.disposition;
	}
	mr->n++;
	c.id = NULL;
	comment_record_clear(&c);
	dossier_error_clear(&e);
	free(data);
	free(id);
	free(cpath);
	free(want);
	return 0;
}

/* Several responses (answers in bulk): the machine's verdict on
 * responding, once; each record it adds or replaces answers a comment that
 * was there before, by the actor at the event's time; the state counts
 * them all with one event. One response is a 'respond' event. */
static void replay_respond_many(replay_at *r)
{
	verifier *v = r->v;
	many_replay mr;
	dossier_snap *par = NULL;

	memset(&mr, 0, sizeof(mr));
	mr.r = r;
	machine_allows(v, r->snap, r->parent, &r->step);
	if (snap_parent(&par, r->snap, 0, NULL) == 0) {
		mr.par = par;
		snap_changes(par, r->snap, many_changed, &mr, NULL);
	}
	if (v->fatal == 0 && mr.n < 2)
		violation(v, r->snap, "bad-record", "a 'respond-many' event with %zu response%s (one is a 'respond' event)",
			mr.n, mr.n == 1 ? "" : "s");
	if (v->fatal == 0) {
		r->step.firsts = mr.first;
		r->step.dispositions = mr.disp;
		r->step.nresponses = mr.n;
		apply(v, r->st, &r->step);
	}
	snap_free(par);
	free(mr.first);
	free(mr.disp);
}

/* Replay one event (not the first) on `st` (a copy of the parent's state).
 * False when it could not be replayed: its trailers lack what it needs, or
 * it is no event a later commit can be. */
static bool replay(verifier *v, const dossier_snap *snap, const ds_trailers *tr,
	const dossier_participant *actor, dossier_time when, const ds_state *parent, ds_state *st)
{
	ds_event ev = ds_event_of(tr->event);
	replay_at r = { v, snap, tr, actor, when, parent, st,
		{ .event = ev, .actor = actor->id, .when = when, .target = tr->target } };

	if (!ds_event_trailers_ok(ev, tr)) {
		violation(v, snap, "bad-trailers", "%s '%s' event without %s", ev == DS_EVENT_ADVANCE ? "an" : "a",
			tr->event, (ds_event_kind_of(ev)->trailers & DS_TR_ID) ? "Dossier-Id" : "Dossier-Target");
		return false;
	}
	switch (ev) {
	case DS_EVENT_REVISE:
		replay_revise(&r);
		break;
	case DS_EVENT_ADVANCE:
		replay_advance(&r);
		break;
	case DS_EVENT_COMMENT:
		replay_comment(&r);
		break;
	case DS_EVENT_RESPOND:
		replay_respond(&r);
		break;
	case DS_EVENT_IMPORT:
		replay_import(v, snap, actor, when, parent, st);
		break;
	case DS_EVENT_KEY: {
		dossier_snap *par = NULL;

		if (snap_parent(&par, snap, 0, NULL) == 0)
			facade_replay_keys(v->d, snap, par, actor, when, v->diags);
		snap_free(par);
		break;
	}
	case DS_EVENT_RESPOND_MANY:
		replay_respond_many(&r);
		break;
	case DS_EVENT_INIT:      /* verify_one names it too: an init that is not the first commit */
	case DS_EVENT_NONE:
	case DS_NEVENTS:
		violation(v, snap, "unknown-event", "unknown event '%s'", tr->event);
		return false;
	}
	return true;
}

/* "'a', 'b' and 3 more": what a commit made by hand changes, to name the records. */
typedef struct change_list {
	dstr s;
	size_t n;
} change_list;

static int list_change(const char *path, char status, void *payload)
{
	change_list *l = payload;

	(void)status;
	if (l->n < 5)
		dstr_addf(&l->s, "%s'%s'", l->n ? ", " : "", path);
	l->n++;
	return 0;
}

/* A commit made by hand: who made it, and what it changes. */
static void foreign_commit(verifier *v, const dossier_snap *snap)
{
	change_list paths = { DSTR_INIT, 0 };
	dossier_snap *par = NULL;

	if (snap_parent_count(snap) <= 1 && (snap_parent_count(snap) == 0 || snap_parent(&par, snap, 0, NULL) == 0))
		snap_changes(par, snap, list_change, &paths, NULL);
	snap_free(par);
	if (paths.n > 5)
		dstr_addf(&paths.s, " and %zu more", paths.n - 5);
	violation(v, snap, "foreign-commit", "not a dossier event (no Dossier-Event trailer): made by hand by %s <%s>%s%s",
		snap_author_name(snap), snap_author_email(snap), paths.n ? ", changing " : "",
		paths.s.ptr ? paths.s.ptr : "");
	dstr_free(&paths.s);
}

/* An event's legal time is never earlier than the event before it on the
 * branch, nor than the entry of the stage it happens in. */
static void check_order(verifier *v, const dossier_snap *snap, const ds_trailers *tr, dossier_time when,
	const dossier_snap *par, const ds_state *parent)
{
	const dossier_calendar *cal = &v->d->wf->calendar;
	dossier_time before = facade_legal_time(par, cal);
	char t[40], b[40];

	dossier_time_format(t, sizeof(t), cal, when);
	if (when < before) {
		dossier_time_format(b, sizeof(b), cal, before);
		violation(v, snap, "backdated", "the %s event is dated %s, before the event before it (commit %.12s, dated %s)",
			tr->event, t, snap_id(par), b);
	} else if (when < parent->entered) {
		dossier_time_format(b, sizeof(b), cal, parent->entered);
		violation(v, snap, "backdated", "the %s event is dated %s, before stage '%s' was entered at %s",
			tr->event, t, parent->stage, b);
	}
}

static bool str_same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* Whether two states are the same field by field, members and stages in
 * the same order: then ds_state_dump writes the same text for both. */
static bool state_same(const ds_state *a, const ds_state *b)
{
	size_t i;

	if (!str_same(a->stage, b->stage) || a->entered != b->entered || a->revision != b->revision ||
	    a->revised_in_stage != b->revised_in_stage || a->accepted_since_revision != b->accepted_since_revision ||
	    a->events != b->events || a->comments != b->comments || a->responses != b->responses ||
	    a->unanswered != b->unanswered || a->nmembers != b->nmembers || a->nstages != b->nstages)
		return false;
	for (i = 0; i < a->nmembers; i++)
		if (!str_same(a->members[i].id, b->members[i].id) || a->members[i].seq != b->members[i].seq ||
		    a->members[i].in_stage != b->members[i].in_stage)
			return false;
	for (i = 0; i < a->nstages; i++)
		if (!str_same(a->stages[i].stage, b->stages[i].stage) || a->stages[i].entered != b->stages[i].entered ||
		    !str_same(a->stages[i].by, b->stages[i].by))
			return false;
	return true;
}

/* The cached state of `par`: the one kept from the commit verified last
 * when it is that commit, else read. */
static int parent_state(ds_state *out, verifier *v, const dossier_snap *par, dossier_error *err)
{
	if (v->have_prev && !strcmp(v->prev_id, snap_id(par))) {
		*out = v->prev;
		v->have_prev = false;
		return 0;
	}
	if (v->have_prev) {
		ds_state_clear(&v->prev);
		v->have_prev = false;
	}
	return facade_state(out, v->d, par, err);
}

static int verify_one(const dossier_snap *snap, void *payload)
{
	verifier *v = payload;
	dossier *d = v->d;
	ds_trailers tr;
	ds_state parent, replayed, stored;
	dossier_snap *par = NULL;
	const dossier_participant *actor = NULL;
	dossier_time when = snap_time(snap);
	ds_event ev;
	ds_paths e;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *a = NULL, *b = NULL;
	bool have_parent = false, have_stored = false;

	memset(&parent, 0, sizeof(parent));
	memset(&replayed, 0, sizeof(replayed));
	memset(&e, 0, sizeof(e));
	v->commits++;
	if (ds_trailers_parse(&tr, snap_message(snap)) < 0) {
		foreign_commit(v, snap);
		ds_trailers_clear(&tr);
		return 0;
	}
	if (snap_parent_count(snap) > 1) {
		violation(v, snap, "merge", "a merge commit: concurrent histories must be integrated by 'dossier sync'");
		ds_trailers_clear(&tr);
		return 0;
	}
	if (!tr.actor || !(actor = dossier_workflow_participant(d->wf, tr.actor))) {
		violation(v, snap, "not-a-participant", "the actor '%s' is not a participant", tr.actor ? tr.actor : "(none)");
		ds_trailers_clear(&tr);
		return 0;
	}
	if (strcmp(snap_author_email(snap), actor->email) || strcmp(snap_author_name(snap), actor->name))
		violation(v, snap, "wrong-author", "authored by %s <%s>, but the actor is '%s' (%s <%s>)",
			snap_author_name(snap), snap_author_email(snap), actor->id, actor->name, actor->email);
	if (!tr.time) {
		violation(v, snap, "bad-trailers", "no Dossier-Time");
	} else if (dossier_time_parse_in_range(&when, &d->wf->calendar, tr.time, &err) < 0) {
		const char *why = err.message ? err.message : "?";

		/* "invalid time 'X': why" -> "invalid Dossier-Time 'X': why" */
		if (!strncmp(why, "invalid time ", 13))
			violation(v, snap, "bad-time", "invalid Dossier-Time %s", why + 13);
		else
			violation(v, snap, "bad-time", "invalid Dossier-Time '%s': %s", tr.time, why);
		dossier_error_clear(&err);
	} else if (when != snap_time(snap)) {
		violation(v, snap, "wrong-time", "the commit's date differs from the event's legal time %s", tr.time);
	}

	ev = ds_event_of(tr.event);
	if (snap_parent_count(snap) == 0) {
		if (ev != DS_EVENT_INIT)
			violation(v, snap, "bad-root", "the first commit is a '%s' event, not 'init'", tr.event);
		ds_state_initial(&replayed, d->wf, actor->id, when);
		/* the first commit writes what an init writes, whatever it says it is */
		ev = DS_EVENT_INIT;
	} else {
		if (ev == DS_EVENT_INIT)
			violation(v, snap, "bad-init", "an 'init' event that is not the first commit");
		if (snap_parent(&par, snap, 0, &err) < 0 || parent_state(&parent, v, par, &err) < 0) {
			violation(v, snap, "bad-state", "the state before it cannot be read: %s",
				err.message ? err.message : "?");
			goto done;
		}
		have_parent = true;
		check_order(v, snap, &tr, when, par, &parent);
		if (ds_state_copy(&replayed, &parent) < 0) {
			v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		if (!replay(v, snap, &tr, actor, when, &parent, &replayed))
			ev = DS_EVENT_NONE;   /* an event not replayed writes nothing but the state */
	}
	facade_check_signature(d, snap, par, actor, v->diags);
	if (v->extra)
		v->extra(snap, &tr, when, have_parent ? &parent : NULL, v->diags, v->extra_payload);
	if (ds_event_paths(&e, ev, tr.id, replayed.revision) < 0) {
		v->fatal = dossier_error_set(v->err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	{
		change_check cc = { v, snap, &e, tr.event };

		snap_changes(par, snap, check_change, &cc, NULL);
	}
	dossier_error_clear(&err);
	if (facade_state(&stored, d, snap, &err) < 0) {
		violation(v, snap, "bad-state", "the cached state cannot be read: %s", err.message ? err.message : "?");
		goto done;
	}
	have_stored = true;
	/* The cached state matches when its canonical text is the replayed
	 * state's. Two states equal field by field have the same text, so the
	 * texts are made only when they are not (a mismatch, or members listed
	 * in another order, which the text sorts). */
	if (!state_same(&replayed, &stored) &&
	    ds_state_dump(&a, &replayed, &d->wf->calendar, NULL) == 0 &&
	    ds_state_dump(&b, &stored, &d->wf->calendar, NULL) == 0 && strcmp(a, b))
		violation(v, snap, "state-mismatch",
			"the cached state does not match the history (stage '%s' after replay, '%s' cached; %zu comments replayed, %zu cached)",
			replayed.stage, stored.stage, replayed.comments, stored.comments);
done:
	free(a);
	free(b);
	if (have_stored) {
		/* kept for the child, which comes next in the walk */
		if (v->have_prev)
			ds_state_clear(&v->prev);
		v->prev = stored;
		memcpy(v->prev_id, snap_id(snap), sizeof(v->prev_id));
		v->have_prev = true;
	}
	if (have_parent)
		ds_state_clear(&parent);
	ds_state_clear(&replayed);
	ds_paths_clear(&e);
	snap_free(par);
	ds_trailers_clear(&tr);
	dossier_error_clear(&err);
	return v->fatal;
}

int facade_verify_range(size_t *ncommits, dossier *d, const char *tip, const char *since, bool check_tags,
	verify_extra_fn extra, void *payload, dossier_diags *diags, dossier_error *err)
{
	dossier_snap *snap = NULL;
	verifier v;
	int rc;

	if (ncommits)
		*ncommits = 0;
	memset(&v, 0, sizeof(v));
	memset(&d->sigs, 0, sizeof(d->sigs));
	dstr_free(&d->sig_lines);
	if ((rc = store_lookup(&snap, d->store, tip, err)) < 0)
		return rc;
	rc = facade_workflow(d, snap, err);
	snap_free(snap);
	if (rc < 0)
		return rc;
	v.d = d;
	v.diags = diags;
	v.err = err;
	v.check_tags = check_tags;
	v.extra = extra;
	v.extra_payload = payload;
	rc = store_walk_range(d->store, tip, since, verify_one, &v, err);
	free(v.index);
	free(v.index_eids);
	if (v.have_prev)
		ds_state_clear(&v.prev);
	if (ncommits)
		*ncommits = v.commits;
	if (rc < 0)
		return rc;
	if (dossier_diags_errors(diags) > 0)
		return dossier_error_set(err, DOSSIER_EINVALID, "%zu violation%s in %zu commits",
			dossier_diags_errors(diags), dossier_diags_errors(diags) == 1 ? "" : "s", v.commits);
	return 0;
}

int dossier_verify(dossier *d, dossier_diags *diags, dossier_error *err)
{
	dossier_snap *tip = NULL;
	int rc;

	if ((rc = store_tip(&tip, d->store, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: '%s' has no history",
				store_path(d->store));
		return rc;
	}
	rc = facade_verify_range(NULL, d, snap_id(tip), NULL, true, NULL, NULL, diags, err);
	snap_free(tip);
	return rc;
}
