/* SPDX-License-Identifier: MIT */
/*
 * hardware.c - the caches' own steps, which no thread asks for:
 * speculative I- and D-fills and evictions (a write-back when dirty).
 */
#include "model_int.h"

#include <string.h>

static void hw_ifills(struct gen *g, int c)
{
	const struct model *m = g->m;
	/* (slot, version) pairs already emitted: one bit each */
	uint64_t done[MAX_SLOTS][(MAX_VER + 64) / 64];
	char b1[48], b2[48];

	if (machine_icache_snoops(m->mc) || !machine_ispec(m->mc) ||
	    m->symbolic)
		return;
	/* only the slots in use: this runs for every state */
	memset(done, 0, (size_t)m->nislots * sizeof done[0]);
	for (int a = 0; a < m->p->nmappings; a++) {
		if (!spec_may_prefetch_i(m, g->s, a))
			continue;
		for (int i = 0; i < m->mc->lines; i++) {
			int is = m->islot_of[a][i], ds = m->dslot_of[a][i];
			int gl = m->islot[is].gline, v, from = -1;

			if (*ient(g, (uint8_t *)g->s, c, is))
				continue;
			v = ifill_from_dcache(m, a) ? exec_load_value(g, g->s, c, ds, &from)
						    : g->s[m->o_mem[gl]];
			if (done[is][v / 64] >> (v % 64) & 1)
				continue;
			done[is][v / 64] |= 1ull << (v % 64);
			gen_begin(g, c, 0);
			TEXT(g, "(spec I-fill via %s)", m->p->mappings[a].name);
			DETAIL(g, "I$ %s = %s from %s",
			       gen_slotname(g, &m->islot[is], b1, sizeof b1),
			       gen_vname(g, g->s, gl, v, b2, sizeof b2),
			       from >= 0 ? "the D side" : "memory");
			*ient(g, g->t, c, is) = (uint8_t)(v + 1);
			gen_emit(g);
		}
	}
}

static void hw_dfills(struct gen *g, int c)
{
	const struct model *m = g->m;
	uint8_t done[MAX_SLOTS] = { 0 };
	char b1[48], b2[48];

	if (!machine_dspec(m->mc))
		return;
	for (int a = 0; a < m->p->nmappings; a++) {
		if (pte_of(m, g->s, a) != PTE_PRESENT ||
		    (m->p->mappings[a].perms & PERM_F) || m->p->mappings[a].tmp)
			continue;
		for (int i = 0; i < m->mc->lines; i++) {
			int ds = m->dslot_of[a][i], v, from;

			if (g->s[m->o_d[c] + ds] || done[ds])
				continue;
			done[ds] = 1;
			v = exec_load_value(g, g->s, c, ds, &from);
			gen_begin(g, c, 0);
			TEXT(g, "(spec D-fill via %s)", m->p->mappings[a].name);
			DETAIL(g, "D$ %s = %s clean, from %s",
			       gen_slotname(g, &m->dslot[ds], b1, sizeof b1),
			       gen_vname(g, g->s, m->dslot[ds].gline, v, b2, sizeof b2),
			       from >= 0 ? "another CPU's copy" : "memory");
			*dent(g, g->t, c, ds) = (uint8_t)(v + 1);
			gen_emit(g);
		}
	}
}

static void hw_evictions(struct gen *g, int c)
{
	const struct model *m = g->m;
	char b1[48], b2[48];

	for (int ds = 0; ds < m->ndslots; ds++) {
		uint8_t e = g->s[m->o_d[c] + ds];
		int gl = m->dslot[ds].gline;

		if (!e)
			continue;
		gen_begin(g, c, 0);
		gen_slotname(g, &m->dslot[ds], b1, sizeof b1);
		gen_vname(g, g->s, gl, ENT_VER(e), b2, sizeof b2);
		if (e & ENT_DIRTY) {
			TEXT(g, "(evict D$ %s, write-back)", b1);
			DETAIL(g, "dirty %s written back to memory", b2);
			spec_mem_set(g, gl, ENT_VER(e));
		} else {
			TEXT(g, "(evict D$ %s)", b1);
			DETAIL(g, "clean %s dropped", b2);
		}
		*dent(g, g->t, c, ds) = 0;
		gen_emit(g);
	}
	if (machine_icache_snoops(m->mc) || m->symbolic)
		return;
	for (int is = 0; is < m->nislots; is++) {
		uint8_t e = *ient(g, (uint8_t *)g->s, c, is);

		if (!e)
			continue;
		gen_begin(g, c, 0);
		gen_slotname(g, &m->islot[is], b1, sizeof b1);
		TEXT(g, "(evict I$ %s)", b1);
		DETAIL(g, "%s dropped",
		       gen_vname(g, g->s, m->islot[is].gline, ENT_VER(e), b2, sizeof b2));
		*ient(g, g->t, c, is) = 0;
		gen_emit(g);
	}
}

void hw_steps(struct gen *g, int c)
{
	hw_ifills(g, c);
	hw_dfills(g, c);
	hw_evictions(g, c);
}
