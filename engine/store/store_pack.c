/*
 * store_pack.c: writing many blobs at once as one git pack, for a bulk
 * import (issue 8). Part of the store: one of the files allowed to include
 * git2.h.
 *
 * Writing 100,000 records as loose objects costs 100,000 files (and as many
 * fsync-less but still slow creat/rename pairs); libgit2's packbuilder over
 * objects held in a mempack backend searches deltas between every object
 * and was measured quadratic. So the pack stream is built here directly, in
 * the documented pack format (version 2, whole objects, no deltas: the
 * records are small and different), each object a zlib stream of stored
 * blocks (see below) and the stream closed with its SHA-1; libgit2's own
 * indexer (git_odb_write_pack) then checks it, writes the .idx and
 * installs the pack in the object database. Blob ids are computed with git_odb_hash
 * beforehand, so that the trees can name them.
 */
#include "store/store_pack_int.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/util.h"

/* The stream is handed to the indexer in chunks of about this size. */
#define CHUNK (1u << 20)

typedef struct pack_out {
	git_odb_writepack *wp;
	git_indexer_progress stats;
	EVP_MD_CTX *sha;
	unsigned char *buf;
	size_t len;
	int failed;   /* a libgit2 or OpenSSL failure: the message is in git_error_last or set by us */
} pack_out;

static int out_flush(pack_out *o)
{
	if (o->len == 0 || o->failed)
		return o->failed;
	if (EVP_DigestUpdate(o->sha, o->buf, o->len) != 1) {
		git_error_set_str(GIT_ERROR_NONE, "SHA-1 of the pack failed");
		return o->failed = -1;
	}
	if (o->wp->append(o->wp, o->buf, o->len, &o->stats) < 0)
		return o->failed = -1;
	o->len = 0;
	return 0;
}

/* Make room for `need` more bytes. */
static int out_reserve(pack_out *o, size_t need)
{
	if (o->len + need <= CHUNK)
		return 0;
	return out_flush(o);
}

static int out_bytes(pack_out *o, const void *p, size_t n)
{
	while (n > 0 && !o->failed) {
		size_t room, k;

		if (out_reserve(o, 1) < 0)
			break;
		room = CHUNK - o->len;
		k = n < room ? n : room;
		memcpy(o->buf + o->len, p, k);
		o->len += k;
		p = (const char *)p + k;
		n -= k;
	}
	return o->failed;
}

/* One object: the type-and-size header, then the deflated data. */
static int out_object(pack_out *o, z_stream *z, const char *data, size_t len)
{
	unsigned char hdr[16];
	size_t h = 0, size = len;
	int zrc;

	hdr[h] = (unsigned char)((GIT_OBJECT_BLOB << 4) | (size & 15));
	size >>= 4;
	while (size) {
		hdr[h++] |= 0x80;
		hdr[h] = size & 0x7f;
		size >>= 7;
	}
	h++;
	if (out_bytes(o, hdr, h) < 0)
		return -1;
	if (deflateReset(z) != Z_OK) {
		git_error_set_str(GIT_ERROR_ZLIB, "cannot reset the compressor");
		return o->failed = -1;
	}
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	do {
		if (out_reserve(o, 4096) < 0)
			return -1;
		z->next_out = o->buf + o->len;
		z->avail_out = (uInt)(CHUNK - o->len);
		zrc = deflate(z, Z_FINISH);
		o->len = CHUNK - z->avail_out;
		if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
			git_error_set_str(GIT_ERROR_ZLIB, "cannot compress a record");
			return o->failed = -1;
		}
	} while (zrc != Z_STREAM_END);
	return 0;
}

static int oid_index_cmp(const void *pa, const void *pb, void *ids)
{
	return git_oid_cmp(&((const git_oid *)ids)[*(const size_t *)pa],
		&((const git_oid *)ids)[*(const size_t *)pb]);
}

/* qsort_r is not in C11; sort by index with a small merge sort instead. */
static void sort_by_oid(size_t *idx, size_t *tmp, size_t n, const git_oid *ids)
{
	size_t width, i;

	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t lo = i, mid = i + width < n ? i + width : n, hi = i + 2 * width < n ? i + 2 * width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				tmp[k++] = oid_index_cmp(&idx[b], &idx[a], (void *)ids) < 0 ? idx[b++] : idx[a++];
			while (a < mid)
				tmp[k++] = idx[a++];
			while (b < hi)
				tmp[k++] = idx[b++];
		}
		memcpy(idx, tmp, n * sizeof(*idx));
	}
}

int store_pack_blobs(git_oid *ids, git_repository *repo, const store_file *files, size_t n,
	store_progress_fn progress, void *payload)
{
	git_odb *odb = NULL;
	pack_out o;
	z_stream z;
	size_t *order = NULL, *tmp = NULL, i, unique = 0;
	unsigned char head[12], trailer[EVP_MAX_MD_SIZE];
	unsigned int tlen = 0;
	bool z_ready = false;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	memset(&z, 0, sizeof(z));
	for (i = 0; i < n; i++)
		if (git_odb_hash(&ids[i], files[i].data, files[i].len, GIT_OBJECT_BLOB) < 0)
			return -1;
	if (n == 0)
		return 0;
	/* The same content twice is one object in the pack. */
	order = malloc(n * sizeof(*order));
	tmp = malloc(n * sizeof(*tmp));
	o.buf = malloc(CHUNK);
	o.sha = EVP_MD_CTX_new();
	if (!order || !tmp || !o.buf || !o.sha) {
		git_error_set_oom();
		goto done;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	sort_by_oid(order, tmp, n, ids);
	for (i = 0; i < n; i++)
		if (i == 0 || git_oid_cmp(&ids[order[i]], &ids[order[i - 1]]) != 0)
			order[unique++] = order[i];
	/* Write them in the caller's order, which is usually the reading order. */
	memcpy(tmp, order, unique * sizeof(*order));
	{
		size_t *mark = order;   /* reuse: mark[i] = 1 when file i is written */

		memset(mark, 0, n * sizeof(*mark));
		for (i = 0; i < unique; i++)
			mark[tmp[i]] = 1;
	}
	if (EVP_DigestInit_ex(o.sha, EVP_sha1(), NULL) != 1) {
		git_error_set_str(GIT_ERROR_NONE, "SHA-1 is not available");
		goto done;
	}
	/* Stored, not compressed: measured on 100,000 records of ~700 bytes,
	 * deflate (even at level 1 with a 1 KB window, or Huffman only) was the
	 * largest part of an import and saved a third of the size; `git gc`
	 * compresses the pack later. The small window and hash table matter
	 * because deflateReset clears the hash table for every object. */
	if (deflateInit2(&z, Z_NO_COMPRESSION, Z_DEFLATED, 10, 1, Z_DEFAULT_STRATEGY) != Z_OK) {
		git_error_set_str(GIT_ERROR_ZLIB, "cannot start the compressor");
		goto done;
	}
	z_ready = true;
	if (git_repository_odb(&odb, repo) < 0 || git_odb_write_pack(&o.wp, odb, NULL, NULL) < 0)
		goto done;
	memcpy(head, "PACK", 4);
	head[4] = 0; head[5] = 0; head[6] = 0; head[7] = 2;
	head[8] = (unsigned char)(unique >> 24);
	head[9] = (unsigned char)(unique >> 16);
	head[10] = (unsigned char)(unique >> 8);
	head[11] = (unsigned char)unique;
	if (out_bytes(&o, head, sizeof(head)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if (order[i] && out_object(&o, &z, files[i].data, files[i].len) < 0)
			goto done;
		if (progress && ((i + 1) % 1024 == 0 || i + 1 == n))
			progress(i + 1, n, payload);
	}
	if (out_flush(&o) < 0)
		goto done;
	if (EVP_DigestFinal_ex(o.sha, trailer, &tlen) != 1) {
		git_error_set_str(GIT_ERROR_NONE, "SHA-1 of the pack failed");
		goto done;
	}
	if (o.wp->append(o.wp, trailer, tlen, &o.stats) < 0 || o.wp->commit(o.wp, &o.stats) < 0)
		goto done;
	if (git_odb_refresh(odb) < 0)
		goto done;
	rc = 0;
done:
	if (o.wp)
		o.wp->free(o.wp);
	if (z_ready)
		deflateEnd(&z);
	EVP_MD_CTX_free(o.sha);
	git_odb_free(odb);
	free(o.buf);
	free(order);
	free(tmp);
	return rc;
}
