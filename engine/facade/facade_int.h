/*
 * facade_int.h: the inside of a dossier handle, shared by the façade's
 * files (facade.c: open, init and running an action; actions.c: what each
 * action writes; query.c: status, comments, log; verify.c: replay; the
 * event kinds are in event_int.h). Private to the engine.
 */
#ifndef DOSSIER_FACADE_INT_H
#define DOSSIER_FACADE_INT_H

#include "dossier/facade.h"
#include "dossier/test_seams.h"
#include "facade/event_int.h"
#include "facade/record_int.h"
#include "store/store.h"

struct dossier {
	dossier_store *store;
	char *as;                 /* --as, copied */
	char *now_arg;            /* --now, copied */
	dossier_workflow *wf;     /* the pinned workflow, loaded on first use */
	bool now_set;
	dossier_time now;
	const dossier_participant *actor;
#if DOSSIER_TEST_SEAMS
	dossier_seam_fn seam;     /* test_seams.h */
	void *seam_payload;
#endif
	/* The last revision read for a comment, kept across retries. */
	unsigned doc_rev;
	dossier_document *doc;
	/* The last revision's eId index read for a comment (revisions/vN.eids
	 * never changes once written), kept across actions of one handle. */
	unsigned index_rev;
	char *index;
	/* The records the last read of the comments skipped (dossier_read_warnings). */
	dossier_diags *skipped;
	/* The record the last successful comment wrote, or NULL (frontend.c). */
	char *last_comment;
};

/* What a dossier's working tree shows besides the files at the top of its
 * tree: the revisions; the records stay in git (docs/git-store.md). */
extern const char *const facade_worktree_view[];
extern const size_t facade_worktree_nview;

/* Load the pinned workflow from a snapshot (once). */
int facade_workflow(dossier *d, const dossier_snap *snap, dossier_error *err);
/* The time of the action: --now, or the clock. */
int facade_now(dossier_time *out, dossier *d, dossier_error *err);
/* How far apart the clocks of two machines may be (seconds): the server
 * takes an event up to this much after its own clock, and an action on
 * the clock up to this much before the dossier's last event takes that
 * event's time rather than being refused. */
#define FACADE_CLOCK_SKEW 600

/* The legal time of a commit: its Dossier-Time trailer, else its date. */
dossier_time facade_legal_time(const dossier_snap *snap, const dossier_calendar *cal);
/* The acting participant. */
int facade_actor(const dossier_participant **out, dossier *d, dossier_error *err);
/* The dossier's title from dossier.json, or NULL. Caller frees. */
char *facade_read_title(const dossier_snap *tip);
/* The cached state of a snapshot. */
int facade_state(ds_state *out, dossier *d, const dossier_snap *snap, dossier_error *err);
/* A revision's document at a snapshot. */
int facade_revision_doc(dossier_document **out, const dossier_snap *snap, unsigned n, dossier_error *err);
/* ---- actions: one attempt, retried on a lost compare-and-swap ---- */

/* The citation of provision `eid` in revision `rev` at `snap`, from the
 * revision's eId index (one small blob, read once per handle). Not there:
 * DOSSIER_ENOTFOUND, with the closest eIds in the hint ("unknown-provision"),
 * or "unknown-revision" when the revision has no index. Caller frees. */
int facade_citation(char **out_eid, char **out_citation, dossier *d, const dossier_snap *snap, unsigned rev,
	const char *given, dossier_error *err);

/* A record an action writes, handed back to the façade in the attempt. */
typedef struct attempt_record {
	char *path;               /* the attempt's; NULL (no memory) fails the attempt */
	const char *data;         /* NULL (no memory) fails the attempt */
	size_t len;
	char *own;                /* data, when the attempt frees it; NULL when it is borrowed */
} attempt_record;

#define ATTEMPT_RECORDS 4

/* What one attempt at an action produces. */
typedef struct attempt {
	dossier *d;
	dossier_snap *tip;
	ds_state state;           /* the state at the tip, which build() steps to the new one */
	const dossier_participant *actor;
	dossier_time now;
	dossier_txn *txn;
	/* what build() hands back: the records (state.json is the façade's) ... */
	attempt_record records[ATTEMPT_RECORDS];
	size_t nrecords;
	store_file *bulk;         /* ... or many, written as one pack; paths and data are the attempt's */
	size_t nbulk;
	store_progress_fn bulk_progress;
	void *bulk_payload;
	/* ... and what the commit says and the action returns */
	char *subject;
	char *body;
	ds_trailers tr;           /* id, revision, target: event, actor, stage and time are the façade's */
	char *tag;
	char *result;             /* what the action returns: "v2", "most-3" */
	char *keep;               /* a record the handle keeps once committed (dossier_last_comment) */
} attempt;

typedef int (*build_fn)(attempt *a, void *payload, dossier_error *err);

/* Read the tip, the workflow, the actor, the time and the state, call build()
 * to step the state and hand back the records, then stage them with the new
 * state, name the event in the trailers and commit; retry on ECONFLICT.
 * *result receives attempt.result. */
int facade_run_action(char **result, dossier *d, ds_event event, build_fn build, void *payload,
	dossier_error *err);

/* ---- verify.c: replaying a range of the history ---- */

/* A caller's own check of one commit (the server's clock, an authenticated
 * pusher), run after the replay; `parent` is NULL for the first commit. It
 * adds its violations to diags. */
typedef void (*verify_extra_fn)(const dossier_snap *snap, const ds_trailers *tr, dossier_time when,
	const ds_state *parent, dossier_diags *diags, void *payload);
/* Replay the commits reachable from `tip` and not from `since` (NULL: the
 * whole history) as dossier_verify does; with check_tags, revision tags
 * must point at the commits that made them. DOSSIER_EINVALID when there
 * are violations (in diags); *ncommits (may be NULL) the commits checked. */
int facade_verify_range(size_t *ncommits, dossier *d, const char *tip, const char *since, bool check_tags,
	verify_extra_fn extra, void *payload, dossier_diags *diags, dossier_error *err);

#endif
