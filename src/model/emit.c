/* SPDX-License-Identifier: MIT */
/*
 * emit.c - one successor at a time: the note that goes with it (for
 * counterexample tables only), and the lost-write oracle, which every
 * successor is checked against as it is handed to the search.
 */
#include "model_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gen_say(struct gen *g, char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!g->notes)
		return;
	n = strlen(buf);
	if (n >= cap - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

const char *gen_vname_(const struct gen *g, const uint8_t *s, int gl,
		       int v, char *buf, size_t len)
{
	const struct model *m = g->m;
	uint8_t lab = s[m->o_vlabel[gl] + v];
	int dup = 0;

	for (int k = 0; k < s[m->o_nver[gl]]; k++)
		if (k != v && s[m->o_vlabel[gl] + k] == lab)
			dup = 1;
	if (dup)
		snprintf(buf, len, "%s#%d", m->p->labels[lab], v);
	else
		snprintf(buf, len, "%s", m->p->labels[lab]);
	return buf;
}

/* "P[0]@c1": which copy, for notes. */
const char *gen_slotname_(const struct gen *g, const struct slot *sl,
			  char *buf, size_t len)
{
	const struct model *m = g->m;
	int pg = sl->gline / m->mc->lines, i = sl->gline % m->mc->lines;

	snprintf(buf, len, "%s[%d]@c%d", m->p->pages[pg].name, i, sl->colour);
	return buf;
}

/* The lost-write oracle, checked on every successor. */
static int write_lost(const struct model *m, const uint8_t *s)
{
	for (int gl = 0; gl < m->nlines; gl++) {
		int v = newest(m, s, gl), held = s[m->o_mem[gl]] == v;

		for (int c = 0; c < m->ncpus && !held; c++)
			for (int k = 0; k < m->ndslots && !held; k++) {
				uint8_t e = s[m->o_d[c] + k];

				held = m->dslot[k].gline == gl && e &&
				       ENT_VER(e) == v;
			}
		if (!held)
			return 1;
	}
	return 0;
}

void gen_emit(struct gen *g)
{
	unsigned viol = g->viol;

	if (write_lost(g->m, g->t))
		viol |= 1u << OR_LOST_WRITE;
	g->emit(g->ctx, g->t, viol, g->notes ? &g->note : NULL);
}
