/*
 * error.h: the error object and the diagnostics list.
 *
 * The engine never prints and never exits. A function that can fail takes a
 * `dossier_error *err` as its last parameter (NULL is allowed: the caller does
 * not want the details) and fills it when it returns a negative code. The
 * error carries a place (path, 1-based line and column) where there is one,
 * and a hint: what would allow the action, or "did you mean".
 *
 * A validation that reports every problem in one run collects them in a
 * dossier_diags list instead of stopping at the first.
 */
#ifndef DOSSIER_ERROR_H
#define DOSSIER_ERROR_H

#include <stdarg.h>

#include "common.h"

typedef struct dossier_error {
	int code;        /* a dossier_code; 0 when no error is set */
	char *message;   /* lowercase, no trailing full stop, git's style */
	char *path;      /* the file the error is in, or NULL */
	unsigned line;   /* 1-based; 0 when unknown */
	unsigned column; /* 1-based; 0 when unknown */
	char *hint;      /* what would allow it, or "did you mean …", or NULL */
	char *field;     /* the input at fault when it came through an API call rather
	                  * than a file: the option or member name ("text", "reason"),
	                  * for a front end that maps it onto a form field; or NULL */
	const char *tag; /* a stable machine-readable name, "late-comment"
	                  * (docs/errors.md), or NULL; a static string, never freed */
} dossier_error;

#define DOSSIER_ERROR_INIT { 0, NULL, NULL, 0, 0, NULL, NULL, NULL }

/* Release what the error holds and reset it to DOSSIER_ERROR_INIT. NULL is fine. */
DOSSIER_API void dossier_error_clear(dossier_error *err);

/* Set the error (replacing any earlier one) and return `code`, so that
 * `return dossier_error_set(err, DOSSIER_EINVALID, "...")` reads naturally. */
DOSSIER_API int dossier_error_set(dossier_error *err, int code, const char *fmt, ...)
	DOSSIER_PRINTF(3, 4);
DOSSIER_API int dossier_error_setv(dossier_error *err, int code, const char *fmt, va_list ap);

/* The same with a place. */
DOSSIER_API int dossier_error_set_at(dossier_error *err, int code, const char *path,
	unsigned line, unsigned column, const char *fmt, ...) DOSSIER_PRINTF(6, 7);

/* Name the input field at fault on an error already set (see `field`). */
DOSSIER_API void dossier_error_set_field(dossier_error *err, const char *field);

/* Attach a hint to an error already set. */
DOSSIER_API void dossier_error_set_hint(dossier_error *err, const char *fmt, ...)
	DOSSIER_PRINTF(2, 3);

/* Name the error for programs: `tag` is one of the stable names of
 * docs/errors.md ("late-comment", "unknown-provision"), a string literal
 * (it is kept, not copied). Setting the error again clears it. */
DOSSIER_API void dossier_error_set_tag(dossier_error *err, const char *tag);

/* The error's stable name: its tag, else a name for its code
 * ("invalid-input", "refused", "not-found", "conflict", "failure",
 * "out-of-memory"); NULL when no error is set. Borrowed. */
DOSSIER_API const char *dossier_error_tag(const dossier_error *err);

/* Move src into dst (dst is cleared first; src is left empty). */
DOSSIER_API void dossier_error_move(dossier_error *dst, dossier_error *src);

/* "PATH:LINE:COL: error: MESSAGE" (the place parts only where known).
 * Returns a new string the caller frees, or NULL without memory. */
DOSSIER_API char *dossier_error_format(const dossier_error *err);

typedef enum {
	DOSSIER_SEVERITY_ERROR = 0,
	DOSSIER_SEVERITY_WARNING = 1,
	DOSSIER_SEVERITY_NOTE = 2,
} dossier_severity;

typedef struct dossier_diag {
	dossier_severity severity;
	char *code;    /* a stable code documented in docs/, e.g. "unknown-key" */
	char *message;
	char *path;
	unsigned line, column; /* 1-based; 0 when unknown */
	char *hint;    /* "did you mean 'workshop'?" or NULL */
} dossier_diag;

typedef struct dossier_diags dossier_diags;

DOSSIER_API int dossier_diags_new(dossier_diags **out);
DOSSIER_API void dossier_diags_free(dossier_diags *diags);

/* Append a diagnostic. Returns 0, or DOSSIER_ENOMEM. */
DOSSIER_API int dossier_diags_add(dossier_diags *diags, dossier_severity severity,
	const char *code, const char *path, unsigned line, unsigned column,
	const char *fmt, ...) DOSSIER_PRINTF(7, 8);
/* Attach a hint to the last diagnostic added. */
DOSSIER_API void dossier_diags_hint(dossier_diags *diags, const char *fmt, ...)
	DOSSIER_PRINTF(2, 3);

DOSSIER_API size_t dossier_diags_count(const dossier_diags *diags);
DOSSIER_API size_t dossier_diags_errors(const dossier_diags *diags);
DOSSIER_API const dossier_diag *dossier_diags_get(const dossier_diags *diags, size_t i);

/* Sort by path, line, column (stable), so that a report reads top to bottom. */
DOSSIER_API void dossier_diags_sort(dossier_diags *diags);

/* "PATH:LINE:COL: error: MESSAGE [code]" followed, where there is one, by
 * " (HINT)". The caller frees the string. */
DOSSIER_API char *dossier_diag_format(const dossier_diag *diag);

#endif
