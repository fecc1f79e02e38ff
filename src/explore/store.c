/* SPDX-License-Identifier: MIT */
/*
 * store.c - records in blocks (see store.h).
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 256

void store_init(struct store *a, size_t size)
{
	memset(a, 0, sizeof *a);
	a->size = size;
}

void store_free(struct store *a)
{
	for (uint64_t j = 0; j < a->nblocks; j++)
		free(a->block[j]);
	free(a->block);
	memset(a, 0, sizeof *a);
}

/* Records after the next growth. */
static uint64_t next_cap(const struct store *a)
{
	if (a->cap < STORE_BLOCK)
		return a->cap ? a->cap * 2 : FIRST_CAP;
	return a->cap + STORE_BLOCK;
}

size_t store_growth(const struct store *a)
{
	return (size_t)(next_cap(a) - a->cap) * a->size;
}

int store_grow(struct store *a)
{
	uint64_t cap = next_cap(a);

	if (a->nblocks == a->bcap) {
		uint64_t bc = a->bcap ? a->bcap * 2 : 16;
		uint8_t **n = realloc(a->block, bc * sizeof *n);

		if (!n)
			return -1;
		a->block = n;
		a->bcap = bc;
	}
	if (cap <= STORE_BLOCK) {
		uint8_t *b = realloc(a->nblocks ? a->block[0] : NULL,
				     (size_t)cap * a->size);

		if (!b)
			return -1;
		a->block[0] = b;
		a->nblocks = 1;
	} else {
		uint8_t *b = malloc((size_t)STORE_BLOCK * a->size);

		if (!b)
			return -1;
		a->block[a->nblocks++] = b;
	}
	a->cap = cap;
	return 0;
}

size_t store_bytes(const struct store *a)
{
	return (size_t)a->cap * a->size + (size_t)a->bcap * sizeof *a->block;
}
