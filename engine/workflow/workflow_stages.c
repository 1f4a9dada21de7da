/*
 * workflow_stages.c: the stages of a workflow definition: each stage's
 * keys, its deadline and minimum period, who may comment there, its
 * transitions and their guards (the fixed vocabulary combined with all/any).
 * Called by workflow_load.c once the roles and participants are loaded, so
 * that every name can be resolved and every problem reported in place.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "workflow/workflow_int.h"

#define GUARD_MAX_DEPTH 16
#define GUARD_MAX_NODES 1000

static const char *const guard_names[DOSSIER_GUARD__COUNT] = {
	[DOSSIER_GUARD_ALL] = NULL,
	[DOSSIER_GUARD_ANY] = NULL,
	[DOSSIER_GUARD_HAS_REVISION] = "has-revision",
	[DOSSIER_GUARD_REVISED_IN_STAGE] = "revised-in-stage",
	[DOSSIER_GUARD_DEADLINE_PASSED] = "deadline-passed",
	[DOSSIER_GUARD_MIN_PERIOD_ELAPSED] = "min-period-elapsed",
	[DOSSIER_GUARD_ALL_MEMBERS_COMMENTED] = "all-members-commented",
	[DOSSIER_GUARD_ALL_COMMENTS_ANSWERED] = "all-comments-answered",
	[DOSSIER_GUARD_CONSOLIDATED] = "consolidated",
	[DOSSIER_GUARD_ACCEPTED_TAKEN_IN] = "accepted-taken-in",
};

const char *dossier_guard_name(dossier_guard_kind kind)
{
	if ((int)kind < 0 || kind >= DOSSIER_GUARD__COUNT)
		return NULL;
	return guard_names[kind];
}

static const char *const stage_keys[] = {
	"title", "comments", "commenters", "deadline", "minimum", "final", "transitions"
};
enum { S_TITLE, S_COMMENTS, S_COMMENTERS, S_DEADLINE, S_MINIMUM, S_FINAL, S_TRANSITIONS, S_N };

static const char *const transition_keys[] = { "to", "roles", "when" };
enum { T_TO, T_ROLES, T_WHEN, T_N };

static const char *const combinator_keys[] = { "all", "any" };

/* ---- guards ---- */

static const dossier_guard *load_guard_into(wf_ctx *c, yaml_node_t *n, dossier_guard *g, int depth);

static int load_children(wf_ctx *c, yaml_node_t *list, dossier_guard *g, int depth, const char *what)
{
	dossier_guard *kids;
	size_t i, len = wf_seq_len(list), m = 0;

	if (len == 0)
		return wf_at(c, list->start_mark, "empty-guard", "'%s' needs at least one guard", what);
	kids = wf_alloc(c, len, sizeof(*kids));
	if (!kids)
		return -1;
	for (i = 0; i < len; i++) {
		yaml_node_t *item = wf_seq_item(c, list, i);

		if (item && load_guard_into(c, item, &kids[m], depth + 1))
			m++;
	}
	if (m != len)
		return -1;
	g->children = kids;
	g->nchildren = m;
	return 0;
}

/* Fill *g from a guard node; returns g, or NULL after reporting. */
static const dossier_guard *load_guard_into(wf_ctx *c, yaml_node_t *n, dossier_guard *g, int depth)
{
	g->line = (unsigned)n->start_mark.line + 1;
	g->column = (unsigned)n->start_mark.column + 1;
	if (depth > GUARD_MAX_DEPTH) {
		if (!c->deep_reported)
			wf_at(c, n->start_mark, "guard-too-deep", "guards nest deeper than %d levels", GUARD_MAX_DEPTH);
		c->deep_reported = 1;
		return NULL;
	}
	if (++c->guard_nodes > GUARD_MAX_NODES) {
		if (c->guard_nodes == GUARD_MAX_NODES + 1)
			wf_at(c, n->start_mark, "guard-too-large", "the guards of this definition have more than %d terms",
				GUARD_MAX_NODES);
		return NULL;
	}
	switch (n->type) {
	case YAML_SCALAR_NODE: {
		const char *name = wf_scalar(c, n, "a guard");
		ptrdiff_t k;

		if (!name)
			return NULL;
		k = wf_find(guard_names, DOSSIER_GUARD__COUNT, name);
		if (k < 0) {
			wf_at(c, n->start_mark, "unknown-guard", "unknown guard '%s'", name);
			if (!strcmp(name, "all") || !strcmp(name, "any"))
				dossier_diags_hint(c->diags, "'%s' takes a list: { %s: [...] }", name, name);
			else
				wf_hint_closest(c, name, guard_names, DOSSIER_GUARD__COUNT);
			return NULL;
		}
		g->kind = (dossier_guard_kind)k;
		return g;
	}
	case YAML_SEQUENCE_NODE:
		g->kind = DOSSIER_GUARD_ALL;
		return load_children(c, n, g, depth, "a guard list") == 0 ? g : NULL;
	case YAML_MAPPING_NODE: {
		yaml_node_t *k, *v;
		const char *key;

		if (wf_map_len(n) != 1) {
			wf_at(c, n->start_mark, "wrong-type", "a guard mapping has exactly one key, 'all' or 'any'");
			return NULL;
		}
		k = wf_node(c, n->data.mapping.pairs.start[0].key);
		v = wf_node(c, n->data.mapping.pairs.start[0].value);
		if (!k || !v || k->type != YAML_SCALAR_NODE) {
			wf_at(c, n->start_mark, "wrong-type", "a guard mapping has exactly one key, 'all' or 'any'");
			return NULL;
		}
		key = (const char *)k->data.scalar.value;
		if (strcmp(key, "all") && strcmp(key, "any")) {
			wf_at(c, k->start_mark, "unknown-key", "unknown key '%s' in a guard", key);
			if (wf_find(guard_names, DOSSIER_GUARD__COUNT, key) >= 0)
				dossier_diags_hint(c->diags, "a guard is a name, a list, or { all: [...] } / { any: [...] }");
			else
				wf_hint_closest(c, key, combinator_keys, 2);
			return NULL;
		}
		g->kind = key[1] == 'l' ? DOSSIER_GUARD_ALL : DOSSIER_GUARD_ANY;
		if (!wf_sequence(c, v, key[1] == 'l' ? "'all'" : "'any'"))
			return NULL;
		return load_children(c, v, g, depth, key) == 0 ? g : NULL;
	}
	default:
		wf_at(c, n->start_mark, "wrong-type", "a guard must be a name, a list or a mapping");
		return NULL;
	}
}

/* A guard that can never mean anything in its stage. */
static void check_guard_applies(wf_ctx *c, const dossier_guard *g, const dossier_stage *s)
{
	size_t i;
	const char *why = NULL;

	switch (g->kind) {
	case DOSSIER_GUARD_ALL:
	case DOSSIER_GUARD_ANY:
		for (i = 0; i < g->nchildren; i++)
			check_guard_applies(c, &g->children[i], s);
		return;
	case DOSSIER_GUARD_DEADLINE_PASSED:
		if (s->deadline.kind == DOSSIER_DEADLINE_NONE)
			why = "it has no 'deadline'";
		break;
	case DOSSIER_GUARD_MIN_PERIOD_ELAPSED:
		if (!s->has_min_period)
			why = "it has no 'minimum'";
		break;
	case DOSSIER_GUARD_ALL_MEMBERS_COMMENTED:
		if (!s->comments_open)
			why = "its comments are not open";
		break;
	default:
		break;
	}
	if (why && dossier_diags_add(c->diags, DOSSIER_SEVERITY_ERROR, "guard-not-applicable", c->path,
			g->line, g->column, "guard '%s' cannot be used in stage '%s': %s",
			dossier_guard_name(g->kind), s->id, why) < 0)
		c->oom = 1;
}

/* ---- stages ---- */

static void load_transitions(wf_ctx *c, yaml_node_t *list, dossier_stage *s)
{
	dossier_workflow *wf = &c->impl->pub;
	dossier_transition *ts;
	size_t i, len = wf_seq_len(list);

	ts = wf_alloc(c, len, sizeof(*ts));
	if (!ts)
		return;
	for (i = 0; i < len; i++) {
		yaml_node_t *item = wf_seq_item(c, list, i), *v[T_N], *k[T_N];
		dossier_transition *t = &ts[s->ntransitions];
		const char *to;
		bool drop = false; /* reported: the transition is not kept, but the rest is checked */

		memset(t, 0, sizeof(*t));
		if (!item || wf_fields(c, item, "a transition", transition_keys, T_N, v, k) < 0)
			continue;
		t->line = (unsigned)item->start_mark.line + 1;
		t->column = (unsigned)item->start_mark.column + 1;
		if (wf_require(c, item, v[T_TO], "to", "a transition") < 0 || !(to = wf_scalar(c, v[T_TO], "'to'"))) {
			drop = true;
		} else if (wf_find(c->stage_ids, c->nstage_ids, to) < 0) {
			wf_at(c, v[T_TO]->start_mark, "unknown-stage", "unknown stage '%s'", to);
			wf_hint_closest(c, to, c->stage_ids, c->nstage_ids);
			drop = true;
		} else {
			t->target = wf_strdup(c, to);
		}
		if (v[T_ROLES]) {
			size_t j, m = 0, nr;
			const char **roles;

			if (!wf_sequence(c, v[T_ROLES], "'roles'"))
				continue;
			nr = wf_seq_len(v[T_ROLES]);
			roles = wf_alloc(c, nr, sizeof(*roles));
			if (!roles)
				return;
			for (j = 0; j < nr; j++) {
				yaml_node_t *rn = wf_seq_item(c, v[T_ROLES], j);
				const char *r = rn ? wf_scalar(c, rn, "a role") : NULL;

				if (!r)
					continue;
				if (wf_find(c->role_ids, c->nrole_ids, r) < 0) {
					wf_at(c, rn->start_mark, "unknown-role", "unknown role '%s'", r);
					wf_hint_closest(c, r, c->role_ids, c->nrole_ids);
					continue;
				}
				if (dossier_workflow_role(wf, r) && !(wf_role_actions(wf, r) & DOSSIER_ACTION_ADVANCE)) {
					wf_at(c, rn->start_mark, "role-cannot-advance",
						"role '%s' may take this transition but has no 'advance' action", r);
					continue;
				}
				roles[m++] = wf_strdup(c, r);
			}
			t->roles = roles;
			t->nroles = m;
		} else {
			/* Default: every role that may advance. */
			size_t j, m = 0;
			const char **roles = wf_alloc(c, wf->nroles, sizeof(*roles));

			if (!roles)
				return;
			for (j = 0; j < wf->nroles; j++)
				if (wf->roles[j].actions & DOSSIER_ACTION_ADVANCE)
					roles[m++] = wf->roles[j].id;
			if (m == 0) {
				wf_at(c, item->start_mark, "role-cannot-advance",
					"no role may take this transition: no role has the 'advance' action");
				continue;
			}
			t->roles = roles;
			t->nroles = m;
		}
		if (v[T_WHEN] && !wf_is_null(v[T_WHEN])) {
			dossier_guard *g = wf_alloc(c, 1, sizeof(*g));

			c->deep_reported = 0;
			if (!g || !load_guard_into(c, v[T_WHEN], g, 1))
				continue;
			t->guard = g;
			if (!c->stage_unsure)
				check_guard_applies(c, g, s);
		}
		if (!drop)
			s->ntransitions++;
	}
	s->transitions = ts;
	if (s->ntransitions != len)
		c->graph_incomplete = 1;
}

static bool may_comment(const dossier_workflow *wf, const char *role)
{
	return (wf_role_actions(wf, role) & DOSSIER_ACTION_COMMENT) != 0;
}

static bool role_has_participant(const dossier_workflow *wf, const char *role)
{
	size_t i;

	for (i = 0; i < wf->nparticipants; i++)
		if (wf->participants[i].role && !strcmp(wf->participants[i].role, role))
			return true;
	return false;
}

static void load_commenters(wf_ctx *c, yaml_node_t *list, dossier_stage *s)
{
	const dossier_workflow *wf = &c->impl->pub;
	size_t i, len = wf_seq_len(list), m = 0;
	const char **ids = wf_alloc(c, len, sizeof(*ids));
	const char **cands;

	cands = wf_alloc(c, c->nrole_ids + c->nparticipant_ids + 1, sizeof(*cands));
	if (!ids || !cands)
		return;
	for (i = 0; i < c->nrole_ids; i++)
		cands[i] = c->role_ids[i];
	for (i = 0; i < c->nparticipant_ids; i++)
		cands[c->nrole_ids + i] = c->participant_ids[i];
	for (i = 0; i < len; i++) {
		yaml_node_t *n = wf_seq_item(c, list, i);
		const char *id = n ? wf_scalar(c, n, "a commenter") : NULL;
		const dossier_role *r;
		const dossier_participant *p;

		if (!id)
			continue;
		r = dossier_workflow_role(wf, id);
		p = r ? NULL : dossier_workflow_participant(wf, id);
		if (!r && !p) {
			if (wf_find(c->role_ids, c->nrole_ids, id) < 0 &&
			    wf_find(c->participant_ids, c->nparticipant_ids, id) < 0) {
				wf_at(c, n->start_mark, "unknown-commenter", "'%s' is neither a role nor a participant", id);
				wf_hint_closest(c, id, cands, c->nrole_ids + c->nparticipant_ids);
			}
			continue; /* otherwise its own definition was reported */
		}
		if ((r && !(r->actions & DOSSIER_ACTION_COMMENT)) || (p && p->role && !may_comment(wf, p->role))) {
			wf_at(c, n->start_mark, "cannot-comment", "%s '%s' has no 'comment' action",
				r ? "role" : "participant", id);
			continue;
		}
		ids[m++] = wf_strdup(c, id);
	}
	s->commenters = ids;
	s->ncommenters = m;
}

/* Nobody at all who may comment in a stage whose comments are open. */
static bool stage_has_commenter(const dossier_workflow *wf, const dossier_stage *s)
{
	size_t i;

	if (s->ncommenters == 0) {
		for (i = 0; i < wf->nparticipants; i++)
			if (may_comment(wf, wf->participants[i].role))
				return true;
		return false;
	}
	for (i = 0; i < s->ncommenters; i++) {
		const dossier_role *r = dossier_workflow_role(wf, s->commenters[i]);

		if (r ? role_has_participant(wf, r->id) : dossier_workflow_participant(wf, s->commenters[i]) != NULL)
			return true;
	}
	return false;
}

static void load_stage(wf_ctx *c, yaml_node_t *k, yaml_node_t *body, dossier_stage *s)
{
	const dossier_workflow *wf = &c->impl->pub;
	yaml_node_t *v[S_N], *kk[S_N];
	bool commenters_ok = true;

	size_t before = dossier_diags_count(c->diags);

	s->title = s->id;
	c->stage_unsure = 0;
	if (wf_fields(c, body, "a stage", stage_keys, S_N, v, kk) < 0)
		return;
	if (v[S_TITLE]) {
		const char *t = wf_scalar(c, v[S_TITLE], "a stage's 'title'");

		if (t)
			s->title = wf_strdup(c, t);
	}
	if (v[S_FINAL] && wf_boolean(c, v[S_FINAL], "'final'", &s->final) < 0) {
		c->final_unknown = 1;
		c->stage_unsure = 1;
	}
	if (v[S_COMMENTS]) {
		const char *o = wf_scalar(c, v[S_COMMENTS], "'comments'");

		if (o && !strcmp(o, "open"))
			s->comments_open = true;
		else if (o && strcmp(o, "closed"))
			wf_at(c, v[S_COMMENTS]->start_mark, "wrong-type", "'comments' must be open or closed, not '%s'", o);
	}
	if (v[S_COMMENTERS]) {
		if (!s->comments_open)
			wf_at(c, kk[S_COMMENTERS]->start_mark, "commenters-without-comments",
				"stage '%s' names commenters but its comments are not open", s->id);
		if (wf_sequence(c, v[S_COMMENTERS], "'commenters'")) {
			size_t n0 = dossier_diags_count(c->diags);

			load_commenters(c, v[S_COMMENTERS], s);
			commenters_ok = dossier_diags_count(c->diags) == n0;
		} else {
			commenters_ok = false;
		}
	}
	if (s->comments_open && commenters_ok && !c->roles_incomplete && !stage_has_commenter(wf, s)) {
		wf_at(c, v[S_COMMENTERS] ? v[S_COMMENTERS]->start_mark : v[S_COMMENTS]->start_mark, "no-commenters",
			"comments are open in stage '%s' but nobody may comment there", s->id);
		dossier_diags_hint(c->diags, "a participant needs a role with the 'comment' action%s",
			v[S_COMMENTERS] ? " among the commenters" : "");
	}
	if (v[S_DEADLINE]) {
		const char *d = wf_scalar(c, v[S_DEADLINE], "'deadline'");

		s->deadline.line = (unsigned)v[S_DEADLINE]->start_mark.line + 1;
		s->deadline.column = (unsigned)v[S_DEADLINE]->start_mark.column + 1;
		if (d && wf_looks_like_date(d)) {
			if (wf_date_value(c, v[S_DEADLINE], "deadline", &s->deadline.date) == 0)
				s->deadline.kind = DOSSIER_DEADLINE_DATE;
		} else if (d && wf_period_value(c, v[S_DEADLINE], "deadline", &s->deadline.period) == 0) {
			s->deadline.kind = DOSSIER_DEADLINE_PERIOD;
		}
	}
	if (v[S_MINIMUM] && wf_period_value(c, v[S_MINIMUM], "minimum", &s->min_period) == 0)
		s->has_min_period = true;
	if (s->has_min_period && s->deadline.kind == DOSSIER_DEADLINE_PERIOD &&
	    s->deadline.period.unit == s->min_period.unit && s->deadline.period.days < s->min_period.days)
		wf_at(c, v[S_DEADLINE]->start_mark, "deadline-before-minimum",
			"the deadline of stage '%s' ends before its minimum period", s->id);
	/* A key or a value of this stage that could not be read: do not guess
	 * what the guards may rely on. */
	if (dossier_diags_count(c->diags) != before)
		c->stage_unsure = 1;
	if (v[S_TRANSITIONS]) {
		if (s->final) {
			wf_at(c, kk[S_TRANSITIONS]->start_mark, "final-with-transitions",
				"final stage '%s' has transitions", s->id);
		} else if (!wf_sequence(c, v[S_TRANSITIONS], "'transitions'")) {
			c->graph_incomplete = 1;
		} else {
			load_transitions(c, v[S_TRANSITIONS], s);
			if (wf_seq_len(v[S_TRANSITIONS]) == 0)
				wf_at(c, kk[S_TRANSITIONS]->start_mark, "no-transitions",
					"stage '%s' is not final and has no transitions", s->id);
		}
	} else if (!s->final && !c->stage_unsure) {
		wf_at(c, k->start_mark, "no-transitions", "stage '%s' is not final and has no transitions", s->id);
		dossier_diags_hint(c->diags, "add 'transitions', or 'final: true'");
	}
}

void wf_load_stages(wf_ctx *c, yaml_node_t *n)
{
	dossier_workflow *wf = &c->impl->pub;
	dossier_stage *stages;
	yaml_node_pair_t *p;
	size_t i = 0;

	if (n->type != YAML_MAPPING_NODE) {
		wf_at(c, n->start_mark, "wrong-type", "'stages' must be a mapping of stage ids, not %s", wf_kind_name(n));
		return;
	}
	if (wf_map_len(n) == 0) {
		wf_at(c, n->start_mark, "missing-key", "'stages' names no stage");
		return;
	}
	stages = wf_alloc(c, wf_map_len(n), sizeof(*stages));
	if (!stages)
		return;
	wf->stages = stages;
	/* Ids first, so that lookups work while transitions load. */
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++, i++) {
		yaml_node_t *k = wf_node(c, p->key);
		dossier_stage *s;

		if (!k)
			continue;
		if (!c->stage_ids[i]) {
			if (k->type != YAML_SCALAR_NODE || wf_is_null(k))
				wf_at(c, k->start_mark, "wrong-type", "a stage id must be a string, not %s", wf_kind_name(k));
			c->graph_incomplete = 1;
			continue; /* otherwise a duplicate, reported already */
		}
		if (!wf_id_value(c, k, "stage id")) {
			c->graph_incomplete = 1;
			continue;
		}
		s = &stages[wf->nstages++];
		s->id = wf_strdup(c, c->stage_ids[i]);
		s->line = (unsigned)k->start_mark.line + 1;
		s->column = (unsigned)k->start_mark.column + 1;
	}
	for (p = n->data.mapping.pairs.start, i = 0; p < n->data.mapping.pairs.top && !c->oom; p++) {
		yaml_node_t *k = wf_node(c, p->key), *body = wf_node(c, p->value);

		if (!k || !body || i >= wf->nstages)
			continue;
		if (k->type != YAML_SCALAR_NODE || !wf->stages[i].id ||
		    strcmp((const char *)k->data.scalar.value, wf->stages[i].id) ||
		    (unsigned)k->start_mark.line + 1 != wf->stages[i].line ||
		    (unsigned)k->start_mark.column + 1 != wf->stages[i].column)
			continue; /* a key that did not make a stage (duplicate, bad id) */
		load_stage(c, k, body, &stages[i]);
		i++;
	}
	if (!c->oom) {
		size_t nfinal = 0;

		for (i = 0; i < wf->nstages; i++)
			nfinal += wf->stages[i].final;
		if (wf->nstages && nfinal == 0 && !c->final_unknown)
			wf_at(c, n->start_mark, "no-final-stage", "no stage is final");
	}
}

