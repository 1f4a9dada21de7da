/*
 * render.c: XML to HTML through an XSLT stylesheet, with libxslt. The
 * stylesheet and the document are parsed without network access; string
 * parameters are quoted by libxslt, never pasted into XPath by hand.
 * Parse and transformation errors are collected on a context (never
 * printed) and returned with their line.
 */
#include "dossier/render.h"

#include <libxml/parser.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/security.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct collector {
	dstr text;
	int pending_break;   /* a line ended: the next text starts a new item */
} collector;

/* libxslt reports in pieces, each ending with a newline: keep one line,
 * the pieces joined by "; ". */
static void collect(void *ctx, const char *fmt, ...)
{
	collector *c = ctx;
	dstr piece = DSTR_INIT;
	va_list ap;
	size_t i;

	if (c->text.len > 2000)
		return;
	va_start(ap, fmt);
	dstr_addvf(&piece, fmt, ap);
	va_end(ap);
	for (i = 0; i < piece.len; i++) {
		if (piece.ptr[i] == '\n') {
			c->pending_break = 1;
			continue;
		}
		if (c->pending_break && c->text.len)
			dstr_adds(&c->text, "; ");
		c->pending_break = 0;
		dstr_addc(&c->text, piece.ptr[i]);
	}
	dstr_free(&piece);
}

static void collect_structured(void *ctx, xmlErrorPtr e)
{
	collector *c = ctx;

	if (c->text.len > 2000 || !e)
		return;
	dstr_addf(&c->text, "%s%s:%d: %s", c->text.len ? "; " : "", e->file ? e->file : "(document)",
		e->line, e->message ? e->message : "error");
	while (c->text.len && (c->text.ptr[c->text.len - 1] == '\n'))
		c->text.ptr[--c->text.len] = '\0';
}

static int fail(dossier_error *err, collector *c, const char *what, const char *path)
{
	int rc = dossier_error_set(err, DOSSIER_EINVALID, "%s '%s'%s%s", what, path,
		c->text.len ? ": " : "", c->text.len ? c->text.ptr : "");

	dstr_free(&c->text);
	return rc;
}

int dossier_render(char **out, size_t *len, const char *stylesheet,
	const char *xml, size_t xml_len, const char *const *params, dossier_error *err)
{
	collector c = { DSTR_INIT, 0 };
	xmlParserCtxtPtr pctx = NULL;
	xmlDocPtr style_doc = NULL, doc = NULL, res = NULL;
	xsltStylesheetPtr style = NULL;
	xsltTransformContextPtr tctx = NULL;
	xsltSecurityPrefsPtr sec = NULL;
	xmlChar *buf = NULL;
	int buf_len = 0, rc = 0;
	size_t i;

	*out = NULL;
	if (len)
		*len = 0;
	pctx = xmlNewParserCtxt();
	if (!pctx)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	/* libxml2 2.9 has no per-context handler: take the thread's for the
	 * duration of the call, and give it back. */
	xmlSetStructuredErrorFunc(&c, collect_structured);
	style_doc = xmlCtxtReadFile(pctx, stylesheet, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!style_doc) {
		rc = fail(err, &c, "cannot read the stylesheet", stylesheet);
		goto done;
	}
	xsltSetGenericErrorFunc(&c, collect);
	style = xsltParseStylesheetDoc(style_doc);
	/* libxslt counts an unknown xsl: instruction as a warning and goes on;
	 * our stylesheets compile cleanly, so anything it says is an error. */
	if (!style || style->errors > 0 || style->warnings > 0) {
		/* A stylesheet that was parsed owns its document. */
		if (!style)
			xmlFreeDoc(style_doc);
		rc = fail(err, &c, "invalid stylesheet", stylesheet);
		goto done;
	}
	doc = xmlCtxtReadMemory(pctx, xml, (int)xml_len, "document.xml", "UTF-8", XML_PARSE_NONET);
	if (!doc) {
		rc = fail(err, &c, "cannot parse the document to render with", stylesheet);
		goto done;
	}
	tctx = xsltNewTransformContext(style, doc);
	if (!tctx) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	xsltSetTransformErrorFunc(tctx, &c, collect);
	/* A stylesheet renders; it never writes files or reaches the network. */
	sec = xsltNewSecurityPrefs();
	if (!sec ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetCtxtSecurityPrefs(sec, tctx) != 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; params && params[i] && params[i + 1]; i += 2) {
		if (xsltQuoteOneUserParam(tctx, BAD_CAST params[i], BAD_CAST params[i + 1]) != 0) {
			rc = dossier_error_set(err, DOSSIER_EINVALID, "cannot pass parameter '%s' to '%s'",
				params[i], stylesheet);
			goto done;
		}
	}
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, tctx);
	if (!res || tctx->state != XSLT_STATE_OK) {
		rc = fail(err, &c, "rendering failed with", stylesheet);
		goto done;
	}
	if (xsltSaveResultToString(&buf, &buf_len, res, style) != 0) {
		rc = fail(err, &c, "cannot serialise the result of", stylesheet);
		goto done;
	}
	/* An empty result is no buffer at all. */
	*out = buf ? util_strndup((const char *)buf, (size_t)buf_len) : util_strdup("");
	if (!*out) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (len)
		*len = (size_t)buf_len;
done:
	xsltSetGenericErrorFunc(NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFree(buf);
	xmlFreeDoc(res);
	xsltFreeTransformContext(tctx);
	xsltFreeSecurityPrefs(sec);
	xmlFreeDoc(doc);
	xsltFreeStylesheet(style);
	xmlFreeParserCtxt(pctx);
	dstr_free(&c.text);
	return rc;
}
