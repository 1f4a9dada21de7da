/*
 * record_json.c: one string as jansson writes it, quotes and escapes
 * included, for the quick record writer (record_dump.c) when a string is
 * not written as it is. Its own file so that record_dump.c, which
 * record.c calls, calls nothing back in record.c.
 */
#include "facade/record_int.h"

#include <jansson.h>
#include <stdlib.h>

bool record_json_string(dstr *out, const char *s, size_t len)
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
