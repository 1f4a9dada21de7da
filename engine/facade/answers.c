/*
 * answers.c: answers in bulk (issue 13). The drafting agency answers
 * several comments at once, from the command line's ids, an answers file
 * (CSV: comment, disposition, reason, adopted) or a selection, and the web's
 * many-at-once form: dossier_respond_many() checks every answer, first on
 * its own and then on the dossier's tip, and writes them all as one event
 * (one commit) or, at the first problem anywhere, nothing. Several answers
 * are a `respond-many` event whose commit adds or replaces one response
 * record per comment (docs/data-model.md); a single one is an ordinary
 * `respond` event, the shape `dossier respond ID` always had.
 */
#include "facade/facade_int.h"
#include "facade/event_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dossier/input.h"
#include "base/csv.h"
#include "base/util.h"

/* ---- the answers file ------------------------------------------------------ */

enum { A_COMMENT, A_DISPOSITION, A_REASON, A_ADOPTED, A_OTHERWISE, NCOLS };

static const char *const col_names[NCOLS] = { "comment", "disposition", "reason", "adopted", "taken_otherwise" };

/* Other names a header may give a column. */
static int col_index(const char *h)
{
	static const struct {
		const char *name;
		int col;
	} alias[] = {
		{ "comment", A_COMMENT }, { "id", A_COMMENT }, { "comment_id", A_COMMENT },
		{ "disposition", A_DISPOSITION }, { "reason", A_REASON }, { "adopted", A_ADOPTED },
		{ "text", A_ADOPTED }, { "taken_in", A_ADOPTED }, { "taken_otherwise", A_OTHERWISE },
	};
	size_t i;

	for (i = 0; i < sizeof(alias) / sizeof(*alias); i++)
		if (!strcasecmp(alias[i].name, h))
			return alias[i].col;
	return -1;
}

void dossier_answer_list_free(dossier_answer_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nstrings; i++)
		free(l->strings[i]);
	free(l->strings);
	free(l->items);
	free(l);
}

/* The file being read: the engine's CSV reader (base/csv.h), and where
 * its problems go (at their line: an answer is named by its line). */
typedef struct csv_reader {
	util_csv in;
	const char *path;
	dossier_diags *diags;
} csv_reader;

typedef util_csv_row csv_cells;

static void csv_problem(void *payload, unsigned line, unsigned column, const char *what)
{
	csv_reader *r = payload;

	(void)column;
	dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, line, 0, "%s", what);
}

static int csv_row(csv_cells *c, csv_reader *r)
{
	return util_csv_next(c, &r->in);
}

static bool row_blank(const csv_cells *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->cells[i][0])
			return false;
	return true;
}

/* Trim spaces and tabs around a cell, in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int keep(dossier_answer_list *l, char **cell, const char **slot)
{
	char **v = realloc(l->strings, (l->nstrings + 1) * sizeof(*v));

	if (!v)
		return DOSSIER_ENOMEM;
	l->strings = v;
	v[l->nstrings++] = *cell;
	*slot = *cell;
	*cell = NULL;
	return 0;
}

static int read_answers(dossier_answer_list *l, csv_reader *r)
{
	csv_cells c;
	int map[16], rc;
	size_t ncols = 0, i, cap = 0;
	bool header = true, have;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < 16; i++)
		map[i] = -1;
	do {
		if ((rc = csv_row(&c, r)) < 0)
			goto done;
	} while (rc == 1 && row_blank(&c));
	if (rc == 0) {
		dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, 1, 0, "no answers");
		goto done;
	}
	/* A header names the columns; a first row that names none is an answer. */
	for (i = 0; i < c.n; i++)
		if (col_index(trim(c.cells[i])) < 0 && c.cells[i][0])
			header = false;
	if (header) {
		bool seen[NCOLS] = { false };

		ncols = c.n;
		for (i = 0; i < c.n && i < 16; i++) {
			int k = col_index(trim(c.cells[i]));

			if (k >= 0 && seen[k]) {
				dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, c.line, 0,
					"column '%s' appears twice", col_names[k]);
				k = -1;
			}
			if (k >= 0)
				seen[k] = true;
			map[i] = k;
		}
		if (c.n > 16)
			dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, c.line, 0,
				"%zu columns: too many for an answers file", c.n);
		if (!seen[A_COMMENT] || !seen[A_DISPOSITION])
			dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, c.line, 0,
				"the header must name at least the columns 'comment' and 'disposition'");
	} else {
		for (i = 0; i < NCOLS; i++)
			map[i] = (int)i;
	}
	for (have = !header;; have = false) {
		dossier_answer *a;

		if (!have && (rc = csv_row(&c, r)) <= 0) {
			if (rc < 0)
				goto done;
			break;
		}
		if (row_blank(&c))
			continue;
		if (header ? c.n != ncols : c.n < 2 || c.n > NCOLS) {
			if (header)
				dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, c.line, 0,
					"%zu fields where the header has %zu", c.n, ncols);
			else
				dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "malformed-record", r->path, c.line, 0,
					"%zu fields: an answer is comment,disposition,reason[,adopted]", c.n);
			continue;
		}
		if (l->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			dossier_answer *v = realloc(l->items, ncap * sizeof(*v));

			if (!v) {
				rc = DOSSIER_ENOMEM;
				goto done;
			}
			l->items = v;
			cap = ncap;
		}
		a = &l->items[l->n++];
		memset(a, 0, sizeof(*a));
		a->line = c.line;
		for (i = 0; i < c.n && i < 16; i++) {
			const char *slot = NULL;
			char *v;

			if (map[i] < 0)
				continue;
			v = trim(c.cells[i]);
			if (!*v)
				continue;
			if (map[i] == A_DISPOSITION) {
				a->disposition = dossier_disposition_parse(v);
				if (a->disposition == DOSSIER_DISPOSITION_NONE) {
					char *shown = util_quote(v);

					dossier_diags_add(r->diags, DOSSIER_SEVERITY_ERROR, "invalid-disposition", r->path,
						c.line, 0, "unknown disposition %s", shown ? shown : "?");
					dossier_diags_hint(r->diags, "accept, partial, reject or note");
					free(shown);
				}
				continue;
			}
			if (v != c.cells[i])
				memmove(c.cells[i], v, strlen(v) + 1);
			if ((rc = keep(l, &c.cells[i], &slot)) < 0)
				goto done;
			if (map[i] == A_COMMENT)
				a->comment = slot;
			else if (map[i] == A_REASON)
				a->reason = slot;
			else if (map[i] == A_OTHERWISE)
				a->taken_otherwise = slot;
			else
				a->adopted = slot;
		}
	}
	rc = 0;
done:
	util_csv_row_free(&c);
	return rc;
}

int dossier_answers_read(dossier_answer_list **out, const char *path, dossier_diags *diags,
	dossier_error *err)
{
	dossier_answer_list *l;
	dossier_diags *own = NULL;
	dossier_text_fault f;
	csv_reader r;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = util_read_file(&data, &len, path, err)) < 0)
		return rc;
	if (dossier_text_check(&f, data, len) < 0) {
		char what[48];

		dossier_text_fault_describe(what, sizeof(what), &f);
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, f.line, f.column, "%s", what);
		free(data);
		return rc;
	}
	if (!diags) {
		if (dossier_diags_new(&own) < 0) {
			free(data);
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		}
		diags = own;
	}
	if (!(l = calloc(1, sizeof(*l)))) {
		free(data);
		dossier_diags_free(own);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	util_csv_init(&r.in, data, len);
	r.in.problem = csv_problem;
	r.in.payload = &r;
	r.path = path;
	r.diags = diags;
	{
		size_t before = dossier_diags_errors(diags);

		rc = read_answers(l, &r);
		if (rc < 0) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		} else if (dossier_diags_errors(diags) > before) {
			size_t i;

			for (i = 0; i < dossier_diags_count(diags); i++) {
				const dossier_diag *g = dossier_diags_get(diags, i);

				if (g->severity == DOSSIER_SEVERITY_ERROR) {
					rc = dossier_error_set_at(err, DOSSIER_EINVALID, g->path, g->line, g->column, "%s",
						g->message);
					if (g->hint)
						dossier_error_set_hint(err, "%s", g->hint);
					break;
				}
			}
			if (rc == 0)
				rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid answers in '%s'", path);
		}
	}
	free(data);
	dossier_diags_free(own);
	if (rc < 0) {
		dossier_answer_list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

/* ---- checking and writing ---------------------------------------------------- */

typedef struct many_args {
	const dossier_answer *answers;
	size_t n;
	const dossier_respond_options *opts;
	dossier_diags *diags;
	size_t *out_n;
} many_args;

/* A problem with answer i: at its line in the file, else as its field. */
static void problem(many_args *m, size_t i, const char *field, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(5, 6);

static void problem(many_args *m, size_t i, const char *field, const char *code, const char *fmt, ...)
{
	const dossier_answer *a = &m->answers[i];
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (m->opts->source && a->line)
		dossier_diags_add(m->diags, DOSSIER_SEVERITY_ERROR, code, m->opts->source, a->line, 0, "%s",
			s.ptr ? s.ptr : "?");
	else
		dossier_diags_add(m->diags, DOSSIER_SEVERITY_ERROR, code, NULL, 0, 0, "answers[%zu].%s: %s", i, field,
			s.ptr ? s.ptr : "?");
	dstr_free(&s);
}

/* The first problem as the error: its place, its code, and the field
 * "answers[I].FIELD" when the answers did not come from a file. */
static int first_problem(many_args *m, size_t before, dossier_error *err)
{
	size_t i, total = dossier_diags_errors(m->diags) - before;

	for (i = 0; i < dossier_diags_count(m->diags); i++) {
		const dossier_diag *g = dossier_diags_get(m->diags, i);
		char field[64];
		const char *colon;

		if (g->severity != DOSSIER_SEVERITY_ERROR || i < before)
			continue;
		if (g->path)
			dossier_error_set_at(err, DOSSIER_EINVALID, g->path, g->line, g->column, "%s", g->message);
		else
			dossier_error_set(err, DOSSIER_EINVALID, "%s", g->message);
		if (!g->path && (colon = strchr(g->message, ':')) && (size_t)(colon - g->message) < sizeof(field)) {
			snprintf(field, sizeof(field), "%.*s", (int)(colon - g->message), g->message);
			dossier_error_set_field(err, field);
		}
		if (!strcmp(g->code, "unknown-comment"))
			dossier_error_set_tag(err, "unknown-comment");
		else if (!strcmp(g->code, "reason-required"))
			dossier_error_set_tag(err, "reason-required");
		else if (!strcmp(g->code, "duplicate-answer"))
			dossier_error_set_tag(err, "duplicate-answer");
		else if (!strcmp(g->code, "invalid-disposition"))
			dossier_error_set_tag(err, "invalid-disposition");
		if (total > 1)
			dossier_error_set_hint(err, "%zu problems in all, nothing was answered", total);
		else
			dossier_error_set_hint(err, "nothing was answered");
		return DOSSIER_EINVALID;
	}
	return dossier_error_set(err, DOSSIER_EINVALID, "invalid answers; nothing was answered");
}

static int cmp_idx(const void *x, const void *y, void *ctx)
{
	const dossier_answer *a = ctx;

	return strcmp(a[*(const size_t *)x].comment, a[*(const size_t *)y].comment);
}

/* qsort_r is not everywhere alike: a merge sort of the indices by comment id. */
static void sort_idx(size_t *idx, size_t *tmp, size_t n, const dossier_answer *a)
{
	size_t i, j, k, mid;

	if (n < 2)
		return;
	mid = n / 2;
	sort_idx(idx, tmp, mid, a);
	sort_idx(idx + mid, tmp, n - mid, a);
	for (i = 0, j = mid, k = 0; i < mid || j < n; )
		tmp[k++] = (j >= n || (i < mid && cmp_idx(&idx[i], &idx[j], (void *)a) <= 0)) ? idx[i++] : idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

/* What can be checked without the dossier: every answer on its own, and
 * no comment answered twice in one set. */
static int check_alone(many_args *m, dossier_error *err)
{
	size_t i, *idx = NULL, *tmp = NULL;

	for (i = 0; i < m->n; i++) {
		const dossier_answer *a = &m->answers[i];
		dossier_error e = DOSSIER_ERROR_INIT;
		const char *why;

		if (!a->comment || !*a->comment) {
			problem(m, i, "comment", "missing-field", "which comment? (a comment id such as 'most-3')");
			continue;
		}
		if (record_check_field("comment", a->comment, &e) < 0 || record_check_field("reason", a->reason, &e) < 0 ||
		    record_check_field("adopted", a->adopted, &e) < 0 ||
		    record_check_field("taken_otherwise", a->taken_otherwise, &e) < 0) {
			problem(m, i, e.field ? e.field : "comment", "bad-text", "%s", e.message ? e.message : "invalid text");
			dossier_error_clear(&e);
			continue;
		}
		/* An id is a participant's id, '-', a number: it names a path. */
		if ((why = strchr(a->comment, '/')) || strstr(a->comment, "..") || strchr(a->comment, ' ')) {
			char *shown = util_quote(a->comment);

			problem(m, i, "comment", "unknown-comment", "no comment %s", shown ? shown : "?");
			free(shown);
			continue;
		}
		if (a->disposition == DOSSIER_DISPOSITION_NONE || !dossier_disposition_name(a->disposition)) {
			problem(m, i, "disposition", "invalid-disposition",
				"'%s' needs a disposition: accept, partial, reject or note", a->comment);
			continue;
		}
		if ((a->disposition == DOSSIER_DISPOSITION_REJECTED || a->disposition == DOSSIER_DISPOSITION_PARTIAL) &&
		    (!a->reason || !*a->reason)) {
			problem(m, i, "reason", "reason-required", "the %s of '%s' needs a reason",
				a->disposition == DOSSIER_DISPOSITION_REJECTED ? "rejection" : "partial acceptance", a->comment);
			continue;
		}
		if (a->taken_otherwise && *a->taken_otherwise && (a->disposition == DOSSIER_DISPOSITION_REJECTED ||
		    a->disposition == DOSSIER_DISPOSITION_NOTED)) {
			problem(m, i, "taken_otherwise", "invalid-field", "'%s' is not accepted: nothing was taken in otherwise",
				a->comment);
			continue;
		}
		if (a->adopted && *a->adopted && (a->disposition == DOSSIER_DISPOSITION_REJECTED ||
		    a->disposition == DOSSIER_DISPOSITION_NOTED))
			problem(m, i, "adopted", "invalid-field", "adopted text for '%s' goes with an acceptance, not with a %s",
				a->comment, a->disposition == DOSSIER_DISPOSITION_REJECTED ? "rejection" : "note");
	}
	/* The same comment twice: the second is the problem. */
	idx = malloc((m->n + 1) * sizeof(*idx));
	tmp = malloc((m->n + 1) * sizeof(*tmp));
	if (!idx || !tmp) {
		free(idx);
		free(tmp);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	for (i = 0; i < m->n; i++)
		idx[i] = i;
	{
		size_t k = 0;

		for (i = 0; i < m->n; i++)
			if (m->answers[i].comment)
				idx[k++] = i;
		sort_idx(idx, tmp, k, m->answers);
		for (i = 1; i < k; i++)
			if (!strcmp(m->answers[idx[i]].comment, m->answers[idx[i - 1]].comment)) {
				size_t later = idx[i] > idx[i - 1] ? idx[i] : idx[i - 1];
				size_t earlier = idx[i] > idx[i - 1] ? idx[i - 1] : idx[i];

				if (m->opts->source && m->answers[earlier].line)
					problem(m, later, "comment", "duplicate-answer", "'%s' is answered twice (first on line %u)",
						m->answers[later].comment, m->answers[earlier].line);
				else
					problem(m, later, "comment", "duplicate-answer", "'%s' is answered twice (first as answers[%zu])",
						m->answers[later].comment, earlier);
			}
	}
	free(idx);
	free(tmp);
	return 0;
}

static const char *verb(dossier_disposition d)
{
	switch (d) {
	case DOSSIER_DISPOSITION_ACCEPTED: return "accepts";
	case DOSSIER_DISPOSITION_PARTIAL: return "partially accepts";
	case DOSSIER_DISPOSITION_REJECTED: return "does not accept";
	default: return "notes";
	}
}

static int build_many(attempt *a, void *payload, dossier_error *err)
{
	many_args *m = payload;
	ds_step step = { .event = m->n == 1 ? DS_EVENT_RESPOND : DS_EVENT_RESPOND_MANY, .actor = a->actor->id,
		.when = a->now };
	store_file *files = NULL;
	bool *first = NULL;
	dossier_disposition *disp = NULL;
	size_t i, before = dossier_diags_errors(m->diags), counts[5] = { 0 };
	int rc;

	/* The workflow's verdict on responding first: a member is refused as a member. */
	if ((rc = ds_state_check(&a->state, a->d->wf, &step, err)) < 0)
		return rc;
	files = calloc(m->n + 1, sizeof(*files));
	first = calloc(m->n + 1, sizeof(*first));
	disp = calloc(m->n + 1, sizeof(*disp));
	if (!files || !first || !disp) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < m->n; i++) {
		char *cpath = comment_path(m->answers[i].comment);

		if (!cpath) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		if (!snap_exists(a->tip, cpath))
			problem(m, i, "comment", "unknown-comment", "no comment '%s'", m->answers[i].comment);
		free(cpath);
	}
	if (dossier_diags_errors(m->diags) > before) {
		rc = first_problem(m, before, err);
		goto done;
	}
	if (m->opts->dry_run) {
		*m->out_n = m->n;
		rc = 1;
		goto done;
	}
	for (i = 0; i < m->n; i++) {
		files[i].path = response_path(m->answers[i].comment);
		if (!files[i].path) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		first[i] = !snap_exists(a->tip, files[i].path);
		disp[i] = m->answers[i].disposition;
		counts[disp[i]]++;
	}
	step.first = first[0];
	step.disposition = disp[0];
	step.firsts = first;
	step.dispositions = disp;
	step.nresponses = m->n;
	if ((rc = ds_state_apply(&a->state, &step, err)) < 0)
		goto done;
	/* The records name the stage and revision after the event. */
	for (i = 0; i < m->n; i++) {
		const dossier_answer *x = &m->answers[i];
		char *json = NULL;

		if ((rc = response_dump(&json, x->comment, x->disposition, x->reason && *x->reason ? x->reason : NULL,
				x->adopted && *x->adopted ? x->adopted : NULL,
				x->taken_otherwise && *x->taken_otherwise ? x->taken_otherwise : NULL, a->actor->id, a->now, a->state.stage,
				a->state.revision, &a->d->wf->calendar, err)) < 0)
			goto done;
		files[i].data = json;
		files[i].len = strlen(json);
	}
	if (m->n == 1) {
		a->records[a->nrecords++] = (attempt_record){ (char *)files[0].path, files[0].data, files[0].len,
			(char *)files[0].data };
		files[0].path = files[0].data = NULL;
	} else {
		/* the attempt owns them now, written as one pack */
		a->bulk = files;
		a->nbulk = m->n;
		files = NULL;
	}
	if (m->n == 1) {
		const dossier_answer *x = &m->answers[0];

		a->tr.id = util_strdup(x->comment);
		a->subject = util_sprintf("%s %s %s%s", a->actor->id, verb(x->disposition), x->comment,
			first[0] ? "" : " (revised response)");
		a->body = x->reason && *x->reason ? util_strdup(x->reason) : NULL;
		if (!a->tr.id || (x->reason && *x->reason && !a->body)) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
	} else {
		dstr s = DSTR_INIT;
		static const char *const what[5] = { NULL, "accepted", "partially accepted", "not accepted", "noted" };
		bool one_reason = true;
		size_t k, parts = 0;

		dstr_addf(&s, "%s answers %zu comments (", a->actor->id, m->n);
		for (k = 1; k < 5; k++)
			if (counts[k])
				dstr_addf(&s, "%s%zu %s", parts++ ? ", " : "", counts[k], what[k]);
		dstr_adds(&s, ")");
		a->subject = dstr_detach(&s);
		for (i = 1; i < m->n; i++) {
			const char *r0 = m->answers[0].reason ? m->answers[0].reason : "";
			const char *ri = m->answers[i].reason ? m->answers[i].reason : "";

			if (strcmp(r0, ri))
				one_reason = false;
		}
		if (m->opts->source) {
			const char *base = strrchr(m->opts->source, '/');

			a->body = util_sprintf("Answered from '%s'.", base ? base + 1 : m->opts->source);
		} else if (one_reason && m->answers[0].reason && *m->answers[0].reason) {
			a->body = util_strdup(m->answers[0].reason);
		}
	}
	a->result = util_sprintf("%zu", m->n);
	if (!a->subject || !a->result) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	*m->out_n = m->n;
done:
	for (i = 0; files && i < m->n; i++) {
		free((char *)files[i].path);
		free((char *)files[i].data);
	}
	free(files);
	free(first);
	free(disp);
	return rc;
}

int dossier_respond_many(size_t *out_n, dossier *d, const dossier_answer *answers, size_t n,
	const dossier_respond_options *opts, dossier_diags *diags, dossier_error *err)
{
	dossier_respond_options defaults = DOSSIER_RESPOND_OPTIONS_INIT;
	dossier_diags *own = NULL;
	many_args m;
	char *result = NULL;
	size_t answered = 0, before;
	int rc;

	if (out_n)
		*out_n = 0;
	if (n == 0 || !answers)
		return dossier_error_set(err, DOSSIER_EINVALID, "no answers: name the comments to answer");
	if (!diags) {
		if (dossier_diags_new(&own) < 0)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		diags = own;
	}
	m.answers = answers;
	m.n = n;
	m.opts = opts ? opts : &defaults;
	m.diags = diags;
	m.out_n = &answered;
	if (m.opts->source && (rc = record_check_source("source", m.opts->source, err)) < 0)
		goto done;
	before = dossier_diags_errors(diags);
	if ((rc = check_alone(&m, err)) < 0)
		goto done;
	if (dossier_diags_errors(diags) > before) {
		rc = first_problem(&m, before, err);
		goto done;
	}
	rc = facade_run_action(&result, d, n == 1 ? DS_EVENT_RESPOND : DS_EVENT_RESPOND_MANY, build_many, &m, err);
	if (rc == 0 && out_n)
		*out_n = answered;
done:
	free(result);
	dossier_diags_free(own);
	return rc;
}
