/*
 * cmd_convert.c: `dossier convert FILE [-o OUT] [--to akn|text|json|docx|pdf]`:
 * legal text to and from Akoma Ntoso and Word, outside any dossier. The
 * input is recognised by its content (a .docx, AKN XML, UTF-16 or UTF-8
 * structured text; docs/word.md); the default output is AKN for text and
 * .docx, text for AKN. Errors go to stderr with
 * PATH:LINE:COL and exit 2; -o is written only after success, through a
 * temporary file beside it and a rename, so a failed run leaves no file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

/* Print the diagnostics when there are any, else the error. */
static int load_fail(const dossier_diags *diags, const dossier_error *err)
{
	if (dossier_diags_errors(diags) > 0) {
		cli_print_diags(diags);
		/* the way through, when the reader gave one (a NUL byte: --lenient) */
		if (err->hint)
			fprintf(stderr, _("hint: %s\n"), err->hint);
		return cli_exit_code(err->code ? err->code : DOSSIER_EINVALID);
	}
	cli_print_diags(diags);
	return cli_report(err);
}

int cli_load_document(dossier_document **out, int *was_akn, const char *path)
{
	return cli_load_document_lenient(out, was_akn, path, 0);
}

int cli_load_document_lenient(dossier_document **out, int *was_akn, const char *path, int lenient)
{
	dossier_text_options topts = DOSSIER_TEXT_OPTIONS_INIT;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	int rc;

	if (dossier_diags_new(&diags) < 0) {
		fprintf(stderr, _("error: out of memory\n"));
		return EXIT_FAIL;
	}
	if (lenient)
		topts.flags |= DOSSIER_TEXT_LENIENT;
	rc = dossier_document_load_opts(out, was_akn, path, &topts, diags, &err);
	if (rc < 0) {
		rc = load_fail(diags, &err);
	} else {
		cli_print_diags(diags); /* warnings */
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_convert = {
	.name = "convert", .run = run, .flags = CLI_NO_GIT,
	.usage = "convert FILE [-o OUT] [--to akn|text|json|docx|pdf] [--lenient]",
	.summary = N_("legal text (text, .docx, AKN) to and from Akoma Ntoso, Word or PDF (or a JSON outline), outside any dossier"),
};

static int run(cli_ctx *c)
{
	const char *outpath = NULL, *to = NULL;
	dossier_document *doc = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *out = NULL;
	size_t len = 0;
	int code, was_akn = 0, rc, lenient = 0;
	const cli_option opts[] = {
		{ "lenient", 0, OPT_FLAG, &lenient, NULL, N_("drop NUL bytes (PDF check boxes) with a warning instead of refusing the file") },
		{ "output", 'o', OPT_PATH, &outpath, "OUT", N_("write to OUT instead of standard output (replaced atomically; a device or FIFO is written in place)") },
		{ "to", 0, OPT_STRING, &to, "FORMAT", N_("akn, text, json, docx (Decree 30/2020 layout) or pdf (default: akn for text and .docx input, text for AKN input)") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (c->npos != 1)
		return cli_usage_error(c->cmd, c->npos ? "too many arguments" : "no input file given");
	if (to && strcmp(to, "akn") && strcmp(to, "text") && strcmp(to, "json") && strcmp(to, "docx") &&
	    strcmp(to, "pdf"))
		return cli_usage_error(c->cmd, "unknown format '%s' (use akn, text, json, docx or pdf)", to);
	if ((code = cli_load_document_lenient(&doc, &was_akn, c->pos[0], lenient)) != EXIT_OK)
		return code;
	if (!to)
		to = was_akn ? "text" : "akn";
	if (!strcmp(to, "akn")) {
		dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;

		rc = dossier_akn_write(&out, &len, doc, &o, &err);
	} else if (!strcmp(to, "docx") || !strcmp(to, "pdf")) {
		dossier_docx_options o = DOSSIER_DOCX_OPTIONS_INIT;

		if ((rc = dossier_docx_document(&out, &len, doc, &o, &err)) == 0 && !strcmp(to, "pdf"))
			rc = cli_docx_to_pdf(&out, &len, &err);
	} else if (!strcmp(to, "text")) {
		rc = dossier_text_write(&out, doc, &err);
	} else {
		rc = dossier_document_json(&out, doc, DOSSIER_JSON_TEXT, &err);
	}
	dossier_document_free(doc);
	if (rc < 0) {
		code = cli_report(&err);
		dossier_error_clear(&err);
		free(out);
		return code;
	}
	if (!strcmp(to, "akn"))
		len = len ? len : strlen(out);
	else if (strcmp(to, "docx") && strcmp(to, "pdf"))
		len = strlen(out);
	if (!strcmp(to, "json") && (!len || out[len - 1] != '\n')) {
		char *o2 = realloc(out, len + 2);

		if (!o2) {
			free(out);
			fprintf(stderr, _("error: out of memory\n"));
			return EXIT_FAIL;
		}
		out = o2;
		out[len++] = '\n';
		out[len] = 0;
	}
	if (outpath) {
		code = cli_write_atomic(outpath, out, len);
	} else {
		code = cli_write_stdout(out, len);
	}
	free(out);
	return code;
}
