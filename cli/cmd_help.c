/*
 * cmd_help.c: `dossier help [COMMAND]` and `dossier version`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_help(cli_ctx *c);
static int run_version(cli_ctx *c);

const cli_command cli_cmd_help = {
	.name = "help", .run = run_help,
	.usage = "help [COMMAND]",
	.summary = "show the commands, or one command's help",
};

const cli_command cli_cmd_version = {
	.name = "version", .run = run_version,
	.usage = "version",
	.summary = "show the version",
};

/* The arguments are taken as they are: `help COMMAND` runs the command with --help. */
static int run_help(cli_ctx *c)
{
	const cli_command *cmd;
	char *hargv[3];

	if (c->argc < 2) {
		cli_print_commands(stdout);
		return EXIT_OK;
	}
	cmd = cli_find_command(c->argv[1]);
	if (!cmd) {
		fprintf(stderr, "error: unknown command '%s'\n", c->argv[1]);
		return EXIT_USAGE;
	}
	/* Each command prints its own help from its option table. */
	hargv[0] = c->argv[1];
	hargv[1] = "--help";
	hargv[2] = NULL;
	return cli_run_command(cmd, 2, hargv, c->g);
}

static int run_version(cli_ctx *c)
{
	(void)c;
	printf("dossier %s\n", dossier_version());
	return EXIT_OK;
}
