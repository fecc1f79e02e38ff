/* SPDX-License-Identifier: MIT */
/*
 * search.c - the plain exhaustive search: breadth- or depth-first with one
 * thread, the visited set and the bookkeeping every search shares, and
 * the API of search.h.  A breadth-first level big enough is handed to the
 * parallel engine (parallel.c) when -j asks for threads.
 *
 * States are numbered in discovery order.  Breadth-first goes level by
 * level: level d is the states [lo, hi) found while expanding level d - 1,
 * and the breadth-first tree (tree.h) keeps each state's parent and
 * ordinal in about 1.3 bytes.  Depth-first keeps a stack of state numbers
 * and plain parent, ordinal and depth arrays.
 *
 * The visited set is cut into NPARTS partitions by the top PART_BITS bits
 * of a state's XXH3 hash, so that threads can insert into it side by side
 * (parallel.c) and so that it grows a partition at a time.  Two kinds:
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
#include "search_int.h"


double search_elapsed(const struct search *s)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - s->t0.tv_sec) +
	       (double)(t.tv_nsec - s->t0.tv_nsec) / 1e9;
}

/* Bytes held now: every array at its capacity. */
size_t search_footprint(const struct search *s)
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

void search_stop_at(struct search *s, enum search_stop why)
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
int search_afford(struct search *s, size_t extra)
{
	size_t m = search_footprint(s) + extra;

	if (s->lim.max_memory && m > s->lim.max_memory) {
		search_stop_at(s, STOP_MEMORY);
		return 0;
	}
	if (m > s->st.memory)
		s->st.memory = m;
	return 1;
}

void search_note_memory(struct search *s)
{
	search_afford(s, 0);
}

void *search_regrow(struct search *s, void *p, size_t bytes)
{
	void *n = realloc(p, bytes);

	if (!n)
		search_stop_at(s, STOP_MEMORY);
	return n;
}

/* Full: room in the arena for more states. */
static int grow_arena(struct search *s)
{
	if (!search_afford(s, store_growth(&s->arena)))
		return -1;
	if (store_grow(&s->arena)) {
		search_stop_at(s, STOP_MEMORY);
		return -1;
	}
	search_note_memory(s);
	return 0;
}

/* Depth-first: room in the link arrays for more states. */
static int grow_links(struct search *s)
{
	uint64_t cap = s->dcap ? s->dcap + s->dcap / 2 : GROW_FIRST;
	void *a;

	if (!search_afford(s, (size_t)(cap - s->dcap) * 3 * sizeof(uint32_t)))
		return -1;
	if (!(a = search_regrow(s, s->parent, cap * sizeof(uint32_t))))
		return -1;
	s->parent = a;
	if (!(a = search_regrow(s, s->ordinal, cap * sizeof(uint32_t))))
		return -1;
	s->ordinal = a;
	if (!(a = search_regrow(s, s->depth, cap * sizeof(uint32_t))))
		return -1;
	s->depth = a;
	s->dcap = cap;
	search_note_memory(s);
	return 0;
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

		if (!search_afford(s, fpset_bytes(n)))
			return -1;
		if (fpset_resize(f, n)) {
			search_stop_at(s, STOP_MEMORY);
			return -1;
		}
		s->set_bytes += fpset_bytes(f->n) - old;
		search_note_memory(s);
	}
	return r;
}

static int grow_level(struct search *s, struct level *l)
{
	uint64_t cap = l->cap ? l->cap + l->cap / 2 : GROW_FIRST;
	void *n;

	if (!search_afford(s, (size_t)(cap - l->cap) * s->size))
		return -1;
	if (!(n = search_regrow(s, l->buf, cap * s->size)))
		return -1;
	l->buf = n;
	l->cap = cap;
	search_note_memory(s);
	return 0;
}

/* Room in the tree for one more state. */
static int tree_room(struct search *s)
{
	size_t more = tree_growth(&s->tree);

	if (more && !search_afford(s, more))
		return -1;
	if (tree_reserve(&s->tree)) {
		search_stop_at(s, STOP_MEMORY);
		return -1;
	}
	if (more)
		search_note_memory(s);
	return 0;
}

/* Depth-first: state idx onto the stack, with st if fingerprints. */
static int push(struct search *s, uint32_t idx, const uint8_t *st)
{
	if (s->sp == s->scap) {
		uint64_t scap = s->scap ? s->scap * 2 : GROW_FIRST;
		size_t each = sizeof *s->stack + (s->fp ? s->size : 0);
		void *n;

		if (!search_afford(s, (size_t)(scap - s->scap) * each))
			return -1;
		if (!(n = search_regrow(s, s->stack, scap * sizeof *s->stack)))
			return -1;
		s->stack = n;
		if (s->fp) {
			if (!(n = search_regrow(s, s->sstates, scap * s->size)))
				return -1;
			s->sstates = n;
		}
		s->scap = scap;
		search_note_memory(s);
	}
	if (s->fp)
		memcpy(s->sstates + s->sp * s->size, st, s->size);
	s->stack[s->sp++] = idx;
	return 0;
}

void search_record(struct search *s, unsigned viol, uint32_t state,
		   uint32_t ordinal)
{
	for (int b = 0; viol; b++, viol >>= 1)
		if ((viol & 1) && !s->first[b].seen) {
			s->first[b] = (struct first){ state, ordinal, 1 };
			s->violated |= 1u << b;
			if (s->lim.first)
				search_stop_at(s, STOP_FIRST);
		}
}

/* May one more state be stored? */
static int below_max_states(struct search *s)
{
	if ((s->lim.max_states && s->count >= s->lim.max_states) ||
	    s->count >= MAX_STATES_HARD) {
		search_stop_at(s, STOP_STATES);
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
int64_t search_store(struct search *s, const uint8_t *st, uint32_t parent,
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
	/* below_max_states() keeps numbers clear of NO_PARENT */
	assert(s->count < MAX_STATES_HARD);
	assert(parent == NO_PARENT ? s->count == 0 : parent < s->count);
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
	if ((idx = search_store(s, st, parent, ord)) < 0)
		return -1;
	fpset_put(&s->fps[part_of(h)], key, pos);
	if (s->lim.dfs && push(s, (uint32_t)idx, st))
		return idx;
	search_record(s, s->ops->visit(s->ops->ctx, unpacked(s, st, s->vbuf)),
	       (uint32_t)idx, NO_PARENT);
	return idx;
}

/* The waiting successors, in order: what on_successor() would have done
 * with each at once. */
static void flush_successors(struct search *s)
{
	for (int k = 0; k < s->npend; k++) {
		if (s->pend_viol[k])
			search_record(s, s->pend_viol[k], s->cur_idx, s->pend_ord[k]);
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

void search_progress(struct search *s, double now, int done)
{
	struct search_stats st = s->st;

	st.states = s->count;
	st.seconds = now;
	st.memory = search_footprint(s);
	if (!s->lim.dfs)
		st.depth = s->level;
	s->lim.progress(s->lim.progress_ctx, &st, done);
	s->progressed = 1;
}

/* Every POLL_EVERY expansions: the clock, for the timeout and the
 * progress. */
void search_poll(struct search *s, uint64_t *polled)
{
	double now;

	if ((++*polled & (POLL_EVERY - 1)) ||
	    (s->lim.timeout <= 0 && !s->lim.progress && !s->lim.interrupt))
		return;
	if (s->lim.interrupt && *s->lim.interrupt)
		search_stop_at(s, STOP_INTERRUPT);
	now = search_elapsed(s);
	if (s->lim.timeout > 0 && now > s->lim.timeout)
		search_stop_at(s, STOP_TIME);
	if (s->lim.progress && now >= s->next_progress) {
		search_progress(s, now, 0);
		s->next_progress = now + 1;
	}
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
		search_poll(s, &polled);
	}
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
			search_stop_at(s, STOP_MEMORY);
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
				search_poll(s, &polled);
			}
		}
		/* levels only grow the numbering: the next one is [hi, count) */
		assert(s->stopped || s->count >= hi);
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
		/*
		 * The memory limit, not the allocator, refused the start:
		 * a search of no state, stopped at max-memory (incomplete,
		 * as any limit), not a failure.
		 */
		int limited = init && pinit && cur && s->vbuf && s->pend &&
			      s->stopped;

		free(init);
		free(pinit);
		free(cur);
		if (limited) {
			s->st.seconds = search_elapsed(s);
			return s;
		}
		free_parts(s);
		free(s);
		return NULL;
	}
	search_note_memory(s);
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
	s->st.held = search_footprint(s);
	s->st.fingerprint = s->fp;
	if (s->fp) {
		/* birthday bound: n(n-1)/2 pairs, each equal with p = 2^-64 */
		double n = (double)s->count, p = n * (n - 1) / 2 / 0x1p64;

		s->st.collision = p < 1 ? p : 1;
	}
	s->st.seconds = search_elapsed(s);
	if (s->progressed)
		search_progress(s, s->st.seconds, 1);
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
	const struct first *f;
	uint32_t n = 0, k;

	assert(b >= 0 && b < MAX_VIOLATION_BITS);
	f = &s->first[b];
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
	/* the links reached the initial state exactly at the path's start */
	assert(k == 0);
	return (int)n;
}

const char *search_stop_name(enum search_stop st)
{
	static const char *const names[] = { "done", "max-states",
					     "max-memory", "timeout",
					     "interrupted",
					     "first-violation" };	/* ORDER STOP */
	return names[st];
}
