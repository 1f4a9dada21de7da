/*
 * cmd_account.c: `dossier account (add|passwd|remove|list|token) …`: the
 * accounts with which the dossier's participants sign in to `dossier
 * serve`. An account is a participant of the dossier's workflow; the store
 * is the server's own (GITDIR/dossier/accounts, web/accounts.c), outside
 * the dossier's tree. Passwords are read from the terminal without echo, or
 * from standard input with --password-stdin, and never printed.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"
#include "web.h"

#define MIN_PASSWORD 8

/* One line from f without its line end; NULL at end of input. */
static char *read_line(FILE *f)
{
	size_t cap = 0;
	ssize_t n;
	char *line = NULL;

	n = getline(&line, &cap, f);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static char *ask(const char *prompt)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	char *line;

	if (!tty)
		return NULL;
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	line = read_line(tty);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputs("\n", tty);
	fclose(tty);
	return line;
}

/* The new password, from standard input or asked twice on the terminal. */
static int new_password(char **out, const char *id, int from_stdin)
{
	char prompt[160], *again;

	*out = NULL;
	if (from_stdin) {
		*out = read_line(stdin);
		if (!*out) {
			fprintf(stderr, _("error: no password on standard input\n"));
			return EXIT_USAGE;
		}
	} else {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, _("error: no terminal to ask the password on\n"));
			fprintf(stderr, _("hint: give it on standard input with --password-stdin\n"));
			return EXIT_USAGE;
		}
		snprintf(prompt, sizeof(prompt), _("New password for '%s': "), id);
		*out = ask(prompt);
		snprintf(prompt, sizeof(prompt), "%s", _("The same again: "));
		again = *out ? ask(prompt) : NULL;
		if (!*out || !again || strcmp(*out, again)) {
			fprintf(stderr, _("error: the passwords do not match\n"));
			free(again);
			free(*out);
			*out = NULL;
			return EXIT_USAGE;
		}
		explicit_bzero(again, strlen(again));
		free(again);
	}
	if (strlen(*out) < MIN_PASSWORD) {
		fprintf(stderr, _("error: the password is too short: at least %d characters\n"), MIN_PASSWORD);
		explicit_bzero(*out, strlen(*out));
		free(*out);
		*out = NULL;
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The dossier (for its participants) and its account store. */
static int open_store(dossier **d, const dossier_workflow **wf, web_accounts **a, const cli_globals *g)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	int rc;

	*d = NULL;
	*a = NULL;
	if ((rc = cli_open(d, g)) != 0)
		return rc;
	if (dossier_get_workflow(wf, *d, &err) < 0 || web_accounts_open(a, dossier_git_dir(*d), &err) < 0) {
		rc = cli_fail(*d, &err);
		*d = NULL;
		return rc;
	}
	return 0;
}

static int participant(const dossier_workflow *wf, const char *id, const dossier_participant **p)
{
	size_t i;

	*p = dossier_workflow_participant(wf, id);
	if (*p)
		return 0;
	fprintf(stderr, _("error: '%s' is not a participant of workflow '%s'\n"), id, wf->id);
	fprintf(stderr, _("hint: the participants are:"));
	for (i = 0; i < wf->nparticipants; i++)
		fprintf(stderr, "%s %s", i ? "," : "", wf->participants[i].id);
	fprintf(stderr, "\n");
	return EXIT_USAGE;
}

static int report(web_accounts *a, dossier *d, dossier_error *err)
{
	web_accounts_free(a);
	return cli_fail(d, err);
}

static int list(web_accounts *a, dossier *d, const dossier_workflow *wf, int json)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	web_account_info *l = NULL;
	size_t n = 0, i, j;

	if (web_account_list(&l, &n, a, &err) < 0)
		return report(a, d, &err);
	if (json) {
		json_t *arr = json_array(), *root;
		char *out;

		for (i = 0; i < n; i++) {
			const dossier_participant *p = dossier_workflow_participant(wf, l[i].id);
			json_t *o = json_object(), *t = json_array();

			json_object_set_new(o, "id", json_string(l[i].id));
			json_object_set_new(o, "name", p && p->name ? json_string(p->name) : json_null());
			json_object_set_new(o, "participant", json_boolean(p != NULL));
			json_object_set_new(o, "password", json_boolean(l[i].has_password));
			json_object_set_new(o, "created", l[i].created ? json_string(l[i].created) : json_null());
			for (j = 0; j < l[i].tokens; j++) {
				json_t *tok = json_object();

				json_object_set_new(tok, "id", json_string(l[i].token_ids[j] ? l[i].token_ids[j] : ""));
				json_object_set_new(tok, "label", l[i].token_labels[j] ? json_string(l[i].token_labels[j]) :
					json_null());
				json_array_append_new(t, tok);
			}
			json_object_set_new(o, "tokens", t);
			json_object_set_new(o, "sessions", json_integer((json_int_t)l[i].sessions));
			json_array_append_new(arr, o);
		}
		root = json_object();
		json_object_set_new(root, "format", json_string(DOSSIER_JSON_FORMAT));
		json_object_set_new(root, "accounts", arr);
		out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", out ? out : "{}");
		free(out);
		json_decref(root);
	} else if (!n) {
		printf(_("no accounts yet\n"));
		printf(_("hint: 'dossier account add ID' creates one for a participant\n"));
	} else {
		for (i = 0; i < n; i++) {
			const dossier_participant *p = dossier_workflow_participant(wf, l[i].id);

			printf("%-12s %-9s ", l[i].id, l[i].has_password ? _("password") : "-");
			printf(P_("%zu token, ", "%zu tokens,", l[i].tokens), l[i].tokens);
			printf(P_(" %zu session ", " %zu sessions", l[i].sessions), l[i].sessions);
			printf("  %s\n", p ? p->name : _("(no longer a participant of the workflow)"));
			for (j = 0; j < l[i].tokens; j++)
				printf(_("%-12s   token %s%s%s\n"), "", l[i].token_ids[j], l[i].token_labels[j] ? "  " : "",
					l[i].token_labels[j] ? l[i].token_labels[j] : "");
		}
	}
	web_account_info_free(l, n);
	web_accounts_free(a);
	dossier_free(d);
	return EXIT_OK;
}

static int run(cli_ctx *c);

const cli_command cli_cmd_account = {
	.name = "account", .run = run,
	.usage = "account (add|passwd|remove|token) ID [--password-stdin] | account list",
	.summary = N_("the accounts participants sign in to 'serve' with (kept outside the dossier's tree)"),
};

static int run(cli_ctx *c)
{
	const char *label = NULL, *revoke = NULL;
	int from_stdin = 0, json = 0, code;
	const cli_option opts[] = {
		{ "password-stdin", 0, OPT_FLAG, &from_stdin, NULL, N_("add, passwd: read the password from standard input (one line)") },
		{ "label", 0, OPT_STRING, &label, "TEXT", N_("token: what the token is for") },
		{ "revoke", 0, OPT_STRING, &revoke, "TOKEN-ID", N_("token: revoke this token of the account ('all': every one)") },
		{ "json", 0, OPT_FLAG, &json, NULL, N_("list: as JSON") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_participant *p = NULL;
	const dossier_workflow *wf = NULL;
	web_accounts *a = NULL;
	dossier *d = NULL;
	const char *sub, *id;
	char *password = NULL;

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (c->npos < 1)
		return cli_usage_error(c->cmd, "which? add, passwd, remove, list or token");
	sub = c->pos[0];
	id = c->npos > 1 ? c->pos[1] : NULL;
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "remove") && strcmp(sub, "list") &&
	    strcmp(sub, "token")) {
		return cli_usage_error(c->cmd, "unknown subcommand '%s' (add, passwd, remove, list or token)", sub);
	}
	if ((!strcmp(sub, "list") && c->npos != 1) || (strcmp(sub, "list") && c->npos != 2)) {
		return cli_usage_error(c->cmd, strcmp(sub, "list") ? "'account %s' takes one participant id" :
			"'account list' takes no argument", sub);
	}
	if ((code = open_store(&d, &wf, &a, c->g)) != 0)
		return code;
	if (!strcmp(sub, "list"))
		return list(a, d, wf, json);
	if (strcmp(sub, "remove") && (code = participant(wf, id, &p)) != 0) {
		web_accounts_free(a);
		dossier_free(d);
		return code;
	}
	if (!strcmp(sub, "add") || !strcmp(sub, "passwd")) {
		bool add = !strcmp(sub, "add");

		if ((code = new_password(&password, id, from_stdin)) != 0) {
			web_accounts_free(a);
			dossier_free(d);
			return code;
		}
		code = web_account_set_password(a, id, password, add ? WEB_ACCOUNT_CREATE : WEB_ACCOUNT_UPDATE, &err);
		explicit_bzero(password, strlen(password));
		free(password);
		if (code < 0)
			return report(a, d, &err);
		if (add)
			printf(_("added account '%s' (%s)\n"), id, p->name);
		else
			printf(_("changed the password of '%s'; its sessions have ended\n"), id);
	} else if (!strcmp(sub, "remove")) {
		if (web_account_remove(a, id, &err) < 0)
			return report(a, d, &err);
		printf(_("removed account '%s', its sessions and its tokens\n"), id);
	} else if (revoke) {
		if (web_account_token_revoke(a, id, revoke, &err) < 0)
			return report(a, d, &err);
		printf(!strcmp(revoke, "all") ? "revoked every token of '%s'\n" : "revoked the token of '%s'\n", id);
	} else {
		char *token = NULL, *tid = NULL;

		if (web_account_token_new(&token, &tid, a, id, label, &err) < 0)
			return report(a, d, &err);
		printf("%s\n", token);
		fprintf(stderr, _("token %s for '%s': send it as 'Authorization: Bearer TOKEN'; it is shown only now\n"),
			tid, id);
		fprintf(stderr, _("hint: 'dossier account token %s --revoke %s' revokes it\n"), id, tid);
		explicit_bzero(token, strlen(token));
		free(token);
		free(tid);
	}
	web_accounts_free(a);
	dossier_free(d);
	return EXIT_OK;
}
