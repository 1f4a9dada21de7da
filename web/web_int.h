/*
 * web_int.h: what the files of the web front end share: the server and
 * its sites (one per dossier served), a request and its response as the
 * handlers see them (libmicrohttpd stays in server.c), the account store's
 * server side, buffers and HTML escaping, the translations of the pages,
 * and the routes of the JSON API and of the pages. Private to web/.
 */
#ifndef DOSSIER_WEB_INT_H
#define DOSSIER_WEB_INT_H

#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include <jansson.h>

#include "web.h"

/* A message for people, in the language of the request being served
 * (i18n.c, docs/i18n.md); N_() only marks it for xgettext. */
#define _(msgid) dossier_tr(msgid)
#define N_(msgid) msgid
#define P_(msgid, plural, n) dossier_trn(msgid, plural, n)

/* ---- buffers ----------------------------------------------------------- */

typedef struct wbuf {
	char *ptr;
	size_t len, cap;
	bool oom;
} wbuf;
#define WBUF_INIT { NULL, 0, 0, false }

void wbuf_add(wbuf *b, const char *s, size_t n);
void wbuf_adds(wbuf *b, const char *s);
void wbuf_addf(wbuf *b, const char *fmt, ...) DOSSIER_PRINTF(2, 3);
/* HTML-escaped: & < > " ' (NULL adds nothing). */
void wbuf_esc(wbuf *b, const char *s);
/* Percent-encoded for a URL's query value. */
void wbuf_url(wbuf *b, const char *s);
/* The contents (never NULL unless out of memory); the buffer is emptied. */
char *wbuf_detach(wbuf *b, size_t *len);
void wbuf_free(wbuf *b);

char *web_strdup(const char *s);
char *web_sprintf(const char *fmt, ...) DOSSIER_PRINTF(1, 2);

/* ---- crypto.c: randomness, hashes, passwords ----------------------------- */

/* n random bytes from getrandom(2). */
int web_random(unsigned char *out, size_t n);
/* 2n lower-case hex digits and a NUL into out. */
void web_hex(char *out, const unsigned char *in, size_t n);
/* SHA-256 of s as 64 hex digits. */
void web_sha256_hex(char out[65], const char *s, size_t n);
/* HMAC-SHA-256 of msg under key, as 64 hex digits. */
void web_hmac_hex(char out[65], const unsigned char *key, size_t keylen, const char *msg, size_t n);
/* Base64 of the SHA-256 of data (for a Content-Security-Policy hash). Caller frees. */
char *web_sha256_base64(const char *data, size_t n);
/* Constant-time comparison of two NUL-terminated strings. */
bool web_equal(const char *a, const char *b);
/* A yescrypt hash of password. Caller frees. */
int web_password_hash(char **out, const char *password, dossier_error *err);
/* Whether password matches hash (false on any error). */
bool web_password_check(const char *password, const char *hash);

/* ---- accounts.c: the server's side of the account store ------------------ */

/* The secret key of the store (created on first use), for CSRF tokens. */
int web_accounts_secret(unsigned char key[32], web_accounts *a, dossier_error *err);
/* Whether the account exists and has this password. Runs yescrypt even for
 * an unknown account, so the time does not tell which. */
bool web_accounts_check(web_accounts *a, const char *id, const char *password);
bool web_accounts_exists(web_accounts *a, const char *id);
/* A new session for the account: *token (64 hex digits) for the cookie. */
int web_session_new(char token[65], web_accounts *a, const char *id, time_t now, unsigned idle,
	unsigned max, dossier_error *err);
/* The account of a live session, or NULL (expired, signed out, unknown).
 * Refreshes its idle time now and then. Caller frees. */
char *web_session_account(web_accounts *a, const char *token, time_t now, unsigned idle, unsigned max);
/* End a session (an unknown one is not an error). */
int web_session_end(web_accounts *a, const char *token, dossier_error *err);
/* The account of an API token, or NULL. Caller frees. */
char *web_token_account(web_accounts *a, const char *token);

/* ---- the server and its sites -------------------------------------------- */

typedef struct web_server web_server;
typedef struct web_throttle web_throttle;
struct MHD_Daemon;

typedef struct static_file {
	const char *name;
	const char *type;
	char *data;
	size_t len;
} static_file;

/* One dossier served. */
typedef struct web_site {
	char *name;               /* the directory's name under --root; NULL for a single dossier */
	char *dir;                /* the dossier's directory */
	char *base;               /* "/" or "/NAME/": every URL of the site starts with it */
	char *gitdir;
	char *title;
	web_accounts *accounts;
	unsigned char secret[32]; /* the store's key, for CSRF tokens */
	pthread_mutex_t pool_lock;
	dossier **pool;           /* idle handles */
	size_t npool, cap;
	pthread_mutex_t write_lock; /* one action at a time from this process ... */
	dossier *writer;          /* ... through this handle, whose caches stay warm */
	pthread_mutex_t cache_lock; /* the drafts rendered (page_draft.c) */
	struct draft_cache *drafts;
	size_t ndrafts;
	struct web_site *next;
} web_site;

struct web_server {
	web_options o;
	struct sockaddr_storage sa;
	socklen_t salen;
	char host[128];
	unsigned port;
	web_site *single;           /* -C: the one dossier */
	pthread_mutex_t sites_lock; /* --root: the dossiers opened so far */
	web_site *sites;
	pthread_mutex_t render_lock;
	char *tpl[4];               /* decree.xsl, compare.xsl, report.xsl */
	static_file statics[4];
	size_t nstatics;
	web_throttle *throttle;
	char **trusted;             /* normalised addresses */
	size_t ntrusted;
	pthread_mutex_t flight_lock;
	pthread_cond_t flight_cond;
	unsigned inflight;
	bool draining;
	struct MHD_Daemon *daemon;
	char *tls_cert, *tls_key;   /* PEM, for --tls-cert and --tls-key */
	locale_t loc[2];            /* LC_MESSAGES of LANG_VI and LANG_EN (i18n.c) */
	char *language;             /* LANGUAGE before the server set it, or NULL */
	bool had_language;
	bool set_language;          /* the server set LANGUAGE (web_i18n_free restores it) */
};

/* A revision rendered as the decree, kept with the AKN it came from. */
typedef struct draft_cache {
	char *akn;
	size_t akn_len;
	char *key;                /* the stylesheet's parameters */
	char *html;
	size_t len;
} draft_cache;
void site_drafts_free(web_site *s);

/* Open the dossier of -C (exit status on failure, with the message printed). */
int site_open_single(web_site **out, web_server *srv, const char *dir);
void site_free(web_site *s);

/* Pick up an idle handle of the site (or open one) acting as `as` (may be
 * NULL: nobody, for reading) at the server's --now or the clock. */
int site_acquire(dossier **out, web_site *s, const web_server *srv, const char *as, dossier_error *err);
/* Give the handle back (or free it when the pool is full). */
void site_release(web_site *s, dossier *d);
/* The site for a request path under --root ("/NAME/..."), opened on first
 * use; *rest is the path below the site's base ("/..."). NULL when none. */
web_site *server_site(web_server *srv, const char *path, const char **rest);
/* Every dossier under --root (for the index page): name and title. */
typedef struct web_site_entry {
	char *name;
	char *title;
	char *stage;
} web_site_entry;
int server_list_sites(web_site_entry **out, size_t *n, web_server *srv);
void web_site_entries_free(web_site_entry *e, size_t n);

const web_options *server_options(const web_server *srv);
/* A file of the templates directory ("decree.xsl"), or NULL. Borrowed. */
const char *server_template(const web_server *srv, const char *name);
/* Serialise libxslt (its error handler is process-wide). */
void server_render_lock(web_server *srv);
void server_render_unlock(web_server *srv);
/* A static file (/static/NAME) and its type, or NULL. Borrowed. */
const char *server_static(const web_server *srv, const char *name, size_t *len, const char **type);

/* Failed sign-ins, per account and per address (throttle.c). */
int web_throttle_new(web_throttle **out);
void web_throttle_free(web_throttle *t);
/* Seconds to wait before the next attempt for this key (0: go ahead). */
unsigned web_throttle_wait(web_throttle *t, const char *key, time_t now);
void web_throttle_fail(web_throttle *t, const char *key, time_t now);
void web_throttle_clear(web_throttle *t, const char *key);
web_throttle *server_throttle(web_server *srv);

/* ---- a request and its response ------------------------------------------ */

typedef enum {
	AUTH_NONE = 0,
	AUTH_SESSION,   /* the session cookie */
	AUTH_TOKEN,     /* Authorization: Bearer */
	AUTH_HEADER,    /* the trusted proxy's header */
} web_auth;

typedef enum {
	LANG_VI = 0,
	LANG_EN = 1,
} web_lang;

typedef struct web_field {
	char *name;
	char *value;
} web_field;

struct MHD_Connection;

typedef struct web_req {
	struct MHD_Connection *conn;
	web_server *srv;
	web_site *site;
	const char *method;
	const char *path;         /* below the site's base, starting with '/' */
	char *body;               /* the raw body (JSON), NUL-terminated */
	size_t body_len;
	bool is_form;             /* application/x-www-form-urlencoded */
	web_field *form;          /* its fields, in order */
	size_t nform;
	char addr[64];            /* the client's address */
	bool from_proxy;          /* the connection comes from a trusted proxy */
	bool tls;                 /* the client's side is HTTPS (a trusted proxy says so) */
	web_lang lang;
	bool lang_set;            /* chosen with ?lang= or the cookie */
	/* who is asking */
	web_auth auth;
	char *account;            /* participant id, or NULL */
	char session[65];         /* the session cookie's token when AUTH_SESSION */
	char csrf[65];            /* the CSRF token that state-changing requests must carry */
} web_req;

typedef struct web_resp {
	unsigned status;
	const char *type;         /* Content-Type */
	char *body;               /* owned */
	size_t len;
	char *headers[8][2];      /* extra headers, owned */
	size_t nheaders;
	char *csp_style;          /* a CSP hash source for an inline style, or NULL */
} web_resp;

/* A header of the request, an argument of its query string, a cookie. Borrowed. */
const char *req_header(const web_req *r, const char *name);
const char *req_arg(const web_req *r, const char *name);
const char *req_cookie(const web_req *r, const char *name);
/* A form field (valid, NFC-normalised UTF-8), or NULL. Borrowed. */
const char *req_field(const web_req *r, const char *name);
bool req_is(const web_req *r, const char *method);
/* The host the client asked for (a trusted proxy's X-Forwarded-Host, else Host). */
const char *req_host(const web_req *r);
/* Whether the request's Origin, when it has one, is this host. */
bool req_same_origin(const web_req *r);
/* The site's URL for a path below its base ("status" -> "/NAME/status"). Caller frees. */
char *req_url(const web_req *r, const char *rel);

void resp_header(web_resp *resp, const char *name, const char *value);
void resp_set(web_resp *resp, unsigned status, const char *type, char *body, size_t len);
/* JSON from jansson (the reference is stolen), or already a string. */
void resp_json(web_resp *resp, unsigned status, json_t *j);
void resp_json_string(web_resp *resp, unsigned status, char *s);
/* A JSON error: {"error", "code", and the extras}. */
void resp_error(web_resp *resp, unsigned status, const char *code, const char *fmt, ...)
	DOSSIER_PRINTF(4, 5);
/* The same with a field (the HTTP field named, docs/api.md) and a hint. */
void resp_error_field(web_resp *resp, unsigned status, const char *code, const char *field,
	const char *hint, const char *fmt, ...) DOSSIER_PRINTF(6, 7);
/* An engine error as JSON, with its status: EINVALID 400, ENOTFOUND 404
 * (400 when `in_body`: the thing was named in the request's body), EREFUSED
 * 403, ECONFLICT 409, else 500. `field` names the request field it is about. */
void resp_engine_error(web_resp *resp, const dossier_error *err, bool in_body, const char *field);
unsigned web_status_for(const dossier_error *err, bool in_body);
void resp_redirect(web_resp *resp, const char *location);
void resp_clear(web_resp *resp);

/* ---- auth.c ---------------------------------------------------------------- */

/* Find who is asking (cookie, bearer token, trusted header) and fill
 * r->auth, r->account and r->csrf. */
void auth_identify(web_req *r);
/* A state-changing request from a browser credential must carry the CSRF
 * token (X-CSRF-Token, or the form field `csrf`) and, when it has an
 * Origin, come from this site. False (and a 403 in resp) when not. */
bool auth_check_csrf(web_req *r, web_resp *resp);
/* Sign in with an id or e-mail and a password: 0 and the session in
 * r (account, session, csrf) plus the Set-Cookie header in resp; else an
 * HTTP status (401 wrong, 429 slowed down, 400 missing) with *code and
 * *message set (static strings), and *retry_after for 429. */
unsigned auth_sign_in(web_req *r, web_resp *resp, const char *who, const char *password,
	const char **code, const char **message, unsigned *retry_after);
/* End the request's session and clear the cookie. */
void auth_sign_out(web_req *r, web_resp *resp);
/* The participant record of the signed-in account in the site's workflow. */
const dossier_participant *auth_participant(const web_req *r, const dossier_workflow *wf);

/* ---- actions.c: the façade calls, one per action, as the signed-in account ---- */

/* *json (may be NULL): the new comment as the objects of comments --json. */
int act_comment(char **id, char **json, web_req *r, const char *on, const char *revision,
	const char *text, const char *propose, dossier_error *err);
int act_respond(web_req *r, const char *id, dossier_disposition disp, const char *reason,
	const char *adopted, dossier_error *err);
/* Several answers as one event (dossier_respond_many): *done the number
 * answered (with dry_run, that would be); err->field "answers[I].FIELD". */
int act_respond_many(size_t *done, web_req *r, const dossier_answer *answers, size_t n, bool dry_run,
	dossier_error *err);
int act_advance(web_req *r, const char *stage, const char *message, dossier_error *err);
/* A disposition from its API or form name ("accept", "partial", "reject", "note"). */
dossier_disposition web_disposition(const char *s);

/* ---- api.c: what the pages share with the API --------------------------- */

/* Render AKN through a template of the server (under the libxslt lock). */
int web_render(char **out, size_t *len, web_req *r, const char *tpl, const char *xml, size_t xml_len,
	const char *const *params, dossier_error *err);
/* A rendered template's page as the response (its inline style allowed
 * by a CSP hash; a file name when ?download=1). Takes html. */
void web_html_document(web_req *r, web_resp *resp, char *html, size_t len, const char *filename);
/* The comments of l (borrowed into out->items, which the caller frees)
 * on an eId, with a disposition ("accepted" … "unanswered"), or answered.
 * -2 for an unknown disposition, -1 out of memory. */
int web_filter_comments(dossier_comment_list *out, const dossier_comment_list *l, const char *on,
	const char *disposition, bool answered_only);
/* The diff of two revisions (NULL: the previous and the latest) as "json"
 * or "html" (the bảng so sánh); labels (64 bytes) receives the two names. */
int web_diff(char **out, size_t *len, web_req *r, dossier *d, const char *from, const char *to,
	const char *format, char *labels, dossier_error *err);

/* ---- the routes ------------------------------------------------------------ */

/* /api/v1/...: the JSON API (api.c). */
void api_handle(web_req *r, web_resp *resp, const char *rest);
/* Everything else: the pages (pages.c). */
void pages_handle(web_req *r, web_resp *resp);
/* The index of --root. */
void pages_root_index(web_req *r, web_resp *resp);

/* ---- pages: what the page files share (pages.c) ---------------------------- */

typedef struct page {
	web_req *r;
	web_resp *resp;
	wbuf b;
	dossier *d;
	const dossier_workflow *wf;
	const dossier_participant *me;   /* the signed-in participant */
	unsigned may;                    /* the actions of my role (dossier_action bits) */
	dossier_status *st;
	dossier_error err;
} page;

/* Open the site for a page: a handle, the workflow, the status. False
 * (with an error page in resp) when that fails. */
bool page_open(page *p, web_req *r, web_resp *resp);
void page_close(page *p);
/* The top of a page (title, the site's navigation with `nav` current) and its end. */
void page_head(page *p, const char *title, const char *nav);
void page_foot(page *p);
/* The page as the response, with this status. */
void page_send(page *p, unsigned status);
/* A rendered document (decree.xsl, compare.xsl, report.xsl) with the
 * site's bar added at the top of its body. Takes html. */
void page_send_document(page *p, char *html, size_t len, const char *title, const char *nav,
	const char *intro);
/* An engine error, as a notice in the page being built. */
void page_engine_error(page *p, const dossier_error *err);
void page_notice(page *p, const char *cls, const char *text);
/* The hidden CSRF field of a form. */
void page_csrf(page *p);
/* A time for people ("23:59 ngày 25/07/2025"). */
void page_time(page *p, dossier_time t);
/* A participant's name (or the id when not in the workflow). */
const char *page_name(const page *p, const char *id);
/* The site's URL of a page, HTML-escaped into the page. */
void page_href(page *p, const char *rel);
/* "Tiếp thu", "Tiếp thu một phần", … (or the English). */
const char *page_disposition_label(const web_req *r, dossier_disposition d);
/* One comment as a card (with its response), and a link to answer it when `respond`. */
void page_comment_card(page *p, const dossier_comment_record *c, bool respond, bool highlight);

void page_draft(web_req *r, web_resp *resp);
void page_comment_form(web_req *r, web_resp *resp);
void page_comment_post(web_req *r, web_resp *resp);
void page_mine(web_req *r, web_resp *resp);
void page_comments(web_req *r, web_resp *resp);
void page_respond_form(web_req *r, web_resp *resp);
void page_respond_post(web_req *r, web_resp *resp);
void page_advance_form(web_req *r, web_resp *resp);
void page_advance_post(web_req *r, web_resp *resp);
void page_revisions(web_req *r, web_resp *resp);
void page_compare(web_req *r, web_resp *resp);
void page_report(web_req *r, web_resp *resp);
void page_downloads(web_req *r, web_resp *resp);

/* ---- i18n.c: the pages' words in Vietnamese and English ----------------- */

/* The text for a key (an English msgid of po/vi.po) in the request's
 * language (the key itself when there is no translation). */
const char *T(const web_req *r, const char *key);
/* Make the locales of the two languages; 0, or -1 (nothing to free). */
int web_i18n_init(web_server *srv);
void web_i18n_free(web_server *srv);
/* Speak `lang` in this thread from now on: the pages' words and the
 * engine's messages (uselocale); web_i18n_use(NULL, 0) goes back to the
 * process's language. */
void web_i18n_use(const web_server *srv, web_lang lang);
/* The language a request asks for (?lang=, the cookie, Accept-Language). */
web_lang web_pick_lang(const char *arg, const char *cookie, const char *accept);

#endif
