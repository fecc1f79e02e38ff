/* SPDX-License-Identifier: MIT */
/*
 * test_model.c - the semantics of every op of docs/design.md section 2, and
 * colours per geometry; the seams: the op list of ops.h, the machine
 * parameter table, the hardware predicates and the reduction list.
 *
 * Each test writes a small scenario and asserts what the exhaustive search
 * finds: which oracles are violated, and which final outcomes exist.
 */
#include "helpers.h"

#include <stdlib.h>

#define OR(x) (1u << (x))

struct run_out {
	unsigned violated;
	enum obs_word obs;
	uint64_t states, transitions;
};

static struct run_out run_src(const char *src)
{
	struct loaded l;
	struct result r;
	struct run_out o;

	must_load(&l, src);
	run_plain(l.p, &r);
	assert_false(r.incomplete);
	o.violated = r.violated;
	o.obs = r.has_cond ? result_observation(&r) : OBS_NONE;
	o.states = r.stats.states;
	o.transitions = r.stats.transitions;
	check_free(&r);
	arena_free(&l.a);
	return o;
}

/* A two-CPU machine with nothing speculative, to keep counts small. */
#define QUIET_SMP \
	"machine = cortex-a9\ncpus = 2\nprefetch = none\ndprefetch = none\n"
#define QUIET_UP \
	"machine = cortex-a9\ncpus = 1\nprefetch = none\ndprefetch = none\n"

/* ---- stores and loads ------------------------------------------------ */

static void store_writeback_stays_in_cache(void **st)
{
	/* memory gets the new value only if the line is evicted */
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n"
		"exists ([P] = old)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

static void store_writethrough_reaches_memory(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"dcache = pipt 32K 4 wt coherent\n"
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n"
		"forall ([P] = new)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_ALWAYS);
}

static void load_private_dcache_reads_stale_memory(void **st)
{
	/* no coherence: CPU1 can only see new after CPU0 writes it back */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"dcache = pipt 32K 4 wb private\n"
		"{ page P = old; kernel K = P; }\n"
		" P0 | P1 ;\n st K = new | ;\n | r0 = ld K ;\n"
		"exists (P1:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_STALE_LOAD));
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

static void load_coherent_dcache_is_never_stale(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"{ page P = old; kernel K = P; }\n"
		" P0 | P1 ;\n st K = new | r0 = ld K ;\n"
		"exists (P1:r0 = new)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

static void coherent_store_leaves_other_colours(void **st)
{
	/* coherent D-caches keep one (line, colour) coherent, not aliases */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"dcache = vipt 32K 4 wb coherent\n"
		"{ page P = old; user A = P @ 0x8000 rw; user B = P @ 0x9000 rw; }\n"
		" P0 | P1 ;\n r1 = ld B | ;\n st A = new | ;\n r0 = ld B | ;\n"
		"exists (P0:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_STALE_LOAD));
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

static void store_register_and_copy_move_labels(void **st)
{
	/* copy K2 = K1 stores the value it loaded; st K3 = r0 likewise */
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = a; page Q = b; page R = c; kernel K1 = P;"
		" kernel K2 = Q; kernel K3 = R; }\n"
		" P0 ;\n copy K2 = K1 ;\n r0 = ld K2 ;\n st K3 = r0 ;\n"
		" r1 = ld K3 ;\n"
		"forall (P0:r0 = a /\\ P0:r1 = a)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_ALWAYS);
}

/* ---- fetches --------------------------------------------------------- */

#define SEED_BODY \
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n" \
	" P0 | P1 ;\n r0 = exec U | st K = new ;\n | pte.set U ;\n" \
	" | dc.clean K ;\n | ic.inv.all ;\n"

static void fetch_fills_from_memory_not_dcache(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP SEED_BODY
				   "exists (P0:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_STALE_FETCH));
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

static void fetch_with_idc_sees_dcache(void **st)
{
	/* ifill = dcache: CPU0's fill takes CPU1's dirty copy (coherent) */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP "ifill = dcache\n"
				   SEED_BODY "exists (P0:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_NEVER);
}

static void fetch_with_snooping_icache(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
				   "icache = pipt 32K 4 snoop\n"
				   SEED_BODY "exists (P0:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_NEVER);
}

static void sync_before_publish_is_ok(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"prefetch = exec\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0 | P1 ;\n r0 = exec U | st K = new ;\n | dc.clean K ;\n"
		" | ic.inv.all ;\n | pte.set U ;\n"
		"exists (P0:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_NEVER);
}

static void speculative_fill_through_kernel_map(void **st)
{
	/* prefetch = exec: CPU0 prefetches through K before the clean; a
	 * local I-invalidate on CPU1 does not reach it */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"prefetch = exec\nicache = pipt 32K 4\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0 | P1 ;\n r0 = exec U | st K = new ;\n | dc.clean K ;\n"
		" | ic.inv.all.local ;\n | pte.set U ;\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_STALE_FETCH));
}

static void prefetch_user_ignores_kernel_map(void **st)
{
	/* the same with prefetch = user: nothing reaches CPU0's I-cache
	 * before the PTE is set, and the clean comes before it */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"prefetch = user\nicache = pipt 32K 4\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0 | P1 ;\n r0 = exec U | st K = new ;\n | dc.clean K ;\n"
		" | ic.inv.all.local ;\n | pte.set U ;\n");

	(void)st;
	assert_int_equal(o.violated, 0);
}

/* ---- maintenance ----------------------------------------------------- */

static void dc_clean_writes_back(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n dc.clean K ;\n"
		"forall ([P] = new)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_ALWAYS);
}

static void dc_inv_of_dirty_newest_loses_it(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n dc.inv K ;\n"
		"exists ([P] = old)\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_LOST_WRITE));
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

static void dc_flush_cleans_then_drops(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n dc.flush K ;\n r0 = ld K ;\n"
		"forall ([P] = new /\\ P0:r0 = new)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_ALWAYS);
}

/*
 * Handshake: P1 loads through G, whose PTE P0 sets after its store, so
 * P1's maintenance comes after P0's store in every interleaving.
 */
#define HANDSHAKE_DECLS \
	"{ page P = old; page F = no; kernel K = P; kernel KF = F;" \
	" user G = F @ 0x4000 r absent; }\n"

static void dc_local_misses_other_cpu(void **st)
{
	struct run_out local = run_src("FLUSH t\n" QUIET_SMP
		"dcache = pipt 32K 4 wb private\nmaint = local\n"
		HANDSHAKE_DECLS
		" P0 | P1 ;\n st K = new | r0 = ld G ;\n pte.set G | dc.clean K ;\n"
		"exists ([P] = old)\n");
	struct run_out dotlocal = run_src("FLUSH t\n" QUIET_SMP
		"dcache = pipt 32K 4 wb private\nmaint = broadcast\n"
		HANDSHAKE_DECLS
		" P0 | P1 ;\n st K = new | r0 = ld G ;\n pte.set G | dc.clean.local K ;\n"
		"exists ([P] = old)\n");

	(void)st;
	assert_int_equal(local.obs, OBS_SOMETIMES);
	assert_int_equal(dotlocal.obs, OBS_SOMETIMES);
}

static void dc_broadcast_reaches_other_cpu(void **st)
{
	/* P1 waits for the store by loading through U, whose PTE P0 sets */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"dcache = pipt 32K 4 wb private\nmaint = broadcast\n"
		HANDSHAKE_DECLS
		" P0 | P1 ;\n st K = new | r0 = ld G ;\n pte.set G | dc.clean K ;\n"
		"forall ([P] = new)\n");

	(void)st;
	assert_int_equal(o.obs, OBS_ALWAYS);
}

static void ic_inv_by_va_is_per_colour(void **st)
{
	/* 2 I-colours: invalidating through K (colour 0) leaves U's copy
	 * (colour 1) that CPU0 prefetched */
	struct run_out by_va = run_src("FLUSH t\n" QUIET_SMP "prefetch = user\n"
		"{ page P = old; kernel K = P @ 0xc0000000; user U = P @ 0x9000 rx; }\n"
		" P0 | P1 ;\n | st K = new ;\n | dc.clean K ;\n | ic.inv K ;\n"
		" | pte.clear U ;\n | pte.set U ;\n r0 = exec U | ;\n");
	struct run_out all = run_src("FLUSH t\n" QUIET_SMP "prefetch = user\n"
		"{ page P = old; kernel K = P @ 0xc0000000; user U = P @ 0x9000 rx; }\n"
		" P0 | P1 ;\n | st K = new ;\n | dc.clean K ;\n | ic.inv.all ;\n"
		" | pte.clear U ;\n | pte.set U ;\n r0 = exec U | ;\n");

	(void)st;
	assert_true(by_va.violated & OR(OR_STALE_FETCH));
	assert_false(all.violated & OR(OR_STALE_FETCH));
}

static void whole_cache_ops_are_local(void **st)
{
	struct run_out other = run_src("FLUSH t\n" QUIET_SMP
		"dcache = pipt 32K 4 wb private\n" HANDSHAKE_DECLS
		" P0 | P1 ;\n st K = new | r0 = ld G ;\n pte.set G | dc.flush.all ;\n"
		"exists ([P] = old)\n");
	struct run_out own = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n dc.clean.all ;\n"
		"forall ([P] = new)\n");

	(void)st;
	assert_int_equal(other.obs, OBS_SOMETIMES);
	assert_int_equal(own.obs, OBS_ALWAYS);
}

/*
 * RISC-V's fence.i invalidates this CPU's I-cache only: a line CPU1
 * prefetched before the store survives CPU0's fence.i (not ic.inv.all's
 * broadcast), while CPU0's own fetch after it sees the store (I-fills
 * through the coherent D side, the maintainers' reading of N1).
 */
#define FENCEI_RACE(maint) \
	"FLUSH t\n" QUIET_SMP "prefetch = user\nifill = dcache\n" \
	"{ page P = old; kernel K = P @ 0xc0000000; user U = P @ 0x8000 rx; }\n" \
	" P0 | P1 ;\n st K = new | ;\n " maint " | ;\n" \
	" pte.clear U | ;\n pte.set U | ;\n | r0 = exec U ;\n"

static void fence_i_is_this_cpu_only(void **st)
{
	struct run_out other = run_src(FENCEI_RACE("fence.i"));
	struct run_out bcast = run_src(FENCEI_RACE("ic.inv.all"));
	struct run_out own = run_src("FLUSH t\n" QUIET_UP
		"prefetch = user\nifill = dcache\n"
		"{ page P = old; kernel K = P @ 0xc0000000; user U = P @ 0x8000 rx; }\n"
		" P0 ;\n st K = new ;\n fence.i ;\n pte.clear U ;\n pte.set U ;\n"
		" r0 = exec U ;\n");

	(void)st;
	assert_true(other.violated & OR(OR_STALE_FETCH));
	assert_false(bcast.violated & OR(OR_STALE_FETCH));
	assert_false(own.violated & OR(OR_STALE_FETCH));
}

/*
 * fencei = writeback: fence.i first writes this CPU's dirty D-lines back,
 * so a fetch filled from memory (ifill = memory) sees the CPU's own store.
 * One CPU, st K = new; fence.i; r0 = exec U, no speculation.  Counted by
 * hand (pc, D$, memory, I$):
 *   writeback: 0 (0,-,old,-) -st-> 1 (1,new*,old,-) -evict-> 2 (1,-,new,-);
 *     fence.i: 1 -> 3 (2,new,new,-), 2 -> 4 (2,-,new,-), 3 -evict-> 4;
 *     exec, r0 = new: 3 -> 5 (3,new,new,new), 4 -> 6 (3,-,new,new);
 *     evictions 5 -> 6, 5 -> 7 (3,new,new,-), 6 and 7 -> 8 (3,-,new,-):
 *     9 states.
 *   icache: 0, 1, 2 as above; fence.i: 1 -> 3 (2,new*,old,-), 2 -> 4,
 *     3 -evict-> 4; exec: 3 -> 5 (3,new*,old,old) with r0 = old, 4 -> 6
 *     (3,-,new,new) with r0 = new; evictions 5 -> 7 (3,-,new,old),
 *     5 -> 8 (3,new*,old,-), 7 and 8 -> 9 (3,-,new,-) with r0 = old,
 *     6 -> 10 (3,-,new,-) with r0 = new: 11 states.
 */
#define FENCEI_OWN(how) \
	"FLUSH t\n" QUIET_UP "ifill = memory\nfencei = " how "\n" \
	"{ page P = old; kernel K = P @ 0xc0000000; user U = P @ 0x8000 rx; }\n" \
	" P0 ;\n st K = new ;\n fence.i ;\n r0 = exec U ;\n" \
	"exists (P0:r0 = old)\n"

static void fence_i_writeback_counts(void **st)
{
	struct run_out wb = run_src(FENCEI_OWN("writeback"));
	struct run_out inv = run_src(FENCEI_OWN("icache"));

	(void)st;
	assert_int_equal(wb.obs, OBS_NEVER);
	assert_int_equal(wb.states, 9);
	assert_int_equal(inv.obs, OBS_SOMETIMES);
	assert_int_equal(inv.states, 11);
}

/* ---- interrupts and CPU masks (section 2.6) ---------------------------- */

/*
 * An IPI waits for its target to have interrupts on.  P0 masks them, P1
 * runs on_each_cpu { dsb; } (IPI, dsb in line, wait).  Counted by hand as
 * (P0's pc, P1's progress a..d, handler pending on CPU0): a = before the
 * IPI, b = posted, c = after its own dsb, d = done waiting.
 *   (0,a,0) -> (1,a,0), (0,b,1); (1,a,0) -> (1,b,1);
 *   (0,b,1) -> (1,b,1), (0,b,0) [handler], (0,c,1);
 *   (1,b,1) -> (1,c,1) only: the handler cannot start;
 *   (0,b,0) -> (1,b,0), (0,c,0); (0,c,1) -> (1,c,1), (0,c,0);
 *   (1,c,1): P1 waits, CPU0 takes no interrupt, P0 is done: deadlock;
 *   (1,b,0) -> (1,c,0); (0,c,0) -> (1,c,0), (0,d,0);
 *   (1,c,0) -> (1,d,0); (0,d,0) -> (1,d,0): 12 states.
 * With dsb in place of local_irq_disable the same 12 states, and the
 * handler runs in (1,c,1): no deadlock.
 */
#define IRQ_WAIT(p0) \
	"FLUSH t\n" QUIET_SMP "{ page P = old; }\n" \
	" P0 | P1 ;\n " p0 " | on_each_cpu { dsb; } ;\n"

static void ipi_waits_for_interrupts_on(void **st)
{
	struct run_out off = run_src(IRQ_WAIT("local_irq_disable"));
	struct run_out on = run_src(IRQ_WAIT("dsb"));

	(void)st;
	assert_int_equal(off.violated, OR(OR_DEADLOCK));
	assert_int_equal(off.states, 12);
	assert_int_equal(on.violated, 0);
	assert_int_equal(on.states, 12);
}

/*
 * smp_call_function_many(MASK(mm)) interrupts the CPUs in the mask when
 * it is called.  P1 runs mm 1 (so mm_cpumask(mm 1) = {1}) and leaves the
 * mask; P0 sends to it.  (P0's pc, P1's pc, handler pending on CPU1):
 *   (0,0,0) -> (1,0,1) [IPI to CPU1], (0,1,0) [mask now empty];
 *   (1,0,1) -> (1,0,0), (1,1,1); (0,1,0) -> (1,1,0) [IPI to nobody];
 *   (1,0,0) -> (2,0,0), (1,1,0); (1,1,1) -> (1,1,0) [the IPI sent before
 *   P1 left still runs]; (1,1,0) -> (2,1,0); (2,0,0) -> (2,1,0): 8.
 * With P1 in mm 0 instead the mask of mm 1 is empty from the start:
 *   (0,0) -> (1,0), (0,1); (0,1) -> (1,1); (1,0) -> (2,0), (1,1);
 *   (1,1) -> (2,1); (2,0) -> (2,1): 6 states, and no handler step.
 */
#define MASK_IPI(thread) \
	"FLUSH t\n" QUIET_SMP \
	"{ page P = old; user U = P @ 0x8000 rx mm 1; " thread " }\n" \
	" P0 | P1 ;\n smp_call_function_many(mm_cpumask(mm(U))) " \
	"{ ic.inv.all.local; } | cpumask_clear_cpu mm_cpumask(mm(U)) ;\n"

static void ipi_to_a_mask_taken_at_the_call(void **st)
{
	struct run_out in = run_src(MASK_IPI("thread P1 mm 1;"));
	struct run_out out = run_src(MASK_IPI(""));

	(void)st;
	assert_int_equal(in.violated, 0);
	assert_int_equal(in.states, 8);
	assert_int_equal(out.states, 6);
}

/*
 * on_each_cpu_mask runs the block in line only when this CPU is in the
 * mask: P0's own D-line reaches memory by the block's dc.clean.all when
 * P0 runs mm 1, and otherwise only if it is evicted.
 */
#define MASK_HERE(thread) \
	"FLUSH t\n" QUIET_UP \
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx mm 1; " thread " }\n" \
	" P0 ;\n st K = new ;\n" \
	" on_each_cpu_mask(mm_cpumask(mm(U))) { dc.clean.all; } ;\n" \
	"forall ([P] = new)\n"

static void on_each_cpu_mask_runs_here_if_in_mask(void **st)
{
	(void)st;
	assert_int_equal(run_src(MASK_HERE("thread P0 mm 1;")).obs, OBS_ALWAYS);
	assert_int_equal(run_src(MASK_HERE("")).obs, OBS_SOMETIMES);
}

/*
 * A preempt_point: the thread stays, or moves to another of its CPUs
 * that runs no thread; its later ops run there, after the context switch
 * (switch_mm, the switch step, switch_to: generic's hooks are empty, so
 * one step).  One thread, cpus 0,1, st K = new; preempt_point;
 * dc.clean.all (this CPU's D-cache only).  (where, CPU, CPU0's D-line,
 * memory), counted by hand:
 *   0 (st,c0,-,old) -st-> 1 (pp,c0,new*,old) -evict-> 2 (pp,c0,-,new);
 *   preempt: 1 -> 3 (clean,c0,new*,old) and 4 (switch,c1,new*,old);
 *            2 -> 5 (clean,c0,-,new) and 6 (switch,c1,-,new); 3 -> 5 and
 *            4 -> 6 by eviction;
 *   switch:  4 -> 7 (clean,c1,new*,old), 6 -> 8 (clean,c1,-,new); 7 -> 8;
 *   dc.clean.all: 3 -> 9 (end,c0,new,new); 7 -> 10 (end,c1,new*,old):
 *            CPU1's D-cache is empty, CPU0's line stays dirty; 5 -> 11
 *            (end,c0,-,new); 8 -> 12 (end,c1,-,new); 9 -> 11 and 10 -> 12
 *            by eviction: 13 states, and memory can end old (10).
 * Without `cpus 0,1` only 0, 1, 2, 3, 5, 9, 11: 7 states, memory new.
 */
#define MIGRATE_CLEAN(cpus) \
	"FLUSH t\n" QUIET_SMP \
	"{ page P = old; kernel K = P; thread P0 mm 0" cpus "; }\n" \
	" P0 ;\n st K = new ;\n preempt_point ;\n dc.clean.all ;\n" \
	"forall ([P] = new)\n"

static void preempt_point_moves_the_thread(void **st)
{
	struct run_out moves = run_src(MIGRATE_CLEAN(" cpus 0,1"));
	struct run_out stays = run_src(MIGRATE_CLEAN(""));

	(void)st;
	assert_int_equal(moves.states, 13);
	assert_int_equal(moves.obs, OBS_SOMETIMES);
	assert_int_equal(stays.states, 7);
	assert_int_equal(stays.obs, OBS_ALWAYS);
}

/* migrated(): the thread runs on another CPU than it last ran on */
#define MIGRATED(cpus) \
	"FLUSH t\n" QUIET_SMP \
	"{ page P = old; kernel K = P; thread P0 mm 0" cpus "; }\n" \
	" P0 ;\n preempt_point ;\n if (migrated()) dc.clean.all ;\n" \
	" st K = new ;\n exists ([P] = new)\n"

static void migrated_after_a_move_only(void **st)
{
	/* the store reaches memory only by eviction either way: the
	 * condition decides nothing; the state counts tell the branch:
	 * stay: start -> st -> evict, 1 + 3 states; move: switch step ->
	 * clean (migrated) -> st -> evict, 5 more (4 if the branch were
	 * not taken). */
	struct run_out moves = run_src(MIGRATED(" cpus 0,1"));
	struct run_out stays = run_src(MIGRATED(""));

	(void)st;
	assert_int_equal(stays.states, 4);
	assert_int_equal(moves.states, 9);
}


/*
 * A guest's MMU-off view (`mmuoff`, N7): on an ifill = dcache machine a
 * fetch through it fills the I-cache from memory, not through the D side.
 * One CPU, st K = new; r0 = exec U.  Counted by hand (pc, D$, memory, I$):
 *   mmuoff: 0 (0,-,old,-) -st-> 1 (1,new*,old,-) -evict-> 2 (1,-,new,-);
 *     exec: 1 -> 3 (2,new*,old,old) with r0 = old, 2 -> 4 (2,-,new,new);
 *     evictions 3 -> 5 (2,-,new,old), 3 -> 6 (2,new*,old,-), 5 and 6 ->
 *     7 (2,-,new,-) with r0 = old, 4 -> 8 (2,-,new,-) with r0 = new: 9.
 *   MMU on (rx): exec through the D side: 1 -> 3 (2,new*,old,new), 2 ->
 *     4 (2,-,new,new), 3 -evict D-> 4; 3 -> 5 (2,new*,old,-), 4 and 5 ->
 *     6 (2,-,new,-): 7 states, r0 = new always.
 * Without the rule the mmuoff run is the rx one.
 */
#define MMU_OFF(perms) \
	"FLUSH t\n" QUIET_UP "ifill = dcache\n" \
	"{ page P = old; kernel K = P @ 0xc0000000; user U = P @ 0x8000 " \
	perms "; }\n P0 ;\n st K = new ;\n r0 = exec U ;\n" \
	"exists (P0:r0 = old)\n"

static void mmu_off_fetch_fills_from_memory(void **st)
{
	struct run_out off = run_src(MMU_OFF("x mmuoff"));
	struct run_out on = run_src(MMU_OFF("rx"));

	(void)st;
	assert_int_equal(off.states, 9);
	assert_int_equal(off.obs, OBS_SOMETIMES);
	assert_int_equal(on.states, 7);
	assert_int_equal(on.obs, OBS_NEVER);
}

/* Only exec goes through an MMU-off view; the Armv8 model has none. */
static void mmu_off_view_refusals(void **st)
{
	static const char *const rows[][2] = {
		{ " r0 = ld U ;\n", "test.flush:8:10: 'U' is a view with the MMU off" },
		{ " dc.clean U ;\n", "test.flush:8:11: 'U' is a view with the MMU off" },
		{ " pte.clear U ;\n", "test.flush:8:12: 'U' is a view with the MMU off" },
	};

	(void)st;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct loaded l;
		char src[512], err[320];

		snprintf(src, sizeof src, "FLUSH t\n" QUIET_UP
			 "{ page P = old; user U = P @ 0x8000 x mmuoff; }\n"
			 " P0 ;\n%s", rows[i][0]);
		load_src(&l, src);
		assert_null(l.p);
		snprintf(err, sizeof err, "test.flush:%d:%d: %s", l.d.line,
			 l.d.col, l.d.msg);
		if (strncmp(err, rows[i][1], strlen(rows[i][1])))
			fail_msg("row %zu: %s", i, err);
		arena_free(&l.a);
	}
}

/*
 * A vCPU thread (`vcpu`) that a preempt_point moves also runs
 * kvm_arch_vcpu_load() on its new CPU; another thread does not.  With
 * kvm_arch_vcpu_load() { dsb; } the moved vCPU's path has one op more.
 */
static void vcpu_move_runs_kvm_arch_vcpu_load(void **st)
{
	static const char pol[] =
		"POLICY v\nkvm_arch_vcpu_load() { dsb; }\n";
	int nops[2];

	(void)st;
	for (int v = 0; v < 2; v++) {
		struct arena pa = { 0 };
		struct polset ps;
		struct diag d = { 0 };
		struct program *p;
		char src[256];
		int dsbs = 0;

		assert_int_equal(polset_load(&pa, &ps, NULL, "v.pol", pol, &d), 0);
		snprintf(src, sizeof src, "FLUSH t\n" QUIET_SMP
			 "{ page P = old; kernel K = P; thread P0 mm 0 cpus 0,1%s; }\n"
			 " P0 ;\n preempt_point ;\n st K = new ;\n",
			 v ? " vcpu" : "");
		p = scenario_load(&pa, "t.flush", src, NULL, &ps, &d);
		assert_non_null(p);
		for (int i = 0; i < p->threads[0].nops; i++)
			dsbs += p->threads[0].ops[i].kind == OP_DSB;
		nops[v] = dsbs;
		arena_free(&pa);
	}
	assert_int_equal(nops[0], 0);
	assert_int_equal(nops[1], 1);
}

/*
 * An IPI reaches only online CPUs.  CPU1 starts offline and runs
 * set_cpu_online; P0 runs on_each_cpu { dsb; }.  (P0 at a..d as in
 * IRQ_WAIT above, P1's pc, handler pending on CPU1):
 *   (a,0,0) -> (b,0,0) [CPU1 offline: no IPI], (a,1,0);
 *   (a,1,0) -> (b,1,1); (b,0,0) -> (c,0,0), (b,1,0);
 *   (b,1,1) -> (c,1,1), (b,1,0); (c,0,0) -> (d,0,0), (c,1,0);
 *   (b,1,0) -> (c,1,0); (c,1,1) -> (c,1,0); (c,1,0) -> (d,1,0);
 *   (d,0,0) -> (d,1,0): 10 states.
 * With CPU1 online throughout (P1 runs dsb instead) the IPI is always
 * posted: 12 states, those of IRQ_WAIT's second run.
 */
static void ipi_reaches_online_cpus_only(void **st)
{
	struct run_out off = run_src("FLUSH t\n" QUIET_SMP
		"{ page P = old; cpu 1 offline; }\n"
		" P0 | P1 ;\n on_each_cpu { dsb; } | set_cpu_online ;\n");
	struct run_out on = run_src("FLUSH t\n" QUIET_SMP
		"{ page P = old; }\n"
		" P0 | P1 ;\n on_each_cpu { dsb; } | dsb ;\n");

	(void)st;
	assert_int_equal(off.violated, 0);
	assert_int_equal(off.states, 10);
	assert_int_equal(on.states, 12);
}

/* ---- PTEs and faults ------------------------------------------------- */

static void absent_pte_blocks_and_deadlocks(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; user U = P @ 0x8000 r absent; }\n"
		" P0 ;\n r0 = ld U ;\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_DEADLOCK));
	/* worked out by hand: the initial state, blocked, nothing else */
	assert_int_equal(o.states, 1);
	assert_int_equal(o.transitions, 0);
}

static void maintenance_without_translation_faults(void **st)
{
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; user U = P @ 0x8000 r absent; }\n"
		" P0 ;\n dc.flush U ;\n");

	(void)st;
	assert_int_equal(o.violated, OR(OR_FAULT));
}

static void flush_only_pte_allows_maintenance_not_access(void **st)
{
	struct run_out maint = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; user U = P @ 0x8000 f; }\n"
		" P0 ;\n dc.flush U ;\n ic.inv U ;\n");
	struct run_out access = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; user U = P @ 0x8000 rw absent; }\n"
		" P0 ;\n pte.flushonly U ;\n r0 = ld U ;\n"
		"forall (P0:r0 = 0)\n");

	(void)st;
	assert_int_equal(maint.violated, 0);
	/* the faulting load has no effect: r0 keeps its initial 0 */
	assert_int_equal(access.violated, OR(OR_FAULT));
	assert_int_equal(access.obs, OBS_ALWAYS);
}

static void stale_fetch_measured_from_publication(void **st)
{
	/* a store after pte.set is not "newest at publication": no
	 * stale-fetch, though the fetch may return old */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx; }\n"
		" P0 | P1 ;\n r0 = exec U | st K = new ;\n"
		"exists (P0:r0 = old)\n");

	(void)st;
	assert_int_equal(o.violated, 0);
	assert_int_equal(o.obs, OBS_SOMETIMES);
}

/* ---- DMA ------------------------------------------------------------- */

static void dma_to_device_without_clean(void **st)
{
	struct run_out bad = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n r0 = dma.read P ;\n");
	struct run_out good = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n dc.clean K ;\n r0 = dma.read P ;\n");
	struct run_out coherent = run_src("FLUSH t\n" QUIET_UP "dma = coherent\n"
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n st K = new ;\n r0 = dma.read P ;\n"
		"forall (P0:r0 = new)\n");

	(void)st;
	assert_int_equal(bad.violated, OR(OR_STALE_DMA));
	assert_int_equal(good.violated, 0);
	assert_int_equal(coherent.violated, 0);
	assert_int_equal(coherent.obs, OBS_ALWAYS);
}

static void dma_from_device_leaves_cached_copy(void **st)
{
	struct run_out bad = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n r1 = ld K ;\n dma.write P = new ;\n r0 = ld K ;\n");
	struct run_out coherent = run_src("FLUSH t\n" QUIET_UP "dma = coherent\n"
		"{ page P = old; kernel K = P; }\n"
		" P0 ;\n r1 = ld K ;\n dma.write P = new ;\n r0 = ld K ;\n"
		"forall (P0:r0 = new)\n");

	(void)st;
	assert_int_equal(bad.violated, OR(OR_STALE_LOAD));
	assert_int_equal(coherent.violated, 0);
	assert_int_equal(coherent.obs, OBS_ALWAYS);
}

/* ---- hand-counted state spaces -------------------------------------- */

static void counts_store_then_evict(void **st)
{
	/* S0 -st-> S1 (dirty) -evict-> S2 (memory new): 3 states, 2 steps */
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"{ page P = old; kernel K = P; }\n P0 ;\n st K = new ;\n");

	(void)st;
	assert_int_equal(o.states, 3);
	assert_int_equal(o.transitions, 2);
}

static void counts_exec_with_prefetch(void **st)
{
	/*
	 * S0 (pc0, I empty): exec -> S1 (pc1, I old); prefetch -> S2.
	 * S1: evict -> S3 (pc1, I empty).  S2 (pc0, I old): exec (hit) ->
	 * S1; evict -> S0.  S3: prefetch -> S1.  4 states, 6 transitions.
	 */
	struct run_out o = run_src("FLUSH t\n" QUIET_UP
		"prefetch = exec\nicache = pipt 32K 4\n"
		"{ page P = old; kernel K = P; }\n P0 ;\n r0 = exec K ;\n");

	(void)st;
	assert_int_equal(o.states, 4);
	assert_int_equal(o.transitions, 6);
}

static void counts_two_cpus_loading(void **st)
{
	/*
	 * Coherent D, no speculation.  Two loads of one line: the state is
	 * (pc0, pc1, D0, D1) with D0, D1 in {empty, old}.  A load fills its
	 * CPU's copy; each valid copy may be evicted.  Reachable: pcs (0,0)
	 * with D = (e,e) only; (1,0) with D0 in {old, e}, D1 = e; (0,1)
	 * symmetric; (1,1) with all four D combinations.  1 + 2 + 2 + 4 = 9
	 * states.  Transitions: (0,0):2; (1,0,o,e): ld, evict = 2;
	 * (1,0,e,e): ld = 1; the same for (0,1): 3; (1,1): one eviction per
	 * valid copy: 0 + 1 + 1 + 2 = 4.  2 + 3 + 3 + 4 = 12.
	 */
	struct run_out o = run_src("FLUSH t\n" QUIET_SMP
		"{ page P = old; kernel K = P; }\n"
		" P0 | P1 ;\n r0 = ld K | r0 = ld K ;\n");

	(void)st;
	assert_int_equal(o.states, 9);
	assert_int_equal(o.transitions, 12);
}

/* ---- colours --------------------------------------------------------- */

static void colours_per_geometry(void **st)
{
	struct machine m;
	char err[128];
	int col;

	(void)st;
	machine_defaults(&m);
	assert_int_equal(machine_set(&m, "dcache", "vipt 32K 4 wb private",
				     err, sizeof err, &col), 0);
	assert_int_equal(machine_ncolours(&m, &m.d), 2);	/* 8K ways */
	assert_int_equal(machine_colour(&m, &m.d, 0x8000), 0);
	assert_int_equal(machine_colour(&m, &m.d, 0x9000), 1);
	assert_int_equal(machine_colour(&m, &m.d, 0xc0001000), 1);
	assert_int_equal(machine_set(&m, "dcache", "vipt 16K 4 wb private",
				     err, sizeof err, &col), 0);
	assert_int_equal(machine_ncolours(&m, &m.d), 1);	/* 4K ways */
	assert_int_equal(machine_colour(&m, &m.d, 0x9000), 0);
	assert_int_equal(machine_set(&m, "dcache", "pipt 64K 1 wb private",
				     err, sizeof err, &col), 0);
	assert_int_equal(machine_colour(&m, &m.d, 0x9000), 0);
	assert_int_equal(machine_set(&m, "dcache", "vipt 4M 1 wb coherent",
				     err, sizeof err, &col), 0);
	assert_int_equal(machine_ncolours(&m, &m.d), 1024);
	assert_int_equal(machine_colour(&m, &m.d, 0x00401000), 1);
	assert_int_equal(machine_set(&m, "dcache", "vipt 32K 3 wb private",
				     err, sizeof err, &col), 0);
	assert_int_not_equal(machine_validate(&m, err, sizeof err), 0);
	/* erratum 1542419: only where a fetch order exists to be broken */
	machine_defaults(&m);
	assert_int_equal(machine_set(&m, "erratum", "1542419", err, sizeof err,
				     &col), 0);
	assert_int_not_equal(machine_validate(&m, err, sizeof err), 0);
	assert_string_equal(err, "erratum 1542419 needs model = armv8 and an "
			    "icache that snoops (DIC)");
	assert_int_equal(machine_set(&m, "icache", "pipt 32K 4 snoop", err,
				     sizeof err, &col), 0);
	assert_int_equal(machine_set(&m, "model", "armv8", err, sizeof err,
				     &col), 0);
	assert_int_equal(machine_validate(&m, err, sizeof err), 0);
}

/* ---- the seams: the op list, the parameter table, the predicates --- */

/*
 * Every statement op of ops.h, written in a one-CPU cell, is parsed by
 * the table and compiled to its model op, whose step the search takes.
 * Flag ops are left out: flags come from policies, a scenario declares
 * none.
 */
static void every_stmt_op_parses_and_steps(void **st)
{
	int tried = 0, rcu = 0;

	(void)st;
	for (int a = 0; a < A_COUNT; a++) {
		const struct stmt_op_desc *d = stmt_op((enum ast_op)a);
		char src[512], cell[64];
		struct loaded l;
		struct result r;

		switch (d->shape) {
		case SH_NONE:
			snprintf(cell, sizeof cell, "%s", d->syntax);
			break;
		case SH_TARGET:
			snprintf(cell, sizeof cell, "%s%s U",
				 d->flags & SF_RESULT ? "r0 = " : "", d->syntax);
			break;
		case SH_ASSIGN:
			snprintf(cell, sizeof cell, "%s %s = %s", d->syntax,
				 d->op == OP_DMA_WRITE ? "P" : "U",
				 d->op == OP_COPY_LD ? "K" : "new");
			break;
		case SH_RESULT:
			snprintf(cell, sizeof cell, "r0 = %s P", d->syntax);
			break;
		case SH_MASK:
			snprintf(cell, sizeof cell, "%s mm_cpumask(mm(U))",
				 d->syntax);
			break;
		case SH_FLAG:
			continue;
		}
		snprintf(src, sizeof src, "FLUSH t\n" QUIET_UP
			 "{ page P = old; kernel K = P; user U = P @ 0x8000 rwx; }\n"
			 " P0 ;\n %s ;\n", cell);
		if (d->op == OP_RCU_GP || d->op == OP_RCU_QS ||
		    d->op == OP_RCU_EQS_ENTER || d->op == OP_RCU_EQS_EXIT) {
			/* the Armv8 model's only (test_armk.c) */
			load_src(&l, src);
			assert_null(l.p);
			assert_non_null(strstr(l.d.msg, "Armv8 model only"));
			arena_free(&l.a);
			rcu++;
			continue;
		}
		must_load(&l, src);
		assert_true(l.p->threads[0].nops >= 1);
		assert_int_equal(l.p->threads[0].ops[0].kind, d->op);
		run_plain(l.p, &r);
		/*
		 * Counted by hand.  An op through a mapping leaves the line
		 * in a cache: the state before, after, and after its
		 * eviction (3).  copy: before; after its load; that with
		 * the line evicted; after its store (reached from both);
		 * after the dirty line's write-back (5).  Anything else:
		 * before and after (2).
		 */
		assert_int_equal(r.stats.states,
				 d->op == OP_COPY_LD ? 5 :
				 op_kind_flags(d->op) & OPF_ACCESS ? 3 : 2);
		check_free(&r);
		arena_free(&l.a);
		tried++;
	}
	assert_int_equal(rcu, 4);
	assert_int_equal(tried, A_COUNT - 6 - rcu);	/* six flag ops */
}

/* The flags of the statement list agree with those of the model ops. */
static void op_flags_agree(void **st)
{
	(void)st;
	for (int a = 0; a < A_COUNT; a++) {
		const struct stmt_op_desc *d = stmt_op((enum ast_op)a);
		unsigned f = op_kind_flags(d->op);

		/* a result needs a register; a handler keeps none */
		assert_int_equal(!!(d->flags & SF_RESULT), !!(f & OPF_RESULT) &&
				 d->op != OP_TAS);
		if (f & (OPF_ACCESS | OPF_RESULT | OPF_DEVICE))
			assert_true(d->flags & SF_NO_HANDLER);
		if (d->flags & SF_LOCAL)
			assert_true(f & (OPF_VA_MAINT | OPF_ALONE));
	}
	/* hand-checked: what por.c may take alone never writes a version */
	for (int k = 0; k < OP_COUNT; k++)
		assert_false((op_kind_flags((enum op_kind)k) & OPF_ALONE) &&
			     (op_kind_flags((enum op_kind)k) & OPF_WRITES));
}

/*
 * One table drives machine_set() and machine_format(): every preset,
 * written out and read back key by key, gives the same text, and every
 * key it writes has a line of documentation.
 */
static void machine_table_round_trip(void **st)
{
	(void)st;
	assert_true(preset_count() > 0);
	for (int k = 0; k < preset_count(); k++) {
		struct machine m, back;
		struct diag d = { 0 };
		char a[2048], b[2048], err[128];
		int col, keys = 0;

		assert_int_equal(preset_load(&m, preset_name(k), &d), 0);
		machine_format(&m, a, sizeof a);
		machine_defaults(&back);
		for (char *line = a; *line; keys++) {
			char *eol = strchr(line, '\n'), *eq = strstr(line, " = ");
			char key[32], val[300];

			assert_non_null(eol);
			assert_non_null(eq);
			snprintf(key, sizeof key, "%.*s", (int)(eq - line), line);
			snprintf(val, sizeof val, "%.*s", (int)(eol - eq - 3), eq + 3);
			assert_non_null(machine_param_doc(key));
			assert_int_equal(machine_set(&back, key, val, err,
						     sizeof err, &col), 0);
			line = eol + 1;
		}
		assert_int_equal(keys, 16);
		machine_format(&back, b, sizeof b);
		assert_string_equal(a, b);
	}
}

static void machine_table_checks_values(void **st)
{
	struct machine m;
	char err[128];
	int col;

	(void)st;
	machine_defaults(&m);
	assert_int_equal(machine_set(&m, "page", "3000", err, sizeof err, &col),
			 -1);
	assert_string_equal(err, "page size must be a power of two");
	assert_int_equal(machine_set(&m, "cpus", "9", err, sizeof err, &col),
			 -1);
	assert_string_equal(err, "expected a number from 1 to 8");
	assert_int_equal(machine_set(&m, "maint", " local x", err, sizeof err,
				     &col), -1);
	assert_string_equal(err, "unexpected 'x'");
	assert_int_equal(col, 7);
	assert_int_equal(machine_set(&m, "prefetch", "exec", err, sizeof err,
				     &col), 0);
	assert_int_equal(m.prefetch, PF_EXEC);
	assert_int_equal(machine_set(&m, "nosuch", "1", err, sizeof err, &col),
			 -1);
	assert_null(machine_param_doc("nosuch"));
}

/* The named predicates, against geometries counted by hand. */
static void machine_predicates(void **st)
{
	struct machine m;
	char err[128];
	int col;

	(void)st;
	machine_defaults(&m);		/* PIPT both, broadcast, no speculation */
	assert_false(machine_dcache_aliasing(&m));
	assert_false(machine_icache_aliasing(&m));
	assert_false(machine_icache_snoops(&m));
	assert_false(machine_ifill_from_dcache(&m));
	assert_true(machine_maint_broadcast(&m));
	assert_true(machine_dcache_coherent(&m));
	assert_false(machine_ispec(&m));
	assert_false(machine_dspec(&m));
	/* 32K 4-way: 8K ways of 4K pages, two colours */
	assert_int_equal(machine_set(&m, "icache", "vipt 32K 4 snoop", err,
				     sizeof err, &col), 0);
	assert_true(machine_icache_aliasing(&m));
	assert_true(machine_icache_snoops(&m));
	/* 16K 4-way: 4K ways, one colour; VIVT always aliases */
	assert_int_equal(machine_set(&m, "dcache", "vipt 16K 4 wb private", err,
				     sizeof err, &col), 0);
	assert_false(machine_dcache_aliasing(&m));
	assert_false(machine_dcache_coherent(&m));
	assert_int_equal(machine_set(&m, "dcache", "vivt 16K 4 wb private", err,
				     sizeof err, &col), 0);
	assert_true(machine_dcache_aliasing(&m));
	assert_int_equal(machine_set(&m, "ifill", "dcache", err, sizeof err,
				     &col), 0);
	assert_true(machine_ifill_from_dcache(&m));
	assert_int_equal(machine_set(&m, "maint", "local", err, sizeof err,
				     &col), 0);
	assert_false(machine_maint_broadcast(&m));
	assert_int_equal(machine_set(&m, "prefetch", "user", err, sizeof err,
				     &col), 0);
	assert_true(machine_ispec(&m));
}

/*
 * A handler's pc + 1 is one byte of the state: a handler longer than
 * FC_MAX_HANDLER_OPS is refused, not wrapped around.
 */
static void handler_length_limit(void **st)
{
	static struct op ops[FC_MAX_HANDLER_OPS + 1];
	struct loaded l;
	struct model *m;
	char err[128];

	(void)st;
	for (int k = 0; k <= FC_MAX_HANDLER_OPS; k++)
		ops[k] = (struct op){ .kind = OP_DSB, .reg = NO_REG, .text = "dsb" };
	must_load(&l, "FLUSH t\n" QUIET_SMP "{ page P = old; kernel K = P; }\n"
		  " P0 ;\n dsb ;\n");
	l.p->nipis = 1;
	l.p->ipis[0] = (struct thread){ FC_MAX_HANDLER_OPS, ops };
	m = model_new(l.p, 0, err, sizeof err);
	assert_non_null(m);
	model_free(m);
	l.p->ipis[0].nops = FC_MAX_HANDLER_OPS + 1;
	assert_null(model_new(l.p, 0, err, sizeof err));
	assert_string_equal(err, "an on_each_cpu block of more than 254 steps");
	arena_free(&l.a);
}

/* The one reduction list: names, bits and REDUCE_ALL agree. */
static void reduction_list(void **st)
{
	unsigned all = 0;

	(void)st;
	assert_int_equal(RED_COUNT, 3);
	assert_string_equal(reduction_names[RED_SPEC], "spec");
	assert_string_equal(reduction_names[RED_SYMMETRY], "symmetry");
	assert_string_equal(reduction_names[RED_POR], "por");
	for (int k = 0; k < RED_COUNT; k++)
		all |= 1u << k;
	assert_int_equal(all, REDUCE_ALL);
	assert_int_equal(REDUCE_POR, 1u << RED_POR);
}

static void vivt_every_va_is_a_copy(void **st)
{
	/* two user VAs one page apart, same 8K colour: VIVT still aliases */
	struct run_out vivt = run_src("FLUSH t\n" QUIET_UP
		"dcache = vivt 16K 4 wb private\nicache = vivt 16K 4\n"
		"{ page P = old; user A = P @ 0x8000 rw; user B = P @ 0x10000 rw; }\n"
		" P0 ;\n st A = new ;\n r0 = ld B ;\n");
	struct run_out vipt = run_src("FLUSH t\n" QUIET_UP
		"dcache = vipt 32K 4 wb private\n"
		"{ page P = old; user A = P @ 0x8000 rw; user B = P @ 0x10000 rw; }\n"
		" P0 ;\n st A = new ;\n r0 = ld B ;\n");

	(void)st;
	assert_int_equal(vivt.violated, OR(OR_STALE_LOAD));
	assert_int_equal(vipt.violated, 0);
}

/*
 * model_thread_part: hardware steps leave it as it is, every thread step
 * changes it, and the plain and the symbolic model of one program agree
 * on it -- what check/confirm.c relies on to replay a reduced trace.
 * Checked on every transition of a small scenario with I-prefetches,
 * write-backs, DMA and page flags, in both models.
 */
struct part_walk {
	const struct model *m;
	size_t size, psize;
	uint8_t *seen;		/* states found so far */
	int n, cap;
	const uint8_t *here;	/* thread part of the state expanded */
	int steps, hardware;
};

static void part_emit(void *ctx, const uint8_t *next, unsigned viol,
		      const struct step_note *note)
{
	struct part_walk *w = ctx;
	uint8_t part[w->psize];
	int k;

	(void)viol;
	model_thread_part(w->m, next, part);
	assert_int_equal(memcmp(part, w->here, w->psize) != 0, note->thread_op);
	w->steps++;
	w->hardware += !note->thread_op;
	for (k = 0; k < w->n; k++)
		if (!memcmp(w->seen + (size_t)k * w->size, next, w->size))
			return;
	if (w->n < w->cap)
		memcpy(w->seen + (size_t)w->n++ * w->size, next, w->size);
}

static void part_walk(const struct program *p, unsigned flags, uint8_t *part0)
{
	struct model *m = model_new(p, flags, NULL, 0);
	struct part_walk w = { .m = m, .cap = 4000 };

	assert_non_null(m);
	w.size = model_state_size(m);
	w.psize = model_thread_part_size(m);
	w.seen = malloc((size_t)w.cap * w.size);
	assert_non_null(w.seen);
	model_initial(m, w.seen);
	w.n = 1;
	model_thread_part(m, w.seen, part0);
	for (int k = 0; k < w.n; k++) {
		uint8_t here[w.psize];

		model_thread_part(m, w.seen + (size_t)k * w.size, here);
		w.here = here;
		model_successors(m, w.seen + (size_t)k * w.size, part_emit, &w, 1);
	}
	assert_true(w.n < w.cap);	/* the whole space was walked */
	assert_true(w.hardware > 0 && w.hardware < w.steps);
	free(w.seen);
	model_free(m);
}

static void thread_part_only_thread_steps_change(void **state)
{
	struct loaded l;
	struct model *plain, *sym;
	size_t n;

	(void)state;
	must_load(&l, "FLUSH parts\n"
		  "machine = cortex-a9\n"
		  "dprefetch = none\n"
		  "prefetch = exec\n"
		  "{ page P = old; page Q = zero; kernel K = P; kernel L = Q;\n"
		  "  user U = P @ 0x8000 rx absent; }\n"
		  " P0          | P1            ;\n"
		  " r0 = exec U | st K = new    ;\n"
		  " r1 = ld L   | dc.clean K    ;\n"
		  "             | dma.write Q = io ;\n"
		  "             | pte.set U     ;\n"
		  "exists (P0:r0 = old)\n");
	plain = model_new(l.p, 0, NULL, 0);
	sym = model_new(l.p, REDUCE_SPEC, NULL, 0);
	assert_true(model_symbolic(sym));
	/* the I-cache entries mean other things (a version, a set of them);
	 * the thread part means the same in both */
	n = model_thread_part_size(plain);
	assert_int_equal(n, model_thread_part_size(sym));
	{
		uint8_t a[n], b[n];

		part_walk(l.p, 0, a);
		part_walk(l.p, REDUCE_SPEC, b);
		assert_memory_equal(a, b, n);
	}
	model_free(plain);
	model_free(sym);
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_writeback_stays_in_cache),
		cmocka_unit_test(store_writethrough_reaches_memory),
		cmocka_unit_test(load_private_dcache_reads_stale_memory),
		cmocka_unit_test(load_coherent_dcache_is_never_stale),
		cmocka_unit_test(coherent_store_leaves_other_colours),
		cmocka_unit_test(store_register_and_copy_move_labels),
		cmocka_unit_test(fetch_fills_from_memory_not_dcache),
		cmocka_unit_test(fetch_with_idc_sees_dcache),
		cmocka_unit_test(fetch_with_snooping_icache),
		cmocka_unit_test(sync_before_publish_is_ok),
		cmocka_unit_test(speculative_fill_through_kernel_map),
		cmocka_unit_test(prefetch_user_ignores_kernel_map),
		cmocka_unit_test(dc_clean_writes_back),
		cmocka_unit_test(dc_inv_of_dirty_newest_loses_it),
		cmocka_unit_test(dc_flush_cleans_then_drops),
		cmocka_unit_test(dc_local_misses_other_cpu),
		cmocka_unit_test(dc_broadcast_reaches_other_cpu),
		cmocka_unit_test(ic_inv_by_va_is_per_colour),
		cmocka_unit_test(whole_cache_ops_are_local),
		cmocka_unit_test(fence_i_is_this_cpu_only),
		cmocka_unit_test(fence_i_writeback_counts),
		cmocka_unit_test(ipi_waits_for_interrupts_on),
		cmocka_unit_test(ipi_to_a_mask_taken_at_the_call),
		cmocka_unit_test(on_each_cpu_mask_runs_here_if_in_mask),
		cmocka_unit_test(preempt_point_moves_the_thread),
		cmocka_unit_test(migrated_after_a_move_only),
		cmocka_unit_test(mmu_off_fetch_fills_from_memory),
		cmocka_unit_test(mmu_off_view_refusals),
		cmocka_unit_test(vcpu_move_runs_kvm_arch_vcpu_load),
		cmocka_unit_test(ipi_reaches_online_cpus_only),
		cmocka_unit_test(absent_pte_blocks_and_deadlocks),
		cmocka_unit_test(maintenance_without_translation_faults),
		cmocka_unit_test(flush_only_pte_allows_maintenance_not_access),
		cmocka_unit_test(stale_fetch_measured_from_publication),
		cmocka_unit_test(dma_to_device_without_clean),
		cmocka_unit_test(dma_from_device_leaves_cached_copy),
		cmocka_unit_test(counts_store_then_evict),
		cmocka_unit_test(counts_exec_with_prefetch),
		cmocka_unit_test(counts_two_cpus_loading),
		cmocka_unit_test(colours_per_geometry),
		cmocka_unit_test(every_stmt_op_parses_and_steps),
		cmocka_unit_test(op_flags_agree),
		cmocka_unit_test(machine_table_round_trip),
		cmocka_unit_test(machine_table_checks_values),
		cmocka_unit_test(machine_predicates),
		cmocka_unit_test(reduction_list),
		cmocka_unit_test(handler_length_limit),
		cmocka_unit_test(vivt_every_va_is_a_copy),
		cmocka_unit_test(thread_part_only_thread_steps_change),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
