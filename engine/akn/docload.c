/*
 * docload.c: a document from a file, whatever its form: Akoma Ntoso XML
 * (through the akn module) or structured plain text (through textparse),
 * told apart by the content, not the file name.
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

int dossier_document_load(dossier_document **out, int *was_akn,
	const char *path, dossier_diags *diags, dossier_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc, akn;

	*out = NULL;
	if ((rc = util_read_file(&data, &len, path, err)) < 0)
		return rc;
	akn = dossier_document_is_akn(data, len);
	if (was_akn)
		*was_akn = akn;
	if (akn)
		rc = dossier_akn_read(out, path, data, len, diags, err);
	else
		rc = dossier_text_parse(out, path, data, len, diags, err);
	free(data);
	return rc;
}
