/* SPDX-License-Identifier: MIT */
/*
 * litmus.h - herd7's AArch64 .litmus files, read into a struct aprog.
 *
 * The subset is docs/design.md section 8's (issue 9, item 2): the header
 * (CacheType=, Variant=ifetch), the init block, the columns with their
 * fault-handler columns, the instructions of model/arm.h, `locations`
 * and an exists/~exists/forall condition.  Anything else is refused at
 * file:line:col, naming the construct; nothing is approximated.
 */
#ifndef FC_LITMUS_H
#define FC_LITMUS_H

#include "scenario.h"
#include "../model/arm.h"

/*
 * Parse src (the text of file) into a program whose `arm` points to the
 * test's struct aprog; the program's cache-model parts stay empty.  o
 * may name another machine (--machine); NULL: the armv8 preset.  NULL on
 * error, with d filled in.  Everything lives in arena a.
 */
struct program *litmus_parse(struct arena *a, const char *file,
			     const char *src, const struct load_opts *o,
			     struct diag *d);

/*
 * The front end's loader (frontend.c's table, .litmus): litmus_parse, and
 * then, until model/armv8.c runs a struct aprog, an input error saying so,
 * so that no caller searches a program the cache model cannot run.
 */
struct program *litmus_load(struct arena *a, const char *file,
			    const char *src, const struct load_opts *o,
			    const struct polset *ps, struct diag *d);

#endif
