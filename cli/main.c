/*
 * main.c: the `dossier` program: global options, then dispatch through the
 * command table. Each command lives in its own cmd_<name>.c. Whatever the
 * command, standard output is flushed and closed here and a write error
 * (a full disk) is an error, as git's run_builtin() does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const cli_command commands[] = {
	{ "help", cmd_help, "help [COMMAND]", "show the commands, or one command's help" },
	{ "version", cmd_version, "version", "show the version" },
	{ "validate", cmd_validate, "validate [-q] [--no-source] FILE...", "check workflow definitions, reporting every problem with its place" },
	{ "plan", cmd_plan, "plan [--workflow FILE] [--start DATE] [--json]", "every stage's deadline as a dated calendar (in a dossier: its pinned workflow)" },
	{ "convert", cmd_convert, "convert FILE [-o OUT] [--to akn|text|json]", "legal text to and from Akoma Ntoso (or a JSON outline), outside any dossier" },
	{ "outline", cmd_outline, "outline FILE [--depth N] [--json]", "table of contents with the eId and citation of every provision" },
	{ "init", cmd_init, "init DIR --workflow FILE [--title T] [--bare]", "create a new dossier in the workflow's start stage" },
	{ "status", cmd_status, "status [--json]", "stage, deadline, who has commented, what blocks the next stage" },
	{ "revise", cmd_revise, "revise FILE [-m MSG]", "make a new revision of the draft; prints vN" },
	{ "advance", cmd_advance, "advance STAGE [-m MSG]", "move the dossier to the next stage" },
	{ "comment", cmd_comment, "comment --on PROVISION [--revision vN] (--text T | --file F) [--propose TEXT]", "comment on a provision; prints the comment's id" },
	{ "respond", cmd_respond, "respond ID (--accept | --partial | --reject | --note) --reason T [--text ADOPTED]", "the drafting agency's disposition of a comment" },
	{ "comments", cmd_comments, "comments [--json] [--by ID] [--on PROVISION] [--open] [--revision vN]", "list the comments and their responses" },
	{ "diff", cmd_diff, "diff [vA [vB]] [--files OLD NEW] [--format text|xml|html|json] [-o FILE]", "what changed between two revisions, provision by provision and word by word" },
	{ "log", cmd_log, "log [--json]", "the events in order, with actor, stage and legal time" },
	{ "consolidate", cmd_consolidate, "consolidate [-o FILE] [--revision vN] [--format akn|html]", "the draft with every accepted proposal applied, as Akoma Ntoso or HTML" },
	{ "import", cmd_import, "import FILE [--format jsonl|csv]", "bulk comments (JSON Lines or CSV) recorded as one event by the drafting agency" },
	{ "verify", cmd_verify, "verify", "replay the history against the pinned workflow, and check every signature" },
	{ "key", cmd_key, "key (add KEY | revoke KEY | rotate OLD NEW) [--for ID]", "add, revoke or replace a participant's signing key, as an event" },
	{ "signers", cmd_signers, "signers", "the keys in force as an allowed_signers file, for git verify-commit" },
	{ "clone", cmd_clone, "clone URL DIR [--bare]", "a member's copy of a dossier on a git server" },
	{ "sync", cmd_sync, "sync [REMOTE]", "fetch the others' events, integrate yours, push (REMOTE: default 'origin')" },
	{ "hook", cmd_hook, "hook pre-receive", "the server-side check of a push, run by git on the server" },
	{ "report", cmd_report, "report [-o FILE] [--format akn|html|csv]", "the synthesis report of comments and responses (AKN, HTML or CSV)" },
	{ "serve", cmd_serve, "serve [--listen ADDR:PORT] [--root DIR] [--trust-header NAME --trusted-proxy ADDR...]", "the browser front end and JSON API (/api/v1), signed in with the accounts" },
	{ "account", cmd_account, "account (add|passwd|remove|token) ID [--password-stdin] | account list", "the accounts participants sign in to 'serve' with (kept outside the dossier's tree)" },
	{ NULL, NULL, NULL, NULL }
};

const cli_command *cli_find_command(const char *name)
{
	const cli_command *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void cli_print_commands(FILE *out)
{
	const cli_command *c;

	fprintf(out,
		"usage: dossier [-C DIR] [--as ID] [--now TIME] [--signing-key FILE] COMMAND [ARGS]\n"
		"\n"
		"dossier takes a draft decree through the stages of a workflow, with every\n"
		"revision, comment, response and stage change a commit in a git repository.\n"
		"\n"
		"commands:\n");
	for (c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fprintf(out,
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
		"'dossier help COMMAND' shows a command's options.\n");
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
		fprintf(stderr, "error: option '%s' needs a value\n", name);
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
		what = "write failure on";
		e = errno;
	} else if (ferror(stdout)) {
		what = "write failure on";
	} else if (fclose(stdout) != 0) {
		what = "close failed on";
		e = errno;
	}
	if (!what || rc != EXIT_OK)
		return rc;
	fprintf(stderr, "error: %s standard output: %s\n", what, e ? strerror(e) : "unknown error");
	return EXIT_FAIL;
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
			return cmd_version(0, NULL, &g);
		if ((r = global_value(&i, argc, argv, "-C", &g.dir)) ||
		    (r = global_value(&i, argc, argv, "--as", &g.as)) ||
		    (r = global_value(&i, argc, argv, "--now", &g.now)) ||
		    (r = global_value(&i, argc, argv, "--signing-key", &g.signing_key))) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		fprintf(stderr, "error: unknown option '%s'\n", a);
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
	if (!cmd) {
		fprintf(stderr, "error: unknown command '%s'\n", argv[i]);
		fprintf(stderr, "hint: 'dossier --help' lists the commands\n");
		return EXIT_USAGE;
	}
	{
		int rc;

		if (dossier_global_init() < 0) {
			fprintf(stderr, "error: cannot initialise libgit2\n");
			return EXIT_FAIL;
		}
		rc = cmd->run(argc - i, argv + i, &g);
		dossier_global_shutdown();
		return rc;
	}
}

int main(int argc, char **argv)
{
	return finish(run(argc, argv));
}
