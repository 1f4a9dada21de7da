/*
 * document_int.h: private helpers of the document model shared with the
 * text parser and writer (engine/textparse*.c): string vectors and the
 * value of a number as written. Not part of the public API.
 */
#ifndef DOSSIER_DOCUMENT_INT_H
#define DOSSIER_DOCUMENT_INT_H

#include <stddef.h>

/* Append a copy of s (NULL: "") to a string vector. 0 or DOSSIER_ENOMEM. */
int dossier_strv_add(char ***v, size_t *n, const char *s);

/* The numeric value of a number as written: Arabic "12", Roman "XIV", an
 * ordinal word ("thứ nhất", "nhất", "First", "one"); 0 when it has none. */
unsigned dossier_num_value(const char *num);

#endif
