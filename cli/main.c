/*
 * main.c: the `dossier` program: global options, then dispatch through the
 * command table. Each command lives in its own cmd_<name>.c, described
 * there beside its option table by flags as git's are (CLI_DOSSIER: it
 * works on the dossier of -C; CLI_NO_ARGS, CLI_ONE_ARG: its positional
 * arguments); here cli_setup() parses each command's options, checks its
 * arguments and opens its dossier, and cli_run_command() frees what it made
 * when the command returns. Whatever the command, standard output is
 * flushed and closed here and a write error (a full disk) is an error, as
 * git's run_builtin() does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

/* The commands, in the order `dossier --help` lists them. Each is
 * described (name, flags, usage, summary) beside its option table in its
 * cmd_<name>.c. */
static const cli_command *const commands[] = {
	&cli_cmd_help,
	&cli_cmd_version,
	&cli_cmd_validate,
	&cli_cmd_plan,
	&cli_cmd_convert,
	&cli_cmd_apply,
	&cli_cmd_outline,
	&cli_cmd_init,
	&cli_cmd_status,
	&cli_cmd_revise,
	&cli_cmd_advance,
	&cli_cmd_comment,
	&cli_cmd_respond,
	&cli_cmd_comments,
	&cli_cmd_diff,
	&cli_cmd_log,
	&cli_cmd_consolidate,
	&cli_cmd_import,
	&cli_cmd_verify,
	&cli_cmd_key,
	&cli_cmd_signers,
	&cli_cmd_clone,
	&cli_cmd_sync,
	&cli_cmd_hook,
	&cli_cmd_report,
	&cli_cmd_serve,
	&cli_cmd_account,
	NULL
};

const cli_command *cli_command_at(size_t i)
{
	return i < sizeof(commands) / sizeof(commands[0]) ? commands[i] : NULL;
}

/* The global options, for completion (cli/complete.c) and the man page
 * (cli/dump.c); `dossier --help` below says the same in its own words,
 * translated as one text. */
const cli_global_option cli_global_options[] = {
	{ "-C", "DIR", "the dossier's directory (env DOSSIER_DIR; default: current)" },
	{ "--as", "ID", "act as this participant (env DOSSIER_AS; default: git user.email)" },
	{ "--now", "TIME", "take this as the current time (env DOSSIER_NOW; a testing and rehearsal aid)" },
	{ "--signing-key", "FILE", "sign the commits with this SSH key (env DOSSIER_SIGNING_KEY)" },
	{ "--version", NULL, "show the version" },
	{ "-h, --help", NULL, "show this help" },
	{ NULL, NULL, NULL }
};

const cli_command *cli_find_command(const char *name)
{
	size_t i;

	for (i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

void cli_print_commands(FILE *out)
{
	size_t i;

	fprintf(out, _(
		"usage: dossier [-C DIR] [--as ID] [--now TIME] [--signing-key FILE] COMMAND [ARGS]\n"
		"\n"
		"dossier takes a draft decree through the stages of a workflow, with every\n"
		"revision, comment, response and stage change a commit in a git repository.\n"
		"\n"
		"commands:\n"));
	for (i = 0; commands[i]; i++)
		fprintf(out, "  %-12s %s\n", commands[i]->name, _(commands[i]->summary));
	fprintf(out, _(
		"\n"
		"global options:\n"
		"  -C DIR       the dossier's directory (env DOSSIER_DIR; default: current)\n"
		"  --as ID      act as this participant (env DOSSIER_AS; default: git user.email)\n"
		"  --now TIME   take this as the current time, YYYY-MM-DD or ISO 8601,\n"
		"               from 1990-01-01 to 2099-12-31, never before the dossier's\n"
		"               last event (env DOSSIER_NOW; a testing and rehearsal aid)\n"
		"  --signing-key FILE  sign the commits with this SSH key (env\n"
		"               DOSSIER_SIGNING_KEY; default: git's user.signingKey with\n"
		"               gpg.format=ssh, else the ssh-agent)\n"
		"  --version    show the version\n"
		"  -h, --help   show this help\n"
		"\n"
		"exit status: 0 done, 1 failure, 2 usage or invalid input, 3 refused by the workflow\n"
		"'dossier help COMMAND' shows a command's options.\n"));
}

static int global_value(int *i, int argc, char **argv, const char *name, const char **out)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (!strncmp(a, name, n) && a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (strcmp(a, name))
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, _("error: option '%s' needs a value\n"), name);
		return -1;
	}
	*out = argv[++*i];
	return 1;
}

/* The end of every command: what stdout could not take is a failure (exit
 * 1 with a message). A command that failed already keeps its own status and
 * message. As git does, a pipe or socket whose reader went away is not
 * reported (`dossier log | head`), nor a stdout that was closed before we
 * started. */
static int finish(int rc)
{
	struct stat st;
	const char *what = NULL;
	int e = 0;

	if (fstat(STDOUT_FILENO, &st) < 0)
		return rc;
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return rc;
	errno = 0;
	if (fflush(stdout) != 0) {
		what = _("error: write failure on standard output: %s\n");
		e = errno;
	} else if (ferror(stdout)) {
		what = _("error: write failure on standard output: %s\n");
	} else if (fclose(stdout) != 0) {
		what = _("error: close failed on standard output: %s\n");
		e = errno;
	}
	if (!what || rc != EXIT_OK)
		return rc;
	fprintf(stderr, what, e ? strerror(e) : _("unknown error"));
	return EXIT_FAIL;
}

/* ---- what main.c does for every command -------------------------------- */

int cli_setup(cli_ctx *c, const cli_option *opts, int *exit_code)
{
	const cli_command *cmd = c->cmd;

	if (c->g->dump) {
		c->g->dump(cmd, opts, c->g->dump_payload);
		*exit_code = EXIT_OK;
		return -1;
	}
	if (cli_parse(cmd, opts, c->argc, c->argv, &c->pos, &c->npos, exit_code) < 0)
		return -1;
	if ((cmd->flags & CLI_NO_ARGS) && c->npos) {
		*exit_code = cli_usage_error(cmd, "unexpected argument");
		return -1;
	}
	if ((cmd->flags & CLI_ONE_ARG) && c->npos != 1) {
		*exit_code = cli_usage_error(cmd, "one %s expected", cmd->arg);
		return -1;
	}
	if ((cmd->flags & CLI_DOSSIER) && (*exit_code = cli_dossier(c)) != EXIT_OK)
		return -1;
	return 0;
}

int cli_dossier(cli_ctx *c)
{
	return c->d ? EXIT_OK : cli_open(&c->d, c->g);
}

/* Run the command's body, then free what cli_setup() made for it. */
int cli_run_command(const cli_command *cmd, int argc, char **argv, const cli_globals *g)
{
	cli_ctx c = { cmd, g, argc, argv, NULL, 0, NULL };
	int rc;

	rc = cmd->run(&c);
	free(c.pos);
	dossier_free(c.d);
	return rc;
}

static int run(int argc, char **argv)
{
	cli_globals g = { 0 };
	const cli_command *cmd;
	const char *nc;
	int i;

	g.dir = getenv("DOSSIER_DIR");
	g.as = getenv("DOSSIER_AS");
	g.now = getenv("DOSSIER_NOW");
	g.signing_key = getenv("DOSSIER_SIGNING_KEY");
	if (g.signing_key && !*g.signing_key)
		g.signing_key = NULL;
	nc = getenv("NO_COLOR");
	g.color = isatty(STDOUT_FILENO) && !(nc && *nc);

	/* The hidden modes: the option tables as JSON for the man pages
	 * (cli/dump.c), and the shells' completion (cli/complete.c). */
	if (argc >= 2 && !strcmp(argv[1], "--dump-options"))
		return cli_dump_options(stdout, &g);
	if (argc >= 2 && !strcmp(argv[1], "__complete")) {
		int rc;

		if (dossier_global_init() < 0)
			return EXIT_FAIL;
		rc = cli_complete(stdout, argc - 2, argv + 2, &g);
		dossier_global_shutdown();
		return rc;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r;

		if (a[0] != '-')
			break;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_print_commands(stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "--version"))
			return cli_run_command(&cli_cmd_version, 1, argv + i, &g);
		if ((r = global_value(&i, argc, argv, "-C", &g.dir)) ||
		    (r = global_value(&i, argc, argv, "--as", &g.as)) ||
		    (r = global_value(&i, argc, argv, "--now", &g.now)) ||
		    (r = global_value(&i, argc, argv, "--signing-key", &g.signing_key))) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		fprintf(stderr, _("error: unknown option '%s'\n"), a);
		cli_print_commands(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		cli_print_commands(stderr);
		return EXIT_USAGE;
	}
	/* --as and --now reach the records (the actor, the legal time). */
	if ((g.as && cli_check_arg(g.as == getenv("DOSSIER_AS") ? "DOSSIER_AS" : "--as", g.as)) ||
	    (g.now && cli_check_arg(g.now == getenv("DOSSIER_NOW") ? "DOSSIER_NOW" : "--now", g.now)))
		return EXIT_USAGE;
	cmd = cli_find_command(argv[i]);
	if (!cmd)
		return cli_unknown_command(argv[i]);
	{
		int rc;

		if (cmd->flags & CLI_NO_GIT)
			return cli_run_command(cmd, argc - i, argv + i, &g);
		if (dossier_global_init() < 0) {
			fprintf(stderr, _("error: cannot initialise libgit2\n"));
			return EXIT_FAIL;
		}
		rc = cli_run_command(cmd, argc - i, argv + i, &g);
		dossier_global_shutdown();
		return rc;
	}
}

int main(int argc, char **argv)
{
	cli_language_init();
	return finish(run(argc, argv));
}
