/*
 * sign_spawn.c: running the programs that make and check signatures
 * (ssh-keygen, ssh-add), with posix_spawnp and no shell: the arguments go
 * as they are, whatever bytes a path holds. The program's standard input
 * is fed and its two outputs read at once with poll(), so that a program
 * that writes before it has read everything cannot block us, nor we it.
 * Also the temporary files a program reads by name.
 */
#include "sign/sign_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

extern char **environ;

void sign_run_result_clear(sign_run_result *r)
{
	free(r->out);
	free(r->errout);
	memset(r, 0, sizeof(*r));
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int pipe_cloexec(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* Read what is there from fd into s; 0 at the end of the file. */
static int read_some(dstr *s, int *fd)
{
	char buf[8192];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0) {
		close_fd(fd);
		return 0;
	}
	return dstr_add(s, buf, (size_t)n) < 0 ? -1 : 1;
}

int sign_run(sign_run_result *r, const char *const *argv, const char *in, size_t in_len, const char *package,
	dossier_error *err)
{
	posix_spawn_file_actions_t fa;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	dstr out = DSTR_INIT, eout = DSTR_INIT;
	size_t written = 0;
	pid_t pid;
	int rc = 0, e, wstatus;
	sigset_t pipe_set, old_set;

	memset(r, 0, sizeof(*r));
	if (pipe_cloexec(pin) < 0 || pipe_cloexec(pout) < 0 || pipe_cloexec(perr) < 0) {
		e = errno;
		close_fd(&pin[0]), close_fd(&pin[1]), close_fd(&pout[0]), close_fd(&pout[1]);
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot run '%s': %s", argv[0], strerror(e));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close_fd(&pin[0]);
	close_fd(&pout[1]);
	close_fd(&perr[1]);
	if (e != 0) {
		close_fd(&pin[1]), close_fd(&pout[0]), close_fd(&perr[0]);
		if (e == ENOENT) {
			dossier_error_set(err, DOSSIER_EFAIL, "cannot run '%s': not found", argv[0]);
			dossier_error_set_hint(err, "install '%s' (Debian: apt-get install %s)", argv[0], package);
			return DOSSIER_EFAIL;
		}
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot run '%s': %s", argv[0], strerror(e));
	}
	/* A program that stops reading must not kill us with SIGPIPE: it is
	 * blocked in this thread while we write (no process-wide handler is
	 * touched: the server has other threads), and one raised meanwhile is
	 * taken back before it is unblocked. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
	if (!in || in_len == 0)
		close_fd(&pin[1]);
	else
		fcntl(pin[1], F_SETFL, O_NONBLOCK);
	while (pout[0] >= 0 || perr[0] >= 0) {
		struct pollfd p[3];
		nfds_t np = 0;
		int ip = -1, io = -1, ie = -1;

		if (pin[1] >= 0)
			ip = (int)np, p[np].fd = pin[1], p[np].events = POLLOUT, p[np++].revents = 0;
		if (pout[0] >= 0)
			io = (int)np, p[np].fd = pout[0], p[np].events = POLLIN, p[np++].revents = 0;
		if (perr[0] >= 0)
			ie = (int)np, p[np].fd = perr[0], p[np].events = POLLIN, p[np++].revents = 0;
		if (poll(p, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ip >= 0 && p[ip].revents) {
			ssize_t n = write(pin[1], in + written, in_len - written);

			if (n > 0)
				written += (size_t)n;
			if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == in_len)
				close_fd(&pin[1]);
		}
		if (io >= 0 && p[io].revents && read_some(&out, &pout[0]) < 0)
			rc = DOSSIER_ENOMEM;
		if (ie >= 0 && p[ie].revents && read_some(&eout, &perr[0]) < 0)
			rc = DOSSIER_ENOMEM;
	}
	close_fd(&pin[1]);
	close_fd(&pout[0]);
	close_fd(&perr[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (!sigismember(&old_set, SIGPIPE)) {
		struct timespec zero = { 0, 0 };
		sigset_t pending;

		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE))
			sigtimedwait(&pipe_set, NULL, &zero);
		pthread_sigmask(SIG_SETMASK, &old_set, NULL);
	}
	if (rc < 0 || out.oom || eout.oom) {
		dstr_free(&out);
		dstr_free(&eout);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
	r->out_len = out.len;
	r->out = dstr_detach(&out);
	r->errout = dstr_detach(&eout);
	if (!r->out || !r->errout) {
		sign_run_result_clear(r);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	return 0;
}

int sign_tmp_write(char **path, const char *data, size_t len, dossier_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *p;
	int fd, e;
	size_t done = 0;

	*path = NULL;
	p = util_sprintf("%s/dossier-sign-XXXXXX", dir && *dir ? dir : "/tmp");
	if (!p)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((fd = mkstemp(p)) < 0) {
		e = errno;
		dossier_error_set(err, DOSSIER_EFAIL, "cannot create a temporary file '%s': %s", p, strerror(e));
		free(p);
		return DOSSIER_EFAIL;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : ENOSPC;
			close(fd);
			unlink(p);
			dossier_error_set(err, DOSSIER_EFAIL, "cannot write '%s': %s", p, strerror(e));
			free(p);
			return DOSSIER_EFAIL;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0) {
		e = errno;
		unlink(p);
		dossier_error_set(err, DOSSIER_EFAIL, "cannot write '%s': %s", p, strerror(e));
		free(p);
		return DOSSIER_EFAIL;
	}
	*path = p;
	return 0;
}

void sign_tmp_remove(char *path)
{
	if (path)
		unlink(path);
	free(path);
}
