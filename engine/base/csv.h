/*
 * csv.h: the engine's one CSV reader (RFC 4180), for every file the engine
 * reads as CSV: import's comments (engine/facade/import.c) and the answers
 * in bulk (engine/facade/answers.c). Fields with ',', '"' or line breaks
 * are quoted, '""' is a quote; CRLF or LF; a byte-order mark is skipped.
 * A malformed quote is reported through the reader's `problem` callback at
 * its line and column (in characters) and the row is still returned, so
 * that later rows are checked too. A byte or character no record may hold
 * (docs/data-model.md) is left out of its cell and noted as the cell's
 * fault (the first of each cell). Internal: not installed.
 */
#ifndef DOSSIER_BASE_CSV_H
#define DOSSIER_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>

/* A cell that held something no record may hold: where, and what. */
typedef struct util_csv_fault {
	size_t cell;
	unsigned line, column;
	char what[48];
} util_csv_fault;

typedef struct util_csv_row {
	char **cells;
	unsigned *cols;         /* the column (in characters) where each cell starts */
	size_t n, cap;
	unsigned line;          /* where the row starts */
	util_csv_fault *faults; /* the first fault of each cell that has one */
	size_t nfaults, faults_cap;
} util_csv_row;

typedef struct util_csv {
	const char *p, *end;
	unsigned line;          /* the line the scanner stands on */
	const char *line_start; /* where that line starts (for columns) */
	/* A malformed field ("a quoted field is not closed", "text after a
	 * closing quote"); may be NULL. */
	void (*problem)(void *payload, unsigned line, unsigned column, const char *what);
	void *payload;
} util_csv;

/* Read `data` (which must outlive the reader), after its byte-order mark. */
void util_csv_init(util_csv *r, const char *data, size_t len);
/* The next row into `row` (its cells owned by the row until the next call
 * or util_csv_row_free; a caller may take a cell and set it NULL): 1 when
 * a row was read, 0 at the end, DOSSIER_ENOMEM. */
int util_csv_next(util_csv_row *row, util_csv *r);
void util_csv_row_free(util_csv_row *row);
/* The column (in characters, from 1) of p on the line starting at ls. */
unsigned util_csv_column(const char *ls, const char *p);

#endif
