/*
 * worddiff.c: the word-level diff inside a changed provision. Both texts
 * are NFC-normalised, then cut into tokens: a word is a run of letters,
 * combining marks and digits (utf8proc's Unicode categories, so "Điều",
 * "nghị", "đ" are words whatever their diacritics), every other visible
 * character is a token of its own (punctuation, symbols), and whitespace
 * only separates. Tokens are interned to integers and compared with
 * Myers' O((N+M)D) algorithm in its linear-space form (the middle snake,
 * recursing on both halves, common prefix and suffix stripped first). The
 * script is then turned into runs of text that keep the original spelling
 * and spacing.
 */
#include "diff/worddiff_int.h"

#include "dossier/diff.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"

#include "base/util.h"
#include "text/text.h"

/* ---- tokens ---- */

/* The class of the character at s (left bytes) and its length *k:
 * TEXT_UC_BLANK, TEXT_UC_WORD or 0, what text_utf8_class gives. ASCII,
 * the Latin letters and combining marks of U+00C0-U+036F and the
 * Vietnamese letters of U+1E00-U+1EFF (most of any text) without
 * utf8proc's look-up; a byte that starts no valid sequence (not expected
 * on validated input) is a symbol of its own. */
static inline unsigned char_class(const unsigned char *s, size_t left, size_t *k)
{
	unsigned c = s[0];
	int32_t cp;

	if (c < 0x80) {
		*k = 1;
		return c <= 0x20 || c == 0x7f ? TEXT_UC_BLANK :
		       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ? TEXT_UC_WORD : 0;
	}
	if (c >= 0xC2 && c <= 0xDF && left >= 2 && (s[1] & 0xC0) == 0x80) {
		cp = (int32_t)(((c & 0x1Fu) << 6) | (s[1] & 0x3Fu));
		*k = 2;
		if ((cp >= 0xC0 && cp <= 0x36F && cp != 0xD7 && cp != 0xF7))
			return TEXT_UC_WORD;
		return text_utf8_class(cp) & (TEXT_UC_WORD | TEXT_UC_BLANK);
	}
	if (c == 0xE1 && left >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		cp = (int32_t)(0x1000u | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
		*k = 3;
		if (cp >= 0x1E00 && cp <= 0x1EFF)
			return TEXT_UC_WORD;
		return text_utf8_class(cp) & (TEXT_UC_WORD | TEXT_UC_BLANK);
	}
	*k = dossier_utf8_next((const char *)s, left, &cp);
	if (*k == 0) {
		*k = 1;
		return 0;    /* U+FFFD: a symbol */
	}
	return text_utf8_class(cp) & (TEXT_UC_WORD | TEXT_UC_BLANK);
}

int wd_tokenize(wd_token **out, size_t *n, const char *s, size_t len)
{
	wd_token *v = NULL;
	size_t nv = 0, cap = 0, off = 0;
	int in_word = 0;

	*out = NULL;
	*n = 0;
	while (off < len) {
		size_t k;
		unsigned cls = char_class((const unsigned char *)s + off, len - off, &k);

		if (cls & TEXT_UC_BLANK) {
			in_word = 0;
		} else if ((cls & TEXT_UC_WORD) && in_word) {
			v[nv - 1].len += k;
		} else {
			if (nv == cap) {
				size_t nc = cap ? cap * 2 : 32;
				wd_token *t = realloc(v, nc * sizeof(*t));

				if (!t) {
					free(v);
					return DOSSIER_ENOMEM;
				}
				v = t;
				cap = nc;
			}
			v[nv].off = off;
			v[nv].len = k;
			v[nv].word = (cls & TEXT_UC_WORD) != 0;
			in_word = v[nv].word;
			nv++;
		}
		off += k;
	}
	*out = v;
	*n = nv;
	return 0;
}

/* One more word's hash at the end of out. */
static int push_hash(wd_hashes *out, uint64_t h)
{
	if (out->n == out->cap) {
		size_t nc = out->cap ? out->cap * 2 : 64;
		uint64_t *t = realloc(out->v, nc * sizeof(*t));

		if (!t)
			return -1;
		out->v = t;
		out->cap = nc;
	}
	out->v[out->n++] = h;
	return 0;
}

int wd_word_hashes(wd_hashes *out, const char *s, uint64_t seed)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), off = 0;
	uint64_t h0 = 0xcbf29ce484222325ull ^ (seed * 0x9e3779b97f4a7c15ull), h = 0;
	int in_word = 0;

	while (off < len) {
		size_t k, i;
		unsigned cls, c = p[off];

		/* ASCII letters and digits, most of the bytes of a text */
		if (c < 0x80 && (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9'))) {
			if (!in_word)
				h = h0;
			in_word = 1;
			h = (h ^ c) * 0x100000001b3ull;
			off++;
			continue;
		}
		cls = char_class(p + off, len - off, &k);
		if (!(cls & TEXT_UC_WORD)) {
			if (in_word && push_hash(out, h) < 0)
				return DOSSIER_ENOMEM;
			in_word = 0;
			off += k;
			continue;
		}
		if (!in_word)
			h = h0;
		in_word = 1;
		for (i = 0; i < k; i++) {
			h ^= p[off + i];
			h *= 0x100000001b3ull;
		}
		off += k;
	}
	if (in_word && push_hash(out, h) < 0)
		return DOSSIER_ENOMEM;
	return 0;
}

/* Characters that are NFC and cannot combine with what precedes them. */
static int surely_nfc(int32_t cp)
{
	return (cp > 0 && cp < 0x300) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E);
}

int wd_nfc(char **out, const char *s, size_t len, dossier_error *err)
{
	size_t off = 0;

	*out = NULL;
	while (off < len) {
		int32_t cp;
		size_t k;

		if ((unsigned char)s[off] < 0x80 && s[off]) {
			off++;
			continue;
		}
		k = dossier_utf8_next(s + off, len - off, &cp);
		if (k == 0 || !surely_nfc(cp))
			return dossier_utf8_nfc(out, s, len, err);
		off += k;
	}
	*out = util_strndup(s, len);
	return *out ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

uint64_t wd_hash(const char *s, size_t n, uint64_t seed)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (seed * 0x9e3779b97f4a7c15ull);
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* ---- Myers ---- */

typedef struct script {
	wd_edit *v;
	size_t n, cap;
	int oom;
} script;

static void emit(script *sc, wd_op op, size_t ai, size_t bi, size_t count)
{
	if (!count || sc->oom)
		return;
	if (sc->n && sc->v[sc->n - 1].op == op) {
		wd_edit *last = &sc->v[sc->n - 1];
		size_t la = op == WD_INSERT ? 0 : last->count;
		size_t lb = op == WD_DELETE ? 0 : last->count;

		if (last->ai + la == ai && last->bi + lb == bi) {
			last->count += count;
			return;
		}
	}
	if (sc->n == sc->cap) {
		size_t nc = sc->cap ? sc->cap * 2 : 16;
		wd_edit *t = realloc(sc->v, nc * sizeof(*t));

		if (!t) {
			sc->oom = 1;
			return;
		}
		sc->v = t;
		sc->cap = nc;
	}
	sc->v[sc->n].op = op;
	sc->v[sc->n].ai = ai;
	sc->v[sc->n].bi = bi;
	sc->v[sc->n].count = count;
	sc->n++;
}

typedef struct myers {
	const uint32_t *a, *b;
	long *v1, *v2;   /* scratch, 2 * (na + nb + 2) each */
	script sc;
} myers;

static void compare(myers *m, size_t a0, size_t a1, size_t b0, size_t b1);

/* Find the middle snake of a[a0..a1) and b[b0..b1) (both non-empty, with
 * no common prefix or suffix) and recurse on both sides of it. */
static void bisect(myers *m, size_t a0, size_t a1, size_t b0, size_t b1)
{
	const uint32_t *a = m->a + a0, *b = m->b + b0;
	long n = (long)(a1 - a0), mm = (long)(b1 - b0);
	long max_d = (n + mm + 1) / 2, off = max_d, vlen = 2 * max_d + 2;
	long delta = n - mm, d, k1, k2;
	long k1start = 0, k1end = 0, k2start = 0, k2end = 0;
	int front = (delta % 2) != 0;
	long *v1 = m->v1, *v2 = m->v2;

	for (d = 0; d < vlen; d++)
		v1[d] = v2[d] = -1;
	v1[off + 1] = 0;
	v2[off + 1] = 0;
	for (d = 0; d < max_d; d++) {
		for (k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
			long k1o = off + k1, x1, y1;

			if (k1 == -d || (k1 != d && v1[k1o - 1] < v1[k1o + 1]))
				x1 = v1[k1o + 1];
			else
				x1 = v1[k1o - 1] + 1;
			y1 = x1 - k1;
			while (x1 < n && y1 < mm && a[x1] == b[y1]) {
				x1++;
				y1++;
			}
			v1[k1o] = x1;
			if (x1 > n) {
				k1end += 2;
			} else if (y1 > mm) {
				k1start += 2;
			} else if (front) {
				long k2o = off + delta - k1;

				if (k2o >= 0 && k2o < vlen && v2[k2o] != -1) {
					long x2 = n - v2[k2o];

					if (x1 >= x2) {
						compare(m, a0, a0 + (size_t)x1, b0, b0 + (size_t)y1);
						compare(m, a0 + (size_t)x1, a1, b0 + (size_t)y1, b1);
						return;
					}
				}
			}
		}
		for (k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
			long k2o = off + k2, x2, y2;

			if (k2 == -d || (k2 != d && v2[k2o - 1] < v2[k2o + 1]))
				x2 = v2[k2o + 1];
			else
				x2 = v2[k2o - 1] + 1;
			y2 = x2 - k2;
			while (x2 < n && y2 < mm && a[n - x2 - 1] == b[mm - y2 - 1]) {
				x2++;
				y2++;
			}
			v2[k2o] = x2;
			if (x2 > n) {
				k2end += 2;
			} else if (y2 > mm) {
				k2start += 2;
			} else if (!front) {
				long k1o = off + delta - k2;

				if (k1o >= 0 && k1o < vlen && v1[k1o] != -1) {
					long x1 = v1[k1o];
					long y1 = off + x1 - k1o;

					if (x1 >= n - x2) {
						compare(m, a0, a0 + (size_t)x1, b0, b0 + (size_t)y1);
						compare(m, a0 + (size_t)x1, a1, b0 + (size_t)y1, b1);
						return;
					}
				}
			}
		}
	}
	/* No common element at all. */
	emit(&m->sc, WD_DELETE, a0, b0, a1 - a0);
	emit(&m->sc, WD_INSERT, a1, b0, b1 - b0);
}

static void compare(myers *m, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t p = 0, s = 0;

	while (a0 + p < a1 && b0 + p < b1 && m->a[a0 + p] == m->b[b0 + p])
		p++;
	emit(&m->sc, WD_EQUAL, a0, b0, p);
	a0 += p;
	b0 += p;
	while (a1 - s > a0 && b1 - s > b0 && m->a[a1 - s - 1] == m->b[b1 - s - 1])
		s++;
	a1 -= s;
	b1 -= s;
	if (a0 == a1)
		emit(&m->sc, WD_INSERT, a0, b0, b1 - b0);
	else if (b0 == b1)
		emit(&m->sc, WD_DELETE, a0, b0, a1 - a0);
	else
		bisect(m, a0, a1, b0, b1);
	emit(&m->sc, WD_EQUAL, a1, b1, s);
}

int wd_myers(wd_edit **out, size_t *n, const uint32_t *a, size_t na,
	const uint32_t *b, size_t nb)
{
	myers m;
	size_t vl = na + nb + 4;

	*out = NULL;
	*n = 0;
	memset(&m, 0, sizeof(m));
	m.a = a;
	m.b = b;
	m.v1 = malloc(vl * sizeof(long));
	m.v2 = malloc(vl * sizeof(long));
	if (!m.v1 || !m.v2) {
		free(m.v1);
		free(m.v2);
		return DOSSIER_ENOMEM;
	}
	compare(&m, 0, na, 0, nb);
	free(m.v1);
	free(m.v2);
	if (m.sc.oom) {
		free(m.sc.v);
		return DOSSIER_ENOMEM;
	}
	*out = m.sc.v;
	*n = m.sc.n;
	return 0;
}

/* ---- interning ---- */

typedef struct interner {
	const char **key;
	size_t *klen;
	size_t cap, n;
} interner;

static int intern(uint32_t *id, interner *in, const char *s, size_t len)
{
	size_t mask, i;

	if ((in->n + 1) * 2 > in->cap) {
		size_t nc = in->cap ? in->cap * 2 : 64, j;
		const char **nk = calloc(nc, sizeof(*nk));
		size_t *nl = calloc(nc, sizeof(*nl));
		if (!nk || !nl) {
			free(nk);
			free(nl);
			return DOSSIER_ENOMEM;
		}
		for (j = 0; j < in->cap; j++) {
			if (!in->key[j])
				continue;
			i = (size_t)wd_hash(in->key[j], in->klen[j] & 0xffffffffu, 0) & (nc - 1);
			while (nk[i])
				i = (i + 1) & (nc - 1);
			nk[i] = in->key[j];
			nl[i] = in->klen[j];
		}
		free(in->key);
		free(in->klen);
		in->key = nk;
		in->klen = nl;
		in->cap = nc;
	}
	mask = in->cap - 1;
	i = (size_t)wd_hash(s, len, 0) & mask;
	while (in->key[i]) {
		if ((in->klen[i] & 0xffffffffu) == len && !memcmp(in->key[i], s, len)) {
			*id = (uint32_t)(in->klen[i] >> 32);
			return 0;
		}
		i = (i + 1) & mask;
	}
	in->key[i] = s;
	in->klen[i] = len | ((size_t)in->n << 32);
	*id = (uint32_t)in->n++;
	return 0;
}

/* ---- the public word diff ---- */

typedef struct side {
	char *text;
	wd_token *tok;
	size_t ntok;
	uint32_t *id;
} side;

static void side_free(side *s)
{
	free(s->text);
	free(s->tok);
	free(s->id);
}

static int side_load(side *s, const char *text, interner *in, dossier_error *err)
{
	size_t i;
	int rc;

	if ((rc = wd_nfc(&s->text, text ? text : "", text ? strlen(text) : 0, err)) < 0)
		return rc;
	if (wd_tokenize(&s->tok, &s->ntok, s->text, strlen(s->text)) < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	s->id = malloc((s->ntok + 1) * sizeof(*s->id));
	if (!s->id)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (i = 0; i < s->ntok; i++)
		if (intern(&s->id[i], in, s->text + s->tok[i].off, s->tok[i].len) < 0)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	return 0;
}

/* Append a segment of tokens [from, from+count) of side s. */
static int add_seg(dossier_word_diff *wd, size_t *cap, dossier_word_op op, const side *s,
	size_t from, size_t count)
{
	const wd_token *t0 = &s->tok[from], *t1 = &s->tok[from + count - 1];
	dossier_word_seg *seg;

	if (wd->nsegs == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		dossier_word_seg *v = realloc(wd->segs, nc * sizeof(*v));

		if (!v)
			return DOSSIER_ENOMEM;
		wd->segs = v;
		*cap = nc;
	}
	seg = &wd->segs[wd->nsegs];
	seg->op = op;
	seg->text = util_strndup(s->text + t0->off, t1->off + t1->len - t0->off);
	if (!seg->text)
		return DOSSIER_ENOMEM;
	{
		size_t gap0 = from == 0 ? 0 : s->tok[from - 1].off + s->tok[from - 1].len;

		seg->space_before = gap0 < t0->off;
		seg->newline_before = memchr(s->text + gap0, '\n', t0->off - gap0) != NULL;
	}
	wd->nsegs++;
	return 0;
}

/* Between two runs of common tokens, what was deleted is one range of the
 * old text and what was inserted one range of the new: give each block as
 * one DELETE followed by one INSERT, whatever order the search found them
 * in. Returns the new number of steps (in place). */
static size_t normalise(wd_edit *ed, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n) {
		size_t j = i, da = 0, ib = 0, a0 = 0, b0 = 0;
		int hd = 0, hi = 0;

		if (ed[i].op == WD_EQUAL) {
			ed[k++] = ed[i++];
			continue;
		}
		for (; j < n && ed[j].op != WD_EQUAL; j++) {
			if (ed[j].op == WD_DELETE) {
				if (!hd++)
					a0 = ed[j].ai;
				da += ed[j].count;
			} else {
				if (!hi++)
					b0 = ed[j].bi;
				ib += ed[j].count;
			}
		}
		if (da) {
			ed[k].op = WD_DELETE;
			ed[k].ai = a0;
			ed[k].bi = 0;
			ed[k++].count = da;
		}
		if (ib) {
			ed[k].op = WD_INSERT;
			ed[k].ai = 0;
			ed[k].bi = b0;
			ed[k++].count = ib;
		}
		i = j;
	}
	return k;
}

int dossier_word_diff_new(dossier_word_diff **out, const char *old_text,
	const char *new_text, dossier_error *err)
{
	side a = { 0 }, b = { 0 };
	interner in = { 0 };
	wd_edit *ed = NULL;
	size_t ned = 0, i, cap = 0;
	dossier_word_diff *wd;
	int rc;

	*out = NULL;
	wd = calloc(1, sizeof(*wd));
	if (!wd)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	if ((rc = side_load(&a, old_text, &in, err)) < 0 ||
	    (rc = side_load(&b, new_text, &in, err)) < 0)
		goto done;
	if (wd_myers(&ed, &ned, a.id, a.ntok, b.id, b.ntok) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	ned = normalise(ed, ned);
	for (i = 0; i < ned; i++) {
		const wd_edit *e = &ed[i];

		if (e->op == WD_DELETE) {
			rc = add_seg(wd, &cap, DOSSIER_WORD_DELETE, &a, e->ai, e->count);
			wd->deleted += e->count;
		} else if (e->op == WD_INSERT) {
			rc = add_seg(wd, &cap, DOSSIER_WORD_INSERT, &b, e->bi, e->count);
			wd->inserted += e->count;
		} else {
			rc = add_seg(wd, &cap, DOSSIER_WORD_EQUAL, &b, e->bi, e->count);
			wd->equal += e->count;
		}
		if (rc < 0) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			goto done;
		}
	}
	*out = wd;
	wd = NULL;
done:
	dossier_word_diff_free(wd);
	free(ed);
	free(in.key);
	free(in.klen);
	side_free(&a);
	side_free(&b);
	return rc;
}

void dossier_word_diff_free(dossier_word_diff *wd)
{
	size_t i;

	if (!wd)
		return;
	for (i = 0; i < wd->nsegs; i++)
		free(wd->segs[i].text);
	free(wd->segs);
	free(wd);
}

bool dossier_word_diff_changed(const dossier_word_diff *wd)
{
	return wd && (wd->deleted || wd->inserted);
}
