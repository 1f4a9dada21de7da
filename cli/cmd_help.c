/*
 * cmd_help.c: `dossier help [COMMAND]` and `dossier version`. `help
 * COMMAND` shows the command's man page (man/manpage.py): the build's own
 * beside the program (build/man/, with `man -l`), else the installed one
 * (`man dossier-COMMAND`), else, without man or a page, the command's
 * --help. The pages are English: in another language (a catalogue
 * answers), the command's --help, which is translated.
 */
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "commands.h"

/* Levenshtein distance, at most `max` + 1. */
static size_t distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[64], prev, cur;

	if (lb >= sizeof(row) / sizeof(row[0]) || (la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
				1 + (prev < row[j - 1] ? (prev < row[j] ? prev : row[j]) : (row[j - 1] < row[j] ? row[j - 1] : row[j]));
			prev = cur;
		}
	}
	return row[lb];
}

int cli_unknown_command(const char *name)
{
	static const char *const names[] = {
		"init", "revise", "advance", "comment", "comments", "respond", "status", "log", "diff",
		"outline", "convert", "apply", "validate", "plan", "consolidate", "report", "import", "verify",
		"clone", "sync", "hook", "serve", "account", "key", "signers", "help", "version",
	};
	const char *best = NULL;
	size_t i, d, p, limit = strlen(name) / 2 + 1, bestd = 0, bestp = 0;

	/* only the names the command table has; the nearest, then the one that
	 * begins as the word does ('comit': 'comment' rather than 'init') */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!cli_find_command(names[i]) || (d = distance(name, names[i], limit)) > limit)
			continue;
		for (p = 0; name[p] && name[p] == names[i][p]; p++)
			;
		if (!best || d < bestd || (d == bestd && p > bestp)) {
			best = names[i];
			bestd = d;
			bestp = p;
		}
	}
	if (best)
		fprintf(stderr, _("error: unknown command '%s' (did you mean '%s'?)\n"), name, best);
	else
		fprintf(stderr, _("error: unknown command '%s'\n"), name);
	fprintf(stderr, _("hint: 'dossier --help' lists the commands\n"));
	return EXIT_USAGE;
}

static int run_help(cli_ctx *c);
static int run_version(cli_ctx *c);

const cli_command cli_cmd_help = {
	.name = "help", .run = run_help,
	.usage = "help [COMMAND]",
	.summary = N_("show the commands, or one command's help"),
};

const cli_command cli_cmd_version = {
	.name = "version", .run = run_version, .flags = CLI_NO_ARGS,
	.usage = "version",
	.summary = N_("show the version"),
};

/* Run man with argv; its exit status, or -1 when it cannot run. `quiet`:
 * its output goes nowhere (a lookup with -w). */
static int run_man(char *const *argv, int quiet)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	if (quiet) {
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	}
	fflush(stdout);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Show the command's man page; 0 when shown, -1 to fall back on --help. */
static int show_page(const cli_command *cmd)
{
	const char *section = strcmp(cmd->name, "serve") ? "1" : "8";
	char exe[PATH_MAX], page[PATH_MAX + 160], name[80];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	snprintf(name, sizeof(name), "dossier-%s", cmd->name);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			snprintf(page, sizeof(page), "%s/../man/%s.%s", exe, name, section);
			if (access(page, R_OK) == 0) {
				char *argv[] = { "man", "-l", page, NULL };

				return run_man(argv, 0) == 0 ? 0 : -1;
			}
		}
	}
	{
		char *look[] = { "man", "-w", (char *)section, name, NULL };
		char *argv[] = { "man", (char *)section, name, NULL };

		if (run_man(look, 1) != 0)
			return -1;
		return run_man(argv, 0) == 0 ? 0 : -1;
	}
}

/* The arguments are taken as they are: `help COMMAND` runs the command with --help. */
static int run_help(cli_ctx *c)
{
	static const cli_option none[] = { { NULL, 0, OPT_FLAG, NULL, NULL, NULL } };
	const cli_command *cmd;
	char *hargv[3];
	int code;

	/* help reads its own arguments; it has no option but --help */
	if (c->g->dump) {
		cli_setup(c, none, &code);
		return code;
	}
	if (c->argc < 2) {
		cli_print_commands(stdout);
		return EXIT_OK;
	}
	if (!strcmp(c->argv[1], "--help") || !strcmp(c->argv[1], "-h")) {
		printf(_("usage: dossier help [COMMAND]\n\n"
			"Without COMMAND, the commands and the global options; with one, its options.\n"));
		return EXIT_OK;
	}
	cmd = cli_find_command(c->argv[1]);
	if (!cmd)
		return cli_unknown_command(c->argv[1]);
	if (!cli_messages_translated() && show_page(cmd) == 0)
		return EXIT_OK;
	/* Each command prints its own help from its option table. */
	hargv[0] = c->argv[1];
	hargv[1] = "--help";
	hargv[2] = NULL;
	return cli_run_command(cmd, 2, hargv, c->g);
}

static int run_version(cli_ctx *c)
{
	static const cli_option none[] = { { NULL, 0, OPT_FLAG, NULL, NULL, NULL } };
	int code;

	if (cli_setup(c, none, &code) < 0)
		return code;
	printf(_("dossier %s\n"), dossier_version());
	return EXIT_OK;
}
