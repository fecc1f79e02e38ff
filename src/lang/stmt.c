/* SPDX-License-Identifier: MIT */
/*
 * stmt.c - the statement and expression parser shared by scenario cells and
 * policy functions (docs/design.md sections 3.1 and 3.2).  It builds the
 * AST of ast.h; it resolves no names.  Every way in which a construct can
 * hold another goes through lex_enter, so that nesting is bounded by
 * FC_MAX_NEST (limits.h) and a hostile file gets an error, not a stack
 * overflow.
 */
#include "ast.h"
#include "suggest.h"

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

	lex_enter(lx);
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
	lex_leave(lx);
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
		lex_enter(lx);
		lex_next(lx);
		e = parse_expr(lx, a);
		lex_expect(lx, T_RPAREN, "')'");
		lex_leave(lx);
		return e;
	}
	if (lx->tok != T_NAME) {
		if (lx->tok == T_EOF)
			lex_error(lx, "expected a name, found end of file");
		lex_error(lx, "expected a name, found %s", tok_name(lx->tok));
	}
	if (!strcmp(lx->text, "test_and_set") ||
	    !strcmp(lx->text, "cpumask_test_and_clear_cpu")) {
		int tas = lx->text[0] == 't';

		lex_next(lx);
		e = new_expr(a, tas ? E_TAS : E_TAC, p);
		if (lx->tok != T_NAME)
			lex_error(lx, tas ? "expected a flag after test_and_set"
				  : "expected a CPU mask after "
				    "cpumask_test_and_clear_cpu");
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

		lex_enter(lx);
		lex_next(lx);
		e->a = parse_unary(lx, a);
		lex_leave(lx);
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
	int levels = 0;

	/* a chain is a tree as deep as it is long: each operand a level */
	while (lx->tok == T_ANDAND) {
		struct expr *c = new_expr(a, E_AND, here(lx));

		lex_enter(lx);
		levels++;
		lex_next(lx);
		c->a = e;
		c->b = parse_cmp(lx, a);
		e = c;
	}
	lx->depth -= levels;
	return e;
}

struct expr *parse_expr(struct lexer *lx, struct arena *a)
{
	struct expr *e = parse_and(lx, a);
	int levels = 0;

	while (lx->tok == T_OROR) {
		struct expr *c = new_expr(a, E_OR, here(lx));

		lex_enter(lx);
		levels++;
		lex_next(lx);
		c->a = e;
		c->b = parse_and(lx, a);
		e = c;
	}
	lx->depth -= levels;
	return e;
}

/* ---- statements ------------------------------------------------------ */

/*
 * The statement op called `name` (with `.local` stripped into *local where
 * the op allows it), or -1.  Ops written only as NAME = op X are not
 * found here.
 */
static int find_op(const char *name, int *local)
{
	size_t n = strlen(name);

	*local = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < A_COUNT; i++) {
			const struct stmt_op_desc *d = stmt_op((enum ast_op)i);

			if (d->shape != SH_RESULT && strlen(d->syntax) == n &&
			    !strncmp(d->syntax, name, n) &&
			    (!pass || (d->flags & SF_LOCAL)))
				return i;
		}
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

/* The op after `NAME =`: one that returns a result (SF_RESULT), or -1. */
static int find_result_op(const struct lexer *lx)
{
	for (int i = 0; i < A_COUNT; i++)
		if ((stmt_op((enum ast_op)i)->flags & SF_RESULT) &&
		    lex_is(lx, stmt_op((enum ast_op)i)->syntax))
			return i;
	return -1;
}

/* "ld, exec or dma.read": the ops find_result_op() knows, for messages. */
static const char *result_op_list(char *buf, size_t len)
{
	int n = 0, k = 0;

	for (int i = 0; i < A_COUNT; i++)
		n += (stmt_op((enum ast_op)i)->flags & SF_RESULT) != 0;
	buf[0] = '\0';
	for (int i = 0; i < A_COUNT; i++) {
		size_t used = strlen(buf);

		if (!(stmt_op((enum ast_op)i)->flags & SF_RESULT))
			continue;
		snprintf(buf + used, len - used, "%s%s",
			 k == 0 ? "" : k == n - 1 ? " or " : ", ",
			 stmt_op((enum ast_op)i)->syntax);
		k++;
	}
	return buf;
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

static struct stmt *stmt_at(struct lexer *lx, struct arena *a, int in_cell);

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

/* set FLAG(p), and cpumask_set_cpu MASK(mm): a name and one argument */
static struct stmt *parse_flag_op(struct lexer *lx, struct arena *a,
				  struct stmt *s)
{
	int n, mask = stmt_op(s->op)->shape == SH_MASK;
	struct expr **args;

	if (lx->tok != T_NAME)
		lex_error(lx, mask ? "expected a CPU mask name, as in "
			  "cpumask_set_cpu mm_cpumask(mm(u))"
			  : "expected a flag name, as in set dcache_clean(p)");
	s->flag = arena_strdup(a, lx->text);
	s->flag_pos = here(lx);
	lex_next(lx);
	lex_expect(lx, T_LPAREN, mask ? "'(' after the mask" : "'(' after the flag");
	parse_args(lx, a, &n, &args);
	if (n != 1)
		lex_error_at(lx->diag, s->flag_pos.line, s->flag_pos.col,
			     mask ? "a CPU mask takes one mm: %s(mm(u))"
			     : "a flag takes one page: %s(p)", s->flag);
	s->x = args[0];
	return s;
}

static struct stmt *stmt_at(struct lexer *lx, struct arena *a, int in_cell)
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
	if (!strcmp(name, "on_each_cpu") ||
	    !strcmp(name, "smp_call_function") ||
	    !strcmp(name, "on_each_cpu_mask") ||
	    !strcmp(name, "smp_call_function_many")) {
		s = new_stmt(a, S_ON_EACH_CPU, p);
		s->others = name[0] == 's';
		lex_next(lx);
		if (!strcmp(name, "on_each_cpu_mask") ||
		    !strcmp(name, "smp_call_function_many")) {
			/* (MASK(mm)): the CPUs in it, at the moment of the call */
			lex_expect(lx, T_LPAREN, "'(' and a CPU mask");
			s->mask = parse_expr(lx, a);
			lex_expect(lx, T_RPAREN, "')'");
		}
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
		if ((k = find_result_op(lx)) < 0) {
			char list[128];

			lex_error(lx, "expected %s after '%s ='",
				  result_op_list(list, sizeof list), name);
		}
		s->op = (enum ast_op)k;
		lex_next(lx);
		s->x = parse_primary(lx, a);
	} else if (lx->tok == T_LPAREN && find_op(name, &local) < 0) {
		s = new_stmt(a, S_CALL, p);
		s->fname = arena_strdup(a, name);
		lex_next(lx);
		parse_args(lx, a, &s->nargs, &s->args);
	} else if ((k = find_op(name, &local)) >= 0) {
		s = new_stmt(a, S_OP, p);
		s->op = (enum ast_op)k;
		s->local = local;
		switch (stmt_op(s->op)->shape) {
		case SH_FLAG:
		case SH_MASK:
			parse_flag_op(lx, a, s);
			break;
		case SH_ASSIGN:
			s->x = parse_primary(lx, a);
			lex_expect(lx, T_EQ, "'='");
			s->y = parse_primary(lx, a);
			break;
		case SH_TARGET:
			s->x = parse_primary(lx, a);
			break;
		case SH_NONE:
		case SH_RESULT:		/* find_op() does not return these */
			break;
		}
	} else {
		for (int i = 0; i < A_COUNT; i++)
			if (stmt_op((enum ast_op)i)->shape == SH_RESULT &&
			    !strcmp(name, stmt_op((enum ast_op)i)->syntax))
				lex_error_at(lx->diag, p.line, p.col, "%s needs "
					     "a register: rK = %s P", name, name);
		{
			struct suggest sg;
			char dym[96];

			suggest_init(&sg, name);
			for (int i = 0; i < A_COUNT; i++)
				suggest_offer(&sg, stmt_op((enum ast_op)i)->syntax);
			lex_error_at(lx->diag, p.line, p.col, "unknown statement "
				     "'%s'%s", name,
				     suggest_text(&sg, dym, sizeof dym));
		}
	}
	s->text = slice(a, start, lx->tstart);
	end_simple(lx, in_cell);
	return s;
}

/* One level of nesting per statement: a block, if, for or on_each_cpu
 * body is a statement inside a statement. */
struct stmt *parse_stmt(struct lexer *lx, struct arena *a, int in_cell)
{
	struct stmt *s;

	lex_enter(lx);
	s = stmt_at(lx, a, in_cell);
	lex_leave(lx);
	return s;
}
