/* SPDX-License-Identifier: MIT */
/*
 * por.c - partial-order reduction of independent steps (--reduce por).
 *
 * In a state s, if one CPU c's next thread op t cannot interact with
 * anything else that can happen before t runs -- the other threads'
 * remaining ops and every cache's hardware steps, c's own included -- the
 * search takes t alone (an ample set of one thread step, with all of its
 * outcomes) instead of every successor.
 *
 * Each op and each hardware step gets a footprint: the locations it may
 * read and write.  A location is a line's version count (VER), memory's
 * copy of a line (MEM), a mapping's PTE with its publication point (PTE),
 * a page flag (FLAG), or one CPU's D- or I-cache slot (D, I).  Registers,
 * pcs and a copy's hand are a CPU's own: nobody else reads or writes them.
 * The window of c in s is the union of the footprints of the other
 * threads' ops from their pc to their end (every branch, so a superset of
 * what they can run), and of every hardware step that can happen before t:
 * evictions of the D-lines present in s (a write-back if dirty; lines made
 * dirty later are counted with the store that dirties them), and when the
 * machine prefetches, every fill and eviction.  t is taken alone when
 *   (1) its kind is one that never changes whether the newest version of
 *       a line is held somewhere (so the lost-write oracle, a predicate on
 *       states, reads the same on both orders): fetch, load, DSB/ISB, PTE
 *       and flag ops, I-cache invalidation;
 *   (2) it is enabled, and no location it reads (including the PTEs and
 *       flags the branches before it test, and what decides whether it
 *       waits) is written in the window, and no location it writes is read
 *       or written there.
 * Then every step of the window commutes with t, neither enables nor
 * disables the other, and each returns the same values and violates the
 * same oracles in either order, for they depend only on what they read.
 *
 * Why that keeps every verdict and every final outcome.  Take a state s
 * the reduced search reaches and any path P of the full model from s.  If
 * t occurs in P, moving its first occurrence to the front gives a path
 * from t(s) that is one step shorter, with the same steps, violations and
 * end state.  If it does not, every step of P is in the window, t stays
 * enabled along P, and t followed by P is a path with the same
 * violations; that path's rest, P, starts from t(s), where c is one op
 * further.  By induction on (length of P, ops left to the threads) -- the
 * second shrinks in the latter case, since pcs only move forward -- the
 * reduced search meets every violation of the full one.  A final or
 * deadlocked state has no thread step left to take, so t must occur in
 * any path to it: the same states, exactly, are reached.
 *
 * A cycle of the state graph can only be made of hardware steps (a thread
 * step moves a pc forward for good), and a state reduced to one thread
 * step lies on none: so no step is postponed forever around a cycle, and
 * the reduction is sound with the visited set, in either search order
 * (the "cycle proviso" holds without looking at the visited set).
 *
 * Not applied to programs with on_each_cpu blocks: handlers interleave
 * with a thread on its own CPU, which the argument above does not cover;
 * nor to programs with per-CPU kernel state (interrupt masks, per-mm CPU
 * masks: program.h cpu_state), whose locations have no footprint here.
 * Every reduction is checked against the plain search (tests/).
 */
#include "model_int.h"

#include <stdlib.h>
#include <string.h>

/* Location numbers: one bit each in a footprint. */
#define L_VER(gl)	(gl)
#define L_MEM(gl)	(FC_MAX_PAGES * FC_MAX_LINES + (gl))
#define L_PTE(a)	(2 * FC_MAX_PAGES * FC_MAX_LINES + (a))
#define L_FLAG(pg, f)	(L_PTE(FC_MAX_MAPPINGS) + (pg) * FC_MAX_FLAGS + (f))
#define L_D(c, ds)	(L_FLAG(FC_MAX_PAGES, 0) + (c) * MAX_SLOTS + (ds))
#define L_I(c, is)	(L_D(FC_MAX_CPUS, 0) + (c) * MAX_SLOTS + (is))
#define NLOC		L_I(FC_MAX_CPUS, 0)
#define NW		((NLOC + 63) / 64)

struct fp {
	uint64_t r[NW], w[NW];
};

struct por {
	/* suffix[c][pc]: footprint of thread c's ops pc..end, branches too */
	struct fp *suffix[FC_MAX_CPUS];
	struct fp hw;	/* the hardware steps that need no look at s */
};

static void rd(struct fp *f, int loc)
{
	f->r[loc / 64] |= 1ull << (loc % 64);
}

static void wr(struct fp *f, int loc)
{
	f->w[loc / 64] |= 1ull << (loc % 64);
}

static void fp_or(struct fp *a, const struct fp *b)
{
	for (int k = 0; k < NW; k++) {
		a->r[k] |= b->r[k];
		a->w[k] |= b->w[k];
	}
}

static void fp_all(struct fp *f)
{
	memset(f->r, 0xff, sizeof f->r);
	memset(f->w, 0xff, sizeof f->w);
}

/* Write-write or read-write on some location? */
static int conflict(const struct fp *t, const struct fp *win)
{
	for (int k = 0; k < NW; k++)
		if ((t->w[k] & (win->r[k] | win->w[k])) || (t->r[k] & win->w[k]))
			return 1;
	return 0;
}

/*
 * Memory of line gl changes.  Under symbolic speculation that also adds
 * the old version to every CPU's set for each I-slot of the line the
 * prefetcher can reach, which depends on those mappings' PTEs (mem_set()).
 */
static void line_write(const struct model *m, struct fp *f, int gl)
{
	wr(f, L_MEM(gl));
	if (!m->symbolic)
		return;
	for (int is = 0; is < m->nislots; is++) {
		if (m->islot[is].gline != gl)
			continue;
		for (int c = 0; c < m->ncpus; c++)
			wr(f, L_I(c, is));
		for (int a = 0; a < m->p->nmappings; a++)
			if (m->imappings[is] >> a & 1)
				rd(f, L_PTE(a));
	}
}

/* A PTE changes; symbolic speculation may then grow I-sets (pte_changed()). */
static void pte_write(const struct model *m, struct fp *f, int a)
{
	wr(f, L_PTE(a));
	if (!m->symbolic)
		return;
	for (int is = 0; is < m->nislots; is++) {
		if (!(m->imappings[is] >> a & 1))
			continue;
		for (int c = 0; c < m->ncpus; c++)
			wr(f, L_I(c, is));
		for (int b = 0; b < m->p->nmappings; b++)
			if (m->imappings[is] >> b & 1)
				rd(f, L_PTE(b));
		rd(f, L_MEM(m->islot[is].gline));
	}
}

static void cond_reads(const struct model *m, struct fp *f,
		       const struct dcond *d)
{
	if (!d)
		return;
	switch (d->kind) {
	case DC_PRESENT:
	case DC_FLUSHONLY:
		rd(f, L_PTE(d->a));
		break;
	case DC_MAPPED:
		for (int a = 0; a < m->p->nmappings; a++)
			if (m->p->mappings[a].kind == MAPPING_USER &&
			    m->p->mappings[a].page == d->a)
				rd(f, L_PTE(a));
		break;
	case DC_FLAG:
		rd(f, L_FLAG(d->b, d->a));
		break;
	case DC_MASK:
	case DC_MMFLAG:
	case DC_MIGRATED:
	case DC_LAZY_MM:
		assert(!"por_new() refuses programs with per-CPU state");
		break;
	default:	/* DC_TRUE; DC_REG reads the CPU's own register */
		break;
	}
	cond_reads(m, f, d->l);
	cond_reads(m, f, d->r);
}

/* The CPUs a maintenance op of CPU c acts on: [*lo, *hi). */
static void maint_targets(const struct model *m, int c, const struct op *o,
			  int *lo, int *hi)
{
	int all = machine_maint_broadcast(m->mc) && !o->local;

	*lo = all ? 0 : c;
	*hi = all ? m->ncpus : c + 1;
}

/*
 * What op o of CPU c may read and write, whatever the state.  A store
 * also counts the write-back of the line it dirties, which an eviction
 * may do at any time after it.
 */
static void op_fp(const struct model *m, int c, const struct op *o,
		  struct fp *f)
{
	const struct machine *mc = m->mc;
	int a = o->mapping, lo, hi;
	int pg = 0, gl = 0, ds = 0, is = 0;

	if (!(op_flags(o) & OPF_DEVICE) && a < m->p->nmappings) {
		pg = m->p->mappings[a].page;
		if (o->line < mc->lines) {
			gl = model_gline(m, pg, o->line);
			ds = m->dslot_of[a][o->line];
			is = m->islot_of[a][o->line];
		}
	}
	switch (op_kind_of(o)) {
	case OP_ST:
	case OP_ST_REG:
	case OP_COPY_ST:
		rd(f, L_PTE(a));
		rd(f, L_VER(gl));
		wr(f, L_VER(gl));
		wr(f, L_D(c, ds));
		for (int d = 0; machine_dcache_coherent(mc) && d < m->ncpus; d++)
			wr(f, L_D(d, ds));
		line_write(m, f, gl);
		break;
	case OP_LD:
	case OP_COPY_LD:
		rd(f, L_PTE(a));
		rd(f, L_VER(gl));
		rd(f, L_MEM(gl));
		rd(f, L_D(c, ds));
		wr(f, L_D(c, ds));
		for (int d = 0; machine_dcache_coherent(mc) && d < m->ncpus; d++)
			rd(f, L_D(d, ds));
		break;
	case OP_EXEC:
		/*
		 * No VER: a fetch returns a version memory or the I-slot
		 * holds, and the labels of existing versions never change;
		 * the stale-fetch test compares with the PTE's pub.
		 */
		rd(f, L_PTE(a));
		rd(f, L_MEM(gl));
		rd(f, L_I(c, is));
		wr(f, L_I(c, is));
		for (int d = 0; d < m->ncpus &&
				(machine_icache_snoops(mc) ||
				 machine_ifill_from_dcache(mc)); d++)
			rd(f, L_D(d, ds));
		break;
	case OP_DC_CLEAN:
	case OP_DC_INV:
	case OP_DC_FLUSH:
		rd(f, L_PTE(a));
		maint_targets(m, c, o, &lo, &hi);
		for (int d = lo; d < hi; d++) {
			rd(f, L_D(d, ds));
			wr(f, L_D(d, ds));
		}
		line_write(m, f, gl);
		break;
	case OP_DC_CLEAN_ALL:
	case OP_DC_FLUSH_ALL:
		for (int k = 0; k < m->ndslots; k++) {
			rd(f, L_D(c, k));
			wr(f, L_D(c, k));
			line_write(m, f, m->dslot[k].gline);
		}
		break;
	case OP_FENCE_I:
		for (int k = 0; k < m->ndslots && machine_fencei_writes_back(mc);
		     k++) {
			rd(f, L_D(c, k));
			wr(f, L_D(c, k));
			line_write(m, f, m->dslot[k].gline);
		}
		for (int k = 0; k < m->nislots && !machine_icache_snoops(mc); k++)
			wr(f, L_I(c, k));
		break;
	case OP_IC_INV:
	case OP_IC_INV_ALL:
		if (o->kind == OP_IC_INV)
			rd(f, L_PTE(a));
		if (machine_icache_snoops(mc))
			break;
		maint_targets(m, c, o, &lo, &hi);
		for (int d = lo; d < hi; d++)
			for (int k = 0; k < m->nislots; k++)
				if (o->kind == OP_IC_INV_ALL || k == is)
					wr(f, L_I(d, k));
		break;
	case OP_IRQ_OFF:
	case OP_IRQ_ON:
	case OP_MASK_SET:
	case OP_MASK_CLEAR:
	case OP_MASK_SETALL:
	case OP_MASK_TAC:
	case OP_MMFLAG_SET:
	case OP_MMFLAG_CLEAR:
	case OP_MIGRATE:
	case OP_SWITCH:
	case OP_ONLINE:
		assert(!"por_new() refuses programs with per-CPU state");
		break;
	case OP_RCU_GP:
	case OP_RCU_GP_WAIT:
	case OP_RCU_QS:
	case OP_RCU_EQS_ENTER:
	case OP_RCU_EQS_EXIT:
		assert(!"compile_op() keeps RCU off the cache model");
		break;
	case OP_DSB:
	case OP_DSB_ST:
	case OP_ISB:
	case OP_JUMP:
		break;
	case OP_BRANCH:
		cond_reads(m, f, o->cond);
		break;
	case OP_PTE_SET:
		for (int i = 0; i < mc->lines; i++)
			rd(f, L_VER(model_gline(m, pg, i)));
		/* fall through */
	case OP_PTE_CLEAR:
	case OP_PTE_FLUSHONLY:
		rd(f, L_PTE(a));
		pte_write(m, f, a);
		break;
	case OP_FLAG_SET:
	case OP_FLAG_CLEAR:
	case OP_TAS:
	case OP_LOCK:
	case OP_UNLOCK:
		wr(f, L_FLAG(a, o->flag));
		/* fall through */
	case OP_WAIT:
		rd(f, L_FLAG(a, o->flag));
		break;
	case OP_DMA_WRITE:
	case OP_DMA_READ:
	case OP_IPI:
	case OP_IPI_WAIT:	/* anything */
		fp_all(f);
		break;
	}
}

/* Hardware steps whose footprint does not depend on the state. */
static void hw_static(const struct model *m, struct fp *f)
{
	const struct machine *mc = m->mc;

	for (int d = 0; d < m->ncpus; d++) {
		if (machine_dspec(mc)) {
			/* D-fills through any present mapping, then evictions */
			for (int a = 0; a < m->p->nmappings; a++)
				rd(f, L_PTE(a));
			for (int gl = 0; gl < m->nlines; gl++)
				rd(f, L_MEM(gl));
			for (int k = 0; k < m->ndslots; k++) {
				for (int e = 0; e < m->ncpus; e++)
					rd(f, L_D(e, k));
				wr(f, L_D(d, k));
			}
		}
		if (machine_icache_snoops(mc) || m->symbolic)
			continue;	/* no I-fill or I-eviction steps */
		for (int k = 0; k < m->nislots; k++)
			wr(f, L_I(d, k));
		if (!machine_ispec(mc))
			continue;
		for (int a = 0; a < m->p->nmappings; a++)
			rd(f, L_PTE(a));
		for (int gl = 0; gl < m->nlines; gl++)
			rd(f, L_MEM(gl));
		for (int k = 0; k < m->ndslots && machine_ifill_from_dcache(mc); k++)
			for (int e = 0; e < m->ncpus; e++)
				rd(f, L_D(e, k));
	}
}

struct por *por_new(const struct model *m)
{
	const struct program *p = m->p;
	struct por *po;

	if (p->nipis || p->cpu_state)
		return NULL;
	po = calloc(1, sizeof *po);
	if (!po)
		return NULL;
	for (int c = 0; c < p->nthreads; c++) {
		const struct thread *th = &p->threads[c];

		po->suffix[c] = calloc((size_t)th->nops + 1, sizeof (struct fp));
		if (!po->suffix[c]) {
			por_free(po);
			return NULL;	/* then no reduction: still sound */
		}
		for (int pc = th->nops - 1; pc >= 0; pc--) {
			po->suffix[c][pc] = po->suffix[c][pc + 1];
			op_fp(m, c, &th->ops[pc], &po->suffix[c][pc]);
		}
	}
	hw_static(m, &po->hw);
	return po;
}

void por_free(struct por *po)
{
	if (!po)
		return;
	for (int c = 0; c < FC_MAX_CPUS; c++)
		free(po->suffix[c]);
	free(po);
}

/* Evictions of the D-lines present in s: a write-back for a dirty one. */
static void hw_now(const struct model *m, const uint8_t *s, struct fp *f)
{
	*f = m->por->hw;
	for (int d = 0; d < m->ncpus; d++)
		for (int k = 0; k < m->ndslots; k++) {
			uint8_t e = s[m->o_d[d] + k];

			if (!e)
				continue;
			wr(f, L_D(d, k));
			if (e & ENT_DIRTY)
				line_write(m, f, m->dslot[k].gline);
		}
}

int por_ample(const struct model *m, const uint8_t *s)
{
	const struct program *p = m->p;
	const struct por *po = m->por;
	struct fp hw;
	int raw[FC_MAX_CPUS];

	for (int c = 0; c < p->nthreads; c++)
		raw[c] = model_pc(m, s, c);
	hw_now(m, s, &hw);
	for (int c = 0; c < p->nthreads; c++) {
		const struct thread *th = &p->threads[c];
		struct fp t = { { 0 }, { 0 } }, win = hw;
		int pc = raw[c];

		/* the branches on the way to the next op are part of it */
		while (pc < th->nops) {
			const struct op *o = &th->ops[pc];

			if (o->kind == OP_JUMP) {
				pc = o->target;
			} else if (o->kind == OP_BRANCH) {
				cond_reads(m, &t, o->cond);
				pc = exec_dcond_holds(m, s, c, c, o->cond)
					     ? pc + 1 : o->target;
			} else {
				break;
			}
		}
		if (pc >= th->nops || !(op_flags(&th->ops[pc]) & OPF_ALONE) ||
		    exec_op_blocked(m, s, c, &th->ops[pc]))
			continue;
		op_fp(m, c, &th->ops[pc], &t);
		for (int d = 0; d < p->nthreads; d++)
			if (d != c)
				fp_or(&win, &po->suffix[d][raw[d]]);
		if (!conflict(&t, &win))
			return c;
	}
	return -1;
}
