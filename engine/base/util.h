/*
 * util.h: small private helpers shared by the engine modules: a growable
 * string buffer, file reading (util_file.c), string duplication and the
 * edit distance behind "did you mean". Not part of the public API.
 */
#ifndef DOSSIER_UTIL_H
#define DOSSIER_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/error.h"
#include "dossier/i18n.h"

/* A message for people, translated now (the "dossier" domain of
 * docs/i18n.md), and one only marked for xgettext, translated where it is
 * used. */
#define _(msgid) dossier_tr(msgid)
#define N_(msgid) msgid
#define P_(msgid, plural, n) dossier_trn(msgid, plural, n)

typedef struct dstr {
	char *ptr;   /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	int oom;     /* set once an allocation failed; later appends do nothing */
} dstr;

#define DSTR_INIT { NULL, 0, 0, 0 }

int dstr_add(dstr *s, const char *data, size_t len);
int dstr_adds(dstr *s, const char *str);
int dstr_addc(dstr *s, char c);
int dstr_addf(dstr *s, const char *fmt, ...) DOSSIER_PRINTF(2, 3);
int dstr_addvf(dstr *s, const char *fmt, va_list ap);
/* Hand the buffer to the caller (an empty string rather than NULL); s is reset. */
char *dstr_detach(dstr *s);
void dstr_free(dstr *s);

char *util_strdup(const char *s);
char *util_strndup(const char *s, size_t n);
char *util_sprintf(const char *fmt, ...) DOSSIER_PRINTF(1, 2);

/* Read a whole file. The buffer is NUL-terminated (not counted in *len).
 * Errors name the path. */
int util_read_file(char **out, size_t *len, const char *path, dossier_error *err);

/* Levenshtein distance over bytes, capped at `max` + 1. */
size_t util_edit_distance(const char *a, const char *b, size_t max);

/* The candidate closest to `word` when close enough to suggest, else NULL.
 * `candidates` has `n` entries. */
const char *util_closest(const char *word, const char *const *candidates, size_t n);

/* The character at s[0..len) (len >= 1) as dossier_text_check() sees it:
 * its length in *n (1 for a byte that is not UTF-8), its code point (or
 * the byte) in *cp, and a dossier_text_problem, DOSSIER_TEXT_OK when a
 * record may hold it. For scanners that check as they go (input.c). */
int util_text_char(const char *s, size_t len, size_t *n, uint32_t *cp);

/* dossier_text_check(), or with controls_ok only what is not UTF-8 and
 * NUL bytes: for a reader that has its own rule for control characters
 * (a draft's form feed is dropped, JSON escapes them). `fault` is a
 * dossier_text_fault (dossier/input.h). */
struct dossier_text_fault;
int util_utf8_check(struct dossier_text_fault *fault, const char *s, size_t len, bool controls_ok);

/* s for a message, in double quotes, with line breaks, tabs, quotes,
 * backslashes and other control characters escaped as C does
 * ("art_1\nghost", "\x7f"); other bytes as they are. NULL is "". Caller
 * frees; NULL without memory. */
char *util_quote(const char *s);

/* fn(a) and fn(b) at once, b on a second thread (both cores for work
 * that shares nothing: an import's records); one after the other when
 * no thread can be started. Returns when both are done. */
void util_both(void (*fn)(void *), void *a, void *b);

/* Append a copy of s (NULL: "") to a string vector. 0 or DOSSIER_ENOMEM. */
int util_strv_add(char ***v, size_t *n, const char *s);

#endif
