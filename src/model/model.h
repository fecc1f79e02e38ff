/* SPDX-License-Identifier: MIT */
/*
 * model.h - the machine model of docs/design.md section 2: states and steps.
 *
 * A state is a byte vector whose layout is computed from the program (see
 * the layout comment in model.c).  The model enumerates the successors of a
 * state in a fixed order -- the threads' next ops, then each CPU's hardware
 * steps -- and says which oracles each step violated.  Pure functions: no
 * I/O, no allocation after model_new().
 */
#ifndef FC_MODEL_H
#define FC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"

struct model;

#define AGENT_DEV (-1)

/* What one step did, for counterexample tables. Filled only on request. */
struct step_note {
	int agent;		/* CPU number, or AGENT_DEV */
	int thread_op;		/* 1 when a thread's op, 0 for hardware */
	char text[160];		/* the op, with the value it returned */
	char detail[240];	/* what it did to the caches */
};

/*
 * Called once per successor.  `viol` is the set of oracles (1 << enum
 * oracle) the step violated; `note` is NULL unless notes were asked for.
 */
typedef void (*model_emit_fn)(void *ctx, const uint8_t *next, unsigned viol,
			      const struct step_note *note);

/*
 * The search reductions, the one list: model_new() takes a set of them,
 * --reduce and the JSON report use their names.  Each is checked against
 * the plain search (tests/).  X(id, name)
 */
#define FC_REDUCTIONS(X)						\
	X(SPEC, "spec")		/* I-caches as sets of versions */	\
	X(SYMMETRY, "symmetry")	/* CPUs with identical programs	\
				 * interchangeable */			\
	X(POR, "por")		/* one CPU's independent step alone */

#define FC_RED_ENUM_(id, name) RED_##id,
enum reduction { FC_REDUCTIONS(FC_RED_ENUM_) RED_COUNT };
#undef FC_RED_ENUM_
/* Sets of reductions: one bit each. */
#define FC_RED_BIT_(id, name) REDUCE_##id = 1u << RED_##id,
enum { FC_REDUCTIONS(FC_RED_BIT_) REDUCE_ALL = (1u << RED_COUNT) - 1 };
#undef FC_RED_BIT_

extern const char *const reduction_names[RED_COUNT];

/* reduce: the REDUCE_* asked for; model_reductions() says which apply */
struct model *model_new(const struct program *p, unsigned reduce, char *err,
			size_t errlen);
unsigned model_reductions(const struct model *m);
/* Is one reduction asked for by model_new() in force for this program? */
int model_symbolic(const struct model *m);
int model_symmetric(const struct model *m);
int model_por(const struct model *m);
/*
 * Symmetry: put s into the canonical form of its class (the interchangeable
 * CPUs' parts sorted).  States equal up to such a permutation have the same
 * form; nothing else changes.  A no-op unless model_symmetric().
 */
void model_canonical(const struct model *m, uint8_t *s);
void model_free(struct model *m);

size_t model_state_size(const struct model *m);
/*
 * For each byte of the state vector, the bits that can ever be 1 in a
 * state of this program (a mask, model_state_size() bytes): the explorer
 * packs states to those bits (explore/pack.h).
 */
void model_state_bits(const struct model *m, uint8_t *bits);
void model_initial(const struct model *m, uint8_t *s);
/*
 * Emit the successors of s.  Under the partial-order reduction only those
 * of an ample set, unless MODEL_EVERY_STEP; MODEL_NOTES fills the notes.
 */
#define MODEL_NOTES 1u
#define MODEL_EVERY_STEP 2u
void model_successors(const struct model *m, const uint8_t *s,
		      model_emit_fn emit, void *ctx, unsigned how);

/* Every thread has finished: a final state, where the condition applies. */
int model_finished(const struct model *m, const uint8_t *s);
/* Oracles violated by the state itself (deadlock). */
unsigned model_state_violations(const struct model *m, const uint8_t *s);
/*
 * What a condition location holds in state s: a label of the scenario,
 * or for a litmus test a value (model/arm.h's aval).
 */
uint32_t model_loc_value(const struct model *m, const uint8_t *s, int loc);
/*
 * Did the model leave its exact semantics on the way to s (a litmus test
 * beyond a bound of the Armv8 model, docs/design.md 8.6)?  A search that
 * reaches such a state must not say `ok`.
 */
int model_approximated(const struct model *m, const uint8_t *s);
/*
 * The Armv8 program the relaxed model runs (a litmus test's, or a scenario
 * compiled for a `model = armv8` machine), or NULL on the cache model.
 */
const struct aprog *model_arm_program(const struct model *m);

/*
 * The thread part of a state: what thread steps read and write, in a
 * fixed order that does not depend on how the caches are laid out (so
 * the plain and the symbolic model of one program give the same bytes
 * for the same program state): every CPU's pc, registers and hand; every
 * line's version count and labels; PTEs and publication points; page
 * flags; interrupt state.  Memory and caches are left out.
 * Hardware steps (fills, evictions) never change it; every thread or
 * handler step does (it moves a pc).  A counterexample of a reduced
 * model is replayed in the plain one by matching it (check/confirm.c).
 */
size_t model_thread_part_size(const struct model *m);
void model_thread_part(const struct model *m, const uint8_t *s, uint8_t *out);

#endif
