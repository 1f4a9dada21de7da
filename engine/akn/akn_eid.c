/*
 * akn_eid.c: the grammar of eIds (the AKN naming convention, as far as a
 * dossier relies on it) and the check that a document's eIds are unique.
 *
 * An eId names a provision in comments, in revisions/vN.eids (one
 * "eId<TAB>citation" line each), in URLs of the web front end and in
 * reports, so one holding a line break, a tab, a quote or a slash would
 * forge lines and paths. The reader (akn_read.c) checks every eId it keeps
 * here and refuses the document with the element's line; docs/akn.md gives
 * the grammar. The eIds the reader gives provisions that came without one
 * are kept unique with the small set below.
 */
#include "dossier/akn.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akn/akn_int.h"
#include "base/util.h"

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* What the characters alone rule out, named as a user would see it. */
static const char *bad_char(const unsigned char *p)
{
	for (; *p; p++) {
		unsigned char c = *p;

		if (c == '\n' || c == '\r')
			return "it holds a line break";
		if (c == '\t')
			return "it holds a tab";
		if (c == ' ')
			return "it holds a space";
		if (c < 0x20 || c == 0x7f)
			return "it holds a control character";
		if (c == '"' || c == '\'')
			return "it holds a quote";
		if (c == '/' || c == '\\')
			return "it holds a slash";
		if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-' && c != '.')
			return "it holds a character other than ASCII letters, digits, '_', '-' and '.'";
	}
	return NULL;
}

const char *dossier_akn_eid_check(const char *eid)
{
	const unsigned char *p = (const unsigned char *)eid;
	const char *why;

	if (!eid || !*eid)
		return "it is empty";
	if ((why = bad_char(p)) != NULL)
		return why;
	if (strlen(eid) > DOSSIER_AKN_EID_MAX)
		return "it is longer than 256 bytes";
	for (;;) {
		/* a component: its name, then "_"-separated parts */
		if (!is_alpha(*p))
			return "each component (between '__') must begin with a letter, as in 'art_5__para_2'";
		while (is_alpha(*p) || is_digit(*p))
			p++;
		while (p[0] == '_' && p[1] != '_') {
			p++;
			if (*p == '\0')
				return "it ends with '_'";
			if (*p == '.')
				return "a part of it begins with '.'";
			while (is_alpha(*p) || is_digit(*p) || *p == '-' || *p == '.')
				p++;
			if (*p != '\0' && *p != '_')
				return "it is not a series of components such as 'art_5__para_2'";
		}
		if (*p == '\0')
			return NULL;
		if (p[0] == '_' && p[1] == '_')
			p += 2;
		else
			return "it is not a series of components such as 'art_5__para_2'";
	}
}

/* ---- uniqueness ---- */

typedef struct eid_entry {
	const dossier_node *node;
} eid_entry;

typedef struct eid_list {
	eid_entry *v;
	size_t n, cap;
	int oom;
} eid_list;

static int collect(const dossier_node *node, void *payload)
{
	eid_list *l = payload;

	if (!node->eid || node->kind == DOSSIER_NODE_BODY)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		eid_entry *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->oom = 1;
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++].node = node;
	return 0;
}

/* By eId, then in document order (the order collected, kept by the index). */
static int entry_cmp(const void *a, const void *b)
{
	const eid_entry *x = a, *y = b;
	int c = strcmp(x->node->eid, y->node->eid);

	if (c)
		return c;
	if (x->node->line != y->node->line)
		return x->node->line < y->node->line ? -1 : 1;
	return x < y ? -1 : x > y;
}

int akn_eid_unique(const dossier_document *doc, const char *path, dossier_diags *diags,
	dossier_error *err)
{
	eid_list l;
	size_t i, dups = 0;

	memset(&l, 0, sizeof(l));
	dossier_document_walk(doc, collect, &l);
	if (l.oom) {
		free(l.v);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	qsort(l.v, l.n, sizeof(*l.v), entry_cmp);
	/* each repeat is reported against the first holder (the earliest line) */
	for (i = 0; i < l.n; ) {
		const eid_entry *first = &l.v[i];
		size_t j;

		for (j = i + 1; j < l.n && !strcmp(l.v[j].node->eid, first->node->eid); j++) {
			const eid_entry *dup = &l.v[j];
			const char *kind = _(dossier_node_kind_name(dup->node->kind));
			const char *first_kind = _(dossier_node_kind_name(first->node->kind));

			if (diags)
				dossier_diags_add(diags, DOSSIER_SEVERITY_ERROR, "akn-duplicate-eid", path,
					dup->node->line, dup->node->column,
					"eId '%s' of the %s on line %u is already the eId of the %s on line %u",
					dup->node->eid, kind, dup->node->line, first_kind, first->node->line);
			if (++dups == 1)
				dossier_error_set_at(err, DOSSIER_EINVALID, path, dup->node->line, dup->node->column,
					"eId '%s' of the %s on line %u is already the eId of the %s on line %u [akn-duplicate-eid]",
					dup->node->eid, kind, dup->node->line, first_kind, first->node->line);
		}
		i = j;
	}
	free(l.v);
	return dups ? DOSSIER_EINVALID : 0;
}

/* ---- a set of eIds, for giving unique ones ---- */

struct akn_eid_set {
	const char **slots;   /* borrowed strings; NULL when free */
	size_t cap, n;
};

uint32_t akn_eid_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int akn_eid_set_new(akn_eid_set **out)
{
	akn_eid_set *set = calloc(1, sizeof(*set));

	*out = NULL;
	if (!set || !(set->slots = calloc(64, sizeof(*set->slots)))) {
		free(set);
		return DOSSIER_ENOMEM;
	}
	set->cap = 64;
	*out = set;
	return 0;
}

void akn_eid_set_free(akn_eid_set *set)
{
	if (!set)
		return;
	free(set->slots);
	free(set);
}

bool akn_eid_set_has(const akn_eid_set *set, const char *eid)
{
	size_t i = akn_eid_hash(eid) & (set->cap - 1);

	for (; set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->slots[i], eid))
			return true;
	return false;
}

int akn_eid_set_add(akn_eid_set *set, const char *eid)
{
	size_t i;

	if (akn_eid_set_has(set, eid))
		return 0;
	if ((set->n + 1) * 2 > set->cap) {
		akn_eid_set bigger = { calloc(set->cap * 2, sizeof(*set->slots)), set->cap * 2, 0 };
		size_t j;

		if (!bigger.slots)
			return DOSSIER_ENOMEM;
		for (j = 0; j < set->cap; j++)
			if (set->slots[j])
				akn_eid_set_add(&bigger, set->slots[j]);
		free(set->slots);
		*set = bigger;
	}
	for (i = akn_eid_hash(eid) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
		;
	set->slots[i] = eid;
	set->n++;
	return 0;
}
