/*
 * text.h: what the text module (the document model, the structured-text
 * parser and writer) offers the other engine modules beyond the public
 * API: the value of a number as written, and whether a document has
 * anything an Akoma Ntoso body can hold. Not part of the public API.
 */
#ifndef DOSSIER_TEXT_TEXT_H
#define DOSSIER_TEXT_TEXT_H

#include <stdbool.h>

#include "dossier/document.h"

/* Whether the body holds a provision or a paragraph of text: what the AKN
 * writer needs (a body with at least one). The readers refuse a document
 * without, at a place, rather than leave the writer to refuse it without. */
bool text_has_provisions(const dossier_document *doc);

/* The numeric value of a number as written: Arabic "12", Roman "XIV", an
 * ordinal word ("thứ nhất", "nhất", "First", "one"); 0 when it has none. */
unsigned text_num_value(const char *num);

#endif
