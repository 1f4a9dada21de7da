/*
 * actions.c: what each action of a dossier writes: revise (a new revision
 * of the draft, tagged vN), advance (a stage change), comment (a record on a
 * provision of a revision) and respond (the drafting agency's disposition).
 * Each is a build function that facade_run_action() calls on a fresh tip:
 * it steps the attempt's state by its event (ds_state_step: the machine,
 * then apply_*) and hands back the records, the trailers it adds and the
 * subject; the façade then writes them with the new state as one commit.
 */
#include "facade/facade_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "dossier/textparse.h"
#include "dossier/input.h"
#include "dossier/word.h"
#include "base/util.h"
#include "text/docbin.h"

/* ---- revise ------------------------------------------------------------- */

typedef struct revise_args {
	const char *path;
	const char *message;
	char *xml;          /* the revision as AKN, prepared once */
	size_t xml_len;
	char *index;        /* its eId index, prepared once */
	char *model;        /* the model as read back from xml, cheap to load (text/docbin.h) */
	size_t model_len;
} revise_args;

typedef struct index_builder {
	dstr out;
	dossier_lang lang;
} index_builder;

static int index_node(const dossier_node *node, void *payload)
{
	index_builder *b = payload;
	char *cite;

	if (!node->eid || node->kind == DOSSIER_NODE_BODY)
		return 0;
	cite = dossier_node_citation(node, b->lang);
	dstr_addf(&b->out, "%s\t%s\n", node->eid, cite ? cite : "");
	free(cite);
	return 0;
}

/* revisions/vN.eids: every provision's eId and citation, one per line, so
 * that a comment checks its eId by reading one small blob instead of
 * parsing the revision's XML. */
static char *eid_index(const dossier_document *doc)
{
	index_builder b = { DSTR_INIT, doc->lang };

	dstr_adds(&b.out, "");
	/* the provisions quoted in an amending text too: a comment may be on one */
	dossier_document_walk_all(doc, index_node, &b);
	return dstr_detach(&b.out);
}

static int build_revise(attempt *a, void *payload, dossier_error *err)
{
	revise_args *r = payload;
	ds_step step = { .event = DS_EVENT_REVISE, .actor = a->actor->id, .when = a->now };
	attempt_record *rec = a->records;
	char *meta = NULL, *copy;
	char when[40];
	int rc;

	if ((rc = ds_state_step(&a->state, a->d->wf, &step, err)) < 0)
		return rc;
	a->result = util_sprintf("v%u", a->state.revision);
	dossier_time_format(when, sizeof(when), &a->d->wf->calendar, a->now);
	if (!a->result)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = record_revision_dump(&meta, a->result, a->actor->id, when, a->state.stage, r->path, r->message,
			err)) < 0)
		return rc;
	rec[0] = (attempt_record){ revision_path(a->state.revision), r->xml, r->xml_len, NULL };
	rec[1] = (attempt_record){ util_strdup(PATH_DRAFT), r->xml, r->xml_len, NULL };
	rec[2] = (attempt_record){ revision_meta_path(a->state.revision), meta, strlen(meta), meta };
	rec[3] = (attempt_record){ revision_index_path(a->state.revision), r->index, strlen(r->index), NULL };
	a->nrecords = 4;
	/* The model is read whole by every diff: in a pack of its own, whose
	 * objects are stored without compression (store_pack.c), it loads
	 * without inflating a megabyte (docs/git-store.md). */
	if (!(a->bulk = calloc(1, sizeof(*a->bulk))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	a->nbulk = 1;
	a->bulk[0].path = revision_model_path(a->state.revision);
	if (!a->bulk[0].path || !(copy = malloc(r->model_len + 1)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	memcpy(copy, r->model, r->model_len);
	a->bulk[0].data = copy;
	a->bulk[0].len = r->model_len;
	a->tr.revision = util_strdup(a->result);
	a->subject = util_sprintf("%s revises the draft: %s", a->actor->id, a->result);
	a->body = r->message ? util_strdup(r->message) : NULL;
	a->tag = util_strdup(a->result);
	if (!a->tr.revision || !a->subject || !a->tag || (r->message && !a->body))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

int dossier_revise(char **out_version, dossier *d, const char *path,
	const char *message, dossier_diags *diags, dossier_error *err)
{
	dossier_akn_options aopts = DOSSIER_AKN_OPTIONS_INIT;
	dossier_document *doc = NULL;
	revise_args r = { path, message, NULL, 0, NULL, NULL, 0 };
	dossier_document *back = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	const dossier_workflow *wf;
	const dossier_participant *actor;
	dossier_time now;
	char day[16];

	*out_version = NULL;
	/* The message and the file's name go into the revision's record. */
	if ((rc = record_check_field("message", message, err)) < 0 ||
	    (rc = record_check_source("path", path, err)) < 0)
		return rc;

	/* The file is read and converted once, before any attempt. The
	 * revision's FRBR date is the day it is recorded, unless the draft
	 * carries its own; the drafting body is the participant revising. */
	if ((rc = dossier_get_workflow(&wf, d, err)) < 0 || (rc = facade_actor(&actor, d, err)) < 0 ||
	    (rc = facade_now(&now, d, err)) < 0)
		return rc;
	{
		dossier_date date = dossier_calendar_date_of(&wf->calendar, now);

		dossier_date_format(day, sizeof(day), &date);
	}
	aopts.drafter = actor->name;
	if ((rc = util_read_file(&data, &len, path, err)) < 0)
		return rc;
	/* By content: a .docx, AKN, UTF-16 or UTF-8 text (docs/word.md). */
	rc = dossier_document_read(&doc, NULL, path, data, len, diags, err);
	free(data);
	if (rc < 0)
		return rc;
	if (!doc->preface.date && !doc->work_date)
		aopts.work_date = day;
	rc = dossier_akn_write(&r.xml, &r.xml_len, doc, &aopts, err);
	if (rc == 0 && !(r.index = eid_index(doc)))
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	dossier_document_free(doc);
	/* Beside the XML, the model a reader of the XML gets, in a form that
	 * loads without parsing it (docs/git-store.md). */
	if (rc == 0 && (rc = dossier_akn_read(&back, path, r.xml, r.xml_len, NULL, err)) == 0)
		rc = text_docbin_write(&r.model, &r.model_len, back, err);
	dossier_document_free(back);
	if (rc == 0)
		rc = facade_run_action(out_version, d, DS_EVENT_REVISE, build_revise, &r, err);
	free(r.xml);
	free(r.index);
	free(r.model);
	return rc;
}

/* ---- advance ------------------------------------------------------------ */

typedef struct advance_args {
	const char *stage;
	const char *message;
	dossier_time entered;   /* the time of the attempt that committed */
} advance_args;

static int build_advance(attempt *a, void *payload, dossier_error *err)
{
	advance_args *r = payload;
	ds_step step = { .event = DS_EVENT_ADVANCE, .actor = a->actor->id, .when = a->now, .target = r->stage };
	char *from = util_strdup(a->state.stage), *untaken = NULL;
	int rc;

	r->entered = a->now;
	if (!from)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	/* accepted-taken-in reads the accepted comments against the latest revision */
	if (ds_step_wants_untaken(&a->state, a->d->wf, &step) &&
	    (rc = facade_untaken(&step.untaken, &untaken, a->d, a->tip, err)) < 0) {
		free(from);
		return rc;
	}
	step.untaken_list = untaken;
	rc = ds_state_step(&a->state, a->d->wf, &step, err);
	free(untaken);
	if (rc < 0) {
		free(from);
		return rc;
	}
	a->tr.target = util_strdup(step.next.stage);
	a->subject = util_sprintf("%s advances the dossier from '%s' to '%s'", a->actor->id, from,
		step.next.stage);
	a->body = r->message ? util_strdup(r->message) : NULL;
	a->result = util_strdup(step.next.stage);
	free(from);
	if (!a->tr.target || !a->subject || !a->result || (r->message && !a->body))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

int dossier_advance(dossier *d, const char *stage, const char *message, dossier_error *err)
{
	advance_args r = { stage, message, 0 };
	char *result = NULL;
	int rc;

	if ((rc = record_check_field("stage", stage, err)) < 0 ||
	    (rc = record_check_field("message", message, err)) < 0)
		return rc;
	rc = facade_run_action(&result, d, DS_EVENT_ADVANCE, build_advance, &r, err);
	free(result);
	if (rc == 0)
		facade_note_late_entry(d, stage, r.entered);
	return rc;
}

/* ---- comment ------------------------------------------------------------ */

typedef struct comment_args {
	const dossier_comment_options *opts;
} comment_args;

static int parse_revision(unsigned *out, const char *s)
{
	return (*out = dossier_revision_number(s)) ? 0 : -1;
}

static int build_comment(attempt *a, void *payload, dossier_error *err)
{
	const dossier_comment_options *o = ((comment_args *)payload)->opts;
	ds_step step = { .event = DS_EVENT_COMMENT, .actor = a->actor->id, .when = a->now };
	dossier_comment_record c;
	unsigned rev;
	char *json = NULL, *citation = NULL, *eid = NULL;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = ds_state_step(&a->state, a->d->wf, &step, err)) < 0)
		return rc;
	if (a->state.revision == 0) {
		dossier_error_set(err, DOSSIER_EREFUSED, "there is no draft to comment on yet");
		dossier_error_set_tag(err, "no-draft");
		dossier_error_set_hint(err, "the drafting agency makes revision v1 with 'dossier revise'");
		return DOSSIER_EREFUSED;
	}
	rev = a->state.revision;
	if (o->revision) {
		if (parse_revision(&rev, o->revision) < 0) {
			dossier_error_set(err, DOSSIER_EINVALID, "invalid revision '%s' (expected vN)", o->revision);
			dossier_error_set_tag(err, "invalid-revision");
			return DOSSIER_EINVALID;
		}
		if (rev > a->state.revision) {
			dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision '%s'", o->revision);
			dossier_error_set_tag(err, "unknown-revision");
			dossier_error_set_hint(err, "the latest revision is v%u", a->state.revision);
			return DOSSIER_ENOTFOUND;
		}
	}
	if (strcmp(o->on, "general") != 0 &&
	    (rc = facade_citation(&eid, &citation, a->d, a->tip, rev, o->on, err)) < 0)
		return rc;
	c.id = util_sprintf("%s-%u", a->actor->id, step.seq);
	c.author = (char *)a->actor->id;
	c.author_name = (char *)a->actor->name;
	c.on = eid ? eid : (char *)o->on;
	c.citation = citation;
	c.revision = util_sprintf("v%u", rev);
	c.stage = a->state.stage;
	c.time = a->now;
	c.text = (char *)o->text;
	c.proposal = (char *)o->proposal;
	if (!c.id || !c.revision) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = comment_dump(&json, &c, &a->d->wf->calendar, err)) < 0)
		goto done;
	/* The record, which the handle keeps once committed (dossier_last_comment). */
	a->records[a->nrecords++] = (attempt_record){ comment_path(c.id), json, strlen(json), NULL };
	a->keep = json;
	a->tr.id = util_strdup(c.id);
	a->tr.revision = util_strdup(c.revision);
	a->subject = util_sprintf("%s comments on %s (%s)", a->actor->id,
		c.citation ? c.citation : "the draft as a whole", c.revision);
	a->result = util_strdup(c.id);
	if (!a->tr.id || !a->tr.revision || !a->subject || !a->result)
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
done:
	free(c.id);
	free(citation);
	free(eid);
	free(c.revision);
	return rc;
}

int dossier_comment(char **out_id, dossier *d, const dossier_comment_options *opts,
	dossier_error *err)
{
	comment_args r = { opts };
	int rc;

	*out_id = NULL;
	if (!opts || !opts->on || !*opts->on)
		return dossier_error_set(err, DOSSIER_EINVALID, "a comment needs the provision it is on (--on PROVISION)");
	if (!opts->text || !*opts->text)
		return dossier_error_set(err, DOSSIER_EINVALID, "a comment needs a text");
	if ((rc = record_check_field("on", opts->on, err)) < 0 ||
	    (rc = record_check_field("revision", opts->revision, err)) < 0 ||
	    (rc = record_check_field("text", opts->text, err)) < 0 ||
	    (rc = record_check_field("proposal", opts->proposal, err)) < 0)
		return rc;
	free(d->last_comment);
	d->last_comment = NULL;
	rc = facade_run_action(out_id, d, DS_EVENT_COMMENT, build_comment, &r, err);
	if (rc < 0) {
		free(d->last_comment);
		d->last_comment = NULL;
	}
	return rc;
}

/* ---- respond ------------------------------------------------------------ */

typedef struct respond_args {
	const char *id;
	dossier_disposition disposition;
	const char *reason;
	const char *adopted;
} respond_args;

static const char *verb(dossier_disposition d)
{
	switch (d) {
	case DOSSIER_DISPOSITION_ACCEPTED: return "accepts";
	case DOSSIER_DISPOSITION_PARTIAL: return "partially accepts";
	case DOSSIER_DISPOSITION_REJECTED: return "does not accept";
	default: return "notes";
	}
}

static int build_respond(attempt *a, void *payload, dossier_error *err)
{
	respond_args *r = payload;
	ds_step step = { .event = DS_EVENT_RESPOND, .actor = a->actor->id, .when = a->now };
	char *cpath = comment_path(r->id), *rpath = response_path(r->id), *json = NULL;
	int rc;

	if (!cpath || !rpath) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	step.first = !snap_exists(a->tip, rpath);
	step.disposition = r->disposition;
	if ((rc = ds_state_step(&a->state, a->d->wf, &step, err)) < 0)
		goto done;
	if (!snap_exists(a->tip, cpath)) {
		rc = dossier_error_set(err, DOSSIER_ENOTFOUND, "no comment '%s'", r->id);
		dossier_error_set_tag(err, "unknown-comment");
		dossier_error_set_hint(err, "'dossier comments' lists them");
		goto done;
	}
	if ((rc = response_dump(&json, r->id, r->disposition, r->reason, r->adopted, NULL, a->actor->id, a->now,
			a->state.stage, a->state.revision, &a->d->wf->calendar, err)) < 0)
		goto done;
	a->records[a->nrecords++] = (attempt_record){ rpath, json, strlen(json), json };
	rpath = NULL;
	a->tr.id = util_strdup(r->id);
	a->subject = util_sprintf("%s %s %s%s", a->actor->id, verb(r->disposition), r->id,
		step.first ? "" : " (revised response)");
	a->body = r->reason ? util_strdup(r->reason) : NULL;
	a->result = util_strdup(r->id);
	if (!a->tr.id || !a->subject || !a->result || (r->reason && !a->body))
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
done:
	free(cpath);
	free(rpath);
	return rc;
}

int dossier_respond(dossier *d, const char *comment_id, dossier_disposition disposition,
	const char *reason, const char *adopted, dossier_error *err)
{
	respond_args r = { comment_id, disposition, reason, adopted };
	char *result = NULL;
	int rc;

	if (!comment_id || !*comment_id)
		return dossier_error_set(err, DOSSIER_EINVALID, "which comment? (a comment id such as 'most-3')");
	if ((rc = record_check_field("comment", comment_id, err)) < 0 ||
	    (rc = record_check_field("reason", reason, err)) < 0 ||
	    (rc = record_check_field("adopted", adopted, err)) < 0)
		return rc;
	if (!dossier_disposition_name(disposition) || disposition == DOSSIER_DISPOSITION_NONE)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"a response needs a disposition: accepted, partial, rejected or noted");
	if ((disposition == DOSSIER_DISPOSITION_REJECTED || disposition == DOSSIER_DISPOSITION_PARTIAL) &&
	    (!reason || !*reason)) {
		dossier_error_set(err, DOSSIER_EINVALID, "a %s needs a reason",
			disposition == DOSSIER_DISPOSITION_REJECTED ? _("rejection") : _("partial acceptance"));
		dossier_error_set_tag(err, "reason-required");
		dossier_error_set_hint(err, "explain it with --reason");
		return DOSSIER_EINVALID;
	}
	if (adopted && (disposition == DOSSIER_DISPOSITION_REJECTED || disposition == DOSSIER_DISPOSITION_NOTED))
		return dossier_error_set(err, DOSSIER_EINVALID, "adopted text goes with an acceptance, not with a %s",
			disposition == DOSSIER_DISPOSITION_REJECTED ? "rejection" : "note");
	rc = facade_run_action(&result, d, DS_EVENT_RESPOND, build_respond, &r, err);
	free(result);
	return rc;
}
