/*
 * render.h: Akoma Ntoso XML to HTML through XSLT stylesheets (libxslt only
 * here). The stylesheets live in templates/; the caller names the one to
 * use. Pages are self-contained: no network resources.
 */
#ifndef DOSSIER_RENDER_H
#define DOSSIER_RENDER_H

#include "error.h"

/*
 * Apply the XSLT stylesheet at `stylesheet` to the XML document in `xml`
 * and serialise the result as the stylesheet's xsl:output says (HTML for
 * ours). `params` is NULL or a NULL-terminated list of name, value pairs
 * passed as string parameters. *out is NUL-terminated; caller frees.
 */
DOSSIER_API int dossier_render(char **out, size_t *len, const char *stylesheet,
	const char *xml, size_t xml_len, const char *const *params, dossier_error *err);

#endif
