/*
 * text.h: what the text module (the document model, the structured-text
 * parser and writer) offers the other engine modules beyond the public
 * API: the value of a number as written, and whether a document has
 * anything an Akoma Ntoso body can hold. Not part of the public API.
 */
#ifndef DOSSIER_TEXT_TEXT_H
#define DOSSIER_TEXT_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "dossier/document.h"

/* Whether the body holds a provision or a paragraph of text: what the AKN
 * writer needs (a body with at least one). The readers refuse a document
 * without, at a place, rather than leave the writer to refuse it without. */
bool text_has_provisions(const dossier_document *doc);

/* A deep copy of src (its quotations too), attached to parent when given.
 * Without memory *out is NULL when parent is (a partial copy attached to
 * parent stays there, to be freed with it). */
int text_node_clone(dossier_node **out, const dossier_node *src, dossier_node *parent);

/* The quotations of n as text writes them (“Điều 3. …\n1. …”), one line
 * each of their lines; NULL when it has none (or without memory). For what
 * compares texts: a change in a quotation is a change of its provision.
 * Caller frees. */
char *text_node_quotes(const dossier_node *n);

/* The quoted words of an instruction that changes words ("Thay thế cụm từ
 * “X” bằng cụm từ “Y” tại …"), for an AKN <mod> with <quotedText>: the
 * byte ranges [spans[2k], spans[2k+1]) of each top-level “…”, marks
 * included, at most max of them; 0 when para is no such instruction
 * (textquote.c). */
size_t text_quoted_words(size_t *spans, size_t max, const char *para);

/* The eId prefix of a kind of provision by the naming convention: "part",
 * "chp", "sec", "art", "para", "point", "annex"; "" for the body. */
const char *text_eid_prefix(dossier_node_kind k);

/* The word a heading of a kind of unit opens with: "Điều"/"Article",
 * "Chương"/"Chapter", "Mục"/"Section", "Phần"/"Part", "Phụ lục"/"Appendix";
 * "" for any other kind (textwrite.c). */
const char *text_kind_word(dossier_node_kind kind, dossier_lang lang);

/* ---- UTF-8 (utf8.c, the only file that includes utf8proc) ---- */

/* The Unicode classes the parsers and the word diff ask about. */
enum {
	TEXT_UC_WORD = 1,    /* a letter, a mark or a digit (L*, M*, N*) */
	TEXT_UC_UPPER = 2,   /* an upper- or title-case letter (Lu, Lt) */
	TEXT_UC_LOWER = 4,   /* a lower-case letter (Ll) */
	TEXT_UC_SPACE = 8,   /* a space separator (Zs) */
	TEXT_UC_BLANK = 16,  /* a separator or a control or format character (Z*, Cc, Cf) */
};
/* The TEXT_UC_* classes of a code point, or 0. */
unsigned text_utf8_class(int32_t cp);

/* s in NFC and case-folded, for comparing what people write; NULL when s
 * is not UTF-8 (or without memory). Caller frees. */
char *text_utf8_fold(const char *s);

/* An ASCII name from UTF-8 text: marks stripped, đ -> d, lower case, runs
 * of anything but [a-z0-9] -> '-', no '-' at the ends; with max > 0 at
 * most max bytes, cut at a '-' when there is one in the last two thirds.
 * "" for text without letters or digits (and for NULL); NULL without
 * memory. */
char *text_slug(const char *s, size_t max);

/* The numeric value of a number as written: Arabic "12", Roman "XIV", an
 * ordinal word ("thứ nhất", "nhất", "First", "one"); 0 when it has none. */
unsigned text_num_value(const char *num);
/* Whether a number has a letter or digit ("#", LEOS's placeholder, has none). */
int text_num_has_alnum(const char *num);
/* The longest number that names an eId (document.c, and the AKN reader's
 * eIds for provisions that came without one): a longer one is named by its
 * position, so that nested eIds stay within DOSSIER_AKN_EID_MAX. */
#define TEXT_EID_NUM_MAX 24

#endif
