/*
 * sign.h: signatures of commits, private to the engine (docs/signatures.md).
 *
 * A signature is what git keeps in a commit's `gpgsig` header: with
 * gpg.format=ssh an SSH signature of the commit (without that header) in
 * the `git` namespace, made and checked by OpenSSH's `ssh-keygen -Y`, the
 * tool git itself runs. This module knows keys, signatures and the
 * programs that make and check them; it knows nothing of dossiers,
 * workflows or git objects: the store asks a signer for the signature of a
 * commit buffer, the façade decides which keys count.
 *
 * Formats: a key's or signature's format is found from its text, and each
 * operation goes to that format's functions (sign_ssh.c). SSH is the one
 * format today; X.509 through gpgsm (gpg.format=x509, Vietnam's chữ ký số)
 * is planned as a second (docs/signatures.md says what it takes).
 */
#ifndef DOSSIER_SIGN_H
#define DOSSIER_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/calendar.h"
#include "dossier/error.h"

typedef enum sign_format {
	SIGN_FORMAT_NONE = 0,  /* not a key or signature of any format we know */
	SIGN_FORMAT_SSH,       /* OpenSSH keys, SSHSIG signatures (gpg.format=ssh) */
	SIGN_FORMAT_X509,      /* gpgsm: recognised, not yet supported */
	SIGN_FORMAT_OPENPGP,   /* gpg: recognised, not supported */
} sign_format;

/* The format's name as git's gpg.format spells it ("ssh", "x509", "openpgp"). */
const char *sign_format_name(sign_format f);
/* The format of an armored signature, from its first line. */
sign_format sign_signature_format(const char *sig);

/* ---- public keys -----------------------------------------------------------
 * A key is written as OpenSSH writes it: "ssh-ed25519 AAAA… comment". The
 * kinds: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa, and the
 * hardware-token kinds sk-ssh-ed25519@openssh.com and
 * sk-ecdsa-sha2-nistp256@openssh.com. */

/* Whether `text` is a public key we can check signatures of: NULL when it
 * is, else why not ("unknown key type 'ssh-dss'"; static text). */
const char *sign_key_check(const char *text);
/* The key without its comment ("ssh-ed25519 AAAA…"), for comparing two
 * keys. NULL when `text` is not a key or without memory. Caller frees. */
char *sign_key_canonical(const char *text);
/* Whether two keys are the same key (comments aside). */
bool sign_key_equal(const char *a, const char *b);
/* The key's fingerprint as ssh-keygen -l shows it ("SHA256:…", 50 bytes
 * with the NUL). Empty when `text` is not a key. */
#define SIGN_FINGERPRINT_MAX 64
void sign_key_fingerprint(char out[SIGN_FINGERPRINT_MAX], const char *text);
/* Whether `text` names the key `key`: the key itself, or its fingerprint. */
bool sign_key_matches(const char *key, const char *text);

/* The public key that made an armored signature ("ssh-ed25519 AAAA…"),
 * read from the signature itself (it says which key made it; whether it
 * holds is sign_verify's). DOSSIER_EINVALID when the signature cannot be
 * read. Caller frees. */
int sign_signature_key(char **key, const char *sig, dossier_error *err);

/* ---- signing ------------------------------------------------------------- */

typedef struct sign_signer sign_signer;

/* A signer with the key in `path`: a private key file (signed with it;
 * one with a passphrase asks for it, or use the agent), or a public key
 * file whose private key is in the ssh-agent. */
int sign_signer_from_file(sign_signer **out, const char *path, dossier_error *err);
/* A signer with a key given as text (git's user.signingKey may hold
 * "key::ssh-ed25519 AAAA…" or "ssh-ed25519 AAAA…"): its private key must
 * be in the ssh-agent. */
int sign_signer_from_public(sign_signer **out, const char *key, dossier_error *err);
/* A signer with the first key of the ssh-agent ($SSH_AUTH_SOCK) that is
 * one of `want` (n keys; n == 0: the agent's first key). DOSSIER_ENOTFOUND
 * when there is no agent or it holds none of them. */
int sign_signer_from_agent(sign_signer **out, const char *const *want, size_t n, dossier_error *err);
/* The signer's public key, or NULL when it is not known (a private key
 * file without its .pub beside it). Borrowed. */
const char *sign_signer_key(const sign_signer *s);
/* Where the key comes from, for messages ("the key file '~/.ssh/id'"). */
const char *sign_signer_source(const sign_signer *s);
void sign_signer_free(sign_signer *s);

/* Sign `data` (a commit without its gpgsig header) in the `git`
 * namespace. *sig receives the armored signature, with its final line
 * end. Caller frees. */
int sign_buffer(char **sig, sign_signer *s, const char *data, size_t len, dossier_error *err);

/* ---- checking ------------------------------------------------------------ */

/* Check that `sig` is a good signature of `data` in the `git` namespace by
 * one of `keys` (n of them; the keys in force for `principal`). *ok says
 * whether it is; when not, *why (caller frees, may be NULL) says what the
 * checking program said. A failure to run the check at all is an error. */
int sign_verify(bool *ok, char **why, const char *principal, const char *const *keys, size_t n,
	const char *sig, const char *data, size_t len, dossier_error *err);

/* One line of an OpenSSH allowed_signers file (ssh-keygen(1), "ALLOWED
 * SIGNERS"), without its line end: the principal, the `git` namespace,
 * the validity window (after and before may be 0: open), and the key.
 * Caller frees; NULL without memory. */
char *sign_allowed_line(const char *principal, const char *key, dossier_time after, dossier_time before);

#endif
