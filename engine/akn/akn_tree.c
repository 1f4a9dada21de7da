/*
 * akn_tree.c: the tree helpers the writer's files share (akn.c writes the
 * model, akn_annot_write.c what the annotations add): elements, attributes
 * and text through libxml2, which escapes them, with every string checked
 * as UTF-8 and every failure remembered in the akn_writer; text of the
 * model normalised as the reader expects it, text of annotations as it is;
 * runs of marked text kept on one line.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "akn/akn_int.h"
#include "base/util.h"

int akn_w_utf8(akn_writer *w, const char *s, const char *what)
{
	if (s && !xmlCheckUTF8((const xmlChar *)s)) {
		if (!w->bad_utf8)
			w->bad_what = what;
		w->bad_utf8 = 1;
		return 0;
	}
	return 1;
}

xmlNodePtr akn_w_el(akn_writer *w, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewChild(parent, w->ns, (const xmlChar *)name, NULL);

	if (!n)
		w->oom = 1;
	return n;
}

void akn_w_attr(akn_writer *w, xmlNodePtr n, const char *name, const char *value)
{
	if (!n || !value)
		return;
	if (!akn_w_utf8(w, value, name))
		return;
	if (!xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value))
		w->oom = 1;
}

/* An attribute holding text of the model, normalised like element text. */
void akn_w_attr_text(akn_writer *w, xmlNodePtr n, const char *name, const char *value)
{
	char *norm;

	if (!value || !akn_w_utf8(w, value, name))
		return;
	norm = akn_norm_text(value, strlen(value));
	if (!norm) {
		w->oom = 1;
		return;
	}
	akn_w_attr(w, n, name, norm);
	free(norm);
}

/* Append normalised text to an element (libxml2 escapes it). */
void akn_w_text(akn_writer *w, xmlNodePtr parent, const char *text)
{
	char *norm;
	xmlNodePtr t;

	if (!parent || !text || !akn_w_utf8(w, text, "text"))
		return;
	norm = akn_norm_text(text, strlen(text));
	if (!norm) {
		w->oom = 1;
		return;
	}
	if (w->no_empty && !*norm) {
		free(norm);
		return;
	}
	t = xmlNewDocText(w->doc, (const xmlChar *)norm);
	free(norm);
	if (!t || !xmlAddChild(parent, t))
		w->oom = 1;
}

/* Append fixed text of our own, as it is (no trimming). */
void akn_w_literal(akn_writer *w, xmlNodePtr parent, const char *text)
{
	xmlNodePtr t;

	if (!parent)
		return;
	t = xmlNewDocText(w->doc, (const xmlChar *)text);
	if (!t || !xmlAddChild(parent, t))
		w->oom = 1;
}

xmlNodePtr akn_w_text_el(akn_writer *w, xmlNodePtr parent, const char *name,
	const char *text)
{
	xmlNodePtr n = akn_w_el(w, parent, name);

	akn_w_text(w, n, text);
	return n;
}

/* Whether s has anything a reader would see (not only blanks or control
 * characters). Blank paragraphs are not written: they would not come back. */
bool akn_has_text(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s > ' ' && *s != 0x7f)
			return true;
	return false;
}

size_t akn_count_paras(char *const *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += akn_has_text(v[i]);
	return k;
}

void akn_w_paras(akn_writer *w, xmlNodePtr parent, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (akn_has_text(v[i]))
			akn_w_text_el(w, parent, "p", v[i]);
}

/* Text of an annotation as it is, line breaks as spaces. */
void akn_w_raw(akn_writer *w, xmlNodePtr parent, const char *text, int breaks)
{
	char *t, *p;

	if (!parent || !text || !akn_w_utf8(w, text, "text"))
		return;
	if (!(t = util_strdup(text))) {
		w->oom = 1;
		return;
	}
	for (p = t; breaks && *p; p++)
		if (*p == '\n')
			*p = ' ';
	akn_w_literal(w, parent, t);
	free(t);
}

/* An empty text node: the dump keeps the element on one line. */
void akn_w_inline(akn_writer *w, xmlNodePtr el)
{
	if (el && !el->children)
		akn_w_literal(w, el, "");
}

static const char *mark_name(akn_mark m)
{
	return m == AKN_MARK_DEL ? "del" : "ins";
}

void akn_w_runs(akn_writer *w, xmlNodePtr el, const akn_run *v, size_t n)
{
	size_t i;

	if (!el)
		return;
	if (n)
		akn_w_inline(w, el);
	for (i = 0; i < n; i++) {
		if (v[i].mark == AKN_MARK_NONE)
			akn_w_raw(w, el, v[i].text, 1);
		else
			akn_w_raw(w, akn_w_el(w, el, mark_name(v[i].mark)), v[i].text, 1);
	}
}

/* Normalised text of the model inside one mark (none for empty text). */
void akn_w_marked(akn_writer *w, xmlNodePtr el, akn_mark mark, const char *text)
{
	char *norm;

	if (!el || !text || !akn_w_utf8(w, text, "text"))
		return;
	if (mark == AKN_MARK_NONE) {
		akn_w_text(w, el, text);
		return;
	}
	if (!(norm = akn_norm_text(text, strlen(text)))) {
		w->oom = 1;
		return;
	}
	if (*norm) {
		akn_w_inline(w, el);
		akn_w_literal(w, akn_w_el(w, el, mark_name(mark)), norm);
	}
	free(norm);
}

/* A document and its root, in the AKN namespace. */
int akn_w_tree(akn_writer *w, xmlNodePtr *root)
{
	w->doc = xmlNewDoc((const xmlChar *)"1.0");
	*root = w->doc ? xmlNewDocNode(w->doc, NULL, (const xmlChar *)"akomaNtoso", NULL) : NULL;
	if (!*root)
		return -1;
	xmlDocSetRootElement(w->doc, *root);
	w->ns = xmlNewNs(*root, (const xmlChar *)AKN_NS, NULL);
	if (!w->ns)
		return -1;
	xmlSetNs(*root, w->ns);
	return 0;
}
