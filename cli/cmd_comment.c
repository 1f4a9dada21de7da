/*
 * cmd_comment.c: `dossier comment --on PROVISION [--revision vN] (--text T |
 * --file F) [--propose TEXT]`: a comment on a provision; prints its id.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The comment in a file ('-': standard input), without its trailing line
 * breaks; refused with FILE:LINE:COL when it is not text a record may hold
 * (a NUL byte would otherwise cut it short). Prints the error and returns
 * its exit status. */
static int slurp(char **out, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	const char *name = f == stdin ? "<stdin>" : path;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	*out = NULL;
	if (!f) {
		fprintf(stderr, _("error: cannot open '%s': %s\n"), path, strerror(errno));
		return errno == ENOENT ? EXIT_USAGE : EXIT_FAIL;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *p = realloc(buf, cap ? cap * 2 : 8192);

			if (!p) {
				fprintf(stderr, _("error: out of memory reading '%s'\n"), name);
				rc = EXIT_FAIL;
				goto fail;
			}
			buf = p;
			cap = cap ? cap * 2 : 8192;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		buf[len] = '\0';
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, _("error: cannot read '%s': %s\n"), name, strerror(errno));
		rc = EXIT_FAIL;
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	f = NULL;
	/* Trailing newlines belong to the file, not to the comment. */
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (dossier_text_check_error(buf, len, name, NULL, NULL, &err) < 0) {
		rc = cli_report(&err);
		dossier_error_clear(&err);
		goto fail;
	}
	*out = buf;
	return EXIT_OK;
fail:
	if (f && f != stdin)
		fclose(f);
	free(buf);
	return rc;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_comment = {
	.name = "comment", .run = run, .flags = CLI_NO_ARGS,
	.usage = "comment --on PROVISION [--revision vN] (--text T | --file F) [--propose TEXT]",
	.summary = N_("comment on a provision; prints the comment's id"),
};

static int run(cli_ctx *c)
{
	const char *on = NULL, *revision = NULL, *text = NULL, *file = NULL, *propose = NULL;
	int rc;
	char *id = NULL, *owned = NULL;
	const cli_option opts[] = {
		{ "on", 0, OPT_STRING, &on, "PROVISION", N_("the provision: a citation ('Điều 5 khoản 2 điểm a', 'Article 5(2)(a)'), its eId (see 'dossier outline'), or 'general'") },
		{ "revision", 'r', OPT_STRING, &revision, "vN", N_("the revision commented on (default: the latest)") },
		{ "text", 't', OPT_STRING, &text, "T", N_("the comment") },
		{ "file", 'f', OPT_PATH, &file, "F", N_("read the comment from a file ('-': standard input)") },
		{ "propose", 'p', OPT_STRING, &propose, "TEXT", N_("replacement text proposed for the provision") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_comment_options co = DOSSIER_COMMENT_OPTIONS_INIT;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (cli_setup(c, opts, &rc) < 0)
		return rc;
	if (!on)
		return cli_usage_error(c->cmd, "--on is required");
	if (!text == !file)
		return cli_usage_error(c->cmd, "give the comment with either --text or --file");
	if (file) {
		if ((rc = slurp(&owned, file)) != EXIT_OK)
			return rc;
		text = owned;
	}
	if ((rc = cli_dossier(c)) != EXIT_OK) {
		free(owned);
		return rc;
	}
	co.on = on;
	co.revision = revision;
	co.text = text;
	co.proposal = propose;
	rc = dossier_comment(&id, c->d, &co, &err);
	free(owned);
	if (rc < 0)
		return cli_error(&err);
	cli_print_warning(c->d);
	printf("%s\n", id);
	free(id);
	return EXIT_OK;
}
