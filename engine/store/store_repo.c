/*
 * store_repo.c: the store's handle as the other store files see it: the
 * repository, its path, the warnings an action collects, the credentials
 * kept between remote operations, the test seams, whether HEAD is the
 * branch, and libgit2's failures turned into a dossier_error. The lowest file of the store but store_os.c: it calls
 * nothing of store.c, store_ref.c or store_worktree.c, which all call it.
 */
#include "store/store_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

/* ---- errors ---------------------------------------------------------- */

/* Errors of writing that libgit2 may report without a message. */
static bool write_errno(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EIO || e == EROFS || e == EFBIG || e == EACCES ||
		e == EPERM || e == EMFILE || e == ENFILE;
}

int store_git_failure(dossier_error *err, int code, const char *fmt, ...)
{
	int saved_errno = errno;
	const git_error *e = git_error_last();
	char os[STORE_OS_ERROR_MAX];
	dstr s = DSTR_INIT;
	va_list ap;
	char *msg;

	if (e && e->klass == GIT_ERROR_NOMEMORY)
		code = DOSSIER_ENOMEM;
	if (!err)
		return code;
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	if (e && e->message && *e->message) {
		const char *m = e->message, *tail = strrchr(m, ':');
		int n;

		/* libgit2 ends an OS error with strerror(): say it git's way */
		tail = tail && tail[1] == ' ' ? tail + 2 : m;
		for (n = 1; n < 200; n++) {
			store_os_error(os, n);
			if (!strcasecmp(tail, os))
				break;
		}
		if (n < 200)
			dstr_addf(&s, ": %.*s%s", (int)(tail - m), m, os);
		else
			dstr_addf(&s, ": %s", m);
	} else if (write_errno(saved_errno)) {
		store_os_error(os, saved_errno);
		dstr_addf(&s, ": %s", os);
	} else {
		dstr_adds(&s, _(": unknown libgit2 error"));
	}
	git_error_clear();
	msg = dstr_detach(&s);
	dossier_error_set(err, code, "%s", msg ? msg : _("libgit2 failure"));
	free(msg);
	return code;
}

const char *store_path(const dossier_store *store)
{
	return store->path;
}

const char *store_git_dir(const dossier_store *store)
{
	return git_repository_path(store->repo);
}

bool store_is_bare(const dossier_store *store)
{
	return store->bare;
}

const char *store_warning(const dossier_store *store)
{
	return store->warning;
}

store_wt_cache **store_wt_cache_slot(dossier_store *store)
{
	return &store->wt_cache;
}

void store_kept_cred_free(store_kept_cred *kept)
{
	if (!kept)
		return;
	free(kept->url);
	free(kept->username);
	if (kept->password)
		memset(kept->password, 0, strlen(kept->password));
	free(kept->password);
	free(kept);
}

static void add_warning(dossier_store *store, char *w)
{
	char *both;

	if (!w)
		return;
	if (!store->warning) {
		store->warning = w;
		return;
	}
	both = util_sprintf("%s\n%s", store->warning, w);
	free(w);
	if (both) {
		free(store->warning);
		store->warning = both;
	}
}

void store_add_warning(dossier_store *store, char *warning)
{
	add_warning(store, warning);
}

bool store_head_is_branch(git_repository *repo)
{
	git_reference *head = NULL;
	bool yes;

	if (git_reference_lookup(&head, repo, "HEAD") < 0) {
		git_error_clear();
		return false;
	}
	yes = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
		strcmp(git_reference_symbolic_target(head), DOSSIER_BRANCH) == 0;
	git_reference_free(head);
	return yes;
}

struct git_repository *store_repository(dossier_store *store)
{
	return store->repo;
}

void store_set_warning(dossier_store *store, const char *warning)
{
	free(store->warning);
	store->warning = warning ? util_strdup(warning) : NULL;
}

#if DOSSIER_TEST_SEAMS
void store_set_seam(dossier_store *store, store_seam_fn fn, void *payload)
{
	store->seam = fn;
	store->seam_payload = payload;
}

void store_seam_call(dossier_store *store, store_seam point)
{
	if (store->seam)
		store->seam(point, store->seam_payload);
}
#endif
