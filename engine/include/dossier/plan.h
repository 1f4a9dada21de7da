/*
 * plan.h: a workflow's stages as a dated schedule from a start date.
 *
 * The plan follows one path from the start stage to a final stage: in each
 * stage, the first transition (in the order written) whose target is
 * strictly closer to a final stage, counted in transitions. A stage is
 * entered on the day after the previous stage's deadline when it had one,
 * else on the day after its minimum period ends when it had one, else on
 * the same day (never before the previous stage was entered). Deadlines
 * are absolute dates or periods counted from the entry day in calendar or
 * working days (see dossier_calendar_add). Pure: no I/O.
 * docs/calendar.md describes the rules and the CLI's output.
 */
#ifndef DOSSIER_PLAN_H
#define DOSSIER_PLAN_H

#include "workflow.h"

typedef struct dossier_plan_stage {
	const dossier_stage *stage;        /* borrowed from the workflow */
	dossier_date enters;               /* the day the stage is entered */
	bool has_deadline;
	dossier_date deadline;             /* its last day; ends 23:59:59 in the zone */
	bool has_min_period;
	dossier_date min_period_end;       /* the last day of the minimum period */
	dossier_date ends;                 /* deadline, else minimum period end, else enters */
	int calendar_days;                 /* days in (enters, ends] */
	int working_days;                  /* working days in (enters, ends] */
	const dossier_date *holidays;      /* the calendar's holidays in (enters, ends] */
	size_t nholidays;
	const dossier_transition *next;    /* the transition taken out; NULL in the final stage */
	char *next_summary;                /* "workshop by drafter when deadline-passed or all-members-commented" */
	bool rolled;                       /* the period's last day was not a working day: */
	dossier_date rolled_from;          /* that day; `deadline` is the next working day */
} dossier_plan_stage;

typedef struct dossier_plan {
	const dossier_workflow *workflow;  /* borrowed */
	dossier_date start;
	dossier_plan_stage *stages;
	size_t nstages;
	char **warnings;                   /* "stage 'x': …": the schedule cannot hold */
	size_t nwarnings;
} dossier_plan;

/*
 * Plan `wf` from `start`. Returns 0 and a plan the caller frees with
 * dossier_plan_free; DOSSIER_EINVALID when the start date is impossible or
 * no path leads from the start stage to a final stage.
 */
DOSSIER_API int dossier_plan_build(dossier_plan **out, const dossier_workflow *wf,
	const dossier_date *start, dossier_error *err);
DOSSIER_API void dossier_plan_free(dossier_plan *plan);

/* The plan's stable JSON form (docs/calendar.md), indented, without a
 * final newline; NULL without memory. Caller frees. */
DOSSIER_API char *dossier_plan_json(const dossier_plan *plan);

/* A guard as one line: "all-comments-answered and (revised-in-stage or
 * consolidated)"; "always" for NULL. The caller frees the string. */
DOSSIER_API char *dossier_guard_summary(const dossier_guard *guard);

#endif
