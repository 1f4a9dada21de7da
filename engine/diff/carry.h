/*
 * carry.h: the diff module's interface for the façade: where the
 * provisions that comments were made on stand in a later revision, from
 * the two documents (the façade reads them; dossier_comments_carry).
 */
#ifndef DOSSIER_DIFF_CARRY_H
#define DOSSIER_DIFF_CARRY_H

#include "dossier/diff.h"

/* For every comment of `comments` made on revision `from_rev` (its
 * revision name read by dossier_revision_number), where its provision
 * stands in `to` (revision `to_rev`), by the alignment of
 * dossier_diff_new. The items borrow the comments. */
int carry_build(dossier_carry **out, const dossier_document *from, const dossier_document *to,
	unsigned from_rev, unsigned to_rev, const dossier_comment_list *comments, dossier_error *err);

/* The fate of an old provision that the diff aligned as `it` (diff.c; the
 * end of dossier_diff_locate, for the provision map's index). */
dossier_fate diff_item_fate(const dossier_node **new_node, bool *changed,
	const dossier_diff_item *it, const char *old_eid);

#endif
