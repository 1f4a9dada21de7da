/*
 * test_textparse.c: structured plain text into the document model: every
 * heading form (Vietnamese and English), front and back matter, Unicode
 * normalisation and whitespace, numbering errors with line and column, no
 * text ever dropped, the five corpus files with their true counts, the two
 * sample drafts, and the text round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dossier/textparse.h"
#include "base/util.h"

static dossier_document *parse_ok(const char *text)
{
	dossier_document *doc = NULL;
	dossier_diags *diags;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;
	int rc;

	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = dossier_text_parse(&doc, "t.txt", text, strlen(text), diags, &err);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		print_message("%s\n", s);
		free(s);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(dossier_diags_count(diags), 0);
	dossier_diags_free(diags);
	return doc;
}

static const dossier_node *node(const dossier_document *doc, const char *eid)
{
	const dossier_node *n = dossier_document_find(doc, eid);

	if (!n)
		fail_msg("no node '%s'", eid);
	return n;
}

static void test_vietnamese_headings(void **state)
{
	static const char text[] =
		"Phần thứ nhất\n"
		"NHỮNG QUY ĐỊNH CHUNG\n"
		"Chương I\n"
		"QUẢN LÝ, SỬ DỤNG CON DẤU \n"
		"VÀ THIẾT BỊ LƯU KHÓA BÍ MẬT\n"
		"Mục 1. LẬP CHƯƠNG TRÌNH\n"
		"\tĐiều 1. Phạm vi điều chỉnh \t\n"
		"Nghị định này quy định về công tác văn thư.\n"
		"Mục tiêu của thi đua là động viên mọi người.\n"
		"Mục 2\n"
		"SOẠN THẢO VĂN BẢN\n"
		"Điều 2: Đối tượng áp dụng\n"
		"1. Nguyên tắc\n"
		"Công tác văn thư được thực hiện thống nhất.\n"
		"2. Cơ quan, tổ chức:\n"
		"a) Cơ quan nhà nước;\n"
		"đ) Doanh nghiệp nhà nước.\n"
		"Điều 28 Luật Tổ chức Chính phủ quy định như sau.\n"
		"Điều ước quốc tế được áp dụng.\n"
		"Chương 2:\n"
		"ĐIỀU KHOẢN THI HÀNH\n"
		"Mục 1: HIỆU LỰC\n"
		"\xc2\xa0\xc2\xa0Điều 3:Hiệu lực thi hành.\n"
		"Nghị định này có hiệu lực từ ngày ký.\n"
		"Điều  4.   Trách nhiệm   thi hành\n"
		"Các Bộ trưởng chịu trách nhiệm thi hành.\n"
		"Điều 5 \n"
		"Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2004.\n";
	dossier_document *doc = parse_ok(text);
	const dossier_node *n;

	(void)state;
	assert_int_equal(doc->lang, DOSSIER_LANG_VIE);
	n = node(doc, "part_1");
	assert_string_equal(n->num, "thứ nhất");
	assert_string_equal(n->heading, "NHỮNG QUY ĐỊNH CHUNG");
	n = node(doc, "chp_1");
	assert_string_equal(n->heading, "QUẢN LÝ, SỬ DỤNG CON DẤU VÀ THIẾT BỊ LƯU KHÓA BÍ MẬT");
	assert_int_equal(n->line, 3);
	assert_string_equal(node(doc, "chp_1__sec_1")->heading, "LẬP CHƯƠNG TRÌNH");
	n = node(doc, "art_1");
	assert_string_equal(n->heading, "Phạm vi điều chỉnh");
	assert_int_equal(n->ntext, 2);
	assert_string_equal(n->text[1], "Mục tiêu của thi đua là động viên mọi người.");
	assert_string_equal(node(doc, "chp_1__sec_2")->heading, "SOẠN THẢO VĂN BẢN");
	n = node(doc, "art_2__para_1");
	assert_int_equal(n->ntext, 2);
	assert_string_equal(n->text[0], "Nguyên tắc");
	assert_string_equal(n->text[1], "Công tác văn thư được thực hiện thống nhất.");
	n = node(doc, "art_2__para_2__point_dd");
	assert_string_equal(n->num, "đ");
	/* Body lines that start with a heading word stay text. */
	assert_int_equal(n->ntext, 3);
	assert_string_equal(n->text[1], "Điều 28 Luật Tổ chức Chính phủ quy định như sau.");
	assert_string_equal(n->text[2], "Điều ước quốc tế được áp dụng.");
	n = node(doc, "chp_2");
	assert_string_equal(n->num, "2");
	assert_string_equal(n->heading, "ĐIỀU KHOẢN THI HÀNH");
	/* Sections restart in every chapter. */
	assert_string_equal(node(doc, "chp_2__sec_1")->heading, "HIỆU LỰC");
	assert_string_equal(node(doc, "art_3")->heading, "Hiệu lực thi hành");
	assert_string_equal(node(doc, "art_4")->heading, "Trách nhiệm thi hành");
	n = node(doc, "art_5");
	assert_null(n->heading);
	assert_int_equal(n->ntext, 1);
	dossier_document_free(doc);
}

static void test_front_and_back_matter(void **state)
{
	static const char text[] =
		"CHÍNH PHỦ\n"
		"_______\n"
		"Số: 30/2020/NĐ-CP\n"
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
		"Độc lập - Tự do - Hạnh phúc\n"
		"________________________________________\n"
		"Hà Nội, ngày 05 tháng 3 năm 2020\n"
		"\t\tNGHỊ ĐỊNH\n"
		"Về công tác văn thư\n"
		"__________\n"
		"Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"
		"Theo đề nghị của Bộ trưởng Bộ Nội vụ;\n"
		"Chính phủ ban hành Nghị định về công tác văn thư.\n"
		"\n"
		"Điều 1. Phạm vi điều chỉnh\n"
		"Nghị định này quy định về công tác văn thư.\n"
		"Nơi nhận:\n"
		"- Ban Bí thư Trung ương Đảng;\n"
		"\xc2\xa0\xc2\xa0 cơ quan thuộc Chính phủ;\n"
		"TM. CHÍNH PHỦ\n"
		"THỦ TƯỚNG\n"
		"[ (Đã ký)\n"
		"Nguyễn Xuân Phúc\n"
		"Phụ lục I\n"
		"MẪU TRÌNH BÀY\n"
		"(Kèm theo Nghị định số 30/2020/NĐ-CP)\n"
		"I. Khổ giấy\n"
		"PHỤ LỤC II\n"
		"Bảng ký hiệu\n";
	dossier_document *doc = parse_ok(text);
	const dossier_preface *p = &doc->preface;
	const dossier_node *n;

	(void)state;
	assert_string_equal(doc->kind, "decree");
	assert_string_equal(p->issuer, "CHÍNH PHỦ");
	assert_string_equal(p->number, "30/2020/NĐ-CP");
	assert_string_equal(p->place, "Hà Nội");
	assert_string_equal(p->date, "2020-03-05");
	assert_string_equal(p->doc_type, "NGHỊ ĐỊNH");
	assert_string_equal(p->title, "Về công tác văn thư");
	assert_int_equal(p->npreamble, 3);
	assert_string_equal(p->preamble[2], "Chính phủ ban hành Nghị định về công tác văn thư.");
	assert_int_equal(p->nother, 0);
	assert_int_equal(doc->nconclusions, 7);
	assert_string_equal(doc->conclusions[0], "Nơi nhận:");
	assert_string_equal(doc->conclusions[2], "cơ quan thuộc Chính phủ;");
	assert_string_equal(doc->conclusions[6], "Nguyễn Xuân Phúc");
	assert_int_equal(node(doc, "art_1")->ntext, 1);
	n = node(doc, "annex_1");
	assert_string_equal(n->kind == DOSSIER_NODE_APPENDIX ? "appendix" : "", "appendix");
	assert_string_equal(n->heading, "MẪU TRÌNH BÀY");
	assert_int_equal(n->ntext, 2);
	n = node(doc, "annex_2");
	assert_null(n->heading);
	assert_int_equal(n->ntext, 1);
	dossier_document_free(doc);
}

static void test_english_headings(void **state)
{
	static const char text[] =
		"THE GOVERNMENT\n"
		"SOCIALIST REPUBLIC OF VIETNAM\n"
		"Independence - Freedom - Happiness\n"
		"No.: 30/2020/ND-CP\n"
		"Hanoi, March 5, 2020\n"
		"DECREE\n"
		"ON CLERICAL WORK\n"
		"Pursuant to the Law on Government Organization dated June 19, 2015;\n"
		"Part 1\n"
		"General rules\n"
		"Chapter I\n"
		"GENERAL PROVISIONS\n"
		"Section 1. SCOPE\n"
		"Article 1. Scope\n"
		"This Decree provides for clerical work.\n"
		"Article 2: Regulated entities\n"
		"1. This Decree applies to:\n"
		"a) State agencies;\n"
		"d) Political organizations;\n"
		"dd) Enterprises.\n"
		"Chapter II\n"
		"IMPLEMENTATION\n"
		"Article 3\n"
		"This Decree comes into force on the date of signing.\n";
	dossier_document *doc = parse_ok(text);
	const dossier_node *n;
	char *cite;

	(void)state;
	assert_int_equal(doc->lang, DOSSIER_LANG_ENG);
	assert_string_equal(doc->kind, "decree");
	assert_string_equal(doc->preface.issuer, "THE GOVERNMENT");
	assert_string_equal(doc->preface.number, "30/2020/ND-CP");
	assert_string_equal(doc->preface.date, "2020-03-05");
	assert_string_equal(doc->preface.title, "ON CLERICAL WORK");
	assert_string_equal(node(doc, "part_1")->heading, "General rules");
	assert_string_equal(node(doc, "chp_1")->heading, "GENERAL PROVISIONS");
	assert_ptr_equal(node(doc, "chp_1")->parent, node(doc, "part_1"));
	assert_string_equal(node(doc, "chp_1__sec_1")->heading, "SCOPE");
	assert_string_equal(node(doc, "art_2")->heading, "Regulated entities");
	n = node(doc, "art_2__para_1__point_dd");
	assert_string_equal(n->num, "dd");
	cite = dossier_node_citation(n, DOSSIER_LANG_ENG);
	assert_string_equal(cite, "Article 2(1)(dd)");
	free(cite);
	node(doc, "art_2__para_1__point_d");
	assert_null(node(doc, "art_3")->heading);
	dossier_document_free(doc);
}

/* eId, number, heading and text of every node, and the preface: what two
 * parses of the same text must agree on. */
static void signature_into(dstr *s, const dossier_node *n)
{
	size_t i;

	dstr_addf(s, "[%s|%s|%s|%s", dossier_node_kind_name(n->kind), n->eid ? n->eid : "",
		n->num ? n->num : "", n->heading ? n->heading : "");
	for (i = 0; i < n->ntext; i++)
		dstr_addf(s, "|%s", n->text[i]);
	for (i = 0; i < n->nchildren; i++)
		signature_into(s, n->children[i]);
	dstr_adds(s, "]");
}

static char *signature(const dossier_document *doc)
{
	dstr s = DSTR_INIT;
	const dossier_preface *p = &doc->preface;
	size_t i;

	dstr_addf(&s, "%d|%s|%s|%s|%s|%s|%s|%s|%s\n", (int)doc->lang, doc->kind,
		p->issuer ? p->issuer : "", p->number ? p->number : "", p->place ? p->place : "",
		p->date ? p->date : "", p->doc_type ? p->doc_type : "", p->title ? p->title : "", "");
	for (i = 0; i < p->npreamble; i++)
		dstr_addf(&s, "P %s\n", p->preamble[i]);
	for (i = 0; i < p->nother; i++)
		dstr_addf(&s, "O %s\n", p->other[i]);
	for (i = 0; i < doc->nconclusions; i++)
		dstr_addf(&s, "C %s\n", doc->conclusions[i]);
	signature_into(&s, doc->body);
	return dstr_detach(&s);
}

static void test_nfd_equals_nfc(void **state)
{
	static const char nfc[] =
		"Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
		"1. Liên kết chính xác dữ liệu đặc tả với hồ sơ.\nđ) Điểm đ.\n";
	/* The same text with the tone marks decomposed (NFD). */
	static const char nfd[] =
		"Chu\xcc\x9bo\xcc\x9bng I\nQUY \xc4\x90I\xcc\xa3NH CHUNG\n"
		"\xc4\x90ie\xcc\x82\xcc\x80u 1. Pha\xcc\xa3m vi \xc4\x91ie\xcc\x82\xcc\x80u chi\xcc\x89nh\n"
		"1. Lie\xcc\x82n ke\xcc\x82\xcc\x81t chi\xcc\x81nh xa\xcc\x81" "c d\xe1\xbb\xaf lie\xcc\xa3\xcc\x82u "
		"\xc4\x91\xc4\x83\xcc\xa3" "c ta\xcc\x89 vo\xcc\x9b\xcc\x81i ho\xcc\x82\xcc\x80 so\xcc\x9b.\n"
		"\xc4\x91) \xc4\x90ie\xcc\x82\xcc\x89m \xc4\x91.\n";
	dossier_document *a = parse_ok(nfc), *b = parse_ok(nfd);
	char *sa = signature(a), *sb = signature(b);

	(void)state;
	assert_string_equal(sa, sb);
	assert_non_null(dossier_document_find(b, "art_1__para_1__point_dd"));
	free(sa);
	free(sb);
	dossier_document_free(a);
	dossier_document_free(b);
}

/* Parse text that must fail, and check the diagnostic with `code`. */
static void expect_error(const char *text, const char *code, unsigned line, unsigned col)
{
	dossier_document *doc = NULL;
	dossier_diags *diags;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;
	int found = 0;

	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_text_parse(&doc, "bad.txt", text, strlen(text), diags, &err),
		DOSSIER_EINVALID);
	assert_null(doc);
	assert_int_equal(err.code, DOSSIER_EINVALID);
	assert_string_equal(err.path, "bad.txt");
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *d = dossier_diags_get(diags, i);

		if (d->code && !strcmp(d->code, code)) {
			assert_int_equal(d->line, line);
			assert_int_equal(d->column, col);
			assert_string_equal(d->path, "bad.txt");
			found = 1;
		}
	}
	if (!found)
		fail_msg("no '%s' diagnostic", code);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
}

static void test_numbering_errors(void **state)
{
	(void)state;
	expect_error("Điều 1. A\nx\nĐiều 2. B\ny\n  Điều 1. C\nz\n",
		"article-number-backwards", 5, 3);
	expect_error("Điều 1. A\nx\nĐiều 2. B\ny\nĐiều 2. C\nz\n",
		"article-number-repeated", 5, 1);
	expect_error("Điều 1. A\n1. x\n2. y\n\t2. z\n", "clause-number-backwards", 4, 2);
	expect_error("Điều 1. A\nMở đầu:\na) x\n1. y\n2. z\n", "point-outside-clause", 3, 1);
	/* Invalid UTF-8: the byte offset, and the place. */
	{
		dossier_document *doc = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;
		static const char bad[] = "Điều 1. A\nab\xff\n";

		assert_int_equal(dossier_text_parse(&doc, "u.txt", bad, strlen(bad), NULL, &err),
			DOSSIER_EINVALID);
		assert_non_null(strstr(err.message, "byte offset 15"));
		assert_int_equal(err.line, 2);
		assert_int_equal(err.column, 3);
		dossier_error_clear(&err);
	}
}

static void test_duplicate_section(void **state)
{
	static const char text[] =
		"Chương I. QUY ĐỊNH CHUNG\nMục 1 - HAI\nĐiều 1. A\nx\nMục 1: BA\nĐiều 2. B\ny\n";
	dossier_document *doc = NULL;
	dossier_diags *diags;
	const dossier_diag *d;

	(void)state;
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_text_parse(&doc, "d.txt", text, strlen(text), diags, NULL),
		DOSSIER_EINVALID);
	assert_int_equal(dossier_diags_errors(diags), 1);
	d = dossier_diags_get(diags, 0);
	assert_string_equal(d->code, "duplicate-number");
	assert_int_equal(d->line, 5);
	assert_non_null(strstr(d->message, "line 5"));
	assert_non_null(strstr(d->message, "line 2"));
	assert_non_null(strstr(d->message, "chp_1__sec_1"));
	dossier_diags_free(diags);
	/* In another chapter the same section number is fine. */
	doc = parse_ok("Chương I. QUY ĐỊNH CHUNG\nMục 1 - HAI\nĐiều 1. A\nChương II\nMục 1: BA\nĐiều 2. B\n");
	assert_string_equal(node(doc, "chp_1")->heading, "QUY ĐỊNH CHUNG");
	assert_string_equal(node(doc, "chp_1__sec_1")->heading, "HAI");
	assert_string_equal(node(doc, "chp_2__sec_1")->heading, "BA");
	dossier_document_free(doc);
}

static void test_gap_is_warning(void **state)
{
	static const char text[] = "Điều 1. A\nx\nĐiều 3. B\ny\n";
	dossier_document *doc = NULL;
	dossier_diags *diags;

	(void)state;
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_text_parse(&doc, "g.txt", text, strlen(text), diags, NULL), 0);
	assert_int_equal(dossier_diags_errors(diags), 0);
	assert_int_equal(dossier_diags_count(diags), 1);
	assert_string_equal(dossier_diags_get(diags, 0)->code, "article-number-gap");
	assert_int_equal(dossier_diags_get(diags, 0)->line, 3);
	dossier_diags_free(diags);
	dossier_document_free(doc);
}

/* ---- words never dropped ---- */

static int is_label(const char *w)
{
	static const char *const words[] = {
		"Điều", "Chương", "Mục", "Phần", "Phụ", "lục", "PHỤ", "LỤC",
		"Article", "Chapter", "Section", "Part", "Appendix", NULL,
	};
	size_t i, n = strlen(w);

	for (i = 0; words[i]; i++)
		if (!strcmp(w, words[i]))
			return 1;
	/* "1." "12:" "II" "a)" "đ)" */
	if (n && (w[n - 1] == ')' ) && n <= 3)
		return 1;
	for (i = 0; i < n; i++)
		if (!strchr("0123456789IVXLC.:", w[i]))
			return 0;
	return 1;
}

/* Words of text, without labels, with trailing "." and ":" removed. */
static char **words_of(const char *text, size_t *n)
{
	char **v = NULL;
	const char *p = text;
	size_t cap = 0;

	*n = 0;
	while (*p) {
		size_t k;
		char *w;

		while (*p && strchr(" \t\n\r", *p))
			p++;
		/* Unicode spaces (NBSP) separate words too. */
		if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0) {
			p += 2;
			continue;
		}
		if (!*p)
			break;
		for (k = 0; p[k] && !strchr(" \t\n\r", p[k]) &&
		     !((unsigned char)p[k] == 0xc2 && (unsigned char)p[k + 1] == 0xa0); k++)
			;
		w = util_strndup(p, k);
		p += k;
		while (*w && strchr(".:", w[strlen(w) - 1]))
			w[strlen(w) - 1] = 0;
		if (!*w || is_label(w)) {
			free(w);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			v = realloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = w;
	}
	return v;
}

static void free_words(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The body of a text: from the first line that starts with "Chương" / "Điều"
 * (after blanks) to the end. */
static const char *body_start(const char *text)
{
	const char *p = text;

	while (*p) {
		const char *q = p;

		while (*q == ' ' || *q == '\t')
			q++;
		if (!strncmp(q, "Chương", strlen("Chương")) || !strncmp(q, "Điều ", strlen("Điều ")))
			return p;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return text;
}

static void check_words_kept(const char *raw, const char *output, const char *name)
{
	size_t na, nb, i;
	char *input = NULL;
	char **a, **b;

	/* The input may be partly NFD (nd-30-2020.txt line 260). */
	assert_int_equal(dossier_utf8_nfc(&input, raw, strlen(raw), NULL), 0);
	a = words_of(body_start(input), &na);
	b = words_of(body_start(output), &nb);
	free(input);

	for (i = 0; i < na && i < nb; i++)
		if (strcmp(a[i], b[i]))
			fail_msg("%s: word %zu differs: '%s' in the input, '%s' in the output",
				name, i, a[i], b[i]);
	assert_int_equal(na, nb);
	free_words(a, na);
	free_words(b, nb);
}

/* ---- corpus ---- */

struct counts {
	size_t chp, sec, art, app;
	unsigned next_art;
	int ordered;
};

static int count_visit(const dossier_node *n, void *payload)
{
	struct counts *c = payload;

	switch (n->kind) {
	case DOSSIER_NODE_CHAPTER: c->chp++; break;
	case DOSSIER_NODE_SECTION: c->sec++; break;
	case DOSSIER_NODE_APPENDIX: c->app++; break;
	case DOSSIER_NODE_ARTICLE:
		c->art++;
		if ((unsigned)strtoul(n->num, NULL, 10) != c->next_art)
			c->ordered = 0;
		c->next_art++;
		break;
	default: break;
	}
	return 0;
}

static char *read_path(const char *dir_env, const char *sub, const char *name, size_t *len)
{
	const char *dir = getenv(dir_env);
	char *path, *data = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (!dir)
		fail_msg("%s is not set", dir_env);
	path = util_sprintf("%s/%s/%s", dir, sub, name);
	if (util_read_file(&data, len, path, &err) < 0)
		fail_msg("%s", err.message);
	free(path);
	return data;
}

/* Parse, check there are no errors, write back, parse again: the same
 * document; and the words of the body survive. */
static dossier_document *parse_file_roundtrip(const char *data, size_t len, const char *name,
	int no_diags)
{
	dossier_document *doc = NULL, *again = NULL;
	dossier_diags *diags;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *out = NULL, *out2 = NULL, *s1, *s2;
	size_t i;

	assert_int_equal(dossier_diags_new(&diags), 0);
	if (dossier_text_parse(&doc, name, data, len, diags, &err) < 0)
		fail_msg("%s: %s (line %u)", name, err.message, err.line);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		print_message("%s\n", s);
		free(s);
	}
	if (no_diags)
		assert_int_equal(dossier_diags_count(diags), 0);
	assert_int_equal(dossier_diags_errors(diags), 0);
	dossier_diags_free(diags);
	assert_int_equal(dossier_text_write(&out, doc, NULL), 0);
	check_words_kept(data, out, name);
	assert_int_equal(dossier_text_parse(&again, name, out, strlen(out), NULL, &err), 0);
	s1 = signature(doc);
	s2 = signature(again);
	assert_string_equal(s1, s2);
	assert_int_equal(dossier_text_write(&out2, again, NULL), 0);
	assert_string_equal(out, out2);
	free(s1);
	free(s2);
	free(out);
	free(out2);
	dossier_document_free(again);
	return doc;
}

static void test_corpus(void **state)
{
	static const struct {
		const char *file;
		size_t chp, sec, art, app;
		const char *kind, *number, *date;
	} files[] = {
		{ "nd-30-2020.txt", 7, 5, 38, 0, "decree", "30/2020/NĐ-CP", "2020-03-05" },
		{ "nd-123-2024.txt", 4, 0, 36, 0, "decree", "123/2024/NĐ-CP", "2024-10-04" },
		{ "tt-19-2026.txt", 3, 0, 13, 2, "circular", "19/2026/TT-BNNMT", "2026-03-30" },
		{ "luat-80-2015.txt", 17, 10, 173, 0, "law", "80/2015/QH13", "2015-06-22" },
		{ "luat-15-2003.txt", 8, 9, 103, 0, "law", "15/2003/QH11", "2003-11-26" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		char *data = read_path("DOSSIER_SHARED", "corpus", files[i].file, &len);
		dossier_document *doc = parse_file_roundtrip(data, len, files[i].file, 1);
		struct counts c = { 0, 0, 0, 0, 1, 1 };

		dossier_document_walk(doc, count_visit, &c);
		print_message("%s: %zu/%zu/%zu +%zu\n", files[i].file, c.chp, c.sec, c.art, c.app);
		assert_int_equal(c.chp, files[i].chp);
		assert_int_equal(c.sec, files[i].sec);
		assert_int_equal(c.art, files[i].art);
		assert_int_equal(c.app, files[i].app);
		assert_true(c.ordered);
		assert_int_equal(doc->lang, DOSSIER_LANG_VIE);
		assert_string_equal(doc->kind, files[i].kind);
		assert_string_equal(doc->preface.number, files[i].number);
		assert_string_equal(doc->preface.date, files[i].date);
		assert_true(doc->nconclusions >= 2);
		dossier_document_free(doc);
		free(data);
	}
}

static void test_corpus_details(void **state)
{
	size_t len;
	char *data = read_path("DOSSIER_SHARED", "corpus", "nd-30-2020.txt", &len);
	dossier_document *doc = NULL;
	const dossier_node *n;

	(void)state;
	assert_int_equal(dossier_text_parse(&doc, "nd-30-2020.txt", data, len, NULL, NULL), 0);
	/* Chương V's title spans two lines; sections restart in Chương III. */
	n = node(doc, "chp_5");
	assert_string_equal(n->heading,
		"QUẢN LÝ, SỬ DỤNG CON DẤU VÀ THIẾT BỊ LƯU KHÓA BÍ MẬT TRONG CÔNG TÁC VĂN THƯ");
	node(doc, "chp_3__sec_3");
	node(doc, "chp_2__sec_2");
	assert_string_equal(node(doc, "art_1")->heading, "Phạm vi điều chỉnh");
	assert_string_equal(doc->preface.title, "Về công tác văn thư");
	assert_string_equal(doc->conclusions[0], "Nơi nhận:");
	assert_string_equal(doc->conclusions[doc->nconclusions - 1], "Nguyễn Xuân Phúc");
	dossier_document_free(doc);
	free(data);

	data = read_path("DOSSIER_SHARED", "corpus", "luat-15-2003.txt", &len);
	assert_int_equal(dossier_text_parse(&doc, "luat-15-2003.txt", data, len, NULL, NULL), 0);
	n = node(doc, "art_5");
	assert_null(n->heading);
	assert_true(!strncmp(n->text[0], "Mục tiêu của thi đua", strlen("Mục tiêu của thi đua")));
	assert_string_equal(node(doc, "chp_3__sec_4")->heading,
		"\"GIẢI THƯỞNG HỒ CHÍ MINH\", \"GIẢI THƯỞNG NHÀ NƯỚC\"");
	assert_non_null(strstr(doc->preface.title, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	dossier_document_free(doc);
	free(data);
}

static void test_sample_drafts(void **state)
{
	static const char *const files[] = {
		"du-thao-nghi-dinh-do-thi-thong-minh.txt",
		"du-thao-nghi-dinh-do-thi-thong-minh-v2.txt",
	};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		size_t len;
		char *data = read_path("DOSSIER_SOURCE_ROOT", "templates", files[i], &len);
		dossier_document *doc = parse_file_roundtrip(data, len, files[i], 1);
		struct counts c = { 0, 0, 0, 0, 1, 1 };

		dossier_document_walk(doc, count_visit, &c);
		assert_true(c.chp >= 4 && c.chp <= 5);
		assert_true(c.art >= 15 && c.art <= 20);
		assert_true(c.ordered);
		assert_string_equal(doc->preface.issuer, "CHÍNH PHỦ");
		assert_string_equal(doc->preface.doc_type, "NGHỊ ĐỊNH");
		assert_string_equal(doc->preface.title, "Quy định về phát triển đô thị thông minh");
		assert_non_null(dossier_document_find(doc, "art_5__para_2__point_dd"));
		dossier_document_free(doc);
		free(data);
	}
}

static void test_roundtrip_inline(void **state)
{
	static const char text[] =
		"Phần I\nCHUNG\nChương I\nQUY ĐỊNH\nMục 1\nPhạm vi\nĐiều 1. A\nMở đầu.\n1. Một\nTiếp.\n"
		"a) x;\nđ) y.\nKết.\nĐiều 2\nHai.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhụ lục\nBảng\n";
	dossier_document *doc = parse_ok(text), *again = NULL;
	char *out = NULL, *s1, *s2;

	(void)state;
	assert_string_equal(node(doc, "chp_1__sec_1")->heading, "Phạm vi");
	assert_int_equal(node(doc, "art_1__para_1__point_dd")->ntext, 2);
	node(doc, "annex_1");
	assert_int_equal(dossier_text_write(&out, doc, NULL), 0);
	again = parse_ok(out);
	s1 = signature(doc);
	s2 = signature(again);
	assert_string_equal(s1, s2);
	free(s1);
	free(s2);
	free(out);
	dossier_document_free(doc);
	dossier_document_free(again);
}

/* Issue 14, repro r10: points inside points ("(i)", "((A))") are in the
 * model with their own eIds, written back in the same form, and a
 * parenthesised number outside any point stays text. */
static void test_sub_points(void **state)
{
	const char *text =
		"Article 1. Scope\n1. Intro:\na) first:\n(i) one;\n(ii) two:\n((A)) deep;\nb) second:\n(i) three.\n"
		"2. Clause two.\n(i) text of clause two.\n";
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *doc = parse_ok(text), *again;
	const dossier_node *a, *ii, *deep, *b;
	char *out = NULL, *out2 = NULL;

	(void)state;
	a = dossier_document_find(doc, "art_1__para_1__point_a");
	assert_non_null(a);
	assert_int_equal(a->nchildren, 2);
	ii = dossier_document_find(doc, "art_1__para_1__point_a__point_ii");
	assert_non_null(ii);
	assert_int_equal(ii->kind, DOSSIER_NODE_POINT);
	assert_string_equal(ii->text[0], "two:");
	deep = dossier_document_find(doc, "art_1__para_1__point_a__point_ii__point_a");
	assert_non_null(deep);
	assert_string_equal(deep->text[0], "deep;");
	b = dossier_document_find(doc, "art_1__para_1__point_b");
	assert_non_null(b);
	assert_int_equal(b->nchildren, 1);
	assert_non_null(dossier_document_find(doc, "art_1__para_1__point_b__point_i"));
	/* in clause two, outside any point, "(i)" is text */
	assert_int_equal(dossier_document_find(doc, "art_1__para_2")->ntext, 2);
	assert_int_equal(dossier_text_write(&out, doc, &err), 0);
	assert_non_null(strstr(out, "\n(ii) two:\n((A)) deep;\n"));
	assert_int_equal(dossier_text_parse(&again, "again.txt", out, strlen(out), NULL, &err), 0);
	assert_int_equal(dossier_text_write(&out2, again, &err), 0);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	dossier_document_free(again);
	dossier_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vietnamese_headings),
		cmocka_unit_test(test_front_and_back_matter),
		cmocka_unit_test(test_english_headings),
		cmocka_unit_test(test_nfd_equals_nfc),
		cmocka_unit_test(test_numbering_errors),
		cmocka_unit_test(test_duplicate_section),
		cmocka_unit_test(test_gap_is_warning),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_details),
		cmocka_unit_test(test_sample_drafts),
		cmocka_unit_test(test_roundtrip_inline),
		cmocka_unit_test(test_sub_points),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
