/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scenario.c - the .flush loader, the compiler against the built-in
 * kernel and asm-generic files, then a short search: any input must load
 * or be refused with a position, and a loaded one must build a model.
 */
#include "fuzz.h"

#include "check/check.h"
#include "lang/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_text(data, size);
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct program *p;

	if (!src)
		return 0;
	p = scenario_load(&a, "fuzz.flush", src, NULL, NULL, &d);
	if (p)
		fuzz_search(p, "generic");
	arena_free(&a);
	free(src);
	return 0;
}
