/*
 * test_mutations.c: every error the structured-text parser and the Akoma
 * Ntoso reader give has a place: the path, a line and a column (issue 11,
 * item 13: 8 of 400 mutated drafts gave errors without a column, and "the
 * document has no provisions" had no path at all).
 *
 * The sample drafts (the .txt files under templates/ and tests/fixtures/) and their
 * AKN forms (written by dossier_akn_write), with a few foreign AKN files
 * from ../shared/corpus, are mutated at random: bytes changed (to NUL,
 * 0xff, '<', '&', a line break…), ranges cut or doubled, lines swapped,
 * heading lines and markup thrown in, the text cut short. Random, but
 * seeded: the seed is printed, and DOSSIER_MUTATION_SEED=N runs the same
 * mutations again (DOSSIER_MUTATIONS=N changes how many per sample). Every
 * mutant either parses, and then writes as AKN, or fails with every error
 * placed. A failing mutant is written to $TMPDIR for the record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>

#include "dossier/akn.h"
#include "dossier/textparse.h"
#include "base/util.h"
#include "mutate.h"

/* ---- samples ---- */

typedef struct sample {
	char *name;
	char *data;
	size_t len;
	int akn;
} sample;

typedef struct samples {
	sample *s;
	size_t n;
} samples;

static void add_sample(samples *all, const char *name, char *data, size_t len, int akn)
{
	sample *p = realloc(all->s, (all->n + 1) * sizeof(*p));

	assert_non_null(p);
	all->s = p;
	p[all->n].name = util_strdup(name);
	p[all->n].data = data;
	p[all->n].len = len;
	p[all->n].akn = akn;
	all->n++;
}

/* A structured-text draft, and its AKN form. */
static void add_text_file(samples *all, const char *path)
{
	dossier_document *doc = NULL;
	char *data = NULL, *xml = NULL, *name;
	size_t len = 0, xlen = 0;

	assert_int_equal(util_read_file(&data, &len, path, NULL), 0);
	if (dossier_text_parse(&doc, path, data, len, NULL, NULL) < 0) {
		/* A fixture that is meant to be bad is not a sample draft. */
		free(data);
		return;
	}
	add_sample(all, path, data, len, 0);
	assert_int_equal(dossier_akn_write(&xml, &xlen, doc, NULL, NULL), 0);
	name = util_sprintf("%s.xml", path);
	add_sample(all, name, xml, xlen, 1);
	free(name);
	dossier_document_free(doc);
}

static void walk_txt(samples *all, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *p;
		struct stat st;
		size_t nl = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		p = util_sprintf("%s/%s", dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			walk_txt(all, p);
		else if (nl > 4 && !strcmp(e->d_name + nl - 4, ".txt"))
			add_text_file(all, p);
		free(p);
	}
	closedir(d);
}

static samples load_samples(void)
{
	static const char *const foreign[] = {
		"corpus/real/akn/za-indigo-basic.xml", "corpus/real/akn/za-indigo-links.xml",
		"corpus/real/akn/eu-leos-3articles.xml",
	};
	const char *root = getenv("DOSSIER_SOURCE_ROOT"), *shared = getenv("DOSSIER_SHARED");
	samples all = { NULL, 0 };
	char *p;
	size_t i;

	p = util_sprintf("%s/templates", root ? root : ".");
	walk_txt(&all, p);
	free(p);
	p = util_sprintf("%s/tests/fixtures", root ? root : ".");
	walk_txt(&all, p);
	free(p);
	for (i = 0; shared && i < sizeof(foreign) / sizeof(*foreign); i++) {
		char *data = NULL;
		size_t len = 0;

		p = util_sprintf("%s/%s", shared, foreign[i]);
		if (util_read_file(&data, &len, p, NULL) == 0)
			add_sample(&all, p, data, len, 1);
		free(p);
	}
	/* The two sample drafts and their AKN at least. */
	assert_true(all.n >= 4);
	return all;
}

static void free_samples(samples *all)
{
	size_t i;

	for (i = 0; i < all->n; i++) {
		free(all->s[i].name);
		free(all->s[i].data);
	}
	free(all->s);
}

/* ---- mutations ---- */

static const char *const text_snippets[] = {
	"Điều 5.", "Điều 0.", "Điều 5a.", "Điều", "Điều 99999999999999999999.", "Chương IV", "Chương",
	"Chương MMMMMMMMMM", "Mục 2.", "Mục", "Phần thứ nhất", "1.", "0.", "99999999999.", "a)", "đ)",
	"z)", "Article 3.", "Chapter II", "Section 1.", "1.1.", "a.", "-", "\t", "", "   ",
	"CHÍNH PHỦ", "Số: 1/2025/NĐ-CP", "NGHỊ ĐỊNH", "Nơi nhận:", "TM. CHÍNH PHỦ", "Hà Nội, ngày 1 tháng 1 năm 2025",
};

static const char *const xml_snippets[] = {
	"<", ">", "&", "&amp;", "&#0;", "&#1;", "&#xFFFE;", "&bogus;", "<!-- x -->", "<![CDATA[x]]>",
	"</article>", "<article>", "<article eId=\"art_1\">", "<num>Điều 1.</num>", "<heading>x</heading>",
	"<paragraph>", "</paragraph>", "<content><p>x</p></content>", "<point eId=\"\">", "xmlns=\"urn:x\"",
	"<akomaNtoso>", "</body>", "<body/>", "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY a \"b\">]>",
	"eId=\"art_1\"", "<hcontainer name=\"x\">", "</hcontainer>", "\"", "'", "=", "\xef\xbb\xbf",
};

/* ---- the check ---- */

static int placed(const char *path, unsigned line, unsigned column)
{
	return path && *path && line > 0 && column > 0;
}

static size_t failures;

static void report(const char *name, const char *what, const char *mutant, size_t len, const char *problem)
{
	const char *tmp = getenv("TMPDIR");
	char *path = util_sprintf("%s/dossier-mutant-%zu%s", tmp ? tmp : "/tmp", failures,
		strstr(name, ".xml") ? ".xml" : ".txt");
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(mutant, 1, len, f);
		fclose(f);
	}
	print_error("%s:%s: %s (mutant kept in %s)\n", name, what, problem, path);
	free(path);
	failures++;
}

static void check_mutant(const sample *smp, const char *data, size_t len, const char *what)
{
	dossier_document *doc = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;
	int rc;

	assert_int_equal(dossier_diags_new(&diags), 0);
	rc = smp->akn ? dossier_akn_read(&doc, smp->name, data, len, diags, &err) :
		dossier_text_parse(&doc, smp->name, data, len, diags, &err);
	if (rc == DOSSIER_ENOMEM)
		fail_msg("out of memory");
	if (rc < 0) {
		char *s = dossier_error_format(&err);

		if (!placed(err.path, err.line, err.column))
			report(smp->name, what, data, len, s ? s : "?");
		free(s);
		assert_null(doc);
	} else {
		char *xml = NULL;
		size_t xlen = 0;

		/* What the reader accepts, the writer writes: its refusals have no place. */
		assert_non_null(doc);
		if (dossier_akn_write(&xml, &xlen, doc, NULL, &err) < 0) {
			char *s = dossier_error_format(&err);

			report(smp->name, what, data, len, s ? s : "?");
			free(s);
		}
		free(xml);
	}
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *d = dossier_diags_get(diags, i);

		if (d->severity == DOSSIER_SEVERITY_ERROR && !placed(d->path, d->line, d->column)) {
			char *s = dossier_diag_format(d);

			report(smp->name, what, data, len, s ? s : "?");
			free(s);
		}
	}
	dossier_document_free(doc);
	dossier_diags_free(diags);
	dossier_error_clear(&err);
}

static void test_every_error_has_its_place(void **state)
{
	const char *env_seed = getenv("DOSSIER_MUTATION_SEED"), *env_n = getenv("DOSSIER_MUTATIONS");
	uint64_t seed = env_seed ? strtoull(env_seed, NULL, 10) : 20250725;
	size_t per = env_n ? strtoul(env_n, NULL, 10) : 150, i, k, total = 0, refused = 0;
	samples all = load_samples();

	(void)state;
	print_message("mutation seed %llu, %zu mutants per sample, %zu samples\n", (unsigned long long)seed, per,
		all.n);
	for (i = 0; i < all.n; i++) {
		for (k = 0; k < per; k++) {
			dstr s = DSTR_INIT, what = DSTR_INIT;
			size_t m, nm;

			/* Each mutant from its own seed, so that one can be replayed alone. */
			rng_seed(seed, i, k);
			dstr_add(&s, all.s[i].data, all.s[i].len);
			dstr_addf(&what, " seed=%llu sample=%zu mutant=%zu:", (unsigned long long)seed, i, k);
			for (m = 0, nm = 1 + below(3); m < nm; m++)
				mutate_once(&s, all.s[i].akn ? xml_snippets : text_snippets,
					all.s[i].akn ? sizeof(xml_snippets) / sizeof(*xml_snippets) :
					sizeof(text_snippets) / sizeof(*text_snippets), !all.s[i].akn, &what);
			assert_false(s.oom);
			{
				dossier_document *doc = NULL;

				/* counted for the summary only */
				if ((all.s[i].akn ? dossier_akn_read(&doc, "m", s.ptr, s.len, NULL, NULL) :
				    dossier_text_parse(&doc, "m", s.ptr, s.len, NULL, NULL)) < 0)
					refused++;
				dossier_document_free(doc);
			}
			check_mutant(&all.s[i], s.ptr ? s.ptr : "", s.len, what.ptr);
			total++;
			dstr_free(&s);
			dstr_free(&what);
		}
	}
	print_message("%zu mutants, %zu refused, %zu errors without a place\n", total, refused, failures);
	free_samples(&all);
	assert_int_equal(failures, 0);
}

/* The document with nothing in it is refused by the reader, at a place. */
static void test_no_provisions(void **state)
{
	static const char *const texts[] = {
		"", "\n\n", "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1/2025/NĐ-CP\n",
	};
	static const char *const xmls[] = {
		"<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><body/></act></akomaNtoso>",
		"<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n  <act>\n"
		"    <preface><p>x</p></preface>\n  </act>\n</akomaNtoso>\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		dossier_document *doc = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;

		assert_int_equal(dossier_text_parse(&doc, "empty.txt", texts[i], strlen(texts[i]), NULL, &err),
			DOSSIER_EINVALID);
		assert_true(placed(err.path, err.line, err.column));
		assert_non_null(strstr(err.message, "no provisions"));
		dossier_error_clear(&err);
	}
	for (i = 0; i < sizeof(xmls) / sizeof(*xmls); i++) {
		dossier_document *doc = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;

		assert_int_equal(dossier_akn_read(&doc, "empty.xml", xmls[i], strlen(xmls[i]), NULL, &err),
			DOSSIER_EINVALID);
		assert_true(placed(err.path, err.line, err.column));
		assert_non_null(strstr(err.message, "no provisions"));
		dossier_error_clear(&err);
	}
}

/* The places the AKN reader gives are where the element's start tag begins,
 * in characters, also after multi-byte text and across a start tag that
 * spans lines; the warnings have them too. */
static void test_akn_places(void **state)
{
	static const char ns[] = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
	dossier_document *doc = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_diag *d;
	char *xml;

	(void)state;
	xml = util_sprintf("<?xml version=\"1.0\"?>\n  <akn xmlns=\"%s\"/>\n", ns);
	assert_int_equal(dossier_akn_read(&doc, "r.xml", xml, strlen(xml), NULL, &err), DOSSIER_EINVALID);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 3);
	dossier_error_clear(&err);
	free(xml);

	xml = util_sprintf("<akomaNtoso xmlns=\"%s\">\n<act><body>\n"
		"<article eId=\"art_1\"><num>Điều 1.</num><content><p>Đây là văn bản</p></content></article>"
		"<chapter\n   eId=\"x\"><other/></chapter>\n"
		"<p>ồ</p>\u00a0<hcontainer name=\"mystery\"><p>y</p></hcontainer>\n"
		"</body></act></akomaNtoso>\n", ns);
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_akn_read(&doc, "w.xml", xml, strlen(xml), diags, &err), 0);
	/* <chapter starts on line 3 after the article's 89 characters, and ends on line 4. */
	assert_int_equal(dossier_document_find(doc, "art_1")->line, 3);
	assert_int_equal(dossier_document_find(doc, "art_1")->column, 1);
	assert_int_equal(dossier_document_find(doc, "x")->line, 3);
	assert_int_equal(dossier_document_find(doc, "x")->column, 90);
	assert_int_equal(dossier_diags_count(diags), 1);
	d = dossier_diags_get(diags, 0);
	assert_string_equal(d->code, "akn-hcontainer");
	assert_int_equal(d->line, 5);
	assert_int_equal(d->column, 10);
	dossier_document_free(doc);
	dossier_diags_free(diags);
	free(xml);

	/* U+007F, which XML lets through, in an attribute and in text. */
	xml = util_sprintf("<akomaNtoso xmlns=\"%s\"><act name=\"a&#127;\"><body>\n"
		"  <article eId=\"art_1\"><content><p>x&#x7f;</p></content></article></body></act></akomaNtoso>", ns);
	assert_int_equal(dossier_diags_new(&diags), 0);
	assert_int_equal(dossier_akn_read(&doc, "c.xml", xml, strlen(xml), diags, &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "attribute 'name' of <act> holds control character U+007F");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 70);
	assert_int_equal(dossier_diags_errors(diags), 2);
	d = dossier_diags_get(diags, 1);
	assert_string_equal(d->code, "bad-text");
	assert_int_equal(d->line, 2);
	assert_int_equal(d->column, 33);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_provisions),
		cmocka_unit_test(test_akn_places),
		cmocka_unit_test(test_every_error_has_its_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
