/*
 * textheading.c: the shapes of headings in Vietnamese and English legal
 * text, one line at a time (see textheading.h). A heading is a keyword, a
 * number, and then the end of the line or a separator ("." / ":" / " - ")
 * and a title. "Mục tiêu của thi đua …" or "Điều 28 Luật …" do not have
 * that shape, so they stay text. Numbering continuity is the parser's
 * business, not this file's.
 */
#include "text/textheading_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"

#include "text/text.h"
#include "dossier/calendar.h"
#include "base/util.h"

struct keyword {
	const char *word;
	th_kind kind;
	int lang;
};

static const struct keyword keywords[] = {
	{ "Phần", TH_PART, DOSSIER_LANG_VIE },
	{ "PHẦN", TH_PART, DOSSIER_LANG_VIE },
	{ "Part", TH_PART, DOSSIER_LANG_ENG },
	{ "PART", TH_PART, DOSSIER_LANG_ENG },
	{ "Chương", TH_CHAPTER, DOSSIER_LANG_VIE },
	{ "CHƯƠNG", TH_CHAPTER, DOSSIER_LANG_VIE },
	{ "Chapter", TH_CHAPTER, DOSSIER_LANG_ENG },
	{ "CHAPTER", TH_CHAPTER, DOSSIER_LANG_ENG },
	{ "Mục", TH_SECTION, DOSSIER_LANG_VIE },
	{ "MỤC", TH_SECTION, DOSSIER_LANG_VIE },
	{ "Section", TH_SECTION, DOSSIER_LANG_ENG },
	{ "SECTION", TH_SECTION, DOSSIER_LANG_ENG },
	{ "Điều", TH_ARTICLE, DOSSIER_LANG_VIE },
	{ "ĐIỀU", TH_ARTICLE, DOSSIER_LANG_VIE },
	{ "Article", TH_ARTICLE, DOSSIER_LANG_ENG },
	{ "ARTICLE", TH_ARTICLE, DOSSIER_LANG_ENG },
	{ "Phụ lục", TH_APPENDIX, DOSSIER_LANG_VIE },
	{ "Phụ Lục", TH_APPENDIX, DOSSIER_LANG_VIE },
	{ "PHỤ LỤC", TH_APPENDIX, DOSSIER_LANG_VIE },
	{ "Appendix", TH_APPENDIX, DOSSIER_LANG_ENG },
	{ "APPENDIX", TH_APPENDIX, DOSSIER_LANG_ENG },
	{ "Annex", TH_APPENDIX, DOSSIER_LANG_ENG },
	{ "ANNEX", TH_APPENDIX, DOSSIER_LANG_ENG },
};

void th_release(th_heading *h)
{
	if (!h)
		return;
	free(h->num);
	free(h->title);
	memset(h, 0, sizeof(*h));
}

static int is_roman_char(char c)
{
	return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
}

/* Length of a number at s for the given kind, 0 when there is none. */
static size_t number_len(const char *s, th_kind kind, int lang)
{
	size_t n = 0;

	if (isdigit((unsigned char)s[0])) {
		while (isdigit((unsigned char)s[n]))
			n++;
		if (n > 4)
			return 0;
		/* "Điều 5a" (an inserted article), "Section 3AB" (the UK's
		 * inserted sections): up to three letters */
		if (kind == TH_ARTICLE) {
			size_t k = 0;

			while (k < 4 && isalpha((unsigned char)s[n + k]))
				k++;
			if (k && k <= 3)
				n += k;
		}
		return n;
	}
	/* "Part #", "Article #": the LEOS placeholder of a number still to
	 * be given */
	if (s[0] == '#' && (s[1] == 0 || s[1] == '.' || s[1] == ' ' || s[1] == ':'))
		return 1;
	if (kind == TH_ARTICLE)
		return 0;
	if (is_roman_char(s[0])) {
		while (is_roman_char(s[n]))
			n++;
		return n;
	}
	if (kind == TH_PART) {
		static const char *const words_vie[] = {
			"thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu",
			"thứ bảy", "thứ tám", "thứ chín", "thứ mười", "THỨ NHẤT", "THỨ HAI",
			"THỨ BA", "THỨ TƯ", "THỨ NĂM", "THỨ SÁU", "THỨ BẢY", "THỨ TÁM",
			"THỨ CHÍN", "THỨ MƯỜI",
		};
		static const char *const words_eng[] = {
			"One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
			"Nine", "Ten", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX",
			"SEVEN", "EIGHT", "NINE", "TEN",
		};
		/* Either language's words: a text written back keeps the number
		 * as it was written ("Phần One" from a mixed source). */
		const char *const *w = lang == DOSSIER_LANG_VIE ? words_vie : words_eng;
		size_t i, best = 0;

		for (i = 0; i < 40; i++) {
			const char *word = i < 20 ? words_vie[i] : words_eng[i - 20];
			size_t len = strlen(word);

			if (strncmp(s, word, len) == 0 && len > best &&
			    (s[len] == 0 || s[len] == ' ' || s[len] == '.' || s[len] == ':'))
				best = len;
		}
		/* "thứ mười một" … */
		if (best && s[best] == ' ' && lang == DOSSIER_LANG_VIE &&
		    (strncmp(w[0], "thứ", 1) == 0)) {
			const char *p = s + best + 1;
			size_t k = 0;

			while (p[k] && p[k] != ' ' && p[k] != '.' && p[k] != ':')
				k++;
			if (k && k < 8 && (strncmp(s + best - strlen("mười"), "mười", strlen("mười")) == 0 ||
			    strncmp(s + best - strlen("MƯỜI"), "MƯỜI", strlen("MƯỜI")) == 0))
				best += 1 + k;
		}
		return best;
	}
	return 0;
}

static int point_letter(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 0xC4 && u[1] == 0x91) { /* đ */
		*len = 2;
		return 1;
	}
	if (u[0] == 'd' && u[1] == 'd' && u[2] == ')') {
		*len = 2;
		return 1;
	}
	if (u[0] >= 'a' && u[0] <= 'z') {
		/* "aa)", "ba)": a point inserted after "a)" */
		*len = u[1] >= 'a' && u[1] <= 'z' && u[2] == ')' ? 2 : 1;
		return 1;
	}
	return 0;
}

static char *strip_title(const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' '))
		n--;
	/* One trailing full stop, not an ellipsis. */
	if (n && s[n - 1] == '.' && !(n > 1 && s[n - 2] == '.'))
		n--;
	while (n && s[n - 1] == ' ')
		n--;
	return util_strndup(s, n);
}

static int set_heading(th_heading *h, th_kind kind, int lang, const char *num,
	size_t numlen, const char *title)
{
	h->kind = kind;
	h->lang = lang;
	h->num = util_strndup(num, numlen);
	if (!h->num)
		return DOSSIER_ENOMEM;
	if (title && *title) {
		h->title = strip_title(title);
		if (!h->title) {
			th_release(h);
			return DOSSIER_ENOMEM;
		}
		if (!*h->title) {
			free(h->title);
			h->title = NULL;
		}
	}
	h->bare = h->title == NULL;
	return 1;
}

/* Clauses and points keep their text verbatim (a trailing full stop is text). */
static int set_verbatim(th_heading *h, th_kind kind, const char *num, size_t numlen,
	const char *text)
{
	h->kind = kind;
	h->lang = -1;
	h->num = util_strndup(num, numlen);
	h->title = util_strdup(text);
	if (!h->num || !h->title) {
		th_release(h);
		return DOSSIER_ENOMEM;
	}
	return 1;
}

/* The largest depth of a sub-point label, "((((x))))". */
#define TH_SUBPOINT_DEPTH 4
/* The longest sub-point number: "viii", "aa", "12". */
#define TH_SUBPOINT_NUM 8

/* "(i) text", "((A)) text": a point inside a point, its number in as many
 * parentheses as it lies points deep (docs/text-format.md). */
static int match_subpoint(th_heading *h, const char *line)
{
	size_t d = 0, n = 0, k;
	int rc;

	while (line[d] == '(' && d < TH_SUBPOINT_DEPTH)
		d++;
	if (!d)
		return 0;
	while (isalnum((unsigned char)line[d + n]) && n <= TH_SUBPOINT_NUM)
		n++;
	if (!n || n > TH_SUBPOINT_NUM)
		return 0;
	for (k = 0; k < d; k++)
		if (line[d + n + k] != ')')
			return 0;
	k = d + n + d;
	if (line[k] == 0)
		rc = set_heading(h, TH_SUBPOINT, -1, line + d, n, NULL);
	else if (line[k] == ' ')
		rc = set_verbatim(h, TH_SUBPOINT, line + d, n, line + k + 1);
	else
		return 0;
	h->depth = (int)d;
	return rc;
}

static int match_clause_point(th_heading *h, const char *line)
{
	size_t n = 0;

	if (line[0] == '(')
		return match_subpoint(h, line);

	if (isdigit((unsigned char)line[0])) {
		while (isdigit((unsigned char)line[n]))
			n++;
		if (n > 3)
			return 0;
		/* "2A." (the UK's inserted subsections): up to two capitals */
		if (isupper((unsigned char)line[n]) && line[n + 1] == '.')
			n++;
		else if (isupper((unsigned char)line[n]) && isupper((unsigned char)line[n + 1]) &&
			 line[n + 2] == '.')
			n += 2;
		if (line[n] != '.')
			return 0;
		if (line[n + 1] == 0)
			return set_heading(h, TH_CLAUSE, -1, line, n, NULL);
		if (line[n + 1] != ' ')
			return 0;
		return set_verbatim(h, TH_CLAUSE, line, n, line + n + 2);
	}
	if (point_letter(line, &n) && line[n] == ')') {
		if (line[n + 1] == 0)
			return set_heading(h, TH_POINT, -1, line, n, NULL);
		if (line[n + 1] != ' ')
			return 0;
		return set_verbatim(h, TH_POINT, line, n, line + n + 2);
	}
	return 0;
}

int th_match(th_heading *h, const char *line)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		const struct keyword *k = &keywords[i];
		size_t wl, nl;
		const char *p, *rest;

		if (line[0] != k->word[0] || strncmp(line, k->word, (wl = strlen(k->word))) != 0)
			continue;
		p = line + wl;
		if (*p == 0)
			return set_heading(h, k->kind, k->lang, "", 0, NULL);
		/* an unnumbered unit with its title: "Section. PRAYERS",
		 * "Appendix. explanation" (what the writer writes for them) */
		if (*p == '.' && p[1] == ' ' && p[2]) {
			int r = set_heading(h, k->kind, k->lang, "", 0, p + 2);

			h->dot = h->title != NULL;
			return r;
		}
		if (*p != ' ')
			continue;
		p++;
		nl = number_len(p, k->kind, k->lang);
		if (!nl) {
			/* An appendix without a number but with a title: "PHỤ LỤC: …". */
			continue;
		}
		rest = p + nl;
		if (*rest == 0)
			return set_heading(h, k->kind, k->lang, p, nl, NULL);
		if (*rest == '.' || *rest == ':') {
			const char *t = rest + 1;
			int r;

			/* "Điều 1.5" is not a heading. */
			if (isdigit((unsigned char)*t))
				return 0;
			while (*t == ' ')
				t++;
			r = set_heading(h, k->kind, k->lang, p, nl, t);
			h->dot = *rest == '.' && h->title;
			return r;
		}
		if (*rest != ' ')
			return 0;
		rest++;
		if ((strncmp(rest, "- ", 2) == 0 || strncmp(rest, "– ", strlen("– ")) == 0) &&
		    k->kind != TH_ARTICLE)
			return set_heading(h, k->kind, k->lang, p, nl,
				rest + (rest[0] == '-' ? 2 : strlen("– ")));
		/* "Chương I QUY ĐỊNH CHUNG": an upper-case title without separator. */
		if (k->kind != TH_ARTICLE && th_is_upper(rest))
			return set_heading(h, k->kind, k->lang, p, nl, rest);
		return 0;
	}
	return match_clause_point(h, line);
}

int th_is_upper(const char *s)
{
	size_t len = strlen(s), off = 0;
	int upper = 0;

	while (off < len) {
		int32_t cp;
		size_t n = dossier_utf8_next(s + off, len - off, &cp);
		unsigned c;

		if (n == 0)
			return 0;
		c = text_utf8_class(cp);
		if (c & TEXT_UC_LOWER)
			return 0;
		if (c & TEXT_UC_UPPER)
			upper = 1;
		off += n;
	}
	return upper;
}

int th_is_separator(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (!strchr("-_*=.~", *s))
			return 0;
		n++;
	}
	return n >= 3;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int th_is_conclusion_start(const char *line)
{
	static const char *const prefixes[] = {
		"Nơi nhận", "NƠI NHẬN", "Recipients:", "TM. ", "T/M ", "KT. ", "K/T ", "Q. ",
		"TL. ", "TUQ. ", "ON BEHALF OF", "FOR THE ", "P.P. ",
		"Luật này đã được Quốc hội", "Bộ luật này đã được Quốc hội",
		"Nghị quyết này đã được", "Pháp lệnh này đã được",
		"This Law was passed", "This Code was passed", "This Resolution was passed",
		"This Law was adopted", "This Ordinance was",
	};
	static const char *const whole[] = {
		"CHỦ TỊCH QUỐC HỘI", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
		"CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "[ (Đã ký)", "(Signed)", "(signed)",
		"PRIME MINISTER", "DEPUTY PRIME MINISTER", "MINISTER", "DEPUTY MINISTER",
		"CHAIRMAN OF THE NATIONAL ASSEMBLY", "CHAIRWOMAN OF THE NATIONAL ASSEMBLY",
		"PRESIDENT",
	};
	size_t i;

	/* the first byte first: this runs on every line of the body */
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (line[0] == prefixes[i][0] && starts(line, prefixes[i]))
			return 1;
	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (line[0] == whole[i][0] && strcmp(line, whole[i]) == 0)
			return 1;
	return 0;
}

int th_is_preamble_start(const char *line)
{
	static const char *const prefixes[] = {
		"Căn cứ", "CĂN CỨ", "Theo đề nghị", "Xét đề nghị", "Pursuant to",
		"At the request of", "At the proposal of", "In accordance with",
		"Under the ", "On the basis of",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (starts(line, prefixes[i]))
			return 1;
	return 0;
}

const char *th_doc_kind(const char *line)
{
	static const struct { const char *line, *kind; } types[] = {
		{ "NGHỊ ĐỊNH", "decree" }, { "LUẬT", "law" }, { "BỘ LUẬT", "code" },
		{ "THÔNG TƯ", "circular" }, { "THÔNG TƯ LIÊN TỊCH", "circular" },
		{ "QUYẾT ĐỊNH", "decision" }, { "NGHỊ QUYẾT", "resolution" },
		{ "PHÁP LỆNH", "ordinance" }, { "CHỈ THỊ", "directive" },
		{ "DECREE", "decree" }, { "LAW", "law" }, { "CODE", "code" },
		{ "CIRCULAR", "circular" }, { "JOINT CIRCULAR", "circular" },
		{ "DECISION", "decision" }, { "RESOLUTION", "resolution" },
		{ "ORDINANCE", "ordinance" }, { "DIRECTIVE", "directive" },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(line, types[i].line) == 0)
			return types[i].kind;
	return NULL;
}

static void cut(char *line, const char *what)
{
	char *p;
	size_t n = strlen(what);

	while ((p = strstr(line, what)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

size_t th_strip_motto(char *line)
{
	static const char *const motto[] = {
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc",
		"SOCIALIST REPUBLIC OF VIETNAM", "SOCIALIST REPUBLIC OF VIET NAM",
		"Independence - Freedom - Happiness", "Independence – Freedom – Happiness",
	};
	char *r, *w;
	size_t i, n;

	for (i = 0; i < sizeof(motto) / sizeof(motto[0]); i++)
		cut(line, motto[i]);
	/* Separator runs: three or more of - _ * = */
	for (r = line, w = line; *r;) {
		size_t k = 0;

		while (r[k] && strchr("-_*=", r[k]))
			k++;
		if (k >= 3) {
			r += k;
			continue;
		}
		if (k) {
			memmove(w, r, k);
			w += k;
			r += k;
			continue;
		}
		*w++ = *r++;
	}
	*w = 0;
	/* Collapse the spaces left behind and trim. */
	for (r = line, w = line; *r; r++) {
		if (*r == ' ' && (w == line || w[-1] == ' '))
			continue;
		*w++ = *r;
	}
	*w = 0;
	n = strlen(line);
	while (n && line[n - 1] == ' ')
		line[--n] = 0;
	return n;
}

static int parse_uint(const char **p, unsigned *v)
{
	char *end;
	unsigned long x;

	if (!isdigit((unsigned char)**p))
		return 0;
	x = strtoul(*p, &end, 10);
	*p = end;
	*v = (unsigned)x;
	return 1;
}

static int valid_date(unsigned y, unsigned m, unsigned d)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

int th_place_date(char **place, char **iso, const char *line)
{
	const char *comma = strchr(line, ','), *p;
	unsigned d = 0, m = 0, y = 0;
	size_t i;

	*place = *iso = NULL;
	if (!comma || comma == line || comma - line > 40)
		return 0;
	p = comma + 1;
	while (*p == ' ')
		p++;
	if (starts(p, "ngày ")) {
		p += strlen("ngày ");
		if (!parse_uint(&p, &d) || !starts(p, " tháng "))
			return 0;
		p += strlen(" tháng ");
		if (!parse_uint(&p, &m) || !starts(p, " năm "))
			return 0;
		p += strlen(" năm ");
		if (!parse_uint(&p, &y))
			return 0;
	} else {
		for (i = 1; i <= 12; i++)
			if (starts(p, dossier_month_name((int)i)))
				break;
		if (i > 12)
			return 0;
		m = (unsigned)i;
		p += strlen(dossier_month_name((int)i));
		if (*p++ != ' ' || !parse_uint(&p, &d) || *p++ != ',' || *p++ != ' ' ||
		    !parse_uint(&p, &y))
			return 0;
	}
	while (*p == ' ' || *p == '.')
		p++;
	if (*p || !valid_date(y, m, d))
		return 0;
	*place = util_strndup(line, (size_t)(comma - line));
	*iso = util_sprintf("%04u-%02u-%02u", y, m, d);
	if (!*place || !*iso) {
		free(*place);
		free(*iso);
		*place = *iso = NULL;
		return 0;
	}
	return 1;
}

char *th_doc_number(const char *line)
{
	static const char *const keys[] = { "Số:", "Số :", "Số ", "số:", "số :", "No.:", "No:", "No. " };
	const char *p = NULL;
	size_t i, n;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && !p; i++) {
		const char *hit = strstr(line, keys[i]);

		/* At the start, or after one word ("Luật số:"). */
		if (hit && (hit == line || (hit - line < 24 && !memchr(line, ' ', (size_t)(hit - line - 1)))))
			p = hit + strlen(keys[i]);
	}
	if (!p)
		return NULL;
	while (*p == ' ')
		p++;
	n = strlen(p);
	while (n && p[n - 1] == ' ')
		n--;
	if (!n || memchr(p, ' ', n) || !strchr(p, '/'))
		return NULL;
	return util_strndup(p, n);
}
