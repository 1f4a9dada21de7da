/*
 * test_akn_write.c: the annotating Akoma Ntoso writer (engine/akn/akn_write.h).
 * Without annotations it gives the bytes of dossier_akn_write; each kind of
 * annotation (classes, wId, renumbered numbers, marks on a subtree or on a
 * number and heading only, runs in headings, paragraphs and preface
 * leaves, dropped paragraphs, deleted provisions at every place, editorial
 * and authorial notes, lifecycle, workflow, TLC references, the version
 * number, proprietary elements) appears where it should, special
 * characters are escaped, ids stay unique, and every output validates
 * against the AKN 3.0 schema (DOSSIER_SCHEMA).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/akn.h"
#include "dossier/textparse.h"
#include "akn/akn_write.h"
#include "base/util.h"

static const char *const DRAFT =
	"CHÍNH PHỦ\n"
	"Số:      /2025/NĐ-CP\n"
	"Hà Nội, ngày 10 tháng 6 năm 2025\n"
	"NGHỊ ĐỊNH\n"
	"Quy định về đô thị thông minh\n"
	"Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
	"Chính phủ ban hành Nghị định quy định về đô thị thông minh.\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về đô thị thông minh.\n"
	"Điều 2. Giải thích từ ngữ\n"
	"Trong Nghị định này:\n"
	"1. Đô thị thông minh là đô thị ứng dụng công nghệ số.\n"
	"2. Nền tảng dữ liệu gồm:\n"
	"a) Cơ sở dữ liệu quy hoạch;\n"
	"b) Cơ sở dữ liệu hạ tầng.\n"
	"Chương II\n"
	"TỔ CHỨC THỰC HIỆN\n"
	"Điều 3. Hiệu lực thi hành\n"
	"Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n";

static dossier_document *parse(const char *text)
{
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (dossier_text_parse(&doc, "test.txt", text, strlen(text), NULL, &err) < 0)
		fail_msg("parse: %s", err.message);
	return doc;
}

static void assert_valid(const char *xml, size_t len)
{
	const char *xsd = getenv("DOSSIER_SCHEMA");
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;

	assert_non_null(xsd);
	assert_int_equal(dossier_diags_new(&diags), 0);
	if (dossier_akn_validate(xsd, "annotated.xml", xml, len, diags, &err) < 0) {
		size_t i;

		for (i = 0; i < dossier_diags_count(diags); i++)
			fprintf(stderr, "%s\n", dossier_diags_get(diags, i)->message);
		fail_msg("the annotated output does not validate:\n%s", xml);
	}
	dossier_diags_free(diags);
}

static void assert_contains(const char *hay, const char *needle)
{
	assert_non_null(hay);
	if (!strstr(hay, needle))
		fail_msg("expected '%s' in:\n%s", needle, hay ? hay : "(null)");
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

/* Write a, check it validates, return it. */
static char *write_valid(akn_annot *a)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml = NULL;
	size_t len = 0;

	if (akn_write(&xml, &len, a, &err) < 0)
		fail_msg("akn_write: %s", err.message);
	assert_int_equal(strlen(xml), len);
	assert_valid(xml, len);
	return xml;
}

static akn_annot *annot(const dossier_document *doc)
{
	akn_annot *a = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	assert_int_equal(akn_annot_new(&a, doc, NULL, &err), 0);
	return a;
}

static void test_plain_is_dossier_akn_write(void **state)
{
	dossier_document *doc = parse(DRAFT);
	dossier_error err = DOSSIER_ERROR_INIT;
	akn_annot *a = annot(doc);
	char *plain = NULL, *xml;
	size_t len = 0;

	(void)state;
	assert_int_equal(dossier_akn_write(&plain, &len, doc, NULL, &err), 0);
	xml = write_valid(a);
	assert_string_equal(xml, plain);
	/* the same annotations give the same bytes twice */
	free(xml);
	xml = write_valid(a);
	assert_string_equal(xml, plain);
	free(xml);
	free(plain);
	akn_annot_free(a);
	dossier_document_free(doc);
}

static void test_classes_and_wid(void **state)
{
	dossier_document *doc = parse(DRAFT);
	akn_annot *a = annot(doc);
	char *xml;

	(void)state;
	assert_true(akn_annot_has_provision(a, "art_2__para_1"));
	assert_false(akn_annot_has_provision(a, "art_9"));
	assert_int_equal(akn_annot_class(a, "art_1", "changed", false), 0);
	assert_int_equal(akn_annot_class(a, "art_1", "again", false), 0);
	assert_int_equal(akn_annot_class(a, "art_3", "first", true), 0);
	assert_int_equal(akn_annot_class(a, "art_3", "second", true), 0);
	assert_int_equal(akn_annot_wid(a, "art_3", "art_4"), 0);
	/* an eId no provision holds is ignored */
	assert_int_equal(akn_annot_class(a, "art_9", "nowhere", false), 0);
	xml = write_valid(a);
	assert_contains(xml, "<article eId=\"art_1\" class=\"changed again\">");
	assert_contains(xml, "<article eId=\"art_3\" class=\"second\" wId=\"art_4\">");
	assert_null(strstr(xml, "nowhere"));
	free(xml);
	akn_annot_free(a);
	dossier_document_free(doc);
}

static void test_marks(void **state)
{
	dossier_document *doc = parse(DRAFT);
	akn_annot *a = annot(doc);
	const akn_run heading[] = {
		{ AKN_MARK_NONE, "Giải thích" }, { AKN_MARK_DEL, " từ ngữ" }, { AKN_MARK_INS, " thuật ngữ" },
	};
	const akn_run para[] = { { AKN_MARK_INS, "Mới & <cũ>\n\"hết\"" } };
	char *xml;

	(void)state;
	assert_int_equal(akn_written_paras(dossier_document_find(doc, "art_2")), 1);
	assert_int_equal(akn_annot_renumber(a, "art_3", "4"), 0);
	assert_int_equal(akn_annot_heading(a, "art_2", heading, 3), 0);
	assert_int_equal(akn_annot_para(a, "art_2", 0, para, 1), 0);
	assert_int_equal(akn_annot_mark_all(a, "art_2__para_2", AKN_MARK_INS, true), 0);
	assert_int_equal(akn_annot_mark_all(a, "chp_2", AKN_MARK_DEL, false), 0);
	xml = write_valid(a);
	assert_contains(xml, "<num><del>Điều 4.</del><ins>Điều 3.</ins></num>");
	assert_contains(xml, "<heading>Giải thích<del> từ ngữ</del><ins> thuật ngữ</ins></heading>");
	/* escaped, the line break a space, on one line */
	assert_contains(xml, "<p><ins>Mới &amp; &lt;cũ&gt; \"hết\"</ins></p>");
	/* the subtree: the clause and its points */
	assert_contains(xml, "<num><ins>2.</ins></num>");
	assert_contains(xml, "<p><ins>Nền tảng dữ liệu gồm:</ins></p>");
	assert_contains(xml, "<num><ins>a)</ins></num>");
	assert_contains(xml, "<p><ins>Cơ sở dữ liệu hạ tầng.</ins></p>");
	assert_contains(xml, "<p>Đô thị thông minh là đô thị ứng dụng công nghệ số.</p>");
	/* the chapter: its number and heading only */
	assert_contains(xml, "<num><del>Chương II</del></num>");
	assert_contains(xml, "<heading><del>TỔ CHỨC THỰC HIỆN</del></heading>");
	assert_contains(xml, "<p>Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.</p>");
	free(xml);
	akn_annot_free(a);
	dossier_document_free(doc);
}

static void test_dropped_paragraphs(void **state)
{
	dossier_document *doc = parse("NGHỊ ĐỊNH\nĐiều 1. Một\nCâu một.\nCâu hai.\nCâu ba.\n");
	akn_annot *a = annot(doc);
	const akn_run all[] = { { AKN_MARK_DEL, "Câu một. Câu hai. Câu ba." }, { AKN_MARK_INS, "Câu mới." } };
	char *xml;

	(void)state;
	assert_int_equal(akn_written_paras(dossier_document_find(doc, "art_1")), 3);
	assert_int_equal(akn_annot_para(a, "art_1", 0, all, 2), 0);
	assert_int_equal(akn_annot_drop_paras(a, "art_1", 1), 0);
	xml = write_valid(a);
	assert_contains(xml, "<p><del>Câu một. Câu hai. Câu ba.</del><ins>Câu mới.</ins></p>");
	assert_null(strstr(xml, "<p>Câu hai.</p>"));
	assert_null(strstr(xml, "<p>Câu"));
	free(xml);
	akn_annot_free(a);
	dossier_document_free(doc);
}

static void test_deleted(void **state)
{
	dossier_document *doc = parse(DRAFT);
	dossier_document *old = parse("NGHỊ ĐỊNH\nĐiều 1. Cũ\n1. Khoản cũ;\na) Điểm cũ.\n"
		"Điều 2. Khác\nVăn bản khác.\nĐiều 3. Ba\nBa.\nĐiều 4. Bốn\nBốn.\n");
	akn_annot *a = annot(doc);
	const dossier_node *o1 = dossier_document_find(old, "art_1");
	const dossier_node *o2 = dossier_document_find(old, "art_2");
	const dossier_node *o3 = dossier_document_find(old, "art_3");
	const dossier_node *o4 = dossier_document_find(old, "art_4");
	char *xml, *p_before, *p_art1, *p_after, *p_art2, *p_end;

	(void)state;
	assert_int_equal(akn_annot_deleted(a, AKN_PLACE_BEFORE, "art_1", o1, DOSSIER_LANG_VIE,
		"diff-deleted"), 1);
	assert_int_equal(akn_annot_deleted(a, AKN_PLACE_AFTER, "art_1", o2, DOSSIER_LANG_ENG,
		"diff-merged"), 1);
	assert_int_equal(akn_annot_deleted(a, AKN_PLACE_END, "art_2", o3, DOSSIER_LANG_VIE, NULL), 1);
	assert_int_equal(akn_annot_deleted(a, AKN_PLACE_END, NULL, o4, DOSSIER_LANG_VIE, "last"), 1);
	xml = write_valid(a);
	p_before = strstr(xml, "<article eId=\"del_art_1\" wId=\"art_1\" status=\"removed\" class=\"diff-deleted\">");
	p_art1 = strstr(xml, "<article eId=\"art_1\">");
	p_after = strstr(xml, "<article eId=\"del_art_2\" wId=\"art_2\" status=\"removed\" class=\"diff-merged\">");
	p_art2 = strstr(xml, "<article eId=\"art_2\">");
	p_end = strstr(xml, "<article eId=\"del_art_4\" wId=\"art_4\" status=\"removed\" class=\"last\">");
	assert_non_null(p_before);
	assert_non_null(p_art1);
	assert_non_null(p_after);
	assert_non_null(p_art2);
	assert_non_null(p_end);
	assert_true(p_before < p_art1 && p_art1 < p_after && p_after < p_art2 && p_art2 < p_end);
	assert_true(strstr(p_end, "</body>") > p_end);
	/* sub-provisions renamed, everything in <del>, numbers in their language */
	assert_contains(xml, "<paragraph eId=\"del_art_1__para_1\" wId=\"art_1__para_1\">");
	assert_contains(xml, "<point eId=\"del_art_1__para_1__point_a\" wId=\"art_1__para_1__point_a\">");
	assert_contains(xml, "<p><del>Điểm cũ.</del></p>");
	assert_contains(xml, "<num><del>Article 2.</del></num>");
	assert_contains(xml, "<heading><del>Khác</del></heading>");
	/* the one at the end of art_2 (inside it), unclassed */
	assert_true(strstr(xml, "<article eId=\"del_art_3\" wId=\"art_3\" status=\"removed\">") > p_art2);
	assert_true(strstr(xml, "<article eId=\"del_art_3\"") < strstr(p_art2, "</article>\n      </chapter>"));
	/* without an eId there is nothing to write */
	assert_int_equal(akn_annot_deleted(a, AKN_PLACE_END, NULL, old->body, DOSSIER_LANG_VIE, NULL), 0);
	free(xml);
	akn_annot_free(a);
	dossier_document_free(old);
	dossier_document_free(doc);
}

static void test_preface_pairs(void **state)
{
	dossier_document *doc = parse(DRAFT);
	char *v0 = util_sprintf("%s", DRAFT), *p;
	dossier_document *old;
	dossier_error err = DOSSIER_ERROR_INIT;
	akn_annot *a = annot(doc);
	akn_leaf_pair *pairs = NULL;
	size_t n = 0, i;
	char *xml;
	int found = 0;

	(void)state;
	assert_non_null(v0);
	p = strstr(v0, "10 tháng 6");
	memcpy(p, "05", 2);
	old = parse(v0);
	assert_int_equal(akn_preface_pairs(&pairs, &n, a, old, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(pairs[0].old_text, "ngày 05 tháng 6 năm 2025");
	assert_string_equal(pairs[0].new_text, "ngày 10 tháng 6 năm 2025");
	for (i = 0; i < n; i++) {
		const akn_run runs[] = {
			{ AKN_MARK_NONE, "ngày" }, { AKN_MARK_DEL, " 05" }, { AKN_MARK_INS, " 10" },
			{ AKN_MARK_NONE, " tháng 6 năm 2025" },
		};

		assert_int_equal(akn_annot_leaf(a, pairs[i].leaf, runs, 4), 0);
		found++;
	}
	akn_leaf_pairs_free(pairs, n);
	xml = write_valid(a);
	assert_contains(xml, "<docDate date=\"2025-06-10\">ngày<del> 05</del><ins> 10</ins> tháng 6 năm 2025</docDate>");
	assert_int_equal(found, 1);
	free(xml);
	akn_annot_free(a);
	dossier_document_free(old);
	dossier_document_free(doc);
	free(v0);
}

static void test_notes(void **state)
{
	dossier_document *doc = parse(DRAFT);
	akn_annot *a = annot(doc);
	char *id1, *id2, *id3, *xml;
	akn_note n = { AKN_NOTE_EDITORIAL, NULL, "art_2__para_1", "dossier-change", "1", "side",
		"dossier-comment" };

	(void)state;
	/* unique against the provisions, the writer's own TLC ids and earlier ones */
	id1 = akn_annot_unique_id(a, "art_1");
	id2 = akn_annot_unique_id(a, "chinh-phu");
	id3 = akn_annot_unique_id(a, "art_1");
	assert_string_equal(id1, "art_1-2");
	assert_string_equal(id2, "chinh-phu-2");
	assert_string_equal(id3, "art_1-3");
	n.eid = id1;
	assert_int_equal(akn_annot_note(a, &n), 0);
	assert_int_equal(akn_annot_note_para(a, "who"), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_TEXT, "Ý kiến ", NULL), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_SPAN, "c-1", NULL), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_TEXT, " của ", NULL), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_ORGANIZATION, "Bộ \"A\" & <B>", "#most"), 0);
	assert_int_equal(akn_annot_note_para(a, NULL), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_DEL, "cũ", NULL), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_INS, "mới", NULL), 0);
	n.eid = id3;
	n.marker = "2";
	n.kind = AKN_NOTE_AUTHORIAL;
	n.ref_class = NULL;
	assert_int_equal(akn_annot_note(a, &n), 0);
	assert_int_equal(akn_annot_note_para(a, NULL), 0);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_PERSON, "Nguyễn Văn A", "#a"), 0);
	assert_int_equal(akn_annot_tlc(a, AKN_TLC_ORGANIZATION, "most", "/akn/ontology/organization/vn/most",
		NULL), 0);
	assert_int_equal(akn_annot_tlc(a, AKN_TLC_PERSON, "a", "/akn/ontology/person/vn/a", "A"), 0);
	assert_int_equal(akn_annot_source(a, "#most"), 0);
	xml = write_valid(a);
	assert_contains(xml, "<notes source=\"#most\">");
	assert_contains(xml, "<note eId=\"art_1-2\" class=\"dossier-change\" marker=\"1\" placement=\"side\" "
		"placementBase=\"art_2__para_1\">");
	assert_contains(xml, "<p class=\"who\">Ý kiến <span>c-1</span> của <organization refersTo=\"#most\">"
		"Bộ \"A\" &amp; &lt;B&gt;</organization></p>");
	assert_contains(xml, "<p><del>cũ</del><ins>mới</ins></p>");
	/* both marks at the end of the clause's text, in order */
	assert_contains(xml, "<p>Đô thị thông minh là đô thị ứng dụng công nghệ số.<noteRef href=\"#art_1-2\" "
		"marker=\"1\" class=\"dossier-comment\"/><authorialNote eId=\"art_1-3\" class=\"dossier-change\" "
		"marker=\"2\" placement=\"side\" placementBase=\"art_2__para_1\">");
	assert_contains(xml, "<person refersTo=\"#a\">Nguyễn Văn A</person>");
	assert_contains(xml, "<TLCOrganization eId=\"most\" href=\"/akn/ontology/organization/vn/most\" showAs=\"most\"/>");
	assert_int_equal(occurrences(xml, "<note "), 1);
	free(xml);
	free(id1);
	free(id2);
	free(id3);
	akn_annot_free(a);
	dossier_document_free(doc);
}

static void test_metadata(void **state)
{
	dossier_document *doc = parse(DRAFT);
	akn_annot *a = annot(doc);
	akn_event ev = { "lifecycle-v1", "2025-06-25", "#moc", "generation", "#event-v1", false };
	akn_step st = { "step-1", "2025-06-20", "#moc", NULL, "#stage-drafting", "#event-stage-1" };
	akn_xel *cons, *un;
	char *xml, *life, *flow, *refs, *prop;

	(void)state;
	assert_int_equal(akn_annot_source(a, "#moc"), 0);
	assert_int_equal(akn_annot_contains(a, "singleVersion"), 0);
	assert_int_equal(akn_annot_version_number(a, "v2"), 0);
	assert_int_equal(akn_annot_tlc(a, AKN_TLC_EVENT, "event-v1", "/akn/ontology/event/vn/revision-v1",
		"Dự thảo v1: <đầu> & \"cuối\""), 0);
	assert_int_equal(akn_annot_tlc(a, AKN_TLC_ROLE, "role-x", "/akn/ontology/role/vn/x", ""), 0);
	assert_int_equal(akn_annot_tlc(a, AKN_TLC_CONCEPT, "stage-drafting", "/akn/ontology/concept/vn/stage-drafting",
		"Soạn thảo"), 0);
	assert_int_equal(akn_annot_event(a, &ev), 0);
	ev.eid = "lifecycle-v2";
	ev.type = "amendment";
	ev.originating = true;
	assert_int_equal(akn_annot_event(a, &ev), 0);
	assert_int_equal(akn_annot_step(a, &st), 0);
	assert_int_equal(akn_annot_proprietary_ns(a, "dossier", "urn:x-dossier:consolidation:1"), 0);
	cons = akn_annot_xel(a, NULL, "consolidation");
	assert_non_null(cons);
	assert_int_equal(akn_xel_attr(a, cons, "revision", "v2"), 0);
	assert_int_equal(akn_xel_attr(a, cons, "absent", NULL), 0);
	un = akn_annot_xel(a, cons, "unapplied");
	assert_int_equal(akn_xel_attr(a, un, "reason", "a\"b<c>&\nd"), 0);
	assert_int_equal(akn_xel_text(a, akn_annot_xel(a, un, "text"), "x < y & z\nnext"), 0);
	xml = write_valid(a);
	assert_contains(xml, "<bill name=\"decree\" contains=\"singleVersion\">");
	assert_contains(xml, "<FRBRauthor href=\"#chinh-phu\"/>\n          <FRBRversionNumber value=\"v2\"/>\n"
		"          <FRBRlanguage language=\"vie\"/>");
	assert_contains(xml, "<eventRef eId=\"lifecycle-v1\" date=\"2025-06-25\" source=\"#moc\" type=\"generation\" "
		"refersTo=\"#event-v1\"/>");
	assert_contains(xml, "type=\"amendment\" refersTo=\"#event-v1\" originatingExpression=\"true\"/>");
	assert_contains(xml, "<step eId=\"step-1\" date=\"2025-06-20\" by=\"#moc\" outcome=\"#stage-drafting\" "
		"refersTo=\"#event-stage-1\"/>");
	assert_contains(xml, "showAs=\"Dự thảo v1: &lt;đầu&gt; &amp; &quot;cuối&quot;\"/>");
	assert_contains(xml, "<TLCRole eId=\"role-x\" href=\"/akn/ontology/role/vn/x\" showAs=\"role-x\"/>");
	assert_contains(xml, "<proprietary xmlns:dossier=\"urn:x-dossier:consolidation:1\" source=\"#moc\">");
	assert_contains(xml, "<dossier:consolidation revision=\"v2\">");
	assert_contains(xml, "<dossier:unapplied reason=\"a&quot;b&lt;c&gt;&amp;&#10;d\">");
	assert_contains(xml, "<dossier:text>x &lt; y &amp; z\nnext</dossier:text>");
	/* the schema's order of <meta> */
	life = strstr(xml, "<lifecycle source=\"#moc\">");
	flow = strstr(xml, "<workflow source=\"#moc\">");
	refs = strstr(xml, "<references source=\"#chinh-phu\">");
	prop = strstr(xml, "<proprietary");
	assert_non_null(life);
	assert_true(strstr(xml, "</identification>") < life && life < flow && flow < refs && refs < prop);
	free(xml);
	akn_annot_free(a);
	dossier_document_free(doc);
}

static void test_refusals(void **state)
{
	dossier_document *doc = parse(DRAFT);
	dossier_error err = DOSSIER_ERROR_INIT;
	akn_annot *a = annot(doc);
	const akn_run bad[] = { { AKN_MARK_INS, "\xC3\x28" } };
	char *xml = NULL;
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;

	(void)state;
	/* invalid UTF-8 in a run is refused like the model's */
	assert_int_equal(akn_annot_para(a, "art_1", 0, bad, 1), 0);
	assert_int_equal(akn_write(&xml, NULL, a, &err), DOSSIER_EINVALID);
	assert_null(xml);
	assert_non_null(strstr(err.message, "UTF-8"));
	akn_annot_free(a);
	/* inline content before any note paragraph is a misuse, reported by the write */
	a = annot(doc);
	assert_int_equal(akn_annot_note_add(a, AKN_INLINE_TEXT, "x", NULL), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(akn_write(&xml, NULL, a, &err), DOSSIER_EINVALID);
	assert_null(xml);
	akn_annot_free(a);
	/* options of a version we do not know */
	o.version = 99;
	dossier_error_clear(&err);
	assert_int_equal(akn_annot_new(&a, doc, &o, &err), DOSSIER_EINVALID);
	assert_null(a);
	akn_annot_free(NULL);
	dossier_error_clear(&err);
	dossier_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_is_dossier_akn_write),
		cmocka_unit_test(test_classes_and_wid),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_dropped_paragraphs),
		cmocka_unit_test(test_deleted),
		cmocka_unit_test(test_preface_pairs),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
