/*
 * test_answers.c: answers in bulk (engine/facade/answers.c, record.c): the
 * answers file's reader (header or none, quoting, lines, every problem
 * with its line), the dispositions as people write them, and how several
 * responses in one event move the cached state (the event counter once).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "facade/record_int.h"

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/dossier-answers-XXXXXX");
	int fd = mkstemp(path);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_dispositions(void **state)
{
	(void)state;
	assert_int_equal(dossier_disposition_parse("accept"), DOSSIER_DISPOSITION_ACCEPTED);
	assert_int_equal(dossier_disposition_parse(" Accepted "), DOSSIER_DISPOSITION_ACCEPTED);
	assert_int_equal(dossier_disposition_parse("Tiếp thu"), DOSSIER_DISPOSITION_ACCEPTED);
	assert_int_equal(dossier_disposition_parse("tiếp thu một phần"), DOSSIER_DISPOSITION_PARTIAL);
	assert_int_equal(dossier_disposition_parse("giải trình"), DOSSIER_DISPOSITION_REJECTED);
	assert_int_equal(dossier_disposition_parse("không tiếp thu"), DOSSIER_DISPOSITION_REJECTED);
	assert_int_equal(dossier_disposition_parse("NOTE"), DOSSIER_DISPOSITION_NOTED);
	assert_int_equal(dossier_disposition_parse("ghi nhận"), DOSSIER_DISPOSITION_NOTED);
	assert_int_equal(dossier_disposition_parse("maybe"), DOSSIER_DISPOSITION_NONE);
	assert_int_equal(dossier_disposition_parse(""), DOSSIER_DISPOSITION_NONE);
	assert_int_equal(dossier_disposition_parse(NULL), DOSSIER_DISPOSITION_NONE);
}

static void test_read_with_header(void **state)
{
	char *p = write_tmp("\xEF\xBB\xBF" "reason,comment,disposition,adopted\r\n"
		"\"Tiếp thu, đã sửa\",most-1,accept,\"a \"\"b\"\"\nc\"\r\n"
		"\r\n"
		",mof-2,note,\r\n");
	dossier_answer_list *l = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(dossier_answers_read(&l, p, NULL, &err), 0);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->items[0].comment, "most-1");
	assert_int_equal(l->items[0].disposition, DOSSIER_DISPOSITION_ACCEPTED);
	assert_string_equal(l->items[0].reason, "Tiếp thu, đã sửa");
	assert_string_equal(l->items[0].adopted, "a \"b\"\nc");
	assert_int_equal(l->items[0].line, 2);
	assert_string_equal(l->items[1].comment, "mof-2");
	assert_null(l->items[1].reason);
	assert_null(l->items[1].adopted);
	assert_int_equal(l->items[1].line, 5);   /* the quoted line break counts */
	dossier_answer_list_free(l);
	unlink(p);
	free(p);
}

static void test_read_without_header(void **state)
{
	char *p = write_tmp("most-1,accept,ok\nmost-2,note\n");
	dossier_answer_list *l = NULL;

	(void)state;
	assert_int_equal(dossier_answers_read(&l, p, NULL, NULL), 0);
	assert_int_equal(l->n, 2);
	assert_int_equal(l->items[0].line, 1);
	assert_string_equal(l->items[0].reason, "ok");
	assert_int_equal(l->items[1].disposition, DOSSIER_DISPOSITION_NOTED);
	dossier_answer_list_free(l);
	unlink(p);
	free(p);
}

static void test_every_problem_with_its_line(void **state)
{
	char *p = write_tmp("comment,disposition,reason\nmost-1,perhaps,x\nmost-2,accept\nmost-3,\"note,x\n");
	dossier_answer_list *l = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_answers_read(&l, p, diags, &err), DOSSIER_EINVALID);
	assert_null(l);
	/* line 4: the quote is not closed, and the row is short of a field */
	assert_int_equal(dossier_diags_errors(diags), 4);
	assert_int_equal(dossier_diags_get(diags, 0)->line, 2);
	assert_int_equal(dossier_diags_get(diags, 1)->line, 3);
	assert_int_equal(dossier_diags_get(diags, 2)->line, 4);
	assert_int_equal(dossier_diags_get(diags, 3)->line, 4);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "unknown disposition"));
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	unlink(p);
	free(p);
}

static void test_state_moves_once(void **state)
{
	ds_state st;
	const bool first[3] = { true, true, false };
	const dossier_disposition d[3] = { DOSSIER_DISPOSITION_NOTED, DOSSIER_DISPOSITION_REJECTED,
		DOSSIER_DISPOSITION_PARTIAL };

	(void)state;
	memset(&st, 0, sizeof(st));
	st.comments = 4;
	st.unanswered = 3;
	st.responses = 1;
	st.events = 10;
	assert_int_equal(apply_respond_many(&st, first, d, 3), 0);
	assert_int_equal(st.events, 11);
	assert_int_equal(st.responses, 3);
	assert_int_equal(st.unanswered, 1);
	assert_true(st.accepted_since_revision);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispositions),
		cmocka_unit_test(test_read_with_header),
		cmocka_unit_test(test_read_without_header),
		cmocka_unit_test(test_every_problem_with_its_line),
		cmocka_unit_test(test_state_moves_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
