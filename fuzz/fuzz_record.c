/*
 * fuzz_record.c: the readers of the records a dossier keeps in its tree
 * (engine/facade/record.c): the cached state (state.json), a comment, a
 * response, and the "Dossier-*" trailers of a commit message. Each input is
 * given to every reader. What reads must dump and read again to the same
 * bytes (the dump is canonical), and the trailers must survive a message
 * written with them. Seeds: the records and messages of a sample dossier
 * (fuzz_seeds), tests/fixtures.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facade/record_int.h"

static dossier_workflow *wf;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *path = fuzz_source_path(FUZZ_WORKFLOW);

	(void)argc;
	(void)argv;
	if (dossier_workflow_load(&wf, path, NULL, &err) < 0)
		fuzz_die("cannot load '%s': %s", path, err.message ? err.message : "?");
	free(path);
	return 0;
}

static void same(const char *what, const char *a, const char *b)
{
	if (!a || !b)
		fuzz_die("%s: a dump failed", what);
	if (strcmp(a, b))
		fuzz_die("%s: the dump is not stable:\n%s\n----\n%s", what, a, b);
}

static void state(const char *data, size_t size)
{
	const dossier_calendar *cal = &wf->calendar;
	ds_state st, st2;
	char *d1, *d2;

	if (ds_state_parse(&st, data, size, cal, NULL) < 0)
		return;
	if (ds_state_dump(&d1, &st, cal, NULL) < 0)
		fuzz_die("state: a state that reads does not write");
	if (ds_state_parse(&st2, d1, strlen(d1), cal, NULL) < 0)
		fuzz_die("state: our own dump does not read back:\n%s", d1);
	if (ds_state_dump(&d2, &st2, cal, NULL) < 0)
		d2 = NULL;
	same("state", d1, d2);
	free(d1);
	free(d2);
	ds_state_clear(&st);
	ds_state_clear(&st2);
}

static char *comment_again(const dossier_comment_record *c)
{
	char *out = NULL;

	return comment_dump(&out, c, &wf->calendar, NULL) < 0 ? NULL : out;
}

static void comment(const char *data, size_t size)
{
	const dossier_calendar *cal = &wf->calendar;
	dossier_comment_record c, c2;
	char *d1, *d2;

	if (comment_parse(&c, data, size, cal, NULL) < 0)
		return;
	d1 = comment_again(&c);
	if (!d1)
		fuzz_die("comment: a comment that reads does not write");
	if (comment_parse(&c2, d1, strlen(d1), cal, NULL) < 0)
		fuzz_die("comment: our own dump does not read back:\n%s", d1);
	d2 = comment_again(&c2);
	same("comment", d1, d2);
	free(d1);
	free(d2);
	/* The same input as its response. */
	if (response_parse(&c, data, size, cal, NULL) == 0) {
		/* The writer may refuse what the reader lets by (a rejection
		 * without its reason); what it writes must read back. */
		if (response_dump(&d1, c.id, c.disposition, c.reason, c.adopted, c.taken_otherwise, c.responder ? c.responder : "",
			c.response_time, c.stage ? c.stage : "", 1, cal, NULL) == 0) {
			if (response_parse(&c2, d1, strlen(d1), cal, NULL) < 0)
				fuzz_die("response: our own dump does not read back:\n%s", d1);
			if (c2.disposition != c.disposition || c2.response_time != c.response_time)
				fuzz_die("response: the disposition or the time changed on the way back");
			free(d1);
		}
	}
	comment_record_clear(&c);
	comment_record_clear(&c2);
}

static void response(const char *data, size_t size)
{
	dossier_comment_record c;

	memset(&c, 0, sizeof(c));
	response_parse(&c, data, size, &wf->calendar, NULL);
	comment_record_clear(&c);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void trailers(const char *msg)
{
	ds_trailers t, t2;
	char *again;

	if (ds_trailers_parse(&t, msg) < 0) {
		ds_trailers_clear(&t);
		return;
	}
	if (!(again = ds_message("subject", NULL, &t)))
		fuzz_die("trailers: no message");
	if (ds_trailers_parse(&t2, again) < 0)
		fuzz_die("trailers: the message we wrote has no event:\n%s", again);
	if (!same_str(t.event, t2.event) || !same_str(t.actor, t2.actor) || !same_str(t.stage, t2.stage) ||
	    !same_str(t.time, t2.time) || !same_str(t.id, t2.id) || !same_str(t.revision, t2.revision) ||
	    !same_str(t.target, t2.target))
		fuzz_die("trailers: they change through a message:\n%s", again);
	free(again);
	ds_trailers_clear(&t);
	ds_trailers_clear(&t2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);

	state((const char *)data, size);
	comment((const char *)data, size);
	response((const char *)data, size);
	trailers(s);
	free(s);
	return 0;
}
