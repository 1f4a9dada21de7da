/*
 * store_index.c: git's index file ("DIRC"), read and written by the store
 * (see store_index_int.h and Documentation/gitformat-index.txt in git).
 *
 * Read: versions 2, 3 and 4 (prefix-compressed paths), the SHA-1 trailer
 * checked, sparse directory entries kept as they are. Written: version 2,
 * or 3 when an entry has extended flags (skip-worktree), with the "sdir"
 * extension when there are directory entries, so that git reads it as a
 * sparse index. Optional extensions are not carried over; git rebuilds
 * the cache tree when it wants one.
 */
#include "store/store_index_int.h"

/* SHA-1 by OpenSSL's direct functions, deprecated in OpenSSL 3 but kept:
 * through EVP, the first digest of a process initialises OpenSSL's
 * providers and reads its configuration, about 1.5 ms, more than the
 * whole update of a working tree (bench/README.md). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEADER 12
#define TRAILER 20
#define FIXED 62       /* stat data, id and flags of an on-disk entry */

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put32(dstr *s, uint32_t v)
{
	char b[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };

	dstr_add(s, b, 4);
}

static void put16(dstr *s, uint16_t v)
{
	char b[2] = { (char)(v >> 8), (char)v };

	dstr_add(s, b, 2);
}

static int corrupt(dossier_error *err, const char *path, const char *why)
{
	dossier_error_set(err, DOSSIER_EFAIL, "git's index '%s' is unreadable: %s", path, why);
	dossier_error_set_hint(err, "'git reset' rebuilds it from the branch (your files stay as they are)");
	return DOSSIER_EFAIL;
}

int store_index_add(store_index *idx, const store_ientry *e)
{
	store_ientry *slot;

	if (idx->n == idx->cap) {
		size_t cap = idx->cap ? idx->cap * 2 : 64;
		store_ientry *p = realloc(idx->e, cap * sizeof(*p));

		if (!p)
			return DOSSIER_ENOMEM;
		idx->e = p;
		idx->cap = cap;
	}
	slot = &idx->e[idx->n];
	*slot = *e;
	if (!(slot->path = util_strndup(e->path, e->len)))
		return DOSSIER_ENOMEM;
	idx->n++;
	return 0;
}

void store_index_clear(store_index *idx)
{
	size_t i;

	if (!idx)
		return;
	for (i = 0; i < idx->n; i++)
		free(idx->e[i].path);
	free(idx->e);
	memset(idx, 0, sizeof(*idx));
}

/* git's varint of index version 4 (the offset encoding of packs). */
static int get_varint(size_t *out, const unsigned char **p, const unsigned char *end)
{
	size_t v;
	unsigned char c;

	if (*p >= end)
		return -1;
	c = *(*p)++;
	v = c & 127;
	while (c & 128) {
		if (*p >= end || v > (SIZE_MAX >> 8))
			return -1;
		c = *(*p)++;
		v = ((v + 1) << 7) | (c & 127);
	}
	*out = v;
	return 0;
}

static void sha1(unsigned char md[TRAILER], const void *data, size_t len)
{
	SHA_CTX c;

	SHA1_Init(&c);
	SHA1_Update(&c, data, len);
	SHA1_Final(md, &c);
}

static int check_trailer(const unsigned char *data, size_t len)
{
	static const unsigned char zero[TRAILER];
	unsigned char md[TRAILER];

	/* index.skipHash (git 2.40) writes a null trailer */
	if (!memcmp(data + len - TRAILER, zero, TRAILER))
		return 0;
	sha1(md, data, len - TRAILER);
	return memcmp(md, data + len - TRAILER, TRAILER) ? -1 : 0;
}

static int read_extensions(const unsigned char *p, const unsigned char *end, const char *path,
	dossier_error *err)
{
	while (p < end) {
		uint32_t size;

		if ((size_t)(end - p) < 8)
			return corrupt(err, path, "a truncated extension");
		size = get32(p + 4);
		if ((size_t)(end - p - 8) < size)
			return corrupt(err, path, "a truncated extension");
		if (!memcmp(p, "link", 4)) {
			dossier_error_set(err, DOSSIER_EFAIL,
				"git's index '%s' is a split index, which dossier cannot update", path);
			dossier_error_set_hint(err, "'git config core.splitIndex false && git update-index "
				"--no-split-index' turns it off");
			return DOSSIER_EFAIL;
		}
		/* an upper-case letter marks an optional extension */
		if ((p[0] < 'A' || p[0] > 'Z') && memcmp(p, "sdir", 4)) {
			dossier_error_set(err, DOSSIER_EFAIL,
				"git's index '%s' has the extension '%.4s', which dossier does not know", path, p);
			return DOSSIER_EFAIL;
		}
		p += 8 + size;
	}
	return 0;
}

int store_index_read(store_index *idx, const char *path, dossier_error *err)
{
	dossier_error rerr = DOSSIER_ERROR_INIT;
	unsigned char *data = NULL;
	const unsigned char *p, *end;
	char *raw = NULL;
	size_t len = 0, i, count;
	unsigned version;
	dstr name = DSTR_INIT;
	int rc;

	memset(idx, 0, sizeof(*idx));
	if (access(path, F_OK) != 0)
		return 0;
	if ((rc = util_read_file(&raw, &len, path, &rerr)) < 0) {
		dossier_error_set(err, rc, "%s", rerr.message ? rerr.message : "cannot read the index");
		dossier_error_clear(&rerr);
		return rc;
	}
	data = (unsigned char *)raw;
	if (len < HEADER + TRAILER || memcmp(data, "DIRC", 4)) {
		rc = corrupt(err, path, "not an index file");
		goto done;
	}
	version = get32(data + 4);
	count = get32(data + 8);
	if (version < 2 || version > 4) {
		rc = corrupt(err, path, "an unknown version");
		goto done;
	}
	if (check_trailer(data, len) < 0) {
		rc = corrupt(err, path, "its checksum does not match");
		goto done;
	}
	p = data + HEADER;
	end = data + len - TRAILER;
	for (i = 0; i < count; i++) {
		const unsigned char *start = p, *nul;
		store_ientry e;
		size_t fixed = FIXED;

		memset(&e, 0, sizeof(e));
		if ((size_t)(end - p) < FIXED) {
			rc = corrupt(err, path, "a truncated entry");
			goto done;
		}
		e.ctime_s = get32(p);
		e.ctime_ns = get32(p + 4);
		e.mtime_s = get32(p + 8);
		e.mtime_ns = get32(p + 12);
		e.dev = get32(p + 16);
		e.ino = get32(p + 20);
		e.mode = get32(p + 24);
		e.uid = get32(p + 28);
		e.gid = get32(p + 32);
		e.size = get32(p + 36);
		memcpy(e.id.id, p + 40, GIT_OID_RAWSZ);
		e.flags = get16(p + 60);
		if (e.flags & 0x4000) {
			if (version < 3 || (size_t)(end - p) < FIXED + 2) {
				rc = corrupt(err, path, "a bad extended entry");
				goto done;
			}
			e.xflags = get16(p + 62);
			fixed += 2;
		}
		e.flags &= IDX_ASSUME_VALID | IDX_STAGE_MASK;
		p += fixed;
		if (version == 4) {
			size_t strip;

			if (get_varint(&strip, &p, end) < 0 || strip > name.len) {
				rc = corrupt(err, path, "a bad path");
				goto done;
			}
			name.len -= strip;
		} else {
			name.len = 0;
		}
		nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul) {
			rc = corrupt(err, path, "a bad path");
			goto done;
		}
		dstr_add(&name, (const char *)p, (size_t)(nul - p));
		if (name.oom) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		if (version == 4) {
			p = nul + 1;
		} else {
			size_t entry = (fixed + (size_t)(nul - p) + 8) & ~(size_t)7;

			if ((size_t)(end - start) < entry) {
				rc = corrupt(err, path, "a truncated entry");
				goto done;
			}
			p = start + entry;
		}
		e.path = name.ptr ? name.ptr : (char *)"";
		e.len = name.len;
		if (store_index_add(idx, &e) < 0) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
	}
	rc = read_extensions(p, end, path, err);
done:
	dstr_free(&name);
	free(raw);
	if (rc < 0)
		store_index_clear(idx);
	return rc;
}

int store_index_serialise(dstr *out, const store_index *idx)
{
	unsigned char md[TRAILER];
	bool extended = false, dirs = false;
	size_t i;

	for (i = 0; i < idx->n; i++) {
		extended |= idx->e[i].xflags != 0;
		dirs |= idx->e[i].mode == IDX_MODE_DIR;
	}
	dstr_add(out, "DIRC", 4);
	put32(out, extended ? 3 : 2);
	put32(out, (uint32_t)idx->n);
	for (i = 0; i < idx->n; i++) {
		const store_ientry *e = &idx->e[i];
		bool x = e->xflags != 0;
		size_t fixed = FIXED + (x ? 2 : 0), pad;
		static const char zeros[8];

		put32(out, e->ctime_s);
		put32(out, e->ctime_ns);
		put32(out, e->mtime_s);
		put32(out, e->mtime_ns);
		put32(out, e->dev);
		put32(out, e->ino);
		put32(out, e->mode);
		put32(out, e->uid);
		put32(out, e->gid);
		put32(out, e->size);
		dstr_add(out, (const char *)e->id.id, GIT_OID_RAWSZ);
		put16(out, (uint16_t)((e->flags & (IDX_ASSUME_VALID | IDX_STAGE_MASK)) | (x ? 0x4000 : 0) |
			(e->len < 0xfff ? e->len : 0xfff)));
		if (x)
			put16(out, e->xflags);
		dstr_add(out, e->path, e->len);
		pad = ((fixed + e->len + 8) & ~(size_t)7) - fixed - e->len;
		dstr_add(out, zeros, pad);
	}
	if (dirs) {
		dstr_add(out, "sdir", 4);
		put32(out, 0);
	}
	if (out->oom)
		return DOSSIER_ENOMEM;
	sha1(md, out->ptr, out->len);
	dstr_add(out, (const char *)md, TRAILER);
	return out->oom ? DOSSIER_ENOMEM : 0;
}
