/*
 * cmd_respond.c: `dossier respond ID (--accept | --partial | --reject |
 * --note) --reason T`: the drafting agency's disposition of a comment.
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_respond = {
	.name = "respond", .run = run, .flags = CLI_ONE_ARG, .arg = "comment id",
	.usage = "respond ID (--accept | --partial | --reject | --note) --reason T [--text ADOPTED]",
	.summary = "the drafting agency's disposition of a comment",
};

static int run(cli_ctx *c)
{
	const char *reason = NULL, *adopted = NULL;
	int accept = 0, partial = 0, reject = 0, note = 0, rc;
	const cli_option opts[] = {
		{ "accept", 0, OPT_FLAG, &accept, NULL, "accepted (tiếp thu)" },
		{ "partial", 0, OPT_FLAG, &partial, NULL, "partially accepted" },
		{ "reject", 0, OPT_FLAG, &reject, NULL, "not accepted (giải trình): needs a reason" },
		{ "note", 0, OPT_FLAG, &note, NULL, "noted" },
		{ "reason", 'r', OPT_STRING, &reason, "T", "the explanation" },
		{ "text", 't', OPT_STRING, &adopted, "ADOPTED", "the text adopted for the provision (a partial acceptance's edited proposal)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_disposition disp;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (accept + partial + reject + note != 1)
		return cli_usage_error(c->cmd, "choose exactly one of --accept, --partial, --reject, --note");
	if (!reason)
		return cli_usage_error(c->cmd, "--reason is required");
	disp = accept ? DOSSIER_DISPOSITION_ACCEPTED : partial ? DOSSIER_DISPOSITION_PARTIAL :
		reject ? DOSSIER_DISPOSITION_REJECTED : DOSSIER_DISPOSITION_NOTED;
	if ((rc = cli_dossier(c)) != EXIT_OK)
		return rc;
	if (dossier_respond(c->d, c->pos[0], disp, reason, adopted, &err) < 0)
		return cli_error(&err);
	cli_print_warning(c->d);
	printf("%s: %s\n", c->pos[0], dossier_disposition_name(disp));
	return EXIT_OK;
}
