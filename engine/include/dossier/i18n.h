/*
 * i18n.h: the language of the messages (docs/i18n.md).
 *
 * Every message of libdossier and of its front ends is English in the
 * source and goes through gettext's "dossier" domain: the engine translates
 * an error's or a diagnostic's format (dossier_error_set, dossier_diags_add,
 * their hints) when it sets it, in the language of the calling thread's
 * LC_MESSAGES, so a message reaches the front end already in the reader's
 * language. What programs read stays the same in every language: the codes
 * and tags ("late-comment"), JSON keys, exit codes.
 */
#ifndef DOSSIER_I18N_H
#define DOSSIER_I18N_H

#include "common.h"

/* The gettext domain of the engine and of the front ends. */
#define DOSSIER_TEXTDOMAIN "dossier"

#if defined(__GNUC__)
#define DOSSIER_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define DOSSIER_FORMAT_ARG(n)
#endif

/* Tell gettext where the catalogues are (`localedir`/LANG/LC_MESSAGES/
 * dossier.mo; NULL: the install prefix's locale directory) and that the
 * messages come out in UTF-8 whatever the locale's character set. A front
 * end calls it once, before its first message and before any thread. */
DOSSIER_API void dossier_i18n_init(const char *localedir);

/* The translation of `msgid` in the "dossier" domain, or msgid itself;
 * borrowed (static storage). */
DOSSIER_API const char *dossier_tr(const char *msgid) DOSSIER_FORMAT_ARG(1);

/* The same for a message with a number: `msgid` for n == 1 in English,
 * `plural` otherwise, or the language's own plural form. */
DOSSIER_API const char *dossier_trn(const char *msgid, const char *plural, unsigned long n)
	DOSSIER_FORMAT_ARG(1) DOSSIER_FORMAT_ARG(2);

/* The locale directory compiled in (the install prefix's). Borrowed. */
DOSSIER_API const char *dossier_localedir(void);

#endif
