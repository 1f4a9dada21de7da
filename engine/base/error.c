/*
 * error.c: the error object and the diagnostics list (see dossier/error.h).
 *
 * Nothing here prints. Messages are formatted into heap strings the caller
 * owns; running out of memory degrades to a fixed message rather than losing
 * the code. A message's format and its hint's are translated here, in the
 * calling thread's language (docs/i18n.md), so every caller's literal is a
 * msgid; the codes and tags stay as they are.
 */
#include "dossier/error.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void dossier_error_clear(dossier_error *err)
{
	if (!err)
		return;
	free(err->message);
	free(err->path);
	free(err->hint);
	free(err->field);
	memset(err, 0, sizeof(*err));
}

int dossier_error_setv(dossier_error *err, int code, const char *fmt, va_list ap)
{
	dstr s = DSTR_INIT;

	if (!err)
		return code;
	dossier_error_clear(err);
	err->code = code;
	dstr_addvf(&s, _(fmt), ap);
	err->message = dstr_detach(&s);
	return code;
}

int dossier_error_set(dossier_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dossier_error_setv(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int dossier_error_set_at(dossier_error *err, int code, const char *path,
	unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dossier_error_setv(err, code, fmt, ap);
	va_end(ap);
	if (err) {
		err->path = util_strdup(path);
		err->line = line;
		err->column = column;
	}
	return code;
}

void dossier_error_set_hint(dossier_error *err, const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	free(err->hint);
	err->hint = dstr_detach(&s);
}

void dossier_error_set_field(dossier_error *err, const char *field)
{
	if (!err)
		return;
	free(err->field);
	err->field = util_strdup(field);
}

void dossier_error_set_tag(dossier_error *err, const char *tag)
{
	if (err)
		err->tag = tag;
}

const char *dossier_error_tag(const dossier_error *err)
{
	if (!err || !err->code)
		return NULL;
	if (err->tag)
		return err->tag;
	switch (err->code) {
	case DOSSIER_EINVALID: return "invalid-input";
	case DOSSIER_EREFUSED: return "refused";
	case DOSSIER_ENOTFOUND: return "not-found";
	case DOSSIER_ECONFLICT: return "conflict";
	case DOSSIER_ENOMEM: return "out-of-memory";
	default: return "failure";
	}
}

void dossier_error_move(dossier_error *dst, dossier_error *src)
{
	if (!dst || !src || dst == src)
		return;
	dossier_error_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

static void add_place(dstr *s, const char *path, unsigned line, unsigned column)
{
	if (!path)
		return;
	dstr_adds(s, path);
	if (line) {
		dstr_addf(s, ":%u", line);
		if (column)
			dstr_addf(s, ":%u", column);
	}
	dstr_adds(s, ": ");
}

char *dossier_error_format(const dossier_error *err)
{
	dstr s = DSTR_INIT;

	if (!err)
		return NULL;
	add_place(&s, err->path, err->line, err->column);
	dstr_addf(&s, _("error: %s"), err->message ? err->message : _("unknown error"));
	return dstr_detach(&s);
}

struct dossier_diags {
	dossier_diag *items;
	size_t n, cap;
};

int dossier_diags_new(dossier_diags **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : DOSSIER_ENOMEM;
}

static void diag_release(dossier_diag *d)
{
	free(d->code);
	free(d->message);
	free(d->path);
	free(d->hint);
}

void dossier_diags_free(dossier_diags *diags)
{
	size_t i;

	if (!diags)
		return;
	for (i = 0; i < diags->n; i++)
		diag_release(&diags->items[i]);
	free(diags->items);
	free(diags);
}

int dossier_diags_add(dossier_diags *diags, dossier_severity severity,
	const char *code, const char *path, unsigned line, unsigned column,
	const char *fmt, ...)
{
	dossier_diag *d;
	dstr s = DSTR_INIT;
	va_list ap;

	if (diags->n == diags->cap) {
		size_t cap = diags->cap ? diags->cap * 2 : 16;
		dossier_diag *p = realloc(diags->items, cap * sizeof(*p));

		if (!p)
			return DOSSIER_ENOMEM;
		diags->items = p;
		diags->cap = cap;
	}
	d = &diags->items[diags->n];
	memset(d, 0, sizeof(*d));
	d->severity = severity;
	d->code = util_strdup(code);
	d->path = util_strdup(path);
	d->line = line;
	d->column = column;
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	d->message = dstr_detach(&s);
	if (!d->message || (code && !d->code) || (path && !d->path)) {
		diag_release(d);
		return DOSSIER_ENOMEM;
	}
	diags->n++;
	return 0;
}

void dossier_diags_hint(dossier_diags *diags, const char *fmt, ...)
{
	dossier_diag *d;
	dstr s = DSTR_INIT;
	va_list ap;

	if (!diags || diags->n == 0)
		return;
	d = &diags->items[diags->n - 1];
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	free(d->hint);
	d->hint = dstr_detach(&s);
}

size_t dossier_diags_count(const dossier_diags *diags)
{
	return diags ? diags->n : 0;
}

size_t dossier_diags_errors(const dossier_diags *diags)
{
	size_t i, n = 0;

	if (!diags)
		return 0;
	for (i = 0; i < diags->n; i++)
		n += diags->items[i].severity == DOSSIER_SEVERITY_ERROR;
	return n;
}

const dossier_diag *dossier_diags_get(const dossier_diags *diags, size_t i)
{
	return diags && i < diags->n ? &diags->items[i] : NULL;
}

static int place_cmp(const dossier_diag *a, const dossier_diag *b)
{
	int c = strcmp(a->path ? a->path : "", b->path ? b->path : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return 0;
}

void dossier_diags_sort(dossier_diags *diags)
{
	size_t i, j;

	/* Insertion sort: stable, and diagnostics lists are short. */
	if (!diags)
		return;
	for (i = 1; i < diags->n; i++) {
		dossier_diag tmp = diags->items[i];

		for (j = i; j > 0 && place_cmp(&diags->items[j - 1], &tmp) > 0; j--)
			diags->items[j] = diags->items[j - 1];
		diags->items[j] = tmp;
	}
}

/* "error: MESSAGE", as the front ends print their own. */
static const char *severity_format(dossier_severity s)
{
	switch (s) {
	case DOSSIER_SEVERITY_WARNING: return _("warning: %s");
	case DOSSIER_SEVERITY_NOTE: return _("note: %s");
	default: return _("error: %s");
	}
}

char *dossier_diag_format(const dossier_diag *diag)
{
	dstr s = DSTR_INIT;

	if (!diag)
		return NULL;
	add_place(&s, diag->path, diag->line, diag->column);
	dstr_addf(&s, severity_format(diag->severity), diag->message);
	if (diag->code)
		dstr_addf(&s, " [%s]", diag->code);
	if (diag->hint)
		dstr_addf(&s, " (%s)", diag->hint);
	return dstr_detach(&s);
}
