/* SPDX-License-Identifier: MIT */
/*
 * search.h - exhaustive state-space search over opaque byte-vector states.
 *
 * The explorer knows nothing about caches.  It is given a state size, an
 * initial state, a successor function that reports which oracles (bits of
 * an unsigned) each transition violates, and a per-state hook.  It keeps
 * every state once (XXH3-hashed visited set), a parent link per state, and
 * for each violated bit the first place it was seen.  Breadth-first, that
 * first place ends the shortest path to the violation.
 *
 * The visited set holds either every state in full, or (fingerprint) only
 * a 64-bit XXH3 fingerprint of each, as TLC and Murphi's hash compaction
 * do: two states with the same fingerprint count as one, so a state may be
 * missed, with the probability in search_stats.collision.  Full states are
 * then kept only for the level being expanded and the next one, or
 * depth-first on the stack; the path to a violation is rebuilt by
 * replaying successor ordinals from the initial state, which needs only
 * the breadth-first tree (tree.h) or the depth-first parent links.
 *
 * With threads > 1, breadth-first levels are expanded by that many
 * threads and merged in order (parallel.c): the result is
 * the same in every respect as with one thread, limits included, except
 * for time and memory.
 */
#ifndef FC_SEARCH_H
#define FC_SEARCH_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>

typedef void (*search_emit_fn)(void *ectx, const uint8_t *next, unsigned viol);

struct search_ops {
	size_t state_size;
	void *ctx;
	void (*initial)(void *ctx, uint8_t *s);
	/* emit every successor of s, always in the same order; with
	 * threads > 1 called from several threads at once */
	void (*expand)(void *ctx, const uint8_t *s, search_emit_fn emit,
		       void *ectx);
	/* called once for each new state, in state-number order, from one
	 * thread at a time; returns bits violated by it */
	unsigned (*visit)(void *ctx, const uint8_t *s);
	/*
	 * NULL, or for each of the state_size bytes the bits that can ever be
	 * 1 in a state: states are then stored packed to those bits
	 * (pack.h).  A state outside them would be stored wrong.
	 */
	const uint8_t *bits;
};

enum search_stop { STOP_DONE, STOP_STATES, STOP_MEMORY, STOP_TIME,
		   STOP_INTERRUPT, STOP_FIRST };

struct search_stats;

/*
 * Progress, for a display: called about once a second from the thread
 * that called search_run(), from the second second on, with the numbers so
 * far (memory: held now; depth: the level being expanded); then once with
 * done = 1 at the end if it was called at all.  The explorer does no I/O.
 */
typedef void (*search_progress_fn)(void *pctx, const struct search_stats *st,
				   int done);

/* Limits and options of one search. */
struct search_limits {
	uint64_t max_states;	/* 0: none */
	double timeout;		/* seconds; 0: none */
	size_t max_memory;	/* bytes; 0: none */
	int dfs;		/* depth-first instead of breadth-first */
	int first;		/* stop at the first violation (STOP_FIRST),
				 * as SPIN does without -e */
	int fingerprint;	/* visited set of fingerprints */
	int threads;		/* breadth-first: expand each level with this
				 * many threads (0, 1: one); the same search */
	/* 0: the defaults.  Levels of fewer states are expanded by one
	 * thread, and threads take `par_chunk` parents at a time.  Tests set
	 * both to 1 to drive every level of small searches through the
	 * threads. */
	unsigned par_min_level, par_chunk;
	int no_pack;		/* ignore ops->bits: store states unpacked */
	int pack_check;		/* tests: abort() on a state outside
				 * ops->bits (a bug of the model's masks) */
	/*
	 * Non-NULL: the search stops as at a limit (STOP_INTERRUPT) once
	 * *interrupt is non-zero, read at each poll.  The command line's
	 * SIGINT handler sets it; the explorer knows no signals.
	 */
	const volatile sig_atomic_t *interrupt;
	search_progress_fn progress;	/* NULL: none */
	void *progress_ctx;
};


struct search_stats {
	uint64_t states, transitions;
	double seconds;
	size_t memory;		/* peak bytes held by the search */
	size_t held;		/* bytes held at the end, for the visited set
				 * and the parent links (frontier freed) */
	unsigned depth;		/* deepest state, in steps */
	enum search_stop stop;
	int fingerprint;	/* the visited set held fingerprints */
	double collision;	/* then: estimated probability that two states
				 * shared one, so that a state was missed */
};

struct search;

/* Runs to the end or to a limit.  Returns NULL only if the very first
 * allocation fails. */
struct search *search_run(const struct search_ops *ops,
			  const struct search_limits *lim);
void search_free(struct search *s);

const struct search_stats *search_stats(const struct search *s);
unsigned search_violated(const struct search *s);

/*
 * The path to the first violation of bit b: successor ordinals from the
 * initial state, the last one being the violating transition (or, for a
 * violation by a state, the step into that state).  Returns its length;
 * writes at most max ordinals.
 */
int search_path(const struct search *s, int b, uint32_t *ord, int max);

const char *search_stop_name(enum search_stop st);

#endif
