/*
 * cmd_diff.c: `dossier diff [vA [vB]] [--files OLD NEW] [--format
 * text|xml|html|json|docx|pdf] [--columns 2|3] [-o FILE]`: what changed between two revisions,
 * provision by provision and word by word (docs/diff.md). In a dossier the
 * default compares the previous revision with the latest; one revision
 * compares it with the latest. With --files it compares two files (text,
 * AKN or .docx, by content) outside any dossier. Exit 0 whether or not anything
 * differs; 2 on bad input, with the place.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"


/* "v3" -> 3; 0 when not a revision name. */
static unsigned revision_number(const char *s)
{
	return dossier_revision_number(s);
}

/* Read the two revisions to compare from the dossier. */
static int load_revisions(dossier_document **a, dossier_document **b, char *la, char *lb,
	size_t lsize, cli_ctx *c)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_status *st = NULL;
	char **pos = c->pos;
	int npos = c->npos;
	unsigned latest, ra, rb;
	int rc;

	if ((rc = cli_dossier(c)) != EXIT_OK)
		return rc;
	if (dossier_get_status(&st, c->d, &err) < 0)
		return cli_error(&err);
	latest = st->revisions;
	dossier_status_free(st);
	if (npos >= 1 && !revision_number(pos[0]))
		return cli_usage_error(c->cmd, "'%s' is not a revision (v1, v2, …)", pos[0]);
	if (npos >= 2 && !revision_number(pos[1]))
		return cli_usage_error(c->cmd, "'%s' is not a revision (v1, v2, …)", pos[1]);
	if (npos == 0 && latest < 2) {
		fprintf(stderr, "%s", latest ? _("error: the dossier has only one revision: nothing to compare\n") :
			_("error: the dossier has no revision: nothing to compare\n"));
		if (latest)
			fprintf(stderr, _("hint: make a second one with 'dossier revise FILE', or compare files with 'dossier diff --files OLD NEW'\n"));
		return EXIT_USAGE;
	}
	ra = npos >= 1 ? revision_number(pos[0]) : latest - 1;
	rb = npos >= 2 ? revision_number(pos[1]) : latest;
	snprintf(la, lsize, "v%u", ra);
	snprintf(lb, lsize, "v%u", rb);
	if (dossier_get_revision(a, c->d, la, &err) < 0 || dossier_get_revision(b, c->d, lb, &err) < 0) {
		dossier_document_free(*a);
		*a = NULL;
		return cli_error(&err);
	}
	return EXIT_OK;
}

static int format_output(char **out, size_t *len, const dossier_diff *diff, const char *format,
	const char *style, const dossier_diff_format_options *o, bool three, dossier_error *err)
{
	int rc;

	*len = 0;
	if (!strcmp(format, "text"))
		rc = dossier_diff_text(out, diff, o, err);
	else if (!strcmp(format, "json"))
		rc = dossier_diff_json(out, diff, o, err);
	else if (!strcmp(format, "xml"))
		return dossier_diff_akn(out, len, diff, o, err);
	else if (!strcmp(format, "docx") || !strcmp(format, "pdf")) {
		if ((rc = dossier_docx_diff(out, len, diff, o, three, err)) == 0 && !strcmp(format, "pdf"))
			rc = cli_docx_to_pdf(out, len, err);
		return rc;
	}
	else
		return dossier_diff_html(out, len, diff, style, o, err);
	if (rc == 0)
		*len = strlen(*out);
	return rc;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_diff = {
	.name = "diff", .run = run,
	.usage = "diff [vA [vB]] [--files OLD NEW] [--format text|xml|html|json|docx|pdf] [--columns 2|3] [-o FILE]",
	.summary = N_("what changed between two revisions, provision by provision and word by word"),
};

static int run(cli_ctx *c)
{
	const char *format = "text", *outpath = NULL;
	int files = 0, code;
	const char *columns = NULL;
	const cli_option opts[] = {
		{ "files", 0, OPT_FLAG, &files, NULL, N_("compare two files OLD NEW (text, AKN or .docx), outside any dossier") },
		{ "format", 0, OPT_STRING, &format, "FORMAT", N_("text (default), json, xml (AKN with ins/del), html (the comparison table), docx (the table on A4 landscape, docs/word.md) or pdf (the .docx printed by LibreOffice)") },
		{ "columns", 0, OPT_STRING, &columns, "N", N_("html, docx, pdf: 3 (old | new | thuyết minh: what changed and the comments behind it; default in a dossier) or 2 (old | new; default with --files)") },
		{ "output", 'o', OPT_PATH, &outpath, "FILE", N_("write to FILE instead of standard output (replaced atomically; a device or FIFO is written in place)") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};
	dossier_diff_format_options o = DOSSIER_DIFF_FORMAT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_document *a = NULL, *b = NULL;
	dossier_diff *diff = NULL;
	dossier_diff_explanations *explained = NULL;
	char la[32], lb[32], *out = NULL, *style = NULL;
	size_t len = 0;

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "xml") &&
	    strcmp(format, "html") && strcmp(format, "docx") && strcmp(format, "pdf"))
		return cli_usage_error(c->cmd, "unknown format '%s' (use text, json, xml, html, docx or pdf)", format);
	if (columns && strcmp(columns, "2") && strcmp(columns, "3"))
		return cli_usage_error(c->cmd, "--columns is 2 or 3");
	if (!columns)
		columns = files ? "2" : "3";
	if (files) {
		if (c->npos != 2) {
			code = cli_usage_error(c->cmd, "--files needs two files, OLD and NEW");
			goto done;
		}
		if ((code = cli_load_document(&a, NULL, c->pos[0])) != EXIT_OK ||
		    (code = cli_load_document(&b, NULL, c->pos[1])) != EXIT_OK)
			goto done;
		o.old_label = c->pos[0];
		o.new_label = c->pos[1];
	} else {
		if (c->npos > 2) {
			code = cli_usage_error(c->cmd, "too many arguments");
			goto done;
		}
		if ((code = load_revisions(&a, &b, la, lb, sizeof(la), c)) != EXIT_OK)
			goto done;
		o.old_label = la;
		o.new_label = lb;
	}
	if (!strcmp(format, "html") && !(style = cli_template_path("compare.xsl"))) {
		code = EXIT_FAIL;
		goto done;
	}
	o.color = c->g->color && !outpath && !strcmp(format, "text");
	if (dossier_diff_new(&diff, a, b, &err) < 0) {
		code = cli_report(&err);
		dossier_error_clear(&err);
		goto done;
	}
	/* in a dossier, the table's third column: the comments behind each change */
	if (!files && !strcmp(columns, "3") && strcmp(format, "text") && strcmp(format, "json")) {
		if (dossier_diff_explain(&explained, c->d, diff, la, &err) < 0) {
			code = cli_report(&err);
			dossier_error_clear(&err);
			goto done;
		}
		o.notes = explained->notes;
		o.nnotes = explained->n;
	}
	if (format_output(&out, &len, diff, format, style, &o, !strcmp(columns, "3"), &err) < 0) {
		code = cli_report(&err);
		dossier_error_clear(&err);
		goto done;
	}
	if (!strcmp(format, "json") && len && out[len - 1] != '\n') {
		char *o2 = realloc(out, len + 2);

		if (!o2) {
			fprintf(stderr, _("error: out of memory\n"));
			code = EXIT_FAIL;
			goto done;
		}
		out = o2;
		out[len++] = '\n';
		out[len] = '\0';
	}
	if (outpath) {
		code = cli_write_atomic(outpath, out, len);
	} else {
		code = cli_write_stdout(out, len);
	}
done:
	free(style);
	free(out);
	dossier_diff_explanations_free(explained);
	dossier_diff_free(diff);
	dossier_document_free(a);
	dossier_document_free(b);
	return code;
}
