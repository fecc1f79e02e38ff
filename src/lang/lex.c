/* SPDX-License-Identifier: MIT */
/*
 * lex.c - the tokenizer.
 */
#include "lex.h"
#include "limits.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lex_error_at(struct diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;

	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	longjmp(*d->env, 1);
}

void lex_error(struct lexer *lx, const char *fmt, ...)
{
	va_list ap;
	struct diag *d = lx->diag;

	d->line = lx->tline;
	d->col = lx->tcol;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	longjmp(*d->env, 1);
}

void lex_init(struct lexer *lx, const char *file, const char *src,
	      struct diag *d)
{
	memset(lx, 0, sizeof *lx);
	lx->file = file;
	lx->src = lx->p = src;
	lx->line = lx->col = 1;
	lx->diag = d;
	d->file = file;
	lex_next(lx);
}

/* A CRLF is one line end: its CR takes a column, its LF ends the line. */
void lex_step(const char **p, int *line, int *col)
{
	if (**p == '\n' || (**p == '\r' && (*p)[1] != '\n')) {
		++*line;
		*col = 1;
	} else {
		++*col;
	}
	++*p;
}

static void adv(struct lexer *lx)
{
	lex_step(&lx->p, &lx->line, &lx->col);
}

static void skip_blank(struct lexer *lx)
{
	for (;;) {
		unsigned char c = (unsigned char)*lx->p;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v') {
			adv(lx);
		} else if (c == '#' || (c == '/' && lx->p[1] == '/')) {
			while (*lx->p && !lex_eol(lx->p))
				adv(lx);
		} else {
			return;
		}
	}
}

static int name_char(int c)
{
	return isalnum(c) || c == '_';
}

size_t lex_digits(const char *s, unsigned long *v, int *too_large)
{
	unsigned long base = 10;
	size_t n = 0;

	*v = 0;
	*too_large = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    isxdigit((unsigned char)s[2])) {
		base = 16;
		n = 2;
	}
	for (;; n++) {
		int c = (unsigned char)s[n];
		unsigned long d;

		if (isdigit(c))
			d = (unsigned long)(c - '0');
		else if (base == 16 && isxdigit(c))
			d = (unsigned long)(tolower(c) - 'a' + 10);
		else
			break;
		if (*v > (ULONG_MAX - d) / base)
			*too_large = 1;
		else
			*v = *v * base + d;
	}
	return n;
}

/*
 * A number at lx->p (lex_digits), then an optional K or M.  Its length in
 * *len; a value that does not fit is an error at the number, not a clamp.
 */
static unsigned long scan_number(struct lexer *lx, size_t *len)
{
	const char *s = lx->p;
	unsigned long v;
	int big;
	size_t n = lex_digits(s, &v, &big);

	if (big)
		lex_error_at(lx->diag, lx->line, lx->col, "number too large");
	if (s[n] == 'K' || s[n] == 'M') {
		int shift = s[n] == 'K' ? 10 : 20;

		if (v > ULONG_MAX >> shift)
			lex_error_at(lx->diag, lx->line, lx->col,
				     "number too large");
		v <<= shift;
		n++;
	}
	*len = n;
	return v;
}

static void set(struct lexer *lx, enum tok t, int n)
{
	lx->tok = t;
	lx->tlen = (size_t)n;
	for (int i = 0; i < n; i++)
		adv(lx);
}

void lex_next(struct lexer *lx)
{
	unsigned char c;

	lx->eline = lx->line;
	lx->ecol = lx->col;
	skip_blank(lx);
	lx->tline = lx->line;
	lx->tcol = lx->col;
	lx->tstart = lx->p;
	c = (unsigned char)*lx->p;
	if (c == '\0') {
		lx->tok = T_EOF;
		lx->tlen = 0;
		return;
	}
	if (isdigit(c)) {
		size_t n;

		lx->num = scan_number(lx, &n);
		if (name_char((unsigned char)lx->p[n]))
			lex_error_at(lx->diag, lx->line, lx->col + (int)n,
				     "bad number");
		set(lx, T_NUM, (int)n);
		return;
	}
	if (isalpha(c) || c == '_') {
		size_t n = 0;

		while (name_char((unsigned char)lx->p[n]) ||
		       (lx->p[n] == '.' && isalpha((unsigned char)lx->p[n + 1])))
			n++;
		if (n >= sizeof lx->text)
			lex_error(lx, "name too long");
		memcpy(lx->text, lx->p, n);
		lx->text[n] = '\0';
		set(lx, T_NAME, (int)n);
		return;
	}
	if (c == '"') {
		size_t n = 1, k = 0;

		while (lx->p[n] && lx->p[n] != '"' && !lex_eol(lx->p + n)) {
			if (k + 1 < sizeof lx->text)
				lx->text[k++] = lx->p[n];
			n++;
		}
		if (lx->p[n] != '"')
			lex_error(lx, "unterminated string");
		lx->text[k] = '\0';
		set(lx, T_STRING, (int)n + 1);
		return;
	}
	switch (c) {
	case '{': set(lx, T_LBRACE, 1); return;
	case '}': set(lx, T_RBRACE, 1); return;
	case '(': set(lx, T_LPAREN, 1); return;
	case ')': set(lx, T_RPAREN, 1); return;
	case '[': set(lx, T_LBRACK, 1); return;
	case ']': set(lx, T_RBRACK, 1); return;
	case ';': set(lx, T_SEMI, 1); return;
	case ',': set(lx, T_COMMA, 1); return;
	case ':': set(lx, T_COLON, 1); return;
	case '@': set(lx, T_AT, 1); return;
	case '*': set(lx, T_STAR, 1); return;
	case '~': set(lx, T_TILDE, 1); return;
	case '|':
		set(lx, lx->p[1] == '|' ? T_OROR : T_BAR, lx->p[1] == '|' ? 2 : 1);
		return;
	case '&':
		if (lx->p[1] == '&') {
			set(lx, T_ANDAND, 2);
			return;
		}
		break;
	case '=':
		set(lx, lx->p[1] == '=' ? T_EQEQ : T_EQ, lx->p[1] == '=' ? 2 : 1);
		return;
	case '!':
		set(lx, lx->p[1] == '=' ? T_NE : T_NOT, lx->p[1] == '=' ? 2 : 1);
		return;
	case '/':
		if (lx->p[1] == '\\') {
			set(lx, T_AND, 2);
			return;
		}
		break;
	case '\\':
		if (lx->p[1] == '/') {
			set(lx, T_OR, 2);
			return;
		}
		break;
	}
	if (isprint(c))
		lex_error(lx, "unexpected character '%c'", c);
	lex_error(lx, "unexpected byte 0x%02x", c);
}

const char *lex_rest_of_line(struct lexer *lx, char *buf, size_t len)
{
	const char *q = lx->tstart;
	size_t n = 0;

	while (*q && !lex_eol(q) && *q != '#' && !(q[0] == '/' && q[1] == '/')) {
		/* a value cut short could mean something else: refuse it */
		if (n + 1 >= len)
			lex_error(lx, "line too long (more than %zu characters)",
				  len - 1);
		buf[n++] = *q;
		q++;
	}
	while (n && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	/* move the lexer to the start of the next line */
	while (*lx->p && !lex_eol(lx->p))
		adv(lx);
	lex_next(lx);
	return buf;
}

const char *lex_raw_rest_of_line(struct lexer *lx, char *buf, size_t len)
{
	while (*lx->p == ' ' || *lx->p == '\t')
		adv(lx);
	/* the value starts here: make it the token lex_rest_of_line reads */
	lx->tstart = lx->p;
	return lex_rest_of_line(lx, buf, len);
}

const char *lex_file_name(struct lexer *lx)
{
	size_t n = lx->tlen;

	while (name_char((unsigned char)lx->tstart[n]) ||
	       lx->tstart[n] == '-' || lx->tstart[n] == '.')
		n++;
	if (n >= sizeof lx->text)
		lex_error(lx, "name too long");
	memcpy(lx->text, lx->tstart, n);
	lx->text[n] = '\0';
	/* one line: the extra characters hold no line end */
	while (lx->p < lx->tstart + n)
		adv(lx);
	lx->tlen = n;
	return lx->text;
}

int lex_at_line_start(const struct lexer *lx)
{
	const char *q = lx->tstart;

	while (q > lx->src && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	return q == lx->src || lex_eol(q - 1);
}

void lex_enter(struct lexer *lx)
{
	if (++lx->depth > FC_MAX_NEST)
		lex_error(lx, "nested too deeply (more than %d levels)",
			  FC_MAX_NEST);
}

void lex_leave(struct lexer *lx)
{
	lx->depth--;
}

const char *tok_name(enum tok t)
{
	static const char *const names[] = {
		"end of file", "name", "number", "string", "'{'", "'}'", "'('",
		"')'", "'['", "']'", "';'", "'|'", "','", "':'", "'='", "'@'",
		"'*'", "'~'", "'/\\'", "'\\/'", "'&&'", "'||'", "'!'", "'=='",
		"'!='",
	};
	return names[t];
}

int lex_is(const struct lexer *lx, const char *name)
{
	return lx->tok == T_NAME && !strcmp(lx->text, name);
}

void lex_expect(struct lexer *lx, enum tok t, const char *what)
{
	/*
	 * A ';' missing at the end of a line is found only on the next one:
	 * point at where it belongs, after the line's last token.
	 */
	if (lx->tok != t && t == T_SEMI && lx->eline && lx->tline > lx->eline)
		lex_error_at(lx->diag, lx->eline, lx->ecol, "expected %s: "
			     "missing at the end of this line", what);
	if (lx->tok != t) {
		if (lx->tok == T_NAME)
			lex_error(lx, "expected %s, found '%s'", what, lx->text);
		lex_error(lx, "expected %s, found %s", what, tok_name(lx->tok));
	}
	lex_next(lx);
}
