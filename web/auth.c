/*
 * auth.c: who is asking. Three credentials, in this order: the account a
 * trusted reverse proxy names in --trust-header (only on connections from
 * a --trusted-proxy address; anywhere else the header is ignored), an API
 * token (`Authorization: Bearer ID.SECRET`), the session cookie. The
 * account found is the actor of every action: a request never names who
 * acts.
 *
 * Credentials a browser sends by itself (the cookie, the proxy's header)
 * make state-changing requests carry a CSRF token, derived from the
 * session with the store's secret key (HMAC-SHA-256), and be same-origin
 * when the browser says where they come from. Sign-in gives a new session
 * (256 random bits) every time; failures are slowed down per account and
 * per address (throttle.c).
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COOKIE "dossier_session"

static void derive_csrf(web_req *r, const char *kind, const char *value)
{
	char *msg = web_sprintf("%s:%s", kind, value);

	if (!msg) {
		r->csrf[0] = '\0';
		return;
	}
	web_hmac_hex(r->csrf, r->site->secret, sizeof(r->site->secret), msg, strlen(msg));
	explicit_bzero(msg, strlen(msg));
	free(msg);
}

/* A participant id for an id or an e-mail, from the site's workflow; NULL
 * when neither. Caller frees. */
static char *resolve_participant(web_req *r, const char *who)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	const dossier_workflow *wf;
	const dossier_participant *p = NULL;
	dossier *d = NULL;
	char *id = NULL;

	if (site_acquire(&d, r->site, r->srv, NULL, &err) < 0 || dossier_get_workflow(&wf, d, &err) < 0) {
		dossier_error_clear(&err);
		site_release(r->site, d);
		return NULL;
	}
	p = dossier_workflow_participant(wf, who);
	if (!p && strchr(who, '@')) {
		size_t i;

		/* E-mail addresses are compared without regard to case. */
		for (i = 0; i < wf->nparticipants && !p; i++)
			if (wf->participants[i].email && !strcasecmp(wf->participants[i].email, who))
				p = &wf->participants[i];
	}
	if (p)
		id = web_strdup(p->id);
	site_release(r->site, d);
	return id;
}

const dossier_participant *auth_participant(const web_req *r, const dossier_workflow *wf)
{
	return r->account ? dossier_workflow_participant(wf, r->account) : NULL;
}

void auth_identify(web_req *r)
{
	const web_options *o = &r->srv->o;
	const char *authz, *cookie;
	time_t now = time(NULL);

	r->auth = AUTH_NONE;
	r->account = NULL;
	r->csrf[0] = '\0';
	r->session[0] = '\0';
	if (o->trust_header && r->from_proxy) {
		const char *h = req_header(r, o->trust_header);

		if (h && *h) {
			r->account = resolve_participant(r, h);
			if (r->account) {
				r->auth = AUTH_HEADER;
				derive_csrf(r, "header", r->account);
			}
			return;
		}
	}
	authz = req_header(r, "Authorization");
	if (authz && !strncasecmp(authz, "Bearer ", 7)) {
		const char *t = authz + 7;

		while (*t == ' ')
			t++;
		r->account = web_token_account(r->site->accounts, t);
		if (r->account)
			r->auth = AUTH_TOKEN;
		return;
	}
	cookie = req_cookie(r, COOKIE);
	if (cookie && strlen(cookie) == 64) {
		r->account = web_session_account(r->site->accounts, cookie, now, o->session_idle, o->session_max);
		if (r->account) {
			r->auth = AUTH_SESSION;
			memcpy(r->session, cookie, 65);
			derive_csrf(r, "session", cookie);
		}
	}
}

bool auth_check_csrf(web_req *r, web_resp *resp)
{
	const char *origin, *token;

	if (r->auth != AUTH_SESSION && r->auth != AUTH_HEADER)
		return true;
	origin = req_header(r, "Origin");
	if (!req_same_origin(r)) {
		resp_error(resp, 403, "bad-origin", "a request from '%s' may not act on this site", origin);
		return false;
	}
	token = req_header(r, "X-CSRF-Token");
	if (!token && r->is_form)
		token = req_field(r, "csrf");
	if (!token || !r->csrf[0] || !web_equal(token, r->csrf)) {
		resp_error_field(resp, 403, "bad-csrf", token ? "X-CSRF-Token" : NULL,
			N_("send the session's CSRF token (from sign-in, or GET /api/v1/session) in X-CSRF-Token"),
			"%s", token ? _("wrong CSRF token") : _("missing CSRF token"));
		return false;
	}
	return true;
}

static void set_cookie(web_req *r, web_resp *resp, const char *value, unsigned max_age)
{
	char *c = web_sprintf(COOKIE "=%s; Path=%s; Max-Age=%u; HttpOnly; SameSite=Strict%s", value,
		r->site->base, max_age, r->tls ? "; Secure" : "");

	if (c)
		resp_header(resp, "Set-Cookie", c);
	free(c);
}

unsigned auth_sign_in(web_req *r, web_resp *resp, const char *who, const char *password,
	const char **code, const char **message, unsigned *retry_after)
{
	web_throttle *t = server_throttle(r->srv);
	dossier_error err = DOSSIER_ERROR_INIT;
	char *id, *akey = NULL, *ikey;
	time_t now = time(NULL);
	unsigned wait, wait2;
	bool ok;

	*retry_after = 0;
	if (!who || !*who || !password || !*password) {
		*code = "missing-field";
		*message = !who || !*who ? N_("participant is required") : N_("password is required");
		return 400;
	}
	id = resolve_participant(r, who);
	akey = web_sprintf("account:%s", id ? id : who);
	ikey = web_sprintf("address:%s", r->addr);
	if (!akey || !ikey) {
		free(id);
		free(akey);
		free(ikey);
		*code = "out-of-memory";
		*message = "out of memory";
		return 500;
	}
	wait = web_throttle_wait(t, akey, now);
	wait2 = web_throttle_wait(t, ikey, now);
	if (wait2 > wait)
		wait = wait2;
	if (wait) {
		/* Hammering while told to wait makes the wait longer. */
		web_throttle_fail(t, akey, now);
		web_throttle_fail(t, ikey, now);
		*retry_after = wait;
		*code = "too-many-attempts";
		*message = N_("too many failed sign-ins: wait before trying again");
		free(id);
		free(akey);
		free(ikey);
		return 429;
	}
	/* An unknown participant costs the same hash as a wrong password. */
	ok = web_accounts_check(r->site->accounts, id ? id : "", password) && id;
	if (!ok) {
		web_throttle_fail(t, akey, now);
		web_throttle_fail(t, ikey, now);
		free(id);
		free(akey);
		free(ikey);
		*code = "bad-credentials";
		*message = N_("wrong participant or password");
		return 401;
	}
	web_throttle_clear(t, akey);
	web_throttle_clear(t, ikey);
	free(akey);
	free(ikey);
	/* A new session every time; the one the browser had ends. */
	if (r->auth == AUTH_SESSION)
		web_session_end(r->site->accounts, r->session, NULL);
	if (web_session_new(r->session, r->site->accounts, id, now, r->srv->o.session_idle,
		r->srv->o.session_max, &err) < 0) {
		dossier_error_clear(&err);
		free(id);
		*code = "failure";
		*message = N_("cannot record the session");
		return 500;
	}
	free(r->account);
	r->account = id;
	r->auth = AUTH_SESSION;
	derive_csrf(r, "session", r->session);
	set_cookie(r, resp, r->session, r->srv->o.session_max);
	return 0;
}

void auth_sign_out(web_req *r, web_resp *resp)
{
	if (r->auth == AUTH_SESSION)
		web_session_end(r->site->accounts, r->session, NULL);
	set_cookie(r, resp, "", 0);
	free(r->account);
	r->account = NULL;
	r->auth = AUTH_NONE;
	r->csrf[0] = '\0';
}
