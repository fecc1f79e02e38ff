/* SPDX-License-Identifier: MIT */
/*
 * store.h - fixed-size records by number, in blocks that are never copied
 * once full.
 *
 * The full visited set keeps every (packed) state here, in number order.
 * A single array grown by doubling would hold up to twice what it needs
 * (and, while it is copied, three times); blocks of STORE_BLOCK records
 * waste at most one block.  Block 0 grows by doubling up to STORE_BLOCK,
 * so that small searches stay small; it may move until then, so a record
 * is only valid until the next store_grow().
 *
 * Invariant: cap = room in records; records [0, cap) are addressable;
 * block j >= 1 holds records [j * STORE_BLOCK, (j + 1) * STORE_BLOCK).
 */
#ifndef FC_STORE_H
#define FC_STORE_H

#include <stddef.h>
#include <stdint.h>

#define STORE_SHIFT 12
#define STORE_BLOCK ((uint64_t)1 << STORE_SHIFT)

struct store {
	size_t size;		/* bytes a record */
	uint8_t **block;
	uint64_t nblocks, bcap;	/* blocks in use, room in block[] */
	uint64_t cap;		/* records there is room for */
};

void store_init(struct store *a, size_t size);
void store_free(struct store *a);

/* Bytes the next store_grow() takes. */
size_t store_growth(const struct store *a);
/* Room for more records.  -1: out of memory (a unchanged). */
int store_grow(struct store *a);
/* Bytes held. */
size_t store_bytes(const struct store *a);

static inline uint8_t *store_at(const struct store *a, uint64_t k)
{
	return a->block[k >> STORE_SHIFT] + (k & (STORE_BLOCK - 1)) * a->size;
}

#endif
