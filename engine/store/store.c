/*
 * store.c: the dossier as a git repository, through libgit2 (see store.h
 * and docs/git-store.md). With store_remote.c and store_pack.c (which
 * share store_int.h), the only files of the project that include git2.h.
 *
 * Reads go by path (git_tree_entry_bypath), so reading one record costs the
 * depth of its path, never the number of files. A transaction writes its
 * blobs at once, builds the new tree with git_tree_create_updated on top of
 * the base commit's tree (cost: the touched directories only), writes the
 * commit without touching any reference, and then moves the branch with a
 * compare-and-swap: of several processes committing on the same base,
 * exactly one wins and the others get DOSSIER_ECONFLICT with nothing
 * visible changed. When the repository has a working tree and HEAD is the
 * branch, the paths the commit touched are then checked out, so that
 * `git status` stays clean.
 *
 * Every libgit2 failure is turned into a dossier_error at once, with what
 * we were doing and libgit2's own message.
 */
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/store_int.h"
#include "store/store_pack_int.h"
#include "base/util.h"

struct dossier_snap {
	git_commit *commit;
	git_tree *tree;
	char id[GIT_OID_HEXSZ + 1];
};

typedef struct txn_edit {
	char *path;
	git_oid id;
	bool remove;
	size_t seq;          /* order of the edit: the last edit of a path wins */
	char *data;          /* txn_put's content, for the working tree; NULL when packed */
	size_t len;
} txn_edit;

struct dossier_txn {
	dossier_store *store;
	git_commit *base;    /* NULL for the first commit */
	git_tree *base_tree;
	txn_edit *edits;
	size_t n, cap;
	store_sign_fn sign;  /* txn_set_signer, or NULL */
	void *sign_payload;
	store_pack_job *pack;  /* txn_put_packed's pack, being written */
	git_oid *pack_ids;     /* its blobs' ids, which it reads until it is done */
	size_t pack_n;
};

static int oom(dossier_error *err)
{
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

/* The first 7 hex digits of an id, as git shows them. */
static void short_id(char out[8], const git_oid *id)
{
	git_oid_tostr(out, 8, id);
}

/* A path inside the dossier: relative, '/'-separated, no empty, '.', '..'
 * or '.git' component. */
static bool path_valid(const char *path)
{
	const char *p = path, *end;

	if (!path || !*path)
		return false;
	for (;;) {
		size_t len;

		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0)
			return false;
		if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (len == 4 && strncasecmp(p, ".git", 4) == 0)
			return false;
		if (!end)
			return true;
		p = end + 1;
	}
}

/* ---- the repository ------------------------------------------------- */

int store_global_init(void)
{
	if (git_libgit2_init() < 0)
		return DOSSIER_EFAIL;
	/* Keep parsed trees up to 1 MB in libgit2's object cache (the default
	 * stops at 4 kB): the fan-out directories of a large dossier are read
	 * again and again. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
	/* Every object a commit names was just written or read by us: skip
	 * libgit2's check that each exists (an object database lookup per tree
	 * entry and per commit; measured in bench/README.md). */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	/* Nor re-hash every object read (git does not either; `git fsck` and
	 * `dossier verify` are where integrity is checked): a tenth of the
	 * time of one comment in a large dossier went to it. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	return 0;
}

void store_global_shutdown(void)
{
	git_libgit2_shutdown();
}

static int store_wrap(dossier_store **out, git_repository *repo, dossier_error *err)
{
	dossier_store *s = calloc(1, sizeof(*s));
	const char *dir;
	size_t len;

	if (!s) {
		git_repository_free(repo);
		return oom(err);
	}
	s->repo = repo;
	s->bare = git_repository_is_bare(repo);
	dir = s->bare ? git_repository_path(repo) : git_repository_workdir(repo);
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	s->path = util_strndup(dir, len);
	if (!s->path) {
		store_free(s);
		return oom(err);
	}
	*out = s;
	return 0;
}

/* Whether the repository has a commit on the branch or on HEAD. */
static int check_no_commits(git_repository *repo, const char *path, dossier_error *err)
{
	git_oid id;
	int rc;

	if (git_reference_name_to_id(&id, repo, DOSSIER_BRANCH) == 0)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"'%s' already holds a dossier (its branch 'main' has commits)", path);
	rc = git_repository_head_unborn(repo);
	if (rc == 0)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"'%s' already holds a git repository with commits", path);
	git_error_clear();
	return 0;
}

int store_init(dossier_store **out, const char *path, bool bare, dossier_error *err)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	int rc;

	*out = NULL;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	rc = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == 0) {
		bool was_bare = git_repository_is_bare(repo);

		rc = check_no_commits(repo, path, err);
		git_repository_free(repo);
		repo = NULL;
		if (rc < 0)
			return rc;
		if (was_bare != bare)
			return dossier_error_set(err, DOSSIER_EINVALID,
				"'%s' already holds a %s git repository", path,
				was_bare ? "bare" : "non-bare");
	} else if (rc != GIT_ENOTFOUND) {
		return store_git_failure(err, DOSSIER_EFAIL, "cannot open '%s'", path);
	}
	git_error_clear();

	opts.flags = GIT_REPOSITORY_INIT_MKPATH | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
	opts.initial_head = "main";
	if (git_repository_init_ext(&repo, path, &opts) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot create a repository in '%s'", path);
	/* A re-initialised empty repository may have HEAD on another branch. */
	if (git_repository_set_head(repo, DOSSIER_BRANCH) < 0) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot point HEAD at '%s' in '%s'",
			DOSSIER_BRANCH, path);
		git_repository_free(repo);
		return rc;
	}
	return store_wrap(out, repo, err);
}

int store_open(dossier_store **out, const char *path, dossier_error *err)
{
	git_repository *repo = NULL;
	int rc;

	*out = NULL;
	rc = git_repository_open_ext(&repo, path, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "not a dossier: '%s'", path);
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot open the dossier at '%s'", path);
	return store_wrap(out, repo, err);
}

void store_free(dossier_store *store)
{
	if (!store)
		return;
	git_repository_free(store->repo);
	store_wt_cache_free(store->wt_cache);
	store_kept_cred_free(store->kept_cred);
	store_tree_cache_free(store->tree_cache);
	free(store->objects_dir);
	free(store->path);
	free(store->warning);
	free(store);
}

char *store_config_email(dossier_store *store)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *email = NULL;

	if (git_repository_config_snapshot(&cfg, store->repo) < 0) {
		git_error_clear();
		return NULL;
	}
	if (git_config_get_string_buf(&buf, cfg, "user.email") == 0 && buf.size > 0)
		email = util_strndup(buf.ptr, buf.size);
	git_error_clear();
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return email;
}

char *store_config_get(dossier_store *store, const char *name)
{
	git_config *cfg = NULL, *snap = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *value = NULL;
	int rc = store ? git_repository_config_snapshot(&snap, store->repo) :
		git_config_open_default(&cfg) < 0 ? -1 : git_config_snapshot(&snap, cfg);

	if (rc == 0 && git_config_get_string_buf(&buf, snap, name) == 0 && buf.size > 0)
		value = util_strndup(buf.ptr, buf.size);
	git_error_clear();
	git_buf_dispose(&buf);
	git_config_free(snap);
	git_config_free(cfg);
	return value;
}

char *store_default_email(void)
{
	git_config *cfg = NULL, *snap = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *email = NULL;

	if (git_config_open_default(&cfg) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		git_error_clear();
		git_config_free(cfg);
		return NULL;
	}
	if (git_config_get_string_buf(&buf, snap, "user.email") == 0 && buf.size > 0)
		email = util_strndup(buf.ptr, buf.size);
	git_error_clear();
	git_buf_dispose(&buf);
	git_config_free(snap);
	git_config_free(cfg);
	return email;
}

/* ---- snapshots -------------------------------------------------------- */

static int snap_from_commit(dossier_snap **out, git_commit *commit, dossier_error *err)
{
	dossier_snap *s;
	char sid[8];

	s = calloc(1, sizeof(*s));
	if (!s) {
		git_commit_free(commit);
		return oom(err);
	}
	s->commit = commit;
	git_oid_tostr(s->id, sizeof(s->id), git_commit_id(commit));
	if (git_commit_tree(&s->tree, commit) < 0) {
		short_id(sid, git_commit_id(commit));
		snap_free(s);
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read the tree of commit %s", sid);
	}
	*out = s;
	return 0;
}

static int snap_from_id(dossier_snap **out, git_repository *repo, const git_oid *id,
	dossier_error *err)
{
	git_commit *commit;
	char sid[8];

	if (git_commit_lookup(&commit, repo, id) < 0) {
		short_id(sid, id);
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read commit %s", sid);
	}
	return snap_from_commit(out, commit, err);
}

int store_tip(dossier_snap **out, dossier_store *store, dossier_error *err)
{
	git_oid id;
	int rc;

	*out = NULL;
	rc = git_reference_name_to_id(&id, store->repo, DOSSIER_BRANCH);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_ENOTFOUND,
			"the dossier in '%s' has no commit yet", store->path);
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s' in '%s'",
			DOSSIER_BRANCH, store->path);
	return snap_from_id(out, store->repo, &id, err);
}

int store_lookup(dossier_snap **out, dossier_store *store, const char *rev, dossier_error *err)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc;

	*out = NULL;
	rc = git_revparse_single(&obj, store->repo, rev);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "unknown revision '%s'", rev);
	}
	if (rc == GIT_EAMBIGUOUS) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_EINVALID,
			"ambiguous revision '%s': give more digits", rev);
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot resolve revision '%s'", rev);
	rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_EINVALID, "revision '%s' is not a commit", rev);
	}
	return snap_from_commit(out, (git_commit *)peeled, err);
}

void snap_free(dossier_snap *snap)
{
	if (!snap)
		return;
	git_tree_free(snap->tree);
	git_commit_free(snap->commit);
	free(snap);
}

const char *snap_id(const dossier_snap *snap)
{
	return snap->id;
}

const char *snap_message(const dossier_snap *snap)
{
	return git_commit_message(snap->commit);
}

const char *snap_author_name(const dossier_snap *snap)
{
	return git_commit_author(snap->commit)->name;
}

const char *snap_author_email(const dossier_snap *snap)
{
	return git_commit_author(snap->commit)->email;
}

dossier_time snap_time(const dossier_snap *snap)
{
	return (dossier_time)git_commit_author(snap->commit)->when.time;
}

int snap_offset(const dossier_snap *snap)
{
	return git_commit_author(snap->commit)->when.offset * 60;
}

unsigned snap_parent_count(const dossier_snap *snap)
{
	return git_commit_parentcount(snap->commit);
}

int snap_parent(dossier_snap **out, const dossier_snap *snap, unsigned n, dossier_error *err)
{
	git_commit *parent;

	*out = NULL;
	if (n >= git_commit_parentcount(snap->commit))
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "commit %.7s has no parent %u",
			snap->id, n + 1);
	if (git_commit_parent(&parent, snap->commit, n) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read parent %u of commit %.7s",
			n + 1, snap->id);
	return snap_from_commit(out, parent, err);
}

/* The entry at `path` in the snapshot's tree, or DOSSIER_ENOTFOUND. */
static int snap_entry(git_tree_entry **out, const dossier_snap *snap, const char *path,
	dossier_error *err)
{
	int rc;

	if (!path_valid(path))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid path '%s' in the dossier",
			path ? path : "");
	rc = git_tree_entry_bypath(out, snap->tree, path);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "no '%s' at %.7s", path, snap->id);
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s' at %.7s", path, snap->id);
	return 0;
}

/* Copy a blob into a NUL-terminated heap buffer. */
static int blob_copy(char **data, size_t *len, git_repository *repo, const git_oid *id,
	const char *path, const char *at, dossier_error *err)
{
	git_blob *blob;
	size_t size;
	char *buf;

	if (git_blob_lookup(&blob, repo, id) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s' at %.7s", path, at);
	size = (size_t)git_blob_rawsize(blob);
	buf = malloc(size + 1);
	if (!buf) {
		git_blob_free(blob);
		return oom(err);
	}
	memcpy(buf, git_blob_rawcontent(blob), size);
	buf[size] = '\0';
	git_blob_free(blob);
	*data = buf;
	*len = size;
	return 0;
}

int snap_read(char **data, size_t *len, const dossier_snap *snap, const char *path,
	dossier_error *err)
{
	git_tree_entry *entry = NULL;
	int rc;

	*data = NULL;
	*len = 0;
	if ((rc = snap_entry(&entry, snap, path, err)) < 0)
		return rc;
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(entry);
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' is a directory at %.7s, not a file",
			path, snap->id);
	}
	rc = blob_copy(data, len, git_commit_owner(snap->commit), git_tree_entry_id(entry),
		path, snap->id, err);
	git_tree_entry_free(entry);
	return rc;
}

bool snap_exists(const dossier_snap *snap, const char *path)
{
	git_tree_entry *entry = NULL;

	if (!path_valid(path))
		return false;
	if (git_tree_entry_bypath(&entry, snap->tree, path) < 0) {
		git_error_clear();
		return false;
	}
	git_tree_entry_free(entry);
	return true;
}

/* Shared by the recursive walks: the path being built and where to report. */
typedef struct walk {
	git_repository *repo;
	const char *at;      /* the snapshot's id, for messages */
	dstr path;
	char *buf;           /* blob copy, NUL-terminated, reused */
	size_t bufcap;
	dossier_error *err;
} walk;

static void path_truncate(dstr *s, size_t len)
{
	if (s->ptr) {
		s->len = len;
		s->ptr[len] = '\0';
	}
}

static int path_push(walk *w, const char *name, dossier_error *err)
{
	if (w->path.len && dstr_addc(&w->path, '/') < 0)
		return oom(err);
	if (dstr_adds(&w->path, name) < 0 || w->path.oom)
		return oom(err);
	return 0;
}

static int each_blob(walk *w, const git_tree *tree, snap_blob_fn fn, void *payload)
{
	size_t i, n = git_tree_entrycount(tree);
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		size_t mark = w->path.len;
		git_object_t type = git_tree_entry_type(e);

		if (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB)
			continue; /* submodules: not ours */
		if ((rc = path_push(w, git_tree_entry_name(e), w->err)) < 0)
			return rc;
		if (type == GIT_OBJECT_TREE) {
			git_tree *sub;

			if (git_tree_lookup(&sub, w->repo, git_tree_entry_id(e)) < 0)
				return store_git_failure(w->err, DOSSIER_EFAIL, "cannot read '%s' at %.7s",
					w->path.ptr, w->at);
			rc = each_blob(w, sub, fn, payload);
			git_tree_free(sub);
		} else {
			git_blob *blob;
			size_t size;

			if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)) < 0)
				return store_git_failure(w->err, DOSSIER_EFAIL, "cannot read '%s' at %.7s",
					w->path.ptr, w->at);
			size = (size_t)git_blob_rawsize(blob);
			if (size + 1 > w->bufcap) {
				char *p = realloc(w->buf, size + 1);

				if (!p) {
					git_blob_free(blob);
					return oom(w->err);
				}
				w->buf = p;
				w->bufcap = size + 1;
			}
			memcpy(w->buf, git_blob_rawcontent(blob), size);
			w->buf[size] = '\0';
			git_blob_free(blob);
			rc = fn(w->path.ptr, w->buf, size, payload);
		}
		path_truncate(&w->path, mark);
	}
	return rc;
}

int snap_each_blob(const dossier_snap *snap, const char *dir, snap_blob_fn fn, void *payload,
	dossier_error *err)
{
	walk w = { git_commit_owner(snap->commit), snap->id, DSTR_INIT, NULL, 0, err };
	git_tree_entry *entry = NULL;
	git_tree *sub = NULL;
	const git_tree *tree = snap->tree;
	char *d = NULL;
	int rc = 0;

	if (dir && *dir) {
		size_t len = strlen(dir);

		while (len > 0 && dir[len - 1] == '/')
			len--;
		if (!(d = util_strndup(dir, len)))
			return oom(err);
		rc = snap_entry(&entry, snap, d, err);
		if (rc == DOSSIER_ENOTFOUND) {
			/* git keeps no empty directories: an absent one has no blobs */
			dossier_error_clear(err);
			free(d);
			return 0;
		}
		if (rc < 0)
			goto done;
		if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
			rc = dossier_error_set(err, DOSSIER_EINVALID,
				"'%s' is a file at %.7s, not a directory", d, snap->id);
			goto done;
		}
		if (git_tree_lookup(&sub, w.repo, git_tree_entry_id(entry)) < 0) {
			rc = store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s' at %.7s", d, snap->id);
			goto done;
		}
		tree = sub;
		if (dstr_adds(&w.path, d) < 0) {
			rc = oom(err);
			goto done;
		}
	}
	rc = each_blob(&w, tree, fn, payload);
done:
	git_tree_free(sub);
	git_tree_entry_free(entry);
	dstr_free(&w.path);
	free(w.buf);
	free(d);
	return rc;
}

/* ---- changes between two snapshots ------------------------------------
 *
 * A merge walk of the two trees in git's order that skips every subtree
 * whose id did not change: the cost is that of the directories that
 * changed, not of the whole tree (git_diff_tree_to_tree expands every
 * subtree of both sides, which made `verify` quadratic).
 */

typedef struct change_walk {
	walk w;
	snap_change_fn fn;
	void *payload;
} change_walk;

/* git's order of tree entries: a directory sorts as if its name ended in '/'. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), len = la < lb ? la : lb;
	int c = memcmp(na, nb, len);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = (unsigned char)na[len];
	cb = (unsigned char)nb[len];
	if (!ca && git_tree_entry_type(a) == GIT_OBJECT_TREE)
		ca = '/';
	if (!cb && git_tree_entry_type(b) == GIT_OBJECT_TREE)
		cb = '/';
	return ca < cb ? -1 : ca > cb;
}

static int changes_in(change_walk *cw, const git_tree *a, const git_tree *b);

/* Report one entry present on one side only: a file, or every file below a
 * directory. */
static int change_one(change_walk *cw, const git_tree_entry *e, char status)
{
	git_tree *sub;
	int rc;

	if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return cw->fn(cw->w.path.ptr, status, cw->payload);
	if (git_tree_lookup(&sub, cw->w.repo, git_tree_entry_id(e)) < 0)
		return store_git_failure(cw->w.err, DOSSIER_EFAIL, "cannot read the directory '%s'",
			cw->w.path.ptr);
	rc = status == 'A' ? changes_in(cw, NULL, sub) : changes_in(cw, sub, NULL);
	git_tree_free(sub);
	return rc;
}

static int change_both(change_walk *cw, const git_tree_entry *ea, const git_tree_entry *eb)
{
	git_tree *ta = NULL, *tb = NULL;
	int rc;

	if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return 0;
	if (git_tree_entry_type(ea) != GIT_OBJECT_TREE)
		return cw->fn(cw->w.path.ptr, 'M', cw->payload);
	if (git_tree_lookup(&ta, cw->w.repo, git_tree_entry_id(ea)) < 0 ||
	    git_tree_lookup(&tb, cw->w.repo, git_tree_entry_id(eb)) < 0) {
		rc = store_git_failure(cw->w.err, DOSSIER_EFAIL, "cannot read the directory '%s'",
			cw->w.path.ptr);
		git_tree_free(ta);
		return rc;
	}
	rc = changes_in(cw, ta, tb);
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

static int changes_in(change_walk *cw, const git_tree *a, const git_tree *b)
{
	size_t i = 0, j = 0;
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	int rc = 0;

	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
		const git_tree_entry *e = c <= 0 ? ea : eb;
		size_t mark = cw->w.path.len;

		/* the same entry on both sides (most of a fan-out directory): nothing to report */
		if (c == 0 && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb)) {
			i++;
			j++;
			continue;
		}
		if ((rc = path_push(&cw->w, git_tree_entry_name(e), cw->w.err)) < 0)
			return rc;
		if (c < 0) {
			rc = change_one(cw, ea, 'D');
			i++;
		} else if (c > 0) {
			rc = change_one(cw, eb, 'A');
			j++;
		} else {
			rc = change_both(cw, ea, eb);
			i++;
			j++;
		}
		path_truncate(&cw->w.path, mark);
	}
	return rc;
}

int snap_changes(const dossier_snap *old, const dossier_snap *new_, snap_change_fn fn,
	void *payload, dossier_error *err)
{
	change_walk cw = { { git_commit_owner(new_->commit), new_->id, DSTR_INIT, NULL, 0, err },
		fn, payload };
	int rc;

	rc = changes_in(&cw, old ? old->tree : NULL, new_->tree);
	dstr_free(&cw.w.path);
	return rc;
}

/* ---- history ------------------------------------------------------------ */

int store_revwalk(dossier_store *store, const git_oid *tip, const git_oid *hide, store_walk_fn fn,
	void *payload, const char *what, dossier_error *err)
{
	git_revwalk *rw = NULL;
	git_oid id;
	int rc;

	if (git_revwalk_new(&rw, store->repo) < 0 ||
	    git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(rw, tip) < 0 || (hide && git_revwalk_hide(rw, hide) < 0)) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot walk the history of %s", what);
		goto done;
	}
	while ((rc = git_revwalk_next(&id, rw)) == 0) {
		dossier_snap *snap;

		if ((rc = snap_from_id(&snap, store->repo, &id, err)) < 0)
			goto done;
		rc = fn(snap, payload);
		snap_free(snap);
		if (rc)
			goto done;
	}
	if (rc == GIT_ITEROVER) {
		git_error_clear();
		rc = 0;
	} else {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot walk the history of %s", what);
	}
done:
	git_revwalk_free(rw);
	return rc;
}

int store_walk(dossier_store *store, store_walk_fn fn, void *payload, dossier_error *err)
{
	git_oid tip;
	char *what;
	int rc;

	rc = git_reference_name_to_id(&tip, store->repo, DOSSIER_BRANCH);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0; /* no commit yet: nothing to walk */
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s'", DOSSIER_BRANCH);
	what = util_sprintf("'%s'", store->path);
	rc = store_revwalk(store, &tip, NULL, fn, payload, what ? what : store->path, err);
	free(what);
	return rc;
}

/* ---- transactions ----------------------------------------------------- */

int txn_begin(dossier_txn **out, dossier_store *store, const dossier_snap *base,
	dossier_error *err)
{
	dossier_txn *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return oom(err);
	t->store = store;
	if (base) {
		if (git_commit_dup(&t->base, base->commit) < 0 ||
		    git_tree_dup(&t->base_tree, base->tree) < 0) {
			txn_free(t);
			return store_git_failure(err, DOSSIER_EFAIL, "cannot start a commit on %.7s", base->id);
		}
	}
	*out = t;
	return 0;
}

static int txn_add(dossier_txn *txn, const char *path, const git_oid *id, bool remove,
	dossier_error *err)
{
	txn_edit *e;

	if (txn->n == txn->cap) {
		size_t cap = txn->cap ? txn->cap * 2 : 16;
		txn_edit *p = realloc(txn->edits, cap * sizeof(*p));

		if (!p)
			return oom(err);
		txn->edits = p;
		txn->cap = cap;
	}
	e = &txn->edits[txn->n];
	memset(e, 0, sizeof(*e));
	if (!(e->path = util_strdup(path)))
		return oom(err);
	if (id)
		git_oid_cpy(&e->id, id);
	e->remove = remove;
	e->seq = txn->n++;
	return 0;
}

int txn_put(dossier_txn *txn, const char *path, const void *data, size_t len,
	dossier_error *err)
{
	git_oid id;
	int rc;

	if (!path_valid(path))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid path '%s' in the dossier",
			path ? path : "");
	if ((rc = store_loose_write(&id, txn->store, GIT_OBJECT_BLOB, data, len, err)) < 0) {
		/* "cannot write '<path>': <the reason>" */
		if (err && err->message) {
			char *why = err->message;

			err->message = NULL;
			dossier_error_set(err, rc, "cannot write '%s': %s", path, why);
			free(why);
		}
		return rc;
	}
	if ((rc = txn_add(txn, path, &id, false, err)) < 0)
		return rc;
	/* kept for the working tree, which then need not read the blob back */
	if (!store_is_bare(txn->store)) {
		txn_edit *e = &txn->edits[txn->n - 1];

		if (!(e->data = malloc(len ? len : 1)))
			return oom(err);
		memcpy(e->data, data, len);
		e->len = len;
	}
	return 0;
}

int txn_put_packed(dossier_txn *txn, const store_file *files, size_t n, store_progress_fn progress,
	void *payload, dossier_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (!path_valid(files[i].path))
			return dossier_error_set(err, DOSSIER_EINVALID, "invalid path '%s' in the dossier",
				files[i].path ? files[i].path : "");
	if (n == 0)
		return 0;
	if (txn->pack)
		return dossier_error_set(err, DOSSIER_EINVALID, "one pack per action");
	if (!(txn->pack_ids = malloc(n * sizeof(*txn->pack_ids))))
		return oom(err);
	txn->pack_n = n;
	/* the pack is written while txn_commit builds the trees (store_pack.c) */
	if (store_pack_start(&txn->pack, txn->pack_ids, txn->store->repo, files, n, progress, payload) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot write the pack of %zu records", n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = txn_add(txn, files[i].path, &txn->pack_ids[i], false, err);
	return rc;
}

/* Wait for txn_put_packed's pack. A failure to write it is the action's
 * failure, whatever else failed meanwhile. */
static int txn_pack_done(dossier_txn *txn, int rc, dossier_error *err)
{
	int prc;

	if (!txn->pack)
		return rc;
	prc = store_pack_finish(txn->pack, txn->store->repo);
	txn->pack = NULL;
	if (prc < 0) {
		dossier_error_clear(err);
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot write the pack of %zu records", txn->pack_n);
	}
	return rc;
}

int txn_remove(dossier_txn *txn, const char *path, dossier_error *err)
{
	if (!path_valid(path))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid path '%s' in the dossier",
			path ? path : "");
	return txn_add(txn, path, NULL, true, err);
}

void txn_free(dossier_txn *txn)
{
	size_t i;

	if (!txn)
		return;
	txn_pack_done(txn, 0, NULL);
	free(txn->pack_ids);
	for (i = 0; i < txn->n; i++) {
		free(txn->edits[i].path);
		free(txn->edits[i].data);
	}
	free(txn->edits);
	git_tree_free(txn->base_tree);
	git_commit_free(txn->base);
	free(txn);
}

static int edit_cmp(const void *pa, const void *pb)
{
	const txn_edit *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int update_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const git_tree_update *)elem)->path);
}

/* git_tree_create_updated would put a removed directory back if a file
 * below it is written in the same commit: refuse that. `updates` is
 * sorted by path. */
static int check_removed_dirs(const git_tree_update *updates, size_t n, dossier_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *path = updates[i].path, *slash;

		if (updates[i].action != GIT_TREE_UPDATE_UPSERT)
			continue;
		for (slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
			char *dir = util_strndup(path, (size_t)(slash - path));
			const git_tree_update *hit;

			if (!dir)
				return oom(err);
			hit = bsearch(dir, updates, n, sizeof(*updates), update_cmp);
			free(dir);
			if (hit && hit->action == GIT_TREE_UPDATE_REMOVE)
				return dossier_error_set(err, DOSSIER_EINVALID,
					"cannot both remove '%s' and write '%s' in one commit",
					hit->path, path);
		}
	}
	return 0;
}

/* Sort the edits by path, keep the last edit of each path and drop the
 * removal of paths the base does not have. Fills `updates` (one per kept
 * edit) and returns how many through *count. */
static int txn_settle(git_tree_update *updates, size_t *count, dossier_txn *txn,
	dossier_error *err)
{
	size_t i, n = 0;

	if (txn->n > 0)   /* an empty list may be NULL, which qsort must not get */
		qsort(txn->edits, txn->n, sizeof(*txn->edits), edit_cmp);
	for (i = 0; i < txn->n; i++) {
		txn_edit *e = &txn->edits[i];
		git_tree_update *u;

		if (i + 1 < txn->n && strcmp(e->path, txn->edits[i + 1].path) == 0)
			continue; /* a later edit of the same path wins */
		if (e->remove) {
			git_tree_entry *entry = NULL;
			int rc = txn->base_tree ?
				git_tree_entry_bypath(&entry, txn->base_tree, e->path) : GIT_ENOTFOUND;

			if (rc == GIT_ENOTFOUND) {
				git_error_clear();
				continue; /* removing what is not there: nothing to do */
			}
			if (rc < 0)
				return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s' in the base",
					e->path);
			git_tree_entry_free(entry);
		}
		u = &updates[n++];
		memset(u, 0, sizeof(*u));
		u->action = e->remove ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
		git_oid_cpy(&u->id, &e->id);
		u->filemode = GIT_FILEMODE_BLOB;
		u->path = e->path;
	}
	*count = n;
	return check_removed_dirs(updates, n, err);
}

/* The first line of the message, for the reflog. */
static char *reflog_message(const char *message, bool initial)
{
	size_t len = strcspn(message, "\n");

	return util_sprintf("commit%s: %.*s", initial ? " (initial)" : "", (int)len, message);
}


static int check_tag(git_repository *repo, const char *refname, const char *tag,
	dossier_error *err)
{
	git_oid id;
	int valid = 0;

	if (git_reference_name_is_valid(&valid, refname) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot check the tag name '%s'", tag);
	if (!valid || strchr(tag, '/'))
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid tag name '%s'", tag);
	if (git_reference_name_to_id(&id, repo, refname) == 0)
		return dossier_error_set(err, DOSSIER_EFAIL, "tag '%s' already exists", tag);
	git_error_clear();
	return 0;
}

/* The reason libgit2 left behind for a write it said had succeeded, put
 * back as its last error (or cleared when there was none). */
typedef struct pending {
	char *why;
	int klass;
} pending;

static void pending_take(pending *p)
{
	const git_error *e = git_error_last();

	p->why = e && e->message && *e->message ? util_strdup(e->message) : NULL;
	p->klass = e ? e->klass : GIT_ERROR_NONE;
}

static void pending_restore(pending *p)
{
	if (p->why)
		git_error_set_str(p->klass, p->why);
	else
		git_error_clear();
	free(p->why);
	p->why = NULL;
}

/* That the commit `id`, just written, is in the object database: the error
 * libgit2 left behind (if any) is the reason when it is not. */
static int check_stored(git_repository *repo, const git_oid *id, dossier_error *err)
{
	pending p;
	git_odb *odb = NULL;
	int rc = 0;

	pending_take(&p);
	if (git_repository_odb(&odb, repo) < 0) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot open the object database");
	} else if (!git_odb_exists(odb, id)) {
		pending_restore(&p);
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot write the commit");
	}
	free(p.why);
	git_error_clear();
	git_odb_free(odb);
	return rc;
}

void txn_set_signer(dossier_txn *txn, store_sign_fn fn, void *payload)
{
	txn->sign = fn;
	txn->sign_payload = payload;
}

/* The commit as git hashes it, signed by the transaction's signer, then
 * written with the signature in its gpgsig header. */
static int write_signed(git_oid *commit_id, dossier_txn *txn, const git_signature *sig, const char *msg,
	const git_tree *tree, const git_commit **parents, dossier_error *err)
{
	git_repository *repo = txn->store->repo;
	git_buf buf = GIT_BUF_INIT;
	char *signature = NULL;
	size_t n;
	int rc;

	if (git_commit_create_buffer(&buf, repo, sig, sig, NULL, msg, tree, txn->base ? 1 : 0, parents) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot write the commit");
	if ((rc = txn->sign(&signature, buf.ptr, buf.size, txn->sign_payload, err)) < 0)
		goto done;
	/* git writes the header without an empty last line (libgit2 would
	 * indent one) */
	for (n = strlen(signature); n > 0 && signature[n - 1] == '\n'; n--)
		signature[n - 1] = '\0';
	git_error_clear();
	if (git_commit_create_with_signature(commit_id, repo, buf.ptr, signature, "gpgsig") < 0)
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot write the signed commit");
done:
	free(signature);
	git_buf_dispose(&buf);
	return rc;
}

int snap_signature(char **sig, char **signed_data, size_t *len, const dossier_snap *snap, dossier_error *err)
{
	git_buf s = GIT_BUF_INIT, d = GIT_BUF_INIT;
	int rc;

	*sig = *signed_data = NULL;
	*len = 0;
	/* an unsigned commit is told from its parsed header, without reading
	 * the object again (verify asks this of every commit) */
	if (git_commit_header_field(&s, snap->commit, "gpgsig") == GIT_ENOTFOUND) {
		git_buf_dispose(&s);
		git_error_clear();
		return DOSSIER_ENOTFOUND;
	}
	git_buf_dispose(&s);
	rc = git_commit_extract_signature(&s, &d, git_commit_owner(snap->commit), (git_oid *)git_commit_id(snap->commit),
		NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return DOSSIER_ENOTFOUND;
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read the signature of %.12s", snap->id);
	*sig = util_strndup(s.ptr, s.size);
	*signed_data = util_strndup(d.ptr, d.size);
	*len = d.size;
	git_buf_dispose(&s);
	git_buf_dispose(&d);
	if (!*sig || !*signed_data) {
		free(*sig);
		free(*signed_data);
		*sig = *signed_data = NULL;
		return oom(err);
	}
	return 0;
}

/* Write the tree and the commit of a transaction, without touching any
 * reference. *updates (the settled edits, which borrow the txn's paths)
 * is the caller's to free. */
static int txn_write_objects(git_oid *commit_id, git_tree **out_tree, git_tree_update **updates, size_t *n,
	dossier_txn *txn, const dossier_sig *author, const char *message, dossier_error *err)
{
	git_repository *repo = txn->store->repo;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	const git_commit *parents[1];
	git_oid tree_id;
	char *msg = NULL;
	size_t mlen;
	int rc;

	*updates = NULL;
	*n = 0;
	if (txn->n && !(*updates = calloc(txn->n, sizeof(**updates)))) {
		rc = oom(err);
		goto done;
	}
	if ((rc = txn_settle(*updates, n, txn, err)) < 0)
		goto done;
	/* a bulk import's trees go into a pack of their own (store_tree.c) */
	if ((rc = store_tree_update(&tree_id, txn->store, txn->base_tree, *updates, *n, txn->pack != NULL, err)) < 0)
		goto done;
	if (git_tree_lookup(&tree, repo, &tree_id) < 0) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot read the tree of the new commit");
		goto done;
	}
	if (git_signature_new(&sig, author->name, author->email, (git_time_t)author->when,
			author->offset / 60) < 0) {
		rc = store_git_failure(err, DOSSIER_EINVALID, "invalid author '%s <%s>'",
			author->name ? author->name : "", author->email ? author->email : "");
		goto done;
	}
	/* git ends every message with a newline */
	mlen = strlen(message);
	msg = mlen && message[mlen - 1] == '\n' ? util_strdup(message) :
		util_sprintf("%s\n", message);
	if (!msg) {
		rc = oom(err);
		goto done;
	}
	parents[0] = txn->base;
	git_error_clear();
	if (txn->sign) {
		if ((rc = write_signed(commit_id, txn, sig, msg, tree, parents, err)) < 0)
			goto done;
		/* libgit2 1.5 returns success when the commit object could not be
		 * written (git_commit__create_internal drops the error of
		 * git_odb_write): with a full disk the branch would then point at
		 * a missing commit. */
		if ((rc = check_stored(repo, commit_id, err)) < 0)
			goto done;
	} else {
		/* the commit as git_commit_create makes it, written by the store */
		git_buf buf = GIT_BUF_INIT;

		if (git_commit_create_buffer(&buf, repo, sig, sig, NULL, msg, tree, txn->base ? 1 : 0,
				parents) < 0) {
			rc = store_git_failure(err, DOSSIER_EFAIL, "cannot write the commit");
			goto done;
		}
		rc = store_loose_write(commit_id, txn->store, GIT_OBJECT_COMMIT, buf.ptr, buf.size, err);
		git_buf_dispose(&buf);
		if (rc < 0 && err && err->message) {
			char *why = err->message;

			err->message = NULL;
			dossier_error_set(err, rc, "cannot write the commit: %s", why);
			free(why);
		}
		if (rc < 0)
			goto done;
	}
	rc = 0;
done:
	/* the blobs the trees name are in the object database before the
	 * commit can be used: a branch never points at a missing record */
	rc = txn_pack_done(txn, rc, err);
	if (rc == 0 && out_tree) {
		*out_tree = tree;
		tree = NULL;
	}
	git_tree_free(tree);
	git_signature_free(sig);
	free(msg);
	return rc;
}

int txn_write(char out_id[41], dossier_txn *txn, const dossier_sig *author, const char *message,
	dossier_error *err)
{
	git_tree_update *updates = NULL;
	git_oid commit_id;
	size_t n = 0;
	int rc;

	out_id[0] = '\0';
	rc = txn_write_objects(&commit_id, NULL, &updates, &n, txn, author, message, err);
	free(updates);
	if (rc == 0)
		git_oid_tostr(out_id, 41, &commit_id);
	return rc;
}

/* Move the branch from the base to `commit_id` and create the tag, if
 * any: both lock files are written first, so that a full disk fails with
 * nothing visible changed; then the branch moves, then the tag appears,
 * then the reflog gets its line. */
static int move_refs(dossier_txn *txn, const git_oid *commit_id, const char *tag_ref, const char *tag,
	const dossier_sig *author, const char *logmsg, dossier_error *err)
{
	git_repository *repo = txn->store->repo;
	const git_oid *base = txn->base ? git_commit_id(txn->base) : NULL;
	store_reflock branch, tagl;
	char sid[8];
	int rc;

	memset(&tagl, 0, sizeof(tagl));
	tagl.fd = -1;
	rc = store_reflock_take(&branch, repo, DOSSIER_BRANCH, base, commit_id, err);
	if (rc == DOSSIER_ECONFLICT) {
		dossier_error_clear(err);
		return dossier_error_set(err, DOSSIER_ECONFLICT,
			"the dossier changed while this action was prepared (the branch is no longer at %s)",
			base ? _("its base") : _("no commit"));
	}
	if (rc < 0)
		return rc;
	if (tag && (rc = store_reflock_take(&tagl, repo, tag_ref, NULL, commit_id, err)) < 0) {
		store_reflock_release(&branch);
		if (rc == DOSSIER_ECONFLICT) {
			dossier_error_clear(err);
			rc = dossier_error_set(err, DOSSIER_EFAIL, "tag '%s' already exists", tag);
		}
		return rc;
	}
	if ((rc = store_reflock_commit(&branch, err)) < 0) {
		store_reflock_release(&tagl);
		return rc;
	}
	if (tag && (rc = store_reflock_commit(&tagl, err)) < 0 && err) {
		char *why = err->message;

		err->message = NULL;
		short_id(sid, commit_id);
		dossier_error_set(err, rc, "cannot create tag '%s' (the commit %s stands without it): %s",
			tag, sid, why ? why : "?");
		free(why);
	}
	store_add_warning(txn->store, store_reflog_append(repo, DOSSIER_BRANCH, base, commit_id,
		author->name, author->email, logmsg));
	return rc;
}

int txn_commit(char out_id[41], dossier_txn *txn, const dossier_sig *author, const char *message,
	const char *tag, dossier_error *err)
{
	git_repository *repo = txn->store->repo;
	git_tree_update *updates = NULL;
	git_tree *tree = NULL;
	store_blob_hint *blobs = NULL;
	git_oid commit_id;
	char *refname = NULL, *logmsg = NULL;
	size_t n = 0, i;
	int rc;

	out_id[0] = '\0';
	free(txn->store->warning);
	txn->store->warning = NULL;

	if (tag) {
		if (!(refname = util_sprintf("refs/tags/%s", tag))) {
			rc = oom(err);
			goto done;
		}
		if ((rc = check_tag(repo, refname, tag, err)) < 0)
			goto done;
	}
	if ((rc = txn_write_objects(&commit_id, &tree, &updates, &n, txn, author, message, err)) < 0)
		goto done;
	logmsg = reflog_message(message, txn->base == NULL);
	if (!logmsg) {
		rc = oom(err);
		goto done;
	}
	STORE_SEAM(txn->store, STORE_SEAM_BEFORE_REF);
	rc = move_refs(txn, &commit_id, refname, tag, author, logmsg, err);
	if (rc < 0 && rc != DOSSIER_EFAIL)
		goto done;
	if (rc < 0) {
		/* the branch moved or not: find out, for out_id and the working tree */
		git_oid now;

		if (git_reference_name_to_id(&now, repo, DOSSIER_BRANCH) < 0 || !git_oid_equal(&now, &commit_id)) {
			git_error_clear();
			goto done;
		}
	}
	git_oid_tostr(out_id, 41, &commit_id);
	STORE_SEAM(txn->store, STORE_SEAM_AFTER_REF);
	if (!txn->store->bare) {
		/* what the working tree would otherwise read back: the commit's
		 * tree, its parent, and the files written by txn_put */
		store_sync_hint hint = { &commit_id, tree, txn->base, NULL, 0 };

		if ((blobs = calloc(txn->n ? txn->n : 1, sizeof(*blobs)))) {
			for (i = 0; i < txn->n; i++) {
				if (!txn->edits[i].data)
					continue;
				blobs[hint.nblobs].id = &txn->edits[i].id;
				blobs[hint.nblobs].data = txn->edits[i].data;
				blobs[hint.nblobs++].len = txn->edits[i].len;
			}
			hint.blobs = blobs;
		}
		store_add_warning(txn->store, store_worktree_sync(txn->store, &hint));
	}
done:
	free(blobs);
	git_tree_free(tree);
	free(updates);
	free(refname);
	free(logmsg);
	return rc;
}
