/* SPDX-License-Identifier: MIT */
/*
 * compile.c - statements to ops, with every call inlined (see compile.h).
 */
#include "compile.h"
#include "build.h"
#include "limits.h"
#include "suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an expression denotes once its names are bound. */
enum vkind { V_NONE, V_ALIAS, V_PAGE, V_LABEL, V_DIR, V_REG, V_MM };

struct val {
	enum vkind k;
	int a;			/* mapping, page, label, direction, register
				 * or mm */
	int line;		/* V_ALIAS: one line, or -1 for every line */
};

static const char *const dirs[] = { "to_device", "from_device",
				    "bidirectional" };

#define MAX_BIND 48

/*
 * A frame is one inlined call (or the scenario cell at the bottom): its
 * parameters and locals, the text its ops carry in reports, and the
 * `return` jumps still to be pointed at its end.
 */
struct frame {
	const struct pol_func *fn;	/* NULL: a scenario cell */
	int nb;
	const char *bname[MAX_BIND];
	struct val bval[MAX_BIND];
	const char *prefix;		/* "set_pte_at(U)" */
	int ndead;
	const char *dead[MAX_BIND];	/* locals whose block has ended */
	int nret;
	int ret[64];
};

struct codebuf {
	struct op *ops;
	int n, cap;
};

struct compiler {
	struct program *p;
	struct arena *a;
	const struct polset *ps;
	struct diag *d;
	struct build b;			/* adds labels and mappings to p */
	struct codebuf thread[FC_MAX_CPUS];
	struct codebuf ipi[FC_MAX_IPIS];
	uint32_t written[FC_MAX_CPUS];	/* scenario registers written */
	int nlocal[FC_MAX_CPUS];
	const struct pol_func *stack[FC_MAX_CALL_DEPTH];
	struct pos call[FC_MAX_CALL_DEPTH];	/* where each was called */
	int depth;
	long cost[FC_MAX_CPUS];		/* statements inlined, per thread */
	/* writes to each line so far, for the model's version bound */
	int writes[FC_MAX_PAGES][FC_MAX_LINES];
	int t;				/* the thread being compiled */
	struct codebuf *out;		/* where ops go */
	int handler;			/* inside on_each_cpu's interrupt */
	int in_switch;			/* inside a preempt_point's switch */
	const struct frame *handler_frame;	/* whose block it is */
	struct pos site;		/* the cell's call being inlined */
	const char *site_text;
};

static _Noreturn void cerr(struct compiler *cc, struct pos p,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cerr(struct compiler *cc, struct pos p, const char *fmt, ...)
{
	va_list ap;

	cc->d->file = p.file;
	cc->d->line = p.line;
	cc->d->col = p.col;
	va_start(ap, fmt);
	vsnprintf(cc->d->msg, sizeof cc->d->msg, fmt, ap);
	va_end(ap);
	if (cc->depth && cc->site_text) {
		size_t n = strlen(cc->d->msg);

		/* a policy author sees where, a scenario author why */
		snprintf(cc->d->msg + n, sizeof cc->d->msg - n,
			 " (in %s, called at %s:%d:%d)", cc->site_text,
			 cc->site.file, cc->site.line, cc->site.col);
	}
	longjmp(*cc->d->env, 1);
}

/* ---- names ----------------------------------------------------------- */

/* What the builder made, or its error at pos. */
static int built(struct compiler *cc, int k, struct pos pos)
{
	if (k < 0)
		cerr(cc, pos, "%s", cc->b.err);
	return k;
}

static int intern_label(struct compiler *cc, const char *s, struct pos pos)
{
	return built(cc, build_label(&cc->b, s), pos);
}

static int find_flag(const struct program *p, const char *name)
{
	for (int i = 0; i < p->nflags; i++)
		if (!strcmp(p->flags[i], name))
			return i;
	return -1;
}

static int find_name(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

static int find_mask(const struct program *p, const char *name)
{
	return find_name(p->masks, p->nmasks, name);
}

static int find_mmflag(const struct program *p, const char *name)
{
	return find_name(p->mmflags, p->nmmflags, name);
}

/* Look a name up: the frame's bindings, then (in a cell) the scenario's. */
static struct val lookup(struct compiler *cc, const struct frame *f,
			 const char *name)
{
	const struct program *p = cc->p;
	int k;

	for (k = f->nb - 1; k >= 0; k--)
		if (!strcmp(f->bname[k], name))
			return f->bval[k];
	for (k = 0; k < 3; k++)
		if (!strcmp(name, dirs[k]))
			return (struct val){ V_DIR, k, -1 };
	if (f->fn)
		return (struct val){ V_NONE, 0, -1 };
	if ((k = build_reg_number(name)) >= 0)
		return (struct val){ V_REG, k, -1 };
	if ((k = build_find_mapping(p, name)) >= 0)
		return (struct val){ V_ALIAS, k, -1 };
	if ((k = build_find_page(p, name)) >= 0)
		return (struct val){ V_PAGE, k, -1 };
	return (struct val){ V_NONE, 0, -1 };
}

static void bind(struct compiler *cc, struct frame *f, const char *name,
		 struct val v, struct pos pos)
{
	if (f->nb == MAX_BIND)
		cerr(cc, pos, "too many names in one function");
	f->bname[f->nb] = name;
	f->bval[f->nb++] = v;
}

/* The kernel mapping of page pg: declared, or made up as the linear map. */
static int kaddr_of(struct compiler *cc, int pg, struct pos pos)
{
	struct program *p = cc->p;
	char name[96];

	for (int a = 0; a < p->nmappings; a++)
		if (p->mappings[a].kind == MAPPING_KERNEL && p->mappings[a].page == pg &&
		    !p->mappings[a].tmp)
			return a;
	snprintf(name, sizeof name, "kaddr(%s)", p->pages[pg].name);
	return built(cc, build_mapping(&cc->b, name, MAPPING_KERNEL, pg), pos);
}

/*
 * A temporary kernel mapping of page pg congruent with mapping u: same
 * colour in both caches (tmpalias, kmap_coherent, flush_pfn_alias).
 */
static int tmpalias_of(struct compiler *cc, int pg, int u, struct pos pos)
{
	struct program *p = cc->p;
	const struct machine *m = &p->machine;
	unsigned long span = m->page, dw = m->d.size / m->d.ways,
		      iw = m->i.size / m->i.ways;
	char name[128];
	struct mapping *al;
	int a;

	snprintf(name, sizeof name, "tmpalias(%s,%s)", p->pages[pg].name,
		 p->mappings[u].name);
	if ((a = build_find_mapping(p, name)) >= 0)
		return a;
	if (dw > span)
		span = dw;
	if (iw > span)
		span = iw;
	a = built(cc, build_mapping(&cc->b, name, MAPPING_KERNEL, pg), pos);
	al = &p->mappings[a];
	al->va = 0xd0000000UL + p->mappings[u].va % span;
	al->tmp = 1;
	return a;
}

static const char *val_text(struct compiler *cc, struct val v, char *buf,
			    size_t len)
{
	const struct program *p = cc->p;

	switch (v.k) {
	case V_ALIAS:
		if (v.line >= 0)
			snprintf(buf, len, "%s[%d]", p->mappings[v.a].name, v.line);
		else
			snprintf(buf, len, "%s", p->mappings[v.a].name);
		break;
	case V_PAGE:
		snprintf(buf, len, "%s", p->pages[v.a].name);
		break;
	case V_LABEL:
		snprintf(buf, len, "%s", p->labels[v.a]);
		break;
	case V_DIR:
		snprintf(buf, len, "%s", dirs[v.a]);
		break;
	case V_REG:
		snprintf(buf, len, "r%d", v.a);
		break;
	case V_MM:
		snprintf(buf, len, "mm%d", v.a);
		break;
	case V_NONE:
		snprintf(buf, len, "?");
		break;
	}
	return buf;
}

/* ---- expressions ----------------------------------------------------- */

static struct val eval(struct compiler *cc, struct frame *f,
		       const struct expr *e);

static int eval_page(struct compiler *cc, struct frame *f,
		     const struct expr *e)
{
	struct val v = eval(cc, f, e);

	if (v.k == V_PAGE)
		return v.a;
	if (v.k == V_ALIAS)
		return cc->p->mappings[v.a].page;
	if (e->kind == E_NAME)
		cerr(cc, e->pos, "unknown page '%s'", e->name);
	cerr(cc, e->pos, "expected a page");
}

/* dma.write P = v, r = dma.read P[i]: a page (or a mapping of it). */
static int dma_target(struct compiler *cc, struct frame *f,
		      const struct expr *e, int *line)
{
	*line = -1;
	if (e->kind == E_INDEX) {
		if (e->num >= (unsigned long)cc->p->machine.lines)
			cerr(cc, e->num_pos, "line %lu out of range: a page has "
			     "%d line%s", e->num, cc->p->machine.lines,
			     cc->p->machine.lines == 1 ? "" : "s");
		*line = (int)e->num;
		e = e->a;
	}
	return eval_page(cc, f, e);
}

static void want_args(struct compiler *cc, const struct expr *e, int n)
{
	if (e->nargs != n)
		cerr(cc, e->pos, "%s() takes %d argument%s", e->name, n,
		     n == 1 ? "" : "s");
}

static struct val eval(struct compiler *cc, struct frame *f,
		       const struct expr *e)
{
	struct program *p = cc->p;
	struct val v;
	char buf[32];

	switch (e->kind) {
	case E_NAME:
		v = lookup(cc, f, e->name);
		for (int k = 0; v.k == V_NONE && k < f->ndead; k++)
			if (!strcmp(f->dead[k], e->name))
				cerr(cc, e->pos, "local '%s' is out of scope here "
				     "(it ended with its block)", e->name);
		if (v.k == V_NONE)	/* any other name is a value: a label */
			v = (struct val){ V_LABEL,
					  intern_label(cc, e->name, e->pos), -1 };
		return v;
	case E_NUM:
		snprintf(buf, sizeof buf, "%lu", e->num);
		return (struct val){ V_LABEL, intern_label(cc, buf, e->pos), -1 };
	case E_INDEX:
		v = eval(cc, f, e->a);
		if (v.k == V_PAGE)
			cerr(cc, e->a->pos, "'%s' is a page: name a kernel or "
			     "user mapping of it", p->pages[v.a].name);
		if (v.k != V_ALIAS)
			cerr(cc, e->a->pos, "only a mapping has lines");
		if (e->num >= (unsigned long)p->machine.lines)
			cerr(cc, e->num_pos, "line %lu out of range: a page has "
			     "%d line%s", e->num, p->machine.lines,
			     p->machine.lines == 1 ? "" : "s");
		v.line = (int)e->num;
		return v;
	case E_CALL:
		if (!strcmp(e->name, "page")) {
			want_args(cc, e, 1);
			return (struct val){ V_PAGE, eval_page(cc, f, e->args[0]), -1 };
		}
		if (!strcmp(e->name, "kaddr")) {
			want_args(cc, e, 1);
			return (struct val){ V_ALIAS,
				kaddr_of(cc, eval_page(cc, f, e->args[0]), e->pos), -1 };
		}
		if (!strcmp(e->name, "alias")) {
			struct val u;

			want_args(cc, e, 2);
			u = eval(cc, f, e->args[1]);
			if (u.k != V_ALIAS)
				cerr(cc, e->args[1]->pos, "alias(p, u): u must "
				     "be a mapping");
			return (struct val){ V_ALIAS,
				tmpalias_of(cc, eval_page(cc, f, e->args[0]),
					    u.a, e->pos), -1 };
		}
		if (!strcmp(e->name, "current_mm")) {
			/* current->mm: the thread's, fixed for the run */
			want_args(cc, e, 0);
			if (cc->handler)
				cerr(cc, e->pos, "current_mm() in on_each_cpu: "
				     "an IPI interrupts no thread of its own");
			return (struct val){ V_MM, cc->p->thread_mm[cc->t], -1 };
		}
		if (!strcmp(e->name, "mm")) {
			struct val u;

			want_args(cc, e, 1);
			u = eval(cc, f, e->args[0]);
			if (u.k != V_ALIAS ||
			    p->mappings[u.a].kind != MAPPING_USER)
				cerr(cc, e->args[0]->pos, "mm(u): u must be a "
				     "user mapping");
			return (struct val){ V_MM, p->mappings[u.a].mm, -1 };
		}
		cerr(cc, e->pos, "'%s' is not a value (page, kaddr, alias, mm "
		     "or current_mm)", e->name);
	default:
		cerr(cc, e->pos, "a condition where a value was expected");
	}
}

/* A mapping target: every line (-1) or one. */
static struct val eval_target(struct compiler *cc, struct frame *f,
			      const struct expr *e)
{
	struct val v = eval(cc, f, e);

	if (v.k == V_ALIAS)
		return v;
	if (v.k == V_PAGE)
		cerr(cc, e->pos, "'%s' is a page: name a kernel or user "
		     "mapping of it", cc->p->pages[v.a].name);
	if (e->kind == E_NAME)
		cerr(cc, e->pos, "unknown mapping '%s'", e->name);
	cerr(cc, e->pos, "expected a mapping");
}

/*
 * The mapping an op acts through.  An MMU-off view (`mmuoff`) has no PTE
 * and its data accesses are Device: only instruction fetch goes through
 * it (program.h).
 */
static struct val eval_through(struct compiler *cc, struct frame *f,
			       const struct expr *e, int fetch)
{
	struct val v = eval_target(cc, f, e);

	if (!fetch && cc->p->mappings[v.a].mmu_off)
		cerr(cc, e->pos, "'%s' is a view with the MMU off: only exec "
		     "goes through it", cc->p->mappings[v.a].name);
	return v;
}

/*
 * A per-mm CPU mask named with its mm, MASK(mm(u)): which mask and which
 * mm.  Its use gives the program per-CPU state (program.h, cpu_state).
 */
/* The mm of NAME(mm): a per-mm mask or flag's argument. */
static int eval_mm(struct compiler *cc, struct frame *f, const char *name,
		   const char *what, const struct expr *mmx)
{
	struct val v = eval(cc, f, mmx);

	if (v.k != V_MM)
		cerr(cc, mmx->pos, "'%s' is kept per mm: %s(mm(u))", name, name);
	if (v.a < 0 || v.a >= FC_MAX_MMS)
		cerr(cc, mmx->pos, "mm %d: %ss are kept for mm 0 to %d", v.a,
		     what, FC_MAX_MMS - 1);
	if (v.a + 1 > cc->p->nmms)
		cc->p->nmms = v.a + 1;
	cc->p->cpu_state = 1;
	return v.a;
}

static int eval_mask(struct compiler *cc, struct frame *f, const char *name,
		     struct pos pos, const struct expr *mmx, int *mm)
{
	int k = find_mask(cc->p, name);

	if (k < 0)
		cerr(cc, pos, "unknown CPU mask '%s'", name);
	*mm = eval_mm(cc, f, name, "CPU mask", mmx);
	return k;
}

/* ---- conditions ------------------------------------------------------ */

struct cv {
	int dyn;		/* 0: static, value in b */
	int b;
	const struct dcond *d;
};

static struct op *emit(struct compiler *cc, struct frame *f,
		       enum op_kind kind, struct pos pos, const char *text);
static int new_local(struct compiler *cc, struct pos pos);

static struct cv cstatic(int b)
{
	return (struct cv){ 0, !!b, NULL };
}

static struct cv cdyn(struct compiler *cc, int kind, int a, int b,
		      const struct dcond *l, const struct dcond *r)
{
	struct dcond *d = arena_alloc(cc->a, sizeof *d);

	d->kind = (uint8_t)kind;
	d->a = (uint8_t)a;
	d->b = (uint8_t)b;
	d->l = l;
	d->r = r;
	return (struct cv){ 1, 0, d };
}

static const struct dcond *as_dcond(struct compiler *cc, struct cv c)
{
	if (c.dyn)
		return c.d;
	return c.b ? cdyn(cc, DC_TRUE, 0, 0, NULL, NULL).d
		   : cdyn(cc, DC_NOT, 0, 0,
			  cdyn(cc, DC_TRUE, 0, 0, NULL, NULL).d, NULL).d;
}

static int machine_pred(struct compiler *cc, const char *name, int *out)
{
	const struct machine *m = &cc->p->machine;

	/* the names policies use; machine.h defines each predicate */
	if (!strcmp(name, "dcache_aliases"))
		*out = machine_dcache_aliasing(m);
	else if (!strcmp(name, "icache_aliases"))
		*out = machine_icache_aliasing(m);
	else if (!strcmp(name, "maint_broadcast"))
		*out = machine_maint_broadcast(m);
	else if (!strcmp(name, "idc"))
		*out = machine_ifill_from_dcache(m);
	else if (!strcmp(name, "dic"))
		*out = machine_icache_snoops(m);
	else
		return 0;
	return 1;
}

static int same_val(struct val a, struct val b)
{
	return a.k == b.k && a.a == b.a && a.line == b.line;
}

static struct cv cond(struct compiler *cc, struct frame *f,
		      const struct expr *e, int tas_ok)
{
	struct program *p = cc->p;
	struct cv l, r;
	int k, b;

	switch (e->kind) {
	case E_NOT:
		l = cond(cc, f, e->a, tas_ok);
		return l.dyn ? cdyn(cc, DC_NOT, 0, 0, l.d, NULL) : cstatic(!l.b);
	case E_AND:
	case E_OR:
		/*
		 * C evaluates the left side first, always, and the right
		 * side only if the left does not decide: so a test_and_set
		 * may stand on the left, or on the right of a static left.
		 */
		l = cond(cc, f, e->a, tas_ok);
		if (!l.dyn && (e->kind == E_AND) != l.b)
			return cstatic(l.b);
		r = cond(cc, f, e->b, tas_ok && !l.dyn);
		if (!l.dyn && !r.dyn)
			return cstatic(e->kind == E_AND ? l.b && r.b : l.b || r.b);
		if (!l.dyn)	/* fold the static side */
			return (e->kind == E_AND) == l.b ? r : cstatic(l.b);
		if (!r.dyn)
			return (e->kind == E_AND) == r.b ? l : cstatic(r.b);
		return cdyn(cc, e->kind == E_AND ? DC_AND : DC_OR, 0, 0, l.d, r.d);
	case E_EQ:
	case E_NE:
		b = same_val(eval(cc, f, e->a), eval(cc, f, e->b));
		return cstatic(e->kind == E_EQ ? b : !b);
	case E_TAS: {
		struct op *o;
		int reg;

		if (!tas_ok)
			cerr(cc, e->pos, "test_and_set where it would not "
			     "always run: put it first in the condition");
		if (cc->handler)
			cerr(cc, e->pos, "test_and_set in on_each_cpu");
		if ((k = find_flag(p, e->name)) < 0)
			cerr(cc, e->pos, "unknown flag '%s'", e->name);
		if (e->nargs != 1)
			cerr(cc, e->pos, "a flag takes one page: %s(p)", e->name);
		reg = new_local(cc, e->pos);
		{
			char text[160];
			int pg = eval_page(cc, f, e->args[0]);

			snprintf(text, sizeof text, "test_and_set %s(%s)",
				 e->name, p->pages[pg].name);
			o = emit(cc, f, OP_TAS, e->pos, text);
			o->flag = (uint8_t)k;
			o->mapping = (uint8_t)pg;
			o->reg = (uint8_t)reg;
		}
		return cdyn(cc, DC_REG, reg, 0, NULL, NULL);
	}
	case E_TAC: {	/* cpumask_test_and_clear_cpu M(mm): one step */
		struct op *o;
		char text[160];
		int reg, mm;

		if (!tas_ok)
			cerr(cc, e->pos, "cpumask_test_and_clear_cpu where it "
			     "would not always run: put it first in the condition");
		if (cc->handler)
			cerr(cc, e->pos, "cpumask_test_and_clear_cpu in "
			     "on_each_cpu");
		if (e->nargs != 1)
			cerr(cc, e->pos, "a CPU mask takes one mm: %s(mm(u))",
			     e->name);
		k = eval_mask(cc, f, e->name, e->pos, e->args[0], &mm);
		reg = new_local(cc, e->pos);
		snprintf(text, sizeof text, "cpumask_test_and_clear_cpu "
			 "%s(mm%d)", e->name, mm);
		o = emit(cc, f, OP_MASK_TAC, e->pos, text);
		o->mask = (uint8_t)(k + 1);
		o->mm = (uint8_t)mm;
		o->reg = (uint8_t)reg;
		return cdyn(cc, DC_REG, reg, 0, NULL, NULL);
	}
	case E_CALL:
		if (machine_pred(cc, e->name, &b)) {
			want_args(cc, e, 0);
			return cstatic(b);
		}
		if (!strcmp(e->name, "mapped")) {
			want_args(cc, e, 1);
			return cdyn(cc, DC_MAPPED, eval_page(cc, f, e->args[0]), 0,
				    NULL, NULL);
		}
		if (!strcmp(e->name, "flushonly")) {
			struct val u;

			want_args(cc, e, 1);
			u = eval(cc, f, e->args[0]);
			if (u.k != V_ALIAS)
				cerr(cc, e->args[0]->pos, "flushonly(u): u must "
				     "be a mapping");
			if (p->mappings[u.a].kind == MAPPING_KERNEL)
				return cstatic(0);
			return cdyn(cc, DC_FLUSHONLY, u.a, 0, NULL, NULL);
		}
		if (!strcmp(e->name, "exec") || !strcmp(e->name, "present")) {
			struct val u;

			want_args(cc, e, 1);
			u = eval(cc, f, e->args[0]);
			if (u.k != V_ALIAS)
				cerr(cc, e->args[0]->pos, "%s(u): u must be a "
				     "mapping", e->name);
			if (e->name[0] == 'e')
				return cstatic(p->mappings[u.a].perms & PERM_X);
			if (p->mappings[u.a].kind == MAPPING_KERNEL)
				return cstatic(1);
			return cdyn(cc, DC_PRESENT, u.a, 0, NULL, NULL);
		}
		if ((k = find_flag(p, e->name)) >= 0) {
			want_args(cc, e, 1);
			return cdyn(cc, DC_FLAG, k, eval_page(cc, f, e->args[0]),
				    NULL, NULL);
		}
		if (!strcmp(e->name, "migrated")) {
			/* smp_processor_id() != task->thread.prev_cpu */
			want_args(cc, e, 0);
			if (cc->handler)
				cerr(cc, e->pos, "migrated() in on_each_cpu");
			cc->p->cpu_state = 1;
			return cdyn(cc, DC_MIGRATED, 0, 0, NULL, NULL);
		}
		if (!strcmp(e->name, "lazy_mm")) {
			/* switch_mm(prev, next) with prev == next */
			want_args(cc, e, 0);
			if (cc->handler)
				cerr(cc, e->pos, "lazy_mm() in on_each_cpu");
			cc->p->cpu_state = 1;
			return cdyn(cc, DC_LAZY_MM, 0, 0, NULL, NULL);
		}
		if ((k = find_mmflag(p, e->name)) >= 0) {
			want_args(cc, e, 1);
			return cdyn(cc, DC_MMFLAG, k,
				    eval_mm(cc, f, e->name, "mm flag", e->args[0]),
				    NULL, NULL);
		}
		if (find_mask(p, e->name) >= 0) {	/* cpumask_test_cpu */
			int mm;

			want_args(cc, e, 1);
			k = eval_mask(cc, f, e->name, e->pos, e->args[0], &mm);
			return cdyn(cc, DC_MASK, k, mm, NULL, NULL);
		}
		cerr(cc, e->pos, "unknown condition '%s' (a flag, a CPU mask, "
		     "an mm flag, mapped, exec, present, migrated, lazy_mm or a "
		     "machine predicate)", e->name);
	case E_NAME:
		if (!strcmp(e->name, "true") || !strcmp(e->name, "false"))
			return cstatic(e->name[0] == 't');
		/* FALLTHROUGH */
	default:
		cerr(cc, e->pos, "expected a condition");
	}
}

/* ---- emitting -------------------------------------------------------- */

static struct op *emit(struct compiler *cc, struct frame *f,
		       enum op_kind kind, struct pos pos, const char *text)
{
	struct codebuf *b = cc->out;
	struct op *o;
	char buf[320];

	if (b->n >= FC_MAX_OPS)
		cerr(cc, pos, "thread P%d is too long (at most %d steps)",
		     cc->t, FC_MAX_OPS);
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 64;
		struct op *n = realloc(b->ops, sizeof *n * (size_t)cap);

		if (!n)
			cerr(cc, pos, "out of memory");
		b->ops = n;
		b->cap = cap;
	}
	o = &b->ops[b->n++];
	memset(o, 0, sizeof *o);
	o->kind = (uint8_t)kind;
	o->reg = NO_REG;
	o->src_file = pos.file;
	o->src_line = pos.line;
	o->src_col = pos.col;
	if (f && f->prefix) {
		snprintf(buf, sizeof buf, "%s: %s", f->prefix, text);
		o->text = arena_strdup(cc->a, buf);
	} else {
		o->text = arena_strdup(cc->a, text);
	}
	return o;
}

static int new_local(struct compiler *cc, struct pos pos)
{
	int r = SCEN_REGS + cc->nlocal[cc->t]++;

	if (r >= FC_MAX_REGS)
		cerr(cc, pos, "too many locals in thread P%d", cc->t);
	if (r + 1 > cc->p->nregs[cc->t])
		cc->p->nregs[cc->t] = r + 1;
	return r;
}

/* The register a load result goes to: rK in a cell, a local in a call. */
static int dest_reg(struct compiler *cc, struct frame *f, const struct stmt *s)
{
	int r;

	if (cc->handler)
		cerr(cc, s->dest_pos, "no locals in on_each_cpu");
	if (f->fn) {
		for (int k = f->nb - 1; k >= 0; k--)
			if (!strcmp(f->bname[k], s->dest) && f->bval[k].k == V_REG)
				return f->bval[k].a;
		r = new_local(cc, s->dest_pos);
		bind(cc, f, s->dest, (struct val){ V_REG, r, -1 }, s->dest_pos);
		return r;
	}
	r = build_reg_number(s->dest);
	if (r < 0)
		cerr(cc, s->dest_pos, "'%s' is not a register (registers are "
		     "r0, r1, ...)", s->dest);
	if (r >= SCEN_REGS)
		cerr(cc, s->dest_pos, "register r%d out of range (r0..r%d)", r,
		     SCEN_REGS - 1);
	cc->written[cc->t] |= 1u << r;
	if (r + 1 > cc->p->nregs[cc->t])
		cc->p->nregs[cc->t] = r + 1;
	return r;
}

/* "K" for one line pages and whole-page ops, "K[i]" otherwise. */
static const char *line_text(struct compiler *cc, int a, int line,
			     int indexed, char *buf, size_t len)
{
	if (indexed || cc->p->machine.lines > 1)
		snprintf(buf, len, "%s[%d]", cc->p->mappings[a].name, line);
	else
		snprintf(buf, len, "%s", cc->p->mappings[a].name);
	return buf;
}

/* A statement op as written ("dc.clean"): ops.h holds the names. */
static const char *op_syntax(enum ast_op op)
{
	return stmt_op(op)->syntax;
}

static void compile_stmt(struct compiler *cc, struct frame *f,
			 const struct stmt *s);

/* cpumask_set_cpu MASK(mm) and the like: this CPU's bit, or all */
static void compile_mask_op(struct compiler *cc, struct frame *f,
			    const struct stmt *s)
{
	char text[160];
	struct op *o;
	int mm, k = eval_mask(cc, f, s->flag, s->flag_pos, s->x, &mm);

	snprintf(text, sizeof text, "%s %s(mm%d)", op_syntax(s->op), s->flag,
		 mm);
	o = emit(cc, f, stmt_op(s->op)->op, s->pos, text);
	o->mask = (uint8_t)(k + 1);
	o->mm = (uint8_t)mm;
}

/* An inlined call of hook(), with no arguments, for s */
static void call_hook(struct compiler *cc, struct frame *f,
		      const struct stmt *s, const char *hook, const char *text)
{
	struct stmt call;

	memset(&call, 0, sizeof call);
	call.kind = S_CALL;
	call.pos = s->pos;
	call.text = text;
	call.fname = hook;
	compile_stmt(cc, f, &call);
}

/*
 * preempt_point: the thread goes on here, or (OP_MIGRATE's other
 * outcome) moves to another of its CPUs, which then runs the kernel's
 * context switch for it (schedule() -> context_switch()): the policy's
 * switch_mm(), the switch itself (a step of its own, so that other CPUs
 * can act between the two hooks, as between switch_mm_irqs_off() and
 * the architecture's switch_to()), then switch_to().
 */
static void compile_preempt(struct compiler *cc, struct frame *f,
			    const struct stmt *s)
{
	int at;

	if (cc->in_switch)
		cerr(cc, s->pos, "preempt_point inside the context switch");
	emit(cc, f, OP_MIGRATE, s->pos, "preempt_point");
	at = cc->out->n - 1;
	cc->in_switch = 1;
	call_hook(cc, f, s, "switch_mm", "switch_mm()");
	emit(cc, f, OP_SWITCH, s->pos, "context switch");
	call_hook(cc, f, s, "switch_to", "switch_to()");
	if (cc->p->thread_vcpu[cc->t])	/* kvm_sched_in() */
		call_hook(cc, f, s, "kvm_arch_vcpu_load",
			  "kvm_arch_vcpu_load()");
	cc->in_switch = 0;
	cc->out->ops[at].target = (uint16_t)cc->out->n;
	cc->p->cpu_state = 1;
	if (cc->p->thread_cpus[cc->t] & ~(1u << cc->t))
		cc->p->migrates = 1;
}

static void compile_flag_op(struct compiler *cc, struct frame *f,
			    const struct stmt *s)
{
	int k = find_flag(cc->p, s->flag), pg;
	char text[160];
	struct op *o;

	if (k < 0 && (s->op == A_SET || s->op == A_CLEAR) &&
	    (k = find_mmflag(cc->p, s->flag)) >= 0) {
		/* set FLAG(mm), clear FLAG(mm): an mm flag */
		int mm = eval_mm(cc, f, s->flag, "mm flag", s->x);

		snprintf(text, sizeof text, "%s %s(mm%d)", op_syntax(s->op),
			 s->flag, mm);
		o = emit(cc, f, s->op == A_SET ? OP_MMFLAG_SET : OP_MMFLAG_CLEAR,
			 s->pos, text);
		o->flag = (uint8_t)k;
		o->mm = (uint8_t)mm;
		return;
	}
	if (k < 0)
		cerr(cc, s->flag_pos, "unknown flag '%s'", s->flag);
	pg = eval_page(cc, f, s->x);
	snprintf(text, sizeof text, "%s %s(%s)", op_syntax(s->op), s->flag,
		 cc->p->pages[pg].name);
	o = emit(cc, f, stmt_op(s->op)->op, s->pos, text);
	o->flag = (uint8_t)k;
	o->mapping = (uint8_t)pg;
	if (s->op == A_TAS)
		o->reg = (uint8_t)new_local(cc, s->pos);
}

static void compile_op(struct compiler *cc, struct frame *f,
		       const struct stmt *s)
{
	struct program *p = cc->p;
	int lines = p->machine.lines;
	char name[32], text[320], t1[96], t2[96];
	struct val x, y;
	struct op *o;

	snprintf(name, sizeof name, "%s%s", op_syntax(s->op),
		 s->local ? ".local" : "");
	/*
	 * An interrupt handler does maintenance and flips flags: it may not
	 * block, keep results, or touch data (its CPU's thread may be in the
	 * middle of a copy, and its loads could not see a local).
	 */
	if (cc->handler && (stmt_op(s->op)->flags & SF_NO_HANDLER))
		cerr(cc, s->pos, "%s in on_each_cpu: an IPI handler only does "
		     "maintenance and sets or clears flags", op_syntax(s->op));
	switch (s->op) {
	case A_SET: case A_CLEAR: case A_TAS: case A_WAIT: case A_LOCK:
	case A_UNLOCK:
		compile_flag_op(cc, f, s);
		return;
	case A_MASK_SET: case A_MASK_CLEAR: case A_MASK_SETALL:
		compile_mask_op(cc, f, s);
		return;
	case A_IRQ_OFF: case A_IRQ_ON:
		emit(cc, f, stmt_op(s->op)->op, s->pos, name);
		cc->p->cpu_state = 1;
		return;
	case A_PREEMPT:
		compile_preempt(cc, f, s);
		return;
	case A_ONLINE:	/* on a CPU online from the start: no effect */
		emit(cc, f, OP_ONLINE, s->pos, name);
		return;
	case A_RCU_SYNC: case A_RCU_QS: case A_RCU_EQS_ENTER:
	case A_RCU_EQS_EXIT:
		/*
		 * RCU's grace period orders what the relaxed model lets a
		 * CPU keep (fetched instructions); on the cache model every
		 * op is atomic and fetches when it runs, and its state has
		 * no grace period: refused there rather than given a
		 * meaning nobody checked (docs/design.md 9.4).
		 */
		if (!p->machine.relaxed)
			cerr(cc, s->pos, "%s: RCU grace periods are in the "
			     "Armv8 model only; use model = armv8", name);
		if (s->op != A_RCU_SYNC) {
			emit(cc, f, stmt_op(s->op)->op, s->pos, name);
			return;
		}
		emit(cc, f, OP_RCU_GP, s->pos, "synchronize_rcu: start");
		emit(cc, f, OP_RCU_GP_WAIT, s->pos, "synchronize_rcu: wait");
		return;
	case A_IC_INV_ALL: case A_DC_CLEAN_ALL: case A_DC_FLUSH_ALL:
	case A_FENCE_I: case A_DSB: case A_DSB_ST: case A_ISB:
		o = emit(cc, f, stmt_op(s->op)->op, s->pos, name);
		o->local = (uint8_t)s->local;
		return;
	case A_PTE_SET: case A_PTE_CLEAR: case A_PTE_FLUSHONLY:
		x = eval_through(cc, f, s->x, s->op == A_EXEC);
		if (p->mappings[x.a].kind != MAPPING_USER)
			cerr(cc, s->x->pos, "'%s' is a kernel mapping: its PTE "
			     "is not the scenario's to change",
			     p->mappings[x.a].name);
		if (x.line >= 0)
			cerr(cc, s->x->kind == E_INDEX ? s->x->pos : s->pos,
			     "a PTE maps a whole page: no line index");
		snprintf(text, sizeof text, "%s %s", name, p->mappings[x.a].name);
		o = emit(cc, f, stmt_op(s->op)->op, s->pos, text);
		o->mapping = (uint8_t)x.a;
		return;
	case A_DC_CLEAN: case A_DC_INV: case A_DC_FLUSH: case A_IC_INV:
		x = eval_through(cc, f, s->x, s->op == A_EXEC);
		for (int i = x.line < 0 ? 0 : x.line;
		     i < (x.line < 0 ? lines : x.line + 1); i++) {
			snprintf(text, sizeof text, "%s %s", name,
				 line_text(cc, x.a, i, x.line >= 0, t1, sizeof t1));
			o = emit(cc, f, stmt_op(s->op)->op, s->pos, text);
			o->mapping = (uint8_t)x.a;
			o->line = (uint8_t)i;
			o->local = (uint8_t)s->local;
		}
		return;
	case A_ST:
	case A_DMA_WRITE: {
		int dma = s->op == A_DMA_WRITE, pg = 0;

		if (dma) {
			pg = dma_target(cc, f, s->x, &x.line);
			x.k = V_PAGE;
			x.a = pg;
		} else {
			x = eval_through(cc, f, s->x, s->op == A_EXEC);
		}
		y = eval(cc, f, s->y);
		if (y.k == V_REG) {
			if (dma)
				cerr(cc, s->y->pos, "dma.write takes a value, "
				     "not a register");
			if (y.a >= SCEN_REGS && !f->fn)
				cerr(cc, s->y->pos, "register r%d out of range "
				     "(r0..r%d)", y.a, SCEN_REGS - 1);
			if (!f->fn && !(cc->written[cc->t] >> y.a & 1))
				cerr(cc, s->y->pos, "register r%d is read "
				     "before it is written", y.a);
		} else if (y.k != V_LABEL) {
			cerr(cc, s->y->pos, "expected a value to store");
		}
		for (int i = x.line < 0 ? 0 : x.line;
		     i < (x.line < 0 ? lines : x.line + 1); i++) {
			if (dma && (x.line >= 0 || lines > 1))
				snprintf(t1, sizeof t1, "%s[%d]", p->pages[pg].name, i);
			else if (dma)
				snprintf(t1, sizeof t1, "%s", p->pages[pg].name);
			else
				line_text(cc, x.a, i, x.line >= 0, t1, sizeof t1);
			if (y.k == V_REG && f->fn) {
				const char *ln = "?";

				for (int k = f->nb - 1; k >= 0; k--)
					if (f->bval[k].k == V_REG &&
					    f->bval[k].a == y.a)
						ln = f->bname[k];
				snprintf(t2, sizeof t2, "%s", ln);
			} else {
				val_text(cc, y, t2, sizeof t2);
			}
			snprintf(text, sizeof text, "%s %s = %s", op_syntax(s->op),
				 t1, t2);
			o = emit(cc, f, dma ? OP_DMA_WRITE
					    : y.k == V_REG ? OP_ST_REG : OP_ST,
				 s->pos, text);
			o->mapping = (uint8_t)(dma ? pg : x.a);
			o->line = (uint8_t)i;
			if (y.k == V_REG)
				o->reg = (uint8_t)y.a;
			else
				o->label = (uint8_t)y.a;
		}
		return;
	}
	case A_LD: case A_EXEC: case A_DMA_READ: {
		int dma = s->op == A_DMA_READ, reg = NO_REG, line;

		if (dma) {
			x.k = V_PAGE;
			x.a = dma_target(cc, f, s->x, &x.line);
		} else {
			x = eval_through(cc, f, s->x, s->op == A_EXEC);
		}
		line = x.line < 0 ? 0 : x.line;
		if (s->dest)
			reg = dest_reg(cc, f, s);
		if (dma && (x.line >= 0 || lines > 1))
			snprintf(t1, sizeof t1, "%s[%d]", p->pages[x.a].name, line);
		else if (dma)
			snprintf(t1, sizeof t1, "%s", p->pages[x.a].name);
		else
			line_text(cc, x.a, line, x.line >= 0, t1, sizeof t1);
		if (s->dest)
			snprintf(text, sizeof text, "%s = %s %s", s->dest,
				 op_syntax(s->op), t1);
		else
			snprintf(text, sizeof text, "%s %s", op_syntax(s->op), t1);
		o = emit(cc, f, stmt_op(s->op)->op, s->pos, text);
		o->mapping = (uint8_t)x.a;
		o->line = (uint8_t)line;
		o->reg = (uint8_t)reg;
		return;
	}
	case A_COPY:
		if (cc->handler)
			cerr(cc, s->pos, "no copy in on_each_cpu");
		x = eval_through(cc, f, s->x, s->op == A_EXEC);
		y = eval_through(cc, f, s->y, 0);
		if ((x.line < 0) != (y.line < 0))
			cerr(cc, s->pos, "copy: name one line on both sides or "
			     "on neither");
		for (int i = 0; i < (x.line < 0 ? lines : 1); i++) {
			int xl = x.line < 0 ? i : x.line;
			int yl = y.line < 0 ? i : y.line;

			snprintf(text, sizeof text, "copy: ld %s",
				 line_text(cc, y.a, yl, lines > 1, t1, sizeof t1));
			o = emit(cc, f, OP_COPY_LD, s->pos, text);
			o->mapping = (uint8_t)y.a;
			o->line = (uint8_t)yl;
			snprintf(text, sizeof text, "copy: st %s",
				 line_text(cc, x.a, xl, lines > 1, t1, sizeof t1));
			o = emit(cc, f, OP_COPY_ST, s->pos, text);
			o->mapping = (uint8_t)x.a;
			o->line = (uint8_t)xl;
		}
		return;
	}
	cerr(cc, s->pos, "internal: unhandled op");
}

static const struct pol_func *find_func(const struct polset *ps,
					const char *name)
{
	const struct pol_func *fn = NULL;

	if (ps->policy)
		fn = pol_find(ps->policy, name);
	if (!fn)
		fn = pol_find(ps->generic, name);
	if (!fn)
		fn = pol_find(ps->kernel, name);
	return fn;
}

static void compile_call(struct compiler *cc, struct frame *f,
			 const struct stmt *s)
{
	const struct pol_func *fn = find_func(cc->ps, s->fname);
	struct frame *nf;
	char prefix[256], arg[96];
	size_t n;
	int nl;

	if (!fn) {
		struct suggest sg;
		char dym[96];

		suggest_init(&sg, s->fname);
		polset_offer_names(cc->ps, &sg);
		cerr(cc, s->pos, "unknown function '%s'%s", s->fname,
		     suggest_text(&sg, dym, sizeof dym));
	}
	if (fn->nparams != s->nargs)
		cerr(cc, s->pos, "%s takes %d argument%s, not %d", fn->name,
		     fn->nparams, fn->nparams == 1 ? "" : "s", s->nargs);
	for (int k = 0; k < cc->depth; k++)
		if (cc->stack[k] == fn)
			cerr(cc, s->pos, "recursive call of '%s' (policies "
			     "may not recurse)", fn->name);
	if (cc->depth == FC_MAX_CALL_DEPTH)
		cerr(cc, s->pos, "calls nested too deeply (more than %d)",
		     FC_MAX_CALL_DEPTH);
	nf = arena_alloc(cc->a, sizeof *nf);	/* freed with the program */
	nf->fn = fn;
	n = (size_t)snprintf(prefix, sizeof prefix, "%s%s%s(",
			     f->prefix ? f->prefix : "", f->prefix ? " > " : "",
			     fn->name);
	for (int k = 0; k < s->nargs; k++) {
		struct val v = eval(cc, f, s->args[k]);

		if (v.k == V_REG && !f->fn && !(cc->written[cc->t] >> v.a & 1))
			cerr(cc, s->args[k]->pos, "register r%d is read before "
			     "it is written", v.a);
		nf->bname[nf->nb] = fn->params[k];
		nf->bval[nf->nb++] = v;
		if (n < sizeof prefix)
			n += (size_t)snprintf(prefix + n, sizeof prefix - n,
					      "%s%s", k ? ", " : "",
					      val_text(cc, v, arg, sizeof arg));
	}
	if (n < sizeof prefix)
		snprintf(prefix + n, sizeof prefix - n, ")");
	nf->prefix = arena_strdup(cc->a, prefix);
	if (!cc->depth) {
		cc->site = s->pos;
		cc->site_text = nf->prefix;
	}
	cc->call[cc->depth] = s->pos;
	cc->stack[cc->depth++] = fn;
	nl = cc->nlocal[cc->t];
	compile_stmt(cc, nf, fn->body);
	cc->nlocal[cc->t] = nl;
	cc->depth--;
	for (int k = 0; k < nf->nret; k++)
		cc->out->ops[nf->ret[k]].target = (uint16_t)cc->out->n;
}

/*
 * The cost of inlining, checked as it grows (limits.h): every statement
 * compiled counts, once per time it is inlined, so that functions that
 * each call the next twice stop at the innermost call being inlined.
 */
static void charge(struct compiler *cc, const struct stmt *s)
{
	if (++cc->cost[cc->t] <= FC_MAX_INLINE_COST)
		return;
	cerr(cc, cc->depth ? cc->call[cc->depth - 1] : s->pos,
	     "thread P%d costs more than %ld statements to inline (calls "
	     "that call the same functions many times multiply)", cc->t,
	     FC_MAX_INLINE_COST);
}

/*
 * Writes of the ops that one statement emitted (from `from` on): the
 * model numbers each line's versions in a byte, so past
 * FC_MAX_LINE_WRITES the scenario is refused here, where the statement
 * that goes past it has a position.
 */
static void count_writes(struct compiler *cc, int from, const struct stmt *s)
{
	for (int k = from; k < cc->out->n; k++) {
		const struct op *o = &cc->out->ops[k];
		int pg;

		if (o->kind != OP_ST && o->kind != OP_ST_REG &&
		    o->kind != OP_COPY_ST && o->kind != OP_DMA_WRITE)
			continue;
		pg = o->kind == OP_DMA_WRITE ? o->mapping
					     : cc->p->mappings[o->mapping].page;
		if (++cc->writes[pg][o->line] > FC_MAX_LINE_WRITES)
			cerr(cc, s->pos, "more than %d writes to one line (%s[%d])",
			     FC_MAX_LINE_WRITES, cc->p->pages[pg].name, o->line);
	}
}

static void compile_stmt(struct compiler *cc, struct frame *f,
			 const struct stmt *s)
{
	charge(cc, s);
	switch (s->kind) {
	case S_OP: {
		int from = cc->out->n;

		compile_op(cc, f, s);
		count_writes(cc, from, s);
		return;
	}
	case S_CALL:
		compile_call(cc, f, s);
		return;
	case S_BLOCK: {
		int nb = f->nb, nl = cc->nlocal[cc->t];

		for (int k = 0; k < s->n; k++)
			compile_stmt(cc, f, s->body[k]);
		/* locals end with their block; their registers are reused */
		for (int k = nb; k < f->nb; k++)
			if (f->bval[k].k == V_REG && f->ndead < MAX_BIND)
				f->dead[f->ndead++] = f->bname[k];
		f->nb = nb;
		cc->nlocal[cc->t] = nl;
		return;
	}
	case S_RETURN:
		if (!f->fn)
			cerr(cc, s->pos, "return outside a function");
		if (cc->handler && cc->handler_frame == f)
			cerr(cc, s->pos, "return inside on_each_cpu");
		if (f->nret == 64)
			cerr(cc, s->pos, "too many returns");
		emit(cc, f, OP_JUMP, s->pos, "return");
		f->ret[f->nret++] = cc->out->n - 1;
		return;
	case S_IF: {
		struct cv c = cond(cc, f, s->cond, 1);
		int br, jmp;

		if (!c.dyn) {
			if (c.b)
				compile_stmt(cc, f, s->then);
			else if (s->els)
				compile_stmt(cc, f, s->els);
			return;
		}
		emit(cc, f, OP_BRANCH, s->pos, "if")->cond = as_dcond(cc, c);
		br = cc->out->n - 1;
		compile_stmt(cc, f, s->then);
		if (s->els) {
			emit(cc, f, OP_JUMP, s->pos, "else");
			jmp = cc->out->n - 1;
			cc->out->ops[br].target = (uint16_t)cc->out->n;
			compile_stmt(cc, f, s->els);
			cc->out->ops[jmp].target = (uint16_t)cc->out->n;
		} else {
			cc->out->ops[br].target = (uint16_t)cc->out->n;
		}
		return;
	}
	case S_FOR: {
		const struct expr *o = s->over;
		int pg;

		if (o->kind != E_CALL || strcmp(o->name, "users") ||
		    o->nargs != 1)
			cerr(cc, o->pos, "for loops go over users(p)");
		pg = eval_page(cc, f, o->args[0]);
		for (int a = 0; a < cc->p->nmappings; a++) {
			int nb = f->nb;

			/* a guest's MMU-off view is no mapping of the host's */
			if (cc->p->mappings[a].kind != MAPPING_USER ||
			    cc->p->mappings[a].page != pg ||
			    cc->p->mappings[a].mmu_off)
				continue;
			bind(cc, f, s->var, (struct val){ V_ALIAS, a, -1 }, s->pos);
			compile_stmt(cc, f, s->body[0]);
			f->nb = nb;
		}
		return;
	}
	case S_ON_EACH_CPU: {
		struct codebuf *out = cc->out;
		struct op *o;
		int id = cc->p->nipis, mask = -1, mm = 0, br = -1;
		const char *how = s->mask ? (s->others ? "smp_call_function_many"
						      : "on_each_cpu_mask")
					  : (s->others ? "smp_call_function"
						       : "on_each_cpu");
		char text[96];

		if (cc->handler)
			cerr(cc, s->pos, "on_each_cpu inside on_each_cpu");
		if (id == FC_MAX_IPIS)
			cerr(cc, s->pos, "too many on_each_cpu blocks");
		if (s->mask) {
			if (s->mask->kind != E_CALL || s->mask->nargs != 1)
				cerr(cc, s->mask->pos, "%s takes a CPU mask: "
				     "%s(mm_cpumask(mm(u)))", how, how);
			mask = eval_mask(cc, f, s->mask->name, s->mask->pos,
					 s->mask->args[0], &mm);
		}
		cc->p->nipis++;
		snprintf(text, sizeof text, "%s: IPI", how);
		o = emit(cc, f, OP_IPI, s->pos, text);
		o->ipi = (uint8_t)id;
		o->mask = (uint8_t)(mask + 1);
		o->mm = (uint8_t)mm;
		/* the others run it as an interrupt ... */
		cc->out = &cc->ipi[id];
		cc->handler = 1;
		cc->handler_frame = f;
		compile_stmt(cc, f, s->body[0]);
		if (cc->out->n > 250)	/* its pc is kept in a byte */
			cerr(cc, s->pos, "on_each_cpu block too long");
		cc->handler = 0;
		cc->handler_frame = NULL;
		cc->out = out;
		/* ... this CPU runs it in line (not smp_call_function; for
		 * on_each_cpu_mask, if it is in the mask), then waits */
		if (!s->others && mask >= 0) {
			snprintf(text, sizeof text, "%s: this CPU in %s(mm%d)?",
				 how, cc->p->masks[mask], mm);
			o = emit(cc, f, OP_BRANCH, s->pos, text);
			o->cond = cdyn(cc, DC_MASK, mask, mm, NULL, NULL).d;
			br = cc->out->n - 1;
		}
		if (!s->others)
			compile_stmt(cc, f, s->body[0]);
		if (br >= 0)
			cc->out->ops[br].target = (uint16_t)cc->out->n;
		snprintf(text, sizeof text, "%s: wait", how);
		o = emit(cc, f, OP_IPI_WAIT, s->pos, text);
		o->ipi = (uint8_t)id;
		return;
	}
	}
}

/* ---- the public side ------------------------------------------------- */

static void add_flags(struct compiler *cc, const struct pol_file *pf)
{
	struct program *p = cc->p;

	for (int k = 0; pf && k < pf->nflags; k++) {
		int f = find_flag(p, pf->flags[k]);

		if (f < 0 && p->nflags < FC_MAX_FLAGS)
			p->flags[f = p->nflags++] = pf->flags[k];
		if (f >= 0 && (pf->flag_ordered >> k & 1))
			p->flag_ordered |= 1u << f;
	}
}

/* A file's per-mm names into the program's (polset_check() counted) */
static void add_per_mm(struct compiler *cc, const struct pol_file *pf)
{
	struct program *p = cc->p;

	for (int k = 0; pf && k < pf->masks.n; k++)
		if (find_mask(p, pf->masks.name[k]) < 0 &&
		    p->nmasks < FC_MAX_MASKS)
			p->masks[p->nmasks++] = pf->masks.name[k];
	for (int k = 0; pf && k < pf->mmflags.n; k++)
		if (find_mmflag(p, pf->mmflags.name[k]) < 0 &&
		    p->nmmflags < FC_MAX_MMFLAGS)
			p->mmflags[p->nmmflags++] = pf->mmflags.name[k];
}

struct compiler *compiler_new(struct program *p, struct arena *a,
			      const struct polset *ps, struct diag *d)
{
	struct compiler *cc = calloc(1, sizeof *cc);

	if (!cc)
		return NULL;
	cc->p = p;
	cc->a = a;
	cc->ps = ps;
	cc->d = d;
	build_init(&cc->b, p, a);
	p->masks[p->nmasks++] = "mm_cpumask";
	add_per_mm(cc, ps->kernel);
	add_per_mm(cc, ps->generic);
	add_per_mm(cc, ps->policy);
	add_flags(cc, ps->kernel);
	add_flags(cc, ps->generic);
	add_flags(cc, ps->policy);
	return cc;
}

static int dcond_reads(const struct dcond *d, int reg)
{
	if (!d)
		return 0;
	return (d->kind == DC_REG && d->a == reg) || dcond_reads(d->l, reg) ||
	       dcond_reads(d->r, reg);
}

/*
 * A local nobody reads (the `d = ld kaddr(p)` of read(), say) need not
 * be kept: its value would only make states differ.  Locals are used
 * only within the cell that wrote them.
 */
static void drop_unread_locals(struct compiler *cc, int from)
{
	struct codebuf *b = &cc->thread[cc->t];

	for (int i = from; i < b->n; i++) {
		struct op *w = &b->ops[i];
		int read = 0;

		if (w->reg == NO_REG || w->reg < SCEN_REGS ||
		    !(op_flags(w) & OPF_RESULT))
			continue;
		for (int j = i + 1; j < b->n && !read; j++)
			read = (b->ops[j].kind == OP_ST_REG &&
				b->ops[j].reg == w->reg) ||
			       (b->ops[j].kind == OP_BRANCH &&
				dcond_reads(b->ops[j].cond, w->reg));
		if (!read)
			w->reg = NO_REG;
	}
}

void compile_cell(struct compiler *cc, int t, const struct stmt *s)
{
	struct frame f;
	int from = cc->thread[t].n;

	memset(&f, 0, sizeof f);
	cc->t = t;
	cc->out = &cc->thread[t];
	cc->site_text = NULL;
	compile_stmt(cc, &f, s);
	drop_unread_locals(cc, from);
}

int compiler_reg_written(const struct compiler *cc, int t, int r)
{
	return r >= 0 && r < SCEN_REGS && (cc->written[t] >> r & 1);
}

static struct op *to_arena(struct compiler *cc, struct codebuf *b)
{
	struct op *ops = arena_alloc(cc->a, sizeof *ops * (size_t)(b->n + 1));

	if (b->n)
		memcpy(ops, b->ops, sizeof *ops * (size_t)b->n);
	return ops;
}

void compiler_finish(struct compiler *cc)
{
	struct program *p = cc->p;

	for (int t = 0; t < p->nthreads; t++) {
		p->threads[t].nops = cc->thread[t].n;
		p->threads[t].ops = to_arena(cc, &cc->thread[t]);
	}
	for (int k = 0; k < p->nipis; k++) {
		p->ipis[k].nops = cc->ipi[k].n;
		p->ipis[k].ops = to_arena(cc, &cc->ipi[k]);
	}
	compiler_free(cc);
}

void compiler_free(struct compiler *cc)
{
	if (!cc)
		return;
	for (int t = 0; t < FC_MAX_CPUS; t++)
		free(cc->thread[t].ops);
	for (int k = 0; k < FC_MAX_IPIS; k++)
		free(cc->ipi[k].ops);
	free(cc);
}
