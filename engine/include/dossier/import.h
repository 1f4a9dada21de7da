/*
 * import.h: bulk comments into a dossier (issue 8): the comments a public
 * consultation collected elsewhere (the national portal's export), as JSON
 * Lines or CSV, recorded as one event by the drafting agency, each comment
 * keeping its own author. All or nothing: every problem of every record is
 * reported with its line and nothing is written while any remains. The
 * format is documented in docs/import.md.
 */
#ifndef DOSSIER_IMPORT_H
#define DOSSIER_IMPORT_H

#include "facade.h"

typedef enum {
	DOSSIER_IMPORT_DETECT = 0,  /* by the file's extension, else by its first character */
	DOSSIER_IMPORT_JSONL,
	DOSSIER_IMPORT_CSV,
} dossier_import_format;

/* Progress of a long import: `done` of `total` records in `phase`
 * ("checking", "writing"). */
typedef void (*dossier_progress_fn)(const char *phase, size_t done, size_t total, void *payload);

typedef struct dossier_import_options {
	unsigned version;
	dossier_import_format format;
	dossier_progress_fn progress;   /* may be NULL */
	void *progress_payload;
} dossier_import_options;
#define DOSSIER_IMPORT_OPTIONS_VERSION 1
#define DOSSIER_IMPORT_OPTIONS_INIT { DOSSIER_IMPORT_OPTIONS_VERSION, DOSSIER_IMPORT_DETECT, NULL, NULL }

typedef struct dossier_import_result {
	size_t records;        /* comments imported */
	size_t participants;   /* of which by the workflow's participants */
	size_t external;       /* of which by the public (ids pub-N) */
} dossier_import_result;

/* Import the comments of `path` as one event by the acting participant,
 * who must be the drafting agency (a role that may respond), in a stage
 * with comments open. Invalid records: DOSSIER_EINVALID with every problem
 * in diags (PATH:LINE), nothing written. */
DOSSIER_API int dossier_import(dossier_import_result *out, dossier *d, const char *path,
	const dossier_import_options *opts, dossier_diags *diags, dossier_error *err);

#endif
