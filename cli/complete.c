/*
 * complete.c: `dossier __complete [--] WORD...`, a hidden command that the
 * bash and zsh completion scripts (dist/completion/) call with the words of
 * the command line after `dossier`, as typed (shell quoting is removed
 * here), the last one being the word to complete (possibly empty). It
 * prints the candidates that begin with that word, one a line, or a single
 * line ":files" or ":dirs" when the shell's own file completion fits.
 *
 * What it offers comes from the tables of the commands: the command names
 * from main.c's table, each command's options from the table it hands to
 * cli_setup() (the `dump` hook, without parsing or running), an option's
 * values from its argument's name (PROVISION, vN, ID, FILE, DIR) or from
 * the alternatives the usage line writes (`--format akn|html|csv`). Inside
 * a dossier (-C or the current directory) it reads the dossier: the stages
 * `advance` may take, the participants, the comment ids, the revisions and
 * the provisions of the latest revision (eIds and citations). It never
 * writes, and a dossier it cannot read offers nothing; errors go nowhere.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

typedef enum {
	K_NONE,
	K_FILES,
	K_DIRS,
	K_COMMANDS,
	K_STAGES,
	K_PARTICIPANTS,
	K_COMMENTS,
	K_REVISIONS,
	K_PROVISIONS,
	K_WORDS,      /* the alternatives in `words`, separated by '|' */
} comp_kind;

typedef struct comp {
	FILE *out;
	cli_globals *g;
	char **w;           /* the command's words, dequoted; the last is the current one */
	int n;
	const char *prefix; /* printed before each candidate: "--format=" */
	const char *cur;    /* what the candidates begin with */
} comp;

/* A word as the shell means it: backslashes and quotes removed (an open
 * quote, as in the word being typed, runs to the end). Caller frees. */
static char *dequote(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	char q = 0;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (q == '\'') {
			if (*s == '\'')
				q = 0;
			else
				*o++ = *s;
		} else if (*s == '\\' && s[1] && (!q || strchr("\"\\$`", s[1]))) {
			*o++ = *++s;
		} else if (q == '"' && *s == '"') {
			q = 0;
		} else if (!q && (*s == '\'' || *s == '"')) {
			q = *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

static void offer(comp *c, const char *cand)
{
	size_t n = strlen(c->cur);

	if (cand && !strncmp(cand, c->cur, n))
		fprintf(c->out, "%s%s\n", c->prefix, cand);
}

static void offer_words(comp *c, const char *words)
{
	char buf[128];
	const char *p = words, *bar;

	while (p && *p) {
		size_t len;

		bar = strchr(p, '|');
		len = bar ? (size_t)(bar - p) : strlen(p);
		if (len < sizeof(buf)) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			offer(c, buf);
		}
		p = bar ? bar + 1 : NULL;
	}
}

static dossier *open_quietly(const cli_globals *g)
{
	dossier_identity who = { g->as, g->now, NULL };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	if (dossier_open(&d, g->dir ? g->dir : ".", &who, &err) < 0) {
		dossier_error_clear(&err);
		return NULL;
	}
	return d;
}

typedef struct walk_state {
	comp *c;
	dossier_lang lang;
} walk_state;

static int offer_node(const dossier_node *node, void *payload)
{
	walk_state *st = payload;
	char *cit;

	if (node->kind == DOSSIER_NODE_BODY || !node->eid)
		return 0;
	offer(st->c, node->eid);
	if ((cit = dossier_node_citation(node, st->lang)))
		offer(st->c, cit);
	free(cit);
	return 0;
}

/* The candidates of a kind that the dossier holds. */
static void offer_from_dossier(comp *c, comp_kind kind)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = open_quietly(c->g);
	size_t i;

	if (!d)
		return;
	switch (kind) {
	case K_STAGES: {
		dossier_status *st = NULL;

		/* the stages the current one leads to: what `advance` can take */
		if (dossier_get_status(&st, d, &err) == 0)
			for (i = 0; i < st->nnext; i++)
				offer(c, st->next[i].target);
		dossier_status_free(st);
		break;
	}
	case K_PARTICIPANTS: {
		const dossier_workflow *wf = NULL;

		if (dossier_get_workflow(&wf, d, &err) == 0)
			for (i = 0; i < wf->nparticipants; i++)
				offer(c, wf->participants[i].id);
		break;
	}
	case K_COMMENTS: {
		dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
		dossier_comment_list *l = NULL;

		if (dossier_get_comments(&l, d, &q, &err) == 0)
			for (i = 0; i < l->n; i++)
				offer(c, l->items[i].id);
		dossier_comment_list_free(l);
		break;
	}
	case K_REVISIONS: {
		dossier_status *st = NULL;
		char v[16];

		if (dossier_get_status(&st, d, &err) == 0)
			for (i = st->revisions; i >= 1; i--) {
				snprintf(v, sizeof(v), "v%zu", i);
				offer(c, v);
			}
		dossier_status_free(st);
		break;
	}
	case K_PROVISIONS: {
		dossier_document *doc = NULL;

		offer(c, "general");
		if (dossier_get_revision(&doc, d, NULL, &err) == 0) {
			walk_state st = { c, doc->lang };

			dossier_document_walk(doc, offer_node, &st);
		}
		dossier_document_free(doc);
		break;
	}
	default:
		break;
	}
	dossier_error_clear(&err);
	dossier_free(d);
}

static void offer_kind(comp *c, comp_kind kind, const char *words)
{
	size_t i;
	const cli_command *cmd;

	switch (kind) {
	case K_NONE:
		return;
	case K_FILES:
		fprintf(c->out, ":files\n");
		return;
	case K_DIRS:
		fprintf(c->out, ":dirs\n");
		return;
	case K_COMMANDS:
		for (i = 0; (cmd = cli_command_at(i)); i++)
			offer(c, cmd->name);
		return;
	case K_WORDS:
		offer_words(c, words);
		return;
	default:
		offer_from_dossier(c, kind);
	}
}

/* The alternatives the usage line gives an option ("--format akn|html|csv"),
 * into buf; 0 when it gives none. */
static int usage_words(char *buf, size_t size, const cli_command *cmd, const cli_option *o)
{
	char pat[64];
	const char *p, *e;

	if (o->arg_name && strchr(o->arg_name, '|')) {
		snprintf(buf, size, "%s", o->arg_name);
		return 1;
	}
	snprintf(pat, sizeof(pat), "--%s ", o->long_name);
	for (p = strstr(cmd->usage, pat); p; p = strstr(p + 1, pat)) {
		p += strlen(pat);
		e = p + strcspn(p, " ])");
		if (memchr(p, '|', (size_t)(e - p)) && (size_t)(e - p) < size) {
			memcpy(buf, p, (size_t)(e - p));
			buf[e - p] = '\0';
			return 1;
		}
	}
	return 0;
}

/* What an option's value is, from its table entry. */
static comp_kind option_kind(char *words, size_t size, const cli_command *cmd, const cli_option *o)
{
	const char *a = o->arg_name ? o->arg_name : "";

	if (usage_words(words, size, cmd, o))
		return K_WORDS;
	if (!strcmp(a, "PROVISION"))
		return K_PROVISIONS;
	if (!strcmp(a, "vN"))
		return K_REVISIONS;
	if (!strcmp(a, "ID"))
		return K_PARTICIPANTS;
	if (!strcmp(a, "DIR"))
		return K_DIRS;
	if (o->type == OPT_PATH || !strcmp(a, "FILE"))
		return K_FILES;
	return K_NONE;
}

/* What the command's positional argument number `pos` (0-based) is;
 * `before` are the words of the line before it ("--files" for diff). */
static comp_kind positional_kind(const char **words, const comp *c, const cli_command *cmd, int pos,
	char *const *before, int nbefore)
{
	const char *name = cmd->name;
	int i;

	*words = NULL;
	if (cmd->arg && pos == 0) {
		if (!strcmp(cmd->arg, "stage"))
			return K_STAGES;
		if (!strcmp(cmd->arg, "directory"))
			return K_DIRS;
		return K_FILES;
	}
	if (!strcmp(name, "help"))
		return pos == 0 ? K_COMMANDS : K_NONE;
	if (!strcmp(name, "respond"))
		return K_COMMENTS;
	if (!strcmp(name, "diff")) {
		for (i = 0; i < nbefore; i++)
			if (!strcmp(before[i], "--files"))
				return K_FILES;
		return pos < 2 ? K_REVISIONS : K_NONE;
	}
	if (!strcmp(name, "validate") || (!strcmp(name, "apply") && pos < 2) ||
	    (pos == 0 && (!strcmp(name, "outline") || !strcmp(name, "convert"))))
		return K_FILES;
	if (!strcmp(name, "clone"))
		return pos == 1 ? K_DIRS : K_NONE;
	/* the sub-commands the usage lines name */
	if (!strcmp(name, "key")) {
		*words = "add|revoke|rotate";
		return pos == 0 ? K_WORDS : K_FILES;
	}
	if (!strcmp(name, "account")) {
		*words = "add|passwd|remove|token|list";
		return pos == 0 ? K_WORDS : pos == 1 ? K_PARTICIPANTS : K_NONE;
	}
	if (!strcmp(name, "hook") && pos == 0) {
		*words = "pre-receive";
		return K_WORDS;
	}
	(void)c;
	return K_NONE;
}

static const cli_option *find_option(const cli_option *opts, const char *w, size_t *namelen)
{
	const cli_option *o;

	if (w[0] != '-' || w[1] == '\0')
		return NULL;
	if (w[1] == '-') {
		size_t len = strcspn(w + 2, "=");

		*namelen = len;
		for (o = opts; o && o->long_name; o++)
			if (strlen(o->long_name) == len && !strncmp(o->long_name, w + 2, len))
				return o;
		return NULL;
	}
	*namelen = 0;
	for (o = opts; o && o->long_name; o++)
		if (o->short_name && o->short_name == w[1])
			return o;
	return NULL;
}

/* The command's words, with its option table in hand (the dump hook). */
static void complete_command(const cli_command *cmd, const cli_option *opts, void *payload)
{
	comp *c = payload;
	const char *cur = c->w[c->n - 1], *words = NULL;
	char buf[128];
	int i, pos = 0, only_pos = 0;
	size_t len;
	const cli_option *o;
	comp_kind kind;

	for (i = 1; i < c->n - 1; i++) {
		const char *a = c->w[i];

		if (only_pos || a[0] != '-' || a[1] == '\0') {
			pos++;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		o = find_option(opts, a, &len);
		if (!o || o->type == OPT_FLAG || (a[1] == '-' && a[2 + len] == '=') || (a[1] != '-' && a[2]))
			continue;
		if (i + 1 == c->n - 1) {   /* the word being completed is this option's value */
			kind = option_kind(buf, sizeof(buf), cmd, o);
			offer_kind(c, kind, buf);
			return;
		}
		i++;
	}
	if (!only_pos && cur[0] == '-' && cur[1] == '-' && strchr(cur, '=')) {
		char pre[80];

		o = find_option(opts, cur, &len);
		if (!o || o->type == OPT_FLAG || len + 3 >= sizeof(pre))
			return;
		snprintf(pre, sizeof(pre), "--%s=", o->long_name);
		c->prefix = pre;
		c->cur = cur + len + 3;
		kind = option_kind(buf, sizeof(buf), cmd, o);
		offer_kind(c, kind, buf);
		return;
	}
	if (!only_pos && cur[0] == '-') {
		for (o = opts; o && o->long_name; o++) {
			snprintf(buf, sizeof(buf), "--%s", o->long_name);
			offer(c, buf);
		}
		offer(c, "--help");
		return;
	}
	kind = positional_kind(&words, c, cmd, pos, c->w + 1, c->n - 2);
	offer_kind(c, kind, words);
}

static const struct {
	const char *name;
	comp_kind kind;
} global_values[] = {
	{ "-C", K_DIRS },
	{ "--as", K_PARTICIPANTS },
	{ "--now", K_NONE },
	{ "--signing-key", K_FILES },
};

int cli_complete(FILE *out, int argc, char **argv, cli_globals *g)
{
	comp c = { out, g, NULL, 0, "", "" };
	const cli_command *cmd;
	int i, k, rc = EXIT_OK;
	size_t j;

	if (argc > 0 && !strcmp(argv[0], "--")) {
		argc--;
		argv++;
	}
	c.w = calloc((size_t)argc + 1, sizeof(*c.w));
	if (!c.w)
		return EXIT_FAIL;
	for (k = 0; k < argc; k++)
		if (!(c.w[k] = dequote(argv[k]))) {
			rc = EXIT_FAIL;
			goto done;
		}
	if (argc == 0 && !(c.w[argc++] = dequote(""))) {
		rc = EXIT_FAIL;
		goto done;
	}
	/* the global options before the command; their values open the dossier */
	for (i = 0; i < argc - 1 && c.w[i][0] == '-'; i++) {
		for (j = 0; j < sizeof(global_values) / sizeof(global_values[0]); j++) {
			const char *name = global_values[j].name;
			size_t n = strlen(name);
			const char **value = j == 0 ? &g->dir : j == 1 ? &g->as : j == 2 ? &g->now : &g->signing_key;

			if (!strcmp(c.w[i], name)) {
				if (i + 1 == argc - 1) {
					c.cur = c.w[i + 1];
					offer_kind(&c, global_values[j].kind, NULL);
					goto done;
				}
				*value = c.w[++i];
				break;
			}
			if (!strncmp(c.w[i], name, n) && c.w[i][n] == '=') {
				*value = c.w[i] + n + 1;
				break;
			}
		}
	}
	c.cur = c.w[i];
	if (i == argc - 1) {
		if (c.cur[0] == '-') {
			for (j = 0; cli_global_options[j].name; j++)
				if (cli_global_options[j].name[0] == '-' && cli_global_options[j].name[1] != 'h')
					offer(&c, cli_global_options[j].name);
			offer(&c, "--help");
		} else {
			offer_kind(&c, K_COMMANDS, NULL);
		}
		goto done;
	}
	if (!(cmd = cli_find_command(c.w[i])))
		goto done;
	c.w += i;
	c.n = argc - i;
	c.cur = c.w[c.n - 1];
	{
		char *cargv[2] = { (char *)cmd->name, NULL };

		g->dump = complete_command;
		g->dump_payload = &c;
		cli_run_command(cmd, 1, cargv, g);
		g->dump = NULL;
		g->dump_payload = NULL;
	}
	c.w -= i;
done:
	for (k = 0; k < argc; k++)
		free(c.w[k]);
	free(c.w);
	return rc;
}
