/* SPDX-License-Identifier: MIT */
/*
 * armv8.c - the relaxed Armv8 model (docs/design.md section 8).
 *
 * A herd litmus test has candidate executions: a path through each
 * thread's code, a value for each read and each instruction fetch, a
 * coherence order of the writes to each location.  aarch64.cat keeps
 * those whose ordered-before relation `ob` is acyclic (and that pass a
 * few per-location checks).  An acyclic relation is one that some total
 * order extends, so we build the executions by performing their events
 * one at a time, in such an order T, and let an event perform only when
 * every `ob` edge into it comes from an event already performed:
 *
 *   - edges inside a thread (aarch64.cat's lob: dependencies, barriers,
 *     acquire/release, fetch-before-execute, context synchronisation)
 *     are computed from the decoded path (thread_eval, edge());
 *   - edges between threads (rf, co, fr, and the ifetch relations
 *     IC-after, DC-after, IC-ca, IC-ob) are kept by the memory rules:
 *     a write goes into coherence after every write already performed
 *     by another thread; a read reads the newest write it may; a fetch
 *     may read an older one unless cache maintenance made a newer one
 *     visible to instruction fetch (the "visible" flag of a write).
 *
 * An edge A -> B that becomes known only when A's address does (a
 * same-location edge from an event whose address was not yet computed)
 * is checked the other way round: A may not perform after a performed B
 * it has an edge to.  The path is guessed ahead (branch directions and
 * fetched instructions), as speculation does; a guess is checked when
 * what it guessed becomes known, and a wrong one ends that branch of the
 * search.  Section 8 of docs/design.md gives each rule with the clause of
 * aarch64.cat it stands for.
 */
#include "armv8.h"

#include <assert.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/*
 * Limits of one state.  Masks over a thread's instances are uint32_t;
 * a write's id is a byte: 0 the initial value, else 1 + thread * 32 +
 * instance.
 */
#define ARM_MAX_INST	32	/* instances of instructions per thread */
#define ARM_MAX_CO	8	/* writes to one location */
#define ARM_MAX_CELLS	32	/* data locations and writable code slots */
#define ARM_MAX_ICREC	4	/* IC instructions per thread */
#define ARM_MAX_CAND	8	/* instructions one slot may hold */
#define ARM_MAX_JUDGED	8	/* slots the stale-fetch oracle judges
				 * (kernel scenarios: one per user mapping
				 * of a code line); a byte each in the
				 * state */

_Static_assert(ARM_MAX_INST <= 32, "instance masks are uint32_t");
_Static_assert(1 + ARM_MAX_THREADS * ARM_MAX_INST <= 255,
	       "a write id is a byte");
_Static_assert(ARM_MAX_INSNS < 255, "an instruction index is a byte, 255 "
	       "meaning a value that is no instruction");

#define WID(t, i)	((uint8_t)(1 + (t) * ARM_MAX_INST + (i)))
#define WID_THREAD(w)	(((w) - 1) / ARM_MAX_INST)
#define WID_INST(w)	(((w) - 1) % ARM_MAX_INST)

/* instance flags */
#define IF_FETCHED	1u	/* its fetch event has performed */
#define IF_DONE		2u	/* its memory or maintenance event has */
#define IF_TAKEN	4u	/* a conditional branch: guessed taken */
#define IF_DECIDED	16u	/* a choice: guessed or decided */
#define IF_BAD		32u	/* its event went beyond the model's bounds
				 * (8.6); counts if the path is real */

/* thread flags */
#define TF_END		1u	/* the path reached AI_HALT */
#define TF_BAD		2u	/* the path left the code or the bound on
				 * instances: it goes no further */
#define TF_NOIRQ	4u	/* no interrupt is taken before the next
				 * instance (a guess; kernel scenarios) */

/* coherence entry flags */
#define CE_CLEANED	1u	/* performed before a DC CVAU of its line */
#define CE_VISIBLE	2u	/* ... and that before a completed IC */

/* state flags */
#define SF_APPROX	1u

struct ainst {
	uint8_t slot;		/* where it executes */
	uint8_t insn;		/* what its fetch is to read: insns[] */
	uint8_t fl;		/* IF_* */
	uint8_t src;		/* read, fetch: the write id read */
	uint32_t val;		/* read: the value read */
};

struct icrec {
	uint8_t inst;		/* the IC's instance + 1, 0 = unused */
	uint8_t pad[3];
	/*
	 * IC-ob: fetches that must perform before the IC's thread goes
	 * past its next DSB (per thread, a mask of instances)
	 */
	uint32_t oblig[ARM_MAX_THREADS];
};

struct athr {
	uint8_t ninst, fl, pad[2];
	struct icrec ic[ARM_MAX_ICREC];
	struct ainst in[ARM_MAX_INST];
};

struct acoe {
	uint8_t id, fl, pad[2];
	uint32_t val;
};

struct acell {
	uint8_t n, pad[3];
	struct acoe e[ARM_MAX_CO];	/* in coherence order */
};

struct astate {
	struct athr thr[ARM_MAX_THREADS];
	struct acell cell[ARM_MAX_CELLS];
	uint8_t fl, pad[3];
	/*
	 * Kernel scenarios: for each judged slot, the id of its
	 * publication write (the newest write of its line when its gate
	 * was last written non-zero; 0, the initial write, at first).
	 */
	uint8_t pub[ARM_MAX_JUDGED];
};

struct armv8 {
	const struct aprog *a;
	int ncells;
	int cell_of_loc[ARM_MAX_LOCS];
	int cell_of_slot[ARM_MAX_SLOTS];	/* -1: never written */
	int slot_of_cell[ARM_MAX_CELLS];	/* -1: a data location */
	int ncand[ARM_MAX_SLOTS];
	uint8_t cand[ARM_MAX_SLOTS][ARM_MAX_CAND];
	int njudged;
	int judged[ARM_MAX_SLOTS];		/* index into pub[], or -1 */
	int judged_slot[ARM_MAX_JUDGED];
};

#define INSN_NONE 0xff	/* a fetched value that is no instruction */

/* ---- what a thread's decoded path computes -------------------------- */

/*
 * EV_RMW: a SWP (kernel scenarios), its read and its write performed as
 * one event: it is a read and a write for every ordering rule.
 */
enum ev_kind { EV_NONE, EV_R, EV_W, EV_DC, EV_IC, EV_RMW };

struct tval {
	int known;
	aval v;
	uint32_t dt, pt;	/* the reads it depends on: data, and with picks */
};

struct ev {
	const struct ainsn *in;	/* NULL: a fetched value that is no insn */
	enum ev_kind kind;
	int acq, rel;		/* LDAR, STLR */
	struct tval addr;	/* R, W, DC, IC IVAU */
	int cell;		/* -1: unknown yet, or not a cell */
	int line_all;		/* IC IALLU(IS): every line */
	int ifb;		/* context synchronisation: ISB, exception
				 * entry (a fault) or return (ERET) */
	int irq;		/* an interrupt's entry (AI_IRQ_ENTRY) */
	int dead;		/* a fault in a fault handler: herd drops
				 * the execution */
	int bad;		/* beyond the model's exact semantics (8.6):
				 * counts once the path up to it is real */
	struct tval data;	/* W */
	struct tval cond;	/* a conditional branch: 1 taken */
	uint32_t ctrl_pt;	/* reads some po-earlier branch depends on */
	struct tval out;	/* the register it writes */
	int next_known;		/* the slot after it */
	int next;
};

struct tinfo {
	int n;
	int in_handler;		/* the path ends inside a handler */
	struct ev ev[ARM_MAX_INST];
	struct tval reg_end[AR_COUNT + 1];	/* + NZCV */
};

#define R_NZCV AR_COUNT	/* the flags, as one more register */

static int ev_reads(const struct ev *e)
{
	return e->kind == EV_R || e->kind == EV_RMW;
}

static int ev_writes(const struct ev *e)
{
	return e->kind == EV_W || e->kind == EV_RMW;
}

static int is_cond_branch(const struct ainsn *in)
{
	return in && (in->op == AI_BCOND || in->op == AI_CBZ ||
		      in->op == AI_CBNZ);
}

/*
 * A choice the flags or a register make, guessed when not known yet: a
 * conditional branch, and CSEL/CSET, which herd builds as two branches
 * (a pick), so that what follows may run before the flags are known.
 */
static int is_choice(const struct ainsn *in)
{
	return is_cond_branch(in) ||
	       (in && (in->op == AI_CSEL || in->op == AI_CSET));
}

static int is_indirect(const struct ainsn *in)
{
	return in && (in->op == AI_BR || in->op == AI_BLR || in->op == AI_RET);
}

static const struct ainsn *insn_at(const struct armv8 *m, int idx)
{
	return idx == INSN_NONE ? NULL : &m->a->insns[idx];
}

static uint32_t av_add(aval a, int32_t k, int *ok)
{
	switch (AV_KIND(a)) {
	case AV_INT:
		return av_int(av_int_of(a) + k);
	case AV_CODE:
		if (k % 4) {
			*ok = 0;
			return a;
		}
		return AV_MAKE(AV_CODE, AV_PAYLOAD(a) + (uint32_t)(k / 4));
	case AV_LOC:
	case AV_INSN:
		if (k)
			*ok = 0;
		return a;
	}
	*ok = 0;
	return a;
}

/* NZCV of a - b: N 8, Z 4, C 2, V 1 (V never: no overflow at 30 bits) */
static aval flags_of(aval a, aval b)
{
	unsigned f = 0;

	if (AV_KIND(a) == AV_INT && AV_KIND(b) == AV_INT) {
		int64_t x = av_int_of(a), y = av_int_of(b);
		uint64_t ux = (uint64_t)x, uy = (uint64_t)y;

		if (x - y < 0)
			f |= 8;
		if (x == y)
			f |= 4;
		if (ux >= uy)
			f |= 2;
	} else if (a == b) {
		f |= 4 | 2;
	}
	return av_int((int32_t)f);
}

static int cond_holds(enum acond c, unsigned f)
{
	int n = !!(f & 8), z = !!(f & 4), cf = !!(f & 2), v = !!(f & 1);

	switch (c) {
	case AC_EQ: return z;
	case AC_NE: return !z;
	case AC_CS: return cf;
	case AC_CC: return !cf;
	case AC_MI: return n;
	case AC_PL: return !n;
	case AC_VS: return v;
	case AC_VC: return !v;
	case AC_HI: return cf && !z;
	case AC_LS: return !(cf && !z);
	case AC_GE: return n == v;
	case AC_LT: return n != v;
	case AC_GT: return !z && n == v;
	case AC_LE: return !(!z && n == v);
	case AC_AL:
	case AC_COUNT: return 1;
	}
	return 1;
}

static struct tval tv_const(aval v)
{
	struct tval t = { 1, v, 0, 0 };

	return t;
}

static struct tval tv_join(struct tval a, struct tval b)
{
	struct tval t = { a.known && b.known, 0, a.dt | b.dt, a.pt | b.pt };

	return t;
}

static int32_t arith(enum ainsn_op op, int32_t x, int32_t y)
{
	switch (op) {
	case AI_ADD: return (int32_t)((uint32_t)x + (uint32_t)y);
	case AI_SUB: return (int32_t)((uint32_t)x - (uint32_t)y);
	case AI_EOR: return x ^ y;
	case AI_AND: return x & y;
	case AI_ORR: return x | y;
	default: return 0;
	}
}

/* The cell an address names, or -1 (and *ok = 0 if none can be). */
static int cell_of_addr(const struct armv8 *m, aval a)
{
	switch (AV_KIND(a)) {
	case AV_LOC:
		if (AV_PAYLOAD(a) < (uint32_t)m->a->nlocs)
			return m->cell_of_loc[AV_PAYLOAD(a)];
		return -1;
	case AV_CODE:
		if (AV_PAYLOAD(a) < (uint32_t)m->a->nslots)
			return m->cell_of_slot[AV_PAYLOAD(a)];
		return -1;
	case AV_INT:
	case AV_INSN:
		return -1;
	}
	return -1;
}

static int barrier_between(const struct tinfo *ti, int i, int j, int dsb,
			   enum abar type);

/*
 * A SWP performs its read and its write at once (step_rmw).  herd's
 * read could come earlier, forwarded from an own po-earlier write to the
 * location that has not performed (the write part waits for it: lws),
 * unless that write is ordered before the read too: a release before an
 * acquire (spin_unlock, spin_lock), a DMB or DSB full.  Otherwise the
 * instance is beyond the exact semantics (8.6): incomplete, never a
 * wrong answer.
 */
static int rmw_exact(const struct tinfo *ti, int i)
{
	const struct ev *e = &ti->ev[i];

	for (int k = 0; k < i; k++) {
		const struct ev *w = &ti->ev[k];

		if (w->kind != EV_W && w->kind != EV_RMW)
			continue;
		if (!w->addr.known || w->cell != e->cell)
			continue;
		if ((w->rel && e->acq) ||
		    barrier_between(ti, k, i, 0, AB_FULL))
			continue;
		return 0;
	}
	return 1;
}

/*
 * Walk a thread's decoded instances in program order: register values
 * (known once the reads they come from have performed), the reads each
 * depends on (herd's dtrm: through registers and flags, and through a
 * load from its address to its value; pt adds CSEL's choice, herd's
 * pick dependencies), addresses, branch conditions.
 */
static void thread_eval(const struct armv8 *m, const struct astate *st,
			int t, struct tinfo *ti)
{
	const struct athr *th = &st->thr[t];
	struct tval reg[AR_COUNT + 1];
	uint32_t ctrl = 0;
	int in_handler = 0;

	for (int r = 0; r < AR_COUNT; r++)
		reg[r] = tv_const(m->a->reg_init[t][r]);
	reg[AR_XZR] = tv_const(av_int(0));
	reg[R_NZCV] = tv_const(av_int(0));
	ti->n = th->ninst;
	for (int i = 0; i < th->ninst; i++) {
		const struct ainst *ai = &th->in[i];
		const struct ainsn *in = insn_at(m, ai->insn);
		struct ev *e = &ti->ev[i];
		struct tval op2, a, b;
		int ok = 1;

		memset(e, 0, sizeof *e);
		e->in = in;
		e->cell = -1;
		e->ctrl_pt = ctrl;
		e->next_known = 1;
		e->next = ai->slot + 1;
		if (!in) {
			/*
			 * A fetch of no instruction: an Undefined
			 * Instruction exception, taken to the thread's
			 * handler column with ELR_EL1 = the slot (herd's
			 * fault handling).  Without a handler herd stops
			 * the thread with a Fault outcome, which we do not
			 * print (8.6).
			 */
			int h = m->a->threads[t].handler;

			e->ifb = 1;
			e->dead = in_handler;
			in_handler = 1;
			e->next_known = h >= 0;
			e->next = h;
			if (h < 0)
				e->bad = 1;
			reg[AR_ELR] = tv_const(AV_MAKE(AV_CODE, ai->slot));
			continue;
		}
#define RD(r) ((r) == AR_NONE ? tv_const(av_int(0)) : reg[(r)])
		op2 = in->imm_op ? tv_const(av_int(in->imm)) : RD(in->rm);
		switch ((enum ainsn_op)in->op) {
		case AI_HALT:
			e->next_known = 0;
			break;
		case AI_ISB:
			e->ifb = 1;
			break;
		case AI_NOP:
		case AI_DMB:
		case AI_DSB:
			break;
		case AI_MOV:
			e->out = (in->konst & AK_VAL) ? tv_const(in->kval)
						      : op2;
			break;
		case AI_ADD:
		case AI_SUB:
		case AI_EOR:
		case AI_AND:
		case AI_ORR:
			a = RD(in->rn);
			e->out = tv_join(a, op2);
			if (e->out.known) {
				if (AV_KIND(a.v) == AV_INT &&
				    AV_KIND(op2.v) == AV_INT) {
					e->out.v = av_int(arith(
						(enum ainsn_op)in->op,
						av_int_of(a.v),
						av_int_of(op2.v)));
				} else if ((in->op == AI_ADD ||
					    in->op == AI_SUB) &&
					   AV_KIND(op2.v) == AV_INT) {
					int32_t k = av_int_of(op2.v);

					e->out.v = av_add(a.v, in->op == AI_SUB ?
							  -k : k, &ok);
				} else if (in->op == AI_ADD &&
					   AV_KIND(a.v) == AV_INT) {
					e->out.v = av_add(op2.v,
							  av_int_of(a.v), &ok);
				} else if (in->op == AI_EOR && a.v == op2.v) {
					e->out.v = av_int(0);
				} else {
					ok = 0;
				}
			}
			break;
		case AI_CMP:
			a = RD(in->rn);
			e->out = tv_join(a, op2);
			if (e->out.known)
				e->out.v = flags_of(a.v, op2.v);
			break;
		case AI_CSET:
		case AI_CSEL: {
			/*
			 * herd's CSEL (and CSET, a CSINC of WZR) is a
			 * choice: the flags pick a source (a pick
			 * dependency, pt), the source's value flows (dt).
			 * Unknown flags: the guess (IF_TAKEN) picks.
			 */
			struct tval f = reg[R_NZCV];
			int c;

			e->cond = f;
			if (f.known)
				e->cond.v = av_int(cond_holds(
					(enum acond)in->cond, av_int_of(f.v)));
			c = (ai->fl & IF_DECIDED) ? !!(ai->fl & IF_TAKEN) :
			    f.known ? av_int_of(e->cond.v) : -1;
			if (in->op == AI_CSET) {
				e->out = tv_const(av_int(c > 0));
				e->out.known = c >= 0;
			} else if (c >= 0) {
				e->out = c ? RD(in->rn) : RD(in->rm);
			} else {
				e->out = tv_join(RD(in->rn), RD(in->rm));
				e->out.known = 0;
			}
			e->out.pt |= f.pt | f.dt;
			break;
		}
		case AI_ADR:
			e->out = tv_const(AV_MAKE(AV_CODE, in->tkind == AT_REL
					  ? (uint32_t)(ai->slot + in->imm)
					  : (uint32_t)in->imm));
			break;
		case AI_LDR:
		case AI_LDAR:
		case AI_STR:
		case AI_STLR:
		case AI_SWP:
			a = (in->konst & AK_ADDR) ? tv_const(in->kaddr)
						  : RD(in->rn);
			if (in->addr == AA_IMM)
				b = tv_const(av_int(in->imm));
			else if (in->addr == AA_REGREG)
				b = RD(in->rm);
			else
				b = tv_const(av_int(0));
			e->addr = tv_join(a, b);
			if (e->addr.known) {
				if (AV_KIND(b.v) != AV_INT)
					ok = 0;
				else
					e->addr.v = av_add(a.v,
							   av_int_of(b.v), &ok);
				if (ok)
					e->cell = cell_of_addr(m, e->addr.v);
				if (ok && e->cell < 0)
					ok = 0;
			}
			if (in->op == AI_LDR || in->op == AI_LDAR) {
				e->kind = EV_R;
				e->acq = in->op == AI_LDAR;
				e->out.known = (ai->fl & IF_DONE) != 0;
				e->out.v = ai->val;
				/* dtrm runs through the load */
				e->out.dt = e->addr.dt | (1u << i);
				e->out.pt = e->addr.pt | (1u << i);
			} else if (in->op == AI_SWP) {
				/* SWP{A,L,AL}: the value read, the one
				 * written (kval, or Xs: rm) */
				e->kind = EV_RMW;
				e->acq = in->acq;
				e->rel = in->rel;
				e->data = (in->konst & AK_VAL) ?
					  tv_const(in->kval) : RD(in->rm);
				e->out.known = (ai->fl & IF_DONE) != 0;
				e->out.v = ai->val;
				e->out.dt = e->addr.dt | (1u << i);
				e->out.pt = e->addr.pt | (1u << i);
				if (e->cell >= 0 && !rmw_exact(ti, i))
					ok = 0;
			} else {
				e->kind = EV_W;
				e->rel = in->op == AI_STLR;
				e->data = (in->konst & AK_VAL) ?
					  tv_const(in->kval) : RD(in->rd);
			}
			break;
		case AI_B:
		case AI_BL:
			e->next = in->tkind == AT_REL ? ai->slot + in->imm
						      : in->imm;
			if (in->op == AI_BL)
				reg[30] = tv_const(AV_MAKE(AV_CODE,
						   (uint32_t)(ai->slot + 1)));
			break;
		case AI_BCOND:
		case AI_CBZ:
		case AI_CBNZ: {
			struct tval c = in->op == AI_BCOND ? reg[R_NZCV]
							   : RD(in->rd);

			e->cond = c;
			if (c.known) {
				int z = AV_KIND(c.v) == AV_INT &&
					av_int_of(c.v) == 0;

				e->cond.v = av_int(
					in->op == AI_BCOND ?
					cond_holds((enum acond)in->cond,
						   av_int_of(c.v)) :
					in->op == AI_CBZ ? z : !z);
			}
			e->next = (ai->fl & IF_TAKEN) ?
				  (in->tkind == AT_REL ? ai->slot + in->imm
						       : in->imm) :
				  ai->slot + 1;
			ctrl |= c.pt | c.dt;
			break;
		}
		case AI_BLR:
		case AI_BR:
		case AI_RET: {
			struct tval c = RD(in->op == AI_RET && in->rn == AR_NONE
					   ? 30 : in->rn);

			e->next_known = c.known && AV_KIND(c.v) == AV_CODE;
			e->next = (int)AV_PAYLOAD(c.v);
			e->cond = c;
			if (c.known && AV_KIND(c.v) != AV_CODE)
				ok = 0;
			/* herd's BR, BLR, RET commit a Bcc: ctrl */
			ctrl |= c.pt | c.dt;
			if (in->op == AI_BLR)
				reg[30] = tv_const(AV_MAKE(AV_CODE,
						   (uint32_t)(ai->slot + 1)));
			break;
		}
		case AI_DC_CVAU:
		case AI_IC_IVAU:
			e->kind = in->op == AI_DC_CVAU ? EV_DC : EV_IC;
			e->addr = (in->konst & AK_ADDR) ? tv_const(in->kaddr)
							: RD(in->rn);
			/*
			 * An address that is no location (a number, say)
			 * names no line: herd's CMO event on it is
			 * same-line with nothing.
			 */
			if (e->addr.known)
				e->cell = cell_of_addr(m, e->addr.v);
			break;
		case AI_IC_IALLU:
		case AI_IC_IALLUIS:
			e->kind = EV_IC;
			e->line_all = 1;
			e->addr = tv_const(av_int(0));
			break;
		case AI_MSR_ELR:
			reg[AR_ELR] = RD(in->rd);
			break;
		case AI_ERET: {
			struct tval c = reg[AR_ELR];

			/* exception return: a context synchronisation */
			e->ifb = 1;
			in_handler = 0;
			e->next_known = c.known && AV_KIND(c.v) == AV_CODE;
			e->next = (int)AV_PAYLOAD(c.v);
			if (!e->next_known)
				ok = 0;
			break;
		}
		case AI_IRQ_ENTRY:
			/*
			 * An interrupt taken (kernel scenarios): an await
			 * read of the sender's "pending" write, ELR_EL1 =
			 * the slot it interrupted (kept in the instance's
			 * val: the value read is always kwant).
			 */
			e->kind = EV_R;
			e->irq = 1;
			e->ifb = 1;
			e->addr = tv_const(in->kaddr);
			e->cell = cell_of_addr(m, in->kaddr);
			if (e->cell < 0)
				ok = 0;
			in_handler = 1;
			reg[AR_ELR] = tv_const(AV_MAKE(AV_CODE, ai->val));
			break;
		case AI_COUNT:
			break;
		}
		if (!ok)
			e->bad = 1;
		/*
		 * An awaiting read stands for a loop that reads until it
		 * sees kwant (spin_lock's, csd_lock_wait's): the loop's
		 * exit branch depends on the read, so everything after it
		 * has a control dependency on it (dob ctrl, IFB-ob's
		 * ctrl; [ISB]).
		 */
		if (in->await && in->op != AI_IRQ_ENTRY)
			ctrl |= 1u << i;
		/* the register it writes */
		switch ((enum ainsn_op)in->op) {
		case AI_MOV: case AI_ADD: case AI_SUB: case AI_EOR:
		case AI_AND: case AI_ORR: case AI_CSET: case AI_CSEL:
		case AI_ADR: case AI_LDR: case AI_LDAR: case AI_SWP:
			if (in->rd != AR_XZR && in->rd != AR_NONE)
				reg[in->rd] = e->out;
			break;
		case AI_CMP:
			reg[R_NZCV] = e->out;
			break;
		default:
			break;
		}
#undef RD
	}
	memcpy(ti->reg_end, reg, sizeof reg);
	ti->in_handler = in_handler;
}

/* ---- edges inside a thread: aarch64.cat's lob ------------------------- */

static int is_mem(const struct ev *e)
{
	return e->kind == EV_R || e->kind == EV_W || e->kind == EV_RMW;
}

static int bar_full(const struct ainsn *in)	/* dmb.full, dsb in it */
{
	return (in->op == AI_DMB || in->op == AI_DSB) && in->bar == AB_FULL;
}

/*
 * Is there a barrier of this sort strictly between instances i and j?
 * dsb: DSB only; else a DMB or a DSB of that type (herd's dmb.full
 * includes dsb.full, dmb.ld dsb.ld, dmb.st dsb.st).
 */
static int barrier_between(const struct tinfo *ti, int i, int j, int dsb,
			   enum abar type)
{
	for (int k = i + 1; k < j; k++) {
		const struct ainsn *in = ti->ev[k].in;

		if (!in || in->bar != type)
			continue;
		if (in->op == AI_DSB || (!dsb && in->op == AI_DMB))
			return 1;
	}
	return 0;
}

/* DSB-ob from event i to anything after the DSB but fetches */
static int dsb_ob(const struct tinfo *ti, int i, int j)
{
	const struct ev *a = &ti->ev[i];

	if ((is_mem(a) || a->kind == EV_DC || a->kind == EV_IC) &&
	    barrier_between(ti, i, j, 1, AB_FULL))
		return 1;
	if (ev_reads(a) && barrier_between(ti, i, j, 1, AB_LD))
		return 1;
	if (ev_writes(a) && barrier_between(ti, i, j, 1, AB_ST))
		return 1;
	return 0;
}

/* R(i) addr-reaches a memory access m with i < m < j (pick or not) */
static int addr_then_po(const struct tinfo *ti, int i, int j)
{
	for (int k = i + 1; k < j; k++)
		if (is_mem(&ti->ev[k]) && (ti->ev[k].addr.pt >> i & 1))
			return 1;
	return 0;
}

static int same_line(const struct ev *a, const struct ev *b)
{
	return a->addr.known && b->addr.known && a->cell >= 0 &&
	       a->cell == b->cell;
}

/*
 * IFB-ob: i's event is ordered before everything after a context
 * synchronisation event (ISB) that comes after it, when i is a read the
 * ISB depends on by control or by an address, or when a DSB completes
 * i's event before the ISB.
 */
static int ifb_ob(const struct tinfo *ti, int i, int j)
{
	const struct ev *a = &ti->ev[i];

	/*
	 * An interrupt's entry (kernel scenarios) is ordered before every
	 * po-later event, fetches included, not only as an ISB is.
	 */
	if (a->irq)
		return 1;
	for (int s = i + 1; s < j; s++) {
		if (!ti->ev[s].ifb)
			continue;
		if (ev_reads(a) && (ti->ev[s].ctrl_pt >> i & 1))
			return 1;
		if (ev_reads(a) && addr_then_po(ti, i, s))
			return 1;
		if (dsb_ob(ti, i, s))
			return 1;
	}
	return 0;
}

/*
 * The edge from i's memory or maintenance event to j's (i < j), as far as
 * the path and the addresses known so far say (aarch64hwreqs.cat: dob,
 * pob, bob, DSB-ob, IFB-ob, lwfs, po-scl-ob; the lrs clauses of dob
 * follow from the coherence rules, docs/design.md 8.3).
 */
static int edge(const struct tinfo *ti, int i, int j)
{
	const struct ev *a = &ti->ev[i], *b = &ti->ev[j];
	int bw = ev_writes(b), bm = is_mem(b);
	int bdi = b->kind == EV_DC || b->kind == EV_IC;

	if (a->kind == EV_NONE || b->kind == EV_NONE)
		return 0;
	/*
	 * An interrupt's entry comes after every po-earlier read (they had
	 * been executed when it was taken); before everything po-later by
	 * ifb_ob, below.
	 */
	if (b->irq && ev_reads(a))
		return 1;
	if (ev_reads(a)) {
		/* dob addr; pob pick-addr */
		if ((bm || b->kind == EV_DC || (b->kind == EV_IC &&
		     !b->line_all)) && (b->addr.dt >> i & 1))
			return 1;
		if ((bw || bdi) && (b->addr.pt >> i & 1))
			return 1;
		/* dob data; pob pick-data */
		if (bw && ((b->data.pt | b->data.dt) >> i & 1))
			return 1;
		/* dob ctrl; pob pick-ctrl */
		if ((bw || bdi) && (b->ctrl_pt >> i & 1))
			return 1;
		/* addr; [M]; po; [W] */
		if (bw && addr_then_po(ti, i, j))
			return 1;
		/* bob: acquire, dmb.ld */
		if (a->acq && bm)
			return 1;
		if (bm && barrier_between(ti, i, j, 0, AB_LD))
			return 1;
	}
	if (is_mem(a) && bm && barrier_between(ti, i, j, 0, AB_FULL))
		return 1;
	if ((a->kind == EV_DC && (bm || b->kind == EV_DC)) ||
	    (is_mem(a) && b->kind == EV_DC)) {
		/* bob with DC CVAU; po-scl-ob */
		if (barrier_between(ti, i, j, 0, AB_FULL) || same_line(a, b))
			return 1;
	}
	if (ev_writes(a) && bw && barrier_between(ti, i, j, 0, AB_ST))
		return 1;
	if (bm && b->rel && is_mem(a))
		return 1;
	if (ev_writes(a) && a->rel && ev_reads(b) && b->acq)
		return 1;
	/* lwfs */
	if (is_mem(a) && bw && same_line(a, b))
		return 1;
	if (dsb_ob(ti, i, j))
		return 1;
	if (ifb_ob(ti, i, j))
		return 1;
	return 0;
}

/* ---- the state ------------------------------------------------------ */

static int is_code_cell(const struct armv8 *m, int c)
{
	return m->slot_of_cell[c] >= 0;
}

size_t armv8_state_size(const struct armv8 *m)
{
	(void)m;
	return sizeof(struct astate);
}

void armv8_state_bits(const struct armv8 *m, uint8_t *bits)
{
	struct astate *b = (struct astate *)(void *)bits;

	memset(bits, 0, sizeof *b);
	for (int t = 0; t < m->a->nthreads; t++) {
		struct athr *th = &b->thr[t];

		th->ninst = 0xff;
		th->fl = 0xff;
		for (int k = 0; k < ARM_MAX_ICREC; k++) {
			th->ic[k].inst = 0xff;
			for (int u = 0; u < m->a->nthreads; u++)
				th->ic[k].oblig[u] = 0xffffffffu;
		}
		for (int i = 0; i < ARM_MAX_INST; i++) {
			th->in[i].slot = 0xff;
			th->in[i].insn = 0xff;
			th->in[i].fl = 0xff;
			th->in[i].src = 0xff;
			th->in[i].val = 0xffffffffu;
		}
	}
	for (int c = 0; c < m->ncells; c++) {
		b->cell[c].n = 0xff;
		for (int k = 0; k < ARM_MAX_CO; k++) {
			b->cell[c].e[k].id = 0xff;
			b->cell[c].e[k].fl = 0xff;
			b->cell[c].e[k].val = 0xffffffffu;
		}
	}
	b->fl = 0xff;
	for (int k = 0; k < m->njudged; k++)
		b->pub[k] = 0xff;
}

static aval cell_init(const struct armv8 *m, int c)
{
	int s = m->slot_of_cell[c];

	if (s >= 0)
		return AV_MAKE(AV_INSN, m->a->slot_insn[s]);
	for (int l = 0; l < m->a->nlocs; l++)
		if (m->cell_of_loc[l] == c)
			return m->a->loc_init[l];
	return av_int(0);
}

/*
 * Append an instance.  herd gives a fetch event only to instructions at
 * an exported label (one the program holds as a value, or ADR names):
 * our cells.  The others, and the end of a thread, have none: they count
 * as fetched from the start (design.md 8.4).
 */
static void append(const struct armv8 *m, struct athr *th, int slot,
		   int insn)
{
	struct ainst *ai = &th->in[th->ninst++];
	const struct ainsn *in = insn_at(m, insn);

	th->fl &= (uint8_t)~TF_NOIRQ;
	ai->slot = (uint8_t)slot;
	ai->insn = (uint8_t)insn;
	if ((in && in->op == AI_HALT) || m->cell_of_slot[slot] < 0)
		ai->fl |= IF_FETCHED;
}

/* Is instance i an interrupt's entry? */
static int is_entry(const struct armv8 *m, const struct ainst *ai)
{
	const struct ainsn *in = insn_at(m, ai->insn);

	return in && in->op == AI_IRQ_ENTRY;
}

/*
 * The interrupts thread t may take before its next instance (a mask of
 * athread.irq[]): each at most once, none inside a handler, none once
 * "not here" was guessed (TF_NOIRQ).
 */
static unsigned irqs_open(const struct armv8 *m, const struct astate *st,
			  int t, int in_handler)
{
	const struct athr *th = &st->thr[t];
	const struct athread *at = &m->a->threads[t];
	unsigned open = 0;

	if (in_handler || (th->fl & TF_NOIRQ))
		return 0;
	for (int k = 0; k < at->nirqs; k++)
		open |= 1u << k;
	for (int i = 0; open && i < th->ninst; i++)
		for (int k = 0; k < at->nirqs; k++)
			if (th->in[i].slot == at->irq[k].start &&
			    is_entry(m, &th->in[i]))
				open &= ~(1u << k);
	return open;
}

/* Where instance i continues the path: an entry's is its ELR. */
static int cont_slot(const struct armv8 *m, const struct ainst *ai)
{
	return is_entry(m, ai) ? (int)ai->val : ai->slot;
}

/*
 * Decode what can be decoded without a guess.  Returns the thread that
 * needs one (its next instance's slot or instruction has more than one
 * possibility), or -1.
 */
static int decode(const struct armv8 *m, struct astate *st)
{
	int need = -1;

	for (int t = 0; t < m->a->nthreads; t++) {
		struct athr *th = &st->thr[t];

		for (;;) {
			struct tinfo ti;
			int slot;

			if (th->fl & TF_END)
				break;
			if (th->ninst == 0) {
				slot = m->a->threads[t].start;
			} else {
				struct ainst *last = &th->in[th->ninst - 1];
				const struct ainsn *in = insn_at(m, last->insn);

				if (in && in->op == AI_HALT) {
					th->fl |= TF_END;
					break;
				}
				thread_eval(m, st, t, &ti);
				if (is_choice(in) &&
				    !(last->fl & IF_DECIDED)) {
					const struct ev *e =
						&ti.ev[th->ninst - 1];

					if (!e->cond.known) {
						if (need < 0)
							need = t;
						break;
					}
					last->fl |= IF_DECIDED;
					if (av_int_of(e->cond.v))
						last->fl |= IF_TAKEN;
					thread_eval(m, st, t, &ti);
				}
				if (!ti.ev[th->ninst - 1].next_known) {
					/*
					 * An indirect branch through a
					 * register a read has not given yet:
					 * guess the target among the
					 * exported labels, as herd does.
					 */
					if (is_indirect(in) && need < 0)
						need = t;
					break;
				}
				slot = ti.ev[th->ninst - 1].next;
			}
			if (slot < 0 || slot >= m->a->nslots ||
			    th->ninst == ARM_MAX_INST) {
				th->fl |= TF_BAD;	/* 8.6 */
				break;
			}
			if (irqs_open(m, st, t, th->ninst ?
				      ti.in_handler : 0) ||
			    m->ncand[slot] != 1) {
				if (need < 0)
					need = t;
				break;
			}
			append(m, th, slot, m->cand[slot][0]);
		}
	}
	return need;
}

/*
 * Is the path consistent with what is known?  A conditional branch whose
 * condition is known must have been guessed right.
 */
static int path_ok(const struct armv8 *m, const struct tinfo *ti,
		   const struct athr *th)
{
	for (int i = 0; i < ti->n; i++) {
		const struct ev *e = &ti->ev[i];
		const struct ainsn *in = e->in;

		if (e->dead)
			return 0;
		if (is_indirect(in) && (th->in[i].fl & IF_DECIDED) &&
		    e->cond.known && i + 1 < ti->n &&
		    e->cond.v != AV_MAKE(AV_CODE,
					 cont_slot(m, &th->in[i + 1])))
			return 0;	/* a target guessed wrong */
		if (!is_choice(in))
			continue;
		if (!(th->in[i].fl & IF_DECIDED))
			continue;	/* not guessed yet */
		if (e->cond.known &&
		    av_int_of(e->cond.v) != !!(th->in[i].fl & IF_TAKEN))
			return 0;
	}
	return 1;
}

/*
 * Has a real path (not a guess that may yet fail) gone beyond the
 * model's exact semantics?  A bound met on a guessed path counts once
 * every fetch before it has read its guess and every choice before it
 * is known to have been guessed right: then the path is an execution's,
 * and the run must end incomplete (8.6).
 */
static int path_bad(const struct tinfo *ti, const struct athr *th)
{
	for (int i = 0; i <= ti->n; i++) {
		const struct ev *e = i < ti->n ? &ti->ev[i] : NULL;

		if (i == ti->n)
			return (th->fl & TF_BAD) != 0;
		if (!(th->in[i].fl & IF_FETCHED))
			return 0;
		if (e->bad || (th->in[i].fl & IF_BAD))
			return 1;
		if ((is_choice(e->in) || is_indirect(e->in)) &&
		    !e->cond.known)
			return 0;
	}
	return 0;
}

void armv8_initial(const struct armv8 *m, uint8_t *s)
{
	struct astate *st = (struct astate *)(void *)s;

	memset(st, 0, sizeof *st);
	for (int c = 0; c < m->ncells; c++) {
		st->cell[c].n = 1;
		st->cell[c].e[0].id = 0;
		st->cell[c].e[0].val = cell_init(m, c);
	}
	/*
	 * The initial state must be one state: a guess the first decode
	 * needs is taken by the first steps (armv8_successors).
	 */
	(void)decode(m, st);
}

int armv8_finished(const struct armv8 *m, const uint8_t *s)
{
	const struct astate *st = (const struct astate *)(const void *)s;

	for (int t = 0; t < m->a->nthreads; t++) {
		const struct athr *th = &st->thr[t];

		if (!(th->fl & TF_END))
			return 0;
		for (int i = 0; i < th->ninst; i++) {
			const struct ainsn *in = insn_at(m, th->in[i].insn);

			if (!(th->in[i].fl & IF_FETCHED))
				return 0;
			if (in && (in->op == AI_LDR || in->op == AI_LDAR ||
				   in->op == AI_STR || in->op == AI_STLR ||
				   in->op == AI_SWP || in->op == AI_IRQ_ENTRY ||
				   in->op == AI_DC_CVAU ||
				   in->op == AI_IC_IVAU ||
				   in->op == AI_IC_IALLU ||
				   in->op == AI_IC_IALLUIS) &&
			    !(th->in[i].fl & IF_DONE))
				return 0;
		}
	}
	return 1;
}

int armv8_approximated(const struct armv8 *m, const uint8_t *s)
{
	(void)m;
	return (((const struct astate *)(const void *)s)->fl & SF_APPROX) != 0;
}

/* ---- steps ------------------------------------------------------------ */

struct gen8 {
	const struct armv8 *m;
	const struct astate *st;
	struct tinfo ti[ARM_MAX_THREADS];
	model_emit_fn emit;
	void *ctx;
	int notes;
};

/*
 * A step's note (reports): the text of the instruction it is about (for
 * a kernel scenario the op, as model/armk.c names it: "pte.set UB"), then
 * what happened and the value involved: "pte.set UB  (write 1)".
 */
static void note8(const struct gen8 *g, int t, const struct ainsn *in,
		  const char *what, const aval *v, struct step_note *note)
{
	char val[64] = "";

	memset(note, 0, sizeof *note);
	note->agent = t;
	note->thread_op = 1;
	if (v) {
		const struct ainsn *lab = AV_KIND(*v) == AV_INSN ?
			insn_at(g->m, (int)AV_PAYLOAD(*v)) : NULL;

		val[0] = ' ';
		/* a kernel scenario's label: its name, as the scenario's */
		if (g->m->a->labels && lab && lab->text)
			snprintf(val + 1, sizeof val - 1, "%s", lab->text);
		else
			aval_text(g->m->a, *v, val + 1, sizeof val - 1);
	}
	if (in && in->text)
		snprintf(note->text, sizeof note->text, "%s  (%s%s)", in->text,
			 what, val);
	else
		snprintf(note->text, sizeof note->text, "%s%s", what, val);
}

/*
 * Finish a successor: decode what needs no guess, drop it when a guess
 * turned out wrong, emit it.  viol: the oracles the step violates; in
 * (or NULL), `what` and v (or NULL): its note.
 */
static void emit8(struct gen8 *g, struct astate *n, int agent,
		  unsigned viol, const struct ainsn *in, const char *what,
		  const aval *v)
{
	struct step_note note;

	(void)decode(g->m, n);
	for (int t = 0; t < g->m->a->nthreads; t++) {
		struct tinfo ti;
		thread_eval(g->m, n, t, &ti);
		if (!path_ok(g->m, &ti, &n->thr[t]))
			return;
		if (path_bad(&ti, &n->thr[t]))
			n->fl |= SF_APPROX;
	}
	if (g->notes)
		note8(g, agent, in, what, v, &note);
	g->emit(g->ctx, (const uint8_t *)n, viol, g->notes ? &note : NULL);
}

/*
 * One successor for each instruction the slot may hold, appended as the
 * thread's next instance; `branch` >= 0: that indirect branch's target is
 * now chosen.
 */
static void guess_instruction(struct gen8 *g, int t, int slot, int branch,
			      const char *what)
{
	const struct armv8 *m = g->m;

	for (int c = 0; c < m->ncand[slot]; c++) {
		struct astate n = *g->st;
		struct athr *nt = &n.thr[t];

		if (branch >= 0)
			nt->in[branch].fl |= IF_DECIDED;
		if (nt->ninst == ARM_MAX_INST)
			nt->fl |= TF_BAD;
		else
			append(m, nt, slot, m->cand[slot][c]);
		if (m->a->labels && insn_at(m, m->cand[slot][c])) {
			/* a kernel scenario's line: say which and what */
			char buf[96];

			snprintf(buf, sizeof buf, "guess: %s holds %s",
				 m->a->slot_label[slot] ?
				 m->a->slot_label[slot] : "a line",
				 insn_at(m, m->cand[slot][c])->text);
			emit8(g, &n, t, 0, NULL, buf, NULL);
			continue;
		}
		emit8(g, &n, t, 0, insn_at(m, m->cand[slot][c]), what, NULL);
	}
}

/*
 * Interrupt k taken before the instance at `slot` (which becomes its
 * ELR): one successor for each interrupt thread t may still take.
 * `branch` >= 0: that indirect branch's target is chosen as well.
 */
static void guess_irqs(struct gen8 *g, int t, int slot, int branch)
{
	const struct armv8 *m = g->m;
	const struct athread *at = &m->a->threads[t];
	int last = g->st->thr[t].ninst - 1;
	unsigned open = irqs_open(m, g->st, t,
				  last >= 0 ? g->ti[t].in_handler : 0);

	for (int k = 0; k < at->nirqs; k++) {
		struct astate n = *g->st;
		struct athr *nt = &n.thr[t];
		int e = at->irq[k].start;

		if (!(open >> k & 1))
			continue;
		if (branch >= 0)
			nt->in[branch].fl |= IF_DECIDED;
		if (nt->ninst == ARM_MAX_INST) {
			nt->fl |= TF_BAD;
		} else {
			append(m, nt, e, m->a->slot_insn[e]);
			nt->in[nt->ninst - 1].val = (uint32_t)slot;
		}
		emit8(g, &n, t, 0, insn_at(m, m->a->slot_insn[e]),
		      "guess: interrupt taken", NULL);
	}
}

/*
 * The guesses one decode step may take (decode() said which thread needs
 * one): a choice's outcome, an indirect branch's target, whether an
 * interrupt is taken here, or the instruction at the next slot.
 */
static void guess_steps(struct gen8 *g, int t)
{
	const struct armv8 *m = g->m;
	const struct athr *th = &g->st->thr[t];
	int last = th->ninst - 1, slot;
	const struct ainsn *in = last >= 0 ? insn_at(m, th->in[last].insn)
					   : NULL;

	if (is_choice(in) && !(th->in[last].fl & IF_DECIDED)) {
		/* fix the outcome only: decode() takes it on */
		for (int k = 0; k < 2; k++) {
			struct astate n = *g->st;

			n.thr[t].in[last].fl |= IF_DECIDED | (k ? IF_TAKEN : 0);
			emit8(g, &n, t, 0, in, k ? "guess: condition holds" :
			      "guess: condition fails", NULL);
		}
		return;
	}
	if (is_indirect(in) && !g->ti[t].ev[last].next_known) {
		/* a target: every exported label (herd's indirectBranchT) */
		for (int s = 0; s < m->a->nslots; s++)
			if (m->cell_of_slot[s] >= 0) {
				guess_instruction(g, t, s, last, "guess: target");
				guess_irqs(g, t, s, last);
			}
		return;
	}
	slot = last < 0 ? m->a->threads[t].start : g->ti[t].ev[last].next;
	if (irqs_open(m, g->st, t, last >= 0 ? g->ti[t].in_handler : 0)) {
		struct astate n = *g->st;

		n.thr[t].fl |= TF_NOIRQ;
		emit8(g, &n, t, 0, NULL, "guess: no interrupt here", NULL);
		guess_irqs(g, t, slot, -1);
		return;
	}
	if (slot >= 0 && slot < m->a->nslots)
		guess_instruction(g, t, slot, -1, "guess: instruction");
}

/* Every event of instance j's predecessors in thread t has performed. */
static int preds_done(const struct gen8 *g, int t, int j, int fetch)
{
	const struct athr *th = &g->st->thr[t];
	const struct tinfo *ti = &g->ti[t];

	for (int i = 0; i < j; i++) {
		const struct ev *a = &ti->ev[i];

		if (!fetch && !(th->in[i].fl & IF_FETCHED))
			return 0;	/* f-ob */
		if (a->kind == EV_NONE || (th->in[i].fl & IF_DONE))
			continue;
		if (fetch ? ifb_ob(ti, i, j) : edge(ti, i, j))
			return 0;
	}
	return 1;
}

/* No performed event after i that i's event has an edge to. */
static int succs_clear(const struct gen8 *g, int t, int i)
{
	const struct athr *th = &g->st->thr[t];
	const struct tinfo *ti = &g->ti[t];

	for (int j = i + 1; j < ti->n; j++) {
		/* a fetch event (at an exported label) that has performed */
		if (g->m->cell_of_slot[th->in[j].slot] >= 0 &&
		    (th->in[j].fl & IF_FETCHED) && ifb_ob(ti, i, j))
			return 0;
		if (ti->ev[j].kind != EV_NONE && (th->in[j].fl & IF_DONE) &&
		    edge(ti, i, j))
			return 0;
	}
	return 1;
}

/* IC-ob: fetches that an IC before a DSB before j made j wait for. */
static int ic_oblig_done(const struct gen8 *g, int t, int j)
{
	const struct athr *th = &g->st->thr[t];

	for (int k = 0; k < ARM_MAX_ICREC; k++) {
		int i = th->ic[k].inst - 1;

		if (i < 0 || i >= j ||
		    !barrier_between(&g->ti[t], i, j, 1, AB_FULL))
			continue;
		for (int u = 0; u < g->m->a->nthreads; u++) {
			uint32_t want = th->ic[k].oblig[u];
			const struct athr *tu = &g->st->thr[u];

			for (int f = 0; f < ARM_MAX_INST; f++)
				if ((want >> f & 1) &&
				    !(tu->in[f].fl & IF_FETCHED))
					return 0;
		}
	}
	return 1;
}

/* The write an id names is by thread t and after instance j in po. */
static int own_after(uint8_t id, int t, int j)
{
	return id && WID_THREAD(id) == t && WID_INST(id) > j;
}

/*
 * An awaiting read (kernel scenarios: spin_lock, wait_on_bit) performs
 * only when the value it would read is the one it waits for; until then
 * it has no step, and all that is ordered after it waits too.  No value
 * is lost: the read takes the only value the rules above allow it now.
 */
static int await_met(const struct ev *e, aval v)
{
	return !(e->in->await || e->irq) || v == e->in->kwant;
}

/*
 * A gate (kernel scenarios: a user mapping's PTE, ainsn.gate and
 * slot_gate): instance j of thread t may perform only when location
 * gate - 1 holds non-zero for its reads: the newest write but its own
 * po-later ones.
 */
static int gate_open(const struct gen8 *g, int t, int j, int gate)
{
	const struct acell *ce;
	int p;

	if (!gate)
		return 1;
	ce = &g->st->cell[g->m->cell_of_loc[gate - 1]];
	for (p = ce->n - 1; p > 0 && own_after(ce->e[p].id, t, j); p--)
		;
	return ce->e[p].val != av_int(0);
}

static void step_read(struct gen8 *g, int t, int j)
{
	const struct athr *th = &g->st->thr[t];
	const struct tinfo *ti = &g->ti[t];
	const struct ev *e = &ti->ev[j];
	int c = e->cell, fwd = -1;
	const struct acell *ce = &g->st->cell[c];
	struct astate n;
	int p;

	/*
	 * Exp-haz-ob ([R]; po-loc; [R]; ca&ext; [W]: this read before a
	 * write an own later read is fr-before) needs no check here: such
	 * a write waits for this read (step_write), so it has not performed.
	 */
	/* the last write before it in po to the same location */
	for (int i = j - 1; i >= 0; i--)
		if (ev_writes(&ti->ev[i]) && ti->ev[i].cell == c &&
		    ti->ev[i].addr.known) {
			fwd = i;
			break;
		}
	if (fwd >= 0 && !(th->in[fwd].fl & IF_DONE)) {
		/* forwarded: read it before it is in coherence */
		if (!ti->ev[fwd].data.known ||
		    !await_met(e, ti->ev[fwd].data.v))
			return;
		n = *g->st;
		n.thr[t].in[j].fl |= IF_DONE;
		n.thr[t].in[j].src = WID(t, fwd);
		if (!e->irq)
			n.thr[t].in[j].val = ti->ev[fwd].data.v;
		emit8(g, &n, t, 0, e->in, "forwarded read",
		      &ti->ev[fwd].data.v);
		return;
	}
	/*
	 * From memory: the newest write but the thread's own later ones
	 * (coRW1); anything older would be fr-before a performed write of
	 * another thread (fre is in ob), or before its own earlier write
	 * (coWR).
	 */
	for (p = ce->n - 1; p >= 0 && own_after(ce->e[p].id, t, j); p--)
		;
	assert(p >= 0);	/* the initial write is nobody's */
	if (!await_met(e, ce->e[p].val))
		return;
	n = *g->st;
	n.thr[t].in[j].fl |= IF_DONE;
	n.thr[t].in[j].src = ce->e[p].id;
	if (!e->irq)	/* an entry's val is its ELR */
		n.thr[t].in[j].val = ce->e[p].val;
	emit8(g, &n, t, 0, e->in, "read", &ce->e[p].val);
}


/* Is the write `src` read from in coherence before position pos? */
static int co_before(const struct acell *ce, int pos, uint8_t src)
{
	for (int p = 0; p < pos; p++)
		if (ce->e[p].id == src)
			return 1;
	return 0;
}

/*
 * Exp-haz-ob for a write of thread t going in at coherence position pos
 * of cell c: a read of another thread that has read older is fr-before
 * it, so that thread's earlier reads of c must have performed.
 */
static int haz_blocks(const struct gen8 *g, int t, int c, int pos)
{
	const struct acell *ce = &g->st->cell[c];

	for (int u = 0; u < g->m->a->nthreads; u++) {
		const struct athr *tu = &g->st->thr[u];

		for (int k = 0; u != t && k < g->ti[u].n; k++) {
			const struct ev *r = &g->ti[u].ev[k];

			if (!ev_reads(r) || r->cell != c ||
			    !(tu->in[k].fl & IF_DONE) ||
			    !co_before(ce, pos, tu->in[k].src))
				continue;	/* reads it or later: no fr */
			for (int i = 0; i < k; i++)
				if (ev_reads(&g->ti[u].ev[i]) &&
				    g->ti[u].ev[i].cell == c &&
				    !(tu->in[i].fl & IF_DONE))
					return 1;
		}
	}
	return 0;
}

/*
 * DIC: IC-ob's [F]; po; [F']; ca; [W]: a fetch that read older than a
 * write going in at position pos of code cell c has its thread's earlier
 * fetches performed first.
 */
static int dic_blocks(const struct gen8 *g, int c, int pos)
{
	const struct armv8 *m = g->m;
	const struct acell *ce = &g->st->cell[c];

	if (!(m->a->cache_type & ACT_DIC) || !is_code_cell(m, c) ||
	    (m->a->cache_type & ACT_DIC_UNORDERED))	/* N1 #1542419 */
		return 0;
	for (int u = 0; u < m->a->nthreads; u++) {
		const struct athr *tu = &g->st->thr[u];

		for (int k = 0; k < tu->ninst; k++) {
			if (!(tu->in[k].fl & IF_FETCHED) ||
			    m->cell_of_slot[tu->in[k].slot] != c ||
			    !co_before(ce, pos, tu->in[k].src))
				continue;
			for (int i = 0; i < k; i++)
				if (!(tu->in[i].fl & IF_FETCHED))
					return 1;
		}
	}
	return 0;
}

static int guessable(const struct armv8 *m, int slot, aval v);

/*
 * Where a write of instance j of thread t goes in cell c's coherence
 * order, or -1 when it may not perform now.
 */
static int write_pos(const struct gen8 *g, int t, int j, int c)
{
	const struct athr *th = &g->st->thr[t];
	const struct tinfo *ti = &g->ti[t];
	const struct acell *ce = &g->st->cell[c];
	int pos;

	if (ce->n == ARM_MAX_CO)
		return -1;
	/*
	 * Coherence: after every performed write of another thread (coe is
	 * in ob) and of its own earlier ones (coWW); before its own later
	 * ones.
	 */
	for (pos = ce->n; pos > 0 && own_after(ce->e[pos - 1].id, t, j); pos--)
		;
	for (int p = 0; p < pos; p++)
		if (own_after(ce->e[p].id, t, j))
			return -1;
	/*
	 * coWR: its own later reads that have read must have read it or a
	 * later write of its own.
	 */
	for (int k = j + 1; k < ti->n; k++) {
		const struct ev *r = &ti->ev[k];
		uint8_t src = th->in[k].src;

		if (!ev_reads(r) || r->cell != c ||
		    !(th->in[k].fl & IF_DONE))
			continue;
		if (!(src && WID_THREAD(src) == t && WID_INST(src) >= j &&
		      WID_INST(src) < k))
			return -1;
	}
	if (haz_blocks(g, t, c, pos) || dic_blocks(g, c, pos))
		return -1;
	return pos;
}

/*
 * A non-zero write to cell c has performed.  If c is the gate of judged
 * slots (a user mapping's PTE set), each such slot's line is published
 * as it stands: its coherence-newest write now.
 */
static void publish(const struct armv8 *m, struct astate *n, int c)
{
	for (int k = 0; k < m->njudged; k++) {
		int s = m->judged_slot[k], gate = m->a->slot_gate[s];
		const struct acell *sc;

		if (!gate || m->cell_of_loc[gate - 1] != c)
			continue;
		sc = &n->cell[m->cell_of_slot[s]];
		n->pub[k] = sc->e[sc->n - 1].id;
	}
}

/* Put instance j's write into n's coherence order of cell c at pos. */
static void co_insert(const struct gen8 *g, struct astate *n, int t, int j,
		      int c, int pos, aval v)
{
	const struct armv8 *m = g->m;
	struct acell *nc = &n->cell[c];

	memmove(&nc->e[pos + 1], &nc->e[pos],
		sizeof nc->e[0] * (size_t)(nc->n - pos));
	memset(&nc->e[pos], 0, sizeof nc->e[pos]);
	nc->e[pos].id = WID(t, j);
	nc->e[pos].val = v;
	nc->n++;
	n->thr[t].in[j].fl |= IF_DONE;
	if (is_code_cell(m, c) && !guessable(m, m->slot_of_cell[c], v))
		n->thr[t].in[j].fl |= IF_BAD;	/* a value no fetch guesses */
	if (v != av_int(0))
		publish(m, n, c);
}

static void step_write(struct gen8 *g, int t, int j)
{
	const struct ev *e = &g->ti[t].ev[j];
	int pos;
	struct astate n;

	if (!e->data.known || (pos = write_pos(g, t, j, e->cell)) < 0)
		return;
	n = *g->st;
	co_insert(g, &n, t, j, e->cell, pos, e->data.v);
	emit8(g, &n, t, 0, e->in, "write", &e->data.v);
}

/*
 * A SWP: its read and its write as one event.  aarch64.cat's atomicity
 * (no write between the read's source and the write in coherence) is
 * kept by doing both at once: the read takes the newest write but its
 * thread's later ones, as any read from memory, and the write goes
 * right after it, where write_pos puts it.  A po-earlier write of its
 * own to the location has performed (lws is in ob into the write), so
 * nothing is forwarded.  Awaiting, it is a compare-and-swap that only
 * succeeds on kwant (spin_lock) and waits until then.
 */
static void step_rmw(struct gen8 *g, int t, int j)
{
	const struct ev *e = &g->ti[t].ev[j];
	const struct acell *ce = &g->st->cell[e->cell];
	int pos;
	struct astate n;

	if (!e->data.known || (pos = write_pos(g, t, j, e->cell)) <= 0)
		return;
	/* pos - 1: the newest write but its own later ones */
	if (!await_met(e, ce->e[pos - 1].val))
		return;
	n = *g->st;
	n.thr[t].in[j].src = ce->e[pos - 1].id;
	n.thr[t].in[j].val = ce->e[pos - 1].val;
	co_insert(g, &n, t, j, e->cell, pos, e->data.v);
	emit8(g, &n, t, 0, e->in, "swap, read", &ce->e[pos - 1].val);
}

/*
 * Does an IC instance have a DSB (full) after it on its path (herd's
 * C_IC)?  An IC without one has no effect here.  No test can tell: such
 * an IC has no ob edge out of it, so some order performs it after every
 * fetch anyway; the rule is kept to read as aarch64.cat does.
 */
static int ic_completes(const struct astate *st, const struct tinfo *ti,
			int t, int j, int *known)
{
	for (int k = j + 1; k < ti->n; k++)
		if (ti->ev[k].in && ti->ev[k].in->op == AI_DSB &&
		    bar_full(ti->ev[k].in)) {
			*known = 1;
			return 1;
		}
	*known = (st->thr[t].fl & TF_END) != 0;
	return 0;
}

static void step_maint(struct gen8 *g, int t, int j)
{
	const struct armv8 *m = g->m;
	const struct tinfo *ti = &g->ti[t];
	const struct ev *e = &ti->ev[j];
	unsigned ct = m->a->cache_type;
	struct astate n = *g->st;

	if (e->kind == EV_DC) {
		if (e->cell >= 0)
			for (int p = 0; p < n.cell[e->cell].n; p++)
				n.cell[e->cell].e[p].fl |= CE_CLEANED;
	} else {
		int known, cic = ic_completes(g->st, ti, t, j, &known);
		int k;

		if (!known)
			return;	/* the path must say whether a DSB follows */
		for (int c = 0; cic && c < m->ncells; c++) {
			if (!is_code_cell(m, c) ||
			    (!e->line_all && c != e->cell))
				continue;
			/* IC-ca: what is visible to fetches after it */
			for (int p = 0; p < n.cell[c].n; p++) {
				struct acoe *x = &n.cell[c].e[p];

				if (!(ct & ACT_DIC) && !(ct & ACT_IDC) &&
				    (x->fl & CE_CLEANED))
					x->fl |= CE_VISIBLE;
				if (!(ct & ACT_DIC) && (ct & ACT_IDC))
					x->fl |= CE_VISIBLE;
			}
		}
		/* IC-ob: fetches after a performed one must come first */
		for (k = 0; cic && k < ARM_MAX_ICREC && n.thr[t].ic[k].inst;
		     k++)
			;
		if (cic && k == ARM_MAX_ICREC) {
			n.thr[t].in[j].fl |= IF_BAD;
		} else if (cic) {
			struct icrec *r = &n.thr[t].ic[k];

			r->inst = (uint8_t)(j + 1);
			for (int u = 0; u < m->a->nthreads; u++) {
				const struct athr *tu = &g->st->thr[u];
				int last = -1;

				for (int f = 0; f < tu->ninst; f++) {
					int c = m->cell_of_slot[tu->in[f].slot];

					if ((tu->in[f].fl & IF_FETCHED) &&
					    c >= 0 && (e->line_all ||
					    c == e->cell))
						last = f;
				}
				for (int f = 0; f < last; f++)
					if (!(tu->in[f].fl & IF_FETCHED))
						r->oblig[u] |= 1u << f;
				/* (only fetch events: those of cells) */
			}
		}
	}
	n.thr[t].in[j].fl |= IF_DONE;
	emit8(g, &n, t, 0, e->in, e->kind == EV_DC ? "clean" : "invalidate",
	      NULL);
}

/*
 * Can a fetch of slot guess this value?  Each instruction it may hold is
 * a guess of its own; with INSN_NONE (a fault handler to take it) every
 * other value is one more.
 */
static int in_cand(const struct armv8 *m, int slot, aval v)
{
	for (int k = 0; k < m->ncand[slot]; k++)
		if (m->cand[slot][k] != INSN_NONE &&
		    v == AV_MAKE(AV_INSN, m->cand[slot][k]))
			return 1;
	return 0;
}

static int guessable(const struct armv8 *m, int slot, aval v)
{
	for (int k = 0; k < m->ncand[slot]; k++)
		if (m->cand[slot][k] == INSN_NONE)
			return 1;
	return in_cand(m, slot, v);
}

static void step_fetch(struct gen8 *g, int t, int j)
{
	const struct armv8 *m = g->m;
	const struct athr *th = &g->st->thr[t];
	int slot = th->in[j].slot, c = m->cell_of_slot[slot];
	unsigned ct = m->a->cache_type;
	/* a fetch's note names the slot's own instruction (the op there) */
	const struct ainsn *here = &m->a->insns[m->a->slot_insn[slot]];

	if (c < 0) {	/* never written: its own instruction */
		struct astate n = *g->st;

		n.thr[t].in[j].fl |= IF_FETCHED;
		emit8(g, &n, t, 0, here, "fetch", NULL);
		return;
	}
	{
		const struct acell *ce = &g->st->cell[c];
		int floor = 0;

		/*
		 * IC-ca: nothing older than a write that maintenance made
		 * visible; with DIC and IDC, nothing older than the newest
		 * (fetches are coherent).
		 */
		for (int p = 0; p < ce->n; p++)
			if (ce->e[p].fl & CE_VISIBLE)
				floor = p;
		if ((ct & ACT_DIC) && (ct & ACT_IDC))
			floor = ce->n - 1;
		int k = m->judged[slot], pub = 0;

		if (k >= 0)	/* the position of its publication */
			while (ce->e[pub].id != g->st->pub[k])
				pub++;
		for (int p = floor; p < ce->n; p++) {
			struct astate n;

			if (th->in[j].insn == INSN_NONE ?
			    in_cand(m, slot, ce->e[p].val) :
			    ce->e[p].val != AV_MAKE(AV_INSN, th->in[j].insn))
				continue;
			n = *g->st;
			n.thr[t].in[j].fl |= IF_FETCHED;
			n.thr[t].in[j].src = ce->e[p].id;
			/*
			 * The stale-fetch oracle (design.md 2.5): a user
			 * mapping's fetch of a write older than what was
			 * published when the mapping was made.
			 */
			if (m->a->labels) {
				/*
				 * A kernel scenario's line: as the cache
				 * model writes an exec, "fetch UA = old".
				 */
				const struct ainsn *v = insn_at(m,
					(int)AV_PAYLOAD(ce->e[p].val));
				char buf[128];

				snprintf(buf, sizeof buf, "fetch %s = %s%s",
					 m->a->slot_label[slot] ?
					 m->a->slot_label[slot] : "a line",
					 v && v->text ? v->text : "?",
					 p < pub ? "  <- stale" :
					 p < ce->n - 1 ? "  (not the newest)" :
					 "");
				emit8(g, &n, t, p < pub ?
				      1u << OR_STALE_FETCH : 0, NULL, buf,
				      NULL);
				continue;
			}
			emit8(g, &n, t, p < pub ? 1u << OR_STALE_FETCH : 0,
			      here, p < pub ? "fetch: old, stale" :
			      p < ce->n - 1 ? "fetch: old" : "fetch: new", NULL);
		}
	}
}

void armv8_successors(const struct armv8 *m, const uint8_t *s,
		      model_emit_fn emit, void *ctx, unsigned how)
{
	struct gen8 g = { .m = m, .st = (const struct astate *)(const void *)s,
			  .emit = emit, .ctx = ctx,
			  .notes = (how & MODEL_NOTES) != 0 };
	int need;

	{
		/*
		 * A guess pending: take it first, alone (design.md 8.4).
		 * Every state was decoded as far as it goes without one
		 * when it was made, so this finds, and changes, nothing
		 * else.
		 */
		struct astate tmp = *g.st;

		need = decode(m, &tmp);
	}
	for (int t = 0; t < m->a->nthreads; t++) {
		thread_eval(m, g.st, t, &g.ti[t]);
	}
	if (need >= 0) {
		guess_steps(&g, need);
		return;
	}
	for (int t = 0; t < m->a->nthreads; t++) {
		const struct athr *th = &g.st->thr[t];
		const struct tinfo *ti = &g.ti[t];

		for (int j = 0; j < th->ninst; j++) {
			const struct ev *e = &ti->ev[j];

			if (!(th->in[j].fl & IF_FETCHED)) {
				if (preds_done(&g, t, j, 1) &&
				    gate_open(&g, t, j,
					      m->a->slot_gate[th->in[j].slot]))
					step_fetch(&g, t, j);
				continue;
			}
			if (e->kind == EV_NONE || (th->in[j].fl & IF_DONE))
				continue;
			if (!e->addr.known || (e->kind != EV_IC && e->cell < 0 &&
			    e->kind != EV_DC))
				continue;
			if (!preds_done(&g, t, j, 0) || !succs_clear(&g, t, j) ||
			    !ic_oblig_done(&g, t, j) ||
			    !gate_open(&g, t, j, e->in->gate))
				continue;
			switch (e->kind) {
			case EV_R:
				step_read(&g, t, j);
				break;
			case EV_W:
				step_write(&g, t, j);
				break;
			case EV_RMW:
				step_rmw(&g, t, j);
				break;
			case EV_DC:
			case EV_IC:
				step_maint(&g, t, j);
				break;
			case EV_NONE:
				break;
			}
		}
	}
}

aval armv8_obs_value(const struct armv8 *m, const uint8_t *s, int k)
{
	const struct astate *st = (const struct astate *)(const void *)s;
	const struct aobs *o = &m->a->obs[k];

	if (o->is_mem) {
		int c = o->loc >= 0 ? m->cell_of_loc[o->loc]
				    : m->cell_of_slot[-1 - o->loc];

		if (c < 0)
			return o->loc >= 0 ? m->a->loc_init[o->loc] :
			       AV_MAKE(AV_INSN, m->a->slot_insn[-1 - o->loc]);
		return st->cell[c].e[st->cell[c].n - 1].val;
	} else {
		struct tinfo ti;

		thread_eval(m, st, o->thread, &ti);
		if (o->reg == AR_XZR)
			return av_int(0);
		return ti.reg_end[o->reg].v;
	}
}

/* ---- set-up ----------------------------------------------------------- */

static void add_cand(struct armv8 *m, int slot, int insn)
{
	for (int k = 0; k < m->ncand[slot]; k++)
		if (m->cand[slot][k] == insn)
			return;
	if (m->ncand[slot] < ARM_MAX_CAND)
		m->cand[slot][m->ncand[slot]++] = (uint8_t)insn;
}

/* Code addresses a program can name: in registers, memory, ADR. */
static void mark_code(struct armv8 *m, aval v, int *writable)
{
	if (AV_KIND(v) == AV_CODE && AV_PAYLOAD(v) < (uint32_t)m->a->nslots)
		writable[AV_PAYLOAD(v)] = 1;
}

/*
 * The slot whose location s is (slot_alias, kernel scenarios): s itself
 * when it is no alias; -1 for a chain that leaves the code or loops.
 */
static int slot_rep(const struct aprog *a, int s)
{
	for (int hops = 0; hops <= a->nslots; hops++) {
		if (!a->slot_alias[s])
			return s;
		s = a->slot_alias[s] - 1;
		if (s >= a->nslots)
			return -1;
	}
	return -1;
}

/*
 * The instructions slot s's location may come to hold, in a kernel
 * scenario where every store that could write it names its address and
 * value as constants: each such store's value is added to m's candidates
 * for s (its own instruction is one already); returns 1.  Returns 0,
 * adding nothing, in a herd test (no constants: its guesses stay
 * herd's), or when a store with its address or its value in a register
 * could write there: then every instruction the program holds may come.  A fetch reads what was written, so the
 * smaller set loses nothing; it spares the guesses of instructions no
 * store writes there.
 */
static int known_writes(const struct aprog *a, int s, struct armv8 *m)
{
	int r = slot_rep(a, s), kernel = 0;

	for (int i = 0; i < a->ninsns; i++)
		kernel |= a->insns[i].konst != 0;
	if (!kernel)
		return 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < a->ninsns; i++) {
			const struct ainsn *in = &a->insns[i];
			uint32_t k = AV_PAYLOAD(in->kaddr);

			if (in->op != AI_STR && in->op != AI_STLR &&
			    in->op != AI_SWP)
				continue;
			if (!(in->konst & AK_ADDR))
				return 0;
			if (AV_KIND(in->kaddr) != AV_CODE ||
			    k >= (uint32_t)a->nslots ||
			    slot_rep(a, (int)k) != r)
				continue;
			if (!(in->konst & AK_VAL))
				return 0;
			if (pass && AV_KIND(in->kval) == AV_INSN &&
			    AV_PAYLOAD(in->kval) < (uint32_t)a->ninsns)
				add_cand(m, s, (int)AV_PAYLOAD(in->kval));
		}
	return 1;
}

/*
 * The kernel scenarios' fields name locations and slots that exist
 * (model/armk.c builds them; a slip there must not index past a table).
 */
static int kernel_fields_ok(const struct aprog *a, char *err, size_t errlen)
{
	for (int i = 0; i < a->ninsns; i++)
		if (a->insns[i].gate > a->nlocs) {
			snprintf(err, errlen, "instruction %d: a gate that is "
				 "no location", i);
			return 0;
		}
	for (int s = 0; s < a->nslots; s++) {
		if (a->slot_gate[s] > a->nlocs) {
			snprintf(err, errlen, "slot %d: a gate that is no "
				 "location", s);
			return 0;
		}
		if (slot_rep(a, s) < 0) {
			snprintf(err, errlen, "slot %d: a bad alias", s);
			return 0;
		}
	}
	for (int t = 0; t < a->nthreads; t++) {
		const struct athread *at = &a->threads[t];

		if (at->nirqs < 0 || at->nirqs > ARM_MAX_IRQS) {
			snprintf(err, errlen, "P%d: too many interrupts", t);
			return 0;
		}
		for (int k = 0; k < at->nirqs; k++) {
			int e = at->irq[k].start;
			const struct ainsn *in;

			if (e < 0 || e >= a->nslots)
				goto bad;
			in = &a->insns[a->slot_insn[e]];
			if (in->op != AI_IRQ_ENTRY ||
			    AV_KIND(in->kaddr) != AV_LOC ||
			    AV_PAYLOAD(in->kaddr) >= (uint32_t)a->nlocs)
				goto bad;
		}
	}
	return 1;
bad:
	snprintf(err, errlen, "an interrupt handler that starts with no "
		 "entry reading a location");
	return 0;
}

struct armv8 *armv8_new(const struct aprog *a, char *err, size_t errlen)
{
	struct armv8 *m = calloc(1, sizeof *m);
	int writable[ARM_MAX_SLOTS] = { 0 };
	int ninsn_vals = 0, handlers = 0;
	uint8_t insn_vals[ARM_MAX_INSNS];

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->a = a;
	if (a->nthreads > ARM_MAX_THREADS || a->nslots > ARM_MAX_SLOTS) {
		snprintf(err, errlen, "too many threads or instructions");
		free(m);
		return NULL;
	}
	if (!kernel_fields_ok(a, err, errlen)) {
		free(m);
		return NULL;
	}
	for (int t = 0; t < a->nthreads; t++) {
		if (a->threads[t].handler >= 0)
			handlers = 1;
		for (int r = 0; r < AR_COUNT; r++)
			mark_code(m, a->reg_init[t][r], writable);
	}
	for (int l = 0; l < a->nlocs; l++)
		mark_code(m, a->loc_init[l], writable);
	for (int i = 0; i < a->ninsns; i++) {
		if (a->insns[i].op == AI_ADR && a->insns[i].tkind == AT_SLOT &&
		    a->insns[i].imm >= 0 && a->insns[i].imm < a->nslots)
			writable[a->insns[i].imm] = 1;
		/* kernel scenarios: code named by a constant (arm.h) */
		mark_code(m, a->insns[i].kaddr, writable);
		mark_code(m, a->insns[i].kval, writable);
	}
	/*
	 * A gated or judged slot's fetch is an event of its own (it waits
	 * for its gate; the oracle judges what it reads): give it a cell.
	 * A cell nobody writes only ever holds the initial instruction, so
	 * this adds states, never executions.
	 */
	for (int s = 0; s < a->nslots; s++)
		if (a->slot_gate[s] || a->slot_judged[s])
			writable[s] = 1;
	/* instruction values the program holds as data */
	for (int t = 0; t < a->nthreads; t++)
		for (int r = 0; r < AR_COUNT; r++)
			if (AV_KIND(a->reg_init[t][r]) == AV_INSN &&
			    ninsn_vals < ARM_MAX_INSNS)
				insn_vals[ninsn_vals++] =
					(uint8_t)AV_PAYLOAD(a->reg_init[t][r]);
	for (int l = 0; l < a->nlocs; l++)
		if (AV_KIND(a->loc_init[l]) == AV_INSN &&
		    ninsn_vals < ARM_MAX_INSNS)
			insn_vals[ninsn_vals++] =
				(uint8_t)AV_PAYLOAD(a->loc_init[l]);
	for (int i = 0; i < a->ninsns; i++)
		if ((a->insns[i].konst & AK_VAL) &&
		    AV_KIND(a->insns[i].kval) == AV_INSN &&
		    ninsn_vals < ARM_MAX_INSNS)
			insn_vals[ninsn_vals++] =
				(uint8_t)AV_PAYLOAD(a->insns[i].kval);
	/* an alias and its slot are one location: exported together */
	for (int s = 0; s < a->nslots; s++)
		writable[slot_rep(a, s)] |= writable[s];
	for (int s = 0; s < a->nslots; s++)
		writable[s] = writable[slot_rep(a, s)];
	/* herd's initial state holds every exported slot's instruction */
	for (int s = 0; s < a->nslots; s++)
		if (writable[s] && ninsn_vals < ARM_MAX_INSNS)
			insn_vals[ninsn_vals++] = a->slot_insn[s];
	for (int l = 0; l < a->nlocs; l++) {
		if (m->ncells == ARM_MAX_CELLS)
			goto toomany;
		m->slot_of_cell[m->ncells] = -1;
		m->cell_of_loc[l] = m->ncells++;
	}
	for (int s = 0; s < a->nslots; s++) {
		m->cell_of_slot[s] = -1;
		add_cand(m, s, a->slot_insn[s]);
		if (a->slot_alias[s] || !writable[s] ||
		    a->insns[a->slot_insn[s]].op == AI_HALT)
			continue;
		if (m->ncells == ARM_MAX_CELLS)
			goto toomany;
		m->slot_of_cell[m->ncells] = s;
		m->cell_of_slot[s] = m->ncells++;
		if (!known_writes(a, s, m))
			for (int k = 0; k < ninsn_vals; k++)
				add_cand(m, s, insn_vals[k]);
		/* and herd's "anything else": the fault, to a handler */
		if (handlers)
			add_cand(m, s, INSN_NONE);
		if (m->ncand[s] == ARM_MAX_CAND) {
			snprintf(err, errlen, "too many instructions may be "
				 "written at one place");
			free(m);
			return NULL;
		}
	}
	/* the judged slots: an index each into the state's pub[] */
	for (int s = 0; s < a->nslots; s++) {
		m->judged[s] = -1;
		if (!a->slot_judged[s])
			continue;
		if (m->njudged == ARM_MAX_JUDGED) {
			snprintf(err, errlen, "more than %d judged slots",
				 ARM_MAX_JUDGED);
			free(m);
			return NULL;
		}
		m->judged_slot[m->njudged] = s;
		m->judged[s] = m->njudged++;
	}
	/*
	 * An alias is its representative's location (the same physical
	 * line through another mapping): the same cell, and a fetch through
	 * it may read what a fetch through the other may.
	 */
	for (int s = 0; s < a->nslots; s++) {
		int r = slot_rep(a, s);

		if (r == s)
			continue;
		m->cell_of_slot[s] = m->cell_of_slot[r];
		m->ncand[s] = m->ncand[r];
		memcpy(m->cand[s], m->cand[r], sizeof m->cand[s]);
	}
	return m;
toomany:
	snprintf(err, errlen, "more than %d locations", ARM_MAX_CELLS);
	free(m);
	return NULL;
}

void armv8_free(struct armv8 *m)
{
	free(m);
}

/* ---- values as herd prints them ---------------------------------------- */

void aval_text(const struct aprog *a, aval v, char *buf, size_t n)
{
	uint32_t k = AV_PAYLOAD(v);

	switch (AV_KIND(v)) {
	case AV_INT:
		snprintf(buf, n, "%d", (int)av_int_of(v));
		return;
	case AV_LOC:
		snprintf(buf, n, "%s", k < (uint32_t)a->nlocs ?
			 a->loc_names[k] : "?");
		return;
	case AV_CODE:
		if (k < (uint32_t)a->nslots && a->slot_label[k])
			snprintf(buf, n, "label:\"%s\"", a->slot_label[k]);
		else
			snprintf(buf, n, "label:\"P%d:+%u\"",
				 k < (uint32_t)a->nslots ? a->slot_thread[k] : 0,
				 k);
		return;
	case AV_INSN:
		if (k < (uint32_t)a->ninsns && a->insns[k].op == AI_NOP)
			snprintf(buf, n, "NOP");
		else
			snprintf(buf, n, "instr:\"%s\"",
				 k < (uint32_t)a->ninsns && a->insns[k].text ?
				 a->insns[k].text : "?");
		return;
	}
	snprintf(buf, n, "?");
}
