/*
 * cmd_hook.c: `dossier hook pre-receive`: git's pre-receive hook on the
 * server (docs/sync.md). git runs it in the server's repository with the
 * pushed updates on stdin; what it prints on stderr reaches the pusher as
 * "remote: ..." lines, and a non-zero exit refuses the whole push. The
 * server's clock is the authority (DOSSIER_NOW overrides it, for tests);
 * the pusher's authenticated account comes from the environment the
 * server sets.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Where servers put the authenticated account. */
static const char *const account_vars[] = {
	"REMOTE_USER",         /* git-http-backend behind an authenticating web server */
	"GL_USERNAME",         /* GitLab */
	"GITEA_PUSHER_EMAIL",  /* Gitea */
	"GITEA_PUSHER_NAME",
	"GL_USER",             /* gitolite */
	"DOSSIER_PUSHER",      /* set by an SSH forced command: command="DOSSIER_PUSHER=most ..." */
};

#define NVARS (sizeof(account_vars) / sizeof(*account_vars))

static char *read_all(FILE *in)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);

	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, in);

		len += n;
		if (n == 0)
			break;
		if (cap - len < 2) {
			char *p = realloc(buf, cap * 2);

			if (!p) {
				free(buf);
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_hook = {
	.name = "hook", .run = run,
	.usage = "hook pre-receive",
	.summary = N_("the server-side check of a push, run by git on the server"),
};

static int run(cli_ctx *c)
{
	int rc;
	const cli_option opts[] = {
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_hook_options ho = DOSSIER_HOOK_OPTIONS_INIT;
	dossier_hook_account accounts[NVARS + 1];
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	const char *count, *dir;
	char *input = NULL;
	size_t i, n = 0;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (c->npos != 1 || strcmp(c->pos[0], "pre-receive"))
		return cli_usage_error(c->cmd, "the only hook is 'pre-receive'");
	for (i = 0; i < NVARS; i++) {
		const char *v = getenv(account_vars[i]);

		if (!strcmp(account_vars[i], "GITEA_PUSHER_NAME") && n && !strcmp(accounts[n - 1].source, "GITEA_PUSHER_EMAIL"))
			continue; /* Gitea's user name need not be a participant id: the e-mail decides */
		if (v && *v) {
			accounts[n].source = account_vars[i];
			accounts[n++].value = v;
		}
	}
	/* git push -o dossier-as=ID (needs receive.advertisePushOptions) */
	count = getenv("GIT_PUSH_OPTION_COUNT");
	for (i = 0; count && i < (size_t)atoi(count) && i < 100; i++) {
		char name[40];
		const char *v;

		snprintf(name, sizeof(name), "GIT_PUSH_OPTION_%zu", i);
		v = getenv(name);
		if (v && !strncmp(v, "dossier-as=", 11)) {
			accounts[n].source = _("push option dossier-as");
			accounts[n++].value = v + 11;
			break;
		}
	}
	ho.accounts = accounts;
	ho.naccounts = n;
	ho.now = c->g->now;
	ho.object_dir = getenv("GIT_OBJECT_DIRECTORY");
	ho.alternates = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	dir = c->g->dir ? c->g->dir : getenv("GIT_DIR");
	if (!(input = read_all(stdin)) || dossier_diags_new(&diags) < 0) {
		free(input);
		fprintf(stderr, _("error: out of memory\n"));
		return EXIT_FAIL;
	}
	rc = dossier_hook_pre_receive(dir ? dir : ".", input, &ho, diags, &err);
	cli_print_diags(diags);
	if (rc < 0)
		rc = cli_report(&err);
	else
		rc = EXIT_OK;
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	free(input);
	return rc;
}
