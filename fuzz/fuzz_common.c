/*
 * fuzz_common.c: the helpers of fuzz.h: temporary directories, source
 * paths, the sample dossier made through the public API, and the import
 * harness shared by fuzz_import_jsonl.c and fuzz_import_csv.c.
 */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier-config.h"
#include "facade/facade_int.h"

const char FUZZ_DRAFT[] =
	"CHÍNH PHỦ\n"
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	"Độc lập - Tự do - Hạnh phúc\n"
	"Số:      /2025/NĐ-CP\n"
	"Hà Nội, ngày    tháng    năm 2025\n"
	"NGHỊ ĐỊNH\n"
	"Quy định về phát triển đô thị thông minh\n"
	"Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
	"Theo đề nghị của Bộ trưởng Bộ Xây dựng;\n"
	"Chính phủ ban hành Nghị định quy định về phát triển đô thị thông minh.\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.\n"
	"Điều 2. Giải thích từ ngữ\n"
	"1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.\n"
	"2. Nền tảng dữ liệu đô thị gồm:\n"
	"a) Cơ sở dữ liệu quy hoạch đô thị;\n"
	"b) Cơ sở dữ liệu hạ tầng kỹ thuật;\n"
	"đ) Dữ liệu do người dân cung cấp.\n"
	"Chương II\n"
	"TỔ CHỨC THỰC HIỆN\n"
	"Điều 3. Trách nhiệm của Bộ Xây dựng\n"
	"Bộ Xây dựng chủ trì hướng dẫn thi hành Nghị định này.\n"
	"Điều 4. Hiệu lực thi hành\n"
	"Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n";

void fuzz_die(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

/* ---- temporary directories ------------------------------------------------ */

static char *tmpdirs[16];
static size_t ntmpdirs;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

int fuzz_rmtree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static void remove_tmpdirs(void)
{
	while (ntmpdirs > 0) {
		char *dir = tmpdirs[--ntmpdirs];

		fuzz_rmtree(dir);
		free(dir);
	}
}

char *fuzz_tmpdir(const char *name)
{
	const char *base = getenv("TMPDIR");
	char *tmpl;

	if (!base || !*base)
		base = "/tmp";
	if (!(tmpl = util_sprintf("%s/dossier-fuzz-%s-XXXXXX", base, name)) || !mkdtemp(tmpl))
		fuzz_die("cannot make a temporary directory under '%s': %s", base, strerror(errno));
	if (ntmpdirs == 0)
		atexit(remove_tmpdirs);
	if (ntmpdirs < sizeof(tmpdirs) / sizeof(*tmpdirs))
		tmpdirs[ntmpdirs++] = util_strdup(tmpl);
	return tmpl;
}

void fuzz_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		fuzz_die("cannot write '%s': %s", path, strerror(errno));
}

char *fuzz_source_path(const char *rel)
{
	char *p = util_sprintf("%s/%s", DOSSIER_SOURCE_ROOT, rel);

	if (!p)
		fuzz_die("out of memory");
	return p;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		fuzz_die("out of memory");
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* ---- documents -------------------------------------------------------------- */

typedef struct doc_walk {
	const dossier_document *doc;
	const char *what;
} doc_walk;

static int check_node(const dossier_node *n, void *payload)
{
	doc_walk *w = payload;
	char *s;

	if (n->kind == DOSSIER_NODE_BODY)
		return 0;
	if (n->eid && dossier_document_find(w->doc, n->eid) != n)
		fuzz_die("%s: the provision '%s' (line %u) is not found by its eId", w->what, n->eid, n->line);
	if (!(s = dossier_node_citation(n, w->doc->lang)))
		fuzz_die("%s: no citation for '%s'", w->what, n->eid ? n->eid : "?");
	free(s);
	if (!(s = dossier_node_text(n)))
		fuzz_die("%s: no text for '%s'", w->what, n->eid ? n->eid : "?");
	free(s);
	return 0;
}

void fuzz_check_document(const dossier_document *doc, const char *what)
{
	doc_walk w = { doc, what };
	dossier_diff *diff = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *out = NULL;

	dossier_document_walk(doc, check_node, &w);
	if (dossier_diff_new(&diff, doc, doc, &err) < 0)
		fuzz_die("%s: comparing the document with itself failed: %s", what, err.message ? err.message : "?");
	if (dossier_diff_changed(diff))
		fuzz_die("%s: the document compared with itself shows a change", what);
	if (dossier_diff_text(&out, diff, NULL, &err) < 0)
		fuzz_die("%s: the diff does not print: %s", what, err.message ? err.message : "?");
	free(out);
	dossier_diff_free(diff);
}

/* ---- the sample dossier --------------------------------------------------- */

static void check(int rc, const char *what, dossier_error *err)
{
	char *msg;

	if (rc >= 0)
		return;
	msg = dossier_error_format(err);
	fuzz_die("making the sample dossier: %s: %s", what, msg ? msg : "?");
}

dossier *fuzz_open_dossier(const char *dir, const char *as, const char *now)
{
	dossier_identity who = { as, now, NULL };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	check(dossier_open(&d, dir, &who, &err), "open", &err);
	return d;
}

void fuzz_make_dossier(const char *dir, bool bare)
{
	dossier_identity who = { FUZZ_AGENCY, "2025-06-20T09:00:00", NULL };
	dossier_init_options o = DOSSIER_INIT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *wf = fuzz_source_path(FUZZ_WORKFLOW), *draft, *v = NULL;
	dossier *d = NULL;

	o.bare = bare;
	check(dossier_init(&d, dir, wf, &who, &o, NULL, &err), "init", &err);
	dossier_free(d);
	free(wf);
	draft = util_sprintf("%s.draft.txt", dir);
	fuzz_write_file(draft, FUZZ_DRAFT, strlen(FUZZ_DRAFT));
	d = fuzz_open_dossier(dir, FUZZ_AGENCY, "2025-06-25T10:00:00");
	check(dossier_revise(&v, d, draft, "dự thảo lần 1", NULL, &err), "revise", &err);
	dossier_free(d);
	free(v);
	unlink(draft);
	free(draft);
	d = fuzz_open_dossier(dir, FUZZ_AGENCY, "2025-06-26T08:00:00");
	check(dossier_advance(d, "member-comment", NULL, &err), "advance", &err);
	dossier_free(d);
}

/* ---- the import harness --------------------------------------------------- */

static struct {
	char *dir;        /* the temporary directory */
	char *repo;       /* the sample dossier (bare) in it */
	dossier *d;
	char base[41];    /* its branch before any import */
	unsigned imported;
} imp;

/* A fresh sample dossier: at the start, and now and then, so that the packs
 * of successful imports do not pile up. */
static void import_setup(void)
{
	dossier_error err = DOSSIER_ERROR_INIT;

	dossier_free(imp.d);
	imp.d = NULL;
	if (imp.repo)
		fuzz_rmtree(imp.repo);
	free(imp.repo);
	imp.repo = util_sprintf("%s/dossier.git", imp.dir);
	fuzz_make_dossier(imp.repo, true);
	imp.d = fuzz_open_dossier(imp.repo, FUZZ_AGENCY, FUZZ_NOW);
	check(store_ref_read(imp.base, imp.d->store, DOSSIER_BRANCH, &err), "read the branch", &err);
}

void fuzz_import_init(void)
{
	if (imp.dir)
		return;
	dossier_global_init();
	imp.dir = fuzz_tmpdir("import");
	import_setup();
}

/* What an import wrote must read back: every comment listed, and the
 * replay of the history clean. */
static void check_imported(size_t records)
{
	dossier_comment_list *l = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *msg;
	int rc;

	if ((rc = dossier_get_comments(&l, imp.d, NULL, &err)) < 0) {
		msg = dossier_error_format(&err);
		fuzz_die("an import of %zu records succeeded, but its comments do not read back: %s", records,
			msg ? msg : "?");
	}
	if (l->n != records)
		fuzz_die("an import of %zu records succeeded, but %zu comments read back", records, l->n);
	dossier_comment_list_free(l);
	if (dossier_diags_new(&diags) < 0)
		fuzz_die("out of memory");
	if ((rc = dossier_verify(imp.d, diags, &err)) < 0) {
		msg = dossier_diags_count(diags) ? dossier_diag_format(dossier_diags_get(diags, 0)) :
			dossier_error_format(&err);
		fuzz_die("an import of %zu records succeeded, but verify fails: %s", records, msg ? msg : "?");
	}
	dossier_diags_free(diags);
}

void fuzz_import_one(const uint8_t *data, size_t size, dossier_import_format format)
{
	dossier_import_options o = DOSSIER_IMPORT_OPTIONS_INIT;
	dossier_import_result res;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *path;
	size_t i;
	int rc;

	fuzz_import_init();
	path = util_sprintf("%s/input.%s", imp.dir, format == DOSSIER_IMPORT_CSV ? "csv" : "jsonl");
	fuzz_write_file(path, data, size);
	o.format = format;
	if (dossier_diags_new(&diags) < 0)
		fuzz_die("out of memory");
	rc = dossier_import(&res, imp.d, path, &o, diags, &err);
	if (getenv("FUZZ_VERBOSE")) {
		char *m = dossier_error_format(&err);

		fprintf(stderr, "import: exit %d, %zu records%s%s\n", rc, res.records, m && rc ? ": " : "",
			m && rc ? m : "");
		free(m);
	}
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *g = dossier_diags_get(diags, i);
		char *s = dossier_diag_format(g);

		if (s && getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "  %s\n", s);

		if (g->severity == DOSSIER_SEVERITY_ERROR && g->line == 0)
			fuzz_die("an import problem without its line: %s", s ? s : "?");
		free(s);
	}
	if (rc == 0) {
		if (dossier_diags_errors(diags))
			fuzz_die("an import succeeded with %zu problems", dossier_diags_errors(diags));
		check_imported(res.records);
		check(store_ref_write(imp.d->store, DOSSIER_BRANCH, imp.base, "fuzz: undo the import", &err),
			"move the branch back", &err);
		if (++imp.imported % 256 == 0)
			import_setup();
	} else {
		char *msg = dossier_error_format(&err);

		if (rc != DOSSIER_EINVALID && rc != DOSSIER_EREFUSED)
			fuzz_die("an import failed with code %d: %s", rc, msg ? msg : "?");
		free(msg);
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	free(path);
}
