/*
 * cmd_sync.c: `dossier sync [REMOTE]`: fetch the others' events, replay
 * ours on top, verify, push and move main (docs/sync.md). The remote's own
 * messages (a server hook's refusal) are printed as "remote: ..." lines;
 * progress is shown on a terminal only. Also the progress printer that
 * `clone` shares.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void show_progress(const char *what, size_t done, size_t total, void *payload)
{
	(void)payload;
	if (total)
		fprintf(stderr, "\r%s: %3u%% (%zu/%zu)%s", _(what), (unsigned)(done * 100 / total), done, total,
			done >= total ? "\n" : "");
}

static void show_remote(const char *line, void *payload)
{
	(void)payload;
	fprintf(stderr, _("remote: %s\n"), line);
}

void cli_sync_callbacks(dossier_sync_callbacks *cbs)
{
	dossier_sync_callbacks init = DOSSIER_SYNC_CALLBACKS_INIT;

	*cbs = init;
	cbs->remote_line = show_remote;
	if (isatty(2))
		cbs->progress = show_progress;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_sync = {
	.name = "sync", .run = run,
	.usage = "sync [REMOTE] | sync --refused | sync --drop-refused",
	.summary = N_("fetch the others' events, integrate yours, push (REMOTE: default 'origin')"),
};

/* `sync --refused` and `sync --drop-refused`: the local events the server refused. */
static int refused(cli_ctx *c, bool drop)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_refused *r = NULL;
	size_t i;

	if (dossier_sync_refused(&r, c->d, drop, &err) < 0)
		return cli_error(&err);
	if (!r->n)
		printf(_("no refused events: every local event the server was sent is on it, or was never sent\n"));
	for (i = 0; i < r->n; i++) {
		const dossier_refused_event *e = &r->events[i];

		printf(_("%.7s %s %s by %s at %s\n"), e->commit, e->event ? e->event : _("(not a dossier event)"),
			e->id ? e->id : "-", e->actor ? e->actor : "?", e->time ? e->time : "?");
	}
	if (drop && r->n) {
		cli_print_warning(c->d);
		printf(P_("set aside %zu refused event, kept at '%s' ('git log %s' shows it)\n",
			"set aside %zu refused events, kept at '%s' ('git log %s' shows them)\n", r->n), r->n, r->kept, r->kept);
	} else if (r->n) {
		printf(P_("%zu event the server refused; 'dossier sync --drop-refused' sets it aside (kept under refs/dossier/refused/)\n",
			"%zu events the server refused; 'dossier sync --drop-refused' sets them aside (kept under refs/dossier/refused/)\n",
			r->n), r->n);
	}
	dossier_refused_free(r);
	return EXIT_OK;
}

static int run(cli_ctx *c)
{
	int rc, list = 0, drop = 0;
	const cli_option opts[] = {
		{ "refused", 0, OPT_FLAG, &list, NULL, N_("list the local events the server refused") },
		{ "drop-refused", 0, OPT_FLAG, &drop, NULL,
			N_("set the refused events aside (kept under refs/dossier/refused/), main follows the server's") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_sync_callbacks cbs;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_diags *diags = NULL;
	dossier_sync_result *res = NULL;
	const char *remote;
	dossier *d;
	size_t i;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (c->npos > 1)
		return cli_usage_error(c->cmd, "at most one remote expected");
	if ((list || drop) && c->npos)
		return cli_usage_error(c->cmd, "--refused and --drop-refused take no remote");
	remote = c->npos ? c->pos[0] : "origin";
	if ((rc = cli_dossier(c)) != EXIT_OK)
		return rc;
	if (list || drop)
		return refused(c, drop);
	d = c->d;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	cli_sync_callbacks(&cbs);
	rc = dossier_sync(&res, d, remote, &cbs, diags, &err);
	for (i = 0; res && i < res->nnotes; i++)
		fprintf(stderr, _("note: %s\n"), res->notes[i]);
	if (rc < 0) {
		if (dossier_diags_errors(diags)) {
			cli_print_diags(diags);
			rc = cli_report(&err);
			if (rc == EXIT_USAGE)
				rc = EXIT_FAIL; /* a history that breaks the workflow, as verify says it */
		} else {
			rc = cli_report(&err);
		}
	} else {
		cli_print_warning(d);
		if (res->up_to_date)
			printf(_("already up to date with '%s' at %.7s\n"), remote, res->tip);
		else
			printf(P_("synced with '%s': %zu event received, %zu sent%s; main is at %.7s\n",
				"synced with '%s': %zu events received, %zu sent%s; main is at %.7s\n", res->received),
				remote, res->received, res->sent,
				res->replayed ? _(" (replayed on the remote's events)") : "", res->tip);
		rc = EXIT_OK;
	}
	dossier_sync_result_free(res);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	return rc;
}
