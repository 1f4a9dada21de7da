/*
 * store_tree.c: the trees of a bulk import built here and written into a
 * pack of their own (issue 18). Part of the store: one of the files
 * allowed to include git2.h.
 *
 * git_tree_create_updated writes every new tree as a loose object: for
 * an import, the 256 fan-out directories of comments/, their parent and
 * the root, each compressed by zlib and created as a file (and a
 * directory) in objects/. Here the same trees are built from the base
 * tree and the sorted updates, in git's format (gitformat-tree: "<mode>
 * <name>\0<20-byte id>" per entry, the entries in git's order, where a
 * tree's name sorts as if it ended in '/'), hashed with OpenSSL's SHA-1
 * and written together by store_pack_objects. An unchanged directory
 * keeps its id; a directory left empty is dropped, as libgit2 drops it.
 * The ids are those libgit2 gives (tests/cli/test_import.py compares).
 */
#include "store/store_pack_int.h"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct tentry {
	const char *name;     /* borrowed from the base tree or an update's path */
	size_t len;
	unsigned mode;        /* git's: 040000, 0100644, ... */
	git_oid id;
	int seq;              /* 0: from the base; 1: an update, which wins */
	bool gone;            /* removed */
} tentry;

typedef struct tbuild {
	git_repository *repo;
	store_file *objs;     /* the new trees: path NULL, data malloc'd */
	git_oid *ids;
	size_t n, cap;
} tbuild;

static int by_name(const void *pa, const void *pb)
{
	const tentry *a = pa, *b = pb;
	size_t m = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, m);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->seq - b->seq;
}

/* git's order: a tree's name compared as if it ended in '/'. */
static int git_order(const void *pa, const void *pb)
{
	const tentry *a = pa, *b = pb;
	size_t m = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, m);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = a->len > m ? (unsigned char)a->name[m] : a->mode == GIT_FILEMODE_TREE ? '/' : '\0';
	cb = b->len > m ? (unsigned char)b->name[m] : b->mode == GIT_FILEMODE_TREE ? '/' : '\0';
	return (int)ca - (int)cb;
}

static int keep(tbuild *tb, char *data, size_t len, const git_oid *id)
{
	if (tb->n == tb->cap) {
		size_t cap = tb->cap ? tb->cap * 2 : 64;
		store_file *o = realloc(tb->objs, cap * sizeof(*o));
		git_oid *i;

		if (!o)
			return -1;
		tb->objs = o;
		if (!(i = realloc(tb->ids, cap * sizeof(*i))))
			return -1;
		tb->ids = i;
		tb->cap = cap;
	}
	tb->objs[tb->n].path = NULL;
	tb->objs[tb->n].data = data;
	tb->objs[tb->n].len = len;
	git_oid_cpy(&tb->ids[tb->n], id);
	tb->n++;
	return 0;
}

/* The mode in octal, as git writes it (no leading zero), and a space. */
static char *put_mode(char *w, unsigned mode)
{
	char d[12];
	size_t k = 0;

	do {
		d[k++] = (char)('0' + (mode & 7));
		mode >>= 3;
	} while (mode);
	while (k)
		*w++ = d[--k];
	*w++ = ' ';
	return w;
}

/* The tree of the entries (sorted in git's order, the gone ones skipped)
 * serialised, hashed and kept; *empty when there is none. */
static int write_tree(git_oid *out, bool *empty, tbuild *tb, const tentry *e, size_t n)
{
	size_t i, len = 0, h;
	char *data, *w, head[40];
	SHA_CTX c;

	for (i = 0; i < n; i++)
		if (!e[i].gone)
			len += 8 + e[i].len + GIT_OID_RAWSZ;
	*empty = len == 0;
	if (*empty)
		return 0;
	if (!(data = malloc(len))) {
		git_error_set_oom();
		return -1;
	}
	for (i = 0, w = data; i < n; i++) {
		if (e[i].gone)
			continue;
		w = put_mode(w, e[i].mode);
		memcpy(w, e[i].name, e[i].len);
		w += e[i].len;
		*w++ = '\0';
		memcpy(w, e[i].id.id, GIT_OID_RAWSZ);
		w += GIT_OID_RAWSZ;
	}
	len = (size_t)(w - data);
	h = (size_t)snprintf(head, sizeof(head), "tree %zu", len) + 1;
	SHA1_Init(&c);
	SHA1_Update(&c, head, h);
	SHA1_Update(&c, data, len);
	SHA1_Final(out->id, &c);
	if (keep(tb, data, len, out) < 0) {
		free(data);
		git_error_set_oom();
		return -1;
	}
	return 0;
}

/* The directory whose base tree is base (NULL: new) with updates u[0..n),
 * every path of them past its first plen bytes inside this directory. */
static int build(git_oid *out, bool *empty, tbuild *tb, const git_tree *base, const git_tree_update *u, size_t n,
	size_t plen)
{
	size_t nb = base ? git_tree_entrycount(base) : 0, ne = 0, i, k;
	tentry *e = calloc(nb + n + 1, sizeof(*e));
	int rc = -1;

	if (!e) {
		git_error_set_oom();
		return -1;
	}
	for (i = 0; i < nb; i++) {
		const git_tree_entry *be = git_tree_entry_byindex(base, i);

		e[ne].name = git_tree_entry_name(be);
		e[ne].len = strlen(e[ne].name);
		e[ne].mode = (unsigned)git_tree_entry_filemode(be);
		git_oid_cpy(&e[ne].id, git_tree_entry_id(be));
		ne++;
	}
	for (i = 0; i < n; i = k) {
		const char *name = u[i].path + plen, *slash = strchr(name, '/');
		size_t nl = slash ? (size_t)(slash - name) : strlen(name);
		tentry *t = &e[ne++];

		t->name = name;
		t->len = nl;
		t->seq = 1;
		k = i + 1;
		if (!slash) {
			t->gone = u[i].action == GIT_TREE_UPDATE_REMOVE;
			t->mode = (unsigned)u[i].filemode;
			git_oid_cpy(&t->id, &u[i].id);
			continue;
		}
		/* the updates below this directory follow each other */
		while (k < n && !strncmp(u[k].path + plen, name, nl + 1))
			k++;
		{
			git_tree *sub = NULL;
			char *dir = util_strndup(name, nl);
			const git_tree_entry *be = dir && base ? git_tree_entry_byname(base, dir) : NULL;
			bool sub_empty = false;
			int src;

			free(dir);
			if (be && git_tree_entry_type(be) == GIT_OBJECT_TREE &&
			    git_tree_lookup(&sub, tb->repo, git_tree_entry_id(be)) < 0)
				goto done;
			src = build(&t->id, &sub_empty, tb, sub, u + i, k - i, plen + nl + 1);
			git_tree_free(sub);
			if (src < 0)
				goto done;
			t->mode = GIT_FILEMODE_TREE;
			t->gone = sub_empty;
		}
	}
	/* an update replaces the base's entry of the same name */
	qsort(e, ne, sizeof(*e), by_name);
	for (i = 0; i + 1 < ne; i++)
		if (e[i].len == e[i + 1].len && !memcmp(e[i].name, e[i + 1].name, e[i].len))
			e[i].gone = true;
	qsort(e, ne, sizeof(*e), git_order);
	rc = write_tree(out, empty, tb, e, ne);
done:
	free(e);
	return rc;
}

int store_tree_packed(git_oid *out, git_repository *repo, const git_tree *base, const git_tree_update *updates,
	size_t n)
{
	tbuild tb = { repo, NULL, NULL, 0, 0 };
	bool empty = false;
	size_t i;
	int rc;

	rc = build(out, &empty, &tb, base, updates, n, 0);
	if (rc == 0 && empty) {
		/* the empty tree, which git knows without storing it */
		rc = git_oid_fromstr(out, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
	}
	if (rc == 0)
		rc = store_pack_objects(repo, tb.objs, tb.ids, tb.n, GIT_OBJECT_TREE);
	for (i = 0; i < tb.n; i++)
		free((char *)tb.objs[i].data);
	free(tb.objs);
	free(tb.ids);
	return rc;
}
