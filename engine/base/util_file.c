/*
 * util_file.c: reading a whole file, with an error that names the path.
 * Apart from util.c because it sets errors and error.c builds its text
 * with util.c's string buffer: this way neither calls back into the other.
 */
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int util_read_file(char **out, size_t *len, const char *path, dossier_error *err)
{
	FILE *f;
	dstr s = DSTR_INIT;
	char buf[65536];
	size_t n;

	*out = NULL;
	if (len)
		*len = 0;
	f = fopen(path, "rb");
	if (!f)
		return dossier_error_set_at(err, errno == ENOENT ? DOSSIER_ENOTFOUND : DOSSIER_EFAIL,
			path, 0, 0, "cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (dstr_add(&s, buf, n) < 0) {
			fclose(f);
			dstr_free(&s);
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory reading '%s'", path);
		}
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		dstr_free(&s);
		return dossier_error_set_at(err, DOSSIER_EFAIL, path, 0, 0,
			"cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	if (len)
		*len = s.len;
	*out = dstr_detach(&s);
	return *out ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}
