/*
 * word_tables.c: the two documents that are tables (docs/word.md), under
 * the official header of Decree 30/2020 and closed by the signature block.
 * The synthesis report ("báo cáo tổng hợp, tiếp thu, giải trình ý kiến")
 * on A4 landscape: STT, provision, comment (and proposal), commenting
 * body, tiếp thu/giải trình (the disposition and its explanation), status
 * in the latest revision; a row naming each provision before its comments.
 * The comparison table ("bảng so sánh") on A4 landscape: a row per
 * provision in the order of the new text, a heading row per chapter, the
 * old wording with deleted words struck through in red beside the new one
 * with inserted words underlined in blue, and with `three` a third column
 * saying what changed and, from a dossier (the options' notes), the
 * "thuyết minh": the comments and dispositions behind the change.
 */
#include "dossier/word.h"
#include "dossier/input.h"

#include <stdlib.h>
#include <string.h>

#include "word/word_int.h"

#define LANDSCAPE_WIDTH 14286u /* A4 landscape less the margins, in twips */

static const word_pp cell_pp = { .size = 24, .after = 60 };
static const word_pp head_pp = { .size = 24, .bold = true, .align = "center", .after = 60 };

static void cell_text(word_doc *d, unsigned width, const char *text, const word_pp *pp)
{
	word_cell_start(d, width, 1, NULL);
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		char *line = util_strndup(text, nl ? (size_t)(nl - text) : strlen(text));

		word_para(d, pp ? pp : &cell_pp, line ? line : "");
		free(line);
		text = nl ? nl + 1 : NULL;
	}
	word_cell_end(d);
}

static void header_row(word_doc *d, const unsigned *w, const char *const *labels, size_t n)
{
	size_t i;

	word_row_start(d, true);
	for (i = 0; i < n; i++) {
		word_cell_start(d, w[i], 1, "D9E2F3");
		word_para(d, &head_pp, labels[i]);
		word_cell_end(d);
	}
	word_row_end(d);
}

static void span_row(word_doc *d, unsigned width, unsigned span, const char *text)
{
	word_pp pp = { .size = 24, .bold = true, .after = 60 };

	word_row_start(d, false);
	word_cell_start(d, width, span, "F2F2F2");
	word_para(d, &pp, text);
	word_cell_end(d);
	word_row_end(d);
}

static void title_block(word_doc *d, const char *kind, const char *title)
{
	word_pp type = { .align = "center", .bold = true, .before = 240, .after = -1 };
	word_pp sub = { .align = "center", .bold = true, .after = 240 };

	word_para(d, &type, kind);
	if (title)
		word_para(d, &sub, title);
}

int dossier_docx_report(char **out, size_t *len, const dossier_report *r, dossier_error *err)
{
	static const char *const labels[] = { "STT", "Điều, khoản", "Nội dung góp ý", "Cơ quan góp ý",
		"Tiếp thu, giải trình", "Tình trạng" };
	static const unsigned widths[] = { 700, 2000, 4200, 2000, 3786, 1600 };
	static char *const sign[] = { "CƠ QUAN CHỦ TRÌ SOẠN THẢO", "(Ký, ghi rõ họ tên, đóng dấu)" };
	word_doc *d = NULL;
	char *place_date = NULL, *title = NULL;
	size_t g, i;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = word_doc_new(&d, true, NULL, err)) < 0)
		return rc;
	place_date = word_place_date(NULL, r->date, false);
	word_official_header(d, LANDSCAPE_WIDTH, r->drafter_name ? r->drafter_name : r->drafter, NULL,
		place_date, false);
	free(place_date);
	title = util_sprintf("Tổng hợp, tiếp thu, giải trình ý kiến góp ý%s%s%s%s",
		r->draft_type || r->draft_title ? " đối với dự thảo " : "", r->draft_type ? r->draft_type : "",
		r->draft_type && r->draft_title ? " " : "", r->draft_title ? r->draft_title : "");
	title_block(d, "BÁO CÁO", title ? title : "");
	free(title);
	{
		word_pp info = { .align = "center", .italic = true, .after = 240 };
		char *line = util_sprintf("%zu ý kiến; %zu thành viên không có ý kiến%s%s", r->nrows, r->silent,
			r->latest ? "; bản dự thảo mới nhất: " : "", r->latest ? r->latest : "");

		word_para(d, &info, line ? line : "");
		free(line);
	}
	word_table_start(d, widths, 6, true);
	header_row(d, widths, labels, 6);
	for (g = 0; g < r->ngroups; g++) {
		const dossier_report_group *gr = &r->groups[g];
		char *head = util_sprintf("%s%s%s%s%s", gr->citation ? gr->citation : gr->eid,
			gr->heading ? ". " : "", gr->heading ? gr->heading : "", gr->revision ? " — " : "",
			gr->revision ? gr->revision : "");

		span_row(d, LANDSCAPE_WIDTH, 6, head ? head : "");
		free(head);
		for (i = gr->first; i < gr->first + gr->n && i < r->nrows; i++) {
			const dossier_report_row *row = &r->rows[i];
			const dossier_comment_record *c = row->comment;
			char *num = util_sprintf("%zu", row->number);
			char *comment = c ? util_sprintf("%s%s%s", c->text ? c->text : "",
				c->proposal ? "\nĐề xuất: " : "", c->proposal ? c->proposal : "") : NULL;
			char *answer = c ? util_sprintf("%s%s%s", dossier_disposition_label(c->disposition),
				c->reason ? ": " : "", c->reason ? c->reason : "") : NULL;
			word_pp center = cell_pp;

			center.align = "center";
			word_row_start(d, false);
			cell_text(d, widths[0], num ? num : "", &center);
			cell_text(d, widths[1], gr->citation ? gr->citation : gr->eid, NULL);
			cell_text(d, widths[2], comment ? comment : "", NULL);
			cell_text(d, widths[3], row->body ? row->body : "", NULL);
			cell_text(d, widths[4], answer ? answer : "", NULL);
			cell_text(d, widths[5], dossier_report_status_label(gr->status), NULL);
			word_row_end(d);
			free(num);
			free(comment);
			free(answer);
		}
	}
	word_table_end(d);
	word_signature(d, LANDSCAPE_WIDTH, sign, 2);
	return word_doc_finish(out, len, d, err);
}

/* ---- the comparison table ---------------------------------------------- */

static const char *fate_label(unsigned ch)
{
	if (ch & DOSSIER_CHANGE_INSERTED)
		return "Bổ sung mới";
	if (ch & DOSSIER_CHANGE_DELETED)
		return "Bãi bỏ";
	if (ch & DOSSIER_CHANGE_SPLIT)
		return "Tách";
	if (ch & DOSSIER_CHANGE_MERGED)
		return "Gộp";
	if ((ch & DOSSIER_CHANGE_RENUMBERED) && (ch & DOSSIER_CHANGE_CHANGED))
		return "Đánh số lại, sửa đổi";
	if (ch & DOSSIER_CHANGE_RENUMBERED)
		return "Đánh số lại";
	if (ch & DOSSIER_CHANGE_MOVED)
		return "Chuyển vị trí";
	if (ch & DOSSIER_CHANGE_CHANGED)
		return "Sửa đổi";
	return "Giữ nguyên";
}

/* One column of a changed provision: the word diff's common runs and those
 * of one side (deleted, struck in red; or inserted, underlined in blue),
 * a paragraph per line. */
static void diff_cell(word_doc *d, unsigned width, const dossier_word_diff *wd, dossier_word_op side)
{
	word_run runs[512];
	size_t nr = 0, i;

	word_cell_start(d, width, 1, NULL);
	for (i = 0; i < wd->nsegs; i++) {
		const dossier_word_seg *s = &wd->segs[i];

		if (s->op != DOSSIER_WORD_EQUAL && s->op != side)
			continue;
		if ((s->newline_before && nr) || nr >= sizeof(runs) / sizeof(*runs) - 2) {
			word_para_runs(d, &cell_pp, runs, nr);
			nr = 0;
		} else if (s->space_before && nr) {
			runs[nr++] = (word_run){ " ", false, false, false, false, NULL };
		}
		runs[nr++] = (word_run){ s->text, false, false, s->op == DOSSIER_WORD_DELETE,
			s->op == DOSSIER_WORD_INSERT, s->op == DOSSIER_WORD_DELETE ? "C00000" :
			s->op == DOSSIER_WORD_INSERT ? "1F4E79" : NULL };
	}
	word_para_runs(d, &cell_pp, runs, nr);
	word_cell_end(d);
}

static const dossier_node *chapter_of(const dossier_node *n)
{
	for (; n; n = n->parent)
		if (n->kind == DOSSIER_NODE_CHAPTER || n->kind == DOSSIER_NODE_PART)
			return n;
	return NULL;
}

static char *container_label(const dossier_node *n)
{
	const char *w = n->kind == DOSSIER_NODE_PART ? "Phần" : "Chương";

	return util_sprintf("%s %s%s%s", w, n->num ? n->num : "", n->heading ? ". " : "",
		n->heading ? n->heading : "");
}

static char *column_label(const char *label, const char *dflt)
{
	if (!label)
		return util_strdup(dflt);
	if (dossier_revision_number(label))
		return util_sprintf("Dự thảo %s", label);
	return util_strdup(label);
}

/* The third column: the kind of change, then the explanation of the row
 * (the comments behind it, when a dossier gave them). */
static void explain_cell(word_doc *d, unsigned width, const dossier_diff_item *it,
	const dossier_diff_format_options *opts)
{
	size_t i, k;

	word_cell_start(d, width, 1, NULL);
	word_para(d, &cell_pp, fate_label(it->changes));
	for (i = 0; opts && it->changes && it->old_node && it->old_node->eid && i < opts->nnotes; i++) {
		if (!opts->notes[i].eid || strcmp(opts->notes[i].eid, it->old_node->eid))
			continue;
		for (k = 0; k < opts->notes[i].nparas; k++)
			word_para(d, &cell_pp, opts->notes[i].paras[k]);
	}
	word_cell_end(d);
}

int dossier_docx_diff(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, bool three, dossier_error *err)
{
	static const unsigned w2[] = { 7143, 7143 }, w3[] = { 6043, 6043, 2200 }, w3n[] = { 5143, 5143, 4000 };
	/* the explanations need room */
	const unsigned *widths = three ? (opts && opts->notes ? w3n : w3) : w2;
	char *old_label = column_label(opts ? opts->old_label : NULL, "Dự thảo trước");
	char *new_label = column_label(opts ? opts->new_label : NULL, "Dự thảo sửa đổi");
	const char *labels[] = { old_label ? old_label : "", new_label ? new_label : "",
		opts && opts->notes ? "Thuyết minh" : "Nội dung thay đổi" };
	static char *const sign[] = { "CƠ QUAN CHỦ TRÌ SOẠN THẢO", "(Ký, ghi rõ họ tên, đóng dấu)" };
	const dossier_document *nd = diff->new_doc ? diff->new_doc : diff->old_doc;
	const dossier_node *chapter = NULL;
	word_doc *d = NULL;
	char *place_date = NULL;
	size_t i, ncols = three ? 3 : 2;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if ((rc = word_doc_new(&d, true, NULL, err)) < 0) {
		free(old_label);
		free(new_label);
		return rc;
	}
	place_date = word_place_date(nd ? nd->preface.place : NULL, nd ? nd->preface.date : NULL, false);
	word_official_header(d, LANDSCAPE_WIDTH, nd ? nd->preface.issuer : NULL, NULL, place_date, false);
	free(place_date);
	{
		char *title = util_sprintf("Dự thảo %s%s%s", nd && nd->preface.doc_type ? nd->preface.doc_type : "",
			nd && nd->preface.title ? " " : "", nd && nd->preface.title ? nd->preface.title : "");

		title_block(d, "BẢNG SO SÁNH", title ? title : "");
		free(title);
	}
	word_table_start(d, widths, ncols, true);
	header_row(d, widths, labels, ncols);
	for (i = 0; i < diff->nitems && rc == 0; i++) {
		const dossier_diff_item *it = &diff->items[i];
		const dossier_node *n = it->new_node ? it->new_node : it->old_node;
		const dossier_node *ch = chapter_of(n);
		char *old_text = it->old_node ? dossier_node_text(it->old_node) : NULL;
		char *new_text = it->new_node ? dossier_node_text(it->new_node) : NULL;
		char *old_full = NULL, *new_full = NULL;
		dossier_word_diff *wd = NULL;

		if (ch && ch != chapter) {
			char *label = container_label(ch);

			span_row(d, LANDSCAPE_WIDTH, (unsigned)ncols, label ? label : "");
			free(label);
			chapter = ch;
		}
		/* The article's heading line, then its text, in each column. */
		if (it->old_node)
			old_full = util_sprintf("Điều %s.%s%s\n%s", it->old_node->num ? it->old_node->num : "",
				it->old_node->heading ? " " : "", it->old_node->heading ? it->old_node->heading : "",
				old_text ? old_text : "");
		if (it->new_node)
			new_full = util_sprintf("Điều %s.%s%s\n%s", it->new_node->num ? it->new_node->num : "",
				it->new_node->heading ? " " : "", it->new_node->heading ? it->new_node->heading : "",
				new_text ? new_text : "");
		if (n->kind != DOSSIER_NODE_ARTICLE) {
			free(old_full);
			free(new_full);
			old_full = old_text ? util_strdup(old_text) : NULL;
			new_full = new_text ? util_strdup(new_text) : NULL;
		}
		rc = dossier_word_diff_new(&wd, old_full, new_full, err);
		if (rc == 0) {
			word_row_start(d, false);
			diff_cell(d, widths[0], wd, DOSSIER_WORD_DELETE);
			diff_cell(d, widths[1], wd, DOSSIER_WORD_INSERT);
			if (three)
				explain_cell(d, widths[2], it, opts);
			word_row_end(d);
		}
		dossier_word_diff_free(wd);
		free(old_text);
		free(new_text);
		free(old_full);
		free(new_full);
	}
	word_table_end(d);
	word_signature(d, LANDSCAPE_WIDTH, sign, 2);
	free(old_label);
	free(new_label);
	if (rc < 0) {
		word_doc_free(d);
		return rc;
	}
	return word_doc_finish(out, len, d, err);
}
