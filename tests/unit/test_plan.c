/* SPDX-License-Identifier: MIT */
/*
 * test_plan.c - which policies a scenario runs under (check/plan.h), what
 * a policy name resolves to, and which front end reads a file
 * (lang/frontend.h).
 */
#include "helpers.h"

#include "check/plan.h"
#include "lang/frontend.h"

#define TABLE \
	"{ page P = old; user U = P @ 0x8000 rx; }\n" \
	" P0 ;\n" \
	" r0 = exec U ;\n"

static int plan_of(const char *src, const char *const *asked, int nasked,
		   const char **out, int max)
{
	struct loaded l;
	int n;

	must_load(&l, src);
	n = plan_policies(l.p, asked, nasked, out, max);
	/* the names point into the program: compare before it goes */
	for (int k = 0; k < n; k++)
		out[k] = strcmp(out[k], "arm64") == 0 ? "arm64"
		       : strcmp(out[k], "ppc") == 0 ? "ppc"
		       : strcmp(out[k], "mips") == 0 ? "mips"
		       : strcmp(out[k], "generic") == 0 ? "generic" : "?";
	arena_free(&l.a);
	return n;
}

/* Rule 3: no expect line names a policy, no `policy =`: generic alone. */
static void no_policy_named_runs_generic(void **state)
{
	const char *out[8];

	(void)state;
	assert_int_equal(plan_of("FLUSH t\n" TABLE, NULL, 0, out, 8), 1);
	assert_string_equal(out[0], "generic");
	/* `expect *` names none either */
	assert_int_equal(plan_of("FLUSH t\n" TABLE "expect *: ok\n", NULL, 0,
				 out, 8), 1);
	assert_string_equal(out[0], "generic");
}

/*
 * Rule 2: the expect lines' policies in order, each once, then `policy =`
 * unless already named: lines ppc, *, arm64, ppc and `policy = mips` give
 * ppc, arm64, mips (3, not 5).
 */
static void expect_lines_then_setting_each_once(void **state)
{
	const char *out[8];

	(void)state;
	assert_int_equal(plan_of("FLUSH t\npolicy = mips\n" TABLE
				 "expect ppc: ok\nexpect *: ok\n"
				 "expect arm64: ok\nexpect ppc: ok\n",
				 NULL, 0, out, 8), 3);
	assert_string_equal(out[0], "ppc");
	assert_string_equal(out[1], "arm64");
	assert_string_equal(out[2], "mips");
	/* the setting named by a line too: once, where the line put it */
	assert_int_equal(plan_of("FLUSH t\npolicy = arm64\n" TABLE
				 "expect ppc: ok\nexpect arm64: ok\n",
				 NULL, 0, out, 8), 2);
	assert_string_equal(out[0], "ppc");
	assert_string_equal(out[1], "arm64");
	/* out has room for max names only */
	assert_int_equal(plan_of("FLUSH t\npolicy = mips\n" TABLE
				 "expect ppc: ok\nexpect arm64: ok\n",
				 NULL, 0, out, 2), 2);
	assert_string_equal(out[1], "arm64");
}

/* Rule 1: policies asked for win over the file's, as asked, repeats too. */
static void asked_policies_win(void **state)
{
	const char *asked[] = { "mips", "arm64", "mips" };
	const char *out[8];

	(void)state;
	assert_int_equal(plan_of("FLUSH t\npolicy = ppc\n" TABLE
				 "expect ppc: ok\n", asked, 3, out, 8), 3);
	assert_string_equal(out[0], "mips");
	assert_string_equal(out[1], "arm64");
	assert_string_equal(out[2], "mips");
}

/* Names: a built-in policy, generic, and neither (the base files linux
 * and asm-generic are built-in texts but not policies). */
static void policy_names_resolve(void **state)
{
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct polset ps;

	(void)state;
	assert_int_equal(plan_polset(&a, "arm64", NULL, 0, &ps, &d), 0);
	assert_non_null(ps.policy);
	assert_string_equal(ps.policy->name, "arm64");
	/* generic is a built-in of its own (asm-generic's hooks) */
	assert_int_equal(plan_polset(&a, "generic", NULL, 0, &ps, &d), 0);
	assert_non_null(ps.policy);
	assert_string_equal(ps.policy->name, "generic");
	assert_int_equal(plan_polset(&a, "linux", NULL, 0, &ps, &d), -1);
	assert_non_null(strstr(d.msg, "unknown policy 'linux'"));
	assert_int_equal(plan_polset(&a, "asm-generic", NULL, 0, &ps, &d), -1);
	assert_int_equal(plan_polset(&a, "no-such", NULL, 0, &ps, &d), -1);
	assert_int_equal(d.line, 0);
	arena_free(&a);
}

/* A user's policy file answers to its header's name, before a built-in. */
static void user_policy_before_builtin(void **state)
{
	static const char text[] = "POLICY arm64\n\"mine\"\n"
				   "flush_dcache_page(p) { }\n";
	struct plan_user_policy u = { "arm64", "mine.pol", text };
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct polset ps;

	(void)state;
	assert_int_equal(plan_polset(&a, "arm64", &u, 1, &ps, &d), 0);
	assert_non_null(ps.policy);
	assert_string_equal(ps.policy->file, "mine.pol");
	/* a name-only entry (a built-in asked by name) has no text */
	u.text = NULL;
	assert_int_equal(plan_polset(&a, "arm64", &u, 1, &ps, &d), 0);
	assert_ptr_not_equal(ps.policy->file, NULL);
	assert_string_not_equal(ps.policy->file, "mine.pol");
	arena_free(&a);
}

/*
 * plan_policy_known() says what plan_polset() would resolve, without
 * loading; plan_named_at() finds the expect line (or the `policy =`
 * setting) that names a policy, for the error's position.
 */
static void policy_known_and_where_named(void **state)
{
	static const char text[] = "POLICY mine\n\"mine\"\n";
	struct plan_user_policy u = { "mine", "mine.pol", text };
	struct loaded l;
	int col = -1;

	(void)state;
	assert_true(plan_policy_known("arm64", NULL, 0));
	assert_true(plan_policy_known("generic", NULL, 0));
	assert_false(plan_policy_known("linux", NULL, 0));
	assert_false(plan_policy_known("asm-generic", NULL, 0));
	assert_false(plan_policy_known("mine", NULL, 0));
	assert_true(plan_policy_known("mine", &u, 1));
	u.text = NULL;		/* asked by name only: not a file */
	assert_false(plan_policy_known("mine", &u, 1));

	must_load(&l, "FLUSH t\npolicy = mips\n" TABLE
		  "expect *: ok\nexpect  ppc: ok\n");
	assert_int_equal(plan_named_at(l.p, "ppc", &col), 7);
	assert_int_equal(col, 9);
	assert_int_equal(plan_named_at(l.p, "mips", &col), 2);
	assert_int_equal(col, 10);
	assert_int_equal(plan_named_at(l.p, "arm64", &col), 0);
	arena_free(&l.a);
}

/* The front end by file ending; an unclaimed ending is none, but loads as
 * .flush when named. */
static void frontend_by_ending(void **state)
{
	struct arena a = { 0 };
	struct diag d = { 0 };
	const struct frontend *fe = frontend_for("dir/k1-seed.flush");

	(void)state;
	assert_non_null(fe);
	assert_string_equal(fe->ext, ".flush");
	assert_ptr_equal(fe->load, scenario_load);
	assert_ptr_equal(frontend_at(0), fe);
	assert_string_equal(frontend_at(1)->ext, ".litmus");
	assert_ptr_equal(frontend_for("T.litmus"), frontend_at(1));
	assert_null(frontend_at(2));
	assert_null(frontend_at(-1));
	assert_null(frontend_for("k1-seed.flush.orig"));
	assert_null(frontend_for("notes.txt"));
	assert_null(frontend_for("flush"));
	assert_non_null(frontend_load(&a, "named.txt", "FLUSH t\n" TABLE, NULL,
				      NULL, &d));
	assert_null(frontend_load(&a, "bad.flush", "FLUSH t\n{", NULL, NULL,
				  &d));
	assert_int_equal(d.line, 2);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_policy_named_runs_generic),
		cmocka_unit_test(expect_lines_then_setting_each_once),
		cmocka_unit_test(asked_policies_win),
		cmocka_unit_test(policy_names_resolve),
		cmocka_unit_test(user_policy_before_builtin),
		cmocka_unit_test(policy_known_and_where_named),
		cmocka_unit_test(frontend_by_ending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
