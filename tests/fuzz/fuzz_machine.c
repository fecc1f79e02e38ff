/* SPDX-License-Identifier: MIT */
/*
 * fuzz_machine.c - machine files: the parser and validation, then the
 * seed scenario on the machine (--machine FILE), so that any geometry the
 * validation lets through must also build a model.
 */
#include "fuzz.h"

#include "check/check.h"
#include "lang/scenario.h"

static const char scenario[] =
	"FLUSH fuzz\n"
	"{\n  page P = old;\n  kernel K = P;\n  user U = P @ 0x8000 rx absent;\n}\n"
	" P0           | P1 ;\n"
	" r0 = exec U  | pio_read_flush(P, new) ;\n"
	"              | fault(U) ;\n"
	"exists (P0:r0 = old)\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_text(data, size);
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct machine m;
	struct load_opts o = { 0 };
	struct program *p;

	if (!src)
		return 0;
	machine_defaults(&m);
	if (machine_file_load(&m, "fuzz.machine", src, &d) == 0) {
		o.machine_text = src;
		o.machine_file = "fuzz.machine";
		p = scenario_load(&a, "fuzz.flush", scenario, &o, NULL, &d);
		if (p)
			fuzz_search(p, "generic");
	}
	arena_free(&a);
	free(src);
	return 0;
}
