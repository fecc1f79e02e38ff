/*
 * model.c - states and steps of the machine model (DESIGN.md section 2).
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
 *
 * A "line" here is a physical model line: page * lines + index.  A "slot"
 * is a (line, colour) pair that some mapping of the scenario can reach;
 * only those get room in the state, so a 4 MB colour span costs nothing
 * unless the scenario uses many colours.
 *
 * Cache entry byte: 0 = invalid, else (version + 1) | ENT_DIRTY.
 *
 * Symbolic speculation (REDUCE_SPEC, DESIGN.md section 6): an
 * I-slot is instead a bit set of versions, ibytes[slot] bytes, "the
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
 *
 * Symmetry (REDUCE_SYMMETRY): CPUs are interchangeable when they run the
 * same program (or none), none of their registers is named by the
 * condition and there are no on_each_cpu blocks (whose state is indexed
 * by CPU pairs).  The machine treats every CPU alike, so permuting such
 * CPUs' parts of a state -- pc, registers, hand, D- and I-cache entries --
 * gives a state with the same future up to that permutation.
 * model_canonical() sorts each class of interchangeable CPUs by those
 * parts, so the search keeps one state per orbit.
 *
 * Invariants:
 *  - version numbers of a line count up in creation order; the newest is
 *    nver - 1, and "stale" means older than that;
 *  - with coherent D-caches every valid copy of one slot holds the same
 *    version on every CPU (a store drops the other copies, a fill takes
 *    the existing copy), so "another CPU's copy" is well defined.
 */
#include "model_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const oracle_names[OR_COUNT] = {
	"stale-fetch", "stale-load", "lost-write", "stale-dma", "fault",
	"deadlock",
};

#define FC_RED_NAME_(id, name) [RED_##id] = name,
const char *const reduction_names[RED_COUNT] = { FC_REDUCTIONS(FC_RED_NAME_) };
#undef FC_RED_NAME_

int oracle_lookup(const char *name)
{
	for (int i = 0; i < OR_COUNT; i++)
		if (!strcmp(name, oracle_names[i]))
			return i;
	return -1;
}

/* ---- layout ---------------------------------------------------------- */

static int gline(const struct model *m, int page, int line)
{
	return page * m->mc->lines + line;
}

/* Colour of an alias in a cache: VIVT colours are distinct VAs. */
static int alias_colour(const struct model *m, const struct cache_geom *g,
			int a)
{
	const struct program *p = m->p;
	const struct alias *al = &p->aliases[a];

	if (g->index == IDX_PIPT)
		return 0;
	if (g->index == IDX_VIPT)
		return (int)machine_colour(m->mc, g, al->va);
	/* VIVT: every distinct VA of the page is its own copy */
	unsigned long seen[FC_MAX_ALIASES];
	int n = 0;

	for (int b = 0; b < p->naliases; b++) {
		int k;

		if (p->aliases[b].page != al->page)
			continue;
		for (k = 0; k < n && seen[k] != p->aliases[b].va; k++)
			;
		if (k == n)
			seen[n++] = p->aliases[b].va;
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
	return op_flags(o) & OPF_DEVICE ? o->alias : p->aliases[o->alias].page;
}

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
		    x->alias != y->alias || x->line != y->line ||
		    x->reg != y->reg || x->label != y->label ||
		    x->flag != y->flag || x->ipi != y->ipi ||
		    x->target != y->target || !dcond_equal(x->cond, y->cond))
			return 0;
	}
	return 1;
}

/* Classes of interchangeable CPUs (see the layout comment). */
static void find_symmetry(struct model *m)
{
	const struct program *p = m->p;
	int named[FC_MAX_CPUS] = { 0 }, nclass = 0;

	for (int c = 0; c < m->ncpus; c++)
		m->symclass[c] = -1;
	if (p->nipis)
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

struct model *model_new(const struct program *p, unsigned reduce, char *err,
		       size_t errlen)
{
	struct model *m = calloc(1, sizeof *m);
	int off = 0;

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->p = p;
	m->mc = &p->machine;
	m->ncpus = p->machine.cpus;
	m->nlines = p->npages * p->machine.lines;

	for (int a = 0; a < p->naliases; a++) {
		int dc = alias_colour(m, &m->mc->d, a);
		int ic = alias_colour(m, &m->mc->i, a);

		for (int i = 0; i < m->mc->lines; i++) {
			int gl = gline(m, p->aliases[a].page, i);
			int ds = find_slot(m->dslot, &m->ndslots, gl, dc);
			int is = find_slot(m->islot, &m->nislots, gl, ic);

			if (ds < 0 || is < 0) {
				snprintf(err, errlen, "too many cache slots "
					 "(mappings x lines > %d)", MAX_SLOTS);
				free(m);
				return NULL;
			}
			m->dslot_of[a][i] = (uint8_t)ds;
			m->islot_of[a][i] = (uint8_t)is;
			m->ialiases[is] |= (uint16_t)(1u << a);
		}
	}

	for (int gl = 0; gl < m->nlines; gl++)
		m->maxver[gl] = 1;
	for (int t = 0; t < p->nthreads; t++)
		for (int k = 0; k < p->threads[t].nops; k++) {
			const struct op *o = &p->threads[t].ops[k];

			if (op_writes(o))
				m->maxver[gline(m, op_page(p, o), o->line)]++;
		}
	/* a handler runs once on every other CPU each time it is posted */
	for (int k = 0; k < p->nipis; k++)
		for (int j = 0; j < p->ipis[k].nops; j++) {
			const struct op *o = &p->ipis[k].ops[j];

			if (op_writes(o))
				m->maxver[gline(m, op_page(p, o), o->line)] +=
					m->ncpus - 1;
		}
	for (int gl = 0; gl < m->nlines; gl++)
		if (m->maxver[gl] > MAX_VER) {
			snprintf(err, errlen, "more than %d writes to one line",
				 MAX_VER - 1);
			free(m);
			return NULL;
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
	if (reduce & REDUCE_SYMMETRY)
		find_symmetry(m);
	for (int a = 0; a < p->naliases; a++) {
		m->o_pte[a] = off++;
		m->o_pub[a] = off;
		off += m->mc->lines;
	}
	for (int pg = 0; pg < p->npages; pg++)
		m->o_flags[pg] = p->nflags ? off++ : off;
	m->o_ipi_id = off;
	m->o_ipi = off + (p->nipis ? m->ncpus : 0);
	off = m->o_ipi + (p->nipis ? m->ncpus * m->ncpus : 0);
	m->size = (size_t)off;
	if (reduce & REDUCE_POR)
		m->por = por_new(m);
	return m;
}

unsigned model_reductions(const struct model *m)
{
	return (m->symbolic ? REDUCE_SPEC : 0) |
	       (m->symmetric ? REDUCE_SYMMETRY : 0) |
	       (m->por ? REDUCE_POR : 0);
}

int model_symbolic(const struct model *m)
{
	return m->symbolic;
}

int model_symmetric(const struct model *m)
{
	return m->symmetric;
}

int model_por(const struct model *m)
{
	return m->por != NULL;
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
			len = cpu_part(m, s, cpu[k], part[k]);
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

void model_free(struct model *m)
{
	if (m)
		por_free(m->por);
	free(m);
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
	for (int a = 0; a < p->naliases; a++) {
		bits[m->o_pte[a]] = keep(PTE_FLUSHONLY);
		for (int i = 0; i < m->mc->lines; i++)
			bits[m->o_pub[a] + i] =
				keep(m->maxver[gline(m, p->aliases[a].page, i)] - 1);
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
}

void model_initial(const struct model *m, uint8_t *s)
{
	const struct program *p = m->p;

	memset(s, 0, m->size);
	for (int pg = 0; pg < p->npages; pg++)
		for (int i = 0; i < m->mc->lines; i++) {
			int gl = gline(m, pg, i);

			s[m->o_nver[gl]] = 1;
			s[m->o_vlabel[gl]] = p->pages[pg].label;
			s[m->o_mem[gl]] = 0;
		}
	for (int a = 0; a < p->naliases; a++)
		s[m->o_pte[a]] = p->aliases[a].kind == AL_KERNEL
					 ? PTE_PRESENT : p->aliases[a].pte0;
}

/* ---- one expansion --------------------------------------------------- */

struct gen {
	const struct model *m;
	const uint8_t *s;
	uint8_t *t;		/* the successor being built */
	model_emit_fn emit;
	void *ctx;
	int notes;
	struct step_note note;
	unsigned viol;
};

static void say(struct gen *g, char *buf, size_t cap, const char *fmt, ...)
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
/*
 * Notes are wanted only when a counterexample is printed; the test comes
 * first so that the arguments (vname() formats a version) are not even
 * evaluated in the search's hot path.
 */
#define TEXT(g, ...) do { if ((g)->notes) \
	say(g, (g)->note.text, sizeof (g)->note.text, __VA_ARGS__); } while (0)
#define DETAIL(g, ...) do { if ((g)->notes) \
	say(g, (g)->note.detail, sizeof (g)->note.detail, __VA_ARGS__); } while (0)

static uint8_t *dent(const struct gen *g, uint8_t *s, int c, int slot)
{
	(void)g;
	return &s[g->m->o_d[c] + slot];
}

static uint8_t *ient(const struct gen *g, uint8_t *s, int c, int slot)
{
	return &s[g->m->o_i[c] + g->m->ioff[slot]];
}

/* ---- symbolic I-slots: sets of versions ------------------------------ */

static int iset_has(const struct model *m, const uint8_t *s, int c, int is,
		    int v)
{
	return s[m->o_i[c] + m->ioff[is] + (v >> 3)] >> (v & 7) & 1;
}

static void iset_add(const struct model *m, uint8_t *s, int c, int is, int v)
{
	s[m->o_i[c] + m->ioff[is] + (v >> 3)] |= (uint8_t)(1u << (v & 7));
}

static void iset_clear(const struct model *m, uint8_t *s, int c, int is)
{
	memset(&s[m->o_i[c] + m->ioff[is]], 0, (size_t)m->ibytes[is]);
}

static int iset_empty(const struct model *m, const uint8_t *s, int c, int is)
{
	for (int k = 0; k < m->ibytes[is]; k++)
		if (s[m->o_i[c] + m->ioff[is] + k])
			return 0;
	return 1;
}

static int may_prefetch_i(const struct model *m, const uint8_t *s, int a);

/* Could the prefetcher fill I-slot `is` now, through some mapping? */
static int ireachable(const struct model *m, const uint8_t *s, int is)
{
	for (int a = 0; a < m->p->naliases; a++)
		if ((m->ialiases[is] >> a & 1) && may_prefetch_i(m, s, a))
			return 1;
	return 0;
}

/*
 * Memory of line gl becomes version v.  In symbolic mode, every slot of
 * the line that the prefetcher can reach may have taken the version
 * memory held until now.
 */
static void mem_set(const struct gen *g, int gl, int v)
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
static void pte_changed(const struct gen *g)
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

static int newest(const struct model *m, const uint8_t *s, int gl)
{
	return s[m->o_nver[gl]] - 1;
}

static const char *vname(const struct gen *g, const uint8_t *s, int gl,
			 int v, char *buf, size_t len)
{
	const struct model *m = g->m;
	uint8_t lab = s[m->o_vlabel[gl] + v];
	int dup = 0;

	if (!g->notes) {	/* names are for notes only: not in the search */
		buf[0] = '\0';
		return buf;
	}
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
static const char *slotname(const struct gen *g, const struct slot *sl,
			    char *buf, size_t len)
{
	const struct model *m = g->m;
	int pg = sl->gline / m->mc->lines, i = sl->gline % m->mc->lines;

	if (!g->notes) {
		buf[0] = '\0';
		return buf;
	}
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

static void emit(struct gen *g)
{
	unsigned viol = g->viol;

	if (write_lost(g->m, g->t))
		viol |= 1u << OR_LOST_WRITE;
	g->emit(g->ctx, g->t, viol, g->notes ? &g->note : NULL);
}

static void begin(struct gen *g, int agent, int thread_op)
{
	memcpy(g->t, g->s, g->m->size);
	g->viol = 0;
	if (g->notes) {
		g->note.agent = agent;
		g->note.thread_op = thread_op;
		g->note.text[0] = g->note.detail[0] = '\0';
	}
}

/*
 * What a load through slot `ds` by CPU c returns: its own copy, else (with
 * coherent D-caches) another CPU's copy of the same slot, else memory.
 * *from is set to the CPU that supplied it, or -1 for memory.
 */
static int load_value(const struct gen *g, const uint8_t *s, int c, int ds,
		      int *from)
{
	const struct model *m = g->m;
	uint8_t e = s[m->o_d[c] + ds];

	*from = c;
	if (e)
		return ENT_VER(e);
	if (machine_dcache_coherent(m->mc))
		for (int d = 0; d < m->ncpus; d++) {
			e = s[m->o_d[d] + ds];
			if (d != c && e) {
				*from = d;
				return ENT_VER(e);
			}
		}
	*from = -1;
	return s[m->o_mem[m->dslot[ds].gline]];
}

static void describe_source(struct gen *g, int c, int from, const char *what)
{
	if (from == c)
		DETAIL(g, "%s hit", what);
	else if (from >= 0)
		DETAIL(g, "%s miss, supplied by CPU%d's copy", what, from);
	else
		DETAIL(g, "%s miss, filled from memory", what);
}

/* A new version of line gl with label lab; returns its number. */
static int new_version(const struct gen *g, int gl, uint8_t lab)
{
	uint8_t *t = g->t;
	int v = t[g->m->o_nver[gl]]++;

	t[g->m->o_vlabel[gl] + v] = lab;
	return v;
}

static void do_store(struct gen *g, int c, int a, int i, uint8_t lab)
{
	const struct model *m = g->m;
	int ds = m->dslot_of[a][i], gl = m->dslot[ds].gline;
	int v = new_version(g, gl, lab);
	char b1[48], b2[48];

	if (m->mc->d.writeback) {
		*dent(g, g->t, c, ds) = (uint8_t)((v + 1) | ENT_DIRTY);
		DETAIL(g, "D$ %s = %s dirty",
		       slotname(g, &m->dslot[ds], b1, sizeof b1),
		       vname(g, g->t, gl, v, b2, sizeof b2));
	} else {
		*dent(g, g->t, c, ds) = (uint8_t)(v + 1);
		mem_set(g, gl, v);
		DETAIL(g, "D$ %s = %s, written through to memory",
		       slotname(g, &m->dslot[ds], b1, sizeof b1),
		       vname(g, g->t, gl, v, b2, sizeof b2));
	}
	if (machine_dcache_coherent(m->mc))
		for (int d = 0; d < m->ncpus; d++)
			if (d != c && *dent(g, g->t, d, ds)) {
				*dent(g, g->t, d, ds) = 0;
				DETAIL(g, "; CPU%d's copy dropped", d);
			}
}

/* Returns the version loaded (and fills the D-cache). */
static int do_load(struct gen *g, int c, int a, int i)
{
	const struct model *m = g->m;
	int ds = m->dslot_of[a][i], from;
	int v = load_value(g, g->s, c, ds, &from);
	char b1[48];

	describe_source(g, c, from, "D$");
	if (from != c) {
		*dent(g, g->t, c, ds) = (uint8_t)(v + 1);
		DETAIL(g, "; D$ %s now clean",
		       slotname(g, &m->dslot[ds], b1, sizeof b1));
	}
	if (v != newest(m, g->s, m->dslot[ds].gline))
		g->viol |= 1u << OR_STALE_LOAD;
	return v;
}

static int do_fetch(struct gen *g, int c, int a, int i)
{
	const struct model *m = g->m;
	int ds = m->dslot_of[a][i], is = m->islot_of[a][i], gl = m->dslot[ds].gline;
	int v, from;
	char b1[48];

	if (machine_icache_snoops(m->mc)) {
		v = load_value(g, g->s, c, ds, &from);
		DETAIL(g, "I$ snoops: sees what a load would");
	} else {
		uint8_t e = *ient(g, g->t, c, is);

		if (e) {
			v = ENT_VER(e);
			DETAIL(g, "I$ hit at %s",
			       slotname(g, &m->islot[is], b1, sizeof b1));
		} else {
			if (machine_ifill_from_dcache(m->mc)) {
				v = load_value(g, g->s, c, ds, &from);
				DETAIL(g, "I$ miss, filled through the D side");
				if (from >= 0)
					DETAIL(g, " (CPU%d's D$)", from);
				else
					DETAIL(g, " (memory)");
			} else {
				v = g->s[m->o_mem[gl]];
				DETAIL(g, "I$ miss, filled from memory");
			}
			*ient(g, g->t, c, is) = (uint8_t)(v + 1);
		}
	}
	if (m->p->aliases[a].kind == AL_USER &&
	    v < g->s[m->o_pub[a] + i])
		g->viol |= 1u << OR_STALE_FETCH;
	return v;
}

/*
 * A fetch in symbolic mode: one successor for each version the I-slot may
 * hold, and one for a miss that fills from memory (the same successor
 * when memory holds one of them).  Afterwards the slot holds just that.
 */
static void do_fetch_sym(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int a = o->alias, i = o->line, is = m->islot_of[a][i];
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
		slotname(g, &m->islot[is], b1, sizeof b1);
		if (held && v != mem)
			DETAIL(g, "I$ hit at %s: %s, prefetched or fetched "
			       "earlier, not invalidated since",
			       b1, vname(g, g->s, gl, v, b2, sizeof b2));
		else if (held)
			DETAIL(g, "I$ at %s: hit, or miss filled from memory", b1);
		else
			DETAIL(g, "I$ miss, filled from memory");
		iset_clear(m, g->t, c, is);
		iset_add(m, g->t, c, is, v);
		if (m->p->aliases[a].kind == AL_USER &&
		    v < g->s[m->o_pub[a] + i])
			g->viol |= 1u << OR_STALE_FETCH;
		if (o->reg != NO_REG)
			g->t[m->o_reg[c] + o->reg] = g->s[m->o_vlabel[gl] + v];
		TEXT(g, " = %s", vname(g, g->s, gl, v, b2, sizeof b2));
		if (g->viol)
			TEXT(g, "  <- stale");
		emit(g);
	}
}

/*
 * Write-backs.  Several dirty copies of one line (aliases, or private
 * caches) written back by one op reach memory in an order the model does
 * not know, so each is a possible last writer: one successor per choice.
 */
struct wb {
	int n;
	int gline[MAX_SLOTS];
	int nver[MAX_SLOTS];
	uint8_t ver[MAX_SLOTS][FC_MAX_CPUS * 4];
};

static void wb_add(struct wb *w, int gl, int v)
{
	int k;

	for (k = 0; k < w->n && w->gline[k] != gl; k++)
		;
	if (k == w->n) {
		w->gline[k] = gl;
		w->nver[k] = 0;
		w->n++;
	}
	for (int j = 0; j < w->nver[k]; j++)
		if (w->ver[k][j] == v)
			return;
	if (w->nver[k] < FC_MAX_CPUS * 4)
		w->ver[k][w->nver[k]++] = (uint8_t)v;
}

static void wb_emit(struct gen *g, const struct wb *w, int k)
{
	if (k == w->n) {
		emit(g);
		return;
	}
	size_t said = strlen(g->note.detail);

	uint8_t keep[g->m->size];

	memcpy(keep, g->t, g->m->size);
	for (int j = 0; j < w->nver[k]; j++) {
		g->note.detail[said] = '\0';

		mem_set(g, w->gline[k], w->ver[k][j]);
		if (w->nver[k] > 1) {
			char b[48];

			vname(g, g->t, w->gline[k], w->ver[k][j], b, sizeof b);
			DETAIL(g, " [%s reaches memory last]", b);
		}
		wb_emit(g, w, k + 1);
		memcpy(g->t, keep, g->m->size);
	}
}

/* Clean and/or invalidate one D-slot of CPU d into w. */
static void dc_one(struct gen *g, struct wb *w, int d, int ds, int clean,
		   int inv)
{
	uint8_t *e = dent(g, g->t, d, ds);
	char b1[48], b2[48];

	if (!*e)
		return;
	slotname(g, &g->m->dslot[ds], b1, sizeof b1);
	vname(g, g->t, g->m->dslot[ds].gline, ENT_VER(*e), b2, sizeof b2);
	if (clean && (*e & ENT_DIRTY)) {
		wb_add(w, g->m->dslot[ds].gline, ENT_VER(*e));
		*e &= (uint8_t)~ENT_DIRTY;
		DETAIL(g, "%sCPU%d D$ %s: %s written back", g->note.detail[0] ? "; " : "",
		       d, b1, b2);
	} else if (inv && (*e & ENT_DIRTY)) {
		DETAIL(g, "%sCPU%d D$ %s: dirty %s discarded",
		       g->note.detail[0] ? "; " : "", d, b1, b2);
	} else if (inv) {
		DETAIL(g, "%sCPU%d D$ %s: %s dropped",
		       g->note.detail[0] ? "; " : "", d, b1, b2);
	} else {
		DETAIL(g, "%sCPU%d D$ %s: %s already clean",
		       g->note.detail[0] ? "; " : "", d, b1, b2);
	}
	if (inv)
		*e = 0;
}

static int targets(const struct gen *g, int c, const struct op *o, int *lo,
		   int *hi)
{
	if (machine_maint_broadcast(g->m->mc) && !o->local) {
		*lo = 0;
		*hi = g->m->ncpus;
	} else {
		*lo = c;
		*hi = c + 1;
	}
	return 0;
}

static void do_dc_va(struct gen *g, int c, const struct op *o)
{
	int lo, hi, ds = g->m->dslot_of[o->alias][o->line];
	int clean = o->kind != OP_DC_INV, inv = o->kind != OP_DC_CLEAN;
	struct wb w = { 0 };

	targets(g, c, o, &lo, &hi);
	for (int d = lo; d < hi; d++)
		dc_one(g, &w, d, ds, clean, inv);
	if (!g->note.detail[0])
		DETAIL(g, "no copy at %s", "that colour");
	wb_emit(g, &w, 0);
}

static void do_dc_all(struct gen *g, int c, int inv)
{
	struct wb w = { 0 };

	for (int ds = 0; ds < g->m->ndslots; ds++)
		dc_one(g, &w, c, ds, 1, inv);
	if (!g->note.detail[0])
		DETAIL(g, "D$ empty");
	wb_emit(g, &w, 0);
}

static void do_ic(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int lo, hi;
	char b[48];

	if (machine_icache_snoops(m->mc)) {
		DETAIL(g, "I$ snoops: nothing to invalidate");
		emit(g);
		return;
	}
	targets(g, c, o, &lo, &hi);
	for (int d = lo; d < hi; d++)
		for (int is = 0; is < m->nislots; is++) {
			uint8_t *e = ient(g, g->t, d, is);

			if (o->kind == OP_IC_INV && is != m->islot_of[o->alias][o->line])
				continue;
			if (m->symbolic ? !iset_empty(m, g->t, d, is) : *e != 0)
				DETAIL(g, "%sCPU%d I$ %s dropped",
				       g->note.detail[0] ? "; " : "", d,
				       slotname(g, &m->islot[is], b, sizeof b));
			iset_clear(m, g->t, d, is);
		}
	if (!g->note.detail[0])
		DETAIL(g, lo + 1 == hi && m->ncpus > 1
			       ? "nothing cached there (this CPU only)"
			       : "nothing cached there");
	else if (lo + 1 == hi && m->ncpus > 1)
		DETAIL(g, " (this CPU only)");
	emit(g);
}

static void do_dma_write(struct gen *g, const struct op *o)
{
	const struct model *m = g->m;
	int gl = gline(m, o->alias, o->line);
	int v = new_version(g, gl, o->label);
	char b[48];

	mem_set(g, gl, v);
	DETAIL(g, "memory = %s", vname(g, g->t, gl, v, b, sizeof b));
	if (machine_dma_coherent(m->mc)) {
		for (int c = 0; c < m->ncpus; c++) {
			for (int k = 0; k < m->ndslots; k++)
				if (m->dslot[k].gline == gl)
					*dent(g, g->t, c, k) = 0;
			if (!machine_icache_snoops(m->mc))
				for (int k = 0; k < m->nislots; k++)
					if (m->islot[k].gline == gl)
						iset_clear(m, g->t, c, k);
		}
		DETAIL(g, "; coherent DMA dropped every cached copy");
	} else {
		DETAIL(g, "; cached copies untouched (DMA does not snoop)");
	}
	emit(g);
}

static void finish_read(struct gen *g, int c, const struct op *o, int v,
			int gl)
{
	char b[48];

	if (o->reg != NO_REG)
		g->t[g->m->o_reg[c] + o->reg] = g->s[g->m->o_vlabel[gl] + v];
	if (v != newest(g->m, g->s, gl))
		g->viol |= 1u << OR_STALE_DMA;
	TEXT(g, " = %s", vname(g, g->s, gl, v, b, sizeof b));
	if (g->viol & (1u << OR_STALE_DMA))
		TEXT(g, "  <- stale");
	emit(g);
}

static void do_dma_read(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int gl = gline(m, o->alias, o->line);
	uint8_t seen[FC_MAX_CPUS * MAX_SLOTS];
	int n = 0;

	if (machine_dma_coherent(m->mc))
		for (int d = 0; d < m->ncpus; d++)
			for (int k = 0; k < m->ndslots; k++) {
				uint8_t e = g->s[m->o_d[d] + k];
				int dup = 0;

				if (m->dslot[k].gline != gl || !(e & ENT_DIRTY))
					continue;
				for (int j = 0; j < n; j++)
					dup |= seen[j] == ENT_VER(e);
				if (!dup)
					seen[n++] = (uint8_t)ENT_VER(e);
			}
	if (n == 0) {
		DETAIL(g, "device reads memory");
		finish_read(g, c, o, g->s[m->o_mem[gl]], gl);
		return;
	}
	/* Several dirty copies: the device may snoop any of them. */
	{
		size_t tl = strlen(g->note.text), dl = strlen(g->note.detail);

		for (int j = 0; j < n; j++) {
			g->viol = 0;
			g->note.text[tl] = g->note.detail[dl] = '\0';
			DETAIL(g, "device snoops a dirty copy");
			finish_read(g, c, o, seen[j], gl);
		}
	}
}

/* ---- thread and interrupt steps -------------------------------------- */

static int is_access(const struct op *o)
{
	return (op_flags(o) & OPF_ACCESS) != 0;
}

static int is_va_maint(const struct op *o)
{
	return (op_flags(o) & OPF_VA_MAINT) != 0;
}

static int pte_of(const struct model *m, const uint8_t *s, int a)
{
	return s[m->o_pte[a]];
}

static int get_pc(const struct model *m, const uint8_t *s, int c)
{
	return s[m->o_pc[c]] | s[m->o_pc[c] + 1] << 8;
}

static void set_pc(const struct model *m, uint8_t *s, int c, int pc)
{
	s[m->o_pc[c]] = (uint8_t)pc;
	s[m->o_pc[c] + 1] = (uint8_t)(pc >> 8);
}

static int flag_of(const struct model *m, const uint8_t *s, int flag, int pg)
{
	return s[m->o_flags[pg]] >> flag & 1;
}

static int dcond_holds(const struct model *m, const uint8_t *s, int c,
		       const struct dcond *d)
{
	switch (d->kind) {
	case DC_TRUE:
		return 1;
	case DC_NOT:
		return !dcond_holds(m, s, c, d->l);
	case DC_AND:
		return dcond_holds(m, s, c, d->l) && dcond_holds(m, s, c, d->r);
	case DC_OR:
		return dcond_holds(m, s, c, d->l) || dcond_holds(m, s, c, d->r);
	case DC_PRESENT:
		return pte_of(m, s, d->a) == PTE_PRESENT;
	case DC_FLUSHONLY:
		return pte_of(m, s, d->a) == PTE_FLUSHONLY;
	case DC_MAPPED:
		for (int a = 0; a < m->p->naliases; a++)
			if (m->p->aliases[a].kind == AL_USER &&
			    m->p->aliases[a].page == d->a &&
			    pte_of(m, s, a) == PTE_PRESENT)
				return 1;
		return 0;
	case DC_FLAG:
		return flag_of(m, s, d->a, d->b);
	case DC_REG:
		return s[m->o_reg[c] + d->a] != 0;
	}
	return 0;
}

/*
 * The next op of a code array from pc, following control flow against
 * state s (on behalf of CPU c).  Returns its index, or th->nops at the end.
 * Jumps only go forward (if/else, unrolled loops), so this terminates.
 */
static int resolve(const struct model *m, const uint8_t *s, int c,
		   const struct thread *th, int pc)
{
	while (pc < th->nops) {
		const struct op *o = &th->ops[pc];

		if (o->kind == OP_JUMP)
			pc = o->target;
		else if (o->kind == OP_BRANCH)
			pc = dcond_holds(m, s, c, o->cond) ? pc + 1 : o->target;
		else
			break;
	}
	return pc;
}

static const struct op *next_op(const struct model *m, const uint8_t *s,
				int c)
{
	const struct thread *th;
	int pc;

	if (c >= m->p->nthreads)
		return NULL;
	th = &m->p->threads[c];
	pc = resolve(m, s, c, th, get_pc(m, s, c));
	return pc < th->nops ? &th->ops[pc] : NULL;
}

/* Interrupt state: ipi_pc[target][source] = next handler op + 1, 0 none. */
static uint8_t *ipi_pc(const struct model *m, uint8_t *s, int t, int src)
{
	return &s[m->o_ipi + t * m->ncpus + src];
}

/* Has CPU src's on_each_cpu block still to run somewhere? */
static int ipi_pending(const struct model *m, const uint8_t *s, int src)
{
	for (int t = 0; t < m->ncpus && m->p->nipis; t++)
		if (s[m->o_ipi + t * m->ncpus + src])
			return 1;
	return 0;
}

/* Would op o, issued by CPU c, wait instead of taking a step? */
static int op_blocked(const struct model *m, const uint8_t *s, int c,
		      const struct op *o)
{
	if (is_access(o))
		return pte_of(m, s, o->alias) == PTE_ABSENT;
	switch (op_kind_of(o)) {
	case OP_WAIT:
		return !flag_of(m, s, o->flag, o->alias);
	case OP_LOCK:
		return flag_of(m, s, o->flag, o->alias);
	case OP_IPI_WAIT:
		return ipi_pending(m, s, c);
	case OP_ST: case OP_ST_REG: case OP_LD: case OP_EXEC:
	case OP_COPY_LD: case OP_COPY_ST:	/* is_access() */
	case OP_DC_CLEAN: case OP_DC_INV: case OP_DC_FLUSH: case OP_IC_INV:
	case OP_IC_INV_ALL: case OP_DC_CLEAN_ALL: case OP_DC_FLUSH_ALL:
	case OP_DSB: case OP_ISB:
	case OP_PTE_SET: case OP_PTE_CLEAR: case OP_PTE_FLUSHONLY:
	case OP_DMA_WRITE: case OP_DMA_READ:
	case OP_FLAG_SET: case OP_FLAG_CLEAR: case OP_TAS: case OP_UNLOCK:
	case OP_IPI: case OP_JUMP: case OP_BRANCH:
		break;
	}
	return 0;
}

/* A CPU in the middle of an interrupt handler runs nothing else. */
static int in_handler(const struct model *m, const uint8_t *s, int t)
{
	for (int src = 0; src < m->ncpus && m->p->nipis; src++)
		if (s[m->o_ipi + t * m->ncpus + src] > 1)
			return 1;
	return 0;
}

static int blocked(const struct model *m, const uint8_t *s, int c)
{
	const struct op *o = next_op(m, s, c);

	return o && op_blocked(m, s, c, o);
}

static void fault(struct gen *g, const char *why)
{
	g->viol |= 1u << OR_FAULT;
	TEXT(g, "  <- fault");
	DETAIL(g, "%s; the op has no effect", why);
	emit(g);
}

static void set_flag(struct gen *g, const struct op *o, int on)
{
	uint8_t *f = &g->t[g->m->o_flags[o->alias]];

	if (on)
		*f |= (uint8_t)(1u << o->flag);
	else
		*f &= (uint8_t)~(1u << o->flag);
}

/*
 * Execute op o on CPU c.  The caller has called begin() and moved the pc;
 * this emits the successor (or one per nondeterministic outcome).
 */
static void exec_op(struct gen *g, int c, const struct op *o)
{
	const struct model *m = g->m;
	int v, pte, gl;
	char b[48];

	pte = is_access(o) || is_va_maint(o)
		      ? pte_of(m, g->s, o->alias) : PTE_PRESENT;
	if (is_access(o) && pte == PTE_FLUSHONLY) {
		fault(g, "access through a flush-only translation");
		return;
	}
	if (is_va_maint(o) && pte == PTE_ABSENT) {
		fault(g, "maintenance by VA with no translation");
		return;
	}
	switch (op_kind_of(o)) {
	case OP_ST:
		do_store(g, c, o->alias, o->line, o->label);
		break;
	case OP_ST_REG:
		do_store(g, c, o->alias, o->line, g->s[m->o_reg[c] + o->reg]);
		break;
	case OP_COPY_ST:
		do_store(g, c, o->alias, o->line, g->s[m->o_hand[c]]);
		break;
	case OP_EXEC:
		if (m->symbolic) {
			do_fetch_sym(g, c, o);
			return;
		}
		/* fall through */
	case OP_LD:
	case OP_COPY_LD:
		gl = gline(m, m->p->aliases[o->alias].page, o->line);
		v = o->kind == OP_EXEC ? do_fetch(g, c, o->alias, o->line)
				       : do_load(g, c, o->alias, o->line);
		if (o->kind == OP_COPY_LD)
			g->t[m->o_hand[c]] = g->s[m->o_vlabel[gl] + v];
		else if (o->reg != NO_REG)
			g->t[m->o_reg[c] + o->reg] = g->s[m->o_vlabel[gl] + v];
		TEXT(g, " = %s", vname(g, g->s, gl, v, b, sizeof b));
		if (g->viol)
			TEXT(g, "  <- stale");
		break;
	case OP_DC_CLEAN:
	case OP_DC_INV:
	case OP_DC_FLUSH:
		do_dc_va(g, c, o);
		return;
	case OP_DC_CLEAN_ALL:
	case OP_DC_FLUSH_ALL:
		do_dc_all(g, c, o->kind == OP_DC_FLUSH_ALL);
		return;
	case OP_IC_INV:
	case OP_IC_INV_ALL:
		do_ic(g, c, o);
		return;
	case OP_DSB:
	case OP_ISB:
		break;
	case OP_PTE_SET: {
		const struct alias *al = &m->p->aliases[o->alias];

		if (al->perms & PERM_F) {
			g->t[m->o_pte[o->alias]] = PTE_FLUSHONLY;
			pte_changed(g);
			DETAIL(g, "PTE flush-only");
			break;
		}
		g->t[m->o_pte[o->alias]] = PTE_PRESENT;
		for (int i = 0; i < m->mc->lines; i++) {
			gl = gline(m, al->page, i);
			g->t[m->o_pub[o->alias] + i] = (uint8_t)newest(m, g->s, gl);
		}
		DETAIL(g, "PTE present: visible to every CPU");
		break;
	}
	case OP_PTE_CLEAR:
		g->t[m->o_pte[o->alias]] = PTE_ABSENT;
		pte_changed(g);
		break;
	case OP_PTE_FLUSHONLY:
		g->t[m->o_pte[o->alias]] = PTE_FLUSHONLY;
		pte_changed(g);
		break;
	case OP_DMA_WRITE:
		do_dma_write(g, o);
		return;
	case OP_DMA_READ:
		do_dma_read(g, c, o);
		return;
	case OP_FLAG_SET:
	case OP_LOCK:
		set_flag(g, o, 1);
		break;
	case OP_FLAG_CLEAR:
	case OP_UNLOCK:
		set_flag(g, o, 0);
		break;
	case OP_TAS:
		v = flag_of(m, g->s, o->flag, o->alias);
		if (o->reg != NO_REG)
			g->t[m->o_reg[c] + o->reg] = (uint8_t)v;
		set_flag(g, o, 1);
		TEXT(g, " = %d", v);
		break;
	case OP_WAIT:
		break;
	case OP_IPI:
		g->t[m->o_ipi_id + c] = o->ipi;
		for (int t = 0; t < m->ncpus; t++)
			if (t != c && m->p->ipis[o->ipi].nops)
				*ipi_pc(m, g->t, t, c) = 1;
		DETAIL(g, "IPI to the other CPUs");
		break;
	case OP_IPI_WAIT:
		DETAIL(g, "every other CPU has run it");
		break;
	case OP_JUMP:
	case OP_BRANCH:
		assert(!"resolve() steps over control flow");
		return;
	}
	emit(g);
}

static void thread_step(struct gen *g, int c)
{
	const struct model *m = g->m;
	const struct thread *th = &m->p->threads[c];
	int pc = resolve(m, g->s, c, th, get_pc(m, g->s, c));
	const struct op *o;

	if (pc >= th->nops || in_handler(m, g->s, c))
		return;
	o = &th->ops[pc];
	if (op_blocked(m, g->s, c, o))
		return;
	if (op_flags(o) & OPF_DEVICE) {
		begin(g, AGENT_DEV, 1);
		TEXT(g, "%s (P%d)", o->text, c);
	} else {
		begin(g, c, 1);
		TEXT(g, "%s", o->text);
	}
	set_pc(m, g->t, c, pc + 1);
	exec_op(g, c, o);
}

/*
 * on_each_cpu handlers posted to CPU t: one at a time; once one has
 * started, it runs to its end before anything else on t.
 */
static void handler_steps(struct gen *g, int t)
{
	const struct model *m = g->m;
	int busy = in_handler(m, g->s, t);

	for (int src = 0; src < m->ncpus && m->p->nipis; src++) {
		int v = *ipi_pc(m, (uint8_t *)g->s, t, src), pc, next;
		const struct thread *h;

		if (!v || (busy && v == 1))
			continue;
		h = &m->p->ipis[g->s[m->o_ipi_id + src]];
		pc = resolve(m, g->s, t, h, v - 1);
		begin(g, t, 1);
		if (pc < h->nops) {
			TEXT(g, "IPI from CPU%d: %s", src, h->ops[pc].text);
		} else {
			TEXT(g, "IPI from CPU%d: done", src);
		}
		/* a handler that ends with this op leaves at once */
		next = pc < h->nops ? resolve(m, g->t, t, h, pc + 1) : h->nops;
		*ipi_pc(m, g->t, t, src) = next < h->nops ? (uint8_t)(pc + 2) : 0;
		if (pc < h->nops)
			exec_op(g, t, &h->ops[pc]);
		else
			emit(g);
	}
}

/* ---- hardware steps -------------------------------------------------- */

static int may_prefetch_i(const struct model *m, const uint8_t *s, int a)
{
	const struct alias *al = &m->p->aliases[a];

	if (pte_of(m, s, a) != PTE_PRESENT || (al->perms & PERM_F) || al->tmp)
		return 0;
	switch (m->mc->prefetch) {
	case PF_NONE:
		return 0;
	case PF_USER:
		return al->kind == AL_USER && (al->perms & PERM_X);
	case PF_EXEC:
		return al->kind == AL_KERNEL || (al->perms & PERM_X);
	case PF_ANY:
		return 1;
	}
	return 0;
}

static void spec_ifills(struct gen *g, int c)
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
	for (int a = 0; a < m->p->naliases; a++) {
		if (!may_prefetch_i(m, g->s, a))
			continue;
		for (int i = 0; i < m->mc->lines; i++) {
			int is = m->islot_of[a][i], ds = m->dslot_of[a][i];
			int gl = m->islot[is].gline, v, from = -1;

			if (*ient(g, (uint8_t *)g->s, c, is))
				continue;
			v = machine_ifill_from_dcache(m->mc) ? load_value(g, g->s, c, ds, &from)
						: g->s[m->o_mem[gl]];
			if (done[is][v / 64] >> (v % 64) & 1)
				continue;
			done[is][v / 64] |= 1ull << (v % 64);
			begin(g, c, 0);
			TEXT(g, "(spec I-fill via %s)", m->p->aliases[a].name);
			DETAIL(g, "I$ %s = %s from %s",
			       slotname(g, &m->islot[is], b1, sizeof b1),
			       vname(g, g->s, gl, v, b2, sizeof b2),
			       from >= 0 ? "the D side" : "memory");
			*ient(g, g->t, c, is) = (uint8_t)(v + 1);
			emit(g);
		}
	}
}

static void spec_dfills(struct gen *g, int c)
{
	const struct model *m = g->m;
	uint8_t done[MAX_SLOTS] = { 0 };
	char b1[48], b2[48];

	if (!machine_dspec(m->mc))
		return;
	for (int a = 0; a < m->p->naliases; a++) {
		if (pte_of(m, g->s, a) != PTE_PRESENT ||
		    (m->p->aliases[a].perms & PERM_F) || m->p->aliases[a].tmp)
			continue;
		for (int i = 0; i < m->mc->lines; i++) {
			int ds = m->dslot_of[a][i], v, from;

			if (g->s[m->o_d[c] + ds] || done[ds])
				continue;
			done[ds] = 1;
			v = load_value(g, g->s, c, ds, &from);
			begin(g, c, 0);
			TEXT(g, "(spec D-fill via %s)", m->p->aliases[a].name);
			DETAIL(g, "D$ %s = %s clean, from %s",
			       slotname(g, &m->dslot[ds], b1, sizeof b1),
			       vname(g, g->s, m->dslot[ds].gline, v, b2, sizeof b2),
			       from >= 0 ? "another CPU's copy" : "memory");
			*dent(g, g->t, c, ds) = (uint8_t)(v + 1);
			emit(g);
		}
	}
}

static void evictions(struct gen *g, int c)
{
	const struct model *m = g->m;
	char b1[48], b2[48];

	for (int ds = 0; ds < m->ndslots; ds++) {
		uint8_t e = g->s[m->o_d[c] + ds];
		int gl = m->dslot[ds].gline;

		if (!e)
			continue;
		begin(g, c, 0);
		slotname(g, &m->dslot[ds], b1, sizeof b1);
		vname(g, g->s, gl, ENT_VER(e), b2, sizeof b2);
		if (e & ENT_DIRTY) {
			TEXT(g, "(evict D$ %s, write-back)", b1);
			DETAIL(g, "dirty %s written back to memory", b2);
			mem_set(g, gl, ENT_VER(e));
		} else {
			TEXT(g, "(evict D$ %s)", b1);
			DETAIL(g, "clean %s dropped", b2);
		}
		*dent(g, g->t, c, ds) = 0;
		emit(g);
	}
	if (machine_icache_snoops(m->mc) || m->symbolic)
		return;
	for (int is = 0; is < m->nislots; is++) {
		uint8_t e = *ient(g, (uint8_t *)g->s, c, is);

		if (!e)
			continue;
		begin(g, c, 0);
		slotname(g, &m->islot[is], b1, sizeof b1);
		TEXT(g, "(evict I$ %s)", b1);
		DETAIL(g, "%s dropped",
		       vname(g, g->s, m->islot[is].gline, ENT_VER(e), b2, sizeof b2));
		*ient(g, g->t, c, is) = 0;
		emit(g);
	}
}

void model_successors(const struct model *m, const uint8_t *s,
		      model_emit_fn fn, void *ctx, unsigned how)
{
	uint8_t t[m->size];
	struct gen g = { .m = m, .s = s, .t = t, .emit = fn, .ctx = ctx,
			 .notes = (how & MODEL_NOTES) != 0 };
	int c = m->por && !(how & MODEL_EVERY_STEP) ? por_ample(m, s) : -1;

	if (c >= 0) {	/* that step alone stands for all (por.c) */
		thread_step(&g, c);
		return;
	}
	for (int c = 0; c < m->p->nthreads; c++)
		thread_step(&g, c);
	for (int c = 0; c < m->ncpus && m->p->nipis; c++)
		handler_steps(&g, c);
	for (int c = 0; c < m->ncpus; c++) {
		spec_ifills(&g, c);
		spec_dfills(&g, c);
		evictions(&g, c);
	}
}

int model_finished(const struct model *m, const uint8_t *s)
{
	for (int c = 0; c < m->p->nthreads; c++)
		if (next_op(m, s, c))
			return 0;
	return 1;
}

unsigned model_state_violations(const struct model *m, const uint8_t *s)
{
	int waiting = 0;

	for (int c = 0; c < m->ncpus && m->p->nipis; c++)
		for (int src = 0; src < m->ncpus; src++)
			if (s[m->o_ipi + c * m->ncpus + src])
				return 0;	/* an interrupt can run */
	for (int c = 0; c < m->p->nthreads; c++) {
		if (!next_op(m, s, c))
			continue;
		if (!blocked(m, s, c))
			return 0;
		waiting = 1;
	}
	return waiting ? 1u << OR_DEADLOCK : 0;
}

uint8_t model_loc_value(const struct model *m, const uint8_t *s, int loc)
{
	const struct loc *l = &m->p->locs[loc];

	if (l->is_mem) {
		int gl = gline(m, l->page, l->line);

		return s[m->o_vlabel[gl] + s[m->o_mem[gl]]];
	}
	return s[m->o_reg[l->thread] + l->reg];
}

/* ---- the thread part of a state (model.h) ----------------------------- */

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
	for (int a = 0; a < p->naliases; a++) {
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

/* ---- for por.c --------------------------------------------------------- */

int model_gline(const struct model *m, int page, int line)
{
	return gline(m, page, line);
}

int model_pc(const struct model *m, const uint8_t *s, int c)
{
	return get_pc(m, s, c);
}

int model_dcond_holds(const struct model *m, const uint8_t *s, int c,
		      const struct dcond *d)
{
	return dcond_holds(m, s, c, d);
}

int model_op_blocked(const struct model *m, const uint8_t *s, int c,
		     const struct op *o)
{
	return op_blocked(m, s, c, o);
}
