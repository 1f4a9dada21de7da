/*
 * opts.c: option parsing and help from one table per command, error
 * printing and the mapping of engine codes onto exit status.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_option *find_long(const cli_option *opts, const char *name, size_t len)
{
	for (; opts && opts->long_name; opts++)
		if (strlen(opts->long_name) == len && !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const cli_option *find_short(const cli_option *opts, char c)
{
	for (; opts && opts->long_name; opts++)
		if (opts->short_name && opts->short_name == c)
			return opts;
	return NULL;
}

static int set_value(const cli_command *cmd, const cli_option *o, const char *arg, int *exit_code)
{
	switch (o->type) {
	case OPT_FLAG:
		*(int *)o->value = 1;
		return 0;
	case OPT_STRING:
	case OPT_PATH:
		*(const char **)o->value = arg;
		return 0;
	case OPT_LIST: {
		cli_list *l = o->value;
		const char **p = realloc(l->items, (l->n + 1) * sizeof(*p));

		if (!p) {
			fprintf(stderr, _("error: out of memory\n"));
			*exit_code = EXIT_FAIL;
			return -1;
		}
		p[l->n++] = arg;
		l->items = p;
		return 0;
	}
	}
	(void)cmd;
	return 0;
}

int cli_parse(const cli_command *cmd, const cli_option *opts, int argc, char **argv,
	char ***pos, int *npos, int *exit_code)
{
	int i, n = 0, only_pos = 0;
	char **out = calloc((size_t)argc + 1, sizeof(*out));

	*pos = NULL;
	*npos = 0;
	*exit_code = EXIT_OK;
	if (!out) {
		fprintf(stderr, _("error: out of memory\n"));
		*exit_code = EXIT_FAIL;
		return -1;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const cli_option *o = NULL;
		const char *arg = NULL;

		if (only_pos || a[0] != '-' || a[1] == '\0') {
			out[n++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_print_help(stdout, cmd, opts);
			free(out);
			return -1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			if (!o) {
				free(out);
				*exit_code = cli_usage_error(cmd, "unknown option '%.*s'", (int)len + 2, a);
				return -1;
			}
			if (eq) {
				if (o->type == OPT_FLAG) {
					free(out);
					*exit_code = cli_usage_error(cmd, "option '--%s' takes no value", o->long_name);
					return -1;
				}
				arg = eq + 1;
			}
		} else {
			o = find_short(opts, a[1]);
			if (!o) {
				free(out);
				*exit_code = cli_usage_error(cmd, "unknown option '-%c'", a[1]);
				return -1;
			}
			if (a[2] != '\0') {
				if (o->type == OPT_FLAG) {
					free(out);
					*exit_code = cli_usage_error(cmd, "option '-%c' takes no value", a[1]);
					return -1;
				}
				arg = a + 2;
			}
		}
		if (o->type != OPT_FLAG && !arg) {
			if (i + 1 >= argc) {
				free(out);
				*exit_code = cli_usage_error(cmd, "option '--%s' needs a value", o->long_name);
				return -1;
			}
			arg = argv[++i];
		}
		if (o->type != OPT_FLAG && o->type != OPT_PATH) {
			char name[64];

			snprintf(name, sizeof(name), "--%s", o->long_name);
			if ((*exit_code = cli_check_arg(name, arg)) != EXIT_OK) {
				free(out);
				return -1;
			}
		}
		if (set_value(cmd, o, arg, exit_code) < 0) {
			free(out);
			return -1;
		}
	}
	*pos = out;
	*npos = n;
	return 0;
}

void cli_print_help(FILE *out, const cli_command *cmd, const cli_option *opts)
{
	fprintf(out, _("usage: dossier %s\n\n%s\n"), cmd->usage, _(cmd->summary));
	if (opts && opts->long_name) {
		fprintf(out, _("\noptions:\n"));
		for (; opts->long_name; opts++) {
			char left[64];

			if (opts->short_name)
				snprintf(left, sizeof(left), "-%c, --%s%s%s", opts->short_name, opts->long_name,
					opts->arg_name ? " " : "", opts->arg_name ? opts->arg_name : "");
			else
				snprintf(left, sizeof(left), "    --%s%s%s", opts->long_name,
					opts->arg_name ? " " : "", opts->arg_name ? opts->arg_name : "");
			fprintf(out, "  %-26s %s\n", left, _(opts->help));
		}
	}
	fprintf(out, "  %-26s %s\n", "-h, --help", _("show this help"));
}

int cli_check_arg(const char *name, const char *arg)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char what[80];
	int rc;

	snprintf(what, sizeof(what), name[0] == '-' ? _("option '%s'") : _("environment variable '%s'"), name);
	if (dossier_text_check_error(arg, strlen(arg), NULL, what, NULL, &err) == 0)
		return EXIT_OK;
	rc = cli_report(&err);
	dossier_error_clear(&err);
	return rc;
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, _("error: "));
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fprintf(stderr, _("\nusage: dossier %s\n"), cmd->usage);
	return EXIT_USAGE;
}

int cli_exit_code(int code)
{
	switch (code) {
	case DOSSIER_OK:
		return EXIT_OK;
	case DOSSIER_EINVALID:
	case DOSSIER_ENOTFOUND:
		return EXIT_USAGE;
	case DOSSIER_EREFUSED:
		return EXIT_REFUSED;
	default:
		return EXIT_FAIL;
	}
}

int cli_report(const dossier_error *err)
{
	char *msg = dossier_error_format(err);

	fprintf(stderr, "%s\n", msg ? msg : _("error: out of memory"));
	if (err->hint)
		fprintf(stderr, _("hint: %s\n"), err->hint);
	free(msg);
	return cli_exit_code(err->code ? err->code : DOSSIER_EFAIL);
}

void cli_print_diags(const dossier_diags *diags)
{
	size_t i, n = dossier_diags_count(diags);

	for (i = 0; i < n; i++) {
		char *s = dossier_diag_format(dossier_diags_get(diags, i));

		fprintf(stderr, "%s\n", s ? s : _("error: out of memory"));
		free(s);
	}
}

void cli_print_read_warnings(const dossier *d)
{
	const dossier_diags *w = dossier_read_warnings(d);
	size_t n = dossier_diags_count(w);

	cli_print_diags(w);
	if (n)
		fprintf(stderr, P_("warning: %zu record left out; 'dossier verify' names the commit that wrote it\n",
			"warning: %zu records left out; 'dossier verify' names the commits that wrote them\n", n), n);
}

int cli_error(dossier_error *err)
{
	int rc = cli_report(err);

	dossier_error_clear(err);
	return rc;
}

void cli_list_clear(cli_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
