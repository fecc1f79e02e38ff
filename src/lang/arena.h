/* SPDX-License-Identifier: MIT */
/*
 * arena.h - bump allocation for everything a parse produces, freed at once.
 *
 * A program is built by a parser that may give up half-way (longjmp on the
 * first error), so nothing it allocates is freed piecemeal.
 */
#ifndef FC_ARENA_H
#define FC_ARENA_H

#include <stddef.h>

struct arena {
	struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t n);	/* zeroed; never NULL */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
