/*
 * sync.c: `dossier sync` and `dossier clone`: a member's copy of the
 * dossier and its exchange with the shared git server (docs/sync.md).
 *
 * History stays linear. Sync fetches the remote's main, and when both
 * sides have new events it replays the local ones, oldest first, onto the
 * remote's tip: each becomes a new commit by the same participant at the
 * same legal time with the same records, checked again by the machine
 * against the state it now follows, its cached state recomputed with the
 * apply_* functions. A comment always replays (its id is renumbered if the
 * same participant commented in another clone meanwhile); a stage change or
 * revision the new state no longer allows is a conflict, refused with both
 * events named, and the local events are kept under refs/dossier/unsynced/.
 * The combined history is verified, pushed (main and the new revision
 * tags), and only then does the local main move: all or nothing.
 */
#include "dossier/sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facade/facade_int.h"
#include "base/util.h"

#define SYNC_ROUNDS 5
#define OUTGOING_MAIN "refs/dossier/outgoing/main"
#define OUTGOING_TAGS "refs/dossier/outgoing/tags/"

/* ---- events of a range ---------------------------------------------------- */

typedef struct ev {
	char id[41];
	ds_trailers tr;
	char *from;           /* the stage before an advance */
} ev;

typedef struct ev_list {
	ev *items;
	size_t n;
	dossier *d;
} ev_list;

static void ev_list_clear(ev_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		ds_trailers_clear(&l->items[i].tr);
		free(l->items[i].from);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int collect_one(const dossier_snap *snap, void *payload)
{
	ev_list *l = payload;
	ev *p = realloc(l->items, (l->n + 1) * sizeof(*p));

	if (!p)
		return DOSSIER_ENOMEM;
	l->items = p;
	p = &l->items[l->n++];
	memset(p, 0, sizeof(*p));
	memcpy(p->id, snap_id(snap), 41);
	ds_trailers_parse(&p->tr, snap_message(snap));
	if (ds_event_of(p->tr.event) == DS_EVENT_ADVANCE && snap_parent_count(snap) == 1) {
		dossier_snap *par = NULL;
		ds_state st;

		if (snap_parent(&par, snap, 0, NULL) == 0 && facade_state(&st, l->d, par, NULL) == 0) {
			p->from = util_strdup(st.stage);
			ds_state_clear(&st);
		}
		snap_free(par);
	}
	return 0;
}

/* The events reachable from tip and not from hide (NULL: all), oldest first. */
static int collect(ev_list *out, dossier *d, const char *tip, const char *hide, dossier_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->d = d;
	rc = store_walk_range(d->store, tip, hide, collect_one, out, err);
	if (rc > 0 || rc == DOSSIER_ENOMEM)
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (rc < 0)
		ev_list_clear(out);
	return rc;
}

/* "commit 1a2b3c4 by moc at 2025-06-26T08:00:00+07:00: advance 'drafting' → 'member-comment'" */
static void describe(dstr *s, const ev *e)
{
	const ds_trailers *t = &e->tr;
	ds_event ev = ds_event_of(t->event);

	dstr_addf(s, "commit %.7s by %s at %s: %s", e->id, t->actor ? t->actor : "?", t->time ? t->time : "?",
		t->event ? t->event : "(not a dossier event)");
	if (ev == DS_EVENT_ADVANCE)
		dstr_addf(s, " '%s' → '%s'", e->from ? e->from : "?", t->target ? t->target : "?");
	else if (ds_event_kind_of(ev)->flags & DS_EV_TAGS)
		dstr_addf(s, " %s", t->revision ? t->revision : "");
	else if (t->id)
		dstr_addf(s, " '%s'", t->id);
}

/* ---- the result ----------------------------------------------------------- */

void dossier_sync_result_free(dossier_sync_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->unsynced);
	free(r);
}

static void note(dossier_sync_result *r, const char *fmt, ...) DOSSIER_PRINTF(2, 3);

static void note(dossier_sync_result *r, const char *fmt, ...)
{
	char **p = realloc(r->notes, (r->nnotes + 1) * sizeof(*p));
	dstr s = DSTR_INIT;
	va_list ap;

	if (!p)
		return;
	r->notes = p;
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (s.ptr)
		r->notes[r->nnotes++] = dstr_detach(&s);
}

/* ---- replaying one local event -------------------------------------------- */

typedef struct replay_ctx {
	dossier *d;
	dossier_sync_result *res;
	const ev_list *theirs;   /* the remote's new events, to name in a conflict */
	char **renamed_from;     /* comment ids renumbered so far */
	char **renamed_to;
	size_t nrenamed;
	char **tags;             /* "vN" of every replayed revision ... */
	char (*tag_ids)[41];     /* ... and its new commit */
	size_t ntags;
} replay_ctx;

static void replay_ctx_clear(replay_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nrenamed; i++) {
		free(c->renamed_from[i]);
		free(c->renamed_to[i]);
	}
	free(c->renamed_from);
	free(c->renamed_to);
	for (i = 0; i < c->ntags; i++)
		free(c->tags[i]);
	free(c->tags);
	free(c->tag_ids);
}

static int add_tag(replay_ctx *c, const char *tag, const char *id)
{
	char **t = realloc(c->tags, (c->ntags + 1) * sizeof(*t));
	char (*ids)[41];

	if (!t)
		return DOSSIER_ENOMEM;
	c->tags = t;
	if (!(ids = realloc(c->tag_ids, (c->ntags + 1) * sizeof(*ids))))
		return DOSSIER_ENOMEM;
	c->tag_ids = ids;
	if (!(c->tags[c->ntags] = util_strdup(tag)))
		return DOSSIER_ENOMEM;
	memcpy(c->tag_ids[c->ntags++], id, 41);
	return 0;
}

static const char *renamed(const replay_ctx *c, const char *id)
{
	size_t i;

	for (i = 0; id && i < c->nrenamed; i++)
		if (!strcmp(c->renamed_from[i], id))
			return c->renamed_to[i];
	return id;
}

static int add_rename(replay_ctx *c, const char *from, const char *to)
{
	char **f = realloc(c->renamed_from, (c->nrenamed + 1) * sizeof(*f)), **t;

	if (!f)
		return DOSSIER_ENOMEM;
	c->renamed_from = f;
	if (!(t = realloc(c->renamed_to, (c->nrenamed + 1) * sizeof(*t))))
		return DOSSIER_ENOMEM;
	c->renamed_to = t;
	f[c->nrenamed] = util_strdup(from);
	t[c->nrenamed] = util_strdup(to);
	if (!f[c->nrenamed] || !t[c->nrenamed]) {
		free(f[c->nrenamed]);
		free(t[c->nrenamed]);
		return DOSSIER_ENOMEM;
	}
	c->nrenamed++;
	return 0;
}

/* Rewrite a commit message for its replay: the stage after the event, a
 * later legal time (NULL: unchanged), and a renumbered comment id in the
 * trailers and the subject. Caller frees. */
static char *replay_message(const char *msg, const char *stage, const char *time, const char *old_id,
	const char *new_id)
{
	bool rename = old_id && new_id && strcmp(old_id, new_id);
	const char *line = msg;
	dstr s = DSTR_INIT;
	bool first = true;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (!strncmp(line, "Dossier-Stage:", 14)) {
			dstr_addf(&s, "Dossier-Stage: %s", stage);
		} else if (time && !strncmp(line, "Dossier-Time:", 13)) {
			dstr_addf(&s, "Dossier-Time: %s", time);
		} else if (rename && !strncmp(line, "Dossier-Id:", 11)) {
			dstr_addf(&s, "Dossier-Id: %s", new_id);
		} else if (rename && first) {
			/* the subject names the comment as a whole word ("moc accepts most-3") */
			size_t ol = strlen(old_id), i = 0;

			while (i < len) {
				if (i + ol <= len && !strncmp(line + i, old_id, ol) && (i == 0 || line[i - 1] == ' ') &&
				    (i + ol == len || line[i + ol] == ' ')) {
					dstr_adds(&s, new_id);
					i += ol;
				} else {
					dstr_addc(&s, line[i++]);
				}
			}
		} else {
			dstr_add(&s, line, len);
		}
		dstr_addc(&s, '\n');
		first = false;
		line = nl ? nl + 1 : NULL;
	}
	return dstr_detach(&s);
}

/* A conflict: name our event and theirs. */
static int conflict(replay_ctx *c, const ev *ours, const char *why, dossier_error *err)
{
	dstr s = DSTR_INIT;
	size_t i, named = 0;

	dstr_adds(&s, "cannot integrate your ");
	describe(&s, ours);
	dstr_addf(&s, ": %s", why);
	if (c->theirs->n)
		dstr_adds(&s, "; meanwhile the remote has ");
	for (i = 0; i < c->theirs->n; i++) {
		if (ds_event_kind_of(ds_event_of(c->theirs->items[i].tr.event))->flags & DS_EV_SHAPES) {
			dstr_adds(&s, named++ ? "; " : "");
			describe(&s, &c->theirs->items[i]);
		}
	}
	if (!named && c->theirs->n)
		describe(&s, &c->theirs->items[c->theirs->n - 1]);
	dossier_error_set(err, DOSSIER_EREFUSED, "%s", s.ptr ? s.ptr : "conflict");
	dstr_free(&s);
	return DOSSIER_EREFUSED;
}

static int put(dossier_txn *txn, const char *path, const char *data, dossier_error *err)
{
	if (!path || !data)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return txn_put(txn, path, data, strlen(data), err);
}

typedef struct copy_changes {
	const dossier_snap *from;
	dossier_txn *txn;
	dossier_error *err;
	int rc;
} copy_changes;

static int copy_change(const char *path, char status, void *payload)
{
	copy_changes *cc = payload;
	char *data = NULL;
	size_t len = 0;

	if (!strcmp(path, PATH_STATE))
		return 0;
	if (status == 'D') {
		cc->rc = dossier_error_set(cc->err, DOSSIER_EINVALID, "the event deletes '%s'", path);
		return 1;
	}
	if ((cc->rc = snap_read(&data, &len, cc->from, path, cc->err)) == 0)
		cc->rc = txn_put(cc->txn, path, data, len, cc->err);
	free(data);
	return cc->rc < 0;
}

/* revisions/vN.json of a replayed revision, with its new legal time. */
static int redate_revision(dossier_txn *txn, const dossier_snap *orig, unsigned n, dossier_time when,
	const dossier_calendar *cal, dossier_error *err)
{
	char *path = revision_meta_path(n), *data = NULL, *meta = NULL;
	record_revision rec = { 0 };
	size_t len = 0;
	char t[40];
	int rc;

	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = snap_read(&data, &len, orig, path, err)) < 0)
		goto done;
	if ((rc = record_revision_parse(&rec, data, len, NULL)) < 0) {
		rc = rc == DOSSIER_ENOMEM ? dossier_error_set(err, rc, "out of memory") :
			dossier_error_set(err, DOSSIER_EINVALID, "'%s' of your revision is not a JSON object", path);
		goto done;
	}
	dossier_time_format(t, sizeof(t), cal, when);
	if ((rc = record_revision_dump(&meta, rec.revision, rec.by, t, rec.stage, rec.source,
		rec.message, err)) == 0)
		rc = put(txn, path, meta, err);
done:
	record_revision_clear(&rec);
	free(meta);
	free(data);
	free(path);
	return rc;
}

/* One local event being replayed onto a new base. */
typedef struct replay_at {
	replay_ctx *c;
	const ev *e;
	const dossier_snap *orig;     /* the local commit */
	const dossier_snap *base;     /* what it now follows */
	ds_state *st;                 /* the state at base, stepped by the event */
	dossier_txn *txn;
	dossier_time made, when;      /* its legal time before, and now */
	char *new_id;                 /* the comment's new id (or the renumbered one a response answers) */
	ds_step step;
} replay_at;

/* The machine's verdict on the event at its legal time, on the new base's
 * state: a refusal is a conflict. */
static int check(replay_at *r, dossier_error *err)
{
	dossier_error why = DOSSIER_ERROR_INIT;
	int rc = ds_state_check(r->st, r->c->d->wf, &r->step, &why);

	if (rc < 0)
		rc = conflict(r->c, r->e, why.message ? why.message : "refused", err);
	dossier_error_clear(&why);
	return rc;
}

/* A comment always replays, renumbered on from its author's count on the new base. */
static int replay_comment(replay_at *r, dossier_error *err)
{
	const dossier_calendar *cal = &r->c->d->wf->calendar;
	const char *old_id = r->e->tr.id;
	dossier_comment_record rec;
	char *path = comment_path(old_id), *data = NULL, *json = NULL;
	size_t len = 0;
	int rc;

	memset(&rec, 0, sizeof(rec));
	if ((rc = check(r, err)) < 0)
		goto done;
	if (!path || (rc = snap_read(&data, &len, r->orig, path, err)) < 0 ||
	    (rc = comment_parse(&rec, data, len, cal, err)) < 0 || (rc = ds_state_apply(r->st, &r->step, err)) < 0) {
		if (rc == 0)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	r->new_id = util_sprintf("%s-%u", r->step.actor, r->step.seq);
	free(path);
	path = r->new_id ? comment_path(r->new_id) : NULL;
	free(rec.id);
	rec.id = util_strdup(r->new_id);
	free(rec.stage);
	rec.stage = util_strdup(r->st->stage);
	if (!rec.id || !rec.stage) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	rec.time = r->when;
	if ((rc = comment_dump(&json, &rec, cal, err)) < 0 || (rc = put(r->txn, path, json, err)) < 0)
		goto done;
	if (strcmp(r->new_id, old_id)) {
		if (add_rename(r->c, old_id, r->new_id) < 0) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		note(r->c->res, "your comment '%s' is now '%s' ('%s' was taken on the remote meanwhile)",
			old_id, r->new_id, old_id);
	}
done:
	comment_record_clear(&rec);
	free(path);
	free(data);
	free(json);
	return rc;
}

/* A response replays when the comment it answers is there (renumbered, maybe). */
static int replay_respond(replay_at *r, dossier_error *err)
{
	const dossier_calendar *cal = &r->c->d->wf->calendar;
	const char *id = renamed(r->c, r->e->tr.id);
	dossier_comment_record rec;
	char *cpath = comment_path(id), *path = NULL, *data = NULL, *json = NULL;
	size_t len = 0;
	int rc;

	memset(&rec, 0, sizeof(rec));
	if ((rc = check(r, err)) < 0)
		goto done;
	if (!cpath || !snap_exists(r->base, cpath)) {
		rc = conflict(r->c, r->e, "the comment it answers is not there", err);
		goto done;
	}
	path = response_path(r->e->tr.id);
	if (!path || (rc = snap_read(&data, &len, r->orig, path, err)) < 0 ||
	    (rc = response_parse(&rec, data, len, cal, err)) < 0) {
		if (rc == 0)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	free(path);
	path = response_path(id);
	r->step.first = path && !snap_exists(r->base, path);
	r->step.disposition = rec.disposition;
	if (!r->step.first)
		note(r->c->res, "your response to '%s' replaces the one made on the remote meanwhile (the history keeps both)",
			id);
	if ((rc = ds_state_apply(r->st, &r->step, err)) < 0 ||
	    (rc = response_dump(&json, id, rec.disposition, rec.reason, rec.adopted, rec.taken_otherwise, rec.responder,
			r->when, r->st->stage, r->st->revision, cal, err)) < 0 ||
	    (rc = put(r->txn, path, json, err)) < 0)
		goto done;
	if (strcmp(id, r->e->tr.id) && !(r->new_id = util_strdup(id)))
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
done:
	comment_record_clear(&rec);
	free(cpath);
	free(path);
	free(data);
	free(json);
	return rc;
}

/* A local respond-many, replayed: each response record it wrote, for the
 * comment's id as the sync renumbered it, at the new time and stage. */
typedef struct many_sync {
	replay_at *r;
	bool *first;
	dossier_disposition *disp;
	char **paths, **jsons;       /* the records to write, once all are read */
	size_t n, cap;
	char *missing;               /* a comment answered that the remote does not have */
	dossier_error *err;
	int rc;
} many_sync;

static int many_sync_one(const char *path, char status, void *payload)
{
	many_sync *m = payload;
	replay_at *r = m->r;
	const dossier_calendar *cal = &r->c->d->wf->calendar;
	dossier_comment_record rec;
	const char *base, *dot, *nid;
	char *id = NULL, *cpath = NULL, *rpath = NULL, *data = NULL;
	size_t len = 0;

	if (status == 'D' || strncmp(path, "responses/", 10) || !(base = strrchr(path, '/')) ||
	    !(dot = strrchr(base, '.')) || strcmp(dot, ".json"))
		return 0;
	memset(&rec, 0, sizeof(rec));
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		bool *f = realloc(m->first, cap * sizeof(*f));
		dossier_disposition *dd = NULL;
		char **p = NULL, **j = NULL;

		if (f)
			m->first = f;
		if (f && (dd = realloc(m->disp, cap * sizeof(*dd))))
			m->disp = dd;
		if (dd && (p = realloc(m->paths, cap * sizeof(*p))))
			m->paths = p;
		if (p && (j = realloc(m->jsons, cap * sizeof(*j))))
			m->jsons = j;
		if (!j)
			goto oom;
		m->cap = cap;
	}
	if (!(id = util_strndup(base + 1, (size_t)(dot - base - 1))))
		goto oom;
	nid = renamed(r->c, id);
	if (!(cpath = comment_path(nid)) || !(rpath = response_path(nid)))
		goto oom;
	if (!snap_exists(r->base, cpath)) {
		m->missing = util_strdup(nid);
		goto stop;
	}
	if ((m->rc = snap_read(&data, &len, r->orig, path, m->err)) < 0 ||
	    (m->rc = response_parse(&rec, data, len, cal, m->err)) < 0)
		goto stop;
	m->first[m->n] = !snap_exists(r->base, rpath);
	m->disp[m->n] = rec.disposition;
	if (!m->first[m->n])
		note(r->c->res, "your response to '%s' replaces the one made on the remote meanwhile (the history keeps both)",
			nid);
	/* written once the state is stepped: the record names the stage it falls in */
	m->paths[m->n] = rpath;
	rpath = NULL;
	m->jsons[m->n] = data;        /* the record as read, rewritten below */
	data = NULL;
	m->n++;
	goto stop;
oom:
	m->rc = dossier_error_set(m->err, DOSSIER_ENOMEM, "out of memory");
stop:
	comment_record_clear(&rec);
	free(id);
	free(cpath);
	free(rpath);
	free(data);
	return m->rc < 0 || m->missing;
}

/* Answers in bulk replay when every comment they answer is there
 * (renumbered, maybe); each record is rewritten at the new time and stage. */
static int replay_respond_many(replay_at *r, dossier_error *err)
{
	const dossier_calendar *cal = &r->c->d->wf->calendar;
	dossier_snap *par = NULL;
	many_sync m;
	size_t i;
	int rc;

	memset(&m, 0, sizeof(m));
	m.r = r;
	m.err = err;
	if ((rc = check(r, err)) < 0)
		return rc;
	if ((rc = snap_parent(&par, r->orig, 0, err)) == 0 && (rc = snap_changes(par, r->orig, many_sync_one, &m, err)) > 0)
		rc = 0;
	if (rc == 0 && m.rc < 0)
		rc = m.rc;
	if (rc == 0 && m.missing) {
		char *why = util_sprintf("the comment '%s' it answers is not there", m.missing);

		rc = conflict(r->c, r->e, why ? why : "a comment it answers is not there", err);
		free(why);
	}
	if (rc == 0) {
		r->step.firsts = m.first;
		r->step.dispositions = m.disp;
		r->step.nresponses = m.n;
		rc = ds_state_apply(r->st, &r->step, err);
	}
	for (i = 0; rc == 0 && i < m.n; i++) {
		dossier_comment_record rec;
		const char *base = strrchr(m.paths[i], '/') + 1;
		char *id = util_strndup(base, strlen(base) - 5), *json = NULL;

		memset(&rec, 0, sizeof(rec));
		if (!id)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		else if ((rc = response_parse(&rec, m.jsons[i], strlen(m.jsons[i]), cal, err)) == 0 &&
			 (rc = response_dump(&json, id, rec.disposition, rec.reason, rec.adopted, rec.taken_otherwise, rec.responder, r->when,
				r->st->stage, r->st->revision, cal, err)) == 0)
			rc = put(r->txn, m.paths[i], json, err);
		comment_record_clear(&rec);
		free(json);
		free(id);
	}
	for (i = 0; i < m.n; i++) {
		free(m.paths[i]);
		free(m.jsons[i]);
	}
	free(m.paths);
	free(m.jsons);
	free(m.first);
	free(m.disp);
	free(m.missing);
	snap_free(par);
	return rc;
}

/* A revision replays only onto the draft and stage it was made on. */
static int replay_revise(replay_at *r, dossier_error *err)
{
	dossier *d = r->c->d;
	dossier_snap *par = NULL;
	ds_state was;
	copy_changes cc = { r->orig, r->txn, err, 0 };
	bool same;
	int rc;

	if ((rc = snap_parent(&par, r->orig, 0, err)) < 0 || (rc = facade_state(&was, d, par, err)) < 0)
		goto done;
	same = was.revision == r->st->revision && !strcmp(was.stage, r->st->stage);
	ds_state_clear(&was);
	if (!same) {
		rc = conflict(r->c, r->e, "the draft was revised or the stage changed on the remote since", err);
		goto done;
	}
	if ((rc = check(r, err)) < 0 || (rc = ds_state_apply(r->st, &r->step, err)) < 0)
		goto done;
	if ((rc = snap_changes(par, r->orig, copy_change, &cc, err)) < 0 || (rc = cc.rc) < 0)
		goto done;
	if (r->when != r->made)
		rc = redate_revision(r->txn, r->orig, r->st->revision, r->when, &d->wf->calendar, err);
done:
	snap_free(par);
	return rc;
}

/* The event's own part of the replay: its check, its step, its records. */
static int replay_event(replay_at *r, dossier_error *err)
{
	int rc;

	switch (r->step.event) {
	case DS_EVENT_COMMENT:
		return replay_comment(r, err);
	case DS_EVENT_RESPOND:
		return replay_respond(r, err);
	case DS_EVENT_ADVANCE: {
		char *untaken = NULL;

		/* accepted-taken-in reads the remote's comments and revisions */
		if (ds_step_wants_untaken(r->st, r->c->d->wf, &r->step) &&
		    (rc = facade_untaken(&r->step.untaken, &untaken, r->c->d, r->base, err)) < 0)
			return rc;
		r->step.untaken_list = untaken;
		rc = check(r, err);
		r->step.untaken_list = NULL;
		free(untaken);
		if (rc < 0)
			return rc;
		return ds_state_apply(r->st, &r->step, err);
	}
	case DS_EVENT_REVISE:
		return replay_revise(r, err);
	case DS_EVENT_RESPOND_MANY:
		return replay_respond_many(r, err);
	case DS_EVENT_IMPORT:    /* a bulk import: its many records are not replayed one by one */
	case DS_EVENT_KEY:       /* a key event was signed on the keys of its own base */
	case DS_EVENT_INIT:
	case DS_EVENT_NONE:
	case DS_NEVENTS:
		break;
	}
	return conflict(r->c, r->e, "this kind of event is integrated only when the remote has no new events", err);
}

/* "your comment 'x' (made at …) follows the remote's event of …" */
static void note_redated(replay_at *r, const char *was, const char *now)
{
	const ds_trailers *tr = &r->e->tr;

	switch (r->step.event) {
	case DS_EVENT_COMMENT:
	case DS_EVENT_RESPOND:
		note(r->c->res, "your %s '%s' (made at %s) follows the remote's event of %s: its legal time is now %s",
			r->step.event == DS_EVENT_COMMENT ? "comment" : "response to", r->new_id ? r->new_id : tr->id,
			was, now, now);
		break;
	case DS_EVENT_ADVANCE:
		note(r->c->res, "your advance to '%s' (made at %s) follows the remote's event of %s: its legal time is now %s",
			tr->target, was, now, now);
		break;
	case DS_EVENT_RESPOND_MANY:
		note(r->c->res, "your responses (made at %s) follow the remote's event of %s: their legal time is now %s",
			was, now, now);
		break;
	case DS_EVENT_REVISE:
	case DS_EVENT_IMPORT:
	case DS_EVENT_KEY:
	case DS_EVENT_INIT:
	case DS_EVENT_NONE:
	case DS_NEVENTS:
		note(r->c->res, "your revision %s (made at %s) follows the remote's event of %s: its legal time is now %s",
			tr->revision ? tr->revision : "", was, now, now);
		break;
	}
}

/* Replay the local event `e` (commit `orig`) on `base`, whose state is
 * `st` (updated). out_id receives the new commit. */
static int replay_one(char out_id[41], replay_ctx *c, const ev *e, const dossier_snap *orig,
	const dossier_snap *base, ds_state *st, dossier_error *err)
{
	dossier *d = c->d;
	const dossier_calendar *cal = &d->wf->calendar;
	const ds_trailers *tr = &e->tr;
	const dossier_participant *actor;
	replay_at r = { c, e, orig, base, st, NULL, 0, 0, NULL, { .event = ds_event_of(tr->event) } };
	dossier_sig sig;
	char *msg = NULL, was[40], now[40];
	int rc;

	if (!tr->event || !tr->actor || !(actor = dossier_workflow_participant(d->wf, tr->actor)) ||
	    !tr->time || dossier_time_parse_in_range(&r.when, cal, tr->time, NULL) < 0 || snap_parent_count(orig) != 1)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"your commit %.7s is not a dossier event; 'dossier verify' names the problem", e->id);
	/* A legal time never goes back on the branch: an event made before the
	 * remote's latest one takes that one's time (the earliest it can have
	 * on the new tip); it is checked by the machine at that time. */
	r.made = r.when;
	if (r.when < facade_legal_time(base, cal))
		r.when = facade_legal_time(base, cal);
	r.step.actor = actor->id;
	r.step.when = r.when;
	r.step.target = tr->target;
	if ((rc = txn_begin(&r.txn, d->store, base, err)) < 0)
		goto done;
	if (!ds_event_trailers_ok(r.step.event, tr))
		r.step.event = DS_EVENT_NONE;   /* not one that can be replayed */
	if ((rc = replay_event(&r, err)) < 0)
		goto done;
	dossier_time_format(was, sizeof(was), cal, r.made);
	dossier_time_format(now, sizeof(now), cal, r.when);
	if (r.when != r.made)
		note_redated(&r, was, now);
	msg = replay_message(snap_message(orig), st->stage, r.when != r.made ? now : NULL, tr->id, r.new_id);
	if ((rc = facade_put_state(r.txn, st, cal, err)) < 0)
		goto done;
	if (!msg) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	sig.name = actor->name;
	sig.email = actor->email;
	sig.when = r.when;
	sig.offset = snap_offset(orig);
	/* the replayed event is a new commit: signed again, by this clone's key */
	if ((rc = facade_sign_replay(d, r.txn, base, actor, err)) < 0)
		goto done;
	if ((rc = txn_write(out_id, r.txn, &sig, msg, err)) < 0)
		goto done;
	if ((ds_event_kind_of(r.step.event)->flags & DS_EV_TAGS) && tr->revision && add_tag(c, tr->revision, out_id) < 0)
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
done:
	txn_free(r.txn);
	free(r.new_id);
	free(msg);
	return rc;
}

/* Replay `ours` onto `onto`; out_tip receives the last new commit. */
static int replay_all(char out_tip[41], replay_ctx *c, const ev_list *ours, const char *onto, dossier_error *err)
{
	dossier_snap *base = NULL;
	ds_state st;
	size_t i;
	int rc;

	memcpy(out_tip, onto, 41);
	if ((rc = store_lookup(&base, c->d->store, onto, err)) < 0)
		return rc;
	if ((rc = facade_state(&st, c->d, base, err)) < 0) {
		snap_free(base);
		return rc;
	}
	for (i = 0; i < ours->n && rc == 0; i++) {
		dossier_snap *orig = NULL;
		char id[41];

		if ((rc = store_lookup(&orig, c->d->store, ours->items[i].id, err)) < 0)
			break;
		rc = replay_one(id, c, &ours->items[i], orig, base, &st, err);
		snap_free(orig);
		if (rc < 0)
			break;
		snap_free(base);
		base = NULL;
		if ((rc = store_lookup(&base, c->d->store, id, err)) < 0)
			break;
		memcpy(out_tip, id, 41);
	}
	ds_state_clear(&st);
	snap_free(base);
	return rc;
}

static int set_tags(dossier *d, const struct ev_list *list, const struct replay_ctx *c, dossier_error *err);

int facade_sync_replay(char out_tip[41], dossier *d, const char *from, const char *to, const char *onto,
	bool tags, dossier_error *err)
{
	dossier_sync_result res;
	ev_list extra, none;
	replay_ctx c;
	size_t i;
	int rc;

	memset(&res, 0, sizeof(res));
	memset(&c, 0, sizeof(c));
	memset(&none, 0, sizeof(none));
	memcpy(out_tip, onto, 41);
	if ((rc = collect(&extra, d, to, from, err)) < 0)
		return rc;
	c.d = d;
	c.res = &res;
	c.theirs = &none;
	rc = replay_all(out_tip, &c, &extra, onto, err);
	if (rc == 0 && tags)
		rc = set_tags(d, NULL, &c, err);
	ev_list_clear(&extra);
	replay_ctx_clear(&c);
	for (i = 0; i < res.nnotes; i++)
		free(res.notes[i]);
	free(res.notes);
	return rc;
}

/* ---- the sync ------------------------------------------------------------- */

static void to_store_cbs(store_remote_cbs *out, const dossier_sync_callbacks *cbs)
{
	memset(out, 0, sizeof(*out));
	if (cbs) {
		out->progress = cbs->progress;
		out->remote_line = cbs->remote_line;
		out->payload = cbs->payload;
	}
}

/* Keep the local events that could not be integrated under a ref named by
 * the time of the sync. */
static int keep_unsynced(dossier_sync_result *res, dossier *d, const char *local, dossier_error *err)
{
	dossier_time now;
	char stamp[32];
	struct tm tm;
	time_t t;
	unsigned n;

	if (facade_now(&now, d, NULL) < 0)
		now = (dossier_time)time(NULL);
	t = (time_t)now;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (n = 1; n < 100; n++) {
		char *ref = n == 1 ? util_sprintf("refs/dossier/unsynced/%s", stamp) :
			util_sprintf("refs/dossier/unsynced/%s-%u", stamp, n);
		char have[41];
		dossier_error e = DOSSIER_ERROR_INIT;

		if (!ref)
			return DOSSIER_ENOMEM;
		if (store_ref_read(have, d->store, ref, &e) == DOSSIER_ENOTFOUND || !strcmp(have, local)) {
			dossier_error_clear(&e);
			if (store_ref_write(d->store, ref, local, "dossier sync: local events kept", err) < 0) {
				free(ref);
				return DOSSIER_EFAIL;
			}
			free(res->unsynced);
			res->unsynced = ref;
			return 0;
		}
		dossier_error_clear(&e);
		free(ref);
	}
	return 0;
}

/* Set the local tags of every revision in `list` (the remote's) and of the
 * replayed ones. */
static int set_tags(dossier *d, const ev_list *list, const replay_ctx *c, dossier_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; list && i < list->n && rc == 0; i++) {
		const ds_trailers *t = &list->items[i].tr;

		if ((ds_event_kind_of(ds_event_of(t->event))->flags & DS_EV_TAGS) && t->revision) {
			char *ref = util_sprintf("refs/tags/%s", t->revision);

			rc = ref ? store_ref_write(d->store, ref, list->items[i].id, "dossier sync", err) : DOSSIER_ENOMEM;
			free(ref);
		}
	}
	for (i = 0; c && i < c->ntags && rc == 0; i++) {
		char *ref = util_sprintf("refs/tags/%s", c->tags[i]);

		rc = ref ? store_ref_write(d->store, ref, c->tag_ids[i], "dossier sync", err) : DOSSIER_ENOMEM;
		free(ref);
	}
	return rc;
}

static void drop_outgoing(dossier *d, const replay_ctx *c)
{
	size_t i;

	store_ref_delete(d->store, OUTGOING_MAIN, NULL);
	for (i = 0; i < c->ntags; i++) {
		char *ref = util_sprintf(OUTGOING_TAGS "%s", c->tags[i]);

		if (ref)
			store_ref_delete(d->store, ref, NULL);
		free(ref);
	}
}

/* A remote that is a folder runs no hook (libgit2 writes its refs
 * itself), so the clone runs the hook's checks on it before the push, as
 * the server would: the pushed objects seen from here, the folder's main as
 * the server's, and this machine's clock (--now, DOSSIER_NOW, else the
 * real one) as the server's clock. */
static int check_folder(dossier *d, const char *remote, const char *folder, const char *old, const char *tip,
	const replay_ctx *c, dossier_diags *diags, dossier_error *err)
{
	dossier_hook_options o = DOSSIER_HOOK_OPTIONS_INIT;
	dossier_error e = DOSSIER_ERROR_INIT;
	dossier_time now;
	char when[40], *objects = NULL;
	dstr in = DSTR_INIT;
	size_t i;
	int rc;

	if ((rc = facade_now(&now, d, err)) < 0)
		return rc;
	dossier_time_format(when, sizeof(when), &d->wf->calendar, now);
	dstr_addf(&in, "%s %s %s\n", old[0] ? old : "0000000000000000000000000000000000000000", tip, DOSSIER_BRANCH);
	for (i = 0; i < c->ntags; i++)
		dstr_addf(&in, "0000000000000000000000000000000000000000 %s refs/tags/%s\n", c->tag_ids[i], c->tags[i]);
	if (!in.ptr || !(objects = util_sprintf("%sobjects", store_git_dir(d->store)))) {
		dstr_free(&in);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	o.now = when;
	o.alternates = objects;
	rc = dossier_hook_pre_receive(folder, in.ptr, &o, diags, &e);
	if (rc == DOSSIER_EREFUSED) {
		rc = dossier_error_set(err, DOSSIER_EREFUSED,
			"push to '%s' refused: a folder runs no hook, so this clone checked the push as the server's "
			"hook would, with this machine's clock (%s): %zu problem%s", remote, when,
			dossier_diags_errors(diags), dossier_diags_errors(diags) == 1 ? "" : "s");
	} else if (rc < 0) {
		rc = dossier_error_set(err, rc, "cannot check the push to the folder '%s': %s", folder,
			e.message ? e.message : "?");
	}
	dossier_error_clear(&e);
	dstr_free(&in);
	free(objects);
	return rc;
}

/* Push `tip` as the remote's main (which was at `old`, "" for none), with
 * the tags of `c`. */
static int push(dossier *d, const char *remote, const char *old, const char *tip, const replay_ctx *c,
	const store_remote_cbs *cbs, dossier_diags *diags, dossier_error *err)
{
	char **specs, *folder = store_remote_local_path(d->store, remote);
	size_t i, n = 0;
	int rc;

	if (folder) {
		rc = check_folder(d, remote, folder, old, tip, c, diags, err);
		free(folder);
		if (rc < 0)
			return rc;
	}
	if (!(specs = calloc(c->ntags + 1, sizeof(*specs))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = store_ref_write(d->store, OUTGOING_MAIN, tip, "dossier sync: outgoing", err);
	if (rc == 0 && !(specs[n++] = util_strdup(OUTGOING_MAIN ":" DOSSIER_BRANCH)))
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (i = 0; rc == 0 && i < c->ntags; i++) {
		char *ref = util_sprintf(OUTGOING_TAGS "%s", c->tags[i]);

		if (!ref || !(specs[n++] = util_sprintf("%s:refs/tags/%s", ref, c->tags[i]))) {
			free(ref);
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		rc = store_ref_write(d->store, ref, c->tag_ids[i], "dossier sync: outgoing", err);
		free(ref);
	}
	if (rc == 0)
		rc = store_push(d->store, remote, (const char *const *)specs, n, cbs, err);
	drop_outgoing(d, c);
	for (i = 0; i < n; i++)
		free(specs[i]);
	free(specs);
	return rc;
}

/* The revision tags of local events that are not replayed (the remote had
 * nothing new): they keep their commits. */
static int local_tags(replay_ctx *c, const ev_list *ours)
{
	size_t i;

	for (i = 0; i < ours->n; i++) {
		const ds_trailers *t = &ours->items[i].tr;

		if ((ds_event_kind_of(ds_event_of(t->event))->flags & DS_EV_TAGS) && t->revision &&
		    add_tag(c, t->revision, ours->items[i].id) < 0)
			return DOSSIER_ENOMEM;
	}
	return 0;
}

static char *tracking_ref(dossier *d, const char *remote)
{
	char *url = store_remote_url(d->store, remote);
	char *ref = url ? util_sprintf("refs/remotes/%s/main", remote) :
		util_strdup("refs/dossier/fetched/main");

	free(url);
	return ref;
}

typedef struct round {
	char local[41], remote[41], base[41], tip[41];
	ev_list ours, theirs;
	replay_ctx c;
} round;

static void round_clear(round *r)
{
	ev_list_clear(&r->ours);
	ev_list_clear(&r->theirs);
	replay_ctx_clear(&r->c);
	memset(r, 0, sizeof(*r));
}

/* Move main from `local` to `tip`. When an action was taken here during
 * the sync (main moved past `local`), its events are replayed onto `tip`
 * too: they stay local until the next sync, and what was pushed is never
 * replayed twice. */
static int move_main(dossier *d, const char *local, const char *tip, dossier_sync_result *res,
	dossier_error *err)
{
	char from[41], onto[41];
	unsigned n;
	int rc;

	memcpy(from, local, 41);
	memcpy(onto, tip, 41);
	for (n = 0; n < SYNC_ROUNDS; n++) {
		char now[41], next[41];
		ev_list extra, none;
		replay_ctx c;

		rc = store_branch_move(d->store, from, onto, "dossier sync", err);
		if (rc != DOSSIER_ECONFLICT)
			return rc;
		dossier_error_clear(err);
		if ((rc = store_ref_read(now, d->store, DOSSIER_BRANCH, err)) < 0 ||
		    (rc = collect(&extra, d, now, from, err)) < 0)
			return rc;
		memset(&c, 0, sizeof(c));
		memset(&none, 0, sizeof(none));
		c.d = d;
		c.res = res;
		c.theirs = &none;
		rc = replay_all(next, &c, &extra, onto, err);
		if (rc == 0)
			rc = set_tags(d, NULL, &c, err);
		ev_list_clear(&extra);
		replay_ctx_clear(&c);
		if (rc < 0) {
			dossier_error_set_hint(err, "your earlier events are on the server; an action taken here during the sync "
				"could not follow them ('git log %.7s' shows it)", now);
			return rc;
		}
		memcpy(from, now, 41);
		memcpy(onto, next, 41);
	}
	return dossier_error_set(err, DOSSIER_ECONFLICT,
		"the dossier kept changing here during the sync; your events are on the server: 'dossier sync' again");
}

/* One round: fetch, integrate, verify, push, move. DOSSIER_ECONFLICT when
 * the remote moved before the push (the caller starts again). */
static int sync_round(dossier_sync_result *res, dossier *d, const char *remote, const char *track,
	const store_remote_cbs *scbs, dossier_diags *diags, dossier_error *err)
{
	round r;
	dossier_snap *snap = NULL;
	bool pushing;
	int rc;

	memset(&r, 0, sizeof(r));
	r.c.d = d;
	r.c.res = res;
	r.c.theirs = &r.theirs;
	if ((rc = store_ref_read(r.local, d->store, DOSSIER_BRANCH, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: '%s' has no history",
				store_path(d->store));
		goto done;
	}
	if ((rc = store_lookup(&snap, d->store, r.local, err)) < 0 || (rc = facade_workflow(d, snap, err)) < 0)
		goto done;
	if ((rc = store_fetch(r.remote, d->store, remote, track, scbs, err)) < 0)
		goto done;

	if (!r.remote[0]) {
		/* an empty server: everything is ours to push */
		if ((rc = collect(&r.ours, d, r.local, NULL, err)) < 0 || (rc = local_tags(&r.c, &r.ours)) < 0)
			goto done;
		memcpy(r.tip, r.local, 41);
	} else if (!strcmp(r.local, r.remote)) {
		res->up_to_date = true;
		memcpy(res->tip, r.local, 41);
		goto done;
	} else {
		if ((rc = store_merge_base(r.base, d->store, r.local, r.remote, err)) < 0) {
			if (rc == DOSSIER_ENOTFOUND) {
				rc = dossier_error_set(err, DOSSIER_EREFUSED,
					"'%s' holds another dossier: its history and this one have nothing in common", remote);
			}
			goto done;
		}
		if ((rc = collect(&r.theirs, d, r.remote, r.base, err)) < 0 ||
		    (rc = collect(&r.ours, d, r.local, r.base, err)) < 0)
			goto done;
		/* the remote's new events must follow the workflow */
		if (r.theirs.n &&
		    (rc = facade_verify_range(NULL, d, r.remote, r.base, false, NULL, NULL, diags, err)) < 0) {
			if (rc == DOSSIER_EINVALID)
				rc = dossier_error_set(err, DOSSIER_EINVALID,
					"the history of '%s' breaks the workflow; nothing was integrated", remote);
			goto done;
		}
		if (!r.ours.n) {
			memcpy(r.tip, r.remote, 41);
		} else if (!r.theirs.n) {
			if ((rc = local_tags(&r.c, &r.ours)) < 0 ||
			    (rc = facade_verify_range(NULL, d, r.local, r.base, false, NULL, NULL, diags, err)) < 0)
				goto done;
			memcpy(r.tip, r.local, 41);
		} else {
			if ((rc = replay_all(r.tip, &r.c, &r.ours, r.remote, err)) < 0) {
				if (rc == DOSSIER_EREFUSED && keep_unsynced(res, d, r.local, NULL) == 0 && res->unsynced)
					dossier_error_set_hint(err,
						"nothing changed here; your local events are kept at '%s' ('git log %s' shows them); "
						"to take the remote's history instead: 'git reset --hard %s' (or 'git update-ref %s %s' in a bare clone)",
						res->unsynced, res->unsynced, track, DOSSIER_BRANCH, track);
				goto done;
			}
			res->replayed = r.ours.n;
			if ((rc = facade_verify_range(NULL, d, r.tip, r.remote, false, NULL, NULL, diags, err)) < 0)
				goto done;
		}
	}
	pushing = r.ours.n > 0;
	if (pushing) {
		rc = push(d, remote, r.remote, r.tip, &r.c, scbs, diags, err);
		if (rc == DOSSIER_EREFUSED) {
			/* the remote moved meanwhile, or refused the events */
			char again[41];
			dossier_error e = DOSSIER_ERROR_INIT;

			if (store_fetch(again, d->store, remote, track, scbs, &e) == 0 && strcmp(again, r.remote)) {
				dossier_error_clear(&e);
				dossier_error_clear(err);
				rc = DOSSIER_ECONFLICT;
				goto done;
			}
			dossier_error_clear(&e);
			facade_refused_mark(d, r.local, r.remote, NULL);
			dossier_error_set_hint(err, "nothing changed here: your %zu local event%s stay%s in this dossier and "
				"not on the server (the reasons are above), left out of status's counts; 'dossier sync --refused' "
				"lists them, 'dossier sync --drop-refused' sets them aside", r.ours.n, r.ours.n == 1 ? "" : "s",
				r.ours.n == 1 ? "s" : "");
			goto done;
		}
		if (rc < 0)
			goto done;
		store_ref_write(d->store, track, r.tip, "dossier sync: pushed", NULL);
	}
	if (strcmp(r.tip, r.local) && (rc = move_main(d, r.local, r.tip, res, err)) < 0)
		goto done;
	if ((rc = set_tags(d, &r.theirs, &r.c, err)) < 0)
		goto done;
	res->received += r.theirs.n;
	res->sent += pushing ? r.ours.n : 0;
	memcpy(res->tip, r.tip, 41);
done:
	snap_free(snap);
	round_clear(&r);
	return rc;
}

int dossier_sync(dossier_sync_result **out, dossier *d, const char *remote,
	const dossier_sync_callbacks *cbs, dossier_diags *diags, dossier_error *err)
{
	dossier_sync_result *res = calloc(1, sizeof(*res));
	store_remote_cbs scbs;
	char *track;
	unsigned n;
	int rc = 0;

	*out = NULL;
	if (!remote || !*remote)
		remote = "origin";
	track = tracking_ref(d, remote);
	if (!res || !track) {
		free(res);
		free(track);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	to_store_cbs(&scbs, cbs);
	for (n = 0; n < SYNC_ROUNDS; n++) {
		rc = sync_round(res, d, remote, track, &scbs, diags, err);
		if (rc != DOSSIER_ECONFLICT)
			break;
		/* the remote moved between our fetch and our push: again */
		dossier_error_clear(err);
	}
	if (rc == DOSSIER_ECONFLICT && n == SYNC_ROUNDS)
		rc = dossier_error_set(err, DOSSIER_ECONFLICT,
			"'%s' kept changing during the sync (%u rounds); nothing changed here", remote, n);
	if (rc == 0)
		facade_refused_clear(d);   /* the server has every local event now */
	free(track);
	*out = res;
	return rc;
}

/* ---- clone ----------------------------------------------------------------- */

int dossier_clone(dossier **out, const char *url, const char *dir, bool bare,
	const dossier_identity *who, const dossier_sync_callbacks *cbs, dossier_diags *diags,
	dossier_error *err)
{
	store_remote_cbs scbs;
	dossier_store *store = NULL;
	dossier_snap *tip = NULL;
	dossier *d = NULL;
	int rc;

	*out = NULL;
	to_store_cbs(&scbs, cbs);
	if ((rc = store_clone(&store, url, dir, bare, facade_worktree_view, facade_worktree_nview, &scbs, err)) < 0)
		return rc;
	rc = store_tip(&tip, store, err);
	if (rc == 0 && (!snap_exists(tip, PATH_WORKFLOW) || !snap_exists(tip, PATH_STATE)))
		rc = dossier_error_set(err, DOSSIER_EINVALID,
			"'%s' is not a dossier: its main has no pinned workflow and cached state", url);
	else if (rc == DOSSIER_ENOTFOUND)
		rc = dossier_error_set(err, DOSSIER_EINVALID, "'%s' is not a dossier: it has no branch 'main'", url);
	snap_free(tip);
	store_free(store);
	if (rc < 0)
		return rc;
	if ((rc = dossier_open(&d, dir, who, err)) < 0)
		return rc;
	if ((rc = dossier_verify(d, diags, err)) < 0) {
		if (rc == DOSSIER_EINVALID)
			dossier_error_set(err, DOSSIER_EINVALID, "the history of '%s' breaks the workflow", url);
		dossier_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
