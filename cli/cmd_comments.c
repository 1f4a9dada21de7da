/*
 * cmd_comments.c: `dossier comments [--json] [--by ID] [--on PROVISION]
 * [--open] [--revision vN]`: every comment with its provision, author and
 * response; --on takes an eId or a citation ("Điều 5 khoản 2").
 * With --revision, only the comments made on vN, each with where its
 * provision stands in the latest revision (docs/diff.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_comments = {
	.name = "comments", .run = run, .flags = CLI_DOSSIER | CLI_NO_ARGS,
	.usage = "comments [--json] [--by ID] [--on PROVISION] [--open] [--revision vN]",
	.summary = N_("list the comments and their responses"),
};

static int run(cli_ctx *cx)
{
	const char *by = NULL, *revision = NULL, *on = NULL;
	int json = 0, open = 0, rc;
	char *eid = NULL;
	const cli_option opts[] = {
		{ "json", 0, OPT_FLAG, &json, NULL, N_("machine-readable output (docs/cli.md)") },
		{ "by", 0, OPT_STRING, &by, "ID", N_("only this participant's comments") },
		{ "on", 0, OPT_STRING, &on, "PROVISION", N_("only comments on this provision: an eId or a citation ('Điều 5 khoản 2'), in --revision or the latest") },
		{ "open", 0, OPT_FLAG, &open, NULL, N_("only comments without a response") },
		{ "revision", 0, OPT_STRING, &revision, "vN", N_("only comments made on vN, with where their provision stands in the latest revision") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_comment_list *l = NULL;
	dossier_carry *carry = NULL;
	dossier *d;
	size_t i, k = 0;

	if (cli_setup(cx, opts, &rc) < 0)
		return rc;
	d = cx->d;
	if (on && dossier_resolve_provision(&eid, d, revision, on, &err) < 0)
		return cli_error(&err);
	q.by = by;
	q.open = open;
	q.on = eid;
	rc = dossier_get_comments(&l, d, &q, &err);
	free(eid);
	if (rc < 0)
		return cli_error(&err);
	cli_print_read_warnings(d);
	if (revision && dossier_comments_carry(&carry, d, l, revision, &err) < 0) {
		dossier_comment_list_free(l);
		return cli_error(&err);
	}
	if (json) {
		char *s = carry ? dossier_carry_json(carry, l, d) : dossier_comments_json(l, d);

		fputs(s ? s : "", stdout);
		free(s);
	} else {
		for (i = 0; i < l->n; i++) {
			const dossier_comment_record *c = &l->items[i];
			const dossier_carry_item *ci = NULL;
			char when[40];

			if (carry) {
				if (k >= carry->n || carry->items[k].comment != c)
					continue;
				ci = &carry->items[k++];
			}
			dossier_format_time(when, sizeof(when), d, c->time);
			printf("%s  %s  %s (%s, %s)\n", c->id, when, c->citation ? c->citation : _("general"),
				c->on, c->revision);
			printf("    %s: %s\n", c->author_name ? c->author_name : c->author, c->text);
			if (c->proposal)
				printf(_("    proposed: %s\n"), c->proposal);
			if (c->disposition != DOSSIER_DISPOSITION_NONE)
				printf(_("    -> %s by %s: %s\n"), _(dossier_disposition_name(c->disposition)),
					c->responder ? c->responder : "?", c->reason ? c->reason : "");
			else
				printf(_("    -> unanswered\n"));
			if (ci && ci->eid && !strcmp(ci->eid, "general"))
				printf(_("    now in %s: the draft as a whole\n"), carry->to);
			else if (ci && ci->eid)
				printf(_("    now in %s: %s (%s), %s%s\n"), carry->to, ci->citation ? ci->citation : "",
					ci->eid, _(dossier_fate_name(ci->fate)),
					ci->changed && ci->fate != DOSSIER_FATE_CHANGED ? _(", changed") : "");
			else if (ci)
				printf(_("    now in %s: %s\n"), carry->to, _(dossier_fate_name(ci->fate)));
		}
		if (carry && carry->n == 0)
			printf(_("no comments on %s\n"), carry->from);
		else if (!carry && l->n == 0)
			printf(_("no comments\n"));
	}
	dossier_carry_free(carry);
	dossier_comment_list_free(l);
	return EXIT_OK;
}
