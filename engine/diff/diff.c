/*
 * diff.c: the structural diff of two revisions of a legal text (see
 * dossier/diff.h and docs/diff.md). Provisions are aligned by identity:
 *
 *   1. identical content (heading and text, numbers aside) pairs first,
 *      whatever the numbers: an article that was only renumbered or moved;
 *   2. then an equal heading;
 *   3. then text similarity: the Dice coefficient over the sets of words
 *      and word bigrams, candidates found through an inverted index of the
 *      newer side (features shared by too many provisions are skipped), so
 *      that no pair of provisions is compared unless they share rare
 *      words: near-linear, never all pairs;
 *   4. the longest increasing subsequence of the pairs (by old position,
 *      then new) is what stayed in order; a pair outside it was moved, a
 *      pair in it with a new number was renumbered;
 *   5. between two in-order pairs, what is left on both sides is paired
 *      in order at a lower similarity (a provision rewritten in place);
 *   6. a provision whose text is covered by several consecutive provisions
 *      of the other side, each mostly made of its words, was split (or,
 *      the other way round, merged).
 *
 * Articles (and other non-container provisions) are aligned across the
 * whole text, across chapters; the clauses of two paired articles are
 * aligned the same way, then the points of two paired clauses. Parts,
 * chapters and sections are aligned on their own by heading.
 */
#include "dossier/diff.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "diff/carry.h"
#include "diff/key_int.h"
#include "diff/worddiff_int.h"
#include "text/text.h"

#define SIM_MATCH 0.5     /* similarity to pair two provisions anywhere */
#define SIM_GAP 0.3       /* similarity to pair two provisions left between in-order pairs */
#define SIM_GAP_HEADED 0.45 /* the same, for two provisions with different headings */
#define SIM_HEADING 0.15  /* similarity to pair two provisions with the same heading */
#define CONTAINED 0.6     /* share of a part's features found in the whole (split, merge) */
#define COVERED 0.7       /* share of the whole's features found in its parts */
#define TOP_CANDIDATES 8
#define GAP_WINDOW 64     /* how far ahead step 5 looks for a partner */

typedef struct unit {
	const dossier_node *node;
	uint64_t chash;       /* the key, with the kind: the heading and texts
	                       * without numbers (and the sub-provisions'),
	                       * every whitespace run one space (a line wrapped
	                       * or a paragraph split is no change); hashed as
	                       * the node is walked, never copied */
	uint64_t hhash;       /* heading, with the kind; 0 without a heading */
	uint64_t *feat;       /* sorted, unique; once featured */
	size_t nfeat;
	int featured;
	int with_children;    /* the key holds the sub-provisions' text */
	long match;           /* partner on the other side, or -1 */
	int inlis;            /* the pair stayed in order */
	long group;           /* split/merge: the unit of the other side this one is a part of, or -1 */
	long *parts;          /* split/merge lead: the parts on the other side, in order */
	size_t nparts;
} unit;

typedef struct side {
	unit *u;
	size_t n;
	uint64_t *ifeat;      /* inverted index: (feature, unit) pairs sorted by feature */
	size_t *iunit;
	size_t ni;
	int indexed;
	int with_children;    /* a unit's text holds its sub-provisions' */
} side;

static int is_container(dossier_node_kind k)
{
	return k == DOSSIER_NODE_BODY || k == DOSSIER_NODE_PART || k == DOSSIER_NODE_CHAPTER ||
	       k == DOSSIER_NODE_SECTION || k == DOSSIER_NODE_ATTACHMENT;
}

/* ---- units ---- */

static void content_into(dstr *s, const dossier_node *n, int with_children)
{
	size_t i;

	if (n->heading) {
		dstr_adds(s, n->heading);
		dstr_addc(s, '\n');
	}
	for (i = 0; i < n->ntext; i++) {
		dstr_adds(s, n->text[i]);
		dstr_addc(s, '\n');
	}
	if (n->nquotes) {
		/* the new wording an amending provision quotes is its text */
		char *q = text_node_quotes(n);

		if (!q)
			s->oom = 1;
		dstr_adds(s, q ? q : "");
		dstr_addc(s, '\n');
		free(q);
	}
	if (with_children)
		for (i = 0; i < n->nchildren; i++)
			content_into(s, n->children[i], 1);
	for (i = 0; i < n->nwrapup; i++) {
		dstr_adds(s, n->wrapup[i]);
		dstr_addc(s, '\n');
	}
}

/* The whole text of a node, numbers aside. Not normalised again: every
 * reader of the engine gives NFC already (the text parser, the AKN reader,
 * a revision's model), and the word diff, which decides what changed,
 * normalises what it compares. */
static int node_content(char **out, const dossier_node *n, int with_children, dossier_error *err)
{
	dstr s = DSTR_INIT;

	*out = NULL;
	dstr_add(&s, "", 0);
	if (n)
		content_into(&s, n, with_children);
	if (s.oom) {
		dstr_free(&s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = dstr_detach(&s);
	return 0;
}

/* The node's own paragraphs (outside its sub-provisions), joined. */
static char *own_text(const dossier_node *n)
{
	dstr s = DSTR_INIT;
	size_t i;

	for (i = 0; n && i < n->ntext; i++) {
		if (s.len)
			dstr_addc(&s, '\n');
		dstr_adds(&s, n->text[i]);
	}
	if (n && n->nquotes) {
		char *q = text_node_quotes(n);

		if (s.len)
			dstr_addc(&s, '\n');
		if (!q)
			s.oom = 1;
		dstr_adds(&s, q ? q : "");
		free(q);
	}
	for (i = 0; n && i < n->nwrapup; i++) {
		if (s.len)
			dstr_addc(&s, '\n');
		dstr_adds(&s, n->wrapup[i]);
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

/* s with every run of whitespace (ASCII, NBSP) as one space, trimmed, in
 * place. */
static char *whitespace_key(char *s)
{
	size_t n = strlen(s), k = 0, i;
	char *out = s;
	int gap = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > ' ' && c != 0xC2) {      /* most bytes: copied as they are */
			if (gap && k)
				out[k++] = ' ';
			gap = 0;
			out[k++] = (char)c;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		    (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0)) {
			if (c == 0xC2)
				i++;
			gap = 1;
			continue;
		}
		if (gap && k)
			out[k++] = ' ';
		gap = 0;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return out;
}

/* The key's hash, computed as its bytes are walked, eight bytes at a
 * step (a key is a provision's whole text: copying it to fold its
 * whitespace, then hashing, was a seventh of a diff). The bytes hashed are
 * what whitespace_key gives for the node's content: every run of
 * whitespace (ASCII, NBSP, the line breaks between paragraphs) one space,
 * none at either end. Keys that hash alike are still compared exactly
 * (same_key). */
typedef struct khash {
	uint64_t h, w;
	size_t len;      /* bytes of the key so far */
	unsigned nw;     /* bytes waiting in w */
	int gap;         /* whitespace since the last byte */
} khash;

/* Kept in locals while a string is walked (through the struct, every
 * byte's store would alias the string and be reloaded). */
#define KH_BYTE(c) do { \
		w |= (uint64_t)(c) << nw; \
		len++; \
		if ((nw += 8) == 64) { \
			h = (h ^ w) * 0xff51afd7ed558ccdull; \
			h ^= h >> 32; \
			w = 0; \
			nw = 0; \
		} \
	} while (0)

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* 0x80 in each byte of x that is zero, nothing elsewhere. */
static uint64_t zero_bytes(uint64_t x)
{
	return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
}

/* Eight bytes that fold to themselves whatever surrounds them: no control
 * character, no 0xC2 (the lead of a no-break space), no space first or
 * last, no two spaces together. */
static int plain8(uint64_t x)
{
	uint64_t sp = zero_bytes(x ^ (ONES * ' '));

	return !((x - ONES * 0x20) & ~x & HIGHS) && !zero_bytes(x ^ (ONES * 0xC2)) &&
	       !(sp & (sp >> 8)) && !(sp & 0x80) && !(sp >> 63);
}

static void kh_add(khash *k, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	uint64_t h = k->h, w = k->w;
	size_t len = k->len;
	unsigned nw = k->nw * 8;
	int gap = k->gap;

	while (i < n) {
		unsigned c;
		uint64_t x;

		/* Most of a text: eight bytes at once, as they are. */
		if (i + 8 <= n) {
			memcpy(&x, s + i, 8);
			if (plain8(x)) {
				if (gap && len)
					KH_BYTE(' ');
				gap = 0;
				if (nw) {
					w |= x << nw;
					h = (h ^ w) * 0xff51afd7ed558ccdull;
					h ^= h >> 32;
					w = x >> (64 - nw);
				} else {
					h = (h ^ x) * 0xff51afd7ed558ccdull;
					h ^= h >> 32;
				}
				len += 8;
				i += 8;
				continue;
			}
		}
		c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		    (c == 0xC2 && s[i + 1] == 0xA0)) {
			i += c == 0xC2 ? 2 : 1;
			gap = 1;
			continue;
		}
		if (gap && len)
			KH_BYTE(' ');
		gap = 0;
		KH_BYTE(c);
		i++;
	}
	k->h = h;
	k->w = w;
	k->len = len;
	k->nw = nw / 8;
	k->gap = 1;      /* the line break that ends each paragraph */
}

static int kh_node(khash *k, const dossier_node *n, int with_children)
{
	size_t i;

	if (n->heading)
		kh_add(k, n->heading);
	for (i = 0; i < n->ntext; i++)
		kh_add(k, n->text[i]);
	if (n->nquotes) {
		char *q = text_node_quotes(n);

		if (!q)
			return DOSSIER_ENOMEM;
		kh_add(k, q);
		free(q);
	}
	if (with_children)
		for (i = 0; i < n->nchildren; i++)
			if (kh_node(k, n->children[i], 1) < 0)
				return DOSSIER_ENOMEM;
	for (i = 0; i < n->nwrapup; i++)
		kh_add(k, n->wrapup[i]);
	return 0;
}

static uint64_t kh_final(khash *k)
{
	uint64_t h = (k->h ^ k->w ^ ((uint64_t)k->len << 40)) * 0xc4ceb9fe1a85ec53ull;

	return h ^ (h >> 29);
}

int diff_key_hash(uint64_t *out, const dossier_node *n, int with_children)
{
	khash k = { 0, 0, 0, 0, 0 };
	int rc = kh_node(&k, n, with_children);

	*out = rc < 0 ? 0 : kh_final(&k);
	return rc;
}

/* A heading's hash (headings are short: no folding). */
static uint64_t key_hash(const char *s, size_t n, uint64_t seed)
{
	uint64_t h = (seed + n) * 0x9e3779b97f4a7c15ull, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

/* The same strings, field by field: the same key without folding it. */
static int same_fields(const dossier_node *a, const dossier_node *b, int with_children)
{
	size_t i;

	if ((!a->heading) != (!b->heading) || (a->heading && strcmp(a->heading, b->heading)) ||
	    a->ntext != b->ntext || a->nwrapup != b->nwrapup || a->nquotes || b->nquotes ||
	    (with_children && a->nchildren != b->nchildren))
		return 0;
	for (i = 0; i < a->ntext; i++)
		if (strcmp(a->text[i], b->text[i]))
			return 0;
	for (i = 0; i < a->nwrapup; i++)
		if (strcmp(a->wrapup[i], b->wrapup[i]))
			return 0;
	for (i = 0; with_children && i < a->nchildren; i++)
		if (!same_fields(a->children[i], b->children[i], 1))
			return 0;
	return 1;
}

/* The keys of two units, compared exactly: field by field (what an
 * unchanged provision gives), else folded and compared. 1 same, 0 not,
 * DOSSIER_ENOMEM. */
static int node_content(char **out, const dossier_node *n, int with_children, dossier_error *err);

static int same_key(const unit *a, const unit *b, int with_children)
{
	char *ka = NULL, *kb = NULL;
	int rc;

	if (a->chash != b->chash)
		return 0;
	if (same_fields(a->node, b->node, with_children))
		return 1;
	if (node_content(&ka, a->node, with_children, NULL) < 0 ||
	    node_content(&kb, b->node, with_children, NULL) < 0)
		rc = DOSSIER_ENOMEM;
	else
		rc = strcmp(whitespace_key(ka), whitespace_key(kb)) == 0;
	free(ka);
	free(kb);
	return rc;
}

/* A sort of an array of T by less(const T *, const T *): quicksort (median
 * of three) down to short runs, then insertion sort; qsort's call per
 * comparison was a tenth of a diff. Elements compared equal are not
 * reordered stably. */
#define DEFINE_SORT(name, T, less) \
static void name(T *v, size_t n) \
{ \
	while (n > 16) { \
		T a = v[0], b = v[n / 2], c = v[n - 1], p, t; \
		size_t i = 0, j = n - 1; \
 \
		p = less(&a, &b) ? (less(&b, &c) ? b : less(&a, &c) ? c : a) : \
		    (less(&a, &c) ? a : less(&b, &c) ? c : b); \
		for (;;) { \
			while (less(&v[i], &p)) \
				i++; \
			while (less(&p, &v[j])) \
				j--; \
			if (i >= j) \
				break; \
			t = v[i], v[i] = v[j], v[j] = t; \
			i++, j--; \
		} \
		/* recurse into the smaller side, loop on the larger */ \
		if (j + 1 < n - j - 1) { \
			name(v, j + 1); \
			v += j + 1; \
			n -= j + 1; \
		} else { \
			name(v + j + 1, n - j - 1); \
			n = j + 1; \
		} \
	} \
	for (size_t i = 1; i < n; i++) { \
		T x = v[i]; \
		size_t k = i; \
 \
		for (; k > 0 && less(&x, &v[k - 1]); k--) \
			v[k] = v[k - 1]; \
		v[k] = x; \
	} \
}

static int u64_less(const uint64_t *x, const uint64_t *y)
{
	return *x < *y;
}

/* Sort v ascending. */
DEFINE_SORT(sort_u64, uint64_t, u64_less)

static int unit_init(unit *u, const dossier_node *n, int with_children, dossier_error *err)
{
	int rc;

	memset(u, 0, sizeof(*u));
	u->node = n;
	u->match = -1;
	u->group = -1;
	u->with_children = with_children;
	{
		khash k = { (100 + (uint64_t)n->kind) * 0x9e3779b97f4a7c15ull, 0, 0, 0, 0 };

		if ((rc = kh_node(&k, n, with_children)) < 0)
			return dossier_error_set(err, rc, "out of memory");
		u->chash = kh_final(&k);
	}
	if (n->heading)
		u->hhash = key_hash(n->heading, strlen(n->heading), 200 + (uint64_t)n->kind) | 1;
	return 0;
}

/* The hashes of the words of a node's key, in order: the words of each
 * of its texts (a word never runs from one paragraph into the next). */
static int node_words(wd_hashes *w, const dossier_node *n, int with_children)
{
	size_t i;

	if (n->heading && wd_word_hashes(w, n->heading, 1) < 0)
		return DOSSIER_ENOMEM;
	for (i = 0; i < n->ntext; i++)
		if (wd_word_hashes(w, n->text[i], 1) < 0)
			return DOSSIER_ENOMEM;
	if (n->nquotes) {
		char *q = text_node_quotes(n);
		int rc = q ? wd_word_hashes(w, q, 1) : DOSSIER_ENOMEM;

		free(q);
		if (rc < 0)
			return rc;
	}
	if (with_children)
		for (i = 0; i < n->nchildren; i++)
			if (node_words(w, n->children[i], 1) < 0)
				return DOSSIER_ENOMEM;
	for (i = 0; i < n->nwrapup; i++)
		if (wd_word_hashes(w, n->wrapup[i], 1) < 0)
			return DOSSIER_ENOMEM;
	return 0;
}

/* The similarity features of a unit: its words and word bigrams, hashed,
 * sorted, unique. Computed only for the units that need them. */
static int unit_features(unit *u)
{
	wd_hashes w = { 0 };
	size_t i, k;

	if (u->featured)
		return 0;
	if (node_words(&w, u->node, u->with_children) < 0) {
		free(w.v);
		return DOSSIER_ENOMEM;
	}
	u->feat = malloc((2 * w.n + 1) * sizeof(*u->feat));
	if (!u->feat) {
		free(w.v);
		return DOSSIER_ENOMEM;
	}
	for (i = 0; i < w.n; i++) {
		uint64_t h = w.v[i];

		u->feat[u->nfeat++] = h;
		if (i)
			u->feat[u->nfeat++] = (w.v[i - 1] * 0x9e3779b97f4a7c15ull) ^ (h >> 1) ^ 0x5bd1e995ull;
	}
	free(w.v);
	sort_u64(u->feat, u->nfeat);
	for (i = 0, k = 0; i < u->nfeat; i++)
		if (!k || u->feat[k - 1] != u->feat[i])
			u->feat[k++] = u->feat[i];
	u->nfeat = k;
	u->featured = 1;
	return 0;
}

static void side_free(side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->u[i].feat);
		free(s->u[i].parts);
	}
	free(s->u);
	free(s->ifeat);
	free(s->iunit);
	memset(s, 0, sizeof(*s));
}

static int side_init(side *s, const dossier_node *const *nodes, size_t n, int with_children,
	dossier_error *err)
{
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	s->with_children = with_children;
	s->u = calloc(n ? n : 1, sizeof(*s->u));
	if (!s->u)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if ((rc = unit_init(&s->u[i], nodes[i], with_children, err)) < 0) {
			s->n = i + 1;
			return rc;
		}
	}
	s->n = n;
	return 0;
}

/* ---- similarity ---- */

static size_t shared(const unit *a, const unit *b)
{
	size_t i = 0, j = 0, c = 0;

	while (i < a->nfeat && j < b->nfeat) {
		if (a->feat[i] < b->feat[j])
			i++;
		else if (a->feat[i] > b->feat[j])
			j++;
		else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

static double dice(const unit *a, const unit *b)
{
	if (!a->nfeat && !b->nfeat)
		return 1.0;
	return 2.0 * (double)shared(a, b) / (double)(a->nfeat + b->nfeat);
}

/* Share of x's features found in y. */
static double containment(const unit *x, const unit *y)
{
	if (!x->nfeat)
		return 0.0;
	return (double)shared(x, y) / (double)x->nfeat;
}

static int has_feat(const unit *u, uint64_t f)
{
	size_t lo = 0, hi = u->nfeat;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (u->feat[mid] < f)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < u->nfeat && u->feat[lo] == f;
}

typedef struct fpair {
	uint64_t f;
	size_t u;
} fpair;

static int fpair_less(const fpair *x, const fpair *y)
{
	return x->f < y->f || (x->f == y->f && x->u < y->u);
}

/* Sort by feature, then unit (qsort's call per comparison was most of
 * building the index). The pairs are distinct. */
DEFINE_SORT(sort_fpair, fpair, fpair_less)

/* The inverted index of the units that are still unpaired (the only ones
 * searched for), built once, on first need. */
static int index_build(side *s)
{
	size_t total = 0, i, j, k = 0;
	fpair *p;

	if (s->indexed)
		return 0;
	s->indexed = 1;
	for (i = 0; i < s->n; i++)
		if (s->u[i].match < 0 && s->u[i].group < 0)
			total += s->u[i].nfeat;
	p = malloc((total + 1) * sizeof(*p));
	s->ifeat = malloc((total + 1) * sizeof(*s->ifeat));
	s->iunit = malloc((total + 1) * sizeof(*s->iunit));
	if (!p || !s->ifeat || !s->iunit) {
		free(p);
		return DOSSIER_ENOMEM;
	}
	for (i = 0; i < s->n; i++) {
		if (s->u[i].match >= 0 || s->u[i].group >= 0)
			continue;
		for (j = 0; j < s->u[i].nfeat; j++) {
			p[k].f = s->u[i].feat[j];
			p[k].u = i;
			k++;
		}
	}
	sort_fpair(p, k);
	for (i = 0; i < k; i++) {
		s->ifeat[i] = p[i].f;
		s->iunit[i] = p[i].u;
	}
	s->ni = k;
	free(p);
	return 0;
}

/* The postings of feature f: [*from, *to). */
static void postings(const side *s, uint64_t f, size_t *from, size_t *to)
{
	size_t lo = 0, hi = s->ni;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->ifeat[mid] < f)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < s->ni && s->ifeat[lo] == f)
		lo++;
	*to = lo;
}

typedef struct cand {
	size_t b;
	size_t count;
} cand;

static int cmp_cand(const void *x, const void *y)
{
	const cand *a = x, *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* The units of `other` sharing rare features with u, most shared first;
 * only those passing `want` (NULL: all). counts is scratch of other->n
 * zeroes, left zeroed. */
static size_t candidates(cand *out, size_t max, const unit *u, const side *other,
	size_t *counts, size_t *touched, int (*want)(const unit *))
{
	size_t limit = other->n / 8 > 64 ? other->n / 8 : 64, nt = 0, i, j, n = 0;
	cand *all;

	for (i = 0; i < u->nfeat; i++) {
		size_t from, to;

		postings(other, u->feat[i], &from, &to);
		if (to - from > limit)
			continue;
		for (j = from; j < to; j++) {
			size_t b = other->iunit[j];

			if (want && !want(&other->u[b]))
				continue;
			if (!counts[b]++)
				touched[nt++] = b;
		}
	}
	all = malloc((nt + 1) * sizeof(*all));
	if (all) {
		for (i = 0; i < nt; i++) {
			all[i].b = touched[i];
			all[i].count = counts[touched[i]];
		}
		qsort(all, nt, sizeof(*all), cmp_cand);
		for (i = 0; i < nt && n < max; i++)
			out[n++] = all[i];
		free(all);
	}
	for (i = 0; i < nt; i++)
		counts[touched[i]] = 0;
	return n;
}

static int unmatched(const unit *u)
{
	return u->match < 0 && u->group < 0;
}

/* ---- alignment ---- */

static int nums_differ(const dossier_node *a, const dossier_node *b)
{
	const char *x = a->num ? a->num : "", *y = b->num ? b->num : "";

	return strcmp(x, y) != 0;
}

typedef struct hpair {
	uint64_t h;
	size_t i;
} hpair;

static int cmp_hpair(const void *a, const void *b)
{
	const hpair *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void pair(side *A, size_t a, side *B, size_t b)
{
	A->u[a].match = (long)b;
	B->u[b].match = (long)a;
}

/* Steps 1 and 2: pair units with the same key, in order: the content
 * (KEY_CONTENT), the heading and the number (KEY_NUMBERED, which needs no
 * features), the heading and some words in common (KEY_HEADING). */
enum { KEY_CONTENT = 0, KEY_NUMBERED = 1, KEY_HEADING = 2 };

static int match_by_key(side *A, side *B, int heading)
{
	hpair *p = malloc((B->n + 1) * sizeof(*p));
	size_t i, n = 0;

	if (!p)
		return DOSSIER_ENOMEM;
	for (i = 0; i < B->n; i++) {
		uint64_t h = heading ? B->u[i].hhash : B->u[i].chash;

		if (unmatched(&B->u[i]) && (!heading || h)) {
			p[n].h = h;
			p[n].i = i;
			n++;
		}
	}
	qsort(p, n, sizeof(*p), cmp_hpair);
	for (i = 0; i < A->n; i++) {
		uint64_t h = heading ? A->u[i].hhash : A->u[i].chash;
		size_t lo = 0, hi = n;

		if (!unmatched(&A->u[i]) || (heading && !h))
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (p[mid].h < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t first = lo, take = n;

		/* Under one heading, the provision that kept its number too is
		 * itself however much its text was rewritten; another one with
		 * that heading needs some words in common. */
		for (; heading == KEY_NUMBERED && lo < n && p[lo].h == h; lo++) {
			unit *b = &B->u[p[lo].i];

			if (unmatched(b) && b->node->kind == A->u[i].node->kind &&
			    A->u[i].node->num && !nums_differ(A->u[i].node, b->node)) {
				take = lo;
				break;
			}
		}
		for (lo = first; heading != KEY_NUMBERED && take == n && lo < n && p[lo].h == h; lo++) {
			unit *b = &B->u[p[lo].i];

			if (!unmatched(b) || b->node->kind != A->u[i].node->kind)
				continue;
			if (heading && dice(&A->u[i], b) < SIM_HEADING)
				continue;
			if (!heading) {
				int same = same_key(&A->u[i], b, A->with_children);

				if (same < 0) {
					free(p);
					return same;
				}
				if (!same)
					continue;
			}
			take = lo;
		}
		if (take < n)
			pair(A, i, B, p[take].i);
	}
	free(p);
	return 0;
}

typedef struct spair {
	double score;
	long dist;
	size_t a, b;
} spair;

static int cmp_spair(const void *x, const void *y)
{
	const spair *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* Step 3: pair by similarity, best pairs first. */
static int match_by_similarity(side *A, side *B, size_t *counts, size_t *touched)
{
	spair *sp = NULL;
	size_t nsp = 0, cap = 0, i, j;
	cand c[TOP_CANDIDATES];

	for (i = 0; i < A->n; i++) {
		size_t nc;

		if (!unmatched(&A->u[i]))
			continue;
		nc = candidates(c, TOP_CANDIDATES, &A->u[i], B, counts, touched, unmatched);
		for (j = 0; j < nc; j++) {
			const unit *b = &B->u[c[j].b];
			double s;

			if (b->node->kind != A->u[i].node->kind)
				continue;
			s = dice(&A->u[i], b);
			if (s < SIM_MATCH)
				continue;
			if (nsp == cap) {
				size_t ncap = cap ? cap * 2 : 32;
				spair *t = realloc(sp, ncap * sizeof(*t));

				if (!t) {
					free(sp);
					return DOSSIER_ENOMEM;
				}
				sp = t;
				cap = ncap;
			}
			sp[nsp].score = s;
			sp[nsp].dist = labs((long)i - (long)c[j].b);
			sp[nsp].a = i;
			sp[nsp].b = c[j].b;
			nsp++;
		}
	}
	if (nsp)
		qsort(sp, nsp, sizeof(*sp), cmp_spair);
	for (i = 0; i < nsp; i++)
		if (unmatched(&A->u[sp[i].a]) && unmatched(&B->u[sp[i].b]))
			pair(A, sp[i].a, B, sp[i].b);
	free(sp);
	return 0;
}

/* Step 4: mark the longest run of pairs in order (patience LIS on the
 * new positions of the pairs taken in old order). */
static int mark_in_order(side *A, side *B)
{
	size_t *tails = malloc((A->n + 1) * sizeof(*tails));
	long *prev = malloc((A->n + 1) * sizeof(*prev));
	size_t len = 0, i;
	long k;

	if (!tails || !prev) {
		free(tails);
		free(prev);
		return DOSSIER_ENOMEM;
	}
	for (i = 0; i < A->n; i++) {
		long b = A->u[i].match;
		size_t lo = 0, hi = len;

		A->u[i].inlis = 0;
		prev[i] = -1;
		if (b < 0)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (A->u[tails[mid]].match < b)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? (long)tails[lo - 1] : -1;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	for (k = len ? (long)tails[len - 1] : -1; k >= 0; k = prev[k]) {
		A->u[k].inlis = 1;
		B->u[A->u[k].match].inlis = 1;
	}
	free(tails);
	free(prev);
	return 0;
}

/* Step 5: in each gap between in-order pairs, pair what is left in order. */
static void match_gaps(side *A, side *B)
{
	size_t a0 = 0, b0 = 0, i;

	for (i = 0; i <= A->n; i++) {
		size_t a1, b1, x, cursor;

		if (i < A->n && !A->u[i].inlis)
			continue;
		a1 = i;
		b1 = i < A->n ? (size_t)A->u[i].match : B->n;
		cursor = b0;
		for (x = a0; x < a1; x++) {
			size_t y, best = 0;
			double bs = -1;

			if (!unmatched(&A->u[x]))
				continue;
			/* In order, and not too far ahead: a gap is normally a few
			 * provisions; a text rewritten throughout must not cost n². */
			for (y = cursor; y < b1 && y < cursor + GAP_WINDOW; y++) {
				double s;

				if (!unmatched(&B->u[y]) || B->u[y].node->kind != A->u[x].node->kind)
					continue;
				s = dice(&A->u[x], &B->u[y]);
				/* A part, chapter or section between the same neighbours
				 * with the same number is the same one, renamed. */
				if (is_container(A->u[x].node->kind) &&
				    !strcmp(A->u[x].node->num ? A->u[x].node->num : "",
					    B->u[y].node->num ? B->u[y].node->num : ""))
					s += 1.0;
				/* Two headings that differ need more than words in common. */
				else if (A->u[x].hhash && B->u[y].hhash && A->u[x].hhash != B->u[y].hhash &&
				    s < SIM_GAP_HEADED)
					continue;
				if (s >= SIM_GAP && s > bs) {
					bs = s;
					best = y;
				}
			}
			if (bs >= SIM_GAP) {
				pair(A, x, B, best);
				A->u[x].inlis = B->u[best].inlis = 1;
				cursor = best + 1;
			}
		}
		if (i < A->n) {
			a0 = i + 1;
			b0 = (size_t)A->u[i].match + 1;
		}
	}
}

/* Share of whole's features found in any of the parts. */
static double coverage(const unit *whole, const side *S, size_t from, size_t to)
{
	size_t i, k, c = 0;

	if (!whole->nfeat)
		return 0.0;
	for (i = 0; i < whole->nfeat; i++)
		for (k = from; k < to; k++)
			if (has_feat(&S->u[k], whole->feat[i])) {
				c++;
				break;
			}
	return (double)c / (double)whole->nfeat;
}

/* May unit y of S join the parts of whole (index w on the other side)? */
static int part_of(const side *S, size_t y, const unit *whole, long w)
{
	const unit *u = &S->u[y];

	if (u->group >= 0 || u->nparts || (u->match >= 0 && u->match != w))
		return 0;
	if (u->node->kind != whole->node->kind)
		return 0;
	return containment(u, whole) >= CONTAINED;
}

/* Step 6: a unit of W covered by consecutive units of S, each mostly made
 * of its words: W split into them (or, with the sides swapped, they were
 * merged into it). */
static int find_splits(side *W, side *S, size_t *counts, size_t *touched)
{
	size_t w;
	cand c[TOP_CANDIDATES];

	for (w = 0; w < W->n; w++) {
		unit *whole = &W->u[w];
		size_t from, to, k, j;
		long seed = whole->match;
		double before;

		if (whole->group >= 0 || whole->nparts)
			continue;
		if (seed < 0) {
			size_t nc = candidates(c, TOP_CANDIDATES, whole, S, counts, touched, unmatched);

			for (j = 0; j < nc && seed < 0; j++)
				if (part_of(S, c[j].b, whole, -1))
					seed = (long)c[j].b;
			if (seed < 0)
				continue;
			before = 0.0;
		} else {
			size_t p = (size_t)seed;
			int lone = (p > 0 && unmatched(&S->u[p - 1])) || (p + 1 < S->n && unmatched(&S->u[p + 1]));

			if (!lone)
				continue;   /* nothing beside its partner could be a part */
			if (unit_features(whole) < 0 || unit_features(&S->u[p]) < 0)
				return DOSSIER_ENOMEM;
			before = coverage(whole, S, p, p + 1);
		}
		from = (size_t)seed;
		to = from + 1;
		while (from > 0 && part_of(S, from - 1, whole, (long)w))
			from--;
		while (to < S->n && part_of(S, to, whole, (long)w))
			to++;
		if (to - from < 2)
			continue;
		if (whole->match < 0 && !part_of(S, (size_t)seed, whole, (long)w))
			continue;
		if (coverage(whole, S, from, to) < COVERED || coverage(whole, S, from, to) - before < 0.2)
			continue;
		whole->parts = malloc((to - from) * sizeof(*whole->parts));
		if (!whole->parts)
			return DOSSIER_ENOMEM;
		if (whole->match >= 0) {
			S->u[whole->match].match = -1;
			S->u[whole->match].inlis = 0;
			whole->match = -1;
			whole->inlis = 0;
		}
		for (k = from; k < to; k++) {
			whole->parts[whole->nparts++] = (long)k;
			S->u[k].group = (long)w;
		}
	}
	return 0;
}

static int features_where_needed(side *S)
{
	size_t i;

	for (i = 0; i < S->n; i++) {
		if (S->u[i].match < 0 && unit_features(&S->u[i]) < 0)
			return DOSSIER_ENOMEM;
	}
	return 0;
}

static int align(side *A, side *B, dossier_error *err)
{
	size_t n = (A->n > B->n ? A->n : B->n) + 1;
	size_t *counts = calloc(n, sizeof(*counts)), *touched = malloc(n * sizeof(*touched));
	int rc = DOSSIER_ENOMEM;

	if (!counts || !touched)
		goto done;
	if (match_by_key(A, B, KEY_CONTENT) < 0 || match_by_key(A, B, KEY_NUMBERED) < 0)
		goto done;
	/* What is left needs its features, and so do the pairs beside it
	 * (a split or a merge may involve them). */
	if (features_where_needed(A) < 0 || features_where_needed(B) < 0)
		goto done;
	if (match_by_key(A, B, KEY_HEADING) < 0)
		goto done;
	if (index_build(B) < 0 || match_by_similarity(A, B, counts, touched) < 0)
		goto done;
	if (mark_in_order(A, B) < 0)
		goto done;
	match_gaps(A, B);
	if (find_splits(A, B, counts, touched) < 0 || index_build(A) < 0 ||
	    find_splits(B, A, counts, touched) < 0)
		goto done;
	rc = 0;
done:
	free(counts);
	free(touched);
	if (rc < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

/* ---- items ---- */

typedef struct itemvec {
	dossier_diff_item *v;
	size_t n, cap;
} itemvec;

static dossier_diff_item *item_push(itemvec *iv)
{
	if (iv->n == iv->cap) {
		size_t nc = iv->cap ? iv->cap * 2 : 8;
		dossier_diff_item *t = realloc(iv->v, nc * sizeof(*t));

		if (!t)
			return NULL;
		iv->v = t;
		iv->cap = nc;
	}
	memset(&iv->v[iv->n], 0, sizeof(iv->v[iv->n]));
	return &iv->v[iv->n++];
}

static void item_clear(dossier_diff_item *it)
{
	size_t i;

	free(it->parts);
	dossier_word_diff_free(it->heading);
	dossier_word_diff_free(it->text);
	for (i = 0; i < it->nchildren; i++)
		item_clear(&it->children[i]);
	free(it->children);
}


static int same_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* Same kinds and numbers all the way down. */
static int same_shape(const dossier_node *a, const dossier_node *b)
{
	size_t i;

	if (a->kind != b->kind || !same_str(a->num, b->num) || a->nchildren != b->nchildren ||
	    (!a->heading) != (!b->heading))
		return 0;
	for (i = 0; i < a->nchildren; i++)
		if (!same_shape(a->children[i], b->children[i]))
			return 0;
	return 1;
}

static int align_nodes(itemvec *out, const dossier_node *const *an, size_t na,
	const dossier_node *const *bn, size_t nb, int recurse, dossier_error *err);

/* Compare two paired nodes: heading, own text, sub-provisions. */
static int compare_pair(dossier_diff_item *it, const dossier_node *a, const dossier_node *b,
	int recurse, dossier_error *err)
{
	char *ta = NULL, *tb = NULL;
	int rc;

	it->kind = b->kind;
	it->old_node = a;
	it->new_node = b;
	if ((a->heading || b->heading) && !same_str(a->heading, b->heading)) {
		if ((rc = dossier_word_diff_new(&it->heading, a->heading, b->heading, err)) < 0)
			return rc;
		if (!dossier_word_diff_changed(it->heading) &&
		    (!a->heading) == (!b->heading)) {
			dossier_word_diff_free(it->heading);
			it->heading = NULL;
		} else {
			it->changes |= DOSSIER_CHANGE_CHANGED;
		}
	}
	ta = own_text(a);
	tb = own_text(b);
	if (!ta || !tb) {
		free(ta);
		free(tb);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	rc = strcmp(ta, tb) ? dossier_word_diff_new(&it->text, ta, tb, err) : 0;
	free(ta);
	free(tb);
	if (rc < 0)
		return rc;
	if (dossier_word_diff_changed(it->text)) {
		it->changes |= DOSSIER_CHANGE_CHANGED;
	} else {
		dossier_word_diff_free(it->text);
		it->text = NULL;
	}
	if (recurse && (a->nchildren || b->nchildren)) {
		itemvec iv = { 0 };
		size_t i;

		rc = align_nodes(&iv, (const dossier_node *const *)a->children, a->nchildren,
			(const dossier_node *const *)b->children, b->nchildren, 1, err);
		it->children = iv.v;
		it->nchildren = iv.n;
		if (rc < 0)
			return rc;
		for (i = 0; i < iv.n; i++)
			if (iv.v[i].changes)
				it->changes |= DOSSIER_CHANGE_CHANGED;
	}
	return 0;
}

/* Two provisions with the same text and shape: their sub-provisions pair
 * one to one, nothing changed (the eIds may differ, under a renumbered
 * article). */
static int identical_pair(dossier_diff_item *it, const dossier_node *a, const dossier_node *b,
	dossier_error *err)
{
	size_t i;

	it->kind = b->kind;
	it->old_node = a;
	it->new_node = b;
	if (!b->nchildren)
		return 0;
	it->children = calloc(b->nchildren, sizeof(*it->children));
	if (!it->children)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	it->nchildren = b->nchildren;
	for (i = 0; i < b->nchildren; i++) {
		int rc = identical_pair(&it->children[i], a->children[i], b->children[i], err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The whole text of several nodes, for a split or a merge. */
static char *joined_content(const side *S, const long *idx, size_t n, size_t one)
{
	dstr s = DSTR_INIT;
	size_t i;

	if (!idx) {
		content_into(&s, S->u[one].node, S->with_children);
	} else {
		for (i = 0; i < n; i++)
			content_into(&s, S->u[idx[i]].node, S->with_children);
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

static int emit_group(itemvec *out, const side *A, const side *B, size_t lead, int split,
	dossier_error *err)
{
	const side *W = split ? A : B, *S = split ? B : A;
	const unit *whole = &W->u[lead];
	dossier_diff_item *it = item_push(out);
	char *ta, *tb;
	size_t k;
	int rc;

	if (!it)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	it->changes = split ? DOSSIER_CHANGE_SPLIT : DOSSIER_CHANGE_MERGED;
	it->kind = whole->node->kind;
	if (split) {
		it->old_node = whole->node;
		it->new_node = S->u[whole->parts[0]].node;
	} else {
		it->new_node = whole->node;
		it->old_node = S->u[whole->parts[0]].node;
	}
	it->parts = malloc(whole->nparts * sizeof(*it->parts));
	if (!it->parts)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (k = 1; k < whole->nparts; k++)
		it->parts[it->nparts++] = S->u[whole->parts[k]].node;
	ta = split ? joined_content(W, NULL, 0, lead) : joined_content(S, whole->parts, whole->nparts, 0);
	tb = split ? joined_content(S, whole->parts, whole->nparts, 0) : joined_content(W, NULL, 0, lead);
	if (!ta || !tb) {
		free(ta);
		free(tb);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	rc = dossier_word_diff_new(&it->text, ta, tb, err);
	free(ta);
	free(tb);
	return rc;
}

static int emit_deleted(itemvec *out, const side *A, size_t *next, size_t upto, dossier_error *err)
{
	for (; *next < upto; (*next)++) {
		const unit *u = &A->u[*next];
		dossier_diff_item *it;

		if (u->match >= 0 || u->group >= 0)
			continue;
		if (u->nparts) {
			continue; /* a split: emitted where its first part stands */
		}
		if (!(it = item_push(out)))
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		it->changes = DOSSIER_CHANGE_DELETED;
		it->kind = u->node->kind;
		it->old_node = u->node;
	}
	return 0;
}

/* Align two lists of sibling provisions and append their items to out, in
 * the order of the new list, deleted ones where they stood. */
static int align_nodes(itemvec *out, const dossier_node *const *an, size_t na,
	const dossier_node *const *bn, size_t nb, int recurse, dossier_error *err)
{
	side A, B;
	size_t j, next = 0;
	int rc, same;

	memset(&B, 0, sizeof(B));
	if ((rc = side_init(&A, an, na, recurse, err)) < 0)
		goto done;
	if ((rc = side_init(&B, bn, nb, recurse, err)) < 0)
		goto done;
	if ((rc = align(&A, &B, err)) < 0)
		goto done;
	for (j = 0; j < B.n && rc == 0; j++) {
		const unit *b = &B.u[j];
		dossier_diff_item *it;

		if (b->group >= 0) {
			const unit *whole = &A.u[b->group];

			if (whole->parts[0] != (long)j)
				continue;       /* a later part of a split */
			if ((rc = emit_deleted(out, &A, &next, (size_t)b->group, err)) < 0)
				break;
			if (next <= (size_t)b->group)
				next = (size_t)b->group + 1;
			rc = emit_group(out, &A, &B, (size_t)b->group, 1, err);
			continue;
		}
		if (b->nparts) {
			if ((rc = emit_deleted(out, &A, &next, (size_t)b->parts[0], err)) < 0)
				break;
			if (next <= (size_t)b->parts[b->nparts - 1])
				next = (size_t)b->parts[b->nparts - 1] + 1;
			rc = emit_group(out, &A, &B, j, 0, err);
			continue;
		}
		if (b->match >= 0 && b->inlis) {
			if ((rc = emit_deleted(out, &A, &next, (size_t)b->match, err)) < 0)
				break;
			next = (size_t)b->match + 1;
		}
		if (!(it = item_push(out))) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		if (b->match < 0) {
			it->changes = DOSSIER_CHANGE_INSERTED;
			it->kind = b->node->kind;
			it->new_node = b->node;
			continue;
		}
		if (recurse && (same = same_key(&A.u[b->match], b, 1)) < 0)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		else if (recurse && same && same_shape(A.u[b->match].node, b->node))
			rc = identical_pair(it, A.u[b->match].node, b->node, err);
		else
			rc = compare_pair(it, A.u[b->match].node, b->node, recurse, err);
		if (!b->inlis)
			it->changes |= DOSSIER_CHANGE_MOVED;
		else if (nums_differ(A.u[b->match].node, b->node))
			it->changes |= DOSSIER_CHANGE_RENUMBERED;
	}
	if (rc == 0)
		rc = emit_deleted(out, &A, &next, A.n, err);
done:
	side_free(&A);
	side_free(&B);
	return rc;
}

/* ---- the documents ---- */

typedef struct nodevec {
	const dossier_node **v;
	size_t n, cap;
	int oom;
} nodevec;

static void nv_push(nodevec *nv, const dossier_node *n)
{
	if (nv->oom)
		return;
	if (nv->n == nv->cap) {
		size_t nc = nv->cap ? nv->cap * 2 : 32;
		const dossier_node **t = realloc(nv->v, nc * sizeof(*t));

		if (!t) {
			nv->oom = 1;
			return;
		}
		nv->v = t;
		nv->cap = nc;
	}
	nv->v[nv->n++] = n;
}

/* Units: the provisions that are not containers, at the top of the tree
 * below the containers; containers apart. */
static void collect(nodevec *units, nodevec *containers, const dossier_node *n)
{
	size_t i;

	for (i = 0; i < n->nchildren; i++) {
		const dossier_node *c = n->children[i];

		if (is_container(c->kind)) {
			nv_push(containers, c);
			collect(units, containers, c);
		} else {
			nv_push(units, c);
		}
	}
}

static char *preface_text(const dossier_document *d)
{
	const dossier_preface *p = &d->preface;
	dstr s = DSTR_INIT;
	size_t i;
	const char *f[] = { p->issuer, p->number, p->place, p->date, p->doc_type, p->title };

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i]) {
			dstr_adds(&s, f[i]);
			dstr_addc(&s, '\n');
		}
	for (i = 0; i < p->nother; i++) {
		dstr_adds(&s, p->other[i]);
		dstr_addc(&s, '\n');
	}
	for (i = 0; i < p->npreamble; i++) {
		dstr_adds(&s, p->preamble[i]);
		dstr_addc(&s, '\n');
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

static char *conclusions_text(const dossier_document *d)
{
	dstr s = DSTR_INIT;
	size_t i;

	for (i = 0; i < d->nconclusions; i++) {
		dstr_adds(&s, d->conclusions[i]);
		dstr_addc(&s, '\n');
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}

static int compare_block(dossier_word_diff **out, char *a, char *b, dossier_error *err)
{
	int rc;

	*out = NULL;
	if (!a || !b) {
		free(a);
		free(b);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	rc = dossier_word_diff_new(out, a, b, err);
	free(a);
	free(b);
	if (rc == 0 && !dossier_word_diff_changed(*out)) {
		dossier_word_diff_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Where a node stands among its siblings. */
static size_t sibling_index(const dossier_node *n)
{
	size_t i;

	for (i = 0; n->parent && i < n->parent->nchildren; i++)
		if (n->parent->children[i] == n)
			return i;
	return 0;
}

/* Parts, chapters and sections: one whose parent is no longer the partner
 * of its old parent (a chapter taken out of a part, into another) was
 * moved; among the siblings that kept their parent, those outside the
 * longest run in the old order were moved (the order of the whole list of
 * containers says nothing across parents). */
static int mark_container_moves(dossier_diff_item *v, size_t n)
{
	size_t i, k, j, *grp = malloc((n + 1) * sizeof(*grp)), *len = malloc((n + 1) * sizeof(*len));
	long *prev = malloc((n + 1) * sizeof(*prev));
	char *kept = calloc(n + 1, 1), *done = calloc(n + 1, 1);

	if (!grp || !len || !prev || !kept || !done) {
		free(grp), free(len), free(prev), free(kept), free(done);
		return DOSSIER_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const dossier_node *op, *np, *partner = NULL;

		if (!v[i].old_node || !v[i].new_node || (v[i].changes & (DOSSIER_CHANGE_SPLIT | DOSSIER_CHANGE_MERGED)))
			continue;
		op = v[i].old_node->parent;
		np = v[i].new_node->parent;
		if (op && op->kind == DOSSIER_NODE_BODY && np && np->kind == DOSSIER_NODE_BODY)
			partner = np;
		for (k = 0; k < n && !partner; k++)
			if (v[k].old_node && v[k].old_node == op)
				partner = v[k].new_node;
		if (partner == np)
			kept[i] = 1;
		else {
			v[i].changes |= DOSSIER_CHANGE_MOVED;
			v[i].changes &= ~(unsigned)DOSSIER_CHANGE_RENUMBERED;
		}
	}
	/* each group of siblings that kept their parent, in the new order */
	for (i = 0; i < n; i++) {
		size_t m = 0, best = 0;
		long at = -1;

		if (!kept[i] || done[i])
			continue;
		for (k = i; k < n; k++)
			if (kept[k] && !done[k] && v[k].new_node->parent == v[i].new_node->parent) {
				done[k] = 1;
				grp[m++] = k;
			}
		for (k = 0; k < m; k++) {
			len[k] = 1;
			prev[k] = -1;
			for (j = 0; j < k; j++)
				if (sibling_index(v[grp[j]].old_node) < sibling_index(v[grp[k]].old_node) &&
				    len[j] + 1 > len[k]) {
					len[k] = len[j] + 1;
					prev[k] = (long)j;
				}
			if (len[k] > best) {
				best = len[k];
				at = (long)k;
			}
		}
		for (k = 0; k < m; k++)
			v[grp[k]].changes |= DOSSIER_CHANGE_MOVED;
		for (; at >= 0; at = prev[at]) {
			dossier_diff_item *it = &v[grp[at]];

			it->changes &= ~(unsigned)DOSSIER_CHANGE_MOVED;
			if (nums_differ(it->old_node, it->new_node))
				it->changes |= DOSSIER_CHANGE_RENUMBERED;
		}
	}
	free(grp), free(len), free(prev), free(kept), free(done);
	return 0;
}

static void count_items(dossier_diff *d, const dossier_diff_item *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < DOSSIER_CHANGE_KINDS; k++)
			if (v[i].changes & (1u << k))
				d->counts[k]++;
		count_items(d, v[i].children, v[i].nchildren);
	}
}

int dossier_diff_new(dossier_diff **out, const dossier_document *old_doc,
	const dossier_document *new_doc, dossier_error *err)
{
	nodevec ua = { 0 }, ub = { 0 }, ca = { 0 }, cb = { 0 };
	itemvec items = { 0 }, conts = { 0 };
	dossier_diff *d;
	int rc;

	*out = NULL;
	if (!old_doc || !new_doc || !old_doc->body || !new_doc->body)
		return dossier_error_set(err, DOSSIER_EINVALID, "nothing to compare: a document has no body");
	d = calloc(1, sizeof(*d));
	if (!d)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	d->lang = new_doc->lang;
	d->old_doc = old_doc;
	d->new_doc = new_doc;
	collect(&ua, &ca, old_doc->body);
	collect(&ub, &cb, new_doc->body);
	if (ua.oom || ub.oom || ca.oom || cb.oom) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	rc = align_nodes(&items, ua.v, ua.n, ub.v, ub.n, 1, err);
	d->items = items.v;
	d->nitems = items.n;
	if (rc < 0)
		goto done;
	rc = align_nodes(&conts, ca.v, ca.n, cb.v, cb.n, 0, err);
	d->containers = conts.v;
	d->ncontainers = conts.n;
	if (rc < 0)
		goto done;
	if (mark_container_moves(d->containers, d->ncontainers) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = compare_block(&d->preface, preface_text(old_doc), preface_text(new_doc), err)) < 0)
		goto done;
	if ((rc = compare_block(&d->conclusions, conclusions_text(old_doc),
			conclusions_text(new_doc), err)) < 0)
		goto done;
	count_items(d, d->items, d->nitems);
	count_items(d, d->containers, d->ncontainers);
done:
	free(ua.v);
	free(ub.v);
	free(ca.v);
	free(cb.v);
	if (rc < 0) {
		dossier_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void dossier_diff_free(dossier_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nitems; i++)
		item_clear(&d->items[i]);
	free(d->items);
	for (i = 0; i < d->ncontainers; i++)
		item_clear(&d->containers[i]);
	free(d->containers);
	dossier_word_diff_free(d->preface);
	dossier_word_diff_free(d->conclusions);
	free(d);
}

bool dossier_diff_changed(const dossier_diff *d)
{
	size_t i;

	if (!d)
		return false;
	if (d->preface || d->conclusions)
		return true;
	for (i = 0; i < d->nitems; i++)
		if (d->items[i].changes)
			return true;
	for (i = 0; i < d->ncontainers; i++)
		if (d->containers[i].changes)
			return true;
	return false;
}

const char *dossier_change_name(unsigned bit)
{
	switch (bit) {
	case DOSSIER_CHANGE_INSERTED: return "inserted";
	case DOSSIER_CHANGE_DELETED: return "deleted";
	case DOSSIER_CHANGE_MOVED: return "moved";
	case DOSSIER_CHANGE_RENUMBERED: return "renumbered";
	case DOSSIER_CHANGE_CHANGED: return "changed";
	case DOSSIER_CHANGE_SPLIT: return "split";
	case DOSSIER_CHANGE_MERGED: return "merged";
	default: return NULL;
	}
}

const char *dossier_fate_name(dossier_fate f)
{
	switch (f) {
	case DOSSIER_FATE_SAME: return N_("same");
	case DOSSIER_FATE_CHANGED: return N_("changed");
	case DOSSIER_FATE_RENUMBERED: return N_("renumbered");
	case DOSSIER_FATE_MOVED: return N_("moved");
	case DOSSIER_FATE_SPLIT: return N_("split");
	case DOSSIER_FATE_MERGED: return N_("merged");
	case DOSSIER_FATE_DELETED: return N_("deleted");
	default: return N_("unknown");
	}
}

/* ---- locating an old provision ---- */

static const dossier_diff_item *find_old(const dossier_diff_item *v, size_t n, const char *eid,
	int *as_part)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const dossier_diff_item *r;

		if (v[i].old_node && v[i].old_node->eid && !strcmp(v[i].old_node->eid, eid))
			return &v[i];
		if (v[i].changes & DOSSIER_CHANGE_MERGED)
			for (k = 0; k < v[i].nparts; k++)
				if (v[i].parts[k]->eid && !strcmp(v[i].parts[k]->eid, eid)) {
					*as_part = 1;
					return &v[i];
				}
		if ((r = find_old(v[i].children, v[i].nchildren, eid, as_part)))
			return r;
	}
	return NULL;
}

/* Is eid a descendant (by the eId convention) of the old node of an item? */
static const dossier_diff_item *find_old_ancestor(const dossier_diff_item *v, size_t n,
	const char *eid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const dossier_node *o = v[i].old_node;
		size_t l;

		if (!o || !o->eid)
			continue;
		l = strlen(o->eid);
		if (!strncmp(o->eid, eid, l) && !strncmp(eid + l, "__", 2)) {
			const dossier_diff_item *r = find_old_ancestor(v[i].children, v[i].nchildren, eid);

			return r ? r : &v[i];
		}
	}
	return NULL;
}

dossier_fate dossier_diff_locate(const dossier_node **new_node, bool *changed,
	const dossier_diff *d, const char *old_eid)
{
	const dossier_diff_item *it;
	int as_part = 0;

	*new_node = NULL;
	if (changed)
		*changed = false;
	if (!d || !old_eid)
		return DOSSIER_FATE_UNKNOWN;
	(void)as_part;
	it = find_old(d->items, d->nitems, old_eid, &as_part);
	if (!it)
		it = find_old(d->containers, d->ncontainers, old_eid, &as_part);
	if (!it) {
		/* Inside a provision that was deleted, split or merged as a whole. */
		const dossier_diff_item *anc = find_old_ancestor(d->items, d->nitems, old_eid);

		if (!anc || !dossier_document_find(d->old_doc, old_eid))
			return DOSSIER_FATE_UNKNOWN;
		it = anc;
		if (!(it->changes & (DOSSIER_CHANGE_DELETED | DOSSIER_CHANGE_SPLIT |
				DOSSIER_CHANGE_MERGED)))
			return DOSSIER_FATE_UNKNOWN;
	}
	return diff_item_fate(new_node, changed, it, old_eid);
}

dossier_fate diff_item_fate(const dossier_node **new_node, bool *changed,
	const dossier_diff_item *it, const char *old_eid)
{
	*new_node = it->new_node;
	if (changed)
		*changed = (it->changes & (DOSSIER_CHANGE_CHANGED | DOSSIER_CHANGE_SPLIT |
			DOSSIER_CHANGE_MERGED)) != 0;
	if (it->changes & DOSSIER_CHANGE_DELETED)
		return DOSSIER_FATE_DELETED;
	if (it->changes & DOSSIER_CHANGE_MERGED)
		return DOSSIER_FATE_MERGED;
	if (it->changes & DOSSIER_CHANGE_SPLIT)
		return DOSSIER_FATE_SPLIT;
	if (it->changes & DOSSIER_CHANGE_MOVED)
		return DOSSIER_FATE_MOVED;
	if (it->new_node->eid && strcmp(it->new_node->eid, old_eid))
		return DOSSIER_FATE_RENUMBERED;
	if (it->changes & DOSSIER_CHANGE_CHANGED)
		return DOSSIER_FATE_CHANGED;
	return DOSSIER_FATE_SAME;
}
