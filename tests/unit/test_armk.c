/* SPDX-License-Identifier: MIT */
/*
 * test_armk.c - kernel scenarios compiled for the relaxed Armv8 model
 * (model/armk.c, docs/design.md section 9): the instructions each op
 * becomes, the interrupt an on_each_cpu posts, what is refused and where,
 * and values read back as labels.
 */
#include "helpers.h"

#include "model/arm.h"

/* The ops of a column, from its first slot to its end or return. */
static int column_ops(const struct aprog *a, int s, enum ainsn_op *out,
		      int max)
{
	int n = 0;

	for (; s < a->nslots && n < max; s++) {
		enum ainsn_op op = (enum ainsn_op)a->insns[a->slot_insn[s]].op;

		out[n++] = op;
		if (op == AI_HALT || op == AI_ERET)
			break;
	}
	return n;
}

static const struct ainsn *slot_insn(const struct aprog *a, int s)
{
	return &a->insns[a->slot_insn[s]];
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define RELAXED "machine = armv8\nmodel = armv8\n"

/*
 * A fault on CPU1 while CPU0 reads the page in, under asm-generic: the
 * kernel's wait (PG_uptodate is ordered: DMB ISHLD after it), the page
 * lock (SWPA awaiting 0), set_pte_at's store, the unlock (STLR), and the
 * fetch through the user mapping, gated by its PTE.
 */
static void ops_become_instructions(void **st)
{
	static const enum ainsn_op p0[] = {
		AI_STR, AI_DMB, AI_STR, AI_HALT,
	};
	static const enum ainsn_op p1[] = {
		AI_LDR, AI_DMB, AI_SWP, AI_STR, AI_STLR, AI_BL, AI_MOV, AI_HALT,
	};
	struct loaded l;
	struct program *p = must_load(&l,
		"FLUSH t\n" RELAXED
		"{ page P = old; user UA = P @ 0x8000 rx absent; }\n"
		" P0 | P1 ;\n pio_read(P, new) | fault(UA) ;\n"
		" | r0 = exec UA ;\n");
	char err[256];
	struct model *m = model_new(p, 0, err, sizeof err);
	const struct aprog *a;
	enum ainsn_op got[32];
	int n, s;

	(void)st;
	assert_non_null(m);
	a = model_arm_program(m);
	assert_non_null(a);
	assert_int_equal(a->nthreads, 2);
	n = column_ops(a, a->threads[0].start, got, 32);
	assert_int_equal(n, NELEM(p0));
	assert_memory_equal(got, p0, sizeof p0);
	n = column_ops(a, a->threads[1].start, got, 32);
	assert_int_equal(n, NELEM(p1));
	assert_memory_equal(got, p1, sizeof p1);
	s = a->threads[1].start;
	/* the wait: a load that waits for 1; the lock: SWPA waiting for 0 */
	assert_true(slot_insn(a, s)->await);
	assert_int_equal(slot_insn(a, s)->kwant, av_int(1));
	assert_int_equal(slot_insn(a, s + 1)->bar, AB_LD);
	assert_true(slot_insn(a, s + 2)->acq && slot_insn(a, s + 2)->await);
	assert_int_equal(slot_insn(a, s + 2)->kwant, av_int(0));
	/* the PTE store, and the fetch's slot is gated by that location */
	{
		const struct ainsn *pte = slot_insn(a, s + 3);
		const struct ainsn *bl = slot_insn(a, s + 5);
		int line = bl->imm;

		assert_int_equal(AV_KIND(pte->kaddr), AV_LOC);
		assert_int_equal(a->slot_gate[line], 1 + AV_PAYLOAD(pte->kaddr));
		assert_true(a->slot_judged[line]);
		assert_true(a->slot_alias[line] > 0);
		/* the instruction after the line returns to the BL */
		assert_int_equal(slot_insn(a, line + 1)->op, AI_RET);
	}
	/* CPU0's store: the label "new" as the line's instruction */
	{
		const struct ainsn *str = slot_insn(a, a->threads[0].start);

		assert_true(str->konst & AK_VAL);
		assert_int_equal(AV_KIND(str->kval), AV_INSN);
		assert_string_equal(a->insns[AV_PAYLOAD(str->kval)].text, "new");
	}
	model_free(m);
	arena_free(&l.a);
}

/* on_each_cpu: pending word, the block in line, waits; a handler on P1. */
static void on_each_cpu_is_an_interrupt(void **st)
{
	static const char pol[] =
		"POLICY v\nf(k) { on_each_cpu { ic.inv.all; } }\n";
	static const enum ainsn_op p0[] = {
		AI_DSB, AI_STR, AI_IC_IALLUIS, AI_LDAR, AI_HALT,
	};
	static const enum ainsn_op h[] = {
		AI_IRQ_ENTRY, AI_IC_IALLUIS, AI_STLR, AI_ERET,
	};
	struct arena pa = { 0 };
	struct polset ps;
	struct diag d = { 0 };
	struct program *p;
	struct model *m;
	const struct aprog *a;
	enum ainsn_op got[32];
	char err[256];
	int n;

	(void)st;
	assert_int_equal(polset_load(&pa, &ps, NULL, "v.pol", pol, &d), 0);
	p = scenario_load(&pa, "t.flush", "FLUSH t\n" RELAXED
			  "{ page P = old; kernel K = P; }\n P0 | P1 ;\n"
			  " f(K) | ;\n", NULL, &ps, &d);
	assert_non_null(p);
	m = model_new(p, 0, err, sizeof err);
	assert_non_null(m);
	a = model_arm_program(m);
	n = column_ops(a, a->threads[0].start, got, 32);
	assert_int_equal(n, NELEM(p0));
	assert_memory_equal(got, p0, sizeof p0);
	assert_int_equal(slot_insn(a, a->threads[0].start)->bar, AB_ST);
	assert_int_equal(a->threads[0].nirqs, 0);
	assert_int_equal(a->threads[1].nirqs, 1);
	n = column_ops(a, a->threads[1].irq[0].start, got, 32);
	assert_int_equal(n, NELEM(h));
	assert_memory_equal(got, h, sizeof h);
	/* the entry reads the word P0 writes */
	assert_int_equal(slot_insn(a, a->threads[1].irq[0].start)->kaddr,
			 slot_insn(a, a->threads[0].start + 1)->kaddr);
	model_free(m);
	arena_free(&pa);
}

/* What Arm's model has no meaning for is refused at its line:col. */
static void refusals_name_the_op(void **st)
{
	static const struct {
		const char *cell, *msg;
	} rows[] = {
		{ "dma.write P = new", "test.flush:6:2: DMA is not in the Armv8 model" },
		{ "dc.inv K", "test.flush:6:2: dc.inv (DC IVAC) is not in" },
		{ "dc.clean.all", "test.flush:6:2: set/way maintenance is not in" },
		{ "ic.inv U", "test.flush:6:2: ic.inv by VA on an aliasing I-cache" },
		{ "ic.inv.local K", "test.flush:6:2: ic.inv.local K: AArch64 has no local" },
		/* inside a kernel path: its place there, and the call path */
		{ "dma_read(P, new)", "<built-in linux.pol>:" },
	};

	(void)st;
	for (int i = 0; i < NELEM(rows); i++) {
		struct loaded l;
		char src[512], err[256];
		struct program *p;

		snprintf(src, sizeof src, "FLUSH t\n" RELAXED
			 "{ page P = old; kernel K = P; user U = P @ 0x9000 rx; }\n"
			 " P0 ;\n %s ;\n", rows[i].cell);
		p = must_load(&l, src);
		assert_null(model_new(p, 0, err, sizeof err));
		if (strncmp(err, rows[i].msg, strlen(rows[i].msg)) ||
		    !strstr(err, " (in "))
			fail_msg("row %d: %s", i, err);
		arena_free(&l.a);
	}
}

/* A line's value and a register's read back as the scenario's labels. */
static void values_are_labels(void **st)
{
	struct loaded l;
	struct program *p = must_load(&l,
		"FLUSH t\n" RELAXED "{ page P = old; kernel K = P; }\n"
		" P0 ;\n r0 = ld K ;\nexists (P0:r0 = old /\\ [P] = old)\n");
	char err[256];
	struct model *m = model_new(p, 0, err, sizeof err);
	uint8_t *s;
	int old = -1;

	(void)st;
	assert_non_null(m);
	for (int k = 0; k < p->nlabels; k++)
		if (!strcmp(p->labels[k], "old"))
			old = k;
	assert_true(old > 0);
	s = calloc(1, model_state_size(m));
	model_initial(m, s);
	for (int k = 0; k < p->nlocs; k++)
		if (p->locs[k].is_mem)
			assert_int_equal(model_loc_value(m, s, k), (uint32_t)old);
	free(s);
	model_free(m);
	arena_free(&l.a);
}

/*
 * A thread that waits forever: the cache model says deadlock; the relaxed
 * model, which does not judge it, must say incomplete, never ok (one
 * state, no final one).  Without the rule the run is `ok Never`.
 */
static void waiting_forever_is_incomplete(void **st)
{
	struct loaded l;
	struct program *p = must_load(&l,
		"FLUSH t\n" RELAXED "{ page P = old; kernel K = P; }\n"
		" P0 ;\n wait uptodate(P) ;\n r0 = ld K ;\n"
		"bug exists (P0:r0 = old)\n");
	struct search_limits lim = { 0 };
	struct result r;

	(void)st;
	assert_int_equal(check_run(p, NULL, &lim, &r), 0);
	assert_int_equal(r.stats.states, 1);
	assert_true(r.unfinished);
	assert_true(r.incomplete);
	assert_int_equal(r.violated, 0);
	check_free(&r);
	arena_free(&l.a);
}

/* ---- RCU's grace period (docs/design.md 9.4) ----------------------------- */

/*
 * CPU0 patches L as aarch64_insn_patch_text_nosync() does, waits for a
 * grace period and publishes K; CPU1's column (p1, rows separated by
 * ';\n |') passes a quiescent state, reads K and runs L.
 */
static void rcu_scenario(char *out, size_t n, const char *p1)
{
	snprintf(out, n, "FLUSH t\n" RELAXED
		 "{ page T = nop; kernel L = T @ 0xffff800008010000;\n"
		 "  page N = off; kernel K = N @ 0xffff800009000000; }\n"
		 " P0 | P1 ;\n"
		 " st L = jump | %s ;\n"
		 " dc.clean L | ;\n dsb | ;\n ic.inv L | ;\n dsb | ;\n"
		 " isb | ;\n synchronize_rcu | ;\n st K = on | r1 = ld K ;\n"
		 " | r0 = exec L ;\n"
		 "bug exists (P1:r1 = on /\\ P1:r0 = nop)\n", p1);
}

/* The run's result: 1 bad outcome reachable, 0 not, -1 incomplete. */
static int rcu_run(const char *p1)
{
	char src[1024];
	struct loaded l;
	struct search_limits lim = { 0 };
	struct result r;
	int v;

	rcu_scenario(src, sizeof src, p1);
	must_load(&l, src);
	assert_int_equal(check_run(l.p, NULL, &lim, &r), 0);
	v = r.incomplete ? -1 : r.violated != 0;
	check_free(&r);
	arena_free(&l.a);
	return v;
}

/* The instructions of each RCU statement, and the words they share. */
static void rcu_ops_become_instructions(void **st)
{
	static const enum ainsn_op p0[] = {
		AI_DMB, AI_STR, AI_DMB,			/* the grace period starts */
		AI_LDR, AI_CBZ, AI_LDAR, AI_DMB,	/* ... and waits for P1 */
		AI_HALT,
	};
	static const enum ainsn_op p1[] = {
		AI_LDAR, AI_DMB, AI_STLR,		/* rcu_qs */
		AI_DMB, AI_SWP, AI_DMB,			/* rcu_eqs_enter */
		AI_DMB, AI_SWP, AI_DMB, AI_LDR,		/* rcu_eqs_exit */
		AI_HALT,
	};
	struct loaded l;
	struct program *p = must_load(&l, "FLUSH t\n" RELAXED
		"{ page P = old; kernel K = P; }\n P0 | P1 ;\n"
		" synchronize_rcu | rcu_qs ;\n | rcu_eqs_enter ;\n"
		" | rcu_eqs_exit ;\n");
	char err[256];
	struct model *m = model_new(p, 0, err, sizeof err);
	const struct aprog *a;
	enum ainsn_op got[32];
	int n, s0, s1;

	(void)st;
	assert_non_null(m);
	a = model_arm_program(m);
	s0 = a->threads[0].start;
	s1 = a->threads[1].start;
	n = column_ops(a, s0, got, 32);
	assert_int_equal(n, NELEM(p0));
	assert_memory_equal(got, p0, sizeof p0);
	n = column_ops(a, s1, got, 32);
	assert_int_equal(n, NELEM(p1));
	assert_memory_equal(got, p1, sizeof p1);
	/* P1 waits for the word P0 writes, and reports where P0 waits */
	assert_int_equal(slot_insn(a, s1)->kaddr, slot_insn(a, s0 + 1)->kaddr);
	assert_true(slot_insn(a, s1)->await);
	assert_int_equal(slot_insn(a, s1 + 2)->kaddr,
			 slot_insn(a, s0 + 5)->kaddr);
	/* the sample reads the word P1's EQS ops write; 0 skips the wait */
	assert_int_equal(slot_insn(a, s0 + 3)->kaddr,
			 slot_insn(a, s1 + 4)->kaddr);
	assert_int_equal(slot_insn(a, s0 + 4)->imm, s0 + 6);
	assert_int_equal(slot_insn(a, s1 + 4)->kval, av_int(0));
	assert_int_equal(slot_insn(a, s1 + 7)->kval, av_int(1));
	assert_true(slot_insn(a, s1 + 9)->await);
	model_free(m);
	arena_free(&l.a);
}

/*
 * A grace period after the patch synchronises CPU1 only through a context
 * synchronisation that its quiescent state orders after the grace period
 * began.  Each row fails if its rule is removed: without the await of
 * rcu_qs (it counts only once the grace period was seen) the ISB after it
 * is unordered, and "qs, isb" turns bad; without the read closing
 * rcu_eqs_exit the interrupt's entry is unordered, and "eqs, isb" turns
 * bad; without the sample of the watching word an idle CPU keeps the grace
 * period waiting, and "eqs" turns incomplete.
 */
static void rcu_quiescent_states(void **st)
{
	static const struct {
		const char *p1;
		int bad;
	} rows[] = {
		{ "rcu_qs", 1 },				/* cond_resched */
		{ "rcu_qs ;\n | isb", 0 },			/* switch_mm */
		{ "isb ;\n | rcu_qs", 1 },			/* entry only */
		{ "rcu_eqs_enter ;\n | rcu_eqs_exit", 1 },	/* poll idle */
		{ "rcu_eqs_enter ;\n | rcu_eqs_exit ;\n | isb", 0 },
		{ "rcu_eqs_enter ;\n | isb ;\n | rcu_eqs_exit", 1 },
		{ "r9 = ld K", -1 },		/* watched, never a QS */
	};

	(void)st;
	for (int i = 0; i < NELEM(rows); i++)
		if (rcu_run(rows[i].p1) != rows[i].bad)
			fail_msg("row %d (%s): %d, not %d", i, rows[i].p1,
				 rcu_run(rows[i].p1), rows[i].bad);
}

/* The cache model refuses RCU at its line; the Armv8 model one GP. */
static void rcu_refusals(void **st)
{
	static const struct {
		const char *src, *msg;
	} rows[] = {
		{ "FLUSH t\n{ page P = old; kernel K = P; }\n P0 | P1 ;\n"
		  " synchronize_rcu | rcu_qs ;\n",
		  "test.flush:4:2: synchronize_rcu: RCU grace periods are in "
		  "the Armv8 model only" },
		{ "FLUSH t\n" RELAXED "{ page P = old; kernel K = P; }\n"
		  " P0 | P1 ;\n synchronize_rcu | rcu_qs ;\n"
		  " synchronize_rcu | ;\n",
		  "test.flush:7:2: synchronize_rcu: start: one grace period" },
		{ "FLUSH t\n" RELAXED "{ page P = old; kernel K = P; }\n"
		  " P0 | P1 ;\n synchronize_rcu | rcu_qs ;\n rcu_qs | ;\n",
		  "test.flush:7:2: rcu_qs: the CPU in synchronize_rcu" },
		{ "FLUSH t\n" RELAXED "{ page P = old; kernel K = P; }\n"
		  " P0 | P1 ;\n rcu_eqs_enter | ;\n",
		  "test.flush:6:2: rcu_eqs_enter: a quiescent state with no" },
	};

	(void)st;
	for (int i = 0; i < NELEM(rows); i++) {
		struct loaded l;
		char err[320];
		struct model *m;

		load_src(&l, rows[i].src);
		if (!l.p) {
			snprintf(err, sizeof err, "test.flush:%d:%d: %s",
				 l.d.line, l.d.col, l.d.msg);
		} else {
			m = model_new(l.p, 0, err, sizeof err);
			assert_null(m);
		}
		if (strncmp(err, rows[i].msg, strlen(rows[i].msg)))
			fail_msg("row %d: %s", i, err);
		arena_free(&l.a);
	}
}

/* A guest's MMU-off view (N7) is the cache model's only. */
static void mmu_off_view_refused(void **st)
{
	struct loaded l;
	struct program *p = must_load(&l, "FLUSH t\n" RELAXED
		"{ page P = old; user U = P @ 0x8000 x mmuoff; }\n"
		" P0 ;\n r0 = exec U ;\n");
	char err[256];

	(void)st;
	assert_null(model_new(p, 0, err, sizeof err));
	assert_non_null(strstr(err, "U: MMU-off views (KVM guests) are not "
			       "in the Armv8 model"));
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ops_become_instructions),
		cmocka_unit_test(on_each_cpu_is_an_interrupt),
		cmocka_unit_test(refusals_name_the_op),
		cmocka_unit_test(values_are_labels),
		cmocka_unit_test(waiting_forever_is_incomplete),
		cmocka_unit_test(rcu_ops_become_instructions),
		cmocka_unit_test(rcu_quiescent_states),
		cmocka_unit_test(rcu_refusals),
		cmocka_unit_test(mmu_off_view_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
