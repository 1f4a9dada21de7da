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
	fprintf(stderr, "\r%-8s [", _(phase));
	for (i = 0; i < width; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %zu/%zu", pct, done, total);
	fflush(stderr);
	b->shown = 1;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_import = {
	.name = "import", .run = run, .flags = CLI_ONE_ARG, .arg = "file",
	.usage = "import FILE [--format jsonl|csv]",
	.summary = N_("bulk comments (JSON Lines or CSV) recorded as one event by the drafting agency"),
};

static int run(cli_ctx *c)
{
	const char *format = NULL;
	int rc;
	const cli_option opts[] = {
		{ "format", 0, OPT_STRING, &format, "jsonl|csv", N_("the file's format (default: by its extension, else its content)") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_import_options io = DOSSIER_IMPORT_OPTIONS_INIT;
	dossier_import_result res;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	bar b = { 0, -1, NULL };

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (format && !strcmp(format, "jsonl")) {
		io.format = DOSSIER_IMPORT_JSONL;
	} else if (format && !strcmp(format, "csv")) {
		io.format = DOSSIER_IMPORT_CSV;
	} else if (format) {
		return cli_usage_error(c->cmd, "unknown format (expected jsonl or csv)");
	}
	if (isatty(STDERR_FILENO)) {
		io.progress = draw;
		io.progress_payload = &b;
	}
	if ((rc = cli_dossier(c)) != EXIT_OK)
		return rc;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	rc = dossier_import(&res, c->d, c->pos[0], &io, diags, &err);
	if (b.shown)
		fputc('\n', stderr);
	if (rc < 0) {
		dossier_diags_sort(diags);
		cli_print_diags(diags);
		rc = dossier_diags_errors(diags) && err.code == DOSSIER_EINVALID ? EXIT_USAGE : cli_report(&err);
		if (dossier_diags_errors(diags))
			fprintf(stderr, P_("error: %zu problem in '%s'; nothing was imported\n",
				"error: %zu problems in '%s'; nothing was imported\n", dossier_diags_errors(diags)),
				dossier_diags_errors(diags), c->pos[0]);
	} else {
		cli_print_warning(c->d);
		printf(P_("imported %zu comment (%zu by participants, %zu from the public)\n",
			"imported %zu comments (%zu by participants, %zu from the public)\n", res.records),
			res.records, res.participants, res.external);
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}
