/*
 * site.c: the dossiers a server serves. A site is one dossier: its
 * directory, its account store, and a pool of open handles, each used by
 * one request at a time and given the request's actor and time with
 * dossier_set_identity (opening a repository for every request would cost
 * more than the request). Actions on one site are taken one at a time
 * within the process (write_lock), so that many threads do not thrash on
 * the branch's compare-and-swap; other processes on the same dossier are
 * still safe, through the engine's compare-and-swap and retry.
 *
 * With --root, a site is opened on its first request, /NAME/…, when
 * ROOT/NAME holds a dossier of its own (not one found further up).
 */
#include "web_int.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void site_free(web_site *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->npool; i++)
		dossier_free(s->pool[i]);
	dossier_free(s->writer);
	site_drafts_free(s);
	pthread_mutex_destroy(&s->cache_lock);
	free(s->pool);
	web_accounts_free(s->accounts);
	pthread_mutex_destroy(&s->pool_lock);
	pthread_mutex_destroy(&s->write_lock);
	explicit_bzero(s->secret, sizeof(s->secret));
	free(s->name);
	free(s->dir);
	free(s->base);
	free(s->gitdir);
	free(s->title);
	free(s);
}

/* Whether the repository found from `dir` is at `dir` itself. */
static bool repo_is_at(const char *dir, const char *gitdir)
{
	char a[PATH_MAX], b[PATH_MAX];
	size_t n;

	if (!realpath(dir, a) || !realpath(gitdir, b))
		return false;
	n = strlen(a);
	return !strcmp(a, b) || (!strncmp(a, b, n) && !strcmp(b + n, "/.git"));
}

/* Open a site on `dir` (name: NULL for -C). */
static int site_open(web_site **out, web_server *srv, const char *dir, const char *name, bool exact,
	dossier_error *err)
{
	web_site *s = calloc(1, sizeof(*s));
	const dossier_workflow *wf;
	dossier_status *st = NULL;
	dossier *d = NULL;
	int rc;

	*out = NULL;
	if (!s)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_mutex_init(&s->cache_lock, NULL);
	if ((rc = dossier_open(&d, dir, NULL, err)) < 0)
		goto fail;
	if (exact && !repo_is_at(dir, dossier_git_dir(d))) {
		rc = dossier_error_set(err, DOSSIER_ENOTFOUND, "'%s' is not a dossier", dir);
		goto fail;
	}
	/* It must be a dossier, not any repository. */
	if ((rc = dossier_get_workflow(&wf, d, err)) < 0 || (rc = dossier_get_status(&st, d, err)) < 0)
		goto fail;
	s->name = web_strdup(name);
	s->dir = web_strdup(dossier_path(d));
	s->gitdir = web_strdup(dossier_git_dir(d));
	s->base = name ? web_sprintf("/%s/", name) : web_strdup("/");
	s->title = web_strdup(st->title ? st->title : wf->title);
	if (!s->dir || !s->gitdir || !s->base || (name && !s->name)) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = web_accounts_open(&s->accounts, s->gitdir, err)) < 0 ||
	    (rc = web_accounts_secret(s->secret, s->accounts, err)) < 0)
		goto fail;
	s->cap = srv->o.threads + 2;
	s->pool = calloc(s->cap, sizeof(*s->pool));
	if (!s->pool) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto fail;
	}
	s->pool[s->npool++] = d;
	dossier_status_free(st);
	*out = s;
	return 0;
fail:
	dossier_status_free(st);
	dossier_free(d);
	site_free(s);
	return rc;
}

int site_open_single(web_site **out, web_server *srv, const char *dir)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	char *msg;
	int rc = site_open(out, srv, dir, NULL, false, &err);

	if (rc == 0)
		return 0;
	msg = dossier_error_format(&err);
	fprintf(stderr, "%s\n", msg ? msg : "error: cannot open the dossier");
	if (err.hint)
		fprintf(stderr, _("hint: %s\n"), err.hint);
	free(msg);
	dossier_error_clear(&err);
	return rc == DOSSIER_EINVALID || rc == DOSSIER_ENOTFOUND ? 2 : 1;
}

int site_acquire(dossier **out, web_site *s, const web_server *srv, const char *as, dossier_error *err)
{
	dossier_identity who = { as, srv->o.now, NULL };
	dossier *d = NULL;
	int rc;

	*out = NULL;
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool)
		d = s->pool[--s->npool];
	pthread_mutex_unlock(&s->pool_lock);
	if (!d && (rc = dossier_open(&d, s->dir, NULL, err)) < 0)
		return rc;
	if ((rc = dossier_set_identity(d, &who, err)) < 0) {
		dossier_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void site_release(web_site *s, dossier *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool < s->cap) {
		s->pool[s->npool++] = d;
		d = NULL;
	}
	pthread_mutex_unlock(&s->pool_lock);
	dossier_free(d);
}

/* A directory name we serve: letters, digits, '-', '_', '.', not starting with '.'. */
static bool good_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 200 || s[0] == '.')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

web_site *server_site(web_server *srv, const char *path, const char **rest)
{
	const char *name = path + 1, *slash;
	web_site *s;
	size_t n;
	char *nm, *dir;

	*rest = NULL;
	if (path[0] != '/')
		return NULL;
	slash = strchr(name, '/');
	n = slash ? (size_t)(slash - name) : strlen(name);
	if (!good_name(name, n))
		return NULL;
	pthread_mutex_lock(&srv->sites_lock);
	for (s = srv->sites; s; s = s->next)
		if (strlen(s->name) == n && !strncmp(s->name, name, n))
			break;
	if (!s) {
		dossier_error err = DOSSIER_ERROR_INIT;

		nm = web_sprintf("%.*s", (int)n, name);
		dir = nm ? web_sprintf("%s/%s", srv->o.root, nm) : NULL;
		if (dir && access(dir, F_OK) == 0 && site_open(&s, srv, dir, nm, true, &err) == 0) {
			s->next = srv->sites;
			srv->sites = s;
		}
		dossier_error_clear(&err);
		free(nm);
		free(dir);
	}
	pthread_mutex_unlock(&srv->sites_lock);
	if (s)
		*rest = slash ? slash : "";
	return s;
}

void web_site_entries_free(web_site_entry *e, size_t n)
{
	size_t i;

	for (i = 0; e && i < n; i++) {
		free(e[i].name);
		free(e[i].title);
		free(e[i].stage);
	}
	free(e);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const web_site_entry *)a)->name, ((const web_site_entry *)b)->name);
}

int server_list_sites(web_site_entry **out, size_t *n, web_server *srv)
{
	web_site_entry *list = NULL;
	size_t count = 0, cap = 0;
	struct dirent *de;
	DIR *dir;

	*out = NULL;
	*n = 0;
	if (!srv->o.root || !(dir = opendir(srv->o.root)))
		return -1;
	while ((de = readdir(dir)) != NULL) {
		const char *rest;
		web_site *s;
		dossier *d = NULL;
		dossier_status *st = NULL;
		dossier_error err = DOSSIER_ERROR_INIT;
		char *path;

		if (!good_name(de->d_name, strlen(de->d_name)))
			continue;
		path = web_sprintf("/%s/", de->d_name);
		s = path ? server_site(srv, path, &rest) : NULL;
		free(path);
		if (!s)
			continue;
		if (site_acquire(&d, s, srv, NULL, &err) == 0 && dossier_get_status(&st, d, &err) == 0) {
			if (count == cap) {
				web_site_entry *e = realloc(list, (cap ? cap * 2 : 8) * sizeof(*e));

				if (!e) {
					dossier_status_free(st);
					site_release(s, d);
					break;
				}
				list = e;
				cap = cap ? cap * 2 : 8;
			}
			list[count].name = web_strdup(s->name);
			list[count].title = web_strdup(st->title ? st->title : s->title);
			list[count].stage = web_strdup(st->stage_title ? st->stage_title : st->stage);
			count++;
		}
		dossier_status_free(st);
		site_release(s, d);
		dossier_error_clear(&err);
	}
	closedir(dir);
	if (count)
		qsort(list, count, sizeof(*list), by_name);
	*out = list;
	*n = count;
	return 0;
}
