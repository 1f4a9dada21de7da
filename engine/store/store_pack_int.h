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

#endif
