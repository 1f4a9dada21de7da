/*
 * test_csv.c: the engine's one CSV reader (engine/base/csv.h), which import
 * and the answers in bulk share: quoting, line ends, the byte-order mark,
 * the line and column of every cell, malformed quotes reported at their
 * place with the row still returned, and a character no record may hold
 * noted as its cell's fault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/csv.h"
#include "base/util.h"

typedef struct seen {
	unsigned line[4], column[4];
	const char *what[4];
	size_t n;
} seen;

static void note(void *payload, unsigned line, unsigned column, const char *what)
{
	seen *s = payload;

	if (s->n < 4) {
		s->line[s->n] = line;
		s->column[s->n] = column;
		s->what[s->n++] = what;
	}
}

static void test_rows_quotes_and_places(void **state)
{
	static const char data[] = "\xEF\xBB\xBF" "comment,reason\r\nmost-1,\"Tiếp thu, \"\"đã sửa\"\"\nkhoản 2\"\n\nđ,x\n";
	util_csv_row row;
	util_csv in;
	seen s = { { 0 }, { 0 }, { NULL }, 0 };

	(void)state;
	memset(&row, 0, sizeof(row));
	util_csv_init(&in, data, sizeof(data) - 1);
	in.problem = note;
	in.payload = &s;
	assert_int_equal(util_csv_next(&row, &in), 1);
	assert_int_equal(row.n, 2);
	assert_string_equal(row.cells[0], "comment");
	assert_string_equal(row.cells[1], "reason");
	assert_int_equal(row.line, 1);
	assert_int_equal(row.cols[1], 9);
	assert_int_equal(util_csv_next(&row, &in), 1);
	assert_int_equal(row.line, 2);
	assert_string_equal(row.cells[1], "Tiếp thu, \"đã sửa\"\nkhoản 2");
	assert_int_equal(util_csv_next(&row, &in), 1);   /* the blank line: one empty cell */
	assert_int_equal(row.n, 1);
	assert_string_equal(row.cells[0], "");
	assert_int_equal(util_csv_next(&row, &in), 1);
	assert_int_equal(row.line, 5);
	assert_int_equal(row.cols[1], 3);                 /* in characters: "đ" is one */
	assert_int_equal(util_csv_next(&row, &in), 0);
	assert_int_equal(s.n, 0);
	util_csv_row_free(&row);
	util_csv_row_free(NULL);
}

static void test_malformed_and_faults(void **state)
{
	static const char data[] = "a,\"b\"c,d\x01" "e\n\"open";
	util_csv_row row;
	util_csv in;
	seen s = { { 0 }, { 0 }, { NULL }, 0 };

	(void)state;
	memset(&row, 0, sizeof(row));
	util_csv_init(&in, data, sizeof(data) - 1);
	in.problem = note;
	in.payload = &s;
	assert_int_equal(util_csv_next(&row, &in), 1);
	assert_int_equal(row.n, 3);
	assert_string_equal(row.cells[1], "bc");
	assert_string_equal(row.cells[2], "de");          /* the control character left out ... */
	assert_int_equal(row.nfaults, 1);                  /* ... and noted at its place */
	assert_int_equal(row.faults[0].cell, 2);
	assert_int_equal(row.faults[0].line, 1);
	assert_int_equal(row.faults[0].column, 9);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.what[0], "text after a closing quote");
	assert_int_equal(s.column[0], 6);
	assert_int_equal(util_csv_next(&row, &in), 1);
	assert_string_equal(row.cells[0], "open");
	assert_int_equal(s.n, 2);
	assert_string_equal(s.what[1], "a quoted field is not closed");
	assert_int_equal(s.line[1], 2);
	assert_int_equal(util_csv_next(&row, &in), 0);
	util_csv_row_free(&row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_quotes_and_places),
		cmocka_unit_test(test_malformed_and_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
