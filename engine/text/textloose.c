/*
 * textloose.c: the shapes of text as it was really published, which the
 * strict heading grammar (textheading.c) leaves out and the parser weighs
 * with the numbering (docs/text-format.md, "Text as published"): the
 * Information Technology Law 2006 as published writes "Điều 5 Chính sách …"
 * without the dot six times; a Công báo PDF wraps every line, so a
 * sentence goes on over the next line ("… tại khoản 4" / "Điều 89. …").
 */
#include "text/textloose_int.h"

#include <ctype.h>
#include <string.h>

#include "dossier/utf8.h"

#include "text/text.h"
#include "base/util.h"

int text_loose_article(th_heading *h, const char *line)
{
	static const struct { const char *word; int lang; } words[] = {
		{ "Điều ", DOSSIER_LANG_VIE }, { "ĐIỀU ", DOSSIER_LANG_VIE },
		{ "Article ", DOSSIER_LANG_ENG },
	};
	size_t i, n = 0;
	const char *p = NULL, *t;
	int lang = 0;
	int32_t cp;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < sizeof(words) / sizeof(words[0]) && !p; i++)
		if (strncmp(line, words[i].word, strlen(words[i].word)) == 0) {
			p = line + strlen(words[i].word);
			lang = words[i].lang;
		}
	if (!p)
		return 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	if (!n || n > 4)
		return 0;
	if (islower((unsigned char)p[n]) && p[n + 1] == ' ')
		n++;
	if (p[n] != ' ')
		return 0;
	t = p + n + 1;
	if (!dossier_utf8_next(t, strlen(t), &cp) || !(text_utf8_class(cp) & TEXT_UC_UPPER))
		return 0;
	h->kind = TH_ARTICLE;
	h->lang = lang;
	h->num = util_strndup(p, n);
	h->title = util_strdup(t);
	if (!h->num || !h->title) {
		th_release(h);
		return DOSSIER_ENOMEM;
	}
	return 1;
}

int text_sentence_open(const char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return 0;
	if (n >= 3 && memcmp(s + n - 3, "…", 3) == 0)
		return 0;
	/* A closing quote or bracket after the stop: “… như sau.” */
	while (n >= 3 && (memcmp(s + n - 3, "”", 3) == 0 || memcmp(s + n - 3, "’", 3) == 0))
		n -= 3;
	while (n && (s[n - 1] == '"' || s[n - 1] == ')'))
		n--;
	if (!n)
		return 0;
	return strchr(".;:!?", s[n - 1]) == NULL;
}

int text_continues_sentence(const char *s)
{
	int32_t cp;

	if (isdigit((unsigned char)s[0])) {
		/* "35/2018/QH14;", "10%", "1.5 lần": a number inside the sentence;
		 * not "1.Tổ chức" or "1 Cá nhân", clauses that lost a space or a dot */
		size_t n = 0;

		while (isdigit((unsigned char)s[n]))
			n++;
		if (strchr("/,-%", s[n]) && s[n])
			return 1;
		if ((s[n] == '.' || s[n] == ',') && isdigit((unsigned char)s[n + 1]))
			return 1;
		if (s[n] == ' ' && dossier_utf8_next(s + n + 1, strlen(s + n + 1), &cp))
			return (text_utf8_class(cp) & TEXT_UC_LOWER) != 0;
		return 0;
	}
	if (!dossier_utf8_next(s, strlen(s), &cp))
		return 0;
	return (text_utf8_class(cp) & TEXT_UC_LOWER) != 0;
}
