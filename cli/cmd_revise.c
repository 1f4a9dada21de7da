/*
 * cmd_revise.c: `dossier revise FILE [-m MSG]`: a new revision of the draft
 * from structured text or Akoma Ntoso; prints its name, vN.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_revise(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("revise");
	const char *message = NULL;
	int npos, code, rc;
	char **pos, *version = NULL;
	const cli_option opts[] = {
		{ "message", 'm', OPT_STRING, &message, "MSG", "what changed, for the log" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier *d = NULL;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	if (npos != 1) {
		free(pos);
		return cli_usage_error(cmd, "one file expected");
	}
	if ((rc = cli_open(&d, g)) != 0) {
		free(pos);
		return rc;
	}
	if (dossier_diags_new(&diags) < 0) {
		free(pos);
		dossier_free(d);
		return EXIT_FAIL;
	}
	rc = dossier_revise(&version, d, pos[0], message, diags, &err);
	if (rc < 0) {
		cli_print_diags(diags);
		rc = dossier_diags_errors(diags) && err.code == DOSSIER_EINVALID ? EXIT_USAGE : cli_report(&err);
		if (dossier_diags_errors(diags))
			fprintf(stderr, "error: '%s' was not recorded\n", pos[0]);
	} else {
		cli_print_warning(d);
		printf("%s\n", version);
		rc = EXIT_OK;
	}
	free(version);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	dossier_free(d);
	free(pos);
	return rc;
}
