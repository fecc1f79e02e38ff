/* SPDX-License-Identifier: MIT */
/*
 * exec.c - thread and interrupt-handler steps: the semantics of every op
 * of ops.h (exec_op() switches over them all), control flow, what makes
 * an op wait, and the oracles a step can violate on the way.
 *
 * Invariants:
 *  - version numbers of a line count up in creation order; the newest is
 *    nver - 1, and "stale" means older than that;
 *  - with coherent D-caches every valid copy of one slot holds the same
 *    version on every CPU (a store drops the other copies, a fill takes
 *    the existing copy), so "another CPU's copy" is well defined.
 */
#include "model_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/*
 * What a load through slot `ds` by CPU c returns: its own copy, else (with
 * coherent D-caches) another CPU's copy of the same slot, else memory.
 * *from is set to the CPU that supplied it, or -1 for memory.
 */
int exec_load_value(const struct gen *g, const uint8_t *s, int c, int ds,
		      int *from)
{
	const struct model *m = g->m;
	uint8_t e = s[m->o_d[c] + ds];

	*from = c;
	if (e)
		return ENT_VER(e);
	if (machine_dcache_coherent(m->mc))
		for (int d = 0; d < m->ncpus; d++) {
			e = s[m->o_d[d] + ds];
			if (d != c && e) {
				*from = d;
				return ENT_VER(e);
			}
		}
	*from = -1;
	return s[m->o_mem[m->dslot[ds].gline]];
}

static void describe_source(struct gen *g, int c, int from, const char *what)
{
	if (from == c)
		DETAIL(g, "%s hit", what);
	else if (from >= 0)
		DETAIL(g, "%s miss, supplied by CPU%d's copy", what, from);
	else
		DETAIL(g, "%s miss, filled from memory", what);
}

/* A new version of line gl with label lab; returns its number. */
static int new_version(const struct gen *g, int gl, uint8_t lab)
{
	uint8_t *t = g->t;
	int v = t[g->m->o_nver[gl]]++;

	/* model_layout() made room for every write the program can do */
	assert(v < g->m->maxver[gl]);
	t[g->m->o_vlabel[gl] + v] = lab;
	return v;
}

static void do_store(struct gen *g, int c, int a, int i, uint8_t lab)
{
	const struct model *m = g->m;
	int ds = m->dslot_of[a][i], gl = m->dslot[ds].gline;
	int v = new_version(g, gl, lab);
	char b1[48], b2[48];

	if (m->mc->d.writeback) {
		*dent(g, g->t, c, ds) = (uint8_t)((v + 1) | ENT_DIRTY);
		DETAIL(g, "D$ %s = %s dirty",
		       gen_slotname(g, &m->dslot[ds], b1, sizeof b1),
		       gen_vname(g, g->t, gl, v, b2, sizeof b2));
	} else {
		*dent(g, g->t, c, ds) = (uint8_t)(v + 1);
		spec_mem_set(g, gl, v);
		DETAIL(g, "D$ %s = %s, written through to memory",
		       gen_slotname(g, &m->dslot[ds], b1, sizeof b1),
		       gen_vname(g, g->t, gl, v, b2, sizeof b2));
	}
	if (machine_dcache_coherent(m->mc))
		for (int d = 0; d < m->ncpus; d++)
			if (d != c && *dent(g, g->t, d, ds)) {
				*dent(g, g->t, d, ds) = 0;
				DETAIL(g, "; CPU%d's copy dropped", d);
			}
}

/* Returns the version loaded (and fills the D-cache). */
static int do_load(struct gen *g, int c, int a, int i)
{
	const struct model *m = g->m;
	int ds = m->dslot_of[a][i], from;
	int v = exec_load_value(g, g->s, c, ds, &from);
	char b1[48];

	describe_source(g, c, from, "D$");
	if (from != c) {
		*dent(g, g->t, c, ds) = (uint8_t)(v + 1);
		DETAIL(g, "; D$ %s now clean",
		       gen_slotname(g, &m->dslot[ds], b1, sizeof b1));
	}
	if (v != newest(m, g->s, m->dslot[ds].gline))
		g->viol |= 1u << OR_STALE_LOAD;
	return v;
}

static int do_fetch(struct gen *g, int c, int a, int i)
{
	const struct model *m = g->m;
	int ds = m->dslot_of[a][i], is = m->islot_of[a][i], gl = m->dslot[ds].gline;
	int v, from;
	char b1[48];

	if (machine_icache_snoops(m->mc)) {
		v = exec_load_value(g, g->s, c, ds, &from);
		DETAIL(g, "I$ snoops: sees what a load would");
	} else {
		uint8_t e = *ient(g, g->t, c, is);

		if (e) {
			v = ENT_VER(e);
			DETAIL(g, "I$ hit at %s",
			       gen_slotname(g, &m->islot[is], b1, sizeof b1));
		} else {
			if (ifill_from_dcache(m, a)) {
				v = exec_load_value(g, g->s, c, ds, &from);
				DETAIL(g, "I$ miss, filled through the D side");
				if (from >= 0)
					DETAIL(g, " (CPU%d's D$)", from);
				else
					DETAIL(g, " (memory)");
			} else {
				v = g->s[m->o_mem[gl]];
				DETAIL(g, m->p->mappings[a].mmu_off ?
				       "I$ miss, MMU off: filled from memory" :
				       "I$ miss, filled from memory");
			}
			*ient(g, g->t, c, is) = (uint8_t)(v + 1);
		}
	}
	if (m->p->mappings[a].kind == MAPPING_USER &&
	    v < g->s[m->o_pub[a] + i])
		g->viol |= 1u << OR_STALE_FETCH;
	return v;
}

/*
 * Write-backs.  Several dirty copies of one line (aliases, or private
 * caches) written back by one op reach memory in an order the model does
 * not know, so each is a possible last writer: one successor per choice.
 */
/*
 * One op writes back at most one slot on every CPU (by VA) or every slot
 * of one CPU (.all), so at most this many copies of one line: distinct
 * versions are no more.
 */
#define WB_MAX_VERS (FC_MAX_CPUS > FC_MAX_MAPPINGS ? FC_MAX_CPUS : FC_MAX_MAPPINGS)

struct wb {
	int ic_inv;	/* 1 + a CPU whose I$ is invalidated after (fence.i) */
	int n;
	int gline[MAX_SLOTS];
	int nver[MAX_SLOTS];
	uint8_t ver[MAX_SLOTS][WB_MAX_VERS];
};

static void wb_add(struct wb *w, int gl, int v)
{
	int k;

	for (k = 0; k < w->n && w->gline[k] != gl; k++)
		;
	if (k == w->n) {
		w->gline[k] = gl;
		w->nver[k] = 0;
		w->n++;
	}
	for (int j = 0; j < w->nver[k]; j++)
		if (w->ver[k][j] == v)
			return;
	assert(w->nver[k] < WB_MAX_VERS);
	w->ver[k][w->nver[k]++] = (uint8_t)v;
}

static void ic_inv_local_all(struct gen *g, int c);

static void wb_emit(struct gen *g, const struct wb *w, int k)
{
	if (k == w->n) {
		if (w->ic_inv)
			ic_inv_local_all(g, w->ic_inv - 1);
		gen_emit(g);
		return;
	}
	size_t said = strlen(g->note.detail);

	uint8_t keep[g->m->size];

	memcpy(keep, g->t, g->m->size);
	for (int j = 0; j < w->nver[k]; j++) {
		g->note.detail[said] = '\0';

		spec_mem_set(g, w->gline[k], w->ver[k][j]);
		if (w->nver[k] > 1) {
			char b[48];

			gen_vname(g, g->t, w->gline[k], w->ver[k][j], b, sizeof b);
			DETAIL(g, " [%s reaches memory last]", b);
		}
		wb_emit(g, w, k + 1);
		memcpy(g->t, keep, g->m->size);
	}
}

/* Clean and/or invalidate one D-slot of CPU d into w. */
static void dc_one(struct gen *g, struct wb *w, int d, int ds, int clean,
		   int inv)
{
	uint8_t *e = dent(g, g->t, d, ds);
	char b1[48], b2[48];

	if (!*e)
		return;
	gen_slotname(g, &g->m->dslot[ds], b1, sizeof b1);
	gen_vname(g, g->t, g->m->dslot[ds].gline, ENT_VER(*e), b2, sizeof b2);
	if (clean && (*e & ENT_DIRTY)) {
		wb_add(w, g->m->dslot[ds].gline, ENT_VER(*e));
		*e &= (uint8_t)~ENT_DIRTY;
		DETAIL(g, "%sCPU%d D$ %s: %s written back", g->note.detail[0] ? "; " : "",
		       d, b1, b2);
	} else if (inv && (*e & ENT_DIRTY)) {
		DETAIL(g, "%sCPU%d D$ %s: dirty %s discarded",
		       g->note.detail[0] ? "; " : "", d, b1, b2);
	} else if (inv) {
		DETAIL(g, "%sCPU%d D$ %s: %s dropped",
		       g->note.detail[0] ? "; " : "", d, b1, b2);
	} else {
		DETAIL(g, "%sCPU%d D$ %s: %s already clean",
		       g->note.detail[0] ? "; " : "", d, b1, b2);
	}
	if (inv)
		*e = 0;
}

static int targets(const struct gen *g, int c, const struct op *o, int *lo,
		   int *hi)
{
	if (machine_maint_broadcast(g->m->mc) && !o->local) {
		*lo = 0;
		*hi = g->m->ncpus;
	} else {
		*lo = c;
		*hi = c + 1;
	}
	return 0;
}

static void do_dc_va(struct gen *g, int c, const struct op *o)
{
	int lo, hi, ds = g->m->dslot_of[o->mapping][o->line];
	int clean = o->kind != OP_DC_INV, inv = o->kind != OP_DC_CLEAN;
	struct wb w = { 0 };

	targets(g, c, o, &lo, &hi);
	for (int d = lo; d < hi; d++)
		dc_one(g, &w, d, ds, clean, inv);
	if (!g->note.detail[0])
		DETAIL(g, "no copy at %s", "that colour");
	wb_emit(g, &w, 0);
}

static void do_dc_all(struct gen *g, int c, int inv)
{
	struct wb w = { 0 };

	for (int ds = 0; ds < g->m->ndslots; ds++)
		dc_one(g, &w, c, ds, 1, inv);
	if (!g->note.detail[0])
		DETAIL(g, "D$ empty");
	wb_emit(g, &w, 0);
}

static void do_ic(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int lo, hi;
	char b[48];

	if (machine_icache_snoops(m->mc)) {
		DETAIL(g, "I$ snoops: nothing to invalidate");
		gen_emit(g);
		return;
	}
	targets(g, c, o, &lo, &hi);
	for (int d = lo; d < hi; d++)
		for (int is = 0; is < m->nislots; is++) {
			uint8_t *e = ient(g, g->t, d, is);

			if (o->kind == OP_IC_INV && is != m->islot_of[o->mapping][o->line])
				continue;
			if (m->symbolic ? !iset_empty(m, g->t, d, is) : *e != 0)
				DETAIL(g, "%sCPU%d I$ %s dropped",
				       g->note.detail[0] ? "; " : "", d,
				       gen_slotname(g, &m->islot[is], b, sizeof b));
			iset_clear(m, g->t, d, is);
		}
	if (!g->note.detail[0])
		DETAIL(g, lo + 1 == hi && m->ncpus > 1
			       ? "nothing cached there (this CPU only)"
			       : "nothing cached there");
	else if (lo + 1 == hi && m->ncpus > 1)
		DETAIL(g, " (this CPU only)");
	gen_emit(g);
}

/*
 * fence.i: every I-line of CPU c invalidated, after (fencei = writeback)
 * its dirty D-lines went to memory.  The order matters with --reduce spec:
 * the write-back ends the tenure of memory's old version, which another
 * CPU's prefetcher, and before the invalidation this one's, may have
 * taken; so the invalidation comes last, in wb_emit().
 */
static void do_fence_i(struct gen *g, int c)
{
	struct wb w = { 0 };

	if (machine_fencei_writes_back(g->m->mc))
		for (int ds = 0; ds < g->m->ndslots; ds++)
			dc_one(g, &w, c, ds, 1, 0);
	w.ic_inv = c + 1;
	wb_emit(g, &w, 0);
}

static void ic_inv_local_all(struct gen *g, int c)
{
	const struct model *m = g->m;
	int any = 0;

	if (machine_icache_snoops(m->mc))
		return;
	for (int is = 0; is < m->nislots; is++) {
		any |= !iset_empty(m, g->t, c, is);
		iset_clear(m, g->t, c, is);
	}
	DETAIL(g, "%sCPU%d I$ %s", g->note.detail[0] ? "; " : "", c,
	       any ? "invalidated" : "empty");
}

static void do_dma_write(struct gen *g, const struct op *o)
{
	const struct model *m = g->m;
	int gl = model_gline(m, o->mapping, o->line);
	int v = new_version(g, gl, o->label);
	char b[48];

	spec_mem_set(g, gl, v);
	DETAIL(g, "memory = %s", gen_vname(g, g->t, gl, v, b, sizeof b));
	if (machine_dma_coherent(m->mc)) {
		for (int c = 0; c < m->ncpus; c++) {
			for (int k = 0; k < m->ndslots; k++)
				if (m->dslot[k].gline == gl)
					*dent(g, g->t, c, k) = 0;
			if (!machine_icache_snoops(m->mc))
				for (int k = 0; k < m->nislots; k++)
					if (m->islot[k].gline == gl)
						iset_clear(m, g->t, c, k);
		}
		DETAIL(g, "; coherent DMA dropped every cached copy");
	} else {
		DETAIL(g, "; cached copies untouched (DMA does not snoop)");
	}
	gen_emit(g);
}

static void finish_read(struct gen *g, int c, const struct op *o, int v,
			int gl)
{
	char b[48];

	if (o->reg != NO_REG)
		g->t[g->m->o_reg[c] + o->reg] = g->s[g->m->o_vlabel[gl] + v];
	if (v != newest(g->m, g->s, gl))
		g->viol |= 1u << OR_STALE_DMA;
	TEXT(g, " = %s", gen_vname(g, g->s, gl, v, b, sizeof b));
	if (g->viol & (1u << OR_STALE_DMA))
		TEXT(g, "  <- stale");
	gen_emit(g);
}

static void do_dma_read(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int gl = model_gline(m, o->mapping, o->line);
	uint8_t seen[FC_MAX_CPUS * MAX_SLOTS];
	int n = 0;

	if (machine_dma_coherent(m->mc))
		for (int d = 0; d < m->ncpus; d++)
			for (int k = 0; k < m->ndslots; k++) {
				uint8_t e = g->s[m->o_d[d] + k];
				int dup = 0;

				if (m->dslot[k].gline != gl || !(e & ENT_DIRTY))
					continue;
				for (int j = 0; j < n; j++)
					dup |= seen[j] == ENT_VER(e);
				if (!dup)
					seen[n++] = (uint8_t)ENT_VER(e);
			}
	if (n == 0) {
		DETAIL(g, "device reads memory");
		finish_read(g, c, o, g->s[m->o_mem[gl]], gl);
		return;
	}
	/* Several dirty copies: the device may snoop any of them. */
	{
		size_t tl = strlen(g->note.text), dl = strlen(g->note.detail);

		for (int j = 0; j < n; j++) {
			g->viol = 0;
			g->note.text[tl] = g->note.detail[dl] = '\0';
			DETAIL(g, "device snoops a dirty copy");
			finish_read(g, c, o, seen[j], gl);
		}
	}
}

int exec_dcond_holds(const struct model *m, const uint8_t *s, int t, int c,
		       const struct dcond *d)
{
	switch (d->kind) {
	case DC_TRUE:
		return 1;
	case DC_NOT:
		return !exec_dcond_holds(m, s, t, c, d->l);
	case DC_AND:
		return exec_dcond_holds(m, s, t, c, d->l) &&
		       exec_dcond_holds(m, s, t, c, d->r);
	case DC_OR:
		return exec_dcond_holds(m, s, t, c, d->l) ||
		       exec_dcond_holds(m, s, t, c, d->r);
	case DC_PRESENT:
		return pte_of(m, s, d->a) == PTE_PRESENT;
	case DC_FLUSHONLY:
		return pte_of(m, s, d->a) == PTE_FLUSHONLY;
	case DC_MAPPED:
		for (int a = 0; a < m->p->nmappings; a++)
			if (m->p->mappings[a].kind == MAPPING_USER &&
			    m->p->mappings[a].page == d->a &&
			    pte_of(m, s, a) == PTE_PRESENT)
				return 1;
		return 0;
	case DC_FLAG:
		return flag_of(m, s, d->a, d->b);
	case DC_REG:
		return s[m->o_reg[t] + d->a] != 0;
	case DC_MASK:
		return *cpumask_of(m, (uint8_t *)s, d->a, d->b) >> c & 1;
	case DC_MMFLAG:
		return *mmflags_of(m, (uint8_t *)s, d->b) >> d->a & 1;
	case DC_MIGRATED:
		return thread_cpu(m, s, t) != thread_prev_cpu(m, s, t);
	case DC_LAZY_MM:
		return cpu_active_mm(m, s, c) == m->p->thread_mm[t] + 1;
	}
	return 0;
}

/*
 * The next op of a code array from pc, following control flow against
 * state s (on behalf of CPU c).  Returns its index, or th->nops at the end.
 * Jumps only go forward (if/else, unrolled loops), so this terminates.
 */
static int resolve(const struct model *m, const uint8_t *s, int t, int c,
		   const struct thread *th, int pc)
{
	while (pc < th->nops) {
		const struct op *o = &th->ops[pc];

		if (o->kind == OP_JUMP)
			pc = o->target;
		else if (o->kind == OP_BRANCH)
			pc = exec_dcond_holds(m, s, t, c, o->cond) ? pc + 1
								   : o->target;
		else
			break;
	}
	return pc;
}

const struct op *exec_next_op(const struct model *m, const uint8_t *s,
				int c)
{
	const struct thread *th;
	int pc;

	if (c >= m->p->nthreads)
		return NULL;
	th = &m->p->threads[c];
	pc = resolve(m, s, c, thread_cpu(m, s, c), th, model_pc(m, s, c));
	return pc < th->nops ? &th->ops[pc] : NULL;
}

/* Interrupt state: ipi_pc[target][source] = next handler op + 1, 0 none. */
static uint8_t *ipi_pc(const struct model *m, uint8_t *s, int t, int src)
{
	return &s[m->o_ipi + t * m->ncpus + src];
}

/* Has CPU src's on_each_cpu block still to run somewhere? */
static int ipi_pending(const struct model *m, const uint8_t *s, int src)
{
	for (int t = 0; t < m->ncpus && m->p->nipis; t++)
		if (s[m->o_ipi + t * m->ncpus + src])
			return 1;
	return 0;
}

/* Would op o, issued by thread t, wait instead of taking a step? */
int exec_op_blocked(const struct model *m, const uint8_t *s, int t,
		      const struct op *o)
{
	if (is_access(o))
		return pte_of(m, s, o->mapping) == PTE_ABSENT;
	switch (op_kind_of(o)) {
	case OP_WAIT:
		return !flag_of(m, s, o->flag, o->mapping);
	case OP_LOCK:
		return flag_of(m, s, o->flag, o->mapping);
	case OP_IPI_WAIT:
		return ipi_pending(m, s, thread_cpu(m, s, t));
	case OP_ST: case OP_ST_REG: case OP_LD: case OP_EXEC:
	case OP_COPY_LD: case OP_COPY_ST:	/* is_access() */
	case OP_DC_CLEAN: case OP_DC_INV: case OP_DC_FLUSH: case OP_IC_INV:
	case OP_IC_INV_ALL: case OP_DC_CLEAN_ALL: case OP_DC_FLUSH_ALL:
	case OP_FENCE_I: case OP_DSB: case OP_DSB_ST: case OP_ISB:
	case OP_PTE_SET: case OP_PTE_CLEAR: case OP_PTE_FLUSHONLY:
	case OP_DMA_WRITE: case OP_DMA_READ:
	case OP_FLAG_SET: case OP_FLAG_CLEAR: case OP_TAS: case OP_UNLOCK:
	case OP_IPI: case OP_JUMP: case OP_BRANCH:
	case OP_IRQ_OFF: case OP_IRQ_ON:
	case OP_MASK_SET: case OP_MASK_CLEAR: case OP_MASK_SETALL:
	case OP_MASK_TAC: case OP_MMFLAG_SET: case OP_MMFLAG_CLEAR:
	case OP_MIGRATE: case OP_SWITCH: case OP_ONLINE:
		break;
	case OP_RCU_GP: case OP_RCU_GP_WAIT: case OP_RCU_QS:
	case OP_RCU_EQS_ENTER: case OP_RCU_EQS_EXIT:
		assert(!"compile_op() keeps RCU off the cache model");
		break;
	}
	return 0;
}

/* A CPU in the middle of an interrupt handler runs nothing else. */
static int in_handler(const struct model *m, const uint8_t *s, int t)
{
	for (int src = 0; src < m->ncpus && m->p->nipis; src++)
		if (s[m->o_ipi + t * m->ncpus + src] > 1)
			return 1;
	return 0;
}

int exec_blocked(const struct model *m, const uint8_t *s, int c)
{
	const struct op *o = exec_next_op(m, s, c);

	return o && exec_op_blocked(m, s, c, o);
}

static void fault(struct gen *g, const char *why)
{
	g->viol |= 1u << OR_FAULT;
	TEXT(g, "  <- fault");
	DETAIL(g, "%s; the op has no effect", why);
	gen_emit(g);
}

static void set_flag(struct gen *g, const struct op *o, int on)
{
	uint8_t *f = &g->t[g->m->o_flags[o->mapping]];

	if (on)
		*f |= (uint8_t)(1u << o->flag);
	else
		*f &= (uint8_t)~(1u << o->flag);
}

/*
 * Execute op o on CPU c.  The caller has called gen_begin() and moved the pc;
 * this emits the successor (or one per nondeterministic outcome).
 */
/*
 * Thread t's registers, CPU c's caches: the same number unless threads
 * migrate (a handler runs on CPU c and passes t = c; it keeps no
 * registers).
 */
static void exec_op(struct gen *g, int t, int c, const struct op *o)
{
	const struct model *m = g->m;
	int v, pte, gl;
	char b[48];

	pte = is_access(o) || is_va_maint(o)
		      ? pte_of(m, g->s, o->mapping) : PTE_PRESENT;
	if (is_access(o) && pte == PTE_FLUSHONLY) {
		fault(g, "access through a flush-only translation");
		return;
	}
	if (is_va_maint(o) && pte == PTE_ABSENT) {
		fault(g, "maintenance by VA with no translation");
		return;
	}
	switch (op_kind_of(o)) {
	case OP_ST:
		do_store(g, c, o->mapping, o->line, o->label);
		break;
	case OP_ST_REG:
		do_store(g, c, o->mapping, o->line, g->s[m->o_reg[t] + o->reg]);
		break;
	case OP_COPY_ST:
		do_store(g, c, o->mapping, o->line, g->s[m->o_hand[t]]);
		break;
	case OP_EXEC:
		if (m->symbolic) {
			spec_fetch(g, c, o);
			return;
		}
		/* fall through */
	case OP_LD:
	case OP_COPY_LD:
		gl = model_gline(m, m->p->mappings[o->mapping].page, o->line);
		v = o->kind == OP_EXEC ? do_fetch(g, c, o->mapping, o->line)
				       : do_load(g, c, o->mapping, o->line);
		if (o->kind == OP_COPY_LD)
			g->t[m->o_hand[t]] = g->s[m->o_vlabel[gl] + v];
		else if (o->reg != NO_REG)
			g->t[m->o_reg[t] + o->reg] = g->s[m->o_vlabel[gl] + v];
		TEXT(g, " = %s", gen_vname(g, g->s, gl, v, b, sizeof b));
		if (g->viol)
			TEXT(g, "  <- stale");
		break;
	case OP_DC_CLEAN:
	case OP_DC_INV:
	case OP_DC_FLUSH:
		do_dc_va(g, c, o);
		return;
	case OP_DC_CLEAN_ALL:
	case OP_DC_FLUSH_ALL:
		do_dc_all(g, c, o->kind == OP_DC_FLUSH_ALL);
		return;
	case OP_IC_INV:
	case OP_IC_INV_ALL:
		do_ic(g, c, o);
		return;
	case OP_FENCE_I:
		do_fence_i(g, c);
		return;
	case OP_DSB:
	case OP_DSB_ST:
	case OP_ISB:
		break;
	case OP_PTE_SET: {
		const struct mapping *al = &m->p->mappings[o->mapping];

		if (al->perms & PERM_F) {
			g->t[m->o_pte[o->mapping]] = PTE_FLUSHONLY;
			spec_pte_changed(g);
			DETAIL(g, "PTE flush-only");
			break;
		}
		g->t[m->o_pte[o->mapping]] = PTE_PRESENT;
		for (int i = 0; i < m->mc->lines; i++) {
			gl = model_gline(m, al->page, i);
			g->t[m->o_pub[o->mapping] + i] = (uint8_t)newest(m, g->s, gl);
		}
		DETAIL(g, "PTE present: visible to every CPU");
		break;
	}
	case OP_PTE_CLEAR:
		g->t[m->o_pte[o->mapping]] = PTE_ABSENT;
		spec_pte_changed(g);
		break;
	case OP_PTE_FLUSHONLY:
		g->t[m->o_pte[o->mapping]] = PTE_FLUSHONLY;
		spec_pte_changed(g);
		break;
	case OP_DMA_WRITE:
		do_dma_write(g, o);
		return;
	case OP_DMA_READ:
		do_dma_read(g, t, o);
		return;
	case OP_FLAG_SET:
	case OP_LOCK:
		set_flag(g, o, 1);
		break;
	case OP_FLAG_CLEAR:
	case OP_UNLOCK:
		set_flag(g, o, 0);
		break;
	case OP_TAS:
		v = flag_of(m, g->s, o->flag, o->mapping);
		if (o->reg != NO_REG)
			g->t[m->o_reg[t] + o->reg] = (uint8_t)v;
		set_flag(g, o, 1);
		TEXT(g, " = %d", v);
		break;
	case OP_WAIT:
		break;
	case OP_IPI: {
		/* the targets are taken now: a CPU that joins the mask
		 * later is not interrupted */
		unsigned set = (o->mask ? *cpumask_of(m, g->t, o->mask - 1, o->mm)
					: (1u << m->ncpus) - 1) &
			       cpus_online(m, g->t);

		g->t[m->o_ipi_id + c] = o->ipi;
		for (int t = 0; t < m->ncpus; t++)
			if (t != c && (set >> t & 1) && m->p->ipis[o->ipi].nops)
				*ipi_pc(m, g->t, t, c) = 1;
		if (!o->mask && set == (1u << m->ncpus) - 1) {
			DETAIL(g, "IPI to the other CPUs");
		} else if (!(set & ~(1u << c))) {
			char in[64] = "";

			if (o->mask)
				snprintf(in, sizeof in, " in %s(mm%d)",
					 m->p->masks[o->mask - 1], o->mm);
			DETAIL(g, "no other %sCPU%s",
			       m->p->offline ? "online " : "", in);
		} else {
			for (int t = 0, n = 0; t < m->ncpus; t++)
				if (t != c && (set >> t & 1))
					DETAIL(g, "%sCPU%d", n++ ? ", " : "IPI to ", t);
		}
		break;
	}
	case OP_IRQ_OFF:
		g->t[m->o_irq] |= (uint8_t)(1u << c);
		break;
	case OP_IRQ_ON:
		g->t[m->o_irq] &= (uint8_t)~(1u << c);
		break;
	case OP_MASK_SET:
		*cpumask_of(m, g->t, o->mask - 1, o->mm) |= (uint8_t)(1u << c);
		break;
	case OP_MASK_CLEAR:
		*cpumask_of(m, g->t, o->mask - 1, o->mm) &= (uint8_t)~(1u << c);
		break;
	case OP_MASK_SETALL:
		*cpumask_of(m, g->t, o->mask - 1, o->mm) =
			(uint8_t)((1u << m->ncpus) - 1);
		break;
	case OP_MASK_TAC:
		v = *cpumask_of(m, g->t, o->mask - 1, o->mm) >> c & 1;
		*cpumask_of(m, g->t, o->mask - 1, o->mm) &= (uint8_t)~(1u << c);
		if (o->reg != NO_REG)
			g->t[m->o_reg[t] + o->reg] = (uint8_t)v;
		TEXT(g, " = %d", v);
		break;
	case OP_MMFLAG_SET:
		*mmflags_of(m, g->t, o->mm) |= (uint8_t)(1u << o->flag);
		break;
	case OP_MMFLAG_CLEAR:
		*mmflags_of(m, g->t, o->mm) &= (uint8_t)~(1u << o->flag);
		break;
	case OP_MIGRATE:
		assert(!"exec_thread_step() takes preempt_point itself");
		return;
	case OP_SWITCH:		/* the CPU now runs the thread's mm */
		if (m->p->migrates)
			g->t[m->o_amm + c] = (uint8_t)(m->p->thread_mm[t] + 1);
		break;
	case OP_ONLINE:
		if (m->p->offline)
			g->t[m->o_online] |= (uint8_t)(1u << c);
		break;
	case OP_RCU_GP: case OP_RCU_GP_WAIT: case OP_RCU_QS:
	case OP_RCU_EQS_ENTER: case OP_RCU_EQS_EXIT:
		assert(!"compile_op() keeps RCU off the cache model");
		return;
	case OP_IPI_WAIT:
		DETAIL(g, "every other CPU has run it");
		break;
	case OP_JUMP:
	case OP_BRANCH:
		assert(!"resolve() steps over control flow");
		return;
	}
	gen_emit(g);
}

/* Does thread t's CPU, or some thread, run on CPU d? */
static int cpu_busy(const struct model *m, const uint8_t *s, int d)
{
	for (int u = 0; u < m->p->nthreads; u++)
		if (thread_cpu(m, s, u) == d && exec_next_op(m, s, u))
			return 1;
	return 0;
}

/*
 * preempt_point of thread t on CPU c: it goes on here (the inline
 * context switch skipped), or moves to any other of its CPUs that runs
 * no unfinished thread, which then runs the context switch for it.
 * The thread last ran on c: that is what migrated() compares.
 */
static void preempt(struct gen *g, int t, int c, int pc, const struct op *o)
{
	const struct model *m = g->m;
	size_t tl = strlen(g->note.text);

	model_set_pc(m, g->t, t, o->target);
	TEXT(g, ": stays on CPU%d", c);
	gen_emit(g);
	for (int d = 0; d < m->ncpus && m->p->migrates; d++) {
		if (d == c || !(m->p->thread_cpus[t] >> d & 1) ||
		    cpu_busy(m, g->s, d))
			continue;
		memcpy(g->t, g->s, m->size);
		g->viol = 0;
		if (g->notes)
			g->note.text[tl] = g->note.detail[0] = '\0';
		model_set_pc(m, g->t, t, pc + 1);
		g->t[m->o_tcpu + 2 * t] = (uint8_t)d;
		g->t[m->o_tcpu + 2 * t + 1] = (uint8_t)c;
		TEXT(g, ": P%d moves to CPU%d", t, d);
		gen_emit(g);
	}
}

void exec_thread_step(struct gen *g, int t)
{
	const struct model *m = g->m;
	const struct thread *th = &m->p->threads[t];
	int c = thread_cpu(m, g->s, t);
	int pc = resolve(m, g->s, t, c, th, model_pc(m, g->s, t));
	const struct op *o;

	if (pc >= th->nops || in_handler(m, g->s, c))
		return;
	o = &th->ops[pc];
	if (exec_op_blocked(m, g->s, t, o))
		return;
	if (op_flags(o) & OPF_DEVICE) {
		gen_begin(g, AGENT_DEV, 1);
		TEXT(g, "%s (P%d)", o->text, t);
	} else {
		gen_begin(g, c, 1);
		TEXT(g, "%s", o->text);
	}
	if (op_kind_of(o) == OP_MIGRATE) {
		preempt(g, t, c, pc, o);
		return;
	}
	model_set_pc(m, g->t, t, pc + 1);
	exec_op(g, t, c, o);
}

/*
 * on_each_cpu handlers posted to CPU t: one at a time; once one has
 * started, it runs to its end before anything else on t.
 */
void exec_handler_steps(struct gen *g, int t)
{
	const struct model *m = g->m;
	int busy = in_handler(m, g->s, t);

	for (int src = 0; src < m->ncpus && m->p->nipis; src++) {
		int v = *ipi_pc(m, (uint8_t *)g->s, t, src), pc, next;
		const struct thread *h;

		/* a handler starts only on a CPU with interrupts on */
		if (!v || (v == 1 && (busy || irqs_off(m, g->s, t))))
			continue;
		h = &m->p->ipis[g->s[m->o_ipi_id + src]];
		pc = resolve(m, g->s, t, t, h, v - 1);
		gen_begin(g, t, 1);
		if (pc < h->nops) {
			TEXT(g, "IPI from CPU%d: %s", src, h->ops[pc].text);
		} else {
			TEXT(g, "IPI from CPU%d: done", src);
		}
		/* a handler that ends with this op leaves at once */
		next = pc < h->nops ? resolve(m, g->t, t, t, h, pc + 1)
				    : h->nops;
		assert(pc + 2 <= FC_MAX_HANDLER_OPS + 1);
		*ipi_pc(m, g->t, t, src) = next < h->nops ? (uint8_t)(pc + 2) : 0;
		if (pc < h->nops)
			exec_op(g, t, t, &h->ops[pc]);
		else
			gen_emit(g);
	}
}

/* ---- model.h: where the threads stand ---------------------------------- */

int model_finished(const struct model *m, const uint8_t *s)
{
	if (m->arm)
		return armv8_finished(m->arm, s);
	for (int c = 0; c < m->p->nthreads; c++)
		if (exec_next_op(m, s, c))
			return 0;
	return 1;
}

unsigned model_state_violations(const struct model *m, const uint8_t *s)
{
	int waiting = 0;

	if (m->arm)	/* a path that cannot go on is no execution */
		return 0;
	for (int c = 0; c < m->ncpus && m->p->nipis; c++)
		for (int src = 0; src < m->ncpus; src++)
			if (s[m->o_ipi + c * m->ncpus + src] &&
			    (s[m->o_ipi + c * m->ncpus + src] > 1 ||
			     !irqs_off(m, s, c)))
				return 0;	/* an interrupt can run */
	for (int c = 0; c < m->p->nthreads; c++) {
		if (!exec_next_op(m, s, c))
			continue;
		if (!exec_blocked(m, s, c))
			return 0;
		waiting = 1;
	}
	return waiting ? 1u << OR_DEADLOCK : 0;
}
