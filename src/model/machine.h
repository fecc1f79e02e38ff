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

#define FC_MAX_CPUS 8

enum cache_index { IDX_PIPT, IDX_VIPT, IDX_VIVT };
enum prefetch_mode { PF_NONE, PF_USER, PF_EXEC, PF_ANY };

struct cache_geom {
	enum cache_index index;
	unsigned long size;	/* bytes */
	unsigned ways;
	int writeback;		/* D only: 1 = write-back, 0 = write-through */
	int coherent;		/* D: SCU/MESI between CPUs; I: snoops stores */
};

struct machine {
	char name[64];
	char about[256];	/* one-line provenance */
	int cpus;
	unsigned long page;
	unsigned long line;
	int lines;		/* model lines per page */
	struct cache_geom d, i;
	int ifill_dcache;	/* I-fills see what a load would (IDC) */
	int maint_broadcast;
	enum prefetch_mode prefetch;
	int dprefetch;		/* speculative D-fills through any mapping */
	int dma_coherent;
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

#endif
