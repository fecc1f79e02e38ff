/* SPDX-License-Identifier: MIT */
/*
 * pack.h - states packed to the bits they use.
 *
 * The model says, for every byte of its state vector, which bits can ever
 * be 1 (a mask).  The visited set and the frontiers then hold each state
 * as those bits alone, end to end: ceil(sum of the masks' popcounts / 8)
 * bytes instead of one byte per field.  Packing is a bijection between
 * the states that respect the masks and their packed forms, so two states
 * are equal exactly when their packed forms are, and the search may hash,
 * compare and store packed states only, unpacking one to expand or visit
 * it.
 *
 * Two ways to pack, which give the same packed form:
 *  - by 64-bit words of the state, with BMI2's PEXT / PDEP (x86, chosen at
 *    run time): a word's masked bits go out in one instruction;
 *  - by fields, runs of consecutive 1 bits of a mask, each at a fixed bit
 *    position of the packed form: a loop over precomputed records.
 * Either way the packed form is the masked bits in order of (byte, bit),
 * from bit 0 of the first packed byte on (on a little-endian machine;
 * elsewhere only the field loop runs, in its own order).
 *
 * Invariant: fields are in byte order, their positions increase without
 * gaps and end at nbits <= 8 * psize; with no masks (NULL) the packed form
 * is the state itself (psize == size, one memcpy).
 */
#ifndef FC_PACK_H
#define FC_PACK_H

#include <stddef.h>
#include <stdint.h>

struct pack_field {
	uint32_t off;		/* byte of the state */
	uint8_t shift, width;	/* its bits shift .. shift + width - 1 */
	uint8_t at;		/* pos % 64: where it starts in its word */
	uint8_t last;		/* it fills its word of the packed form */
	uint32_t word;		/* pos / 64 */
};

struct pack {
	size_t size;		/* bytes of a state */
	size_t psize;		/* bytes of a packed state */
	uint32_t nbits;		/* bits of a packed state */
	uint32_t nf;
	struct pack_field *f;	/* NULL: no packing */
	/* the state's 64-bit words with mask bits: index, mask, popcount */
	uint32_t nw, *wi;
	uint64_t *wm;
	uint8_t *wc;
	int pext;		/* use PEXT / PDEP */
	uint8_t *mask;		/* a copy of the masks (for pack_fits) */
};

/* -1: out of memory.  mask NULL: states are stored as they are. */
int pack_init(struct pack *pk, size_t size, const uint8_t *mask);
void pack_free(struct pack *pk);

/* s (size bytes) into out (psize bytes).  s must respect the masks. */
void pack_state(const struct pack *pk, const uint8_t *s, uint8_t *out);
/* The inverse: in (psize bytes) into s (size bytes). */
void pack_unpack(const struct pack *pk, const uint8_t *in, uint8_t *s);
/* Does s respect the masks, so that pack_unpack(pack_state(s)) == s? */
int pack_fits(const struct pack *pk, const uint8_t *s);
/* Tests: pack by fields even where PEXT is there. */
void pack_no_pext(struct pack *pk);

#endif
