/*
 * machine.c: the workflow's transition function (see dossier/machine.h).
 *
 * dossier_machine_step() decides one request in a fixed order: the request
 * is well formed, the actor is a participant, the stage is not final (a
 * final stage only lets people read), the actor's role has the action, then
 * the rules of the action: a comment needs the stage's comment window open,
 * the actor among its commenters and the deadline not yet past; an advance
 * needs a transition of the current stage to the target, the actor's role
 * among the transition's roles and its guard to hold. A refusal names what
 * failed in err->message and what would allow it in err->hint.
 *
 * Guards are explained as they are evaluated: each unmet leaf gives a
 * reason ("not every member has commented: most, hanoi have not") and a
 * remedy ("wait until every member has commented"); all/any combine them.
 * Pure: no I/O, no clock, no allocation kept after return.
 */
#include "dossier/machine.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---- lookups over the definition (linear: definitions are small) ---- */

static const dossier_stage *find_stage(const dossier_workflow *wf, const char *id)
{
	size_t i;

	for (i = 0; id && i < wf->nstages; i++)
		if (!strcmp(wf->stages[i].id, id))
			return &wf->stages[i];
	return NULL;
}

static const dossier_participant *find_participant(const dossier_workflow *wf, const char *id)
{
	size_t i;

	for (i = 0; id && i < wf->nparticipants; i++)
		if (!strcmp(wf->participants[i].id, id))
			return &wf->participants[i];
	return NULL;
}

static const dossier_role *find_role(const dossier_workflow *wf, const char *id)
{
	size_t i;

	for (i = 0; id && i < wf->nroles; i++)
		if (!strcmp(wf->roles[i].id, id))
			return &wf->roles[i];
	return NULL;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (list[i] && !strcmp(list[i], s))
			return true;
	return false;
}

/* An action as the messages name it (translated: the workflow's YAML
 * spells the keywords in English whatever the language). */
static const char *action_name(unsigned action)
{
	switch (action) {
	/* TRANSLATORS: the actions of a role, in "'mof' may not %s: role 'member' may %s". */
	case DOSSIER_ACTION_REVISE: return _("revise");
	case DOSSIER_ACTION_ADVANCE: return _("advance");
	case DOSSIER_ACTION_COMMENT: return _("comment");
	case DOSSIER_ACTION_RESPOND: return _("respond");
	case DOSSIER_ACTION_READ: return _("read");
	default: return _("act");
	}
}

static void add_actions(dstr *s, unsigned actions)
{
	unsigned bit;
	bool first = true;

	for (bit = 1; bit <= DOSSIER_ACTION_READ; bit <<= 1) {
		if (!(actions & bit))
			continue;
		dstr_addf(s, "%s%s", first ? "" : ", ", action_name(bit));
		first = false;
	}
	if (first)
		dstr_adds(s, "nothing");
}

/* Whether a participant may comment in a stage: the role has the comment
 * action and, where the stage names its commenters, the participant or
 * their role is named. */
bool dossier_machine_may_comment(const dossier_workflow *wf, const dossier_stage *st,
	const dossier_participant *p)
{
	const dossier_role *role = find_role(wf, p->role);

	if (!role || !(role->actions & DOSSIER_ACTION_COMMENT))
		return false;
	if (!st->ncommenters)
		return true;
	return in_list(st->commenters, st->ncommenters, p->id) ||
		in_list(st->commenters, st->ncommenters, p->role);
}

/* "2 days 3 hours", "5 minutes", "40 seconds": the two largest units. */
static void add_duration(dstr *s, int64_t secs)
{
	int64_t days, hours, mins;

	if (secs < 0)
		secs = 0;
	days = secs / DOSSIER_SECONDS_PER_DAY;
	hours = secs / DOSSIER_SECONDS_PER_HOUR % 24;
	mins = secs / 60 % 60;
	if (days > 0) {
		dstr_addf(s, P_("%lld day", "%lld days", (unsigned long)days), (long long)days);
		if (hours)
			dstr_addf(s, P_(" %lld hour", " %lld hours", (unsigned long)hours), (long long)hours);
	} else if (hours > 0) {
		dstr_addf(s, P_("%lld hour", "%lld hours", (unsigned long)hours), (long long)hours);
		if (mins)
			dstr_addf(s, P_(" %lld minute", " %lld minutes", (unsigned long)mins), (long long)mins);
	} else if (mins > 0) {
		dstr_addf(s, P_("%lld minute", "%lld minutes", (unsigned long)mins), (long long)mins);
	} else {
		dstr_addf(s, P_("%lld second", "%lld seconds", (unsigned long)secs), (long long)secs);
	}
}

/* ---- deadlines and periods ---- */

static dossier_time period_end(const dossier_workflow *wf, const dossier_period *p,
	dossier_time entered_at)
{
	dossier_date entered = dossier_calendar_date_of(&wf->calendar, entered_at);
	dossier_date last = dossier_calendar_period_end(&wf->calendar, &entered, p->days, p->unit,
		wf->deadline_rolls);

	return dossier_calendar_end_of(&wf->calendar, &last);
}

bool dossier_machine_deadline(dossier_time *out, const dossier_workflow *wf,
	const dossier_stage *stage, dossier_time entered_at)
{
	if (!wf || !stage)
		return false;
	switch (stage->deadline.kind) {
	case DOSSIER_DEADLINE_DATE:
		*out = dossier_calendar_end_of(&wf->calendar, &stage->deadline.date);
		return true;
	case DOSSIER_DEADLINE_PERIOD:
		*out = period_end(wf, &stage->deadline.period, entered_at);
		return true;
	default:
		return false;
	}
}

/* ---- guards ---- */

typedef struct guard_ctx {
	const dossier_workflow *wf;
	const dossier_stage *stage;
	const dossier_state *state;
	const dossier_facts *facts;
	dossier_time now;
} guard_ctx;

/* An unmet condition: why it is unmet and what would meet it. */
typedef struct unmet {
	dstr why;
	dstr allow;
} unmet;

static void unmet_free(unmet *u)
{
	dstr_free(&u->why);
	dstr_free(&u->allow);
}

/* The day after a moment's date: when "wait until" is over. */
static void add_day_after(dstr *s, const dossier_workflow *wf, dossier_time t)
{
	dossier_date d = dossier_calendar_date_of(&wf->calendar, t + 1);
	char buf[16];

	dossier_date_format(buf, sizeof(buf), &d);
	dstr_adds(s, buf);
}

static bool leaf_holds(const guard_ctx *c, dossier_guard_kind kind, unmet *u)
{
	const dossier_facts *f = c->facts;
	dossier_time end;
	char when[40];
	size_t i, missing = 0;

	switch (kind) {
	case DOSSIER_GUARD_HAS_REVISION:
		if (f && f->revisions > 0)
			return true;
		dstr_adds(&u->why, _("there is no revision yet"));
		dstr_adds(&u->allow, _("revise the draft"));
		return false;
	case DOSSIER_GUARD_REVISED_IN_STAGE:
		if (f && f->revised_in_stage)
			return true;
		dstr_addf(&u->why, _("the draft was not revised in stage '%s'"), c->stage->id);
		dstr_addf(&u->allow, _("revise the draft in stage '%s'"), c->stage->id);
		return false;
	case DOSSIER_GUARD_DEADLINE_PASSED:
		if (!dossier_machine_deadline(&end, c->wf, c->stage, c->state->entered_at)) {
			dstr_addf(&u->why, _("stage '%s' has no deadline"), c->stage->id);
			dstr_addf(&u->allow, _("give stage '%s' a deadline in the workflow"), c->stage->id);
			return false;
		}
		if (c->now > end)
			return true;
		dossier_time_format(when, sizeof(when), &c->wf->calendar, end);
		dstr_addf(&u->why, _("the deadline of stage '%s' has not passed (it ends at %s)"),
			c->stage->id, when);
		{
			dstr day = DSTR_INIT;

			add_day_after(&day, c->wf, end);
			dstr_addf(&u->allow, _("wait until %s when the deadline has passed"), day.ptr ? day.ptr : "");
			dstr_free(&day);
		}
		return false;
	case DOSSIER_GUARD_MIN_PERIOD_ELAPSED:
		if (!c->stage->has_min_period)
			return true;
		end = period_end(c->wf, &c->stage->min_period, c->state->entered_at);
		if (c->now > end)
			return true;
		dossier_time_format(when, sizeof(when), &c->wf->calendar, end);
		{
			unsigned long n = (unsigned long)c->stage->min_period.days;
			dstr day = DSTR_INIT;

			dstr_addf(&u->why, c->stage->min_period.unit == DOSSIER_DAYS_WORKING ?
				P_("the minimum period of stage '%s' (%d working day) has not elapsed (it ends at %s)",
				   "the minimum period of stage '%s' (%d working days) has not elapsed (it ends at %s)", n) :
				P_("the minimum period of stage '%s' (%d day) has not elapsed (it ends at %s)",
				   "the minimum period of stage '%s' (%d days) has not elapsed (it ends at %s)", n),
				c->stage->id, c->stage->min_period.days, when);
			add_day_after(&day, c->wf, end);
			dstr_addf(&u->allow, _("wait until %s when the minimum period has elapsed"), day.ptr ? day.ptr : "");
			dstr_free(&day);
		}
		return false;
	case DOSSIER_GUARD_ALL_MEMBERS_COMMENTED: {
		dstr names = DSTR_INIT;

		for (i = 0; i < c->wf->nparticipants; i++) {
			const dossier_participant *p = &c->wf->participants[i];
			if (!dossier_machine_may_comment(c->wf, c->stage, p))
				continue;
			if (f && in_list(f->commenters, f->ncommenters, p->id))
				continue;
			dstr_addf(&names, "%s%s", missing ? ", " : "", p->id);
			missing++;
		}
		if (!missing) {
			dstr_free(&names);
			return true;
		}
		dstr_addf(&u->why, P_("not every member has commented: %s has not",
			"not every member has commented: %s have not", (unsigned long)missing), names.ptr);
		dstr_addf(&u->allow, P_("wait until every member has commented: %s has not",
			"wait until every member has commented: %s have not", (unsigned long)missing), names.ptr);
		dstr_free(&names);
		return false;
	}
	case DOSSIER_GUARD_ALL_COMMENTS_ANSWERED:
		if (!f || f->unanswered == 0)
			return true;
		dstr_addf(&u->why, P_("%zu comment has no response", "%zu comments have no response",
			f->unanswered), f->unanswered);
		dstr_addf(&u->allow, P_("respond to the %zu unanswered comment", "respond to the %zu unanswered comments",
			f->unanswered), f->unanswered);
		return false;
	case DOSSIER_GUARD_CONSOLIDATED:
		if (f && f->consolidated)
			return true;
		dstr_adds(&u->why, _("the latest revision does not take in the accepted comments"));
		dstr_adds(&u->allow, _("revise the draft to take in the accepted comments"));
		return false;
	case DOSSIER_GUARD_ACCEPTED_TAKEN_IN:
		if (!f || f->untaken == 0)
			return true;
		dstr_addf(&u->why, P_("%zu accepted comment is not taken in (the provision is unchanged since): %s",
			"%zu accepted comments are not taken in (the provision is unchanged since): %s", f->untaken),
			f->untaken, f->untaken_list ? f->untaken_list : "");
		dstr_adds(&u->allow, P_("revise the draft to take it in, or say how it was taken in otherwise "
			"(respond ID --accept --reason R --taken-otherwise HOW)",
			"revise the draft to take them in, or say how each was taken in otherwise "
			"(respond ID --accept --reason R --taken-otherwise HOW)", f->untaken));
		return false;
	default:
		dstr_addf(&u->why, _("unknown guard %d"), (int)kind);
		return false;
	}
}

static bool guard_uses(const dossier_guard *g, dossier_guard_kind kind)
{
	size_t i;

	if (!g)
		return false;
	if (g->kind == kind)
		return true;
	for (i = 0; i < g->nchildren; i++)
		if (guard_uses(&g->children[i], kind))
			return true;
	return false;
}

/* Append `src` to `dst`, after `sep` when dst is not empty. In a list of
 * remedies joined by "or"/"and", a repeated leading "wait " is dropped:
 * "wait until 2025-07-26 …, or until every member has commented". */
static void join(dstr *dst, const char *sep, const dstr *src, bool drop_wait)
{
	const char *text = src->ptr ? src->ptr : "";

	if (!*text)
		return;
	if (dst->len) {
		dstr_adds(dst, sep);
		if (drop_wait && !strncmp(text, "wait ", 5) && strstr(dst->ptr, "wait ") == dst->ptr)
			text += 5;
	}
	dstr_adds(dst, text);
}

static bool guard_holds(const guard_ctx *c, const dossier_guard *g, unmet *u)
{
	size_t i;
	bool all_hold = true, any_holds = false;

	if (!g)
		return true;
	if (g->kind != DOSSIER_GUARD_ALL && g->kind != DOSSIER_GUARD_ANY)
		return leaf_holds(c, g->kind, u);
	for (i = 0; i < g->nchildren; i++) {
		unmet child = { DSTR_INIT, DSTR_INIT };
		bool holds = guard_holds(c, &g->children[i], &child);

		if (holds) {
			any_holds = true;
		} else {
			all_hold = false;
			join(&u->why, g->kind == DOSSIER_GUARD_ALL ? "; " : _(", and "), &child.why, false);
			join(&u->allow, g->kind == DOSSIER_GUARD_ALL ? _(", and ") : _(", or "), &child.allow, true);
		}
		unmet_free(&child);
		if (g->kind == DOSSIER_GUARD_ANY && holds)
			break;
	}
	if (g->kind == DOSSIER_GUARD_ALL)
		return all_hold;
	/* An empty any has nothing that could hold. */
	if (!any_holds && g->nchildren == 0)
		dstr_adds(&u->why, _("an empty 'any' never holds"));
	return any_holds;
}

static bool explain(char **why, char **allow, const dossier_workflow *wf,
	const dossier_state *state, const dossier_transition *tr,
	const dossier_facts *facts, dossier_time now)
{
	guard_ctx c;
	unmet u = { DSTR_INIT, DSTR_INIT };
	bool holds;

	if (why)
		*why = NULL;
	if (allow)
		*allow = NULL;
	if (!tr || !tr->guard)
		return true;
	c.wf = wf;
	c.stage = find_stage(wf, state->stage);
	c.state = state;
	c.facts = facts;
	c.now = now;
	if (!c.stage) {
		if (why)
			*why = util_sprintf(_("unknown stage '%s'"), state->stage ? state->stage : "");
		return false;
	}
	holds = guard_holds(&c, tr->guard, &u);
	if (!holds) {
		if (why)
			*why = dstr_detach(&u.why);
		if (allow)
			*allow = u.allow.len ? dstr_detach(&u.allow) : NULL;
	}
	unmet_free(&u);
	return holds;
}

bool dossier_machine_guard_holds(char **why, const dossier_workflow *wf,
	const dossier_state *state, const dossier_transition *tr,
	const dossier_facts *facts, dossier_time now)
{
	return explain(why, NULL, wf, state, tr, facts, now);
}

bool dossier_machine_guard_explain(char **why, char **allow, const dossier_workflow *wf,
	const dossier_state *state, const dossier_transition *tr,
	const dossier_facts *facts, dossier_time now)
{
	return explain(why, allow, wf, state, tr, facts, now);
}

/* ---- the transition function ---- */

/* "did you mean 'x'?" when one name is close, else the list of names. */
static void hint_names(dossier_error *err, const char *word, const char *what,
	const char *const *names, size_t n)
{
	const char *close = util_closest(word, names, n);
	dstr s = DSTR_INIT;
	size_t i;

	if (close) {
		dossier_error_set_hint(err, "did you mean '%s'?", close);
		return;
	}
	for (i = 0; i < n; i++)
		dstr_addf(&s, "%s%s", i ? ", " : "", names[i]);
	if (s.ptr)
		dossier_error_set_hint(err, "%s: %s", what, s.ptr);
	dstr_free(&s);
}

static int unknown_participant(dossier_error *err, const dossier_workflow *wf, const char *actor)
{
	const char **names = calloc(wf->nparticipants + 1, sizeof(*names));
	size_t i;

	dossier_error_set(err, DOSSIER_EINVALID, "unknown participant '%s'", actor);
	dossier_error_set_tag(err, "not-participant");
	if (!names)
		return DOSSIER_EINVALID;
	for (i = 0; i < wf->nparticipants; i++)
		names[i] = wf->participants[i].id;
	hint_names(err, actor, _("participants"), names, wf->nparticipants);
	free(names);
	return DOSSIER_EINVALID;
}

static int unknown_stage(dossier_error *err, const dossier_workflow *wf, const char *id)
{
	const char **names = calloc(wf->nstages + 1, sizeof(*names));
	size_t i;

	dossier_error_set(err, DOSSIER_EINVALID, "unknown stage '%s'", id);
	dossier_error_set_tag(err, "unknown-stage");
	if (!names)
		return DOSSIER_EINVALID;
	for (i = 0; i < wf->nstages; i++)
		names[i] = wf->stages[i].id;
	hint_names(err, id, _("stages"), names, wf->nstages);
	free(names);
	return DOSSIER_EINVALID;
}

/* The participants whose role has `action`, for "ask …" hints. */
static void add_participants_with(dstr *s, const dossier_workflow *wf, unsigned action)
{
	size_t i, n = 0;

	for (i = 0; i < wf->nparticipants; i++) {
		const dossier_role *r = find_role(wf, wf->participants[i].role);
		if (r && (r->actions & action))
			dstr_addf(s, "%s%s", n++ ? ", " : "", wf->participants[i].id);
	}
}

static int refuse_role(dossier_error *err, const dossier_workflow *wf,
	const dossier_participant *p, const dossier_role *role, unsigned action)
{
	dstr may = DSTR_INIT, who = DSTR_INIT;

	add_actions(&may, role->actions);
	dossier_error_set(err, DOSSIER_EREFUSED, "'%s' may not %s: role '%s' may %s",
		p->id, action_name(action), role->id, may.ptr);
	dossier_error_set_tag(err, "role-not-allowed");
	add_participants_with(&who, wf, action);
	if (who.len)
		dossier_error_set_hint(err, "participants who may %s: %s", action_name(action), who.ptr);
	dstr_free(&may);
	dstr_free(&who);
	return DOSSIER_EREFUSED;
}

static int decide_comment(const dossier_workflow *wf, const dossier_stage *st,
	const dossier_state *state, const dossier_request *req,
	const dossier_participant *p, dossier_error *err)
{
	dossier_time end;
	char when[40];
	size_t i;

	if (!st->comments_open) {
		dstr open = DSTR_INIT;

		dossier_error_set(err, DOSSIER_EREFUSED, "comments are not open in stage '%s'", st->id);
		dossier_error_set_tag(err, "comments-closed");
		for (i = 0; i < wf->nstages; i++)
			if (wf->stages[i].comments_open)
				dstr_addf(&open, "%s'%s'", open.len ? ", " : "", wf->stages[i].id);
		if (open.len)
			dossier_error_set_hint(err, "comments are open in stage %s", open.ptr);
		dstr_free(&open);
		return DOSSIER_EREFUSED;
	}
	if (!dossier_machine_may_comment(wf, st, p)) {
		dstr who = DSTR_INIT;

		dossier_error_set(err, DOSSIER_EREFUSED, "'%s' (role '%s') may not comment in stage '%s'",
			p->id, p->role, st->id);
		dossier_error_set_tag(err, "not-a-commenter");
		for (i = 0; i < st->ncommenters; i++)
			dstr_addf(&who, "%s%s", i ? ", " : "", st->commenters[i]);
		if (who.len)
			dossier_error_set_hint(err, "in stage '%s' the commenters are: %s", st->id, who.ptr);
		dstr_free(&who);
		return DOSSIER_EREFUSED;
	}
	if (dossier_machine_deadline(&end, wf, st, state->entered_at) && req->now > end) {
		dstr late = DSTR_INIT;

		dossier_time_format(when, sizeof(when), &wf->calendar, end);
		add_duration(&late, req->now - end);
		dossier_error_set(err, DOSSIER_EREFUSED, "the comment window closed at %s, %s ago",
			when, late.ptr ? late.ptr : "");
		dossier_error_set_tag(err, "late-comment");
		dstr_free(&late);
		return DOSSIER_EREFUSED;
	}
	return 0;
}

static int decide_advance(const dossier_workflow *wf, const dossier_stage *st,
	const dossier_state *state, const dossier_request *req,
	const dossier_facts *facts, const dossier_participant *p, dossier_error *err)
{
	const dossier_stage *target;
	const dossier_transition *first_allowed = NULL;
	dstr s = DSTR_INIT;
	char *why = NULL, *allow = NULL;
	size_t i, j, matching = 0;

	if (!req->target || !*req->target)
		return dossier_error_set(err, DOSSIER_EINVALID, "advance needs a target stage");
	target = find_stage(wf, req->target);
	if (!target)
		return unknown_stage(err, wf, req->target);
	for (i = 0; i < st->ntransitions; i++) {
		const dossier_transition *tr = &st->transitions[i];

		if (strcmp(tr->target, target->id))
			continue;
		matching++;
		if (!in_list(tr->roles, tr->nroles, p->role))
			continue;
		if (explain(NULL, NULL, wf, state, tr, facts, req->now))
			return 0;
		if (!first_allowed)
			first_allowed = tr;
	}
	if (!matching) {
		dossier_error_set(err, DOSSIER_EREFUSED, "cannot advance from stage '%s' to '%s'",
			st->id, target->id);
		dossier_error_set_tag(err, "no-transition");
		for (i = 0; i < st->ntransitions; i++)
			dstr_addf(&s, "%s'%s'", i ? ", " : "", st->transitions[i].target);
		if (s.len)
			dossier_error_set_hint(err, "from '%s' the dossier can go to %s", st->id, s.ptr);
		dstr_free(&s);
		return DOSSIER_EREFUSED;
	}
	if (!first_allowed) {
		dossier_error_set(err, DOSSIER_EREFUSED,
			"'%s' (role '%s') may not advance from stage '%s' to '%s'",
			p->id, p->role, st->id, target->id);
		dossier_error_set_tag(err, "role-not-allowed");
		/* Each participant once, whichever transition to the target lets them. */
		for (j = 0; j < wf->nparticipants; j++) {
			for (i = 0; i < st->ntransitions; i++) {
				const dossier_transition *tr = &st->transitions[i];
				if (!strcmp(tr->target, target->id) &&
				    in_list(tr->roles, tr->nroles, wf->participants[j].role)) {
					dstr_addf(&s, "%s%s", s.len ? ", " : "", wf->participants[j].id);
					break;
				}
			}
		}
		if (s.len)
			dossier_error_set_hint(err, "participants who may take this transition: %s", s.ptr);
		dstr_free(&s);
		return DOSSIER_EREFUSED;
	}
	explain(&why, &allow, wf, state, first_allowed, facts, req->now);
	dossier_error_set(err, DOSSIER_EREFUSED, "cannot advance from stage '%s' to '%s': %s",
		st->id, target->id, why ? why : _("its guard does not hold"));
	dossier_error_set_tag(err, "guard-unmet");
	if (allow)
		dossier_error_set_hint(err, "%s", allow);
	free(why);
	free(allow);
	return DOSSIER_EREFUSED;
}

int dossier_machine_step(dossier_state *out, const dossier_workflow *wf,
	const dossier_state *state, const dossier_request *req,
	const dossier_facts *facts, dossier_error *err)
{
	const dossier_stage *st;
	const dossier_participant *p;
	const dossier_role *role;
	unsigned action;
	int rc;

	if (!out || !wf || !state || !req)
		return dossier_error_set(err, DOSSIER_EINVALID, "incomplete request");
	action = (unsigned)req->action;
	if (!action || (action & (action - 1)) || action > DOSSIER_ACTION_READ)
		return dossier_error_set(err, DOSSIER_EINVALID, "a request names exactly one action");
	st = find_stage(wf, state->stage);
	if (!st)
		return unknown_stage(err, wf, state->stage ? state->stage : "");
	if (!req->actor || !*req->actor)
		return dossier_error_set(err, DOSSIER_EINVALID, "no participant named for '%s'",
			action_name(action));
	p = find_participant(wf, req->actor);
	if (!p)
		return unknown_participant(err, wf, req->actor);
	role = find_role(wf, p->role);
	if (!role)
		return dossier_error_set(err, DOSSIER_EINVALID, "participant '%s' has unknown role '%s'",
			p->id, p->role ? p->role : "");
	if (st->final && action != DOSSIER_ACTION_READ) {
		dossier_error_set(err, DOSSIER_EREFUSED, "stage '%s' is final: the dossier is closed, nobody may %s",
			st->id, action_name(action));
		dossier_error_set_tag(err, "final-stage");
		dossier_error_set_hint(err, "a final stage can only be read");
		return DOSSIER_EREFUSED;
	}
	if (!(role->actions & action))
		return refuse_role(err, wf, p, role, action);

	switch (action) {
	case DOSSIER_ACTION_COMMENT:
		rc = decide_comment(wf, st, state, req, p, err);
		break;
	case DOSSIER_ACTION_ADVANCE:
		rc = decide_advance(wf, st, state, req, facts, p, err);
		if (rc == 0) {
			out->stage = find_stage(wf, req->target)->id;
			out->entered_at = req->now;
			return 0;
		}
		break;
	default: /* revise, respond, read: the role is enough */
		rc = 0;
		break;
	}
	if (rc < 0)
		return rc;
	*out = *state;
	return 0;
}

bool dossier_machine_guard_uses(const dossier_stage *stage, const dossier_transition *tr,
	dossier_guard_kind kind)
{
	size_t i;

	if (tr)
		return guard_uses(tr->guard, kind);
	for (i = 0; stage && i < stage->ntransitions; i++)
		if (guard_uses(stage->transitions[i].guard, kind))
			return true;
	return false;
}
