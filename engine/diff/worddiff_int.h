/*
 * worddiff_int.h: private helpers of the word-level diff shared with the
 * structural diff: the tokeniser (Unicode words and single punctuation
 * marks, whitespace dropped), a 64-bit string hash, and Myers' diff on
 * sequences of integers. The edit script has its own operations, so this
 * header needs only the error type, not the public diff.h.
 */
#ifndef DOSSIER_WORDDIFF_INT_H
#define DOSSIER_WORDDIFF_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/error.h"

typedef struct wd_token {
	size_t off;    /* byte offset in the text */
	size_t len;    /* bytes */
	int word;      /* 1: letters, marks and digits; 0: a punctuation mark or symbol */
} wd_token;

/* Split valid UTF-8 into tokens. *out is NULL when there is none. */
int wd_tokenize(wd_token **out, size_t *n, const char *s, size_t len);

/* The hashes (wd_hash with seed) of the word tokens of s, in order,
 * appended to out: what wd_tokenize's word tokens give, without the
 * tokens. 0 or DOSSIER_ENOMEM (out keeps what it had). */
typedef struct wd_hashes {
	uint64_t *v;
	size_t n, cap;
} wd_hashes;
int wd_word_hashes(wd_hashes *out, const char *s, uint64_t seed);

/* NFC of valid or invalid UTF-8 like dossier_utf8_nfc, with a fast path:
 * text whose every character is certainly in NFC already (ASCII, Latin
 * letters below U+0300, precomposed Vietnamese letters, common
 * punctuation) is only checked and copied. */
int wd_nfc(char **out, const char *s, size_t len, dossier_error *err);

/* FNV-1a, 64 bits, with a seed to make distinct families of hashes. */
uint64_t wd_hash(const char *s, size_t n, uint64_t seed);

/* One step of an edit script: `count` elements from a (DELETE), from b
 * (INSERT) or common to both (EQUAL), starting at ai/bi. */
typedef enum {
	WD_EQUAL = 0,
	WD_DELETE = 1,   /* only in a */
	WD_INSERT = 2,   /* only in b */
} wd_op;

typedef struct wd_edit {
	wd_op op;
	size_t ai, bi, count;
} wd_edit;

/* Shortest edit script from a to b (Myers, linear space). Adjacent steps of
 * the same operation are merged; *out is NULL when both are empty. */
int wd_myers(wd_edit **out, size_t *n, const uint32_t *a, size_t na,
	const uint32_t *b, size_t nb);

#endif
