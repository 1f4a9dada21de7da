/*
 * docload.c: whether bytes look like Akoma Ntoso XML. Reading a file
 * whatever its form (dossier_document_load) is the Word module's
 * (engine/word/word_load.c), which also knows .docx and UTF-16.
 */
#include "dossier/textparse.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "base/util.h"

int dossier_document_is_akn(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return (len - i >= 5 && memcmp(data + i, "<?xml", 5) == 0) ||
		(len - i >= 11 && memcmp(data + i, "<akomaNtoso", 11) == 0);
}
