/*
 * fuzz_workflow.c: the workflow loader (engine/workflow) on YAML from the
 * fuzzer: libyaml's events into a definition, then every static check.
 * Every problem must carry its place (line and column), a definition that
 * loads must be one the planner, the guard printer and the machine can
 * walk (every transition explained and tried by every participant, every
 * deadline computed), and nothing may leak. Seeds: workflows/, tests/fixtures/workflows/.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Ask the machine about every transition of a stage, as every participant. */
static void machine(const dossier_workflow *wf, const dossier_stage *s)
{
	const char *commenters[1];
	dossier_state st = { s->id, 1750384800 };   /* 2025-06-20T09:00:00+07:00 */
	dossier_facts facts = { 1, true, commenters, 0, 3, 1, false, 0, NULL };
	dossier_time deadline, now = st.entered_at + 40 * 86400;
	size_t k, p;

	if (wf->nparticipants) {
		commenters[0] = wf->participants[0].id;
		facts.ncommenters = 1;
	}
	dossier_machine_deadline(&deadline, wf, s, st.entered_at);
	for (k = 0; k < s->ntransitions; k++) {
		char *why = NULL, *allow = NULL;

		dossier_machine_guard_explain(&why, &allow, wf, &st, &s->transitions[k], &facts, now);
		free(why);
		free(allow);
		for (p = 0; p < wf->nparticipants && p < 8; p++) {
			dossier_request req = { DOSSIER_ACTION_ADVANCE, s->transitions[k].target,
				wf->participants[p].id, now };
			dossier_state out;
			dossier_error err = DOSSIER_ERROR_INIT;

			dossier_machine_step(&out, wf, &st, &req, &facts, &err);
			dossier_error_clear(&err);
			req.action = DOSSIER_ACTION_COMMENT;
			req.target = NULL;
			dossier_machine_step(&out, wf, &st, &req, &facts, &err);
			dossier_error_clear(&err);
			dossier_machine_may_comment(wf, s, &wf->participants[p]);
		}
	}
}

static void walk(const dossier_workflow *wf)
{
	dossier_date start = { 2025, 6, 20 };
	dossier_plan *plan = NULL;
	size_t i, k;

	for (i = 0; i < wf->nstages; i++) {
		const dossier_stage *s = &wf->stages[i];

		if (!dossier_workflow_stage(wf, s->id))
			fuzz_die("stage '%s' is not found by its id", s->id);
		machine(wf, s);
		for (k = 0; k < s->ntransitions; k++) {
			char *g = dossier_guard_summary(s->transitions[k].guard);

			if (!g)
				fuzz_die("no summary for a guard of stage '%s'", s->id);
			if (!dossier_workflow_stage(wf, s->transitions[k].target))
				fuzz_die("stage '%s' has a transition to an unknown stage '%s'", s->id,
					s->transitions[k].target);
			free(g);
		}
	}
	for (i = 0; i < wf->nparticipants; i++)
		if (!dossier_workflow_role(wf, wf->participants[i].role))
			fuzz_die("participant '%s' has an unknown role '%s'", wf->participants[i].id,
				wf->participants[i].role);
	if (!dossier_workflow_stage(wf, wf->start))
		fuzz_die("the start stage '%s' is unknown", wf->start);
	if (dossier_plan_build(&plan, wf, &start, NULL) == 0)
		dossier_plan_free(plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dossier_workflow *wf = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;
	int rc;

	if (dossier_diags_new(&diags) < 0)
		fuzz_die("out of memory");
	rc = dossier_workflow_load_buffer(&wf, "fuzz.yaml", (const char *)data, size, diags, &err);
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *g = dossier_diags_get(diags, i);
		char *s = dossier_diag_format(g);

		if (!s)
			fuzz_die("out of memory");
		if (g->severity == DOSSIER_SEVERITY_ERROR && (g->line == 0 || g->column == 0))
			fuzz_die("a workflow problem without its place: %s", s);
		free(s);
	}
	if (rc == 0) {
		if (!wf)
			fuzz_die("the loader succeeded without a definition");
		if (dossier_diags_errors(diags))
			fuzz_die("the loader succeeded with %zu errors", dossier_diags_errors(diags));
		walk(wf);
	} else if (wf) {
		fuzz_die("the loader failed (%d) and still gave a definition", rc);
	} else if (rc == DOSSIER_EINVALID && dossier_diags_errors(diags) == 0) {
		fuzz_die("the loader refused the definition without saying why");
	}
	dossier_workflow_free(wf);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return 0;
}
