/*
 * actions.c: the actions of the web, each the same façade call as the
 * command's (dossier_comment, dossier_respond, dossier_respond_many,
 * dossier_advance), and so
 * the same commit, with the signed-in account as the actor. The site's
 * writer handle is given the account and the time, and the call runs under
 * the site's write lock: one process commits one action at a time, its
 * threads do not race each other on the branch, and the handle's
 * repository keeps in its cache the trees the last action wrote.
 */
#include "web_int.h"

#include <string.h>

typedef int (*action_fn)(dossier *d, void *payload, dossier_error *err);

static int run(web_req *r, action_fn fn, void *payload, dossier_error *err)
{
	web_site *s = r->site;
	dossier_identity who = { r->account, r->srv->o.now, NULL };
	int rc;

	if (!r->account)
		return dossier_error_set(err, DOSSIER_EREFUSED, "not signed in");
	pthread_mutex_lock(&s->write_lock);
	rc = s->writer ? 0 : dossier_open(&s->writer, s->dir, NULL, err);
	if (rc == 0)
		rc = dossier_set_identity(s->writer, &who, err);
	/* the server's key vouches for the account, naming how it signed in */
	if (rc == 0 && r->srv->o.signing_key)
		rc = dossier_set_voucher(s->writer, r->srv->o.signing_key, r->account,
			r->auth == AUTH_TOKEN ? "api-token" : r->auth == AUTH_HEADER ? "proxy-header" : "password", err);
	if (rc == 0)
		rc = fn(s->writer, payload, err);
	pthread_mutex_unlock(&s->write_lock);
	return rc;
}

typedef struct comment_args {
	char **id;
	char **json;
	dossier_comment_options o;
} comment_args;

static int do_comment(dossier *d, void *payload, dossier_error *err)
{
	comment_args *a = payload;
	dossier_comment_list *l = NULL;
	int rc = dossier_comment(a->id, d, &a->o, err);

	/* The record as committed, for the answer, without reading it back. */
	if (rc == 0 && a->json && dossier_last_comment(&l, d, NULL) == 0) {
		*a->json = dossier_comment_json(&l->items[0], d);
		dossier_comment_list_free(l);
	}
	return rc;
}

int act_comment(char **id, char **json, web_req *r, const char *on, const char *revision,
	const char *text, const char *propose, dossier_error *err)
{
	comment_args a;
	dossier_comment_options init = DOSSIER_COMMENT_OPTIONS_INIT;

	*id = NULL;
	if (json)
		*json = NULL;
	a.id = id;
	a.json = json;
	a.o = init;
	a.o.on = on;
	a.o.revision = revision;
	a.o.text = text;
	a.o.proposal = propose;
	return run(r, do_comment, &a, err);
}

typedef struct respond_args {
	const char *id;
	dossier_disposition disp;
	const char *reason;
	const char *adopted;
} respond_args;

static int do_respond(dossier *d, void *payload, dossier_error *err)
{
	respond_args *a = payload;

	return dossier_respond(d, a->id, a->disp, a->reason, a->adopted, err);
}

int act_respond(web_req *r, const char *id, dossier_disposition disp, const char *reason,
	const char *adopted, dossier_error *err)
{
	respond_args a = { id, disp, reason, adopted };

	return run(r, do_respond, &a, err);
}

typedef struct respond_many_args {
	size_t *done;
	const dossier_answer *answers;
	size_t n;
	bool dry_run;
} respond_many_args;

static int do_respond_many(dossier *d, void *payload, dossier_error *err)
{
	respond_many_args *a = payload;
	dossier_respond_options o = DOSSIER_RESPOND_OPTIONS_INIT;

	o.dry_run = a->dry_run;
	return dossier_respond_many(a->done, d, a->answers, a->n, &o, NULL, err);
}

int act_respond_many(size_t *done, web_req *r, const dossier_answer *answers, size_t n, bool dry_run,
	dossier_error *err)
{
	respond_many_args a = { done, answers, n, dry_run };

	*done = 0;
	return run(r, do_respond_many, &a, err);
}

typedef struct advance_args {
	const char *stage;
	const char *message;
} advance_args;

static int do_advance(dossier *d, void *payload, dossier_error *err)
{
	advance_args *a = payload;

	return dossier_advance(d, a->stage, a->message, err);
}

int act_advance(web_req *r, const char *stage, const char *message, dossier_error *err)
{
	advance_args a = { stage, message };

	return run(r, do_advance, &a, err);
}

dossier_disposition web_disposition(const char *s)
{
	if (!s)
		return DOSSIER_DISPOSITION_NONE;
	if (!strcmp(s, "accept") || !strcmp(s, "accepted"))
		return DOSSIER_DISPOSITION_ACCEPTED;
	if (!strcmp(s, "partial"))
		return DOSSIER_DISPOSITION_PARTIAL;
	if (!strcmp(s, "reject") || !strcmp(s, "rejected"))
		return DOSSIER_DISPOSITION_REJECTED;
	if (!strcmp(s, "note") || !strcmp(s, "noted"))
		return DOSSIER_DISPOSITION_NOTED;
	return DOSSIER_DISPOSITION_NONE;
}
