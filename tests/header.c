/*
 * header.c: the public header compiles on its own under -pedantic, so any
 * C11 program can include it.
 */
#include <dossier/dossier.h>

int main(void)
{
	return dossier_version()[0] ? 0 : 1;
}
