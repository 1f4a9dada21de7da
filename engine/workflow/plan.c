/*
 * plan.c: a workflow's stages as a dated schedule from a start date (see
 * dossier/plan.h for the rules).
 *
 * The path is chosen with the distance of every stage to the nearest final
 * stage (a breadth-first search over the reversed transitions); taking, in
 * each stage, the first transition whose target is strictly closer makes
 * the path finite and loop-free whatever the graph. Dates come from the
 * calendar module; holidays are borrowed slices of the calendar's sorted
 * list. Pure: no I/O.
 */
#include "dossier/plan.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define UNREACHABLE ((size_t)-1)

static size_t stage_index(const dossier_workflow *wf, const char *id)
{
	size_t i;

	for (i = 0; id && i < wf->nstages; i++)
		if (!strcmp(wf->stages[i].id, id))
			return i;
	return UNREACHABLE;
}

/* dist[i]: transitions from stage i to the nearest final stage. */
static int distances(size_t **out, const dossier_workflow *wf)
{
	size_t *dist = malloc((wf->nstages + 1) * sizeof(*dist));
	size_t i, k, round;
	bool changed = true;

	if (!dist)
		return DOSSIER_ENOMEM;
	for (i = 0; i < wf->nstages; i++)
		dist[i] = wf->stages[i].final ? 0 : UNREACHABLE;
	/* Relax until nothing changes (at most nstages rounds: definitions are small). */
	for (round = 0; changed && round <= wf->nstages; round++) {
		changed = false;
		for (i = 0; i < wf->nstages; i++) {
			const dossier_stage *st = &wf->stages[i];
			for (k = 0; k < st->ntransitions; k++) {
				size_t t = stage_index(wf, st->transitions[k].target);
				if (t == UNREACHABLE || dist[t] == UNREACHABLE)
					continue;
				if (dist[t] + 1 < dist[i]) {
					dist[i] = dist[t] + 1;
					changed = true;
				}
			}
		}
	}
	*out = dist;
	return 0;
}

static void add_guard(dstr *s, const dossier_guard *g, bool nested)
{
	size_t i;
	const char *name;

	if (g->kind != DOSSIER_GUARD_ALL && g->kind != DOSSIER_GUARD_ANY) {
		name = dossier_guard_name(g->kind);
		dstr_adds(s, name ? name : "?");
		return;
	}
	if (g->nchildren == 1) {
		add_guard(s, &g->children[0], nested);
		return;
	}
	if (g->nchildren == 0) {
		dstr_adds(s, g->kind == DOSSIER_GUARD_ALL ? "always" : "never");
		return;
	}
	if (nested)
		dstr_addc(s, '(');
	for (i = 0; i < g->nchildren; i++) {
		if (i)
			dstr_adds(s, g->kind == DOSSIER_GUARD_ALL ? " and " : " or ");
		add_guard(s, &g->children[i], true);
	}
	if (nested)
		dstr_addc(s, ')');
}

char *dossier_guard_summary(const dossier_guard *guard)
{
	dstr s = DSTR_INIT;

	if (!guard)
		return util_strdup("always");
	add_guard(&s, guard, false);
	return dstr_detach(&s);
}

static char *transition_summary(const dossier_transition *tr)
{
	dstr s = DSTR_INIT;
	size_t i;

	dstr_adds(&s, tr->target);
	if (tr->nroles) {
		dstr_adds(&s, _(" by "));
		for (i = 0; i < tr->nroles; i++)
			dstr_addf(&s, "%s%s", i ? ", " : "", tr->roles[i]);
	}
	if (tr->guard) {
		dstr_adds(&s, _(" when "));
		add_guard(&s, tr->guard, false);
	}
	return dstr_detach(&s);
}

/* The slice of the calendar's holidays in (a, b]. */
static void holidays_between(const dossier_calendar *cal, const dossier_date *a,
	const dossier_date *b, const dossier_date **first, size_t *n)
{
	size_t i, lo = cal->nholidays;

	*first = NULL;
	*n = 0;
	for (i = 0; i < cal->nholidays; i++) {
		if (dossier_date_cmp(&cal->holidays[i], a) <= 0)
			continue;
		if (dossier_date_cmp(&cal->holidays[i], b) > 0)
			break;
		if (lo == cal->nholidays)
			lo = i;
		(*n)++;
	}
	if (*n)
		*first = &cal->holidays[lo];
}

static int add_warning(dossier_plan *plan, char *msg)
{
	char **w;

	if (!msg)
		return DOSSIER_ENOMEM;
	w = realloc(plan->warnings, (plan->nwarnings + 1) * sizeof(*w));
	if (!w) {
		free(msg);
		return DOSSIER_ENOMEM;
	}
	plan->warnings = w;
	plan->warnings[plan->nwarnings++] = msg;
	return 0;
}

void dossier_plan_free(dossier_plan *plan)
{
	size_t i;

	if (!plan)
		return;
	for (i = 0; i < plan->nstages; i++)
		free(plan->stages[i].next_summary);
	free(plan->stages);
	for (i = 0; i < plan->nwarnings; i++)
		free(plan->warnings[i]);
	free(plan->warnings);
	free(plan);
}

static int oom(dossier_error *err)
{
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

/* The dates of one stage entered on `enters`: its deadline, the end of its
 * minimum period, when it ends and the days between, with a warning for a
 * schedule that cannot hold. -1 without memory. */
static int plan_stage(dossier_plan *plan, dossier_plan_stage *ps, const dossier_stage *st,
	dossier_date enters, bool *beyond_holidays)
{
	const dossier_workflow *wf = plan->workflow;
	const dossier_calendar *cal = &wf->calendar;
	const dossier_date *start = &plan->start;
	char a[16], b[16];

	ps->stage = st;
	ps->enters = enters;
	if (st->deadline.kind == DOSSIER_DEADLINE_DATE) {
		ps->has_deadline = true;
		ps->deadline = st->deadline.date;
		if (dossier_date_cmp(&ps->deadline, &enters) < 0) {
			dossier_date_format(a, sizeof(a), &ps->deadline);
			dossier_date_format(b, sizeof(b), &enters);
			if (add_warning(plan, util_sprintf(_(
				"stage '%s': its deadline %s falls before the stage can be entered (%s); the schedule is impossible from %04d-%02d-%02d"),
				st->id, a, b, start->year, start->month, start->day)) < 0)
				return -1;
		}
	} else if (st->deadline.kind == DOSSIER_DEADLINE_PERIOD) {
		dossier_date last = dossier_calendar_add(cal, &enters, st->deadline.period.days,
			st->deadline.period.unit);

		ps->has_deadline = true;
		ps->deadline = dossier_calendar_period_end(cal, &enters, st->deadline.period.days,
			st->deadline.period.unit, wf->deadline_rolls);
		if (dossier_date_cmp(&last, &ps->deadline) != 0) {
			ps->rolled = true;
			ps->rolled_from = last;
		}
		/* Working days, or a last day that may roll: both need the holidays. */
		if ((st->deadline.period.unit == DOSSIER_DAYS_WORKING || wf->deadline_rolls) &&
		    wf->holidays_to && ps->deadline.year > wf->holidays_to && !*beyond_holidays) {
			*beyond_holidays = true;
			if (add_warning(plan, util_sprintf(_(
				"stage '%s': its deadline is counted into %d, but the calendar's holidays cover only %d to %d"),
				st->id, ps->deadline.year, wf->holidays_from, wf->holidays_to)) < 0)
				return -1;
		}
	}
	if (st->has_min_period) {
		ps->has_min_period = true;
		ps->min_period_end = dossier_calendar_period_end(cal, &enters, st->min_period.days,
			st->min_period.unit, wf->deadline_rolls);
		if (ps->has_deadline && dossier_date_cmp(&ps->deadline, &ps->min_period_end) < 0) {
			dossier_date_format(a, sizeof(a), &ps->deadline);
			dossier_date_format(b, sizeof(b), &ps->min_period_end);
			if (add_warning(plan, util_sprintf(_(
				"stage '%s': its deadline %s falls before its minimum period ends (%s)"),
				st->id, a, b)) < 0)
				return -1;
		}
	}
	ps->ends = ps->has_deadline ? ps->deadline :
		ps->has_min_period ? ps->min_period_end : enters;
	if (dossier_date_cmp(&ps->ends, &enters) >= 0) {
		ps->calendar_days = dossier_date_diff(&enters, &ps->ends);
		ps->working_days = dossier_calendar_working_days_between(cal, &enters, &ps->ends);
		holidays_between(cal, &enters, &ps->ends, &ps->holidays, &ps->nholidays);
	}
	return 0;
}

int dossier_plan_build(dossier_plan **out, const dossier_workflow *wf,
	const dossier_date *start, dossier_error *err)
{
	dossier_plan *plan = NULL;
	size_t *dist = NULL, cur, k, longest;
	bool beyond_holidays = false;
	dossier_date enters;
	int rc;

	*out = NULL;
	if (!wf || !start)
		return dossier_error_set(err, DOSSIER_EINVALID, "nothing to plan");
	if (!dossier_date_valid(start))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid start date %04d-%02d-%02d",
			start->year, start->month, start->day);
	cur = stage_index(wf, wf->start);
	if (cur == UNREACHABLE)
		return dossier_error_set(err, DOSSIER_EINVALID, "workflow '%s' has no start stage '%s'",
			wf->id ? wf->id : "", wf->start ? wf->start : "");
	if ((rc = distances(&dist, wf)) < 0)
		return oom(err);
	if (dist[cur] == UNREACHABLE) {
		free(dist);
		return dossier_error_set(err, DOSSIER_EINVALID,
			"no path leads from the start stage '%s' to a final stage", wf->start);
	}
	/* Every step goes strictly closer to a final stage. */
	longest = dist[cur] + 1;
	plan = calloc(1, sizeof(*plan));
	if (!plan || !(plan->stages = calloc(longest, sizeof(*plan->stages)))) {
		free(plan);
		free(dist);
		return oom(err);
	}
	plan->workflow = wf;
	plan->start = *start;
	enters = *start;

	for (;;) {
		const dossier_stage *st = &wf->stages[cur];
		dossier_plan_stage *ps = &plan->stages[plan->nstages++];
		size_t next = UNREACHABLE;

		if (plan_stage(plan, ps, st, enters, &beyond_holidays) < 0)
			goto nomem;
		if (st->final)
			break;
		for (k = 0; k < st->ntransitions; k++) {
			size_t t = stage_index(wf, st->transitions[k].target);
			if (t != UNREACHABLE && dist[t] != UNREACHABLE && dist[t] < dist[cur]) {
				next = t;
				ps->next = &st->transitions[k];
				break;
			}
		}
		if (next == UNREACHABLE || plan->nstages >= longest)
			break; /* cannot happen: a stage with dist > 0 has a closer target */
		if (!(ps->next_summary = transition_summary(ps->next)))
			goto nomem;
		/* The next stage: the day after this one ends, never before it began. */
		if (ps->has_deadline || ps->has_min_period) {
			dossier_date after = dossier_date_add_days(&ps->ends, 1);
			if (dossier_date_cmp(&after, &enters) > 0)
				enters = after;
		}
		cur = next;
	}
	free(dist);
	*out = plan;
	return 0;
nomem:
	free(dist);
	dossier_plan_free(plan);
	return oom(err);
}
