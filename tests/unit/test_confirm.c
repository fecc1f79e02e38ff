/* SPDX-License-Identifier: MIT */
/*
 * test_confirm.c - reduced counterexamples found again in the plain model
 * (src/check/confirm.h).
 *
 * A reduced run's counterexample is searched for in the plain model: the
 * same thread steps, any hardware steps in between, the same violation.
 * Found, the table becomes the plain model's path, with the prefetches a
 * kernel developer must see.  A trace the plain model does not have (here
 * made by hand: a step dropped, or a last step that violates nothing)
 * must come out unsound, never confirmed.
 */
#include "helpers.h"

#include <stdlib.h>

#include "check/confirm.h"

/* A catalogue file, read from the source tree (make runs from its top). */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("%s: cannot open (run from the top of the tree)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

struct pl {
	struct arena a;
	struct polset ps;
	struct diag d;
	struct program *p;
	char *src;
};

/* The file compiled against a built-in policy ("generic": asm-generic). */
static void load_file(struct pl *l, const char *path, const char *policy)
{
	memset(l, 0, sizeof *l);
	if (polset_load(&l->a, &l->ps, strcmp(policy, "generic") ? policy : NULL,
			NULL, NULL, &l->d))
		fail_msg("policy %s: %s", policy, l->d.msg);
	l->src = read_file(path);
	l->p = scenario_load(&l->a, path, l->src, NULL, &l->ps, &l->d);
	if (!l->p)
		fail_msg("%s:%d:%d: %s", path, l->d.line, l->d.col, l->d.msg);
}

static void unload(struct pl *l)
{
	arena_free(&l->a);
	free(l->src);
}

static int has(const struct step_note *s, const char *what)
{
	return strstr(s->text, what) != NULL;
}

/*
 * The seed race of 2010 under the policy that had it, reduced.  The
 * shortest plain path needs no prefetch: CPU1's store is still dirty in
 * its D-cache, so the fetch misses and memory still holds old.  The
 * confirmed trace is the plain model's, and it ends with the stale fetch.
 */
static void seed_confirmed(void **state)
{
	struct search_limits lim = { 0 };
	struct pl l;
	struct result r, plain;

	(void)state;
	load_file(&l, "scenarios/kernel/k1-seed.flush", "arm-2.6.33");
	assert_int_equal(check_run_reduced(l.p, "arm-2.6.33", &lim, REDUCE_SPEC,
					   &r), 0);
	assert_int_equal(r.reduced, REDUCE_SPEC);
	/* the stale fetch, then the outcome its `bug exists` fears */
	assert_int_equal(r.ntraces, 2);
	assert_int_equal(r.traces[0].oracle, OR_STALE_FETCH);
	assert_int_equal(r.traces[0].confirm, CONFIRM_OK);
	assert_true(r.traces[0].confirm_states > 0);
	assert_int_equal(r.traces[1].oracle, OR_BAD_OUTCOME);
	assert_int_equal(r.traces[1].confirm, CONFIRM_OK);
	assert_true(r.traces[1].has_outcome);

	const struct trace *t = &r.traces[0];
	const struct step_note *last = &t->steps[t->nsteps - 1];

	assert_true(last->thread_op);
	assert_int_equal(last->agent, 0);
	assert_true(has(last, "exec U = old"));
	assert_true(has(last, "<- stale"));
	/* as short as the plain search's own */
	assert_int_equal(check_run(l.p, "arm-2.6.33", &lim, &plain), 0);
	assert_int_equal(plain.traces[0].confirm, CONFIRM_NONE);
	assert_int_equal(t->nsteps, plain.traces[0].nsteps);
	check_free(&plain);
	check_free(&r);
	unload(&l);
}

/*
 * The seed race under every reduction, as flushcheck runs it by default.
 * Partial-order reduction takes CPU1's update_mmu_cache (it clears
 * dcache_dirty: nothing else reads it) before CPU0's fetch, so the
 * confirmed trace has 8 steps where the plain search's shortest has 7:
 * a real trace, not a shortest one.  --shortest searches the plain model
 * breadth-first and gives the 7 steps, marked SHORTEST_YES.  (fault()
 * takes the page lock: one step more than before kernel/linux.pol did.)
 */
static void seed_shortest(void **state)
{
	struct search_limits lim = { 0 };
	struct pl l;
	struct result r, s, plain;

	(void)state;
	load_file(&l, "scenarios/kernel/k1-seed.flush", "arm-2.6.33");
	assert_int_equal(check_run(l.p, "arm-2.6.33", &lim, &plain), 0);
	assert_int_equal(plain.traces[0].nsteps, 7);
	assert_int_equal(plain.traces[0].shortest, SHORTEST_YES);
	assert_int_equal(plain.traces[0].shortest_states, 0);

	assert_int_equal(check_run_opts(l.p, "arm-2.6.33", &lim, REDUCE_ALL, 0,
					&r), 0);
	assert_int_equal(r.traces[0].confirm, CONFIRM_OK);
	assert_int_equal(r.traces[0].nsteps, 8);
	assert_int_equal(r.traces[0].shortest, SHORTEST_UNKNOWN);

	assert_int_equal(check_run_opts(l.p, "arm-2.6.33", &lim, REDUCE_ALL, 1,
					&s), 0);
	assert_int_equal(s.traces[0].confirm, CONFIRM_OK);
	assert_int_equal(s.traces[0].shortest, SHORTEST_YES);
	assert_true(s.traces[0].shortest_states > 0);
	assert_int_equal(s.traces[0].nsteps, 7);
	assert_true(has(&s.traces[0].steps[6], "exec U = old"));

	/* depth-first plain runs are not shortest either: --shortest mends */
	lim.dfs = 1;
	check_free(&s);
	assert_int_equal(check_run_opts(l.p, "arm-2.6.33", &lim, 0, 1, &s), 0);
	assert_int_equal(s.traces[0].shortest, SHORTEST_YES);
	assert_int_equal(s.traces[0].nsteps, 7);

	/* a limit (49 states for the run, 193 to confirm, 149 for the
	 * shortest) stops both searches: the reduced model's trace stays */
	lim.dfs = 0;
	lim.max_states = 60;
	check_free(&s);
	assert_int_equal(check_run_opts(l.p, "arm-2.6.33", &lim, REDUCE_ALL, 1,
					&s), 0);
	assert_false(s.incomplete);
	assert_int_equal(s.traces[0].confirm, CONFIRM_CAPPED);
	assert_int_equal(s.traces[0].shortest, SHORTEST_CAPPED);
	assert_int_equal(s.traces[0].shortest_stop, STOP_STATES);
	assert_int_equal(s.traces[0].nsteps, 8);
	check_free(&s);
	check_free(&r);
	check_free(&plain);
	unload(&l);
}

/*
 * ARM11MPCore, maintenance local to the writer: CPU0 prefetched the old
 * text through the kernel's rwx linear map before CPU1's store.  The
 * reduced trace has no fill step (the I-line is a set of versions); the
 * confirmed one shows it on CPU0 before the clean, then the stale hit.
 */
static void prefetch_shown(void **state)
{
	struct search_limits lim = { 0 };
	struct pl l;
	struct result r;
	int fill = -1, clean = -1;

	(void)state;
	load_file(&l, "scenarios/isa/spec-ifill-local.flush", "generic");
	assert_int_equal(check_run_reduced(l.p, "generic", &lim, REDUCE_SPEC,
					   &r), 0);
	assert_int_equal(r.ntraces, 2);		/* and bad-outcome */

	const struct trace *t = &r.traces[0];

	assert_int_equal(t->confirm, CONFIRM_OK);
	for (int k = 0; k < t->nsteps; k++) {
		if (!t->steps[k].thread_op && has(&t->steps[k], "(spec I-fill"))
			fill = fill < 0 ? k : fill;
		if (has(&t->steps[k], "dc.clean K"))
			clean = k;
	}
	assert_true(fill >= 0);
	assert_int_equal(t->steps[fill].agent, 0);
	assert_true(fill < clean);
	assert_true(has(&t->steps[t->nsteps - 1], "exec U = old  <- stale"));
	assert_true(strstr(t->steps[t->nsteps - 1].detail, "I$ hit"));
	check_free(&r);
	unload(&l);
}

/* Symmetry: the trace replayed on real CPUs is confirmed, as long. */
static void symmetry_confirmed(void **state)
{
	static const char *const sets[] = { "cpus=4" };
	struct load_opts o = { .nsets = 1, .sets = sets };
	struct search_limits lim = { 0 };
	struct pl l;
	struct result r, plain;

	(void)state;
	memset(&l, 0, sizeof l);
	polset_load(&l.a, &l.ps, NULL, NULL, NULL, &l.d);
	l.src = read_file("scenarios/isa/spec-ifill-local.flush");
	l.p = scenario_load(&l.a, "x.flush", l.src, &o, &l.ps, &l.d);
	assert_non_null(l.p);
	assert_int_equal(check_run_reduced(l.p, "generic", &lim,
					   REDUCE_SYMMETRY, &r), 0);
	assert_int_equal(r.reduced, REDUCE_SYMMETRY);
	assert_int_equal(check_run(l.p, "generic", &lim, &plain), 0);
	assert_int_equal(r.traces[0].confirm, CONFIRM_OK);
	assert_int_equal(r.traces[0].nsteps, plain.traces[0].nsteps);
	check_free(&plain);
	check_free(&r);
	unload(&l);
}

/* ---- hand-made reduced traces ---------------------------------------- */

struct pick {
	const char *text;	/* the step wanted: its note's text begins so */
	uint8_t *next;
	size_t size;
	int found;
};

static void pick_emit(void *ctx, const uint8_t *next, unsigned viol,
		      const struct step_note *note)
{
	struct pick *pk = ctx;

	(void)viol;
	if (!pk->found && !strncmp(note->text, pk->text, strlen(pk->text))) {
		memcpy(pk->next, next, pk->size);
		pk->found = 1;
	}
}

/* The states of the path that takes these steps in model m. */
static uint8_t *path(const struct model *m, const char *const *steps, int n)
{
	size_t size = model_state_size(m);
	uint8_t *st = calloc((size_t)n + 1, size);

	assert_non_null(st);
	model_initial(m, st);
	for (int k = 0; k < n; k++) {
		struct pick pk = { steps[k], st + (size_t)(k + 1) * size, size, 0 };

		model_successors(m, st + (size_t)k * size, pick_emit, &pk, MODEL_NOTES);
		if (!pk.found)
			fail_msg("no step '%s' after step %d", steps[k], k);
	}
	return st;
}

/*
 * The seed race of test_reduce.c with a dc.clean before the pte.set: one
 * line, the kernel alias prefetches.
 */
static const char *seed =
	"FLUSH seed\n"
	"machine = cortex-a9\n"
	"icache = pipt 32K 4\n"
	"dprefetch = none\n"
	"prefetch = exec\n"
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
	" P0          | P1           ;\n"
	" r0 = exec U | st K = new   ;\n"
	"             | dc.clean K   ;\n"
	"             | pte.set U    ;\n"
	"exists (P0:r0 = old)\n";

static enum confirm_verdict confirm(const struct program *p,
				    const char *const *steps, int n, int oracle)
{
	struct model *m = model_new(p, REDUCE_SPEC, NULL, 0);
	struct search_limits lim = { 0 };
	struct trace t = { .oracle = oracle };
	uint8_t *st;

	assert_non_null(m);
	assert_true(model_symbolic(m));
	st = path(m, steps, n);
	confirm_trace(p, m, st, n, &lim, &t);
	if (t.confirm == CONFIRM_OK)
		assert_true(t.nsteps >= n);
	free(t.steps);
	free(st);
	model_free(m);
	return t.confirm;
}

/* The real trace: the line was prefetched before the store; confirmed. */
static void handmade_confirmed(void **state)
{
	static const char *const steps[] = { "st K", "dc.clean K", "pte.set U",
					     "r0 = exec U = old" };
	struct loaded l;

	(void)state;
	must_load(&l, seed);
	assert_int_equal(confirm(l.p, steps, 4, OR_STALE_FETCH), CONFIRM_OK);
	arena_free(&l.a);
}

/* One step dropped: no single plain step does the clean and the PTE. */
static void tampered_step_refuted(void **state)
{
	static const char *const full[] = { "st K", "dc.clean K", "pte.set U",
					    "r0 = exec U = old" };
	struct model *m;
	struct search_limits lim = { 0 };
	struct trace t = { .oracle = OR_STALE_FETCH };
	struct loaded l;
	uint8_t *st;
	size_t size;

	(void)state;
	must_load(&l, seed);
	m = model_new(l.p, REDUCE_SPEC, NULL, 0);
	size = model_state_size(m);
	st = path(m, full, 4);
	/* states 0 1 3 4: the step into state 2 (the clean) is gone */
	memmove(st + 2 * size, st + 3 * size, 2 * size);
	confirm_trace(l.p, m, st, 3, &lim, &t);
	assert_int_equal(t.confirm, CONFIRM_REFUTED);
	assert_null(t.steps);
	free(st);
	model_free(m);
	arena_free(&l.a);
}

/* A last step that violates nothing: the fetch sees new. */
static void tampered_value_refuted(void **state)
{
	static const char *const steps[] = { "st K", "dc.clean K", "pte.set U",
					     "r0 = exec U = new" };
	struct loaded l;

	(void)state;
	must_load(&l, seed);
	assert_int_equal(confirm(l.p, steps, 4, OR_STALE_FETCH),
			 CONFIRM_REFUTED);
	arena_free(&l.a);
}

/* The real steps, said to violate another oracle. */
static void tampered_oracle_refuted(void **state)
{
	static const char *const steps[] = { "st K", "dc.clean K", "pte.set U",
					     "r0 = exec U = old" };
	struct loaded l;

	(void)state;
	must_load(&l, seed);
	assert_int_equal(confirm(l.p, steps, 4, OR_STALE_LOAD),
			 CONFIRM_REFUTED);
	arena_free(&l.a);
}

/* A limit that stops the plain search: not confirmed, never ok. */
static void capped_not_confirmed(void **state)
{
	static const char *const steps[] = { "st K", "dc.clean K", "pte.set U",
					     "r0 = exec U = old" };
	struct model *m;
	struct search_limits lim = { .max_states = 3 };
	struct trace t = { .oracle = OR_STALE_FETCH };
	struct loaded l;
	uint8_t *st;

	(void)state;
	must_load(&l, seed);
	m = model_new(l.p, REDUCE_SPEC, NULL, 0);
	st = path(m, steps, 4);
	confirm_trace(l.p, m, st, 4, &lim, &t);
	assert_int_equal(t.confirm, CONFIRM_CAPPED);
	assert_int_equal(t.confirm_stop, STOP_STATES);
	assert_null(t.steps);
	/* no trace at all (too long to show): not confirmed either */
	confirm_trace(l.p, m, NULL, -1, &lim, &t);
	assert_int_equal(t.confirm, CONFIRM_CAPPED);
	free(st);
	model_free(m);
	arena_free(&l.a);
}

/*
 * bad-outcome, a violation by a final state: the seed race with its
 * condition marked `bug`.  The plain search judges the states it reaches
 * as the checker does (check_state_violations).
 */
/* out: the outcome's label, or "" when the trace has none */
static enum confirm_verdict confirm_bug(const char *const *steps, int n,
					char out[16])
{
	char src[1024];
	struct model *m;
	struct search_limits lim = { 0 };
	struct trace t = { .oracle = OR_BAD_OUTCOME };
	struct loaded l;
	uint8_t *st;
	enum confirm_verdict v;

	snprintf(src, sizeof src, "%.*sbug %s", (int)(strstr(seed, "exists") - seed),
		 seed, strstr(seed, "exists"));
	must_load(&l, src);
	assert_true(l.p->cond_bug);
	m = model_new(l.p, REDUCE_SPEC, NULL, 0);
	st = path(m, steps, n);
	confirm_trace(l.p, m, st, n, &lim, &t);
	v = t.confirm;
	snprintf(out, 16, "%s", t.has_outcome ? l.p->labels[t.outcome[0]] : "");
	free(t.steps);
	free(st);
	model_free(m);
	arena_free(&l.a);
	return v;
}

static void bad_outcome_confirmed(void **state)
{
	static const char *const real[] = { "st K", "dc.clean K", "pte.set U",
					    "r0 = exec U = old" };
	static const char *const good[] = { "st K", "dc.clean K", "pte.set U",
					    "r0 = exec U = new" };
	static const char *const early[] = { "st K", "dc.clean K" };
	char out[16];

	(void)state;
	assert_int_equal(confirm_bug(real, 4, out), CONFIRM_OK);
	assert_string_equal(out, "old");
	/* the final state holds new: not the bug */
	assert_int_equal(confirm_bug(good, 4, out), CONFIRM_REFUTED);
	assert_string_equal(out, "");
	/* threads not finished: no outcome at all */
	assert_int_equal(confirm_bug(early, 2, out), CONFIRM_REFUTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_confirmed),
		cmocka_unit_test(seed_shortest),
		cmocka_unit_test(prefetch_shown),
		cmocka_unit_test(symmetry_confirmed),
		cmocka_unit_test(handmade_confirmed),
		cmocka_unit_test(tampered_step_refuted),
		cmocka_unit_test(tampered_value_refuted),
		cmocka_unit_test(tampered_oracle_refuted),
		cmocka_unit_test(capped_not_confirmed),
		cmocka_unit_test(bad_outcome_confirmed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
