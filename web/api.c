/*
 * api.c: the JSON API, /api/v1 (docs/api.md, stable). Reading gives the
 * same JSON as the command line's --json (status, comments, log); every
 * action is the same façade call as the command's. Errors are JSON
 * {"error", "code", …} with the engine's stable name (docs/errors.md) and
 * the HTTP status of its kind: 400 bad input, 401 not signed in, 403
 * refused by the workflow or a bad CSRF token, 404 not found, 409 a
 * conflict that retrying did not resolve, 413 too large.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

/* The request's body as a JSON object with only the `allowed` members;
 * NULL (and the error in resp) when it is not. */
static json_t *body_object(web_req *r, web_resp *resp, const char *const *allowed)
{
	const char *ct = req_header(r, "Content-Type");
	json_error_t jerr;
	json_t *o;
	const char *key;
	json_t *v;

	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		resp_error_field(resp, 415, "unsupported-media-type", "Content-Type", NULL,
			"the body must be JSON (Content-Type: application/json)");
		return NULL;
	}
	o = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		json_t *j = json_object(), *place = json_object();

		json_object_set_new(j, "error", json_string(jerr.text));
		json_object_set_new(j, "code", json_string("malformed-json"));
		json_object_set_new(place, "line", json_integer(jerr.line));
		json_object_set_new(place, "column", json_integer(jerr.column));
		json_object_set_new(j, "place", place);
		resp_json(resp, 400, j);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		resp_error(resp, 400, "malformed-json", "the body must be a JSON object");
		return NULL;
	}
	json_object_foreach(o, key, v) {
		size_t i;

		for (i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], key))
				break;
		if (!allowed[i]) {
			resp_error_field(resp, 400, "unknown-field", key, NULL, "unknown field '%s'", key);
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* A string member: 0 and *out (borrowed, NULL when absent and optional);
 * -1 with a 400 in resp. */
static int str_member(const char **out, json_t *o, const char *name, bool required, web_resp *resp)
{
	json_t *v = json_object_get(o, name);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		resp_error_field(resp, 400, "missing-field", name, NULL, "'%s' is required", name);
		return -1;
	}
	if (!json_is_string(v)) {
		resp_error_field(resp, 400, "invalid-field", name, NULL, "'%s' must be a string", name);
		return -1;
	}
	*out = json_string_value(v);
	if (required && !**out) {
		resp_error_field(resp, 400, "missing-field", name, NULL, "'%s' must not be empty", name);
		return -1;
	}
	return 0;
}

static bool method_is(web_req *r, web_resp *resp, const char *allow)
{
	char list[64];
	const char *p;
	size_t n;

	/* allow: "GET" or "GET, POST" */
	for (p = allow; *p; ) {
		n = strcspn(p, ", ");
		if (strlen(r->method) == n && !strncmp(p, r->method, n))
			return true;
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	snprintf(list, sizeof(list), "%s", allow);
	resp_error(resp, 405, "method-not-allowed", "%s is not allowed here (allowed: %s)", r->method, allow);
	resp_header(resp, "Allow", list);
	return false;
}

/* A document: its type, and a file name when ?download=1. */
static void document(web_req *r, web_resp *resp, char *data, size_t len, const char *type,
	const char *filename)
{
	const char *dl = req_arg(r, "download");

	resp_set(resp, 200, type, data, len);
	if (data && filename && dl && strcmp(dl, "0") != 0) {
		char *cd = web_sprintf("attachment; filename=\"%s\"", filename);

		resp_header(resp, "Content-Disposition", cd ? cd : "attachment");
		free(cd);
	}
}

/* The CSP source that allows the one inline <style> of a rendered
 * template, so the page reads as the command line's output does. */
static void allow_inline_style(web_resp *resp, const char *html, size_t len)
{
	const char *start = html ? memmem(html, len, "<style>", 7) : NULL, *end;
	char *b64;

	if (!start)
		return;
	start += 7;
	end = memmem(start, len - (size_t)(start - html), "</style>", 8);
	if (!end)
		return;
	b64 = web_sha256_base64(start, (size_t)(end - start));
	if (b64) {
		free(resp->csp_style);
		resp->csp_style = web_sprintf("sha256-%s", b64);
	}
	free(b64);
}

int web_render(char **out, size_t *len, web_req *r, const char *tpl, const char *xml, size_t xml_len,
	const char *const *params, dossier_error *err)
{
	int rc;

	server_render_lock(r->srv);
	rc = dossier_render(out, len, server_template(r->srv, tpl), xml, xml_len, params, err);
	server_render_unlock(r->srv);
	return rc;
}

void web_html_document(web_req *r, web_resp *resp, char *html, size_t len, const char *filename)
{
	allow_inline_style(resp, html, len);
	document(r, resp, html, len, "text/html; charset=utf-8", filename);
}

/* ---- the session ------------------------------------------------------------- */

static json_t *session_json(web_req *r)
{
	json_t *j = json_object();

	json_object_set_new(j, "participant", json_string(r->account));
	json_object_set_new(j, "csrf", r->csrf[0] ? json_string(r->csrf) : json_null());
	json_object_set_new(j, "via", json_string(r->auth == AUTH_SESSION ? "session" :
		r->auth == AUTH_TOKEN ? "token" : "proxy"));
	return j;
}

static void api_session(web_req *r, web_resp *resp)
{
	static const char *const allowed[] = { "participant", "password", NULL };
	const char *who, *password, *code, *message;
	unsigned status, retry;
	json_t *o;

	if (!method_is(r, resp, "GET, POST, DELETE"))
		return;
	if (req_is(r, "GET")) {
		if (!r->account) {
			resp_error(resp, 401, "not-signed-in", "not signed in");
			return;
		}
		resp_json(resp, 200, session_json(r));
		return;
	}
	if (req_is(r, "DELETE")) {
		if (r->auth == AUTH_SESSION && !auth_check_csrf(r, resp))
			return;
		if (r->auth != AUTH_SESSION) {
			resp_error(resp, 401, "not-signed-in", "no session to end");
			return;
		}
		auth_sign_out(r, resp);
		resp_set(resp, 204, "text/plain; charset=utf-8", web_strdup(""), 0);
		return;
	}
	/* Sign-in: the browser has no session yet, so no CSRF token; a
	 * cross-site form cannot send JSON, and Origin is checked. */
	if (!req_same_origin(r)) {
		resp_error(resp, 403, "bad-origin", "a request from '%s' may not sign in here", req_header(r, "Origin"));
		return;
	}
	if (!(o = body_object(r, resp, allowed)))
		return;
	if (str_member(&who, o, "participant", true, resp) < 0 || str_member(&password, o, "password", true, resp) < 0) {
		json_decref(o);
		return;
	}
	status = auth_sign_in(r, resp, who, password, &code, &message, &retry);
	json_decref(o);
	if (status) {
		resp_error(resp, status, code, "%s", message);
		if (retry) {
			char s[16];

			snprintf(s, sizeof(s), "%u", retry);
			resp_header(resp, "Retry-After", s);
		}
		return;
	}
	resp_json(resp, 200, session_json(r));
}

/* ---- reading ----------------------------------------------------------------- */

typedef int (*read_fn)(web_req *r, web_resp *resp, dossier *d, dossier_error *err);

/* Run fn on a handle; an engine error becomes the JSON error. */
static void with_dossier(web_req *r, web_resp *resp, read_fn fn)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	if (site_acquire(&d, r->site, r->srv, r->account, &err) < 0 || fn(r, resp, d, &err) < 0)
		resp_engine_error(resp, &err, false, NULL);
	dossier_error_clear(&err);
	site_release(r->site, d);
}

static int read_status(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	dossier_status *st = NULL;
	int rc;

	(void)r;
	if ((rc = dossier_get_status(&st, d, err)) < 0)
		return rc;
	resp_json_string(resp, 200, dossier_status_json(st));
	dossier_status_free(st);
	return 0;
}

static int read_log(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	dossier_event_list *l = NULL;
	int rc;

	(void)r;
	if ((rc = dossier_get_log(&l, d, err)) < 0)
		return rc;
	resp_json_string(resp, 200, dossier_log_json(l, d));
	dossier_event_list_free(l);
	return 0;
}

/* The disposition filter's value: the JSON names, "unanswered", or the API's verbs. */
static int disposition_filter(dossier_disposition *out, const char *s)
{
	if (!strcmp(s, "unanswered") || !strcmp(s, "none")) {
		*out = DOSSIER_DISPOSITION_NONE;
		return 0;
	}
	*out = web_disposition(s);
	return *out == DOSSIER_DISPOSITION_NONE ? -1 : 0;
}

int web_filter_comments(dossier_comment_list *out, const dossier_comment_list *l, const char *on,
	const char *disposition, bool answered_only)
{
	dossier_disposition disp = DOSSIER_DISPOSITION_NONE;
	size_t i;

	out->n = 0;
	out->items = malloc((l->n ? l->n : 1) * sizeof(*out->items));
	if (!out->items)
		return -1;
	if (disposition && *disposition && disposition_filter(&disp, disposition) < 0) {
		free(out->items);
		out->items = NULL;
		return -2;
	}
	for (i = 0; i < l->n; i++) {
		const dossier_comment_record *c = &l->items[i];

		if (on && *on && strcmp(c->on, on))
			continue;
		if (disposition && *disposition && c->disposition != disp)
			continue;
		if (answered_only && c->disposition == DOSSIER_DISPOSITION_NONE)
			continue;
		out->items[out->n++] = *c;   /* borrowed: the list keeps the strings */
	}
	return 0;
}

static bool flag(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

static int read_comments(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_comment_list *l = NULL, f = { NULL, 0 };
	dossier_carry *carry = NULL;
	const char *open = req_arg(r, "open"), *revision = req_arg(r, "revision");
	const char *disposition = req_arg(r, "disposition"), *answered = req_arg(r, "answered");
	const char *on = req_arg(r, "on");
	char *eid = NULL;
	int rc;

	q.by = req_arg(r, "by");
	if (q.by && !*q.by)
		q.by = NULL;
	q.open = flag(open);
	if (open && !q.open && strcmp(open, "0") && strcmp(open, "false") && strcmp(open, "no") && *open) {
		resp_error_field(resp, 400, "invalid-argument", "open", NULL, "open must be true or false");
		return 0;
	}
	/* `on` as the CLI takes it: an eId, or a citation resolved in the
	 * revision asked for or the latest. */
	if (on && *on && dossier_resolve_provision(&eid, d, revision && *revision ? revision : NULL, on, err) < 0) {
		resp_engine_error(resp, err, true, "on");
		return 0;
	}
	if ((rc = dossier_get_comments(&l, d, &q, err)) < 0) {
		free(eid);
		return rc;
	}
	rc = web_filter_comments(&f, l, eid, disposition, flag(answered));
	free(eid);
	if (rc == -2) {
		resp_error_field(resp, 400, "invalid-argument", "disposition", NULL,
			"unknown disposition '%s' (accepted, partial, rejected, noted, unanswered)", disposition);
		dossier_comment_list_free(l);
		return 0;
	}
	if (rc < 0) {
		dossier_comment_list_free(l);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (revision && *revision) {
		if ((rc = dossier_comments_carry(&carry, d, &f, revision, err)) < 0) {
			free(f.items);
			dossier_comment_list_free(l);
			return rc;
		}
		resp_json_string(resp, 200, dossier_carry_json(carry, &f, d));
		dossier_carry_free(carry);
	} else {
		resp_json_string(resp, 200, dossier_comments_json(&f, d));
	}
	free(f.items);
	dossier_comment_list_free(l);
	return 0;
}

/* One comment: 200 (or `status`) with its JSON. */
static int answer_comment(web_resp *resp, dossier *d, const char *id, unsigned status, dossier_error *err)
{
	dossier_comment_list *l = NULL;
	int rc;

	if ((rc = dossier_get_comment(&l, d, id, err)) < 0)
		return rc;
	resp_json_string(resp, status, dossier_comment_json(&l->items[0], d));
	dossier_comment_list_free(l);
	return 0;
}

static void read_one_comment(web_req *r, web_resp *resp, const char *id)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier *d = NULL;

	if (site_acquire(&d, r->site, r->srv, r->account, &err) < 0 || answer_comment(resp, d, id, 200, &err) < 0)
		resp_engine_error(resp, &err, false, NULL);
	dossier_error_clear(&err);
	site_release(r->site, d);
}

static int read_revisions(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	dossier_revision_list *l = NULL;
	int rc;

	(void)r;
	if ((rc = dossier_get_revisions(&l, d, err)) < 0)
		return rc;
	resp_json_string(resp, 200, dossier_revisions_json(l, d));
	dossier_revision_list_free(l);
	return 0;
}

static int read_revision(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	const char *format = req_arg(r, "format"), *rev = r->path;   /* set by the caller */
	char *xml = NULL, *out = NULL, name[64];
	size_t len = 0, olen = 0;
	int rc;

	if (!format)
		format = "akn";
	if (strcmp(format, "akn") && strcmp(format, "text") && strcmp(format, "html")) {
		resp_error_field(resp, 400, "invalid-argument", "format", NULL,
			"unknown format '%s' (akn, text or html)", format);
		return 0;
	}
	if ((rc = dossier_get_revision_akn(&xml, &len, d, rev, err)) < 0)
		return rc;
	snprintf(name, sizeof(name), "du-thao-%s.%s", rev, !strcmp(format, "akn") ? "xml" :
		!strcmp(format, "text") ? "txt" : "html");
	if (!strcmp(format, "akn")) {
		document(r, resp, xml, len, "application/akn+xml; charset=utf-8", name);
		return 0;
	}
	if (!strcmp(format, "text")) {
		dossier_document *doc = NULL;

		rc = dossier_akn_read(&doc, rev, xml, len, NULL, err);
		free(xml);
		if (rc == 0)
			rc = dossier_text_write(&out, doc, err);
		dossier_document_free(doc);
		if (rc < 0)
			return rc;
		document(r, resp, out, strlen(out), "text/plain; charset=utf-8", name);
		return 0;
	}
	rc = web_render(&out, &olen, r, "decree.xsl", xml, len, NULL, err);
	free(xml);
	if (rc < 0)
		return rc;
	web_html_document(r, resp, out, olen, name);
	return 0;
}

/* "vN" -> N, 0 when not. */
static unsigned rev_number(const char *s)
{
	return dossier_revision_number(s);
}

int web_diff(char **out, size_t *len, web_req *r, dossier *d, const char *from, const char *to,
	const char *format, char *labels, dossier_error *err)
{
	dossier_diff_format_options o = DOSSIER_DIFF_FORMAT_OPTIONS_INIT;
	dossier_document *a = NULL, *b = NULL;
	dossier_status *st = NULL;
	dossier_diff *diff = NULL;
	dossier_diff_explanations *explained = NULL;
	char *la = labels, *lb = labels + 32;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = dossier_get_status(&st, d, err)) < 0)
		return rc;
	if ((from && !rev_number(from)) || (to && !rev_number(to))) {
		dossier_status_free(st);
		dossier_error_set(err, DOSSIER_EINVALID, "invalid revision '%s' (expected vN)",
			from && !rev_number(from) ? from : to);
		dossier_error_set_tag(err, "invalid-revision");
		return DOSSIER_EINVALID;
	}
	if ((!from || !to) && st->revisions < 2) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "the dossier has %s revision: nothing to compare",
			st->revisions ? "only one" : "no");
		dossier_error_set_tag(err, "unknown-revision");
		dossier_status_free(st);
		return DOSSIER_ENOTFOUND;
	}
	snprintf(la, 32, "v%u", from ? rev_number(from) : st->revisions - 1);
	snprintf(lb, 32, "v%u", to ? rev_number(to) : st->revisions);
	dossier_status_free(st);
	o.old_label = la;
	o.new_label = lb;
	if ((rc = dossier_get_revision(&a, d, la, err)) < 0 || (rc = dossier_get_revision(&b, d, lb, err)) < 0 ||
	    (rc = dossier_diff_new(&diff, a, b, err)) < 0)
		goto done;
	if (!strcmp(format, "json")) {
		rc = dossier_diff_json(out, diff, &o, err);
		if (rc == 0)
			*len = strlen(*out);
	} else {
		/* the table's third column: the comments behind each change */
		if ((rc = dossier_diff_explain(&explained, d, diff, la, err)) < 0)
			goto done;
		o.notes = explained->notes;
		o.nnotes = explained->n;
		server_render_lock(r->srv);
		rc = dossier_diff_html(out, len, diff, server_template(r->srv, "compare.xsl"), &o, err);
		server_render_unlock(r->srv);
	}
done:
	dossier_diff_explanations_free(explained);
	dossier_diff_free(diff);
	dossier_document_free(a);
	dossier_document_free(b);
	return rc;
}

static int read_diff(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	const char *format = req_arg(r, "format");
	char labels[64], *out = NULL, name[160];
	size_t len = 0;
	int rc;

	if (!format)
		format = "json";
	if (strcmp(format, "json") && strcmp(format, "html")) {
		resp_error_field(resp, 400, "invalid-argument", "format", NULL, "unknown format '%s' (json or html)",
			format);
		return 0;
	}
	rc = web_diff(&out, &len, r, d, req_arg(r, "from"), req_arg(r, "to"), format, labels, err);
	if (rc < 0)
		return rc;
	if (!strcmp(format, "json")) {
		resp_json_string(resp, 200, out);
	} else {
		snprintf(name, sizeof(name), "bang-so-sanh-%s-%s.html", labels, labels + 32);
		web_html_document(r, resp, out, len, name);
	}
	return 0;
}

static int read_report(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	const char *format = req_arg(r, "format");
	dossier_report *rep = NULL;
	char *out = NULL, *html = NULL;
	size_t len = 0, hlen = 0;
	int rc;

	if (!format)
		format = "akn";
	if (strcmp(format, "akn") && strcmp(format, "html") && strcmp(format, "csv")) {
		resp_error_field(resp, 400, "invalid-argument", "format", NULL,
			"unknown format '%s' (akn, html or csv)", format);
		return 0;
	}
	if ((rc = dossier_report_load(&rep, d, err)) < 0)
		return rc;
	if (!strcmp(format, "csv"))
		rc = dossier_report_csv(&out, &len, rep, err);
	else
		rc = dossier_report_akn(&out, &len, rep, err);
	dossier_report_free(rep);
	if (rc < 0)
		return rc;
	if (!strcmp(format, "csv")) {
		document(r, resp, out, len, "text/csv; charset=utf-8", "bao-cao-tong-hop.csv");
	} else if (!strcmp(format, "akn")) {
		document(r, resp, out, len, "application/akn+xml; charset=utf-8", "bao-cao-tong-hop.xml");
	} else {
		rc = web_render(&html, &hlen, r, "report.xsl", out, len, NULL, err);
		free(out);
		if (rc < 0)
			return rc;
		web_html_document(r, resp, html, hlen, "bao-cao-tong-hop.html");
	}
	return 0;
}

static int read_consolidated(web_req *r, web_resp *resp, dossier *d, dossier_error *err)
{
	const char *format = req_arg(r, "format"), *rev = req_arg(r, "revision");
	dossier_consolidation_report *rep = NULL;
	char *xml = NULL, *html = NULL;
	size_t len = 0, hlen = 0;
	int rc;

	if (!format)
		format = "akn";
	if (strcmp(format, "akn") && strcmp(format, "html")) {
		resp_error_field(resp, 400, "invalid-argument", "format", NULL, "unknown format '%s' (akn or html)",
			format);
		return 0;
	}
	if ((rc = dossier_consolidate(&xml, &len, &rep, d, rev && *rev ? rev : NULL, err)) < 0)
		return rc;
	dossier_consolidation_report_free(rep);
	if (!strcmp(format, "akn")) {
		document(r, resp, xml, len, "application/akn+xml; charset=utf-8", "du-thao-hop-nhat.xml");
		return 0;
	}
	rc = web_render(&html, &hlen, r, "decree.xsl", xml, len, NULL, err);
	free(xml);
	if (rc < 0)
		return rc;
	web_html_document(r, resp, html, hlen, "du-thao-hop-nhat.html");
	return 0;
}

/* ---- actions ------------------------------------------------------------------ */

static void post_comment(web_req *r, web_resp *resp)
{
	static const char *const allowed[] = { "on", "text", "propose", "revision", NULL };
	const char *on, *text, *propose, *revision;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *id = NULL, *answer = NULL;
	json_t *o;

	if (!(o = body_object(r, resp, allowed)))
		return;
	if (str_member(&on, o, "on", true, resp) < 0 || str_member(&text, o, "text", true, resp) < 0 ||
	    str_member(&propose, o, "propose", false, resp) < 0 ||
	    str_member(&revision, o, "revision", false, resp) < 0) {
		json_decref(o);
		return;
	}
	if (act_comment(&id, &answer, r, on, revision, text, propose && *propose ? propose : NULL, &err) < 0) {
		const char *tag = dossier_error_tag(&err);

		resp_engine_error(resp, &err, true, !strcmp(tag, "unknown-provision") || !strcmp(tag, "ambiguous-provision") ||
			!strcmp(tag, "invalid-provision") ? "on" :
			!strcmp(tag, "unknown-revision") || !strcmp(tag, "invalid-revision") ? "revision" : NULL);
		goto done;
	}
	/* Committed: answer with the record as `comments --json` shows it. */
	if (answer) {
		resp_json_string(resp, 201, answer);
	} else {
		json_t *j = json_object();

		json_object_set_new(j, "id", json_string(id));
		resp_json(resp, 201, j);
	}
	{
		char *loc = web_sprintf("%sapi/v1/comments/%s", r->site->base, id);

		if (loc)
			resp_header(resp, "Location", loc);
		free(loc);
	}
done:
	dossier_error_clear(&err);
	free(id);
	json_decref(o);
}

static void post_response(web_req *r, web_resp *resp, const char *id)
{
	static const char *const allowed[] = { "disposition", "reason", "adopted", NULL };
	const char *disp_s, *reason, *adopted;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_disposition disp;
	dossier *d = NULL;
	json_t *o;

	if (!(o = body_object(r, resp, allowed)))
		return;
	if (str_member(&disp_s, o, "disposition", true, resp) < 0 || str_member(&reason, o, "reason", false, resp) < 0 ||
	    str_member(&adopted, o, "adopted", false, resp) < 0) {
		json_decref(o);
		return;
	}
	disp = web_disposition(disp_s);
	if (disp == DOSSIER_DISPOSITION_NONE) {
		resp_error_field(resp, 400, "invalid-field", "disposition", NULL,
			"unknown disposition '%s' (accept, partial, reject or note)", disp_s);
		json_decref(o);
		return;
	}
	if (act_respond(r, id, disp, reason && *reason ? reason : NULL, adopted && *adopted ? adopted : NULL,
		&err) < 0) {
		const char *tag = dossier_error_tag(&err);

		resp_engine_error(resp, &err, false, !strcmp(tag, "reason-required") ? "reason" : NULL);
	} else if (site_acquire(&d, r->site, r->srv, r->account, &err) < 0 ||
		answer_comment(resp, d, id, 201, &err) < 0) {
		json_t *j = json_object();

		json_object_set_new(j, "id", json_string(id));
		resp_json(resp, 201, j);
	}
	site_release(r->site, d);
	dossier_error_clear(&err);
	json_decref(o);
}

static void post_advance(web_req *r, web_resp *resp)
{
	static const char *const allowed[] = { "stage", "message", NULL };
	const char *stage, *message;
	dossier_error err = DOSSIER_ERROR_INIT;
	json_t *o;

	if (!(o = body_object(r, resp, allowed)))
		return;
	if (str_member(&stage, o, "stage", true, resp) < 0 || str_member(&message, o, "message", false, resp) < 0) {
		json_decref(o);
		return;
	}
	if (act_advance(r, stage, message && *message ? message : NULL, &err) < 0) {
		resp_engine_error(resp, &err, true, !strcmp(dossier_error_tag(&err), "unknown-stage") ? "stage" : NULL);
	} else {
		dossier_error_clear(&err);
		with_dossier(r, resp, read_status);
	}
	dossier_error_clear(&err);
	json_decref(o);
}

/* Many responses as one event (dossier_respond_many): every answer of the
 * body is checked, by the web for its form and by the engine on the
 * dossier, and any problem refuses the whole set with the field
 * "answers[I].FIELD"; otherwise one commit. */
static void post_responses(web_req *r, web_resp *resp)
{
	static const char *const allowed[] = { "answers", "dry_run", NULL };
	static const char *const members[] = { "comment", "disposition", "reason", "adopted", NULL };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_answer *answers = NULL;
	json_t *o, *list, *dry, *ids;
	size_t n, i, done = 0;

	if (!(o = body_object(r, resp, allowed)))
		return;
	list = json_object_get(o, "answers");
	dry = json_object_get(o, "dry_run");
	if (!list || json_is_null(list)) {
		resp_error_field(resp, 400, "missing-field", "answers", NULL, "'answers' is required");
		goto done;
	}
	if (!json_is_array(list) || !(n = json_array_size(list))) {
		resp_error_field(resp, 400, "invalid-field", "answers", NULL,
			"'answers' must be a non-empty array of {\"comment\", \"disposition\", \"reason\", \"adopted\"}");
		goto done;
	}
	if (dry && !json_is_boolean(dry)) {
		resp_error_field(resp, 400, "invalid-field", "dry_run", NULL, "'dry_run' must be true or false");
		goto done;
	}
	if (!(answers = calloc(n, sizeof(*answers)))) {
		resp_error(resp, 500, "out-of-memory", "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		json_t *a = json_array_get(list, i), *v;
		const char *key, *vals[4] = { NULL, NULL, NULL, NULL };
		char field[64];
		size_t k;

		if (!json_is_object(a)) {
			snprintf(field, sizeof(field), "answers[%zu]", i);
			resp_error_field(resp, 400, "invalid-field", field, NULL, "'%s' must be an object", field);
			goto done;
		}
		json_object_foreach(a, key, v) {
			for (k = 0; members[k] && strcmp(members[k], key); k++)
				;
			snprintf(field, sizeof(field), "answers[%zu].%.20s", i, key);
			if (!members[k]) {
				resp_error_field(resp, 400, "unknown-field", field, NULL, "unknown field '%s'", field);
				goto done;
			}
			if (!json_is_string(v) && !json_is_null(v)) {
				resp_error_field(resp, 400, "invalid-field", field, NULL, "'%s' must be a string", field);
				goto done;
			}
			vals[k] = json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
		}
		for (k = 0; k < 2; k++)
			if (!vals[k]) {
				snprintf(field, sizeof(field), "answers[%zu].%s", i, members[k]);
				resp_error_field(resp, 400, "missing-field", field, NULL, "'%s' is required", field);
				goto done;
			}
		answers[i].comment = vals[0];
		answers[i].disposition = dossier_disposition_parse(vals[1]);
		answers[i].reason = vals[2];
		answers[i].adopted = vals[3];
		if (answers[i].disposition == DOSSIER_DISPOSITION_NONE) {
			snprintf(field, sizeof(field), "answers[%zu].disposition", i);
			resp_error_field(resp, 400, "invalid-field", field, NULL,
				"unknown disposition '%s' (accept, partial, reject or note)", vals[1]);
			goto done;
		}
	}
	if (act_respond_many(&done, r, answers, n, json_is_true(dry), &err) < 0) {
		resp_engine_error(resp, &err, true, NULL);
		goto done;
	}
	{
		json_t *j = json_object();

		ids = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(ids, json_string(answers[i].comment));
		json_object_set_new(j, json_is_true(dry) ? "would_answer" : "answered", json_integer((json_int_t)done));
		json_object_set_new(j, "comments", ids);
		resp_json(resp, json_is_true(dry) ? 200 : 201, j);
	}
done:
	dossier_error_clear(&err);
	free(answers);
	json_decref(o);
}

/* ---- the routes ----------------------------------------------------------------- */

void api_handle(web_req *r, web_resp *resp, const char *rest)
{
	bool writes = req_is(r, "POST") || req_is(r, "PUT") || req_is(r, "DELETE") || req_is(r, "PATCH");

	if (!strcmp(rest, "/session")) {
		api_session(r, resp);
		return;
	}
	if (!r->account) {
		if (req_header(r, "Authorization"))
			resp_error(resp, 401, "bad-token", "the API token is not valid (revoked, or not of this dossier)");
		else
			resp_error(resp, 401, "not-signed-in", "not signed in");
		resp_header(resp, "WWW-Authenticate", "Bearer realm=\"dossier\"");
		return;
	}
	if (writes && !auth_check_csrf(r, resp))
		return;
	if (!strcmp(rest, "/status")) {
		if (method_is(r, resp, "GET"))
			with_dossier(r, resp, read_status);
	} else if (!strcmp(rest, "/log")) {
		if (method_is(r, resp, "GET"))
			with_dossier(r, resp, read_log);
	} else if (!strcmp(rest, "/comments")) {
		if (!method_is(r, resp, "GET, POST"))
			return;
		if (req_is(r, "GET"))
			with_dossier(r, resp, read_comments);
		else
			post_comment(r, resp);
	} else if (!strncmp(rest, "/comments/", 10)) {
		const char *id = rest + 10, *slash = strchr(id, '/');
		char *cid = web_sprintf("%.*s", (int)(slash ? (size_t)(slash - id) : strlen(id)), id);

		if (!cid) {
			resp_error(resp, 500, "out-of-memory", "out of memory");
		} else if (!slash) {
			if (method_is(r, resp, "GET"))
				read_one_comment(r, resp, cid);
		} else if (!strcmp(slash, "/response")) {
			if (method_is(r, resp, "POST"))
				post_response(r, resp, cid);
		} else {
			resp_error(resp, 404, "unknown-endpoint", "no endpoint '%s'", rest);
		}
		free(cid);
	} else if (!strcmp(rest, "/responses")) {
		if (method_is(r, resp, "POST"))
			post_responses(r, resp);
	} else if (!strcmp(rest, "/advance")) {
		if (method_is(r, resp, "POST"))
			post_advance(r, resp);
	} else if (!strcmp(rest, "/revisions")) {
		if (method_is(r, resp, "GET"))
			with_dossier(r, resp, read_revisions);
	} else if (!strncmp(rest, "/revisions/", 11)) {
		if (method_is(r, resp, "GET")) {
			const char *saved = r->path;

			r->path = rest + 11;
			with_dossier(r, resp, read_revision);
			r->path = saved;
		}
	} else if (!strcmp(rest, "/diff")) {
		if (method_is(r, resp, "GET"))
			with_dossier(r, resp, read_diff);
	} else if (!strcmp(rest, "/report")) {
		if (method_is(r, resp, "GET"))
			with_dossier(r, resp, read_report);
	} else if (!strcmp(rest, "/consolidated")) {
		if (method_is(r, resp, "GET"))
			with_dossier(r, resp, read_consolidated);
	} else {
		resp_error(resp, 404, "unknown-endpoint", "no endpoint '/api/v1%s' (docs/api.md lists them)", rest);
	}
}
