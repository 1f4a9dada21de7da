/*
 * i18n.c: the words of the pages in Vietnamese (the default) and English.
 * The key is the English text; po/vi.po gives the Vietnamese, in the
 * administrative style a ministry's office writes. The language comes from
 * ?lang= (the switch on every page, remembered in a cookie), else from the
 * browser's Accept-Language. Messages from the engine (refusals, hints)
 * come in the same language: the request's thread speaks it.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * The words are msgids of the "dossier" catalogue (po/vi.po), which also
 * holds the engine's and the command line's messages. Each language is a
 * locale object for LC_MESSAGES that a request's thread takes with
 * uselocale(), so that the engine's messages (refusals, hints) come in the
 * page's language too: English is "C" (gettext gives back the msgid);
 * Vietnamese is C.UTF-8 with LANGUAGE=vi, which needs no vi_VN locale on
 * the server (gettext honours LANGUAGE in any locale but "C").
 */
int web_i18n_init(web_server *srv)
{
	const char *old;
	bool vi;

	srv->loc[LANG_EN] = newlocale(LC_MESSAGES_MASK, "C", (locale_t)0);
	srv->loc[LANG_VI] = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
	if (!srv->loc[LANG_VI])
		srv->loc[LANG_VI] = newlocale(LC_MESSAGES_MASK, "vi_VN.UTF-8", (locale_t)0);
	if (!srv->loc[LANG_EN] || !srv->loc[LANG_VI]) {
		web_i18n_free(srv);
		return -1;
	}
	/* Before any thread: the server's LANGUAGE is Vietnamese, and the
	 * thread that runs the server keeps the language it had (its "listening
	 * on" and errors are for whoever started it). The catalogue has one
	 * language besides English, so a translated word tells which it was. */
	vi = strcmp(dossier_tr("error: "), "error: ") != 0;
	old = getenv("LANGUAGE");
	srv->had_language = old != NULL;
	srv->language = old ? strdup(old) : NULL;
	setenv("LANGUAGE", "vi", 1);
	srv->set_language = true;
	web_i18n_use(srv, vi ? LANG_VI : LANG_EN);
	return 0;
}

void web_i18n_free(web_server *srv)
{
	size_t i;

	/* Back to the process's language, with its LANGUAGE, before the
	 * locales go: no thread is left to use them. */
	uselocale(LC_GLOBAL_LOCALE);
	if (srv->set_language) {
		if (srv->had_language && srv->language)
			setenv("LANGUAGE", srv->language, 1);
		else if (!srv->had_language)
			unsetenv("LANGUAGE");
		srv->set_language = false;
	}
	free(srv->language);
	srv->language = NULL;
	for (i = 0; i < 2; i++) {
		if (srv->loc[i])
			freelocale(srv->loc[i]);
		srv->loc[i] = (locale_t)0;
	}
}

void web_i18n_use(const web_server *srv, web_lang lang)
{
	uselocale(srv && srv->loc[lang] ? srv->loc[lang] : LC_GLOBAL_LOCALE);
}

const char *T(const web_req *r, const char *key)
{
	locale_t old;
	const char *s;

	if (!key)
		return NULL;
	if (!r || !r->srv || !r->srv->loc[r->lang])
		return dossier_tr(key);
	old = uselocale(r->srv->loc[r->lang]);
	s = dossier_tr(key);
	uselocale(old);
	return s;
}

/* The q of a language range in Accept-Language (1 when absent). */
static double quality(const char *p, size_t n)
{
	const char *q = memmem(p, n, ";q=", 3);

	return q ? strtod(q + 3, NULL) : 1.0;
}

web_lang web_pick_lang(const char *arg, const char *cookie, const char *accept)
{
	double vi = -1, en = -1;
	const char *p;

	if (arg && !strcmp(arg, "en"))
		return LANG_EN;
	if (arg && !strcmp(arg, "vi"))
		return LANG_VI;
	if (cookie && !strcmp(cookie, "en"))
		return LANG_EN;
	if (cookie && !strcmp(cookie, "vi"))
		return LANG_VI;
	for (p = accept; p && *p; ) {
		size_t n = strcspn(p, ",");
		const char *t = p;

		while (*t == ' ' && t < p + n)
			t++;
		if (!strncasecmp(t, "vi", 2) && (t[2] == '-' || t[2] == ';' || t[2] == ',' || t[2] == ' ' || !t[2])) {
			double q = quality(p, n);

			if (q > vi)
				vi = q;
		} else if (!strncasecmp(t, "en", 2) && (t[2] == '-' || t[2] == ';' || t[2] == ',' || t[2] == ' ' || !t[2])) {
			double q = quality(p, n);

			if (q > en)
				en = q;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return en > 0 && en > vi ? LANG_EN : LANG_VI;
}
