/*
 * consolidate.h: the consolidated draft: a revision's text with every
 * accepted or partially accepted proposal applied, and the report of what
 * changed, why, and what could not be applied. The rules are in
 * docs/consolidation.md.
 *
 * dossier_consolidate_document works on the document model only (no I/O);
 * dossier_consolidate (facade.h) reads a dossier, applies its comments and writes
 * Akoma Ntoso with the changes marked, notes for every change, and the
 * dossier's participants, revisions and stage changes in the metadata.
 */
#ifndef DOSSIER_CONSOLIDATE_H
#define DOSSIER_CONSOLIDATE_H

#include "document.h"
#include "comment.h"

/* One comment whose text was adopted into a provision. */
typedef struct dossier_consolidation_source {
	char *comment;          /* "most-1" */
	char *author;           /* participant id */
	char *author_name;
	char *revision;         /* the revision commented on, "v1" */
	char *on;               /* the eId commented on, in that revision */
	char *citation;         /* its citation in that revision ("Điều 2 khoản 1"), or NULL */
	dossier_disposition disposition;  /* ACCEPTED or PARTIAL */
	char *reason;           /* the drafting agency's explanation, or NULL */
	char *responder;        /* participant id, or NULL */
	dossier_time response_time;
	char *text;             /* the text adopted (number label stripped), paragraphs joined by '\n' */
	bool from_proposal;     /* the comment's proposal (no adopted text in the response) */
	bool superseded;        /* a later adoption on the same provision replaced this text */
} dossier_consolidation_source;

/* One provision of the revision whose text changed. */
typedef struct dossier_consolidation_change {
	char *eid;              /* in the consolidated revision */
	char *citation;         /* "Điều 8 khoản 2" */
	char *old_text;         /* the provision's own text in the revision, paragraphs joined by '\n' */
	char *new_text;         /* the text now */
	dossier_consolidation_source *sources;   /* in the order applied; the last one stands */
	size_t nsources;
} dossier_consolidation_change;

typedef enum {
	DOSSIER_UNAPPLIED_GENERAL = 1,  /* on the draft as a whole: nothing to replace */
	DOSSIER_UNAPPLIED_NO_TEXT,      /* accepted without a proposal, or partial without adopted text */
	DOSSIER_UNAPPLIED_MISSING,      /* the provision is not in the consolidated revision */
	DOSSIER_UNAPPLIED_LATER,        /* made on a later revision than the one consolidated */
	DOSSIER_UNAPPLIED_SAME,         /* the revision already has exactly this text */
} dossier_unapplied_reason;

/* An accepted or partially accepted comment that changed nothing. */
typedef struct dossier_consolidation_unapplied {
	dossier_consolidation_source source;   /* text: what it proposed, or NULL */
	dossier_unapplied_reason reason;
	char *message;          /* for people: "provision 'art_13' of v1 is not in v2" */
} dossier_consolidation_unapplied;

typedef struct dossier_consolidation_report {
	char *revision;         /* "v2"; NULL when the caller gave no number */
	dossier_consolidation_change *changes;     /* in document order */
	size_t nchanges;
	dossier_consolidation_unapplied *unapplied; /* in comment order; SAME ones last */
	size_t nunapplied;
} dossier_consolidation_report;

DOSSIER_API void dossier_consolidation_report_free(dossier_consolidation_report *r);

/* Whether an unapplied entry carried text that a reader would expect in
 * the draft (MISSING, LATER, or PARTIAL without adopted text): the ones
 * the command line warns about. */
DOSSIER_API bool dossier_consolidation_unapplied_is_warning(const dossier_consolidation_unapplied *u);

/*
 * Apply the comments to `doc`, revision number `revision` (1-based; 0:
 * unknown, every comment is taken as made on it). `locate` (may be NULL)
 * says where a provision of an earlier revision stands in `doc`: the
 * façade gives the structural diff's (dossier_provision_map_locator on a
 * map whose target is `doc`), so a comment made on an earlier revision
 * follows its provision when it was renumbered or moved
 * (docs/consolidation.md); without it, by eId. *out is a new document;
 * *report (may be NULL) says what changed and what did not.
 */
DOSSIER_API int dossier_consolidate_document(dossier_document **out,
	dossier_consolidation_report **report, const dossier_document *doc, unsigned revision,
	const dossier_comment_list *comments, dossier_locate_fn locate, void *locate_payload,
	dossier_error *err);


#endif
