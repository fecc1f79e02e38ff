/* SPDX-License-Identifier: MIT */
/*
 * ops.h - the one description of every op: what a scenario or policy may
 * write (statement ops) and what the model executes (model ops).
 *
 * Adding an op means one line in a list below plus its semantics; every
 * switch that gives an op its meaning is over the enum, with no default,
 * so -Wswitch names each place that has not been told about a new one:
 *   FC_STMT_OPS: the parser's table (stmt.c), compile_op() (compile.c);
 *   FC_OPS:      exec_op() (exec.c), op_fp() (por.c).
 * Everything else (the .local rule, what an IPI handler may do, faults on
 * a missing translation, which ops write a version or a register, what
 * the partial-order reduction may take alone) reads the flags given here.
 *
 * ORDER OP: the enums and the tables generated from these lists follow
 * the order of the lists; nothing else depends on it.
 */
#ifndef FC_OPS_H
#define FC_OPS_H

#include <stdint.h>

/* ---- statement ops, as written ----------------------------------------- */

/* What follows a statement op's name. */
enum stmt_shape {
	SH_NONE,	/* dsb */
	SH_TARGET,	/* dc.clean X */
	SH_ASSIGN,	/* st X = value */
	SH_FLAG,	/* set FLAG(p) */
	SH_MASK,	/* cpumask_set_cpu MASK(mm) */
	SH_RESULT,	/* only as NAME = op X (dma.read) */
};

/* Statement flags. */
#define SF_LOCAL	1u	/* may carry .local: this CPU only */
#define SF_RESULT	2u	/* may be written NAME = op X */
#define SF_NO_HANDLER	4u	/* not in on_each_cpu: it blocks, keeps a
				 * result or touches data */

/* X(id, syntax, shape, flags, model op of the simple form) */
#define FC_STMT_OPS(X)							\
	X(ST,		"st",		SH_ASSIGN, SF_NO_HANDLER, OP_ST)	\
	X(LD,		"ld",		SH_TARGET, SF_RESULT | SF_NO_HANDLER, OP_LD) \
	X(EXEC,		"exec",		SH_TARGET, SF_RESULT | SF_NO_HANDLER, OP_EXEC) \
	X(COPY,		"copy",		SH_ASSIGN, SF_NO_HANDLER, OP_COPY_LD) \
	X(DC_CLEAN,	"dc.clean",	SH_TARGET, SF_LOCAL, OP_DC_CLEAN)	\
	X(DC_INV,	"dc.inv",	SH_TARGET, SF_LOCAL, OP_DC_INV)	\
	X(DC_FLUSH,	"dc.flush",	SH_TARGET, SF_LOCAL, OP_DC_FLUSH)	\
	X(IC_INV,	"ic.inv",	SH_TARGET, SF_LOCAL, OP_IC_INV)	\
	X(IC_INV_ALL,	"ic.inv.all",	SH_NONE, SF_LOCAL, OP_IC_INV_ALL)	\
	X(DC_CLEAN_ALL,	"dc.clean.all",	SH_NONE, 0, OP_DC_CLEAN_ALL)	\
	X(DC_FLUSH_ALL,	"dc.flush.all",	SH_NONE, 0, OP_DC_FLUSH_ALL)	\
	X(FENCE_I,	"fence.i",	SH_NONE, 0, OP_FENCE_I)		\
	X(DSB,		"dsb",		SH_NONE, 0, OP_DSB)			\
	X(DSB_ST,	"dsb.st",	SH_NONE, 0, OP_DSB_ST)		\
	X(ISB,		"isb",		SH_NONE, 0, OP_ISB)			\
	X(PTE_SET,	"pte.set",	SH_TARGET, 0, OP_PTE_SET)		\
	X(PTE_CLEAR,	"pte.clear",	SH_TARGET, 0, OP_PTE_CLEAR)	\
	X(PTE_FLUSHONLY, "pte.flushonly", SH_TARGET, 0, OP_PTE_FLUSHONLY) \
	X(DMA_WRITE,	"dma.write",	SH_ASSIGN, SF_NO_HANDLER, OP_DMA_WRITE) \
	X(DMA_READ,	"dma.read",	SH_RESULT, SF_RESULT | SF_NO_HANDLER, OP_DMA_READ) \
	X(SET,		"set",		SH_FLAG, 0, OP_FLAG_SET)		\
	X(CLEAR,	"clear",	SH_FLAG, 0, OP_FLAG_CLEAR)		\
	X(TAS,		"test_and_set",	SH_FLAG, SF_NO_HANDLER, OP_TAS)	\
	X(WAIT,		"wait",		SH_FLAG, SF_NO_HANDLER, OP_WAIT)	\
	X(LOCK,		"lock",		SH_FLAG, SF_NO_HANDLER, OP_LOCK)	\
	X(UNLOCK,	"unlock",	SH_FLAG, 0, OP_UNLOCK)		\
	X(IRQ_OFF,	"local_irq_disable", SH_NONE, SF_NO_HANDLER, OP_IRQ_OFF) \
	X(IRQ_ON,	"local_irq_enable", SH_NONE, SF_NO_HANDLER, OP_IRQ_ON) \
	X(MASK_SET,	"cpumask_set_cpu", SH_MASK, 0, OP_MASK_SET)	\
	X(MASK_CLEAR,	"cpumask_clear_cpu", SH_MASK, 0, OP_MASK_CLEAR) \
	X(MASK_SETALL,	"cpumask_setall", SH_MASK, 0, OP_MASK_SETALL)	\
	X(PREEMPT,	"preempt_point", SH_NONE, SF_NO_HANDLER, OP_MIGRATE) \
	X(ONLINE,	"set_cpu_online", SH_NONE, SF_NO_HANDLER, OP_ONLINE) \
	X(RCU_SYNC,	"synchronize_rcu", SH_NONE, SF_NO_HANDLER, OP_RCU_GP) \
	X(RCU_QS,	"rcu_qs",	SH_NONE, SF_NO_HANDLER, OP_RCU_QS)	\
	X(RCU_EQS_ENTER, "rcu_eqs_enter", SH_NONE, SF_NO_HANDLER, OP_RCU_EQS_ENTER) \
	X(RCU_EQS_EXIT,	"rcu_eqs_exit",	SH_NONE, SF_NO_HANDLER, OP_RCU_EQS_EXIT)

/* ---- model ops, as executed ------------------------------------------- */

/* Model op flags. */
#define OPF_ACCESS	1u	/* through a mapping: waits while its PTE is
				 * absent, faults when it is flush-only */
#define OPF_VA_MAINT	2u	/* maintenance by VA: faults with no PTE */
#define OPF_WRITES	4u	/* creates a version of its line */
#define OPF_RESULT	8u	/* writes o->reg (unless NO_REG) */
#define OPF_DEVICE	16u	/* a device's step: o->mapping is a page */
#define OPF_ALONE	32u	/* never changes which versions are held, so
				 * por.c may take it alone (condition 1) */
#define OPF_CONTROL	64u	/* control flow: takes no step of its own */

/* X(id, flags)	-- comments: how it is written */
#define FC_OPS(X)							\
	X(ST,		OPF_ACCESS | OPF_WRITES)	/* st X = label */	\
	X(ST_REG,	OPF_ACCESS | OPF_WRITES)	/* st X = rK */	\
	X(LD,		OPF_ACCESS | OPF_RESULT | OPF_ALONE) /* rK = ld X */ \
	X(EXEC,		OPF_ACCESS | OPF_RESULT | OPF_ALONE) /* rK = exec X */ \
	X(COPY_LD,	OPF_ACCESS | OPF_ALONE)	/* copy: Y[i] to the hand */ \
	X(COPY_ST,	OPF_ACCESS | OPF_WRITES)	/* copy: the hand to X[i] */ \
	X(DC_CLEAN,	OPF_VA_MAINT)					\
	X(DC_INV,	OPF_VA_MAINT)					\
	X(DC_FLUSH,	OPF_VA_MAINT)					\
	X(IC_INV,	OPF_VA_MAINT | OPF_ALONE)			\
	X(IC_INV_ALL,	OPF_ALONE)					\
	X(DC_CLEAN_ALL,	0)						\
	X(DC_FLUSH_ALL,	0)						\
	X(FENCE_I,	0)	/* RISC-V: this CPU's I$ (and D$, fencei) */ \
	X(DSB,		OPF_ALONE)					\
	X(DSB_ST,	OPF_ALONE)	/* DSB ISHST: orders stores only */ \
	X(ISB,		OPF_ALONE)					\
	X(PTE_SET,	OPF_ALONE)					\
	X(PTE_CLEAR,	OPF_ALONE)					\
	X(PTE_FLUSHONLY, OPF_ALONE)					\
	X(DMA_WRITE,	OPF_DEVICE | OPF_WRITES) /* dma.write P[i] = label */ \
	X(DMA_READ,	OPF_DEVICE | OPF_RESULT) /* rK = dma.read P[i] */ \
	X(FLAG_SET,	OPF_ALONE)			/* set FLAG(p) */	\
	X(FLAG_CLEAR,	OPF_ALONE)			/* clear FLAG(p) */	\
	X(TAS,		OPF_RESULT | OPF_ALONE) /* test_and_set: old bit */ \
	X(WAIT,		OPF_ALONE)	/* blocks until the flag is set */ \
	X(LOCK,		OPF_ALONE)	/* blocks until clear, then sets it */ \
	X(UNLOCK,	OPF_ALONE)					\
	X(IPI,		0)	/* on_each_cpu: post handler `ipi` */	\
	X(IPI_WAIT,	0)	/* until every other CPU ran it */	\
	X(IRQ_OFF,	0)	/* local_irq_disable: no handler starts */ \
	X(IRQ_ON,	0)	/* local_irq_enable */			\
	X(MASK_SET,	0)	/* cpumask_set_cpu MASK(mm): this CPU */ \
	X(MASK_CLEAR,	0)	/* cpumask_clear_cpu MASK(mm) */	\
	X(MASK_SETALL,	0)	/* cpumask_setall MASK(mm): every CPU */ \
	X(MASK_TAC,	OPF_RESULT) /* cpumask_test_and_clear_cpu: old bit */ \
	X(MMFLAG_SET,	0)	/* set FLAG(mm), an mmflag */		\
	X(MMFLAG_CLEAR,	0)	/* clear FLAG(mm) */			\
	X(MIGRATE,	0)	/* preempt_point: stay, or move to another \
				 * of the thread's CPUs (then pc + 1) */ \
	X(SWITCH,	0)	/* between switch_mm and switch_to: no effect */ \
	X(ONLINE,	0)	/* set_cpu_online: IPIs reach this CPU now */ \
	X(RCU_GP,	0)	/* synchronize_rcu: a grace period starts */ \
	X(RCU_GP_WAIT,	0)	/* ... until each other CPU passed a QS */ \
	X(RCU_QS,	0)	/* rcu_qs: a QS noted after the GP began */ \
	X(RCU_EQS_ENTER, 0)	/* rcu_eqs_enter: RCU stops watching */	\
	X(RCU_EQS_EXIT,	0)	/* rcu_eqs_exit: and watches again */	\
	X(JUMP,		OPF_CONTROL)	/* pc = target */		\
	X(BRANCH,	OPF_CONTROL)	/* if (!cond) pc = target */

/*
 * The counts stand outside the enums, so that a switch over all of an
 * enum's values need not name them.
 */
#define FC_OP_ENUM_(id, flags) OP_##id,
#define FC_OP_ONE_(id, flags) + 1
enum op_kind { FC_OPS(FC_OP_ENUM_) };
enum { OP_COUNT = 0 FC_OPS(FC_OP_ONE_) };
#undef FC_OP_ENUM_
#undef FC_OP_ONE_

#define FC_STMT_ENUM_(id, syntax, shape, flags, op) A_##id,
#define FC_STMT_ONE_(id, syntax, shape, flags, op) + 1
enum ast_op { FC_STMT_OPS(FC_STMT_ENUM_) };
enum { A_COUNT = 0 FC_STMT_OPS(FC_STMT_ONE_) };
#undef FC_STMT_ENUM_
#undef FC_STMT_ONE_

/* struct op keeps its kind in a byte; a statement op's in an enum. */
_Static_assert(OP_COUNT <= UINT8_MAX + 1, "op kinds must fit in uint8_t");

static inline unsigned op_kind_flags(enum op_kind k)
{
#define FC_OP_FLAGS_(id, flags) [OP_##id] = (flags),
	static const uint8_t f[OP_COUNT] = { FC_OPS(FC_OP_FLAGS_) };
#undef FC_OP_FLAGS_
	return f[k];
}

/* A statement op's description, indexed by enum ast_op. */
struct stmt_op_desc {
	const char *syntax;
	enum stmt_shape shape;
	unsigned flags;		/* SF_* */
	enum op_kind op;	/* the model op of its simple form */
};

static inline const struct stmt_op_desc *stmt_op(enum ast_op a)
{
#define FC_STMT_DESC_(id, syntax, shape, flags, op) \
	[A_##id] = { syntax, shape, flags, op },
	static const struct stmt_op_desc d[A_COUNT] = {
		FC_STMT_OPS(FC_STMT_DESC_)
	};
#undef FC_STMT_DESC_
	return &d[a];
}

#endif
