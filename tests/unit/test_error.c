/*
 * test_error.c: the error object and the diagnostics list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/error.h"
#include "base/util.h"

static void test_set_and_format(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *s;

	(void)state;
	assert_int_equal(dossier_error_set_at(&err, DOSSIER_EINVALID, "wf.yaml", 12, 5,
		"unknown stage '%s'", "workshp"), DOSSIER_EINVALID);
	dossier_error_set_hint(&err, "did you mean '%s'?", "workshop");
	s = dossier_error_format(&err);
	assert_string_equal(s, "wf.yaml:12:5: error: unknown stage 'workshp'");
	assert_string_equal(err.hint, "did you mean 'workshop'?");
	free(s);
	dossier_error_clear(&err);
	assert_null(err.message);
	assert_int_equal(err.code, 0);
	dossier_error_clear(NULL);

	dossier_error_set(&err, DOSSIER_EFAIL, "cannot open '%s'", "x");
	s = dossier_error_format(&err);
	assert_string_equal(s, "error: cannot open 'x'");
	free(s);
	dossier_error_clear(&err);
}

static void test_null_error_is_allowed(void **state)
{
	(void)state;
	assert_int_equal(dossier_error_set(NULL, DOSSIER_EREFUSED, "refused"), DOSSIER_EREFUSED);
	dossier_error_set_hint(NULL, "x");
}

static void test_move(void **state)
{
	dossier_error a = DOSSIER_ERROR_INIT, b = DOSSIER_ERROR_INIT;

	(void)state;
	dossier_error_set(&a, DOSSIER_ENOTFOUND, "no such eId 'art_99'");
	dossier_error_set(&b, DOSSIER_EFAIL, "old");
	dossier_error_move(&b, &a);
	assert_int_equal(b.code, DOSSIER_ENOTFOUND);
	assert_string_equal(b.message, "no such eId 'art_99'");
	assert_null(a.message);
	dossier_error_clear(&b);
}

static void test_diags_sorted_and_formatted(void **state)
{
	dossier_diags *d = NULL;
	char *s;

	(void)state;
	assert_int_equal(dossier_diags_new(&d), 0);
	assert_int_equal(dossier_diags_add(d, DOSSIER_SEVERITY_ERROR, "unknown-key", "a.yaml", 9, 3,
		"unknown key '%s'", "titel"), 0);
	dossier_diags_hint(d, "did you mean '%s'?", "title");
	assert_int_equal(dossier_diags_add(d, DOSSIER_SEVERITY_WARNING, NULL, "a.yaml", 2, 1,
		"no time zone"), 0);
	assert_int_equal(dossier_diags_add(d, DOSSIER_SEVERITY_ERROR, "bad-date", "a.yaml", 9, 1,
		"impossible date"), 0);
	assert_int_equal(dossier_diags_count(d), 3);
	assert_int_equal(dossier_diags_errors(d), 2);
	dossier_diags_sort(d);
	assert_int_equal(dossier_diags_get(d, 0)->line, 2);
	assert_int_equal(dossier_diags_get(d, 1)->column, 1);
	s = dossier_diag_format(dossier_diags_get(d, 2));
	assert_string_equal(s, "a.yaml:9:3: error: unknown key 'titel' [unknown-key] (did you mean 'title'?)");
	free(s);
	s = dossier_diag_format(dossier_diags_get(d, 0));
	assert_string_equal(s, "a.yaml:2:1: warning: no time zone");
	free(s);
	assert_null(dossier_diags_get(d, 3));
	dossier_diags_free(d);
	dossier_diags_free(NULL);
}

static void test_closest(void **state)
{
	const char *names[] = { "drafting", "member-comment", "workshop", "submission" };

	(void)state;
	assert_string_equal(util_closest("workshp", names, 4), "workshop");
	assert_string_equal(util_closest("member-coment", names, 4), "member-comment");
	assert_null(util_closest("zzz", names, 4));
	{
		const char *ids[] = { "moc", "most", "mps", "mof" };

		/* A transposition is one edit. */
		assert_string_equal(util_closest("mots", ids, 4), "most");
		assert_int_equal(util_edit_distance("mots", "most", 3), 1);
	}
	assert_int_equal(util_edit_distance("kitten", "sitting", 10), 3);
	assert_int_equal(util_edit_distance("abc", "abcdefgh", 2), 3);
}

static void test_dstr(void **state)
{
	dstr s = DSTR_INIT;
	char *p;

	(void)state;
	dstr_adds(&s, "Điều ");
	dstr_addf(&s, "%d", 5);
	dstr_addc(&s, '.');
	p = dstr_detach(&s);
	assert_string_equal(p, "Điều 5.");
	free(p);
	p = dstr_detach(&s);
	assert_string_equal(p, "");
	free(p);
}

static void test_tag(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT, moved = DOSSIER_ERROR_INIT;

	(void)state;
	assert_null(dossier_error_tag(&err));
	dossier_error_set(&err, DOSSIER_EREFUSED, "the comment window closed");
	assert_string_equal(dossier_error_tag(&err), "refused");
	dossier_error_set_tag(&err, "late-comment");
	assert_string_equal(dossier_error_tag(&err), "late-comment");
	dossier_error_move(&moved, &err);
	assert_string_equal(dossier_error_tag(&moved), "late-comment");
	assert_null(dossier_error_tag(&err));
	/* Setting the error again forgets the old tag. */
	dossier_error_set(&moved, DOSSIER_ENOTFOUND, "no comment 'x'");
	assert_string_equal(dossier_error_tag(&moved), "not-found");
	dossier_error_set(&moved, DOSSIER_EINVALID, "bad");
	assert_string_equal(dossier_error_tag(&moved), "invalid-input");
	dossier_error_set(&moved, DOSSIER_ECONFLICT, "raced");
	assert_string_equal(dossier_error_tag(&moved), "conflict");
	dossier_error_set(&moved, DOSSIER_EFAIL, "disk");
	assert_string_equal(dossier_error_tag(&moved), "failure");
	dossier_error_clear(&moved);
	assert_null(dossier_error_tag(&moved));
	dossier_error_set_tag(NULL, "x");
	assert_null(dossier_error_tag(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_and_format),
		cmocka_unit_test(test_null_error_is_allowed),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_diags_sorted_and_formatted),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_dstr),
		cmocka_unit_test(test_tag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
