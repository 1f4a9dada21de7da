/*
 * report.c: the data of the synthesis report of comments, built from its
 * parts (the workflow, the comments with their responses, the revisions'
 * documents): the rows grouped by provision in document order, the status of
 * each provision in the latest revision, and the totals per member and per
 * disposition, silent members included. Pure: no I/O. report_dossier.c reads
 * the parts from a dossier; akn_report.c and csv.c write the result.
 *
 * Cost: each revision commented on is walked once into an array of its
 * provisions sorted by eId; every comment is then one binary search, and the
 * text of a provision is taken once per group. Sorting the comments is
 * O(n log n); nothing walks a document per comment.
 */
#include "dossier/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/input.h"
#include "base/util.h"

/* ---- names and labels ---------------------------------------------------- */

static const char *const status_names[] = {
	"unchanged", "changed", "deleted", "general", "not-found",
};
static const char *const status_labels[] = {
	"Giữ nguyên", "Đã sửa đổi", "Đã bỏ", "Không áp dụng", "Không tìm thấy",
};
static const char *const disposition_labels[] = {
	"Chưa trả lời", "Tiếp thu", "Tiếp thu một phần", "Không tiếp thu (giải trình)", "Ghi nhận",
};

const char *dossier_report_status_name(dossier_report_status s)
{
	return (unsigned)s < DOSSIER_REPORT__STATUS_COUNT ? status_names[s] : NULL;
}

const char *dossier_report_status_label(dossier_report_status s)
{
	return (unsigned)s < DOSSIER_REPORT__STATUS_COUNT ? status_labels[s] : NULL;
}

const char *dossier_disposition_label(dossier_disposition d)
{
	return (unsigned)d < DOSSIER_REPORT_NDISPOSITIONS ? disposition_labels[d] : NULL;
}

const char *dossier_report_disposition_name(dossier_disposition d)
{
	if (d == DOSSIER_DISPOSITION_NONE)
		return "unanswered";
	return dossier_disposition_name(d);
}

#define GENERAL_CITATION "Góp ý chung"
#define PUBLIC_NAME "Tổ chức, cá nhân khác (lấy ý kiến rộng rãi)"

/* ---- freeing ------------------------------------------------------------- */

void dossier_report_free(dossier_report *r)
{
	size_t i;

	if (!r)
		return;
	free(r->title);
	free(r->draft_type);
	free(r->draft_title);
	free(r->workflow);
	free(r->latest);
	free(r->date);
	free(r->drafter);
	free(r->drafter_name);
	for (i = 0; i < r->ngroups; i++) {
		free(r->groups[i].eid);
		free(r->groups[i].revision);
		free(r->groups[i].citation);
		free(r->groups[i].heading);
		free(r->groups[i].text);
		free(r->groups[i].now_eid);
		free(r->groups[i].now_citation);
	}
	free(r->groups);
	free(r->rows);
	for (i = 0; i < r->nmembers; i++) {
		free(r->members[i].id);
		free(r->members[i].name);
		free(r->members[i].role);
	}
	free(r->members);
	for (i = 0; i < r->nroles; i++) {
		free(r->role_ids[i]);
		free(r->role_titles[i]);
	}
	free(r->role_ids);
	free(r->role_titles);
	dossier_comment_list_free(r->owned);
	free(r);
}

/* ---- an index of one revision's provisions by eId ------------------------- */

typedef struct prov {
	const char *eid;
	size_t pos;              /* document order */
	const dossier_node *node;
} prov;

typedef struct prov_index {
	prov *items;
	size_t n, cap;
	int oom;
} prov_index;

static int index_visit(const dossier_node *node, void *payload)
{
	prov_index *ix = payload;

	if (node->kind == DOSSIER_NODE_BODY || !node->eid || !*node->eid)
		return 0;
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64;
		prov *p = realloc(ix->items, cap * sizeof(*p));

		if (!p) {
			ix->oom = 1;
			return 1;
		}
		ix->items = p;
		ix->cap = cap;
	}
	ix->items[ix->n].eid = node->eid;
	ix->items[ix->n].pos = ix->n;
	ix->items[ix->n].node = node;
	ix->n++;
	return 0;
}

static int prov_cmp(const void *a, const void *b)
{
	return strcmp(((const prov *)a)->eid, ((const prov *)b)->eid);
}

static int index_build(prov_index *ix, const dossier_document *doc)
{
	memset(ix, 0, sizeof(*ix));
	dossier_document_walk(doc, index_visit, ix);
	if (ix->oom)
		return -1;
	qsort(ix->items, ix->n, sizeof(*ix->items), prov_cmp);
	return 0;
}

static const prov *index_find(const prov_index *ix, const char *eid)
{
	prov key;

	if (!ix->items)
		return NULL;
	key.eid = eid;
	return bsearch(&key, ix->items, ix->n, sizeof(*ix->items), prov_cmp);
}

/* ---- sorting the comments ------------------------------------------------ */

typedef struct keyed {
	const dossier_comment_record *c;
	int kind;                 /* dossier_report_group_kind, in the report's order */
	unsigned rev;             /* 1-based; 0 when not a valid revision */
	size_t pos;               /* the provision's place in its revision */
	const dossier_node *node;
} keyed;

/* The group order: provisions (by revision, then document order), general,
 * then not found (by eId, then revision). Within a group: time, then id. */
static int keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == DOSSIER_REPORT_GROUP_PROVISION) {
		if (x->rev != y->rev)
			return x->rev < y->rev ? -1 : 1;
		if (x->pos != y->pos)
			return x->pos < y->pos ? -1 : 1;
	} else if (x->kind == DOSSIER_REPORT_GROUP_NOT_FOUND) {
		if ((c = strcmp(x->c->on ? x->c->on : "", y->c->on ? y->c->on : "")) != 0)
			return c;
		if (x->rev != y->rev)
			return x->rev < y->rev ? -1 : 1;
	}
	if (x->c->time != y->c->time)
		return x->c->time < y->c->time ? -1 : 1;
	return strcmp(x->c->id, y->c->id);
}

static bool same_group(const keyed *x, const keyed *y)
{
	if (x->kind != y->kind)
		return false;
	if (x->kind == DOSSIER_REPORT_GROUP_GENERAL)
		return true;
	if (x->rev != y->rev)
		return false;
	if (x->kind == DOSSIER_REPORT_GROUP_PROVISION)
		return x->pos == y->pos;
	return strcmp(x->c->on ? x->c->on : "", y->c->on ? y->c->on : "") == 0;
}

/* ---- members ------------------------------------------------------------- */

typedef struct member_ref {
	const char *id;
	size_t index;
} member_ref;

static int member_ref_cmp(const void *a, const void *b)
{
	return strcmp(((const member_ref *)a)->id, ((const member_ref *)b)->id);
}

typedef struct builder {
	dossier_report *r;
	const dossier_report_input *in;
	prov_index *ix;          /* ix[n - 1] for vN, built when needed */
	bool *indexed;
	keyed *k;
	member_ref *refs;          /* the participants, by id */
	size_t nrefs;
	size_t public_member;      /* the public's row in r->members, or SIZE_MAX */
	int oom;
} builder;

static char *dup_or_null(builder *b, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = util_strdup(s);
	if (!d)
		b->oom = 1;
	return d;
}

static const prov_index *revision_index(builder *b, unsigned n)
{
	const dossier_report_input *in = b->in;

	if (n == 0 || n > in->nrevisions || !in->revisions || !in->revisions[n - 1])
		return NULL;
	if (!b->indexed[n - 1]) {
		if (index_build(&b->ix[n - 1], in->revisions[n - 1]) < 0) {
			b->oom = 1;
			return NULL;
		}
		b->indexed[n - 1] = true;
	}
	return &b->ix[n - 1];
}

/* An id for the public's row that no participant has: "pub" (the key the
 * import keeps the public's count under), else "pub-public", "pub-public-public"… */
static char *public_id(builder *b, const member_ref *refs, size_t np)
{
	dstr id = DSTR_INIT;
	member_ref key;

	dstr_adds(&id, "pub");
	for (;;) {
		if (id.oom)
			break;
		key.id = id.ptr;
		if (!bsearch(&key, refs, np, sizeof(*refs), member_ref_cmp))
			return dstr_detach(&id);
		dstr_adds(&id, "-public");
	}
	dstr_free(&id);
	b->oom = 1;
	return NULL;
}

/* Every participant, in the workflow's order, then one row for every
 * author the workflow does not name (members of the public, whose comments
 * were imported): counted together, each still named in its own rows. */
static int build_members(builder *b)
{
	dossier_report *r = b->r;
	const dossier_workflow *wf = b->in->wf;
	const dossier_comment_list *l = b->in->comments;
	size_t np = wf ? wf->nparticipants : 0, i;
	dossier_report_member *all;
	bool public = false;

	all = calloc(np + 2, sizeof(*all));
	b->refs = calloc(np + 1, sizeof(*b->refs));
	if (!all || !b->refs) {
		free(all);
		return -1;
	}
	r->members = all;
	for (i = 0; i < np; i++) {
		const dossier_participant *p = &wf->participants[i];
		const dossier_role *role = dossier_workflow_role(wf, p->role);

		all[i].id = dup_or_null(b, p->id);
		all[i].name = dup_or_null(b, p->name ? p->name : p->id);
		all[i].role = dup_or_null(b, p->role);
		all[i].may_comment = role && (role->actions & DOSSIER_ACTION_COMMENT);
		b->refs[i].id = all[i].id ? all[i].id : "";
		b->refs[i].index = i;
	}
	r->nmembers = np;
	b->nrefs = np;
	qsort(b->refs, b->nrefs, sizeof(*b->refs), member_ref_cmp);
	for (i = 0; i < l->n && !public; i++) {
		member_ref key;

		key.id = l->items[i].author ? l->items[i].author : "";
		public = !bsearch(&key, b->refs, b->nrefs, sizeof(*b->refs), member_ref_cmp);
	}
	if (public) {
		b->public_member = np;
		all[np].id = public_id(b, b->refs, b->nrefs);
		all[np].name = dup_or_null(b, PUBLIC_NAME);
		r->nmembers++;
	}
	return b->oom ? -1 : 0;
}

/* The participant's row, else the public's. */
static dossier_report_member *find_member(builder *b, const char *id)
{
	member_ref key, *ref;

	key.id = id ? id : "";
	ref = bsearch(&key, b->refs, b->nrefs, sizeof(*b->refs), member_ref_cmp);
	if (ref)
		return &b->r->members[ref->index];
	return b->public_member != SIZE_MAX ? &b->r->members[b->public_member] : NULL;
}

/* Keep the members who may comment or who commented, in their order. */
static void prune_members(dossier_report *r)
{
	size_t i, k = 0;

	for (i = 0; i < r->nmembers; i++) {
		dossier_report_member *m = &r->members[i];

		if (m->may_comment || m->comments) {
			if (m->may_comment && !m->comments)
				r->silent++;
			r->members[k++] = *m;
		} else {
			free(m->id);
			free(m->name);
			free(m->role);
		}
	}
	r->nmembers = k;
}

/* ---- groups and rows ----------------------------------------------------- */

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int make_group(builder *b, dossier_report_group *g, const keyed *k)
{
	const dossier_report_input *in = b->in;
	const dossier_comment_record *c = k->c;
	const dossier_document *latest = in->nrevisions ? in->revisions[in->nrevisions - 1] : NULL;
	const dossier_node *now;
	dossier_located where = { NULL, false, false, NULL };

	g->kind = (dossier_report_group_kind)k->kind;
	g->eid = dup_or_null(b, k->kind == DOSSIER_REPORT_GROUP_GENERAL ? "general" : c->on ? c->on : "");
	if (k->kind == DOSSIER_REPORT_GROUP_GENERAL) {
		g->citation = dup_or_null(b, GENERAL_CITATION);
		g->status = DOSSIER_REPORT_GENERAL;
		return b->oom ? -1 : 0;
	}
	g->revision = dup_or_null(b, c->revision ? c->revision : "");
	if (k->kind == DOSSIER_REPORT_GROUP_NOT_FOUND) {
		g->citation = dup_or_null(b, c->citation && *c->citation ? c->citation : g->eid);
		g->status = DOSSIER_REPORT_NOT_FOUND;
		return b->oom ? -1 : 0;
	}
	g->citation = dossier_node_citation(k->node, in->revisions[k->rev - 1]->lang);
	g->text = dossier_node_text(k->node);
	g->heading = dup_or_null(b, k->node->heading);
	if (!g->citation || !g->text) {
		b->oom = 1;
		return -1;
	}
	/* Followed into the latest revision: by the caller's locate (the
	 * structural diff, renumbering included), else by its eId. */
	if (!latest) {
		g->status = DOSSIER_REPORT_DELETED;
		return 0;
	}
	if (in->locate) {
		if (in->locate(&where, k->rev, g->eid, in->locate_payload) < 0) {
			b->oom = 1;
			return -1;
		}
	} else if ((where.node = k->rev == in->nrevisions ? k->node : dossier_document_find(latest, g->eid))) {
		char *t = dossier_node_text(where.node);

		if (!t) {
			b->oom = 1;
			return -1;
		}
		where.changed = strcmp(t, g->text) || !same_str(where.node->heading, k->node->heading);
		where.whole = true;
		where.how = where.changed ? "changed" : "same";
		free(t);
	}
	now = where.node;
	if (!now) {
		g->status = DOSSIER_REPORT_DELETED;
		return 0;
	}
	g->status = where.changed ? DOSSIER_REPORT_CHANGED : DOSSIER_REPORT_UNCHANGED;
	g->now_fate = where.how;
	g->now_eid = dup_or_null(b, now->eid);
	g->now_citation = dossier_node_citation(now, latest->lang);
	if (!g->now_citation)
		b->oom = 1;
	return b->oom ? -1 : 0;
}

static void draft_meta(builder *b)
{
	const dossier_report_input *in = b->in;
	const dossier_document *doc = in->nrevisions && in->revisions ? in->revisions[in->nrevisions - 1] : NULL;
	const dossier_workflow *wf = in->wf;
	size_t i;

	if (in->nrevisions) {
		b->r->latest = util_sprintf("v%zu", in->nrevisions);
		if (!b->r->latest)
			b->oom = 1;
	}
	if (doc) {
		b->r->draft_type = dup_or_null(b, doc->preface.doc_type);
		b->r->draft_title = dup_or_null(b, doc->preface.title);
	}
	if (!wf)
		return;
	b->r->workflow = dup_or_null(b, wf->id);
	/* The drafting agency: the first participant who may respond, else revise. */
	for (i = 0; i < 2 && !b->r->drafter; i++) {
		unsigned want = i == 0 ? DOSSIER_ACTION_RESPOND : DOSSIER_ACTION_REVISE;
		size_t j;

		for (j = 0; j < wf->nparticipants; j++) {
			const dossier_participant *p = &wf->participants[j];
			const dossier_role *role = dossier_workflow_role(wf, p->role);

			if (role && (role->actions & want)) {
				b->r->drafter = dup_or_null(b, p->id);
				b->r->drafter_name = dup_or_null(b, p->name ? p->name : p->id);
				break;
			}
		}
	}
	b->r->role_ids = calloc(wf->nroles + 1, sizeof(char *));
	b->r->role_titles = calloc(wf->nroles + 1, sizeof(char *));
	if (!b->r->role_ids || !b->r->role_titles) {
		b->oom = 1;
		return;
	}
	for (i = 0; i < wf->nroles; i++) {
		b->r->role_ids[i] = dup_or_null(b, wf->roles[i].id);
		b->r->role_titles[i] = dup_or_null(b, wf->roles[i].title ? wf->roles[i].title : wf->roles[i].id);
		b->r->nroles++;
	}
}

static bool valid_date(const char *s)
{
	dossier_date d;

	return s && strlen(s) == 10 && dossier_date_parse(&d, s, NULL) == 0;
}

/* Key every comment by its provision in the revision commented on. -1
 * without memory. */
static int key_comments(builder *b)
{
	size_t i;

	for (i = 0; i < b->in->comments->n; i++) {
		keyed *k = &b->k[i];
		const prov_index *ix;
		const prov *p;

		k->c = &b->in->comments->items[i];
		if (!k->c->on || !strcmp(k->c->on, "general")) {
			k->kind = DOSSIER_REPORT_GROUP_GENERAL;
			continue;
		}
		k->rev = dossier_revision_number(k->c->revision);
		ix = revision_index(b, k->rev);
		if (b->oom)
			return -1;
		p = ix ? index_find(ix, k->c->on) : NULL;
		if (!p) {
			k->kind = DOSSIER_REPORT_GROUP_NOT_FOUND;
			continue;
		}
		k->kind = DOSSIER_REPORT_GROUP_PROVISION;
		k->pos = p->pos;
		k->node = p->node;
	}
	return 0;
}

/* Row i of the sorted comments, opening a group when its provision
 * changes, and the counts per member and per disposition. -1 without
 * memory. */
static int add_row(builder *b, size_t i, const dossier_calendar *cal)
{
	const keyed *k = &b->k[i];
	dossier_report_row *row = &b->r->rows[i];
	dossier_report_member *m;
	dossier_disposition disp = k->c->disposition;

	if (i == 0 || !same_group(&b->k[i - 1], k)) {
		dossier_report_group *g = &b->r->groups[b->r->ngroups++];

		g->first = i;
		if (make_group(b, g, k) < 0)
			return -1;
	}
	b->r->groups[b->r->ngroups - 1].n++;
	row->number = i + 1;
	row->group = b->r->ngroups - 1;
	row->comment = k->c;
	dossier_time_format(row->time, sizeof(row->time), cal, k->c->time);
	if (disp != DOSSIER_DISPOSITION_NONE)
		dossier_time_format(row->response_time, sizeof(row->response_time), cal,
			k->c->response_time);
	if ((unsigned)disp >= DOSSIER_REPORT_NDISPOSITIONS)
		disp = DOSSIER_DISPOSITION_NONE;
	m = find_member(b, k->c->author);
	if (m && b->public_member != SIZE_MAX && m == &b->r->members[b->public_member])
		row->body = k->c->author_name ? k->c->author_name : k->c->author;
	else
		row->body = m && m->name ? m->name : k->c->author_name ? k->c->author_name : k->c->author;
	row->member = m ? m->id : NULL;
	{
		const dossier_report_group *g = &b->r->groups[row->group];

		/* accepted, not taken in: the fact of the guard accepted-taken-in */
		row->untaken = (disp == DOSSIER_DISPOSITION_ACCEPTED || disp == DOSSIER_DISPOSITION_PARTIAL) &&
			!(k->c->taken_otherwise && *k->c->taken_otherwise) &&
			g->status != DOSSIER_REPORT_CHANGED && g->status != DOSSIER_REPORT_DELETED;
		b->r->untaken += row->untaken;
	}
	if (m) {
		m->comments++;
		m->by_disposition[disp]++;
	}
	b->r->by_disposition[disp]++;
	return 0;
}

int dossier_report_build(dossier_report **out, const dossier_report_input *in, dossier_error *err)
{
	static const dossier_comment_list empty = { NULL, 0 };
	dossier_calendar utc = { "UTC", 0, 0, NULL, 0 };
	const dossier_calendar *cal;
	dossier_report_input input;
	builder b;
	size_t i, n;
	int rc = 0;

	*out = NULL;
	if (!in || in->version != DOSSIER_REPORT_INPUT_VERSION)
		return dossier_error_set(err, DOSSIER_EINVALID, "unsupported report input version %u",
			in ? in->version : 0);
	if (in->date && !valid_date(in->date))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid report date '%s' (expected YYYY-MM-DD)",
			in->date);
	input = *in;
	if (!input.comments)
		input.comments = &empty;
	if (input.nrevisions && !input.revisions)
		input.nrevisions = 0;
	cal = input.wf ? &input.wf->calendar : &utc;
	n = input.comments->n;

	memset(&b, 0, sizeof(b));
	b.public_member = SIZE_MAX;
	b.in = &input;
	b.r = calloc(1, sizeof(*b.r));
	b.ix = calloc(input.nrevisions + 1, sizeof(*b.ix));
	b.indexed = calloc(input.nrevisions + 1, sizeof(*b.indexed));
	b.k = calloc(n + 1, sizeof(*b.k));
	if (!b.r || !b.ix || !b.indexed || !b.k)
		goto oom;

	b.r->title = dup_or_null(&b, input.title);
	b.r->date = dup_or_null(&b, input.date ? input.date : "1970-01-01");
	draft_meta(&b);
	if (b.oom || build_members(&b) < 0)
		goto oom;

	/* Key every comment by its provision in the revision commented on. */
	if (key_comments(&b) < 0)
		goto oom;
	qsort(b.k, n, sizeof(*b.k), keyed_cmp);

	b.r->rows = calloc(n + 1, sizeof(*b.r->rows));
	b.r->groups = calloc(n + 1, sizeof(*b.r->groups));
	if (!b.r->rows || !b.r->groups)
		goto oom;
	for (i = 0; i < n; i++)
		if (add_row(&b, i, cal) < 0)
			goto oom;
	b.r->nrows = n;
	prune_members(b.r);
	if (b.oom)
		goto oom;
	*out = b.r;
	b.r = NULL;
	goto done;
oom:
	rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
done:
	for (i = 0; b.ix && i < input.nrevisions; i++)
		free(b.ix[i].items);
	free(b.ix);
	free(b.indexed);
	free(b.k);
	free(b.refs);
	dossier_report_free(b.r);
	return rc;
}
