/*
 * frontend.c: the calls of dossier/frontend.h: a handle re-used for
 * another actor and time, the list of revisions from their records, and a
 * revision's stored Akoma Ntoso. The web server (web/) is their first user;
 * they read the tip like every query and keep no lock.
 */
#include "facade/facade_int.h"
#include "dossier/frontend.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

int dossier_set_identity(dossier *d, const dossier_identity *who, dossier_error *err)
{
	char *as = NULL, *now = NULL, *key = NULL;

	if (who && who->signing_key && !(key = util_strdup(who->signing_key)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (who && who->signing_key) {
		facade_keys_free(d);
		d->signing_key = key;
	}
	if (who && who->as && !(as = util_strdup(who->as)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (who && who->now && !(now = util_strdup(who->now))) {
		free(as);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	free(d->as);
	free(d->now_arg);
	d->as = as;
	d->now_arg = now;
	d->actor = NULL;
	d->now_set = false;
	d->now = 0;
	return 0;
}

const char *dossier_git_dir(const dossier *d)
{
	return store_git_dir(d->store);
}

const char *dossier_path(const dossier *d)
{
	return store_path(d->store);
}

/* The tip, its workflow and its cached state. */
static int read_tip(dossier_snap **tip, ds_state *s, dossier *d, dossier_error *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = store_tip(tip, d->store, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: '%s' has no history",
				store_path(d->store));
		return rc;
	}
	if ((rc = facade_workflow(d, *tip, err)) < 0 || (rc = facade_state(s, d, *tip, err)) < 0) {
		ds_state_clear(s);
		snap_free(*tip);
		*tip = NULL;
	}
	return rc;
}

/* "vN" (NULL: the latest) to N, checked against the latest. */
static int revision_number(unsigned *out, const char *revision, unsigned latest, dossier_error *err)
{
	unsigned v;

	if (!revision) {
		*out = latest;
	} else {
		if (!(v = dossier_revision_number(revision))) {
			dossier_error_set(err, DOSSIER_EINVALID, "invalid revision '%s' (expected vN)", revision);
			dossier_error_set_tag(err, "invalid-revision");
			return DOSSIER_EINVALID;
		}
		*out = v;
	}
	if (*out == 0 || *out > latest) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision '%s'", revision ? revision : "(none yet)");
		dossier_error_set_tag(err, "unknown-revision");
		if (latest)
			dossier_error_set_hint(err, "the latest revision is v%u", latest);
		return DOSSIER_ENOTFOUND;
	}
	return 0;
}

int dossier_get_revision_akn(char **out, size_t *len, dossier *d, const char *revision,
	dossier_error *err)
{
	dossier_snap *tip = NULL;
	char *path = NULL;
	size_t n = 0;
	unsigned num;
	ds_state s;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	if ((rc = read_tip(&tip, &s, d, err)) < 0)
		return rc;
	if ((rc = revision_number(&num, revision, s.revision, err)) < 0)
		goto done;
	if (!(path = revision_path(num))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	rc = snap_read(out, &n, tip, path, err);
	if (rc == DOSSIER_ENOTFOUND) {
		dossier_error_set(err, DOSSIER_EFAIL, "revision 'v%u' has no record '%s' at %.12s", num, path,
			snap_id(tip));
		rc = DOSSIER_EFAIL;
	}
	if (rc == 0 && len)
		*len = n;
done:
	free(path);
	ds_state_clear(&s);
	snap_free(tip);
	return rc;
}

void dossier_revision_list_free(dossier_revision_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].by);
		free(l->items[i].by_name);
		free(l->items[i].stage);
		free(l->items[i].message);
		free(l->items[i].source);
	}
	free(l->items);
	free(l);
}

/* One revision's record into *info. */
static int read_revision(dossier_revision_info *info, dossier *d, const dossier_snap *tip, unsigned n,
	dossier_error *err)
{
	char *path = revision_meta_path(n), *data = NULL;
	const dossier_participant *p;
	record_revision rec;
	record_syntax why;
	size_t len = 0;
	int rc;

	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = snap_read(&data, &len, tip, path, err);
	if (rc < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EFAIL, "revision 'v%u' has no record '%s'", n, path);
		free(path);
		return rc;
	}
	rc = record_revision_parse(&rec, data, len, &why);
	free(data);
	if (rc < 0) {
		if (rc == DOSSIER_ENOMEM)
			rc = dossier_error_set(err, rc, "out of memory");
		else
			rc = dossier_error_set_at(err, DOSSIER_EFAIL, path, (unsigned)why.line,
				(unsigned)why.column, "unreadable revision record: %s", why.text);
		free(path);
		return rc;
	}
	info->number = n;
	info->name = util_sprintf("v%u", n);
	info->by = rec.by;
	info->stage = rec.stage;
	info->message = rec.message;
	info->source = rec.source;
	p = info->by ? dossier_workflow_participant(d->wf, info->by) : NULL;
	info->by_name = p && p->name ? util_strdup(p->name) : NULL;
	if (rec.time && dossier_time_parse(&info->time, &d->wf->calendar, rec.time, NULL) < 0)
		info->time = 0;
	free(rec.time);
	free(rec.revision);
	free(path);
	if (!info->name)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

int dossier_get_revisions(dossier_revision_list **out, dossier *d, dossier_error *err)
{
	dossier_revision_list *l;
	dossier_snap *tip = NULL;
	ds_state s;
	unsigned i;
	int rc;

	*out = NULL;
	if ((rc = read_tip(&tip, &s, d, err)) < 0)
		return rc;
	l = calloc(1, sizeof(*l));
	if (!l || (s.revision && !(l->items = calloc(s.revision, sizeof(*l->items))))) {
		free(l);
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 1; i <= s.revision; i++) {
		if ((rc = read_revision(&l->items[l->n], d, tip, i, err)) < 0) {
			l->n++;
			dossier_revision_list_free(l);
			goto done;
		}
		l->n++;
	}
	*out = l;
done:
	ds_state_clear(&s);
	snap_free(tip);
	return rc;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *dossier_revisions_json(const dossier_revision_list *l, const dossier *cd)
{
	dossier *d = (dossier *)cd;
	json_t *root = json_array(), *o;
	char *s, *out;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		const dossier_revision_info *r = &l->items[i];
		char when[40];

		o = json_object();
		dossier_format_time(when, sizeof(when), d, r->time);
		json_object_set_new(o, "revision", jstr(r->name));
		json_object_set_new(o, "by", jstr(r->by));
		json_object_set_new(o, "by_name", jstr(r->by_name));
		json_object_set_new(o, "stage", jstr(r->stage));
		json_object_set_new(o, "time", json_string(when));
		json_object_set_new(o, "message", jstr(r->message));
		json_object_set_new(o, "source", jstr(r->source));
		json_array_append_new(root, o);
	}
	o = json_object();
	json_object_set_new(o, "format", json_string(DOSSIER_JSON_FORMAT));
	json_object_set_new(o, "revisions", root);
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	out = s ? util_sprintf("%s\n", s) : NULL;
	free(s);
	return out;
}

int dossier_get_comment(dossier_comment_list **out, dossier *d, const char *id, dossier_error *err)
{
	dossier_comment_list *l = NULL;
	dossier_snap *tip = NULL;
	char *cpath = NULL, *rpath = NULL, *data = NULL;
	size_t len = 0;
	const char *p;
	ds_state s;
	int rc;

	*out = NULL;
	/* An id is what comment ids are made of: never a path. */
	for (p = id; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.') || (p == id && *p == '.'))
			break;
	if (!id || !*id || *p) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no comment '%s'", id ? id : "");
		dossier_error_set_tag(err, "unknown-comment");
		return DOSSIER_ENOTFOUND;
	}
	if ((rc = read_tip(&tip, &s, d, err)) < 0)
		return rc;
	cpath = comment_path(id);
	rpath = response_path(id);
	l = calloc(1, sizeof(*l));
	if (!cpath || !rpath || !l || !(l->items = calloc(1, sizeof(*l->items)))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	rc = snap_read(&data, &len, tip, cpath, err);
	if (rc == DOSSIER_ENOTFOUND) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no comment '%s'", id);
		dossier_error_set_tag(err, "unknown-comment");
	}
	if (rc < 0)
		goto done;
	if ((rc = comment_parse(&l->items[0], data, len, &d->wf->calendar, err)) < 0)
		goto done;
	l->n = 1;
	free(data);
	data = NULL;
	rc = snap_read(&data, &len, tip, rpath, NULL);
	if (rc == 0)
		rc = response_parse(&l->items[0], data, len, &d->wf->calendar, err);
	else if (rc == DOSSIER_ENOTFOUND)
		rc = 0;
	else
		rc = dossier_error_set(err, rc, "cannot read the response to '%s'", id);
	if (rc == 0) {
		*out = l;
		l = NULL;
	}
done:
	dossier_comment_list_free(l);
	free(data);
	free(cpath);
	free(rpath);
	ds_state_clear(&s);
	snap_free(tip);
	return rc;
}

int dossier_last_comment(dossier_comment_list **out, dossier *d, dossier_error *err)
{
	dossier_comment_list *l;
	int rc;

	*out = NULL;
	if (!d->last_comment || !d->wf)
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "this handle has recorded no comment");
	l = calloc(1, sizeof(*l));
	if (!l || !(l->items = calloc(1, sizeof(*l->items)))) {
		free(l);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if ((rc = comment_parse(&l->items[0], d->last_comment, strlen(d->last_comment), &d->wf->calendar,
		err)) < 0) {
		dossier_comment_list_free(l);
		return rc;
	}
	l->n = 1;
	*out = l;
	return 0;
}

char *dossier_comment_json(const dossier_comment_record *c, const dossier *d)
{
	dossier_comment_list one;
	char *s, *out = NULL;
	json_t *arr;

	one.items = (dossier_comment_record *)c;
	one.n = 1;
	/* The same object as in the list, by construction. */
	s = dossier_comments_json(&one, d);
	arr = s ? json_loads(s, 0, NULL) : NULL;
	free(s);
	if (json_is_array(json_object_get(arr, "comments")) && json_array_size(json_object_get(arr, "comments")) == 1) {
		/* the object alone carries the format, first */
		json_t *o = json_object(), *c = json_array_get(json_object_get(arr, "comments"), 0);
		const char *k;
		json_t *v;
		char *t;

		json_object_set_new(o, "format", json_string(DOSSIER_JSON_FORMAT));
		json_object_foreach(c, k, v)
			json_object_set(o, k, v);
		t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(o);
		out = t ? util_sprintf("%s\n", t) : NULL;
		free(t);
	}
	json_decref(arr);
	return out;
}
