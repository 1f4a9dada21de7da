/*
 * store_worktree.c: the working tree of a dossier and git's index, kept
 * at the tip of the branch (docs/git-store.md, "The working tree").
 *
 * What the working tree shows is git's sparse checkout in cone mode
 * (store_worktree_view: the files at the top of the tree and a few
 * directories such as revisions/), with a sparse index: every other
 * directory, comments/ and responses/ with their 100,000 records, is one
 * entry of the index naming its tree. So the index stays a few dozen
 * entries long and bringing it to a new commit costs the same at ten
 * comments or a hundred thousand; plain git reads and keeps it (git 2.37
 * and later). Without a view (a repository made by plain git, or after
 * `git sparse-checkout disable`) the same code keeps every file checked
 * out, at the cost of the whole index on every action, as git does.
 *
 * store_worktree_sync converges rather than applies a difference: with
 * git's `index.lock` held for the whole update, it reads the tip of the
 * branch as it is now and brings whatever the index and the files say to
 * it. Several processes acting at once, or one killed half-way, leave at
 * worst a working tree behind the tip, and the next action brings it to the
 * tip. A file is overwritten or removed only when its content is a
 * committed version of that path (in the last HISTORY_LIMIT commits);
 * anything else is a change made by hand, which is kept and reported.
 * Files are written to a temporary file and renamed, so a full disk leaves
 * the old file whole, never a truncated one.
 */
#include "store/store_index_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How far back a file's content is looked for among committed versions. */
#define HISTORY_LIMIT 1000

/* ---- git's index.lock ------------------------------------------------------
 *
 * git's protocol: whoever creates `index.lock` (O_EXCL) may replace the
 * index, by writing the new one into the lock and renaming it. Ours also
 * carries a mark, "dossier <pid>", until the new index is written over it
 * at the very end, and an flock for as long as we hold it. A lock left by
 * a dossier process that was killed (marked, its flock gone with it) is
 * taken over; any other, git's own, is waited for and then reported, as
 * git does.
 */

#define LOCK_MARK "dossier "

/* Whether `lock_path` was left by a dossier process that is gone; if so it
 * is removed. */
static bool take_over_stale(const char *lock_path)
{
	char buf[32];
	struct stat a, b;
	bool took = false;
	ssize_t n;
	int fd = open(lock_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT;   /* gone meanwhile: try again at once */
	n = read(fd, buf, sizeof(buf));
	if (n >= (ssize_t)strlen(LOCK_MARK) && !memcmp(buf, LOCK_MARK, strlen(LOCK_MARK)) &&
	    flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &a) == 0 && stat(lock_path, &b) == 0 &&
	    a.st_ino == b.st_ino && a.st_dev == b.st_dev)
		took = unlink(lock_path) == 0;
	close(fd);
	return took;
}

static int index_lock(int *out, const char *lock_path, dossier_error *err)
{
	struct timespec pause = { 0, 1000000L };
	unsigned attempt;

	for (attempt = 0; attempt < STORE_LOCK_TRIES_INDEX; attempt++) {
		int fd = open(lock_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

		if (fd >= 0) {
			char mark[48];
			int n = snprintf(mark, sizeof(mark), LOCK_MARK "%ld\n", (long)getpid());

			/* best effort: without the mark (a full disk) it is an ordinary lock */
			if (flock(fd, LOCK_EX | LOCK_NB) == 0 && n > 0 && store_write_all(fd, mark, (size_t)n) < 0 &&
			    ftruncate(fd, 0) < 0) {
				/* an empty lock is an ordinary lock too */
			}
			*out = fd;
			return 0;
		}
		if (errno != EEXIST)
			return store_os_failure(err, errno, "cannot create '%s'", lock_path);
		if (take_over_stale(lock_path))
			continue;
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < 20000000L)
			pause.tv_nsec *= 2;
	}
	dossier_error_set(err, DOSSIER_EFAIL, "cannot lock git's index: '%s' stays in the way", lock_path);
	dossier_error_set_hint(err, "if no other dossier or git process is running, remove '%s'", lock_path);
	return DOSSIER_EFAIL;
}

/* ---- the view: git's sparse checkout in cone mode ------------------------ */

typedef enum { DIR_OUT, DIR_PARENT, DIR_ALL } dir_state;

typedef struct view {
	bool all;            /* no sparse checkout: everything is checked out */
	bool sparse_index;   /* index.sparse: directories outside as one entry */
	bool root_all;       /* the root's files line without the line excluding its directories: everything */
	char **rec;          /* directories checked out with everything below */
	size_t nrec;
	char **par;          /* directories whose files only are checked out ("" the root) */
	size_t npar;
} view;

static void view_clear(view *v)
{
	size_t i;

	for (i = 0; i < v->nrec; i++)
		free(v->rec[i]);
	for (i = 0; i < v->npar; i++)
		free(v->par[i]);
	free(v->rec);
	free(v->par);
	memset(v, 0, sizeof(*v));
}

/* A boolean from config.worktree (when extensions.worktreeConfig is on,
 * which `git sparse-checkout` turns on and libgit2 1.5 does not read),
 * else from the repository's configuration. */
static bool config_bool(git_config *wt, git_config *cfg, const char *name, bool dflt)
{
	int b;

	if (wt && git_config_get_bool(&b, wt, name) == 0)
		return b;
	if (cfg && git_config_get_bool(&b, cfg, name) == 0)
		return b;
	git_error_clear();
	return dflt;
}

static int strv_add(char ***v, size_t *n, const char *s, size_t len)
{
	char **p = realloc(*v, (*n + 1) * sizeof(*p));

	if (!p)
		return DOSSIER_ENOMEM;
	*v = p;
	if (!(p[*n] = util_strndup(s, len)))
		return DOSSIER_ENOMEM;
	(*n)++;
	return 0;
}

static bool strv_has(char *const *v, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && !memcmp(v[i], s, len))
			return true;
	return false;
}

/* One line of a cone-mode sparse-checkout file (backslashes escape): the
 * root's files (slash, star), the root's directories excluded (bang, slash,
 * star, slash), "/DIR/" (DIR and everything below it), or DIR's
 * directories excluded (bang, "/DIR/", star, slash: DIR becomes a parent).
 * Anything else: -1. */
static int cone_line(view *v, bool *root_files, bool *root_dirs_out, const char *line, size_t len)
{
	char *u = malloc(len + 1);
	size_t i, k = 0;
	bool neg = false;
	int rc = -1;

	if (!u)
		return DOSSIER_ENOMEM;
	if (len && line[0] == '!') {
		neg = true;
		line++;
		len--;
	}
	for (i = 0; i < len; i++) {
		if (line[i] == '\\' && i + 1 < len)
			i++;
		u[k++] = line[i];
	}
	u[k] = '\0';
	if (!strcmp(u, "/*")) {
		if (!neg) {
			*root_files = true;
			rc = 0;
		}
	} else if (!strcmp(u, "/*/")) {
		if (neg) {
			*root_dirs_out = true;
			rc = 0;
		}
	} else if (k >= 3 && u[0] == '/' && u[k - 1] == '/') {
		if (!neg) {
			rc = strv_has(v->rec, v->nrec, u + 1, k - 2) ? 0 : strv_add(&v->rec, &v->nrec, u + 1, k - 2);
		} else if (k >= 5 && !strcmp(u + k - 3, "/*/")) {
			/* DIR's directories excluded: DIR is a parent, not everything below it */
			size_t dl = k - 4, j;

			for (j = 0; j < v->nrec; j++) {
				if (strlen(v->rec[j]) == dl && !memcmp(v->rec[j], u + 1, dl)) {
					free(v->rec[j]);
					v->rec[j] = v->rec[--v->nrec];
					break;
				}
			}
			rc = strv_add(&v->par, &v->npar, u + 1, dl);
		}
	}
	free(u);
	return rc;
}

/* What the working tree shows; *problem (caller frees) when it cannot be
 * understood. */
static int view_read(view *v, git_repository *repo, char **problem)
{
	git_config *cfg = NULL, *wt = NULL;
	char *path = NULL, *data = NULL;
	size_t len = 0;
	bool root_files = false, root_dirs_out = false;
	int rc = 0;

	memset(v, 0, sizeof(*v));
	*problem = NULL;
	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		*problem = util_sprintf(_("cannot read the configuration: %s"),
			git_error_last() ? git_error_last()->message : "?");
		git_error_clear();
		return 0;
	}
	if (config_bool(NULL, cfg, "extensions.worktreeConfig", false)) {
		char *p = util_sprintf("%sconfig.worktree", git_repository_path(repo));

		if (p && access(p, F_OK) == 0 && git_config_open_ondisk(&wt, p) < 0) {
			git_error_clear();
			wt = NULL;
		}
		free(p);
	}
	if (!config_bool(wt, cfg, "core.sparseCheckout", false)) {
		v->all = true;
		goto done;
	}
	if (!config_bool(wt, cfg, "core.sparseCheckoutCone", false)) {
		*problem = util_strdup("the sparse checkout is not in cone mode "
			"('git sparse-checkout set --cone' makes it so)");
		goto done;
	}
	v->sparse_index = config_bool(wt, cfg, "index.sparse", false);
	path = util_sprintf("%sinfo/sparse-checkout", git_repository_path(repo));
	if (!path || util_read_file(&data, &len, path, NULL) < 0) {
		*problem = util_sprintf(_("cannot read '%s'"), path ? path : "info/sparse-checkout");
		goto done;
	}
	{
		const char *p = data, *end = data + len;

		while (p < end && rc == 0) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

			if (l && p[l - 1] == '\r')
				l--;
			if (l && p[0] != '#' && (rc = cone_line(v, &root_files, &root_dirs_out, p, l)) == -1) {
				*problem = util_sprintf(_("'%s' is not in cone mode (line '%.*s')"), path, (int)l, p);
				rc = 0;
				goto done;
			}
			p = nl ? nl + 1 : end;
		}
	}
	if (rc < 0)
		goto done;
	if (!root_files) {
		*problem = util_sprintf(_("'%s' is not in cone mode (no '/*' line)"), path);
		goto done;
	}
	v->root_all = !root_dirs_out;
	if (!v->root_all)
		rc = strv_add(&v->par, &v->npar, "", 0);
done:
	free(path);
	free(data);
	git_config_free(wt);
	git_config_free(cfg);
	return rc;
}

/* The state of the directory `dir` (no trailing '/') whose parent is in
 * state `parent`. */
static dir_state view_dir(const view *v, const char *dir, size_t len, dir_state parent)
{
	if (v->all || v->root_all || parent == DIR_ALL || strv_has(v->rec, v->nrec, dir, len))
		return DIR_ALL;
	if (strv_has(v->par, v->npar, dir, len))
		return DIR_PARENT;
	return DIR_OUT;
}

/* ---- the target: the index the tip asks for ------------------------------ */

static int target_of(store_index *t, git_repository *repo, const git_tree *tree, dstr *prefix,
	dir_state state, const view *v, dossier_error *err)
{
	size_t i, n = git_tree_entrycount(tree);
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		git_filemode_t mode = git_tree_entry_filemode(te);
		size_t mark = prefix->len;
		store_ientry e;

		memset(&e, 0, sizeof(e));
		dstr_adds(prefix, git_tree_entry_name(te));
		if (prefix->oom)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		git_oid_cpy(&e.id, git_tree_entry_id(te));
		if (mode == GIT_FILEMODE_TREE) {
			dir_state sub = view_dir(v, prefix->ptr, prefix->len, state);

			if (sub == DIR_OUT && v->sparse_index) {
				dstr_addc(prefix, '/');
				e.mode = IDX_MODE_DIR;
				e.xflags = IDX_SKIP_WORKTREE;
				e.path = prefix->ptr;
				e.len = prefix->len;
				rc = prefix->oom ? DOSSIER_ENOMEM : store_index_add(t, &e);
			} else {
				git_tree *subtree = NULL;

				dstr_addc(prefix, '/');
				if (git_tree_lookup(&subtree, repo, git_tree_entry_id(te)) < 0)
					return store_git_failure(err, DOSSIER_EFAIL, "cannot read the directory '%s'",
						prefix->ptr);
				rc = target_of(t, repo, subtree, prefix, sub, v, err);
				git_tree_free(subtree);
			}
		} else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
			   mode == GIT_FILEMODE_LINK) {
			e.mode = (uint32_t)mode;
			e.xflags = state == DIR_OUT ? IDX_SKIP_WORKTREE : 0;
			e.path = prefix->ptr;
			e.len = prefix->len;
			rc = store_index_add(t, &e);
		}
		/* submodules are not ours */
		prefix->len = mark;
		prefix->ptr[mark] = '\0';
		if (rc == DOSSIER_ENOMEM)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	return rc;
}

/* ---- one update ---------------------------------------------------------- */

typedef struct sync {
	dossier_store *store;
	git_repository *repo;
	const git_tree *tip_tree;    /* the tip's tree */
	git_commit *before;          /* the tip's first parent, or NULL */
	const store_sync_hint *hint; /* what txn_commit knows, or NULL */
	dstr full;           /* scratch: the working tree's path of a file */
	size_t wtlen;        /* of the working tree, with its '/' */
	dstr kept;           /* "'a', 'b'": files changed by hand and kept */
	char *failure;       /* the first file that could not be brought up to date */
	unsigned tmpno;
} sync_t;

static const char *full_path(sync_t *s, const char *path, size_t len)
{
	s->full.len = s->wtlen;
	dstr_add(&s->full, path, len);
	return s->full.oom ? NULL : s->full.ptr;
}

static void note_failure(sync_t *s, const char *what, const char *path, int errnum)
{
	char os[STORE_OS_ERROR_MAX];

	if (s->failure)
		return;
	store_os_error(os, errnum);
	s->failure = util_sprintf("cannot %s '%s': %s", what, path, os);
}

static void note_kept(sync_t *s, const char *path, size_t len)
{
	dstr_addf(&s->kept, "%s'%.*s'", s->kept.len ? ", " : "", (int)len, path);
}

/* The blob id of the file at `full` (st from lstat). -1 with errno. */
static int hash_file(git_oid *out, const char *full, const struct stat *st)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (S_ISLNK(st->st_mode)) {
		char target[4096];
		ssize_t n = readlink(full, target, sizeof(target));

		if (n < 0)
			return -1;
		return git_odb_hash(out, target, (size_t)n, GIT_OBJECT_BLOB) < 0 ? (errno = EIO, -1) : 0;
	}
	{
		int fd = open(full, O_RDONLY | O_CLOEXEC);
		struct stat fst;

		if (fd < 0)
			return -1;
		if (fstat(fd, &fst) == 0 && (buf = malloc((size_t)fst.st_size + 1))) {
			ssize_t r = 0;

			while (len < (size_t)fst.st_size && (r = read(fd, buf + len, (size_t)fst.st_size - len)) > 0)
				len += (size_t)r;
			if (r >= 0)
				rc = 0;
		}
		close(fd);
	}
	if (rc == 0 && git_odb_hash(out, buf, len, GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		errno = EIO;
		rc = -1;
	}
	free(buf);
	return rc;
}

/* Whether `id` is the content of `path` at the tip or in one of the
 * HISTORY_LIMIT commits before it (first parents). */
static bool in_tree(const git_tree *tree, const char *path, const git_oid *id)
{
	git_tree_entry *te = NULL;
	bool yes = git_tree_entry_bypath(&te, tree, path) == 0 && git_oid_equal(git_tree_entry_id(te), id);

	git_tree_entry_free(te);
	return yes;
}

static bool committed(sync_t *s, const char *path, const git_oid *id)
{
	git_commit *c = NULL, *parent = NULL;
	unsigned steps;
	bool found = in_tree(s->tip_tree, path, id);

	if (!found && s->before && git_commit_dup(&c, s->before) < 0)
		c = NULL;
	for (steps = 1; c && steps < HISTORY_LIMIT && !found; steps++) {
		git_tree *tree = NULL;

		if (git_commit_tree(&tree, c) == 0)
			found = in_tree(tree, path, id);
		git_tree_free(tree);
		parent = NULL;
		if (git_commit_parentcount(c) == 0 || git_commit_parent(&parent, c, 0) < 0)
			parent = NULL;
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	git_error_clear();
	return found;
}

static void fill_stat(store_ientry *e, const struct stat *st)
{
	e->ctime_s = (uint32_t)st->st_ctim.tv_sec;
	e->ctime_ns = (uint32_t)st->st_ctim.tv_nsec;
	e->mtime_s = (uint32_t)st->st_mtim.tv_sec;
	e->mtime_ns = (uint32_t)st->st_mtim.tv_nsec;
	e->dev = (uint32_t)st->st_dev;
	e->ino = (uint32_t)st->st_ino;
	e->uid = (uint32_t)st->st_uid;
	e->gid = (uint32_t)st->st_gid;
	e->size = (uint32_t)st->st_size;
}

/* Remove the empty directories above the working tree's file `full`. */
static void prune_dirs(sync_t *s, char *full)
{
	char *slash;

	while ((slash = strrchr(full, '/')) && (size_t)(slash - full) >= s->wtlen) {
		*slash = '\0';
		if (rmdir(full) < 0)
			break;
	}
}

/* Write the blob of `e` to the working tree by way of a temporary file in
 * the git directory, renamed into place; fill e's stat data. -1 with
 * errno, the old file left as it was. */
static int write_file(sync_t *s, store_ientry *e, const char *full)
{
	git_blob *blob = NULL;
	const char *data = NULL;
	size_t len = 0, i;
	struct stat st;
	char *tmp = NULL;
	int fd = -1, rc = -1, e2;

	for (i = 0; s->hint && i < s->hint->nblobs && !data; i++) {
		if (git_oid_equal(s->hint->blobs[i].id, &e->id)) {
			data = s->hint->blobs[i].data;
			len = s->hint->blobs[i].len;
		}
	}
	if (!data) {
		if (git_blob_lookup(&blob, s->repo, &e->id) < 0) {
			git_error_clear();
			errno = EIO;
			return -1;
		}
		data = git_blob_rawcontent(blob);
		len = (size_t)git_blob_rawsize(blob);
	}
	if (store_mkdirs(full, s->wtlen - 1) < 0)
		goto done;
	for (;;) {
		free(tmp);
		tmp = util_sprintf("%sdossier-tmp-%ld-%u", git_repository_path(s->repo), (long)getpid(), s->tmpno++);
		if (!tmp) {
			errno = ENOMEM;
			goto done;
		}
		if (e->mode == GIT_FILEMODE_LINK) {
			char *target = util_strndup(data, len);

			fd = target && symlink(target, tmp) == 0 ? 0 : -1;
			free(target);
		} else {
			fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
				e->mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0777 : 0666);
		}
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0)
		goto done;
	if (e->mode != GIT_FILEMODE_LINK) {
		if (store_write_all(fd, data, len) < 0) {
			e2 = errno;
			close(fd);
			errno = e2;
			goto done;
		}
		if (close(fd) < 0)
			goto done;
	}
	if (rename(tmp, full) < 0)
		goto done;
	free(tmp);
	tmp = NULL;
	if (lstat(full, &st) < 0)
		goto done;
	fill_stat(e, &st);
	rc = 0;
done:
	if (tmp) {
		e2 = errno;
		unlink(tmp);
		free(tmp);
		errno = e2;
	}
	git_blob_free(blob);
	return rc;
}

/* Decide about one file path: `old` is its entry in the index (or NULL),
 * `want` the tip's (or NULL); append the entry it gets to `out`. */
static int sync_file(sync_t *s, store_index *out, const store_ientry *old, const store_ientry *want)
{
	const store_ientry *any = want ? want : old;
	bool old_disk = old && !(old->xflags & IDX_SKIP_WORKTREE);
	bool new_disk = want && !(want->xflags & IDX_SKIP_WORKTREE);
	store_ientry e;
	struct stat st;
	git_oid have;
	const char *full;
	int rc = 0;

	if (old && want && git_oid_equal(&old->id, &want->id) && old->mode == want->mode &&
	    old_disk == new_disk)
		return store_index_add(out, old);
	if (!old_disk && !new_disk)
		return want ? store_index_add(out, want) : 0;
	if (!(full = full_path(s, any->path, any->len)))
		return DOSSIER_ENOMEM;
	if (lstat(full, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR) {
			note_failure(s, "read", any->path, errno);
			return old ? store_index_add(out, old) : 0;
		}
		if (!new_disk)
			return want ? store_index_add(out, want) : 0;
		e = *want;
		if (write_file(s, &e, full) < 0) {
			note_failure(s, "write", want->path, errno);
			return old ? store_index_add(out, old) : 0;
		}
		return store_index_add(out, &e);
	}
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		note_kept(s, any->path, any->len);
		goto keep;
	}
	if (hash_file(&have, full, &st) < 0) {
		note_failure(s, "read", any->path, errno);
		return old ? store_index_add(out, old) : 0;
	}
	if (new_disk && git_oid_equal(&have, &want->id)) {
		/* already right: written by a process that stopped before the index */
		e = *want;
		fill_stat(&e, &st);
		return store_index_add(out, &e);
	}
	if (!committed(s, any->path, &have)) {
		/* changed by hand: kept; if staged, the index keeps it staged */
		note_kept(s, any->path, any->len);
		if (old && git_oid_equal(&have, &old->id))
			return store_index_add(out, old);
		goto keep;
	}
	if (new_disk) {
		e = *want;
		if (write_file(s, &e, full) < 0) {
			note_failure(s, "write", want->path, errno);
			return old ? store_index_add(out, old) : 0;
		}
		return store_index_add(out, &e);
	}
	if (unlink(full) < 0) {
		note_failure(s, "remove", any->path, errno);
		return old ? store_index_add(out, old) : 0;
	}
	{
		char *dir = util_strdup(full);

		if (dir)
			prune_dirs(s, dir);
		free(dir);
	}
	return want ? store_index_add(out, want) : 0;
keep:
	/* the index says what is committed; git status shows the file as changed */
	if (!want)
		return 0;
	e = *want;
	rc = store_index_add(out, &e);
	return rc;
}

static int path_cmp(const store_ientry *a, const store_ientry *b)
{
	size_t l = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->path, b->path, l);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static bool is_dir(const store_ientry *e)
{
	return e->mode == IDX_MODE_DIR;
}

/* Merge the index with the tip's target into `out`, bringing the files along. */
static int sync_merge(sync_t *s, store_index *out, const store_index *old, const store_index *want)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while (rc == 0 && (i < old->n || j < want->n)) {
		const store_ientry *o = i < old->n ? &old->e[i] : NULL;
		const store_ientry *w = j < want->n ? &want->e[j] : NULL;
		int c = !o ? 1 : !w ? -1 : path_cmp(o, w);

		if (c == 0) {
			if (is_dir(o) || is_dir(w))
				rc = is_dir(w) ? store_index_add(out, w) :
					sync_file(s, out, NULL, w);
			else
				rc = sync_file(s, out, o, w);
			i++;
			j++;
		} else if (c < 0) {
			/* in the index only: a directory entry goes, a file is removed if clean */
			rc = is_dir(o) ? 0 : sync_file(s, out, o, NULL);
			i++;
		} else {
			rc = is_dir(w) ? store_index_add(out, w) : sync_file(s, out, NULL, w);
			j++;
		}
	}
	return rc == DOSSIER_ENOMEM ? DOSSIER_ENOMEM : rc;
}

/* The new index into git's lock file itself, as git writes it (the mark is
 * overwritten), then renamed onto `index`. -1 with errno. */
static int write_index(int fd, const char *lock_path, const char *index_path, const dstr *bytes)
{
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    store_write_all(fd, bytes->ptr, bytes->len) < 0)
		return -1;
	return rename(lock_path, index_path);
}

static char *failure_warning(const char *what)
{
	return util_sprintf(_("the working tree was not updated: %s; the next action brings it up to "
		"date, or 'git checkout -f' now"), what);
}

/* ---- the view, read again only when git's configuration changed ----------- */

typedef struct file_sig {
	bool there;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
} file_sig;

struct store_wt_cache {
	view v;
	char *problem;
	file_sig sig[3];   /* config, config.worktree, info/sparse-checkout */
};

void store_wt_cache_free(store_wt_cache *c)
{
	if (!c)
		return;
	view_clear(&c->v);
	free(c->problem);
	free(c);
}

static void sign(file_sig *sig, const char *dir, const char *name)
{
	char *p = util_sprintf("%s%s", dir, name);
	struct stat st;

	memset(sig, 0, sizeof(*sig));
	if (p && stat(p, &st) == 0) {
		sig->there = true;
		sig->dev = st.st_dev;
		sig->ino = st.st_ino;
		sig->size = st.st_size;
		sig->mtime = st.st_mtim;
	}
	free(p);
}

/* The view, from the cache when the files it comes from did not change
 * (their identity, size and time). The user's global configuration is not
 * watched: the settings live in the repository's own. */
static int cached_view(const view **out, const char **problem, dossier_store *store)
{
	git_repository *repo = store_repository(store);
	store_wt_cache **slot = store_wt_cache_slot(store), *c = *slot;
	const char *gitdir = git_repository_path(repo), *common = git_repository_commondir(repo);
	file_sig now[3];
	int rc;

	sign(&now[0], common, "config");
	sign(&now[1], gitdir, "config.worktree");
	sign(&now[2], gitdir, "info/sparse-checkout");
	if (!c || memcmp(c->sig, now, sizeof(now)) != 0) {
		store_wt_cache_free(c);
		*slot = NULL;
		if (!(c = calloc(1, sizeof(*c))))
			return DOSSIER_ENOMEM;
		if ((rc = view_read(&c->v, repo, &c->problem)) < 0) {
			store_wt_cache_free(c);
			return rc;
		}
		memcpy(c->sig, now, sizeof(now));
		*slot = c;
	}
	*out = &c->v;
	*problem = c->problem;
	return 0;
}

/* The tip the working tree is brought to, under the index lock, into
 * s->tip_tree and s->before: the commit just made (the hint) when it is
 * still the tip, else read back into *tip and *tree. 1, 0 when there is no
 * commit yet, -1 with err set. */
static int read_tip(sync_t *s, git_commit **tip, git_tree **tree, const store_sync_hint *hint,
	dossier_error *err)
{
	git_oid tip_id;
	int rc = git_reference_name_to_id(&tip_id, s->repo, DOSSIER_BRANCH);

	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (rc == 0 && hint && git_oid_equal(&tip_id, hint->commit)) {
		/* still the commit just made: nothing to read back */
		s->tip_tree = hint->tree;
		s->hint = hint;
		if (hint->parent && git_commit_dup(&s->before, (git_commit *)hint->parent) < 0)
			s->before = NULL;
	} else if (rc < 0 || git_commit_lookup(tip, s->repo, &tip_id) < 0 ||
		   git_commit_tree(tree, *tip) < 0) {
		store_git_failure(err, DOSSIER_EFAIL, "cannot read the tip of '%s'", DOSSIER_BRANCH);
		return -1;
	} else {
		s->tip_tree = *tree;
		if (git_commit_parentcount(*tip) > 0 && git_commit_parent(&s->before, *tip, 0) < 0)
			s->before = NULL;
	}
	return 1;
}

/* A warning when git's index holds an unresolved conflict (nothing is
 * touched then), else NULL. */
static char *index_conflict(const store_index *old)
{
	size_t k;

	for (k = 0; k < old->n; k++) {
		if (old->e[k].flags & IDX_STAGE_MASK) {
			char *why = util_sprintf(_("git's index has an unresolved conflict on '%s'"), old->e[k].path);
			char *warning = failure_warning(why ? why : "out of memory");

			free(why);
			return warning;
		}
	}
	return NULL;
}

/* The update's warning: what failed, after the files kept as the user
 * edited them. Takes `warning` over. */
static char *sync_warning(sync_t *s, char *warning)
{
	if (!warning && s->failure)
		warning = failure_warning(s->failure);
	if (s->kept.len) {
		char *k = util_sprintf(_("kept your local changes to %s in the working tree; "
			"'git checkout -f' brings the committed version back"), s->kept.ptr);

		if (warning && k) {
			char *both = util_sprintf("%s\n%s", k, warning);

			free(k);
			k = both;
		}
		if (k) {
			free(warning);
			warning = k;
		}
	}
	return warning;
}

char *store_worktree_sync(dossier_store *store, const store_sync_hint *hint)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	git_repository *repo = store_repository(store);
	store_index old, want, out;
	sync_t s;
	const view *v = NULL;
	const char *problem = NULL;
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	dstr prefix = DSTR_INIT, bytes = DSTR_INIT;
	char *index_path = NULL, *lock_path = NULL, *warning = NULL;
	int fd = -1, rc;

	if (store_is_bare(store) || !store_head_is_branch(repo))
		return NULL;
	memset(&s, 0, sizeof(s));
	memset(&old, 0, sizeof(old));
	memset(&want, 0, sizeof(want));
	memset(&out, 0, sizeof(out));
	s.store = store;
	s.repo = repo;
	index_path = util_sprintf("%sindex", git_repository_path(repo));
	lock_path = util_sprintf("%sindex.lock", git_repository_path(repo));
	dstr_adds(&s.full, git_repository_workdir(repo));
	s.wtlen = s.full.len;
	if (!index_path || !lock_path || s.full.oom) {
		warning = failure_warning("out of memory");
		goto done;
	}
	/* git's lock on the index, held for the whole update */
	if (index_lock(&fd, lock_path, &err) < 0) {
		fd = -1;
		if (err.hint)   /* held all along: by git, or left by a process that was killed */
			warning = util_sprintf(_("the working tree was not updated: '%s' stays in the way; if no "
				"other dossier or git process is running, remove it: the next action then brings "
				"the working tree up to date"), lock_path);
		else
			warning = failure_warning(err.message ? err.message : "cannot lock git's index");
		goto done;
	}
	/* the tip as it is now, under the lock: what every process converges to */
	if ((rc = read_tip(&s, &tip, &tree, hint, &err)) <= 0) {
		if (rc < 0)
			warning = failure_warning(err.message);
		goto unlock;
	}
	if ((rc = cached_view(&v, &problem, store)) < 0 || problem) {
		warning = failure_warning(problem ? problem : "out of memory");
		goto unlock;
	}
	if (store_index_read(&old, index_path, &err) < 0) {
		warning = failure_warning(err.message);
		goto unlock;
	}
	if ((warning = index_conflict(&old)))
		goto unlock;
	if (dstr_adds(&prefix, "") < 0 || target_of(&want, repo, s.tip_tree, &prefix,
			view_dir(v, "", 0, DIR_OUT), v, &err) < 0) {
		warning = failure_warning(err.message ? err.message : "out of memory");
		goto unlock;
	}
	if (sync_merge(&s, &out, &old, &want) < 0) {
		warning = failure_warning("out of memory");
		goto unlock;
	}
	STORE_SEAM(store, STORE_SEAM_WORKTREE);
	/* All or nothing for the index too: after a failure it stays as it was,
	 * a tree that exists (git computes and writes the trees of an index it
	 * reads, and `git fsck` would find new ones missing). The files already
	 * written hold committed content, which the next update takes as is. */
	if (s.failure)
		goto unlock;
	if (store_index_serialise(&bytes, &out) < 0) {
		warning = failure_warning("out of memory");
		goto unlock;
	}
	if (write_index(fd, lock_path, index_path, &bytes) < 0) {
		note_failure(&s, "write", index_path, errno);
		goto unlock;
	}
	close(fd);
	fd = -1;
unlock:
	/* remove the lock before its flock goes, so that nobody takes it over */
	if (fd >= 0) {
		unlink(lock_path);
		close(fd);
	}
done:
	warning = sync_warning(&s, warning);
	git_error_clear();
	dossier_error_clear(&err);
	store_index_clear(&old);
	store_index_clear(&want);
	store_index_clear(&out);
	git_tree_free(tree);
	git_commit_free(tip);
	git_commit_free(s.before);
	dstr_free(&s.full);
	dstr_free(&s.kept);
	dstr_free(&prefix);
	dstr_free(&bytes);
	free(s.failure);
	free(index_path);
	free(lock_path);
	return warning;
}

/* ---- choosing the view ----------------------------------------------------- */

static int set_view_config(git_config *cfg)
{
	if (git_config_set_bool(cfg, "core.sparseCheckout", 1) < 0 ||
	    git_config_set_bool(cfg, "core.sparseCheckoutCone", 1) < 0 ||
	    git_config_set_bool(cfg, "index.sparse", 1) < 0)
		return -1;
	return 0;
}

int store_worktree_set_view(dossier_store *store, const char *const *dirs, size_t n, dossier_error *err)
{
	git_repository *repo = store_repository(store);
	git_config *cfg = NULL;
	dstr text = DSTR_INIT;
	char *path = NULL, *tmp = NULL;
	size_t i;
	int fd = -1, rc = 0;

	if (store_is_bare(store))
		return 0;
	/* the files at the top and not the directories; then each directory,
	 * with its parents as parents (the layout `git sparse-checkout set`
	 * writes in cone mode) */
	dstr_adds(&text, "/*\n!/*/\n");
	for (i = 0; i < n; i++) {
		const char *d = dirs[i], *slash;

		for (slash = strchr(d, '/'); slash; slash = strchr(slash + 1, '/'))
			dstr_addf(&text, "/%.*s/\n!/%.*s/*/\n", (int)(slash - d), d, (int)(slash - d), d);
		dstr_addf(&text, "/%s/\n", d);
	}
	path = util_sprintf("%sinfo/sparse-checkout", git_repository_path(repo));
	tmp = util_sprintf("%sinfo/sparse-checkout.lock", git_repository_path(repo));
	if (!path || !tmp || text.oom) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = store_lock_create(&fd, tmp, "info/sparse-checkout", STORE_LOCK_TRIES_INDEX, err)) < 0) {
		fd = -1;
		goto done;
	}
	if (store_write_all(fd, text.ptr, text.len) < 0 || close(fd) < 0) {
		fd = -1;
		rc = store_os_failure(err, errno, "cannot write '%s'", tmp);
		unlink(tmp);
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		rc = store_os_failure(err, errno, "cannot write '%s'", path);
		unlink(tmp);
		goto done;
	}
	if (git_repository_config(&cfg, repo) < 0 || set_view_config(cfg) < 0) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot set up the sparse checkout of '%s'",
			store_path(store));
		goto done;
	}
	/* where `git sparse-checkout` keeps them, which overrides the rest */
	if (config_bool(NULL, cfg, "extensions.worktreeConfig", false)) {
		git_config *wt = NULL;
		char *p = util_sprintf("%sconfig.worktree", git_repository_path(repo));

		if (!p || git_config_open_ondisk(&wt, p) < 0 || set_view_config(wt) < 0)
			rc = store_git_failure(err, DOSSIER_EFAIL, "cannot write '%s'", p ? p : "config.worktree");
		git_config_free(wt);
		free(p);
	}
done:
	if (fd >= 0)
		close(fd);
	git_config_free(cfg);
	dstr_free(&text);
	free(path);
	free(tmp);
	return rc;
}

int store_worktree_view(dossier_store *store, const char *const *dirs, size_t n, dossier_error *err)
{
	int rc;

	if (store_is_bare(store))
		return 0;
	if ((rc = store_worktree_set_view(store, dirs, n, err)) < 0)
		return rc;
	store_set_warning(store, NULL);
	store_add_warning(store, store_worktree_sync(store, NULL));
	return 0;
}
