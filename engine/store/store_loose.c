/*
 * store_loose.c: the loose objects of an action (its records, state.json,
 * its trees and its commit) written by the store itself, as git writes
 * them: objects/ab/cdef… holding a zlib stream of "<type> <size>\0" and
 * the data, written to a temporary file in the same directory and renamed
 * into place (docs/git-store.md, "Writing an action's objects").
 *
 * Why not libgit2's git_odb_write: it deflates every object (libgit2 1.5
 * at level 1, a fresh deflate state of some 256 KB cleared per object)
 * and hashes with the collision-detecting SHA-1; for the six small
 * objects of a comment that was a fifth of the call. Here the stream is
 * made of *stored* deflate blocks (RFC 1950/1951, as store_pack.c writes
 * its pack), a valid zlib stream that git, `git fsck` and libgit2 read as
 * any other; `git gc` compresses them when it packs. The id is computed
 * with OpenSSL's SHA-1 (git's own gives the same ids and checks for
 * collisions in `git fsck`).
 *
 * Durability is libgit2's and git's: the file is complete before it is
 * renamed into place, so a crash leaves either no object or the whole
 * object (never a torn one under its name); it is flushed to the disk
 * (fsync) when core.fsyncObjectFiles says so. An object already there is
 * not written again.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "base/util.h"
#include "store/store_int.h"

/* The largest stored deflate block. */
#define STORED_MAX 65535u

/* objects/ with a trailing '/', and whether to fsync, read once per handle. */
static int loose_setup(dossier_store *store, dossier_error *err)
{
	git_config *cfg = NULL;
	int on = 0;

	if (store->objects_dir)
		return 0;
	if (git_repository_config_snapshot(&cfg, store->repo) == 0) {
		if (git_config_get_bool(&on, cfg, "core.fsyncObjectFiles") < 0)
			on = 0;
		git_config_free(cfg);
	}
	git_error_clear();
	store->loose_fsync = on != 0;
	if (!(store->objects_dir = util_sprintf("%sobjects/", git_repository_path(store->repo))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

static void put32be(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The zlib stream of the object (header and data) into *out (caller frees). */
static unsigned char *loose_stream(size_t *out_len, const char *hdr, size_t hlen, const void *data,
	size_t len)
{
	size_t total = hlen + len, nblocks = total / STORED_MAX + 1;
	unsigned char *buf = malloc(2 + nblocks * 5 + total + 4), *p = buf;
	uLong a = adler32(0L, Z_NULL, 0);
	size_t done = 0;

	if (!buf)
		return NULL;
	*p++ = 0x78;   /* zlib: deflate, 32 KB window; */
	*p++ = 0x01;   /* no dictionary, "fastest" (a multiple of 31 with the byte before) */
	do {
		size_t k = total - done < STORED_MAX ? total - done : STORED_MAX, i;

		p[0] = done + k == total;   /* BFINAL, BTYPE 00: stored */
		p[1] = (unsigned char)k;
		p[2] = (unsigned char)(k >> 8);
		p[3] = (unsigned char)~k;
		p[4] = (unsigned char)(~k >> 8);
		p += 5;
		/* the header, then the data, cut into blocks of STORED_MAX */
		for (i = done; i < done + k;) {
			size_t n;

			if (i < hlen) {
				n = hlen - i < done + k - i ? hlen - i : done + k - i;
				memcpy(p, hdr + i, n);
			} else {
				n = done + k - i;
				memcpy(p, (const char *)data + (i - hlen), n);
			}
			a = adler32(a, p, (uInt)n);
			p += n;
			i += n;
		}
		done += k;
	} while (done < total);
	put32be(p, (uint32_t)a);
	p += 4;
	*out_len = (size_t)(p - buf);
	return buf;
}

int store_loose_write(git_oid *out, dossier_store *store, git_object_t type, const void *data, size_t len,
	dossier_error *err)
{
	char hdr[48], hex[GIT_OID_HEXSZ + 1];
	int hlen = snprintf(hdr, sizeof(hdr), "%s %zu", git_object_type2string(type), len) + 1;
	unsigned char *zs = NULL;
	char *path = NULL, *tmp = NULL;
	size_t zlen = 0, dlen;
	SHA_CTX c;
	int fd = -1, rc = 0, e;

	if ((rc = loose_setup(store, err)) < 0)
		return rc;
	SHA1_Init(&c);
	SHA1_Update(&c, hdr, (size_t)hlen);
	SHA1_Update(&c, data, len);
	SHA1_Final(out->id, &c);
	git_oid_tostr(hex, sizeof(hex), out);
	dlen = strlen(store->objects_dir) + 2;
	path = util_sprintf("%s%.2s/%s", store->objects_dir, hex, hex + 2);
	/* pid and thread: a thread writes one object at a time, and renames or
	 * removes its temporary file before it writes the next */
	tmp = util_sprintf("%s%.2s/tmp_obj_%ld_%ld", store->objects_dir, hex, (long)getpid(),
		(long)syscall(SYS_gettid));
	if (!path || !tmp) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (access(path, F_OK) == 0)
		goto done;   /* the same bytes are there already */
	if (!(zs = loose_stream(&zlen, hdr, (size_t)hlen, data, len))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0 && errno == ENOENT) {
		/* the first object of its fan-out directory */
		tmp[dlen] = '\0';
		if (mkdir(tmp, 0777) < 0 && errno != EEXIST) {
			e = errno;
			rc = store_os_failure(err, e, "cannot create the object directory '%s'", tmp);
			goto done;
		}
		tmp[dlen] = '/';
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	}
	if (fd < 0 && errno == EEXIST) {
		/* left by a process that died with our pid: another name */
		free(tmp);
		tmp = util_sprintf("%s%.2s/tmp_obj_%ld_%ld_%lx", store->objects_dir, hex, (long)getpid(),
			(long)syscall(SYS_gettid), (unsigned long)time(NULL));
		if (!tmp) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	}
	if (fd < 0) {
		e = errno;
		rc = store_os_failure(err, e, "cannot write the object %s", hex);
		goto done;
	}
	if (store_write_all(fd, zs, zlen) < 0 || (store->loose_fsync && fsync(fd) < 0)) {
		e = errno;
		close(fd);
		unlink(tmp);
		rc = store_os_failure(err, e, "cannot write the object %s", hex);
		goto done;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		rc = store_os_failure(err, e, "cannot write the object %s", hex);
		goto done;
	}
done:
	free(zs);
	free(path);
	free(tmp);
	return rc;
}
