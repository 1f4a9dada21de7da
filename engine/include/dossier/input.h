/*
 * input.h: the check every string passes at the boundary before it may
 * enter a dossier's records: command-line options, files read as text,
 * the fields of an import, the strings of a workflow, the text and
 * attributes of a draft. One check, so that what one front end accepts
 * the others accept too (docs/data-model.md, "What a record may hold").
 *
 * A record holds text that JSON and XML 1.0 can both carry: well-formed
 * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), without NUL bytes, without control characters other than tab,
 * line feed and carriage return, and without the non-characters U+FFFE and
 * U+FFFF.
 */
#ifndef DOSSIER_INPUT_H
#define DOSSIER_INPUT_H

#include "error.h"

typedef enum {
	DOSSIER_TEXT_OK = 0,
	DOSSIER_TEXT_BAD_UTF8,   /* a byte that is not well-formed UTF-8 */
	DOSSIER_TEXT_NUL,        /* a NUL byte */
	DOSSIER_TEXT_CONTROL,    /* a control character other than tab, line feed, carriage return */
	DOSSIER_TEXT_NONCHAR,    /* U+FFFE or U+FFFF */
} dossier_text_problem;

/* Where a string first goes wrong. */
typedef struct dossier_text_fault {
	dossier_text_problem problem;
	size_t offset;       /* byte offset of the first bad byte or character */
	unsigned line;       /* 1-based: line feeds before it, plus one */
	unsigned column;     /* 1-based, counted in characters from the line's start */
	uint32_t value;      /* the bad byte (BAD_UTF8), or the character (CONTROL, NONCHAR) */
} dossier_text_fault;

/* 0 when s[0..len) may enter a record; otherwise DOSSIER_EINVALID with the
 * first fault in *fault (may be NULL). NUL-terminated strings are checked
 * with len = strlen(s); a NUL inside `len` bytes is a fault. */
DOSSIER_API int dossier_text_check(dossier_text_fault *fault, const char *s, size_t len);

/* What the fault is, for a message: "invalid UTF-8 (byte 0xff)", "a NUL
 * byte", "control character U+0007", "non-character U+FFFF". Returns buf
 * (size >= 40 is enough). */
DOSSIER_API const char *dossier_text_fault_describe(char *buf, size_t size, const dossier_text_fault *fault);

/*
 * The check as an error. With a path, the error is placed at
 * path:line:column of the fault and reads "invalid UTF-8 (byte 0xff)";
 * without one, `what` names the input and the message reads "option
 * '--text' holds invalid UTF-8 (byte 0xff) at character 3" (the line too
 * when the string has several). `field` (may be NULL) goes into
 * err->field, for a front end that maps it onto a form field.
 */
DOSSIER_API int dossier_text_check_error(const char *s, size_t len, const char *path,
	const char *what, const char *field, dossier_error *err);

/* ---- revision names ---------------------------------------------------- */

/* The largest revision number of a dossier ("v1000000"). */
#define DOSSIER_REVISION_MAX 1000000u

/* N of a revision name "vN" (or "VN"): N from 1 to DOSSIER_REVISION_MAX in
 * decimal digits, with no sign, blank or leading zero; 0 for anything else
 * and for NULL. The one reading of a revision name, for every module and
 * front end. */
DOSSIER_API unsigned dossier_revision_number(const char *s);

#endif
