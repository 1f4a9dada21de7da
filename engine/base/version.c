/*
 * version.c: the library's version string.
 */
#include "dossier/dossier.h"
#include "dossier-config.h"

const char *dossier_version(void)
{
	return DOSSIER_VERSION;
}
