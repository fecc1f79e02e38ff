/*
 * stmt.c - the statement and expression parser shared by scenario cells and
 * policy functions (docs/design.md sections 3.1 and 3.2).  It builds the
 * AST of ast.h; it resolves no names.
 */
#include "ast.h"

#include <stdio.h>
#include <string.h>

static struct pos here(const struct lexer *lx)
{
	return (struct pos){ lx->file, lx->tline, lx->tcol };
}

static struct expr *new_expr(struct arena *a, enum expr_kind k, struct pos p)
{
	struct expr *e = arena_alloc(a, sizeof *e);

	e->kind = k;
	e->pos = p;
	return e;
}

static struct stmt *new_stmt(struct arena *a, enum stmt_kind k, struct pos p)
{
	struct stmt *s = arena_alloc(a, sizeof *s);

	s->kind = k;
	s->pos = p;
	return s;
}

/* Arguments of a call, after its '(' has been read, up to ')'. */
static void parse_args(struct lexer *lx, struct arena *a, int *n,
		       struct expr ***out)
{
	struct expr *tmp[16];
	int k = 0;

	if (lx->tok != T_RPAREN)
		for (;;) {
			if (k == 16)
				lex_error(lx, "too many arguments");
			tmp[k++] = parse_expr(lx, a);
			if (lx->tok != T_COMMA)
				break;
			lex_next(lx);
		}
	lex_expect(lx, T_RPAREN, "')'");
	*n = k;
	*out = arena_alloc(a, sizeof **out * (size_t)(k + 1));
	memcpy(*out, tmp, sizeof *tmp * (size_t)k);
}

/* NAME | NUM | NAME(args), then any number of [NUM] */
static struct expr *parse_primary(struct lexer *lx, struct arena *a)
{
	struct expr *e;
	struct pos p = here(lx);

	if (lx->tok == T_NUM) {
		e = new_expr(a, E_NUM, p);
		e->num = lx->num;
		lex_next(lx);
		return e;
	}
	if (lx->tok == T_LPAREN) {
		lex_next(lx);
		e = parse_expr(lx, a);
		lex_expect(lx, T_RPAREN, "')'");
		return e;
	}
	if (lx->tok != T_NAME) {
		if (lx->tok == T_EOF)
			lex_error(lx, "expected a name, found end of file");
		lex_error(lx, "expected a name, found %s", tok_name(lx->tok));
	}
	if (!strcmp(lx->text, "test_and_set")) {
		lex_next(lx);
		e = new_expr(a, E_TAS, p);
		if (lx->tok != T_NAME)
			lex_error(lx, "expected a flag after test_and_set");
		e->name = arena_strdup(a, lx->text);
		e->pos = here(lx);
		lex_next(lx);
		lex_expect(lx, T_LPAREN, "'(' after the flag");
		parse_args(lx, a, &e->nargs, &e->args);
		return e;
	}
	e = new_expr(a, E_NAME, p);
	e->name = arena_strdup(a, lx->text);
	lex_next(lx);
	if (lx->tok == T_LPAREN) {
		e->kind = E_CALL;
		lex_next(lx);
		parse_args(lx, a, &e->nargs, &e->args);
	}
	while (lx->tok == T_LBRACK) {
		struct expr *ix = new_expr(a, E_INDEX, here(lx));

		lex_next(lx);
		if (lx->tok != T_NUM)
			lex_error(lx, "expected a line number");
		ix->num = lx->num;
		ix->num_pos = here(lx);
		ix->a = e;
		e = ix;
		lex_next(lx);
		lex_expect(lx, T_RBRACK, "']'");
	}
	return e;
}

static struct expr *parse_unary(struct lexer *lx, struct arena *a)
{
	if (lx->tok == T_NOT || lx->tok == T_TILDE) {
		struct expr *e = new_expr(a, E_NOT, here(lx));

		lex_next(lx);
		e->a = parse_unary(lx, a);
		return e;
	}
	return parse_primary(lx, a);
}

static struct expr *parse_cmp(struct lexer *lx, struct arena *a)
{
	struct expr *e = parse_unary(lx, a);

	if (lx->tok == T_EQEQ || lx->tok == T_NE) {
		struct expr *c = new_expr(a, lx->tok == T_EQEQ ? E_EQ : E_NE,
					  here(lx));

		lex_next(lx);
		c->a = e;
		c->b = parse_unary(lx, a);
		return c;
	}
	return e;
}

static struct expr *parse_and(struct lexer *lx, struct arena *a)
{
	struct expr *e = parse_cmp(lx, a);

	while (lx->tok == T_ANDAND) {
		struct expr *c = new_expr(a, E_AND, here(lx));

		lex_next(lx);
		c->a = e;
		c->b = parse_cmp(lx, a);
		e = c;
	}
	return e;
}

struct expr *parse_expr(struct lexer *lx, struct arena *a)
{
	struct expr *e = parse_and(lx, a);

	while (lx->tok == T_OROR) {
		struct expr *c = new_expr(a, E_OR, here(lx));

		lex_next(lx);
		c->a = e;
		c->b = parse_and(lx, a);
		e = c;
	}
	return e;
}

/* ---- statements ------------------------------------------------------ */

static const struct {
	const char *name;
	enum ast_op op;
	int takes;		/* 0 nothing, 1 target, 2 target = value */
} ops[] = {
	{ "st", A_ST, 2 }, { "ld", A_LD, 1 }, { "exec", A_EXEC, 1 },
	{ "copy", A_COPY, 2 },
	{ "dc.clean", A_DC_CLEAN, 1 }, { "dc.inv", A_DC_INV, 1 },
	{ "dc.flush", A_DC_FLUSH, 1 }, { "ic.inv", A_IC_INV, 1 },
	{ "ic.inv.all", A_IC_INV_ALL, 0 },
	{ "dc.clean.all", A_DC_CLEAN_ALL, 0 },
	{ "dc.flush.all", A_DC_FLUSH_ALL, 0 },
	{ "dsb", A_DSB, 0 }, { "isb", A_ISB, 0 },
	{ "pte.set", A_PTE_SET, 1 }, { "pte.clear", A_PTE_CLEAR, 1 },
	{ "pte.flushonly", A_PTE_FLUSHONLY, 1 },
	{ "dma.write", A_DMA_WRITE, 2 },
	{ "set", A_SET, 3 }, { "clear", A_CLEAR, 3 },
	{ "test_and_set", A_TAS, 3 }, { "wait", A_WAIT, 3 },
	{ "lock", A_LOCK, 3 }, { "unlock", A_UNLOCK, 3 },
};

/* ops that may carry `.local` */
static int localisable(enum ast_op op)
{
	return op == A_DC_CLEAN || op == A_DC_INV || op == A_DC_FLUSH ||
	       op == A_IC_INV || op == A_IC_INV_ALL;
}

static int find_op(const char *name, int *local)
{
	size_t n = strlen(name);

	*local = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
			if (strlen(ops[i].name) == n &&
			    !strncmp(ops[i].name, name, n) &&
			    (!pass || localisable(ops[i].op)))
				return (int)i;
		if (n > 6 && !strcmp(name + n - 6, ".local")) {
			n -= 6;
			*local = 1;
		} else {
			break;
		}
	}
	*local = 0;
	return -1;
}

static void end_simple(struct lexer *lx, int in_cell)
{
	if (in_cell)
		return;		/* the table checks for '|' or ';' */
	lex_expect(lx, T_SEMI, "';' after the statement");
}

static const char *slice(struct arena *a, const char *from, const char *to)
{
	while (to > from && (to[-1] == ' ' || to[-1] == '\t' ||
			     to[-1] == '\n' || to[-1] == '\r'))
		to--;
	return arena_strndup(a, from, (size_t)(to - from));
}

static struct stmt *parse_block(struct lexer *lx, struct arena *a)
{
	struct stmt *s = new_stmt(a, S_BLOCK, here(lx));
	struct stmt *tmp[256];

	lex_expect(lx, T_LBRACE, "'{'");
	while (lx->tok != T_RBRACE) {
		if (lx->tok == T_EOF)
			lex_error(lx, "missing '}'");
		if (s->n == 256)
			lex_error(lx, "block too long");
		tmp[s->n++] = parse_stmt(lx, a, 0);
	}
	lex_next(lx);
	s->body = arena_alloc(a, sizeof *s->body * (size_t)(s->n + 1));
	memcpy(s->body, tmp, sizeof *tmp * (size_t)s->n);
	return s;
}

static struct stmt *parse_flag_op(struct lexer *lx, struct arena *a,
				  struct stmt *s)
{
	int n;
	struct expr **args;

	if (lx->tok != T_NAME)
		lex_error(lx, "expected a flag name, as in set dcache_clean(p)");
	s->flag = arena_strdup(a, lx->text);
	s->flag_pos = here(lx);
	lex_next(lx);
	lex_expect(lx, T_LPAREN, "'(' after the flag");
	parse_args(lx, a, &n, &args);
	if (n != 1)
		lex_error_at(lx->diag, s->flag_pos.line, s->flag_pos.col,
			     "a flag takes one page: %s(p)", s->flag);
	s->x = args[0];
	return s;
}

struct stmt *parse_stmt(struct lexer *lx, struct arena *a, int in_cell)
{
	struct pos p = here(lx);
	const char *start = lx->tstart;
	struct stmt *s;
	char name[256];
	int k, local;

	if (lx->tok == T_LBRACE)
		return parse_block(lx, a);
	if (lx->tok != T_NAME)
		lex_error(lx, "expected a statement");
	snprintf(name, sizeof name, "%s", lx->text);

	if (!strcmp(name, "if")) {
		s = new_stmt(a, S_IF, p);
		lex_next(lx);
		lex_expect(lx, T_LPAREN, "'(' after if");
		s->cond = parse_expr(lx, a);
		lex_expect(lx, T_RPAREN, "')'");
		s->then = parse_stmt(lx, a, in_cell);
		if (lex_is(lx, "else")) {
			lex_next(lx);
			s->els = parse_stmt(lx, a, in_cell);
		}
		return s;
	}
	if (!strcmp(name, "for")) {
		s = new_stmt(a, S_FOR, p);
		lex_next(lx);
		if (lx->tok != T_NAME)
			lex_error(lx, "expected a variable after for");
		s->var = arena_strdup(a, lx->text);
		lex_next(lx);
		if (!lex_is(lx, "in"))
			lex_error(lx, "expected 'in' after 'for %s'", s->var);
		lex_next(lx);
		s->over = parse_primary(lx, a);
		s->body = arena_alloc(a, sizeof *s->body);
		s->body[0] = parse_stmt(lx, a, in_cell);
		s->n = 1;
		return s;
	}
	if (!strcmp(name, "on_each_cpu")) {
		s = new_stmt(a, S_ON_EACH_CPU, p);
		lex_next(lx);
		s->body = arena_alloc(a, sizeof *s->body);
		s->body[0] = parse_block(lx, a);
		s->n = 1;
		return s;
	}
	if (!strcmp(name, "return")) {
		s = new_stmt(a, S_RETURN, p);
		lex_next(lx);
		end_simple(lx, in_cell);
		return s;
	}

	lex_next(lx);
	if (lx->tok == T_EQ) {
		/* NAME = ld X | exec X | dma.read X */
		s = new_stmt(a, S_OP, p);
		s->dest = arena_strdup(a, name);
		s->dest_pos = p;
		lex_next(lx);
		if (lex_is(lx, "ld"))
			s->op = A_LD;
		else if (lex_is(lx, "exec"))
			s->op = A_EXEC;
		else if (lex_is(lx, "dma.read"))
			s->op = A_DMA_READ;
		else
			lex_error(lx, "expected ld, exec or dma.read after "
				  "'%s ='", name);
		lex_next(lx);
		s->x = parse_primary(lx, a);
	} else if (lx->tok == T_LPAREN && find_op(name, &local) < 0) {
		s = new_stmt(a, S_CALL, p);
		s->fname = arena_strdup(a, name);
		lex_next(lx);
		parse_args(lx, a, &s->nargs, &s->args);
	} else if ((k = find_op(name, &local)) >= 0) {
		s = new_stmt(a, S_OP, p);
		s->op = ops[k].op;
		s->local = local;
		if (ops[k].takes == 3) {
			parse_flag_op(lx, a, s);
		} else if (ops[k].takes >= 1) {
			s->x = parse_primary(lx, a);
			if (ops[k].takes == 2) {
				lex_expect(lx, T_EQ, "'='");
				s->y = parse_primary(lx, a);
			}
		}
	} else {
		if (!strcmp(name, "dma.read"))
			lex_error_at(lx->diag, p.line, p.col, "dma.read needs a "
				     "register: rK = dma.read P");
		lex_error_at(lx->diag, p.line, p.col, "unknown statement '%s'",
			     name);
	}
	s->text = slice(a, start, lx->tstart);
	end_simple(lx, in_cell);
	return s;
}
