/*
 * docx.c: what the commands that write .docx and PDF share
 * (consolidate, report, diff, convert; docs/word.md): a .docx made by the
 * engine is printed to PDF by LibreOffice through dossier_docx_pdf.
 */
#include <stdlib.h>

#include "cli.h"

int cli_docx_to_pdf(char **buf, size_t *len, dossier_error *err)
{
	char *pdf = NULL;
	size_t plen = 0;
	int rc = dossier_docx_pdf(&pdf, &plen, *buf, *len, err);

	free(*buf);
	*buf = pdf;
	*len = plen;
	return rc;
}
