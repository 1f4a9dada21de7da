/*
 * workflow_find.c: finding a stage, a role or a participant in a loaded
 * workflow definition, and what a role may do.
 */
#include <string.h>
#include <strings.h>

#include "workflow/workflow_int.h"

unsigned wf_role_actions(const dossier_workflow *wf, const char *role)
{
	const dossier_role *r = role ? dossier_workflow_role(wf, role) : NULL;

	return r ? r->actions : 0;
}

const dossier_stage *dossier_workflow_stage(const dossier_workflow *wf, const char *id)
{
	size_t i;

	if (!wf || !id)
		return NULL;
	for (i = 0; i < wf->nstages; i++)
		if (wf->stages[i].id && !strcmp(wf->stages[i].id, id))
			return &wf->stages[i];
	return NULL;
}

const dossier_role *dossier_workflow_role(const dossier_workflow *wf, const char *id)
{
	size_t i;

	if (!wf || !id)
		return NULL;
	for (i = 0; i < wf->nroles; i++)
		if (!strcmp(wf->roles[i].id, id))
			return &wf->roles[i];
	return NULL;
}

const dossier_participant *dossier_workflow_participant(const dossier_workflow *wf, const char *id)
{
	size_t i;

	if (!wf || !id)
		return NULL;
	for (i = 0; i < wf->nparticipants; i++)
		if (!strcmp(wf->participants[i].id, id))
			return &wf->participants[i];
	return NULL;
}

const dossier_participant *dossier_workflow_participant_by_email(const dossier_workflow *wf, const char *email)
{
	size_t i;

	if (!wf || !email)
		return NULL;
	for (i = 0; i < wf->nparticipants; i++)
		if (wf->participants[i].email && !strcasecmp(wf->participants[i].email, email))
			return &wf->participants[i];
	return NULL;
}
