/*
 * hook.c: the server's side of a shared dossier: git's pre-receive check
 * (`dossier hook pre-receive`, docs/sync.md). git runs it in the server's
 * repository before it accepts a push, with the pushed objects in a
 * quarantine and one "OLD NEW REF" line per updated reference; a non-zero
 * exit refuses the whole push and what the hook prints reaches the pusher
 * as "remote: ..." lines.
 *
 * The rules: the dossier's main is never deleted nor rewritten (each push
 * must descend from what the server holds); every new commit is replayed
 * as `verify` does, and checked against the server's clock, the authority:
 * a comment received after its stage's deadline is refused whatever time
 * it claims, and no event may claim a time after its arrival (nor, as
 * verify checks, one before the event it follows). Revision
 * tags are created once, on the commit that made the revision, and never
 * moved or deleted. Other references are refused. When the server
 * authenticated the pusher, every new commit must be theirs.
 */
#include "dossier/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facade/facade_int.h"
#include "base/util.h"

/* How far ahead of the server's clock an event's time may be. */
#define CLOCK_SKEW FACADE_CLOCK_SKEW

#define ZERO_ID "0000000000000000000000000000000000000000"

typedef struct hook_ctx {
	dossier *d;
	dossier_time now;
	const dossier_participant *pusher;
	const char *pusher_source;
} hook_ctx;

static void refuse(dossier_diags *diags, const char *place, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(4, 5);

static void refuse(dossier_diags *diags, const char *place, const char *code, const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	dossier_diags_add(diags, DOSSIER_SEVERITY_ERROR, code, place, 0, 0, "%s", s.ptr ? s.ptr : "?");
	dstr_free(&s);
}

/* The server's own checks of one new commit, after the replay. */
static void server_checks(const dossier_snap *snap, const ds_trailers *tr, dossier_time when,
	const ds_state *parent, dossier_diags *diags, void *payload)
{
	hook_ctx *h = payload;
	const dossier_calendar *cal = &h->d->wf->calendar;
	char place[32], at[40], t[40];

	snprintf(place, sizeof(place), "commit %.12s", snap_id(snap));
	dossier_time_format(at, sizeof(at), cal, h->now);
	dossier_time_format(t, sizeof(t), cal, when);
	if (when > h->now + CLOCK_SKEW)
		refuse(diags, place, "from-the-future", "the %s event claims the time %s, after it was received at %s",
			tr->event, t, at);
	/* a comment is on time by when it arrives (an import carries its records' own times) */
	if (ds_event_of(tr->event) == DS_EVENT_COMMENT && parent) {
		const dossier_stage *stage = dossier_workflow_stage(h->d->wf, parent->stage);
		dossier_time deadline;

		if (stage && dossier_machine_deadline(&deadline, h->d->wf, stage, parent->entered) &&
		    h->now > deadline) {
			char dl[40];

			dossier_time_format(dl, sizeof(dl), cal, deadline);
			refuse(diags, place, "late-comment",
				"comment '%s' by %s (dated %s) was received at %s, after the deadline %s of stage '%s'",
				tr->id ? tr->id : "?", tr->actor ? tr->actor : "?", t, at, dl, parent->stage);
		}
	}
	if (h->pusher && (!tr->actor || strcmp(tr->actor, h->pusher->id)))
		refuse(diags, place, "not-the-pusher",
			"the %s event is by '%s', but the push was authenticated as '%s' (%s); each participant pushes their own events",
			tr->event, tr->actor ? tr->actor : "?", h->pusher->id, h->pusher_source);
}

/* The authenticated pusher: every account the server gave must name the
 * same participant. */
static int find_pusher(hook_ctx *h, const dossier_hook_options *o, dossier_diags *diags)
{
	size_t i;

	for (i = 0; i < o->naccounts; i++) {
		const dossier_hook_account *a = &o->accounts[i];
		const dossier_participant *p;

		if (!a->value || !*a->value)
			continue;
		p = dossier_workflow_participant(h->d->wf, a->value);
		if (!p)
			p = dossier_workflow_participant_by_email(h->d->wf, a->value);
		if (!p) {
			refuse(diags, a->source, "unknown-pusher",
				"the pushing account '%s' is not a participant (an id or e-mail) of workflow '%s'",
				a->value, h->d->wf->id);
			return DOSSIER_EREFUSED;
		}
		if (h->pusher && h->pusher != p) {
			refuse(diags, a->source, "pusher-mismatch", "the push is authenticated as '%s' (%s) and as '%s' (%s)",
				h->pusher->id, h->pusher_source, p->id, a->source);
			return DOSSIER_EREFUSED;
		}
		h->pusher = p;
		h->pusher_source = a->source;
	}
	return 0;
}

typedef struct update {
	char old[41], new_[41];
	char *ref;
} update;

static int parse_updates(update **out, size_t *n, const char *input)
{
	const char *line = input;

	*out = NULL;
	*n = 0;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (len > 83 && line[40] == ' ' && line[81] == ' ') {
			update *p = realloc(*out, (*n + 1) * sizeof(*p));

			if (!p)
				return DOSSIER_ENOMEM;
			*out = p;
			p = &p[(*n)++];
			memcpy(p->old, line, 40);
			p->old[40] = '\0';
			memcpy(p->new_, line + 41, 40);
			p->new_[40] = '\0';
			p->ref = util_strndup(line + 82, len - 82);
			while (p->ref && *p->ref && p->ref[strlen(p->ref) - 1] == '\r')
				p->ref[strlen(p->ref) - 1] = '\0';
			if (!p->ref)
				return DOSSIER_ENOMEM;
		}
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

static void check_tag(hook_ctx *h, const update *u, const char *main_after, dossier_diags *diags)
{
	const char *tag = u->ref + strlen("refs/tags/");
	dossier_snap *snap = NULL;
	ds_trailers tr;
	bool in = false;

	memset(&tr, 0, sizeof(tr));
	if (!strcmp(u->new_, ZERO_ID)) {
		refuse(diags, u->ref, "deleted-tag", "revision tags are never deleted");
		return;
	}
	if (strcmp(u->old, ZERO_ID)) {
		refuse(diags, u->ref, "moved-tag", "revision tags are never moved (it points at %.12s)", u->old);
		return;
	}
	if (store_lookup(&snap, h->d->store, u->new_, NULL) < 0) {
		refuse(diags, u->ref, "bad-tag", "'%s' does not point at a commit", tag);
		return;
	}
	if (ds_trailers_parse(&tr, snap_message(snap)) < 0 ||
	    !(ds_event_kind_of(ds_event_of(tr.event))->flags & DS_EV_TAGS) || !tr.revision ||
	    strcmp(tr.revision, tag))
		refuse(diags, u->ref, "bad-tag", "'%s' must point at the commit that made revision %s, not at %.12s",
			tag, tag, u->new_);
	else if (!main_after || store_descends(&in, h->d->store, main_after, u->new_, NULL) < 0 || !in)
		refuse(diags, u->ref, "bad-tag", "'%s' points at %.12s, which is not in the dossier's history",
			tag, u->new_);
	ds_trailers_clear(&tr);
	snap_free(snap);
}

static int check_main(hook_ctx *h, const update *u, dossier_diags *diags, dossier_error *err)
{
	bool ff = false;
	int rc;

	if (!strcmp(u->new_, ZERO_ID)) {
		refuse(diags, u->ref, "deleted-branch", "the dossier's main is never deleted");
		return 0;
	}
	if (strcmp(u->old, ZERO_ID)) {
		if ((rc = store_descends(&ff, h->d->store, u->new_, u->old, err)) < 0)
			return rc;
		if (!ff) {
			refuse(diags, u->ref, "rewritten-history",
				"%.12s does not descend from %.12s: the history of a dossier is never rewritten (no force-push)",
				u->new_, u->old);
			dossier_diags_hint(diags, "'dossier sync' integrates your events on top of the server's");
			return 0;
		}
	}
	rc = facade_verify_range(NULL, h->d, u->new_, strcmp(u->old, ZERO_ID) ? u->old : NULL, false,
		server_checks, h, diags, err);
	if (rc == DOSSIER_EINVALID) {
		dossier_error_clear(err);
		rc = 0;
	}
	return rc;
}

int dossier_hook_pre_receive(const char *dir, const char *input, const dossier_hook_options *opts,
	dossier_diags *diags, dossier_error *err)
{
	dossier_hook_options defaults = DOSSIER_HOOK_OPTIONS_INIT;
	hook_ctx h;
	update *ups = NULL;
	size_t n = 0, i;
	const update *main_up = NULL;
	char current[41];
	const char *main_after = NULL;
	dossier_snap *wf_snap = NULL;
	int rc;

	memset(&h, 0, sizeof(h));
	if (!opts)
		opts = &defaults;
	if ((rc = parse_updates(&ups, &n, input ? input : "")) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = dossier_open(&h.d, dir ? dir : ".", NULL, err)) < 0)
		goto done;
	if ((rc = store_add_object_dirs(h.d->store, opts->object_dir, opts->alternates, err)) < 0)
		goto done;
	for (i = 0; i < n; i++)
		if (!strcmp(ups[i].ref, DOSSIER_BRANCH))
			main_up = &ups[i];
	if (store_ref_read(current, h.d->store, DOSSIER_BRANCH, NULL) < 0)
		current[0] = '\0';
	main_after = main_up ? (strcmp(main_up->new_, ZERO_ID) ? main_up->new_ : NULL) :
		(current[0] ? current : NULL);
	/* the pinned workflow: the server's, or the pushed one for a new dossier */
	if (current[0] || main_after) {
		if ((rc = store_lookup(&wf_snap, h.d->store, current[0] ? current : main_after, err)) < 0 ||
		    (rc = facade_workflow(h.d, wf_snap, err)) < 0)
			goto done;
	} else {
		for (i = 0; i < n; i++)
			refuse(diags, ups[i].ref, "no-dossier", "the server holds no dossier yet: push its main first");
		goto verdict;
	}
	if (opts->now) {
		dossier_error e = DOSSIER_ERROR_INIT;

		if ((rc = dossier_time_parse_in_range(&h.now, &h.d->wf->calendar, opts->now, &e)) < 0) {
			const char *why = e.message ? e.message : "?";

			if (!strncmp(why, "invalid time '", 14) && strstr(why, "': "))
				why = strstr(why, "': ") + 3;
			rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid server time '%s' in --now/DOSSIER_NOW: %s",
				opts->now, why);
			dossier_error_clear(&e);
			goto done;
		}
	} else {
		h.now = (dossier_time)time(NULL);
		if (!dossier_time_in_range(&h.d->wf->calendar, h.now)) {
			rc = dossier_error_set(err, DOSSIER_EFAIL,
				"the server's clock is outside the supported range %s to %s",
				DOSSIER_TIME_FIRST_DAY, DOSSIER_TIME_LAST_DAY);
			goto done;
		}
	}
	if (find_pusher(&h, opts, diags) < 0)
		goto verdict;
	for (i = 0; i < n; i++) {
		const update *u = &ups[i];

		if (!strcmp(u->ref, DOSSIER_BRANCH)) {
			if ((rc = check_main(&h, u, diags, err)) < 0)
				goto done;
		} else if (!strncmp(u->ref, "refs/tags/", 10)) {
			check_tag(&h, u, main_after, diags);
		} else {
			refuse(diags, u->ref, "foreign-ref",
				"a dossier server holds only 'main' and the revision tags v1, v2, ...");
		}
	}
verdict:
	rc = 0;
	if (dossier_diags_errors(diags))
		rc = dossier_error_set(err, DOSSIER_EREFUSED, "push refused by the dossier's workflow: %zu problem%s",
			dossier_diags_errors(diags), dossier_diags_errors(diags) == 1 ? "" : "s");
done:
	snap_free(wf_snap);
	for (i = 0; i < n; i++)
		free(ups[i].ref);
	free(ups);
	dossier_free(h.d);
	return rc;
}
