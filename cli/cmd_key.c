/*
 * cmd_key.c: `dossier key (add|revoke|rotate)`, each an event of its own
 * that changes the keys in force, and `dossier signers`, the keys as an
 * OpenSSH allowed_signers file for plain git (docs/signatures.md).
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static int run_key(cli_ctx *c);
static int run_signers(cli_ctx *c);

const cli_command cli_cmd_key = {
	.name = "key", .run = run_key, .flags = 0,
	.usage = "key (add KEY | revoke KEY | rotate OLD NEW) [--for ID]",
	.summary = N_("add, revoke or replace a participant's signing key, as an event"),
};

const cli_command cli_cmd_signers = {
	.name = "signers", .run = run_signers, .flags = CLI_DOSSIER | CLI_NO_ARGS,
	.usage = "signers",
	.summary = N_("the keys in force as an allowed_signers file, for git verify-commit"),
};

/* A key on the command line: the key's text, or a .pub file holding it. */
static char *key_arg(const char *arg)
{
	FILE *f;
	char buf[16384], *nl;

	if (!strncmp(arg, "ssh-", 4) || !strncmp(arg, "ecdsa-", 6) || !strncmp(arg, "sk-", 3) ||
	    !strncmp(arg, "SHA256:", 7) || !(f = fopen(arg, "r")))
		return strdup(arg);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	if ((nl = strchr(buf, '\n')))
		*nl = '\0';
	return strdup(buf);
}

static int run_key(cli_ctx *c)
{
	const char *who = NULL;
	char *key = NULL, *new_key = NULL;
	dossier_key_op op;
	int rc;
	const cli_option opts[] = {
		{ "for", 0, OPT_STRING, &who, "ID", N_("whose key (default: the actor's own)") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	op = c->npos < 1 ? 0 : !strcmp(c->pos[0], "add") ? DOSSIER_KEY_ADD :
		!strcmp(c->pos[0], "revoke") ? DOSSIER_KEY_REVOKE : !strcmp(c->pos[0], "rotate") ? DOSSIER_KEY_ROTATE : 0;
	if (!op || c->npos != (op == DOSSIER_KEY_ROTATE ? 3 : 2))
		return cli_usage_error(c->cmd, "add KEY, revoke KEY or rotate OLD NEW expected");
	key = key_arg(c->pos[1]);
	new_key = op == DOSSIER_KEY_ROTATE ? key_arg(c->pos[2]) : NULL;
	if (!key || (op == DOSSIER_KEY_ROTATE && !new_key) || cli_check_arg("KEY", key) ||
	    (new_key && cli_check_arg("NEW", new_key))) {
		rc = EXIT_USAGE;
	} else if ((rc = cli_dossier(c)) == 0) {
		if (dossier_key_change(c->d, op, who, key, new_key, &err) < 0) {
			rc = cli_error(&err);
		} else {
			cli_print_warning(c->d);
			printf("%s\n", op == DOSSIER_KEY_ADD ? _("key added") : op == DOSSIER_KEY_REVOKE ? _("key revoked") :
				_("key rotated"));
			rc = EXIT_OK;
		}
	}
	free(key);
	free(new_key);
	return rc;
}

static int run_signers(cli_ctx *c)
{
	char *out = NULL;
	int rc;
	const cli_option opts[] = {
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (dossier_signers(&out, c->d, &err) < 0)
		return cli_error(&err);
	fputs(out, stdout);
	free(out);
	return EXIT_OK;
}
