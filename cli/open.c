/*
 * open.c: opening the dossier a command works on, from the global options
 * (-C, --as, --now and their environment variables), and printing what an
 * action could not do in the working tree. In a build with test seams
 * (meson option `test_seams`; never in a release build) it also installs
 * what the scenario tests ask for: a crash (DOSSIER_TEST_CRASH) or a slow
 * writer that loses a race (DOSSIER_TEST_SLEEP=before-ref:SECONDS).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dossier-config.h"
#if DOSSIER_TEST_SEAMS
#include "dossier/test_seams.h"
#endif

#if DOSSIER_TEST_SEAMS
static void crash_now(dossier_seam point, void *payload)
{
	/* A process killed at the worst moment: no cleanup, no exit handlers. */
	if (point == *(const dossier_seam *)payload)
		_exit(99);
}

/* A slow writer: wait once, between writing the objects and moving the
 * branch, so that another process can move it first (a lost race). */
static void sleep_once(dossier_seam point, void *payload)
{
	static int slept;
	unsigned *seconds = payload;

	if (point == DOSSIER_SEAM_BEFORE_REF && !slept++)
		sleep(*seconds);
}
#endif

void cli_install_test_hooks(dossier *d)
{
#if DOSSIER_TEST_SEAMS
	/* DOSSIER_TEST_CRASH=before-ref | after-ref | worktree (docs/git-store.md) */
	static const struct { const char *name; dossier_seam point; } points[] = {
		{ "before-ref", DOSSIER_SEAM_BEFORE_REF },
		{ "after-ref", DOSSIER_SEAM_AFTER_REF },
		{ "worktree", DOSSIER_SEAM_WORKTREE },
	};
	static dossier_seam chosen;
	static unsigned seconds;
	const char *crash = getenv("DOSSIER_TEST_CRASH");
	const char *slow = getenv("DOSSIER_TEST_SLEEP");
	size_t i;

	for (i = 0; crash && i < sizeof(points) / sizeof(points[0]); i++) {
		if (!strcmp(crash, points[i].name)) {
			chosen = points[i].point;
			dossier_set_seam_hook(d, crash_now, &chosen);
			return;
		}
	}
	if (slow && !strncmp(slow, "before-ref:", 11) && (seconds = (unsigned)atoi(slow + 11)) > 0)
		dossier_set_seam_hook(d, sleep_once, &seconds);
#else
	(void)d;
#endif
}

int cli_open(dossier **out, const cli_globals *g)
{
	dossier_identity who = { g->as, g->now, g->signing_key };
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
	const char *w = dossier_last_warning(d), *nl;

	/* one warning per line */
	while (w && *w) {
		nl = strchr(w, '\n');
		fprintf(stderr, _("warning: %.*s\n"), nl ? (int)(nl - w) : (int)strlen(w), w);
		w = nl ? nl + 1 : NULL;
	}
}

int cli_fail(dossier *d, dossier_error *err)
{
	int rc = cli_report(err);

	dossier_error_clear(err);
	dossier_free(d);
	return rc;
}
