/*
 * akn_xml.c: the XML reader and writer of akn_xml.h, over libxml2, for the
 * modules above this one. The reader is a plain tree without the per-element
 * columns of akn_parse(): Word writes word/document.xml as one long line,
 * and finding each element's column there would cost a scan of the line per
 * element. The writer is libxml2's text writer into a growing buffer.
 */
#include "akn/akn_xml.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "base/util.h"

struct akn_xml_doc {
	xmlDocPtr doc;
};

struct first_error {
	int seen;
	unsigned line, col;
	char msg[200];
};

static void on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct first_error *fe = ctxt ? ctxt->_private : NULL;
	size_t n;

	if (!fe || !e || e->level == XML_ERR_WARNING || fe->seen)
		return;
	fe->seen = 1;
	fe->line = e->line > 0 ? (unsigned)e->line : 1;
	fe->col = e->int2 > 0 ? (unsigned)e->int2 : 1;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "cannot parse");
	n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = 0;
}

int akn_xml_parse(akn_xml_doc **out, const char *path, const char *data, size_t len,
	dossier_error *err)
{
	struct first_error fe;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, 1, 1, "the XML is too large");
	memset(&fe, 0, sizeof(fe));
	if (!(ctxt = xmlNewParserCtxt()))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	ctxt->_private = &fe;
	ctxt->sax->serror = on_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (!doc || !ctxt->wellFormed || fe.seen) {
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, fe.seen ? fe.line : 1,
			fe.seen ? fe.col : 1, "not well-formed XML: %s", fe.seen ? fe.msg : "cannot parse");
	}
	xmlFreeParserCtxt(ctxt);
	if (!(*out = calloc(1, sizeof(**out)))) {
		xmlFreeDoc(doc);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	(*out)->doc = doc;
	return 0;
}

void akn_xml_free(akn_xml_doc *doc)
{
	if (!doc)
		return;
	xmlFreeDoc(doc->doc);
	free(doc);
}

static const akn_xml_node *element_from(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return (const akn_xml_node *)n;
}

const akn_xml_node *akn_xml_root(const akn_xml_doc *doc)
{
	return doc ? (const akn_xml_node *)xmlDocGetRootElement(doc->doc) : NULL;
}

const akn_xml_node *akn_xml_child(const akn_xml_node *n)
{
	return n ? element_from(((xmlNodePtr)n)->children) : NULL;
}

const akn_xml_node *akn_xml_next(const akn_xml_node *n)
{
	return n ? element_from(((xmlNodePtr)n)->next) : NULL;
}

const char *akn_xml_name(const akn_xml_node *n)
{
	return n ? (const char *)((xmlNodePtr)n)->name : NULL;
}

bool akn_xml_is(const akn_xml_node *n, const char *ns, const char *name)
{
	xmlNodePtr x = (xmlNodePtr)n;

	if (!x || strcmp((const char *)x->name, name) != 0)
		return false;
	if (!ns)
		return !x->ns;
	return x->ns && x->ns->href && strcmp((const char *)x->ns->href, ns) == 0;
}

const char *akn_xml_attr(const akn_xml_node *n, const char *ns, const char *name)
{
	xmlAttrPtr a;

	if (!n)
		return NULL;
	for (a = ((xmlNodePtr)n)->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if (ns ? !(a->ns && a->ns->href && strcmp((const char *)a->ns->href, ns) == 0) : a->ns != NULL)
			continue;
		/* A value the parser made one text node (entities are substituted). */
		if (!a->children)
			return "";
		if (a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
		return NULL;
	}
	return NULL;
}

int akn_xml_text(const akn_xml_node *n, akn_xml_text_fn fn, void *payload)
{
	xmlNodePtr c;
	int rc;

	if (!n)
		return 0;
	for (c = ((xmlNodePtr)n)->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
		    (rc = fn(payload, (const char *)c->content, strlen((const char *)c->content))) != 0)
			return rc;
	}
	return 0;
}

unsigned akn_xml_line(const akn_xml_node *n)
{
	long l = n ? xmlGetLineNo((xmlNodePtr)n) : 0;

	return l > 0 ? (unsigned)l : 0;
}

/* ---- writer ------------------------------------------------------------- */

struct akn_xml_writer {
	xmlTextWriterPtr tw;
	dstr buf;
	int fail;
	int bad_utf8;
};

static int buf_write(void *ctx, const char *data, int len)
{
	akn_xml_writer *w = ctx;

	if (len < 0 || dstr_add(&w->buf, data, (size_t)len) < 0 || w->buf.oom)
		return -1;
	return len;
}

static int buf_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void check(akn_xml_writer *w, int rc)
{
	if (rc < 0)
		w->fail = 1;
}

int akn_xml_writer_new(akn_xml_writer **out, dossier_error *err)
{
	akn_xml_writer *w;
	xmlOutputBufferPtr ob;

	*out = NULL;
	if (!(w = calloc(1, sizeof(*w))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	ob = xmlOutputBufferCreateIO(buf_write, buf_close, w, NULL);
	w->tw = ob ? xmlNewTextWriter(ob) : NULL;
	if (!w->tw) {
		if (ob)
			xmlOutputBufferClose(ob);
		free(w);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	check(w, xmlTextWriterStartDocument(w->tw, "1.0", "UTF-8", "yes"));
	*out = w;
	return 0;
}

void akn_xml_writer_free(akn_xml_writer *w)
{
	if (!w)
		return;
	if (w->tw)
		xmlFreeTextWriter(w->tw);
	dstr_free(&w->buf);
	free(w);
}

void akn_xml_start(akn_xml_writer *w, const char *name)
{
	check(w, xmlTextWriterStartElement(w->tw, (const xmlChar *)name));
}

void akn_xml_end(akn_xml_writer *w)
{
	check(w, xmlTextWriterEndElement(w->tw));
}

void akn_xml_attr_set(akn_xml_writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	if (!xmlCheckUTF8((const xmlChar *)value)) {
		w->bad_utf8 = 1;
		return;
	}
	check(w, xmlTextWriterWriteAttribute(w->tw, (const xmlChar *)name, (const xmlChar *)value));
}

void akn_xml_write_text(akn_xml_writer *w, const char *s, size_t len)
{
	dstr t = DSTR_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		/* U+FFFE and U+FFFF are no XML characters: dropped as the controls are */
		if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			i += 2;
			continue;
		}
		dstr_addc(&t, (char)c);
	}
	if (t.oom) {
		w->fail = 1;
	} else if (t.len) {
		if (!xmlCheckUTF8((const xmlChar *)t.ptr))
			w->bad_utf8 = 1;
		else
			check(w, xmlTextWriterWriteString(w->tw, (const xmlChar *)t.ptr));
	}
	dstr_free(&t);
}

int akn_xml_writer_finish(char **out, size_t *len, akn_xml_writer *w, dossier_error *err)
{
	int rc = 0;

	*out = NULL;
	if (len)
		*len = 0;
	check(w, xmlTextWriterEndDocument(w->tw));
	xmlFreeTextWriter(w->tw); /* flushes and closes the output buffer */
	w->tw = NULL;
	if (w->bad_utf8)
		rc = dossier_error_set(err, DOSSIER_EINVALID, "a text to write is not valid UTF-8");
	else if (w->fail || w->buf.oom)
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "cannot write the XML");
	if (rc == 0) {
		if (len)
			*len = w->buf.len;
		*out = dstr_detach(&w->buf);
	}
	akn_xml_writer_free(w);
	return rc;
}
