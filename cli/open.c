/*
 * open.c: opening the dossier a command works on, from the global options
 * (-C, --as, --now and their environment variables), and the test hook
 * that simulates a crash between writing objects and moving the branch
 * (DOSSIER_TEST_CRASH=before-ref) or a slow writer that loses a race
 * (DOSSIER_TEST_SLEEP=before-ref:SECONDS), used by the scenario tests only.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void crash_now(void *payload)
{
	(void)payload;
	/* A process killed at the worst moment: no cleanup, no exit handlers. */
	_exit(99);
}

/* A slow writer: wait once, between writing the objects and moving the
 * branch, so that another process can move it first (a lost race). */
static void sleep_once(void *payload)
{
	static int slept;
	unsigned *seconds = payload;

	if (!slept++)
		sleep(*seconds);
}

void cli_install_test_hooks(dossier *d)
{
	static unsigned seconds;
	const char *crash = getenv("DOSSIER_TEST_CRASH");
	const char *slow = getenv("DOSSIER_TEST_SLEEP");

	if (crash && !strcmp(crash, "before-ref"))
		dossier_set_before_ref_hook(d, crash_now, NULL);
	else if (slow && !strncmp(slow, "before-ref:", 11) && (seconds = (unsigned)atoi(slow + 11)) > 0)
		dossier_set_before_ref_hook(d, sleep_once, &seconds);
}

int cli_open(dossier **out, const cli_globals *g)
{
	dossier_identity who = { g->as, g->now };
	dossier_error err = DOSSIER_ERROR_INIT;
	int rc;

	if ((rc = dossier_open(out, g->dir ? g->dir : ".", &who, &err)) < 0) {
		rc = cli_report(&err);
		dossier_error_clear(&err);
		return rc;
	}
	cli_install_test_hooks(*out);
	return 0;
}

void cli_print_warning(const dossier *d)
{
	const char *w = dossier_last_warning(d);

	if (w)
		fprintf(stderr, "warning: %s\n", w);
}

int cli_fail(dossier *d, dossier_error *err)
{
	int rc = cli_report(err);

	dossier_error_clear(err);
	dossier_free(d);
	return rc;
}
