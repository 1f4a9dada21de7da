/*
 * output.c: writing a command's result to a file with -o: through a
 * temporary file in the same directory, flushed and renamed over the
 * target, so a reader never sees half a file and an error leaves the old
 * file (or none) in place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The mode a new file gets (0666 less the umask), or the existing file's. */
static mode_t file_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

int cli_write_atomic(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	mode_t mode = file_mode(path);
	FILE *f;
	int fd, ok;

	if (!tmp) {
		fprintf(stderr, "error: out of memory\n");
		return EXIT_FAIL;
	}
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "error: cannot create '%s': %s\n", tmp, strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	/* mkstemp makes it 0600: give it the mode the file would have had. */
	f = fdopen(fd, "wb");
	ok = fchmod(fd, mode) == 0;
	ok = f && fwrite(data, 1, len, f) == len && ok;
	ok = f && fflush(f) == 0 && ok;
	ok = f && fsync(fileno(f)) == 0 && ok;
	if (f)
		ok = fclose(f) == 0 && ok;
	else
		close(fd);
	if (!ok || rename(tmp, path) < 0) {
		fprintf(stderr, "error: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	free(tmp);
	return EXIT_OK;
}
