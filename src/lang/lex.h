/* SPDX-License-Identifier: MIT */
/*
 * lex.h - the tokenizer shared by scenario, policy and machine files.
 *
 * Names may contain dots between letters (dc.clean.local, pte.set), so an
 * op name is one token.  `#` and `//` start comments.  A line ends at LF,
 * CRLF or a lone CR, the same in every file type.  Numbers are decimal, or
 * hex after `0x`, with an optional K or M; one that does not fit an
 * unsigned long is an error, not a clamped value.  Errors are raised
 * through the diag handler: file:line:col: message, then a longjmp back to
 * whoever started the parse, so that no parser needs error plumbing.
 */
#ifndef FC_LEX_H
#define FC_LEX_H

#include <setjmp.h>
#include <stddef.h>

enum tok {
	T_EOF, T_NAME, T_NUM, T_STRING,
	T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK,
	T_SEMI, T_BAR, T_COMMA, T_COLON, T_EQ, T_AT, T_STAR, T_TILDE,
	T_AND,		/* /\ */
	T_OR,		/* \/ */
	T_ANDAND, T_OROR, T_NOT, T_EQEQ, T_NE,
};

struct diag {
	const char *file;
	int line, col;
	char msg[256];
	jmp_buf *env;
};

struct lexer {
	const char *file;
	const char *src, *p;
	int line, col;
	/* the current token */
	enum tok tok;
	int tline, tcol;
	int eline, ecol;	/* just after the token before it */
	const char *tstart;
	size_t tlen;
	char text[256];		/* NAME / STRING contents */
	unsigned long num;
	struct diag *diag;
	int depth;		/* nesting levels open (limits.h FC_MAX_NEST) */
};

void lex_init(struct lexer *lx, const char *file, const char *src,
	      struct diag *d);
void lex_next(struct lexer *lx);
/*
 * The digits of a number at s: decimal, or hex after 0x (never octal:
 * `010` is ten).  The value in *v, *too_large set when it does not fit an
 * unsigned long; returns how many characters it took.  The litmus lexer
 * shares it.
 */
size_t lex_digits(const char *s, unsigned long *v, int *too_large);
/* Raw text from the current token to the end of its line (comment cut,
 * blanks trimmed); the lexer moves to the next line. */
const char *lex_rest_of_line(struct lexer *lx, char *buf, size_t len);
/*
 * The same, from just after the current token (an '='), for a value that
 * is no token of the language (a path such as ./riscv.machine).
 */
const char *lex_raw_rest_of_line(struct lexer *lx, char *buf, size_t len);
/*
 * The current NAME token taken on through the '-' and '.' that follow it
 * without a blank, with the name characters after them: a file's name
 * such as arm64-mte or riscv-6.9, which the expression syntax would split
 * (a minus, a number).  Returns lx->text; the lexer stays on the token.
 */
const char *lex_file_name(struct lexer *lx);
/* Is the current token the first on its line? */
int lex_at_line_start(const struct lexer *lx);

_Noreturn void lex_error_at(struct diag *d, int line, int col,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
_Noreturn void lex_error(struct lexer *lx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Every recursive parse function calls lex_enter on entry and lex_leave on
 * its way out; past FC_MAX_NEST levels lex_enter reports an error at the
 * current token (errors longjmp, so nothing needs unwinding).
 */
void lex_enter(struct lexer *lx);
void lex_leave(struct lexer *lx);

/* Does a line end at s (LF, CRLF or CR)? */
static inline int lex_eol(const char *s)
{
	return *s == '\n' || *s == '\r';
}

const char *tok_name(enum tok t);
int lex_is(const struct lexer *lx, const char *name);	/* T_NAME with text */
/*
 * Step over one character of text, counting lines and columns as every
 * reader of the project does (LF, CR and CRLF each end one line).
 */
void lex_step(const char **p, int *line, int *col);
void lex_expect(struct lexer *lx, enum tok t, const char *what);

#endif
