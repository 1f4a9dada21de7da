/*
 * akn_validate.c: parsing XML and checking it against the Akoma Ntoso 3.0
 * schema with libxml2, offline, with every message caught.
 *
 * libxml2 prints to stderr unless each context is given its own structured
 * error handler; the engine never prints, so every parser, schema parser and
 * schema validation context here has one, and the messages become
 * diagnostics with their line. No global libxml2 state is touched.
 */
#include "dossier/akn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "akn/akn_int.h"
#include "base/util.h"

struct collect {
	const char *path;
	dossier_diags *diags;
	const char *code;
	unsigned nerrors;
	unsigned first_line, first_col;
	char *first_msg;
};

static char *clean_message(const char *msg)
{
	char *s = akn_norm_text(msg ? msg : "", msg ? strlen(msg) : 0);
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
		s[--n] = '\0';
	/* git's style: lower case first letter of ASCII messages. */
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

/* `fallback_col`: where the parser stands, for an error that has no column
 * of its own (a namespace or an ID error); 0 outside the parser. */
static void report_error(struct collect *c, xmlErrorPtr e, unsigned fallback_col)
{
	char *msg;
	unsigned line, col;

	if (!c || !e || e->level == XML_ERR_NONE)
		return;
	msg = clean_message(e->message);
	line = e->line > 0 ? (unsigned)e->line : 0;
	col = e->domain == XML_FROM_PARSER && e->int2 > 0 ? (unsigned)e->int2 : 0;
	if (!col && line)
		col = fallback_col ? fallback_col : 1;
	if (e->level == XML_ERR_WARNING) {
		if (c->diags)
			dossier_diags_add(c->diags, DOSSIER_SEVERITY_WARNING, c->code, c->path,
				line, col, "%s", msg ? msg : "warning");
		free(msg);
		return;
	}
	if (c->nerrors++ == 0) {
		c->first_line = line;
		c->first_col = col;
		c->first_msg = msg ? util_strdup(msg) : NULL;
	}
	if (c->diags)
		dossier_diags_add(c->diags, DOSSIER_SEVERITY_ERROR, c->code, c->path, line, col,
			"%s", msg ? msg : "error");
	free(msg);
}

/* The parser context passes itself as the handler's data; our collector
 * hangs off its _private field. */
static void on_error(void *data, xmlErrorPtr e)
{
	report_error(data, e, 0);
}

static void on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	unsigned col = 0;

	if (ctxt && ctxt->input && e && e->line == ctxt->input->line && ctxt->input->col > 0)
		col = (unsigned)ctxt->input->col;
	report_error(ctxt ? ctxt->_private : NULL, e, col);
}

/*
 * Where each element starts. libxml2 keeps a line per node (the line where
 * its start tag ends, capped at 65535) and no column, so the start of each
 * start tag is found when the parser has just read it: the last '<' before
 * the parser's position (no '<' can stand inside a tag), its line counted
 * back from the parser's, its column from the start of its line when the
 * buffer still holds it, else from the parser's column. Kept in the node's
 * _private as line << 32 | column (the column only where a pointer is
 * narrower), read back by akn_node_line() and akn_node_column().
 */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
	int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
	const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlParserInputPtr in;
	const xmlChar *p, *lt;
	unsigned lines_back = 0, chars_back = 0, line, col = 0;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
		nb_defaulted, attributes);
	in = ctxt->input;
	if (!ctxt->node || !in || !in->base || !in->cur || in->cur < in->base)
		return;
	for (lt = in->cur; lt > in->base && *lt != '<'; lt--) {
		if (*lt == '\n')
			lines_back++;
		else if ((*lt & 0xC0) != 0x80)
			chars_back++;
	}
	if (*lt != '<' || in->line <= 0 || (unsigned)in->line <= lines_back)
		return;
	line = (unsigned)in->line - lines_back;
	for (p = lt; p > in->base && p[-1] != '\n'; p--)
		;
	if (p > in->base || in->consumed == 0) {
		for (col = 1; p < lt; p++)
			col += (*p & 0xC0) != 0x80;
	} else if (!lines_back && in->col > 0 && (unsigned)in->col > chars_back) {
		col = (unsigned)in->col - chars_back;
	}
	if (sizeof(uintptr_t) >= 8)
		ctxt->node->_private = (void *)(uintptr_t)(((uint64_t)line << 32) | col);
	else
		ctxt->node->_private = (void *)(uintptr_t)col;
}

unsigned akn_node_line(xmlNodePtr n)
{
	long l;

	if (n && n->type == XML_ELEMENT_NODE && n->_private && sizeof(uintptr_t) >= 8)
		return (unsigned)((uint64_t)(uintptr_t)n->_private >> 32);
	l = n ? xmlGetLineNo(n) : 0;
	return l > 0 ? (unsigned)l : 0;
}

unsigned akn_node_column(xmlNodePtr n)
{
	for (; n && n->type != XML_ELEMENT_NODE; n = n->parent)
		;
	return n && n->_private ? (unsigned)((uint64_t)(uintptr_t)n->_private & 0xFFFFFFFFu) : 0;
}

int akn_parse(xmlDocPtr *out, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err)
{
	xmlParserCtxtPtr ctxt;
	struct collect c;
	xmlDocPtr doc;
	int rc = 0;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, 1, 1, "the document is too large");
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.diags = diags;
	c.code = "xml";
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	ctxt->_private = &c;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->sax->startElementNs = start_element;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
		XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!doc || !ctxt->wellFormed || c.nerrors) {
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, c.first_line, c.first_col,
			"not well-formed XML: %s", c.first_msg ? c.first_msg : "cannot parse");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	free(c.first_msg);
	xmlFreeParserCtxt(ctxt);
	*out = doc;
	return rc;
}

int akn_check_root(xmlNodePtr root, const char *path, dossier_error *err)
{
	const char *href;

	if (!root)
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, 1, 1, "empty document");
	href = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
	if (href && strcmp(href, AKN_NS) == 0 &&
	    strcmp((const char *)root->name, "akomaNtoso") == 0)
		return 0;
	if (href && (strstr(href, "akn") || strstr(href, "akomantoso") ||
		     strstr(href, "legaldocml"))) {
		dossier_error_set_at(err, DOSSIER_EINVALID, path, akn_node_line(root), akn_node_column(root),
			"unsupported akoma ntoso namespace '%s'", href);
		dossier_error_set_hint(err, "only the OASIS standard namespace '%s' is read; "
			"a draft namespace (such as WD17) needs converting first", AKN_NS);
		return DOSSIER_EINVALID;
	}
	dossier_error_set_at(err, DOSSIER_EINVALID, path, akn_node_line(root), akn_node_column(root),
		"not an akoma ntoso 3.0 document: the root is '%s'%s%s%s", (const char *)root->name,
		href ? " in namespace '" : " without a namespace", href ? href : "", href ? "'" : "");
	dossier_error_set_hint(err, "expected <akomaNtoso xmlns=\"%s\">", AKN_NS);
	return DOSSIER_EINVALID;
}

int dossier_akn_validate(const char *xsd_path, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err)
{
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlDocPtr doc = NULL;
	struct collect sc, vc;
	int rc;

	memset(&sc, 0, sizeof(sc));
	memset(&vc, 0, sizeof(vc));
	if (!xsd_path || !*xsd_path)
		return dossier_error_set(err, DOSSIER_EINVALID, "no schema given");
	if ((rc = akn_parse(&doc, path, data, len, diags, err)) < 0)
		return rc;

	/* libxml2 would print an I/O warning for a missing file: look first. */
	{
		FILE *f = fopen(xsd_path, "rb");

		if (!f) {
			rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot open the schema '%s': %s",
				xsd_path, strerror(errno));
			goto done;
		}
		fclose(f);
	}
	sc.path = xsd_path;
	sc.code = "schema-load";
	pctxt = xmlSchemaNewParserCtxt(xsd_path);
	if (!pctxt) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, on_error, &sc);
	schema = xmlSchemaParse(pctxt);
	if (!schema) {
		rc = dossier_error_set_at(err, DOSSIER_EFAIL, xsd_path, sc.first_line, 0,
			"cannot load the schema '%s': %s", xsd_path,
			sc.first_msg ? sc.first_msg : "unknown error");
		goto done;
	}
	vctxt = xmlSchemaNewValidCtxt(schema);
	if (!vctxt) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	vc.path = path;
	vc.diags = diags;
	vc.code = "schema";
	xmlSchemaSetValidStructuredErrors(vctxt, on_error, &vc);
	if (xmlSchemaValidateDoc(vctxt, doc) != 0 || vc.nerrors) {
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, vc.first_line, vc.first_col,
			"%u schema error%s, the first: %s", vc.nerrors ? vc.nerrors : 1,
			vc.nerrors == 1 ? "" : "s", vc.first_msg ? vc.first_msg : "invalid");
		goto done;
	}
	rc = 0;
done:
	free(sc.first_msg);
	free(vc.first_msg);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	xmlFreeDoc(doc);
	return rc;
}
