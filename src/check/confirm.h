/* SPDX-License-Identifier: MIT */
/*
 * confirm.h - a reduced model's counterexample, found again in the plain
 * model.
 *
 * --reduce spec drops the speculative I-fill and I-eviction steps from its
 * traces, and a trace of a reduced model is only as good as the reduction.
 * Confirmation searches the plain model (model_new with flags 0) for a
 * path that performs the same thread steps -- the same thread part
 * (model_thread_part) after each -- with any hardware steps in between,
 * and whose last step violates the same oracle.  Found: the trace becomes
 * that path, with the real prefetches a kernel developer has to see.
 */
#ifndef FC_CONFIRM_H
#define FC_CONFIRM_H

#include "check.h"

/* States a confirmation may visit at most (also bounded by the run's own
 * --max-states, --max-memory and --timeout). */
#define CONFIRM_MAX_STATES 2000000u

/*
 * t holds a counterexample of `reduced` (a model of p): states[0..n] are
 * the concrete states of its n steps, from the initial state (n = -1, or
 * states NULL: no usable trace).  Sets t->confirm, t->confirm_states,
 * t->confirm_stop; on CONFIRM_OK replaces t->steps by the plain path.
 * The shortest such path, since the search is breadth-first.
 */
void confirm_trace(const struct program *p, const struct model *reduced,
		   const uint8_t *states, int n,
		   const struct search_limits *lim, struct trace *t);

/*
 * --shortest: the plain model searched breadth-first, with no guide, for
 * the first step that violates t's oracle, under the run's own limits.
 * Found: t's steps become that path, which is a shortest counterexample
 * of the plain model, and t->shortest is SHORTEST_YES.  A limit: the
 * steps stay as they were, SHORTEST_CAPPED.  The search ended without
 * one: t->confirm becomes CONFIRM_REFUTED (the run's verdict was wrong).
 */
void shortest_trace(const struct program *p, const struct search_limits *lim,
		    struct trace *t);

#endif
