/*
 * import.c: bulk comments (issue 8). Reads JSON Lines (jansson) or CSV
 * (RFC 4180, with a header row) into raw records, then, as one action of
 * the façade, checks every record against the dossier at the tip (the
 * provision cited exists in the revision, the received time lies in the
 * stage's comment window, the author may comment) and writes them all,
 * with the new state, as one commit by the drafting agency whose blobs go
 * into one pack (txn_put_packed). Every problem is collected with its line
 * and nothing is written while any remains. The format is in
 * docs/import.md.
 */
#include "facade/facade_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dossier/import.h"
#include "dossier/input.h"
#include "base/csv.h"
#include "base/util.h"

enum { F_NAME, F_EMAIL, F_ORG, F_ON, F_TEXT, F_PROPOSAL, F_RECEIVED, F_REVISION, NFIELDS };

static const char *const field_names[NFIELDS] = {
	"author_name", "author_email", "organisation", "on", "text", "proposal", "received", "revision",
};

typedef struct raw_rec {
	unsigned line;
	char *f[NFIELDS];   /* NULL: absent, null or empty */
	unsigned col[NFIELDS]; /* where each field stands on its line (characters), 0: absent */
} raw_rec;

/* The column to report a problem with a field at: the field's, else the line's start. */
#define FIELD_COL(rec, k) ((rec)->col[k] ? (rec)->col[k] : 1)

typedef struct import_args {
	const char *path;
	const dossier_import_options *opts;
	dossier_diags *diags;
	raw_rec *recs;
	size_t n, cap;
	dossier_import_result *result;
} import_args;

static void add_diag(import_args *a, unsigned line, unsigned col, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(5, 6);

static void add_diag(import_args *a, unsigned line, unsigned col, const char *code, const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	dossier_diags_add(a->diags, DOSSIER_SEVERITY_ERROR, code, a->path, line, col, "%s", s.ptr ? s.ptr : "?");
	dstr_free(&s);
}

static raw_rec *new_rec(import_args *a, unsigned line)
{
	raw_rec *r;

	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		raw_rec *p = realloc(a->recs, cap * sizeof(*p));

		if (!p)
			return NULL;
		a->recs = p;
		a->cap = cap;
	}
	r = &a->recs[a->n++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	return r;
}

static void free_recs(import_args *a)
{
	size_t i, k;

	for (i = 0; i < a->n; i++)
		for (k = 0; k < NFIELDS; k++)
			free(a->recs[i].f[k]);
	free(a->recs);
	a->recs = NULL;
	a->n = a->cap = 0;
}

static int field_index(const char *name, size_t len)
{
	int k;

	for (k = 0; k < NFIELDS; k++)
		if (strlen(field_names[k]) == len && !strncasecmp(field_names[k], name, len))
			return k;
	return -1;
}

/* ---- JSON Lines ---------------------------------------------------------- */

/* The column (in characters) of the member "key" on a JSON line, for a
 * problem with its value; 1 when it cannot be found (an escaped key). */
static unsigned key_column(const char *line, size_t len, const char *key)
{
	size_t kl = strlen(key), i, j;

	for (i = 0; i + kl + 2 <= len; i++) {
		if (line[i] == '"' && !memcmp(line + i + 1, key, kl) && line[i + 1 + kl] == '"') {
			for (j = i + kl + 2; j < len && (line[j] == ' ' || line[j] == '\t'); j++)
				;
			if (j < len && line[j] == ':')
				return util_csv_column(line, line + i);
		}
	}
	return 1;
}

/* Whether a value record_scan_line read (strict UTF-8 already: it sends
 * anything else to jansson) passes dossier_text_check, looking only at
 * bytes: what that check refuses in strict UTF-8 is a control character
 * (a byte below 0x20 other than tab, newline and carriage return; 0x7F;
 * NUL) or U+FFFE / U+FFFF (EF BF BE, EF BF BF). False: ask
 * dossier_text_check, which names the fault. */
static bool text_clean(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	for (;; p++) {
		if (*p >= 0x20 && *p != 0x7f && *p != 0xef)
			continue;
		if (*p == 0)
			return true;
		if (*p == 0xef) {
			if (p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
				return false;
			continue;
		}
		if (*p != '\t' && *p != '\n' && *p != '\r')
			return false;
	}
}

/* A line as record_scan_line reads it: 1 when it did, as a record; 0 when
 * it is left to jansson; DOSSIER_ENOMEM. */
static int scan_line(import_args *a, unsigned line, const char *p, size_t l)
{
	char *v[NFIELDS];
	unsigned col[NFIELDS];
	dossier_text_fault f;
	char desc[48];
	raw_rec *r;
	int rc = record_scan_line(v, col, field_names, NFIELDS, p, l), k;

	if (rc <= 0)
		return rc;
	if (!(r = new_rec(a, line))) {
		for (k = 0; k < NFIELDS; k++)
			free(v[k]);
		return DOSSIER_ENOMEM;
	}
	for (k = 0; k < NFIELDS; k++) {
		r->f[k] = v[k];
		r->col[k] = col[k];
		if (v[k] && !text_clean(v[k]) && dossier_text_check(&f, v[k], strlen(v[k])) < 0)
			add_diag(a, line, col[k], "bad-text", "field '%s' holds %s", field_names[k],
				dossier_text_fault_describe(desc, sizeof(desc), &f));
	}
	return 1;
}

/* The lines of data, the first of them numbered first + 1. */
static int parse_jsonl(import_args *a, const char *data, size_t len, unsigned first)
{
	const char *p = data, *end = data + len;
	unsigned line = first;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q;
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_error_t jerr;
		json_t *o, *v;
		const char *key;
		raw_rec *r;
		dossier_text_fault f;
		char desc[48];
		int rc;

		line++;
		for (q = p; q < p + l && (*q == ' ' || *q == '\t' || *q == '\r'); q++)
			;
		if (q == p + l) {
			p += l + 1;
			continue;
		}
		/* The usual line, read without jansson's tree (record_scan.c). */
		if ((rc = scan_line(a, line, p, l)) != 0) {
			if (rc < 0)
				return DOSSIER_ENOMEM;
			p += l + 1;
			continue;
		}
		/* Bytes jansson would refuse with a vague place: the exact one. */
		if (util_utf8_check(&f, p, l, true) < 0) {
			add_diag(a, line, f.column, "bad-text", "the line holds %s",
				dossier_text_fault_describe(desc, sizeof(desc), &f));
			p += l + 1;
			continue;
		}
		o = json_loadb(p, l, JSON_REJECT_DUPLICATES, &jerr);
		if (!o && !strncmp(jerr.text, "\\u0000", 6)) {
			const char *nul = p;

			while (nul + 6 <= p + l && memcmp(nul, "\\u0000", 6))
				nul++;
			add_diag(a, line, nul + 6 <= p + l ? util_csv_column(p, nul) : 1, "bad-text",
				"a string holds a NUL character (\\u0000)");
		} else if (!o) {
			add_diag(a, line, jerr.column > 0 ? (unsigned)jerr.column : 1, "malformed-record",
				"malformed JSON: %s", jerr.text);
		} else if (!json_is_object(o)) {
			add_diag(a, line, 1, "malformed-record", "a record is a JSON object, one per line");
		} else if (!(r = new_rec(a, line))) {
			json_decref(o);
			return DOSSIER_ENOMEM;
		} else {
			json_object_foreach(o, key, v) {
				int k = field_index(key, strlen(key));

				if (k < 0 || json_is_null(v))
					continue;
				if (r->col[k]) {
					/* "text" and "Text": one field, and the second would leak the first. */
					add_diag(a, line, key_column(p, l, key), "malformed-record", "'%s' is given twice",
						field_names[k]);
					continue;
				}
				if (!json_is_string(v)) {
					add_diag(a, line, key_column(p, l, key), "malformed-record", "'%s' must be a string", key);
					r->col[k] = key_column(p, l, key);
					continue;
				}
				/* jansson refuses what is not UTF-8 and "\u0000"; an escape
				 * such as "\u0007" it lets through. */
				r->col[k] = key_column(p, l, key);
				if (dossier_text_check(&f, json_string_value(v), json_string_length(v)) < 0)
					add_diag(a, line, r->col[k], "bad-text", "field '%s' holds %s", key,
						dossier_text_fault_describe(desc, sizeof(desc), &f));
				if (json_string_length(v) > 0 && !(r->f[k] = util_strdup(json_string_value(v)))) {
					json_decref(o);
					return DOSSIER_ENOMEM;
				}
			}
		}
		json_decref(o);
		p += l + 1;
	}
	return 0;
}

/* One half of a file of JSON Lines, parsed on its own thread. */
typedef struct jsonl_half {
	import_args a;
	const char *data;
	size_t len;
	unsigned first;
	int rc;
} jsonl_half;

static void parse_half(void *payload)
{
	jsonl_half *h = payload;

	h->rc = parse_jsonl(&h->a, h->data, h->len, h->first);
}

/* The records are independent: a large file is read in two halves, cut
 * at a line's end, on both cores; the second half's records and problems
 * then follow the first's, in the order of the file. */
static int parse_jsonl_both(import_args *a, const char *data, size_t len)
{
	jsonl_half h[2];
	const char *cut = len >= (1u << 20) ? memchr(data + len / 2, '\n', len - len / 2) : NULL;
	const char *p;
	unsigned lines = 0;
	size_t i;
	int rc = 0;

	if (!cut)
		return parse_jsonl(a, data, len, 0);
	cut++;
	for (p = data; (p = memchr(p, '\n', (size_t)(cut - p))) != NULL; p++)
		lines++;
	memset(h, 0, sizeof(h));
	h[0].a = *a;
	h[0].data = data;
	h[0].len = (size_t)(cut - data);
	h[1].a = *a;
	h[1].a.recs = NULL;
	h[1].a.n = h[1].a.cap = 0;
	h[1].data = cut;
	h[1].len = len - h[0].len;
	h[1].first = lines;
	if (dossier_diags_new(&h[1].a.diags) < 0)
		return DOSSIER_ENOMEM;
	util_both(parse_half, &h[0], &h[1]);
	*a = h[0].a;
	rc = h[0].rc < 0 ? h[0].rc : h[1].rc;
	for (i = 0; i < dossier_diags_count(h[1].a.diags); i++) {
		const dossier_diag *g = dossier_diags_get(h[1].a.diags, i);

		if (dossier_diags_add(a->diags, g->severity, g->code, g->path, g->line, g->column, "%s", g->message) < 0)
			rc = DOSSIER_ENOMEM;
		else if (g->hint)
			dossier_diags_hint(a->diags, "%s", g->hint);
	}
	dossier_diags_free(h[1].a.diags);
	if (rc == 0 && h[1].a.n) {
		raw_rec *m = realloc(a->recs, (a->n + h[1].a.n) * sizeof(*m));

		if (!m) {
			rc = DOSSIER_ENOMEM;
		} else {
			memcpy(m + a->n, h[1].a.recs, h[1].a.n * sizeof(*m));
			a->recs = m;
			a->n += h[1].a.n;
			a->cap = a->n;
			free(h[1].a.recs);
			h[1].a.recs = NULL;
			h[1].a.n = 0;
		}
	}
	free_recs(&h[1].a);
	return rc;
}

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* A malformed field, reported at its place. */
static void csv_problem(void *payload, unsigned line, unsigned column, const char *what)
{
	add_diag(payload, line, column, "malformed-record", "%s", what);
}

static bool row_blank(const util_csv_row *row)
{
	return row->n == 1 && row->cells[0][0] == '\0' && row->nfaults == 0;
}

/* Report the row's cells that hold what no record may hold, by column name. */
static void row_faults(import_args *a, const util_csv_row *row, char *const *names, size_t nnames)
{
	size_t i;

	for (i = 0; i < row->nfaults; i++) {
		const util_csv_fault *f = &row->faults[i];

		if (!names)
			add_diag(a, f->line, f->column, "bad-text", "the header holds %s", f->what);
		else if (f->cell < nnames && names[f->cell][0])
			add_diag(a, f->line, f->column, "bad-text", "column '%s' holds %s", names[f->cell], f->what);
		else
			add_diag(a, f->line, f->column, "bad-text", "column %zu holds %s", f->cell + 1, f->what);
	}
}

static int parse_csv(import_args *a, const char *data, size_t len)
{
	util_csv_row row;
	util_csv in;
	int *map = NULL, rc;
	char **names = NULL;
	size_t ncols = 0, i, k;
	size_t first[NFIELDS];

	memset(&row, 0, sizeof(row));
	util_csv_init(&in, data, len);
	in.problem = csv_problem;
	in.payload = a;
	do {
		if ((rc = util_csv_next(&row, &in)) < 0)
			goto done;
	} while (rc == 1 && row_blank(&row));
	if (rc == 0) {
		add_diag(a, 1, 1, "malformed-record", "no header row");
		goto done;
	}
	row_faults(a, &row, NULL, 0);
	ncols = row.n;
	map = calloc(ncols + 1, sizeof(*map));
	names = calloc(ncols + 1, sizeof(*names));
	if (!map || !names) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	for (k = 0; k < NFIELDS; k++)
		first[k] = (size_t)-1;
	for (k = 0; k < ncols; k++) {
		char *h = row.cells[k];
		size_t hl = strlen(h);

		while (hl && (h[hl - 1] == ' ' || h[hl - 1] == '\t'))
			hl--;
		while (hl && (*h == ' ' || *h == '\t')) {
			h++;
			hl--;
		}
		if (!(names[k] = util_strndup(h, hl))) {
			rc = DOSSIER_ENOMEM;
			goto done;
		}
		map[k] = field_index(h, hl);
		if (map[k] >= 0 && first[map[k]] != (size_t)-1) {
			/* Read the first only: the second would take its place. */
			add_diag(a, row.line, row.cols[k], "malformed-record", "column '%s' appears twice (first as column %zu)",
				field_names[map[k]], first[map[k]] + 1);
			map[k] = -1;
		} else if (map[k] >= 0) {
			first[map[k]] = k;
		}
	}
	if (first[F_TEXT] == (size_t)-1 || first[F_ON] == (size_t)-1 || first[F_RECEIVED] == (size_t)-1)
		add_diag(a, row.line, 1, "malformed-record",
			"the header must name at least the columns 'on', 'text' and 'received'");
	for (;;) {
		raw_rec *r;

		if ((rc = util_csv_next(&row, &in)) < 0)
			goto done;
		if (rc == 0)
			break;
		if (row_blank(&row))
			continue;
		row_faults(a, &row, names, ncols);
		if (row.n != ncols) {
			add_diag(a, row.line, 1, "malformed-record", "%zu fields where the header has %zu", row.n, ncols);
			continue;
		}
		if (!(r = new_rec(a, row.line))) {
			rc = DOSSIER_ENOMEM;
			goto done;
		}
		for (i = 0; i < row.n; i++) {
			if (map[i] < 0 || !row.cells[i][0])
				continue;
			r->f[map[i]] = row.cells[i];
			r->col[map[i]] = row.cols[i];
			row.cells[i] = NULL;
		}
	}
	rc = 0;
done:
	for (k = 0; names && k < ncols; k++)
		free(names[k]);
	free(names);
	free(map);
	util_csv_row_free(&row);
	return rc;
}

static dossier_import_format detect(const char *path, const char *data, size_t len)
{
	const char *dot = strrchr(path, '.');
	size_t i = 0;

	if (dot && (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson") || !strcasecmp(dot, ".json")))
		return DOSSIER_IMPORT_JSONL;
	if (dot && !strcasecmp(dot, ".csv"))
		return DOSSIER_IMPORT_CSV;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '{' ? DOSSIER_IMPORT_JSONL : DOSSIER_IMPORT_CSV;
}

/* ---- checking and writing ------------------------------------------------ */

/* One revision's eId index, sorted for lookup. */
typedef struct eid_entry {
	const char *eid;
	const char *citation;
} eid_entry;

typedef struct eid_index {
	char *data;
	eid_entry *entries;
	size_t n;
	bool loaded;
	dossier_document *doc;   /* parsed when a record names a provision by citation */
} eid_index;

static int entry_cmp(const void *pa, const void *pb)
{
	return strcmp(((const eid_entry *)pa)->eid, ((const eid_entry *)pb)->eid);
}

static int load_index(eid_index *ix, const dossier_snap *tip, unsigned rev, dossier_error *err)
{
	char *path = revision_index_path(rev), *line;
	size_t len = 0, cap = 0;
	int rc;

	ix->loaded = true;
	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = snap_read(&ix->data, &len, tip, path, err);
	free(path);
	if (rc < 0)
		return rc == DOSSIER_ENOTFOUND ? 0 : rc;
	for (line = ix->data; line && *line; ) {
		char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');

		if (nl)
			*nl = '\0';
		if (tab) {
			*tab = '\0';
			if (ix->n == cap) {
				eid_entry *p;

				cap = cap ? cap * 2 : 256;
				if (!(p = realloc(ix->entries, cap * sizeof(*p))))
					return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
				ix->entries = p;
			}
			ix->entries[ix->n].eid = line;
			ix->entries[ix->n].citation = tab + 1;
			ix->n++;
		}
		line = nl ? nl + 1 : NULL;
	}
	qsort(ix->entries, ix->n, sizeof(*ix->entries), entry_cmp);
	return 0;
}

static const eid_entry *find_eid(const eid_index *ix, const char *eid)
{
	eid_entry key = { eid, NULL };

	return ix->n ? bsearch(&key, ix->entries, ix->n, sizeof(*ix->entries), entry_cmp) : NULL;
}

static int parse_rev(unsigned *out, const char *s, unsigned latest)
{
	unsigned n;

	if (!s) {
		*out = latest;
		return 0;
	}
	if (!(n = dossier_revision_number(s)) || n > latest)
		return -1;
	*out = n;
	return 0;
}

typedef struct checked {
	const dossier_participant *who;   /* NULL: the public */
	const char *on;                   /* the eId, borrowed from the record or a document */
	const char *citation;             /* borrowed from an index */
	unsigned rev;
	dossier_time received;
} checked;

static void progress(const dossier_import_options *o, const char *phase, size_t done, size_t total)
{
	if (o && o->progress)
		o->progress(phase, done, total, o->progress_payload);
}

/* The façade writes the pack after build_import() returns: the payload is the options. */
static void on_pack_progress(size_t done, size_t total, void *payload)
{
	progress(payload, N_("writing"), done, total);
}

/* A record's 'on' that is not an eId of its revision: a citation, or an
 * eId to suggest neighbours for, read in the revision's document (parsed
 * once per revision). A problem is the record's diagnostic; < 0 only when
 * the document cannot be read. */
static int resolve_on(checked *c, import_args *r, const raw_rec *rec, eid_index *ix,
	const dossier_snap *tip, dossier_error *err)
{
	dossier_error e = DOSSIER_ERROR_INIT;
	const dossier_node *node;
	const eid_entry *hit;
	char in[32];
	int rc;

	if (!ix->doc && (rc = facade_revision_doc(&ix->doc, tip, c->rev, err)) < 0)
		return rc;
	snprintf(in, sizeof(in), "revision v%u", c->rev);
	if (dossier_document_resolve(&node, ix->doc, rec->f[F_ON], in, &e) < 0) {
		add_diag(r, rec->line, FIELD_COL(rec, F_ON), e.tag ? e.tag : "unknown-provision", "%s",
			e.message ? e.message : "?");
		if (e.hint)
			dossier_diags_hint(r->diags, "%s", e.hint);
		dossier_error_clear(&e);
		return 0;
	}
	c->on = node->eid;
	c->citation = (hit = find_eid(ix, node->eid)) != NULL ? hit->citation : NULL;
	return 0;
}

/* The participants by e-mail, sorted for lookup: an import looks up
 * every record's e-mail (dossier_workflow_participant_by_email goes
 * through them all), with the same answer: the first participant of the
 * workflow whose e-mail matches, case aside. */
typedef struct by_email {
	const dossier_participant **p;
	size_t n;
} by_email;

static int email_cmp(const void *pa, const void *pb)
{
	const dossier_participant *a = *(const dossier_participant *const *)pa,
		*b = *(const dossier_participant *const *)pb;
	int c = strcasecmp(a->email, b->email);

	return c ? c : a < b ? -1 : a > b;   /* the workflow's order among equals */
}

static int email_key_cmp(const void *key, const void *elem)
{
	return strcasecmp(key, (*(const dossier_participant *const *)elem)->email);
}

static void by_email_init(by_email *be, const dossier_workflow *wf)
{
	size_t i;

	be->n = 0;
	if (!(be->p = malloc((wf->nparticipants + 1) * sizeof(*be->p))))
		return;
	for (i = 0; i < wf->nparticipants; i++)
		if (wf->participants[i].email)
			be->p[be->n++] = &wf->participants[i];
	qsort(be->p, be->n, sizeof(*be->p), email_cmp);
}

static const dossier_participant *by_email_find(const by_email *be, const dossier_workflow *wf, const char *email)
{
	const dossier_participant *const *hit;

	if (!be->p)
		return dossier_workflow_participant_by_email(wf, email);
	if (!be->n || !(hit = bsearch(email, be->p, be->n, sizeof(*be->p), email_key_cmp)))
		return NULL;
	while (hit > be->p && !strcasecmp(hit[-1]->email, email))
		hit--;
	return *hit;
}

/* Check every record on the attempt's state; fill chk. Returns the number
 * of problems found. */
static size_t check_records(import_args *r, attempt *a, const dossier_stage *stage, checked *chk,
	eid_index *idx, dossier_error *err, int *fatal)
{
	const dossier_workflow *wf = a->d->wf;
	dossier_time deadline = 0;
	bool has_deadline = dossier_machine_deadline(&deadline, wf, stage, a->state.entered);
	size_t before = dossier_diags_errors(r->diags), i;
	char buf[40];
	by_email emails;

	by_email_init(&emails, wf);

	for (i = 0; i < r->n; i++) {
		raw_rec *rec = &r->recs[i];
		checked *c = &chk[i];
		dossier_error e = DOSSIER_ERROR_INIT;

		if (!rec->f[F_TEXT])
			add_diag(r, rec->line, 1, "missing-text", "the record has no 'text'");
		if (!rec->f[F_NAME] && !rec->f[F_EMAIL] && !rec->f[F_ORG])
			add_diag(r, rec->line, 1, "missing-author",
				"the record names no author ('author_name', 'author_email' or 'organisation')");
		c->who = rec->f[F_EMAIL] ? by_email_find(&emails, wf, rec->f[F_EMAIL]) : NULL;
		if (c->who && !dossier_machine_may_comment(wf, stage, c->who))
			add_diag(r, rec->line, FIELD_COL(rec, F_EMAIL), "may-not-comment",
				"'%s' is participant '%s' (role '%s'), who may not comment in stage '%s'",
				rec->f[F_EMAIL], c->who->id, c->who->role, stage->id);
		if (parse_rev(&c->rev, rec->f[F_REVISION], a->state.revision) < 0) {
			add_diag(r, rec->line, FIELD_COL(rec, F_REVISION), "unknown-revision", "no revision '%s' (the latest is v%u)",
				rec->f[F_REVISION], a->state.revision);
			c->rev = 0;
		}
		if (!rec->f[F_ON]) {
			add_diag(r, rec->line, 1, "missing-provision",
				"the record has no 'on' (an eId of the revision, or 'general')");
		} else if (strcmp(rec->f[F_ON], "general") && c->rev) {
			const eid_entry *hit;

			if (!idx[c->rev].loaded && (*fatal = load_index(&idx[c->rev], a->tip, c->rev, err)) < 0) {
				free(emails.p);
				return 0;
			}
			if ((hit = find_eid(&idx[c->rev], rec->f[F_ON])) != NULL) {
				c->on = hit->eid;
				c->citation = hit->citation;
			} else if ((*fatal = resolve_on(c, r, rec, &idx[c->rev], a->tip, err)) < 0) {
				free(emails.p);
				return 0;
			}
		} else {
			c->on = rec->f[F_ON];
		}
		if (!rec->f[F_RECEIVED]) {
			add_diag(r, rec->line, 1, "missing-time", "the record has no 'received' time");
		} else if (dossier_time_parse_in_range(&c->received, &wf->calendar, rec->f[F_RECEIVED], &e) < 0) {
			add_diag(r, rec->line, FIELD_COL(rec, F_RECEIVED), "bad-time", "invalid 'received' time '%s': %s", rec->f[F_RECEIVED],
				e.message ? e.message : "?");
		} else if (c->received < a->state.entered) {
			dossier_time_format(buf, sizeof(buf), &wf->calendar, a->state.entered);
			add_diag(r, rec->line, FIELD_COL(rec, F_RECEIVED), "outside-window",
				"received %s, before the comment window of stage '%s' opened (%s)", rec->f[F_RECEIVED],
				stage->id, buf);
		} else if (has_deadline && c->received > deadline) {
			dossier_time_format(buf, sizeof(buf), &wf->calendar, deadline);
			add_diag(r, rec->line, FIELD_COL(rec, F_RECEIVED), "after-deadline",
				"received %s, after the deadline of stage '%s' (%s)", rec->f[F_RECEIVED], stage->id, buf);
		} else if (c->received > a->now) {
			add_diag(r, rec->line, FIELD_COL(rec, F_RECEIVED), "in-the-future", "received %s, which is later than now",
				rec->f[F_RECEIVED]);
		}
		dossier_error_clear(&e);
		if ((i + 1) % 4096 == 0 || i + 1 == r->n)
			progress(r->opts, N_("checking"), i + 1, r->n);
	}
	free(emails.p);
	return dossier_diags_errors(r->diags) - before;
}

/* Whether the attempt's actor may import now: the drafting agency, while
 * comments are open, on a draft, in a workflow that leaves the public's id free. */
static int may_import(const attempt *a, const import_args *r, const dossier_stage *stage, dossier_error *err)
{
	const dossier_workflow *wf = a->d->wf;
	const dossier_role *role = dossier_workflow_role(wf, a->actor->role);

	if (!role || !(role->actions & DOSSIER_ACTION_RESPOND)) {
		dossier_error_set(err, DOSSIER_EREFUSED,
			"'%s' (role '%s') may not import comments: only the drafting agency can", a->actor->id,
			a->actor->role);
		dossier_error_set_hint(err, "act as a participant whose role may respond, with --as");
		return DOSSIER_EREFUSED;
	}
	if (!stage || !stage->comments_open) {
		dossier_error_set(err, DOSSIER_EREFUSED, "comments are not open in stage '%s'", a->state.stage);
		dossier_error_set_hint(err, "import during a stage that takes comments");
		return DOSSIER_EREFUSED;
	}
	if (a->state.revision == 0) {
		dossier_error_set(err, DOSSIER_EREFUSED, "there is no draft to comment on yet");
		dossier_error_set_hint(err, "the drafting agency makes revision v1 with 'dossier revise'");
		return DOSSIER_EREFUSED;
	}
	if (dossier_workflow_participant(wf, DS_PUBLIC)) {
		dossier_error_set(err, DOSSIER_EINVALID,
			"the workflow has a participant '%s', the id reserved for comments from the public", DS_PUBLIC);
		dossier_error_set_hint(err, "rename that participant before importing (docs/import.md)");
		return DOSSIER_EINVALID;
	}
	if (r->n == 0 && dossier_diags_errors(r->diags) == 0)
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' holds no records", r->path);
	return 0;
}

/* Records [from, to) written into a->bulk[base + i]: one half of the work
 * of write_records, on its own thread; rc and err its outcome. */
typedef struct write_range {
	attempt *a;
	const import_args *r;
	const checked *chk;
	const char *const *authors;
	const unsigned *seqs;
	size_t base, from, to;
	int rc;
	dossier_error err;
} write_range;

/* The decimal digits of v at p; the end of them. */
static char *put_uint(char *p, unsigned v)
{
	char d[12];
	size_t n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = d[--n];
	return p;
}

/* The record's time as dossier_time_format writes it, without printf for
 * each of 100,000 records: the calendar's offset is fixed, so within one
 * local day the text differs only in its hh:mm:ss, which are put in the
 * day's text formatted once. */
typedef struct time_text {
	dossier_time day;     /* the local day's first second */
	size_t hms;           /* where hh:mm:ss stand in text */
	bool valid;
	char text[40];
} time_text;

static const char *format_time(time_text *tt, const dossier_calendar *cal, dossier_time t)
{
	char *h;
	long secs;

	if (tt->valid && t >= tt->day && t - tt->day < DOSSIER_SECONDS_PER_DAY) {
		secs = (long)(t - tt->day);
		h = tt->text + tt->hms;
		h[0] = (char)('0' + secs / DOSSIER_SECONDS_PER_HOUR / 10);
		h[1] = (char)('0' + secs / DOSSIER_SECONDS_PER_HOUR % 10);
		h[3] = (char)('0' + secs / 60 % 60 / 10);
		h[4] = (char)('0' + secs / 60 % 10);
		h[6] = (char)('0' + secs % 60 / 10);
		h[7] = (char)('0' + secs % 10);
		return tt->text;
	}
	dossier_time_format(tt->text, sizeof(tt->text), cal, t);
	tt->valid = false;
	h = strchr(tt->text, 'T');
	if (h && strlen(h) >= 9 && h[3] == ':' && h[6] == ':') {
		h++;
		secs = ((h[0] - '0') * 10L + (h[1] - '0')) * DOSSIER_SECONDS_PER_HOUR +
			((h[3] - '0') * 10L + (h[4] - '0')) * 60L + (h[6] - '0') * 10L + (h[7] - '0');
		tt->day = t - secs;
		tt->hms = (size_t)(h - tt->text);
		tt->valid = true;
	}
	return tt->text;
}

static void write_some(void *payload)
{
	static const char hex[] = "0123456789abcdef";
	write_range *w = payload;
	const dossier_calendar *cal = &w->a->d->wf->calendar;
	const checked *chk = w->chk;
	time_text tt;
	size_t i;

	tt.valid = false;
	for (i = w->from; i < w->to; i++) {
		const raw_rec *rec = &w->r->recs[i];
		store_file *f = &w->a->bulk[w->base + i];
		const char *who = w->authors[i] ? w->authors[i] : DS_PUBLIC;
		size_t wl = strlen(who);
		dossier_comment_record c;
		ds_external ext = { rec->f[F_NAME], rec->f[F_EMAIL], rec->f[F_ORG] };
		char rbuf[16], *id, *path, *json = NULL, *e;
		unsigned fan;
		int rc;

		memset(&c, 0, sizeof(c));
		*put_uint(rbuf + 1, chk[i].rev) = '\0';
		rbuf[0] = 'v';
		/* "comments/<fan-out>/<id>.json", its id "<author>-<n>" in it */
		if (!(path = malloc(wl + 48))) {
			w->rc = dossier_error_set(&w->err, DOSSIER_ENOMEM, "out of memory");
			return;
		}
		id = path + 12;
		memcpy(id, who, wl);
		id[wl] = '-';
		*(e = put_uint(id + wl + 1, w->seqs[i])) = '\0';
		fan = record_fanout(id);
		memcpy(path, "comments/", 9);
		path[9] = hex[fan >> 4];
		path[10] = hex[fan & 15];
		path[11] = '/';
		c.id = id;
		c.author = (char *)w->authors[i];
		c.author_name = chk[i].who ? (char *)chk[i].who->name :
			rec->f[F_NAME] ? rec->f[F_NAME] : rec->f[F_ORG] ? rec->f[F_ORG] : rec->f[F_EMAIL];
		c.on = (char *)chk[i].on;
		c.citation = (char *)chk[i].citation;
		c.revision = rbuf;
		c.stage = w->a->state.stage;
		c.time = chk[i].received;
		c.text = rec->f[F_TEXT];
		c.proposal = rec->f[F_PROPOSAL];
		/* the writer without jansson, else jansson's (and its message) */
		rc = record_dump_comment_when(&json, &c, chk[i].who ? NULL : &ext, format_time(&tt, cal, c.time));
		if (rc > 0)
			rc = 0;
		else if (rc == 0 && chk[i].who)
			rc = comment_dump(&json, &c, cal, &w->err);
		else if (rc == 0)
			rc = comment_dump_external(&json, &c, &ext, cal, &w->err);
		else
			dossier_error_set(&w->err, DOSSIER_ENOMEM, "out of memory");
		memcpy(e, ".json", 6);
		f->path = path;
		f->data = json;
		f->len = json ? strlen(json) : 0;
		if (rc < 0) {
			/* A record that cannot be written is the import's problem, at its line. */
			if (rc == DOSSIER_EINVALID) {
				char *m = w->err.message;

				w->err.message = NULL;
				dossier_error_set_at(&w->err, rc, w->r->path, rec->line, 1, "%s", m ? m : "invalid record");
				free(m);
			}
			w->rc = rc;
			return;
		}
	}
}

/* Each checked record, numbered by the step, as a comment record in
 * a->bulk: the records are independent, so half of them are written on a
 * second thread. The error is the first record's that failed. */
static int write_records(attempt *a, const import_args *r, const checked *chk, const char *const *authors,
	const unsigned *seqs, dossier_error *err)
{
	write_range w[2];
	size_t half = r->n / 2, k;
	int rc = 0;

	for (k = 0; k < 2; k++) {
		w[k] = (write_range){ a, r, chk, authors, seqs, a->nbulk, k ? half : 0, k ? r->n : half, 0,
			DOSSIER_ERROR_INIT };
	}
	if (r->n < 256) {
		write_some(&w[0]);
		write_some(&w[1]);
	} else {
		util_both(write_some, &w[0], &w[1]);
	}
	a->nbulk += r->n;   /* every slot is set or empty: the façade frees them */
	for (k = 0; k < 2; k++) {
		if (w[k].rc < 0 && rc == 0) {
			rc = w[k].rc;
			if (err) {
				dossier_error_clear(err);
				*err = w[k].err;
				w[k].err = (dossier_error)DOSSIER_ERROR_INIT;
			}
		}
		dossier_error_clear(&w[k].err);
	}
	return rc;
}

static int build_import(attempt *a, void *payload, dossier_error *err)
{
	import_args *r = payload;
	const dossier_stage *stage = dossier_workflow_stage(a->d->wf, a->state.stage);
	checked *chk = NULL;
	eid_index *idx = NULL;
	const char **authors = NULL;
	unsigned *seqs = NULL;
	ds_step step = { .event = DS_EVENT_IMPORT, .actor = a->actor->id, .when = a->now };
	size_t i, problems, nparticipants = 0;
	char rev_name[16];
	const char *base;
	int rc = 0, fatal = 0;

	if ((rc = may_import(a, r, stage, err)) < 0)
		return rc;
	chk = calloc(r->n + 1, sizeof(*chk));
	idx = calloc(a->state.revision + 1, sizeof(*idx));
	authors = calloc(r->n + 1, sizeof(*authors));
	seqs = calloc(r->n + 1, sizeof(*seqs));
	/* the records go to the attempt, which the façade writes as one pack */
	a->bulk = calloc(r->n + 2, sizeof(*a->bulk));
	a->bulk_progress = on_pack_progress;
	a->bulk_payload = (void *)r->opts;
	if (!chk || !idx || !authors || !seqs || !a->bulk) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	problems = check_records(r, a, stage, chk, idx, err, &fatal);
	if (fatal < 0) {
		rc = fatal;
		goto done;
	}
	problems = dossier_diags_errors(r->diags);
	if (problems) {
		dossier_error_set(err, DOSSIER_EINVALID, "%zu problem%s in '%s'; nothing was imported", problems,
			problems == 1 ? "" : "s", r->path);
		rc = DOSSIER_EINVALID;
		goto done;
	}
	for (i = 0; i < r->n; i++) {
		authors[i] = chk[i].who ? chk[i].who->id : NULL;
		nparticipants += chk[i].who != NULL;
	}
	step.authors = authors;
	step.nauthors = r->n;
	step.seqs = seqs;
	if ((rc = ds_state_step(&a->state, a->d->wf, &step, err)) < 0 ||
	    (rc = write_records(a, r, chk, authors, seqs, err)) < 0)
		goto done;
	snprintf(rev_name, sizeof(rev_name), "v%u", a->state.revision);
	base = strrchr(r->path, '/');
	base = base ? base + 1 : r->path;
	a->tr.revision = util_strdup(rev_name);
	a->subject = util_sprintf("%s imports %zu comment%s (%zu by participants, %zu from the public)",
		a->actor->id, r->n, r->n == 1 ? "" : "s", nparticipants, r->n - nparticipants);
	a->body = util_sprintf("Imported from '%s'.", base);
	a->result = util_sprintf("%zu", r->n);
	if (!a->tr.revision || !a->subject || !a->body || !a->result) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	r->result->records = r->n;
	r->result->participants = nparticipants;
	r->result->external = r->n - nparticipants;
done:
	for (i = 0; idx && i <= a->state.revision; i++) {
		free(idx[i].data);
		free(idx[i].entries);
		dossier_document_free(idx[i].doc);
	}
	free(idx);
	free(chk);
	free(authors);
	free(seqs);
	return rc;
}

int dossier_import(dossier_import_result *out, dossier *d, const char *path,
	const dossier_import_options *opts, dossier_diags *diags, dossier_error *err)
{
	dossier_import_options defaults = DOSSIER_IMPORT_OPTIONS_INIT;
	dossier_diags *own = NULL;
	import_args r;
	char *data = NULL, *result = NULL;
	size_t len = 0;
	dossier_import_format fmt;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if (!opts)
		opts = &defaults;
	if (!diags) {
		if (dossier_diags_new(&own) < 0)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		diags = own;
	}
	r.path = path;
	r.opts = opts;
	r.diags = diags;
	r.result = out;
	/* The file's name goes into the commit's message. */
	if ((rc = record_check_source("path", path, err)) < 0)
		goto done;
	if ((rc = util_read_file(&data, &len, path, err)) < 0)
		goto done;
	fmt = opts->format ? opts->format : detect(path, data, len);
	progress(opts, N_("reading"), 0, 0);
	rc = fmt == DOSSIER_IMPORT_JSONL ? parse_jsonl_both(&r, data, len) : parse_csv(&r, data, len);
	free(data);
	data = NULL;
	if (rc < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	/* The records are checked on the dossier's tip inside the action, so
	 * that every problem, of form or of substance, is reported at once. */
	rc = facade_run_action(&result, d, DS_EVENT_IMPORT, build_import, &r, err);
	if (rc < 0 && own && dossier_diags_errors(own) > 0 && err) {
		char *first = dossier_diag_format(dossier_diags_get(own, 0));

		dossier_error_set(err, DOSSIER_EINVALID, "%s", first ? first : "invalid records");
		free(first);
	}
done:
	free(result);
	free(data);
	free_recs(&r);
	dossier_diags_free(own);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}
