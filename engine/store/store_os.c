/*
 * store_os.c: the operating system as the store meets it: its error
 * messages in git's words, directories made as needed, whole writes, and
 * git's lock files (created with O_EXCL, waited for while another process
 * holds them). The lowest file of the store: it calls no other.
 */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* Waiting for a held lock: 1 ms, doubling up to 20 ms a try. */
#define LOCK_SLEEP_MAX_NS 20000000L

void store_os_error(char buf[STORE_OS_ERROR_MAX], int errnum)
{
	if (strerror_r(errnum, buf, STORE_OS_ERROR_MAX) != 0)
		snprintf(buf, STORE_OS_ERROR_MAX, "error %d", errnum);
	/* git's style: lowercase ("No space left on device" -> "no space ...") */
	if (buf[0] >= 'A' && buf[0] <= 'Z' && buf[1] >= 'a' && buf[1] <= 'z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
}

int store_os_failure(dossier_error *err, int errnum, const char *fmt, ...)
{
	char os[STORE_OS_ERROR_MAX];
	dstr s = DSTR_INIT;
	va_list ap;
	char *msg;

	store_os_error(os, errnum);
	va_start(ap, fmt);
	dstr_addvf(&s, _(fmt), ap);
	va_end(ap);
	dstr_addf(&s, ": %s", os);
	msg = dstr_detach(&s);
	dossier_error_set(err, errnum == ENOMEM ? DOSSIER_ENOMEM : DOSSIER_EFAIL, "%s",
		msg ? msg : "i/o failure");
	free(msg);
	return errnum == ENOMEM ? DOSSIER_ENOMEM : DOSSIER_EFAIL;
}

int store_mkdirs(const char *path, size_t keep)
{
	char *p = util_strdup(path);
	size_t i;
	int rc = 0;

	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	for (i = keep + 1; p[i] && rc == 0; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		p[i] = '/';
	}
	free(p);
	return rc;
}

int store_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int store_lock_create(int *fd, const char *lock_path, const char *what, unsigned tries,
	dossier_error *err)
{
	struct timespec pause = { 0, 1000000L };
	unsigned attempt;

	for (attempt = 0; attempt < tries; attempt++) {
		*fd = open(lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (*fd >= 0)
			return 0;
		if (errno == ENOENT && attempt == 0 && store_mkdirs(lock_path, 0) == 0)
			continue;
		if (errno != EEXIST)
			return store_os_failure(err, errno, "cannot create '%s'", lock_path);
		/* another process is changing it right now: wait for it */
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < LOCK_SLEEP_MAX_NS)
			pause.tv_nsec *= 2;
	}
	dossier_error_set(err, DOSSIER_EFAIL, "cannot lock %s: '%s' stays in the way", what, lock_path);
	dossier_error_set_hint(err, "if no other dossier or git process is running, remove '%s'", lock_path);
	return DOSSIER_EFAIL;
}
