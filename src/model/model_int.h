/* SPDX-License-Identifier: MIT */
/*
 * model_int.h - what the files of src/model/ share and nobody else sees:
 * the model's layout (struct model), one expansion (struct gen), the
 * small accessors of a state, and each file's entry points (model.c's
 * header comment says which file holds what).  The public interface is
 * model.h.
 */
#ifndef FC_MODEL_INT_H
#define FC_MODEL_INT_H

#include "armk.h"
#include "armv8.h"
#include "model.h"

/*
 * assert()s stay in every build: the Makefile defines no NDEBUG.  A
 * broken invariant must stop the run rather than let it print a wrong
 * `ok`; each assert is O(1), and the search runs as fast with them
 * (measured with callgrind: within 1% of the instructions).
 */
#include <assert.h>
#include <string.h>

/*
 * Cache entry byte: 0 = invalid, else (version + 1) | ENT_DIRTY.  So a
 * version number has 7 bits less one (the 0 of "invalid"): MAX_VER.
 */
#define ENT_DIRTY 0x80
#define ENT_VER(e) ((e & 0x7f) - 1)
#define MAX_VER 126
/*
 * (line, colour) pairs the program's mappings reach, per cache.  A slot
 * number is a uint8_t (dslot_of), and a symbolic I-slot remembers the
 * mappings that reach it in a uint16_t (imappings).
 */
#define MAX_SLOTS 64

_Static_assert(MAX_VER + 1 <= (ENT_DIRTY - 1),
	       "a version + 1 must fit below ENT_DIRTY");
_Static_assert(MAX_SLOTS <= UINT8_MAX, "slot numbers are kept in uint8_t");
_Static_assert(FC_MAX_MAPPINGS <= 16, "imappings is a uint16_t of mappings");
_Static_assert(FC_MAX_LINES <= UINT8_MAX, "struct op keeps a line in uint8_t");
_Static_assert(FC_MAX_CPUS <= INT8_MAX, "symclass is an int8_t");

struct slot {
	int gline;
	int colour;		/* for notes: VIPT colour, or VIVT VA index */
};

struct model {
	const struct program *p;
	const struct machine *mc;
	int ncpus, nlines;	/* nlines: physical model lines in all */
	size_t size;
	int symbolic;		/* I-slots are version sets (see above) */
	int symmetric;		/* some class below has two or more CPUs */
	int8_t symclass[FC_MAX_CPUS];	/* class of interchangeable CPUs, or -1 */
	int iset_size;		/* bytes of one CPU's I-cache */

	int ndslots, nislots;
	struct slot dslot[MAX_SLOTS], islot[MAX_SLOTS];
	/* slot of line i of mapping a */
	uint8_t dslot_of[FC_MAX_MAPPINGS][FC_MAX_LINES];
	uint8_t islot_of[FC_MAX_MAPPINGS][FC_MAX_LINES];

	int maxver[FC_MAX_PAGES * FC_MAX_LINES];

	/* offsets */
	int o_pc[FC_MAX_CPUS], o_reg[FC_MAX_CPUS], o_hand[FC_MAX_CPUS];
	int o_nver[FC_MAX_PAGES * FC_MAX_LINES];
	int o_vlabel[FC_MAX_PAGES * FC_MAX_LINES];
	int o_mem[FC_MAX_PAGES * FC_MAX_LINES];
	int o_d[FC_MAX_CPUS], o_i[FC_MAX_CPUS];
	/* symbolic: each I-slot's set at o_i[c] + ioff[slot], ibytes long */
	int ioff[MAX_SLOTS], ibytes[MAX_SLOTS];
	uint16_t imappings[MAX_SLOTS];	/* mappings whose lines sit in a slot */
	int o_pte[FC_MAX_MAPPINGS], o_pub[FC_MAX_MAPPINGS];
	int o_flags[FC_MAX_PAGES];
	int o_ipi_id;		/* per source CPU: which block it posted */
	int o_ipi;		/* per (target, source) CPU: handler pc + 1 */
	int o_irq;		/* bit c: CPU c has interrupts off */
	int o_mask;		/* per (mask, mm): bit c, CPU c is in it */
	int o_mmflag;		/* per mm: one bit per mm flag */
	int o_tcpu;		/* per thread: its CPU, the CPU it last ran on */
	int o_online;		/* bit c: CPU c is online */
	int o_amm;		/* per CPU: its active_mm + 1, 0 = init_mm */

	struct por *por;	/* partial-order reduction, or NULL (por.c) */

	/*
	 * A litmus test: the relaxed Armv8 model runs it (armv8.c), and
	 * every model.h function hands the call on; no reduction applies.
	 */
	struct armv8 *arm;
	/*
	 * A scenario on a `model = armv8` machine: compiled into a litmus
	 * program (armk.c) that `arm` runs; values read back as labels.
	 */
	struct armk *armk;
};

struct por;

/* ---- accessors of a state (layout.c lays it out) ------------------------ */

/* A physical model line: page * lines + index. */
static inline int model_gline(const struct model *m, int page, int line)
{
	return page * m->mc->lines + line;
}

/*
 * One expansion: the state s being expanded, the successor t being built
 * and what is said about it.  (exec.c, hardware.c and spec.c build; emit.c
 * hands each successor over.)
 */
struct gen {
	const struct model *m;
	const uint8_t *s;
	uint8_t *t;		/* the successor being built */
	model_emit_fn emit;
	void *ctx;
	int notes;
	struct step_note note;
	unsigned viol;
};
/*
 * Notes are wanted only when a counterexample is printed; the test comes
 * first so that the arguments (gen_vname() formats a version) are not even
 * evaluated in the search's hot path.
 */
#define TEXT(g, ...) do { if ((g)->notes) \
	gen_say(g, (g)->note.text, sizeof (g)->note.text, __VA_ARGS__); \
	} while (0)
#define DETAIL(g, ...) do { if ((g)->notes) \
	gen_say(g, (g)->note.detail, sizeof (g)->note.detail, __VA_ARGS__); \
	} while (0)

/* CPU c's entry for a D-slot, an I-slot (in s, which may be g->t) */
/*
 * Does an I-fill through mapping a see the coherent D side (IDC, ifill =
 * dcache)?  Not through a guest's MMU-off view: its fetches go to the
 * point of coherency, memory, and still allocate (program.h, N7).
 */
static inline int ifill_from_dcache(const struct model *m, int a)
{
	return machine_ifill_from_dcache(m->mc) && !m->p->mappings[a].mmu_off;
}

static inline uint8_t *dent(const struct gen *g, uint8_t *s, int c, int slot)
{
	(void)g;
	return &s[g->m->o_d[c] + slot];
}

static inline uint8_t *ient(const struct gen *g, uint8_t *s, int c, int slot)
{
	return &s[g->m->o_i[c] + g->m->ioff[slot]];
}

/* A symbolic I-slot: the set of versions it may hold (spec.c). */
static inline int iset_has(const struct model *m, const uint8_t *s, int c,
			   int is, int v)
{
	return s[m->o_i[c] + m->ioff[is] + (v >> 3)] >> (v & 7) & 1;
}

static inline void iset_add(const struct model *m, uint8_t *s, int c, int is,
			    int v)
{
	assert(v >= 0 && v < 8 * m->ibytes[is]);
	s[m->o_i[c] + m->ioff[is] + (v >> 3)] |= (uint8_t)(1u << (v & 7));
}

static inline void iset_clear(const struct model *m, uint8_t *s, int c,
			      int is)
{
	memset(&s[m->o_i[c] + m->ioff[is]], 0, (size_t)m->ibytes[is]);
}

static inline int iset_empty(const struct model *m, const uint8_t *s, int c,
			     int is)
{
	for (int k = 0; k < m->ibytes[is]; k++)
		if (s[m->o_i[c] + m->ioff[is] + k])
			return 0;
	return 1;
}

/* Per-CPU kernel state (program.h, cpu_state); none without it. */
static inline int irqs_off(const struct model *m, const uint8_t *s, int c)
{
	return m->p->cpu_state && (s[m->o_irq] >> c & 1);
}

static inline uint8_t *cpumask_of(const struct model *m, uint8_t *s, int k,
				  int mm)
{
	assert(m->p->cpu_state && k < m->p->nmasks && mm < m->p->nmms);
	return &s[m->o_mask + k * m->p->nmms + mm];
}

static inline uint8_t *mmflags_of(const struct model *m, uint8_t *s, int mm)
{
	assert(m->p->cpu_state && m->p->nmmflags && mm < m->p->nmms);
	return &s[m->o_mmflag + mm];
}

/* The online CPUs (cpu_online_mask): all unless some start offline. */
static inline unsigned cpus_online(const struct model *m, const uint8_t *s)
{
	return m->p->offline ? s[m->o_online] : (1u << m->ncpus) - 1;
}

/*
 * The mm CPU c has active (the last a thread switched it to; lazily kept
 * by an idle CPU), + 1, or 0 for init_mm.  Kept only when threads
 * migrate: otherwise every CPU keeps its own thread's.
 */
static inline int cpu_active_mm(const struct model *m, const uint8_t *s,
				int c)
{
	if (m->p->migrates)
		return s[m->o_amm + c];
	if (c < m->p->nthreads)
		return m->p->thread_mm[c] + 1;
	return m->p->cpu_mm[c] + 1;
}

/* Thread t runs on this CPU: CPU t unless threads migrate. */
static inline int thread_cpu(const struct model *m, const uint8_t *s, int t)
{
	return m->p->migrates ? s[m->o_tcpu + 2 * t] : t;
}

/* ... and last ran on this one (task->thread.prev_cpu). */
static inline int thread_prev_cpu(const struct model *m, const uint8_t *s,
				  int t)
{
	return m->p->migrates ? s[m->o_tcpu + 2 * t + 1] : t;
}

/* The newest version of line gl. */
static inline int newest(const struct model *m, const uint8_t *s, int gl)
{
	return s[m->o_nver[gl]] - 1;
}

/* Start the successor of one step of agent (a CPU or AGENT_DEV). */
static inline void gen_begin(struct gen *g, int agent, int thread_op)
{
	memcpy(g->t, g->s, g->m->size);
	g->viol = 0;
	if (g->notes) {
		g->note.agent = agent;
		g->note.thread_op = thread_op;
		g->note.text[0] = g->note.detail[0] = '\0';
	}
}

/* ops.h's flags, as the steps ask them */
static inline int is_access(const struct op *o)
{
	return (op_flags(o) & OPF_ACCESS) != 0;
}

static inline int is_va_maint(const struct op *o)
{
	return (op_flags(o) & OPF_VA_MAINT) != 0;
}

/* Mapping a's PTE: enum pte_state */
static inline int pte_of(const struct model *m, const uint8_t *s, int a)
{
	return s[m->o_pte[a]];
}

/* CPU c's pc: two bytes, a thread has up to FC_MAX_OPS ops */
static inline int model_pc(const struct model *m, const uint8_t *s, int c)
{
	return s[m->o_pc[c]] | s[m->o_pc[c] + 1] << 8;
}

static inline void model_set_pc(const struct model *m, uint8_t *s, int c,
				int pc)
{
	assert(pc >= 0 && pc <= FC_MAX_OPS);
	s[m->o_pc[c]] = (uint8_t)pc;
	s[m->o_pc[c] + 1] = (uint8_t)(pc >> 8);
}

/* Flag `flag` of page pg. */
static inline int flag_of(const struct model *m, const uint8_t *s, int flag,
			  int pg)
{
	return s[m->o_flags[pg]] >> flag & 1;
}

/* layout.c: lays out m's state; 0, or -1 with a message */
int model_layout(struct model *m, unsigned reduce, char *err, size_t errlen);

/* symmetry.c: fills m->symclass and m->symmetric */
void symmetry_find(struct model *m);

/* emit.c */
void gen_say(struct gen *g, char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *gen_vname_(const struct gen *g, const uint8_t *s, int gl,
		       int v, char *buf, size_t len);
const char *gen_slotname_(const struct gen *g, const struct slot *sl,
			  char *buf, size_t len);

/*
 * A version's name ("new", or "new#2" when two versions share a label)
 * and a slot's ("P[0]@c1"), for notes.  Empty in the search, where no
 * note is wanted: that test is inline, for it runs on every step.
 */
static inline const char *gen_vname(const struct gen *g, const uint8_t *s,
				    int gl, int v, char *buf, size_t len)
{
	if (!g->notes) {
		buf[0] = '\0';
		return buf;
	}
	return gen_vname_(g, s, gl, v, buf, len);
}

static inline const char *gen_slotname(const struct gen *g,
				       const struct slot *sl, char *buf,
				       size_t len)
{
	if (!g->notes) {
		buf[0] = '\0';
		return buf;
	}
	return gen_slotname_(g, sl, buf, len);
}
/* Hand the successor g->t to the search, with the lost-write oracle. */
void gen_emit(struct gen *g);

/*
 * May the I-side prefetcher fill through mapping a in s?  Inline: the
 * search asks for every mapping of every state.
 */
static inline int spec_may_prefetch_i(const struct model *m,
				      const uint8_t *s, int a)
{
	const struct mapping *al = &m->p->mappings[a];

	/*
	 * Nor through a guest's MMU-off view: only the physical CPU that runs
	 * that vCPU, MMU off, fetches through it, and which one does is not
	 * kept; the vCPU's own fetches are (program.h, N7).
	 */
	if (pte_of(m, s, a) != PTE_PRESENT || (al->perms & PERM_F) || al->tmp ||
	    al->mmu_off)
		return 0;
	switch (m->mc->prefetch) {
	case PF_NONE:
		return 0;
	case PF_USER:
		return al->kind == MAPPING_USER && (al->perms & PERM_X);
	case PF_EXEC:
		return al->kind == MAPPING_KERNEL || (al->perms & PERM_X);
	case PF_ANY:
		return 1;
	}
	return 0;
}

/* spec.c */
/* Memory of line gl becomes version v (symbolic: I-sets may grow). */
void spec_mem_set(const struct gen *g, int gl, int v);
/* A PTE changed in g->t (symbolic: I-sets may grow). */
void spec_pte_changed(const struct gen *g);
/* A fetch under symbolic speculation: one successor per version. */
void spec_fetch(struct gen *g, int c, const struct op *o);

/* exec.c */
int exec_load_value(const struct gen *g, const uint8_t *s, int c, int ds,
		    int *from);
int exec_dcond_holds(const struct model *m, const uint8_t *s, int t, int c,
		     const struct dcond *d);
/* CPU c's next op in s, past control flow, or NULL at its end. */
const struct op *exec_next_op(const struct model *m, const uint8_t *s, int c);
/* Would op o, the next op of CPU c, wait instead of taking a step? */
int exec_op_blocked(const struct model *m, const uint8_t *s, int c,
		    const struct op *o);
int exec_blocked(const struct model *m, const uint8_t *s, int c);
void exec_thread_step(struct gen *g, int c);
void exec_handler_steps(struct gen *g, int t);

/* hardware.c: CPU c's speculative fills and evictions */
void hw_steps(struct gen *g, int c);

/* por.c: NULL when the reduction cannot apply (see there) */
struct por *por_new(const struct model *m);
void por_free(struct por *po);
/* The CPU whose next thread step alone is an ample set in s, or -1. */
int por_ample(const struct model *m, const uint8_t *s);

#endif
