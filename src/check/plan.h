/* SPDX-License-Identifier: MIT */
/*
 * plan.h - which runs a loaded scenario asks for, and the policy set each
 * run is compiled against.
 *
 * A scenario is checked once per policy.  The rule of which policies
 * (docs/design.md section 3.1) lives here, so that every front end and
 * every caller (the command line, a test, a future server) applies the
 * same one:
 *   1. policies asked for (--policy), if any: those, in the order asked;
 *   2. else every policy its expect lines name (not `*`), in the order of
 *      the lines, then its `policy =` setting, each once;
 *   3. else generic (asm-generic and the kernel file alone).
 * A name is then resolved to a policy set: a policy the user gave as a
 * file (under the name in its header), else a built-in policy, else
 * `generic`; anything else is an error naming the name.
 */
#ifndef FC_PLAN_H
#define FC_PLAN_H

#include "../lang/policy.h"
#include "../model/program.h"

/* The policy that a scenario without expect lines or `policy =` gets. */
#define PLAN_DEFAULT_POLICY "generic"

/*
 * The policies p runs under, into out[0 .. max - 1] (the names point into
 * p or asked): how many.  asked: the nasked policies asked for, or none.
 */
int plan_policies(const struct program *p, const char *const *asked,
		  int nasked, const char **out, int max);

/* A policy the user gave as a file: its header's name and its text. */
struct plan_user_policy {
	const char *name;
	const char *file;
	const char *text;
};

/*
 * The policy set for name, in arena a: one of the nuser user policies, a
 * built-in, or generic.  0, or -1 with d filled in (no position: the
 * caller says which file asked for it).
 */
int plan_polset(struct arena *a, const char *name,
		const struct plan_user_policy *user, int nuser,
		struct polset *ps, struct diag *d);

/*
 * " (did you mean 'arm64'?)" for a name plan_polset() does not know: the
 * nearest built-in, user or default policy; "" when none is near.
 */
const char *plan_policy_hint(const char *name,
			     const struct plan_user_policy *user, int nuser,
			     char *buf, size_t len);

/* Does plan_polset() know name (without loading anything)? */
int plan_policy_known(const char *name, const struct plan_user_policy *user,
		      int nuser);

/*
 * Where p names policy `name`: the line of its first expect line naming
 * it, or of its `policy =` setting, with the column in *col; 0 if p does
 * not name it (it was asked for on the command line).
 */
int plan_named_at(const struct program *p, const char *name, int *col);

#endif
