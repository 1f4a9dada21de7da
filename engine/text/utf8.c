/*
 * utf8.c: the engine's one use of utf8proc (dossier/utf8.h and the
 * text_utf8_* helpers of text/text.h): decoding a character, the Unicode
 * classes the parsers and the word diff ask about, a terminal width, NFC,
 * and the ASCII slug of a name. No other file includes utf8proc.h.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "dossier/utf8.h"
#include "base/util.h"

size_t dossier_utf8_next(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if (!len)
		return 0;
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, len > 4 ? 4 : (utf8proc_ssize_t)len, &c);
	if (n <= 0)
		return 0;
	*cp = c;
	return (size_t)n;
}

size_t dossier_utf8_width(const char *s)
{
	size_t w = 0, len = strlen(s), off = 0;

	while (off < len) {
		int32_t cp;
		size_t n = dossier_utf8_next(s + off, len - off, &cp);

		if (!n) {
			w++;
			off++;
			continue;
		}
		w += (size_t)utf8proc_charwidth(cp);
		off += n;
	}
	return w;
}

unsigned text_utf8_class(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
		return TEXT_UC_WORD | TEXT_UC_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return TEXT_UC_WORD | TEXT_UC_LOWER;
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return TEXT_UC_WORD;
	case UTF8PROC_CATEGORY_ZS:
		return TEXT_UC_BLANK | TEXT_UC_SPACE;
	case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
		return TEXT_UC_BLANK;
	default:
		return 0;
	}
}

int dossier_utf8_nfc(char **out, const char *s, size_t len, dossier_error *err)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t off = 0, n;
	utf8proc_int32_t cp;
	int stable = 1;

	*out = NULL;
	/* Find the first invalid sequence ourselves so the message has its offset. */
	while ((size_t)off < len) {
		if ((unsigned char)s[off] < 0x80 && s[off]) {
			off++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + off,
			(utf8proc_ssize_t)(len - (size_t)off), &cp);
		if (n < 0)
			return dossier_error_set(err, DOSSIER_EINVALID,
				"invalid UTF-8 at byte offset %zu", (size_t)off);
		if (cp == 0)
			return dossier_error_set(err, DOSSIER_EINVALID,
				"NUL character at byte offset %zu", (size_t)off);
		/* Text made only of U+0000-U+02FF (Latin up to the spacing
		 * modifiers), U+1E00-U+1EFF (Latin Extended Additional, the
		 * precomposed Vietnamese letters) and the punctuation of
		 * U+2010-U+2027 and U+2030-U+205E (dashes, quotes, ellipsis) is
		 * already NFC: each of these is NFC itself, has combining class 0
		 * and composes with none of the others (checked pair by pair with
		 * Python's unicodedata). Such text, most Vietnamese drafts, skips
		 * utf8proc's normalisation, a fifth of reading a .docx. */
		if (!(cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x2027) ||
		      (cp >= 0x2030 && cp <= 0x205E)))
			stable = 0;
		off += n;
	}
	if (stable) {
		if (!(*out = util_strndup(s, len)))
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		return 0;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &res,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0) {
		if (n == UTF8PROC_ERROR_NOMEM)
			return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid UTF-8: %s",
			utf8proc_errmsg(n));
	}
	*out = (char *)res;
	return 0;
}

char *text_utf8_fold(const char *s)
{
	utf8proc_uint8_t *folded = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
		return NULL;
	return (char *)folded;
}

char *text_slug(const char *s, size_t max)
{
	utf8proc_uint8_t *mapped = NULL;
	dstr out = DSTR_INIT;
	const unsigned char *p;
	int dash = 0;

	dstr_add(&out, "", 0);
	if (s && utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped, UTF8PROC_NULLTERM |
		UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0) {
		for (p = mapped; *p; p++) {
			if (p[0] == 0xC4 && (p[1] == 0x91 || p[1] == 0x90)) { /* đ Đ */
				dstr_addc(&out, 'd');
				p++;
				dash = 0;
			} else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
				dstr_addc(&out, (char)*p);
				dash = 0;
			} else if (*p >= 'A' && *p <= 'Z') {
				dstr_addc(&out, (char)(*p - 'A' + 'a'));
				dash = 0;
			} else if (!dash && out.len) {
				dstr_addc(&out, '-');
				dash = 1;
			}
		}
	}
	free(mapped);
	if (max && out.len > max) {
		size_t cut = max;

		while (cut > max / 3 && out.ptr[cut] != '-')
			cut--;
		out.ptr[cut] = '\0';
		out.len = cut;
	}
	while (out.len && out.ptr[out.len - 1] == '-')
		out.ptr[--out.len] = '\0';
	if (out.oom) {
		dstr_free(&out);
		return NULL;
	}
	return dstr_detach(&out);
}
