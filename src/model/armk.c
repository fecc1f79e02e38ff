/* SPDX-License-Identifier: MIT */
/*
 * armk.c - a kernel scenario compiled for the relaxed Armv8 model
 * (docs/design.md section 9).
 *
 * The cache model (section 2) executes each op atomically, in program
 * order.  On a machine with `model = armv8` the ops become the
 * instructions an arm64 kernel runs for them, and armv8.c performs their
 * events in any order Arm's model allows:
 *
 *   a page's line       a code location: one slot per mapping it is
 *                       reached through, all aliases of one cell; its
 *                       value is an instruction "label L" (MOV X28, L)
 *   r = exec U          BL to U's slot (a fetch of the line, which may
 *                       read an old value), RET, r = X28
 *   r = ld U, st U = v  LDR, STR of the line's location
 *   access through U    gated: performs only while U's PTE location
 *                       reads non-zero (a faulting walk is retried)
 *   pte.set/clear U     STR 1/0 to U's PTE location (set_pte: WRITE_ONCE)
 *   dc.clean/dc.flush   DC CVAU (DC CIVAC cleans further: the same here)
 *   ic.inv X            IC IVAU; ic.inv.all: IC IALLUIS, .local IALLU
 *   dsb, dsb.st, isb    DSB ISH, DSB ISHST, ISB
 *   set/clear FLAG(p)   STR 1/0 (set_bit, clear_bit: relaxed); a flag
 *                       declared `ordered` is set after DMB ISHST
 *   FLAG(p) in a test   LDR (test_bit); `ordered`: then DMB ISHLD
 *   wait FLAG(p)        LDR awaiting 1 (`ordered`: then DMB ISHLD)
 *   test_and_set        DMB ISH; SWP; DMB ISH (value-returning atomics
 *                       are fully ordered, memory-barriers.txt)
 *   lock / unlock       SWPA awaiting 0 / STLR 0 (acquire, release)
 *   on_each_cpu         DSB ISHST; STR 1 to each other CPU's "pending"
 *                       (the GIC's SGI, gic_ipi_send_mask); the body in
 *                       line; LDAR awaiting each "done" (csd_lock_wait)
 *   its handler         an interrupt on each other CPU: entry (reads
 *                       "pending"), the body, STLR 1 to "done"
 *                       (csd_unlock), ERET
 *   if (cond)           the condition's loads into X20.., CBZ
 *
 * What has no meaning in Arm's model is refused, naming the op: DMA and
 * DC IVAC (a device and the PoC are outside it), set/way maintenance,
 * flush-only PTEs, `.local` maintenance by address (AArch64 has none: DC
 * CVAU and IC IVAU reach the inner shareable domain); and IC IVAU by an
 * address whose page has mappings of
 * other I-cache colours on an aliasing I-cache (Arm's model invalidates
 * the physical line, the kernel does not count on it: arm64 uses IC
 * IALLUIS there).
 */
#include "armk.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

/*
 * Registers.  The scenario's registers and a thread's locals are X0..X19;
 * a condition is computed on a stack of X20..X27; a fetched line's
 * instruction writes X28; copy holds its word in X29; X30 is the link
 * register of the BL that fetches a line.
 */
#define RK_REGS		20
#define RK_COND		20
#define RK_COND_DEPTH	8
#define RK_EXEC		28
#define RK_HAND		29

#define RK_NAME		40	/* a location's or slot's name */

struct armk {
	struct aprog a;
	const struct program *p;
	int ncpus;
	int insn_of_label[FC_MAX_LABELS];	/* -1: none yet */
	int label_of_insn[ARM_MAX_INSNS];	/* -1: no label's */
	int phys[FC_MAX_PAGES][FC_MAX_LINES];	/* a page line's own slot */
	int slot[FC_MAX_MAPPINGS][FC_MAX_LINES];	/* ... through a mapping */
	int pte[FC_MAX_MAPPINGS];		/* user mappings' PTE location */
	int flag[FC_MAX_FLAGS][FC_MAX_PAGES];	/* -1: not used */
	int sender[FC_MAX_IPIS];		/* -1: never posted */
	int pend[FC_MAX_IPIS][ARM_MAX_THREADS];
	int done[FC_MAX_IPIS][ARM_MAX_THREADS];
	/*
	 * RCU (9.4): the CPU that runs synchronize_rcu (-1: none), the word
	 * it writes when the grace period starts, each other CPU's report
	 * of a quiescent state, and whether RCU watches that CPU (0: an
	 * extended quiescent state, idle or nohz_full user mode).
	 */
	int rcu_sender;
	int rcu_gp;
	int rcu_qs[ARM_MAX_THREADS];
	int rcu_watching[ARM_MAX_THREADS];
	char names[ARM_MAX_LOCS + ARM_MAX_SLOTS][RK_NAME];
	int nnames;
	/* while compiling */
	int thread;
	int *first;			/* op index -> its first slot */
	int nfix;
	struct { int slot, op; } fix[FC_MAX_OPS];
	char *err;
	size_t errlen;
	int failed;
};

static void fail(struct armk *k, const struct op *o, const char *fmt, ...)
{
	va_list ap;
	size_t n = 0;

	if (k->failed++)
		return;
	if (o && o->src_line > 0)
		n = (size_t)snprintf(k->err, k->errlen, "%s:%d:%d: ",
				     o->src_file ? o->src_file :
				     k->p->file ? k->p->file : "-",
				     o->src_line, o->src_col);
	if (n >= k->errlen)
		return;
	va_start(ap, fmt);
	n += (size_t)vsnprintf(k->err + n, k->errlen - n, fmt, ap);
	va_end(ap);
	/* the call path, from the scenario's cell in */
	if (o && o->text && n < k->errlen)
		snprintf(k->err + n, k->errlen - n, " (in %s)", o->text);
}

static const char *name(struct armk *k, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (k->nnames == ARM_MAX_LOCS + ARM_MAX_SLOTS)
		return "?";
	s = k->names[k->nnames++];
	va_start(ap, fmt);
	vsnprintf(s, RK_NAME, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- instructions and slots ------------------------------------------ */

static struct ainsn mk(enum ainsn_op op, const struct op *o)
{
	struct ainsn in;

	memset(&in, 0, sizeof in);
	in.op = (uint8_t)op;
	in.rd = in.rn = in.rm = AR_NONE;
	in.text = o ? o->text : "";
	if (o) {
		in.src_line = o->src_line;
		in.src_col = o->src_col;
	}
	return in;
}

static int put_insn(struct armk *k, struct ainsn in)
{
	if (k->a.ninsns == ARM_MAX_INSNS) {
		fail(k, NULL, "too large for the Armv8 model: more than %d "
		     "instructions", ARM_MAX_INSNS);
		return 0;
	}
	k->a.insns[k->a.ninsns] = in;
	return k->a.ninsns++;
}

static int put_slot(struct armk *k, int insn, const char *label)
{
	int s = k->a.nslots;

	if (s == ARM_MAX_SLOTS) {
		fail(k, NULL, "too large for the Armv8 model: more than %d "
		     "instruction slots", ARM_MAX_SLOTS);
		return 0;
	}
	k->a.nslots++;
	k->a.slot_insn[s] = (uint8_t)insn;
	k->a.slot_thread[s] = (uint8_t)k->thread;
	k->a.slot_label[s] = label;
	return s;
}

/* One instruction of a thread's or handler's code. */
static int code(struct armk *k, struct ainsn in)
{
	return put_slot(k, put_insn(k, in), NULL);
}

static struct ainsn bar(enum ainsn_op op, enum abar b, const struct op *o)
{
	struct ainsn in = mk(op, o);

	in.bar = (uint8_t)b;
	return in;
}

/* The instruction a line holds when its value is label l. */
static int label_insn(struct armk *k, int l)
{
	struct ainsn in;
	int i;

	if (k->insn_of_label[l] >= 0)
		return k->insn_of_label[l];
	in = mk(AI_MOV, NULL);
	in.rd = RK_EXEC;
	in.konst = AK_VAL;
	in.text = k->p->labels[l];
	i = put_insn(k, in);
	k->a.insns[i].kval = AV_MAKE(AV_INSN, (uint32_t)i);
	k->insn_of_label[l] = i;
	k->label_of_insn[i] = l;
	return i;
}

static aval loc_addr(int loc)
{
	return AV_MAKE(AV_LOC, (uint32_t)loc);
}

/* An instruction on data location loc (a PTE, a flag, an IPI word). */
static struct ainsn at_loc(enum ainsn_op op, const struct op *o, int loc)
{
	struct ainsn in = mk(op, o);

	in.konst = AK_ADDR;
	in.kaddr = loc_addr(loc);
	return in;
}

static int new_loc(struct armk *k, const char *nm, aval init)
{
	int l = k->a.nlocs;

	if (l == ARM_MAX_LOCS) {
		fail(k, NULL, "too large for the Armv8 model: more than %d "
		     "PTEs, flags and IPI words", ARM_MAX_LOCS);
		return 0;
	}
	k->a.nlocs++;
	k->a.loc_names[l] = nm;
	k->a.loc_init[l] = init;
	return l;
}

static int flag_loc(struct armk *k, int flag, int page)
{
	if (k->flag[flag][page] < 0)
		k->flag[flag][page] = new_loc(k, name(k, "%s(%s)",
			k->p->flags[flag], k->p->pages[page].name), av_int(0));
	return k->flag[flag][page];
}

static int flag_ordered(const struct armk *k, int flag)
{
	return (k->p->flag_ordered >> flag & 1) != 0;
}

static int xreg(struct armk *k, const struct op *o, int r)
{
	if (r == NO_REG)
		return AR_XZR;
	if (r >= RK_REGS) {
		fail(k, o, "too many registers for the Armv8 model (at most "
		     "%d a thread)", RK_REGS);
		return AR_XZR;
	}
	return r;
}

/* An instruction on o's line, by the address of o's mapping. */
static struct ainsn at_line(struct armk *k, enum ainsn_op op,
			    const struct op *o)
{
	struct ainsn in = mk(op, o);

	in.konst = AK_ADDR;
	in.kaddr = AV_MAKE(AV_CODE, (uint32_t)k->slot[o->mapping][o->line]);
	return in;
}

/* A load or store of mapping a's line: address and gate. */
static struct ainsn access(struct armk *k, enum ainsn_op op,
			   const struct op *o)
{
	struct ainsn in = at_line(k, op, o);
	const struct mapping *mp = &k->p->mappings[o->mapping];

	if (mp->kind == MAPPING_USER)
		in.gate = (uint8_t)(1 + k->pte[o->mapping]);
	return in;
}

/* STR of a constant to a data location. */
static void store_const(struct armk *k, const struct op *o, int loc,
			int v, int rel)
{
	struct ainsn in = at_loc(rel ? AI_STLR : AI_STR, o, loc);

	in.konst |= AK_VAL;
	in.kval = av_int(v);
	code(k, in);
}

static void await_load(struct armk *k, const struct op *o, int loc, int v,
		       int acq)
{
	struct ainsn in = at_loc(acq ? AI_LDAR : AI_LDR, o, loc);

	in.rd = AR_XZR;
	in.await = 1;
	in.kwant = av_int(v);
	code(k, in);
}

/* ---- conditions ------------------------------------------------------ */

static void alu(struct armk *k, const struct op *o, enum ainsn_op op, int rd,
		int rn, int rm, int imm)
{
	struct ainsn in = mk(op, o);

	in.rd = (uint8_t)rd;
	in.rn = (uint8_t)rn;
	if (rm >= 0) {
		in.rm = (uint8_t)rm;
	} else {
		in.imm_op = 1;
		in.imm = imm;
	}
	code(k, in);
}

static void load_loc(struct armk *k, const struct op *o, int rd, int loc)
{
	struct ainsn in = at_loc(AI_LDR, o, loc);

	in.rd = (uint8_t)rd;
	code(k, in);
}

/* Compute d into X(RK_COND + depth): 1 holds, 0 does not. */
static void cond_eval(struct armk *k, const struct op *o,
		      const struct dcond *d, int depth)
{
	int r = RK_COND + depth;
	const struct program *p = k->p;

	if (depth + 1 >= RK_COND_DEPTH) {
		fail(k, o, "condition too deep for the Armv8 model");
		return;
	}
	switch ((enum dcond_kind)d->kind) {
	case DC_TRUE:
		alu(k, o, AI_MOV, r, AR_NONE, -1, 1);
		return;
	case DC_NOT:
		cond_eval(k, o, d->l, depth);
		alu(k, o, AI_EOR, r, r, -1, 1);
		return;
	case DC_AND:
	case DC_OR:
		cond_eval(k, o, d->l, depth);
		cond_eval(k, o, d->r, depth + 1);
		alu(k, o, d->kind == DC_AND ? AI_AND : AI_ORR, r, r, r + 1, 0);
		return;
	case DC_PRESENT:
		if (p->mappings[d->a].kind != MAPPING_USER)
			alu(k, o, AI_MOV, r, AR_NONE, -1, 1);
		else
			load_loc(k, o, r, k->pte[d->a]);
		return;
	case DC_FLUSHONLY:
		fail(k, o, "flush-only PTEs (parisc) are not in the Armv8 "
		     "model; use model = sc");
		return;
	case DC_MAPPED:
		/*
		 * The kernel reads one counter (page_mapped(): _mapcount);
		 * here each PTE is read on its own, which can only add
		 * outcomes.
		 */
		alu(k, o, AI_MOV, r, AR_NONE, -1, 0);
		for (int a = 0; a < p->nmappings; a++) {
			if (p->mappings[a].kind != MAPPING_USER ||
			    p->mappings[a].page != d->a)
				continue;
			load_loc(k, o, r + 1, k->pte[a]);
			alu(k, o, AI_ORR, r, r, r + 1, 0);
		}
		return;
	case DC_FLAG:
		load_loc(k, o, r, flag_loc(k, d->a, d->b));
		if (flag_ordered(k, d->a))
			code(k, bar(AI_DMB, AB_LD, o));
		return;
	case DC_REG:
		alu(k, o, AI_MOV, r, AR_NONE, xreg(k, o, d->a), 0);
		return;
	case DC_MASK:
	case DC_MMFLAG:
	case DC_MIGRATED:
	case DC_LAZY_MM:
		fail(k, o, "per-mm CPU masks, mm flags and migration are not "
		     "in the Armv8 model; use model = sc");
		return;
	}
}

/* ---- ops ------------------------------------------------------------- */

static void jump_to(struct armk *k, int slot, int op)
{
	if (k->nfix == FC_MAX_OPS) {
		fail(k, NULL, "too many branches");
		return;
	}
	k->fix[k->nfix].slot = slot;
	k->fix[k->nfix].op = op;
	k->nfix++;
}

static int other_cpu(const struct armk *k, int u, int c)
{
	return u != c && u < k->ncpus;
}

/* A value-returning atomic that writes v: fully ordered, value unused. */
static void atomic_store(struct armk *k, const struct op *o, int loc, int v)
{
	struct ainsn in = at_loc(AI_SWP, o, loc);

	in.konst |= AK_VAL;
	in.kval = av_int(v);
	in.rd = AR_XZR;
	code(k, bar(AI_DMB, AB_FULL, o));
	code(k, in);
	code(k, bar(AI_DMB, AB_FULL, o));
}

/*
 * RCU's grace period and quiescent states (docs/design.md 9.4), as the
 * orderings Tree RCU gives them: full barriers around the grace period's
 * start and end (rcu_gp_init, rcu_gp_cleanup), a quiescent state that
 * counts only once its CPU has seen the grace period start (the
 * cpu_no_qs flag is set when the CPU notices it) and that is reported
 * under the rcu_node lock, and the extended quiescent states of context
 * tracking, whose counter the grace-period kthread samples.
 */
static void compile_rcu(struct armk *k, const struct op *o)
{
	struct ainsn in;
	int c = k->thread, br;

	switch (op_kind_of(o)) {
	case OP_RCU_GP:			/* smp_mb(); gp_seq++; smp_mb() */
		code(k, bar(AI_DMB, AB_FULL, o));
		store_const(k, o, k->rcu_gp, 1, 0);
		code(k, bar(AI_DMB, AB_FULL, o));
		return;
	case OP_RCU_GP_WAIT:
		for (int u = 0; u < ARM_MAX_THREADS; u++) {
			if (!other_cpu(k, u, c))
				continue;
			/* rcu_watching_snap_in_eqs(): idle or user, done */
			in = at_loc(AI_LDR, o, k->rcu_watching[u]);
			in.rd = RK_COND;
			code(k, in);
			in = mk(AI_CBZ, o);
			in.rd = RK_COND;
			in.tkind = AT_SLOT;
			br = code(k, in);
			/* else wait for its report (under the node lock) */
			await_load(k, o, k->rcu_qs[u], 1, 1);
			k->a.insns[k->a.slot_insn[br]].imm = k->a.nslots;
		}
		code(k, bar(AI_DMB, AB_FULL, o));
		return;
	case OP_RCU_QS:
		/* noticed the new grace period: its loop exit is a ctrl dep */
		await_load(k, o, k->rcu_gp, 1, 1);
		code(k, bar(AI_DMB, AB_FULL, o));
		store_const(k, o, k->rcu_qs[c], 1, 1);
		return;
	case OP_RCU_EQS_ENTER:		/* ct_kernel_exit_state() */
		atomic_store(k, o, k->rcu_watching[c], 0);
		return;
	case OP_RCU_EQS_EXIT:		/* ct_kernel_enter_state() */
		atomic_store(k, o, k->rcu_watching[c], 1);
		/*
		 * ct_kernel_enter() then reads its per-CPU nesting count and
		 * branches on it (WARN_ON_ONCE(ct_nmi_nesting())): a read
		 * after the full barrier that later context synchronisation
		 * depends on.  Modelled as a read of the counter itself.
		 */
		await_load(k, o, k->rcu_watching[c], 1, 0);
		return;
	default:
		assert(!"not an RCU op");
		return;
	}
}

static void compile_op(struct armk *k, const struct op *o)
{
	const struct program *p = k->p;
	const struct mapping *mp = &p->mappings[o->mapping];
	struct ainsn in;
	int c = k->thread;

	if (o->local && (op_flags(o) & OPF_VA_MAINT)) {
		fail(k, o, "%s: AArch64 has no local maintenance by address "
		     "(DC CVAU and IC IVAU reach the inner shareable domain); "
		     "use model = sc", o->text);
		return;
	}
	switch (op_kind_of(o)) {
	case OP_ST:
		in = access(k, AI_STR, o);
		in.konst |= AK_VAL;
		in.kval = AV_MAKE(AV_INSN, (uint32_t)label_insn(k, o->label));
		code(k, in);
		return;
	case OP_ST_REG:
		in = access(k, AI_STR, o);
		in.rd = (uint8_t)xreg(k, o, o->reg);
		code(k, in);
		return;
	case OP_LD:
		in = access(k, AI_LDR, o);
		in.rd = (uint8_t)xreg(k, o, o->reg);
		code(k, in);
		return;
	case OP_COPY_LD:
		in = access(k, AI_LDR, o);
		in.rd = RK_HAND;
		code(k, in);
		return;
	case OP_COPY_ST:
		in = access(k, AI_STR, o);
		in.rd = RK_HAND;
		code(k, in);
		return;
	case OP_EXEC:
		in = mk(AI_BL, o);
		in.tkind = AT_SLOT;
		in.imm = k->slot[o->mapping][o->line];
		code(k, in);
		if (o->reg != NO_REG)
			alu(k, o, AI_MOV, xreg(k, o, o->reg), AR_NONE, RK_EXEC,
			    0);
		return;
	case OP_DC_CLEAN:
	case OP_DC_FLUSH:
		code(k, at_line(k, AI_DC_CVAU, o));
		return;
	case OP_IC_INV:
		if (machine_icache_aliasing(&p->machine)) {
			unsigned long col = machine_colour(&p->machine,
							   &p->machine.i, mp->va);

			for (int a = 0; a < p->nmappings; a++)
				if (p->mappings[a].page == mp->page &&
				    (p->machine.i.index == IDX_VIVT ||
				     machine_colour(&p->machine, &p->machine.i,
						    p->mappings[a].va) != col)) {
					fail(k, o, "ic.inv by VA on an aliasing "
					     "I-cache, with mappings of other "
					     "colours: Arm's model has no "
					     "colours; use model = sc");
					return;
				}
		}
		code(k, at_line(k, AI_IC_IVAU, o));
		return;
	case OP_IC_INV_ALL:
		code(k, mk(o->local ? AI_IC_IALLU : AI_IC_IALLUIS, o));
		return;
	case OP_DSB:
		code(k, bar(AI_DSB, AB_FULL, o));
		return;
	case OP_DSB_ST:
		code(k, bar(AI_DSB, AB_ST, o));
		return;
	case OP_ISB:
		code(k, mk(AI_ISB, o));
		return;
	case OP_PTE_SET:
	case OP_PTE_CLEAR:
		if (mp->kind != MAPPING_USER)
			return;		/* kernel mappings are always there */
		if (mp->perms & PERM_F) {
			fail(k, o, "flush-only PTEs (parisc) are not in the "
			     "Armv8 model; use model = sc");
			return;
		}
		store_const(k, o, k->pte[o->mapping],
			    op_kind_of(o) == OP_PTE_SET, 0);
		return;
	case OP_FLAG_SET:
		if (flag_ordered(k, o->flag))
			code(k, bar(AI_DMB, AB_ST, o));
		store_const(k, o, flag_loc(k, o->flag, o->mapping), 1, 0);
		return;
	case OP_FLAG_CLEAR:
		store_const(k, o, flag_loc(k, o->flag, o->mapping), 0, 0);
		return;
	case OP_TAS:
		code(k, bar(AI_DMB, AB_FULL, o));
		in = at_loc(AI_SWP, o, flag_loc(k, o->flag, o->mapping));
		in.konst |= AK_VAL;
		in.kval = av_int(1);
		in.rd = (uint8_t)xreg(k, o, o->reg);
		code(k, in);
		code(k, bar(AI_DMB, AB_FULL, o));
		return;
	case OP_WAIT:
		await_load(k, o, flag_loc(k, o->flag, o->mapping), 1, 0);
		if (flag_ordered(k, o->flag))
			code(k, bar(AI_DMB, AB_LD, o));
		return;
	case OP_LOCK:
		in = at_loc(AI_SWP, o, flag_loc(k, o->flag, o->mapping));
		in.konst |= AK_VAL;
		in.kval = av_int(1);
		in.rd = AR_XZR;
		in.await = 1;
		in.kwant = av_int(0);
		in.acq = 1;
		code(k, in);
		return;
	case OP_UNLOCK:
		store_const(k, o, flag_loc(k, o->flag, o->mapping), 0, 1);
		return;
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
		fail(k, o, "%s: interrupt masking, per-mm state and migration "
		     "are not in the Armv8 model; use model = sc", o->text);
		return;
	case OP_IPI:
		if (o->mask) {
			fail(k, o, "%s: IPIs to a CPU mask are not in the Armv8 "
			     "model; use model = sc", o->text);
			return;
		}
		code(k, bar(AI_DSB, AB_ST, o));
		for (int u = 0; u < ARM_MAX_THREADS; u++)
			if (other_cpu(k, u, c))
				store_const(k, o, k->pend[o->ipi][u], 1, 0);
		return;
	case OP_IPI_WAIT:
		for (int u = 0; u < ARM_MAX_THREADS; u++)
			if (other_cpu(k, u, c))
				await_load(k, o, k->done[o->ipi][u], 1, 1);
		return;
	case OP_RCU_GP:
	case OP_RCU_GP_WAIT:
	case OP_RCU_QS:
	case OP_RCU_EQS_ENTER:
	case OP_RCU_EQS_EXIT:
		compile_rcu(k, o);
		return;
	case OP_JUMP:
		in = mk(AI_B, o);
		in.tkind = AT_SLOT;
		jump_to(k, code(k, in), o->target);
		return;
	case OP_BRANCH:
		cond_eval(k, o, o->cond, 0);
		in = mk(AI_CBZ, o);
		in.rd = RK_COND;
		in.tkind = AT_SLOT;
		jump_to(k, code(k, in), o->target);
		return;
	case OP_DC_INV:
		fail(k, o, "dc.inv (DC IVAC) is not in the Armv8 model: it "
		     "can only matter with DMA; use model = sc");
		return;
	case OP_DC_CLEAN_ALL:
	case OP_DC_FLUSH_ALL:
		fail(k, o, "set/way maintenance is not in the Armv8 model; "
		     "use model = sc");
		return;
	case OP_FENCE_I:
		fail(k, o, "fence.i is RISC-V's, not in the Armv8 model; use "
		     "model = sc");
		return;
	case OP_PTE_FLUSHONLY:
		fail(k, o, "flush-only PTEs (parisc) are not in the Armv8 "
		     "model; use model = sc");
		return;
	case OP_DMA_WRITE:
	case OP_DMA_READ:
		fail(k, o, "DMA is not in the Armv8 model (no device, no "
		     "point of coherency); use model = sc");
		return;
	}
}

/* A thread's or handler's ops; branch targets past the end go to `end`. */
static void compile_ops(struct armk *k, const struct thread *th)
{
	int end;

	k->nfix = 0;
	for (int i = 0; i < th->nops && !k->failed; i++) {
		k->first[i] = k->a.nslots;
		compile_op(k, &th->ops[i]);
	}
	end = k->a.nslots;
	for (int f = 0; f < k->nfix; f++) {
		int op = k->fix[f].op;
		int to = op < th->nops ? k->first[op] : end;

		k->a.insns[k->a.slot_insn[k->fix[f].slot]].imm = to;
	}
}

/* ---- the program ------------------------------------------------------ */

static void lay_out_memory(struct armk *k)
{
	const struct program *p = k->p;
	int lines = p->machine.lines;

	for (int a = 0; a < p->nmappings; a++) {
		const struct mapping *mp = &p->mappings[a];

		k->pte[a] = -1;
		if (mp->mmu_off) {
			fail(k, NULL, "%s: MMU-off views (KVM guests) are not "
			     "in the Armv8 model; use model = sc", mp->name);
			return;
		}
		if (mp->kind != MAPPING_USER)
			continue;
		if (mp->pte0 == PTE_FLUSHONLY) {
			fail(k, NULL, "%s: flush-only PTEs (parisc) are not in "
			     "the Armv8 model; use model = sc", mp->name);
			return;
		}
		k->pte[a] = new_loc(k, name(k, "pte(%s)", mp->name),
				    av_int(mp->pte0 == PTE_PRESENT));
	}
	for (int pg = 0; pg < p->npages; pg++)
		for (int i = 0; i < lines; i++)
			k->phys[pg][i] = put_slot(k,
				label_insn(k, p->pages[pg].label),
				lines > 1 ? name(k, "%s[%d]", p->pages[pg].name,
						 i) : p->pages[pg].name);
	for (int a = 0; a < p->nmappings; a++) {
		const struct mapping *mp = &p->mappings[a];

		for (int i = 0; i < lines; i++) {
			int s = put_slot(k, label_insn(k,
					 p->pages[mp->page].label),
					 lines > 1 ? name(k, "%s[%d]", mp->name,
							  i) : mp->name);

			k->slot[a][i] = s;
			k->a.slot_alias[s] = (uint8_t)(1 + k->phys[mp->page][i]);
			if (mp->kind == MAPPING_USER) {
				k->a.slot_gate[s] = (uint8_t)(1 + k->pte[a]);
				k->a.slot_judged[s] = 1;
			}
			/* the fetched instruction returns to the BL */
			code(k, mk(AI_RET, NULL));
		}
	}
}

/* Who posts each on_each_cpu block, and its pending and done words. */
static void find_ipis(struct armk *k)
{
	const struct program *p = k->p;

	for (int i = 0; i < FC_MAX_IPIS; i++)
		k->sender[i] = -1;
	for (int t = 0; t < p->nthreads; t++)
		for (int i = 0; i < p->threads[t].nops; i++) {
			const struct op *o = &p->threads[t].ops[i];

			if (op_kind_of(o) != OP_IPI)
				continue;
			k->sender[o->ipi] = t;
			for (int u = 0; u < k->ncpus; u++) {
				if (!other_cpu(k, u, t))
					continue;
				k->pend[o->ipi][u] = new_loc(k, name(k,
					"ipi%d-pending(P%d)", o->ipi, u),
					av_int(0));
				k->done[o->ipi][u] = new_loc(k, name(k,
					"ipi%d-done(P%d)", o->ipi, u),
					av_int(0));
			}
		}
}

static int is_rcu_op(const struct op *o)
{
	switch (op_kind_of(o)) {
	case OP_RCU_GP: case OP_RCU_GP_WAIT: case OP_RCU_QS:
	case OP_RCU_EQS_ENTER: case OP_RCU_EQS_EXIT:
		return 1;
	default:
		return 0;
	}
}

/*
 * Who runs synchronize_rcu, and RCU's words: one grace period a scenario
 * (the question is what one grace period orders), started by a CPU that
 * passes no other quiescent state (its own is inside synchronize_rcu).
 * A CPU with no thread is idle: RCU does not watch it.
 */
static void find_rcu(struct armk *k)
{
	const struct program *p = k->p;
	const struct op *user = NULL;
	int any = 0;

	k->rcu_sender = -1;
	for (int t = 0; t < p->nthreads; t++)
		for (int i = 0; i < p->threads[t].nops; i++) {
			const struct op *o = &p->threads[t].ops[i];

			if (!is_rcu_op(o))
				continue;
			any = 1;
			if (op_kind_of(o) != OP_RCU_GP) {
				if (op_kind_of(o) != OP_RCU_GP_WAIT)
					user = o;
				continue;
			}
			if (k->rcu_sender >= 0) {
				fail(k, o, "%s: one grace period a scenario in "
				     "the Armv8 model", o->text);
				return;
			}
			k->rcu_sender = t;
		}
	if (!any)
		return;
	for (int t = 0; t < p->nthreads; t++)
		for (int i = 0; i < p->threads[t].nops; i++) {
			const struct op *o = &p->threads[t].ops[i];

			if (t == k->rcu_sender && is_rcu_op(o) &&
			    op_kind_of(o) != OP_RCU_GP &&
			    op_kind_of(o) != OP_RCU_GP_WAIT) {
				fail(k, o, "%s: the CPU in synchronize_rcu "
				     "passes its own quiescent state there",
				     o->text);
				return;
			}
		}
	if (k->rcu_sender < 0) {
		fail(k, user, "%s: a quiescent state with no "
		     "synchronize_rcu to wait for it", user->text);
		return;
	}
	k->rcu_gp = new_loc(k, "rcu_gp_seq", av_int(0));
	for (int u = 0; u < k->ncpus; u++) {
		if (!other_cpu(k, u, k->rcu_sender))
			continue;
		k->rcu_qs[u] = new_loc(k, name(k, "rcu_qs(P%d)", u),
				       av_int(0));
		k->rcu_watching[u] = new_loc(k, name(k, "rcu_watching(P%d)",
					     u), av_int(u < p->nthreads));
	}
}

/* Interrupt handler k of on_each_cpu block i, taken by CPU u. */
static void compile_handler(struct armk *k, int i, int u)
{
	struct athread *th = &k->a.threads[u];
	struct ainsn in;
	int entry;

	if (th->nirqs == ARM_MAX_IRQS) {
		fail(k, NULL, "too many on_each_cpu blocks for the Armv8 "
		     "model (at most %d a CPU)", ARM_MAX_IRQS);
		return;
	}
	k->thread = u;
	in = at_loc(AI_IRQ_ENTRY, NULL, k->pend[i][u]);
	in.text = name(k, "IPI %d from P%d", i, k->sender[i]);
	in.await = 1;
	in.kwant = av_int(1);
	entry = code(k, in);
	compile_ops(k, &k->p->ipis[i]);
	store_const(k, NULL, k->done[i][u], 1, 1);
	k->a.insns[k->a.slot_insn[k->a.nslots - 1]].text = "csd_unlock";
	in = mk(AI_ERET, NULL);
	in.text = "eret";
	code(k, in);
	th->irq[th->nirqs++].start = entry;
}

static void compile_threads(struct armk *k)
{
	const struct program *p = k->p;

	for (int t = 0; t < k->ncpus && !k->failed; t++) {
		k->thread = t;
		k->a.threads[t].start = k->a.nslots;
		k->a.threads[t].handler = -1;
		if (t < p->nthreads)
			compile_ops(k, &p->threads[t]);
		code(k, mk(AI_HALT, NULL));
	}
	for (int i = 0; i < p->nipis && !k->failed; i++)
		for (int u = 0; u < k->ncpus && k->sender[i] >= 0; u++)
			if (other_cpu(k, u, k->sender[i]))
				compile_handler(k, i, u);
}

/* The condition's locations, as armv8_obs_value() reads them. */
static void observe(struct armk *k)
{
	const struct program *p = k->p;

	k->a.nobs = p->nlocs;
	for (int l = 0; l < p->nlocs; l++) {
		const struct loc *lc = &p->locs[l];
		struct aobs *ob = &k->a.obs[l];

		ob->text = lc->text;
		ob->is_mem = lc->is_mem;
		if (lc->is_mem) {
			ob->loc = -1 - k->phys[lc->page][lc->line];
		} else {
			ob->thread = lc->thread;
			ob->reg = xreg(k, NULL, lc->reg);
		}
	}
}

struct armk *armk_new(const struct program *p, char *err, size_t errlen)
{
	struct armk *k = calloc(1, sizeof *k);

	if (!k) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->p = p;
	k->err = err;
	k->errlen = errlen;
	k->ncpus = p->machine.cpus;
	k->first = calloc(FC_MAX_OPS + 1, sizeof *k->first);
	if (!k->first) {
		free(k);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memset(k->insn_of_label, -1, sizeof k->insn_of_label);
	memset(k->label_of_insn, -1, sizeof k->label_of_insn);
	memset(k->flag, -1, sizeof k->flag);
	k->a.name = p->name;
	k->a.labels = 1;
	if (k->ncpus > ARM_MAX_THREADS || p->nthreads > ARM_MAX_THREADS)
		fail(k, NULL, "the Armv8 model runs at most %d CPUs",
		     ARM_MAX_THREADS);
	k->a.nthreads = k->ncpus;
	if (machine_ifill_from_dcache(&p->machine))
		k->a.cache_type |= ACT_IDC;
	if (machine_icache_snoops(&p->machine))
		k->a.cache_type |= ACT_DIC;
	if (machine_dic_fetch_unordered(&p->machine))
		k->a.cache_type |= ACT_DIC_UNORDERED;
	if (!k->failed)
		lay_out_memory(k);
	if (!k->failed)
		find_ipis(k);
	if (!k->failed)
		find_rcu(k);
	if (!k->failed)
		compile_threads(k);
	if (!k->failed)
		observe(k);
	free(k->first);
	k->first = NULL;
	if (k->failed) {
		free(k);
		return NULL;
	}
	return k;
}

void armk_free(struct armk *k)
{
	free(k);
}

const struct aprog *armk_prog(const struct armk *k)
{
	return &k->a;
}

uint32_t armk_label(const struct armk *k, aval v)
{
	switch (AV_KIND(v)) {
	case AV_INSN:
		if (AV_PAYLOAD(v) < ARM_MAX_INSNS &&
		    k->label_of_insn[AV_PAYLOAD(v)] >= 0)
			return (uint32_t)k->label_of_insn[AV_PAYLOAD(v)];
		return 0;
	case AV_INT:
		return (uint32_t)av_int_of(v);
	case AV_LOC:
	case AV_CODE:
		return 0;
	}
	return 0;
}
