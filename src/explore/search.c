/*
 * search.c - the plain exhaustive search: breadth- or depth-first, with
 * one thread or several.
 *
 * States are numbered in discovery order.  Breadth-first goes level by
 * level: level d is the states [lo, hi) found while expanding level d - 1,
 * and the breadth-first tree (tree.h) keeps each state's parent and
 * ordinal in about 1.3 bytes.  Depth-first keeps a stack of state numbers
 * and plain parent, ordinal and depth arrays.
 *
 * The visited set is cut into NPARTS partitions by the top PART_BITS bits
 * of a state's XXH3 hash, so that threads can insert into it side by side
 * (see "parallel") and so that it grows a partition at a time.  Two kinds:
 *  - full (default): every state in an arena (store.h), in number
 *    order, and an index over it: per partition, an fpset (fpset.h) of
 *    keys (tag << 32 | state number + 1), tag = the 32 hash bits below the
 *    partition bits.  The set is sorted and its home slots depend on the
 *    tag alone, so a state's candidates are the run of its tag, which a
 *    lookup scans, comparing states; 8 bytes a slot at a load of 57 to
 *    85%, and a partition grows without hashing a state again.
 *    Breadth-first, the arena is also the frontier: level d is arena[lo,
 *    hi).
 *  - fingerprint: an fpset of 64-bit fingerprints per partition.
 *    Breadth-first, full states exist only for the level being expanded
 *    (cur) and the one being found (next); a level's states are dropped
 *    once it is expanded.  Depth-first, only on the stack, each with its
 *    number.
 *
 * States are kept packed to the bits the model says they use (pack.h),
 * everywhere: the arena, the levels, pending successors and the workers'
 * candidates.  Hashes and comparisons are of packed states, which are
 * equal exactly when the states are; a state is unpacked only to be
 * expanded or visited.
 *
 * The initial state is number 0 and has no parent.
 */
#include "search.h"
#include "zalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "fpset.h"
#include "pack.h"
#include "store.h"
#include "tree.h"

#define NO_PARENT UINT32_MAX
#define MAX_STATES_HARD (UINT32_MAX - 2)

#define PART_BITS 6
#define NPARTS (1 << PART_BITS)
#define SET_MIN 16		/* home slots of a partition at first */

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

	/* breadth-first with threads: the workers (see "parallel") */
	struct par *par;

	/* depth-first: links by state number, dcap of room; the stack of
	 * numbers, and with fingerprints of their packed states */
	uint32_t *parent, *ordinal, *depth;
	uint64_t dcap;
	uint32_t *stack;
	uint8_t *sstates;
	uint64_t sp, scap;

	unsigned violated;
	struct first first[32];

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

static double elapsed(const struct search *s)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - s->t0.tv_sec) +
	       (double)(t.tv_nsec - s->t0.tv_nsec) / 1e9;
}

static size_t par_bytes(const struct search *s);

/* Bytes held now: every array at its capacity. */
static size_t footprint(const struct search *s)
{
	size_t m = par_bytes(s) + s->set_bytes;

	if (s->fp)
		m += (size_t)(s->cur.cap + s->next.cap) * s->size;
	else
		m += store_bytes(&s->arena);
	if (s->lim.dfs)
		m += (size_t)s->dcap * 3 * sizeof(uint32_t) +
		     (size_t)s->scap * (sizeof(uint32_t) +
					(s->fp ? s->size : 0));
	else
		m += tree_bytes(&s->tree);
	return m;
}

static void stop(struct search *s, enum search_stop why)
{
	if (!s->stopped) {
		s->stopped = 1;
		s->st.stop = why;
	}
}

/*
 * May the search take `extra` bytes more (for a moment: a table being
 * rehashed is held twice)?  If not, it stops.  The peak counts them.
 * Only while no worker runs.
 */
static int afford(struct search *s, size_t extra)
{
	size_t m = footprint(s) + extra;

	if (s->lim.max_memory && m > s->lim.max_memory) {
		stop(s, STOP_MEMORY);
		return 0;
	}
	if (m > s->st.memory)
		s->st.memory = m;
	return 1;
}

static void note_memory(struct search *s)
{
	afford(s, 0);
}

static void *regrow(struct search *s, void *p, size_t bytes)
{
	void *n = realloc(p, bytes);

	if (!n)
		stop(s, STOP_MEMORY);
	return n;
}

/* Full: room in the arena for more states. */
static int grow_arena(struct search *s)
{
	if (!afford(s, store_growth(&s->arena)))
		return -1;
	if (store_grow(&s->arena)) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	note_memory(s);
	return 0;
}

/* Depth-first: room in the link arrays for more states. */
static int grow_links(struct search *s)
{
	uint64_t cap = s->dcap ? s->dcap + s->dcap / 2 : 1024;
	void *a;

	if (!afford(s, (size_t)(cap - s->dcap) * 3 * sizeof(uint32_t)))
		return -1;
	if (!(a = regrow(s, s->parent, cap * sizeof(uint32_t))))
		return -1;
	s->parent = a;
	if (!(a = regrow(s, s->ordinal, cap * sizeof(uint32_t))))
		return -1;
	s->ordinal = a;
	if (!(a = regrow(s, s->depth, cap * sizeof(uint32_t))))
		return -1;
	s->depth = a;
	s->dcap = cap;
	note_memory(s);
	return 0;
}


static uint64_t hash_state(const struct search *s, const uint8_t *st)
{
	return XXH3_64bits(st, s->size);
}

/* A successor from the model, packed into out. */
static void pack_in(const struct search *s, const uint8_t *next, uint8_t *out)
{
	/* tests: a state outside the masks would be stored wrong; that is a
	 * bug of the model's masks, not of the input */
	if (s->lim.pack_check && !pack_fits(&s->pk, next))
		abort();
	pack_state(&s->pk, next, out);
}

/* The full form of packed state st: st itself when nothing is packed. */
static const uint8_t *unpacked(const struct search *s, const uint8_t *st,
			       uint8_t *buf)
{
	if (!s->pk.f)
		return st;
	pack_unpack(&s->pk, st, buf);
	return buf;
}

/* ---- the visited set --------------------------------------------------- */

static unsigned part_of(uint64_t h)
{
	return (unsigned)(h >> (64 - PART_BITS));
}

/* Fingerprints go to their partition without its bits; bit 0 keeps the
 * key from being 0 (empty), and keys keep the fingerprints' order. */
static uint64_t fp_key(uint64_t fp)
{
	return fp << PART_BITS | 1;
}

/* Full: the tag of a hash, the 32 bits below the partition bits. */
static uint64_t ix_tag(uint64_t h)
{
	return (h << PART_BITS) >> 32;
}

/* The key of h in its partition: state number idx's, if full. */
static uint64_t set_key(const struct search *s, uint64_t h, uint32_t idx)
{
	return s->fp ? fp_key(h) : ix_tag(h) << 32 | (uint64_t)(idx + 1);
}

/*
 * Is st in the visited set?  Read-only: the parallel workers call it while
 * nothing is inserted.
 */
static int known(const struct search *s, const uint8_t *st, uint64_t h)
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
static void prefetch_slot(const struct search *s, uint64_t h)
{
	__builtin_prefetch(fpset_home(&s->fps[part_of(h)], set_key(s, h, 0)));
}

/* Find key in the partition of hash h, growing it until there is room. */
static int set_room(struct search *s, uint64_t h, uint64_t key, uint64_t *pos)
{
	struct fpset *f = &s->fps[part_of(h)];
	int r;

	while ((r = fpset_find(f, key, pos)) < 0 ||
	       (!r && (fpset_full(f) || !fpset_put_ok(f, *pos)))) {
		uint64_t n = fpset_next_n(f);
		size_t old = fpset_bytes(f->n);

		if (!afford(s, fpset_bytes(n)))
			return -1;
		if (fpset_resize(f, n)) {
			stop(s, STOP_MEMORY);
			return -1;
		}
		s->set_bytes += fpset_bytes(f->n) - old;
		note_memory(s);
	}
	return r;
}

static int grow_level(struct search *s, struct level *l)
{
	uint64_t cap = l->cap ? l->cap + l->cap / 2 : 1024;
	void *n;

	if (!afford(s, (size_t)(cap - l->cap) * s->size))
		return -1;
	if (!(n = regrow(s, l->buf, cap * s->size)))
		return -1;
	l->buf = n;
	l->cap = cap;
	note_memory(s);
	return 0;
}

/* Room in the tree for one more state. */
static int tree_room(struct search *s)
{
	size_t more = tree_growth(&s->tree);

	if (more && !afford(s, more))
		return -1;
	if (tree_reserve(&s->tree)) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	if (more)
		note_memory(s);
	return 0;
}

/* Depth-first: state idx onto the stack, with st if fingerprints. */
static int push(struct search *s, uint32_t idx, const uint8_t *st)
{
	if (s->sp == s->scap) {
		uint64_t scap = s->scap ? s->scap * 2 : 1024;
		size_t each = sizeof *s->stack + (s->fp ? s->size : 0);
		void *n;

		if (!afford(s, (size_t)(scap - s->scap) * each))
			return -1;
		if (!(n = regrow(s, s->stack, scap * sizeof *s->stack)))
			return -1;
		s->stack = n;
		if (s->fp) {
			if (!(n = regrow(s, s->sstates, scap * s->size)))
				return -1;
			s->sstates = n;
		}
		s->scap = scap;
		note_memory(s);
	}
	if (s->fp)
		memcpy(s->sstates + s->sp * s->size, st, s->size);
	s->stack[s->sp++] = idx;
	return 0;
}

static void record(struct search *s, unsigned viol, uint32_t state,
		   uint32_t ordinal)
{
	for (int b = 0; viol; b++, viol >>= 1)
		if ((viol & 1) && !s->first[b].seen) {
			s->first[b] = (struct first){ state, ordinal, 1 };
			s->violated |= 1u << b;
		}
}

/* May one more state be stored? */
static int below_max_states(struct search *s)
{
	if ((s->lim.max_states && s->count >= s->lim.max_states) ||
	    s->count >= MAX_STATES_HARD) {
		stop(s, STOP_STATES);
		return 0;
	}
	return 1;
}

/*
 * Store a new state: its number, its full copy (arena or next level), its
 * links.  Everything but the visited set and the visit.  With st NULL the
 * place of the copy is only reserved (state_slot()): the parallel merge
 * copies states side by side.  Returns the number, or -1 if the search
 * had to stop first.
 */
static int64_t store(struct search *s, const uint8_t *st, uint32_t parent,
		     uint32_t ord)
{
	uint32_t idx;

	int level = s->fp && !s->lim.dfs;	/* the copy goes to next */

	if (!below_max_states(s))
		return -1;
	if (level) {
		if (s->next.n == s->next.cap && grow_level(s, &s->next))
			return -1;
	} else if (!s->fp && s->count == s->arena.cap && grow_arena(s)) {
		return -1;
	}
	if (s->lim.dfs && s->count == s->dcap && grow_links(s))
		return -1;
	if (!s->lim.dfs && s->count && tree_room(s))
		return -1;
	/* nothing can fail from here on */
	idx = (uint32_t)s->count++;
	if (level)
		s->next.n++;
	/* depth-first with fingerprints, the copy is the stack's */
	if (st && (level || !s->fp))
		memcpy(level ? s->next.buf + (s->next.n - 1) * s->size
			     : store_at(&s->arena, idx),
		       st, s->size);
	if (s->lim.dfs) {
		s->parent[idx] = parent;
		s->ordinal[idx] = ord;
		s->depth[idx] = parent == NO_PARENT ? 0 : s->depth[parent] + 1;
		if (s->depth[idx] > s->st.depth)
			s->st.depth = s->depth[idx];
	} else if (idx) {
		tree_child(&s->tree, ord);
	}
	return idx;
}

/*
 * Insert st if new: the one-thread path.  Returns its number, or -1 if
 * known or the search had to stop.
 */
static int64_t insert(struct search *s, const uint8_t *st, uint64_t h,
		      uint32_t parent, uint32_t ord)
{
	/* the key holds the number the state would get */
	uint64_t pos = 0, key = set_key(s, h, (uint32_t)s->count);
	int64_t idx;

	if (known(s, st, h))
		return -1;
	/* limits first: a state that cannot be stored is not seen */
	if (!below_max_states(s))
		return -1;
	if (set_room(s, h, key, &pos))
		return -1;
	if ((idx = store(s, st, parent, ord)) < 0)
		return -1;
	fpset_put(&s->fps[part_of(h)], key, pos);
	if (s->lim.dfs && push(s, (uint32_t)idx, st))
		return idx;
	record(s, s->ops->visit(s->ops->ctx, unpacked(s, st, s->vbuf)),
	       (uint32_t)idx, NO_PARENT);
	return idx;
}

/* The waiting successors, in order: what on_successor() would have done
 * with each at once. */
static void flush_successors(struct search *s)
{
	for (int k = 0; k < s->npend; k++) {
		if (s->pend_viol[k])
			record(s, s->pend_viol[k], s->cur_idx, s->pend_ord[k]);
		if (!s->stopped)
			insert(s, s->pend + (size_t)k * s->size, s->pend_h[k],
			       s->cur_idx, s->pend_ord[k]);
	}
	s->npend = 0;
}

static void on_successor(void *ectx, const uint8_t *next, unsigned viol)
{
	struct search *s = ectx;
	uint8_t *p = s->pend + (size_t)s->npend * s->size;
	uint64_t h;

	pack_in(s, next, p);
	h = hash_state(s, p);
	s->st.transitions++;
	prefetch_slot(s, h);
	s->pend_h[s->npend] = h;
	s->pend_viol[s->npend] = viol;
	s->pend_ord[s->npend++] = s->next_ordinal++;
	if (s->npend == PEND)
		flush_successors(s);
}

static void expand(struct search *s, uint32_t idx, const uint8_t *st)
{
	s->cur_idx = idx;
	s->next_ordinal = 0;
	s->ops->expand(s->ops->ctx, st, on_successor, s);
	flush_successors(s);
}

static void progress(struct search *s, double now, int done)
{
	struct search_stats st = s->st;

	st.states = s->count;
	st.seconds = now;
	st.memory = footprint(s);
	if (!s->lim.dfs)
		st.depth = s->level;
	s->lim.progress(s->lim.progress_ctx, &st, done);
	s->progressed = 1;
}

/* Every 256 expansions: the clock, for the timeout and the progress. */
static void poll(struct search *s, uint64_t *polled)
{
	double now;

	if ((++*polled & 255) || (s->lim.timeout <= 0 && !s->lim.progress))
		return;
	now = elapsed(s);
	if (s->lim.timeout > 0 && now > s->lim.timeout)
		stop(s, STOP_TIME);
	if (s->lim.progress && now >= s->next_progress) {
		progress(s, now, 0);
		s->next_progress = now + 1;
	}
}

/*
 * Breadth-first: state idx of the level that begins with number lo, as
 * stored: in the arena, or in the level being expanded (fingerprints).
 */
static const uint8_t *level_state(const struct search *s, uint64_t lo,
				  uint64_t idx)
{
	return s->fp ? s->cur.buf + (idx - lo) * s->size
		     : store_at(&s->arena, idx);
}

static void run_dfs(struct search *s, uint8_t *cur)
{
	uint64_t polled = 0;

	while (!s->stopped && s->sp) {
		uint32_t idx = s->stack[--s->sp];

		/* the arena and the stack may move while we expand: work on
		 * a copy */
		pack_unpack(&s->pk, s->fp ? s->sstates + s->sp * s->size
					  : store_at(&s->arena, idx), cur);
		expand(s, idx, cur);
		poll(s, &polled);
	}
}

/* ---- parallel breadth-first (-j N) ------------------------------------- */

/*
 * Each level is expanded by N threads, and merged in three phases so that
 * the search is the same search as with one thread: the same state
 * numbers, parents, first violations, order of visit() calls, and the
 * same stop by --max-states.
 *
 *  E. Expansion (parallel).  The level is cut into chunks of parents,
 *     which threads take in turn.  The visited set is only read.
 *     A successor already in it is dropped (it is as old as the level or
 *     older).  The others are candidates, appended to the taker's arrays
 *     with parent, ordinal and hash (a small cache of its recent
 *     candidates drops most repeats at once).  A transition that violates
 *     a bit not seen before the level is noted, once per bit and chunk.
 *     nsucc[] counts each parent's successors.
 *  A. Repeats (parallel, by visited-set partition).  Each thread walks the
 *     candidates of its partitions in level order and marks each new or a
 *     repeat of an earlier one (a level set per partition).  A repeat has
 *     the hash of its original, hence its partition and thread.
 *  B. Numbering (serial).  Chunk after chunk, parent after parent, the new
 *     candidates are stored, numbered and visited, and the noted
 *     violations recorded, in ordinal order: what the one-thread search
 *     does, without a single probe of the visited set.
 *  C. Insertion (parallel): the stored candidates are copied to the places
 *     B reserved (by ranges of chunks, so that no two threads write one
 *     cache line), and go into the visited set (by partition).
 *
 * A stop by a worker (time, memory) ends B at the first chunk it left
 * unfinished: the result is a prefix of the one-thread search.  The
 * model's expand() runs in several threads at once; visit() only in B.
 * Threads meet at two barriers a phase.
 */
/*
 * Parents a chunk, unless set: big chunks keep parents that share children
 * with one worker, whose cache of recent candidates then drops the
 * repeats; at least PAR_CHUNKS_EACH chunks a thread keep the load even.
 */
#define PAR_CHUNK_MIN 256
#define PAR_CHUNK_MAX 4096
#define PAR_CHUNKS_EACH 8
#define PAR_MIN_LEVEL 2048	/* smaller levels are expanded serially */
#define DEDUP_SLOTS 32768	/* 256K: a worker's recent candidates */

enum phase { PH_EXPAND, PH_REPEATS, PH_INSERT };
enum { C_UNSEEN, C_NEW, C_REPEAT };

/* A transition that violated bits not seen before its level. */
struct tviol {
	uint32_t parent, ordinal;
	unsigned viol;
};

struct chunk {
	int worker, done;	/* done: every parent fully expanded */
	uint64_t cand0, cand1;	/* its candidates in the worker's arrays */
	uint64_t tv0, tv1;	/* and its noted violations */
};

/* A level set: the new candidates of one partition, by hash. */
struct lset {
	struct lent {
		uint64_t hash;
		const uint8_t *st;
	} *t;
	uint64_t mask, count;
};

/*
 * Each worker on cache lines of its own: par_emit() writes its fields at
 * every successor, and a line shared with another worker's would bounce
 * between the cores.
 */
#define WORKER_ALIGN 128

struct worker {
	_Alignas(WORKER_ALIGN) struct par *par;
	int id;
	/*
	 * The level's candidates, k = 0 .. ncand - 1, as arrays: phases A and
	 * C read only hashes (and numbers), densely.
	 */
	uint8_t *cst;		/* their states, size bytes each */
	uint64_t *chash;
	uint32_t *cparent, *cord;
	uint8_t *cstatus;	/* A: C_NEW or C_REPEAT */
	uint32_t *cidx;		/* B: the number, NO_PARENT if not stored */
	uint64_t ncand, ccap;
	struct tviol *tv;
	uint64_t ntv, tvcap;
	uint64_t *dedup;	/* DEDUP_SLOTS of (hash tag << 32 | k + 1) */
	/* the expansion under way */
	uint32_t parent, ordinal;
	unsigned chunk_seen;	/* bits noted in this chunk */
	uint8_t *pend;		/* PEND successors waiting for their lookup */
	uint64_t pend_h[PEND];
	uint32_t pend_ord[PEND];
	int npend;
	uint8_t *full;		/* the parent being expanded, unpacked */
	int failed;		/* could not grow a buffer: stop working */
	uint64_t polled;
};

struct par {
	struct search *s;
	int n;			/* threads, this one included */
	pthread_t *tid;
	pthread_barrier_t go, done;
	struct worker *w;
	int nw;			/* workers with buffers (n or more) */
	int open;		/* the start gate (under gate_lock) */
	int quit;
	enum phase phase;
	uint64_t chunksz;	/* parents a chunk */
	/* the level: m states from number lo (level_state()) */
	uint64_t lo, m;
	struct chunk *chunk;
	uint64_t nchunks, chunkcap;
	uint64_t nmerge;	/* chunks before the first unfinished one */
	uint32_t *nsucc;
	uint64_t nsucccap;
	unsigned seen;		/* bits violated before the level */
	struct lset lset[NPARTS];	/* partition p: thread p % n */
	size_t base_bytes;	/* held outside par->bytes, at the phase start */
	atomic_uint_fast64_t next;	/* the next chunk to take */
	atomic_int halt;	/* 0, or why the workers stopped */
	atomic_size_t bytes;	/* the workers' buffers (and, in C, the
				 * visited set's growth until moved) */
	atomic_size_t moved;	/* visited-set growth in C */
	atomic_size_t peak;
};

static size_t par_bytes(const struct search *s)
{
	const struct par *par = s->par;

	return par ? atomic_load(&par->bytes) +
		     (size_t)par->chunkcap * sizeof *par->chunk +
		     (size_t)par->nsucccap * sizeof *par->nsucc
		   : 0;
}

static void halt(struct par *par, enum search_stop why)
{
	int none = 0;

	atomic_compare_exchange_strong(&par->halt, &none, (int)why);
}

static void wfail(struct worker *w)
{
	halt(w->par, STOP_MEMORY);
	w->failed = 1;
}

/*
 * May a worker take `more` bytes, within the limit?  Counts them if so.
 * One compare-and-swap: threads together never pass the limit.
 */
static int wtake(struct worker *w, size_t more)
{
	struct par *par = w->par;
	size_t cur = atomic_load(&par->bytes), now, peak;

	do {
		now = par->base_bytes + cur + more;
		if (par->s->lim.max_memory && now > par->s->lim.max_memory) {
			wfail(w);
			return -1;
		}
	} while (!atomic_compare_exchange_weak(&par->bytes, &cur, cur + more));
	peak = atomic_load(&par->peak);
	while (now > peak && !atomic_compare_exchange_weak(&par->peak, &peak, now))
		;
	return 0;
}

static void wgive(struct worker *w, size_t less)
{
	atomic_fetch_sub(&w->par->bytes, less);
}

/* Grow one of a worker's buffers to hold `need` elements. */
static int wgrow(struct worker *w, void **buf, uint64_t *cap, size_t elem,
		 uint64_t need)
{
	uint64_t ncap = *cap ? *cap : 1024;
	size_t more;
	void *n;

	while (ncap < need)
		ncap += ncap / 2;
	more = (size_t)(ncap - *cap) * elem;
	if (wtake(w, more))
		return -1;
	if (!(n = realloc(*buf, ncap * elem))) {
		wgive(w, more);
		wfail(w);
		return -1;
	}
	*buf = n;
	*cap = ncap;
	return 0;
}

/* Room for one more candidate in every array. */
static int cand_room(struct worker *w)
{
	size_t size = w->par->s->size;
	uint64_t cap = w->ccap ? w->ccap + w->ccap / 2 : 1024;
	size_t more = (size_t)(cap - w->ccap) *
		      (size + 8 + 4 + 4 + 1 + 4);
	void *a;

	if (w->ncand < w->ccap)
		return 0;
	if (wtake(w, more))
		return -1;
#define GROW(f, elem) \
	do { \
		if (!(a = realloc(w->f, cap * (elem)))) \
			goto fail; \
		w->f = a; \
	} while (0)
	GROW(cst, size);
	GROW(chash, sizeof *w->chash);
	GROW(cparent, sizeof *w->cparent);
	GROW(cord, sizeof *w->cord);
	GROW(cstatus, 1);
	GROW(cidx, sizeof *w->cidx);
#undef GROW
	w->ccap = cap;
	return 0;
fail:
	/* the arrays that grew keep their size; ccap is what all can hold */
	wgive(w, more);
	wfail(w);
	return -1;
}

static const uint8_t *cand_state(const struct worker *w, uint64_t k)
{
	return w->cst + k * w->par->s->size;
}

/* ---- E: expansion ---- */

/*
 * Did the worker just take this candidate?  A direct-mapped cache of its
 * recent candidates, small enough to stay in the core's L2: most repeats
 * in a level come from neighbouring parents, and a full table of the
 * level's candidates would cost a cache miss per successor.  What it
 * misses phase A finds.  Remembers the candidate about to be appended.
 */
static int recent(struct worker *w, const uint8_t *st, uint64_t h)
{
	const struct search *s = w->par->s;
	uint64_t i = (h ^ h >> 29) & (DEDUP_SLOTS - 1), e = w->dedup[i];

	if (e && (uint32_t)(e >> 32) == (uint32_t)(h >> 32)) {
		uint64_t k = (uint32_t)e - 1;

		/* with fingerprints, one hash is one state */
		if (w->chash[k] == h &&
		    (s->fp || !memcmp(cand_state(w, k), st, s->size)))
			return 1;
	}
	w->dedup[i] = h >> 32 << 32 | (w->ncand + 1);
	return 0;
}

/* Look the waiting successors up, in order; the new ones are candidates. */
static void flush_pending(struct worker *w)
{
	const struct search *s = w->par->s;

	for (int j = 0; j < w->npend && !w->failed; j++) {
		const uint8_t *st = w->pend + (size_t)j * s->size;
		uint64_t h = w->pend_h[j], k;

		if (known(s, st, h))
			continue;
		/* room first, so that a remembered candidate is stored */
		if (cand_room(w))
			break;
		if (recent(w, st, h))
			continue;
		k = w->ncand++;
		memcpy(w->cst + k * s->size, st, s->size);
		w->chash[k] = h;
		w->cparent[k] = w->parent;
		w->cord[k] = w->pend_ord[j];
		w->cstatus[k] = C_UNSEEN;
		w->cidx[k] = NO_PARENT;
	}
	w->npend = 0;
}

static void par_emit(void *ectx, const uint8_t *next, unsigned viol)
{
	struct worker *w = ectx;
	struct par *par = w->par;
	const struct search *s = par->s;
	uint32_t ord = w->ordinal++;
	unsigned nv = viol & ~par->seen & ~w->chunk_seen;
	uint64_t h;

	if (w->failed)
		return;
	if (nv) {
		if (w->ntv == w->tvcap &&
		    wgrow(w, (void **)&w->tv, &w->tvcap, sizeof *w->tv, w->ntv + 1))
			return;
		w->tv[w->ntv++] = (struct tviol){ w->parent, ord, nv };
		w->chunk_seen |= nv;
	}
	pack_in(s, next, w->pend + (size_t)w->npend * s->size);
	h = hash_state(s, w->pend + (size_t)w->npend * s->size);
	prefetch_slot(s, h);
	w->pend_h[w->npend] = h;
	w->pend_ord[w->npend++] = ord;
	if (w->npend == PEND)
		flush_pending(w);
}

/* Every 256 expansions: the clock; thread 0 also shows progress. */
static void par_poll(struct worker *w)
{
	struct search *s = w->par->s;
	double now;

	if ((++w->polled & 255) || (s->lim.timeout <= 0 && !s->lim.progress))
		return;
	now = elapsed(s);
	if (s->lim.timeout > 0 && now > s->lim.timeout)
		halt(w->par, STOP_TIME);
	if (w->id == 0 && s->lim.progress && now >= s->next_progress) {
		progress(s, now, 0);
		s->next_progress = now + 1;
	}
}

/* Take chunks of the level until none is left. */
static void par_expand(struct worker *w)
{
	struct par *par = w->par;
	const struct search *s = par->s;

	w->ncand = w->ntv = 0;
	memset(w->dedup, 0, DEDUP_SLOTS * sizeof *w->dedup);
	while (!w->failed && !atomic_load_explicit(&par->halt,
						    memory_order_relaxed)) {
		uint64_t c = atomic_fetch_add(&par->next, 1), k, a, b;
		struct chunk *ch;

		if (c >= par->nchunks)
			break;
		ch = &par->chunk[c];
		ch->worker = w->id;
		ch->cand0 = w->ncand;
		ch->tv0 = w->ntv;
		w->chunk_seen = 0;
		a = c * par->chunksz;
		b = a + par->chunksz < par->m ? a + par->chunksz : par->m;
		for (k = a; k < b; k++) {
			if (atomic_load_explicit(&par->halt, memory_order_relaxed))
				break;
			w->parent = (uint32_t)(par->lo + k);
			w->ordinal = 0;
			s->ops->expand(s->ops->ctx,
				       unpacked(s, level_state(s, par->lo,
								       par->lo + k),
						w->full),
				       par_emit, w);
			flush_pending(w);
			if (w->failed)
				break;
			par->nsucc[k] = w->ordinal;
			par_poll(w);
		}
		ch->cand1 = w->ncand;
		ch->tv1 = w->ntv;
		ch->done = k == b;
	}
}

/* ---- walking a partition's candidates ---- */

static int owns(const struct worker *w, uint64_t h)
{
	return (int)(part_of(h) % (unsigned)w->par->n) == w->id;
}

/*
 * The candidates of the level in this worker's partitions, in level
 * order, PEND of them looked at ahead (`ahead` prefetches for one).
 */
struct walk {
	struct worker *w;
	uint64_t c, k;			/* next chunk, next candidate in it */
	struct wref {
		struct worker *w;
		uint64_t k;
	} ring[PEND];
	int head, n;
	void (*ahead)(const struct worker *self, const struct worker *w,
		      uint64_t k);
};

static int walk_next(struct walk *wk, struct worker **w, uint64_t *k)
{
	struct par *par = wk->w->par;

	while (wk->n < PEND && wk->c < par->nmerge) {
		const struct chunk *ch = &par->chunk[wk->c];
		struct worker *o = &par->w[ch->worker];

		if (wk->k < ch->cand0)
			wk->k = ch->cand0;
		if (wk->k >= ch->cand1) {
			wk->c++;
			wk->k = 0;
			continue;
		}
		if (owns(wk->w, o->chash[wk->k])) {
			wk->ahead(wk->w, o, wk->k);
			wk->ring[(wk->head + wk->n++) % PEND] =
				(struct wref){ o, wk->k };
		}
		wk->k++;
	}
	if (!wk->n)
		return 0;
	*w = wk->ring[wk->head].w;
	*k = wk->ring[wk->head].k;
	wk->head = (wk->head + 1) % PEND;
	wk->n--;
	return 1;
}

/* ---- A: repeats ---- */

static int lset_room(struct worker *w, struct lset *l)
{
	uint64_t slots = l->t ? l->mask + 1 : 0, ns = slots ? slots * 2 : 1024;
	struct lent *n;

	if ((l->count + 1) * 2 <= slots)
		return 0;
	if (wtake(w, ns * sizeof *n))
		return -1;
	if (!(n = zalloc(ns, sizeof *n))) {
		wgive(w, ns * sizeof *n);
		wfail(w);
		return -1;
	}
	for (uint64_t j = 0; j < slots; j++) {
		uint64_t i;

		if (!l->t[j].st)
			continue;
		for (i = l->t[j].hash & (ns - 1); n[i].st; i = (i + 1) & (ns - 1))
			;
		n[i] = l->t[j];
	}
	free(l->t);
	wgive(w, slots * sizeof *n);
	l->t = n;
	l->mask = ns - 1;
	return 0;
}

/* Is this the first of its state in the level?  Remember it if so. */
static int lset_first(const struct search *s, struct lset *l, uint64_t h,
		      const uint8_t *st)
{
	uint64_t i;

	for (i = h & l->mask; l->t[i].st; i = (i + 1) & l->mask)
		if (l->t[i].hash == h &&
		    (s->fp || !memcmp(l->t[i].st, st, s->size)))
			return 0;
	l->t[i] = (struct lent){ h, st };
	l->count++;
	return 1;
}

static void ahead_lset(const struct worker *self, const struct worker *w,
		       uint64_t k)
{
	const struct lset *l = &self->par->lset[part_of(w->chash[k])];

	if (l->t)
		__builtin_prefetch(&l->t[w->chash[k] & l->mask]);
}

static void par_repeats(struct worker *self)
{
	struct par *par = self->par;
	struct walk wk = { .w = self, .ahead = ahead_lset };
	struct worker *w;
	uint64_t k;

	self->failed = 0;
	for (unsigned p = (unsigned)self->id; p < NPARTS; p += (unsigned)par->n)
		if (par->lset[p].t) {
			memset(par->lset[p].t, 0,
			       (par->lset[p].mask + 1) * sizeof *par->lset[p].t);
			par->lset[p].count = 0;
		}
	while (walk_next(&wk, &w, &k)) {
		uint64_t h = w->chash[k];
		struct lset *l = &par->lset[part_of(h)];

		if (lset_room(self, l))
			break;	/* C_UNSEEN from here: B stops */
		w->cstatus[k] = lset_first(par->s, l, h, cand_state(w, k))
				? C_NEW : C_REPEAT;
	}
}

/* ---- B: numbering ---- */

static void par_number(struct par *par)
{
	struct search *s = par->s;
	uint64_t polled = 0;

	for (uint64_t c = 0; c < par->nmerge; c++) {
		const struct chunk *ch = &par->chunk[c];
		struct worker *w = &par->w[ch->worker];
		uint64_t ci = ch->cand0, ti = ch->tv0, a = c * par->chunksz, b;

		b = a + par->chunksz < par->m ? a + par->chunksz : par->m;
		for (uint64_t k = a; k < b; k++) {
			uint32_t p = (uint32_t)(par->lo + k);

			for (;;) {
				int cd = ci < ch->cand1 && w->cparent[ci] == p;
				const struct tviol *tv =
					ti < ch->tv1 && w->tv[ti].parent == p
					? &w->tv[ti] : NULL;
				int64_t idx;

				if (!cd && !tv)
					break;
				/* a transition's own bits come before the
				 * state it reaches, as on_successor() has it */
				if (tv && (!cd || tv->ordinal <= w->cord[ci])) {
					record(s, tv->viol, p, tv->ordinal);
					ti++;
					continue;
				}
				if (w->cstatus[ci] == C_UNSEEN)
					stop(s, STOP_MEMORY);	/* A ran out */
				/* the copy waits for C, which runs in
				 * parallel */
				if (!s->stopped && w->cstatus[ci] == C_NEW &&
				    (idx = store(s, NULL, p, w->cord[ci])) >= 0) {
					w->cidx[ci] = (uint32_t)idx;
					record(s, s->ops->visit(s->ops->ctx,
							unpacked(s, cand_state(w, ci),
								 s->vbuf)),
					       (uint32_t)idx, NO_PARENT);
				}
				ci++;
			}
			s->st.transitions += par->nsucc[k];
			tree_parent_done(&s->tree);
			poll(s, &polled);
			if (s->stopped)
				return;	/* the serial search ends here too */
		}
	}
	if (par->nmerge < par->nchunks)
		stop(s, (enum search_stop)atomic_load(&par->halt));
}

/* ---- C: insertion ---- */

/* A partition of the visited set grows: count it as the workers' until
 * the level ends, then as the set's (par_level). */
static int set_grow(struct worker *w, uint64_t h)
{
	struct search *s = w->par->s;
	struct fpset *f = &s->fps[part_of(h)];
	uint64_t n = fpset_next_n(f);
	size_t old = fpset_bytes(f->n), now;

	if (wtake(w, fpset_bytes(n)))
		return -1;
	if (fpset_resize(f, n)) {
		wgive(w, fpset_bytes(n));
		wfail(w);
		return -1;
	}
	now = fpset_bytes(f->n);
	/* the resize took more than asked if its tail overflowed */
	atomic_fetch_add(&w->par->bytes, now - fpset_bytes(n));
	wgive(w, old);
	atomic_fetch_add(&w->par->moved, now - old);
	return 0;
}

static void ahead_set(const struct worker *self, const struct worker *w,
		      uint64_t k)
{
	if (w->cidx[k] != NO_PARENT)
		prefetch_slot(self->par->s, w->chash[k]);
}

/* Where B reserved the copy of state idx: the arena, or the next level,
 * which begins with the number after the level being expanded. */
static uint8_t *state_slot(const struct par *par, uint32_t idx)
{
	const struct search *s = par->s;

	return s->fp ? s->next.buf + (idx - (par->lo + par->m)) * s->size
		     : store_at(&s->arena, idx);
}

static void par_insert(struct worker *self)
{
	struct par *par = self->par;
	struct search *s = par->s;
	struct walk wk = { .w = self, .ahead = ahead_set };
	struct worker *w;
	uint64_t k;

	/*
	 * The copies, by ranges of chunks rather than by partition: numbers
	 * follow the chunks, so each thread writes one stretch of the arena,
	 * and no cache line is written by two.
	 */
	for (uint64_t c = par->nmerge * (uint64_t)self->id / (uint64_t)par->n;
	     c < par->nmerge * (uint64_t)(self->id + 1) / (uint64_t)par->n; c++) {
		const struct chunk *ch = &par->chunk[c];

		w = &par->w[ch->worker];
		for (k = ch->cand0; k < ch->cand1; k++)
			if (w->cidx[k] != NO_PARENT)
				memcpy(state_slot(par, w->cidx[k]),
				       cand_state(w, k), s->size);
	}
	self->failed = 0;
	while (!self->failed && walk_next(&wk, &w, &k)) {
		uint64_t h = w->chash[k];
		unsigned p = part_of(h);

		if (w->cidx[k] == NO_PARENT)
			continue;
		struct fpset *f = &s->fps[p];
		uint64_t pos = 0, key = set_key(s, h, w->cidx[k]);
		int fr;

		while ((fr = fpset_find(f, key, &pos)) < 0 ||
		       (!fr && (fpset_full(f) || !fpset_put_ok(f, pos))))
			if (set_grow(self, h))
				break;
		if (!self->failed && !fr)
			fpset_put(f, key, pos);
	}
}

/* ---- threads and levels ---- */

static void par_phase_work(struct worker *w)
{
	switch (w->par->phase) {
	case PH_EXPAND:
		par_expand(w);
		break;
	case PH_REPEATS:
		par_repeats(w);
		break;
	case PH_INSERT:
		par_insert(w);
		break;
	}
}

static void *par_thread(void *arg)
{
	struct worker *w = arg;
	struct par *par = w->par;

	for (;;) {
		pthread_barrier_wait(&par->go);
		if (par->quit)
			return NULL;
		par_phase_work(w);
		pthread_barrier_wait(&par->done);
	}
}

/* One parallel phase, this thread taking part. */
static void par_run(struct par *par, enum phase ph)
{
	struct search *s = par->s;
	size_t peak;

	par->phase = ph;
	par->base_bytes = footprint(s) - atomic_load(&par->bytes);
	atomic_store(&par->peak, 0);
	pthread_barrier_wait(&par->go);
	par_phase_work(&par->w[0]);
	pthread_barrier_wait(&par->done);
	peak = atomic_load(&par->peak);
	if (peak > s->st.memory)
		s->st.memory = peak;
}

/* Expand states [lo, lo + m) with every thread, then merge. */
static void par_level(struct par *par, uint64_t lo,
		      uint64_t m)
{
	struct search *s = par->s;
	uint64_t nchunks;
	size_t mv;
	void *n;

	par->chunksz = s->lim.par_chunk ? s->lim.par_chunk
					: m / ((uint64_t)par->n * PAR_CHUNKS_EACH);
	if (!s->lim.par_chunk && par->chunksz < PAR_CHUNK_MIN)
		par->chunksz = PAR_CHUNK_MIN;
	if (!s->lim.par_chunk && par->chunksz > PAR_CHUNK_MAX)
		par->chunksz = PAR_CHUNK_MAX;
	nchunks = (m + par->chunksz - 1) / par->chunksz;

	if (nchunks > par->chunkcap || m > par->nsucccap) {
		uint64_t cc = nchunks > par->chunkcap ? nchunks + nchunks / 2
						       : par->chunkcap;
		uint64_t sc = m > par->nsucccap ? m + m / 2 : par->nsucccap;

		if (!afford(s, (size_t)(cc - par->chunkcap) * sizeof *par->chunk +
				       (size_t)(sc - par->nsucccap) *
					       sizeof *par->nsucc))
			return;
		if (!(n = regrow(s, par->chunk, cc * sizeof *par->chunk)))
			return;
		par->chunk = n;
		par->chunkcap = cc;
		if (!(n = regrow(s, par->nsucc, sc * sizeof *par->nsucc)))
			return;
		par->nsucc = n;
		par->nsucccap = sc;
	}
	par->lo = lo;
	par->m = m;
	par->nchunks = nchunks;
	par->seen = s->violated;
	atomic_store(&par->next, 0);
	atomic_store(&par->halt, 0);
	for (int k = 0; k < par->n; k++)
		par->w[k].failed = 0;
	par_run(par, PH_EXPAND);
	for (par->nmerge = 0; par->nmerge < nchunks &&
			      par->chunk[par->nmerge].done; par->nmerge++)
		;
	par_run(par, PH_REPEATS);
	par_number(par);
	/* even after a stop: every stored state is copied and in the set */
	par_run(par, PH_INSERT);
	mv = atomic_exchange(&par->moved, 0);
	atomic_fetch_sub(&par->bytes, mv);
	s->set_bytes += mv;
	if (atomic_load(&par->halt))
		stop(s, (enum search_stop)atomic_load(&par->halt));
}

static void par_free(struct search *s)
{
	struct par *par = s->par;

	if (!par)
		return;
	par->quit = 1;
	pthread_barrier_wait(&par->go);
	for (int k = 1; k < par->n; k++)
		pthread_join(par->tid[k], NULL);
	pthread_barrier_destroy(&par->go);
	pthread_barrier_destroy(&par->done);
	for (int k = 0; k < par->nw; k++) {
		struct worker *w = &par->w[k];

		free(w->cst);
		free(w->chash);
		free(w->cparent);
		free(w->cord);
		free(w->cstatus);
		free(w->cidx);
		free(w->tv);
		free(w->dedup);
		free(w->pend);
		free(w->full);
	}
	for (int p = 0; p < NPARTS; p++)
		free(par->lset[p].t);
	free(par->w);
	free(par->tid);
	free(par->chunk);
	free(par->nsucc);
	free(par);
	s->par = NULL;
}

/*
 * Start up to n - 1 threads.  Those that start wait at a gate until the
 * barriers are made for as many as there are.  Returns -1 if none could
 * start: the search is then serial, and the same.
 */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;

static void *par_thread_gated(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&gate_lock);
	while (!w->par->open)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return par_thread(arg);
}

static int par_start(struct search *s, int n)
{
	struct par *par = calloc(1, sizeof *par);
	int k, started = 1;

	if (!par)
		return -1;
	s->par = par;
	par->s = s;
	par->w = aligned_alloc(WORKER_ALIGN, (size_t)n * sizeof *par->w);
	if (par->w)
		memset(par->w, 0, (size_t)n * sizeof *par->w);
	par->tid = calloc((size_t)n, sizeof *par->tid);
	for (k = 0; par->w && par->tid && k < n; k++) {
		struct worker *w = &par->w[k];

		w->par = par;
		w->id = k;
		w->dedup = calloc(DEDUP_SLOTS, sizeof *w->dedup);
		w->pend = malloc(PEND * s->size);
		w->full = malloc(s->full);
		par->nw = k + 1;	/* par_free() frees what there is */
		if (!w->dedup || !w->pend || !w->full)
			break;
		atomic_fetch_add(&par->bytes, DEDUP_SLOTS * sizeof *w->dedup +
						      PEND * s->size + s->full);
	}
	if (k == n)
		for (; started < n; started++)
			if (pthread_create(&par->tid[started], NULL,
					   par_thread_gated, &par->w[started]))
				break;
	par->n = started;
	pthread_barrier_init(&par->go, NULL, (unsigned)started);
	pthread_barrier_init(&par->done, NULL, (unsigned)started);
	pthread_mutex_lock(&gate_lock);
	par->open = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	if (started == 1) {
		par_free(s);
		return -1;
	}
	note_memory(s);
	return 0;
}

/*
 * Level by level.  Level d is the states [lo, hi); expanding it in number
 * order finds level d + 1 as [hi, count).  With threads, a level that is
 * big enough is expanded by all of them (par_level); the result is the
 * same.
 */
static void run_bfs(struct search *s, uint8_t *cur)
{
	uint64_t lo = 0, hi = s->count, polled = 0;
	uint64_t min_par = s->lim.par_min_level ? s->lim.par_min_level
						: PAR_MIN_LEVEL;

	while (!s->stopped && lo < hi) {
		/* the next level begins now: a stop in this one leaves states
		 * of the next, whose depth must be right */
		if (tree_level(&s->tree, (uint32_t)hi)) {
			stop(s, STOP_MEMORY);
			break;
		}
		if (s->fp) {
			struct level t = s->cur;

			s->cur = s->next;	/* the level to expand */
			s->next = t;		/* its storage is free again */
			s->next.n = 0;
		}
		if (s->par && hi - lo >= min_par) {
			par_level(s->par, lo, hi - lo);
		} else {
			for (uint64_t idx = lo; idx < hi && !s->stopped; idx++) {
				/* the arena may move: a copy */
				pack_unpack(&s->pk, level_state(s, lo, idx), cur);
				expand(s, (uint32_t)idx, cur);
				tree_parent_done(&s->tree);
				poll(s, &polled);
			}
		}
		lo = hi;
		hi = s->count;
		s->level++;
	}
}

static void free_parts(struct search *s)
{
	free(s->pend);
	free(s->vbuf);
	pack_free(&s->pk);
	store_free(&s->arena);
	for (int p = 0; p < NPARTS; p++)
		fpset_free(&s->fps[p]);
	free(s->cur.buf);
	free(s->next.buf);
	tree_free(&s->tree);
	free(s->parent);
	free(s->ordinal);
	free(s->depth);
	free(s->stack);
	free(s->sstates);
}

static int init_set(struct search *s)
{
	for (int p = 0; p < NPARTS; p++) {
		if (fpset_init(&s->fps[p], SET_MIN))
			return -1;
		s->set_bytes += fpset_bytes(SET_MIN);
	}
	return 0;
}

struct search *search_run(const struct search_ops *ops,
			  const struct search_limits *lim)
{
	struct search *s = calloc(1, sizeof *s);
	uint8_t *init, *cur, *pinit;
	int bad;

	if (!s)
		return NULL;
	s->ops = ops;
	s->lim = *lim;
	s->fp = lim->fingerprint;
	s->full = ops->state_size;
	if (pack_init(&s->pk, s->full, lim->no_pack ? NULL : ops->bits)) {
		free(s);
		return NULL;
	}
	s->size = s->pk.psize;
	store_init(&s->arena, s->size);
	s->next_progress = 1;	/* short searches show none */
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	init = calloc(1, s->full);
	pinit = calloc(1, s->size);
	cur = malloc(s->full);
	s->vbuf = malloc(s->full);
	s->pend = malloc(PEND * s->size);
	bad = init_set(s) || (s->fp ? !s->lim.dfs && grow_level(s, &s->next)
				    : grow_arena(s));
	if (!s->lim.dfs)
		bad = bad || tree_init(&s->tree);
	if (!init || !pinit || !cur || !s->vbuf || !s->pend || bad) {
		free(init);
		free(pinit);
		free(cur);
		free_parts(s);
		free(s);
		return NULL;
	}
	note_memory(s);
	ops->initial(ops->ctx, init);
	pack_in(s, init, pinit);
	insert(s, pinit, hash_state(s, pinit), NO_PARENT, NO_PARENT);
	free(init);
	free(pinit);

	if (!s->lim.dfs && lim->threads > 1)
		par_start(s, lim->threads);	/* if it fails: serial */
	if (s->lim.dfs)
		run_dfs(s, cur);
	else
		run_bfs(s, cur);
	par_free(s);
	free(cur);
	s->st.states = s->count;
	if (!s->lim.dfs && s->count)
		s->st.depth = tree_depth(&s->tree, (uint32_t)(s->count - 1));
	/* the frontier is not needed to rebuild paths */
	free(s->cur.buf);
	free(s->next.buf);
	s->cur = s->next = (struct level){ NULL, 0, 0 };
	s->st.held = footprint(s);
	s->st.fingerprint = s->fp;
	if (s->fp) {
		/* birthday bound: n(n-1)/2 pairs, each equal with p = 2^-64 */
		double n = (double)s->count, p = n * (n - 1) / 2 / 0x1p64;

		s->st.collision = p < 1 ? p : 1;
	}
	s->st.seconds = elapsed(s);
	if (s->progressed)
		progress(s, s->st.seconds, 1);
	return s;
}

void search_free(struct search *s)
{
	if (!s)
		return;
	free_parts(s);
	free(s);
}

const struct search_stats *search_stats(const struct search *s)
{
	return &s->st;
}

unsigned search_violated(const struct search *s)
{
	return s->violated;
}

int search_path(const struct search *s, int b, uint32_t *ord, int max)
{
	const struct first *f = &s->first[b];
	uint32_t n = 0, k;

	if (!f->seen)
		return 0;
	n = (s->lim.dfs ? s->depth[f->state] : tree_depth(&s->tree, f->state)) +
	    (f->ordinal != NO_PARENT);
	if (n > (uint32_t)max)
		return (int)n;
	k = n;
	if (f->ordinal != NO_PARENT)
		ord[--k] = f->ordinal;
	if (s->lim.dfs) {
		for (uint32_t st = f->state; s->parent[st] != NO_PARENT;
		     st = s->parent[st])
			ord[--k] = s->ordinal[st];
	} else {
		for (uint32_t st = f->state; st; st = tree_parent(&s->tree, st))
			ord[--k] = tree_ordinal(&s->tree, st);
	}
	return (int)n;
}

const char *search_stop_name(enum search_stop st)
{
	static const char *const names[] = { "done", "max-states",
					     "max-memory", "timeout" };
	return names[st];
}
