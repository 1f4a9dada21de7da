/*
 * cmd_init.c: `dossier init DIR --workflow FILE [--title T] [--bare]`: a new
 * dossier in the workflow's start stage, the workflow pinned inside it.
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_init = {
	.name = "init", .run = run, .flags = CLI_ONE_ARG, .arg = "directory",
	.usage = "init DIR --workflow FILE [--title T] [--bare]",
	.summary = N_("create a new dossier in the workflow's start stage"),
};

static int run(cli_ctx *c)
{
	const char *workflow = NULL, *title = NULL;
	int bare = 0;
	const cli_option opts[] = {
		{ "workflow", 'w', OPT_PATH, &workflow, "FILE", N_("the workflow definition (YAML)") },
		{ "title", 't', OPT_STRING, &title, "T", N_("the dossier's title (default: the workflow's)") },
		{ "bare", 0, OPT_FLAG, &bare, NULL, N_("no working tree: only the git repository") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_init_options io = DOSSIER_INIT_OPTIONS_INIT;
	dossier_identity who = { c->g->as, c->g->now, c->g->signing_key };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	int rc;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (!workflow)
		return cli_usage_error(c->cmd, "--workflow is required");
	io.title = title;
	io.bare = bare;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	rc = dossier_init(&c->d, c->pos[0], workflow, &who, &io, diags, &err);
	if (rc < 0) {
		if (dossier_diags_errors(diags)) {
			cli_print_diags(diags);
			fprintf(stderr, _("error: invalid workflow '%s'; no dossier was created\n"), workflow);
			rc = EXIT_USAGE;
		} else {
			rc = cli_report(&err);
		}
	} else {
		cli_print_warning(c->d);
		printf(_("initialised dossier in '%s'\n"), c->pos[0]);
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}
