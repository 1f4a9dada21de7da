/*
 * akn_int.h: what the Akoma Ntoso writer (akn.c), reader (akn_read.c) and
 * validator (akn_validate.c) share: the namespace, the class names our own
 * output uses in the preface, the text normalisation both directions apply
 * so that our own output round-trips byte for byte, and the labels of
 * numbers ("Điều 5." from "5", and back). Not part of the public API.
 */
#ifndef DOSSIER_AKN_INT_H
#define DOSSIER_AKN_INT_H

#include <libxml/tree.h>
#include <stdint.h>

#include "dossier/akn.h"
#include "dossier/document.h"
#include "akn/akn_write.h"

#define AKN_NS DOSSIER_AKN_NS

/* The FRBR date when neither the options nor the preface give one. A fixed
 * value, so that the same model always gives the same bytes. */
#define AKN_FALLBACK_DATE "1970-01-01"

/* Classes of the preface paragraphs we write and recognise on reading. */
#define AKN_CLASS_ISSUER "issuer"
#define AKN_CLASS_NUMBER "number"
#define AKN_CLASS_PLACE_DATE "placeAndDate"
#define AKN_CLASS_DATE "date"
#define AKN_CLASS_OTHER "other"
/* A <section> that groups although it holds no article. */
#define AKN_CLASS_GROUP "group"

/* hcontainer names in the body. */
#define AKN_HC_APPENDIX "appendix"
#define AKN_HC_BODY_TEXT "bodyText"
/* An attached text ("ban hành kèm theo") is <attachment eId="att_1"><doc
 * name="attachment">: its type line the preface's <p class="docType">, its
 * other text the preface's paragraphs (an attachment with provisions) or
 * an <hcontainer name="attachmentText"> of its mainBody (one without). */
#define AKN_DOC_ATTACHMENT "attachment"
#define AKN_CLASS_DOC_TYPE "docType"
#define AKN_HC_ATTACHMENT_TEXT "attachmentText"
#define AKN_HC_BODY_WRAPUP "bodyWrapUp"

/* A paragraph of text as both directions store it: whitespace runs that
 * hold a line break or tab become one space, control characters other than
 * those are dropped, and the ends are trimmed. Idempotent. Returns a new
 * string or NULL without memory. */
char *akn_norm_text(const char *s, size_t len);

/* The number as written in the XML for a node kind and language:
 * "Điều 5." / "Article 5." for an article, "1." for a clause, "a)" for a
 * point, "Chương II" / "Chapter II" and so on. Caller frees. */
char *akn_num_label(dossier_node_kind kind, dossier_lang lang, const char *num);

/* The inverse, tolerant of foreign styles: strips a leading word such as
 * "Điều", "Article", "Art.", "SEC.", "CHAPTER", a leading "(" and trailing
 * ".", ")", ":" and blanks. "Điều 5." -> "5", "(a)" -> "a", "SEC. 3 ." -> "3".
 * Caller frees. */
char *akn_num_strip(const char *label);

/* True when s is an ISO date YYYY-MM-DD that xs:date accepts. */
int akn_is_iso_date(const char *s);

/* Parse XML from memory without network access and without printing.
 * When it is not well formed: DOSSIER_EINVALID with the first error's
 * line and column in err, and every error in diags (may be NULL). */
int akn_parse(xmlDocPtr *out, const char *path, const char *data, size_t len,
	dossier_diags *diags, dossier_error *err);

/* Where an element akn_parse() read starts: its line and its column
 * (1-based, in characters); 0 when unknown (an element built in memory).
 * For another node, its element's. */
unsigned akn_node_line(xmlNodePtr n);
unsigned akn_node_column(xmlNodePtr n);

/* Check that the root is <akomaNtoso> in the 3.0 namespace; a clear
 * DOSSIER_EINVALID naming the namespace found otherwise. */
int akn_check_root(xmlNodePtr root, const char *path, dossier_error *err);

/* Refuse eIds held by two provisions of doc: each repeat in diags (may be
 * NULL) with its line and the first holder's, code akn-duplicate-eid, the
 * first in err; DOSSIER_EINVALID then. */
int akn_eid_unique(const dossier_document *doc, const char *path, dossier_diags *diags,
	dossier_error *err);

/* A set of eIds (borrowed strings), for giving unique ones. */
typedef struct akn_eid_set akn_eid_set;
int akn_eid_set_new(akn_eid_set **out);
void akn_eid_set_free(akn_eid_set *set);
bool akn_eid_set_has(const akn_eid_set *set, const char *eid);
/* 0 or DOSSIER_ENOMEM; the string must outlive the set. */
int akn_eid_set_add(akn_eid_set *set, const char *eid);
/* The set's hash of an eId (FNV-1a), for other tables of eIds. */
uint32_t akn_eid_hash(const char *eid);

/* ---- the annotations (akn_annot.c), as the writer (akn.c) reads them ---- */

typedef struct akn_runs {
	akn_run *v;       /* texts owned */
	size_t n;
	bool set;
} akn_runs;

typedef struct akn_del_copy {
	const dossier_node *node;
	dossier_lang lang;
	char *cls;
} akn_del_copy;

typedef struct akn_del_list {
	akn_del_copy *v;
	size_t n, cap;
} akn_del_list;

typedef struct akn_para_runs {
	size_t index;
	akn_runs runs;
} akn_para_runs;

typedef struct akn_prov {
	char *eid;
	char *cls;
	bool cls_replace;
	char *wid;
	char *old_num;      /* renumbered when set */
	akn_mark wrap;
	bool wrap_subtree;
	akn_runs heading;
	akn_para_runs *paras;
	size_t nparas;
	size_t keep_paras;  /* SIZE_MAX: all */
	akn_del_list before, after, end;
	size_t *notes;      /* indexes into akn_annot.notes */
	size_t nnotes;
	bool used;          /* the writer gave it to a provision */
} akn_prov;

typedef struct akn_inl {
	akn_inline kind;
	char *text, *ref;
} akn_inl;

typedef struct akn_npara {
	char *cls;
	akn_inl *v;
	size_t n;
} akn_npara;

typedef struct akn_note_rec {
	akn_note_kind kind;
	char *eid, *provision, *cls, *marker, *placement, *ref_class;
	akn_npara *paras;
	size_t nparas;
} akn_note_rec;

typedef struct akn_xkid {
	akn_xel *el;        /* or */
	char *text;
} akn_xkid;

struct akn_xel {
	char *name;
	char **attrs;       /* name, value, name, value, … */
	size_t nattrs;
	akn_xkid *kids;
	size_t nkids;
};

typedef struct akn_tlc_rec {
	akn_tlc kind;
	char *eid, *href, *show_as;
} akn_tlc_rec;

typedef struct akn_leaf_runs {
	size_t leaf;
	akn_runs runs;
} akn_leaf_runs;

struct akn_annot {
	const dossier_document *doc;
	const dossier_akn_options *opts;
	int failed;                 /* the first failure, a DOSSIER_E* code */
	akn_prov *provs;
	size_t nprovs, capprovs;
	size_t *slots;              /* eId hash -> index + 1 into provs */
	size_t nslots;
	akn_eid_set *ids;           /* every id of the document and given out */
	akn_eid_set *written;       /* the provisions' eIds */
	char **owned;               /* the ids given out */
	size_t nowned;
	akn_leaf_runs *leaves;
	size_t nleaves;
	akn_note_rec *notes;
	size_t nnotes;
	char *source, *contains, *version;
	akn_tlc_rec *tlcs;
	size_t ntlcs;
	akn_event *events;          /* strings owned */
	size_t nevents;
	akn_step *steps;            /* strings owned */
	size_t nsteps;
	char *prop_prefix, *prop_uri;
	akn_xel **xels;
	size_t nxels;
};

/* The annotation of the provision with this eId, NULL when none (in
 * akn.c; the table is akn_annot.c's). */
akn_prov *akn_annot_find(akn_annot *a, const char *eid);

/* Whether the writer writes s (not only blanks or control characters). */
bool akn_has_text(const char *s);

/* The TLC ids the writer gives itself for doc and opts: the author, the
 * drafter and the place (NULL when none). Caller frees the three. */
int akn_own_ids(char **author, char **drafter, char **place, const dossier_document *doc,
	const dossier_akn_options *opts, dossier_error *err);

/* A date "YYYY-MM-DD" in words: "ngày 04 tháng 10 năm 2024" (days below
 * 10 and months below 3 with a leading zero, as administrative documents
 * write them), in English "4 October 2024". Caller frees. */
char *akn_date_words(const char *iso, dossier_lang lang);

/* ---- the writer's tree (akn_tree.c), shared by akn.c and akn_annot_write.c ---- */

typedef struct akn_writer {
	xmlDocPtr doc;
	xmlNsPtr ns;
	dossier_lang lang;
	int oom;
	int bad_utf8;     /* a string of the model is not UTF-8 */
	const char *bad_what;
	akn_annot *an;    /* annotations, or NULL */
	int no_empty;     /* an empty text adds no text node */
} akn_writer;

/* A new document whose root is <akomaNtoso> in the AKN namespace. */
int akn_w_tree(akn_writer *w, xmlNodePtr *root);
/* 1 when s (may be NULL) is UTF-8; else 0, remembered with what it was. */
int akn_w_utf8(akn_writer *w, const char *s, const char *what);
/* A child element in the AKN namespace (NULL without memory). */
xmlNodePtr akn_w_el(akn_writer *w, xmlNodePtr parent, const char *name);
/* An attribute as it is (NULL value: none), or as model text, normalised. */
void akn_w_attr(akn_writer *w, xmlNodePtr n, const char *name, const char *value);
void akn_w_attr_text(akn_writer *w, xmlNodePtr n, const char *name, const char *value);
/* Text of the model, normalised (with no_empty, none when empty). */
void akn_w_text(akn_writer *w, xmlNodePtr parent, const char *text);
/* Fixed text of our own, as it is. */
void akn_w_literal(akn_writer *w, xmlNodePtr parent, const char *text);
/* An element holding text of the model. */
xmlNodePtr akn_w_text_el(akn_writer *w, xmlNodePtr parent, const char *name, const char *text);
/* Whether the writer writes s (not only blanks or control characters). */
bool akn_has_text(const char *s);
/* How many of v are written; each as a <p> under parent. */
size_t akn_count_paras(char *const *v, size_t n);
void akn_w_paras(akn_writer *w, xmlNodePtr parent, char *const *v, size_t n);
/* Text of an annotation as it is; with breaks, line breaks as spaces. */
void akn_w_raw(akn_writer *w, xmlNodePtr parent, const char *text, int breaks);
/* An empty text node first: the dump keeps el on one line. */
void akn_w_inline(akn_writer *w, xmlNodePtr el);
/* Runs of marked text, on one line. */
void akn_w_runs(akn_writer *w, xmlNodePtr el, const akn_run *v, size_t n);
/* Text of the model inside one mark (none for empty text). */
void akn_w_marked(akn_writer *w, xmlNodePtr el, akn_mark mark, const char *text);

/* ---- what the annotations add (akn_annot_write.c) ---- */

/* <lifecycle> and <workflow>, before <references>. */
void akn_w_history(akn_writer *w, xmlNodePtr meta, const char *source);
/* The annotations' references into refs, then <notes> and <proprietary>. */
void akn_w_extra_meta(akn_writer *w, xmlNodePtr meta, xmlNodePtr refs, const char *source);
/* The provision's notes at the end of last, its last <p> of content or intro. */
void akn_w_mark_notes(akn_writer *w, const akn_prov *p, xmlNodePtr last);
/* Number the leaves (elements without element children) below n in
 * document order from *k, and put the annotations' runs in them. */
void akn_w_number_leaves(xmlNodePtr n, size_t *k);
void akn_w_apply_leaves(akn_writer *w, xmlNodePtr n);

typedef struct akn_pairs {
	akn_leaf_pair *v;
	size_t n, cap;
	int oom;
} akn_pairs;

/* Pair the leaves of o and n (numbered) where their shapes agree. */
void akn_w_pair_leaves(akn_pairs *out, xmlNodePtr o, xmlNodePtr n);

#endif
