/* SPDX-License-Identifier: MIT */
/*
 * arm.h - an AArch64 litmus program, as the Armv8 model executes it.
 *
 * This is what herd's .litmus front end (lang/litmus.c) produces and the
 * relaxed Armv8 model (model/armv8.c, docs/design.md section 8) runs.  It
 * is kept apart from struct program, whose ops are cache operations:
 * here code is data.  Every instruction slot is a memory location whose
 * value is an instruction, a store may put another instruction there, and
 * each execution of a slot begins with a fetch that reads one of the
 * values the slot has held.
 *
 * Everything is resolved to small integers: registers to 0..AR_COUNT-1,
 * data locations to 0..nlocs-1, code to slots 0..nslots-1, instructions
 * (those in the code and those used as values, NOP or "B l0") to indices
 * of one table, insns[].
 */
#ifndef FC_ARM_H
#define FC_ARM_H

#include <stdint.h>

#include "program.h"

/*
 * Limits, with what relies on them.  A litmus test is small; these bound
 * the state vector (model/armv8.c) and the static tables below.
 */
#define ARM_MAX_THREADS	4	/* herd's catalogue has at most 4 */
#define ARM_MAX_SLOTS	128	/* code slots of all threads and handlers:
				 * a slot number is a uint8_t */
#define ARM_MAX_INSNS	160	/* distinct instructions: code and values */
#define ARM_MAX_LOCS	16	/* data locations x, y, z, ... */
#define ARM_MAX_OBS	FC_MAX_OUTCOME	/* registers and locations printed in the
				 * outcomes (herd's States lines) */

/* ---- values --------------------------------------------------------- */

/*
 * A value is 32 bits: a kind in the top two bits, a payload below.
 * Integers are two's complement in the low 30 bits (herd's tests use
 * small ones; arithmetic wraps at 30 bits and the front end rejects a
 * constant that does not fit).  Addresses are symbolic, as in herd: a
 * data location's index, or a code slot; an instruction value is an
 * index into insns[].
 */
typedef uint32_t aval;

enum aval_kind { AV_INT, AV_LOC, AV_CODE, AV_INSN };

#define AV_KIND(v)	((enum aval_kind)((v) >> 30))
#define AV_PAYLOAD(v)	((v) & 0x3fffffffu)
#define AV_MAKE(k, p)	((aval)(((uint32_t)(k) << 30) | ((uint32_t)(p) & 0x3fffffffu)))
#define AV_INT_MIN	(-(1 << 29))
#define AV_INT_MAX	((1 << 29) - 1)

static inline aval av_int(int32_t i) { return AV_MAKE(AV_INT, (uint32_t)i); }
static inline int32_t av_int_of(aval v)
{
	/* sign-extend the 30-bit payload */
	return (int32_t)(AV_PAYLOAD(v) << 2) >> 2;
}

/* ---- registers -------------------------------------------------------- */

/*
 * X0..X30 are 0..30; W forms name the same register (struct ainsn.w says
 * the access is 32 bits wide).  XZR/WZR reads zero and ignores writes.
 * ELR_EL1 is written by MSR in a fault handler and read by ERET.
 */
enum {
	AR_XZR = 31,
	AR_ELR = 32,
	AR_COUNT,
	AR_NONE = 0xff,
};

/* ---- instructions ----------------------------------------------------- */

/*
 * ORDER AI: the model's execute switch and the front end's mnemonic
 * table follow this list.
 */
enum ainsn_op {
	AI_HALT,	/* the end of a thread's code: the thread stops */
	AI_NOP,
	AI_MOV,		/* rd = op2 */
	AI_ADD, AI_SUB, AI_EOR, AI_AND, AI_ORR,	/* rd = rn OP op2 */
	AI_CMP,		/* flags from rn - op2 */
	AI_CSET,	/* rd = cond ? 1 : 0 */
	AI_CSEL,	/* rd = cond ? rn : rm */
	AI_ADR,		/* rd = code address (target) */
	AI_LDR,		/* rd = [rn + off] */
	AI_LDAR,	/* rd = [rn], acquire */
	AI_STR,		/* [rn + off] = rd */
	AI_STLR,	/* [rn] = rd, release */
	AI_B,		/* pc = target */
	AI_BCOND,	/* if cond: pc = target */
	AI_CBZ,		/* if rd == 0: pc = target */
	AI_CBNZ,	/* if rd != 0: pc = target */
	AI_BL,		/* X30 = pc + 1; pc = target */
	AI_BLR,		/* X30 = pc + 1; pc = rn */
	AI_BR,		/* pc = rn */
	AI_RET,		/* pc = rn (X30 when not written) */
	AI_DC_CVAU,	/* clean to the point of unification, by address rn */
	AI_IC_IVAU,	/* invalidate instruction caches, by address rn */
	AI_IC_IALLU,	/* invalidate this CPU's instruction cache */
	AI_IC_IALLUIS,	/* ... every CPU's in the inner shareable domain */
	AI_DSB,		/* bar says which */
	AI_DMB,
	AI_ISB,
	AI_MSR_ELR,	/* ELR_EL1 = rd */
	AI_ERET,	/* return from the fault handler to ELR_EL1 */
	/* only in kernel scenarios (model/armk.c), never in a .litmus file: */
	AI_SWP,		/* rd = [addr]; [addr] = kval: one atomic event */
	AI_IRQ_ENTRY,	/* an interrupt taken: see struct airq */
	AI_COUNT
};

/* Conditions of B.cond, CSET and CSEL. ORDER AC: as their encodings. */
enum acond {
	AC_EQ, AC_NE, AC_CS, AC_CC, AC_MI, AC_PL, AC_VS, AC_VC,
	AC_HI, AC_LS, AC_GE, AC_LT, AC_GT, AC_LE, AC_AL, AC_COUNT
};

/*
 * Barrier kinds, as herd's aarch64fences.cat classifies them: ISH, OSH
 * and SY make no difference, only the type (full, LD, ST).  NSH options,
 * and DSB OSHLD (a slip in aarch64fences.cat puts it in no class), order
 * nothing there: AB_NONE.
 */
enum abar { AB_FULL, AB_LD, AB_ST, AB_NONE };

/* How a load or store forms its address. */
enum aaddr {
	AA_REG,		/* [rn] */
	AA_IMM,		/* [rn, #imm] */
	AA_REGREG,	/* [rn, rm] (with any extend: SXTW, UXTW, LSL #0) */
};

/* How a branch names its target. */
enum atarget {
	AT_NONE,
	AT_SLOT,	/* a label: target = slot number */
	AT_REL,		/* B .+N: target = offset in slots from the slot
			 * the instruction executes at (N / 4) */
};

struct ainsn {
	uint8_t op;		/* enum ainsn_op */
	uint8_t rd, rn, rm;	/* AR_* or AR_NONE */
	uint8_t cond;		/* enum acond */
	uint8_t bar;		/* enum abar: DSB, DMB */
	uint8_t imm_op;		/* op2 is imm, not rm */
	uint8_t w;		/* 32-bit (W register) form */
	uint8_t addr;		/* enum aaddr: LDR, STR */
	uint8_t tkind;		/* enum atarget: branches and ADR */
	int32_t imm;		/* immediate, offset or target */
	/*
	 * Kernel scenarios (model/armk.c) name addresses and values as
	 * constants, not through registers; a herd test leaves these zero.
	 * AK_ADDR: a load, store, SWP, DC or IC IVAU addresses kaddr (rn is
	 * not read).  AK_VAL: a store or SWP writes kval, MOV moves it (rd
	 * of a store is not read).
	 */
	uint8_t konst;		/* AK_* */
	/*
	 * A load, LDAR or SWP with `await` set performs only when the value
	 * it reads equals kwant (the thread waits: spin_lock, wait_on_bit,
	 * an IPI's completion); a SWP's write is then made.
	 */
	uint8_t await;
	/*
	 * 0, or 1 + a data location: an access through a user mapping
	 * performs only when that location (the mapping's PTE) holds a
	 * non-zero value for this thread's reads (the newest write but its
	 * own po-later ones).  A walk that finds the PTE absent faults and
	 * the access is retried; the fault's context synchronisation adds
	 * ordering only, so leaving it out loses no behaviour.
	 */
	uint8_t gate;
	uint8_t acq, rel;	/* SWP: SWPA, SWPL, SWPAL */
	aval kaddr, kval, kwant;
	const char *text;	/* as written (herd prints instruction
				 * values this way: "NOP", "B l0") */
	int src_line, src_col;
};

/* ---- the program -------------------------------------------------------- */

#define AK_ADDR 1u
#define AK_VAL	2u

/*
 * An interrupt handler a thread may take (kernel scenarios: the IPI of
 * on_each_cpu).  Its code starts at `start` with an AI_IRQ_ENTRY, which
 * reads location kaddr awaiting kwant (the sender's "pending" write), and
 * ends with an ERET back to where the thread was interrupted.  The entry:
 *   - is taken at most once, between any two instructions of the
 *     thread's path or after its last (a guess, like a branch's), and
 *     not inside another handler; a thread may also finish without it
 *     (nothing was sent: the sender, who waits for the handler, does
 *     not finish then);
 *   - sets ELR_EL1 to the slot it interrupted;
 *   - performs only after every po-earlier read and fetch has (they were
 *     executed when the interrupt was taken);
 *   - is context synchronisation: every po-later event, fetches too, is
 *     ordered after it.
 */
#define ARM_MAX_IRQS 4

struct airq {
	int start;		/* the slot of its AI_IRQ_ENTRY */
};

struct athread {
	int start;		/* its first slot */
	int handler;		/* first slot of its fault handler (a PN.F
				 * column), or -1: none */
	int nirqs;		/* kernel scenarios only */
	struct airq irq[ARM_MAX_IRQS];
};

/* An observed register or location (a condition atom, `locations`). */
struct aobs {
	int is_mem;
	int thread, reg;	/* a register: thread:reg */
	int loc;		/* a data location; for a code location
				 * (a label), -1 - slot */
	const char *text;	/* as herd prints it: "1:X2", "x" */
};

/* The final condition, as herd's: atoms compare an observed thing. */
enum acond_kind { ACN_TRUE, ACN_NOT, ACN_AND, ACN_OR, ACN_EQ };

struct acondition {
	enum acond_kind kind;
	const struct acondition *a, *b;
	int obs;		/* ACN_EQ: index into obs[] */
	aval val;
};

/* Cache type bits, from CacheType= (and Variant=): CTR_EL0's. */
#define ACT_IDC 1u	/* no DC CVAU needed for instruction-to-data
			 * coherence */
#define ACT_DIC 2u	/* no IC IVAU needed for data-to-instruction
			 * coherence */
/*
 * Not a CTR_EL0 bit: a core that reports DIC but breaks the fetch order
 * DIC promises (IC-ob's [F]; po; [F']; ca; [W]: a fetch that reads older
 * than a write orders its thread's earlier fetches before that write).
 * Neoverse-N1 erratum 1542419: a CPU that sees a branch to new code may
 * still run the stale code.  Only kernel scenarios (machine `erratum`).
 */
#define ACT_DIC_UNORDERED 4u

struct aprog {
	const char *name;	/* the test's name */
	int nthreads;
	struct athread threads[ARM_MAX_THREADS];

	/*
	 * The code of every thread and handler, one column after another,
	 * each ending with an AI_HALT slot (a label after the last
	 * instruction names it).  slot_insn[s]: its initial instruction.
	 */
	int nslots;
	uint8_t slot_insn[ARM_MAX_SLOTS];
	uint8_t slot_thread[ARM_MAX_SLOTS];	/* whose column */
	const char *slot_label[ARM_MAX_SLOTS];	/* "P1:m0" or NULL */
	/*
	 * Kernel scenarios only (zero in a herd test).  A page's line is a
	 * code location, one slot per mapping it is reached through:
	 *   slot_alias: 0, or 1 + the slot whose location this one is (the
	 *     same physical line through another virtual address);
	 *   slot_gate: 0, or 1 + the data location a fetch here needs
	 *     non-zero, as ainsn.gate (the mapping's PTE);
	 *   slot_judged: a fetch here is judged by the stale-fetch oracle
	 *     (a user mapping): it must not read a write coherence-before
	 *     the newest write of its line when the gate location was last
	 *     written non-zero (the mapping's publication, design.md 2.5).
	 */
	uint8_t slot_alias[ARM_MAX_SLOTS];
	uint8_t slot_gate[ARM_MAX_SLOTS];
	uint8_t slot_judged[ARM_MAX_SLOTS];
	/*
	 * A kernel scenario: an instruction value is a label of the scenario
	 * (its insns[] text is the label's name), and notes say so ("fetch
	 * UA = old", "write new") rather than herd's instr:"...".
	 */
	int labels;

	int ninsns;
	struct ainsn insns[ARM_MAX_INSNS];

	int nlocs;
	const char *loc_names[ARM_MAX_LOCS];
	aval loc_init[ARM_MAX_LOCS];		/* [x]=v, default 0 */

	aval reg_init[ARM_MAX_THREADS][AR_COUNT];	/* default 0 */

	unsigned cache_type;	/* ACT_* */

	enum quant quant;	/* Q_EXISTS, Q_NOT_EXISTS, Q_FORALL */
	const struct acondition *cond;
	const char *cond_text;	/* as herd prints it after "Condition" */
	int nobs;		/* herd prints these in each States line */
	struct aobs obs[ARM_MAX_OBS];
};

#endif
