/*
 * comment.h: a comment on a provision and the drafting agency's response
 * to it, as the façade reads them from a dossier and as the diff, the
 * consolidation and the report take them. Plain data: this header needs
 * no dossier, so the modules that work on comments need not know one.
 */
#ifndef DOSSIER_COMMENT_H
#define DOSSIER_COMMENT_H

#include "calendar.h"

typedef enum {
	DOSSIER_DISPOSITION_NONE = 0,
	DOSSIER_DISPOSITION_ACCEPTED,
	DOSSIER_DISPOSITION_PARTIAL,
	DOSSIER_DISPOSITION_REJECTED,
	DOSSIER_DISPOSITION_NOTED,
} dossier_disposition;

/* "accepted", "partial", "rejected", "noted"; NULL for NONE. */
DOSSIER_API const char *dossier_disposition_name(dossier_disposition d);

/* A disposition as people write it (case aside, spaces around ignored):
 * accept/accepted, partial, reject/rejected, note/noted, or the report's
 * Vietnamese "tiếp thu", "tiếp thu một phần", "không tiếp thu" or "giải
 * trình", "ghi nhận". NONE when it is none of these. */
DOSSIER_API dossier_disposition dossier_disposition_parse(const char *s);

typedef struct dossier_comment_record {
	char *id;
	char *author;        /* participant id */
	char *author_name;
	char *on;            /* eId or "general" */
	char *citation;      /* "Điều 5 khoản 2" */
	char *revision;      /* "v1" */
	char *stage;
	dossier_time time;
	char *text;
	char *proposal;      /* or NULL */
	dossier_disposition disposition; /* NONE: unanswered */
	char *reason;
	char *adopted;       /* the text adopted for the provision, or NULL */
	char *taken_otherwise; /* how an accepted comment was taken in other than by changing
	                        * its provision (the guard accepted-taken-in), or NULL */
	char *responder;
	dossier_time response_time;
} dossier_comment_record;

typedef struct dossier_comment_list {
	dossier_comment_record *items;
	size_t n;
} dossier_comment_list;

/* Frees every record and the list; NULL is fine. */
DOSSIER_API void dossier_comment_list_free(dossier_comment_list *l);

#endif
