/* SPDX-License-Identifier: MIT */
/*
 * zalloc.c - zeroed tables, written rather than calloc'd (see zalloc.h).
 */
#include "zalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *zalloc(size_t n, size_t size)
{
	/* through a volatile pointer: compilers turn malloc + memset
	 * into calloc */
	static void *(*const volatile set)(void *, int, size_t) = memset;
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		set(p, 0, n * size);
	return p;
}
