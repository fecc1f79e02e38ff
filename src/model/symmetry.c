/* SPDX-License-Identifier: MIT */
/*
 * symmetry.c - interchangeable CPUs (--reduce symmetry).
 *
 * Symmetry (REDUCE_SYMMETRY): CPUs are interchangeable when they run the
 * same program (or none), none of their registers is named by the
 * condition and there are no on_each_cpu blocks (whose state is indexed
 * by CPU pairs).  The machine treats every CPU alike, so permuting such
 * CPUs' parts of a state -- pc, registers, hand, D- and I-cache entries --
 * gives a state with the same future up to that permutation.
 * model_canonical() sorts each class of interchangeable CPUs by those
 * parts, so the search keeps one state per orbit.
 */
#include "model_int.h"

#include <assert.h>
#include <string.h>

static int dcond_equal(const struct dcond *a, const struct dcond *b)
{
	if (!a || !b)
		return a == b;
	return a->kind == b->kind && a->a == b->a && a->b == b->b &&
	       dcond_equal(a->l, b->l) && dcond_equal(a->r, b->r);
}

static int thread_equal(const struct thread *a, const struct thread *b)
{
	if (a->nops != b->nops)
		return 0;
	for (int k = 0; k < a->nops; k++) {
		const struct op *x = &a->ops[k], *y = &b->ops[k];

		if (x->kind != y->kind || x->local != y->local ||
		    x->mapping != y->mapping || x->line != y->line ||
		    x->reg != y->reg || x->label != y->label ||
		    x->flag != y->flag || x->ipi != y->ipi ||
		    x->target != y->target || !dcond_equal(x->cond, y->cond))
			return 0;
	}
	return 1;
}

/* Classes of interchangeable CPUs (see the layout comment). */
void symmetry_find(struct model *m)
{
	const struct program *p = m->p;
	int named[FC_MAX_CPUS] = { 0 }, nclass = 0;

	for (int c = 0; c < m->ncpus; c++)
		m->symclass[c] = -1;
	/* IPIs and per-CPU state (masks name CPUs) tell CPUs apart */
	if (p->nipis || p->cpu_state)
		return;
	for (int k = 0; k < p->nlocs; k++)
		if (!p->locs[k].is_mem)
			named[p->locs[k].thread] = 1;
	for (int c = 0; c < m->ncpus; c++) {
		int has = c < p->nthreads;

		if (named[c] || m->symclass[c] >= 0)
			continue;
		for (int d = c + 1; d < m->ncpus; d++) {
			int dhas = d < p->nthreads;

			if (named[d] || m->symclass[d] >= 0 || has != dhas)
				continue;
			if (has && (p->nregs[c] != p->nregs[d] ||
				    !thread_equal(&p->threads[c], &p->threads[d])))
				continue;
			if (m->symclass[c] < 0)
				m->symclass[c] = (int8_t)nclass++;
			m->symclass[d] = m->symclass[c];
		}
	}
	m->symmetric = nclass > 0;
}

/* CPU c's part of s, gathered into key (cpu_part_size bytes). */
static size_t cpu_part(const struct model *m, const uint8_t *s, int c,
		       uint8_t *key)
{
	size_t n = 0;
	int nregs = c < m->p->nthreads ? m->p->nregs[c] : 0;

	memcpy(key + n, s + m->o_pc[c], 2), n += 2;
	memcpy(key + n, s + m->o_reg[c], (size_t)nregs), n += (size_t)nregs;
	key[n++] = s[m->o_hand[c]];
	memcpy(key + n, s + m->o_d[c], (size_t)m->ndslots), n += (size_t)m->ndslots;
	memcpy(key + n, s + m->o_i[c], (size_t)m->iset_size), n += (size_t)m->iset_size;
	return n;
}

static void put_cpu_part(const struct model *m, uint8_t *s, int c,
			 const uint8_t *key)
{
	size_t n = 0;
	int nregs = c < m->p->nthreads ? m->p->nregs[c] : 0;

	memcpy(s + m->o_pc[c], key + n, 2), n += 2;
	memcpy(s + m->o_reg[c], key + n, (size_t)nregs), n += (size_t)nregs;
	s[m->o_hand[c]] = key[n++];
	memcpy(s + m->o_d[c], key + n, (size_t)m->ndslots), n += (size_t)m->ndslots;
	memcpy(s + m->o_i[c], key + n, (size_t)m->iset_size);
}

void model_canonical(const struct model *m, uint8_t *s)
{
	if (!m->symmetric)
		return;
	for (int cls = 0;; cls++) {
		int cpu[FC_MAX_CPUS], n = 0;

		for (int c = 0; c < m->ncpus; c++)
			if (m->symclass[c] == cls)
				cpu[n++] = c;
		if (n == 0)
			return;
		/* every CPU of a class has a part of the same size */
		uint8_t part[FC_MAX_CPUS][m->size];
		size_t len = 0;
		int order[FC_MAX_CPUS];

		for (int k = 0; k < n; k++) {
			size_t l = cpu_part(m, s, cpu[k], part[k]);

			assert(k == 0 || l == len);	/* like CPUs, like parts */
			len = l;
			order[k] = k;
		}
		for (int k = 1; k < n; k++)	/* insertion sort: n <= 8 */
			for (int j = k; j > 0 &&
			     memcmp(part[order[j - 1]], part[order[j]], len) > 0; j--) {
				int t = order[j];

				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		for (int k = 0; k < n; k++)
			put_cpu_part(m, s, cpu[k], part[order[k]]);
	}
}
