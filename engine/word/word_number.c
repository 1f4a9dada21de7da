/*
 * word_number.c: Word's automatic numbering (ECMA-376 part 1, 17.9) turned
 * into the number text Word shows. word/numbering.xml defines abstract
 * lists (w:abstractNum: per level a start, a format, a text such as
 * "Điều %1." or "%2)", a restart rule) and list instances (w:num) that
 * point at one, possibly overriding a level's start. Counters are kept per
 * abstract list, as Word keeps them: a second instance continues the first
 * unless it overrides the start, which restarts the level. A paragraph at
 * level k counts k up and resets the levels below it (unless w:lvlRestart
 * says otherwise). Lettered levels follow the Vietnamese alphabet of points
 * in a Vietnamese text (docs/word.md).
 */
#include "word/word_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLEVELS 9

enum fmt { F_DECIMAL, F_DECIMAL_ZERO, F_LOWER_LETTER, F_UPPER_LETTER, F_LOWER_ROMAN, F_UPPER_ROMAN,
	F_BULLET, F_NONE };

typedef struct level {
	int defined;
	unsigned start;
	enum fmt fmt;
	char *text;       /* w:lvlText, or NULL */
	int restart;      /* w:lvlRestart: -1 absent, 0 never, n after level n-1 */
	int legal;        /* w:isLgl: the other levels' numbers in decimal */
	char suffix;      /* '\t', ' ' or 0 (w:suff) */
} level;

typedef struct abstract {
	int id;
	level lv[NLEVELS];
	unsigned count[NLEVELS];
	int used[NLEVELS];
} abstract;

typedef struct instance {
	int id;
	int abstract;         /* index into abstracts, -1 when unknown */
	int override[NLEVELS];/* -1, or a start that restarts the level at first use */
	int applied[NLEVELS];
	level lv[NLEVELS];    /* w:lvlOverride/w:lvl, when defined */
} instance;

struct word_numbering {
	abstract *abs;
	size_t nabs;
	instance *inst;
	size_t ninst;
};

static const char *wattr(const akn_xml_node *n, const char *name)
{
	const char *v = akn_xml_attr(n, WORD_NS_W, name);

	return v ? v : akn_xml_attr(n, WORD_NS_W_STRICT, name);
}

static bool wis(const akn_xml_node *n, const char *name)
{
	return akn_xml_is(n, WORD_NS_W, name) || akn_xml_is(n, WORD_NS_W_STRICT, name);
}

static const akn_xml_node *wchild(const akn_xml_node *n, const char *name)
{
	const akn_xml_node *c;

	for (c = akn_xml_child(n); c; c = akn_xml_next(c))
		if (wis(c, name))
			return c;
	return NULL;
}

static int int_of(const char *s, int dflt)
{
	char *end;
	long v;

	if (!s)
		return dflt;
	v = strtol(s, &end, 10);
	return end == s || v < -1000000 || v > 1000000 ? dflt : (int)v;
}

static enum fmt fmt_of(const char *s)
{
	if (!s || !strcmp(s, "decimal"))
		return F_DECIMAL;
	if (!strcmp(s, "decimalZero"))
		return F_DECIMAL_ZERO;
	if (!strcmp(s, "lowerLetter"))
		return F_LOWER_LETTER;
	if (!strcmp(s, "upperLetter"))
		return F_UPPER_LETTER;
	if (!strcmp(s, "lowerRoman"))
		return F_LOWER_ROMAN;
	if (!strcmp(s, "upperRoman"))
		return F_UPPER_ROMAN;
	if (!strcmp(s, "bullet"))
		return F_BULLET;
	if (!strcmp(s, "none"))
		return F_NONE;
	return F_DECIMAL; /* ordinal, cardinalText, vietnameseCounting …: shown as digits */
}

static int read_level(level *lv, const akn_xml_node *el)
{
	const akn_xml_node *c;

	memset(lv, 0, sizeof(*lv));
	lv->defined = 1;
	lv->start = 1;
	lv->restart = -1;
	lv->suffix = '\t';
	for (c = akn_xml_child(el); c; c = akn_xml_next(c)) {
		const char *v = wattr(c, "val");

		if (wis(c, "start"))
			lv->start = (unsigned)(int_of(v, 1) < 0 ? 0 : int_of(v, 1));
		else if (wis(c, "numFmt"))
			lv->fmt = fmt_of(v);
		else if (wis(c, "lvlText") && v && !(lv->text = util_strdup(v)))
			return -1;
		else if (wis(c, "lvlRestart"))
			lv->restart = int_of(v, -1);
		else if (wis(c, "isLgl"))
			lv->legal = !v || (strcmp(v, "0") && strcmp(v, "false"));
		else if (wis(c, "suff"))
			lv->suffix = v && !strcmp(v, "space") ? ' ' : v && !strcmp(v, "nothing") ? 0 : '\t';
	}
	return 0;
}

int word_numbering_load(word_numbering **out, const akn_xml_doc *xml, dossier_error *err)
{
	word_numbering *n;
	const akn_xml_node *c;
	size_t i;

	*out = NULL;
	if (!(n = calloc(1, sizeof(*n))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	for (c = xml ? akn_xml_child(akn_xml_root(xml)) : NULL; c; c = akn_xml_next(c)) {
		const akn_xml_node *l;

		if (wis(c, "abstractNum")) {
			abstract *a, *grown = realloc(n->abs, (n->nabs + 1) * sizeof(*n->abs));

			if (!grown)
				goto oom;
			n->abs = grown;
			a = &n->abs[n->nabs++];
			memset(a, 0, sizeof(*a));
			a->id = int_of(wattr(c, "abstractNumId"), -1);
			for (l = akn_xml_child(c); l; l = akn_xml_next(l)) {
				int k = int_of(wattr(l, "ilvl"), -1);

				if (wis(l, "lvl") && k >= 0 && k < NLEVELS && read_level(&a->lv[k], l) < 0)
					goto oom;
			}
		} else if (wis(c, "num")) {
			instance *in, *grown = realloc(n->inst, (n->ninst + 1) * sizeof(*n->inst));

			if (!grown)
				goto oom;
			n->inst = grown;
			in = &n->inst[n->ninst++];
			memset(in, 0, sizeof(*in));
			in->id = int_of(wattr(c, "numId"), -1);
			in->abstract = int_of(wattr(wchild(c, "abstractNumId"), "val"), -1);
			for (i = 0; i < NLEVELS; i++)
				in->override[i] = -1;
			for (l = akn_xml_child(c); l; l = akn_xml_next(l)) {
				int k = int_of(wattr(l, "ilvl"), -1);
				const akn_xml_node *so, *lvl;

				if (!wis(l, "lvlOverride") || k < 0 || k >= NLEVELS)
					continue;
				if ((so = wchild(l, "startOverride")))
					in->override[k] = int_of(wattr(so, "val"), 1);
				if ((lvl = wchild(l, "lvl")) && read_level(&in->lv[k], lvl) < 0)
					goto oom;
			}
		}
	}
	/* The abstract list's index in place of its id. */
	for (i = 0; i < n->ninst; i++) {
		int id = n->inst[i].abstract;
		size_t j;

		n->inst[i].abstract = -1;
		for (j = 0; j < n->nabs; j++)
			if (n->abs[j].id == id)
				n->inst[i].abstract = (int)j;
	}
	*out = n;
	return 0;
oom:
	word_numbering_free(n);
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

void word_numbering_free(word_numbering *n)
{
	size_t i, k;

	if (!n)
		return;
	for (i = 0; i < n->nabs; i++)
		for (k = 0; k < NLEVELS; k++)
			free(n->abs[i].lv[k].text);
	for (i = 0; i < n->ninst; i++)
		for (k = 0; k < NLEVELS; k++)
			free(n->inst[i].lv[k].text);
	free(n->abs);
	free(n->inst);
	free(n);
}

/* The Vietnamese alphabet of points: no f, j, w, z; đ after d. */
static const char *const vie_letters[] = {
	"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
	"t", "u", "v", "x", "y",
};

char *word_letter(unsigned n, bool vie, bool upper)
{
	size_t nl = vie ? sizeof(vie_letters) / sizeof(*vie_letters) : 26;
	unsigned idx, reps, i;
	dstr s = DSTR_INIT;

	if (n == 0)
		return util_strdup("0");
	idx = (n - 1) % nl;
	reps = (n - 1) / nl + 1;
	if (reps > 100)
		return util_sprintf("%u", n);
	for (i = 0; i < reps; i++) {
		if (vie) {
			const char *l = vie_letters[idx];
			char up[2] = { (char)(l[0] - 32), 0 };

			dstr_adds(&s, !upper ? l : !strcmp(l, "đ") ? "Đ" : up);
		} else {
			dstr_addc(&s, (char)((upper ? 'A' : 'a') + idx));
		}
	}
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}

char *word_roman(unsigned n, bool upper)
{
	static const unsigned val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	static const char *const up[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
	static const char *const lo[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i" };
	dstr s = DSTR_INIT;
	size_t i;

	if (n == 0 || n > 3999)
		return util_sprintf("%u", n);
	for (i = 0; i < sizeof(val) / sizeof(*val); i++)
		while (n >= val[i]) {
			dstr_adds(&s, upper ? up[i] : lo[i]);
			n -= val[i];
		}
	return s.oom ? (dstr_free(&s), NULL) : dstr_detach(&s);
}

static char *format_one(unsigned v, enum fmt f, bool vie)
{
	switch (f) {
	case F_DECIMAL_ZERO:
		return util_sprintf("%02u", v);
	case F_LOWER_LETTER:
	case F_UPPER_LETTER:
		return word_letter(v, vie, f == F_UPPER_LETTER);
	case F_LOWER_ROMAN:
	case F_UPPER_ROMAN:
		return word_roman(v, f == F_UPPER_ROMAN);
	case F_NONE:
	case F_BULLET:
		return util_strdup("");
	default:
		return util_sprintf("%u", v);
	}
}

static const level *level_of(const word_numbering *n, const instance *in, int k)
{
	if (in->lv[k].defined)
		return &in->lv[k];
	if (in->abstract >= 0 && n->abs[in->abstract].lv[k].defined)
		return &n->abs[in->abstract].lv[k];
	return NULL;
}

/* A bullet's text: Word's symbol-font glyphs (private use area) as a dash. */
static char *bullet_text(const char *t)
{
	const unsigned char *u = (const unsigned char *)(t ? t : "");

	if (!*u || (u[0] == 0xEF && u[1] >= 0x80 && u[1] <= 0x83) || u[0] == 0xEF || u[0] < 0x20)
		return util_strdup("-");
	if (!strcmp(t, "•") || !strcmp(t, "·") || !strcmp(t, "o") || !strcmp(t, "§") || !strcmp(t, "▪"))
		return util_strdup("-");
	return util_strdup(t);
}

char *word_numbering_next(word_numbering *n, int num_id, int ilvl, bool vie)
{
	instance *in = NULL;
	abstract *a;
	const level *lv;
	dstr s = DSTR_INIT;
	const char *p;
	size_t i;
	int k;

	if (!n || ilvl < 0 || ilvl >= NLEVELS || num_id <= 0)
		return util_strdup("");
	for (i = 0; i < n->ninst && !in; i++)
		if (n->inst[i].id == num_id)
			in = &n->inst[i];
	if (!in || in->abstract < 0 || !(lv = level_of(n, in, ilvl)))
		return util_strdup("");
	a = &n->abs[in->abstract];
	/* Count this level; a start override restarts it at the instance's first use. */
	if (in->override[ilvl] >= 0 && !in->applied[ilvl]) {
		in->applied[ilvl] = 1;
		a->count[ilvl] = (unsigned)in->override[ilvl];
		a->used[ilvl] = 1;
	} else if (!a->used[ilvl]) {
		a->count[ilvl] = lv->start;
		a->used[ilvl] = 1;
	} else {
		a->count[ilvl]++;
	}
	for (k = ilvl + 1; k < NLEVELS; k++) {
		const level *lk = level_of(n, in, k);
		int r = lk ? lk->restart : -1;

		if (r == 0 || (r > 0 && ilvl > r - 1))
			continue;
		a->used[k] = 0;
	}
	if (lv->fmt == F_BULLET)
		return bullet_text(lv->text);
	/* The level's text with %1 … %9 replaced. */
	for (p = lv->text ? lv->text : "%1."; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int ref = p[1] - '1';
			const level *lr = level_of(n, in, ref);
			enum fmt f = lr ? lr->fmt : F_DECIMAL;
			unsigned v = a->used[ref] ? a->count[ref] : (lr ? lr->start : 1);
			char *num;

			if (lv->legal && ref != ilvl)
				f = F_DECIMAL;
			if (!(num = format_one(v, f, vie))) {
				dstr_free(&s);
				return NULL;
			}
			dstr_adds(&s, num);
			free(num);
			p++;
		} else {
			dstr_addc(&s, *p);
		}
	}
	if (s.oom) {
		dstr_free(&s);
		return NULL;
	}
	return dstr_detach(&s);
}
