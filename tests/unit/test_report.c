/* SPDX-License-Identifier: MIT */
/*
 * test_report.c - the text report (src/report/text.c): a counterexample
 * that begins with a whole earlier table says so in one row instead of
 * repeating it.
 */
#include "helpers.h"

#include <stdlib.h>

#include "report/report.h"

/*
 * CPU1 stores new through the kernel mapping (dirty in its D-cache) and
 * makes U present; CPU0 fetches through U from memory: old.  The stale
 * fetch is step 3, and it is also the last step, so the bad outcome's
 * witness is the same 3 steps.
 */
#define SEED								\
	"FLUSH t\nmachine = cortex-a9\n"				\
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n" \
	" P0          | P1        ;\n"					\
	"             | st K = new ;\n"					\
	"             | pte.set U  ;\n"					\
	" r0 = exec U |            ;\n"

static char *report_of(const char *src, struct result *r)
{
	struct report_opts o = { 0 };
	struct loaded l;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	must_load(&l, src);
	run_plain(l.p, r);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	report_text(f, r, &o);
	fclose(f);
	check_free(r);
	arena_free(&l.a);
	return text;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The bad outcome's table is the stale fetch's: one row points to it. */
static void shared_table_printed_once(void **state)
{
	struct result r;
	char *text;

	(void)state;
	text = report_of(SEED "bug exists (P0:r0 = old)\n", &r);
	assert_non_null(strstr(text, "Violation stale-fetch\n"));
	assert_non_null(strstr(text, "Violation bad-outcome\n"));
	assert_non_null(strstr(text, "  1-3 | as in the stale-fetch table above\n"));
	/* the stale fetch's row is printed once, in the first table */
	assert_int_equal(count(text, "r0 = exec U = old  <- stale"), 1);
	assert_int_equal(count(text, "    1 |"), 1);
	free(text);
}

/* With one counterexample there is nothing to point to. */
static void single_table_in_full(void **state)
{
	struct result r;
	char *text;

	(void)state;
	text = report_of(SEED "exists (P0:r0 = old)\n", &r);
	assert_null(strstr(text, "as in the"));
	assert_int_equal(count(text, "r0 = exec U = old  <- stale"), 1);
	assert_int_equal(count(text, "    3 |"), 1);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shared_table_printed_once),
		cmocka_unit_test(single_table_in_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
