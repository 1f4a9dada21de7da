/*
 * test_report.c: the synthesis report of comments, built from parts made in
 * the test (a workflow from YAML, two revisions from structured text,
 * comment records in C): grouping by provision in document order with
 * general comments and unknown provisions last, time-then-id order inside a
 * group, numbering, totals per member and per disposition, silent members,
 * the status of each provision in the latest revision (unchanged, changed,
 * deleted or renumbered), every comment exactly once (also for many
 * comments in random order), the CSV conventions (BOM, CRLF, quoting of
 * commas, quotes, line breaks; Vietnamese text as it is) and the AKN
 * output validating against the OASIS schema (DOSSIER_SCHEMA).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/dossier.h"
#include "base/util.h"

static const char *WF =
	"id: t\n"
	"title: Test\n"
	"roles:\n"
	"  drafter: { title: Drafting agency, may: [revise, advance, respond, read] }\n"
	"  member: { title: Member, may: [comment, read] }\n"
	"  reader: { title: Reader, may: [read] }\n"
	"participants:\n"
	"  - { id: moc, name: Bộ Xây dựng, role: drafter, email: a@moc.vn }\n"
	"  - { id: most, name: Bộ Khoa học và Công nghệ, role: member, email: a@most.vn }\n"
	"  - { id: mof, name: Bộ Tài chính, role: member, email: a@mof.vn }\n"
	"  - { id: hanoi, name: UBND thành phố Hà Nội, role: member, email: a@hanoi.vn }\n"
	"  - { id: fpt, name: Công ty FPT, role: member, email: a@fpt.vn }\n"
	"  - { id: vpcp, name: Văn phòng Chính phủ, role: reader, email: a@vpcp.vn }\n"
	"start: a\n"
	"stages:\n"
	"  a:\n"
	"    title: A\n"
	"    comments: open\n"
	"    transitions:\n"
	"      - { to: b, roles: [drafter] }\n"
	"  b: { title: B, final: true }\n";

static const char *V1 =
	"NGHỊ ĐỊNH\n"
	"Quy định về thử nghiệm\n"
	"Điều 1. Phạm vi\n"
	"Nghị định này quy định về thử nghiệm.\n"
	"Điều 2. Giải thích từ ngữ\n"
	"1. Thử nghiệm là việc làm thử.\n"
	"2. Dữ liệu là thông tin số.\n"
	"Điều 3. Hiệu lực\n"
	"Nghị định này có hiệu lực từ ngày ký.\n";

/* v2: Điều 1 unchanged, Điều 2 khoản 2 changed, Điều 3 gone. */
static const char *V2 =
	"NGHỊ ĐỊNH\n"
	"Quy định về thử nghiệm\n"
	"Điều 1. Phạm vi\n"
	"Nghị định này quy định về thử nghiệm.\n"
	"Điều 2. Giải thích từ ngữ\n"
	"1. Thử nghiệm là việc làm thử.\n"
	"2. Dữ liệu là thông tin số và dữ liệu cảm biến.\n";

typedef struct fixture {
	dossier_workflow *wf;
	dossier_document *docs[2];
	dossier_comment_list list;
	dossier_comment_record items[16];
} fixture;

static dossier_document *parse(const char *text)
{
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(dossier_text_parse(&doc, "test.txt", text, strlen(text), NULL, &err), 0);
	return doc;
}

static void add(fixture *f, const char *id, const char *author, const char *on, const char *rev,
	dossier_time t, dossier_disposition disp, const char *text)
{
	dossier_comment_record *c = &f->items[f->list.n++];

	memset(c, 0, sizeof(*c));
	c->id = (char *)id;
	c->author = (char *)author;
	c->author_name = (char *)author;
	c->on = (char *)on;
	c->revision = (char *)rev;
	c->time = t;
	c->text = (char *)text;
	c->disposition = disp;
	if (disp != DOSSIER_DISPOSITION_NONE) {
		c->reason = (char *)"Lý do, có dấu phẩy";
		c->response_time = t + 100;
	}
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_non_null(f);
	assert_int_equal(dossier_workflow_load_buffer(&f->wf, "wf.yaml", WF, strlen(WF), NULL, &err), 0);
	f->docs[0] = parse(V1);
	f->docs[1] = parse(V2);
	f->list.items = f->items;
	/* Deliberately out of order. */
	add(f, "most-2", "most", "art_3", "v1", 5000, DOSSIER_DISPOSITION_ACCEPTED, "Ý kiến về Điều 3");
	add(f, "mof-1", "mof", "general", "v1", 100, DOSSIER_DISPOSITION_NOTED, "Nhất trí");
	add(f, "most-1", "most", "art_1", "v1", 3000, DOSSIER_DISPOSITION_PARTIAL, "Ý kiến, \"trích dẫn\"");
	add(f, "hanoi-1", "hanoi", "art_1", "v1", 1000, DOSSIER_DISPOSITION_NONE, "Dòng 1\nDòng 2");
	add(f, "mof-2", "mof", "art_2__para_2", "v1", 2000, DOSSIER_DISPOSITION_REJECTED, "Sửa khoản 2");
	add(f, "hanoi-2", "hanoi", "art_9", "v1", 50, DOSSIER_DISPOSITION_NONE, "Điều không có");
	add(f, "mof-3", "mof", "art_2__para_2", "v2", 6000, DOSSIER_DISPOSITION_NONE, "Về v2");
	add(f, "most-3", "most", "art_1", "v1", 3000, DOSSIER_DISPOSITION_ACCEPTED, "Cùng thời điểm");
	add(f, "ghost-1", "ghost", "art_2", "v1", 4000, DOSSIER_DISPOSITION_NONE, "Tác giả lạ");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	dossier_document_free(f->docs[0]);
	dossier_document_free(f->docs[1]);
	dossier_workflow_free(f->wf);
	free(f);
	return 0;
}

static dossier_report *build(fixture *f)
{
	dossier_report_input in = DOSSIER_REPORT_INPUT_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_report *r = NULL;

	in.title = "Hồ sơ thử nghiệm";
	in.wf = f->wf;
	in.comments = &f->list;
	in.revisions = (const dossier_document *const *)f->docs;
	in.nrevisions = 2;
	in.date = "2025-08-12";
	assert_int_equal(dossier_report_build(&r, &in, &err), 0);
	assert_non_null(r);
	return r;
}

static void test_order_and_numbering(void **state)
{
	fixture *f = *state;
	dossier_report *r = build(f);
	/* v1 in document order (art_1, art_2, art_2__para_2, art_3), then v2,
	 * then general, then not found; time then id inside a group. */
	static const char *const want[] = {
		"hanoi-1", "most-1", "most-3", "ghost-1", "mof-2", "most-2", "mof-3", "mof-1", "hanoi-2",
	};
	size_t i;

	assert_int_equal(r->nrows, 9);
	for (i = 0; i < r->nrows; i++) {
		assert_string_equal(r->rows[i].comment->id, want[i]);
		assert_int_equal(r->rows[i].number, i + 1);
	}
	assert_int_equal(r->ngroups, 7);
	assert_string_equal(r->groups[0].eid, "art_1");
	assert_int_equal(r->groups[0].n, 3);
	assert_string_equal(r->groups[0].citation, "Điều 1");
	assert_string_equal(r->groups[0].heading, "Phạm vi");
	assert_null(r->groups[2].heading);
	assert_string_equal(r->groups[0].text, "Nghị định này quy định về thử nghiệm.");
	assert_string_equal(r->groups[2].eid, "art_2__para_2");
	assert_string_equal(r->groups[2].citation, "Điều 2 khoản 2");
	assert_string_equal(r->groups[2].revision, "v1");
	assert_string_equal(r->groups[4].eid, "art_2__para_2");
	assert_string_equal(r->groups[4].revision, "v2");
	assert_int_equal(r->groups[5].kind, DOSSIER_REPORT_GROUP_GENERAL);
	assert_null(r->groups[5].text);
	assert_int_equal(r->groups[6].kind, DOSSIER_REPORT_GROUP_NOT_FOUND);
	assert_string_equal(r->groups[6].eid, "art_9");
	/* Groups cover the rows contiguously. */
	for (i = 0; i < r->ngroups; i++) {
		size_t k;

		for (k = 0; k < r->groups[i].n; k++)
			assert_int_equal(r->rows[r->groups[i].first + k].group, i);
	}
	assert_string_equal(r->rows[0].time, "1970-01-01T07:16:40+07:00");
	assert_string_equal(r->latest, "v2");
	assert_string_equal(r->draft_type, "NGHỊ ĐỊNH");
	assert_string_equal(r->drafter, "moc");
	dossier_report_free(r);
}

static void test_status_in_latest(void **state)
{
	fixture *f = *state;
	dossier_report *r = build(f);

	assert_int_equal(r->groups[0].status, DOSSIER_REPORT_UNCHANGED);  /* art_1 */
	assert_int_equal(r->groups[2].status, DOSSIER_REPORT_CHANGED);    /* art_2__para_2 (v1) */
	assert_int_equal(r->groups[3].status, DOSSIER_REPORT_REMOVED);    /* art_3 */
	assert_int_equal(r->groups[4].status, DOSSIER_REPORT_UNCHANGED);  /* art_2__para_2 (v2) */
	assert_int_equal(r->groups[5].status, DOSSIER_REPORT_GENERAL);
	assert_int_equal(r->groups[6].status, DOSSIER_REPORT_NOT_FOUND);
	assert_string_equal(dossier_report_status_name(DOSSIER_REPORT_DELETED), "deleted");
	assert_string_equal(dossier_report_status_label(DOSSIER_REPORT_DELETED), "Đã bỏ");
	/* where each stands now: the same eId here, nothing when deleted */
	assert_string_equal(r->groups[0].now_citation, "Điều 1");
	assert_string_equal(r->groups[0].now_fate, "same");
	assert_string_equal(r->groups[2].now_eid, "art_2__para_2");
	assert_null(r->groups[3].now_citation);
	assert_null(r->groups[5].now_citation);
	assert_null(r->groups[6].now_citation);
	assert_string_equal(dossier_report_status_label(DOSSIER_REPORT_CHANGED), "Đã sửa đổi");
	dossier_report_free(r);
}

/* A new heading alone changes a provision. */
static void test_heading_change(void **state)
{
	fixture *f = *state;
	dossier_document *docs[2];
	dossier_report_input in = DOSSIER_REPORT_INPUT_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_list l;
	dossier_report *r = NULL;

	docs[0] = parse("Điều 1. Phạm vi\nNội dung.\nĐiều 2. Hiệu lực\nNội dung.\n");
	docs[1] = parse("Điều 1. Phạm vi áp dụng\nNội dung.\nĐiều 2. Hiệu lực\nNội dung.\n");
	l.items = f->items;
	l.n = 0;
	f->list = l;
	add(f, "most-1", "most", "art_1", "v1", 10, DOSSIER_DISPOSITION_NONE, "a");
	add(f, "most-2", "most", "art_2", "v1", 20, DOSSIER_DISPOSITION_NONE, "b");
	in.wf = f->wf;
	in.comments = &f->list;
	in.revisions = (const dossier_document *const *)docs;
	in.nrevisions = 2;
	assert_int_equal(dossier_report_build(&r, &in, &err), 0);
	assert_int_equal(r->ngroups, 2);
	assert_int_equal(r->groups[0].status, DOSSIER_REPORT_CHANGED);
	assert_int_equal(r->groups[1].status, DOSSIER_REPORT_UNCHANGED);
	dossier_report_free(r);
	dossier_document_free(docs[0]);
	dossier_document_free(docs[1]);
}

/*
 * Renumbering (issue 13, item 1): v2 inserts a new Điều 2 before the
 * others. A provision is followed to its new number by the structural
 * diff, as `comments --revision` follows it: unchanged ones read
 * "unchanged" with their new citation, a changed one "changed", and only
 * a provision v2 no longer has reads "deleted".
 */
static void test_renumbering_is_followed(void **state)
{
	fixture *f = *state;
	dossier_document *docs[2];
	dossier_report_input in = DOSSIER_REPORT_INPUT_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_report *r = NULL;
	dossier_provision_map *map = NULL;
	char *csv = NULL;
	size_t len = 0, i;

	docs[0] = parse("NGHỊ ĐỊNH\nQuy định về thử nghiệm\n"
		"Điều 1. Phạm vi\nNội dung phạm vi.\n"
		"Điều 2. Nguyên tắc\n1. Công khai.\n2. Các yêu cầu sau:\na) Minh bạch;\nb) Kịp thời.\n3. Tiết kiệm.\n"
		"Điều 3. Trách nhiệm\nBộ trưởng chịu trách nhiệm thi hành.\n"
		"Điều 4. Điều khoản chuyển tiếp\nHồ sơ đã nộp được giải quyết theo quy định cũ.\n");
	docs[1] = parse("NGHỊ ĐỊNH\nQuy định về thử nghiệm\n"
		"Điều 1. Phạm vi\nNội dung phạm vi.\n"
		"Điều 2. Giải thích từ ngữ\nTrong Nghị định này, các từ ngữ được hiểu như sau.\n"
		"Điều 3. Nguyên tắc\n1. Công khai.\n2. Các yêu cầu sau:\na) Minh bạch;\nb) Kịp thời, đầy đủ.\n3. Tiết kiệm.\n"
		"Điều 4. Trách nhiệm\nBộ trưởng chịu trách nhiệm thi hành.\n");
	f->list.items = f->items;
	f->list.n = 0;
	add(f, "most-1", "most", "art_2__para_2__point_b", "v1", 10, DOSSIER_DISPOSITION_ACCEPTED, "a");
	add(f, "mof-1", "mof", "art_2__para_3", "v1", 20, DOSSIER_DISPOSITION_REJECTED, "b");
	add(f, "hanoi-1", "hanoi", "art_3", "v1", 30, DOSSIER_DISPOSITION_NOTED, "c");
	add(f, "fpt-1", "fpt", "art_4", "v1", 40, DOSSIER_DISPOSITION_ACCEPTED, "d");
	add(f, "most-2", "most", "art_3__para_2", "v2", 50, DOSSIER_DISPOSITION_NONE, "e");
	in.wf = f->wf;
	in.comments = &f->list;
	in.revisions = (const dossier_document *const *)docs;
	in.nrevisions = 2;
	/* what the façade gives: the structural diff, as `comments --revision` uses it */
	assert_int_equal(dossier_provision_map_new(&map, (const dossier_document *const *)docs, 2, docs[1], 2,
		&err), 0);
	in.locate = dossier_provision_map_locator;
	in.locate_payload = map;
	assert_int_equal(dossier_report_build(&r, &in, &err), 0);
	assert_int_equal(r->ngroups, 5);
	/* v1 art_2__para_2__point_b: now Điều 3 khoản 2 điểm b, changed */
	assert_string_equal(r->groups[0].citation, "Điều 2 khoản 2 điểm b");
	assert_int_equal(r->groups[0].status, DOSSIER_REPORT_CHANGED);
	assert_string_equal(r->groups[0].now_citation, "Điều 3 khoản 2 điểm b");
	assert_string_equal(r->groups[0].now_eid, "art_3__para_2__point_b");
	/* v1 art_2__para_3: renumbered, its text the same */
	assert_int_equal(r->groups[1].status, DOSSIER_REPORT_UNCHANGED);
	assert_string_equal(r->groups[1].now_citation, "Điều 3 khoản 3");
	assert_string_equal(r->groups[1].now_fate, "renumbered");
	/* v1 art_3: now Điều 4, the same text */
	assert_int_equal(r->groups[2].status, DOSSIER_REPORT_UNCHANGED);
	assert_string_equal(r->groups[2].now_citation, "Điều 4");
	/* v1 art_4: gone */
	assert_int_equal(r->groups[3].status, DOSSIER_REPORT_DELETED);
	assert_null(r->groups[3].now_citation);
	/* a comment on the latest revision stands where it was made */
	assert_string_equal(r->groups[4].revision, "v2");
	assert_int_equal(r->groups[4].status, DOSSIER_REPORT_UNCHANGED);
	assert_string_equal(r->groups[4].now_citation, "Điều 3 khoản 2");
	assert_int_equal(dossier_report_csv(&csv, &len, r, &err), 0);
	assert_non_null(strstr(csv, ",art_2__para_3,Điều 2 khoản 3,v1,Điều 3 khoản 3,"));
	free(csv);
	dossier_report_free(r);
	/* without a locate, by eId: v1's art_3 would be v2's art_3, another article */
	in.locate = NULL;
	assert_int_equal(dossier_report_build(&r, &in, &err), 0);
	assert_string_equal(r->groups[2].now_citation, "Điều 3");
	assert_int_equal(r->groups[2].status, DOSSIER_REPORT_CHANGED);
	dossier_provision_map_free(map);
	for (i = 0; i < 2; i++)
		dossier_document_free(docs[i]);
	dossier_report_free(r);
}

static void test_totals_and_silent_members(void **state)
{
	fixture *f = *state;
	dossier_report *r = build(f);
	size_t i, sum = 0, dsum = 0;

	assert_int_equal(r->by_disposition[DOSSIER_DISPOSITION_NONE], 4);
	assert_int_equal(r->by_disposition[DOSSIER_DISPOSITION_ACCEPTED], 2);
	assert_int_equal(r->by_disposition[DOSSIER_DISPOSITION_PARTIAL], 1);
	assert_int_equal(r->by_disposition[DOSSIER_DISPOSITION_REJECTED], 1);
	assert_int_equal(r->by_disposition[DOSSIER_DISPOSITION_NOTED], 1);
	/* Members who may comment, in the workflow's order, then other authors;
	 * the drafter and the reader are not listed. */
	assert_int_equal(r->nmembers, 5);
	assert_string_equal(r->members[0].id, "most");
	assert_int_equal(r->members[0].comments, 3);
	assert_int_equal(r->members[0].by_disposition[DOSSIER_DISPOSITION_ACCEPTED], 2);
	assert_string_equal(r->members[1].id, "mof");
	assert_int_equal(r->members[1].comments, 3);
	assert_string_equal(r->members[2].id, "hanoi");
	assert_int_equal(r->members[2].comments, 2);
	assert_string_equal(r->members[3].id, "fpt");
	assert_int_equal(r->members[3].comments, 0);
	assert_true(r->members[3].may_comment);
	/* Authors the workflow does not name (the public) share one row. */
	assert_string_equal(r->members[4].id, "pub");
	assert_string_equal(r->members[4].name, "Tổ chức, cá nhân khác (lấy ý kiến rộng rãi)");
	assert_null(r->members[4].role);
	assert_false(r->members[4].may_comment);
	assert_int_equal(r->members[4].comments, 1);
	assert_string_equal(r->rows[3].comment->id, "ghost-1");
	assert_string_equal(r->rows[3].body, "ghost");
	assert_string_equal(r->rows[3].member, "pub");
	assert_string_equal(r->rows[0].member, "hanoi");
	assert_int_equal(r->silent, 1);
	for (i = 0; i < r->nmembers; i++) {
		size_t d, m = 0;

		sum += r->members[i].comments;
		for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++)
			m += r->members[i].by_disposition[d];
		assert_int_equal(m, r->members[i].comments);
	}
	for (i = 0; i < DOSSIER_REPORT_NDISPOSITIONS; i++)
		dsum += r->by_disposition[i];
	assert_int_equal(sum, r->nrows);
	assert_int_equal(dsum, r->nrows);
	assert_string_equal(dossier_disposition_label(DOSSIER_DISPOSITION_NONE), "Chưa trả lời");
	assert_string_equal(dossier_disposition_label(DOSSIER_DISPOSITION_REJECTED), "Không tiếp thu (giải trình)");
	dossier_report_free(r);
}

/* Every input record appears in exactly one row. */
static void assert_each_once(const dossier_report *r, const dossier_comment_list *l)
{
	unsigned char *seen = calloc(l->n + 1, 1);
	size_t i;

	assert_non_null(seen);
	assert_int_equal(r->nrows, l->n);
	for (i = 0; i < r->nrows; i++) {
		size_t k = (size_t)(r->rows[i].comment - l->items);

		assert_true(k < l->n);
		assert_int_equal(seen[k], 0);
		seen[k] = 1;
	}
	for (i = 0; i < l->n; i++)
		assert_int_equal(seen[i], 1);
	free(seen);
}

static void test_every_comment_once(void **state)
{
	fixture *f = *state;
	dossier_report *r = build(f);

	assert_each_once(r, &f->list);
	dossier_report_free(r);
}

/* How many times needle occurs in hay[0..len) (memchr and memcmp rather than
 * strstr, whose sanitizer interceptor measures the whole haystack per call). */
static size_t count_of(const char *hay, size_t len, const char *needle)
{
	size_t k = strlen(needle), count = 0;
	const char *p = hay, *end = hay + len;

	while ((size_t)(end - p) >= k && (p = memchr(p, needle[0], (size_t)(end - p) - k + 1)) != NULL) {
		if (!memcmp(p, needle, k)) {
			count++;
			p += k;
		} else {
			p++;
		}
	}
	return count;
}

/* Many comments in a pseudo-random order: each once, and the order holds. */
static void test_many_comments(void **state)
{
	fixture *f = *state;
	static const char *const eids[] = { "art_3", "art_1", "art_2__para_2", "general", "art_2",
		"art_2__para_1", "nowhere" };
	static const char *const authors[] = { "most", "mof", "hanoi", NULL };
	const size_t n = 100000;
	dossier_report_input in = DOSSIER_REPORT_INPUT_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_list l;
	dossier_report *r = NULL;
	char (*ids)[16] = calloc(n, sizeof(*ids));
	uint32_t x = 12345;
	size_t i, total = 0;

	assert_non_null(ids);
	l.n = n;
	l.items = calloc(n, sizeof(*l.items));
	assert_non_null(l.items);
	for (i = 0; i < n; i++) {
		dossier_comment_record *c = &l.items[i];

		x = x * 1103515245u + 12345u;
		snprintf(ids[i], sizeof(ids[i]), "c-%zu", i);
		c->id = ids[i];
		/* A quarter from the public, each their own author. */
		c->author = (x >> 8) % 4 == 3 ? ids[i] : (char *)authors[(x >> 8) % 4];
		c->on = (char *)eids[(x >> 12) % 7];
		c->revision = (char *)((x >> 20) % 2 ? "v1" : "v2");
		c->time = (dossier_time)((x >> 4) % 5000);
		c->text = (char *)"x";
		c->disposition = (dossier_disposition)((x >> 16) % 5);
	}
	in.wf = f->wf;
	in.comments = &l;
	in.revisions = (const dossier_document *const *)f->docs;
	in.nrevisions = 2;
	assert_int_equal(dossier_report_build(&r, &in, &err), 0);
	assert_each_once(r, &l);
	for (i = 0; i < r->ngroups; i++) {
		const dossier_report_group *g = &r->groups[i];
		size_t k;

		total += g->n;
		if (i > 0)
			assert_true(r->groups[i - 1].kind <= g->kind);
		for (k = 1; k < g->n; k++) {
			const dossier_comment_record *a = r->rows[g->first + k - 1].comment;
			const dossier_comment_record *b = r->rows[g->first + k].comment;

			assert_true(a->time < b->time || (a->time == b->time && strcmp(a->id, b->id) < 0));
		}
	}
	assert_int_equal(total, n);
	/* The participants who may comment and one row for the whole public. */
	assert_int_equal(r->nmembers, 5);
	assert_string_equal(r->members[4].id, "pub");
	for (i = 0, total = 0; i < r->nmembers; i++)
		total += r->members[i].comments;
	assert_int_equal(total, n);
	assert_int_equal(r->by_disposition[0] + r->by_disposition[1] + r->by_disposition[2] +
		r->by_disposition[3] + r->by_disposition[4], n);
	/* Both writers take the whole report: one record and one comment container per row. */
	{
		char *out = NULL;
		size_t len = 0, count;

		assert_int_equal(dossier_report_csv(&out, &len, r, &err), 0);
		count = count_of(out, len, "\r\n");
		assert_int_equal(count, n + 1);
		free(out);
		assert_int_equal(dossier_report_akn(&out, &len, r, &err), 0);
		count = count_of(out, len, "<hcontainer name=\"comment\"");
		assert_int_equal(count, n);
		free(out);
	}
	dossier_report_free(r);
	free(l.items);
	free(ids);
}

static void test_csv_field_quoting(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "line 1\nline 2", "\"line 1\nline 2\"" },
		{ "cr\rhere", "\"cr\rhere\"" },
		{ "Điều 5 khoản 2", "Điều 5 khoản 2" },
		{ "Ủy ban, \"Hà Nội\"", "\"Ủy ban, \"\"Hà Nội\"\"\"" },
		/* What a spreadsheet would evaluate is quoted behind a single quote (OWASP). */
		{ "=1+2", "\"'=1+2\"" },
		{ "+84 24 3974 0000", "\"'+84 24 3974 0000\"" },
		{ "-5", "\"'-5\"" },
		{ "- gạch đầu dòng", "\"'- gạch đầu dòng\"" },
		{ "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"" },
		{ "\tx", "\"'\tx\"" },
		{ "\rx", "\"'\rx\"" },
		{ "=HYPERLINK(\"http://x.example\",\"y\")", "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\"" },
		{ "a=b, c", "\"a=b, c\"" },
		{ "1-2", "1-2" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *s = dossier_csv_field(cases[i].in);

		assert_non_null(s);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void test_csv_document(void **state)
{
	fixture *f = *state;
	dossier_report *r = build(f);
	dossier_error err = DOSSIER_ERROR_INIT;
	char *csv = NULL, *p;
	size_t len = 0, records = 0, i;
	int inq = 0;

	assert_int_equal(dossier_report_csv(&csv, &len, r, &err), 0);
	assert_int_equal(len, strlen(csv));
	assert_memory_equal(csv, "\xEF\xBB\xBFSTT,eId,Điều khoản,", strlen("\xEF\xBB\xBFSTT,eId,Điều khoản,"));
	/* Every record ends in CRLF outside quotes; a bare LF only inside quotes. */
	for (i = 0; i < len; i++) {
		if (csv[i] == '"')
			inq = !inq;
		else if (!inq && csv[i] == '\n') {
			assert_true(i > 0 && csv[i - 1] == '\r');
			records++;
		}
	}
	assert_false(inq);
	assert_int_equal(records, r->nrows + 1);
	assert_true(len >= 2 && csv[len - 2] == '\r' && csv[len - 1] == '\n');
	/* hanoi-1 is row 1: its two-line comment is quoted, its reason absent. */
	p = strstr(csv, "\r\n1,art_1,Điều 1,");
	assert_non_null(p);
	assert_non_null(strstr(p, ",hanoi-1,UBND thành phố Hà Nội,\"Dòng 1\nDòng 2\",,Chưa trả lời,,Giữ nguyên,"));
	assert_non_null(strstr(csv, "\"Ý kiến, \"\"trích dẫn\"\"\""));
	assert_non_null(strstr(csv, ",Tiếp thu một phần,\"Lý do, có dấu phẩy\","));
	assert_non_null(strstr(csv, ",Đã bỏ,"));
	/* the citation in the latest revision beside the one commented on */
	assert_non_null(strstr(csv, "\r\n1,art_1,Điều 1,v1,Điều 1,"));
	free(csv);
	dossier_report_free(r);
}

static void test_akn_validates(void **state)
{
	fixture *f = *state;
	dossier_report *r = build(f);
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	const char *xsd = getenv("DOSSIER_SCHEMA");
	char *xml = NULL;
	size_t len = 0, i;

	assert_non_null(xsd);
	assert_int_equal(dossier_report_akn(&xml, &len, r, &err), 0);
	assert_int_equal(dossier_diags_new(&diags), 0);
	if (dossier_akn_validate(xsd, "report.xml", xml, len, diags, &err) != 0) {
		fprintf(stderr, "%s\n", xml);
		for (i = 0; i < dossier_diags_count(diags); i++)
			fprintf(stderr, "%s\n", dossier_diags_get(diags, i)->message);
		fail_msg("the report does not validate: %s", err.message ? err.message : "");
	}
	assert_non_null(strstr(xml, "<doc name=\"report\">"));
	assert_non_null(strstr(xml, "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến"));
	assert_non_null(strstr(xml, "<TLCOrganization eId=\"fpt\""));
	assert_non_null(strstr(xml, "<TLCRole eId=\"role-member\""));
	assert_non_null(strstr(xml, "refersTo=\"#status-deleted\""));
	assert_non_null(strstr(xml, "<p class=\"nowCitation\">Điều 2 khoản 2</p>"));
	{
		const char *silent = strstr(xml, "<blockContainer class=\"silentMembers\">");

		assert_non_null(silent);
		assert_non_null(strstr(silent, "<organization refersTo=\"#fpt\">Công ty FPT</organization>"));
		assert_null(strstr(silent, "#most"));
	}
	for (i = 0; i < f->list.n; i++) {
		char *needle = util_sprintf("<p class=\"commentId\">%s</p>", f->list.items[i].id);

		assert_non_null(strstr(xml, needle));
		free(needle);
	}
	dossier_diags_free(diags);
	dossier_error_clear(&err);
	free(xml);
	dossier_report_free(r);
}

static void test_empty_report(void **state)
{
	fixture *f = *state;
	dossier_report_input in = DOSSIER_REPORT_INPUT_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier_report *r = NULL;
	char *xml = NULL, *csv = NULL;
	size_t len = 0;

	in.wf = f->wf;
	assert_int_equal(dossier_report_build(&r, &in, &err), 0);
	assert_int_equal(r->nrows, 0);
	assert_int_equal(r->silent, 4);
	assert_int_equal(dossier_report_akn(&xml, &len, r, &err), 0);
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_akn_validate(getenv("DOSSIER_SCHEMA"), "empty.xml", xml, len, diags, &err), 0);
	assert_int_equal(dossier_report_csv(&csv, &len, r, &err), 0);
	assert_int_equal(len, strlen(csv));
	assert_non_null(strstr(csv, "Thời gian góp ý,Ghi chú tiếp thu\r\n"));
	assert_int_equal(csv[len - 1], '\n');
	assert_null(strchr(strchr(csv, '\n') + 1, '\n'));
	dossier_report_free(r);
	r = NULL;
	in.version = 99;
	assert_int_equal(dossier_report_build(&r, &in, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	in.version = DOSSIER_REPORT_INPUT_VERSION;
	in.date = "2025-13-45";
	assert_int_equal(dossier_report_build(&r, &in, &err), DOSSIER_EINVALID);
	assert_null(r);
	dossier_error_clear(&err);
	dossier_report_free(NULL);
	dossier_diags_free(diags);
	free(xml);
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_and_numbering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_in_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heading_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renumbering_is_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totals_and_silent_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_comment_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_comments, setup, teardown),
		cmocka_unit_test(test_csv_field_quoting),
		cmocka_unit_test_setup_teardown(test_csv_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_akn_validates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_report, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
