/* SPDX-License-Identifier: MIT */
/*
 * search_int.h - what the serial search (search.c) and the parallel
 * engine (parallel.c) share: the search's own state, the visited set's
 * keys, and the bookkeeping both call.  Private to src/explore/.
 *
 * The limits here are named with the reason for each; the type widths
 * they rely on are asserted below, so that widening a field or a limit
 * that does not fit fails to compile rather than wrapping at run time.
 */
#ifndef FC_SEARCH_INT_H
#define FC_SEARCH_INT_H

#include "search.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "fpset.h"
#include "pack.h"
#include "store.h"
#include "tree.h"

/*
 * State numbers, parents and ordinals are uint32_t (the tree, the links
 * and the keys of a full visited set hold 32 bits each): NO_PARENT marks
 * "none", and a full set's key stores number + 1, so the last two values
 * are taken and MAX_STATES_HARD is the most states any search stores.
 */
#define NO_PARENT UINT32_MAX
#define MAX_STATES_HARD (UINT32_MAX - 2)

/*
 * The visited set is cut into NPARTS partitions by the top PART_BITS bits
 * of a state's hash: enough that the threads of -j rarely meet in one and
 * that a partition grows in small steps; few enough that 64 empty
 * partitions cost nothing (SET_MIN slots each) in a small search.
 */
#define PART_BITS 6
#define NPARTS (1 << PART_BITS)
#define SET_MIN 16		/* home slots of a partition at first */

/* One bit of search.violated per oracle, and first[] has a place each. */
#define MAX_VIOLATION_BITS 32

/*
 * Arrays that grow (depth-first links and stack, a level's states, the
 * workers' buffers) start with room for GROW_FIRST elements, then grow by
 * half (the stack doubles): a small search stays small.
 */
#define GROW_FIRST 1024

/*
 * The clock is read every POLL_EVERY expansions, for the timeout and the
 * progress line: rarely enough to cost nothing, often enough that a
 * timeout is late by milliseconds.  A power of two: it is a mask.
 */
#define POLL_EVERY 256

/*
 * Lookups in the visited set are cache misses, about one a successor:
 * the search holds up to PEND successors of the parent being expanded
 * and prefetches their first slots before it looks them up, so that the
 * misses overlap.  They are then taken in order, as if one by one.  The
 * parallel workers do the same, and phases A and C look PEND candidates
 * ahead.
 */
#define PEND 16

struct first {
	uint32_t state;		/* state before the step, or the state itself */
	uint32_t ordinal;	/* ordinal of the step, or NO_PARENT */
	int seen;
};

/* Full states of one breadth-first level, in number order. */
struct level {
	uint8_t *buf;
	uint64_t n, cap;
};

struct par;

struct search {
	const struct search_ops *ops;
	struct search_limits lim;
	struct search_stats st;
	/*
	 * States are stored, hashed and compared packed (pack.h): size is
	 * the packed size, full the model's.  Only expand() and visit() see
	 * full states, unpacked into cur or vbuf.
	 */
	struct pack pk;
	size_t size, full;
	uint8_t *vbuf;		/* a full state, to visit */
	int fp;			/* fingerprint visited set */
	uint64_t count;		/* states stored: numbers [0, count) */
	size_t set_bytes;	/* the visited set's partitions */

	/* the visited set's partitions: fingerprints, or the arena's index */
	struct fpset fps[NPARTS];
	/* full: the arena */
	struct store arena;
	/* fingerprint, breadth-first: the two levels with full states */
	struct level cur, next;

	/* breadth-first */
	struct tree tree;

	/* breadth-first with threads: the workers (parallel.c) */
	struct par *par;

	/* depth-first: links by state number, dcap of room; the stack of
	 * numbers, and with fingerprints of their packed states */
	uint32_t *parent, *ordinal, *depth;
	uint64_t dcap;
	uint32_t *stack;
	uint8_t *sstates;
	uint64_t sp, scap;

	unsigned violated;
	struct first first[MAX_VIOLATION_BITS];

	/* the expansion under way */
	uint32_t cur_idx;
	uint32_t next_ordinal;
	uint8_t *pend;		/* PEND successors waiting for their lookup */
	uint64_t pend_h[PEND];
	uint32_t pend_ord[PEND];
	unsigned pend_viol[PEND];
	int npend;
	unsigned level;		/* breadth-first: its depth */
	int stopped;
	struct timespec t0;
	double next_progress;	/* seconds */
	int progressed;
};

/* The widths the limits above rely on. */
_Static_assert(sizeof(uint32_t) * CHAR_BIT == 32 && MAX_STATES_HARD + 2 == UINT32_MAX,
	       "state numbers and number + 1 (a full set's key) fit 32 bits, "
	       "NO_PARENT apart");
_Static_assert(sizeof(unsigned) * CHAR_BIT >= MAX_VIOLATION_BITS,
	       "violation bits are an unsigned");
_Static_assert(PART_BITS + 32 <= 64,
	       "a full set's key is a 32-bit tag above the partition bits, "
	       "then a 32-bit state number");
_Static_assert((POLL_EVERY & (POLL_EVERY - 1)) == 0, "POLL_EVERY is a mask");
_Static_assert((GROW_FIRST & (GROW_FIRST - 1)) == 0,
	       "a level set (parallel.c) starts with GROW_FIRST slots, a mask");
_Static_assert(PEND > 0 && PEND <= 64, "PEND successors wait in fixed "
	       "arrays of struct search and of each worker");

static inline uint64_t hash_state(const struct search *s, const uint8_t *st)
{
	return XXH3_64bits(st, s->size);
}

/* A successor from the model, packed into out. */
static inline void pack_in(const struct search *s, const uint8_t *next, uint8_t *out)
{
	/* tests: a state outside the masks would be stored wrong; that is a
	 * bug of the model's masks, not of the input */
	if (s->lim.pack_check && !pack_fits(&s->pk, next))
		abort();
	pack_state(&s->pk, next, out);
}

/* The full form of packed state st: st itself when nothing is packed. */
static inline const uint8_t *unpacked(const struct search *s, const uint8_t *st,
			       uint8_t *buf)
{
	if (!s->pk.f)
		return st;
	pack_unpack(&s->pk, st, buf);
	return buf;
}
/* ---- the visited set --------------------------------------------------- */

static inline unsigned part_of(uint64_t h)
{
	return (unsigned)(h >> (64 - PART_BITS));
}

/* Fingerprints go to their partition without its bits; bit 0 keeps the
 * key from being 0 (empty), and keys keep the fingerprints' order. */
static inline uint64_t fp_key(uint64_t fp)
{
	return fp << PART_BITS | 1;
}

/* Full: the tag of a hash, the 32 bits below the partition bits. */
static inline uint64_t ix_tag(uint64_t h)
{
	return (h << PART_BITS) >> 32;
}

/* The key of h in its partition: state number idx's, if full. */
static inline uint64_t set_key(const struct search *s, uint64_t h, uint32_t idx)
{
	return s->fp ? fp_key(h) : ix_tag(h) << 32 | (uint64_t)(idx + 1);
}

/*
 * Is st in the visited set?  Read-only: the parallel workers call it while
 * nothing is inserted.
 */
static inline int known(const struct search *s, const uint8_t *st, uint64_t h)
{
	const struct fpset *f = &s->fps[part_of(h)];
	uint64_t pos, tag = ix_tag(h), end = fpset_end(f);

	if (s->fp)
		return fpset_find(f, fp_key(h), &pos) == 1;
	/* the states with this tag: one run of keys, in number order */
	for (uint64_t i = fpset_first(f, tag << 32);
	     i < end && f->slot[i] && f->slot[i] >> 32 == tag; i++)
		if (!memcmp(store_at(&s->arena, (uint32_t)f->slot[i] - 1), st,
			    s->size))
			return 1;
	return 0;
}

/* The first slot a lookup of h reads, into the cache ahead of time. */
static inline void prefetch_slot(const struct search *s, uint64_t h)
{
	__builtin_prefetch(fpset_home(&s->fps[part_of(h)], set_key(s, h, 0)));
}

/*
 * Breadth-first: state idx of the level that begins with number lo, as
 * stored: in the arena, or in the level being expanded (fingerprints).
 */
static inline const uint8_t *level_state(const struct search *s, uint64_t lo,
				  uint64_t idx)
{
	return s->fp ? s->cur.buf + (idx - lo) * s->size
		     : store_at(&s->arena, idx);
}

/* ---- search.c: bookkeeping the parallel engine calls too ---- */

double search_elapsed(const struct search *s);
/* Bytes held now: every array at its capacity. */
size_t search_footprint(const struct search *s);
/* Stop the search, for the first reason given. */
void search_stop_at(struct search *s, enum search_stop why);
int search_afford(struct search *s, size_t extra);
void search_note_memory(struct search *s);
void *search_regrow(struct search *s, void *p, size_t bytes);
void search_record(struct search *s, unsigned viol, uint32_t state,
		   uint32_t ordinal);
int64_t search_store(struct search *s, const uint8_t *st, uint32_t parent,
		     uint32_t ord);
void search_progress(struct search *s, double now, int done);
void search_poll(struct search *s, uint64_t *polled);

/* ---- parallel.c: the -j engine ---- */

/* Levels of fewer states are expanded serially (unless par_min_level):
 * waking the threads costs more than such a level. */
#define PAR_MIN_LEVEL 2048

/* Start up to n - 1 threads: -1 if none could start (then serial). */
int par_start(struct search *s, int n);
void par_free(struct search *s);
/* Expand states [lo, lo + m) with every thread, then merge. */
void par_level(struct par *par, uint64_t lo, uint64_t m);
/* Bytes the workers hold now; 0 without threads. */
size_t par_bytes(const struct search *s);

#endif
