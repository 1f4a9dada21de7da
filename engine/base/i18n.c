/*
 * i18n.c: the message catalogue (see dossier/i18n.h, docs/i18n.md).
 *
 * The only file of the engine that calls libintl (glibc's gettext). It
 * binds the "dossier" domain when a front end asks, and looks messages up;
 * which language is the caller's business (setlocale, uselocale), not the
 * engine's.
 */
#include "dossier/i18n.h"

#include <libintl.h>

#include "dossier-config.h"

void dossier_i18n_init(const char *localedir)
{
	bindtextdomain(DOSSIER_TEXTDOMAIN, localedir && *localedir ? localedir : DOSSIER_LOCALEDIR);
	bind_textdomain_codeset(DOSSIER_TEXTDOMAIN, "UTF-8");
}

const char *dossier_tr(const char *msgid)
{
	return msgid ? dgettext(DOSSIER_TEXTDOMAIN, msgid) : NULL;
}

const char *dossier_trn(const char *msgid, const char *plural, unsigned long n)
{
	return dngettext(DOSSIER_TEXTDOMAIN, msgid, plural, n);
}

const char *dossier_localedir(void)
{
	return DOSSIER_LOCALEDIR;
}
