/*
 * common.h: what every public header of libdossier shares: the export
 * macro and the return codes.
 *
 * Conventions (see STYLE.md): out-parameters first, then the object, then
 * options; functions return 0 on success or a negative dossier_code; every
 * *_free accepts NULL; a pointer returned by value is borrowed.
 */
#ifndef DOSSIER_COMMON_H
#define DOSSIER_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define DOSSIER_API __attribute__((visibility("default")))
#else
#define DOSSIER_API
#endif

#if defined(__GNUC__)
#define DOSSIER_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DOSSIER_PRINTF(f, a)
#endif

/*
 * Return codes. The command line maps them onto its exit status:
 * EINVALID and ENOTFOUND exit 2, EREFUSED exits 3, everything else 1.
 */
typedef enum {
	DOSSIER_OK = 0,
	DOSSIER_EFAIL = -1,     /* I/O or repository failure */
	DOSSIER_EINVALID = -2,  /* invalid input: a file, an argument */
	DOSSIER_EREFUSED = -3,  /* refused by the workflow */
	DOSSIER_ENOTFOUND = -4, /* a named thing does not exist */
	DOSSIER_ECONFLICT = -5, /* someone else moved the dossier meanwhile */
	DOSSIER_ENOMEM = -6,    /* out of memory */
} dossier_code;

/* What every JSON output of the engine carries as its first field,
 * "format": the major version of its stable form (docs/cli.md, "JSON
 * output"): fields are added, never renamed or removed, within it. */
#define DOSSIER_JSON_FORMAT "dossier/1"

/* The library's version, "MAJOR.MINOR.PATCH". */
DOSSIER_API const char *dossier_version(void);

#endif
