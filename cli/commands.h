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

/* The i-th command of the table, in the order of `dossier --help`; NULL past the end. */
const cli_command *cli_command_at(size_t i);

/* The global options (main.c), ended by a NULL name. */
typedef struct cli_global_option {
	const char *name;  /* "-C", "--as"; "-h, --help" */
	const char *arg;   /* "DIR", or NULL */
	const char *help;
} cli_global_option;
extern const cli_global_option cli_global_options[];

/* The command called `name`, or NULL. */
const cli_command *cli_find_command(const char *name);
/* `dossier --help`: the usage, every command with its summary, the global
 * options. */
void cli_print_commands(FILE *out);

/* `dossier --dump-options`: every command with its usage, summary and
 * option table, and the global options, as JSON, for the man pages
 * (man/manpage.py). Hidden. cli/dump.c. */
int cli_dump_options(FILE *out, cli_globals *g);
/* `dossier __complete [--] WORD...`: the words of a command line after
 * `dossier`, as the shell has them, the last the one being completed; prints
 * the candidates one a line, or ":files" or ":dirs" for the shell's own.
 * Hidden; the completion scripts in dist/completion call it. cli/complete.c. */
int cli_complete(FILE *out, int argc, char **argv, cli_globals *g);

#endif
