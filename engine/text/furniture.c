/*
 * furniture.c: page furniture of published texts, recognised so that the
 * parser drops it (docs/text-format.md, "Page furniture"). A Công báo PDF
 * extraction repeats on every page a header "CÔNG BÁO/Số 1053 + 1054/Ngày
 * 10-8-2025" with the page number on the line before or after it; the
 * first page adds the Gazette's section ("VĂN BẢN QUY PHẠM PHÁP LUẬT");
 * the Government portal stamps its electronic signature ("Người ký: …",
 * "Email: …", "Cơ quan: …", "Thời gian ký: …") into the text. Left in,
 * these become the issuer, or paragraphs inside provisions. A number alone
 * on a line is furniture only beside a Gazette header: elsewhere it may be
 * a table cell.
 */
#include "text/furniture_int.h"

#include <ctype.h>
#include <string.h>

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "CÔNG BÁO/Số 30/Ngày 21-01-2026", "CÔNG BÁO / Số 294 / Ngày 31-05-2026". */
static int is_gazette_header(const char *s)
{
	const char *p;

	if (!starts(s, "CÔNG BÁO"))
		return 0;
	p = s + strlen("CÔNG BÁO");
	while (*p == ' ')
		p++;
	if (*p != '/')
		return 0;
	return strstr(p, "Số") != NULL && strlen(s) < 96;
}

static int is_page_number(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]))
		n++;
	return n >= 1 && n <= 4 && s[n] == 0;
}

static int is_gazette_section(const char *s)
{
	return strcmp(s, "VĂN BẢN QUY PHẠM PHÁP LUẬT") == 0 ||
		strcmp(s, "VĂN BẢN HỢP NHẤT") == 0 || strcmp(s, "VĂN BẢN KHÁC") == 0;
}

static int is_stamp_line(const char *s)
{
	return starts(s, "Email:") || starts(s, "Cơ quan:") || starts(s, "Thời gian ký:") ||
		starts(s, "Ngày ký:");
}

/* The index of the k-th non-blank line after (dir 1) or before (dir -1) i;
 * n when none. */
static size_t neighbour(const char *const *flat, size_t n, size_t i, int dir, int k)
{
	while (k-- > 0) {
		do {
			if (dir < 0 && i == 0)
				return n;
			i = dir < 0 ? i - 1 : i + 1;
		} while (i < n && !*flat[i]);
		if (i >= n)
			return n;
	}
	return i;
}

size_t text_furniture_mark(unsigned char *drop, const char *const *flat, size_t n)
{
	size_t i, count = 0;

	memset(drop, 0, n);
	for (i = 0; i < n; i++) {
		size_t j;
		int k;

		if (starts(flat[i], "Người ký:")) {
			drop[i] = 1;
			for (j = neighbour(flat, n, i, 1, 1); j < n && is_stamp_line(flat[j]);
			     j = neighbour(flat, n, j, 1, 1))
				drop[j] = 1;
			continue;
		}
		if (!is_gazette_header(flat[i]))
			continue;
		drop[i] = 1;
		/* The page number sits just before or just after the header. */
		j = neighbour(flat, n, i, -1, 1);
		if (j < n && is_page_number(flat[j]))
			drop[j] = 1;
		j = neighbour(flat, n, i, 1, 1);
		if (j < n && is_page_number(flat[j])) {
			drop[j] = 1;
			j = neighbour(flat, n, j, 1, 1);
		}
		for (k = 0; k < 2 && j < n; k++, j = neighbour(flat, n, j, 1, 1))
			if (is_gazette_section(flat[j]))
				drop[j] = 1;
	}
	for (i = 0; i < n; i++)
		count += drop[i];
	return count;
}
