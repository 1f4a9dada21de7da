/*
 * page_stage.c: advancing the dossier (each transition with the state of
 * its guard and who may take it; taking one is `dossier advance`), the
 * revisions and the bảng so sánh between any two (compare.xsl), the
 * synthesis report (report.xsl), and the downloads.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

static bool role_in(const dossier_next_status *n, const char *role)
{
	size_t i;

	for (i = 0; role && i < n->nroles; i++)
		if (!strcmp(n->roles[i], role))
			return true;
	return false;
}

static void advance_page(page *p, unsigned status, const dossier_error *err, const char *message)
{
	web_req *r = p->r;
	dossier_status *st = p->st;
	size_t i, j;

	page_head(p, T(r, "Advance the dossier"), "advance");
	if (err)
		page_engine_error(p, err);
	wbuf_adds(&p->b, "<p>");
	wbuf_esc(&p->b, T(r, "Current stage"));
	wbuf_adds(&p->b, ": <strong>");
	wbuf_esc(&p->b, st->stage_title);
	wbuf_adds(&p->b, "</strong></p>\n");
	if (!st->nnext) {
		wbuf_adds(&p->b, "<p>");
		wbuf_esc(&p->b, T(r, "This stage is final: the dossier can only be read."));
		wbuf_adds(&p->b, "</p>\n");
	}
	for (i = 0; i < st->nnext; i++) {
		const dossier_next_status *n = &st->next[i];
		bool mine = p->me && role_in(n, p->me->role);

		wbuf_addf(&p->b, "<section class=\"dw-transition %s\" data-stage=\"", n->allowed ? "dw-ready" : "dw-blocked");
		wbuf_esc(&p->b, n->target);
		wbuf_adds(&p->b, "\"><h2>→ ");
		wbuf_esc(&p->b, n->title ? n->title : n->target);
		wbuf_adds(&p->b, " <span class=\"dw-id\">(");
		wbuf_esc(&p->b, n->target);
		wbuf_adds(&p->b, ")</span></h2>\n<p class=\"dw-guard\"><span class=\"dw-badge\">");
		wbuf_esc(&p->b, T(r, n->allowed ? "conditions met" : N_("conditions not met")));
		wbuf_adds(&p->b, "</span> ");
		if (!n->allowed)
			wbuf_esc(&p->b, n->blocked_by ? n->blocked_by : T(r, "a condition is unmet"));
		wbuf_adds(&p->b, "</p>\n<p>");
		wbuf_esc(&p->b, T(r, "Who may take it"));
		wbuf_adds(&p->b, ": ");
		for (j = 0; j < n->nroles; j++) {
			const dossier_role *role = dossier_workflow_role(p->wf, n->roles[j]);

			if (j)
				wbuf_adds(&p->b, ", ");
			wbuf_esc(&p->b, role && role->title ? role->title : n->roles[j]);
		}
		wbuf_adds(&p->b, "</p>\n");
		if (mine && n->allowed) {
			wbuf_adds(&p->b, "<form method=\"post\" action=\"");
			page_href(p, "advance");
			wbuf_adds(&p->b, "\" class=\"dw-form\">");
			page_csrf(p);
			wbuf_adds(&p->b, "<input type=\"hidden\" name=\"stage\" value=\"");
			wbuf_esc(&p->b, n->target);
			wbuf_addf(&p->b, "\"><p><label for=\"message-%zu\">", i);
			wbuf_esc(&p->b, T(r, "Note for the log (optional)"));
			wbuf_addf(&p->b, "</label><textarea id=\"message-%zu\" name=\"message\" rows=\"2\">", i);
			wbuf_esc(&p->b, message);
			wbuf_addf(&p->b, "</textarea></p><p><button type=\"submit\" id=\"advance-%s\">", n->target);
			wbuf_esc(&p->b, T(r, "Move to"));
			wbuf_adds(&p->b, " «");
			wbuf_esc(&p->b, n->title ? n->title : n->target);
			wbuf_adds(&p->b, "»</button></p></form>\n");
		} else if (!mine) {
			wbuf_adds(&p->b, "<p class=\"dw-help\">");
			wbuf_esc(&p->b, T(r, "Your role does not take this transition."));
			wbuf_adds(&p->b, "</p>\n");
		}
		wbuf_adds(&p->b, "</section>\n");
	}
	page_foot(p);
	page_send(p, status);
}

void page_advance_form(web_req *r, web_resp *resp)
{
	page p;

	if (!page_open(&p, r, resp))
		return;
	advance_page(&p, 200, NULL, NULL);
	page_close(&p);
}

void page_advance_post(web_req *r, web_resp *resp)
{
	const char *stage = req_field(r, "stage"), *message = req_field(r, "message");
	dossier_error err = DOSSIER_ERROR_INIT;
	page p;

	if (message && !*message)
		message = NULL;
	if (!stage || !*stage) {
		dossier_error_set(&err, DOSSIER_EINVALID, "%s", T(r, "which stage?"));
		dossier_error_set_tag(&err, "missing-field");
	} else if (act_advance(r, stage, message, &err) == 0) {
		wbuf to = WBUF_INIT;
		char *loc;

		wbuf_adds(&to, r->site->base);
		wbuf_adds(&to, "?advanced=");
		wbuf_url(&to, stage);
		loc = wbuf_detach(&to, NULL);
		resp_redirect(resp, loc ? loc : r->site->base);
		free(loc);
		return;
	}
	if (page_open(&p, r, resp)) {
		advance_page(&p, web_status_for(&err, true), &err, message);
		page_close(&p);
	}
	dossier_error_clear(&err);
}

static void rev_select(page *p, const char *name, const char *label, unsigned selected, unsigned latest)
{
	unsigned i;

	wbuf_addf(&p->b, "<p><label for=\"%s\">", name);
	wbuf_esc(&p->b, label);
	wbuf_addf(&p->b, "</label><select id=\"%s\" name=\"%s\">", name, name);
	for (i = 1; i <= latest; i++)
		wbuf_addf(&p->b, "<option value=\"v%u\"%s>v%u</option>", i, i == selected ? " selected" : "", i);
	wbuf_adds(&p->b, "</select></p>\n");
}

void page_revisions(web_req *r, web_resp *resp)
{
	dossier_revision_list *l = NULL;
	page p;
	size_t i;

	if (!page_open(&p, r, resp))
		return;
	page_head(&p, T(r, "Revisions"), "revisions");
	if (dossier_get_revisions(&l, p.d, &p.err) < 0) {
		page_engine_error(&p, &p.err);
		page_foot(&p);
		page_send(&p, 500);
		page_close(&p);
		return;
	}
	if (!l->n) {
		page_notice(&p, "dw-info", T(r, "There is no draft yet: the drafting agency records revision v1 first."));
	} else {
		wbuf_adds(&p.b, "<table class=\"dw-table\" id=\"revisions\"><thead><tr><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "Revision"));
		wbuf_adds(&p.b, "</th><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "By"));
		wbuf_adds(&p.b, "</th><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "When"));
		wbuf_adds(&p.b, "</th><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "Note"));
		wbuf_adds(&p.b, "</th><th scope=\"col\">");
		wbuf_esc(&p.b, T(r, "Files"));
		wbuf_adds(&p.b, "</th></tr></thead><tbody>\n");
		for (i = 0; i < l->n; i++) {
			const dossier_revision_info *v = &l->items[i];

			wbuf_adds(&p.b, "<tr><th scope=\"row\"><a href=\"");
			page_href(&p, "draft?revision=");
			wbuf_esc(&p.b, v->name);
			wbuf_adds(&p.b, "\">");
			wbuf_esc(&p.b, v->name);
			wbuf_adds(&p.b, "</a></th><td>");
			wbuf_esc(&p.b, v->by_name ? v->by_name : v->by);
			wbuf_adds(&p.b, "</td><td>");
			page_time(&p, v->time);
			wbuf_adds(&p.b, "</td><td>");
			wbuf_esc(&p.b, v->message);
			wbuf_adds(&p.b, "</td><td><a href=\"");
			page_href(&p, "api/v1/revisions/");
			wbuf_esc(&p.b, v->name);
			wbuf_adds(&p.b, "?format=akn&amp;download=1\">AKN</a> · <a href=\"");
			page_href(&p, "api/v1/revisions/");
			wbuf_esc(&p.b, v->name);
			wbuf_adds(&p.b, "?format=text&amp;download=1\">");
			wbuf_esc(&p.b, T(r, "text"));
			wbuf_adds(&p.b, "</a></td></tr>\n");
		}
		wbuf_adds(&p.b, "</tbody></table>\n");
		if (l->n >= 2) {
			wbuf_adds(&p.b, "<h2>");
			wbuf_esc(&p.b, T(r, "Comparison table"));
			wbuf_adds(&p.b, "</h2>\n<form method=\"get\" action=\"");
			page_href(&p, "compare");
			wbuf_adds(&p.b, "\" class=\"dw-filters\">\n");
			rev_select(&p, "from", T(r, "Earlier revision"), (unsigned)l->n - 1, (unsigned)l->n);
			rev_select(&p, "to", T(r, "Later revision"), (unsigned)l->n, (unsigned)l->n);
			wbuf_adds(&p.b, "<p><button type=\"submit\">");
			wbuf_esc(&p.b, T(r, "Compare"));
			wbuf_adds(&p.b, "</button></p></form>\n");
		}
	}
	dossier_revision_list_free(l);
	page_foot(&p);
	page_send(&p, 200);
	page_close(&p);
}

static void download_links(page *p, const char *what, const char *const *formats)
{
	size_t i;

	for (i = 0; formats[i]; i += 2) {
		wbuf_adds(&p->b, i ? " · " : "");
		wbuf_adds(&p->b, "<a href=\"");
		page_href(p, "api/v1/");
		wbuf_adds(&p->b, what);
		wbuf_adds(&p->b, "?format=");
		wbuf_adds(&p->b, formats[i]);
		wbuf_adds(&p->b, "&amp;download=1\">");
		wbuf_esc(&p->b, formats[i + 1]);
		wbuf_adds(&p->b, "</a>");
	}
}

static void document_error(page *p, const char *title, const char *nav)
{
	page_head(p, title, nav);
	page_engine_error(p, &p->err);
	page_foot(p);
	page_send(p, web_status_for(&p->err, false));
}

void page_compare(web_req *r, web_resp *resp)
{
	char labels[64], *html = NULL, *intro;
	size_t len = 0;
	wbuf b = WBUF_INIT;
	page p;

	if (!page_open(&p, r, resp))
		return;
	if (web_diff(&html, &len, r, p.d, req_arg(r, "from"), req_arg(r, "to"), "html", labels, &p.err) < 0) {
		document_error(&p, T(r, "Comparison table"), "revisions");
		page_close(&p);
		return;
	}
	wbuf_adds(&b, "<p class=\"dw-doc-links\">");
	wbuf_esc(&b, T(r, "Comparison table"));
	wbuf_adds(&b, " ");
	wbuf_esc(&b, labels);
	wbuf_adds(&b, " → ");
	wbuf_esc(&b, labels + 32);
	wbuf_adds(&b, " · <a href=\"");
	wbuf_esc(&b, r->site->base);
	wbuf_adds(&b, "api/v1/diff?from=");
	wbuf_esc(&b, labels);
	wbuf_adds(&b, "&amp;to=");
	wbuf_esc(&b, labels + 32);
	wbuf_adds(&b, "&amp;format=html&amp;download=1\">");
	wbuf_esc(&b, T(r, "Download"));
	wbuf_adds(&b, "</a></p>");
	intro = wbuf_detach(&b, NULL);
	page_send_document(&p, html, len, T(r, "Comparison table"), "revisions", intro);
	free(intro);
	page_close(&p);
}

void page_report(web_req *r, web_resp *resp)
{
	static const char *const formats[] = { "html", "HTML", "csv", "CSV (Excel, LibreOffice)", "akn",
		"Akoma Ntoso", NULL };
	dossier_report *rep = NULL;
	char *xml = NULL, *html = NULL, *intro;
	size_t len = 0, hlen = 0;
	wbuf b = WBUF_INIT;
	page p;

	if (!page_open(&p, r, resp))
		return;
	if (dossier_report_load(&rep, p.d, &p.err) < 0 || dossier_report_akn(&xml, &len, rep, &p.err) < 0 ||
	    web_render(&html, &hlen, r, "report.xsl", xml, len, NULL, &p.err) < 0) {
		dossier_report_free(rep);
		free(xml);
		document_error(&p, T(r, "Report"), "report");
		page_close(&p);
		return;
	}
	dossier_report_free(rep);
	free(xml);
	p.b = b;
	wbuf_adds(&p.b, "<p class=\"dw-doc-links\">");
	wbuf_esc(&p.b, T(r, "Download"));
	wbuf_adds(&p.b, ": ");
	download_links(&p, "report", formats);
	wbuf_adds(&p.b, "</p>");
	intro = wbuf_detach(&p.b, NULL);
	page_send_document(&p, html, hlen, T(r, "Report"), "report", intro);
	free(intro);
	page_close(&p);
}

void page_downloads(web_req *r, web_resp *resp)
{
	static const char *const report[] = { "akn", "Akoma Ntoso (XML)", "html", "HTML", "csv",
		"CSV (Excel, LibreOffice)", NULL };
	static const char *const consolidated[] = { "akn", "Akoma Ntoso (XML)", "html", "HTML", NULL };
	page p;
	unsigned i;

	if (!page_open(&p, r, resp))
		return;
	page_head(&p, T(r, "Downloads"), "downloads");
	wbuf_adds(&p.b, "<dl class=\"dw-downloads\">\n<dt>");
	wbuf_esc(&p.b, T(r, "Synthesis report of the comments"));
	wbuf_adds(&p.b, "</dt><dd>");
	download_links(&p, "report", report);
	wbuf_adds(&p.b, "</dd>\n");
	if (p.st->revisions) {
		wbuf_adds(&p.b, "<dt>");
		wbuf_esc(&p.b, T(r, "Consolidated draft (accepted comments applied)"));
		wbuf_adds(&p.b, "</dt><dd>");
		download_links(&p, "consolidated", consolidated);
		wbuf_adds(&p.b, "</dd>\n");
		for (i = p.st->revisions; i >= 1; i--) {
			wbuf_adds(&p.b, "<dt>");
			wbuf_esc(&p.b, T(r, "Draft"));
			wbuf_addf(&p.b, " v%u</dt><dd><a href=\"", i);
			page_href(&p, "api/v1/revisions/");
			wbuf_addf(&p.b, "v%u?format=akn&amp;download=1\">Akoma Ntoso (XML)</a> · <a href=\"", i);
			page_href(&p, "api/v1/revisions/");
			wbuf_addf(&p.b, "v%u?format=html&amp;download=1\">HTML</a> · <a href=\"", i);
			page_href(&p, "api/v1/revisions/");
			wbuf_addf(&p.b, "v%u?format=text&amp;download=1\">", i);
			wbuf_esc(&p.b, T(r, "text"));
			wbuf_adds(&p.b, "</a></dd>\n");
		}
	}
	wbuf_adds(&p.b, "<dt>");
	wbuf_esc(&p.b, T(r, "The data (JSON, for your own tools)"));
	wbuf_adds(&p.b, "</dt><dd><a href=\"");
	page_href(&p, "api/v1/status");
	wbuf_adds(&p.b, "\">status</a> · <a href=\"");
	page_href(&p, "api/v1/comments");
	wbuf_adds(&p.b, "\">comments</a> · <a href=\"");
	page_href(&p, "api/v1/log");
	wbuf_adds(&p.b, "\">log</a></dd>\n</dl>\n");
	page_foot(&p);
	page_send(&p, 200);
	page_close(&p);
}
