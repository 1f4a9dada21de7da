/*
 * textparse.c: structured plain text into a document (see
 * dossier/textparse.h and docs/text-format.md).
 *
 * The input is NFC-normalised first (invalid UTF-8 is refused with its
 * byte offset), then read line by line in four phases: the front matter
 * (issuer, number, place and date, document type, title, preamble) up to
 * the first part, chapter, section or article heading; the body; the
 * conclusions (recipients and signature block) from the first line that
 * starts them; the appendices from the first "Phụ lục" heading. The shape
 * of a line (textheading.c) says what it could be; the numbering decides
 * the doubtful cases. A line that fits no rule is text of the provision it
 * sits in, never dropped. Structural errors are collected with line and
 * column; any error makes the parse fail with DOSSIER_EINVALID.
 */
#include "dossier/textparse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"

#include "dossier/input.h"
#include "text/text.h"
#include "text/textheading_int.h"
#include "text/textquote_int.h"
#include "text/furniture_int.h"
#include "text/textloose_int.h"
#include "text/attach_int.h"
#include "base/util.h"

typedef struct tline {
	char *text;    /* Unicode spaces made ASCII, trimmed; inner runs kept */
	char *flat;    /* the same with runs of spaces collapsed */
	unsigned line; /* 1-based */
	unsigned col;  /* 1-based column (in characters) of the first non-space */
} tline;

enum phase { PH_FRONT, PH_BODY, PH_BACK, PH_APPENDIX };

typedef struct parser {
	const char *path;
	dossier_diags *diags;
	dossier_error *err;
	size_t nerrors;
	int oom;

	tline *lines;
	size_t nlines, i;

	dossier_document *doc;
	enum phase phase;
	int preamble_started;
	int votes[2];

	dossier_node *part, *chapter, *section, *article, *clause, *point, *appendix;
	unsigned last_art;
	int have_art;
	unsigned last_clause;
	unsigned direct_point_line, direct_point_col;
	char *direct_point_num;
	int reported_direct;
	int quoted;   /* parsing a quotation (textquote.c): its own numbering, no back matter */

	unsigned flags;        /* DOSSIER_TEXT_* */
	dossier_node *last_node;  /* holds the last paragraph read in the body, or NULL */
	int last_in_heading;   /* that "paragraph" is last_node's heading */

	/* the attached text being read (attach.c), NULL in the main text */
	dossier_node *attachment;
	unsigned nattach;
	int attach_text_only;  /* it has no article: all its lines are its text */
	unsigned attach_part, attach_chapter;  /* the last numbers, for continuity */
} parser;

/* ---- lines ---- */

static int is_space_cp(int32_t cp)
{
	if (cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xFEFF ||
	    cp == 0x200B || cp == 0x2060)
		return 1;
	return (text_utf8_class(cp) & TEXT_UC_SPACE) != 0;
}

/* Clean one raw line into l->text and l->flat. The cleaned line is never
 * longer than the raw one (a space for a space, the rest copied or
 * dropped); ASCII takes the short way,
 * as most of a Vietnamese line is ASCII (the parse speed in bench/). */
static int clean_line(tline *l, const char *s, size_t len)
{
	char *t = malloc(len + 1);
	size_t off = 0, chars = 0, w = 0;
	int lead = 1;

	if (!t)
		return DOSSIER_ENOMEM;
	l->col = 1;
	while (off < len) {
		unsigned char c = (unsigned char)s[off];
		int32_t cp;
		size_t n;

		if (c < 0x80) {
			n = 1;
			cp = c;
		} else if ((n = dossier_utf8_next(s + off, len - off, &cp)) == 0) {
			n = 1, cp = '?';
		}
		if (c < 0x80 ? (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') :
		    is_space_cp(cp)) {
			if (!lead)
				t[w++] = ' ';
		} else if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) {
			/* other control characters carry nothing, nor do the two
			 * noncharacters XML cannot hold (the writers drop them too) */
		} else {
			if (lead)
				l->col = (unsigned)chars + 1;
			lead = 0;
			if (n == 1)
				t[w++] = (char)c;
			else
				memcpy(t + w, s + off, n), w += n;
		}
		off += n;
		chars++;
	}
	while (w && t[w - 1] == ' ')
		w--;
	t[w] = 0;
	l->text = t;
	l->flat = util_strdup(l->text);
	if (!l->flat)
		return DOSSIER_ENOMEM;
	{
		char *r, *w;

		for (r = w = l->flat; *r; r++) {
			if (*r == ' ' && w > l->flat && w[-1] == ' ')
				continue;
			*w++ = *r;
		}
		*w = 0;
	}
	return 0;
}

/* Page furniture (furniture.c) becomes blank lines: it carries nothing. */
static int drop_furniture(parser *p)
{
	const char **flat;
	unsigned char *drop;
	size_t i;

	if (!p->nlines)
		return 0;
	flat = malloc(p->nlines * sizeof(*flat));
	drop = malloc(p->nlines);
	if (!flat || !drop) {
		free(flat);
		free(drop);
		return DOSSIER_ENOMEM;
	}
	for (i = 0; i < p->nlines; i++)
		flat[i] = p->lines[i].flat;
	if (text_furniture_mark(drop, flat, p->nlines))
		for (i = 0; i < p->nlines; i++)
			if (drop[i]) {
				p->lines[i].text[0] = 0;
				p->lines[i].flat[0] = 0;
			}
	free(flat);
	free(drop);
	return 0;
}

static int split_lines(parser *p, const char *data, size_t len)
{
	size_t start = 0, i, cap = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (p->nlines == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			tline *nl = realloc(p->lines, ncap * sizeof(*nl));

			if (!nl)
				return DOSSIER_ENOMEM;
			p->lines = nl;
			cap = ncap;
		}
		memset(&p->lines[p->nlines], 0, sizeof(tline));
		p->lines[p->nlines].line = (unsigned)p->nlines + 1;
		p->nlines++;
		if (clean_line(&p->lines[p->nlines - 1], data + start, i - start) < 0)
			return DOSSIER_ENOMEM;
		start = i + 1;
	}
	return 0;
}

/* ---- diagnostics ---- */

static void diag(parser *p, dossier_severity sev, const char *code, const tline *l,
	const char *fmt, ...) DOSSIER_PRINTF(5, 6);
static void diag(parser *p, dossier_severity sev, const char *code, const tline *l,
	const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (s.oom) {
		p->oom = 1;
		dstr_free(&s);
		return;
	}
	if (p->diags && dossier_diags_add(p->diags, sev, code, p->path, l->line, l->col,
	    "%s", s.ptr) < 0)
		p->oom = 1;
	if (sev == DOSSIER_SEVERITY_ERROR) {
		if (p->nerrors++ == 0)
			dossier_error_set_at(p->err, DOSSIER_EINVALID, p->path, l->line, l->col,
				"%s", s.ptr);
	}
	dstr_free(&s);
}

/* ---- building ---- */

static dossier_node *new_node(parser *p, dossier_node *parent, dossier_node_kind kind,
	const char *num, const char *heading, const tline *l)
{
	dossier_node *n;

	if (dossier_node_new(&n, parent, kind, num, heading) < 0) {
		p->oom = 1;
		return NULL;
	}
	n->line = l->line;
	n->column = l->col;
	return n;
}

static void add_text(parser *p, dossier_node *n, const char *text)
{
	if (dossier_node_add_text(n, text) < 0)
		p->oom = 1;
}

static dossier_node *deepest(parser *p);

/* Whether the last paragraph read in the body stops in mid-sentence. */
static int last_open(const parser *p)
{
	const dossier_node *n = p->last_node;

	if (!n)
		return 0;
	if (p->last_in_heading)
		return n->heading && text_sentence_open(n->heading);
	return n->ntext && text_sentence_open(n->text[n->ntext - 1]);
}

/* A line of body text. A PDF wraps every line: when the last paragraph
 * read stops in mid-sentence and this line goes on with it (it opens with
 * a lower-case letter or a digit, or it is a wrapped "Điều 9." that
 * `force` says is not a heading), it is joined to that paragraph (or to
 * the article heading it continues) with one space. */
static void body_text(parser *p, const tline *l, int force)
{
	dossier_node *n = deepest(p);
	char **last = NULL;

	if (p->last_node == n)
		last = p->last_in_heading ? &n->heading :
			n->ntext ? &n->text[n->ntext - 1] : NULL;
	if (last && *last && text_sentence_open(*last) &&
	    (force || (text_continues_sentence(l->flat) &&
		       (!p->last_in_heading || !isdigit((unsigned char)l->flat[0]))))) {
		/* runs of spaces collapsed, as on a heading or clause line, so
		 * that the text written back reads the same */
		size_t a = strlen(*last), b = strlen(l->flat);
		char *j = realloc(*last, a + b + 2);

		if (!j) {
			p->oom = 1;
			return;
		}
		j[a] = ' ';
		memcpy(j + a + 1, l->flat, b + 1);
		*last = j;
		/* a heading's final full stop is punctuation, as on one line */
		if (p->last_in_heading) {
			size_t k = strlen(j);

			if (k > 1 && j[k - 1] == '.' && j[k - 2] != '.')
				j[k - 1] = 0;
		}
		return;
	}
	add_text(p, n, l->text);
	p->last_node = n;
	p->last_in_heading = 0;
}

/* The body, or the attached text being read. */
static dossier_node *top(parser *p)
{
	return p->attachment ? p->attachment : p->doc->body;
}

static dossier_node *deepest(parser *p)
{
	if (p->phase == PH_APPENDIX && p->appendix)
		return p->appendix;
	if (p->point)
		return p->point;
	if (p->clause)
		return p->clause;
	if (p->article)
		return p->article;
	if (p->section)
		return p->section;
	if (p->chapter)
		return p->chapter;
	if (p->part)
		return p->part;
	return top(p);
}

static dossier_node *container_for(parser *p, th_kind kind)
{
	switch (kind) {
	case TH_CHAPTER:
		return p->part ? p->part : top(p);
	case TH_SECTION:
	case TH_ARTICLE:
		if (kind == TH_ARTICLE && p->section)
			return p->section;
		if (p->chapter)
			return p->chapter;
		return p->part ? p->part : top(p);
	default:
		return top(p);
	}
}

/* The next line with something on it, from index i; nlines when none. */
static size_t next_nonblank(const parser *p, size_t i)
{
	while (i < p->nlines && !*p->lines[i].flat)
		i++;
	return i;
}

static int is_any_heading(parser *p, const char *flat)
{
	th_heading h;
	int r = th_match(&h, flat);

	if (r < 0) {
		p->oom = 1;
		return 1;
	}
	th_release(&h);
	return r > 0 || th_is_conclusion_start(flat);
}

/* Title of a part, chapter, section or appendix: on the heading line, else
 * the next line; upper-case titles continue over following upper-case
 * lines. Consumes the lines it takes. */
static char *take_title(parser *p, const char *same_line, int next_must_be_upper)
{
	dstr t = DSTR_INIT;
	size_t j;

	if (same_line) {
		dstr_adds(&t, same_line);
	} else {
		j = next_nonblank(p, p->i + 1);
		if (j >= p->nlines || is_any_heading(p, p->lines[j].flat) ||
		    p->lines[j].flat[0] == '\\' ||
		    (next_must_be_upper && !th_is_upper(p->lines[j].flat)))
			return NULL;
		dstr_adds(&t, p->lines[j].flat);
		p->i = j;
	}
	while (t.ptr && th_is_upper(t.ptr)) {
		j = next_nonblank(p, p->i + 1);
		if (j >= p->nlines || !th_is_upper(p->lines[j].flat) ||
		    is_any_heading(p, p->lines[j].flat) || p->lines[j].flat[0] == '\\' ||
		    p->lines[j].flat[0] == '(')
			break;
		dstr_addc(&t, ' ');
		dstr_adds(&t, p->lines[j].flat);
		p->i = j;
	}
	/* A title in ordinary case the PDF wrapped: "Quy định chung về" /
	 * "quản lý …" goes on while the next line goes on with the sentence. */
	while (t.ptr && !th_is_upper(t.ptr) && text_sentence_open(t.ptr)) {
		j = next_nonblank(p, p->i + 1);
		if (j >= p->nlines || isdigit((unsigned char)p->lines[j].flat[0]) ||
		    !text_continues_sentence(p->lines[j].flat) || is_any_heading(p, p->lines[j].flat))
			break;
		dstr_addc(&t, ' ');
		dstr_adds(&t, p->lines[j].flat);
		p->i = j;
	}
	if (t.oom) {
		p->oom = 1;
		dstr_free(&t);
		return NULL;
	}
	if (!t.ptr)
		return NULL;
	/* A trailing full stop is punctuation of the heading, not text. */
	if (t.len && t.ptr[t.len - 1] == '.' && !(t.len > 1 && t.ptr[t.len - 2] == '.'))
		t.ptr[--t.len] = 0;
	return dstr_detach(&t);
}

/* ---- front matter ---- */

static void set_once(parser *p, char **field, const char *value)
{
	if (*field)
		return;
	*field = util_strdup(value);
	if (!*field)
		p->oom = 1;
}

static void front_line(parser *p, const tline *l)
{
	dossier_preface *pf = &p->doc->preface;
	char *s, *num, *place, *iso;
	const char *kind;

	if (th_is_separator(l->flat))
		return;
	if (!(s = util_strdup(l->flat))) {
		p->oom = 1;
		return;
	}
	/* The motto and separators can share a line with the issuer in the
	 * header block; after the document type they are words of the title. */
	if (!pf->doc_type && th_strip_motto(s) == 0)
		goto done;
	if (p->preamble_started) {
		/* "… được sửa đổi, bổ sung bởi Luật" / "số 32/2013/QH13;": a
		 * citation the PDF wrapped */
		if (pf->npreamble && text_sentence_open(pf->preamble[pf->npreamble - 1]) &&
		    text_continues_sentence(s)) {
			char **last = &pf->preamble[pf->npreamble - 1];
			size_t a = strlen(*last), b = strlen(s);
			char *j = realloc(*last, a + b + 2);

			if (!j) {
				p->oom = 1;
				goto done;
			}
			j[a] = ' ';
			memcpy(j + a + 1, s, b + 1);
			*last = j;
			goto done;
		}
		if (util_strv_add(&pf->preamble, &pf->npreamble, s) < 0)
			p->oom = 1;
		goto done;
	}
	if (!pf->number && (num = th_doc_number(s)) != NULL) {
		pf->number = num;
		goto done;
	}
	if (!pf->date && th_place_date(&place, &iso, s)) {
		pf->place = place;
		pf->date = iso;
		goto done;
	}
	if (!pf->doc_type && (kind = th_doc_kind(s)) != NULL) {
		set_once(p, &pf->doc_type, s);
		free(p->doc->kind);
		p->doc->kind = util_strdup(kind);
		if (!p->doc->kind)
			p->oom = 1;
		goto done;
	}
	if (th_is_preamble_start(s)) {
		p->preamble_started = 1;
		if (util_strv_add(&pf->preamble, &pf->npreamble, s) < 0)
			p->oom = 1;
		goto done;
	}
	if (pf->doc_type) {
		if (pf->title) {
			char *t = util_sprintf("%s %s", pf->title, s);

			if (!t) {
				p->oom = 1;
				goto done;
			}
			free(pf->title);
			pf->title = t;
		} else {
			set_once(p, &pf->title, s);
		}
		goto done;
	}
	if (!pf->issuer) {
		set_once(p, &pf->issuer, s);
		goto done;
	}
	/* The Gazette prints the issuer twice, once wrapped ("BỘ LAO ĐỘNG -
	 * THƯƠNG BINH" / "VÀ XÃ HỘI"): a repeat says nothing new. */
	if (strstr(pf->issuer, s))
		goto done;
	if (util_strv_add(&pf->other, &pf->nother, s) < 0)
		p->oom = 1;
done:
	free(s);
}

/* ---- body ---- */

static void close_below(parser *p, th_kind kind)
{
	switch (kind) {
	case TH_PART:
		p->part = NULL;
		/* fall through */
	case TH_CHAPTER:
		p->chapter = NULL;
		/* fall through */
	case TH_SECTION:
		p->section = NULL;
		/* fall through */
	case TH_ARTICLE:
		p->article = NULL;
		p->last_clause = 0;
		free(p->direct_point_num);
		p->direct_point_num = NULL;
		p->direct_point_line = 0;
		p->reported_direct = 0;
		/* fall through */
	case TH_CLAUSE:
		p->clause = NULL;
		/* fall through */
	default:
		p->point = NULL;
	}
}

static unsigned article_value(const char *num)
{
	return (unsigned)strtoul(num, NULL, 10);
}

/* An article heading whose number breaks the sequence, with what reads like
 * a sentence after it, is a body line that happens to start with "Điều N". */
static int looks_like_sentence(const th_heading *h)
{
	size_t n;

	if (!h->title)
		return 0;
	n = strlen(h->title);
	return n > 250 || (n && strchr(",;", h->title[n - 1]));
}

static void body_heading(parser *p, const tline *l, th_heading *h)
{
	dossier_node *parent, *n;
	char *title = NULL;

	switch (h->kind) {
	case TH_PART:
	case TH_CHAPTER:
	case TH_SECTION:
		if (p->attachment && h->kind != TH_SECTION) {
			/* In an attached text a part or chapter must go on from the
			 * last: its forms and tables repeat "Phần I" as text. */
			unsigned v = text_num_value(h->num), *last = h->kind == TH_PART ?
				&p->attach_part : &p->attach_chapter;

			if (v != *last + 1 || (h->kind == TH_PART && !p->part &&
			    (p->attach_chapter || p->have_art))) {
				body_text(p, l, 0);
				break;
			}
			*last = v;
		}
		parent = container_for(p, h->kind);
		title = take_title(p, h->title, 0);
		close_below(p, h->kind);
		n = new_node(p, parent, h->kind == TH_PART ? DOSSIER_NODE_PART :
			h->kind == TH_CHAPTER ? DOSSIER_NODE_CHAPTER : DOSSIER_NODE_SECTION,
			*h->num ? h->num : NULL, title, l);
		if (h->kind == TH_PART)
			p->part = n;
		else if (h->kind == TH_CHAPTER)
			p->chapter = n;
		else
			p->section = n;
		p->last_node = NULL;
		p->votes[h->lang]++;
		break;
	case TH_ARTICLE: {
		unsigned v = article_value(h->num);

		if (h->num[0] == '#' || !h->num[0]) {
			/* "Article #" (a number still to be given) or an
			 * unnumbered "Article": outside the numbering */
			parent = container_for(p, h->kind);
			close_below(p, TH_ARTICLE);
			p->article = new_node(p, parent, DOSSIER_NODE_ARTICLE, *h->num ? h->num : NULL,
				h->title, l);
			p->last_node = h->title ? p->article : NULL;
			p->last_in_heading = 1;
			p->votes[h->lang]++;
			break;
		}
		if (p->have_art && v != p->last_art + 1 && looks_like_sentence(h)) {
			body_text(p, l, 0);
			break;
		}
		/* "… tại khoản 4" / "Điều 89.": a sentence the PDF wrapped
		 * before a citation, told by the numbering (it breaks the
		 * sequence) and the context (the line before stops in
		 * mid-sentence, and nothing or a lower-case word follows). */
		if (p->have_art && v != p->last_art + 1 && last_open(p) &&
		    (h->bare || text_continues_sentence(h->title))) {
			body_text(p, l, 1);
			break;
		}
		if (p->have_art && v < p->last_art)
			diag(p, DOSSIER_SEVERITY_ERROR, "article-number-backwards", l,
				"article number %s goes backwards (after %u)", h->num, p->last_art);
		else if (p->have_art && v == p->last_art && isdigit((unsigned char)h->num[strlen(h->num) - 1]))
			diag(p, DOSSIER_SEVERITY_ERROR, "article-number-repeated", l,
				"article number %s repeats the previous article's", h->num);
		else if (p->quoted)
			;
		else if (p->have_art && v > p->last_art + 1)
			diag(p, DOSSIER_SEVERITY_WARNING, "article-number-gap", l,
				"article number jumps from %u to %s", p->last_art, h->num);
		else if (!p->have_art && v != 1)
			diag(p, DOSSIER_SEVERITY_WARNING, "article-number-gap", l,
				"the first article is numbered %s, not 1", h->num);
		parent = container_for(p, h->kind);
		close_below(p, TH_ARTICLE);
		p->article = new_node(p, parent, DOSSIER_NODE_ARTICLE, h->num, h->title, l);
		p->last_node = h->title ? p->article : NULL;
		p->last_in_heading = 1;
		if (v > p->last_art || !p->have_art)
			p->last_art = v;
		p->have_art = 1;
		p->votes[h->lang]++;
		break;
	}
	case TH_CLAUSE: {
		unsigned v = article_value(h->num);
		dossier_node *unit = p->article ? p->article : p->quoted ? container_for(p, TH_ARTICLE) : NULL;

		if (!unit) {
			body_text(p, l, 0);
			break;
		}
		/* "2A" after "2" goes on */
		int suffix = isalpha((unsigned char)h->num[strlen(h->num) - 1]);

		if (p->last_clause && (v < p->last_clause || (v == p->last_clause && !suffix)) &&
		    p->article)
			diag(p, DOSSIER_SEVERITY_ERROR, "clause-number-backwards", l,
				"clause number %s goes backwards (after %u) in article %s",
				h->num, p->last_clause, p->article->num);
		else if (p->last_clause && (v < p->last_clause || (v == p->last_clause && !suffix)))
			diag(p, DOSSIER_SEVERITY_ERROR, "clause-number-backwards", l,
				"clause number %s goes backwards (after %u) in the quotation",
				h->num, p->last_clause);
		if (p->direct_point_line && !p->reported_direct && p->article) {
			tline at = { NULL, NULL, p->direct_point_line, p->direct_point_col };

			diag(p, DOSSIER_SEVERITY_ERROR, "point-outside-clause", &at,
				"point %s) is outside any clause of article %s, which has clauses",
				p->direct_point_num, p->article->num);
			p->reported_direct = 1;
		}
		close_below(p, TH_CLAUSE);
		p->clause = new_node(p, unit, DOSSIER_NODE_CLAUSE, h->num, NULL, l);
		if (p->clause && h->title)
			add_text(p, p->clause, h->title);
		p->last_node = h->title ? p->clause : NULL;
		p->last_in_heading = 0;
		if (v > p->last_clause)
			p->last_clause = v;
		break;
	}
	case TH_SUBPOINT: {
		/* inside the open point, under its ancestor one level up */
		dossier_node *q = p->point;
		int k = -1;

		for (dossier_node *a = q; a && a->kind == DOSSIER_NODE_POINT; a = a->parent)
			k++;
		while (q && k >= h->depth) {
			q = q->parent;
			k--;
		}
		if (!q || q->kind != DOSSIER_NODE_POINT || k != h->depth - 1) {
			add_text(p, deepest(p), l->text);
			break;
		}
		p->point = new_node(p, q, DOSSIER_NODE_POINT, h->num, NULL, l);
		if (p->point && h->title)
			add_text(p, p->point, h->title);
		break;
	}
	case TH_POINT:
		if (!p->article && !p->quoted) {
			body_text(p, l, 0);
			break;
		}
		parent = p->clause ? p->clause : p->article ? p->article : container_for(p, TH_ARTICLE);
		/* A quotation may quote a point and then a clause ("điểm c khoản 1
		 * và khoản 3"): no rule on points outside clauses there. */
		if (!p->clause && !p->direct_point_line && !p->quoted) {
			p->direct_point_line = l->line;
			p->direct_point_col = l->col;
			p->direct_point_num = util_strdup(h->num);
			if (!p->direct_point_num)
				p->oom = 1;
		}
		p->point = new_node(p, parent, DOSSIER_NODE_POINT, h->num, NULL, l);
		if (p->point && h->title)
			add_text(p, p->point, h->title);
		p->last_node = h->title ? p->point : NULL;
		p->last_in_heading = 0;
		break;
	default:
		break;
	}
	free(title);
}

static void appendix_heading(parser *p, const tline *l, th_heading *h)
{
	char *title = take_title(p, h->title, 1);

	close_below(p, TH_PART);
	p->appendix = new_node(p, p->doc->body, DOSSIER_NODE_APPENDIX,
		*h->num ? h->num : NULL, title, l);
	p->votes[h->lang]++;
	p->phase = PH_APPENDIX;
	free(title);
}

static int appendix_shape(const th_heading *h)
{
	return h->kind == TH_APPENDIX && (h->bare || h->dot || th_is_upper(h->title));
}

static void add_conclusion(parser *p, const char *s)
{
	if (util_strv_add(&p->doc->conclusions, &p->doc->nconclusions, s) < 0)
		p->oom = 1;
}

/* "Điều 5 Chính sách …" without its dot is an article heading when the
 * numbering goes on and the line before ends a sentence; a warning says
 * so. 1 with h filled, 0, or DOSSIER_ENOMEM. */
static int loose_heading(parser *p, const tline *l, th_heading *h)
{
	int r = text_loose_article(h, l->flat);
	unsigned v;

	if (r <= 0)
		return r;
	v = article_value(h->num);
	if ((p->have_art ? v == p->last_art + 1 : v == 1) && !looks_like_sentence(h) &&
	    !last_open(p)) {
		diag(p, DOSSIER_SEVERITY_WARNING, "article-heading-without-dot", l,
			"'%s %s' is read as an article heading without its '.'",
			h->lang == DOSSIER_LANG_ENG ? "Article" : "Điều", h->num);
		return 1;
	}
	th_release(h);
	return 0;
}

/* Whether line i opens an attached text: its type line, with the intro
 * "(Ban hành kèm theo …)" within the next six lines. */
static int attachment_starts(const parser *p, size_t i)
{
	size_t j = i, k;

	if (!text_attach_type(p->lines[i].flat))
		return 0;
	for (k = 0; k < 6; k++) {
		j = next_nonblank(p, j + 1);
		if (j >= p->nlines)
			return 0;
		if (text_attach_intro(p->lines[j].flat))
			return 1;
	}
	return 0;
}

/* Whether the attached text from line i on has an article before the next
 * attached text or appendix. */
static int attachment_has_article(parser *p, size_t i)
{
	for (; i < p->nlines && !p->oom; i++) {
		th_heading h;
		int r;

		if (!*p->lines[i].flat)
			continue;
		if (attachment_starts(p, i))
			return 0;
		if ((r = th_match(&h, p->lines[i].flat)) < 0) {
			p->oom = 1;
			return 0;
		}
		if (r && h.kind == TH_APPENDIX && appendix_shape(&h)) {
			th_release(&h);
			return 0;
		}
		if (r && h.kind == TH_ARTICLE) {
			th_release(&h);
			return 1;
		}
		th_release(&h);
	}
	return 0;
}

/* A text "ban hành kèm theo" begins: an attachment under the body, its
 * type line its heading, the lines up to the intro's closing bracket its
 * text; its numbering starts again. */
static void start_attachment(parser *p, const tline *l)
{
	char num[16];
	size_t j;
	int in_intro = 0;

	close_below(p, TH_PART);
	snprintf(num, sizeof(num), "%u", ++p->nattach);
	p->attachment = new_node(p, p->doc->body, DOSSIER_NODE_ATTACHMENT, num, l->flat, l);
	p->phase = PH_BODY;
	p->have_art = 0;
	p->last_art = 0;
	p->attach_part = p->attach_chapter = 0;
	p->last_node = NULL;
	if (!p->attachment)
		return;
	/* the title and the intro, which may wrap */
	for (j = next_nonblank(p, p->i + 1); j < p->nlines; j = next_nonblank(p, j + 1)) {
		const char *f = p->lines[j].flat;

		if (!in_intro && text_attach_intro(f))
			in_intro = 1;
		else if (!in_intro && is_any_heading(p, f))
			break;
		body_text(p, &p->lines[j], in_intro && p->last_node && !text_attach_intro(f));
		p->i = j;
		if (in_intro && strchr(f, ')'))
			break;
	}
	p->last_node = NULL;
	p->attach_text_only = !attachment_has_article(p, p->i + 1);
}

/* ---- quotations (docs/text-format.md, "Quotations") ---- */

static void body_line(parser *p, const tline *l);

/* Whether the line, stripped of its opening mark, has a provision's shape. */
static int quoted_heading(parser *p, const char *flat)
{
	char *s = util_strdup(flat);
	th_heading h;
	int r, yes = 0;

	if (!s) {
		p->oom = 1;
		return 0;
	}
	tq_strip(s, 1, 0);
	r = th_match(&h, s);
	if (r < 0)
		p->oom = 1;
	else if (r) {
		yes = h.kind != TH_NONE && h.kind != TH_APPENDIX;
		th_release(&h);
	}
	free(s);
	return yes;
}

/* A line that ends what a stray closing mark could still belong to: the
 * next quotation, the next instruction, the next article of the text. */
static int ends_stray_scan(parser *p, const tline *l)
{
	th_heading h;
	int r, stop = 0;

	if (tq_opens(l->flat) || th_is_conclusion_start(l->flat))
		return 1;
	if ((r = th_match(&h, l->flat)) < 0) {
		p->oom = 1;
		return 1;
	}
	if (r) {
		stop = h.kind == TH_ARTICLE || h.kind == TH_PART || h.kind == TH_CHAPTER ||
			h.kind == TH_SECTION || h.kind == TH_APPENDIX ||
			((h.kind == TH_CLAUSE || h.kind == TH_POINT) && tq_instruction_like(h.title));
		th_release(&h);
	}
	return stop;
}

/* Parse lines [from, to] as the provisions of a quotation of `owner`. */
static void quotation_parse(parser *p, dossier_node *owner, size_t from, size_t to)
{
	dossier_document qd;
	dossier_node *body;
	parser q;

	if (dossier_node_add_quote(&body, owner, owner->ntext) < 0) {
		p->oom = 1;
		return;
	}
	body->line = p->lines[from].line;
	body->column = p->lines[from].col;
	memset(&qd, 0, sizeof(qd));
	qd.body = body;
	memset(&q, 0, sizeof(q));
	q.path = p->path;
	q.diags = p->diags;
	q.err = p->err;
	q.nerrors = p->nerrors;
	q.lines = p->lines;
	q.nlines = to + 1;
	q.doc = &qd;
	q.phase = PH_BODY;
	q.quoted = 1;
	for (q.i = from; q.i <= to && !q.oom; q.i++)
		if (*q.lines[q.i].flat)
			body_line(&q, &q.lines[q.i]);
	p->nerrors = q.nerrors;
	if (q.oom)
		p->oom = 1;
	free(q.direct_point_num);
}

/* A line opening with “ inside an article (or a quotation) opens a
 * quotation when what it quotes is a provision or its provision announces
 * it ("… như sau:"). The quotation ends where its marks balance; a stray
 * closing mark on a later line before the next instruction (a typo of the
 * Gazette: "…”." closing a quoted clause 1, then clauses 2 and 3 and "”.")
 * carries the end there, with a warning. Returns 1 when it took the lines. */
static int quotation(parser *p, const tline *l)
{
	dossier_node *owner;
	size_t j, end = p->nlines, k, first_end;
	int depth = 0;

	if (p->phase != PH_BODY || (!p->article && !p->quoted) || !tq_opens(l->flat))
		return 0;
	owner = deepest(p);
	if (!(owner->ntext && tq_announces(owner->text[owner->ntext - 1])) &&
	    !quoted_heading(p, l->flat))
		return 0;
	for (j = p->i; j < p->nlines; j++) {
		if (!*p->lines[j].flat)
			continue;
		depth += tq_balance(p->lines[j].flat);
		if (depth <= 0) {
			end = j;
			break;
		}
	}
	if (end == p->nlines) {
		diag(p, DOSSIER_SEVERITY_WARNING, "quote-unclosed", l,
			"this quotation has no closing mark (”): it is read as text");
		return 0;
	}
	first_end = end;
	for (k = end + 1; k < p->nlines && k < end + 400; k++) {
		const tline *m = &p->lines[k];

		if (!*m->flat)
			continue;
		if (ends_stray_scan(p, m))
			break;
		if (tq_balance(m->flat) < 0) {
			diag(p, DOSSIER_SEVERITY_WARNING, "quote-stray-mark", m,
				"a closing mark (”) with no opening one: the quotation opened on line %u is taken to end here, not on line %u",
				l->line, p->lines[end].line);
			end = k;
			break;
		}
	}
	/* The marks are punctuation of the quotation, not its text. */
	for (k = p->i; k <= end; k++) {
		tline *m = &p->lines[k];

		if (k == p->i || k == end || k == first_end) {
			tq_strip(m->text, k == p->i, k == end || k == first_end);
			tq_strip(m->flat, k == p->i, k == end || k == first_end);
		}
	}
	quotation_parse(p, owner, p->i, end);
	p->i = end;
	return 1;
}

/* A line opening with '\\' is a paragraph of text as it stands, without
 * that mark: what the writer writes for text the parser would otherwise
 * read as a heading, a label, a quotation or a wrap (docs/text-format.md,
 * "A line kept as text"). */
static void escaped_line(parser *p, const tline *l)
{
	dossier_node *n;

	if (p->phase == PH_BACK) {
		add_conclusion(p, l->flat + 1);
		return;
	}
	n = deepest(p);
	add_text(p, n, l->text + 1);
	p->last_node = n;
	p->last_in_heading = 0;
}

static void body_line(parser *p, const tline *l)
{
	th_heading h;
	int r;

	if (l->flat[0] == '\\' && l->flat[1]) {
		escaped_line(p, l);
		return;
	}

	if (!p->quoted && ((p->phase == PH_BODY && (p->have_art || p->attachment)) ||
	    p->phase == PH_BACK) && attachment_starts(p, p->i)) {
		start_attachment(p, l);
		return;
	}

	if ((r = th_match(&h, l->flat)) < 0) {
		p->oom = 1;
		return;
	}
	if (p->phase == PH_BODY && p->have_art && !p->quoted && !p->attachment && th_is_conclusion_start(l->flat) &&
	    !(r && h.kind != TH_NONE)) {
		p->phase = PH_BACK;
		close_below(p, TH_PART);
	}
	if (r && h.kind == TH_APPENDIX) {
		if (p->phase != PH_FRONT && !p->quoted && appendix_shape(&h) &&
		    (p->have_art || p->phase != PH_BODY || p->attachment)) {
			appendix_heading(p, l, &h);
			th_release(&h);
			return;
		}
		r = 0;
	}
	switch (p->phase) {
	case PH_BACK:
		add_conclusion(p, l->flat);
		break;
	case PH_APPENDIX:
		add_text(p, p->appendix, l->text);
		break;
	default:
		if (quotation(p, l))
			break;
		if (p->attachment && p->attach_text_only) {
			/* a programme or plan without articles: its text */
			body_text(p, l, 0);
			break;
		}
		if (!r && (r = loose_heading(p, l, &h)) < 0) {
			p->oom = 1;
			break;
		}
		if (r)
			body_heading(p, l, &h);
		else /* "… theo quy định của" / "Điều 2 Luật Đất đai": a citation the PDF wrapped */
			body_text(p, l, strncmp(l->flat, "Điều ", strlen("Điều ")) == 0);
		break;
	}
	th_release(&h);
}

static int starts_body(parser *p, const tline *l)
{
	th_heading h;
	int r = th_match(&h, l->flat), yes;

	if (r < 0) {
		p->oom = 1;
		return 0;
	}
	yes = r && (h.kind == TH_PART || h.kind == TH_CHAPTER || h.kind == TH_SECTION ||
		h.kind == TH_ARTICLE);
	if (!r) {
		/* "Điều 1 Phạm vi điều chỉnh" without its dot (body_line warns) */
		if ((r = text_loose_article(&h, l->flat)) < 0)
			p->oom = 1;
		yes = r > 0 && strcmp(h.num, "1") == 0;
	}
	/* A front-matter line such as "Điều 5 của Luật …" never has this shape. */
	th_release(&h);
	return yes;
}

static void parser_release(parser *p)
{
	size_t i;

	for (i = 0; i < p->nlines; i++) {
		free(p->lines[i].text);
		free(p->lines[i].flat);
	}
	free(p->lines);
	free(p->direct_point_num);
}

/* In lenient mode: a copy of data without its NUL bytes, and one warning
 * at the first. *copy stays NULL when there is none. */
static int drop_nuls(char **copy, size_t *copylen, const char *path, const char *data,
	size_t len, dossier_diags *diags, dossier_error *err)
{
	const char *nul = memchr(data, 0, len);
	size_t i, n = 0, line = 1, col = 1;

	*copy = NULL;
	if (!nul)
		return 0;
	for (i = 0; i < (size_t)(nul - data); i++) {
		if (data[i] == '\n')
			line++, col = 1;
		else if (((unsigned char)data[i] & 0xC0) != 0x80)
			col++;
	}
	if (!(*copy = malloc(len)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (i = 0; i < len; i++)
		if (data[i])
			(*copy)[n++] = data[i];
	*copylen = n;
	if (diags && dossier_diags_add(diags, DOSSIER_SEVERITY_WARNING, "nul-dropped", path,
	    (unsigned)line, (unsigned)col,
	    P_("%zu NUL byte dropped (lenient mode), the first at byte offset %zu",
	       "%zu NUL bytes dropped (lenient mode), the first at byte offset %zu", len - n),
	    len - n, (size_t)(nul - data)) < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

int dossier_text_parse(dossier_document **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err)
{
	return dossier_text_parse_opts(out, path, data, len, NULL, diags, err);
}

int dossier_text_parse_opts(dossier_document **out, const char *path,
	const char *data, size_t len, const dossier_text_options *opts, dossier_diags *diags,
	dossier_error *err)
{
	parser p;
	char *nfc = NULL, *nonul = NULL;
	size_t skip = 0;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.path = path;
	p.flags = opts ? opts->flags : 0;
	p.diags = diags;
	p.err = err;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if (opts && (opts->flags & DOSSIER_TEXT_LENIENT)) {
		size_t n = 0;

		if ((rc = drop_nuls(&nonul, &n, path, data + skip, len - skip, diags, err)) < 0)
			return rc;
		if (nonul) {
			data = nonul;
			len = n;
			skip = 0;
		}
	}
	/* What is not UTF-8, and NUL bytes, are refused at their place. Other
	 * control characters (a form feed from a word processor) are not:
	 * the AKN form of a draft drops them. */
	{
		dossier_text_fault f;

		if (util_utf8_check(&f, data + skip, len - skip, true) < 0) {
			char desc[48];

			dossier_text_fault_describe(desc, sizeof(desc), &f);
			if (diags)
				dossier_diags_add(diags, DOSSIER_SEVERITY_ERROR, "invalid-utf8", path, f.line, f.column,
					"%s at byte offset %zu", desc, f.offset + skip);
			dossier_error_set_at(err, DOSSIER_EINVALID, path, f.line, f.column, "%s at byte offset %zu",
				desc, f.offset + skip);
			if (f.problem == DOSSIER_TEXT_NUL)
				dossier_error_set_hint(err, "a NUL byte is not text (PDF extractions leave them for "
					"check boxes): remove it, or read the file in lenient mode "
					"(dossier convert --lenient), which drops NUL bytes with a warning");
			else
				dossier_error_set_hint(err, "a draft is read as UTF-8: save it as UTF-8 text");
			free(nonul);
			return DOSSIER_EINVALID;
		}
	}
	rc = dossier_utf8_nfc(&nfc, data + skip, len - skip, err);
	free(nonul);
	if (rc < 0)
		return rc;
	if ((rc = dossier_document_new(&p.doc, DOSSIER_LANG_VIE)) < 0 ||
	    (rc = split_lines(&p, nfc, strlen(nfc))) < 0 || (rc = drop_furniture(&p)) < 0)
		goto done;
	p.phase = PH_FRONT;
	for (p.i = 0; p.i < p.nlines && !p.oom; p.i++) {
		const tline *l = &p.lines[p.i];

		if (!*l->flat)
			continue;
		if (p.phase == PH_FRONT) {
			if (!starts_body(&p, l)) {
				front_line(&p, l);
				continue;
			}
			p.phase = PH_BODY;
		}
		body_line(&p, l);
	}
	if (p.oom) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	p.doc->lang = p.votes[DOSSIER_LANG_ENG] > p.votes[DOSSIER_LANG_VIE] ?
		DOSSIER_LANG_ENG : DOSSIER_LANG_VIE;
	if (!p.nerrors && !text_has_provisions(p.doc)) {
		/* Said here, with a place, rather than by the AKN writer without one. */
		tline at = { NULL, NULL, 1, 1 };

		diag(&p, DOSSIER_SEVERITY_ERROR, "no-provisions", &at,
			"the document has no provisions: no article ('Điều 1.', 'Article 1.') and no text after the front matter");
	}
	if (!p.doc->kind && !(p.doc->kind = util_strdup("act"))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	/* Duplicates are reported here only when the parser found nothing else:
	 * a repeated article number was already reported above. */
	rc = dossier_document_assign_eids(p.doc, path, p.nerrors ? NULL : diags,
		p.nerrors ? NULL : err);
	if (rc == DOSSIER_ENOMEM)
		goto done;
	if (rc < 0 || p.nerrors) {
		rc = DOSSIER_EINVALID;
		if (diags)
			dossier_diags_sort(diags);
		goto done;
	}
	*out = p.doc;
	p.doc = NULL;
	rc = 0;
done:
	dossier_document_free(p.doc);
	parser_release(&p);
	free(nfc);
	return rc;
}
