/*
 * sync_refused.c: the local events a server refused (docs/sync.md,
 * "Refused events"). When the server refuses a push by its rules (a
 * comment received after the deadline, an event by another participant
 * than the pusher...), sync leaves main as it was and marks the refusal:
 * refs/dossier/refused/pending is the local main that was refused, and
 * refs/dossier/refused/base the server's main then. While main still
 * holds the pending commit, status counts without the refused events,
 * `dossier sync --refused` lists them, and `dossier sync --drop-refused`
 * sets them aside: they are kept under refs/dossier/refused/<UTC time>
 * (nothing is lost), and main becomes the server's main with the events
 * made here since the refusal replayed onto it. A sync that succeeds
 * clears the mark.
 */
#include "dossier/sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facade/facade_int.h"
#include "base/util.h"

#define REFUSED_PENDING "refs/dossier/refused/pending"
#define REFUSED_BASE "refs/dossier/refused/base"
#define REFUSED_KEPT "refs/dossier/refused/"

int facade_refused_mark(dossier *d, const char *local, const char *remote_tip, dossier_error *err)
{
	int rc = store_ref_write(d->store, REFUSED_PENDING, local, "dossier sync: refused by the server", err);

	if (rc == 0)
		rc = remote_tip[0] ? store_ref_write(d->store, REFUSED_BASE, remote_tip, "dossier sync: the server's main", err) :
			store_ref_delete(d->store, REFUSED_BASE, err);
	return rc;
}

void facade_refused_clear(dossier *d)
{
	store_ref_delete(d->store, REFUSED_PENDING, NULL);
	store_ref_delete(d->store, REFUSED_BASE, NULL);
}

/* The mark, when main still holds the refused commit: pending and base
 * ("" when the server had no main). 1 when marked, 0 when not. */
static int marked(char pending[41], char base[41], dossier *d, const char *main, dossier_error *err)
{
	bool in = false;
	int rc;

	if ((rc = store_ref_read(pending, d->store, REFUSED_PENDING, NULL)) < 0)
		return 0;
	if (store_ref_read(base, d->store, REFUSED_BASE, NULL) < 0)
		base[0] = '\0';
	if ((rc = store_descends(&in, d->store, main, pending, err)) < 0)
		return rc;
	return in ? 1 : 0;
}

typedef struct refused_list {
	dossier_refused *r;
	int rc;
} refused_list;

static int add_event(const dossier_snap *snap, void *payload)
{
	refused_list *l = payload;
	dossier_refused_event *p = realloc(l->r->events, (l->r->n + 1) * sizeof(*p));
	ds_trailers tr;

	if (!p)
		return l->rc = DOSSIER_ENOMEM;
	l->r->events = p;
	p = &p[l->r->n++];
	memset(p, 0, sizeof(*p));
	memset(&tr, 0, sizeof(tr));
	memcpy(p->commit, snap_id(snap), 41);
	ds_trailers_parse(&tr, snap_message(snap));
	p->event = tr.event;
	p->actor = tr.actor;
	p->time = tr.time;
	p->id = tr.id ? tr.id : tr.revision;
	tr.event = tr.actor = tr.time = NULL;
	if (tr.id)
		tr.id = NULL;
	else
		tr.revision = NULL;
	ds_trailers_clear(&tr);
	return 0;
}

static int list_refused(dossier_refused *r, dossier *d, const char *pending, const char *base, dossier_error *err)
{
	refused_list l = { r, 0 };
	int rc = store_walk_range(d->store, pending, base[0] ? base : NULL, add_event, &l, err);

	if (rc > 0 || l.rc < 0)
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return rc;
}

int facade_counted_tip(char out[41], size_t *nrefused, dossier *d, const char *main, dossier_error *err)
{
	char pending[41], base[41];
	dossier_refused r;
	size_t i;
	int rc;

	memcpy(out, main, 41);
	*nrefused = 0;
	if ((rc = marked(pending, base, d, main, err)) <= 0)
		return rc;
	memset(&r, 0, sizeof(r));
	rc = list_refused(&r, d, pending, base, err);
	*nrefused = r.n;
	for (i = 0; i < r.n; i++) {
		free(r.events[i].event);
		free(r.events[i].actor);
		free(r.events[i].time);
		free(r.events[i].id);
	}
	free(r.events);
	if (rc < 0 || !base[0])
		return rc;   /* the server had nothing: there is nothing to count on */
	if (!strcmp(main, pending)) {
		memcpy(out, base, 41);
		return 0;
	}
	/* events made since the refusal, as they would follow the server's main;
	 * when they cannot, the counts stay main's */
	if (facade_sync_replay(out, d, pending, main, base, false, NULL) < 0)
		memcpy(out, main, 41);
	return 0;
}

void dossier_refused_free(dossier_refused *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->events[i].event);
		free(r->events[i].actor);
		free(r->events[i].time);
		free(r->events[i].id);
	}
	free(r->events);
	free(r->kept);
	free(r);
}

/* refs/dossier/refused/<UTC time of now>, not yet taken. Caller frees. */
static char *kept_ref(dossier *d)
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
	for (n = 1; n < 1000; n++) {
		char *ref = n == 1 ? util_sprintf(REFUSED_KEPT "%s", stamp) : util_sprintf(REFUSED_KEPT "%s-%u", stamp, n);
		char have[41];

		if (!ref || store_ref_read(have, d->store, ref, NULL) == DOSSIER_ENOTFOUND)
			return ref;
		free(ref);
	}
	return NULL;
}

/* Set the refused events aside: keep main under a ref, move main to the
 * server's main with the later local events replayed on it. */
static int drop(dossier_refused *r, dossier *d, const char *main, const char *pending, const char *base,
	dossier_error *err)
{
	char onto[41];
	size_t i;
	int rc;

	if (!base[0])
		return dossier_error_set(err, DOSSIER_EREFUSED,
			"the server held no dossier when it refused these events: there is nothing to keep without them");
	if ((rc = facade_sync_replay(onto, d, pending, main, base, true, err)) < 0) {
		dossier_error_set_hint(err, "nothing changed here; an event made after the refusal cannot follow the "
			"server's main ('git log %.7s..main' shows them)", pending);
		return rc;
	}
	if (!(r->kept = kept_ref(d)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = store_ref_write(d->store, r->kept, main, "dossier sync --drop-refused: the refused events, kept", err)) < 0)
		return rc;
	if ((rc = store_branch_move(d->store, main, onto, "dossier sync --drop-refused", err)) < 0) {
		store_ref_delete(d->store, r->kept, NULL);
		return rc;
	}
	/* a refused revision's tag named a commit that is no longer on main */
	for (i = 0; i < r->n; i++) {
		const dossier_refused_event *e = &r->events[i];

		if (e->event && !strcmp(e->event, "revise") && e->id) {
			char *ref = util_sprintf("refs/tags/%s", e->id), have[41];

			if (ref && store_ref_read(have, d->store, ref, NULL) == 0 && !strcmp(have, e->commit))
				store_ref_delete(d->store, ref, NULL);
			free(ref);
		}
	}
	facade_refused_clear(d);
	return 0;
}

int dossier_sync_refused(dossier_refused **out, dossier *d, bool drop_them, dossier_error *err)
{
	dossier_refused *r = calloc(1, sizeof(*r));
	char main[41], pending[41], base[41];
	dossier_snap *tip = NULL;
	int rc;

	*out = NULL;
	if (!r)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = store_ref_read(main, d->store, DOSSIER_BRANCH, err)) < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "not a dossier: '%s' has no history",
				store_path(d->store));
		goto done;
	}
	if ((rc = store_lookup(&tip, d->store, main, err)) < 0 || (rc = facade_workflow(d, tip, err)) < 0)
		goto done;
	if ((rc = marked(pending, base, d, main, err)) < 0)
		goto done;
	if (rc == 0) {
		facade_refused_clear(d);   /* a mark main no longer holds (reset by hand) */
		goto done;
	}
	if ((rc = list_refused(r, d, pending, base, err)) < 0)
		goto done;
	if (drop_them)
		rc = drop(r, d, main, pending, base, err);
done:
	snap_free(tip);
	if (rc < 0) {
		dossier_refused_free(r);
		return rc;
	}
	*out = r;
	return 0;
}
