/* SPDX-License-Identifier: MIT */
/*
 * confirm.c - a reduced counterexample, searched for in the plain model
 * (confirm.h) by a guided breadth-first search through the explorer.
 *
 * A guided state is a plain-model state followed by k, two bytes: "the
 * first k thread steps of the reduced trace have been done".  Its
 * successors are the plain model's, filtered: a hardware step leaves the
 * thread part as it is and keeps k; a thread step is kept only when the
 * thread part after it is the trace's after thread step k + 1, and moves
 * to k + 1.  Any other step is dropped.  The goal, the explorer's bit 0,
 * is a step that violates the oracle with k = nt (every thread step
 * done) or, for a violation by a state (deadlock; bad-outcome, a final
 * state that a `bug exists` condition holds in: check_state_violations),
 * such a state.  The explorer sees opaque states, as always; what a
 * guided state means lives here.
 *
 * Once the goal is seen, nothing more is expanded: the rest of the space
 * is of no interest.  The search runs on one thread, so that where it
 * stops does not depend on timing.
 */
#include "confirm.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * k, the thread steps of the trace done, is two bytes after the plain
 * state (get_k/put_k): a longer trace is not confirmed, it is capped.
 */
#define GUIDE_K_BYTES 2
#define GUIDE_MAX_STEPS 0xffff
_Static_assert(GUIDE_MAX_STEPS < 1 << (8 * GUIDE_K_BYTES),
	       "k up to GUIDE_MAX_STEPS fits GUIDE_K_BYTES bytes");
_Static_assert(OR_COUNT <= 32, "the oracle is a bit of the explorer's "
	       "unsigned violation mask");

struct guide {
	const struct program *p;
	const struct model *m;	/* the plain model */
	size_t size;		/* bytes of a plain state; a guided one has 2 more */
	size_t part;		/* bytes of a thread part */
	const uint8_t *tgt;	/* nt + 1 thread parts: before the first thread
				 * step and after each */
	int nt;
	unsigned bit;		/* 1 << the oracle */
	int found;		/* the goal has been seen */
	int unguided;		/* --shortest: any step goes, k stays 0 */
};

static int get_k(const struct guide *g, const uint8_t *s)
{
	return s[g->size] | s[g->size + 1] << 8;
}

static void put_k(const struct guide *g, uint8_t *s, int k)
{
	assert(k >= 0 && k <= g->nt);
	s[g->size] = (uint8_t)k;
	s[g->size + 1] = (uint8_t)(k >> 8);
}

/*
 * Where a plain step from a state with thread part `here`, k steps into
 * the trace, leads: k (a hardware step), k + 1 (the trace's next thread
 * step), or -1 (another thread step).
 */
static int follow(const struct guide *g, const uint8_t *here, int k,
		  const uint8_t *next)
{
	uint8_t part[g->part];

	if (g->unguided)
		return k;
	model_thread_part(g->m, next, part);
	if (!memcmp(part, here, g->part))
		return k;
	if (k < g->nt && !memcmp(part, g->tgt + (size_t)(k + 1) * g->part,
				 g->part))
		return k + 1;
	return -1;
}

static void cb_initial(void *ctx, uint8_t *s)
{
	struct guide *g = ctx;

	model_initial(g->m, s);
	put_k(g, s, 0);
}

struct step {
	struct guide *g;
	const uint8_t *here;	/* thread part of the state expanded */
	int k;
	search_emit_fn emit;
	void *ectx;
};

static void step_emit(void *ctx, const uint8_t *next, unsigned viol,
		      const struct step_note *note)
{
	struct step *st = ctx;
	struct guide *g = st->g;
	int k = follow(g, st->here, st->k, next);
	uint8_t out[g->size + GUIDE_K_BYTES];
	unsigned goal;

	(void)note;
	if (k < 0 || g->found)
		return;
	memcpy(out, next, g->size);
	put_k(g, out, k);
	goal = k == g->nt && (viol & g->bit);
	if (goal)
		g->found = 1;
	st->emit(st->ectx, out, goal ? 1u : 0u);
}

static void cb_expand(void *ctx, const uint8_t *s, search_emit_fn emit,
		      void *ectx)
{
	struct guide *g = ctx;
	uint8_t here[g->part];
	struct step st = { g, here, get_k(g, s), emit, ectx };

	if (g->found)
		return;
	model_thread_part(g->m, s, here);
	model_successors(g->m, s, step_emit, &st, 0);
}

static unsigned cb_visit(void *ctx, const uint8_t *s)
{
	struct guide *g = ctx;

	if (get_k(g, s) == g->nt &&
	    (check_state_violations(g->p, g->m, s) & g->bit)) {
		g->found = 1;
		return 1;
	}
	return 0;
}

/*
 * The path's notes: replay its ordinals, numbering the successors that
 * the filter keeps, as cb_expand did (its early stop does not matter:
 * the path was found before it).
 */
struct pick {
	struct guide *g;
	const uint8_t *here;
	int k;
	uint32_t want, seen;
	uint8_t *next;		/* plain state */
	int next_k;
	struct step_note note;
	int found;
};

static void pick_emit(void *ctx, const uint8_t *next, unsigned viol,
		      const struct step_note *note)
{
	struct pick *pk = ctx;
	int k = follow(pk->g, pk->here, pk->k, next);

	(void)viol;
	if (k < 0 || pk->found || pk->seen++ != pk->want)
		return;
	memcpy(pk->next, next, pk->g->size);
	pk->next_k = k;
	if (note)
		pk->note = *note;
	pk->found = 1;
}

/* final: the state the path ends in */
static int walk(struct guide *g, const uint32_t *ord, int n,
		struct step_note *notes, uint8_t *final)
{
	uint8_t s[g->size], next[g->size], here[g->part];
	int k = 0;

	model_initial(g->m, s);
	for (int i = 0; i < n; i++) {
		struct pick pk = { .g = g, .here = here, .k = k,
				   .want = ord[i], .next = next };

		model_thread_part(g->m, s, here);
		model_successors(g->m, s, pick_emit, &pk, MODEL_NOTES);
		if (!pk.found)
			return -1;	/* not the path the search found */
		notes[i] = pk.note;
		memcpy(s, next, g->size);
		k = pk.next_k;
	}
	memcpy(final, s, g->size);
	return k == g->nt ? 0 : -1;
}

/*
 * The breadth-first search of the plain model for g's goal, under the
 * limits `lim` (one thread, full states: a fingerprint collision could
 * hide the path).  Found: t's steps become the path, CONFIRM_OK.  Else
 * CONFIRM_REFUTED when the search ended, CONFIRM_CAPPED (with the limit
 * in *stop) when a limit stopped it.
 */
static enum confirm_verdict plain_search(struct guide *g,
					 const struct search_limits *lim,
					 struct trace *t, uint64_t *states,
					 enum search_stop *stop)
{
	struct search_limits gl = { .max_states = lim->max_states,
				    .timeout = lim->timeout,
				    .max_memory = lim->max_memory };
	/* small states: not packed */
	struct search_ops ops = { g->size + GUIDE_K_BYTES, g, cb_initial,
				  cb_expand, cb_visit, NULL };
	enum confirm_verdict v = CONFIRM_CAPPED;
	struct search *s = search_run(&ops, &gl);
	uint32_t *ord = NULL;
	struct step_note *notes = NULL;
	uint8_t *final = NULL;
	int len;

	*stop = STOP_MEMORY;
	if (!s)
		return CONFIRM_CAPPED;
	*states = search_stats(s)->states;
	if (!(search_violated(s) & 1u)) {
		*stop = search_stats(s)->stop;
		v = *stop == STOP_DONE ? CONFIRM_REFUTED : CONFIRM_CAPPED;
		goto out;
	}
	len = search_path(s, 0, NULL, 0);
	ord = malloc(((size_t)len + 1) * sizeof *ord);
	notes = calloc((size_t)len + 1, sizeof *notes);
	final = malloc(g->size);
	if (ord && notes && final && search_path(s, 0, ord, len) == len &&
	    walk(g, ord, len, notes, final) == 0) {
		check_trace_outcome(g->p, g->m, final, t);
		free(t->steps);
		t->steps = notes;
		t->nsteps = len;
		notes = NULL;
		v = CONFIRM_OK;
	}
out:
	free(ord);
	free(notes);
	free(final);
	search_free(s);
	return v;
}

/* The thread parts of the reduced trace, one per thread step: into g. */
static uint8_t *targets(const struct model *reduced, const uint8_t *states,
			int n, size_t part, int *nt)
{
	size_t size = model_state_size(reduced);
	uint8_t *tgt = malloc(((size_t)n + 1) * part);

	if (!tgt)
		return NULL;
	*nt = 0;
	model_thread_part(reduced, states, tgt);
	for (int i = 1; i <= n; i++) {
		uint8_t *p = tgt + (size_t)(*nt + 1) * part;

		model_thread_part(reduced, states + (size_t)i * size, p);
		/* a reduced hardware step leaves the thread part as it is */
		if (memcmp(p, p - part, part))
			++*nt;
	}
	return tgt;
}

static void not_confirmed(struct trace *t, enum search_stop why)
{
	t->confirm = CONFIRM_CAPPED;
	t->confirm_stop = why;
}

void confirm_trace(const struct program *p, const struct model *reduced,
		   const uint8_t *states, int n,
		   const struct search_limits *lim, struct trace *t)
{
	char err[128];
	struct guide g = { .p = p, .bit = 1u << t->oracle };
	struct search_limits gl;
	struct model *plain;
	uint8_t *tgt;
	uint8_t *init;

	t->confirm_states = 0;
	if (!states || n < 0 || n > GUIDE_MAX_STEPS) {
		not_confirmed(t, STOP_MEMORY);	/* no trace to follow */
		return;
	}
	plain = model_new(p, 0, err, sizeof err);
	if (!plain) {
		not_confirmed(t, STOP_MEMORY);
		return;
	}
	g.m = plain;
	g.size = model_state_size(plain);
	g.part = model_thread_part_size(plain);
	tgt = model_thread_part_size(reduced) == g.part
		      ? targets(reduced, states, n, g.part, &g.nt) : NULL;
	init = malloc(g.size + g.part);
	if (!tgt || !init) {
		/* the two parts always have one size: programs decide it */
		not_confirmed(t, STOP_MEMORY);
		goto out;
	}
	g.tgt = tgt;
	model_initial(plain, init);
	model_thread_part(plain, init, init + g.size);
	if (memcmp(init + g.size, tgt, g.part)) {
		t->confirm = CONFIRM_REFUTED;	/* not even the same start */
		goto out;
	}

	/* the run's own limits, at most CONFIRM_MAX_STATES states */
	gl = *lim;
	if (!gl.max_states || gl.max_states > CONFIRM_MAX_STATES)
		gl.max_states = CONFIRM_MAX_STATES;
	t->confirm = plain_search(&g, &gl, t, &t->confirm_states,
				  &t->confirm_stop);
out:
	free(init);
	free(tgt);
	model_free(plain);
}

void shortest_trace(const struct program *p, const struct search_limits *lim,
		    struct trace *t)
{
	char err[128];
	struct guide g = { .p = p, .bit = 1u << t->oracle, .unguided = 1 };
	struct model *plain = model_new(p, 0, err, sizeof err);
	enum confirm_verdict v;

	t->shortest = SHORTEST_CAPPED;
	t->shortest_stop = STOP_MEMORY;
	if (!plain)
		return;
	g.m = plain;
	g.size = model_state_size(plain);
	g.part = model_thread_part_size(plain);
	v = plain_search(&g, lim, t, &t->shortest_states, &t->shortest_stop);
	if (v == CONFIRM_OK)
		t->shortest = SHORTEST_YES;
	else if (v == CONFIRM_REFUTED)
		t->confirm = CONFIRM_REFUTED;	/* no such path at all */
	model_free(plain);
}
