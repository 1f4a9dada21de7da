/*
 * consolidate.c: the consolidated draft on the document model, without any
 * I/O: every accepted or partially accepted comment that carries text (the
 * response's adopted text, else an accepted comment's proposal) replaces
 * the own text of the provision it was made on (a leaf's content, or the
 * intro of a provision with children). A leading number label that repeats
 * the provision's own ("2. …", "đ) …", "Điều 5. Heading") is dropped so
 * numbers are not doubled. A comment made on an earlier revision follows
 * its provision when it was renumbered or moved, by the caller's locate
 * (the façade gives the structural diff's, the same alignment as
 * `comments --revision` and the synthesis report), and is never applied to
 * another provision: when its provision is gone (deleted, split, merged)
 * it is reported instead. Adoptions are applied in the order of their responses,
 * so when two land on one provision the later decision stands and both are
 * recorded. The rules are documented in docs/consolidation.md.
 */
#include "dossier/consolidate.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

/* ---- the report ------------------------------------------------------------ */

static void source_clear(dossier_consolidation_source *s)
{
	free(s->comment);
	free(s->author);
	free(s->author_name);
	free(s->revision);
	free(s->on);
	free(s->citation);
	free(s->reason);
	free(s->responder);
	free(s->text);
	memset(s, 0, sizeof(*s));
}

void dossier_consolidation_report_free(dossier_consolidation_report *r)
{
	size_t i, k;

	if (!r)
		return;
	for (i = 0; i < r->nchanges; i++) {
		dossier_consolidation_change *c = &r->changes[i];

		free(c->eid);
		free(c->citation);
		free(c->old_text);
		free(c->new_text);
		for (k = 0; k < c->nsources; k++)
			source_clear(&c->sources[k]);
		free(c->sources);
	}
	free(r->changes);
	for (i = 0; i < r->nunapplied; i++) {
		source_clear(&r->unapplied[i].source);
		free(r->unapplied[i].message);
	}
	free(r->unapplied);
	free(r->revision);
	free(r);
}

bool dossier_consolidation_unapplied_is_warning(const dossier_consolidation_unapplied *u)
{
	if (!u)
		return false;
	switch (u->reason) {
	case DOSSIER_UNAPPLIED_MISSING:
	case DOSSIER_UNAPPLIED_LATER:
		return true;
	case DOSSIER_UNAPPLIED_GENERAL:
		return u->source.text != NULL;
	case DOSSIER_UNAPPLIED_NO_TEXT:
		return u->source.disposition == DOSSIER_DISPOSITION_PARTIAL && u->source.text != NULL;
	case DOSSIER_UNAPPLIED_SAME:
		return false;
	}
	return false;
}

/* ---- text ------------------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* s starts with one of the words (exactly as written); returns what follows. */
static const char *after_word(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);

		if (!strncmp(s, words[i], n) && (s[n] == ' ' || s[n] == '\t'))
			return skip_spaces(s + n);
	}
	return NULL;
}

/* After the number `num` at s, followed by one of `ends` (or a blank when
 * ends contains ' '); NULL when s does not start so. */
static const char *after_num(const char *s, const char *num, const char *ends)
{
	size_t n = strlen(num);

	if (!n || strncmp(s, num, n) != 0)
		return NULL;
	s += n;
	if (*s && strchr(ends, *s) && *s != ' ') {
		s++;
		if (*s && !is_space(*s))
			return NULL;
		return skip_spaces(s);
	}
	if (strchr(ends, ' ') && (*s == '\0' || is_space(*s)))
		return skip_spaces(s);
	return NULL;
}

/* The first line without the label that repeats the node's own number, or
 * NULL when it does not start with that label. */
static const char *strip_label(const dossier_node *node, const char *line)
{
	static const char *const article[] = { "Điều", "ĐIỀU", "điều", "Article", "ARTICLE", "Art.", NULL };
	static const char *const chapter[] = { "Chương", "CHƯƠNG", "Chapter", "CHAPTER", NULL };
	static const char *const section[] = { "Mục", "MỤC", "Section", "SECTION", NULL };
	static const char *const part[] = { "Phần", "PHẦN", "Part", "PART", NULL };
	const char *num = node->num, *p;

	if (!num || !*num)
		return NULL;
	switch (node->kind) {
	case DOSSIER_NODE_CLAUSE:
		return after_num(line, num, ".)");
	case DOSSIER_NODE_POINT:
		if (line[0] == '(' && (p = after_num(line + 1, num, ")")) != NULL)
			return p;
		return after_num(line, num, ").");
	case DOSSIER_NODE_ARTICLE:
		p = after_word(line, article);
		return p ? after_num(p, num, ".: ") : NULL;
	case DOSSIER_NODE_CHAPTER:
		p = after_word(line, chapter);
		return p ? after_num(p, num, ".: ") : NULL;
	case DOSSIER_NODE_SECTION:
		p = after_word(line, section);
		return p ? after_num(p, num, ".: ") : NULL;
	case DOSSIER_NODE_PART:
		p = after_word(line, part);
		return p ? after_num(p, num, ".: ") : NULL;
	default:
		return NULL;
	}
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int strv_push(char ***v, size_t *n, const char *s, size_t len)
{
	char **p = realloc(*v, (*n + 1) * sizeof(*p));

	if (!p)
		return DOSSIER_ENOMEM;
	*v = p;
	p[*n] = util_strndup(s, len);
	if (!p[*n])
		return DOSSIER_ENOMEM;
	(*n)++;
	return 0;
}

/*
 * The adopted text as the paragraphs of `node`: NFC, one paragraph per
 * non-blank line, the repeated number label dropped and, after a label,
 * a first line that only repeats the heading.
 */
static int paragraphs(char ***out, size_t *nout, const dossier_node *node, const char *text,
	dossier_error *err)
{
	char *norm = NULL, **v = NULL;
	const char *p, *line;
	size_t n = 0;
	bool first = true, labelled = false;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = dossier_utf8_nfc(&norm, text, strlen(text), err)) < 0)
		return rc;
	for (p = norm; *p; ) {
		const char *end = strchr(p, '\n'), *a, *b;
		size_t len = end ? (size_t)(end - p) : strlen(p);

		a = p;
		b = p + len;
		while (a < b && is_space(*a))
			a++;
		while (b > a && is_space(b[-1]))
			b--;
		p = end ? end + 1 : p + len;
		if (a == b)
			continue;
		line = a;
		if (first) {
			char *tmp = util_strndup(a, (size_t)(b - a));
			const char *rest;

			if (!tmp) {
				rc = DOSSIER_ENOMEM;
				goto done;
			}
			rest = strip_label(node, tmp);
			if (rest) {
				labelled = true;
				line = a + (rest - tmp);
			}
			free(tmp);
			first = false;
			if (line == b)
				continue;   /* the label alone on its line */
		}
		if (labelled && n == 0 && node->heading &&
		    (size_t)(b - line) == strlen(node->heading) &&
		    !strncmp(line, node->heading, (size_t)(b - line))) {
			continue;   /* "Điều 5. Heading" repeats the heading */
		}
		if ((rc = strv_push(&v, &n, line, (size_t)(b - line))) < 0)
			goto done;
	}
	rc = 0;
done:
	free(norm);
	if (rc < 0) {
		strv_free(v, n);
		if (rc == DOSSIER_ENOMEM)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		return rc;
	}
	*out = v;
	*nout = n;
	return 0;
}

static char *join(char *const *v, size_t n)
{
	dstr s = DSTR_INIT;
	size_t i;

	dstr_add(&s, "", 0);
	for (i = 0; i < n; i++) {
		if (i)
			dstr_addc(&s, '\n');
		dstr_adds(&s, v[i]);
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

static bool same_text(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/* ---- finding the provision ------------------------------------------------ */

static dossier_node *find_mut(dossier_node *n, const char *eid)
{
	size_t i;

	if (n->eid && !strcmp(n->eid, eid))
		return n;
	for (i = 0; i < n->nchildren; i++) {
		dossier_node *f = find_mut(n->children[i], eid);

		if (f)
			return f;
	}
	return NULL;
}

typedef struct locate_ctx {
	dossier_document *doc;          /* the document being consolidated (a copy of the revision) */
	unsigned revision;
	dossier_locate_fn locate;       /* where a provision of an earlier revision stands in it */
	void *payload;
	int oom;
} locate_ctx;

/*
 * The provision of the consolidated revision that a comment made on
 * revision m at `eid` is about, or NULL. Within one revision: the eId.
 * Across revisions: where the caller's locate follows it (the structural
 * diff: renumbered, moved, its text changed), the same mechanism as
 * `comments --revision` and the report's. A provision deleted, split or
 * merged into another is no provision to put the text in: NULL.
 */
static dossier_node *locate(locate_ctx *lc, unsigned m, const char *eid)
{
	dossier_located where;

	if (!lc->locate || !m || m == lc->revision)
		return find_mut(lc->doc->body, eid);
	if (lc->locate(&where, m, eid, lc->payload) < 0) {
		lc->oom = 1;
		return NULL;
	}
	if (!where.node || !where.whole || !where.node->eid)
		return NULL;
	return find_mut(lc->doc->body, where.node->eid);
}

/* ---- applying ------------------------------------------------------------- */

typedef struct entry {
	const dossier_comment_record *c;
	dossier_node *node;             /* the provision changed */
	size_t change;                  /* its index in the report */
} entry;

/* Responses in time order; then the comment's own order. */
static int by_response(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	if (x->c->response_time != y->c->response_time)
		return x->c->response_time < y->c->response_time ? -1 : 1;
	if (x->c->time != y->c->time)
		return x->c->time < y->c->time ? -1 : 1;
	return strcmp(x->c->id, y->c->id);
}

static char *dup_or_null(const char *s)
{
	return s ? util_strdup(s) : NULL;
}

static int source_fill(dossier_consolidation_source *s, const dossier_comment_record *c,
	const char *text)
{
	memset(s, 0, sizeof(*s));
	s->comment = dup_or_null(c->id);
	s->author = dup_or_null(c->author);
	s->author_name = dup_or_null(c->author_name ? c->author_name : c->author);
	s->revision = dup_or_null(c->revision);
	s->on = dup_or_null(c->on);
	s->citation = dup_or_null(c->citation);
	s->disposition = c->disposition;
	s->reason = dup_or_null(c->reason);
	s->responder = dup_or_null(c->responder);
	s->response_time = c->response_time;
	s->text = dup_or_null(text);
	s->from_proposal = !c->adopted;
	if (!s->comment || !s->author || !s->author_name || (c->revision && !s->revision) ||
	    (c->on && !s->on) || (c->citation && !s->citation) || (c->reason && !s->reason) || (c->responder && !s->responder) ||
	    (text && !s->text)) {
		source_clear(s);
		return DOSSIER_ENOMEM;
	}
	return 0;
}

static int add_unapplied(dossier_consolidation_report *r, const dossier_comment_record *c,
	const char *text, dossier_unapplied_reason why, char *message)
{
	dossier_consolidation_unapplied *p;

	if (!message)
		return DOSSIER_ENOMEM;
	p = realloc(r->unapplied, (r->nunapplied + 1) * sizeof(*p));
	if (!p) {
		free(message);
		return DOSSIER_ENOMEM;
	}
	r->unapplied = p;
	p = &r->unapplied[r->nunapplied];
	if (source_fill(&p->source, c, text) < 0) {
		free(message);
		return DOSSIER_ENOMEM;
	}
	p->reason = why;
	p->message = message;
	r->nunapplied++;
	return 0;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!is_space(*s))
			return false;
	return true;
}

/* Document order of the changes. */
typedef struct order_ctx {
	dossier_consolidation_report *r;
	const dossier_node **nodes;     /* the node of each change */
	size_t *rank;
	size_t next;
} order_ctx;

static int rank_node(const dossier_node *node, void *payload)
{
	order_ctx *o = payload;
	size_t i;

	for (i = 0; i < o->r->nchanges; i++)
		if (o->nodes[i] == node)
			o->rank[i] = o->next++;
	return 0;
}

static int sort_changes(dossier_consolidation_report *r, const dossier_document *doc,
	const dossier_node **nodes)
{
	order_ctx o = { r, nodes, NULL, 0 };
	dossier_consolidation_change *sorted;
	size_t i;

	if (r->nchanges < 2)
		return 0;
	o.rank = calloc(r->nchanges, sizeof(*o.rank));
	sorted = calloc(r->nchanges, sizeof(*sorted));
	if (!o.rank || !sorted) {
		free(o.rank);
		free(sorted);
		return DOSSIER_ENOMEM;
	}
	dossier_document_walk(doc, rank_node, &o);
	for (i = 0; i < r->nchanges; i++)
		sorted[o.rank[i]] = r->changes[i];
	free(r->changes);
	r->changes = sorted;
	free(o.rank);
	return 0;
}

static int apply_one(dossier_consolidation_report *r, entry *e, const char *text,
	const dossier_node **nodes, dossier_error *err)
{
	dossier_node *node = e->node;
	dossier_consolidation_change *ch = NULL;
	dossier_consolidation_source *src;
	char **paras = NULL;
	size_t npara = 0, i;
	int rc;

	if ((rc = paragraphs(&paras, &npara, node, text, err)) < 0)
		return rc;
	for (i = 0; i < r->nchanges; i++)
		if (nodes[i] == node)
			ch = &r->changes[i];
	if (!ch && same_text(paras, npara, node->text, node->ntext)) {
		char *cite = dossier_node_citation(node, DOSSIER_LANG_VIE);

		strv_free(paras, npara);
		rc = add_unapplied(r, e->c, text, DOSSIER_UNAPPLIED_SAME,
			util_sprintf(_("%s already has the text of comment '%s'"), cite ? cite : node->eid, e->c->id));
		free(cite);
		return rc < 0 ? dossier_error_set(err, DOSSIER_ENOMEM, "out of memory") : 0;
	}
	if (npara == 0) {
		strv_free(paras, npara);
		return add_unapplied(r, e->c, text, DOSSIER_UNAPPLIED_NO_TEXT,
			util_sprintf(_("comment '%s' adopts only the number of the provision"), e->c->id)) < 0 ?
			dossier_error_set(err, DOSSIER_ENOMEM, "out of memory") : 0;
	}
	if (!ch) {
		dossier_consolidation_change *p = realloc(r->changes, (r->nchanges + 1) * sizeof(*p));

		if (!p)
			goto oom;
		r->changes = p;
		ch = &r->changes[r->nchanges];
		memset(ch, 0, sizeof(*ch));
		nodes[r->nchanges] = node;
		r->nchanges++;
		ch->eid = util_strdup(node->eid);
		ch->citation = dossier_node_citation(node, DOSSIER_LANG_VIE);
		ch->old_text = join(node->text, node->ntext);
		if (!ch->eid || !ch->citation || !ch->old_text)
			goto oom;
	}
	src = realloc(ch->sources, (ch->nsources + 1) * sizeof(*src));
	if (!src)
		goto oom;
	ch->sources = src;
	for (i = 0; i < ch->nsources; i++)
		ch->sources[i].superseded = true;
	free(ch->new_text);
	ch->new_text = join(paras, npara);
	if (!ch->new_text || source_fill(&ch->sources[ch->nsources], e->c, ch->new_text) < 0)
		goto oom;
	ch->nsources++;
	strv_free(node->text, node->ntext);
	node->text = paras;
	node->ntext = npara;
	return 0;
oom:
	strv_free(paras, npara);
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

int dossier_consolidate_document(dossier_document **out,
	dossier_consolidation_report **report, const dossier_document *doc, unsigned revision,
	const dossier_comment_list *comments, dossier_locate_fn locate_fn, void *locate_payload,
	dossier_error *err)
{
	dossier_consolidation_report *r = NULL;
	dossier_document *res = NULL;
	entry *todo = NULL;
	const dossier_node **nodes = NULL;
	size_t i, n = 0, count = comments ? comments->n : 0;
	locate_ctx lc = { NULL, 0, NULL, NULL, 0 };
	int rc;

	*out = NULL;
	if (report)
		*report = NULL;
	if (!doc || !doc->body)
		return dossier_error_set(err, DOSSIER_EINVALID, "no document to consolidate");
	if ((rc = dossier_document_clone(&res, doc)) < 0)
		return dossier_error_set(err, rc, "cannot copy the document to consolidate");
	r = calloc(1, sizeof(*r));
	todo = calloc(count + 1, sizeof(*todo));
	nodes = calloc(count + 1, sizeof(*nodes));
	if (!r || !todo || !nodes)
		goto oom;
	if (revision && !(r->revision = util_sprintf("v%u", revision)))
		goto oom;
	lc.doc = res;
	lc.revision = revision;
	lc.locate = locate_fn;
	lc.payload = locate_payload;

	/* Sort out what cannot apply, in comment order; keep the rest. */
	for (i = 0; i < count; i++) {
		const dossier_comment_record *c = &comments->items[i];
		const char *text;
		unsigned m;

		if (c->disposition != DOSSIER_DISPOSITION_ACCEPTED &&
		    c->disposition != DOSSIER_DISPOSITION_PARTIAL)
			continue;
		text = c->adopted && !blank(c->adopted) ? c->adopted :
			c->disposition == DOSSIER_DISPOSITION_ACCEPTED && c->proposal && !blank(c->proposal) ?
			c->proposal : NULL;
		m = dossier_revision_number(c->revision);
		if (!c->on || !strcmp(c->on, "general")) {
			rc = add_unapplied(r, c, text, DOSSIER_UNAPPLIED_GENERAL, util_sprintf(_("comment '%s' is on the draft as a whole: no provision to change"), c->id));
		} else if (!text) {
			rc = add_unapplied(r, c, c->proposal && !blank(c->proposal) ? c->proposal : NULL,
				DOSSIER_UNAPPLIED_NO_TEXT,
				c->disposition == DOSSIER_DISPOSITION_PARTIAL && c->proposal && !blank(c->proposal) ?
				util_sprintf(_("comment '%s' is partially accepted without the adopted text "
					"(respond --partial --text gives it)"), c->id) :
				util_sprintf(c->disposition == DOSSIER_DISPOSITION_PARTIAL ?
					_("comment '%s' is partially accepted without any text to adopt") :
					_("comment '%s' is accepted without any text to adopt"), c->id));
		} else if (revision && m > revision) {
			rc = add_unapplied(r, c, text, DOSSIER_UNAPPLIED_LATER, util_sprintf(_("comment '%s' was made on %s, after v%u"), c->id, c->revision, revision));
		} else if (!(todo[n].node = locate(&lc, m, c->on))) {
			if (lc.oom)
				goto oom;
			if (revision && m && m != revision)
				rc = add_unapplied(r, c, text, DOSSIER_UNAPPLIED_MISSING, util_sprintf(_("provision '%s' of %s commented on by '%s' is not in v%u"),
					c->on, c->revision, c->id, revision));
			else
				rc = add_unapplied(r, c, text, DOSSIER_UNAPPLIED_MISSING, util_sprintf(_("provision '%s' commented on by '%s' is not in the draft"), c->on, c->id));
		} else {
			todo[n++].c = c;
			rc = 0;
		}
		if (rc < 0)
			goto oom;
	}
	qsort(todo, n, sizeof(*todo), by_response);
	for (i = 0; i < n; i++) {
		const dossier_comment_record *c = todo[i].c;
		const char *text = c->adopted && !blank(c->adopted) ? c->adopted : c->proposal;

		if ((rc = apply_one(r, &todo[i], text, nodes, err)) < 0)
			goto fail;
	}
	if (sort_changes(r, res, nodes) < 0)
		goto oom;
	free(todo);
	free(nodes);
	*out = res;
	if (report)
		*report = r;
	else
		dossier_consolidation_report_free(r);
	return 0;
oom:
	rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
fail:
	free(todo);
	free(nodes);
	dossier_consolidation_report_free(r);
	dossier_document_free(res);
	return rc;
}
