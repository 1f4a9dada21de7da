/*
 * server.c: the HTTP server of `dossier serve`, on GNU libmicrohttpd (the
 * only file that includes microhttpd.h). A bounded pool of threads, each
 * with its own epoll loop, reads requests; a request's body is collected up
 * to the size limit (413 beyond it), forms are decoded by libmicrohttpd's
 * post processor and checked as UTF-8, then the request goes to the JSON
 * API (api.c) or the pages (pages.c). Every response carries the security
 * headers (Content-Security-Policy, nosniff, no framing).
 *
 * SIGTERM and SIGINT are waited for in the main thread: the server stops
 * accepting, lets the requests in flight finish (a comment acknowledged is
 * a comment committed), answers 503 to new requests on open connections,
 * then stops. No repository lock is held between requests: each action is
 * one façade call that moves the branch with a compare-and-swap.
 */
#include "web_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dossier-config.h"

#define MAX_FORM_FIELDS 2000

/* ---- the request's side --------------------------------------------------- */

typedef struct conn_ctx {
	web_req req;
	wbuf body;
	size_t received;
	bool too_large;
	bool form_bad;            /* too many fields */
	struct MHD_PostProcessor *pp;
	size_t form_cap;
	size_t *form_lens;        /* byte lengths of the raw values */
	struct timespec t0;
	char *url;                /* as asked, for the log */
	unsigned status;
	size_t sent;
	bool counted;
} conn_ctx;

const char *req_header(const web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_arg(const web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(const web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_field(const web_req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (!strcmp(r->form[i].name, name))
			return r->form[i].value;
	return NULL;
}

const char *req_host(const web_req *r)
{
	const char *fwd = r->from_proxy ? req_header(r, "X-Forwarded-Host") : NULL;

	return fwd ? fwd : req_header(r, "Host");
}

bool req_same_origin(const web_req *r)
{
	const char *origin = req_header(r, "Origin"), *host = req_host(r), *oh;

	/* No Origin (an old browser, a script) or an opaque one: nothing to compare. */
	if (!origin || !strcmp(origin, "null"))
		return true;
	oh = strstr(origin, "://");
	return oh && host && !strcasecmp(oh + 3, host);
}

bool req_is(const web_req *r, const char *method)
{
	return !strcmp(r->method, method);
}

char *req_url(const web_req *r, const char *rel)
{
	const char *base = r->site ? r->site->base : "/";

	while (rel && *rel == '/')
		rel++;
	return web_sprintf("%s%s", base, rel ? rel : "");
}

/* ---- the response's side --------------------------------------------------- */

void resp_header(web_resp *resp, const char *name, const char *value)
{
	if (resp->nheaders >= sizeof(resp->headers) / sizeof(resp->headers[0]))
		return;
	resp->headers[resp->nheaders][0] = web_strdup(name);
	resp->headers[resp->nheaders][1] = web_strdup(value);
	resp->nheaders++;
}

void resp_set(web_resp *resp, unsigned status, const char *type, char *body, size_t len)
{
	free(resp->body);
	resp->status = status;
	resp->type = type;
	resp->body = body;
	resp->len = len;
	if (!body) {
		resp->status = 500;
		resp->type = "text/plain; charset=utf-8";
		resp->body = web_strdup("out of memory\n");
		resp->len = resp->body ? strlen(resp->body) : 0;
	}
}

void resp_json_string(web_resp *resp, unsigned status, char *s)
{
	resp_set(resp, status, "application/json; charset=utf-8", s, s ? strlen(s) : 0);
}

/* Every object the API answers carries the format first, as the engine's do. */
void resp_json(web_resp *resp, unsigned status, json_t *j)
{
	json_t *o = json_object();
	char *s, *t;

	if (o && json_is_object(j) && !json_object_get(j, "format") &&
	    json_object_set_new(o, "format", json_string(DOSSIER_JSON_FORMAT)) == 0 && json_object_update(o, j) == 0) {
		json_decref(j);
		j = o;
	} else {
		json_decref(o);
	}
	s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	t = s ? web_sprintf("%s\n", s) : NULL;
	free(s);
	json_decref(j);
	resp_json_string(resp, status, t);
}

static void error_json(web_resp *resp, unsigned status, const char *code, const char *field,
	const char *hint, const char *fmt, va_list ap)
{
	json_t *j = json_object();
	wbuf b = WBUF_INIT;
	va_list aq;
	int n;
	char *msg;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, _(fmt), aq);
	va_end(aq);
	msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (msg)
		vsnprintf(msg, (size_t)n + 1, _(fmt), ap);
	wbuf_free(&b);
	json_object_set_new(j, "error", json_string(msg ? msg : "error"));
	json_object_set_new(j, "code", json_string(code));
	if (field)
		json_object_set_new(j, "field", json_string(field));
	if (hint)
		json_object_set_new(j, "hint", json_string(hint));
	free(msg);
	resp_json(resp, status, j);
}

void resp_error(web_resp *resp, unsigned status, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_json(resp, status, code, NULL, NULL, fmt, ap);
	va_end(ap);
}

void resp_error_field(web_resp *resp, unsigned status, const char *code, const char *field,
	const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_json(resp, status, code, field, hint, fmt, ap);
	va_end(ap);
}

unsigned web_status_for(const dossier_error *err, bool in_body)
{
	switch (err ? err->code : DOSSIER_EFAIL) {
	case DOSSIER_EINVALID: return 400;
	case DOSSIER_ENOTFOUND: return in_body ? 400 : 404;
	case DOSSIER_EREFUSED: return 403;
	case DOSSIER_ECONFLICT: return 409;
	default: return 500;
	}
}

void resp_engine_error(web_resp *resp, const dossier_error *err, bool in_body, const char *field)
{
	json_t *j = json_object();

	/* The engine names the input at fault by its option's name; the API's
	 * member for the proposal is "propose". */
	if (!field && err && err->field)
		field = !strcmp(err->field, "proposal") ? "propose" : err->field;

	json_object_set_new(j, "error", json_string(err && err->message ? err->message : "failure"));
	json_object_set_new(j, "code", json_string(err && err->code ? dossier_error_tag(err) : "failure"));
	if (field)
		json_object_set_new(j, "field", json_string(field));
	if (err && err->hint)
		json_object_set_new(j, "hint", json_string(err->hint));
	if (err && err->path) {
		json_t *place = json_object();

		json_object_set_new(place, "path", json_string(err->path));
		if (err->line)
			json_object_set_new(place, "line", json_integer(err->line));
		if (err->column)
			json_object_set_new(place, "column", json_integer(err->column));
		json_object_set_new(j, "place", place);
	}
	resp_json(resp, web_status_for(err, in_body), j);
}

void resp_redirect(web_resp *resp, const char *location)
{
	resp_set(resp, 303, "text/plain; charset=utf-8", web_strdup(""), 0);
	resp_header(resp, "Location", location);
}

void resp_clear(web_resp *resp)
{
	size_t i;

	free(resp->body);
	for (i = 0; i < resp->nheaders; i++) {
		free(resp->headers[i][0]);
		free(resp->headers[i][1]);
	}
	free(resp->csp_style);
	memset(resp, 0, sizeof(*resp));
}

/* ---- the server ------------------------------------------------------------- */

static const char *const tpl_names[] = { "decree.xsl", "compare.xsl", "report.xsl", NULL };

const web_options *server_options(const web_server *srv)
{
	return &srv->o;
}

const char *server_template(const web_server *srv, const char *name)
{
	size_t i;

	for (i = 0; tpl_names[i]; i++)
		if (!strcmp(tpl_names[i], name))
			return srv->tpl[i];
	return NULL;
}

void server_render_lock(web_server *srv)
{
	pthread_mutex_lock(&srv->render_lock);
}

void server_render_unlock(web_server *srv)
{
	pthread_mutex_unlock(&srv->render_lock);
}

const char *server_static(const web_server *srv, const char *name, size_t *len, const char **type)
{
	size_t i;

	for (i = 0; i < srv->nstatics; i++) {
		if (!strcmp(srv->statics[i].name, name)) {
			*len = srv->statics[i].len;
			*type = srv->statics[i].type;
			return srv->statics[i].data;
		}
	}
	return NULL;
}

web_throttle *server_throttle(web_server *srv)
{
	return srv->throttle;
}

/* An address as inet_ntop writes it, IPv4-mapped IPv6 as IPv4. */
static void addr_string(char *out, size_t n, const struct sockaddr *sa)
{
	out[0] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(a6))
			inet_ntop(AF_INET, &a6->s6_addr[12], out, (socklen_t)n);
		else
			inet_ntop(AF_INET6, a6, out, (socklen_t)n);
	}
}

/* "1.2.3.4" or "::1" normalised, or NULL when not an address. */
static char *normalise_addr(const char *s)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[64];

	if (inet_pton(AF_INET, s, &a4) == 1)
		return web_strdup(inet_ntop(AF_INET, &a4, buf, sizeof(buf)));
	if (inet_pton(AF_INET6, s, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6))
			return web_strdup(inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof(buf)));
		return web_strdup(inet_ntop(AF_INET6, &a6, buf, sizeof(buf)));
	}
	return NULL;
}

static bool is_trusted(const web_server *srv, const char *addr)
{
	size_t i;

	for (i = 0; i < srv->ntrusted; i++)
		if (!strcmp(srv->trusted[i], addr))
			return true;
	return false;
}

/* ---- forms ------------------------------------------------------------------- */

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key,
	const char *filename, const char *content_type, const char *transfer_encoding,
	const char *data, uint64_t off, size_t size)
{
	conn_ctx *x = cls;
	web_req *r = &x->req;
	size_t i;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	/* A value comes in pieces: off > 0 continues the last field of that name. */
	if (off > 0 && r->nform && !strcmp(r->form[r->nform - 1].name, key)) {
		i = r->nform - 1;
	} else {
		if (r->nform >= MAX_FORM_FIELDS) {
			x->form_bad = true;
			return MHD_NO;
		}
		if (r->nform == x->form_cap) {
			size_t cap = x->form_cap ? x->form_cap * 2 : 16;
			web_field *f = realloc(r->form, cap * sizeof(*f));
			size_t *l = f ? realloc(x->form_lens, cap * sizeof(*l)) : NULL;

			if (f)
				r->form = f;
			if (!f || !l)
				return MHD_NO;
			x->form_lens = l;
			x->form_cap = cap;
		}
		i = r->nform++;
		r->form[i].name = web_strdup(key);
		r->form[i].value = web_strdup("");
		x->form_lens[i] = 0;
		if (!r->form[i].name || !r->form[i].value)
			return MHD_NO;
	}
	if (size) {
		char *v = realloc(r->form[i].value, x->form_lens[i] + size + 1);

		if (!v)
			return MHD_NO;
		memcpy(v + x->form_lens[i], data, size);
		x->form_lens[i] += size;
		v[x->form_lens[i]] = '\0';
		r->form[i].value = v;
	}
	return MHD_YES;
}

/* Every field must be valid UTF-8 without NUL; values are NFC-normalised.
 * Returns the name of the first bad field, or NULL. */
static const char *check_form(conn_ctx *x)
{
	web_req *r = &x->req;
	size_t i;

	for (i = 0; i < r->nform; i++) {
		dossier_error err = DOSSIER_ERROR_INIT;
		char *nfc = NULL;

		if (memchr(r->form[i].value, '\0', x->form_lens[i]) ||
		    dossier_utf8_nfc(&nfc, r->form[i].value, x->form_lens[i], &err) < 0) {
			dossier_error_clear(&err);
			return r->form[i].name;
		}
		free(r->form[i].value);
		r->form[i].value = nfc;
		/* Browsers send a textarea's line ends as CRLF: keep LF, as the command line does. */
		{
			char *src = nfc, *dst = nfc;

			for (; *src; src++) {
				if (*src == '\r') {
					*dst++ = '\n';
					if (src[1] == '\n')
						src++;
				} else {
					*dst++ = *src;
				}
			}
			*dst = '\0';
		}
	}
	return NULL;
}

/* The first query argument that is not valid UTF-8, or NULL. */
typedef struct arg_check {
	const char *bad;
} arg_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	arg_check *c = cls;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *nfc = NULL;

	(void)kind;
	if (value && dossier_utf8_nfc(&nfc, value, strlen(value), &err) < 0) {
		dossier_error_clear(&err);
		c->bad = key;
		return MHD_NO;
	}
	free(nfc);
	return MHD_YES;
}

/* ---- answering --------------------------------------------------------------- */

static enum MHD_Result send_resp(struct MHD_Connection *c, conn_ctx *x, web_resp *resp, bool is_static)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	wbuf csp = WBUF_INIT;
	char *cspv;
	size_t i;

	if (!resp->body)
		resp_set(resp, resp->status ? resp->status : 500, "text/plain; charset=utf-8", web_strdup(""), 0);
	mr = MHD_create_response_from_buffer(resp->len, resp->body, MHD_RESPMEM_MUST_FREE);
	if (!mr)
		return MHD_NO;
	resp->body = NULL;
	MHD_add_response_header(mr, "Content-Type", resp->type ? resp->type : "text/plain; charset=utf-8");
	wbuf_adds(&csp, "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	if (resp->csp_style)
		wbuf_addf(&csp, "; style-src 'self' '%s'", resp->csp_style);
	cspv = wbuf_detach(&csp, NULL);
	MHD_add_response_header(mr, "Content-Security-Policy", cspv ? cspv : "default-src 'none'");
	free(cspv);
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
	MHD_add_response_header(mr, "Cache-Control", is_static ? "no-cache" : "no-store");
	for (i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(mr, resp->headers[i][0], resp->headers[i][1]);
	x->status = resp->status;
	x->sent = resp->len;
	ret = MHD_queue_response(c, resp->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static void serve_static(web_server *srv, const char *name, web_resp *resp)
{
	const char *type = NULL, *data;
	size_t len = 0;
	char *copy;

	data = server_static(srv, name, &len, &type);
	if (!data) {
		resp_set(resp, 404, "text/plain; charset=utf-8", web_strdup("not found\n"), 10);
		return;
	}
	copy = malloc(len + 1);
	if (copy) {
		memcpy(copy, data, len);
		copy[len] = '\0';
	}
	resp_set(resp, 200, type, copy, len);
}

static void dispatch(web_server *srv, conn_ctx *x, web_resp *resp)
{
	web_req *r = &x->req;
	const char *path = r->path, *rest = NULL, *bad;
	arg_check ac = { NULL };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &ac);
	if (ac.bad) {
		resp_error_field(resp, 400, "invalid-utf8", ac.bad, NULL,
			"query argument '%s' is not valid UTF-8", ac.bad);
		return;
	}
	if (x->form_bad) {
		resp_error(resp, 400, "invalid-form", "the form has more than %d fields", MAX_FORM_FIELDS);
		return;
	}
	if (r->is_form && (bad = check_form(x)) != NULL) {
		resp_error_field(resp, 400, "invalid-utf8", bad, NULL,
			"form field '%s' is not valid UTF-8 text", bad);
		return;
	}
	if (!r->is_form && r->body_len) {
		dossier_error err = DOSSIER_ERROR_INIT;
		char *nfc = NULL;

		if (memchr(r->body, '\0', r->body_len) ||
		    dossier_utf8_nfc(&nfc, r->body, r->body_len, &err) < 0) {
			dossier_error_clear(&err);
			resp_error(resp, 400, "invalid-utf8", "the request's body is not valid UTF-8 text");
			return;
		}
		free(r->body);
		r->body = nfc;
		r->body_len = strlen(nfc);
	}
	r->lang = web_pick_lang(req_arg(r, "lang"), req_cookie(r, "lang"), req_header(r, "Accept-Language"));
	r->lang_set = req_arg(r, "lang") || req_cookie(r, "lang");
	/* The pages speak Vietnamese unless asked otherwise; the JSON API's
	 * messages stay English for a program that does not ask (docs/i18n.md). */
	if (!strncmp(path, "/api/", 5) || strstr(path, "/api/v1"))
		if (!r->lang_set && !req_header(r, "Accept-Language"))
			r->lang = LANG_EN;
	web_i18n_use(srv, r->lang);
	if (!strncmp(path, "/static/", 8) && req_is(r, "GET")) {
		serve_static(srv, path + 8, resp);
		return;
	}
	if (srv->single) {
		r->site = srv->single;
		rest = path;
	} else if (!strcmp(path, "/")) {
		pages_root_index(r, resp);
		return;
	} else {
		r->site = server_site(srv, path, &rest);
		if (!r->site) {
			if (!strncmp(path, "/api/", 5))
				resp_error(resp, 404, "unknown-dossier", "no dossier at '%s'", path);
			else
				pages_root_index(r, resp);
			if (!strncmp(path, "/api/", 5) || resp->status == 200)
				resp->status = 404;
			return;
		}
		if (!*rest) {
			char *to = req_url(r, "");

			resp_redirect(resp, to ? to : "/");
			free(to);
			return;
		}
	}
	r->path = rest;
	auth_identify(r);
	if (!strncmp(rest, "/api/v1/", 8) || !strcmp(rest, "/api/v1"))
		api_handle(r, resp, rest + 7);
	else if (!strncmp(rest, "/api/", 5))
		resp_error(resp, 404, "unknown-endpoint", "no endpoint '%s' (this server speaks /api/v1)", rest);
	else
		pages_handle(r, resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
	const char *method, const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	web_server *srv = cls;
	conn_ctx *x = *con_cls;
	web_resp resp;
	enum MHD_Result ret;

	(void)version;
	if (!x) {
		const union MHD_ConnectionInfo *ci;
		const char *cl, *ct;

		x = calloc(1, sizeof(*x));
		if (!x)
			return MHD_NO;
		*con_cls = x;
		clock_gettime(CLOCK_MONOTONIC, &x->t0);
		pthread_mutex_lock(&srv->flight_lock);
		srv->inflight++;
		x->counted = true;
		pthread_mutex_unlock(&srv->flight_lock);
		x->req.conn = c;
		x->req.srv = srv;
		x->req.method = method;
		x->req.path = url;
		x->url = web_strdup(url);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		addr_string(x->req.addr, sizeof(x->req.addr), ci ? ci->client_addr : NULL);
		x->req.from_proxy = is_trusted(srv, x->req.addr);
		x->req.tls = srv->tls_key != NULL;
		if (x->req.from_proxy && !x->req.tls) {
			const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");

			x->req.tls = proto && !strcasecmp(proto, "https");
		}
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > srv->o.max_body)
			x->too_large = true;
		ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		if (ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
			x->req.is_form = true;
			x->pp = MHD_create_post_processor(c, 16384, post_field, x);
		}
		if (x->too_large) {
			memset(&resp, 0, sizeof(resp));
			resp_error(&resp, 413, "too-large", "the request is larger than %zu bytes",
				srv->o.max_body);
			resp_header(&resp, "Connection", "close");
			ret = send_resp(c, x, &resp, false);
			resp_clear(&resp);
			return ret;
		}
		return MHD_YES;
	}
	if (*upload_size) {
		x->received += *upload_size;
		if (x->received > srv->o.max_body) {
			x->too_large = true;
			wbuf_free(&x->body);
		} else if (!x->too_large) {
			if (x->pp) {
				if (MHD_post_process(x->pp, upload, *upload_size) != MHD_YES)
					x->form_bad = true;
			} else {
				wbuf_add(&x->body, upload, *upload_size);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	/* The whole request is here. */
	memset(&resp, 0, sizeof(resp));
	if (x->too_large) {
		resp_error(&resp, 413, "too-large", "the request is larger than %zu bytes", srv->o.max_body);
		resp_header(&resp, "Connection", "close");
	} else if (x->body.oom) {
		resp_error(&resp, 500, "out-of-memory", "out of memory");
	} else {
		bool draining;

		pthread_mutex_lock(&srv->flight_lock);
		draining = srv->draining;
		pthread_mutex_unlock(&srv->flight_lock);
		if (draining) {
			resp_error(&resp, 503, "shutting-down", "the server is shutting down");
			resp_header(&resp, "Connection", "close");
			resp_header(&resp, "Retry-After", "5");
		} else {
			x->req.body = wbuf_detach(&x->body, &x->req.body_len);
			if (!x->req.body) {
				resp_error(&resp, 500, "out-of-memory", "out of memory");
			} else {
				web_i18n_use(srv, LANG_EN);
				dispatch(srv, x, &resp);
				web_i18n_use(NULL, LANG_EN);
			}
		}
	}
	if (!resp.status)
		resp_error(&resp, 500, "failure", "no answer");
	ret = send_resp(c, x, &resp, !strncmp(url, "/static/", 8));
	resp_clear(&resp);
	return ret;
}

static void log_request(web_server *srv, conn_ctx *x, enum MHD_RequestTerminationCode toe)
{
	struct timespec t1;
	char line[1024];
	double ms;
	int n;

	if (srv->o.quiet)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - x->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - x->t0.tv_nsec) / 1e6;
	/* The path only: never a query string, a body or a header. */
	n = snprintf(line, sizeof(line), "%s %s %s %u %zu %s %.1fms%s\n", x->req.addr,
		x->req.method ? x->req.method : "-", x->url ? x->url : "-", x->status, x->sent,
		x->req.account ? x->req.account : "-", ms,
		toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection closed early)");
	if (n > 0)
		(void)!write(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	web_server *srv = cls;
	conn_ctx *x = *con_cls;
	size_t i;

	(void)c;
	if (!x)
		return;
	log_request(srv, x, toe);
	if (x->pp)
		MHD_destroy_post_processor(x->pp);
	for (i = 0; i < x->req.nform; i++) {
		free(x->req.form[i].name);
		free(x->req.form[i].value);
	}
	free(x->req.form);
	free(x->form_lens);
	free(x->req.body);
	free(x->req.account);
	free(x->url);
	explicit_bzero(x->req.session, sizeof(x->req.session));
	wbuf_free(&x->body);
	if (x->counted) {
		pthread_mutex_lock(&srv->flight_lock);
		srv->inflight--;
		pthread_cond_broadcast(&srv->flight_cond);
		pthread_mutex_unlock(&srv->flight_lock);
	}
	free(x);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	int n;

	(void)cls;
	n = snprintf(line, sizeof(line), "serve: ");
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n > 0 && (size_t)n < sizeof(line)) {
		if (line[n - 1] != '\n' && (size_t)n + 1 < sizeof(line))
			line[n++] = '\n';
		(void)!write(STDERR_FILENO, line, (size_t)n);
	}
}

/* ---- set-up ------------------------------------------------------------------ */

static int parse_listen(web_server *srv, const char *s)
{
	char host[128];
	const char *colon, *port_s;
	char *end;
	unsigned long port;

	if (!s)
		s = "127.0.0.1:8080";
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof(host))
			return -1;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		port_s = close + 2;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		port_s = colon + 1;
	}
	port = strtoul(port_s, &end, 10);
	if (!*port_s || *end || port > 65535)
		return -1;
	memset(&srv->sa, 0, sizeof(srv->sa));
	if (!*host)
		snprintf(host, sizeof(host), "0.0.0.0");
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&srv->sa)->sin_addr) == 1) {
		struct sockaddr_in *a = (struct sockaddr_in *)&srv->sa;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		srv->salen = sizeof(*a);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&srv->sa)->sin6_addr) == 1) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&srv->sa;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		srv->salen = sizeof(*a);
	} else {
		return -1;
	}
	snprintf(srv->host, sizeof(srv->host), "%s", host);
	srv->port = (unsigned)port;
	return 0;
}

/* Read a whole file. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	wbuf b = WBUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		wbuf_add(&b, chunk, n);
	fclose(f);
	return wbuf_detach(&b, len);
}

/* The first directory of the list that holds `name`. Caller frees. */
static char *find_in(const char *const *dirs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *p;

		if (!dirs[i] || !*dirs[i])
			continue;
		p = web_sprintf("%s/%s", dirs[i], name);
		if (p && access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static int templates_and_statics(web_server *srv, const char *source_root, const char *datadir)
{
	static const struct { const char *name; const char *type; } statics[] = {
		{ "web.css", "text/css; charset=utf-8" },
		{ "web.js", "text/javascript; charset=utf-8" },
		{ "favicon.svg", "image/svg+xml" },
	};
	char *src_tpl = web_sprintf("%s/templates", source_root);
	char *data_tpl = web_sprintf("%s/templates", datadir);
	char *src_static = web_sprintf("%s/web/static", source_root);
	char *data_static = web_sprintf("%s/web/static", datadir);
	const char *env_tpl = getenv("DOSSIER_TEMPLATES");
	const char *env_static = getenv("DOSSIER_WEB_STATIC");
	const char *tdirs[3], *sdirs[3];
	size_t nt = 0, ns = 0, i;
	int rc = 0;

	if (srv->o.templates)
		tdirs[nt++] = srv->o.templates;
	else if (env_tpl && *env_tpl)
		tdirs[nt++] = env_tpl;
	else {
		tdirs[nt++] = src_tpl;
		tdirs[nt++] = data_tpl;
	}
	if (env_static && *env_static)
		sdirs[ns++] = env_static;
	else {
		sdirs[ns++] = src_static;
		sdirs[ns++] = data_static;
	}
	for (i = 0; tpl_names[i]; i++) {
		srv->tpl[i] = find_in(tdirs, nt, tpl_names[i]);
		if (!srv->tpl[i]) {
			fprintf(stderr, _("error: cannot find template '%s' in '%s'%s%s\n"), tpl_names[i], tdirs[0],
				nt > 1 ? " or " : "", nt > 1 ? tdirs[1] : "");
			fprintf(stderr, _("hint: DOSSIER_TEMPLATES names the directory of the stylesheets\n"));
			rc = -1;
		}
	}
	for (i = 0; i < sizeof(statics) / sizeof(statics[0]); i++) {
		char *p = find_in(sdirs, ns, statics[i].name);
		static_file *f = &srv->statics[srv->nstatics];

		if (!p || !(f->data = slurp(p, &f->len))) {
			fprintf(stderr, _("error: cannot find the web's file '%s' in '%s'%s%s\n"), statics[i].name,
				sdirs[0], ns > 1 ? " or " : "", ns > 1 ? sdirs[1] : "");
			fprintf(stderr, _("hint: DOSSIER_WEB_STATIC names the directory of web.css and web.js\n"));
			free(p);
			rc = -1;
			continue;
		}
		free(p);
		f->name = statics[i].name;
		f->type = statics[i].type;
		srv->nstatics++;
	}
	free(src_tpl);
	free(data_tpl);
	free(src_static);
	free(data_static);
	return rc;
}

static void server_free(web_server *srv)
{
	web_site *s, *next;
	size_t i;

	if (!srv)
		return;
	site_free(srv->single);
	for (s = srv->sites; s; s = next) {
		next = s->next;
		site_free(s);
	}
	for (i = 0; i < sizeof(srv->tpl) / sizeof(srv->tpl[0]); i++)
		free(srv->tpl[i]);
	for (i = 0; i < srv->nstatics; i++)
		free(srv->statics[i].data);
	for (i = 0; i < srv->ntrusted; i++)
		free(srv->trusted[i]);
	free(srv->trusted);
	web_throttle_free(srv->throttle);
	if (srv->tls_key)
		explicit_bzero(srv->tls_key, strlen(srv->tls_key));
	free(srv->tls_key);
	free(srv->tls_cert);
	pthread_mutex_destroy(&srv->sites_lock);
	pthread_mutex_destroy(&srv->render_lock);
	pthread_mutex_destroy(&srv->flight_lock);
	pthread_cond_destroy(&srv->flight_cond);
	web_i18n_free(srv);
	free(srv);
}

int web_serve(const web_options *o)
{
	web_server *srv = calloc(1, sizeof(*srv));
	const union MHD_DaemonInfo *info;
	sigset_t set, old;
	unsigned flags, port;
	long ncpu;
	int sig = 0, status = 0;
	MHD_socket listen_fd;
	size_t i;

	if (!srv) {
		fprintf(stderr, _("error: out of memory\n"));
		return 1;
	}
	srv->o = *o;
	pthread_mutex_init(&srv->sites_lock, NULL);
	pthread_mutex_init(&srv->render_lock, NULL);
	pthread_mutex_init(&srv->flight_lock, NULL);
	pthread_cond_init(&srv->flight_cond, NULL);
	if (web_i18n_init(srv) < 0) {
		fprintf(stderr, _("error: cannot make the locales of the pages' languages\n"));
		server_free(srv);
		return 1;
	}
	if (!srv->o.max_body)
		srv->o.max_body = 1024 * 1024;
	if (!srv->o.timeout)
		srv->o.timeout = 30;
	if (!srv->o.session_idle)
		srv->o.session_idle = 2 * DOSSIER_SECONDS_PER_HOUR;
	if (!srv->o.session_max)
		srv->o.session_max = 12 * DOSSIER_SECONDS_PER_HOUR;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (!srv->o.threads) {
		srv->o.threads = ncpu > 0 ? (unsigned)ncpu * 4 : 4;
		if (srv->o.threads < 4)
			srv->o.threads = 4;
		if (srv->o.threads > 32)
			srv->o.threads = 32;
	}
	if (parse_listen(srv, o->listen) < 0) {
		fprintf(stderr, _("error: invalid --listen '%s' (expected ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)\n"),
			o->listen);
		server_free(srv);
		return 2;
	}
	if (o->trust_header && !o->ntrusted_proxies) {
		fprintf(stderr, _("error: --trust-header needs the addresses of the proxies that set it (--trusted-proxy ADDR)\n"));
		server_free(srv);
		return 2;
	}
	srv->trusted = calloc(o->ntrusted_proxies + 1, sizeof(char *));
	for (i = 0; srv->trusted && i < o->ntrusted_proxies; i++) {
		char *a = normalise_addr(o->trusted_proxies[i]);

		if (!a) {
			fprintf(stderr, _("error: --trusted-proxy '%s' is not an IPv4 or IPv6 address\n"),
				o->trusted_proxies[i]);
			server_free(srv);
			return 2;
		}
		srv->trusted[srv->ntrusted++] = a;
	}
	if (web_throttle_new(&srv->throttle) < 0 || !srv->trusted) {
		fprintf(stderr, _("error: out of memory\n"));
		server_free(srv);
		return 1;
	}
	if (!o->tls_cert != !o->tls_key) {
		fprintf(stderr, _("error: --tls-cert and --tls-key go together\n"));
		server_free(srv);
		return 2;
	}
	if (o->tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fprintf(stderr, _("error: this libmicrohttpd has no TLS; serve behind a proxy with TLS (docs/serve.md)\n"));
			server_free(srv);
			return 1;
		}
		if (!(srv->tls_cert = slurp(o->tls_cert, NULL)) || !(srv->tls_key = slurp(o->tls_key, NULL))) {
			fprintf(stderr, _("error: cannot read '%s': %s\n"), srv->tls_cert ? o->tls_key : o->tls_cert,
				strerror(errno));
			server_free(srv);
			return 1;
		}
	}
	json_object_seed(0);
	if (templates_and_statics(srv, DOSSIER_SOURCE_ROOT, DOSSIER_DATADIR) < 0) {
		server_free(srv);
		return 1;
	}
	if (o->dir && (status = site_open_single(&srv->single, srv, o->dir)) != 0) {
		server_free(srv);
		return status;
	}
	if (!o->dir && o->root && access(o->root, R_OK | X_OK) != 0) {
		fprintf(stderr, _("error: cannot read the directory '%s': %s\n"), o->root, strerror(errno));
		server_free(srv);
		return 1;
	}

	/* The signals are waited for here; every other thread blocks them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (srv->sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	{
		struct MHD_OptionItem tls[3] = {
			{ MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key },
			{ MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls_cert },
			{ MHD_OPTION_END, 0, NULL },
		};

		if (srv->tls_key)
			flags |= MHD_USE_TLS;
		else
			tls[0].option = MHD_OPTION_END;
		srv->daemon = MHD_start_daemon(flags, (uint16_t)srv->port, NULL, NULL, on_request, srv,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&srv->sa,
			MHD_OPTION_THREAD_POOL_SIZE, srv->o.threads,
			MHD_OPTION_CONNECTION_TIMEOUT, srv->o.timeout,
			MHD_OPTION_CONNECTION_LIMIT, 1024u,
			MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
			MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
			MHD_OPTION_ARRAY, tls,
			MHD_OPTION_END);
	}
	if (!srv->daemon) {
		fprintf(stderr, _("error: cannot listen on %s:%u: %s\n"), srv->host, srv->port, strerror(errno));
		if (srv->tls_key)
			fprintf(stderr, _("hint: check that --tls-cert and --tls-key are a PEM certificate and its key\n"));
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		server_free(srv);
		return 1;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	port = info && info->port ? info->port : srv->port;
	if (srv->sa.ss_family == AF_INET6)
		printf(_("listening on %s://[%s]:%u\n"), srv->tls_key ? "https" : "http", srv->host, port);
	else
		printf(_("listening on %s://%s:%u\n"), srv->tls_key ? "https" : "http", srv->host, port);
	fflush(stdout);

	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, _("serve: %s: finishing the requests in flight\n"), sig == SIGTERM ? "SIGTERM" : "SIGINT");
	listen_fd = MHD_quiesce_daemon(srv->daemon);
	{
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 60;
		pthread_mutex_lock(&srv->flight_lock);
		srv->draining = true;
		while (srv->inflight > 0)
			if (pthread_cond_timedwait(&srv->flight_cond, &srv->flight_lock, &until) == ETIMEDOUT)
				break;
		if (srv->inflight)
			fprintf(stderr, _("serve: %u requests still open after 60 s; closing them\n"), srv->inflight);
		pthread_mutex_unlock(&srv->flight_lock);
	}
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	/* A quiesced daemon gives its listening socket back to us. */
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fprintf(stderr, _("serve: stopped\n"));
	server_free(srv);
	return 0;
}
