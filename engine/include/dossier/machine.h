/*
 * machine.h: the workflow's transition function. Pure: given a definition,
 * the current state, a request (action, actor, time) and the facts the store
 * knows (revisions, who has commented, unanswered comments), it answers with
 * the new state or a refusal that says why and what would allow it.
 * No I/O, no clock: the caller passes the time.
 */
#ifndef DOSSIER_MACHINE_H
#define DOSSIER_MACHINE_H

#include "workflow.h"

/* Where a dossier stands. Strings are borrowed from the caller. */
typedef struct dossier_state {
	const char *stage;        /* a stage id of the workflow */
	dossier_time entered_at;  /* when that stage was entered */
} dossier_state;

/* What the store knows and the guards read. */
typedef struct dossier_facts {
	unsigned revisions;                /* revisions so far (v1 … vN) */
	bool revised_in_stage;             /* a revision was made since entering the stage */
	const char *const *commenters;     /* participants who commented in this stage */
	size_t ncommenters;
	size_t comments;                   /* comments so far, all stages */
	size_t unanswered;                 /* comments without a response */
	bool consolidated;                 /* latest revision is newer than the last accepted comment */
	/* The accepted or partly accepted comments not taken in: their
	 * provision has the same text in the latest revision as in the one
	 * commented on, and the response says no other way it was taken in
	 * (the guard accepted-taken-in). The façade counts them only where a
	 * guard asks (facts_wanted); `untaken_list` names them for the message
	 * ("most-1 (Điều 5 khoản 2), hanoi-3 (Điều 9)"), or NULL. */
	size_t untaken;
	const char *untaken_list;
} dossier_facts;

typedef struct dossier_request {
	dossier_action action;  /* exactly one bit */
	const char *target;     /* ADVANCE: the stage to go to */
	const char *actor;      /* a participant id */
	dossier_time now;
} dossier_request;

/*
 * Decide a request. Returns 0 and fills *out (for ADVANCE the new stage,
 * entered at req->now; otherwise the state unchanged) when the workflow
 * allows it. Returns DOSSIER_EREFUSED when it does not, with the reason in
 * err->message and what would allow it in err->hint; DOSSIER_EINVALID for
 * an unknown actor or stage (with "did you mean" in the hint).
 */
DOSSIER_API int dossier_machine_step(dossier_state *out, const dossier_workflow *wf,
	const dossier_state *state, const dossier_request *req,
	const dossier_facts *facts, dossier_error *err);

/* The end of the stage's deadline (23:59:59 of its day in the workflow's
 * zone) for a stage entered at `entered_at`. False when the stage has none. */
DOSSIER_API bool dossier_machine_deadline(dossier_time *out, const dossier_workflow *wf,
	const dossier_stage *stage, dossier_time entered_at);

/* Whether one transition's guard holds now. When it does not, *why (if not
 * NULL) receives a new string naming what is unmet, which the caller frees. */
DOSSIER_API bool dossier_machine_guard_holds(char **why, const dossier_workflow *wf,
	const dossier_state *state, const dossier_transition *tr,
	const dossier_facts *facts, dossier_time now);

/* The same, with what would make it hold: *allow (if not NULL) receives a
 * new string such as "wait until 2025-07-26 when the deadline has passed,
 * or until every member has commented: most, hanoi have not", or NULL when
 * nothing can. Both strings are NULL when the guard holds. */
DOSSIER_API bool dossier_machine_guard_explain(char **why, char **allow,
	const dossier_workflow *wf, const dossier_state *state,
	const dossier_transition *tr, const dossier_facts *facts, dossier_time now);

/* Whether a guard of the transition (or, with tr NULL, of any transition
 * of the stage) reads `kind`: what lets the caller count a costly fact
 * only where it is asked for. */
DOSSIER_API bool dossier_machine_guard_uses(const dossier_stage *stage, const dossier_transition *tr,
	dossier_guard_kind kind);

/* Whether a participant may comment in a stage: the role has the comment
 * action and, where the stage names its commenters, the participant or
 * their role is named (the stage's window may still be closed). */
DOSSIER_API bool dossier_machine_may_comment(const dossier_workflow *wf, const dossier_stage *stage,
	const dossier_participant *p);

#endif
