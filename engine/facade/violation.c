/*
 * violation.c: one violation of the history, placed at its commit
 * ("commit 1a2b3c4d5e6f"), as verify's replay and the key events' check
 * report them (facade_int.h). A file of its own so that both, and whatever
 * else checks a history, sit above it.
 */
#include "facade/facade_int.h"

#include <stdio.h>

#include "base/util.h"

void facade_violationv(dossier_diags *diags, const dossier_snap *snap, const char *code, const char *fmt,
	va_list ap)
{
	char place[32];
	dstr s = DSTR_INIT;

	snprintf(place, sizeof(place), "commit %.12s", snap_id(snap));
	dstr_addvf(&s, _(fmt), ap);
	dossier_diags_add(diags, DOSSIER_SEVERITY_ERROR, code, place, 0, 0, "%s", s.ptr ? s.ptr : "?");
	dstr_free(&s);
}

void facade_violation(dossier_diags *diags, const dossier_snap *snap, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	facade_violationv(diags, snap, code, fmt, ap);
	va_end(ap);
}
