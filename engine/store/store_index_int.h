/*
 * store_index_int.h: git's index file, read and written by the store
 * itself (store_index.c) for the working tree (store_worktree.c). libgit2
 * 1.5 can read neither a sparse index nor a partial update, and rewrites
 * and re-hashes the whole index on every checkout; this one keeps the
 * entries as they are on disk and is as cheap as the index is small.
 */
#ifndef DOSSIER_STORE_INDEX_INT_H
#define DOSSIER_STORE_INDEX_INT_H

#include <stdint.h>

#include "store/store_int.h"
#include "base/util.h"

#define IDX_ASSUME_VALID 0x8000u   /* flags */
#define IDX_STAGE_MASK 0x3000u
#define IDX_SKIP_WORKTREE 0x4000u  /* xflags */
#define IDX_INTENT_TO_ADD 0x2000u
#define IDX_MODE_DIR 0040000u      /* a sparse directory entry, "comments/" */

/* One entry, as git stores it (stat data truncated to 32 bits). */
typedef struct store_ientry {
	uint32_t ctime_s, ctime_ns, mtime_s, mtime_ns, dev, ino, mode, uid, gid, size;
	git_oid id;
	uint16_t flags;    /* assume-valid and stage; the name length is recomputed */
	uint16_t xflags;   /* skip-worktree and intent-to-add */
	char *path;        /* a directory entry ends with '/' */
	size_t len;
} store_ientry;

typedef struct store_index {
	store_ientry *e;   /* sorted by path (bytes), then stage */
	size_t n, cap;
} store_index;

/* Read the index at `path` (versions 2, 3 and 4, with or without sparse
 * directory entries). A missing file is an empty index. Optional
 * extensions (the cache tree, the untracked cache, ...) are dropped: they
 * are rebuilt by git when it wants them. A split index and unknown
 * mandatory extensions are refused (DOSSIER_EFAIL, naming them). */
int store_index_read(store_index *idx, const char *path, dossier_error *err);
/* Append a copy of `e` (its path is copied). */
int store_index_add(store_index *idx, const store_ientry *e);
/* Serialise the index (version 2, or 3 when an entry has extended flags;
 * the "sdir" extension when it has directory entries) into `out`. */
int store_index_serialise(dstr *out, const store_index *idx);
void store_index_clear(store_index *idx);

#endif
