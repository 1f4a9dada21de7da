/*
 * test_docbin.c: the binary form of the model (text/docbin.h), the cache
 * kept beside each revision's XML: what is written reads back the same
 * document, and anything damaged (cut short at any byte, a wrong magic, a
 * byte changed) is refused or read without harm, never trusted blindly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "dossier/akn.h"
#include "dossier/textparse.h"
#include "base/util.h"
#include "text/docbin.h"

static char *read_source(const char *rel)
{
	const char *root = getenv("DOSSIER_SOURCE_ROOT");
	dossier_error err = DOSSIER_ERROR_INIT;
	char *path, *data = NULL;
	size_t len;

	if (!root)
		return NULL;
	path = util_sprintf("%s/%s", root, rel);
	if (util_read_file(&data, &len, path, &err) < 0)
		fail_msg("%s", err.message);
	free(path);
	return data;
}

static const char *small =
	"CHÍNH PHỦ\nSố: 12/2025/NĐ-CP\nHà Nội, ngày 05 tháng 3 năm 2025\n\nNGHỊ ĐỊNH\nQuy định thử\n\n"
	"Căn cứ Luật Tổ chức Chính phủ;\n\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Khoản một:\n"
	"a) điểm a;\nb) điểm b.\n2. Khoản hai.\nĐiều 2\nKhông có tiêu đề.\n\nNơi nhận:\n- Như trên.\n";

/* The document as AKN: what equality of two models is checked by. */
static char *as_akn(const dossier_document *doc)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml = NULL;
	size_t len = 0;

	if (dossier_akn_write(&xml, &len, doc, NULL, &err) < 0)
		fail_msg("akn: %s", err.message);
	return xml;
}

static void round_trip(const char *text)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL, *back = NULL;
	char *bin = NULL, *a, *b, *t1 = NULL, *t2 = NULL;
	size_t len = 0;

	assert_int_equal(dossier_text_parse(&doc, "t.txt", text, strlen(text), NULL, &err), 0);
	assert_int_equal(text_docbin_write(&bin, &len, doc, &err), 0);
	assert_int_equal(text_docbin_read(&back, "t.model", bin, len, &err), 0);
	a = as_akn(doc);
	b = as_akn(back);
	assert_string_equal(a, b);
	assert_int_equal(dossier_text_write(&t1, doc, &err), 0);
	assert_int_equal(dossier_text_write(&t2, back, &err), 0);
	assert_string_equal(t1, t2);
	/* parents are set */
	assert_non_null(back->body->children[0]);
	assert_ptr_equal(back->body->children[0]->parent, back->body);
	free(a), free(b), free(t1), free(t2);
	dossier_document_free(back);
	dossier_document_free(doc);
	free(bin);
}

static void test_round_trip(void **state)
{
	char *sample = read_source("templates/du-thao-nghi-dinh-do-thi-thong-minh.txt");

	(void)state;
	round_trip(small);
	if (sample)
		round_trip(sample);
	free(sample);
}

static void test_damaged(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL, *back = NULL;
	char *bin = NULL;
	size_t len = 0, i;

	(void)state;
	assert_int_equal(dossier_text_parse(&doc, "t.txt", small, strlen(small), NULL, &err), 0);
	assert_int_equal(text_docbin_write(&bin, &len, doc, &err), 0);
	/* cut short anywhere: refused */
	for (i = 0; i < len; i++) {
		int rc = text_docbin_read(&back, "t.model", bin, i, &err);

		assert_int_equal(rc, DOSSIER_EINVALID);
		assert_null(back);
	}
	/* one byte changed anywhere: refused, or a document that frees cleanly
	 * (a changed letter is still a document) */
	for (i = 0; i < len; i++) {
		char keep = bin[i];

		bin[i] = (char)(bin[i] ^ 0x5a);
		if (text_docbin_read(&back, "t.model", bin, len, &err) == 0)
			dossier_document_free(back);
		dossier_error_clear(&err);
		back = NULL;
		bin[i] = keep;
	}
	/* a NUL in a string */
	assert_int_equal(text_docbin_read(&back, "t.model", "DOSSIER-MODEL-1\n\0\2\0", 19, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(text_docbin_read(&back, "t.model", "XML", 3, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	free(bin);
	dossier_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
