/* SPDX-License-Identifier: MIT */
/*
 * tree.h - the breadth-first search tree in about 1.3 bytes a state: for
 * every state, which state first reached it (parent) and by which of its
 * successors (ordinal), and the level (depth) it was found at.
 *
 * Breadth-first, states are numbered in discovery order and parents are
 * expanded in number order, so parents of consecutive states never
 * decrease.  The parent sequence is kept as a bit string: for each parent,
 * one 1 per state it discovered, then a 0 (at most 2 bits a state).  State
 * k >= 1 is the k-th 1; its parent is the number of 0s before it.  A rank
 * sample (1s before) every TREE_BLOCK bits makes that lookup O(log n).
 *
 * Ordinals take a byte; one of 255 or more is kept in `big`, sorted by
 * state.  The initial state is number 0; it has neither.
 *
 * The tree only grows in tree_reserve(), so that a search can check its
 * memory limit first and tree_child() cannot fail; the 0 after a parent is
 * reserved with the 1s, since parents never outnumber states.
 */
#ifndef FC_TREE_H
#define FC_TREE_H

#include <stddef.h>
#include <stdint.h>

#define TREE_BLOCK 4096		/* bits per rank sample */

struct tree_big {
	uint32_t state, ordinal;
};

struct tree {
	uint64_t *bits;		/* the parent code, bit i at bits[i/64] >> i%64 */
	uint64_t nbits, ones;
	uint32_t *rank;		/* rank[j]: 1s in bits [0, j * TREE_BLOCK) */
	uint8_t *ord;		/* ord[k], k >= 1; 255: see big */
	uint64_t nstates, cap;	/* states in the tree (with 0), capacity */
	struct tree_big *big;
	uint64_t nbig, bigcap;
	uint32_t *level;	/* level[d]: first state at depth d */
	uint32_t nlevels, lcap;
};

/* A tree holding the initial state.  -1: out of memory. */
int tree_init(struct tree *t);
void tree_free(struct tree *t);

/* Bytes the next tree_reserve() would allocate (0 if none). */
size_t tree_growth(const struct tree *t);
/* Room for one more state.  -1: out of memory. */
int tree_reserve(struct tree *t);
/* State t->nstates, reached by the parent being expanded, after a
 * successful tree_reserve(). */
void tree_child(struct tree *t, uint32_t ordinal);
/* The parent being expanded is done; the next one begins. */
void tree_parent_done(struct tree *t);
/*
 * Level d + 1 begins at state `first`: call it as level d begins to be
 * expanded (levels in order, from 1), so that states found before a stop
 * have their depth.  The last level may stay empty.  -1: out of memory.
 */
int tree_level(struct tree *t, uint32_t first);

uint32_t tree_parent(const struct tree *t, uint32_t k);
uint32_t tree_ordinal(const struct tree *t, uint32_t k);
unsigned tree_depth(const struct tree *t, uint32_t k);

size_t tree_bytes(const struct tree *t);

#endif
