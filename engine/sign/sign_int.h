/*
 * sign_int.h: what the sign module's own files share: running a program
 * (sign_spawn.c), base64 and the wire format of SSH keys (sign_ssh.c).
 * Only engine/sign/ includes it.
 */
#ifndef DOSSIER_SIGN_INT_H
#define DOSSIER_SIGN_INT_H

#include "sign/sign.h"

/* What a program run by sign_run left: its exit status (-1 when killed by a
 * signal), its standard output and its standard error (NUL-terminated). */
typedef struct sign_run_result {
	int status;
	char *out;
	size_t out_len;
	char *errout;
} sign_run_result;
void sign_run_result_clear(sign_run_result *r);

/* Run argv[0] (looked up in PATH) with argv, no shell, `in` (may be NULL)
 * on its standard input, and collect its output. The environment is
 * ours. A program that cannot be started is DOSSIER_EFAIL naming it and
 * `package`, which holds it. */
int sign_run(sign_run_result *r, const char *const *argv, const char *in, size_t in_len, const char *package,
	dossier_error *err);

/* A temporary file holding `data` (mode 0600), for a program that reads a
 * file by name; *path receives its name. Remove it with sign_tmp_remove. */
int sign_tmp_write(char **path, const char *data, size_t len, dossier_error *err);
void sign_tmp_remove(char *path);

/* Decode base64 (RFC 4648, with or without padding; blanks and line ends
 * skipped). Caller frees *out. -1 when it is not base64. */
int sign_base64_decode(unsigned char **out, size_t *len, const char *s, size_t slen);
/* Encode base64 with padding (pad: add '='s). Caller frees. */
char *sign_base64_encode(const unsigned char *data, size_t len, bool pad);

/* The SSH wire format: a string is a 32-bit big-endian length and its
 * bytes. Reads the next string of buf[*pos..len), advancing *pos. */
int sign_ssh_string(const unsigned char **s, size_t *slen, const unsigned char *buf, size_t len, size_t *pos);

#endif
