/* SPDX-License-Identifier: MIT */
/*
 * args.h - the command line's quantities and the wrapped lines of the
 * --list-* options.  No state; main.c prints the errors.
 */
#ifndef FC_CLI_ARGS_H
#define FC_CLI_ARGS_H

#include <stdio.h>

enum quantity {
	Q_BYTES,	/* --max-memory: K, M, G, T (powers of 1024), B/iB after */
	Q_SECONDS,	/* --timeout: s, m, h, d */
	Q_COUNT,	/* --max-states: k, M, G (powers of 1000) */
};

/*
 * A number of the kind asked, with an optional suffix: "512M", "1.5G",
 * "90s", "5m", "1h", "20k", "1M".  The number is digits with at most one
 * '.', no sign, exponent or blank; a count must come out whole.  Returns 0
 * and sets *out, or -1 and writes why (for "flushcheck: OPTION ARG: why")
 * into err.  Zero is a value; the caller decides whether it may be one.
 */
int parse_quantity(const char *arg, enum quantity q, double *out,
		   char *err, size_t errlen);

/*
 * "NAME  description" in at most `width` columns: the description starts
 * at column `indent` (on the next line if the name reaches it) and wraps
 * at blanks, each further line indented as far.  A word longer than a line
 * stands alone on one.  Returns the number of lines written.
 */
int print_wrapped(FILE *f, const char *name, const char *text, int indent,
		  int width);

#endif
