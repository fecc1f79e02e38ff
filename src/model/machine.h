/* SPDX-License-Identifier: MIT */
/*
 * machine.h - the hardware parameters of docs/design.md section 4.
 *
 * A machine is a plain set of parameters.  Presets are text files of
 * `key = value` lines (machines/NAME.machine); scenarios and the command line
 * override single keys with the same syntax.  Nothing here does I/O: the
 * caller hands over text and gets back an error message.
 */
#ifndef FC_MACHINE_H
#define FC_MACHINE_H

#include <stddef.h>

/*
 * Limits of a machine.  CPUs: a CPU number and the symmetry classes are
 * kept in int8_t, per-CPU state offsets in arrays of this size, and the
 * state of on_each_cpu is CPUs x CPUs bytes.  Lines per page: a line
 * index is a uint8_t in struct op, and por.c gives every line of every
 * page a bit of a fixed-size footprint.
 */
#define FC_MAX_CPUS 8
#define FC_MAX_LINES 16

enum cache_index { IDX_PIPT, IDX_VIPT, IDX_VIVT };
enum prefetch_mode { PF_NONE, PF_USER, PF_EXEC, PF_ANY };

struct cache_geom {
	enum cache_index index;
	unsigned long size;	/* bytes */
	unsigned ways;
	int writeback;		/* D only: 1 = write-back, 0 = write-through */
	int coherent;		/* D only: SCU/MESI between CPUs */
	int snoops;		/* I only: fetches see every store (DIC),
				 * so nothing is ever stale in it */
};

struct machine {
	char name[128];		/* as it ran: "cortex-a9+maint=local" */
	char about[256];	/* one-line provenance */
	int cpus;
	unsigned long page;
	unsigned long line;
	int lines;		/* model lines per page */
	struct cache_geom d, i;
	int ifill_dcache;	/* I-fills see what a load would (IDC) */
	int fencei_writeback;	/* fence.i also writes back this CPU's D$ */
	int maint_broadcast;
	enum prefetch_mode prefetch;
	int dprefetch;		/* speculative D-fills through any mapping */
	int dma_coherent;
	int relaxed;		/* model = armv8: the relaxed Armv8 model */
	int erratum_1542419;	/* Neoverse-N1: DIC's fetch order broken */
};

/* A neutral machine: one CPU, PIPT everything, no speculation. */
void machine_defaults(struct machine *m);

/*
 * Set one parameter from text.  Returns 0, or -1 with a message in err
 * and, in *errcol, the 0-based offset within value where it went wrong.
 */
int machine_set(struct machine *m, const char *key, const char *value,
		char *err, size_t errlen, int *errcol);

/* Check the combination (geometry divisible by pages, ...). */
int machine_validate(const struct machine *m, char *err, size_t errlen);

/*
 * Colour of a virtual address in a cache: PIPT 0, VIPT (va/page) mod
 * (way size/page).  VIVT colours are not numbers but distinct VAs; the
 * caller handles them (see model.c).
 */
unsigned long machine_colour(const struct machine *m,
			     const struct cache_geom *g, unsigned long va);
/* Number of colours of a VIPT cache (1 when it does not alias). */
unsigned long machine_ncolours(const struct machine *m,
			       const struct cache_geom *g);

/* Write the parameters back as `key = value` lines into buf. */
void machine_format(const struct machine *m, char *buf, size_t len);
/* One line saying what a parameter means, or NULL when there is none. */
const char *machine_param_doc(const char *key);

/*
 * The hardware predicates, one name per concept.  Policies test the same
 * ones by their architectural names (compile.c's machine_pred()).
 */

/* Two mappings of one page may sit in different D-cache lines. */
static inline int machine_dcache_aliasing(const struct machine *m)
{
	return m->d.index == IDX_VIVT || machine_ncolours(m, &m->d) > 1;
}

/* The same for the I-cache. */
static inline int machine_icache_aliasing(const struct machine *m)
{
	return m->i.index == IDX_VIVT || machine_ncolours(m, &m->i) > 1;
}

/* The D-caches of the CPUs are kept coherent with each other. */
static inline int machine_dcache_coherent(const struct machine *m)
{
	return m->d.coherent;
}

/* Fetches see every store: no I-cache state at all (Arm's DIC). */
static inline int machine_icache_snoops(const struct machine *m)
{
	return m->i.snoops;
}

/* An I-fill reads what a load would, D-caches included (Arm's IDC). */
static inline int machine_ifill_from_dcache(const struct machine *m)
{
	return m->ifill_dcache;
}

/*
 * RISC-V's fence.i writes this CPU's dirty D-lines back before it
 * invalidates its I-cache (fencei = writeback), as on cores whose I-fills
 * come from below the private L1 D-caches; otherwise (fencei = icache) it
 * only invalidates this CPU's I-cache.  Either way it acts on this CPU
 * only.
 */
static inline int machine_fencei_writes_back(const struct machine *m)
{
	return m->fencei_writeback;
}

/* Maintenance by VA without .local acts on every CPU. */
static inline int machine_maint_broadcast(const struct machine *m)
{
	return m->maint_broadcast;
}

/* The I-side fills lines speculatively (through which mappings: prefetch) */
static inline int machine_ispec(const struct machine *m)
{
	return m->prefetch != PF_NONE;
}

/* The D-side fills lines speculatively through any present mapping. */
static inline int machine_dspec(const struct machine *m)
{
	return m->dprefetch;
}

/*
 * The CPUs follow Arm's relaxed Armv8 model (docs/design.md section 9):
 * a scenario runs on model/armv8.c, compiled by model/armk.c, and not on
 * the cache model of section 2.
 */
static inline int machine_relaxed_armv8(const struct machine *m)
{
	return m->relaxed;
}

/*
 * Neoverse-N1 erratum 1542419: CTR_EL0.DIC says instruction fetch is
 * coherent, and it is, but not in the order DIC promises (arm.h,
 * ACT_DIC_UNORDERED).  The kernel's dic() still reads the CTR_EL0 bit.
 */
static inline int machine_dic_fetch_unordered(const struct machine *m)
{
	return m->erratum_1542419;
}

/* DMA snoops the caches: a device write drops every cached copy. */
static inline int machine_dma_coherent(const struct machine *m)
{
	return m->dma_coherent;
}

#endif
