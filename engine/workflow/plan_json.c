/*
 * plan_json.c: a plan's stable JSON form (dossier_plan_json, the output of
 * `dossier plan --json`; docs/calendar.md). Apart from plan.c, which stays
 * pure data, so that jansson sits in the named JSON files only
 * (docs/architecture.md).
 */
#include "dossier/plan.h"

#include <stdlib.h>

#include <jansson.h>

static json_t *json_day(const dossier_date *d)
{
	char buf[16];

	dossier_date_format(buf, sizeof(buf), d);
	return json_string(buf);
}

static json_t *plan_object(const dossier_plan *plan)
{
	const dossier_workflow *wf = plan->workflow;
	json_t *root = json_object(), *stages = json_array(), *warnings = json_array();
	char buf[64];
	size_t i, k;

	if (!root || !stages || !warnings) {
		json_decref(root);
		json_decref(stages);
		json_decref(warnings);
		return NULL;
	}
	json_object_set_new(root, "format", json_string(DOSSIER_JSON_FORMAT));
	json_object_set_new(root, "workflow", json_string(wf->id ? wf->id : ""));
	json_object_set_new(root, "title", json_string(wf->title ? wf->title : ""));
	json_object_set_new(root, "start", json_day(&plan->start));
	json_object_set_new(root, "time_zone",
		json_string(wf->calendar.zone_name ? wf->calendar.zone_name : "UTC"));
	dossier_utc_offset_format(buf, sizeof(buf), wf->calendar.utc_offset);
	json_object_set_new(root, "utc_offset", json_string(buf));
	for (i = 0; i < plan->nstages; i++) {
		const dossier_plan_stage *ps = &plan->stages[i];
		json_t *s = json_object(), *hol = json_array(), *next = json_null(), *period = json_null();
		const char *kind = ps->stage->deadline.kind == DOSSIER_DEADLINE_DATE ? "date" :
			ps->stage->deadline.kind == DOSSIER_DEADLINE_PERIOD ? "period" : "none";

		json_object_set_new(s, "id", json_string(ps->stage->id));
		json_object_set_new(s, "title", json_string(ps->stage->title ? ps->stage->title : ""));
		json_object_set_new(s, "enters", json_day(&ps->enters));
		json_object_set_new(s, "deadline", ps->has_deadline ? json_day(&ps->deadline) : json_null());
		json_object_set_new(s, "deadline_kind", json_string(kind));
		if (ps->has_deadline) {
			dossier_time_format(buf, sizeof(buf), &wf->calendar,
				dossier_calendar_end_of(&wf->calendar, &ps->deadline));
			json_object_set_new(s, "deadline_ends", json_string(buf));
		} else {
			json_object_set_new(s, "deadline_ends", json_null());
		}
		if (ps->stage->deadline.kind == DOSSIER_DEADLINE_PERIOD) {
			json_decref(period);
			period = json_pack("{s:i, s:s}", "days", ps->stage->deadline.period.days, "unit",
				ps->stage->deadline.period.unit == DOSSIER_DAYS_WORKING ? "working" : "calendar");
		}
		json_object_set_new(s, "period", period ? period : json_null());
		json_object_set_new(s, "deadline_rolled_from", ps->rolled ? json_day(&ps->rolled_from) : json_null());
		json_object_set_new(s, "minimum_period_ends",
			ps->has_min_period ? json_day(&ps->min_period_end) : json_null());
		json_object_set_new(s, "calendar_days", json_integer(ps->calendar_days));
		json_object_set_new(s, "working_days", json_integer(ps->working_days));
		for (k = 0; k < ps->nholidays; k++)
			json_array_append_new(hol, json_day(&ps->holidays[k]));
		json_object_set_new(s, "holidays", hol);
		json_object_set_new(s, "final", json_boolean(ps->stage->final));
		if (ps->next) {
			json_t *roles = json_array();
			char *guard = ps->next->guard ? dossier_guard_summary(ps->next->guard) : NULL;

			for (k = 0; k < ps->next->nroles; k++)
				json_array_append_new(roles, json_string(ps->next->roles[k]));
			json_decref(next);
			next = json_object();
			json_object_set_new(next, "to", json_string(ps->next->target));
			json_object_set_new(next, "roles", roles);
			json_object_set_new(next, "guard", guard ? json_string(guard) : json_null());
			free(guard);
		}
		json_object_set_new(s, "next", next ? next : json_null());
		json_array_append_new(stages, s);
	}
	json_object_set_new(root, "stages", stages);
	for (i = 0; i < plan->nwarnings; i++)
		json_array_append_new(warnings, json_string(plan->warnings[i]));
	json_object_set_new(root, "warnings", warnings);
	return root;
}

char *dossier_plan_json(const dossier_plan *plan)
{
	json_t *root = plan ? plan_object(plan) : NULL;
	char *text = root ? json_dumps(root, JSON_INDENT(2)) : NULL;

	json_decref(root);
	return text;
}
