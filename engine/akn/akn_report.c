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
 *
 * The XML is streamed into a growing buffer, not built as a tree: a report
 * of 100,000 comments is about 100 MB of XML, and a tree of it would take
 * ten times that. The writer below makes the bytes libxml2's text writer
 * made (it did until issue 18; its per-call bookkeeping, a list node and
 * a copy of the name per element, was a third of the report's time).
 */
#include "dossier/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlstring.h>

#include "akn/akn_int.h"
#include "base/util.h"
#include "text/text.h"

#define REPORT_TITLE "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến"

/* The writer: the bytes libxml2's text writer (xmlTextWriter, indent on,
 * two spaces) made for the same calls, written straight into one growing
 * buffer. Each element's name is a string literal of this file, kept on a
 * stack; its start tag stays open (state NAME) until an attribute-free
 * event closes it. The rules, as xmlwriter.c has them: a child's start
 * tag closes the parent's with ">\n", is indented by its depth and never
 * follows a newline of its own; text closes it with ">" alone and turns
 * the indent of the next end tag off; an empty element is "<name/>"; every
 * end tag is followed by "\n". Text escapes & < > " and CR (as
 * xmlEncodeSpecialChars), attribute values & < > " TAB LF CR (as
 * xmlBufAttrSerializeTxtContent in a document whose encoding is UTF-8). */
#define WRITER_DEPTH 32

enum { OPEN_NAME, OPEN_TEXT };

typedef struct writer {
	dstr buf;
	const char *names[WRITER_DEPTH];
	unsigned char state[WRITER_DEPTH];
	size_t depth;
	const char *ns;  /* the root's default namespace, declared when its start tag closes */
	int doindent;
	int fail;      /* an allocation failed, or the nesting is too deep */
	int bad_utf8;  /* a string of the report is not UTF-8 */
	dossier_sink_fn sink;  /* NULL: everything stays in buf */
	void *payload;
	int sink_rc;   /* the sink's failure */
} writer;

/* Hand what is written so far to the sink (when there is one). */
#define SINK_CHUNK ((size_t)1 << 16)

static void flush(writer *w)
{
	int rc;

	if (!w->sink || !w->buf.len || w->fail || w->bad_utf8)
		return;
	if ((rc = w->sink(w->buf.ptr, w->buf.len, w->payload)) < 0) {
		w->sink_rc = rc;
		w->fail = 1;
	}
	w->buf.len = 0;
}

static void put(writer *w, const char *s, size_t n)
{
	/* Most pieces are a few bytes and fit: no call for them. */
	if (w->buf.len + n < w->buf.cap) {
		memcpy(w->buf.ptr + w->buf.len, s, n);
		w->buf.len += n;
		w->buf.ptr[w->buf.len] = '\0';
		return;
	}
	if (dstr_add(&w->buf, s, n) < 0 || w->buf.oom)
		w->fail = 1;
}

#define PUTS(w, lit) put((w), (lit), sizeof(lit) - 1)

/* s escaped: text (attr false) or an attribute value (attr true). */
static void put_escaped(writer *w, const char *s, size_t n, bool in_attr)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e;
		size_t elen;

		switch (s[i]) {
		case '&': e = "&amp;"; elen = 5; break;
		case '<': e = "&lt;"; elen = 4; break;
		case '>': e = "&gt;"; elen = 4; break;
		case '"': e = "&quot;"; elen = 6; break;
		case '\r': e = "&#13;"; elen = 5; break;
		case '\n':
			if (!in_attr)
				continue;
			e = "&#10;";
			elen = 5;
			break;
		case '\t':
			if (!in_attr)
				continue;
			e = "&#9;";
			elen = 4;
			break;
		default:
			continue;
		}
		put(w, s + run, i - run);
		put(w, e, elen);
		run = i + 1;
	}
	put(w, s + run, n - run);
}

static void indent(writer *w)
{
	size_t i;

	for (i = 1; i < w->depth; i++)
		PUTS(w, "  ");
}

/* Close the open start tag, if any: the namespace declaration first. */
static void close_start(writer *w)
{
	if (!w->depth || w->state[w->depth - 1] != OPEN_NAME)
		return;
	if (w->depth == 1 && w->ns) {
		PUTS(w, " xmlns=\"");
		put_escaped(w, w->ns, strlen(w->ns), true);
		PUTS(w, "\"");
	}
	w->state[w->depth - 1] = OPEN_TEXT;
}

static void start(writer *w, const char *name)
{
	if (w->depth && w->state[w->depth - 1] == OPEN_NAME) {
		close_start(w);
		PUTS(w, ">\n");
	}
	if (w->depth == WRITER_DEPTH) {
		w->fail = 1;
		return;
	}
	w->names[w->depth] = name;
	w->state[w->depth++] = OPEN_NAME;
	indent(w);
	PUTS(w, "<");
	put(w, name, strlen(name));
}

static void end(writer *w)
{
	const char *name;

	if (!w->depth) {
		w->fail = 1;
		return;
	}
	name = w->names[w->depth - 1];
	if (w->state[w->depth - 1] == OPEN_NAME) {
		close_start(w);
		PUTS(w, "/>");
	} else {
		if (w->doindent)
			indent(w);
		PUTS(w, "</");
		put(w, name, strlen(name));
		PUTS(w, ">");
	}
	w->doindent = 1;
	PUTS(w, "\n");
	w->depth--;
	if (w->buf.len >= SINK_CHUNK)
		flush(w);
}

static void attr(writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	if (!xmlCheckUTF8((const xmlChar *)value)) {
		w->bad_utf8 = 1;
		return;
	}
	if (!w->depth || w->state[w->depth - 1] != OPEN_NAME) {
		w->fail = 1;
		return;
	}
	PUTS(w, " ");
	put(w, name, strlen(name));
	PUTS(w, "=\"");
	put_escaped(w, value, strlen(value), true);
	PUTS(w, "\"");
}

/* Text inside the current element (escaped): closes its start tag. */
static void write_text(writer *w, const char *s, size_t n)
{
	if (w->depth && w->state[w->depth - 1] == OPEN_NAME) {
		close_start(w);
		PUTS(w, ">");
	}
	w->doindent = 0;
	put_escaped(w, s, n, false);
}

static void attrf(writer *w, const char *name, const char *fmt, const char *arg)
{
	char *v = util_sprintf(fmt, arg);

	if (!v)
		w->fail = 1;
	attr(w, name, v);
	free(v);
}

/* n bytes of text known to be UTF-8, as one paragraph. */
static void text_n(writer *w, const char *s, size_t n)
{
	char *norm = akn_norm_text(s, n);

	if (!norm) {
		w->fail = 1;
		return;
	}
	write_text(w, norm, strlen(norm));
	free(norm);
}

/* Text as one paragraph: line breaks and tabs become spaces, control
 * characters go (XML 1.0 cannot hold them). The writer escapes the rest. */
static void text(writer *w, const char *s)
{
	if (!s)
		return;
	if (!xmlCheckUTF8((const xmlChar *)s)) {
		w->bad_utf8 = 1;
		return;
	}
	text_n(w, s, strlen(s));
}

static void text_el(writer *w, const char *name, const char *s)
{
	start(w, name);
	text(w, s);
	end(w);
}

/* <NAME ATTR="VALUE">TEXT</NAME> */
static void text_el_attr(writer *w, const char *name, const char *aname, const char *avalue,
	const char *s)
{
	start(w, name);
	attr(w, aname, avalue);
	text(w, s);
	end(w);
}

static void p_class(writer *w, const char *cls, const char *s)
{
	text_el_attr(w, "p", "class", cls, s);
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s > ' ')
			return false;
	return true;
}

static bool blank_n(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] > ' ')
			return false;
	return true;
}

/* Multi-line text as <blockContainer class="CLS"> with a <p> per line. */
static void lines(writer *w, const char *cls, const char *s)
{
	const char *p, *nl;

	if (blank(s))
		return;
	start(w, "blockContainer");
	attr(w, "class", cls);
	/* Checked whole: a line break is ASCII, so each line is UTF-8 when s is. */
	if (!xmlCheckUTF8((const xmlChar *)s))
		w->bad_utf8 = 1;
	for (p = s; *p && !w->bad_utf8; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (!blank_n(p, (size_t)(nl - p))) {
			start(w, "p");
			text_n(w, p, (size_t)(nl - p));
			end(w);
		}
		if (!*nl)
			break;
	}
	end(w);
}

/* An AKN-safe identifier for a participant, role or concept: [A-Za-z0-9._-]
 * kept, anything else '-'. */
static char *tlc_id(const char *prefix, const char *id)
{
	char *s = util_sprintf("%s%s", prefix, id ? id : "");
	char *p;

	for (p = s; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			*p = '-';
	return s;
}

/* refersTo="#" and tlc_id(prefix, id), written straight: only
 * [A-Za-z0-9._-] remain, nothing to escape. */
static void refers(writer *w, const char *prefix, const char *id)
{
	const char *p;

	if (!w->depth || w->state[w->depth - 1] != OPEN_NAME) {
		w->fail = 1;
		return;
	}
	PUTS(w, " refersTo=\"#");
	put(w, prefix, strlen(prefix));
	for (p = id ? id : ""; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			c = '-';
		put(w, &c, 1);
	}
	PUTS(w, "\"");
}

/* <NAME refersTo="#PREFIXID">TEXT</NAME> (plus name="INAME" for <inline>) */
static void ref_el(writer *w, const char *name, const char *iname, const char *prefix,
	const char *id, const char *s)
{
	start(w, name);
	if (iname)
		attr(w, "name", iname);
	refers(w, prefix, id);
	text(w, s);
	end(w);
}

/* ---- meta ----------------------------------------------------------------- */

static const char *author_id(const dossier_report *r)
{
	return r->drafter ? r->drafter : "drafting-agency";
}

static void frbr(writer *w, const char *this_v, const char *uri, const dossier_report *r,
	const char *author)
{
	start(w, "FRBRthis");
	attr(w, "value", this_v);
	end(w);
	start(w, "FRBRuri");
	attr(w, "value", uri);
	end(w);
	start(w, "FRBRdate");
	attr(w, "date", r->date);
	attr(w, "name", "report");
	end(w);
	start(w, "FRBRauthor");
	attrf(w, "href", "#%s", author);
	end(w);
}

static void empty_el(writer *w, const char *name, const char *aname, const char *avalue)
{
	start(w, name);
	attr(w, aname, avalue);
	end(w);
}

static void tlc(writer *w, const char *elname, const char *prefix, const char *kind,
	const char *id, const char *show)
{
	char *eid = tlc_id(prefix, id), *href;

	if (!eid) {
		w->fail = 1;
		return;
	}
	/* Concepts keep their prefix: a disposition and a status may share a name. */
	href = util_sprintf("/akn/ontology/%s/vn/%s", kind,
		strcmp(kind, "concept") ? eid + strlen(prefix) : eid);
	if (!href)
		w->fail = 1;
	start(w, elname);
	attr(w, "eId", eid);
	attr(w, "href", href);
	attr(w, "showAs", show && *show ? show : id);
	end(w);
	free(eid);
	free(href);
}

static void write_meta(writer *w, const dossier_report *r)
{
	char *name = text_slug(r->title && *r->title ? r->title : r->workflow, 60);
	char *author = tlc_id("", author_id(r));
	char *work = NULL, *expr = NULL, *s1 = NULL, *s2 = NULL;
	size_t i, d;

	if (!name || !author) {
		w->fail = 1;
		goto done;
	}
	work = util_sprintf("/akn/vn/doc/report/%s/%s", r->date, *name ? name : "dossier");
	expr = work ? util_sprintf("%s/vie@%s", work, r->date) : NULL;
	if (!expr) {
		w->fail = 1;
		goto done;
	}
	start(w, "meta");
	start(w, "identification");
	attrf(w, "source", "#%s", author);

	start(w, "FRBRWork");
	s1 = util_sprintf("%s/!main", work);
	frbr(w, s1, work, r, author);
	empty_el(w, "FRBRcountry", "value", "vn");
	empty_el(w, "FRBRname", "value", "report");
	end(w);
	free(s1);

	start(w, "FRBRExpression");
	s1 = util_sprintf("%s/!main", expr);
	frbr(w, s1, expr, r, author);
	empty_el(w, "FRBRlanguage", "language", "vie");
	end(w);
	free(s1);

	start(w, "FRBRManifestation");
	s1 = util_sprintf("%s/!main.xml", expr);
	s2 = util_sprintf("%s.akn", expr);
	frbr(w, s1, s2, r, author);
	end(w);
	end(w); /* identification */

	start(w, "references");
	attrf(w, "source", "#%s", author);
	tlc(w, "TLCOrganization", "", "organization", author_id(r),
		r->drafter_name ? r->drafter_name : "Cơ quan chủ trì soạn thảo");
	for (i = 0; i < r->nmembers; i++)
		if (!r->drafter || strcmp(r->members[i].id, r->drafter))
			tlc(w, "TLCOrganization", "", "organization", r->members[i].id, r->members[i].name);
	for (i = 0; i < r->nroles; i++)
		tlc(w, "TLCRole", "role-", "role", r->role_ids[i], r->role_titles[i]);
	for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++)
		tlc(w, "TLCConcept", "disposition-", "concept",
			dossier_report_disposition_name((dossier_disposition)d),
			dossier_disposition_label((dossier_disposition)d));
	for (d = 0; d < DOSSIER_REPORT__STATUS_COUNT; d++)
		tlc(w, "TLCConcept", "status-", "concept",
			dossier_report_status_name((dossier_report_status)d),
			dossier_report_status_label((dossier_report_status)d));
	end(w); /* references */
	end(w); /* meta */
done:
	free(s1);
	free(s2);
	free(name);
	free(author);
	free(work);
	free(expr);
}

/* ---- preface -------------------------------------------------------------- */

/* The signature block, as the decree has one: recipients, then the
 * signer's capacity and a blank for the signature and the name. */
static void write_conclusions(writer *w, const dossier_report *r)
{
	start(w, "conclusions");
	start(w, "blockContainer");
	attr(w, "class", "recipients");
	p_class(w, "heading", "Nơi nhận:");
	p_class(w, "recipient", "- Như trên;");
	p_class(w, "recipient", "- Lưu: VT.");
	end(w);
	start(w, "blockContainer");
	attr(w, "class", "signature");
	p_class(w, "capacity", "THỦ TRƯỞNG CƠ QUAN");
	p_class(w, "agency", r->drafter_name ? r->drafter_name : "Cơ quan chủ trì soạn thảo");
	p_class(w, "sign", "(Ký, ghi rõ họ tên và đóng dấu)");
	p_class(w, "signer", "……………………");
	end(w);
	end(w); /* conclusions */
}

static void write_preface(writer *w, const dossier_report *r)
{
	char *words = akn_date_words(r->date, DOSSIER_LANG_VIE);

	if (!words)
		w->fail = 1;
	start(w, "preface");
	/* The official header of an administrative document (Nghị định
	 * 30/2020/NĐ-CP, Phụ lục I): Quốc hiệu and Tiêu ngữ, the issuing
	 * agency, số and ký hiệu left blank to fill, place (blank) and date. */
	p_class(w, "republic", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	p_class(w, "motto", "Độc lập - Tự do - Hạnh phúc");
	start(w, "p");
	attr(w, "class", "issuer");
	ref_el(w, "organization", NULL, "", author_id(r),
		r->drafter_name ? r->drafter_name : "Cơ quan chủ trì soạn thảo");
	end(w);
	p_class(w, "docNumber", "Số: ……/BC-……");
	{
		char *place = util_sprintf("……, %s", words ? words : "");

		if (!place)
			w->fail = 1;
		else
			p_class(w, "placeAndDate", place);
		free(place);
	}
	start(w, "longTitle");
	start(w, "p");
	text_el(w, "docTitle", REPORT_TITLE);
	end(w);
	end(w);
	if (!blank(r->draft_type))
		p_class(w, "draftType", r->draft_type);
	if (!blank(r->draft_title))
		p_class(w, "draftTitle", r->draft_title);
	if (!blank(r->title))
		p_class(w, "dossierTitle", r->title);
	if (!blank(r->workflow))
		p_class(w, "workflow", r->workflow);
	if (r->latest)
		p_class(w, "latestRevision", r->latest);
	start(w, "p");
	attr(w, "class", "date");
	text_el_attr(w, "docDate", "date", r->date, words);
	end(w);
	end(w); /* preface */
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

/* <p class="CLS"><date date="YYYY-MM-DD">ISO</date></p> */
static void date_p(writer *w, const char *cls, const char *iso)
{
	char day[11];
	size_t n = strnlen(iso, 10);

	memcpy(day, iso, n);
	day[n] = '\0';
	start(w, "p");
	attr(w, "class", cls);
	text_el_attr(w, "date", "date", day, iso);
	end(w);
}

static void write_comment(writer *w, const dossier_report_row *row, size_t k, const char *geid)
{
	const dossier_comment_record *c = row->comment;
	char buf[96];

	start(w, "hcontainer");
	attr(w, "name", "comment");
	snprintf(buf, sizeof(buf), "%s__hcontainer_%zu", geid, k);
	attr(w, "eId", buf);
	snprintf(buf, sizeof(buf), "%zu", row->number);
	text_el(w, "num", buf);
	start(w, "content");
	p_class(w, "commentId", c->id);
	start(w, "p");
	attr(w, "class", "body");
	ref_el(w, "organization", NULL, "", row->member ? row->member : c->author, row->body);
	end(w);
	date_p(w, "time", row->time);
	lines(w, "comment", c->text);
	lines(w, "proposal", c->proposal);
	start(w, "p");
	attr(w, "class", "disposition");
	ref_el(w, "inline", "disposition", "disposition-", dossier_report_disposition_name(c->disposition),
		dossier_disposition_label(c->disposition));
	end(w);
	lines(w, "explanation", c->reason);
	lines(w, "adopted", c->adopted);
	lines(w, "takenOtherwise", c->taken_otherwise);
	if (row->untaken)
		p_class(w, "untaken", "Đã tiếp thu nhưng chưa chỉnh sửa");
	if (c->disposition != DOSSIER_DISPOSITION_NONE)
		date_p(w, "responseTime", row->response_time);
	end(w); /* content */
	end(w); /* hcontainer */
}

static void write_group(writer *w, const dossier_report *r, size_t gi)
{
	const dossier_report_group *g = &r->groups[gi];
	char eid[40];
	size_t i;

	snprintf(eid, sizeof(eid), "hcontainer_%zu", gi + 1);
	start(w, "hcontainer");
	attr(w, "name", group_name(g->kind));
	attr(w, "eId", eid);
	text_el(w, "heading", g->citation);
	if (!blank(g->heading))
		text_el(w, "subheading", g->heading);
	start(w, "intro");
	p_class(w, "provisionId", g->eid);
	if (g->revision && *g->revision)
		p_class(w, "revision", g->revision);
	lines(w, "provisionText", g->text);
	start(w, "p");
	attr(w, "class", "status");
	ref_el(w, "inline", "status", "status-", dossier_report_status_name(g->status),
		dossier_report_status_label(g->status));
	end(w);
	/* Where it stands in the latest revision, renumbering followed. */
	if (g->now_citation) {
		p_class(w, "nowCitation", g->now_citation);
		p_class(w, "nowId", g->now_eid);
	}
	end(w); /* intro */
	for (i = 0; i < g->n; i++)
		write_comment(w, &r->rows[g->first + i], i + 1, eid);
	end(w); /* hcontainer */
}

static void cell(writer *w, const char *kind, const char *cls, const char *s)
{
	start(w, kind);
	attr(w, "class", cls);
	text_el(w, "p", s);
	end(w);
}

static void count_cell(writer *w, const char *cls, size_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%zu", v);
	cell(w, "td", cls, buf);
}

/* The dispositions in the order the tables show them: accepted, partial,
 * rejected, noted, then unanswered. */
static dossier_disposition column(size_t i)
{
	return (dossier_disposition)((i + 1) % DOSSIER_REPORT_NDISPOSITIONS);
}

static void write_totals(writer *w, const dossier_report *r)
{
	char eid[40];
	size_t i, d;

	snprintf(eid, sizeof(eid), "hcontainer_%zu", r->ngroups + 1);
	start(w, "hcontainer");
	attr(w, "name", "totals");
	attr(w, "eId", eid);
	text_el(w, "heading", "Tổng hợp");
	start(w, "content");

	/* Per member. */
	start(w, "table");
	attr(w, "eId", "table_1");
	attr(w, "class", "members");
	text_el(w, "caption", "Theo cơ quan góp ý");
	start(w, "tr");
	cell(w, "th", "body", "Cơ quan");
	cell(w, "th", "comments", "Số ý kiến");
	for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++)
		cell(w, "th", dossier_report_disposition_name(column(d)), dossier_disposition_label(column(d)));
	end(w);
	for (i = 0; i < r->nmembers; i++) {
		const dossier_report_member *m = &r->members[i];

		start(w, "tr");
		if (!m->comments)
			attr(w, "class", "silent");
		start(w, "td");
		attr(w, "class", "body");
		start(w, "p");
		ref_el(w, "organization", NULL, "", m->id, m->name);
		end(w);
		end(w);
		if (m->comments)
			count_cell(w, "comments", m->comments);
		else
			cell(w, "td", "comments", "không có ý kiến");
		for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++)
			count_cell(w, dossier_report_disposition_name(column(d)), m->by_disposition[column(d)]);
		end(w);
	}
	start(w, "tr");
	attr(w, "class", "total");
	cell(w, "td", "body", "Tổng cộng");
	count_cell(w, "comments", r->nrows);
	for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++)
		count_cell(w, dossier_report_disposition_name(column(d)), r->by_disposition[column(d)]);
	end(w);
	end(w); /* table */

	/* Per disposition. */
	start(w, "table");
	attr(w, "eId", "table_2");
	attr(w, "class", "dispositions");
	text_el(w, "caption", "Theo kết quả tiếp thu");
	start(w, "tr");
	cell(w, "th", "disposition", "Kết quả");
	cell(w, "th", "comments", "Số ý kiến");
	end(w);
	for (d = 0; d < DOSSIER_REPORT_NDISPOSITIONS; d++) {
		const char *name = dossier_report_disposition_name(column(d));

		start(w, "tr");
		attr(w, "class", name);
		start(w, "td");
		attr(w, "class", "disposition");
		start(w, "p");
		ref_el(w, "inline", "disposition", "disposition-", name, dossier_disposition_label(column(d)));
		end(w);
		end(w);
		count_cell(w, "comments", r->by_disposition[column(d)]);
		end(w);
	}
	start(w, "tr");
	attr(w, "class", "total");
	cell(w, "td", "disposition", "Tổng cộng");
	count_cell(w, "comments", r->nrows);
	end(w);
	end(w); /* table */

	/* Silence is recorded: every member who may comment and sent none. */
	if (r->silent) {
		start(w, "blockContainer");
		attr(w, "class", "silentMembers");
		p_class(w, "caption", "Các cơ quan không có ý kiến");
		for (i = 0; i < r->nmembers; i++) {
			const dossier_report_member *m = &r->members[i];

			if (m->comments || !m->may_comment)
				continue;
			start(w, "p");
			attr(w, "class", "silent");
			ref_el(w, "organization", NULL, "", m->id, m->name);
			end(w);
		}
		end(w);
	}
	end(w); /* content */
	end(w); /* hcontainer */
}

/* The whole report through w: into its buffer, or through its sink. */
static int write_report(writer *w, const dossier_report *r, dossier_error *err)
{
	size_t i;

	w->doindent = 1;
	PUTS(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	w->ns = AKN_NS;
	start(w, "akomaNtoso");
	start(w, "doc");
	attr(w, "name", "report");
	write_meta(w, r);
	write_preface(w, r);
	start(w, "mainBody");
	for (i = 0; i < r->ngroups && !w->fail; i++)
		write_group(w, r, i);
	write_totals(w, r);
	end(w); /* mainBody */
	write_conclusions(w, r);
	end(w); /* doc */
	while (w->depth && !w->fail)
		end(w);
	flush(w);
	if (w->bad_utf8)
		return dossier_error_set(err, DOSSIER_EINVALID, "the report holds invalid UTF-8");
	if (w->sink_rc)
		return dossier_error_set(err, w->sink_rc, "cannot write the report");
	if (w->fail || w->buf.oom)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

int dossier_report_akn(char **out, size_t *len, const dossier_report *r, dossier_error *err)
{
	writer w;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&w, 0, sizeof(w));
	if ((rc = write_report(&w, r, err)) < 0 || !w.buf.len) {
		dstr_free(&w.buf);
		return rc < 0 ? rc : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (len)
		*len = w.buf.len;
	*out = dstr_detach(&w.buf);
	return 0;
}

int dossier_report_akn_write(const dossier_report *r, dossier_sink_fn sink, void *payload,
	dossier_error *err)
{
	writer w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.sink = sink;
	w.payload = payload;
	rc = write_report(&w, r, err);
	dstr_free(&w.buf);
	return rc;
}
