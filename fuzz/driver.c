/*
 * driver.c: a plain main() for the fuzz targets, so that the same
 * LLVMFuzzerTestOneInput runs in every build, with gcc, without libFuzzer.
 * `replay_TARGET PATH...` feeds it each file given, and each regular file
 * of each directory given (in name order). The test suite runs it on
 * fuzz/regressions/TARGET/ (the inputs that once crashed) in build/ and
 * build-asan/. A missing or empty directory is an error, so that a test
 * whose inputs went missing fails rather than passes on nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "base/util.h"

static int run_file(const char *path)
{
	char *data = NULL;
	size_t len = 0;
	dossier_error err = DOSSIER_ERROR_INIT;

	if (util_read_file(&data, &len, path, &err) < 0) {
		fprintf(stderr, "replay: %s\n", err.message ? err.message : path);
		dossier_error_clear(&err);
		return -1;
	}
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static long run_dir(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	long done = 0;

	if (!dh) {
		fprintf(stderr, "replay: cannot open '%s'\n", dir);
		return -1;
	}
	while ((e = readdir(dh))) {
		char *path = util_sprintf("%s/%s", dir, e->d_name);
		struct stat st;

		if (e->d_name[0] != '.' && strcmp(e->d_name, "README.md") && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) && util_strv_add(&names, &n, path) < 0)
			fuzz_die("out of memory");
		free(path);
	}
	closedir(dh);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (run_file(names[i]) < 0)
			done = -1;
		else if (done >= 0)
			done++;
		free(names[i]);
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	long total = 0;
	int i, rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s (FILE | DIR)...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;
		long n;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			n = run_dir(argv[i]);
			if (n == 0)
				fprintf(stderr, "replay: no inputs in '%s'\n", argv[i]);
			if (n <= 0)
				rc = 1;
			else
				total += n;
		} else if (run_file(argv[i]) < 0) {
			rc = 1;
		} else {
			total++;
		}
	}
	printf("replayed %ld input%s\n", total, total == 1 ? "" : "s");
	return rc;
}
