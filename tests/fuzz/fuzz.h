/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what the fuzz targets share: the input as a C string.
 *
 * Each target (fuzz_scenario.c, fuzz_policy.c, fuzz_machine.c) defines
 * LLVMFuzzerTestOneInput.  Built with clang's -fsanitize=fuzzer it is a
 * libFuzzer binary (`make fuzz`); built with replay.c instead it runs the
 * files named on its command line once each, under whatever sanitizers
 * the build has, so that the regression inputs in tests/fuzz/regress/ are
 * checked by `make test` with or without libFuzzer.
 */
#ifndef FC_FUZZ_H
#define FC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "lang/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The bytes as the command line hands them to a parser: read_file()
 * refuses files over FC_MAX_FILE_BYTES and files holding a NUL, so
 * neither reaches a parser; NULL for those.
 */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s;

	if (size > (size_t)FC_MAX_FILE_BYTES || memchr(data, 0, size))
		return NULL;
	s = malloc(size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* States a run may explore: enough to build the model and take steps. */
#define FUZZ_MAX_STATES 300

/* A short search of a loaded program under `policy`. */
static inline void fuzz_search(const struct program *p, const char *policy)
{
	struct search_limits lim = { .max_states = FUZZ_MAX_STATES };
	struct result r;

	if (check_run(p, policy, &lim, &r) == 0)
		check_free(&r);
}

#endif
