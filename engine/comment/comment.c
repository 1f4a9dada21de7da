/*
 * comment.c: the comment, response and disposition types of
 * dossier/comment.h: the disposition names and freeing what a read of the
 * comments returns. Plain data, no dossier: the diff, the consolidation
 * and the report use it without the façade.
 */
#include "comment/comment.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

/* N_(): the names are also what programs read (JSON); a front end translates them for people. */
static const char *const disposition_names[] = { NULL, N_("accepted"), N_("partial"), N_("rejected"), N_("noted") };
#define NDISPOSITIONS (sizeof(disposition_names) / sizeof(*disposition_names))

const char *dossier_disposition_name(dossier_disposition d)
{
	return (unsigned)d < NDISPOSITIONS ? disposition_names[d] : NULL;
}

dossier_disposition comment_disposition_parse(const char *s)
{
	size_t i;

	for (i = 1; s && i < NDISPOSITIONS; i++)
		if (!strcmp(s, disposition_names[i]))
			return (dossier_disposition)i;
	return DOSSIER_DISPOSITION_NONE;
}

/* What a person writes in an answers file or a form: the names, the
 * command line's verbs, and the Vietnamese of the synthesis report. */
static const struct {
	const char *word;
	dossier_disposition d;
} disposition_words[] = {
	{ "accept", DOSSIER_DISPOSITION_ACCEPTED },
	{ "accepted", DOSSIER_DISPOSITION_ACCEPTED },
	{ "partial", DOSSIER_DISPOSITION_PARTIAL },
	{ "partially accepted", DOSSIER_DISPOSITION_PARTIAL },
	{ "reject", DOSSIER_DISPOSITION_REJECTED },
	{ "rejected", DOSSIER_DISPOSITION_REJECTED },
	{ "note", DOSSIER_DISPOSITION_NOTED },
	{ "noted", DOSSIER_DISPOSITION_NOTED },
	{ "tiếp thu", DOSSIER_DISPOSITION_ACCEPTED },
	{ "tiếp thu một phần", DOSSIER_DISPOSITION_PARTIAL },
	{ "không tiếp thu", DOSSIER_DISPOSITION_REJECTED },
	{ "giải trình", DOSSIER_DISPOSITION_REJECTED },
	{ "ghi nhận", DOSSIER_DISPOSITION_NOTED },
};

dossier_disposition dossier_disposition_parse(const char *s)
{
	size_t i, len;

	if (!s)
		return DOSSIER_DISPOSITION_NONE;
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	/* ASCII letters fold; the Vietnamese words' first letters are ASCII too */
	for (i = 0; i < sizeof(disposition_words) / sizeof(*disposition_words); i++)
		if (strlen(disposition_words[i].word) == len && !strncasecmp(disposition_words[i].word, s, len))
			return disposition_words[i].d;
	return DOSSIER_DISPOSITION_NONE;
}

void comment_record_clear(dossier_comment_record *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->author);
	free(c->author_name);
	free(c->on);
	free(c->citation);
	free(c->revision);
	free(c->stage);
	free(c->text);
	free(c->proposal);
	free(c->reason);
	free(c->adopted);
	free(c->taken_otherwise);
	free(c->responder);
	memset(c, 0, sizeof(*c));
}

void dossier_comment_list_free(dossier_comment_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		comment_record_clear(&l->items[i]);
	free(l->items);
	free(l);
}
