/*
 * comment.h: the comment module's interface for the engine: clearing a
 * record and reading a disposition's name. The types are public
 * (dossier/comment.h).
 */
#ifndef DOSSIER_COMMENT_INTERNAL_H
#define DOSSIER_COMMENT_INTERNAL_H

#include "dossier/comment.h"

/* Free every member of c and zero it; NULL is fine. */
void comment_record_clear(dossier_comment_record *c);

/* The disposition named s ("accepted", …); NONE for NULL or another name. */
dossier_disposition comment_disposition_parse(const char *s);

#endif
