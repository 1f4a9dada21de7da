/*
 * report_dossier.c: the synthesis report of a dossier: reads its comments
 * with their responses, its title and the revisions the comments were made
 * on (each once) plus the latest, at one tip, and hands them to
 * dossier_report_build (report.c), with the structural diff's answer to
 * where each provision stands in the latest revision (a provision map:
 * the mechanism of `comments --revision`). The report's date is the date
 * of the tip's legal time, so that the same dossier always gives the same
 * report.
 */
#include "facade/facade_int.h"
#include "dossier/diff.h"
#include "dossier/report.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

int dossier_report_load(dossier_report **out, dossier *d, dossier_error *err)
{
	dossier_snap *tip = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_tip(&tip, d->store, err)) < 0)
		return rc;
	rc = facade_report_at(out, d, tip, err);
	snap_free(tip);
	return rc;
}

static int report_at(dossier_report **out, dossier *d, const dossier_snap *tip, bool accepted_only,
	dossier_error *err);

int facade_untaken(size_t *n, char **list, dossier *d, const dossier_snap *snap, dossier_error *err)
{
	dossier_report *r = NULL;
	dstr s = DSTR_INIT;
	size_t i, named = 0;
	int rc;

	*n = 0;
	if (list)
		*list = NULL;
	/* only the accepted comments can be untaken: the report of those alone
	 * (facade_accepted_at), not of every comment */
	if ((rc = report_at(&r, d, snap, true, err)) < 0)
		return rc;
	*n = r->untaken;
	for (i = 0; list && i < r->nrows && r->untaken; i++) {
		const dossier_report_row *row = &r->rows[i];

		if (!row->untaken)
			continue;
		if (named == 10) {
			dstr_addf(&s, " and %zu more", r->untaken - named);
			break;
		}
		dstr_addf(&s, "%s%s (%s)", named++ ? ", " : "", row->comment->id, r->groups[row->group].citation);
	}
	dossier_report_free(r);
	if (list && *n) {
		if (s.oom || !(*list = dstr_detach(&s))) {
			dstr_free(&s);
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		}
	}
	dstr_free(&s);
	return 0;
}

int facade_report_at(dossier_report **out, dossier *d, const dossier_snap *tip, dossier_error *err)
{
	return report_at(out, d, tip, false, err);
}

static int report_at(dossier_report **out, dossier *d, const dossier_snap *tip, bool accepted_only,
	dossier_error *err)
{
	dossier_report_input in = DOSSIER_REPORT_INPUT_INIT;
	dossier_provision_map *map = NULL;
	dossier_comment_list *comments = NULL;
	dossier_document **docs = NULL;
	char *title = NULL, date[16];
	ds_state s;
	size_t i;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	/* The comments and the revisions they name, at one snapshot. */
	if ((rc = accepted_only ? facade_accepted_at(&comments, d, tip, err) :
	    facade_comments_at(&comments, d, tip, NULL, err)) < 0)
		return rc;
	if ((rc = facade_workflow(d, tip, err)) < 0 || (rc = facade_state(&s, d, tip, err)) < 0)
		goto done;
	docs = calloc((size_t)s.revision + 1, sizeof(*docs));
	if (!docs) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	/* Only the revisions commented on, and the latest. */
	if (s.revision && (rc = facade_revision_doc(&docs[s.revision - 1], tip, s.revision, err)) < 0)
		goto done;
	for (i = 0; i < comments->n; i++) {
		unsigned n = dossier_revision_number(comments->items[i].revision);

		if (n == 0 || n > s.revision || docs[n - 1])
			continue;
		if ((rc = facade_revision_doc(&docs[n - 1], tip, n, err)) < 0)
			goto done;
	}
	title = facade_read_title(tip);
	{
		dossier_date day = dossier_calendar_date_of(&d->wf->calendar, snap_time(tip));

		dossier_date_format(date, sizeof(date), &day);
	}
	in.title = title;
	in.wf = d->wf;
	in.comments = comments;
	in.revisions = (const dossier_document *const *)docs;
	in.nrevisions = s.revision;
	in.date = date;
	if (s.revision) {
		if ((rc = dossier_provision_map_new(&map, (const dossier_document *const *)docs, s.revision,
				docs[s.revision - 1], s.revision, err)) < 0)
			goto done;
		in.locate = dossier_provision_map_locator;
		in.locate_payload = map;
	}
	if ((rc = dossier_report_build(out, &in, err)) < 0)
		goto done;
	(*out)->owned = comments;
	comments = NULL;
done:
	dossier_provision_map_free(map);
	for (i = 0; docs && i < s.revision; i++)
		dossier_document_free(docs[i]);
	free(docs);
	free(title);
	ds_state_clear(&s);
	dossier_comment_list_free(comments);
	return rc;
}
