/*
 * akn_html.h: a published text's HTML page (vbpl.vn, thuvienphapluat.vn,
 * any HTML with block elements) as the lines of text the structured-text
 * parser reads (html_read.c). The AKN module lends it to the modules above
 * it (engine/word/ chooses the reader by content), so that libxml2 stays
 * in engine/akn/ (docs/architecture.md).
 */
#ifndef DOSSIER_AKN_HTML_H
#define DOSSIER_AKN_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/error.h"

/* Whether data is an HTML page: after a BOM, blanks, an XML declaration
 * and comments, "<!DOCTYPE html", "<html" or "<body" in any letter case. */
bool akn_html_is(const char *data, size_t len);

/* The text the page shows, one line per block element (p, div, h1–h6,
 * li, tr, br …), table cells separated by tabs, spaces inside a block
 * collapsed as a browser does, scripts and styles left out. Of a
 * thuvienphapluat page only the text block (div.content1), of a vbpl.vn
 * page only div#toanvancontent (div.toanvancontent, div.fulltext,
 * div#divContentDoc), else the whole body. The page is read as
 * UTF-8. Caller frees *out. */
int akn_html_text(char **out, size_t *outlen, const char *path, const char *data, size_t len,
	dossier_error *err);

#endif
