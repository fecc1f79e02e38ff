/* SPDX-License-Identifier: MIT */
/*
 * gen_scenarios.c - random, small, valid scenarios for the differential
 * tests (tests/differential.sh): every search reduction must give the same
 * verdicts, outcomes and observations as the plain search on them.
 *
 *   gen_scenarios SEED COUNT DIR
 *
 * writes DIR/gen-SEED-NNNNN.flush for NNNNN = 0 .. COUNT-1.  File i
 * depends only on SEED and i (not on COUNT), so a failing file can be
 * regenerated alone: `gen_scenarios SEED i+1 DIR` rewrites it among the
 * others.  Files carry no expect lines: the generator cannot know the
 * results, and the harness compares two runs with each other instead.
 *
 * What varies: every built-in machine preset (read from the presets
 * compiled into the binary, so a new preset is covered without a change
 * here), 1-3 threads on up to 3 CPUs, 1-2 lines and 1-2 pages, kernel
 * aliases at the linear map or at explicit VAs of several colours, user
 * mappings (present, absent, flush-only, other mm), overrides of prefetch,
 * dprefetch, maint, ifill and dma, every op of docs/design.md section 2, the
 * kernel paths of kernel/linux.pol and the cache API of the policies,
 * page flags, on_each_cpu, `policy =` (every built-in policy), `check`
 * lines and a condition (exists, bug exists, ~exists, forall) over
 * registers and memory.  Sizes are kept small
 * so that a scenario finishes well under a second (tests/README).
 *
 * Linked with the checker's objects only for the preset and policy
 * tables; it never parses or runs a scenario itself.
 *
 * Every random draw is a statement of its own, never two in one call's
 * arguments or one expression's operands: C leaves their order
 * unspecified, and gcc and clang builds would write different files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/ast.h"
#include "lang/policy.h"
#include "lang/scenario.h"

/* ---- randomness: splitmix64, one stream per file ---------------------- */

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* 0 .. n-1 */
static int pick(int n)
{
	return (int)(next() % (uint64_t)n);
}

/* true with probability pct / 100 */
static int chance(int pct)
{
	return pick(100) < pct;
}

static const char *one(const char *const *v, int n)
{
	return v[pick(n)];
}
#define ONE(v) one(v, (int)(sizeof v / sizeof v[0]))

/* ---- the scenario being built ----------------------------------------- */

#define MAX_THREADS 3
#define MAX_CELLS 8
#define MAX_MAPS 8
#define CELL 96

struct map {
	char name[8];
	int page;
	int user;		/* 0: kernel alias */
	int absent, flushonly, exec;
};

struct gen {
	int lines, npages, nthreads;
	const char *pinit[2];	/* initial labels of the pages */
	int nmaps;
	struct map maps[MAX_MAPS];
	int nusers;		/* user mappings among maps */
	int ncells[MAX_THREADS];
	char cells[MAX_THREADS][MAX_CELLS][CELL];
	int nregs[MAX_THREADS];	/* r0 .. r(nregs-1) written, in order */
	char regval[MAX_THREADS][16][16];	/* a label the register may hold */
	int nlabels;		/* v1 .. vN stored so far */
	int uptodate_set[2];	/* some cell sets uptodate(page) */
	int small;		/* three CPUs: keep everything else small */
	int heavy;		/* speculative I- and D-fills everywhere */
	int motif;		/* M_*: a known race shape to start from */
	int mt, mr;		/* the register the motif reads (thread, rK) */
	int accessed[MAX_MAPS], published[MAX_MAPS];
	int twins;		/* P0 and P1 run one program: symmetry */
};

static const char *const page_names[] = { "P", "Q" };

/*
 * Motifs: the shapes of the catalogue's races, filled in at random, so
 * that stale fetches, stale DMA and aliases turn up more often than pure
 * chance would make them.  Random cells go before and after.
 */
enum {
	M_NONE,
	M_PUBLISH,	/* store, maybe maintenance, publish a PTE | exec */
	M_DMA_OUT,	/* store, maybe maintenance | device read */
	M_DMA_IN,	/* device write, maybe maintenance | load */
	M_ALIAS,	/* store through one alias, maybe flush | load another */
	M_COW,		/* store to a page, wp_page_copy to a new one, load it */
	M_COUNT
};

static void cellf(struct gen *g, int t, const char *fmt, ...)
{
	va_list ap;

	if (g->ncells[t] >= MAX_CELLS)
		return;
	va_start(ap, fmt);
	vsnprintf(g->cells[t][g->ncells[t]++], CELL, fmt, ap);
	va_end(ap);
}

/* A fresh label: distinct versions are easier to read in a trace. */
static const char *fresh(struct gen *g)
{
	static char buf[16];

	snprintf(buf, sizeof buf, "v%d", ++g->nlabels);
	return buf;
}

/* A label that may turn up somewhere: an initial one or a stored one. */
static const char *some_label(struct gen *g)
{
	static char buf[16];

	if (g->nlabels == 0 || chance(40))
		return g->pinit[pick(g->npages)];
	snprintf(buf, sizeof buf, "v%d", 1 + pick(g->nlabels));
	return buf;
}

static const struct map *some_map(struct gen *g)
{
	return &g->maps[pick(g->nmaps)];
}

static const struct map *some_user(struct gen *g)
{
	int k = pick(g->nusers);

	for (int m = 0; m < g->nmaps; m++)
		if (g->maps[m].user && k-- == 0)
			return &g->maps[m];
	return NULL;
}

static const struct map *some_kernel(struct gen *g)
{
	int nk = g->nmaps - g->nusers, k;

	if (nk == 0)
		return some_map(g);
	k = pick(nk);
	for (int m = 0; m < g->nmaps; m++)
		if (!g->maps[m].user && k-- == 0)
			return &g->maps[m];
	return NULL;
}

/* A mapping, the whole page or (lines = 2) sometimes one line of it. */
static const char *target(struct gen *g, const struct map *m)
{
	static char buf[2][24];
	static int k;

	g->accessed[m - g->maps] = 1;
	k ^= 1;
	if (g->lines > 1 && chance(40))
		snprintf(buf[k], sizeof buf[k], "%s[%d]", m->name, pick(g->lines));
	else
		snprintf(buf[k], sizeof buf[k], "%s", m->name);
	return buf[k];
}

/* A page: by its name, or now and then by a mapping standing for it. */
static const char *some_page(struct gen *g)
{
	if (chance(10))
		return some_map(g)->name;
	return page_names[pick(g->npages)];
}

static int new_reg(struct gen *g, int t, const char *val)
{
	int r = g->nregs[t]++;

	snprintf(g->regval[t][r], sizeof g->regval[t][r], "%s", val);
	return r;
}

/* ---- ops and calls ------------------------------------------------------ */

static const char *const dirs[] = { "to_device", "from_device",
				    "bidirectional" };

/*
 * Whether gen_cell() writes each statement op of ops.h itself (1) or the
 * op comes only from the kernel's functions (0).  A switch with no
 * default: a new op is a -Wswitch warning here until the generator has
 * been taught to draw it, or this says why it is not drawn.
 */
static int op_drawn(enum ast_op op)
{
	switch (op) {
	case A_ST: case A_LD: case A_EXEC: case A_COPY:
	case A_DC_CLEAN: case A_DC_INV: case A_DC_FLUSH:
	case A_IC_INV: case A_IC_INV_ALL:
	case A_DC_CLEAN_ALL: case A_DC_FLUSH_ALL: case A_DSB: case A_ISB:
	case A_PTE_SET: case A_PTE_CLEAR: case A_PTE_FLUSHONLY:
	case A_DMA_WRITE: case A_DMA_READ:
	case A_SET: case A_WAIT: case A_LOCK: case A_UNLOCK:
		return 1;
	case A_CLEAR:		/* clear_bit: the kernel's page flags */
	case A_TAS:		/* test_and_set: __sync_icache_dcache() */
	case A_DSB_ST:		/* DSB ISHST: arm64's cache functions */
	case A_FENCE_I:		/* RISC-V's flush_icache_all() */
	case A_IRQ_OFF:		/* kernel paths (stop_machine) */
	case A_IRQ_ON:
	case A_MASK_SET:	/* switch_mm, flush_icache_mm() */
	case A_MASK_CLEAR:
	case A_MASK_SETALL:
	case A_PREEMPT:		/* threads that migrate (riscv-prctl) */
	case A_ONLINE:		/* CPU bringup (smp_callin) */
	case A_RCU_SYNC:	/* the Armv8 model only (design.md 9.4); */
	case A_RCU_QS:		/* the generator draws cache-model runs */
	case A_RCU_EQS_ENTER:
	case A_RCU_EQS_EXIT:
		return 0;
	}
	return 0;
}

/* One cell (or two, for lock/unlock) of thread t. */
static void gen_cell(struct gen *g, int t)
{
	const struct map *m;

	for (;;) {
		int w = pick(100);

		if (w < 14) {				/* st */
			const char *x;

			m = some_map(g);
			if (g->nregs[t] && chance(25)) {
				int r = pick(g->nregs[t]);

				x = target(g, m);
				cellf(g, t, "st %s = r%d", x, r);
			} else {
				x = target(g, m);
				cellf(g, t, "st %s = %s", x, fresh(g));
			}
			return;
		}
		if (w < 25) {				/* ld */
			m = some_map(g);
			if (chance(90)) {
				int r = new_reg(g, t, g->pinit[m->page]);

				cellf(g, t, "r%d = ld %s", r, target(g, m));
			} else {
				cellf(g, t, "ld %s", target(g, m));
			}
			return;
		}
		if (w < 33) {				/* exec */
			int r;

			m = some_map(g);
			for (int k = 0; k < 3 && !m->exec; k++)
				m = some_map(g);
			r = new_reg(g, t, g->pinit[m->page]);
			cellf(g, t, "r%d = exec %s", r, target(g, m));
			return;
		}
		if (w < 36) {				/* copy */
			const struct map *y = some_map(g);

			m = some_map(g);
			if (m == y && g->nmaps == 1)
				continue;
			while (m == y)
				m = some_map(g);
			if (g->lines > 1 && chance(40)) {
				int i = pick(g->lines);

				cellf(g, t, "copy %s[%d] = %s[%d]", m->name, i,
				      y->name, chance(70) ? i : pick(g->lines));
			} else {
				cellf(g, t, "copy %s = %s", m->name, y->name);
			}
			return;
		}
		if (w < 46) {				/* dc.* by VA */
			static const char *const ops[] = { "dc.clean", "dc.inv",
							   "dc.flush" };
			const char *op = ONE(ops);
			const char *local = chance(20) ? ".local" : "";

			cellf(g, t, "%s%s %s", op, local, target(g, some_map(g)));
			return;
		}
		if (w < 52) {				/* ic.* */
			if (chance(50)) {
				const char *local = chance(20) ? ".local" : "";

				cellf(g, t, "ic.inv%s %s", local,
				      target(g, some_map(g)));
			} else
				cellf(g, t, "ic.inv.all%s", chance(20) ? ".local" : "");
			return;
		}
		if (w < 54) {				/* whole D-cache */
			cellf(g, t, chance(50) ? "dc.clean.all" : "dc.flush.all");
			return;
		}
		if (w < 56) {				/* barriers */
			cellf(g, t, chance(50) ? "dsb" : "isb");
			return;
		}
		if (w < 62) {				/* PTE ops */
			static const char *const ops[] = { "pte.set", "pte.set",
							   "pte.clear",
							   "pte.flushonly" };

			const char *op;

			if (!g->nusers)
				continue;
			op = ONE(ops);
			cellf(g, t, "%s %s", op, some_user(g)->name);
			return;
		}
		if (w < 68) {				/* DMA */
			int p = pick(g->npages);
			char pg[16];

			if (g->lines > 1 && chance(30))
				snprintf(pg, sizeof pg, "%s[%d]", page_names[p],
					 pick(g->lines));
			else
				snprintf(pg, sizeof pg, "%s", page_names[p]);
			if (chance(50)) {
				cellf(g, t, "dma.write %s = %s", pg, fresh(g));
			} else {
				int r = new_reg(g, t, g->pinit[p]);

				cellf(g, t, "r%d = dma.read %s", r, pg);
			}
			return;
		}
		if (w < 72) {				/* page flags */
			int p = pick(g->npages);

			switch (pick(4)) {
			case 0:
			case 1: {
				/*
				 * A waiter on another CPU, often: a wait drawn
				 * later by chance alone is rare (about one in
				 * 2,000 files), and the handshake is the point.
				 */
				int waiter = (t + 1) % g->nthreads;
				int wait = chance(40);

				cellf(g, t, "set uptodate(%s)", page_names[p]);
				g->uptodate_set[p] = 1;
				if (wait && waiter != t)
					cellf(g, waiter, "wait uptodate(%s)",
					      page_names[p]);
				break;
			}
			case 2:
				cellf(g, t, "lock locked(%s)", page_names[p]);
				cellf(g, t, "unlock locked(%s)", page_names[p]);
				break;
			default:
				if (!g->uptodate_set[p])
					continue;
				cellf(g, t, "wait uptodate(%s)", page_names[p]);
				break;
			}
			return;
		}
		if (w < 74) {				/* cross-CPU call */
			static const char *const body[] = {
				"ic.inv.all;", "dc.flush.all;", "isb;",
				"ic.inv.all; dsb;",
			};

			cellf(g, t, "on_each_cpu { %s }", ONE(body));
			return;
		}
		if (w < 87) {				/* the kernel file */
			const char *p = some_page(g);

			switch (pick(12)) {
			case 0:
			case 1:
				if (!g->nusers)
					continue;
				m = some_user(g);
				/* the page must become uptodate, or it hangs */
				if (!g->uptodate_set[m->page] && chance(80)) {
					cellf(g, t, "%s(%s, %s)",
					      chance(50) ? "pio_read" : "pio_read_flush",
					      page_names[m->page], fresh(g));
					g->uptodate_set[m->page] = 1;
				}
				cellf(g, t, "fault(%s)", m->name);
				break;
			case 2:
				cellf(g, t, "pio_read(%s, %s)", p, fresh(g));
				break;
			case 3:
				cellf(g, t, "pio_read_flush(%s, %s)", p, fresh(g));
				break;
			case 4:
				cellf(g, t, "dma_read(%s, %s)", p, fresh(g));
				break;
			case 5:
				cellf(g, t, "dma_write_out(%s)", p);
				break;
			case 6:
				cellf(g, t, "write(%s, %s)", p, fresh(g));
				break;
			case 7:
				cellf(g, t, "read(%s)", p);
				break;
			case 8: {
				const struct map *un = NULL;

				if (!g->nusers)
					continue;
				m = some_user(g);
				for (int k = 0; k < g->nmaps; k++)
					if (g->maps[k].user &&
					    g->maps[k].page != m->page)
						un = &g->maps[k];
				if (!un)
					continue;
				cellf(g, t, "wp_page_copy(%s, %s)", m->name, un->name);
				break;
			}
			case 9:
				if (!g->nusers)
					continue;
				cellf(g, t, "ptrace_poke(%s, %s)", some_user(g)->name,
				      fresh(g));
				break;
			case 10:
				cellf(g, t, "module_load(%s, %s)", some_kernel(g)->name,
				      fresh(g));
				break;
			default:
				if (!g->nusers)
					continue;
				m = some_user(g);
				if (chance(50))
					cellf(g, t, "swap_out(%s)", m->name);
				else
					cellf(g, t, "swap_in(%s, %s)", m->name, fresh(g));
				break;
			}
			return;
		}
		{					/* the cache API */
			static const char *const ufn[] = {
				"set_pte_at", "update_mmu_cache", "flush_icache_page",
				"flush_cache_page", "flush_cache_range",
				"flush_anon_page", "ptep_get_and_clear",
			};
			const char *p, *x;

			switch (pick(6)) {
			case 0:
				cellf(g, t, "flush_dcache_page(%s)", some_page(g));
				break;
			case 1:
			case 2:
				if (!g->nusers)
					continue;
				p = ONE(ufn);
				cellf(g, t, "%s(%s)", p, some_user(g)->name);
				break;
			case 3:
				cellf(g, t, "flush_icache_range(%s)", some_kernel(g)->name);
				break;
			case 4:
				p = chance(50) ? "dma_map" : "dma_unmap";
				x = some_page(g);
				cellf(g, t, "%s(%s, %s)", p, x, ONE(dirs));
				break;
			default:
				if (!g->nusers)
					continue;
				m = some_user(g);
				if (g->npages > 1 && chance(75))
					cellf(g, t, "copy_user_highpage(%s, %s, %s)",
					      page_names[1 - m->page],
					      page_names[m->page], m->name);
				else
					cellf(g, t, "copy_to_user_page(%s, %s)",
					      m->name, fresh(g));
				break;
			}
			return;
		}
	}
}

/* ---- motifs -------------------------------------------------------------- */

/* A mapping of page p: kernel (want 0), user (1) or either (-1), else NULL. */
static const struct map *map_of(struct gen *g, int p, int want)
{
	int n = 0, k;

	for (int m = 0; m < g->nmaps; m++)
		if (g->maps[m].page == p && (want < 0 || g->maps[m].user == want))
			n++;
	if (!n)
		return NULL;
	k = pick(n);
	for (int m = 0; m < g->nmaps; m++)
		if (g->maps[m].page == p && (want < 0 || g->maps[m].user == want) &&
		    k-- == 0)
			return &g->maps[m];
	return NULL;
}

/* Maintenance that may or may not close the race, on mapping m. */
static void some_maintenance(struct gen *g, int t, const struct map *m)
{
	switch (pick(8)) {
	case 0: cellf(g, t, "dc.clean %s", target(g, m)); break;
	case 1: cellf(g, t, "dc.flush %s", target(g, m)); break;
	case 2: cellf(g, t, "dc.inv %s", target(g, m)); break;
	case 3: cellf(g, t, "ic.inv.all"); break;
	case 4: cellf(g, t, "flush_dcache_page(%s)", page_names[m->page]); break;
	case 5: cellf(g, t, "dc.clean %s", target(g, m));
		cellf(g, t, "ic.inv%s", chance(50) ? ".all" : ".all.local");
		break;
	default: break;		/* none */
	}
}

static void motif(struct gen *g)
{
	/* the writer is thread 0, the reader the last thread */
	int w = 0, r = g->nthreads - 1, pio;
	const struct map *k = map_of(g, 0, 0), *u, *a, *b;

	if (!k)
		k = map_of(g, 0, -1);
	if (!k)
		return;		/* page 0 has no mapping at all */
	switch (g->motif) {
	case M_PUBLISH:
		u = map_of(g, 0, 1);
		if (!u)
			return;
		pio = pick(4);
		if (pio < 2)
			cellf(g, w, "%s(P, %s)", pio ? "pio_read_flush" : "pio_read",
			      fresh(g));
		else
			cellf(g, w, "st %s = %s", k->name, fresh(g));
		g->uptodate_set[0] = 1;
		if (chance(60))
			some_maintenance(g, w, k);
		if (pio < 2 && chance(60)) {
			cellf(g, w, "fault(%s)", u->name);
		} else {
			cellf(g, w, chance(50) ? "pte.set %s" : "set_pte_at(%s)",
			      u->name);
			if (chance(40))
				cellf(g, w, "update_mmu_cache(%s)", u->name);
		}
		g->published[u - g->maps] = 1;
		g->mt = r;
		g->mr = new_reg(g, r, g->pinit[0]);
		cellf(g, r, "r%d = exec %s", g->mr, u->name);
		g->accessed[u - g->maps] = 1;
		break;
	case M_DMA_OUT:
		cellf(g, w, "st %s = %s", target(g, k), fresh(g));
		if (chance(50))
			some_maintenance(g, w, k);
		else if (chance(50))
			cellf(g, w, "dma_map(P, %s)", ONE(dirs));
		g->mt = r;
		g->mr = new_reg(g, r, g->pinit[0]);
		cellf(g, r, "r%d = dma.read P", g->mr);
		break;
	case M_DMA_IN:
		if (chance(30))
			cellf(g, r, "r%d = ld %s", new_reg(g, r, g->pinit[0]),
			      target(g, k));
		cellf(g, w, "dma.write P = %s", fresh(g));
		if (chance(50))
			some_maintenance(g, w, k);
		else if (chance(50))
			cellf(g, w, "dma_unmap(P, %s)", ONE(dirs));
		g->mt = r;
		g->mr = new_reg(g, r, g->pinit[0]);
		cellf(g, r, "r%d = ld %s", g->mr, target(g, k));
		break;
	case M_ALIAS:
		a = map_of(g, 0, 1);
		b = map_of(g, 0, -1);
		for (int n = 0; n < 4 && b == a; n++)
			b = map_of(g, 0, -1);
		if (!a || !b || a == b)
			return;
		if (chance(50)) {
			const struct map *x = a;

			a = b;
			b = x;
		}
		cellf(g, w, "st %s = %s", target(g, a), fresh(g));
		if (chance(60))
			some_maintenance(g, w, a);
		g->mt = r;
		g->mr = new_reg(g, r, g->pinit[0]);
		cellf(g, r, "r%d = ld %s", g->mr, target(g, b));
		break;
	case M_COW:
		a = map_of(g, 0, 1);
		b = map_of(g, 1, 1);
		if (!a || !b)
			return;
		if (chance(30))
			cellf(g, w, "r%d = ld %s", new_reg(g, w, g->pinit[0]),
			      target(g, a));
		cellf(g, w, "st %s = %s", target(g, a), fresh(g));
		cellf(g, w, "wp_page_copy(%s, %s)", a->name, b->name);
		g->published[b - g->maps] = 1;
		g->mt = chance(70) ? w : r;
		g->mr = new_reg(g, g->mt, g->pinit[0]);
		cellf(g, g->mt, "r%d = ld %s", g->mr, target(g, b));
		break;
	}
}

/*
 * Loads, stores and fetches through an absent PTE that nothing makes
 * present block forever (deadlock).  Most of the time, make it present
 * somewhere: in another thread, or first in the same one.
 */
static void publish(struct gen *g)
{
	for (int m = 0; m < g->nmaps; m++) {
		const char *name = g->maps[m].name;
		int t = pick(g->nthreads);
		char needle[4][24];

		if (!g->maps[m].user || !g->maps[m].absent || !g->accessed[m] ||
		    g->published[m] || !chance(65) || g->ncells[t] >= MAX_CELLS)
			continue;
		snprintf(needle[0], sizeof needle[0], "pte.set %s", name);
		snprintf(needle[1], sizeof needle[1], "(%s)", name);
		snprintf(needle[2], sizeof needle[2], "(%s,", name);
		snprintf(needle[3], sizeof needle[3], " %s)", name);
		for (int x = 0; x < g->nthreads; x++)
			for (int k = 0; k < g->ncells[x]; k++)
				for (int n = 0; n < 4; n++)
					if (strstr(g->cells[x][k], needle[n]))
						goto next;	/* perhaps done */
		if (g->nthreads == 1 || chance(30)) {	/* first in thread t */
			memmove(g->cells[t][1], g->cells[t][0],
				(size_t)g->ncells[t] * CELL);
			g->ncells[t]++;
			snprintf(g->cells[t][0], CELL, "pte.set %s", g->maps[m].name);
		} else {
			cellf(g, t, chance(70) ? "pte.set %s" : "set_pte_at(%s)",
			      g->maps[m].name);
		}
next:		;
	}
}

/* ---- the condition ------------------------------------------------------ */

static void atom(struct gen *g, char *buf, size_t len)
{
	int t = pick(g->nthreads);

	for (int k = 0; k < 4 && !g->nregs[t]; k++)
		t = pick(g->nthreads);
	/* twins stay interchangeable only if the condition names neither */
	if (g->twins && t < 2)
		t = g->nthreads > 2 ? 2 : -1;
	if (t >= 0 && g->nregs[t] && chance(65)) {
		int r = pick(g->nregs[t]);

		snprintf(buf, len, "P%d:r%d = %s", t, r,
			 chance(50) ? g->regval[t][r] : some_label(g));
		return;
	}
	{
		int p = pick(g->npages);

		if (g->lines > 1 && chance(50)) {
			int line = pick(g->lines);

			snprintf(buf, len, "[%s[%d]] = %s", page_names[p], line,
				 some_label(g));
		} else
			snprintf(buf, len, "[%s] = %s", page_names[p],
				 chance(40) ? g->pinit[p] : some_label(g));
	}
}

static void condition(struct gen *g, FILE *f)
{
	/* `bug exists` makes a satisfying final state a violation
	 * (bad-outcome), which the reductions must find and confirm too */
	static const char *const quant[] = { "exists", "exists", "bug exists",
					     "bug exists", "~exists", "forall" };
	int n = 1 + pick(3);
	char a[64];

	char seen[3][64];

	fprintf(f, "%s (", ONE(quant));
	for (int k = 0; k < n; k++) {
		if (k == 0 && g->motif != M_NONE && g->nregs[g->mt] > g->mr &&
		    !(g->twins && g->mt < 2) && chance(70))
			snprintf(a, sizeof a, "P%d:r%d = %s", g->mt, g->mr,
				 g->regval[g->mt][g->mr]);
		else
			atom(g, a, sizeof a);
		for (int r = 0; r < 4; r++) {
			int dup = 0;

			for (int j = 0; j < k; j++)
				dup |= !strcmp(seen[j], a);
			if (!dup)
				break;
			atom(g, a, sizeof a);
		}
		snprintf(seen[k], sizeof seen[k], "%s", a);
		if (k)
			fputs(chance(60) ? " /\\ " : " \\/ ", f);
		fprintf(f, chance(12) ? "~(%s)" : "%s", a);
	}
	fputs(")\n", f);
}

/* ---- one file --------------------------------------------------------- */

static int npolicies;
static const char *policies[64];

static const char *const user_vas[] = {
	"0x8000", "0x9000", "0xa000", "0xb000", "0x10000", "0x400000",
	"0x401000",
};

static void scenario(FILE *f, unsigned long long seed, int idx)
{
	struct gen g;
	struct machine mach;
	struct diag d = { 0 };
	const char *machine = preset_name(pick(preset_count()));
	int cpus, spec, kvas_used[2] = { 0, 0 }, uvas_used = 0;
	int ncell[MAX_THREADS], cow_va = 0;
	const char *pf, *dpf;

	memset(&g, 0, sizeof g);
	if (preset_load(&mach, machine, &d)) {
		fprintf(stderr, "gen_scenarios: preset %s: %s\n", machine, d.msg);
		exit(2);
	}

	/*
	 * Sizes.  Speculation on every CPU makes the state space grow with
	 * the power of the number of CPUs, so three CPUs (three threads, or
	 * idle CPUs that only speculate) come with one page of one line, at
	 * most two mappings and short threads.
	 */
	g.nthreads = 1 + (chance(45) ? 0 : chance(85) ? 1 : 2);
	cpus = mach.cpus;
	if (cpus < g.nthreads || chance(20)) {
		cpus = g.nthreads + pick(3 - g.nthreads + 1);
		if (cpus == 3 && g.nthreads < 3 && chance(50))
			cpus = 2;
	}
	/* prefetch and dprefetch first: they decide how big it may be */
	{
		static const char *const v[] = { "none", "user", "exec", "any" };

		pf = chance(15) ? ONE(v) : NULL;
		dpf = chance(12) ? chance(50) ? "none" : "any" : NULL;
	}
	/* a snooping I-cache holds nothing a prefetch could make stale */
	spec = (mach.i.snoops ? 0 : pf ? pf[0] == 'a' ? 2 : pf[0] != 'n' :
		mach.prefetch == PF_ANY ? 2 : mach.prefetch != PF_NONE) +
	       (dpf ? dpf[0] == 'a' : mach.dprefetch);
	g.small = cpus >= 3;
	g.heavy = spec >= 2;
	g.lines = !g.small && spec < 3 && chance(g.heavy ? 8 : 20) ? 2 : 1;
	g.npages = !g.small && chance(30) ? 2 : 1;
	g.pinit[0] = chance(85) ? "old" : "0";
	g.pinit[1] = "zero";
	g.motif = chance(35) ? 1 + pick(M_COUNT - 1) : M_NONE;
	if (g.motif == M_COW && g.small)
		g.motif = M_ALIAS;
	if (g.motif == M_COW)
		g.npages = 2;

	fprintf(f, "FLUSH gen-%llu-%d\n", seed, idx);
	fprintf(f, "\"random scenario %d of gen_scenarios seed %llu "
		"(tests/gen/gen_scenarios.c)\"\n", idx, seed);
	fprintf(f, "machine = %s\n", machine);
	/*
	 * The cache model, also on the armv8 presets (which run Arm's relaxed
	 * model): these files test its reductions against the plain search,
	 * and draw ops (DMA, set/way, .local) the relaxed model refuses.  The
	 * relaxed model has no reductions; herd-diff, tests/litmus and the
	 * catalogue's relaxed files test it.  No draw: the other files of a
	 * seed stay as they were.
	 */
	if (machine_relaxed_armv8(&mach))
		fprintf(f, "model = sc\n");
	/* ... where an erratum of Arm's model means nothing */
	if (machine_dic_fetch_unordered(&mach))
		fprintf(f, "erratum = none\n");
	if (cpus != mach.cpus || chance(5))
		fprintf(f, "cpus = %d\n", cpus);
	if (g.lines > 1)
		fprintf(f, "lines = %d\n", g.lines);
	if (pf)
		fprintf(f, "prefetch = %s\n", pf);
	if (dpf)
		fprintf(f, "dprefetch = %s\n", dpf);
	if (chance(12))
		fprintf(f, "maint = %s\n", chance(50) ? "local" : "broadcast");
	if (chance(12))
		fprintf(f, "ifill = %s\n", chance(50) ? "memory" : "dcache");
	if (chance(12))
		fprintf(f, "dma = %s\n", chance(50) ? "coherent" : "noncoherent");
	if (chance(60))
		fprintf(f, "policy = %s\n", policies[pick(npolicies)]);

	/* Pages and mappings. */
	for (int p = 0; p < g.npages; p++) {
		int nk = chance(85) ? 1 : chance(30) ? 2 : 0;

		for (int k = 0; k < nk; k++) {
			struct map *m = &g.maps[g.nmaps++];

			snprintf(m->name, sizeof m->name, "K%s%s", p ? "Q" : "",
				 k ? "2" : "");
			m->page = p;
			m->exec = 1;
		}
	}
	{
		/*
		 * 0..3 user mappings, 3 seldom; at most 3 mappings with 2
		 * lines, 2 with three CPUs
		 */
		int nu = chance(10) ? 3 : pick(3), most = g.small ||
			g.lines > 1 ? 2 : g.heavy ? 3 : 8;

		if (g.nmaps + nu > most)
			nu = most - g.nmaps > 0 ? most - g.nmaps : 0;

		if ((g.nmaps == 0 || g.motif == M_PUBLISH) && nu == 0)
			nu = 1;
		if (g.motif == M_ALIAS && g.nmaps + nu < 2)
			nu = 2 - g.nmaps;
		if (g.motif == M_COW && nu < 2)
			nu = 2;
		for (int k = 0; k < nu; k++) {
			struct map *m = &g.maps[g.nmaps++];

			snprintf(m->name, sizeof m->name, "%c", "UVW"[k]);
			m->page = pick(g.npages);
			if (k == 1 && chance(50))	/* for wp_page_copy */
				m->page = g.npages - 1 - m[-1].page;
			m->user = 1;
			g.nusers++;
		}
	}

	fputs("{\n", f);
	for (int p = 0; p < g.npages; p++) {
		if (p == 0 && !strcmp(g.pinit[0], "0") && chance(50))
			fprintf(f, "  page %s;\n", page_names[p]);
		else
			fprintf(f, "  page %s = %s;\n", page_names[p], g.pinit[p]);
	}
	for (int k = 0; k < g.nmaps; k++) {
		struct map *m = &g.maps[k];

		if (!m->user) {
			/* the linear map, or one of four colours of its own */
			if (m->name[strlen(m->name) - 1] != '2' && chance(70)) {
				fprintf(f, "  kernel %s = %s;\n", m->name,
					page_names[m->page]);
			} else {
				int c;

				do
					c = pick(4);
				while (kvas_used[m->page] & (1 << c));
				kvas_used[m->page] |= 1 << c;
				fprintf(f, "  kernel %s = %s @ 0x%lx;\n", m->name,
					page_names[m->page],
					0xd0000000ul + 0x10000ul * (unsigned long)m->page +
						0x1000ul * (unsigned long)c);
			}
			continue;
		}
		{
			static const char *const perms[] = {
				"r", "rw", "rw", "rx", "rx", "rx", "rwx", "x",
			};
			const char *pm = chance(10) ? "f" : ONE(perms);
			int v, first = m == &g.maps[g.nmaps - g.nusers];
			int second = m == &g.maps[g.nmaps - g.nusers + 1];

			/* the motifs need one mapping of a kind, on page 0 */
			if (first && g.motif == M_PUBLISH) {
				m->page = 0;
				pm = chance(70) ? "rx" : chance(50) ? "rwx" : "x";
			} else if (first && (g.motif == M_ALIAS || g.motif == M_COW)) {
				m->page = 0;
				pm = chance(80) ? "rw" : "rwx";
			} else if (second && g.motif == M_COW) {
				m->page = 1;	/* the new page, at the same VA */
				pm = m[-1].exec ? "rwx" : "rw";
			}

			if (second && g.motif == M_COW) {
				v = cow_va;
			} else {
				do
					v = pick((int)(sizeof user_vas /
						       sizeof user_vas[0]));
				while (uvas_used & (1 << v));
				uvas_used |= 1 << v;
				cow_va = v;
			}
			m->flushonly = pm[0] == 'f';
			m->exec = strchr(pm, 'x') != NULL;
			m->absent = !m->flushonly ? chance(35) : chance(10);
			if (first && g.motif == M_PUBLISH)
				m->absent = chance(85);
			else if (first && (g.motif == M_ALIAS || g.motif == M_COW))
				m->absent = 0;
			else if (second && g.motif == M_COW)
				m->absent = 1;
			fprintf(f, "  user %s = %s @ %s %s%s", m->name,
				page_names[m->page], user_vas[v], pm,
				m->absent ? " absent" : "");
			if (chance(15))
				fprintf(f, " mm %d", 1 + pick(2));
			fputs(";\n", f);
		}
	}
	fputs("}\n", f);

	/* Threads: 1 thread up to 5 cells, 2 up to 3, 3 up to 2. */
	for (int t = 0; t < g.nthreads; t++) {
		int tight = g.small || (g.heavy && g.lines > 1);
		int n = 1 + pick(g.nthreads == 1 ? tight ? 3 : g.heavy ||
				 g.lines > 1 ? 4 : 5 : g.nthreads == 2 && !tight ?
				 3 : 2);

		ncell[t] = n;
	}
	if (g.motif != M_NONE) {
		if (chance(30))
			gen_cell(&g, 0);
		motif(&g);
	}
	for (int t = 0; t < g.nthreads; t++)
		for (int k = 0; k < ncell[t] && g.ncells[t] < ncell[t]; k++)
			gen_cell(&g, t);
	publish(&g);
	/*
	 * Twins: P1 runs P0's program, so that the symmetry reduction has
	 * CPUs to swap (idle CPUs give it some too).
	 */
	if (g.nthreads >= 2 && chance(15)) {
		g.twins = 1;
		g.ncells[1] = g.ncells[0];
		memcpy(g.cells[1], g.cells[0], sizeof g.cells[0]);
		g.nregs[1] = g.nregs[0];
		memcpy(g.regval[1], g.regval[0], sizeof g.regval[0]);
	}
	{
		int rows = 0;
		size_t width[MAX_THREADS];

		for (int t = 0; t < g.nthreads; t++) {
			width[t] = 3;
			for (int k = 0; k < g.ncells[t]; k++)
				if (strlen(g.cells[t][k]) > width[t])
					width[t] = strlen(g.cells[t][k]);
			if (g.ncells[t] > rows)
				rows = g.ncells[t];
		}
		for (int row = -1; row < rows; row++) {
			for (int t = 0; t < g.nthreads; t++) {
				char head[8];
				const char *c = head;

				snprintf(head, sizeof head, "P%d", t);
				if (row >= 0)
					c = row < g.ncells[t] ? g.cells[t][row] : "";
				fprintf(f, "%s %-*s ", t ? "|" : "", (int)width[t], c);
			}
			fputs(";\n", f);
		}
	}

	fputc('\n', f);
	condition(&g, f);
	if (chance(8)) {
		static const char *const oracles[] = {
			"stale-fetch", "stale-load", "lost-write", "stale-dma",
			"fault", "deadlock",
		};

		if (chance(15)) {
			fputs("check none\n", f);
		} else {
			fprintf(f, "check %s", ONE(oracles));
			if (chance(50))
				fprintf(f, ", %s", ONE(oracles));
			fputc('\n', f);
		}
	}
}

int main(int argc, char **argv)
{
	unsigned long long seed;
	long count;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: gen_scenarios SEED COUNT DIR\n"
			"ops drawn in cells:");
		for (int a = 0; a < A_COUNT; a++)
			if (op_drawn((enum ast_op)a))
				fprintf(stderr, " %s", stmt_op((enum ast_op)a)->syntax);
		fprintf(stderr, "\n");
		return 2;
	}
	errno = 0;
	seed = strtoull(argv[1], &end, 0);
	if (errno || *end || end == argv[1]) {
		fprintf(stderr, "gen_scenarios: bad seed '%s'\n", argv[1]);
		return 2;
	}
	count = strtol(argv[2], &end, 0);
	if (errno || *end || end == argv[2] || count < 0 || count > 99999) {
		fprintf(stderr, "gen_scenarios: bad count '%s' (0..99999)\n",
			argv[2]);
		return 2;
	}
	if (mkdir(argv[3], 0777) && errno != EEXIST) {
		fprintf(stderr, "gen_scenarios: %s: %s\n", argv[3], strerror(errno));
		return 2;
	}
	for (int k = 0; k < builtin_policy_count() && npolicies < 64; k++) {
		const char *name = builtin_policy_name(k);

		if (strcmp(name, "linux") && strcmp(name, "asm-generic"))
			policies[npolicies++] = name;
	}

	for (int i = 0; i < count; i++) {
		char path[4096];
		FILE *f;

		snprintf(path, sizeof path, "%s/gen-%llu-%05d.flush", argv[3],
			 seed, i);
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "gen_scenarios: %s: %s\n", path,
				strerror(errno));
			return 2;
		}
		/* file i depends on (seed, i) only */
		rng = seed * 0x100000001b3ull ^ (uint64_t)i * 0x9e3779b97f4a7c15ull;
		next();
		scenario(f, seed, i);
		if (fclose(f)) {
			fprintf(stderr, "gen_scenarios: %s: %s\n", path,
				strerror(errno));
			return 2;
		}
	}
	return 0;
}
