/*
 * record_dump.c: a quick writer of comment records (issue 18), the bytes
 * jansson's json_dumps(JSON_INDENT(2) | JSON_SORT_KEYS) gives for the
 * record comment_dump() builds, without building a jansson tree: an
 * import writes 100,000 of them, and the tree (an object, a hash table, a
 * copy of every string, the keys sorted, a growing buffer) was a sixth of
 * it.
 *
 * The members and their order are fixed (the keys in byte order, as
 * JSON_SORT_KEYS sorts them). A string goes out as it is when jansson
 * would write it so: valid UTF-8 (as jansson checks it) without a
 * quote, a backslash or a control character; any other string is
 * escaped by jansson itself (json_dumps of that string alone), and a
 * record with a missing member or a string jansson refuses is left to
 * record.c, whose message then stands. tests/unit/test_record.c checks
 * that jansson reads every record written here and writes it back
 * byte for byte.
 */
#include "facade/record_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define DOSSIER_STR_(x) #x
#define DOSSIER_STR(x) DOSSIER_STR_(x)

/* s as jansson writes a JSON string (quotes, escapes), appended to out;
 * false when jansson refuses it (not UTF-8) or without memory. */
static bool json_string_out(dstr *out, const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	char *e = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;

	json_decref(j);
	if (!e)
		return false;
	dstr_adds(out, e);
	free(e);
	return true;
}

/* Copy s to w as it is when jansson would write it so (plain), checking
 * while copying: the end of the copy, or NULL (w holds len bytes at least). */
static char *copy_plain(char *w, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned char c = *p;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			*w++ = (char)c;
			p++;
		} else if (c >= 0x80) {
			size_t k = record_utf8_len(p, end);

			if (!k)
				return NULL;
			memcpy(w, p, k);
			w += k;
			p += k;
		} else {
			return NULL;
		}
	}
	return w;
}

/* Room for more bytes (and the NUL) in o, as dstr makes it; false
 * without memory (o->oom set). */
static bool room_for(dstr *o, size_t more)
{
	size_t need = o->len + more + 1, cap;
	char *p;

	if (o->oom)
		return false;
	if (need <= o->cap)
		return true;
	cap = o->cap ? o->cap : 64;
	while (cap < need)
		cap *= 2;
	if (!(p = realloc(o->ptr, cap))) {
		o->oom = 1;
		return false;
	}
	o->ptr = p;
	o->cap = cap;
	return true;
}

/* "key": value, with the indent and separator before it; v NULL is null
 * (the caller has checked that only optional members are NULL). False
 * when jansson refuses v. A plain value is copied straight into the
 * record's buffer. */
static bool member(dstr *o, const char *sep, const char *key, const char *v)
{
	size_t sl = strlen(sep), kl = strlen(key), len = v ? strlen(v) : 4;
	char *w, *e;

	if (!room_for(o, sl + kl + len + 8))
		return true;   /* out of memory: the caller sees o->oom */
	w = o->ptr + o->len;
	memcpy(w, sep, sl);
	w += sl;
	*w++ = '"';
	memcpy(w, key, kl);
	w += kl;
	memcpy(w, "\": ", 3);
	w += 3;
	if (!v) {
		memcpy(w, "null", 5);
		o->len = (size_t)(w + 4 - o->ptr);
		return true;
	}
	*w++ = '"';
	if ((e = copy_plain(w, v, len)) != NULL) {
		e[0] = '"';
		e[1] = '\0';
		o->len = (size_t)(e + 1 - o->ptr);
		return true;
	}
	/* escapes: jansson's own writing of the string, after the key */
	o->len = (size_t)(w - 1 - o->ptr);
	o->ptr[o->len] = '\0';
	return json_string_out(o, v, len);
}

/* The size of a member as written when its value is plain: the room the
 * record is given at once, so that it is written without growing. */
static size_t member_room(const char *key, const char *v)
{
	return strlen(key) + (v ? strlen(v) : 4) + 12;
}

int record_dump_comment_when(char **out, const dossier_comment_record *c, const ds_external *ext,
	const char *when)
{
	static const char *const sep = ",\n  ";
	dstr o = DSTR_INIT;
	size_t room;
	bool ok;

	*out = NULL;
	if (!c->id || !c->author_name || !c->on || !c->revision || !c->stage || !c->text || (!ext && !c->author) ||
	    !when)
		return 0;
	/* one allocation of the record's size (escapes grow it as needed) */
	room = 64 + member_room("author", ext ? NULL : c->author) + member_room("author_name", c->author_name) +
		member_room("citation", c->citation) + member_room("id", c->id) + member_room("on", c->on) +
		member_room("proposal", c->proposal) + member_room("revision", c->revision) +
		member_room("stage", c->stage) + member_room("text", c->text) + member_room("time", when);
	if (ext)
		room += 32 + member_room("email", ext->email) + member_room("name", ext->name) +
			member_room("organisation", ext->organisation);
	if ((o.ptr = malloc(room)) != NULL) {
		o.cap = room;
		o.ptr[0] = '\0';
	}
	ok = member(&o, "{\n  ", "author", ext ? NULL : c->author) &&
		member(&o, sep, "author_name", c->author_name) &&
		member(&o, sep, "citation", c->citation);
	if (ok && ext) {
		dstr_adds(&o, ",\n  \"external\": {");
		ok = member(&o, "\n    ", "email", ext->email) &&
			member(&o, ",\n    ", "name", ext->name) &&
			member(&o, ",\n    ", "organisation", ext->organisation);
		dstr_add(&o, "\n  }", 4);
	}
	if (ok) {
		dstr_adds(&o, sep);
		dstr_adds(&o, "\"format\": " DOSSIER_STR(DOSSIER_FORMAT));
	}
	ok = ok && member(&o, sep, "id", c->id) && member(&o, sep, "on", c->on) &&
		member(&o, sep, "proposal", c->proposal) && member(&o, sep, "revision", c->revision) &&
		member(&o, sep, "stage", c->stage) && member(&o, sep, "text", c->text) &&
		member(&o, sep, "time", when);
	dstr_add(&o, "\n}\n", 3);
	if (!ok || o.oom) {
		int rc = o.oom && ok ? DOSSIER_ENOMEM : 0;

		dstr_free(&o);
		return rc;
	}
	*out = dstr_detach(&o);
	return *out ? 1 : DOSSIER_ENOMEM;
}

int record_dump_comment(char **out, const dossier_comment_record *c, const ds_external *ext,
	const dossier_calendar *cal)
{
	char when[40];

	dossier_time_format(when, sizeof(when), cal, c->time);
	return record_dump_comment_when(out, c, ext, when);
}
