/*
 * workflow.h: a YAML workflow definition, loaded and checked.
 *
 * dossier_workflow_load() reads a definition with libyaml into an immutable
 * dossier_workflow and runs every static check, collecting all problems in
 * a diagnostics list (PATH:LINE:COL, 1-based). The definition is then read
 * through its public, const fields; nothing changes it after loading.
 * The format is documented in docs/workflow-format.md.
 */
#ifndef DOSSIER_WORKFLOW_H
#define DOSSIER_WORKFLOW_H

#include "calendar.h"
#include "error.h"

/* What a role may do: a bit set. */
typedef enum {
	DOSSIER_ACTION_REVISE = 1u << 0,
	DOSSIER_ACTION_ADVANCE = 1u << 1,
	DOSSIER_ACTION_COMMENT = 1u << 2,
	DOSSIER_ACTION_RESPOND = 1u << 3,
	DOSSIER_ACTION_READ = 1u << 4,
} dossier_action;

/* The fixed vocabulary of guards. */
typedef enum {
	DOSSIER_GUARD_ALL = 0,               /* every child holds */
	DOSSIER_GUARD_ANY,                   /* at least one child holds */
	DOSSIER_GUARD_HAS_REVISION,          /* at least one revision exists */
	DOSSIER_GUARD_REVISED_IN_STAGE,      /* a revision was made since entering the stage */
	DOSSIER_GUARD_DEADLINE_PASSED,       /* the stage's deadline has ended */
	DOSSIER_GUARD_MIN_PERIOD_ELAPSED,    /* the stage's minimum period has elapsed */
	DOSSIER_GUARD_ALL_MEMBERS_COMMENTED, /* every participant whose role may comment has commented in this stage */
	DOSSIER_GUARD_ALL_COMMENTS_ANSWERED, /* no comment is without a response */
	DOSSIER_GUARD_CONSOLIDATED,          /* the latest revision came after the last accepted comment */
	DOSSIER_GUARD_ACCEPTED_TAKEN_IN,     /* every accepted comment's provision changed since, or the
	                                      * drafting agency says how it was taken in otherwise */
	DOSSIER_GUARD__COUNT
} dossier_guard_kind;

/* The YAML name of a guard ("deadline-passed"), or NULL for ALL/ANY. */
DOSSIER_API const char *dossier_guard_name(dossier_guard_kind kind);

typedef struct dossier_guard {
	dossier_guard_kind kind;
	const struct dossier_guard *children; /* for ALL and ANY */
	size_t nchildren;
	unsigned line, column;
} dossier_guard;

typedef struct dossier_role {
	const char *id;
	const char *title;
	unsigned actions; /* dossier_action bits */
	unsigned line, column;
} dossier_role;

typedef struct dossier_participant {
	const char *id;       /* short, lowercase: "most", "hanoi" */
	const char *name;     /* "Ministry of Science and Technology" */
	const char *role;     /* a role id */
	const char *email;
	/* The public keys the workflow gives (`key:` or `keys:`), OpenSSH's
	 * "ssh-ed25519 AAAA… comment"; key events add and revoke keys later
	 * (docs/signatures.md). */
	const char *const *keys;
	size_t nkeys;
	unsigned line, column;
} dossier_participant;

typedef enum {
	DOSSIER_DEADLINE_NONE = 0,
	DOSSIER_DEADLINE_DATE,   /* an absolute date */
	DOSSIER_DEADLINE_PERIOD, /* n days from entering the stage */
} dossier_deadline_kind;

typedef struct dossier_period {
	int days;
	dossier_day_unit unit;
} dossier_period;

typedef struct dossier_deadline {
	dossier_deadline_kind kind;
	dossier_date date;     /* DATE */
	dossier_period period; /* PERIOD */
	unsigned line, column; /* of the deadline's value; 0 when there is none */
} dossier_deadline;

typedef struct dossier_transition {
	const char *target;         /* a stage id */
	const char *const *roles;   /* role ids that may take it; always listed (when the YAML
	                               gives none: every role with the advance action) */
	size_t nroles;
	const dossier_guard *guard; /* NULL: no guard */
	unsigned line, column;
} dossier_transition;

typedef struct dossier_stage {
	const char *id;
	const char *title;
	bool comments_open;
	const char *const *commenters; /* role or participant ids who may comment here; none: every role with the comment action */
	size_t ncommenters;
	bool final;
	dossier_deadline deadline;
	bool has_min_period;
	dossier_period min_period;
	const dossier_transition *transitions;
	size_t ntransitions;
	unsigned line, column;
} dossier_stage;

typedef struct dossier_workflow {
	const char *path;  /* the file it was loaded from */
	const char *id;
	const char *title;
	dossier_calendar calendar;
	const dossier_role *roles;
	size_t nroles;
	const dossier_participant *participants;
	size_t nparticipants;
	const char *start;  /* a stage id */
	const dossier_stage *stages;
	size_t nstages;
	/* docs/signatures.md: `signatures: required` (else optional); the keys
	 * of servers that may vouch for participants signed in to them
	 * (`vouchers:`); who may add or revoke other participants' keys
	 * (`key-managers:`, role or participant ids; when not given, every
	 * role that may revise). Everyone may change their own keys. */
	bool signatures_required;
	const char *const *vouchers;
	size_t nvouchers;
	const char *const *key_managers;
	size_t nkey_managers;
	/* `deadline-rolls`: whether a period whose last day is a weekend day
	 * or a holiday ends on the next working day (docs/calendar.md). */
	bool deadline_rolls;
	/* The years the calendar's holidays are known for (the included
	 * calendars' years, else the years of the listed holidays); 0 when it
	 * lists none. */
	int holidays_from, holidays_to;
} dossier_workflow;

/*
 * Load and check a definition. On success *out is the definition and 0 is
 * returned; diagnostics may still hold warnings. When any check fails, *out
 * is NULL, every problem is in `diags`, and DOSSIER_EINVALID is returned.
 * `diags` may be NULL when the caller only wants the first error in `err`.
 */
DOSSIER_API int dossier_workflow_load(dossier_workflow **out, const char *path,
	dossier_diags *diags, dossier_error *err);
/* The same from a buffer; `path` names it in diagnostics. */
DOSSIER_API int dossier_workflow_load_buffer(dossier_workflow **out, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err);
DOSSIER_API void dossier_workflow_free(dossier_workflow *wf);

/* Borrowed lookups; NULL when absent. */
DOSSIER_API const dossier_stage *dossier_workflow_stage(const dossier_workflow *wf, const char *id);
DOSSIER_API const dossier_role *dossier_workflow_role(const dossier_workflow *wf, const char *id);
DOSSIER_API const dossier_participant *dossier_workflow_participant(const dossier_workflow *wf, const char *id);
DOSSIER_API const dossier_participant *dossier_workflow_participant_by_email(const dossier_workflow *wf, const char *email);

#endif
