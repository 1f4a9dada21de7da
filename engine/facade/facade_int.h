/*
 * facade_int.h: the inside of a dossier handle, shared by the façade's
 * files (facade.c: open, init and running an action; actions.c: what each
 * action writes; query.c: status, comments, log; verify.c: replay; the
 * event kinds are in event_int.h). Private to the engine.
 */
#ifndef DOSSIER_FACADE_INT_H
#define DOSSIER_FACADE_INT_H

#include <stdarg.h>
#include "dossier/facade.h"
#include "dossier/keys.h"
#include "dossier/test_seams.h"
#include "facade/event_int.h"
#include "facade/record_int.h"
#include "store/store.h"
#include "base/util.h"

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
	/* The state the last action of this handle committed, as its state.json
	 * says, and the commit it is at: the next action on that same tip takes
	 * it instead of parsing state.json again (facade.c, facade_run_action).
	 * Keyed by the commit id, so a tip moved by another writer is parsed. */
	char state_at[41];
	ds_state state_kept;
	/* The record the last successful comment wrote, or NULL (frontend.c). */
	char *last_comment;
	/* Signing (keys.c): the key file asked for, the signer found (once),
	 * a server's vouching, and what the last verify found. */
	char *signing_key;
	struct sign_signer *signer;
	bool signer_looked;
	struct sign_signer *voucher;
	char *voucher_account;
	char *voucher_how;
	dossier_signature_counts sigs;
	bool sig_listing;         /* dossier_verify_list_signatures */
	dstr sig_lines;
	/* What dossier_last_warning() gives after an action that entered a
	 * stage past its deadline: the store's warning and that one; or NULL. */
	char *warning;
};

/* After init or advance: when `stage`, entered at `entered`, was entered
 * after its deadline had ended, say so in dossier_last_warning(). */
void facade_note_late_entry(dossier *d, const char *stage, dossier_time entered);

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
/* The one writing of state.json: the state dumped into the transaction. */
int facade_put_state(dossier_txn *txn, const ds_state *st, const dossier_calendar *cal,
	dossier_error *err);
/* The comments (with their responses) at a snapshot, as dossier_get_comments reads them at the tip. */
int facade_comments_at(dossier_comment_list **out, dossier *d, const dossier_snap *snap,
	const dossier_comments_query *q, dossier_error *err);
/* Only the comments accepted or partially accepted at a snapshot, with
 * their responses, in the order of facade_comments_at: what the
 * consolidation applies. Walks responses/ and reads the comment of each
 * response that accepts (docs/git-store.md, "What each reader reads"). */
int facade_accepted_at(dossier_comment_list **out, dossier *d, const dossier_snap *snap, dossier_error *err);
/* The synthesis report at a snapshot (dossier_report_load at the tip). */
struct dossier_report;
int facade_report_at(struct dossier_report **out, dossier *d, const dossier_snap *snap, dossier_error *err);
/* The accepted comments not taken in at a snapshot (the report's rows
 * marked untaken: the fact of the guard accepted-taken-in): *n, and *list
 * (may be NULL; caller frees) naming them, "most-1 (Điều 5 khoản 2), …". */
int facade_untaken(size_t *n, char **list, dossier *d, const dossier_snap *snap, dossier_error *err);
/* A violation of the history at its commit ("commit 1a2b3c4d5e6f"), an
 * error in the diagnostics (violation.c). */
void facade_violation(dossier_diags *diags, const dossier_snap *snap, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(4, 5);
void facade_violationv(dossier_diags *diags, const dossier_snap *snap, const char *code, const char *fmt,
	va_list ap);
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

#define ATTEMPT_RECORDS 5

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
 * *result receives attempt.result. A build() that returns 1 has checked
 * the action on the tip and wants nothing written (a dry run): 0, no commit,
 * and *result still receives attempt.result. */
int facade_run_action(char **result, dossier *d, ds_event event, build_fn build, void *payload,
	dossier_error *err);

/* ---- keys.c: keys in force, signing and its checks ---- */

/* The keys ever given: the workflow's until the first key event, then
 * keys.json. */
typedef struct kr_entry {
	char *participant;
	char *key;            /* as given, with its comment */
	dossier_time added;   /* 0: from the workflow */
	char *added_by;       /* NULL: the workflow */
	dossier_time revoked; /* 0: in force */
	char *revoked_by;
} kr_entry;

typedef struct keyring {
	kr_entry *v;
	size_t n, cap;
} keyring;

/* The keys after `snap` (NULL: the workflow's, before the first commit). */
int keyring_load(keyring *kr, dossier *d, const dossier_snap *snap, dossier_error *err);
/* keys.json's text. Caller frees. */
int keyring_dump(char **out, const keyring *kr, const dossier_calendar *cal, dossier_error *err);
/* A key event by `actor` at `when`, if the workflow allows it (EREFUSED,
 * EINVALID or ENOTFOUND with the reason otherwise). */
int keyring_apply(keyring *kr, const dossier_workflow *wf, dossier_key_op op, const char *participant,
	const char *key, const char *new_key, const dossier_participant *actor, dossier_time when, dossier_error *err);
void keyring_clear(keyring *kr);
/* "add", "revoke", "rotate" by dossier_key_op. */
extern const char *const keyring_op_names[];


/* ---- sync's refused events (sync_refused.c) ------------------------------
 * When the server refuses a push by its rules, the local events it was
 * refused stay on main, marked: refs/dossier/refused/pending is the local
 * main then, refs/dossier/refused/base the server's main (docs/sync.md,
 * "Refused events"). */
/* sync_mark.c: the refused-push mark's refs. */
#define REFUSED_PENDING "refs/dossier/refused/pending"
#define REFUSED_BASE "refs/dossier/refused/base"
#define REFUSED_KEPT "refs/dossier/refused/"
int facade_refused_mark(dossier *d, const char *local, const char *remote_tip, dossier_error *err);
void facade_refused_clear(dossier *d);
/* The commit whose state the counts read: main itself, or, while refused
 * events are on main, the server's main with the events made here since
 * the refusal replayed onto it (written as commits no reference keeps).
 * *nrefused receives how many events are left out. */
int facade_counted_tip(char out[41], size_t *nrefused, dossier *d, const char *main, dossier_error *err);
/* Replay the events reachable from `to` and not from `from` onto `onto`,
 * as sync does (sync.c); out_tip receives the new tip (onto when there are
 * none). With set_tags, the replayed revisions' tags are set. */
int facade_sync_replay(char out_tip[41], dossier *d, const char *from, const char *to, const char *onto,
	bool set_tags, dossier_error *err);

/* Make `txn` signed for an action by `actor` on `tip` (NULL: the first
 * commit), with the key the rules pick (docs/signatures.md); in a
 * dossier whose workflow requires signatures, no usable key is
 * DOSSIER_EREFUSED with a hint how to give one. *trailer receives what
 * the message must end with when a server vouches (caller frees; NULL
 * otherwise). With txn NULL, only whether it could be (before anything
 * is written). */
int facade_sign_txn(char **trailer, dossier *d, dossier_txn *txn, const dossier_snap *tip,
	const dossier_participant *actor, dossier_error *err);
/* The same for an event sync replays onto `base`: signed again with this
 * clone's key when it is the actor's; in a dossier where signatures are
 * optional, another participant's event replayed here stays unsigned
 * rather than refused. */
int facade_sign_replay(dossier *d, dossier_txn *txn, const dossier_snap *base, const dossier_participant *actor,
	dossier_error *err);
/* Check the signature of one event against the keys its actor had in
 * force before it (those after `par`; NULL: the workflow's), adding
 * `unsigned`, `bad-signature` or `wrong-signer` to diags. */
void facade_check_signature(dossier *d, const dossier_snap *snap, const dossier_snap *par,
	const dossier_participant *actor, dossier_diags *diags);
/* Replay a `key` event: keys.json must be the parent's keys changed by the
 * actor as it may; violations go to diags. */
void facade_replay_keys(dossier *d, const dossier_snap *snap, const dossier_snap *par,
	const dossier_participant *actor, dossier_time when, dossier_diags *diags);
void facade_keys_free(dossier *d);

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
