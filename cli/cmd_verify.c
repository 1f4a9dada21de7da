/*
 * cmd_verify.c: `dossier verify`: replay the whole history against the
 * pinned workflow and the cached state; exit 0 clean, 1 with violations.
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_verify = {
	.name = "verify", .run = run, .flags = CLI_DOSSIER | CLI_NO_ARGS,
	.usage = "verify [--signatures]",
	.summary = N_("replay the history against the pinned workflow, and check every signature"),
};

static int run(cli_ctx *c)
{
	int rc, list = 0;
	const cli_option opts[] = {
		{ "signatures", 0, OPT_FLAG, &list, NULL, N_("list each event's signature: own, vouched (for which account) or none") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	dossier_verify_list_signatures(c->d, list != 0);
	rc = dossier_verify(c->d, diags, &err);
	if (list)
		fputs(dossier_verify_signature_lines(c->d), stdout);
	if (rc < 0 && dossier_diags_errors(diags)) {
		cli_print_diags(diags);
		fprintf(stderr, _("error: %s\n"), err.message ? err.message : _("violations found"));
		rc = EXIT_FAIL;
	} else if (rc < 0) {
		rc = cli_report(&err);
	} else {
		dossier_signature_counts sc;

		printf(_("ok: the history follows the workflow\n"));
		/* own signatures, a server's vouching and none are not the same proof */
		dossier_verify_signatures(c->d, &sc);
		printf(_("signatures: %zu signed by their participant, %zu vouched for by a server, %zu unsigned\n"),
			sc.own, sc.vouched, sc.unsigned_events);
		rc = EXIT_OK;
	}
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}
