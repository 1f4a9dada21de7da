/*
 * workflow_yaml.c: the node helpers the workflow loader reads YAML with
 * (libyaml's document API): allocation owned by the definition being
 * loaded, diagnostics at a node's place, and typed reads of scalars,
 * sequences, mappings, ids, dates and periods, each reporting what it
 * expected. Used by workflow_load.c, workflow_stages.c and
 * workflow_check.c; calls none of them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "dossier/input.h"
#include "base/util.h"
#include "workflow/workflow_int.h"

#define PERIOD_MAX_DAYS 3660

/* ---- allocation: every block belongs to the definition ---- */

void *wf_alloc(wf_ctx *c, size_t n, size_t size)
{
	wf_impl *w = c->impl;
	void *p;

	if (c->oom)
		return NULL;
	if (w->nblocks == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		void **b = realloc(w->blocks, cap * sizeof(*b));

		if (!b) {
			c->oom = 1;
			return NULL;
		}
		w->blocks = b;
		w->cap = cap;
	}
	p = calloc(n ? n : 1, size);
	if (!p) {
		c->oom = 1;
		return NULL;
	}
	w->blocks[w->nblocks++] = p;
	return p;
}

const char *wf_strdup(wf_ctx *c, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s);
	p = wf_alloc(c, n + 1, 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

/* ---- diagnostics ---- */

int wf_diag(dossier_diags *diags, const char *code, const char *path,
	unsigned line, unsigned column, const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (s.oom) {
		dstr_free(&s);
		return DOSSIER_ENOMEM;
	}
	r = dossier_diags_add(diags, DOSSIER_SEVERITY_ERROR, code, path, line, column,
		"%s", s.ptr ? s.ptr : "");
	dstr_free(&s);
	return r;
}

/* Report at a libyaml mark (0-based, shown 1-based). Returns -1 so that
 * `return wf_at(...)` marks the value as unusable. */
int wf_at(wf_ctx *c, yaml_mark_t m, const char *code, const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (s.oom || dossier_diags_add(c->diags, DOSSIER_SEVERITY_ERROR, code, c->path,
			(unsigned)m.line + 1, (unsigned)m.column + 1, "%s", s.ptr ? s.ptr : "") < 0)
		c->oom = 1;
	dstr_free(&s);
	return -1;
}

/* A check added to the format after dossiers may have pinned their
 * definitions: an error, but a warning in a pinned definition
 * (workflow_pinned.h). Returns whether the value may be kept. */
bool wf_later_check(wf_ctx *c, yaml_mark_t m, const char *code, const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (s.oom || dossier_diags_add(c->diags, c->pinned ? DOSSIER_SEVERITY_WARNING : DOSSIER_SEVERITY_ERROR,
			code, c->path, (unsigned)m.line + 1, (unsigned)m.column + 1, "%s", s.ptr ? s.ptr : "") < 0)
		c->oom = 1;
	dstr_free(&s);
	return c->pinned;
}

void wf_hint_closest(wf_ctx *c, const char *word, const char *const *cands, size_t n)
{
	const char *best = util_closest(word, cands, n);

	if (best)
		dossier_diags_hint(c->diags, "did you mean '%s'?", best);
}

/* ---- node helpers ---- */

yaml_node_t *wf_node(wf_ctx *c, int index)
{
	return yaml_document_get_node(c->doc, index);
}

const char *wf_kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return _("a scalar");
	case YAML_SEQUENCE_NODE:
		return _("a list");
	case YAML_MAPPING_NODE:
		return _("a mapping");
	default:
		return _("nothing");
	}
}

bool wf_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null");
}

/* A scalar's text, or NULL after reporting what was expected. */
const char *wf_scalar(wf_ctx *c, yaml_node_t *n, const char *what)
{
	dossier_text_fault f;
	char desc[96];

	what = _(what);  /* a msgid (po/meson.build) */
	if (n->type != YAML_SCALAR_NODE) {
		wf_at(c, n->start_mark, "wrong-type", "%s must be a string, not %s", what, wf_kind_name(n));
		return NULL;
	}
	if (wf_is_null(n)) {
		wf_at(c, n->start_mark, "wrong-type", "%s needs a value", what);
		return NULL;
	}
	/* libyaml refuses a file that is not UTF-8, but an escape ("\0",
	 * "\x07") still puts in a character no record may hold. */
	if (dossier_text_check(&f, (const char *)n->data.scalar.value, n->data.scalar.length) < 0) {
		/* A NUL byte was refused from the start; the rest came later. */
		if (f.problem == DOSSIER_TEXT_NUL) {
			wf_at(c, n->start_mark, "invalid-text", "%s holds %s", what,
				dossier_text_fault_describe(desc, sizeof(desc), &f));
			return NULL;
		}
		return wf_later_check(c, n->start_mark, "invalid-text", "%s holds %s", what,
			dossier_text_fault_describe(desc, sizeof(desc), &f)) ? (const char *)n->data.scalar.value : NULL;
	}
	return (const char *)n->data.scalar.value;
}

int wf_boolean(wf_ctx *c, yaml_node_t *n, const char *what, bool *out)
{
	const char *v = wf_scalar(c, n, what);

	what = _(what);  /* a msgid (po/meson.build) */
	if (!v)
		return -1;
	if (!strcmp(v, "true")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "false")) {
		*out = false;
		return 0;
	}
	return wf_at(c, n->start_mark, "wrong-type", "%s must be true or false, not '%s'", what, v);
}

/* A list node, or NULL after reporting. A single scalar is not taken for a
 * list of one: the format asks for brackets. */
yaml_node_t *wf_sequence(wf_ctx *c, yaml_node_t *n, const char *what)
{
	what = _(what);  /* a msgid (po/meson.build) */
	if (n->type != YAML_SEQUENCE_NODE) {
		wf_at(c, n->start_mark, "wrong-type", "%s must be a list, not %s", what, wf_kind_name(n));
		return NULL;
	}
	return n;
}

size_t wf_seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *wf_seq_item(wf_ctx *c, const yaml_node_t *n, size_t i)
{
	return wf_node(c, n->data.sequence.items.start[i]);
}

size_t wf_map_len(const yaml_node_t *n)
{
	return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

/*
 * Walk a mapping with a fixed set of keys: each known key's value node
 * lands in values[] (and its key node in keys[]); unknown and duplicate
 * keys are reported. Returns -1 (reported) when `n` is not a mapping.
 */
int wf_fields(wf_ctx *c, yaml_node_t *n, const char *what, const char *const *names,
	size_t nnames, yaml_node_t **values, yaml_node_t **keys)
{
	yaml_node_pair_t *p;
	size_t i;

	what = _(what);  /* a msgid (po/meson.build) */
	for (i = 0; i < nnames; i++)
		values[i] = keys[i] = NULL;
	if (n->type != YAML_MAPPING_NODE)
		return wf_at(c, n->start_mark, "wrong-type", "%s must be a mapping, not %s", what, wf_kind_name(n));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = wf_node(c, p->key), *v = wf_node(c, p->value);
		const char *name;

		if (!k || !v)
			continue;
		if (k->type != YAML_SCALAR_NODE) {
			wf_at(c, k->start_mark, "wrong-type", "a key in %s must be a string, not %s", what, wf_kind_name(k));
			continue;
		}
		name = (const char *)k->data.scalar.value;
		for (i = 0; i < nnames; i++)
			if (!strcmp(names[i], name))
				break;
		if (i == nnames) {
			wf_at(c, k->start_mark, "unknown-key", "unknown key '%s' in %s", name, what);
			if (util_closest(name, names, nnames))
				wf_hint_closest(c, name, names, nnames);
			else if (n->data.mapping.style == YAML_FLOW_MAPPING_STYLE && wf_is_null(v))
				/* `{ name: Bộ, ngành, … }`: the ", " ended the value and began a key */
				dossier_diags_hint(c->diags,
					"in '{ … }' a ', ' ends a value: if '%s' belongs to the value before it, quote that value "
					"(name: \"Bộ, ngành, địa phương\")", name);
			continue;
		}
		if (keys[i]) {
			wf_at(c, k->start_mark, "duplicate-key", "duplicate key '%s' in %s", name, what);
			dossier_diags_hint(c->diags, "first given at line %u, column %u",
				(unsigned)keys[i]->start_mark.line + 1, (unsigned)keys[i]->start_mark.column + 1);
			continue;
		}
		keys[i] = k;
		values[i] = v;
	}
	return 0;
}

int wf_require(wf_ctx *c, yaml_node_t *n, yaml_node_t *value, const char *key, const char *what)
{
	what = _(what);  /* a msgid (po/meson.build) */
	if (value)
		return 0;
	return wf_at(c, n->start_mark, "missing-key", "%s has no '%s'", what, key);
}

static bool valid_id(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!(islower(ch) || isdigit(ch) || ch == '-' || ch == '_' || ch == '.'))
			return false;
	}
	return true;
}

const char *wf_id_value(wf_ctx *c, yaml_node_t *n, const char *what)
{
	const char *v = wf_scalar(c, n, what);

	what = _(what);  /* a msgid (po/meson.build) */
	if (v && !valid_id(v)) {
		wf_at(c, n->start_mark, "invalid-id",
			"%s '%s' must be lowercase letters, digits, '-', '_' or '.' (at most 64)", what, v);
		return NULL;
	}
	return v;
}

ptrdiff_t wf_find(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (ptrdiff_t)i;
	return -1;
}

/* ---- dates and periods ---- */

bool wf_looks_like_date(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
		isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-';
}

int wf_date_value(wf_ctx *c, yaml_node_t *n, const char *what, dossier_date *out)
{
	dossier_error e = DOSSIER_ERROR_INIT;
	const char *v = wf_scalar(c, n, what);

	what = _(what);  /* a msgid (po/meson.build) */
	if (!v)
		return -1;
	if (dossier_date_parse(out, v, &e) < 0) {
		wf_at(c, n->start_mark, "invalid-date", "%s '%s' is not a valid date (YYYY-MM-DD)", what, v);
		if (e.message)
			dossier_diags_hint(c->diags, "%s", e.message);
		dossier_error_clear(&e);
		return -1;
	}
	return 0;
}

/* "N day(s)", "N calendar day(s)", "N working day(s)". */
static int parse_period(const char *s, dossier_period *out)
{
	long n = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p)) {
		n = n * 10 + (*p - '0');
		if (n > PERIOD_MAX_DAYS)
			return -1;
		p++;
	}
	if (n < 1 || *p != ' ')
		return -1;
	while (*p == ' ')
		p++;
	out->days = (int)n;
	out->unit = DOSSIER_DAYS_CALENDAR;
	if (!strncmp(p, "working ", 8)) {
		out->unit = DOSSIER_DAYS_WORKING;
		p += 8;
	} else if (!strncmp(p, "calendar ", 9)) {
		p += 9;
	}
	while (*p == ' ')
		p++;
	if (!strcmp(p, "days") || (n == 1 && !strcmp(p, "day")))
		return 0;
	return -1;
}

int wf_period_value(wf_ctx *c, yaml_node_t *n, const char *what, dossier_period *out)
{
	const char *v = wf_scalar(c, n, what);

	what = _(what);  /* a msgid (po/meson.build) */
	if (!v)
		return -1;
	if (parse_period(v, out) < 0) {
		wf_at(c, n->start_mark, "invalid-period", "%s '%s' is not a period", what, v);
		dossier_diags_hint(c->diags,
			"write 'N days', 'N calendar days' or 'N working days', N from 1 to %d", PERIOD_MAX_DAYS);
		return -1;
	}
	return 0;
}

/* ---- names first ---- */

/* The keys of a mapping whose keys are ids (roles, stages), duplicates reported. */
