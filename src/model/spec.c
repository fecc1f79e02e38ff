/* SPDX-License-Identifier: MIT */
/*
 * spec.c - symbolic speculation (--reduce spec).  Which mappings the
 * I-side prefetcher may fill through is spec_may_prefetch_i(), in
 * model_int.h.
 *
 * Symbolic speculation (REDUCE_SPEC, docs/design.md 6.3): an I-slot
 * is, instead of one entry, a bit set of versions, ibytes[slot] bytes, "the
 * versions this line may hold now"; the line may also always be absent
 * (eviction can happen at any time), and then a fetch fills it from
 * memory.  So a fetch may return any version of the set or memory's, and
 * there are no speculative I-fill or I-eviction steps at all.  The set
 * grows by the version memory held when memory changes while some
 * mapping lets the prefetcher reach the slot, or when the last such
 * mapping goes away: at any moment of that version's tenure a prefetch
 * could have taken it.  A fetch that returns v leaves exactly {v}; an
 * invalidation leaves {}.  Used only where I-fills come from memory
 * (ifill = memory, no snooping), where it gives the plain model's final
 * outcomes and violations exactly (tests/differential.sh checks that).
 */
#include "model_int.h"

#include <string.h>

/* Could the prefetcher fill I-slot `is` now, through some mapping? */
static int ireachable(const struct model *m, const uint8_t *s, int is)
{
	for (int a = 0; a < m->p->nmappings; a++)
		if ((m->imappings[is] >> a & 1) && spec_may_prefetch_i(m, s, a))
			return 1;
	return 0;
}

/*
 * Memory of line gl becomes version v.  In symbolic mode, every slot of
 * the line that the prefetcher can reach may have taken the version
 * memory held until now.
 */
void spec_mem_set(const struct gen *g, int gl, int v)
{
	const struct model *m = g->m;
	int old = g->t[m->o_mem[gl]];

	if (m->symbolic && old != v)
		for (int is = 0; is < m->nislots; is++)
			if (m->islot[is].gline == gl && ireachable(m, g->t, is))
				for (int c = 0; c < m->ncpus; c++)
					iset_add(m, g->t, c, is, old);
	g->t[m->o_mem[gl]] = (uint8_t)v;
}

/*
 * A PTE changed.  A slot the prefetcher could reach before and cannot any
 * more may hold what memory holds now.
 */
void spec_pte_changed(const struct gen *g)
{
	const struct model *m = g->m;

	if (!m->symbolic)
		return;
	for (int is = 0; is < m->nislots; is++)
		if (ireachable(m, g->s, is) && !ireachable(m, g->t, is))
			for (int c = 0; c < m->ncpus; c++)
				iset_add(m, g->t, c, is,
					 g->t[m->o_mem[m->islot[is].gline]]);
}

/*
 * A fetch in symbolic mode: one successor for each version the I-slot may
 * hold, and one for a miss that fills from memory (the same successor
 * when memory holds one of them).  Afterwards the slot holds just that.
 */
void spec_fetch(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int a = o->mapping, i = o->line, is = m->islot_of[a][i];
	int gl = m->islot[is].gline, mem = g->s[m->o_mem[gl]];
	uint8_t base[m->size];
	size_t tl = strlen(g->note.text);
	char b1[48], b2[48];

	memcpy(base, g->t, m->size);
	for (int v = 0; v < g->s[m->o_nver[gl]]; v++) {
		int held = iset_has(m, g->s, c, is, v);

		if (!held && v != mem)
			continue;
		memcpy(g->t, base, m->size);
		g->viol = 0;
		if (g->notes)
			g->note.text[tl] = g->note.detail[0] = '\0';
		gen_slotname(g, &m->islot[is], b1, sizeof b1);
		if (held && v != mem)
			DETAIL(g, "I$ hit at %s: %s, prefetched or fetched "
			       "earlier, not invalidated since",
			       b1, gen_vname(g, g->s, gl, v, b2, sizeof b2));
		else if (held)
			DETAIL(g, "I$ at %s: hit, or miss filled from memory", b1);
		else
			DETAIL(g, "I$ miss, filled from memory");
		iset_clear(m, g->t, c, is);
		iset_add(m, g->t, c, is, v);
		if (m->p->mappings[a].kind == MAPPING_USER &&
		    v < g->s[m->o_pub[a] + i])
			g->viol |= 1u << OR_STALE_FETCH;
		if (o->reg != NO_REG)
			g->t[m->o_reg[c] + o->reg] = g->s[m->o_vlabel[gl] + v];
		TEXT(g, " = %s", gen_vname(g, g->s, gl, v, b2, sizeof b2));
		if (g->viol)
			TEXT(g, "  <- stale");
		gen_emit(g);
	}
}
