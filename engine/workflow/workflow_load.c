/*
 * workflow_load.c: a YAML workflow definition → an immutable
 * dossier_workflow, with every problem found on the way reported as a
 * diagnostic at the exact place of the offending key or value.
 *
 * libyaml's document API gives a start mark for every node (keys are nodes
 * too), so the loader walks the node tree: first the names (roles,
 * participants, stages) so that any reference can be resolved wherever it
 * stands, then every section in full. Nothing stops at the first problem:
 * a wrong value is reported and skipped, and the walk goes on. Only a YAML
 * syntax error ends the walk, since there is no tree after it. The node
 * helpers are in workflow_yaml.c, the lookups in workflow_find.c; the
 * stages are read by workflow_stages.c, and the graph checks follow in
 * workflow_check.c. The format is in
 * docs/workflow-format.md.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "dossier/input.h"
#include "base/util.h"
#include "workflow/workflow_int.h"
#include "workflow/workflow_pinned.h"

#define FLOW_MAX_DEPTH 1000
#define DEFAULT_ZONE "Asia/Ho_Chi_Minh"
#define DEFAULT_OFFSET (7 * DOSSIER_SECONDS_PER_HOUR)

static const char *const action_names[] = { "revise", "advance", "comment", "respond", "read" };
#define NACTIONS (sizeof(action_names) / sizeof(action_names[0]))

static const char *const weekday_names[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
};

/* The keys of each mapping. */
static const char *const top_keys[] = {
	"id", "title", "time-zone", "calendar", "roles", "participants", "start", "stages",
	"signatures", "vouchers", "key-managers", "deadline-rolls"
};
enum { K_ID, K_TITLE, K_ZONE, K_CALENDAR, K_ROLES, K_PARTICIPANTS, K_START, K_STAGES,
	K_SIGNATURES, K_VOUCHERS, K_KEY_MANAGERS, K_ROLLS, K_TOP_N };

static const char *const calendar_keys[] = { "weekend", "holidays", "include" };
enum { C_WEEKEND, C_HOLIDAYS, C_INCLUDE, C_N };

/* A calendar file (workflows/calendars/vn-2026.yaml); `path` only in the
 * copy a dossier pins. */
static const char *const calfile_keys[] = { "path", "title", "year", "holidays" };
enum { F_PATH, F_TITLE, F_YEAR, F_HOLIDAYS, F_N };

/* The pinned document (wf_pinned_text). */
static const char *const pin_top_keys[] = { "pinned" };
static const char *const pin_keys[] = { "deadline-rolls", "calendars" };
enum { PIN_ROLLS, PIN_CALENDARS, PIN_N };

static const char *const rolls_names[] = { "next-working-day", "none" };

static const char *const role_keys[] = { "title", "may" };
enum { R_TITLE, R_MAY, R_N };

static const char *const participant_keys[] = { "id", "name", "role", "email", "key", "keys" };
enum { P_ID, P_NAME, P_ROLE, P_EMAIL, P_KEY, P_KEYS, P_N };


static const char **collect_keys(wf_ctx *c, yaml_node_t *n, const char *what, size_t *count)
{
	const char **ids;
	yaml_node_pair_t *p;
	size_t i = 0, j;

	*count = 0;
	if (!n || n->type != YAML_MAPPING_NODE)
		return NULL;
	ids = wf_alloc(c, wf_map_len(n), sizeof(*ids));
	if (!ids)
		return NULL;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++, i++) {
		yaml_node_t *k = wf_node(c, p->key);

		ids[i] = NULL;
		if (!k || k->type != YAML_SCALAR_NODE || wf_is_null(k))
			continue;
		ids[i] = (const char *)k->data.scalar.value;
		for (j = 0; j < i; j++) {
			if (ids[j] && !strcmp(ids[j], ids[i])) {
				yaml_node_t *first = wf_node(c, n->data.mapping.pairs.start[j].key);

				wf_at(c, k->start_mark, "duplicate-key", "duplicate %s '%s'", what, ids[i]);
				dossier_diags_hint(c->diags, "first given at line %u, column %u",
					(unsigned)first->start_mark.line + 1, (unsigned)first->start_mark.column + 1);
				ids[i] = NULL;
				break;
			}
		}
	}
	*count = i;
	return ids;
}

static void collect_participant_ids(wf_ctx *c, yaml_node_t *n)
{
	size_t i, len;

	if (!n || n->type != YAML_SEQUENCE_NODE)
		return;
	len = wf_seq_len(n);
	c->participant_ids = wf_alloc(c, len, sizeof(*c->participant_ids));
	if (!c->participant_ids)
		return;
	c->nparticipant_ids = len;
	for (i = 0; i < len; i++) {
		yaml_node_t *item = wf_seq_item(c, n, i);
		yaml_node_pair_t *p;

		if (!item || item->type != YAML_MAPPING_NODE)
			continue;
		for (p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
			yaml_node_t *k = wf_node(c, p->key), *v = wf_node(c, p->value);

			if (k && v && k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE &&
			    !strcmp((const char *)k->data.scalar.value, "id") && !wf_is_null(v)) {
				c->participant_ids[i] = (const char *)v->data.scalar.value;
				break;
			}
		}
	}
}

/* ---- holidays and the calendars a definition includes ---- */

static void syntax_error(wf_ctx *c, yaml_parser_t *parser, const char *data, size_t len);

/* Sort ascending and drop duplicates, as calendar.h promises; the new count. */
static size_t sort_dates(dossier_date *days, size_t m)
{
	size_t i;

	for (i = 1; i < m; i++) {
		dossier_date x = days[i];
		size_t j = i;

		while (j > 0 && dossier_date_cmp(&days[j - 1], &x) > 0) {
			days[j] = days[j - 1];
			j--;
		}
		days[j] = x;
	}
	if (m > 1) {
		size_t w = 1;

		for (i = 1; i < m; i++)
			if (dossier_date_cmp(&days[w - 1], &days[i]) != 0)
				days[w++] = days[i];
		m = w;
	}
	return m;
}

/* A list of holidays, sorted; how many were read. With `year`, each must
 * lie in it. */
static size_t read_holidays(wf_ctx *c, yaml_node_t *seq, const char *what, int year, dossier_date **out)
{
	size_t n, m = 0, i;
	dossier_date *days;

	*out = NULL;
	if (!wf_sequence(c, seq, what))
		return 0;
	n = wf_seq_len(seq);
	if (!n || !(days = wf_alloc(c, n, sizeof(*days))))
		return 0;
	for (i = 0; i < n; i++) {
		yaml_node_t *d = wf_seq_item(c, seq, i);

		if (!d || wf_date_value(c, d, "holiday", &days[m]) < 0)
			continue;
		if (year && days[m].year != year) {
			char b[16];

			dossier_date_format(b, sizeof(b), &days[m]);
			wf_at(c, d->start_mark, "holiday-outside-year", "holiday %s lies outside the calendar's year %d",
				b, year);
			continue;
		}
		m++;
	}
	*out = days;
	return sort_dates(days, m);
}

/* A relative path of letters, digits, '_', '-', '.' and '/', without '..'. */
static bool include_path_ok(const char *p)
{
	const char *q;

	if (!*p || *p == '/' || strstr(p, ".."))
		return false;
	for (q = p; *q; q++)
		if (!isalnum((unsigned char)*q) && *q != '_' && *q != '-' && *q != '.' && *q != '/')
			return false;
	return true;
}

/* One calendar: its year and its holidays, every one in that year. */
static void load_calendar_doc(wf_ctx *c, yaml_node_t *root, bool pinned_entry, wf_include *inc)
{
	yaml_node_t *v[F_N], *k[F_N];
	const char *y;
	char *end;
	long year;

	if (wf_fields(c, root, "a calendar", calfile_keys, F_N, v, k) < 0)
		return;
	if (v[F_PATH] && !pinned_entry)
		wf_at(c, k[F_PATH]->start_mark, "unknown-key", "unknown key 'path' in a calendar");
	if (v[F_TITLE])
		(void)wf_scalar(c, v[F_TITLE], "'title'");
	if (wf_require(c, root, v[F_YEAR], "year", "a calendar") < 0 || !(y = wf_scalar(c, v[F_YEAR], "'year'")))
		return;
	year = strtol(y, &end, 10);
	if (*end || year < 1990 || year > 2099) {
		wf_at(c, v[F_YEAR]->start_mark, "invalid-year", "'year' must be a year from 1990 to 2099, not '%s'", y);
		return;
	}
	inc->year = (int)year;
	if (wf_require(c, root, v[F_HOLIDAYS], "holidays", "a calendar") < 0)
		return;
	{
		dossier_date *days;

		inc->nholidays = read_holidays(c, v[F_HOLIDAYS], "'holidays'", inc->year, &days);
		inc->holidays = days;
	}
}

/* A dossier's own copy of an included calendar, from the pinned document. */
static void include_pinned(wf_ctx *c, yaml_node_t *item, const char *name, wf_include *inc)
{
	yaml_node_t *root = c->pin ? yaml_document_get_root_node(c->pin) : NULL, *pv[PIN_N], *pk[PIN_N];
	yaml_node_t *top[1], *topk[1];
	yaml_document_t *own = c->doc;
	size_t i;

	if (!root) {
		wf_at(c, item->start_mark, "unknown-calendar",
			"the pinned definition includes '%s' but holds no copy of it", name);
		return;
	}
	c->doc = c->pin;
	if (wf_fields(c, root, "the pinned document", pin_top_keys, 1, top, topk) < 0 || !top[0] ||
	    wf_fields(c, top[0], "'pinned'", pin_keys, PIN_N, pv, pk) < 0 || !pv[PIN_CALENDARS] ||
	    !wf_sequence(c, pv[PIN_CALENDARS], "'calendars'")) {
		c->doc = own;
		return;
	}
	for (i = 0; i < wf_seq_len(pv[PIN_CALENDARS]); i++) {
		yaml_node_t *e = wf_seq_item(c, pv[PIN_CALENDARS], i), *ev[F_N], *ek[F_N];
		const char *p;
		dossier_diags *quiet = NULL;
		dossier_diags *keep = c->diags;

		if (!e || e->type != YAML_MAPPING_NODE)
			continue;
		/* find the entry by its path; its checks come when it is loaded */
		if (dossier_diags_new(&quiet) < 0) {
			c->oom = 1;
			break;
		}
		c->diags = quiet;
		(void)wf_fields(c, e, "a calendar", calfile_keys, F_N, ev, ek);
		p = ev[F_PATH] ? wf_scalar(c, ev[F_PATH], "'path'") : NULL;
		c->diags = keep;
		dossier_diags_free(quiet);
		if (p && !strcmp(p, name)) {
			load_calendar_doc(c, e, true, inc);
			c->doc = own;
			return;
		}
	}
	c->doc = own;
	wf_at(c, item->start_mark, "unknown-calendar",
		"the pinned definition includes '%s' but holds no copy of it", name);
}

/* A calendar file beside the definition. Its problems are reported in it. */
static void include_file(wf_ctx *c, yaml_node_t *item, const char *name, wf_include *inc)
{
	const char *slash = strrchr(c->path, '/');
	dossier_error e = DOSSIER_ERROR_INIT;
	yaml_parser_t parser;
	yaml_document_t doc;
	char *full, *data = NULL;
	size_t len = 0;
	wf_ctx sub;

	full = slash ? util_sprintf("%.*s/%s", (int)(slash - c->path), c->path, name) : util_strdup(name);
	if (!full) {
		c->oom = 1;
		return;
	}
	if (util_read_file(&data, &len, full, &e) < 0) {
		wf_at(c, item->start_mark, "unknown-calendar", "cannot read the calendar '%s'", name);
		if (e.message)
			dossier_diags_hint(c->diags, "%s", e.message);
		dossier_error_clear(&e);
		free(full);
		return;
	}
	sub = *c;
	sub.path = full;
	sub.pinned = 0;
	if (!yaml_parser_initialize(&parser)) {
		c->oom = 1;
	} else {
		yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
		if (!yaml_parser_load(&parser, &doc)) {
			syntax_error(&sub, &parser, data, len);
		} else {
			yaml_node_t *root = yaml_document_get_root_node(&doc);

			sub.doc = &doc;
			if (!root)
				wf_diag(c->diags, "empty-file", full, 1, 1, "the calendar is empty");
			else
				load_calendar_doc(&sub, root, false, inc);
			yaml_document_delete(&doc);
		}
		yaml_parser_delete(&parser);
	}
	if (sub.oom)
		c->oom = 1;
	free(data);
	free(full);
}

/* `include: [calendars/vn-2025.yaml, …]`: paths from the definition's folder. */
static void load_includes(wf_ctx *c, yaml_node_t *seq)
{
	size_t n, i;

	if (!wf_sequence(c, seq, "'include'"))
		return;
	n = wf_seq_len(seq);
	if (!n || !(c->impl->includes = wf_alloc(c, n, sizeof(*c->impl->includes))))
		return;
	memset(c->impl->includes, 0, n * sizeof(*c->impl->includes));
	for (i = 0; i < n; i++) {
		yaml_node_t *item = wf_seq_item(c, seq, i);
		const char *name = item ? wf_scalar(c, item, "a calendar to include") : NULL;
		wf_include *inc = &c->impl->includes[c->impl->nincludes];
		size_t j;

		if (!name)
			continue;
		if (!include_path_ok(name)) {
			wf_at(c, item->start_mark, "invalid-include",
				"'%s' is not a path relative to the workflow's folder (letters, digits, '_', '-', '.', '/'; no '..')",
				name);
			continue;
		}
		for (j = 0; j < c->impl->nincludes; j++)
			if (!strcmp(c->impl->includes[j].path, name))
				break;
		if (j < c->impl->nincludes) {
			wf_at(c, item->start_mark, "duplicate-include", "the calendar '%s' is included twice", name);
			continue;
		}
		inc->path = wf_strdup(c, name);
		if (c->pinned)
			include_pinned(c, item, name, inc);
		else
			include_file(c, item, name, inc);
		c->impl->nincludes++;
	}
}

/* ---- sections ---- */

static void load_calendar(wf_ctx *c, yaml_node_t *zone, yaml_node_t *cal)
{
	dossier_calendar *out = &c->impl->pub.calendar;
	yaml_node_t *v[C_N], *k[C_N];
	size_t i;

	out->zone_name = DEFAULT_ZONE;
	out->utc_offset = DEFAULT_OFFSET;
	out->weekend_mask = (1u << 0) | (1u << 6);
	if (zone) {
		const char *name = wf_scalar(c, zone, "'time-zone'");
		dossier_error e = DOSSIER_ERROR_INIT;
		int off = 0;

		if (name) {
			if (dossier_zone_offset(&off, name, &e) < 0) {
				wf_at(c, zone->start_mark, "unknown-time-zone", "time zone '%s' cannot be used", name);
				if (e.message)
					dossier_diags_hint(c->diags, "%s", e.message);
			} else {
				out->zone_name = wf_strdup(c, name);
				out->utc_offset = off;
			}
			dossier_error_clear(&e);
		}
	} else {
		/* The documented default is UTC+7 even where the system has no zoneinfo. */
		int off;

		if (dossier_zone_offset(&off, DEFAULT_ZONE, NULL) == 0)
			out->utc_offset = off;
	}
	if (!cal || wf_fields(c, cal, "'calendar'", calendar_keys, C_N, v, k) < 0)
		return;
	if (v[C_WEEKEND] && wf_sequence(c, v[C_WEEKEND], "'weekend'")) {
		unsigned mask = 0;
		bool ok = true;

		for (i = 0; i < wf_seq_len(v[C_WEEKEND]); i++) {
			yaml_node_t *d = wf_seq_item(c, v[C_WEEKEND], i);
			const char *name = d ? wf_scalar(c, d, "a weekend day") : NULL;
			ptrdiff_t w;

			if (!name) {
				ok = false;
				continue;
			}
			w = wf_find(weekday_names, 7, name);
			if (w < 0) {
				wf_at(c, d->start_mark, "invalid-weekday", "unknown weekday '%s'", name);
				wf_hint_closest(c, name, weekday_names, 7);
				ok = false;
				continue;
			}
			mask |= 1u << w;
		}
		if (ok && mask == 0x7f)
			wf_at(c, v[C_WEEKEND]->start_mark, "no-working-days",
				"every day of the week is a weekend day, so no working-day deadline can end");
		else if (ok)
			out->weekend_mask = mask;
	}
	{
		dossier_date *own = NULL, *all;
		size_t nown = 0, total, i2, m;
		int from = 0, to = 0;

		if (v[C_HOLIDAYS])
			nown = read_holidays(c, v[C_HOLIDAYS], "'holidays'", 0, &own);
		if (v[C_INCLUDE])
			load_includes(c, v[C_INCLUDE]);
		total = nown;
		for (i = 0; i < c->impl->nincludes; i++)
			total += c->impl->includes[i].nholidays;
		if (!total || !(all = wf_alloc(c, total, sizeof(*all))))
			return;
		m = 0;
		for (i2 = 0; i2 < nown; i2++)
			all[m++] = own[i2];
		for (i = 0; i < c->impl->nincludes; i++) {
			const wf_include *inc = &c->impl->includes[i];

			for (i2 = 0; i2 < inc->nholidays; i2++)
				all[m++] = inc->holidays[i2];
			if (inc->year && (!from || inc->year < from))
				from = inc->year;
			if (inc->year > to)
				to = inc->year;
		}
		m = sort_dates(all, m);
		if (m) {
			if (!from || all[0].year < from)
				from = all[0].year;
			if (all[m - 1].year > to)
				to = all[m - 1].year;
		}
		out->holidays = all;
		out->nholidays = m;
		c->impl->pub.holidays_from = from;
		c->impl->pub.holidays_to = to;
	}
}

static void load_roles(wf_ctx *c, yaml_node_t *n)
{
	dossier_workflow *wf = &c->impl->pub;
	dossier_role *roles;
	yaml_node_pair_t *p;
	size_t i = 0;

	if (n->type != YAML_MAPPING_NODE) {
		wf_at(c, n->start_mark, "wrong-type", "'roles' must be a mapping of role ids, not %s", wf_kind_name(n));
		return;
	}
	roles = wf_alloc(c, wf_map_len(n), sizeof(*roles));
	if (!roles)
		return;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++, i++) {
		yaml_node_t *k = wf_node(c, p->key), *body = wf_node(c, p->value);
		yaml_node_t *v[R_N], *kk[R_N];
		dossier_role *r;
		size_t j;

		if (!k || !body)
			continue;
		if (!c->role_ids[i]) {
			if (k->type != YAML_SCALAR_NODE || wf_is_null(k))
				wf_at(c, k->start_mark, "wrong-type", "a role id must be a string, not %s", wf_kind_name(k));
			continue; /* otherwise a duplicate, reported already */
		}
		r = &roles[wf->nroles];
		if (!wf_id_value(c, k, "role id"))
			continue;
		r->id = wf_strdup(c, c->role_ids[i]);
		r->title = r->id;
		r->line = (unsigned)k->start_mark.line + 1;
		r->column = (unsigned)k->start_mark.column + 1;
		wf->nroles++;
		if (wf_fields(c, body, "a role", role_keys, R_N, v, kk) < 0)
			continue;
		if (v[R_TITLE]) {
			const char *t = wf_scalar(c, v[R_TITLE], "a role's 'title'");

			if (t)
				r->title = wf_strdup(c, t);
		}
		if (wf_require(c, body, v[R_MAY], "may", "a role") < 0 || !wf_sequence(c, v[R_MAY], "'may'"))
			continue;
		for (j = 0; j < wf_seq_len(v[R_MAY]); j++) {
			yaml_node_t *a = wf_seq_item(c, v[R_MAY], j);
			const char *name = a ? wf_scalar(c, a, "an action") : NULL;
			ptrdiff_t x;

			if (!name)
				continue;
			x = wf_find(action_names, NACTIONS, name);
			if (x < 0) {
				wf_at(c, a->start_mark, "unknown-action", "unknown action '%s' for role '%s'", name, r->id);
				c->roles_incomplete = 1;
				wf_hint_closest(c, name, action_names, NACTIONS);
				continue;
			}
			r->actions |= 1u << x;
		}
	}
	wf->roles = roles;
}

/* A participant's name is the author name of every commit they make, and
 * git cannot carry '<', '>' or a line break there, nor a name of blanks
 * (libgit2 would refuse each action later, far from the definition). */
static bool valid_name(wf_ctx *c, yaml_node_t *n, const char *name, const char *id)
{
	const char *bad = strpbrk(name, "<>\n\r");
	const char *p;

	if (bad) {
		yaml_mark_t at = n->start_mark;

		/* A plain scalar on one line is the text as written: point at the character. */
		if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && n->end_mark.line == at.line)
			for (p = name; p < bad; p++)
				at.column += ((unsigned char)*p & 0xC0) != 0x80;
		bool keep = wf_later_check(c, at, "invalid-name",
			"the name of participant '%s' holds %s, which a git author name cannot hold", id,
			*bad == '<' ? "'<'" : *bad == '>' ? "'>'" : "a line break");

		dossier_diags_hint(c->diags, "write the name without angle brackets, on one line");
		return keep;
	}
	for (p = name; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return wf_later_check(c, n->start_mark, "invalid-name", "the name of participant '%s' is blank", id);
	return true;
}

static void load_participants(wf_ctx *c, yaml_node_t *n)
{
	dossier_workflow *wf = &c->impl->pub;
	dossier_participant *ps;
	yaml_node_t **email_nodes;
	size_t i, len;

	if (!wf_sequence(c, n, "'participants'"))
		return;
	len = wf_seq_len(n);
	ps = wf_alloc(c, len, sizeof(*ps));
	email_nodes = wf_alloc(c, len, sizeof(*email_nodes));
	if (!ps || !email_nodes)
		return;
	for (i = 0; i < len; i++) {
		yaml_node_t *item = wf_seq_item(c, n, i), *v[P_N], *k[P_N];
		dossier_participant *p = &ps[wf->nparticipants];
		const char *id, *name, *role, *email = NULL;
		size_t j;
		bool dup = false;

		if (!item || wf_fields(c, item, "a participant", participant_keys, P_N, v, k) < 0) {
			c->roles_incomplete = 1;
			continue;
		}
		if (wf_require(c, item, v[P_ID], "id", "a participant") < 0 ||
		    !(id = wf_id_value(c, v[P_ID], "participant id")))
			continue;
		for (j = 0; j < wf->nparticipants; j++) {
			if (!strcmp(ps[j].id, id)) {
				wf_at(c, v[P_ID]->start_mark, "duplicate-participant", "duplicate participant '%s'", id);
				dossier_diags_hint(c->diags, "first given at line %u, column %u", ps[j].line, ps[j].column);
				dup = true;
				break;
			}
		}
		if (dup) {
			c->roles_incomplete = 1;
			continue;
		}
		name = NULL;
		if (wf_require(c, item, v[P_NAME], "name", "a participant") == 0 &&
		    (name = wf_scalar(c, v[P_NAME], "a participant's 'name'")) && !valid_name(c, v[P_NAME], name, id))
			name = NULL;
		role = NULL;
		if (wf_require(c, item, v[P_ROLE], "role", "a participant") == 0 &&
		    (role = wf_scalar(c, v[P_ROLE], "a participant's 'role'")) &&
		    wf_find(c->role_ids, c->nrole_ids, role) < 0) {
			wf_at(c, v[P_ROLE]->start_mark, "unknown-role", "unknown role '%s' for participant '%s'", role, id);
			c->roles_incomplete = 1;
			wf_hint_closest(c, role, c->role_ids, c->nrole_ids);
			role = NULL;
		}
		if (v[P_EMAIL] && (email = wf_scalar(c, v[P_EMAIL], "a participant's 'email'"))) {
			const char *atsign = strchr(email, '@');

			if (!atsign || atsign == email || !atsign[1] || strchr(atsign + 1, '@') ||
			    strpbrk(email, " \t<>,;")) {
				wf_at(c, v[P_EMAIL]->start_mark, "invalid-email", "'%s' is not an e-mail address", email);
				email = NULL;
			} else {
				for (j = 0; j < wf->nparticipants; j++) {
					if (ps[j].email && !strcasecmp(ps[j].email, email)) {
						wf_at(c, v[P_EMAIL]->start_mark, "duplicate-email",
							"e-mail '%s' of participant '%s' is also the e-mail of '%s'",
							email, id, ps[j].id);
						dossier_diags_hint(c->diags, "'%s' is at line %u, column %u", ps[j].id,
							(unsigned)email_nodes[j]->start_mark.line + 1,
							(unsigned)email_nodes[j]->start_mark.column + 1);
						email = NULL;
						break;
					}
				}
			}
		}
		p->id = wf_strdup(c, id);
		p->name = wf_strdup(c, name ? name : id);
		p->role = role ? wf_strdup(c, role) : NULL;
		p->email = email ? wf_strdup(c, email) : NULL;
		p->line = (unsigned)v[P_ID]->start_mark.line + 1;
		p->column = (unsigned)v[P_ID]->start_mark.column + 1;
		email_nodes[wf->nparticipants] = email ? v[P_EMAIL] : NULL;
		wf_load_participant_keys(c, p, v[P_KEY], v[P_KEYS]);
		wf->nparticipants++;
	}
	wf->participants = ps;
}

/* `deadline-rolls: next-working-day | none`. Without it: rolls, except in a
 * definition pinned before the key existed (no pinned document), whose
 * deadlines stay as they were counted. */
static void load_rolls(wf_ctx *c, yaml_node_t *n)
{
	dossier_workflow *wf = &c->impl->pub;
	const char *s;
	ptrdiff_t i;

	wf->deadline_rolls = !c->pinned || c->pin != NULL;
	if (c->pin && !n) {
		yaml_node_t *root = yaml_document_get_root_node(c->pin), *top[1], *topk[1], *pv[PIN_N], *pk[PIN_N];
		yaml_document_t *own = c->doc;

		c->doc = c->pin;
		if (root && wf_fields(c, root, "the pinned document", pin_top_keys, 1, top, topk) == 0 && top[0] &&
		    wf_fields(c, top[0], "'pinned'", pin_keys, PIN_N, pv, pk) == 0 && pv[PIN_ROLLS] &&
		    (s = wf_scalar(c, pv[PIN_ROLLS], "'deadline-rolls'")) != NULL)
			wf->deadline_rolls = strcmp(s, "none") != 0;
		c->doc = own;
		return;
	}
	if (!n || !(s = wf_scalar(c, n, "'deadline-rolls'")))
		return;
	if ((i = wf_find(rolls_names, 2, s)) < 0) {
		wf_at(c, n->start_mark, "invalid-value",
			"'deadline-rolls' is 'next-working-day' (the default) or 'none', not '%s'", s);
		wf_hint_closest(c, s, rolls_names, 2);
		return;
	}
	wf->deadline_rolls = i == 0;
}

/* An absolute deadline stays as written; say when it is not a working day
 * or lies beyond the years the calendar knows. */
static void warn_absolute_deadlines(wf_ctx *c)
{
	const dossier_workflow *wf = &c->impl->pub;
	static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
	size_t i;

	if (c->pinned)
		return;
	for (i = 0; i < wf->nstages; i++) {
		const dossier_stage *st = &wf->stages[i];
		char b[16];

		if (st->deadline.kind != DOSSIER_DEADLINE_DATE)
			continue;
		dossier_date_format(b, sizeof(b), &st->deadline.date);
		if (!dossier_calendar_is_working_day(&wf->calendar, &st->deadline.date)) {
			if (dossier_diags_add(c->diags, DOSSIER_SEVERITY_WARNING, "deadline-not-working-day", c->path,
					st->deadline.line, st->deadline.column,
					"stage '%s': its deadline %s is a %s, not a working day", st->id, b,
					dossier_calendar_is_holiday(&wf->calendar, &st->deadline.date) ? _("public holiday") :
					days[dossier_date_weekday(&st->deadline.date)]) < 0)
				c->oom = 1;
			else
				dossier_diags_hint(c->diags,
					"a date set by a decision stays as written (it does not roll, as periods do); check the decision");
		}
		if (wf->holidays_to && (st->deadline.date.year > wf->holidays_to ||
		    st->deadline.date.year < wf->holidays_from)) {
			if (dossier_diags_add(c->diags, DOSSIER_SEVERITY_WARNING, "beyond-calendar", c->path,
					st->deadline.line, st->deadline.column,
					"stage '%s': its deadline %s lies outside the years the calendar's holidays cover (%d to %d)",
					st->id, b, wf->holidays_from, wf->holidays_to) < 0)
				c->oom = 1;
			else
				dossier_diags_hint(c->diags, "include that year's calendar (workflows/calendars/) or list its holidays");
		}
	}
}

/* ---- the document ---- */

static void load_document(wf_ctx *c, yaml_node_t *root)
{
	dossier_workflow *wf = &c->impl->pub;
	yaml_node_t *v[K_TOP_N], *k[K_TOP_N];
	const char *s;

	if (root->type != YAML_MAPPING_NODE) {
		wf_at(c, root->start_mark, "wrong-type", "a workflow definition must be a mapping, not %s", wf_kind_name(root));
		return;
	}
	if (wf_fields(c, root, "the workflow", top_keys, K_TOP_N, v, k) < 0)
		return;
	/* Names first. */
	c->role_ids = collect_keys(c, v[K_ROLES], "role", &c->nrole_ids);
	c->stage_ids = collect_keys(c, v[K_STAGES], "stage", &c->nstage_ids);
	collect_participant_ids(c, v[K_PARTICIPANTS]);
	if (c->oom)
		return;

	if (wf_require(c, root, v[K_ID], "id", "the workflow") == 0 && (s = wf_id_value(c, v[K_ID], "workflow id")))
		wf->id = wf_strdup(c, s);
	if (wf_require(c, root, v[K_TITLE], "title", "the workflow") == 0 &&
	    (s = wf_scalar(c, v[K_TITLE], "'title'")))
		wf->title = wf_strdup(c, s);
	load_calendar(c, v[K_ZONE], v[K_CALENDAR]);
	load_rolls(c, v[K_ROLLS]);
	if (wf_require(c, root, v[K_ROLES], "roles", "the workflow") == 0)
		load_roles(c, v[K_ROLES]);
	if (wf_require(c, root, v[K_PARTICIPANTS], "participants", "the workflow") == 0)
		load_participants(c, v[K_PARTICIPANTS]);
	wf_load_signatures(c, v[K_SIGNATURES], v[K_VOUCHERS], v[K_KEY_MANAGERS]);
	if (wf_require(c, root, v[K_START], "start", "the workflow") == 0 && (s = wf_scalar(c, v[K_START], "'start'"))) {
		if (wf_find(c->stage_ids, c->nstage_ids, s) < 0) {
			wf_at(c, v[K_START]->start_mark, "unknown-stage", "unknown start stage '%s'", s);
			wf_hint_closest(c, s, c->stage_ids, c->nstage_ids);
		} else {
			wf->start = wf_strdup(c, s);
		}
	}
	if (!wf->start)
		c->graph_incomplete = 1;
	if (wf_require(c, root, v[K_STAGES], "stages", "the workflow") == 0)
		wf_load_stages(c, v[K_STAGES]);
	if (c->final_unknown)
		c->graph_incomplete = 1;
	warn_absolute_deadlines(c);
}

/* libyaml's reader errors carry an offset, not a mark. */
static void offset_place(const char *data, size_t len, size_t offset, unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * libyaml's scanner costs time in proportion to the flow nesting depth for
 * every token, so a file of a few hundred kilobytes of '[' would take
 * minutes. No definition nests flow collections deeply; refuse before
 * parsing. The count is of raw brackets, so quoted brackets count too,
 * which only matters far beyond any real definition.
 */
static int check_nesting(wf_ctx *c, const char *data, size_t len)
{
	size_t i, depth = 0;
	unsigned line = 1, col = 1;

	for (i = 0; i < len; i++) {
		char ch = data[i];

		if (ch == '[' || ch == '{') {
			if (++depth > FLOW_MAX_DEPTH) {
				if (wf_diag(c->diags, "nesting-too-deep", c->path, line, col,
						"brackets nest deeper than %d levels", FLOW_MAX_DEPTH) < 0)
					c->oom = 1;
				return -1;
			}
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			depth--;
		}
		if (ch == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)ch & 0xc0) != 0x80) {
			col++;
		}
	}
	return 0;
}

static void syntax_error(wf_ctx *c, yaml_parser_t *parser, const char *data, size_t len)
{
	unsigned line, col;

	if (parser->error == YAML_MEMORY_ERROR) {
		c->oom = 1;
		return;
	}
	if (parser->error == YAML_READER_ERROR) {
		offset_place(data, len, parser->problem_offset, &line, &col);
	} else {
		line = (unsigned)parser->problem_mark.line + 1;
		col = (unsigned)parser->problem_mark.column + 1;
	}
	if (wf_diag(c->diags, "yaml-syntax", c->path, line, col, "%s",
			parser->problem ? parser->problem : "invalid YAML") < 0) {
		c->oom = 1;
		return;
	}
	if (parser->problem && strstr(parser->problem, "mapping values are not allowed"))
		/* `title: Dự thảo: Nghị định`: the second ": " starts a mapping */
		dossier_diags_hint(c->diags, "a value holding ': ' must be quoted: title: \"Dự thảo: Nghị định …\"");
	else if (parser->context)
		dossier_diags_hint(c->diags, "%s at line %u, column %u", parser->context,
			(unsigned)parser->context_mark.line + 1, (unsigned)parser->context_mark.column + 1);
}

void dossier_workflow_free(dossier_workflow *wf)
{
	wf_impl *w = (wf_impl *)wf;
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->nblocks; i++)
		free(w->blocks[i]);
	free(w->blocks);
	free(w);
}

static int load_buffer(dossier_workflow **out, const char *path, const char *data, size_t len,
	int pinned, dossier_diags *diags, dossier_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc, next;
	dossier_diags *own = NULL;
	wf_ctx c;
	int rc = 0, have_doc = 0, have_next = 0;
	size_t errors_before;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	if (!path)
		path = "<buffer>";
	if (!diags) {
		if (dossier_diags_new(&own) < 0)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		diags = own;
	}
	errors_before = dossier_diags_errors(diags);
	c.path = path;
	c.diags = diags;
	c.pinned = pinned;
	c.impl = calloc(1, sizeof(*c.impl));
	if (!c.impl) {
		dossier_diags_free(own);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	c.impl->pub.path = wf_strdup(&c, path);

	if (check_nesting(&c, data, len) < 0)
		goto done;
	if (!yaml_parser_initialize(&parser)) {
		c.oom = 1;
		goto done;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		syntax_error(&c, &parser, data, len);
		yaml_parser_delete(&parser);
		goto done;
	}
	have_doc = 1;
	c.doc = &doc;
	/* One definition per file; a pinned one may have the document init
	 * wrote after it (wf_pinned_text). Look at what follows first. */
	if (yaml_document_get_root_node(&doc)) {
		if (!yaml_parser_load(&parser, &next)) {
			syntax_error(&c, &parser, data, len);
		} else {
			yaml_node_t *r2 = yaml_document_get_root_node(&next);

			have_next = 1;
			if (r2 && pinned && r2->type == YAML_MAPPING_NODE) {
				yaml_document_t third;

				c.pin = &next;
				if (!yaml_parser_load(&parser, &third)) {
					syntax_error(&c, &parser, data, len);
				} else {
					yaml_node_t *r3 = yaml_document_get_root_node(&third);

					if (r3)
						wf_at(&c, r3->start_mark, "multiple-documents",
							"a pinned definition holds two documents; a third starts here");
					yaml_document_delete(&third);
				}
			} else if (r2) {
				wf_at(&c, r2->start_mark, "multiple-documents",
					"a file holds one workflow definition; a second document starts here");
			}
		}
	}
	yaml_parser_delete(&parser);
	{
		yaml_node_t *root = yaml_document_get_root_node(&doc);

		if (!root)
			wf_diag(diags, "empty-file", path, 1, 1, "the workflow definition is empty");
		else
			load_document(&c, root);
	}
	if (have_next)
		yaml_document_delete(&next);
	c.pin = NULL;
	if (!c.oom && c.doc && yaml_document_get_root_node(&doc) &&
	    yaml_document_get_root_node(&doc)->type == YAML_MAPPING_NODE) {
		/* Reachability needs every edge: with a transition, a stage or the
		 * start dropped, only the deadline order is checked. */
		if (wf_check_graph(&c.impl->pub, diags, !c.graph_incomplete) < 0)
			c.oom = 1;
	}

done:
	if (have_doc)
		yaml_document_delete(&doc);
	if (c.oom) {
		dossier_workflow_free(&c.impl->pub);
		dossier_diags_free(own);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory while loading '%s'", path);
	}
	if (dossier_diags_errors(diags) > errors_before) {
		size_t i, n = dossier_diags_count(diags);

		dossier_workflow_free(&c.impl->pub);
		dossier_diags_sort(diags);
		for (i = 0; i < n; i++) {
			const dossier_diag *d = dossier_diags_get(diags, i);

			if (d->severity == DOSSIER_SEVERITY_ERROR && d->path && !strcmp(d->path, path)) {
				rc = dossier_error_set_at(err, DOSSIER_EINVALID, d->path, d->line, d->column,
					"%s [%s]", d->message, d->code ? d->code : "invalid");
				if (d->hint)
					dossier_error_set_hint(err, "%s", d->hint);
				break;
			}
		}
		if (rc == 0)
			rc = dossier_error_set(err, DOSSIER_EINVALID, "invalid workflow definition '%s'", path);
		dossier_diags_free(own);
		return rc;
	}
	dossier_diags_free(own);
	*out = &c.impl->pub;
	return 0;
}

int dossier_workflow_load_buffer(dossier_workflow **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err)
{
	return load_buffer(out, path, data, len, 0, diags, err);
}

int wf_load_pinned(dossier_workflow **out, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err)
{
	return load_buffer(out, path, data, len, 1, diags, err);
}

int wf_pinned_text(char **out, size_t *out_len, const dossier_workflow *wf, const char *text,
	size_t len, dossier_error *err)
{
	const wf_impl *w = (const wf_impl *)wf;
	dstr s = DSTR_INIT;
	size_t i, j;

	*out = NULL;
	dstr_add(&s, text, len);
	if (len && text[len - 1] != '\n')
		dstr_addc(&s, '\n');
	dstr_adds(&s, "---\n# Written by 'dossier init': what the definition above took from outside\n"
		"# itself when the dossier was opened (docs/workflow-format.md).\npinned:\n");
	dstr_addf(&s, "  deadline-rolls: %s\n", wf->deadline_rolls ? "next-working-day" : "none");
	dstr_adds(&s, "  calendars:");
	if (!w->nincludes)
		dstr_adds(&s, " []");
	dstr_addc(&s, '\n');
	for (i = 0; i < w->nincludes; i++) {
		const wf_include *inc = &w->includes[i];

		/* the path passed include_path_ok: nothing in it needs quoting */
		dstr_addf(&s, "    - path: \"%s\"\n      year: %d\n      holidays: [", inc->path, inc->year);
		for (j = 0; j < inc->nholidays; j++) {
			char b[16];

			dossier_date_format(b, sizeof(b), &inc->holidays[j]);
			dstr_addf(&s, "%s%s", j ? ", " : "", b);
		}
		dstr_adds(&s, "]\n");
	}
	if (s.oom) {
		dstr_free(&s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out_len = s.len;
	*out = dstr_detach(&s);
	return 0;
}

int dossier_workflow_load(dossier_workflow **out, const char *path,
	dossier_diags *diags, dossier_error *err)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = util_read_file(&data, &len, path, err)) < 0)
		return rc;
	rc = dossier_workflow_load_buffer(out, path, data, len, diags, err);
	free(data);
	return rc;
}
