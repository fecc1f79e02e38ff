/* SPDX-License-Identifier: MIT */
/*
 * text.c - the herd-style text report and the two-column counterexample.
 */
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS (FC_MAX_CPUS + 1)
/*
 * A table fits TABLE_WIDTH columns where it can: each CPU's column gets
 * an equal share, never under MIN_WIDTH, and a longer cell (a call path)
 * wraps inside its column at " > " or a blank, its continuation lines
 * indented by two, as a mailing-list diagram would.
 */
#define TABLE_WIDTH 120
#define MIN_WIDTH 40
#define MAX_WRAP 16		/* lines of one cell */

const char *result_verdict(const struct result *r, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int b = 0; b < OR_COUNT; b++)
		if (r->violated & (1u << b))
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
					      "%s%s", n ? " " : "",
					      oracle_names[b]);
	if (r->incomplete)
		snprintf(buf + n, n < len ? len - n : 0, "%sincomplete",
			 n ? " " : "");
	else if (!n)
		snprintf(buf, len, "ok");
	return buf;
}

static int column_of(const struct step_note *s, int ncpus)
{
	return s->agent == AGENT_DEV ? ncpus : s->agent;
}

/* Table rows are built in a buffer so that trailing blanks can go. */
struct row {
	char buf[1024];
	size_t n;
};

static void row_add(struct row *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void row_add(struct row *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n >= sizeof r->buf)
		return;
	va_start(ap, fmt);
	r->n += (size_t)vsnprintf(r->buf + r->n, sizeof r->buf - r->n, fmt, ap);
	va_end(ap);
	if (r->n > sizeof r->buf - 1)
		r->n = sizeof r->buf - 1;
}

static void row_print(FILE *f, struct row *r)
{
	while (r->n && r->buf[r->n - 1] == ' ')
		r->n--;
	r->buf[r->n] = '\0';
	fprintf(f, "%s\n", r->buf);
	r->n = 0;
}


static int same_step(const struct step_note *a, const struct step_note *b)
{
	return a->agent == b->agent && a->thread_op == b->thread_op &&
	       !strcmp(a->text, b->text) && !strcmp(a->detail, b->detail);
}

/*
 * A run's counterexamples often begin alike: the bad outcome of a `bug
 * exists` condition is reached by going on from the stale fetch.  The
 * longest earlier table that is a whole prefix of trace k (its index in
 * *ref): how many of k's steps it covers, 0 if none.
 */
static int shared_prefix(const struct result *r, int k, int *ref)
{
	const struct trace *t = &r->traces[k];
	int best = 0;

	for (int j = 0; j < k; j++) {
		const struct trace *u = &r->traces[j];
		int n = 0;

		if (!u->nsteps || u->nsteps > t->nsteps || u->nsteps <= best)
			continue;
		while (n < u->nsteps && same_step(&u->steps[n], &t->steps[n]))
			n++;
		if (n == u->nsteps) {
			best = n;
			*ref = j;
		}
	}
	return best;
}

/*
 * The CPU-column table of t.  Its first `skip` steps are those of the
 * table of oracle `ref` printed above: one row says so.
 */
static void print_table(FILE *f, const struct trace *t, int ncpus, int skip,
			const char *ref)
{
	int width[MAX_COLS] = { 0 }, dev = 0, cap;
	struct row r = { .n = 0 };

	for (int k = skip; k < t->nsteps; k++)
		dev |= t->steps[k].agent == AGENT_DEV;
	cap = (TABLE_WIDTH - 7) / (ncpus + dev) - 3;
	if (cap < MIN_WIDTH)
		cap = MIN_WIDTH;
	for (int c = 0; c < ncpus; c++)
		width[c] = 4;
	for (int k = skip; k < t->nsteps; k++) {
		const struct step_note *s = &t->steps[k];
		int c = column_of(s, ncpus), w;

		w = (int)strlen(s->text);
		if ((int)strlen(s->detail) + 2 > w)
			w = (int)strlen(s->detail) + 2;
		if (w > cap)
			w = cap;
		if (w > width[c])
			width[c] = w;
	}
	if (dev && width[ncpus] < 3)
		width[ncpus] = 3;
	row_add(&r, " step |");
	for (int c = 0; c < ncpus + dev; c++) {
		char h[8];

		snprintf(h, sizeof h, c == ncpus ? "DEV" : "CPU%d", c);
		/* a long cell overflows its column rather than being cut */
		row_add(&r, c + 1 < ncpus + dev ? " %-*s |" : " %-*s", width[c], h);
	}
	row_print(f, &r);
	if (skip) {
		char steps[16];

		snprintf(steps, sizeof steps, skip > 1 ? "1-%d" : "1", skip);
		row_add(&r, "%5s | as in the %s table above", steps, ref);
		row_print(f, &r);
	}
	for (int k = skip; k < t->nsteps; k++) {
		const struct step_note *s = &t->steps[k];
		int col = column_of(s, ncpus), w = width[col];
		const char *line[2 * MAX_WRAP];
		int len[2 * MAX_WRAP], ind[2 * MAX_WRAP], n, nd;

		/* the op (its call path wrapped), then its detail, indented */
		n = report_wrap(s->text, w, w - 2, line, len, MAX_WRAP);
		for (int i = 0; i < n; i++)
			ind[i] = i ? 2 : 0;
		nd = s->detail[0] ? report_wrap(s->detail, w - 2, w - 4, line + n,
						 len + n, MAX_WRAP) : 0;
		for (int i = n; i < n + nd; i++)
			ind[i] = i > n ? 4 : 2;
		for (int i = 0; i < n + nd; i++) {
			if (i == 0)
				row_add(&r, "%5d |", k + 1);
			else
				row_add(&r, "      |");
			for (int c = 0; c < ncpus + dev; c++) {
				int pad = width[c];

				if (c == col) {
					row_add(&r, " %*s%.*s", ind[i], "",
						len[i], line[i]);
					pad -= ind[i] + len[i];
					if (pad < 0)
						pad = 0;
					if (c + 1 < ncpus + dev)
						row_add(&r, "%*s |", pad, "");
					continue;
				}
				row_add(&r, c + 1 < ncpus + dev ? " %-*s |" : " %-*s",
					width[c], "");
			}
			row_print(f, &r);
		}
	}
}

static const char *obs_name(enum obs_word w)
{
	return w == OBS_SOMETIMES ? "Sometimes"
	     : w == OBS_NEVER ? "Never" : w == OBS_ALWAYS ? "Always" : "";
}

const char *result_cell(const struct result *r, char *buf, size_t len)
{
	char v[128];

	result_verdict(r, v, sizeof v);
	if (r->has_cond && !r->incomplete)
		snprintf(buf, len, "%s %s", v, obs_name(result_observation(r)));
	else
		snprintf(buf, len, "%s", v);
	return buf;
}

double result_bytes_per_state(const struct result *r)
{
	return r->stats.states ? (double)r->stats.held / (double)r->stats.states
			       : 0;
}

/* 1234567 -> "1.2M" */
static const char *human(size_t n, char *buf, size_t len)
{
	static const char unit[] = "KMGT";
	double v = (double)n;
	int u = -1;

	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%zu", n);
	else
		snprintf(buf, len, "%.1f%c", v, unit[u]);
	return buf;
}

static const char *quant_name(const struct program *p)
{
	if (p->quant == Q_EXISTS)
		return p->cond_bug ? "bug exists" : "exists";
	return p->quant == Q_NOT_EXISTS ? "~exists" : "forall";
}

static void print_valuation(FILE *f, const struct program *p,
			    const uint32_t *val)
{
	char buf[96];

	for (int l = 0; l < p->nlocs; l++)
		fprintf(f, "%s=%s; ", p->locs[l].text,
			result_value_text(p, val[l], buf, sizeof buf));
}

static void print_outcomes(FILE *f, const struct result *r, int quiet)
{
	const struct program *p = r->p;

	if (!quiet) {
		fprintf(f, "Outcomes %d\n", r->noutcomes);
		for (int k = 0; k < r->noutcomes; k++) {
			fputs(r->outcomes[k].sat ? "*> " : "   ", f);
			print_valuation(f, p, r->outcomes[k].val);
			fputc('\n', f);
		}
	}
	report_observation(f, r, p->name, quant_name(p), p->cond_text);
}

void report_observation(FILE *f, const struct result *r, const char *name,
			const char *quant, const char *cond)
{
	unsigned long long pos = r->npos, neg = r->nneg;

	if (!r->incomplete)
		fprintf(f, "%s\n", r->cond_holds ? "Ok" : "No");
	fprintf(f, "Witnesses\nPositive: %llu Negative: %llu\n", pos, neg);
	fprintf(f, "Condition %s%s%s\n", quant ? quant : "", quant ? " " : "",
		cond ? cond : "");
	fprintf(f, "Observation %s %s %llu %llu\n", name,
		r->incomplete ? "incomplete" : obs_name(result_observation(r)),
		pos, neg);
}

/* Reduced runs: was the counterexample found in the plain model? */
static void print_confirm(FILE *f, const struct trace *t)
{
	const char *o = oracle_names[t->oracle];
	unsigned long long n = (unsigned long long)t->confirm_states;

	switch (t->confirm) {
	case CONFIRM_NONE:
		break;
	case CONFIRM_OK:
		fprintf(f, "Confirmed %s in the plain model (%llu states): "
			"the table is its trace\n", o, n);
		break;
	case CONFIRM_CAPPED:
		fprintf(f, "Not confirmed %s: the plain-model search stopped "
			"(%s) after %llu states; the table is the reduced "
			"model's\n", o, search_stop_name(t->confirm_stop), n);
		break;
	case CONFIRM_REFUTED:
		fprintf(f, "UNSOUND REDUCTION %s: no path of the plain model "
			"(%llu states) takes the table's thread steps to "
			"this violation\n", o, n);
		break;
	}
}

/* --shortest: was the table made a shortest trace of the plain model? */
static void print_shortest(FILE *f, const struct trace *t)
{
	const char *o = oracle_names[t->oracle];
	unsigned long long n = (unsigned long long)t->shortest_states;

	if (t->shortest == SHORTEST_YES && n)
		fprintf(f, "Shortest %s: the plain model searched breadth-first "
			"(%llu states); the table is a shortest trace\n", o, n);
	else if (t->shortest == SHORTEST_CAPPED)
		fprintf(f, "Not shortest %s: the plain-model search stopped "
			"(%s) after %llu states; the table is a real trace, "
			"maybe not a shortest\n", o,
			search_stop_name(t->shortest_stop), n);
}

void report_text(FILE *f, const struct result *r, const struct report_opts *o)
{
	const struct program *p = r->p;
	char buf[256];

	fprintf(f, "Test %s machine=%s policy=%s\n", p->name, p->machine.name,
		r->policy);
	if (r->error[0]) {
		fprintf(f, "Error %s\n", r->error);
		return;
	}
	fprintf(f, "States %llu Transitions %llu Time %.3f\n",
		(unsigned long long)r->stats.states,
		(unsigned long long)r->stats.transitions, r->stats.seconds);
	fprintf(f, "Memory %s peak, %.1f bytes/state\n",
		human(r->stats.memory, buf, sizeof buf),
		result_bytes_per_state(r));
	if (r->stats.fingerprint)
		fprintf(f, "Fingerprint collision probability %.1e: "
			"the verdict is probabilistic\n", r->stats.collision);
	if (r->incomplete) {
		char next[256];

		fprintf(f, "Incomplete %s after %llu states\n",
			result_incomplete_reason(r),
			(unsigned long long)r->stats.states);
		if (result_next_try(r, next, sizeof next))
			fprintf(f, "Next: try %s\n", next);
	}
	for (int k = 0; k < r->ntraces; k++) {
		const struct trace *t = &r->traces[k];

		int ref = 0, skip = shared_prefix(r, k, &ref);

		fprintf(f, "Violation %s\n", oracle_names[t->oracle]);
		if (!o->quiet && t->nsteps) {
			print_table(f, t, p->machine.cpus, skip,
				    oracle_names[r->traces[ref].oracle]);
			if (o->legend_done && !(*o->legend_done & 1)) {
				*o->legend_done |= 1;
				fputs("(D$ P[0]@c1: the CPU's D-cache copy of page "
				      "P's line 0 at cache colour 1; I$ alike)\n",
				      f);
			}
		}
		if (!o->quiet && t->has_outcome) {
			/* the final state the table ends in: the feared one */
			fputs("Final ", f);
			print_valuation(f, p, t->outcome);
			fprintf(f, " <- bug exists %s\n", p->cond_text);
		}
		print_confirm(f, t);
		print_shortest(f, t);
	}
	if (r->has_cond)
		print_outcomes(f, r, o->quiet);
	fprintf(f, "Verdict %s\n", result_verdict(r, buf, sizeof buf));
	if (r->has_cond && !o->quiet && o->legend_done &&
	    !(*o->legend_done & 2)) {
		*o->legend_done |= 2;
		fputs("(the Verdict is flushcheck's; Ok/No above is herd's: "
		      "did the condition hold?)\n", f);
	}
	for (int k = 0; k < r->nexp; k++) {
		const struct expect_result *x = &r->exp[k];

		int like = strcmp(r->judged_as, r->policy) != 0;

		fprintf(f, "Expect %s: %s  %s%s%s%s\n", x->e->policy, x->e->text,
			x->v == EXP_OK ? "ok" : x->v == EXP_FAILED ? "FAILED"
								   : "incomplete",
			like ? "  (--like: judges " : "", like ? r->policy : "",
			like ? ")" : "");
	}
}
