/*
 * pages.c: the pages of the browser front end: HTML rendered on the
 * server that works without JavaScript, in Vietnamese unless the browser
 * or the switch asks for English. This file has the routes, the frame of
 * every page (the skip link, the site's navigation, the account and the
 * language switch), sign-in and sign-out, the dossier's home page and the
 * index of --root; the other pages are in page_*.c. Every text that comes
 * from a participant or from the dossier goes through wbuf_esc.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- the frame ------------------------------------------------------------- */

bool page_open(page *p, web_req *r, web_resp *resp)
{
	const dossier_role *role;

	memset(p, 0, sizeof(*p));
	p->r = r;
	p->resp = resp;
	if (site_acquire(&p->d, r->site, r->srv, r->account, &p->err) < 0 ||
	    dossier_get_workflow(&p->wf, p->d, &p->err) < 0 || dossier_get_status(&p->st, p->d, &p->err) < 0) {
		char *msg = dossier_error_format(&p->err);
		wbuf b = WBUF_INIT;

		wbuf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier</title>"
			"<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
			"<link rel=\"stylesheet\" href=\"/static/web.css\"></head><body class=\"dw-page\">"
			"<main class=\"dw-main\"><h1>dossier</h1><p class=\"dw-notice dw-error\" role=\"alert\">");
		wbuf_esc(&b, msg ? msg : "cannot open the dossier");
		wbuf_adds(&b, "</p></main></body></html>\n");
		free(msg);
		{
			size_t len = 0;
			char *s = wbuf_detach(&b, &len);

			resp_set(resp, 500, "text/html; charset=utf-8", s, len);
		}
		page_close(p);
		return false;
	}
	p->me = auth_participant(r, p->wf);
	role = p->me ? dossier_workflow_role(p->wf, p->me->role) : NULL;
	p->may = role ? role->actions : 0;
	return true;
}

void page_close(page *p)
{
	dossier_status_free(p->st);
	p->st = NULL;
	site_release(p->r->site, p->d);
	p->d = NULL;
	dossier_error_clear(&p->err);
	wbuf_free(&p->b);
}

void page_href(page *p, const char *rel)
{
	wbuf_esc(&p->b, p->r->site ? p->r->site->base : "/");
	wbuf_esc(&p->b, rel);
}

void page_csrf(page *p)
{
	wbuf_adds(&p->b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	wbuf_esc(&p->b, p->r->csrf);
	wbuf_adds(&p->b, "\">");
}

const char *page_name(const page *p, const char *id)
{
	const dossier_participant *q = id && p->wf ? dossier_workflow_participant(p->wf, id) : NULL;

	return q && q->name ? q->name : id;
}

void page_time(page *p, dossier_time t)
{
	char iso[40];
	int y, mo, d, h, mi, s;

	dossier_format_time(iso, sizeof(iso), p->d, t);
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
		wbuf_esc(&p->b, iso);
		return;
	}
	wbuf_addf(&p->b, "<time datetime=\"%s\">", iso);
	if (p->r->lang == LANG_VI)
		wbuf_addf(&p->b, "%02d:%02d ngày %02d/%02d/%04d", h, mi, d, mo, y);
	else {
		static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
			"Sep", "Oct", "Nov", "Dec" };

		wbuf_addf(&p->b, "%d %s %04d, %02d:%02d", d, months[(mo - 1) % 12], y, h, mi);
	}
	wbuf_adds(&p->b, "</time>");
}

void page_notice(page *p, const char *cls, const char *text)
{
	wbuf_addf(&p->b, "<div class=\"dw-notice %s\" role=\"%s\"><p>", cls,
		!strcmp(cls, "dw-error") ? "alert" : "status");
	wbuf_esc(&p->b, text);
	wbuf_adds(&p->b, "</p></div>\n");
}

void page_engine_error(page *p, const dossier_error *err)
{
	wbuf_adds(&p->b, "<div class=\"dw-notice dw-error\" role=\"alert\"><p><strong>");
	wbuf_esc(&p->b, T(p->r, err->code == DOSSIER_EREFUSED ? "Not allowed by the workflow" :
		err->code == DOSSIER_EINVALID || err->code == DOSSIER_ENOTFOUND ? N_("Please check") :
		N_("Something went wrong")));
	wbuf_adds(&p->b, ":</strong> ");
	wbuf_esc(&p->b, err->message ? err->message : "error");
	wbuf_adds(&p->b, " <span class=\"dw-code\">[");
	wbuf_esc(&p->b, dossier_error_tag(err));
	wbuf_adds(&p->b, "]</span></p>");
	if (err->hint) {
		wbuf_adds(&p->b, "<p>");
		wbuf_esc(&p->b, T(p->r, "What would allow it"));
		wbuf_adds(&p->b, ": ");
		wbuf_esc(&p->b, err->hint);
		wbuf_adds(&p->b, "</p>");
	}
	wbuf_adds(&p->b, "</div>\n");
}

typedef struct nav_item {
	const char *rel;
	const char *label;
	unsigned needs;  /* an action the role must have; 0: everyone */
} nav_item;

static const nav_item nav_items[] = {
	{ "", N_("Overview"), 0 },
	{ "draft", "Draft", 0 },
	{ "mine", "My comments", DOSSIER_ACTION_COMMENT },
	{ "comments", "All comments", 0 },
	{ "respond", N_("Responses"), DOSSIER_ACTION_RESPOND },
	{ "advance", "Advance", DOSSIER_ACTION_ADVANCE },
	{ "revisions", "Revisions", 0 },
	{ "report", "Report", 0 },
	{ "downloads", "Downloads", 0 },
};

/* The site's bar: name, navigation, account, language. */
static void bar(page *p, const char *nav)
{
	web_req *r = p->r;
	size_t i;

	wbuf_adds(&p->b, "<a class=\"dw-skip\" href=\"#dw-main\">");
	wbuf_esc(&p->b, T(r, "Skip to the content"));
	wbuf_adds(&p->b, "</a>\n<div class=\"dw-bar\" role=\"banner\"><div class=\"dw-brand\"><a href=\"");
	page_href(p, "");
	wbuf_adds(&p->b, "\">");
	wbuf_esc(&p->b, r->site ? r->site->title : "dossier");
	wbuf_adds(&p->b, "</a></div>\n");
	if (r->account) {
		wbuf_adds(&p->b, "<nav class=\"dw-nav\" aria-label=\"");
		wbuf_esc(&p->b, T(r, "Dossier"));
		wbuf_adds(&p->b, "\"><ul>");
		for (i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
			if (nav_items[i].needs && !(p->may & nav_items[i].needs))
				continue;
			wbuf_adds(&p->b, "<li><a href=\"");
			page_href(p, nav_items[i].rel);
			wbuf_adds(&p->b, "\"");
			if (nav && !strcmp(nav, nav_items[i].rel))
				wbuf_adds(&p->b, " aria-current=\"page\"");
			wbuf_adds(&p->b, ">");
			wbuf_esc(&p->b, T(r, nav_items[i].label));
			wbuf_adds(&p->b, "</a></li>");
		}
		wbuf_adds(&p->b, "</ul></nav>\n");
	}
	wbuf_adds(&p->b, "<div class=\"dw-account\">");
	if (r->account) {
		wbuf_adds(&p->b, "<span class=\"dw-who\">");
		wbuf_esc(&p->b, page_name(p, r->account));
		wbuf_adds(&p->b, " <span class=\"dw-id\">(");
		wbuf_esc(&p->b, r->account);
		wbuf_adds(&p->b, ")</span></span>");
		if (r->auth == AUTH_SESSION) {
			wbuf_adds(&p->b, "<form method=\"post\" action=\"");
			page_href(p, "signout");
			wbuf_adds(&p->b, "\" class=\"dw-inline\">");
			page_csrf(p);
			wbuf_adds(&p->b, "<button type=\"submit\" class=\"dw-link\">");
			wbuf_esc(&p->b, T(r, "Sign out"));
			wbuf_adds(&p->b, "</button></form>");
		}
	}
	wbuf_adds(&p->b, "<a class=\"dw-lang\" href=\"?lang=");
	wbuf_adds(&p->b, r->lang == LANG_VI ? "en\" lang=\"en\" hreflang=\"en\">English" :
		"vi\" lang=\"vi\" hreflang=\"vi\">Tiếng Việt");
	wbuf_adds(&p->b, "</a></div></div>\n");
}

static void head(wbuf *b, web_req *r, const char *title)
{
	wbuf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		r->lang == LANG_VI ? "vi" : "en");
	wbuf_esc(b, title);
	if (r->site && r->site->title) {
		wbuf_adds(b, " — ");
		wbuf_esc(b, r->site->title);
	}
	wbuf_adds(b, "</title>\n<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
		"<link rel=\"stylesheet\" href=\"/static/web.css\">\n"
		"<script src=\"/static/web.js\" defer></script>\n</head>\n");
}

void page_head(page *p, const char *title, const char *nav)
{
	head(&p->b, p->r, title);
	wbuf_adds(&p->b, "<body class=\"dw-page\">\n");
	bar(p, nav);
	wbuf_adds(&p->b, "<main id=\"dw-main\" class=\"dw-main\" tabindex=\"-1\">\n<h1>");
	wbuf_esc(&p->b, title);
	wbuf_adds(&p->b, "</h1>\n");
}

void page_foot(page *p)
{
	wbuf_adds(&p->b, "</main>\n</body>\n</html>\n");
}

static void lang_cookie(web_req *r, web_resp *resp)
{
	const char *arg = req_arg(r, "lang");

	if (arg && (!strcmp(arg, "vi") || !strcmp(arg, "en"))) {
		char *c = web_sprintf("lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s", arg,
			r->tls ? "; Secure" : "");

		if (c)
			resp_header(resp, "Set-Cookie", c);
		free(c);
	}
}

void page_send(page *p, unsigned status)
{
	size_t len = 0;
	char *s = wbuf_detach(&p->b, &len);

	resp_set(p->resp, status, "text/html; charset=utf-8", s, len);
	lang_cookie(p->r, p->resp);
}

void page_send_document(page *p, char *html, size_t len, const char *title, const char *nav,
	const char *intro)
{
	const char *headend = html ? strstr(html, "</head>") : NULL, *body = html ? strstr(html, "<body") : NULL;
	const char *bodyend = body ? strchr(body, '>') : NULL;
	wbuf out = WBUF_INIT;
	size_t n = 0;
	char *s;

	(void)title;
	if (!headend || !bodyend || bodyend < headend) {
		/* Not the shape our templates write: serve it as it is. */
		web_html_document(p->r, p->resp, html, len, NULL);
		return;
	}
	wbuf_free(&p->b);
	wbuf_add(&out, html, (size_t)(headend - html));
	wbuf_adds(&out, "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
		"<link rel=\"stylesheet\" href=\"/static/web.css\">\n"
		"<script src=\"/static/web.js\" defer></script>\n");
	wbuf_add(&out, headend, (size_t)(bodyend + 1 - headend));
	/* The bar, built in the page's own buffer. */
	bar(p, nav);
	wbuf_adds(&p->b, "<div id=\"dw-main\" class=\"dw-document-intro\" tabindex=\"-1\">");
	if (intro)
		wbuf_adds(&p->b, intro);
	wbuf_adds(&p->b, "</div>\n");
	s = wbuf_detach(&p->b, &n);
	if (s)
		wbuf_add(&out, s, n);
	free(s);
	wbuf_adds(&out, bodyend + 1);
	free(html);
	s = wbuf_detach(&out, &n);
	/* Same inline style as the template's: its hash is what the CSP allows. */
	web_html_document(p->r, p->resp, s, n, NULL);
	lang_cookie(p->r, p->resp);
}

/* ---- one comment ----------------------------------------------------------------- */

const char *page_disposition_label(const web_req *r, dossier_disposition d)
{
	if (r->lang == LANG_VI)
		return dossier_disposition_label(d);
	switch (d) {
	case DOSSIER_DISPOSITION_ACCEPTED: return N_("Accepted");
	case DOSSIER_DISPOSITION_PARTIAL: return N_("Partially accepted");
	case DOSSIER_DISPOSITION_REJECTED: return "Not accepted (explained)";
	case DOSSIER_DISPOSITION_NOTED: return N_("Noted");
	default: return "Unanswered";
	}
}

void page_comment_card(page *p, const dossier_comment_record *c, bool respond, bool highlight)
{
	web_req *r = p->r;
	const char *dname = dossier_report_disposition_name(c->disposition);

	wbuf_adds(&p->b, "<article class=\"dw-comment dw-d-");
	wbuf_esc(&p->b, dname);
	if (highlight)
		wbuf_adds(&p->b, " dw-new");
	wbuf_adds(&p->b, "\" id=\"");
	wbuf_esc(&p->b, c->id);
	wbuf_adds(&p->b, "\" data-comment=\"");
	wbuf_esc(&p->b, c->id);
	wbuf_adds(&p->b, "\" data-eid=\"");
	wbuf_esc(&p->b, c->on);
	wbuf_adds(&p->b, "\">\n<header><h3><span class=\"dw-cid\">");
	wbuf_esc(&p->b, c->id);
	wbuf_adds(&p->b, "</span> ");
	if (!strcmp(c->on, "general"))
		wbuf_esc(&p->b, T(r, "General comment on the draft"));
	else
		wbuf_esc(&p->b, c->citation ? c->citation : c->on);
	wbuf_adds(&p->b, " <span class=\"dw-rev\">(");
	wbuf_esc(&p->b, c->revision);
	wbuf_adds(&p->b, ")</span></h3>\n<p class=\"dw-meta\">");
	wbuf_esc(&p->b, c->author_name ? c->author_name : c->author);
	wbuf_adds(&p->b, " · ");
	page_time(p, c->time);
	wbuf_adds(&p->b, "</p></header>\n<div class=\"dw-text\">");
	wbuf_esc(&p->b, c->text);
	wbuf_adds(&p->b, "</div>\n");
	if (c->proposal) {
		wbuf_adds(&p->b, "<div class=\"dw-proposal\"><span class=\"dw-label\">");
		wbuf_esc(&p->b, T(r, "Proposed text"));
		wbuf_adds(&p->b, ":</span> ");
		wbuf_esc(&p->b, c->proposal);
		wbuf_adds(&p->b, "</div>\n");
	}
	wbuf_adds(&p->b, "<div class=\"dw-response\"><span class=\"dw-badge\" data-disposition=\"");
	wbuf_esc(&p->b, dname);
	wbuf_adds(&p->b, "\">");
	wbuf_esc(&p->b, page_disposition_label(r, c->disposition));
	wbuf_adds(&p->b, "</span>");
	if (c->disposition != DOSSIER_DISPOSITION_NONE) {
		wbuf_adds(&p->b, " <span class=\"dw-meta\">");
		wbuf_esc(&p->b, page_name(p, c->responder));
		wbuf_adds(&p->b, " · ");
		page_time(p, c->response_time);
		wbuf_adds(&p->b, "</span>");
		if (c->reason) {
			wbuf_adds(&p->b, "<p class=\"dw-reason\">");
			wbuf_esc(&p->b, c->reason);
			wbuf_adds(&p->b, "</p>");
		}
		if (c->adopted) {
			wbuf_adds(&p->b, "<p class=\"dw-adopted\"><span class=\"dw-label\">");
			wbuf_esc(&p->b, T(r, "Text adopted"));
			wbuf_adds(&p->b, ":</span> ");
			wbuf_esc(&p->b, c->adopted);
			wbuf_adds(&p->b, "</p>");
		}
	}
	if (respond) {
		wbuf_adds(&p->b, " <a class=\"dw-button dw-small\" href=\"");
		page_href(p, "respond?id=");
		wbuf_url(&p->b, c->id);
		wbuf_adds(&p->b, "\">");
		wbuf_esc(&p->b, T(r, c->disposition == DOSSIER_DISPOSITION_NONE ? "Respond" : N_("Change the response")));
		wbuf_adds(&p->b, "</a>");
	}
	wbuf_adds(&p->b, "</div>\n</article>\n");
}

/* ---- sign-in ------------------------------------------------------------------- */

/* A `next` that stays on this site: a path below its base, nothing else. */
static const char *safe_next(web_req *r, const char *next)
{
	const char *base = r->site->base;

	if (!next || strncmp(next, base, strlen(base)) || strstr(next, "//") || strchr(next, '\\') ||
	    strstr(next, "/signin") || strstr(next, "/signout"))
		return NULL;
	return next;
}

static void signin_page(web_req *r, web_resp *resp, unsigned status, const char *message,
	const char *who)
{
	page p;
	const char *next = safe_next(r, r->is_form ? req_field(r, "next") : req_arg(r, "next"));

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.resp = resp;
	head(&p.b, r, T(r, "Sign in"));
	wbuf_adds(&p.b, "<body class=\"dw-page\">\n");
	bar(&p, NULL);
	wbuf_adds(&p.b, "<main id=\"dw-main\" class=\"dw-main dw-narrow\" tabindex=\"-1\">\n<h1>");
	wbuf_esc(&p.b, T(r, "Sign in"));
	wbuf_adds(&p.b, "</h1>\n<p class=\"dw-lead\">");
	wbuf_esc(&p.b, r->site->title);
	wbuf_adds(&p.b, "</p>\n");
	if (message)
		page_notice(&p, "dw-error", message);
	wbuf_adds(&p.b, "<form method=\"post\" action=\"");
	page_href(&p, "signin");
	wbuf_adds(&p.b, "\" class=\"dw-form\">\n<p><label for=\"participant\">");
	wbuf_esc(&p.b, T(r, "Participant (code or e-mail)"));
	wbuf_adds(&p.b, "</label>\n<input id=\"participant\" name=\"participant\" autocomplete=\"username\" "
		"required autofocus value=\"");
	wbuf_esc(&p.b, who);
	wbuf_adds(&p.b, "\"></p>\n<p><label for=\"password\">");
	wbuf_esc(&p.b, T(r, "Password"));
	wbuf_adds(&p.b, "</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"current-password\" required></p>\n");
	if (next) {
		wbuf_adds(&p.b, "<input type=\"hidden\" name=\"next\" value=\"");
		wbuf_esc(&p.b, next);
		wbuf_adds(&p.b, "\">\n");
	}
	wbuf_adds(&p.b, "<p><button type=\"submit\" id=\"signin\">");
	wbuf_esc(&p.b, T(r, "Sign in"));
	wbuf_adds(&p.b, "</button></p>\n</form>\n<p class=\"dw-help\">");
	wbuf_esc(&p.b, T(r, "Your account is given by the drafting agency (dossier account add)."));
	wbuf_adds(&p.b, "</p>\n");
	page_foot(&p);
	page_send(&p, status);
}

static void signin_post(web_req *r, web_resp *resp)
{
	const char *who = req_field(r, "participant"), *password = req_field(r, "password");
	const char *code, *message;
	unsigned status, retry;
	char *to;

	if (!req_same_origin(r)) {
		signin_page(r, resp, 403, T(r, "This form was sent from another site."), who);
		return;
	}
	status = auth_sign_in(r, resp, who, password, &code, &message, &retry);
	if (status) {
		signin_page(r, resp, status, T(r, message), who);
		return;
	}
	to = safe_next(r, req_field(r, "next")) ? web_strdup(req_field(r, "next")) : req_url(r, "");
	resp_redirect(resp, to ? to : "/");
	free(to);
}

/* ---- the home page ----------------------------------------------------------------- */

static void duration(page *p, long secs)
{
	long days = secs / DOSSIER_SECONDS_PER_DAY, hours = (secs % DOSSIER_SECONDS_PER_DAY) / DOSSIER_SECONDS_PER_HOUR;

	if (p->r->lang == LANG_VI)
		wbuf_addf(&p->b, "%ld ngày %ld giờ", days, hours);
	else
		wbuf_addf(&p->b, "%ld day%s %ld hour%s", days, days == 1 ? "" : "s", hours, hours == 1 ? "" : "s");
}

static const char *stage_title(const page *p, const char *id)
{
	const dossier_stage *s = dossier_workflow_stage(p->wf, id);

	return s && s->title ? s->title : id;
}

static void home(web_req *r, web_resp *resp)
{
	page p;
	dossier_status *st;
	size_t i, waiting = 0;
	const char *adv = req_arg(r, "advanced");

	if (!page_open(&p, r, resp))
		return;
	st = p.st;
	page_head(&p, T(r, "Overview of the dossier"), "");
	if (adv) {
		wbuf_adds(&p.b, "<div class=\"dw-notice dw-ok\" role=\"status\"><p>");
		wbuf_esc(&p.b, T(r, "The dossier moved to the stage"));
		wbuf_adds(&p.b, " «");
		wbuf_esc(&p.b, stage_title(&p, adv));
		wbuf_adds(&p.b, "».</p></div>\n");
	}
	wbuf_adds(&p.b, "<p class=\"dw-lead\">");
	wbuf_esc(&p.b, st->title);
	wbuf_adds(&p.b, "</p>\n<dl class=\"dw-facts\">\n<dt>");
	wbuf_esc(&p.b, T(r, "Stage"));
	wbuf_adds(&p.b, "</dt><dd id=\"stage\" data-stage=\"");
	wbuf_esc(&p.b, st->stage);
	wbuf_adds(&p.b, "\"><strong>");
	wbuf_esc(&p.b, st->stage_title);
	wbuf_adds(&p.b, "</strong> <span class=\"dw-id\">(");
	wbuf_esc(&p.b, st->stage);
	wbuf_adds(&p.b, ")</span>");
	if (st->final) {
		wbuf_adds(&p.b, " <span class=\"dw-badge\">");
		wbuf_esc(&p.b, T(r, "final"));
		wbuf_adds(&p.b, "</span>");
	}
	wbuf_adds(&p.b, ", ");
	wbuf_esc(&p.b, T(r, "since"));
	wbuf_adds(&p.b, " ");
	page_time(&p, st->entered);
	wbuf_adds(&p.b, "</dd>\n<dt>");
	wbuf_esc(&p.b, T(r, "Deadline"));
	wbuf_adds(&p.b, "</dt><dd id=\"deadline\">");
	if (st->has_deadline) {
		page_time(&p, st->deadline);
		if (st->now > st->deadline) {
			wbuf_adds(&p.b, " <strong class=\"dw-overdue\">");
			wbuf_esc(&p.b, T(r, "overdue by"));
			wbuf_adds(&p.b, " ");
			duration(&p, (long)(st->now - st->deadline));
			wbuf_adds(&p.b, "</strong>");
		} else {
			wbuf_adds(&p.b, " <strong class=\"dw-left\">(");
			wbuf_esc(&p.b, T(r, "time left"));
			wbuf_adds(&p.b, ": ");
			duration(&p, (long)(st->deadline - st->now));
			wbuf_adds(&p.b, ")</strong>");
		}
	} else {
		wbuf_esc(&p.b, T(r, "none"));
	}
	wbuf_adds(&p.b, "</dd>\n<dt>");
	wbuf_esc(&p.b, T(r, "Draft"));
	wbuf_adds(&p.b, "</dt><dd>");
	if (st->revisions) {
		wbuf_addf(&p.b, "<a href=\"");
		page_href(&p, "draft");
		wbuf_addf(&p.b, "\">v%u</a>", st->revisions);
	} else {
		wbuf_esc(&p.b, T(r, "no revision yet"));
	}
	wbuf_adds(&p.b, "</dd>\n<dt>");
	wbuf_esc(&p.b, T(r, "Comments"));
	wbuf_addf(&p.b, "</dt><dd id=\"counts\">%zu · ", st->comments);
	wbuf_esc(&p.b, T(r, "answered"));
	wbuf_addf(&p.b, " %zu · ", st->responses);
	wbuf_esc(&p.b, T(r, "unanswered"));
	wbuf_addf(&p.b, " %zu</dd>\n<dt>", st->unanswered);
	wbuf_esc(&p.b, T(r, "You"));
	wbuf_adds(&p.b, "</dt><dd>");
	wbuf_esc(&p.b, p.me ? p.me->name : r->account);
	if (p.me) {
		const dossier_role *role = dossier_workflow_role(p.wf, p.me->role);

		wbuf_adds(&p.b, " — ");
		wbuf_esc(&p.b, role && role->title ? role->title : p.me->role);
	}
	wbuf_adds(&p.b, "</dd>\n</dl>\n");

	if (st->comments_open && st->nmembers) {
		wbuf_adds(&p.b, "<section aria-labelledby=\"who\"><h2 id=\"who\">");
		wbuf_esc(&p.b, T(r, "Who has commented in this stage"));
		wbuf_adds(&p.b, "</h2>\n<table class=\"dw-table\"><thead><tr><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "Participant"));
		wbuf_adds(&p.b, "</th><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "In this stage"));
		wbuf_adds(&p.b, "</th><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "In all"));
		wbuf_adds(&p.b, "</th></tr></thead><tbody>\n");
		for (i = 0; i < st->nmembers; i++) {
			const dossier_member_status *m = &st->members[i];

			wbuf_addf(&p.b, "<tr class=\"%s\" data-member=\"", m->comments ? "dw-done" : "dw-waiting");
			wbuf_esc(&p.b, m->id);
			wbuf_adds(&p.b, "\"><td>");
			wbuf_esc(&p.b, m->name ? m->name : m->id);
			wbuf_addf(&p.b, "</td><td>%zu", m->comments);
			if (!m->comments) {
				waiting++;
				wbuf_adds(&p.b, " <span class=\"dw-badge dw-muted\">");
				wbuf_esc(&p.b, T(r, "not yet"));
				wbuf_adds(&p.b, "</span>");
			}
			wbuf_addf(&p.b, "</td><td>%zu</td></tr>\n", m->total);
		}
		wbuf_adds(&p.b, "</tbody></table>\n<p>");
		if (waiting)
			wbuf_addf(&p.b, "%s: %zu.", T(r, "Not commented yet"), waiting);
		else
			wbuf_esc(&p.b, T(r, "Every member has commented."));
		wbuf_adds(&p.b, "</p></section>\n");
	}
	if (st->nnext) {
		wbuf_adds(&p.b, "<section aria-labelledby=\"next\"><h2 id=\"next\">");
		wbuf_esc(&p.b, T(r, "What the next stage needs"));
		wbuf_adds(&p.b, "</h2>\n<ul class=\"dw-guards\">\n");
		for (i = 0; i < st->nnext; i++) {
			const dossier_next_status *n = &st->next[i];

			wbuf_addf(&p.b, "<li class=\"%s\" data-stage=\"", n->allowed ? "dw-ready" : "dw-blocked");
			wbuf_esc(&p.b, n->target);
			wbuf_adds(&p.b, "\"><strong>");
			wbuf_esc(&p.b, n->title ? n->title : n->target);
			wbuf_adds(&p.b, "</strong>: ");
			if (n->allowed)
				wbuf_esc(&p.b, T(r, "ready"));
			else {
				wbuf_esc(&p.b, T(r, "blocked"));
				wbuf_adds(&p.b, " — ");
				wbuf_esc(&p.b, n->blocked_by ? n->blocked_by : T(r, "a condition is unmet"));
			}
			wbuf_adds(&p.b, "</li>\n");
		}
		wbuf_adds(&p.b, "</ul>\n");
		if (p.may & DOSSIER_ACTION_ADVANCE) {
			wbuf_adds(&p.b, "<p><a class=\"dw-button\" href=\"");
			page_href(&p, "advance");
			wbuf_adds(&p.b, "\">");
			wbuf_esc(&p.b, T(r, "Advance"));
			wbuf_adds(&p.b, "</a></p>\n");
		}
		wbuf_adds(&p.b, "</section>\n");
	}
	if (st->revisions && st->comments_open && (p.may & DOSSIER_ACTION_COMMENT)) {
		wbuf_adds(&p.b, "<p><a class=\"dw-button\" href=\"");
		page_href(&p, "draft");
		wbuf_adds(&p.b, "\">");
		wbuf_esc(&p.b, T(r, "Read the draft and comment"));
		wbuf_adds(&p.b, "</a></p>\n");
	}
	page_foot(&p);
	page_send(&p, 200);
	page_close(&p);
}

/* ---- --root ------------------------------------------------------------------------ */

void pages_root_index(web_req *r, web_resp *resp)
{
	web_site_entry *e = NULL;
	page p;
	size_t n = 0, i;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.resp = resp;
	server_list_sites(&e, &n, r->srv);
	head(&p.b, r, T(r, "Dossiers"));
	wbuf_adds(&p.b, "<body class=\"dw-page\">\n<main id=\"dw-main\" class=\"dw-main\">\n<h1>");
	wbuf_esc(&p.b, T(r, "Dossiers"));
	wbuf_adds(&p.b, "</h1>\n<ul class=\"dw-sites\">\n");
	for (i = 0; i < n; i++) {
		wbuf_adds(&p.b, "<li><a href=\"/");
		wbuf_esc(&p.b, e[i].name);
		wbuf_adds(&p.b, "/\">");
		wbuf_esc(&p.b, e[i].title);
		wbuf_adds(&p.b, "</a> <span class=\"dw-meta\">");
		wbuf_esc(&p.b, e[i].stage);
		wbuf_adds(&p.b, "</span></li>\n");
	}
	if (!n) {
		wbuf_adds(&p.b, "<li>");
		wbuf_esc(&p.b, T(r, "No dossier here."));
		wbuf_adds(&p.b, "</li>\n");
	}
	wbuf_adds(&p.b, "</ul>\n");
	page_foot(&p);
	page_send(&p, 200);
	web_site_entries_free(e, n);
}

/* ---- the routes ---------------------------------------------------------------------- */

typedef struct route {
	const char *path;
	void (*get)(web_req *r, web_resp *resp);
	void (*post)(web_req *r, web_resp *resp);
} route;

static void signout_post(web_req *r, web_resp *resp)
{
	char *to = req_url(r, "signin");

	auth_sign_out(r, resp);
	resp_redirect(resp, to ? to : "/");
	free(to);
}

static const route routes[] = {
	{ "/", home, NULL },
	{ "/draft", page_draft, NULL },
	{ "/comment", page_comment_form, page_comment_post },
	{ "/mine", page_mine, NULL },
	{ "/comments", page_comments, NULL },
	{ "/respond", page_respond_form, page_respond_post },
	{ "/advance", page_advance_form, page_advance_post },
	{ "/revisions", page_revisions, NULL },
	{ "/compare", page_compare, NULL },
	{ "/report", page_report, NULL },
	{ "/downloads", page_downloads, NULL },
	{ "/signout", NULL, signout_post },
};

static void plain(web_resp *resp, unsigned status, const char *text)
{
	resp_set(resp, status, "text/plain; charset=utf-8", web_strdup(text), strlen(text));
}

void pages_handle(web_req *r, web_resp *resp)
{
	size_t i;

	if (!strcmp(r->path, "/signin")) {
		if (req_is(r, "GET") || req_is(r, "HEAD"))
			signin_page(r, resp, 200, NULL, NULL);
		else if (req_is(r, "POST"))
			signin_post(r, resp);
		else
			plain(resp, 405, "method not allowed\n");
		return;
	}
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (!strcmp(r->path, routes[i].path))
			break;
	if (i == sizeof(routes) / sizeof(routes[0])) {
		plain(resp, 404, "not found\n");
		return;
	}
	if (!r->account) {
		if (req_is(r, "GET") || req_is(r, "HEAD")) {
			wbuf next = WBUF_INIT;
			char *to, *n;

			wbuf_adds(&next, r->site->base);
			wbuf_adds(&next, r->path + 1);
			n = wbuf_detach(&next, NULL);
			to = n ? web_sprintf("%ssignin?next=", r->site->base) : NULL;
			if (to) {
				wbuf b = WBUF_INIT;

				wbuf_adds(&b, to);
				wbuf_url(&b, n);
				free(to);
				to = wbuf_detach(&b, NULL);
			}
			resp_redirect(resp, to ? to : "/");
			free(to);
			free(n);
		} else {
			signin_page(r, resp, 401, T(r, "Please sign in first."), NULL);
		}
		return;
	}
	if (req_is(r, "GET") || req_is(r, "HEAD")) {
		if (routes[i].get)
			routes[i].get(r, resp);
		else
			plain(resp, 405, "method not allowed\n");
		return;
	}
	if (!req_is(r, "POST") || !routes[i].post) {
		plain(resp, 405, "method not allowed\n");
		return;
	}
	if (!auth_check_csrf(r, resp)) {
		page p;

		resp_clear(resp);
		if (!page_open(&p, r, resp))
			return;
		page_head(&p, T(r, "Not sent"), NULL);
		page_notice(&p, "dw-error", T(r, "The form has expired or did not come from this site: nothing was recorded. Go back, reload the page and send it again."));
		page_foot(&p);
		page_send(&p, 403);
		page_close(&p);
		return;
	}
	routes[i].post(r, resp);
}
