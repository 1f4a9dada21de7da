/*
 * commands.h: the command table of main.c, for `help` (cmd_help.c) and for
 * the commands that still look up their own descriptor by name. Apart
 * from cli.h, which main.c includes for the commands' descriptors, so that
 * the table's users and the table's commands do not share one header.
 */
#ifndef DOSSIER_CLI_COMMANDS_H
#define DOSSIER_CLI_COMMANDS_H

#include <stdio.h>

#include "cli.h"

/* The command called `name`, or NULL. */
const cli_command *cli_find_command(const char *name);
/* `dossier --help`: the usage, every command with its summary, the global
 * options. */
void cli_print_commands(FILE *out);

#endif
