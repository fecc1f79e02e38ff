/*
 * search.c - the plain exhaustive search: breadth- or depth-first.
 *
 * States are stored contiguously in discovery order, so breadth-first needs
 * no queue: the frontier is every state after the cursor.  Depth-first
 * keeps a stack of state numbers instead.
 *
 * Visited set: open addressing, linear probing, entries of (32-bit hash tag
 * << 32 | state number + 1), 0 = empty.  It never holds more than half its
 * slots, so probes stay short.
 *
 * Per state: parent number and the ordinal of the successor that first
 * reached it.  The initial state is its own parent.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#define NO_PARENT UINT32_MAX
#define MAX_STATES_HARD (UINT32_MAX - 2)

struct first {
	uint32_t state;		/* state before the step, or the state itself */
	uint32_t ordinal;	/* ordinal of the step, or NO_PARENT */
	int seen;
};

struct search {
	const struct search_ops *ops;
	struct search_limits lim;
	struct search_stats st;
	size_t size;

	uint8_t *states;
	uint32_t *parent, *ordinal, *depth;
	uint64_t count, cap;

	uint64_t *table;
	uint64_t tmask;

	uint32_t *stack;
	uint64_t sp, scap;

	unsigned violated;
	struct first first[32];

	/* the expansion under way */
	uint32_t cur;
	uint32_t next_ordinal;
	int stopped;
	struct timespec t0;
};

static double elapsed(const struct search *s)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - s->t0.tv_sec) +
	       (double)(t.tv_nsec - s->t0.tv_nsec) / 1e9;
}

static size_t footprint(const struct search *s, uint64_t cap, uint64_t slots,
			uint64_t scap)
{
	return (size_t)(cap * (s->size + 3 * sizeof(uint32_t)) +
			slots * sizeof(uint64_t) + scap * sizeof(uint32_t));
}

static void note_memory(struct search *s)
{
	size_t m = footprint(s, s->cap, s->tmask + 1, s->scap);

	if (m > s->st.memory)
		s->st.memory = m;
}

/* Would growing to these sizes break the memory limit? */
static int over_limit(const struct search *s, uint64_t cap, uint64_t slots,
		      uint64_t scap)
{
	return s->lim.max_memory &&
	       footprint(s, cap, slots, scap) > s->lim.max_memory;
}

static void stop(struct search *s, enum search_stop why)
{
	if (!s->stopped) {
		s->stopped = 1;
		s->st.stop = why;
	}
}

static int grow_states(struct search *s)
{
	uint64_t cap = s->cap ? s->cap * 2 : 1024;
	void *a, *b, *c, *d;

	if (over_limit(s, cap, s->tmask + 1, s->scap)) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	a = realloc(s->states, cap * s->size);
	if (a)
		s->states = a;
	b = a ? realloc(s->parent, cap * sizeof(uint32_t)) : NULL;
	if (b)
		s->parent = b;
	c = b ? realloc(s->ordinal, cap * sizeof(uint32_t)) : NULL;
	if (c)
		s->ordinal = c;
	d = c ? realloc(s->depth, cap * sizeof(uint32_t)) : NULL;
	if (!d) {
		stop(s, STOP_MEMORY);
		return -1;
	}
	s->depth = d;
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

	if (over_limit(s, s->cap, slots, s->scap)) {
		stop(s, STOP_MEMORY);
		return -1;
	}
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

static int push(struct search *s, uint32_t idx)
{
	if (s->sp == s->scap) {
		uint64_t scap = s->scap ? s->scap * 2 : 1024;
		uint32_t *n;

		if (over_limit(s, s->cap, s->tmask + 1, scap)) {
			stop(s, STOP_MEMORY);
			return -1;
		}
		n = realloc(s->stack, scap * sizeof *n);
		if (!n) {
			stop(s, STOP_MEMORY);
			return -1;
		}
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

/*
 * Insert st if new.  Returns its number, or -1 if known or the search had
 * to stop.
 */
static int64_t insert(struct search *s, const uint8_t *st, uint32_t parent,
		      uint32_t ord)
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
	if ((s->lim.max_states && s->count >= s->lim.max_states) ||
	    s->count >= MAX_STATES_HARD) {
		stop(s, STOP_STATES);
		return -1;
	}
	if (s->count == s->cap && grow_states(s))
		return -1;
	idx = (uint32_t)s->count++;
	memcpy(s->states + (uint64_t)idx * s->size, st, s->size);
	s->parent[idx] = parent;
	s->ordinal[idx] = ord;
	s->depth[idx] = parent == NO_PARENT ? 0 : s->depth[parent] + 1;
	if (s->depth[idx] > s->st.depth)
		s->st.depth = s->depth[idx];
	s->table[i] = (uint64_t)tag << 32 | (uint64_t)(idx + 1);
	if (s->count * 2 > s->tmask + 1 && grow_table(s))
		return idx;	/* stored; the search stops after it */
	if (s->lim.dfs && push(s, idx))
		return idx;
	record(s, s->ops->visit(s->ops->ctx, st), idx, NO_PARENT);
	return idx;
}

static void on_successor(void *ectx, const uint8_t *next, unsigned viol)
{
	struct search *s = ectx;
	uint32_t ord = s->next_ordinal++;

	s->st.transitions++;
	if (viol)
		record(s, viol, s->cur, ord);
	if (!s->stopped)
		insert(s, next, s->cur, ord);
}

struct search *search_run(const struct search_ops *ops,
			  const struct search_limits *lim)
{
	struct search *s = calloc(1, sizeof *s);
	uint8_t *init, *cur;
	uint64_t cursor = 0, polled = 0;

	if (!s)
		return NULL;
	s->ops = ops;
	s->lim = *lim;
	s->size = ops->state_size;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	init = calloc(1, s->size);
	cur = malloc(s->size);
	s->table = calloc(1024, sizeof *s->table);
	s->tmask = 1023;
	if (!init || !cur || !s->table || grow_states(s)) {
		free(init);
		free(cur);
		free(s->table);
		free(s);
		return NULL;
	}
	ops->initial(ops->ctx, init);
	insert(s, init, NO_PARENT, NO_PARENT);
	free(init);

	while (!s->stopped) {
		uint32_t idx;

		if (lim->dfs) {
			if (!s->sp)
				break;
			idx = s->stack[--s->sp];
		} else {
			if (cursor == s->count)
				break;
			idx = (uint32_t)cursor++;
		}
		/* the arena may move while we expand: work on a copy */
		memcpy(cur, s->states + (uint64_t)idx * s->size, s->size);
		s->cur = idx;
		s->next_ordinal = 0;
		ops->expand(ops->ctx, cur, on_successor, s);
		if ((++polled & 255) == 0 && lim->timeout > 0 &&
		    elapsed(s) > lim->timeout)
			stop(s, STOP_TIME);
	}
	free(cur);
	s->st.states = s->count;
	s->st.seconds = elapsed(s);
	return s;
}

void search_free(struct search *s)
{
	if (!s)
		return;
	free(s->states);
	free(s->parent);
	free(s->ordinal);
	free(s->depth);
	free(s->table);
	free(s->stack);
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
	n = s->depth[f->state] + (f->ordinal != NO_PARENT);
	if (n > (uint32_t)max)
		return (int)n;
	k = n;
	if (f->ordinal != NO_PARENT)
		ord[--k] = f->ordinal;
	for (uint32_t st = f->state; s->parent[st] != NO_PARENT;
	     st = s->parent[st])
		ord[--k] = s->ordinal[st];
	return (int)n;
}

const char *search_stop_name(enum search_stop st)
{
	static const char *const names[] = { "done", "max-states",
					     "max-memory", "timeout" };
	return names[st];
}
