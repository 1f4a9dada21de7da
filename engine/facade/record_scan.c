/*
 * record_scan.c: a quick reader of the flat JSON objects the engine writes
 * as records (string, null and small integer members, and objects of
 * those one level down), without
 * building a jansson tree: verify reads 100,000 comment records of an
 * import, and jansson's tree (a hash table, a value and a copy per member)
 * was most of its time.
 *
 * It answers only for text that jansson (json_loadb, flags 0) reads the
 * same way: anything it does not know for certain (an escape \u, a nested
 * value deeper than one level, an array, true or false, a number that
 * is not a small integer, a key it wants given twice,
 * bytes that are not strict UTF-8, anything after the object) sends the
 * caller back to jansson, whose answer and error message then stand.
 */
#include "facade/record_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct scan {
	const unsigned char *p, *end;
} scan;

static void skip_ws(scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* One UTF-8 sequence at p (its first byte >= 0x80), as jansson checks it:
 * no overlong form, no surrogate, nothing past U+10FFFF. Its length, or 0. */
size_t record_utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], v;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000))
		return 0;
	return n;
}

/* A string at s->p (its opening quote): its bytes decoded into *out when
 * out is not NULL (malloc'd). 1 read, 0 not for this reader, or ENOMEM. */
static int scan_string(char **out, size_t *outlen, scan *s)
{
	const unsigned char *start, *q;
	char *buf, *w;
	size_t n;
	bool escaped = false;

	if (out)
		*out = NULL;
	if (s->p >= s->end || *s->p != '"')
		return 0;
	start = ++s->p;
	for (q = start; q < s->end && *q != '"'; ) {
		if (*q < 0x20)
			return 0;
		if (*q == '\\') {
			if (q + 1 >= s->end || !strchr("\"\\/bfnrt", q[1]) || !q[1])
				return 0;
			escaped = true;
			q += 2;
		} else if (*q >= 0x80) {
			size_t k = record_utf8_len(q, s->end);

			if (!k)
				return 0;
			q += k;
		} else {
			q++;
		}
	}
	if (q >= s->end)
		return 0;
	s->p = q + 1;
	if (!out)
		return 1;
	n = (size_t)(q - start);
	if (!(buf = malloc(n + 1)))
		return DOSSIER_ENOMEM;
	if (!escaped) {
		memcpy(buf, start, n);
		w = buf + n;
	} else {
		const unsigned char *r;

		for (r = start, w = buf; r < q; r++) {
			if (*r != '\\') {
				*w++ = (char)*r;
				continue;
			}
			switch (*++r) {
			case 'b': *w++ = '\b'; break;
			case 'f': *w++ = '\f'; break;
			case 'n': *w++ = '\n'; break;
			case 'r': *w++ = '\r'; break;
			case 't': *w++ = '\t'; break;
			default: *w++ = (char)*r; break;   /* " \ / */
			}
		}
	}
	*w = '\0';
	*out = buf;
	if (outlen)
		*outlen = (size_t)(w - buf);
	return 1;
}

/* An integer jansson reads as one: -?(0|[1-9][0-9]*), short enough that it
 * cannot overflow, not followed by a fraction or an exponent. */
static int scan_integer(scan *s)
{
	const unsigned char *q = s->p;
	size_t digits = 0;

	if (q < s->end && *q == '-')
		q++;
	if (q < s->end && *q == '0') {
		q++;
		digits = 1;
		if (q < s->end && *q >= '0' && *q <= '9')
			return 0;
	} else {
		while (q < s->end && *q >= '0' && *q <= '9') {
			q++;
			digits++;
		}
	}
	if (!digits || digits > 15 || (q < s->end && (*q == '.' || *q == 'e' || *q == 'E')))
		return 0;
	s->p = q;
	return 1;
}

static int scan_members(char **values, int *kinds, const char *const *keys, size_t nkeys, scan *s,
	bool nested);

/* One member's value: a string (decoded into *out when out is not NULL), null,
 * a small integer, or (at the top level) an object of such members. */
static int scan_value(char **out, int *kind, scan *s, bool nested)
{
	int rc;

	if (s->p >= s->end)
		return 0;
	if (*s->p == '"') {
		if ((rc = scan_string(out, NULL, s)) == 1)
			*kind = RECORD_SCAN_STRING;
		return rc;
	}
	if (*s->p == 'n') {
		if (s->end - s->p < 4 || memcmp(s->p, "null", 4))
			return 0;
		s->p += 4;
		*kind = RECORD_SCAN_NULL;
		return 1;
	}
	if (*s->p == '{') {
		if (nested)
			return 0;
		s->p++;
		if ((rc = scan_members(NULL, NULL, NULL, 0, s, true)) == 1)
			*kind = RECORD_SCAN_OBJECT;
		return rc;
	}
	if (!scan_integer(s))
		return 0;
	*kind = RECORD_SCAN_NUMBER;
	return 1;
}

/* The members of an object whose '{' has been read, through its '}'. */
static int scan_members(char **values, int *kinds, const char *const *keys, size_t nkeys, scan *s,
	bool nested)
{
	size_t i;
	int rc;

	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 1;
	}
	for (;;) {
		const unsigned char *open = s->p;
		char *key = NULL;
		size_t klen = 0;
		int kind = RECORD_SCAN_ABSENT;

		/* A name without an escape is compared where it stands (no copy:
		 * this loop runs for every member of 100,000 records). */
		if ((rc = scan_string(NULL, NULL, s)) != 1)
			return rc;
		klen = (size_t)(s->p - open) - 2;
		if (memchr(open + 1, '\\', klen)) {
			s->p = open;
			if ((rc = scan_string(&key, &klen, s)) != 1)
				return rc;
		}
		for (i = 0; i < nkeys; i++)
			if (strlen(keys[i]) == klen && !memcmp(keys[i], key ? key : (const char *)open + 1, klen))
				break;
		free(key);
		skip_ws(s);
		if (s->p >= s->end || *s->p++ != ':')
			return 0;
		skip_ws(s);
		if (i < nkeys) {
			/* A member the caller reads: given once (jansson keeps the last). */
			if (kinds[i] != RECORD_SCAN_ABSENT)
				return 0;
			if ((rc = scan_value(&values[i], &kind, s, nested)) != 1)
				return rc;
			kinds[i] = kind;
		} else if ((rc = scan_value(NULL, &kind, s, nested)) != 1) {
			return rc;
		}
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			skip_ws(s);
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return 1;
		}
		return 0;
	}
}

int record_scan_flat(char **values, int *kinds, const char *const *keys, size_t nkeys, const char *json,
	size_t len)
{
	scan s = { (const unsigned char *)json, (const unsigned char *)json + len };
	size_t i;
	int rc = 0;

	for (i = 0; i < nkeys; i++) {
		values[i] = NULL;
		kinds[i] = RECORD_SCAN_ABSENT;
	}
	skip_ws(&s);
	if (s.p < s.end && *s.p == '{') {
		s.p++;
		rc = scan_members(values, kinds, keys, nkeys, &s, false);
	}
	if (rc == 1) {
		skip_ws(&s);
		if (s.p == s.end)
			return 1;
		rc = 0;
	}
	for (i = 0; i < nkeys; i++) {
		free(values[i]);
		values[i] = NULL;
		kinds[i] = RECORD_SCAN_ABSENT;
	}
	return rc;
}

/* ---- one record of an import's JSON Lines -------------------------------- */

/* Room for the names of the members nobody reads, to tell a name given twice. */
#define OTHER_KEYS 32

static bool key_is(const char *key, size_t klen, const char *name)
{
	size_t i;

	for (i = 0; i < klen; i++) {
		char c = key[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!name[i] || c != name[i])
			return false;
	}
	return !name[klen];
}

int record_scan_line(char **values, unsigned *cols, const char *const *keys, size_t nkeys, const char *json,
	size_t len)
{
	scan s = { (const unsigned char *)json, (const unsigned char *)json + len };
	const unsigned char *counted = s.p;
	char *other[OTHER_KEYS];
	size_t nother = 0, i;
	unsigned col = 1, seen = 0;
	int rc = 0;

	for (i = 0; i < nkeys; i++) {
		values[i] = NULL;
		cols[i] = 0;
	}
	if (nkeys > 32)
		return 0;
	skip_ws(&s);
	if (s.p >= s.end || *s.p++ != '{')
		goto fail;
	skip_ws(&s);
	if (s.p < s.end && *s.p == '}') {
		s.p++;
		goto end;
	}
	for (;;) {
		const unsigned char *at = s.p;
		char *key = NULL, *value = NULL;
		size_t klen = 0, vlen = 0;

		if ((rc = scan_string(&key, &klen, &s)) != 1 || memchr(key, '\0', klen))
			goto fail_key;
		for (i = 0; i < nkeys && !key_is(key, klen, keys[i]); i++)
			;
		skip_ws(&s);
		if (s.p >= s.end || *s.p++ != ':')
			goto fail_key;
		skip_ws(&s);
		if (i < nkeys) {
			/* A field: a string or null, given once, its name as in keys
			 * (in another case, jansson's reader names it as given). */
			if ((seen & (1u << i)) || memcmp(key, keys[i], klen))
				goto fail_key;
			seen |= 1u << i;
			for (; counted < at; counted++)
				col += (*counted & 0xC0) != 0x80;
			if (s.p < s.end && *s.p == 'n') {
				if (s.end - s.p < 4 || memcmp(s.p, "null", 4))
					goto fail_key;
				s.p += 4;
			} else {
				if ((rc = scan_string(&value, &vlen, &s)) != 1)
					goto fail_key;
				cols[i] = col;
				if (vlen == 0) {
					free(value);   /* empty counts as absent */
					value = NULL;
				}
				values[i] = value;
			}
			free(key);
		} else {
			/* Another member: read over a string, null or small integer;
			 * its name must not come twice, as for jansson. */
			size_t j;
			int kind;

			for (j = 0; j < nother; j++)
				if (!strcmp(other[j], key))
					goto fail_key;
			if (nother == OTHER_KEYS || (rc = scan_value(NULL, &kind, &s, true)) != 1)
				goto fail_key;
			other[nother++] = key;
		}
		skip_ws(&s);
		if (s.p < s.end && *s.p == ',') {
			s.p++;
			skip_ws(&s);
			continue;
		}
		if (s.p < s.end && *s.p == '}') {
			s.p++;
			break;
		}
		goto fail;
fail_key:
		free(key);
		goto fail;
	}
end:
	skip_ws(&s);
	if (s.p != s.end)
		goto fail;
	for (i = 0; i < nother; i++)
		free(other[i]);
	return 1;
fail:
	for (i = 0; i < nother; i++)
		free(other[i]);
	for (i = 0; i < nkeys; i++) {
		free(values[i]);
		values[i] = NULL;
		cols[i] = 0;
	}
	return rc < 0 ? rc : 0;
}
