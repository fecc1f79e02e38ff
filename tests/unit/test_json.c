/* SPDX-License-Identifier: MIT */
/*
 * test_json.c - the JSON records of docs/json.md (src/report/json.c,
 * matrix_json() in matrix.c): a run's "passed" is what the text Summary
 * counts (result_passed(), src/check/check.c), its verdict is an array,
 * an input error is an "error" record, and the matrix is one "matrix"
 * record with a null cell where a scenario did not run.
 */
#include "helpers.h"

#include <stdlib.h>

#include "report/report.h"

/*
 * CPU1 stores new through the kernel mapping (dirty in its D-cache) and
 * makes U present; CPU0 fetches through U from memory: old, a stale
 * fetch (test_report.c's scenario).
 */
#define SEED								\
	"FLUSH t\nmachine = cortex-a9\n"				\
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n" \
	" P0          | P1        ;\n"					\
	"             | st K = new ;\n"					\
	"             | pte.set U  ;\n"					\
	" r0 = exec U |            ;\n"					\
	"exists (P0:r0 = old)\n"

/* One CPU stores through the kernel mapping: nothing can go stale. */
#define QUIET_BODY							\
	"machine = cortex-a9\n"						\
	"{ page P = old; kernel K = P; }\n"				\
	" P0 ;\n st K = new ;\n"
#define QUIET "FLUSH t2\n" QUIET_BODY

/* The run's record under `policy`, with at most max_states states. */
static char *json_of(const char *src, const char *policy,
		     uint64_t max_states, struct result *r)
{
	struct search_limits lim = { 0 };
	struct loaded l;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	lim.max_states = max_states;
	must_load(&l, src);
	assert_int_equal(check_run(l.p, policy, &lim, r), 0);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	report_json(f, r);
	fclose(f);
	check_free(r);
	arena_free(&l.a);
	return text;
}

static void has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no %s in %s", want, text);
}

/* The expect line holds: passed, and the verdict is an array. */
static void run_passed(void **state)
{
	struct result r;
	char *j;

	(void)state;
	j = json_of(SEED "expect generic: stale-fetch Sometimes\n", "generic",
		    0, &r);
	assert_int_equal(strncmp(j, "{\"type\":\"run\",\"version\":2,"
				 "\"test\":\"t\",", 36), 0);
	has(j, "\"verdict\":[\"stale-fetch\"],\"passed\":true,\"complete\":true,");
	has(j, "\"expects\":[{\"policy\":\"generic\",\"words\":\"stale-fetch "
	       "Sometimes\",\"result\":\"ok\"}]}\n");
	assert_int_equal(r.failed, 0);
	free(j);
}

/* The expect line is contradicted: not passed. */
static void run_failed_expect(void **state)
{
	struct result r;
	char *j;

	(void)state;
	j = json_of(SEED "expect generic: ok Never\n", "generic", 0, &r);
	has(j, "\"verdict\":[\"stale-fetch\"],\"passed\":false,");
	has(j, "\"result\":\"FAILED\"}]}\n");
	free(j);
}

/*
 * No expect line applies: a violation fails the run (the policy of a
 * user's own, judged by no expect line), none passes it.
 */
static void run_without_expects(void **state)
{
	struct result r;
	char *j;

	(void)state;
	j = json_of(SEED "expect x86: stale-fetch Sometimes\n", "generic", 0, &r);
	assert_int_equal(r.nexp, 0);
	has(j, "\"verdict\":[\"stale-fetch\"],\"passed\":false,");
	has(j, "\"expects\":[]}\n");
	free(j);
	j = json_of(QUIET, "generic", 0, &r);
	has(j, "\"verdict\":[\"ok\"],\"passed\":true,");
	free(j);
}

/*
 * A limit stops the search before the stale fetch (3 steps, so past 2
 * states): the expect line cannot be judged, so the run did not pass,
 * though none FAILED.  The rule's other half: drop "!r->incomplete" from
 * result_passed() and this fails.
 */
static void run_incomplete(void **state)
{
	struct result r;
	char *j;

	(void)state;
	j = json_of(SEED "expect generic: stale-fetch Sometimes\n", "generic",
		    2, &r);
	has(j, "\"verdict\":[\"incomplete\"],\"passed\":false,\"complete\":false,"
	       "\"stopped_by\":\"max-states\",\"states\":2,");
	has(j, "\"result\":\"incomplete\"}]}\n");
	free(j);
}

/* result_passed() alone, on the fields it reads. */
static void passed_rule(void **state)
{
	struct result r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_true(result_passed(&r));
	r.failed = 1;
	assert_false(result_passed(&r));
	r.failed = 0;
	r.incomplete = 1;
	assert_false(result_passed(&r));
	/* a violation that an expect line expects passes */
	r.incomplete = 0;
	r.violated = 1u << OR_STALE_FETCH;
	r.nexp = 1;
	assert_true(result_passed(&r));
}

static char *error_of(const char *file, int line, int col, const char *pol,
		      const char *msg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	report_json_error(f, file, line, col, pol, msg);
	fclose(f);
	return text;
}

/* Every key is there; null for what the error does not have. */
static void error_records(void **state)
{
	char *j;

	(void)state;
	j = error_of(NULL, 0, 0, NULL, "unknown option '--x'");
	assert_string_equal(j, "{\"type\":\"error\",\"version\":2,\"file\":null,"
			    "\"line\":null,\"column\":null,\"policy\":null,"
			    "\"message\":\"unknown option '--x'\",\"exit\":2}\n");
	free(j);
	/* a file without a place: no column either */
	j = error_of("d", 0, 5, NULL, "m");
	has(j, "\"file\":\"d\",\"line\":null,\"column\":null,");
	free(j);
	j = error_of("a\"b.flush", 3, 7, "arm64", "bad\001\377");
	assert_string_equal(j, "{\"type\":\"error\",\"version\":2,"
			    "\"file\":\"a\\\"b.flush\",\"line\":3,\"column\":7,"
			    "\"policy\":\"arm64\",\"message\":\"bad\\u0001\\ufffd\","
			    "\"exit\":2}\n");
	free(j);
}

static void add_run(struct matrix *mx, const char *src, const char *policy,
		    uint64_t max_states)
{
	struct search_limits lim = { 0 };
	struct loaded l;
	struct result r;

	lim.max_states = max_states;
	must_load(&l, src);
	assert_int_equal(check_run(l.p, policy, &lim, &r), 0);
	matrix_add(mx, &r);
	check_free(&r);
	arena_free(&l.a);
}

/*
 * Two scenarios, two policies; t2 never ran under "other": its cell is
 * null.  t under generic fails its expect line (! and failed), under
 * "other" no expect line applies (expected false) and it fails too.  t10
 * came before t2 but comes after it, in the table's natural order.
 */
static void matrix_record(void **state)
{
	struct matrix *mx = matrix_new();
	char *j = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(mx);
	add_run(mx, SEED "expect generic: ok Never\n", "generic", 0);
	add_run(mx, SEED "expect generic: ok Never\n", "other", 0);
	add_run(mx, "FLUSH t10\n" QUIET_BODY, "generic", 0);
	add_run(mx, QUIET "expect generic: ok\n", "generic", 0);
	f = open_memstream(&j, &len);
	assert_non_null(f);
	matrix_json(f, mx);
	fclose(f);
	matrix_free(mx);
	has(j, "{\"type\":\"matrix\",\"version\":2,\"columns\":[\"generic\","
	       "\"other\"],\"rows\":[{\"scenario\":\"t\",\"cells\":[");
	has(j, "{\"policy\":\"generic\",\"code\":\"SF/S!\",\"words\":"
	       "\"stale-fetch Sometimes !\",\"verdict\":[\"stale-fetch\"],"
	       "\"observation\":\"Sometimes\",\"complete\":true,\"expected\":true,"
	       "\"failed\":true,\"passed\":false}");
	has(j, "{\"policy\":\"other\",\"code\":\"SF/S!\",\"words\":"
	       "\"stale-fetch Sometimes !\",\"verdict\":[\"stale-fetch\"],"
	       "\"observation\":\"Sometimes\",\"complete\":true,\"expected\":false,"
	       "\"failed\":true,\"passed\":false}]}");
	has(j, "{\"scenario\":\"t2\",\"cells\":[{\"policy\":\"generic\",\"code\":"
	       "\"ok\",\"words\":\"ok\",\"verdict\":[\"ok\"],\"observation\":null,"
	       "\"complete\":true,\"expected\":true,\"failed\":false,"
	       "\"passed\":true},null]},{\"scenario\":\"t10\",");
	has(j, "\"codes\":{\"SF\":\"stale-fetch\",");
	/* one line */
	assert_ptr_equal(strchr(j, '\n'), j + len - 1);
	free(j);
}

/*
 * --differ: only the rows whose cells do not all say the same, the !
 * aside.  t stopped at 2 states under "b" (?) differs from its complete
 * run under "a"; t2 says ok under both.
 */
static void matrix_differ(void **state)
{
	struct matrix *mx = matrix_new();
	char *j = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(mx);
	add_run(mx, SEED, "a", 0);
	add_run(mx, SEED, "b", 2);
	add_run(mx, QUIET, "a", 0);
	add_run(mx, QUIET, "b", 0);
	matrix_only_differing(mx);
	f = open_memstream(&j, &len);
	assert_non_null(f);
	matrix_json(f, mx);
	fclose(f);
	matrix_free(mx);
	has(j, "\"rows\":[{\"scenario\":\"t\",\"cells\":[{\"policy\":\"a\","
	       "\"code\":\"SF/S!\",");
	has(j, "{\"policy\":\"b\",\"code\":\"?\",");
	assert_null(strstr(j, "\"t2\""));
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_passed),
		cmocka_unit_test(run_failed_expect),
		cmocka_unit_test(run_without_expects),
		cmocka_unit_test(run_incomplete),
		cmocka_unit_test(passed_rule),
		cmocka_unit_test(error_records),
		cmocka_unit_test(matrix_record),
		cmocka_unit_test(matrix_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
