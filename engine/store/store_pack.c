/*
 * store_pack.c: writing many blobs at once as one git pack, for a bulk
 * import (issue 8, issue 18). Part of the store: one of the files allowed
 * to include git2.h.
 *
 * Writing 100,000 records as loose objects costs 100,000 files; libgit2's
 * packbuilder over objects held in a mempack backend searches deltas
 * between every object and was measured quadratic; and handing a pack
 * stream to libgit2's indexer (git_odb_write_pack) makes it parse,
 * inflate and hash again every object just written (a sixth of an
 * import, most of it in its collision-detecting SHA-1). So both files are
 * written here, in git's documented formats (gitformat-pack(5)):
 *
 * - the .pack, version 2: whole objects, no deltas (the records are small
 *   and different), each a zlib stream of *stored* deflate blocks (RFC
 *   1950/1951: no compression, see below) with zlib's Adler-32, and the
 *   whole file closed with its SHA-1;
 * - the .idx, version 2: the fan-out table, the sorted ids, each object's
 *   CRC-32 (zlib's) and offset (a 64-bit table past 2 GB), the pack's
 *   SHA-1 and the index's own.
 *
 * Both are written to temporary files in objects/pack/ and renamed to
 * pack-<sha>.pack, then .idx (readers look for the .idx, so a pack is
 * never seen half written), read-only as git makes them; then the object
 * database is refreshed. Blob ids are computed with OpenSSL's SHA-1 (git
 * and libgit2 use a collision-detecting SHA-1 that is several times
 * slower; `git fsck` checks objects with it). A failure removes the
 * temporary files and leaves the repository as it was. The same writer
 * makes the small second pack of the import's trees (store_pack_objects,
 * for store_tree.c), synchronously, with the ids the caller computed.
 */
#include "store/store_pack_int.h"

/* SHA-1 by OpenSSL's direct functions: see store_index.c. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/util.h"
#include "store/store_int.h"

/* Written out in chunks of about this size. */
#define CHUNK (1u << 20)
/* The largest stored deflate block. */
#define STORED_MAX 65535u

typedef struct pack_file {
	int fd;
	char *path;          /* the temporary file, removed unless renamed */
	SHA_CTX sha;
	unsigned char *buf;
	size_t len;
	uint64_t written;    /* bytes handed to the file so far (the next object's offset, less len) */
	int failed;          /* the message is in *why */
	char **why;
} pack_file;

/* The writing may run on a thread of its own, where libgit2's error (kept
 * per thread) would be lost: the message is kept, and set on the caller's
 * thread by store_pack_finish. */
static void set_why(char **why, char *msg)
{
	if (*why) {
		free(msg);
		return;
	}
	*why = msg ? msg : util_strdup("out of memory");
}

/* fmt: a whole message with the path's %s and the system's reason's %s,
 * translated here (a keyword of po/meson.build) in the caller's locale,
 * which the writing thread takes too. */
static void set_os_error(char **why, const char *fmt, const char *path, int errnum)
{
	char os[STORE_OS_ERROR_MAX];

	store_os_error(os, errnum);
	set_why(why, util_sprintf(_(fmt), path, os));
}

static int pf_open(pack_file *f, const char *dir, const char *stem, char **why)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->why = why;
	if (!(f->path = util_sprintf("%s/%sXXXXXX", dir, stem)) || !(f->buf = malloc(CHUNK))) {
		set_why(why, NULL);
		return f->failed = -1;
	}
	if ((f->fd = mkstemp(f->path)) < 0) {
		set_os_error(why, "cannot create '%s': %s", f->path, errno);
		return f->failed = -1;
	}
	SHA1_Init(&f->sha);
	return 0;
}

static int pf_flush(pack_file *f)
{
	if (f->failed || f->len == 0)
		return f->failed;
	SHA1_Update(&f->sha, f->buf, f->len);
	if (store_write_all(f->fd, f->buf, f->len) < 0) {
		set_os_error(f->why, "cannot write '%s': %s", f->path, errno);
		return f->failed = -1;
	}
	f->written += f->len;
	f->len = 0;
	return 0;
}

/* The offset in the file of the next byte written. */
static uint64_t pf_tell(const pack_file *f)
{
	return f->written + f->len;
}

static int pf_bytes(pack_file *f, const void *p, size_t n)
{
	while (n > 0 && !f->failed) {
		size_t room, k;

		if (f->len == CHUNK && pf_flush(f) < 0)
			break;
		room = CHUNK - f->len;
		k = n < room ? n : room;
		memcpy(f->buf + f->len, p, k);
		f->len += k;
		p = (const char *)p + k;
		n -= k;
	}
	return f->failed;
}

/* The trailer (the SHA-1 of everything before it), then the file closed
 * read-only; md receives the SHA-1. */
static int pf_finish(pack_file *f, unsigned char md[SHA_DIGEST_LENGTH])
{
	if (pf_flush(f) < 0)
		return -1;
	SHA1_Final(md, &f->sha);
	if (store_write_all(f->fd, md, SHA_DIGEST_LENGTH) < 0) {
		set_os_error(f->why, "cannot write '%s': %s", f->path, errno);
		return f->failed = -1;
	}
	if (fchmod(f->fd, 0444) < 0 || close(f->fd) < 0) {
		f->fd = -1;
		set_os_error(f->why, "cannot write '%s': %s", f->path, errno);
		return f->failed = -1;
	}
	f->fd = -1;
	return 0;
}

/* Close and free; the temporary file is removed unless it was renamed (path NULL). */
static void pf_free(pack_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->path)
		unlink(f->path);
	free(f->path);
	free(f->buf);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One object: the type-and-size header, then its data as a zlib stream of
 * stored blocks; *crc receives the CRC-32 of those bytes, as the .idx keeps it. */
static int pack_object(pack_file *f, uint32_t *crc, int type, const char *data, size_t len)
{
	unsigned char hdr[24];
	size_t h = 0, size = len, done = 0;
	uLong c = crc32(0L, Z_NULL, 0);

	hdr[h] = (unsigned char)((type << 4) | (size & 15));
	size >>= 4;
	while (size) {
		hdr[h++] |= 0x80;
		hdr[h] = size & 0x7f;
		size >>= 7;
	}
	h++;
	hdr[h++] = 0x78;   /* zlib: deflate, 32 KB window; */
	hdr[h++] = 0x01;   /* no dictionary, "fastest" (a multiple of 31 with the byte before) */
	if (pf_bytes(f, hdr, h) < 0)
		return -1;
	c = crc32(c, hdr, (uInt)h);
	do {
		size_t k = len - done < STORED_MAX ? len - done : STORED_MAX;
		unsigned char b[5];

		b[0] = done + k == len;   /* BFINAL, BTYPE 00: stored */
		b[1] = (unsigned char)k;
		b[2] = (unsigned char)(k >> 8);
		b[3] = (unsigned char)~k;
		b[4] = (unsigned char)(~k >> 8);
		if (pf_bytes(f, b, sizeof(b)) < 0 || pf_bytes(f, data + done, k) < 0)
			return -1;
		c = crc32(c, b, sizeof(b));
		c = crc32(c, (const Bytef *)data + done, (uInt)k);
		done += k;
	} while (done < len);
	put32(hdr, (uint32_t)adler32(adler32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len));
	if (pf_bytes(f, hdr, 4) < 0)
		return -1;
	*crc = (uint32_t)crc32(c, hdr, 4);
	return 0;
}

/* A blob's id, as git computes it. */
static void blob_id(git_oid *id, const char *data, size_t len)
{
	SHA_CTX c;
	char hdr[32], d[24];
	size_t h = 5, k = 0, n = len;

	/* "blob <len>" and its NUL, without snprintf for each record */
	memcpy(hdr, "blob ", 5);
	do {
		d[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k)
		hdr[h++] = d[--k];
	hdr[h++] = '\0';
	SHA1_Init(&c);
	SHA1_Update(&c, hdr, h);
	SHA1_Update(&c, data, len);
	SHA1_Final(id->id, &c);
}

typedef struct hash_range {
	git_oid *ids;
	const store_file *files;
	size_t from, to;
} hash_range;

static void hash_some(void *payload)
{
	hash_range *h = payload;
	size_t i;

	for (i = h->from; i < h->to; i++)
		blob_id(&h->ids[i], h->files[i].data, h->files[i].len);
}

static int oid_index_cmp(const git_oid *ids, size_t a, size_t b)
{
	return memcmp(ids[a].id, ids[b].id, GIT_OID_RAWSZ);
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
				tmp[k++] = oid_index_cmp(ids, idx[b], idx[a]) < 0 ? idx[b++] : idx[a++];
			while (a < mid)
				tmp[k++] = idx[a++];
			while (b < hi)
				tmp[k++] = idx[b++];
		}
		memcpy(idx, tmp, n * sizeof(*idx));
	}
}

/* The .idx (version 2) of the objects sorted[0..unique), their offsets
 * and CRC-32s indexed by file number. */
static int write_idx(pack_file *f, const git_oid *ids, const size_t *sorted, size_t unique,
	const uint64_t *offsets, const uint32_t *crcs, const unsigned char pack_sha[SHA_DIGEST_LENGTH],
	unsigned char md[SHA_DIGEST_LENGTH])
{
	unsigned char b[8];
	size_t i, j, large = 0;

	pf_bytes(f, "\377tOc", 4);
	put32(b, 2);
	pf_bytes(f, b, 4);
	for (i = 0, j = 0; i < 256; i++) {
		while (j < unique && ids[sorted[j]].id[0] <= i)
			j++;
		put32(b, (uint32_t)j);
		pf_bytes(f, b, 4);
	}
	for (i = 0; i < unique; i++)
		pf_bytes(f, ids[sorted[i]].id, GIT_OID_RAWSZ);
	for (i = 0; i < unique; i++) {
		put32(b, crcs[sorted[i]]);
		pf_bytes(f, b, 4);
	}
	for (i = 0; i < unique; i++) {
		uint64_t off = offsets[sorted[i]];

		put32(b, off < 0x80000000u ? (uint32_t)off : (uint32_t)(0x80000000u | large++));
		pf_bytes(f, b, 4);
	}
	for (i = 0; i < unique; i++) {
		uint64_t off = offsets[sorted[i]];

		if (off >= 0x80000000u) {
			put32(b, (uint32_t)(off >> 32));
			put32(b + 4, (uint32_t)off);
			pf_bytes(f, b, 8);
		}
	}
	pf_bytes(f, pack_sha, SHA_DIGEST_LENGTH);
	return pf_finish(f, md);
}

/* What store_pack_start hands to the writer, and its outcome. */
struct store_pack_job {
	const git_oid *ids;
	const store_file *files;
	size_t n, unique;
	int type;            /* of every object: GIT_OBJECT_BLOB, GIT_OBJECT_TREE */
	size_t *order;       /* [0, unique): the files to write, sorted by id */
	size_t *mark;        /* mark[i]: file i is written (its first copy) */
	char *dir;           /* objects/pack */
	store_progress_fn progress;
	void *payload;
	pthread_t thread;
	locale_t locale;     /* the caller's, for the progress callback's messages */
	bool threaded;
	int rc;
	char *why;           /* the failure's message */
};

/* Write the .pack and the .idx and put them in place: all but the
 * object database's refresh, which is libgit2's and the caller's thread's. */
static void write_pack(store_pack_job *j)
{
	pack_file pack, idx;
	uint64_t *offsets = malloc(j->n * sizeof(*offsets));
	uint32_t *crcs = malloc(j->n * sizeof(*crcs));
	unsigned char head[12], pack_sha[SHA_DIGEST_LENGTH], idx_sha[SHA_DIGEST_LENGTH];
	char hex[GIT_OID_HEXSZ + 1], *final_pack = NULL, *final_idx = NULL;
	git_oid pack_id;
	bool pack_renamed = false;
	size_t i;

	j->rc = -1;
	memset(&pack, 0, sizeof(pack));
	memset(&idx, 0, sizeof(idx));
	pack.fd = idx.fd = -1;
	if (!offsets || !crcs) {
		set_why(&j->why, NULL);
		goto done;
	}
	if (pf_open(&pack, j->dir, "tmp_pack_", &j->why) < 0)
		goto done;
	memcpy(head, "PACK", 4);
	put32(head + 4, 2);
	put32(head + 8, (uint32_t)j->unique);
	pf_bytes(&pack, head, sizeof(head));
	for (i = 0; i < j->n; i++) {
		if (j->mark[i]) {
			offsets[i] = pf_tell(&pack);
			if (pack_object(&pack, &crcs[i], j->type, j->files[i].data, j->files[i].len) < 0)
				goto done;
		}
		if (j->progress && ((i + 1) % 1024 == 0 || i + 1 == j->n))
			j->progress(i + 1, j->n, j->payload);
	}
	if (pf_finish(&pack, pack_sha) < 0)
		goto done;
	if (pf_open(&idx, j->dir, "tmp_idx_", &j->why) < 0 ||
	    write_idx(&idx, j->ids, j->order, j->unique, offsets, crcs, pack_sha, idx_sha) < 0)
		goto done;
	memcpy(pack_id.id, pack_sha, GIT_OID_RAWSZ);
	git_oid_tostr(hex, sizeof(hex), &pack_id);
	final_pack = util_sprintf("%s/pack-%s.pack", j->dir, hex);
	final_idx = util_sprintf("%s/pack-%s.idx", j->dir, hex);
	if (!final_pack || !final_idx) {
		set_why(&j->why, NULL);
		goto done;
	}
	/* The same pack in place already (the same records written by an
	 * earlier attempt): the temporary files go. */
	if (access(final_idx, F_OK) < 0) {
		if (rename(pack.path, final_pack) < 0) {
			set_os_error(&j->why, "cannot rename the pack to '%s': %s", final_pack, errno);
			goto done;
		}
		pack_renamed = true;
		free(pack.path);
		pack.path = NULL;
		if (rename(idx.path, final_idx) < 0) {
			set_os_error(&j->why, "cannot rename the pack's index to '%s': %s", final_idx, errno);
			goto done;
		}
		free(idx.path);
		idx.path = NULL;
		pack_renamed = false;   /* both in place: keep them */
	}
	j->rc = 0;
done:
	if (pack_renamed)
		unlink(final_pack);
	pf_free(&pack);
	pf_free(&idx);
	free(final_pack);
	free(final_idx);
	free(offsets);
	free(crcs);
}

static void *write_pack_thread(void *p)
{
	uselocale(((store_pack_job *)p)->locale);
	write_pack(p);
	return NULL;
}

static void job_free(store_pack_job *j)
{
	if (!j)
		return;
	free(j->order);
	free(j->mark);
	free(j->dir);
	free(j->why);
	free(j);
}

/* The job of writing files (their ids computed) as objects of one type:
 * started on a thread of its own when threaded, else written now. */
static int pack_job_start(store_pack_job **out, const git_oid *ids, git_repository *repo, const store_file *files,
	size_t n, int type, bool threaded, store_progress_fn progress, void *payload)
{
	git_buf objects = GIT_BUF_INIT;
	store_pack_job *j;
	size_t *tmp = NULL, i;
	int rc = -1;

	*out = NULL;
	if (!(j = calloc(1, sizeof(*j)))) {
		git_error_set_oom();
		return -1;
	}
	j->ids = ids;
	j->files = files;
	j->n = n;
	j->type = type;
	j->progress = progress;
	j->payload = payload;
	/* The same content twice is one object in the pack. */
	j->order = malloc(n * sizeof(*j->order));
	j->mark = calloc(n, sizeof(*j->mark));
	tmp = malloc(n * sizeof(*tmp));
	if (!j->order || !j->mark || !tmp) {
		git_error_set_oom();
		goto done;
	}
	for (i = 0; i < n; i++)
		j->order[i] = i;
	sort_by_oid(j->order, tmp, n, ids);
	for (i = 0; i < n; i++)
		if (i == 0 || oid_index_cmp(ids, j->order[i], j->order[i - 1]) != 0)
			j->order[j->unique++] = j->order[i];
	/* written in the caller's order, usually the reading order */
	for (i = 0; i < j->unique; i++)
		j->mark[j->order[i]] = 1;
	if (git_repository_item_path(&objects, repo, GIT_REPOSITORY_ITEM_OBJECTS) < 0)
		goto done;
	if (!(j->dir = util_sprintf("%spack", objects.ptr))) {
		git_error_set_oom();
		goto done;
	}
	if (mkdir(j->dir, 0777) < 0 && errno != EEXIST) {
		char os[STORE_OS_ERROR_MAX], *msg;

		store_os_error(os, errno);
		msg = util_sprintf(_("cannot create '%s': %s"), j->dir, os);
		git_error_set_str(GIT_ERROR_OS, msg ? msg : "i/o failure");
		free(msg);
		goto done;
	}
	j->locale = uselocale((locale_t)0);
	j->threaded = threaded && pthread_create(&j->thread, NULL, write_pack_thread, j) == 0;
	if (!j->threaded)
		write_pack(j);
	rc = 0;
done:
	git_buf_dispose(&objects);
	free(tmp);
	if (rc < 0)
		job_free(j);
	else
		*out = j;
	return rc;
}

int store_pack_start(store_pack_job **out, git_oid *ids, git_repository *repo, const store_file *files,
	size_t n, store_progress_fn progress, void *payload)
{
	*out = NULL;
	if (n == 0)
		return 0;
	{
		/* the ids on both cores */
		hash_range h[2] = { { ids, files, 0, n / 2 }, { ids, files, n / 2, n } };

		if (n < 256) {
			hash_some(&h[0]);
			hash_some(&h[1]);
		} else {
			util_both(hash_some, &h[0], &h[1]);
		}
	}
	/* The pack is written while the caller builds the trees and the
	 * commit, which only name the blobs; store_pack_finish waits for it. */
	return pack_job_start(out, ids, repo, files, n, GIT_OBJECT_BLOB, true, progress, payload);
}

int store_pack_objects(git_repository *repo, const store_file *objects, const git_oid *ids, size_t n, int type)
{
	store_pack_job *j;

	if (n == 0)
		return 0;
	if (pack_job_start(&j, ids, repo, objects, n, type, false, NULL, NULL) < 0)
		return -1;
	return store_pack_finish(j, repo);
}

int store_pack_finish(store_pack_job *j, git_repository *repo)
{
	git_odb *odb = NULL;
	int rc;

	if (!j)
		return 0;
	if (j->threaded)
		pthread_join(j->thread, NULL);
	rc = j->rc;
	if (rc < 0)
		git_error_set_str(GIT_ERROR_OS, j->why ? j->why : "cannot write the pack");
	else if (git_repository_odb(&odb, repo) < 0 || git_odb_refresh(odb) < 0)
		rc = -1;
	git_odb_free(odb);
	job_free(j);
	return rc;
}

int store_pack_blobs(git_oid *ids, git_repository *repo, const store_file *files, size_t n,
	store_progress_fn progress, void *payload)
{
	store_pack_job *j;

	if (store_pack_start(&j, ids, repo, files, n, progress, payload) < 0)
		return -1;
	return store_pack_finish(j, repo);
}
