/*
 * test_seams.h: where a test suite may stop an action as a crash would.
 * For tests only: the functions exist in a library built with test seams
 * (meson option `test_seams`, on by default in a development build with
 * tests, off in a release build), and this header is not installed
 * (docs/git-store.md, "Test seams").
 */
#ifndef DOSSIER_TEST_SEAMS_H
#define DOSSIER_TEST_SEAMS_H

#include "facade.h"

typedef enum dossier_seam {
	DOSSIER_SEAM_BEFORE_REF = 1,  /* the objects are written, the branch has not moved */
	DOSSIER_SEAM_AFTER_REF,       /* the branch moved, the working tree is not updated */
	DOSSIER_SEAM_WORKTREE,        /* the working tree's files are written, git's index is not */
} dossier_seam;

typedef void (*dossier_seam_fn)(dossier_seam point, void *payload);

/* Call fn at each seam of the actions of `d` (NULL: none). */
DOSSIER_API void dossier_set_seam_hook(dossier *d, dossier_seam_fn fn, void *payload);

#endif
