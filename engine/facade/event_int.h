/*
 * event_int.h: the kinds of event a dossier's history is made of, in one
 * table (event.c): for each, its name in the Dossier-Event trailer, the
 * action the machine decides it by, the records it writes, and how it
 * changes the cached state (the apply_* of record.c, behind one step
 * function). The actions, verify, sync, the hook and import all ask this
 * table; none compares an event's name.
 *
 * Adding a kind: a value here and a row in the table (event.c) with its
 * apply_*; every switch over ds_event elsewhere has no
 * default, so -Wswitch (with -Werror) names each place that must say what
 * it does with the new kind. Private to the façade.
 */
#ifndef DOSSIER_EVENT_INT_H
#define DOSSIER_EVENT_INT_H

#include "dossier/machine.h"
#include "facade/record_int.h"

typedef enum ds_event {
	DS_EVENT_NONE = 0,   /* not a dossier event, or one this version does not know */
	DS_EVENT_INIT,       /* the dossier opens: the first commit */
	DS_EVENT_REVISE,     /* a new revision of the draft, tagged vN */
	DS_EVENT_ADVANCE,    /* a stage change */
	DS_EVENT_COMMENT,    /* one comment on a provision */
	DS_EVENT_RESPOND,    /* the drafting agency's disposition of a comment */
	DS_EVENT_IMPORT,     /* many comments at once, by the drafting agency */
	DS_EVENT_KEY,        /* a participant's signing keys change (keys.c, docs/signatures.md) */
	DS_EVENT_RESPOND_MANY, /* several dispositions at once (answers in bulk) */
	DS_NEVENTS
} ds_event;

/* The records an event writes besides state.json (which every event writes). */
enum {
	DS_REC_META = 1u << 0,      /* dossier.json */
	DS_REC_WORKFLOW = 1u << 1,  /* workflow.yaml */
	DS_REC_REVISION = 1u << 2,  /* revisions/vN.xml, vN.json and vN.eids of the new revision */
	DS_REC_DRAFT = 1u << 3,     /* draft.xml */
	DS_REC_COMMENT = 1u << 4,   /* the comment named by Dossier-Id */
	DS_REC_RESPONSE = 1u << 5,  /* the response to the comment named by Dossier-Id */
	DS_REC_COMMENTS = 1u << 6,  /* any number of new comments */
	DS_REC_KEYS = 1u << 7,      /* keys.json */
	DS_REC_RESPONSES = 1u << 8, /* any number of responses, new or replacing one */
};

/* The trailers an event cannot be read without, besides event, actor and time. */
enum {
	DS_TR_ID = 1u << 0,         /* Dossier-Id */
	DS_TR_TARGET = 1u << 1,     /* Dossier-Target */
};

/* What else sets a kind apart. */
enum {
	DS_EV_TAGS = 1u << 0,       /* makes a revision: Dossier-Revision names it, and its tag points here */
	DS_EV_SHAPES = 1u << 1,     /* changes the stage or the draft: what a sync conflict names */
};

typedef struct ds_step ds_step;

typedef struct ds_event_kind {
	ds_event event;
	const char *name;           /* the Dossier-Event trailer */
	dossier_action action;      /* what the machine decides it by; 0: none (init, import check their own) */
	/* How it changes the cached state: its apply_* (record.c); NULL for
	 * init, which makes the first state rather than changing one. */
	int (*apply)(ds_state *st, ds_step *step);
	unsigned records;           /* DS_REC_* */
	unsigned trailers;          /* DS_TR_* */
	unsigned flags;             /* DS_EV_* */
} ds_event_kind;

/* The kind of a Dossier-Event value: DS_EVENT_NONE for NULL or an unknown name. */
ds_event ds_event_of(const char *name);
/* The table's row; DS_EVENT_NONE's for a value out of range. */
const ds_event_kind *ds_event_kind_of(ds_event ev);
/* The trailer's name, "" for DS_EVENT_NONE. */
const char *ds_event_name(ds_event ev);
/* Whether the trailers have what the kind needs (DS_TR_*). */
bool ds_event_trailers_ok(ds_event ev, const ds_trailers *tr);

/* The paths an event writes (state.json included): at most DS_PATHS_MAX,
 * all owned. An event with DS_REC_COMMENTS also adds comment records that
 * are not listed, one with DS_REC_RESPONSES adds or replaces response
 * records (ds_paths_allows). */
#define DS_PATHS_MAX 8
typedef struct ds_paths {
	ds_event event;
	char *v[DS_PATHS_MAX];
	size_t n;
} ds_paths;

/* `id` is the Dossier-Id (comment, respond), `revision` the revision the
 * event makes (revise). DOSSIER_ENOMEM when a path could not be made. */
int ds_event_paths(ds_paths *out, ds_event ev, const char *id, unsigned revision);
/* Whether the event may make this change ('A', 'M' or 'D') to path; a
 * deletion of a listed path is left for the caller to name. */
bool ds_paths_allows(const ds_paths *p, const char *path, char status);
void ds_paths_clear(ds_paths *p);

/* One event applied to a state: what the step needs to know, and what it
 * answers. Strings are borrowed. */
struct ds_step {
	ds_event event;
	const char *actor;                 /* a participant id */
	dossier_time when;                 /* the event's legal time */
	const char *target;                /* advance: the stage asked for */
	bool first;                        /* respond: the comment had no response before */
	dossier_disposition disposition;   /* respond */
	const bool *firsts;                /* respond-many: per response, as `first` */
	const dossier_disposition *dispositions; /* respond-many: per response */
	size_t nresponses;
	const char *const *authors;        /* import: per record, a participant id or NULL (the public) */
	size_t nauthors;
	unsigned *seqs;                    /* import: receives each record's number (may be NULL) */
	/* advance: the accepted comments not taken in (facade_untaken), which
	 * the caller counts when a guard of the stage asks (ds_step_untaken) */
	size_t untaken;
	const char *untaken_list;
	/* filled by the step */
	unsigned seq;                      /* comment: the new comment's number */
	dossier_state next;                /* the machine's answer: for advance, the stage entered */
};

/* Ask the machine whether the workflow allows the event on *st (for a
 * kind it decides; the others pass): 0 with step->next its answer, or
 * DOSSIER_EREFUSED (DOSSIER_EINVALID) with the reason in err and
 * step->next cleared. */
int ds_state_check(const ds_state *st, const dossier_workflow *wf, ds_step *step, dossier_error *err);
/* Apply the event to *st (the event's apply_*): an advance goes to the
 * stage the machine answered, else (a replay of a refused one) to its
 * target. DOSSIER_ENOMEM when the state could not grow. */
int ds_state_apply(ds_state *st, ds_step *step, dossier_error *err);
/* Whether the machine will need the untaken count for this step: an
 * advance from a stage whose transitions read accepted-taken-in. */
bool ds_step_wants_untaken(const ds_state *st, const dossier_workflow *wf, const ds_step *step);
/* The two: what an action or a sync does to the state it commits on. */
int ds_state_step(ds_state *st, const dossier_workflow *wf, ds_step *step, dossier_error *err);

#endif
