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

#endif
