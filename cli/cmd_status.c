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

	printf("%s (%s)\n", st->title ? st->title : "(untitled)", st->workflow);
	dossier_format_time(buf, sizeof(buf), d, st->entered);
	printf("stage:      %s: %s, since %s%s\n", st->stage, st->stage_title, buf,
		st->final ? " (final)" : "");
	if (st->has_deadline) {
		dossier_format_time(buf, sizeof(buf), d, st->deadline);
		if (st->entered_late) {
			char when[40];

			dossier_format_time(when, sizeof(when), d, st->entered);
			printf("deadline:   %s (had already passed when the stage was entered, %s)\n", buf, when);
		} else if (st->now > st->deadline) {
			long secs = (long)(st->now - st->deadline);
			printf("deadline:   %s (passed %ld day%s ago)\n", buf, secs / DOSSIER_SECONDS_PER_DAY + (secs % DOSSIER_SECONDS_PER_DAY != 0),
				secs / DOSSIER_SECONDS_PER_DAY + (secs % DOSSIER_SECONDS_PER_DAY != 0) == 1 ? "" : "s");
		} else {
			long secs = (long)(st->deadline - st->now);
			long days = secs / DOSSIER_SECONDS_PER_DAY;
			printf("deadline:   %s (%ld day%s %ld hour%s left)\n", buf, days, days == 1 ? "" : "s",
				(secs % DOSSIER_SECONDS_PER_DAY) / DOSSIER_SECONDS_PER_HOUR, (secs % DOSSIER_SECONDS_PER_DAY) / DOSSIER_SECONDS_PER_HOUR == 1 ? "" : "s");
		}
	} else {
		printf("deadline:   none\n");
	}
	if (st->revisions)
		printf("revision:   v%u\n", st->revisions);
	else
		printf("revision:   none yet\n");
	printf("comments:   %zu, %zu answered, %zu unanswered\n", st->comments, st->responses, st->unanswered);
	if (st->refused)
		printf("refused:    %zu local event%s the server refused, not counted here: 'dossier sync --refused' "
			"lists them, 'dossier sync --drop-refused' sets them aside\n", st->refused, st->refused == 1 ? "" : "s");
	if (st->untaken)
		printf("accepted but not taken in (đã tiếp thu nhưng chưa chỉnh sửa): %zu: %s\n", st->untaken,
			st->untaken_list ? st->untaken_list : "");
	if (st->comments_open && st->nmembers) {
		printf("commented:  ");
		for (i = 0; i < st->nmembers; i++)
			if (st->members[i].comments)
				printf("%s%s (%zu)", waiting++ ? ", " : "", st->members[i].id, st->members[i].comments);
		printf("%s\n", waiting ? "" : "nobody yet");
		waiting = 0;
		printf("waiting:    ");
		for (i = 0; i < st->nmembers; i++)
			if (!st->members[i].comments)
				printf("%s%s", waiting++ ? ", " : "", st->members[i].id);
		printf("%s\n", waiting ? "" : "nobody: every member has commented");
	}
	if (st->nnext) {
		printf("next:\n");
		for (i = 0; i < st->nnext; i++) {
			size_t j;

			printf("  %-16s ", st->next[i].target);
			if (st->next[i].allowed)
				printf("ready");
			else
				printf("blocked: %s", st->next[i].blocked_by ? st->next[i].blocked_by : "guard unmet");
			printf(" (by ");
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
	.summary = "stage, deadline, who has commented, what blocks the next stage",
};

static int run(cli_ctx *c)
{
	int json = 0, rc;
	const cli_option opts[] = {
		{ "json", 0, OPT_FLAG, &json, NULL, "machine-readable output (docs/cli.md)" },
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
