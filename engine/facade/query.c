/*
 * query.c: reading a dossier: its comments with their responses, its log
 * of events, a revision's document, and the stable JSON forms of each and
 * of its status (documented in docs/cli.md; the status is read in
 * status.c).
 */
#include "facade/facade_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "dossier/input.h"
#include "base/util.h"

/* ---- status (read in status.c) -------------------------------------------- */

static json_t *jtime(dossier *d, dossier_time t)
{
	char buf[40];

	dossier_format_time(buf, sizeof(buf), d, t);
	return json_string(buf);
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static char *finish(json_t *root)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char *out = s ? util_sprintf("%s\n", s) : NULL;

	free(s);
	json_decref(root);
	return out;
}

char *dossier_status_json(const dossier_status *st)
{
	json_t *root = json_object(), *members = json_array(), *next = json_array(), *waiting = json_array();
	size_t i, j;
	char buf[40];
	dossier_calendar cal = { st->time_zone, st->utc_offset, 0, NULL, 0 };

	json_object_set_new(root, "format", json_string(DOSSIER_JSON_FORMAT));
	json_object_set_new(root, "title", jstr(st->title));
	json_object_set_new(root, "workflow", jstr(st->workflow));
	json_object_set_new(root, "stage", jstr(st->stage));
	json_object_set_new(root, "stage_title", jstr(st->stage_title));
	json_object_set_new(root, "final", json_boolean(st->final));
	json_object_set_new(root, "comments_open", json_boolean(st->comments_open));
	dossier_time_format(buf, sizeof(buf), &cal, st->created);
	json_object_set_new(root, "created", json_string(buf));
	dossier_time_format(buf, sizeof(buf), &cal, st->entered);
	json_object_set_new(root, "entered", json_string(buf));
	dossier_time_format(buf, sizeof(buf), &cal, st->now);
	json_object_set_new(root, "now", json_string(buf));
	if (st->has_deadline) {
		dossier_date dn = dossier_calendar_date_of(&cal, st->now);
		dossier_date dd = dossier_calendar_date_of(&cal, st->deadline);

		dossier_time_format(buf, sizeof(buf), &cal, st->deadline);
		json_object_set_new(root, "deadline", json_string(buf));
		json_object_set_new(root, "days_left", json_integer(dossier_date_diff(&dn, &dd)));
		json_object_set_new(root, "overdue", json_boolean(st->now > st->deadline));
		json_object_set_new(root, "entered_late", json_boolean(st->entered_late));
	} else {
		json_object_set_new(root, "deadline", json_null());
		json_object_set_new(root, "days_left", json_null());
		json_object_set_new(root, "overdue", json_false());
		json_object_set_new(root, "entered_late", json_false());
	}
	json_object_set_new(root, "revision", st->revisions ? json_sprintf("v%u", st->revisions) : json_null());
	json_object_set_new(root, "events", json_integer((json_int_t)st->events));
	json_object_set_new(root, "comments", json_integer((json_int_t)st->comments));
	json_object_set_new(root, "responses", json_integer((json_int_t)st->responses));
	json_object_set_new(root, "unanswered", json_integer((json_int_t)st->unanswered));
	json_object_set_new(root, "untaken", json_integer((json_int_t)st->untaken));
	json_object_set_new(root, "untaken_list", jstr(st->untaken_list));
	json_object_set_new(root, "refused", json_integer((json_int_t)st->refused));
	for (i = 0; i < st->nmembers; i++) {
		json_t *m = json_object();

		json_object_set_new(m, "id", jstr(st->members[i].id));
		json_object_set_new(m, "name", jstr(st->members[i].name));
		json_object_set_new(m, "comments", json_integer((json_int_t)st->members[i].comments));
		json_object_set_new(m, "total", json_integer((json_int_t)st->members[i].total));
		json_array_append_new(members, m);
		if (!st->members[i].comments)
			json_array_append_new(waiting, json_string(st->members[i].id));
	}
	json_object_set_new(root, "commenters", members);
	json_object_set_new(root, "not_commented", waiting);
	for (i = 0; i < st->nnext; i++) {
		json_t *n = json_object(), *roles = json_array();

		json_object_set_new(n, "stage", jstr(st->next[i].target));
		json_object_set_new(n, "title", jstr(st->next[i].title));
		json_object_set_new(n, "allowed", json_boolean(st->next[i].allowed));
		json_object_set_new(n, "blocked_by", jstr(st->next[i].blocked_by));
		for (j = 0; j < st->next[i].nroles; j++)
			json_array_append_new(roles, json_string(st->next[i].roles[j]));
		json_object_set_new(n, "roles", roles);
		json_array_append_new(next, n);
	}
	json_object_set_new(root, "next", next);
	return finish(root);
}

/* ---- comments ------------------------------------------------------------- */

typedef struct collect {
	dossier *d;
	dossier_comment_list *list;
	size_t cap;
	const dossier_comments_query *q;
	dossier_error *err;
} collect;

/* Leave out a record that cannot be read, and say so: one bad record
 * never takes the others with it. 0, or DOSSIER_ENOMEM. */
static int skip_record(dossier *d, const char *path, const char *why, dossier_error *err)
{
	if (!d->skipped && dossier_diags_new(&d->skipped) < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (dossier_diags_add(d->skipped, DOSSIER_SEVERITY_WARNING, "bad-record", path, 0, 0,
			"left out: %s", why) < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

/* Whether `path` is where a record of id `id` lives (comment_path or response_path). */
static bool at_its_path(const char *path, const char *id, char *(*path_of)(const char *))
{
	char *want = path_of(id);
	bool same = want && !strcmp(want, path);

	free(want);
	return same;
}

static int collect_comment(const char *path, const char *data, size_t len, void *payload)
{
	collect *c = payload;
	dossier_comment_record rec;
	dossier_error e = DOSSIER_ERROR_INIT;
	int rc;

	if (comment_parse(&rec, data, len, &c->d->wf->calendar, &e) < 0) {
		rc = e.code == DOSSIER_ENOMEM ? dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory") :
			skip_record(c->d, path, e.message ? e.message : "unreadable", c->err);
		dossier_error_clear(&e);
		return rc;
	}
	if (!at_its_path(path, rec.id, comment_path)) {
		char *why = util_sprintf(_("the record names itself '%s', whose place is elsewhere"), rec.id);

		comment_record_clear(&rec);
		rc = skip_record(c->d, path, why ? why : "misplaced", c->err);
		free(why);
		return rc;
	}
	if (c->q && ((c->q->by && strcmp(c->q->by, rec.author) != 0) ||
	    (c->q->version >= 2 && c->q->on && strcmp(c->q->on, rec.on) != 0))) {
		comment_record_clear(&rec);
		return 0;
	}
	if (c->list->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		dossier_comment_record *p = realloc(c->list->items, cap * sizeof(*p));

		if (!p) {
			comment_record_clear(&rec);
			return dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory");
		}
		c->list->items = p;
		c->cap = cap;
	}
	c->list->items[c->list->n++] = rec;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const dossier_comment_record *)a)->id, ((const dossier_comment_record *)b)->id);
}

static int by_time(const void *a, const void *b)
{
	const dossier_comment_record *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->id, y->id);
}

typedef struct join {
	dossier *d;
	dossier_comment_list *list;
	dossier_error *err;
} join;

static int join_response(const char *path, const char *data, size_t len, void *payload)
{
	join *j = payload;
	dossier_comment_record key, *c;
	const char *slash = strrchr(path, '/');
	char *id;
	size_t n;

	memset(&key, 0, sizeof(key));
	slash = slash ? slash + 1 : path;
	n = strlen(slash);
	if (n < 6 || strcmp(slash + n - 5, ".json") != 0)
		return 0;
	id = util_strndup(slash, n - 5);
	if (!id)
		return dossier_error_set(j->err, DOSSIER_ENOMEM, "out of memory");
	key.id = id;
	c = j->list->n ? bsearch(&key, j->list->items, j->list->n, sizeof(*c), by_id) : NULL;
	free(id);
	if (!c) {
		/* filtered out by the query, or the comment was left out */
		return 0;
	}
	{
		dossier_error e = DOSSIER_ERROR_INIT;
		int rc = 0;

		if (!at_its_path(path, c->id, response_path))
			rc = skip_record(j->d, path, "a response away from the place its comment's id gives", j->err);
		else if (response_parse(c, data, len, &j->d->wf->calendar, &e) < 0)
			rc = e.code == DOSSIER_ENOMEM ? dossier_error_set(j->err, DOSSIER_ENOMEM, "out of memory") :
				skip_record(j->d, path, e.message ? e.message : "unreadable", j->err);
		dossier_error_clear(&e);
		return rc;
	}
}

int dossier_get_comments(dossier_comment_list **out, dossier *d,
	const dossier_comments_query *q, dossier_error *err)
{
	dossier_snap *tip = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_tip(&tip, d->store, err)) < 0)
		return rc;
	rc = facade_comments_at(out, d, tip, q, err);
	snap_free(tip);
	return rc;
}

int facade_comments_at(dossier_comment_list **out, dossier *d, const dossier_snap *tip,
	const dossier_comments_query *q, dossier_error *err)
{
	collect c;
	join j;
	int rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	dossier_diags_free(d->skipped);
	d->skipped = NULL;
	if ((rc = facade_workflow(d, tip, err)) < 0)
		goto done;
	c.d = d;
	c.q = q;
	c.err = err;
	c.list = calloc(1, sizeof(*c.list));
	if (!c.list) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = snap_each_blob(tip, "comments", collect_comment, &c, err)) < 0)
		goto done;
	if (c.list->n > 1)
		qsort(c.list->items, c.list->n, sizeof(*c.list->items), by_id);
	j.d = d;
	j.list = c.list;
	j.err = err;
	if ((rc = snap_each_blob(tip, "responses", join_response, &j, err)) < 0)
		goto done;
	if (c.list->n > 1)
		qsort(c.list->items, c.list->n, sizeof(*c.list->items), by_time);
	if (q && q->open) {
		size_t i, k = 0;

		for (i = 0; i < c.list->n; i++) {
			if (c.list->items[i].disposition == DOSSIER_DISPOSITION_NONE)
				c.list->items[k++] = c.list->items[i];
			else
				comment_record_clear(&c.list->items[i]);
		}
		c.list->n = k;
	}
	*out = c.list;
	c.list = NULL;
done:
	dossier_comment_list_free(c.list);
	return rc;
}

/* ---- the accepted comments only (the consolidation) ------------------------
 *
 * The response records are the index: a response at responses/<fan-out>/ID.json
 * names its comment by its place, and says whether it accepts. Only the
 * comments of the responses that accept (or partly accept) are read, by
 * their path. A record read here and found bad is left out with the same
 * warning as facade_comments_at gives; a record this reader never needs
 * (a comment nobody accepted) is not read, so not warned about: `comments`,
 * `report` and `verify` name it. */

typedef struct adopt {
	dossier *d;
	const dossier_snap *snap;
	dossier_comment_list *list;
	size_t cap;
	dossier_error *err;
} adopt;

/* Whether the comment `id` has a record at its place (a warning about its
 * response is for a comment that exists, as when joining). */
static bool comment_there(const dossier_snap *snap, const char *id)
{
	char *path = comment_path(id);
	bool there = path && snap_exists(snap, path);

	free(path);
	return there;
}

static int adopt_response(const char *path, const char *data, size_t len, void *payload)
{
	adopt *a = payload;
	dossier_comment_record resp, rec;
	dossier_error e = DOSSIER_ERROR_INIT;
	const char *slash = strrchr(path, '/');
	char *id, *cpath = NULL, *cdata = NULL;
	size_t n, clen = 0;
	int rc = 0;

	memset(&resp, 0, sizeof(resp));
	memset(&rec, 0, sizeof(rec));
	slash = slash ? slash + 1 : path;
	n = strlen(slash);
	if (n < 6 || strcmp(slash + n - 5, ".json") != 0)
		return 0;
	if (!(id = util_strndup(slash, n - 5)))
		return dossier_error_set(a->err, DOSSIER_ENOMEM, "out of memory");
	resp.id = id;
	if (response_parse(&resp, data, len, &a->d->wf->calendar, &e) < 0) {
		if (e.code == DOSSIER_ENOMEM)
			rc = dossier_error_set(a->err, DOSSIER_ENOMEM, "out of memory");
		else if (comment_there(a->snap, id))
			rc = skip_record(a->d, path, e.message ? e.message : "unreadable", a->err);
		goto done;
	}
	if (resp.disposition != DOSSIER_DISPOSITION_ACCEPTED && resp.disposition != DOSSIER_DISPOSITION_PARTIAL)
		goto done;
	if (!at_its_path(path, id, response_path)) {
		if (comment_there(a->snap, id))
			rc = skip_record(a->d, path, "a response away from the place its comment's id gives", a->err);
		goto done;
	}
	if (!(cpath = comment_path(id))) {
		rc = dossier_error_set(a->err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = snap_read(&cdata, &clen, a->snap, cpath, a->err)) < 0) {
		/* A response whose comment is not there answers nothing, as when joining. */
		if (rc == DOSSIER_ENOTFOUND) {
			dossier_error_clear(a->err);
			rc = 0;
		}
		goto done;
	}
	if (comment_parse(&rec, cdata, clen, &a->d->wf->calendar, &e) < 0) {
		rc = e.code == DOSSIER_ENOMEM ? dossier_error_set(a->err, DOSSIER_ENOMEM, "out of memory") :
			skip_record(a->d, cpath, e.message ? e.message : "unreadable", a->err);
		goto done;
	}
	if (strcmp(rec.id, id)) {
		char *why = util_sprintf(_("the record names itself '%s', whose place is elsewhere"), rec.id);

		rc = skip_record(a->d, cpath, why ? why : "misplaced", a->err);
		free(why);
		goto done;
	}
	if (a->list->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		dossier_comment_record *p = realloc(a->list->items, cap * sizeof(*p));

		if (!p) {
			rc = dossier_error_set(a->err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		a->list->items = p;
		a->cap = cap;
	}
	/* The response's fields move over to the comment. */
	rec.disposition = resp.disposition;
	rec.reason = resp.reason;
	rec.adopted = resp.adopted;
	rec.taken_otherwise = resp.taken_otherwise;
	rec.responder = resp.responder;
	rec.response_time = resp.response_time;
	resp.reason = resp.adopted = resp.taken_otherwise = resp.responder = NULL;
	a->list->items[a->list->n++] = rec;
	memset(&rec, 0, sizeof(rec));
done:
	dossier_error_clear(&e);
	comment_record_clear(&rec);
	comment_record_clear(&resp);   /* frees id */
	free(cpath);
	free(cdata);
	return rc;
}

int facade_accepted_at(dossier_comment_list **out, dossier *d, const dossier_snap *tip, dossier_error *err)
{
	adopt a;
	int rc;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	dossier_diags_free(d->skipped);
	d->skipped = NULL;
	if ((rc = facade_workflow(d, tip, err)) < 0)
		return rc;
	a.d = d;
	a.snap = tip;
	a.err = err;
	if (!(a.list = calloc(1, sizeof(*a.list))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = snap_each_blob(tip, "responses", adopt_response, &a, err)) < 0) {
		dossier_comment_list_free(a.list);
		return rc;
	}
	if (a.list->n > 1)
		qsort(a.list->items, a.list->n, sizeof(*a.list->items), by_time);
	*out = a.list;
	return 0;
}

/* {"format": ..., KEY: list}: the form of every list the engine writes as JSON. */
static json_t *json_list(const char *key, json_t *list)
{
	json_t *root = json_object();

	json_object_set_new(root, "format", json_string(DOSSIER_JSON_FORMAT));
	json_object_set_new(root, key, list);
	return root;
}

/* The comments as JSON objects, an array. */
static json_t *comments_array(const dossier_comment_list *l, const dossier *cd)
{
	dossier *d = (dossier *)cd;
	json_t *root = json_array();
	size_t i;

	for (i = 0; i < l->n; i++) {
		const dossier_comment_record *c = &l->items[i];
		json_t *o = json_object(), *r;

		json_object_set_new(o, "id", jstr(c->id));
		json_object_set_new(o, "author", jstr(c->author));
		json_object_set_new(o, "author_name", jstr(c->author_name));
		json_object_set_new(o, "on", jstr(c->on));
		json_object_set_new(o, "citation", jstr(c->citation));
		json_object_set_new(o, "revision", jstr(c->revision));
		json_object_set_new(o, "stage", jstr(c->stage));
		json_object_set_new(o, "time", jtime(d, c->time));
		json_object_set_new(o, "text", jstr(c->text));
		json_object_set_new(o, "proposal", jstr(c->proposal));
		if (c->disposition != DOSSIER_DISPOSITION_NONE) {
			r = json_object();
			json_object_set_new(r, "disposition", jstr(dossier_disposition_name(c->disposition)));
			json_object_set_new(r, "reason", jstr(c->reason));
			json_object_set_new(r, "adopted", jstr(c->adopted));
			json_object_set_new(r, "taken_otherwise", jstr(c->taken_otherwise));
			json_object_set_new(r, "by", jstr(c->responder));
			json_object_set_new(r, "time", jtime(d, c->response_time));
		} else {
			r = json_null();
		}
		json_object_set_new(o, "response", r);
		json_array_append_new(root, o);
	}
	return root;
}

char *dossier_comments_json(const dossier_comment_list *l, const dossier *d)
{
	return finish(json_list("comments", comments_array(l, d)));
}

/* The comments JSON with where each provision stands now (diff/carry.c). */
char *dossier_carry_json(const dossier_carry *c, const dossier_comment_list *comments,
	const dossier *d)
{
	json_t *all = comments_array(comments, d), *root;
	size_t i, k = 0;

	if (!all || json_array_size(all) != comments->n) {
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
	return finish(json_list("comments", root));
}

/* ---- log ------------------------------------------------------------------ */

void dossier_event_list_free(dossier_event_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		dossier_event *e = &l->items[i];

		free(e->commit);
		free(e->event);
		free(e->actor);
		free(e->actor_name);
		free(e->stage);
		free(e->subject);
		free(e->ids);
	}
	free(l->items);
	free(l);
}

typedef struct log_walk {
	dossier *d;
	dossier_event_list *list;
	size_t cap;
	dossier_error *err;
} log_walk;

static int log_one(const dossier_snap *snap, void *payload)
{
	log_walk *w = payload;
	ds_trailers tr;
	dossier_event *e;
	const char *msg = snap_message(snap), *nl;
	dossier_time t = snap_time(snap);

	if (w->list->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		dossier_event *p = realloc(w->list->items, cap * sizeof(*p));

		if (!p)
			return dossier_error_set(w->err, DOSSIER_ENOMEM, "out of memory");
		w->list->items = p;
		w->cap = cap;
	}
	e = &w->list->items[w->list->n++];
	memset(e, 0, sizeof(*e));
	if (ds_trailers_parse(&tr, msg) == 0 && tr.time)
		dossier_time_parse(&t, &w->d->wf->calendar, tr.time, NULL);
	e->commit = util_strdup(snap_id(snap));
	e->event = util_strdup(tr.event ? tr.event : "commit");
	e->actor = util_strdup(tr.actor ? tr.actor : snap_author_email(snap));
	e->actor_name = util_strdup(snap_author_name(snap));
	e->stage = util_strdup(tr.stage ? tr.stage : "");
	e->time = t;
	nl = strchr(msg, '\n');
	e->subject = nl ? util_strndup(msg, (size_t)(nl - msg)) : util_strdup(msg);
	e->ids = util_strdup(tr.id ? tr.id : tr.revision ? tr.revision : tr.target ? tr.target : "");
	ds_trailers_clear(&tr);
	if (!e->commit || !e->event || !e->actor || !e->stage || !e->subject || !e->ids)
		return dossier_error_set(w->err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

int dossier_get_log(dossier_event_list **out, dossier *d, dossier_error *err)
{
	dossier_snap *tip = NULL;
	log_walk w;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	if ((rc = store_tip(&tip, d->store, err)) < 0)
		return rc;
	rc = facade_workflow(d, tip, err);
	snap_free(tip);
	if (rc < 0)
		return rc;
	w.d = d;
	w.err = err;
	w.list = calloc(1, sizeof(*w.list));
	if (!w.list)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = store_walk(d->store, log_one, &w, err)) < 0) {
		dossier_event_list_free(w.list);
		return rc;
	}
	*out = w.list;
	return 0;
}

char *dossier_log_json(const dossier_event_list *l, const dossier *cd)
{
	dossier *d = (dossier *)cd;
	json_t *root = json_array();
	size_t i;

	for (i = 0; i < l->n; i++) {
		const dossier_event *e = &l->items[i];
		json_t *o = json_object();

		json_object_set_new(o, "commit", jstr(e->commit));
		json_object_set_new(o, "event", jstr(e->event));
		json_object_set_new(o, "actor", jstr(e->actor));
		json_object_set_new(o, "actor_name", jstr(e->actor_name));
		json_object_set_new(o, "stage", jstr(e->stage));
		json_object_set_new(o, "time", jtime(d, e->time));
		json_object_set_new(o, "subject", jstr(e->subject));
		json_object_set_new(o, "ids", jstr(e->ids));
		json_array_append_new(root, o);
	}
	return finish(json_list("events", root));
}

/* ---- revisions ------------------------------------------------------------ */

int dossier_get_revision(dossier_document **out, dossier *d, const char *revision, dossier_error *err)
{
	dossier_snap *tip = NULL;
	ds_state s;
	unsigned n = 0;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if ((rc = store_tip(&tip, d->store, err)) < 0)
		return rc;
	if ((rc = facade_workflow(d, tip, err)) < 0 || (rc = facade_state(&s, d, tip, err)) < 0)
		goto done;
	if (revision) {
		if (!(n = dossier_revision_number(revision))) {
			rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid revision '%s' (expected vN)", revision);
			dossier_error_set_tag(err, "invalid-revision");
			goto done;
		}
	} else {
		n = s.revision;
	}
	if (n == 0 || n > s.revision) {
		rc = dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision '%s'", revision ? revision : "(none yet)");
		dossier_error_set_tag(err, "unknown-revision");
		if (s.revision)
			dossier_error_set_hint(err, "the latest revision is v%u", s.revision);
		goto done;
	}
	rc = facade_revision_doc(out, tip, n, err);
done:
	ds_state_clear(&s);
	snap_free(tip);
	return rc;
}

int dossier_resolve_provision(char **out, dossier *d, const char *revision, const char *given,
	dossier_error *err)
{
	dossier_document *doc = NULL;
	const dossier_node *node;
	char *in;
	int rc;

	*out = NULL;
	if (!given || !*given)
		return dossier_error_set(err, DOSSIER_EINVALID, "no provision named");
	if (!strcmp(given, "general") || !dossier_akn_eid_check(given))
		return (*out = util_strdup(given)) ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = dossier_get_revision(&doc, d, revision, err)) < 0)
		return rc;
	in = revision ? util_sprintf("revision %s", revision) : util_strdup("the latest revision");
	rc = dossier_document_resolve(&node, doc, given, in, err);
	free(in);
	if (rc == 0 && !(*out = util_strdup(node->eid)))
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	dossier_document_free(doc);
	return rc;
}
