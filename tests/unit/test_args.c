/* SPDX-License-Identifier: MIT */
/*
 * test_args.c - the command line's quantities (src/cli/args.c): sizes in
 * powers of 1024, times in s/m/h/d, counts in powers of 1000, and what is
 * refused; and the wrapped lines of --list-machines and --list-policies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/args.h"

static double ok(const char *arg, enum quantity q)
{
	char err[160] = "";
	double v = -1;

	if (parse_quantity(arg, q, &v, err, sizeof err))
		fail_msg("'%s' refused: %s", arg, err);
	return v;
}

/* refused, with a message that contains `why` */
static void bad(const char *arg, enum quantity q, const char *why)
{
	char err[160] = "";
	double v = 12345;

	if (!parse_quantity(arg, q, &v, err, sizeof err))
		fail_msg("'%s' accepted as %g", arg, v);
	assert_non_null(strstr(err, why));
	assert_true(v == 12345);	/* *out untouched */
}

static void sizes_are_binary(void **state)
{
	(void)state;
	assert_true(ok("4096", Q_BYTES) == 4096);
	assert_true(ok("512M", Q_BYTES) == 512.0 * 1024 * 1024);
	assert_true(ok("1G", Q_BYTES) == 1024.0 * 1024 * 1024);
	assert_true(ok("1g", Q_BYTES) == 1024.0 * 1024 * 1024);
	assert_true(ok("1.5G", Q_BYTES) == 1.5 * 1024 * 1024 * 1024);
	assert_true(ok("64K", Q_BYTES) == 65536);
	assert_true(ok("64KiB", Q_BYTES) == 65536);
	assert_true(ok("2MB", Q_BYTES) == 2.0 * 1024 * 1024);
	assert_true(ok("1T", Q_BYTES) == 1024.0 * 1024 * 1024 * 1024);
	assert_true(ok("0", Q_BYTES) == 0);	/* the caller refuses it */
	bad("512X", Q_BYTES, "unknown suffix 'X'");
	bad("1s", Q_BYTES, "unknown suffix 's'");
	bad("1 G", Q_BYTES, "unknown suffix ' G'");
	bad("1GG", Q_BYTES, "unknown suffix 'GG'");
}

static void times_take_units(void **state)
{
	(void)state;
	assert_true(ok("90", Q_SECONDS) == 90);
	assert_true(ok("90s", Q_SECONDS) == 90);
	assert_true(ok("0.5s", Q_SECONDS) == 0.5);
	assert_true(ok("5m", Q_SECONDS) == 300);
	assert_true(ok("1h", Q_SECONDS) == 3600);
	assert_true(ok("2d", Q_SECONDS) == 172800);
	bad("5M", Q_SECONDS, "unknown suffix 'M'");	/* not minutes */
	bad("5min", Q_SECONDS, "unknown suffix 'min'");
	bad("1h30m", Q_SECONDS, "unknown suffix 'h30m'");
}

static void counts_are_decimal(void **state)
{
	(void)state;
	assert_true(ok("333", Q_COUNT) == 333);
	assert_true(ok("20k", Q_COUNT) == 20000);
	assert_true(ok("20K", Q_COUNT) == 20000);
	assert_true(ok("1M", Q_COUNT) == 1000000);
	assert_true(ok("1.5M", Q_COUNT) == 1500000);
	assert_true(ok("2G", Q_COUNT) == 2e9);
	bad("1.5", Q_COUNT, "not a whole number");
	bad("1m", Q_COUNT, "unknown suffix 'm'");	/* milli, or a typo */
	bad("1MiB", Q_COUNT, "unknown suffix 'MiB'");
}

/* what strtod would take and the command line must not */
static void only_plain_numbers(void **state)
{
	static const char *const refused[] = {
		"", "M", "-1", "+1", " 1", "1e3", "0x10", "inf", "nan",
		"1..5", ".", "1.2.3",
	};

	(void)state;
	for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
		for (int q = Q_BYTES; q <= Q_COUNT; q++) {
			char err[160];
			double v;

			if (!parse_quantity(refused[k], (enum quantity)q, &v,
					    err, sizeof err))
				fail_msg("'%s' accepted as %g (kind %d)",
					 refused[k], v, q);
		}
	assert_true(ok(".5", Q_SECONDS) == 0.5);
	assert_true(ok("5.", Q_SECONDS) == 5);
	bad("99999999999999999999999", Q_COUNT, "too large");
	bad("9000000000T", Q_BYTES, "too large");
}

/* print_wrapped into a string */
static char *wrapped(const char *name, const char *text, int indent,
		     int width, int *lines)
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof buf, "w");

	assert_non_null(f);
	*lines = print_wrapped(f, name, text, indent, width);
	fclose(f);
	return buf;
}

static void lines_wrap_under_the_description(void **state)
{
	int n;

	(void)state;
	/* fits: one line, the text at column 8 */
	assert_string_equal(wrapped("ab", "one two", 8, 20, &n),
			    "ab      one two\n");
	assert_int_equal(n, 1);
	/* "ab      one two three" is 21 columns: three goes below */
	assert_string_equal(wrapped("ab", "one two three", 8, 20, &n),
			    "ab      one two\n        three\n");
	assert_int_equal(n, 2);
	/* exactly 20 columns stays on the line */
	assert_string_equal(wrapped("ab", "one two three", 8, 21, &n),
			    "ab      one two three\n");
	/* a name reaching the text's column: the text starts below it */
	assert_string_equal(wrapped("abcdefgh", "x", 8, 20, &n),
			    "abcdefgh\n        x\n");
	assert_int_equal(n, 2);
	/* a word longer than a line stands alone, blanks collapse */
	assert_string_equal(wrapped("a", "x  0123456789abcdef  y", 4, 12, &n),
			    "a   x\n    0123456789abcdef\n    y\n");
	assert_int_equal(n, 3);
	assert_string_equal(wrapped("a", "", 4, 12, &n), "a\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes_are_binary),
		cmocka_unit_test(times_take_units),
		cmocka_unit_test(counts_are_decimal),
		cmocka_unit_test(only_plain_numbers),
		cmocka_unit_test(lines_wrap_under_the_description),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
