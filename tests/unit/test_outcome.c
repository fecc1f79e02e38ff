/* SPDX-License-Identifier: MIT */
/*
 * test_outcome.c - `bug exists`: the outcome a scenario fears, judged as
 * the violation bad-outcome (src/check/check.c, docs/scenarios.md 2.5).
 *
 * herd's `exists` only says whether an outcome can happen.  With the
 * marker `bug`, each final state that satisfies the proposition is also a
 * violation, found by the search like a deadlock (a property of a state),
 * with the shortest path to it as its trace.  The state spaces here are
 * counted by hand; each test fails if the rule it names is removed.
 */
#include "helpers.h"

#include <stdlib.h>

#define OR(x) (1u << (x))

#define QUIET_UP \
	"machine = cortex-a9\ncpus = 1\nprefetch = none\ndprefetch = none\n"

/*
 * One CPU stores, then loads its own line.  States (pc, D-line, memory,
 * r0):
 *   S0 (0, -,         old, 0)   -st->    S1
 *   S1 (1, new dirty, old, 0)   -ld->    S2,  -evict-> S3
 *   S2 (2, new dirty, old, new) -evict-> S5
 *   S3 (1, -,         new, 0)   -ld->    S4
 *   S4 (2, new,       new, new) -evict-> S5
 *   S5 (2, -,         new, new)
 * 6 states, 6 transitions.  The final states S2, S4 and S5 all have
 * r0 = new; the nearest, S2, is two steps from S0: st, ld.
 */
#define STORE_LOAD(cond) \
	"FLUSH t\n" QUIET_UP \
	"{ page P = old; kernel K = P; }\n" \
	" P0 ;\n st K = new ;\n r0 = ld K ;\n" cond "\n"

static void run(const char *src, struct loaded *l, struct result *r)
{
	must_load(l, src);
	run_plain(l->p, r);
	assert_false(r->incomplete);
}

/* Reachable: a violation, with the shortest path and the outcome. */
static void bug_reachable_is_violation(void **st)
{
	struct loaded l;
	struct result r;
	const struct trace *t;

	(void)st;
	run(STORE_LOAD("bug exists (P0:r0 = new)"), &l, &r);
	assert_int_equal(r.stats.states, 6);
	assert_int_equal(r.stats.transitions, 6);
	assert_int_equal(r.violated, OR(OR_BAD_OUTCOME));
	assert_int_equal(r.ntraces, 1);
	t = &r.traces[0];
	assert_int_equal(t->oracle, OR_BAD_OUTCOME);
	assert_int_equal(t->nsteps, 2);
	assert_string_equal(t->steps[0].text, "st K = new");
	assert_non_null(strstr(t->steps[1].text, "r0 = ld K = new"));
	assert_true(t->has_outcome);
	assert_string_equal(l.p->labels[t->outcome[0]], "new");
	/* herd's side is that of `exists` */
	assert_true(r.cond_holds);
	assert_int_equal(result_observation(&r), OBS_ALWAYS);
	check_free(&r);
	arena_free(&l.a);
}

/* Not reachable: the same 6 states, no violation, no trace. */
static void bug_unreachable_is_ok(void **st)
{
	struct loaded l;
	struct result r;

	(void)st;
	run(STORE_LOAD("bug exists (P0:r0 = old)"), &l, &r);
	assert_int_equal(r.stats.states, 6);
	assert_int_equal(r.violated, 0);
	assert_int_equal(r.ntraces, 0);
	assert_int_equal(result_observation(&r), OBS_NEVER);
	check_free(&r);
	arena_free(&l.a);
}

/* Without the marker, `exists` keeps herd's meaning: no violation. */
static void plain_exists_is_no_violation(void **st)
{
	struct loaded l;
	struct result r;

	(void)st;
	run(STORE_LOAD("exists (P0:r0 = new)"), &l, &r);
	assert_false(l.p->cond_bug);
	assert_int_equal(r.violated, 0);
	assert_true(r.cond_holds);
	check_free(&r);
	arena_free(&l.a);
}

/*
 * Only final states count.  r0 holds the label 0 in S0 and S1, before
 * the load; every final state has r0 = new.  Judging states before the
 * threads end would find S0 at once.
 */
static void only_final_states(void **st)
{
	struct loaded l;
	struct result r;

	(void)st;
	run(STORE_LOAD("bug exists (P0:r0 = 0)"), &l, &r);
	assert_int_equal(r.violated, 0);
	assert_int_equal(r.npos, 0);
	check_free(&r);
	arena_free(&l.a);
}

/*
 * Memory as the bug: S2 is final with memory still old (the new value is
 * dirty in the cache).  Shortest: st, ld.  Some final states do not
 * satisfy it (S4, S5): Sometimes.
 */
static void bug_on_memory(void **st)
{
	struct loaded l;
	struct result r;

	(void)st;
	run(STORE_LOAD("bug exists ([P] = old)"), &l, &r);
	assert_int_equal(r.violated, OR(OR_BAD_OUTCOME));
	assert_int_equal(r.traces[0].nsteps, 2);
	assert_int_equal(result_observation(&r), OBS_SOMETIMES);
	check_free(&r);
	arena_free(&l.a);
}

/* `check` selects the hardware oracles; the condition's bug stays. */
static void check_none_keeps_bug(void **st)
{
	struct loaded l;
	struct result r;

	(void)st;
	run(STORE_LOAD("bug exists (P0:r0 = new)\ncheck none"), &l, &r);
	assert_int_equal(l.p->check, OR(OR_BAD_OUTCOME));
	assert_int_equal(r.violated, OR(OR_BAD_OUTCOME));
	check_free(&r);
	arena_free(&l.a);
}

/* expect lines name bad-outcome like any oracle; `ok` excludes it. */
static void expect_lines_judge_it(void **st)
{
	struct loaded l;
	struct result r;

	(void)st;
	run(STORE_LOAD("bug exists (P0:r0 = new)\n"
		       "expect generic: bad-outcome Always\n"
		       "expect *: ok\n"), &l, &r);
	assert_int_equal(r.nexp, 2);
	assert_int_equal(r.exp[0].v, EXP_OK);
	assert_int_equal(r.exp[1].v, EXP_FAILED);
	assert_true(r.failed);
	check_free(&r);
	arena_free(&l.a);
}

/* Under every reduction the verdict and the trace's length stay. */
static void reduced_runs_agree(void **st)
{
	static const char *const src =
		"FLUSH t\nmachine = cortex-a9\nicache = pipt 32K 4\n"
		"dprefetch = none\nprefetch = exec\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0          | P1           ;\n"
		" r0 = exec U | st K = new   ;\n"
		"             | dc.clean K   ;\n"
		"             | pte.set U    ;\n"
		"bug exists (P0:r0 = old)\n"
		"check none\n";
	struct search_limits lim = { 0 };
	struct loaded l;
	struct result plain, red;

	(void)st;
	must_load(&l, src);
	run_plain(l.p, &plain);
	assert_int_equal(plain.violated, OR(OR_BAD_OUTCOME));
	assert_int_equal(check_run_reduced(l.p, "generic", &lim, REDUCE_ALL,
					   &red), 0);
	assert_true(red.reduced & REDUCE_SPEC);
	assert_int_equal(red.violated, OR(OR_BAD_OUTCOME));
	assert_int_equal(red.traces[0].confirm, CONFIRM_OK);
	assert_int_equal(red.traces[0].nsteps, plain.traces[0].nsteps);
	assert_true(red.traces[0].has_outcome);
	assert_string_equal(l.p->labels[red.traces[0].outcome[0]], "old");
	check_free(&plain);
	check_free(&red);
	arena_free(&l.a);
}

/* ---- syntax ---------------------------------------------------------- */

static void load_fails(const char *src, int line, int col, const char *msg)
{
	struct loaded l;

	load_src(&l, src);
	assert_null(l.p);
	assert_int_equal(l.d.line, line);
	assert_int_equal(l.d.col, col);
	assert_non_null(strstr(l.d.msg, msg));
	arena_free(&l.a);
}

#define HEAD "FLUSH t\n" QUIET_UP "{ page P = old; kernel K = P; }\n" \
	" P0 ;\n r0 = ld K ;\n"

static void syntax_errors(void **st)
{
	(void)st;
	load_fails(HEAD "bug forall (P0:r0 = old)\n", 9, 5, "only 'bug exists'");
	load_fails(HEAD "bug ~exists (P0:r0 = old)\n", 9, 5, "only 'bug exists'");
	/* bad-outcome without the marker could never be seen */
	load_fails(HEAD "exists (P0:r0 = old)\nexpect *: ok\n"
		   "expect generic: bad-outcome Sometimes\n", 11, 17,
		   "needs a 'bug exists'");
	load_fails(HEAD "check bad-outcome\n", 9, 7, "needs a 'bug exists'");
}

/* The marker may follow the expect lines that name bad-outcome. */
static void any_order(void **st)
{
	struct loaded l;

	(void)st;
	must_load(&l, HEAD "expect generic: bad-outcome\n"
		  "bug exists (P0:r0 = old)\n");
	assert_true(l.p->cond_bug);
	assert_int_equal(l.p->quant, Q_EXISTS);
	arena_free(&l.a);
}

/* A row that calls a function named bug() is still a row. */
static void bug_call_is_a_row(void **st)
{
	struct loaded l;

	(void)st;
	load_src(&l, "FLUSH t\n" QUIET_UP "{ page P = old; kernel K = P; }\n"
		 " P0 ;\n r0 = ld K ;\n bug(K) ;\n");
	/* the table took the row: the error is the unknown function */
	assert_null(l.p);
	assert_int_equal(l.d.line, 9);
	assert_null(strstr(l.d.msg, "exists"));
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bug_reachable_is_violation),
		cmocka_unit_test(bug_unreachable_is_ok),
		cmocka_unit_test(plain_exists_is_no_violation),
		cmocka_unit_test(only_final_states),
		cmocka_unit_test(bug_on_memory),
		cmocka_unit_test(check_none_keeps_bug),
		cmocka_unit_test(expect_lines_judge_it),
		cmocka_unit_test(reduced_runs_agree),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(any_order),
		cmocka_unit_test(bug_call_is_a_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
