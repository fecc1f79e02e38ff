/*
 * report.h - results into text for people and JSON for programs.
 *
 * The text form is herd's (Test, States, Observation lines) plus the
 * counterexample as a table with one column per CPU, the way kernel
 * developers draw races in mail.
 */
#ifndef FC_REPORT_H
#define FC_REPORT_H

#include <stdio.h>

#include "../check/check.h"

struct report_opts {
	int quiet;		/* no tables, no outcome lists */
};

void report_text(FILE *f, const struct result *r, const struct report_opts *o);
void report_json(FILE *f, const struct result *r);
/* The verdict in words: "ok", "incomplete", or the oracles violated. */
const char *result_verdict(const struct result *r, char *buf, size_t len);
/*
 * A matrix cell: the verdict, then the Observation word when the scenario
 * has a condition -- ptrace and module-load races show only there, since
 * no oracle judges a fetch through a mapping whose PTE did not change.
 */
const char *result_cell(const struct result *r, char *buf, size_t len);
/* The memory the search held at the end, over its states. */
double result_bytes_per_state(const struct result *r);

#endif
