/*
 * akn.h: a document to and from Akoma Ntoso 3.0 XML (libxml2 only here).
 *
 * The output validates against the OASIS schema; our own output round-trips
 * byte for byte (model -> XML -> model -> XML).
 */
#ifndef DOSSIER_AKN_H
#define DOSSIER_AKN_H

#include "document.h"

/* The Akoma Ntoso 3.0 namespace. */
#define DOSSIER_AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

/* Options for writing; DOSSIER_AKN_OPTIONS_INIT gives the defaults.
 * Version 1 has work_date and author; version 2 adds drafter. */
typedef struct dossier_akn_options {
	unsigned version;
	const char *work_date;   /* FRBR date (YYYY-MM-DD); NULL: the preface's date, else
	                          * the fixed 1970-01-01 (never the clock: output is reproducible) */
	const char *author;      /* name of the issuing body ("Chính phủ"); NULL: the preface's
	                          * issuer. Its TLC id is derived from it (ASCII, lower case) */
	const char *drafter;     /* name of the drafting body ("Bộ Xây dựng"), or NULL */
} dossier_akn_options;

#define DOSSIER_AKN_OPTIONS_VERSION 2
#define DOSSIER_AKN_OPTIONS_INIT { DOSSIER_AKN_OPTIONS_VERSION, NULL, NULL, NULL }

/* Serialise as <bill name="KIND"> (docs/akn.md). *out is a NUL-terminated
 * UTF-8 XML document the caller frees; *len (may be NULL) its length. A
 * document without any provision is DOSSIER_EINVALID (AKN needs one). */
DOSSIER_API int dossier_akn_write(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err);

/* Parse AKN 3.0 into the model. Unsupported constructs are kept as text or
 * reported in diags (may be NULL) as warnings with their line, never
 * silently lost. XML that is not well formed, or a root that is not
 * akomaNtoso in the 3.0 namespace, is DOSSIER_EINVALID with the place; so
 * is an eId that dossier_akn_eid_check() refuses (code akn-eid) and an eId
 * held by two provisions (akn-duplicate-eid), each in diags with its line.
 * `path` names the input in messages (may be NULL). */
DOSSIER_API int dossier_akn_read(dossier_document **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err);

/* The longest eId dossier takes, in bytes. */
#define DOSSIER_AKN_EID_MAX 256

/* Whether `eid` follows the grammar of the AKN naming convention as
 * dossier takes it (docs/akn.md): components joined by "__", each a name
 * of ASCII letters and digits beginning with a letter, then "_"-separated
 * parts of letters, digits, '-' and '.' ("art_5__para_2__point_dd",
 * "sec_5A__subsec_2-1"), at most DOSSIER_AKN_EID_MAX bytes. NULL when it
 * does, else why not ("it holds a line break"), a static string. */
DOSSIER_API const char *dossier_akn_eid_check(const char *eid);

/* Validate XML against the AKN 3.0 schema at `xsd_path`, offline (no
 * network access). `path` names the data in diagnostics (may be NULL).
 * Every schema error goes into diags with its line;
 * returns DOSSIER_EINVALID when there was any, DOSSIER_EFAIL when the
 * schema itself cannot be loaded. */
DOSSIER_API int dossier_akn_validate(const char *xsd_path, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err);

#endif
