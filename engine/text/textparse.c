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
#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"

#include "dossier/input.h"
#include "text/text.h"
#include "text/textheading_int.h"
#include "text/textquote_int.h"
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
} parser;

/* ---- lines ---- */

static int is_space_cp(int32_t cp)
{
	if (cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xFEFF ||
	    cp == 0x200B || cp == 0x2060)
		return 1;
	return (text_utf8_class(cp) & TEXT_UC_SPACE) != 0;
}

/* Clean one raw line into l->text and l->flat. */
static int clean_line(tline *l, const char *s, size_t len)
{
	dstr t = DSTR_INIT;
	size_t off = 0, chars = 0;
	int lead = 1;

	l->col = 1;
	while (off < len) {
		int32_t cp;
		size_t n = dossier_utf8_next(s + off, len - off, &cp);

		if (n == 0)
			n = 1, cp = '?';
		if (is_space_cp(cp)) {
			if (!lead)
				dstr_addc(&t, ' ');
		} else if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) {
			/* other control characters carry nothing, nor do the two
			 * noncharacters XML cannot hold (the writers drop them too) */
		} else {
			if (lead)
				l->col = (unsigned)chars + 1;
			lead = 0;
			dstr_add(&t, s + off, (size_t)n);
		}
		off += (size_t)n;
		chars++;
	}
	while (t.len && t.ptr[t.len - 1] == ' ')
		t.ptr[--t.len] = 0;
	if (t.oom) {
		dstr_free(&t);
		return DOSSIER_ENOMEM;
	}
	l->text = dstr_detach(&t);
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
	return p->doc->body;
}

static dossier_node *container_for(parser *p, th_kind kind)
{
	switch (kind) {
	case TH_CHAPTER:
		return p->part ? p->part : p->doc->body;
	case TH_SECTION:
	case TH_ARTICLE:
		if (kind == TH_ARTICLE && p->section)
			return p->section;
		if (p->chapter)
			return p->chapter;
		return p->part ? p->part : p->doc->body;
	default:
		return p->doc->body;
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
		    (next_must_be_upper && !th_is_upper(p->lines[j].flat)))
			return NULL;
		dstr_adds(&t, p->lines[j].flat);
		p->i = j;
	}
	while (t.ptr && th_is_upper(t.ptr)) {
		j = next_nonblank(p, p->i + 1);
		if (j >= p->nlines || !th_is_upper(p->lines[j].flat) ||
		    is_any_heading(p, p->lines[j].flat) ||
		    p->lines[j].flat[0] == '(')
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
		parent = container_for(p, h->kind);
		title = take_title(p, h->title, 0);
		close_below(p, h->kind);
		n = new_node(p, parent, h->kind == TH_PART ? DOSSIER_NODE_PART :
			h->kind == TH_CHAPTER ? DOSSIER_NODE_CHAPTER : DOSSIER_NODE_SECTION,
			h->num, title, l);
		if (h->kind == TH_PART)
			p->part = n;
		else if (h->kind == TH_CHAPTER)
			p->chapter = n;
		else
			p->section = n;
		p->votes[h->lang]++;
		break;
	case TH_ARTICLE: {
		unsigned v = article_value(h->num);

		if (p->have_art && v != p->last_art + 1 && looks_like_sentence(h)) {
			add_text(p, deepest(p), l->text);
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
			add_text(p, deepest(p), l->text);
			break;
		}
		if (p->last_clause && v <= p->last_clause && p->article)
			diag(p, DOSSIER_SEVERITY_ERROR, "clause-number-backwards", l,
				"clause number %s goes backwards (after %u) in article %s",
				h->num, p->last_clause, p->article->num);
		else if (p->last_clause && v <= p->last_clause)
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
			add_text(p, deepest(p), l->text);
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
	return h->kind == TH_APPENDIX && (h->bare || th_is_upper(h->title));
}

static void add_conclusion(parser *p, const char *s)
{
	if (util_strv_add(&p->doc->conclusions, &p->doc->nconclusions, s) < 0)
		p->oom = 1;
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

static void body_line(parser *p, const tline *l)
{
	th_heading h;
	int r;

	if ((r = th_match(&h, l->flat)) < 0) {
		p->oom = 1;
		return;
	}
	if (p->phase == PH_BODY && p->have_art && !p->quoted && th_is_conclusion_start(l->flat) &&
	    !(r && h.kind != TH_NONE)) {
		p->phase = PH_BACK;
		close_below(p, TH_PART);
	}
	if (r && h.kind == TH_APPENDIX) {
		if (p->phase != PH_FRONT && !p->quoted && appendix_shape(&h) &&
		    (p->have_art || p->phase != PH_BODY)) {
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
		if (r)
			body_heading(p, l, &h);
		else
			add_text(p, deepest(p), l->text);
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

int dossier_text_parse(dossier_document **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err)
{
	parser p;
	char *nfc = NULL;
	size_t skip = 0;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.path = path;
	p.diags = diags;
	p.err = err;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
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
			dossier_error_set_hint(err, "a draft is read as UTF-8: save it as UTF-8 text");
			return DOSSIER_EINVALID;
		}
	}
	if ((rc = dossier_utf8_nfc(&nfc, data + skip, len - skip, err)) < 0)
		return rc;
	if ((rc = dossier_document_new(&p.doc, DOSSIER_LANG_VIE)) < 0 ||
	    (rc = split_lines(&p, nfc, strlen(nfc))) < 0)
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
