/* SPDX-License-Identifier: MIT */
/*
 * herd.c - a litmus test's result in herd7's own output block, so that
 * herd's comparison tools (and people used to herd) read it as they read
 * herd7's:
 *
 *   Test NAME Allowed
 *   States N
 *   1:X2=0; 1:X9=1;          one line per final outcome, sorted
 *   Ok | No
 *   Witnesses
 *   Positive: P Negative: N
 *   Condition exists (...)
 *   Observation NAME Sometimes|Always|Never P N
 *   Time NAME SECONDS
 *
 * What differs from herd7, by design (docs/herd.md): Positive and
 * Negative count distinct final outcomes, not candidate executions, and
 * herd's Flag lines are not printed.  An incomplete search prints
 * `Observation NAME incomplete`, never a verdict.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "../model/arm.h"
#include "../model/armv8.h"

/* One outcome as herd prints it: "1:X2=0; [x]=1;" */
static void outcome_line(const struct aprog *a, const uint32_t *val,
			 char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = 0;
	for (int k = 0; k < a->nobs && len < n; k++) {
		char v[96];

		aval_text(a, val[k], v, sizeof v);
		len += (size_t)snprintf(buf + len, n - len, "%s%s=%s;",
					k ? " " : "", a->obs[k].text, v);
	}
}

static int cmp_line(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void report_herd(FILE *f, const struct result *r)
{
	const struct program *p = r->p;
	const struct aprog *a = p->arm;
	enum { LINE = 1024 };
	char **lines;

	fprintf(f, "Test %s %s\n", a->name,
		a->quant == Q_FORALL ? "Required" :
		a->quant == Q_NOT_EXISTS ? "Forbidden" : "Allowed");
	if (r->error[0]) {
		fprintf(f, "Error %s\n", r->error);
		return;
	}
	fprintf(f, "States %d\n", r->noutcomes);
	lines = calloc((size_t)r->noutcomes + 1, sizeof *lines);
	for (int k = 0; lines && k < r->noutcomes; k++) {
		lines[k] = malloc(LINE);
		if (lines[k])
			outcome_line(a, r->outcomes[k].val, lines[k], LINE);
	}
	for (int k = 0; lines && k < r->noutcomes; k++)
		if (!lines[k])
			goto oom;
	if (lines)
		qsort(lines, (size_t)r->noutcomes, sizeof *lines, cmp_line);
	for (int k = 0; lines && k < r->noutcomes; k++)
		fprintf(f, "%s\n", lines[k]);
oom:
	for (int k = 0; lines && k < r->noutcomes; k++)
		free(lines[k]);
	free(lines);
	/* herd's condition text already begins with its quantifier */
	report_observation(f, r, a->name, NULL, a->cond_text);
	if (r->incomplete)
		fprintf(f, "Incomplete: %s\n", result_incomplete_reason(r));
	fprintf(f, "Time %s %.2f\n", a->name, r->stats.seconds);
}

const char *result_value_text(const struct program *p, uint32_t v, char *buf,
			      size_t len)
{
	if (p->arm)
		aval_text(p->arm, v, buf, len);
	else
		snprintf(buf, len, "%s", v < (uint32_t)p->nlabels ?
			 p->labels[v] : "?");
	return buf;
}
