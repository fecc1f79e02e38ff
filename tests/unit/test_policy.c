/* SPDX-License-Identifier: MIT */
/*
 * test_policy.c - policy and kernel files (docs/design.md section 3.2): the
 * .pol parser and load-time checks, the inlining compiler, and what calls
 * mean to the explorer.
 *
 * Good policies are checked on the compiled program, op by op, through a
 * small disassembler (kind, operands, branch conditions and targets, and
 * the op's text with its call path); bad ones on the exact file, line,
 * column and message of the first error, whether it is found when the
 * policy is loaded or when a scenario inlines the function; and calls are
 * run through the explorer to check that a policy function is no atomic
 * block: other CPUs interleave between its ops, branches look at the state
 * of the moment, wait/lock block, on_each_cpu reaches every CPU.
 *
 * The last four tests pin bugs found while writing this file.
 */
#include "helpers.h"

#include <stdlib.h>

#include "lang/compile.h"
#include "lang/limits.h"

#define OR(x) (1u << (x))


/* ---- loading ----------------------------------------------------------- */

/* A policy set and a program compiled against it, in one arena. */
struct pl {
	struct arena a;
	struct polset ps;
	struct diag d;
	struct program *p;
};

static const char *dfile(const struct diag *d)
{
	return d->file ? d->file : "(no file)";
}

/* Load pol (NULL: asm-generic alone) as "x.pol"; it must load. */
static void pol_load(struct pl *l, const char *pol)
{
	memset(l, 0, sizeof *l);
	if (polset_load(&l->a, &l->ps, NULL, pol ? "x.pol" : NULL, pol, &l->d))
		fail_msg("policy: %s:%d:%d: %s", dfile(&l->d), l->d.line,
			 l->d.col, l->d.msg);
}

/* Compile src against l's policy set; it must compile. */
static struct program *scen(struct pl *l, const char *src)
{
	l->p = scenario_load(&l->a, "t.flush", src, NULL, &l->ps, &l->d);
	if (!l->p)
		fail_msg("scenario: %s:%d:%d: %s", dfile(&l->d), l->d.line,
			 l->d.col, l->d.msg);
	return l->p;
}

/* Line and column of statement stmt in function fn of the kernel file. */
static void kernel_pos(const char *fn, const char *stmt, int *line, int *col)
{
	const char *t = builtin_policy_text("linux"), *q;

	assert_non_null(t);
	q = strstr(t, fn);
	assert_non_null(q);
	q = strstr(q, stmt);
	assert_non_null(q);
	*line = 1;
	for (const char *c = t; c < q; c++)
		*line += *c == '\n';
	for (*col = 1; q[-*col] != '\n'; ++*col)
		;	/* a tab is one column */
}

/* Both at once. */
static struct program *pol_scen(struct pl *l, const char *pol, const char *src)
{
	pol_load(l, pol);
	return scen(l, src);
}

/* ---- a disassembler, so that a mismatch shows the whole op ------------- */

/* Append to the string in buf (vsnprintf: no truncation warnings). */
static void app(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void app(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* Append condition c to buf, as written in a policy. */
static void dcond_str(const struct program *p, const struct dcond *c,
		      char *buf, size_t len)
{
	switch (c->kind) {
	case DC_TRUE:
		app(buf, len, "true");
		return;
	case DC_NOT:
		app(buf, len, "!");
		dcond_str(p, c->l, buf, len);
		return;
	case DC_AND:
	case DC_OR:
		app(buf, len, "(");
		dcond_str(p, c->l, buf, len);
		app(buf, len, " %s ", c->kind == DC_AND ? "&&" : "||");
		dcond_str(p, c->r, buf, len);
		app(buf, len, ")");
		return;
	case DC_PRESENT:
		app(buf, len, "present(%s)", p->mappings[c->a].name);
		return;
	case DC_MAPPED:
		app(buf, len, "mapped(%s)", p->pages[c->a].name);
		return;
	case DC_FLAG:
		app(buf, len, "%s(%s)", p->flags[c->a], p->pages[c->b].name);
		return;
	case DC_REG:
		app(buf, len, "r%d", c->a);
		return;
	case DC_MASK:
		app(buf, len, "%s(mm%d)", p->masks[c->a], c->b);
		return;
	case DC_MMFLAG:
		app(buf, len, "%s(mm%d)", p->mmflags[c->a], c->b);
		return;
	case DC_MIGRATED:
		app(buf, len, "migrated()");
		return;
	case DC_LAZY_MM:
		app(buf, len, "lazy_mm()");
		return;
	}
	app(buf, len, "?dcond %d", c->kind);
}

static void op_str(const struct program *p, const struct op *o, char *buf,
		   size_t len)
{
	static const char *const va_names[] = {
		[OP_DC_CLEAN] = "dc.clean", [OP_DC_INV] = "dc.inv",
		[OP_DC_FLUSH] = "dc.flush", [OP_IC_INV] = "ic.inv",
	};
	static const char *const plain[] = {
		[OP_IC_INV_ALL] = "ic.inv.all",
		[OP_DC_CLEAN_ALL] = "dc.clean.all",
		[OP_DC_FLUSH_ALL] = "dc.flush.all", [OP_DSB] = "dsb",
		[OP_DSB_ST] = "dsb.st", [OP_ISB] = "isb",
		[OP_FENCE_I] = "fence.i",
	};
	static const char *const pte[] = {
		[OP_PTE_SET] = "pte.set", [OP_PTE_CLEAR] = "pte.clear",
		[OP_PTE_FLUSHONLY] = "pte.flushonly",
	};
	static const char *const flag[] = {
		[OP_FLAG_SET] = "set", [OP_FLAG_CLEAR] = "clear",
		[OP_WAIT] = "wait", [OP_LOCK] = "lock", [OP_UNLOCK] = "unlock",
	};
	const char *loc = o->local ? ".local" : "";
	char op[256], c[256], reg[16];
	const char *an = o->mapping < p->nmappings ? p->mappings[o->mapping].name
						 : "?";
	const char *pn = o->mapping < p->npages ? p->pages[o->mapping].name : "?";
	const char *lab = o->label < p->nlabels ? p->labels[o->label] : "?";

	if (o->reg == NO_REG)
		reg[0] = '\0';
	else
		snprintf(reg, sizeof reg, " -> r%d", o->reg);
	switch (o->kind) {
	case OP_ST:
		snprintf(op, sizeof op, "st %s[%d] = %s", an, o->line, lab);
		break;
	case OP_ST_REG:
		snprintf(op, sizeof op, "st %s[%d] = r%d", an, o->line, o->reg);
		break;
	case OP_LD:
	case OP_EXEC:
		snprintf(op, sizeof op, "%s %s[%d]%s",
			 o->kind == OP_LD ? "ld" : "exec", an, o->line, reg);
		break;
	case OP_COPY_LD:
	case OP_COPY_ST:
		snprintf(op, sizeof op, "%s %s[%d]",
			 o->kind == OP_COPY_LD ? "copy.ld" : "copy.st", an,
			 o->line);
		break;
	case OP_DC_CLEAN:
	case OP_DC_INV:
	case OP_DC_FLUSH:
	case OP_IC_INV:
		snprintf(op, sizeof op, "%s%s %s[%d]", va_names[o->kind], loc,
			 an, o->line);
		break;
	case OP_IC_INV_ALL:
	case OP_DC_CLEAN_ALL:
	case OP_DC_FLUSH_ALL:
	case OP_FENCE_I:
	case OP_DSB:
	case OP_DSB_ST:
	case OP_ISB:
		snprintf(op, sizeof op, "%s%s", plain[o->kind], loc);
		break;
	case OP_PTE_SET:
	case OP_PTE_CLEAR:
	case OP_PTE_FLUSHONLY:
		snprintf(op, sizeof op, "%s %s", pte[o->kind], an);
		break;
	case OP_DMA_WRITE:
		snprintf(op, sizeof op, "dma.write %s[%d] = %s", pn, o->line,
			 lab);
		break;
	case OP_DMA_READ:
		snprintf(op, sizeof op, "dma.read %s[%d]%s", pn, o->line, reg);
		break;
	case OP_FLAG_SET:
	case OP_FLAG_CLEAR:
	case OP_WAIT:
	case OP_LOCK:
	case OP_UNLOCK:
		snprintf(op, sizeof op, "%s %s(%s)", flag[o->kind],
			 o->flag < p->nflags ? p->flags[o->flag] : "?", pn);
		break;
	case OP_TAS:
		snprintf(op, sizeof op, "tas %s(%s)%s",
			 o->flag < p->nflags ? p->flags[o->flag] : "?", pn, reg);
		break;
	case OP_IPI:
		snprintf(op, sizeof op, "ipi #%d", o->ipi);
		break;
	case OP_IPI_WAIT:
		snprintf(op, sizeof op, "ipi.wait #%d", o->ipi);
		break;
	case OP_JUMP:
		snprintf(op, sizeof op, "jump %d", o->target);
		break;
	case OP_BRANCH:
		c[0] = '\0';
		dcond_str(p, o->cond, c, sizeof c);
		op[0] = '\0';
		app(op, sizeof op, "branch %s else %d", c, o->target);
		break;
	default:
		snprintf(op, sizeof op, "?kind %d", o->kind);
	}
	buf[0] = '\0';
	app(buf, len, "%s | %s", op, o->text);
}

static void check_code(const struct program *p, const char *who,
		       const struct thread *th, const char *const *w, int n)
{
	char got[640], want[640];
	int i;

	for (i = 0; i < n && i < th->nops; i++) {
		op_str(p, &th->ops[i], got, sizeof got);
		snprintf(want, sizeof want, "%s", w[i]);
		if (strcmp(got, want))
			print_error("%s op %d:\n   got  %s\n   want %s\n", who,
				    i, got, want);
		assert_string_equal(got, want);
	}
	for (; i < th->nops; i++) {
		op_str(p, &th->ops[i], got, sizeof got);
		print_error("%s op %d: unexpected %s\n", who, i, got);
	}
	for (; i < n; i++)
		print_error("%s op %d: missing %s\n", who, i, w[i]);
	assert_int_equal(th->nops, n);
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define CHECK_THREAD(p, t, w) \
	check_code((p), "P" #t, &(p)->threads[t], (w), NELEM(w))
#define CHECK_IPI(p, k, w) \
	check_code((p), "handler " #k, &(p)->ipis[k], (w), NELEM(w))

/* ---- good policies: loading -------------------------------------------- */

/* A small sketch policy, line by line. */
static const char sketch[] =
	"POLICY sketch\n"					/*  1 */
	"\"A lazy flush_dcache_page and an I/D sync\"\n"	/*  2 */
	"flag dcache_clean   # clear when a page enters\n"	/*  3 */
	"\n"							/*  4 */
	"flush_dcache_page(p) {\n"				/*  5 */
	"  if (!mapped(p)) { clear dcache_clean(p); return; }\n" /* 6 */
	"  dc.flush kaddr(p);\n"				/*  7 */
	"  set dcache_clean(p);\n"				/*  8 */
	"}\n"							/*  9 */
	"\n"							/* 10 */
	"set_pte_at(u) {\n"					/* 11 */
	"  if (exec(u) && !dcache_clean(page(u))) {\n"		/* 12 */
	"    dc.flush kaddr(page(u));\n"			/* 13 */
	"    set dcache_clean(page(u));\n"			/* 14 */
	"  }\n"							/* 15 */
	"  if (exec(u)) ic.inv.all;\n"				/* 16 */
	"  pte.set u;\n"					/* 17 */
	"}\n";							/* 18 */

static void policy_file_and_builtins(void **st)
{
	struct pl l;
	const struct pol_file *f;
	const struct pol_func *fn;
	int have_generic = 0, have_linux = 0;

	(void)st;
	/* the built-in texts: asm-generic and the kernel file at least */
	for (int i = 0; i < builtin_policy_count(); i++) {
		have_generic |= !strcmp(builtin_policy_name(i), "asm-generic");
		have_linux |= !strcmp(builtin_policy_name(i), "linux");
		assert_non_null(builtin_policy_text(builtin_policy_name(i)));
	}
	assert_true(have_generic && have_linux);
	assert_null(builtin_policy_text("no-such-policy"));

	pol_load(&l, sketch);
	f = l.ps.policy;
	assert_non_null(f);
	assert_string_equal(f->file, "x.pol");
	assert_string_equal(f->name, "sketch");
	assert_string_equal(f->doc, "A lazy flush_dcache_page and an I/D sync");
	assert_int_equal(f->nflags, 1);
	assert_string_equal(f->flags[0], "dcache_clean");
	assert_int_equal(f->nfuncs, 2);
	fn = pol_find(f, "set_pte_at");
	assert_non_null(fn);
	assert_ptr_equal(fn, &f->funcs[1]);
	assert_int_equal(fn->nparams, 1);
	assert_string_equal(fn->params[0], "u");
	assert_int_equal(fn->pos.line, 11);
	assert_int_equal(fn->pos.col, 1);
	assert_int_equal(fn->body->kind, S_BLOCK);
	assert_int_equal(fn->body->n, 3);
	assert_null(pol_find(f, "update_mmu_cache"));

	/* the rest of the set: asm-generic and the kernel file */
	assert_string_equal(l.ps.generic->name, "asm-generic");
	assert_string_equal(l.ps.kernel->name, "linux");
	assert_non_null(pol_find(l.ps.generic, "update_mmu_cache"));
	assert_non_null(pol_find(l.ps.kernel, "fault"));
	assert_int_equal(l.ps.kernel->nflags, 2);
	arena_free(&l.a);

	/* no policy: asm-generic alone */
	pol_load(&l, NULL);
	assert_null(l.ps.policy);
	assert_non_null(l.ps.generic);
	arena_free(&l.a);

	/* a built-in by name, and one that does not exist */
	memset(&l, 0, sizeof l);
	assert_int_equal(polset_load(&l.a, &l.ps, "asm-generic", NULL, NULL,
				     &l.d), 0);
	assert_string_equal(l.ps.policy->name, "asm-generic");
	arena_free(&l.a);
	memset(&l, 0, sizeof l);
	assert_int_equal(polset_load(&l.a, &l.ps, "no-such-policy", NULL,
				     NULL, &l.d), -1);
	assert_non_null(strstr(l.d.msg, "no built-in 'no-such-policy'"));
	arena_free(&l.a);

	/* a header and nothing else is a policy that defines nothing */
	pol_load(&l, "KERNEL bare\n");
	assert_string_equal(l.ps.policy->name, "bare");
	assert_null(l.ps.policy->doc);
	assert_int_equal(l.ps.policy->nfuncs, 0);
	arena_free(&l.a);
}

/* ---- good policies: compiling ------------------------------------------ */

/* Page P with kernel K, an exec and a non-exec user mapping, both absent. */
#define DECL_PKUW \
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent;\n" \
	"  user W = P @ 0x9000 rw absent; }\n"

/* A function asm-generic defines and the policy leaves out. */
static void asm_generic_defaults(void **st)
{
	static const char *const p0[] = {
		"wait uptodate(P) | fault(U): wait uptodate(P)",
		"lock locked(P) | fault(U): lock locked(P)",
		/* flush_icache_page, update_mmu_cache: nothing */
		"pte.set U | fault(U) > set_pte_at(U): pte.set U",
		"unlock locked(P) | fault(U): unlock locked(P)",
		"lock locked(P) | write(P, new): lock locked(P)",
		/* if (mapped(P)) flush_dcache_page(P): an empty body */
		"branch mapped(P) else 6 | write(P, new) > write_flush_user(P): if",
		"st K[0] = new | write(P, new): st K = new",
		"unlock locked(P) | write(P, new): unlock locked(P)",
	};
	static const char *const p1[] = {
		"copy.ld K[0] | copy_user_highpage(Q, P, U): copy: ld K",
		"copy.st kaddr(Q)[0] | copy_user_highpage(Q, P, U): copy: st kaddr(Q)",
		"st K[0] = v | copy_to_user_page(U, v): st K = v",
	};
	const char *src =
		"FLUSH t\n"
		"{ page P = old; page Q; kernel K = P;\n"
		"  user U = P @ 0x8000 rx absent; }\n"
		" P0                    | P1 ;\n"
		" fault(U)              | copy_user_highpage(Q, P, U) ;\n"
		" update_mmu_cache(U)   | copy_to_user_page(U, v) ;\n"
		" flush_dcache_page(P)  | flush_icache_range(K) ;\n"
		" write(P, new)         | dma_map(P, to_device) ;\n";
	struct pl l;
	const struct program *p;

	(void)st;
	/* a policy that defines none of these, and no policy at all */
	for (int k = 0; k < 2; k++) {
		p = pol_scen(&l, k ? NULL : "POLICY empty\nflag mine\n", src);
		CHECK_THREAD(p, 0, p0);
		CHECK_THREAD(p, 1, p1);
		/* the kernel file's flags, then the policy's */
		assert_int_equal(p->nflags, k ? 2 : 3);
		assert_string_equal(p->flags[0], "uptodate");
		assert_string_equal(p->flags[1], "locked");
		if (!k)
			assert_string_equal(p->flags[2], "mine");
		assert_int_equal(p->nipis, 0);
		arena_free(&l.a);
	}
}

/* The policy's functions win over asm-generic, also when the kernel calls. */
static void policy_overrides_generic(void **st)
{
	static const char *const p0[] = {
		"wait uptodate(P) | fault(U): wait uptodate(P)",
		"lock locked(P) | fault(U): lock locked(P)",
		/* exec(U) folds: only the flag is left to test */
		"branch !dcache_clean(P) else 5 | fault(U) > set_pte_at(U): if",
		"dc.flush K[0] | fault(U) > set_pte_at(U): dc.flush K",
		"set dcache_clean(P) | fault(U) > set_pte_at(U): set dcache_clean(P)",
		"ic.inv.all | fault(U) > set_pte_at(U): ic.inv.all",
		"pte.set U | fault(U) > set_pte_at(U): pte.set U",
		"unlock locked(P) | fault(U): unlock locked(P)",
		"st K[0] = new | pio_read_flush(P, new): st K = new",
		"branch !mapped(P) else 12 | pio_read_flush(P, new) > "
		"flush_dcache_page(P): if",
		"clear dcache_clean(P) | pio_read_flush(P, new) > "
		"flush_dcache_page(P): clear dcache_clean(P)",
		/* return: to the end of flush_dcache_page, not of the caller */
		"jump 14 | pio_read_flush(P, new) > flush_dcache_page(P): return",
		"dc.flush K[0] | pio_read_flush(P, new) > "
		"flush_dcache_page(P): dc.flush K",
		"set dcache_clean(P) | pio_read_flush(P, new) > "
		"flush_dcache_page(P): set dcache_clean(P)",
		"set uptodate(P) | pio_read_flush(P, new): set uptodate(P)",
	};
	/* W is not executable: both ifs fold away */
	static const char *const p1[] = {
		"wait uptodate(P) | fault(W): wait uptodate(P)",
		"lock locked(P) | fault(W): lock locked(P)",
		"pte.set W | fault(W) > set_pte_at(W): pte.set W",
		"unlock locked(P) | fault(W): unlock locked(P)",
	};
	struct pl l;
	int line, col;
	const struct program *p = pol_scen(&l, sketch,
		"FLUSH t\n" DECL_PKUW
		" P0 | P1 ;\n"
		" fault(U) | fault(W) ;\n"
		" pio_read_flush(P, new) | ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	CHECK_THREAD(p, 1, p1);
	assert_int_equal(p->nflags, 3);
	assert_string_equal(p->flags[2], "dcache_clean");
	/* inlined ops keep their place in the policy or kernel file */
	assert_int_equal(p->threads[0].ops[3].src_line, 13);
	assert_int_equal(p->threads[0].ops[3].src_col, 5);
	kernel_pos("fault(u) {", "wait uptodate", &line, &col);
	assert_int_equal(p->threads[0].ops[0].src_line, line);
	assert_int_equal(p->threads[0].ops[0].src_col, col);
	arena_free(&l.a);
}

/* Machine predicates, exec(u), true and false fold when a scenario loads. */
static void static_conditions_fold(void **st)
{
	static const char pol[] =
		"POLICY pred\n"
		"sync(u) {\n"
		"  if (dcache_aliases()) dc.flush.all; else dsb;\n"
		"  if (icache_aliases()) ic.inv.all;\n"
		"  if (maint_broadcast()) ic.inv u; else ic.inv.local u;\n"
		"  if (idc()) isb;\n"
		"  if (dic() || false) dc.clean.all;\n"
		"  if (exec(u) && true) dc.clean u;\n"
		"}\n";
	static const struct {
		const char *machine, *perms;
		const char *ops[6];
	} cases[] = {
		/* PIPT D, 2-colour VIPT I, broadcast */
		{ "cortex-a9", "rx", { "dsb | sync(U): dsb",
		  "ic.inv.all | sync(U): ic.inv.all",
		  "ic.inv U[0] | sync(U): ic.inv U",
		  "dc.clean U[0] | sync(U): dc.clean U" } },
		{ "cortex-a9", "rw", { "dsb | sync(U): dsb",
		  "ic.inv.all | sync(U): ic.inv.all",
		  "ic.inv U[0] | sync(U): ic.inv U" } },
		/* aliasing VIPT D and I, local maintenance */
		{ "arm1136", "rx", { "dc.flush.all | sync(U): dc.flush.all",
		  "ic.inv.all | sync(U): ic.inv.all",
		  "ic.inv.local U[0] | sync(U): ic.inv.local U",
		  "dc.clean U[0] | sync(U): dc.clean U" } },
		/* PIPT D, aliasing I, maintenance not broadcast */
		{ "arm11mpcore", "rx", { "dsb | sync(U): dsb",
		  "ic.inv.all | sync(U): ic.inv.all",
		  "ic.inv.local U[0] | sync(U): ic.inv.local U",
		  "dc.clean U[0] | sync(U): dc.clean U" } },
		/* PIPT I: no I aliases; IDC */
		{ "armv8-idc", "rx", { "dsb | sync(U): dsb",
		  "ic.inv U[0] | sync(U): ic.inv U",
		  "isb | sync(U): isb",
		  "dc.clean U[0] | sync(U): dc.clean U" } },
		/* IDC and DIC */
		{ "armv8-dic", "rx", { "dsb | sync(U): dsb",
		  "ic.inv U[0] | sync(U): ic.inv U",
		  "isb | sync(U): isb",
		  "dc.clean.all | sync(U): dc.clean.all",
		  "dc.clean U[0] | sync(U): dc.clean U" } },
	};

	(void)st;
	for (int c = 0; c < NELEM(cases); c++) {
		char src[512], who[64];
		struct pl l;
		const struct program *p;
		int n = 0;

		snprintf(src, sizeof src, "FLUSH t\nmachine = %s\n"
			 "{ page P; user U = P @ 0x8000 %s; }\n P0 ;\n sync(U) ;\n",
			 cases[c].machine, cases[c].perms);
		p = pol_scen(&l, pol, src);
		while (n < 6 && cases[c].ops[n])
			n++;
		snprintf(who, sizeof who, "%s %s: P0", cases[c].machine,
			 cases[c].perms);
		check_code(p, who, &p->threads[0], cases[c].ops, n);
		arena_free(&l.a);
	}
}

/* DMA directions are arguments; == and != on them fold. */
static void dma_directions_fold(void **st)
{
	static const char pol[] =
		"POLICY dma\n"
		"dma_map(p, dir) {\n"
		"  if (dir == to_device) dc.clean kaddr(p);\n"
		"  else if (dir == from_device) dc.inv kaddr(p);\n"
		"  else dc.flush kaddr(p);\n"
		"}\n"
		"dma_unmap(p, dir) {\n"
		"  if (dir != to_device) dc.inv kaddr(p);\n"
		"}\n";
	static const char *const p0[] = {
		"dc.inv K[0] | dma_read(P, dev) > dma_map(P, from_device): "
		"dc.inv K",
		"dma.write P[0] = dev | dma_read(P, dev): dma.write P = dev",
		"dc.inv K[0] | dma_read(P, dev) > dma_unmap(P, from_device): "
		"dc.inv K",
		"set uptodate(P) | dma_read(P, dev): set uptodate(P)",
		"dc.clean K[0] | dma_write_out(P) > dma_map(P, to_device): "
		"dc.clean K",
		/* the kernel's local d: the thread's first local register */
		"dma.read P[0] | dma_write_out(P): d = dma.read P",
		/* dma_unmap(P, to_device): nothing */
		"dc.flush K[0] | dma_map(P, bidirectional): dc.flush K",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n{ page P = old; kernel K = P; }\n P0 ;\n"
		" dma_read(P, dev) ;\n dma_write_out(P) ;\n"
		" dma_map(P, bidirectional) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	assert_int_equal(p->nregs[0], SCEN_REGS + 1);
	arena_free(&l.a);
}

/* Conditions on the state become branches with the right dcond. */
static void dynamic_conditions_branch(void **st)
{
	static const char pol[] =
		"POLICY cond\n"
		"flag dirty\n"
		"flag clean\n"
		"c1(u) { if (present(u)) dsb; }\n"
		"c2(u) { if (exec(u) && dirty(page(u))) isb; }\n"
		"c3(p) { if (dirty(p) || !clean(p)) dsb; else isb; }\n"
		"c4(p) { if (mapped(p) && (dirty(p) || clean(p))) dsb; }\n"
		"c5(p) { if (dcache_aliases() || mapped(p)) dsb; }\n"
		"c6(p) { if (!(dcache_aliases() && mapped(p))) dsb; }\n";
	static const char *const p0[] = {
		/* present() of a user mapping is dynamic ... */
		"branch present(U) else 2 | c1(U): if",
		"dsb | c1(U): dsb",
		/* ... of a kernel mapping always true */
		"dsb | c1(K): dsb",
		/* exec(U) && X is X; exec(W) && X is false */
		"branch dirty(P) else 5 | c2(U): if",
		"isb | c2(U): isb",
		"branch (dirty(P) || !clean(P)) else 8 | c3(P): if",
		"dsb | c3(P): dsb",
		"jump 9 | c3(P): else",
		"isb | c3(P): isb",
		"branch (mapped(P) && (dirty(P) || clean(P))) else 11 | c4(P): if",
		"dsb | c4(P): dsb",
		/* false || X is X */
		"branch mapped(P) else 13 | c5(P): if",
		"dsb | c5(P): dsb",
		/* !(false && X) is true */
		"dsb | c6(P): dsb",
	};
	/* on an aliasing D-cache c5 folds the other way, c6 keeps a branch */
	static const char *const p1136[] = {
		"dsb | c5(P): dsb",
		"branch !mapped(P) else 3 | c6(P): if",
		"dsb | c6(P): dsb",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n" DECL_PKUW " P0 ;\n"
		" c1(U) ;\n c1(K) ;\n c2(U) ;\n c2(W) ;\n c3(P) ;\n c4(P) ;\n"
		" c5(P) ;\n c6(P) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	assert_string_equal(p->flags[2], "dirty");
	assert_string_equal(p->flags[3], "clean");
	/* the operands, field by field, for one of them */
	assert_int_equal(p->threads[0].ops[0].cond->kind, DC_PRESENT);
	assert_int_equal(p->threads[0].ops[0].cond->a, 1);	/* U */
	assert_int_equal(p->threads[0].ops[3].cond->kind, DC_FLAG);
	assert_int_equal(p->threads[0].ops[3].cond->a, 2);	/* dirty */
	assert_int_equal(p->threads[0].ops[3].cond->b, 0);	/* P */
	arena_free(&l.a);

	p = pol_scen(&l, pol, "FLUSH t\nmachine = arm1136\n" DECL_PKUW
		     " P0 ;\n c5(P) ;\n c6(P) ;\n");
	CHECK_THREAD(p, 0, p1136);
	arena_free(&l.a);
}

/* test_and_set: one OP_TAS into a fresh local, then a branch on it. */
static void test_and_set_emits_tas(void **st)
{
	static const char pol[] =
		"POLICY tas\n"
		"flag done\n"
		"flag seen\n"
		"once(p) { if (!test_and_set done(p)) dc.flush kaddr(p); }\n"
		"mark(p) { test_and_set seen(p); }\n"
		"both(p) { if (test_and_set done(p) && mapped(p)) dsb; }\n"
		"gated(p) { if (dcache_aliases() && test_and_set seen(p)) isb; }\n";
	static const char *const p0[] = {
		"tas done(P) -> r16 | once(P): test_and_set done(P)",
		"branch !r16 else 3 | once(P): if",
		"dc.flush K[0] | once(P): dc.flush K",
		/* as a statement: the old value is kept but unused */
		"tas seen(P) | mark(P): test_and_set seen(P)",
		/* on the left of a dynamic && */
		"tas done(P) -> r16 | both(P): test_and_set done(P)",
		"branch (r16 && mapped(P)) else 7 | both(P): if",
		"dsb | both(P): dsb",
		/* on the right of a static true && */
		"tas seen(P) -> r16 | gated(P): test_and_set seen(P)",
		"branch r16 else 10 | gated(P): if",
		"isb | gated(P): isb",
	};
	/* where dcache_aliases() is false the && never reaches it: no op */
	static const char *const a9[] = { "dsb | dsb" };
	const char *src =
		"FLUSH t\nmachine = %s\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx; }\n"
		" P0 ;\n once(P) ;\n mark(P) ;\n both(P) ;\n gated(P) ;\n";
	char buf[512];
	struct pl l;
	const struct program *p;

	(void)st;
	snprintf(buf, sizeof buf, src, "arm1136");
	p = pol_scen(&l, pol, buf);
	CHECK_THREAD(p, 0, p0);
	assert_int_equal(p->nregs[0], SCEN_REGS + 1);
	assert_int_equal(p->threads[0].ops[0].flag, 2);	/* done */
	assert_int_equal(p->threads[0].ops[0].mapping, 0);	/* page P */
	assert_int_equal(p->threads[0].ops[1].cond->kind, DC_NOT);
	assert_int_equal(p->threads[0].ops[1].cond->l->kind, DC_REG);
	assert_int_equal(p->threads[0].ops[1].cond->l->a, SCEN_REGS);
	arena_free(&l.a);

	snprintf(buf, sizeof buf, "FLUSH t\nmachine = cortex-a9\n"
		 "{ page P = old; kernel K = P; }\n P0 ;\n gated(P) ;\n"
		 " dsb ;\n");
	p = pol_scen(&l, pol, buf);
	CHECK_THREAD(p, 0, a9);
	assert_int_equal(p->nregs[0], 0);
	arena_free(&l.a);
}

/* return jumps to the end of its own function, at any depth. */
static void return_ends_the_function(void **st)
{
	static const char pol[] =
		"POLICY ret\n"
		"inner(p) { if (mapped(p)) return; dsb; }\n"
		"outer(p) {\n"
		"  inner(p);\n"
		"  isb;\n"
		"  if (!mapped(p)) { return; }\n"
		"  dc.clean kaddr(p);\n"
		"  if (dcache_aliases()) return;\n"
		"  dc.inv kaddr(p);\n"
		"}\n";
	static const char *const p0[] = {
		"branch mapped(P) else 2 | outer(P) > inner(P): if",
		"jump 3 | outer(P) > inner(P): return",
		"dsb | outer(P) > inner(P): dsb",
		"isb | outer(P): isb",
		"branch !mapped(P) else 6 | outer(P): if",
		"jump 8 | outer(P): return",
		"dc.clean K[0] | outer(P): dc.clean K",
		/* a return under a static false condition is not compiled */
		"dc.inv K[0] | outer(P): dc.inv K",
		"ic.inv.all | ic.inv.all",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n{ page P = old; kernel K = P; }\n P0 ;\n"
		" outer(P) ;\n ic.inv.all ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	arena_free(&l.a);
}

/* for u in users(p): one copy of the body per user mapping of the page. */
static void for_users_unrolls(void **st)
{
	static const char pol[] =
		"POLICY users\n"
		"flush_users(p) { for u in users(p) if (present(u)) dc.flush u; }\n"
		"inv_users(p) { for u in users(p) { ic.inv u; } }\n";
	static const char *const p0[] = {
		"branch present(U) else 2 | flush_users(P): if",
		"dc.flush U[0] | flush_users(P): dc.flush U",
		"branch present(W) else 4 | flush_users(P): if",
		"dc.flush W[0] | flush_users(P): dc.flush W",
		/* a mapping stands for its page */
		"ic.inv V[0] | inv_users(V): ic.inv V",
		/* a page without users: nothing; a kernel mapping is no user */
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n"
		"{ page P = old; page Q; page R; user U = P @ 0x8000 rx;\n"
		"  user V = Q @ 0x9000 rw; user W = P @ 0xa000 rw absent;\n"
		"  kernel K = P; kernel KR = R; }\n"
		" P0 ;\n flush_users(P) ;\n inv_users(V) ;\n inv_users(R) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	arena_free(&l.a);
}

/* on_each_cpu: IPI, the body in line, wait; the body again as a handler. */
static void on_each_cpu_compiles(void **st)
{
	static const char pol[] =
		"POLICY ipi\n"
		"ipi_inv(u) { on_each_cpu { ic.inv.all.local; } dsb; }\n"
		"ipi_flush(p) {\n"
		"  on_each_cpu { if (mapped(p)) dc.flush.local kaddr(p); }\n"
		"}\n";
	static const char *const p0[] = {
		"ipi #0 | ipi_inv(U): on_each_cpu: IPI",
		"ic.inv.all.local | ipi_inv(U): ic.inv.all.local",
		"ipi.wait #0 | ipi_inv(U): on_each_cpu: wait",
		"dsb | ipi_inv(U): dsb",
		"ipi #2 | ipi_flush(P): on_each_cpu: IPI",
		"branch mapped(P) else 7 | ipi_flush(P): if",
		"dc.flush.local K[0] | ipi_flush(P): dc.flush.local K",
		"ipi.wait #2 | ipi_flush(P): on_each_cpu: wait",
	};
	static const char *const p1[] = {
		"ipi #1 | ipi_inv(U): on_each_cpu: IPI",
		"ic.inv.all.local | ipi_inv(U): ic.inv.all.local",
		"ipi.wait #1 | ipi_inv(U): on_each_cpu: wait",
		"dsb | ipi_inv(U): dsb",
	};
	static const char *const h0[] = {
		"ic.inv.all.local | ipi_inv(U): ic.inv.all.local",
	};
	/* branch targets inside a handler count from its own start */
	static const char *const h2[] = {
		"branch mapped(P) else 2 | ipi_flush(P): if",
		"dc.flush.local K[0] | ipi_flush(P): dc.flush.local K",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\nmachine = arm11mpcore\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx; }\n"
		" P0 | P1 ;\n ipi_inv(U) | ipi_inv(U) ;\n ipi_flush(P) | ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	CHECK_THREAD(p, 1, p1);
	assert_int_equal(p->nipis, 3);
	CHECK_IPI(p, 0, h0);
	CHECK_IPI(p, 1, h0);
	CHECK_IPI(p, 2, h2);
	arena_free(&l.a);
}

/* kaddr(p) of a page without a kernel mapping makes the linear map one. */
static void kaddr_creates_kernel_mapping(void **st)
{
	static const char pol[] =
		"POLICY k\n"
		"f(u) { dc.flush kaddr(page(u)); dc.clean kaddr(page(u)); }\n"
		"g(p) { dc.inv kaddr(p); }\n";
	static const char *const p0[] = {
		"dc.flush kaddr(Q)[0] | f(U): dc.flush kaddr(Q)",
		"dc.clean kaddr(Q)[0] | f(U): dc.clean kaddr(Q)",
		"dc.inv K[0] | g(P): dc.inv K",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n"
		"{ page P = old; page Q; user U = Q @ 0x8000 rw; kernel K = P; }\n"
		" P0 ;\n f(U) ;\n g(P) ;\n");
	const struct mapping *k;

	(void)st;
	CHECK_THREAD(p, 0, p0);
	/* one new mapping, made once */
	assert_int_equal(p->nmappings, 3);
	k = &p->mappings[2];
	assert_string_equal(k->name, "kaddr(Q)");
	assert_int_equal(k->kind, MAPPING_KERNEL);
	assert_int_equal(k->page, 1);
	/* PAGE_OFFSET + frame, as a declared `kernel K = Q;` would get */
	assert_int_equal(k->va, 0xc0000000UL + 4096);
	assert_int_equal(k->perms, PERM_R | PERM_W | PERM_X);
	assert_int_equal(k->pte0, PTE_PRESENT);
	arena_free(&l.a);
}

/* alias(p, u): a temporary kernel mapping at u's colour in both caches. */
static void alias_is_congruent(void **st)
{
	static const char pol[] =
		"POLICY tmp\n"
		"fl(u) { dc.flush alias(page(u), u); ic.inv alias(page(u), u); }\n"
		"cp(to, u) { dc.inv alias(to, u); }\n";
	static const char *const p0[] = {
		"dc.flush tmpalias(P,U)[0] | fl(U): dc.flush tmpalias(P,U)",
		"ic.inv tmpalias(P,U)[0] | fl(U): ic.inv tmpalias(P,U)",
		"dc.inv tmpalias(Q,U)[0] | cp(Q, U): dc.inv tmpalias(Q,U)",
	};
	static const struct {
		const char *machine;
		unsigned long va;
	} cases[] = {
		{ "arm1136", 0x9000 },		/* 2 colours of 4K */
		{ "arm1136", 0x6000 },
		{ "pa8800", 0x123000 },		/* 1024 colours: 4M span */
		{ "pa8800", 0x7ff000 },
	};

	(void)st;
	for (int c = 0; c < NELEM(cases); c++) {
		char src[512];
		struct pl l;
		const struct program *p;
		const struct machine *m;
		const struct mapping *u, *t, *k;

		snprintf(src, sizeof src, "FLUSH t\nmachine = %s\n"
			 "{ page P = old; page Q; kernel K = P;\n"
			 "  user U = P @ %#lx rw; }\n P0 ;\n fl(U) ;\n cp(Q, U) ;\n",
			 cases[c].machine, cases[c].va);
		p = pol_scen(&l, pol, src);
		m = &p->machine;
		CHECK_THREAD(p, 0, p0);
		/* K, U, then the two temporary mappings, each made once */
		assert_int_equal(p->nmappings, 4);
		k = &p->mappings[0];
		u = &p->mappings[1];
		t = &p->mappings[2];
		assert_int_equal(t->kind, MAPPING_KERNEL);
		assert_int_equal(t->page, 0);
		assert_int_equal(t->pte0, PTE_PRESENT);
		assert_int_equal(p->mappings[3].page, 1);
		for (int i = 2; i < 4; i++) {
			t = &p->mappings[i];
			assert_int_equal(machine_colour(m, &m->d, t->va),
					 machine_colour(m, &m->d, u->va));
			assert_int_equal(machine_colour(m, &m->i, t->va),
					 machine_colour(m, &m->i, u->va));
			assert_true(t->va != u->va);
		}
		/* the linear map K (colour 0) is no substitute when U is not */
		if (machine_colour(m, &m->d, u->va))
			assert_true(machine_colour(m, &m->d, k->va) !=
				    machine_colour(m, &m->d, u->va));
		arena_free(&l.a);
	}
}

/* Locals are per call; call paths print their arguments. */
static void locals_and_call_paths(void **st)
{
	static const char pol[] =
		"POLICY loc\n"
		"flush_dcache_page(p) { dc.flush kaddr(p); }\n"
		"twice(p) { a = ld kaddr(p); a = ld kaddr(p); st kaddr(p) = a; }\n"
		"scoped(p) {\n"
		"  if (mapped(p)) { b = ld kaddr(p); st kaddr(p) = b; }\n"
		"}\n";
	static const char *const p0[] = {
		"branch mapped(P) else 2 | read(P): if",
		"dc.flush K[0] | read(P) > flush_dcache_page(P): dc.flush K",
		"ld K[0] | read(P): d = ld K",
		"branch mapped(P) else 5 | read(P): if",
		"dc.flush K[0] | read(P) > flush_dcache_page(P): dc.flush K",
		/* a second call: its local is unread too */
		"ld K[0] | read(P): d = ld K",
		/* one name in one call: one local; registers are reused
		 * once their call has returned */
		"ld K[0] -> r16 | twice(P): a = ld K",
		"ld K[0] -> r16 | twice(P): a = ld K",
		"st K[0] = r16 | twice(P): st K = a",
		"branch mapped(P) else 12 | scoped(P): if",
		"ld K[0] -> r16 | scoped(P): b = ld K",
		"st K[0] = r16 | scoped(P): st K = b",
		"ld U[0] -> r3 | r3 = ld U",
		/* a scenario register as an argument: the text names the
		 * parameter, the call path the register */
		"st K[0] = r3 | copy_to_user_page(U, r3): st K = v",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rw; }\n"
		" P0 ;\n read(P) ;\n read(P) ;\n twice(P) ;\n scoped(P) ;\n"
		" r3 = ld U ;\n copy_to_user_page(U, r3) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	assert_int_equal(p->nregs[0], SCEN_REGS + 1);
	arena_free(&l.a);
}

/* ---- malformed policies ------------------------------------------------ */

struct bad {
	const char *pol;
	/*
	 * NULL: the error is in the policy alone and polset_load must find
	 * it.  Otherwise P0's cell in a scenario (SC_BAD): the error shows
	 * when the call is inlined -- polset_load may find it already, but
	 * then at the same place.
	 */
	const char *call;
	const char *file;
	int line, col;
	const char *msg;	/* a substring of the message */
};

/*
 * Errors reported in the kernel file: at statement kstmt of function kfn
 * there, looked up in its text so that edits of linux.pol do not break
 * the rows.
 */
struct bad_kernel {
	struct bad b;
	const char *kfn, *kstmt;
};

#define PH "POLICY t\n"
#define XP "x.pol"
#define LINUX "<built-in linux.pol>"
/* P0's cell is on line 4, from column 2 */
#define SC_BAD "FLUSH t\n" \
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n" \
	" P0 | P1 ;\n %s | ;\n"

static const struct bad bad[] = {
	/* header */
	{ "", NULL, XP, 1, 1, "empty file" },
	{ "flag f\n", NULL, XP, 1, 1, "a policy starts with 'POLICY name'" },
	{ "# a comment\n  POLCY t\n", NULL, XP, 2, 3,
	  "a policy starts with 'POLICY name'" },
	{ "POLICY", NULL, XP, 1, 7, "expected the policy's name" },
	/* reported at the next line's first token, not after POLICY */
	{ "POLICY\nflag f\n", NULL, XP, 1, 7, "expected the policy's name" },

	/* flags */
	{ PH "flag 3\n", NULL, XP, 2, 6, "expected a flag name" },
	{ PH "flag (dirty)\n", NULL, XP, 2, 6, "expected a flag name" },
	{ PH "flag a\nflag b;\nflag a\n", NULL, XP, 4, 6,
	  "flag 'a' is declared twice" },
	{ PH "flag f1\nflag f2\nflag f3\nflag f4\nflag f5\nflag f6\n"
	  "flag f7\nflag f8\nflag f9\n", NULL, XP, 10, 6,
	  "too many flags (at most 8)" },

	/* per-mm CPU masks */
	{ PH "cpumask m\ncpumask m\n", NULL, XP, 3, 9,
	  "CPU mask 'm' is declared twice" },
	{ PH "mmflag m\nmmflag m\n", NULL, XP, 3, 8,
	  "mm flag 'm' is declared twice" },
	{ PH "mmflag 3\n", NULL, XP, 2, 8, "expected a name for the mm flag" },
	{ PH "f(u) { set nosuch(mm(u)); }\n", NULL, XP, 2, 12,
	  "unknown flag 'nosuch'" },
	{ PH "mmflag g\nf(u) { set g(u); }\n", "f(U)", XP, 3, 14,
	  "'g' is kept per mm: g(mm(u)) (in f(U), called at "
	  "t.flush:4:2)" },
	{ PH "f(u) { if (cpumask_test_and_clear_cpu nosuch(mm(u))) dsb; }\n",
	  NULL, XP, 2, 39, "unknown CPU mask 'nosuch'" },
	{ PH "f() { preempt_point; }\nswitch_mm() { preempt_point; }\n", "f()",
	  XP, 3, 15, "preempt_point inside the context switch (in f(), "
	  "called at t.flush:4:2)" },
	{ PH "cpumask mm_cpumask\n", NULL, XP, 2, 9, "mm_cpumask is built in" },
	{ PH "cpumask a\ncpumask b\ncpumask c\ncpumask d\n", NULL, XP, 5, 9,
	  "too many CPU masks (at most 3)" },
	{ PH "f(u) { cpumask_set_cpu nosuch(mm(u)); }\n", NULL, XP, 2, 24,
	  "unknown CPU mask 'nosuch'" },
	{ PH "f(u) { cpumask_set_cpu mm_cpumask(u); }\n", "f(U)", XP, 2, 35,
	  "'mm_cpumask' is kept per mm: mm_cpumask(mm(u)) (in f(U), called "
	  "at "
	  "t.flush:4:2)" },
	{ PH "f(p) { cpumask_set_cpu mm_cpumask(mm(kaddr(p))); }\n", "f(P)", XP,
	  2, 38, "mm(u): u must be a user mapping (in f(P), called at "
	  "t.flush:4:2)" },

/* functions and parameters */
	{ PH "f(p) { }\ng(p) { }\nf(q) { dsb; }\n", NULL, XP, 4, 1,
	  "function 'f' is defined twice" },
	{ PH "f(p,) { }\n", NULL, XP, 2, 5, "expected a parameter name" },
	{ PH "f(3) { }\n", NULL, XP, 2, 3, "expected a parameter name" },
	{ PH "f(p q) { }\n", NULL, XP, 2, 5,
	  "expected ',' or ')' in the parameters" },
	{ PH "f p) { }\n", NULL, XP, 2, 3,
	  "expected '(' after the function name, found 'p'" },
	{ PH "f(p, u, p) { }\n", NULL, XP, 2, 9,
	  "parameter 'p' appears twice" },
	{ PH "f(p)\n  dsb;\n", NULL, XP, 3, 3,
	  "expected '{' to open the body of f" },
	{ PH "f(p) { }\n}\n", NULL, XP, 3, 1,
	  "expected a flag declaration or a function" },

	/* statements */
	/* a set_pte_at that never writes the PTE, itself or by a call */
	{ PH "set_pte_at(u) {\n  if (exec(u)) dsb;\n}\n", NULL, XP, 2, 1,
	  "set_pte_at(u) never runs pte.set u: every fault would wait for "
	  "ever" },
	{ PH "g(u) { dsb; }\nset_pte_at(u) { g(u); }\n", NULL, XP, 3, 1,
	  "set_pte_at(u) never runs pte.set u" },
	{ PH "f(p) {\n  dsb\n  isb;\n}\n", NULL, XP, 3, 6,
	  "expected ';' after the statement: missing at the end of this "
	  "line" },
	{ PH "f(p) {\n  dsb isb;\n}\n", NULL, XP, 3, 7,
	  "expected ';' after the statement, found 'isb'" },
	{ PH "f(u) {\n  if (exec(u)) pte.set u\n}\n", NULL, XP, 3, 25,
	  "expected ';' after the statement: missing at the end of this "
	  "line" },
	{ PH "f(u) {\n  if (exec(u) ic.inv.all;\n}\n", NULL, XP, 3, 15,
	  "expected ')', found 'ic.inv.all'" },
	{ PH "f(p) {\n  flush_dcache_page(p;\n}\n", NULL, XP, 3, 22,
	  "expected ')', found ';'" },
	{ PH "f(p) {\n  dc.flsh kaddr(p);\n}\n", NULL, XP, 3, 3,
	  "unknown statement 'dc.flsh'" },
	{ PH "f(p) {\n  3;\n}\n", NULL, XP, 3, 3, "expected a statement" },
	{ PH "f(p) {\n  dsb;\n", NULL, XP, 4, 1, "missing '}'" },
	{ PH "f(p) {\n  if (mapped(p)) {\n    dsb;\n}\n", NULL, XP, 6, 1,
	  "missing '}'" },

	/* calls: checked at load, also in functions no scenario calls */
	{ PH "f(p) {\n  dsb;\n  flush_dcache_pages(p);\n}\n", NULL, XP, 4, 3,
	  "unknown function 'flush_dcache_pages'" },
	{ PH "f(u) {\n  set_pte_at(u, u);\n}\n", NULL, XP, 3, 3,
	  "set_pte_at takes 1 argument, not 2" },
	{ PH "g(a, b) { }\nf(p) {\n  g(p);\n}\n", NULL, XP, 4, 3,
	  "g takes 2 arguments, not 1" },
	/* an API function redefined with another arity: at the definition,
	 * not at the built-in caller (kernel/linux.pol calls it) */
	{ PH "flush_dcache_page(p, q) {\n  dsb;\n}\n", NULL, XP, 2, 1,
	  "flush_dcache_page must take 1 argument, as in "
	  "<built-in asm-generic.pol>, not 2" },
	{ PH "f(p) {\n  if (mapped(p))\n    f(p);\n}\n", NULL, XP, 4, 5,
	  "recursive call of 'f'" },
	{ PH "f(p) {\n  g(p);\n}\ng(p) {\n  h(p);\n}\nh(p) {\n  f(p);\n}\n",
	  NULL, XP, 9, 3, "recursive call of 'f'" },

	/* flags in statements and conditions */
	{ PH "f(p) {\n  set dirty(p);\n}\n", NULL, XP, 3, 7,
	  "unknown flag 'dirty'" },
	{ PH "f(p) {\n  clear dirty(p);\n}\n", NULL, XP, 3, 9,
	  "unknown flag 'dirty'" },
	{ PH "f(p) {\n  wait dirty(p);\n}\n", NULL, XP, 3, 8,
	  "unknown flag 'dirty'" },
	{ PH "f(p) {\n  lock dirty(p);\n}\n", NULL, XP, 3, 8,
	  "unknown flag 'dirty'" },
	{ PH "f(p) {\n  unlock dirty(p);\n}\n", NULL, XP, 3, 10,
	  "unknown flag 'dirty'" },
	{ PH "f(p) {\n  test_and_set dirty(p);\n}\n", NULL, XP, 3, 16,
	  "unknown flag 'dirty'" },
	{ PH "f(p) {\n  if (dirty(p)) dsb;\n}\n", NULL, XP, 3, 7,
	  "unknown flag or builtin 'dirty'" },
	{ PH "f(p) {\n  if (!test_and_set dirty(p)) dsb;\n}\n", NULL, XP, 3,
	  21, "unknown flag 'dirty'" },
	{ PH "f(p) {\n  set dirty(p, p);\n}\n", NULL, XP, 3, 7,
	  "a flag takes one page: dirty(p)" },

	/* test_and_set where it would not always run: when inlined */
	{ PH "flag dirty\nf(p) {\n  if (mapped(p) && test_and_set dirty(p))\n"
	  "    dsb;\n}\n", "f(P)", XP, 4, 33,
	  "test_and_set where it would not always run" },
	{ PH "flag dirty\nf(u) {\n"
	  "  if (present(u) || !test_and_set dirty(page(u))) dsb;\n}\n",
	  "f(U)", XP, 4, 35, "test_and_set where it would not always run" },
	{ PH "f(p) { }\n", "if (mapped(P) && test_and_set locked(P)) { dsb; }",
	  "t.flush", 4, 32, "test_and_set where it would not always run" },

	/* on_each_cpu */
	{ PH "f(p) {\n  on_each_cpu {\n    on_each_cpu { dc.flush kaddr(p); }\n"
	  "  }\n}\n", "f(P)", XP, 4, 5, "on_each_cpu inside on_each_cpu" },
	{ PH "g(p) {\n  on_each_cpu { dsb; }\n}\n"
	  "f(p) {\n  on_each_cpu { g(p); }\n}\n", "f(P)", XP, 3, 3,
	  "on_each_cpu inside on_each_cpu" },
	{ PH "flag ready\nf(p) {\n  on_each_cpu {\n    wait ready(p);\n  }\n}\n",
	  "f(P)", XP, 5, 5, "wait in on_each_cpu" },
	{ PH "f(p) {\n  on_each_cpu { lock locked(p); }\n}\n", "f(P)", XP, 3, 17,
	  "lock in on_each_cpu" },
	{ PH "flag done\nf(p) {\n  on_each_cpu {\n    test_and_set done(p);\n"
	  "  }\n}\n", "f(P)", XP, 5, 5, "test_and_set in on_each_cpu" },
	{ PH "f(p) {\n  on_each_cpu {\n    d = ld kaddr(p);\n  }\n}\n", "f(P)",
	  XP, 4, 5, "ld in on_each_cpu: an IPI handler" },

	/* the rest only shows when a function is inlined */
	{ PH "f(p) { }\n", "return", "t.flush", 4, 2,
	  "return outside a function" },
	{ PH "f(p) {\n  dc.flush kaddr(p, p);\n}\n", "f(P)", XP, 3, 12,
	  "kaddr() takes 1 argument" },
	{ PH "f(u) {\n  if (dcache_aliases(u)) dsb;\n}\n", "f(U)", XP, 3, 7,
	  "dcache_aliases() takes 0 arguments" },
	{ PH "f(u) {\n  dc.flush alias(u);\n}\n", "f(U)", XP, 3, 12,
	  "alias() takes 2 arguments" },
	{ PH "f(u) {\n  if (present(u, u)) dsb;\n}\n", "f(U)", XP, 3, 7,
	  "present() takes 1 argument" },
	{ PH "f(p) {\n  pte.set kaddr(p);\n}\n", "f(P)", XP, 3, 11,
	  "'K' is a kernel mapping" },
	{ PH "f(u) {\n  pte.clear alias(page(u), u);\n}\n", "f(U)", XP, 3, 13,
	  "'tmpalias(P,U)' is a kernel mapping" },
	{ PH "f(p) {\n  for u in mapped(p) dsb;\n}\n", "f(P)", XP, 3, 12,
	  "for loops go over users(p)" },
	{ PH "f(p) {\n  dc.flush kaddr(q);\n}\n", "f(P)", XP, 3, 18,
	  "unknown page 'q'" },
	/* the scenario's names are not the policy's */
	{ PH "f(p) {\n  dc.flush K;\n}\n", "f(P)", XP, 3, 12,
	  "unknown mapping 'K'" },
	{ PH "f(p) {\n  if (p) dsb;\n}\n", "f(P)", XP, 3, 7,
	  "expected a condition" },
	{ PH "f(u) {\n  if (exec(page(u))) dsb;\n}\n", "f(U)", XP, 3, 12,
	  "exec(u): u must be a mapping" },
};

static const struct bad_kernel bad_kernel[] = {
	/* recursion through the kernel file: where the kernel calls back */
	{ { PH "flush_dcache_page(p) {\n  write(p, new);\n}\n", NULL, LINUX,
	    0, 0, "recursive call of 'flush_dcache_page'" },
	  "write_flush_user(p) {", "flush_dcache_page(p);" },
	/* the kernel's read() has a local */
	{ { PH "f(p) {\n  on_each_cpu { read(p); }\n}\n", "f(P)", LINUX, 0,
	    0, "ld in on_each_cpu: an IPI handler" },
	  "read(p) {", "d = ld kaddr(p);" },
};

static int check_diag(size_t i, const char *stage, const struct diag *d,
		      const struct bad *b)
{
	if (d->line == b->line && d->col == b->col && d->file &&
	    !strcmp(d->file, b->file) && strstr(d->msg, b->msg))
		return 0;
	print_error("row %zu (%s): got %s:%d:%d: %s\n"
		    "        want %s:%d:%d: ...%s...\n", i, stage, dfile(d),
		    d->line, d->col, d->msg, b->file, b->line, b->col, b->msg);
	return 1;
}

/* One row: 0 if it fails where it should; counts where it was found. */
static int bad_row(size_t i, const struct bad *b, int *at_load,
		   int *at_compile)
{
	struct pl l;
	char src[1024];
	int failed = 0;

	memset(&l, 0, sizeof l);
	if (polset_load(&l.a, &l.ps, NULL, "x.pol", b->pol, &l.d)) {
		failed = check_diag(i, "at load", &l.d, b);
		++*at_load;
	} else if (!b->call) {
		print_error("row %zu: loaded, want %s:%d:%d: %s\n", i,
			    b->file, b->line, b->col, b->msg);
		failed = 1;
	} else {
		snprintf(src, sizeof src, SC_BAD, b->call);
		l.p = scenario_load(&l.a, "t.flush", src, NULL, &l.ps, &l.d);
		if (l.p) {
			print_error("row %zu: compiled, want %s:%d:%d: %s\n",
				    i, b->file, b->line, b->col, b->msg);
			failed = 1;
		} else {
			failed = check_diag(i, "when inlined", &l.d, b);
			++*at_compile;
		}
	}
	arena_free(&l.a);
	return failed;
}

static void malformed_policies(void **st)
{
	int failed = 0, at_load = 0, at_compile = 0;

	(void)st;
	assert_true(NELEM(bad) >= 22);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		failed += bad_row(i, &bad[i], &at_load, &at_compile);
	for (size_t i = 0; i < sizeof bad_kernel / sizeof bad_kernel[0]; i++) {
		struct bad b = bad_kernel[i].b;

		kernel_pos(bad_kernel[i].kfn, bad_kernel[i].kstmt, &b.line,
			   &b.col);
		failed += bad_row(NELEM(bad) + i, &b, &at_load, &at_compile);
	}
	assert_int_equal(failed, 0);
	assert_true(at_load >= 22);
	assert_true(at_compile >= 1);
}

/* set_pte_at may write the PTE through a function it calls. */
static void set_pte_at_through_a_call(void **st)
{
	static const char pol[] =
		PH "g(u) { if (exec(u)) dsb; pte.set u; }\n"
		"set_pte_at(u) { g(u); }\n";
	struct arena a = { 0 };
	struct polset ps;
	struct diag d = { 0 };

	(void)st;
	assert_int_equal(polset_load(&a, &ps, NULL, XP, pol, &d), 0);
	arena_free(&a);
}

/* A policy that loads and compiles, before the table's rows break it. */
static void malformed_rows_have_a_good_twin(void **st)
{
	/* the same shapes, correct: tas first, flags declared, no nesting */
	static const char pol[] =
		PH "flag dirty\n"
		"f(p) {\n"
		"  if (test_and_set dirty(p) && mapped(p)) dsb;\n"
		"  if (!mapped(p) || dirty(p)) isb;\n"
		"  on_each_cpu { dc.flush kaddr(p); }\n"
		"  set dirty(p); clear dirty(p); wait dirty(p);\n"
		"  lock dirty(p); unlock dirty(p);\n"
		"}\n";
	struct pl l;
	char src[1024];

	(void)st;
	snprintf(src, sizeof src, SC_BAD, "f(P)");
	pol_scen(&l, pol, src);
	assert_int_equal(l.p->nipis, 1);
	arena_free(&l.a);
}

/* ---- robustness -------------------------------------------------------- */

static int count_lines(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Every prefix of a policy that uses every construct (copied to a buffer
 * of its exact size, so that ASan sees a read past the end) loads, or
 * fails inside its text with a message; one that loads compiles a
 * scenario calling into it, or fails with a position.
 */
static void every_prefix_of_a_policy(void **st)
{
	static const char rich[] =
		"POLICY rich\n"
		"\"every construct\"\n"
		"flag dcache_clean\n"
		"flag once;\n"
		"flush_dcache_page(p) {\n"
		"  if (!mapped(p)) { clear dcache_clean(p); return; }\n"
		"  for u in users(p) if (present(u)) dc.flush alias(p, u);\n"
		"  dc.flush kaddr(p);\n"
		"  set dcache_clean(p);\n"
		"}\n"
		"set_pte_at(u) {\n"
		"  if (exec(u) && !dcache_clean(page(u)) || dcache_aliases()) {\n"
		"    dc.flush kaddr(page(u));\n"
		"    set dcache_clean(page(u));\n"
		"  } else dsb;\n"
		"  if (!test_and_set once(page(u))) on_each_cpu { ic.inv.all.local; }\n"
		"  pte.set u;\n"
		"}\n"
		"dma_map(p, dir) { if (dir == to_device) dc.clean kaddr(p); }\n"
		"update_mmu_cache(u) { x = ld u; st kaddr(page(u)) = x; }\n";
	static const char scen_src[] =
		"FLUSH t\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0 | P1 ;\n fault(U) | pio_read_flush(P, new) ;\n"
		" dma_write_out(P) | ;\n";
	size_t len = strlen(rich);
	int loaded = 0;

	(void)st;
	for (size_t n = 0; n <= len; n++) {
		char *buf = malloc(n + 1);
		struct pl l;

		assert_non_null(buf);
		memcpy(buf, rich, n);
		buf[n] = '\0';
		memset(&l, 0, sizeof l);
		if (polset_load(&l.a, &l.ps, NULL, "x.pol", buf, &l.d)) {
			assert_non_null(l.d.file);
			assert_string_equal(l.d.file, "x.pol");
			assert_true(l.d.line >= 1);
			assert_true(l.d.line <= count_lines(buf));
			assert_true(l.d.col >= 1);
			assert_true(l.d.msg[0] != '\0');
		} else {
			loaded++;
			l.p = scenario_load(&l.a, "t.flush", scen_src, NULL,
					    &l.ps, &l.d);
			if (!l.p) {
				assert_non_null(l.d.file);
				assert_true(l.d.line >= 1);
				assert_true(l.d.col >= 1);
				assert_true(l.d.msg[0] != '\0');
			}
		}
		arena_free(&l.a);
		free(buf);
	}
	/* the whole text loads, and the prefixes that end between items */
	assert_true(loaded >= 8);
}

/* ---- call semantics, through the explorer ------------------------------ */

static const char sem_pol[] =
	"POLICY sem\n"
	"flag started\n"
	"flag go\n"
	"flag busy\n"
	"flag ready\n"
	"flag done\n"
	"store_clean(p, v) { st kaddr(p) = v; dc.clean kaddr(p); }\n"
	"store_twice(p) { st kaddr(p) = mid; st kaddr(p) = new; }\n"
	"pick(p) {\n"
	"  set started(p);\n"
	"  if (go(p)) st kaddr(p) = yes; else st kaddr(p) = no;\n"
	"}\n"
	"release(p) { wait started(p); set go(p); }\n"
	"enter(p) { lock busy(p); }\n"
	"leave(p) { unlock busy(p); }\n"
	"inv_local() { ic.inv.all; }\n"
	"inv_ipi() { on_each_cpu { ic.inv.all.local; } }\n"
	"clean_ipi(p) { on_each_cpu { dc.clean.local kaddr(p); } }\n"
	"flush_user(u) { dc.flush alias(page(u), u); }\n"
	"flush_kernel(u) { dc.flush kaddr(page(u)); }\n";

/* No speculation, to keep the searches small. */
#define QUIET "prefetch = none\ndprefetch = none\n"

struct sem {
	unsigned violated;
	enum obs_word obs;
	uint64_t npos;
};

/*
 * Run src under sem_pol.  If trace is given, the steps of the first
 * counterexample go there as "AGENT:TEXT / AGENT:TEXT ...".
 */
static struct sem run_sem(const char *src, char *trace, size_t len)
{
	struct pl l;
	struct result r;
	struct search_limits lim = { 0 };
	struct sem s;

	pol_scen(&l, sem_pol, src);
	assert_int_equal(check_run(l.p, "sem", &lim, &r), 0);
	assert_false(r.incomplete);
	s.violated = r.violated;
	s.obs = r.has_cond ? result_observation(&r) : OBS_NONE;
	s.npos = r.npos;
	if (trace) {
		trace[0] = '\0';
		for (int k = 0; r.ntraces && k < r.traces[0].nsteps; k++)
			app(trace, len, "%s%d:%s", k ? " / " : "",
			    r.traces[0].steps[k].agent,
			    r.traces[0].steps[k].text);
	}
	check_free(&r);
	arena_free(&l.a);
	return s;
}

/* mm flags, and cpumask_test_and_clear_cpu as a condition (one step) */
static const char mm_pol[] =
	"POLICY mmt\n"
	"mmflag forced\n"
	"cpumask stale\n"
	"force(u) { set forced(mm(u)); }\n"
	"unforce(u) { clear forced(mm(u)); }\n"
	"mark(u) { cpumask_setall stale(mm(u)); }\n"
	"take(u, v) { if (cpumask_test_and_clear_cpu stale(mm(u)))"
	" st kaddr(page(u)) = v; }\n"
	"storeif(u) { if (forced(current_mm())) st kaddr(page(u)) = yes; }\n";

static enum obs_word run_mm(const char *cells, const char *cond)
{
	struct pl l;
	struct result r;
	struct search_limits lim = { 0 };
	char src[512];
	enum obs_word o;

	snprintf(src, sizeof src, "FLUSH t\nmachine = cortex-a9\ncpus = 1\n" QUIET
		 "{ page P = old; kernel K = P; user U = P @ 0x8000 rx mm 1;"
		 " thread P0 mm 1; }\n P0 ;\n%s r0 = ld K ;\n%s\n", cells, cond);
	pol_scen(&l, mm_pol, src);
	assert_int_equal(check_run(l.p, "mmt", &lim, &r), 0);
	assert_false(r.incomplete);
	o = result_observation(&r);
	check_free(&r);
	arena_free(&l.a);
	return o;
}

static void mm_flags_and_test_and_clear(void **st)
{
	(void)st;
	/* set FLAG(mm), clear FLAG(mm), FLAG(mm) as a condition */
	assert_int_equal(run_mm(" force(U) ;\n storeif(U) ;\n",
				"forall (P0:r0 = yes)"), OBS_ALWAYS);
	assert_int_equal(run_mm(" force(U) ;\n unforce(U) ;\n storeif(U) ;\n",
				"exists (P0:r0 = yes)"), OBS_NEVER);
	/* the first test_and_clear finds the bit and clears it */
	assert_int_equal(run_mm(" mark(U) ;\n take(U, one) ;\n take(U, two) ;\n",
				"forall (P0:r0 = one)"), OBS_ALWAYS);
	assert_int_equal(run_mm(" take(U, one) ;\n",
				"forall (P0:r0 = old)"), OBS_ALWAYS);
}

/*
 * lazy_mm() in switch_mm(): the CPU the thread moves to already has its
 * mm active (an idle CPU's `cpu N mm M`).  One thread of mm 1, cpus 0,1:
 * preempt_point; st K = new, under a switch_mm() that cleans this CPU's
 * D-cache unless lazy.  Stay: start, st, evict: 4 states with the start.
 * Move: at switch_mm (1), then the clean if CPU1 is on init_mm (1), the
 * switch step (1), st (1), evict (1): 9; with CPU1 idling in mm 1 no
 * clean: 8.
 */
static uint64_t run_lazy(const char *cpu1)
{
	static const char pol[] = "POLICY lz\n"
		"switch_mm() { if (!lazy_mm()) dc.clean.all; }\n";
	struct pl l;
	struct result r;
	struct search_limits lim = { 0 };
	char src[512];
	uint64_t n;

	snprintf(src, sizeof src, "FLUSH t\nmachine = cortex-a9\ncpus = 2\n"
		 QUIET "{ page P = old; kernel K = P; user U = P @ 0x8000 rx mm 1;"
		 " thread P0 mm 1 cpus 0,1; %s }\n P0 ;\n preempt_point ;\n"
		 " st K = new ;\n", cpu1);
	pol_scen(&l, pol, src);
	assert_int_equal(check_run(l.p, "lz", &lim, &r), 0);
	assert_false(r.incomplete);
	n = r.stats.states;
	check_free(&r);
	arena_free(&l.a);
	return n;
}

static void lazy_mm_in_switch_mm(void **st)
{
	(void)st;
	assert_int_equal(run_lazy(""), 9);
	assert_int_equal(run_lazy("cpu 1 mm 1;"), 8);
}

/* (a) another CPU runs between two ops of one policy function */
static void calls_interleave(void **st)
{
	char tr[1024];
	struct sem s;

	(void)st;
	/*
	 * The device reads memory after the store and before the clean: the
	 * stale-dma oracle can only fire in between.
	 */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0 | P1 ;\n store_clean(P, new) | r0 = dma.read P ;\n"
		    "exists (P1:r0 = old)\n", tr, sizeof tr);
	assert_int_equal(s.violated, OR(OR_STALE_DMA));
	assert_int_equal(s.obs, OBS_SOMETIMES);
	/* the counterexample names the policy op the device ran after */
	assert_non_null(strstr(tr,
			       "0:store_clean(P, new): st K = new / -1:"));
	assert_non_null(strstr(tr, "dma.read P"));

	/* a load between two stores sees the first */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0 | P1 ;\n store_twice(P) | r0 = ld K ;\n"
		    "exists (P1:r0 = mid)\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_SOMETIMES);
}

/* (b) a branch is decided when the next op runs, not earlier */
static void branches_see_the_state_of_the_moment(void **st)
{
	/*
	 * pick() sets `started` and then branches on `go`; release() sets go
	 * only after started.  Had the branch been decided with the op
	 * before it, go would always be clear and `yes` impossible.
	 */
	static const char src[] =
		"FLUSH t\nmachine = cortex-a9\n" QUIET
		"dcache = pipt 32K 4 wt coherent\n"
		"{ page P = old; kernel K = P; }\n"
		" P0 | P1 ;\n pick(P) | release(P) ;\n"
		"exists ([P] = %s)\n";
	char buf[512];
	struct sem s;

	(void)st;
	snprintf(buf, sizeof buf, src, "yes");
	s = run_sem(buf, NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_SOMETIMES);
	snprintf(buf, sizeof buf, src, "no");
	s = run_sem(buf, NULL, 0);
	assert_int_equal(s.obs, OBS_SOMETIMES);
}

/* (c) wait and lock block; a flag nobody sets is a deadlock */
static void wait_and_lock_block(void **st)
{
	struct sem s;

	(void)st;
	/* fault() waits for uptodate: the load after it sees the read */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; user U = P @ 0x8000 rw absent; }\n"
		    " P0 | P1 ;\n fault(U) | pio_read(P, new) ;\n r0 = ld U | ;\n"
		    "forall (P0:r0 = new)\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_ALWAYS);
	/* the same without the wait */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; user U = P @ 0x8000 rw absent; }\n"
		    " P0 | P1 ;\n set_pte_at(U) | pio_read(P, new) ;\n"
		    " r0 = ld U | ;\nforall (P0:r0 = new)\n", NULL, 0);
	assert_int_equal(s.obs, OBS_SOMETIMES);
	/* nobody marks the page uptodate: fault() waits for ever */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; user U = P @ 0x8000 rw absent; }\n"
		    " P0 | P1 ;\n fault(U) | st K = new ;\n", NULL, 0);
	assert_int_equal(s.violated, OR(OR_DEADLOCK));

	/* lock: the two critical sections do not overlap */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0        | P1        ;\n"
		    " enter(P)  | enter(P)  ;\n"
		    " st K = a  | st K = b  ;\n"
		    " r0 = ld K | r1 = ld K ;\n"
		    " leave(P)  | leave(P)  ;\n"
		    "forall (P0:r0 = a /\\ P1:r1 = b)\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_ALWAYS);
	/* without it they do */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0        | P1        ;\n"
		    " st K = a  | st K = b  ;\n"
		    " r0 = ld K | r1 = ld K ;\n"
		    "forall (P0:r0 = a /\\ P1:r1 = b)\n", NULL, 0);
	assert_int_equal(s.obs, OBS_SOMETIMES);
	/* the kernel's write() takes the page lock and lets it go */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0 | P1 ;\n write(P, a) | write(P, b) ;\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	/* a lock never released */
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0 | P1 ;\n enter(P) | enter(P) ;\n", NULL, 0);
	assert_int_equal(s.violated, OR(OR_DEADLOCK));
}

/* test_and_set is atomic: exactly one of two CPUs wins. */
static void test_and_set_is_atomic(void **st)
{
	struct sem s;

	(void)st;
	s = run_sem("FLUSH t\nmachine = cortex-a9\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0 | P1 ;\n"
		    " if (!test_and_set done(P)) { r0 = ld K; } |"
		    " if (!test_and_set done(P)) { r1 = ld K; } ;\n"
		    "exists (P0:r0 = old /\\ P1:r1 = old \\/"
		    " P0:r0 = 0 /\\ P1:r1 = 0)\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_NEVER);
}

/*
 * (d) on_each_cpu reaches a CPU blocked in wait: with local maintenance
 * only the IPI'd invalidation keeps CPU1 from running the code it had
 * cached before CPU0 rewrote it.
 */
static void on_each_cpu_reaches_blocked_cpu(void **st)
{
	static const char src[] =
		"FLUSH t\nmachine = arm11mpcore\n" QUIET
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx; }\n"
		" P0            | P1           ;\n"
		" wait ready(P) | r0 = exec U  ;\n"
		" pte.clear U   | set ready(P) ;\n"
		" st K = new    | wait done(P) ;\n"
		" dc.clean K    | r1 = exec U  ;\n"
		" %s            |              ;\n"
		" set_pte_at(U) |              ;\n"
		" set done(P)   |              ;\n"
		"exists (P1:r1 = old)\n";
	char buf[1024];
	struct sem s;

	(void)st;
	snprintf(buf, sizeof buf, src, "inv_local()");
	s = run_sem(buf, NULL, 0);
	assert_int_equal(s.violated, OR(OR_STALE_FETCH));
	assert_int_equal(s.obs, OBS_SOMETIMES);

	snprintf(buf, sizeof buf, src, "inv_ipi()");
	s = run_sem(buf, NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_NEVER);
}

/*
 * The handler runs on a CPU whose thread has finished and on one with no
 * thread at all, and the caller goes on only after both: its store after
 * the call is always the last.
 */
static void on_each_cpu_caller_waits_for_all(void **st)
{
	struct sem s;

	(void)st;
	s = run_sem("FLUSH t\nmachine = cortex-a9\ncpus = 3\n" QUIET
		    "dcache = pipt 32K 4 wb private\nmaint = local\n"
		    "{ page P = old; kernel K = P; }\n"
		    " P0              | P1           ;\n"
		    " wait ready(P)   | st K = new   ;\n"
		    " clean_ipi(P)    | set ready(P) ;\n"
		    " r0 = dma.read P |              ;\n"
		    "forall (P0:r0 = new)\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_ALWAYS);

	/* two CPUs in on_each_cpu at once serve each other's IPIs */
	s = run_sem("FLUSH t\nmachine = arm11mpcore\n" QUIET
		    "{ page P = old; kernel K = P; }\n"
		    " P0        | P1        ;\n"
		    " inv_ipi() | inv_ipi() ;\n"
		    "exists ([P] = old)\n", NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_ALWAYS);
	assert_true(s.npos > 0);
}

/* A flush through alias(p, u) reaches u's colour; through kaddr it may not. */
static void alias_flush_reaches_user_colour(void **st)
{
	static const char src[] =
		"FLUSH t\nmachine = arm1136\n" QUIET
		"{ page P = old; kernel K = P; user U = P @ 0x9000 rw; }\n"
		" P0 ;\n st U = new ;\n %s(U) ;\n r0 = ld K ;\n"
		"forall (P0:r0 = new)\n";
	char buf[512];
	struct sem s;

	(void)st;
	snprintf(buf, sizeof buf, src, "flush_user");
	s = run_sem(buf, NULL, 0);
	assert_int_equal(s.violated, 0);
	assert_int_equal(s.obs, OBS_ALWAYS);
	snprintf(buf, sizeof buf, src, "flush_kernel");
	s = run_sem(buf, NULL, 0);
	assert_int_equal(s.violated, OR(OR_STALE_LOAD));
	assert_int_equal(s.obs, OBS_SOMETIMES);
}

/* ---- bugs found here, fixed, and kept fixed ---------------------------- */

/*
 * The second on_each_cpu block of a thread must run handler #1 on the
 * other CPUs (model.c once ran #0 for every block): CPU1's dirty Q is
 * cleaned only by the second block.
 */
static void second_on_each_cpu_runs_its_own_handler(void **st)
{
	struct pl l;
	struct result r;
	struct search_limits lim = { 0 };

	(void)st;
	pol_scen(&l, "POLICY t\nflag ready\n"
		 "a(p) { on_each_cpu { dc.clean.local kaddr(p); } }\n"
		 "b(p) { on_each_cpu { dc.clean.local kaddr(p); } }\n",
		 "FLUSH t\nmachine = cortex-a9\n" QUIET
		 "dcache = pipt 32K 4 wb private\nmaint = local\n"
		 "{ page P = old; page Q = old; kernel K = P; kernel KQ = Q; }\n"
		 " P0              | P1           ;\n"
		 " wait ready(P)   | st KQ = new  ;\n"
		 " a(P)            | set ready(P) ;\n"
		 " b(Q)            |              ;\n"
		 " r0 = dma.read Q |              ;\n"
		 "forall (P0:r0 = new)\n");
	assert_int_equal(check_run(l.p, "t", &lim, &r), 0);
	assert_int_equal(result_observation(&r), OBS_ALWAYS);
	check_free(&r);
	arena_free(&l.a);
}

/*
 * `return` in on_each_cpu: the handler's jump keeps target 0 (the model
 * then loops for ever in resolve()) and the patch meant for it lands on
 * the caller's op of the same index (here the branch, now skipping the
 * IPI wait).  Checked on the compiled code only: running it hangs.
 */
static void return_in_on_each_cpu(void **st)
{
	struct pl l;
	const struct program *p;

	(void)st;
	memset(&l, 0, sizeof l);
	if (polset_load(&l.a, &l.ps, NULL, "x.pol", "POLICY t\n"
			"f(p) {\n  on_each_cpu {\n    if (mapped(p)) return;\n"
			"    dc.flush.local kaddr(p);\n  }\n  dsb;\n}\n", &l.d))
		fail_msg("%d:%d: %s", l.d.line, l.d.col, l.d.msg);
	p = scenario_load(&l.a, "t.flush", "FLUSH t\n"
			  "{ page P; kernel K = P; user U = P @ 0x8000 rx; }\n"
			  " P0 | P1 ;\n f(P) | ;\n", NULL, &l.ps, &l.d);
	if (p) {
		/* every jump goes forward, and the IPI wait is reachable */
		for (int k = 0; k < p->nipis; k++)
			for (int i = 0; i < p->ipis[k].nops; i++)
				if (p->ipis[k].ops[i].kind == OP_JUMP ||
				    p->ipis[k].ops[i].kind == OP_BRANCH)
					assert_true(p->ipis[k].ops[i].target > i);
		for (int i = 0; i < p->threads[0].nops; i++)
			if (p->threads[0].ops[i].kind == OP_BRANCH)
				assert_true(p->threads[0].ops[i].target <= 3);
	} else {
		/* or rejected, at the return */
		assert_int_equal(l.d.line, 4);
		assert_int_equal(l.d.col, 20);
	}
	arena_free(&l.a);
}

/*
 * A handler reading a local of the caller reads the register file of the
 * CPU it runs on (here CPU1, which has none): [P] = 0 appears.
 */
static void handler_reads_caller_local(void **st)
{
	struct pl l;
	struct result r;
	struct search_limits lim = { 0 };

	(void)st;
	memset(&l, 0, sizeof l);
	if (polset_load(&l.a, &l.ps, NULL, "x.pol", "POLICY t\n"
			"f(p) {\n  d = ld kaddr(p);\n"
			"  on_each_cpu { st kaddr(p) = d; }\n}\n", &l.d))
		fail_msg("%d:%d: %s", l.d.line, l.d.col, l.d.msg);
	l.p = scenario_load(&l.a, "t.flush", "FLUSH t\nmachine = cortex-a9\n"
			    QUIET "dcache = pipt 32K 4 wt coherent\n"
			    "{ page P = old; kernel K = P; }\n"
			    " P0 | P1 ;\n f(P) | ;\nforall ([P] = old)\n",
			    NULL, &l.ps, &l.d);
	if (l.p) {
		assert_int_equal(check_run(l.p, "t", &lim, &r), 0);
		assert_int_equal(result_observation(&r), OBS_ALWAYS);
		check_free(&r);
	} else {
		/* or rejected: a handler does no stores */
		assert_int_equal(l.d.line, 4);
		assert_int_equal(l.d.col, 17);
	}
	arena_free(&l.a);
}

/*
 * The program has room for 8 flags in all; the kernel file takes 2, so a
 * policy's 7th flag loads but is dropped: "unknown flag" when inlined.
 */
static void ninth_flag_rejected(void **st)
{
	struct pl l;

	(void)st;
	memset(&l, 0, sizeof l);
	if (polset_load(&l.a, &l.ps, NULL, "x.pol", "POLICY t\n"
			"flag a1\nflag a2\nflag a3\nflag a4\nflag a5\n"
			"flag a6\nflag a7\nf(p) { set a7(p); }\n", &l.d)) {
		/* rejected at load, at the flag too many: fine */
		assert_int_equal(l.d.line, 8);
		assert_int_equal(l.d.col, 6);
	} else {
		l.p = scenario_load(&l.a, "t.flush", "FLUSH t\n{ page P; }\n"
				    " P0 ;\n f(P) ;\n", NULL, &l.ps, &l.d);
		if (!l.p)
			fail_msg("%s:%d:%d: %s", dfile(&l.d), l.d.line,
				 l.d.col, l.d.msg);
	}
	arena_free(&l.a);
}

/* ---- hostile policies (limits.h) --------------------------------------- */

/* Load pol; 0 if it loaded, else the error in l->d. */
static int try_pol(struct pl *l, const char *pol)
{
	memset(l, 0, sizeof *l);
	return polset_load(&l->a, &l->ps, NULL, "x.pol", pol, &l->d);
}

static void want_diag(const struct pl *l, int line, int col, const char *msg)
{
	if (l->d.line != line || l->d.col != col || !strstr(l->d.msg, msg))
		fail_msg("got %s:%d:%d: %s, want %d:%d: ...%s...", dfile(&l->d),
			 l->d.line, l->d.col, l->d.msg, line, col, msg);
}

/*
 * Nesting in a function body: ifs, blocks, `!` in a condition.  The body
 * starts on line 2 at column 8 ("f(p) { "); 100,000 levels would
 * overflow the stack without FC_MAX_NEST.
 */
static void policy_nesting_is_bounded(void **st)
{
	static const char *const shapes[][3] = {
		/* open, innermost, close; columns of one `open` */
		{ "if (mapped(p)) ", "dsb;", "" },
		{ "{ ", "dsb;", " }" },
		{ "if (", "mapped(p)) dsb;", "" },
	};
	static const int width[] = { 15, 2, 0 };

	(void)st;
	for (int k = 0; k < 3; k++) {
		struct pl l;
		struct gen g;
		int n = k == 2 ? 100000 : 100000;

		memset(&g, 0, sizeof g);
		put(&g, "POLICY t\nf(p) { ");
		if (k == 2) {
			put(&g, "if (");
			for (int i = 0; i < n; i++)
				put(&g, "!");
			put(&g, "mapped(p)) dsb;");
		} else {
			for (int i = 0; i < n; i++)
				put(&g, "%s", shapes[k][0]);
			put(&g, "%s", shapes[k][1]);
			for (int i = 0; i < n; i++)
				put(&g, "%s", shapes[k][2]);
		}
		put(&g, " }\n");
		assert_int_not_equal(try_pol(&l, g.s), 0);
		/* the body's '{' is a level: FC_MAX_NEST - 1 more fit */
		if (k == 0)	/* mapped( of the last if that fits */
			want_diag(&l, 2, 8 + (FC_MAX_NEST - 2) * width[k] + 11,
				  "nested too deeply");
		else if (k == 1)
			want_diag(&l, 2, 8 + (FC_MAX_NEST - 1) * width[k],
				  "nested too deeply");
		else	/* body, if: "if (" then one column per '!' */
			want_diag(&l, 2, 12 + FC_MAX_NEST - 2,
				  "nested too deeply");
		arena_free(&l.a);
		free(g.s);
	}
}

/* A chain of n functions, f1 calling f2 calling ..., one per line. */
static char *call_chain(int n)
{
	struct gen g;

	memset(&g, 0, sizeof g);
	put(&g, "POLICY t\n");
	for (int i = 1; i < n; i++)
		put(&g, "f%d(p) { f%d(p); }\n", i, i + 1);
	put(&g, "f%d(p) { dsb; }\n", n);
	return g.s;
}

/*
 * One rule, one number: a chain of FC_MAX_CALL_DEPTH functions loads
 * and compiles, one more is refused when the policy is loaded (it was 64
 * at load and 32 when inlined), at the call that goes past it.
 */
static void call_depth_is_one_rule(void **st)
{
	struct pl l;
	char *pol = call_chain(FC_MAX_CALL_DEPTH);
	char src[512];

	(void)st;
	snprintf(src, sizeof src, SC_BAD, "f1(P)");
	pol_scen(&l, pol, src);
	/* one dsb after 32 inlined calls */
	assert_int_equal(l.p->threads[0].nops, 1);
	arena_free(&l.a);
	free(pol);

	pol = call_chain(FC_MAX_CALL_DEPTH + 1);
	assert_int_not_equal(try_pol(&l, pol), 0);
	/* f32's call of f33, on line 33 at column 10 */
	want_diag(&l, FC_MAX_CALL_DEPTH + 1, 10, "calls nested too deeply "
		  "(more than 32)");
	arena_free(&l.a);
	free(pol);
}

/*
 * Functions that each call the next twice: f1 costs 2^n statements to
 * inline and may emit no op (a static if).  The load-time check walks
 * each function once (it walked 2^30 calls here, for minutes); the
 * compiler stops at the innermost call being inlined when the thread's
 * cost passes FC_MAX_INLINE_COST (without it, 2^31 statements).
 */
static void exponential_inlining_is_bounded(void **st)
{
	struct pl l;
	struct gen g;
	char src[512];
	int n = 30;	/* a chain of 30 calls: within FC_MAX_CALL_DEPTH */

	(void)st;
	memset(&g, 0, sizeof g);
	put(&g, "POLICY t\n");
	for (int i = 1; i < n; i++)
		put(&g, "f%d(p) { f%d(p); f%d(p); }\n", i, i + 1, i + 1);
	put(&g, "f%d(p) { if (false) dsb; }\n", n);
	pol_load(&l, g.s);
	snprintf(src, sizeof src, SC_BAD, "f1(P)");
	l.p = scenario_load(&l.a, "t.flush", src, NULL, &l.ps, &l.d);
	assert_null(l.p);
	assert_string_equal(dfile(&l.d), "x.pol");
	assert_non_null(strstr(l.d.msg, "costs more than 16384 statements"));
	assert_non_null(strstr(l.d.msg, "called at t.flush:4:2"));
	/*
	 * Counted by hand (each statement once per time it is inlined:
	 * the cell's call 1, fK's body a block 1 and two calls of 1 plus
	 * the callee, f30's block and if 2): the count passes 16384 while
	 * a call of f27 is being inlined, written in f26 on line 27 (fK
	 * is on line K + 1).
	 */
	assert_int_equal(l.d.line, 27);
	arena_free(&l.a);
	free(g.s);
}

/*
 * A policy with CR or CRLF line ends is the same policy: before, a
 * CR-only file was one header line holding everything, with no function
 * and no error.
 */
static void policy_line_ends(void **st)
{
	static const char pol[] = "POLICY t\n\"doc\"\nflag f\n"
		"g(p) {\n  set f(p);\n}\nh(p) {\n  g(p);\n  bogus(p);\n}\n";
	const char *ends[] = { "\n", "\r\n", "\r" };

	(void)st;
	for (int e = 0; e < 3; e++) {
		struct pl l;
		struct gen g;
		const struct pol_file *f;

		memset(&g, 0, sizeof g);
		for (const char *c = pol; *c; c++)
			if (*c == '\n')
				put(&g, "%s", ends[e]);
			else
				put(&g, "%c", *c);
		memset(&l, 0, sizeof l);
		f = policy_parse(&l.a, "x.pol", g.s, &l.d);
		assert_non_null(f);
		assert_string_equal(f->name, "t");
		assert_string_equal(f->doc, "doc");
		assert_int_equal(f->nflags, 1);
		assert_int_equal(f->nfuncs, 2);
		assert_non_null(pol_find(f, "h"));
		arena_free(&l.a);
		/* and the unknown function is found on line 9 */
		assert_int_not_equal(try_pol(&l, g.s), 0);
		want_diag(&l, 9, 3, "unknown function 'bogus'");
		arena_free(&l.a);
		free(g.s);
	}
}

/* Function lookup by hash: every one of many functions is found. */
static void many_functions_are_found(void **st)
{
	struct pl l;
	struct gen g;
	const struct pol_file *f;
	int n = 5000;

	(void)st;
	memset(&g, 0, sizeof g);
	put(&g, "POLICY t\n");
	for (int i = 0; i < n; i++)
		put(&g, "g%d(p) { dsb; }\n", i);
	put(&g, "g17(p) { isb; }\n");
	memset(&l, 0, sizeof l);
	assert_null(policy_parse(&l.a, "x.pol", g.s, &l.d));
	want_diag(&l, n + 2, 1, "function 'g17' is defined twice");
	arena_free(&l.a);
	g.n -= strlen("g17(p) { isb; }\n");
	g.s[g.n] = 0;
	f = policy_parse(&l.a, "x.pol", g.s, &l.d);
	assert_non_null(f);
	for (int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof name, "g%d", i);
		assert_ptr_equal(pol_find(f, name), &f->funcs[i]);
	}
	assert_null(pol_find(f, "g5000"));
	assert_null(pol_find(f, "g"));
	arena_free(&l.a);
	free(g.s);
}


/* ---- policy bases, ordered flags, smp_call_function, dsb.st ----------- */

/*
 * `base arm64`: what the file does not define is arm64's (its flag too);
 * what it defines wins.  flush_icache_range is arm64's, with the barriers
 * of cache.S and the IPI of kick_all_cpus_sync() to the other CPU only.
 */
static void policy_base_inherits(void **st)
{
	static const char pol[] =
		"POLICY v\n\"arm64, PTE written first\"\nbase arm64\n"
		"set_pte_at(u) { pte.set u; set dcache_clean(page(u)); }\n";
	static const char *const p0[] = {
		"dc.clean K[0] | flush_icache_range(K) > arm64_flush_icache_range(K) > arm64_clean_dcache_pou(K): dc.clean K",
		"dsb | flush_icache_range(K) > arm64_flush_icache_range(K) > arm64_clean_dcache_pou(K): dsb",
		"ic.inv K[0] | flush_icache_range(K) > arm64_flush_icache_range(K): ic.inv K",
		"dsb | flush_icache_range(K) > arm64_flush_icache_range(K): dsb",
		"isb | flush_icache_range(K) > arm64_flush_icache_range(K): isb",
		"ipi #0 | flush_icache_range(K): smp_call_function: IPI",
		"ipi.wait #0 | flush_icache_range(K): smp_call_function: wait",
		"pte.set U | set_pte_at(U): pte.set U",
		"set dcache_clean(P) | set_pte_at(U): set dcache_clean(P)",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\nmachine = armv8\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0 ;\n flush_icache_range(K) ;\n set_pte_at(U) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	assert_int_equal(p->ipis[0].nops, 0);	/* do_nothing */
	arena_free(&l.a);
}

static void policy_base_errors(void **st)
{
	struct pl l;

	(void)st;
	memset(&l, 0, sizeof l);
	assert_int_not_equal(polset_load(&l.a, &l.ps, NULL, "x.pol",
		"POLICY v\n\"doc\"\nbase nosuch\n", &l.d), 0);
	assert_string_equal(dfile(&l.d), "x.pol");
	assert_int_equal(l.d.line, 3);
	assert_int_equal(l.d.col, 6);
	assert_string_equal(l.d.msg, "no built-in 'nosuch'");
	arena_free(&l.a);
	memset(&l, 0, sizeof l);
	assert_int_not_equal(polset_load(&l.a, &l.ps, NULL, "x.pol",
		"POLICY v\nbase\n", &l.d), 0);
	assert_string_equal(l.d.msg, "expected the base policy's name");
	arena_free(&l.a);
}

/*
 * A base's name is a file's: `base arm64-noisb` is one name, not arm64
 * minus noisb; `base riscv-6.9;` names riscv-6.9 (no such built-in), the
 * error at its first character.
 */
static void policy_base_dashed(void **st)
{
	static const char pol[] =
		"POLICY v\nbase arm64-noisb\n"
		"set_pte_at(u) { pte.set u; }\n";
	static const char *const p0[] = {
		"dc.clean K[0] | flush_icache_range(K) > arm64_flush_icache_range(K) > arm64_clean_dcache_pou(K): dc.clean K",
		"dsb | flush_icache_range(K) > arm64_flush_icache_range(K) > arm64_clean_dcache_pou(K): dsb",
		"ic.inv K[0] | flush_icache_range(K) > arm64_flush_icache_range(K): ic.inv K",
		"dsb | flush_icache_range(K) > arm64_flush_icache_range(K): dsb",
		"ipi #0 | flush_icache_range(K): smp_call_function: IPI",
		"ipi.wait #0 | flush_icache_range(K): smp_call_function: wait",
		"pte.set U | set_pte_at(U): pte.set U",
	};
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\nmachine = armv8\n"
		"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n"
		" P0 ;\n flush_icache_range(K) ;\n set_pte_at(U) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	arena_free(&l.a);
	memset(&l, 0, sizeof l);
	assert_int_not_equal(polset_load(&l.a, &l.ps, NULL, "x.pol",
		"POLICY v\nbase nosuch-6.9;\n", &l.d), 0);
	assert_int_equal(l.d.line, 2);
	assert_int_equal(l.d.col, 6);
	assert_string_equal(l.d.msg, "no built-in 'nosuch-6.9'");
	arena_free(&l.a);
}

/*
 * `flag NAME ordered` on its line; the kernel file's uptodate is; the
 * word on the next line is a function's name.
 */
static void ordered_flags(void **st)
{
	static const char pol[] =
		"POLICY v\nflag a ordered\nflag b\nordered(p) { set b(p); }\n";
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\n{ page P = old; }\n P0 ;\n set a(P) ;\n ordered(P) ;\n");
	unsigned want = 0;

	(void)st;
	for (int k = 0; k < p->nflags; k++)
		if (!strcmp(p->flags[k], "a") || !strcmp(p->flags[k], "uptodate"))
			want |= 1u << k;
	assert_int_equal(p->flag_ordered, want);
	assert_int_equal(__builtin_popcount(want), 2);
	arena_free(&l.a);
}

/* smp_call_function: the other CPUs only; dsb.st is its own op. */
static void smp_call_function_others_only(void **st)
{
	static const char pol[] =
		"POLICY v\nf(k) { smp_call_function { ic.inv.all; } dsb.st; }\n"
		"g(k) { on_each_cpu { ic.inv.all; } }\n";
	static const char *const p0[] = {
		"ipi #0 | f(K): smp_call_function: IPI",
		"ipi.wait #0 | f(K): smp_call_function: wait",
		"dsb.st | f(K): dsb.st",
		"ipi #1 | g(K): on_each_cpu: IPI",
		"ic.inv.all | g(K): ic.inv.all",
		"ipi.wait #1 | g(K): on_each_cpu: wait",
	};
	static const char *const h[] = { "ic.inv.all | f(K): ic.inv.all" };
	struct pl l;
	const struct program *p = pol_scen(&l, pol,
		"FLUSH t\nmachine = armv8\n{ page P = old; kernel K = P; }\n"
		" P0 ;\n f(K) ;\n g(K) ;\n");

	(void)st;
	CHECK_THREAD(p, 0, p0);
	CHECK_IPI(p, 0, h);
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_file_and_builtins),
		cmocka_unit_test(asm_generic_defaults),
		cmocka_unit_test(policy_overrides_generic),
		cmocka_unit_test(static_conditions_fold),
		cmocka_unit_test(dma_directions_fold),
		cmocka_unit_test(dynamic_conditions_branch),
		cmocka_unit_test(test_and_set_emits_tas),
		cmocka_unit_test(return_ends_the_function),
		cmocka_unit_test(for_users_unrolls),
		cmocka_unit_test(on_each_cpu_compiles),
		cmocka_unit_test(kaddr_creates_kernel_mapping),
		cmocka_unit_test(alias_is_congruent),
		cmocka_unit_test(locals_and_call_paths),
		cmocka_unit_test(malformed_policies),
		cmocka_unit_test(malformed_rows_have_a_good_twin),
		cmocka_unit_test(set_pte_at_through_a_call),
		cmocka_unit_test(every_prefix_of_a_policy),
		cmocka_unit_test(calls_interleave),
		cmocka_unit_test(mm_flags_and_test_and_clear),
		cmocka_unit_test(lazy_mm_in_switch_mm),
		cmocka_unit_test(branches_see_the_state_of_the_moment),
		cmocka_unit_test(wait_and_lock_block),
		cmocka_unit_test(test_and_set_is_atomic),
		cmocka_unit_test(on_each_cpu_reaches_blocked_cpu),
		cmocka_unit_test(on_each_cpu_caller_waits_for_all),
		cmocka_unit_test(alias_flush_reaches_user_colour),
		cmocka_unit_test(second_on_each_cpu_runs_its_own_handler),
		cmocka_unit_test(return_in_on_each_cpu),
		cmocka_unit_test(handler_reads_caller_local),
		cmocka_unit_test(ninth_flag_rejected),
		cmocka_unit_test(policy_nesting_is_bounded),
		cmocka_unit_test(call_depth_is_one_rule),
		cmocka_unit_test(exponential_inlining_is_bounded),
		cmocka_unit_test(policy_line_ends),
		cmocka_unit_test(many_functions_are_found),
		cmocka_unit_test(policy_base_inherits),
		cmocka_unit_test(policy_base_errors),
		cmocka_unit_test(policy_base_dashed),
		cmocka_unit_test(ordered_flags),
		cmocka_unit_test(smp_call_function_others_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
