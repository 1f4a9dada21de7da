/*
 * sign_ssh.c: the SSH format (git's gpg.format=ssh): OpenSSH public keys,
 * SSHSIG signatures (PROTOCOL.sshsig in OpenSSH's sources), and the two
 * programs that make and check them, `ssh-keygen -Y sign` / `-Y verify`
 * and `ssh-add -L` for the agent's keys, as git runs them.
 *
 * Keys and signatures are parsed here only as far as needed to name them:
 * a key's type and blob (to compare keys and show fingerprints), the key
 * inside a signature (to tell a signature by someone else's key from a
 * bad one without running anything). Whether a signature holds is always
 * ssh-keygen's to say.
 */
#include "sign/sign_int.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/util.h"

#define KEYGEN "ssh-keygen"
#define PACKAGE "openssh-client"
#define NAMESPACE "git"

static const char *const key_types[] = {
	"ssh-ed25519",
	"ecdsa-sha2-nistp256",
	"ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521",
	"ssh-rsa",
	"sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com",
};
#define NKEY_TYPES (sizeof(key_types) / sizeof(key_types[0]))

struct sign_signer {
	char *key_path;    /* the file ssh-keygen -f reads (ours to remove when tmp) */
	bool tmp;          /* key_path is a temporary file holding a public key */
	char *key;         /* the public key, or NULL when not known */
	char *source;      /* for messages */
};

/* ---- base64 and the wire format ---- */

int sign_base64_decode(unsigned char **out, size_t *len, const char *s, size_t slen)
{
	char *clean = malloc(slen + 4);
	size_t n = 0, i, pad = 0;
	unsigned char *buf;
	int got;

	*out = NULL;
	*len = 0;
	if (!clean)
		return -1;
	for (i = 0; i < slen; i++)
		if (s[i] != '\n' && s[i] != '\r' && s[i] != ' ' && s[i] != '\t')
			clean[n++] = s[i];
	/* without padding (a fingerprint), add it */
	while (n % 4)
		clean[n++] = '=';
	clean[n] = '\0';
	for (i = n; i > 0 && clean[i - 1] == '='; i--)
		pad++;
	if (n == 0 || pad > 2 || !(buf = malloc(n / 4 * 3 + 1))) {
		free(clean);
		return -1;
	}
	got = EVP_DecodeBlock(buf, (const unsigned char *)clean, (int)n);
	free(clean);
	if (got < 0 || (size_t)got < pad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = (size_t)got - pad;
	return 0;
}

char *sign_base64_encode(const unsigned char *data, size_t len, bool pad)
{
	char *s = malloc(len / 3 * 4 + 8);
	int n;

	if (!s)
		return NULL;
	n = EVP_EncodeBlock((unsigned char *)s, data, (int)len);
	if (!pad)
		while (n > 0 && s[n - 1] == '=')
			n--;
	s[n] = '\0';
	return s;
}

int sign_ssh_string(const unsigned char **s, size_t *slen, const unsigned char *buf, size_t len, size_t *pos)
{
	size_t n;

	if (len - *pos < 4 || *pos > len)
		return -1;
	n = ((size_t)buf[*pos] << 24) | ((size_t)buf[*pos + 1] << 16) | ((size_t)buf[*pos + 2] << 8) | buf[*pos + 3];
	*pos += 4;
	if (n > len - *pos)
		return -1;
	*s = buf + *pos;
	*slen = n;
	*pos += n;
	return 0;
}

/* ---- public keys ---- */

/* The type and the base64 blob of a key's text; false when it is none. */
static bool key_split(const char *text, const char **type, size_t *tlen, const char **b64, size_t *blen)
{
	const char *p = text;

	if (!text)
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	*type = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*tlen = (size_t)(p - *type);
	while (*p == ' ' || *p == '\t')
		p++;
	*b64 = p;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
		p++;
	*blen = (size_t)(p - *b64);
	return *tlen > 0 && *blen > 0;
}

static bool type_known(const char *type, size_t tlen)
{
	size_t i;

	for (i = 0; i < NKEY_TYPES; i++)
		if (strlen(key_types[i]) == tlen && !memcmp(key_types[i], type, tlen))
			return true;
	return false;
}

const char *sign_key_check(const char *text)
{
	const char *type, *b64;
	size_t tlen, blen, pos = 0, slen;
	const unsigned char *s;
	unsigned char *blob;
	size_t len;
	const char *why = NULL;

	if (!key_split(text, &type, &tlen, &b64, &blen))
		return _("not an OpenSSH public key ('TYPE BASE64 [COMMENT]')");
	if (!type_known(type, tlen))
		return tlen > 12 && !memcmp(type, "-----BEGIN ", 11) ? _("a private key, not a public key") :
			_("not a key type that signs commits (ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa, "
			"sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com)");
	if (sign_base64_decode(&blob, &len, b64, blen) < 0)
		return _("the key's data is not base64");
	if (sign_ssh_string(&s, &slen, blob, len, &pos) < 0 || slen != tlen || memcmp(s, type, tlen))
		why = "the key's data does not match its type";
	else if (pos == len)
		why = "the key's data is cut short";
	free(blob);
	return why;
}

char *sign_key_canonical(const char *text)
{
	const char *type, *b64;
	size_t tlen, blen;

	if (!key_split(text, &type, &tlen, &b64, &blen))
		return NULL;
	return util_sprintf("%.*s %.*s", (int)tlen, type, (int)blen, b64);
}

bool sign_key_equal(const char *a, const char *b)
{
	const char *ta, *ba, *tb, *bb;
	size_t tla, bla, tlb, blb;

	if (!key_split(a, &ta, &tla, &ba, &bla) || !key_split(b, &tb, &tlb, &bb, &blb))
		return false;
	return tla == tlb && bla == blb && !memcmp(ta, tb, tla) && !memcmp(ba, bb, bla);
}

void sign_key_fingerprint(char out[SIGN_FINGERPRINT_MAX], const char *text)
{
	const char *type, *b64;
	size_t tlen, blen, len;
	unsigned char *blob, md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char *enc;

	out[0] = '\0';
	if (!key_split(text, &type, &tlen, &b64, &blen) || sign_base64_decode(&blob, &len, b64, blen) < 0)
		return;
	if (EVP_Digest(blob, len, md, &mdlen, EVP_sha256(), NULL) == 1 && (enc = sign_base64_encode(md, mdlen, false))) {
		snprintf(out, SIGN_FINGERPRINT_MAX, "SHA256:%s", enc);
		free(enc);
	}
	free(blob);
}

bool sign_key_matches(const char *key, const char *text)
{
	char fp[SIGN_FINGERPRINT_MAX];

	if (sign_key_equal(key, text))
		return true;
	sign_key_fingerprint(fp, key);
	return fp[0] && text && (!strcmp(fp, text) || !strcmp(fp + 7, text));
}

/* ---- signatures ---- */

#define SSH_SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define SSH_SIG_END "-----END SSH SIGNATURE-----"

int sign_signature_key(char **key, const char *sig, dossier_error *err)
{
	const char *b, *e;
	unsigned char *blob = NULL;
	size_t len = 0, pos = 6, tlen, klen, p2 = 0;
	const unsigned char *k, *t;
	char *b64;

	*key = NULL;
	if (sign_signature_format(sig) != SIGN_FORMAT_SSH)
		return dossier_error_set(err, DOSSIER_EINVALID, "not an SSH signature");
	b = strstr(sig, SSH_SIG_BEGIN) + strlen(SSH_SIG_BEGIN);
	e = strstr(b, SSH_SIG_END);
	/* "SSHSIG", uint32 version, string publickey, ... */
	if (!e || sign_base64_decode(&blob, &len, b, (size_t)(e - b)) < 0 || len < 10 || memcmp(blob, "SSHSIG", 6)) {
		free(blob);
		return dossier_error_set(err, DOSSIER_EINVALID, "the SSH signature cannot be read");
	}
	pos += 4;
	if (sign_ssh_string(&k, &klen, blob, len, &pos) < 0 || sign_ssh_string(&t, &tlen, k, klen, &p2) < 0 ||
	    !type_known((const char *)t, tlen)) {
		free(blob);
		return dossier_error_set(err, DOSSIER_EINVALID, "the SSH signature names no key we know");
	}
	b64 = sign_base64_encode(k, klen, true);
	*key = b64 ? util_sprintf("%.*s %s", (int)tlen, (const char *)t, b64) : NULL;
	free(b64);
	free(blob);
	return *key ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

/* ---- signers ---- */

static int oom(dossier_error *err)
{
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

/* The first line of a file, when it is a public key. */
static char *read_public(const char *path)
{
	char *data = NULL, *nl, *key = NULL;
	size_t len = 0;

	if (util_read_file(&data, &len, path, NULL) < 0)
		return NULL;
	if ((nl = strchr(data, '\n')))
		*nl = '\0';
	if (!sign_key_check(data))
		key = util_strdup(data);
	free(data);
	return key;
}

int sign_signer_from_file(sign_signer **out, const char *path, dossier_error *err)
{
	sign_signer *s;
	struct stat st;
	char *pub;

	*out = NULL;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = errno;

		dossier_error_set(err, DOSSIER_EINVALID, "cannot read the signing key '%s': %s", path,
			S_ISDIR(st.st_mode) && e == 0 ? "a directory" : strerror(e));
		return DOSSIER_EINVALID;
	}
	if (!(s = calloc(1, sizeof(*s))))
		return oom(err);
	s->key_path = util_strdup(path);
	s->source = util_sprintf(_("the key file '%s'"), path);
	/* a public key file signs through the agent; a private one has its
	 * public half beside it, as ssh-keygen writes them */
	if (!(s->key = read_public(path)) && (pub = util_sprintf("%s.pub", path))) {
		s->key = read_public(pub);
		free(pub);
	}
	if (!s->key) {
		/* no .pub beside it: ask ssh-keygen, without a passphrase (a key
		 * that has one stays unknown here, and is checked by verify) */
		const char *const argv[] = { KEYGEN, "-y", "-P", "", "-f", path, NULL };
		sign_run_result r;
		char *nl;

		if (sign_run(&r, argv, NULL, 0, PACKAGE, NULL) == 0 && r.status == 0) {
			if ((nl = strchr(r.out, '\n')))
				*nl = '\0';
			if (!sign_key_check(r.out))
				s->key = util_strdup(r.out);
		}
		sign_run_result_clear(&r);
	}
	if (!s->key_path || !s->source) {
		sign_signer_free(s);
		return oom(err);
	}
	*out = s;
	return 0;
}

int sign_signer_from_public(sign_signer **out, const char *key, dossier_error *err)
{
	sign_signer *s;
	const char *why;
	char *line;
	int rc;

	*out = NULL;
	if (!strncmp(key, "key::", 5))
		key += 5;
	if ((why = sign_key_check(key)))
		return dossier_error_set(err, DOSSIER_EINVALID, "the signing key is %s", why);
	if (!(s = calloc(1, sizeof(*s))))
		return oom(err);
	s->key = sign_key_canonical(key);
	s->source = util_strdup("the ssh-agent");
	line = s->key ? util_sprintf("%s\n", s->key) : NULL;
	if (!line || !s->source) {
		free(line);
		sign_signer_free(s);
		return oom(err);
	}
	rc = sign_tmp_write(&s->key_path, line, strlen(line), err);
	free(line);
	s->tmp = true;
	if (rc < 0) {
		sign_signer_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int sign_signer_from_agent(sign_signer **out, const char *const *want, size_t n, dossier_error *err)
{
	const char *const argv[] = { "ssh-add", "-L", NULL };
	const char *sock = getenv("SSH_AUTH_SOCK");
	sign_run_result r;
	char *line, *next, *found = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!sock || !*sock)
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "no ssh-agent (SSH_AUTH_SOCK is not set)");
	if ((rc = sign_run(&r, argv, NULL, 0, PACKAGE, err)) < 0)
		return rc;
	for (line = r.out; r.status == 0 && line && *line && !found; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sign_key_check(line))
			continue;
		for (i = 0; i < n && !sign_key_equal(line, want[i]); i++)
			;
		if (n == 0 || i < n)
			found = line;
	}
	rc = found ? sign_signer_from_public(out, found, err) :
		dossier_error_set(err, DOSSIER_ENOTFOUND, "the ssh-agent holds %s", n ? _("none of the keys") : _("no key"));
	if (rc == 0) {
		free((*out)->source);
		(*out)->source = util_strdup("the ssh-agent");
	}
	sign_run_result_clear(&r);
	return rc;
}

const char *sign_signer_key(const sign_signer *s)
{
	return s ? s->key : NULL;
}

const char *sign_signer_source(const sign_signer *s)
{
	return s && s->source ? s->source : "?";
}

void sign_signer_free(sign_signer *s)
{
	if (!s)
		return;
	if (s->tmp)
		sign_tmp_remove(s->key_path);
	else
		free(s->key_path);
	free(s->key);
	free(s->source);
	free(s);
}

/* The first line of what a program said on stderr, for a message. */
static char *first_line(const char *text)
{
	const char *nl;

	while (text && (*text == '\n' || *text == '\r'))
		text++;
	if (!text || !*text)
		return util_strdup("no reason given");
	nl = strpbrk(text, "\r\n");
	return nl ? util_strndup(text, (size_t)(nl - text)) : util_strdup(text);
}

int sign_buffer(char **sig, sign_signer *s, const char *data, size_t len, dossier_error *err)
{
	/* -U: the private key is in the agent, when only the public key is known */
	const char *argv[] = { KEYGEN, "-Y", "sign", "-n", NAMESPACE, "-f", s->key_path, NULL, NULL };
	sign_run_result r;
	int rc;

	*sig = NULL;
	if (s->tmp)
		argv[7] = "-U";
	if ((rc = sign_run(&r, argv, data, len, PACKAGE, err)) < 0)
		return rc;
	if (r.status != 0 || sign_signature_format(r.out) != SIGN_FORMAT_SSH) {
		char *why = first_line(r.errout);

		dossier_error_set(err, DOSSIER_EFAIL, "cannot sign with %s: %s", s->source, why ? why : "?");
		free(why);
		sign_run_result_clear(&r);
		return DOSSIER_EFAIL;
	}
	*sig = r.out;
	r.out = NULL;
	sign_run_result_clear(&r);
	return 0;
}

/* ---- checking ---- */

/* YYYYMMDDHHMMSSZ */
static void stamp(char out[20], dossier_time t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y%m%d%H%M%SZ", &tm);
}

char *sign_allowed_line(const char *principal, const char *key, dossier_time after, dossier_time before)
{
	char *canon = sign_key_canonical(key), *line;
	char a[20], b[20];
	dstr s = DSTR_INIT;

	if (!canon)
		return NULL;
	dstr_addf(&s, "%s namespaces=\"%s\"", principal, NAMESPACE);
	if (after) {
		stamp(a, after);
		dstr_addf(&s, ",valid-after=\"%s\"", a);
	}
	if (before) {
		stamp(b, before);
		dstr_addf(&s, ",valid-before=\"%s\"", b);
	}
	dstr_addf(&s, " %s", canon);
	free(canon);
	line = s.oom ? NULL : dstr_detach(&s);
	dstr_free(&s);
	return line;
}

int sign_verify(bool *ok, char **why, const char *principal, const char *const *keys, size_t n,
	const char *sig, const char *data, size_t len, dossier_error *err)
{
	char *signers = NULL, *sigpath = NULL;
	const char *argv[] = { KEYGEN, "-Y", "verify", "-n", NAMESPACE, "-f", NULL, "-I", principal, "-s", NULL, NULL };
	dstr list = DSTR_INIT;
	sign_run_result r;
	size_t i;
	int rc;

	*ok = false;
	if (why)
		*why = NULL;
	for (i = 0; i < n; i++) {
		char *line = sign_allowed_line(principal, keys[i], 0, 0);

		if (line)
			dstr_addf(&list, "%s\n", line);
		free(line);
	}
	if (list.oom)
		return oom(err);
	if (n == 0) {
		if (why)
			*why = util_strdup("no key is in force");
		return 0;
	}
	if ((rc = sign_tmp_write(&signers, list.ptr, list.len, err)) < 0 ||
	    (rc = sign_tmp_write(&sigpath, sig, strlen(sig), err)) < 0)
		goto done;
	argv[6] = signers;
	argv[10] = sigpath;
	if ((rc = sign_run(&r, argv, data, len, PACKAGE, err)) < 0)
		goto done;
	*ok = r.status == 0;
	if (!*ok && why)
		*why = first_line(r.errout);
	sign_run_result_clear(&r);
done:
	sign_tmp_remove(signers);
	sign_tmp_remove(sigpath);
	dstr_free(&list);
	return rc;
}
