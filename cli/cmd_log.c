/*
 * cmd_log.c: `dossier log [--json]`: the events in order, with actor, stage
 * and legal time.
 */
#include <stdlib.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_log = {
	.name = "log", .run = run, .flags = CLI_DOSSIER | CLI_NO_ARGS,
	.usage = "log [--json]",
	.summary = N_("the events in order, with actor, stage and legal time"),
};

static int run(cli_ctx *c)
{
	int json = 0, rc;
	const cli_option opts[] = {
		{ "json", 0, OPT_FLAG, &json, NULL, N_("machine-readable output (docs/cli.md)") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_event_list *l = NULL;
	size_t i;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (dossier_get_log(&l, c->d, &err) < 0)
		return cli_error(&err);
	if (json) {
		char *s = dossier_log_json(l, c->d);

		fputs(s ? s : "", stdout);
		free(s);
	} else {
		for (i = 0; i < l->n; i++) {
			char when[40];

			dossier_format_time(when, sizeof(when), c->d, l->items[i].time);
			printf("%.10s  %s  %-8s %-10s %-16s %s\n", l->items[i].commit, when, l->items[i].event,
				l->items[i].actor, l->items[i].stage, l->items[i].subject);
		}
	}
	dossier_event_list_free(l);
	return EXIT_OK;
}
