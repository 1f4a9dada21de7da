/*
 * fuzz_workflow.c: the workflow loader (engine/workflow) on YAML from the
 * fuzzer: libyaml's events into a definition, then every static check.
 * Every problem must carry its place (line and column), a definition that
 * loads must be one the planner and the guard printer can walk, and
 * nothing may leak. Seeds: workflows/, tests/fixtures/workflows/.
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

static void walk(const dossier_workflow *wf)
{
	dossier_date start = { 2025, 6, 20 };
	dossier_plan *plan = NULL;
	size_t i, k;

	for (i = 0; i < wf->nstages; i++) {
		const dossier_stage *s = &wf->stages[i];

		if (!dossier_workflow_stage(wf, s->id))
			fuzz_die("stage '%s' is not found by its id", s->id);
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
