/*
 * web_module.c: the web front end (web/, `dossier serve` and `dossier
 * account`) as its own object, dossier-web.so in the private libdir, so that
 * libmicrohttpd, GnuTLS and libxcrypt are mapped only by the commands that
 * use them (docs/architecture.md, "Two objects"). Each function of web/web.h
 * the CLI calls has here a stub of the same name that loads the object on
 * first use (dlopen RTLD_NOW | RTLD_LOCAL, once, under pthread_once) and
 * calls through. The path is set at build time (DOSSIER_WEB_MODULE_PATH);
 * DOSSIER_WEB_MODULE names another (the tests). When the installed one is
 * not there and no other is named (build/cli/dossier run from a build tree
 * that was not installed), web/dossier-web.so beside the program's own
 * directory, where the build tree has it.
 *
 * To add a function of web.h the CLI calls: add it to WEB_FUNCTIONS and
 * write its stub below like the others (tests/layers/test_split.py fails on
 * a function of dossier-web.so the CLI calls without one).
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "web.h"

#define WEB_FUNCTIONS(F) \
	F(web_serve) F(web_accounts_open) F(web_accounts_free) F(web_accounts_path) \
	F(web_account_set_password) F(web_account_remove) F(web_account_list) \
	F(web_account_info_free) F(web_account_token_new) F(web_account_token_revoke)

typedef struct web_table {
#define WEB_MEMBER(name) __typeof__(name) *name;
	WEB_FUNCTIONS(WEB_MEMBER)
#undef WEB_MEMBER
} web_table;

static const struct web_entry {
	const char *name;
	size_t offset;
} web_entries[] = {
#define WEB_ENTRY(name) { #name, offsetof(web_table, name) },
	WEB_FUNCTIONS(WEB_ENTRY)
#undef WEB_ENTRY
};

/* Written once by web_load under pthread_once, read-only after. */
static pthread_once_t web_once = PTHREAD_ONCE_INIT;
static web_table web_fns;
static const char *web_path;
static char web_why[512];
static char web_beside[PATH_MAX];
static int web_ready;

/* ../web/dossier-web.so from the program's directory (a build tree). */
static const char *web_in_build_tree(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0';
	if (snprintf(web_beside, sizeof web_beside, "%s/../web/dossier-web.so", exe) >= (int)sizeof web_beside)
		return NULL;
	return web_beside;
}

static void web_load(void)
{
	size_t i;
	void *h;
	const char *path = getenv("DOSSIER_WEB_MODULE");

	web_path = path && *path ? path : DOSSIER_WEB_MODULE_PATH;
	h = dlopen(web_path, RTLD_NOW | RTLD_LOCAL);
	if (!h && !(path && *path)) {
		const char *other = web_in_build_tree();
		const char *why = dlerror();

		snprintf(web_why, sizeof web_why, "%s", why ? why : "");
		if (other && (h = dlopen(other, RTLD_NOW | RTLD_LOCAL)))
			web_path = other;
		else
			return;
	}
	if (!h) {
		const char *why = dlerror();
		snprintf(web_why, sizeof web_why, "%s", why ? why : "");
		return;
	}
	for (i = 0; i < sizeof web_entries / sizeof web_entries[0]; i++) {
		void *p = dlsym(h, web_entries[i].name);
		if (!p) {
			snprintf(web_why, sizeof web_why, "no function %s", web_entries[i].name);
			return;
		}
		memcpy((char *)&web_fns + web_entries[i].offset, &p, sizeof p);
	}
	web_ready = 1;
}

/* The table, or NULL with the error on err (printed when err is NULL). */
static const web_table *web_functions(dossier_error *err)
{
	dossier_error mine = DOSSIER_ERROR_INIT;

	pthread_once(&web_once, web_load);
	if (web_ready)
		return &web_fns;
	dossier_error_set_at(err ? err : &mine, DOSSIER_EFAIL, web_path, 0, 0,
		_("cannot load the web front end: %s"), web_why);
	dossier_error_set_hint(err ? err : &mine, _("reinstall dossier, or name the module in %s"),
		"DOSSIER_WEB_MODULE");
	if (!err)
		cli_error(&mine);
	return NULL;
}

#define WEB_CALL(name, failed, ...) \
	const web_table *t = web_functions(err); \
	return t ? t->name(__VA_ARGS__) : (failed)

int web_serve(const web_options *o)
{
	const web_table *t = web_functions(NULL);
	return t ? t->web_serve(o) : 1;
}
int web_accounts_open(web_accounts **out, const char *gitdir, dossier_error *err)
{ WEB_CALL(web_accounts_open, DOSSIER_EFAIL, out, gitdir, err); }
void web_accounts_free(web_accounts *a)
{ if (a) web_fns.web_accounts_free(a); /* a came from the loaded object */ }
const char *web_accounts_path(const web_accounts *a)
{ return web_fns.web_accounts_path(a); }
int web_account_set_password(web_accounts *a, const char *id, const char *password,
	web_account_mode mode, dossier_error *err)
{ WEB_CALL(web_account_set_password, DOSSIER_EFAIL, a, id, password, mode, err); }
int web_account_remove(web_accounts *a, const char *id, dossier_error *err)
{ WEB_CALL(web_account_remove, DOSSIER_EFAIL, a, id, err); }
int web_account_list(web_account_info **out, size_t *n, web_accounts *a, dossier_error *err)
{ WEB_CALL(web_account_list, DOSSIER_EFAIL, out, n, a, err); }
void web_account_info_free(web_account_info *list, size_t n)
{ if (list) web_fns.web_account_info_free(list, n); /* list came from the loaded object */ }
int web_account_token_new(char **token, char **token_id, web_accounts *a, const char *id,
	const char *label, dossier_error *err)
{ WEB_CALL(web_account_token_new, DOSSIER_EFAIL, token, token_id, a, id, label, err); }
int web_account_token_revoke(web_accounts *a, const char *id, const char *token_id,
	dossier_error *err)
{ WEB_CALL(web_account_token_revoke, DOSSIER_EFAIL, a, id, token_id, err); }
