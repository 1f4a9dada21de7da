/*
 * csv.c: the engine's one CSV reader (csv.h): RFC 4180 rows with the line
 * and column of every cell, for import and the answers in bulk.
 */
#include "base/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

unsigned util_csv_column(const char *ls, const char *p)
{
	unsigned col = 1;

	for (; ls < p; ls++)
		col += ((unsigned char)*ls & 0xC0) != 0x80;
	return col;
}

void util_csv_init(util_csv *r, const char *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->p = data;
	r->end = data + len;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r->p += 3;
	r->line = 1;
	r->line_start = r->p;
}

static void row_clear(util_csv_row *row)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		free(row->cells[i]);
	row->n = 0;
	row->nfaults = 0;
}

void util_csv_row_free(util_csv_row *row)
{
	if (!row)
		return;
	row_clear(row);
	free(row->cells);
	free(row->cols);
	free(row->faults);
	memset(row, 0, sizeof(*row));
}

static int row_push(util_csv_row *row, dstr *cell, unsigned col)
{
	if (row->n == row->cap) {
		size_t cap = row->cap ? row->cap * 2 : 16;
		char **p = realloc(row->cells, cap * sizeof(*p));
		unsigned *c;

		if (!p)
			return DOSSIER_ENOMEM;
		row->cells = p;
		if (!(c = realloc(row->cols, cap * sizeof(*c))))
			return DOSSIER_ENOMEM;
		row->cols = c;
		row->cap = cap;
	}
	if (cell->oom)
		return DOSSIER_ENOMEM;
	row->cols[row->n] = col;
	row->cells[row->n++] = dstr_detach(cell);
	return row->cells[row->n - 1] ? 0 : DOSSIER_ENOMEM;
}

/* Add the character at *pp to the cell; a byte or character no record may
 * hold is noted as the cell's fault (the first only) and left out. */
static int cell_add(util_csv_row *row, dstr *cell, util_csv *r)
{
	const char *p = r->p;
	size_t n = 1;
	uint32_t cp;
	int problem;

	if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F) {
		dstr_addc(cell, *p);
		r->p = p + 1;
		return 0;
	}
	problem = util_text_char(p, (size_t)(r->end - p), &n, &cp);
	if (problem == DOSSIER_TEXT_OK) {
		dstr_add(cell, p, n);
	} else if (!row->nfaults || row->faults[row->nfaults - 1].cell != row->n) {
		dossier_text_fault f;
		util_csv_fault *x;

		if (row->nfaults == row->faults_cap) {
			size_t cap = row->faults_cap ? row->faults_cap * 2 : 4;

			if (!(x = realloc(row->faults, cap * sizeof(*x))))
				return DOSSIER_ENOMEM;
			row->faults = x;
			row->faults_cap = cap;
		}
		x = &row->faults[row->nfaults++];
		memset(&f, 0, sizeof(f));
		f.problem = (dossier_text_problem)problem;
		f.value = cp;
		x->cell = row->n;
		x->line = r->line;
		x->column = util_csv_column(r->line_start, p);
		dossier_text_fault_describe(x->what, sizeof(x->what), &f);
	}
	r->p = p + n;
	return 0;
}

static void problem(util_csv *r, unsigned line, unsigned column, const char *what)
{
	if (r->problem)
		r->problem(r->payload, line, column, what);
}

int util_csv_next(util_csv_row *row, util_csv *r)
{
	dstr cell = DSTR_INIT;
	bool quoted = false, was_quoted = false;
	unsigned col;

	row_clear(row);
	if (r->p >= r->end)
		return 0;
	row->line = r->line;
	col = util_csv_column(r->line_start, r->p);
	for (;;) {
		if (r->p >= r->end) {
			if (quoted)
				problem(r, row->line, col, _("a quoted field is not closed"));
			if (row_push(row, &cell, col) < 0)
				goto oom;
			break;
		}
		if (quoted) {
			if (*r->p == '"') {
				if (r->p + 1 < r->end && r->p[1] == '"') {
					dstr_addc(&cell, '"');
					r->p += 2;
				} else {
					quoted = false;
					r->p++;
				}
			} else if (*r->p == '\n') {
				dstr_addc(&cell, *r->p++);
				r->line++;
				r->line_start = r->p;
			} else if (cell_add(row, &cell, r) < 0) {
				goto oom;
			}
			continue;
		}
		if (*r->p == '"' && cell.len == 0 && !was_quoted) {
			quoted = was_quoted = true;
			r->p++;
		} else if (*r->p == ',') {
			if (row_push(row, &cell, col) < 0)
				goto oom;
			was_quoted = false;
			r->p++;
			col = util_csv_column(r->line_start, r->p);
		} else if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') {
			r->p++;
		} else if (*r->p == '\n') {
			r->p++;
			r->line++;
			r->line_start = r->p;
			if (row_push(row, &cell, col) < 0)
				goto oom;
			break;
		} else {
			if (was_quoted) {
				problem(r, r->line, util_csv_column(r->line_start, r->p), _("text after a closing quote"));
				was_quoted = false;
			}
			if (cell_add(row, &cell, r) < 0)
				goto oom;
		}
	}
	dstr_free(&cell);
	return 1;
oom:
	dstr_free(&cell);
	return DOSSIER_ENOMEM;
}
