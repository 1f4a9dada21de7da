/*
 * cmd_respond.c: `dossier respond ID (--accept | --partial | --reject |
 * --note) --reason T`: the drafting agency's disposition of a comment.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_respond(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("respond");
	const char *reason = NULL, *adopted = NULL;
	int accept = 0, partial = 0, reject = 0, note = 0, npos, code, rc;
	char **pos;
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
	dossier *d = NULL;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	if (npos != 1) {
		free(pos);
		return cli_usage_error(cmd, "one comment id expected");
	}
	if (accept + partial + reject + note != 1) {
		free(pos);
		return cli_usage_error(cmd, "choose exactly one of --accept, --partial, --reject, --note");
	}
	if (!reason) {
		free(pos);
		return cli_usage_error(cmd, "--reason is required");
	}
	disp = accept ? DOSSIER_DISPOSITION_ACCEPTED : partial ? DOSSIER_DISPOSITION_PARTIAL :
		reject ? DOSSIER_DISPOSITION_REJECTED : DOSSIER_DISPOSITION_NOTED;
	if ((rc = cli_open(&d, g)) != 0) {
		free(pos);
		return rc;
	}
	if (dossier_respond(d, pos[0], disp, reason, adopted, &err) < 0) {
		free(pos);
		return cli_fail(d, &err);
	}
	cli_print_warning(d);
	printf("%s: %s\n", pos[0], dossier_disposition_name(disp));
	free(pos);
	dossier_free(d);
	return EXIT_OK;
}
