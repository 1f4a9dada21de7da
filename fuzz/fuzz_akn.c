/*
 * fuzz_akn.c: the Akoma Ntoso reader (engine/akn, libxml2) on XML from the
 * fuzzer, hostile XML included (entities, DTDs, XInclude: none may be
 * fetched or expanded). A document that reads must write back as text, as
 * JSON and as AKN, and the AKN we write must read back and write again
 * byte for byte; every provision is found by its eId, and the document
 * compared with itself shows no change (fuzz_check_document). Seeds:
 * ../shared/corpus/real/akn, ../shared/schemas/examples, the AKN our own
 * writer makes of the text corpus.
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

static void round_trip(const dossier_document *doc)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_document *back = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml = NULL, *xml2 = NULL, *msg;
	size_t len = 0, len2 = 0;

	if (dossier_akn_write(&xml, &len, doc, &o, &err) < 0) {
		if (err.code != DOSSIER_EINVALID)
			fuzz_die("writing AKN failed: %s", err.message ? err.message : "?");
		dossier_error_clear(&err);
		return;
	}
	if (dossier_akn_read(&back, "fuzz-out.xml", xml, len, NULL, &err) < 0) {
		msg = dossier_error_format(&err);
		fuzz_die("the AKN we wrote does not read back: %s", msg ? msg : "?");
	}
	if (dossier_akn_write(&xml2, &len2, back, &o, &err) < 0) {
		msg = dossier_error_format(&err);
		fuzz_die("the AKN we read back does not write: %s", msg ? msg : "?");
	}
	if (len != len2 || memcmp(xml, xml2, len))
		fuzz_die("AKN does not round-trip (%zu bytes, then %zu)", len, len2);
	dossier_document_free(back);
	free(xml);
	free(xml2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dossier_document *doc = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *out = NULL;
	size_t i;
	int rc;

	if (dossier_diags_new(&diags) < 0)
		fuzz_die("out of memory");
	rc = dossier_akn_read(&doc, "fuzz.xml", (const char *)data, size, diags, &err);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		if (!s)
			fuzz_die("out of memory");
		free(s);
	}
	if (rc == 0) {
		if (!doc)
			fuzz_die("the reader succeeded without a document");
		if (dossier_text_write(&out, doc, &err) < 0)
			fuzz_die("writing the text failed: %s", err.message ? err.message : "?");
		free(out);
		out = NULL;
		if (dossier_document_json(&out, doc, DOSSIER_JSON_TEXT, &err) < 0)
			fuzz_die("writing the document as JSON failed: %s", err.message ? err.message : "?");
		free(out);
		fuzz_check_document(doc, "akn");
		round_trip(doc);
	} else {
		char *msg = dossier_error_format(&err);

		if (doc)
			fuzz_die("the reader failed (%d) and still gave a document", rc);
		if (!msg)
			fuzz_die("out of memory");
		free(msg);
	}
	dossier_document_free(doc);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return 0;
}
