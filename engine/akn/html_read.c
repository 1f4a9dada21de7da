/*
 * html_read.c: an HTML page of a published text into the lines the text
 * parser reads (akn_html.h, docs/text-format.md "HTML pages"). libxml2's
 * HTML parser (htmlCtxtReadMemory, recovering, silent, no network) builds
 * the tree; a walk writes the text a browser shows when it is copied:
 * block elements and <br> end a line, table cells are separated by tabs,
 * runs of white space inside a block are one space. Of the whole page
 * only the block that holds the text is read when the layout is known
 * (thuvienphapluat's div.content1, vbpl.vn's div#toanvancontent or
 * div.toanvancontent, div.fulltext, the Government portal's
 * div#divContentDoc), so the site's menus and links do not become
 * provisions.
 */
#include "akn/akn_html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/util.h"

static size_t skip_blank(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

static bool at_ci(const char *s, size_t len, size_t i, const char *word)
{
	size_t n = strlen(word);

	return len - i >= n && strncasecmp(s + i, word, n) == 0;
}

static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

bool akn_html_is(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	for (;;) {
		const char *end;

		i = skip_blank(data, len, i);
		if (at_ci(data, len, i, "<?xml") || at_ci(data, len, i, "<!--")) {
			const char *close = at_ci(data, len, i, "<!--") ? "-->" : "?>";

			end = find(data + i, len - i, close);
			if (!end)
				return false;
			i = (size_t)(end - data) + strlen(close);
			continue;
		}
		break;
	}
	return at_ci(data, len, i, "<!doctype html") || at_ci(data, len, i, "<html") ||
		at_ci(data, len, i, "<body");
}

typedef struct walk {
	dstr out;
	int pending_space; /* a space to write before the next word of the line */
	int line_open;     /* something on the current line */
} walk;

static bool name_is(const xmlNode *n, const char *name)
{
	return n->name && strcasecmp((const char *)n->name, name) == 0;
}

static bool is_block(const xmlNode *n)
{
	static const char *const blocks[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
		"tr", "table", "tbody", "thead", "tfoot", "caption", "section", "article",
		"header", "footer", "blockquote", "pre", "hr", "center", "address", "main",
		"aside", "figure", "figcaption", "form", "fieldset", "nav",
	};
	size_t i;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (name_is(n, blocks[i]))
			return true;
	return false;
}

static bool is_skipped(const xmlNode *n)
{
	static const char *const skip[] = {
		"script", "style", "head", "noscript", "template", "iframe", "object", "svg",
		"select", "button", "title", "textarea",
	};
	size_t i;

	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (name_is(n, skip[i]))
			return true;
	return false;
}

static void end_line(walk *w)
{
	if (w->line_open)
		dstr_addc(&w->out, '\n');
	w->line_open = 0;
	w->pending_space = 0;
}

static void add_inline(walk *w, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') {
			if (w->line_open)
				w->pending_space = 1;
			continue;
		}
		if (w->pending_space)
			dstr_addc(&w->out, ' ');
		w->pending_space = 0;
		w->line_open = 1;
		dstr_addc(&w->out, *s);
	}
}

static void walk_node(walk *w, const xmlNode *n, unsigned depth)
{
	const xmlNode *c;

	if (depth > 256)
		return; /* libxml2 limits the depth too; a page is never this deep */
	for (c = n; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				add_inline(w, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || is_skipped(c))
			continue;
		if (name_is(c, "br")) {
			end_line(w);
			continue;
		}
		if (name_is(c, "td") || name_is(c, "th")) {
			/* cells of a row are separated by tabs, as a browser copies them */
			if (w->line_open)
				dstr_addc(&w->out, '\t');
			w->pending_space = 0;
			walk_node(w, c->children, depth + 1);
			w->pending_space = 0;
			continue;
		}
		if (is_block(c)) {
			end_line(w);
			walk_node(w, c->children, depth + 1);
			end_line(w);
			continue;
		}
		walk_node(w, c->children, depth + 1);
	}
}

static bool has_class(const xmlNode *n, const char *cls)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	bool yes = false;

	if (v) {
		const char *p = (const char *)v;
		size_t k = strlen(cls);

		while ((p = strstr(p, cls)) != NULL) {
			if ((p == (const char *)v || p[-1] == ' ') && (p[k] == 0 || p[k] == ' ')) {
				yes = true;
				break;
			}
			p += k;
		}
		xmlFree(v);
	}
	return yes;
}

static bool has_id(const xmlNode *n, const char *id)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
	bool yes = v && strcmp((const char *)v, id) == 0;

	xmlFree(v);
	return yes;
}

/* The first element that holds the text in a known layout; NULL when none. */
static const xmlNode *find_content(const xmlNode *n, unsigned depth)
{
	const xmlNode *c, *hit;

	if (depth > 256)
		return NULL;
	for (c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(c, "div") && (has_class(c, "content1") || has_id(c, "toanvancontent") ||
		    has_class(c, "toanvancontent") || has_class(c, "fulltext") ||
		    has_id(c, "divContentDoc")))
			return c;
		if ((hit = find_content(c->children, depth + 1)) != NULL)
			return hit;
	}
	return NULL;
}

int akn_html_text(char **out, size_t *outlen, const char *path, const char *data, size_t len,
	dossier_error *err)
{
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	const xmlNode *root, *content;
	walk w = { DSTR_INIT, 0, 0 };

	*out = NULL;
	*outlen = 0;
	if (len > (size_t)0x7fffffff)
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0, "the HTML page is too large");
	if (!(ctxt = htmlNewParserCtxt()))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	doc = htmlCtxtReadMemory(ctxt, data, (int)len, path, "UTF-8",
		HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	htmlFreeParserCtxt(ctxt);
	if (!doc)
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, 1, 1,
			"the HTML page cannot be read");
	root = xmlDocGetRootElement(doc);
	content = root ? find_content(root, 0) : NULL;
	if (content)
		walk_node(&w, content->children, 0);
	else if (root)
		walk_node(&w, root, 0);
	end_line(&w);
	xmlFreeDoc(doc);
	if (w.out.oom) {
		dstr_free(&w.out);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*outlen = w.out.len;
	*out = w.out.ptr ? dstr_detach(&w.out) : util_strdup("");
	if (!*out)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}
