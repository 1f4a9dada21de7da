/*
 * cmd_import.c: `dossier import FILE [--format jsonl|csv]`: bulk comments
 * (the national portal's export) recorded as one event by the drafting
 * agency. Every problem is reported with its line and nothing is imported
 * while any remains; on a terminal a progress bar shows on standard error.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct bar {
	int shown;
	int last;     /* the last percentage drawn, per phase */
	const char *phase;
} bar;

static void draw(const char *phase, size_t done, size_t total, void *payload)
{
	bar *b = payload;
	int pct, i, width = 30, fill;

	if (total == 0)
		return;
	pct = (int)(done * 100 / total);
	if (b->phase == phase && pct == b->last)
		return;
	b->phase = phase;
	b->last = pct;
	fill = pct * width / 100;
	fprintf(stderr, "\r%-8s [", phase);
	for (i = 0; i < width; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %zu/%zu", pct, done, total);
	fflush(stderr);
	b->shown = 1;
}

int cmd_import(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("import");
	const char *format = NULL;
	int npos, code, rc;
	char **pos;
	const cli_option opts[] = {
		{ "format", 0, OPT_STRING, &format, "jsonl|csv", "the file's format (default: by its extension, else its content)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_import_options io = DOSSIER_IMPORT_OPTIONS_INIT;
	dossier_import_result res;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier *d = NULL;
	bar b = { 0, -1, NULL };

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	if (npos != 1) {
		free(pos);
		return cli_usage_error(cmd, "one file expected");
	}
	if (format && !strcmp(format, "jsonl")) {
		io.format = DOSSIER_IMPORT_JSONL;
	} else if (format && !strcmp(format, "csv")) {
		io.format = DOSSIER_IMPORT_CSV;
	} else if (format) {
		free(pos);
		return cli_usage_error(cmd, "unknown format (expected jsonl or csv)");
	}
	if (isatty(STDERR_FILENO)) {
		io.progress = draw;
		io.progress_payload = &b;
	}
	if ((rc = cli_open(&d, g)) != 0) {
		free(pos);
		return rc;
	}
	if (dossier_diags_new(&diags) < 0) {
		free(pos);
		dossier_free(d);
		return EXIT_FAIL;
	}
	rc = dossier_import(&res, d, pos[0], &io, diags, &err);
	if (b.shown)
		fputc('\n', stderr);
	if (rc < 0) {
		dossier_diags_sort(diags);
		cli_print_diags(diags);
		rc = dossier_diags_errors(diags) && err.code == DOSSIER_EINVALID ? EXIT_USAGE : cli_report(&err);
		if (dossier_diags_errors(diags))
			fprintf(stderr, "error: %zu problem%s in '%s'; nothing was imported\n", dossier_diags_errors(diags),
				dossier_diags_errors(diags) == 1 ? "" : "s", pos[0]);
	} else {
		cli_print_warning(d);
		printf("imported %zu comment%s (%zu by participants, %zu from the public)\n", res.records,
			res.records == 1 ? "" : "s", res.participants, res.external);
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	dossier_free(d);
	free(pos);
	return rc;
}
