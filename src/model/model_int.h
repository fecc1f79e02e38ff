/*
 * model_int.h - what the files of src/model/ share and nobody else sees:
 * the model's layout (struct model) and the few helpers por.c needs from
 * model.c.  The public interface is model.h.
 */
#ifndef FC_MODEL_INT_H
#define FC_MODEL_INT_H

#include "model.h"

/* Cache entry byte: 0 = invalid, else (version + 1) | ENT_DIRTY. */
#define ENT_DIRTY 0x80
#define ENT_VER(e) ((e & 0x7f) - 1)
#define MAX_VER 126
#define MAX_SLOTS 64

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
	/* slot of line i of alias a */
	uint8_t dslot_of[FC_MAX_ALIASES][FC_MAX_LINES];
	uint8_t islot_of[FC_MAX_ALIASES][FC_MAX_LINES];

	int maxver[FC_MAX_PAGES * FC_MAX_LINES];

	/* offsets */
	int o_pc[FC_MAX_CPUS], o_reg[FC_MAX_CPUS], o_hand[FC_MAX_CPUS];
	int o_nver[FC_MAX_PAGES * FC_MAX_LINES];
	int o_vlabel[FC_MAX_PAGES * FC_MAX_LINES];
	int o_mem[FC_MAX_PAGES * FC_MAX_LINES];
	int o_d[FC_MAX_CPUS], o_i[FC_MAX_CPUS];
	/* symbolic: each I-slot's set at o_i[c] + ioff[slot], ibytes long */
	int ioff[MAX_SLOTS], ibytes[MAX_SLOTS];
	uint16_t ialiases[MAX_SLOTS];	/* aliases whose lines sit in a slot */
	int o_pte[FC_MAX_ALIASES], o_pub[FC_MAX_ALIASES];
	int o_flags[FC_MAX_PAGES];
	int o_ipi_id;		/* per source CPU: which block it posted */
	int o_ipi;		/* per (target, source) CPU: handler pc + 1 */

	struct por *por;	/* partial-order reduction, or NULL (por.c) */
};

struct por;

/* model.c */
int model_gline(const struct model *m, int page, int line);
int model_pc(const struct model *m, const uint8_t *s, int c);
int model_dcond_holds(const struct model *m, const uint8_t *s, int c,
		      const struct dcond *d);
/* Would op o, the next op of CPU c, wait instead of taking a step? */
int model_op_blocked(const struct model *m, const uint8_t *s, int c,
		     const struct op *o);

/* por.c: NULL when the reduction cannot apply (see there) */
struct por *por_new(const struct model *m);
void por_free(struct por *po);
/* The CPU whose next thread step alone is an ample set in s, or -1. */
int por_ample(const struct model *m, const uint8_t *s);

#endif
