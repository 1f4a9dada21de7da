/*
 * web.h: `dossier serve`, the browser front end and JSON API of a dossier
 * (docs/serve.md, docs/api.md), and the web's account store, as the
 * command line sees them. The server is built on GNU libmicrohttpd and the
 * passwords are hashed with yescrypt (libxcrypt); neither appears here, so
 * the CLI includes this header without them. Like the CLI, the web front
 * end calls only the public engine API (engine/include/dossier/).
 */
#ifndef DOSSIER_WEB_H
#define DOSSIER_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <dossier/dossier.h>

typedef struct web_options {
	const char *listen;          /* "ADDR:PORT", "[ADDR]:PORT"; NULL: 127.0.0.1:8080; port 0: any free */
	const char *dir;             /* serve this dossier (at or above it), or */
	const char *root;            /* every dossier in this directory, each at /NAME/ */
	const char *now;             /* --now / DOSSIER_NOW for every request, or NULL */
	const char *trust_header;    /* take the account from this header ... */
	const char *const *trusted_proxies; /* ... on connections from these addresses only */
	size_t ntrusted_proxies;
	unsigned threads;            /* the thread pool; 0: 4 per core, at least 4, at most 32 */
	size_t max_body;             /* bytes; 0: 1 MiB; larger requests get 413 */
	unsigned timeout;            /* seconds a connection may stay idle; 0: 30 */
	unsigned session_idle;       /* seconds a session lives unused; 0: 2 hours */
	unsigned session_max;        /* seconds a session lives at most; 0: 12 hours */
	const char *templates;       /* the templates directory, or NULL: found as the CLI finds it */
	const char *tls_cert;        /* serve HTTPS with this PEM certificate (chain) ... */
	const char *tls_key;         /* ... and this PEM key; both or neither */
	bool quiet;                  /* no access log on standard error */
	/* The server's own SSH key (--signing-key, DOSSIER_SIGNING_KEY): it signs
	 * the commits it writes for signed-in accounts, vouching for them
	 * (docs/signatures.md); NULL: the commits are not signed. */
	const char *signing_key;
} web_options;

/* Serve until SIGTERM or SIGINT, then finish the requests in flight and
 * return. Prints "listening on http://ADDR:PORT" on standard output once
 * it accepts connections, the access log and errors on standard error.
 * Returns the exit status (0, 1 on failure, 2 on bad options). */
int web_serve(const web_options *o);

/* ---- the account store (GITDIR/dossier/accounts) -------------------------- */

typedef struct web_accounts web_accounts;

/* The store of the dossier whose git directory is `gitdir`. The file need
 * not exist yet; nothing is written until a change. */
int web_accounts_open(web_accounts **out, const char *gitdir, dossier_error *err);
void web_accounts_free(web_accounts *a);
/* The store's file, for messages. Borrowed. */
const char *web_accounts_path(const web_accounts *a);

typedef enum {
	WEB_ACCOUNT_CREATE = 1,     /* refuse when it exists */
	WEB_ACCOUNT_UPDATE = 2,     /* refuse when it does not */
} web_account_mode;

/* Set an account's password (hashed with yescrypt; the password itself is
 * never stored or logged). Changing a password ends the account's sessions. */
int web_account_set_password(web_accounts *a, const char *id, const char *password,
	web_account_mode mode, dossier_error *err);
/* Remove an account with its sessions and tokens. */
int web_account_remove(web_accounts *a, const char *id, dossier_error *err);

typedef struct web_account_info {
	char *id;
	bool has_password;
	char *created;           /* ISO 8601 */
	char *password_changed;  /* ISO 8601, or NULL */
	size_t tokens;
	size_t sessions;         /* not expired, by the server's last write */
	char **token_ids;        /* [tokens]: "3f9a1c0e" */
	char **token_labels;     /* [tokens]: or NULL */
} web_account_info;

int web_account_list(web_account_info **out, size_t *n, web_accounts *a, dossier_error *err);
void web_account_info_free(web_account_info *list, size_t n);

/* A new API token for the account (`Authorization: Bearer TOKEN`); only
 * its hash is stored. *token is the token to show once, *token_id its
 * public id for revoking. Caller frees both. */
int web_account_token_new(char **token, char **token_id, web_accounts *a, const char *id,
	const char *label, dossier_error *err);
/* Revoke one token by its id, or every token of the account ("all"). */
int web_account_token_revoke(web_accounts *a, const char *id, const char *token_id,
	dossier_error *err);

#endif
