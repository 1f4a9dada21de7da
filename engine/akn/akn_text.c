/*
 * akn_text.c: text helpers shared by the Akoma Ntoso writer and reader:
 * paragraph normalisation (so that what we write is what we read back) and
 * the labels of numbers ("Điều 5." <-> "5", "a)" <-> "a"). See akn_int.h.
 */
#include "akn/akn_int.h"
#include "text/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* The bytes akn_norm_text looks at: control characters, tabs and line
 * breaks among them (every other byte, UTF-8 and spaces included, is
 * copied as it is; a run of spaces alone is kept, and a trailing one
 * dropped at the end). */
static const unsigned char akn_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x7f] = 1,
};

char *akn_norm_text(const char *s, size_t len)
{
	/* The result is never longer than s: written straight into one
	 * buffer (a byte at a time through a dstr was a tenth of a convert). */
	char *out = malloc(len + 1);
	size_t i = 0, w = 0, run_start;
	int breaking, tail = 0;

	if (!out)
		return NULL;
	/* Skip leading whitespace. */
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t j;

		if (!akn_special[c]) {
			/* a run of ordinary bytes, copied at once */
			for (j = i + 1; j < len && !akn_special[(unsigned char)s[j]]; j++)
				;
			memcpy(out + w, s + i, j - i);
			w += j - i;
			i = j;
			continue;
		}
		if (c == '\t' || c == '\n' || c == '\r') {
			/* the spaces just copied belong to this run */
			run_start = i;
			while (run_start > 0 && s[run_start - 1] == ' ' && w > 0 && out[w - 1] == ' ')
				run_start--, w--;
			breaking = 0;
			while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
				if (s[i] != ' ')
					breaking = 1;
				i++;
			}
			if (i == len) {
				tail = 1;
				break; /* trailing run */
			}
			if (breaking) {
				out[w++] = ' ';
			} else {
				memcpy(out + w, s + run_start, i - run_start);
				w += i - run_start;
			}
			continue;
		}
		i++;    /* another control character: dropped */
	}
	{
		/* a trailing run of spaces, copied with the text before it */
		size_t k = 0;

		while (!tail && k < len && s[len - 1 - k] == ' ')
			k++;
		while (k-- && w && out[w - 1] == ' ')
			w--;
	}
	out[w] = 0;
	return out;
}

char *akn_num_label(dossier_node_kind kind, dossier_lang lang, const char *num)
{
	const char *word = *text_kind_word(kind, lang) ? text_kind_word(kind, lang) : NULL;

	switch (kind) {
	case DOSSIER_NODE_CLAUSE:
		return util_sprintf("%s.", num);
	case DOSSIER_NODE_POINT:
		return util_sprintf("%s)", num);
	case DOSSIER_NODE_ARTICLE:
		return util_sprintf("%s %s.", word, num);
	default:
		if (word)
			return util_sprintf("%s %s", word, num);
		return util_strdup(num);
	}
}

/* Words that may stand before a number, longest first where one is the
 * prefix of another. ASCII ones match in any case. */
static const char *const prefixes[] = {
	"Phụ lục", "PHỤ LỤC", "Điều", "ĐIỀU", "Chương", "CHƯƠNG", "Mục", "MỤC",
	"Phần", "PHẦN", "Khoản", "khoản", "Điểm", "điểm",
	"Articolo", "Article", "Art.", "Art", "Chapter", "Capo", "Section", "Sec.",
	"Sec", "Part", "Title", "Titolo", "Book", "Appendix", "Annex", "Schedule",
	"Paragraph", "Para.", "Subsection", "Clause", "Rule", "Regulation",
};

static int is_blank_or_punct(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '.' ||
		c == ')' || c == ':' || c == ',' || c == ';' || c == '(' || c == '-';
}

char *akn_num_strip(const char *label)
{
	const char *p = label, *end;
	size_t i;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		int ascii = (unsigned char)prefixes[i][0] < 0x80;

		if ((ascii ? strncasecmp(p, prefixes[i], n) : strncmp(p, prefixes[i], n)) != 0)
			continue;
		/* A whole word: followed by a blank, the end, or the word ends in '.'. */
		if (p[n] == '\0' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n' ||
		    prefixes[i][n - 1] == '.') {
			p += n;
			break;
		}
	}
	while (*p && is_blank_or_punct((unsigned char)*p) && *p != '-')
		p++;
	end = p + strlen(p);
	while (end > p && is_blank_or_punct((unsigned char)end[-1]))
		end--;
	return util_strndup(p, (size_t)(end - p));
}

int akn_is_iso_date(const char *s)
{
	int i, y, m, d;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}
