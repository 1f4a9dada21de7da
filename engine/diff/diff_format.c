/*
 * diff_format.c: a structural diff for people and for tools. The text
 * form opens with a summary of the changes by kind, in the order of the
 * text ("Điều 9 inserted", "Điều 9–12 renumbered 10–13, of which Điều 10
 * (was 9) changed in khoản 2"), then shows every changed provision with
 * its citation and its words marked: [-deleted-]{+inserted+}, or in red
 * and green with ANSI colours when asked. The JSON form lists the same
 * changes for tools (docs/diff.md), with jansson.
 */
#include "dossier/diff.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define RED "\x1b[31m"
#define GREEN "\x1b[32m"
#define BOLD "\x1b[1m"
#define RESET "\x1b[m"

/* ---- citations ---- */

static char *cite(const dossier_node *n, dossier_lang lang)
{
	char *c = n ? dossier_node_citation(n, lang) : NULL;

	return c ? c : util_strdup(n && n->eid ? n->eid : "?");
}

/* The citation of a sub-provision relative to the provision it is in. */
static void add_rel(dstr *s, const dossier_node *n, dossier_lang lang)
{
	const char *num = n->num ? n->num : "";

	if (lang == DOSSIER_LANG_ENG) {
		switch (n->kind) {
		case DOSSIER_NODE_CLAUSE: dstr_addf(s, "clause %s", num); return;
		case DOSSIER_NODE_POINT: dstr_addf(s, "point (%s)", num); return;
		default: break;
		}
	} else {
		switch (n->kind) {
		case DOSSIER_NODE_CLAUSE: dstr_addf(s, "khoản %s", num); return;
		case DOSSIER_NODE_POINT: dstr_addf(s, "điểm %s", num); return;
		default: break;
		}
	}
	{
		char *c = cite(n, lang);

		dstr_adds(s, c);
		free(c);
	}
}

static const dossier_node *item_node(const dossier_diff_item *it)
{
	return it->new_node ? it->new_node : it->old_node;
}

static int parse_uint(const char *s, long *v)
{
	char *end;

	if (!s || !*s || *s < '0' || *s > '9')
		return 0;
	*v = strtol(s, &end, 10);
	return *end == '\0';
}

/* ---- summary ---- */

/* "in khoản 1, khoản 3 inserted, heading" */
static void add_inner(dstr *s, const dossier_diff_item *it, dossier_lang lang)
{
	size_t i, k = 0;

	dstr_adds(s, " in ");
	if (it->heading) {
		dstr_adds(s, "heading");
		k++;
	}
	if (it->text) {
		dstr_adds(s, k++ ? ", " : "");
		dstr_adds(s, "text");
	}
	for (i = 0; i < it->nchildren; i++) {
		const dossier_diff_item *c = &it->children[i];
		unsigned b = c->changes;

		if (!b)
			continue;
		dstr_adds(s, k++ ? ", " : "");
		add_rel(s, item_node(c), lang);
		if (b & DOSSIER_CHANGE_INSERTED)
			dstr_adds(s, " inserted");
		else if (b & DOSSIER_CHANGE_DELETED)
			dstr_adds(s, " deleted");
		else if (b & DOSSIER_CHANGE_SPLIT)
			dstr_adds(s, " split");
		else if (b & DOSSIER_CHANGE_MERGED)
			dstr_adds(s, " merged");
		else if (b & DOSSIER_CHANGE_MOVED)
			dstr_adds(s, " moved");
		else if ((b & DOSSIER_CHANGE_RENUMBERED) && c->old_node) {
			dstr_adds(s, " (was ");
			dstr_adds(s, c->old_node->num ? c->old_node->num : "");
			dstr_adds(s, ")");
		}
	}
	if (!k)
		s->len -= 4, s->ptr[s->len] = '\0';
}

static void add_parts(dstr *s, const dossier_diff_item *it, const dossier_node *first, dossier_lang lang)
{
	size_t k;

	add_rel(s, first, lang);
	for (k = 0; k < it->nparts; k++) {
		dstr_adds(s, k + 1 == it->nparts ? " and " : ", ");
		add_rel(s, it->parts[k], lang);
	}
}

/* One summary line for one item (not a renumbering run). */
static void summary_line(dstr *s, const dossier_diff_item *it, dossier_lang lang, const char *prefix)
{
	char *cn = it->new_node ? cite(it->new_node, lang) : NULL;
	char *co = it->old_node ? cite(it->old_node, lang) : NULL;
	unsigned b = it->changes;

	dstr_adds(s, prefix);
	if (b & DOSSIER_CHANGE_INSERTED) {
		dstr_addf(s, "%s inserted", cn);
	} else if (b & DOSSIER_CHANGE_DELETED) {
		dstr_addf(s, "%s deleted", co);
	} else if (b & DOSSIER_CHANGE_SPLIT) {
		dstr_addf(s, "%s split into ", co);
		add_parts(s, it, it->new_node, lang);
	} else if (b & DOSSIER_CHANGE_MERGED) {
		add_parts(s, it, it->old_node, lang);
		dstr_addf(s, " (old) merged into %s", cn);
	} else if (b & DOSSIER_CHANGE_MOVED) {
		dstr_addf(s, "%s moved", co);
		if (strcmp(co, cn))
			dstr_addf(s, " to %s", cn);
		if (b & DOSSIER_CHANGE_CHANGED) {
			dstr_adds(s, " and changed");
			add_inner(s, it, lang);
		}
	} else if (b & DOSSIER_CHANGE_RENUMBERED) {
		dstr_addf(s, "%s renumbered %s", co, it->new_node->num ? it->new_node->num : "");
		if (b & DOSSIER_CHANGE_CHANGED) {
			dstr_adds(s, ", changed");
			add_inner(s, it, lang);
		}
	} else if (b & DOSSIER_CHANGE_CHANGED) {
		dstr_addf(s, "%s changed", cn);
		add_inner(s, it, lang);
	}
	dstr_addc(s, '\n');
	free(cn);
	free(co);
}

/* A run of in-order renumberings by the same offset, items [from, to). */
static size_t renumber_run(const dossier_diff_item *v, size_t n, size_t from)
{
	long o0, n0, o, nn;
	size_t i;

	if (!(v[from].changes & DOSSIER_CHANGE_RENUMBERED) || (v[from].changes & DOSSIER_CHANGE_MOVED))
		return from + 1;
	if (!parse_uint(v[from].old_node->num, &o0) || !parse_uint(v[from].new_node->num, &n0))
		return from + 1;
	for (i = from + 1; i < n; i++) {
		const dossier_diff_item *it = &v[i];

		if (!(it->changes & DOSSIER_CHANGE_RENUMBERED) || (it->changes & DOSSIER_CHANGE_MOVED) ||
		    it->kind != v[from].kind)
			break;
		if (!parse_uint(it->old_node->num, &o) || !parse_uint(it->new_node->num, &nn))
			break;
		if (o != o0 + (long)(i - from) || nn != n0 + (long)(i - from))
			break;
	}
	return i;
}

static void summary_items(dstr *s, const dossier_diff_item *v, size_t n, dossier_lang lang)
{
	size_t i = 0, k;

	while (i < n) {
		size_t end = renumber_run(v, n, i);

		if (end - i >= 2) {
			char *c0 = cite(v[i].old_node, lang);
			int any = 0;

			if (lang == DOSSIER_LANG_ENG && !strncmp(c0, "Article ", 8))
				dstr_addf(s, "  Articles %s", c0 + 8);
			else
				dstr_addf(s, "  %s", c0);
			dstr_addf(s, "–%s renumbered %s–%s", v[end - 1].old_node->num,
				v[i].new_node->num, v[end - 1].new_node->num);
			free(c0);
			for (k = i; k < end; k++) {
				char *cn;

				if (!(v[k].changes & DOSSIER_CHANGE_CHANGED))
					continue;
				cn = cite(v[k].new_node, lang);
				dstr_addf(s, "%s%s (was %s) changed", any++ ? "; " : ", of which ",
					cn, v[k].old_node->num ? v[k].old_node->num : "");
				add_inner(s, &v[k], lang);
				free(cn);
			}
			dstr_addc(s, '\n');
			i = end;
			continue;
		}
		if (v[i].changes)
			summary_line(s, &v[i], lang, "  ");
		i++;
	}
}

/* ---- details ---- */

static void add_marked(dstr *s, const dossier_word_diff *wd, bool color, const char *indent)
{
	size_t i;
	dossier_word_op prev = DOSSIER_WORD_EQUAL;

	for (i = 0; i < wd->nsegs; i++) {
		const dossier_word_seg *g = &wd->segs[i];
		const char *p;

		/* an insertion after a deletion shares its space, unless only
		 * the insertion has one ("điểm[-:-] {+nào.+}") */
		if (i && g->space_before && (!(prev == DOSSIER_WORD_DELETE && g->op == DOSSIER_WORD_INSERT) ||
		    !wd->segs[i - 1].space_before)) {
			if (g->newline_before) {
				dstr_addc(s, '\n');
				dstr_adds(s, indent);
			} else {
				dstr_addc(s, ' ');
			}
		}
		if (g->op == DOSSIER_WORD_DELETE)
			dstr_adds(s, color ? RED : "[-");
		else if (g->op == DOSSIER_WORD_INSERT)
			dstr_adds(s, color ? GREEN : "{+");
		for (p = g->text; *p; p++) {
			if (*p == '\n') {
				dstr_addc(s, '\n');
				dstr_adds(s, indent);
			} else {
				dstr_addc(s, *p);
			}
		}
		if (g->op == DOSSIER_WORD_DELETE)
			dstr_adds(s, color ? RESET : "-]");
		else if (g->op == DOSSIER_WORD_INSERT)
			dstr_adds(s, color ? RESET : "+}");
		prev = g->op;
	}
}

static int has_marker(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if ((p[i] == '[' && p[i + 1] == '-') || (p[i] == '{' && p[i + 1] == '+') ||
		    (p[i] == '-' && p[i + 1] == ']') || (p[i] == '+' && p[i + 1] == '}') ||
		    (p[i] == '\x1b' && p[i + 1] == '['))
			return 1;
	return 0;
}

/* Only the lines of a marked block that hold a change (the preface and
 * the closing block are long and mostly unchanged). */
static void add_marked_lines(dstr *s, const dossier_word_diff *wd, bool color, const char *indent)
{
	dstr t = DSTR_INIT;
	const char *p, *nl;

	add_marked(&t, wd, color, "");
	for (p = t.ptr; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
		size_t n;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (has_marker(p, n)) {
			dstr_adds(s, indent);
			dstr_add(s, p, n);
			dstr_addc(s, '\n');
		}
	}
	dstr_free(&t);
}

static void add_whole(dstr *s, const dossier_node *n, int ins, bool color, const char *indent)
{
	char *t = dossier_node_text(n);
	const char *p;

	if (!t)
		return;
	if (ins)
		dstr_adds(s, color ? GREEN : "{+");
	else
		dstr_adds(s, color ? RED : "[-");
	for (p = t; *p; p++) {
		if (*p == '\n') {
			dstr_addc(s, '\n');
			dstr_adds(s, indent);
		} else {
			dstr_addc(s, *p);
		}
	}
	dstr_adds(s, color ? RESET : ins ? "+}" : "-]");
	free(t);
}

static void add_kinds(dstr *s, unsigned b)
{
	unsigned k;
	int first = 1;

	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		if (b & (1u << k)) {
			dstr_addf(s, "%s%s", first ? "" : ", ", dossier_change_name(1u << k));
			first = 0;
		}
}

/* The word changes inside an item: its heading, its text, its children's. */
static void detail_body(dstr *s, const dossier_diff_item *it, dossier_lang lang, bool color,
	const char *rel)
{
	size_t i;

	if (it->heading) {
		dstr_adds(s, "    ");
		dstr_adds(s, "heading: ");
		add_marked(s, it->heading, color, "      ");
		dstr_addc(s, '\n');
	}
	if (it->text) {
		dstr_adds(s, "    ");
		if (rel)
			dstr_addf(s, "%s: ", rel);
		add_marked(s, it->text, color, "      ");
		dstr_addc(s, '\n');
	}
	for (i = 0; i < it->nchildren; i++) {
		const dossier_diff_item *c = &it->children[i];
		dstr r = DSTR_INIT;

		if (!c->changes)
			continue;
		if (rel) {
			dstr_adds(&r, rel);
			dstr_addc(&r, ' ');
		}
		add_rel(&r, item_node(c), lang);
		if (c->changes & (DOSSIER_CHANGE_INSERTED | DOSSIER_CHANGE_DELETED)) {
			dstr_addf(s, "    %s (%s): ", r.ptr ? r.ptr : "",
				dossier_change_name(c->changes & (DOSSIER_CHANGE_INSERTED | DOSSIER_CHANGE_DELETED)));
			add_whole(s, item_node(c), (c->changes & DOSSIER_CHANGE_INSERTED) != 0, color, "      ");
			dstr_addc(s, '\n');
		} else if (c->changes & (DOSSIER_CHANGE_SPLIT | DOSSIER_CHANGE_MERGED)) {
			dstr_addf(s, "    %s (", r.ptr ? r.ptr : "");
			if (c->changes & DOSSIER_CHANGE_SPLIT) {
				dstr_adds(s, "split into ");
				add_parts(s, c, c->new_node, lang);
			} else {
				dstr_adds(s, "merged from ");
				add_parts(s, c, c->old_node, lang);
			}
			dstr_adds(s, "): ");
			add_marked(s, c->text, color, "      ");
			dstr_addc(s, '\n');
		} else {
			if (c->changes & (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_MOVED)) {
				dstr_addf(s, "    %s (", r.ptr ? r.ptr : "");
				add_kinds(s, c->changes & (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_MOVED));
				dstr_addf(s, ", was %s)\n", c->old_node->num ? c->old_node->num : "");
			}
			detail_body(s, c, lang, color, r.ptr ? r.ptr : "");
		}
		dstr_free(&r);
	}
}

static void details(dstr *s, const dossier_diff_item *v, size_t n, dossier_lang lang, bool color,
	int containers)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const dossier_diff_item *it = &v[i];
		const dossier_node *node = item_node(it);
		char *c;

		if (!it->changes)
			continue;
		if (it->changes == DOSSIER_CHANGE_RENUMBERED)
			continue;       /* said in the summary; nothing else to show */
		c = cite(node, lang);
		dstr_adds(s, color ? BOLD : "");
		dstr_addf(s, "%s", c);
		if (node->heading)
			dstr_addf(s, ". %s", node->heading);
		free(c);
		if (it->old_node && it->new_node && it->old_node->eid && it->new_node->eid &&
		    strcmp(it->old_node->eid, it->new_node->eid)) {
			c = cite(it->old_node, lang);
			dstr_addf(s, " (was %s)", c);
			free(c);
		}
		dstr_adds(s, " [");
		add_kinds(s, it->changes);
		dstr_adds(s, "]");
		dstr_adds(s, color ? RESET "\n" : "\n");
		if (it->changes & (DOSSIER_CHANGE_INSERTED | DOSSIER_CHANGE_DELETED)) {
			if (!containers) {  /* a container's provisions have their own entries */
				dstr_adds(s, "    ");
				add_whole(s, node, (it->changes & DOSSIER_CHANGE_INSERTED) != 0, color, "    ");
				dstr_addc(s, '\n');
			}
		} else if (it->changes & (DOSSIER_CHANGE_SPLIT | DOSSIER_CHANGE_MERGED)) {
			dstr_adds(s, "    ");
			add_marked(s, it->text, color, "    ");
			dstr_addc(s, '\n');
		} else {
			detail_body(s, it, lang, color, NULL);
		}
		dstr_addc(s, '\n');
	}
}

static void count_line(dstr *s, const dossier_diff_item *v, size_t n)
{
	size_t counts[DOSSIER_CHANGE_KINDS] = { 0 }, i;
	unsigned k;
	int first = 1;

	for (i = 0; i < n; i++)
		for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
			if (v[i].changes & (1u << k))
				counts[k]++;
	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		if (counts[k]) {
			dstr_addf(s, "%s%zu %s", first ? "" : ", ", counts[k], dossier_change_name(1u << k));
			first = 0;
		}
	if (first)
		dstr_adds(s, "no change");
}

int dossier_diff_text(char **out, const dossier_diff *d,
	const dossier_diff_format_options *opts, dossier_error *err)
{
	dossier_diff_format_options o = DOSSIER_DIFF_FORMAT_OPTIONS_INIT;
	dstr s = DSTR_INIT;
	dossier_lang lang = d->lang;
	size_t i;
	int any_cont = 0;

	*out = NULL;
	if (opts)
		o = *opts;
	dstr_addf(&s, "%s → %s: ", o.old_label ? o.old_label : "old", o.new_label ? o.new_label : "new");
	for (i = 0; i < d->ncontainers; i++)
		if (d->containers[i].changes)
			any_cont = 1;
	if (!dossier_diff_changed(d)) {
		dstr_adds(&s, "no changes\n");
		goto finish;
	}
	count_line(&s, d->items, d->nitems);
	{
		int articles = 1;

		for (i = 0; i < d->nitems; i++)
			if (d->items[i].kind != DOSSIER_NODE_ARTICLE)
				articles = 0;
		if (articles)
			dstr_adds(&s, lang == DOSSIER_LANG_ENG ? " (articles)" : " (điều)");
		else
			dstr_adds(&s, lang == DOSSIER_LANG_ENG ? " (provisions)" : " (quy định)");
		if (any_cont) {
			dstr_adds(&s, "; ");
			count_line(&s, d->containers, d->ncontainers);
			dstr_adds(&s, lang == DOSSIER_LANG_ENG ? " (parts, chapters, sections)" :
				" (phần, chương, mục)");
		}
		dstr_addc(&s, '\n');
	}
	dstr_adds(&s, "\nsummary:\n");
	if (d->preface)
		dstr_adds(&s, "  preface changed\n");
	if (any_cont)
		summary_items(&s, d->containers, d->ncontainers, lang);
	summary_items(&s, d->items, d->nitems, lang);
	if (d->conclusions)
		dstr_adds(&s, "  closing block changed\n");
	dstr_adds(&s, "\n");
	if (d->preface) {
		dstr_adds(&s, o.color ? BOLD "preface" RESET "\n" : "preface\n");
		add_marked_lines(&s, d->preface, o.color, "    ");
		dstr_adds(&s, "\n");
	}
	details(&s, d->containers, d->ncontainers, lang, o.color, 1);
	details(&s, d->items, d->nitems, lang, o.color, 0);
	if (d->conclusions) {
		dstr_adds(&s, o.color ? BOLD "closing block" RESET "\n" : "closing block\n");
		add_marked_lines(&s, d->conclusions, o.color, "    ");
		dstr_adds(&s, "\n");
	}
	/* One blank line at the end, not two. */
	while (s.len >= 2 && s.ptr[s.len - 1] == '\n' && s.ptr[s.len - 2] == '\n')
		s.ptr[--s.len] = '\0';
finish:
	if (s.oom) {
		dstr_free(&s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = dstr_detach(&s);
	return 0;
}

/* ---- JSON ---- */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *json_node(const dossier_node *n, dossier_lang lang)
{
	json_t *o;
	char *c;

	if (!n)
		return json_null();
	o = json_object();
	c = cite(n, lang);
	json_object_set_new(o, "eid", jstr(n->eid));
	json_object_set_new(o, "num", jstr(n->num));
	json_object_set_new(o, "citation", jstr(c));
	json_object_set_new(o, "heading", jstr(n->heading));
	free(c);
	return o;
}

static json_t *json_segs(const dossier_word_diff *wd)
{
	json_t *a = json_array();
	size_t i;
	static const char *const ops[] = { "equal", "delete", "insert" };

	for (i = 0; wd && i < wd->nsegs; i++) {
		json_t *g = json_object();

		json_object_set_new(g, "op", json_string(ops[wd->segs[i].op]));
		json_object_set_new(g, "text", json_string(wd->segs[i].text));
		json_object_set_new(g, "space", json_boolean(wd->segs[i].space_before));
		json_object_set_new(g, "newline", json_boolean(wd->segs[i].newline_before));
		json_array_append_new(a, g);
	}
	return a;
}

static json_t *json_items(const dossier_diff_item *v, size_t n, dossier_lang lang);

static json_t *json_item(const dossier_diff_item *it, dossier_lang lang)
{
	json_t *o = json_object(), *kinds = json_array();
	unsigned k;

	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		if (it->changes & (1u << k))
			json_array_append_new(kinds, json_string(dossier_change_name(1u << k)));
	json_object_set_new(o, "kinds", kinds);
	json_object_set_new(o, "type", json_string(dossier_node_kind_name(it->kind)));
	json_object_set_new(o, "old", json_node(it->old_node, lang));
	json_object_set_new(o, "new", json_node(it->new_node, lang));
	if (it->nparts) {
		json_t *p = json_array();
		size_t i;

		for (i = 0; i < it->nparts; i++)
			json_array_append_new(p, json_node(it->parts[i], lang));
		json_object_set_new(o, "parts", p);
	}
	if (it->heading)
		json_object_set_new(o, "heading", json_segs(it->heading));
	if (it->text)
		json_object_set_new(o, "text", json_segs(it->text));
	if (it->nchildren) {
		json_t *c = json_items(it->children, it->nchildren, lang);

		if (json_array_size(c))
			json_object_set_new(o, "changes", c);
		else
			json_decref(c);
	}
	return o;
}

static json_t *json_items(const dossier_diff_item *v, size_t n, dossier_lang lang)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].changes)
			json_array_append_new(a, json_item(&v[i], lang));
	return a;
}

int dossier_diff_json(char **out, const dossier_diff *d,
	const dossier_diff_format_options *opts, dossier_error *err)
{
	json_t *root = json_object(), *sum = json_object();
	unsigned k;

	*out = NULL;
	if (!root || !sum) {
		json_decref(root);
		json_decref(sum);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	json_object_set_new(root, "format", json_string(DOSSIER_JSON_FORMAT));
	json_object_set_new(root, "old", jstr(opts && opts->old_label ? opts->old_label : "old"));
	json_object_set_new(root, "new", jstr(opts && opts->new_label ? opts->new_label : "new"));
	json_object_set_new(root, "language", json_string(d->lang == DOSSIER_LANG_ENG ? "eng" : "vie"));
	json_object_set_new(root, "changed", json_boolean(dossier_diff_changed(d)));
	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		json_object_set_new(sum, dossier_change_name(1u << k), json_integer((json_int_t)d->counts[k]));
	json_object_set_new(root, "summary", sum);
	json_object_set_new(root, "preface", d->preface ? json_segs(d->preface) : json_null());
	json_object_set_new(root, "containers", json_items(d->containers, d->ncontainers, d->lang));
	json_object_set_new(root, "changes", json_items(d->items, d->nitems, d->lang));
	json_object_set_new(root, "conclusions", d->conclusions ? json_segs(d->conclusions) : json_null());
	*out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!*out)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}
