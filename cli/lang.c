/*
 * lang.c: the language of the messages (docs/i18n.md).
 *
 * Only LC_MESSAGES follows the environment (LC_ALL, LC_MESSAGES, LANG, and
 * gettext's LANGUAGE): numbers, dates and character classes stay the C
 * locale's, so what programs read (JSON, CSV, XML, dates) is the same in
 * every language. DOSSIER_LANG=vi asks for Vietnamese even where the
 * vi_VN locale is not generated (through LANGUAGE, which gettext honours in
 * any locale but "C"); DOSSIER_LANG=en for English whatever the locale.
 * DOSSIER_LOCALEDIR names the catalogues' directory (a build tree's po/,
 * for the tests), else the install prefix's.
 */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_language_init(void)
{
	const char *want = getenv("DOSSIER_LANG");
	const char *now;

	now = setlocale(LC_MESSAGES, "");
	if (want && *want) {
		if (!strcmp(want, "en") || !strcmp(want, "C")) {
			setlocale(LC_MESSAGES, "C");
		} else {
			setenv("LANGUAGE", want, 1);
			if (!now || !strcmp(now, "C") || !strcmp(now, "POSIX"))
				setlocale(LC_MESSAGES, "C.UTF-8");
		}
	}
	dossier_i18n_init(getenv("DOSSIER_LOCALEDIR"));
	/* The system's messages (strerror) inside ours: UTF-8 too, though
	 * LC_CTYPE stays "C". */
	bind_textdomain_codeset("libc", "UTF-8");
}

bool cli_messages_translated(void)
{
	/* gettext gives a catalogue's header for the empty msgid, and the
	 * empty string itself when the messages are the program's own. */
	const char *header = dossier_tr("");

	return header && *header;
}
