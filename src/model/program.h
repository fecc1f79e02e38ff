/* SPDX-License-Identifier: MIT */
/*
 * program.h - a compiled scenario: what the language layer produces and the
 * model executes.
 *
 * Everything is resolved to small integers: pages, mappings (kernel and
 * user; "alias" is kept for what it means in the kernel: another virtual
 * address of a page, as in alias(p, u) and tmpalias, and cache aliasing),
 * labels (the values written in the scenario), registers.  A
 * thread is a flat array of primitive ops, one model step each; `X` meaning
 * "every line" has already been expanded into one op per line.
 */
#ifndef FC_PROGRAM_H
#define FC_PROGRAM_H

#include <stdint.h>

#include "machine.h"
#include "ops.h"

struct aprog;	/* arm.h */

/*
 * Limits of a program, each with what relies on it (the asserts below
 * check the types against them; por.c's footprints give each page,
 * mapping, flag and slot a bit of a fixed-size set).
 */
#define FC_MAX_PAGES	8	/* a page number is a uint8_t in struct op */
#define FC_MAX_MAPPINGS	16	/* mappings: a uint8_t in struct op, one bit
				 * each of a uint16_t (model_int.h) */
#define FC_MAX_LABELS	64	/* a label is one byte of state */
#define FC_MAX_REGS	32	/* scenario registers r0..r15, then locals;
				 * a uint8_t in struct op, NO_REG apart */
#define FC_MAX_OPS	4096	/* a pc is two bytes of state, a jump
				 * target a uint16_t */
#define FC_MAX_HANDLER_OPS 254	/* an on_each_cpu handler's pc + 1 is one
				 * byte of state, 0 meaning none (+ 1 for
				 * "done") */
#define FC_MAX_FLAGS	8	/* page flags: one bit each of one byte */
#define FC_MAX_IPIS	32	/* on_each_cpu blocks: which one a CPU
				 * posted is one byte of state */
#define FC_MAX_OUTCOME	16	/* locations a condition may name */
#define FC_MAX_EXPECTS	64	/* expect lines of one scenario: a result
				 * keeps one verdict for each */
#define FC_MAX_MASKS	4	/* per-mm CPU masks: mm_cpumask and those
				 * the policies declare (cpumask NAME) */
#define FC_MAX_MMFLAGS	8	/* per-mm flags: one bit each of a byte */
#define FC_MAX_MMS	8	/* address spaces a mask may be kept for:
				 * `mm N` below this; masks * mms bytes of
				 * state */

/*
 * The oracles of docs/design.md section 2, as bit numbers, then the scenario's
 * own: a final state that its `bug exists` condition holds in.  The model
 * judges the first six; the checker judges bad-outcome (check.c), since
 * only it knows the condition.
 */
enum oracle {
	OR_STALE_FETCH,
	OR_STALE_LOAD,
	OR_LOST_WRITE,
	OR_STALE_DMA,
	OR_FAULT,
	OR_DEADLOCK,
	OR_BAD_OUTCOME,	/* a final state satisfies a `bug exists` condition */
	OR_COUNT
};
#define OR_ALL ((1u << OR_COUNT) - 1)

extern const char *const oracle_names[OR_COUNT];
int oracle_lookup(const char *name);	/* -1 when unknown */

/* enum op_kind and what each op is: ops.h, the one description of ops */

/* Conditions a policy tests at run time (static ones fold at load). */
enum dcond_kind {
	DC_TRUE,
	DC_NOT, DC_AND, DC_OR,
	DC_PRESENT,	/* present(u): mapping a's PTE is present */
	DC_FLUSHONLY,	/* flushonly(u): mapping a's PTE is flush-only */
	DC_MAPPED,	/* mapped(p): some user mapping of page a present */
	DC_FLAG,	/* FLAG(p): bit a of page b's flags */
	DC_REG,		/* a local set by test_and_set is non-zero */
	DC_MASK,	/* MASK(mm): this CPU's bit of mask a of mm b */
	DC_MMFLAG,	/* FLAG(mm): bit a of mm b's mm flags */
	DC_MIGRATED,	/* the thread runs on another CPU than it last did */
	DC_LAZY_MM,	/* this CPU's active_mm is already the thread's */
};

struct dcond {
	uint8_t kind;
	uint8_t a, b;
	const struct dcond *l, *r;
};

#define NO_REG 0xff

struct op {
	uint8_t kind;		/* enum op_kind: read it with op_kind_of() */
	uint8_t local;		/* `.local`: this CPU only, even if broadcast */
	uint8_t mapping;		/* the mapping used (page for DMA, flag ops) */
	uint8_t line;		/* line within the page */
	uint8_t reg;		/* destination or source register, or NO_REG */
	uint8_t label;		/* value stored, for OP_ST and OP_DMA_WRITE */
	uint8_t flag;		/* flag ops: which flag */
	uint8_t ipi;		/* OP_IPI, OP_IPI_WAIT: which handler */
	uint8_t mask;		/* mask ops, OP_IPI: 1 + the per-mm CPU mask
				 * (OP_IPI: only the CPUs in it), 0 none */
	uint8_t mm;		/* ... of this mm */
	uint16_t target;	/* OP_JUMP, OP_BRANCH */
	const struct dcond *cond;	/* OP_BRANCH */
	const char *src_file;	/* where it was written: the scenario, or
				 * the policy or kernel file of its function */
	int src_line, src_col;
	const char *text;	/* its source text (and call path), for reports */
};

/* The kind, as the enum: switches over it are checked by -Wswitch. */
static inline enum op_kind op_kind_of(const struct op *o)
{
	return (enum op_kind)o->kind;
}

static inline unsigned op_flags(const struct op *o)
{
	return op_kind_flags(op_kind_of(o));
}

_Static_assert(FC_MAX_PAGES <= UINT8_MAX + 1 &&
	       FC_MAX_MAPPINGS <= UINT8_MAX + 1 &&
	       FC_MAX_LINES <= UINT8_MAX + 1 &&
	       FC_MAX_REGS <= NO_REG &&
	       FC_MAX_LABELS <= UINT8_MAX + 1 &&
	       FC_MAX_FLAGS <= 8 &&
	       FC_MAX_IPIS <= UINT8_MAX + 1 &&
	       FC_MAX_MASKS < UINT8_MAX && FC_MAX_MMS <= UINT8_MAX + 1 &&
	       FC_MAX_CPUS <= 8,
	       "struct op's bytes and the state's bytes hold these");
_Static_assert(FC_MAX_OPS <= UINT16_MAX, "a pc, a jump target: 16 bits");
_Static_assert(FC_MAX_HANDLER_OPS + 1 <= UINT8_MAX,
	       "a handler's pc + 1, and + 1 for done, in one byte");

struct thread {
	int nops;
	struct op *ops;
};

enum mapping_kind { MAPPING_KERNEL, MAPPING_USER };

/* PTE states of a user mapping; kernel mappings are always present. */
enum pte_state { PTE_ABSENT, PTE_PRESENT, PTE_FLUSHONLY };

#define PERM_R 1
#define PERM_W 2
#define PERM_X 4
#define PERM_F 8	/* flush-only: parisc _PAGE_FLUSH */

struct mapping {
	const char *name;
	enum mapping_kind kind;
	int page;
	unsigned long va;
	unsigned perms;		/* PERM_* */
	enum pte_state pte0;	/* at the start */
	int mm;
	/*
	 * A temporary kernel mapping made by alias(p, u) (tmpalias,
	 * kmap_coherent): it exists only while the kernel flushes or copies
	 * through it, so nothing is fetched through it speculatively.
	 */
	int tmp;
	/*
	 * A guest's view with its stage-1 MMU off (`mmuoff`, N7): VA is PA,
	 * data accesses are Device, and an instruction fetch goes to the
	 * point of coherency, memory, yet still allocates into the I-cache
	 * (01dc9262ff57).  Only fetches are allowed through it.
	 */
	int mmu_off;
};

struct page {
	const char *name;
	uint8_t label;		/* initial contents of every line */
};

/* Condition over final states, as herd's. */
enum cond_kind { C_TRUE, C_NOT, C_AND, C_OR, C_REG, C_MEM };

struct cond {
	enum cond_kind kind;
	struct cond *a, *b;
	int loc;		/* C_REG, C_MEM: index into program.locs */
	uint8_t label;
};

/* A location a condition names: a register or a memory line. */
struct loc {
	int is_mem;
	int thread, reg;	/* register */
	int page, line;		/* memory */
	const char *text;	/* as written, for reports */
};

/*
 * herd's quantifiers.  `bug exists` is Q_EXISTS with program.cond_bug set:
 * the same Ok/No and observation, and each final state that satisfies the
 * proposition is also a violation (OR_BAD_OUTCOME).  Only `exists` takes
 * the marker: ~exists and forall hold or fail over all final states at
 * once, so no single state, and no trace, could show the bug.
 */
enum quant { Q_NONE, Q_EXISTS, Q_NOT_EXISTS, Q_FORALL };

enum obs_word { OBS_NONE, OBS_SOMETIMES, OBS_NEVER, OBS_ALWAYS };

struct expect {
	const char *policy;	/* "*" for any */
	int has_oracles;	/* `ok` or oracle names given */
	unsigned oracles;	/* exactly these (0 for ok) */
	enum obs_word obs;	/* OBS_NONE if not given */
	const char *text;	/* the words as written */
	int src_line;
	int src_col;		/* of the policy name */
};

struct program {
	const char *file;
	const char *name;
	const char *doc;
	struct machine machine;
	const char *policy;	/* `policy =` setting, or NULL */
	int policy_line, policy_col;	/* where it is set */

	int npages, nmappings, nlabels, nthreads;
	struct page pages[FC_MAX_PAGES];
	struct mapping mappings[FC_MAX_MAPPINGS];
	const char *labels[FC_MAX_LABELS];	/* labels[0] = "0" */
	struct thread threads[FC_MAX_CPUS];
	int nregs[FC_MAX_CPUS];			/* registers used per thread */

	/* on_each_cpu blocks, run as interrupts on the other CPUs */
	int nipis;
	struct thread ipis[FC_MAX_IPIS];
	int nflags;
	const char *flags[FC_MAX_FLAGS];	/* page flag names */
	unsigned flag_ordered;	/* bit k: flags[k] is set after smp_wmb()
				 * and read before smp_rmb() (`ordered`) */

	/*
	 * Per-CPU kernel state, for the RISC-V and generic mm races
	 * (docs/design.md section 2.6): each thread's mm (`thread Pi mm N`),
	 * per-mm CPU masks (masks[0] is mm_cpumask, the CPUs that run the
	 * mm; the others are the policies' `cpumask NAME`, empty at the
	 * start) and whether each CPU has interrupts off.  cpu_state says
	 * whether some op or condition uses them: only then have they room
	 * in the state, and then no reduction that assumes CPUs
	 * interchangeable or steps independent of them applies.
	 */
	int thread_mm[FC_MAX_CPUS];
	int nmasks;
	const char *masks[FC_MAX_MASKS];
	int nmmflags;		/* per-mm flags (`mmflag NAME`), clear at first */
	const char *mmflags[FC_MAX_MMFLAGS];
	int nmms;		/* mm numbers kept: 0 .. nmms - 1 */
	int cpu_state;
	/*
	 * Threads that migrate: thread i starts on CPU i and may move, at a
	 * preempt_point, to another CPU of thread_cpus[i] (bit c: CPU c)
	 * that runs no thread.  migrates: some thread has such a point and
	 * more than one CPU; then each thread's CPU and the CPU it last ran
	 * on are state (and cpu_state is set).
	 */
	unsigned thread_cpus[FC_MAX_CPUS];
	/*
	 * Thread i is a KVM vCPU (`thread Pi ... vcpu`): when a preempt_point
	 * moves it, the new CPU also runs the policy's kvm_arch_vcpu_load()
	 * (kvm_sched_in, a preempt notifier of finish_task_switch()).
	 */
	uint8_t thread_vcpu[FC_MAX_CPUS];
	int migrates;
	int cpu_mm[FC_MAX_CPUS];	/* `cpu N mm M`: an idle CPU's lazily
					 * kept mm, or -1 (init_mm) */
	/*
	 * CPUs that start offline (`cpu N offline`, bit N): no IPI reaches
	 * one until it runs set_cpu_online (N9).  Non-zero: the online set
	 * is state (and cpu_state is set).
	 */
	unsigned offline;

	enum quant quant;
	struct cond *cond;
	int cond_bug;		/* `bug exists`: a satisfying final state is
				 * the bug (OR_BAD_OUTCOME) */
	int nlocs;
	struct loc locs[FC_MAX_OUTCOME];
	const char *cond_text;

	unsigned check;		/* selected oracles */
	int nexpects;
	struct expect *expects;

	/*
	 * A herd litmus test (lang/litmus.c): the program is this, run by
	 * the Armv8 model (model/armv8.c), and the fields above hold only
	 * the file, the name and the machine.  NULL for a scenario.
	 */
	const struct aprog *arm;
};

#endif
