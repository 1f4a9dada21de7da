/*
 * cmd_revise.c: `dossier revise FILE [-m MSG]`: a new revision of the draft
 * from structured text or Akoma Ntoso; prints its name, vN.
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_revise = {
	.name = "revise", .run = run, .flags = CLI_DOSSIER | CLI_ONE_ARG, .arg = "file",
	.usage = "revise FILE [-m MSG]",
	.summary = N_("make a new revision of the draft; prints vN"),
};

static int run(cli_ctx *c)
{
	const char *message = NULL;
	int rc;
	char *version = NULL;
	const cli_option opts[] = {
		{ "message", 'm', OPT_STRING, &message, "MSG", N_("what changed, for the log") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	rc = dossier_revise(&version, c->d, c->pos[0], message, diags, &err);
	if (rc < 0) {
		cli_print_diags(diags);
		rc = dossier_diags_errors(diags) && err.code == DOSSIER_EINVALID ? EXIT_USAGE : cli_report(&err);
		if (dossier_diags_errors(diags))
			fprintf(stderr, _("error: '%s' was not recorded\n"), c->pos[0]);
	} else {
		cli_print_warning(c->d);
		printf("%s\n", version);
		rc = EXIT_OK;
	}
	free(version);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}
