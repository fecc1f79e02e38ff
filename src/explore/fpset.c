/* SPDX-License-Identifier: MIT */
/*
 * fpset.c - ordered linear probing over 64-bit fingerprints (see fpset.h).
 */
#include "fpset.h"
#include "zalloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>


static uint64_t norm(uint64_t fp)
{
	return fp ? fp : 1;
}

/* Monotone in fp: this is what keeps the slots sorted.  n < 2^32. */
static uint64_t home(uint64_t n, uint64_t fp)
{
	return ((fp >> 32) * n) >> 32;
}

size_t fpset_bytes(uint64_t n)
{
	return (size_t)(n + fpset_tail(n)) * sizeof(uint64_t);
}

int fpset_init(struct fpset *f, uint64_t n)
{
	/* home() scales a 32-bit part of the fingerprint by n */
	assert(n > 0 && n <= UINT32_MAX);
	f->slot = zalloc(n + fpset_tail(n), sizeof *f->slot);
	f->n = n;
	f->count = 0;
	return f->slot ? 0 : -1;
}

void fpset_free(struct fpset *f)
{
	free(f->slot);
	f->slot = NULL;
	f->n = f->count = 0;
}

int fpset_find(const struct fpset *f, uint64_t fp, uint64_t *pos)
{
	uint64_t i = home(f->n, fp = norm(fp)), end = fpset_end(f);
	const uint64_t *t = f->slot;

	/* slots before fp's place hold smaller fingerprints */
	while (t[i] && t[i] < fp)
		if (++i == end)
			return -1;
	if (t[i] == fp)
		return 1;
	*pos = i;
	return 0;
}

uint64_t fpset_first(const struct fpset *f, uint64_t key)
{
	uint64_t i = home(f->n, key), end = fpset_end(f);

	/* a key with key's top bits sits at or after their home, in the run
	 * that holds the home, after every smaller key of the run */
	while (i < end && f->slot[i] && f->slot[i] < key)
		i++;
	return i;
}

int fpset_put(struct fpset *f, uint64_t fp, uint64_t pos)
{
	uint64_t z = pos, end = fpset_end(f);

	/* shift the rest of the run one slot right, into its first gap:
	 * entries only move away from their homes, and the run stays sorted
	 * (a run that the shift joins starts at its first entry's home, which
	 * is past every home before it) */
	while (f->slot[z])
		if (++z == end)
			return -1;
	memmove(&f->slot[pos + 1], &f->slot[pos], (z - pos) * sizeof *f->slot);
	f->slot[pos] = norm(fp);
	f->count++;
	return 0;
}

int fpset_put_ok(const struct fpset *f, uint64_t pos)
{
	for (uint64_t end = fpset_end(f); pos < end; pos++)
		if (!f->slot[pos])
			return 1;
	return 0;
}

int fpset_resize(struct fpset *f, uint64_t n)
{
	for (;; n += n / 2) {
		uint64_t *t, next = 0;
		int fits = 1;

		if (n > UINT32_MAX)
			return -1;	/* home() needs n < 2^32 */
		t = zalloc(n + fpset_tail(n), sizeof *t);
		if (!t)
			return -1;
		/* the old slots in order are the fingerprints in order; each
		 * goes to its home or just after the one before */
		for (uint64_t i = 0; i < fpset_end(f) && fits; i++) {
			uint64_t e = f->slot[i], p;

			if (!e)
				continue;
			p = home(n, e);
			if (p < next)
				p = next;
			if (p >= n + fpset_tail(n))
				fits = 0;
			else
				t[p] = e, next = p + 1;
		}
		if (fits) {
			free(f->slot);
			f->slot = t;
			f->n = n;
			return 0;
		}
		free(t);	/* the tail overflowed: more slots */
	}
}

const uint64_t *fpset_home(const struct fpset *f, uint64_t fp)
{
	return &f->slot[home(f->n, norm(fp))];
}

int fpset_full(const struct fpset *f)
{
	return (double)(f->count + 1) > FPSET_LOAD * (double)f->n;
}

uint64_t fpset_next_n(const struct fpset *f)
{
	return f->n + f->n / 2;
}
