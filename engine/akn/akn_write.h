/*
 * akn_write.h: the annotating Akoma Ntoso writer, for the engine modules
 * that write a document with more than the model holds (the diff marks its
 * changes, the consolidation its notes and history). Not part of the
 * public API: the caller hands the AKN module data, and only the AKN module
 * builds, edits and dumps XML (libxml2 lives here and nowhere else).
 *
 * An akn_annot collects annotations for one document and one set of
 * options (both borrowed): per provision (by eId) classes, the eId it used
 * to have, word-level <ins>/<del> marks in its number, heading and
 * paragraphs, notes, deleted provisions written where they stood; per
 * document extra metadata (lifecycle, workflow, TLC references, a version
 * number, proprietary elements). akn_write() then writes the document as
 * dossier_akn_write() does, with the annotations in place. An annotation
 * for an eId that no provision holds is ignored; when two provisions hold
 * one eId, the first in document order gets it.
 *
 * Every akn_annot_* call returns 0 or a negative DOSSIER_E* code and also
 * remembers a failure, which akn_write() then reports: a caller may check
 * each call or only the write. Strings are copied.
 */
#ifndef DOSSIER_AKN_WRITE_H
#define DOSSIER_AKN_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/akn.h"

typedef enum {
	AKN_MARK_NONE = 0,   /* plain text */
	AKN_MARK_INS,        /* <ins> */
	AKN_MARK_DEL,        /* <del> */
} akn_mark;

/* Inline text with its mark. The text is written as it is (escaped),
 * except that line breaks become spaces: put the space between two runs
 * inside the one it belongs to. */
typedef struct akn_run {
	akn_mark mark;
	const char *text;
} akn_run;

typedef struct akn_annot akn_annot;

/* Annotations for writing `doc` with `opts` (may be NULL); both borrowed. */
int akn_annot_new(akn_annot **out, const dossier_document *doc, const dossier_akn_options *opts,
	dossier_error *err);
void akn_annot_free(akn_annot *a);

/* Write the document with its annotations: *out (NUL-terminated, caller
 * frees) and *len (may be NULL) as dossier_akn_write() gives them. */
int akn_write(char **out, size_t *len, akn_annot *a, dossier_error *err);

/* ---- ids ---- */

/* Whether a provision of the document is written with this eId. */
bool akn_annot_has_provision(const akn_annot *a, const char *eid);

/* An eId unique in the written document, from `base`: base, base-2,
 * base-3, … avoiding the provisions' eIds, the writer's own TLC ids and
 * every id given before. Caller frees; NULL without memory. */
char *akn_annot_unique_id(akn_annot *a, const char *base);

/* How many paragraphs of a provision's own text (outside its
 * sub-provisions) are written: blank ones are not. */
size_t akn_written_paras(const dossier_node *n);

/* ---- provisions ---- */

/* A class on the provision: added to the writer's own class (append) or
 * in its place (replace); several calls append in order. */
int akn_annot_class(akn_annot *a, const char *eid, const char *cls, bool replace);

/* The eId it used to have, as wId. */
int akn_annot_wid(akn_annot *a, const char *eid, const char *wid);

/* Renumbered: <num><del>OLD</del><ins>NEW</ins></num>, where NEW is the
 * label written ("Điều 10.") and OLD the same label with the provision's
 * number replaced by old_num ("Điều 9."), or old_num alone when the
 * number is not found in the label. Nothing when it has no number. */
int akn_annot_renumber(akn_annot *a, const char *eid, const char *old_num);

/* Every number, heading and paragraph in one mark: of the provision and
 * all it holds (subtree), or only its own number and heading. */
int akn_annot_mark_all(akn_annot *a, const char *eid, akn_mark mark, bool subtree);

/* The heading's content as runs. */
int akn_annot_heading(akn_annot *a, const char *eid, const akn_run *runs, size_t n);

/* The content of its own written paragraph `index` (0-based, in the order
 * written: intro or content, then wrapUp) as runs. */
int akn_annot_para(akn_annot *a, const char *eid, size_t index, const akn_run *runs, size_t n);

/* Leave out its own written paragraphs from `from` on. */
int akn_annot_drop_paras(akn_annot *a, const char *eid, size_t from);

/* Where a deleted provision is written. */
typedef enum {
	AKN_PLACE_AFTER,    /* after the provision `anchor` */
	AKN_PLACE_BEFORE,   /* before it */
	AKN_PLACE_END,      /* as the last child of it, or of <body> when anchor is NULL */
} akn_place;

/* A provision of an older revision, written as deleted: status="removed",
 * class `cls`, its eIds (and those of all it holds) prefixed "del_" with
 * the old one in wId, its text in <del>, its numbers labelled in `lang`.
 * Several at one place are written in the order given. Returns 1 when it
 * will be written, 0 when it cannot be (the old provision has no eId), or
 * a negative code. `old` is borrowed. */
int akn_annot_deleted(akn_annot *a, akn_place where, const char *anchor, const dossier_node *old,
	dossier_lang lang, const char *cls);

/* ---- the preface and preamble ---- */

/* A pair of leaf elements (elements holding only text) of the preface or
 * preamble that stand at the same place in two documents and differ. */
typedef struct akn_leaf_pair {
	size_t leaf;        /* the new one's number, for akn_annot_leaf() */
	char *old_text;
	char *new_text;
} akn_leaf_pair;

/* Pair the preface and preamble of `old_doc` (written with the same
 * options) with those of the annotated document: where two elements have
 * children of the same names in the same order, their children are
 * paired; leaves whose text differs are returned. Caller frees with
 * akn_leaf_pairs_free(). */
int akn_preface_pairs(akn_leaf_pair **out, size_t *n, const akn_annot *a,
	const dossier_document *old_doc, dossier_error *err);
void akn_leaf_pairs_free(akn_leaf_pair *v, size_t n);

/* The content of preface or preamble leaf `leaf` as runs. */
int akn_annot_leaf(akn_annot *a, size_t leaf, const akn_run *runs, size_t n);

/* ---- notes ---- */

typedef enum {
	AKN_NOTE_EDITORIAL,   /* <note> in <meta><notes>, a <noteRef> in the text */
	AKN_NOTE_AUTHORIAL,   /* <authorialNote> in the text */
} akn_note_kind;

typedef struct akn_note {
	akn_note_kind kind;
	const char *eid;        /* from akn_annot_unique_id() */
	const char *provision;  /* the eId it is about: placementBase, and where it is marked */
	const char *cls;        /* class of the note, or NULL */
	const char *marker;     /* "1", or NULL */
	const char *placement;  /* "side", "bottom", … or NULL */
	const char *ref_class;  /* class of the <noteRef>, or NULL */
} akn_note;

/* A note on a provision. It is marked (its <noteRef>, or the authorial
 * note itself) at the end of the provision's last paragraph of content or
 * intro, after any mark before it; without such a paragraph an editorial
 * note is kept in <notes> unmarked, an authorial one is not written. The
 * paragraphs follow with akn_annot_note_para(). */
int akn_annot_note(akn_annot *a, const akn_note *note);

/* A paragraph (class may be NULL) at the end of the last note. */
int akn_annot_note_para(akn_annot *a, const char *cls);

typedef enum {
	AKN_INLINE_TEXT,           /* text */
	AKN_INLINE_SPAN,           /* <span> */
	AKN_INLINE_ORGANIZATION,   /* <organization refersTo="…"> */
	AKN_INLINE_PERSON,         /* <person refersTo="…"> */
	AKN_INLINE_INS,            /* <ins> */
	AKN_INLINE_DEL,            /* <del> */
} akn_inline;

/* Inline content at the end of the last paragraph of the last note. Text
 * (NULL: none) is written as it is; refers_to is for organization and
 * person. */
int akn_annot_note_add(akn_annot *a, akn_inline kind, const char *text, const char *refers_to);

/* ---- metadata ---- */

/* The source of the metadata blocks added (lifecycle, workflow, notes,
 * proprietary): "#moc". Without it, the writer's own source. */
int akn_annot_source(akn_annot *a, const char *source);

/* <bill contains="…">: "singleVersion"; "originalVersion" without it. */
int akn_annot_contains(akn_annot *a, const char *contains);

/* <FRBRversionNumber value="…"> in the expression. */
int akn_annot_version_number(akn_annot *a, const char *value);

typedef enum {
	AKN_TLC_ORGANIZATION,
	AKN_TLC_PERSON,
	AKN_TLC_ROLE,
	AKN_TLC_CONCEPT,
	AKN_TLC_EVENT,
	AKN_TLC_LOCATION,
} akn_tlc;

/* A reference in <references>, after the writer's own; showAs falls back
 * to the eId when NULL or empty. */
int akn_annot_tlc(akn_annot *a, akn_tlc kind, const char *eid, const char *href,
	const char *show_as);

/* An <eventRef> in <lifecycle>. */
typedef struct akn_event {
	const char *eid, *date, *source, *type, *refers_to;
	bool originating;       /* originatingExpression="true" */
} akn_event;
int akn_annot_event(akn_annot *a, const akn_event *ev);

/* A <step> in <workflow>; NULL attributes are left out. */
typedef struct akn_step {
	const char *eid, *date, *by, *as, *outcome, *refers_to;
} akn_step;
int akn_annot_step(akn_annot *a, const akn_step *st);

/* Elements of our own in <proprietary>, in the namespace `uri` with
 * `prefix` (set before the first element). An element is a handle owned
 * by the annotations; parent NULL puts it at the top. */
typedef struct akn_xel akn_xel;
int akn_annot_proprietary_ns(akn_annot *a, const char *prefix, const char *uri);
akn_xel *akn_annot_xel(akn_annot *a, akn_xel *parent, const char *name);
/* An attribute (NULL value: left out) and text (as it is) of an element. */
int akn_xel_attr(akn_annot *a, akn_xel *el, const char *name, const char *value);
int akn_xel_text(akn_annot *a, akn_xel *el, const char *text);

#endif
