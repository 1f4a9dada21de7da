/*
 * report.h: the synthesis report of comments ("báo cáo tổng hợp, tiếp thu,
 * giải trình ý kiến"): one row per comment, grouped by provision in
 * document order, with the provision's text in the revision commented on,
 * the comment and its proposal, the commenting body, the drafting agency's
 * disposition and explanation, and where the provision stands in the latest
 * revision; totals per member and per disposition, and the members who sent
 * no comment. Written as Akoma Ntoso, CSV, or (through templates/report.xsl
 * and dossier_render) HTML. docs/report.md describes the contents.
 *
 * Building the report is linear in the number of comments: each revision is
 * walked once into an index by eId, and the text of a provision is taken
 * once per group, never per comment.
 */
#ifndef DOSSIER_REPORT_H
#define DOSSIER_REPORT_H

#include "comment.h"
#include "document.h"
#include "workflow.h"

/* Where a commented provision stands in the latest revision, followed
 * across renumbering by the input's locate (the structural diff, given by
 * the façade): it may carry another number there (the group's now_citation). */
typedef enum {
	DOSSIER_REPORT_UNCHANGED = 0, /* its text is the same (renumbered or moved, perhaps) */
	DOSSIER_REPORT_CHANGED,       /* its text changed (or it was split, or merged) */
	DOSSIER_REPORT_DELETED,       /* the latest revision no longer has it */
	DOSSIER_REPORT_GENERAL,       /* a comment on the draft as a whole */
	DOSSIER_REPORT_NOT_FOUND,     /* the provision is not in the revision commented on */
	DOSSIER_REPORT__STATUS_COUNT
} dossier_report_status;
/* The earlier name, when renumbered provisions were not followed. */
#define DOSSIER_REPORT_REMOVED DOSSIER_REPORT_DELETED

/* "unchanged", "changed", "deleted", "general", "not-found". */
DOSSIER_API const char *dossier_report_status_name(dossier_report_status s);
/* "Giữ nguyên", "Đã sửa đổi", "Đã bỏ", "Không áp dụng", "Không tìm thấy". */
DOSSIER_API const char *dossier_report_status_label(dossier_report_status s);
/* "Tiếp thu", "Tiếp thu một phần", "Không tiếp thu (giải trình)", "Ghi nhận",
 * and for DOSSIER_DISPOSITION_NONE "Chưa trả lời". */
DOSSIER_API const char *dossier_disposition_label(dossier_disposition d);
/* dossier_disposition_name(), with "unanswered" for DOSSIER_DISPOSITION_NONE. */
DOSSIER_API const char *dossier_report_disposition_name(dossier_disposition d);

#define DOSSIER_REPORT_NDISPOSITIONS 5 /* NONE, ACCEPTED, PARTIAL, REJECTED, NOTED */

typedef enum {
	DOSSIER_REPORT_GROUP_PROVISION = 0, /* comments on one provision of one revision */
	DOSSIER_REPORT_GROUP_GENERAL,       /* comments on the draft as a whole */
	DOSSIER_REPORT_GROUP_NOT_FOUND,     /* comments on a provision the revision does not have */
} dossier_report_group_kind;

/* The comments on one provision, in the order of time then id. */
typedef struct dossier_report_group {
	dossier_report_group_kind kind;
	char *eid;                    /* the provision's eId; "general" for the general group */
	char *revision;               /* "v1": the revision commented on; NULL for general */
	char *citation;               /* "Điều 5 khoản 2"; "Góp ý chung" for general */
	char *heading;                /* the provision's heading ("Phạm vi điều chỉnh"), or NULL */
	char *text;                   /* its text in that revision; NULL when general or not found */
	dossier_report_status status; /* in the latest revision */
	/* Where it stands in the latest revision: its eId and citation there
	 * ("Điều 6 khoản 2 điểm đ" after an article was inserted before it),
	 * and how it got there (dossier_located.how: "same", "renumbered",
	 * "moved", "split", "merged", "changed"); NULL when deleted, general
	 * or not found. */
	char *now_eid;
	char *now_citation;
	const char *now_fate;
	size_t first, n;              /* its rows: rows[first] .. rows[first + n - 1] */
} dossier_report_group;

typedef struct dossier_report_row {
	size_t number;                /* 1, 2, 3 … across the report */
	size_t group;                 /* index into groups */
	const dossier_comment_record *comment; /* borrowed: see dossier_report_build */
	const char *body;             /* the commenting body: the participant's name, or the
	                               * name a member of the public gave */
	const char *member;           /* the id of its row in members (the participant, or the
	                               * public's row), or NULL */
	char time[40];                /* the comment's time, ISO 8601 in the dossier's time zone */
	char response_time[40];       /* "" when unanswered */
	/* Accepted or partly accepted, yet its provision has the same text in
	 * the latest revision as in the one commented on (or it is a general
	 * comment, or on a provision not found), and the response gives no
	 * other way it was taken in: "đã tiếp thu nhưng chưa chỉnh sửa". */
	bool untaken;
} dossier_report_row;

/* A participant who may comment, or who commented; or the one row that
 * counts every author the workflow does not name (members of the public,
 * whose comments were imported): id "pub", role NULL. */
typedef struct dossier_report_member {
	char *id;
	char *name;
	char *role;                   /* NULL for an author the workflow does not name */
	bool may_comment;             /* the role has the comment action */
	size_t comments;
	size_t by_disposition[DOSSIER_REPORT_NDISPOSITIONS]; /* indexed by dossier_disposition */
} dossier_report_member;

typedef struct dossier_report {
	char *title;                  /* the dossier's title */
	char *draft_type;             /* the latest revision's type ("NGHỊ ĐỊNH"), or NULL */
	char *draft_title;            /* its title ("Quy định về …"), or NULL */
	char *workflow;               /* the workflow's id, or NULL */
	char *latest;                 /* "v2"; NULL before the first revision */
	char *date;                   /* the report's date, YYYY-MM-DD */
	char *drafter;                /* the drafting agency's participant id, or NULL */
	char *drafter_name;
	dossier_report_group *groups;
	size_t ngroups;
	dossier_report_row *rows;
	size_t nrows;
	dossier_report_member *members; /* the workflow's order, then the public's row */
	size_t nmembers;
	size_t by_disposition[DOSSIER_REPORT_NDISPOSITIONS];
	size_t silent;                /* members who may comment and sent no comment */
	size_t untaken;               /* rows marked untaken */
	dossier_comment_list *owned;  /* the comments the rows point into, when the report owns them */
	/* The roles of the workflow (id, title), for the references. */
	char **role_ids;
	char **role_titles;
	size_t nroles;
} dossier_report;

/* What a report is built from. Everything is borrowed: the report copies
 * the strings it keeps, except the comment records its rows point into,
 * which must outlive the report. */
typedef struct dossier_report_input {
	unsigned version;
	const char *title;                        /* the dossier's title, or NULL */
	const dossier_workflow *wf;               /* participants, roles, time zone; may be NULL */
	const dossier_comment_list *comments;
	const dossier_document *const *revisions; /* revisions[i] is v(i+1); an entry may be NULL
	                                           * (not read); give at least the latest and those
	                                           * commented on (a provision of a revision not given
	                                           * reads "not found"; with no latest, every
	                                           * provision reads "deleted") */
	size_t nrevisions;                        /* the latest is v<nrevisions> */
	const char *date;                         /* YYYY-MM-DD; NULL: 1970-01-01 (never the clock) */
	/* Where a provision commented on stands in the latest revision
	 * (document.h): the façade gives the structural diff's,
	 * dossier_provision_map_locator, which follows renumbering. NULL: by
	 * eId only (the same eId is the same provision). */
	dossier_locate_fn locate;
	void *locate_payload;
} dossier_report_input;
#define DOSSIER_REPORT_INPUT_VERSION 1
#define DOSSIER_REPORT_INPUT_INIT { DOSSIER_REPORT_INPUT_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }

/* Build a report from its parts (the engine's and the tests' entry). */
DOSSIER_API int dossier_report_build(dossier_report **out, const dossier_report_input *in,
	dossier_error *err);


DOSSIER_API void dossier_report_free(dossier_report *r);

/* The report as Akoma Ntoso 3.0: <doc name="report"> (docs/report.md).
 * *out is NUL-terminated UTF-8; *len (may be NULL) its length. */
DOSSIER_API int dossier_report_akn(char **out, size_t *len, const dossier_report *r,
	dossier_error *err);

/* Where a streamed output goes: len bytes at data (not NUL-terminated).
 * 0, or a negative DOSSIER_E* code that stops the writing. */
typedef int (*dossier_sink_fn)(const char *data, size_t len, void *payload);

/* The same bytes as dossier_report_akn, handed to sink in pieces of about
 * 64 kB as they are written, so that the report (about 100 MB of XML at
 * 100,000 comments) is never whole in memory. A failing sink stops it:
 * its code is returned. Nothing is handed over after invalid UTF-8 is met
 * (DOSSIER_EINVALID), but what came before may have been. */
DOSSIER_API int dossier_report_akn_write(const dossier_report *r, dossier_sink_fn sink, void *payload,
	dossier_error *err);

/* The report as CSV (RFC 4180, UTF-8 with a byte-order mark, CRLF, a
 * header row; docs/report.md). */
DOSSIER_API int dossier_report_csv(char **out, size_t *len, const dossier_report *r,
	dossier_error *err);

/* One CSV field as RFC 4180 writes it: quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled), else as it is; a field beginning with
 * '=', '+', '-', '@', a tab or CR (what a spreadsheet evaluates) is quoted
 * with a single quote before it. Caller frees. */
DOSSIER_API char *dossier_csv_field(const char *s);

#endif
