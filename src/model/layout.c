/* SPDX-License-Identifier: MIT */
/*
 * layout.c - where each field of a state lives, what each field may
 * hold, the initial state, and the thread part of a state.
 *
 * State layout, one byte per field, offsets computed in model_new():
 *
 *   per CPU      pc (2 bytes), registers[nregs], hand (the value a copy holds
 *                between its load and its store)
 *   per line     nver (versions created so far), vlabel[maxver] (the label
 *                of each version), mem (the version memory holds)
 *   per CPU      D-cache entries, one per D-slot; I-cache entries, one per
 *                I-slot
 *   per mapping  pte (user mappings only), pub[lines]: the newest version
 *                of each line when the PTE was last made present
 *   per page     flags, one bit per declared flag (only if there are any)
 *   per CPU      the on_each_cpu block it posted; per (target, source)
 *                CPU the pc + 1 of that handler on the target, 0 = none
 *                (only if the program has on_each_cpu blocks)
 *   once         irq: bit c set while CPU c has interrupts off; then per
 *                (CPU mask, mm) a byte, bit c set when CPU c is in it;
 *                per mm, one bit per mm flag (only if the program uses
 *                them: program.h cpu_state)
 *   per thread   the CPU it runs on and the one it last ran on (only if
 *                threads migrate: program.h migrates)
 *   once         bit c set while CPU c is online (only if some CPU starts
 *                offline)
 *   per CPU      its active_mm + 1, 0 for init_mm (only if threads
 *                migrate)
 *
 * A "line" here is a physical model line: page * lines + index.  A "slot"
 * is a (line, colour) pair that some mapping of the scenario can reach;
 * only those get room in the state, so a 4 MB colour span costs nothing
 * unless the scenario uses many colours.
 *
 * Cache entry byte: 0 = invalid, else (version + 1) | ENT_DIRTY.
 */
#include "model_int.h"
#include "../lang/limits.h"

/* the compiler refuses the write past this, with its position */
_Static_assert(FC_MAX_LINE_WRITES == MAX_VER - 1,
	       "limits.h FC_MAX_LINE_WRITES is the model's MAX_VER - 1");

#include <stdio.h>
#include <string.h>

/* Colour of mapping a in a cache: VIVT colours are distinct VAs. */
static int mapping_colour(const struct model *m, const struct cache_geom *g,
			  int a)
{
	const struct program *p = m->p;
	const struct mapping *al = &p->mappings[a];

	if (g->index == IDX_PIPT)
		return 0;
	if (g->index == IDX_VIPT)
		return (int)machine_colour(m->mc, g, al->va);
	/* VIVT: every distinct VA of the page is its own copy */
	unsigned long seen[FC_MAX_MAPPINGS];
	int n = 0;

	for (int b = 0; b < p->nmappings; b++) {
		int k;

		if (p->mappings[b].page != al->page)
			continue;
		for (k = 0; k < n && seen[k] != p->mappings[b].va; k++)
			;
		if (k == n)
			seen[n++] = p->mappings[b].va;
		if (b == a)
			return k;
	}
	return 0;
}

static int find_slot(struct slot *slots, int *n, int gl, int colour)
{
	for (int k = 0; k < *n; k++)
		if (slots[k].gline == gl && slots[k].colour == colour)
			return k;
	if (*n >= MAX_SLOTS)
		return -1;
	slots[*n] = (struct slot){ gl, colour };
	return (*n)++;
}

static int op_writes(const struct op *o)
{
	return (op_flags(o) & OPF_WRITES) != 0;
}

/* The page an op touches: a device names it, a CPU goes through a mapping */
static int op_page(const struct program *p, const struct op *o)
{
	return op_flags(o) & OPF_DEVICE ? o->mapping : p->mappings[o->mapping].page;
}

/*
 * Lay out the state of m's program: slots, version counts, offsets
 * (the comment at the top).  m->p, m->mc, m->ncpus and m->nlines are set.
 */
int model_layout(struct model *m, unsigned reduce, char *err, size_t errlen)
{
	const struct program *p = m->p;
	int off = 0;

	for (int k = 0; k < p->nipis; k++)
		if (p->ipis[k].nops > FC_MAX_HANDLER_OPS) {
			snprintf(err, errlen, "an on_each_cpu block of more "
				 "than %d steps", FC_MAX_HANDLER_OPS);
			return -1;
		}
	for (int a = 0; a < p->nmappings; a++) {
		int dc = mapping_colour(m, &m->mc->d, a);
		int ic = mapping_colour(m, &m->mc->i, a);

		for (int i = 0; i < m->mc->lines; i++) {
			int gl = model_gline(m, p->mappings[a].page, i);
			int ds = find_slot(m->dslot, &m->ndslots, gl, dc);
			int is = find_slot(m->islot, &m->nislots, gl, ic);

			if (ds < 0 || is < 0) {
				snprintf(err, errlen, "too many cache slots "
					 "(mappings x lines > %d)", MAX_SLOTS);
				return -1;
			}
			m->dslot_of[a][i] = (uint8_t)ds;
			m->islot_of[a][i] = (uint8_t)is;
			m->imappings[is] |= (uint16_t)(1u << a);
		}
	}

	for (int gl = 0; gl < m->nlines; gl++)
		m->maxver[gl] = 1;
	for (int t = 0; t < p->nthreads; t++)
		for (int k = 0; k < p->threads[t].nops; k++) {
			const struct op *o = &p->threads[t].ops[k];

			if (op_writes(o))
				m->maxver[model_gline(m, op_page(p, o), o->line)]++;
		}
	/* a handler runs once on every other CPU each time it is posted */
	for (int k = 0; k < p->nipis; k++)
		for (int j = 0; j < p->ipis[k].nops; j++) {
			const struct op *o = &p->ipis[k].ops[j];

			if (op_writes(o))
				m->maxver[model_gline(m, op_page(p, o), o->line)] +=
					m->ncpus - 1;
		}
	for (int gl = 0; gl < m->nlines; gl++)
		if (m->maxver[gl] > MAX_VER) {
			snprintf(err, errlen, "more than %d writes to one line",
				 MAX_VER - 1);
			return -1;
		}

	for (int c = 0; c < m->ncpus; c++) {
		m->o_pc[c] = off;
		off += 2;
		m->o_reg[c] = off;
		off += c < p->nthreads ? p->nregs[c] : 0;
		m->o_hand[c] = off++;
	}
	for (int gl = 0; gl < m->nlines; gl++) {
		m->o_nver[gl] = off++;
		m->o_vlabel[gl] = off;
		off += m->maxver[gl];
		m->o_mem[gl] = off++;
	}
	m->symbolic = (reduce & REDUCE_SPEC) && !machine_icache_snoops(m->mc) &&
		      !machine_ifill_from_dcache(m->mc);
	int iset_size = 0;

	for (int is = 0; is < m->nislots; is++) {
		m->ioff[is] = iset_size;
		m->ibytes[is] = m->symbolic ? (m->maxver[m->islot[is].gline] + 7) / 8
					    : 1;
		iset_size += m->ibytes[is];
	}
	m->iset_size = machine_icache_snoops(m->mc) ? 0 : iset_size;
	for (int c = 0; c < m->ncpus; c++) {
		m->o_d[c] = off;
		off += m->ndslots;
		m->o_i[c] = off;
		off += m->iset_size;
	}
	for (int a = 0; a < p->nmappings; a++) {
		m->o_pte[a] = off++;
		m->o_pub[a] = off;
		off += m->mc->lines;
	}
	for (int pg = 0; pg < p->npages; pg++)
		m->o_flags[pg] = p->nflags ? off++ : off;
	m->o_ipi_id = off;
	m->o_ipi = off + (p->nipis ? m->ncpus : 0);
	off = m->o_ipi + (p->nipis ? m->ncpus * m->ncpus : 0);
	m->o_irq = off;
	m->o_mask = off + (p->cpu_state ? 1 : 0);
	m->o_mmflag = m->o_mask + (p->cpu_state ? p->nmasks * p->nmms : 0);
	m->o_tcpu = m->o_mmflag + (p->cpu_state && p->nmmflags ? p->nmms : 0);
	m->o_online = m->o_tcpu + (p->migrates ? 2 * p->nthreads : 0);
	m->o_amm = m->o_online + (p->offline ? 1 : 0);
	off = m->o_amm + (p->migrates ? m->ncpus : 0);
	m->size = (size_t)off;
	return 0;
}

size_t model_state_size(const struct model *m)
{
	return m->size;
}

/* The bits a byte must keep for values 0..max. */
static uint8_t keep(int max)
{
	uint8_t k = 0;

	while (k < max && k < 0xff)
		k = (uint8_t)(k << 1 | 1);
	return k;
}

/*
 * What each field can hold, from the program (see the layout comment):
 * pc <= nops (a step stores the resolved pc + 1, and resolve() never
 * passes nops); registers and the hand hold labels, or TAS's 0 / 1; a
 * line's nver is 1..maxver, its versions' labels are labels and memory
 * a version; a D-entry is version + 1 with ENT_DIRTY, an I-entry version
 * + 1 without, or a set of versions (symbolic); a PTE one of three
 * states, pub a version; flags one bit each; IPI block ids and handler
 * pcs + 1 (at most the handler's nops + 1).  tests/run-scenarios.sh
 * checks every state the catalogue reaches against it.
 */
void model_state_bits(const struct model *m, uint8_t *bits)
{
	const struct program *p = m->p;
	uint8_t label = keep(p->nlabels > 2 ? p->nlabels - 1 : 1);
	int hmax = 0;

	if (m->arm) {
		armv8_state_bits(m->arm, bits);
		return;
	}
	memset(bits, 0, m->size);
	for (int c = 0; c < m->ncpus; c++) {
		int nops = c < p->nthreads ? p->threads[c].nops : 0;

		bits[m->o_pc[c]] = keep(nops);
		bits[m->o_pc[c] + 1] = keep(nops >> 8);
		for (int r = 0; c < p->nthreads && r < p->nregs[c]; r++)
			bits[m->o_reg[c] + r] = label;
		bits[m->o_hand[c]] = label;
	}
	for (int gl = 0; gl < m->nlines; gl++) {
		bits[m->o_nver[gl]] = keep(m->maxver[gl]);
		for (int v = 0; v < m->maxver[gl]; v++)
			bits[m->o_vlabel[gl] + v] = label;
		bits[m->o_mem[gl]] = keep(m->maxver[gl] - 1);
	}
	for (int c = 0; c < m->ncpus; c++) {
		for (int k = 0; k < m->ndslots; k++)
			bits[m->o_d[c] + k] = keep(m->maxver[m->dslot[k].gline]) |
					      ENT_DIRTY;
		for (int is = 0; is < m->nislots && m->iset_size; is++) {
			int mv = m->maxver[m->islot[is].gline];

			if (!m->symbolic) {
				bits[m->o_i[c] + m->ioff[is]] = keep(mv);
				continue;
			}
			/* byte k holds versions 8k .. 8k + 7 below mv */
			for (int k = 0; k < m->ibytes[is]; k++)
				bits[m->o_i[c] + m->ioff[is] + k] =
					keep(mv - 8 * k > 8 ? 0xff
							    : (1 << (mv - 8 * k)) - 1);
		}
	}
	for (int a = 0; a < p->nmappings; a++) {
		bits[m->o_pte[a]] = keep(PTE_FLUSHONLY);
		for (int i = 0; i < m->mc->lines; i++)
			bits[m->o_pub[a] + i] =
				keep(m->maxver[model_gline(m, p->mappings[a].page, i)] - 1);
	}
	for (int pg = 0; pg < p->npages && p->nflags; pg++)
		bits[m->o_flags[pg]] = keep((1 << p->nflags) - 1);
	for (int k = 0; k < p->nipis; k++)
		if (p->ipis[k].nops + 1 > hmax)
			hmax = p->ipis[k].nops + 1;
	for (int c = 0; c < m->ncpus && p->nipis; c++) {
		bits[m->o_ipi_id + c] = keep(p->nipis - 1);
		for (int src = 0; src < m->ncpus; src++)
			bits[m->o_ipi + c * m->ncpus + src] = keep(hmax);
	}
	if (p->cpu_state) {
		bits[m->o_irq] = keep((1 << m->ncpus) - 1);
		for (int k = 0; k < p->nmasks * p->nmms; k++)
			bits[m->o_mask + k] = keep((1 << m->ncpus) - 1);
		for (int k = 0; k < p->nmms && p->nmmflags; k++)
			bits[m->o_mmflag + k] = keep((1 << p->nmmflags) - 1);
	}
	for (int k = 0; k < 2 * p->nthreads && p->migrates; k++)
		bits[m->o_tcpu + k] = keep(m->ncpus - 1);
	if (p->offline)
		bits[m->o_online] = keep((1 << m->ncpus) - 1);
	for (int c = 0; c < m->ncpus && p->migrates; c++)
		bits[m->o_amm + c] = 0xff;	/* an mm + 1, up to 255 */
}

void model_initial(const struct model *m, uint8_t *s)
{
	const struct program *p = m->p;

	if (m->arm) {
		armv8_initial(m->arm, s);
		return;
	}
	memset(s, 0, m->size);
	for (int pg = 0; pg < p->npages; pg++)
		for (int i = 0; i < m->mc->lines; i++) {
			int gl = model_gline(m, pg, i);

			s[m->o_nver[gl]] = 1;
			s[m->o_vlabel[gl]] = p->pages[pg].label;
			s[m->o_mem[gl]] = 0;
		}
	for (int a = 0; a < p->nmappings; a++)
		s[m->o_pte[a]] = p->mappings[a].kind == MAPPING_KERNEL
					 ? PTE_PRESENT : p->mappings[a].pte0;
	if (p->offline)
		s[m->o_online] = (uint8_t)(((1u << m->ncpus) - 1) & ~p->offline);
	/* thread t starts on CPU t, where it last ran too */
	for (int t = 0; t < p->nthreads && p->migrates; t++)
		s[m->o_tcpu + 2 * t] = s[m->o_tcpu + 2 * t + 1] = (uint8_t)t;
	/*
	 * mm_cpumask (mask 0): the CPUs whose thread runs the mm, and the
	 * idle CPUs that keep it (a RISC-V CPU with ASIDs never leaves it)
	 */
	for (int c = 0; p->cpu_state && c < m->ncpus; c++) {
		int mm = c < p->nthreads ? p->thread_mm[c] : p->cpu_mm[c];

		if (mm >= 0 && mm < p->nmms)
			*cpumask_of(m, s, 0, mm) |= (uint8_t)(1u << c);
		if (p->migrates)
			s[m->o_amm + c] = (uint8_t)(mm + 1);
	}
}


/*
 * Copies the fields the layout comment lists, minus mem and the caches,
 * in layout order.  Each model of one program computes the same offsets
 * for these fields up to the caches, whose size differs, so the order
 * (not the offsets) is what the two models share.
 */
static size_t thread_part(const struct model *m, const uint8_t *s,
			  uint8_t *out)
{
	const struct program *p = m->p;
	size_t n = 0;

	if (m->arm) {	/* no reduction: all of it */
		if (out)
			memcpy(out, s, m->size);
		return m->size;
	}
#define PART(off, len) do { if (out) memcpy(out + n, s + (off), (size_t)(len)); \
	n += (size_t)(len); } while (0)
	for (int c = 0; c < m->ncpus; c++) {
		PART(m->o_pc[c], 2);
		PART(m->o_reg[c], c < p->nthreads ? p->nregs[c] : 0);
		PART(m->o_hand[c], 1);
	}
	for (int gl = 0; gl < m->nlines; gl++) {
		PART(m->o_nver[gl], 1);
		PART(m->o_vlabel[gl], m->maxver[gl]);
	}
	for (int a = 0; a < p->nmappings; a++) {
		PART(m->o_pte[a], 1);
		PART(m->o_pub[a], m->mc->lines);
	}
	if (p->nflags)
		for (int pg = 0; pg < p->npages; pg++)
			PART(m->o_flags[pg], 1);
	PART(m->o_ipi_id, m->size - (size_t)m->o_ipi_id);
#undef PART
	return n;
}

size_t model_thread_part_size(const struct model *m)
{
	return thread_part(m, NULL, NULL);
}

void model_thread_part(const struct model *m, const uint8_t *s, uint8_t *out)
{
	thread_part(m, s, out);
}
