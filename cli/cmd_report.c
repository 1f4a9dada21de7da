/*
 * cmd_report.c: `dossier report [-o FILE] [--format akn|html|csv|docx|pdf]`: the
 * synthesis report of comments ("báo cáo tổng hợp, tiếp thu, giải trình ý
 * kiến") as Akoma Ntoso (the default), as an HTML page (the AKN rendered
 * through templates/report.xsl, found by cli_template_path) or as CSV for
 * spreadsheets, or as .docx and PDF on A4 landscape under the official
 * header (docs/word.md). Standard output unless -o; -o writes a temporary file
 * beside FILE and renames it, so a failed run leaves nothing. docs/report.md describes the contents.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int run(cli_ctx *c);

/* -o FILE in AKN: the report streamed into the file as it is written
 * (dossier_report_akn_write), never whole in memory. */
typedef struct akn_out {
	const dossier_report *r;
	dossier_error *err;
	int fd;
	int rc;        /* the engine's */
	int io_errno;  /* a write that failed */
} akn_out;

static int sink_fd(const char *data, size_t len, void *payload)
{
	akn_out *o = payload;

	if (cli_write_fd(o->fd, data, len) < 0) {
		o->io_errno = errno;
		return DOSSIER_EFAIL;
	}
	return 0;
}

static int produce_akn(int fd, void *payload)
{
	akn_out *o = payload;

	o->fd = fd;
	if ((o->rc = dossier_report_akn_write(o->r, sink_fd, o, o->err)) == 0)
		return 0;
	if (o->io_errno) {
		errno = o->io_errno;
		return -1;
	}
	return -2;
}

const cli_command cli_cmd_report = {
	.name = "report", .run = run, .flags = CLI_NO_ARGS,
	.usage = "report [-o FILE] [--format akn|html|csv|docx|pdf]",
	.summary = N_("the synthesis report of comments and responses (AKN, HTML, CSV, Word or PDF)"),
};

static int run(cli_ctx *c)
{
	const char *outpath = NULL, *format = "akn";
	const cli_option opts[] = {
		{ "output", 'o', OPT_PATH, &outpath, "FILE", N_("write to FILE instead of standard output (replaced atomically; a device or FIFO is written in place)") },
		{ "format", 0, OPT_STRING, &format, "FORMAT", N_("akn (default), html, csv, docx (A4 landscape table, Decree 30/2020 header) or pdf (the .docx printed by LibreOffice)") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_report *r = NULL;
	char *out = NULL, *xsl = NULL;
	size_t len = 0;
	int code, rc;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (strcmp(format, "akn") && strcmp(format, "html") && strcmp(format, "csv") &&
	    strcmp(format, "docx") && strcmp(format, "pdf"))
		return cli_usage_error(c->cmd, "unknown format '%s' (use akn, html, csv, docx or pdf)", format);
	if (!strcmp(format, "html") && !(xsl = cli_template_path("report.xsl")))
		return EXIT_FAIL;
	if ((rc = cli_dossier(c)) != EXIT_OK) {
		free(xsl);
		return rc;
	}
	if (dossier_report_load(&r, c->d, &err) < 0) {
		free(xsl);
		return cli_error(&err);
	}
	cli_print_read_warnings(c->d);
	if (!strcmp(format, "akn") && outpath) {
		akn_out o = { r, &err, -1, 0, 0 };

		/* the dossier is done with (its pack unmapped) before the writing */
		dossier_free(c->d);
		c->d = NULL;
		code = cli_write_atomic_with(outpath, produce_akn, &o);
		dossier_report_free(r);
		free(xsl);
		if (o.rc < 0 && !o.io_errno)
			return cli_error(&err);
		dossier_error_clear(&err);
		return code;
	}
	if (!strcmp(format, "csv")) {
		rc = dossier_report_csv(&out, &len, r, &err);
	} else if (!strcmp(format, "docx") || !strcmp(format, "pdf")) {
		rc = dossier_docx_report(&out, &len, r, &err);
		if (rc == 0 && !strcmp(format, "pdf"))
			rc = cli_docx_to_pdf(&out, &len, &err);
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
		return cli_error(&err);
	}
	/* the dossier is done with before the writing */
	dossier_free(c->d);
	c->d = NULL;
	if (outpath) {
		code = cli_write_atomic(outpath, out, len);
	} else {
		code = cli_write_stdout(out, len);
	}
	free(out);
	return code;
}
