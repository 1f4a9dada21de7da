/*
 * facade.c: a dossier handle: open, init, and the actions (revise, advance,
 * comment, respond). Each action reads the tip of the branch, asks the
 * machine whether the workflow allows it, writes its records and the new
 * cached state as one commit authored by the acting participant, and moves
 * the branch with a compare-and-swap. When another process moved the
 * branch meanwhile, the action is checked again against the new tip and
 * retried; a refused or failed action writes no ref.
 */
#include "facade/facade_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dossier/akn.h"
#include "dossier/test_seams.h"
#include "dossier/textparse.h"
#include "base/util.h"
#include "text/docbin.h"
#include "workflow/workflow_pinned.h"

#define MAX_ATTEMPTS 200

int dossier_global_init(void)
{
	return store_global_init();
}

void dossier_global_shutdown(void)
{
	store_global_shutdown();
}

/* The actor's id and the time reach every record the handle writes. */
static int copy_identity(dossier *d, const dossier_identity *who, dossier_error *err)
{
	int rc;

	if (!who)
		return 0;
	if ((rc = record_check_field("as", who->as, err)) < 0 || (rc = record_check_field("now", who->now, err)) < 0)
		return rc;
	if ((who->as && !(d->as = util_strdup(who->as))) || (who->now && !(d->now_arg = util_strdup(who->now))) ||
	    (who->signing_key && !(d->signing_key = util_strdup(who->signing_key))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

void dossier_free(dossier *d)
{
	if (!d)
		return;
	store_free(d->store);
	dossier_workflow_free(d->wf);
	dossier_document_free(d->doc);
	ds_state_clear(&d->state_kept);
	free(d->index);
	dossier_diags_free(d->skipped);
	free(d->last_comment);
	free(d->warning);
	free(d->as);
	free(d->now_arg);
	facade_keys_free(d);
	free(d);
}

const char *dossier_last_warning(const dossier *d)
{
	if (d && d->warning)
		return d->warning;
	return d && d->store ? store_warning(d->store) : NULL;
}

void facade_note_late_entry(dossier *d, const char *stage_id, dossier_time entered)
{
	const dossier_stage *stage = d->wf ? dossier_workflow_stage(d->wf, stage_id) : NULL;
	dossier_time deadline;
	const char *sw;
	char when[40], end[40];
	dstr s = DSTR_INIT;

	free(d->warning);
	d->warning = NULL;
	if (!stage || !dossier_machine_deadline(&deadline, d->wf, stage, entered) || entered <= deadline)
		return;
	if ((sw = store_warning(d->store)) != NULL && *sw)
		dstr_addf(&s, "%s\n", sw);
	dossier_time_format(when, sizeof(when), &d->wf->calendar, entered);
	dossier_time_format(end, sizeof(end), &d->wf->calendar, deadline);
	dstr_addf(&s, _("stage '%s' was entered at %s, after its deadline had ended (%s): %s"), stage->id, when, end,
		stage->comments_open ? _("its comment window is already closed and 'deadline-passed' holds") :
		_("'deadline-passed' already holds"));
	if (!s.oom)
		d->warning = dstr_detach(&s);
	dstr_free(&s);
}

const dossier_diags *dossier_read_warnings(const dossier *d)
{
	return d && dossier_diags_count(d->skipped) ? d->skipped : NULL;
}

const char *const facade_worktree_view[] = { "revisions" };
const size_t facade_worktree_nview = sizeof(facade_worktree_view) / sizeof(facade_worktree_view[0]);

#if DOSSIER_TEST_SEAMS
/* The public seam forwards to the store's; the points are the same. */
static void seam_call(store_seam point, void *payload)
{
	dossier *d = payload;

	d->seam((dossier_seam)point, d->seam_payload);
}

void dossier_set_seam_hook(dossier *d, dossier_seam_fn fn, void *payload)
{
	d->seam = fn;
	d->seam_payload = payload;
	store_set_seam(d->store, fn ? seam_call : NULL, fn ? d : NULL);
}
#endif

int dossier_open(dossier **out, const char *dir, const dossier_identity *who, dossier_error *err)
{
	dossier *d;
	int rc;

	*out = NULL;
	if (!(d = calloc(1, sizeof(*d))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = copy_identity(d, who, err)) < 0) {
		dossier_free(d);
		return rc;
	}
	if ((rc = store_open(&d->store, dir ? dir : ".", err)) < 0) {
		dossier_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int facade_workflow(dossier *d, const dossier_snap *snap, dossier_error *err)
{
	dossier_diags *diags = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (d->wf)
		return 0;
	if ((rc = snap_read(&data, &len, snap, PATH_WORKFLOW, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID,
				"not a dossier: '%s' has no pinned workflow", store_path(d->store));
		return rc;
	}
	if (dossier_diags_new(&diags) < 0) {
		free(data);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	rc = wf_load_pinned(&d->wf, PATH_WORKFLOW, data, len, diags, err);
	if (rc < 0 && dossier_diags_errors(diags) > 0) {
		char *first = dossier_diag_format(dossier_diags_get(diags, 0));

		dossier_error_set(err, DOSSIER_EINVALID, "the pinned workflow is invalid: %s",
			first ? first : "?");
		free(first);
	}
	dossier_diags_free(diags);
	free(data);
	return rc;
}

int dossier_get_workflow(const dossier_workflow **out, dossier *d, dossier_error *err)
{
	dossier_snap *tip = NULL;
	int rc;

	*out = NULL;
	if (!d->wf) {
		if ((rc = store_tip(&tip, d->store, err)) < 0)
			return rc;
		rc = facade_workflow(d, tip, err);
		snap_free(tip);
		if (rc < 0)
			return rc;
	}
	*out = d->wf;
	return 0;
}

int facade_now(dossier_time *out, dossier *d, dossier_error *err)
{
	int rc;

	if (!d->now_set) {
		if (d->now_arg) {
			dossier_error e = DOSSIER_ERROR_INIT;

			if ((rc = dossier_time_parse_in_range(&d->now, &d->wf->calendar, d->now_arg, &e)) < 0) {
				/* the parser's message names the time; say where it came from */
				const char *why = e.message ? e.message : "?";

				if (!strncmp(why, "invalid time '", 14) && strstr(why, "': "))
					why = strstr(why, "': ") + 3;
				dossier_error_set(err, DOSSIER_EINVALID, "invalid time '%s' in --now/DOSSIER_NOW: %s",
					d->now_arg, why);
				dossier_error_set_hint(err, "use YYYY-MM-DD or ISO 8601 from %s to %s, e.g. 2025-07-20T10:00:00+07:00",
					DOSSIER_TIME_FIRST_DAY, DOSSIER_TIME_LAST_DAY);
				dossier_error_clear(&e);
				return rc;
			}
		} else {
			d->now = (dossier_time)time(NULL);
			if (!dossier_time_in_range(&d->wf->calendar, d->now)) {
				char t[40];

				dossier_time_format(t, sizeof(t), &d->wf->calendar, d->now);
				dossier_error_set(err, DOSSIER_EFAIL,
					"the system clock reads %s, outside the supported range %s to %s", t,
					DOSSIER_TIME_FIRST_DAY, DOSSIER_TIME_LAST_DAY);
				dossier_error_set_hint(err, "set the clock, or give the time with --now");
				return DOSSIER_EFAIL;
			}
		}
		d->now_set = true;
	}
	*out = d->now;
	return 0;
}

static int list_participants(dstr *s, const dossier_workflow *wf)
{
	size_t i;

	for (i = 0; i < wf->nparticipants; i++)
		dstr_addf(s, "%s%s", i ? ", " : "", wf->participants[i].id);
	return 0;
}

static int resolve_actor(const dossier_participant **out, const dossier_workflow *wf, const char *as,
	const char *email, dossier_error *err)
{
	const dossier_participant *p = NULL;
	dstr s = DSTR_INIT;

	*out = NULL;
	if (as) {
		p = dossier_workflow_participant(wf, as);
		if (!p) {
			const char **ids = calloc(wf->nparticipants + 1, sizeof(*ids));
			const char *close;
			size_t i;

			for (i = 0; ids && i < wf->nparticipants; i++)
				ids[i] = wf->participants[i].id;
			close = ids ? util_closest(as, ids, wf->nparticipants) : NULL;
			dossier_error_set(err, DOSSIER_EREFUSED, "'%s' is not a participant of workflow '%s'",
				as, wf->id);
			dossier_error_set_tag(err, "not-participant");
			if (close) {
				dossier_error_set_hint(err, "did you mean '%s'?", close);
			} else {
				list_participants(&s, wf);
				dossier_error_set_hint(err, "the participants are: %s", s.ptr ? s.ptr : "");
			}
			free(ids);
			dstr_free(&s);
			return DOSSIER_EREFUSED;
		}
	} else if (email) {
		p = dossier_workflow_participant_by_email(wf, email);
		if (!p) {
			dossier_error_set(err, DOSSIER_EREFUSED,
				"your git user.email '%s' is not a participant's e-mail in workflow '%s'", email, wf->id);
			dossier_error_set_tag(err, "not-participant");
			list_participants(&s, wf);
			dossier_error_set_hint(err, "act as a participant with --as ID or DOSSIER_AS (%s)",
				s.ptr ? s.ptr : "");
			dstr_free(&s);
			return DOSSIER_EREFUSED;
		}
	} else {
		dossier_error_set(err, DOSSIER_EREFUSED, "who is acting? no --as, no DOSSIER_AS and no git user.email");
		dossier_error_set_tag(err, "no-actor");
		list_participants(&s, wf);
		dossier_error_set_hint(err, "act as a participant with --as ID or DOSSIER_AS (%s)", s.ptr ? s.ptr : "");
		dstr_free(&s);
		return DOSSIER_EREFUSED;
	}
	*out = p;
	return 0;
}

int facade_actor(const dossier_participant **out, dossier *d, dossier_error *err)
{
	char *email = NULL;
	int rc;

	if (!d->actor) {
		if (!d->as)
			email = store_config_email(d->store);
		rc = resolve_actor(&d->actor, d->wf, d->as, email, err);
		free(email);
		if (rc < 0)
			return rc;
	}
	*out = d->actor;
	return 0;
}

int facade_put_state(dossier_txn *txn, const ds_state *st, const dossier_calendar *cal,
	dossier_error *err)
{
	char *state = NULL;
	int rc;

	if ((rc = ds_state_dump(&state, st, cal, err)) == 0)
		rc = txn_put(txn, PATH_STATE, state, strlen(state), err);
	free(state);
	return rc;
}

char *facade_read_title(const dossier_snap *tip)
{
	char *data = NULL, *title;
	size_t len = 0;

	if (snap_read(&data, &len, tip, PATH_META, NULL) < 0)
		return NULL;
	title = record_meta_title(data, len);
	free(data);
	return title;
}

int facade_state(ds_state *out, dossier *d, const dossier_snap *snap, dossier_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = snap_read(&data, &len, snap, PATH_STATE, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: no cached state at %.12s",
				snap_id(snap));
		return rc;
	}
	rc = ds_state_parse(out, data, len, &d->wf->calendar, err);
	free(data);
	return rc;
}

int facade_revision_doc(dossier_document **out, const dossier_snap *snap, unsigned n, dossier_error *err)
{
	char *path = revision_path(n), *mpath, *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	/* The model the engine kept beside the XML when it recorded the
	 * revision loads without parsing XML; a dossier made before it, or a
	 * model that does not load, is read from the XML, and so is a model
	 * of the first version, which left quotations out (text/docbin.h). */
	if ((mpath = revision_model_path(n)) && snap_read(&data, &len, snap, mpath, NULL) == 0 &&
	    (len < strlen(TEXT_DOCBIN_MAGIC_1) || memcmp(data, TEXT_DOCBIN_MAGIC_1, strlen(TEXT_DOCBIN_MAGIC_1))) &&
	    text_docbin_read(out, mpath, data, len, NULL) == 0) {
		free(mpath);
		free(path);
		free(data);
		return 0;
	}
	free(mpath);
	free(data);
	data = NULL;
	rc = snap_read(&data, &len, snap, path, err);
	if (rc == DOSSIER_ENOTFOUND)
		rc = dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision 'v%u'", n);
	if (rc == 0)
		rc = dossier_akn_read(out, path, data, len, NULL, err);
	free(path);
	free(data);
	return rc;
}

/* The citation of `eid` in revision `rev`, from the revision's eId index
 * (one small blob, read once per handle). 1 when the eId is not there. */
static int index_citation(char **out, dossier *d, const dossier_snap *snap, unsigned rev, const char *eid,
	dossier_error *err)
{
	char *ipath, *data = NULL, *line;
	size_t len = 0, elen = strlen(eid);
	int rc;

	*out = NULL;
	/* A revision's index never changes: read it once per handle. */
	if (!d->index || d->index_rev != rev) {
		if (!(ipath = revision_index_path(rev)))
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		rc = snap_read(&data, &len, snap, ipath, err);
		free(ipath);
		if (rc < 0) {
			if (rc == DOSSIER_ENOTFOUND) {
				dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision 'v%u'", rev);
				dossier_error_set_tag(err, "unknown-revision");
			}
			return rc;
		}
		free(d->index);
		d->index = data;
		d->index_rev = rev;
	}
	for (line = d->index; line && *line; ) {
		char *nl = strchr(line, '\n');

		if (!strncmp(line, eid, elen) && line[elen] == '\t') {
			const char *cite = line + elen + 1;
			size_t clen = nl ? (size_t)(nl - cite) : strlen(cite);

			*out = util_strndup(cite, clen);
			return *out ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		}
		line = nl ? nl + 1 : NULL;
	}
	return 1;
}

/* The provision `given` names in revision `rev`: an eId found in the
 * revision's index at once; anything else (a citation, an eId in another
 * case, one that is not there) read in the revision's document, parsed
 * once per handle (dossier_document_resolve names the nearest on a miss). */
int facade_citation(char **out_eid, char **out_citation, dossier *d, const dossier_snap *snap, unsigned rev,
	const char *given, dossier_error *err)
{
	const dossier_node *node;
	char in[32];
	int rc;

	*out_eid = *out_citation = NULL;
	if (!dossier_akn_eid_check(given)) {
		if ((rc = index_citation(out_citation, d, snap, rev, given, err)) < 0)
			return rc;
		if (rc == 0)
			return (*out_eid = util_strdup(given)) ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (!d->doc || d->doc_rev != rev) {
		dossier_document_free(d->doc);
		d->doc = NULL;
		if ((rc = facade_revision_doc(&d->doc, snap, rev, err)) < 0)
			return rc;
		d->doc_rev = rev;
	}
	snprintf(in, sizeof(in), "revision v%u", rev);
	if ((rc = dossier_document_resolve(&node, d->doc, given, in, err)) < 0)
		return rc;
	if ((rc = index_citation(out_citation, d, snap, rev, node->eid, err)) < 0)
		return rc;
	if (rc == 1 && !(*out_citation = dossier_node_citation(node, d->doc->lang)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return (*out_eid = util_strdup(node->eid)) ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

void dossier_format_time(char *buf, size_t size, dossier *d, dossier_time t)
{
	if (d->wf) {
		dossier_time_format(buf, size, &d->wf->calendar, t);
	} else {
		dossier_calendar utc = { "UTC", 0, 0, NULL, 0 };

		dossier_time_format(buf, size, &utc, t);
	}
}

/* ---- running an action --------------------------------------------------- */


static void attempt_clear(attempt *a)
{
	size_t i;

	snap_free(a->tip);
	ds_state_clear(&a->state);
	txn_free(a->txn);
	for (i = 0; i < a->nrecords; i++) {
		free(a->records[i].path);
		free(a->records[i].own);
	}
	for (i = 0; i < a->nbulk; i++) {
		free((char *)a->bulk[i].path);
		free((char *)a->bulk[i].data);
	}
	free(a->bulk);
	free(a->subject);
	free(a->body);
	ds_trailers_clear(&a->tr);
	free(a->tag);
	free(a->result);
	free(a->keep);
	memset(a, 0, sizeof(*a));
}

/* What build() handed back, and the new state, into the transaction; the
 * event, actor, stage and time into the trailers. */
static int stage_event(attempt *a, ds_event event, dossier_error *err)
{
	char t[40];
	size_t i;
	int rc = 0;

	for (i = 0; i < a->nrecords && rc == 0; i++) {
		const attempt_record *r = &a->records[i];

		rc = r->path && r->data ? txn_put(a->txn, r->path, r->data, r->len, err) :
			dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (rc == 0 && a->nbulk)
		rc = txn_put_packed(a->txn, a->bulk, a->nbulk, a->bulk_progress, a->bulk_payload, err);
	if (rc == 0)
		rc = facade_put_state(a->txn, &a->state, &a->d->wf->calendar, err);
	if (rc < 0)
		return rc;
	dossier_time_format(t, sizeof(t), &a->d->wf->calendar, a->now);
	a->tr.event = util_strdup(ds_event_name(event));
	a->tr.actor = util_strdup(a->actor->id);
	a->tr.stage = util_strdup(a->state.stage);
	a->tr.time = util_strdup(t);
	return a->tr.event && a->tr.actor && a->tr.stage && a->tr.time ? 0 :
		dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

/* The legal time of a commit: its Dossier-Time, else its date. */
dossier_time facade_legal_time(const dossier_snap *snap, const dossier_calendar *cal)
{
	ds_trailers tr;
	dossier_time t = snap_time(snap);

	if (ds_trailers_parse(&tr, snap_message(snap)) == 0 && tr.time)
		dossier_time_parse(&t, cal, tr.time, NULL);
	ds_trailers_clear(&tr);
	return t;
}

/* An event's legal time is never earlier than the event before it on the
 * branch, nor than its stage's entry: a backdated action is refused. With
 * the clock, one a little behind the last event (another machine's clock
 * ahead of ours) takes that event's time. */
static int check_order(attempt *a, dossier_error *err)
{
	const dossier_calendar *cal = &a->d->wf->calendar;
	dossier_time last = facade_legal_time(a->tip, cal);
	char now[40], then[40];
	ds_trailers tr;

	/* The clocks of two machines are never quite the same: an event synced
	 * from a clock a few minutes ahead does not stop the others' work. */
	if (!a->d->now_arg && a->now < last && last - a->now <= FACADE_CLOCK_SKEW)
		a->now = last;
	dossier_time_format(now, sizeof(now), cal, a->now);
	if (a->now < last) {
		dstr what = DSTR_INIT;

		memset(&tr, 0, sizeof(tr));
		ds_trailers_parse(&tr, snap_message(a->tip));
		dossier_time_format(then, sizeof(then), cal, last);
		dstr_adds(&what, tr.event ? tr.event : "commit");
		if (tr.id)
			dstr_addf(&what, " '%s'", tr.id);
		else if (tr.target)
			dstr_addf(&what, " to '%s'", tr.target);
		else if (tr.revision)
			dstr_addf(&what, " %s", tr.revision);
		dossier_error_set(err, DOSSIER_EREFUSED,
			"the time %s is before the dossier's last event (commit %.12s, %s by %s at %s) [backdated]",
			now, snap_id(a->tip), what.ptr ? what.ptr : "?", tr.actor ? tr.actor : snap_author_email(a->tip),
			then);
		dstr_free(&what);
		ds_trailers_clear(&tr);
	} else if (a->now < a->state.entered) {
		dossier_time_format(then, sizeof(then), cal, a->state.entered);
		dossier_error_set(err, DOSSIER_EREFUSED, "the time %s is before stage '%s' was entered at %s [backdated]",
			now, a->state.stage, then);
	} else {
		return 0;
	}
	if (a->d->now_arg)
		dossier_error_set_hint(err, "an event's legal time never goes back: give --now a time at or after %s",
			then);
	else
		dossier_error_set_hint(err, "this machine's clock is behind the dossier's last event (%s): "
			"check the clock, or give the time with --now", then);
	return DOSSIER_EREFUSED;
}

static void backoff(unsigned attempt_no)
{
	struct timespec ts;
	unsigned ms = 1 + ((unsigned)getpid() * 7919u + attempt_no * 104729u) % (attempt_no < 10 ? 5 : 25);

	ts.tv_sec = 0;
	ts.tv_nsec = (long)ms * 1000000L;
	nanosleep(&ts, NULL);
}

int facade_run_action(char **result, dossier *d, ds_event event, build_fn build, void *payload,
	dossier_error *err)
{
	unsigned n;
	int rc = 0;

	if (result)
		*result = NULL;
	for (n = 0; n < MAX_ATTEMPTS; n++) {
		attempt a;
		char *msg;
		char id[41];
		dossier_sig sig;

		memset(&a, 0, sizeof(a));
		a.d = d;
		/* A retry is a new attempt at a later moment: with the clock, its
		 * time is taken again (with --now it stays, and is checked again). */
		if (n > 0 && !d->now_arg)
			d->now_set = false;
		rc = store_tip(&a.tip, d->store, err);
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: '%s' has no history",
				store_path(d->store));
		if (rc == 0)
			rc = facade_workflow(d, a.tip, err);
		if (rc == 0)
			rc = facade_actor(&a.actor, d, err);
		if (rc == 0)
			rc = facade_now(&a.now, d, err);
		if (rc == 0 && d->state_at[0] && strcmp(d->state_at, snap_id(a.tip)) == 0) {
			/* the state this handle committed at this very tip: taken, not parsed */
			a.state = d->state_kept;
			memset(&d->state_kept, 0, sizeof(d->state_kept));
			d->state_at[0] = '\0';
		} else if (rc == 0) {
			rc = facade_state(&a.state, d, a.tip, err);
		}
		if (rc == 0)
			rc = check_order(&a, err);
		if (rc == 0)
			rc = txn_begin(&a.txn, d->store, a.tip, err);
		if (rc == 0)
			rc = build(&a, payload, err);
		if (rc == 0)
			rc = stage_event(&a, event, err);
		if (rc != 0) {
			/* rc > 0: build() checked it on the tip and wants nothing written (a dry run). */
			if (rc > 0 && result) {
				*result = a.result;
				a.result = NULL;
			}
			attempt_clear(&a);
			return rc < 0 ? rc : 0;
		}
		{
			/* signed, or refused here when the dossier requires it and no key is at hand */
			char *vouch = NULL;

			if ((rc = facade_sign_txn(&vouch, d, a.txn, a.tip, a.actor, err)) < 0) {
				attempt_clear(&a);
				return rc;
			}
			msg = ds_message(a.subject, a.body, &a.tr);
			if (msg && vouch) {
				char *m = util_sprintf("%s%s", msg, vouch);

				free(msg);
				msg = m;
			}
			free(vouch);
		}
		if (!msg) {
			attempt_clear(&a);
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		}
		sig.name = a.actor->name;
		sig.email = a.actor->email;
		sig.when = a.now;
		sig.offset = d->wf->calendar.utc_offset;
		rc = txn_commit(id, a.txn, &sig, msg, a.tag, err);
		free(msg);
		if (rc == 0) {
			/* a.state is what the commit's state.json holds: kept for the next action */
			ds_state_clear(&d->state_kept);
			d->state_kept = a.state;
			memset(&a.state, 0, sizeof(a.state));
			memcpy(d->state_at, id, sizeof(d->state_at));
		}
		if (rc == 0 && result) {
			*result = a.result;
			a.result = NULL;
		}
		if (rc == 0 && a.keep) {
			free(d->last_comment);
			d->last_comment = a.keep;
			a.keep = NULL;
		}
		attempt_clear(&a);
		if (rc != DOSSIER_ECONFLICT)
			return rc;
		/* Someone else moved the branch: check again on the new tip. */
		dossier_error_clear(err);
		backoff(n);
	}
	return dossier_error_set(err, DOSSIER_ECONFLICT,
		"the dossier kept changing under this action (%u attempts); nothing was written", n);
}

/* ---- init ----------------------------------------------------------------- */

int dossier_init(dossier **out, const char *dir, const char *workflow_path,
	const dossier_identity *who, const dossier_init_options *opts,
	dossier_diags *diags, dossier_error *err)
{
	dossier_init_options defaults = DOSSIER_INIT_OPTIONS_INIT;
	dossier *d = NULL;
	char *yaml = NULL, *email = NULL, *meta = NULL, *msg = NULL;
	size_t yaml_len = 0;
	const dossier_role *role;
	dossier_txn *txn = NULL;
	ds_state st;
	ds_trailers tr;
	dossier_sig sig;
	char id[41], when[40];
	int rc;

	*out = NULL;
	memset(&st, 0, sizeof(st));
	memset(&tr, 0, sizeof(tr));
	if (!opts)
		opts = &defaults;
	if (!(d = calloc(1, sizeof(*d)))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = copy_identity(d, who, err)) < 0 || (rc = record_check_field("title", opts->title, err)) < 0)
		goto done;
	/* Everything is checked before anything is created. */
	if ((rc = util_read_file(&yaml, &yaml_len, workflow_path, err)) < 0)
		goto done;
	if ((rc = dossier_workflow_load_buffer(&d->wf, workflow_path, yaml, yaml_len, diags, err)) < 0)
		goto done;
	/* What is pinned is the definition with the calendars it includes and
	 * the defaults it relies on; the dossier runs on that from its first
	 * event, as every later reader will. */
	{
		dossier_workflow *pinned = NULL;
		char *text = NULL;
		size_t tlen = 0;

		if ((rc = wf_pinned_text(&text, &tlen, d->wf, yaml, yaml_len, err)) < 0)
			goto done;
		free(yaml);
		yaml = text;
		yaml_len = tlen;
		if ((rc = wf_load_pinned(&pinned, PATH_WORKFLOW, yaml, yaml_len, NULL, err)) < 0)
			goto done;
		dossier_workflow_free(d->wf);
		d->wf = pinned;
	}
	if (!d->as)
		email = store_default_email();
	if ((rc = resolve_actor(&d->actor, d->wf, d->as, email, err)) < 0)
		goto done;
	role = dossier_workflow_role(d->wf, d->actor->role);
	if (!role || !(role->actions & (DOSSIER_ACTION_REVISE | DOSSIER_ACTION_ADVANCE))) {
		rc = dossier_error_set(err, DOSSIER_EREFUSED,
			"'%s' (role '%s') may not open a dossier: only a role that may revise or advance can",
			d->actor->id, d->actor->role);
		dossier_error_set_hint(err, "act as the drafting agency with --as");
		goto done;
	}
	if ((rc = facade_now(&d->now, d, err)) < 0)
		goto done;
	{
		/* a dossier that requires signatures is not opened unsigned */
		char *vouch = NULL;

		rc = facade_sign_txn(&vouch, d, NULL, NULL, d->actor, err);
		free(vouch);
		if (rc < 0)
			goto done;
	}
	if ((rc = store_init(&d->store, dir, opts->bare, err)) < 0)
		goto done;
	if (!opts->bare &&
	    (rc = store_worktree_view(d->store, facade_worktree_view, facade_worktree_nview, err)) < 0)
		goto done;

	if ((rc = ds_state_initial(&st, d->wf, d->actor->id, d->now)) < 0) {
		dossier_error_set(err, rc, "out of memory");
		goto done;
	}
	dossier_time_format(when, sizeof(when), &d->wf->calendar, d->now);
	if ((rc = record_meta_dump(&meta, opts->title ? opts->title : d->wf->title, d->wf->id, when, err)) < 0)
		goto done;
	tr.event = util_strdup(ds_event_name(DS_EVENT_INIT));
	tr.actor = util_strdup(d->actor->id);
	tr.stage = util_strdup(d->wf->start);
	tr.time = util_strdup(when);
	{
		char *subject = util_sprintf("%s opens the dossier: %s", d->actor->id,
			opts->title ? opts->title : d->wf->title);

		msg = subject ? ds_message(subject, NULL, &tr) : NULL;
		free(subject);
	}
	if (!meta || !msg || !tr.event || !tr.actor || !tr.stage || !tr.time) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = txn_begin(&txn, d->store, NULL, err)) < 0 ||
	    (rc = txn_put(txn, PATH_META, meta, strlen(meta), err)) < 0 ||
	    (rc = txn_put(txn, PATH_WORKFLOW, yaml, yaml_len, err)) < 0 ||
	    (rc = facade_put_state(txn, &st, &d->wf->calendar, err)) < 0)
		goto done;
	{
		char *vouch = NULL;

		if ((rc = facade_sign_txn(&vouch, d, txn, NULL, d->actor, err)) < 0)
			goto done;
		if (vouch) {
			char *m = util_sprintf("%s%s", msg, vouch);

			free(msg);
			msg = m;
			free(vouch);
			if (!msg) {
				rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
				goto done;
			}
		}
	}
	sig.name = d->actor->name;
	sig.email = d->actor->email;
	sig.when = d->now;
	sig.offset = d->wf->calendar.utc_offset;
	rc = txn_commit(id, txn, &sig, msg, NULL, err);
	if (rc == 0)
		facade_note_late_entry(d, d->wf->start, d->now);
done:
	txn_free(txn);
	ds_state_clear(&st);
	ds_trailers_clear(&tr);
	free(yaml);
	free(email);
	free(meta);
	free(msg);
	if (rc < 0) {
		dossier_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
