/*
 * citation.c: a provision named as people name it, found in a document
 * (see dossier_document_resolve in dossier/document.h and "Citations" in
 * docs/text-format.md).
 *
 * A reference is an eId ("art_5__para_2__point_dd") or a citation: the
 * Vietnamese "Điều 5 khoản 2 điểm đ" in either order ("điểm đ khoản 2
 * Điều 5"), "Mục 1 Chương II", the English "Article 5(2)(a)" or "Article 5,
 * paragraph 2, point (a)". The reference is folded (text_utf8_fold: NFC
 * and case folding) and read as steps, one per level ("Điều" 5, "khoản" 2, "điểm"
 * đ); the order of the steps does not matter, since the levels nest one
 * way only. A provision matches when its own level and number are the last
 * step's and each other step names one of its ancestors. Numbers compare
 * by value where the eIds do (Roman "II" is 2) and letters with đ as "dd",
 * as the English translations write it.
 *
 * Nothing found: the nearest provisions, written as citations, go into the
 * hint: the children of the deepest part of the reference that exists
 * ("Điều 5 khoản 9": the clauses of Điều 5 nearest to 9), else the
 * provisions of the reference's level with the nearest numbers. Several
 * found: the first few, and a hint to name the level above.
 */
#include "dossier/document.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


#include "text/text.h"
#include "base/util.h"

#define MAX_STEPS 8
#define MAX_NEAR 3

typedef struct step {
	dossier_node_kind kind;
	char *key;          /* the number's comparison form: "5", "2", "dd" */
} step;

typedef struct ref {
	step steps[MAX_STEPS];
	size_t n;
} ref;

static void ref_clear(ref *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->steps[i].key);
	r->n = 0;
}

/* How deep a level sits; the steps are sorted by it. */
static int depth(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_PART: return 1;
	case DOSSIER_NODE_CHAPTER: return 2;
	case DOSSIER_NODE_SECTION: return 3;
	case DOSSIER_NODE_ARTICLE: return 4;
	case DOSSIER_NODE_APPENDIX: return 4;
	case DOSSIER_NODE_ATTACHMENT: return 0; /* outermost */
	case DOSSIER_NODE_CLAUSE: return 5;
	case DOSSIER_NODE_POINT: return 6;
	default: return 0;
	}
}

static const struct {
	const char *word;   /* folded */
	dossier_node_kind kind;
} keywords[] = {
	{ "phần", DOSSIER_NODE_PART }, { "phan", DOSSIER_NODE_PART }, { "part", DOSSIER_NODE_PART },
	{ "chương", DOSSIER_NODE_CHAPTER }, { "chuong", DOSSIER_NODE_CHAPTER },
	{ "chapter", DOSSIER_NODE_CHAPTER }, { "chap", DOSSIER_NODE_CHAPTER },
	{ "mục", DOSSIER_NODE_SECTION }, { "muc", DOSSIER_NODE_SECTION },
	{ "section", DOSSIER_NODE_SECTION }, { "sec", DOSSIER_NODE_SECTION },
	{ "điều", DOSSIER_NODE_ARTICLE }, { "dieu", DOSSIER_NODE_ARTICLE },
	{ "article", DOSSIER_NODE_ARTICLE }, { "art", DOSSIER_NODE_ARTICLE },
	{ "khoản", DOSSIER_NODE_CLAUSE }, { "khoan", DOSSIER_NODE_CLAUSE },
	{ "paragraph", DOSSIER_NODE_CLAUSE }, { "para", DOSSIER_NODE_CLAUSE },
	{ "clause", DOSSIER_NODE_CLAUSE },
	{ "điểm", DOSSIER_NODE_POINT }, { "diem", DOSSIER_NODE_POINT }, { "point", DOSSIER_NODE_POINT },
	{ "appendix", DOSSIER_NODE_APPENDIX }, { "annex", DOSSIER_NODE_APPENDIX },
	{ "attachment", DOSSIER_NODE_ATTACHMENT }, { "att", DOSSIER_NODE_ATTACHMENT },
};

/* Words that join steps and say nothing: "Section 1 of Chapter II". */
static int filler(const char *w)
{
	return !strcmp(w, "of") || !strcmp(w, "của") || !strcmp(w, "tại") || !strcmp(w, "and");
}

static int keyword(dossier_node_kind *out, const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(w, keywords[i].word)) {
			*out = keywords[i].kind;
			return 1;
		}
	return 0;
}

/* The comparison form of a number as written (folded or not): containers,
 * articles and clauses by value when they have one ("II", "05", "thứ
 * nhất"), everything else in lower case with đ as "dd". */
static char *num_key(dossier_node_kind kind, const char *num)
{
	unsigned char *folded;
	const unsigned char *p;
	dstr s = DSTR_INIT;
	unsigned v;

	if (!num)
		num = "";
	if (!(folded = (unsigned char *)text_utf8_fold(num)))
		return NULL;
	if (kind != DOSSIER_NODE_POINT && (v = text_num_value((const char *)folded)) != 0 &&
	    ((kind != DOSSIER_NODE_ARTICLE && kind != DOSSIER_NODE_CLAUSE) || isdigit(folded[0]))) {
		free(folded);
		return util_sprintf("%u", v);
	}
	for (p = folded; *p; p++) {
		if (p[0] == 0xC4 && p[1] == 0x91) { /* đ */
			dstr_adds(&s, "dd");
			p++;
		} else if (*p != '.' && *p != ')' && *p != '(') {
			dstr_addc(&s, (char)*p);
		}
	}
	free(folded);
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

/* ---- reading a reference ------------------------------------------------ */

typedef struct token {
	char *text;   /* folded, without a trailing '.' or the parentheses */
	int paren;    /* written "(2)" */
} token;

/* Split at spaces, commas and semicolons; "5(2)(a)" is three tokens. */
static int tokenise(token **out, size_t *n, const char *s)
{
	token *v = NULL;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (*s) {
		const char *start;
		size_t len;
		int paren = 0;

		if (*s == ' ' || *s == ',' || *s == ';' || *s == '\t') {
			s++;
			continue;
		}
		if (*s == '(') {
			start = ++s;
			while (*s && *s != ')')
				s++;
			len = (size_t)(s - start);
			if (*s == ')')
				s++;
			paren = 1;
		} else {
			start = s;
			while (*s && *s != ' ' && *s != ',' && *s != ';' && *s != '\t' && *s != '(')
				s++;
			len = (size_t)(s - start);
			while (len > 1 && (start[len - 1] == '.' || start[len - 1] == ')' || start[len - 1] == ':'))
				len--;
		}
		if (*n == cap) {
			token *nv = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof(*v));

			if (!nv)
				goto oom;
			v = nv;
		}
		if (!(v[*n].text = util_strndup(start, len)))
			goto oom;
		v[(*n)++].paren = paren;
	}
	*out = v;
	return 0;
oom:
	while (*n)
		free(v[--*n].text);
	free(v);
	return -1;
}

static int add_step(ref *r, dossier_node_kind kind, const char *num)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (depth(r->steps[i].kind) == depth(kind))
			return 1;
	if (r->n == MAX_STEPS)
		return 1;
	if (!(r->steps[r->n].key = num_key(kind, num)))
		return -1;
	r->steps[r->n++].kind = kind;
	return 0;
}

static int by_depth(const void *a, const void *b)
{
	return depth(((const step *)a)->kind) - depth(((const step *)b)->kind);
}

/* Read `folded` as steps. 0, -1 out of memory, 1 not a citation (why in
 * *why, static). */
static int parse_ref(ref *r, const char *folded, const char **why)
{
	token *t = NULL;
	size_t n = 0, i;
	dossier_node_kind last = DOSSIER_NODE_BODY, k;
	int rc = 0;

	*why = NULL;
	memset(r, 0, sizeof(*r));
	if (tokenise(&t, &n, folded) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (!t[i].paren && filler(t[i].text))
			continue;
		if (!t[i].paren && !strcmp(t[i].text, "phụ") && i + 1 < n && !strcmp(t[i + 1].text, "lục")) {
			k = DOSSIER_NODE_APPENDIX;
			i++;
		} else if (!t[i].paren && i + 3 < n && !strcmp(t[i].text, "văn") &&
		    !strcmp(t[i + 1].text, "bản") && !strcmp(t[i + 2].text, "kèm") &&
		    !strcmp(t[i + 3].text, "theo")) {
			/* "Văn bản kèm theo 1": an attached text */
			k = DOSSIER_NODE_ATTACHMENT;
			i += 3;
		} else if (t[i].paren || !keyword(&k, t[i].text)) {
			/* "(2)" right after an article or a clause: the level below. */
			if (t[i].paren && last == DOSSIER_NODE_ARTICLE)
				/* "Article 5(a)": a point right under the article */
				k = isdigit((unsigned char)t[i].text[0]) ? DOSSIER_NODE_CLAUSE : DOSSIER_NODE_POINT;
			else if (t[i].paren && last == DOSSIER_NODE_CLAUSE)
				k = DOSSIER_NODE_POINT;
			else {
				*why = "expected a level ('Điều', 'khoản', 'điểm', 'Article', 'paragraph', 'point', ...) before each number";
				rc = 1;
				break;
			}
			if ((rc = add_step(r, k, t[i].text)) == 1)
				*why = "it names the same level twice";
			last = k;
			continue;
		}
		if (i + 1 >= n || (!t[i + 1].paren && keyword(&last, t[i + 1].text))) {
			*why = "a level without its number";
			rc = 1;
			break;
		}
		i++;
		/* "Phần thứ nhất": the ordinal is two words. */
		if (!t[i].paren && !strcmp(t[i].text, "thứ") && i + 1 < n) {
			char *two = util_sprintf("thứ %s", t[i + 1].text);

			if (!two) {
				rc = -1;
				break;
			}
			rc = add_step(r, k, two);
			free(two);
			i++;
		} else {
			rc = add_step(r, k, t[i].text);
		}
		if (rc == 1)
			*why = "it names the same level twice";
		last = k;
	}
	for (i = 0; i < n; i++)
		free(t[i].text);
	free(t);
	if (rc == 0 && r->n == 0) {
		*why = "it names no provision";
		rc = 1;
	}
	if (rc != 0) {
		ref_clear(r);
		return rc;
	}
	qsort(r->steps, r->n, sizeof(r->steps[0]), by_depth);
	return 0;
}

/* ---- matching ----------------------------------------------------------- */

static int node_is(const dossier_node *n, const step *s)
{
	char *k;
	int same;

	if (n->kind != s->kind)
		return 0;
	if (!(k = num_key(n->kind, n->num)))
		return 0;
	same = !strcmp(k, s->key);
	free(k);
	return same;
}

/* Whether `n` is the provision the first `nsteps` steps name. */
static int matches(const dossier_node *n, const ref *r, size_t nsteps)
{
	const dossier_node *a = n->parent;
	size_t i;

	if (!nsteps || !node_is(n, &r->steps[nsteps - 1]))
		return 0;
	/* Each step above, an ancestor, outermost last as we climb. */
	for (i = nsteps - 1; i-- > 0; ) {
		while (a && !node_is(a, &r->steps[i]))
			a = a->parent;
		if (!a)
			return 0;
		a = a->parent;
	}
	return 1;
}

typedef struct found {
	const ref *r;
	size_t nsteps;
	const dossier_node **hits;
	size_t n, cap;
	int oom;
} found;

static int find_visit(const dossier_node *n, void *payload)
{
	found *f = payload;

	if (!matches(n, f->r, f->nsteps))
		return 0;
	if (f->n == f->cap) {
		const dossier_node **v = realloc(f->hits, (f->cap = f->cap ? f->cap * 2 : 4) * sizeof(*v));

		if (!v) {
			f->oom = 1;
			return 1;
		}
		f->hits = v;
	}
	f->hits[f->n++] = n;
	return 0;
}

static int find_all(found *f, const dossier_document *doc, const ref *r, size_t nsteps)
{
	memset(f, 0, sizeof(*f));
	f->r = r;
	f->nsteps = nsteps;
	dossier_document_walk(doc, find_visit, f);
	return f->oom ? -1 : 0;
}

/* ---- the nearest provisions --------------------------------------------- */

/* How far a number is from the one wanted: by value when both have one. */
static size_t distance(const char *have, const char *want)
{
	char *e1, *e2;
	unsigned long a = strtoul(have, &e1, 10), b = strtoul(want, &e2, 10);

	if (*have && *want && !*e1 && !*e2)
		return a > b ? a - b : b - a;
	return util_edit_distance(have, want, 8) + 1000;
}

typedef struct near {
	const dossier_node *best[MAX_NEAR];
	size_t dist[MAX_NEAR];
	size_t n;
} near;

static void near_add(near *nr, const dossier_node *n, size_t d)
{
	size_t i;

	if (nr->n == MAX_NEAR && d >= nr->dist[nr->n - 1])
		return;
	i = nr->n < MAX_NEAR ? nr->n++ : nr->n - 1;
	while (i > 0 && nr->dist[i - 1] > d) {
		nr->best[i] = nr->best[i - 1];
		nr->dist[i] = nr->dist[i - 1];
		i--;
	}
	nr->best[i] = n;
	nr->dist[i] = d;
}

typedef struct level_ctx {
	near *nr;
	const step *want;
} level_ctx;

static int level_visit(const dossier_node *n, void *payload)
{
	level_ctx *c = payload;
	char *k;

	if (n->kind != c->want->kind || !(k = num_key(n->kind, n->num)))
		return 0;
	near_add(c->nr, n, distance(k, c->want->key));
	free(k);
	return 0;
}

/* The nearest provisions to a reference that names none. */
static void nearest(near *nr, const dossier_document *doc, const ref *r)
{
	size_t keep;

	memset(nr, 0, sizeof(*nr));
	/* The deepest part of the reference that names one provision. */
	for (keep = r->n - 1; keep > 0; keep--) {
		found f;

		if (find_all(&f, doc, r, keep) < 0) {
			free(f.hits);
			return;
		}
		if (f.n == 1) {
			const dossier_node *p = f.hits[0];
			const step *want = &r->steps[keep];
			size_t i;

			free(f.hits);
			for (i = 0; i < p->nchildren; i++) {
				char *k;

				if (p->children[i]->kind != want->kind || !(k = num_key(want->kind, p->children[i]->num)))
					continue;
				near_add(nr, p->children[i], distance(k, want->key));
				free(k);
			}
			if (!nr->n)
				near_add(nr, p, 0);
			return;
		}
		free(f.hits);
	}
	{
		level_ctx c = { nr, &r->steps[0] };

		dossier_document_walk(doc, level_visit, &c);
	}
}

/* "'Điều 5 khoản 1', 'Điều 5 khoản 2' or 'Điều 5 khoản 3'" */
static void add_citations(dstr *s, const dossier_node *const *v, size_t n, dossier_lang lang, int with_eid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *c = dossier_node_citation(v[i], lang);

		dstr_addf(s, "%s'%s'", i == 0 ? "" : (i + 1 == n ? _(" or ") : ", "), c && *c ? c : v[i]->eid);
		if (with_eid && c && *c)
			dstr_addf(s, " (%s)", v[i]->eid);
		free(c);
	}
}

static int not_found(const dossier_document *doc, const char *given, const char *in,
	const dossier_node *const *v, size_t n, int with_eid, dossier_error *err)
{
	dstr s = DSTR_INIT;

	dossier_error_set(err, DOSSIER_ENOTFOUND, "no provision '%s' in %s", given, in ? in : _("the document"));
	dossier_error_set_tag(err, "unknown-provision");
	if (n) {
		add_citations(&s, v, n, doc->lang, with_eid);
		if (!s.oom)
			dossier_error_set_hint(err, "did you mean %s? 'dossier outline' lists every provision", s.ptr);
	} else {
		dossier_error_set_hint(err, "'dossier outline' lists every provision; use 'general' for the draft as a whole");
	}
	if (s.oom)
		dossier_error_set_hint(err, "out of memory");
	dstr_free(&s);
	return DOSSIER_ENOTFOUND;
}

static int by_eid(const dossier_node **out, const dossier_document *doc, const char *given,
	const char *in, dossier_error *err)
{
	const dossier_node *hit = dossier_document_find(doc, given);
	const dossier_node *v[MAX_NEAR];
	const char *close[MAX_NEAR];
	size_t n, i, m = 0;
	char *lower;

	if (!hit && (lower = util_strdup(given)) != NULL) {
		for (i = 0; lower[i]; i++)
			lower[i] = (char)tolower((unsigned char)lower[i]);
		hit = dossier_document_find(doc, lower);
		free(lower);
	}
	if (hit) {
		*out = hit;
		return 0;
	}
	n = dossier_document_closest(close, MAX_NEAR, doc, given);
	for (i = 0; i < n; i++)
		if ((v[m] = dossier_document_find(doc, close[i])) != NULL)
			m++;
	return not_found(doc, given, in, v, m, 1, err);
}

static int in_attachment(const dossier_node *n)
{
	for (; n; n = n->parent)
		if (n->kind == DOSSIER_NODE_ATTACHMENT)
			return 1;
	return 0;
}

/* A citation that names no attached text names the main text's provision
 * when there is one ("Điều 5" beside "Điều 5 Văn bản kèm theo 1"). */
static void main_text_only(found *f)
{
	size_t i, k = 0;

	for (i = 0; i < f->n; i++)
		if (!in_attachment(f->hits[i]))
			f->hits[k++] = f->hits[i];
	if (k)
		f->n = k;
}

static int looks_like_eid(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return 0;
	return 1;
}

int dossier_document_resolve(const dossier_node **out, const dossier_document *doc,
	const char *given, const char *in, dossier_error *err)
{
	char *folded;
	const char *why;
	ref r;
	found f;
	int rc;

	*out = NULL;
	if (!doc || !given || !*given)
		return dossier_error_set(err, DOSSIER_EINVALID, "no provision named");
	/* An eId is ASCII letters, digits, '_', '-' and '.'; a citation is
	 * anything else. */
	if (looks_like_eid(given))
		return by_eid(out, doc, given, in, err);
	if (!(folded = text_utf8_fold(given))) {
		dossier_error_set(err, DOSSIER_EINVALID, "the provision named is not valid UTF-8");
		dossier_error_set_tag(err, "invalid-provision");
		return DOSSIER_EINVALID;
	}
	rc = parse_ref(&r, folded, &why);
	free(folded);
	if (rc < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (rc > 0) {
		char *shown = util_quote(given);

		dossier_error_set(err, DOSSIER_EINVALID, "%s is neither an eId nor a citation: %s",
			shown ? shown : "?", why);
		dossier_error_set_tag(err, "invalid-provision");
		dossier_error_set_hint(err, "name a provision as 'Điều 5 khoản 2 điểm a', 'điểm a khoản 2 Điều 5', "
			"'Article 5(2)(a)' or by its eId 'art_5__para_2__point_a'");
		free(shown);
		return DOSSIER_EINVALID;
	}
	if ((rc = find_all(&f, doc, &r, r.n)) == 0 && f.n > 1 &&
	    r.steps[0].kind != DOSSIER_NODE_ATTACHMENT)
		main_text_only(&f);
	if (rc < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	} else if (f.n == 1) {
		*out = f.hits[0];
		rc = 0;
	} else if (f.n == 0) {
		near nr;

		nearest(&nr, doc, &r);
		rc = not_found(doc, given, in, nr.best, nr.n, 0, err);
	} else {
		dstr s = DSTR_INIT;

		dossier_error_set(err, DOSSIER_EINVALID, "'%s' names %zu provisions in %s", given, f.n,
			in ? in : _("the document"));
		dossier_error_set_tag(err, "ambiguous-provision");
		add_citations(&s, f.hits, f.n < MAX_NEAR ? f.n : MAX_NEAR, doc->lang, 0);
		if (s.oom)
			dossier_error_set_hint(err, "out of memory");
		else
			dossier_error_set_hint(err, "name the level above too, as in %s", s.ptr);
		dstr_free(&s);
		rc = DOSSIER_EINVALID;
	}
	free(f.hits);
	ref_clear(&r);
	return rc;
}
