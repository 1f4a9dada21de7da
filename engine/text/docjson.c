/*
 * docjson.c: a document as JSON (dossier_document_json), built with
 * jansson: the outline with eIds, kinds, numbers, headings and citations
 * in both languages, nested as the provisions are, and optionally the text.
 * `dossier convert --to json` and `dossier outline --json` print it; the
 * shape is documented in docs/text-format.md.
 */
#include "dossier/document.h"

#include <stdlib.h>

#include <jansson.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strv(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *node_json(const dossier_node *n, unsigned flags)
{
	json_t *o = json_object(), *kids;
	char *vie = dossier_node_citation(n, DOSSIER_LANG_VIE);
	char *eng = dossier_node_citation(n, DOSSIER_LANG_ENG);
	size_t i;

	if (!o)
		goto done;
	json_object_set_new(o, "eid", str_or_null(n->eid));
	json_object_set_new(o, "kind", json_string(dossier_node_kind_name(n->kind)));
	json_object_set_new(o, "num", str_or_null(n->num));
	json_object_set_new(o, "heading", str_or_null(n->heading));
	json_object_set_new(o, "citation", json_pack("{s:s?, s:s?}", "vie", vie, "eng", eng));
	json_object_set_new(o, "line", json_integer(n->line));
	if (flags & DOSSIER_JSON_TEXT) {
		json_object_set_new(o, "text", strv(n->text, n->ntext));
		if (n->nwrapup)
			json_object_set_new(o, "wrapup", strv(n->wrapup, n->nwrapup));
	}
	kids = json_array();
	for (i = 0; kids && i < n->nchildren; i++)
		json_array_append_new(kids, node_json(n->children[i], flags));
	json_object_set_new(o, "children", kids);
done:
	free(vie);
	free(eng);
	return o;
}

int dossier_document_json(char **out, const dossier_document *doc,
	unsigned flags, dossier_error *err)
{
	const dossier_preface *p = &doc->preface;
	json_t *root, *kids;
	size_t i;

	*out = NULL;
	root = json_object();
	if (!root)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	json_object_set_new(root, "format", json_string(DOSSIER_JSON_FORMAT));
	json_object_set_new(root, "lang", json_string(doc->lang == DOSSIER_LANG_ENG ? "eng" : "vie"));
	json_object_set_new(root, "kind", str_or_null(doc->kind));
	json_object_set_new(root, "preface", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"issuer", str_or_null(p->issuer), "number", str_or_null(p->number),
		"place", str_or_null(p->place), "date", str_or_null(p->date),
		"doc_type", str_or_null(p->doc_type), "title", str_or_null(p->title),
		"preamble", strv(p->preamble, p->npreamble), "other", strv(p->other, p->nother)));
	kids = json_array();
	for (i = 0; kids && doc->body && i < doc->body->nchildren; i++)
		json_array_append_new(kids, node_json(doc->body->children[i], flags));
	json_object_set_new(root, "body", kids);
	if ((flags & DOSSIER_JSON_TEXT) && doc->body)
		json_object_set_new(root, "body_text", strv(doc->body->text, doc->body->ntext));
	json_object_set_new(root, "conclusions", strv(doc->conclusions, doc->nconclusions));
	*out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!*out)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}
