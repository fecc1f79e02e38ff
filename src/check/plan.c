/* SPDX-License-Identifier: MIT */
/*
 * plan.c - which policies a scenario runs under, and what a policy name
 * means (plan.h).
 */
#include "plan.h"

#include <stdio.h>
#include "../lang/suggest.h"
#include <string.h>

/* Add name to out[0 .. *n - 1] unless there, while there is room. */
static void add_once(const char **out, int *n, int max, const char *name)
{
	for (int j = 0; j < *n; j++)
		if (!strcmp(out[j], name))
			return;
	if (*n < max)
		out[(*n)++] = name;
}

int plan_policies(const struct program *p, const char *const *asked,
		  int nasked, const char **out, int max)
{
	int n = 0;

	if (max < 1)
		return 0;
	if (p->arm) {	/* a litmus test: no policy applies, one run */
		out[n++] = PLAN_DEFAULT_POLICY;
		return n;
	}
	if (nasked) {
		/* as asked: the same policy twice is run twice */
		for (int k = 0; k < nasked && n < max; k++)
			out[n++] = asked[k];
		return n;
	}
	for (int k = 0; k < p->nexpects; k++)
		if (strcmp(p->expects[k].policy, "*"))
			add_once(out, &n, max, p->expects[k].policy);
	if (p->policy)
		add_once(out, &n, max, p->policy);
	if (!n)
		out[n++] = PLAN_DEFAULT_POLICY;
	return n;
}

/*
 * Built-in texts that are not policies: the base every policy is
 * compiled with (polset_load adds them itself).
 */
static int is_base_file(const char *name)
{
	return !strcmp(name, "linux") || !strcmp(name, "asm-generic");
}

/* The user policy called name, or NULL. */
static const struct plan_user_policy *
user_policy(const char *name, const struct plan_user_policy *user, int nuser)
{
	for (int k = 0; k < nuser; k++)
		if (user[k].text && !strcmp(user[k].name, name))
			return &user[k];
	return NULL;
}

int plan_policy_known(const char *name, const struct plan_user_policy *user,
		      int nuser)
{
	return user_policy(name, user, nuser) ||
	       (builtin_policy_text(name) && !is_base_file(name)) ||
	       !strcmp(name, PLAN_DEFAULT_POLICY);
}

int plan_named_at(const struct program *p, const char *name, int *col)
{
	for (int k = 0; k < p->nexpects; k++)
		if (!strcmp(p->expects[k].policy, name)) {
			*col = p->expects[k].src_col;
			return p->expects[k].src_line;
		}
	*col = p->policy_col;
	return p->policy && !strcmp(p->policy, name) ? p->policy_line : 0;
}

const char *plan_policy_hint(const char *name,
			     const struct plan_user_policy *user, int nuser,
			     char *buf, size_t len)
{
	struct suggest sg;

	suggest_init(&sg, name);
	for (int k = 0; k < builtin_policy_count(); k++)
		if (!is_base_file(builtin_policy_name(k)))
			suggest_offer(&sg, builtin_policy_name(k));
	for (int k = 0; k < nuser; k++)
		suggest_offer(&sg, user[k].name);
	suggest_offer(&sg, PLAN_DEFAULT_POLICY);
	return suggest_text(&sg, buf, len);
}

int plan_polset(struct arena *a, const char *name,
		const struct plan_user_policy *user, int nuser,
		struct polset *ps, struct diag *d)
{
	const struct plan_user_policy *u = user_policy(name, user, nuser);

	if (u)
		return polset_load(a, ps, NULL, u->file, u->text, d);
	if (builtin_policy_text(name) && !is_base_file(name))
		return polset_load(a, ps, name, NULL, NULL, d);
	if (!strcmp(name, PLAN_DEFAULT_POLICY))
		return polset_load(a, ps, NULL, NULL, NULL, d);
	{
		char dym[96];

		snprintf(d->msg, sizeof d->msg, "unknown policy '%s'%s (built-in: "
			 "see --list-policies; or --policy FILE.pol)", name,
			 plan_policy_hint(name, user, nuser, dym, sizeof dym));
	}
	d->line = d->col = 0;
	return -1;
}
