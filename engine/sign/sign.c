/*
 * sign.c: which format a signature is in, from its armor. Every other
 * operation belongs to one format's file (sign_ssh.c today); a second
 * format (X.509 through gpgsm, docs/signatures.md) adds its file and its
 * case here, and the façade keeps asking the same questions.
 */
#include "sign/sign_int.h"

#include <string.h>

#define SSH_SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"

sign_format sign_signature_format(const char *sig)
{
	if (!sig)
		return SIGN_FORMAT_NONE;
	if (!strncmp(sig, SSH_SIG_BEGIN, strlen(SSH_SIG_BEGIN)))
		return SIGN_FORMAT_SSH;
	if (!strncmp(sig, "-----BEGIN SIGNED MESSAGE-----", 30))
		return SIGN_FORMAT_X509;
	if (!strncmp(sig, "-----BEGIN PGP SIGNATURE-----", 29) || !strncmp(sig, "-----BEGIN PGP MESSAGE-----", 27))
		return SIGN_FORMAT_OPENPGP;
	return SIGN_FORMAT_NONE;
}

const char *sign_format_name(sign_format f)
{
	switch (f) {
	case SIGN_FORMAT_SSH:
		return "ssh";
	case SIGN_FORMAT_X509:
		return "x509";
	case SIGN_FORMAT_OPENPGP:
		return "openpgp";
	default:
		return "unknown";
	}
}

