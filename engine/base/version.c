/*
 * version.c: the library's version string.
 */
#include "dossier/common.h"
#include "dossier-config.h"

const char *dossier_version(void)
{
	return DOSSIER_VERSION;
}
