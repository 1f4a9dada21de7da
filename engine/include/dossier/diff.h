/*
 * diff.h: what changed between two revisions of a legal text, provision by
 * provision, and word by word inside a changed provision.
 *
 * Provisions are aligned by identity, not by line: an article keeps its
 * identity when it is renumbered or moved, because it is recognised by its
 * heading and by the similarity of its text. The result is a tree of
 * aligned items (articles, then their clauses, then their points), each
 * with the kinds of change that apply to it: inserted, deleted, moved,
 * renumbered, changed (its text), split or merged. Inside a changed
 * provision the text is compared word by word (Myers' algorithm on
 * Unicode words and punctuation marks; whitespace is not significant, text
 * is compared in NFC). docs/diff.md describes the alignment and the output
 * formats.
 *
 * A dossier_diff borrows the two documents: they must outlive it.
 */
#ifndef DOSSIER_DIFF_H
#define DOSSIER_DIFF_H

#include "document.h"
#include "comment.h"

/* ---- word-level diff ---------------------------------------------------- */

typedef enum {
	DOSSIER_WORD_EQUAL = 0,
	DOSSIER_WORD_DELETE = 1,  /* only in the old text */
	DOSSIER_WORD_INSERT = 2,  /* only in the new text */
} dossier_word_op;

/* A run of tokens with one operation. `text` is the run as written (the
 * new text's spelling for EQUAL), from its first token to its last, with
 * the whitespace between its tokens; `space_before` tells whether
 * whitespace preceded its first token, `newline_before` whether that
 * whitespace held a line break (a new paragraph). In a block of changes
 * between two common runs, the DELETE comes before the INSERT. */
typedef struct dossier_word_seg {
	dossier_word_op op;
	char *text;
	bool space_before;
	bool newline_before;
} dossier_word_seg;

typedef struct dossier_word_diff {
	dossier_word_seg *segs;
	size_t nsegs;
	size_t deleted;   /* tokens deleted */
	size_t inserted;  /* tokens inserted */
	size_t equal;     /* tokens in common */
} dossier_word_diff;

/* Word-level diff of two UTF-8 texts (NULL is the empty text). Invalid
 * UTF-8 is DOSSIER_EINVALID. The texts are NFC-normalised first, so
 * canonically equivalent spellings are no change. */
DOSSIER_API int dossier_word_diff_new(dossier_word_diff **out, const char *old_text,
	const char *new_text, dossier_error *err);
DOSSIER_API void dossier_word_diff_free(dossier_word_diff *wd);
/* True when the texts differ (some token was deleted or inserted). */
DOSSIER_API bool dossier_word_diff_changed(const dossier_word_diff *wd);

/* ---- structural diff ---------------------------------------------------- */

/* Kinds of change, as bits: an item may be, say, renumbered and changed. */
#define DOSSIER_CHANGE_INSERTED   0x01u
#define DOSSIER_CHANGE_DELETED    0x02u
#define DOSSIER_CHANGE_MOVED      0x04u  /* out of the order of its neighbours */
#define DOSSIER_CHANGE_RENUMBERED 0x08u  /* in order, with a new number */
#define DOSSIER_CHANGE_CHANGED    0x10u  /* heading, text or a sub-provision changed */
#define DOSSIER_CHANGE_SPLIT      0x20u  /* one old provision became several new ones */
#define DOSSIER_CHANGE_MERGED     0x40u  /* several old provisions became one new one */
#define DOSSIER_CHANGE_KINDS      7

/* "inserted", "deleted", …, for one bit; NULL for anything else. */
DOSSIER_API const char *dossier_change_name(unsigned bit);

typedef struct dossier_diff_item dossier_diff_item;

struct dossier_diff_item {
	unsigned changes;                  /* DOSSIER_CHANGE_* bits; 0: unchanged */
	dossier_node_kind kind;
	const dossier_node *old_node;      /* NULL when inserted */
	const dossier_node *new_node;      /* NULL when deleted */
	/* SPLIT: the further new provisions the old one became (new_node is the
	 * first); MERGED: the further old provisions merged into new_node
	 * (old_node is the first). */
	const dossier_node **parts;
	size_t nparts;
	dossier_word_diff *heading;        /* when the heading changed, else NULL */
	/* When the provision's own text changed (its paragraphs outside its
	 * sub-provisions), else NULL. For SPLIT and MERGED: the whole text of
	 * the old provisions against the whole text of the new ones. */
	dossier_word_diff *text;
	dossier_diff_item *children;       /* sub-provisions, aligned, in order */
	size_t nchildren;
};

typedef struct dossier_diff {
	dossier_lang lang;                 /* of the newer document */
	const dossier_document *old_doc;   /* borrowed */
	const dossier_document *new_doc;   /* borrowed */
	/* The provisions that are not containers (articles, appendices, and
	 * clauses outside any article), across parts, chapters and sections, in
	 * the order of the new text, deleted ones where they stood. */
	dossier_diff_item *items;
	size_t nitems;
	/* Parts, chapters and sections, aligned by number and heading. */
	dossier_diff_item *containers;
	size_t ncontainers;
	dossier_word_diff *preface;        /* when the preface changed, else NULL */
	dossier_word_diff *conclusions;    /* when the closing block changed, else NULL */
	/* How many provisions, at any depth, carry each kind of change
	 * (index: bit position, DOSSIER_CHANGE_INSERTED = 0 … MERGED = 6). */
	size_t counts[DOSSIER_CHANGE_KINDS];
} dossier_diff;

/* Align two documents and compare them. */
DOSSIER_API int dossier_diff_new(dossier_diff **out, const dossier_document *old_doc,
	const dossier_document *new_doc, dossier_error *err);
DOSSIER_API void dossier_diff_free(dossier_diff *diff);

/* True when anything differs. */
DOSSIER_API bool dossier_diff_changed(const dossier_diff *diff);

/* Where a provision of the old document (by eId) stands in the new one. */
typedef enum {
	DOSSIER_FATE_SAME = 0,      /* same eId, same text */
	DOSSIER_FATE_CHANGED,       /* same eId, its text changed */
	DOSSIER_FATE_RENUMBERED,    /* a new eId; *changed tells whether its text changed too */
	DOSSIER_FATE_MOVED,         /* elsewhere in the order; new eId may be the same */
	DOSSIER_FATE_SPLIT,         /* became several provisions; new_eid is the first */
	DOSSIER_FATE_MERGED,        /* merged into another */
	DOSSIER_FATE_DELETED,
	DOSSIER_FATE_UNKNOWN,       /* no such eId in the old document */
} dossier_fate;

DOSSIER_API const char *dossier_fate_name(dossier_fate f);

/* *new_node is the provision in the new document (borrowed; NULL when
 * deleted or unknown); *changed (may be NULL) whether its text changed. */
DOSSIER_API dossier_fate dossier_diff_locate(const dossier_node **new_node, bool *changed,
	const dossier_diff *diff, const char *old_eid);

/* ---- output ------------------------------------------------------------- */

/* The explanation ("thuyết minh") of one row of the bảng so sánh: the
 * comments and dispositions behind the change of a provision, one
 * paragraph each (dossier_diff_explain builds them from a dossier). */
typedef struct dossier_diff_note {
	const char *eid;             /* the provision, a row of the table, in the older revision */
	const char *const *paras;
	size_t nparas;
} dossier_diff_note;

typedef struct dossier_diff_format_options {
	unsigned version;
	const char *old_label;   /* "v1", a file name; NULL: "old" */
	const char *new_label;   /* NULL: "new" */
	bool color;              /* text: ANSI colours instead of [-…-]{+…+} */
	/* xml, html, docx: the table's third column "Thuyết minh" (NULL: none,
	 * the two columns of a comparison of files). In AKN each note is a
	 * <note class="thuyet-minh"> in <meta><notes> whose placementBase is
	 * the provision's row. */
	const dossier_diff_note *notes;
	size_t nnotes;
} dossier_diff_format_options;
#define DOSSIER_DIFF_FORMAT_OPTIONS_VERSION 1
#define DOSSIER_DIFF_FORMAT_OPTIONS_INIT { DOSSIER_DIFF_FORMAT_OPTIONS_VERSION, NULL, NULL, false, NULL, 0 }

/* The summary by kind, then every changed provision with its words marked. */
DOSSIER_API int dossier_diff_text(char **out, const dossier_diff *diff,
	const dossier_diff_format_options *opts, dossier_error *err);

/* The changes as JSON (docs/diff.md); stable. */
DOSSIER_API int dossier_diff_json(char **out, const dossier_diff *diff,
	const dossier_diff_format_options *opts, dossier_error *err);

/* The newer revision as Akoma Ntoso with the changes marked: <ins>/<del>
 * in changed text and numbers, the old eId as wId, deleted provisions kept
 * with status="removed", and a class on each changed provision
 * ("diff-inserted", "diff-renumbered diff-changed", …). Valid against the
 * AKN 3.0 schema. */
DOSSIER_API int dossier_diff_akn(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, dossier_error *err);

/* The two-column comparison table ("bảng so sánh"), through the XSLT
 * stylesheet at `stylesheet` (templates/compare.xsl) applied to the output
 * of dossier_diff_akn. */
DOSSIER_API int dossier_diff_html(char **out, size_t *len, const dossier_diff *diff,
	const char *stylesheet, const dossier_diff_format_options *opts, dossier_error *err);

/* ---- comments carried forward ------------------------------------------ */

/*
 * Where the provisions of earlier revisions stand in one later document,
 * by the alignment of dossier_diff_new: the one mechanism behind
 * `comments --revision`, the synthesis report's status and "now" citation,
 * and the consolidated draft's placing of adopted text and its notes (the
 * façade hands the last two dossier_provision_map_locator). The diff of each
 * earlier revision against the target is made once, on first use, and
 * kept; asking is then a lookup.
 */
typedef struct dossier_provision_map dossier_provision_map;

/* revisions[i] is v(i+1) (an entry may be NULL: its provisions are
 * unknown); `target` is the document asked about, and `target_rev` its
 * revision number when it is one of them (its provisions are then the same,
 * unaligned), else 0. Everything is borrowed and must outlive the map. */
DOSSIER_API int dossier_provision_map_new(dossier_provision_map **out,
	const dossier_document *const *revisions, size_t nrevisions, const dossier_document *target,
	unsigned target_rev, dossier_error *err);
DOSSIER_API void dossier_provision_map_free(dossier_provision_map *m);

/* Where provision `eid` of revision `rev` stands in the target:
 * *fate (DOSSIER_FATE_UNKNOWN when that revision is not known or has no
 * such provision), *node in the target (NULL when deleted or unknown),
 * *changed (may be NULL) whether its text changed. Fails only without memory. */
DOSSIER_API int dossier_provision_map_locate(dossier_fate *fate, const dossier_node **node, bool *changed,
	dossier_provision_map *m, unsigned rev, const char *eid, dossier_error *err);
/* The same as a dossier_locate_fn (document.h), `payload` the map: what
 * the façade hands the report and the consolidation. */
DOSSIER_API int dossier_provision_map_locator(dossier_located *out, unsigned rev, const char *eid, void *payload);

/* Where the provision a comment was made on stands in another revision. */
typedef struct dossier_carry_item {
	const dossier_comment_record *comment;  /* borrowed from the list */
	dossier_fate fate;       /* DOSSIER_FATE_SAME for a comment on the draft as a whole */
	bool changed;            /* its text changed */
	char *eid;               /* in the later revision; NULL when deleted or unknown */
	char *citation;          /* likewise */
} dossier_carry_item;

typedef struct dossier_carry {
	char *from;              /* "v1": the revision the comments were made on */
	char *to;                /* "v3": the latest revision */
	dossier_carry_item *items;  /* the comments made on `from`, in the list's order */
	size_t n;
} dossier_carry;

DOSSIER_API void dossier_carry_free(dossier_carry *c);


#endif
