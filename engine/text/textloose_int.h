/*
 * textloose_int.h: reading text as it was really published (textloose.c):
 * an article heading that lost its dot, and the sentence context that
 * tells a PDF line wrap from a new paragraph or a heading. Private to the
 * text module.
 */
#ifndef DOSSIER_TEXT_TEXTLOOSE_INT_H
#define DOSSIER_TEXT_TEXTLOOSE_INT_H

#include "text/textheading_int.h"

/* "Điều 5 Chính sách …", "Article 5 Scope": an article number followed by
 * a space and a title opening with a capital letter, without the "." or
 * ":" a heading has. 1 and h filled (release with th_release), 0 when the
 * line has not that shape, DOSSIER_ENOMEM. The parser accepts it only
 * when the numbering continues. */
int text_loose_article(th_heading *h, const char *line);

/* Whether a paragraph stops in mid-sentence (no closing ".", ";", ":",
 * "!", "?", "…"), as a line the PDF wrapped does. */
int text_sentence_open(const char *s);

/* Whether a line goes on with a sentence: it opens with a lower-case
 * letter or a digit. */
int text_continues_sentence(const char *s);

#endif
