/*
 * cmd_key.c: `dossier key (add|revoke|rotate)`, each an event of its own
 * that changes the keys in force, and `dossier signers`, the keys as an
 * OpenSSH allowed_signers file for plain git (docs/signatures.md).
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

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

int cmd_key(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("key");
	const char *who = NULL;
	int npos, code, rc;
	char **pos, *key = NULL, *new_key = NULL;
	const cli_option opts[] = {
		{ "for", 0, OPT_STRING, &who, "ID", "whose key (default: the actor's own)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_key_op op;
	dossier *d = NULL;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	op = npos < 1 ? 0 : !strcmp(pos[0], "add") ? DOSSIER_KEY_ADD : !strcmp(pos[0], "revoke") ? DOSSIER_KEY_REVOKE :
		!strcmp(pos[0], "rotate") ? DOSSIER_KEY_ROTATE : 0;
	if (!op || npos != (op == DOSSIER_KEY_ROTATE ? 3 : 2)) {
		free(pos);
		return cli_usage_error(cmd, "add KEY, revoke KEY or rotate OLD NEW expected");
	}
	key = key_arg(pos[1]);
	new_key = op == DOSSIER_KEY_ROTATE ? key_arg(pos[2]) : NULL;
	free(pos);
	if (!key || (op == DOSSIER_KEY_ROTATE && !new_key) || cli_check_arg("KEY", key) ||
	    (new_key && cli_check_arg("NEW", new_key))) {
		free(key);
		free(new_key);
		return EXIT_USAGE;
	}
	if ((rc = cli_open(&d, g)) != 0) {
		free(key);
		free(new_key);
		return rc;
	}
	rc = dossier_key_change(d, op, who, key, new_key, &err);
	free(key);
	free(new_key);
	if (rc < 0)
		return cli_fail(d, &err);
	cli_print_warning(d);
	printf("%s\n", op == DOSSIER_KEY_ADD ? "key added" : op == DOSSIER_KEY_REVOKE ? "key revoked" : "key rotated");
	dossier_free(d);
	return EXIT_OK;
}

int cmd_signers(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("signers");
	int npos, code, rc;
	char **pos, *out = NULL;
	const cli_option opts[] = {
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	free(pos);
	if (npos)
		return cli_usage_error(cmd, "unexpected argument");
	if ((rc = cli_open(&d, g)) != 0)
		return rc;
	if (dossier_signers(&out, d, &err) < 0)
		return cli_fail(d, &err);
	fputs(out, stdout);
	free(out);
	dossier_free(d);
	return EXIT_OK;
}
