/*
 * module.h: the engine's second object (docs/architecture.md, "Two
 * objects"). libdossier.so holds the core; the modules that need libxml2,
 * libxslt, ICU and libzip (akn, render, word, diff and the façade's two
 * adapters over them) live in dossier-xml.so, which the core loads on the
 * first call of one of its public functions (the stubs of
 * engine/facade/xml_stubs.c). Not part of the public API.
 */
#ifndef DOSSIER_MODULE_H
#define DOSSIER_MODULE_H

#include "dossier/error.h"

/* The environment variable that names the second object instead of the
 * path set at build time (DOSSIER_XML_MODULE_PATH): the build tree and the
 * tests set it. */
#define DOSSIER_XML_MODULE_ENV "DOSSIER_XML_MODULE"

/* The function `name` of the second object, loading the object on the
 * first call (once per process, thread-safe). NULL when the object cannot
 * be loaded or lacks the function, with the error on `err` (may be NULL),
 * its place the object's path. */
void *module_xml_symbol(const char *name, dossier_error *err);

#endif
