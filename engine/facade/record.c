/*
 * record.c: the JSON records of a dossier's tree (state.json, comments,
 * responses), their fan-out paths, the commit trailers, and the apply_*
 * functions that define how each event changes the cached state.
 */
#include "facade/record_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"

#include "base/util.h"

/* ---- state ------------------------------------------------------------- */

void ds_state_clear(ds_state *st)
{
	size_t i;

	if (!st)
		return;
	free(st->stage);
	for (i = 0; i < st->nmembers; i++)
		free(st->members[i].id);
	free(st->members);
	for (i = 0; i < st->nstages; i++) {
		free(st->stages[i].stage);
		free(st->stages[i].by);
	}
	free(st->stages);
	memset(st, 0, sizeof(*st));
}

ds_member *ds_state_member(ds_state *st, const char *id, bool create)
{
	ds_member *p;
	size_t i;

	for (i = 0; i < st->nmembers; i++)
		if (!strcmp(st->members[i].id, id))
			return &st->members[i];
	if (!create)
		return NULL;
	p = realloc(st->members, (st->nmembers + 1) * sizeof(*p));
	if (!p)
		return NULL;
	st->members = p;
	p = &st->members[st->nmembers];
	memset(p, 0, sizeof(*p));
	p->id = util_strdup(id);
	if (!p->id)
		return NULL;
	st->nmembers++;
	/* Keep members sorted by id so the dump is canonical. */
	for (i = st->nmembers - 1; i > 0 && strcmp(st->members[i - 1].id, st->members[i].id) > 0; i--) {
		ds_member tmp = st->members[i];

		st->members[i] = st->members[i - 1];
		st->members[i - 1] = tmp;
	}
	return ds_state_member(st, id, false);
}

static int push_stage(ds_state *st, const char *stage, dossier_time when, const char *by)
{
	ds_stage_entry *p = realloc(st->stages, (st->nstages + 1) * sizeof(*p));

	if (!p)
		return DOSSIER_ENOMEM;
	st->stages = p;
	p[st->nstages].stage = util_strdup(stage);
	p[st->nstages].entered = when;
	p[st->nstages].by = util_strdup(by);
	if (!p[st->nstages].stage || !p[st->nstages].by) {
		free(p[st->nstages].stage);
		free(p[st->nstages].by);
		return DOSSIER_ENOMEM;
	}
	st->nstages++;
	return 0;
}

int ds_state_copy(ds_state *dst, const ds_state *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->stage = util_strdup(src->stage);
	dst->entered = src->entered;
	dst->revision = src->revision;
	dst->revised_in_stage = src->revised_in_stage;
	dst->accepted_since_revision = src->accepted_since_revision;
	dst->events = src->events;
	dst->comments = src->comments;
	dst->responses = src->responses;
	dst->unanswered = src->unanswered;
	if (src->stage && !dst->stage)
		goto oom;
	for (i = 0; i < src->nmembers; i++) {
		ds_member *m = ds_state_member(dst, src->members[i].id, true);

		if (!m)
			goto oom;
		m->seq = src->members[i].seq;
		m->in_stage = src->members[i].in_stage;
	}
	for (i = 0; i < src->nstages; i++)
		if (push_stage(dst, src->stages[i].stage, src->stages[i].entered, src->stages[i].by) < 0)
			goto oom;
	return 0;
oom:
	ds_state_clear(dst);
	return DOSSIER_ENOMEM;
}

int ds_state_initial(ds_state *st, const dossier_workflow *wf, const char *actor, dossier_time now)
{
	memset(st, 0, sizeof(*st));
	st->stage = util_strdup(wf->start);
	st->entered = now;
	st->events = 1;
	if (!st->stage || push_stage(st, wf->start, now, actor) < 0) {
		ds_state_clear(st);
		return DOSSIER_ENOMEM;
	}
	return 0;
}

static int get_time(dossier_time *out, json_t *obj, const char *key, const dossier_calendar *cal,
	dossier_error *err)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v))
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' is missing or not a time", key);
	return dossier_time_parse(out, cal, json_string_value(v), err);
}

static const char *get_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static size_t get_count(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) && json_integer_value(v) >= 0 ? (size_t)json_integer_value(v) : 0;
}

int ds_state_parse(ds_state *st, const char *json, size_t len, const dossier_calendar *cal,
	dossier_error *err)
{
	json_error_t jerr;
	json_t *root, *members, *stages, *v;
	const char *key;
	size_t i;
	int rc = DOSSIER_EINVALID;

	memset(st, 0, sizeof(*st));
	root = json_loadb(json, len, 0, &jerr);
	if (!root)
		return dossier_error_set_at(err, DOSSIER_EINVALID, PATH_STATE, (unsigned)jerr.line,
			(unsigned)jerr.column, "invalid cached state: %s", jerr.text);
	if (!json_is_object(root) || !get_str(root, "stage")) {
		dossier_error_set(err, DOSSIER_EINVALID, "invalid cached state: no 'stage'");
		goto done;
	}
	st->stage = util_strdup(get_str(root, "stage"));
	if ((rc = get_time(&st->entered, root, "entered", cal, err)) < 0)
		goto done;
	rc = DOSSIER_EINVALID;
	st->revision = (unsigned)get_count(root, "revision");
	st->revised_in_stage = json_is_true(json_object_get(root, "revised_in_stage"));
	st->accepted_since_revision = json_is_true(json_object_get(root, "accepted_since_revision"));
	st->events = get_count(root, "events");
	st->comments = get_count(root, "comments");
	st->responses = get_count(root, "responses");
	st->unanswered = get_count(root, "unanswered");
	members = json_object_get(root, "participants");
	json_object_foreach(members, key, v) {
		ds_member *m;

		/* what ds_state_dump refuses to write (a control character) */
		if (dossier_text_check(NULL, key, strlen(key)) < 0) {
			dossier_error_set(err, DOSSIER_EINVALID, "invalid cached state: a participant id is not text");
			goto done;
		}
		if (!(m = ds_state_member(st, key, true))) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		m->seq = (unsigned)get_count(v, "comments");
		m->in_stage = (unsigned)get_count(v, "in_stage");
	}
	stages = json_object_get(root, "stages");
	for (i = 0; i < json_array_size(stages); i++) {
		json_t *e = json_array_get(stages, i);
		dossier_time t;

		if (!get_str(e, "stage") || get_time(&t, e, "entered", cal, err) < 0) {
			if (!err || !err->code)
				dossier_error_set(err, DOSSIER_EINVALID, "invalid cached state: stage history");
			goto done;
		}
		if (push_stage(st, get_str(e, "stage"), t, get_str(e, "by") ? get_str(e, "by") : "") < 0) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
	}
	rc = st->stage ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
done:
	json_decref(root);
	if (rc < 0)
		ds_state_clear(st);
	return rc;
}

/*
 * Writing a record: every member is set through jput(), which notes the
 * first one that could not be set (jansson refuses a string that is not
 * UTF-8, and json_object_set_new() fails without memory), so that a record
 * is written whole or not at all, never with a member silently left out.
 */
typedef struct jrec {
	const char *what;      /* "comment", for the message */
	const char *bad;       /* the first member that could not be set */
	int code;              /* why: DOSSIER_EINVALID or DOSSIER_ENOMEM */
	char why[64];
} jrec;

static void jfail(jrec *r, const char *key, int code, const char *why)
{
	if (r->bad)
		return;
	r->bad = key;
	r->code = code;
	snprintf(r->why, sizeof(r->why), "%s", why);
}

/* Set obj[key] = v, taking v; v NULL is a failure to make it. */
static void jput(jrec *r, json_t *obj, const char *key, json_t *v)
{
	if (!v) {
		jfail(r, key, DOSSIER_ENOMEM, "out of memory");
		return;
	}
	if (!obj || json_object_set_new(obj, key, v) < 0)
		jfail(r, key, DOSSIER_ENOMEM, "out of memory");
}

/* A string member; NULL is null when `optional`, else a missing member. */
static void jput_str(jrec *r, json_t *obj, const char *key, const char *v, bool optional)
{
	json_t *j;

	if (!v) {
		if (optional)
			jput(r, obj, key, json_null());
		else
			jfail(r, key, DOSSIER_EINVALID, "has no value");
		return;
	}
	if (!(j = json_string(v))) {
		dossier_text_fault f;
		char desc[48], why[64];

		if (dossier_text_check(&f, v, strlen(v)) < 0) {
			snprintf(why, sizeof(why), "holds %s", dossier_text_fault_describe(desc, sizeof(desc), &f));
			jfail(r, key, DOSSIER_EINVALID, why);
		} else {
			jfail(r, key, DOSSIER_ENOMEM, "out of memory");
		}
		return;
	}
	jput(r, obj, key, j);
}

static void jput_time(jrec *r, json_t *obj, const char *key, dossier_time t, const dossier_calendar *cal)
{
	char buf[40];

	dossier_time_format(buf, sizeof(buf), cal, t);
	jput_str(r, obj, key, buf, false);
}

/* Append v (taken) to the array arr. */
static void jappend(jrec *r, json_t *arr, const char *key, json_t *v)
{
	if (!v) {
		jfail(r, key, DOSSIER_ENOMEM, "out of memory");
		return;
	}
	if (!arr || json_array_append_new(arr, v) < 0)
		jfail(r, key, DOSSIER_ENOMEM, "out of memory");
}

/* The canonical text of a record (sorted keys, two-space indent, a
 * trailing newline) in *out, or the member that could not be written. */
static int jdump(char **out, json_t *root, jrec *r, dossier_error *err)
{
	char *s = NULL, *p;
	size_t len;

	*out = NULL;
	if (!root)
		jfail(r, "(the record)", DOSSIER_ENOMEM, "out of memory");
	if (!r->bad && !(s = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS)))
		jfail(r, "(the record)", DOSSIER_ENOMEM, "out of memory");
	json_decref(root);
	if (r->bad) {
		free(s);
		if (r->code == DOSSIER_ENOMEM)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory writing the %s record", r->what);
		dossier_error_set(err, r->code, "cannot write the %s record: '%s' %s", r->what, r->bad, r->why);
		dossier_error_set_field(err, r->bad);
		return r->code;
	}
	/* Append the newline in place (a bulk import dumps 100,000 of these). */
	len = strlen(s);
	if (!(p = realloc(s, len + 2))) {
		free(s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory writing the %s record", r->what);
	}
	p[len] = '\n';
	p[len + 1] = '\0';
	*out = p;
	return 0;
}

/* ---- state.json without jansson's tree ----
 * Every action writes state.json: through jansson (an object per member,
 * sorted, every integer through snprintf) it was a third of an in-process
 * comment. The usual state, whose strings are all printable ASCII without
 * '"' or '\\' (ids, stage names, times), is written here directly, byte
 * for byte as jansson writes it (tests/unit/test_record.c compares the
 * two); anything else goes through jansson, which escapes and refuses. */

static bool quick_str(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

static void quick_key(dstr *b, int indent, const char *key)
{
	dstr_add(b, "      ", (size_t)indent);
	dstr_add(b, "\"", 1);
	dstr_adds(b, key);
	dstr_add(b, "\": ", 3);
}

static void quick_uint(dstr *b, int indent, const char *key, unsigned long long v, bool last)
{
	char num[24], *p = num + sizeof(num);

	*--p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	quick_key(b, indent, key);
	dstr_adds(b, p);
	dstr_adds(b, last ? "\n" : ",\n");
}

static void quick_text(dstr *b, int indent, const char *key, const char *v, bool last)
{
	quick_key(b, indent, key);
	dstr_add(b, "\"", 1);
	dstr_adds(b, v);
	dstr_adds(b, last ? "\"\n" : "\",\n");
}

static int member_cmp(const void *a, const void *b)
{
	return strcmp((*(const ds_member *const *)a)->id, (*(const ds_member *const *)b)->id);
}

/* 1 when written into *out, 0 when the state needs jansson, or DOSSIER_ENOMEM. */
static int state_dump_quick(char **out, const ds_state *st, const dossier_calendar *cal)
{
	char entered[40], t[40];
	const ds_member **m;
	dstr b = DSTR_INIT;
	size_t i;
	int rc = 1;

	*out = NULL;
	dossier_time_format(entered, sizeof(entered), cal, st->entered);
	if (!quick_str(st->stage) || !quick_str(entered))
		return 0;
	for (i = 0; i < st->nmembers; i++)
		if (!quick_str(st->members[i].id))
			return 0;
	for (i = 0; i < st->nstages; i++)
		if (!quick_str(st->stages[i].stage) || !quick_str(st->stages[i].by))
			return 0;
	if (!(m = malloc((st->nmembers + 1) * sizeof(*m))))
		return DOSSIER_ENOMEM;
	for (i = 0; i < st->nmembers; i++)
		m[i] = &st->members[i];
	qsort(m, st->nmembers, sizeof(*m), member_cmp);
	for (i = 1; i < st->nmembers; i++)
		if (strcmp(m[i - 1]->id, m[i]->id) == 0) {
			free(m);
			return 0;   /* jansson keeps one of the two */
		}
	dstr_adds(&b, "{\n");
	dstr_addf(&b, "  \"accepted_since_revision\": %s,\n", st->accepted_since_revision ? "true" : "false");
	quick_uint(&b, 2, "comments", st->comments, false);
	quick_text(&b, 2, "entered", entered, false);
	quick_uint(&b, 2, "events", st->events, false);
	quick_uint(&b, 2, "format", DOSSIER_FORMAT, false);
	if (st->nmembers == 0) {
		dstr_adds(&b, "  \"participants\": {},\n");
	} else {
		dstr_adds(&b, "  \"participants\": {\n");
		for (i = 0; i < st->nmembers; i++) {
			quick_key(&b, 4, m[i]->id);
			dstr_adds(&b, "{\n");
			quick_uint(&b, 6, "comments", m[i]->seq, false);
			quick_uint(&b, 6, "in_stage", m[i]->in_stage, true);
			dstr_adds(&b, i + 1 < st->nmembers ? "    },\n" : "    }\n");
		}
		dstr_adds(&b, "  },\n");
	}
	quick_uint(&b, 2, "responses", st->responses, false);
	dstr_addf(&b, "  \"revised_in_stage\": %s,\n", st->revised_in_stage ? "true" : "false");
	quick_uint(&b, 2, "revision", st->revision, false);
	quick_text(&b, 2, "stage", st->stage, false);
	if (st->nstages == 0) {
		dstr_adds(&b, "  \"stages\": [],\n");
	} else {
		dstr_adds(&b, "  \"stages\": [\n");
		for (i = 0; i < st->nstages; i++) {
			dossier_time_format(t, sizeof(t), cal, st->stages[i].entered);
			if (!quick_str(t)) {
				rc = 0;
				break;
			}
			dstr_adds(&b, "    {\n");
			quick_text(&b, 6, "by", st->stages[i].by, false);
			quick_text(&b, 6, "entered", t, false);
			quick_text(&b, 6, "stage", st->stages[i].stage, true);
			dstr_adds(&b, i + 1 < st->nstages ? "    },\n" : "    }\n");
		}
		dstr_adds(&b, "  ],\n");
	}
	quick_uint(&b, 2, "unanswered", st->unanswered, true);
	dstr_adds(&b, "}\n");
	free(m);
	if (rc == 1 && !(*out = dstr_detach(&b)))
		rc = DOSSIER_ENOMEM;
	dstr_free(&b);
	return rc;
}

int ds_state_dump(char **out, const ds_state *st, const dossier_calendar *cal, dossier_error *err)
{
	int rc = state_dump_quick(out, st, cal);

	if (rc == 1)
		return 0;
	if (rc < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory writing the %s record", "state");
	return ds_state_dump_jansson(out, st, cal, err);
}

int ds_state_dump_jansson(char **out, const ds_state *st, const dossier_calendar *cal, dossier_error *err)
{
	json_t *root = json_object(), *members = json_object(), *stages = json_array();
	jrec r = { "state", NULL, 0, "" };
	size_t i;

	jput(&r, root, "format", json_integer(DOSSIER_FORMAT));
	jput_str(&r, root, "stage", st->stage, false);
	jput_time(&r, root, "entered", st->entered, cal);
	jput(&r, root, "revision", json_integer(st->revision));
	jput(&r, root, "revised_in_stage", json_boolean(st->revised_in_stage));
	jput(&r, root, "accepted_since_revision", json_boolean(st->accepted_since_revision));
	jput(&r, root, "events", json_integer((json_int_t)st->events));
	jput(&r, root, "comments", json_integer((json_int_t)st->comments));
	jput(&r, root, "responses", json_integer((json_int_t)st->responses));
	jput(&r, root, "unanswered", json_integer((json_int_t)st->unanswered));
	for (i = 0; i < st->nmembers && !r.bad; i++) {
		json_t *m = json_object();

		jput(&r, m, "comments", json_integer(st->members[i].seq));
		jput(&r, m, "in_stage", json_integer(st->members[i].in_stage));
		if (dossier_text_check(NULL, st->members[i].id, strlen(st->members[i].id)) < 0) {
			json_decref(m);
			jfail(&r, "participants", DOSSIER_EINVALID, "names a participant whose id is not text");
		} else {
			jput(&r, members, st->members[i].id, m);
		}
	}
	jput(&r, root, "participants", members);
	for (i = 0; i < st->nstages && !r.bad; i++) {
		json_t *e = json_object();

		jput_str(&r, e, "stage", st->stages[i].stage, false);
		jput_time(&r, e, "entered", st->stages[i].entered, cal);
		jput_str(&r, e, "by", st->stages[i].by, false);
		jappend(&r, stages, "stages", e);
	}
	jput(&r, root, "stages", stages);
	return jdump(out, root, &r, err);
}

int ds_state_facts(dossier_facts *facts, const ds_state *st)
{
	const char **who;
	size_t i, n = 0;

	memset(facts, 0, sizeof(*facts));
	who = calloc(st->nmembers + 1, sizeof(*who));
	if (!who)
		return DOSSIER_ENOMEM;
	for (i = 0; i < st->nmembers; i++)
		if (st->members[i].in_stage)
			who[n++] = st->members[i].id;
	facts->revisions = st->revision;
	facts->revised_in_stage = st->revised_in_stage;
	facts->commenters = who;
	facts->ncommenters = n;
	facts->comments = st->comments;
	facts->unanswered = st->unanswered;
	facts->consolidated = st->revision > 0 && !st->accepted_since_revision;
	return 0;
}

/* ---- events ------------------------------------------------------------ */

int apply_revise(ds_state *st)
{
	st->revision++;
	st->revised_in_stage = true;
	st->accepted_since_revision = false;
	st->events++;
	return 0;
}

int apply_advance(ds_state *st, const char *stage, const char *actor, dossier_time now)
{
	char *s = util_strdup(stage);
	size_t i;

	if (!s || push_stage(st, stage, now, actor) < 0) {
		free(s);
		return DOSSIER_ENOMEM;
	}
	free(st->stage);
	st->stage = s;
	st->entered = now;
	st->revised_in_stage = false;
	for (i = 0; i < st->nmembers; i++)
		st->members[i].in_stage = 0;
	st->events++;
	return 0;
}

int apply_comment(ds_state *st, const char *actor, unsigned *out_seq)
{
	ds_member *m = ds_state_member(st, actor, true);

	if (!m)
		return DOSSIER_ENOMEM;
	m->seq++;
	m->in_stage++;
	if (out_seq)
		*out_seq = m->seq;
	st->comments++;
	st->unanswered++;
	st->events++;
	return 0;
}

int apply_import(ds_state *st, const char *const *authors, size_t n, unsigned *out_seqs)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ds_member *m = ds_state_member(st, authors[i] ? authors[i] : DS_PUBLIC, true);

		if (!m)
			return DOSSIER_ENOMEM;
		m->seq++;
		if (authors[i])
			m->in_stage++;
		if (out_seqs)
			out_seqs[i] = m->seq;
	}
	st->comments += n;
	st->unanswered += n;
	st->events++;
	return 0;
}

static void count_response(ds_state *st, bool first, dossier_disposition disposition)
{
	if (first) {
		st->responses++;
		if (st->unanswered)
			st->unanswered--;
	}
	if (disposition == DOSSIER_DISPOSITION_ACCEPTED || disposition == DOSSIER_DISPOSITION_PARTIAL)
		st->accepted_since_revision = true;
}

int apply_respond(ds_state *st, bool first, dossier_disposition disposition)
{
	count_response(st, first, disposition);
	st->events++;
	return 0;
}

int apply_respond_many(ds_state *st, const bool *first, const dossier_disposition *dispositions, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		count_response(st, first[i], dispositions[i]);
	st->events++;
	return 0;
}

/* ---- paths ------------------------------------------------------------- */

/* FNV-1a over the id, folded to one byte: 256 fan-out directories, so no
 * directory grows past a few hundred entries at 100,000 comments. */
static unsigned fanout(const char *id)
{
	uint32_t h = 2166136261u;

	for (; *id; id++) {
		h ^= (unsigned char)*id;
		h *= 16777619u;
	}
	return (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xff;
}

unsigned record_fanout(const char *id)
{
	return fanout(id);
}

char *comment_path(const char *id)
{
	return util_sprintf("comments/%02x/%s.json", fanout(id), id);
}

char *response_path(const char *id)
{
	return util_sprintf("responses/%02x/%s.json", fanout(id), id);
}

char *revision_path(unsigned n)
{
	return util_sprintf("revisions/v%u.xml", n);
}

char *revision_meta_path(unsigned n)
{
	return util_sprintf("revisions/v%u.json", n);
}

char *revision_index_path(unsigned n)
{
	return util_sprintf("revisions/v%u.eids", n);
}

char *revision_model_path(unsigned n)
{
	return util_sprintf("models/v%u.model", n);
}

/* ---- records -------------------------------------------------------------- */

int record_check_field(const char *field, const char *value, dossier_error *err)
{
	char what[64];

	if (!value)
		return 0;
	snprintf(what, sizeof(what), "field '%s'", field);
	return dossier_text_check_error(value, strlen(value), NULL, what, field, err);
}

int record_check_source(const char *field, const char *path, dossier_error *err)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	int rc;

	base = base ? base + 1 : path;
	if (!base || (rc = dossier_text_check_error(base, strlen(base), NULL, _("the file's name"), field, err)) == 0)
		return 0;
	dossier_error_set_hint(err, "the dossier keeps the file's name in its records: rename the file");
	return rc;
}

int record_meta_dump(char **out, const char *title, const char *workflow_id, const char *created,
	dossier_error *err)
{
	json_t *root = json_object();
	jrec r = { "dossier", NULL, 0, "" };

	jput(&r, root, "format", json_integer(DOSSIER_FORMAT));
	jput_str(&r, root, "title", title, false);
	jput_str(&r, root, "workflow", workflow_id, false);
	jput_str(&r, root, "created", created, false);
	return jdump(out, root, &r, err);
}


char *record_meta_title(const char *json, size_t len)
{
	json_t *root = json_loadb(json, len, 0, NULL);
	const char *title = root ? get_str(root, "title") : NULL;
	char *copy = title ? util_strdup(title) : NULL;

	json_decref(root);
	return copy;
}

static int dup_member(char **out, json_t *obj, const char *key)
{
	const char *s = get_str(obj, key);

	*out = s ? util_strdup(s) : NULL;
	return s && !*out ? -1 : 0;
}

int record_revision_parse(record_revision *out, const char *json, size_t len, record_syntax *why)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	int bad = 0;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(root)) {
		if (why) {
			snprintf(why->text, sizeof(why->text), "%s", root ? "" : jerr.text);
			why->line = root ? 0 : jerr.line;
			why->column = root ? 0 : jerr.column;
		}
		json_decref(root);
		return DOSSIER_EINVALID;
	}
	bad |= dup_member(&out->revision, root, "revision");
	bad |= dup_member(&out->by, root, "by");
	bad |= dup_member(&out->time, root, "time");
	bad |= dup_member(&out->stage, root, "stage");
	bad |= dup_member(&out->source, root, "source");
	bad |= dup_member(&out->message, root, "message");
	json_decref(root);
	if (bad) {
		record_revision_clear(out);
		return DOSSIER_ENOMEM;
	}
	return 0;
}

void record_revision_clear(record_revision *r)
{
	if (!r)
		return;
	free(r->revision);
	free(r->by);
	free(r->time);
	free(r->stage);
	free(r->source);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

int record_revision_dump(char **out, const char *rev, const char *by, const char *time, const char *stage,
	const char *source, const char *message, dossier_error *err)
{
	json_t *root = json_object();
	const char *base = source ? strrchr(source, '/') : NULL;
	jrec r = { "revision", NULL, 0, "" };

	jput(&r, root, "format", json_integer(DOSSIER_FORMAT));
	jput_str(&r, root, "revision", rev, false);
	jput_str(&r, root, "by", by, false);
	jput_str(&r, root, "time", time, false);
	jput_str(&r, root, "stage", stage, false);
	jput_str(&r, root, "source", base ? base + 1 : source, true);
	jput_str(&r, root, "message", message, true);
	return jdump(out, root, &r, err);
}

static void comment_members(jrec *r, json_t *root, const dossier_comment_record *c, const dossier_calendar *cal)
{
	jput(r, root, "format", json_integer(DOSSIER_FORMAT));
	jput_str(r, root, "id", c->id, false);
	jput_str(r, root, "author", c->author, true);
	jput_str(r, root, "author_name", c->author_name, false);
	jput_str(r, root, "on", c->on, false);
	jput_str(r, root, "citation", c->citation, true);
	jput_str(r, root, "revision", c->revision, false);
	jput_str(r, root, "stage", c->stage, false);
	jput_time(r, root, "time", c->time, cal);
	jput_str(r, root, "text", c->text, false);
	jput_str(r, root, "proposal", c->proposal, true);
}

int comment_dump(char **out, const dossier_comment_record *c, const dossier_calendar *cal, dossier_error *err)
{
	json_t *root;
	jrec r = { "comment", NULL, 0, "" };
	int rc = record_dump_comment(out, c, NULL, cal);

	/* the same bytes without jansson's tree (record_dump.c), else jansson's, and its message */
	if (rc != 0)
		return rc > 0 ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory writing the comment record");
	root = json_object();

	if (!c->author)
		jfail(&r, "author", DOSSIER_EINVALID, "has no value");
	comment_members(&r, root, c, cal);
	return jdump(out, root, &r, err);
}

int comment_dump_external(char **out, const dossier_comment_record *c, const ds_external *ext,
	const dossier_calendar *cal, dossier_error *err)
{
	json_t *root, *x;
	jrec r = { "comment", NULL, 0, "" };
	int rc = record_dump_comment(out, c, ext, cal);

	if (rc != 0)
		return rc > 0 ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory writing the comment record");
	root = json_object();
	x = json_object();

	comment_members(&r, root, c, cal);
	jput(&r, root, "author", json_null());
	jput_str(&r, x, "name", ext->name, true);
	jput_str(&r, x, "email", ext->email, true);
	jput_str(&r, x, "organisation", ext->organisation, true);
	jput(&r, root, "external", x);
	return jdump(out, root, &r, err);
}

static char *dup_field(json_t *o, const char *key)
{
	return util_strdup(get_str(o, key));
}

/* What the writer requires (comment_json), so that a record that reads is
 * one the engine could have written; rc is the parse's so far. */
static int comment_required(dossier_comment_record *c, int rc, dossier_error *err)
{
	static const char *const required[] = { "id", "author", "author_name", "on", "revision", "stage",
		"text" };
	const char *const got[] = { c->id, c->author, c->author_name, c->on, c->revision, c->stage, c->text };
	size_t k;

	for (k = 0; k < 7 && rc == 0; k++)
		if (!got[k])
			rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid comment record: no '%s' "
				"('id', 'author', 'author_name', 'on', 'revision', 'stage' and 'text' are required)",
				required[k]);
	if (rc < 0)
		comment_record_clear(c);
	return rc;
}

int comment_parse(dossier_comment_record *c, const char *json, size_t len, const dossier_calendar *cal,
	dossier_error *err)
{
	/* The members read, in the order of the required ones below. */
	static const char *const keys[] = { "id", "author", "author_name", "on", "revision", "stage", "text",
		"citation", "proposal", "time", "external" };
	char *v[11];
	int kind[11];
	json_error_t jerr;
	json_t *root;
	int rc;

	memset(c, 0, sizeof(*c));
	/* A member's record as the engine writes it, read without jansson's
	 * tree; anything else (the public's, or one it is unsure of) by jansson. */
	if ((rc = record_scan_flat(v, kind, keys, 11, json, len)) < 0)
		return dossier_error_set(err, rc, "out of memory");
	if (rc == 1) {
		c->id = v[0];
		c->author = v[1];
		/* As below: the public's comment stands for its author by its id. */
		/* "external" is only looked at (an object marks the public's
		 * comment); a string there is read and not kept. */
		free(v[10]);
		if (kind[1] == RECORD_SCAN_NULL && kind[10] == RECORD_SCAN_OBJECT && c->id &&
		    !(c->author = util_strdup(c->id))) {
			comment_record_clear(c);
			free(v[9]);
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		}
		c->author_name = v[2];
		c->on = v[3];
		c->revision = v[4];
		c->stage = v[5];
		c->text = v[6];
		c->citation = v[7];
		c->proposal = v[8];
		rc = v[9] ? dossier_time_parse(&c->time, cal, v[9], err) :
			dossier_error_set(err, DOSSIER_EINVALID, "'%s' is missing or not a time", "time");
		free(v[9]);
		return comment_required(c, rc, err);
	}
	root = json_loadb(json, len, 0, &jerr);
	if (!root)
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid comment record: %s (line %d, column %d)",
			jerr.text, jerr.line, jerr.column);
	c->id = dup_field(root, "id");
	c->author = dup_field(root, "author");
	/* An imported comment from the public has no participant: its own id
	 * stands for its author (docs/import.md). */
	if (!c->author && json_is_null(json_object_get(root, "author")) &&
	    json_is_object(json_object_get(root, "external")))
		c->author = dup_field(root, "id");
	c->author_name = dup_field(root, "author_name");
	c->on = dup_field(root, "on");
	c->citation = dup_field(root, "citation");
	c->revision = dup_field(root, "revision");
	c->stage = dup_field(root, "stage");
	c->text = dup_field(root, "text");
	c->proposal = dup_field(root, "proposal");
	rc = json_is_object(root) ? get_time(&c->time, root, "time", cal, err) :
		dossier_error_set(err, DOSSIER_EINVALID, "invalid comment record: not a JSON object");
	json_decref(root);
	return comment_required(c, rc, err);
}

int response_dump(char **out, const char *comment_id, dossier_disposition disp, const char *reason,
	const char *adopted, const char *taken_otherwise, const char *by, dossier_time time, const char *stage,
	unsigned revision, const dossier_calendar *cal, dossier_error *err)
{
	json_t *root = json_object();
	jrec r = { "response", NULL, 0, "" };

	jput(&r, root, "format", json_integer(DOSSIER_FORMAT));
	jput_str(&r, root, "comment", comment_id, false);
	jput_str(&r, root, "disposition", dossier_disposition_name(disp), false);
	jput_str(&r, root, "reason", reason, true);
	jput_str(&r, root, "adopted", adopted, true);
	if (taken_otherwise)
		jput_str(&r, root, "taken_otherwise", taken_otherwise, false);
	jput_str(&r, root, "by", by, false);
	jput_time(&r, root, "time", time, cal);
	jput_str(&r, root, "stage", stage, false);
	jput(&r, root, "revision", json_integer(revision));
	return jdump(out, root, &r, err);
}

/* A response record as the engine writes it, read without jansson's tree
 * (record_scan.c): 1 read into r (the checks of response_parse made), 0
 * not one for the quick reader (ask jansson), or an error. */
static int response_scan(dossier_comment_record *r, const dossier_comment_record *c, const char *json,
	size_t len, const dossier_calendar *cal, dossier_error *err)
{
	static const char *const keys[] = { "disposition", "reason", "adopted", "taken_otherwise", "by", "time",
		"comment" };
	char *v[7];
	int kind[7], rc;

	if ((rc = record_scan_flat(v, kind, keys, 7, json, len)) != 1)
		return rc < 0 ? dossier_error_set(err, rc, "out of memory") : 0;
	r->disposition = comment_disposition_parse(v[0]);
	r->reason = v[1];
	r->adopted = v[2];
	r->taken_otherwise = v[3];
	r->responder = v[4];
	rc = v[5] ? dossier_time_parse(&r->response_time, cal, v[5], err) :
		dossier_error_set(err, DOSSIER_EINVALID, "'%s' is missing or not a time", "time");
	if (rc == 0 && r->disposition == DOSSIER_DISPOSITION_NONE)
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: unknown disposition");
	else if (rc == 0 && !r->responder)
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: 'by' is required");
	else if (rc == 0 && c->id && v[6] && strcmp(v[6], c->id))
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: it answers '%s', not '%s'",
			v[6], c->id);
	free(v[0]);
	free(v[5]);
	free(v[6]);
	return rc < 0 ? rc : 1;
}

int response_parse(dossier_comment_record *c, const char *json, size_t len, const dossier_calendar *cal,
	dossier_error *err)
{
	json_error_t jerr;
	json_t *root;
	dossier_comment_record r;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = response_scan(&r, c, json, len, cal, err)) == 1)
		goto take;
	if (rc < 0) {
		comment_record_clear(&r);
		return rc;
	}
	if (!(root = json_loadb(json, len, 0, &jerr)))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: %s (line %d, column %d)",
			jerr.text, jerr.line, jerr.column);
	r.disposition = comment_disposition_parse(get_str(root, "disposition"));
	r.reason = dup_field(root, "reason");
	r.adopted = dup_field(root, "adopted");
	r.taken_otherwise = dup_field(root, "taken_otherwise");
	r.responder = dup_field(root, "by");
	rc = get_time(&r.response_time, root, "time", cal, err);
	if (rc == 0 && !json_is_object(root))
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: not a JSON object");
	else if (rc == 0 && r.disposition == DOSSIER_DISPOSITION_NONE)
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: unknown disposition");
	else if (rc == 0 && !r.responder)
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: 'by' is required");
	else if (rc == 0 && c->id && get_str(root, "comment") && strcmp(get_str(root, "comment"), c->id))
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid response record: it answers '%s', not '%s'",
			get_str(root, "comment"), c->id);
	json_decref(root);
	if (rc < 0) {
		comment_record_clear(&r);
		return rc;
	}
take:
	/* Only a whole response replaces what c held. */
	free(c->reason);
	free(c->adopted);
	free(c->taken_otherwise);
	free(c->responder);
	c->disposition = r.disposition;
	c->reason = r.reason;
	c->adopted = r.adopted;
	c->taken_otherwise = r.taken_otherwise;
	c->responder = r.responder;
	c->response_time = r.response_time;
	return 0;
}

/* ---- trailers ---------------------------------------------------------- */

void ds_trailers_clear(ds_trailers *t)
{
	if (!t)
		return;
	free(t->event);
	free(t->actor);
	free(t->stage);
	free(t->time);
	free(t->id);
	free(t->revision);
	free(t->target);
	memset(t, 0, sizeof(*t));
}

static const struct {
	const char *key;
	size_t offset;
} trailer_keys[] = {
	{ "Dossier-Event", offsetof(ds_trailers, event) },
	{ "Dossier-Actor", offsetof(ds_trailers, actor) },
	{ "Dossier-Stage", offsetof(ds_trailers, stage) },
	{ "Dossier-Time", offsetof(ds_trailers, time) },
	{ "Dossier-Id", offsetof(ds_trailers, id) },
	{ "Dossier-Revision", offsetof(ds_trailers, revision) },
	{ "Dossier-Target", offsetof(ds_trailers, target) },
};

#define NTRAILERS (sizeof(trailer_keys) / sizeof(*trailer_keys))

int ds_trailers_parse(ds_trailers *t, const char *message)
{
	const char *line = message;

	memset(t, 0, sizeof(*t));
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line), k;

		for (k = 0; k < NTRAILERS; k++) {
			size_t kl = strlen(trailer_keys[k].key);

			if (len > kl + 1 && !strncmp(line, trailer_keys[k].key, kl) && line[kl] == ':') {
				const char *v = line + kl + 1;
				char **slot = (char **)((char *)t + trailer_keys[k].offset);

				while (*v == ' ')
					v++;
				free(*slot);
				*slot = util_strndup(v, len - (size_t)(v - line));
			}
		}
		line = end ? end + 1 : NULL;
	}
	return t->event ? 0 : DOSSIER_ENOTFOUND;
}

char *ds_message(const char *subject, const char *body, const ds_trailers *t)
{
	dstr s = DSTR_INIT;
	size_t k;

	dstr_adds(&s, subject);
	dstr_adds(&s, "\n\n");
	if (body && *body) {
		dstr_adds(&s, body);
		if (body[strlen(body) - 1] != '\n')
			dstr_addc(&s, '\n');
		dstr_addc(&s, '\n');
	}
	for (k = 0; k < NTRAILERS; k++) {
		const char *v = *(char *const *)((const char *)t + trailer_keys[k].offset);

		if (v)
			dstr_addf(&s, "%s: %s\n", trailer_keys[k].key, v);
	}
	return dstr_detach(&s);
}
