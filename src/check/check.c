/* SPDX-License-Identifier: MIT */
/*
 * check.c - run one scenario under one policy and judge its expect lines.
 */
#include "check.h"

#include "../model/arm.h"
#include "confirm.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The longest counterexample shown, in steps: a longer one is reported
 * without its trace (the verdict stands).  Its ordinals sit on the stack.
 */
#define MAX_TRACE_STEPS 4096

/* The first outcome table: grown by doubling. */
#define OUTCOMES_FIRST 16

_Static_assert(OR_COUNT <= 32, "oracles are bits of an unsigned "
	       "(struct result.violated, the explorer's violation mask)");

struct run {
	const struct program *p;
	struct model *m;
	struct result *r;
	int outcome_cap;
	int oom;
	int approx;	/* a state beyond the model's exact semantics */
	int relaxed_kernel;	/* a scenario on the relaxed model: it
				 * must reach a final state to say ok */
	int finished;	/* a final state was reached (relaxed_kernel) */
};

static void cb_initial(void *ctx, uint8_t *s)
{
	struct run *run = ctx;

	model_initial(run->m, s);
	model_canonical(run->m, s);
}

struct relay {
	const struct model *m;
	search_emit_fn emit;
	void *ectx;
};

/* Under symmetry the search sees only canonical states. */
static void relay_emit(void *ctx, const uint8_t *next, unsigned viol,
		       const struct step_note *note)
{
	struct relay *rl = ctx;

	(void)note;
	if (model_symmetric(rl->m)) {
		uint8_t c[model_state_size(rl->m)];

		memcpy(c, next, sizeof c);
		model_canonical(rl->m, c);
		rl->emit(rl->ectx, c, viol);
		return;
	}
	rl->emit(rl->ectx, next, viol);
}

static void cb_expand(void *ctx, const uint8_t *s, search_emit_fn emit,
		      void *ectx)
{
	struct run *run = ctx;
	struct relay rl = { run->m, emit, ectx };

	model_successors(run->m, s, relay_emit, &rl, 0);
}

static int eval(const struct model *m, const struct cond *c, const uint8_t *s)
{
	switch (c->kind) {
	case C_TRUE:
		return 1;
	case C_NOT:
		return !eval(m, c->a, s);
	case C_AND:
		return eval(m, c->a, s) && eval(m, c->b, s);
	case C_OR:
		return eval(m, c->a, s) || eval(m, c->b, s);
	case C_REG:
	case C_MEM:
		return model_loc_value(m, s, c->loc) == c->label;
	}
	return 0;
}

/* A litmus test's condition (model/arm.h): atoms compare values. */
static int eval_arm(const struct model *m, const struct acondition *c,
		    const uint8_t *s)
{
	switch (c->kind) {
	case ACN_TRUE:
		return 1;
	case ACN_NOT:
		return !eval_arm(m, c->a, s);
	case ACN_AND:
		return eval_arm(m, c->a, s) && eval_arm(m, c->b, s);
	case ACN_OR:
		return eval_arm(m, c->a, s) || eval_arm(m, c->b, s);
	case ACN_EQ:
		return model_loc_value(m, s, c->obs) == c->val;
	}
	return 0;
}

static int has_cond(const struct program *p)
{
	return p->cond != NULL || (p->arm && p->arm->cond);
}

static int cond_true(const struct program *p, const struct model *m,
		     const uint8_t *s)
{
	return p->arm ? eval_arm(m, p->arm->cond, s) : eval(m, p->cond, s);
}

/* Final states: record the distinct valuations of what the condition names. */
static void add_outcome(struct run *run, const uint8_t *s)
{
	struct result *r = run->r;
	const struct program *p = run->p;
	struct outcome o = { { 0 }, 0 };

	for (int k = 0; k < p->nlocs; k++)
		o.val[k] = model_loc_value(run->m, s, k);
	for (int k = 0; k < r->noutcomes; k++)
		if (!memcmp(r->outcomes[k].val, o.val, sizeof o.val))
			return;
	o.sat = cond_true(p, run->m, s);
	if (r->noutcomes == run->outcome_cap) {
		int cap = run->outcome_cap ? run->outcome_cap * 2
					   : OUTCOMES_FIRST;
		struct outcome *n = realloc(r->outcomes, sizeof *n * (size_t)cap);

		if (!n) {
			run->oom = 1;
			return;
		}
		r->outcomes = n;
		run->outcome_cap = cap;
	}
	r->outcomes[r->noutcomes++] = o;
	if (o.sat)
		r->npos++;
	else
		r->nneg++;
}

int check_bad_outcome(const struct program *p, const struct model *m,
		      const uint8_t *s)
{
	return p->cond_bug && model_finished(m, s) && cond_true(p, m, s);
}

unsigned check_state_violations(const struct program *p,
				const struct model *m, const uint8_t *s)
{
	unsigned viol = model_state_violations(m, s);

	if (check_bad_outcome(p, m, s))
		viol |= 1u << OR_BAD_OUTCOME;
	return viol;
}

static unsigned cb_visit(void *ctx, const uint8_t *s)
{
	struct run *run = ctx;

	if (model_approximated(run->m, s))
		run->approx = 1;
	/* model_finished() walks every thread: only when it is needed */
	if ((has_cond(run->p) || (run->relaxed_kernel && !run->finished)) &&
	    model_finished(run->m, s)) {
		run->finished = 1;
		if (has_cond(run->p))
			add_outcome(run, s);
	}
	return check_state_violations(run->p, run->m, s);
}

const char *result_incomplete_reason(const struct result *r)
{
	if (r->approximated)
		return "a path went beyond the Armv8 model's bounds "
		       "(docs/design.md 8.6)";
	if (r->unfinished)
		return "no execution finished: every one waits forever "
		       "somewhere, which the relaxed model does not judge "
		       "(docs/design.md 9.2)";
	return search_stop_name(r->stats.stop);
}

const char *result_next_try(const struct result *r, char *buf, size_t len)
{
	size_t n = 0;

#define TRY(...) (n += (size_t)snprintf(buf + n, n < len ? len - n : 0, \
					 __VA_ARGS__))
	if (!r->incomplete || r->approximated || r->unfinished)
		return NULL;
	buf[0] = '\0';
	switch (r->stats.stop) {
	case STOP_MEMORY:
		if (!r->stats.fingerprint)
			TRY("--fingerprint (12 to 15 bytes a state), ");
		TRY("a larger --max-memory");
		break;
	case STOP_STATES:
		TRY("a larger --max-states");
		break;
	case STOP_TIME:
		TRY("a longer --timeout");
		break;
	case STOP_DONE:
	case STOP_INTERRUPT:
	case STOP_FIRST:
		return NULL;
	}
	if ((r->reduce_asked & REDUCE_ALL) != REDUCE_ALL) {
		int first = 1;

		TRY(", --reduce all (off now:");
		for (int k = 0; k < RED_COUNT; k++)
			if (!(r->reduce_asked >> k & 1)) {
				TRY("%s %s", first ? "" : ",", reduction_names[k]);
				first = 0;
			}
		TRY(")");
	}
#undef TRY
	return buf;
}

void check_trace_outcome(const struct program *p, const struct model *m,
			 const uint8_t *s, struct trace *t)
{
	t->has_outcome = t->oracle == OR_BAD_OUTCOME;
	if (t->has_outcome)
		for (int k = 0; k < p->nlocs; k++)
			t->outcome[k] = model_loc_value(m, s, k);
}

/*
 * Replay a path of successor ordinals, keeping the notes of its steps.
 * Under symmetry the ordinals number the successors of canonical states;
 * the replay follows a concrete state instead, taking at each step the
 * successor whose canonical form is the path's next state, so that every
 * CPU stays in its own column of the counterexample.
 */
struct replay {
	const struct model *m;
	uint32_t want, seen;
	uint8_t *next;
	const uint8_t *match;	/* symmetry: canonical form to look for */
	size_t size;
	struct step_note note;
	int found;
};

static void replay_emit(void *ctx, const uint8_t *next, unsigned viol,
			const struct step_note *note)
{
	struct replay *rp = ctx;

	(void)viol;
	if (rp->found)
		return;
	if (rp->match) {
		uint8_t c[rp->size];

		memcpy(c, next, rp->size);
		model_canonical(rp->m, c);
		if (memcmp(c, rp->match, rp->size))
			return;
	} else if (rp->seen++ != rp->want) {
		return;
	}
	memcpy(rp->next, next, rp->size);
	if (note)
		rp->note = *note;
	rp->found = 1;
}

/* states, if not NULL: room for the n + 1 states of the path */
static int replay(struct run *run, const uint32_t *ord, int n,
		  struct trace *t, uint8_t *states)
{
	size_t size = model_state_size(run->m);
	uint8_t *s = malloc(size), *next = malloc(size);

	t->steps = calloc((size_t)n + 1, sizeof *t->steps);
	if (!s || !next || !t->steps) {
		free(s);
		free(next);
		return -1;
	}
	model_initial(run->m, s);
	if (states)
		memcpy(states, s, size);
	for (int k = 0; k < n; k++) {
		struct replay rp = { .m = run->m, .want = ord[k], .next = next,
				     .size = size };

		if (model_symmetric(run->m)) {
			/* the path's next state, from the canonical one */
			uint8_t c[size], want[size];
			struct replay cp = { .m = run->m, .want = ord[k],
					     .next = want, .size = size };

			memcpy(c, s, size);
			model_canonical(run->m, c);
			model_successors(run->m, c, replay_emit, &cp, 0);
			if (!cp.found)
				break;
			model_canonical(run->m, want);
			rp.match = want;
			rp.next = next;
			/*
			 * The partial-order reduction picks its step by CPU
			 * number, which the permutation may not keep: look
			 * among all of the concrete state's successors.
			 */
			model_successors(run->m, s, replay_emit, &rp,
					 MODEL_NOTES | MODEL_EVERY_STEP);
		} else {
			model_successors(run->m, s, replay_emit, &rp,
					 MODEL_NOTES);
		}
		if (!rp.found)
			break;	/* cannot happen: the model is deterministic */
		t->steps[t->nsteps++] = rp.note;
		memcpy(s, next, size);
		if (states)
			memcpy(states + (size_t)t->nsteps * size, s, size);
	}
	if (t->nsteps == n)
		check_trace_outcome(run->p, run->m, s, t);
	free(s);
	free(next);
	return 0;
}

int expect_applies(const struct expect *e, const char *policy)
{
	return !strcmp(e->policy, "*") || !strcmp(e->policy, policy);
}

enum obs_word result_observation(const struct result *r)
{
	if (r->npos == 0)
		return OBS_NEVER;
	return r->nneg == 0 ? OBS_ALWAYS : OBS_SOMETIMES;
}

int result_passed(const struct result *r)
{
	return !r->failed && !r->incomplete;
}

void check_judge(const struct program *p, struct result *r, const char *as)
{
	r->nexp = 0;
	r->failed = 0;
	r->judged_as = as;
	for (int k = 0; k < p->nexpects; k++) {
		const struct expect *e = &p->expects[k];
		struct expect_result *x;
		int bad = 0, unsure = 0;

		if (!expect_applies(e, as) || r->nexp >= CHECK_MAX_EXPECTS)
			continue;
		x = &r->exp[r->nexp++];
		x->e = e;
		if (e->has_oracles) {
			/* an oracle seen is seen for good; one not seen may
			 * only lie beyond where an incomplete search got */
			if (r->violated & ~e->oracles)
				bad = 1;
			else if (r->incomplete)
				unsure = 1;	/* "exactly these" needs the end */
			else if (e->oracles & ~r->violated)
				bad = 1;
		}
		if (e->obs != OBS_NONE) {
			if (r->incomplete) {
				/* outcomes seen so far can only refute */
				if ((e->obs == OBS_NEVER && r->npos) ||
				    (e->obs == OBS_ALWAYS && r->nneg))
					bad = 1;
				else
					unsure = 1;
			} else if (result_observation(r) != e->obs) {
				bad = 1;
			}
		}
		x->v = bad ? EXP_FAILED : unsure ? EXP_UNKNOWN : EXP_OK;
		if (x->v == EXP_FAILED)
			r->failed = 1;
	}
	/*
	 * A run that no expect line speaks for (a policy of the user's own,
	 * say) fails on any violation, bad-outcome included: the summary,
	 * the exit status and the matrix all read it here.
	 */
	if (r->nexp == 0 && r->violated)
		r->failed = 1;
}

int check_run(const struct program *p, const char *policy,
	      const struct search_limits *lim, struct result *r)
{
	return check_run_reduced(p, policy, lim, 0, r);
}

int check_run_reduced(const struct program *p, const char *policy,
		      const struct search_limits *lim, unsigned reduce,
		      struct result *r)
{
	return check_run_opts(p, policy, lim, reduce, 0, r);
}

int check_run_opts(const struct program *p, const char *policy,
		   const struct search_limits *lim, unsigned reduce,
		   int shortest, struct result *r)
{
	struct run run = { .p = p, .r = r };
	struct search_ops ops;
	struct search *s;
	uint8_t *bits;
	uint32_t ord[MAX_TRACE_STEPS];

	memset(r, 0, sizeof *r);
	r->p = p;
	r->policy = policy;
	run.m = model_new(p, reduce, r->error, sizeof r->error);
	if (!run.m)
		return -1;
	r->reduced = model_reductions(run.m);
	r->reduce_asked = reduce;
	run.relaxed_kernel = !p->arm && model_arm_program(run.m) != NULL;
	bits = malloc(model_state_size(run.m));
	if (!bits) {
		snprintf(r->error, sizeof r->error, "out of memory");
		model_free(run.m);
		return -1;
	}
	model_state_bits(run.m, bits);
	ops = (struct search_ops){ model_state_size(run.m), &run, cb_initial,
				   cb_expand, cb_visit, bits };
	s = search_run(&ops, lim);
	free(bits);
	if (!s) {
		snprintf(r->error, sizeof r->error, "out of memory");
		model_free(run.m);
		return -1;
	}
	r->stats = *search_stats(s);
	r->state_bytes = model_state_size(run.m);
	r->approximated = run.approx;
	/*
	 * A scenario on the relaxed model with no final state: every
	 * execution waits forever somewhere.  The cache model calls that a
	 * deadlock; the relaxed one cannot tell it from a guess that waits
	 * for nothing (an interrupt never sent), so it says nothing, and
	 * must not say `ok` (docs/design.md 9.2).
	 */
	r->unfinished = run.relaxed_kernel && r->stats.stop == STOP_DONE &&
			!run.finished;
	r->incomplete = r->stats.stop != STOP_DONE || run.oom || run.approx ||
			r->unfinished;
	r->violated = search_violated(s) & p->check;
	for (int b = 0; b < OR_COUNT; b++) {
		struct trace *t;
		uint8_t *states;
		int n, full;

		if (!(r->violated & (1u << b)))
			continue;
		assert(r->ntraces < OR_COUNT);
		t = &r->traces[r->ntraces++];
		t->oracle = b;
		n = full = search_path(s, b, ord, (int)(sizeof ord / sizeof ord[0]));
		if (n > (int)(sizeof ord / sizeof ord[0]))
			n = 0;	/* too long to show; the verdict stands */
		/* a reduced model's trace is searched for in the plain one */
		states = r->reduced ? malloc(((size_t)n + 1) * r->state_bytes) : NULL;
		replay(&run, ord, n, t, states);
		if (n != full)
			t->has_outcome = 0;	/* not the path's end */
		if (r->reduced)
			confirm_trace(p, run.m, states, full == t->nsteps ? n : -1,
				      lim, t);
		free(states);
		/* the plain breadth-first search finds shortest paths itself */
		if (!r->reduced && !lim->dfs)
			t->shortest = SHORTEST_YES;
		else if (shortest && t->confirm != CONFIRM_REFUTED)
			shortest_trace(p, lim, t);
	}
	r->has_cond = has_cond(p);
	if (p->quant == Q_EXISTS)
		r->cond_holds = r->npos > 0;
	else if (p->quant == Q_NOT_EXISTS)
		r->cond_holds = r->npos == 0;
	else
		r->cond_holds = r->nneg == 0;
	check_judge(p, r, policy);
	/*
	 * A counterexample the plain model does not have is a false alarm
	 * made by a reduction: the run cannot pass, whatever the expect lines.
	 */
	for (int k = 0; k < r->ntraces; k++)
		if (r->traces[k].confirm == CONFIRM_REFUTED)
			r->failed = 1;
	search_free(s);
	model_free(run.m);
	return 0;
}

void check_free(struct result *r)
{
	for (int k = 0; k < r->ntraces; k++)
		free(r->traces[k].steps);
	free(r->outcomes);
	memset(r, 0, sizeof *r);
}
