/*
 * cmd_log.c: `dossier log [--json]`: the events in order, with actor, stage
 * and legal time.
 */
#include <stdlib.h>

#include "cli.h"

int cmd_log(int argc, char **argv, const cli_globals *g)
{
	const cli_command *cmd = cli_find_command("log");
	int json = 0, npos, code, rc;
	char **pos;
	const cli_option opts[] = {
		{ "json", 0, OPT_FLAG, &json, NULL, "machine-readable output (docs/cli.md)" },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_event_list *l = NULL;
	dossier *d = NULL;
	size_t i;

	if (cli_parse(cmd, opts, argc, argv, &pos, &npos, &code) < 0)
		return code;
	free(pos);
	if (npos)
		return cli_usage_error(cmd, "unexpected argument");
	if ((rc = cli_open(&d, g)) != 0)
		return rc;
	if (dossier_get_log(&l, d, &err) < 0)
		return cli_fail(d, &err);
	if (json) {
		char *s = dossier_log_json(l, d);

		fputs(s ? s : "", stdout);
		free(s);
	} else {
		for (i = 0; i < l->n; i++) {
			char when[40];

			dossier_format_time(when, sizeof(when), d, l->items[i].time);
			printf("%.10s  %s  %-8s %-10s %-16s %s\n", l->items[i].commit, when, l->items[i].event,
				l->items[i].actor, l->items[i].stage, l->items[i].subject);
		}
	}
	dossier_event_list_free(l);
	dossier_free(d);
	return EXIT_OK;
}
