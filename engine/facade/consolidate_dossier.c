/*
 * consolidate_dossier.c: the consolidated draft of a dossier as Akoma
 * Ntoso. Reads the revision, the comments with their responses and the
 * older revisions they were made on, applies them (consolidate.c), writes
 * the document through the AKN writer and then, with libxml2, adds what a
 * reader of the consolidated draft needs: the changed provisions marked
 * (class "dossier-changed" and a noteRef to a note naming the comment, the
 * member, the disposition, the explanation and the old text), the
 * participants, roles, stages and events as references, every revision in
 * <lifecycle>, every stage change in <workflow>, the revision it came from
 * (FRBRversionNumber and our own proprietary element) and the proposals
 * that could not be applied. docs/consolidation.md describes the output.
 */
#include "dossier/consolidate.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "facade/facade_int.h"
#include "dossier/input.h"
#include "base/util.h"

#define AKN_NS_URI DOSSIER_AKN_NS
/* Our own metadata inside <proprietary>. */
#define DOSSIER_NS_URI "urn:x-dossier:consolidation:1"

/* What a revision's note (revisions/vN.json) says. */
typedef struct rev_meta {
	char *by;
	char *time;     /* the legal time, ISO 8601 */
	char *message;
} rev_meta;

typedef struct out_ctx {
	xmlDocPtr doc;
	xmlNsPtr ns;
	xmlNodePtr act, meta;
	char **ids;        /* every eId in the document, ours included */
	size_t nids, capids;
	int oom;
	dossier_lang lang;
} out_ctx;

/* ---- reading the dossier ---------------------------------------------------- */

static void rev_meta_clear(rev_meta *m)
{
	free(m->by);
	free(m->time);
	free(m->message);
	memset(m, 0, sizeof(*m));
}

static char *json_dup(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? util_strdup(s) : NULL;
}

static int read_rev_meta(rev_meta *m, const dossier_snap *snap, unsigned n, dossier_error *err)
{
	char *path = revision_meta_path(n), *data = NULL;
	size_t len = 0;
	json_t *root;
	json_error_t jerr;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = snap_read(&data, &len, snap, path, err);
	if (rc < 0) {
		free(path);
		return rc;
	}
	root = json_loadb(data, len, 0, &jerr);
	free(data);
	if (!root || !json_is_object(root)) {
		json_decref(root);
		rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid revision record '%s': %s", path,
			jerr.text);
		free(path);
		return rc;
	}
	free(path);
	m->by = json_dup(root, "by");
	m->time = json_dup(root, "time");
	m->message = json_dup(root, "message");
	json_decref(root);
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

/* ---- building XML ---------------------------------------------------------- */

static bool has_id(const out_ctx *o, const char *id)
{
	size_t i;

	for (i = 0; i < o->nids; i++)
		if (!strcmp(o->ids[i], id))
			return true;
	return false;
}

static void remember_id(out_ctx *o, char *id)
{
	if (o->nids == o->capids) {
		size_t cap = o->capids ? o->capids * 2 : 256;
		char **p = realloc(o->ids, cap * sizeof(*p));

		if (!p) {
			free(id);
			o->oom = 1;
			return;
		}
		o->ids = p;
		o->capids = cap;
	}
	o->ids[o->nids++] = id;
}

static void collect_ids(out_ctx *o, xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlChar *id;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((id = xmlGetProp(n, BAD_CAST "eId")) != NULL) {
			char *copy = util_strdup((const char *)id);

			xmlFree(id);
			if (!copy)
				o->oom = 1;
			else
				remember_id(o, copy);
		}
		collect_ids(o, n->children);
	}
}

/* A new eId from base, unique in the document. Caller frees. */
static char *unique_id(out_ctx *o, const char *base)
{
	char *id = util_strdup(base);
	unsigned k = 2;

	while (id && has_id(o, id)) {
		free(id);
		id = util_sprintf("%s-%u", base, k++);
	}
	if (!id) {
		o->oom = 1;
		return NULL;
	}
	remember_id(o, util_strdup(id));
	return id;
}

static xmlNodePtr el(out_ctx *o, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(o->doc, o->ns, BAD_CAST name, NULL);

	if (!n || (parent && !xmlAddChild(parent, n))) {
		xmlFreeNode(n);
		o->oom = 1;
		return NULL;
	}
	return n;
}

static void attr(out_ctx *o, xmlNodePtr n, const char *name, const char *value)
{
	if (n && value && !xmlSetProp(n, BAD_CAST name, BAD_CAST value))
		o->oom = 1;
}

static void attrf(out_ctx *o, xmlNodePtr n, const char *name, const char *fmt, const char *arg)
{
	char *v = util_sprintf(fmt, arg);

	if (!v)
		o->oom = 1;
	attr(o, n, name, v);
	free(v);
}

static void text(out_ctx *o, xmlNodePtr parent, const char *s)
{
	xmlNodePtr t;

	if (!parent || !s)
		return;
	t = xmlNewDocText(o->doc, BAD_CAST s);
	if (!t || !xmlAddChild(parent, t)) {
		xmlFreeNode(t);
		o->oom = 1;
	}
}

static bool is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent ? parent->children : NULL; n; n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

static bool blank_text(xmlNodePtr n)
{
	const xmlChar *s;

	if (n->type != XML_TEXT_NODE)
		return false;
	for (s = n->content; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Drop the indentation the writer added, so that the document can be
 * indented again with our additions: blank text only in elements that
 * hold elements and no other text. */
static void unindent(xmlNodePtr n)
{
	xmlNodePtr c, next;
	bool elements = false, texts = false;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			elements = true;
		else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !blank_text(c))
			texts = true;
	}
	for (c = n->children; c; c = next) {
		next = c->next;
		if (elements && !texts && blank_text(c)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			unindent(c);
		}
	}
}

/* The schema's order of the children of <meta>. */
static int meta_rank(const char *name)
{
	static const char *const order[] = {
		"identification", "publication", "classification", "lifecycle", "workflow", "analysis",
		"temporalData", "references", "notes", "proprietary", "presentation", NULL
	};
	int i;

	for (i = 0; order[i]; i++)
		if (!strcmp(order[i], name))
			return i;
	return 100;
}

/* The meta child `name`, created at its place when absent. */
static xmlNodePtr meta_child(out_ctx *o, const char *name, const char *source)
{
	xmlNodePtr n = child(o->meta, name), c, made;
	int rank = meta_rank(name);

	if (n)
		return n;
	made = xmlNewDocNode(o->doc, o->ns, BAD_CAST name, NULL);
	if (!made) {
		o->oom = 1;
		return NULL;
	}
	for (c = o->meta->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && meta_rank((const char *)c->name) > rank)
			break;
	if (c ? !xmlAddPrevSibling(c, made) : !xmlAddChild(o->meta, made)) {
		xmlFreeNode(made);
		o->oom = 1;
		return NULL;
	}
	attr(o, made, "source", source);
	return made;
}

static xmlNodePtr find_eid(xmlNodePtr n, const char *eid)
{
	for (; n; n = n->next) {
		xmlChar *id;
		xmlNodePtr f;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		id = xmlGetProp(n, BAD_CAST "eId");
		if (id) {
			bool same = !strcmp((const char *)id, eid);

			xmlFree(id);
			if (same)
				return n;
		}
		if ((f = find_eid(n->children, eid)) != NULL)
			return f;
	}
	return NULL;
}

static void add_class(out_ctx *o, xmlNodePtr n, const char *cls)
{
	xmlChar *old = xmlGetProp(n, BAD_CAST "class");

	if (old) {
		char *v = util_sprintf("%s %s", (const char *)old, cls);

		xmlFree(old);
		if (!v)
			o->oom = 1;
		attr(o, n, "class", v);
		free(v);
	} else {
		attr(o, n, "class", cls);
	}
}

/* The paragraph where a changed provision's own text ends. */
static xmlNodePtr last_own_p(xmlNodePtr prov)
{
	xmlNodePtr box = child(prov, "content"), n, last = NULL;

	if (!box)
		box = child(prov, "intro");
	for (n = box ? box->children : NULL; n; n = n->next)
		if (is_el(n, "p"))
			last = n;
	return last;
}

/* ---- the words of the notes ----------------------------------------------------- */

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

static xmlNodePtr note_p(out_ctx *o, xmlNodePtr note, const char *cls)
{
	xmlNodePtr p = el(o, note, "p");

	attr(o, p, "class", cls);
	return p;
}

/* One note for one comment adopted into a provision. */
static void write_note(out_ctx *o, xmlNodePtr notes, xmlNodePtr prov, const char *vn,
	const dossier_consolidation_change *ch, const dossier_consolidation_source *s, bool last,
	unsigned marker)
{
	bool vie = o->lang == DOSSIER_LANG_VIE;
	char *id, *base = util_sprintf("note-%s", s->comment), mark[16];
	xmlNodePtr note, p, org, ref, where;

	if (!base) {
		o->oom = 1;
		return;
	}
	id = unique_id(o, base);
	free(base);
	if (!id)
		return;
	snprintf(mark, sizeof(mark), "%u", marker);
	note = el(o, notes, "note");
	attr(o, note, "eId", id);
	attr(o, note, "class", s->superseded ? "dossier-change dossier-superseded" : "dossier-change");
	attr(o, note, "marker", mark);
	attr(o, note, "placement", "side");
	attr(o, note, "placementBase", ch->eid);

	p = note_p(o, note, "dossier-comment");
	text(o, p, vie ? "Ý kiến " : "Comment ");
	text(o, el(o, p, "span"), s->comment);
	text(o, p, vie ? " của " : " by ");
	org = el(o, p, "organization");
	attrf(o, org, "refersTo", "#%s", s->author);
	text(o, org, s->author_name);
	/* Where the member commented: the citation in the revision commented on. */
	text(o, p, vie ? " về " : " on ");
	text(o, p, s->citation && *s->citation ? s->citation : ch->citation);
	if (s->revision) {
		text(o, p, vie ? " của dự thảo " : " of draft ");
		text(o, p, s->revision);
	}
	p = note_p(o, note, "dossier-disposition");
	text(o, p, disposition_words(s->disposition, o->lang));
	if (s->reason && *s->reason) {
		text(o, p, ": ");
		text(o, p, s->reason);
	}
	if (s->superseded) {
		p = note_p(o, note, "dossier-superseded");
		text(o, p, vie ? "Văn bản đề xuất, được thay thế bởi văn bản tiếp thu sau: " :
			"Text proposed, replaced by a later adoption: ");
		text(o, p, s->text);
	}
	if (last) {
		p = note_p(o, note, "dossier-old");
		text(o, p, vie ? "Văn bản của dự thảo " : "Text of draft ");
		text(o, p, vn);
		text(o, p, ": ");
		text(o, p, ch->old_text);
	}
	/* The mark in the provision's text. */
	where = last_own_p(prov);
	if (where) {
		ref = el(o, where, "noteRef");
		attrf(o, ref, "href", "#%s", id);
		attr(o, ref, "marker", mark);
		attr(o, ref, "class", "dossier-comment");
	}
	free(id);
}

/* ---- the metadata ----------------------------------------------------------- */

/* The date part of an ISO 8601 time ("2025-08-05T15:00:00+07:00"). */
static void date_of(char out[11], const char *iso)
{
	size_t n = strnlen(iso, 10);

	memcpy(out, iso, n);
	out[n] = '\0';
}

static void add_tlc(out_ctx *o, xmlNodePtr refs, const char *kind, const char *eid, const char *href_fmt,
	const char *href_arg, const char *show)
{
	xmlNodePtr n = el(o, refs, kind);

	attr(o, n, "eId", eid);
	attrf(o, n, "href", href_fmt, href_arg);
	attr(o, n, "showAs", show && *show ? show : eid);
}

typedef struct meta_in {
	dossier *d;
	const dossier_workflow *wf;
	const ds_state *state;
	const rev_meta *revs;        /* v1..vn */
	unsigned n;
	const dossier_consolidation_report *report;
	const char *source;          /* "#moc": who made the revision */
} meta_in;

/* An eId for a TLC: the wanted one, unless taken. Returned string is remembered. */
static char *tlc_id(out_ctx *o, const char *fmt, const char *arg)
{
	char *base = util_sprintf(fmt, arg), *id;

	if (!base) {
		o->oom = 1;
		return NULL;
	}
	id = unique_id(o, base);
	free(base);
	return id;
}

static void write_metadata(out_ctx *o, const meta_in *in)
{
	const dossier_workflow *wf = in->wf;
	bool vie = o->lang == DOSSIER_LANG_VIE;
	xmlNodePtr life, flow, refs, n, prop, cons, expr;
	char **role_ids = NULL, **stage_ids = NULL, **part_ids = NULL, date[11], vn[24];
	size_t i, k;

	snprintf(vn, sizeof(vn), "v%u", in->n);
	role_ids = calloc(wf->nroles + 1, sizeof(*role_ids));
	stage_ids = calloc(wf->nstages + 1, sizeof(*stage_ids));
	part_ids = calloc(wf->nparticipants + 1, sizeof(*part_ids));
	if (!role_ids || !stage_ids || !part_ids) {
		o->oom = 1;
		goto done;
	}
	/* Which revision this is. */
	expr = child(child(o->meta, "identification"), "FRBRExpression");
	if (expr) {
		xmlNodePtr before = NULL, v;

		for (n = expr->children; n; n = n->next)
			if (is_el(n, "FRBRauthoritative") || is_el(n, "FRBRmasterExpression") ||
			    is_el(n, "FRBRlanguage")) {
				before = n;
				break;
			}
		v = xmlNewDocNode(o->doc, o->ns, BAD_CAST "FRBRversionNumber", NULL);
		if (!v || (before ? !xmlAddPrevSibling(before, v) : !xmlAddChild(expr, v))) {
			xmlFreeNode(v);
			o->oom = 1;
		} else {
			attr(o, v, "value", vn);
		}
	}
	if (in->report->nchanges)
		attr(o, o->act, "contains", "singleVersion");

	/* References first, so that the ids are known. */
	refs = meta_child(o, "references", in->source);
	for (i = 0; i < wf->nparticipants; i++) {
		const dossier_participant *p = &wf->participants[i];

		if (!(part_ids[i] = tlc_id(o, "%s", p->id)))
			goto done;
		add_tlc(o, refs, "TLCOrganization", part_ids[i], "/akn/ontology/organization/vn/%s", p->id, p->name);
	}
	for (i = 0; i < wf->nroles; i++) {
		if (!(role_ids[i] = tlc_id(o, "role-%s", wf->roles[i].id)))
			goto done;
		add_tlc(o, refs, "TLCRole", role_ids[i], "/akn/ontology/role/vn/%s", wf->roles[i].id,
			wf->roles[i].title);
	}
	for (i = 0; i < wf->nstages; i++) {
		if (!(stage_ids[i] = tlc_id(o, "stage-%s", wf->stages[i].id)))
			goto done;
		add_tlc(o, refs, "TLCConcept", stage_ids[i], "/akn/ontology/concept/vn/stage-%s",
			wf->stages[i].id, wf->stages[i].title);
	}

	/* Every revision up to this one. */
	life = meta_child(o, "lifecycle", in->source);
	for (k = 1; k <= in->n; k++) {
		const rev_meta *m = &in->revs[k - 1];
		char vk[24], *ev, *show, *src;

		snprintf(vk, sizeof(vk), "v%zu", k);
		ev = tlc_id(o, "event-%s", vk);
		show = m->message && *m->message ?
			util_sprintf("%s %s: %s", vie ? "Dự thảo" : "Draft", vk, m->message) :
			util_sprintf("%s %s", vie ? "Dự thảo" : "Draft", vk);
		src = util_sprintf("#%s", m->by);
		if (!ev || !show || !src) {
			o->oom = 1;
			free(ev);
			free(show);
			free(src);
			goto done;
		}
		add_tlc(o, refs, "TLCEvent", ev, "/akn/ontology/event/vn/revision-%s", vk, show);
		n = el(o, life, "eventRef");
		{
			char *lid = tlc_id(o, "lifecycle-%s", vk);

			attr(o, n, "eId", lid);
			free(lid);
		}
		date_of(date, m->time);
		attr(o, n, "date", date);
		attr(o, n, "source", src);
		attr(o, n, "type", k == 1 ? "generation" : "amendment");
		attrf(o, n, "refersTo", "#%s", ev);
		if (k == in->n)
			attr(o, n, "originatingExpression", "true");
		free(ev);
		free(show);
		free(src);
	}

	/* Every stage entered. */
	flow = meta_child(o, "workflow", in->source);
	for (k = 0; k < in->state->nstages; k++) {
		const ds_stage_entry *e = &in->state->stages[k];
		const dossier_participant *p = dossier_workflow_participant(wf, e->by);
		const dossier_stage *st = dossier_workflow_stage(wf, e->stage);
		char when[40], num[24], *ev, *show, *sid;

		snprintf(num, sizeof(num), "%zu", k + 1);
		ev = tlc_id(o, "event-stage-%s", num);
		sid = tlc_id(o, "step-%s", num);
		show = util_sprintf("%s: %s", vie ? "Chuyển giai đoạn" : "Stage",
			st && st->title ? st->title : e->stage);
		if (!ev || !show || !sid) {
			o->oom = 1;
			free(ev);
			free(show);
			free(sid);
			goto done;
		}
		add_tlc(o, refs, "TLCEvent", ev, "/akn/ontology/event/vn/stage-%s", num, show);
		dossier_time_format(when, sizeof(when), &wf->calendar, e->entered);
		n = el(o, flow, "step");
		attr(o, n, "eId", sid);
		date_of(date, when);
		attr(o, n, "date", date);
		for (i = 0; i < wf->nparticipants; i++)
			if (p && &wf->participants[i] == p)
				attrf(o, n, "by", "#%s", part_ids[i]);
		if (!p)
			attrf(o, n, "by", "#%s", e->by);
		if (p)
			for (i = 0; i < wf->nroles; i++)
				if (!strcmp(wf->roles[i].id, p->role))
					attrf(o, n, "as", "#%s", role_ids[i]);
		for (i = 0; i < wf->nstages; i++)
			if (!strcmp(wf->stages[i].id, e->stage))
				attrf(o, n, "outcome", "#%s", stage_ids[i]);
		attrf(o, n, "refersTo", "#%s", ev);
		free(ev);
		free(show);
		free(sid);
	}

	/* Where the consolidation came from, and what it could not apply. */
	prop = meta_child(o, "proprietary", in->source);
	if (prop) {
		xmlNsPtr dns = xmlNewNs(prop, BAD_CAST DOSSIER_NS_URI, BAD_CAST "dossier");
		char count[24];

		if (!dns) {
			o->oom = 1;
			goto done;
		}
		cons = xmlNewChild(prop, dns, BAD_CAST "consolidation", NULL);
		if (!cons) {
			o->oom = 1;
			goto done;
		}
		attr(o, cons, "revision", vn);
		date_of(date, in->revs[in->n - 1].time);
		attr(o, cons, "date", date);
		attr(o, cons, "time", in->revs[in->n - 1].time);
		snprintf(count, sizeof(count), "%zu", in->report->nchanges);
		attr(o, cons, "changes", count);
		snprintf(count, sizeof(count), "%zu", in->report->nunapplied);
		attr(o, cons, "unapplied", count);
		for (i = 0; i < in->report->nunapplied; i++) {
			const dossier_consolidation_unapplied *u = &in->report->unapplied[i];
			static const char *const why[] = { "", "general", "no-text", "missing", "later", "same" };
			xmlNodePtr un = xmlNewChild(cons, dns, BAD_CAST "unapplied", NULL);

			if (!un) {
				o->oom = 1;
				goto done;
			}
			attr(o, un, "comment", u->source.comment);
			attr(o, un, "by", u->source.author);
			attr(o, un, "byName", u->source.author_name);
			attr(o, un, "on", u->source.on);
			attr(o, un, "revision", u->source.revision);
			attr(o, un, "disposition", dossier_disposition_name(u->source.disposition));
			attr(o, un, "reason", why[u->reason <= DOSSIER_UNAPPLIED_SAME ? u->reason : 0]);
			attr(o, un, "warning", dossier_consolidation_unapplied_is_warning(u) ? "true" : "false");
			if (u->source.text) {
				xmlNodePtr t = xmlNewChild(un, dns, BAD_CAST "text", NULL);

				if (!t)
					o->oom = 1;
				text(o, t, u->source.text);
			}
			{
				xmlNodePtr msg = xmlNewChild(un, dns, BAD_CAST "message", NULL);

				if (!msg)
					o->oom = 1;
				text(o, msg, u->message);
			}
		}
	}
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
}

static void write_changes(out_ctx *o, const dossier_consolidation_report *r, const char *vn,
	const char *source)
{
	xmlNodePtr notes = NULL, body = child(o->act, "body");
	unsigned marker = 0;
	size_t i, k;

	if (!r->nchanges)
		return;
	notes = meta_child(o, "notes", source);
	for (i = 0; i < r->nchanges && !o->oom; i++) {
		const dossier_consolidation_change *ch = &r->changes[i];
		xmlNodePtr prov = find_eid(body ? body->children : NULL, ch->eid);

		if (!prov)
			continue;
		add_class(o, prov, "dossier-changed");
		for (k = 0; k < ch->nsources; k++)
			write_note(o, notes, prov, vn, ch, &ch->sources[k], k + 1 == ch->nsources, ++marker);
	}
}

static int finish_xml(char **out, size_t *len, const char *xml, size_t xml_len, const meta_in *in,
	dossier_lang lang, dossier_error *err)
{
	out_ctx o;
	xmlNodePtr root;
	xmlChar *mem = NULL;
	int size = 0, rc = 0;
	char vn[24];
	size_t i;

	memset(&o, 0, sizeof(o));
	o.lang = lang;
	o.doc = xmlReadMemory(xml, (int)xml_len, "consolidated.xml", "UTF-8",
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = o.doc ? xmlDocGetRootElement(o.doc) : NULL;
	for (o.act = root ? root->children : NULL; o.act && o.act->type != XML_ELEMENT_NODE; o.act = o.act->next)
		;
	o.meta = child(o.act, "meta");
	if (!o.meta || !root->ns || strcmp((const char *)root->ns->href, AKN_NS_URI) != 0) {
		xmlFreeDoc(o.doc);
		return dossier_error_set(err, DOSSIER_EFAIL, "the akoma ntoso writer gave a document without <meta>");
	}
	o.ns = root->ns;
	unindent(root);
	collect_ids(&o, root);
	snprintf(vn, sizeof(vn), "v%u", in->n);
	write_metadata(&o, in);
	write_changes(&o, in->report, vn, in->source);
	if (!o.oom)
		xmlDocDumpFormatMemoryEnc(o.doc, &mem, &size, "UTF-8", 1);
	if (o.oom || !mem) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	} else if (!(*out = util_strndup((const char *)mem, (size_t)size))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	} else if (len) {
		*len = (size_t)size;
	}
	xmlFree(mem);
	xmlFreeDoc(o.doc);
	for (i = 0; i < o.nids; i++)
		free(o.ids[i]);
	free(o.ids);
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
	rev_meta *metas = NULL;
	char *xml = NULL, *source = NULL;
	size_t xml_len = 0, i;
	dossier_akn_options ao = DOSSIER_AKN_OPTIONS_INIT;
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
	    (rc = dossier_get_comments(&comments, d, NULL, err)) < 0)
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
	if ((rc = dossier_consolidate_document(&res, &r, doc, n, comments,
	    (const dossier_document *const *)revs, n, err)) < 0)
		goto done;
	for (k = 1; k <= n; k++)
		if ((rc = read_rev_meta(&metas[k - 1], tip, k, err)) < 0)
			goto done;
	if ((rc = dossier_akn_write(&xml, &xml_len, res, &ao, err)) < 0)
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
	if ((rc = finish_xml(out_xml, len, xml, xml_len, &in, res->lang, err)) < 0)
		goto done;
	if (report) {
		*report = r;
		r = NULL;
	}
done:
	free(source);
	free(xml);
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
