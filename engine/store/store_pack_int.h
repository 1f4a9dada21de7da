/*
 * store_pack.h: writing many blobs as one pack (store_pack.c). Private to
 * the store's files (store*.c), the only ones that may include git2.h.
 */
#ifndef DOSSIER_STORE_PACK_H
#define DOSSIER_STORE_PACK_H

#include <git2.h>

#include "store/store.h"

/* Write files[i].data as blobs in one new pack in the repository's object
 * database, ids[i] receiving each blob's id (n of them). Returns 0, or -1
 * with the reason in git_error_last(). progress (may be NULL) is called
 * every 1024 objects and at the end. */
int store_pack_blobs(git_oid *ids, git_repository *repo, const store_file *files, size_t n,
	store_progress_fn progress, void *payload);

/* The same in two steps: store_pack_start computes the ids (on both
 * cores) and starts writing the pack on a thread of its own (or writes it
 * at once when no thread can be started); files must stay as they are
 * until store_pack_finish, which waits for the pack, installs it in the
 * object database and frees the job (NULL: nothing to wait for). Both
 * return 0, or -1 with the reason in git_error_last(); *out is NULL when
 * n is 0 or on failure. */
typedef struct store_pack_job store_pack_job;
int store_pack_start(store_pack_job **out, git_oid *ids, git_repository *repo, const store_file *files,
	size_t n, store_progress_fn progress, void *payload);
int store_pack_finish(store_pack_job *job, git_repository *repo);

/* Objects of one type (GIT_OBJECT_TREE: the trees of a bulk import,
 * store_tree.c) whose ids are known, written now as one more pack and
 * installed in the object database. 0, or -1 with the reason in
 * git_error_last(). */
int store_pack_objects(git_repository *repo, const store_file *objects, const git_oid *ids, size_t n, int type);

#endif
