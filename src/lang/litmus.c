/* SPDX-License-Identifier: MIT */
/*
 * litmus.c - herd7's AArch64 .litmus reader (litmus.h, model/arm.h).
 *
 * A litmus file has four parts, which herd's splitter cuts apart and this
 * reader takes in the same order:
 *
 *   AArch64 NAME                     the header line, then Key=Value lines
 *   { 0:X1=x; [x]=1; ins_t *1:X9; }  the initial state
 *   P0 | P1 | P1.F ;                 the columns, then rows of cells
 *   locations [..] exists (...)      what herd prints, and the condition
 *
 * herd's tokens are not the scenario language's (`#` starts an immediate,
 * `(* *)` comments nest, `B.NE` and `P1.F` are single names), so the lexer
 * is this file's own.  Code comes before it can be resolved: a column's
 * branch may name a later label and the init block names labels of code
 * below it.  So cells and init entries are parsed into pending records,
 * the code is laid out into slots once the table ends, and only then are
 * targets, init values and instruction values resolved.
 *
 * Where herd's behaviour is not obvious it was measured on herd7 7.58
 * with -variant ifetch, and the reason is written next to the rule:
 * instruction values print as herd prints them (branch targets as `.+N`
 * from the instruction's own address), observed locations are sorted as
 * herd sorts its states, and the condition is printed with herd's
 * parentheses.  Every error is file:line:col through lex_error_at's
 * longjmp, so no function below needs error plumbing.
 */
#include "litmus.h"
#include "limits.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Limits of the reader's own tables, each with its reason.  A name or a
 * string longer than herd's tests ever write is refused, not cut.
 */
#define LIT_MAX_NAME	128	/* a name, a string, a test name */
#define LIT_MAX_LABELS	(2 * ARM_MAX_SLOTS)	/* two labels a slot */
#define LIT_MAX_INIT	(ARM_MAX_THREADS * AR_COUNT + ARM_MAX_LOCS)
				/* every register and location once */
#define LIT_MAX_COLS	(2 * ARM_MAX_THREADS)	/* a main and a handler
						 * column per thread */
#define LIT_MAX_TEXT	96	/* an instruction's text, as herd prints it */

/* ---- tokens ------------------------------------------------------------ */

enum lt {
	LT_EOF, LT_NAME, LT_NUM, LT_STR,
	LT_LBRACE, LT_RBRACE, LT_LPAREN, LT_RPAREN, LT_LBRACK, LT_RBRACK,
	LT_SEMI, LT_COMMA, LT_COLON, LT_BAR, LT_EQ, LT_EQEQ, LT_NE,
	LT_TILDE, LT_AND, LT_OR, LT_IMPLIES, LT_STAR, LT_AMP, LT_HASH,
	LT_DOT, LT_PLUS, LT_MINUS, LT_BANG,
};

static const char *const lt_names[] = {
	"end of file", "name", "number", "string", "'{'", "'}'", "'('", "')'",
	"'['", "']'", "';'", "','", "':'", "'|'", "'='", "'=='", "'!='",
	"'~'", "'/\\'", "'\\/'", "'=>'", "'*'", "'&'", "'#'", "'.'", "'+'",
	"'-'", "'!'",
};

struct llex {
	struct diag *d;
	const char *src, *p;
	int line, col;		/* of p */
	enum lt tok;
	int tline, tcol;	/* of the token */
	const char *tstart;
	char text[LIT_MAX_NAME];	/* LT_NAME, LT_STR */
	int doc;		/* a string here is the header's doc string,
				 * skipped whatever its length */
	unsigned long num;		/* LT_NUM */
};

#define ERR_AT(lx, l, c, ...) lex_error_at((lx)->d, l, c, __VA_ARGS__)
#define ERR(lx, ...) ERR_AT(lx, (lx)->tline, (lx)->tcol, __VA_ARGS__)

static void adv(struct llex *lx)
{
	lex_step(&lx->p, &lx->line, &lx->col);
}

/*
 * herd's comments (* ... *) nest (lib/lexUtils.mll counts them), so a
 * comment is a recursive construct: FC_MAX_NEST levels at most.
 */
static void skip_comment(struct llex *lx)
{
	int line = lx->line, col = lx->col, depth = 0;

	do {
		if (!*lx->p)
			ERR_AT(lx, line, col, "unterminated comment");
		if (lx->p[0] == '(' && lx->p[1] == '*') {
			if (++depth > FC_MAX_NEST)
				ERR_AT(lx, lx->line, lx->col, "comments nested "
				       "too deeply (more than %d levels)",
				       FC_MAX_NEST);
			adv(lx);
		} else if (lx->p[0] == '*' && lx->p[1] == ')') {
			depth--;
			adv(lx);
		}
		adv(lx);
	} while (depth > 0);
}

static void skip_blank(struct llex *lx)
{
	for (;;) {
		if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' ||
		    *lx->p == '\n' || *lx->p == '\f' || *lx->p == '\v')
			adv(lx);
		else if (lx->p[0] == '(' && lx->p[1] == '*')
			skip_comment(lx);
		else
			return;
	}
}

static int name_start(int c)
{
	return isalpha(c) || c == '_' || c == '$';
}

/* `B.NE`, `P1.F` and `ELR_EL1` are single names, as in herd's lexers. */
static int name_char(int c)
{
	return isalnum(c) || c == '_' || c == '$' || c == '.';
}

static void set(struct llex *lx, enum lt t, int n)
{
	lx->tok = t;
	while (n--)
		adv(lx);
}

static void scan_number(struct llex *lx)
{
	const char *s = lx->p;
	unsigned long v;
	int big;
	int n = (int)lex_digits(s, &v, &big);

	if (big)
		ERR(lx, "number too large");
	if (name_char((unsigned char)s[n]))
		ERR_AT(lx, lx->line, lx->col + n, "bad number");
	lx->num = v;
	set(lx, LT_NUM, n);
}

static void next(struct llex *lx)
{
	unsigned char c;

	skip_blank(lx);
	lx->tline = lx->line;
	lx->tcol = lx->col;
	lx->tstart = lx->p;
	c = (unsigned char)*lx->p;
	if (!c) {
		lx->tok = LT_EOF;
		return;
	}
	if (isdigit(c)) {
		scan_number(lx);
		return;
	}
	if (name_start(c)) {
		int n = 0;

		while (name_char((unsigned char)lx->p[n]))
			n++;
		if (n >= LIT_MAX_NAME)
			ERR(lx, "name too long (more than %d characters)",
			    LIT_MAX_NAME - 1);
		memcpy(lx->text, lx->p, (size_t)n);
		lx->text[n] = '\0';
		set(lx, LT_NAME, n);
		return;
	}
	if (c == '"') {
		int n = 1;

		while (lx->p[n] && lx->p[n] != '"' && !lex_eol(lx->p + n))
			n++;
		if (lx->p[n] != '"')
			ERR(lx, "unterminated string");
		if (n - 1 >= LIT_MAX_NAME && !lx->doc)
			ERR(lx, "string too long (more than %d characters)",
			    LIT_MAX_NAME - 1);
		if (n - 1 >= LIT_MAX_NAME) {	/* a doc string: not kept */
			lx->text[0] = '\0';
		} else {
			memcpy(lx->text, lx->p + 1, (size_t)(n - 1));
			lx->text[n - 1] = '\0';
		}
		set(lx, LT_STR, n + 1);
		return;
	}
	switch (c) {
	case '{': set(lx, LT_LBRACE, 1); return;
	case '}': set(lx, LT_RBRACE, 1); return;
	case '(': set(lx, LT_LPAREN, 1); return;
	case ')': set(lx, LT_RPAREN, 1); return;
	case '[': set(lx, LT_LBRACK, 1); return;
	case ']': set(lx, LT_RBRACK, 1); return;
	case ';': set(lx, LT_SEMI, 1); return;
	case ',': set(lx, LT_COMMA, 1); return;
	case ':': set(lx, LT_COLON, 1); return;
	case '|': set(lx, LT_BAR, 1); return;
	case '~': set(lx, LT_TILDE, 1); return;
	case '*': set(lx, LT_STAR, 1); return;
	case '&': set(lx, LT_AMP, 1); return;
	case '#': set(lx, LT_HASH, 1); return;
	case '.': set(lx, LT_DOT, 1); return;
	case '+': set(lx, LT_PLUS, 1); return;
	case '-': set(lx, LT_MINUS, 1); return;
	case '=':
		if (lx->p[1] == '>')
			set(lx, LT_IMPLIES, 2);
		else if (lx->p[1] == '=')
			set(lx, LT_EQEQ, 2);
		else
			set(lx, LT_EQ, 1);
		return;
	case '!':
		if (lx->p[1] == '=')
			set(lx, LT_NE, 2);
		else
			set(lx, LT_BANG, 1);
		return;
	case '<':
		if (lx->p[1] == '>') {
			set(lx, LT_NE, 2);
			return;
		}
		break;
	case '/':
		if (lx->p[1] == '\\') {
			set(lx, LT_AND, 2);
			return;
		}
		break;
	case '\\':
		if (lx->p[1] == '/') {
			set(lx, LT_OR, 2);
			return;
		}
		break;
	}
	if (isprint(c))
		ERR(lx, "unexpected character '%c'", c);
	ERR(lx, "unexpected byte 0x%02x", c);
}

/* The token after the current one, without moving. */
static enum lt peek(const struct llex *lx)
{
	struct llex copy = *lx;

	next(&copy);
	return copy.tok;
}

/* `M X` where mnemonic M (at line:col) has no form X we model. */
static _Noreturn void unsupported_form(struct llex *lx, int line, int col,
				       const char *m)
{
	ERR_AT(lx, line, col, "unsupported instruction '%s %s'", m,
	       lx->tok == LT_NAME ? lx->text : "");
}

static _Noreturn void unexpected(struct llex *lx, const char *what)
{
	if (lx->tok == LT_NAME || lx->tok == LT_STR)
		ERR(lx, "expected %s, found '%s'", what, lx->text);
	if (lx->tok == LT_NUM)
		ERR(lx, "expected %s, found '%lu'", what, lx->num);
	ERR(lx, "expected %s, found %s", what, lt_names[lx->tok]);
}

static void expect(struct llex *lx, enum lt t, const char *what)
{
	if (lx->tok != t)
		unexpected(lx, what);
	next(lx);
}

/* Case-insensitive: herd's lexers take `nop` and `NOP`, `ish` and `ISH`. */
static int is(const struct llex *lx, const char *name)
{
	const char *s = lx->text;

	if (lx->tok != LT_NAME)
		return 0;
	for (; *s && *name; s++, name++)
		if (toupper((unsigned char)*s) != *name)
			return 0;
	return !*s && !*name;
}

/* ---- pending records: code and values before they are resolved -------- */

/* A value as written, resolved once the code is laid out. */
enum rval_kind { RV_INT, RV_LOC, RV_CODE, RV_INSN };

struct pins;

struct rval {
	enum rval_kind kind;
	int32_t i;		/* RV_INT */
	const char *name;	/* RV_LOC: location; RV_CODE: label */
	int proc;		/* RV_CODE: whose label */
	struct pins *ins;	/* RV_INSN */
	int line, col;
};

/*
 * An instruction before its target is resolved.  head is its text up to
 * the target, which is always printed last ("B ", "CBZ W4,").
 */
struct pins {
	struct ainsn i;
	char head[LIT_MAX_TEXT];
	int has_target;
	char tlabel[LIT_MAX_NAME];	/* target label, or "": i.imm is N / 4 */
	int tline, tcol;
	int col, row;		/* a cell's; -1 for a value */
	int slot;
};

struct plabel {
	const char *name;
	int proc, col, row;
	int slot;
	int line, cl;
};

struct pinit {
	int is_mem;
	int thread, reg;	/* a register */
	const char *mem;	/* a location */
	int has_value;
	struct rval v;
	int line, col;
};

struct column {
	int proc;
	int handler;		/* a PN.F column */
};

/* The condition, as parsed: herd's own shape, for printing it. */
enum pkind { PK_TRUE, PK_FALSE, PK_ATOM, PK_NOT, PK_AND, PK_OR, PK_IMPLIES };

struct pnode {
	enum pkind kind;
	struct pnode *a, *b;
	int ne;			/* PK_ATOM: != (herd prints not (a=v)) */
	int obs;		/* PK_ATOM */
	aval val;
	const char *vtext;	/* the value as herd prints it */
};

struct lparser {
	struct llex lx;
	struct arena *a;
	struct program *p;
	struct aprog *ap;
	int depth;		/* nesting of the condition */

	int ncols;
	struct column cols[LIT_MAX_COLS];
	int nrows;

	int npins;
	struct pins *pins[ARM_MAX_SLOTS];
	int nlabels;
	struct plabel labels[LIT_MAX_LABELS];
	int ninit;
	struct pinit init[LIT_MAX_INIT];
};

/* ---- registers and values ---------------------------------------------- */

/*
 * X0..X30, W0..W30, XZR, WZR (and LR for X30, as herd).  Returns the
 * register and sets *w for a W form; -1 if s is no register.
 */
static int reg_of(const char *s, int *w)
{
	char u[8];
	size_t n = strlen(s);
	char *end;
	long k;

	if (n < 2 || n >= sizeof u)
		return -1;
	for (size_t i = 0; i <= n; i++)
		u[i] = (char)toupper((unsigned char)s[i]);
	*w = u[0] == 'W';
	if (!strcmp(u, "LR")) {
		*w = 0;
		return 30;
	}
	if (u[0] != 'X' && u[0] != 'W')
		return -1;
	if (!strcmp(u + 1, "ZR"))
		return AR_XZR;
	if (!isdigit((unsigned char)u[1]) || (u[1] == '0' && u[2]))
		return -1;
	k = strtol(u + 1, &end, 10);
	return *end || k > 30 ? -1 : (int)k;
}

static const char *reg_text(int r, int w)
{
	static const char *const x[] = {
		"X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9",
		"X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "X18",
		"X19", "X20", "X21", "X22", "X23", "X24", "X25", "X26", "X27",
		"X28", "X29", "X30", "XZR",
	};
	static const char *const wn[] = {
		"W0", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9",
		"W10", "W11", "W12", "W13", "W14", "W15", "W16", "W17", "W18",
		"W19", "W20", "W21", "W22", "W23", "W24", "W25", "W26", "W27",
		"W28", "W29", "W30", "WZR",
	};
	return w ? wn[r] : x[r];
}

/* "P12" -> 12; -1 if s is not a process name. */
static int proc_of(const char *s)
{
	long k;
	char *end;

	if (s[0] != 'P' || !isdigit((unsigned char)s[1]) ||
	    (s[1] == '0' && s[2]))
		return -1;
	k = strtol(s + 1, &end, 10);
	return *end || k >= 1000 ? -1 : (int)k;
}

/* An integer as written, with its sign; it must fit an aval. */
static int32_t signed_num(struct llex *lx)
{
	int line = lx->tline, col = lx->tcol, neg = 0;

	if (lx->tok == LT_MINUS || lx->tok == LT_PLUS) {
		neg = lx->tok == LT_MINUS;
		next(lx);
	}
	if (lx->tok != LT_NUM)
		unexpected(lx, "a number");
	if (lx->num > (unsigned long)AV_INT_MAX + neg)
		ERR_AT(lx, line, col, "constant does not fit in 30 bits "
		       "(%d..%d)", AV_INT_MIN, AV_INT_MAX);
	next(lx);
	return neg ? -(int32_t)lx->num : (int32_t)lx->num;
}

/* ---- instructions ----------------------------------------------------- */

static void init_pins(struct pins *pi)
{
	memset(pi, 0, sizeof *pi);
	pi->i.rd = pi->i.rn = pi->i.rm = AR_NONE;
	pi->col = pi->row = pi->slot = -1;
}

static void head(struct pins *pi, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void head(struct pins *pi, const char *fmt, ...)
{
	size_t n = strlen(pi->head);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pi->head + n, sizeof pi->head - n, fmt, ap);
	va_end(ap);
}

/* A register operand; *w its width. */
static int reg_op(struct llex *lx, int *w)
{
	int r = lx->tok == LT_NAME ? reg_of(lx->text, w) : -1;

	if (r < 0)
		unexpected(lx, "a register");
	next(lx);
	return r;
}

static int xreg_op(struct llex *lx)
{
	int line = lx->tline, col = lx->tcol, w;
	int r = reg_op(lx, &w);

	if (w)
		ERR_AT(lx, line, col, "expected an X register");
	return r;
}

/* A register of width w (the instruction's first operand's). */
static int same_width(struct llex *lx, int w)
{
	int line = lx->tline, col = lx->tcol, w2;
	int r = reg_op(lx, &w2);

	if (w2 != w)
		ERR_AT(lx, line, col, "expected a%s register, as the first "
		       "operand", w ? " W" : "n X");
	return r;
}

static int is_imm_start(const struct llex *lx)
{
	return lx->tok == LT_HASH || lx->tok == LT_NUM ||
	       lx->tok == LT_MINUS || lx->tok == LT_PLUS;
}

/* #imm (herd's '#' is optional). */
static int32_t imm_op(struct llex *lx)
{
	if (lx->tok == LT_HASH)
		next(lx);
	return signed_num(lx);
}

static void comma(struct llex *lx)
{
	expect(lx, LT_COMMA, "','");
}

static const char *const cond_names[AC_COUNT] = {
	"EQ", "NE", "CS", "CC", "MI", "PL", "VS", "VC",
	"HI", "LS", "GE", "LT", "GT", "LE", "AL",
};

static int cond_of(const char *s)
{
	char u[4];

	if (strlen(s) != 2)
		return -1;
	u[0] = (char)toupper((unsigned char)s[0]);
	u[1] = (char)toupper((unsigned char)s[1]);
	u[2] = '\0';
	for (int k = 0; k < AC_COUNT; k++)
		if (!strcmp(u, cond_names[k]))
			return k;
	return -1;
}

static int cond_op(struct llex *lx)
{
	int c = lx->tok == LT_NAME ? cond_of(lx->text) : -1;

	if (c < 0)
		unexpected(lx, "a condition (EQ, NE, ...)");
	next(lx);
	return c;
}

/* A branch target: a label, or .+N / .-N with N a multiple of 4. */
static void target_op(struct llex *lx, struct pins *pi)
{
	pi->has_target = 1;
	pi->tline = lx->tline;
	pi->tcol = lx->tcol;
	if (lx->tok == LT_DOT) {
		int32_t n;

		next(lx);
		if (lx->tok != LT_PLUS && lx->tok != LT_MINUS)
			unexpected(lx, "'+' or '-' after '.'");
		n = signed_num(lx);
		if (n % 4)
			ERR_AT(lx, pi->tline, pi->tcol, "branch offset %d is "
			       "not a multiple of 4", (int)n);
		pi->i.tkind = AT_REL;
		pi->i.imm = n / 4;
		return;
	}
	if (lx->tok != LT_NAME)
		unexpected(lx, "a label or .+N");
	snprintf(pi->tlabel, sizeof pi->tlabel, "%s", lx->text);
	next(lx);
}

/*
 * The second source of ADD, SUB, EOR, AND, ORR and CMP: #imm, or a
 * register of the first operand's width, or (ADD, SUB, CMP) a register
 * with SXTW.  Sign-extending the low 32 bits leaves every value of the
 * model's 30-bit integers as it is, so the model needs no field for it;
 * UXTW and the shifts would change values and are refused.
 */
static void op2(struct llex *lx, struct pins *pi, int w, int ext_ok)
{
	if (is_imm_start(lx)) {
		pi->i.imm_op = 1;
		pi->i.imm = imm_op(lx);
		head(pi, ",#%d", (int)pi->i.imm);
		if (lx->tok == LT_COMMA)
			ERR(lx, "unsupported shifted immediate");
		return;
	}
	{
		int line = lx->tline, col = lx->tcol, w2;
		int r = reg_op(lx, &w2);

		pi->i.rm = (uint8_t)r;
		head(pi, ",%s", reg_text(r, w2));
		if (lx->tok != LT_COMMA) {
			if (w2 != w)
				ERR_AT(lx, line, col, "expected a%s register, "
				       "as the first operand", w ? " W" : "n X");
			return;
		}
		next(lx);
		if (!ext_ok || !is(lx, "SXTW"))
			unexpected(lx, ext_ok ? "SXTW (the one extend supported)"
				   : "the end of the instruction");
		if (w && !w2)
			ERR_AT(lx, line, col, "expected a W register");
		head(pi, ",SXTW");
		next(lx);
		if (lx->tok != LT_BAR && lx->tok != LT_SEMI &&
		    lx->tok != LT_EOF)
			ERR(lx, "unsupported extend amount");
	}
}

/*
 * The index register's extend in [Xn,Rm,EXT]: herd prints LSL (with #0)
 * as nothing, the others by name.  Any shift amount but #0 is refused.
 */
static const char *const index_exts[] = { "LSL", "SXTW", "UXTW", "SXTX" };

static const char *index_ext(struct llex *lx)
{
	size_t k;

	for (k = 0; k < sizeof index_exts / sizeof index_exts[0]; k++)
		if (is(lx, index_exts[k]))
			break;
	if (k == sizeof index_exts / sizeof index_exts[0])
		unexpected(lx, "SXTW, UXTW, SXTX or LSL");
	next(lx);
	if (is_imm_start(lx)) {
		int line = lx->tline, col = lx->tcol;

		if (imm_op(lx) != 0)
			ERR_AT(lx, line, col, "unsupported shifted index");
	}
	return k ? index_exts[k] : NULL;
}

/* [Xn], [Xn,#imm], [Xn,Rm], [Xn,Rm,EXT]; plain_only: [Xn] alone. */
static void mem_op(struct llex *lx, struct pins *pi, int plain_only)
{
	int rn;

	expect(lx, LT_LBRACK, "'['");
	rn = xreg_op(lx);
	pi->i.rn = (uint8_t)rn;
	pi->i.addr = AA_REG;
	if (lx->tok == LT_COMMA && !plain_only) {
		next(lx);
		if (is_imm_start(lx)) {
			pi->i.imm = imm_op(lx);
			/* herd prints [X1,#0] as [X1]: the same instruction */
			if (pi->i.imm)
				pi->i.addr = AA_IMM;
		} else {
			const char *ext = NULL;
			int w, rm = reg_op(lx, &w);

			pi->i.addr = AA_REGREG;
			pi->i.rm = (uint8_t)rm;
			if (lx->tok == LT_COMMA) {
				next(lx);
				ext = index_ext(lx);
			}
			head(pi, ",[%s,%s%s%s]", reg_text(rn, 0),
			     reg_text(rm, w), ext ? "," : "", ext ? ext : "");
		}
	}
	if (pi->i.addr == AA_IMM)
		head(pi, ",[%s,#%d]", reg_text(rn, 0), (int)pi->i.imm);
	else if (pi->i.addr == AA_REG)
		head(pi, ",[%s]", reg_text(rn, 0));
	expect(lx, LT_RBRACK, "']'");
	if (lx->tok == LT_BANG || lx->tok == LT_COMMA)
		ERR(lx, "unsupported addressing mode (pre- or post-index)");
}

/* DSB and DMB options: the domain is printed, only the type is modelled. */
static const struct {
	const char *name;
	enum abar bar;
} bar_opts[] = {
	{ "SY", AB_FULL }, { "ST", AB_ST }, { "LD", AB_LD },
	{ "ISH", AB_FULL }, { "ISHST", AB_ST }, { "ISHLD", AB_LD },
	{ "OSH", AB_FULL }, { "OSHST", AB_ST }, { "OSHLD", AB_LD },
	/* herd's aarch64fences.cat puts NSH options in no class */
	{ "NSH", AB_NONE }, { "NSHST", AB_NONE }, { "NSHLD", AB_NONE },
};

/* Arithmetic and logic mnemonics, ORDER AI from AI_ADD. */
static const char *const alu_names[] = { "ADD", "SUB", "EOR", "AND", "ORR" };

/*
 * One instruction at the current token into pi, text in herd's form
 * (AArch64Base's printer: `MOV W9,#1`, `LDR W2,[X1,#8]`, `IC IALLU,XZR`).
 */
static void parse_insn(struct llex *lx, struct pins *pi)
{
	struct ainsn *i = &pi->i;
	char m[LIT_MAX_NAME];
	int line = lx->tline, col = lx->tcol, w = 0, r;

	if (lx->tok != LT_NAME)
		unexpected(lx, "an instruction");
	for (size_t k = 0; k <= strlen(lx->text); k++)
		m[k] = (char)toupper((unsigned char)lx->text[k]);
	i->src_line = line;
	i->src_col = col;
	next(lx);

	if (!strcmp(m, "NOP")) {
		i->op = AI_NOP;
		head(pi, "NOP");
	} else if (!strcmp(m, "MOV")) {
		i->op = AI_MOV;
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		head(pi, "MOV %s", reg_text(r, w));
		comma(lx);
		if (is_imm_start(lx)) {
			i->imm_op = 1;
			i->imm = imm_op(lx);
			head(pi, ",#%d", (int)i->imm);
		} else {
			i->rm = (uint8_t)same_width(lx, w);
			head(pi, ",%s", reg_text(i->rm, w));
		}
	} else if (!strcmp(m, "CMP")) {
		i->op = AI_CMP;
		r = reg_op(lx, &w);
		i->rn = (uint8_t)r;
		i->w = (uint8_t)w;
		head(pi, "CMP %s", reg_text(r, w));
		comma(lx);
		op2(lx, pi, w, 1);
	} else if (!strcmp(m, "CSET")) {
		i->op = AI_CSET;
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		comma(lx);
		i->cond = (uint8_t)cond_op(lx);
		head(pi, "CSET %s,%s", reg_text(r, w), cond_names[i->cond]);
	} else if (!strcmp(m, "CSEL")) {
		i->op = AI_CSEL;
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		comma(lx);
		i->rn = (uint8_t)same_width(lx, w);
		comma(lx);
		i->rm = (uint8_t)same_width(lx, w);
		comma(lx);
		i->cond = (uint8_t)cond_op(lx);
		head(pi, "CSEL %s,%s,%s,%s", reg_text(r, w),
		     reg_text(i->rn, w), reg_text(i->rm, w),
		     cond_names[i->cond]);
	} else if (!strcmp(m, "ADR")) {
		i->op = AI_ADR;
		i->rd = (uint8_t)xreg_op(lx);
		comma(lx);
		head(pi, "ADR %s,", reg_text(i->rd, 0));
		target_op(lx, pi);
	} else if (!strcmp(m, "LDR") || !strcmp(m, "STR")) {
		i->op = m[0] == 'L' ? AI_LDR : AI_STR;
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		head(pi, "%s %s", m, reg_text(r, w));
		comma(lx);
		mem_op(lx, pi, 0);
	} else if (!strcmp(m, "LDAR") || !strcmp(m, "STLR")) {
		i->op = m[0] == 'L' ? AI_LDAR : AI_STLR;
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		head(pi, "%s %s", m, reg_text(r, w));
		comma(lx);
		mem_op(lx, pi, 1);
	} else if (!strcmp(m, "B") || !strcmp(m, "BL")) {
		i->op = m[1] ? AI_BL : AI_B;
		head(pi, "%s ", m);
		target_op(lx, pi);
	} else if (!strncmp(m, "B.", 2) && cond_of(m + 2) >= 0) {
		i->op = AI_BCOND;
		i->cond = (uint8_t)cond_of(m + 2);
		head(pi, "B.%s ", cond_names[i->cond]);
		target_op(lx, pi);
	} else if (!strcmp(m, "CBZ") || !strcmp(m, "CBNZ")) {
		i->op = m[2] == 'Z' ? AI_CBZ : AI_CBNZ;
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		comma(lx);
		head(pi, "%s %s,", m, reg_text(r, w));
		target_op(lx, pi);
	} else if (!strcmp(m, "BLR") || !strcmp(m, "BR")) {
		i->op = m[1] == 'L' ? AI_BLR : AI_BR;
		i->rn = (uint8_t)xreg_op(lx);
		head(pi, "%s %s", m, reg_text(i->rn, 0));
	} else if (!strcmp(m, "RET")) {
		i->op = AI_RET;
		head(pi, "RET");
		/* RET and RET X30 do the same, but herd keeps them apart */
		if (lx->tok == LT_NAME) {
			i->rn = (uint8_t)xreg_op(lx);
			head(pi, " %s", reg_text(i->rn, 0));
		}
	} else if (!strcmp(m, "DC")) {
		if (!is(lx, "CVAU"))
			unsupported_form(lx, line, col, "DC");
		next(lx);
		comma(lx);
		i->op = AI_DC_CVAU;
		i->rn = (uint8_t)xreg_op(lx);
		head(pi, "DC CVAU,%s", reg_text(i->rn, 0));
	} else if (!strcmp(m, "IC")) {
		if (is(lx, "IVAU")) {
			next(lx);
			comma(lx);
			i->op = AI_IC_IVAU;
			i->rn = (uint8_t)xreg_op(lx);
			head(pi, "IC IVAU,%s", reg_text(i->rn, 0));
		} else if (is(lx, "IALLU") || is(lx, "IALLUIS")) {
			i->op = is(lx, "IALLU") ? AI_IC_IALLU : AI_IC_IALLUIS;
			next(lx);
			/* herd prints IC IALLU as IC IALLU,XZR and reads both */
			if (lx->tok == LT_COMMA) {
				next(lx);
				if (xreg_op(lx) != AR_XZR)
					ERR(lx, "IC %s takes no address",
					    i->op == AI_IC_IALLU ? "IALLU"
					    : "IALLUIS");
			}
			head(pi, "IC %s,XZR", i->op == AI_IC_IALLU ? "IALLU"
			     : "IALLUIS");
		} else {
			unsupported_form(lx, line, col, "IC");
		}
	} else if (!strcmp(m, "DSB") || !strcmp(m, "DMB")) {
		size_t k;

		i->op = m[1] == 'S' ? AI_DSB : AI_DMB;
		for (k = 0; k < sizeof bar_opts / sizeof bar_opts[0]; k++)
			if (is(lx, bar_opts[k].name))
				break;
		if (k == sizeof bar_opts / sizeof bar_opts[0])
			unexpected(lx, "a barrier option (SY, ISH, ISHLD, ...)");
		next(lx);
		i->bar = (uint8_t)bar_opts[k].bar;
		/*
		 * and a slip there (`let DSB.OSHLD = try DSB.OSH`) leaves
		 * DSB OSHLD in none: it orders nothing in herd7
		 */
		if (!strcmp(m, "DSB") && !strcmp(bar_opts[k].name, "OSHLD"))
			i->bar = AB_NONE;
		/* herd prints DMB SY as DMB SY, but DMB SY,ST as DMB ST */
		head(pi, "%s %s", m, bar_opts[k].name);
	} else if (!strcmp(m, "ISB")) {
		i->op = AI_ISB;
		head(pi, "ISB");
	} else if (!strcmp(m, "MSR")) {
		if (!is(lx, "ELR_EL1"))
			unsupported_form(lx, line, col, "MSR");
		next(lx);
		comma(lx);
		i->op = AI_MSR_ELR;
		i->rd = (uint8_t)xreg_op(lx);
		head(pi, "MSR ELR_EL1,%s", reg_text(i->rd, 0));
	} else if (!strcmp(m, "ERET")) {
		i->op = AI_ERET;
		head(pi, "ERET");
	} else {
		size_t k;

		for (k = 0; k < sizeof alu_names / sizeof alu_names[0]; k++)
			if (!strcmp(m, alu_names[k]))
				break;
		if (k == sizeof alu_names / sizeof alu_names[0])
			ERR_AT(lx, line, col, "unsupported instruction '%s'", m);
		i->op = (uint8_t)(AI_ADD + k);
		r = reg_op(lx, &w);
		i->rd = (uint8_t)r;
		i->w = (uint8_t)w;
		comma(lx);
		i->rn = (uint8_t)same_width(lx, w);
		comma(lx);
		head(pi, "%s %s,%s", m, reg_text(r, w), reg_text(i->rn, w));
		op2(lx, pi, w, i->op == AI_ADD || i->op == AI_SUB);
	}
}

/* ---- the instruction table ---------------------------------------------- */

/*
 * The index of i in insns[], added if new.  Two entries are the same
 * value when every field and herd's text agree: the text keeps apart
 * what the model treats alike but herd does not (DSB SY and DSB ISH,
 * RET and RET X30).
 */
static int intern(struct lparser *ps, const struct ainsn *i, int line, int col)
{
	struct aprog *ap = ps->ap;

	for (int k = 0; k < ap->ninsns; k++) {
		const struct ainsn *o = &ap->insns[k];

		if (o->op == i->op && o->rd == i->rd && o->rn == i->rn &&
		    o->rm == i->rm && o->cond == i->cond && o->bar == i->bar &&
		    o->imm_op == i->imm_op && o->w == i->w &&
		    o->addr == i->addr && o->tkind == i->tkind &&
		    o->imm == i->imm && !strcmp(o->text, i->text))
			return k;
	}
	if (ap->ninsns >= ARM_MAX_INSNS)
		ERR_AT(&ps->lx, line, col, "more than %d distinct instructions",
		       ARM_MAX_INSNS);
	ap->insns[ap->ninsns] = *i;
	return ap->ninsns++;
}

static struct plabel *find_label(struct lparser *ps, int proc,
				 const char *name)
{
	for (int k = 0; k < ps->nlabels; k++)
		if (ps->labels[k].proc == proc &&
		    !strcmp(ps->labels[k].name, name))
			return &ps->labels[k];
	return NULL;
}

/*
 * Resolve pi's target and intern it.  In code, a label becomes an offset
 * from the instruction's own slot (AT_REL): herd gives a branch loaded as
 * data as `B .+8`, never `B l1`, so an instruction copied elsewhere keeps
 * its offset.  In a value (instr:"B l1") the label stays a label, as
 * herd prints it; it must name one slot of the whole test.
 */
static int resolve_insn(struct lparser *ps, struct pins *pi, int proc)
{
	struct ainsn i = pi->i;
	char text[LIT_MAX_TEXT + LIT_MAX_NAME];

	if (pi->has_target && pi->tlabel[0]) {
		const struct plabel *l = NULL;

		if (proc >= 0) {
			l = find_label(ps, proc, pi->tlabel);
			if (!l)
				ERR_AT(&ps->lx, pi->tline, pi->tcol, "no label "
				       "'%s' in P%d", pi->tlabel, proc);
			i.tkind = AT_REL;
			i.imm = l->slot - pi->slot;
		} else {
			for (int k = 0; k < ps->nlabels; k++) {
				if (strcmp(ps->labels[k].name, pi->tlabel))
					continue;
				if (l)
					ERR_AT(&ps->lx, pi->tline, pi->tcol,
					       "label '%s' is in more than one "
					       "thread: write .+N", pi->tlabel);
				l = &ps->labels[k];
			}
			if (!l)
				ERR_AT(&ps->lx, pi->tline, pi->tcol, "no label "
				       "'%s'", pi->tlabel);
			i.tkind = AT_SLOT;
			i.imm = l->slot;
		}
	}
	if (!pi->has_target)
		snprintf(text, sizeof text, "%s", pi->head);
	else if (i.tkind == AT_SLOT)
		snprintf(text, sizeof text, "%s%s", pi->head, pi->tlabel);
	else
		snprintf(text, sizeof text, "%s.%s%d", pi->head,
			 i.imm >= 0 ? "+" : "", (int)i.imm * 4);
	i.text = arena_strdup(ps->a, text);
	return intern(ps, &i, i.src_line, i.src_col);
}

/* ---- values ------------------------------------------------------------ */

static int loc_index(struct lparser *ps, const char *name, int line, int col)
{
	struct aprog *ap = ps->ap;

	for (int k = 0; k < ap->nlocs; k++)
		if (!strcmp(ap->loc_names[k], name))
			return k;
	if (ap->nlocs >= ARM_MAX_LOCS)
		ERR_AT(&ps->lx, line, col, "more than %d locations",
		       ARM_MAX_LOCS);
	ap->loc_names[ap->nlocs] = arena_strdup(ps->a, name);
	return ap->nlocs++;
}

/*
 * An instruction written as a value: instr:"..." is read by the same
 * parser, with positions inside the string (col is the string's first
 * character).
 */
static struct pins *string_insn(struct lparser *ps, const char *s, int line,
				int col)
{
	struct llex sub = { 0 };
	struct pins *pi = arena_alloc(ps->a, sizeof *pi);

	init_pins(pi);
	sub.d = ps->lx.d;
	sub.src = sub.p = s;
	sub.line = line;
	sub.col = col;
	next(&sub);
	parse_insn(&sub, pi);
	if (sub.tok != LT_EOF)
		unexpected(&sub, "the end of the instruction");
	return pi;
}

/*
 * A value: 1, -1, x (the address of x), NOP, instr:"B .+12", P1:m0,
 * 1:m0 or label:"P1:m0" (a code address).  code_ok: herd reads P1:m0 as
 * a label only in the init block; in a condition it is a register.
 */
static void parse_value(struct lparser *ps, struct rval *v, int code_ok)
{
	struct llex *lx = &ps->lx;

	memset(v, 0, sizeof *v);
	v->line = lx->tline;
	v->col = lx->tcol;
	if (lx->tok == LT_NUM && peek(lx) == LT_COLON) {
		if (!code_ok)
			ERR(lx, "a code address in a condition is written "
			    "label:\"P%lu:...\"", lx->num);
		v->kind = RV_CODE;
		v->proc = lx->num > 999 ? 999 : (int)lx->num;
		next(lx);
		next(lx);
		if (lx->tok != LT_NAME)
			unexpected(lx, "a label");
		v->name = arena_strdup(ps->a, lx->text);
		next(lx);
		return;
	}
	if (lx->tok == LT_NUM || lx->tok == LT_MINUS || lx->tok == LT_PLUS) {
		v->kind = RV_INT;
		v->i = signed_num(lx);
		return;
	}
	if (lx->tok != LT_NAME)
		unexpected(lx, "a value");
	if (is(lx, "NOP")) {
		struct pins *pi = arena_alloc(ps->a, sizeof *pi);

		init_pins(pi);
		pi->i.op = AI_NOP;
		pi->i.src_line = lx->tline;
		pi->i.src_col = lx->tcol;
		head(pi, "NOP");
		v->kind = RV_INSN;
		v->ins = pi;
		next(lx);
		return;
	}
	if ((!strcmp(lx->text, "instr") || !strcmp(lx->text, "label")) &&
	    peek(lx) == LT_COLON) {
		int instr = lx->text[0] == 'i';

		next(lx);
		next(lx);
		if (lx->tok != LT_STR)
			unexpected(lx, "a string");
		if (instr) {
			v->kind = RV_INSN;
			v->ins = string_insn(ps, lx->text, lx->tline,
					     lx->tcol + 1);
		} else {
			/* "P1:m0" or "1:m0", as herd's state lexer */
			const char *s = lx->text + (lx->text[0] == 'P');
			char *end;
			long k = strtol(s, &end, 10);

			if (!isdigit((unsigned char)*s) || *end != ':' ||
			    !end[1] || k > 999)
				ERR(lx, "expected label:\"P1:name\"");
			v->kind = RV_CODE;
			v->proc = (int)k;
			v->name = arena_strdup(ps->a, end + 1);
		}
		next(lx);
		return;
	}
	if (proc_of(lx->text) >= 0 && peek(lx) == LT_COLON) {
		if (!code_ok)
			ERR(lx, "a code address in a condition is written "
			    "label:\"%s:...\"", lx->text);
		v->kind = RV_CODE;
		v->proc = proc_of(lx->text);
		next(lx);
		next(lx);
		if (lx->tok != LT_NAME)
			unexpected(lx, "a label");
		v->name = arena_strdup(ps->a, lx->text);
		next(lx);
		return;
	}
	v->kind = RV_LOC;
	v->name = arena_strdup(ps->a, lx->text);
	next(lx);
}

/* The value, now that the code is laid out; its text as herd prints it. */
static aval resolve_value(struct lparser *ps, const struct rval *v,
			  const char **text)
{
	char buf[LIT_MAX_TEXT + LIT_MAX_NAME + 16];
	aval r = 0;

	switch (v->kind) {
	case RV_INT:
		r = av_int(v->i);
		snprintf(buf, sizeof buf, "%d", (int)v->i);
		break;
	case RV_LOC:
		r = AV_MAKE(AV_LOC, loc_index(ps, v->name, v->line, v->col));
		snprintf(buf, sizeof buf, "%s", v->name);
		break;
	case RV_CODE: {
		const struct plabel *l = find_label(ps, v->proc, v->name);

		if (!l)
			ERR_AT(&ps->lx, v->line, v->col, "no label '%s' in P%d",
			       v->name, v->proc);
		r = AV_MAKE(AV_CODE, l->slot);
		snprintf(buf, sizeof buf, "label:\"P%d:%s\"", v->proc, v->name);
		break;
	}
	case RV_INSN: {
		int k = resolve_insn(ps, v->ins, -1);

		r = AV_MAKE(AV_INSN, k);
		if (ps->ap->insns[k].op == AI_NOP)
			snprintf(buf, sizeof buf, "NOP");
		else
			snprintf(buf, sizeof buf, "instr:\"%s\"",
				 ps->ap->insns[k].text);
		break;
	}
	}
	if (text)
		*text = arena_strdup(ps->a, buf);
	return r;
}

/* ---- header ------------------------------------------------------------ */

static int test_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '/' || c == '.' || c == '-' ||
	       c == '+' || c == '[' || c == ']';
}

/* Header keys that only document a test (diy7 writes them). */
static const char *const doc_keys[] = {
	"Stable", "Hash", "Generator", "Prefetch", "Com", "Orig", "Cycle",
	"Relax", "Safe",
};

/* herd matches keys without regard to case (MiscParser.key_match). */
static int key_is(const char *k, const char *name)
{
	for (; *k && *name; k++, name++)
		if (toupper((unsigned char)*k) != toupper((unsigned char)*name))
			return 0;
	return !*k && !*name;
}

/*
 * CacheType=: blank-separated DIC and IDC, any case.  DIC implies IDC,
 * as herd's lib/cacheType.mll has it.
 */
static void cache_type(struct lparser *ps, const char *v, int line, int col)
{
	const char *s = v;

	while (*s) {
		const char *w;
		size_t n;

		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		w = s;
		while (isalpha((unsigned char)*s))
			s++;
		n = (size_t)(s - w);
		if (!n)
			ERR_AT(&ps->lx, line, col + (int)(w - v), "bad cache "
			       "type: keys are DIC and IDC, separated by "
			       "blanks");
		if (n == 3 && !strncasecmp(w, "DIC", 3))
			ps->ap->cache_type |= ACT_DIC | ACT_IDC;
		else if (n == 3 && !strncasecmp(w, "IDC", 3))
			ps->ap->cache_type |= ACT_IDC;
		else
			ERR_AT(&ps->lx, line, col + (int)(w - v), "'%.*s' is "
			       "not a cache-type key (DIC, IDC)", (int)n, w);
	}
}

/*
 * Variant=: herd's tags, separated by commas or blanks.  flushcheck runs
 * herd's -variant ifetch (self is its other name); any other tag changes
 * herd's model and is refused.  herd refuses DIC and IDC here too: they
 * are CacheType= keys.
 */
static void variant(struct lparser *ps, const char *v, int line, int col)
{
	const char *s = v;

	while (*s) {
		const char *w;
		size_t n;

		if (*s == ' ' || *s == '\t' || *s == ',') {
			s++;
			continue;
		}
		w = s;
		while (*s && *s != ' ' && *s != '\t' && *s != ',')
			s++;
		n = (size_t)(s - w);
		if ((n == 6 && !strncasecmp(w, "ifetch", 6)) ||
		    (n == 4 && !strncasecmp(w, "self", 4)))
			continue;
		if (n == 3 && (!strncasecmp(w, "DIC", 3) ||
			       !strncasecmp(w, "IDC", 3)))
			ERR_AT(&ps->lx, line, col + (int)(w - v), "'%.*s' is "
			       "not a variant: herd7 reads it from "
			       "CacheType=", (int)n, w);
		ERR_AT(&ps->lx, line, col + (int)(w - v), "unsupported "
		       "variant '%.*s' (flushcheck runs herd's ifetch "
		       "variant)", (int)n, w);
	}
}

/* One Key=Value line; lx is at the key, p just after it. */
static void header_key(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	char key[LIT_MAX_NAME], value[512];
	int line = lx->tline, kcol = lx->tcol, vcol;
	size_t n = 0;

	snprintf(key, sizeof key, "%s", lx->text);
	while (*lx->p == ' ' || *lx->p == '\t')
		adv(lx);
	if (*lx->p != '=')
		ERR_AT(lx, line, kcol, "expected 'Key=Value' or '{' to open "
		       "the initial state");
	adv(lx);
	while (*lx->p == ' ' || *lx->p == '\t')
		adv(lx);
	vcol = lx->col;
	while (*lx->p && !lex_eol(lx->p)) {
		if (n + 1 >= sizeof value)
			ERR_AT(lx, line, vcol, "value too long (more than %zu "
			       "characters)", sizeof value - 1);
		value[n++] = *lx->p;
		adv(lx);
	}
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	value[n] = '\0';
	if (key_is(key, "CacheType")) {
		cache_type(ps, value, line, vcol);
	} else if (key_is(key, "Variant")) {
		variant(ps, value, line, vcol);
	} else {
		size_t k;

		for (k = 0; k < sizeof doc_keys / sizeof doc_keys[0]; k++)
			if (key_is(key, doc_keys[k]))
				break;
		if (k == sizeof doc_keys / sizeof doc_keys[0])
			ERR_AT(lx, line, kcol, "unsupported header key '%s'",
			       key);
	}
	next(lx);
}

/*
 * `AArch64 NAME`, an optional (texname) and "doc string", then Key=Value
 * lines up to the '{'.
 */
static void parse_header(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	const char *s;
	int n = 0, line, col;

	if (lx->tok != LT_NAME)
		unexpected(lx, "'AArch64' and the test's name");
	if (strcmp(lx->text, "AArch64"))
		ERR(lx, "unsupported architecture '%s' (flushcheck reads "
		    "AArch64 tests)", lx->text);
	line = lx->tline;
	col = lx->tcol + 7;
	while (*lx->p == ' ' || *lx->p == '\t')
		adv(lx);
	s = lx->p;
	while (test_name_char((unsigned char)s[n]))
		n++;
	if (!n)
		ERR_AT(lx, line, col, "expected the test's name after AArch64");
	if (n >= LIT_MAX_NAME)
		ERR_AT(lx, line, col, "test name too long");
	ps->ap->name = arena_strndup(ps->a, s, (size_t)n);
	ps->p->name = ps->ap->name;
	for (int k = 0; k < n; k++)
		adv(lx);
	lx->doc = 1;	/* the "doc string" may be long: diy7 writes the cycle */
	next(lx);
	lx->doc = 0;
	if (lx->tok == LT_LPAREN && lx->tline == line) {
		next(lx);
		if (lx->tok != LT_NAME)
			unexpected(lx, "a name");
		next(lx);
		expect(lx, LT_RPAREN, "')'");
	}
	if (lx->tok == LT_STR)
		next(lx);
	if (lx->tok == LT_SEMI)
		next(lx);
	while (lx->tok == LT_NAME)
		header_key(ps);
	if (lx->tok != LT_LBRACE)
		unexpected(lx, "'{' to open the initial state");
	next(lx);
}

/* ---- the initial state ---------------------------------------------------- */

/* N:Xn (or PN:Xn); lx is at the number or name. */
static void reg_loc(struct lparser *ps, int *thread, int *reg)
{
	struct llex *lx = &ps->lx;
	int w;

	if (lx->tok == LT_NUM) {
		*thread = lx->num > 999 ? 999 : (int)lx->num;
	} else {
		*thread = proc_of(lx->text);
	}
	next(lx);
	expect(lx, LT_COLON, "':'");
	if (lx->tok != LT_NAME)
		unexpected(lx, "a register");
	*reg = reg_of(lx->text, &w);
	if (*reg < 0)
		ERR(lx, "'%s' is not a register", lx->text);
	if (w)
		ERR(lx, "'%s' is not a register here: herd names it X%s",
		    lx->text, lx->text + 1);
	next(lx);
}

static int at_reg_loc(const struct llex *lx)
{
	return (lx->tok == LT_NUM ||
		(lx->tok == LT_NAME && proc_of(lx->text) >= 0)) &&
	       peek(lx) == LT_COLON;
}

/* x, [x] or N:Xn into e. */
static void left_loc(struct lparser *ps, struct pinit *e)
{
	struct llex *lx = &ps->lx;

	e->line = lx->tline;
	e->col = lx->tcol;
	if (at_reg_loc(lx)) {
		reg_loc(ps, &e->thread, &e->reg);
		return;
	}
	e->is_mem = 1;
	if (lx->tok == LT_LBRACK) {
		next(lx);
		if (lx->tok != LT_NAME)
			unexpected(lx, "a location");
		e->mem = arena_strdup(ps->a, lx->text);
		next(lx);
		expect(lx, LT_RBRACK, "']'");
		return;
	}
	if (lx->tok != LT_NAME)
		unexpected(lx, "a register or a location");
	e->mem = arena_strdup(ps->a, lx->text);
	next(lx);
}

/*
 * One entry: `loc=value`, `TYPE loc`, `TYPE loc=value`, `TYPE *loc`,
 * `*loc=&value`.  The types mean nothing to the model; they are read and
 * dropped.  A location is created by its first mention.
 */
static void init_entry(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	struct pinit *e;

	if (ps->ninit >= LIT_MAX_INIT)
		ERR(lx, "more than %d entries in the initial state",
		    LIT_MAX_INIT);
	e = &ps->init[ps->ninit];
	memset(e, 0, sizeof *e);
	if (lx->tok == LT_NAME && !at_reg_loc(lx)) {
		enum lt t = peek(lx);

		if (!strcmp(lx->text, "_Atomic"))
			ERR(lx, "unsupported type '_Atomic'");
		if (t == LT_NAME || t == LT_NUM || t == LT_STAR ||
		    t == LT_LBRACK) {
			next(lx);	/* the type */
			if (lx->tok == LT_NAME && peek(lx) == LT_LBRACK)
				ERR(lx, "unsupported array '%s'", lx->text);
		}
	}
	while (lx->tok == LT_STAR)
		next(lx);
	left_loc(ps, e);
	for (int k = 0; k < ps->ninit; k++) {
		const struct pinit *o = &ps->init[k];

		if (o->is_mem == e->is_mem &&
		    (e->is_mem ? !strcmp(o->mem, e->mem)
		     : o->thread == e->thread && o->reg == e->reg))
			ERR_AT(lx, e->line, e->col, "location initialised "
			       "more than once");
	}
	if (e->is_mem)
		loc_index(ps, e->mem, e->line, e->col);
	ps->ninit++;
	if (lx->tok != LT_EQ)
		return;
	next(lx);
	if (lx->tok == LT_AMP)
		next(lx);
	e->has_value = 1;
	parse_value(ps, &e->v, 1);
}

static void parse_init(struct lparser *ps)
{
	struct llex *lx = &ps->lx;

	while (lx->tok != LT_RBRACE) {
		if (lx->tok == LT_SEMI) {
			next(lx);
			continue;
		}
		if (lx->tok == LT_EOF)
			ERR(lx, "missing '}' after the initial state");
		init_entry(ps);
		if (lx->tok != LT_SEMI && lx->tok != LT_RBRACE)
			unexpected(lx, "';' or '}'");
	}
	next(lx);
}

/* ---- the code ------------------------------------------------------------- */

/* Does the program end here?  herd's splitter stops at these words. */
static int at_constraints(const struct llex *lx)
{
	static const char *const words[] = {
		"exists", "forall", "final", "locations", "filter", "cases",
		"observed", "Observed",
	};

	if (lx->tok == LT_EOF || lx->tok == LT_TILDE)
		return 1;
	if (lx->tok != LT_NAME)
		return 0;
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (!strcmp(lx->text, words[k]))
			return 1;
	return 0;
}

/* `P0 | P1 | P1.F ;` */
static void parse_columns(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	struct aprog *ap = ps->ap;

	for (;;) {
		char name[LIT_MAX_NAME];
		size_t n;
		int proc, handler = 0;

		if (lx->tok != LT_NAME)
			unexpected(lx, "a column (P0, P1, P1.F, ...)");
		snprintf(name, sizeof name, "%s", lx->text);
		n = strlen(name);
		if (n > 2 && !strcmp(name + n - 2, ".F")) {
			name[n - 2] = '\0';
			handler = 1;
		}
		proc = proc_of(name);
		if (proc < 0)
			ERR(lx, "expected a column (P0, P1, P1.F, ...), found "
			    "'%s'", lx->text);
		if (handler) {
			int seen = 0;

			for (int k = 0; k < ps->ncols; k++) {
				if (ps->cols[k].proc == proc &&
				    ps->cols[k].handler)
					ERR(lx, "two handler columns of P%d",
					    proc);
				seen |= ps->cols[k].proc == proc;
			}
			if (!seen)
				ERR(lx, "handler column of P%d before its "
				    "thread's column", proc);
		} else {
			if (proc != ap->nthreads)
				ERR(lx, "columns must be P0, P1, ... in order: "
				    "expected P%d", ap->nthreads);
			if (ap->nthreads >= ARM_MAX_THREADS)
				ERR(lx, "more than %d threads",
				    ARM_MAX_THREADS);
			ap->threads[ap->nthreads].handler = -1;
			ap->nthreads++;
		}
		ps->cols[ps->ncols].proc = proc;
		ps->cols[ps->ncols].handler = handler;
		ps->ncols++;
		next(lx);
		if (lx->tok == LT_SEMI)
			break;
		expect(lx, LT_BAR, "'|' or ';'");
	}
	next(lx);
}

/* One cell: labels, then an instruction or nothing. */
static void parse_cell(struct lparser *ps, int col)
{
	struct llex *lx = &ps->lx;
	int proc = ps->cols[col].proc;

	while (lx->tok == LT_NAME && peek(lx) == LT_COLON) {
		struct plabel *l;

		if (find_label(ps, proc, lx->text))
			ERR(lx, "label '%s' defined twice in P%d", lx->text,
			    proc);
		if (ps->nlabels >= LIT_MAX_LABELS)
			ERR(lx, "more than %d labels", LIT_MAX_LABELS);
		l = &ps->labels[ps->nlabels++];
		l->name = arena_strdup(ps->a, lx->text);
		l->proc = proc;
		l->col = col;
		l->row = ps->nrows;
		l->line = lx->tline;
		l->cl = lx->tcol;
		next(lx);
		next(lx);
	}
	if (lx->tok == LT_BAR || lx->tok == LT_SEMI)
		return;
	{
		struct pins *pi = arena_alloc(ps->a, sizeof *pi);

		if (ps->npins >= ARM_MAX_SLOTS)
			ERR(lx, "more than %d instructions", ARM_MAX_SLOTS);
		init_pins(pi);
		pi->col = col;
		pi->row = ps->nrows;
		parse_insn(lx, pi);
		ps->pins[ps->npins++] = pi;
	}
	if (lx->tok != LT_BAR && lx->tok != LT_SEMI)
		unexpected(lx, "'|' or ';' after the instruction");
}

static void parse_code(struct lparser *ps)
{
	struct llex *lx = &ps->lx;

	parse_columns(ps);
	while (!at_constraints(lx)) {
		for (int c = 0; c < ps->ncols; c++) {
			parse_cell(ps, c);
			if (c + 1 < ps->ncols) {
				if (lx->tok == LT_SEMI)
					ERR(lx, "this row has %d cells, the "
					    "table %d columns", c + 1,
					    ps->ncols);
				next(lx);	/* '|' */
			} else if (lx->tok == LT_BAR) {
				ERR(lx, "this row has more cells than the "
				    "table's %d columns", ps->ncols);
			}
		}
		next(lx);	/* ';' */
		if (ps->nrows == INT_MAX)
			ERR(lx, "too many rows");
		ps->nrows++;
	}
}

/*
 * The slots: each column in the order written, its instructions, then
 * an AI_HALT slot.  A label names the next instruction of its column, or
 * that HALT slot.  Then every instruction's target is resolved.
 */
static void layout(struct lparser *ps)
{
	struct aprog *ap = ps->ap;
	struct ainsn halt = { .op = AI_HALT, .rd = AR_NONE, .rn = AR_NONE,
			      .rm = AR_NONE, .text = "HALT" };
	int halt_k = -1;

	for (int c = 0; c < ps->ncols; c++) {
		int proc = ps->cols[c].proc, li = 0, ii = 0;

		if (ps->cols[c].handler)
			ap->threads[proc].handler = ap->nslots;
		else
			ap->threads[proc].start = ap->nslots;
		for (;;) {
			while (li < ps->nlabels && ps->labels[li].col != c)
				li++;
			while (ii < ps->npins && ps->pins[ii]->col != c)
				ii++;
			if (li < ps->nlabels &&
			    (ii >= ps->npins ||
			     ps->labels[li].row <= ps->pins[ii]->row)) {
				struct plabel *l = &ps->labels[li++];
				char buf[LIT_MAX_NAME + 8];

				l->slot = ap->nslots;
				if (ap->nslots < ARM_MAX_SLOTS &&
				    !ap->slot_label[ap->nslots]) {
					snprintf(buf, sizeof buf, "P%d:%s",
						 proc, l->name);
					ap->slot_label[ap->nslots] =
						arena_strdup(ps->a, buf);
				}
				continue;
			}
			if (ap->nslots >= ARM_MAX_SLOTS)
				ERR_AT(&ps->lx, ii < ps->npins
				       ? ps->pins[ii]->i.src_line : ps->lx.tline,
				       ii < ps->npins
				       ? ps->pins[ii]->i.src_col : ps->lx.tcol,
				       "more than %d code slots (instructions "
				       "and the end of each column)",
				       ARM_MAX_SLOTS);
			ap->slot_thread[ap->nslots] = (uint8_t)proc;
			if (ii >= ps->npins)
				break;
			ps->pins[ii++]->slot = ap->nslots++;
		}
		if (halt_k < 0)
			halt_k = intern(ps, &halt, 0, 0);
		ap->slot_insn[ap->nslots++] = (uint8_t)halt_k;
	}
	for (int k = 0; k < ps->npins; k++) {
		struct pins *pi = ps->pins[k];

		ap->slot_insn[pi->slot] = (uint8_t)resolve_insn(
			ps, pi, ps->cols[pi->col].proc);
	}
}

static void resolve_init(struct lparser *ps)
{
	struct aprog *ap = ps->ap;

	for (int k = 0; k < ps->ninit; k++) {
		const struct pinit *e = &ps->init[k];
		aval v = 0;

		if (!e->is_mem && e->thread >= ap->nthreads)
			ERR_AT(&ps->lx, e->line, e->col, "no thread P%d",
			       e->thread);
		if (e->has_value)
			v = resolve_value(ps, &e->v, NULL);
		if (e->is_mem)
			ap->loc_init[loc_index(ps, e->mem, e->line, e->col)] = v;
		else
			ap->reg_init[e->thread][e->reg] = v;
	}
}

/* ---- locations and the condition ------------------------------------------ */

/* The observed location at lx (N:Xn, x or [x]), added once. */
static int obs_at(struct lparser *ps, int brackets_ok)
{
	struct llex *lx = &ps->lx;
	struct aprog *ap = ps->ap;
	struct aobs o = { 0 };
	char buf[LIT_MAX_NAME + 8];
	int line = lx->tline, col = lx->tcol;

	if (at_reg_loc(lx)) {
		reg_loc(ps, &o.thread, &o.reg);
		if (o.thread >= ap->nthreads)
			ERR_AT(lx, line, col, "no thread P%d", o.thread);
		snprintf(buf, sizeof buf, "%d:%s", o.thread,
			 reg_text(o.reg, 0));
	} else {
		int brk = lx->tok == LT_LBRACK;

		if (brk && !brackets_ok)
			ERR(lx, "herd writes a location in 'locations' "
			    "without brackets");
		if (brk)
			next(lx);
		if (lx->tok != LT_NAME)
			unexpected(lx, "a register or a location");
		o.is_mem = 1;
		o.loc = loc_index(ps, lx->text, lx->tline, lx->tcol);
		snprintf(buf, sizeof buf, "[%s]", lx->text);
		next(lx);
		if (brk)
			expect(lx, LT_RBRACK, "']'");
	}
	for (int k = 0; k < ap->nobs; k++) {
		const struct aobs *p = &ap->obs[k];

		if (p->is_mem == o.is_mem &&
		    (o.is_mem ? p->loc == o.loc
		     : p->thread == o.thread && p->reg == o.reg))
			return k;
	}
	if (ap->nobs >= ARM_MAX_OBS)
		ERR_AT(lx, line, col, "more than %d observed registers and "
		       "locations", ARM_MAX_OBS);
	o.text = arena_strdup(ps->a, buf);
	ap->obs[ap->nobs] = o;
	return ap->nobs++;
}

/* locations [x; 1:X3; 1:X4 ins_t;] */
static void parse_locations(struct lparser *ps)
{
	struct llex *lx = &ps->lx;

	next(lx);
	expect(lx, LT_LBRACK, "'['");
	while (lx->tok != LT_RBRACK) {
		if (is(lx, "FAULT"))
			ERR(lx, "unsupported fault observation");
		obs_at(ps, 0);
		/* a type, as herd allows: read and dropped */
		if (lx->tok == LT_NAME)
			next(lx);
		while (lx->tok == LT_STAR)
			next(lx);
		if (lx->tok == LT_SEMI)
			next(lx);
		else if (lx->tok != LT_RBRACK)
			unexpected(lx, "';' or ']'");
	}
	next(lx);
}

static void enter(struct lparser *ps)
{
	if (++ps->depth > FC_MAX_NEST)
		ERR(&ps->lx, "nested too deeply (more than %d levels)",
		    FC_MAX_NEST);
}

static struct pnode *node(struct lparser *ps, enum pkind k, struct pnode *a,
			  struct pnode *b)
{
	struct pnode *n = arena_alloc(ps->a, sizeof *n);

	n->kind = k;
	n->a = a;
	n->b = b;
	return n;
}

static struct pnode *prop_or(struct lparser *ps);

/* loc = value, loc == value, loc != value */
static struct pnode *atom(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	struct pnode *n = node(ps, PK_ATOM, NULL, NULL);
	struct rval v;

	if (is(lx, "FAULT"))
		ERR(lx, "unsupported fault atom");
	n->obs = obs_at(ps, 1);
	if (lx->tok == LT_NE)
		n->ne = 1;
	else if (lx->tok != LT_EQ && lx->tok != LT_EQEQ)
		unexpected(lx, "'=' or '!='");
	next(lx);
	if (at_reg_loc(lx) && lx->tok == LT_NUM)
		ERR(lx, "unsupported comparison of two locations");
	parse_value(ps, &v, 0);
	n->val = resolve_value(ps, &v, &n->vtext);
	return n;
}

/* herd's precedences: ~ over => over /\ over \/ (lib/stateParser.mly). */
static struct pnode *prop_unary(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	struct pnode *n;

	enter(ps);
	if (lx->tok == LT_TILDE || is(lx, "NOT")) {
		next(lx);
		n = node(ps, PK_NOT, prop_unary(ps), NULL);
	} else if (lx->tok == LT_LPAREN) {
		next(lx);
		n = prop_or(ps);
		expect(lx, LT_RPAREN, "')'");
	} else if (lx->tok == LT_NAME && !strcmp(lx->text, "true")) {
		next(lx);
		n = node(ps, PK_TRUE, NULL, NULL);
	} else if (lx->tok == LT_NAME && !strcmp(lx->text, "false")) {
		next(lx);
		n = node(ps, PK_FALSE, NULL, NULL);
	} else {
		n = atom(ps);
	}
	ps->depth--;
	return n;
}

static struct pnode *prop_implies(struct lparser *ps)
{
	struct pnode *n = prop_unary(ps);

	if (ps->lx.tok == LT_IMPLIES) {
		enter(ps);
		next(&ps->lx);
		n = node(ps, PK_IMPLIES, n, prop_implies(ps));
		ps->depth--;
	}
	return n;
}

/*
 * A left-associative chain of `operand TOKEN operand ...` (/\ over
 * implications, \/ over conjunctions).  A chain is as deep as it is long
 * once it is a tree: each link counts.
 */
static struct pnode *prop_chain(struct lparser *ps, int tok, enum pkind k,
				struct pnode *(*operand)(struct lparser *))
{
	struct pnode *n = operand(ps);
	int links = 0;

	while ((int)ps->lx.tok == tok) {
		enter(ps);
		links++;
		next(&ps->lx);
		n = node(ps, k, n, operand(ps));
	}
	ps->depth -= links;
	return n;
}

static struct pnode *prop_and(struct lparser *ps)
{
	return prop_chain(ps, LT_AND, PK_AND, prop_implies);
}

static struct pnode *prop_or(struct lparser *ps)
{
	return prop_chain(ps, LT_OR, PK_OR, prop_and);
}

/* A growing string for the condition's text. */
struct sbuf {
	char *s;
	size_t n, cap;
};

static void sput(struct sbuf *b, const char *s)
{
	size_t m = strlen(s);

	if (b->n + m + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *t;

		while (cap < b->n + m + 1)
			cap *= 2;
		t = realloc(b->s, cap);
		if (!t)
			abort();
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, m + 1);
	b->n += m;
}

/*
 * herd's printer (ConstrGen.pp_prop): an operator in a tighter one gets
 * parentheses, a chain of one operator none, `~p` prints as `not (p)`,
 * `x != v` as `not (x=v)`, and a memory location as [x].
 */
enum prec { PR_TOP, PR_AND, PR_OR, PR_IMPLIES };

static int needs_paren(enum prec above, enum prec here)
{
	if (above == PR_TOP)
		return 0;
	if (above == PR_IMPLIES)
		return here != PR_IMPLIES;
	if (above == PR_AND)
		return here != PR_AND;
	return here == PR_IMPLIES;	/* above \/ */
}

static void print_prop(struct lparser *ps, struct sbuf *b,
		       const struct pnode *n, enum prec above)
{
	enum prec here = PR_TOP;
	const char *op = NULL;

	switch (n->kind) {
	case PK_TRUE:
		sput(b, "true");
		return;
	case PK_FALSE:
		sput(b, "false");
		return;
	case PK_ATOM:
		if (n->ne)
			sput(b, "not (");
		sput(b, ps->ap->obs[n->obs].text);
		sput(b, "=");
		sput(b, n->vtext);
		if (n->ne)
			sput(b, ")");
		return;
	case PK_NOT:
		sput(b, "not (");
		print_prop(ps, b, n->a, PR_TOP);
		sput(b, ")");
		return;
	case PK_AND:
		here = PR_AND;
		op = " /\\ ";
		break;
	case PK_OR:
		here = PR_OR;
		op = " \\/ ";
		break;
	case PK_IMPLIES:
		here = PR_IMPLIES;
		op = " => ";
		break;
	}
	if (needs_paren(above, here))
		sput(b, "(");
	print_prop(ps, b, n->a, here);
	sput(b, op);
	print_prop(ps, b, n->b, here);
	if (needs_paren(above, here))
		sput(b, ")");
}

static struct acondition *acnode(struct lparser *ps, enum acond_kind k,
				 const struct acondition *a,
				 const struct acondition *b)
{
	struct acondition *c = arena_alloc(ps->a, sizeof *c);

	c->kind = k;
	c->a = a;
	c->b = b;
	return c;
}

/*
 * The model's tree: p => q is ~p \/ q, false is ~true, x != v is
 * ~(x = v).  obs_map renumbers observations into herd's order.
 */
static const struct acondition *to_acond(struct lparser *ps,
					 const struct pnode *n,
					 const int *obs_map)
{
	struct acondition *c;

	switch (n->kind) {
	case PK_TRUE:
		return acnode(ps, ACN_TRUE, NULL, NULL);
	case PK_FALSE:
		return acnode(ps, ACN_NOT, acnode(ps, ACN_TRUE, NULL, NULL),
			      NULL);
	case PK_ATOM:
		c = acnode(ps, ACN_EQ, NULL, NULL);
		c->obs = obs_map[n->obs];
		c->val = n->val;
		return n->ne ? acnode(ps, ACN_NOT, c, NULL) : c;
	case PK_NOT:
		return acnode(ps, ACN_NOT, to_acond(ps, n->a, obs_map), NULL);
	case PK_AND:
		return acnode(ps, ACN_AND, to_acond(ps, n->a, obs_map),
			      to_acond(ps, n->b, obs_map));
	case PK_OR:
		return acnode(ps, ACN_OR, to_acond(ps, n->a, obs_map),
			      to_acond(ps, n->b, obs_map));
	case PK_IMPLIES:
		return acnode(ps, ACN_OR,
			      acnode(ps, ACN_NOT, to_acond(ps, n->a, obs_map),
				     NULL),
			      to_acond(ps, n->b, obs_map));
	}
	return NULL;
}

/*
 * herd's order of a state's locations (lib/location.ml): registers
 * before memory; registers by thread, then XZR, X0 .. X30 (the order of
 * AArch64Base.reg); memory by name, bytewise.
 */
static int obs_cmp(const struct aprog *ap, const struct aobs *x,
		   const struct aobs *y)
{
	if (x->is_mem != y->is_mem)
		return x->is_mem - y->is_mem;
	if (x->is_mem)
		return strcmp(ap->loc_names[x->loc], ap->loc_names[y->loc]);
	if (x->thread != y->thread)
		return x->thread - y->thread;
	return (x->reg == AR_XZR ? -1 : x->reg) -
	       (y->reg == AR_XZR ? -1 : y->reg);
}

/* Sort obs[] (a few entries: insertion sort); map[old] = new. */
static void sort_obs(struct aprog *ap, int *map)
{
	int order[ARM_MAX_OBS];
	struct aobs sorted[ARM_MAX_OBS];

	for (int k = 0; k < ap->nobs; k++) {
		int j = k;

		while (j > 0 && obs_cmp(ap, &ap->obs[order[j - 1]],
					&ap->obs[k]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	for (int k = 0; k < ap->nobs; k++) {
		sorted[k] = ap->obs[order[k]];
		map[order[k]] = k;
	}
	memcpy(ap->obs, sorted, sizeof sorted[0] * (size_t)ap->nobs);
}

static void parse_constraints(struct lparser *ps)
{
	struct llex *lx = &ps->lx;
	struct aprog *ap = ps->ap;
	struct pnode *prop;
	struct sbuf b = { 0 };
	int map[ARM_MAX_OBS];
	const char *q;

	if (lx->tok == LT_NAME && !strcmp(lx->text, "locations"))
		parse_locations(ps);
	if (lx->tok == LT_NAME && !strcmp(lx->text, "filter"))
		ERR(lx, "unsupported 'filter'");
	if (lx->tok == LT_EOF) {
		/* herd's empty condition is forall (true) */
		ap->quant = Q_FORALL;
		prop = node(ps, PK_TRUE, NULL, NULL);
	} else {
		if (lx->tok == LT_TILDE || is(lx, "NOT")) {
			next(lx);
			if (!(lx->tok == LT_NAME &&
			      !strcmp(lx->text, "exists")))
				unexpected(lx, "'exists' after '~'");
			ap->quant = Q_NOT_EXISTS;
		} else if (lx->tok == LT_NAME &&
			   (!strcmp(lx->text, "exists") ||
			    !strcmp(lx->text, "final"))) {
			ap->quant = Q_EXISTS;
		} else if (lx->tok == LT_NAME &&
			   !strcmp(lx->text, "forall")) {
			ap->quant = Q_FORALL;
		} else if (lx->tok == LT_NAME) {
			ERR(lx, "unsupported condition '%s' (exists, ~exists "
			    "or forall)", lx->text);
		} else {
			unexpected(lx, "exists, ~exists or forall");
		}
		next(lx);
		prop = prop_or(ps);
		if (lx->tok == LT_SEMI)
			next(lx);
		if (lx->tok == LT_NAME && !strcmp(lx->text, "with"))
			ERR(lx, "unsupported 'with'");
		if (lx->tok != LT_EOF)
			unexpected(lx, "the end of the condition");
	}
	q = ap->quant == Q_EXISTS ? "exists (" : ap->quant == Q_FORALL
		? "forall (" : "~exists (";
	sput(&b, q);
	print_prop(ps, &b, prop, PR_TOP);
	sput(&b, ")");
	ap->cond_text = arena_strdup(ps->a, b.s);
	free(b.s);
	sort_obs(ap, map);
	ap->cond = to_acond(ps, prop, map);
}

/* ---- the loader --------------------------------------------------------- */

static void load_machine(struct lparser *ps, const struct load_opts *o)
{
	struct diag *d = ps->lx.d;
	struct machine *m = &ps->p->machine;
	const char *file = d->file;

	if (o && o->machine_text) {
		machine_defaults(m);
		snprintf(m->name, sizeof m->name, "%s",
			 o->machine_file ? o->machine_file : "custom");
		if (machine_file_load(m, o->machine_file ? o->machine_file
				      : "<--machine>", o->machine_text, d))
			longjmp(*d->env, 1);
	} else if (preset_load(m, o && o->machine_name ? o->machine_name
			       : "armv8", d)) {
		d->file = "<command line>";
		d->line = d->col = 0;
		longjmp(*d->env, 1);
	}
	d->file = file;
	for (int i = 0; o && i < o->nsets; i++) {
		char key[256], err[200];
		const char *eq = strchr(o->sets[i], '=');
		int errcol;

		d->file = "<command line>";
		d->line = d->col = 0;
		if (!eq) {
			snprintf(d->msg, sizeof d->msg, "--set %s: expected "
				 "key=value", o->sets[i]);
			longjmp(*d->env, 1);
		}
		snprintf(key, sizeof key, "%.*s", (int)(eq - o->sets[i]),
			 o->sets[i]);
		if (machine_set(m, key, eq + 1, err, sizeof err, &errcol)) {
			snprintf(d->msg, sizeof d->msg, "--set %s: %s",
				 o->sets[i], err);
			longjmp(*d->env, 1);
		}
		d->file = file;
	}
}

struct program *litmus_parse(struct arena *a, const char *file,
			     const char *src, const struct load_opts *o,
			     struct diag *d)
{
	jmp_buf env;
	struct lparser *ps = calloc(1, sizeof *ps);
	struct program *p;

	if (!ps) {
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return NULL;
	}
	d->env = &env;
	d->file = file;
	if (setjmp(env)) {
		free(ps);
		return NULL;
	}
	p = arena_alloc(a, sizeof *p);
	p->file = arena_strdup(a, file);
	p->labels[0] = "0";
	p->nlabels = 1;
	ps->a = a;
	ps->p = p;
	ps->ap = arena_alloc(a, sizeof *ps->ap);
	ps->lx.d = d;
	ps->lx.src = ps->lx.p = src;
	ps->lx.line = ps->lx.col = 1;
	if (!*src)
		lex_error_at(d, 1, 1, "empty file");
	load_machine(ps, o);
	next(&ps->lx);
	parse_header(ps);
	parse_init(ps);
	parse_code(ps);
	layout(ps);
	resolve_init(ps);
	parse_constraints(ps);
	p->nthreads = ps->ap->nthreads;
	p->arm = ps->ap;
	free(ps);
	return p;
}

struct program *litmus_load(struct arena *a, const char *file,
			    const char *src, const struct load_opts *o,
			    const struct polset *ps, struct diag *d)
{
	struct program *p = litmus_parse(a, file, src, o, d);

	(void)ps;	/* a litmus test calls no policy */
	if (!p)
		return NULL;
	/*
	 * What the checker reads of any program: the quantifier and the
	 * observed locations (their values come from the Armv8 model).
	 */
	p->quant = p->arm->quant;
	p->cond_text = p->arm->cond_text;
	p->nlocs = p->arm->nobs;
	for (int k = 0; k < p->arm->nobs; k++)
		p->locs[k].text = p->arm->obs[k].text;
	return p;
}
