/*
 * textwrite.c: a document back into structured plain text in its language
 * (dossier_text_write), in the form textparse.c reads, so that writing and
 * parsing again gives the same document: the header block with the national
 * motto, the preamble, chapter titles on their own line when they are in
 * capitals (else after ". "), "Điều 5. Heading", "1. …", "a) …", the
 * signature block and the appendices.
 */
#include "dossier/textparse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "text/textheading_int.h"
#include "text/textloose_int.h"
#include "text/textquote_int.h"
#include "text/furniture_int.h"
#include "text/attach_int.h"
#include "dossier/calendar.h"
#include "base/util.h"

const char *text_kind_word(dossier_node_kind kind, dossier_lang lang)
{
	int eng = lang == DOSSIER_LANG_ENG;

	switch (kind) {
	case DOSSIER_NODE_PART: return eng ? "Part" : "Phần";
	case DOSSIER_NODE_CHAPTER: return eng ? "Chapter" : "Chương";
	case DOSSIER_NODE_SECTION: return eng ? "Section" : "Mục";
	case DOSSIER_NODE_ARTICLE: return eng ? "Article" : "Điều";
	case DOSSIER_NODE_APPENDIX: return eng ? "Appendix" : "Phụ lục";
	default: return "";
	}
}

static void write_lines(dstr *s, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dstr_addf(s, "%s\n", v[i]);
}

/* A paragraph as the parser compares lines: blanks made spaces, runs
 * collapsed, trimmed. Caller frees; NULL without memory. */
static char *flat_of(const char *para)
{
	char *f = malloc(strlen(para) + 1), *w = f;
	const char *r = para;

	if (!f)
		return NULL;
	for (; *r; r++) {
		int sp = *r == ' ' || *r == '\t' || *r == '\r' || *r == '\v' || *r == '\f';

		if (!sp && (unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0)
			sp = 1, r++;
		if (sp) {
			if (w > f && w[-1] != ' ')
				*w++ = ' ';
			continue;
		}
		*w++ = *r;
	}
	while (w > f && w[-1] == ' ')
		w--;
	*w = 0;
	return f;
}

/* The last line written to s (borrowed, not terminated: its length in *n). */
static const char *last_line(const dstr *s, size_t *n)
{
	size_t e = s->len, b;

	if (!s->ptr)
		return *n = 0, "";
	while (e && s->ptr[e - 1] == '\n')
		e--;
	for (b = e; b && s->ptr[b - 1] != '\n'; b--)
		;
	*n = e - b;
	return s->ptr + b;
}

/* Whether the parser, reading para after the line prev, would take it for
 * anything but a paragraph of its own (docs/text-format.md, "A line kept
 * as text"): a heading, clause or point shape, a quotation, the start of
 * the conclusions or of an attached text, page furniture, a title going
 * on after its heading, or a PDF wrap going on with prev's sentence. */
enum { W_BODY, W_BACK, W_APPENDIX };

static int misread(const char *prev, const char *flat, int mode)
{
	int back = mode != W_BODY;
	th_heading h;
	int r;

	if (!*flat)
		return 0;
	if (flat[0] == '\\' || (mode != W_APPENDIX && text_attach_type(flat)))
		return 1;
	if ((r = th_match(&h, flat)) != 0) {
		int appendix = h.kind == TH_APPENDIX;

		th_release(&h);
		if (r < 0 || !back || appendix)
			return 1;
	}
	if (mode == W_APPENDIX && *prev) {
		/* an appendix's title goes on over upper-case lines */
		th_heading ph;
		int pr = th_match(&ph, prev), title = pr > 0 && ph.kind == TH_APPENDIX &&
			(ph.bare || th_is_upper(ph.title));

		th_release(&ph);
		if (pr < 0 || (title && th_is_upper(flat)) || (th_is_upper(prev) && th_is_upper(flat)))
			return 1;
	}
	if (back)
		return 0;
	if (th_is_conclusion_start(flat) || tq_opens(flat))
		return 1;
	if ((r = text_loose_article(&h, flat)) != 0) {
		th_release(&h);
		return 1;
	}
	{
		const char *two[2] = { prev, flat };
		unsigned char drop[2] = { 0, 0 };

		if (text_furniture_mark(drop, two, 2) && drop[1])
			return 1;
	}
	if (th_is_upper(prev) && th_is_upper(flat))
		return 1;
	if (*prev && (r = th_match(&h, prev)) != 0) {
		int container = r > 0 && (h.kind == TH_PART || h.kind == TH_CHAPTER ||
			h.kind == TH_SECTION || h.kind == TH_APPENDIX);
		int bare = r > 0 && (h.bare || !h.title);
		int article = r > 0 && h.kind == TH_ARTICLE;

		th_release(&h);
		if (r < 0 || (container && bare))
			return 1;
		if (bare)
			return 0;    /* a heading without title takes no wrap */
		if (article && isdigit((unsigned char)flat[0]))
			return 0;
	}
	return text_sentence_open(prev) && text_continues_sentence(flat);
}

/* A paragraph of text, with a leading '\' when the parser would read it
 * as something else; `back`: a line of the conclusions. */
static void write_para(dstr *s, const char *para, int mode)
{
	size_t n;
	const char *l = last_line(s, &n);
	char *prev = util_strndup(l, n), *pf = prev ? flat_of(prev) : NULL, *f = flat_of(para);

	if (!prev || !pf || !f)
		s->oom = 1;
	else if (misread(pf, f, mode))
		dstr_addc(s, '\\');
	dstr_addf(s, "%s\n", para);
	free(prev);
	free(pf);
	free(f);
}

static void write_paras(dstr *s, char *const *v, size_t n, int mode)
{
	size_t i;

	for (i = 0; i < n; i++)
		write_para(s, v[i], mode);
}

/* Where a node's paragraphs are read back: an appendix's are its text. */
static int mode_of(const dossier_node *n)
{
	for (; n; n = n->parent)
		if (n->kind == DOSSIER_NODE_APPENDIX)
			return W_APPENDIX;
	return W_BODY;
}

static void write_node(dstr *s, const dossier_node *n, dossier_lang lang);

/* The quotations standing after paragraph k of n's text (all those left
 * when k is the last): the quoted provisions between “ and ”. */
static void write_quotes(dstr *s, const dossier_node *n, size_t k, dossier_lang lang)
{
	size_t i;

	for (i = 0; i < n->nquotes; i++) {
		const dossier_quote *q = &n->quotes[i];
		dstr t = DSTR_INIT;
		size_t a = 0, b;

		if (q->para != k && !(k == n->ntext && q->para > k))
			continue;
		write_node(&t, q->body, lang);
		if (t.oom) {
			s->oom = 1;
			dstr_free(&t);
			return;
		}
		b = t.len;
		while (a < b && t.ptr[a] == '\n')
			a++;
		while (b > a && t.ptr[b - 1] == '\n')
			b--;
		dstr_adds(s, "\xE2\x80\x9C");
		dstr_add(s, t.ptr + a, b - a);
		dstr_adds(s, "\xE2\x80\x9D\n");
		dstr_free(&t);
	}
}

static void write_node(dstr *s, const dossier_node *n, dossier_lang lang)
{
	const char *num = n->num ? n->num : "";
	size_t i, first = 0;

	switch (n->kind) {
	case DOSSIER_NODE_BODY:
		break;
	case DOSSIER_NODE_PART:
	case DOSSIER_NODE_CHAPTER:
	case DOSSIER_NODE_SECTION:
	case DOSSIER_NODE_APPENDIX:
		dstr_addf(s, "\n%s", text_kind_word(n->kind, lang));
		if (*num)
			dstr_addf(s, " %s", num);
		if (n->heading && n->kind != DOSSIER_NODE_SECTION && th_is_upper(n->heading) &&
		    n->heading[0] != '(')
			dstr_addf(s, "\n%s\n", n->heading);
		else if (n->heading)
			dstr_addf(s, ". %s\n", n->heading);
		else
			dstr_addc(s, '\n');
		break;
	case DOSSIER_NODE_ATTACHMENT:
		/* its type line; its title and "(Ban hành kèm theo …)" are its text */
		dstr_addf(s, "\n%s\n", n->heading ? n->heading : "QUY ĐỊNH");
		break;
	case DOSSIER_NODE_ARTICLE:
		dstr_addf(s, "\n%s", text_kind_word(n->kind, lang));
		if (*num)
			dstr_addf(s, " %s", num);
		if (n->heading)
			dstr_addf(s, ". %s", n->heading);
		dstr_addc(s, '\n');
		break;
	case DOSSIER_NODE_CLAUSE:
	case DOSSIER_NODE_POINT:
		if (n->kind == DOSSIER_NODE_POINT && n->parent && n->parent->kind == DOSSIER_NODE_POINT) {
			/* a point inside a point: "(i)", "((A))", … */
			const dossier_node *a;
			int d = 0, k;

			for (a = n->parent; a && a->kind == DOSSIER_NODE_POINT; a = a->parent)
				d++;
			for (k = 0; k < d; k++)
				dstr_addc(s, '(');
			dstr_adds(s, num);
			for (k = 0; k < d; k++)
				dstr_addc(s, ')');
		} else {
			dstr_addf(s, n->kind == DOSSIER_NODE_CLAUSE ? "%s." : "%s)", num);
		}
		if (n->ntext) {
			dstr_addf(s, " %s", n->text[0]);
			first = 1;
		}
		dstr_addc(s, '\n');
		break;
	}
	for (i = first; i < n->ntext; i++) {
		if (n->nquotes)
			write_quotes(s, n, i, lang);
		write_para(s, n->text[i], mode_of(n));
	}
	if (n->nquotes)
		write_quotes(s, n, n->ntext, lang);
	for (i = 0; i < n->nchildren; i++)
		if ((n->children[i]->kind != DOSSIER_NODE_APPENDIX &&
		     n->children[i]->kind != DOSSIER_NODE_ATTACHMENT) || n->kind != DOSSIER_NODE_BODY)
			write_node(s, n->children[i], lang);
	write_paras(s, n->wrapup, n->nwrapup, mode_of(n));
}

char *text_node_quotes(const dossier_node *n)
{
	dstr s = DSTR_INIT;

	if (!n || !n->nquotes)
		return NULL;
	write_quotes(&s, n, n->ntext, DOSSIER_LANG_VIE);
	if (!s.oom && s.len && s.ptr[s.len - 1] == '\n')
		s.ptr[--s.len] = 0;
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}

static void write_date(dstr *s, const dossier_preface *pf, dossier_lang lang)
{
	unsigned y, m, d;

	if (!pf->place)
		return;
	if (!pf->date || sscanf(pf->date, "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12) {
		dstr_addf(s, "%s\n", pf->place);
		return;
	}
	if (lang == DOSSIER_LANG_ENG)
		dstr_addf(s, "%s, %s %02u, %u\n", pf->place, dossier_month_name((int)m), d, y);
	else
		dstr_addf(s, m <= 2 ? "%s, ngày %02u tháng %02u năm %u\n" :
			"%s, ngày %02u tháng %u năm %u\n", pf->place, d, m, y);
}

int dossier_text_write(char **out, const dossier_document *doc, dossier_error *err)
{
	const dossier_preface *pf = &doc->preface;
	dossier_lang lang = doc->lang;
	dstr s = DSTR_INIT;
	size_t i;

	*out = NULL;
	if (pf->issuer)
		dstr_addf(&s, "%s\n", pf->issuer);
	if (lang == DOSSIER_LANG_ENG)
		dstr_adds(&s, "SOCIALIST REPUBLIC OF VIETNAM\nIndependence - Freedom - Happiness\n");
	else
		dstr_adds(&s, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n");
	dstr_adds(&s, "---------------\n");
	write_lines(&s, pf->other, pf->nother);
	if (pf->number)
		dstr_addf(&s, "%s %s\n", lang == DOSSIER_LANG_ENG ? "No.:" : "Số:", pf->number);
	write_date(&s, pf, lang);
	if (pf->doc_type)
		dstr_addf(&s, "\n%s\n", pf->doc_type);
	if (pf->title)
		dstr_addf(&s, "%s\n", pf->title);
	if (pf->npreamble) {
		dstr_addc(&s, '\n');
		write_lines(&s, pf->preamble, pf->npreamble);
	}
	if (doc->body)
		write_node(&s, doc->body, lang);
	if (doc->nconclusions) {
		dstr_addc(&s, '\n');
		write_paras(&s, doc->conclusions, doc->nconclusions, W_BACK);
	}
	/* The attached texts after the signature, then the appendices. */
	for (i = 0; doc->body && i < doc->body->nchildren; i++)
		if (doc->body->children[i]->kind == DOSSIER_NODE_ATTACHMENT)
			write_node(&s, doc->body->children[i], lang);
	for (i = 0; doc->body && i < doc->body->nchildren; i++)
		if (doc->body->children[i]->kind == DOSSIER_NODE_APPENDIX)
			write_node(&s, doc->body->children[i], lang);
	if (s.oom) {
		dstr_free(&s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = dstr_detach(&s);
	return 0;
}
