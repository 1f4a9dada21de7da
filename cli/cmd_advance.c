/*
 * cmd_advance.c: `dossier advance STAGE [-m MSG]`: take a transition of the
 * workflow, if the actor's role and the guards allow it.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_advance(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("advance");
	const char *message = NULL;
	int npos, code, rc;
	char **pos;
	const cli_option opts[] = {
		{ "message", 'm', OPT_STRING, &message, "MSG", "why, for the log" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	if (npos != 1) {
		free(pos);
		return cli_usage_error(cmd, "one stage expected");
	}
	if ((rc = cli_open(&d, g)) != 0) {
		free(pos);
		return rc;
	}
	if (dossier_advance(d, pos[0], message, &err) < 0) {
		free(pos);
		return cli_fail(d, &err);
	}
	cli_print_warning(d);
	printf("advanced to '%s'\n", pos[0]);
	free(pos);
	dossier_free(d);
	return EXIT_OK;
}
