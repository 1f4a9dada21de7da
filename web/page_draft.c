/*
 * page_draft.c: the draft laid out as the decree (the same decree.xsl as
 * `consolidate --format html`), every article, clause and point with its
 * data-eid and a "Góp ý" link to the comment form for that provision; and
 * the comment form itself, with the provision's text ready to edit as a
 * proposal. Sending the form is `dossier comment` as the signed-in member.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- the drafts rendered ------------------------------------------------
 * Rendering a 300-article decree takes most of a draft page. A revision's
 * AKN does not change once recorded, so each rendering is kept with the AKN
 * it came from and the stylesheet's parameters; it is used again only when
 * both are the same, byte for byte. A few per site. */
#define MAX_DRAFTS 6

void site_drafts_free(web_site *s)
{
	size_t i;

	for (i = 0; i < s->ndrafts; i++) {
		free(s->drafts[i].akn);
		free(s->drafts[i].key);
		free(s->drafts[i].html);
	}
	free(s->drafts);
	s->drafts = NULL;
	s->ndrafts = 0;
}

/* A copy of the rendering of (akn, key), or NULL. */
static char *draft_cached(web_site *s, const char *akn, size_t akn_len, const char *key, size_t *len)
{
	char *html = NULL;
	size_t i;

	pthread_mutex_lock(&s->cache_lock);
	for (i = 0; i < s->ndrafts; i++) {
		draft_cache *c = &s->drafts[i];

		if (c->akn_len == akn_len && !strcmp(c->key, key) && !memcmp(c->akn, akn, akn_len)) {
			if ((html = malloc(c->len + 1)) != NULL) {
				memcpy(html, c->html, c->len + 1);
				*len = c->len;
			}
			break;
		}
	}
	pthread_mutex_unlock(&s->cache_lock);
	return html;
}

static void draft_keep(web_site *s, const char *akn, size_t akn_len, const char *key, const char *html,
	size_t len)
{
	draft_cache c;

	c.akn = malloc(akn_len + 1);
	c.key = web_strdup(key);
	c.html = malloc(len + 1);
	if (!c.akn || !c.key || !c.html) {
		free(c.akn);
		free(c.key);
		free(c.html);
		return;
	}
	memcpy(c.akn, akn, akn_len + 1);
	c.akn_len = akn_len;
	memcpy(c.html, html, len + 1);
	c.len = len;
	pthread_mutex_lock(&s->cache_lock);
	if (!s->drafts)
		s->drafts = calloc(MAX_DRAFTS, sizeof(*s->drafts));
	if (s->drafts) {
		if (s->ndrafts == MAX_DRAFTS) {
			/* The oldest goes. */
			free(s->drafts[0].akn);
			free(s->drafts[0].key);
			free(s->drafts[0].html);
			memmove(&s->drafts[0], &s->drafts[1], (MAX_DRAFTS - 1) * sizeof(*s->drafts));
			s->ndrafts--;
		}
		s->drafts[s->ndrafts++] = c;
		c.akn = c.key = c.html = NULL;
	}
	pthread_mutex_unlock(&s->cache_lock);
	free(c.akn);
	free(c.key);
	free(c.html);
}

/* The revision asked for (?revision=vN), or NULL for the latest. */
static const char *revision_arg(web_req *r)
{
	const char *v = r->is_form ? req_field(r, "revision") : req_arg(r, "revision");

	return v && *v ? v : NULL;
}

static void revision_links(page *p, unsigned shown)
{
	unsigned i;

	if (p->st->revisions < 2)
		return;
	wbuf_adds(&p->b, "<nav class=\"dw-revisions\" aria-label=\"");
	wbuf_esc(&p->b, T(p->r, "Revisions"));
	wbuf_adds(&p->b, "\"><span>");
	wbuf_esc(&p->b, T(p->r, "Revisions"));
	wbuf_adds(&p->b, ":</span> ");
	for (i = 1; i <= p->st->revisions; i++) {
		wbuf_adds(&p->b, "<a href=\"");
		page_href(p, "draft?revision=");
		wbuf_addf(&p->b, "v%u\"%s>v%u</a> ", i, i == shown ? " aria-current=\"page\"" : "", i);
	}
	wbuf_adds(&p->b, "</nav>");
}

static unsigned rev_number(const char *s, unsigned latest)
{
	unsigned v;

	if (!s)
		return latest;
	v = dossier_revision_number(s);
	return v > latest ? 0 : v;
}

void page_draft(web_req *r, web_resp *resp)
{
	const char *rev = revision_arg(r);
	char *xml = NULL, *html = NULL, *href = NULL;
	size_t len = 0, hlen = 0;
	unsigned n;
	page p;
	wbuf intro = WBUF_INIT;

	if (!page_open(&p, r, resp))
		return;
	n = rev_number(rev, p.st->revisions);
	if (!p.st->revisions || !n) {
		page_head(&p, T(r, "Draft"), "draft");
		if (!p.st->revisions)
			page_notice(&p, "dw-info", T(r, "There is no draft yet: the drafting agency records revision v1 first."));
		else
			page_notice(&p, "dw-error", T(r, "No such revision."));
		page_foot(&p);
		page_send(&p, p.st->revisions ? 404 : 200);
		page_close(&p);
		return;
	}
	if (dossier_get_revision_akn(&xml, &len, p.d, rev, &p.err) < 0) {
		page_head(&p, T(r, "Draft"), "draft");
		page_engine_error(&p, &p.err);
		page_foot(&p);
		page_send(&p, web_status_for(&p.err, false));
		page_close(&p);
		return;
	}
	{
		wbuf h = WBUF_INIT;

		wbuf_adds(&h, r->site->base);
		wbuf_addf(&h, "comment?revision=v%u&on=", n);
		href = wbuf_detach(&h, NULL);
	}
	{
		const char *params[] = { "comment-href", href ? href : "", "comment-label",
			T(r, "Comment"), "web", "1", NULL };
		/* Only a member who may comment now gets the links. */
		bool links = p.st->comments_open && (p.may & DOSSIER_ACTION_COMMENT) && n == p.st->revisions;

		char *key;

		if (!links)
			params[1] = "";
		key = web_sprintf("%s\n%s", params[1], params[3]);
		html = key ? draft_cached(r->site, xml, len, key, &hlen) : NULL;
		if (!html && web_render(&html, &hlen, r, "decree.xsl", xml, len, params, &p.err) == 0 && key)
			draft_keep(r->site, xml, len, key, html, hlen);
		free(key);
		if (!html) {
			free(xml);
			free(href);
			page_head(&p, T(r, "Draft"), "draft");
			page_engine_error(&p, &p.err);
			page_foot(&p);
			page_send(&p, 500);
			page_close(&p);
			return;
		}
		/* The bar's intro: which revision, and how to comment. */
		p.b = intro;
		wbuf_adds(&p.b, "<div class=\"dw-draft-intro\"><h1>");
		wbuf_esc(&p.b, T(r, "Draft"));
		wbuf_addf(&p.b, " v%u</h1>", n);
		revision_links(&p, n);
		if (links) {
			wbuf_adds(&p.b, "<p>");
			wbuf_esc(&p.b, T(r, "Press “Góp ý” beside an article, clause or point to comment on it."));
			wbuf_adds(&p.b, " <a href=\"");
			page_href(&p, "comment?on=general");
			wbuf_addf(&p.b, "&amp;revision=v%u\">", n);
			wbuf_esc(&p.b, T(r, "Comment on the draft as a whole"));
			wbuf_adds(&p.b, "</a></p>");
		} else if (n != p.st->revisions) {
			wbuf_adds(&p.b, "<p>");
			wbuf_esc(&p.b, T(r, "This is an earlier revision; comments go on the latest."));
			wbuf_adds(&p.b, "</p>");
		}
		wbuf_adds(&p.b, "</div>");
		intro = p.b;
		memset(&p.b, 0, sizeof(p.b));
	}
	free(xml);
	free(href);
	{
		char *in = wbuf_detach(&intro, NULL);
		char title[64];

		snprintf(title, sizeof(title), "v%u", n);
		page_send_document(&p, html, hlen, title, "draft", in);
		free(in);
	}
	page_close(&p);
}

/* The provision's own text with its sub-provisions, for the proposal. */
static char *provision_text(page *p, const char *rev, const char *eid, char **citation)
{
	dossier_document *doc = NULL;
	const dossier_node *node;
	char *text = NULL;

	*citation = NULL;
	if (!strcmp(eid, "general") || dossier_get_revision(&doc, p->d, rev, &p->err) < 0) {
		dossier_error_clear(&p->err);
		return NULL;
	}
	node = dossier_document_find(doc, eid);
	if (node) {
		text = dossier_node_text(node);
		*citation = dossier_node_citation(node, doc->lang);
	}
	dossier_document_free(doc);
	return text;
}

static void comment_form(page *p, unsigned status, const char *on, const char *rev, const char *text,
	const char *propose, const dossier_error *err)
{
	web_req *r = p->r;
	char *citation = NULL, *ptext = provision_text(p, rev, on, &citation), revbuf[32];
	bool general = !strcmp(on, "general");
	wbuf title = WBUF_INIT;
	char *t;

	if (!rev) {
		snprintf(revbuf, sizeof(revbuf), "v%u", p->st->revisions);
		rev = revbuf;
	}
	if (general)
		wbuf_adds(&title, T(r, "General comment on the draft"));
	else {
		wbuf_adds(&title, T(r, "Comment on"));
		wbuf_adds(&title, " ");
		wbuf_adds(&title, citation ? citation : on);
	}
	wbuf_addf(&title, " (%s)", rev);
	t = wbuf_detach(&title, NULL);
	page_head(p, t ? t : "", "draft");
	free(t);
	if (err)
		page_engine_error(p, err);
	if (!general && !ptext && !err) {
		page_notice(p, "dw-error", T(r, "This revision has no such provision."));
	}
	if (!p->st->comments_open || !(p->may & DOSSIER_ACTION_COMMENT))
		page_notice(p, "dw-info", T(r, "Comments are not open to you in this stage; the workflow will refuse the comment."));
	if (ptext) {
		wbuf_adds(&p->b, "<figure class=\"dw-provision\" data-eid=\"");
		wbuf_esc(&p->b, on);
		wbuf_adds(&p->b, "\"><figcaption>");
		wbuf_esc(&p->b, T(r, "The provision as drafted"));
		wbuf_adds(&p->b, "</figcaption><blockquote>");
		wbuf_esc(&p->b, ptext);
		wbuf_adds(&p->b, "</blockquote></figure>\n");
	}
	wbuf_adds(&p->b, "<form method=\"post\" action=\"");
	page_href(p, "comment");
	wbuf_adds(&p->b, "\" class=\"dw-form\" id=\"comment-form\">\n");
	page_csrf(p);
	wbuf_adds(&p->b, "<input type=\"hidden\" name=\"on\" value=\"");
	wbuf_esc(&p->b, on);
	wbuf_adds(&p->b, "\"><input type=\"hidden\" name=\"revision\" value=\"");
	wbuf_esc(&p->b, rev);
	wbuf_adds(&p->b, "\">\n<p><label for=\"text\">");
	wbuf_esc(&p->b, T(r, "Your comment"));
	wbuf_adds(&p->b, "</label>\n<textarea id=\"text\" name=\"text\" rows=\"6\" required autofocus>");
	wbuf_esc(&p->b, text);
	wbuf_adds(&p->b, "</textarea></p>\n");
	if (!general) {
		wbuf_adds(&p->b, "<p><label for=\"propose\">");
		wbuf_esc(&p->b, T(r, "Proposed text (optional: edit the provision as you would have it)"));
		wbuf_adds(&p->b, "</label>\n<textarea id=\"propose\" name=\"propose\" rows=\"8\">");
		wbuf_esc(&p->b, propose ? propose : ptext);
		wbuf_adds(&p->b, "</textarea>\n<input type=\"hidden\" name=\"propose_original\" value=\"");
		wbuf_esc(&p->b, ptext);
		wbuf_adds(&p->b, "\"></p>\n");
	}
	wbuf_adds(&p->b, "<p><button type=\"submit\" id=\"send-comment\">");
	wbuf_esc(&p->b, T(r, "Send the comment"));
	wbuf_adds(&p->b, "</button> <a href=\"");
	page_href(p, "draft");
	if (!general) {
		wbuf_adds(&p->b, "#");
		wbuf_esc(&p->b, on);
	}
	wbuf_adds(&p->b, "\">");
	wbuf_esc(&p->b, T(r, "Back to the draft"));
	wbuf_adds(&p->b, "</a></p>\n</form>\n");
	free(ptext);
	free(citation);
	page_foot(p);
	page_send(p, status);
}

void page_comment_form(web_req *r, web_resp *resp)
{
	const char *on = req_arg(r, "on");
	page p;

	if (!page_open(&p, r, resp))
		return;
	if (!p.st->revisions) {
		page_head(&p, T(r, "Comment"), "draft");
		page_notice(&p, "dw-info", T(r, "There is no draft yet: the drafting agency records revision v1 first."));
		page_foot(&p);
		page_send(&p, 200);
	} else {
		comment_form(&p, 200, on && *on ? on : "general", revision_arg(r), NULL, NULL, NULL);
	}
	page_close(&p);
}

/* Trailing blanks do not make a proposal differ. */
static bool same_text(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	while (la && (a[la - 1] == ' ' || a[la - 1] == '\n' || a[la - 1] == '\t'))
		la--;
	while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\n' || b[lb - 1] == '\t'))
		lb--;
	return la == lb && !memcmp(a, b, la);
}

void page_comment_post(web_req *r, web_resp *resp)
{
	const char *on = req_field(r, "on"), *text = req_field(r, "text"), *propose = req_field(r, "propose");
	const char *orig = req_field(r, "propose_original");
	dossier_error err = DOSSIER_ERROR_INIT;
	char *id = NULL;
	page p;

	if (!on || !*on)
		on = "general";
	/* The provision's text sent back as it was is no proposal. */
	if (propose && (!*propose || same_text(propose, orig)))
		propose = NULL;
	if (!text || !*text) {
		dossier_error_set(&err, DOSSIER_EINVALID, "%s", T(r, "the comment is empty"));
		dossier_error_set_tag(&err, "missing-field");
	} else if (act_comment(&id, NULL, r, on, revision_arg(r), text, propose, &err) == 0) {
		wbuf to = WBUF_INIT;
		char *loc;

		wbuf_adds(&to, r->site->base);
		wbuf_adds(&to, "mine?new=");
		wbuf_url(&to, id);
		wbuf_adds(&to, "#");
		wbuf_url(&to, id);
		loc = wbuf_detach(&to, NULL);
		resp_redirect(resp, loc ? loc : r->site->base);
		free(loc);
		free(id);
		return;
	}
	if (page_open(&p, r, resp)) {
		comment_form(&p, web_status_for(&err, true), on, revision_arg(r), text, propose, &err);
		page_close(&p);
	}
	dossier_error_clear(&err);
}
