/*
 * search.c - the plain exhaustive search: breadth- or depth-first.
 *
 * States are numbered in discovery order.  Breadth-first goes level by
 * level: level d is the states [lo, hi) found while expanding level d - 1,
 * and the breadth-first tree (tree.h) keeps each state's parent and
 * ordinal in about 1.3 bytes.  Depth-first keeps a stack of state numbers
 * and plain parent, ordinal and depth arrays.
 *
 * The visited set is cut into NPARTS partitions by the top PART_BITS bits
 * of a state's XXH3 hash, so that it grows a partition at a time (and so
 * that threads could insert into it side by side).  Two kinds:
 *  - full (default): every state in an arena, in number order, and an
 *    index over it.  An index partition is open addressing with linear
 *    probing over 2^k slots, entries (hash >> 32 << 32 | state number + 1),
 *    0 = empty; a hash's slot is the k hash bits below the partition bits,
 *    which the entry's upper half holds, so a partition grows without
 *    hashing a state again.  At most half full (k <= IX_MAX_K; beyond,
 *    up to 90%).  Breadth-first, the arena is also the frontier: level d is
 *    arena[lo, hi).
 *  - fingerprint: a fingerprint set (fpset.h) per partition, 8 bytes a
 *    slot.  Full states exist only for the level being expanded (cur) and
 *    the one being found (next); a level's states are dropped once it is
 *    expanded.  Depth-first is not offered: its stack would need the full
 *    states.
 *
 * The initial state is number 0 and has no parent.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "fpset.h"
#include "tree.h"

#define NO_PARENT UINT32_MAX
#define MAX_STATES_HARD (UINT32_MAX - 2)

#define PART_BITS 6
#define NPARTS (1 << PART_BITS)
#define IX_MIN_K 4
#define IX_MAX_K (32 - PART_BITS)	/* slot bits the entry's tag holds */

/*
 * Lookups in the visited set are cache misses, about one a successor:
 * the search holds up to PEND successors of the parent being expanded
 * and prefetches their first slots before it looks them up, so that the
 * misses overlap.  They are then taken in order, as if one by one.
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

/* One partition of the full index. */
struct ipart {
	uint64_t *t;		/* 2^k slots */
	uint64_t count;
	unsigned k;
};

struct search {
	const struct search_ops *ops;
	struct search_limits lim;
	struct search_stats st;
	size_t size;
	int fp;			/* fingerprint visited set */
	uint64_t count;		/* states stored: numbers [0, count) */
	size_t set_bytes;	/* the visited set's partitions */

	/* full: the arena and its index */
	uint8_t *states;
	uint64_t cap;
	struct ipart ix[NPARTS];

	/* fingerprint: the sets and the two levels with full states */
	struct fpset fps[NPARTS];
	struct level cur, next;

	/* breadth-first */
	struct tree tree;

	/* depth-first */
	uint32_t *parent, *ordinal, *depth;
	uint32_t *stack;
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

/* Bytes held now: every array at its capacity. */
static size_t footprint(const struct search *s)
{
	size_t m = s->set_bytes;

	if (s->fp)
		m += (size_t)(s->cur.cap + s->next.cap) * s->size;
	else
		m += (size_t)s->cap * s->size;
	if (s->lim.dfs)
		m += (size_t)s->cap * 3 * sizeof(uint32_t) +
		     (size_t)s->scap * sizeof(uint32_t);
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

/* Full arena (and the depth-first arrays, which follow its capacity). */
static int grow_states(struct search *s)
{
	uint64_t cap = s->cap ? s->cap * 2 : 1024;
	size_t more = (size_t)(cap - s->cap) *
		      (s->size + (s->lim.dfs ? 3 * sizeof(uint32_t) : 0));
	void *a;

	if (!afford(s, more))
		return -1;
	if (!(a = regrow(s, s->states, cap * s->size)))
		return -1;
	s->states = a;
	if (s->lim.dfs) {
		if (!(a = regrow(s, s->parent, cap * sizeof(uint32_t))))
			return -1;
		s->parent = a;
		if (!(a = regrow(s, s->ordinal, cap * sizeof(uint32_t))))
			return -1;
		s->ordinal = a;
		if (!(a = regrow(s, s->depth, cap * sizeof(uint32_t))))
			return -1;
		s->depth = a;
	}
	s->cap = cap;
	note_memory(s);
	return 0;
}

/*
 * A zeroed table that will be probed (read) before it is written: calloc()
 * would map the kernel's zero page on the first read and fault again on
 * the first write, and with threads each of those faults interrupts the
 * other cores to flush their TLBs.  Written at once, the pages are just
 * allocated.
 */
static void *zalloc(size_t n, size_t size)
{
	/* through a volatile pointer: compilers turn malloc + memset
	 * into calloc */
	static void *(*const volatile set)(void *, int, size_t) = memset;
	void *p = malloc(n * size);

	if (p)
		set(p, 0, n * size);
	return p;
}

static uint64_t hash_state(const struct search *s, const uint8_t *st)
{
	return XXH3_64bits(st, s->size);
}

/* ---- the visited set --------------------------------------------------- */

static unsigned part_of(uint64_t h)
{
	return (unsigned)(h >> (64 - PART_BITS));
}

/* The k hash bits below the partition bits. */
static uint64_t ix_slot(uint64_t h, unsigned k)
{
	return (h << PART_BITS) >> (64 - k);
}

static size_t ix_bytes(unsigned k)
{
	return ((size_t)1 << k) * sizeof(uint64_t);
}

/* Must the partition grow before one more entry?  Can it? */
static int ix_crowded(const struct ipart *ip)
{
	uint64_t slots = (uint64_t)1 << ip->k;

	return ip->k < IX_MAX_K ? (ip->count + 1) * 2 > slots
				: (ip->count + 1) * 10 > slots * 9;
}

/* Twice the slots, rehashed from the entries alone.  -1: no memory. */
static int ix_grow(struct ipart *ip)
{
	unsigned k = ip->k + 1;
	uint64_t *t = zalloc((size_t)1 << k, sizeof *t), mask = (1ull << k) - 1;

	if (!t)
		return -1;
	for (uint64_t j = 0; j < (1ull << ip->k); j++) {
		uint64_t e = ip->t[j], i;

		if (!e)
			continue;
		for (i = ix_slot(e, k); t[i]; i = (i + 1) & mask)
			;
		t[i] = e;
	}
	free(ip->t);
	ip->t = t;
	ip->k = k;
	return 0;
}

/* Store a state known to be absent. */
static void ix_put(struct ipart *ip, uint64_t h, uint32_t idx)
{
	uint64_t mask = (1ull << ip->k) - 1, i;

	for (i = ix_slot(h, ip->k); ip->t[i]; i = (i + 1) & mask)
		;
	ip->t[i] = h >> 32 << 32 | (uint64_t)(idx + 1);
	ip->count++;
}

/* Fingerprints go to their partition without its bits; bit 0 keeps the
 * key from being 0 (empty), and keys keep the fingerprints' order. */
static uint64_t fp_key(uint64_t fp)
{
	return fp << PART_BITS | 1;
}

/*
 * Is st in the visited set?  Read-only: the parallel workers call it while
 * nothing is inserted.
 */
static int known(const struct search *s, const uint8_t *st, uint64_t h)
{
	const struct ipart *ip = &s->ix[part_of(h)];
	uint64_t pos, mask;

	if (s->fp)
		return fpset_find(&s->fps[part_of(h)], fp_key(h), &pos) == 1;
	mask = (1ull << ip->k) - 1;
	for (uint64_t i = ix_slot(h, ip->k); ip->t[i]; i = (i + 1) & mask) {
		uint64_t e = ip->t[i];

		if ((uint32_t)(e >> 32) == (uint32_t)(h >> 32) &&
		    !memcmp(s->states + (uint64_t)((uint32_t)e - 1) * s->size,
			    st, s->size))
			return 1;
	}
	return 0;
}

/* The first slot a lookup of h reads, into the cache ahead of time. */
static void prefetch_slot(const struct search *s, uint64_t h)
{
	const struct ipart *ip = &s->ix[part_of(h)];

	if (s->fp)
		__builtin_prefetch(fpset_home(&s->fps[part_of(h)], fp_key(h)));
	else
		__builtin_prefetch(&ip->t[ix_slot(h, ip->k)]);
}

/* Room in the index partition of h for one more entry. */
static int ix_room(struct search *s, uint64_t h)
{
	struct ipart *ip = &s->ix[part_of(h)];

	if (!ix_crowded(ip))
		return 0;
	if (ip->k == IX_MAX_K) {
		stop(s, STOP_MEMORY);	/* 2^32 slots: beyond any limit */
		return -1;
	}
	if (!afford(s, ix_bytes(ip->k + 1)))
		return -1;
	if (ix_grow(ip)) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	s->set_bytes += ix_bytes(ip->k) - ix_bytes(ip->k - 1);
	note_memory(s);
	return 0;
}

/* Find key in its fingerprint partition, growing it until there is room. */
static int fp_room(struct search *s, uint64_t fp, uint64_t *pos)
{
	struct fpset *f = &s->fps[part_of(fp)];
	int r;

	while ((r = fpset_find(f, fp_key(fp), pos)) < 0 ||
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

static int push(struct search *s, uint32_t idx)
{
	if (s->sp == s->scap) {
		uint64_t scap = s->scap ? s->scap * 2 : 1024;
		uint32_t *n;

		if (!afford(s, (size_t)(scap - s->scap) * sizeof *n))
			return -1;
		if (!(n = regrow(s, s->stack, scap * sizeof *n)))
			return -1;
		s->stack = n;
		s->scap = scap;
		note_memory(s);
	}
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

	if (!below_max_states(s))
		return -1;
	if (s->fp) {
		if (s->next.n == s->next.cap && grow_level(s, &s->next))
			return -1;
	} else if (s->count == s->cap && grow_states(s)) {
		return -1;
	}
	if (!s->lim.dfs && s->count && tree_room(s))
		return -1;
	/* nothing can fail from here on */
	idx = (uint32_t)s->count++;
	if (s->fp)
		s->next.n++;
	if (st)
		memcpy(s->fp ? s->next.buf + (s->next.n - 1) * s->size
			     : s->states + (uint64_t)idx * s->size,
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
 * Insert st if new.  Returns its number, or -1 if known or the search had
 * to stop.
 */
static int64_t insert(struct search *s, const uint8_t *st, uint64_t h,
		      uint32_t parent, uint32_t ord)
{
	uint64_t pos = 0;
	int64_t idx;

	if (s->fp) {
		if (fpset_find(&s->fps[part_of(h)], fp_key(h), &pos) == 1)
			return -1;
	} else if (known(s, st, h)) {
		return -1;
	}
	/* limits first: a state that cannot be stored is not seen */
	if (!below_max_states(s))
		return -1;
	if (s->fp ? fp_room(s, h, &pos) : ix_room(s, h))
		return -1;
	if ((idx = store(s, st, parent, ord)) < 0)
		return -1;
	if (s->fp)
		fpset_put(&s->fps[part_of(h)], fp_key(h), pos);
	else
		ix_put(&s->ix[part_of(h)], h, (uint32_t)idx);
	if (s->lim.dfs && push(s, (uint32_t)idx))
		return idx;
	record(s, s->ops->visit(s->ops->ctx, st), (uint32_t)idx, NO_PARENT);
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
	uint64_t h = hash_state(s, next);

	s->st.transitions++;
	prefetch_slot(s, h);
	memcpy(s->pend + (size_t)s->npend * s->size, next, s->size);
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

static void run_dfs(struct search *s, uint8_t *cur)
{
	uint64_t polled = 0;

	while (!s->stopped && s->sp) {
		uint32_t idx = s->stack[--s->sp];

		/* the arena may move while we expand: work on a copy */
		memcpy(cur, s->states + (uint64_t)idx * s->size, s->size);
		expand(s, idx, cur);
		poll(s, &polled);
	}
}

/*
 * Level by level.  Level d is the states [lo, hi); expanding it in number
 * order finds level d + 1 as [hi, count).
 */
static void run_bfs(struct search *s, uint8_t *cur)
{
	uint64_t lo = 0, hi = s->count, polled = 0;

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
		for (uint64_t idx = lo; idx < hi && !s->stopped; idx++) {
			const uint8_t *st;

			if (s->fp) {
				st = s->cur.buf + (idx - lo) * s->size;
			} else {
				/* the arena may move: work on a copy */
				memcpy(cur, s->states + idx * s->size, s->size);
				st = cur;
			}
			expand(s, (uint32_t)idx, st);
			tree_parent_done(&s->tree);
			poll(s, &polled);
		}
		lo = hi;
		hi = s->count;
		s->level++;
	}
}

static void free_parts(struct search *s)
{
	free(s->pend);
	free(s->states);
	for (int p = 0; p < NPARTS; p++) {
		free(s->ix[p].t);
		fpset_free(&s->fps[p]);
	}
	free(s->cur.buf);
	free(s->next.buf);
	tree_free(&s->tree);
	free(s->parent);
	free(s->ordinal);
	free(s->depth);
	free(s->stack);
}

static int init_set(struct search *s)
{
	for (int p = 0; p < NPARTS; p++) {
		if (s->fp) {
			if (fpset_init(&s->fps[p], 16))
				return -1;
			s->set_bytes += fpset_bytes(16);
		} else {
			s->ix[p].k = IX_MIN_K;
			s->ix[p].t = calloc((size_t)1 << IX_MIN_K, sizeof(uint64_t));
			if (!s->ix[p].t)
				return -1;
			s->set_bytes += ix_bytes(IX_MIN_K);
		}
	}
	return 0;
}

struct search *search_run(const struct search_ops *ops,
			  const struct search_limits *lim)
{
	struct search *s = calloc(1, sizeof *s);
	uint8_t *init, *cur;
	int bad;

	if (!s)
		return NULL;
	s->ops = ops;
	s->lim = *lim;
	s->fp = lim->fingerprint;
	if (s->fp)
		s->lim.dfs = 0;
	s->size = ops->state_size;
	s->next_progress = 1;	/* short searches show none */
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	init = calloc(1, s->size);
	cur = malloc(s->size);
	s->pend = malloc(PEND * s->size);
	bad = init_set(s) || (s->fp ? grow_level(s, &s->next) : grow_states(s));
	if (!s->lim.dfs)
		bad = bad || tree_init(&s->tree);
	if (!init || !cur || !s->pend || bad) {
		free(init);
		free(cur);
		free_parts(s);
		free(s);
		return NULL;
	}
	note_memory(s);
	ops->initial(ops->ctx, init);
	insert(s, init, hash_state(s, init), NO_PARENT, NO_PARENT);
	free(init);

	if (s->lim.dfs)
		run_dfs(s, cur);
	else
		run_bfs(s, cur);
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
