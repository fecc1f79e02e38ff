/* SPDX-License-Identifier: MIT */
/*
 * dot.c - each counterexample of a run as a Graphviz digraph (--dot):
 * a node per step, a cluster per CPU (and DEV), an edge from each step to
 * the next one on its CPU (solid) and from each step to the next in the
 * trace where that is another CPU's (dashed: the interleaving).
 */
#include "report.h"

#include <string.h>

/* A DOT string's content: quotes, backslashes and line ends escaped. */
static void dot_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static int lane(const struct step_note *s, int ncpus)
{
	return s->agent == AGENT_DEV ? ncpus : s->agent;
}

void report_dot(FILE *f, const struct result *r)
{
	const struct program *p = r->p;
	int ncpus = p->machine.cpus;

	for (int k = 0; k < r->ntraces; k++) {
		const struct trace *t = &r->traces[k];
		char name[512];

		if (!t->nsteps)
			continue;
		snprintf(name, sizeof name, "%s %s %s", p->name, r->policy,
			 oracle_names[t->oracle]);
		fputs("digraph ", f);
		dot_string(f, name);
		fputs(" {\n\tlabel=", f);
		dot_string(f, name);
		fputs(";\n\tnode [shape=box, fontname=monospace];\n", f);
		for (int c = 0; c <= ncpus; c++) {
			int any = 0;

			for (int s = 0; s < t->nsteps; s++) {
				const struct step_note *n = &t->steps[s];
				char label[420];

				if (lane(n, ncpus) != c)
					continue;
				if (!any++) {
					if (c == ncpus)
						fputs("\tsubgraph cluster_dev {\n"
						      "\t\tlabel=\"DEV\";\n", f);
					else
						fprintf(f, "\tsubgraph cluster_cpu%d {\n"
							"\t\tlabel=\"CPU%d\";\n", c, c);
				}
				snprintf(label, sizeof label, "%d: %s%s%s", s + 1,
					 n->text, n->detail[0] ? " / " : "",
					 n->detail);
				fprintf(f, "\t\ts%d [label=", s + 1);
				dot_string(f, label);
				fputs("];\n", f);
			}
			if (any)
				fputs("\t}\n", f);
		}
		for (int s = 0; s < t->nsteps; s++) {
			int c = lane(&t->steps[s], ncpus), n;

			/* the next step on the same CPU */
			for (n = s + 1; n < t->nsteps &&
			     lane(&t->steps[n], ncpus) != c; n++)
				;
			if (n < t->nsteps)
				fprintf(f, "\ts%d -> s%d;\n", s + 1, n + 1);
			/* the next step of the trace, when another CPU's */
			if (s + 1 < t->nsteps && n != s + 1)
				fprintf(f, "\ts%d -> s%d [style=dashed];\n",
					s + 1, s + 2);
		}
		fputs("}\n", f);
	}
}
