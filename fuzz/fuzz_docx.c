/*
 * fuzz_docx.c: every input the reader chooses by content (engine/word:
 * .docx archives, OLE2 files, RTF, UTF-16, AKN and text) through
 * dossier_document_read. Bad input must be refused with DOSSIER_EINVALID
 * and a message, never crash or hang (the zip limits bound the work); a
 * document that reads must satisfy fuzz_check_document, write as .docx in
 * the Decree 30/2020 layout, and that .docx must read back (docs/word.md).
 * Seeds: fuzz/regressions/docx/ (a .docx with automatic numbering, fields
 * and tracked changes, made by our own writer and edited).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dossier_docx_options o = DOSSIER_DOCX_OPTIONS_INIT;
	dossier_document *doc = NULL, *back = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *docx = NULL, *msg;
	size_t len = 0;
	int rc;

	if (dossier_diags_new(&diags) < 0)
		fuzz_die("out of memory");
	rc = dossier_document_read(&doc, NULL, "fuzz.docx", (const char *)data, size, diags, &err);
	if (rc < 0) {
		if (rc != DOSSIER_EINVALID && rc != DOSSIER_ENOMEM)
			fuzz_die("a bad input gave code %d, not DOSSIER_EINVALID", rc);
		if (!err.message || !*err.message)
			fuzz_die("a bad input was refused without a message");
		if (doc)
			fuzz_die("a refused input left a document");
		dossier_error_clear(&err);
		dossier_diags_free(diags);
		return 0;
	}
	fuzz_check_document(doc, "the document read");
	if (dossier_docx_document(&docx, &len, doc, &o, &err) < 0) {
		if (err.code != DOSSIER_EINVALID)
			fuzz_die("writing the .docx failed: %s", err.message ? err.message : "?");
		dossier_error_clear(&err);
	} else if (dossier_document_read(&back, NULL, "back.docx", docx, len, NULL, &err) < 0) {
		msg = dossier_error_format(&err);
		fuzz_die("the .docx we wrote does not read back: %s", msg ? msg : "?");
	}
	dossier_document_free(back);
	dossier_document_free(doc);
	dossier_diags_free(diags);
	free(docx);
	return 0;
}
