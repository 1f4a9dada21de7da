/*
 * buf.c: growable strings for building responses, with HTML escaping
 * (every text from a participant goes through wbuf_esc) and percent
 * encoding for the values put into links. Running out of memory marks the
 * buffer; wbuf_detach then returns NULL and the caller answers 500.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

static bool grow(wbuf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return false;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(b->ptr, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->ptr = p;
	b->cap = cap;
	return true;
}

void wbuf_add(wbuf *b, const char *s, size_t n)
{
	if (!n || !grow(b, n))
		return;
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void wbuf_adds(wbuf *b, const char *s)
{
	if (s)
		wbuf_add(b, s, strlen(s));
}

static void wbuf_addvf(wbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void wbuf_addf(wbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wbuf_addvf(b, fmt, ap);
	va_end(ap);
}

void wbuf_esc(wbuf *b, const char *s)
{
	const char *start = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		wbuf_add(b, start, (size_t)(s - start));
		wbuf_adds(b, rep);
		start = s + 1;
	}
	wbuf_add(b, start, (size_t)(s - start));
}

void wbuf_url(wbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			wbuf_add(b, s, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			wbuf_add(b, e, 3);
		}
	}
}

char *wbuf_detach(wbuf *b, size_t *len)
{
	char *p;

	if (b->oom) {
		wbuf_free(b);
		return NULL;
	}
	if (!b->ptr) {
		if (!grow(b, 0))
			return NULL;
		b->ptr[0] = '\0';
	}
	p = b->ptr;
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void wbuf_free(wbuf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

char *web_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *web_sprintf(const char *fmt, ...)
{
	wbuf b = WBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	wbuf_addvf(&b, fmt, ap);
	va_end(ap);
	return wbuf_detach(&b, NULL);
}
