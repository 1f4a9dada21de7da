/*
 * page_comments.c: the comments: mine with their dispositions, all of
 * them filtered by body, provision, disposition and open or answered, and
 * the drafting agency's response forms: one comment at a time, or many at
 * once (the open comments, narrowed to a provision, each with a check box,
 * and one disposition and reason for those selected). Sending a response
 * is `dossier respond` as the signed-in drafter; many are one event
 * (dossier_respond_many), all or nothing.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

void page_mine(web_req *r, web_resp *resp)
{
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_comment_list *l = NULL;
	const char *fresh = req_arg(r, "new");
	page p;
	size_t i;

	if (!page_open(&p, r, resp))
		return;
	page_head(&p, T(r, "My comments"), "mine");
	q.by = r->account;
	if (dossier_get_comments(&l, p.d, &q, &p.err) < 0) {
		page_engine_error(&p, &p.err);
		page_foot(&p);
		page_send(&p, 500);
		page_close(&p);
		return;
	}
	if (fresh) {
		wbuf_adds(&p.b, "<div class=\"dw-notice dw-ok\" role=\"status\"><p>");
		wbuf_esc(&p.b, T(r, "Your comment is recorded as"));
		wbuf_adds(&p.b, " <strong>");
		wbuf_esc(&p.b, fresh);
		wbuf_adds(&p.b, "</strong>.</p></div>\n");
	}
	if (!l->n) {
		wbuf_adds(&p.b, "<p>");
		wbuf_esc(&p.b, T(r, "You have not commented yet."));
		wbuf_adds(&p.b, "</p>\n");
	} else {
		size_t answered = 0;

		for (i = 0; i < l->n; i++)
			answered += l->items[i].disposition != DOSSIER_DISPOSITION_NONE;
		wbuf_addf(&p.b, "<p>%zu · %s %zu</p>\n<div class=\"dw-comments\" id=\"my-comments\">\n", l->n,
			T(r, "answered"), answered);
		for (i = 0; i < l->n; i++)
			page_comment_card(&p, &l->items[i], false, fresh && !strcmp(fresh, l->items[i].id));
		wbuf_adds(&p.b, "</div>\n");
	}
	dossier_comment_list_free(l);
	page_foot(&p);
	page_send(&p, 200);
	page_close(&p);
}

static void option(page *p, const char *value, const char *label, const char *current)
{
	wbuf_adds(&p->b, "<option value=\"");
	wbuf_esc(&p->b, value);
	wbuf_adds(&p->b, "\"");
	if (current && !strcmp(current, value))
		wbuf_adds(&p->b, " selected");
	wbuf_adds(&p->b, ">");
	wbuf_esc(&p->b, label);
	wbuf_adds(&p->b, "</option>");
}

void page_comments(web_req *r, web_resp *resp)
{
	static const char *const disps[] = { "accepted", "partial", "rejected", "noted", "unanswered" };
	static const dossier_disposition dvals[] = { DOSSIER_DISPOSITION_ACCEPTED, DOSSIER_DISPOSITION_PARTIAL,
		DOSSIER_DISPOSITION_REJECTED, DOSSIER_DISPOSITION_NOTED, DOSSIER_DISPOSITION_NONE };
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_comment_list *l = NULL, f = { NULL, 0 };
	const char *by = req_arg(r, "by"), *on = req_arg(r, "on"), *disp = req_arg(r, "disposition");
	const char *state = req_arg(r, "state"), *done = req_arg(r, "done");
	bool respond;
	page p;
	size_t i;
	int rc;

	if (!page_open(&p, r, resp))
		return;
	respond = (p.may & DOSSIER_ACTION_RESPOND) != 0;
	page_head(&p, T(r, "All comments"), "comments");
	if (done) {
		wbuf_adds(&p.b, "<div class=\"dw-notice dw-ok\" role=\"status\"><p>");
		wbuf_esc(&p.b, T(r, "The response is recorded for"));
		wbuf_adds(&p.b, " <strong>");
		wbuf_esc(&p.b, done);
		wbuf_adds(&p.b, "</strong>.</p></div>\n");
	}
	q.by = by && *by ? by : NULL;
	q.open = state && !strcmp(state, "open");
	if (dossier_get_comments(&l, p.d, &q, &p.err) < 0) {
		page_engine_error(&p, &p.err);
		page_foot(&p);
		page_send(&p, 500);
		page_close(&p);
		return;
	}
	/* A citation ("khoản 2 Điều 5") as the API reads it; one that names
	 * nothing filters everything out, as an unknown eId does. */
	{
		dossier_error e = DOSSIER_ERROR_INIT;
		char *eid = NULL;

		if (on && *on && dossier_resolve_provision(&eid, p.d, NULL, on, &e) < 0)
			eid = NULL;
		dossier_error_clear(&e);
		rc = web_filter_comments(&f, l, eid ? eid : on, disp, state && !strcmp(state, "answered"));
		free(eid);
	}
	/* The filters, as a form that works without JavaScript. */
	wbuf_adds(&p.b, "<form method=\"get\" action=\"");
	page_href(&p, "comments");
	wbuf_adds(&p.b, "\" class=\"dw-filters\" role=\"search\">\n<p><label for=\"by\">");
	wbuf_esc(&p.b, T(r, "Body"));
	wbuf_adds(&p.b, "</label><select id=\"by\" name=\"by\">");
	option(&p, "", T(r, "all"), by);
	for (i = 0; i < p.wf->nparticipants; i++) {
		const dossier_participant *q2 = &p.wf->participants[i];
		const dossier_role *role = dossier_workflow_role(p.wf, q2->role);

		if (role && (role->actions & DOSSIER_ACTION_COMMENT))
			option(&p, q2->id, q2->name ? q2->name : q2->id, by);
	}
	wbuf_adds(&p.b, "</select></p>\n<p><label for=\"on\">");
	wbuf_esc(&p.b, T(r, "Provision (citation or eId)"));
	wbuf_adds(&p.b, "</label><input id=\"on\" name=\"on\" value=\"");
	wbuf_esc(&p.b, on);
	wbuf_adds(&p.b, "\" placeholder=\"Điều 5 khoản 2\"></p>\n<p><label for=\"disposition\">");
	wbuf_esc(&p.b, T(r, "Disposition"));
	wbuf_adds(&p.b, "</label><select id=\"disposition\" name=\"disposition\">");
	option(&p, "", T(r, "all"), disp);
	for (i = 0; i < sizeof(disps) / sizeof(disps[0]); i++)
		option(&p, disps[i], page_disposition_label(r, dvals[i]), disp);
	wbuf_adds(&p.b, "</select></p>\n<p><label for=\"state\">");
	wbuf_esc(&p.b, T(r, "State"));
	wbuf_adds(&p.b, "</label><select id=\"state\" name=\"state\">");
	option(&p, "", T(r, "all"), state);
	option(&p, "open", T(r, "open (unanswered)"), state);
	option(&p, "answered", T(r, "answered"), state);
	wbuf_adds(&p.b, "</select></p>\n<p><button type=\"submit\">");
	wbuf_esc(&p.b, T(r, "Filter"));
	wbuf_adds(&p.b, "</button></p>\n</form>\n");
	if (rc == -2) {
		page_notice(&p, "dw-error", T(r, "Unknown disposition."));
	} else if (rc < 0) {
		page_notice(&p, "dw-error", "out of memory");
	} else {
		wbuf_addf(&p.b, "<p id=\"count\">%zu %s</p>\n<div class=\"dw-comments\" id=\"all-comments\">\n", f.n,
			T(r, "comments"));
		for (i = 0; i < f.n; i++)
			page_comment_card(&p, &f.items[i], respond, done && !strcmp(done, f.items[i].id));
		wbuf_adds(&p.b, "</div>\n");
	}
	free(f.items);
	dossier_comment_list_free(l);
	page_foot(&p);
	page_send(&p, rc == -2 ? 400 : 200);
	page_close(&p);
}

static void radio(page *p, const char *value, const char *label, bool checked)
{
	wbuf_adds(&p->b, "<label class=\"dw-choice\"><input type=\"radio\" name=\"disposition\" value=\"");
	wbuf_esc(&p->b, value);
	wbuf_adds(&p->b, "\" required");
	if (checked)
		wbuf_adds(&p->b, " checked");
	wbuf_adds(&p->b, "> ");
	wbuf_esc(&p->b, label);
	wbuf_adds(&p->b, "</label>\n");
}

static void respond_form(page *p, unsigned status, const char *id, const char *disp, const char *reason,
	const char *adopted, const dossier_error *err)
{
	static const char *const values[] = { "accept", "partial", "reject", "note" };
	static const dossier_disposition dvals[] = { DOSSIER_DISPOSITION_ACCEPTED, DOSSIER_DISPOSITION_PARTIAL,
		DOSSIER_DISPOSITION_REJECTED, DOSSIER_DISPOSITION_NOTED };
	web_req *r = p->r;
	dossier_comment_list *l = NULL;
	dossier_error gerr = DOSSIER_ERROR_INIT;
	size_t i;

	page_head(p, T(r, "Response to a comment"), "respond");
	if (err)
		page_engine_error(p, err);
	if (dossier_get_comment(&l, p->d, id, &gerr) < 0) {
		page_engine_error(p, &gerr);
		dossier_error_clear(&gerr);
		page_foot(p);
		page_send(p, 404);
		return;
	}
	page_comment_card(p, &l->items[0], false, false);
	if (!(p->may & DOSSIER_ACTION_RESPOND))
		page_notice(p, "dw-info", T(r, "Only the drafting agency responds to comments; the workflow will refuse it."));
	wbuf_adds(&p->b, "<form method=\"post\" action=\"");
	page_href(p, "respond");
	wbuf_adds(&p->b, "\" class=\"dw-form\" id=\"respond-form\">\n");
	page_csrf(p);
	wbuf_adds(&p->b, "<input type=\"hidden\" name=\"id\" value=\"");
	wbuf_esc(&p->b, id);
	wbuf_adds(&p->b, "\">\n<fieldset><legend>");
	wbuf_esc(&p->b, T(r, "Disposition"));
	wbuf_adds(&p->b, "</legend>\n");
	if (!disp && l->items[0].disposition != DOSSIER_DISPOSITION_NONE)
		disp = dossier_disposition_name(l->items[0].disposition);
	for (i = 0; i < 4; i++)
		radio(p, values[i], page_disposition_label(r, dvals[i]),
			disp && web_disposition(disp) == dvals[i]);
	wbuf_adds(&p->b, "</fieldset>\n<p><label for=\"reason\">");
	wbuf_esc(&p->b, T(r, "Reason, explanation (needed for a rejection or a partial acceptance)"));
	wbuf_adds(&p->b, "</label>\n<textarea id=\"reason\" name=\"reason\" rows=\"5\">");
	wbuf_esc(&p->b, reason ? reason : l->items[0].reason);
	wbuf_adds(&p->b, "</textarea></p>\n");
	if (strcmp(l->items[0].on, "general")) {
		wbuf_adds(&p->b, "<p class=\"dw-adopted-field\"><label for=\"adopted\">");
		wbuf_esc(&p->b, T(r, "Text adopted for the provision (for an acceptance; edit it for a partial one)"));
		wbuf_adds(&p->b, "</label>\n<textarea id=\"adopted\" name=\"adopted\" rows=\"6\">");
		wbuf_esc(&p->b, adopted ? adopted : l->items[0].adopted ? l->items[0].adopted : l->items[0].proposal);
		wbuf_adds(&p->b, "</textarea></p>\n");
	}
	wbuf_adds(&p->b, "<p><button type=\"submit\" id=\"send-response\">");
	wbuf_esc(&p->b, T(r, "Record the response"));
	wbuf_adds(&p->b, "</button> <a href=\"");
	page_href(p, "respond");
	wbuf_adds(&p->b, "\">");
	wbuf_esc(&p->b, T(r, "Back to the comments to answer"));
	wbuf_adds(&p->b, "</a></p>\n</form>\n");
	dossier_comment_list_free(l);
	page_foot(p);
	page_send(p, status);
}

/* The ids a form sent (every field `id`, in order). Borrowed. */
static size_t form_ids(const char **out, size_t max, const web_req *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nform && n < max; i++)
		if (!strcmp(r->form[i].name, "id") && r->form[i].value[0])
			out[n++] = r->form[i].value;
	return n;
}

static bool in(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* The comments waiting for an answer, narrowed to a provision (`on`), as
 * one form: a check box per comment, one disposition and one reason for
 * the selected. `checked` are those selected (kept after a refusal), or
 * every one shown with `all`. */
static void open_list(page *p, unsigned status, const char *on, bool all, const char *const *checked,
	size_t nchecked, const char *disp, const char *reason, size_t answered, const dossier_error *err)
{
	static const char *const values[] = { "accept", "partial", "reject", "note" };
	static const dossier_disposition dvals[] = { DOSSIER_DISPOSITION_ACCEPTED, DOSSIER_DISPOSITION_PARTIAL,
		DOSSIER_DISPOSITION_REJECTED, DOSSIER_DISPOSITION_NOTED };
	web_req *r = p->r;
	dossier_comments_query q = DOSSIER_COMMENTS_QUERY_INIT;
	dossier_comment_list *l = NULL, f = { NULL, 0 };
	size_t i;

	page_head(p, T(r, "Comments to answer"), "respond");
	if (answered) {
		wbuf_adds(&p->b, "<div class=\"dw-notice dw-ok\" role=\"status\" id=\"answered\"><p>");
		wbuf_addf(&p->b, "%zu ", answered);
		wbuf_esc(&p->b, T(r, "responses recorded as one event."));
		wbuf_adds(&p->b, "</p></div>\n");
	}
	if (err)
		page_engine_error(p, err);
	q.open = true;
	if (dossier_get_comments(&l, p->d, &q, &p->err) < 0 || web_filter_comments(&f, l, on, NULL, false) < 0) {
		page_engine_error(p, &p->err);
		goto done;
	}
	/* Narrow to a provision, without JavaScript. */
	wbuf_adds(&p->b, "<form method=\"get\" action=\"");
	page_href(p, "respond");
	wbuf_adds(&p->b, "\" class=\"dw-filters\" role=\"search\">\n<p><label for=\"on\">");
	wbuf_esc(&p->b, T(r, "Provision (eId)"));
	wbuf_adds(&p->b, "</label><input id=\"on\" name=\"on\" value=\"");
	wbuf_esc(&p->b, on);
	wbuf_adds(&p->b, "\" placeholder=\"art_5__para_2\"></p>\n<p><button type=\"submit\">");
	wbuf_esc(&p->b, T(r, "Filter"));
	wbuf_adds(&p->b, "</button></p>\n</form>\n");
	if (!f.n) {
		wbuf_adds(&p->b, "<p>");
		wbuf_esc(&p->b, T(r, "Every comment has a response."));
		wbuf_adds(&p->b, "</p>\n");
		goto done;
	}
	wbuf_adds(&p->b, "<form method=\"post\" action=\"");
	page_href(p, "respond");
	wbuf_adds(&p->b, "\" class=\"dw-form\" id=\"respond-many-form\">\n");
	page_csrf(p);
	wbuf_adds(&p->b, "<input type=\"hidden\" name=\"many\" value=\"1\">\n");
	if (on && *on) {
		wbuf_adds(&p->b, "<input type=\"hidden\" name=\"on\" value=\"");
		wbuf_esc(&p->b, on);
		wbuf_adds(&p->b, "\">\n");
	}
	wbuf_addf(&p->b, "<p>%zu %s · <a id=\"select-all\" href=\"", f.n, T(r, "comments without a response"));
	page_href(p, "respond?all=1");
	if (on && *on) {
		wbuf_adds(&p->b, "&amp;on=");
		wbuf_url(&p->b, on);
	}
	wbuf_adds(&p->b, "\">");
	wbuf_esc(&p->b, T(r, "Select all shown"));
	wbuf_adds(&p->b, "</a></p>\n<div class=\"dw-comments\" id=\"open-comments\">\n");
	for (i = 0; i < f.n; i++) {
		const char *id = f.items[i].id;

		wbuf_adds(&p->b, "<p class=\"dw-select\"><label><input type=\"checkbox\" name=\"id\" value=\"");
		wbuf_esc(&p->b, id);
		wbuf_adds(&p->b, "\"");
		if (all || in(checked, nchecked, id))
			wbuf_adds(&p->b, " checked");
		wbuf_adds(&p->b, "> ");
		wbuf_esc(&p->b, T(r, "Select"));
		wbuf_adds(&p->b, " ");
		wbuf_esc(&p->b, id);
		wbuf_adds(&p->b, "</label></p>\n");
		page_comment_card(p, &f.items[i], true, false);
	}
	wbuf_adds(&p->b, "</div>\n<fieldset><legend>");
	wbuf_esc(&p->b, T(r, "Disposition for the selected comments"));
	wbuf_adds(&p->b, "</legend>\n");
	for (i = 0; i < 4; i++)
		radio(p, values[i], page_disposition_label(r, dvals[i]), disp && web_disposition(disp) == dvals[i]);
	wbuf_adds(&p->b, "</fieldset>\n<p><label for=\"reason\">");
	wbuf_esc(&p->b, T(r, "Reason, explanation (needed for a rejection or a partial acceptance)"));
	wbuf_adds(&p->b, "</label>\n<textarea id=\"reason\" name=\"reason\" rows=\"4\">");
	wbuf_esc(&p->b, reason);
	wbuf_adds(&p->b, "</textarea></p>\n<p><button type=\"submit\" id=\"send-responses\">");
	wbuf_esc(&p->b, T(r, "Answer the selected comments"));
	wbuf_adds(&p->b, "</button></p>\n</form>\n");
done:
	free(f.items);
	dossier_comment_list_free(l);
	page_foot(p);
	page_send(p, status);
}

void page_respond_form(web_req *r, web_resp *resp)
{
	const char *id = req_arg(r, "id"), *on = req_arg(r, "on"), *all = req_arg(r, "all");
	const char *answered = req_arg(r, "answered");
	page p;

	if (!page_open(&p, r, resp))
		return;
	if (id && *id)
		respond_form(&p, 200, id, NULL, NULL, NULL, NULL);
	else
		open_list(&p, 200, on && *on ? on : NULL, all && !strcmp(all, "1"), NULL, 0, NULL, NULL,
			answered ? strtoul(answered, NULL, 10) : 0, NULL);
	page_close(&p);
}

/* Many comments at once: one disposition and reason for every one selected. */
static void respond_many_post(web_req *r, web_resp *resp)
{
	const char *disp = req_field(r, "disposition"), *reason = req_field(r, "reason");
	const char *on = req_field(r, "on");
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_disposition d = web_disposition(disp);
	dossier_answer *answers = NULL;
	const char **ids;
	size_t n, i, done = 0;
	page p;

	ids = calloc(r->nform + 1, sizeof(*ids));
	answers = calloc(r->nform + 1, sizeof(*answers));
	if (!ids || !answers) {
		free(ids);
		free(answers);
		resp_error(resp, 500, "out-of-memory", "out of memory");
		return;
	}
	n = form_ids(ids, r->nform, r);
	if (reason && !*reason)
		reason = NULL;
	if (!n) {
		dossier_error_set(&err, DOSSIER_EINVALID, "%s", T(r, "select the comments to answer"));
		dossier_error_set_tag(&err, "missing-field");
	} else if (d == DOSSIER_DISPOSITION_NONE) {
		dossier_error_set(&err, DOSSIER_EINVALID, "%s", T(r, "choose a disposition"));
		dossier_error_set_tag(&err, "missing-field");
	} else {
		for (i = 0; i < n; i++) {
			answers[i].comment = ids[i];
			answers[i].disposition = d;
			answers[i].reason = reason;
		}
		if (act_respond_many(&done, r, answers, n, false, &err) == 0) {
			wbuf to = WBUF_INIT;
			char *loc;

			wbuf_adds(&to, r->site->base);
			wbuf_addf(&to, "respond?answered=%zu", done);
			loc = wbuf_detach(&to, NULL);
			resp_redirect(resp, loc ? loc : r->site->base);
			free(loc);
			free(ids);
			free(answers);
			return;
		}
	}
	if (page_open(&p, r, resp)) {
		open_list(&p, web_status_for(&err, true), on && *on ? on : NULL, false, ids, n, disp, reason, 0, &err);
		page_close(&p);
	}
	dossier_error_clear(&err);
	free(ids);
	free(answers);
}

void page_respond_post(web_req *r, web_resp *resp)
{
	const char *id = req_field(r, "id"), *disp = req_field(r, "disposition");
	const char *reason = req_field(r, "reason"), *adopted = req_field(r, "adopted");
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_disposition d = web_disposition(disp);
	page p;

	if (req_field(r, "many")) {
		respond_many_post(r, resp);
		return;
	}
	if (!id || !*id) {
		char *to = req_url(r, "respond");

		resp_redirect(resp, to ? to : "/");
		free(to);
		return;
	}
	if (reason && !*reason)
		reason = NULL;
	/* The adopted text goes with an acceptance, never with a rejection or a note. */
	if (adopted && (!*adopted || d == DOSSIER_DISPOSITION_REJECTED || d == DOSSIER_DISPOSITION_NOTED))
		adopted = NULL;
	if (d == DOSSIER_DISPOSITION_NONE) {
		dossier_error_set(&err, DOSSIER_EINVALID, "%s", T(r, "choose a disposition"));
		dossier_error_set_tag(&err, "missing-field");
	} else if (act_respond(r, id, d, reason, adopted, &err) == 0) {
		wbuf to = WBUF_INIT;
		char *loc;

		wbuf_adds(&to, r->site->base);
		wbuf_adds(&to, "comments?done=");
		wbuf_url(&to, id);
		wbuf_adds(&to, "#");
		wbuf_url(&to, id);
		loc = wbuf_detach(&to, NULL);
		resp_redirect(resp, loc ? loc : r->site->base);
		free(loc);
		return;
	}
	if (page_open(&p, r, resp)) {
		respond_form(&p, web_status_for(&err, true), id, disp, reason, adopted, &err);
		page_close(&p);
	}
	dossier_error_clear(&err);
}
