/*
 * amend.c: the instructions of an amending text read into structured
 * amendments (dossier/amend.h, docs/amend.md): an action, the provisions
 * it names and the new wording (a quotation of the text, textparse.c) or
 * the words it changes.
 *
 * Every provision whose paragraph opens with an action ("Sửa đổi, bổ
 * sung", "Bổ sung", "Bãi bỏ", "Thay thế", "Bỏ") is an instruction; a
 * paragraph of the same provision that does not is a line of the one
 * before (a PDF wrap). An instruction that names nothing it can read but
 * holds instructions ("Bãi bỏ một số điều như sau:" and its points, or a
 * quotation of them) is their heading, not an amendment. Citations are
 * read as a VBHN writes them, from the lowest level up and coordinated:
 * "điểm a, điểm c khoản 2 Điều 7 và khoản 3", "khoản 2 và 3 Điều 16;
 * điểm b khoản 2 Điều 18", "tên Điều và khoản 7 Điều 39", "các Điều 3, 13
 * và 14": each level's parent is the nearest higher level named after it
 * in the same ';'-group, else the nearest before it.
 */
#include "dossier/amend.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/i18n.h"
#include "text/text.h"
#include "text/textquote_int.h"
#include "base/util.h"

#define MAX_ITEMS 96

typedef struct item {
	dossier_node_kind kind;
	char *num;        /* NULL: "tên Điều" waiting for the article's number */
	bool heading;
	bool right;       /* named after "vào (sau|trước)": the anchor's side */
	int group;
	int parent;       /* index, -1 */
	bool is_parent;
} item;

typedef struct reader {
	dossier_amendments *list;
	int oom;
	/* the article (or group) a heading of instructions names, for the
	 * instructions below it that leave it out ("a) Sửa đổi khoản 1 như
	 * sau:" under "Sửa đổi, bổ sung một số khoản của Điều 7"); next: the
	 * one the instruction just read gives its children */
	dossier_node_kind ctx_kind, next_kind;
	char *ctx_num, *next_num;
} reader;

/* ---- small text helpers ---- */

/* The folded word of a token, without the punctuation around it. */
static char *fold_word(const char *tok, size_t len)
{
	char *w = util_strndup(tok, len), *f;

	if (!w)
		return NULL;
	f = text_utf8_fold(w);
	free(w);
	return f;
}

static dossier_node_kind level_of(const char *folded)
{
	if (!strcmp(folded, "điểm"))
		return DOSSIER_NODE_POINT;
	if (!strcmp(folded, "khoản"))
		return DOSSIER_NODE_CLAUSE;
	if (!strcmp(folded, "điều"))
		return DOSSIER_NODE_ARTICLE;
	if (!strcmp(folded, "mục"))
		return DOSSIER_NODE_SECTION;
	if (!strcmp(folded, "chương"))
		return DOSSIER_NODE_CHAPTER;
	if (!strcmp(folded, "phần"))
		return DOSSIER_NODE_PART;
	return DOSSIER_NODE_BODY;
}

static int rank(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_POINT: return 1;
	case DOSSIER_NODE_CLAUSE: return 2;
	case DOSSIER_NODE_ARTICLE: return 3;
	case DOSSIER_NODE_SECTION: return 4;
	case DOSSIER_NODE_CHAPTER: return 5;
	case DOSSIER_NODE_PART: return 6;
	default: return 0;
	}
}

/* A number of a level as written: "5", "5a", "15b" (articles, clauses),
 * "a", "đ", "d1" (points), "II", "2" (chapters, sections, parts). */
static int is_number(const char *t, size_t n, dossier_node_kind k)
{
	size_t i = 0;

	if (!n)
		return 0;
	if (k == DOSSIER_NODE_POINT) {
		if (n >= 2 && (unsigned char)t[0] == 0xC4 && (unsigned char)t[1] == 0x91)
			i = 2;
		else if (islower((unsigned char)t[0]))
			i = 1;
		else
			return 0;
		while (i < n && isdigit((unsigned char)t[i]))
			i++;
		return i == n && n <= 4;
	}
	if (isdigit((unsigned char)t[0])) {
		while (i < n && isdigit((unsigned char)t[i]))
			i++;
		while (i < n && islower((unsigned char)t[i]) && i < 6)
			i++;
		return i == n;
	}
	if (k == DOSSIER_NODE_CHAPTER || k == DOSSIER_NODE_SECTION || k == DOSSIER_NODE_PART) {
		for (i = 0; i < n; i++)
			if (!strchr("IVXLC", t[i]))
				return 0;
		return 1;
	}
	return 0;
}

/* ---- citations ---- */

static void items_free(item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].num);
}

/* Read the levels and numbers of s into v from *n on; `right` marks them. */
static void parse_items(reader *r, const char *s, item *v, size_t *n, bool right, int *group)
{
	dossier_node_kind level = DOSSIER_NODE_BODY;
	bool heading_next = false, heading = false;
	const char *p = s;

	while (*p) {
		const char *b, *e;
		size_t len;
		char *f;
		dossier_node_kind k;
		bool semi = false;

		while (*p == ' ' || *p == ',' || *p == ';' || *p == ':' || *p == '(' || *p == ')') {
			if (*p == ';')
				semi = true;
			p++;
		}
		if (semi) {
			(*group)++;
			level = DOSSIER_NODE_BODY;
		}
		if (!*p)
			break;
		b = p;
		while (*p && *p != ' ' && *p != ',' && *p != ';' && *p != ':' && *p != ')')
			p++;
		e = p;
		while (e > b && e[-1] == '.')
			e--;
		len = (size_t)(e - b);
		if (!len)
			continue;
		if (!(f = fold_word(b, len))) {
			r->oom = 1;
			return;
		}
		if (!strcmp(f, "của") && heading_next) {
			/* "tên của Điều 42" */
			free(f);
			continue;
		}
		if (!strcmp(f, "của") || !strcmp(f, "như") || !strcmp(f, "thành") || !strcmp(f, "bằng")) {
			free(f);
			break;
		}
		if (!strcmp(f, "tên")) {
			heading_next = true;
			level = DOSSIER_NODE_BODY;
		} else if ((k = level_of(f)) != DOSSIER_NODE_BODY) {
			const char *q = p;
			size_t ql;

			/* "tên Mục 1, Mục 2": the headings of both */
			heading = heading_next || (heading && level == k);
			level = k;
			heading_next = false;
			/* "tên Điều và khoản 7 Điều 39": the heading of the article named later */
			while (*q == ' ')
				q++;
			for (ql = 0; q[ql] && q[ql] != ' ' && q[ql] != ',' && q[ql] != ';'; ql++)
				;
			while (ql && q[ql - 1] == '.')
				ql--;
			if (heading && !is_number(q, ql, k) && *n < MAX_ITEMS) {
				item *it = &v[(*n)++];

				memset(it, 0, sizeof(*it));
				it->kind = k;
				it->heading = true;
				it->right = right;
				it->group = *group;
				it->parent = -1;
				level = DOSSIER_NODE_BODY;
			}
		} else if (level != DOSSIER_NODE_BODY && is_number(b, len, level)) {
			if (*n < MAX_ITEMS) {
				item *it = &v[(*n)++];

				memset(it, 0, sizeof(*it));
				it->kind = level;
				if (!(it->num = util_strndup(b, len)))
					r->oom = 1;
				it->heading = heading;
				it->right = right;
				it->group = *group;
				it->parent = -1;
			}
		} else if (!strcmp(f, "và") || !strcmp(f, "các") || !strcmp(f, "hoặc")) {
			/* "khoản 2 và 3", "các Điều 3, 13 và 14" */
		} else {
			level = DOSSIER_NODE_BODY;
			heading = false;
		}
		free(f);
	}
}

/* Each item's parent, and the numbers of "tên Điều" items. */
static void resolve_items(item *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (v[i].num)
			continue;
		for (j = i + 1; j < n; j++)
			if (v[j].kind == v[i].kind && v[j].num) {
				v[i].num = util_strdup(v[j].num);
				v[j].is_parent = true; /* stands for the heading item: not a target */
				v[j].heading = false;
				break;
			}
	}
	for (i = 0; i < n; i++) {
		int best = -1;

		for (j = i + 1; j < n && best < 0; j++)
			if (v[j].group == v[i].group && rank(v[j].kind) > rank(v[i].kind) && v[j].num)
				best = (int)j;
		for (j = i; j-- > 0 && best < 0;)
			if (v[j].group == v[i].group && rank(v[j].kind) > rank(v[i].kind) && v[j].num &&
			    !v[j].heading)
				best = (int)j;
		v[i].parent = best;
		if (best >= 0)
			v[best].is_parent = true;
	}
}

static const char *kind_word_lower(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_POINT: return "điểm";
	case DOSSIER_NODE_CLAUSE: return "khoản";
	case DOSSIER_NODE_ARTICLE: return "Điều";
	case DOSSIER_NODE_SECTION: return "Mục";
	case DOSSIER_NODE_CHAPTER: return "Chương";
	case DOSSIER_NODE_PART: return "Phần";
	default: return "";
	}
}

static int target_from(reader *r, dossier_amend_target *t, const item *v, size_t i)
{
	size_t d = 0, k;
	int at = (int)i;
	dstr c = DSTR_INIT;
	dossier_node_kind kinds[DOSSIER_AMEND_DEPTH];
	const char *nums[DOSSIER_AMEND_DEPTH];

	memset(t, 0, sizeof(*t));
	while (at >= 0 && d < DOSSIER_AMEND_DEPTH) {
		kinds[d] = v[at].kind;
		nums[d] = v[at].num;
		d++;
		at = v[at].parent;
	}
	t->depth = d;
	t->heading = v[i].heading;
	if (t->heading)
		dstr_adds(&c, "tên ");
	for (k = 0; k < d; k++) {
		t->kind[k] = kinds[d - 1 - k];
		if (!(t->num[k] = util_strdup(nums[d - 1 - k] ? nums[d - 1 - k] : "")))
			r->oom = 1;
		dstr_addf(&c, "%s%s %s", k ? " " : "", kind_word_lower(kinds[k]), nums[k] ? nums[k] : "");
	}
	if (c.oom)
		r->oom = 1;
	t->cite = dstr_detach(&c);
	return 0;
}

static void target_release(dossier_amend_target *t)
{
	size_t k;

	if (!t)
		return;
	for (k = 0; k < t->depth; k++)
		free(t->num[k]);
	free(t->cite);
}

/* ---- instructions ---- */

/* VBHN order, from the provision up to its article: "điểm a khoản 14
 * Điều 1"; `outer` is the cite of the provision whose quotation holds it. */
static char *cite_up(const dossier_node *n, const char *outer)
{
	dstr s = DSTR_INIT;

	for (; n && n->kind != DOSSIER_NODE_BODY; n = n->parent) {
		if (n->kind != DOSSIER_NODE_POINT && n->kind != DOSSIER_NODE_CLAUSE &&
		    n->kind != DOSSIER_NODE_ARTICLE)
			break;
		dstr_addf(&s, "%s%s %s", s.len ? " " : "", kind_word_lower(n->kind), n->num ? n->num : "");
		if (n->kind == DOSSIER_NODE_ARTICLE)
			break;
	}
	if (outer && *outer)
		dstr_addf(&s, "%s%s", s.len ? " " : "", outer);
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}

/* A text's number in s: "112/2021/NĐ-CP", "84/2015/QH13" (new string). */
static char *doc_number_in(const char *s)
{
	const char *p;

	for (p = s; p && *p; p++) {
		const char *b = p, *e;
		int slashes = 0;

		if (!isdigit((unsigned char)*p) || (p > s && !strchr(" (", p[-1])))
			continue;
		for (e = p; *e && *e != ' ' && *e != ',' && *e != ';' && *e != ')'; e++)
			if (*e == '/')
				slashes++;
		while (e > b && (e[-1] == '.' || e[-1] == ':'))
			e--;
		if (slashes >= 2)
			return util_strndup(b, (size_t)(e - b));
		p = e - 1 > p ? e - 1 : p;
	}
	return NULL;
}

/* The quoted words of s in order (“…”, nested quotes kept inside). */
static void quoted_words(reader *r, const char *s, char ***v, size_t *n)
{
	const char *p = s, *start = NULL;
	int depth = 0;

	while ((p = strstr(p, "\xE2\x80")) != NULL) {
		if (p[2] == '\x9C') {
			if (depth++ == 0)
				start = p + 3;
		} else if (p[2] == '\x9D' && depth > 0) {
			if (--depth == 0) {
				char *w = util_strndup(start, (size_t)(p - start));

				if (!w || util_strv_add(v, n, w) < 0)
					r->oom = 1;
				free(w);
			}
		}
		p += 3;
	}
}

/* s after its last quoted words: where "tại …" names the provisions. */
static const char *after_last_quote(const char *s)
{
	const char *p = s, *last = s;

	while ((p = strstr(p, "\xE2\x80\x9D")) != NULL) {
		p += 3;
		last = p;
	}
	return last;
}

static int starts_folded(const char *folded, const char *prefix)
{
	return strncmp(folded, prefix, strlen(prefix)) == 0;
}

static const char *skip_words(const char *s, size_t nwords)
{
	while (nwords-- && *s) {
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return s;
}

static dossier_amendment *new_amendment(reader *r)
{
	dossier_amendments *l = r->list;
	dossier_amendment *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v) {
		r->oom = 1;
		return NULL;
	}
	l->v = v;
	memset(&v[l->n], 0, sizeof(*v));
	return &v[l->n++];
}

/* msg is translated here (po/meson.build lists set_error:3). */
static void set_error(reader *r, dossier_amendment *a, const char *msg)
{
	if (!a->error && !(a->error = util_strdup(dossier_tr(msg))))
		r->oom = 1;
}

/* The targets (and the anchor) of the citation text s. */
static size_t read_targets(reader *r, dossier_amendment *a, const char *s, bool insert)
{
	item v[MAX_ITEMS];
	size_t n = 0, i, nt = 0;
	int group = 0;
	char *left = util_strdup(s), *vao = NULL;
	const char *rightpart = NULL;

	if (!left) {
		r->oom = 1;
		return 0;
	}
	if (insert && (vao = strstr(left, " vào ")) != NULL) {
		*vao = 0;
		rightpart = vao + strlen(" vào ");
		if (!strncmp(rightpart, "sau ", 4)) {
			rightpart += 4;
		} else if (!strncmp(rightpart, "trước ", strlen("trước "))) {
			rightpart += strlen("trước ");
			a->before = true;
		} else {
			vao = NULL; /* "vào Điều 5": only the container */
		}
	}
	parse_items(r, left, v, &n, false, &group);
	if (rightpart)
		parse_items(r, rightpart, v, &n, vao != NULL, &group);
	resolve_items(v, n);
	for (i = 0; i < n; i++)
		if (!v[i].right && (!v[i].is_parent || v[i].heading) && v[i].num)
			nt++;
	if (nt) {
		if (!(a->targets = calloc(nt, sizeof(*a->targets))))
			r->oom = 1;
		for (i = 0; a->targets && i < n; i++)
			if (!v[i].right && (!v[i].is_parent || v[i].heading) && v[i].num)
				target_from(r, &a->targets[a->ntargets++], v, i);
	}
	for (i = 0; r->ctx_num && i < a->ntargets; i++) {
		dossier_amend_target *t = &a->targets[i];

		if (t->depth < DOSSIER_AMEND_DEPTH && rank(t->kind[0]) < rank(r->ctx_kind)) {
			char *num = util_strdup(r->ctx_num), *cite = util_sprintf("%s %s %s", t->cite,
				kind_word_lower(r->ctx_kind), r->ctx_num);

			if (!num || !cite) {
				free(num);
				free(cite);
				r->oom = 1;
				break;
			}
			memmove(t->kind + 1, t->kind, t->depth * sizeof(t->kind[0]));
			memmove(t->num + 1, t->num, t->depth * sizeof(t->num[0]));
			t->kind[0] = r->ctx_kind;
			t->num[0] = num;
			t->depth++;
			free(t->cite);
			t->cite = cite;
		}
	}
	for (i = 0; vao && i < n; i++)
		if (v[i].right && !v[i].is_parent && v[i].num && !a->anchor) {
			if (!(a->anchor = calloc(1, sizeof(*a->anchor))))
				r->oom = 1;
			else
				target_from(r, a->anchor, v, i);
		}
	items_free(v, n);
	free(left);
	return nt;
}

/* Some provision below n opens with an action. */
static bool below_instructs(const dossier_node *n)
{
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if (n->children[i]->ntext && tq_instruction_like(n->children[i]->text[0]))
			return true;
	return false;
}

/* The last amendment, read as a heading of instructions, is none. */
static void drop_last(reader *r)
{
	dossier_amendment *a = &r->list->v[--r->list->n];
	size_t k;

	free(a->source_cite);
	free(a->instruction);
	free(a->amends);
	for (k = 0; k < a->ntargets; k++)
		target_release(&a->targets[k]);
	free(a->targets);
	target_release(a->anchor);
	free(a->anchor);
	for (k = 0; k < a->nwords; k++)
		free(a->words[k]);
	free(a->words);
	free(a->error);
}

/* Read one instruction (its words `text`) of provision n. Returns 1 when
 * it was one, 0 when it names nothing and is a heading of the
 * instructions below it. */
static int read_instruction(reader *r, const dossier_node *n, const char *text, const char *cite,
	const dossier_quote *quote, bool has_below)
{
	char *f = text_utf8_fold(text);
	dossier_amendment *a;
	const char *rest;
	size_t nt;

	if (!f) {
		r->oom = 1;
		return 0;
	}
	if (!(a = new_amendment(r))) {
		free(f);
		return 0;
	}
	a->source = n;
	a->line = n->line;
	a->column = n->column;
	a->quote = quote;
	if (!(a->source_cite = util_strdup(cite)) || !(a->instruction = util_strdup(text)))
		r->oom = 1;
	if (strstr(f, "cụm từ")) {
		a->amends = doc_number_in(after_last_quote(text));
		const char *tai;

		a->action = DOSSIER_AMEND_WORDS;
		quoted_words(r, text, &a->words, &a->nwords);
		if (!a->nwords && has_below) {
			/* "Thay thế một số cụm từ như sau:" and the instructions below */
			free(f);
			drop_last(r);
			return 0;
		}
		rest = after_last_quote(text);
		tai = strstr(rest, "tại ");
		if (!tai)
			tai = strstr(rest, "ở ");
		nt = tai ? read_targets(r, a, tai, false) : 0;
		if (starts_folded(f, "bổ sung")) {
			const char *side = strstr(f, "vào trước") ? "trước" : "sau";

			a->words_side = !strcmp(side, "trước") ? -1 : 1;
			if (a->nwords != 2)
				set_error(r, a, "expected the words to add and the words they go beside, both in quotation marks");
		} else if (starts_folded(f, "bãi bỏ") || starts_folded(f, "bỏ") || starts_folded(f, "hủy bỏ")) {
			/* words struck out: pairs (old, NULL) */
			size_t i, k = a->nwords;
			char **pairs = calloc(2 * k + 1, sizeof(*pairs));

			if (!pairs)
				r->oom = 1;
			for (i = 0; pairs && i < k; i++)
				pairs[2 * i] = a->words[i];
			free(a->words);
			a->words = pairs;
			a->nwords = pairs ? 2 * k : 0;
			if (!k)
				set_error(r, a, "expected the words struck out in quotation marks");
		} else if (a->nwords < 2 || a->nwords % 2) {
			set_error(r, a, "expected pairs of words in quotation marks: the words replaced and the words replacing them");
		}
		if (!nt)
			set_error(r, a, "cannot read where the words are changed (expected 'tại' and the provisions, e.g. 'tại khoản 1 Điều 38')");
		free(f);
		return 1;
	}
	a->amends = doc_number_in(text);
	if (starts_folded(f, "sửa đổi, bổ sung") || starts_folded(f, "sửa đổi bổ sung")) {
		a->action = DOSSIER_AMEND_REPLACE;
		a->may_add = true;
		rest = skip_words(text, 3);
	} else if (starts_folded(f, "sửa đổi") || starts_folded(f, "thay thế")) {
		a->action = DOSSIER_AMEND_REPLACE;
		rest = skip_words(text, 2);
	} else if (starts_folded(f, "bổ sung")) {
		a->action = DOSSIER_AMEND_INSERT;
		rest = skip_words(text, 2);
	} else if (starts_folded(f, "bãi bỏ") || starts_folded(f, "hủy bỏ") || starts_folded(f, "huỷ bỏ")) {
		a->action = DOSSIER_AMEND_REPEAL;
		rest = skip_words(text, 2);
	} else {
		a->action = DOSSIER_AMEND_REPEAL;
		rest = skip_words(text, 1);
	}
	nt = read_targets(r, a, rest, a->action == DOSSIER_AMEND_INSERT);
	free(f);
	if ((!nt && (has_below || (!quote && n->nchildren))) || (!quote && below_instructs(n))) {
		/* a heading of the instructions below it: what it names is
		 * theirs to name, its article their article */
		if (nt && rank(a->targets[0].kind[0]) >= rank(DOSSIER_NODE_ARTICLE)) {
			free(r->next_num);
			r->next_kind = a->targets[0].kind[0];
			if (!(r->next_num = util_strdup(a->targets[0].num[0])))
				r->oom = 1;
		} else if (!nt) {
			/* "một số khoản của Điều 7" */
			const char *cua = strstr(text, " của Điều ");
			size_t len;

			if (cua) {
				cua += strlen(" của Điều ");
				len = strcspn(cua, " ,;:.");
				if (is_number(cua, len, DOSSIER_NODE_ARTICLE)) {
					free(r->next_num);
					r->next_kind = DOSSIER_NODE_ARTICLE;
					if (!(r->next_num = util_strndup(cua, len)))
						r->oom = 1;
				}
			}
		}
		drop_last(r);
		return 0;
	}
	if (!nt)
		set_error(r, a, "cannot read which provisions it names (expected e.g. 'khoản 2 Điều 5')");
	else if ((a->action == DOSSIER_AMEND_REPLACE || a->action == DOSSIER_AMEND_INSERT) && !quote)
		set_error(r, a, "no new wording: expected it in quotation marks (“…”) after the instruction");
	return 1;
}

static void read_node(reader *r, const dossier_node *n, const char *outer);

/* Whether a quotation holds instructions itself ("Thay thế một số cụm từ
 * như sau: “a) Thay thế cụm từ … b) …”"). */
static bool quote_instructs(const dossier_quote *q)
{
	size_t i;

	for (i = 0; q && i < q->body->nchildren; i++)
		if (q->body->children[i]->ntext && tq_instruction_like(q->body->children[i]->text[0]))
			return true;
	return false;
}

static void read_node(reader *r, const dossier_node *n, const char *outer)
{
	char *cite = cite_up(n, outer);
	size_t i, j, qi = 0;

	if (!cite) {
		r->oom = 1;
		return;
	}
	if (n->kind != DOSSIER_NODE_BODY) {
		/* Groups of paragraphs, each opening with an action. */
		for (i = 0; i < n->ntext && !r->oom;) {
			const dossier_quote *q = NULL;
			dstr t = DSTR_INIT;

			if (!tq_instruction_like(n->text[i])) {
				i++;
				continue;
			}
			dstr_adds(&t, n->text[i]);
			for (j = i + 1; j < n->ntext && !tq_instruction_like(n->text[j]); j++) {
				/* a quotation after paragraph j - 1 ends the instruction */
				bool quote_before = false;
				size_t k;

				for (k = 0; k < n->nquotes; k++)
					if (n->quotes[k].para == j)
						quote_before = true;
				if (quote_before)
					break;
				dstr_addf(&t, " %s", n->text[j]);
			}
			for (; qi < n->nquotes && n->quotes[qi].para <= j; qi++)
				if (n->quotes[qi].para > i && !q)
					q = &n->quotes[qi];
			if (t.oom)
				r->oom = 1;
			else if (!read_instruction(r, n, t.ptr, cite, quote_instructs(q) ? NULL : q,
			    quote_instructs(q) || n->nchildren) && q && quote_instructs(q)) {
				for (j = 0; j < q->body->nchildren; j++)
					read_node(r, q->body->children[j], cite);
			}
			dstr_free(&t);
			i = j;
		}
	}
	{
		dossier_node_kind saved_kind = r->ctx_kind;
		char *saved_num = r->ctx_num;
		bool pushed = false;

		if (r->next_num) {
			r->ctx_kind = r->next_kind;
			r->ctx_num = r->next_num;
			r->next_num = NULL;
			pushed = true;
		}
		for (i = 0; i < n->nchildren && !r->oom; i++)
			read_node(r, n->children[i], outer);
		if (pushed) {
			free(r->ctx_num);
			r->ctx_num = saved_num;
			r->ctx_kind = saved_kind;
		}
	}
	free(cite);
}

/* "… này có hiệu lực (thi hành) (kể) từ ngày 01 tháng 01 năm 2026": the
 * date as written, from the first provision that says so. */
static char *effective_in(const dossier_node *n)
{
	size_t i;
	char *r;

	for (i = 0; i < n->ntext; i++) {
		const char *p = strstr(n->text[i], "này có hiệu lực"), *d, *y;

		if (!p || !(d = strstr(p, "từ ngày ")) || !(y = strstr(d, " năm ")))
			continue;
		d += strlen("từ ");
		y += strlen(" năm ");
		if (isdigit((unsigned char)y[0]) && isdigit((unsigned char)y[1]) &&
		    isdigit((unsigned char)y[2]) && isdigit((unsigned char)y[3]) && y - d < 40)
			return util_strndup(d, (size_t)(y + 4 - d));
	}
	for (i = 0; i < n->nchildren; i++)
		if ((r = effective_in(n->children[i])) != NULL)
			return r;
	return NULL;
}

/* "Nghị định số 372/2025/NĐ-CP": the type in ordinary case and the number. */
static char *text_name(const dossier_document *doc)
{
	const dossier_preface *pf = &doc->preface;
	char *type = pf->doc_type ? text_utf8_fold(pf->doc_type) : NULL, *out;

	if (type && *type && islower((unsigned char)type[0]))
		type[0] = (char)toupper((unsigned char)type[0]);
	if (pf->number)
		out = util_sprintf("%s số %s", type && *type ? type : "văn bản", pf->number);
	else
		out = util_strdup(type && *type ? type : "văn bản sửa đổi");
	free(type);
	return out;
}

int dossier_amendments_read(dossier_amendments **out, const dossier_document *amending,
	dossier_error *err)
{
	reader r;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	if (!(r.list = calloc(1, sizeof(*r.list))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (!(r.list->name = text_name(amending)))
		r.oom = 1;
	if (amending->preface.title)
		r.list->amends = doc_number_in(amending->preface.title);
	if (amending->body) {
		read_node(&r, amending->body, NULL);
		r.list->effective = effective_in(amending->body);
	}
	free(r.ctx_num);
	free(r.next_num);
	if (r.oom) {
		dossier_amendments_free(r.list);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = r.list;
	return 0;
}

void dossier_amendments_free(dossier_amendments *list)
{
	size_t i, k;

	if (!list)
		return;
	for (i = 0; i < list->n; i++) {
		dossier_amendment *a = &list->v[i];

		free(a->source_cite);
		free(a->instruction);
		free(a->amends);
		for (k = 0; k < a->ntargets; k++)
			target_release(&a->targets[k]);
		free(a->targets);
		target_release(a->anchor);
		free(a->anchor);
		for (k = 0; k < a->nwords; k++)
			free(a->words[k]);
		free(a->words);
		free(a->error);
	}
	free(list->v);
	free(list->name);
	free(list->amends);
	free(list->effective);
	free(list);
}

static const char *action_word(const dossier_amendment *a)
{
	switch (a->action) {
	case DOSSIER_AMEND_REPLACE: return a->may_add ? "sửa đổi, bổ sung" : "sửa đổi";
	case DOSSIER_AMEND_INSERT: return "bổ sung";
	case DOSSIER_AMEND_REPEAL: return "bãi bỏ";
	case DOSSIER_AMEND_WORDS:
		return a->words_side ? "bổ sung cụm từ" : a->nwords && !a->words[1] ? "bỏ cụm từ" : "thay thế cụm từ";
	}
	return "";
}

char *dossier_amendment_describe(const dossier_amendment *a)
{
	dstr s = DSTR_INIT;
	size_t i;

	dstr_addf(&s, "%s: %s", a->source_cite ? a->source_cite : "", action_word(a));
	for (i = 0; i < a->ntargets; i++)
		dstr_addf(&s, "%s %s", i ? "," : "", a->targets[i].cite);
	if (a->anchor)
		dstr_addf(&s, " (%s %s)", a->before ? "vào trước" : "vào sau", a->anchor->cite);
	if (a->action == DOSSIER_AMEND_WORDS)
		for (i = 0; i + 1 < a->nwords; i += 2)
			dstr_addf(&s, " “%s” → %s%s%s", a->words[i], a->words[i + 1] ? "“" : "",
				a->words[i + 1] ? a->words[i + 1] : "(bỏ)", a->words[i + 1] ? "”" : "");
	if (a->quote)
		dstr_addf(&s, " [%s]", a->quote->eid ? a->quote->eid : _("quotation"));
	if (a->error)
		dstr_addf(&s, _(" (error: %s)"), a->error);
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}
