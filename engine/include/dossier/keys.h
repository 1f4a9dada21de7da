/*
 * keys.h: who acted is proven, not claimed (docs/signatures.md). Every
 * commit a dossier writes is signed with the acting participant's key
 * when one is at hand, as git signs with gpg.format=ssh; the keys in
 * force come from the workflow and from key events; `verify`, `sync`,
 * `clone` and the server's hook check every signature.
 */
#ifndef DOSSIER_KEYS_H
#define DOSSIER_KEYS_H

#include "common.h"
#include "error.h"
#include "facade.h"

/* Sign this handle's commits as a server vouching for a signed-in
 * account: with the key in `key_path` (one of the workflow's `vouchers`),
 * and a trailer naming the account and how it signed in ("password").
 * NULL key_path: stop vouching. */
DOSSIER_API int dossier_set_voucher(dossier *d, const char *key_path, const char *account, const char *how,
	dossier_error *err);

/* Key events: add a key to a participant (NULL: the actor), revoke one
 * (`key` is the key or its fingerprint "SHA256:…"), or rotate (revoke
 * `key`, add `new_key`) in one event. By the participant, or by a key
 * manager of the workflow. */
typedef enum dossier_key_op {
	DOSSIER_KEY_ADD = 1,
	DOSSIER_KEY_REVOKE,
	DOSSIER_KEY_ROTATE,
} dossier_key_op;
DOSSIER_API int dossier_key_change(dossier *d, dossier_key_op op, const char *participant, const char *key,
	const char *new_key, dossier_error *err);

/* The keys of the dossier at its tip as an OpenSSH allowed_signers file,
 * one line per key ever in force, with its principal (the participant's
 * e-mail, else its id), the `git` namespace and the time it was in force
 * (valid-after, valid-before), so that `git verify-commit` and `git log
 * --show-signature` with gpg.ssh.allowedSignersFile agree with verify.
 * Vouchers' keys are listed with the principal "voucher". Caller frees. */
DOSSIER_API int dossier_signers(char **out, dossier *d, dossier_error *err);

/* What the last dossier_verify found of the signatures: events signed by
 * their own participant, vouched for by a server, and unsigned. */
typedef struct dossier_signature_counts {
	size_t own;
	size_t vouched;
	size_t unsigned_events;
} dossier_signature_counts;
DOSSIER_API void dossier_verify_signatures(const dossier *d, dossier_signature_counts *out);
/* With `on`, the next dossier_verify also lists each event's signature,
 * one line each, oldest first: "COMMIT EVENT ACTOR own SHA256:…",
 * "… vouched SHA256:… account ID signed-in HOW", "… unsigned" (a bad or
 * wrong signature is a violation instead). The list, borrowed until the
 * next verify ("" when none): */
DOSSIER_API void dossier_verify_list_signatures(dossier *d, bool on);
DOSSIER_API const char *dossier_verify_signature_lines(const dossier *d);

#endif
