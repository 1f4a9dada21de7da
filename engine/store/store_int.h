/*
 * store_int.h: what the store's own files (store.c, store_remote.c,
 * store_pack.c) share and nothing else sees: libgit2 error capture, the
 * HEAD check and the working-tree checkout that keeps hand edits. Only
 * the store's files include it, as only they include <git2.h>.
 */
#ifndef DOSSIER_STORE_INT_H
#define DOSSIER_STORE_INT_H

#include <git2.h>

#include "store/store.h"

/* Set err to "<what we were doing>: <libgit2's message>" and return the
 * code (DOSSIER_ENOMEM when libgit2 ran out of memory). */
int store_git_failure(dossier_error *err, int code, const char *fmt, ...) DOSSIER_PRINTF(3, 4);

/* Whether HEAD is a symbolic reference to the dossier's branch. */
bool store_head_is_branch(git_repository *repo);

/* "the working tree was not updated: <libgit2's last error>; …", for the
 * store's warning; clears libgit2's error. Caller frees. */
char *store_worktree_failure(void);

/* Bring the working tree and the index from `baseline` to `target`, for
 * `paths` only (NULL: every path). A file changed by hand is kept, not
 * overwritten. Never fails: returns what it could not do as a warning
 * for the user (caller frees), or NULL. */
char *store_checkout(git_repository *repo, const git_object *target, git_tree *baseline,
	char **paths, size_t npaths);

#endif
