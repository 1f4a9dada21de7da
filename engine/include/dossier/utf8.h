/*
 * utf8.h: UTF-8 as the engine reads it (utf8proc): the next character of
 * a string, a string's width on a terminal, and NFC. The front ends use
 * these instead of decoding UTF-8 by hand, so that every part of the
 * program agrees on what a character is.
 */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include "error.h"

/* The character at s[0..len): its length in bytes (1 to 4) and its code
 * point in *cp; 0 when the bytes there are not well-formed UTF-8 (an
 * overlong form, a surrogate, beyond U+10FFFF, cut short) or len is 0. */
DOSSIER_API size_t dossier_utf8_next(const char *s, size_t len, int32_t *cp);

/* The columns a NUL-terminated string takes on a terminal: each character
 * its width (0 for a combining mark or a control character, 2 for a wide
 * East Asian one, else 1); a byte that is not UTF-8 takes 1. */
DOSSIER_API size_t dossier_utf8_width(const char *s);

/* NFC-normalise and validate UTF-8. Invalid UTF-8 is DOSSIER_EINVALID with
 * the byte offset in the message. *out is new, caller frees. */
DOSSIER_API int dossier_utf8_nfc(char **out, const char *s, size_t len, dossier_error *err);

#endif
