/*
 * util.c: private helpers shared by the engine modules (see util.h).
 */
#include "base/util.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dstr_grow(dstr *s, size_t more)
{
	size_t need, cap;
	char *p;

	if (s->oom)
		return DOSSIER_ENOMEM;
	need = s->len + more + 1;
	if (need <= s->cap)
		return 0;
	cap = s->cap ? s->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(s->ptr, cap);
	if (!p) {
		s->oom = 1;
		return DOSSIER_ENOMEM;
	}
	s->ptr = p;
	s->cap = cap;
	return 0;
}

int dstr_add(dstr *s, const char *data, size_t len)
{
	if (dstr_grow(s, len) < 0)
		return DOSSIER_ENOMEM;
	if (len)
		memcpy(s->ptr + s->len, data, len);
	s->len += len;
	s->ptr[s->len] = '\0';
	return 0;
}

int dstr_adds(dstr *s, const char *str)
{
	return dstr_add(s, str, strlen(str));
}

int dstr_addc(dstr *s, char c)
{
	return dstr_add(s, &c, 1);
}

int dstr_addvf(dstr *s, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return DOSSIER_EFAIL;
	if (dstr_grow(s, (size_t)n) < 0)
		return DOSSIER_ENOMEM;
	vsnprintf(s->ptr + s->len, (size_t)n + 1, fmt, ap);
	s->len += (size_t)n;
	return 0;
}

int dstr_addf(dstr *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dstr_addvf(s, fmt, ap);
	va_end(ap);
	return rc;
}

char *dstr_detach(dstr *s)
{
	char *p;

	if (s->oom) {
		dstr_free(s);
		return NULL;
	}
	p = s->ptr ? s->ptr : calloc(1, 1);
	s->ptr = NULL;
	s->len = s->cap = 0;
	return p;
}

void dstr_free(dstr *s)
{
	if (!s)
		return;
	free(s->ptr);
	s->ptr = NULL;
	s->len = s->cap = 0;
	s->oom = 0;
}

char *util_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *util_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *util_sprintf(const char *fmt, ...)
{
	dstr s = DSTR_INIT;
	va_list ap;

	va_start(ap, fmt);
	dstr_addvf(&s, fmt, ap);
	va_end(ap);
	return dstr_detach(&s);
}

size_t util_edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best, d;
	size_t *pp, *prev, *cur, *tmp;

	/* Optimal string alignment: insertions, deletions, substitutions and
	 * transpositions of neighbours ("mots" -> "most") each cost one. */
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	pp = malloc((lb + 1) * sizeof(*pp));
	prev = malloc((lb + 1) * sizeof(*prev));
	cur = malloc((lb + 1) * sizeof(*cur));
	if (!pp || !prev || !cur) {
		free(pp);
		free(prev);
		free(cur);
		return max + 1;
	}
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			d = sub < del ? sub : del;
			d = d < ins ? d : ins;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		tmp = pp;
		pp = prev;
		prev = cur;
		cur = tmp;
		if (best > max)
			break;
	}
	d = i > la ? prev[lb] : max + 1;
	free(pp);
	free(prev);
	free(cur);
	return d > max ? max + 1 : d;
}

const char *util_closest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d, i, max;

	if (!word)
		return NULL;
	/* Allow about one typo in three characters, at least one, at most three. */
	max = strlen(word) / 3;
	if (max < 1)
		max = 1;
	if (max > 3)
		max = 3;
	best_d = max + 1;
	for (i = 0; i < n; i++) {
		size_t d;

		if (!candidates[i])
			continue;
		d = util_edit_distance(word, candidates[i], max);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

int util_strv_add(char ***v, size_t *n, const char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof(*p));
	char *copy;

	if (!p)
		return DOSSIER_ENOMEM;
	*v = p;
	copy = util_strdup(s ? s : "");
	if (!copy)
		return DOSSIER_ENOMEM;
	p[(*n)++] = copy;
	return 0;
}

char *util_quote(const char *s)
{
	dstr out = DSTR_INIT;
	const unsigned char *p;

	dstr_addc(&out, '"');
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '\n': dstr_adds(&out, "\\n"); break;
		case '\r': dstr_adds(&out, "\\r"); break;
		case '\t': dstr_adds(&out, "\\t"); break;
		case '"': dstr_adds(&out, "\\\""); break;
		case '\\': dstr_adds(&out, "\\\\"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				dstr_addf(&out, "\\x%02x", *p);
			else
				dstr_addc(&out, (char)*p);
		}
	}
	dstr_addc(&out, '"');
	if (out.oom) {
		dstr_free(&out);
		return NULL;
	}
	return dstr_detach(&out);
}

typedef struct both_job {
	void (*fn)(void *);
	void *arg;
	locale_t locale;   /* the caller's, so that messages come in its language */
} both_job;

static void *both_run(void *p)
{
	both_job *j = p;

	uselocale(j->locale);
	j->fn(j->arg);
	return NULL;
}

void util_both(void (*fn)(void *), void *a, void *b)
{
	both_job job = { fn, b, uselocale((locale_t)0) };
	pthread_t t;

	if (pthread_create(&t, NULL, both_run, &job) != 0) {
		fn(a);
		fn(b);
		return;
	}
	fn(a);
	pthread_join(t, NULL);
}
