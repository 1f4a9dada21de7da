/*
 * docbin.h: the document model in a compact binary form that is cheap to
 * load (docs/git-store.md, "revisions/vN.model"): what the engine keeps
 * beside each revision's Akoma Ntoso so that `diff` and the other readers
 * of a revision need not parse and normalise its XML again. The text
 * module's interface for the other modules; not installed.
 */
#ifndef DOSSIER_TEXT_DOCBIN_H
#define DOSSIER_TEXT_DOCBIN_H

#include <stddef.h>

#include "dossier/document.h"
#include "dossier/error.h"

/* The magic the form starts with; its digit is the version. Version 1
 * (no quotations) is still read. */
#define TEXT_DOCBIN_MAGIC "DOSSIER-MODEL-2\n"
#define TEXT_DOCBIN_MAGIC_1 "DOSSIER-MODEL-1\n"

/* doc in the binary form. *out (caller frees) holds *len bytes. 0 or
 * DOSSIER_ENOMEM. */
int text_docbin_write(char **out, size_t *len, const dossier_document *doc, dossier_error *err);

/* The document back from data (len bytes). DOSSIER_EINVALID, naming path,
 * when data is not this form or is cut short, holds a NUL, or nests too
 * deep; the caller then reads the XML instead. */
int text_docbin_read(dossier_document **out, const char *path, const char *data, size_t len,
	dossier_error *err);

#endif
