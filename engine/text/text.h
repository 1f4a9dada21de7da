/*
 * text.h: what the text module (the document model, the structured-text
 * parser and writer) offers the other engine modules beyond the public
 * API: the value of a number as written. Not part of the public API.
 */
#ifndef DOSSIER_TEXT_TEXT_H
#define DOSSIER_TEXT_TEXT_H

/* The numeric value of a number as written: Arabic "12", Roman "XIV", an
 * ordinal word ("thứ nhất", "nhất", "First", "one"); 0 when it has none. */
unsigned text_num_value(const char *num);

#endif
