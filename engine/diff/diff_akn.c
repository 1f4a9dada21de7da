/*
 * diff_akn.c: a structural diff as Akoma Ntoso, and through XSLT as the
 * two-column comparison table. The newer revision is written by the AKN
 * module's annotating writer (akn/akn_write.h); this file only decides
 * what to annotate:
 *
 *   - changed words inside a provision's heading and paragraphs become
 *     <del>old</del> and <ins>new</ins>;
 *   - a renumbered or moved provision keeps its old eId in wId (the AKN
 *     attribute for "the identifier it used to have") and its old number
 *     in <num><del>Điều 9.</del><ins>Điều 10.</ins></num>;
 *   - an inserted provision has its text in <ins>;
 *   - a deleted provision is written from the older revision where it
 *     stood, with status="removed", eIds prefixed "del_", its old eId in
 *     wId and its text in <del>; a split or merged provision is its old
 *     form deleted and its new parts inserted;
 *   - each provision that changed has a class naming its kinds of change
 *     ("diff-renumbered diff-changed"), for stylesheets;
 *   - changed words of the preface and preamble (draft label, date,
 *     citations) are marked the same way where the two revisions' elements
 *     have the same shape;
 *   - the explanation of a row (the comments behind the change, given in
 *     the options) is a <note class="thuyet-minh"> in <meta><notes>, its
 *     placementBase the row's provision, for the table's third column.
 *
 * Everything used is in the AKN 3.0 schema (ins, del, wId, status,
 * class), so the result validates.
 */
#include "dossier/diff.h"
#include "dossier/akn.h"
#include "dossier/render.h"

#include <stdlib.h>
#include <string.h>

#include "akn/akn_write.h"
#include "base/util.h"

typedef struct ctx {
	akn_annot *a;
	const dossier_diff *diff;
	dossier_error *err;
	int rc;              /* the first failure */
} ctx;

/* Where the next deleted provision goes. */
typedef struct cursor {
	bool set;
	akn_place where;
	const char *anchor;
} cursor;

static int failed(ctx *c, int rc)
{
	if (!c->rc)
		c->rc = rc;
	return c->rc;
}

/* The eId of a provision of the newer revision when it is written. */
static const char *eid_of(const ctx *c, const dossier_node *n)
{
	return n && akn_annot_has_provision(c->a, n->eid) ? n->eid : NULL;
}

/* ---- marked words ---- */

enum { HEADING, PARA, LEAF };   /* where put_marked() puts the runs */

/* A word diff as runs. The space before a marked run goes inside its
 * <del> or <ins> (an insertion right after a deletion takes the
 * deletion's), so that each side read alone (the old text without the
 * insertions, the new one without the deletions) is spaced as written. */
static int put_marked(ctx *c, const dossier_word_diff *wd, const char *eid, size_t para,
	int what)
{
	akn_run *runs = calloc(wd->nsegs + 1, sizeof(*runs));
	char **texts = calloc(wd->nsegs + 1, sizeof(*texts));
	bool del_space = false;
	size_t i;
	int rc = 0;

	if (!runs || !texts) {
		rc = DOSSIER_ENOMEM;
		goto done;
	}
	for (i = 0; i < wd->nsegs; i++) {
		const dossier_word_seg *g = &wd->segs[i];
		bool sp = i > 0 && g->space_before;

		if (g->op == DOSSIER_WORD_INSERT && i > 0 && wd->segs[i - 1].op == DOSSIER_WORD_DELETE)
			sp = del_space;
		if (g->op == DOSSIER_WORD_DELETE)
			del_space = sp;
		runs[i].mark = g->op == DOSSIER_WORD_EQUAL ? AKN_MARK_NONE :
			g->op == DOSSIER_WORD_DELETE ? AKN_MARK_DEL : AKN_MARK_INS;
		if (!(texts[i] = util_sprintf("%s%s", sp ? " " : "", g->text ? g->text : ""))) {
			rc = DOSSIER_ENOMEM;
			goto done;
		}
		runs[i].text = texts[i];
	}
	/* a failure of the annotations is kept by them and reported by akn_write() */
	if (what == HEADING)
		akn_annot_heading(c->a, eid, runs, wd->nsegs);
	else if (what == PARA)
		akn_annot_para(c->a, eid, para, runs, wd->nsegs);
	else
		akn_annot_leaf(c->a, para, runs, wd->nsegs);
done:
	for (i = 0; texts && i < wd->nsegs; i++)
		free(texts[i]);
	free(texts);
	free(runs);
	return rc < 0 ? failed(c, dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory")) : 0;
}

/* "diff-renumbered diff-changed" for the bits of changes. */
static char *classes(unsigned changes)
{
	dstr s = DSTR_INIT;
	unsigned k;

	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		if (changes & (1u << k))
			dstr_addf(&s, "%sdiff-%s", s.len ? " " : "", dossier_change_name(1u << k));
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

static void add_class(ctx *c, const char *eid, unsigned changes)
{
	char *cls;

	if (!changes)
		return;
	if (!(cls = classes(changes)))
		failed(c, dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory"));
	else
		akn_annot_class(c->a, eid, cls, true);
	free(cls);
}

/* Inserted: the class and everything in <ins>. */
static void mark_inserted(ctx *c, const char *eid, unsigned changes)
{
	add_class(c, eid, changes);
	akn_annot_mark_all(c->a, eid, AKN_MARK_INS, true);
}

/* ---- deleted provisions ---- */

/* Old provisions written as deleted at the cursor. */
static void put_deleted(ctx *c, cursor *cur, const dossier_node *const *olds, size_t nold,
	unsigned changes)
{
	char *cls = classes(changes);
	size_t k;

	if (!cls) {
		failed(c, dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory"));
		return;
	}
	for (k = 0; k < nold; k++)
		if (akn_annot_deleted(c->a, cur->where, cur->anchor, olds[k], c->diff->old_doc->lang, cls) > 0)
			cur->set = true;
	free(cls);
}

/* ---- marking ---- */

static void mark_text(ctx *c, const char *eid, const dossier_diff_item *it)
{
	const dossier_node *a = it->old_node, *b = it->new_node;
	size_t na = a->ntext + a->nwrapup, nb = b->ntext + b->nwrapup, np, i;

	np = akn_written_paras(b);
	if (np == nb && na == nb) {
		for (i = 0; i < nb && !c->rc; i++) {
			const char *ta = i < a->ntext ? a->text[i] : a->wrapup[i - a->ntext];
			const char *tb = i < b->ntext ? b->text[i] : b->wrapup[i - b->ntext];
			dossier_word_diff *wd = NULL;
			int rc;

			if ((rc = dossier_word_diff_new(&wd, ta, tb, c->err)) < 0) {
				failed(c, rc);
				break;
			}
			if (dossier_word_diff_changed(wd))
				put_marked(c, wd, eid, i, PARA);
			dossier_word_diff_free(wd);
		}
	} else if (np >= 1 && np <= nb) {
		put_marked(c, it->text, eid, 0, PARA);
		akn_annot_drop_paras(c->a, eid, 1);
	}
}

static void mark_items(ctx *c, const dossier_diff_item *v, size_t n, const char *parent)
{
	cursor last = { false, AKN_PLACE_END, NULL };
	size_t i, k;

	for (i = 0; i < n && !c->rc; i++) {
		const dossier_diff_item *it = &v[i];
		const char *el = eid_of(c, it->new_node), *before = NULL;

		if (!last.set)
			for (k = i; k < n && !before; k++)
				before = eid_of(c, v[k].new_node);
		if (it->changes & DOSSIER_CHANGE_DELETED) {
			cursor cur = last;

			if (!cur.set) {
				cur.where = before ? AKN_PLACE_BEFORE : AKN_PLACE_END;
				cur.anchor = before ? before : parent;
			}
			put_deleted(c, &cur, &it->old_node, 1, it->changes);
			if (cur.set)
				last = cur;
			continue;
		}
		if (!el)
			continue;
		if (it->changes & (DOSSIER_CHANGE_SPLIT | DOSSIER_CHANGE_MERGED)) {
			cursor cur = last;
			const dossier_node **olds = malloc((it->nparts + 1) * sizeof(*olds));

			if (!olds) {
				failed(c, dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory"));
				break;
			}
			if (!cur.set) {
				cur.where = AKN_PLACE_BEFORE;
				cur.anchor = el;
			}
			olds[0] = it->old_node;
			for (k = 0; (it->changes & DOSSIER_CHANGE_MERGED) && k < it->nparts; k++)
				olds[k + 1] = it->parts[k];
			put_deleted(c, &cur, olds, (it->changes & DOSSIER_CHANGE_MERGED) ? it->nparts + 1 : 1,
				it->changes);
			free(olds);
			mark_inserted(c, el, it->changes);
			last.set = true;
			last.where = AKN_PLACE_AFTER;
			last.anchor = el;
			for (k = 0; (it->changes & DOSSIER_CHANGE_SPLIT) && k < it->nparts; k++) {
				const char *pe = eid_of(c, it->parts[k]);

				if (pe) {
					mark_inserted(c, pe, it->changes);
					last.anchor = pe;
				}
			}
			continue;
		}
		last.set = true;
		last.where = AKN_PLACE_AFTER;
		last.anchor = el;
		if (it->changes & DOSSIER_CHANGE_INSERTED) {
			mark_inserted(c, el, it->changes);
			continue;
		}
		add_class(c, el, it->changes);
		if (it->old_node->eid && it->new_node->eid && strcmp(it->old_node->eid, it->new_node->eid))
			akn_annot_wid(c->a, el, it->old_node->eid);
		if ((it->changes & (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_MOVED)) &&
		    it->old_node->num && it->new_node->num && strcmp(it->old_node->num, it->new_node->num))
			akn_annot_renumber(c->a, el, it->old_node->num);
		if (it->heading && it->new_node->heading)
			put_marked(c, it->heading, el, 0, HEADING);
		if (it->text)
			mark_text(c, el, it);
		if (it->nchildren)
			mark_items(c, it->children, it->nchildren, el);
	}
}

/* Containers: their number and heading; their provisions are items. */
static void mark_containers(ctx *c)
{
	size_t i;

	for (i = 0; i < c->diff->ncontainers && !c->rc; i++) {
		const dossier_diff_item *it = &c->diff->containers[i];
		const char *el = eid_of(c, it->new_node);

		if (!el || !it->changes)
			continue;
		add_class(c, el, it->changes);
		if (it->changes & DOSSIER_CHANGE_INSERTED) {
			akn_annot_mark_all(c->a, el, AKN_MARK_INS, false);
			continue;
		}
		if (it->old_node->eid && strcmp(it->old_node->eid, it->new_node->eid))
			akn_annot_wid(c->a, el, it->old_node->eid);
		if ((it->changes & (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_MOVED)) &&
		    it->old_node->num && it->new_node->num)
			akn_annot_renumber(c->a, el, it->old_node->num);
		if (it->heading && it->new_node->heading)
			put_marked(c, it->heading, el, 0, HEADING);
	}
}

/* The preface (number, date, draft label, title) and the preamble, when
 * they changed: their leaves paired with the older revision's. */
static void mark_preface(ctx *c)
{
	akn_leaf_pair *pairs = NULL;
	size_t n = 0, i;
	int rc;

	if (!c->diff->preface || c->rc)
		return;
	if ((rc = akn_preface_pairs(&pairs, &n, c->a, c->diff->old_doc, c->err)) < 0) {
		failed(c, rc);
		return;
	}
	for (i = 0; i < n && !c->rc; i++) {
		dossier_word_diff *wd = NULL;

		if ((rc = dossier_word_diff_new(&wd, pairs[i].old_text, pairs[i].new_text, c->err)) < 0)
			failed(c, rc);
		else if (dossier_word_diff_changed(wd))
			put_marked(c, wd, NULL, pairs[i].leaf, LEAF);
		dossier_word_diff_free(wd);
	}
	akn_leaf_pairs_free(pairs, n);
}

/* The explanations of the rows: one note per changed row that has one. */
static void explain_rows(ctx *c, const dossier_diff_format_options *opts)
{
	size_t i, j, k;

	for (i = 0; i < c->diff->nitems && !c->rc; i++) {
		const dossier_diff_item *it = &c->diff->items[i];
		char *row = NULL, *id = NULL;
		akn_note note;

		if (!it->changes || !it->old_node || !it->old_node->eid)
			continue;
		for (j = 0; j < opts->nnotes; j++)
			if (opts->notes[j].eid && !strcmp(opts->notes[j].eid, it->old_node->eid) && opts->notes[j].nparas)
				break;
		if (j == opts->nnotes)
			continue;
		row = it->new_node && eid_of(c, it->new_node) ? util_strdup(it->new_node->eid) :
			util_sprintf("del_%s", it->old_node->eid);
		if (row && !akn_annot_has_provision(c->a, row)) {
			free(row);   /* a row the table does not have */
			continue;
		}
		if (row) {
			char *base = util_sprintf("thuyetminh_%s", row);

			id = base ? akn_annot_unique_id(c->a, base) : NULL;
			free(base);
		}
		if (!id) {
			free(row);
			failed(c, dossier_error_set(c->err, DOSSIER_ENOMEM, "out of memory"));
			return;
		}
		memset(&note, 0, sizeof(note));
		note.kind = AKN_NOTE_EDITORIAL;
		note.eid = id;
		note.provision = row;
		note.cls = "thuyet-minh";
		note.ref_class = "thuyet-minh";
		if (akn_annot_note(c->a, &note) == 0)
			for (k = 0; k < opts->notes[j].nparas; k++)
				if (akn_annot_note_para(c->a, NULL) == 0)
					akn_annot_note_add(c->a, AKN_INLINE_TEXT, opts->notes[j].paras[k], NULL);
		free(row);
		free(id);
	}
}

int dossier_diff_akn(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, dossier_error *err)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	ctx c;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&c, 0, sizeof(c));
	c.diff = diff;
	c.err = err;
	if ((rc = akn_annot_new(&c.a, diff->new_doc, &o, err)) < 0)
		return rc;
	mark_containers(&c);
	mark_preface(&c);
	mark_items(&c, diff->items, diff->nitems, NULL);
	if (opts && opts->notes)
		explain_rows(&c, opts);
	rc = c.rc ? c.rc : akn_write(out, len, c.a, err);
	akn_annot_free(c.a);
	return rc;
}

int dossier_diff_html(char **out, size_t *len, const dossier_diff *diff,
	const char *stylesheet, const dossier_diff_format_options *opts, dossier_error *err)
{
	char *xml = NULL;
	size_t xlen = 0;
	const char *params[9];
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	if ((rc = dossier_diff_akn(&xml, &xlen, diff, opts, err)) < 0)
		return rc;
	params[0] = "old-label";
	params[1] = opts && opts->old_label ? opts->old_label : "";
	params[2] = "new-label";
	params[3] = opts && opts->new_label ? opts->new_label : "";
	params[4] = "lang";
	params[5] = diff->lang == DOSSIER_LANG_ENG ? "en" : "vi";
	params[6] = "explain";   /* the third column "Thuyết minh" */
	params[7] = opts && opts->notes ? "1" : "";
	params[8] = NULL;
	rc = dossier_render(out, len, stylesheet, xml, xlen, params, err);
	free(xml);
	return rc;
}
