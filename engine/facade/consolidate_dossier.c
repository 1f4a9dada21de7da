/*
 * consolidate_dossier.c: the consolidated draft of a dossier as Akoma
 * Ntoso. Reads the revision, the comments with their responses and the
 * older revisions they were made on, applies them (consolidate.c), and
 * hands the AKN module's annotating writer (akn/akn_write.h) what a reader
 * of the consolidated draft needs besides the text: the changed provisions
 * marked (class "dossier-changed" and a noteRef to a note naming the
 * comment, the member, the disposition, the explanation and the old text),
 * the participants, roles, stages and events as references, every
 * revision in <lifecycle>, every stage change in <workflow>, the revision
 * it came from (FRBRversionNumber and our own proprietary element) and the
 * proposals that could not be applied. No XML is built here.
 * docs/consolidation.md describes the output.
 */
#include "dossier/consolidate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "akn/akn_write.h"
#include "dossier/diff.h"
#include "facade/facade_int.h"
#include "dossier/input.h"
#include "base/util.h"

/* Our own metadata inside <proprietary>. */
#define DOSSIER_NS_URI "urn:x-dossier:consolidation:1"

/* What a revision's note (revisions/vN.json) says. */
typedef struct rev_meta {
	char *by;
	char *time;     /* the legal time, ISO 8601 */
	char *message;
} rev_meta;

/* ---- reading the dossier ---------------------------------------------------- */

static void rev_meta_clear(rev_meta *m)
{
	free(m->by);
	free(m->time);
	free(m->message);
	memset(m, 0, sizeof(*m));
}

static int read_rev_meta(rev_meta *m, const dossier_snap *snap, unsigned n, dossier_error *err)
{
	char *path = revision_meta_path(n), *data = NULL;
	record_revision rec;
	record_syntax why;
	size_t len = 0;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = snap_read(&data, &len, snap, path, err);
	if (rc < 0) {
		free(path);
		return rc;
	}
	rc = record_revision_parse(&rec, data, len, &why);
	free(data);
	if (rc < 0) {
		rc = rc == DOSSIER_ENOMEM ? dossier_error_set(err, rc, "out of memory") :
			dossier_error_set(err, DOSSIER_EINVALID, "invalid revision record '%s': %s", path,
				why.text);
		free(path);
		return rc;
	}
	free(path);
	m->by = rec.by;
	m->time = rec.time;
	m->message = rec.message;
	free(rec.revision);
	free(rec.stage);
	free(rec.source);
	if (!m->by || !m->time) {
		rev_meta_clear(m);
		return dossier_error_set(err, DOSSIER_EINVALID, "revision record 'v%u' lacks its author or time", n);
	}
	return 0;
}

static int parse_revision(unsigned *n, const char *revision, unsigned latest, dossier_error *err)
{
	unsigned v;

	if (!revision) {
		*n = latest;
	} else {
		if (!(v = dossier_revision_number(revision))) {
			dossier_error_set(err, DOSSIER_EINVALID, "invalid revision '%s' (expected vN)", revision);
			dossier_error_set_tag(err, "invalid-revision");
			return DOSSIER_EINVALID;
		}
		*n = v;
	}
	if (*n == 0 || *n > latest) {
		int rc = dossier_error_set(err, DOSSIER_ENOTFOUND, "no revision '%s'",
			revision ? revision : "(none yet)");

		dossier_error_set_tag(err, "unknown-revision");
		if (latest)
			dossier_error_set_hint(err, "the latest revision is v%u", latest);
		else
			dossier_error_set_hint(err, "'dossier revise FILE' makes the first");
		return rc;
	}
	return 0;
}

/* ---- the words of the notes ------------------------------------------------ */

static const char *disposition_words(dossier_disposition d, dossier_lang lang)
{
	bool vie = lang == DOSSIER_LANG_VIE;

	switch (d) {
	case DOSSIER_DISPOSITION_ACCEPTED: return vie ? "Tiếp thu" : "Accepted";
	case DOSSIER_DISPOSITION_PARTIAL: return vie ? "Tiếp thu một phần" : "Partially accepted";
	case DOSSIER_DISPOSITION_REJECTED: return vie ? "Không tiếp thu" : "Not accepted";
	case DOSSIER_DISPOSITION_NOTED: return vie ? "Ghi nhận" : "Noted";
	default: return vie ? "Chưa trả lời" : "Unanswered";
	}
}

static void text(akn_annot *a, const char *s)
{
	akn_annot_note_add(a, AKN_INLINE_TEXT, s, NULL);
}

/* One note for one comment adopted into a provision, marked in its text. */
static int write_note(akn_annot *a, dossier_lang lang, const char *vn,
	const dossier_consolidation_change *ch, const dossier_consolidation_source *s, bool last,
	unsigned marker)
{
	bool vie = lang == DOSSIER_LANG_VIE;
	char *id, *base = util_sprintf("note-%s", s->comment), *org, mark[16];
	akn_note note = { AKN_NOTE_EDITORIAL, NULL, ch->eid, NULL, mark, "side", "dossier-comment" };

	if (!base)
		return DOSSIER_ENOMEM;
	id = akn_annot_unique_id(a, base);
	free(base);
	if (!id)
		return DOSSIER_ENOMEM;
	snprintf(mark, sizeof(mark), "%u", marker);
	note.eid = id;
	note.cls = s->superseded ? "dossier-change dossier-superseded" : "dossier-change";
	akn_annot_note(a, &note);
	free(id);

	akn_annot_note_para(a, "dossier-comment");
	text(a, vie ? "Ý kiến " : "Comment ");
	akn_annot_note_add(a, AKN_INLINE_SPAN, s->comment, NULL);
	text(a, vie ? " của " : " by ");
	if (!(org = util_sprintf("#%s", s->author)))
		return DOSSIER_ENOMEM;
	akn_annot_note_add(a, AKN_INLINE_ORGANIZATION, s->author_name, org);
	free(org);
	/* Where the member commented: the citation in the revision commented on. */
	text(a, vie ? " về " : " on ");
	text(a, s->citation && *s->citation ? s->citation : ch->citation);
	if (s->revision) {
		text(a, vie ? " của dự thảo " : " of draft ");
		text(a, s->revision);
	}
	/* Renumbered since (followed by the structural diff): its citation here. */
	if (s->citation && *s->citation && ch->citation && strcmp(s->citation, ch->citation)) {
		text(a, vie ? ", nay là " : ", now ");
		text(a, ch->citation);
	}
	akn_annot_note_para(a, "dossier-disposition");
	text(a, disposition_words(s->disposition, lang));
	if (s->reason && *s->reason) {
		text(a, ": ");
		text(a, s->reason);
	}
	if (s->superseded) {
		akn_annot_note_para(a, "dossier-superseded");
		text(a, vie ? "Văn bản đề xuất, được thay thế bởi văn bản tiếp thu sau: " :
			"Text proposed, replaced by a later adoption: ");
		text(a, s->text);
	}
	if (last) {
		akn_annot_note_para(a, "dossier-old");
		text(a, vie ? "Văn bản của dự thảo " : "Text of draft ");
		text(a, vn);
		text(a, ": ");
		text(a, ch->old_text);
	}
	return 0;
}

/* ---- the metadata ----------------------------------------------------------- */

/* The date part of an ISO 8601 time ("2025-08-05T15:00:00+07:00"). */
static void date_of(char out[11], const char *iso)
{
	size_t n = strnlen(iso, 10);

	memcpy(out, iso, n);
	out[n] = '\0';
}

typedef struct meta_in {
	dossier *d;
	const dossier_workflow *wf;
	const ds_state *state;
	const rev_meta *revs;        /* v1..vn */
	unsigned n;
	const dossier_consolidation_report *report;
	const char *source;          /* "#moc": who made the revision */
	dossier_lang lang;
} meta_in;

/* An eId for a reference: the wanted one, unless taken. Caller frees. */
static char *tlc_id(akn_annot *a, const char *fmt, const char *arg)
{
	char *base = util_sprintf(fmt, arg), *id;

	if (!base)
		return NULL;
	id = akn_annot_unique_id(a, base);
	free(base);
	return id;
}

/* A reference with its href from href_fmt and href_arg. */
static int add_tlc(akn_annot *a, akn_tlc kind, const char *eid, const char *href_fmt,
	const char *href_arg, const char *show)
{
	char *href = util_sprintf(href_fmt, href_arg);
	int rc;

	if (!href)
		return DOSSIER_ENOMEM;
	rc = akn_annot_tlc(a, kind, eid, href, show);
	free(href);
	return rc;
}

/* The participants, roles and stages as references; their ids in the
 * three arrays. */
static int write_references(akn_annot *a, const dossier_workflow *wf, char **part_ids,
	char **role_ids, char **stage_ids)
{
	size_t i;

	for (i = 0; i < wf->nparticipants; i++) {
		const dossier_participant *p = &wf->participants[i];

		if (!(part_ids[i] = tlc_id(a, "%s", p->id)) ||
		    add_tlc(a, AKN_TLC_ORGANIZATION, part_ids[i], "/akn/ontology/organization/vn/%s",
			    p->id, p->name) < 0)
			return DOSSIER_ENOMEM;
	}
	for (i = 0; i < wf->nroles; i++)
		if (!(role_ids[i] = tlc_id(a, "role-%s", wf->roles[i].id)) ||
		    add_tlc(a, AKN_TLC_ROLE, role_ids[i], "/akn/ontology/role/vn/%s", wf->roles[i].id,
			    wf->roles[i].title) < 0)
			return DOSSIER_ENOMEM;
	for (i = 0; i < wf->nstages; i++)
		if (!(stage_ids[i] = tlc_id(a, "stage-%s", wf->stages[i].id)) ||
		    add_tlc(a, AKN_TLC_CONCEPT, stage_ids[i], "/akn/ontology/concept/vn/stage-%s",
			    wf->stages[i].id, wf->stages[i].title) < 0)
			return DOSSIER_ENOMEM;
	return 0;
}

/* Every revision up to this one, in <lifecycle>. */
static int write_lifecycle(akn_annot *a, const meta_in *in)
{
	bool vie = in->lang == DOSSIER_LANG_VIE;
	unsigned k;
	int rc = 0;

	for (k = 1; k <= in->n && !rc; k++) {
		const rev_meta *m = &in->revs[k - 1];
		char vk[24], date[11], *ev, *show, *src, *lid = NULL, *evref = NULL;

		snprintf(vk, sizeof(vk), "v%u", k);
		ev = tlc_id(a, "event-%s", vk);
		show = m->message && *m->message ?
			util_sprintf("%s %s: %s", vie ? "Dự thảo" : "Draft", vk, m->message) :
			util_sprintf("%s %s", vie ? "Dự thảo" : "Draft", vk);
		src = util_sprintf("#%s", m->by);
		if (!ev || !show || !src ||
		    add_tlc(a, AKN_TLC_EVENT, ev, "/akn/ontology/event/vn/revision-%s", vk, show) < 0 ||
		    !(lid = tlc_id(a, "lifecycle-%s", vk)) || !(evref = util_sprintf("#%s", ev))) {
			rc = DOSSIER_ENOMEM;
		} else {
			akn_event e = { lid, date, src, k == 1 ? "generation" : "amendment", evref, k == in->n };

			date_of(date, m->time);
			rc = akn_annot_event(a, &e);
		}
		free(ev);
		free(show);
		free(src);
		free(lid);
		free(evref);
	}
	return rc;
}

/* Every stage entered, in <workflow>. */
static int write_workflow(akn_annot *a, const meta_in *in, char *const *part_ids,
	char *const *role_ids, char *const *stage_ids)
{
	const dossier_workflow *wf = in->wf;
	bool vie = in->lang == DOSSIER_LANG_VIE;
	size_t i, k;
	int rc = 0;

	for (k = 0; k < in->state->nstages && !rc; k++) {
		const ds_stage_entry *e = &in->state->stages[k];
		const dossier_participant *p = dossier_workflow_participant(wf, e->by);
		const dossier_stage *st = dossier_workflow_stage(wf, e->stage);
		char when[40], num[24], date[11], *ev, *show, *sid;
		char *by = NULL, *as = NULL, *outcome = NULL, *evref = NULL;

		snprintf(num, sizeof(num), "%zu", k + 1);
		ev = tlc_id(a, "event-stage-%s", num);
		sid = tlc_id(a, "step-%s", num);
		show = util_sprintf("%s: %s", vie ? "Chuyển giai đoạn" : "Stage",
			st && st->title ? st->title : e->stage);
		if (!ev || !show || !sid ||
		    add_tlc(a, AKN_TLC_EVENT, ev, "/akn/ontology/event/vn/stage-%s", num, show) < 0)
			rc = DOSSIER_ENOMEM;
		for (i = 0; !rc && i < wf->nparticipants; i++)
			if (p && &wf->participants[i] == p && !(by = util_sprintf("#%s", part_ids[i])))
				rc = DOSSIER_ENOMEM;
		if (!rc && !p && !(by = util_sprintf("#%s", e->by)))
			rc = DOSSIER_ENOMEM;
		for (i = 0; !rc && p && i < wf->nroles; i++)
			if (!strcmp(wf->roles[i].id, p->role)) {
				free(as);
				if (!(as = util_sprintf("#%s", role_ids[i])))
					rc = DOSSIER_ENOMEM;
			}
		for (i = 0; !rc && i < wf->nstages; i++)
			if (!strcmp(wf->stages[i].id, e->stage)) {
				free(outcome);
				if (!(outcome = util_sprintf("#%s", stage_ids[i])))
					rc = DOSSIER_ENOMEM;
			}
		if (!rc && !(evref = util_sprintf("#%s", ev)))
			rc = DOSSIER_ENOMEM;
		if (!rc) {
			akn_step step = { sid, date, by, as, outcome, evref };

			dossier_time_format(when, sizeof(when), &wf->calendar, e->entered);
			date_of(date, when);
			rc = akn_annot_step(a, &step);
		}
		free(ev);
		free(show);
		free(sid);
		free(by);
		free(as);
		free(outcome);
		free(evref);
	}
	return rc;
}

/* Where the consolidation came from, and what it could not apply. */
static int write_proprietary(akn_annot *a, const meta_in *in, const char *vn)
{
	static const char *const why[] = { "", "general", "no-text", "missing", "later", "same" };
	const dossier_consolidation_report *r = in->report;
	akn_xel *cons;
	char date[11], count[24];
	size_t i;

	akn_annot_proprietary_ns(a, "dossier", DOSSIER_NS_URI);
	cons = akn_annot_xel(a, NULL, "consolidation");
	akn_xel_attr(a, cons, "revision", vn);
	date_of(date, in->revs[in->n - 1].time);
	akn_xel_attr(a, cons, "date", date);
	akn_xel_attr(a, cons, "time", in->revs[in->n - 1].time);
	snprintf(count, sizeof(count), "%zu", r->nchanges);
	akn_xel_attr(a, cons, "changes", count);
	snprintf(count, sizeof(count), "%zu", r->nunapplied);
	akn_xel_attr(a, cons, "unapplied", count);
	for (i = 0; i < r->nunapplied; i++) {
		const dossier_consolidation_unapplied *u = &r->unapplied[i];
		akn_xel *un = akn_annot_xel(a, cons, "unapplied");

		akn_xel_attr(a, un, "comment", u->source.comment);
		akn_xel_attr(a, un, "by", u->source.author);
		akn_xel_attr(a, un, "byName", u->source.author_name);
		akn_xel_attr(a, un, "on", u->source.on);
		akn_xel_attr(a, un, "revision", u->source.revision);
		akn_xel_attr(a, un, "disposition", dossier_disposition_name(u->source.disposition));
		akn_xel_attr(a, un, "reason", why[u->reason <= DOSSIER_UNAPPLIED_SAME ? u->reason : 0]);
		akn_xel_attr(a, un, "warning", dossier_consolidation_unapplied_is_warning(u) ? "true" : "false");
		if (u->source.text)
			akn_xel_text(a, akn_annot_xel(a, un, "text"), u->source.text);
		akn_xel_text(a, akn_annot_xel(a, un, "message"), u->message);
	}
	return 0;
}

static int write_metadata(akn_annot *a, const meta_in *in, const char *vn)
{
	const dossier_workflow *wf = in->wf;
	char **role_ids = calloc(wf->nroles + 1, sizeof(*role_ids));
	char **stage_ids = calloc(wf->nstages + 1, sizeof(*stage_ids));
	char **part_ids = calloc(wf->nparticipants + 1, sizeof(*part_ids));
	size_t i;
	int rc = DOSSIER_ENOMEM;

	if (!role_ids || !stage_ids || !part_ids)
		goto done;
	/* Which revision this is, and who made it. */
	akn_annot_source(a, in->source);
	akn_annot_version_number(a, vn);
	if (in->report->nchanges)
		akn_annot_contains(a, "singleVersion");
	if ((rc = write_references(a, wf, part_ids, role_ids, stage_ids)) < 0 ||
	    (rc = write_lifecycle(a, in)) < 0 ||
	    (rc = write_workflow(a, in, part_ids, role_ids, stage_ids)) < 0)
		goto done;
	rc = write_proprietary(a, in, vn);
done:
	for (i = 0; role_ids && i < wf->nroles; i++)
		free(role_ids[i]);
	for (i = 0; stage_ids && i < wf->nstages; i++)
		free(stage_ids[i]);
	for (i = 0; part_ids && i < wf->nparticipants; i++)
		free(part_ids[i]);
	free(role_ids);
	free(stage_ids);
	free(part_ids);
	return rc;
}

/* The changed provisions: a class, and a note for each comment adopted. */
static int write_changes(akn_annot *a, const dossier_consolidation_report *r, const char *vn,
	dossier_lang lang)
{
	unsigned marker = 0;
	size_t i, k;
	int rc = 0;

	for (i = 0; i < r->nchanges && !rc; i++) {
		const dossier_consolidation_change *ch = &r->changes[i];

		if (!akn_annot_has_provision(a, ch->eid))
			continue;
		akn_annot_class(a, ch->eid, "dossier-changed", false);
		for (k = 0; k < ch->nsources && !rc; k++)
			rc = write_note(a, lang, vn, ch, &ch->sources[k], k + 1 == ch->nsources, ++marker);
	}
	return rc;
}

/* The consolidated document with its notes and history, as AKN. */
static int write_xml(char **out, size_t *len, const dossier_document *res, const meta_in *in,
	dossier_error *err)
{
	dossier_akn_options ao = DOSSIER_AKN_OPTIONS_INIT;
	akn_annot *a = NULL;
	char vn[24];
	int rc;

	if ((rc = akn_annot_new(&a, res, &ao, err)) < 0)
		return rc;
	snprintf(vn, sizeof(vn), "v%u", in->n);
	if (write_metadata(a, in, vn) < 0 || write_changes(a, in->report, vn, in->lang) < 0)
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	else
		rc = akn_write(out, len, a, err);
	akn_annot_free(a);
	return rc;
}

/* ---- the whole ---------------------------------------------------------------- */

int dossier_consolidate(char **out_xml, size_t *len,
	dossier_consolidation_report **report, dossier *d, const char *revision,
	dossier_error *err)
{
	dossier_snap *tip = NULL;
	ds_state st;
	unsigned n = 0, k;
	dossier_document *doc = NULL, *res = NULL, **revs = NULL;
	dossier_comment_list *comments = NULL;
	dossier_consolidation_report *r = NULL;
	dossier_provision_map *map = NULL;
	rev_meta *metas = NULL;
	char *source = NULL;
	size_t i;
	meta_in in;
	int rc;

	*out_xml = NULL;
	if (len)
		*len = 0;
	if (report)
		*report = NULL;
	memset(&st, 0, sizeof(st));
	if ((rc = store_tip(&tip, d->store, err)) < 0)
		return rc;
	if ((rc = facade_workflow(d, tip, err)) < 0 || (rc = facade_state(&st, d, tip, err)) < 0 ||
	    (rc = parse_revision(&n, revision, st.revision, err)) < 0)
		goto done;
	if ((rc = facade_revision_doc(&doc, tip, n, err)) < 0 ||
	    (rc = facade_accepted_at(&comments, d, tip, err)) < 0)
		goto done;
	/* The older revisions that comments were made on, to follow renumbered articles. */
	revs = calloc(n, sizeof(*revs));
	metas = calloc(n, sizeof(*metas));
	if (!revs || !metas) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < comments->n; i++) {
		const dossier_comment_record *c = &comments->items[i];
		unsigned m = 0;

		if (c->disposition != DOSSIER_DISPOSITION_ACCEPTED && c->disposition != DOSSIER_DISPOSITION_PARTIAL)
			continue;
		m = dossier_revision_number(c->revision);
		if (m && m < n && !revs[m - 1] && (rc = facade_revision_doc(&revs[m - 1], tip, m, err)) < 0)
			goto done;
	}
	/* Where their provisions stand in vN: the structural diff (carry.c). */
	if ((rc = dossier_provision_map_new(&map, (const dossier_document *const *)revs, n, doc, n, err)) < 0 ||
	    (rc = dossier_consolidate_document(&res, &r, doc, n, comments, dossier_provision_map_locator, map,
			err)) < 0)
		goto done;
	for (k = 1; k <= n; k++)
		if ((rc = read_rev_meta(&metas[k - 1], tip, k, err)) < 0)
			goto done;
	if (!(source = util_sprintf("#%s", metas[n - 1].by))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	in.d = d;
	in.wf = d->wf;
	in.state = &st;
	in.revs = metas;
	in.n = n;
	in.report = r;
	in.source = source;
	in.lang = res->lang;
	if ((rc = write_xml(out_xml, len, res, &in, err)) < 0)
		goto done;
	if (report) {
		*report = r;
		r = NULL;
	}
done:
	dossier_provision_map_free(map);
	free(source);
	dossier_consolidation_report_free(r);
	for (i = 0; metas && i < n; i++)
		rev_meta_clear(&metas[i]);
	free(metas);
	for (i = 0; revs && i < n; i++)
		dossier_document_free(revs[i]);
	free(revs);
	dossier_document_free(res);
	dossier_document_free(doc);
	dossier_comment_list_free(comments);
	ds_state_clear(&st);
	snap_free(tip);
	return rc;
}
