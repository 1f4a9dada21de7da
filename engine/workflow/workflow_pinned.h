/*
 * workflow_pinned.h: the workflow module's interface to the rest of the
 * engine for a definition a dossier has already pinned. A check added to
 * the format after a dossier was opened must not make the dossier
 * unreadable, since its pinned definition can never change: such checks
 * are warnings there, errors everywhere else (docs/workflow-format.md).
 */
#ifndef DOSSIER_WORKFLOW_PINNED_H
#define DOSSIER_WORKFLOW_PINNED_H

#include "dossier/workflow.h"

/* dossier_workflow_load_buffer() for a pinned definition: 'invalid-name'
 * and 'invalid-text' are warnings, and the value is kept. */
int wf_load_pinned(dossier_workflow **out, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err);

/* The text a dossier pins for a definition loaded from `text`: the text
 * as it is, then a second YAML document with what the definition took from
 * outside itself (the included calendars' holidays, the default of
 * deadline-rolls), so that the pinned definition never changes with the
 * files beside it or the engine's defaults (docs/workflow-format.md). */
int wf_pinned_text(char **out, size_t *out_len, const dossier_workflow *wf, const char *text,
	size_t len, dossier_error *err);

#endif
