/*
 * test_search.c - the explorer on toy state machines that are not caches:
 * state counts, shortest paths, search orders and limits.
 */
#include "helpers.h"

#include <stdlib.h>

/*
 * The grid: state (x, y) with 0 <= x, y < n; steps x+1 and y+1 (ordinals 0
 * and 1).  Reaching (3, 2) violates bit 2; the state (n-1, n-1) violates
 * bit 5 by itself.  n*n states, 2n(n-1) transitions.
 */
struct grid {
	int n;
	int visits;
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
	return s[0] == g->n - 1 && s[1] == g->n - 1 ? 1u << 5 : 0;
}

static struct search *grid_search(struct grid *g, struct search_limits lim)
{
	struct search_ops ops = { 2, g, g_initial, g_expand, g_visit };

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
	struct grid g = { 10, 0 };
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
	struct grid g = { 10, 0 };
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
	struct grid g = { 10, 0 };
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
	struct grid g = { 200, 0 };
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
	struct grid g = { 250, 0 };
	struct search_limits lim = { .timeout = 1e-9 };
	struct search *s = grid_search(&g, lim);

	(void)st;
	assert_int_equal(search_stats(s)->stop, STOP_TIME);
	assert_true(search_stats(s)->states < 250 * 250);
	search_free(s);
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
		cmocka_unit_test(incomplete_is_never_ok),
	};

	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
