/* SPDX-License-Identifier: MIT */
/*
 * test_search.c - the explorer on toy state machines that are not caches:
 * state counts, shortest paths, search orders and limits.
 */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore/fpset.h"
#include "explore/tree.h"

/*
 * The grid: state (x, y) with 0 <= x, y < n; steps x+1 and y+1 (ordinals 0
 * and 1).  Reaching (3, 2) violates bit 2; the state (n-1, n-1) violates
 * bit 5 by itself.  n*n states, 2n(n-1) transitions.
 */
struct grid {
	int n;
	int visits;
	int tx, ty;	/* with tx > 0: (tx-1, ty-1) violates bit 5, not the corner */
};

static void g_initial(void *ctx, uint8_t *s)
{
	(void)ctx;
	s[0] = s[1] = 0;
}

static void g_expand(void *ctx, const uint8_t *s, search_emit_fn emit,
		     void *ectx)
{
	struct grid *g = ctx;
	uint8_t t[2];

	for (int k = 0; k < 2; k++) {
		t[0] = s[0];
		t[1] = s[1];
		if (t[k] + 1 >= g->n)
			continue;
		t[k]++;
		emit(ectx, t, t[0] == 3 && t[1] == 2 ? 1u << 2 : 0);
	}
}

static unsigned g_visit(void *ctx, const uint8_t *s)
{
	struct grid *g = ctx;

	g->visits++;
	if (g->tx)
		return s[0] == g->tx - 1 && s[1] == g->ty - 1 ? 1u << 5 : 0;
	return s[0] == g->n - 1 && s[1] == g->n - 1 ? 1u << 5 : 0;
}

static struct search *grid_search(struct grid *g, struct search_limits lim)
{
	struct search_ops ops = { 2, g, g_initial, g_expand, g_visit, NULL };

	return search_run(&ops, &lim);
}

/* Walk a path of ordinals from (0,0). */
static void walk(const uint32_t *ord, int n, int *x, int *y)
{
	*x = *y = 0;
	for (int k = 0; k < n; k++) {
		/* at an edge the first successor is the other direction, but
		 * the grid is big enough that the paths here stay inside */
		if (ord[k] == 0)
			(*x)++;
		else
			(*y)++;
	}
}

static void bfs_counts_and_shortest_path(void **st)
{
	struct grid g = { 10, 0, 0, 0 };
	struct search_limits lim = { 0 };
	struct search *s = grid_search(&g, lim);
	uint32_t ord[64];
	int n, x, y;

	(void)st;
	assert_non_null(s);
	assert_int_equal(search_stats(s)->states, 100);
	assert_int_equal(search_stats(s)->transitions, 2 * 10 * 9);
	assert_int_equal(g.visits, 100);
	assert_int_equal(search_stats(s)->stop, STOP_DONE);
	assert_int_equal(search_violated(s), (1u << 2) | (1u << 5));
	n = search_path(s, 2, ord, 64);
	assert_int_equal(n, 5);		/* 3 + 2 steps: the shortest */
	walk(ord, n, &x, &y);
	assert_int_equal(x, 3);
	assert_int_equal(y, 2);
	n = search_path(s, 5, ord, 64);
	assert_int_equal(n, 18);	/* to the far corner */
	assert_int_equal(search_stats(s)->depth, 18);
	assert_int_equal(search_path(s, 7, ord, 64), 0);
	search_free(s);
}

static void dfs_finds_the_same_states(void **st)
{
	struct grid g = { 10, 0, 0, 0 };
	struct search_limits lim = { .dfs = 1 };
	struct search *s = grid_search(&g, lim);
	uint32_t ord[256];
	int n, x, y;

	(void)st;
	assert_int_equal(search_stats(s)->states, 100);
	assert_int_equal(search_stats(s)->transitions, 180);
	assert_int_equal(search_violated(s), (1u << 2) | (1u << 5));
	n = search_path(s, 2, ord, 256);
	assert_true(n >= 5);
	walk(ord, n, &x, &y);
	assert_int_equal(x, 3);
	assert_int_equal(y, 2);
	search_free(s);
}

static void max_states_stops_incomplete(void **st)
{
	struct grid g = { 10, 0, 0, 0 };
	struct search_limits lim = { .max_states = 10 };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_int_equal(search_stats(s)->stop, STOP_STATES);
	assert_int_equal(search_stats(s)->states, 10);
	search_free(s);

	/* exactly enough is not a limit */
	g.visits = 0;
	lim.max_states = 100;
	s = grid_search(&g, lim);
	assert_int_equal(search_stats(s)->stop, STOP_DONE);
	search_free(s);
}

static void max_memory_stops_incomplete(void **st)
{
	struct grid g = { 200, 0, 0, 0 };
	struct search_limits lim = { .max_memory = 64 * 1024 };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_non_null(s);
	assert_int_equal(search_stats(s)->stop, STOP_MEMORY);
	assert_true(search_stats(s)->states < 200 * 200);
	assert_true(search_stats(s)->memory <= 64 * 1024);
	search_free(s);
}

static void timeout_stops_incomplete(void **st)
{
	struct grid g = { 250, 0, 0, 0 };
	struct search_limits lim = { .timeout = 1e-9 };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_int_equal(search_stats(s)->stop, STOP_TIME);
	assert_true(search_stats(s)->states < 250 * 250);
	search_free(s);
}

/*
 * A flag that is set (Ctrl-C) stops the search at its next poll, as a
 * limit does: at most POLL_EVERY expansions, STOP_INTERRUPT.  One that is
 * clear changes nothing.
 */
static void interrupt_stops_incomplete(void **st)
{
	static volatile sig_atomic_t flag;
	struct grid g = { 250, 0, 0, 0 };
	struct search_limits lim = { .interrupt = &flag };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_int_equal(search_stats(s)->stop, STOP_DONE);
	assert_int_equal(search_stats(s)->states, 250 * 250);
	search_free(s);
	flag = 1;
	s = grid_search(&g, lim);
	assert_int_equal(search_stats(s)->stop, STOP_INTERRUPT);
	assert_true(search_stats(s)->states <= 2 * 256 + 1);
	assert_string_equal(search_stop_name(STOP_INTERRUPT), "interrupted");
	search_free(s);
}

/*
 * A memory limit below what the start needs: a search of no state that
 * stopped at max-memory, not a failure (NULL is for the allocator).
 */
static void max_memory_below_the_start(void **st)
{
	struct grid g = { 10, 0, 0, 0 };
	struct search_limits lim = { .max_memory = 100 };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_non_null(s);
	assert_int_equal(search_stats(s)->stop, STOP_MEMORY);
	assert_int_equal(search_stats(s)->states, 0);
	assert_int_equal(search_violated(s), 0);
	search_free(s);
}

/* ---- fingerprints ------------------------------------------------------ */

static uint64_t rnd(uint64_t *x)
{
	/* splitmix64: a fixed, well-spread sequence */
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The invariants of fpset.h, slot by slot. */
static void fpset_check(const struct fpset *f)
{
	uint64_t used = 0, prev = 0;

	for (uint64_t i = 0; i < fpset_end(f); i++) {
		uint64_t e = f->slot[i], h;

		if (!e)
			continue;
		used++;
		assert_true(e > prev);		/* increasing, run or not */
		prev = e;
		h = ((e >> 32) * f->n) >> 32;	/* home(): the top bits */
		assert_true(h <= i);
		for (uint64_t j = h; j <= i; j++)
			assert_true(f->slot[j] != 0);
	}
	assert_int_equal(used, f->count);
}

static int fp_add(struct fpset *f, uint64_t fp)
{
	uint64_t pos;
	int r;

	while ((r = fpset_find(f, fp, &pos)) < 0 || (r == 0 && fpset_full(f)) ||
	       (r == 0 && fpset_put(f, fp, pos)))
		assert_int_equal(fpset_resize(f, fpset_next_n(f)), 0);
	return !r;
}

static void fpset_holds_what_was_put(void **st)
{
	struct fpset f;
	uint64_t x = 1, pos;

	(void)st;
	assert_int_equal(fpset_init(&f, 1024), 0);
	for (int k = 0; k < 100000; k++)
		assert_true(fp_add(&f, rnd(&x)));
	fpset_check(&f);
	assert_int_equal(f.count, 100000);
	assert_true((double)f.count <= FPSET_LOAD * (double)f.n);
	x = 1;
	for (int k = 0; k < 100000; k++)
		assert_int_equal(fpset_find(&f, rnd(&x), &pos), 1);
	for (int k = 0; k < 100000; k++)
		assert_int_equal(fpset_find(&f, rnd(&x), &pos), 0);
	/* 0 is a fingerprint too (stored as 1) */
	assert_true(fp_add(&f, 0));
	assert_false(fp_add(&f, 0));
	fpset_free(&f);
}

/*
 * Keys (tag << 32 | number), as the full visited set's index keeps them:
 * every key of a tag is in the stretch fpset_first() gives.
 */
static void fpset_first_finds_a_tags_keys(void **st)
{
	struct fpset f;
	uint64_t x = 5;

	(void)st;
	assert_int_equal(fpset_init(&f, 16), 0);
	for (uint32_t k = 1; k <= 60000; k++) {
		/* few tags, so that most share theirs with others */
		uint64_t tag = rnd(&x) % 20000 * 0x9e3779b1u;

		assert_true(fp_add(&f, (tag & 0xffffffffu) << 32 | k));
	}
	fpset_check(&f);
	x = 5;
	for (uint32_t k = 1; k <= 60000; k++) {
		uint64_t tag = (rnd(&x) % 20000 * 0x9e3779b1u) & 0xffffffffu;
		uint64_t i = fpset_first(&f, tag << 32), end = fpset_end(&f);
		int found = 0;

		for (; i < end && f.slot[i] && f.slot[i] >> 32 == tag; i++)
			found |= (uint32_t)f.slot[i] == k;
		assert_true(found);
	}
	fpset_free(&f);
}

/* Homes crowded at the top end overflow into the tail, then grow. */
static void fpset_tail_overflow_grows(void **st)
{
	struct fpset f;

	(void)st;
	assert_int_equal(fpset_init(&f, 16), 0);
	/* all in the last sixteenth: one home until the table grows */
	for (uint64_t k = 0; k < 3000; k++)
		assert_true(fp_add(&f, UINT64_MAX - k * (UINT64_MAX / 16 / 3000)));
	fpset_check(&f);
	for (uint64_t k = 0; k < 3000; k++)
		assert_false(fp_add(&f, UINT64_MAX - k * (UINT64_MAX / 16 / 3000)));
	assert_int_equal(f.count, 3000);
	fpset_free(&f);
}

/* A random breadth-first tree, as a search would build it. */
static void tree_gives_back_parents_and_ordinals(void **st)
{
	enum { N = 200000 };
	struct tree t;
	uint32_t *par = malloc(N * sizeof *par), *ord = malloc(N * sizeof *ord);
	unsigned *dep = malloc(N * sizeof *dep);
	uint64_t x = 7, n = 1, lo = 0, hi = 1;
	unsigned d = 0;

	(void)st;
	assert_int_equal(tree_init(&t), 0);
	par[0] = ord[0] = 0;
	dep[0] = 0;
	while (n < N && lo < hi) {
		assert_int_equal(tree_level(&t, (uint32_t)hi), 0);
		for (uint64_t p = lo; p < hi; p++) {
			/* 0 to 3 children, now and then none for a while, and
			 * ordinals past a byte */
			int kids = (int)(rnd(&x) % 4);
			uint32_t o = 0;

			for (int c = 0; c < kids && n < N; c++) {
				o += (uint32_t)(rnd(&x) % 3) +
				     (rnd(&x) % 50 == 0 ? 300 : 0);
				assert_int_equal(tree_reserve(&t), 0);
				tree_child(&t, o);
				par[n] = (uint32_t)p;
				ord[n] = o;
				dep[n] = d + 1;
				n++;
			}
			tree_parent_done(&t);
		}
		lo = hi;
		hi = n;
		d++;
	}
	assert_true(n == N);
	for (uint32_t k = 1; k < N; k++) {
		assert_int_equal(tree_parent(&t, k), par[k]);
		assert_int_equal(tree_ordinal(&t, k), ord[k]);
		assert_int_equal(tree_depth(&t, k), dep[k]);
	}
	assert_int_equal(tree_depth(&t, 0), 0);
	/* the promise of tree.h */
	assert_true((double)tree_bytes(&t) / N < 2 * 1.5);
	tree_free(&t);
	free(par);
	free(ord);
	free(dep);
}

/* Fingerprints change the memory, not the search. */
static void fingerprint_search_is_the_same_search(void **st)
{
	struct grid g = { 40, 0, 0, 0 }, h = { 40, 0, 0, 0 };
	struct search_limits full = { 0 }, fp = { .fingerprint = 1 };
	struct search *a = grid_search(&g, full), *b = grid_search(&h, fp);
	uint32_t oa[128], ob[128];

	(void)st;
	assert_int_equal(search_stats(b)->states, 1600);
	assert_int_equal(search_stats(b)->transitions, 2 * 40 * 39);
	assert_int_equal(h.visits, 1600);
	assert_int_equal(search_stats(b)->depth, 78);
	assert_int_equal(search_violated(b), search_violated(a));
	for (int bit = 0; bit < 32; bit++) {
		int na = search_path(a, bit, oa, 128);
		int nb = search_path(b, bit, ob, 128);

		assert_int_equal(na, nb);
		assert_memory_equal(oa, ob, (size_t)na * sizeof *oa);
	}
	assert_true(search_stats(b)->fingerprint);
	assert_false(search_stats(a)->fingerprint);
	assert_true(search_stats(b)->collision > 0);
	assert_true(search_stats(b)->collision < 1e-12);
	/* stored states cost less than 16 bytes each */
	assert_true(search_stats(b)->held < 16 * 1600 + 32 * 1024);
	search_free(a);
	search_free(b);

	/* big enough that the fixed first allocations do not count */
	g = (struct grid){ 250, 0, 0, 0 };
	b = grid_search(&g, fp);
	assert_int_equal(search_stats(b)->states, 250 * 250);
	assert_true((double)search_stats(b)->held / (250 * 250) <= 16);
	search_free(b);
}

/* Depth-first with fingerprints: the same search as with full states. */
static void fingerprint_dfs_is_the_same_search(void **st)
{
	struct grid g = { 40, 0, 0, 0 }, h = { 40, 0, 0, 0 };
	struct search_limits full = { .dfs = 1 },
			     fp = { .dfs = 1, .fingerprint = 1 };
	struct search *a = grid_search(&g, full), *b = grid_search(&h, fp);
	uint32_t oa[4096], ob[4096];

	(void)st;
	assert_int_equal(search_stats(b)->states, 1600);
	assert_int_equal(search_stats(b)->transitions, 2 * 40 * 39);
	assert_int_equal(search_stats(b)->stop, STOP_DONE);
	assert_int_equal(h.visits, 1600);
	assert_int_equal(search_stats(b)->depth, search_stats(a)->depth);
	assert_int_equal(search_violated(b), search_violated(a));
	assert_true(search_violated(b) & 1u << 5);
	for (int bit = 0; bit < 32; bit++) {
		int na = search_path(a, bit, oa, 4096);
		int nb = search_path(b, bit, ob, 4096);

		assert_int_equal(na, nb);
		assert_memory_equal(oa, ob, (size_t)na * sizeof *oa);
	}
	assert_true(search_stats(b)->fingerprint);
	assert_true(search_stats(b)->collision > 0);
	search_free(a);
	search_free(b);

	/* limits stop it as they stop the full one */
	fp.max_states = 10;
	b = grid_search(&g, fp);
	assert_int_equal(search_stats(b)->stop, STOP_STATES);
	assert_int_equal(search_stats(b)->states, 10);
	search_free(b);
}

/* States packed to a mask: the same search. */
static void packed_states_are_the_same_search(void **st)
{
	static const uint8_t bits[2] = { 0x3f, 0x3f };	/* x, y < 64 */
	struct grid g = { 60, 0, 0, 0 }, h = { 60, 0, 0, 0 };
	struct search_limits lim = { 0 }, chk = { .pack_check = 1 };
	struct search_ops ops = { 2, &h, g_initial, g_expand, g_visit, bits };
	struct search *a = grid_search(&g, lim), *b;
	uint32_t oa[256], ob[256];

	(void)st;
	for (int mode = 0; mode < 4; mode++) {
		chk.fingerprint = mode & 1;
		chk.dfs = mode >> 1 & 1;
		h.visits = 0;
		b = search_run(&ops, &chk);
		assert_int_equal(search_stats(b)->states, 3600);
		assert_int_equal(search_stats(b)->transitions,
				 search_stats(a)->transitions);
		assert_int_equal(h.visits, 3600);
		assert_int_equal(search_violated(b), search_violated(a));
		if (!chk.dfs)
			for (int bit = 0; bit < 32; bit++) {
				int na = search_path(a, bit, oa, 256);
				int nb = search_path(b, bit, ob, 256);

				assert_int_equal(na, nb);
				assert_memory_equal(oa, ob,
						    (size_t)na * sizeof *oa);
			}
		search_free(b);
	}
	search_free(a);
}

static void fingerprint_limits_stop_incomplete(void **st)
{
	struct grid g = { 200, 0, 0, 0 };
	struct search_limits lim = { .max_states = 10, .fingerprint = 1 };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_int_equal(search_stats(s)->stop, STOP_STATES);
	assert_int_equal(search_stats(s)->states, 10);
	search_free(s);
	/*
	 * A stop in the middle of a level leaves states of the next one, and
	 * a violation there.  The grid's levels are its diagonals; (1, 2) is
	 * state 8, the third of level 3, found while level 2 is expanded; the
	 * tenth state would be (0, 3).
	 */
	for (int fpm = 0; fpm < 2; fpm++) {
		uint32_t ord[8];
		int n, x, y;

		g = (struct grid){ 10, 0, 2, 3 };
		lim = (struct search_limits){ .max_states = 9, .fingerprint = fpm };
		s = grid_search(&g, lim);
		assert_int_equal(search_stats(s)->stop, STOP_STATES);
		assert_int_equal(search_stats(s)->depth, 3);
		n = search_path(s, 5, ord, 8);
		assert_int_equal(n, 3);
		walk(ord, n, &x, &y);
		assert_int_equal(x, 1);
		assert_int_equal(y, 2);
		search_free(s);
	}
	g = (struct grid){ 200, 0, 0, 0 };
	lim = (struct search_limits){ .max_memory = 48 * 1024, .fingerprint = 1 };
	s = grid_search(&g, lim);
	assert_non_null(s);
	assert_int_equal(search_stats(s)->stop, STOP_MEMORY);
	assert_true(search_stats(s)->memory <= 48 * 1024);
	search_free(s);
	lim = (struct search_limits){ .timeout = 1e-9, .fingerprint = 1 };
	s = grid_search(&g, lim);
	assert_int_equal(search_stats(s)->stop, STOP_TIME);
	search_free(s);
	/* dfs is not offered with fingerprints: breadth-first it is */
	lim = (struct search_limits){ .dfs = 1, .fingerprint = 1 };
	g = (struct grid){ 10, 0, 0, 0 };
	s = grid_search(&g, lim);
	assert_int_equal(search_path(s, 2, (uint32_t[8]){ 0 }, 8), 5);
	search_free(s);
}

/* The checker's results with and without fingerprints. */
static void fingerprint_check_run(void **st)
{
	struct loaded l;
	struct result a, b;
	struct search_limits full = { 0 }, fp = { .fingerprint = 1 };

	(void)st;
	must_load(&l, "FLUSH t\nmachine = cortex-a9\n"
		  "{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		  " P0 | P1 ;\n r0 = exec U | st K = new ;\n | pte.set U ;\n"
		  "exists (P0:r0 = old)\n");
	assert_int_equal(check_run(l.p, "generic", &full, &a), 0);
	assert_int_equal(check_run(l.p, "generic", &fp, &b), 0);
	assert_int_equal(a.stats.states, b.stats.states);
	assert_int_equal(a.violated, b.violated);
	assert_int_equal(a.npos, b.npos);
	assert_int_equal(a.nneg, b.nneg);
	assert_int_equal(a.ntraces, b.ntraces);
	for (int k = 0; k < a.ntraces; k++) {
		assert_int_equal(a.traces[k].nsteps, b.traces[k].nsteps);
		for (int j = 0; j < a.traces[k].nsteps; j++)
			assert_string_equal(a.traces[k].steps[j].text,
					    b.traces[k].steps[j].text);
	}
	assert_true(b.stats.fingerprint);
	check_free(&a);
	check_free(&b);
	arena_free(&l.a);
}

/* ---- progress ------------------------------------------------------------ */

struct seen_progress {
	int calls, done, bad;
	double first;
	uint64_t states;
};

static void on_progress(void *ctx, const struct search_stats *st, int done)
{
	struct seen_progress *p = ctx;

	if (p->done || st->states < p->states)
		p->bad = 1;	/* nothing after done; states never go back */
	if (!p->calls++)
		p->first = st->seconds;
	p->states = st->states;
	p->done |= done;
}

/* A grid whose expansions take 30 microseconds each. */
static void slow_expand(void *ctx, const uint8_t *s, search_emit_fn emit,
			void *ectx)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000000L + t.tv_nsec - t0.tv_nsec <
	       30000);
	g_expand(ctx, s, emit, ectx);
}

static void progress_from_the_second_second(void **st)
{
	struct grid g = { 10, 0, 0, 0 };
	struct seen_progress p = { 0 };
	struct search_limits lim = { .progress = on_progress,
				     .progress_ctx = &p };
	struct search_ops ops = { 2, &g, g_initial, g_expand, g_visit, NULL };
	struct search *s = search_run(&ops, &lim);

	(void)st;
	assert_int_equal(p.calls, 0);	/* short: no display at all */
	search_free(s);

	/* 250 * 250 * 30 us: about 1.9 s */
	g = (struct grid){ 250, 0, 0, 0 };
	ops.expand = slow_expand;
	for (int fp = 0; fp < 2; fp++) {
		p = (struct seen_progress){ 0 };
		lim.fingerprint = fp;
		s = search_run(&ops, &lim);
		assert_true(p.calls >= 2);
		assert_true(p.done);
		assert_false(p.bad);
		assert_true(p.first >= 1.0);
		assert_int_equal(p.states, 250 * 250);
		search_free(s);
	}
}

/* ---- threads ------------------------------------------------------------- */

/* The grid, with the order of visit() calls written down. */
struct order {
	struct grid g;
	int n;
	uint16_t seq[70000];
};

static unsigned o_visit(void *ctx, const uint8_t *s)
{
	struct order *o = ctx;

	if (o->n < 70000)
		o->seq[o->n++] = (uint16_t)(s[0] << 8 | s[1]);
	return g_visit(&o->g, s);
}

static void o_initial(void *ctx, uint8_t *s)
{
	g_initial(&((struct order *)ctx)->g, s);
}

static void o_expand(void *ctx, const uint8_t *s, search_emit_fn emit,
		     void *ectx)
{
	g_expand(&((struct order *)ctx)->g, s, emit, ectx);
}

static struct search *order_search(struct order *o, struct search_limits lim)
{
	static struct search_ops ops = { 2, NULL, o_initial, o_expand, o_visit, NULL };

	ops.ctx = o;
	return search_run(&ops, &lim);
}

/* Everything the explorer reports, and the visit order, must agree. */
static void same_search(struct search *a, const struct order *oa,
			struct search *b, const struct order *ob)
{
	uint32_t pa[600], pb[600];

	assert_int_equal(search_stats(a)->states, search_stats(b)->states);
	assert_int_equal(search_stats(a)->transitions,
			 search_stats(b)->transitions);
	assert_int_equal(search_stats(a)->depth, search_stats(b)->depth);
	assert_int_equal(search_stats(a)->stop, search_stats(b)->stop);
	assert_int_equal(search_violated(a), search_violated(b));
	for (int bit = 0; bit < 32; bit++) {
		int na = search_path(a, bit, pa, 600);
		int nb = search_path(b, bit, pb, 600);

		assert_int_equal(na, nb);
		assert_memory_equal(pa, pb, (size_t)na * sizeof *pa);
	}
	assert_int_equal(oa->n, ob->n);
	assert_memory_equal(oa->seq, ob->seq, (size_t)oa->n * sizeof *oa->seq);
}

static void threads_search_the_same(void **st)
{
	static struct order one, many;
	/* every level through the threads, in chunks of 1, 3 and auto */
	const unsigned chunks[] = { 1, 3, 0 };

	(void)st;
	for (int fp = 0; fp < 2; fp++)
		for (int c = 0; c < 3; c++)
			for (int t = 2; t <= 3; t++) {
				struct search_limits l1 = { .fingerprint = fp };
				struct search_limits ln = {
					.fingerprint = fp, .threads = t,
					.par_min_level = 1, .par_chunk = chunks[c]
				};
				struct search *a, *b;

				one = (struct order){ .g = { 200, 0, 0, 0 } };
				many = one;
				a = order_search(&one, l1);
				b = order_search(&many, ln);
				assert_int_equal(search_stats(b)->states, 200 * 200);
				same_search(a, &one, b, &many);
				search_free(a);
				search_free(b);
			}
}

static void threads_stop_as_one_does(void **st)
{
	static struct order one, many;

	(void)st;
	/* a stop by --max-states is the same stop, to the transition */
	for (uint64_t max = 1; max < 3000; max = max * 3 + 1)
		for (int fp = 0; fp < 2; fp++) {
			struct search_limits l1 = { .max_states = max,
						    .fingerprint = fp };
			struct search_limits ln = l1;
			struct search *a, *b;

			ln.threads = 2;
			ln.par_min_level = 1;
			ln.par_chunk = 2;
			one = (struct order){ .g = { 100, 0, 30, 40 } };
			many = one;
			a = order_search(&one, l1);
			b = order_search(&many, ln);
			same_search(a, &one, b, &many);
			search_free(a);
			search_free(b);
		}
	/* memory and time stop cleanly, within the limit */
	for (int fp = 0; fp < 2; fp++) {
		struct search_limits lim = { .max_memory = 300 * 1024,
					     .fingerprint = fp, .threads = 2,
					     .par_min_level = 1 };
		struct search *s;

		many = (struct order){ .g = { 250, 0, 0, 0 } };
		s = order_search(&many, lim);
		assert_non_null(s);
		assert_int_equal(search_stats(s)->stop, STOP_MEMORY);
		assert_true(search_stats(s)->memory <= 300 * 1024);
		search_free(s);
		lim = (struct search_limits){ .timeout = 1e-9, .fingerprint = fp,
					      .threads = 2, .par_min_level = 1 };
		s = order_search(&many, lim);
		assert_int_equal(search_stats(s)->stop, STOP_TIME);
		search_free(s);
	}
}

/* The checker: same result with -j 2, every level through the threads. */
static void threads_check_run(void **st)
{
	struct loaded l;
	struct result a, b;
	struct search_limits one = { 0 }, two = { .threads = 2,
						  .par_min_level = 1,
						  .par_chunk = 1 };

	(void)st;
	must_load(&l, "FLUSH t\nmachine = cortex-a9\n"
		  "{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		  " P0 | P1 ;\n r0 = exec U | st K = new ;\n | pte.set U ;\n"
		  "exists (P0:r0 = old)\n");
	assert_int_equal(check_run(l.p, "generic", &one, &a), 0);
	assert_int_equal(check_run(l.p, "generic", &two, &b), 0);
	assert_int_equal(a.stats.states, b.stats.states);
	assert_int_equal(a.stats.transitions, b.stats.transitions);
	assert_int_equal(a.violated, b.violated);
	assert_int_equal(a.noutcomes, b.noutcomes);
	for (int k = 0; k < a.noutcomes; k++)
		assert_memory_equal(&a.outcomes[k], &b.outcomes[k],
				    sizeof a.outcomes[k]);
	assert_int_equal(a.ntraces, b.ntraces);
	for (int k = 0; k < a.ntraces; k++) {
		assert_int_equal(a.traces[k].nsteps, b.traces[k].nsteps);
		for (int j = 0; j < a.traces[k].nsteps; j++)
			assert_string_equal(a.traces[k].steps[j].text,
					    b.traces[k].steps[j].text);
	}
	check_free(&a);
	check_free(&b);
	arena_free(&l.a);
}

/* The checker turns a stopped search into `incomplete`, never `ok`. */
static void incomplete_is_never_ok(void **st)
{
	struct loaded l;
	struct result r;
	struct search_limits lim = { .max_states = 5 };

	(void)st;
	must_load(&l, "FLUSH t\nmachine = cortex-a9\n"
		  "{ page P = old; kernel K = P; }\n"
		  " P0 | P1 ;\n st K = a | st K = b ;\n"
		  "expect *: ok\n");
	assert_int_equal(check_run(l.p, "generic", &lim, &r), 0);
	assert_true(r.incomplete);
	assert_int_equal(r.nexp, 1);
	assert_int_equal(r.exp[0].v, EXP_UNKNOWN);
	check_free(&r);
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bfs_counts_and_shortest_path),
		cmocka_unit_test(dfs_finds_the_same_states),
		cmocka_unit_test(max_states_stops_incomplete),
		cmocka_unit_test(max_memory_stops_incomplete),
		cmocka_unit_test(timeout_stops_incomplete),
		cmocka_unit_test(interrupt_stops_incomplete),
		cmocka_unit_test(max_memory_below_the_start),
		cmocka_unit_test(incomplete_is_never_ok),
		cmocka_unit_test(fpset_holds_what_was_put),
		cmocka_unit_test(fpset_tail_overflow_grows),
		cmocka_unit_test(fpset_first_finds_a_tags_keys),
		cmocka_unit_test(tree_gives_back_parents_and_ordinals),
		cmocka_unit_test(fingerprint_search_is_the_same_search),
		cmocka_unit_test(fingerprint_dfs_is_the_same_search),
		cmocka_unit_test(packed_states_are_the_same_search),
		cmocka_unit_test(fingerprint_limits_stop_incomplete),
		cmocka_unit_test(fingerprint_check_run),
		cmocka_unit_test(progress_from_the_second_second),
		cmocka_unit_test(threads_search_the_same),
		cmocka_unit_test(threads_stop_as_one_does),
		cmocka_unit_test(threads_check_run),
	};

	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
