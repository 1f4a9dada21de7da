/*
 * cmd_status.c: `dossier status [--json]`: the stage and since when, the
 * deadline and days left (or overdue), who has and has not commented,
 * unanswered comments, and what blocks each next transition.
 */
#include <stdlib.h>

#include "cli.h"

static void print_text(const dossier_status *st, dossier *d)
{
	char buf[40];
	size_t i, waiting = 0;

	printf("%s (%s)\n", st->title ? st->title : _("(untitled)"), st->workflow);
	dossier_format_time(buf, sizeof(buf), d, st->entered);
	printf(st->final ? _("stage:      %s: %s, since %s (final)\n") : _("stage:      %s: %s, since %s\n"),
		st->stage, st->stage_title, buf);
	if (st->has_deadline) {
		dossier_format_time(buf, sizeof(buf), d, st->deadline);
		if (st->entered_late) {
			char when[40];

			dossier_format_time(when, sizeof(when), d, st->entered);
			printf(_("deadline:   %s (had already passed when the stage was entered, %s)\n"), buf, when);
		} else if (st->now > st->deadline) {
			long secs = (long)(st->now - st->deadline);
			long days = secs / DOSSIER_SECONDS_PER_DAY + (secs % DOSSIER_SECONDS_PER_DAY != 0);

			printf(P_("deadline:   %s (passed %ld day ago)\n", "deadline:   %s (passed %ld days ago)\n",
				(unsigned long)days), buf, days);
		} else {
			long secs = (long)(st->deadline - st->now);
			long days = secs / DOSSIER_SECONDS_PER_DAY;
			long hours = (secs % DOSSIER_SECONDS_PER_DAY) / DOSSIER_SECONDS_PER_HOUR;
			char d_[32], h_[32];

			snprintf(d_, sizeof(d_), P_("%ld day", "%ld days", (unsigned long)days), days);
			snprintf(h_, sizeof(h_), P_("%ld hour", "%ld hours", (unsigned long)hours), hours);
			printf(_("deadline:   %s (%s %s left)\n"), buf, d_, h_);
		}
	} else {
		printf(_("deadline:   none\n"));
	}
	if (st->revisions)
		printf(_("revision:   v%u\n"), st->revisions);
	else
		printf(_("revision:   none yet\n"));
	printf(_("comments:   %zu, %zu answered, %zu unanswered\n"), st->comments, st->responses, st->unanswered);
	if (st->refused)
		printf(P_("refused:    %zu local event the server refused, not counted here: 'dossier sync --refused' "
			"lists it, 'dossier sync --drop-refused' sets it aside\n",
			"refused:    %zu local events the server refused, not counted here: 'dossier sync --refused' "
			"lists them, 'dossier sync --drop-refused' sets them aside\n", st->refused), st->refused);
	if (st->untaken)
		printf(_("accepted but not taken in (đã tiếp thu nhưng chưa chỉnh sửa): %zu: %s\n"), st->untaken,
			st->untaken_list ? st->untaken_list : "");
	if (st->comments_open && st->nmembers) {
		printf(_("commented:  "));
		for (i = 0; i < st->nmembers; i++)
			if (st->members[i].comments)
				printf("%s%s (%zu)", waiting++ ? ", " : "", st->members[i].id, st->members[i].comments);
		printf("%s\n", waiting ? "" : _("nobody yet"));
		waiting = 0;
		printf(_("waiting:    "));
		for (i = 0; i < st->nmembers; i++)
			if (!st->members[i].comments)
				printf("%s%s", waiting++ ? ", " : "", st->members[i].id);
		printf("%s\n", waiting ? "" : _("nobody: every member has commented"));
	}
	if (st->nnext) {
		printf(_("next:\n"));
		for (i = 0; i < st->nnext; i++) {
			size_t j;

			printf("  %-16s ", st->next[i].target);
			if (st->next[i].allowed)
				printf(_("ready"));
			else
				printf(_("blocked: %s"), st->next[i].blocked_by ? st->next[i].blocked_by : _("guard unmet"));
			printf(_(" (by "));
			for (j = 0; j < st->next[i].nroles; j++)
				printf("%s%s", j ? ", " : "", st->next[i].roles[j]);
			printf(")\n");
		}
	}
}

static int run(cli_ctx *c);

const cli_command cli_cmd_status = {
	.name = "status", .run = run, .flags = CLI_DOSSIER | CLI_NO_ARGS,
	.usage = "status [--json]",
	.summary = N_("stage, deadline, who has commented, what blocks the next stage"),
};

static int run(cli_ctx *c)
{
	int json = 0, rc;
	const cli_option opts[] = {
		{ "json", 0, OPT_FLAG, &json, NULL, N_("machine-readable output (docs/cli.md)") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_status *st = NULL;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (dossier_get_status(&st, c->d, &err) < 0)
		return cli_error(&err);
	if (json) {
		char *s = dossier_status_json(st);

		fputs(s ? s : "", stdout);
		free(s);
	} else {
		print_text(st, c->d);
	}
	dossier_status_free(st);
	return EXIT_OK;
}
