/*
 * amend_apply.c: amendments applied to the principal text, giving the
 * consolidated text (dossier_amend_apply, dossier/amend.h, docs/amend.md).
 *
 * A copy of the principal is changed amendment by amendment, in the order
 * of the amending text. A quotation is matched to the provisions the
 * instruction names by kind and number, level by level: a quoted
 * provision that is itself named replaces the principal's whole (or is
 * added, for "bổ sung"); one that only leads to the named ones
 * ("“2. … a) … c) …”" for "điểm a, điểm c khoản 2") gives its heading or
 * intro where named and passes on to its children. Every change leaves a
 * note on the provision, as a VBHN's footnote: "Khoản này được sửa đổi,
 * bổ sung theo quy định tại khoản 2 Điều 1 của Nghị định số …". What
 * cannot be applied is an error at the instruction, and every error is
 * collected: nothing is skipped in silence.
 */
#include "dossier/amend.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/i18n.h"
#include "text/text.h"
#include "base/util.h"

typedef struct actx {
	dossier_document *doc;
	const dossier_amendments *list;
	const dossier_amendment *a;
	const char *path;
	dossier_diags *diags;
	dossier_error *err;
	size_t nerrors;
	int oom;
	dossier_node *last_inserted;
} actx;

/* fmt is translated here (po/meson.build lists fail:2). */
static void fail(actx *c, const char *fmt, ...) DOSSIER_PRINTF(2, 3);
static void fail(actx *c, const char *fmt, ...)
{
	const dossier_amendment *a = c->a;
	dstr s = DSTR_INIT;
	va_list ap;
	unsigned line = a ? a->line : 1, col = a && a->column ? a->column : 1;

	if (a) {
		size_t n = strlen(a->instruction), cut = n > 70 ? 70 : n;

		while (cut < n && ((unsigned char)a->instruction[cut] & 0xC0) == 0x80)
			cut++;
		dstr_addf(&s, _("cannot apply %s (“%.*s%s”): "), a->source_cite, (int)cut,
			a->instruction, cut < n ? "…" : "");
	}
	va_start(ap, fmt);
	dstr_addvf(&s, dossier_tr(fmt), ap);
	va_end(ap);
	if (s.oom) {
		c->oom = 1;
		dstr_free(&s);
		return;
	}
	if (c->diags && dossier_diags_add(c->diags, DOSSIER_SEVERITY_ERROR, "amend-cannot-apply",
	    c->path, line ? line : 1, col, "%s", s.ptr) < 0)
		c->oom = 1;
	if (c->nerrors++ == 0)
		dossier_error_set_at(c->err, DOSSIER_EINVALID, c->path, line ? line : 1, col, "%s", s.ptr);
	dstr_free(&s);
}

/* ---- finding provisions ---- */

static char *fold(actx *c, const char *s)
{
	char *f = text_utf8_fold(s ? s : "");

	if (!f)
		c->oom = 1;
	return f;
}

static bool num_eq(actx *c, dossier_node_kind k, const char *a, const char *b)
{
	char *fa, *fb;
	bool eq;

	if (!a || !b)
		return false;
	if (k == DOSSIER_NODE_CHAPTER || k == DOSSIER_NODE_SECTION || k == DOSSIER_NODE_PART) {
		unsigned va = text_num_value(a), vb = text_num_value(b);

		if (va && vb)
			return va == vb;
	}
	fa = fold(c, a);
	fb = fold(c, b);
	eq = fa && fb && !strcmp(fa, fb);
	if (!eq && fa && fb && k == DOSSIER_NODE_POINT)
		eq = (!strcmp(fa, "đ") && !strcmp(fb, "dd")) || (!strcmp(fa, "dd") && !strcmp(fb, "đ"));
	free(fa);
	free(fb);
	return eq;
}

static dossier_node *find_child(actx *c, dossier_node *p, dossier_node_kind k, const char *num)
{
	size_t i;

	for (i = 0; p && i < p->nchildren; i++)
		if (p->children[i]->kind == k && num_eq(c, k, p->children[i]->num, num))
			return p->children[i];
	return NULL;
}

static dossier_node *find_desc(actx *c, dossier_node *p, dossier_node_kind k, const char *num)
{
	dossier_node *r;
	size_t i;

	for (i = 0; p && i < p->nchildren; i++) {
		if (p->children[i]->kind == k && num_eq(c, k, p->children[i]->num, num))
			return p->children[i];
		if (p->children[i]->kind != DOSSIER_NODE_APPENDIX &&
		    (r = find_desc(c, p->children[i], k, num)) != NULL)
			return r;
	}
	return NULL;
}

/* The principal's provision at the first `depth` levels of t; NULL. */
static dossier_node *lookup(actx *c, const dossier_amend_target *t, size_t depth)
{
	dossier_node *n;
	size_t k;

	if (!depth)
		return c->doc->body;
	n = find_desc(c, c->doc->body, t->kind[0], t->num[0]);
	for (k = 1; n && k < depth; k++)
		n = find_child(c, n, t->kind[k], t->num[k]);
	return n;
}

/* ---- notes ---- */

static const char *subject(dossier_node_kind k)
{
	switch (k) {
	case DOSSIER_NODE_PART: return "Phần này";
	case DOSSIER_NODE_CHAPTER: return "Chương này";
	case DOSSIER_NODE_SECTION: return "Mục này";
	case DOSSIER_NODE_ARTICLE: return "Điều này";
	case DOSSIER_NODE_CLAUSE: return "Khoản này";
	case DOSSIER_NODE_POINT: return "Điểm này";
	default: return "Nội dung này";
	}
}

static void add_note(actx *c, dossier_node *n, size_t para, size_t at, const char *what)
{
	char *t = c->list->effective ?
		util_sprintf("%s theo quy định tại %s của %s, có hiệu lực kể từ %s.", what, c->a->source_cite,
			c->list->name, c->list->effective) :
		util_sprintf("%s theo quy định tại %s của %s.", what, c->a->source_cite, c->list->name);

	if (!t || dossier_node_add_note(n, para, at, "0", t) < 0)
		c->oom = 1;
	free(t);
}

static void note_on(actx *c, dossier_node *n, const char *verb, bool heading)
{
	char *what;
	const char *s = subject(n->kind);

	what = heading ? util_sprintf("Tên %c%s được %s", tolower((unsigned char)s[0]), s + 1, verb) :
		util_sprintf("%s được %s", s, verb);
	if (!what) {
		c->oom = 1;
		return;
	}
	add_note(c, n, DOSSIER_NOTE_ON_HEADING, 0, what);
	free(what);
}

static const char *verb(const dossier_amendment *a)
{
	return a->action == DOSSIER_AMEND_INSERT ? "bổ sung" : a->may_add ? "sửa đổi, bổ sung" : "sửa đổi";
}

/* ---- changing the tree ---- */

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* dst takes src's number, heading, text, quotations and children; src
 * (detached) is freed. dst keeps its place and its parent. */
static void move_into(dossier_node *dst, dossier_node *src)
{
	dossier_node tmp = *dst;
	size_t i;

	*dst = *src;
	dst->parent = tmp.parent;
	dst->eid = tmp.eid;
	dst->line = tmp.line;
	dst->column = tmp.column;
	for (i = 0; i < dst->nchildren; i++)
		dst->children[i]->parent = dst;
	free(src->eid);
	/* what dst had goes with the shell */
	memset(src, 0, sizeof(*src));
	tmp.eid = NULL;
	tmp.parent = NULL;
	*src = tmp;
	dossier_node_free(src);
}

static int insert_at(dossier_node *parent, size_t pos, dossier_node *n)
{
	dossier_node **v = realloc(parent->children, (parent->nchildren + 1) * sizeof(*v));

	if (!v)
		return DOSSIER_ENOMEM;
	parent->children = v;
	memmove(v + pos + 1, v + pos, (parent->nchildren - pos) * sizeof(*v));
	v[pos] = n;
	parent->nchildren++;
	n->parent = parent;
	return 0;
}

static size_t index_of(const dossier_node *n)
{
	size_t i;

	for (i = 0; n->parent && i < n->parent->nchildren; i++)
		if (n->parent->children[i] == n)
			return i;
	return 0;
}

/* Numbers in order: 5 < 5a < 6; a < b < d < đ < e; II < III. */
static long num_key(dossier_node_kind k, const char *num)
{
	const unsigned char *p = (const unsigned char *)(num ? num : "");
	long v;

	if (k == DOSSIER_NODE_POINT) {
		if (p[0] == 0xC4 && p[1] == 0x91)
			return ('d' * 2 + 1) * 100 + atoi((const char *)p + 2);
		return (tolower(p[0]) * 2) * 100 + atoi((const char *)p + 1);
	}
	v = (long)(isdigit(p[0]) ? strtoul((const char *)p, NULL, 10) : text_num_value(num)) * 100;
	while (*p && isdigit(*p))
		p++;
	if (*p && islower(*p))
		v += *p - 'a' + 1;
	return v;
}

/* Where a new provision q goes: after the anchor, after the previous one
 * this amendment added, else after the last of its kind numbered below. */
static void insert_new(actx *c, dossier_node *parent, const dossier_node *q, const char *cite)
{
	const dossier_amendment *a = c->a;
	dossier_node *copy = NULL, *after = NULL;
	size_t pos = 0, i;
	long key = num_key(q->kind, q->num);

	if (c->last_inserted && c->last_inserted->kind == q->kind) {
		after = c->last_inserted;
	} else if (a->anchor) {
		dossier_node *an = lookup(c, a->anchor, a->anchor->depth);

		if (!an) {
			fail(c, "no %s in the principal to add %s beside", a->anchor->cite, cite);
			return;
		}
		if (a->before) {
			parent = an->parent;
			pos = index_of(an);
		} else {
			after = an;
		}
	} else if (q->kind == DOSSIER_NODE_ARTICLE || q->kind == DOSSIER_NODE_CHAPTER ||
	    q->kind == DOSSIER_NODE_PART || !parent) {
		/* numbered across the text: after the last one numbered below */
		dossier_node *best = NULL;
		const dossier_node *stack[64];
		size_t sp = 0;

		stack[sp++] = c->doc->body;
		while (sp) {
			const dossier_node *n = stack[--sp];

			for (i = n->nchildren; i-- > 0;) {
				dossier_node *ch = n->children[i];

				if (ch->kind == q->kind && num_key(ch->kind, ch->num) < key &&
				    (!best || num_key(best->kind, best->num) <= num_key(ch->kind, ch->num)))
					best = ch;
				if (sp < 64 && ch->kind != DOSSIER_NODE_APPENDIX)
					stack[sp++] = ch;
			}
		}
		if (best)
			after = best;
		else
			parent = c->doc->body;
	} else {
		for (i = 0; i < parent->nchildren; i++)
			if (parent->children[i]->kind == q->kind &&
			    num_key(q->kind, parent->children[i]->num) < key)
				pos = i + 1;
		if (!pos) {
			for (i = 0; i < parent->nchildren; i++) {
				if (parent->children[i]->kind == q->kind) {
					pos = i;
					break;
				}
				pos = i + 1;
			}
		}
	}
	if (after) {
		parent = after->parent;
		pos = index_of(after) + 1;
	}
	if (!parent) {
		fail(c, "nowhere to add %s", cite);
		return;
	}
	if (text_node_clone(&copy, q, NULL) < 0 || insert_at(parent, pos, copy) < 0) {
		dossier_node_free(copy);
		c->oom = 1;
		return;
	}
	c->last_inserted = copy;
	note_on(c, copy, "bổ sung", false);
}

/* ---- quotations ---- */

static const char *level_word(dossier_node_kind k)
{
	return k == DOSSIER_NODE_CLAUSE ? "khoản" : k == DOSSIER_NODE_POINT ? "điểm" :
		text_kind_word(k, DOSSIER_LANG_VIE);
}

/* "khoản 2 Điều 5": level d of t and those above it. */
static char *cite_of(const dossier_amend_target *t, size_t d)
{
	dstr s = DSTR_INIT;
	size_t k;

	for (k = d + 1; k-- > 0;)
		dstr_addf(&s, "%s%s %s", k == d ? "" : " ", level_word(t->kind[k]), t->num[k]);
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}

/* The quoted provision q stands for level off[t] of each target t that
 * goes through it (-1 for the others); p is the principal's provision
 * there (NULL when absent), parent the one above. */
static void merge(actx *c, const dossier_node *q, dossier_node *p, dossier_node *parent,
	const long *off, bool *used)
{
	const dossier_amendment *a = c->a;
	size_t nt = a->ntargets, t, i;
	int whole = -1, head = -1, deeper = 0, any = -1;
	long *sub;

	for (t = 0; t < nt; t++) {
		if (off[t] < 0)
			continue;
		any = (int)t;
		if ((size_t)off[t] + 1 == a->targets[t].depth) {
			if (a->targets[t].heading)
				head = (int)t;
			else
				whole = (int)t;
			used[t] = true;
		} else {
			deeper++;
		}
	}
	if (any < 0)
		return;
	if (whole >= 0 && !deeper) {
		char *cite = cite_of(&a->targets[whole], (size_t)off[whole]);

		if (!cite) {
			c->oom = 1;
			return;
		}
		if (p && a->action == DOSSIER_AMEND_INSERT) {
			fail(c, "the principal already has %s", cite);
		} else if (p) {
			dossier_node *copy = NULL;

			if (text_node_clone(&copy, q, NULL) < 0) {
				c->oom = 1;
			} else {
				move_into(p, copy);
				note_on(c, p, verb(a), false);
			}
		} else if (a->action == DOSSIER_AMEND_INSERT || a->may_add) {
			insert_new(c, parent, q, cite);
		} else {
			fail(c, "no %s in the principal to amend", cite);
		}
		free(cite);
		return;
	}
	if (!p) {
		char *cite = cite_of(&a->targets[any], (size_t)off[any]);

		fail(c, "no %s in the principal", cite ? cite : "");
		free(cite);
		return;
	}
	if (head >= 0) {
		free(p->heading);
		p->heading = q->heading ? util_strdup(q->heading) : NULL;
		if (q->heading && !p->heading)
			c->oom = 1;
		note_on(c, p, verb(a), true);
	}
	if (!deeper)
		return;
	/* the intro the quotation gives, with the provisions named below it */
	if (q->ntext) {
		free_strv(p->text, p->ntext);
		p->text = NULL;
		p->ntext = 0;
		for (i = 0; i < q->ntext; i++)
			if (dossier_node_add_text(p, q->text[i]) < 0)
				c->oom = 1;
	}
	if (!(sub = calloc(nt ? nt : 1, sizeof(*sub)))) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < q->nchildren && !c->oom; i++) {
		const dossier_node *qc = q->children[i];
		int hit = 0;

		for (t = 0; t < nt; t++) {
			size_t d = (size_t)off[t] + 1;

			sub[t] = -1;
			if (off[t] >= 0 && d < a->targets[t].depth && a->targets[t].kind[d] == qc->kind &&
			    num_eq(c, qc->kind, a->targets[t].num[d], qc->num)) {
				sub[t] = (long)d;
				hit = 1;
			}
		}
		if (!hit) {
			fail(c, "the quotation's %s %s is not among the provisions it names",
				level_word(qc->kind), qc->num ? qc->num : "");
			continue;
		}
		merge(c, qc, find_child(c, p, qc->kind, qc->num), p, sub, used);
	}
	free(sub);
}

static void apply_quote(actx *c)
{
	const dossier_amendment *a = c->a;
	const dossier_node *body = a->quote->body;
	size_t nt = a->ntargets, t, i;
	bool *used = calloc(nt ? nt : 1, sizeof(*used));
	long *off = calloc(nt ? nt : 1, sizeof(*off));

	if (!used || !off) {
		c->oom = 1;
		goto done;
	}
	if (!body->nchildren) {
		/* new wording without a number: the text of the one provision named */
		dossier_node *p;

		if (nt != 1) {
			fail(c, "a quotation of text without provisions for %zu provisions", nt);
			goto done;
		}
		if (!(p = lookup(c, &a->targets[0], a->targets[0].depth))) {
			fail(c, "no %s in the principal", a->targets[0].cite);
			goto done;
		}
		free_strv(p->text, p->ntext);
		p->text = NULL;
		p->ntext = 0;
		for (i = 0; i < body->ntext; i++)
			if (dossier_node_add_text(p, body->text[i]) < 0)
				c->oom = 1;
		for (i = 0; i < p->nchildren; i++)
			dossier_node_free(p->children[i]);
		p->nchildren = 0;
		note_on(c, p, verb(a), false);
		used[0] = true;
		goto done;
	}
	for (i = 0; i < body->nchildren && !c->oom; i++) {
		const dossier_node *q = body->children[i];
		int hit = -1;

		for (t = 0; t < nt; t++) {
			size_t d;

			off[t] = -1;
			for (d = 0; d < a->targets[t].depth; d++)
				if (a->targets[t].kind[d] == q->kind && num_eq(c, q->kind, a->targets[t].num[d], q->num)) {
					off[t] = (long)d;
					hit = (int)t;
					break;
				}
		}
		if (hit < 0) {
			fail(c, "the quotation's %s %s is not among the provisions it names",
				level_word(q->kind), q->num ? q->num : "");
			continue;
		}
		{
			const dossier_amend_target *ht = &a->targets[hit];
			size_t d = (size_t)off[hit];

			merge(c, q, lookup(c, ht, d + 1), lookup(c, ht, d), off, used);
		}
	}
	for (t = 0; t < nt; t++)
		if (!used[t] && !c->oom)
			fail(c, "the quotation gives no new wording for %s", a->targets[t].cite);
done:
	free(used);
	free(off);
}

/* ---- repeal ---- */

static void repeal(actx *c)
{
	const dossier_amendment *a = c->a;
	size_t t, i;

	for (t = 0; t < a->ntargets && !c->oom; t++) {
		const dossier_amend_target *tg = &a->targets[t];
		dossier_node *p = lookup(c, tg, tg->depth);

		if (!p) {
			fail(c, "no %s in the principal", tg->cite);
			continue;
		}
		if (tg->heading && (p->kind == DOSSIER_NODE_SECTION || p->kind == DOSSIER_NODE_CHAPTER ||
		    p->kind == DOSSIER_NODE_PART)) {
			/* the group goes, its provisions stay where they stand */
			dossier_node *parent = p->parent;
			size_t pos = index_of(p), n = p->nchildren;
			char *what = util_sprintf("Tên %s %s được bãi bỏ", text_kind_word(p->kind, DOSSIER_LANG_VIE),
				p->num ? p->num : "");

			if (!what || !parent) {
				free(what);
				c->oom = 1;
				return;
			}
			if (n) {
				dossier_node **v = realloc(parent->children, (parent->nchildren + n) * sizeof(*v));

				if (!v) {
					free(what);
					c->oom = 1;
					return;
				}
				parent->children = v;
				memmove(v + pos + n, v + pos + 1, (parent->nchildren - pos - 1) * sizeof(*v));
				for (i = 0; i < n; i++) {
					v[pos + i] = p->children[i];
					v[pos + i]->parent = parent;
				}
				parent->nchildren += n - 1;
				add_note(c, v[pos], DOSSIER_NOTE_ON_HEADING, 0, what);
			} else {
				memmove(parent->children + pos, parent->children + pos + 1,
					(parent->nchildren - pos - 1) * sizeof(*parent->children));
				parent->nchildren--;
			}
			p->nchildren = 0;
			dossier_node_free(p);
			free(what);
			continue;
		}
		if (tg->heading) {
			free(p->heading);
			p->heading = NULL;
			note_on(c, p, "bãi bỏ", true);
			continue;
		}
		/* as a VBHN keeps it: the number and "(được bãi bỏ)" */
		free(p->heading);
		p->heading = NULL;
		free_strv(p->text, p->ntext);
		p->text = NULL;
		p->ntext = 0;
		free_strv(p->wrapup, p->nwrapup);
		p->wrapup = NULL;
		p->nwrapup = 0;
		for (i = 0; i < p->nchildren; i++)
			dossier_node_free(p->children[i]);
		p->nchildren = 0;
		for (i = 0; i < p->ntables; i++)
			free_strv(p->tables[i].cells, p->tables[i].nrows * p->tables[i].ncols);
		p->ntables = 0;
		if (dossier_node_add_text(p, "(được bãi bỏ)") < 0)
			c->oom = 1;
		note_on(c, p, "bãi bỏ", false);
	}
}

/* ---- words ---- */

typedef struct hit {
	dossier_node *node;
	size_t para;   /* DOSSIER_NOTE_ON_HEADING for the heading */
	size_t at;
} hit;

/* Every `old` in *s replaced by `new` (NULL: struck out with a space
 * beside it); side: the insertion -1 before / +1 after. Returns the count;
 * *end the byte after the first change. */
static size_t replace_all(actx *c, char **s, const char *old, const char *new, int side, size_t *end)
{
	dstr out = DSTR_INIT;
	const char *p = *s, *f;
	size_t n = 0, lo = strlen(old);

	if (!lo)
		return 0;
	while ((f = strstr(p, old)) != NULL) {
		dstr_add(&out, p, (size_t)(f - p));
		if (side < 0)
			dstr_addf(&out, "%s %s", new, old);
		else if (side > 0)
			dstr_addf(&out, "%s %s", old, new);
		else if (new)
			dstr_adds(&out, new);
		else if (out.len && out.ptr[out.len - 1] == ' ' && f[lo] == ' ')
			out.ptr[--out.len] = 0;
		p = f + lo;
		if (!n)
			*end = out.len;
		n++;
	}
	if (!n)
		return 0;
	dstr_adds(&out, p);
	if (out.oom) {
		dstr_free(&out);
		c->oom = 1;
		return 0;
	}
	free(*s);
	*s = dstr_detach(&out);
	return n;
}

static size_t words_in(actx *c, dossier_node *n, const char *old, const char *new, int side,
	bool heading_only, hit *first)
{
	size_t k = 0, i, m, end = 0;

	if (n->heading && (m = replace_all(c, &n->heading, old, new, side, &end)) > 0) {
		if (!first->node)
			*first = (hit){ n, DOSSIER_NOTE_ON_HEADING, 0 };
		k += m;
	}
	if (heading_only)
		return k;
	for (i = 0; i < n->ntext; i++)
		if ((m = replace_all(c, &n->text[i], old, new, side, &end)) > 0) {
			if (!first->node)
				*first = (hit){ n, i, end };
			k += m;
		}
	for (i = 0; i < n->nwrapup; i++)
		k += replace_all(c, &n->wrapup[i], old, new, side, &end);
	for (i = 0; i < n->nchildren; i++)
		k += words_in(c, n->children[i], old, new, side, false, first);
	return k;
}

static void words(actx *c)
{
	const dossier_amendment *a = c->a;
	size_t t, w;

	for (t = 0; t < a->ntargets && !c->oom; t++) {
		const dossier_amend_target *tg = &a->targets[t];
		dossier_node *p = lookup(c, tg, tg->depth);

		if (!p) {
			fail(c, "no %s in the principal", tg->cite);
			continue;
		}
		for (w = 0; w + 1 < a->nwords; w += 2) {
			const char *old = a->words_side ? a->words[1] : a->words[w];
			const char *new = a->words_side ? a->words[0] : a->words[w + 1];
			hit first = { NULL, 0, 0 };
			char *what;

			if (!words_in(c, p, old, new, a->words_side, tg->heading, &first)) {
				fail(c, "the words “%s” are not in %s of the principal", old, tg->cite);
				if (a->words_side)
					break;
				continue;
			}
			if (a->words_side)
				what = util_sprintf("Cụm từ “%s” được bổ sung", new);
			else if (new)
				what = util_sprintf("Cụm từ “%s” được thay thế bằng cụm từ “%s”", old, new);
			else
				what = util_sprintf("Cụm từ “%s” được bãi bỏ", old);
			if (!what)
				c->oom = 1;
			else
				add_note(c, first.node, first.para, first.at, what);
			free(what);
			if (a->words_side)
				break;
		}
	}
}

/* ---- the whole ---- */

static int number_notes(const dossier_node *n, void *payload)
{
	unsigned *k = payload;
	size_t i;

	for (i = 0; i < n->nnotes; i++) {
		char *m = util_sprintf("%u", ++*k);

		if (!m)
			return -1;
		free(n->notes[i].marker);
		n->notes[i].marker = m;
	}
	return 0;
}

static bool same_number(actx *c, const char *a, const char *b)
{
	char *sa = text_slug(a, 0), *sb = text_slug(b, 0);
	bool eq = sa && sb && !strcmp(sa, sb);

	if (!sa || !sb)
		c->oom = 1;
	free(sa);
	free(sb);
	return eq;
}

int dossier_amend_apply(dossier_document **out, const dossier_document *principal,
	const dossier_amendments *list, const char *amending_path, dossier_diags *diags,
	dossier_error *err)
{
	actx c;
	size_t i, applied = 0;
	unsigned k = 0;
	const char *pnum = principal->preface.number;
	int rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.list = list;
	c.path = amending_path;
	c.diags = diags;
	c.err = err;
	if ((rc = dossier_document_clone(&c.doc, principal)) < 0)
		return dossier_error_set(err, rc, "out of memory");
	if (list->amends && pnum && !same_number(&c, list->amends, pnum)) {
		fail(&c, "%s amends %s, not %s", list->name, list->amends, pnum);
		goto done;
	}
	for (i = 0; i < list->n && !c.oom; i++) {
		const dossier_amendment *a = &list->v[i];

		c.a = a;
		c.last_inserted = NULL;
		if (a->amends && pnum && !same_number(&c, a->amends, pnum)) {
			if (diags && dossier_diags_add(diags, DOSSIER_SEVERITY_WARNING, "amend-other-text",
			    amending_path, a->line ? a->line : 1, a->column ? a->column : 1,
			    "%s amends %s, not %s: left out", a->source_cite, a->amends, pnum) < 0)
				c.oom = 1;
			continue;
		}
		applied++;
		if (a->error) {
			fail(&c, "%s", a->error);
			continue;
		}
		switch (a->action) {
		case DOSSIER_AMEND_REPLACE:
		case DOSSIER_AMEND_INSERT:
			apply_quote(&c);
			break;
		case DOSSIER_AMEND_REPEAL:
			repeal(&c);
			break;
		case DOSSIER_AMEND_WORDS:
			words(&c);
			break;
		}
	}
	c.a = NULL;
	if (!c.oom && !c.nerrors && !applied && pnum)
		fail(&c, "%s has no instruction that amends %s", list->name, pnum);
	else if (!c.oom && !c.nerrors && !applied)
		fail(&c, "%s has no instruction that amends the principal", list->name);
	if (c.oom || c.nerrors)
		goto done;
	if (dossier_document_walk(c.doc, number_notes, &k) != 0) {
		c.oom = 1;
		goto done;
	}
	if ((rc = dossier_document_assign_eids(c.doc, amending_path, diags, err)) < 0) {
		dossier_document_free(c.doc);
		return rc;
	}
done:
	if (c.oom) {
		dossier_document_free(c.doc);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (c.nerrors) {
		dossier_document_free(c.doc);
		if (diags)
			dossier_diags_sort(diags);
		return DOSSIER_EINVALID;
	}
	*out = c.doc;
	return 0;
}
