/*
 * store_ref.c: moving a reference the way git does, with its lock file,
 * but in an order of our choosing (see docs/git-store.md, "All or
 * nothing"). The lock file `refs/heads/main.lock` is created and holds the
 * new id before anything else is touched; the reference moves by renaming
 * it; only then is the reflog line appended, in one write that is undone
 * when it is cut short. So a full disk or a crash at any point leaves
 * either the old reference and no reflog line, or the new reference, and
 * never a reflog line for a move that did not happen. (libgit2 1.5 appends
 * the reflog first and writes the lock file afterwards: a full disk left a
 * reflog entry pointing at a commit the branch never reached, and
 * `git fsck --strict` then failed.)
 *
 * The current value is read with libgit2 (loose or packed) while the lock
 * is held, as git does. Every failure names the file and the operating
 * system's reason ("no space left on device").
 */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* The reference's current target: *exists false when there is none. */
static int ref_current(git_oid *out, bool *exists, git_repository *repo, const char *refname,
	dossier_error *err)
{
	git_reference *ref = NULL;
	int rc = git_reference_lookup(&ref, repo, refname);

	*exists = false;
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s'", refname);
	if (git_reference_type(ref) != GIT_REFERENCE_DIRECT) {
		git_reference_free(ref);
		return dossier_error_set(err, DOSSIER_EFAIL, "'%s' is a symbolic reference", refname);
	}
	git_oid_cpy(out, git_reference_target(ref));
	*exists = true;
	git_reference_free(ref);
	return 0;
}

int store_reflock_take(store_reflock *l, git_repository *repo, const char *refname,
	const git_oid *expect, const git_oid *id, dossier_error *err)
{
	char hex[GIT_OID_HEXSZ + 2];
	git_oid cur;
	bool exists;
	int rc;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->ref_path = util_sprintf("%s%s", git_repository_commondir(repo), refname);
	l->lock_path = util_sprintf("%s%s.lock", git_repository_commondir(repo), refname);
	if (!l->ref_path || !l->lock_path) {
		store_reflock_release(l);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if ((rc = store_lock_create(&l->fd, l->lock_path, refname, STORE_LOCK_TRIES_REF, err)) < 0) {
		l->fd = -1;
		store_reflock_release(l);
		return rc;
	}
	l->held = true;
	/* Under the lock nobody else moves it: this is the compare of the swap. */
	if ((rc = ref_current(&cur, &exists, repo, refname, err)) < 0) {
		store_reflock_release(l);
		return rc;
	}
	if (exists != (expect != NULL) || (exists && !git_oid_equal(&cur, expect))) {
		store_reflock_release(l);
		return dossier_error_set(err, DOSSIER_ECONFLICT, "'%s' is no longer where it was", refname);
	}
	git_oid_tostr(hex, sizeof(hex), id);
	hex[GIT_OID_HEXSZ] = '\n';
	if (store_write_all(l->fd, hex, GIT_OID_HEXSZ + 1) < 0 || close(l->fd) < 0) {
		rc = store_os_failure(err, errno, "cannot write '%s'", l->lock_path);
		l->fd = -1;
		store_reflock_release(l);
		return rc;
	}
	l->fd = -1;
	return 0;
}

int store_reflock_commit(store_reflock *l, dossier_error *err)
{
	if (rename(l->lock_path, l->ref_path) < 0) {
		int rc = store_os_failure(err, errno, "cannot rename '%s' to '%s'", l->lock_path, l->ref_path);

		store_reflock_release(l);
		return rc;
	}
	l->held = false;
	store_reflock_release(l);
	return 0;
}

void store_reflock_release(store_reflock *l)
{
	if (!l)
		return;
	if (l->fd >= 0)
		close(l->fd);
	if (l->held && l->lock_path)
		unlink(l->lock_path);
	free(l->ref_path);
	free(l->lock_path);
	memset(l, 0, sizeof(*l));
	l->fd = -1;
}

/* ---- the reflog --------------------------------------------------------- */

/* Whether git would keep a reflog for `refname` (core.logAllRefUpdates,
 * whose default is true with a working tree and false when bare), or one
 * exists already. */
static bool should_log(git_repository *repo, const char *refname, const char *log_path)
{
	git_config *cfg = NULL;
	git_buf val = GIT_BUF_INIT;
	bool branchlike = !strncmp(refname, "refs/heads/", 11) || !strncmp(refname, "refs/remotes/", 13) ||
		!strncmp(refname, "refs/notes/", 11) || !strcmp(refname, "HEAD");
	bool yes = !git_repository_is_bare(repo) && branchlike;
	int b = 0;

	if (access(log_path, F_OK) == 0)
		return true;
	if (git_repository_config(&cfg, repo) < 0) {
		git_error_clear();
		return yes;
	}
	if (git_config_get_string_buf(&val, cfg, "core.logAllRefUpdates") == 0) {
		if (!strcasecmp(val.ptr, "always"))
			yes = true;
		else if (git_config_parse_bool(&b, val.ptr) == 0)
			yes = b && branchlike;
	}
	git_error_clear();
	git_buf_dispose(&val);
	git_config_free(cfg);
	return yes;
}

/* git's copy_reflog_msg: runs of white space become one space, none at the ends. */
static void add_message(dstr *s, const char *msg)
{
	bool space = false, any = false;

	for (; *msg; msg++) {
		unsigned char c = (unsigned char)*msg;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = any;
			continue;
		}
		if (space)
			dstr_addc(s, ' ');
		dstr_addc(s, (char)c);
		space = false;
		any = true;
	}
}

/* Append one line to the reflog at `path`; a line cut short is undone.
 * Returns 0 or errno. */
static int append_line(const char *path, const char *line, size_t len)
{
	struct stat st;
	int fd, e = 0;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && errno == ENOENT && store_mkdirs(path, 0) == 0)
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return e;
	}
	if (store_write_all(fd, line, len) < 0) {
		e = errno;
		if (ftruncate(fd, st.st_size) < 0) {
			/* nothing more to do: the line stays cut */
		}
	}
	if (close(fd) < 0 && !e)
		e = errno;
	return e;
}

char *store_reflog_append(git_repository *repo, const char *refname, const git_oid *old,
	const git_oid *new_id, const char *name, const char *email, const char *message)
{
	char ohex[GIT_OID_HEXSZ + 1], nhex[GIT_OID_HEXSZ + 1], os[STORE_OS_ERROR_MAX];
	char *paths[2] = { NULL, NULL }, *warning = NULL;
	time_t now = time(NULL);
	struct tm tm;
	long off = 0;
	dstr line = DSTR_INIT;
	int i;

	if (localtime_r(&now, &tm))
		off = tm.tm_gmtoff / 60;
	if (old) {
		git_oid_tostr(ohex, sizeof(ohex), old);
	} else {
		memset(ohex, '0', GIT_OID_HEXSZ);
		ohex[GIT_OID_HEXSZ] = '\0';
	}
	git_oid_tostr(nhex, sizeof(nhex), new_id);
	dstr_addf(&line, "%s %s %s <%s> %lld %c%02ld%02ld\t", ohex, nhex, name && *name ? name : "unknown",
		email ? email : "unknown", (long long)now, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	add_message(&line, message ? message : "");
	dstr_addc(&line, '\n');
	if (line.oom)
		goto done;

	paths[0] = util_sprintf("%slogs/%s", git_repository_commondir(repo), refname);
	/* git logs a move of the branch HEAD points at in HEAD's reflog too */
	if (!strcmp(refname, DOSSIER_BRANCH) && store_head_is_branch(repo))
		paths[1] = util_sprintf("%slogs/HEAD", git_repository_path(repo));
	for (i = 0; i < 2; i++) {
		int e;

		if (!paths[i] || !should_log(repo, i ? "HEAD" : refname, paths[i]))
			continue;
		if ((e = append_line(paths[i], line.ptr, line.len)) != 0 && !warning) {
			store_os_error(os, e);
			warning = util_sprintf(_("'%s' moved, but its reflog '%s' could not be written: %s"),
				refname, paths[i], os);
		}
	}
done:
	free(paths[0]);
	free(paths[1]);
	dstr_free(&line);
	return warning;
}
