/* SPDX-License-Identifier: MIT */
/*
 * fpset.h - a set of 64-bit fingerprints in 8 bytes a slot, nothing else.
 *
 * Ordered linear probing (Amble and Knuth, "Ordered hash tables", 1974)
 * with a monotone home slot, home(fp) = (fp >> 32) * n / 2^32, which
 * depends on the top 32 bits alone (so keys that share them share a run,
 * and fpset_first() finds them all):
 *
 *  - a lookup that meets a larger fingerprint stops: misses, which are one
 *    per new state, cost as little as hits even at a high load;
 *  - the slots, read left to right, hold the fingerprints in increasing
 *    order, so growing is one sequential pass (no random access) and the
 *    table can grow by half rather than double, which keeps its load
 *    between FPSET_LOAD / 1.5 and FPSET_LOAD.
 *
 * Invariants, for every fingerprint e stored at slot i:
 *   home(e) <= i, every slot in [home(e), i] is in use, and the fingerprints
 *   in a run of used slots increase.  There is no wrap-around: a tail of
 *   fpset_tail(n) slots past n takes the overflow of the last homes (as
 *   many as there are home slots, up to FPSET_TAIL: a small set, of
 *   which a search has one per partition, stays small).
 * Slot value 0 means empty; fingerprint 0 is stored as 1 (one collision
 * more in 2^64, folded into the estimate).
 *
 * Lookups may run concurrently with each other, never with an insert.
 */
#ifndef FC_FPSET_H
#define FC_FPSET_H

#include <stddef.h>
#include <stdint.h>

#define FPSET_TAIL 64
/* grow beyond this load (a fraction of the n home slots) */
#define FPSET_LOAD 0.85

struct fpset {
	uint64_t *slot;		/* fpset_end() slots */
	uint64_t n;		/* home slots */
	uint64_t count;		/* fingerprints stored */
};

static inline uint64_t fpset_tail(uint64_t n)
{
	return n < FPSET_TAIL ? n : FPSET_TAIL;
}

/* One past the last slot. */
static inline uint64_t fpset_end(const struct fpset *f)
{
	return f->n + fpset_tail(f->n);
}

int fpset_init(struct fpset *f, uint64_t n);
void fpset_free(struct fpset *f);

/*
 * Finds fp.  Returns 1 if present; else 0 and *pos is where fpset_put()
 * stores it, valid until the next change; -1 if the tail is full (grow).
 */
int fpset_find(const struct fpset *f, uint64_t fp, uint64_t *pos);
/* Stores fp, absent, at the place fpset_find() gave.  -1: tail full. */
int fpset_put(struct fpset *f, uint64_t fp, uint64_t pos);
/* Would fpset_put() at pos find a free slot to shift into? */
int fpset_put_ok(const struct fpset *f, uint64_t pos);

/* Rehash into at least n home slots.  -1: out of memory (f unchanged). */
int fpset_resize(struct fpset *f, uint64_t n);

/*
 * The first slot from which keys >= key follow in increasing order, up to
 * an empty slot (0) or the end (fpset_end()), which it may be: every
 * stored key >= key whose top 32 bits are key's is in that stretch.
 */
uint64_t fpset_first(const struct fpset *f, uint64_t key);

/* Where a lookup of fp starts: to prefetch. */
const uint64_t *fpset_home(const struct fpset *f, uint64_t fp);

/* Should the table grow before one more insert? */
int fpset_full(const struct fpset *f);
/* The home slots after the next growth. */
uint64_t fpset_next_n(const struct fpset *f);
size_t fpset_bytes(uint64_t n);

#endif
