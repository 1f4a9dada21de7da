/*
 * textparse.h: structured plain text (Vietnamese and English headings, as
 * pasted from Word or taken from the Official Gazette) into a document.
 *
 * Nothing that does not fit a heading is dropped: it stays text of the
 * provision it sits in. Structural errors (an article number going
 * backwards, a point outside any clause) are reported with line and column.
 */
#ifndef DOSSIER_TEXTPARSE_H
#define DOSSIER_TEXTPARSE_H

#include "document.h"

/* `path` names the input in diagnostics. Returns DOSSIER_EINVALID (with all
 * problems in diags when given) when the text cannot be parsed. */
DOSSIER_API int dossier_text_parse(dossier_document **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err);

/* How the text is read (docs/text-format.md). */
typedef struct dossier_text_options {
	unsigned version;
	/* DOSSIER_TEXT_LENIENT: NUL bytes (PDF check boxes) are dropped with
	 * one warning naming the first and how many, instead of refusing the
	 * file at the first. */
	unsigned flags;
} dossier_text_options;
#define DOSSIER_TEXT_OPTIONS_VERSION 1
#define DOSSIER_TEXT_OPTIONS_INIT { DOSSIER_TEXT_OPTIONS_VERSION, 0 }
#define DOSSIER_TEXT_LENIENT 1u

/* dossier_text_parse with options; opts may be NULL (the defaults). */
DOSSIER_API int dossier_text_parse_opts(dossier_document **out, const char *path,
	const char *data, size_t len, const dossier_text_options *opts, dossier_diags *diags,
	dossier_error *err);

/* Reading a file whatever its form (.docx, AKN, UTF-16, text) is
 * dossier_document_load of word.h. */

/* True when data looks like AKN XML (see dossier_document_load). */
DOSSIER_API int dossier_document_is_akn(const char *data, size_t len);

/* Write the document back as structured text in its language. Caller frees. */
DOSSIER_API int dossier_text_write(char **out, const dossier_document *doc, dossier_error *err);

#endif
