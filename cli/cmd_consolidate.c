/*
 * cmd_consolidate.c: `dossier consolidate [-o FILE] [--revision vN]
 * [--format akn|html|docx|pdf]`: the consolidated draft (a revision with
 * every accepted proposal applied) as Akoma Ntoso, as an HTML page laid out
 * as a Vietnamese decree (templates/decree.xsl), or as .docx and PDF in the
 * layout of Decree 30/2020 (docs/word.md). Proposals that could not
 * be applied are printed as warnings on stderr. -o writes through a
 * temporary file and a rename: nothing is written when anything fails.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void print_warnings(const dossier_consolidation_report *r)
{
	size_t i;

	for (i = 0; i < r->nunapplied; i++) {
		const dossier_consolidation_unapplied *u = &r->unapplied[i];

		if (dossier_consolidation_unapplied_is_warning(u))
			fprintf(stderr, _("warning: not applied: %s\n"), u->message);
	}
}

static int run(cli_ctx *c);

const cli_command cli_cmd_consolidate = {
	.name = "consolidate", .run = run, .flags = CLI_NO_ARGS,
	.usage = "consolidate [-o FILE] [--revision vN] [--format akn|html|docx|pdf]",
	.summary = N_("the draft with every accepted proposal applied, as Akoma Ntoso, HTML, Word or PDF"),
};

static int run(cli_ctx *c)
{
	const char *outpath = NULL, *revision = NULL, *format = NULL;
	dossier_consolidation_report *report = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *xml = NULL, *html = NULL, *xsl = NULL;
	size_t len = 0;
	int code, rc;
	const cli_option opts[] = {
		{ "output", 'o', OPT_PATH, &outpath, "FILE", N_("write to FILE instead of standard output (replaced atomically; a device or FIFO is written in place)") },
		{ "revision", 0, OPT_STRING, &revision, "vN", N_("consolidate this revision (default: the latest)") },
		{ "format", 0, OPT_STRING, &format, "FORMAT", N_("akn (default), html (a decree laid out for reading and printing), docx (Decree 30/2020 layout, changed provisions shaded with Word comments) or pdf (the .docx printed by LibreOffice)") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (format && strcmp(format, "akn") && strcmp(format, "html") && strcmp(format, "docx") &&
	    strcmp(format, "pdf"))
		return cli_usage_error(c->cmd, "unknown format '%s' (use akn, html, docx or pdf)", format);
	if (format && !strcmp(format, "html") && !(xsl = cli_template_path("decree.xsl")))
		return EXIT_FAIL;
	if ((rc = cli_dossier(c)) != EXIT_OK) {
		free(xsl);
		return rc;
	}
	if (dossier_consolidate(&xml, &len, &report, c->d, revision, &err) < 0) {
		free(xsl);
		return cli_error(&err);
	}
	cli_print_read_warnings(c->d);
	/* the dossier is done with before the rendering and the writing */
	dossier_free(c->d);
	c->d = NULL;
	print_warnings(report);
	if (format && (!strcmp(format, "docx") || !strcmp(format, "pdf"))) {
		rc = dossier_docx_consolidated(&html, &len, xml, len, report, &err);
		if (rc == 0 && !strcmp(format, "pdf"))
			rc = cli_docx_to_pdf(&html, &len, &err);
		free(xml);
		xml = NULL;
		if (rc < 0) {
			dossier_consolidation_report_free(report);
			code = cli_report(&err);
			dossier_error_clear(&err);
			return code;
		}
	}
	dossier_consolidation_report_free(report);
	if (xsl) {
		rc = dossier_render(&html, &len, xsl, xml, len, NULL, &err);
		free(xsl);
		free(xml);
		xml = NULL;
		if (rc < 0) {
			code = cli_report(&err);
			dossier_error_clear(&err);
			return code;
		}
	}
	if (outpath) {
		code = cli_write_atomic(outpath, html ? html : xml, len);
	} else {
		code = cli_write_stdout(html ? html : xml, len);
	}
	free(html);
	free(xml);
	return code;
}
