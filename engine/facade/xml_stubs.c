/*
 * xml_stubs.c: the core's entry points into the second object (base/module.h,
 * docs/architecture.md "Two objects"). libdossier.so exports the whole public
 * API; the functions whose code needs libxml2, libxslt, ICU or libzip live in
 * dossier-xml.so, and each has here a stub of the same name and signature
 * that loads the object on first use and calls through. A command that never
 * reaches one (comment, status, respond, log) never maps those libraries.
 *
 * Compiled into libdossier.so only: the internal static library, which the
 * unit tests link, holds the real functions instead.
 *
 * To add an XML entry point: add its name to XML_FUNCTIONS and write its stub
 * below, in the same three lines as the others. The suite (tests/layers,
 * test_split.py) fails while a function dossier-xml.so exports has no stub.
 *
 * When the object cannot be loaded, a stub with an error object sets the
 * error (with the object's path as its place) and returns DOSSIER_EFAIL; the
 * few without one return what their header gives for "nothing": false,
 * DOSSIER_FATE_UNKNOWN, "" for a name, nothing for a *_free (whose object
 * could only have come from the loaded object).
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "dossier/akn.h"
#include "dossier/diff.h"
#include "dossier/facade.h"
#include "dossier/render.h"
#include "dossier/report.h"
#include "dossier/word.h"
#include "base/module.h"

/* Every public function of dossier-xml.so, in the order of the stubs. */
#define XML_FUNCTIONS(F) \
	F(dossier_akn_read) F(dossier_akn_validate) F(dossier_akn_write) \
	F(dossier_report_akn) F(dossier_report_akn_write) \
	F(dossier_render) \
	F(dossier_word_diff_new) F(dossier_word_diff_free) F(dossier_word_diff_changed) \
	F(dossier_change_name) F(dossier_diff_new) F(dossier_diff_free) F(dossier_diff_changed) \
	F(dossier_fate_name) F(dossier_diff_locate) \
	F(dossier_diff_text) F(dossier_diff_json) F(dossier_diff_akn) F(dossier_diff_html) \
	F(dossier_provision_map_new) F(dossier_provision_map_free) \
	F(dossier_provision_map_locate) F(dossier_provision_map_locator) \
	F(dossier_carry_free) \
	F(dossier_document_read) F(dossier_document_load) F(dossier_document_load_opts) \
	F(dossier_docx_text) F(dossier_docx_document) F(dossier_docx_consolidated) \
	F(dossier_docx_report) F(dossier_docx_diff) F(dossier_docx_pdf) \
	F(dossier_comments_carry) F(dossier_consolidate)

typedef struct xml_table {
#define XML_MEMBER(name) __typeof__(name) *name;
	XML_FUNCTIONS(XML_MEMBER)
#undef XML_MEMBER
} xml_table;

static const struct xml_entry {
	const char *name;
	size_t offset;
} xml_entries[] = {
#define XML_ENTRY(name) { #name, offsetof(xml_table, name) },
	XML_FUNCTIONS(XML_ENTRY)
#undef XML_ENTRY
};

/* Written once by xml_resolve under pthread_once, read-only after. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static xml_table xml_fns;
static const char *xml_missing; /* the first function the object lacks */
static int xml_ready;

static void xml_resolve(void)
{
	size_t i;

	if (!module_xml_symbol(xml_entries[0].name, NULL))
		return;
	for (i = 0; i < sizeof xml_entries / sizeof xml_entries[0]; i++) {
		void *p = module_xml_symbol(xml_entries[i].name, NULL);
		if (!p) {
			xml_missing = xml_entries[i].name;
			return;
		}
		memcpy((char *)&xml_fns + xml_entries[i].offset, &p, sizeof p);
	}
	xml_ready = 1;
}

/* The table, or NULL with the error on err (may be NULL). */
static const xml_table *xml_functions(dossier_error *err)
{
	pthread_once(&xml_once, xml_resolve);
	if (xml_ready)
		return &xml_fns;
	/* The loader keeps why it failed; asking again sets it on err. */
	module_xml_symbol(xml_missing ? xml_missing : xml_entries[0].name, err);
	return NULL;
}

#define XML_CALL(name, failed, ...) \
	const xml_table *t = xml_functions(err); \
	return t ? t->name(__VA_ARGS__) : (failed)
#define XML_CALL_VOID(name, ...) \
	const xml_table *t = xml_functions(NULL); \
	if (t) \
		t->name(__VA_ARGS__)

/* akn.h, report.h */
int dossier_akn_read(dossier_document **out, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err)
{ XML_CALL(dossier_akn_read, DOSSIER_EFAIL, out, path, data, len, diags, err); }
int dossier_akn_validate(const char *xsd_path, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err)
{ XML_CALL(dossier_akn_validate, DOSSIER_EFAIL, xsd_path, path, data, len, diags, err); }
int dossier_akn_write(char **out, size_t *len, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err)
{ XML_CALL(dossier_akn_write, DOSSIER_EFAIL, out, len, doc, opts, err); }
int dossier_report_akn(char **out, size_t *len, const dossier_report *r, dossier_error *err)
{ XML_CALL(dossier_report_akn, DOSSIER_EFAIL, out, len, r, err); }
int dossier_report_akn_write(const dossier_report *r, dossier_sink_fn sink, void *payload,
	dossier_error *err)
{ XML_CALL(dossier_report_akn_write, DOSSIER_EFAIL, r, sink, payload, err); }

/* render.h */
int dossier_render(char **out, size_t *len, const char *stylesheet, const char *xml,
	size_t xml_len, const char *const *params, dossier_error *err)
{ XML_CALL(dossier_render, DOSSIER_EFAIL, out, len, stylesheet, xml, xml_len, params, err); }

/* diff.h */
int dossier_word_diff_new(dossier_word_diff **out, const char *old_text, const char *new_text,
	dossier_error *err)
{ XML_CALL(dossier_word_diff_new, DOSSIER_EFAIL, out, old_text, new_text, err); }
void dossier_word_diff_free(dossier_word_diff *wd)
{ if (wd) { XML_CALL_VOID(dossier_word_diff_free, wd); } }
bool dossier_word_diff_changed(const dossier_word_diff *wd)
{ dossier_error *err = NULL; XML_CALL(dossier_word_diff_changed, false, wd); }
const char *dossier_change_name(unsigned bit)
{ dossier_error *err = NULL; XML_CALL(dossier_change_name, "", bit); }
int dossier_diff_new(dossier_diff **out, const dossier_document *old_doc,
	const dossier_document *new_doc, dossier_error *err)
{ XML_CALL(dossier_diff_new, DOSSIER_EFAIL, out, old_doc, new_doc, err); }
void dossier_diff_free(dossier_diff *diff)
{ if (diff) { XML_CALL_VOID(dossier_diff_free, diff); } }
bool dossier_diff_changed(const dossier_diff *diff)
{ dossier_error *err = NULL; XML_CALL(dossier_diff_changed, false, diff); }
const char *dossier_fate_name(dossier_fate f)
{ dossier_error *err = NULL; XML_CALL(dossier_fate_name, "", f); }
dossier_fate dossier_diff_locate(const dossier_node **new_node, bool *changed,
	const dossier_diff *diff, const char *old_eid)
{ dossier_error *err = NULL; XML_CALL(dossier_diff_locate, DOSSIER_FATE_UNKNOWN, new_node, changed, diff, old_eid); }
int dossier_diff_text(char **out, const dossier_diff *diff, const dossier_diff_format_options *opts,
	dossier_error *err)
{ XML_CALL(dossier_diff_text, DOSSIER_EFAIL, out, diff, opts, err); }
int dossier_diff_json(char **out, const dossier_diff *diff, const dossier_diff_format_options *opts,
	dossier_error *err)
{ XML_CALL(dossier_diff_json, DOSSIER_EFAIL, out, diff, opts, err); }
int dossier_diff_akn(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, dossier_error *err)
{ XML_CALL(dossier_diff_akn, DOSSIER_EFAIL, out, len, diff, opts, err); }
int dossier_diff_html(char **out, size_t *len, const dossier_diff *diff, const char *stylesheet,
	const dossier_diff_format_options *opts, dossier_error *err)
{ XML_CALL(dossier_diff_html, DOSSIER_EFAIL, out, len, diff, stylesheet, opts, err); }
int dossier_provision_map_new(dossier_provision_map **out, const dossier_document *const *revisions,
	size_t nrevisions, const dossier_document *target, unsigned target_rev, dossier_error *err)
{ XML_CALL(dossier_provision_map_new, DOSSIER_EFAIL, out, revisions, nrevisions, target, target_rev, err); }
void dossier_provision_map_free(dossier_provision_map *m)
{ if (m) { XML_CALL_VOID(dossier_provision_map_free, m); } }
int dossier_provision_map_locate(dossier_fate *fate, const dossier_node **node, bool *changed,
	dossier_provision_map *m, unsigned rev, const char *eid, dossier_error *err)
{ XML_CALL(dossier_provision_map_locate, DOSSIER_EFAIL, fate, node, changed, m, rev, eid, err); }
int dossier_provision_map_locator(dossier_located *out, unsigned rev, const char *eid, void *payload)
{ dossier_error *err = NULL; XML_CALL(dossier_provision_map_locator, DOSSIER_EFAIL, out, rev, eid, payload); }
void dossier_carry_free(dossier_carry *c)
{ if (c) { XML_CALL_VOID(dossier_carry_free, c); } }

/* word.h */
int dossier_document_read(dossier_document **out, dossier_input_kind *kind, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err)
{ XML_CALL(dossier_document_read, DOSSIER_EFAIL, out, kind, path, data, len, diags, err); }
int dossier_document_load(dossier_document **out, int *was_akn, const char *path,
	dossier_diags *diags, dossier_error *err)
{ XML_CALL(dossier_document_load, DOSSIER_EFAIL, out, was_akn, path, diags, err); }
int dossier_document_load_opts(dossier_document **out, int *was_akn, const char *path,
	const dossier_text_options *opts, dossier_diags *diags, dossier_error *err)
{ XML_CALL(dossier_document_load_opts, DOSSIER_EFAIL, out, was_akn, path, opts, diags, err); }
int dossier_docx_text(char **out, size_t *len, const char *path, const char *data, size_t size,
	dossier_diags *diags, dossier_error *err)
{ XML_CALL(dossier_docx_text, DOSSIER_EFAIL, out, len, path, data, size, diags, err); }
int dossier_docx_document(char **out, size_t *len, const dossier_document *doc,
	const dossier_docx_options *opts, dossier_error *err)
{ XML_CALL(dossier_docx_document, DOSSIER_EFAIL, out, len, doc, opts, err); }
int dossier_docx_consolidated(char **out, size_t *len, const char *xml, size_t xml_len,
	const dossier_consolidation_report *report, dossier_error *err)
{ XML_CALL(dossier_docx_consolidated, DOSSIER_EFAIL, out, len, xml, xml_len, report, err); }
int dossier_docx_report(char **out, size_t *len, const dossier_report *r, dossier_error *err)
{ XML_CALL(dossier_docx_report, DOSSIER_EFAIL, out, len, r, err); }
int dossier_docx_diff(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, bool three, dossier_error *err)
{ XML_CALL(dossier_docx_diff, DOSSIER_EFAIL, out, len, diff, opts, three, err); }
int dossier_docx_pdf(char **out, size_t *len, const char *docx, size_t docx_len, dossier_error *err)
{ XML_CALL(dossier_docx_pdf, DOSSIER_EFAIL, out, len, docx, docx_len, err); }

/* facade.h: the two adapters over diff and akn (carry_dossier.c, consolidate_dossier.c) */
int dossier_comments_carry(dossier_carry **out, dossier *d, const dossier_comment_list *comments,
	const char *revision, dossier_error *err)
{ XML_CALL(dossier_comments_carry, DOSSIER_EFAIL, out, d, comments, revision, err); }
int dossier_consolidate(char **out_xml, size_t *len, dossier_consolidation_report **report,
	dossier *d, const char *revision, dossier_error *err)
{ XML_CALL(dossier_consolidate, DOSSIER_EFAIL, out_xml, len, report, d, revision, err); }
