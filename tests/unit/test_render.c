/*
 * test_render.c: XSLT rendering through dossier_render: a tiny stylesheet
 * renders with a string parameter (quoted, never pasted into XPath); a
 * stylesheet that is not well formed, one that is not XSLT, a missing one
 * and a broken document are errors that name the file and the line; and
 * nothing is ever printed on stdout or stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "dossier/render.h"

static char dir[64];

static const char TINY[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	"  <xsl:output method=\"html\" encoding=\"UTF-8\"/>\n"
	"  <xsl:param name=\"who\" select=\"'nobody'\"/>\n"
	"  <xsl:template match=\"/\">\n"
	"    <p class=\"greeting\"><xsl:value-of select=\"/doc/title\"/> / <xsl:value-of select=\"$who\"/></p>\n"
	"  </xsl:template>\n"
	"</xsl:stylesheet>\n";

/* Not well formed: the template is never closed (line 4). */
static const char BROKEN_XML[] =
	"<?xml version=\"1.0\"?>\n"
	"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	"  <xsl:template match=\"/\">\n"
	"    <p>\n"
	"  </xsl:template>\n"
	"</xsl:stylesheet>\n";

/* Well formed, but not XSLT: an unknown xsl element. */
static const char BROKEN_XSLT[] =
	"<?xml version=\"1.0\"?>\n"
	"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	"  <xsl:template match=\"/\">\n"
	"    <xsl:no-such-instruction/>\n"
	"  </xsl:template>\n"
	"</xsl:stylesheet>\n";

/* Renders nothing at all: an empty result, not an error. */
static const char EMPTY[] =
	"<?xml version=\"1.0\"?>\n"
	"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	"  <xsl:output method=\"text\"/>\n"
	"  <xsl:template match=\"/\"/>\n"
	"</xsl:stylesheet>\n";

static const char DOC[] = "<?xml version=\"1.0\"?>\n<doc><title>Nghị định</title></doc>\n";
static const char BAD_DOC[] = "<?xml version=\"1.0\"?>\n<doc>\n<title>Nghị định</doc>\n";

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	FILE *f;

	assert_non_null(path);
	sprintf(path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Capture stdout and stderr in a file while rendering. */
typedef struct capture {
	int saved_out, saved_err;
	char path[96];
} capture;

static void capture_start(capture *c)
{
	int fd;

	snprintf(c->path, sizeof(c->path), "%s/captured", dir);
	fflush(stdout);
	fflush(stderr);
	fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	c->saved_out = dup(1);
	c->saved_err = dup(2);
	assert_true(c->saved_out >= 0 && c->saved_err >= 0);
	assert_true(dup2(fd, 1) >= 0 && dup2(fd, 2) >= 0);
	close(fd);
}

/* Restore, and return how many bytes were printed. */
static long capture_end(capture *c)
{
	struct stat st;

	fflush(stdout);
	fflush(stderr);
	assert_true(dup2(c->saved_out, 1) >= 0 && dup2(c->saved_err, 2) >= 0);
	close(c->saved_out);
	close(c->saved_err);
	assert_int_equal(stat(c->path, &st), 0);
	unlink(c->path);
	return (long)st.st_size;
}

static void test_tiny_stylesheet_renders(void **state)
{
	char *xsl = write_file("tiny.xsl", TINY), *out = NULL;
	const char *params[] = { "who", "Bộ Xây dựng's \"team\"", NULL };
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t len = 0;
	capture c;

	(void)state;
	capture_start(&c);
	assert_int_equal(dossier_render(&out, &len, xsl, DOC, strlen(DOC), params, &err), 0);
	assert_int_equal(capture_end(&c), 0);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	assert_non_null(strstr(out, "<p class=\"greeting\">Nghị định / Bộ Xây dựng's \"team\"</p>"));
	free(out);
	/* Without parameters the default applies. */
	assert_int_equal(dossier_render(&out, NULL, xsl, DOC, strlen(DOC), NULL, &err), 0);
	assert_non_null(strstr(out, "Nghị định / nobody"));
	free(out);
	free(xsl);
	xsl = write_file("empty.xsl", EMPTY);
	assert_int_equal(dossier_render(&out, &len, xsl, DOC, strlen(DOC), NULL, &err), 0);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);
	free(xsl);
}

static void expect_error(const char *xsl, const char *doc, const char *what, const char *where)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *out = (char *)"unchanged";
	size_t len = 7;
	capture c;
	int rc;

	capture_start(&c);
	rc = dossier_render(&out, &len, xsl, doc, strlen(doc), NULL, &err);
	assert_int_equal(capture_end(&c), 0);
	assert_int_equal(rc, DOSSIER_EINVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(err.message);
	if (!strstr(err.message, what) || !strstr(err.message, where))
		fail_msg("message '%s' lacks '%s' or '%s'", err.message, what, where);
	if (strchr(err.message, '\n'))
		fail_msg("message '%s' spans lines", err.message);
	dossier_error_clear(&err);
}

static void test_broken_stylesheets(void **state)
{
	char *bad_xml = write_file("broken.xsl", BROKEN_XML);
	char *bad_xslt = write_file("notxslt.xsl", BROKEN_XSLT);
	char *missing = write_file("gone.xsl", TINY);
	char where[160];

	(void)state;
	unlink(missing);
	/* The place: the file and the line where the parser stopped. */
	snprintf(where, sizeof(where), "%s:5", bad_xml);
	expect_error(bad_xml, DOC, "cannot read the stylesheet", where);
	snprintf(where, sizeof(where), "file %s line 4", bad_xslt);
	expect_error(bad_xslt, DOC, "invalid stylesheet", where);
	expect_error(bad_xslt, DOC, "no-such-instruction", "notxslt.xsl");
	expect_error(missing, DOC, "cannot read the stylesheet", "gone.xsl");
	free(bad_xml);
	free(bad_xslt);
	free(missing);
}

static void test_broken_document(void **state)
{
	char *xsl = write_file("tiny2.xsl", TINY);

	(void)state;
	expect_error(xsl, BAD_DOC, "cannot parse the document", "document.xml:3");
	free(xsl);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/dossier-render-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	const char *names[] = { "tiny.xsl", "tiny2.xsl", "empty.xsl", "broken.xsl", "notxslt.xsl", "captured", NULL };
	char path[160];
	size_t i;

	(void)state;
	for (i = 0; names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny_stylesheet_renders),
		cmocka_unit_test(test_broken_stylesheets),
		cmocka_unit_test(test_broken_document),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
