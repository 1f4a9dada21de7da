/*
 * test_sign.c: the sign module: OpenSSH keys of every kind we accept (made
 * here with ssh-keygen), their fingerprints as ssh-keygen shows them, the
 * key inside a signature, signing and checking with ssh-keygen -Y, and the
 * lines of an allowed_signers file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sign/sign_int.h"
#include "base/util.h"

typedef struct keys {
	char dir[64];
	char *priv[3], *pub[3];   /* ed25519, ecdsa, rsa */
} keys;

static char *run_out(const char *const *argv)
{
	sign_run_result r;
	char *out;

	assert_int_equal(sign_run(&r, argv, NULL, 0, "openssh-client", NULL), 0);
	assert_int_equal(r.status, 0);
	out = r.out;
	r.out = NULL;
	sign_run_result_clear(&r);
	return out;
}

static int setup(void **state)
{
	static const char *const types[] = { "ed25519", "ecdsa", "rsa" };
	keys *k = calloc(1, sizeof(*k));
	size_t i;

	strcpy(k->dir, "/tmp/test_sign_XXXXXX");
	assert_non_null(mkdtemp(k->dir));
	for (i = 0; i < 3; i++) {
		char *path = util_sprintf("%s/%s", k->dir, types[i]), *pubpath = util_sprintf("%s.pub", path);
		const char *argv[] = { "ssh-keygen", "-q", "-t", types[i], "-N", "", "-C", "a comment", "-f", path, NULL };
		char *nl;

		free(run_out(argv));
		assert_int_equal(util_read_file(&k->pub[i], &(size_t){ 0 }, pubpath, NULL), 0);
		if ((nl = strchr(k->pub[i], '\n')))
			*nl = '\0';
		k->priv[i] = path;
		free(pubpath);
	}
	*state = k;
	return 0;
}

static int teardown(void **state)
{
	keys *k = *state;
	size_t i;
	char *cmd = util_sprintf("rm -rf '%s'", k->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	for (i = 0; i < 3; i++) {
		free(k->priv[i]);
		free(k->pub[i]);
	}
	free(k);
	return 0;
}

static void test_key_check(void **state)
{
	keys *k = *state;
	size_t i;
	char *c;

	for (i = 0; i < 3; i++)
		assert_null(sign_key_check(k->pub[i]));
	assert_non_null(sign_key_check("ssh-dss AAAAB3NzaC1kc3MAAACBAP"));
	assert_non_null(sign_key_check("ssh-ed25519"));
	assert_non_null(sign_key_check("ssh-ed25519 !!!notbase64"));
	/* an ed25519 blob under the rsa name */
	c = util_sprintf("ssh-rsa %s", strchr(k->pub[0], ' ') + 1);
	assert_non_null(sign_key_check(c));
	free(c);
	assert_non_null(sign_key_check("-----BEGIN OPENSSH PRIVATE KEY-----"));
	c = sign_key_canonical(k->pub[0]);
	assert_non_null(c);
	assert_null(strstr(c, "comment"));
	assert_true(sign_key_equal(c, k->pub[0]));
	assert_false(sign_key_equal(k->pub[1], k->pub[0]));
	free(c);
}

/* A hardware-token key (sk-ssh-ed25519@openssh.com: the type, 32 bytes of
 * key, the application), made here from its wire format. */
static void test_sk_key(void **state)
{
	unsigned char blob[4 + 26 + 4 + 32 + 4 + 4];
	size_t n = 0;
	char *b64, *key, fp[SIGN_FINGERPRINT_MAX];

	(void)state;
	blob[n++] = 0, blob[n++] = 0, blob[n++] = 0, blob[n++] = 26;
	memcpy(blob + n, "sk-ssh-ed25519@openssh.com", 26), n += 26;
	blob[n++] = 0, blob[n++] = 0, blob[n++] = 0, blob[n++] = 32;
	memset(blob + n, 0x5a, 32), n += 32;
	blob[n++] = 0, blob[n++] = 0, blob[n++] = 0, blob[n++] = 4;
	memcpy(blob + n, "ssh:", 4), n += 4;
	b64 = sign_base64_encode(blob, n, true);
	key = util_sprintf("sk-ssh-ed25519@openssh.com %s yubikey", b64);
	assert_null(sign_key_check(key));
	sign_key_fingerprint(fp, key);
	assert_true(!strncmp(fp, "SHA256:", 7));
	free(key);
	/* the same blob under another name is refused */
	key = util_sprintf("sk-ecdsa-sha2-nistp256@openssh.com %s", b64);
	assert_non_null(sign_key_check(key));
	free(key);
	free(b64);
}

/* A private key without its .pub beside it: the public key is asked of ssh-keygen. */
static void test_private_key_alone(void **state)
{
	keys *k = *state;
	char *copy = util_sprintf("%s/alone", k->dir), *data = NULL, *cmd;
	sign_signer *s = NULL;

	cmd = util_sprintf("cp '%s' '%s'", k->priv[0], copy);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sign_signer_from_file(&s, copy, NULL), 0);
	assert_non_null(sign_signer_key(s));
	assert_true(sign_key_equal(sign_signer_key(s), k->pub[0]));
	sign_signer_free(s);
	free(cmd);
	free(copy);
	free(data);
}

static void test_fingerprint(void **state)
{
	keys *k = *state;
	size_t i;

	for (i = 0; i < 3; i++) {
		char *pubpath = util_sprintf("%s.pub", k->priv[i]);
		const char *argv[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", pubpath, NULL };
		char *out = run_out(argv), fp[SIGN_FINGERPRINT_MAX];

		sign_key_fingerprint(fp, k->pub[i]);
		assert_true(fp[0] != '\0');
		assert_non_null(strstr(out, fp));
		assert_true(sign_key_matches(k->pub[i], fp));
		assert_true(sign_key_matches(k->pub[i], fp + 7));
		assert_false(sign_key_matches(k->pub[(i + 1) % 3], fp));
		free(out);
		free(pubpath);
	}
}

static void test_sign_verify(void **state)
{
	keys *k = *state;
	const char *data = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b> 1 +0700\n\nmsg\n";
	size_t i;

	for (i = 0; i < 3; i++) {
		sign_signer *s = NULL;
		char *sig = NULL, *who = NULL, *why = NULL;
		const char *mine[] = { k->pub[i] }, *other[] = { k->pub[(i + 1) % 3] };
		bool ok = false;

		assert_int_equal(sign_signer_from_file(&s, k->priv[i], NULL), 0);
		assert_true(sign_key_equal(sign_signer_key(s), k->pub[i]));
		assert_int_equal(sign_buffer(&sig, s, data, strlen(data), NULL), 0);
		assert_int_equal(sign_signature_format(sig), SIGN_FORMAT_SSH);
		assert_int_equal(sign_signature_key(&who, sig, NULL), 0);
		assert_true(sign_key_equal(who, k->pub[i]));
		assert_int_equal(sign_verify(&ok, &why, "most", mine, 1, sig, data, strlen(data), NULL), 0);
		assert_true(ok);
		assert_null(why);
		/* another key: not good */
		assert_int_equal(sign_verify(&ok, &why, "most", other, 1, sig, data, strlen(data), NULL), 0);
		assert_false(ok);
		assert_non_null(why);
		free(why);
		/* other data: not good */
		assert_int_equal(sign_verify(&ok, &why, "most", mine, 1, sig, "x", 1, NULL), 0);
		assert_false(ok);
		free(why);
		free(who);
		free(sig);
		sign_signer_free(s);
	}
}

static void test_allowed_line(void **state)
{
	keys *k = *state;
	char *line = sign_allowed_line("vanthu@most.gov.vn", k->pub[0], 1751328000, 0), *canon;

	canon = sign_key_canonical(k->pub[0]);
	assert_non_null(line);
	{
		const char *want = "vanthu@most.gov.vn namespaces=\"git\",valid-after=\"20250701000000Z\" ";

		assert_true(!strncmp(line, want, strlen(want)));
	}
	assert_non_null(strstr(line, canon));
	free(line);
	line = sign_allowed_line("p", k->pub[0], 0, 1751328000);
	assert_non_null(strstr(line, "namespaces=\"git\",valid-before=\"20250701000000Z\" "));
	free(line);
	free(canon);
}

static void test_missing_file(void **state)
{
	sign_signer *s = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(sign_signer_from_file(&s, "/nonexistent/key", &err), DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "/nonexistent/key"));
	dossier_error_clear(&err);
	assert_null(s);
	sign_signer_free(NULL);
	assert_int_equal(sign_signature_format("-----BEGIN PGP SIGNATURE-----\n"), SIGN_FORMAT_OPENPGP);
	assert_int_equal(sign_signature_format("-----BEGIN SIGNED MESSAGE-----\n"), SIGN_FORMAT_X509);
	assert_int_equal(sign_signature_format("junk"), SIGN_FORMAT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_check),
		cmocka_unit_test(test_sk_key),
		cmocka_unit_test(test_private_key_alone),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_allowed_line),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
