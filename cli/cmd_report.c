/*
 * cmd_report.c: `dossier report [-o FILE] [--format akn|html|csv]`: the
 * synthesis report of comments ("báo cáo tổng hợp, tiếp thu, giải trình ý
 * kiến") as Akoma Ntoso (the default), as an HTML page (the AKN rendered
 * through templates/report.xsl, found by cli_template_path) or as CSV for
 * spreadsheets. Standard output unless -o; -o writes a temporary file
 * beside FILE and renames it, so a failed run leaves nothing. docs/report.md describes the contents.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_command cmd = {
	"report", cmd_report, "report [-o FILE] [--format akn|html|csv]",
	"the synthesis report of comments and responses"
};

/* Write data to path through a temporary file in the same directory. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	FILE *f;
	int fd, ok;

	if (!tmp) {
		fprintf(stderr, "error: out of memory\n");
		return EXIT_FAIL;
	}
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "error: cannot create '%s': %s\n", tmp, strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	f = fdopen(fd, "wb");
	ok = f && fwrite(data, 1, len, f) == len;
	ok = f && fflush(f) == 0 && ok;
	ok = f && fsync(fileno(f)) == 0 && ok;
	if (f)
		ok = fclose(f) == 0 && ok;
	else
		close(fd);
	if (!ok || rename(tmp, path) < 0) {
		fprintf(stderr, "error: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	free(tmp);
	return EXIT_OK;
}

int cmd_report(int argc, char **argv, const cli_globals *g)
{
	const char *outpath = NULL, *format = "akn";
	const cli_option opts[] = {
		{ "output", 'o', OPT_STRING, &outpath, "FILE", "write to FILE instead of standard output" },
		{ "format", 0, OPT_STRING, &format, "FORMAT", "akn (default), html or csv" },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_report *r = NULL;
	dossier *d = NULL;
	char **pos, *out = NULL, *xsl = NULL;
	size_t len = 0;
	int npos, code, rc;

	if (cli_parse(&cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	free(pos);
	if (npos)
		return cli_usage_error(&cmd, "unexpected argument");
	if (strcmp(format, "akn") && strcmp(format, "html") && strcmp(format, "csv"))
		return cli_usage_error(&cmd, "unknown format '%s' (use akn, html or csv)", format);
	if (!strcmp(format, "html") && !(xsl = cli_template_path("report.xsl")))
		return EXIT_FAIL;
	if ((rc = cli_open(&d, g)) != 0) {
		free(xsl);
		return rc;
	}
	if (dossier_report_load(&r, d, &err) < 0) {
		free(xsl);
		return cli_fail(d, &err);
	}
	if (!strcmp(format, "csv")) {
		rc = dossier_report_csv(&out, &len, r, &err);
	} else {
		rc = dossier_report_akn(&out, &len, r, &err);
		if (rc == 0 && xsl) {
			char *html = NULL;
			size_t hlen = 0;

			rc = dossier_render(&html, &hlen, xsl, out, len, NULL, &err);
			free(out);
			out = html;
			len = hlen;
		}
	}
	dossier_report_free(r);
	free(xsl);
	if (rc < 0) {
		free(out);
		return cli_fail(d, &err);
	}
	dossier_free(d);
	if (outpath) {
		code = write_atomic(outpath, out, len);
	} else {
		code = fwrite(out, 1, len, stdout) == len && fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
		if (code != EXIT_OK)
			fprintf(stderr, "error: cannot write to standard output\n");
	}
	free(out);
	return code;
}
