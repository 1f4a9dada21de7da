/*
 * store_tree.c: the new trees of a transaction, written by the store
 * itself (docs/git-store.md, "Writing an action's objects"), with the
 * directories it read or wrote kept parsed in the handle.
 *
 * What it does is what git_tree_create_updated does: each directory that
 * an edit touches is its base tree's entries with the edits applied,
 * written as a new tree object; a directory left empty disappears. But
 * git_tree_create_updated builds every such directory through a tree
 * builder (a hash table of all its entries, a malloc each, then a sort)
 * and reads each base tree through the object database again; a comment
 * in a dossier of 100,000 touches three directories of about 10, 256 and
 * 400 entries, and that was half of the call. Here a directory is its
 * sorted entries merged with its few sorted edits, serialised into one
 * buffer and written by store_loose.c.
 *
 * A bulk import (a transaction with a pack, store_pack.c) writes its trees
 * the same way into one more pack instead (store_pack_objects): the 258
 * trees of an import as loose objects, each compressed by zlib and created
 * as a file (and a directory), were a sixth of it. Its directories are not
 * kept: they are not in the object database until that pack is.
 *
 * The cache: directories are kept by *tree id* (content-addressed), the
 * last STORE_TREE_CACHE of them used, so that an in-process caller's next
 * action starts from the root, comments/ and fan-out trees it wrote itself
 * without reading them back. Nothing in it can be stale: when another
 * writer moved the branch, the new tip's trees have other ids and are read
 * from the object database; trees that did not change are the same.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/store_int.h"
#include "store/store_pack_int.h"

/* How many directories the handle keeps parsed: the root, comments/,
 * responses/ and every fan-out directory (256 of each) an in-process
 * writer touched; at 100,000 comments a fan-out directory is about 400
 * entries, some 20 kB kept. */
#define STORE_TREE_CACHE 320

typedef struct tent {
	const char *name;
	size_t nlen;
	unsigned mode;
	git_oid id;
} tent;

typedef struct tdir {
	git_oid id;
	tent *e;
	size_t n;
	char *names;         /* the entries' names point into it */
	unsigned long used;  /* for eviction: the least recently used goes */
} tdir;

struct store_tree_cache {
	tdir dirs[STORE_TREE_CACHE];
	size_t n;
	unsigned long clock;
	unsigned long hits, misses;
};

static void tdir_clear(tdir *d)
{
	free(d->e);
	free(d->names);
	memset(d, 0, sizeof(*d));
}

void store_tree_cache_free(store_tree_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		tdir_clear(&c->dirs[i]);
	free(c);
}

void store_tree_cache_stats(const dossier_store *store, unsigned long *hits, unsigned long *misses)
{
	*hits = store->tree_cache ? store->tree_cache->hits : 0;
	*misses = store->tree_cache ? store->tree_cache->misses : 0;
}

/* A copy of entries e (names copied into one block) as directory `id`. */
/* The trees of a bulk import, serialised and hashed, for one pack. */
typedef struct tpack {
	store_file *objs;     /* path NULL, data malloc'd */
	git_oid *ids;
	size_t n, cap;
} tpack;

static int tpack_keep(tpack *tp, char *data, size_t len, const git_oid *id)
{
	if (tp->n == tp->cap) {
		size_t cap = tp->cap ? tp->cap * 2 : 64;
		store_file *o = realloc(tp->objs, cap * sizeof(*o));
		git_oid *i;

		if (!o)
			return -1;
		tp->objs = o;
		if (!(i = realloc(tp->ids, cap * sizeof(*i))))
			return -1;
		tp->ids = i;
		tp->cap = cap;
	}
	memset(&tp->objs[tp->n], 0, sizeof(tp->objs[tp->n]));
	tp->objs[tp->n].data = data;
	tp->objs[tp->n].len = len;
	git_oid_cpy(&tp->ids[tp->n], id);
	tp->n++;
	return 0;
}

static void tpack_clear(tpack *tp)
{
	size_t i;

	for (i = 0; i < tp->n; i++)
		free((char *)tp->objs[i].data);
	free(tp->objs);
	free(tp->ids);
}

static int tdir_fill(tdir *d, const git_oid *id, const tent *e, size_t n)
{
	size_t i, total = 0;
	char *p;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++)
		total += e[i].nlen + 1;
	d->e = malloc((n ? n : 1) * sizeof(*d->e));
	d->names = malloc(total ? total : 1);
	if (!d->e || !d->names) {
		tdir_clear(d);
		return -1;
	}
	for (i = 0, p = d->names; i < n; i++) {
		memcpy(p, e[i].name, e[i].nlen);
		p[e[i].nlen] = '\0';
		d->e[i] = e[i];
		d->e[i].name = p;
		p += e[i].nlen + 1;
	}
	d->n = n;
	git_oid_cpy(&d->id, id);
	return 0;
}

/* Keep directory `id` (its entries copied); when the cache is full the
 * least recently used goes. Out of memory: not kept, which is no error. */
static void cache_put(store_tree_cache *c, const git_oid *id, const tent *e, size_t n)
{
	size_t i, slot = c->n;
	tdir d;

	if (tdir_fill(&d, id, e, n) < 0)
		return;
	if (c->n == STORE_TREE_CACHE) {
		for (slot = 0, i = 1; i < c->n; i++)
			if (c->dirs[i].used < c->dirs[slot].used)
				slot = i;
		tdir_clear(&c->dirs[slot]);
	} else {
		c->n++;
	}
	d.used = ++c->clock;
	c->dirs[slot] = d;
}

/* Take directory `id` out of the cache (the caller owns it then): a
 * directory being rebuilt is not evicted by the writing of its
 * subdirectories, and its new version replaces it. */
static bool cache_take(tdir *out, store_tree_cache *c, const git_oid *id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (git_oid_equal(&c->dirs[i].id, id)) {
			*out = c->dirs[i];
			c->dirs[i] = c->dirs[--c->n];
			memset(&c->dirs[c->n], 0, sizeof(c->dirs[c->n]));
			c->hits++;
			return true;
		}
	return false;
}

/* The entries of tree `id` into *out (caller clears it): from the cache,
 * else read from the object database. */
static int dir_load(tdir *out, dossier_store *store, const git_oid *id, dossier_error *err)
{
	store_tree_cache *c = store->tree_cache;
	git_tree *tree = NULL;
	tent *e = NULL;
	size_t n, i;
	int rc;

	if (cache_take(out, c, id))
		return 0;
	c->misses++;
	if (git_tree_lookup(&tree, store->repo, id) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read the tree %.7s", git_oid_tostr_s(id));
	n = git_tree_entrycount(tree);
	if (!(e = malloc((n ? n : 1) * sizeof(*e)))) {
		git_tree_free(tree);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);

		e[i].name = git_tree_entry_name(te);
		e[i].nlen = strlen(e[i].name);
		e[i].mode = (unsigned)git_tree_entry_filemode_raw(te);
		git_oid_cpy(&e[i].id, git_tree_entry_id(te));
	}
	rc = tdir_fill(out, id, e, n) < 0 ? dossier_error_set(err, DOSSIER_ENOMEM, "out of memory") : 0;
	git_tree_free(tree);
	free(e);
	return rc;
}

static bool is_tree(unsigned mode)
{
	return (mode & 0170000) == 0040000;
}

/* git's order of the entries of a tree: by name, a tree's name compared
 * as if it ended with '/'. */
static int tent_cmp(const tent *a, const tent *b)
{
	size_t len = a->nlen < b->nlen ? a->nlen : b->nlen;
	int c = memcmp(a->name, b->name, len);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = len < a->nlen ? (unsigned char)a->name[len] : is_tree(a->mode) ? '/' : '\0';
	cb = len < b->nlen ? (unsigned char)b->name[len] : is_tree(b->mode) ? '/' : '\0';
	return ca < cb ? -1 : ca > cb;
}

static int tent_qcmp(const void *a, const void *b)
{
	return tent_cmp(a, b);
}

/* Names only (a name appears once in a tree, whatever its mode). */
static bool same_name(const tent *a, const char *name, size_t nlen)
{
	return a->nlen == nlen && memcmp(a->name, name, nlen) == 0;
}

/* What a directory's edits do to one of its names. */
typedef struct change {
	const char *name;
	size_t nlen;
	bool drop;           /* removed (or a directory left empty) */
	tent put;            /* otherwise, the new entry */
} change;

static int change_cmp(const void *pa, const void *pb)
{
	const change *a = pa, *b = pb;
	size_t len = a->nlen < b->nlen ? a->nlen : b->nlen;
	int c = memcmp(a->name, b->name, len);

	return c ? c : a->nlen < b->nlen ? -1 : a->nlen > b->nlen;
}

static const change *find_change(const change *ch, size_t n, const char *name, size_t nlen)
{
	change key;

	key.name = name;
	key.nlen = nlen;
	return n ? bsearch(&key, ch, n, sizeof(*ch), change_cmp) : NULL;
}

static char *put_mode(char *p, unsigned mode)
{
	char tmp[12];
	int k = 0;

	do {
		tmp[k++] = (char)('0' + (mode & 7));
		mode >>= 3;
	} while (mode);
	while (k)
		*p++ = tmp[--k];
	return p;
}

/* Serialise and write a tree (loose, or kept for the import's pack when
 * pack is not NULL); out receives its id. */
static int write_tree(git_oid *out, dossier_store *store, tpack *pack, const tent *e, size_t n,
	dossier_error *err)
{
	size_t i, size = 0;
	char *buf, *p;
	int rc;

	for (i = 0; i < n; i++)
		size += 8 + e[i].nlen + 1 + GIT_OID_RAWSZ;
	if (!(buf = malloc(size ? size : 1)))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (i = 0, p = buf; i < n; i++) {
		p = put_mode(p, e[i].mode);
		*p++ = ' ';
		memcpy(p, e[i].name, e[i].nlen);
		p += e[i].nlen;
		*p++ = '\0';
		memcpy(p, e[i].id.id, GIT_OID_RAWSZ);
		p += GIT_OID_RAWSZ;
	}
	if (pack) {
		char head[40];
		size_t len = (size_t)(p - buf), h = (size_t)snprintf(head, sizeof(head), "tree %zu", len) + 1;
		SHA_CTX c;

		SHA1_Init(&c);
		SHA1_Update(&c, head, h);
		SHA1_Update(&c, buf, len);
		SHA1_Final(out->id, &c);
		if (tpack_keep(pack, buf, len, out) < 0) {
			free(buf);
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		}
		return 0;
	}
	rc = store_loose_write(out, store, GIT_OBJECT_TREE, buf, (size_t)(p - buf), err);
	free(buf);
	if (rc < 0 && err && err->message) {
		char *why = err->message;

		err->message = NULL;
		dossier_error_set(err, rc, "cannot write the tree of the new commit: %s", why);
		free(why);
	}
	return rc;
}

/* The directory whose base is `base` (NULL: none) with the updates u[0..n)
 * applied, each of whose paths has `skip` bytes of the directory's own
 * prefix. *out_empty when nothing is left (then *out is not set). */
static int build_dir(git_oid *out, bool *out_empty, dossier_store *store, tpack *pack, const git_oid *base,
	const git_tree_update *u, size_t n, size_t skip, dossier_error *err)
{
	tdir base_dir, *bd = NULL;
	change *ch = NULL;
	tent *res = NULL, *add = NULL;
	size_t nch = 0, i, j, k, nres = 0, nadd = 0;
	int rc = 0;

	*out_empty = false;
	memset(&base_dir, 0, sizeof(base_dir));
	if (base) {
		if ((rc = dir_load(&base_dir, store, base, err)) < 0)
			return rc;
		bd = &base_dir;
	}
	if (!(ch = calloc(n ? n : 1, sizeof(*ch)))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	/* the edits, grouped by their first component (the updates are sorted
	 * by path, so a subdirectory's are together) */
	for (i = 0; i < n; i = j) {
		const char *name = u[i].path + skip, *slash = strchr(name, '/');
		size_t nlen = slash ? (size_t)(slash - name) : strlen(name);
		change *c = &ch[nch];

		c->name = name;
		c->nlen = nlen;
		if (!slash) {
			j = i + 1;
			c->drop = u[i].action == GIT_TREE_UPDATE_REMOVE;
			c->put.name = name;
			c->put.nlen = nlen;
			c->put.mode = (unsigned)u[i].filemode;
			git_oid_cpy(&c->put.id, &u[i].id);
		} else {
			const git_oid *sub = NULL;
			bool empty = false;

			for (j = i + 1; j < n && strncmp(u[j].path + skip, name, nlen + 1) == 0; j++)
				;
			if (bd)
				for (k = 0; k < bd->n; k++)
					if (same_name(&bd->e[k], name, nlen)) {
						if (is_tree(bd->e[k].mode))
							sub = &bd->e[k].id;
						break;
					}
			if ((rc = build_dir(&c->put.id, &empty, store, pack, sub, u + i, j - i, skip + nlen + 1, err)) < 0)
				goto done;
			c->drop = empty;
			c->put.name = name;
			c->put.nlen = nlen;
			c->put.mode = GIT_FILEMODE_TREE;
		}
		nch++;
	}
	/* not sorted when a file's name sorts between a directory's and its
	 * files' ("a.json" between "a" and "a/x"): sort by name */
	qsort(ch, nch, sizeof(*ch), change_cmp);
	for (i = 1; i < nch; i++)
		if (change_cmp(&ch[i - 1], &ch[i]) == 0) {
			rc = dossier_error_set(err, DOSSIER_EINVALID, "cannot write both a file and a directory '%.*s' in one commit",
				(int)ch[i].nlen, ch[i].name);
			goto done;
		}
	/* the base's entries that stay, merged with the new ones in git's order */
	res = malloc(((bd ? bd->n : 0) + nch + 1) * sizeof(*res));
	add = malloc((nch + 1) * sizeof(*add));
	if (!res || !add) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < nch; i++)
		if (!ch[i].drop)
			add[nadd++] = ch[i].put;
	if (nadd > 1)
		qsort(add, nadd, sizeof(*add), tent_qcmp);
	for (i = 0, j = 0; bd && i < bd->n; i++) {
		if (find_change(ch, nch, bd->e[i].name, bd->e[i].nlen))
			continue;   /* replaced or removed */
		while (j < nadd && tent_cmp(&add[j], &bd->e[i]) < 0)
			res[nres++] = add[j++];
		res[nres++] = bd->e[i];
	}
	while (j < nadd)
		res[nres++] = add[j++];
	if (nres == 0 && skip > 0) {
		*out_empty = true;
		goto done;
	}
	if ((rc = write_tree(out, store, pack, res, nres, err)) < 0)
		goto done;
	if (!pack)
		cache_put(store->tree_cache, out, res, nres);
done:
	free(ch);
	free(res);
	free(add);
	tdir_clear(&base_dir);
	return rc;
}

int store_tree_update(git_oid *out, dossier_store *store, const git_tree *base, const git_tree_update *updates,
	size_t n, bool packed, dossier_error *err)
{
	tpack pack;
	bool empty = false;
	size_t i;
	int rc;

	if (!store->tree_cache && !(store->tree_cache = calloc(1, sizeof(*store->tree_cache))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (i = 1; i < n; i++)
		if (strcmp(updates[i - 1].path, updates[i].path) >= 0)
			return dossier_error_set(err, DOSSIER_EINVALID, "the edits of a tree are not sorted");
	memset(&pack, 0, sizeof(pack));
	rc = build_dir(out, &empty, store, packed ? &pack : NULL, base ? git_tree_id(base) : NULL, updates, n, 0, err);
	if (rc == 0 && packed && store_pack_objects(store->repo, pack.objs, pack.ids, pack.n, GIT_OBJECT_TREE) < 0)
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot write the tree of the new commit");
	tpack_clear(&pack);
	return rc;
}
