/*
 * cmd_init.c: `dossier init DIR --workflow FILE [--title T] [--bare]`: a new
 * dossier in the workflow's start stage, the workflow pinned inside it.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_init(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("init");
	const char *workflow = NULL, *title = NULL;
	int bare = 0, npos, code;
	char **pos;
	const cli_option opts[] = {
		{ "workflow", 'w', OPT_PATH, &workflow, "FILE", "the workflow definition (YAML)" },
		{ "title", 't', OPT_STRING, &title, "T", "the dossier's title (default: the workflow's)" },
		{ "bare", 0, OPT_FLAG, &bare, NULL, "no working tree: only the git repository" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_init_options io = DOSSIER_INIT_OPTIONS_INIT;
	dossier_identity who = { g->as, g->now, g->signing_key };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier *d = NULL;
	int rc;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	if (npos != 1 || !workflow) {
		free(pos);
		return cli_usage_error(cmd, npos != 1 ? "one directory expected" : "--workflow is required");
	}
	io.title = title;
	io.bare = bare;
	if (dossier_diags_new(&diags) < 0) {
		free(pos);
		return EXIT_FAIL;
	}
	rc = dossier_init(&d, pos[0], workflow, &who, &io, diags, &err);
	if (rc < 0) {
		if (dossier_diags_errors(diags)) {
			cli_print_diags(diags);
			fprintf(stderr, "error: invalid workflow '%s'; no dossier was created\n", workflow);
			rc = EXIT_USAGE;
		} else {
			rc = cli_report(&err);
		}
	} else {
		cli_print_warning(d);
		printf("initialised dossier in '%s'\n", pos[0]);
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	dossier_free(d);
	free(pos);
	return rc;
}
