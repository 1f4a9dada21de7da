/*
 * dump.c: `dossier --dump-options`, a hidden mode: every command of the
 * table with its usage, summary, flags and option table, and the global
 * options, as one JSON document. man/manpage.py writes the man pages from
 * it, so that a page and `--help` come from the same table and cannot
 * drift. Each command hands its table over through cli_setup() (the
 * `dump` hook of cli_globals) without parsing or running anything.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"

static const char *type_name(cli_opt_type t)
{
	switch (t) {
	case OPT_FLAG:
		return "flag";
	case OPT_STRING:
		return "string";
	case OPT_LIST:
		return "list";
	case OPT_PATH:
		return "path";
	}
	return "string";
}

static json_t *option_json(const cli_option *o)
{
	char s[2] = { o->short_name, '\0' };

	return json_pack("{s:s, s:s?, s:s, s:s?, s:s}",
		"long", o->long_name,
		"short", o->short_name ? s : NULL,
		"type", type_name(o->type),
		"arg", o->arg_name,
		"help", o->help ? o->help : "");
}

/* The table lives on the command's stack: it is read here, in the hook. */
static void take_table(const cli_command *cmd, const cli_option *opts, void *payload)
{
	json_t *list = payload;
	const cli_option *o;

	(void)cmd;
	for (o = opts; o && o->long_name; o++)
		json_array_append_new(list, option_json(o));
}

/* The command's option table, as the command itself hands it to
 * cli_setup(); a command that takes none (help) hands over nothing. */
static json_t *command_json(const cli_command *cmd, cli_globals *g)
{
	char *argv[2] = { (char *)cmd->name, NULL };
	json_t *opts = json_array(), *c;

	g->dump = take_table;
	g->dump_payload = opts;
	cli_run_command(cmd, 1, argv, g);
	g->dump = NULL;
	g->dump_payload = NULL;
	c = json_pack("{s:s, s:s, s:s, s:b, s:s?, s:o}",
		"name", cmd->name,
		"usage", cmd->usage,
		"summary", cmd->summary,
		"dossier", (cmd->flags & CLI_DOSSIER) != 0,
		"arg", cmd->arg,
		"options", opts);
	return c;
}

int cli_dump_options(FILE *out, cli_globals *g)
{
	json_t *root = json_object(), *cmds = json_array(), *globals = json_array();
	const cli_command *cmd;
	char *text;
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; (cmd = cli_command_at(i)); i++)
		json_array_append_new(cmds, command_json(cmd, g));
	for (i = 0; cli_global_options[i].name; i++)
		json_array_append_new(globals, json_pack("{s:s, s:s?, s:s}",
			"name", cli_global_options[i].name,
			"arg", cli_global_options[i].arg,
			"help", cli_global_options[i].help));
	json_object_set_new(root, "version", json_string(dossier_version()));
	json_object_set_new(root, "commands", cmds);
	json_object_set_new(root, "global_options", globals);
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text) {
		fprintf(stderr, _("error: out of memory\n"));
		return EXIT_FAIL;
	}
	if (fputs(text, out) < 0 || fputc('\n', out) < 0)
		rc = EXIT_FAIL;
	free(text);
	return rc;
}
