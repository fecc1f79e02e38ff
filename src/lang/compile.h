/* SPDX-License-Identifier: MIT */
/*
 * compile.h - statements (AST) to ops, inlining every call.
 *
 * A call is compiled by compiling the callee's body in place with its
 * parameters bound to the caller's arguments.  Arguments are mappings,
 * pages, values, locals and DMA directions, all known when the scenario is
 * loaded, and policies have no recursion and no unbounded loops, so every
 * thread becomes one flat array of ops with forward jumps: the pc alone
 * says where in which call a CPU is, and no call stack is kept in the
 * state.  Conditions that depend only on the machine, the permissions of
 * a mapping or the arguments fold away here; the others become branches
 * evaluated against the state (dcond).
 */
#ifndef FC_COMPILE_H
#define FC_COMPILE_H

#include "policy.h"
#include "../model/program.h"

struct compiler;

struct compiler *compiler_new(struct program *p, struct arena *a,
			      const struct polset *ps, struct diag *d);
/* Compile one cell of thread t (its statements run on CPU t). */
void compile_cell(struct compiler *cc, int t, const struct stmt *s);
/* Has thread t written scenario register r by now? */
int compiler_reg_written(const struct compiler *cc, int t, int r);
/* Move the compiled code into p (threads, handlers, flags) and free cc. */
void compiler_finish(struct compiler *cc);
void compiler_free(struct compiler *cc);

/* Scenario registers are r0..r(SCEN_REGS-1); locals come after them. */
#define SCEN_REGS 16

#endif
