/*
 * word_decree.c: a document as a .docx in the layout of Decree
 * 30/2020/NĐ-CP, Phụ lục I (docs/word.md): the issuer and the number beside
 * the Quốc hiệu and Tiêu ngữ and the place and date; the document type and
 * title centred in bold; the preamble (căn cứ) in italics; Phần, Chương and
 * Mục centred in bold with their titles; Điều in bold; clauses and points
 * justified with a first-line indent; "Nơi nhận" beside the signature
 * block; appendices on a new page. Provisions changed after comments (the
 * eIds of dossier_docx_options) are shaded and carry a Word comment.
 * Reading the result back with dossier_document_read gives the same tree.
 */
#include "dossier/word.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "word/word_int.h"
#include "text/text.h"

#define TEXT_WIDTH 9354u /* A4 less the margins, in twips */

typedef struct decree {
	word_doc *d;
	const dossier_docx_options *o;
	dossier_lang lang;
} decree;

static const char *marked(const decree *c, const dossier_node *n)
{
	size_t i;

	for (i = 0; c->o && n->eid && i < c->o->nchanged; i++)
		if (c->o->changed[i] && !strcmp(c->o->changed[i], n->eid))
			return c->o->notes && c->o->notes[i] ? c->o->notes[i] : "";
	return NULL;
}

static const char *kind_word(dossier_node_kind k, bool eng)
{
	return text_kind_word(k, eng ? DOSSIER_LANG_ENG : DOSSIER_LANG_VIE);
}

static void texts(decree *c, char *const *v, size_t n, size_t from, const char *note)
{
	word_pp pp = { .align = "both", .first_line = 567, .shade = note != NULL };
	size_t i;

	for (i = from; i < n; i++)
		word_para(c->d, &pp, v[i]);
}

static void node(decree *c, const dossier_node *n, bool top_appendix);

static void children(decree *c, const dossier_node *n)
{
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if ((n->children[i]->kind != DOSSIER_NODE_APPENDIX &&
		     n->children[i]->kind != DOSSIER_NODE_ATTACHMENT) || n->kind != DOSSIER_NODE_BODY)
			node(c, n->children[i], false);
}

static void node(decree *c, const dossier_node *n, bool top_appendix)
{
	bool eng = c->lang == DOSSIER_LANG_ENG;
	const char *note = marked(c, n);
	const char *comment = note && *note ? note : note ? (eng ? "Changed after comments" :
		"Sửa đổi sau khi tiếp thu ý kiến góp ý") : NULL;
	char *label = NULL;
	size_t first = 0;

	switch (n->kind) {
	case DOSSIER_NODE_BODY:
		texts(c, n->text, n->ntext, 0, NULL);
		break;
	case DOSSIER_NODE_ATTACHMENT: {
		/* on a page of its own: its type line, then its title and intro */
		word_pp type = { .align = "center", .bold = true, .keep_next = true, .after = -1,
			.shade = note != NULL, .comment = comment, .page_break_before = top_appendix };

		word_para(c->d, &type, n->heading ? n->heading : "");
		texts(c, n->text, n->ntext, 0, note);
		break;
	}
	case DOSSIER_NODE_PART:
	case DOSSIER_NODE_CHAPTER:
	case DOSSIER_NODE_SECTION:
	case DOSSIER_NODE_APPENDIX: {
		word_pp head = { .style = n->kind == DOSSIER_NODE_SECTION ? "Muc" : "Chuong", .align = "center",
			.bold = true, .keep_next = true, .after = -1, .shade = note != NULL, .comment = comment,
			.page_break_before = top_appendix };
		word_pp title = { .align = "center", .bold = true, .keep_next = true, .after = 120,
			.shade = note != NULL };

		label = n->num && *n->num ? util_sprintf("%s %s", kind_word(n->kind, eng), n->num)
					  : util_strdup(kind_word(n->kind, eng));
		if (n->kind == DOSSIER_NODE_SECTION && n->heading) {
			char *both = util_sprintf("%s. %s", label ? label : "", n->heading);

			word_para(c->d, &head, both ? both : "");
			free(both);
		} else {
			word_para(c->d, &head, label ? label : "");
			if (n->heading)
				word_para(c->d, &title, n->heading);
		}
		texts(c, n->text, n->ntext, 0, note);
		break;
	}
	case DOSSIER_NODE_ARTICLE: {
		word_pp head = { .style = "Dieu", .bold = true, .shade = note != NULL, .comment = comment };

		/* "Điều 5. Heading", "Điều 5."; an unnumbered article as the text
		 * writer writes it ("Điều. Heading", "Điều"), which reads back */
		if (n->num && *n->num)
			label = n->heading ? util_sprintf("%s %s. %s", kind_word(n->kind, eng), n->num, n->heading)
					   : util_sprintf("%s %s.", kind_word(n->kind, eng), n->num);
		else
			label = n->heading ? util_sprintf("%s. %s", kind_word(n->kind, eng), n->heading)
					   : util_strdup(kind_word(n->kind, eng));
		word_para(c->d, &head, label ? label : "");
		texts(c, n->text, n->ntext, 0, note);
		break;
	}
	case DOSSIER_NODE_CLAUSE:
	case DOSSIER_NODE_POINT: {
		word_pp pp = { .align = "both", .first_line = 567, .shade = note != NULL, .comment = comment };

		label = n->ntext ? util_sprintf(n->kind == DOSSIER_NODE_CLAUSE ? "%s. %s" : "%s) %s",
					n->num ? n->num : "", n->text[0])
				 : util_sprintf(n->kind == DOSSIER_NODE_CLAUSE ? "%s." : "%s)", n->num ? n->num : "");
		word_para(c->d, &pp, label ? label : "");
		first = 1;
		texts(c, n->text, n->ntext, first, note);
		break;
	}
	}
	free(label);
	if (n->nquotes) {
		/* the new wording an amending provision quotes, between its marks */
		char *q = text_node_quotes(n), *line, *save = NULL;

		for (line = q ? strtok_r(q, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save))
			texts(c, &line, 1, 0, note);
		free(q);
	}
	children(c, n);
	texts(c, n->wrapup, n->nwrapup, 0, note);
}

int dossier_docx_document(char **out, size_t *len, const dossier_document *doc,
	const dossier_docx_options *opts, dossier_error *err)
{
	const dossier_preface *pf = &doc->preface;
	bool eng = doc->lang == DOSSIER_LANG_ENG;
	decree c = { NULL, opts, doc->lang };
	char *place_date = NULL;
	size_t i;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = word_doc_new(&c.d, false, opts && opts->comment_author ? opts->comment_author : NULL,
		err)) < 0)
		return rc;
	if (pf->place || pf->date)
		place_date = word_place_date(pf->place, pf->date, eng);
	word_official_header(c.d, TEXT_WIDTH, pf->issuer, pf->number, place_date, eng);
	free(place_date);
	{
		word_pp other = { .align = "center", .bold = true, .before = 120, .after = -1 };
		word_pp type = { .align = "center", .bold = true, .before = 360, .after = -1 };
		word_pp title = { .align = "center", .bold = true, .after = 240 };
		word_pp pre = { .align = "both", .italic = true, .first_line = 567 };

		for (i = 0; i < pf->nother; i++)
			word_para(c.d, &other, pf->other[i]);
		if (pf->doc_type)
			word_para(c.d, &type, pf->doc_type);
		if (pf->title)
			word_para(c.d, &title, pf->title);
		for (i = 0; i < pf->npreamble; i++)
			word_para(c.d, &pre, pf->preamble[i]);
	}
	if (doc->body)
		node(&c, doc->body, false);
	if (doc->nconclusions)
		word_signature(c.d, TEXT_WIDTH, doc->conclusions, doc->nconclusions);
	for (i = 0; doc->body && i < doc->body->nchildren; i++)
		if (doc->body->children[i]->kind == DOSSIER_NODE_ATTACHMENT)
			node(&c, doc->body->children[i], true);
	for (i = 0; doc->body && i < doc->body->nchildren; i++)
		if (doc->body->children[i]->kind == DOSSIER_NODE_APPENDIX)
			node(&c, doc->body->children[i], true);
	return word_doc_finish(out, len, c.d, err);
}

/* The Word comment of a changed provision: which comments were adopted, by
 * whom, with the drafting agency's explanation, and the old wording. */
static char *change_note(const dossier_consolidation_change *ch)
{
	dstr s = DSTR_INIT;
	size_t k;

	for (k = 0; k < ch->nsources; k++) {
		const dossier_consolidation_source *src = &ch->sources[k];

		if (s.len)
			dstr_addc(&s, '\n');
		dstr_addf(&s, "%s ý kiến %s của %s", dossier_disposition_label(src->disposition),
			src->comment ? src->comment : "", src->author_name ? src->author_name : src->author ? src->author : "");
		if (src->revision)
			dstr_addf(&s, " (%s%s%s)", src->revision, src->citation ? ", " : "",
				src->citation ? src->citation : "");
		if (src->reason)
			dstr_addf(&s, ": %s", src->reason);
		if (src->superseded)
			dstr_adds(&s, " (được thay bằng ý kiến sau)");
	}
	if (ch->old_text)
		dstr_addf(&s, "\nNội dung trước khi sửa: %s", ch->old_text);
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}

int dossier_docx_consolidated(char **out, size_t *len, const char *xml, size_t xml_len,
	const dossier_consolidation_report *report, dossier_error *err)
{
	dossier_docx_options o = DOSSIER_DOCX_OPTIONS_INIT;
	dossier_document *doc = NULL;
	const char **eids = NULL;
	char **notes = NULL;
	size_t i, n = report ? report->nchanges : 0;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = dossier_akn_read(&doc, "consolidated.xml", xml, xml_len, NULL, err)) < 0)
		return rc;
	if (n && (!(eids = calloc(n, sizeof(*eids))) || !(notes = calloc(n, sizeof(*notes))))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		eids[i] = report->changes[i].eid;
		if (!(notes[i] = change_note(&report->changes[i]))) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
	}
	o.changed = eids;
	o.notes = (const char *const *)notes;
	o.nchanged = n;
	rc = dossier_docx_document(out, len, doc, &o, err);
done:
	for (i = 0; notes && i < n; i++)
		free(notes[i]);
	free(notes);
	free(eids);
	dossier_document_free(doc);
	return rc;
}
