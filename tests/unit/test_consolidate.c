/*
 * test_consolidate.c: applying comments to a revision on the document
 * model: an accepted proposal, a partial acceptance with edited text,
 * rejected, noted and unanswered comments that change nothing, a comment on
 * a provision the revision no longer has (reported, never applied
 * elsewhere), articles renumbered between revisions, number labels
 * stripped, the intro of a provision with children, two adoptions on one
 * provision (the later response wins, both recorded), general comments,
 * comments without text, comments on a later revision, and text that the
 * revision already has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/consolidate.h"
#include "dossier/diff.h"
#include "dossier/textparse.h"

static const char V1[] =
	"NGHỊ ĐỊNH\n"
	"Quy định về phát triển đô thị thông minh\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về đô thị thông minh.\n"
	"Điều 2. Giải thích từ ngữ\n"
	"1. Đô thị thông minh là đô thị ứng dụng công nghệ số.\n"
	"2. Nền tảng dữ liệu đô thị gồm:\n"
	"a) Dữ liệu quy hoạch;\n"
	"đ) Dữ liệu do người dân cung cấp.\n"
	"Điều 3. Trách nhiệm thi hành\n"
	"Các bộ chịu trách nhiệm thi hành.\n";

/* v2: a new article 2, so 2 and 3 become 3 and 4; point đ dropped. */
static const char V2[] =
	"NGHỊ ĐỊNH\n"
	"Quy định về phát triển đô thị thông minh\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về đô thị thông minh.\n"
	"Điều 2. Đối tượng áp dụng\n"
	"Nghị định này áp dụng đối với cơ quan, tổ chức.\n"
	"Điều 3. Giải thích từ ngữ\n"
	"1. Đô thị thông minh là đô thị ứng dụng công nghệ số.\n"
	"2. Nền tảng dữ liệu đô thị gồm:\n"
	"a) Dữ liệu quy hoạch.\n"
	"Điều 4. Trách nhiệm thi hành\n"
	"Các bộ chịu trách nhiệm thi hành.\n";

static dossier_document *parse(const char *text)
{
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_text_parse(&doc, "test.txt", text, strlen(text), NULL, &err), 0);
	return doc;
}

/* The citations of v1's eIds used below, as the comment records keep them. */
static const char *citation_of(const char *eid)
{
	static const char *const map[][2] = {
		{ "art_1", "Điều 1" }, { "art_2__para_1", "Điều 2 khoản 1" }, { "art_2__para_2", "Điều 2 khoản 2" },
		{ "art_2__para_2__point_a", "Điều 2 khoản 2 điểm a" },
		{ "art_2__para_2__point_dd", "Điều 2 khoản 2 điểm đ" }, { "art_3", "Điều 3" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], eid))
			return map[i][1];
	return NULL;
}

typedef struct comments {
	dossier_comment_list list;
	dossier_comment_record items[16];
} comments;

/* A comment at `minute` past a fixed hour, answered at `answered`. */
static void add(comments *c, const char *id, const char *on, const char *rev, const char *proposal,
	dossier_disposition disp, const char *adopted, int minute, int answered)
{
	dossier_comment_record *r = &c->items[c->list.n++];

	memset(r, 0, sizeof(*r));
	r->id = (char *)id;
	r->author = (char *)"most";
	r->author_name = (char *)"Bộ Khoa học và Công nghệ";
	r->on = (char *)on;
	r->citation = (char *)citation_of(on);
	r->revision = (char *)rev;
	r->text = (char *)"ý kiến";
	r->proposal = (char *)proposal;
	r->disposition = disp;
	r->reason = disp ? (char *)"lý do" : NULL;
	r->adopted = (char *)adopted;
	r->responder = disp ? (char *)"moc" : NULL;
	r->time = 1750000000 + minute * 60;
	r->response_time = disp ? 1760000000 + answered * 60 : 0;
}

static void init(comments *c)
{
	memset(c, 0, sizeof(*c));
	c->list.items = c->items;
}

static const dossier_node *node(const dossier_document *doc, const char *eid)
{
	const dossier_node *n = dossier_document_find(doc, eid);

	assert_non_null(n);
	return n;
}

static void assert_text(const dossier_document *doc, const char *eid, const char *text)
{
	const dossier_node *n = node(doc, eid);

	assert_int_equal(n->ntext, 1);
	assert_string_equal(n->text[0], text);
}

static const dossier_consolidation_unapplied *unapplied(const dossier_consolidation_report *r,
	const char *id)
{
	size_t i;

	for (i = 0; i < r->nunapplied; i++)
		if (!strcmp(r->unapplied[i].source.comment, id))
			return &r->unapplied[i];
	return NULL;
}

static void test_accepted_partial_rejected_noted(void **state)
{
	dossier_document *v1 = parse(V1), *out = NULL;
	dossier_consolidation_report *r = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	comments c;

	(void)state;
	init(&c);
	add(&c, "most-1", "art_2__para_1", "v1", "1. Đô thị thông minh là đô thị ứng dụng công nghệ số và dữ liệu.",
		DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 1);
	add(&c, "mps-1", "art_3", "v1", "Các bộ và địa phương chịu trách nhiệm thi hành.",
		DOSSIER_DISPOSITION_PARTIAL, "Các bộ, cơ quan ngang bộ chịu trách nhiệm thi hành.", 2, 2);
	add(&c, "mof-1", "art_1", "v1", "Văn bản bị bác.", DOSSIER_DISPOSITION_REJECTED, NULL, 3, 3);
	add(&c, "hcmc-1", "art_2__para_2__point_a", "v1", "a) Văn bản ghi nhận.", DOSSIER_DISPOSITION_NOTED, NULL, 4, 4);
	add(&c, "vcci-1", "art_2__para_2__point_dd", "v1", "đ) Văn bản chưa trả lời.", DOSSIER_DISPOSITION_NONE, NULL, 5, 0);
	assert_int_equal(dossier_consolidate_document(&out, &r, v1, 1, &c.list, NULL, NULL, &err), 0);

	assert_text(out, "art_2__para_1", "Đô thị thông minh là đô thị ứng dụng công nghệ số và dữ liệu.");
	assert_text(out, "art_3", "Các bộ, cơ quan ngang bộ chịu trách nhiệm thi hành.");
	assert_text(out, "art_1", "Nghị định này quy định về đô thị thông minh.");
	assert_text(out, "art_2__para_2__point_a", "Dữ liệu quy hoạch;");
	assert_text(out, "art_2__para_2__point_dd", "Dữ liệu do người dân cung cấp.");
	/* The input is untouched. */
	assert_text(v1, "art_2__para_1", "Đô thị thông minh là đô thị ứng dụng công nghệ số.");

	assert_string_equal(r->revision, "v1");
	assert_int_equal(r->nchanges, 2);
	/* Document order: art_2__para_1 before art_3. */
	assert_string_equal(r->changes[0].eid, "art_2__para_1");
	assert_string_equal(r->changes[0].citation, "Điều 2 khoản 1");
	assert_string_equal(r->changes[0].old_text, "Đô thị thông minh là đô thị ứng dụng công nghệ số.");
	assert_string_equal(r->changes[0].new_text, "Đô thị thông minh là đô thị ứng dụng công nghệ số và dữ liệu.");
	assert_int_equal(r->changes[0].nsources, 1);
	assert_string_equal(r->changes[0].sources[0].comment, "most-1");
	assert_string_equal(r->changes[0].sources[0].author_name, "Bộ Khoa học và Công nghệ");
	assert_int_equal(r->changes[0].sources[0].disposition, DOSSIER_DISPOSITION_ACCEPTED);
	assert_true(r->changes[0].sources[0].from_proposal);
	assert_false(r->changes[0].sources[0].superseded);
	assert_string_equal(r->changes[1].eid, "art_3");
	assert_int_equal(r->changes[1].sources[0].disposition, DOSSIER_DISPOSITION_PARTIAL);
	assert_false(r->changes[1].sources[0].from_proposal);
	assert_string_equal(r->changes[1].sources[0].reason, "lý do");
	/* Rejected, noted and unanswered comments are not part of a consolidation. */
	assert_int_equal(r->nunapplied, 0);

	dossier_consolidation_report_free(r);
	dossier_document_free(out);
	dossier_document_free(v1);
}

static void test_deleted_provision_and_renumbered_articles(void **state)
{
	dossier_document *v1 = parse(V1), *v2 = parse(V2), *out = NULL;
	const dossier_document *revs[2];
	dossier_consolidation_report *r = NULL;
	dossier_provision_map *map = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_consolidation_unapplied *u;
	comments c;

	(void)state;
	revs[0] = v1;
	revs[1] = v2;
	/* where v1's provisions stand in v2: the structural diff, as the façade gives it */
	assert_int_equal(dossier_provision_map_new(&map, revs, 2, v2, 2, &err), 0);
	init(&c);
	add(&c, "most-1", "art_2__para_1", "v1", "1. Đô thị thông minh ứng dụng dữ liệu.",
		DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 1);
	add(&c, "hanoi-1", "art_2__para_2__point_dd", "v1", "đ) Dữ liệu của doanh nghiệp.",
		DOSSIER_DISPOSITION_ACCEPTED, NULL, 2, 2);
	add(&c, "mps-1", "art_3", "v1", NULL, DOSSIER_DISPOSITION_PARTIAL,
		"Các bộ, địa phương chịu trách nhiệm thi hành.", 3, 3);
	assert_int_equal(dossier_consolidate_document(&out, &r, v2, 2, &c.list, dossier_provision_map_locator, map, &err), 0);

	/* Article 2 of v1 ("Giải thích từ ngữ") is article 3 of v2. */
	assert_text(out, "art_3__para_1", "Đô thị thông minh ứng dụng dữ liệu.");
	assert_text(out, "art_2", "Nghị định này áp dụng đối với cơ quan, tổ chức.");
	assert_text(out, "art_4", "Các bộ, địa phương chịu trách nhiệm thi hành.");
	assert_text(out, "art_3__para_2__point_a", "Dữ liệu quy hoạch.");
	assert_null(dossier_document_find(out, "art_3__para_2__point_dd"));
	assert_int_equal(r->nchanges, 2);
	assert_string_equal(r->changes[0].eid, "art_3__para_1");
	assert_string_equal(r->changes[0].sources[0].on, "art_2__para_1");
	assert_string_equal(r->changes[0].sources[0].citation, "Điều 2 khoản 1");
	assert_string_equal(r->changes[0].citation, "Điều 3 khoản 1");
	assert_string_equal(r->changes[1].eid, "art_4");

	u = unapplied(r, "hanoi-1");
	assert_non_null(u);
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_MISSING);
	assert_true(dossier_consolidation_unapplied_is_warning(u));
	assert_string_equal(u->source.text, "đ) Dữ liệu của doanh nghiệp.");
	assert_non_null(strstr(u->message, "art_2__para_2__point_dd"));
	assert_non_null(strstr(u->message, "v2"));
	assert_int_equal(r->nunapplied, 1);
	dossier_consolidation_report_free(r);
	dossier_document_free(out);

	/* A point follows its renumbered article too. */
	init(&c);
	add(&c, "vcci-1", "art_2__para_2__point_a", "v1", "a) Dữ liệu quy hoạch đô thị.",
		DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 1);
	assert_int_equal(dossier_consolidate_document(&out, &r, v2, 2, &c.list, dossier_provision_map_locator, map, &err), 0);
	assert_text(out, "art_3__para_2__point_a", "Dữ liệu quy hoạch đô thị.");
	assert_text(out, "art_2", "Nghị định này áp dụng đối với cơ quan, tổ chức.");
	dossier_consolidation_report_free(r);
	dossier_document_free(out);

	dossier_provision_map_free(map);
	dossier_document_free(v1);
	dossier_document_free(v2);
}

static void test_labels_are_stripped(void **state)
{
	dossier_document *v1 = parse(V1), *out = NULL;
	dossier_consolidation_report *r = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_node *n;
	comments c;

	(void)state;
	init(&c);
	add(&c, "a-1", "art_2__para_2__point_dd", "v1", "đ) Dữ liệu do người dân và doanh nghiệp cung cấp.",
		DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 1);
	add(&c, "b-1", "art_3", "v1", "Điều 3. Trách nhiệm thi hành\nCác bộ, ngành chịu trách nhiệm thi hành.\n\nỦy ban nhân dân các cấp phối hợp.",
		DOSSIER_DISPOSITION_ACCEPTED, NULL, 2, 2);
	/* A number that is not the provision's own is text, not a label. */
	add(&c, "c-1", "art_2__para_1", "v1", "3. Đô thị thông minh.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 3, 3);
	/* The intro of a clause with points: the points stay. */
	add(&c, "d-1", "art_2__para_2", "v1", "2.   Nền tảng dữ liệu đô thị bao gồm:", DOSSIER_DISPOSITION_ACCEPTED, NULL, 4, 4);
	assert_int_equal(dossier_consolidate_document(&out, &r, v1, 1, &c.list, NULL, NULL, &err), 0);

	assert_text(out, "art_2__para_2__point_dd", "Dữ liệu do người dân và doanh nghiệp cung cấp.");
	n = node(out, "art_3");
	assert_int_equal(n->ntext, 2);
	assert_string_equal(n->text[0], "Các bộ, ngành chịu trách nhiệm thi hành.");
	assert_string_equal(n->text[1], "Ủy ban nhân dân các cấp phối hợp.");
	assert_string_equal(n->heading, "Trách nhiệm thi hành");
	assert_text(out, "art_2__para_1", "3. Đô thị thông minh.");
	n = node(out, "art_2__para_2");
	assert_int_equal(n->ntext, 1);
	assert_string_equal(n->text[0], "Nền tảng dữ liệu đô thị bao gồm:");
	assert_int_equal(n->nchildren, 2);
	assert_text(out, "art_2__para_2__point_a", "Dữ liệu quy hoạch;");
	assert_int_equal(r->nchanges, 4);
	assert_string_equal(r->changes[3].new_text, "Các bộ, ngành chịu trách nhiệm thi hành.\nỦy ban nhân dân các cấp phối hợp.");

	dossier_consolidation_report_free(r);
	dossier_document_free(out);
	dossier_document_free(v1);
}

static void test_two_proposals_on_one_provision(void **state)
{
	dossier_document *v1 = parse(V1), *out = NULL;
	dossier_consolidation_report *r = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	comments c;

	(void)state;
	init(&c);
	/* The earlier comment is answered last: its text stands. */
	add(&c, "most-1", "art_1", "v1", "Văn bản thứ nhất.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 20);
	add(&c, "mps-1", "art_1", "v1", "Văn bản thứ hai.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 2, 10);
	assert_int_equal(dossier_consolidate_document(&out, &r, v1, 1, &c.list, NULL, NULL, &err), 0);
	assert_text(out, "art_1", "Văn bản thứ nhất.");
	assert_int_equal(r->nchanges, 1);
	assert_int_equal(r->changes[0].nsources, 2);
	assert_string_equal(r->changes[0].sources[0].comment, "mps-1");
	assert_true(r->changes[0].sources[0].superseded);
	assert_string_equal(r->changes[0].sources[0].text, "Văn bản thứ hai.");
	assert_string_equal(r->changes[0].sources[1].comment, "most-1");
	assert_false(r->changes[0].sources[1].superseded);
	assert_string_equal(r->changes[0].old_text, "Nghị định này quy định về đô thị thông minh.");
	assert_string_equal(r->changes[0].new_text, "Văn bản thứ nhất.");
	dossier_consolidation_report_free(r);
	dossier_document_free(out);
	dossier_document_free(v1);
}

static void test_nothing_to_apply(void **state)
{
	dossier_document *v1 = parse(V1), *out = NULL;
	dossier_consolidation_report *r = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_consolidation_unapplied *u;
	comments c;

	(void)state;
	init(&c);
	add(&c, "g-1", "general", "v1", NULL, DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 1);
	add(&c, "g-2", "general", "v1", "Toàn văn mới.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 2, 2);
	add(&c, "t-1", "art_1", "v1", NULL, DOSSIER_DISPOSITION_ACCEPTED, NULL, 3, 3);
	add(&c, "p-1", "art_1", "v1", "Đề xuất chưa sửa.", DOSSIER_DISPOSITION_PARTIAL, NULL, 4, 4);
	add(&c, "l-1", "art_1", "v2", "Ý kiến về dự thảo sau.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 5, 5);
	add(&c, "s-1", "art_3", "v1", "Các bộ chịu trách nhiệm thi hành.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 6, 6);
	add(&c, "x-1", "art_99", "v1", "Không có.", DOSSIER_DISPOSITION_ACCEPTED, NULL, 7, 7);
	assert_int_equal(dossier_consolidate_document(&out, &r, v1, 1, &c.list, NULL, NULL, &err), 0);
	assert_int_equal(r->nchanges, 0);
	assert_int_equal(r->nunapplied, 7);
	assert_text(out, "art_1", "Nghị định này quy định về đô thị thông minh.");

	u = unapplied(r, "g-1");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_GENERAL);
	assert_false(dossier_consolidation_unapplied_is_warning(u));
	u = unapplied(r, "g-2");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_GENERAL);
	assert_true(dossier_consolidation_unapplied_is_warning(u));
	u = unapplied(r, "t-1");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_NO_TEXT);
	assert_false(dossier_consolidation_unapplied_is_warning(u));
	u = unapplied(r, "p-1");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_NO_TEXT);
	assert_true(dossier_consolidation_unapplied_is_warning(u));
	assert_non_null(strstr(u->message, "--text"));
	u = unapplied(r, "l-1");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_LATER);
	assert_true(dossier_consolidation_unapplied_is_warning(u));
	u = unapplied(r, "s-1");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_SAME);
	assert_false(dossier_consolidation_unapplied_is_warning(u));
	u = unapplied(r, "x-1");
	assert_int_equal(u->reason, DOSSIER_UNAPPLIED_MISSING);
	assert_non_null(strstr(u->message, "art_99"));
	dossier_consolidation_report_free(r);
	dossier_document_free(out);

	/* The report is optional; no comments is a copy. */
	assert_int_equal(dossier_consolidate_document(&out, NULL, v1, 0, NULL, NULL, 0, &err), 0);
	assert_text(out, "art_1", "Nghị định này quy định về đô thị thông minh.");
	dossier_document_free(out);
	assert_int_equal(dossier_consolidate_document(&out, NULL, NULL, 0, NULL, NULL, 0, &err), DOSSIER_EINVALID);
	assert_null(out);
	dossier_error_clear(&err);
	dossier_consolidation_report_free(NULL);
	dossier_document_free(v1);
}

static void test_invalid_utf8_is_an_error(void **state)
{
	dossier_document *v1 = parse(V1), *out = NULL;
	dossier_consolidation_report *r = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	comments c;

	(void)state;
	init(&c);
	add(&c, "u-1", "art_1", "v1", "bad \xff text", DOSSIER_DISPOSITION_ACCEPTED, NULL, 1, 1);
	assert_int_equal(dossier_consolidate_document(&out, &r, v1, 1, &c.list, NULL, NULL, &err), DOSSIER_EINVALID);
	assert_null(out);
	assert_null(r);
	assert_non_null(err.message);
	dossier_error_clear(&err);
	dossier_document_free(v1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_partial_rejected_noted),
		cmocka_unit_test(test_deleted_provision_and_renumbered_articles),
		cmocka_unit_test(test_labels_are_stripped),
		cmocka_unit_test(test_two_proposals_on_one_provision),
		cmocka_unit_test(test_nothing_to_apply),
		cmocka_unit_test(test_invalid_utf8_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
