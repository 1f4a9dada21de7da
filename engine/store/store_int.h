/*
 * store_int.h: what the store's own files (store.c, store_os.c,
 * store_repo.c, store_remote.c, store_pack.c, store_ref.c, store_tls.c,
 * store_worktree.c) share and nothing else
 * sees: libgit2 and operating-system error capture, the HEAD check, git's
 * lock files and reference moves, and the working tree. Only the store's
 * files include it, as only they include <git2.h>.
 */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <git2.h>

#include "store/store.h"

/* The files of the store call each other downwards only (circles.py
 * checks it): store_os.c, then store_repo.c, then store_ref.c and
 * store_worktree.c, then store.c and the rest. */

/* ---- store_repo.c: the handle, libgit2's errors, the HEAD check ---- */

/* What store_worktree.c keeps between the actions of one handle (the view
 * read from git's configuration), freed with the store. */
typedef struct store_wt_cache store_wt_cache;

/* The credentials git's helpers gave for a URL and the server took, kept
 * by store_remote.c for the next operation of the same handle on that URL
 * (a sync's push after its fetch: one `git credential fill` and `approve`,
 * as one `git push` makes), freed (and wiped) with the store. */
typedef struct store_kept_cred {
	char *url;           /* the URL they were given for */
	char *username;
	char *password;      /* wiped when freed */
} store_kept_cred;
void store_kept_cred_free(store_kept_cred *kept);

struct dossier_store {
	git_repository *repo;
	char *path;          /* working tree, or git dir when bare; no trailing '/' */
	bool bare;
#if DOSSIER_TEST_SEAMS
	store_seam_fn seam;
	void *seam_payload;
#endif
	char *warning;       /* what the last txn_commit could not do, or NULL */
	store_wt_cache *wt_cache;  /* store_worktree.c's, between actions */
	store_kept_cred *kept_cred;  /* store_remote.c's, between remote operations */
	char *objects_dir;   /* store_loose.c's: ".../objects/", read once */
	bool loose_fsync;    /* store_loose.c's: core.fsyncObjectFiles */
	struct store_tree_cache *tree_cache;  /* store_tree.c's: directories kept parsed */
};

/* Set err to "<what we were doing>: <libgit2's message>" and return the
 * code (DOSSIER_ENOMEM when libgit2 ran out of memory). */
int store_git_failure(dossier_error *err, int code, const char *fmt, ...) DOSSIER_PRINTF(3, 4);

/* Whether HEAD is a symbolic reference to the dossier's branch. */
bool store_head_is_branch(git_repository *repo);

/* Add a warning (taken; NULL is nothing) to store_warning(), on its own line. */
void store_add_warning(dossier_store *store, char *warning);
store_wt_cache **store_wt_cache_slot(dossier_store *store);

/* ---- store_os.c: the operating system and git's lock files ---- */

/* strerror in git's lowercase style ("no space left on device"). */
#define STORE_OS_ERROR_MAX 128
void store_os_error(char buf[STORE_OS_ERROR_MAX], int errnum);
/* Set err to "<what we were doing>: <the OS's reason>" and return the code. */
int store_os_failure(dossier_error *err, int errnum, const char *fmt, ...) DOSSIER_PRINTF(3, 4);
/* Create the missing directories of `path` (not its last component), below
 * its first `keep` bytes. 0, or -1 with errno. */
int store_mkdirs(const char *path, size_t keep);
/* write() all of it. 0, or -1 with errno. */
int store_write_all(int fd, const void *data, size_t len);
/* Create git's lock file `lock_path` (O_EXCL), trying `tries` times while
 * another process holds it (1 ms, doubling up to 20 ms between tries);
 * `what` names the locked thing for messages. A lock still held then is
 * DOSSIER_EFAIL with a hint naming the file. */
#define STORE_LOCK_TRIES_REF 200    /* about four seconds: the branch, a tag */
#define STORE_LOCK_TRIES_INDEX 60   /* about one second: git's index */
int store_lock_create(int *fd, const char *lock_path, const char *what, unsigned tries,
	dossier_error *err);

/* ---- store_ref.c: references moved as git does ---- */

/* A reference held by its lock file, which already holds the new id. */
typedef struct store_reflock {
	char *ref_path;
	char *lock_path;
	int fd;
	bool held;
} store_reflock;

/* Lock `refname`, check that it points at `expect` (NULL: that it does not
 * exist; DOSSIER_ECONFLICT otherwise) and write `id` into the lock file.
 * Nothing is visible until store_reflock_commit. */
int store_reflock_take(store_reflock *l, git_repository *repo, const char *refname,
	const git_oid *expect, const git_oid *id, dossier_error *err);
/* Move the reference (rename the lock file into place); releases l. */
int store_reflock_commit(store_reflock *l, dossier_error *err);
/* Give up: the lock file is removed, the reference stays. Accepts a
 * released or zeroed l. */
void store_reflock_release(store_reflock *l);
/* Append the reflog line of a move of `refname` from `old` (NULL: created)
 * to `new_id`, and HEAD's when HEAD points at the branch, where git would
 * keep one. Called only after the move: a line is never written for a
 * move that did not happen, and one cut short is undone. Returns a
 * warning when it could not be written (caller frees), else NULL. */
char *store_reflog_append(git_repository *repo, const char *refname, const git_oid *old,
	const git_oid *new_id, const char *name, const char *email, const char *message);

/* ---- store_worktree.c: the working tree and git's index ---- */

/* Bring the working tree and git's index to the tip of the branch, when
 * the repository has a working tree and HEAD is the branch (docs/git-store.md,
 * "The working tree"). Never fails: returns what it could not do, or the
 * files it kept because they were changed by hand, as a warning for the
 * user (caller frees), or NULL. */
typedef struct store_blob_hint {
	const git_oid *id;
	const char *data;
	size_t len;
} store_blob_hint;
/* What txn_commit knows of the commit it just made, so that the update
 * need not read it back (all borrowed; the blobs may be none). */
typedef struct store_sync_hint {
	const git_oid *commit;
	git_tree *tree;               /* the commit's tree */
	const git_commit *parent;     /* its first parent, or NULL */
	const store_blob_hint *blobs;
	size_t nblobs;
} store_sync_hint;
/* hint may be NULL; it is used only if the branch is still at hint->commit. */
char *store_worktree_sync(dossier_store *store, const store_sync_hint *hint);
void store_wt_cache_free(store_wt_cache *cache);
/* Write the view of store_worktree_view (git's configuration and
 * info/sparse-checkout) without touching the working tree. */
int store_worktree_set_view(dossier_store *store, const char *const *dirs, size_t n, dossier_error *err);
/* ---- store_loose.c: loose objects written by the store ---- */

/* Write an object (its id into *out) as a loose object of git's, a zlib
 * stream of stored blocks, complete before it appears under its name; one
 * already there is left as it is. */
int store_loose_write(git_oid *out, dossier_store *store, git_object_t type, const void *data, size_t len,
	dossier_error *err);

/* ---- store_tree.c: the trees of a transaction, and the directories kept parsed ---- */

/* What git_tree_create_updated(out, repo, base, n, updates) does (a
 * directory left empty disappears), the updates sorted by path (strcmp),
 * each new tree written by store_loose_write; the directories read or
 * written are kept parsed in the handle by id for the next transaction.
 * packed (a bulk import): the new trees written together as one more pack
 * (store_pack_objects) instead, and not kept. */
typedef struct store_tree_cache store_tree_cache;
int store_tree_update(git_oid *out, dossier_store *store, const git_tree *base, const git_tree_update *updates,
	size_t n, bool packed, dossier_error *err);
void store_tree_cache_free(store_tree_cache *cache);

/* ---- store_tls.c: whom an HTTPS remote is trusted to be, as git decides ---- */

typedef struct store_tls store_tls;
/* git's TLS settings for `url` (http.sslVerify, http.sslCAInfo,
 * http.sslCAPath, also as http.<url>.*, GIT_SSL_NO_VERIFY, GIT_SSL_CAINFO,
 * GIT_SSL_CAPATH, else SSL_CERT_FILE and SSL_CERT_DIR) from repo's
 * configuration and the environment. NULL when out of memory. */
store_tls *store_tls_new(git_repository *repo, const char *url);
void store_tls_free(store_tls *t);
/* libgit2's certificate check of `host` (`valid`: libgit2's own verdict):
 * 0 trusted, GIT_PASSTHROUGH libgit2's verdict stands, GIT_ECERTIFICATE
 * refused with libgit2's error message set. */
int store_tls_check(store_tls *t, git_cert *cert, int valid, const char *host);
/* What the user can do about the last refusal (borrowed), or NULL. */
const char *store_tls_hint(const store_tls *t);

/* ---- test seams (-Dtest_seams, docs/git-store.md) ---- */
#if DOSSIER_TEST_SEAMS
void store_seam_call(dossier_store *store, store_seam point);
#define STORE_SEAM(store, point) store_seam_call((store), (point))
#else
#define STORE_SEAM(store, point) ((void)(store))
#endif

/* The one walk of the history (store_walk, store_walk_range): from `tip`,
 * leaving out `hide` and its ancestors when not NULL, parents before
 * children, fn called with each commit's snapshot until it returns
 * non-zero (which is returned). `what` names the history in an error. */
int store_revwalk(dossier_store *store, const git_oid *tip, const git_oid *hide, store_walk_fn fn,
	void *payload, const char *what, dossier_error *err);

#endif
