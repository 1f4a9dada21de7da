/*
 * cmd_validate.c: `dossier validate FILE...`: load and check workflow
 * definitions. Every problem of every file goes to stderr as
 * PATH:LINE:COL: error: MESSAGE [code] (hint), followed, like actionlint,
 * by the source line and a caret under the column; a valid file prints
 * "FILE: ok" to stdout. Exit 0 when every file is valid, 2 otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* The text of line `line` (1-based) of a file, or NULL. */
static char *source_line(const char *path, unsigned line)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0;
	unsigned n = 1;
	int ch;

	if (!f)
		return NULL;
	while ((ch = fgetc(f)) != EOF) {
		if (ch == '\n') {
			if (n == line)
				break;
			n++;
			continue;
		}
		if (n != line)
			continue;
		if (len + 2 > cap) {
			size_t nc = cap ? cap * 2 : 128;
			char *p = realloc(buf, nc);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap = nc;
		}
		buf[len++] = (char)ch;
	}
	fclose(f);
	if (n != line)
		return NULL;
	if (!buf)
		return calloc(1, 1);
	if (len && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return buf;
}

/* The line as it may go to a terminal: control characters and invalid
 * UTF-8 shown as '?', one per byte, so that columns still count. */
static void sanitize(char *text)
{
	size_t len = strlen(text), off = 0;

	while (off < len) {
		int32_t cp;
		size_t n = dossier_utf8_next(text + off, len - off, &cp);

		if (n == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7f) {
			text[off++] = '?';
			continue;
		}
		off += n;
	}
}

/* The source line and a caret under `column` (columns count characters). */
static void print_caret(const char *path, unsigned line, unsigned column)
{
	char *text;
	const unsigned char *p;
	unsigned col = 1;

	if (!path || !line || !column || !(text = source_line(path, line)))
		return;
	sanitize(text);
	fprintf(stderr, "  %u | %s\n", line, text);
	fprintf(stderr, "  %*s | ", (int)snprintf(NULL, 0, "%u", line), "");
	for (p = (const unsigned char *)text; *p && col < column; p++) {
		if ((*p & 0xc0) == 0x80)
			continue; /* a continuation byte: same character */
		fputc(*p == '\t' ? '\t' : ' ', stderr);
		col++;
	}
	fputs("^\n", stderr);
	free(text);
}

static void print_diags(const dossier_diags *diags, int caret)
{
	size_t i, n = dossier_diags_count(diags);

	for (i = 0; i < n; i++) {
		const dossier_diag *d = dossier_diags_get(diags, i);
		char *s = dossier_diag_format(d);

		fprintf(stderr, "%s\n", s ? s : "error: out of memory");
		free(s);
		if (caret)
			print_caret(d->path, d->line, d->column);
	}
}

static int run(cli_ctx *c);

const cli_command cli_cmd_validate = {
	.name = "validate", .run = run,
	.usage = "validate [-q] [--no-source] FILE...",
	.summary = N_("check workflow definitions, reporting every problem with its place"),
};

static int run(cli_ctx *c)
{
	int quiet = 0, no_source = 0, status = EXIT_OK, code, i;
	const cli_option opts[] = {
		{ "quiet", 'q', OPT_FLAG, &quiet, NULL, N_("print nothing for valid files") },
		{ "no-source", 0, OPT_FLAG, &no_source, NULL, N_("do not show the source line and caret") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (c->npos == 0)
		return cli_usage_error(c->cmd, "no workflow file given");
	for (i = 0; i < c->npos; i++) {
		dossier_workflow *wf = NULL;
		dossier_diags *diags = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;
		int rc;

		if (dossier_diags_new(&diags) < 0) {
			fprintf(stderr, _("error: out of memory\n"));
			return EXIT_FAIL;
		}
		rc = dossier_workflow_load(&wf, c->pos[i], diags, &err);
		if (dossier_diags_count(diags) > 0) {
			dossier_diags_sort(diags);
			print_diags(diags, !no_source);
		} else if (rc < 0) {
			/* Not a problem in the file: the file could not be read. */
			cli_report(&err);
		}
		if (rc < 0) {
			int st = cli_exit_code(rc);

			/* An unreadable file is invalid input to this command. */
			if (st == EXIT_FAIL && rc != DOSSIER_ENOMEM)
				st = EXIT_USAGE;
			if (st > status)
				status = st;
		} else if (!quiet) {
			printf(_("%s: ok\n"), c->pos[i]);
		}
		dossier_workflow_free(wf);
		dossier_diags_free(diags);
		dossier_error_clear(&err);
	}
	return status;
}
