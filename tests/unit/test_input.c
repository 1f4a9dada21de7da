/*
 * test_input.c: the boundary check of strings (dossier/input.h): which
 * bytes and characters a record may hold, and the place of the first
 * fault (offset, line, column in characters).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/input.h"

static void assert_fault(const char *s, size_t len, dossier_text_problem problem, size_t offset,
	unsigned line, unsigned column, uint32_t value)
{
	dossier_text_fault f;

	assert_int_equal(dossier_text_check(&f, s, len), DOSSIER_EINVALID);
	assert_int_equal(f.problem, problem);
	assert_int_equal(f.offset, offset);
	assert_int_equal(f.line, line);
	assert_int_equal(f.column, column);
	assert_int_equal(f.value, value);
}

static void test_valid(void **state)
{
	static const char *ok[] = {
		"", "plain ASCII", "Điều 5 khoản 2 điểm đ", "tab\tand\nlines\r\n",
		"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBD",
		"\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "emoji \xF0\x9F\x98\x80", "\x7E",
	};
	dossier_text_fault f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		assert_int_equal(dossier_text_check(&f, ok[i], strlen(ok[i])), 0);
		assert_int_equal(f.problem, DOSSIER_TEXT_OK);
	}
	assert_int_equal(dossier_text_check(NULL, "x", 1), 0);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* The reproduction: x\xff\xfey. */
	assert_fault("x\xff\xfey", 4, DOSSIER_TEXT_BAD_UTF8, 1, 1, 2, 0xff);
	assert_fault("\x80", 1, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0x80);           /* lone continuation */
	assert_fault("\xC0\xAF", 2, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xc0);       /* overlong '/' */
	assert_fault("\xC1\xBF", 2, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xc1);
	assert_fault("\xE0\x80\xAF", 3, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xe0);   /* overlong */
	assert_fault("\xED\xA0\x80", 3, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xed);   /* surrogate D800 */
	assert_fault("\xF0\x80\x80\xAF", 4, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xf0);
	assert_fault("\xF4\x90\x80\x80", 4, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xf4); /* above U+10FFFF */
	assert_fault("\xF5\x80\x80\x80", 4, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xf5);
	assert_fault("ab\xC3", 3, DOSSIER_TEXT_BAD_UTF8, 2, 1, 3, 0xc3);         /* cut short at the end */
	assert_fault("\xE1\x80z", 3, DOSSIER_TEXT_BAD_UTF8, 0, 1, 1, 0xe1);      /* cut short inside */
	/* Lines and columns in characters: "Điều" is 4 characters, 7 bytes. */
	assert_fault("line one\nĐiều\xff", 17, DOSSIER_TEXT_BAD_UTF8, 16, 2, 5, 0xff);
	/* A string cut inside `len` is not read past it. */
	assert_fault("ok\xE1\xBA\xA1", 4, DOSSIER_TEXT_BAD_UTF8, 2, 1, 3, 0xe1);
}

static void test_nul_and_controls(void **state)
{
	(void)state;
	assert_fault("ab\0cd", 5, DOSSIER_TEXT_NUL, 2, 1, 3, 0);
	assert_fault("a\nb\nc\x01", 6, DOSSIER_TEXT_CONTROL, 5, 3, 2, 1);
	assert_fault("\x1b[31m", 5, DOSSIER_TEXT_CONTROL, 0, 1, 1, 0x1b);
	assert_fault("x\x7f", 2, DOSSIER_TEXT_CONTROL, 1, 1, 2, 0x7f);
	assert_fault("\x0b", 1, DOSSIER_TEXT_CONTROL, 0, 1, 1, 0x0b);
	assert_fault("é\xEF\xBF\xBF", 5, DOSSIER_TEXT_NONCHAR, 2, 1, 2, 0xffff);
	assert_fault("\xEF\xBF\xBE", 3, DOSSIER_TEXT_NONCHAR, 0, 1, 1, 0xfffe);
}

static void test_describe_and_error(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_text_fault f;
	char buf[48];
	char *s;

	(void)state;
	dossier_text_check(&f, "x\xff", 2);
	assert_string_equal(dossier_text_fault_describe(buf, sizeof(buf), &f), "invalid UTF-8 (byte 0xff)");
	dossier_text_check(&f, "\0", 1);
	assert_string_equal(dossier_text_fault_describe(buf, sizeof(buf), &f), "a NUL byte");
	dossier_text_check(&f, "\a", 1);
	assert_string_equal(dossier_text_fault_describe(buf, sizeof(buf), &f), "control character U+0007");

	assert_int_equal(dossier_text_check_error("fine", 4, NULL, "option '--text'", "text", &err), 0);
	assert_int_equal(err.code, 0);

	/* Without a path: the input is named, the place given in characters. */
	assert_int_equal(dossier_text_check_error("x\xff\xfey", 4, NULL, "option '--text'", "text", &err),
		DOSSIER_EINVALID);
	s = dossier_error_format(&err);
	assert_string_equal(s, "error: option '--text' holds invalid UTF-8 (byte 0xff) at character 2");
	assert_string_equal(err.field, "text");
	assert_non_null(err.hint);
	free(s);
	assert_int_equal(dossier_text_check_error("a\nb\x01", 4, NULL, "field 'reason'", NULL, &err),
		DOSSIER_EINVALID);
	s = dossier_error_format(&err);
	assert_string_equal(s, "error: field 'reason' holds control character U+0001 at line 2, character 2");
	assert_null(err.field);
	free(s);

	/* With a path: FILE:LINE:COL. */
	assert_int_equal(dossier_text_check_error("one\ntwo\0", 8, "c.txt", NULL, NULL, &err), DOSSIER_EINVALID);
	s = dossier_error_format(&err);
	assert_string_equal(s, "c.txt:2:4: error: a NUL byte");
	free(s);
	dossier_error_clear(&err);
	assert_null(err.field);
}

/* The one reading of a revision name: vN, N from 1 to the largest, digits only. */
static void test_revision_number(void **state)
{
	(void)state;
	assert_int_equal(dossier_revision_number("v1"), 1);
	assert_int_equal(dossier_revision_number("V12"), 12);
	assert_int_equal(dossier_revision_number("v1000000"), DOSSIER_REVISION_MAX);
	assert_int_equal(dossier_revision_number("v1000001"), 0);
	assert_int_equal(dossier_revision_number("v99999999999999999999"), 0);
	assert_int_equal(dossier_revision_number("v0"), 0);
	assert_int_equal(dossier_revision_number("v01"), 0);
	assert_int_equal(dossier_revision_number("v+1"), 0);
	assert_int_equal(dossier_revision_number("v 1"), 0);
	assert_int_equal(dossier_revision_number("v1 "), 0);
	assert_int_equal(dossier_revision_number("v1x"), 0);
	assert_int_equal(dossier_revision_number("v"), 0);
	assert_int_equal(dossier_revision_number("1"), 0);
	assert_int_equal(dossier_revision_number(""), 0);
	assert_int_equal(dossier_revision_number(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_and_controls),
		cmocka_unit_test(test_describe_and_error),
		cmocka_unit_test(test_revision_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
