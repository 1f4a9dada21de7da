/*
 * mutate.h: the mutations the tests that feed a reader broken input share
 * (test_mutations.c for drafts, test_workflow.c for workflows): a small
 * reproducible generator seeded per mutant, and one mutation of a buffer:
 * a byte changed to a hostile one, a range cut or doubled, a line doubled
 * or moved, the text cut short, random bytes or a snippet of the format
 * thrown in. Static functions: include it in one test file.
 */
#ifndef DOSSIER_TEST_MUTATE_H
#define DOSSIER_TEST_MUTATE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---- a small reproducible generator (xorshift64*) ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

/* Seed the generator for one mutant (splitmix64 of the run's seed and the
 * mutant's coordinates), so that any one can be replayed on its own. */
static void rng_seed(uint64_t seed, size_t sample_i, size_t mutant)
{
	uint64_t z = seed + 0x9E3779B97F4A7C15ull * (1 + sample_i * 100003u + mutant);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	rng_state = (z ^ (z >> 31)) | 1;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static const unsigned char hostile_bytes[] = { 0x00, 0xff, 0xfe, 0xc3, 0x80, 0x01, 0x1b, '\n', '\r', '\t',
	'<', '>', '&', '"', ' ', '.', ')', '5', 'I' };

static size_t line_start(const dstr *s, size_t off)
{
	while (off > 0 && s->ptr[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const dstr *s, size_t off)
{
	while (off < s->len && s->ptr[off] != '\n')
		off++;
	return off < s->len ? off + 1 : off;
}

/* One mutation of s, described in what (for the failure message).
 * Snippets are thrown in at the start of a line when `lines`. */
static void mutate_once(dstr *s, const char *const *snippets, size_t nsnippets, int lines, dstr *what)
{
	size_t off = below(s->len + 1), n;
	dstr out = DSTR_INIT;
	const char *snip;

	switch (below(9)) {
	case 0: /* one byte changed */
		if (!s->len)
			break;
		off = below(s->len);
		s->ptr[off] = (char)hostile_bytes[below(sizeof(hostile_bytes))];
		dstr_addf(what, " byte@%zu=0x%02x", off, (unsigned char)s->ptr[off]);
		return;
	case 1: /* a range cut */
		n = below(s->len - (off < s->len ? off : s->len) + 1);
		if (n > 200)
			n = below(200);
		memmove(s->ptr + off, s->ptr + off + n, s->len - off - n);
		s->len -= n;
		s->ptr[s->len] = '\0';
		dstr_addf(what, " cut@%zu+%zu", off, n);
		return;
	case 2: /* the text cut short */
		s->len = off;
		s->ptr[s->len] = '\0';
		dstr_addf(what, " truncate@%zu", off);
		return;
	case 3: /* a line doubled */
	case 4: /* a line moved */
	{
		size_t a = line_start(s, off < s->len ? off : s->len), b = line_end(s, a);
		size_t to = line_start(s, below(s->len + 1));
		char *line = util_strndup(s->ptr + a, b - a);

		dstr_add(&out, s->ptr, to);
		dstr_adds(&out, line);
		if (b > a && line[b - a - 1] != '\n')
			dstr_addc(&out, '\n');
		dstr_add(&out, s->ptr + to, s->len - to);
		if (below(2) == 0 && to >= b) {
			/* a move: drop the original */
			dstr moved = DSTR_INIT;

			dstr_add(&moved, out.ptr, a);
			dstr_add(&moved, out.ptr + b, out.len - b);
			dstr_free(&out);
			out = moved;
		}
		dstr_addf(what, " line@%zu->%zu", a, to);
		free(line);
		break;
	}
	case 5: /* a heading line or markup thrown in */
	case 6:
		snip = snippets[below(nsnippets)];
		if (lines)
			off = line_start(s, off < s->len ? off : s->len);
		dstr_add(&out, s->ptr, off);
		dstr_adds(&out, snip);
		if (lines && below(3))
			dstr_addc(&out, '\n');
		dstr_add(&out, s->ptr + off, s->len - off);
		dstr_addf(what, " insert@%zu'%s'", off, snip);
		break;
	case 7: /* random bytes */
		dstr_add(&out, s->ptr, off);
		for (n = 1 + below(8); n > 0; n--)
			dstr_addc(&out, (char)(below(3) ? hostile_bytes[below(sizeof(hostile_bytes))] : below(256)));
		dstr_add(&out, s->ptr + off, s->len - off);
		dstr_addf(what, " bytes@%zu", off);
		break;
	default: /* a range doubled */
		n = below(s->len - (off < s->len ? off : s->len) + 1);
		if (n > 300)
			n = below(300);
		dstr_add(&out, s->ptr, off + n);
		dstr_add(&out, s->ptr + off, s->len - off);
		dstr_addf(what, " dup@%zu+%zu", off, n);
		break;
	}
	if (out.ptr) {
		dstr_free(s);
		*s = out;
	}
}

#endif
