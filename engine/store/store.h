/*
 * store.h: the dossier as a git repository, through libgit2. The only
 * module that includes git2.h; private to the engine (the façade in
 * dossier.c is the public face).
 *
 * The store knows nothing of workflows or comments: it reads blobs from
 * commits, writes a new commit as a set of path edits on top of a base
 * commit, and moves the dossier's branch with a compare-and-swap, so an
 * action is all or nothing. Layout conventions are the façade's
 * (docs/data-model.md).
 */
#ifndef DOSSIER_STORE_H
#define DOSSIER_STORE_H

#include "dossier-config.h"
#include "dossier/calendar.h"
#include "dossier/error.h"

/* The branch every dossier lives on. */
#define DOSSIER_BRANCH "refs/heads/main"

typedef struct dossier_store dossier_store;
typedef struct dossier_snap dossier_snap;  /* one commit and its tree */
typedef struct dossier_txn dossier_txn;    /* a commit being prepared */

typedef struct dossier_sig {
	const char *name;
	const char *email;
	dossier_time when;
	int offset;   /* seconds east of UTC, for the commit's time zone */
} dossier_sig;

/* Create a new repository at `path` (created if missing; with a working
 * tree unless `bare`). Refuses a path that already holds a repository
 * whose branch has commits (DOSSIER_EINVALID). */
int store_init(dossier_store **out, const char *path, bool bare, dossier_error *err);
/* Open the repository at or above `path`. DOSSIER_ENOTFOUND when none. */
int store_open(dossier_store **out, const char *path, dossier_error *err);
/* Snapshots and transactions borrow the store: free them first. */
void store_free(dossier_store *store);
/* The repository's directory: the working tree, or the git dir when bare. */
const char *store_path(const dossier_store *store);
bool store_is_bare(const dossier_store *store);
/* The git directory (".../.git/" or the bare repository), with a trailing '/'. */
const char *store_git_dir(const dossier_store *store);
/* What the last txn_commit committed but could not do in the working tree
 * (a file kept because the user changed it by hand, a failed checkout),
 * for the caller to show as a warning; NULL when all went well. Borrowed,
 * valid until the next txn_commit. */
const char *store_warning(const dossier_store *store);

/* The user's git `user.email`, or NULL when not configured. Caller frees. */
char *store_config_email(dossier_store *store);
/* The same outside any repository (global and system configuration). */
char *store_default_email(void);
/* A value of git's configuration (e.g. "user.signingKey"): the
 * repository's when `store` is given, else the global and system one.
 * NULL when not set. Caller frees. */
char *store_config_get(dossier_store *store, const char *name);

/* Show in the working tree only the files at the top of the tree and the
 * directories `dirs` (n of them, e.g. "revisions"): git's sparse checkout
 * in cone mode with a sparse index, so that every other directory stays in
 * git only, one entry of git's index each. Then bring the working tree to
 * the tip. Nothing to do when bare. Without this call the working tree
 * shows everything (docs/git-store.md, "The working tree"). */
int store_worktree_view(dossier_store *store, const char *const *dirs, size_t n, dossier_error *err);

/* Test seams: where a test may stop a commit as a crash would. Built only
 * with -Dtest_seams (docs/git-store.md, "Test seams"). */
typedef enum store_seam {
	STORE_SEAM_BEFORE_REF = 1,  /* the objects are written, the branch has not moved */
	STORE_SEAM_AFTER_REF,       /* the branch moved, the working tree is not updated */
	STORE_SEAM_WORKTREE,        /* the working tree's files are written, git's index is not */
} store_seam;
typedef void (*store_seam_fn)(store_seam point, void *payload);
#if DOSSIER_TEST_SEAMS
void store_set_seam(dossier_store *store, store_seam_fn fn, void *payload);
#endif

/* The tip of the branch. DOSSIER_ENOTFOUND when it has no commit yet. */
int store_tip(dossier_snap **out, dossier_store *store, dossier_error *err);
/* A revision by name: a tag ("v2"), a full or abbreviated commit id, or
 * anything git_revparse_single understands. */
int store_lookup(dossier_snap **out, dossier_store *store, const char *rev, dossier_error *err);
void snap_free(dossier_snap *snap);

const char *snap_id(const dossier_snap *snap);          /* 40 hex digits */
const char *snap_message(const dossier_snap *snap);     /* the whole message */
const char *snap_author_name(const dossier_snap *snap);
const char *snap_author_email(const dossier_snap *snap);
dossier_time snap_time(const dossier_snap *snap);       /* the author time */
int snap_offset(const dossier_snap *snap);              /* seconds east of UTC */
unsigned snap_parent_count(const dossier_snap *snap);
/* The n-th parent, or DOSSIER_ENOTFOUND. */
int snap_parent(dossier_snap **out, const dossier_snap *snap, unsigned n, dossier_error *err);

/* Read the blob at `path` (e.g. "state.json", "comments/3f/most-3.json").
 * *data is NUL-terminated (not counted in *len). DOSSIER_ENOTFOUND when the
 * path is absent. */
int snap_read(char **data, size_t *len, const dossier_snap *snap, const char *path, dossier_error *err);
bool snap_exists(const dossier_snap *snap, const char *path);

/* A signed commit's signature (its `gpgsig` header, unindented) and the
 * commit as it was signed (without that header). DOSSIER_ENOTFOUND when
 * the commit is not signed. Caller frees both. */
int snap_signature(char **sig, char **signed_data, size_t *len, const dossier_snap *snap, dossier_error *err);

/* Every blob below `dir` (recursively; "" for the whole tree), in path
 * order (bytewise, as `git ls-tree -r` lists them). `data` is
 * NUL-terminated and valid during the call only. An absent `dir` has no
 * blobs (git keeps no empty directory). Stops with fn's value when it
 * returns non-zero. */
typedef int (*snap_blob_fn)(const char *path, const char *data, size_t len, void *payload);
int snap_each_blob(const dossier_snap *snap, const char *dir, snap_blob_fn fn, void *payload,
	dossier_error *err);

/* The paths that differ between two snapshots (old may be NULL: the empty
 * tree), in path order, without rename detection. status is 'A' added,
 * 'D' deleted, 'M' modified. Costs the directories that changed only. */
typedef int (*snap_change_fn)(const char *path, char status, void *payload);
int snap_changes(const dossier_snap *old, const dossier_snap *new_, snap_change_fn fn, void *payload,
	dossier_error *err);

/* Every commit reachable from the tip, oldest first (topological order;
 * merges included). Stops with fn's value when it returns non-zero. */
typedef int (*store_walk_fn)(const dossier_snap *snap, void *payload);
int store_walk(dossier_store *store, store_walk_fn fn, void *payload, dossier_error *err);

/* Prepare a commit on top of `base` (NULL: the first commit). */
int txn_begin(dossier_txn **out, dossier_store *store, const dossier_snap *base, dossier_error *err);
/* Add or replace a file; intermediate directories are created. */
int txn_put(dossier_txn *txn, const char *path, const void *data, size_t len, dossier_error *err);
/* Remove a file (or a whole directory). Removing what is not there is not
 * an error. The last edit of a path wins. */
int txn_remove(dossier_txn *txn, const char *path, dossier_error *err);
/* Sign the commits the transaction writes: `fn` is given the commit as git
 * hashes it without a signature (git_commit_create_buffer) and returns in
 * *sig the armored signature (caller frees) that goes into its `gpgsig`
 * header, as `git commit -S` does. NULL: unsigned (the default). The
 * signing itself is engine/sign/'s: the store only calls. */
typedef int (*store_sign_fn)(char **sig, const char *commit, size_t len, void *payload, dossier_error *err);
void txn_set_signer(dossier_txn *txn, store_sign_fn fn, void *payload);

/*
 * Write the tree and the commit (author = committer = `author`), then move
 * the branch from the base to the new commit with a compare-and-swap, and
 * create the tag `tag` (may be NULL) on it. DOSSIER_ECONFLICT when the
 * branch no longer points at the base: nothing visible changed and the
 * caller re-reads the tip and retries. `out_id` receives the commit's id.
 * The branch's lock file and the tag's are written before either moves,
 * and the reflog line only after the branch moved, so a full disk fails
 * the action with nothing visible changed. The working tree (when there
 * is one and HEAD is the branch) is then brought to the tip; a file
 * changed there by hand is kept and named in store_warning(). An existing
 * tag is DOSSIER_EFAIL and nothing is written.
 */
int txn_commit(char out_id[41], dossier_txn *txn, const dossier_sig *author, const char *message,
	const char *tag, dossier_error *err);
void txn_free(dossier_txn *txn);

/* Many files at once (a bulk import): their blobs are written as one pack
 * rather than as loose objects, then added to the transaction like
 * txn_put. progress (may be NULL) is called now and then with how many
 * are written of how many. The pack is written on a second thread while
 * the transaction goes on (txn_commit builds the trees meanwhile, and
 * waits for it before the commit is used): progress is called from that
 * thread, and files must stay as they are until txn_commit, txn_write or
 * txn_free returns. A failure to write the pack is then theirs. The
 * trees of such a transaction are written as a second pack, not as loose
 * objects (store_tree.c). */
typedef struct store_file {
	const char *path;
	const char *data;
	size_t len;
} store_file;
typedef void (*store_progress_fn)(size_t done, size_t total, void *payload);
int txn_put_packed(dossier_txn *txn, const store_file *files, size_t n, store_progress_fn progress,
	void *payload, dossier_error *err);

/* ---- sync: raw commits, references, history ranges, remotes ---------------
 * For `dossier sync`, `clone` and the server's hook (engine/facade/sync.c); the
 * remote side is in store_remote.c. Ids are 40 hex digits. */

/* The libgit2 repository, for store_remote.c only. Borrowed. */
struct git_repository;
struct git_repository *store_repository(dossier_store *store);
/* Replace store_warning() (NULL clears it). */
void store_set_warning(dossier_store *store, const char *warning);

/* Write the transaction's tree and commit without moving any reference;
 * `out_id` receives the commit's id. */
int txn_write(char out_id[41], dossier_txn *txn, const dossier_sig *author, const char *message,
	dossier_error *err);

/* The commit a reference points at. DOSSIER_ENOTFOUND when there is none. */
int store_ref_read(char out_id[41], dossier_store *store, const char *refname, dossier_error *err);
/* Create or overwrite a reference (forcibly). */
int store_ref_write(dossier_store *store, const char *refname, const char *id, const char *logmsg,
	dossier_error *err);
/* Delete a reference; an absent one is not an error. */
int store_ref_delete(dossier_store *store, const char *refname, dossier_error *err);
/* Move the branch from `old_id` to `new_id` with a compare-and-swap
 * (DOSSIER_ECONFLICT when it is no longer at old_id), then bring the
 * working tree (when HEAD is the branch) from the old commit to the new
 * one; what it cannot do there becomes store_warning(). */
int store_branch_move(dossier_store *store, const char *old_id, const char *new_id, const char *logmsg,
	dossier_error *err);
/* Whether `id` is `ancestor` or descends from it. */
int store_descends(bool *out, dossier_store *store, const char *id, const char *ancestor, dossier_error *err);
/* The best common ancestor of two commits. DOSSIER_ENOTFOUND when none. */
int store_merge_base(char out_id[41], dossier_store *store, const char *a, const char *b, dossier_error *err);
/* Every commit reachable from `tip` and not from `hide` (NULL: the whole
 * history), oldest first (topological order). */
int store_walk_range(dossier_store *store, const char *tip, const char *hide, store_walk_fn fn,
	void *payload, dossier_error *err);
/* Also read objects from these directories (a server hook's quarantine:
 * GIT_OBJECT_DIRECTORY, and the ':'-separated
 * GIT_ALTERNATE_OBJECT_DIRECTORIES). Either may be NULL. */
int store_add_object_dirs(dossier_store *store, const char *object_dir, const char *alternates,
	dossier_error *err);

/* What the remote side reports while it works; every member may be NULL. */
typedef struct store_remote_cbs {
	/* "receiving objects", "resolving deltas", "writing objects" */
	void (*progress)(const char *what, size_t done, size_t total, void *payload);
	/* One line the remote printed (its stderr, e.g. a hook's messages),
	 * without the line end. */
	void (*remote_line)(const char *line, void *payload);
	void *payload;
} store_remote_cbs;

/* Fetch the remote's `refs/heads/main` into `into_ref` (no tags).
 * `remote` is a configured remote's name or a URL. out_id receives the
 * fetched tip, or "" when the remote has no main yet. */
int store_fetch(char out_id[41], dossier_store *store, const char *remote, const char *into_ref,
	const store_remote_cbs *cbs, dossier_error *err);
/* Push refspecs ("refs/x:refs/heads/main"; never forced). A reference the
 * remote refuses is DOSSIER_EREFUSED with the remote's reason ("pre-receive
 * hook declined", "non-fast-forward"); its lines went to cbs->remote_line.
 * A remote whose main has moved past what was fetched is DOSSIER_EREFUSED
 * too, nothing sent. */
int store_push(dossier_store *store, const char *remote, const char *const *refspecs, size_t n,
	const store_remote_cbs *cbs, dossier_error *err);
/* Clone `url` into `path` (bare or with a working tree on main) and open
 * it. `view` (may be NULL) is what the working tree shows, as for
 * store_worktree_view. */
int store_clone(dossier_store **out, const char *url, const char *path, bool bare,
	const char *const *view, size_t nview, const store_remote_cbs *cbs, dossier_error *err);
/* The URL of a configured remote, or NULL (and `remote` itself is taken
 * as a URL). Caller frees. */
char *store_remote_url(dossier_store *store, const char *remote);

/* The folder of a remote that is a path or a file:// URL (git's insteadOf
 * applied), or NULL for a network remote. Caller frees. */
char *store_remote_local_path(dossier_store *store, const char *remote);

/* How many times a transaction found a directory's entries kept in the
 * handle (the trees it wrote or read last, store_tree.c), and how many it
 * read from the object database: for tests. */
void store_tree_cache_stats(const dossier_store *store, unsigned long *hits, unsigned long *misses);

/* Start/stop libgit2 (reference counted by libgit2 itself). */
int store_global_init(void);
void store_global_shutdown(void);

#endif
