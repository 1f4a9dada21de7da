/*
 * cmd_advance.c: `dossier advance STAGE [-m MSG]`: take a transition of the
 * workflow, if the actor's role and the guards allow it.
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_advance = {
	.name = "advance", .run = run, .flags = CLI_DOSSIER | CLI_ONE_ARG, .arg = "stage",
	.usage = "advance STAGE [-m MSG]",
	.summary = N_("move the dossier to the next stage"),
};

static int run(cli_ctx *c)
{
	const char *message = NULL;
	int rc;
	const cli_option opts[] = {
		{ "message", 'm', OPT_STRING, &message, "MSG", N_("why, for the log") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (dossier_advance(c->d, c->pos[0], message, &err) < 0)
		return cli_error(&err);
	cli_print_warning(c->d);
	printf(_("advanced to '%s'\n"), c->pos[0]);
	return EXIT_OK;
}
