/* SPDX-License-Identifier: MIT */
/*
 * helpers.h - shared by the unit tests: compile a scenario from a string
 * and run it, with cmocka's assertions.
 */
#ifndef FC_TEST_HELPERS_H
#define FC_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "lang/scenario.h"
#include "model/model.h"

struct loaded {
	struct arena a;
	struct program *p;
	struct diag d;
};

/* Compile src; on failure p is NULL and d holds line, col and message. */
static inline void load_src(struct loaded *l, const char *src)
{
	memset(l, 0, sizeof *l);
	l->p = scenario_load(&l->a, "test.flush", src, NULL, NULL, &l->d);
}

static inline struct program *must_load(struct loaded *l, const char *src)
{
	load_src(l, src);
	if (!l->p)
		fail_msg("test.flush:%d:%d: %s", l->d.line, l->d.col, l->d.msg);
	return l->p;
}

/*
 * A growing string for generated inputs: hostile files are written by the
 * tests, not committed.
 */
struct gen {
	char *s;
	size_t n, cap;
};

static inline void put(struct gen *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void put(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(g->s ? g->s + g->n : NULL,
			      g->s ? g->cap - g->n : 0, fmt, ap);
		va_end(ap);
		assert_true(k >= 0);
		if (g->s && g->n + (size_t)k < g->cap)
			break;
		g->cap = (g->cap + (size_t)k + 1) * 2;
		g->s = realloc(g->s, g->cap);
		assert_non_null(g->s);
	}
	g->n += (size_t)k;
}

/* n copies of piece */
static inline void put_n(struct gen *g, const char *piece, int n)
{
	for (int k = 0; k < n; k++)
		put(g, "%s", piece);
}

/* Run under policy "generic" with no limits. */
static inline void run_plain(const struct program *p, struct result *r)
{
	struct search_limits lim = { 0 };

	assert_int_equal(check_run(p, "generic", &lim, r), 0);
}

#endif
