/*
 * input.c: the boundary check of every string that may enter a record
 * (see dossier/input.h): well-formed UTF-8 that JSON and XML 1.0 can both
 * carry, and the place of the first fault as a line and a column in
 * characters, so that a message can name it the way an editor shows it.
 */
#include "dossier/input.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"

/* The length of the well-formed UTF-8 sequence at s (RFC 3629, table 3-7
 * of the Unicode standard), its code point in *cp; 0 when ill-formed. */
static size_t utf8_sequence(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, i;
	uint32_t c;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		c = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;        /* no overlong forms */
		else if (b == 0xED)
			hi = 0x9F;        /* no surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		c = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;        /* no overlong forms */
		else if (b == 0xF4)
			hi = 0x8F;        /* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	c = (c << 6) | (s[1] & 0x3F);
	for (i = 2; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

int util_text_char(const char *str, size_t len, size_t *n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s[0] >= 0x20 && s[0] < 0x7F) {
		*n = 1;
		*cp = s[0];
		return DOSSIER_TEXT_OK;
	}
	if (!(*n = utf8_sequence(s, len, cp))) {
		*n = 1;
		*cp = s[0];
		return DOSSIER_TEXT_BAD_UTF8;
	}
	if (*cp == 0)
		return DOSSIER_TEXT_NUL;
	if ((*cp < 0x20 && *cp != '\t' && *cp != '\n' && *cp != '\r') || *cp == 0x7F)
		return DOSSIER_TEXT_CONTROL;
	if (*cp == 0xFFFE || *cp == 0xFFFF)
		return DOSSIER_TEXT_NONCHAR;
	return DOSSIER_TEXT_OK;
}

int dossier_text_check(dossier_text_fault *fault, const char *str, size_t len)
{
	return util_utf8_check(fault, str, len, false);
}

int util_utf8_check(dossier_text_fault *fault, const char *str, size_t len, bool controls_ok)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t off = 0;
	unsigned line = 1, col = 1;

	while (off < len) {
		dossier_text_problem problem;
		uint32_t cp = 0;
		size_t n;

		/* The common case: a run of printable ASCII. */
		if (s[off] >= 0x20 && s[off] < 0x7F) {
			off++;
			col++;
			continue;
		}
		problem = (dossier_text_problem)util_text_char(str + off, len - off, &n, &cp);
		if (controls_ok && (problem == DOSSIER_TEXT_CONTROL || problem == DOSSIER_TEXT_NONCHAR))
			problem = DOSSIER_TEXT_OK;
		if (problem != DOSSIER_TEXT_OK) {
			if (fault) {
				fault->problem = problem;
				fault->offset = off;
				fault->line = line;
				fault->column = col;
				fault->value = cp;
			}
			return DOSSIER_EINVALID;
		}
		if (cp == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		off += n;
	}
	if (fault)
		memset(fault, 0, sizeof(*fault));
	return 0;
}

const char *dossier_text_fault_describe(char *buf, size_t size, const dossier_text_fault *f)
{
	switch (f->problem) {
	case DOSSIER_TEXT_BAD_UTF8:
		snprintf(buf, size, _("invalid UTF-8 (byte 0x%02x)"), (unsigned)f->value);
		break;
	case DOSSIER_TEXT_NUL:
		snprintf(buf, size, "%s", _("a NUL byte"));
		break;
	case DOSSIER_TEXT_CONTROL:
		snprintf(buf, size, _("control character U+%04X"), (unsigned)f->value);
		break;
	case DOSSIER_TEXT_NONCHAR:
		snprintf(buf, size, _("non-character U+%04X"), (unsigned)f->value);
		break;
	default:
		snprintf(buf, size, "%s", _("valid text"));
		break;
	}
	return buf;
}

int dossier_text_check_error(const char *s, size_t len, const char *path,
	const char *what, const char *field, dossier_error *err)
{
	dossier_text_fault f;
	char desc[96];

	if (dossier_text_check(&f, s, len) == 0)
		return 0;
	dossier_text_fault_describe(desc, sizeof(desc), &f);
	if (path)
		if (what)
			dossier_error_set_at(err, DOSSIER_EINVALID, path, f.line, f.column, "%s holds %s", what, desc);
		else
			dossier_error_set_at(err, DOSSIER_EINVALID, path, f.line, f.column, "%s", desc);
	else if (f.line > 1)
		dossier_error_set(err, DOSSIER_EINVALID, "%s holds %s at line %u, character %u",
			what ? what : _("the text"), desc, f.line, f.column);
	else
		dossier_error_set(err, DOSSIER_EINVALID, "%s holds %s at character %u",
			what ? what : _("the text"), desc, f.column);
	if (f.problem == DOSSIER_TEXT_BAD_UTF8)
		dossier_error_set_hint(err, "%s", path ? _("text is read as UTF-8: save the file as UTF-8") :
			_("text is read as UTF-8"));
	else
		dossier_error_set_hint(err, "text may hold tabs and line breaks, but no other control characters "
			"and no NUL bytes");
	dossier_error_set_field(err, field);
	return DOSSIER_EINVALID;
}
