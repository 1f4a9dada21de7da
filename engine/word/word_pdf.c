/*
 * word_pdf.c: a .docx printed to PDF by LibreOffice (docs/word.md), so the
 * PDF has exactly the layout of the .docx: `soffice --headless
 * --convert-to pdf` in a private temporary directory, with a profile of its
 * own there (so that a LibreOffice the user has open is not disturbed), its
 * output discarded, at most WORD_PDF_TIMEOUT seconds. The program is
 * $DOSSIER_SOFFICE, else soffice or libreoffice on the PATH; without one
 * the error names the package to install.
 */
#define _XOPEN_SOURCE 700
#include "dossier/word.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "word/word_int.h"

#define WORD_PDF_TIMEOUT 180

extern char **environ;

/* The program on the PATH, or NULL. Caller frees. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH"), *p;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? util_strdup(name) : NULL;
	for (p = path; p && *p;) {
		size_t n = strcspn(p, ":");
		char *cand = util_sprintf("%.*s/%s", (int)n, p, name);

		if (cand && n && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static int write_all(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	return ok ? 0 : -1;
}

int dossier_docx_pdf(char **out, size_t *len, const char *docx, size_t docx_len, dossier_error *err)
{
	const char *tmp = getenv("TMPDIR"), *env = getenv("DOSSIER_SOFFICE");
	char *prog = NULL, *dir = NULL, *in = NULL, *pdf = NULL, *profile = NULL;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc = 0, status = 0, waited = 0;

	*out = NULL;
	*len = 0;
	prog = env && *env ? find_program(env) : find_program("soffice");
	if (!prog && !(env && *env))
		prog = find_program("libreoffice");
	if (!prog) {
		rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot print to PDF: LibreOffice (soffice) "
			"is not installed");
		dossier_error_set_hint(err, "install LibreOffice Writer (Debian: apt-get install "
			"libreoffice-writer-nogui), or write --format docx and print it from Word");
		dossier_error_set_tag(err, "missing-tool");
		return rc;
	}
	if (!(dir = util_sprintf("%s/dossier-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp")) || !mkdtemp(dir)) {
		rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot make a temporary directory: %s", strerror(errno));
		free(dir);
		dir = NULL;
		goto done;
	}
	in = util_sprintf("%s/document.docx", dir);
	pdf = util_sprintf("%s/document.pdf", dir);
	profile = util_sprintf("-env:UserInstallation=file://%s/profile", dir);
	if (!in || !pdf || !profile) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (write_all(in, docx, docx_len) < 0) {
		rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot write '%s': %s", in, strerror(errno));
		goto done;
	}
	{
		char *argv[] = { prog, "--headless", "--norestore", "--nologo", "--nolockcheck", profile,
			"--convert-to", "pdf", "--outdir", dir, in, NULL };

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
		errno = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (errno) {
			rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot run '%s': %s", prog, strerror(errno));
			goto done;
		}
	}
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		struct timespec ts = { 0, 100000000 };

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			status = -1;
			break;
		}
		if (++waited > WORD_PDF_TIMEOUT * 10) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			rc = dossier_error_set(err, DOSSIER_EFAIL, "LibreOffice did not print the PDF within %d s",
				WORD_PDF_TIMEOUT);
			goto done;
		}
		nanosleep(&ts, NULL);
	}
	if (util_read_file(out, len, pdf, err) < 0 || *len < 5 || memcmp(*out, "%PDF-", 5) != 0) {
		free(*out);
		*out = NULL;
		*len = 0;
		dossier_error_clear(err);
		rc = dossier_error_set(err, DOSSIER_EFAIL, "LibreOffice ('%s') made no PDF (exit status %d)",
			prog, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		dossier_error_set_hint(err, "run '%s --headless --convert-to pdf FILE.docx' to see why", prog);
	}
done:
	if (dir)
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(prog);
	free(dir);
	free(in);
	free(pdf);
	free(profile);
	return rc;
}
