/*
 * crypto.c: what the web's sign-in stands on: random tokens from
 * getrandom(2), SHA-256 and HMAC-SHA-256 (OpenSSL's libcrypto, which the
 * engine's store already links) for storing tokens hashed and deriving
 * CSRF tokens, and passwords hashed with yescrypt through libxcrypt's
 * crypt_gensalt_rn and crypt_rn. libxcrypt is used nowhere else.
 *
 * crypt_rn, not crypt_r: it is libxcrypt's own (NULL on failure instead of
 * a "*" string), and the sanitizers do not intercept it. They intercept
 * crypt_r and resolve the real one when the program starts, before
 * dossier-web.so (and with it libcrypt) is loaded: in an ASan build the
 * interceptor then called a null pointer.
 */
#include "web_int.h"

#include <crypt.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

int web_random(unsigned char *out, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(out + got, n - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

void web_hex(char *out, const unsigned char *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void web_sha256_hex(char out[65], const char *s, size_t n)
{
	unsigned char md[32];
	unsigned int len = 0;

	if (!EVP_Digest(s, n, md, &len, EVP_sha256(), NULL) || len != 32)
		memset(md, 0, sizeof(md));
	web_hex(out, md, 32);
}

void web_hmac_hex(char out[65], const unsigned char *key, size_t keylen, const char *msg, size_t n)
{
	unsigned char md[32];
	unsigned int len = 0;

	if (!HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, n, md, &len) || len != 32)
		memset(md, 0, sizeof(md));
	web_hex(out, md, 32);
}

char *web_sha256_base64(const char *data, size_t n)
{
	unsigned char md[32];
	unsigned int len = 0;
	char *out = malloc(48);

	if (!out)
		return NULL;
	if (!EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) || len != 32) {
		free(out);
		return NULL;
	}
	EVP_EncodeBlock((unsigned char *)out, md, 32);
	return out;
}

bool web_equal(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return false;
	return CRYPTO_memcmp(a, b, la) == 0;
}

int web_password_hash(char **out, const char *password, dossier_error *err)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *data;
	const char *h;

	*out = NULL;
	/* NULL random bytes: libxcrypt takes them from the system itself. */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, setting, (int)sizeof(setting)))
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot make a yescrypt salt: %s", strerror(errno));
	data = calloc(1, sizeof(*data));
	if (!data)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	h = crypt_rn(password, setting, data, (int)sizeof(*data));
	if (!h || h[0] == '*') {
		free(data);
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot hash the password with yescrypt");
	}
	*out = strdup(h);
	explicit_bzero(data, sizeof(*data));
	free(data);
	return *out ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

bool web_password_check(const char *password, const char *hash)
{
	struct crypt_data *data;
	const char *h;
	bool ok;

	if (!password || !hash || !*hash)
		return false;
	data = calloc(1, sizeof(*data));
	if (!data)
		return false;
	h = crypt_rn(password, hash, data, (int)sizeof(*data));
	ok = h && h[0] != '*' && web_equal(h, hash);
	explicit_bzero(data, sizeof(*data));
	free(data);
	return ok;
}
