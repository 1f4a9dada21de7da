/*
 * cmd_respond.c: `dossier respond`: the drafting agency's disposition of
 * comments, one or many as one event (dossier_respond_many):
 *
 *   respond ID... (--accept | --partial | --reject | --note) --reason T
 *   respond --file ANSWERS.csv
 *   respond --on PROVISION [--by ID] (--accept | …) --reason T [--yes]
 *
 * The last answers a selection, the open comments on a provision (an eId
 * or a citation, resolved in the latest revision as `comments --on` does):
 * it shows what it would answer and writes only with --yes. --dry-run
 * checks any of them on the dossier and writes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The comment of an id in the list, or NULL. */
static const dossier_comment_record *find(const dossier_comment_list *l, const char *id)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (!strcmp(l->items[i].id, id))
			return &l->items[i];
	return NULL;
}

static void preview(const dossier_answer *a, size_t n, const dossier_comment_list *l)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const dossier_comment_record *c = find(l, a[i].comment);

		printf("%s  %s (%s)  -> %s", a[i].comment, c && c->citation ? c->citation : _("general"),
			c ? c->on : "?", _(dossier_disposition_name(a[i].disposition)));
		if (c && c->disposition != DOSSIER_DISPOSITION_NONE)
			printf(_(", replacing %s"), _(dossier_disposition_name(c->disposition)));
		printf("\n");
	}
}

static int run(cli_ctx *c);

const cli_command cli_cmd_respond = {
	.name = "respond", .run = run, .flags = 0,
	.usage = "respond ID... (--accept | --partial | --reject | --note) --reason T [--text ADOPTED] | "
		"respond --file ANSWERS.csv | respond --on PROVISION [--by ID] (--accept | …) --reason T [--yes]  [--dry-run]",
	.summary = N_("the drafting agency's disposition of comments, one or many as one event"),
};

static int run(cli_ctx *c)
{
	const cli_command *cmd = c->cmd;
	const char *reason = NULL, *adopted = NULL, *file = NULL, *on = NULL, *by = NULL, *otherwise = NULL;
	int accept = 0, partial = 0, reject = 0, note = 0, dry = 0, yes = 0, npos, rc, i;
	char **pos;
	const cli_option opts[] = {
		{ "accept", 0, OPT_FLAG, &accept, NULL, N_("accepted (tiếp thu)") },
		{ "partial", 0, OPT_FLAG, &partial, NULL, N_("partially accepted: needs a reason") },
		{ "reject", 0, OPT_FLAG, &reject, NULL, N_("not accepted (giải trình): needs a reason") },
		{ "note", 0, OPT_FLAG, &note, NULL, N_("noted") },
		{ "reason", 'r', OPT_STRING, &reason, "T", N_("the explanation") },
		{ "text", 't', OPT_STRING, &adopted, "ADOPTED", N_("the text adopted for the provision (one comment only)") },
		{ "taken-otherwise", 0, OPT_STRING, &otherwise, "HOW", N_("an acceptance taken in other than by changing the provision: how (the guard accepted-taken-in)") },
		{ "file", 'f', OPT_PATH, &file, "ANSWERS.csv", N_("answer many: CSV with comment,disposition,reason[,adopted]") },
		{ "on", 0, OPT_STRING, &on, "PROVISION", N_("answer the open comments on this provision: an eId or a citation ('Điều 5 khoản 2')") },
		{ "by", 0, OPT_STRING, &by, "ID", N_("with --on: only this participant's") },
		{ "yes", 'y', OPT_FLAG, &yes, NULL, N_("with --on: write (without it, only show what would be answered)") },
		{ "dry-run", 'n', OPT_FLAG, &dry, NULL, N_("check the answers on the dossier and show them; write nothing") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_respond_options ro = DOSSIER_RESPOND_OPTIONS_INIT;
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_answer_list *file_answers = NULL;
	dossier_comment_list *comments = NULL;
	dossier_answer *answers = NULL;
	dossier_diags *diags = NULL;
	dossier_disposition disp = DOSSIER_DISPOSITION_NONE;
	dossier *d;
	char *eid = NULL;
	size_t n = 0, k, done = 0;
	int flags;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	pos = c->pos;
	npos = c->npos;
	flags = accept + partial + reject + note;
	rc = EXIT_OK;
	if (file && (npos || on || flags || reason || adopted || otherwise))
		rc = cli_usage_error(cmd, "--file takes its answers from the file: no ids, --on or disposition here");
	else if (!file && on && npos)
		rc = cli_usage_error(cmd, "either comment ids or --on, not both");
	else if (!file && !on && npos < 1)
		rc = cli_usage_error(cmd, "which comments? (ids, --on EID or --file ANSWERS.csv)");
	else if (!file && flags != 1)
		rc = cli_usage_error(cmd, "choose exactly one of --accept, --partial, --reject, --note");
	else if (!file && !reason)
		rc = cli_usage_error(cmd, "--reason is required");
	else if (adopted && (npos != 1 || on))
		rc = cli_usage_error(cmd, "--text goes with one comment id (in a file, the 'adopted' column)");
	else if (otherwise && !accept && !partial)
		rc = cli_usage_error(cmd, "--taken-otherwise goes with --accept or --partial");
	else if ((by || yes) && !on)
		rc = cli_usage_error(cmd, "--by and --yes go with --on");
	if (rc != EXIT_OK)
		return rc;
	disp = accept ? DOSSIER_DISPOSITION_ACCEPTED : partial ? DOSSIER_DISPOSITION_PARTIAL :
		reject ? DOSSIER_DISPOSITION_REJECTED : DOSSIER_DISPOSITION_NOTED;
	if ((rc = cli_dossier(c)) != EXIT_OK)
		return rc;
	d = c->d;
	if (dossier_diags_new(&diags) < 0)
		return EXIT_FAIL;
	if (file) {
		if (dossier_answers_read(&file_answers, file, diags, &err) < 0)
			goto fail;
		answers = file_answers->items;
		n = file_answers->n;
		ro.source = file;
	} else {
		/* The comments, to select from and to show. */
		if (on && dossier_resolve_provision(&eid, d, NULL, on, &err) < 0)
			goto fail;
		q.by = by;
		q.open = on != NULL;
		q.on = eid;
		if ((on || dry) && dossier_get_comments(&comments, d, &q, &err) < 0)
			goto fail;
		answers = calloc((size_t)(on ? comments->n : (size_t)npos) + 1, sizeof(*answers));
		if (!answers) {
			rc = EXIT_FAIL;
			goto out;
		}
		if (on) {
			for (k = 0; k < comments->n; k++)
				answers[n++].comment = comments->items[k].id;
			if (n == 0) {
				if (by)
					fprintf(stderr, _("error: no open comment on '%s' by %s\n"), on, by);
				else
					fprintf(stderr, _("error: no open comment on '%s'\n"), on);
				fprintf(stderr, _("hint: 'dossier comments --open' lists them\n"));
				rc = EXIT_USAGE;
				goto out;
			}
		} else {
			for (i = 0; i < npos; i++)
				answers[n++].comment = pos[i];
		}
		for (k = 0; k < n; k++) {
			answers[k].disposition = disp;
			answers[k].reason = reason;
			answers[k].adopted = adopted;
			answers[k].taken_otherwise = otherwise;
		}
	}
	ro.dry_run = dry || (on && !yes);
	if (dossier_respond_many(&done, d, answers, n, &ro, diags, &err) < 0)
		goto fail;
	cli_print_warning(d);
	if (ro.dry_run) {
		if (!comments) {
			q.by = NULL;
			q.open = false;
			if (dossier_get_comments(&comments, d, &q, &err) < 0)
				goto fail;
		}
		preview(answers, n, comments);
		printf(P_("would answer %zu comment as one event; nothing was written",
			"would answer %zu comments as one event; nothing was written", done), done);
		printf("%s\n", on && !dry ? _(" (add --yes to answer them)") : "");
	} else if (file) {
		printf(P_("answered %zu comment from '%s' as one event\n",
			"answered %zu comments from '%s' as one event\n", done), done, file);
	} else {
		for (k = 0; k < n; k++)
			printf("%s: %s\n", answers[k].comment, _(dossier_disposition_name(answers[k].disposition)));
	}
	rc = EXIT_OK;
	goto out;
fail:
	if (dossier_diags_errors(diags) > 1) {
		dossier_diags_sort(diags);
		cli_print_diags(diags);
		fprintf(stderr, _("error: %zu problems; nothing was answered\n"), dossier_diags_errors(diags));
		rc = cli_exit_code(err.code);
		dossier_error_clear(&err);
	} else {
		rc = cli_error(&err);
	}
out:
	if (!file)
		free(answers);
	free(eid);
	dossier_answer_list_free(file_answers);
	dossier_comment_list_free(comments);
	dossier_diags_free(diags);
	return rc;
}
