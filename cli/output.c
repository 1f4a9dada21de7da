/*
 * output.c: writing a command's result to a file with -o.
 *
 * A regular file (or a new one) is written through a temporary file in the
 * same directory, flushed and renamed over the target, so a reader never
 * sees half a file and an error leaves the old file (or none) in place; the
 * new file keeps the old one's mode (and owner, where we may give it). A
 * symbolic link is followed: its final target is replaced, the link stays.
 * Anything else that is not a directory (a character or block device, a
 * FIFO) is written in place, as a shell's redirection would: renaming over
 * /dev/full would replace the device itself. A read-only target is refused
 * and left as it is.
 *
 * cli_write_stdout() is the same result written to standard output, with
 * the write error named.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* How many links to follow before giving up, as the kernel does (ELOOP). */
#define MAX_LINKS 40

/* The file a path finally names, following symbolic links; a path that
 * does not exist (or a dangling link's target) is returned as it is. NULL
 * with errno set on a loop or without memory. Caller frees. */
static char *follow_links(const char *path)
{
	char *cur = strdup(path);
	int hops;

	for (hops = 0; cur && hops <= MAX_LINKS; hops++) {
		struct stat st;
		char buf[PATH_MAX];
		ssize_t n;
		char *next, *slash;

		if (lstat(cur, &st) < 0 || !S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(cur, buf, sizeof(buf) - 1)) < 0) {
			free(cur);
			return NULL;
		}
		buf[n] = '\0';
		slash = strrchr(cur, '/');
		if (buf[0] == '/' || !slash) {
			next = strdup(buf);
		} else {
			size_t dlen = (size_t)(slash - cur) + 1;

			next = malloc(dlen + (size_t)n + 1);
			if (next) {
				memcpy(next, cur, dlen);
				memcpy(next + dlen, buf, (size_t)n + 1);
			}
		}
		free(cur);
		cur = next;
	}
	if (cur) {
		free(cur);
		errno = ELOOP;
	} else {
		errno = ENOMEM;
	}
	return NULL;
}

static void write_error(const char *path, const char *target, const char *why)
{
	if (target && strcmp(path, target))
		fprintf(stderr, _("error: cannot write '%s' (a link to '%s'): %s\n"), path, target, why);
	else
		fprintf(stderr, _("error: cannot write '%s': %s\n"), path, why);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A device or a FIFO: open it and write, like `> FILE` in a shell. */
/* What goes into the file: the bytes given, or a producer's. */
typedef struct content {
	const char *data;
	size_t len;
	cli_produce_fn produce;   /* NULL: data, len */
	void *payload;
} content;

/* 0; -1 with errno (a write failed); -2 the producer failed on its own
 * (it reports that itself). */
static int put_content(int fd, const content *c)
{
	int rc;

	if (!c->produce)
		return write_all(fd, c->data, c->len);
	rc = c->produce(fd, c->payload);
	return rc < 0 ? (rc == -1 ? -1 : -2) : 0;
}

static int write_in_place(const char *path, const char *target, const struct stat *st,
	const content *c)
{
	int fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC), ok, put;

	if (fd < 0) {
		write_error(path, target, strerror(errno));
		return EXIT_FAIL;
	}
	put = put_content(fd, c);
	ok = put == 0;
	/* Only a block device has something to sync; a FIFO or a tty refuses. */
	if (ok && S_ISBLK(st->st_mode))
		ok = fsync(fd) == 0;
	if (!ok) {
		int e = errno;

		close(fd);
		if (put != -2)
			write_error(path, target, strerror(e));
		return EXIT_FAIL;
	}
	if (close(fd) < 0) {
		write_error(path, target, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* A new or regular file: a temporary file beside it, renamed over it. */
static int write_replace(const char *path, const char *target, const struct stat *old,
	const content *c)
{
	size_t tlen = strlen(target);
	char *tmp = malloc(tlen + 16);
	mode_t mode;
	int fd, ok, e, put = 0;

	if (!tmp) {
		fprintf(stderr, _("error: out of memory\n"));
		return EXIT_FAIL;
	}
	if (old) {
		mode = old->st_mode & 07777;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	snprintf(tmp, tlen + 16, "%s.tmpXXXXXX", target);
	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		fprintf(stderr, _("error: cannot create '%s': %s\n"), tmp, strerror(e));
		if (old && (e == EACCES || e == EPERM || e == EROFS))
			fprintf(stderr, _("hint: -o writes a temporary file beside '%s' and renames it, so its directory must be writable\n"),
				target);
		free(tmp);
		return EXIT_FAIL;
	}
	/* The old file's owner, where we may give it (as root); a set-id bit
	 * only goes with its own owner. */
	if (old && (old->st_uid != geteuid() || old->st_gid != getegid()) &&
	    fchown(fd, old->st_uid, old->st_gid) < 0)
		mode &= ~(mode_t)(S_ISUID | S_ISGID);
	/* mkstemp makes it 0600: give it the mode the file would have had. */
	ok = fchmod(fd, mode) == 0;
	ok = ok && (put = put_content(fd, c)) == 0;
	ok = ok && fsync(fd) == 0;
	e = errno;
	if (close(fd) < 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (ok && rename(tmp, target) < 0) {
		ok = 0;
		e = errno;
	}
	if (!ok) {
		if (put != -2)
			write_error(path, target, strerror(e));
		unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	free(tmp);
	return EXIT_OK;
}

static int write_atomic(const char *path, const content *c);

int cli_write_atomic(const char *path, const char *data, size_t len)
{
	content c = { data, len, NULL, NULL };

	return write_atomic(path, &c);
}

int cli_write_atomic_with(const char *path, cli_produce_fn produce, void *payload)
{
	content c = { NULL, 0, produce, payload };

	return write_atomic(path, &c);
}

int cli_write_fd(int fd, const char *data, size_t len)
{
	return write_all(fd, data, len);
}

static int write_atomic(const char *path, const content *c)
{
	char *target = follow_links(path);
	struct stat st;
	int rc;

	if (!target) {
		write_error(path, NULL, strerror(errno));
		return EXIT_FAIL;
	}
	if (stat(target, &st) < 0) {
		if (errno == ENOENT)
			rc = write_replace(path, target, NULL, c);
		else {
			write_error(path, target, strerror(errno));
			rc = EXIT_FAIL;
		}
	} else if (S_ISDIR(st.st_mode)) {
		write_error(path, target, strerror(EISDIR));
		rc = EXIT_FAIL;
	} else if (!S_ISREG(st.st_mode)) {
		rc = write_in_place(path, target, &st, c);
	} else if ((st.st_mode & 0222) == 0) {
		/* even for root, who may write anything: the mode says "keep" */
		write_error(path, target, _("the file is read-only"));
		rc = EXIT_FAIL;
	} else if (faccessat(AT_FDCWD, target, W_OK, AT_EACCESS) < 0) {
		write_error(path, target, errno == EACCES ? _("the file is read-only for you") : strerror(errno));
		rc = EXIT_FAIL;
	} else {
		rc = write_replace(path, target, &st, c);
	}
	free(target);
	return rc;
}

int cli_write_stdout(const char *data, size_t len)
{
	errno = 0;
	if (fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0)
		return EXIT_OK;
	/* A reader that went away (`| head`) is not worth a message, as in git. */
	if (errno != EPIPE)
		fprintf(stderr, _("error: write failure on standard output: %s\n"),
			errno ? strerror(errno) : _("unknown error"));
	return EXIT_FAIL;
}
