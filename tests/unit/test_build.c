/* SPDX-License-Identifier: MIT */
/*
 * test_build.c - the program builder (lang/build.h): interning, names,
 * limits and the defaults of a mapping, on a bare program.
 */
#include "helpers.h"

#include <stdlib.h>

#include "lang/build.h"

struct bare {
	struct arena a;
	struct program *p;
	struct build b;
};

/* A program as scenario_load starts one: label 0 is "0". */
static void bare_init(struct bare *x)
{
	memset(x, 0, sizeof *x);
	x->p = arena_alloc(&x->a, sizeof *x->p);
	x->p->labels[0] = "0";
	x->p->nlabels = 1;
	x->p->machine.page = 4096;
	build_init(&x->b, x->p, &x->a);
}

/* A value named twice is one label; label FC_MAX_LABELS + 1 is refused. */
static void labels_interned_and_limited(void **state)
{
	struct bare x;
	char name[16];

	(void)state;
	bare_init(&x);
	assert_int_equal(build_label(&x.b, "old"), 1);
	assert_int_equal(build_label(&x.b, "new"), 2);
	assert_int_equal(build_label(&x.b, "old"), 1);
	assert_int_equal(build_label(&x.b, "0"), 0);
	assert_int_equal(x.p->nlabels, 3);
	for (int k = 3; k < FC_MAX_LABELS; k++) {
		snprintf(name, sizeof name, "v%d", k);
		assert_int_equal(build_label(&x.b, name), k);
	}
	assert_int_equal(build_label(&x.b, "one-more"), -1);
	assert_string_equal(x.b.err, "too many distinct values (at most 64)");
	/* a known one is still found when full */
	assert_int_equal(build_label(&x.b, "new"), 2);
	arena_free(&x.a);
}

/* Pages and mappings share one name space, which excludes registers;
 * the limit is checked before the name, as the loader reports it. */
static void names_once_and_not_registers(void **state)
{
	struct bare x;
	char name[16];

	(void)state;
	bare_init(&x);
	assert_int_equal(build_page(&x.b, "P", 1), 0);
	assert_int_equal(x.p->pages[0].label, 1);
	assert_int_equal(build_page(&x.b, "P", 0), -1);
	assert_string_equal(x.b.err, "'P' is declared twice");
	assert_int_equal(build_mapping(&x.b, "P", MAPPING_USER, 0), -1);
	assert_int_equal(build_page(&x.b, "r3", 0), -1);
	assert_string_equal(x.b.err, "'r3' is a register name");
	assert_int_equal(build_mapping(&x.b, "U", MAPPING_USER, 0), 0);
	assert_int_equal(build_page(&x.b, "U", 0), -1);
	assert_int_equal(build_find_page(x.p, "P"), 0);
	assert_int_equal(build_find_page(x.p, "U"), -1);
	assert_int_equal(build_find_mapping(x.p, "U"), 0);
	assert_int_equal(build_find_mapping(x.p, "P"), -1);
	for (int k = 1; k < FC_MAX_PAGES; k++) {
		snprintf(name, sizeof name, "Q%d", k);
		assert_int_equal(build_page(&x.b, name, 0), k);
	}
	assert_int_equal(build_page(&x.b, "P", 0), -1);
	assert_string_equal(x.b.err, "too many pages (at most 8)");
	arena_free(&x.a);
}

/* A mapping: read-write-execute, present, at the linear map of its page
 * (page 2 of 4K pages: 0xc0002000); page -1 leaves the address to the
 * caller; mapping 17 is refused. */
static void mapping_defaults_and_limit(void **state)
{
	struct bare x;
	const struct mapping *al;
	char name[16];

	(void)state;
	bare_init(&x);
	for (int k = 0; k < 3; k++) {
		snprintf(name, sizeof name, "P%d", k);
		assert_int_equal(build_page(&x.b, name, 0), k);
	}
	assert_int_equal(build_mapping(&x.b, "K", MAPPING_KERNEL, 2), 0);
	al = &x.p->mappings[0];
	assert_int_equal(al->kind, MAPPING_KERNEL);
	assert_int_equal(al->page, 2);
	assert_int_equal(al->va, 0xc0002000UL);
	assert_int_equal(al->perms, PERM_R | PERM_W | PERM_X);
	assert_int_equal(al->pte0, PTE_PRESENT);
	assert_int_equal(al->tmp, 0);
	assert_int_equal(build_mapping(&x.b, "U", MAPPING_USER, -1), 1);
	assert_int_equal(x.p->mappings[1].va, 0);
	assert_int_equal(build_linear_va(x.p, 1), 0xc0001000UL);
	for (int k = 2; k < FC_MAX_MAPPINGS; k++) {
		snprintf(name, sizeof name, "M%d", k);
		assert_int_equal(build_mapping(&x.b, name, MAPPING_KERNEL, 0), k);
	}
	assert_int_equal(build_mapping(&x.b, "M99", MAPPING_KERNEL, 0), -1);
	assert_string_equal(x.b.err, "too many mappings (at most 16)");
	assert_int_equal(x.p->nmappings, FC_MAX_MAPPINGS);
	arena_free(&x.a);
}

/* rK and Pn: decimal, whole name, huge numbers clamped to fail range
 * checks. */
static void numbered_names(void **state)
{
	(void)state;
	assert_int_equal(build_reg_number("r0"), 0);
	assert_int_equal(build_reg_number("r15"), 15);
	assert_int_equal(build_reg_number("r010"), 10);
	assert_int_equal(build_reg_number("r"), -1);
	assert_int_equal(build_reg_number("r1x"), -1);
	assert_int_equal(build_reg_number("R1"), -1);
	assert_int_equal(build_reg_number("r99999999999999999999"),
			 BUILD_MAX_NUMBERED);
	assert_int_equal(build_numbered("P3", 'P'), 3);
	assert_int_equal(build_numbered("r3", 'P'), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_interned_and_limited),
		cmocka_unit_test(names_once_and_not_registers),
		cmocka_unit_test(mapping_defaults_and_limit),
		cmocka_unit_test(numbered_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
