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

/* An amending text: its quotations of new wording are in the model
 * (version 2; the first version left them out). */
static const char *amending =
	"NGHỊ ĐỊNH\nĐiều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
	"1. Sửa đổi, bổ sung Điều 6 như sau:\n“Điều 6. Phạm vi\n1. Nghị định này quy định chi tiết.\n"
	"2. Quỹ bảo đảm khám bệnh.”.\n2. Bãi bỏ Điều 7.\nĐiều 2. Hiệu lực thi hành\n"
	"Nghị định này có hiệu lực từ ngày ký.\n";

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
	round_trip(amending);
	if (sample)
		round_trip(sample);
	free(sample);
}

static void test_quotations(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = NULL, *back = NULL;
	char *bin = NULL;
	size_t len = 0;
	const dossier_node *c;

	(void)state;
	assert_int_equal(dossier_text_parse(&doc, "t.txt", amending, strlen(amending), NULL, &err), 0);
	assert_int_equal(text_docbin_write(&bin, &len, doc, &err), 0);
	assert_memory_equal(bin, "DOSSIER-MODEL-2\n", 16);
	assert_int_equal(text_docbin_read(&back, "t.model", bin, len, &err), 0);
	c = back->body->children[0]->children[0];
	assert_int_equal(c->nquotes, 1);
	assert_string_equal(c->quotes[0].eid, doc->body->children[0]->children[0]->quotes[0].eid);
	assert_null(c->quotes[0].body->parent);
	assert_int_equal(c->quotes[0].body->nchildren, 1);
	assert_int_equal(c->quotes[0].body->children[0]->nchildren, 2);
	dossier_document_free(back);
	back = NULL;
	/* A model of the first version, which had no quotations, still reads:
	 * a body with one article (kind 4, "1", "art_1", one paragraph "x");
	 * read as the second version, it is cut short. */
	{
		static const char v1[] = "DOSSIER-MODEL-1\n"
			"\0\0\0" "\0\0\0\0\0\0" "\0\0\0"        /* lang kind date; preface; lists */
			"\0" "\0\0\0" "\0\0" "\0\0" "\0\0" "\1"    /* body ... one child */
			"\4" "\2" "1" "\0" "\6" "art_1" "\1\2" "x" "\0" "\0\0" "\0\0" "\0";
		char v2[sizeof(v1)];

		assert_int_equal(text_docbin_read(&back, "t.model", v1, sizeof(v1) - 1, &err), 0);
		assert_int_equal(back->body->nchildren, 1);
		assert_string_equal(back->body->children[0]->eid, "art_1");
		assert_string_equal(back->body->children[0]->text[0], "x");
		assert_int_equal(back->body->children[0]->nquotes, 0);
		dossier_document_free(back);
		back = NULL;
		memcpy(v2, v1, sizeof(v1));
		memcpy(v2, TEXT_DOCBIN_MAGIC, 16);
		assert_int_equal(text_docbin_read(&back, "t.model", v2, sizeof(v1) - 1, &err), DOSSIER_EINVALID);
		dossier_error_clear(&err);
	}
	free(bin);
	dossier_document_free(doc);
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
		cmocka_unit_test(test_quotations),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
