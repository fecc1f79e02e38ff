/* SPDX-License-Identifier: MIT */
/*
 * policy.h - policy and kernel files (.pol, docs/design.md section 3.2), and
 * the set of them a scenario is compiled against.
 */
#ifndef FC_POLICY_H
#define FC_POLICY_H

#include "ast.h"

#define POL_MAX_FLAGS 8
#define POL_MAX_MASKS 3	/* FC_MAX_MASKS less mm_cpumask */
#define POL_MAX_MMFLAGS 8	/* FC_MAX_MMFLAGS */
#define POL_MAX_NAMES 8		/* the larger of the two */

/*
 * Names a file declares for state kept per mm: `cpumask NAME` (a CPU
 * mask) and `mmflag NAME` (a flag), each kind in a list of its own.
 */
struct pol_names {
	int n;
	const char *name[POL_MAX_NAMES];
	struct pos pos[POL_MAX_NAMES];
};

struct pol_func {
	const char *name;
	struct pos pos;
	int nparams;
	const char **params;
	struct stmt *body;
};

struct pol_file {
	const char *file;
	const char *name;
	const char *doc;
	int nflags;
	const char *flags[POL_MAX_FLAGS];
	struct pos flag_pos[POL_MAX_FLAGS];
	unsigned flag_ordered;	/* bit k: flags[k] is declared `ordered` */
	struct pol_names masks;		/* `cpumask NAME`: a CPU mask per mm */
	struct pol_names mmflags;	/* `mmflag NAME`: a flag per mm */
	/*
	 * `base NAME`: every function and flag this file does not define is
	 * the built-in policy NAME's (copied in when the set is loaded), so
	 * a variant of a policy is written as what it changes.
	 */
	const char *base;
	struct pos base_pos;
	int nfuncs;
	struct pol_func *funcs;
	/*
	 * Functions by name: open addressing, hcap a power of two, a slot
	 * holds index + 1 (0: empty).  A file of 100,000 functions must not
	 * take a quadratic time to load or to check.
	 */
	int hcap;
	int *hash;
};

/*
 * Where a call is looked up, in order: the policy, asm-generic (what an
 * architecture gets for a function it leaves out), the generic kernel.
 */
struct polset {
	const struct pol_file *policy;	/* NULL: asm-generic alone */
	const struct pol_file *generic;
	const struct pol_file *kernel;
};

/* NULL on error, with d filled in. */
struct pol_file *policy_parse(struct arena *a, const char *file,
			      const char *src, struct diag *d);
const struct pol_func *pol_find(const struct pol_file *f, const char *name);

struct suggest;
/* Offer every function name of ps (policy, asm-generic, kernel). */
void polset_offer_names(const struct polset *ps, struct suggest *sg);

/*
 * The set for one run: asm-generic, the kernel file, and the policy named
 * (a built-in) or given as text (a file); with neither, asm-generic alone.
 */
int polset_load(struct arena *a, struct polset *ps, const char *name,
		const char *file, const char *text, struct diag *d);

/*
 * Unknown functions, wrong arity, recursion and unknown flags anywhere in
 * the policy and kernel files: 0, or -1 with d filled in.
 */
int polset_check(const struct polset *ps, struct diag *d);

/* Built-in policy and kernel texts, compiled in. */
int builtin_policy_count(void);
const char *builtin_policy_name(int i);
const char *builtin_policy_text(const char *name);	/* NULL if unknown */

#endif
