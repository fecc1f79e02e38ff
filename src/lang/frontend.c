/* SPDX-License-Identifier: MIT */
/*
 * frontend.c - the table of input languages (frontend.h).
 *
 * To add one: a loader with frontend_load_fn's signature that builds its
 * program with build.h (labels, pages, mappings, registers, with their
 * limits), and a row below.  The first row is the default for a file
 * named on the command line whose ending no row claims.
 */
#include "frontend.h"
#include "litmus.h"

#include <string.h>

static const struct frontend frontends[] = {
	{ ".flush", "scenario", scenario_load },
	{ ".litmus", "herd7 AArch64 litmus test", litmus_load },
};

#define NFRONTENDS (sizeof frontends / sizeof frontends[0])

_Static_assert(NFRONTENDS >= 1, "the first front end is the default");

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

const struct frontend *frontend_for(const char *path)
{
	for (size_t k = 0; k < NFRONTENDS; k++)
		if (ends_with(path, frontends[k].ext))
			return &frontends[k];
	return NULL;
}

struct program *frontend_load(struct arena *a, const char *path,
			      const char *src, const struct load_opts *o,
			      const struct polset *ps, struct diag *d)
{
	const struct frontend *fe = frontend_for(path);

	if (!fe)
		fe = &frontends[0];
	return fe->load(a, path, src, o, ps, d);
}

const struct frontend *frontend_at(int i)
{
	return i >= 0 && (size_t)i < NFRONTENDS ? &frontends[i] : NULL;
}
