/*
 * akn_xml.h: the small XML reader and writer the AKN module lends to the
 * modules above it (engine/word/ reads word/document.xml through it and
 * writes its parts with it), so that libxml2 stays behind one module
 * (docs/architecture.md). No libxml2 type crosses this header: a node is
 * an opaque pointer that lives as long as its document.
 */
#ifndef DOSSIER_AKN_XML_H
#define DOSSIER_AKN_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/error.h"

typedef struct akn_xml_doc akn_xml_doc;
typedef struct akn_xml_node akn_xml_node;

/* Parse from memory: no network, no DTD loading, no entity expansion
 * beyond the predefined ones, nothing printed. Not well formed:
 * DOSSIER_EINVALID with the first error's line and column under `path`. */
int akn_xml_parse(akn_xml_doc **out, const char *path, const char *data, size_t len,
	dossier_error *err);
void akn_xml_free(akn_xml_doc *doc);

const akn_xml_node *akn_xml_root(const akn_xml_doc *doc);
/* Element children only, in order; NULL at the end. */
const akn_xml_node *akn_xml_child(const akn_xml_node *n);
const akn_xml_node *akn_xml_next(const akn_xml_node *n);
/* The element's local name, and whether it is NAME in namespace NS. */
const char *akn_xml_name(const akn_xml_node *n);
bool akn_xml_is(const akn_xml_node *n, const char *ns, const char *name);
/* An attribute's value (NS may be NULL for no namespace), borrowed; NULL when absent. */
const char *akn_xml_attr(const akn_xml_node *n, const char *ns, const char *name);
/* The text directly inside the element (its text and CDATA children), appended
 * to the caller's callback; returns the callback's first non-zero return. */
typedef int (*akn_xml_text_fn)(void *payload, const char *s, size_t len);
int akn_xml_text(const akn_xml_node *n, akn_xml_text_fn fn, void *payload);
/* The line where the element starts (1-based), 0 when unknown. */
unsigned akn_xml_line(const akn_xml_node *n);

/* A writer into memory. The first failure sticks; akn_xml_writer_finish
 * reports it. Text and attribute values are escaped; text that is not
 * UTF-8 makes the whole writer fail. */
typedef struct akn_xml_writer akn_xml_writer;
int akn_xml_writer_new(akn_xml_writer **out, dossier_error *err);
void akn_xml_writer_free(akn_xml_writer *w);
void akn_xml_start(akn_xml_writer *w, const char *name);
void akn_xml_attr_set(akn_xml_writer *w, const char *name, const char *value);
/* Text as it is: spaces, tabs and line breaks kept; control characters XML 1.0
 * cannot hold are dropped. */
void akn_xml_write_text(akn_xml_writer *w, const char *s, size_t len);
void akn_xml_end(akn_xml_writer *w);
/* Close what is open, hand over the bytes ("<?xml ...?>" standalone
 * declaration first), free the writer. */
int akn_xml_writer_finish(char **out, size_t *len, akn_xml_writer *w, dossier_error *err);

#endif
