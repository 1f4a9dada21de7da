/*
 * word.h: Word documents in and out (docs/word.md). A draft decree is
 * written in Word: a .docx (Office Open XML, ISO/IEC 29500) is read into the
 * same legal text parser and diagnostics as plain text, its automatic
 * numbering given as Word shows it. The consolidated decree, the synthesis
 * report and the comparison table are written as .docx in the layout of
 * Decree 30/2020/NĐ-CP (Phụ lục I), the same bytes for the same input, and
 * printed to PDF through LibreOffice.
 *
 * The reader also tells every other input apart by its content (not its
 * name): a binary Word 97–2003 file, an encrypted Office file, RTF and
 * UTF-16 text are each refused or read with a hint the drafter can act on.
 */
#ifndef DOSSIER_WORD_H
#define DOSSIER_WORD_H

#include "document.h"
#include "textparse.h"
#include "diff.h"
#include "report.h"
#include "consolidate.h"

typedef enum {
	DOSSIER_INPUT_TEXT = 0,  /* structured text, UTF-8 */
	DOSSIER_INPUT_AKN,       /* Akoma Ntoso XML */
	DOSSIER_INPUT_DOCX,      /* a Word document (.docx, .docm, .dotx) */
	DOSSIER_INPUT_UTF16,     /* structured text in UTF-16 with a byte-order mark */
	DOSSIER_INPUT_HTML,      /* an HTML page of a published text (vbpl.vn, thuvienphapluat.vn) */
} dossier_input_kind;

/*
 * A document from the bytes of a file, whatever its form (by content):
 * .docx, AKN, UTF-16 or UTF-8 text. *kind (may be NULL) says which. `path`
 * names the input in diagnostics; for a .docx, LINE is the line of the text
 * Word shows, one per paragraph (a line break inside one starts a line).
 * Bad input is DOSSIER_EINVALID with the reason and a hint: a Word 97–2003
 * .doc, an encrypted or password-protected file, a zip bomb, a .docx
 * without its document part, XML that is not well formed.
 */
DOSSIER_API int dossier_document_read(dossier_document **out, dossier_input_kind *kind,
	const char *path, const char *data, size_t len, dossier_diags *diags, dossier_error *err);

/* dossier_document_read of a file's bytes. *was_akn (may be NULL) tells
 * whether it was Akoma Ntoso. Errors name the path. */
DOSSIER_API int dossier_document_load(dossier_document **out, int *was_akn,
	const char *path, dossier_diags *diags, dossier_error *err);
/* The same with the text parser's options (dossier_text_options of
 * textparse.h: the lenient mode); opts may be NULL. */
DOSSIER_API int dossier_document_load_opts(dossier_document **out, int *was_akn, const char *path,
	const dossier_text_options *opts, dossier_diags *diags, dossier_error *err);

/* The text a .docx shows, one line per paragraph, automatic numbers
 * included: what dossier_document_read parses. Warnings (tracked changes
 * taken, comments and footnotes left out) go to diags. Caller frees. */
DOSSIER_API int dossier_docx_text(char **out, size_t *len, const char *path, const char *data,
	size_t size, dossier_diags *diags, dossier_error *err);

/* How a written .docx marks what changed after comments (docs/word.md). */
typedef struct dossier_docx_options {
	unsigned version;
	/* eIds of provisions changed after comments (may be NULL): each is
	 * shaded and carries a Word comment, notes[i] when given (the comments
	 * adopted, their members and explanations), else a plain "changed". */
	const char *const *changed;
	const char *const *notes;
	size_t nchanged;
	const char *comment_author;   /* the Word comments' author; NULL: "dossier" */
} dossier_docx_options;
#define DOSSIER_DOCX_OPTIONS_VERSION 1
#define DOSSIER_DOCX_OPTIONS_INIT { DOSSIER_DOCX_OPTIONS_VERSION, NULL, NULL, 0, NULL }

/* The document as a decree in the layout of Decree 30/2020/NĐ-CP. */
DOSSIER_API int dossier_docx_document(char **out, size_t *len, const dossier_document *doc,
	const dossier_docx_options *opts, dossier_error *err);
/* The consolidated draft (the Akoma Ntoso of dossier_consolidate, and its
 * report) as a decree, the changed provisions marked with the comments
 * adopted. */
DOSSIER_API int dossier_docx_consolidated(char **out, size_t *len, const char *xml, size_t xml_len,
	const dossier_consolidation_report *report, dossier_error *err);
/* The synthesis report: a landscape table (STT, provision, comment,
 * commenting body, tiếp thu/giải trình, status) under the official header. */
DOSSIER_API int dossier_docx_report(char **out, size_t *len, const dossier_report *r,
	dossier_error *err);
/* The comparison table (bảng so sánh): the old and new wording side by
 * side, headed by the options' labels ("v1" reads "Dự thảo v1"), and the
 * change in a third column when `three`. */
DOSSIER_API int dossier_docx_diff(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, bool three, dossier_error *err);

/* A .docx printed to PDF by LibreOffice (soffice --headless;
 * $DOSSIER_SOFFICE names another program). Without it: DOSSIER_EFAIL with
 * the tag "missing-tool" and a hint naming the package to install. */
DOSSIER_API int dossier_docx_pdf(char **out, size_t *len, const char *docx, size_t docx_len,
	dossier_error *err);

#endif
