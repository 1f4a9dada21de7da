/*
 * cmd_verify.c: `dossier verify`: replay the whole history against the
 * pinned workflow and the cached state; exit 0 clean, 1 with violations.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_verify(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("verify");
	int npos, code, rc;
	char **pos;
	const cli_option opts[] = {
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier *d = NULL;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	free(pos);
	if (npos)
		return cli_usage_error(cmd, "unexpected argument");
	if ((rc = cli_open(&d, g)) != 0)
		return rc;
	if (dossier_diags_new(&diags) < 0) {
		dossier_free(d);
		return EXIT_FAIL;
	}
	rc = dossier_verify(d, diags, &err);
	if (rc < 0 && dossier_diags_errors(diags)) {
		cli_print_diags(diags);
		fprintf(stderr, "error: %s\n", err.message ? err.message : "violations found");
		rc = EXIT_FAIL;
	} else if (rc < 0) {
		rc = cli_report(&err);
	} else {
		dossier_signature_counts sc;

		printf("ok: the history follows the workflow\n");
		/* own signatures, a server's vouching and none are not the same proof */
		dossier_verify_signatures(d, &sc);
		printf("signatures: %zu signed by their participant, %zu vouched for by a server, %zu unsigned\n",
			sc.own, sc.vouched, sc.unsigned_events);
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	dossier_free(d);
	return rc;
}
