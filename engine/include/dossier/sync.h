/*
 * sync.h: members working from their own organisations. `dossier_clone`
 * makes a member's copy of a dossier on a git server, `dossier_sync`
 * fetches the others' events, replays the local ones on top (history stays
 * linear; nothing is ever lost) and pushes, and `dossier_hook_pre_receive`
 * is the server's side: the check git runs before it accepts a push.
 *
 * The rules and the installation of the hook are in docs/sync.md. The
 * engine prints nothing: progress and the remote's messages reach the
 * caller through dossier_sync_callbacks.
 */
#ifndef DOSSIER_SYNC_H
#define DOSSIER_SYNC_H

#include "facade.h"

typedef struct dossier_sync_callbacks {
	unsigned version;
	/* "receiving objects", "resolving deltas", "writing objects" */
	void (*progress)(const char *what, size_t done, size_t total, void *payload);
	/* One line the remote printed (a server hook's refusal, for one). */
	void (*remote_line)(const char *line, void *payload);
	void *payload;
} dossier_sync_callbacks;
#define DOSSIER_SYNC_CALLBACKS_VERSION 1
#define DOSSIER_SYNC_CALLBACKS_INIT { DOSSIER_SYNC_CALLBACKS_VERSION, NULL, NULL, NULL }

/* A member's copy of the dossier at `url` in `dir` (bare or with a working
 * tree). It must be a dossier (a pinned workflow and a cached state on
 * main) and its history must verify: violations go into diags and the
 * result is DOSSIER_EINVALID (the clone stays on disk for inspection). */
DOSSIER_API int dossier_clone(dossier **out, const char *url, const char *dir, bool bare,
	const dossier_identity *who, const dossier_sync_callbacks *cbs, dossier_diags *diags,
	dossier_error *err);

typedef struct dossier_sync_result {
	bool up_to_date;       /* nothing to fetch, nothing to push */
	size_t received;       /* the remote's new events now in this dossier */
	size_t sent;           /* local events now on the remote */
	size_t replayed;       /* of those, replayed on top of the remote's new events */
	char **notes;          /* e.g. "your comment 'most-3' is now 'most-4' ..." */
	size_t nnotes;
	char *unsynced;        /* the ref keeping local events that could not be integrated, or NULL */
	char tip[41];          /* main after the sync */
} dossier_sync_result;

/*
 * Fetch `remote` (a remote's name, default "origin", or a URL), integrate
 * (replay the local events the remote does not have onto its tip, as new
 * commits checked again by the workflow), verify the combined history,
 * push main and the new revision tags, and move the local main. All or
 * nothing: on any refusal the local main is unchanged.
 *
 * DOSSIER_EREFUSED: a local event cannot be integrated (the message names
 * both events; *out->unsynced keeps the local events), or the server
 * refused the push (its messages went to cbs->remote_line).
 * DOSSIER_EINVALID: the remote's history breaks the workflow (diags).
 * *out is set whenever the function got as far as fetching.
 */
DOSSIER_API int dossier_sync(dossier_sync_result **out, dossier *d, const char *remote,
	const dossier_sync_callbacks *cbs, dossier_diags *diags, dossier_error *err);
DOSSIER_API void dossier_sync_result_free(dossier_sync_result *r);

/* The local events the server refused, while they are still on main
 * (docs/sync.md, "Refused events"): oldest first. */
typedef struct dossier_refused_event {
	char commit[41];
	char *event;          /* "comment", "respond", ... */
	char *actor;
	char *time;           /* its legal time, as its trailer gives it */
	char *id;             /* the comment it makes or answers, or the revision (NULL: none) */
} dossier_refused_event;

typedef struct dossier_refused {
	dossier_refused_event *events;
	size_t n;             /* 0: none refused */
	char *kept;           /* after a drop: the reference that keeps them */
} dossier_refused;

/*
 * The events of the last push the server refused (by its rules: sync
 * said so, exit 3) that main still holds. With `drop`, they are set
 * aside: main becomes the server's main as last fetched, with the events
 * made here since the refusal replayed onto it, and the refused ones are
 * kept under out->kept (refs/dossier/refused/<UTC time>), never lost. A
 * later event that cannot follow the server's main is DOSSIER_ECONFLICT
 * or DOSSIER_EREFUSED, nothing changed.
 */
DOSSIER_API int dossier_sync_refused(dossier_refused **out, dossier *d, bool drop, dossier_error *err);
DOSSIER_API void dossier_refused_free(dossier_refused *r);

/* Who is pushing, as the server authenticated them. */
typedef struct dossier_hook_account {
	const char *source;   /* "REMOTE_USER", "GL_USERNAME", "push option dossier-as", ... */
	const char *value;    /* a participant's id or e-mail */
} dossier_hook_account;

typedef struct dossier_hook_options {
	unsigned version;
	const char *now;          /* the server's clock (YYYY-MM-DD or ISO 8601), NULL: the real clock */
	const char *object_dir;   /* GIT_OBJECT_DIRECTORY (the push's quarantine), or NULL */
	const char *alternates;   /* GIT_ALTERNATE_OBJECT_DIRECTORIES, or NULL */
	const dossier_hook_account *accounts;
	size_t naccounts;
} dossier_hook_options;
#define DOSSIER_HOOK_OPTIONS_VERSION 1
#define DOSSIER_HOOK_OPTIONS_INIT { DOSSIER_HOOK_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0 }

/*
 * git's pre-receive check, in the server's repository `dir`: `input` is
 * what git writes on the hook's stdin ("OLD NEW REF" lines). Every refusal
 * goes into diags, its place the ref or the commit. Returns 0 when the push
 * may go ahead, DOSSIER_EREFUSED when it must be refused as a whole.
 */
DOSSIER_API int dossier_hook_pre_receive(const char *dir, const char *input,
	const dossier_hook_options *opts, dossier_diags *diags, dossier_error *err);

#endif
