/*
 * cmd_apply.c: `dossier apply AMENDING PRINCIPAL [-o OUT] [--to akn|json|text|docx]`
 * and `dossier apply --list AMENDING`: an amending text applied to its
 * principal, giving the consolidated text (văn bản hợp nhất) with a note
 * on every provision it changed (docs/amend.md). Both files are read by
 * their content as convert reads them. An instruction that cannot be
 * applied is an error at its place in AMENDING, every one printed, exit 2,
 * nothing written.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static int run(cli_ctx *c);

const cli_command cli_cmd_apply = {
	.name = "apply", .run = run,
	.usage = "apply AMENDING PRINCIPAL [-o OUT] [--to akn|json|text|docx] | apply --list AMENDING",
	.summary = N_("apply an amending text to its principal: the consolidated text (văn bản hợp nhất), each change with its note"),
};

static int list_amendments(const dossier_amendments *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *d = dossier_amendment_describe(&l->v[i]);

		if (!d) {
			fprintf(stderr, _("error: out of memory\n"));
			return EXIT_FAIL;
		}
		printf("%u:%u\t%s\n", l->v[i].line, l->v[i].column, d);
		free(d);
	}
	return EXIT_OK;
}

static int run(cli_ctx *c)
{
	const char *outpath = NULL, *to = "akn";
	dossier_document *amending = NULL, *principal = NULL, *out = NULL;
	dossier_amendments *list = NULL;
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *data = NULL;
	size_t len = 0;
	int code, was_akn = 0, listing = 0, rc;
	const cli_option opts[] = {
		{ "output", 'o', OPT_PATH, &outpath, "OUT", N_("write to OUT instead of standard output (replaced atomically)") },
		{ "to", 0, OPT_STRING, &to, "FORMAT", N_("akn (default: the notes as authorialNotes), json (with the notes), text (the wording without its notes) or docx") },
		{ "list", 0, OPT_FLAG, &listing, NULL, N_("print the instructions of AMENDING as read (place, provision, action, targets), apply nothing") },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL }
	};

	if (cli_setup(c, opts, &code) < 0)
		return code;
	if (listing ? c->npos != 1 : c->npos != 2)
		return cli_usage_error(c->cmd, "%s", c->npos > (listing ? 1 : 2) ? _("too many arguments") :
			listing ? _("expected the amending text") : _("expected the amending text and its principal"));
	if (strcmp(to, "akn") && strcmp(to, "text") && strcmp(to, "json") && strcmp(to, "docx"))
		return cli_usage_error(c->cmd, "unknown format '%s' (use akn, json, text or docx)", to);
	if ((code = cli_load_document(&amending, &was_akn, c->pos[0])) != EXIT_OK)
		return code;
	if (!listing && (code = cli_load_document(&principal, &was_akn, c->pos[1])) != EXIT_OK)
		goto done;
	if ((rc = dossier_amendments_read(&list, amending, &err)) < 0) {
		code = cli_report(&err);
		goto done;
	}
	if (listing) {
		code = list_amendments(list);
		goto done;
	}
	if (dossier_diags_new(&diags) < 0) {
		fprintf(stderr, _("error: out of memory\n"));
		code = EXIT_FAIL;
		goto done;
	}
	rc = dossier_amend_apply(&out, principal, list, c->pos[0], diags, &err);
	cli_print_diags(diags);
	if (rc < 0) {
		code = dossier_diags_errors(diags) ? cli_exit_code(err.code ? err.code : DOSSIER_EINVALID) :
			cli_report(&err);
		goto done;
	}
	if (!strcmp(to, "akn")) {
		dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;

		rc = dossier_akn_write(&data, &len, out, &o, &err);
		if (rc == 0 && !len)
			len = strlen(data);
	} else if (!strcmp(to, "docx")) {
		dossier_docx_options o = DOSSIER_DOCX_OPTIONS_INIT;

		rc = dossier_docx_document(&data, &len, out, &o, &err);
	} else if (!strcmp(to, "text")) {
		if ((rc = dossier_text_write(&data, out, &err)) == 0)
			len = strlen(data);
	} else {
		if ((rc = dossier_document_json(&data, out, DOSSIER_JSON_TEXT, &err)) == 0) {
			char *d2 = realloc(data, strlen(data) + 2);

			if (d2) {
				data = d2;
				strcat(data, "\n");
			}
			len = strlen(data);
		}
	}
	if (rc < 0) {
		code = cli_report(&err);
		goto done;
	}
	code = outpath ? cli_write_atomic(outpath, data, len) : cli_write_stdout(data, len);
done:
	free(data);
	dossier_error_clear(&err);
	dossier_diags_free(diags);
	dossier_amendments_free(list);
	dossier_document_free(out);
	dossier_document_free(principal);
	dossier_document_free(amending);
	return code;
}
