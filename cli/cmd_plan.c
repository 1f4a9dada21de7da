/*
 * cmd_plan.c: `dossier plan --workflow FILE [--start DATE] [--json]`: every
 * stage of a workflow as a dated calendar from a start date, along the path
 * the engine's planner takes (dossier/plan.h). The default output is a
 * table (stage, title, entry day, deadline with its weekday, calendar and
 * working days, the transition taken out), the holidays that fell inside
 * the stages, and warnings on stderr; --json prints the stable object
 * documented in docs/calendar.md. An invalid workflow or date exits 2.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"

/* TRANSLATORS: the days of the week, abbreviated, in the plan's table. */
static const char *const weekday_abbr[7] = { N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat") };

static void print_cell(const char *s, size_t width, bool last)
{
	size_t w = dossier_utf8_width(s);

	fputs(s, stdout);
	if (last)
		return;
	while (w++ < width + 2)
		fputc(' ', stdout);
}

static void day_with_weekday(char *buf, size_t size, const dossier_date *d)
{
	char day[16];

	dossier_date_format(day, sizeof(day), d);
	snprintf(buf, size, "%s %s", _(weekday_abbr[dossier_date_weekday(d)]), day);
}

enum { COL_STAGE, COL_TITLE, COL_FROM, COL_DEADLINE, COL_DAYS, COL_NEXT, NCOLS };

typedef struct row {
	char *cell[NCOLS];
} row;

static void print_table(const dossier_plan *plan)
{
	const dossier_workflow *wf = plan->workflow;
	static const char *const heads[NCOLS] = {
		/* TRANSLATORS: the headings of the plan's columns. */
		N_("STAGE"), N_("TITLE"), N_("FROM"), N_("DEADLINE"), N_("DAYS"), N_("THEN") };
	row *rows = calloc(plan->nstages + 1, sizeof(*rows));
	size_t width[NCOLS], i, c, nhol = 0;
	char buf[128], start[32], off[16], cd[48], wd[48];

	if (!rows) {
		fprintf(stderr, _("error: out of memory\n"));
		return;
	}
	for (c = 0; c < NCOLS; c++) {
		rows[0].cell[c] = strdup(_(heads[c]));
		width[c] = 0;
	}
	for (i = 0; i < plan->nstages; i++) {
		const dossier_plan_stage *ps = &plan->stages[i];
		row *r = &rows[i + 1];

		r->cell[COL_STAGE] = strdup(ps->stage->id);
		if (ps->stage->final)
			snprintf(buf, sizeof(buf), _("%s (final)"), ps->stage->title ? ps->stage->title : "");
		r->cell[COL_TITLE] = strdup(ps->stage->final ? buf : ps->stage->title ? ps->stage->title : "");
		day_with_weekday(buf, sizeof(buf), &ps->enters);
		r->cell[COL_FROM] = strdup(buf);
		if (ps->has_deadline) {
			day_with_weekday(buf, sizeof(buf), &ps->deadline);
		} else if (ps->has_min_period) {
			char d[32];
			day_with_weekday(d, sizeof(d), &ps->min_period_end);
			snprintf(buf, sizeof(buf), _("min. %s"), d);
		} else {
			snprintf(buf, sizeof(buf), "-");
		}
		r->cell[COL_DEADLINE] = strdup(buf);
		snprintf(cd, sizeof(cd), P_("%d calendar day", "%d calendar days", (unsigned long)ps->calendar_days),
			ps->calendar_days);
		snprintf(wd, sizeof(wd), P_("%d working day", "%d working days", (unsigned long)ps->working_days),
			ps->working_days);
		if (ps->rolled) {
			char d[32];

			day_with_weekday(d, sizeof(d), &ps->rolled_from);
			snprintf(buf, sizeof(buf), _("(%s, %s; rolled from %s)"), cd, wd, d);
		} else if (ps->has_deadline || ps->has_min_period)
			snprintf(buf, sizeof(buf), "(%s, %s)", cd, wd);
		else
			snprintf(buf, sizeof(buf), "-");
		r->cell[COL_DAYS] = strdup(buf);
		r->cell[COL_NEXT] = strdup(ps->next_summary ? ps->next_summary : "-");
		nhol += ps->nholidays;
	}
	for (i = 0; i <= plan->nstages; i++)
		for (c = 0; c < NCOLS; c++) {
			size_t w = rows[i].cell[c] ? dossier_utf8_width(rows[i].cell[c]) : 0;
			if (w > width[c])
				width[c] = w;
		}

	day_with_weekday(start, sizeof(start), &plan->start);
	dossier_utc_offset_format(off, sizeof(off), wf->calendar.utc_offset);
	printf("%s: %s\n", wf->id ? wf->id : "", wf->title ? wf->title : "");
	printf(_("start %s, time zone %s (UTC%s); deadlines end at 23:59:59\n\n"), start,
		wf->calendar.zone_name ? wf->calendar.zone_name : "UTC", off);
	for (i = 0; i <= plan->nstages; i++) {
		for (c = 0; c < NCOLS; c++)
			print_cell(rows[i].cell[c] ? rows[i].cell[c] : "", width[c], c == NCOLS - 1);
		fputc('\n', stdout);
	}
	printf("\n");
	if (!nhol) {
		printf(_("holidays applied: none\n"));
	} else {
		printf(_("holidays applied:\n"));
		for (i = 0; i < plan->nstages; i++) {
			const dossier_plan_stage *ps = &plan->stages[i];
			size_t h;

			for (h = 0; h < ps->nholidays; h++) {
				day_with_weekday(buf, sizeof(buf), &ps->holidays[h]);
				printf(_("  %s  in %s\n"), buf, ps->stage->id);
			}
		}
	}
	for (i = 0; i < plan->nwarnings; i++)
		fprintf(stderr, _("warning: %s\n"), plan->warnings[i]);
	for (i = 0; i <= plan->nstages; i++)
		for (c = 0; c < NCOLS; c++)
			free(rows[i].cell[c]);
	free(rows);
}

/* The start date: --start, else the day of --now, else today, in the
 * workflow's zone. */
static int start_date(dossier_date *out, const char *start, const cli_globals *g,
	const dossier_workflow *wf, dossier_error *err)
{
	dossier_time now;
	int rc;

	if (start) {
		if ((rc = dossier_date_parse(out, start, err)) < 0)
			dossier_error_set_hint(err, "--start takes a date such as 2025-07-01");
		return rc;
	}
	if (g && g->now) {
		dossier_error e = DOSSIER_ERROR_INIT;

		if ((rc = dossier_time_parse_in_range(&now, &wf->calendar, g->now, &e)) < 0) {
			const char *why = e.message ? e.message : "?";

			/* as the actions say it: "invalid time 'X' in --now/DOSSIER_NOW: why" */
			if (!strncmp(why, "invalid time '", 14) && strstr(why, "': "))
				why = strstr(why, "': ") + 3;
			dossier_error_set(err, rc, "invalid time '%s' in --now/DOSSIER_NOW: %s", g->now, why);
			dossier_error_set_hint(err, "use YYYY-MM-DD or ISO 8601 from %s to %s, e.g. 2025-07-20T10:00:00+07:00",
				DOSSIER_TIME_FIRST_DAY, DOSSIER_TIME_LAST_DAY);
			dossier_error_clear(&e);
			return rc;
		}
	} else {
		now = (dossier_time)time(NULL);
	}
	*out = dossier_calendar_date_of(&wf->calendar, now);
	return 0;
}

static int print_plan(const dossier_plan *plan, int json)
{
	if (json) {
		char *text = dossier_plan_json(plan);
		int status = EXIT_OK;

		if (!text) {
			fprintf(stderr, _("error: out of memory\n"));
			status = EXIT_FAIL;
		} else {
			printf("%s\n", text);
		}
		free(text);
		return status;
	}
	print_table(plan);
	return EXIT_OK;
}

/* Inside a dossier: the pinned workflow, from the day the dossier was
 * opened (or --start). */
static int plan_dossier(cli_ctx *c, const char *start, int json)
{
	const cli_globals *g = c->g;
	const dossier_workflow *wf = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_status *st = NULL;
	dossier_plan *plan = NULL;
	dossier_date day;
	int rc;

	if (!g->dir && !getenv("DOSSIER_DIR")) {
		/* Outside -C, only plan in a dossier when the current directory is one. */
		dossier_identity who = { g->as, g->now, g->signing_key };

		if (dossier_open(&c->d, ".", &who, &err) < 0 || dossier_get_workflow(&wf, c->d, &err) < 0) {
			dossier_error_clear(&err);
			return cli_usage_error(c->cmd, "no workflow given (--workflow FILE), and not in a dossier");
		}
	} else if ((rc = cli_dossier(c)) != EXIT_OK) {
		return rc;
	}
	if (dossier_get_workflow(&wf, c->d, &err) < 0 || dossier_get_status(&st, c->d, &err) < 0)
		return cli_error(&err);
	if (start) {
		if (dossier_date_parse(&day, start, &err) < 0) {
			dossier_status_free(st);
			dossier_error_set_hint(&err, "--start takes a date such as 2025-07-01");
			return cli_error(&err);
		}
	} else {
		day = dossier_calendar_date_of(&wf->calendar, st->created);
	}
	dossier_status_free(st);
	if (dossier_plan_build(&plan, wf, &day, &err) < 0)
		return cli_error(&err);
	rc = print_plan(plan, json);
	dossier_plan_free(plan);
	return rc;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_plan = {
	.name = "plan", .run = run,
	.usage = "plan [--workflow FILE] [--start DATE] [--json]",
	.summary = N_("every stage's deadline as a dated calendar (in a dossier: its pinned workflow)"),
};

static int run(cli_ctx *c)
{
	const char *workflow = NULL, *start = NULL;
	int json = 0, code, rc, status = EXIT_OK;
	dossier_workflow *wf = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_plan *plan = NULL;
	dossier_date day;
	const cli_option opts[] = {
		{ "workflow", 'w', OPT_PATH, &workflow, "FILE", N_("the workflow definition (YAML) to plan") },
		{ "start", 's', OPT_STRING, &start, "DATE", N_("the day the first stage is entered (default: today, or --now)") },
		{ "json", 0, OPT_FLAG, &json, NULL, N_("print the plan as JSON (see docs/calendar.md)") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (c->npos > 0)
		return cli_usage_error(c->cmd, "unexpected argument '%s'", c->pos[0]);
	if (!workflow)
		return plan_dossier(c, start, json);
	if (dossier_diags_new(&diags) < 0) {
		fprintf(stderr, _("error: out of memory\n"));
		return EXIT_FAIL;
	}
	rc = dossier_workflow_load(&wf, workflow, diags, &err);
	if (rc < 0) {
		if (dossier_diags_errors(diags) > 0) {
			dossier_diags_sort(diags);
			cli_print_diags(diags);
		} else {
			cli_report(&err);
		}
		/* An unreadable or invalid definition is invalid input. */
		status = rc == DOSSIER_ENOMEM ? EXIT_FAIL : EXIT_USAGE;
		goto done;
	}
	if ((rc = start_date(&day, start, c->g, wf, &err)) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if ((rc = dossier_plan_build(&plan, wf, &day, &err)) < 0) {
		status = cli_report(&err);
		goto done;
	}
	status = print_plan(plan, json);
done:
	dossier_plan_free(plan);
	dossier_workflow_free(wf);
	dossier_diags_free(diags);
	dossier_error_clear(&err);
	return status;
}
