/*
 * akn_report.c: the synthesis report of comments as Akoma Ntoso 3.0 XML
 * (libxml2), <doc name="report">: AKN has no document type of its own for
 * a report on comments (debateReport is the record of a debate), and <doc>
 * is the generic type the standard offers for any other document.
 *
 * meta: FRBR identification under /akn/vn/doc/report/DATE/NAME (the
 * report's date and the dossier's title as an ASCII name); references: a
 * TLCOrganization per member and for the drafting agency, a TLCRole per
 * role, and TLCConcepts for the dispositions and the statuses, which the
 * body refers to. preface: the title, the draft's type and title, the
 * dossier, the latest revision and the date. mainBody: one
 * <hcontainer name="provision"> per group (the provision's eId, revision,
 * text and status in its intro) holding one <hcontainer name="comment"> per
 * comment (number, id, body, time, comment, proposal, disposition,
 * explanation), then <hcontainer name="totals"> with a table per member and
 * per disposition and the members without comments. Every field is a block
 * with a class naming it, so that a stylesheet or a program finds it.
 * docs/report.md shows an example.
 */
#include "dossier/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <utf8proc.h>

#include "akn_int.h"
#include "util.h"

#define REPORT_TITLE "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến"

typedef struct writer {
	xmlDocPtr doc;
	xmlNsPtr ns;
	int oom;
	int bad_utf8;
} writer;

static xmlNodePtr el(writer *w, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	if (!parent)
		return NULL;
	n = xmlNewChild(parent, w->ns, (const xmlChar *)name, NULL);
	if (!n)
		w->oom = 1;
	return n;
}

static void attr(writer *w, xmlNodePtr n, const char *name, const char *value)
{
	if (!n || !value)
		return;
	if (!xmlCheckUTF8((const xmlChar *)value)) {
		w->bad_utf8 = 1;
		return;
	}
	if (!xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value))
		w->oom = 1;
}

static void attrf(writer *w, xmlNodePtr n, const char *name, const char *fmt, const char *arg)
{
	char *v = dossier_sprintf(fmt, arg);

	if (!v)
		w->oom = 1;
	attr(w, n, name, v);
	free(v);
}

/* Text as one paragraph: line breaks and tabs become spaces, control
 * characters go (XML 1.0 cannot hold them). libxml2 escapes the rest. */
static void text(writer *w, xmlNodePtr parent, const char *s)
{
	char *norm;
	xmlNodePtr t;

	if (!parent || !s)
		return;
	if (!xmlCheckUTF8((const xmlChar *)s)) {
		w->bad_utf8 = 1;
		return;
	}
	norm = akn_norm_text(s, strlen(s));
	if (!norm) {
		w->oom = 1;
		return;
	}
	t = xmlNewDocText(w->doc, (const xmlChar *)norm);
	free(norm);
	if (!t || !xmlAddChild(parent, t))
		w->oom = 1;
}

static xmlNodePtr text_el(writer *w, xmlNodePtr parent, const char *name, const char *s)
{
	xmlNodePtr n = el(w, parent, name);

	text(w, n, s);
	return n;
}

static xmlNodePtr p_class(writer *w, xmlNodePtr parent, const char *cls, const char *s)
{
	xmlNodePtr p = text_el(w, parent, "p", s);

	attr(w, p, "class", cls);
	return p;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s > ' ')
			return false;
	return true;
}

/* Multi-line text as <blockContainer class="CLS"> with a <p> per line. */
static void lines(writer *w, xmlNodePtr parent, const char *cls, const char *s)
{
	xmlNodePtr box;
	const char *p, *nl;

	if (blank(s))
		return;
	box = el(w, parent, "blockContainer");
	attr(w, box, "class", cls);
	for (p = s; *p; p = nl + 1) {
		char *line;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		line = dossier_strndup(p, (size_t)(nl - p));
		if (!line) {
			w->oom = 1;
			return;
		}
		if (!blank(line))
			text_el(w, box, "p", line);
		free(line);
		if (!*nl)
			break;
	}
}

/* An AKN-safe identifier for a participant, role or concept: [A-Za-z0-9._-]
 * kept, anything else '-'. */
static char *tlc_id(const char *prefix, const char *id)
{
	char *s = dossier_sprintf("%s%s", prefix, id ? id : "");
	char *p;

	for (p = s; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			*p = '-';
	return s;
}

static void refers(writer *w, xmlNodePtr n, const char *prefix, const char *id)
{
	char *t = tlc_id(prefix, id);

	if (!t)
		w->oom = 1;
	else
		attrf(w, n, "refersTo", "#%s", t);
	free(t);
}

/* An ASCII name from UTF-8 text: marks stripped, đ -> d, lower case, runs
 * of anything else -> '-', at most 60 characters, cut at a '-'. */
static char *slug(const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	dstr out = DSTR_INIT;
	const unsigned char *p;
	int dash = 0;

	dstr_add(&out, "", 0);
	if (s && utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped, UTF8PROC_NULLTERM |
		UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0) {
		for (p = mapped; *p; p++) {
			if (p[0] == 0xC4 && (p[1] == 0x91 || p[1] == 0x90)) {
				dstr_addc(&out, 'd');
				p++;
				dash = 0;
			} else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
				dstr_addc(&out, (char)*p);
				dash = 0;
			} else if (!dash && out.len) {
				dstr_addc(&out, '-');
				dash = 1;
			}
		}
	}
	free(mapped);
	if (out.len > 60) {
		size_t cut = 60;

		while (cut > 20 && out.ptr[cut] != '-')
			cut--;
		out.ptr[cut] = '\0';
		out.len = cut;
	}
	while (out.len && out.ptr[out.len - 1] == '-')
		out.ptr[--out.len] = '\0';
	if (out.oom) {
		dstr_free(&out);
		return NULL;
	}
	return dstr_detach(&out);
}

/* "ngày 12 tháng 8 năm 2025" (days below 10 and months below 3 with a
 * leading zero, as Vietnamese administrative documents write them). */
static char *date_words(const char *iso)
{
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);

	return dossier_sprintf("ngày %s%d tháng %s%d năm %d", d < 10 ? "0" : "", d,
		m < 3 ? "0" : "", m, y);
}

/* ---- meta ----------------------------------------------------------------- */

static const char *author_id(const dossier_report *r)
{
	return r->drafter ? r->drafter : "drafting-agency";
}

static void frbr(writer *w, xmlNodePtr blk, const char *this_v, const char *uri,
	const dossier_report *r, const char *author)
{
	xmlNodePtr n;

	attr(w, el(w, blk, "FRBRthis"), "value", this_v);
	attr(w, el(w, blk, "FRBRuri"), "value", uri);
	n = el(w, blk, "FRBRdate");
	attr(w, n, "date", r->date);
	attr(w, n, "name", "report");
	attrf(w, el(w, blk, "FRBRauthor"), "href", "#%s", author);
}

static void tlc(writer *w, xmlNodePtr refs, const char *elname, const char *prefix,
	const char *kind, const char *id, const char *show)
{
	xmlNodePtr n = el(w, refs, elname);
	char *eid = tlc_id(prefix, id), *href;

	if (!eid) {
		w->oom = 1;
		return;
	}
	/* Concepts keep their prefix: a disposition and a status may share a name. */
	href = dossier_sprintf("/akn/ontology/%s/vn/%s", kind,
		strcmp(kind, "concept") ? eid + strlen(prefix) : eid);
	if (!href)
		w->oom = 1;
	attr(w, n, "eId", eid);
	attr(w, n, "href", href);
	attr(w, n, "showAs", show && *show ? show : id);
	free(eid);
	free(href);
}

static void write_meta(writer *w, xmlNodePtr docel, const dossier_report *r)
{
	xmlNodePtr meta = el(w, docel, "meta"), idn = el(w, meta, "identification"), blk, refs;
	char *name = slug(r->title && *r->title ? r->title : r->workflow);
	char *author = tlc_id("", author_id(r));
	char *work = NULL, *expr = NULL, *s = NULL;
	size_t i, d;

	if (!name || !author) {
		w->oom = 1;
		goto done;
	}
	work = dossier_sprintf("/akn/vn/doc/report/%s/%s", r->date, *name ? name : "dossier");
	expr = work ? dossier_sprintf("%s/vie@%s", work, r->date) : NULL;
	if (!expr) {
		w->oom = 1;
		goto done;
	}
	attrf(w, idn, "source", "#%s", author);

	blk = el(w, idn, "FRBRWork");
	s = dossier_sprintf("%s/!main", work);
	frbr(w, blk, s, work, r, author);
	free(s);
	attr(w, el(w, blk, "FRBRcountry"), "value", "vn");
	attr(w, el(w, blk, "FRBRname"), "value", "report");

	blk = el(w, idn, "FRBRExpression");
	s = dossier_sprintf("%s/!main", expr);
	frbr(w, blk, s, expr, r, author);
	free(s);
	attr(w, el(w, blk, "FRBRlanguage"), "language", "vie");

	blk = el(w, idn, "FRBRManifestation");
	s = dossier_sprintf("%s/!main.xml", expr);
	free(work);
	work = dossier_sprintf("%s.akn", expr);
	frbr(w, blk, s, work, r, author);
	free(s);

	refs = el(w, meta, "references");
	attrf(w, refs, "source", "#%s", author);
	tlc(w, refs, "TLCOrganization", "", "organization", author_id(r),
		r->drafter_name ? r->drafter_name : "Cơ quan chủ trì soạn thảo");
	for (i = 0; i < r->nmembers; i++)
		if (!r->drafter || strcmp(r->members[i].id, r->drafter))
			tlc(w, refs, "TLCOrganization", "", "organization", r->members[i].id,
				r->members[i].name);
	for (i = 0; i < r->nroles; i++)
		tlc(w, refs, "TLCRole", "role-", "role", r->role_ids[i], r->role_titles[i]);
	for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++)
		tlc(w, refs, "TLCConcept", "disposition-", "concept",
			dossier_report_disposition_name((dossier_disposition)d),
			dossier_disposition_label((dossier_disposition)d));
	for (d = 0; d < DOSSIER_REPORT__STATUS_COUNT; d++)
		tlc(w, refs, "TLCConcept", "status-", "concept",
			dossier_report_status_name((dossier_report_status)d),
			dossier_report_status_label((dossier_report_status)d));
done:
	free(name);
	free(author);
	free(work);
	free(expr);
}

/* ---- preface -------------------------------------------------------------- */

static void write_preface(writer *w, xmlNodePtr docel, const dossier_report *r)
{
	xmlNodePtr pre = el(w, docel, "preface"), p, n;
	char *words;

	p = el(w, pre, "p");
	attr(w, p, "class", "issuer");
	n = text_el(w, p, "organization", r->drafter_name ? r->drafter_name : "Cơ quan chủ trì soạn thảo");
	refers(w, n, "", author_id(r));
	text_el(w, el(w, el(w, pre, "longTitle"), "p"), "docTitle", REPORT_TITLE);
	if (!blank(r->draft_type))
		p_class(w, pre, "draftType", r->draft_type);
	if (!blank(r->draft_title))
		p_class(w, pre, "draftTitle", r->draft_title);
	if (!blank(r->title))
		p_class(w, pre, "dossierTitle", r->title);
	if (!blank(r->workflow))
		p_class(w, pre, "workflow", r->workflow);
	if (r->latest)
		p_class(w, pre, "latestRevision", r->latest);
	p = el(w, pre, "p");
	attr(w, p, "class", "date");
	words = date_words(r->date);
	if (!words)
		w->oom = 1;
	n = text_el(w, p, "docDate", words);
	attr(w, n, "date", r->date);
	free(words);
}

/* ---- body ----------------------------------------------------------------- */

static const char *group_name(dossier_report_group_kind k)
{
	switch (k) {
	case DOSSIER_REPORT_GROUP_GENERAL: return "general";
	case DOSSIER_REPORT_GROUP_NOT_FOUND: return "notFound";
	default: return "provision";
	}
}

static void date_el(writer *w, xmlNodePtr p, const char *iso)
{
	char day[11];
	xmlNodePtr n;

	snprintf(day, sizeof(day), "%.10s", iso);
	n = text_el(w, p, "date", iso);
	attr(w, n, "date", day);
}

static void write_comment(writer *w, xmlNodePtr parent, const dossier_report *r,
	const dossier_report_row *row, size_t k, const char *geid)
{
	const dossier_comment_record *c = row->comment;
	xmlNodePtr hc = el(w, parent, "hcontainer"), content, p, n;
	char buf[96];

	attr(w, hc, "name", "comment");
	snprintf(buf, sizeof(buf), "%s__hcontainer_%zu", geid, k);
	attr(w, hc, "eId", buf);
	snprintf(buf, sizeof(buf), "%zu", row->number);
	text_el(w, hc, "num", buf);
	content = el(w, hc, "content");
	p_class(w, content, "commentId", c->id);
	p = el(w, content, "p");
	attr(w, p, "class", "body");
	n = text_el(w, p, "organization", row->body);
	refers(w, n, "", c->author);
	p = el(w, content, "p");
	attr(w, p, "class", "time");
	date_el(w, p, row->time);
	lines(w, content, "comment", c->text);
	lines(w, content, "proposal", c->proposal);
	p = el(w, content, "p");
	attr(w, p, "class", "disposition");
	n = text_el(w, p, "inline", dossier_disposition_label(c->disposition));
	attr(w, n, "name", "disposition");
	refers(w, n, "disposition-", dossier_report_disposition_name(c->disposition));
	lines(w, content, "explanation", c->reason);
	lines(w, content, "adopted", c->adopted);
	if (c->disposition != DOSSIER_DISPOSITION_NONE) {
		p = el(w, content, "p");
		attr(w, p, "class", "responseTime");
		date_el(w, p, row->response_time);
	}
	(void)r;
}

static void write_group(writer *w, xmlNodePtr body, const dossier_report *r, size_t gi)
{
	const dossier_report_group *g = &r->groups[gi];
	xmlNodePtr hc = el(w, body, "hcontainer"), intro, p, n;
	char eid[40];
	size_t i;

	snprintf(eid, sizeof(eid), "hcontainer_%zu", gi + 1);
	attr(w, hc, "name", group_name(g->kind));
	attr(w, hc, "eId", eid);
	text_el(w, hc, "heading", g->citation);
	if (!blank(g->heading))
		text_el(w, hc, "subheading", g->heading);
	intro = el(w, hc, "intro");
	p_class(w, intro, "provisionId", g->eid);
	if (g->revision && *g->revision)
		p_class(w, intro, "revision", g->revision);
	lines(w, intro, "provisionText", g->text);
	p = el(w, intro, "p");
	attr(w, p, "class", "status");
	n = text_el(w, p, "inline", dossier_report_status_label(g->status));
	attr(w, n, "name", "status");
	refers(w, n, "status-", dossier_report_status_name(g->status));
	for (i = 0; i < g->n; i++)
		write_comment(w, hc, r, &r->rows[g->first + i], i + 1, eid);
}

static void cell(writer *w, xmlNodePtr tr, const char *kind, const char *cls, const char *s)
{
	xmlNodePtr c = el(w, tr, kind);

	attr(w, c, "class", cls);
	text_el(w, c, "p", s);
}

static void count_cell(writer *w, xmlNodePtr tr, const char *cls, size_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%zu", v);
	cell(w, tr, "td", cls, buf);
}

static void write_totals(writer *w, xmlNodePtr body, const dossier_report *r)
{
	xmlNodePtr hc = el(w, body, "hcontainer"), content, table, tr, c, n, box;
	char eid[40], *cls;
	size_t i, d;

	snprintf(eid, sizeof(eid), "hcontainer_%zu", r->ngroups + 1);
	attr(w, hc, "name", "totals");
	attr(w, hc, "eId", eid);
	text_el(w, hc, "heading", "Tổng hợp");
	content = el(w, hc, "content");

	/* Per member. */
	table = el(w, content, "table");
	attr(w, table, "eId", "table_1");
	attr(w, table, "class", "members");
	text(w, el(w, table, "caption"), "Theo cơ quan góp ý");
	tr = el(w, table, "tr");
	cell(w, tr, "th", "body", "Cơ quan");
	cell(w, tr, "th", "comments", "Số ý kiến");
	for (d = 1; d <= DOSSIER_REPORT_NDISPOSITIONS; d++) {
		dossier_disposition disp = (dossier_disposition)(d % DOSSIER_REPORT_NDISPOSITIONS);

		cls = tlc_id("", dossier_report_disposition_name(disp));
		cell(w, tr, "th", cls, dossier_disposition_label(disp));
		free(cls);
	}
	for (i = 0; i < r->nmembers; i++) {
		const dossier_report_member *m = &r->members[i];

		tr = el(w, table, "tr");
		if (!m->comments)
			attr(w, tr, "class", "silent");
		c = el(w, tr, "td");
		attr(w, c, "class", "body");
		n = text_el(w, el(w, c, "p"), "organization", m->name);
		refers(w, n, "", m->id);
		if (m->comments) {
			count_cell(w, tr, "comments", m->comments);
		} else {
			cell(w, tr, "td", "comments", "không có ý kiến");
		}
		for (d = 1; d <= DOSSIER_REPORT_NDISPOSITIONS; d++) {
			dossier_disposition disp = (dossier_disposition)(d % DOSSIER_REPORT_NDISPOSITIONS);

			cls = tlc_id("", dossier_report_disposition_name(disp));
			count_cell(w, tr, cls, m->by_disposition[disp]);
			free(cls);
		}
	}
	tr = el(w, table, "tr");
	attr(w, tr, "class", "total");
	cell(w, tr, "td", "body", "Tổng cộng");
	count_cell(w, tr, "comments", r->nrows);
	for (d = 1; d <= DOSSIER_REPORT_NDISPOSITIONS; d++) {
		dossier_disposition disp = (dossier_disposition)(d % DOSSIER_REPORT_NDISPOSITIONS);

		cls = tlc_id("", dossier_report_disposition_name(disp));
		count_cell(w, tr, cls, r->by_disposition[disp]);
		free(cls);
	}

	/* Per disposition. */
	table = el(w, content, "table");
	attr(w, table, "eId", "table_2");
	attr(w, table, "class", "dispositions");
	text(w, el(w, table, "caption"), "Theo kết quả tiếp thu");
	tr = el(w, table, "tr");
	cell(w, tr, "th", "disposition", "Kết quả");
	cell(w, tr, "th", "comments", "Số ý kiến");
	for (d = 1; d <= DOSSIER_REPORT_NDISPOSITIONS; d++) {
		dossier_disposition disp = (dossier_disposition)(d % DOSSIER_REPORT_NDISPOSITIONS);

		tr = el(w, table, "tr");
		cls = tlc_id("", dossier_report_disposition_name(disp));
		attr(w, tr, "class", cls);
		free(cls);
		c = el(w, tr, "td");
		attr(w, c, "class", "disposition");
		n = text_el(w, el(w, c, "p"), "inline", dossier_disposition_label(disp));
		attr(w, n, "name", "disposition");
		refers(w, n, "disposition-", dossier_report_disposition_name(disp));
		count_cell(w, tr, "comments", r->by_disposition[disp]);
	}
	tr = el(w, table, "tr");
	attr(w, tr, "class", "total");
	cell(w, tr, "td", "disposition", "Tổng cộng");
	count_cell(w, tr, "comments", r->nrows);

	/* Silence is recorded: every member who may comment and sent none. */
	if (r->silent) {
		box = el(w, content, "blockContainer");
		attr(w, box, "class", "silentMembers");
		p_class(w, box, "caption", "Các cơ quan không có ý kiến");
		for (i = 0; i < r->nmembers; i++) {
			const dossier_report_member *m = &r->members[i];
			xmlNodePtr p;

			if (m->comments || !m->may_comment)
				continue;
			p = el(w, box, "p");
			attr(w, p, "class", "silent");
			n = text_el(w, p, "organization", m->name);
			refers(w, n, "", m->id);
			text(w, p, ": không có ý kiến");
		}
	}
}

int dossier_report_akn(char **out, size_t *len, const dossier_report *r, dossier_error *err)
{
	writer w;
	xmlNodePtr root, docel, body;
	xmlChar *mem = NULL;
	int size = 0;
	size_t i;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&w, 0, sizeof(w));
	w.doc = xmlNewDoc((const xmlChar *)"1.0");
	root = w.doc ? xmlNewDocNode(w.doc, NULL, (const xmlChar *)"akomaNtoso", NULL) : NULL;
	if (!root) {
		xmlFreeDoc(w.doc);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	xmlDocSetRootElement(w.doc, root);
	w.ns = xmlNewNs(root, (const xmlChar *)AKN_NS, NULL);
	xmlSetNs(root, w.ns);
	docel = el(&w, root, "doc");
	attr(&w, docel, "name", "report");
	write_meta(&w, docel, r);
	write_preface(&w, docel, r);
	body = el(&w, docel, "mainBody");
	for (i = 0; i < r->ngroups; i++)
		write_group(&w, body, r, i);
	write_totals(&w, body, r);
	if (w.bad_utf8) {
		xmlFreeDoc(w.doc);
		return dossier_error_set(err, DOSSIER_EINVALID, "the report holds invalid UTF-8");
	}
	if (!w.oom)
		xmlDocDumpFormatMemoryEnc(w.doc, &mem, &size, "UTF-8", 1);
	xmlFreeDoc(w.doc);
	if (w.oom || !mem) {
		xmlFree(mem);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = dossier_strndup((const char *)mem, (size_t)size);
	xmlFree(mem);
	if (!*out)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if (len)
		*len = (size_t)size;
	return 0;
}
