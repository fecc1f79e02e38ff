/* SPDX-License-Identifier: MIT */
/*
 * armv8.h - the relaxed Armv8 model of docs/design.md section 8: a herd
 * litmus program (arm.h) explored by performing the events of a
 * candidate execution one at a time, in an order that extends Arm's
 * ordered-before relation (aarch64.cat with the ifetch variant).
 *
 * model.c hands every call here when the program is a litmus test, so the
 * explorer and the checker see one model interface.  Pure functions: no
 * I/O, no allocation after armv8_new().
 */
#ifndef FC_ARMV8_H
#define FC_ARMV8_H

#include <stddef.h>
#include <stdint.h>

#include "arm.h"
#include "model.h"

struct armv8;

struct armv8 *armv8_new(const struct aprog *a, char *err, size_t errlen);
void armv8_free(struct armv8 *m);

size_t armv8_state_size(const struct armv8 *m);
void armv8_state_bits(const struct armv8 *m, uint8_t *bits);
void armv8_initial(const struct armv8 *m, uint8_t *s);
void armv8_successors(const struct armv8 *m, const uint8_t *s,
		      model_emit_fn emit, void *ctx, unsigned how);
int armv8_finished(const struct armv8 *m, const uint8_t *s);
/*
 * A state where the model left its exact semantics (docs/design.md 8.6:
 * an instruction beyond the per-thread bound, a value it cannot fetch):
 * the search that reaches one must end `incomplete`, never `ok`.
 */
int armv8_approximated(const struct armv8 *m, const uint8_t *s);
/* The value observed thing k (aprog.obs[k]) holds in a final state. */
aval armv8_obs_value(const struct armv8 *m, const uint8_t *s, int k);

/* A value as herd prints it: 1, x, NOP, instr:"B .+8", label:"P1:m0". */
void aval_text(const struct aprog *a, aval v, char *buf, size_t n);

#endif
