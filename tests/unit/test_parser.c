/* SPDX-License-Identifier: MIT */
/*
 * test_parser.c - the scenario parser (docs/design.md sections 3.1 and 4).
 *
 * Good inputs are checked on the compiled program, field by field; bad
 * inputs on the exact line:column and message of the first error; and
 * every prefix and many random mutations of a valid scenario must give a
 * program or an error, never a crash (run it under ASan/UBSan too).
 */
#include "helpers.h"

#include "lang/suggest.h"

#include <stdlib.h>

#include "lang/limits.h"

#define OR(x) (1u << (x))

/*
 * Every declaration form and every statement kind.  Line numbers matter:
 * the tests below assert them (the table header is line 20, the rows
 * 21..31, P0's cells start at column 2, P1's at 24, P2's at 44).
 */
static const char full_src[] =
	"FLUSH full-syntax\n" /*  1 */
	"\"every declaration form and every statement kind\"\n" /*  2 */
	"machine = arm1136\n" /*  3 */
	"cpus = 3\n" /*  4 */
	"lines = 2\n" /*  5 */
	"dcache = vipt 32K 4 wb private\n" /*  6 */
	"icache = pipt 16K 2\n" /*  7 */
	"policy = arm-2.6.37\n" /*  8 */
	"// C++-style comments too\n" /*  9 */
	"{\n" /* 10 */
	"  page P = old;       # with a label\n" /* 11 */
	"  page Q;             # every line holds 0\n" /* 12 */
	"  kernel K = P;       # linear map VA\n" /* 13 */
	"  kernel KQ = Q @ 0xc0100000;\n" /* 14 */
	"  user U = P @ 0x8000 rx absent;\n" /* 15 */
	"  user V = Q @ 0x9000 rw mm 2;\n" /* 16 */
	"  user F = P @ 0xa000 f;  # flush-only PTE\n" /* 17 */
	"}\n" /* 18 */
	"\n" /* 19 */
	" P0                  | P1                | P2                 ;\n"
	" st K = new          | r0 = ld U[1]      | dma.write Q = dev  ;\n"
	" st K[1] = v1        | st V[0] = r0      | r1 = dma.read Q[1] ;\n"
	" ld K                | r2 = exec U       | dc.clean.all       ;\n"
	" exec U[1]           | copy V = K        | dc.flush.all       ;\n"
	" dc.clean K          | copy V[1] = K[0]  | dsb                ;\n"
	" dc.inv.local K[0]   | ic.inv U          | isb                ;\n"
	" dc.flush KQ         | ic.inv.local U[1] | pte.set U          ;\n"
	" dc.clean.local K    | ic.inv.all        | pte.clear U        ;\n"
	" dc.inv KQ[1]        | ic.inv.all.local  | pte.flushonly V    ;\n"
	" dc.flush.local F    | st K = r2         |                    ;\n"
	"                     | ld K[1]           | r3 = dma.read Q    ;\n"
	"\n" /* 32 */
	"exists (P1:r0 = new /\\ ~(P1:r2 = old \\/ [P] = new) /\\ "
	"[Q[1]] = dev \\/ P2:r1 = 0)\n" /* 33 */
	"check stale-fetch, lost-write\n" /* 34 */
	"expect arm-2.6.33: stale-fetch Sometimes\n" /* 35 */
	"expect arm-2.6.37: ok Never\n" /* 36 */
	"expect *: Always\n" /* 37 */
	"expect generic: stale-load, fault\n"; /* 38 */

/* Aliases and pages of full_src, in declaration order. */
enum { K, KQ, U, V, F };
enum { PG_P, PG_Q };
/* Its labels, in order of first appearance ("0" is always label 0). */
enum { L_0, L_OLD, L_NEW, L_DEV, L_V1 };

/* One expected op: kind, mapping (or page), line, register, label, local. */
struct want_op {
	int kind, mapping, line, reg, label, local, src_line;
	const char *text;
};

/* Compared as one string, so that a mismatch shows the whole op. */
static void op_str(char *buf, size_t len, int t, int i, int kind, int mapping,
		   int line, int reg, int label, int local, int src_line,
		   const char *text)
{
	snprintf(buf, len, "P%d op %d: kind %d mapping %d line %d reg %d "
		 "label %d local %d at line %d '%s'", t, i, kind, mapping, line,
		 reg, label, local, src_line, text);
}

static void check_ops(const struct program *p, int t,
		      const struct want_op *w, int n)
{
	const struct thread *th = &p->threads[t];
	char got[256], want[256];

	for (int i = 0; i < n && i < th->nops; i++) {
		const struct op *o = &th->ops[i];

		op_str(got, sizeof got, t, i, o->kind, o->mapping, o->line,
		       o->reg, o->label, o->local, o->src_line, o->text);
		op_str(want, sizeof want, t, i, w[i].kind, w[i].mapping,
		       w[i].line, w[i].reg, w[i].label, w[i].local,
		       w[i].src_line, w[i].text);
		assert_string_equal(got, want);
	}
	assert_int_equal(th->nops, n);
}

/* ---- good inputs ------------------------------------------------------ */

static void full_header_and_machine(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l, full_src);
	const struct machine *m = &p->machine;

	(void)st;
	assert_string_equal(p->file, "test.flush");
	assert_string_equal(p->name, "full-syntax");
	assert_string_equal(p->doc,
			    "every declaration form and every statement kind");
	assert_string_equal(p->policy, "arm-2.6.37");
	/* the preset, then the file's overrides on top of it; the name
	 * says both, as the Test line and JSON report it */
	assert_string_equal(m->name, "arm1136+cpus=3+lines=2+dcache=vipt 32K "
			    "4 wb private+icache=pipt 16K 2");
	assert_int_equal(m->cpus, 3);
	assert_int_equal(m->lines, 2);
	assert_int_equal(m->page, 4096);
	assert_int_equal(m->d.index, IDX_VIPT);
	assert_int_equal(m->d.size, 32 * 1024);
	assert_int_equal(m->d.ways, 4);
	assert_int_equal(m->d.writeback, 1);
	assert_int_equal(m->d.coherent, 0);
	assert_int_equal(m->i.index, IDX_PIPT);
	assert_int_equal(m->i.size, 16 * 1024);
	assert_int_equal(m->i.ways, 2);
	assert_int_equal(m->i.snoops, 0);
	/* untouched keys keep the preset's values */
	assert_int_equal(m->maint_broadcast, 0);
	assert_int_equal(m->prefetch, PF_EXEC);
	arena_free(&l.a);
}

static void full_declarations(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l, full_src);
	const struct mapping *a = p->mappings;

	(void)st;
	assert_int_equal(p->npages, 2);
	assert_string_equal(p->pages[PG_P].name, "P");
	assert_int_equal(p->pages[PG_P].label, L_OLD);
	assert_string_equal(p->pages[PG_Q].name, "Q");
	assert_int_equal(p->pages[PG_Q].label, L_0);

	assert_int_equal(p->nmappings, 5);
	/* kernel without @: the linear map, PAGE_OFFSET + frame */
	assert_string_equal(a[K].name, "K");
	assert_int_equal(a[K].kind, MAPPING_KERNEL);
	assert_int_equal(a[K].page, PG_P);
	assert_int_equal(a[K].va, 0xc0000000UL);
	assert_int_equal(a[K].perms, PERM_R | PERM_W | PERM_X);
	assert_int_equal(a[K].pte0, PTE_PRESENT);
	/* kernel with @ VA */
	assert_int_equal(a[KQ].kind, MAPPING_KERNEL);
	assert_int_equal(a[KQ].page, PG_Q);
	assert_int_equal(a[KQ].va, 0xc0100000UL);
	assert_int_equal(a[KQ].pte0, PTE_PRESENT);
	/* user, absent */
	assert_int_equal(a[U].kind, MAPPING_USER);
	assert_int_equal(a[U].page, PG_P);
	assert_int_equal(a[U].va, 0x8000);
	assert_int_equal(a[U].perms, PERM_R | PERM_X);
	assert_int_equal(a[U].pte0, PTE_ABSENT);
	assert_int_equal(a[U].mm, 0);
	/* user, present, another mm */
	assert_int_equal(a[V].page, PG_Q);
	assert_int_equal(a[V].perms, PERM_R | PERM_W);
	assert_int_equal(a[V].pte0, PTE_PRESENT);
	assert_int_equal(a[V].mm, 2);
	/* `f`: a flush-only PTE from the start */
	assert_int_equal(a[F].perms, PERM_F);
	assert_int_equal(a[F].pte0, PTE_FLUSHONLY);
	arena_free(&l.a);
}

static void full_labels_and_registers(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l, full_src);

	(void)st;
	assert_int_equal(p->nlabels, 5);
	assert_string_equal(p->labels[L_0], "0");
	assert_string_equal(p->labels[L_OLD], "old");
	assert_string_equal(p->labels[L_NEW], "new");
	assert_string_equal(p->labels[L_DEV], "dev");
	assert_string_equal(p->labels[L_V1], "v1");
	assert_int_equal(p->nthreads, 3);
	/* registers used: the highest written + 1 */
	assert_int_equal(p->nregs[0], 0);
	assert_int_equal(p->nregs[1], 3);
	assert_int_equal(p->nregs[2], 4);
	arena_free(&l.a);
}

#define N NO_REG

static void full_thread0(void **st)
{
	/* `X` in st and maintenance: one op per line; `ld X`: line 0 */
	static const struct want_op w[] = {
		{ OP_ST, K, 0, N, L_NEW, 0, 21, "st K[0] = new" },
		{ OP_ST, K, 1, N, L_NEW, 0, 21, "st K[1] = new" },
		{ OP_ST, K, 1, N, L_V1, 0, 22, "st K[1] = v1" },
		{ OP_LD, K, 0, N, 0, 0, 23, "ld K[0]" },
		{ OP_EXEC, U, 1, N, 0, 0, 24, "exec U[1]" },
		{ OP_DC_CLEAN, K, 0, N, 0, 0, 25, "dc.clean K[0]" },
		{ OP_DC_CLEAN, K, 1, N, 0, 0, 25, "dc.clean K[1]" },
		{ OP_DC_INV, K, 0, N, 0, 1, 26, "dc.inv.local K[0]" },
		{ OP_DC_FLUSH, KQ, 0, N, 0, 0, 27, "dc.flush KQ[0]" },
		{ OP_DC_FLUSH, KQ, 1, N, 0, 0, 27, "dc.flush KQ[1]" },
		{ OP_DC_CLEAN, K, 0, N, 0, 1, 28, "dc.clean.local K[0]" },
		{ OP_DC_CLEAN, K, 1, N, 0, 1, 28, "dc.clean.local K[1]" },
		{ OP_DC_INV, KQ, 1, N, 0, 0, 29, "dc.inv KQ[1]" },
		{ OP_DC_FLUSH, F, 0, N, 0, 1, 30, "dc.flush.local F[0]" },
		{ OP_DC_FLUSH, F, 1, N, 0, 1, 30, "dc.flush.local F[1]" },
	};
	struct loaded l;
	const struct program *p = must_load(&l, full_src);

	(void)st;
	check_ops(p, 0, w, sizeof w / sizeof w[0]);
	/* every op remembers where it was written */
	assert_int_equal(p->threads[0].ops[0].src_col, 2);
	arena_free(&l.a);
}

static void full_thread1(void **st)
{
	/* registers, copy (ld + st per line), I-cache maintenance */
	static const struct want_op w[] = {
		{ OP_LD, U, 1, 0, 0, 0, 21, "r0 = ld U[1]" },
		{ OP_ST_REG, V, 0, 0, 0, 0, 22, "st V[0] = r0" },
		{ OP_EXEC, U, 0, 2, 0, 0, 23, "r2 = exec U[0]" },
		{ OP_COPY_LD, K, 0, N, 0, 0, 24, "copy: ld K[0]" },
		{ OP_COPY_ST, V, 0, N, 0, 0, 24, "copy: st V[0]" },
		{ OP_COPY_LD, K, 1, N, 0, 0, 24, "copy: ld K[1]" },
		{ OP_COPY_ST, V, 1, N, 0, 0, 24, "copy: st V[1]" },
		{ OP_COPY_LD, K, 0, N, 0, 0, 25, "copy: ld K[0]" },
		{ OP_COPY_ST, V, 1, N, 0, 0, 25, "copy: st V[1]" },
		{ OP_IC_INV, U, 0, N, 0, 0, 26, "ic.inv U[0]" },
		{ OP_IC_INV, U, 1, N, 0, 0, 26, "ic.inv U[1]" },
		{ OP_IC_INV, U, 1, N, 0, 1, 27, "ic.inv.local U[1]" },
		{ OP_IC_INV_ALL, 0, 0, N, 0, 0, 28, "ic.inv.all" },
		{ OP_IC_INV_ALL, 0, 0, N, 0, 1, 29, "ic.inv.all.local" },
		{ OP_ST_REG, K, 0, 2, 0, 0, 30, "st K[0] = r2" },
		{ OP_ST_REG, K, 1, 2, 0, 0, 30, "st K[1] = r2" },
		{ OP_LD, K, 1, N, 0, 0, 31, "ld K[1]" },
	};
	struct loaded l;
	const struct program *p = must_load(&l, full_src);

	(void)st;
	check_ops(p, 1, w, sizeof w / sizeof w[0]);
	assert_int_equal(p->threads[1].ops[0].src_col, 24);
	arena_free(&l.a);
}

static void full_thread2(void **st)
{
	/* DMA (alias = page), whole-cache ops, barriers, PTE ops */
	static const struct want_op w[] = {
		{ OP_DMA_WRITE, PG_Q, 0, N, L_DEV, 0, 21, "dma.write Q[0] = dev" },
		{ OP_DMA_WRITE, PG_Q, 1, N, L_DEV, 0, 21, "dma.write Q[1] = dev" },
		{ OP_DMA_READ, PG_Q, 1, 1, 0, 0, 22, "r1 = dma.read Q[1]" },
		{ OP_DC_CLEAN_ALL, 0, 0, N, 0, 0, 23, "dc.clean.all" },
		{ OP_DC_FLUSH_ALL, 0, 0, N, 0, 0, 24, "dc.flush.all" },
		{ OP_DSB, 0, 0, N, 0, 0, 25, "dsb" },
		{ OP_ISB, 0, 0, N, 0, 0, 26, "isb" },
		{ OP_PTE_SET, U, 0, N, 0, 0, 27, "pte.set U" },
		{ OP_PTE_CLEAR, U, 0, N, 0, 0, 28, "pte.clear U" },
		{ OP_PTE_FLUSHONLY, V, 0, N, 0, 0, 29, "pte.flushonly V" },
		/* `dma.read P` without an index reads line 0 */
		{ OP_DMA_READ, PG_Q, 0, 3, 0, 0, 31, "r3 = dma.read Q[0]" },
	};
	struct loaded l;
	const struct program *p = must_load(&l, full_src);

	(void)st;
	check_ops(p, 2, w, sizeof w / sizeof w[0]);
	assert_int_equal(p->threads[2].ops[0].src_col, 44);
	arena_free(&l.a);
}

#undef N

static void full_condition(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l, full_src);
	const struct cond *c = p->cond, *and2, *and1, *neg, *or;

	(void)st;
	assert_int_equal(p->quant, Q_EXISTS);
	assert_string_equal(p->cond_text,
			    "(P1:r0 = new /\\ ~(P1:r2 = old \\/ [P] = new) /\\ "
			    "[Q[1]] = dev \\/ P2:r1 = 0)");
	/* /\ binds tighter than \/; both associate to the left */
	assert_int_equal(c->kind, C_OR);
	and2 = c->a;
	assert_int_equal(and2->kind, C_AND);
	and1 = and2->a;
	assert_int_equal(and1->kind, C_AND);
	assert_int_equal(and1->a->kind, C_REG);
	assert_int_equal(and1->a->loc, 0);
	assert_int_equal(and1->a->label, L_NEW);
	neg = and1->b;
	assert_int_equal(neg->kind, C_NOT);
	or = neg->a;
	assert_int_equal(or->kind, C_OR);
	assert_int_equal(or->a->kind, C_REG);
	assert_int_equal(or->a->loc, 1);
	assert_int_equal(or->a->label, L_OLD);
	assert_int_equal(or->b->kind, C_MEM);
	assert_int_equal(or->b->loc, 2);
	assert_int_equal(or->b->label, L_NEW);
	assert_int_equal(and2->b->kind, C_MEM);
	assert_int_equal(and2->b->loc, 3);
	assert_int_equal(and2->b->label, L_DEV);
	assert_int_equal(c->b->kind, C_REG);
	assert_int_equal(c->b->loc, 4);
	assert_int_equal(c->b->label, L_0);

	/* the locations, each once, as written */
	assert_int_equal(p->nlocs, 5);
	assert_false(p->locs[0].is_mem);
	assert_int_equal(p->locs[0].thread, 1);
	assert_int_equal(p->locs[0].reg, 0);
	assert_string_equal(p->locs[0].text, "P1:r0");
	assert_int_equal(p->locs[1].reg, 2);
	assert_true(p->locs[2].is_mem);
	assert_int_equal(p->locs[2].page, PG_P);
	assert_int_equal(p->locs[2].line, 0);
	assert_string_equal(p->locs[2].text, "[P]");
	assert_true(p->locs[3].is_mem);
	assert_int_equal(p->locs[3].page, PG_Q);
	assert_int_equal(p->locs[3].line, 1);
	assert_string_equal(p->locs[3].text, "[Q[1]]");
	assert_int_equal(p->locs[4].thread, 2);
	assert_int_equal(p->locs[4].reg, 1);
	assert_string_equal(p->locs[4].text, "P2:r1");
	arena_free(&l.a);
}

static void full_check_and_expect(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l, full_src);
	const struct expect *e = p->expects;

	(void)st;
	assert_int_equal(p->check, OR(OR_STALE_FETCH) | OR(OR_LOST_WRITE));
	assert_int_equal(p->nexpects, 4);

	assert_string_equal(e[0].policy, "arm-2.6.33");
	assert_true(e[0].has_oracles);
	assert_int_equal(e[0].oracles, OR(OR_STALE_FETCH));
	assert_int_equal(e[0].obs, OBS_SOMETIMES);
	assert_string_equal(e[0].text, "stale-fetch Sometimes");
	assert_int_equal(e[0].src_line, 35);

	/* ok: no oracle violated */
	assert_string_equal(e[1].policy, "arm-2.6.37");
	assert_true(e[1].has_oracles);
	assert_int_equal(e[1].oracles, 0);
	assert_int_equal(e[1].obs, OBS_NEVER);

	/* `*`, and only an observation word */
	assert_string_equal(e[2].policy, "*");
	assert_false(e[2].has_oracles);
	assert_int_equal(e[2].obs, OBS_ALWAYS);

	assert_string_equal(e[3].policy, "generic");
	assert_true(e[3].has_oracles);
	assert_int_equal(e[3].oracles, OR(OR_STALE_LOAD) | OR(OR_FAULT));
	assert_int_equal(e[3].obs, OBS_NONE);
	assert_int_equal(e[3].src_line, 38);
	arena_free(&l.a);
}

/* The smallest scenario, and the defaults it gets. */
static void minimal_defaults(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l,
		"FLUSH min\n{ page P; }\n P0 ;\n");

	(void)st;
	assert_string_equal(p->name, "min");
	assert_null(p->doc);
	assert_null(p->policy);
	/* no machine setting: cortex-a9 */
	assert_string_equal(p->machine.name, "cortex-a9");
	assert_int_equal(p->machine.cpus, 2);
	assert_int_equal(p->machine.lines, 1);
	assert_int_equal(p->nthreads, 1);
	assert_int_equal(p->threads[0].nops, 0);
	assert_int_equal(p->quant, Q_NONE);
	assert_null(p->cond);
	/* every oracle, no expect */
	assert_int_equal(p->check, OR_ALL);
	assert_int_equal(p->nexpects, 0);
	arena_free(&l.a);
}

/* With one line per page, `X` is one op and no index is printed. */
static void one_line_per_page(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l,
		"FLUSH one\n"
		"{ page P = 7; kernel K = P; user U = P @ 0x8000 rwx; }\n"
		" P0         | P1        ;\n"
		" st K = 42  | r0 = ld U ;\n"
		" dc.flush K |           ;\n"
		"            | st U = r0 ;\n"
		"~exists (P1:r0 = 7)\n");

	(void)st;
	assert_int_equal(p->pages[0].label, 1);
	assert_string_equal(p->labels[1], "7");	/* numbers are labels */
	assert_int_equal(p->mappings[1].perms, PERM_R | PERM_W | PERM_X);
	assert_int_equal(p->threads[0].nops, 2);
	assert_int_equal(p->threads[0].ops[0].kind, OP_ST);
	assert_string_equal(p->labels[p->threads[0].ops[0].label], "42");
	assert_string_equal(p->threads[0].ops[0].text, "st K = 42");
	assert_string_equal(p->threads[0].ops[1].text, "dc.flush K");
	assert_int_equal(p->threads[1].nops, 2);
	assert_string_equal(p->threads[1].ops[0].text, "r0 = ld U");
	assert_int_equal(p->threads[1].ops[1].kind, OP_ST_REG);
	assert_int_equal(p->quant, Q_NOT_EXISTS);
	assert_int_equal(p->cond->kind, C_REG);
	assert_int_equal(p->cond->label, 1);
	arena_free(&l.a);
}

static void forall_and_check_none(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l,
		"FLUSH fa\n"
		"machine = x86\n"
		"cpus = 1\n"
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n"
		" r3 = ld K ;\n"
		"check none\n"
		"expect *: ok\n"
		"forall (P0:r3 = old \\/ P0:r3 = new /\\ [K] = new)\n");

	(void)st;
	assert_string_equal(p->machine.name, "x86+cpus=1");
	assert_int_equal(p->machine.cpus, 1);
	assert_int_equal(p->check, 0);
	assert_int_equal(p->quant, Q_FORALL);
	/* \/ below /\ ; one location used twice is one loc */
	assert_int_equal(p->cond->kind, C_OR);
	assert_int_equal(p->cond->b->kind, C_AND);
	assert_int_equal(p->cond->a->loc, p->cond->b->a->loc);
	assert_int_equal(p->nlocs, 2);
	/* [K]: a mapping names its page */
	assert_true(p->locs[1].is_mem);
	assert_int_equal(p->locs[1].page, 0);
	assert_int_equal(p->nregs[0], 4);
	/* expect may come before the condition if it needs none */
	assert_int_equal(p->nexpects, 1);
	assert_true(p->expects[0].has_oracles);
	assert_int_equal(p->expects[0].oracles, 0);
	assert_int_equal(p->expects[0].obs, OBS_NONE);
	arena_free(&l.a);
}

/* Empty cells and rows, and registers used with gaps below them. */
static void empty_cells_and_register_gaps(void **st)
{
	struct loaded l;
	const struct program *p;

	(void)st;
	p = must_load(&l,
		"FLUSH gaps\n"
		"{ page P = old; kernel K = P; }\n"
		" P0        | P1 ;\n"
		"           | ;\n"
		" r5 = ld K |    ;\n"
		" st K = r5 |    ;\n"
		"exists (P0:r5 = old)\n");
	assert_int_equal(p->threads[0].nops, 2);
	assert_int_equal(p->threads[1].nops, 0);
	assert_int_equal(p->nregs[0], 6);
	assert_int_equal(p->threads[0].ops[1].kind, OP_ST_REG);
	assert_int_equal(p->threads[0].ops[1].reg, 5);
	assert_int_equal(p->locs[0].reg, 5);
	arena_free(&l.a);
}

/* Every machine key of docs/design.md section 4 as a scenario override. */
static void machine_overrides(void **st)
{
	struct loaded l;
	const struct program *p = must_load(&l,
		"FLUSH mach\n"
		"machine = cortex-a9\n"
		"cpus = 4\n"
		"page = 8K\n"
		"line = 64\n"
		"lines = 4\n"
		"dcache = vivt 16K 2 wt coherent\n"
		"icache = vipt 64K 4 snoop\n"
		"ifill = dcache\n"
		"maint = local\n"
		"prefetch = any\n"
		"dprefetch = none\n"
		"dma = coherent\n"
		"{ page P; }\n"
		" P0 | P1 | P2 | P3 ;\n");
	const struct machine *m = &p->machine;

	(void)st;
	assert_int_equal(m->cpus, 4);
	assert_int_equal(m->page, 8192);
	assert_int_equal(m->line, 64);
	assert_int_equal(m->lines, 4);
	assert_int_equal(m->d.index, IDX_VIVT);
	assert_int_equal(m->d.size, 16384);
	assert_int_equal(m->d.ways, 2);
	assert_int_equal(m->d.writeback, 0);
	assert_int_equal(m->d.coherent, 1);
	assert_int_equal(m->i.index, IDX_VIPT);
	assert_int_equal(m->i.size, 65536);
	assert_int_equal(m->i.snoops, 1);
	assert_int_equal(m->ifill_dcache, 1);
	assert_int_equal(m->maint_broadcast, 0);
	assert_int_equal(m->prefetch, PF_ANY);
	assert_int_equal(m->dprefetch, 0);
	assert_int_equal(m->dma_coherent, 1);
	assert_int_equal(p->nthreads, 4);
	arena_free(&l.a);
}

/* ---- malformed inputs ------------------------------------------------- */

struct bad {
	const char *src;
	int line, col;
	const char *msg;	/* a substring of the message */
};

#define HDR	"FLUSH t\n"
/* lines 2..6 */
#define DECLS	"{\n  page P = old;\n  kernel K = P;\n" \
		"  user U = P @ 0x8000 rx;\n}\n"
/* the header on line 7; rows from line 8 */
#define TABLE	HDR DECLS " P0 | P1 ;\n"
/* one row on line 8; the footer from line 9 */
#define BASE	TABLE " st K = new | r0 = ld U ;\n"

static const struct bad bad[] = {
	/* lexer */
	{ "", 1, 1, "empty file" },
	{ "FLUSH t\n\"a doc string\n", 2, 1, "unterminated string" },
	{ TABLE " st K = new | r0 = ld U $ ;\n", 8, 25,
	  "unexpected character '$'" },
	{ HDR "{\n  page P = \x01;\n", 3, 12, "unexpected byte 0x01" },
	{ HDR "{\n  page P;\n  user U = P @ 0x80g0 rx;\n", 4, 20,
	  "bad number" },

	/* header and settings */
	{ "# a comment\n  flush t\n", 2, 3, "starts with 'FLUSH name'" },
	{ "FLUSH\n{ page P; }\n P0 ;\n", 1, 6,
	  "expected the scenario's name after FLUSH" },
	{ "FLUSH  two words\n", 1, 8, "a scenario name has no blanks" },
	{ HDR "  colours = 2\n" DECLS, 2, 3,
	  "unknown machine parameter 'colours'" },
	{ HDR "name = mine\n" DECLS, 2, 1,
	  "'name' is not a scenario setting" },
	{ HDR "cpus = 9\n" DECLS, 2, 8, "expected a number from 1 to 8" },
	{ HDR "dcache = vipt 32K 4 wb privat\n" DECLS, 2, 24,
	  "expected coherent or private" },
	{ HDR "maint =  local now\n" DECLS, 2, 16, "unexpected 'now'" },
	{ HDR "lines =\n" DECLS, 2, 8, "missing value for 'lines'" },
	{ HDR "cpus 2\n" DECLS, 2, 6, "expected '=' after setting 'cpus'" },
	{ HDR "machine = cortex-a99\n" DECLS, 2, 11,
	  "unknown machine 'cortex-a99'" },
	{ HDR "machine = x86\nmachine = arm926\n" DECLS, 3, 1,
	  "machine set twice" },
	{ HDR "cpus = 2\nmachine = x86\n" DECLS, 3, 1,
	  "set machine before any machine parameter" },

	/* declarations */
	{ HDR "  page P = old;\n  kernel K = P;\n}\n", 2, 3,
	  "expected '{' to open the declarations" },
	{ HDR " P0 | P1 ;\n", 2, 2, "expected '{' to open the declarations" },
	{ HDR "cpus = 2\n[\n", 3, 1,
	  "expected '{' to open the declarations, found '['" },
	{ HDR "{\n  page P = old;\n  pgae Q = old;\n", 4, 3,
	  "unknown declaration 'pgae' (page, kernel, user, thread or cpu)" },
	{ HDR "{\n  page P;\n  cpu 0 offline;\n", 4, 7,
	  "CPU0 boots the others: it is online" },
	{ HDR "{\n  page P;\n  cpu 1 online;\n", 4, 9,
	  "expected 'offline' or 'mm N' after the CPU" },
	{ HDR "{\n  page P;\n  cpu 1 mm 9;\n", 4, 12,
	  "expected an mm number from 0 to 7" },
	{ HDR "{\n  page P;\n  cpu 1 mm 1;\n  cpu 1 offline;\n", 5, 7,
	  "CPU1 is declared twice" },
	{ HDR "{\n  page P;\n  cpu 1 mm 1;\n}\n P0 | P1 ;\n dsb | dsb ;\n", 4, 7,
	  "CPU1 runs thread P1, whose mm it has" },
	{ HDR "{\n  page P;\n  cpu 5 offline;\n}\n P0 ;\n dsb ;\n", 4, 7,
	  "CPU5: the machine has 2 CPUs" },
	{ HDR "{\n  page P;\n  thread P8 mm 1;\n", 4, 10,
	  "expected a thread P0 to P7" },
	{ HDR "{\n  page P;\n  thread Q1 mm 1;\n", 4, 10,
	  "expected a thread P0 to P7" },
	{ HDR "{\n  page P;\n  thread P1 1;\n", 4, 13,
	  "expected 'mm N' after the thread" },
	{ HDR "{\n  page P;\n  thread P1 mm 1;\n  thread P1 mm 2;\n", 5, 10,
	  "thread P1 is declared twice" },
	{ HDR "{\n  page P;\n  thread P1 mm 1;\n}\n P0 ;\n dsb ;\n", 4, 10,
	  "thread P1 is declared, but the table has 1 thread" },
	{ HDR "{\n  page P = old;\n  kernel P = P;\n", 4, 10,
	  "'P' is declared twice" },
	{ HDR "{\n  page r1;\n", 3, 8, "'r1' is a register name" },
	{ HDR "{\n  page P;\n  kernel K = X;\n", 4, 14, "unknown page 'X'" },
	{ HDR "{\n  page P;\n  user U = P rx;\n", 4, 14,
	  "a user mapping needs '@ VA'" },
	{ HDR "{\n  page P;\n  user U = P @ rx;\n", 4, 16,
	  "expected a virtual address" },
	{ HDR "{\n  page P;\n  user U = P @ 0x8000 rwq;\n", 4, 23,
	  "bad permissions 'rwq'" },
	{ HDR "{\n  page P;\n  user U = P @ 0x8000 fx;\n", 4, 23,
	  "bad permissions 'fx'" },
	{ HDR "{\n  page P;\n  user U = P @ 0x8000 rx mm;\n", 4, 28,
	  "expected an mm number" },
	/* a ';' missing at a line's end: there, not at the next token */
	{ HDR "{\n  page P = old\n  kernel K = P;\n", 3, 15,
	  "expected ';' after the declaration: missing at the end of this "
	  "line" },
	{ HDR "{\n  page P = old;\n", 4, 1,
	  "missing '}' after the declarations" },
	{ HDR "{\n}\n P0 ;\n", 3, 1, "no page declared" },

	/* the table */
	{ HDR DECLS " P0 | P2 ;\n", 7, 7, "expected the column header P1" },
	{ HDR DECLS " P0 | P1 | P2 ;\n", 7, 12,
	  "3 threads but machine cortex-a9 has 2 CPUs (set cpus = 3)" },
	{ HDR "cpus = 8\n" DECLS
	  " P0 | P1 | P2 | P3 | P4 | P5 | P6 | P7 | P8 ;\n", 8, 42,
	  "too many threads (at most 8)" },
	{ HDR DECLS " P0 | P1\n st K = new | ;\n", 8, 2,
	  "expected '|' or ';', found 'st'" },
	{ TABLE " st K = new ;\n", 8, 13,
	  "this row has 1 cell; the table has 2 columns" },
	{ TABLE " st K = new | dsb | isb ;\n", 8, 19,
	  "more cells than the table has columns (2)" },
	{ TABLE " st K = new | dsb\nexists (P1:r0 = new)\n", 8, 18,
	  "expected ';' at the end of the row: missing at the end of this "
	  "line" },
	{ TABLE " st K = new | dsb exists (P1:r0 = new)\n", 8, 19,
	  "expected ';' at the end of the row, found 'exists'" },

	/* statements */
	{ TABLE " st K = new | flush K ;\n", 8, 15,
	  "unknown statement 'flush'" },
	{ TABLE " st X = new | ;\n", 8, 5, "unknown mapping 'X'" },
	{ TABLE " st P = new | ;\n", 8, 5,
	  "'P' is a page: name a kernel or user mapping of it" },
	{ TABLE " st K[1] = new | ;\n", 8, 7,
	  "line 1 out of range: a page has 1 line" },
	{ HDR "lines = 2\n" DECLS " P0 | P1 ;\n | ld U[2] ;\n", 9, 9,
	  "line 2 out of range: a page has 2 lines" },
	{ TABLE " st K = r5 | ;\n", 8, 9,
	  "register r5 is read before it is written" },
	{ TABLE " r2 = ld K | ;\n st K = r0 | ;\n", 9, 9,
	  "register r0 is read before it is written" },
	{ TABLE " | r0 = ld K ;\n st K = r0 | ;\n", 9, 9,
	  "register r0 is read before it is written" },
	{ TABLE " r16 = ld K | ;\n", 8, 2, "register r16 out of range" },
	{ TABLE " st K = r16 | ;\n", 8, 9, "register r16 out of range" },
	{ TABLE " x = ld K | ;\n", 8, 2, "'x' is not a register" },
	{ TABLE " r0 = st K | ;\n", 8, 7,
	  "expected ld, exec or dma.read after 'r0 ='" },
	{ TABLE " pte.set K | ;\n", 8, 10, "'K' is a kernel mapping" },
	{ TABLE " pte.clear U[0] | ;\n", 8, 13,
	  "a PTE maps a whole page: no line index" },
	{ TABLE " copy K[0] = U | ;\n", 8, 2,
	  "copy: name one line on both sides or on neither" },
	{ TABLE " flush_foo(U) | ;\n", 8, 2,
	  "unknown function 'flush_foo'" },
	{ TABLE " set_pte_at(U, U) | ;\n", 8, 2,
	  "set_pte_at takes 1 argument, not 2" },
	{ TABLE " wait nosuchflag(P) | ;\n", 8, 7, "unknown flag 'nosuchflag'" },
	{ TABLE " return | ;\n", 8, 2, "return outside a function" },
	{ TABLE " dma.read P | ;\n", 8, 2, "dma.read needs a register" },
	{ TABLE " r0 = ld K | dma.write P = r0 ;\n", 8, 28,
	  "dma.write takes a value, not a register" },
	{ TABLE " dma.write X = new | ;\n", 8, 12, "unknown page 'X'" },

	/* the condition */
	{ BASE "exists (P2:r0 = new)\n", 9, 9, "no thread P2" },
	{ BASE "exists (P1x:r0 = new)\n", 9, 9,
	  "expected Pn:rK or [page] in the condition" },
	{ BASE "exists (P1:r1 = new)\n", 9, 12, "P1 never writes r1" },
	{ BASE "exists (P0:r0 = new)\n", 9, 12, "P0 never writes r0" },
	{ BASE "exists (P1:x = new)\n", 9, 12,
	  "expected a register (r0, r1, ...)" },
	{ BASE "exists (P1:r0 new)\n", 9, 15, "expected '=', found 'new'" },
	{ BASE "exists (P1:r0 = new\nexpect *: ok\n", 10, 1,
	  "expected ')', found 'expect'" },
	{ BASE "exists ([X] = new)\n", 9, 10, "unknown page 'X'" },
	{ BASE "exists ([P[3]] = new)\n", 9, 12, "line 3 out of range" },
	{ BASE "exists P1:r0 = new\n", 9, 8,
	  "expected '(' after the quantifier" },
	{ BASE "~forall (P1:r0 = new)\n", 9, 2, "expected 'exists' after '~'" },
	{ BASE "exists (P1:r0 = new)\nforall (P1:r0 = old)\n", 10, 1,
	  "a scenario has one condition" },

	/* check and expect */
	{ BASE "check stale-fetch, stale-data\n", 9, 20,
	  "unknown oracle 'stale-data'" },
	{ BASE "check\nexpect *: ok\n", 9, 6, "expected oracle names or none" },
	{ BASE "expect\n", 9, 7, "expected 'POLICY: words'" },
	{ BASE "expect generic ok\n", 9, 8, "expected ':' after the policy" },
	{ BASE "expect a b: ok\n", 9, 8,
	  "expected one policy name or '*' before ':'" },
	{ BASE "expect generic:\n", 9, 16,
	  "expected ok, oracle names or an observation word" },
	{ BASE "expect *: ok sometimes\n", 9, 14, "unknown word 'sometimes'" },
	{ BASE "expect *: fault ok\n", 9, 17, "'ok' with oracle names" },
	{ BASE "expect *: ok, fault\n", 9, 15, "'ok' with oracle names" },
	{ BASE "expect *: Sometimes\n", 9, 11,
	  "'Sometimes' needs a condition" },
	{ BASE "exists (P1:r0 = new)\nexpect *: Sometimes Never\n", 10, 21,
	  "two observation words" },

	/* after the table */
	{ BASE "exists (P1:r0 = new)\nfoo\n", 10, 1,
	  "unexpected 'foo' (a condition, check or expect)" },
	{ BASE "exists (P1:r0 = new) )\n", 9, 22, "unexpected ')'" },
};

static void malformed_inputs(void **st)
{
	int failed = 0;

	(void)st;
	assert_true(sizeof bad / sizeof bad[0] >= 32);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const struct bad *b = &bad[i];
		struct loaded l;

		load_src(&l, b->src);
		/* report every wrong row, not just the first */
		if (l.p) {
			print_error("row %zu (%s): loaded, want %d:%d: %s\n",
				    i, b->msg, b->line, b->col, b->msg);
			failed++;
		} else if (l.d.line != b->line || l.d.col != b->col ||
			   !strstr(l.d.msg, b->msg) ||
			   strcmp(l.d.file, "test.flush")) {
			print_error("row %zu: got %s:%d:%d: %s\n"
				    "        want test.flush:%d:%d: ...%s...\n",
				    i, l.d.file, l.d.line, l.d.col, l.d.msg,
				    b->line, b->col, b->msg);
			failed++;
		}
		arena_free(&l.a);
	}
	assert_int_equal(failed, 0);
}

/* The 64th distinct value is reported where it is written. */
static void too_many_labels(void **st)
{
	char src[4096];
	size_t n;
	struct loaded l;

	(void)st;
	n = (size_t)snprintf(src, sizeof src, "%s%s P0 ;\n", HDR, DECLS);
	/* "0" and old are two; v0..v61 make 64 */
	for (int i = 0; i <= 62; i++)
		n += (size_t)snprintf(src + n, sizeof src - n,
				      " st K = v%d ;\n", i);
	load_src(&l, src);
	assert_null(l.p);
	assert_int_equal(l.d.line, 8 + 62);
	assert_int_equal(l.d.col, 9);
	assert_non_null(strstr(l.d.msg, "too many distinct values"));
	arena_free(&l.a);
}

/* A thread longer than FC_MAX_OPS ops: at the statement that overflows. */
static void thread_too_long(void **st)
{
	/* 16 lines per page: each `dc.clean K` is 16 ops (not stores:
	 * FC_MAX_LINE_WRITES would stop those first) */
	int rows = FC_MAX_OPS / 16 + 1;
	size_t cap = 256 + (size_t)rows * 16, n;
	char *src = malloc(cap);
	struct loaded l;

	(void)st;
	assert_non_null(src);
	n = (size_t)snprintf(src, cap, "%slines = 16\n%s P0 ;\n", HDR, DECLS);
	for (int i = 0; i < rows; i++)
		n += (size_t)snprintf(src + n, cap - n, " dc.clean K ;\n");
	load_src(&l, src);
	assert_null(l.p);
	/* rows start on line 9; the last one overflows */
	assert_int_equal(l.d.line, 9 + rows - 1);
	assert_int_equal(l.d.col, 2);
	assert_non_null(strstr(l.d.msg, "thread P0 is too long"));
	arena_free(&l.a);
	free(src);
}

/* ---- robustness ------------------------------------------------------- */

static int count_lines(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * One load of src (copied to a buffer of its exact size, so that ASan sees
 * any read past the end): a program whose indices are all in range, or an
 * error with a message and a position inside the text.
 */
static void load_sane(const char *src, size_t len)
{
	char *buf = malloc(len + 1);
	struct loaded l;

	assert_non_null(buf);
	memcpy(buf, src, len);
	buf[len] = '\0';
	load_src(&l, buf);
	if (!l.p) {
		assert_true(l.d.line >= 1);
		assert_true(l.d.line <= count_lines(buf));
		assert_true(l.d.col >= 1);
		assert_true(l.d.msg[0] != '\0');
	} else {
		const struct program *p = l.p;

		assert_true(p->nthreads >= 1);
		assert_true(p->nthreads <= p->machine.cpus);
		assert_true(p->npages >= 1);
		for (int t = 0; t < p->nthreads; t++) {
			assert_true(p->nregs[t] <= FC_MAX_REGS);
			for (int i = 0; i < p->threads[t].nops; i++) {
				const struct op *o = &p->threads[t].ops[i];
				int dma = o->kind == OP_DMA_WRITE ||
					  o->kind == OP_DMA_READ;

				assert_true(o->mapping < (dma ? p->npages
							   : p->nmappings));
				assert_true(o->line < p->machine.lines);
				assert_true(o->reg == NO_REG ||
					    o->reg < p->nregs[t]);
				assert_true(o->label < p->nlabels);
			}
		}
		for (int i = 0; i < p->nlocs; i++)
			assert_true(p->locs[i].is_mem
				    ? p->locs[i].page < p->npages
				    : p->locs[i].thread < p->nthreads);
	}
	arena_free(&l.a);
	free(buf);
}

static void every_prefix(void **st)
{
	size_t len = strlen(full_src);

	(void)st;
	assert_true(len >= 200);
	for (size_t n = 0; n <= len; n++)
		load_sane(full_src, n);
}

/* xorshift32: the same mutations on every libc */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void random_mutations(void **st)
{
	/* bytes that steer the parser into its corners */
	static const char tricky[] = "{}()[]|;:=@*~/\\\"#\n 0123456789rPKUx.-";
	size_t len = strlen(full_src);
	char *buf = malloc(len + 1);
	uint32_t seed = 20100325;

	(void)st;
	assert_non_null(buf);
	for (int iter = 0; iter < 3000; iter++) {
		int nmut = 1 + (int)(rnd(&seed) % 4);
		size_t n = len;

		memcpy(buf, full_src, len + 1);
		for (int k = 0; k < nmut; k++) {
			size_t at = rnd(&seed) % n;
			uint32_t how = rnd(&seed) % 4;

			if (how == 0) {		/* any byte but NUL */
				buf[at] = (char)(1 + rnd(&seed) % 255);
			} else if (how == 1) {	/* a token character */
				buf[at] = tricky[rnd(&seed) %
						 (sizeof tricky - 1)];
			} else if (how == 2 && n > 1) {	/* delete */
				memmove(buf + at, buf + at + 1, n - at);
				n--;
			} else {		/* duplicate */
				if (n < len) {
					memmove(buf + at + 1, buf + at,
						n - at + 1);
					n++;
				}
			}
		}
		load_sane(buf, n);
	}
	free(buf);
}

/* ---- hostile input (limits.h) ----------------------------------------- */

/* Load g's text: 0 if it loaded, else 1 with the error in l->d. */
static int gen_load(struct loaded *l, struct gen *g)
{
	load_src(l, g->s);
	if (l->p)
		return 0;
	return 1;
}

static void assert_diag(const struct loaded *l, int line, int col,
			const char *msg)
{
	if (l->p)
		fail_msg("loaded, want %d:%d: %s", line, col, msg);
	if (l->d.line != line || l->d.col != col || !strstr(l->d.msg, msg))
		fail_msg("got %d:%d: %s, want %d:%d: ...%s...", l->d.line,
			 l->d.col, l->d.msg, line, col, msg);
}

/*
 * BASE and a condition made of `open`, an atom, `close`, each `n` times:
 * the condition stands on line 9 after "exists " (7 columns).
 */
static void nested_condition(struct gen *g, const char *open, int n,
			     const char *close)
{
	memset(g, 0, sizeof *g);
	put(g, "%sexists ", BASE);
	put_n(g, open, n);
	put(g, "P1:r0 = old");
	put_n(g, close, n);
	put(g, "\n");
}

/*
 * Every way a condition nests is bounded by FC_MAX_NEST, with an error at
 * the token that opens one level too many; exactly FC_MAX_NEST levels
 * load.  Without the limit the deep rows overflow the stack.
 */
static void condition_nesting_is_bounded(void **st)
{
	struct loaded l;
	struct gen g;

	(void)st;
	/* parentheses: the (FC_MAX_NEST + 1)-th '(' is at column 7 + it */
	nested_condition(&g, "(", FC_MAX_NEST, ")");
	assert_int_equal(gen_load(&l, &g), 0);
	arena_free(&l.a);
	free(g.s);
	nested_condition(&g, "(", FC_MAX_NEST + 1, ")");
	gen_load(&l, &g);
	assert_diag(&l, 9, 8 + FC_MAX_NEST, "nested too deeply");
	arena_free(&l.a);
	free(g.s);
	nested_condition(&g, "(", 100000, ")");
	gen_load(&l, &g);
	assert_diag(&l, 9, 8 + FC_MAX_NEST, "nested too deeply");
	arena_free(&l.a);
	free(g.s);

	/* ~ inside the outer '(': one level each */
	memset(&g, 0, sizeof g);
	put(&g, "%sexists (", BASE);
	put_n(&g, "~", 100000);
	put(&g, "P1:r0 = old)\n");
	gen_load(&l, &g);
	assert_diag(&l, 9, 8 + FC_MAX_NEST, "nested too deeply");
	arena_free(&l.a);
	free(g.s);

	/* a \/ chain: each operand after the first is a level; the
	 * outer '(' is one, so the (FC_MAX_NEST)-th \/ is too many.
	 * Each "P1:r0 = old \/ " is 15 columns, after "exists (" (8) */
	memset(&g, 0, sizeof g);
	put(&g, "%sexists (", BASE);
	put_n(&g, "P1:r0 = old \\/ ", 100000);
	put(&g, "P1:r0 = old)\n");
	gen_load(&l, &g);
	assert_diag(&l, 9, 9 + (FC_MAX_NEST - 1) * 15 + 12, "nested too deeply");
	arena_free(&l.a);
	free(g.s);
	memset(&g, 0, sizeof g);
	put(&g, "%sexists (", BASE);
	put_n(&g, "P1:r0 = old /\\ ", FC_MAX_NEST - 2);
	put(&g, "P1:r0 = old)\n");
	assert_int_equal(gen_load(&l, &g), 0);
	arena_free(&l.a);
	free(g.s);
}

/* Braces and ifs in a thread cell: the cell is on line 8, column 2. */
static void cell_nesting_is_bounded(void **st)
{
	struct loaded l;
	struct gen g;

	(void)st;
	memset(&g, 0, sizeof g);
	put(&g, "%s ", TABLE);
	put_n(&g, "{", FC_MAX_NEST - 1);
	put(&g, "st K = new;");
	put_n(&g, "}", FC_MAX_NEST - 1);
	put(&g, " | r0 = ld U ;\n");
	assert_int_equal(gen_load(&l, &g), 0);
	arena_free(&l.a);
	free(g.s);

	memset(&g, 0, sizeof g);
	put(&g, "%s ", TABLE);
	put_n(&g, "{", 100000);
	put(&g, "st K = new;");
	put_n(&g, "}", 100000);
	put(&g, " | r0 = ld U ;\n");
	gen_load(&l, &g);
	/* the cell is a level, each '{' another */
	assert_diag(&l, 8, 2 + FC_MAX_NEST, "nested too deeply");
	arena_free(&l.a);
	free(g.s);

	/* "if (true) " is 10 columns */
	memset(&g, 0, sizeof g);
	put(&g, "%s ", TABLE);
	put_n(&g, "if (true) ", 100000);
	put(&g, "st K = new | r0 = ld U ;\n");
	gen_load(&l, &g);
	assert_diag(&l, 8, 2 + FC_MAX_NEST * 10, "nested too deeply");
	arena_free(&l.a);
	free(g.s);
}

/* Numbers are decimal (010 is ten) or 0x hex; too large is an error. */
static void numbers_are_decimal_and_checked(void **st)
{
	struct loaded l;
	struct program *p;

	(void)st;
	p = must_load(&l, "FLUSH t\n{\n  page P = 010;\n  page Q = 0x10;\n"
		      "  kernel K = P;\n  user U = P @ 0x8000 rx;\n}\n"
		      " P0 | P1 ;\n st K = 007 | r0 = ld U ;\n");
	assert_string_equal(p->labels[p->pages[0].label], "10");
	assert_string_equal(p->labels[p->pages[1].label], "16");
	assert_string_equal(p->threads[0].ops[0].text, "st K = 7");
	arena_free(&l.a);

	load_src(&l, "FLUSH t\n{\n  page P = 18446744073709551616;\n}\n");
	assert_diag(&l, 3, 12, "number too large");
	arena_free(&l.a);
	load_src(&l, "FLUSH t\n{\n  page P = 18446744073709551615;\n"
		 "  user U = P @ 0x100000000000000000 rx;\n}\n");
	assert_diag(&l, 4, 16, "number too large");
	arena_free(&l.a);
	/* the K suffix must not shift bits out */
	load_src(&l, "FLUSH t\n{\n  page P = 18014398509481984K;\n}\n");
	assert_diag(&l, 3, 12, "number too large");
	arena_free(&l.a);
	/* an mm number is not cut to an int */
	load_src(&l, "FLUSH t\n{\n  page P;\n"
		 "  user U = P @ 0x8000 rx mm 4294967296;\n}\n");
	assert_diag(&l, 4, 29, "mm number too large");
	arena_free(&l.a);
}

/* A setting's value is not cut short silently (it could mean another). */
static void long_setting_refused(void **st)
{
	struct loaded l;
	struct gen g;

	(void)st;
	memset(&g, 0, sizeof g);
	put(&g, "FLUSH t\nmachine = ");
	put_n(&g, "x ", 300);
	put(&g, "\n%s", DECLS);
	load_src(&l, g.s);
	assert_diag(&l, 2, 11, "line too long");
	arena_free(&l.a);
	free(g.s);
}

/* LF, CRLF and a lone CR end lines alike: same program, same positions. */
static void line_ends_cr_crlf_lf(void **st)
{
	static const char src[] = BASE "exists (P1:r0 = new)\n"
		"expect generic: ok Sometimes\nexpect generic: bogus\n";
	const char *ends[] = { "\n", "\r\n", "\r" };

	(void)st;
	for (int e = 0; e < 3; e++) {
		struct loaded l;
		struct gen g;

		memset(&g, 0, sizeof g);
		for (const char *c = src; *c; c++)
			if (*c == '\n')
				put(&g, "%s", ends[e]);
			else
				put(&g, "%c", *c);
		load_src(&l, g.s);
		/* line 11, after "expect generic: " */
		assert_diag(&l, 11, 17, "unknown word 'bogus'");
		arena_free(&l.a);
		/* without the bad expect line: it loads, whole */
		g.s[g.n - strlen("expect generic: bogus") - strlen(ends[e])] = 0;
		must_load(&l, g.s);
		assert_int_equal(l.p->nthreads, 2);
		assert_int_equal(l.p->nexpects, 1);
		assert_string_equal(l.p->name, "t");
		assert_string_equal(l.p->cond_text, "(P1:r0 = new)");
		arena_free(&l.a);
		free(g.s);
	}
}

/*
 * The model numbers a line's versions in 7 bits: the write past
 * FC_MAX_LINE_WRITES is an error at its statement (before, the model said
 * so without a position).  Rows start on line 8, at column 2.
 */
static void too_many_writes_to_one_line(void **st)
{
	struct loaded l;
	struct gen g;

	(void)st;
	memset(&g, 0, sizeof g);
	put(&g, "%s P0 ;\n", HDR DECLS);
	put_n(&g, " st K = new ;\n", FC_MAX_LINE_WRITES);
	must_load(&l, g.s);
	arena_free(&l.a);
	put(&g, " st K = old ;\n");
	load_src(&l, g.s);
	assert_diag(&l, 7 + FC_MAX_LINE_WRITES + 1, 2,
		    "more than 125 writes to one line (P[0])");
	arena_free(&l.a);
	free(g.s);
}

/* Machine files: the same line ends and numbers as the other files. */
static void machine_file_line_ends_and_numbers(void **st)
{
	struct machine m;
	struct diag d;

	(void)st;
	memset(&d, 0, sizeof d);
	machine_defaults(&m);
	assert_int_equal(machine_file_load(&m, "m", "cpus = 2\rlines = 010\r"
					   "page = 0x2000\r\n", &d), 0);
	assert_int_equal(m.cpus, 2);
	assert_int_equal(m.lines, 10);
	assert_int_equal(m.page, 0x2000);
	machine_defaults(&m);
	assert_int_equal(machine_file_load(&m, "m", "cpus = 2\r"
					   "page = 18446744073709551616\r",
					   &d), -1);
	assert_int_equal(d.line, 2);
	assert_int_equal(d.col, 8);
	machine_defaults(&m);
	assert_int_equal(machine_file_load(&m, "m", "cpus = 2\r"
					   "page = 17592186044416K\r",
					   &d), -1);
	assert_int_equal(d.line, 2);
}

/* "did you mean": the nearest name within a typo's distance, or none. */
static void suggestions(void **st)
{
	static const char *const names[] = {
		"dc.clean", "dc.inv", "flush_icache_range", "flush_dcache_page",
		"cortex-a9", "arm64", "arm64-tas",
	};
	static const struct {
		const char *want, *text;
	} rows[] = {
		{ "dc.cleen", " (did you mean 'dc.clean'?)" },
		{ "flush_icache_rnage", " (did you mean 'flush_icache_range'?)" },
		{ "cortexa9", " (did you mean 'cortex-a9'?)" },
		{ "arm46", " (did you mean 'arm64'?)" },
		{ "arm64-tsa", " (did you mean 'arm64-tas'?)" },
		{ "zzz", "" },			/* nothing near */
		{ "dc", "" },			/* 4 edits from dc.inv */
		{ "invalidate_all_caches", "" },
	};

	(void)st;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct suggest sg;
		char buf[96];

		suggest_init(&sg, rows[i].want);
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			suggest_offer(&sg, names[k]);
		assert_string_equal(suggest_text(&sg, buf, sizeof buf),
				    rows[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suggestions),
		cmocka_unit_test(full_header_and_machine),
		cmocka_unit_test(full_declarations),
		cmocka_unit_test(full_labels_and_registers),
		cmocka_unit_test(full_thread0),
		cmocka_unit_test(full_thread1),
		cmocka_unit_test(full_thread2),
		cmocka_unit_test(full_condition),
		cmocka_unit_test(full_check_and_expect),
		cmocka_unit_test(minimal_defaults),
		cmocka_unit_test(one_line_per_page),
		cmocka_unit_test(forall_and_check_none),
		cmocka_unit_test(empty_cells_and_register_gaps),
		cmocka_unit_test(machine_overrides),
		cmocka_unit_test(malformed_inputs),
		cmocka_unit_test(too_many_labels),
		cmocka_unit_test(thread_too_long),
		cmocka_unit_test(every_prefix),
		cmocka_unit_test(random_mutations),
		cmocka_unit_test(condition_nesting_is_bounded),
		cmocka_unit_test(cell_nesting_is_bounded),
		cmocka_unit_test(numbers_are_decimal_and_checked),
		cmocka_unit_test(line_ends_cr_crlf_lf),
		cmocka_unit_test(too_many_writes_to_one_line),
		cmocka_unit_test(machine_file_line_ends_and_numbers),
		cmocka_unit_test(long_setting_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
