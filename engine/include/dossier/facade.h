/*
 * facade.h: a dossier: the draft, its workflow, its comments and responses,
 * kept in a git repository. This is what the command line (and any other
 * front end) calls: it combines the workflow, the machine and the store, and
 * every action is one commit by the participant who took it, or nothing.
 *
 * The layout of the repository is documented in docs/data-model.md.
 */
#ifndef DOSSIER_FACADE_H
#define DOSSIER_FACADE_H

#include "comment.h"
#include "consolidate.h"
#include "diff.h"
#include "machine.h"
#include "document.h"
#include "report.h"

typedef struct dossier dossier;

/* Who acts and when. Both optional: the actor then comes from the git
 * `user.email` matched against the participants, the time from the clock. */
typedef struct dossier_identity {
	const char *as;   /* a participant id */
	const char *now;  /* "YYYY-MM-DD" or ISO 8601; a testing and rehearsal aid */
	/* The key file that signs the commits (NULL: git's user.signingKey,
	 * else the ssh-agent; docs/signatures.md). */
	const char *signing_key;
} dossier_identity;

typedef struct dossier_init_options {
	unsigned version;
	const char *title;   /* NULL: the workflow's title */
	bool bare;           /* no working tree */
} dossier_init_options;
#define DOSSIER_INIT_OPTIONS_VERSION 1
#define DOSSIER_INIT_OPTIONS_INIT { DOSSIER_INIT_OPTIONS_VERSION, NULL, false }

/* Start libgit2; call once at program start, and dossier_global_shutdown at the end. */
DOSSIER_API int dossier_global_init(void);
DOSSIER_API void dossier_global_shutdown(void);

/* A new dossier at `dir` in the workflow's start stage, the workflow pinned
 * inside it. An invalid workflow: DOSSIER_EINVALID with every problem in
 * diags, and nothing is created. */
DOSSIER_API int dossier_init(dossier **out, const char *dir, const char *workflow_path,
	const dossier_identity *who, const dossier_init_options *opts,
	dossier_diags *diags, dossier_error *err);

/* Open the dossier at or above `dir`. */
DOSSIER_API int dossier_open(dossier **out, const char *dir, const dossier_identity *who,
	dossier_error *err);
DOSSIER_API void dossier_free(dossier *d);

/* What the last action recorded but could not do in the working tree (a
 * file edited by hand was kept, a full disk) or in the branch's reflog, or
 * NULL: one warning per line. Borrowed. */
DOSSIER_API const char *dossier_last_warning(const dossier *d);

/* The records the last read of the comments had to leave out
 * (dossier_get_comments, and the report and the consolidation, which read
 * through it): one warning each, code "bad-record", its path the record's
 * path in the tree ("comments/b0/most-1.json") and its message why. A
 * record that cannot be read (not JSON, not UTF-8, a required member
 * missing, not at the path its id gives) never fails the whole read;
 * 'dossier verify' names the commit that wrote it. NULL when nothing was
 * left out. Borrowed, valid until the next read on the handle. */
DOSSIER_API const dossier_diags *dossier_read_warnings(const dossier *d);


/* The dossier's pinned workflow (loaded on first use). */
DOSSIER_API int dossier_get_workflow(const dossier_workflow **out, dossier *d, dossier_error *err);

/* A new revision from structured text or AKN; *out_version is "vN". */
DOSSIER_API int dossier_revise(char **out_version, dossier *d, const char *path,
	const char *message, dossier_diags *diags, dossier_error *err);

/* Take a transition to `stage`. */
DOSSIER_API int dossier_advance(dossier *d, const char *stage, const char *message,
	dossier_error *err);

typedef struct dossier_comment_options {
	unsigned version;
	const char *on;        /* the provision: an eId or a citation ("Điều 5 khoản 2", "Article 5(2)"; dossier_document_resolve), or "general" for the draft as a whole; the record keeps its eId */
	const char *revision;  /* "vN"; NULL: the latest */
	const char *text;
	const char *proposal;  /* replacement text for the provision, or NULL */
} dossier_comment_options;
#define DOSSIER_COMMENT_OPTIONS_VERSION 1
#define DOSSIER_COMMENT_OPTIONS_INIT { DOSSIER_COMMENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL }

/* Comment on a provision. *out_id is the new comment's id ("most-3"). */
DOSSIER_API int dossier_comment(char **out_id, dossier *d, const dossier_comment_options *opts,
	dossier_error *err);

/* The drafting agency's disposition of a comment; a rejection or a partial
 * acceptance needs a reason. `adopted` (may be NULL) is the text the
 * drafting agency adopts for the provision: for a partial acceptance, the
 * proposal as edited; for an acceptance, it defaults to the proposal. */
DOSSIER_API int dossier_respond(dossier *d, const char *comment_id, dossier_disposition disposition,
	const char *reason, const char *adopted, dossier_error *err);

/* One answer of a bulk response. */
typedef struct dossier_answer {
	const char *comment;               /* the comment's id, "most-3" */
	dossier_disposition disposition;
	const char *reason;                /* needed for a rejection or a partial acceptance */
	const char *adopted;               /* the text taken in, or NULL (as for dossier_respond) */
	const char *taken_otherwise;       /* an acceptance: how it was taken in other than by changing
	                                    * the provision (accepted-taken-in), or NULL */
	unsigned line;                     /* its line in the answers file; 0 when it came otherwise */
} dossier_answer;

typedef struct dossier_answer_list {
	dossier_answer *items;
	size_t n;
	char **strings;                    /* what the items point into (private) */
	size_t nstrings;
} dossier_answer_list;

DOSSIER_API void dossier_answer_list_free(dossier_answer_list *l);

/* Read an answers file: CSV (RFC 4180, UTF-8) whose header names the
 * columns comment, disposition, reason and, optionally, adopted (the text
 * taken in); without a header, the columns are those four in that order.
 * Every problem goes into diags with its line (and column); err names the
 * first, and nothing is returned while any remains. docs/cli.md. */
DOSSIER_API int dossier_answers_read(dossier_answer_list **out, const char *path, dossier_diags *diags,
	dossier_error *err);

typedef struct dossier_respond_options {
	unsigned version;
	const char *source;   /* the answers file the answers came from (their `line`s), or NULL */
	bool dry_run;         /* check every answer on the tip, write nothing */
} dossier_respond_options;
#define DOSSIER_RESPOND_OPTIONS_VERSION 1
#define DOSSIER_RESPOND_OPTIONS_INIT { DOSSIER_RESPOND_OPTIONS_VERSION, NULL, false }

/* Answer several comments as one event, one commit: all or nothing. Every
 * answer is checked first (a comment that does not exist, one named twice,
 * a disposition without the reason it needs); any problem refuses the whole
 * set, each problem in diags (may be NULL) at the answer's line in
 * opts->source, or else with the field "answers[I].FIELD" (I from 0), and
 * err naming the first. The workflow's check is the one of a response.
 * One answer is an ordinary `respond` event; several are one `respond-many`
 * event (docs/data-model.md). *out_n is the number answered (with dry_run,
 * the number that would be). */
DOSSIER_API int dossier_respond_many(size_t *out_n, dossier *d, const dossier_answer *answers, size_t n,
	const dossier_respond_options *opts, dossier_diags *diags, dossier_error *err);

/* ---- reading ---------------------------------------------------------- */

typedef struct dossier_member_status {
	const char *id;
	const char *name;
	size_t comments;      /* in the current stage */
	size_t total;         /* in every stage */
} dossier_member_status;

typedef struct dossier_next_status {
	const char *target;
	const char *title;
	bool allowed;         /* by the guards, now (roles aside) */
	char *blocked_by;     /* what is unmet, or NULL */
	const char *const *roles;
	size_t nroles;
} dossier_next_status;

typedef struct dossier_status {
	char *title;
	char *workflow;
	char *stage;
	char *stage_title;
	bool final;
	bool comments_open;
	dossier_time created;     /* when the dossier was opened (its first stage entered) */
	dossier_time entered;
	dossier_time now;
	bool has_deadline;
	dossier_time deadline;    /* end of the stage's deadline */
	unsigned revisions;       /* latest vN */
	size_t events;
	size_t comments;
	size_t responses;
	size_t unanswered;
	dossier_member_status *members; /* those who may comment in this stage */
	size_t nmembers;
	dossier_next_status *next;
	size_t nnext;
	char *time_zone;
	int utc_offset;
	bool entered_late;        /* the stage was entered after its deadline had ended */
	/* The accepted comments not taken in, "đã tiếp thu nhưng chưa chỉnh
	 * sửa" (the guard accepted-taken-in; the report's untaken rows):
	 * counted when a transition of the current stage asks, else 0 and
	 * NULL. `untaken_list` names them: "most-1 (Điều 5 khoản 2), …". */
	size_t untaken;
	char *untaken_list;
	/* Local events the server refused, still on main and left out of
	 * every count above (docs/sync.md, "Refused events"). */
	size_t refused;
} dossier_status;

DOSSIER_API int dossier_get_status(dossier_status **out, dossier *d, dossier_error *err);
DOSSIER_API void dossier_status_free(dossier_status *st);
/* The stable JSON form (docs/cli.md). Caller frees. */
DOSSIER_API char *dossier_status_json(const dossier_status *st);

typedef struct dossier_comments_query {
	unsigned version;
	const char *by;       /* only this participant's */
	bool open;            /* only unanswered */
	const char *on;       /* only those on this eId (version 2; dossier_resolve_provision turns a citation into one) */
} dossier_comments_query;
#define DOSSIER_COMMENTS_QUERY_VERSION 2
#define DOSSIER_COMMENTS_QUERY_INIT { DOSSIER_COMMENTS_QUERY_VERSION, NULL, false, NULL }

/* Every comment (with its response), in order of time then id. */
DOSSIER_API int dossier_get_comments(dossier_comment_list **out, dossier *d,
	const dossier_comments_query *q, dossier_error *err);
/* {"format": DOSSIER_JSON_FORMAT, "comments": [...]} (docs/cli.md). Caller frees. */
DOSSIER_API char *dossier_comments_json(const dossier_comment_list *l, const dossier *d);

typedef struct dossier_event {
	char *commit;        /* 40 hex */
	char *event;         /* init, revise, advance, comment, respond */
	char *actor;
	char *actor_name;
	char *stage;         /* the stage after the event */
	dossier_time time;   /* the legal time */
	char *subject;
	char *ids;           /* the comment id, the revision, the target stage */
} dossier_event;

typedef struct dossier_event_list {
	dossier_event *items;
	size_t n;
} dossier_event_list;

DOSSIER_API int dossier_get_log(dossier_event_list **out, dossier *d, dossier_error *err);
DOSSIER_API void dossier_event_list_free(dossier_event_list *l);
/* {"format": DOSSIER_JSON_FORMAT, "events": [...]} (docs/cli.md). Caller frees. */
DOSSIER_API char *dossier_log_json(const dossier_event_list *l, const dossier *d);

/* Replay the whole history against the pinned workflow and the cached
 * state. Every violation goes into diags (path = the commit id). Returns 0
 * when the history is clean, DOSSIER_EINVALID when there are violations. */
DOSSIER_API int dossier_verify(dossier *d, dossier_diags *diags, dossier_error *err);

/* Read a revision's document ("vN"; NULL: the latest). */
DOSSIER_API int dossier_get_revision(dossier_document **out, dossier *d, const char *revision,
	dossier_error *err);

/* The eId of the provision `given` names in a revision ("vN"; NULL: the
 * latest), for filters: an eId as it is (a comment may be on an eId that a
 * later revision no longer has), "general" as it is, a citation ("Điều 5
 * khoản 2", "Article 5(2)") resolved by dossier_document_resolve, with its
 * errors. Caller frees *out. */
DOSSIER_API int dossier_resolve_provision(char **out, dossier *d, const char *revision,
	const char *given, dossier_error *err);

/* Format a moment in the dossier's time zone (buf >= 32). */
DOSSIER_API void dossier_format_time(char *buf, size_t size, dossier *d, dossier_time t);

/* ---- the diff, the consolidation and the report of a dossier ----------- */

/* The pure modules (diff.h, consolidate.h, report.h) work on documents and
 * comments only; these read them from the dossier first (in engine/facade:
 * carry_dossier.c, consolidate_dossier.c, report_dossier.c). */

/* For every comment of `comments` made on revision `revision` ("vN"),
 * where its provision stands in the dossier's latest revision, by the
 * alignment of dossier_diff_new. An unknown revision is DOSSIER_ENOTFOUND. */
DOSSIER_API int dossier_comments_carry(dossier_carry **out, dossier *d,
	const dossier_comment_list *comments, const char *revision, dossier_error *err);

/* The third column of the bảng so sánh, "thuyết minh": for each changed
 * row of `diff` (revision `old_revision` of the dossier against a later
 * one), the comments made on old_revision on that provision or below it,
 * one paragraph each: "most-1 (Bộ …), Điều 8 khoản 2: TEXT — Tiếp thu:
 * REASON". Hand notes/n to dossier_diff_format_options (explain_dossier.c). */
typedef struct dossier_diff_explanations {
	dossier_diff_note *notes;
	size_t n;
} dossier_diff_explanations;
DOSSIER_API int dossier_diff_explain(dossier_diff_explanations **out, dossier *d, const dossier_diff *diff,
	const char *old_revision, dossier_error *err);
DOSSIER_API void dossier_diff_explanations_free(dossier_diff_explanations *e);

/* The comments JSON of dossier_comments_json, only those made on the
 * carry's revision, each with a "now" object: {"revision", "status" (a
 * dossier_fate_name), "changed", "eid", "citation"}. Caller frees. */
DOSSIER_API char *dossier_carry_json(const dossier_carry *c, const dossier_comment_list *comments,
	const dossier *d);

/*
 * The consolidated draft of a dossier's revision ("vN"; NULL: the latest)
 * as Akoma Ntoso: the changed provisions marked (class "dossier-changed"
 * and a noteRef to a note naming the comment, the member, the disposition,
 * the explanation and the old text), the participants, roles and stages as
 * references, every revision in <lifecycle>, every stage change in
 * <workflow>. *out_xml is NUL-terminated, caller frees; *report (may be
 * NULL) as for dossier_consolidate_document.
 */
DOSSIER_API int dossier_consolidate(char **out_xml, size_t *len,
	dossier_consolidation_report **report, dossier *d, const char *revision,
	dossier_error *err);

/* The report of a dossier: every comment at its tip, each revision read
 * once. The report's date is the date of the dossier's last event, so the
 * same dossier gives the same report. */
DOSSIER_API int dossier_report_load(dossier_report **out, dossier *d, dossier_error *err);

#endif
