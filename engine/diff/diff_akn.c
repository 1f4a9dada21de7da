/*
 * diff_akn.c: a structural diff as Akoma Ntoso, and through XSLT as the
 * two-column comparison table. The newer revision is written by the AKN
 * module, then post-processed here with libxml2 (the AKN module's own
 * files stay as they are):
 *
 *   - changed words inside a provision's heading and paragraphs become
 *     <del>old</del> and <ins>new</ins>;
 *   - a renumbered or moved provision keeps its old eId in wId (the AKN
 *     attribute for "the identifier it used to have") and its old number
 *     in <num><del>Điều 9.</del><ins>Điều 10.</ins></num>;
 *   - an inserted provision has its text in <ins>;
 *   - a deleted provision is copied from the older revision to where it
 *     stood, with status="removed", eIds prefixed "del_" (unique), its old
 *     eId in wId and its text in <del>; a split or merged provision is its
 *     old form deleted and its new parts inserted;
 *   - each provision that changed has a class naming its kinds of change
 *     ("diff-renumbered diff-changed"), for stylesheets;
 *   - changed words of the preface and preamble (draft label, date,
 *     citations) are marked the same way where the two revisions' elements
 *     have the same shape.
 *
 * Everything used is in the AKN 3.0 schema (ins, del, wId, status,
 * class), so the result validates.
 */
#include "dossier/diff.h"
#include "dossier/akn.h"
#include "dossier/render.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct eident {
	const char *key;   /* xmlChar from xmlGetProp */
	xmlNodePtr node;
} eident;

/* eId -> element, sorted by eId once built. */
typedef struct eidmap {
	eident *v;
	size_t n, cap;
} eidmap;

typedef struct ctx {
	xmlDocPtr doc;       /* the newer revision, being marked */
	xmlDocPtr old;       /* the older revision, for deleted provisions; NULL until needed */
	xmlNsPtr ns;
	eidmap newmap, oldmap;
	const dossier_diff *diff;
	int oom;
} ctx;

/* ---- eId lookup ---- */

static int map_add(eidmap *m, const char *key, xmlNodePtr n)
{
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 64;
		eident *v = realloc(m->v, nc * sizeof(*v));

		if (!v)
			return -1;
		m->v = v;
		m->cap = nc;
	}
	m->v[m->n].key = key;
	m->v[m->n].node = n;
	m->n++;
	return 0;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const eident *)a)->key, ((const eident *)b)->key);
}

static void map_free(eidmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		xmlFree((xmlChar *)m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static int collect_eids(eidmap *m, xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlChar *e;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		e = xmlGetProp(n, BAD_CAST "eId");
		if (e && map_add(m, (const char *)e, n) < 0) {
			xmlFree(e);
			return -1;
		}
		if (collect_eids(m, n->children) < 0)
			return -1;
	}
	return 0;
}

static int build_map(eidmap *m, xmlNodePtr root)
{
	if (collect_eids(m, root) < 0)
		return -1;
	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), cmp_ent);
	return 0;
}

static xmlNodePtr map_get(const eidmap *m, const char *key)
{
	eident k, *r;

	if (!key || !m->n)
		return NULL;
	k.key = key;
	k.node = NULL;
	r = bsearch(&k, m->v, m->n, sizeof(*m->v), cmp_ent);
	return r ? r->node : NULL;
}

/* ---- building marked content ---- */

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr first_child_el(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

static void remove_children(xmlNodePtr n)
{
	xmlNodePtr c = n->children, next;

	for (; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
}

static void add_text(ctx *c, xmlNodePtr parent, const char *s)
{
	char *t = util_strdup(s), *p;
	xmlNodePtr tn;

	if (!t) {
		c->oom = 1;
		return;
	}
	for (p = t; *p; p++)
		if (*p == '\n')
			*p = ' ';
	tn = xmlNewDocText(c->doc, BAD_CAST t);
	free(t);
	if (!tn) {
		c->oom = 1;
		return;
	}
	xmlAddChild(parent, tn);
}

static xmlNodePtr new_el(ctx *c, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(c->doc, c->ns, BAD_CAST name, NULL);

	if (!n)
		c->oom = 1;
	return n;
}

/* Replace the content of el with the marked word diff. The space before
 * a marked run goes inside its <del> or <ins> (an insertion right after a
 * deletion takes the deletion's), so that each side read alone (the old
 * text without the insertions, the new one without the deletions) is
 * spaced as written. */
static void put_marked(ctx *c, xmlNodePtr el, const dossier_word_diff *wd)
{
	size_t i;
	bool del_space = false;

	remove_children(el);
	for (i = 0; i < wd->nsegs; i++) {
		const dossier_word_seg *g = &wd->segs[i];
		bool sp = i > 0 && g->space_before;
		xmlNodePtr m;

		if (g->op == DOSSIER_WORD_EQUAL) {
			if (sp)
				add_text(c, el, " ");
			add_text(c, el, g->text);
			continue;
		}
		if (g->op == DOSSIER_WORD_INSERT && i > 0 && wd->segs[i - 1].op == DOSSIER_WORD_DELETE)
			sp = del_space;
		if (g->op == DOSSIER_WORD_DELETE)
			del_space = sp;
		m = new_el(c, g->op == DOSSIER_WORD_DELETE ? "del" : "ins");
		if (!m)
			return;
		xmlAddChild(el, m);
		if (sp)
			add_text(c, m, " ");
		add_text(c, m, g->text);
	}
}

/* Move everything inside el into one <ins> or <del>. */
static void wrap_content(ctx *c, xmlNodePtr el, const char *mark)
{
	xmlNodePtr w, ch, next;

	if (!el->children)
		return;
	if (!(w = new_el(c, mark)))
		return;
	for (ch = el->children; ch; ch = next) {
		next = ch->next;
		xmlUnlinkNode(ch);
		xmlAddChild(w, ch);
	}
	xmlAddChild(el, w);
}

/* Wrap the text of every num, heading and p below el. */
static void wrap_all(ctx *c, xmlNodePtr el, const char *mark)
{
	xmlNodePtr ch;

	for (ch = el->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(ch, "num") || is_el(ch, "heading") || is_el(ch, "p"))
			wrap_content(c, ch, mark);
		else
			wrap_all(c, ch, mark);
	}
}

static void add_class(xmlNodePtr el, unsigned changes)
{
	dstr s = DSTR_INIT;
	unsigned k;

	for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
		if (changes & (1u << k))
			dstr_addf(&s, "%sdiff-%s", s.len ? " " : "", dossier_change_name(1u << k));
	if (s.ptr && !s.oom)
		xmlSetProp(el, BAD_CAST "class", BAD_CAST s.ptr);
	dstr_free(&s);
}

/* ---- deleted provisions ---- */

static int load_old(ctx *c, dossier_error *err)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	char *xml = NULL;
	size_t len = 0;
	int rc;

	if (c->old)
		return 0;
	if ((rc = dossier_akn_write(&xml, &len, c->diff->old_doc, &o, err)) < 0)
		return rc;
	c->old = xmlReadMemory(xml, (int)len, NULL, "UTF-8", XML_PARSE_NONET);
	free(xml);
	if (!c->old || build_map(&c->oldmap, xmlDocGetRootElement(c->old)) < 0)
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot read the older revision back as XML");
	return 0;
}

static void rename_eids(xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlChar *e;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((e = xmlGetProp(n, BAD_CAST "eId")) != NULL) {
			char *ne = util_sprintf("del_%s", (const char *)e);

			if (ne) {
				xmlSetProp(n, BAD_CAST "wId", e);
				xmlSetProp(n, BAD_CAST "eId", BAD_CAST ne);
				free(ne);
			}
			xmlFree(e);
		}
		rename_eids(n->children);
	}
}

static void set_ns(xmlNodePtr n, xmlNsPtr ns)
{
	xmlNodePtr ch;

	if (n->type != XML_ELEMENT_NODE)
		return;
	n->ns = ns;
	for (ch = n->children; ch; ch = ch->next)
		set_ns(ch, ns);
}

/* A copy of an old provision, marked deleted. */
static xmlNodePtr deleted_copy(ctx *c, const dossier_node *old, unsigned changes, dossier_error *err)
{
	xmlNodePtr src, copy;

	if (load_old(c, err) < 0) {
		c->oom = 1;   /* stops the marking; the error is in err */
		return NULL;
	}
	src = map_get(&c->oldmap, old->eid);
	if (!src)
		return NULL;
	copy = xmlDocCopyNode(src, c->doc, 1);
	if (!copy) {
		c->oom = 1;
		return NULL;
	}
	/* The copy carries the old document's namespace declaration; point it
	 * at ours. */
	xmlSetTreeDoc(copy, c->doc);
	/* The copy declares the namespace again: use the document's. */
	set_ns(copy, c->ns);
	if (copy->nsDef) {
		xmlFreeNsList(copy->nsDef);
		copy->nsDef = NULL;
	}
	rename_eids(copy);
	xmlSetProp(copy, BAD_CAST "status", BAD_CAST "removed");
	add_class(copy, changes);
	wrap_all(c, copy, "del");
	return copy;
}

/* ---- marking ---- */

/* The old text of a num element: the new one with the number replaced. */
static void mark_num(ctx *c, xmlNodePtr el, const dossier_node *a, const dossier_node *b)
{
	xmlNodePtr num = first_child_el(el, "num"), d, i;
	xmlChar *cur;
	const char *pos;
	dstr old = DSTR_INIT;

	if (!num || !a->num || !b->num)
		return;
	cur = xmlNodeGetContent(num);
	if (!cur)
		return;
	pos = strstr((const char *)cur, b->num);
	if (pos) {
		dstr_add(&old, (const char *)cur, (size_t)(pos - (const char *)cur));
		dstr_adds(&old, a->num);
		dstr_adds(&old, pos + strlen(b->num));
	} else {
		dstr_adds(&old, a->num);
	}
	remove_children(num);
	d = new_el(c, "del");
	i = new_el(c, "ins");
	if (d && i && old.ptr) {
		xmlAddChild(num, d);
		add_text(c, d, old.ptr);
		xmlAddChild(num, i);
		add_text(c, i, (const char *)cur);
	}
	xmlFree(cur);
	dstr_free(&old);
}

/* The <p> elements of the provision's own text, in order. */
static size_t own_paragraphs(xmlNodePtr *out, size_t max, xmlNodePtr el)
{
	xmlNodePtr ch, p;
	size_t n = 0;

	for (ch = el->children; ch; ch = ch->next) {
		if (!is_el(ch, "content") && !is_el(ch, "intro") && !is_el(ch, "wrapUp"))
			continue;
		for (p = ch->children; p; p = p->next)
			if (is_el(p, "p")) {
				if (n < max)
					out[n] = p;
				n++;
			}
	}
	return n;
}

static void mark_text(ctx *c, xmlNodePtr el, const dossier_diff_item *it, dossier_error *err)
{
	const dossier_node *a = it->old_node, *b = it->new_node;
	size_t na = a->ntext + a->nwrapup, nb = b->ntext + b->nwrapup, np, i;
	xmlNodePtr *ps = malloc((nb + 1) * sizeof(*ps));

	if (!ps) {
		c->oom = 1;
		return;
	}
	np = own_paragraphs(ps, nb, el);
	if (np == nb && na == nb) {
		for (i = 0; i < nb; i++) {
			const char *ta = i < a->ntext ? a->text[i] : a->wrapup[i - a->ntext];
			const char *tb = i < b->ntext ? b->text[i] : b->wrapup[i - b->ntext];
			dossier_word_diff *wd = NULL;

			if (dossier_word_diff_new(&wd, ta, tb, err) < 0) {
				c->oom = 1;
				break;
			}
			if (dossier_word_diff_changed(wd))
				put_marked(c, ps[i], wd);
			dossier_word_diff_free(wd);
		}
	} else if (np >= 1 && np <= nb) {
		put_marked(c, ps[0], it->text);
		for (i = 1; i < np; i++) {
			xmlUnlinkNode(ps[i]);
			xmlFreeNode(ps[i]);
		}
	}
	free(ps);
}

static xmlNodePtr element_of(ctx *c, const dossier_node *n)
{
	return n ? map_get(&c->newmap, n->eid) : NULL;
}

/* The indentation before a node (a blank text node), or NULL. */
static const xmlChar *indent_of(xmlNodePtr n)
{
	xmlNodePtr p = n ? n->prev : NULL;

	if (p && p->type == XML_TEXT_NODE && p->content && xmlIsBlankNode(p))
		return p->content;
	return NULL;
}

static void place(xmlNodePtr n, xmlNodePtr after, xmlNodePtr before, xmlNodePtr parent)
{
	const xmlChar *ind = indent_of(after ? after : before);
	xmlNodePtr ws = ind ? xmlNewDocText(n->doc, ind) : NULL;

	if (after) {
		xmlAddNextSibling(after, n);
		if (ws)
			xmlAddPrevSibling(n, ws);
	} else if (before) {
		xmlAddPrevSibling(before, n);
		if (ws)
			xmlAddNextSibling(n, ws);
	} else {
		xmlAddChild(parent, n);
		xmlFreeNode(ws);
	}
}

static int mark_items(ctx *c, const dossier_diff_item *v, size_t n, xmlNodePtr parent,
	dossier_error *err);

/* Insert deleted copies of old nodes at the current place; returns the last. */
static xmlNodePtr put_deleted(ctx *c, const dossier_node *const *olds, size_t nold,
	unsigned changes, xmlNodePtr after, xmlNodePtr before, xmlNodePtr parent, dossier_error *err)
{
	size_t k;

	for (k = 0; k < nold; k++) {
		xmlNodePtr copy = deleted_copy(c, olds[k], changes, err);

		if (!copy)
			continue;
		place(copy, after, before, parent);
		after = copy;
	}
	return after;
}

static int mark_items(ctx *c, const dossier_diff_item *v, size_t n, xmlNodePtr parent,
	dossier_error *err)
{
	xmlNodePtr last = NULL;
	size_t i, k;

	for (i = 0; i < n && !c->oom; i++) {
		const dossier_diff_item *it = &v[i];
		xmlNodePtr el = element_of(c, it->new_node), before = NULL;

		if (!last)
			for (k = i; k < n && !before; k++)
				before = element_of(c, v[k].new_node);
		if (it->changes & DOSSIER_CHANGE_DELETED) {
			const dossier_node *o = it->old_node;

			last = put_deleted(c, &o, 1, it->changes, last, before, parent, err);
			continue;
		}
		if (!el)
			continue;
		if (it->changes & (DOSSIER_CHANGE_SPLIT | DOSSIER_CHANGE_MERGED)) {
			const dossier_node **olds = malloc((it->nparts + 1) * sizeof(*olds));

			if (!olds) {
				c->oom = 1;
				break;
			}
			olds[0] = it->old_node;
			for (k = 0; (it->changes & DOSSIER_CHANGE_MERGED) && k < it->nparts; k++)
				olds[k + 1] = it->parts[k];
			put_deleted(c, olds, (it->changes & DOSSIER_CHANGE_MERGED) ? it->nparts + 1 : 1,
				it->changes, last, el, parent, err);
			free(olds);
			add_class(el, it->changes);
			wrap_all(c, el, "ins");
			last = el;
			for (k = 0; (it->changes & DOSSIER_CHANGE_SPLIT) && k < it->nparts; k++) {
				xmlNodePtr pe = element_of(c, it->parts[k]);

				if (pe) {
					add_class(pe, it->changes);
					wrap_all(c, pe, "ins");
					last = pe;
				}
			}
			continue;
		}
		last = el;
		if (it->changes & DOSSIER_CHANGE_INSERTED) {
			add_class(el, it->changes);
			wrap_all(c, el, "ins");
			continue;
		}
		if (it->changes)
			add_class(el, it->changes);
		if (it->old_node->eid && it->new_node->eid && strcmp(it->old_node->eid, it->new_node->eid))
			xmlSetProp(el, BAD_CAST "wId", BAD_CAST it->old_node->eid);
		if ((it->changes & (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_MOVED)) &&
		    it->old_node->num && it->new_node->num && strcmp(it->old_node->num, it->new_node->num))
			mark_num(c, el, it->old_node, it->new_node);
		if (it->heading) {
			xmlNodePtr h = first_child_el(el, "heading");

			if (h)
				put_marked(c, h, it->heading);
		}
		if (it->text)
			mark_text(c, el, it, err);
		if (it->nchildren && mark_items(c, it->children, it->nchildren, el, err) < 0)
			return -1;
	}
	return c->oom ? -1 : 0;
}

/* ---- the preface ---- */

static xmlNodePtr next_el(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static int has_child_el(xmlNodePtr n)
{
	return next_el(n->children) != NULL;
}

/* Mark the changed words of two elements of the same shape: leaves (text
 * only) are compared word by word; elements whose children have the same
 * names in the same order are compared child by child; anything else is
 * left as the new revision has it. */
static void mark_same_shape(ctx *c, xmlNodePtr o, xmlNodePtr n, dossier_error *err)
{
	xmlNodePtr oc, nc;

	if (!has_child_el(o) && !has_child_el(n)) {
		xmlChar *ot = xmlNodeGetContent(o), *nt = xmlNodeGetContent(n);
		dossier_word_diff *wd = NULL;

		if (ot && nt && strcmp((const char *)ot, (const char *)nt) &&
		    dossier_word_diff_new(&wd, (const char *)ot, (const char *)nt, err) == 0 &&
		    dossier_word_diff_changed(wd))
			put_marked(c, n, wd);
		dossier_word_diff_free(wd);
		xmlFree(ot);
		xmlFree(nt);
		return;
	}
	for (oc = next_el(o->children), nc = next_el(n->children); oc && nc;
	     oc = next_el(oc->next), nc = next_el(nc->next))
		if (strcmp((const char *)oc->name, (const char *)nc->name))
			return;
	if (oc || nc)
		return;
	for (oc = next_el(o->children), nc = next_el(n->children); oc && nc;
	     oc = next_el(oc->next), nc = next_el(nc->next))
		mark_same_shape(c, oc, nc, err);
}

static xmlNodePtr find_el(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		xmlNodePtr r;

		if (is_el(n, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && (r = find_el(n->children, name)))
			return r;
	}
	return NULL;
}

/* The preface (number, date, draft label, title) and the preamble, when
 * they changed: pair their elements with the older revision's. */
static int mark_preface(ctx *c, xmlNodePtr root, dossier_error *err)
{
	static const char *const parts[] = { "preface", "preamble" };
	size_t i;

	if (!c->diff->preface)
		return 0;
	if (load_old(c, err) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		xmlNodePtr o = find_el(xmlDocGetRootElement(c->old), parts[i]);
		xmlNodePtr n = find_el(root, parts[i]);

		if (o && n)
			mark_same_shape(c, o, n, err);
	}
	return c->oom ? -1 : 0;
}

static xmlNodePtr find_body(xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlNodePtr r;

		if (is_el(n, "body"))
			return n;
		if (n->type == XML_ELEMENT_NODE && (r = find_body(n->children)))
			return r;
	}
	return NULL;
}

int dossier_diff_akn(char **out, size_t *len, const dossier_diff *diff,
	const dossier_diff_format_options *opts, dossier_error *err)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	ctx c;
	char *xml = NULL;
	size_t xlen = 0, i;
	xmlChar *buf = NULL;
	int blen = 0, rc;
	xmlNodePtr root, body;

	(void)opts;
	*out = NULL;
	if (len)
		*len = 0;
	memset(&c, 0, sizeof(c));
	c.diff = diff;
	if ((rc = dossier_akn_write(&xml, &xlen, diff->new_doc, &o, err)) < 0)
		return rc;
	c.doc = xmlReadMemory(xml, (int)xlen, NULL, "UTF-8", XML_PARSE_NONET);
	free(xml);
	if (!c.doc || !(root = xmlDocGetRootElement(c.doc))) {
		rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot read the newer revision back as XML");
		goto done;
	}
	c.ns = root->ns;
	if (build_map(&c.newmap, root) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	body = find_body(root);
	if (!body) {
		rc = dossier_error_set(err, DOSSIER_EFAIL, "the newer revision has no body");
		goto done;
	}
	/* Containers: mark their number and heading; their provisions are items. */
	for (i = 0; i < diff->ncontainers; i++) {
		const dossier_diff_item *it = &diff->containers[i];
		xmlNodePtr el = element_of(&c, it->new_node);

		if (!el || !it->changes)
			continue;
		add_class(el, it->changes);
		if (it->changes & DOSSIER_CHANGE_INSERTED) {
			xmlNodePtr h = first_child_el(el, "heading"), nm = first_child_el(el, "num");

			if (nm)
				wrap_content(&c, nm, "ins");
			if (h)
				wrap_content(&c, h, "ins");
			continue;
		}
		if (it->old_node->eid && strcmp(it->old_node->eid, it->new_node->eid))
			xmlSetProp(el, BAD_CAST "wId", BAD_CAST it->old_node->eid);
		if (it->changes & (DOSSIER_CHANGE_RENUMBERED | DOSSIER_CHANGE_MOVED))
			mark_num(&c, el, it->old_node, it->new_node);
		if (it->heading) {
			xmlNodePtr h = first_child_el(el, "heading");

			if (h)
				put_marked(&c, h, it->heading);
		}
	}
	if (mark_preface(&c, root, err) < 0 ||
	    mark_items(&c, diff->items, diff->nitems, body, err) < 0) {
		if (!err || !err->code)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		else
			rc = err->code;
		goto done;
	}
	xmlDocDumpFormatMemoryEnc(c.doc, &buf, &blen, "UTF-8", 1);
	if (!buf) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	*out = util_strndup((const char *)buf, (size_t)blen);
	if (!*out) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if (len)
		*len = (size_t)blen;
	rc = 0;
done:
	xmlFree(buf);
	map_free(&c.newmap);
	map_free(&c.oldmap);
	if (c.doc)
		xmlFreeDoc(c.doc);
	if (c.old)
		xmlFreeDoc(c.old);
	return rc;
}

int dossier_diff_html(char **out, size_t *len, const dossier_diff *diff,
	const char *stylesheet, const dossier_diff_format_options *opts, dossier_error *err)
{
	char *xml = NULL;
	size_t xlen = 0;
	const char *params[7];
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
	params[6] = NULL;
	rc = dossier_render(out, len, stylesheet, xml, xlen, params, err);
	free(xml);
	return rc;
}
