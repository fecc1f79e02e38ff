/* SPDX-License-Identifier: MIT */
/*
 * check.h - one scenario under one policy: model + search -> result.
 *
 * This is where the layers meet: it hands the model to the explorer as
 * opaque callbacks, collects the final outcomes for the condition, replays
 * the first violation of each oracle into a trace with notes, and judges
 * the `expect` lines.  The result is plain data for the reporters.
 */
#ifndef FC_CHECK_H
#define FC_CHECK_H

#include "../explore/search.h"
#include "../model/model.h"

/*
 * A counterexample of a reduced run, searched for again in the plain model
 * (confirm.h): the same thread steps with any hardware steps in between.
 */
enum confirm_verdict {
	CONFIRM_NONE,		/* a plain run: nothing to confirm */
	CONFIRM_OK,		/* found: steps are now the plain model's path */
	CONFIRM_CAPPED,		/* a limit stopped that search: not confirmed */
	CONFIRM_REFUTED,	/* that search ended without one: the reduction
				 * is unsound */
};

/*
 * Is the trace a shortest counterexample of the plain model?  A plain
 * breadth-first run's always is; any other's is made one by --shortest.
 */
enum shortest_verdict {
	SHORTEST_UNKNOWN,	/* not asked for: a real trace, maybe longer */
	SHORTEST_YES,
	SHORTEST_CAPPED,	/* asked for, but a limit stopped that search */
};

struct trace {
	int oracle;
	int nsteps;
	struct step_note *steps;
	enum confirm_verdict confirm;
	uint64_t confirm_states;	/* states the plain-model search visited */
	enum search_stop confirm_stop;	/* CAPPED: the limit that stopped it */
	enum shortest_verdict shortest;
	uint64_t shortest_states;	/* states the --shortest search visited */
	enum search_stop shortest_stop;	/* CAPPED: the limit that stopped it */
	/* bad-outcome: what the condition's locations hold at the end */
	int has_outcome;
	uint32_t outcome[FC_MAX_OUTCOME];	/* model_loc_value()s */
};

struct outcome {
	uint32_t val[FC_MAX_OUTCOME];	/* model_loc_value()s */
	int sat;
};

enum expect_verdict { EXP_OK, EXP_FAILED, EXP_UNKNOWN };

struct expect_result {
	const struct expect *e;
	enum expect_verdict v;
};

/*
 * The expect lines judged a run: as many as a scenario may carry (the
 * loader refuses more).
 */
#define CHECK_MAX_EXPECTS FC_MAX_EXPECTS

struct result;
/* Why an incomplete result stopped, in words (text, herd reports). */
const char *result_incomplete_reason(const struct result *r);
/*
 * For an incomplete result: what to try next ("--fingerprint, a larger
 * --max-memory"), into buf; NULL when nothing would help (interrupted,
 * or the model's own bounds).
 */
const char *result_next_try(const struct result *r, char *buf, size_t len);

struct result {
	const struct program *p;
	const char *policy;
	const char *judged_as;		/* whose expect lines judged it */
	struct search_stats stats;
	size_t state_bytes;
	unsigned reduced;		/* REDUCE_* in force for this run */
	unsigned reduce_asked;		/* REDUCE_* asked for (--reduce) */
	int incomplete;
	int approximated;		/* incomplete because a state left the
					 * model's exact semantics (litmus) */
	int unfinished;			/* incomplete because no execution
					 * finished (relaxed model: a thread
					 * that waits forever is not judged) */
	unsigned violated;		/* masked with the scenario's check */
	int ntraces;
	struct trace traces[OR_COUNT];	/* in oracle order */

	int has_cond;
	uint64_t npos, nneg;		/* distinct final outcomes */
	int noutcomes;
	struct outcome *outcomes;
	int cond_holds;			/* herd's Ok/No for the quantifier */

	int nexp;
	struct expect_result exp[CHECK_MAX_EXPECTS];
	int failed;			/* some expect line FAILED, or none
					 * applies and an oracle is violated */
	char error[256];		/* set if the run could not start */
};

/* Search reductions (--reduce): REDUCE_* and their names in model.h. */

int check_run(const struct program *p, const char *policy,
	      const struct search_limits *lim, struct result *r);
/* The same with reductions asked for; r->reduced says which applied. */
int check_run_reduced(const struct program *p, const char *policy,
		      const struct search_limits *lim, unsigned reduce,
		      struct result *r);
/*
 * The same, and with `shortest` every counterexample is a shortest one of
 * the plain model (shortest_trace() in confirm.h), whatever the reductions
 * and the search order.
 */
int check_run_opts(const struct program *p, const char *policy,
		   const struct search_limits *lim, unsigned reduce,
		   int shortest, struct result *r);
void check_free(struct result *r);

/*
 * Judge r by the expect lines for policy `as` (r->policy's own, or, for
 * --like, another policy's: a copy of arm64 judged by arm64's lines):
 * fills r->exp, r->failed and r->judged_as.  check_run_opts() calls it
 * with r->policy; calling it again re-judges.
 */
void check_judge(const struct program *p, struct result *r, const char *as);

/*
 * The violations of a state: the model's (deadlock), and bad-outcome when
 * it is a final state in which the scenario's `bug exists` holds.  The
 * plain-model search of confirm.c judges states with the same function.
 */
unsigned check_state_violations(const struct program *p,
				const struct model *m, const uint8_t *s);
int check_bad_outcome(const struct program *p, const struct model *m,
		      const uint8_t *s);
/* A bad-outcome trace that ends in state s: record the outcome. */
void check_trace_outcome(const struct program *p, const struct model *m,
			 const uint8_t *s, struct trace *t);

/* Does an expect line apply to a run under this policy? */
int expect_applies(const struct expect *e, const char *policy);

enum obs_word result_observation(const struct result *r);
/*
 * Did the run pass: no expect line FAILED, none incomplete, and no
 * violation when none applies?  The text Summary's "passed" and JSON's
 * "passed" are this.
 */
int result_passed(const struct result *r);

#endif
