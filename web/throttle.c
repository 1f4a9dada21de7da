/*
 * throttle.c: failed sign-ins slowed down, per account and per address.
 * After FREE_FAILURES failures in a row, each further attempt must wait
 * twice as long as the one before (1 s, 2 s, 4 s, … up to MAX_WAIT), and
 * an attempt made while told to wait counts as a failure; a success clears
 * the count, and a count left alone for FORGET seconds is forgotten. The table lives in the server's memory and is bounded: when
 * full, the oldest entry makes room. A refused attempt never reaches the
 * password hash, so guessing costs the attacker time, not the server CPU.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

#define FREE_FAILURES 5
#define MAX_WAIT 300
#define FORGET 900
#define MAX_ENTRIES 4096

typedef struct entry {
	char *key;
	unsigned failures;
	time_t last;
} entry;

struct web_throttle {
	pthread_mutex_t mu;
	entry *items;
	size_t n;
};

int web_throttle_new(web_throttle **out)
{
	web_throttle *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t || !(t->items = calloc(MAX_ENTRIES, sizeof(entry))) || pthread_mutex_init(&t->mu, NULL)) {
		if (t)
			free(t->items);
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void web_throttle_free(web_throttle *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->items[i].key);
	free(t->items);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

static entry *find(web_throttle *t, const char *key, time_t now)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (now - t->items[i].last > FORGET) {
			free(t->items[i].key);
			t->items[i] = t->items[--t->n];
			i--;
			continue;
		}
		if (!strcmp(t->items[i].key, key))
			return &t->items[i];
	}
	return NULL;
}

static unsigned wait_for(const entry *e, time_t now)
{
	unsigned shift, wait;
	time_t until;

	if (e->failures < FREE_FAILURES)
		return 0;
	shift = e->failures - FREE_FAILURES;
	wait = shift >= 9 ? MAX_WAIT : 1u << shift;
	if (wait > MAX_WAIT)
		wait = MAX_WAIT;
	until = e->last + (time_t)wait;
	return until > now ? (unsigned)(until - now) : 0;
}

unsigned web_throttle_wait(web_throttle *t, const char *key, time_t now)
{
	entry *e;
	unsigned w = 0;

	pthread_mutex_lock(&t->mu);
	e = find(t, key, now);
	if (e)
		w = wait_for(e, now);
	pthread_mutex_unlock(&t->mu);
	return w;
}

void web_throttle_fail(web_throttle *t, const char *key, time_t now)
{
	entry *e;

	pthread_mutex_lock(&t->mu);
	e = find(t, key, now);
	if (!e) {
		if (t->n == MAX_ENTRIES) {
			size_t i, old = 0;

			for (i = 1; i < t->n; i++)
				if (t->items[i].last < t->items[old].last)
					old = i;
			free(t->items[old].key);
			t->items[old] = t->items[--t->n];
		}
		e = &t->items[t->n];
		e->key = web_strdup(key);
		e->failures = 0;
		if (e->key)
			t->n++;
		else
			e = NULL;
	}
	if (e) {
		e->failures++;
		e->last = now;
	}
	pthread_mutex_unlock(&t->mu);
}

void web_throttle_clear(web_throttle *t, const char *key)
{
	size_t i;

	pthread_mutex_lock(&t->mu);
	for (i = 0; i < t->n; i++) {
		if (!strcmp(t->items[i].key, key)) {
			free(t->items[i].key);
			t->items[i] = t->items[--t->n];
			break;
		}
	}
	pthread_mutex_unlock(&t->mu);
}
