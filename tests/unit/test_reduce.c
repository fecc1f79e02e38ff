/* SPDX-License-Identifier: MIT */
/*
 * test_reduce.c - search reductions against the plain search.
 *
 * Symbolic speculation (--reduce spec): the I-cache keeps the set of
 * versions each line may hold instead of exploring every moment of a
 * speculative fill or an eviction.  It must give the plain search's final
 * outcomes and violations; the state counts are its own, worked out by
 * hand below for one tiny scenario.
 *
 * Symmetry (--reduce symmetry): CPUs that run the same program and whose
 * registers the condition does not name are interchangeable; the search
 * keeps one state per permutation.  Same results, fewer states, and the
 * counterexample still keeps every CPU in its own column.
 *
 * Partial-order reduction (--reduce por): a CPU's next step that nothing
 * else can interfere with before it runs is taken alone.  Same violations
 * and final outcomes; the counts below are worked out by hand.
 */
#include "helpers.h"

#include <stdlib.h>

static void run_reduced(const struct program *p, unsigned reduce,
			struct result *r)
{
	struct search_limits lim = { 0 };

	assert_int_equal(check_run_reduced(p, "generic", &lim, reduce, r), 0);
	assert_false(r->incomplete);
}

/* Same violations and the same set of final outcomes, either way. */
static void assert_same_results_under(const char *src, unsigned reduce)
{
	struct loaded l;
	struct result a, b;

	must_load(&l, src);
	run_reduced(l.p, 0, &a);
	run_reduced(l.p, reduce, &b);
	assert_int_equal(b.reduced, reduce);
	assert_int_equal(a.ntraces, b.ntraces);
	/*
	 * Shortest either way: symmetry keeps the length; symbolic
	 * speculation drops the fill and eviction steps, never adds any.
	 */
	for (int k = 0; k < a.ntraces; k++) {
		assert_true(b.traces[k].nsteps > 0);
		if (reduce & REDUCE_SPEC)
			assert_true(b.traces[k].nsteps <= a.traces[k].nsteps);
		else
			assert_int_equal(a.traces[k].nsteps, b.traces[k].nsteps);
	}
	assert_int_equal(a.violated, b.violated);
	assert_int_equal(a.noutcomes, b.noutcomes);
	for (int k = 0; k < a.noutcomes; k++) {
		int found = 0;

		for (int j = 0; j < b.noutcomes; j++)
			found |= !memcmp(a.outcomes[k].val, b.outcomes[j].val,
					 sizeof a.outcomes[k].val);
		assert_true(found);
	}
	assert_true(b.stats.states < a.stats.states);
	check_free(&a);
	check_free(&b);
	arena_free(&l.a);
}

static void assert_same_results(const char *src)
{
	assert_same_results_under(src, REDUCE_SPEC);
}

/*
 * The seed race, one line, PIPT I-cache (one I-slot per CPU), kernel alias
 * prefetchable.  v0 = old, v1 = new; sets written {..} for CPU0, CPU1.
 *   S0  start                                   -> st: S1
 *   S1  D1 = v1 dirty                           -> pte.set: S2; evict: S3
 *   S2  pte present (pub v1)                    -> exec = v0 (stale): S4;
 *                                                  evict: S5
 *   S3  mem v1, sets {v0}{v0} (mem moved on)    -> pte.set: S5 again
 *   S4  r0 = old, final, D1 dirty               -> evict: S7
 *   S5  mem v1, sets {v0}{v0}, pte present      -> exec = v0: S7;
 *                                                  exec = v1: S9
 *   S7  r0 = old, mem v1, sets {v0}{v0}, final
 *   S9  r0 = new, sets {v1}{v0}, final
 * 8 states, 9 transitions; the stale fetch is 3 steps from the start.
 */
static const char *seed =
	"FLUSH seed\n"
	"machine = cortex-a9\n"
	"icache = pipt 32K 4\n"
	"dprefetch = none\n"
	"prefetch = exec\n"
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
	" P0          | P1        ;\n"
	" r0 = exec U | st K = new ;\n"
	"             | pte.set U  ;\n"
	"exists (P0:r0 = old)\n";

static void spec_seed_counts(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l, seed);
	run_reduced(l.p, REDUCE_SPEC, &r);
	assert_int_equal(r.stats.states, 8);
	assert_int_equal(r.stats.transitions, 9);
	assert_int_equal(r.violated, 1u << OR_STALE_FETCH);
	assert_int_equal(r.noutcomes, 2);
	assert_int_equal(r.ntraces, 1);
	assert_int_equal(r.traces[0].nsteps, 3);
	check_free(&r);
	arena_free(&l.a);
}

static void spec_seed_matches_plain(void **state)
{
	(void)state;
	assert_same_results(seed);
}

/*
 * No prefetcher: only fetches fill.  After the clean, a second fetch may
 * still hit the line the first one brought in, or miss and see new.
 */
static void spec_without_prefetch(void **state)
{
	(void)state;
	assert_same_results(
		"FLUSH noprefetch\n"
		"machine = cortex-a9\n"
		"prefetch = none\n"
		"dprefetch = none\n"
		"{ page P = old; kernel K = P; }\n"
		" P0          ;\n"
		" r0 = exec K ;\n"
		" st K = new  ;\n"
		" dc.clean K  ;\n"
		" r1 = exec K ;\n"
		"exists (P0:r1 = old)\n");
}

/*
 * Only user mappings prefetch.  The line can be taken through U before its
 * PTE goes away; after that nothing reaches it, so the version it may hold
 * is the one memory had when U went (pte_changed), not a later one.
 */
static void spec_mapping_goes_away(void **state)
{
	(void)state;
	assert_same_results(
		"FLUSH unmap\n"
		"machine = cortex-a9\n"
		"icache = pipt 32K 4\n"
		"prefetch = user\n"
		"dprefetch = none\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx; }\n"
		" P0          ;\n"
		" pte.clear U ;\n"
		" st K = new  ;\n"
		" dc.clean K  ;\n"
		" pte.set U   ;\n"
		" r0 = exec U ;\n"
		"exists (P0:r0 = old)\n");
}

/* An I-invalidation on the right CPU leaves nothing stale. */
static void spec_invalidate_empties(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l,
		  "FLUSH fixed\n"
		  "machine = cortex-a9\n"
		  "{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		  " P0          | P1         ;\n"
		  " r0 = exec U | st K = new ;\n"
		  "             | dc.clean K ;\n"
		  "             | ic.inv.all ;\n"
		  "             | pte.set U  ;\n"
		  "exists (P0:r0 = old)\n");
	run_reduced(l.p, REDUCE_SPEC, &r);
	assert_int_equal(r.violated, 0);
	assert_int_equal(r.npos, 0);
	check_free(&r);
	arena_free(&l.a);
	assert_same_results(
		"FLUSH fixed\n"
		"machine = arm11mpcore\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0          | P1               ;\n"
		" r0 = exec U | st K = new       ;\n"
		"             | dc.clean K       ;\n"
		"             | ic.inv.all.local ;\n"
		"             | pte.set U        ;\n"
		"exists (P0:r0 = old)\n");
}

/* Fills from the D side are not sets of memory's versions: plain search. */
static void spec_off_for_dcache_fills(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l,
		  "FLUSH idc\n"
		  "machine = armv8-idc\n"
		  "{ page P = old; kernel K = P; }\n"
		  " P0          ;\n"
		  " st K = new  ;\n"
		  " r0 = exec K ;\n");
	run_reduced(l.p, REDUCE_SPEC, &r);
	assert_int_equal(r.reduced, 0);
	check_free(&r);
	arena_free(&l.a);
}

/* Two executors of one program, one writer: the seed family, N = 3. */
static const char *family3 =
	"FLUSH family\n"
	"machine = cortex-a9\n"
	"cpus = 3\n"
	"icache = pipt 32K 4\n"
	"dprefetch = none\n"
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
	" P0          | P1          | P2         ;\n"
	" r0 = exec U | r0 = exec U | st K = new ;\n"
	"             |             | pte.set U  ;\n"
	"             |             | dc.clean K ;\n"
	"             |             | ic.inv.all ;\n"
	"exists ([P] = new)\n";

static void symmetry_matches_plain(void **state)
{
	(void)state;
	assert_same_results_under(family3, REDUCE_SYMMETRY);
	assert_same_results_under(family3, REDUCE_SYMMETRY | REDUCE_SPEC);
}

/* The counterexample follows real CPUs: each step's agent ran that op. */
static void symmetry_trace_keeps_columns(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l, family3);
	run_reduced(l.p, REDUCE_SYMMETRY, &r);
	assert_int_equal(r.ntraces, 1);
	for (int k = 0; k < r.traces[0].nsteps; k++) {
		const struct step_note *n = &r.traces[0].steps[k];

		if (!n->thread_op)
			continue;
		if (!strncmp(n->text, "r0 = exec U", 11))
			assert_true(n->agent == 0 || n->agent == 1);
		else
			assert_int_equal(n->agent, 2);
	}
	check_free(&r);
	arena_free(&l.a);
}

/* Collect the successors of a state that are thread steps of one CPU. */
struct pick {
	size_t size;
	int agent;
	uint8_t state[512];
	int found;
};

static void pick_emit(void *ctx, const uint8_t *next, unsigned viol,
		      const struct step_note *note)
{
	struct pick *pk = ctx;

	(void)viol;
	if (!pk->found && note->thread_op && note->agent == pk->agent) {
		memcpy(pk->state, next, pk->size);
		pk->found = 1;
	}
}

/*
 * After "CPU0 fetched" and after "CPU1 fetched" the states differ only by
 * swapping the two executors, so their canonical forms are one -- the
 * whole part of each CPU moves, its I-cache with its program counter.
 */
static void symmetry_canonical_form(void **state)
{
	struct loaded l;
	char err[128];
	struct model *m;
	size_t size;
	uint8_t s0[512], s1[512], tmp[512];

	(void)state;
	must_load(&l,
		  "FLUSH two\n"
		  "machine = cortex-a9\n"
		  "cpus = 2\n"
		  "prefetch = none\n"
		  "{ page P = old; kernel K = P; }\n"
		  " P0          | P1          ;\n"
		  " r0 = exec K | r0 = exec K ;\n");
	m = model_new(l.p, REDUCE_SYMMETRY, err, sizeof err);
	assert_non_null(m);
	assert_true(model_symmetric(m));
	size = model_state_size(m);
	assert_true(size <= sizeof s0);
	model_initial(m, tmp);
	for (int c = 0; c < 2; c++) {
		struct pick pk = { .size = size, .agent = c };

		model_successors(m, tmp, pick_emit, &pk, 1);
		assert_true(pk.found);
		memcpy(c ? s1 : s0, pk.state, size);
	}
	assert_memory_not_equal(s0, s1, size);
	model_canonical(m, s0);
	model_canonical(m, s1);
	assert_memory_equal(s0, s1, size);
	/* canonical twice is canonical */
	memcpy(tmp, s0, size);
	model_canonical(m, tmp);
	assert_memory_equal(tmp, s0, size);
	model_free(m);
	arena_free(&l.a);
}

/* A register the condition names pins its CPU; idle CPUs are alike. */
static void symmetry_classes(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l,
		  "FLUSH named\n"
		  "machine = cortex-a9\n"
		  "{ page P = old; kernel K = P; }\n"
		  " P0          | P1          ;\n"
		  " r0 = exec K | r0 = exec K ;\n"
		  "exists (P0:r0 = old)\n");
	run_reduced(l.p, REDUCE_SYMMETRY, &r);
	assert_int_equal(r.reduced, 0);
	check_free(&r);
	arena_free(&l.a);
	assert_same_results_under(
		"FLUSH idle\n"
		"machine = cortex-a9\n"
		"cpus = 3\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx; }\n"
		" P0         ;\n"
		" st K = new ;\n"
		" dc.clean K ;\n"
		" ic.inv.all.local ;\n"
		"exists ([P] = new)\n", REDUCE_SYMMETRY);
}

/* ---- partial-order reduction ---------------------------------------- */

/*
 * Two CPUs, two barriers each, no cache that can change: the plain search
 * takes every interleaving, a 3 x 3 grid of pcs (9 states, 12 steps); the
 * reduction runs CPU0 to its end, then CPU1 (5 states, 4 steps).
 */
static const char *barriers =
	"FLUSH barriers\n"
	"machine = cortex-a9\n"
	"prefetch = none\n"
	"dprefetch = none\n"
	"{ page P = old; kernel K = P; }\n"
	" P0  | P1  ;\n"
	" dsb | dsb ;\n"
	" isb | isb ;\n";

static void por_barrier_counts(void **state)
{
	struct loaded l;
	struct result a, b;

	(void)state;
	must_load(&l, barriers);
	run_reduced(l.p, 0, &a);
	run_reduced(l.p, REDUCE_POR, &b);
	assert_int_equal(a.stats.states, 9);
	assert_int_equal(a.stats.transitions, 12);
	assert_int_equal(b.reduced, REDUCE_POR);
	assert_int_equal(b.stats.states, 5);
	assert_int_equal(b.stats.transitions, 4);
	check_free(&a);
	check_free(&b);
	arena_free(&l.a);
}

/*
 * The seed race under spec + por, states as in spec_seed_counts: only in
 * S5 (PTE present, no dirty line left, the writer done) is the fetch free
 * of interference, and there it is the only step anyway.  Before, the
 * dirty line's write-back and the PTE write conflict with it.  So nothing
 * is cut: 8 states, 9 transitions, and the same 3-step counterexample.
 */
static void por_seed_counts(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l, seed);
	run_reduced(l.p, REDUCE_SPEC | REDUCE_POR, &r);
	assert_int_equal(r.stats.states, 8);
	assert_int_equal(r.stats.transitions, 9);
	assert_int_equal(r.violated, 1u << OR_STALE_FETCH);
	assert_int_equal(r.noutcomes, 2);
	assert_int_equal(r.traces[0].nsteps, 3);
	check_free(&r);
	arena_free(&l.a);
}

/*
 * The family with three CPUs (two fetchers): the same results as the
 * plain search, with fewer states, under por alone and with the others.
 */
static void por_matches_plain(void **state)
{
	(void)state;
	assert_same_results_under(family3, REDUCE_SPEC | REDUCE_POR);
	assert_same_results_under(family3, REDUCE_ALL);
	assert_same_results_under(barriers, REDUCE_POR);
}

/*
 * A clean D-line can be evicted at any time, and then a load misses and
 * sees what memory holds.  A load is not taken alone while its line sits
 * in the cache.  By hand (D = CPU0's copy of K, mem = memory):
 *   S0  start                      -> ld = old: S1
 *   S1  D old                      -> dma: S2; evict: S3
 *   S2  D old, mem new             -> ld hit = old: S5; evict: S4
 *   S3  empty                      -> dma: S4
 *   S4  mem new                    -> ld miss = new: S6
 *   S5, S6 final, D present        -> evict: S7, S8
 * 9 states, 9 transitions with or without the reduction: in S2 the
 * eviction must stay (taking the load alone there would drop one
 * transition, though S4 is still reached through S3), and elsewhere
 * there is nothing to cut.
 */
static void por_keeps_clean_eviction(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l,
		"FLUSH clean-evict\n"
		"machine = cortex-a9\n"
		"prefetch = none\n"
		"dprefetch = none\n"
		"{ page P = old; kernel K = P; }\n"
		" P0                ;\n"
		" r0 = ld K         ;\n"
		" dma.write P = new ;\n"
		" r1 = ld K         ;\n"
		"exists (P0:r1 = old)\n");
	run_reduced(l.p, REDUCE_POR, &r);
	assert_int_equal(r.reduced, REDUCE_POR);
	assert_int_equal(r.stats.states, 9);
	assert_int_equal(r.stats.transitions, 9);
	assert_int_equal(r.npos, 1);	/* r1 = old: the hit */
	assert_int_equal(r.nneg, 1);	/* r1 = new: evicted, then a miss */
	check_free(&r);
	arena_free(&l.a);
}

/*
 * A PTE write and a fetch through that mapping are dependent, and so are
 * a fetch and the write-back of the line it fetches: in the buggy order
 * (pte.set before the clean) the stale fetch is still found.
 */
static void por_finds_seed_race(void **state)
{
	struct loaded l;
	struct result r;

	(void)state;
	must_load(&l, family3);
	run_reduced(l.p, REDUCE_POR, &r);
	assert_true(r.violated & (1u << OR_STALE_FETCH));
	assert_true(r.ntraces >= 1 && r.traces[0].nsteps > 0);
	check_free(&r);
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec_seed_counts),
		cmocka_unit_test(spec_seed_matches_plain),
		cmocka_unit_test(spec_without_prefetch),
		cmocka_unit_test(spec_mapping_goes_away),
		cmocka_unit_test(spec_invalidate_empties),
		cmocka_unit_test(spec_off_for_dcache_fills),
		cmocka_unit_test(symmetry_matches_plain),
		cmocka_unit_test(symmetry_trace_keeps_columns),
		cmocka_unit_test(symmetry_classes),
		cmocka_unit_test(symmetry_canonical_form),
		cmocka_unit_test(por_barrier_counts),
		cmocka_unit_test(por_seed_counts),
		cmocka_unit_test(por_matches_plain),
		cmocka_unit_test(por_keeps_clean_eviction),
		cmocka_unit_test(por_finds_seed_race),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
