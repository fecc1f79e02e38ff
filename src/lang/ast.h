/* SPDX-License-Identifier: MIT */
/*
 * ast.h - statements and expressions, as written in scenario cells and in
 * policy and kernel (.pol) functions.
 *
 * Nothing here is resolved: names stay names until compile.c binds them to
 * mappings, pages, labels, registers and function parameters.  Every node
 * keeps its file and position, so that an error found while inlining a
 * policy function is reported where it was written.
 */
#ifndef FC_AST_H
#define FC_AST_H

#include "arena.h"
#include "lex.h"
#include "../model/ops.h"

struct pos {
	const char *file;
	int line, col;
};

enum expr_kind {
	E_NAME,		/* parameter, local, register, mapping, page, label */
	E_NUM,		/* a numeric label */
	E_CALL,		/* builtin or flag test: name(args) */
	E_INDEX,	/* a[num]: one line of a mapping */
	E_NOT, E_AND, E_OR, E_EQ, E_NE,
	E_TAS,		/* test_and_set FLAG(p), as a condition */
	E_TAC,		/* cpumask_test_and_clear_cpu MASK(mm), the same */
};

struct expr {
	enum expr_kind kind;
	struct pos pos;
	const char *name;	/* E_NAME, E_CALL; E_TAS: the flag */
	unsigned long num;	/* E_NUM, E_INDEX */
	struct pos num_pos;	/* E_INDEX: where the line number stands */
	struct expr *a, *b;	/* operands; E_INDEX: a = base */
	int nargs;
	struct expr **args;	/* E_CALL, E_TAS */
};

enum stmt_kind {
	S_OP,		/* a primitive op */
	S_CALL,		/* f(args) */
	S_IF,
	S_BLOCK,
	S_RETURN,
	S_FOR,		/* for var in users(p) body */
	S_ON_EACH_CPU,
};

/* Primitive ops, as written: enum ast_op in ../model/ops.h. */


struct stmt {
	enum stmt_kind kind;
	struct pos pos;
	const char *text;	/* the statement as written, for reports */

	/* S_OP */
	enum ast_op op;
	int local;		/* .local */
	const char *dest;	/* NAME = ld/exec/dma.read X; NULL if none */
	struct pos dest_pos;
	struct expr *x;		/* target (flag ops: the page) */
	struct expr *y;		/* st/dma.write: value; copy: source */
	const char *flag;	/* flag ops */
	struct pos flag_pos;

	/* S_CALL */
	const char *fname;
	int nargs;
	struct expr **args;

	/* S_IF */
	struct expr *cond;
	struct stmt *then, *els;

	/* S_BLOCK, S_FOR, S_ON_EACH_CPU: body; S_FOR: var, over = users(p) */
	int others;		/* S_ON_EACH_CPU written smp_call_function:
				 * the other CPUs only, not this one */
	struct expr *mask;	/* S_ON_EACH_CPU written on_each_cpu_mask(M)
				 * or smp_call_function_many(M): only the
				 * CPUs in the CPU mask M(mm) */
	int n;
	struct stmt **body;
	const char *var;
	struct expr *over;
};

/*
 * Parse one statement at the lexer's position.  In a scenario cell
 * (in_cell) a simple statement ends at '|' or ';' without consuming it; in
 * a function it must end with ';'.  Errors longjmp through the diag.
 */
struct stmt *parse_stmt(struct lexer *lx, struct arena *a, int in_cell);
/* A condition or value expression. */
struct expr *parse_expr(struct lexer *lx, struct arena *a);

#endif
