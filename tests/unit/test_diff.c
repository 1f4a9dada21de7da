/*
 * test_diff.c: the structural diff. Insertion of an article at the start,
 * in the middle and at the end (with the renumbering that follows);
 * deletion; a moved article; a split and a merged clause; one changed word
 * in a long clause; identical documents; NFD against NFC input; where old
 * provisions stand in the new text (for comments carried forward); the
 * summary text; English citations and the JSON form; a moved article
 * that also changed; the AKN output against the schema; random line-level
 * revisions of the sample draft, where every provision of both texts must
 * be accounted for exactly once and in order; and a real law from
 * the corpus revised by this test (articles inserted, deleted and edited),
 * whose diff must report exactly those changes; and the provision map's
 * eId index, which must answer as the walks it replaced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <utf8proc.h>

#include "dossier/diff.h"
#include "dossier/akn.h"
#include "dossier/textparse.h"
#include "base/util.h"
#include "diff/key_int.h"

/* ---- building texts ---- */

static const char *const syllables[] = {
	"quy", "hoạch", "đô", "thị", "dữ", "liệu", "nền", "tảng", "trung", "tâm", "điều", "hành",
	"bảo", "đảm", "an", "toàn", "thông", "tin", "mạng", "chia", "sẻ", "cơ", "quan", "nhà",
	"nước", "doanh", "nghiệp", "người", "dân", "dịch", "vụ", "hạ", "tầng", "số", "kết",
	"nối", "cảm", "biến", "giám", "sát", "đánh", "giá", "kế", "hoạch", "ngân", "sách",
	"tài", "chính", "công", "trình", "xây", "dựng", "môi", "trường", "giao", "thông",
	"y", "tế", "giáo", "dục", "văn", "hóa", "thể", "thao", "du", "lịch", "nông", "thôn",
};
#define NSYL (sizeof(syllables) / sizeof(syllables[0]))

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static void words(dstr *s, uint64_t *seed, int n)
{
	int i;

	for (i = 0; i < n; i++)
		dstr_addf(s, "%s%s", i ? " " : "", syllables[rnd(seed) % NSYL]);
}

/* Article `id` (its content is a function of id alone), numbered `num`. */
static void article(dstr *s, int id, int num)
{
	uint64_t seed = 1000 + (uint64_t)id * 7919;
	int k;

	dstr_addf(s, "Điều %d. Quy định số %d về ", num, id);
	words(s, &seed, 4);
	dstr_adds(s, "\n");
	for (k = 1; k <= 3; k++) {
		dstr_addf(s, "%d. ", k);
		words(s, &seed, 18);
		dstr_adds(s, ".\n");
	}
	dstr_adds(s, "\n");
}

static const char *header =
	"CHÍNH PHỦ\n\nNGHỊ ĐỊNH\nQuy định thử nghiệm\n\nChương I\nQUY ĐỊNH CHUNG\n\n";

/* A document of the articles ids[0..n), numbered 1..n. */
static char *text_of(const int *ids, int n)
{
	dstr s = DSTR_INIT;
	int i;

	dstr_adds(&s, header);
	for (i = 0; i < n; i++)
		article(&s, ids[i], i + 1);
	return dstr_detach(&s);
}

static dossier_document *parse(const char *text)
{
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	int rc = dossier_text_parse(&doc, "test.txt", text, strlen(text), NULL, &err);

	if (rc < 0)
		fail_msg("parse: %s", err.message);
	return doc;
}

typedef struct pair {
	dossier_document *a, *b;
	dossier_diff *d;
} pair;

static void diff_texts(pair *p, const char *a, const char *b)
{
	dossier_error err = DOSSIER_ERROR_INIT;

	p->a = parse(a);
	p->b = parse(b);
	if (dossier_diff_new(&p->d, p->a, p->b, &err) < 0)
		fail_msg("diff: %s", err.message);
}

static void diff_ids(pair *p, const int *a, int na, const int *b, int nb)
{
	char *ta = text_of(a, na), *tb = text_of(b, nb);

	diff_texts(p, ta, tb);
	free(ta);
	free(tb);
}

static void pair_free(pair *p)
{
	dossier_diff_free(p->d);
	dossier_document_free(p->a);
	dossier_document_free(p->b);
}

static size_t count(const pair *p, unsigned bit)
{
	unsigned k = 0;

	while ((1u << k) != bit)
		k++;
	return p->d->counts[k];
}

static char *summary(const pair *p)
{
	char *s = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_diff_text(&s, p->d, NULL, &err), 0);
	return s;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found in:\n%s", needle, hay);
}

/* The marked AKN of a diff validates against the schema (when given). */
static void assert_akn_valid(const pair *p)
{
	const char *xsd = getenv("DOSSIER_SCHEMA");
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	char *xml = NULL;
	size_t len = 0, i;

	assert_int_equal(dossier_diff_akn(&xml, &len, p->d, NULL, &err), 0);
	if (xsd) {
		assert_int_equal(dossier_diags_new(&diags), 0);
		if (dossier_akn_validate(xsd, "diff.xml", xml, len, diags, &err) < 0) {
			for (i = 0; i < dossier_diags_count(diags); i++)
				print_error("%s\n", dossier_diags_get(diags, i)->message);
			fail_msg("diff AKN does not validate:\n%s", xml);
		}
		dossier_diags_free(diags);
	}
	free(xml);
}

/* ---- cases ---- */

static void test_identical(void **state)
{
	int ids[] = { 1, 2, 3, 4, 5 };
	pair p = { 0 };
	char *s;
	size_t k;

	(void)state;
	diff_ids(&p, ids, 5, ids, 5);
	assert_false(dossier_diff_changed(p.d));
	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		assert_int_equal(p.d->counts[k], 0);
	assert_int_equal(p.d->nitems, 5);
	s = summary(&p);
	assert_contains(s, "no changes");
	free(s);
	pair_free(&p);
}

static void test_insert_start(void **state)
{
	int a[] = { 1, 2, 3, 4, 5 }, b[] = { 9, 1, 2, 3, 4, 5 };
	pair p = { 0 };
	char *s;
	size_t i;

	(void)state;
	diff_ids(&p, a, 5, b, 6);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_RENUMBERED), 5);
	assert_int_equal(count(&p, DOSSIER_CHANGE_CHANGED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_MOVED), 0);
	assert_int_equal(p.d->items[0].changes, DOSSIER_CHANGE_INSERTED);
	assert_string_equal(p.d->items[0].new_node->eid, "art_1");
	for (i = 1; i < 6; i++) {
		assert_int_equal(p.d->items[i].changes, DOSSIER_CHANGE_RENUMBERED);
		assert_int_equal(p.d->items[i].nchildren, 3);
	}
	s = summary(&p);
	assert_contains(s, "Điều 1 inserted\n");
	assert_contains(s, "Điều 1–5 renumbered 2–6\n");
	free(s);
	pair_free(&p);
}

static void test_insert_middle(void **state)
{
	int a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 1, 2, 3, 9, 4, 5, 6 };
	pair p = { 0 };
	char *s;

	(void)state;
	diff_ids(&p, a, 6, b, 7);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_RENUMBERED), 3);
	assert_int_equal(count(&p, DOSSIER_CHANGE_CHANGED), 0);
	assert_int_equal(p.d->items[3].changes, DOSSIER_CHANGE_INSERTED);
	assert_int_equal(p.d->items[2].changes, 0);
	s = summary(&p);
	assert_contains(s, "Điều 4 inserted\n");
	assert_contains(s, "Điều 4–6 renumbered 5–7\n");
	free(s);
	pair_free(&p);
}

static void test_insert_end(void **state)
{
	int a[] = { 1, 2, 3 }, b[] = { 1, 2, 3, 9 };
	pair p = { 0 };

	(void)state;
	diff_ids(&p, a, 3, b, 4);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_RENUMBERED), 0);
	assert_int_equal(p.d->items[3].changes, DOSSIER_CHANGE_INSERTED);
	assert_string_equal(p.d->items[3].new_node->eid, "art_4");
	pair_free(&p);
}

static void test_delete(void **state)
{
	int a[] = { 1, 2, 3, 4, 5 }, b[] = { 1, 3, 4, 5 };
	pair p = { 0 };
	const dossier_node *n;
	bool changed;
	char *s;

	(void)state;
	diff_ids(&p, a, 5, b, 4);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_RENUMBERED), 3);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 0);
	/* Deleted where it stood: after Điều 1. */
	assert_int_equal(p.d->items[1].changes, DOSSIER_CHANGE_DELETED);
	assert_string_equal(p.d->items[1].old_node->eid, "art_2");
	assert_null(p.d->items[1].new_node);
	s = summary(&p);
	assert_contains(s, "Điều 2 deleted\n");
	assert_contains(s, "Điều 3–5 renumbered 2–4\n");
	free(s);
	/* Where the old provisions stand now. */
	assert_int_equal(dossier_diff_locate(&n, &changed, p.d, "art_1"), DOSSIER_FATE_SAME);
	assert_string_equal(n->eid, "art_1");
	assert_int_equal(dossier_diff_locate(&n, &changed, p.d, "art_2"), DOSSIER_FATE_DELETED);
	assert_null(n);
	assert_int_equal(dossier_diff_locate(&n, &changed, p.d, "art_2__para_3"), DOSSIER_FATE_DELETED);
	assert_int_equal(dossier_diff_locate(&n, &changed, p.d, "art_4__para_2"), DOSSIER_FATE_RENUMBERED);
	assert_string_equal(n->eid, "art_3__para_2");
	assert_false(changed);
	assert_int_equal(dossier_diff_locate(&n, &changed, p.d, "art_44"), DOSSIER_FATE_UNKNOWN);
	pair_free(&p);
}

static void test_moved(void **state)
{
	int a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 1, 3, 4, 5, 6, 2 };
	pair p = { 0 };
	const dossier_node *n;
	size_t i, moved = 0;
	char *s;

	(void)state;
	diff_ids(&p, a, 6, b, 6);
	assert_int_equal(count(&p, DOSSIER_CHANGE_MOVED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_CHANGED), 0);
	for (i = 0; i < p.d->nitems; i++)
		if (p.d->items[i].changes & DOSSIER_CHANGE_MOVED) {
			moved++;
			assert_string_equal(p.d->items[i].old_node->num, "2");
			assert_string_equal(p.d->items[i].new_node->num, "6");
			assert_int_equal(i, 5);
		}
	assert_int_equal(moved, 1);
	s = summary(&p);
	assert_contains(s, "Điều 2 moved to Điều 6\n");
	assert_contains(s, "Điều 3–6 renumbered 2–5\n");
	free(s);
	assert_int_equal(dossier_diff_locate(&n, NULL, p.d, "art_2"), DOSSIER_FATE_MOVED);
	assert_string_equal(n->eid, "art_6");
	pair_free(&p);
}

static const char *split_old =
	"Điều 1. Phạm vi\n"
	"1. Nghị định này quy định về quy hoạch đô thị thông minh.\n"
	"2. Trung tâm điều hành đô thị thông minh giám sát giao thông, môi trường và an ninh trật tự; "
	"nền tảng dữ liệu đô thị được kết nối với cơ sở dữ liệu quốc gia về dân cư và đất đai.\n"
	"3. Ủy ban nhân dân cấp tỉnh bố trí kinh phí thực hiện.\n";
static const char *split_new =
	"Điều 1. Phạm vi\n"
	"1. Nghị định này quy định về quy hoạch đô thị thông minh.\n"
	"2. Trung tâm điều hành đô thị thông minh giám sát giao thông, môi trường và an ninh trật tự.\n"
	"3. Nền tảng dữ liệu đô thị được kết nối với cơ sở dữ liệu quốc gia về dân cư và đất đai.\n"
	"4. Ủy ban nhân dân cấp tỉnh bố trí kinh phí thực hiện.\n";

static void test_split_clause(void **state)
{
	pair p = { 0 };
	const dossier_diff_item *art, *c;
	const dossier_node *n;
	char *s;

	(void)state;
	diff_texts(&p, split_old, split_new);
	assert_int_equal(p.d->nitems, 1);
	art = &p.d->items[0];
	assert_int_equal(art->changes, DOSSIER_CHANGE_CHANGED);
	assert_int_equal(art->nchildren, 3);
	assert_int_equal(art->children[0].changes, 0);
	c = &art->children[1];
	assert_int_equal(c->changes, DOSSIER_CHANGE_SPLIT);
	assert_string_equal(c->old_node->eid, "art_1__para_2");
	assert_string_equal(c->new_node->eid, "art_1__para_2");
	assert_int_equal(c->nparts, 1);
	assert_string_equal(c->parts[0]->eid, "art_1__para_3");
	assert_non_null(c->text);
	assert_int_equal(art->children[2].changes, DOSSIER_CHANGE_RENUMBERED);
	assert_int_equal(count(&p, DOSSIER_CHANGE_SPLIT), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 0);
	s = summary(&p);
	assert_contains(s, "Điều 1 changed in khoản 2 split");
	free(s);
	assert_int_equal(dossier_diff_locate(&n, NULL, p.d, "art_1__para_2"), DOSSIER_FATE_SPLIT);
	assert_string_equal(n->eid, "art_1__para_2");
	assert_akn_valid(&p);
	pair_free(&p);
}

static void test_merged_clauses(void **state)
{
	pair p = { 0 };
	const dossier_diff_item *art, *c;
	const dossier_node *n;

	(void)state;
	diff_texts(&p, split_new, split_old);
	art = &p.d->items[0];
	assert_int_equal(art->nchildren, 3);
	c = &art->children[1];
	assert_int_equal(c->changes, DOSSIER_CHANGE_MERGED);
	assert_string_equal(c->old_node->eid, "art_1__para_2");
	assert_int_equal(c->nparts, 1);
	assert_string_equal(c->parts[0]->eid, "art_1__para_3");
	assert_string_equal(c->new_node->eid, "art_1__para_2");
	assert_int_equal(art->children[2].changes, DOSSIER_CHANGE_RENUMBERED);
	assert_string_equal(art->children[2].old_node->eid, "art_1__para_4");
	assert_int_equal(count(&p, DOSSIER_CHANGE_MERGED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 0);
	assert_int_equal(dossier_diff_locate(&n, NULL, p.d, "art_1__para_3"), DOSSIER_FATE_MERGED);
	assert_string_equal(n->eid, "art_1__para_2");
	assert_akn_valid(&p);
	pair_free(&p);
}

static void test_one_word(void **state)
{
	int ids[] = { 1, 2, 3, 4 };
	char *a = text_of(ids, 4), *b = util_strdup(a), *at;
	const dossier_diff_item *it;
	const dossier_node *n;
	bool changed;
	pair p = { 0 };
	char *s;

	(void)state;
	/* Change the first word of the second clause of Điều 3. */
	at = strstr(b, "Điều 3.");
	assert_non_null(at);
	at = strstr(at, "\n2. ");
	assert_non_null(at);
	{
		dstr t = DSTR_INIT;
		char *w = at + 4, *e = strchr(w, ' ');

		dstr_add(&t, b, (size_t)(w - b));
		dstr_adds(&t, "XYZ");
		dstr_adds(&t, e);
		free(b);
		b = dstr_detach(&t);
	}
	diff_texts(&p, a, b);
	assert_int_equal(count(&p, DOSSIER_CHANGE_CHANGED), 2);  /* the article and its clause */
	assert_int_equal(count(&p, DOSSIER_CHANGE_RENUMBERED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 0);
	it = &p.d->items[2];
	assert_int_equal(it->changes, DOSSIER_CHANGE_CHANGED);
	assert_null(it->text);
	assert_null(it->heading);
	assert_int_equal(it->children[0].changes, 0);
	assert_int_equal(it->children[1].changes, DOSSIER_CHANGE_CHANGED);
	assert_int_equal(it->children[1].text->deleted, 1);
	assert_int_equal(it->children[1].text->inserted, 1);
	assert_int_equal(it->children[2].changes, 0);
	s = summary(&p);
	assert_contains(s, "Điều 3 changed in khoản 2\n");
	assert_contains(s, "{+XYZ+}");
	free(s);
	assert_int_equal(dossier_diff_locate(&n, &changed, p.d, "art_3__para_2"), DOSSIER_FATE_CHANGED);
	assert_true(changed);
	pair_free(&p);
	free(a);
	free(b);
}

static void test_nfd_input(void **state)
{
	int ids[] = { 1, 2, 3 };
	char *a = text_of(ids, 3);
	utf8proc_uint8_t *nfd = NULL;
	pair p = { 0 };

	(void)state;
	assert_true(utf8proc_map((const utf8proc_uint8_t *)a, 0, &nfd,
		UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE) > 0);
	assert_string_not_equal((char *)nfd, a);
	diff_texts(&p, a, (const char *)nfd);
	assert_false(dossier_diff_changed(p.d));
	pair_free(&p);
	free(a);
	free(nfd);
}

static void test_akn_valid(void **state)
{
	int a[] = { 1, 2, 3, 4, 5 }, b[] = { 1, 9, 3, 4, 5 };
	const char *xsd = getenv("DOSSIER_SCHEMA");
	char *ta = text_of(a, 5), *tb = text_of(b, 5), *xml = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	size_t len = 0;
	pair p = { 0 };

	(void)state;
	/* Điều 2 replaced by another article, Điều 4 edited. */
	diff_texts(&p, ta, tb);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 1);
	assert_int_equal(dossier_diff_akn(&xml, &len, p.d, NULL, &err), 0);
	assert_non_null(strstr(xml, "status=\"removed\""));
	assert_non_null(strstr(xml, "eId=\"del_art_2\""));
	assert_non_null(strstr(xml, "class=\"diff-inserted\""));
	assert_non_null(strstr(xml, "<ins>"));
	if (xsd) {
		assert_int_equal(dossier_diags_new(&diags), 0);
		if (dossier_akn_validate(xsd, "diff.xml", xml, len, diags, &err) < 0) {
			size_t i;

			for (i = 0; i < dossier_diags_count(diags); i++)
				print_error("%s\n", dossier_diags_get(diags, i)->message);
			fail_msg("diff AKN does not validate");
		}
		dossier_diags_free(diags);
	}
	free(xml);
	free(ta);
	free(tb);
	pair_free(&p);
}

static void test_english_and_json(void **state)
{
	const char *a =
		"DECREE\nOn smart cities\n\nChapter I\nGENERAL PROVISIONS\n\n"
		"Article 1. Scope\nThis Decree regulates smart city development in Viet Nam.\n\n"
		"Article 2. Definitions\n1. Smart city means a city that uses digital technology.\n"
		"2. Urban data platform means a shared data system of the city.\n\n"
		"Chapter II\nIMPLEMENTATION\n\n"
		"Article 3. Entry into force\nThis Decree takes effect on 1 January 2026.\n";
	const char *b =
		"DECREE\nOn smart cities\n\nChapter I\nGENERAL RULES\n\n"
		"Article 1. Scope\nThis Decree regulates smart city development in Viet Nam.\n\n"
		"Article 2. Principles\nCitizens and businesses come first in every service.\n\n"
		"Article 3. Definitions\n1. Smart city means a city that uses digital technology.\n"
		"2. Urban data platform means a shared data system of the city.\n\n"
		"Chapter II\nIMPLEMENTATION\n\n"
		"Article 4. Entry into force\nThis Decree takes effect on 1 July 2026.\n";
	dossier_error err = DOSSIER_ERROR_INIT;
	json_t *j, *changes, *c;
	json_error_t jerr;
	pair p = { 0 };
	char *s, *js = NULL;

	(void)state;
	diff_texts(&p, a, b);
	assert_int_equal(p.d->lang, DOSSIER_LANG_ENG);
	s = summary(&p);
	assert_contains(s, "  Chapter I changed in heading\n");
	assert_contains(s, "  Article 2 inserted\n");
	assert_contains(s, "  Articles 2–3 renumbered 3–4, of which Article 4 (was 3) changed in text\n");
	assert_contains(s, "effect on 1 [-January-]{+July+} 2026.");
	assert_contains(s, "heading: GENERAL [-PROVISIONS-]{+RULES+}");
	free(s);

	assert_int_equal(dossier_diff_json(&js, p.d, NULL, &err), 0);
	j = json_loads(js, 0, &jerr);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "changed")));
	assert_string_equal(json_string_value(json_object_get(j, "language")), "eng");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"), "inserted")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "containers")), 1);
	changes = json_object_get(j, "changes");
	assert_int_equal(json_array_size(changes), 3);
	c = json_array_get(changes, 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "kinds"), 0)), "inserted");
	assert_true(json_is_null(json_object_get(c, "old")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "new"), "citation")), "Article 2");
	c = json_array_get(changes, 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "old"), "eid")), "art_3");
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "new"), "eid")), "art_4");
	assert_int_equal(json_array_size(json_object_get(c, "kinds")), 2);
	assert_non_null(json_object_get(c, "text"));
	json_decref(j);
	free(js);
	pair_free(&p);
}

static void test_moved_and_changed(void **state)
{
	int a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 1, 3, 4, 5, 2, 6 };
	char *ta = text_of(a, 6), *tb = text_of(b, 6), *at;
	const dossier_diff_item *it = NULL;
	pair p = { 0 };
	size_t i;

	(void)state;
	/* The moved article (now Điều 5) also loses its last clause's final mark. */
	at = strstr(tb, "Điều 5.");
	assert_non_null(at);
	at = strstr(at, "\n3. ");
	at = strchr(at + 1, '\n');
	assert_int_equal(at[-1], '.');
	at[-1] = ';';
	diff_texts(&p, ta, tb);
	for (i = 0; i < p.d->nitems; i++)
		if (p.d->items[i].changes & DOSSIER_CHANGE_MOVED)
			it = &p.d->items[i];
	assert_non_null(it);
	assert_int_equal(it->changes, DOSSIER_CHANGE_MOVED | DOSSIER_CHANGE_CHANGED);
	assert_string_equal(it->old_node->eid, "art_2");
	assert_string_equal(it->new_node->eid, "art_5");
	assert_int_equal(it->children[2].changes, DOSSIER_CHANGE_CHANGED);
	assert_int_equal(count(&p, DOSSIER_CHANGE_MOVED), 1);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 0);
	assert_akn_valid(&p);
	free(ta);
	free(tb);
	pair_free(&p);
}

/* ---- random revisions: every provision accounted for once, in order ---- */

static int is_container_kind(dossier_node_kind k)
{
	return k == DOSSIER_NODE_BODY || k == DOSSIER_NODE_PART || k == DOSSIER_NODE_CHAPTER ||
	       k == DOSSIER_NODE_SECTION;
}

static size_t units_of(const dossier_node **out, size_t max, const dossier_node *n)
{
	size_t i, k = 0;

	for (i = 0; i < n->nchildren; i++) {
		const dossier_node *c = n->children[i];

		if (is_container_kind(c->kind))
			k += units_of(out + (k < max ? k : max), k < max ? max - k : 0, c);
		else {
			if (k < max)
				out[k] = c;
			k++;
		}
	}
	return k;
}

static size_t index_in(const dossier_node *const *v, size_t n, const dossier_node *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return i;
	fail_msg("a node of the diff is not among the siblings it should be in");
	return 0;
}

/* The items cover the old list A and the new list B exactly once each,
 * the new ones in their order. */
static void check_cover(const dossier_diff_item *v, size_t n, const dossier_node *const *A, size_t na,
	const dossier_node *const *B, size_t nb)
{
	unsigned char *seen_a = calloc(na + 1, 1), *seen_b = calloc(nb + 1, 1);
	size_t i, k, last_b = 0;
	int any_b = 0;

	assert_non_null(seen_a);
	assert_non_null(seen_b);
	for (i = 0; i < n; i++) {
		const dossier_diff_item *it = &v[i];

		if (it->old_node) {
			k = index_in(A, na, it->old_node);
			assert_int_equal(seen_a[k], 0);
			seen_a[k] = 1;
		}
		if (it->new_node) {
			k = index_in(B, nb, it->new_node);
			assert_int_equal(seen_b[k], 0);
			seen_b[k] = 1;
			if (any_b)
				assert_true(k > last_b);
			last_b = k;
			any_b = 1;
		}
		for (k = 0; k < it->nparts; k++) {
			size_t j;

			if (it->changes & DOSSIER_CHANGE_SPLIT) {
				j = index_in(B, nb, it->parts[k]);
				assert_int_equal(seen_b[j], 0);
				seen_b[j] = 1;
				last_b = j;
			} else {
				j = index_in(A, na, it->parts[k]);
				assert_int_equal(seen_a[j], 0);
				seen_a[j] = 1;
			}
		}
		if (it->old_node && it->new_node &&
		    !(it->changes & (DOSSIER_CHANGE_SPLIT | DOSSIER_CHANGE_MERGED)) && it->nchildren)
			check_cover(it->children, it->nchildren,
				(const dossier_node *const *)it->old_node->children, it->old_node->nchildren,
				(const dossier_node *const *)it->new_node->children, it->new_node->nchildren);
	}
	for (i = 0; i < na; i++)
		assert_int_equal(seen_a[i], 1);
	for (i = 0; i < nb; i++)
		assert_int_equal(seen_b[i], 1);
	free(seen_a);
	free(seen_b);
}

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

static void test_random_revisions(void **state)
{
	char *src = read_source("templates/du-thao-nghi-dinh-do-thi-thong-minh.txt");
	char *lines[400];
	size_t nl = 0, round, done = 0;
	uint64_t seed = 2024;
	dossier_document *a;
	char *p, *save = NULL;

	(void)state;
	if (!src) {
		skip();
		return;
	}
	a = parse(src);
	for (p = strtok_r(src, "\n", &save); p && nl < 400; p = strtok_r(NULL, "\n", &save))
		lines[nl++] = p;
	for (round = 0; round < 150; round++) {
		const char *order[800];
		size_t n = 0, i, ops = 1 + rnd(&seed) % 4, o;
		dstr t = DSTR_INIT;
		dossier_document *b = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;
		dossier_diff *d = NULL;
		const dossier_node *ua[200], *ub[200];
		size_t na, nb;
		char *out = NULL;

		for (i = 0; i < nl; i++)
			order[n++] = lines[i];
		/* Line-level edits of the body (after the header): drop, repeat,
		 * swap, or truncate a line. */
		for (o = 0; o < ops; o++) {
			size_t x = 20 + rnd(&seed) % (n - 20), y = 20 + rnd(&seed) % (n - 20);
			const char *tmp;

			switch (rnd(&seed) % 4) {
			case 0:
				memmove(&order[x], &order[x + 1], (n - x - 1) * sizeof(*order));
				n--;
				break;
			case 1:
				memmove(&order[x + 1], &order[x], (n - x) * sizeof(*order));
				n++;
				break;
			case 2:
				tmp = order[x];
				order[x] = order[y];
				order[y] = tmp;
				break;
			default:
				order[x] = "Nội dung sửa đổi của dòng này.";
				break;
			}
		}
		for (i = 0; i < n; i++) {
			dstr_adds(&t, order[i]);
			dstr_addc(&t, '\n');
		}
		if (dossier_text_parse(&b, "random.txt", t.ptr, t.len, NULL, &err) < 0) {
			dossier_error_clear(&err);   /* e.g. a number repeated: not a text to diff */
			dstr_free(&t);
			continue;
		}
		dstr_free(&t);
		assert_int_equal(dossier_diff_new(&d, a, b, &err), 0);
		na = units_of(ua, 200, a->body);
		nb = units_of(ub, 200, b->body);
		check_cover(d->items, d->nitems, ua, na, ub, nb);
		assert_int_equal(dossier_diff_text(&out, d, NULL, &err), 0);
		free(out);
		assert_int_equal(dossier_diff_json(&out, d, NULL, &err), 0);
		free(out);
		if (dossier_diff_akn(&out, NULL, d, NULL, &err) == 0)
			free(out);
		else
			dossier_error_clear(&err);
		dossier_diff_free(d);
		dossier_document_free(b);
		done++;
	}
	assert_true(done > 50);
	dossier_document_free(a);
	free(src);
}

/* ---- a real law, revised by this test ---- */

static char *read_corpus(const char *name)
{
	const char *shared = getenv("DOSSIER_SHARED");
	char *path, *data = NULL;
	size_t len;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (!shared)
		return NULL;
	path = util_sprintf("%s/corpus/%s", shared, name);
	if (util_read_file(&data, &len, path, &err) < 0)
		fail_msg("%s", err.message);
	free(path);
	return data;
}

/* The articles of a document, in order. */
static size_t articles(dossier_node **out, size_t max, dossier_node *n)
{
	size_t k = 0, i;

	for (i = 0; i < n->nchildren; i++) {
		dossier_node *c = n->children[i];

		if (c->kind == DOSSIER_NODE_ARTICLE) {
			if (k < max)
				out[k] = c;
			k++;
		} else if (c->kind != DOSSIER_NODE_CLAUSE && c->kind != DOSSIER_NODE_POINT) {
			k += articles(out + (k < max ? k : max), k < max ? max - k : 0, c);
		}
	}
	return k;
}

static void detach(dossier_node *n)
{
	dossier_node *p = n->parent;
	size_t i;

	for (i = 0; i < p->nchildren; i++)
		if (p->children[i] == n) {
			memmove(&p->children[i], &p->children[i + 1],
				(p->nchildren - i - 1) * sizeof(*p->children));
			p->nchildren--;
			break;
		}
	n->parent = NULL;
}

static void test_real_revision(void **state)
{
	char *data = read_corpus("luat-80-2015.txt");
	dossier_document *a = NULL, *b = NULL;
	dossier_node *arts[400], *ins, *cl, *victim;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diff *d = NULL;
	size_t n, i, k, changed = 0, inserted = 0, deleted = 0, renumbered = 0, other = 0;
	char *edited;

	(void)state;
	if (!data) {
		skip();
		return;
	}
	a = parse(data);
	assert_int_equal(dossier_document_clone(&b, a), 0);
	n = articles(arts, 400, b->body);
	assert_int_equal(n, 173);

	/* 1. A new article after Điều 40, in Điều 40's chapter. */
	{
		dossier_node *p = arts[39]->parent;
		size_t at;

		assert_int_equal(dossier_node_new(&ins, p, DOSSIER_NODE_ARTICLE, "41",
			"Đánh giá tác động của văn bản sau khi ban hành"), 0);
		assert_int_equal(dossier_node_new(&cl, ins, DOSSIER_NODE_CLAUSE, "1", NULL), 0);
		assert_int_equal(dossier_node_add_text(cl, "Cơ quan chủ trì soạn thảo tổ chức đánh giá "
			"tác động của văn bản sau ba năm kể từ ngày có hiệu lực."), 0);
		assert_int_equal(dossier_node_new(&cl, ins, DOSSIER_NODE_CLAUSE, "2", NULL), 0);
		assert_int_equal(dossier_node_add_text(cl, "Báo cáo đánh giá được công bố trên cổng "
			"thông tin điện tử của cơ quan chủ trì."), 0);
		/* dossier_node_new appended it: move it to just after Điều 40. */
		for (at = 0; at < p->nchildren && p->children[at] != arts[39]; at++)
			;
		memmove(&p->children[at + 2], &p->children[at + 1],
			(p->nchildren - at - 2) * sizeof(*p->children));
		p->children[at + 1] = ins;
	}
	/* 2. Điều 90 deleted. */
	victim = arts[89];
	detach(victim);
	dossier_node_free(victim);
	/* 3. Điều 120 (after the deletion: unchanged number) edited: one
	 * word of its first clause (or its text). */
	{
		dossier_node *t = arts[119]->nchildren ? arts[119]->children[0] : arts[119];
		char *old = t->text[0], *sp = strchr(old, ' ');

		assert_non_null(sp);
		edited = util_sprintf("Đã%s", sp);
		t->text[0] = edited;
		free(old);
	}
	/* 4. Điều 60 (renumbered 61 by the insertion) edited: a sentence added. */
	{
		dossier_node *t = arts[59]->nchildren ? arts[59]->children[0] : arts[59];
		char *old = t->text[0];

		t->text[0] = util_sprintf("%s Quy định này áp dụng thống nhất.", old);
		free(old);
	}
	/* Renumber as a drafter would: Điều 41..89 become 42..90. */
	for (i = 40; i < 89; i++) {
		free(arts[i]->num);
		arts[i]->num = util_sprintf("%zu", i + 2);
	}
	assert_int_equal(dossier_document_assign_eids(b, "v2", NULL, &err), 0);

	assert_int_equal(dossier_diff_new(&d, a, b, &err), 0);
	for (i = 0; i < d->nitems; i++) {
		const dossier_diff_item *it = &d->items[i];
		unsigned c = it->changes;

		if (c == DOSSIER_CHANGE_INSERTED) {
			inserted++;
			assert_string_equal(it->new_node->num, "41");
		} else if (c == DOSSIER_CHANGE_DELETED) {
			deleted++;
			assert_string_equal(it->old_node->num, "90");
		} else if (c == DOSSIER_CHANGE_RENUMBERED) {
			long o = strtol(it->old_node->num, NULL, 10), nn = strtol(it->new_node->num, NULL, 10);

			renumbered++;
			assert_true(o >= 41 && o <= 89);
			assert_int_equal(nn, o + 1);
			for (k = 0; k < it->nchildren; k++)
				assert_int_equal(it->children[k].changes, 0);
		} else if (c == (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_CHANGED)) {
			changed++;
			assert_string_equal(it->old_node->num, "60");
			assert_string_equal(it->new_node->num, "61");
		} else if (c == DOSSIER_CHANGE_CHANGED) {
			const dossier_word_diff *wd;

			changed++;
			assert_string_equal(it->old_node->num, "120");
			wd = it->nchildren ? it->children[0].text : it->text;
			assert_non_null(wd);
			assert_int_equal(wd->deleted, 1);
			assert_int_equal(wd->inserted, 1);
		} else if (c) {
			other++;
		}
	}
	assert_int_equal(inserted, 1);
	assert_int_equal(deleted, 1);
	assert_int_equal(renumbered, 48);   /* 41..89 except 60 */
	assert_int_equal(changed, 2);
	assert_int_equal(other, 0);
	assert_null(d->preface);
	{
		char *s = NULL;

		assert_int_equal(dossier_diff_text(&s, d, NULL, &err), 0);
		assert_contains(s, "Điều 41 inserted\n");
		assert_contains(s, "Điều 41–89 renumbered 42–90, of which Điều 61 (was 60) changed in");
		assert_contains(s, "Điều 90 deleted\n");
		assert_contains(s, "Điều 120 changed");
		free(s);
	}
	dossier_diff_free(d);
	dossier_document_free(a);
	dossier_document_free(b);
	free(data);
}

/* ---- issue 14: real revisions (one test per failure class) ---- */

/* Điều 2 keeps its number and heading but every word of it is new: it is
 * Điều 2 changed, not Điều 2 deleted and another renumbered. */
static void test_rewritten_same_number_heading(void **state)
{
	const char *a = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\nNghị định này quy định về đô thị thông minh.\n"
		"Điều 2. Giải thích từ ngữ\nDữ liệu mở là dữ liệu được công bố rộng rãi.\n"
		"Điều 3. Hiệu lực\nCó hiệu lực từ ngày ký ban hành.\n";
	const char *b = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\nNghị định này quy định về đô thị thông minh.\n"
		"Điều 2. Giải thích từ ngữ\nNền tảng số gồm hạ tầng, ứng dụng, kết nối liên thông.\n"
		"Điều 3. Hiệu lực\nCó hiệu lực từ ngày ký ban hành.\n";
	pair p;
	char *s;

	(void)state;
	diff_texts(&p, a, b);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_INSERTED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_RENUMBERED), 0);
	assert_int_equal(count(&p, DOSSIER_CHANGE_CHANGED), 1);
	s = summary(&p);
	assert_contains(s, "Điều 2 changed");
	free(s);
	pair_free(&p);
}

/* A paragraph wrapped on other lines, or split in two, and runs of
 * spaces (a PDF extraction's furniture of layout) are no change. */
static void test_whitespace_only(void **state)
{
	const char *a = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\n1. Nghị định này quy định về đô thị thông minh và dữ liệu.\n"
		"2. Khoản hai.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.\n";
	const char *b = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\n1. Nghị định này quy định về đô thị\nthông minh và  dữ liệu.\n"
		"2. Khoản hai.\nĐiều 2. Hiệu lực\nCó hiệu lực\ntừ ngày ký.\n";
	pair p;

	(void)state;
	diff_texts(&p, a, b);
	assert_false(dossier_diff_changed(p.d));
	pair_free(&p);
}

/* The identity key's hash, computed as the node is walked (eight bytes
 * at a step where nothing folds): the same for the same words whatever
 * the whitespace and the paragraphs, different for one byte changed. */
static uint64_t key_of(const char *heading, const char *const *text, size_t n, const char *point)
{
	dossier_node *art = NULL, *pt = NULL;
	uint64_t h = 0;
	size_t i;

	assert_int_equal(dossier_node_new(&art, NULL, DOSSIER_NODE_ARTICLE, "5", heading), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(dossier_node_add_text(art, text[i]), 0);
	if (point) {
		assert_int_equal(dossier_node_new(&pt, art, DOSSIER_NODE_POINT, "a", NULL), 0);
		assert_int_equal(dossier_node_add_text(pt, point), 0);
	}
	assert_int_equal(diff_key_hash(&h, art, 1), 0);
	dossier_node_free(art);
	return h;
}

static void test_key_hash_folds(void **state)
{
	const char *a[] = { "Nghị định này quy định về đô thị thông minh và dữ liệu số của các cơ quan nhà nước." };
	const char *b[] = { "  Nghị định này quy định về đô thị\nthông minh   và\tdữ liệu",
		"số của các cơ quan\xc2\xa0nhà nước.  " };
	const char *c[] = { "Nghị định này quy định về đô thị thông minh và dữ liệu số của các cơ quan nhà nước!" };
	const char *d[] = { "Nghị định này quy định về đô thị thông minh và dữ liệu sổ của các cơ quan nhà nước." };
	const char *e[] = { "Nghị định này quy định về đô thị thông minh và dữ liệu số của các cơ quan nhà nước.",
		"Điểm một là thế này." };
	uint64_t ka = key_of("Phạm vi", a, 1, NULL);

	(void)state;
	assert_true(ka == key_of("Phạm vi", b, 2, NULL));
	assert_true(ka == key_of(" Phạm  vi", a, 1, NULL));
	assert_true(ka != key_of("Phạm vi", c, 1, NULL));
	assert_true(ka != key_of("Phạm vi", d, 1, NULL));
	assert_true(ka != key_of("Phạm vi.", a, 1, NULL));
	assert_true(ka != key_of(NULL, a, 1, NULL));
	/* a sub-provision's text is part of the key, as if it followed */
	assert_true(key_of("Phạm vi", a, 1, "Điểm một là thế này.") == key_of("Phạm vi", e, 2, NULL));
	assert_true(key_of("Phạm vi", a, 1, "Điểm một là thế này.") != key_of("Phạm vi", a, 1, "Điểm một là thế này"));
}

/* A clause that loses its points: the marked AKN keeps the schema's order
 * (intro, then the deleted points), repro r11. */
static void test_xml_points_removed(void **state)
{
	const char *a = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\n1. Khoản này có các điểm:\na) điểm một;\nb) điểm hai.\n"
		"2. Khoản hai.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.\n";
	const char *b = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\n1. Khoản này không còn điểm nào.\n"
		"2. Khoản hai.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.\n";
	pair p;

	(void)state;
	diff_texts(&p, a, b);
	assert_int_equal(count(&p, DOSSIER_CHANGE_DELETED), 2);
	assert_akn_valid(&p);
	{
		/* "điểm:" -> "điểm nào.": the new side keeps its space */
		dossier_error err = DOSSIER_ERROR_INIT;
		char *xml = NULL, *s = summary(&p);
		size_t len = 0;

		assert_int_equal(dossier_diff_akn(&xml, &len, p.d, NULL, &err), 0);
		assert_contains(xml, "<del>:</del><ins> nào.</ins>");
		assert_contains(s, "điểm[-:-] {+nào.+}");
		free(xml);
		free(s);
	}
	pair_free(&p);
}

/* A chapter taken out of its part is moved, though the chapters stay in
 * the same order (the LEOS "move chapter" revision). */
static void test_chapter_moved_out_of_part(void **state)
{
	const char *a = "NGHỊ ĐỊNH\nPhần I\nPHẦN CHUNG\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nVăn bản.\n"
		"Phần II\nPHẦN RIÊNG\nChương II\nTỔ CHỨC THỰC HIỆN\nĐiều 2. Hiệu lực\nCó hiệu lực.\n";
	const char *b = "NGHỊ ĐỊNH\nPhần I\nPHẦN CHUNG\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nVăn bản.\n"
		"Chương II\nTỔ CHỨC THỰC HIỆN\nPhần II\nPHẦN RIÊNG\nĐiều 2. Hiệu lực\nCó hiệu lực.\n";
	pair p;
	char *s;

	(void)state;
	diff_texts(&p, a, b);
	assert_int_equal(count(&p, DOSSIER_CHANGE_MOVED), 1);
	s = summary(&p);
	assert_contains(s, "Chương II moved");
	free(s);
	assert_akn_valid(&p);
	pair_free(&p);
}

/* ---- the provision map's index agrees with the walks it replaces ---- */

typedef struct eids {
	const char *v[2048];
	size_t n;
} eids;

static int collect_eid(const dossier_node *n, void *payload)
{
	eids *e = payload;

	if (n->eid && e->n < 2048)
		e->v[e->n++] = n->eid;
	return 0;
}

/* For every eId of the old text (and some it lacks), what the map says of
 * revision 1 against the target (revision 2) is what dossier_diff_locate
 * says, and of revision 2 what dossier_document_find says; returns how
 * many of the old text's eIds came out as `want`. */
static size_t map_agrees(const pair *p, dossier_fate want)
{
	static const char *const absent[] = { "art_9999", "art_1__para_99", "general", "", "art_" };
	const dossier_document *revs[1] = { p->a };
	dossier_provision_map *m = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	eids e = { .n = 0 };
	size_t i, na, hits = 0;

	assert_int_equal(dossier_provision_map_new(&m, revs, 1, p->b, 2, &err), 0);
	dossier_document_walk_all(p->a, collect_eid, &e);
	na = e.n;
	dossier_document_walk_all(p->b, collect_eid, &e);
	for (i = 0; i < sizeof(absent) / sizeof(*absent); i++)
		e.v[e.n++] = absent[i];
	assert_true(e.n > 5);
	for (i = 0; i < e.n; i++) {
		const dossier_node *got, *exp = NULL;
		bool gch, ech = false;
		dossier_fate gf, ef = DOSSIER_FATE_UNKNOWN;

		assert_int_equal(dossier_provision_map_locate(&gf, &got, &gch, m, 1, e.v[i], &err), 0);
		if (dossier_document_find(p->a, e.v[i]))
			ef = dossier_diff_locate(&exp, &ech, p->d, e.v[i]);
		if (gf != ef || got != exp || gch != ech)
			fail_msg("%s: fate %d/%d", e.v[i], (int)gf, (int)ef);
		hits += i < na && gf == want;   /* each old eId once */
		assert_int_equal(dossier_provision_map_locate(&gf, &got, &gch, m, 2, e.v[i], &err), 0);
		exp = dossier_document_find(p->b, e.v[i]);
		assert_ptr_equal(got, exp);
		assert_int_equal(gf, exp ? DOSSIER_FATE_SAME : DOSSIER_FATE_UNKNOWN);
	}
	dossier_provision_map_free(m);
	dossier_provision_map_free(NULL);
	return hits;
}

static void test_provision_map_index(void **state)
{
	int a[200], b[200], i, nb = 0;
	pair p = { 0 };

	(void)state;
	/* Many provisions: some deleted, some inserted, one moved far, so
	 * that most of what follows is renumbered. */
	for (i = 0; i < 200; i++)
		a[i] = i + 1;
	b[nb++] = 1000;
	for (i = 0; i < 200; i++)
		if (i % 17 != 5 && i != 3)
			b[nb++] = a[i];
	b[nb++] = 4;
	b[nb++] = 1001;
	diff_ids(&p, a, 200, b, nb);
	assert_true(map_agrees(&p, DOSSIER_FATE_RENUMBERED) > 100);
	assert_int_equal(map_agrees(&p, DOSSIER_FATE_MOVED), 1);
	assert_true(map_agrees(&p, DOSSIER_FATE_DELETED) >= 10);
	pair_free(&p);
	/* A clause split and clauses merged (the parts index their item). */
	diff_texts(&p, split_old, split_new);
	assert_int_equal(map_agrees(&p, DOSSIER_FATE_SPLIT), 1);
	pair_free(&p);
	diff_texts(&p, split_new, split_old);
	assert_int_equal(map_agrees(&p, DOSSIER_FATE_MERGED), 2);
	pair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_insert_start),
		cmocka_unit_test(test_insert_middle),
		cmocka_unit_test(test_insert_end),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_moved),
		cmocka_unit_test(test_split_clause),
		cmocka_unit_test(test_merged_clauses),
		cmocka_unit_test(test_one_word),
		cmocka_unit_test(test_nfd_input),
		cmocka_unit_test(test_akn_valid),
		cmocka_unit_test(test_english_and_json),
		cmocka_unit_test(test_moved_and_changed),
		cmocka_unit_test(test_random_revisions),
		cmocka_unit_test(test_real_revision),
		cmocka_unit_test(test_rewritten_same_number_heading),
		cmocka_unit_test(test_whitespace_only),
		cmocka_unit_test(test_key_hash_folds),
		cmocka_unit_test(test_xml_points_removed),
		cmocka_unit_test(test_chapter_moved_out_of_part),
		cmocka_unit_test(test_provision_map_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
