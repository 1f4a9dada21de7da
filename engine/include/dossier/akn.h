/*
 * akn.h: a document to and from Akoma Ntoso 3.0 XML (libxml2 only here).
 *
 * The output validates against the OASIS schema; our own output round-trips
 * byte for byte (model -> XML -> model -> XML).
 */
#ifndef DOSSIER_AKN_H
#define DOSSIER_AKN_H

#include "document.h"

/* Options for writing; DOSSIER_AKN_OPTIONS_INIT gives the defaults. */
typedef struct dossier_akn_options {
	unsigned version;
	const char *work_date;   /* FRBR date (YYYY-MM-DD); NULL: the preface's date, else today */
	const char *author;      /* TLC id of the issuing body, without '#'; NULL: derived */
} dossier_akn_options;

#define DOSSIER_AKN_OPTIONS_VERSION 1
#define DOSSIER_AKN_OPTIONS_INIT { DOSSIER_AKN_OPTIONS_VERSION, NULL, NULL }

/* Serialise. *out is a NUL-terminated UTF-8 XML document, caller frees. */
DOSSIER_API int dossier_akn_write(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err);

/* Parse AKN 3.0 into the model. Unsupported constructs are kept as text or
 * reported in diags as warnings, never silently lost. */
DOSSIER_API int dossier_akn_read(dossier_document **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err);

/* Validate XML against the AKN 3.0 schema at `xsd_path`, offline. Every
 * schema error goes into diags with its line. */
DOSSIER_API int dossier_akn_validate(const char *xsd_path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err);

#endif
