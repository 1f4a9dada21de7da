/*
 * textheading.h: recognising one line of structured legal text by its
 * shape: a part, chapter, section, article, clause, point or appendix
 * heading in Vietnamese or English, and the small classifiers the parser
 * uses for the front and back matter (national motto, separators, signature
 * block). Private to textparse.c and textwrite.c.
 */
#ifndef DOSSIER_TEXTHEADING_H
#define DOSSIER_TEXTHEADING_H

#include <stddef.h>

#include "dossier/document.h"

typedef enum {
	TH_NONE = 0,
	TH_PART,
	TH_CHAPTER,
	TH_SECTION,
	TH_ARTICLE,
	TH_CLAUSE,
	TH_POINT,
	TH_APPENDIX,
	TH_SUBPOINT,     /* "(i) text", "((A)) text": a point inside a point, depth parentheses deep */
} th_kind;

typedef struct th_heading {
	th_kind kind;
	int lang;        /* DOSSIER_LANG_VIE / _ENG; -1 for clauses and points */
	char *num;       /* as written, e.g. "II", "thứ nhất", "5", "đ" */
	char *title;     /* text after the number and its separator, NULL when none */
	int bare;        /* nothing after the number (or only "." / ":") */
	int dot;         /* the title follows the number and ". " on the line */
	int depth;       /* TH_SUBPOINT: how many points deep below the first point (1: "(i)") */
} th_heading;

/* Recognise `line` (trimmed, Unicode spaces made ASCII, runs collapsed).
 * Returns 1 and fills h (caller releases with th_release) when the line has
 * a heading's shape, 0 when not, DOSSIER_ENOMEM. */
int th_match(th_heading *h, const char *line);
void th_release(th_heading *h);

/* Letters present and none lower case. */
int th_is_upper(const char *s);
/* Only separator characters (-, _, *, =, ., ~) and at least three of them. */
int th_is_separator(const char *s);
/* Starts the signature block or the recipients list. */
int th_is_conclusion_start(const char *line);
/* Starts the preamble: "Căn cứ", "Theo đề nghị", "Pursuant to", … */
int th_is_preamble_start(const char *line);
/* Map a document type line ("NGHỊ ĐỊNH", "LAW") to the AKN-level kind
 * ("decree", "law"), or NULL. */
const char *th_doc_kind(const char *line);

/* Remove the national motto and separators from a front-matter line (in
 * place); returns the remaining length. */
size_t th_strip_motto(char *line);

/* "Hà Nội, ngày 05 tháng 3 năm 2020" / "Hanoi, March 5, 2020": place and
 * ISO date. Returns 1 when the whole line is such a date, with *place and
 * *iso new strings. */
int th_place_date(char **place, char **iso, const char *line);

/* "Số: 30/2020/NĐ-CP", "Luật số: 80/2015/QH13", "No.: 30/2020/ND-CP": the
 * number, new string; NULL when the line is not a number line. */
char *th_doc_number(const char *line);

#endif
