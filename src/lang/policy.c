/*
 * policy.c - the .pol parser: header, flags, functions.  Bodies are
 * parsed into the AST of ast.h and compiled only when a scenario calls
 * them (compile.c), so that every call is inlined with its arguments.
 */
#include "policy.h"

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

const struct pol_func *pol_find(const struct pol_file *f, const char *name)
{
	for (int i = 0; f && i < f->nfuncs; i++)
		if (!strcmp(f->funcs[i].name, name))
			return &f->funcs[i];
	return NULL;
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

struct pol_file *policy_parse(struct arena *a, const char *file,
			      const char *src, struct diag *d)
{
	jmp_buf env;
	struct lexer lx;
	struct pol_file *f = arena_alloc(a, sizeof *f);
	struct pol_func *funcs = NULL;
	int cap = 0;
	char buf[256];

	f->file = arena_strdup(a, file);
	d->env = &env;
	if (setjmp(env)) {
		free(funcs);
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
	lex_next(&lx);
	if (lx.tok == T_EOF || lex_at_line_start(&lx))
		lex_error(&lx, "expected the policy's name");
	f->name = arena_strdup(a, lex_rest_of_line(&lx, buf, sizeof buf));
	if (lx.tok == T_STRING) {
		f->doc = arena_strdup(a, lx.text);
		lex_next(&lx);
	}
	while (lx.tok != T_EOF) {
		if (lx.tok != T_NAME)
			lex_error(&lx, "expected a flag declaration or a function");
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
			f->flags[f->nflags++] = arena_strdup(a, lx.text);
			lex_next(&lx);
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
		f->nfuncs++;
	}
	f->funcs = arena_alloc(a, sizeof *funcs * (size_t)(f->nfuncs + 1));
	if (f->nfuncs)
		memcpy(f->funcs, funcs, sizeof *funcs * (size_t)f->nfuncs);
	free(funcs);
	return f;
}

/* Parse a built-in text by name into a. */
static const struct pol_file *builtin(struct arena *a, const char *name,
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

int polset_load(struct arena *a, struct polset *ps, const char *name,
		const char *file, const char *text, struct diag *d)
{
	memset(ps, 0, sizeof *ps);
	ps->generic = builtin(a, "asm-generic", d);
	ps->kernel = ps->generic ? builtin(a, "linux", d) : NULL;
	if (!ps->kernel)
		return -1;
	if (text)
		ps->policy = policy_parse(a, file, text, d);
	else if (name)
		ps->policy = builtin(a, name, d);
	else
		return 0;
	return ps->policy ? 0 : -1;
}
