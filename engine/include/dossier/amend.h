/*
 * amend.h: amending texts. The instructions of a text that amends another
 * ("Sửa đổi, bổ sung khoản 2 Điều 5 như sau: “…”", "Bổ sung Điều 5a vào
 * sau Điều 5", "Bãi bỏ điểm c khoản 1 Điều 7", "Thay thế cụm từ “X” bằng
 * cụm từ “Y” tại …") read into structured amendments, and their
 * application to the principal text: the consolidated text (văn bản hợp
 * nhất), every changed provision with a note naming the amending text and
 * its provision, as a VBHN's footnotes do. docs/amend.md.
 */
#ifndef DOSSIER_AMEND_H
#define DOSSIER_AMEND_H

#include <stdbool.h>

#include "document.h"

typedef enum {
	DOSSIER_AMEND_REPLACE = 0,  /* sửa đổi (, bổ sung) … như sau: the quotation is the new wording */
	DOSSIER_AMEND_INSERT,       /* bổ sung … (vào sau …): the quotation is new provisions */
	DOSSIER_AMEND_REPEAL,       /* bãi bỏ …: the provisions are repealed */
	DOSSIER_AMEND_WORDS,        /* thay thế / bổ sung / bỏ cụm từ “X” … tại …: words in place */
} dossier_amend_action;

#define DOSSIER_AMEND_DEPTH 6

/* A provision an instruction names, from its highest level named down:
 * "điểm c khoản 1 Điều 7" is Điều 7 / khoản 1 / điểm c. */
typedef struct dossier_amend_target {
	size_t depth;
	dossier_node_kind kind[DOSSIER_AMEND_DEPTH];
	char *num[DOSSIER_AMEND_DEPTH];
	bool heading;    /* "tên Điều 39", "tên Mục 1": its heading (title) only */
	char *cite;      /* "điểm c khoản 1 Điều 7", as a VBHN writes it */
} dossier_amend_target;

typedef struct dossier_amendment {
	dossier_amend_action action;
	bool may_add;             /* "sửa đổi, bổ sung": a provision not yet there is added */
	const dossier_node *source;   /* the amending provision (borrowed from the amending text) */
	char *source_cite;        /* "khoản 3 Điều 1" */
	char *instruction;        /* its words, for messages */
	char *amends;             /* the number of the text it amends when it names one ("112/2021/NĐ-CP"), else NULL */
	unsigned line, column;    /* where it stands in the amending text */
	dossier_amend_target *targets;
	size_t ntargets;
	dossier_amend_target *anchor;  /* INSERT "vào sau Điều 5" / "vào trước": NULL for by number */
	bool before;              /* the anchor is "vào trước" */
	const dossier_quote *quote;   /* the new wording (borrowed), REPLACE and INSERT */
	char **words;             /* WORDS: pairs old, new (new NULL: the words are struck out);
	                           * for an insertion the new words, then the words they go beside */
	size_t nwords;
	int words_side;           /* WORDS insertion: -1 before, +1 after the words beside; 0 replace */
	char *error;              /* why it could not be read; apply fails naming it */
} dossier_amendment;

typedef struct dossier_amendments {
	dossier_amendment *v;
	size_t n;
	char *name;               /* the amending text as notes name it: "Nghị định số 372/2025/NĐ-CP" */
	char *amends;             /* the number of the text its title amends ("112/2021/NĐ-CP"), or NULL */
	char *effective;          /* when it takes effect, as written: "ngày 01 tháng 01 năm 2026"; NULL */
} dossier_amendments;

/* Read the instructions of an amending text, in its order. An instruction
 * whose targets cannot be read is kept with its `error`. Fails only
 * without memory; *out holds no amendment when the text amends nothing. */
DOSSIER_API int dossier_amendments_read(dossier_amendments **out, const dossier_document *amending,
	dossier_error *err);
DOSSIER_API void dossier_amendments_free(dossier_amendments *list);

/* One line for people: "khoản 3 Điều 1: sửa đổi, bổ sung điểm c khoản 1 Điều 5, khoản 3 Điều 5".
 * Caller frees. */
DOSSIER_API char *dossier_amendment_describe(const dossier_amendment *a);

/* The consolidated text: a copy of the principal with every amendment
 * that amends it applied in order, each changed provision with a note
 * (DOSSIER_NOTE_ON_HEADING, or at the words changed) naming the amending
 * text and its provision; notes numbered in document order. Amendments of
 * another text (they name one whose number is not the principal's) are
 * left with a warning `amend-other-text`. An instruction that cannot be
 * applied is an error `amend-cannot-apply` at its place in
 * `amending_path`, every one in diags; any makes it DOSSIER_EINVALID. */
DOSSIER_API int dossier_amend_apply(dossier_document **out, const dossier_document *principal,
	const dossier_amendments *list, const char *amending_path, dossier_diags *diags,
	dossier_error *err);

#endif
