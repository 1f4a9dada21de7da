/*
 * report_int.h: what the report's files (report.c, report_dossier.c) share
 * beyond the public report.h. Private to the engine.
 */
#ifndef DOSSIER_REPORT_INT_H
#define DOSSIER_REPORT_INT_H

/* "v12" -> 12; 0 when s is not a revision name vN. */
unsigned report_revision_number(const char *s);

#endif
