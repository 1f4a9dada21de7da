/*
 * revision.c: reading a revision name, "vN" (dossier/input.h). Every
 * module and front end that takes a revision from a person, a record or a
 * URL reads it here, with the one bound DOSSIER_REVISION_MAX.
 */
#include "dossier/input.h"

unsigned dossier_revision_number(const char *s)
{
	unsigned long n = 0;

	if (!s || (s[0] != 'v' && s[0] != 'V') || s[1] < '1' || s[1] > '9')
		return 0;
	for (s++; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > DOSSIER_REVISION_MAX)
			return 0;
	}
	return (unsigned)n;
}
