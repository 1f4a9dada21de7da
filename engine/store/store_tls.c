/*
 * store_tls.c: whom an HTTPS remote is trusted to be, the way git decides
 * it (docs/sync.md, "HTTPS"). git's own settings are read for the remote's
 * URL: http.sslVerify and GIT_SSL_NO_VERIFY, http.sslCAInfo and
 * GIT_SSL_CAINFO (a CA file), http.sslCAPath and GIT_SSL_CAPATH (a hashed
 * directory), each also as http.<url>.<name> for the URLs it matches; else
 * OpenSSL's SSL_CERT_FILE and SSL_CERT_DIR. libgit2 calls store_tls_check
 * from its certificate check with the server's certificate and its own
 * verdict: libgit2 1.5 (with mbedTLS in Debian) knows only its compiled-in
 * CA bundle and compares host names with DNS names only, so a ministry's
 * own CA and a certificate for an IP address are checked here, with
 * OpenSSL's libcrypto: the chain up to a trusted certificate, the purpose
 * (a TLS server) and the name or address in the subjectAltName.
 *
 * Nothing is set process-wide (git_libgit2_opts' certificate locations
 * would be): each remote operation reads the settings of its repository
 * and URL, and keeps its OpenSSL store for its own connections.
 */
#include "store/store_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "base/util.h"

/* One setting and where it came from ("http.sslCAInfo", "GIT_SSL_CAINFO"). */
typedef struct tls_setting {
	char *value;
	char *source;
	int score;             /* how closely its http.<url> matched; -1: none */
} tls_setting;

struct store_tls {
	char *url;
	tls_setting cafile, capath, verify;
	X509_STORE *x509;      /* built at the first check */
	char *load_error;      /* why the CA locations could not be read */
	const char *hint;      /* what to do about the last refusal */
};

static void setting_clear(tls_setting *s)
{
	free(s->value);
	free(s->source);
	memset(s, 0, sizeof(*s));
	s->score = -2;
}

/* value taken; source copied */
static void setting_take(tls_setting *s, char *value, const char *source, int score)
{
	char *src = util_strdup(source);

	if (!value || !src) {
		free(value);
		free(src);
		return;
	}
	setting_clear(s);
	s->value = value;
	s->source = src;
	s->score = score;
}

/* ---- git's http.<url>.<name>: which URLs a configuration key covers ---- */

typedef struct url_parts {
	char scheme[16];
	char user[128];
	bool has_user;
	char host[256];
	char port[8];
	const char *path;      /* from the first '/' after the host, or "" */
	size_t path_len;
} url_parts;

/* scheme://[user[:password]@]host[:port][/path], the host lowercased and
 * the scheme's default port made explicit. false for anything else. */
static bool url_split(url_parts *u, const char *url)
{
	const char *p = strstr(url, "://"), *auth, *at, *host, *end;
	size_t n;

	memset(u, 0, sizeof(*u));
	if (!p || (size_t)(p - url) >= sizeof(u->scheme))
		return false;
	for (n = 0; url + n < p; n++)
		u->scheme[n] = (char)tolower((unsigned char)url[n]);
	auth = p + 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	host = auth;
	if (at) {
		size_t ulen = strcspn(auth, ":@");

		if (ulen >= sizeof(u->user))
			return false;
		memcpy(u->user, auth, ulen);
		u->has_user = true;
		host = at + 1;
	}
	{
		const char *colon = NULL, *q;
		size_t hlen;

		if (*host == '[') {
			q = memchr(host, ']', (size_t)(end - host));
			if (!q)
				return false;
			colon = q + 1 < end && q[1] == ':' ? q + 1 : NULL;
		} else {
			colon = memchr(host, ':', (size_t)(end - host));
		}
		hlen = (size_t)((colon ? colon : end) - host);
		if (!hlen || hlen >= sizeof(u->host))
			return false;
		for (n = 0; n < hlen; n++)
			u->host[n] = (char)tolower((unsigned char)host[n]);
		if (colon && (size_t)(end - colon - 1) < sizeof(u->port))
			memcpy(u->port, colon + 1, (size_t)(end - colon - 1));
	}
	if (!u->port[0])
		strcpy(u->port, !strcmp(u->scheme, "https") ? "443" : !strcmp(u->scheme, "http") ? "80" : "");
	u->path = *end == '/' ? end : "";
	u->path_len = strcspn(u->path, "?#");
	while (u->path_len && u->path[u->path_len - 1] == '/')
		u->path_len--;
	return true;
}

/* A host of the configuration matches label by label; '*' is any one label. */
static bool host_matches(const char *pattern, const char *host)
{
	while (*pattern && *host) {
		size_t pl = strcspn(pattern, "."), hl = strcspn(host, ".");

		if (!(pl == 1 && *pattern == '*') && (pl != hl || strncmp(pattern, host, pl)))
			return false;
		pattern += pl;
		host += hl;
		if (*pattern != *host)
			return false;
		if (*pattern)
			pattern++, host++;
	}
	return !*pattern && !*host;
}

/* How closely git's http.<cfg>.* applies to `url`: -1 not at all, else the
 * length of the matched path, doubled, plus one when a user name matched
 * (git prefers the longest path, then a match with a user name). */
static int url_match(const char *cfg, size_t cfg_len, const url_parts *url)
{
	url_parts c;
	char *s = util_strndup(cfg, cfg_len);
	bool ok = s && url_split(&c, s);
	int score = -1;

	if (ok && !strcmp(c.scheme, url->scheme) && host_matches(c.host, url->host) && !strcmp(c.port, url->port) &&
	    (!c.has_user || (url->has_user && !strcmp(c.user, url->user))) && c.path_len <= url->path_len &&
	    !strncmp(c.path, url->path, c.path_len) &&
	    (c.path_len == url->path_len || url->path[c.path_len] == '/'))
		score = (int)c.path_len * 2 + (c.has_user ? 1 : 0);
	free(s);
	return score;
}

/* ---- reading the settings ---------------------------------------------- */

typedef struct config_walk {
	store_tls *t;
	url_parts url;
	bool url_ok;
} config_walk;

/* git_config_pathname: "~/" is the user's home directory. */
static char *expand_path(const char *value)
{
	const char *home = getenv("HOME");

	if (value[0] == '~' && value[1] == '/' && home)
		return util_sprintf("%s%s", home, value + 1);
	return util_strdup(value);
}

static int config_entry(const git_config_entry *e, void *payload)
{
	config_walk *w = payload;
	const char *name = e->name, *var = strrchr(name, '.');
	tls_setting *s;
	const char *key;
	char *source;
	int score = 0;

	if (strncasecmp(name, "http.", 5) || !var || !e->value)
		return 0;
	if (!strcasecmp(var, ".sslcainfo"))
		s = &w->t->cafile, key = "sslCAInfo";
	else if (!strcasecmp(var, ".sslcapath"))
		s = &w->t->capath, key = "sslCAPath";
	else if (!strcasecmp(var, ".sslverify"))
		s = &w->t->verify, key = "sslVerify";
	else
		return 0;
	if (var > name + 4) {
		/* http.<url>.<name> */
		if (!w->url_ok || (score = url_match(name + 5, (size_t)(var - name - 5), &w->url)) < 0)
			return 0;
		score++;
	}
	/* the closest match wins; among equals, the last one read, as in git */
	if (score < s->score)
		return 0;
	source = util_sprintf("%.*s%s", (int)(var - name + 1), name, key);
	setting_take(s, s == &w->t->verify ? util_strdup(e->value) : expand_path(e->value),
		source ? source : "git's configuration", score);
	free(source);
	return 0;
}

store_tls *store_tls_new(git_repository *repo, const char *url)
{
	store_tls *t = calloc(1, sizeof(*t));
	git_config *cfg = NULL;
	config_walk w;
	const char *env;

	if (!t)
		return NULL;
	setting_clear(&t->cafile);
	setting_clear(&t->capath);
	setting_clear(&t->verify);
	t->url = util_strdup(url ? url : "");
	memset(&w, 0, sizeof(w));
	w.t = t;
	w.url_ok = url && url_split(&w.url, url);
	if (repo && git_repository_config_snapshot(&cfg, repo) == 0)
		git_config_foreach(cfg, config_entry, &w);
	git_error_clear();
	git_config_free(cfg);
	/* git: the environment wins over the configuration */
	if ((env = getenv("GIT_SSL_NO_VERIFY")) != NULL)
		setting_take(&t->verify, util_strdup("false"), "GIT_SSL_NO_VERIFY", 0);
	if ((env = getenv("GIT_SSL_CAINFO")) && *env)
		setting_take(&t->cafile, util_strdup(env), "GIT_SSL_CAINFO", 0);
	if ((env = getenv("GIT_SSL_CAPATH")) && *env)
		setting_take(&t->capath, util_strdup(env), "GIT_SSL_CAPATH", 0);
	/* OpenSSL's own variables, when git's settings name no CA at all */
	if (!t->cafile.value && !t->capath.value) {
		if ((env = getenv("SSL_CERT_FILE")) && *env)
			setting_take(&t->cafile, util_strdup(env), "SSL_CERT_FILE", 0);
		if ((env = getenv("SSL_CERT_DIR")) && *env)
			setting_take(&t->capath, util_strdup(env), "SSL_CERT_DIR", 0);
	}
	return t;
}

void store_tls_free(store_tls *t)
{
	if (!t)
		return;
	free(t->url);
	setting_clear(&t->cafile);
	setting_clear(&t->capath);
	setting_clear(&t->verify);
	X509_STORE_free(t->x509);
	free(t->load_error);
	free(t);
}

static bool verification_off(const store_tls *t)
{
	int on = 1;

	if (!t->verify.value)
		return false;
	if (git_config_parse_bool(&on, t->verify.value) < 0) {
		git_error_clear();
		on = 1;
	}
	return !on;
}

/* "the CA file '/etc/ssl/moc-ca.pem' (http.sslCAInfo)": whom we trusted. */
static char *trusted_description(const store_tls *t)
{
	dstr s = DSTR_INIT;

	if (t->cafile.value)
		dstr_addf(&s, _("the CA file '%s' (%s)"), t->cafile.value, t->cafile.source);
	if (t->capath.value)
		dstr_addf(&s, s.len ? _(" and the CA directory '%s' (%s)") : _("the CA directory '%s' (%s)"),
			t->capath.value, t->capath.source);
	if (!s.len)
		dstr_adds(&s, _("the system's CA certificates"));
	return dstr_detach(&s);
}

static const char *openssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "unreadable";
}

/* The OpenSSL store of the CAs the settings name (else the system's). */
static X509_STORE *trust_store(store_tls *t)
{
	X509_STORE *x;

	if (t->x509 || t->load_error)
		return t->x509;
	ERR_clear_error();
	if (!(x = X509_STORE_new()))
		return NULL;
	if (t->cafile.value && X509_STORE_load_file(x, t->cafile.value) != 1)
		t->load_error = util_sprintf(_("cannot read the CA file '%s' (%s): %s"), t->cafile.value,
			t->cafile.source, openssl_reason());
	else if (t->capath.value && X509_STORE_load_path(x, t->capath.value) != 1)
		t->load_error = util_sprintf(_("cannot use the CA directory '%s' (%s): %s"), t->capath.value,
			t->capath.source, openssl_reason());
	else if (!t->cafile.value && !t->capath.value && X509_STORE_set_default_paths(x) != 1)
		t->load_error = util_sprintf(_("cannot read the system's CA certificates: %s"), openssl_reason());
	ERR_clear_error();
	if (t->load_error) {
		X509_STORE_free(x);
		return NULL;
	}
	/* as curl does: a trusted intermediate CA is enough, the root need not
	 * be in the file (libgit2 hands us the server's certificate alone) */
	X509_STORE_set_flags(x, X509_V_FLAG_PARTIAL_CHAIN);
	t->x509 = x;
	return x;
}

static bool is_ip_address(const char *host)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static int set_error(const char *msg)
{
	if (msg)
		git_error_set_str(GIT_ERROR_SSL, msg);
	else
		git_error_set_oom();
	return GIT_ECERTIFICATE;
}

static int refuse(const char *host, const char *reason, store_tls *t)
{
	t->hint = "give git the CA that signed the server's certificate, as git takes it: "
		"'git config --global http.sslCAInfo FILE' (or http.sslCAPath, GIT_SSL_CAINFO, SSL_CERT_FILE; "
		"docs/sync.md, \"HTTPS\")";
	char *trusted = trusted_description(t);
	char *msg = util_sprintf(_("the TLS certificate of '%s' is not trusted: %s (trusted: %s)"), host, reason,
		trusted ? trusted : "?");

	set_error(msg);
	free(msg);
	free(trusted);
	return GIT_ECERTIFICATE;
}

static int verify_x509(store_tls *t, const git_cert_x509 *cert, const char *host)
{
	const unsigned char *der = cert->data;
	X509 *leaf = d2i_X509(NULL, &der, (long)cert->len);
	X509_STORE *store = trust_store(t);
	X509_STORE_CTX *ctx = NULL;
	X509_VERIFY_PARAM *param;
	int rc = GIT_ECERTIFICATE;

	if (!store) {
		t->hint = NULL;
		set_error(t->load_error);
		goto done;
	}
	if (!leaf) {
		rc = refuse(host, "the server sent a certificate that cannot be read", t);
		goto done;
	}
	if (!(ctx = X509_STORE_CTX_new()) || X509_STORE_CTX_init(ctx, store, leaf, NULL) != 1) {
		git_error_set_oom();
		goto done;
	}
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
	param = X509_STORE_CTX_get0_param(ctx);
	if (is_ip_address(host)) {
		X509_VERIFY_PARAM_set1_ip_asc(param, host);
	} else {
		X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		X509_VERIFY_PARAM_set1_host(param, host, 0);
	}
	if (X509_verify_cert(ctx) == 1) {
		rc = 0;
	} else {
		int e = X509_STORE_CTX_get_error(ctx);

		rc = refuse(host, X509_verify_cert_error_string(e), t);
		if (e == X509_V_ERR_HOSTNAME_MISMATCH || e == X509_V_ERR_IP_ADDRESS_MISMATCH)
			t->hint = "the certificate names another server: use the name (or address) it was issued for "
				"in the URL ('openssl s_client -connect HOST:PORT' shows it)";
	}
done:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_free(leaf);
	return rc;
}

const char *store_tls_hint(const store_tls *t)
{
	return t->hint;
}

int store_tls_check(store_tls *t, git_cert *cert, int valid, const char *host)
{
	if (!cert || cert->cert_type != GIT_CERT_X509)
		return GIT_PASSTHROUGH;       /* an SSH host key: libgit2's own check */
	if (verification_off(t))
		return 0;                     /* http.sslVerify false, as git */
	if (valid && !t->cafile.value && !t->capath.value)
		return GIT_PASSTHROUGH;       /* libgit2 trusted it by the system's CAs */
	return verify_x509(t, (const git_cert_x509 *)cert, host ? host : "");
}
