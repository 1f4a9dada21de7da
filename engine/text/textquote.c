/*
 * textquote.c: quotation marks and amending instructions by their shape
 * (textquote_int.h). A quotation of new wording opens a line with “ and
 * ends where its marks balance: a quotation of several articles opens
 * once and closes once, and the quotes inside it ("tên miền “.vn”")
 * balance on the way. Only the typographic marks count: a straight '"'
 * cannot tell an opening from a closing.
 */
#include "text/textquote_int.h"
#include "text/text.h"

#include <string.h>

#define OPEN "\xE2\x80\x9C"   /* “ */
#define CLOSE "\xE2\x80\x9D"  /* ” */

int tq_opens(const char *line)
{
	return line && strncmp(line, OPEN, 3) == 0;
}

int tq_balance(const char *line)
{
	const char *s;
	int n = 0;

	for (s = line; s && (s = strstr(s, "\xE2\x80")) != NULL; s += 2) {
		if (s[2] == '\x9C')
			n++;
		else if (s[2] == '\x9D')
			n--;
	}
	return n;
}

static size_t trim_end(char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	return n;
}

size_t tq_strip(char *line, int first, int last)
{
	size_t n = strlen(line), k;

	if (first && tq_opens(line)) {
		memmove(line, line + 3, n - 2);
		n -= 3;
		for (k = 0; line[k] == ' ' || line[k] == '\t'; k++)
			;
		memmove(line, line + k, n - k + 1);
		n -= k;
	}
	if (last) {
		n = trim_end(line, n);
		k = n;
		while (k && strchr(".;,", line[k - 1]))
			k--;
		if (k >= 3 && memcmp(line + k - 3, CLOSE, 3) == 0) {
			line[k - 3] = 0;
			n = trim_end(line, k - 3);
		}
	}
	return n;
}

int tq_instruction_like(const char *text)
{
	static const char *const verbs[] = {
		"Sửa đổi", "sửa đổi", "Bổ sung", "bổ sung", "Bãi bỏ", "bãi bỏ", "Thay thế", "thay thế",
		"Bỏ ", "bỏ ", "Hủy bỏ", "hủy bỏ", "Huỷ bỏ", "huỷ bỏ", "Đình chỉ", "đình chỉ",
		"Amend", "amend", "Insert", "insert", "Repeal", "repeal", "Replace", "replace",
		"Delete", "delete", "Add ", "add ",
	};
	size_t i;

	if (!text)
		return 0;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strncmp(text, verbs[i], strlen(verbs[i])) == 0)
			return 1;
	return 0;
}

int tq_announces(const char *text)
{
	size_t n = text ? strlen(text) : 0;

	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	return n && text[n - 1] == ':';
}

size_t text_quoted_words(size_t *spans, size_t max, const char *para)
{
	const char *p, *start = NULL;
	size_t n = 0;
	int depth = 0;

	if (!para || !tq_instruction_like(para) || (!strstr(para, "cụm từ") && !strstr(para, "Cụm từ")))
		return 0;
	for (p = para; (p = strstr(p, "\xE2\x80")) != NULL && n < max;) {
		if (p[2] == '\x9C') {
			if (depth++ == 0)
				start = p;
		} else if (p[2] == '\x9D' && depth > 0 && --depth == 0) {
			spans[2 * n] = (size_t)(start - para);
			spans[2 * n + 1] = (size_t)(p + 3 - para);
			n++;
		}
		p += p[2] == '\x9C' || p[2] == '\x9D' ? 3 : 2;
	}
	return n;
}
