/*
 * cmd_help.c: `dossier help [COMMAND]` and `dossier version`.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

int cmd_help(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd;
	char *hargv[3];

	(void)g;
	if (argc < 2) {
		cli_print_commands(stdout);
		return EXIT_OK;
	}
	cmd = cli_find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "error: unknown command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	/* Each command prints its own help from its option table. */
	hargv[0] = argv[1];
	hargv[1] = "--help";
	hargv[2] = NULL;
	return cli_run_command(cmd, 2, hargv, g);
}

int cmd_version(int argc, char **argv, const cli_globals *g)
{
	(void)argc;
	(void)argv;
	(void)g;
	printf("dossier %s\n", dossier_version());
	return EXIT_OK;
}
