/* SPDX-License-Identifier: MIT */
/*
 * armk.h - a kernel scenario on the relaxed Armv8 model: the program's
 * ops compiled into the instructions the Armv8 model runs (arm.h), for
 * machines with `model = armv8` (docs/design.md section 9).
 *
 * model.c builds one when the machine asks for it and hands every call to
 * armv8.c with the compiled program; what it needs back is the label a
 * value stands for (condition locations hold labels, as in the cache
 * model).  Pure: no I/O.
 */
#ifndef FC_ARMK_H
#define FC_ARMK_H

#include <stddef.h>

#include "arm.h"
#include "program.h"

struct armk;

/*
 * Compile p.  NULL, with a message naming the op and where it was
 * written, when p holds what the Armv8 model has no meaning for (DMA,
 * DC IVAC, set/way maintenance, flush-only PTEs) or exceeds its bounds.
 */
struct armk *armk_new(const struct program *p, char *err, size_t errlen);
void armk_free(struct armk *k);

const struct aprog *armk_prog(const struct armk *k);

/* The label (program.labels[]) a register or line value stands for. */
uint32_t armk_label(const struct armk *k, aval v);

#endif
