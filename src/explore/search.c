/*
 * search.c - the plain exhaustive search: breadth- or depth-first.
 *
 * States are numbered in discovery order.  Breadth-first goes level by
 * level: level d is the states [lo, hi) found while expanding level d - 1,
 * and the breadth-first tree (tree.h) keeps each state's parent and
 * ordinal in about 1.3 bytes.  Depth-first keeps a stack of state numbers
 * and plain parent, ordinal and depth arrays.
 *
 * Two visited sets:
 *  - full (default): every state in an arena, in number order, and an
 *    index over it: open addressing, linear probing, entries of (32-bit
 *    hash tag << 32 | state number + 1), 0 = empty.  It never holds more
 *    than half its slots, so probes stay short.  Breadth-first, the arena
 *    is also the frontier: level d is arena[lo, hi).
 *  - fingerprint: a fingerprint set (fpset.h), 8 bytes a slot.  Full
 *    states exist only for the level being expanded (cur) and the one
 *    being found (next); a level's states are dropped once it is expanded.
 *    Depth-first is not offered: its stack would need the full states.
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

struct search {
	const struct search_ops *ops;
	struct search_limits lim;
	struct search_stats st;
	size_t size;
	int fp;			/* fingerprint visited set */
	uint64_t count;		/* states stored: numbers [0, count) */

	/* full: the arena and its index */
	uint8_t *states;
	uint64_t cap;
	uint64_t *table;
	uint64_t tmask;

	/* fingerprint: the set and the two levels with full states */
	struct fpset fps;
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
	unsigned level;		/* breadth-first: its depth */
	int stopped;
	struct timespec t0;
	double next_progress;	/* seconds; 0 once called */
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
	size_t m = 0;

	if (s->fp)
		m += fpset_bytes(s->fps.n) +
		     (size_t)(s->cur.cap + s->next.cap) * s->size;
	else
		m += (size_t)s->cap * s->size +
		     (size_t)(s->tmask + 1) * sizeof(uint64_t);
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

static void table_put(uint64_t *t, uint64_t mask, uint64_t h, uint32_t idx)
{
	uint64_t i = h & mask;

	while (t[i])
		i = (i + 1) & mask;
	t[i] = (h >> 32) << 32 | (uint64_t)(idx + 1);
}

static uint64_t hash_state(const struct search *s, const uint8_t *st)
{
	return XXH3_64bits(st, s->size);
}

static int grow_table(struct search *s)
{
	uint64_t slots = (s->tmask + 1) * 2, *t;

	if (!afford(s, slots * sizeof *t))
		return -1;
	t = calloc(slots, sizeof *t);
	if (!t) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	for (uint64_t k = 0; k < s->count; k++)
		table_put(t, slots - 1,
			  hash_state(s, s->states + k * s->size), (uint32_t)k);
	free(s->table);
	s->table = t;
	s->tmask = slots - 1;
	note_memory(s);
	return 0;
}

static int grow_fps(struct search *s)
{
	uint64_t n = fpset_next_n(&s->fps);

	if (!afford(s, fpset_bytes(n)))
		return -1;
	if (fpset_resize(&s->fps, n)) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	note_memory(s);
	return 0;
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
 * Insert st if new, full visited set.  Returns its number, or -1 if known
 * or the search had to stop.
 */
static int64_t insert_full(struct search *s, const uint8_t *st,
			   uint32_t parent, uint32_t ord)
{
	uint64_t h = hash_state(s, st), i = h & s->tmask;
	uint32_t tag = (uint32_t)(h >> 32), idx;

	for (; s->table[i]; i = (i + 1) & s->tmask) {
		uint64_t e = s->table[i];

		if ((uint32_t)(e >> 32) == tag &&
		    !memcmp(s->states + (uint64_t)((uint32_t)e - 1) * s->size,
			    st, s->size))
			return -1;
	}
	if (!below_max_states(s))
		return -1;
	if (s->count == s->cap && grow_states(s))
		return -1;
	if (!s->lim.dfs && s->count && tree_room(s))
		return -1;
	idx = (uint32_t)s->count++;
	memcpy(s->states + (uint64_t)idx * s->size, st, s->size);
	if (s->lim.dfs) {
		s->parent[idx] = parent;
		s->ordinal[idx] = ord;
		s->depth[idx] = parent == NO_PARENT ? 0 : s->depth[parent] + 1;
		if (s->depth[idx] > s->st.depth)
			s->st.depth = s->depth[idx];
	} else if (idx) {
		tree_child(&s->tree, ord);
	}
	s->table[i] = (uint64_t)tag << 32 | (uint64_t)(idx + 1);
	if (s->count * 2 > s->tmask + 1 && grow_table(s))
		return idx;	/* stored; the search stops after it */
	if (s->lim.dfs && push(s, idx))
		return idx;
	record(s, s->ops->visit(s->ops->ctx, st), idx, NO_PARENT);
	return idx;
}

/* The same with fingerprints; the state goes to the next level. */
static int64_t insert_fp(struct search *s, const uint8_t *st, uint32_t ord)
{
	uint64_t fp = XXH3_64bits(st, s->size), pos = 0;
	int r = fpset_find(&s->fps, fp, &pos);
	uint32_t idx;

	if (r == 1 || !below_max_states(s))
		return -1;
	if (s->next.n == s->next.cap && grow_level(s, &s->next))
		return -1;
	if (s->count && tree_room(s))
		return -1;
	while (r < 0 || fpset_full(&s->fps) || fpset_put(&s->fps, fp, pos)) {
		if (grow_fps(s))
			return -1;
		r = fpset_find(&s->fps, fp, &pos);
	}
	/* nothing can fail from here on */
	idx = (uint32_t)s->count++;
	if (idx)
		tree_child(&s->tree, ord);
	memcpy(s->next.buf + s->next.n++ * s->size, st, s->size);
	record(s, s->ops->visit(s->ops->ctx, st), idx, NO_PARENT);
	return idx;
}

static void on_successor(void *ectx, const uint8_t *next, unsigned viol)
{
	struct search *s = ectx;
	uint32_t ord = s->next_ordinal++;

	s->st.transitions++;
	if (viol)
		record(s, viol, s->cur_idx, ord);
	if (s->stopped)
		return;
	if (s->fp)
		insert_fp(s, next, ord);
	else
		insert_full(s, next, s->cur_idx, ord);
}

static void expand(struct search *s, uint32_t idx, const uint8_t *st)
{
	s->cur_idx = idx;
	s->next_ordinal = 0;
	s->ops->expand(s->ops->ctx, st, on_successor, s);
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
	free(s->states);
	free(s->table);
	fpset_free(&s->fps);
	free(s->cur.buf);
	free(s->next.buf);
	tree_free(&s->tree);
	free(s->parent);
	free(s->ordinal);
	free(s->depth);
	free(s->stack);
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
	if (s->fp) {
		bad = fpset_init(&s->fps, 1024) || grow_level(s, &s->next);
	} else {
		s->table = calloc(1024, sizeof *s->table);
		s->tmask = 1023;
		bad = !s->table || grow_states(s);
	}
	if (!s->lim.dfs)
		bad = bad || tree_init(&s->tree);
	if (!init || !cur || bad) {
		free(init);
		free(cur);
		free_parts(s);
		free(s);
		return NULL;
	}
	note_memory(s);
	ops->initial(ops->ctx, init);
	if (s->fp)
		insert_fp(s, init, NO_PARENT);
	else
		insert_full(s, init, NO_PARENT, NO_PARENT);
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
