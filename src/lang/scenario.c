/*
 * scenario.c - the .flush parser and compiler (DESIGN.md section 3.1).
 *
 * One pass over the text: header and settings (line-oriented, so that
 * values such as `dcache = vipt 32K 4 wb private` and policy names such as
 * arm-2.6.33 need no tokens of their own), declarations, the thread table,
 * then the condition, `check` and `expect` lines in any order.  Statements
 * are compiled to ops as they are read; the first error ends the parse.
 */
#include "scenario.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct lexer lx;
	struct arena *a;
	struct program *p;
	const struct load_opts *o;
	int thread;			/* column being compiled */
	struct op ops[FC_MAX_CPUS][FC_MAX_OPS];
	int nops[FC_MAX_CPUS];
	unsigned written[FC_MAX_CPUS];	/* registers written so far */
	int machine_set_by_file;
};

/* A scenario's registers, r0..r15; FC_MAX_REGS may also count locals. */
#define SCEN_REGS 16
_Static_assert(SCEN_REGS <= 32 && SCEN_REGS <= FC_MAX_REGS,
	       "parser.written is a 32-bit mask of scenario registers");

#define ERR(ps, ...) lex_error(&(ps)->lx, __VA_ARGS__)

static int intern_label(struct parser *ps, const char *s)
{
	struct program *p = ps->p;

	for (int i = 0; i < p->nlabels; i++)
		if (!strcmp(p->labels[i], s))
			return i;
	if (p->nlabels >= FC_MAX_LABELS)
		ERR(ps, "too many distinct values (at most %d)", FC_MAX_LABELS);
	p->labels[p->nlabels] = arena_strdup(ps->a, s);
	return p->nlabels++;
}

static int find_alias(const struct program *p, const char *name)
{
	for (int i = 0; i < p->naliases; i++)
		if (!strcmp(p->aliases[i].name, name))
			return i;
	return -1;
}

static int find_page(const struct program *p, const char *name)
{
	for (int i = 0; i < p->npages; i++)
		if (!strcmp(p->pages[i].name, name))
			return i;
	return -1;
}

/* rK, Pn: the number, or -1 (huge numbers clamp, to fail range checks) */
static int numbered(const char *s, char c)
{
	char *end;
	long k;

	if (s[0] != c || !isdigit((unsigned char)s[1]))
		return -1;
	k = strtol(s + 1, &end, 10);
	if (*end)
		return -1;
	return k > 9999 ? 9999 : (int)k;
}

static int reg_number(const char *s)
{
	return numbered(s, 'r');
}

/* ---- header and settings --------------------------------------------- */

/* kcol: the key's column, for errors about the key; col: the value's. */
static void apply_setting(struct parser *ps, const char *key,
			  const char *value, int line, int kcol, int col)
{
	struct program *p = ps->p;
	char err[200];
	int errcol;

	if (!strcmp(key, "machine")) {
		/* --machine on the command line wins over the file */
		if (ps->o && (ps->o->machine_name || ps->o->machine_text))
			return;
		if (ps->machine_set_by_file)
			lex_error_at(ps->lx.diag, line, kcol,
				     "machine set twice");
		if (preset_load(&p->machine, value, ps->lx.diag)) {
			ps->lx.diag->file = ps->lx.file;
			lex_error_at(ps->lx.diag, line, col,
				     "unknown machine '%s' (see --list-machines)",
				     value);
		}
		ps->lx.diag->file = ps->lx.file;
		ps->machine_set_by_file = 1;
		return;
	}
	if (!strcmp(key, "policy")) {
		if (!*value)
			lex_error_at(ps->lx.diag, line, col, "empty policy name");
		p->policy = arena_strdup(ps->a, value);
		return;
	}
	if (!strcmp(key, "name") || !strcmp(key, "about"))
		lex_error_at(ps->lx.diag, line, kcol,
			     "'%s' is not a scenario setting", key);
	if (machine_set(&p->machine, key, value, err, sizeof err, &errcol))
		lex_error_at(ps->lx.diag, line,
			     strncmp(err, "unknown machine parameter", 25)
				     ? col + errcol : kcol,
			     "%s", err);
}

static void parse_header(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	char buf[512];
	int line, col, kcol;

	if (!lex_is(lx, "FLUSH"))
		ERR(ps, "a scenario starts with 'FLUSH name'");
	/* a missing name is reported on the FLUSH line, not the next one */
	line = lx->tline;
	col = lx->tcol + 5;
	lex_next(lx);
	if (lx->tok == T_EOF || lex_at_line_start(lx))
		lex_error_at(lx->diag, line, col,
			     "expected the scenario's name after FLUSH");
	col = lx->tcol;
	p->name = arena_strdup(ps->a, lex_rest_of_line(lx, buf, sizeof buf));
	if (strchr(p->name, ' ') || strchr(p->name, '\t'))
		lex_error_at(lx->diag, line, col,
			     "a scenario name has no blanks");
	if (lx->tok == T_STRING) {
		p->doc = arena_strdup(ps->a, lx->text);
		lex_next(lx);
	}

	/* Default machine, then the file's settings, then --set. */
	if (ps->o && ps->o->machine_text) {
		if (machine_file_load(&p->machine, "<--machine>",
				      ps->o->machine_text, lx->diag))
			longjmp(*lx->diag->env, 1);
		lx->diag->file = lx->file;
	} else {
		const char *name = ps->o && ps->o->machine_name
					   ? ps->o->machine_name : "cortex-a9";

		if (preset_load(&p->machine, name, lx->diag)) {
			lx->diag->file = "<command line>";
			lx->diag->line = lx->diag->col = 0;
			longjmp(*lx->diag->env, 1);
		}
		lx->diag->file = lx->file;
	}
	while (lx->tok == T_NAME && lx->tok != T_EOF) {
		char key[256];
		const char *q;

		line = lx->tline;
		snprintf(key, sizeof key, "%s", lx->text);
		kcol = lx->tcol;
		lex_next(lx);
		/* a declaration or the table where a setting may stand:
		 * the '{' is what is missing, not an '=' */
		if (lx->tok != T_EQ &&
		    (!strcmp(key, "page") || !strcmp(key, "kernel") ||
		     !strcmp(key, "user") || !strcmp(key, "P0")))
			lex_error_at(lx->diag, line, kcol,
				     "expected '{' to open the declarations "
				     "before '%s'", key);
		if (lx->tok != T_EQ)
			ERR(ps, "expected '=' after setting '%s'", key);
		col = lx->tcol + 1;
		q = lx->tstart + 1;
		while (*q == ' ' || *q == '\t')
			q++, col++;
		lex_next(lx);
		if (lx->tok == T_EOF || lx->tline != line)
			lex_error_at(lx->diag, line, col,
				     "missing value for '%s'", key);
		lex_rest_of_line(lx, buf, sizeof buf);
		apply_setting(ps, key, buf, line, kcol, col);
	}
	for (int i = 0; ps->o && i < ps->o->nsets; i++) {
		char key[256], err[200];
		const char *eq = strchr(ps->o->sets[i], '=');
		int errcol;

		if (!eq) {
			snprintf(lx->diag->msg, sizeof lx->diag->msg,
				 "--set %s: expected key=value", ps->o->sets[i]);
			lx->diag->file = "<command line>";
			lx->diag->line = lx->diag->col = 0;
			longjmp(*lx->diag->env, 1);
		}
		snprintf(key, sizeof key, "%.*s", (int)(eq - ps->o->sets[i]),
			 ps->o->sets[i]);
		if (machine_set(&p->machine, key, eq + 1, err, sizeof err,
				&errcol)) {
			snprintf(lx->diag->msg, sizeof lx->diag->msg,
				 "--set %s: %s", ps->o->sets[i], err);
			lx->diag->file = "<command line>";
			lx->diag->line = lx->diag->col = 0;
			longjmp(*lx->diag->env, 1);
		}
	}
	if (machine_validate(&p->machine, buf, sizeof buf))
		ERR(ps, "machine: %s", buf);
}

/* ---- declarations ---------------------------------------------------- */

static const char *take_name(struct parser *ps, const char *what)
{
	const char *s;

	if (ps->lx.tok != T_NAME)
		ERR(ps, "expected %s", what);
	s = arena_strdup(ps->a, ps->lx.text);
	lex_next(&ps->lx);
	return s;
}

/* A value, interned while it is the current token (for the error's
 * position); its text in *text if asked. */
static int take_label(struct parser *ps, const char **text)
{
	char buf[32];
	const char *s;
	int k;

	if (ps->lx.tok == T_NUM) {
		snprintf(buf, sizeof buf, "%lu", ps->lx.num);
		s = buf;
	} else if (ps->lx.tok == T_NAME) {
		s = ps->lx.text;
	} else {
		ERR(ps, "expected a value (a label such as old or new)");
	}
	k = intern_label(ps, s);
	if (text)
		*text = ps->p->labels[k];
	lex_next(&ps->lx);
	return k;
}

static void check_new_name(struct parser *ps, const char *name)
{
	if (find_page(ps->p, name) >= 0 || find_alias(ps->p, name) >= 0)
		ERR(ps, "'%s' is declared twice", name);
	if (reg_number(name) >= 0)
		ERR(ps, "'%s' is a register name", name);
}

static int take_page(struct parser *ps)
{
	int pg;

	if (ps->lx.tok != T_NAME)
		ERR(ps, "expected a page name");
	pg = find_page(ps->p, ps->lx.text);
	if (pg < 0)
		ERR(ps, "unknown page '%s'", ps->lx.text);
	lex_next(&ps->lx);
	return pg;
}

static unsigned long take_va(struct parser *ps)
{
	unsigned long va;

	if (ps->lx.tok != T_NUM)
		ERR(ps, "expected a virtual address");
	va = ps->lx.num;
	lex_next(&ps->lx);
	return va;
}

static void parse_decl(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	const char *name;

	if (lex_is(lx, "page")) {
		struct page *pg;

		lex_next(lx);
		if (p->npages >= FC_MAX_PAGES)
			ERR(ps, "too many pages (at most %d)", FC_MAX_PAGES);
		check_new_name(ps, lx->tok == T_NAME ? lx->text : "");
		pg = &p->pages[p->npages];
		pg->name = take_name(ps, "a page name");
		pg->label = 0;
		if (lx->tok == T_EQ) {
			lex_next(lx);
			pg->label = (uint8_t)take_label(ps, NULL);
		}
		p->npages++;
	} else if (lex_is(lx, "kernel") || lex_is(lx, "user")) {
		int user = lex_is(lx, "user");
		struct alias *al;

		lex_next(lx);
		if (p->naliases >= FC_MAX_ALIASES)
			ERR(ps, "too many mappings (at most %d)", FC_MAX_ALIASES);
		check_new_name(ps, lx->tok == T_NAME ? lx->text : "");
		al = &p->aliases[p->naliases];
		name = take_name(ps, "a mapping name");
		al->name = name;
		lex_expect(lx, T_EQ, "'='");
		al->page = take_page(ps);
		al->kind = user ? AL_USER : AL_KERNEL;
		al->perms = PERM_R | PERM_W | PERM_X;
		al->pte0 = PTE_PRESENT;
		/* the linear map: PAGE_OFFSET + the page's frame */
		al->va = 0xc0000000UL + (unsigned long)al->page * p->machine.page;
		if (lx->tok == T_AT) {
			lex_next(lx);
			al->va = take_va(ps);
		} else if (user) {
			ERR(ps, "a user mapping needs '@ VA'");
		}
		if (user) {
			const char *perm;

			if (lx->tok != T_NAME)
				ERR(ps, "expected permissions (r, w, x or f)");
			perm = lx->text;
			al->perms = 0;
			if (!strcmp(perm, "f")) {
				al->perms = PERM_F;
			} else {
				for (const char *c = perm; *c; c++) {
					unsigned bit = *c == 'r' ? PERM_R
						     : *c == 'w' ? PERM_W
						     : *c == 'x' ? PERM_X : 0;

					if (!bit || (al->perms & bit))
						ERR(ps, "bad permissions '%s' (letters "
						    "from r, w, x, or f alone)", perm);
					al->perms |= bit;
				}
			}
			lex_next(lx);
			al->pte0 = al->perms & PERM_F ? PTE_FLUSHONLY : PTE_PRESENT;
			if (lex_is(lx, "absent")) {
				al->pte0 = PTE_ABSENT;
				lex_next(lx);
			}
			if (lex_is(lx, "mm")) {
				lex_next(lx);
				if (lx->tok != T_NUM)
					ERR(ps, "expected an mm number");
				al->mm = (int)lx->num;
				lex_next(lx);
			}
		}
		p->naliases++;
	} else if (lx->tok == T_NAME) {
		ERR(ps, "unknown declaration '%s' (page, kernel or user)",
		    lx->text);
	} else {
		ERR(ps, "expected a declaration or '}'");
	}
	lex_expect(lx, T_SEMI, "';' after the declaration");
}

/* ---- statements ------------------------------------------------------ */

struct target {
	int alias;		/* or page, for DMA */
	int line;		/* -1: every line */
	const char *name;
	int sline, scol;	/* where its name is, for later errors */
	int icol;		/* its '[', if it has a line index */
};

static void take_target(struct parser *ps, struct target *t, int dma)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;

	if (lx->tok != T_NAME)
		ERR(ps, dma ? "expected a page" : "expected a mapping");
	t->sline = lx->tline;
	t->scol = lx->tcol;
	t->name = arena_strdup(ps->a, lx->text);
	t->alias = find_alias(p, lx->text);
	if (dma) {
		int pg = find_page(p, lx->text);

		if (pg < 0 && t->alias >= 0)
			pg = p->aliases[t->alias].page;
		if (pg < 0)
			ERR(ps, "unknown page '%s'", lx->text);
		t->alias = pg;
	} else if (t->alias < 0) {
		if (find_page(p, lx->text) >= 0)
			ERR(ps, "'%s' is a page: name a kernel or user mapping "
			    "of it", lx->text);
		ERR(ps, "unknown mapping '%s'", lx->text);
	}
	lex_next(lx);
	t->line = -1;
	if (lx->tok == T_LBRACK) {
		t->icol = lx->tcol;
		lex_next(lx);
		if (lx->tok != T_NUM)
			ERR(ps, "expected a line number");
		if (lx->num >= (unsigned long)p->machine.lines)
			ERR(ps, "line %lu out of range: a page has %d line%s",
			    lx->num, p->machine.lines,
			    p->machine.lines == 1 ? "" : "s");
		t->line = (int)lx->num;
		lex_next(lx);
		lex_expect(lx, T_RBRACK, "']'");
	}
}

static struct op *new_op(struct parser *ps, int kind, int line, int col)
{
	int t = ps->thread;
	struct op *o;

	if (ps->nops[t] >= FC_MAX_OPS)
		lex_error_at(ps->lx.diag, line, col,
			     "thread P%d is too long (at most %d steps)", t,
			     FC_MAX_OPS);
	o = &ps->ops[t][ps->nops[t]++];
	memset(o, 0, sizeof *o);
	o->kind = (uint8_t)kind;
	o->reg = NO_REG;
	o->src_line = line;
	o->src_col = col;
	return o;
}

static const char *target_text(struct parser *ps, const struct target *t,
			       int line, int expanded)
{
	char buf[96];

	if (expanded || t->line >= 0 || ps->p->machine.lines > 1)
		snprintf(buf, sizeof buf, "%s[%d]", t->name, line);
	else
		snprintf(buf, sizeof buf, "%s", t->name);
	return arena_strdup(ps->a, buf);
}

/* Emit one op per line of the target (or the one line it names). */
static void emit_lines(struct parser *ps, int kind, const struct target *t,
		       int every, const char *fmt_before, const char *fmt_after,
		       int reg, int label, int local, int line, int col)
{
	int lo = t->line >= 0 ? t->line : 0;
	int hi = t->line >= 0 ? t->line + 1
			      : every ? ps->p->machine.lines : 1;

	for (int i = lo; i < hi; i++) {
		struct op *o = new_op(ps, kind, line, col);
		char buf[256];

		o->alias = (uint8_t)t->alias;
		o->line = (uint8_t)i;
		o->reg = (uint8_t)reg;
		o->label = (uint8_t)label;
		o->local = (uint8_t)local;
		snprintf(buf, sizeof buf, "%s%s%s", fmt_before,
			 target_text(ps, t, i, 0), fmt_after);
		o->text = arena_strdup(ps->a, buf);
	}
}

static void use_reg(struct parser *ps, int r)
{
	ps->written[ps->thread] |= 1u << r;
	if (r + 1 > ps->p->nregs[ps->thread])
		ps->p->nregs[ps->thread] = r + 1;
}

/* s written at line:col */
static int take_reg_or_fail(struct parser *ps, const char *s, int line,
			    int col)
{
	int r = reg_number(s);

	if (r < 0)
		return -1;
	if (r >= SCEN_REGS)
		lex_error_at(ps->lx.diag, line, col,
			     "register %s out of range (r0..r%d)", s,
			     SCEN_REGS - 1);
	return r;
}

static int user_alias(struct parser *ps, const struct target *t)
{
	if (ps->p->aliases[t->alias].kind != AL_USER)
		lex_error_at(ps->lx.diag, t->sline, t->scol,
			     "'%s' is a kernel mapping: its PTE is not the "
			     "scenario's to change", t->name);
	return t->alias;
}

/* `rK = ld X`, `rK = exec X`, `rK = dma.read P`, `NAME = ...` */
static void parse_assignment(struct parser *ps, const char *dst, int line,
			     int col)
{
	struct lexer *lx = &ps->lx;
	struct target t;
	int r = take_reg_or_fail(ps, dst, line, col), kind;
	char before[300];

	if (r < 0)
		lex_error_at(lx->diag, line, col, "'%s' is not a register "
			     "(registers are r0, r1, ...)", dst);
	lex_expect(lx, T_EQ, "'='");
	if (lex_is(lx, "ld"))
		kind = OP_LD;
	else if (lex_is(lx, "exec"))
		kind = OP_EXEC;
	else if (lex_is(lx, "dma.read"))
		kind = OP_DMA_READ;
	else
		ERR(ps, "expected ld, exec or dma.read after '%s ='", dst);
	snprintf(before, sizeof before, "%s = %s ", dst, lx->text);
	lex_next(lx);
	take_target(ps, &t, kind == OP_DMA_READ);
	if (kind == OP_DMA_READ && t.line < 0)
		t.line = 0;
	use_reg(ps, r);
	emit_lines(ps, kind, &t, 0, before, "", r, 0, 0, line, col);
}

static void parse_call(struct parser *ps, const char *name, int line, int col)
{
	/* Calls are resolved against policies and the kernel file; none is
	 * loaded at the instruction level, so every name is unknown. */
	(void)ps;
	lex_error_at(ps->lx.diag, line, col, "unknown function '%s'", name);
}

static int maint_kind(const char *s, int *local)
{
	static const struct {
		const char *name;
		int kind;
	} ops[] = {
		{ "dc.clean", OP_DC_CLEAN }, { "dc.inv", OP_DC_INV },
		{ "dc.flush", OP_DC_FLUSH }, { "ic.inv", OP_IC_INV },
		{ "ic.inv.all", OP_IC_INV_ALL },
	};
	size_t n = strlen(s);

	*local = n > 6 && !strcmp(s + n - 6, ".local");
	if (*local)
		n -= 6;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strlen(ops[i].name) == n && !strncmp(s, ops[i].name, n))
			return ops[i].kind;
	return -1;
}

static void parse_statement(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct target t, y;
	char name[256], buf[320];
	int line = lx->tline, col = lx->tcol, kind, local;

	if (lx->tok != T_NAME)
		ERR(ps, "expected a statement");
	snprintf(name, sizeof name, "%s", lx->text);
	lex_next(lx);

	if (lx->tok == T_EQ) {
		parse_assignment(ps, name, line, col);
		return;
	}
	if (lx->tok == T_LPAREN) {
		parse_call(ps, name, line, col);
		return;
	}
	if (!strcmp(name, "st") || !strcmp(name, "dma.write")) {
		int dma = name[0] == 'd';
		int r = -1, label = 0;

		take_target(ps, &t, dma);
		lex_expect(lx, T_EQ, "'='");
		if (lx->tok == T_NAME &&
		    (r = take_reg_or_fail(ps, lx->text, lx->tline,
					  lx->tcol)) >= 0) {
			if (dma)
				ERR(ps, "dma.write takes a value, not a register");
			if (!(ps->written[ps->thread] & (1u << r)))
				ERR(ps, "register r%d is read before it is "
				    "written", r);
			snprintf(buf, sizeof buf, " = r%d", r);
			lex_next(lx);
		} else {
			const char *lab;

			label = take_label(ps, &lab);
			snprintf(buf, sizeof buf, " = %s", lab);
		}
		emit_lines(ps, dma ? OP_DMA_WRITE : r >= 0 ? OP_ST_REG : OP_ST,
			   &t, 1, dma ? "dma.write " : "st ", buf,
			   r >= 0 ? r : NO_REG, label, 0, line, col);
		return;
	}
	if (!strcmp(name, "ld") || !strcmp(name, "exec")) {
		take_target(ps, &t, 0);
		snprintf(buf, sizeof buf, "%s ", name);
		emit_lines(ps, name[0] == 'l' ? OP_LD : OP_EXEC, &t, 0, buf, "",
			   NO_REG, 0, 0, line, col);
		return;
	}
	if (!strcmp(name, "copy")) {
		int lines = ps->p->machine.lines;

		take_target(ps, &t, 0);
		lex_expect(lx, T_EQ, "'='");
		take_target(ps, &y, 0);
		if ((t.line < 0) != (y.line < 0))
			lex_error_at(lx->diag, line, col, "copy: name one line "
				     "on both sides or on neither");
		for (int i = 0; i < (t.line < 0 ? lines : 1); i++) {
			struct target ti = t, yi = y;
			struct op *o;

			ti.line = t.line < 0 ? i : t.line;
			yi.line = y.line < 0 ? i : y.line;
			o = new_op(ps, OP_COPY_LD, line, col);
			o->alias = (uint8_t)yi.alias;
			o->line = (uint8_t)yi.line;
			snprintf(buf, sizeof buf, "copy: ld %s",
				 target_text(ps, &yi, yi.line, lines > 1));
			o->text = arena_strdup(ps->a, buf);
			o = new_op(ps, OP_COPY_ST, line, col);
			o->alias = (uint8_t)ti.alias;
			o->line = (uint8_t)ti.line;
			snprintf(buf, sizeof buf, "copy: st %s",
				 target_text(ps, &ti, ti.line, lines > 1));
			o->text = arena_strdup(ps->a, buf);
		}
		return;
	}
	if ((kind = maint_kind(name, &local)) >= 0) {
		if (kind == OP_IC_INV_ALL) {
			struct op *o = new_op(ps, kind, line, col);

			o->local = (uint8_t)local;
			o->text = arena_strdup(ps->a, name);
			return;
		}
		take_target(ps, &t, 0);
		snprintf(buf, sizeof buf, "%s ", name);
		emit_lines(ps, kind, &t, 1, buf, "", NO_REG, 0, local, line, col);
		return;
	}
	if (!strcmp(name, "dc.clean.all") || !strcmp(name, "dc.flush.all") ||
	    !strcmp(name, "dsb") || !strcmp(name, "isb")) {
		struct op *o;

		kind = !strcmp(name, "dc.clean.all") ? OP_DC_CLEAN_ALL
		     : !strcmp(name, "dc.flush.all") ? OP_DC_FLUSH_ALL
		     : !strcmp(name, "dsb") ? OP_DSB : OP_ISB;
		o = new_op(ps, kind, line, col);
		o->text = arena_strdup(ps->a, name);
		return;
	}
	if (!strcmp(name, "pte.set") || !strcmp(name, "pte.clear") ||
	    !strcmp(name, "pte.flushonly")) {
		struct op *o;

		kind = name[4] == 's' ? OP_PTE_SET
		     : name[4] == 'c' ? OP_PTE_CLEAR : OP_PTE_FLUSHONLY;
		take_target(ps, &t, 0);
		if (t.line >= 0)
			lex_error_at(lx->diag, t.sline, t.icol,
				     "a PTE maps a whole page: no line index");
		o = new_op(ps, kind, line, col);
		o->alias = (uint8_t)user_alias(ps, &t);
		snprintf(buf, sizeof buf, "%s %s", name, t.name);
		o->text = arena_strdup(ps->a, buf);
		return;
	}
	if (!strcmp(name, "dma.read"))
		lex_error_at(lx->diag, line, col, "dma.read needs a register: "
			     "rK = dma.read P");
	lex_error_at(lx->diag, line, col, "unknown statement '%s'", name);
}

/* ---- the thread table ------------------------------------------------ */

static int table_ends(const struct lexer *lx)
{
	return lx->tok == T_EOF || lx->tok == T_TILDE || lex_is(lx, "exists") ||
	       lex_is(lx, "forall") || lex_is(lx, "check") ||
	       lex_is(lx, "expect");
}

static void parse_table(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	int n = 0, hline[FC_MAX_CPUS], hcol[FC_MAX_CPUS];

	/* P0 | P1 | ... ; */
	for (;;) {
		char want[8];

		snprintf(want, sizeof want, "P%d", n);
		if (!lex_is(lx, want))
			ERR(ps, "expected the column header %s", want);
		if (n >= FC_MAX_CPUS)
			ERR(ps, "too many threads (at most %d)", FC_MAX_CPUS);
		hline[n] = lx->tline;
		hcol[n] = lx->tcol;
		n++;
		lex_next(lx);
		if (lx->tok == T_SEMI)
			break;
		lex_expect(lx, T_BAR, "'|' or ';'");
	}
	/* at the first column that has no CPU */
	if (n > p->machine.cpus)
		lex_error_at(lx->diag, hline[p->machine.cpus],
			     hcol[p->machine.cpus],
			     "%d threads but machine %s has %d CPU%s "
			     "(set cpus = %d)", n, p->machine.name,
			     p->machine.cpus, p->machine.cpus == 1 ? "" : "s",
			     n);
	p->nthreads = n;
	lex_next(lx);

	while (!table_ends(lx)) {
		for (int c = 0; c < n; c++) {
			ps->thread = c;
			if (lx->tok != T_BAR && lx->tok != T_SEMI)
				parse_statement(ps);
			if (c < n - 1) {
				if (lx->tok == T_SEMI)
					ERR(ps, "this row has %d cell%s; the "
					    "table has %d columns", c + 1,
					    c ? "s" : "", n);
				lex_expect(lx, T_BAR, "'|' between cells");
			}
		}
		if (lx->tok == T_BAR)
			ERR(ps, "this row has more cells than the table has "
			    "columns (%d)", n);
		lex_expect(lx, T_SEMI, "';' at the end of the row");
	}
	for (int c = 0; c < n; c++) {
		p->threads[c].nops = ps->nops[c];
		p->threads[c].ops = arena_alloc(ps->a, sizeof(struct op) *
						(size_t)(ps->nops[c] + 1));
		memcpy(p->threads[c].ops, ps->ops[c],
		       sizeof(struct op) * (size_t)ps->nops[c]);
	}
}

/* ---- condition ------------------------------------------------------- */

static struct cond *cond_node(struct parser *ps, enum cond_kind k,
			      struct cond *a, struct cond *b)
{
	struct cond *c = arena_alloc(ps->a, sizeof *c);

	c->kind = k;
	c->a = a;
	c->b = b;
	return c;
}

static int add_loc(struct parser *ps, const struct loc *l)
{
	struct program *p = ps->p;

	for (int i = 0; i < p->nlocs; i++)
		if (p->locs[i].is_mem == l->is_mem &&
		    (l->is_mem ? p->locs[i].page == l->page &&
				 p->locs[i].line == l->line
			       : p->locs[i].thread == l->thread &&
				 p->locs[i].reg == l->reg))
			return i;
	if (p->nlocs >= FC_MAX_OUTCOME)
		ERR(ps, "the condition names too many locations (at most %d)",
		    FC_MAX_OUTCOME);
	p->locs[p->nlocs] = *l;
	return p->nlocs++;
}

static struct cond *parse_or(struct parser *ps);

static struct cond *parse_atom(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	struct loc l = { 0 };
	struct cond *c;
	char buf[300];

	if (lx->tok == T_TILDE || lx->tok == T_NOT) {
		lex_next(lx);
		return cond_node(ps, C_NOT, parse_atom(ps), NULL);
	}
	if (lx->tok == T_LPAREN) {
		lex_next(lx);
		c = parse_or(ps);
		lex_expect(lx, T_RPAREN, "')'");
		return c;
	}
	if (lex_is(lx, "true") || lex_is(lx, "false")) {
		c = cond_node(ps, C_TRUE, NULL, NULL);
		if (lx->text[0] == 'f')
			c = cond_node(ps, C_NOT, c, NULL);
		lex_next(lx);
		return c;
	}
	if (lx->tok == T_LBRACK) {
		int pg;

		lex_next(lx);
		if (lx->tok != T_NAME)
			ERR(ps, "expected a page inside '[ ]'");
		pg = find_page(p, lx->text);
		if (pg < 0 && find_alias(p, lx->text) >= 0)
			pg = p->aliases[find_alias(p, lx->text)].page;
		if (pg < 0)
			ERR(ps, "unknown page '%s'", lx->text);
		l.is_mem = 1;
		l.page = pg;
		snprintf(buf, sizeof buf, "[%s]", lx->text);
		lex_next(lx);
		if (lx->tok == T_LBRACK) {
			lex_next(lx);
			if (lx->tok != T_NUM)
				ERR(ps, "expected a line number");
			if (lx->num >= (unsigned long)p->machine.lines)
				ERR(ps, "line %lu out of range: a page has %d "
				    "line%s", lx->num, p->machine.lines,
				    p->machine.lines == 1 ? "" : "s");
			l.line = (int)lx->num;
			snprintf(buf + strlen(buf) - 1, sizeof buf - strlen(buf) + 1,
				 "[%d]]", l.line);
			lex_next(lx);
			lex_expect(lx, T_RBRACK, "']'");
		}
		lex_expect(lx, T_RBRACK, "']'");
	} else {
		int t = -1, r;

		if (lx->tok == T_NUM)
			t = lx->num > 9999 ? 9999 : (int)lx->num;
		else if (lx->tok != T_NAME || (t = numbered(lx->text, 'P')) < 0)
			ERR(ps, "expected Pn:rK or [page] in the condition");
		if (t >= p->nthreads)
			ERR(ps, "no thread %s%.*s", lx->tok == T_NUM ? "P" : "",
			    (int)lx->tlen, lx->tstart);
		lex_next(lx);
		lex_expect(lx, T_COLON, "':'");
		if (lx->tok != T_NAME || (r = reg_number(lx->text)) < 0)
			ERR(ps, "expected a register (r0, r1, ...)");
		if (r >= SCEN_REGS || !(ps->written[t] & (1u << r)))
			ERR(ps, "P%d never writes %s", t, lx->text);
		l.thread = t;
		l.reg = r;
		snprintf(buf, sizeof buf, "P%d:r%d", t, r);
		lex_next(lx);
	}
	l.text = arena_strdup(ps->a, buf);
	lex_expect(lx, T_EQ, "'='");
	c = cond_node(ps, l.is_mem ? C_MEM : C_REG, NULL, NULL);
	c->loc = add_loc(ps, &l);
	c->label = (uint8_t)take_label(ps, NULL);
	return c;
}

static struct cond *parse_and(struct parser *ps)
{
	struct cond *c = parse_atom(ps);

	while (ps->lx.tok == T_AND || ps->lx.tok == T_ANDAND) {
		lex_next(&ps->lx);
		c = cond_node(ps, C_AND, c, parse_atom(ps));
	}
	return c;
}

static struct cond *parse_or(struct parser *ps)
{
	struct cond *c = parse_and(ps);

	while (ps->lx.tok == T_OR || ps->lx.tok == T_OROR) {
		lex_next(&ps->lx);
		c = cond_node(ps, C_OR, c, parse_and(ps));
	}
	return c;
}

static void parse_condition(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	const char *start;

	if (p->quant != Q_NONE)
		ERR(ps, "a scenario has one condition");
	if (lx->tok == T_TILDE) {
		lex_next(lx);
		if (!lex_is(lx, "exists"))
			ERR(ps, "expected 'exists' after '~'");
		p->quant = Q_NOT_EXISTS;
	} else {
		p->quant = lex_is(lx, "exists") ? Q_EXISTS : Q_FORALL;
	}
	lex_next(lx);
	start = lx->tstart;
	if (lx->tok != T_LPAREN)
		ERR(ps, "expected '(' after the quantifier");
	p->cond = parse_or(ps);
	{
		const char *end = lx->tstart;

		while (end > start && isspace((unsigned char)end[-1]))
			end--;
		p->cond_text = arena_strndup(ps->a, start, (size_t)(end - start));
	}
}

/* ---- check and expect ------------------------------------------------ */

static void parse_check(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	int line = lx->tline, col = lx->tcol + 5;	/* after `check` */
	char buf[256], *w;
	const char *base;

	lex_next(lx);
	if (lx->tok == T_EOF || lx->tline != line)
		lex_error_at(lx->diag, line, col, "expected oracle names or none");
	col = lx->tcol;
	lex_rest_of_line(lx, buf, sizeof buf);
	ps->p->check = 0;
	base = buf;
	for (w = strtok(buf, " \t,"); w; w = strtok(NULL, " \t,")) {
		int k = oracle_lookup(w);

		if (!strcmp(w, "none"))
			continue;
		if (k < 0)
			lex_error_at(lx->diag, line, col + (int)(w - base),
				     "unknown oracle '%s'", w);
		ps->p->check |= 1u << k;
	}
}

static void parse_expect(struct parser *ps, struct expect *e)
{
	struct lexer *lx = &ps->lx;
	int line = lx->tline, col = lx->tcol + 6;	/* after `expect` */
	char buf[512], *colon, *w;
	const char *base;
	int len;

	lex_next(lx);
	if (lx->tok == T_EOF || lx->tline != line)
		lex_error_at(lx->diag, line, col, "expected 'POLICY: words'");
	col = lx->tcol;
	lex_rest_of_line(lx, buf, sizeof buf);
	base = buf;
	len = (int)strlen(buf);		/* before the cuts below */
	colon = strchr(buf, ':');
	if (!colon)
		lex_error_at(lx->diag, line, col, "expected ':' after the policy");
	*colon = '\0';
	for (char *q = colon; q > buf && isspace((unsigned char)q[-1]); )
		*--q = '\0';
	if (!buf[0] || strchr(buf, ' '))
		lex_error_at(lx->diag, line, col, "expected one policy name "
			     "or '*' before ':'");
	memset(e, 0, sizeof *e);
	e->policy = arena_strdup(ps->a, buf);
	e->src_line = line;
	{
		const char *q = colon + 1;

		while (isspace((unsigned char)*q))
			q++;
		e->text = arena_strdup(ps->a, q);
	}
	for (w = strtok(colon + 1, " \t,"); w; w = strtok(NULL, " \t,")) {
		int k = oracle_lookup(w), wc = col + (int)(w - base);
		enum obs_word ob = !strcmp(w, "Sometimes") ? OBS_SOMETIMES
				 : !strcmp(w, "Never") ? OBS_NEVER
				 : !strcmp(w, "Always") ? OBS_ALWAYS : OBS_NONE;

		if (ob != OBS_NONE) {
			if (e->obs != OBS_NONE)
				lex_error_at(lx->diag, line, wc, "two observation "
					     "words");
			if (ps->p->quant == Q_NONE)
				lex_error_at(lx->diag, line, wc, "'%s' needs a "
					     "condition (exists, ~exists or "
					     "forall) before it", w);
			e->obs = ob;
		} else if (!strcmp(w, "ok")) {
			if (e->has_oracles)
				lex_error_at(lx->diag, line, wc, "'ok' with oracle "
					     "names");
			e->has_oracles = 1;
		} else if (k >= 0) {
			if (e->has_oracles && !e->oracles)
				lex_error_at(lx->diag, line, wc, "'ok' with oracle "
					     "names");
			e->has_oracles = 1;
			e->oracles |= 1u << k;
		} else {
			lex_error_at(lx->diag, line, wc, "unknown word '%s' (ok, "
				     "an oracle, Sometimes, Never or Always)", w);
		}
	}
	if (!e->has_oracles && e->obs == OBS_NONE)
		lex_error_at(lx->diag, line, col + len,
			     "expected ok, oracle names or an observation word");
}

static void parse_footer(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	struct expect ex[64];
	int n = 0;

	while (lx->tok != T_EOF) {
		if (lex_is(lx, "exists") || lex_is(lx, "forall") ||
		    lx->tok == T_TILDE) {
			parse_condition(ps);
		} else if (lex_is(lx, "check")) {
			parse_check(ps);
		} else if (lex_is(lx, "expect")) {
			if (n >= 64)
				ERR(ps, "too many expect lines");
			parse_expect(ps, &ex[n++]);
		} else if (lx->tok == T_NAME) {
			ERR(ps, "unexpected '%s' (a condition, check or expect)",
			    lx->text);
		} else {
			ERR(ps, "unexpected %s (a condition, check or expect)",
			    tok_name(lx->tok));
		}
	}
	p->nexpects = n;
	p->expects = arena_alloc(ps->a, sizeof ex[0] * (size_t)(n + 1));
	memcpy(p->expects, ex, sizeof ex[0] * (size_t)n);
}

struct program *scenario_load(struct arena *a, const char *file,
			      const char *src, const struct load_opts *o,
			      struct diag *d)
{
	jmp_buf env;
	struct parser *ps = calloc(1, sizeof *ps);
	struct program *p;

	if (!ps) {
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return NULL;
	}
	p = arena_alloc(a, sizeof *p);
	p->file = arena_strdup(a, file);
	p->labels[0] = "0";
	p->nlabels = 1;
	p->check = OR_ALL;
	d->env = &env;
	if (setjmp(env)) {
		free(ps);
		return NULL;
	}
	ps->a = a;
	ps->p = p;
	ps->o = o;
	if (memchr(src, '\0', 0) || strlen(src) == 0) {
		d->file = file;
		lex_error_at(d, 1, 1, "empty file");
	}
	lex_init(&ps->lx, file, src, d);
	parse_header(ps);
	lex_expect(&ps->lx, T_LBRACE, "'{' to open the declarations");
	while (ps->lx.tok != T_RBRACE) {
		if (ps->lx.tok == T_EOF)
			ERR(ps, "missing '}' after the declarations");
		parse_decl(ps);
	}
	if (p->npages == 0)	/* at the '}', not at the table */
		ERR(ps, "no page declared");
	lex_next(&ps->lx);
	parse_table(ps);
	parse_footer(ps);
	free(ps);
	return p;
}
