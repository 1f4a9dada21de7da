/*
 * document.h: the in-memory model of a legal text: a Vietnamese decree, law
 * or circular, or its English translation. One model that plain text and
 * Akoma Ntoso both come into and that comments, diff and consolidation work
 * on.
 *
 * Every provision has its number as written, a heading where it has one,
 * its text (NFC-normalised UTF-8) and an AKN eId by the naming convention:
 * chp_1, chp_1__sec_2, art_5, art_5__para_2, art_5__para_2__point_d.
 * Articles are numbered across the whole text, so their eIds omit the
 * chapter; sections restart in each chapter, so theirs include it.
 */
#ifndef DOSSIER_DOCUMENT_H
#define DOSSIER_DOCUMENT_H

#include "error.h"
#include "utf8.h"

typedef enum {
	DOSSIER_NODE_BODY = 0,  /* the root of the body */
	DOSSIER_NODE_PART,      /* Phần / Part */
	DOSSIER_NODE_CHAPTER,   /* Chương / Chapter */
	DOSSIER_NODE_SECTION,   /* Mục / Section */
	DOSSIER_NODE_ARTICLE,   /* Điều / Article */
	DOSSIER_NODE_CLAUSE,    /* khoản / clause: AKN paragraph */
	DOSSIER_NODE_POINT,     /* điểm / point */
	DOSSIER_NODE_APPENDIX,  /* Phụ lục / Appendix (kept as a container with its text) */
	DOSSIER_NODE_ATTACHMENT, /* a text "ban hành kèm theo" (a regulation, programme or rules
	                          * attached after the signature): a child of the body, after the
	                          * articles; heading its type line ("QUY ĐỊNH"), text its title
	                          * lines and "(Ban hành kèm theo …)", children its own parts,
	                          * chapters and articles, numbered and named (att_1__art_5)
	                          * within it. AKN <attachment> */
} dossier_node_kind;

typedef enum {
	DOSSIER_LANG_VIE = 0,
	DOSSIER_LANG_ENG = 1,
} dossier_lang;

typedef struct dossier_node dossier_node;

/* An authorial note of the text (a Word footnote, an AKN <authorialNote>):
 * its marker stands in paragraph `para` of the node's text, before byte `at`. */
typedef struct dossier_note {
	char *marker;     /* "1", "*" */
	char *text;       /* the note's paragraphs joined by newlines */
	size_t para;
	size_t at;
} dossier_note;

/* A note whose marker stands at the end of the provision's heading (its
 * number when it has none), as a consolidated text (VBHN) marks a
 * provision an amending text changed: "Điều 3.[1] Giấy phép …". */
#define DOSSIER_NOTE_ON_HEADING ((size_t)-1)

/* A table of the text (a Word table of more than two columns, an AKN
 * <table>): it is paragraph `para` of the node's text, whose text is its
 * rows, one a line, their cells joined by " | ". */
typedef struct dossier_table {
	size_t para;
	size_t nrows, ncols;
	char **cells;     /* nrows * ncols, row by row; "" for a missing cell */
} dossier_table;

/* A quotation of the text: the new wording an amending provision quotes
 * ("Sửa đổi, bổ sung Điều 3 như sau: “Điều 3. … 1. … 2. …”"), an AKN
 * <mod> holding a <quotedStructure>. It stands after the first `para`
 * paragraphs of the node's text. Its provisions keep their own numbering
 * and are not provisions of the text: they hang from `body`, not from the
 * node, so walking the document does not visit them (dossier_document_find
 * does). Their eIds start with the quotation's: "art_1__para_1__mod_1__
 * qstr_1__art_3" (docs/text-format.md, "Quotations"). */
typedef struct dossier_quote {
	size_t para;
	char *eid;           /* the <mod>'s: "art_1__para_1__mod_1" */
	dossier_node *body;  /* kind DOSSIER_NODE_BODY, parent NULL: the quoted provisions, or text */
} dossier_quote;

struct dossier_node {
	dossier_node_kind kind;
	char *num;        /* the number as written: "5", "II", "2", "đ" (no "Điều", no "." or ")") */
	char *heading;    /* NULL when none */
	char *eid;        /* unique in the document */
	char **text;      /* paragraphs before the children (content, or intro) */
	size_t ntext;
	char **wrapup;    /* paragraphs after the children, rare */
	size_t nwrapup;
	dossier_node **children;
	size_t nchildren;
	dossier_node *parent;  /* NULL for the body */
	unsigned line;    /* where it started in the source, 1-based; 0 when unknown */
	unsigned column;  /* and its column there, 1-based, in characters; 0 when unknown */
	dossier_note *notes;  /* in the order of their markers */
	size_t nnotes;
	dossier_table *tables;  /* in the order of their paragraphs */
	size_t ntables;
	dossier_quote *quotes;  /* in the order of their places */
	size_t nquotes;
};

typedef struct dossier_preface {
	char *issuer;      /* "BỘ XÂY DỰNG" / "CHÍNH PHỦ" */
	char *number;      /* "123/2024/NĐ-CP" */
	char *place;       /* "Hà Nội" */
	char *date;        /* "2024-10-04" (ISO) when known */
	char *doc_type;    /* "NGHỊ ĐỊNH", "LUẬT", "THÔNG TƯ", "DECREE" */
	char *title;       /* "Quy định về …" */
	char **preamble;   /* "Căn cứ …" lines, and the enacting formula */
	size_t npreamble;
	char **other;      /* header lines kept as they were (national motto, separators excluded) */
	size_t nother;
} dossier_preface;

typedef struct dossier_document {
	dossier_lang lang;
	char *kind;              /* AKN-level kind: "decree", "law", "circular", … */
	dossier_preface preface;
	dossier_node *body;      /* kind DOSSIER_NODE_BODY */
	char **conclusions;      /* signature block, "Nơi nhận" list */
	size_t nconclusions;
	char *work_date;         /* ISO date of the Work that an AKN source gave (FRBRWork's FRBRdate), or NULL */
} dossier_document;

DOSSIER_API int dossier_document_new(dossier_document **out, dossier_lang lang);
DOSSIER_API void dossier_document_free(dossier_document *doc);

/* Deep copy. */
DOSSIER_API int dossier_document_clone(dossier_document **out, const dossier_document *doc);

/* Build a node and attach it to parent (parent may be NULL). */
DOSSIER_API int dossier_node_new(dossier_node **out, dossier_node *parent,
	dossier_node_kind kind, const char *num, const char *heading);
DOSSIER_API int dossier_node_add_text(dossier_node *node, const char *text);
DOSSIER_API void dossier_node_free(dossier_node *node);

/* A note whose marker stands in text[para] before byte `at`. */
DOSSIER_API int dossier_node_add_note(dossier_node *node, size_t para, size_t at,
	const char *marker, const char *text);

/* Readers put a note's place into the text as one code point,
 * DOSSIER_NOTE_MARK + its index (plane 15, private use), before the text
 * parser; this takes those out of every node's text into its notes, with
 * markers[i] and texts[i]. A mark outside a provision's text (a heading,
 * a wrap-up) is dropped; *dropped counts those. */
#define DOSSIER_NOTE_MARK 0xF0000
#define DOSSIER_NOTE_MAX 0x8000
DOSSIER_API int dossier_document_take_notes(dossier_document *doc, char *const *markers,
	char *const *texts, size_t n, size_t *dropped);

/* A quotation after the first `para` paragraphs of node's text; *body
 * (borrowed) is its empty root, to be filled with the quoted provisions. */
DOSSIER_API int dossier_node_add_quote(dossier_node **body, dossier_node *node, size_t para);

/* The eId of the quotedStructure of quotation q: its eId + "__qstr_1".
 * Caller frees. */
DOSSIER_API char *dossier_quote_qstr_eid(const dossier_quote *q);

/* A table as paragraph `para` of node's text (its text is set from the
 * cells, see dossier_table); cells are copied. */
DOSSIER_API int dossier_node_add_table(dossier_node *node, size_t para, size_t nrows, size_t ncols,
	char *const *cells);

/* The same for tables: a paragraph that holds DOSSIER_TABLE_MARK + i
 * becomes table i (rows[i], cells[i]: nrows[i] * ncols[i]). */
#define DOSSIER_TABLE_MARK (DOSSIER_NOTE_MARK + DOSSIER_NOTE_MAX)
#define DOSSIER_TABLE_MAX 0x8000
DOSSIER_API int dossier_document_take_tables(dossier_document *doc, char **const *cells,
	const size_t *nrows, const size_t *ncols, size_t n);

/* Give every provision its eId by the naming convention. Reports two
 * provisions that would share an eId (a number repeated in the source) as
 * DOSSIER_EINVALID naming both lines. */
DOSSIER_API int dossier_document_assign_eids(dossier_document *doc, const char *path,
	dossier_diags *diags, dossier_error *err);

/* Borrowed lookup; NULL when absent. */
DOSSIER_API const dossier_node *dossier_document_find(const dossier_document *doc, const char *eid);

/* eIds close to one that does not exist, best first (for "did you mean").
 * Fills up to `max` borrowed strings; returns how many. */
DOSSIER_API size_t dossier_document_closest(const char **out, size_t max,
	const dossier_document *doc, const char *eid);

/* The provision a person names, as an eId ("art_5__para_2__point_dd") or
 * a citation: "Điều 5 khoản 2 điểm đ", "điểm đ khoản 2 Điều 5", "Mục 1
 * Chương II", "Article 5(2)(a)", "Article 5, paragraph 2, point (a)".
 * Letter case and NFC/NFD do not matter (docs/text-format.md,
 * "Citations"). *out is borrowed from doc. `in` names the document in
 * messages ("revision v2"; NULL: "the document"). Not there:
 * DOSSIER_ENOTFOUND, tag "unknown-provision", the nearest provisions as
 * citations in the hint; several: DOSSIER_EINVALID, "ambiguous-provision";
 * neither an eId nor a citation: DOSSIER_EINVALID, "invalid-provision". */
DOSSIER_API int dossier_document_resolve(const dossier_node **out, const dossier_document *doc,
	const char *given, const char *in, dossier_error *err);

/* A citation for people: "Điều 5 khoản 2 điểm a" (vie) or "Article 5(2)(a)"
 * (eng); chapters "Chương II", sections "Mục 1 Chương II". Caller frees. */
DOSSIER_API char *dossier_node_citation(const dossier_node *node, dossier_lang lang);

/* The node's whole text, its own paragraphs and its descendants', joined by
 * newlines, with numbers ("1.", "a)"). Caller frees. */
DOSSIER_API char *dossier_node_text(const dossier_node *node);

/* Where a provision of an earlier revision stands in a later document:
 * the question the synthesis report and the consolidation ask. The
 * structural diff answers it (dossier_provision_map, diff.h); the façade
 * hands that answer to them as a dossier_locate_fn, so that neither needs
 * the diff. */
typedef struct dossier_located {
	const dossier_node *node;   /* in the later document; NULL when deleted or unknown */
	bool changed;               /* its text changed (or it was split or merged) */
	bool whole;                 /* node is the provision itself (the same, renumbered or moved),
	                             * not one it was split into or merged with */
	const char *how;            /* "same", "changed", "renumbered", "moved", "split", "merged",
	                             * "deleted", "unknown" (static) */
} dossier_located;

/* Where provision `eid` of revision `rev` (1-based) stands; fails only
 * without memory. */
typedef int (*dossier_locate_fn)(dossier_located *out, unsigned rev, const char *eid, void *payload);

/* Visit every node in document order (pre-order). Stop when fn returns non-zero. */
typedef int (*dossier_node_visit_fn)(const dossier_node *node, void *payload);
DOSSIER_API int dossier_document_walk(const dossier_document *doc, dossier_node_visit_fn fn, void *payload);

/* The same with the provisions of the quotations (dossier_quote): each
 * provision's quoted provisions come after it, before its children. What
 * lists every eId a comment may name (revisions/vN.eids) walks so. */
DOSSIER_API int dossier_document_walk_all(const dossier_document *doc, dossier_node_visit_fn fn,
	void *payload);


DOSSIER_API const char *dossier_node_kind_name(dossier_node_kind kind);

/* The document as JSON (jansson): language, kind, preface, conclusions and
 * the body as nested nodes, each with eid, kind, num, heading, citation
 * {vie, eng}, line, children, and with DOSSIER_JSON_TEXT its text
 * paragraphs. Stable; documented in docs/text-format.md. Caller frees. */
#define DOSSIER_JSON_TEXT 1u
DOSSIER_API int dossier_document_json(char **out, const dossier_document *doc,
	unsigned flags, dossier_error *err);

#endif
