/*
 * word_int.h: what the files of the Word module share (docs/word.md): the
 * .docx container (word_zip.c, the only user of libzip), the reader of
 * WordprocessingML into lines of text (word_read.c), the numbering engine
 * that gives automatic numbers as Word shows them (word_number.c), and the
 * writer's WordprocessingML helpers (word_write.c). Not part of the public
 * API.
 */
#ifndef DOSSIER_WORD_INT_H
#define DOSSIER_WORD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/document.h"
#include "akn/akn_xml.h"
#include "base/util.h"

/* The WordprocessingML main namespace (ECMA-376 transitional). */
#define WORD_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define WORD_NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"

/* Limits of a .docx we open (a zip bomb stops at the first one reached). */
#define WORD_ZIP_MAX_ENTRIES 4096u
#define WORD_ZIP_MAX_PART ((size_t)64 << 20)    /* one part, uncompressed */
#define WORD_ZIP_MAX_TOTAL ((size_t)256 << 20)  /* every part we read, uncompressed */
#define WORD_ZIP_MAX_RATIO 100u                 /* uncompressed / compressed, parts over 1 MiB */

/* The first occurrence of needle in hay, or NULL (memmem, without _GNU_SOURCE). */
const char *word_memmem(const char *hay, size_t len, const char *needle, size_t nlen);

/* ---- the container (word_zip.c) ---------------------------------------- */

typedef struct word_zip word_zip;

/* Open a zip archive held in memory (borrowed: data must outlive the
 * handle). Refuses encrypted entries and more than WORD_ZIP_MAX_ENTRIES. */
int word_zip_open(word_zip **out, const char *path, const char *data, size_t len, dossier_error *err);
void word_zip_close(word_zip *z);
/* Read a part by name, NUL-terminated. Absent: 0 with *out NULL. The
 * limits are checked while inflating, not on the sizes the archive claims. */
int word_zip_read(char **out, size_t *len, word_zip *z, const char *name, dossier_error *err);

/* A new archive with fixed timestamps (1980-01-01 00:00) and the parts in
 * the order given: the same parts give the same bytes. */
typedef struct word_zip_out word_zip_out;
int word_zip_out_new(word_zip_out **out, dossier_error *err);
void word_zip_out_free(word_zip_out *z);
/* The data is copied. */
int word_zip_out_add(word_zip_out *z, const char *name, const char *data, size_t len, dossier_error *err);
int word_zip_out_finish(char **out, size_t *len, word_zip_out *z, dossier_error *err);

/* ---- reading (word_read.c) -------------------------------------------- */

/* A .docx through the legal text parser (dossier_document_read's case). */
int word_read_docx(dossier_document **out, const char *path, const char *data, size_t size,
	dossier_diags *diags, dossier_error *err);

/* ---- numbering (word_number.c) ----------------------------------------- */

typedef struct word_numbering word_numbering;

/* From word/numbering.xml (NULL: a document without automatic numbering). */
int word_numbering_load(word_numbering **out, const akn_xml_doc *numbering, dossier_error *err);
void word_numbering_free(word_numbering *n);
/* The number text of the next paragraph of list numId at level ilvl, as Word
 * shows it ("Điều 3.", "2.", "đ)"), counting it; "" for a list or level
 * the numbering does not define. `vie`: letters follow the Vietnamese
 * alphabet of points (a b c d đ e g h i k …). Caller frees. */
char *word_numbering_next(word_numbering *n, int num_id, int ilvl, bool vie);

/* The n-th (1-based) letter of a lettered list: Vietnamese points
 * a b c d đ e g h i k l m n o p q r s t u v x y, then aa, bb …; else
 * a … z, aa …. Upper case when `upper`. Caller frees. */
char *word_letter(unsigned n, bool vie, bool upper);
/* Roman numerals, 1 … 3999, else decimal. Caller frees. */
char *word_roman(unsigned n, bool upper);

/* ---- writing (word_write.c) ------------------------------------------- */

/* Half-points: the body text of a decree is 14 pt, the header's lines 13 pt. */
#define WORD_SIZE_BODY 28u
#define WORD_SIZE_HEAD 26u

/* A paragraph's look. Zero is the body paragraph: left aligned, 14 pt,
 * spacing after 6 pt. */
typedef struct word_pp {
	const char *align;       /* "center", "both", "right"; NULL: left */
	bool bold, italic;
	unsigned size;           /* half-points; 0: WORD_SIZE_BODY */
	int first_line;          /* first-line indent, twips */
	int left, right;         /* indents, twips */
	int before, after;       /* spacing in twips; -1: 0, 0: the default (after 120) */
	bool keep_next;
	const char *style;       /* a style of word_write.c's styles.xml ("Dieu", "Chuong") */
	bool rule;               /* an empty paragraph drawn as a short rule (its bottom border) */
	bool shade;              /* the run shaded: a provision changed after comments */
	const char *comment;     /* a Word comment anchored on the paragraph, or NULL */
	bool page_break_before;
} word_pp;

/* A run of a paragraph with several looks. */
typedef struct word_run {
	const char *text;
	bool bold, italic, strike, underline;
	const char *color;       /* "C00000", or NULL */
} word_run;

typedef struct word_doc word_doc;

/* A document on A4, portrait or landscape, with the margins of Decree
 * 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman,
 * and page numbers centred at the top from the second page. */
int word_doc_new(word_doc **out, bool landscape, const char *comment_author, dossier_error *err);
void word_doc_free(word_doc *d);
/* Text may hold '\n' (a line break) and '\t' (a tab). */
void word_para(word_doc *d, const word_pp *pp, const char *text);
void word_para_runs(word_doc *d, const word_pp *pp, const word_run *runs, size_t n);
/* A table: column widths in twips; `borders` false for the layout tables
 * of the header and the signature block. */
void word_table_start(word_doc *d, const unsigned *widths, size_t ncols, bool borders);
void word_row_start(word_doc *d, bool header);
/* span: columns the cell covers (1 for one); fill: a shading colour or NULL. */
void word_cell_start(word_doc *d, unsigned width, unsigned span, const char *fill);
void word_cell_end(word_doc *d);
void word_row_end(word_doc *d);
void word_table_end(word_doc *d);
/* The package: the same calls give the same bytes. Frees d. */
int word_doc_finish(char **out, size_t *len, word_doc *d, dossier_error *err);

/* The official header of Decree 30/2020: the issuer (and the number under
 * it) beside the Quốc hiệu and Tiêu ngữ (and the place and date under
 * them). `width` is the text width in twips. */
void word_official_header(word_doc *d, unsigned width, const char *issuer, const char *number,
	const char *place_date, bool eng);
/* "Hà Nội, ngày 05 tháng 3 năm 2025" from the place and an ISO date; the
 * place alone when the date is not one. Caller frees. */
char *word_place_date(const char *place, const char *iso, bool eng);
/* "Nơi nhận" beside the signature block: the lines of each, split from a
 * document's conclusions (recipients: from "Nơi nhận" through the lines
 * that start with "-"). */
void word_signature(word_doc *d, unsigned width, char *const *lines, size_t n);

#endif
