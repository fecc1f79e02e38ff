/* SPDX-License-Identifier: MIT */
/*
 * tree.c - the compact breadth-first search tree (see tree.h).
 */
#include "tree.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define WORD_BITS 64		/* bits of one word of the parent code */
/* An ordinal of ORD_BIG or more is kept in big[]; the byte says so. */
#define ORD_BIG UINT8_MAX
/* Room at first: states, big ordinals and levels (each then grows). */
#define TREE_FIRST_STATES 1024
#define TREE_FIRST_BIG 64
#define TREE_FIRST_LEVELS 64

_Static_assert(sizeof(uint64_t) * CHAR_BIT == WORD_BITS, "bits[] words");
_Static_assert(TREE_BLOCK % WORD_BITS == 0,
	       "a rank sample starts at a word (select1 walks words)");

#define WORDS(cap) ((2 * (cap) + WORD_BITS - 1) / WORD_BITS)
#define RANKS(cap) ((2 * (cap)) / TREE_BLOCK + 1)

static size_t bytes_for(uint64_t cap)
{
	return (size_t)(cap + WORDS(cap) * sizeof(uint64_t) +
			RANKS(cap) * sizeof(uint32_t));
}

size_t tree_bytes(const struct tree *t)
{
	return bytes_for(t->cap) + (size_t)t->bigcap * sizeof *t->big +
	       (size_t)t->lcap * sizeof *t->level;
}

/* Room for cap states: their ordinals and 2 bits each. */
static int grow(struct tree *t, uint64_t cap)
{
	void *a, *b, *c;

	a = realloc(t->ord, cap);
	if (!a)
		return -1;
	t->ord = a;
	b = realloc(t->bits, WORDS(cap) * sizeof *t->bits);
	if (!b)
		return -1;
	t->bits = b;
	c = realloc(t->rank, RANKS(cap) * sizeof *t->rank);
	if (!c)
		return -1;
	t->rank = c;
	t->cap = cap;
	return 0;
}

static uint64_t next_cap(const struct tree *t)
{
	return t->cap + t->cap / 2;
}

int tree_init(struct tree *t)
{
	memset(t, 0, sizeof *t);
	t->level = malloc(TREE_FIRST_LEVELS * sizeof *t->level);
	if (!t->level || grow(t, TREE_FIRST_STATES)) {
		tree_free(t);
		return -1;
	}
	t->lcap = TREE_FIRST_LEVELS;
	t->level[t->nlevels++] = 0;
	t->ord[0] = 0;
	t->nstates = 1;
	return 0;
}

void tree_free(struct tree *t)
{
	free(t->bits);
	free(t->rank);
	free(t->ord);
	free(t->big);
	free(t->level);
	memset(t, 0, sizeof *t);
}

size_t tree_growth(const struct tree *t)
{
	size_t n = 0;

	if (t->nstates == t->cap)
		n += bytes_for(next_cap(t)) - bytes_for(t->cap);
	if (t->nbig == t->bigcap)
		n += (t->bigcap ? t->bigcap : TREE_FIRST_BIG) * sizeof *t->big;
	return n;
}

static void append(struct tree *t, int bit)
{
	uint64_t i = t->nbits++;

	if (i % WORD_BITS == 0)
		t->bits[i / WORD_BITS] = 0;
	if (i % TREE_BLOCK == 0)
		t->rank[i / TREE_BLOCK] = (uint32_t)t->ones;
	if (bit) {
		t->bits[i / WORD_BITS] |= 1ull << (i % WORD_BITS);
		t->ones++;
	}
}

int tree_reserve(struct tree *t)
{
	if (t->nstates == t->cap && grow(t, next_cap(t)))
		return -1;
	if (t->nbig == t->bigcap) {
		uint64_t cap = t->bigcap ? t->bigcap * 2 : TREE_FIRST_BIG;
		struct tree_big *n = realloc(t->big, cap * sizeof *n);

		if (!n)
			return -1;
		t->big = n;
		t->bigcap = cap;
	}
	return 0;
}

void tree_child(struct tree *t, uint32_t ordinal)
{
	uint32_t k = (uint32_t)t->nstates;

	/* tree_reserve() made room for one state and one big ordinal */
	assert(k < t->cap && t->nbig < t->bigcap);
	if (ordinal >= ORD_BIG)
		t->big[t->nbig++] = (struct tree_big){ k, ordinal };
	t->ord[k] = ordinal >= ORD_BIG ? ORD_BIG : (uint8_t)ordinal;
	append(t, 1);
	t->nstates++;
}

void tree_parent_done(struct tree *t)
{
	append(t, 0);
}

int tree_level(struct tree *t, uint32_t first)
{
	if (t->nlevels == t->lcap) {
		uint32_t *n = realloc(t->level, 2 * t->lcap * sizeof *n);

		if (!n)
			return -1;
		t->level = n;
		t->lcap *= 2;
	}
	t->level[t->nlevels++] = first;
	return 0;
}

/* Bit position of the k-th 1 (k >= 1). */
static uint64_t select1(const struct tree *t, uint64_t k)
{
	uint64_t lo = 0, hi = (t->nbits + TREE_BLOCK - 1) / TREE_BLOCK, w, x,
		 need;

	/* the last block whose samples count fewer than k 1s */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (t->rank[mid] < k)
			lo = mid;
		else
			hi = mid;
	}
	need = k - t->rank[lo];
	for (w = lo * (TREE_BLOCK / WORD_BITS);; w++) {
		uint64_t c = (uint64_t)__builtin_popcountll(t->bits[w]);

		if (c >= need)
			break;
		need -= c;
	}
	for (x = t->bits[w]; need > 1; need--)
		x &= x - 1;
	return w * WORD_BITS + (uint64_t)__builtin_ctzll(x);
}

uint32_t tree_parent(const struct tree *t, uint32_t k)
{
	return (uint32_t)(select1(t, k) - (k - 1));
}

uint32_t tree_ordinal(const struct tree *t, uint32_t k)
{
	uint64_t lo = 0, hi = t->nbig;

	if (t->ord[k] < ORD_BIG)
		return t->ord[k];
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (t->big[mid].state < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return t->big[lo].ordinal;
}

unsigned tree_depth(const struct tree *t, uint32_t k)
{
	uint32_t lo = 0, hi = t->nlevels;

	/* the last level starting at or before k */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->level[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
