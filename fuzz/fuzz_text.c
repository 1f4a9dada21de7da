/*
 * fuzz_text.c: the structured-text parser (engine/text) on text from the
 * fuzzer: Vietnamese and English headings, numbering, points, preface and
 * conclusions. A document that parses must write back as text, as JSON and
 * as Akoma Ntoso, and that XML must read back and write again byte for
 * byte (docs/akn.md: our own output round-trips); every provision is
 * found by its eId, and the document compared with itself shows no change
 * (fuzz_check_document). Seeds: ../shared/corpus, the sample drafts in templates/, tests/fixtures.
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

/* XML we wrote must read back into a document that writes the same XML. */
static void akn_round_trip(const dossier_document *doc, const char *what)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_document *back = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml = NULL, *xml2 = NULL, *msg;
	size_t len = 0, len2 = 0;

	if (dossier_akn_write(&xml, &len, doc, &o, &err) < 0) {
		if (err.code != DOSSIER_EINVALID)
			fuzz_die("%s: writing AKN failed: %s", what, err.message ? err.message : "?");
		dossier_error_clear(&err);
		return;
	}
	if (dossier_akn_read(&back, "fuzz.xml", xml, len, NULL, &err) < 0) {
		msg = dossier_error_format(&err);
		fuzz_die("%s: the AKN we wrote does not read back: %s", what, msg ? msg : "?");
	}
	if (dossier_akn_write(&xml2, &len2, back, &o, &err) < 0) {
		msg = dossier_error_format(&err);
		fuzz_die("%s: the AKN we read back does not write: %s", what, msg ? msg : "?");
	}
	if (len != len2 || memcmp(xml, xml2, len))
		fuzz_die("%s: AKN does not round-trip (%zu bytes, then %zu)", what, len, len2);
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
	rc = dossier_text_parse(&doc, "fuzz.txt", (const char *)data, size, diags, &err);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		if (!s)
			fuzz_die("out of memory");
		free(s);
	}
	if (rc == 0) {
		if (!doc)
			fuzz_die("the parser succeeded without a document");
		if (dossier_text_write(&out, doc, &err) < 0)
			fuzz_die("writing the text back failed: %s", err.message ? err.message : "?");
		free(out);
		out = NULL;
		if (dossier_document_json(&out, doc, DOSSIER_JSON_TEXT, &err) < 0)
			fuzz_die("writing the document as JSON failed: %s", err.message ? err.message : "?");
		free(out);
		fuzz_check_document(doc, "text");
		akn_round_trip(doc, "text");
	} else {
		char *msg = dossier_error_format(&err);

		if (doc)
			fuzz_die("the parser failed (%d) and still gave a document", rc);
		if (!msg)
			fuzz_die("out of memory");
		free(msg);
	}
	dossier_document_free(doc);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return 0;
}
