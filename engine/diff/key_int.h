/*
 * key_int.h: the hash of a provision's identity key (diff.c), for the
 * diff's unit tests: its heading and texts (and its sub-provisions' when
 * with_children), numbers aside, every run of whitespace one space, none
 * at either end; hashed as the node is walked, without copying it. Private
 * to the diff module.
 */
#ifndef DOSSIER_DIFF_KEY_INT_H
#define DOSSIER_DIFF_KEY_INT_H

#include <stdint.h>

#include "dossier/document.h"

/* 0, or DOSSIER_ENOMEM (a quotation's text could not be joined). */
int diff_key_hash(uint64_t *out, const dossier_node *n, int with_children);

#endif
