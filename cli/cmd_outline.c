/*
 * cmd_outline.c: `dossier outline FILE [--depth N] [--json]`: the table of
 * contents of a legal text (structured text or AKN) with the eId and the
 * citation of every provision, indented by level, so that a member knows
 * what to write after `comment --on`:
 *
 *   chp_1                     Chương I  QUY ĐỊNH CHUNG
 *     art_1                   Điều 1  Phạm vi điều chỉnh
 *       art_1__para_1         Điều 1 khoản 1
 *
 * --depth limits the levels (1: top-level containers only); clauses and
 * points are shown by default. The provisions an amending text quotes are
 * listed under the provision that quotes them, their citation in quotation
 * marks (they can be commented on by their eId). --json prints the outline
 * as JSON, without the text.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

struct outline {
	unsigned depth;      /* 0: unlimited */
	int eid_width;
	dossier_lang lang;
	unsigned base;       /* the level of the provision whose quotation is walked */
	int print;
};

static unsigned level_of(const dossier_node *n)
{
	unsigned l = 0;

	for (n = n->parent; n; n = n->parent)
		l++;
	return l;
}

static int width_visit(const dossier_node *n, void *payload);
static int print_visit(const dossier_node *n, void *payload);

/* The provisions n quotes, one level below it. */
static void quoted(const dossier_node *n, struct outline *o)
{
	unsigned saved = o->base;
	size_t i;

	o->base = saved + level_of(n);
	for (i = 0; i < n->nquotes; i++) {
		const dossier_node *b = n->quotes[i].body;
		dossier_document qd;

		memset(&qd, 0, sizeof(qd));
		qd.lang = o->lang;
		qd.body = (dossier_node *)b;
		dossier_document_walk(&qd, o->print ? print_visit : width_visit, o);
	}
	o->base = saved;
}

static int width_visit(const dossier_node *n, void *payload)
{
	struct outline *o = payload;
	unsigned l = level_of(n) + o->base;
	int w;

	if (n->kind == DOSSIER_NODE_BODY || !n->eid || (o->depth && l > o->depth))
		return 0;
	w = (int)(2 * (l - 1) + strlen(n->eid));
	if (w > o->eid_width)
		o->eid_width = w;
	if (n->nquotes)
		quoted(n, o);
	return 0;
}

static int print_visit(const dossier_node *n, void *payload)
{
	struct outline *o = payload;
	unsigned l = level_of(n) + o->base;
	char *cite;
	int indent;

	if (n->kind == DOSSIER_NODE_BODY || !n->eid || (o->depth && l > o->depth))
		return 0;
	indent = (int)(2 * (l - 1));
	cite = dossier_node_citation(n, o->lang);
	printf("%*s%-*s  %s%s%s", indent, "", o->eid_width - indent, n->eid, o->base ? "“" : "",
		cite ? cite : "", o->base ? "”" : "");
	if (n->heading)
		printf("  %s", n->heading);
	putchar('\n');
	free(cite);
	if (n->nquotes)
		quoted(n, o);
	return 0;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_outline = {
	.name = "outline", .run = run,
	.usage = "outline [FILE] [--depth N] [--json] [--lenient]",
	.summary = N_("table of contents with the eId and citation of every provision"),
};

static int run(cli_ctx *c)
{
	const char *depth = NULL;
	dossier_document *doc = NULL;
	struct outline o = { 0, 0, DOSSIER_LANG_VIE, 0, 0 };
	char *end;
	int code, json = 0, lenient = 0;
	const cli_option opts[] = {
		{ "lenient", 0, OPT_FLAG, &lenient, NULL, N_("drop NUL bytes (PDF check boxes) with a warning instead of refusing the file") },
		{ "depth", 0, OPT_STRING, &depth, "N", N_("show only the first N levels (1: chapters or articles at the top)") },
		{ "json", 0, OPT_FLAG, &json, NULL, N_("print the outline as JSON") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (c->npos > 1)
		return cli_usage_error(c->cmd, "too many arguments");
	if (depth) {
		unsigned long d = strtoul(depth, &end, 10);

		if (!*depth || *end || d == 0 || d > 100)
			return cli_usage_error(c->cmd, "invalid depth '%s' (a number from 1)", depth);
		o.depth = (unsigned)d;
	}
	if (c->npos == 1) {
		code = cli_load_document_lenient(&doc, NULL, c->pos[0], lenient);
	} else if ((code = cli_dossier(c)) != EXIT_OK) {
		/* No file: the latest revision of the dossier we are in. */
		fprintf(stderr, _("hint: outside a dossier, give the file: dossier %s\n"), c->cmd->usage);
	} else {
		dossier_error err = DOSSIER_ERROR_INIT;

		if (dossier_get_revision(&doc, c->d, NULL, &err) < 0) {
			code = cli_report(&err);
			dossier_error_clear(&err);
		}
	}
	if (code != EXIT_OK)
		return code;
	if (json) {
		dossier_error err = DOSSIER_ERROR_INIT;
		char *out = NULL;

		if (dossier_document_json(&out, doc, 0, &err) < 0) {
			code = cli_report(&err);
			dossier_error_clear(&err);
		} else {
			printf("%s\n", out);
		}
		free(out);
	} else {
		o.lang = doc->lang;
		dossier_document_walk(doc, width_visit, &o);
		o.print = 1;
		dossier_document_walk(doc, print_visit, &o);
	}
	dossier_document_free(doc);
	return code;
}
