/*
 * cmd_clone.c: `dossier clone URL DIR [--bare]`: a member's copy of a
 * dossier on a git server; it must be a dossier and its history must
 * verify (docs/sync.md).
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_clone = {
	.name = "clone", .run = run,
	.usage = "clone URL DIR [--bare]",
	.summary = N_("a member's copy of a dossier on a git server"),
};

static int run(cli_ctx *c)
{
	int bare = 0, rc;
	char **pos;
	const cli_option opts[] = {
		{ "bare", 0, OPT_FLAG, &bare, NULL, N_("no working tree: only the git repository") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_identity who = { c->g->as, c->g->now, c->g->signing_key };
	dossier_sync_callbacks cbs;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier_status *st = NULL;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (c->npos != 2)
		return cli_usage_error(c->cmd, "a URL and a directory expected");
	pos = c->pos;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	cli_sync_callbacks(&cbs);
	rc = dossier_clone(&c->d, pos[0], pos[1], bare, &who, &cbs, diags, &err);
	if (rc < 0) {
		cli_print_diags(diags);
		rc = cli_report(&err);
		if (dossier_diags_errors(diags)) {
			fprintf(stderr, _("hint: the clone is in '%s' for inspection; it is not a dossier to work in\n"), pos[1]);
			rc = EXIT_FAIL;
		}
	} else {
		dossier_error e = DOSSIER_ERROR_INIT;

		if (dossier_get_status(&st, c->d, &e) == 0)
			printf(_("cloned '%s' into '%s': %zu events, stage '%s'\n"), pos[0], pos[1], st->events, st->stage);
		else
			printf(_("cloned '%s' into '%s'\n"), pos[0], pos[1]);
		dossier_error_clear(&e);
		rc = EXIT_OK;
	}
	dossier_status_free(st);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}
