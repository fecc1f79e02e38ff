/* SPDX-License-Identifier: MIT */
/*
 * fuzz_policy.c - the .pol parser and its load-time checks, then a fixed
 * scenario compiled against the policy, so that the fuzzed bodies are
 * inlined too (every cache API entry the kernel file calls).
 */
#include "fuzz.h"

#include "check/check.h"
#include "lang/scenario.h"

static const char scenario[] =
	"FLUSH fuzz\n"
	"{\n  page P = old;\n  page Q = old;\n  kernel K = P;\n"
	"  user U = P @ 0x8000 rx absent;\n  user V = Q @ 0x9000 rw;\n}\n"
	" P0                     | P1 ;\n"
	" pio_read_flush(P, new) | r0 = exec U ;\n"
	" fault(U)               | r1 = ld V ;\n"
	" write(Q, new)          | flush_icache_range(K) ;\n"
	" dma_read(Q, new)       | swap_out(V) ;\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_text(data, size);
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct polset ps;

	if (!src)
		return 0;
	if (polset_load(&a, &ps, NULL, "fuzz.pol", src, &d) == 0) {
		struct program *p = scenario_load(&a, "fuzz.flush", scenario,
						  NULL, &ps, &d);

		if (p)
			fuzz_search(p, ps.policy->name);
	}
	arena_free(&a);
	free(src);
	return 0;
}
