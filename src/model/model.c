/* SPDX-License-Identifier: MIT */
/*
 * model.c - the machine model of docs/design.md section 2: what model.h
 * promises, put together from the files of one concept each:
 *
 *   layout.c    where each field of a state lives, what it may hold
 *   symmetry.c  classes of interchangeable CPUs, canonical states
 *   emit.c      building one successor and its note
 *   exec.c      thread and interrupt-handler steps: the ops' semantics
 *   spec.c      speculation: what the prefetcher reaches; symbolic I-sets
 *   hardware.c  the caches' own steps: speculative fills, evictions
 *   por.c       the partial-order reduction, over exec.c's steps
 *
 * Calls go one way, down this list's dependencies: model.c uses them
 * all; por.c uses exec.c; exec.c and hardware.c use spec.c and emit.c;
 * none calls back up.
 */
#include "model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const oracle_names[OR_COUNT] = {
	"stale-fetch", "stale-load", "lost-write", "stale-dma", "fault",
	"deadlock", "bad-outcome",
};

#define FC_RED_NAME_(id, name) [RED_##id] = name,
const char *const reduction_names[RED_COUNT] = { FC_REDUCTIONS(FC_RED_NAME_) };
#undef FC_RED_NAME_

int oracle_lookup(const char *name)
{
	for (int i = 0; i < OR_COUNT; i++)
		if (!strcmp(name, oracle_names[i]))
			return i;
	return -1;
}

struct model *model_new(const struct program *p, unsigned reduce, char *err,
		       size_t errlen)
{
	struct model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->p = p;
	m->mc = &p->machine;
	if (!p->arm && machine_relaxed_armv8(&p->machine)) {
		m->armk = armk_new(p, err, errlen);
		if (!m->armk) {
			free(m);
			return NULL;
		}
	}
	if (p->arm || m->armk) {
		m->arm = armv8_new(p->arm ? p->arm : armk_prog(m->armk), err,
				   errlen);
		if (!m->arm) {
			armk_free(m->armk);
			free(m);
			return NULL;
		}
		m->size = armv8_state_size(m->arm);
		return m;
	}
	m->ncpus = p->machine.cpus;
	m->nlines = p->npages * p->machine.lines;

	if (model_layout(m, reduce, err, errlen)) {
		free(m);
		return NULL;
	}
	if (reduce & REDUCE_SYMMETRY)
		symmetry_find(m);
	if (reduce & REDUCE_POR)
		m->por = por_new(m);
	return m;
}

unsigned model_reductions(const struct model *m)
{
	return (m->symbolic ? REDUCE_SPEC : 0) |
	       (m->symmetric ? REDUCE_SYMMETRY : 0) |
	       (m->por ? REDUCE_POR : 0);
}

int model_symbolic(const struct model *m)
{
	return m->symbolic;
}

int model_symmetric(const struct model *m)
{
	return m->symmetric;
}

int model_por(const struct model *m)
{
	return m->por != NULL;
}

void model_free(struct model *m)
{
	if (m) {
		por_free(m->por);
		armv8_free(m->arm);
		armk_free(m->armk);
	}
	free(m);
}

void model_successors(const struct model *m, const uint8_t *s,
		      model_emit_fn fn, void *ctx, unsigned how)
{
	uint8_t t[m->size];
	struct gen g = { .m = m, .s = s, .t = t, .emit = fn, .ctx = ctx,
			 .notes = (how & MODEL_NOTES) != 0 };
	int c = m->por && !(how & MODEL_EVERY_STEP) ? por_ample(m, s) : -1;

	if (m->arm) {
		armv8_successors(m->arm, s, fn, ctx, how);
		return;
	}
	if (c >= 0) {	/* that step alone stands for all (por.c) */
		exec_thread_step(&g, c);
		return;
	}
	for (int c = 0; c < m->p->nthreads; c++)
		exec_thread_step(&g, c);
	for (int c = 0; c < m->ncpus && m->p->nipis; c++)
		exec_handler_steps(&g, c);
	for (int c = 0; c < m->ncpus; c++)
		hw_steps(&g, c);
}

uint32_t model_loc_value(const struct model *m, const uint8_t *s, int loc)
{
	const struct loc *l = &m->p->locs[loc];

	if (m->armk)
		return armk_label(m->armk, armv8_obs_value(m->arm, s, loc));
	if (m->arm)
		return armv8_obs_value(m->arm, s, loc);

	if (l->is_mem) {
		int gl = model_gline(m, l->page, l->line);

		return s[m->o_vlabel[gl] + s[m->o_mem[gl]]];
	}
	return s[m->o_reg[l->thread] + l->reg];
}

const struct aprog *model_arm_program(const struct model *m)
{
	if (m->armk)
		return armk_prog(m->armk);
	return m->arm ? m->p->arm : NULL;
}

int model_approximated(const struct model *m, const uint8_t *s)
{
	return m->arm && armv8_approximated(m->arm, s);
}
