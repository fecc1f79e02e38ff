/* SPDX-License-Identifier: MIT */
/*
 * policy.c - the .pol parser: header, flags, functions.  Bodies are
 * parsed into the AST of ast.h and compiled only when a scenario calls
 * them (compile.c), so that every call is inlined with its arguments.
 */
#include "policy.h"
#include "limits.h"
#include "suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct embedded {
	const char *name;
	const char *text;
};
extern const struct embedded fc_embedded_policies[];
extern const int fc_embedded_policie_count;

int builtin_policy_count(void)
{
	return fc_embedded_policie_count;
}

const char *builtin_policy_name(int i)
{
	return fc_embedded_policies[i].name;
}

const char *builtin_policy_text(const char *name)
{
	for (int i = 0; i < fc_embedded_policie_count; i++)
		if (!strcmp(fc_embedded_policies[i].name, name))
			return fc_embedded_policies[i].text;
	return NULL;
}

/* FNV-1a: names are short, and a hostile file gains nothing from
 * collisions but its own slower load (the probe is linear, bounded). */
static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

const struct pol_func *pol_find(const struct pol_file *f, const char *name)
{
	unsigned mask, k;

	if (!f || !f->hcap)
		return NULL;
	mask = (unsigned)f->hcap - 1;
	for (k = name_hash(name) & mask; f->hash[k]; k = (k + 1) & mask)
		if (!strcmp(f->funcs[f->hash[k] - 1].name, name))
			return &f->funcs[f->hash[k] - 1];
	return NULL;
}

/* Put funcs[i] in the table, which has room. */
static void hash_put(struct pol_file *f, int i)
{
	unsigned mask = (unsigned)f->hcap - 1;

	for (unsigned k = name_hash(f->funcs[i].name) & mask;; k = (k + 1) & mask)
		if (!f->hash[k]) {
			f->hash[k] = i + 1;
			return;
		}
}

/* Add funcs[i] to the table, doubling it at half full. */
static int hash_add(struct pol_file *f, int i)
{
	if (2 * (i + 1) > f->hcap) {
		int cap = f->hcap ? f->hcap * 2 : 64;
		int *h = calloc((size_t)cap, sizeof *h);

		if (!h)
			return -1;
		free(f->hash);
		f->hash = h;
		f->hcap = cap;
		for (int j = 0; j < i; j++)
			hash_add(f, j);
	}
	hash_put(f, i);
	return 0;
}

static void parse_func(struct lexer *lx, struct arena *a, struct pol_file *f,
		       struct pol_func *fn)
{
	const char *params[16];

	fn->name = arena_strdup(a, lx->text);
	fn->pos = (struct pos){ lx->file, lx->tline, lx->tcol };
	if (pol_find(f, fn->name))
		lex_error(lx, "function '%s' is defined twice", fn->name);
	lex_next(lx);
	lex_expect(lx, T_LPAREN, "'(' after the function name");
	while (lx->tok != T_RPAREN) {
		if (lx->tok != T_NAME)
			lex_error(lx, "expected a parameter name");
		if (fn->nparams == 16)
			lex_error(lx, "too many parameters");
		for (int k = 0; k < fn->nparams; k++)
			if (!strcmp(params[k], lx->text))
				lex_error(lx, "parameter '%s' appears twice",
					  lx->text);
		params[fn->nparams++] = arena_strdup(a, lx->text);
		lex_next(lx);
		if (lx->tok == T_COMMA) {
			lex_next(lx);
			if (lx->tok != T_NAME)
				lex_error(lx, "expected a parameter name");
		} else if (lx->tok != T_RPAREN) {
			lex_error(lx, "expected ',' or ')' in the parameters");
		}
	}
	lex_next(lx);
	fn->params = arena_alloc(a, sizeof *fn->params * (size_t)(fn->nparams + 1));
	memcpy(fn->params, params, sizeof *params * (size_t)fn->nparams);
	if (lx->tok != T_LBRACE)
		lex_error(lx, "expected '{' to open the body of %s", fn->name);
	fn->body = parse_stmt(lx, a, 0);
}

/*
 * `cpumask NAME` or `mmflag NAME`, the keyword read: NAME into list.
 * mm_cpumask is built in, and a name is declared once per file.
 */
static void declare_name(struct lexer *lx, struct arena *a,
			 const struct pol_file *f, struct pol_names *list,
			 const char *what, int max)
{
	if (lx->tok != T_NAME)
		lex_error(lx, "expected a name for the %s", what);
	for (int k = 0; k < list->n; k++)
		if (!strcmp(list->name[k], lx->text))
			lex_error(lx, "%s '%s' is declared twice", what, lx->text);
	if (!strcmp(lx->text, "mm_cpumask"))
		lex_error(lx, "mm_cpumask is built in");
	if (list->n == max)
		lex_error(lx, "too many %ss (at most %d)", what, max);
	list->pos[list->n] = (struct pos){ f->file, lx->tline, lx->tcol };
	list->name[list->n++] = arena_strdup(a, lx->text);
	lex_next(lx);
	if (lx->tok == T_SEMI)
		lex_next(lx);
}

struct pol_file *policy_parse(struct arena *a, const char *file,
			      const char *src, struct diag *d)
{
	jmp_buf env;
	struct lexer lx;
	struct pol_file *f = arena_alloc(a, sizeof *f);
	struct pol_func *funcs = NULL;
	int cap = 0, hline, hcol;
	char buf[256];

	f->file = arena_strdup(a, file);
	d->env = &env;
	if (setjmp(env)) {
		/* f lives in the arena: f->funcs, f->hash are the buffers of
		 * the moment */
		free(f->funcs);
		free(f->hash);
		return NULL;
	}
	if (!*src) {
		d->file = file;
		lex_error_at(d, 1, 1, "empty file");
	}
	lex_init(&lx, f->file, src, d);
	if (!lex_is(&lx, "POLICY") && !lex_is(&lx, "KERNEL"))
		lex_error(&lx, "a policy starts with 'POLICY name' (a kernel "
			  "file with 'KERNEL name')");
	hline = lx.tline;
	hcol = lx.tcol + (int)lx.tlen;
	lex_next(&lx);
	if (lx.tok == T_EOF || lex_at_line_start(&lx))
		lex_error_at(d, hline, hcol, "expected the policy's name");
	f->name = arena_strdup(a, lex_rest_of_line(&lx, buf, sizeof buf));
	if (lx.tok == T_STRING) {
		f->doc = arena_strdup(a, lx.text);
		lex_next(&lx);
	}
	if (lx.tok == T_NAME && lex_is(&lx, "base")) {
		lex_next(&lx);
		if (lx.tok != T_NAME)
			lex_error(&lx, "expected the base policy's name");
		/* a policy's name may hold '-' and '.': arm64-mte */
		f->base = arena_strdup(a, lex_file_name(&lx));
		f->base_pos = (struct pos){ f->file, lx.tline, lx.tcol };
		lex_next(&lx);
		if (lx.tok == T_SEMI)
			lex_next(&lx);
	}
	while (lx.tok != T_EOF) {
		if (lx.tok != T_NAME)
			lex_error(&lx, "expected a flag declaration or a function");
		if (lex_is(&lx, "cpumask") || lex_is(&lx, "mmflag")) {
			int mask = lex_is(&lx, "cpumask");

			lex_next(&lx);
			declare_name(&lx, a, f, mask ? &f->masks : &f->mmflags,
				     mask ? "CPU mask" : "mm flag",
				     mask ? POL_MAX_MASKS : POL_MAX_MMFLAGS);
			continue;
		}
		if (lex_is(&lx, "flag")) {
			lex_next(&lx);
			if (lx.tok != T_NAME)
				lex_error(&lx, "expected a flag name");
			for (int k = 0; k < f->nflags; k++)
				if (!strcmp(f->flags[k], lx.text))
					lex_error(&lx, "flag '%s' is declared twice",
						  lx.text);
			if (f->nflags == POL_MAX_FLAGS)
				lex_error(&lx, "too many flags (at most %d)",
					  POL_MAX_FLAGS);
			f->flag_pos[f->nflags] = (struct pos){ f->file, lx.tline,
							       lx.tcol };
			f->flags[f->nflags++] = arena_strdup(a, lx.text);
			lex_next(&lx);
			/*
			 * `flag NAME ordered`: set after a write barrier, read
			 * before a read barrier (SetPageUptodate's smp_wmb(),
			 * PageUptodate's smp_rmb()).  Only the relaxed model
			 * (model = armv8) can tell.
			 */
			if (lx.tok == T_NAME && lex_is(&lx, "ordered") &&
			    lx.tline == f->flag_pos[f->nflags - 1].line) {
				f->flag_ordered |= 1u << (f->nflags - 1);
				lex_next(&lx);
			}
			if (lx.tok == T_SEMI)
				lex_next(&lx);
			continue;
		}
		if (f->nfuncs == cap) {
			struct pol_func *n;

			cap = cap ? cap * 2 : 16;
			n = realloc(funcs, sizeof *n * (size_t)cap);
			if (!n)
				lex_error(&lx, "out of memory");
			funcs = n;
		}
		memset(&funcs[f->nfuncs], 0, sizeof funcs[0]);
		f->funcs = funcs;
		parse_func(&lx, a, f, &funcs[f->nfuncs]);
		if (hash_add(f, f->nfuncs))
			lex_error(&lx, "out of memory");
		f->nfuncs++;
	}
	f->funcs = arena_alloc(a, sizeof *funcs * (size_t)(f->nfuncs + 1));
	if (f->nfuncs)
		memcpy(f->funcs, funcs, sizeof *funcs * (size_t)f->nfuncs);
	free(funcs);
	if (f->hcap) {
		int *h = arena_alloc(a, sizeof *h * (size_t)f->hcap);

		memcpy(h, f->hash, sizeof *h * (size_t)f->hcap);
		free(f->hash);
		f->hash = h;
	}
	return f;
}

/* Parse a built-in text by name into a. */
static struct pol_file *builtin(struct arena *a, const char *name,
				      struct diag *d)
{
	const char *text = builtin_policy_text(name);
	char file[96];

	if (!text) {
		snprintf(d->msg, sizeof d->msg, "no built-in '%s'", name);
		d->line = d->col = 0;
		return NULL;
	}
	snprintf(file, sizeof file, "<built-in %s.pol>", name);
	return policy_parse(a, file, text, d);
}

/*
 * f's functions and those of b it does not define, with the table
 * rebuilt: all in the arena, as policy_parse() leaves a file.
 */
static void inherit_funcs(struct arena *a, struct pol_file *f,
			  const struct pol_file *b)
{
	struct pol_func *all = arena_alloc(a, sizeof *all *
					   (size_t)(f->nfuncs + b->nfuncs + 1));
	int n = f->nfuncs, cap = 64;

	if (n)
		memcpy(all, f->funcs, sizeof *all * (size_t)n);
	for (int i = 0; i < b->nfuncs; i++)
		if (!pol_find(f, b->funcs[i].name))
			all[n++] = b->funcs[i];
	while (cap < 2 * n)
		cap *= 2;
	f->funcs = all;
	f->nfuncs = n;
	f->hcap = cap;
	f->hash = arena_alloc(a, sizeof *f->hash * (size_t)cap);
	for (int i = 0; i < n; i++)
		hash_put(f, i);
}

/*
 * A policy written as changes to a built-in one: copy in every function
 * and flag of the base that f does not define.  A base may have a base
 * of its own, up to POL_MAX_BASES deep (a cycle ends there too).
 */
#define POL_MAX_BASES 4

/* An error of a `base` line: at the base's name, message already set. */
static int base_error(struct diag *d, struct pos at)
{
	d->file = at.file;
	d->line = at.line;
	d->col = at.col;
	return -1;
}

/* The names of the base's list that f's lacks, appended to f's. */
static int inherit_names(struct pol_names *f, const struct pol_names *b,
			 int max, const char *what, struct diag *d)
{
	for (int k = 0; k < b->n; k++) {
		int have = 0;

		for (int j = 0; j < f->n; j++)
			have |= !strcmp(f->name[j], b->name[k]);
		if (have)
			continue;
		if (f->n == max) {
			snprintf(d->msg, sizeof d->msg, "too many %s with the "
				 "base's (at most %d)", what, max);
			return -1;
		}
		f->pos[f->n] = b->pos[k];
		f->name[f->n++] = b->name[k];
	}
	return 0;
}

static int inherit(struct arena *a, struct pol_file *f, struct diag *d)
{
	const struct pol_file *b = f;

	for (int depth = 0; b->base; depth++) {
		struct pos at = b->base_pos;

		if (depth == POL_MAX_BASES) {
			snprintf(d->msg, sizeof d->msg, "bases nested more than "
				 "%d deep", POL_MAX_BASES);
			return base_error(d, at);
		}
		b = builtin(a, b->base, d);
		if (!b)
			return base_error(d, at);
		for (int k = 0; k < b->nflags; k++) {
			int have = 0;

			for (int j = 0; j < f->nflags; j++)
				have |= !strcmp(f->flags[j], b->flags[k]);
			if (have)
				continue;
			if (f->nflags == POL_MAX_FLAGS) {
				snprintf(d->msg, sizeof d->msg, "too many flags "
					 "with the base's (at most %d)",
					 POL_MAX_FLAGS);
				return base_error(d, at);
			}
			f->flag_pos[f->nflags] = b->flag_pos[k];
			if (b->flag_ordered >> k & 1)
				f->flag_ordered |= 1u << f->nflags;
			f->flags[f->nflags++] = b->flags[k];
		}
		if (inherit_names(&f->masks, &b->masks, POL_MAX_MASKS,
				  "CPU masks", d) ||
		    inherit_names(&f->mmflags, &b->mmflags, POL_MAX_MMFLAGS,
				  "mm flags", d))
			return base_error(d, at);
		inherit_funcs(a, f, b);
	}
	return 0;
}

int polset_load(struct arena *a, struct polset *ps, const char *name,
		const char *file, const char *text, struct diag *d)
{
	memset(ps, 0, sizeof *ps);
	ps->generic = builtin(a, "asm-generic", d);
	ps->kernel = ps->generic ? builtin(a, "linux", d) : NULL;
	if (!ps->kernel)
		return -1;
	if (text || name) {
		struct pol_file *pf = text ? policy_parse(a, file, text, d)
					   : builtin(a, name, d);

		if (!pf || inherit(a, pf, d))
			return -1;
		ps->policy = pf;
	}
	return polset_check(ps, d);
}

/* ---- checks at load time ------------------------------------------------ */

/*
 * Calls and flags are resolved again when a scenario inlines a function,
 * but a mistake in a function no scenario calls would then go unseen; so
 * every function of the policy and kernel files is checked once here for
 * unknown functions, wrong arity, recursion and unknown flags.
 */
/*
 * Each function is checked once, whatever calls it: `state` of a function
 * is 0 before, IN_PROGRESS while its body is walked (a call to it then
 * is a recursion), and afterwards its height, the longest chain of nested
 * calls that starts with it.  Walking every call again instead would take
 * exponential time on functions that each call the next one twice.
 */
#define IN_PROGRESS (-1)

struct checker {
	const struct polset *ps;
	struct diag *d;
	const struct pol_file *file[3];
	int *state[3];		/* per file, per function */
	int depth;		/* functions being walked */
};

static _Noreturn void check_error(struct checker *ck, struct pos p,
				  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check_error(struct checker *ck, struct pos p, const char *fmt, ...)
{
	va_list ap;

	ck->d->file = p.file;
	ck->d->line = p.line;
	ck->d->col = p.col;
	va_start(ap, fmt);
	vsnprintf(ck->d->msg, sizeof ck->d->msg, fmt, ap);
	va_end(ap);
	longjmp(*ck->d->env, 1);
}

static int flag_known(const struct polset *ps, const char *name)
{
	const struct pol_file *files[] = { ps->policy, ps->generic, ps->kernel };

	for (int f = 0; f < 3; f++)
		for (int k = 0; files[f] && k < files[f]->nflags; k++)
			if (!strcmp(files[f]->flags[k], name))
				return 1;
	return 0;
}

/* A per-mm name of one of the files: a `cpumask` (mask) or an `mmflag` */
static int names_known(const struct polset *ps, int mask, const char *name)
{
	const struct pol_file *files[] = { ps->policy, ps->generic, ps->kernel };

	if (mask && !strcmp(name, "mm_cpumask"))
		return 1;
	for (int f = 0; f < 3; f++) {
		const struct pol_names *l = !files[f] ? NULL
			: mask ? &files[f]->masks : &files[f]->mmflags;

		for (int k = 0; l && k < l->n; k++)
			if (!strcmp(l->name[k], name))
				return 1;
	}
	return 0;
}

static int mask_known(const struct polset *ps, const char *name)
{
	return names_known(ps, 1, name);
}

void polset_offer_names(const struct polset *ps, struct suggest *sg)
{
	const struct pol_file *files[3] = { ps->policy, ps->generic,
					    ps->kernel };

	for (int k = 0; k < 3; k++)
		for (int i = 0; files[k] && i < files[k]->nfuncs; i++)
			suggest_offer(sg, files[k]->funcs[i].name);
}

static const struct pol_func *resolve_call(const struct polset *ps,
					   const char *name)
{
	const struct pol_func *fn = pol_find(ps->policy, name);

	if (!fn)
		fn = pol_find(ps->generic, name);
	if (!fn)
		fn = pol_find(ps->kernel, name);
	return fn;
}

static int builtin_name(const char *name)
{
	static const char *const names[] = {
		"page", "kaddr", "alias", "users", "mapped", "exec", "present",
		"flushonly",
		"dcache_aliases", "icache_aliases", "maint_broadcast", "idc",
		"dic", "mm", "current_mm", "migrated", "lazy_mm",
	};

	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (!strcmp(name, names[k]))
			return 1;
	return 0;
}

static void check_expr(struct checker *ck, const struct expr *e)
{
	if (!e)
		return;
	if (e->kind == E_CALL && !builtin_name(e->name) &&
	    !flag_known(ck->ps, e->name) && !mask_known(ck->ps, e->name) &&
	    !names_known(ck->ps, 0, e->name))
		check_error(ck, e->pos, "unknown flag or builtin '%s'", e->name);
	if (e->kind == E_TAS && !flag_known(ck->ps, e->name))
		check_error(ck, e->pos, "unknown flag '%s'", e->name);
	if (e->kind == E_TAC && !mask_known(ck->ps, e->name))
		check_error(ck, e->pos, "unknown CPU mask '%s'", e->name);
	check_expr(ck, e->a);
	check_expr(ck, e->b);
	for (int k = 0; k < e->nargs; k++)
		check_expr(ck, e->args[k]);
}

static int check_func(struct checker *ck, const struct pol_func *fn);

/*
 * A policy's function that the built-in files call with another number of
 * arguments: the mistake is in the policy's definition (an API function
 * such as flush_dcache_page has the arity asm-generic gives it), so say so
 * there rather than at the built-in caller.
 */
static void std_arity(struct checker *ck, const struct pol_func *fn, int nargs)
{
	const struct pol_func *std = pol_find(ck->ps->generic, fn->name);

	if (!std)
		std = pol_find(ck->ps->kernel, fn->name);
	if (std && std != fn && std->nparams == nargs)
		check_error(ck, fn->pos, "%s must take %d argument%s, as in %s, "
			    "not %d", fn->name, std->nparams,
			    std->nparams == 1 ? "" : "s", std->pos.file,
			    fn->nparams);
}

/* The height of the calls in s: the longest chain of nested calls. */
static int check_stmt(struct checker *ck, const struct stmt *s)
{
	int h = 0;

	if (!s)
		return 0;
	switch (s->kind) {
	case S_OP:
		if (s->flag && stmt_op(s->op)->shape == SH_MASK) {
			if (!mask_known(ck->ps, s->flag))
				check_error(ck, s->flag_pos, "unknown CPU mask "
					    "'%s'", s->flag);
		} else if (s->flag && !flag_known(ck->ps, s->flag) &&
			   !((s->op == A_SET || s->op == A_CLEAR) &&
			     names_known(ck->ps, 0, s->flag))) {
			check_error(ck, s->flag_pos, "unknown flag '%s'", s->flag);
		}
		check_expr(ck, s->x);
		check_expr(ck, s->y);
		return 0;
	case S_CALL: {
		const struct pol_func *fn = resolve_call(ck->ps, s->fname);

		if (!fn) {
			struct suggest sg;
			char dym[96];

			suggest_init(&sg, s->fname);
			polset_offer_names(ck->ps, &sg);
			check_error(ck, s->pos, "unknown function '%s'%s",
				    s->fname, suggest_text(&sg, dym, sizeof dym));
		}
		if (fn->nparams != s->nargs)
			std_arity(ck, fn, s->nargs);
		if (fn->nparams != s->nargs)
			check_error(ck, s->pos, "%s takes %d argument%s, not %d",
				    fn->name, fn->nparams,
				    fn->nparams == 1 ? "" : "s", s->nargs);
		for (int k = 0; k < s->nargs; k++)
			check_expr(ck, s->args[k]);
		/* a chain this long is an error wherever it starts */
		if (ck->depth == FC_MAX_CALL_DEPTH)
			check_error(ck, s->pos, "calls nested too deeply (more "
				    "than %d)", FC_MAX_CALL_DEPTH);
		h = check_func(ck, fn);
		if (h == IN_PROGRESS)
			check_error(ck, s->pos, "recursive call of '%s' "
				    "(policies may not recurse)", fn->name);
		/* the same rule as the compiler's, at the call that breaks it */
		if (ck->depth + h > FC_MAX_CALL_DEPTH)
			check_error(ck, s->pos, "calls nested too deeply (more "
				    "than %d)", FC_MAX_CALL_DEPTH);
		return h;
	}
	case S_IF: {
		int e;

		check_expr(ck, s->cond);
		h = check_stmt(ck, s->then);
		e = check_stmt(ck, s->els);
		return h > e ? h : e;
	}
	case S_FOR:
		check_expr(ck, s->over);
		/* FALLTHROUGH */
	case S_ON_EACH_CPU:
		check_expr(ck, s->mask);
		/* FALLTHROUGH */
	case S_BLOCK:
		for (int k = 0; k < s->n; k++) {
			int b = check_stmt(ck, s->body[k]);

			h = b > h ? b : h;
		}
		return h;
	case S_RETURN:
		return 0;
	}
	return 0;
}

static int *state_of(struct checker *ck, const struct pol_func *fn)
{
	for (int f = 0; f < 3; f++)
		if (ck->file[f] && fn >= ck->file[f]->funcs &&
		    fn < ck->file[f]->funcs + ck->file[f]->nfuncs)
			return &ck->state[f][fn - ck->file[f]->funcs];
	return NULL;	/* cannot happen: every function is in a file */
}

/* fn's height, or IN_PROGRESS if fn is being walked (a recursion). */
static int check_func(struct checker *ck, const struct pol_func *fn)
{
	int *st = state_of(ck, fn), h;

	if (*st)
		return *st;
	*st = IN_PROGRESS;
	ck->depth++;
	h = 1 + check_stmt(ck, fn->body);
	ck->depth--;
	*st = h;
	return h;
}

/* The distinct names of one kind over the three files fit in max. */
static void names_fit(struct checker *ck, const struct pol_file *const *all,
		      int mask, int max, const char *what)
{
	const char *seen[3 * POL_MAX_NAMES];
	int n = 0;

	for (int f = 0; f < 3; f++) {
		const struct pol_names *l = !all[f] ? NULL
			: mask ? &all[f]->masks : &all[f]->mmflags;

		for (int k = 0; l && k < l->n; k++) {
			int dup = 0;

			for (int j = 0; j < n; j++)
				dup |= !strcmp(seen[j], l->name[k]);
			if (dup)
				continue;
			if (n == max)
				check_error(ck, l->pos[k], "too many %s: at most "
					    "%d with the kernel file's", what, max);
			seen[n++] = l->name[k];
		}
	}
}

/*
 * Does s, or a function it calls, write a PTE (pte.set, or parisc's
 * pte.flushonly)?  The calls were checked above: no recursion, a depth
 * under FC_MAX_CALL_DEPTH.
 */
static int writes_pte(const struct polset *ps, const struct stmt *s, int depth)
{
	if (!s || depth > FC_MAX_CALL_DEPTH)
		return 0;
	switch (s->kind) {
	case S_OP:
		return s->op == A_PTE_SET || s->op == A_PTE_FLUSHONLY;
	case S_CALL: {
		const struct pol_func *fn = resolve_call(ps, s->fname);

		return fn && writes_pte(ps, fn->body, depth + 1);
	}
	case S_IF:
	case S_FOR:
	case S_ON_EACH_CPU:
	case S_BLOCK:
		for (int k = 0; k < s->n; k++)
			if (writes_pte(ps, s->body[k], depth))
				return 1;
		return 0;
	case S_RETURN:
		return 0;
	}
	return 0;
}

int polset_check(const struct polset *ps, struct diag *d)
{
	struct checker ck = { ps, d, { ps->policy, ps->generic, ps->kernel },
			      { NULL }, 0 };
	const struct pol_file *files[] = { ps->policy, ps->kernel };
	jmp_buf env;

	for (int f = 0; f < 3; f++)
		if (ck.file[f] &&
		    !(ck.state[f] = calloc((size_t)ck.file[f]->nfuncs + 1,
					   sizeof *ck.state[f]))) {
			snprintf(d->msg, sizeof d->msg, "out of memory");
			d->line = d->col = 0;
			for (int g = 0; g < f; g++)
				free(ck.state[g]);
			return -1;
		}
	d->env = &env;
	if (setjmp(env)) {
		for (int f = 0; f < 3; f++)
			free(ck.state[f]);
		return -1;
	}
	{
		/* every flag of the run must fit the state's flag byte */
		const struct pol_file *all[] = { ps->kernel, ps->generic,
						 ps->policy };
		const char *seen[3 * POL_MAX_FLAGS];
		int n = 0;

		for (int f = 0; f < 3; f++)
			for (int k = 0; all[f] && k < all[f]->nflags; k++) {
				int dup = 0;

				for (int j = 0; j < n; j++)
					dup |= !strcmp(seen[j], all[f]->flags[k]);
				if (dup)
					continue;
				if (n == POL_MAX_FLAGS)
					check_error(&ck, all[f]->flag_pos[k],
						    "too many flags: at most %d "
						    "with the kernel file's",
						    POL_MAX_FLAGS);
				seen[n++] = all[f]->flags[k];
			}
		/* and the per-mm names, the program's too */
		names_fit(&ck, all, 1, POL_MAX_MASKS, "CPU masks");
		names_fit(&ck, all, 0, POL_MAX_MMFLAGS, "mm flags");
	}
	for (int f = 0; f < 2; f++)
		for (int k = 0; files[f] && k < files[f]->nfuncs; k++)
			check_func(&ck, &files[f]->funcs[k]);
	{
		/*
		 * A set_pte_at() that never writes the PTE leaves every
		 * faulting thread waiting for ever: a deadlock in every
		 * scenario, which is the policy's bug, not the kernel's.
		 */
		const struct pol_func *sp = pol_find(ps->policy, "set_pte_at");

		if (sp && !writes_pte(ps, sp->body, 0))
			check_error(&ck, sp->pos, "set_pte_at(%s) never runs "
				    "pte.set %s: every fault would wait for "
				    "ever", sp->nparams ? sp->params[0] : "u",
				    sp->nparams ? sp->params[0] : "u");
	}
	for (int f = 0; f < 3; f++)
		free(ck.state[f]);
	return 0;
}
