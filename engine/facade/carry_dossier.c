/*
 * carry_dossier.c: comments carried forward in a dossier
 * (dossier_comments_carry): the revision commented on and the latest read
 * from the dossier, then the diff module's carry_build (engine/diff/carry.c)
 * on the two documents.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dossier/input.h"
#include "diff/carry.h"
#include "facade/facade_int.h"

int dossier_comments_carry(dossier_carry **out, dossier *d,
	const dossier_comment_list *comments, const char *revision, dossier_error *err)
{
	dossier_status *st = NULL;
	dossier_document *from = NULL, *to = NULL;
	char from_name[16], to_name[16];
	unsigned n, latest;
	int rc;

	*out = NULL;
	if (!(n = dossier_revision_number(revision)))
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' is not a revision (v1, v2, …)",
			revision ? revision : "");
	if ((rc = dossier_get_status(&st, d, err)) < 0)
		return rc;
	latest = st->revisions;
	dossier_status_free(st);
	if (n > latest) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision '%s'", revision);
		if (latest)
			dossier_error_set_hint(err, "the latest is v%u", latest);
		return DOSSIER_ENOTFOUND;
	}
	snprintf(from_name, sizeof(from_name), "v%u", n);
	snprintf(to_name, sizeof(to_name), "v%u", latest);
	if ((rc = dossier_get_revision(&from, d, from_name, err)) == 0 &&
	    (rc = dossier_get_revision(&to, d, to_name, err)) == 0)
		rc = carry_build(out, from, to, n, latest, comments, err);
	dossier_document_free(from);
	dossier_document_free(to);
	return rc;
}
