/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - the .flush parser and compiler (docs/design.md section 3.1).
 *
 * One pass over the text: header and settings (line-oriented, so that
 * values such as `dcache = vipt 32K 4 wb private` and policy names such as
 * arm-2.6.33 need no tokens of their own), declarations, the thread table,
 * then the condition, `check` and `expect` lines in any order.  Each cell
 * is parsed into a statement (stmt.c) and compiled at once (compile.c),
 * calls inlined against the policy set; the first error ends the load.
 */
#include "scenario.h"
#include "build.h"
#include "compile.h"
#include "suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct lexer lx;
	struct arena *a;
	struct program *p;
	const struct load_opts *o;
	const struct polset *ps;	/* what calls resolve to */
	struct compiler *cc;		/* compiles the cells */
	struct build b;			/* adds to p (build.h) */
	int machine_set_by_file;
	int params_set;		/* a machine parameter was set already */
	int bad_line, bad_col;	/* where bad-outcome was first named */
	int thread_line[FC_MAX_CPUS], thread_col[FC_MAX_CPUS];	/* `thread` */
	int cpu_line[FC_MAX_CPUS], cpu_col[FC_MAX_CPUS];	/* `cpu` */
};

_Static_assert(SCEN_REGS <= 32 && SCEN_REGS <= FC_MAX_REGS,
	       "compiler.written is a 32-bit mask of scenario registers");

#define ERR(ps, ...) lex_error(&(ps)->lx, __VA_ARGS__)

/* What the builder made, or its error at the current token. */
static int built(struct parser *ps, int k)
{
	if (k < 0)
		ERR(ps, "%s", ps->b.err);
	return k;
}

/* ---- header and settings --------------------------------------------- */

/*
 * machine = PATH: the file, relative to the scenario's directory, read by
 * the caller's reader (the language layer does no I/O of its own) and
 * parsed as --machine FILE is.  Its errors are the machine file's.
 */
static void load_machine_file(struct parser *ps, const char *value, int line,
			      int col)
{
	struct program *p = ps->p;
	const char *file = ps->lx.file ? ps->lx.file : "";
	const char *slash = strrchr(file, '/');
	char path[1024], err[200], *text;
	const char *kept;

	if (!ps->o || !ps->o->read_file)
		lex_error_at(ps->lx.diag, line, col, "machine file '%s': "
			     "this caller reads no files", value);
	if (value[0] == '/' || !slash)
		snprintf(path, sizeof path, "%s", value);
	else
		snprintf(path, sizeof path, "%.*s/%s", (int)(slash - file),
			 file, value);
	text = ps->o->read_file(path, err, sizeof err);
	if (!text)
		lex_error_at(ps->lx.diag, line, col, "machine file '%s': %s",
			     path, err);
	kept = arena_strdup(ps->a, text);
	free(text);
	machine_defaults(&p->machine);
	if (machine_file_load(&p->machine, arena_strdup(ps->a, path), kept,
			      ps->lx.diag))
		longjmp(*ps->lx.diag->env, 1);
	snprintf(p->machine.name, sizeof p->machine.name, "%s", value);
}

/*
 * The machine's name says how it ran: the preset or file, then each
 * setting the scenario or --set changed, "cortex-a9+maint=local".
 */
static void name_setting(struct machine *m, const char *key, const char *value)
{
	size_t n = strlen(m->name);

	if (n + 1 < sizeof m->name)
		snprintf(m->name + n, sizeof m->name - n, "+%.40s=%.60s", key,
			 value);
}

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
		/* the preset replaces every parameter: it must come first */
		if (ps->params_set)
			lex_error_at(ps->lx.diag, line, kcol, "set machine before "
				     "any machine parameter");
		if (machine_name_is_file(value)) {
			load_machine_file(ps, value, line, col);
		} else if (preset_load(&p->machine, value, ps->lx.diag)) {
			char dym[96];

			ps->lx.diag->file = ps->lx.file;
			lex_error_at(ps->lx.diag, line, col,
				     "unknown machine '%s'%s (see "
				     "--list-machines)", value,
				     preset_hint(value, dym, sizeof dym));
		}
		ps->lx.diag->file = ps->lx.file;
		ps->machine_set_by_file = 1;
		return;
	}
	if (!strcmp(key, "policy")) {
		if (!*value)
			lex_error_at(ps->lx.diag, line, col, "empty policy name");
		p->policy = arena_strdup(ps->a, value);
		p->policy_line = line;
		p->policy_col = col;
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
	name_setting(&p->machine, key, value);
	ps->params_set = 1;
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
		machine_defaults(&p->machine);
		snprintf(p->machine.name, sizeof p->machine.name, "%s",
			 ps->o->machine_file ? ps->o->machine_file : "custom");
		if (machine_file_load(&p->machine, ps->o->machine_file
				      ? ps->o->machine_file : "<--machine>",
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
		if (!strcmp(key, "machine") && (*q == '.' || *q == '/')) {
			/* a path: not made of the language's tokens */
			lex_raw_rest_of_line(lx, buf, sizeof buf);
			apply_setting(ps, key, buf, line, kcol, col);
			continue;
		}
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
		name_setting(&p->machine, key, eq + 1);
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
	k = built(ps, build_label(&ps->b, s));
	if (text)
		*text = ps->p->labels[k];
	lex_next(&ps->lx);
	return k;
}

static int take_page(struct parser *ps)
{
	int pg;

	if (ps->lx.tok != T_NAME)
		ERR(ps, "expected a page name");
	pg = build_find_page(ps->p, ps->lx.text);
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

	if (lex_is(lx, "page")) {
		struct page *pg;

		lex_next(lx);
		pg = &p->pages[built(ps, build_page(&ps->b, lx->tok == T_NAME ?
						      lx->text : "", 0))];
		take_name(ps, "a page name");
		if (lx->tok == T_EQ) {
			lex_next(lx);
			pg->label = (uint8_t)take_label(ps, NULL);
		}
	} else if (lex_is(lx, "kernel") || lex_is(lx, "user")) {
		int user = lex_is(lx, "user");
		struct mapping *al;

		lex_next(lx);
		al = &p->mappings[built(ps, build_mapping(&ps->b,
				lx->tok == T_NAME ? lx->text : "",
				user ? MAPPING_USER : MAPPING_KERNEL, -1))];
		take_name(ps, "a mapping name");
		lex_expect(lx, T_EQ, "'='");
		al->page = take_page(ps);
		al->va = build_linear_va(p, al->page);
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
				if (lx->num > 0xffff)	/* not cut to an int */
					ERR(ps, "mm number too large (at most "
					    "65535)");
				al->mm = (int)lx->num;
				lex_next(lx);
			}
			if (lex_is(lx, "mmuoff")) {
				al->mmu_off = 1;
				lex_next(lx);
			}
		}
	} else if (lex_is(lx, "cpu")) {
		/*
		 * cpu N offline: not in cpu_online_mask until set_cpu_online;
		 * cpu N mm M: CPU N runs no thread but keeps mm M as its
		 * active_mm (lazy TLB), and is in M's mm_cpumask.
		 */
		int c;

		lex_next(lx);
		if (lx->tok != T_NUM || lx->num >= FC_MAX_CPUS)
			ERR(ps, "expected a CPU number from 0 to %d",
			    FC_MAX_CPUS - 1);
		c = (int)lx->num;
		if (ps->cpu_line[c])
			ERR(ps, "CPU%d is declared twice", c);
		ps->cpu_line[c] = lx->tline;
		ps->cpu_col[c] = lx->tcol;
		lex_next(lx);
		if (lex_is(lx, "mm")) {
			lex_next(lx);
			if (lx->tok != T_NUM || lx->num >= FC_MAX_MMS)
				ERR(ps, "expected an mm number from 0 to %d",
				    FC_MAX_MMS - 1);
			p->cpu_mm[c] = (int)lx->num;
		} else if (lex_is(lx, "offline")) {
			if (c == 0)
				lex_error_at(lx->diag, ps->cpu_line[c],
					     ps->cpu_col[c], "CPU0 boots the "
					     "others: it is online");
			p->offline |= 1u << c;
		} else {
			ERR(ps, "expected 'offline' or 'mm N' after the CPU");
		}
		p->cpu_state = 1;
		lex_next(lx);
	} else if (lex_is(lx, "thread")) {
		/* thread Pi mm N: the address space thread i runs in */
		int t;

		lex_next(lx);
		if (lx->tok != T_NAME || lx->text[0] != 'P' ||
		    !isdigit((unsigned char)lx->text[1]) || lx->text[2] ||
		    (t = lx->text[1] - '0') >= FC_MAX_CPUS)
			ERR(ps, "expected a thread P0 to P%d", FC_MAX_CPUS - 1);
		if (ps->thread_line[t])
			ERR(ps, "thread P%d is declared twice", t);
		ps->thread_line[t] = lx->tline;
		ps->thread_col[t] = lx->tcol;
		lex_next(lx);
		if (!lex_is(lx, "mm"))
			ERR(ps, "expected 'mm N' after the thread");
		lex_next(lx);
		if (lx->tok != T_NUM)
			ERR(ps, "expected an mm number");
		if (lx->num > 0xffff)
			ERR(ps, "mm number too large (at most 65535)");
		p->thread_mm[t] = (int)lx->num;
		lex_next(lx);
		if (lex_is(lx, "cpus")) {
			/* cpus A,B,...: where it may run; it starts on CPU t */
			p->thread_cpus[t] = 0;
			do {
				lex_next(lx);
				if (lx->tok != T_NUM || lx->num >= FC_MAX_CPUS)
					ERR(ps, "expected a CPU number from 0 to %d",
					    FC_MAX_CPUS - 1);
				p->thread_cpus[t] |= 1u << lx->num;
				lex_next(lx);
			} while (lx->tok == T_COMMA);
			if (!(p->thread_cpus[t] >> t & 1))
				lex_error_at(lx->diag, ps->thread_line[t],
					     ps->thread_col[t], "thread P%d starts "
					     "on CPU%d: its cpus must include %d",
					     t, t, t);
		}
		if (lex_is(lx, "vcpu")) {
			p->thread_vcpu[t] = 1;
			lex_next(lx);
		}
	} else if (lx->tok == T_NAME) {
		ERR(ps, "unknown declaration '%s' (page, kernel, user, thread "
		    "or cpu)", lx->text);
	} else {
		ERR(ps, "expected a declaration or '}'");
	}
	lex_expect(lx, T_SEMI, "';' after the declaration");
}

/* ---- the thread table ------------------------------------------------ */

/*
 * `bug` starts the condition only when a quantifier follows it, so that a
 * row calling a policy function named bug() still parses as it did before
 * the marker existed.  The look-ahead lexes a copy.
 */
static int bug_marker(const struct lexer *lx)
{
	struct lexer ahead;

	if (!lex_is(lx, "bug"))
		return 0;
	ahead = *lx;
	lex_next(&ahead);
	return lex_is(&ahead, "exists") || lex_is(&ahead, "forall") ||
	       ahead.tok == T_TILDE;
}

static int table_ends(const struct lexer *lx)
{
	return lx->tok == T_EOF || lx->tok == T_TILDE || lex_is(lx, "exists") ||
	       lex_is(lx, "forall") || lex_is(lx, "check") ||
	       lex_is(lx, "expect") || bug_marker(lx);
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

	ps->cc = compiler_new(p, ps->a, ps->ps, lx->diag);
	if (!ps->cc)
		ERR(ps, "out of memory");
	while (!table_ends(lx)) {
		for (int c = 0; c < n; c++) {
			if (lx->tok != T_BAR && lx->tok != T_SEMI)
				compile_cell(ps->cc, c,
					     parse_stmt(lx, ps->a, 1));
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

	/* nesting is bounded (limits.h), as in stmt.c */
	if (lx->tok == T_TILDE || lx->tok == T_NOT) {
		lex_enter(lx);
		lex_next(lx);
		c = cond_node(ps, C_NOT, parse_atom(ps), NULL);
		lex_leave(lx);
		return c;
	}
	if (lx->tok == T_LPAREN) {
		lex_enter(lx);
		lex_next(lx);
		c = parse_or(ps);
		lex_expect(lx, T_RPAREN, "')'");
		lex_leave(lx);
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
		pg = build_find_page(p, lx->text);
		if (pg < 0 && build_find_mapping(p, lx->text) >= 0)
			pg = p->mappings[build_find_mapping(p, lx->text)].page;
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
		else if (lx->tok != T_NAME || (t = build_numbered(lx->text, 'P')) < 0)
			ERR(ps, "expected Pn:rK or [page] in the condition");
		if (t >= p->nthreads)
			ERR(ps, "no thread %s%.*s", lx->tok == T_NUM ? "P" : "",
			    (int)lx->tlen, lx->tstart);
		lex_next(lx);
		lex_expect(lx, T_COLON, "':'");
		if (lx->tok != T_NAME || (r = build_reg_number(lx->text)) < 0)
			ERR(ps, "expected a register (r0, r1, ...)");
		if (!compiler_reg_written(ps->cc, t, r))
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
	int levels = 0;

	/* each operand of a chain is a level of the tree it becomes */
	while (ps->lx.tok == T_AND || ps->lx.tok == T_ANDAND) {
		lex_enter(&ps->lx);
		levels++;
		lex_next(&ps->lx);
		c = cond_node(ps, C_AND, c, parse_atom(ps));
	}
	ps->lx.depth -= levels;
	return c;
}

static struct cond *parse_or(struct parser *ps)
{
	struct cond *c = parse_and(ps);
	int levels = 0;

	while (ps->lx.tok == T_OR || ps->lx.tok == T_OROR) {
		lex_enter(&ps->lx);
		levels++;
		lex_next(&ps->lx);
		c = cond_node(ps, C_OR, c, parse_and(ps));
	}
	ps->lx.depth -= levels;
	return c;
}

static void parse_condition(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct program *p = ps->p;
	const char *start;

	if (p->quant != Q_NONE)
		ERR(ps, "a scenario has one condition");
	if (lex_is(lx, "bug")) {
		/* the outcome the scenario fears: see enum quant */
		lex_next(lx);
		if (lx->tok == T_TILDE || lex_is(lx, "forall"))
			ERR(ps, "'bug' marks an outcome that one final state "
			    "shows: only 'bug exists'");
		if (!lex_is(lx, "exists"))
			ERR(ps, "expected 'exists' after 'bug'");
		p->cond_bug = 1;
	}
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

/*
 * bad-outcome is judged only against a `bug exists` condition, which may
 * come after the line naming it: remember the first place, to complain
 * there at the end of the footer.
 */
static void note_bad_outcome(struct parser *ps, int k, int line, int col)
{
	if (k == OR_BAD_OUTCOME && !ps->bad_line) {
		ps->bad_line = line;
		ps->bad_col = col;
	}
}

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
		note_bad_outcome(ps, k, line, col + (int)(w - base));
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
	e->src_col = col;
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
			note_bad_outcome(ps, k, line, wc);
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
	struct expect ex[FC_MAX_EXPECTS];
	int n = 0;

	while (lx->tok != T_EOF) {
		if (lex_is(lx, "exists") || lex_is(lx, "forall") ||
		    lx->tok == T_TILDE || lex_is(lx, "bug")) {
			parse_condition(ps);
		} else if (lex_is(lx, "check")) {
			parse_check(ps);
		} else if (lex_is(lx, "expect")) {
			if (n >= FC_MAX_EXPECTS)
				ERR(ps, "more than %d expect lines",
				    FC_MAX_EXPECTS);
			parse_expect(ps, &ex[n++]);
		} else if (lx->tok == T_NAME) {
			ERR(ps, "unexpected '%s' (a condition, check or expect)",
			    lx->text);
		} else {
			ERR(ps, "unexpected %s (a condition, check or expect)",
			    tok_name(lx->tok));
		}
	}
	if (ps->bad_line && !p->cond_bug)
		lex_error_at(lx->diag, ps->bad_line, ps->bad_col, "bad-outcome "
			     "needs a 'bug exists' condition");
	/* the scenario's own statement of its bug: `check` cannot mute it */
	if (p->cond_bug)
		p->check |= 1u << OR_BAD_OUTCOME;
	p->nexpects = n;
	p->expects = arena_alloc(ps->a, sizeof ex[0] * (size_t)(n + 1));
	memcpy(p->expects, ex, sizeof ex[0] * (size_t)n);
}

/* Against asm-generic and the kernel file alone. */
static struct program *scenario_load_base(struct arena *a, const char *file,
					  const char *src,
					  const struct load_opts *o,
					  struct diag *d)
{
	struct polset *base = arena_alloc(a, sizeof *base);

	if (polset_load(a, base, NULL, NULL, NULL, d))
		return NULL;
	return scenario_load(a, file, src, o, base, d);
}

struct program *scenario_load(struct arena *a, const char *file,
			      const char *src, const struct load_opts *o,
			      const struct polset *pols, struct diag *d)
{
	jmp_buf env;
	struct parser *ps = calloc(1, sizeof *ps);
	struct program *p;

	if (!ps) {
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return NULL;
	}
	if (!pols) {
		free(ps);
		return scenario_load_base(a, file, src, o, d);
	}
	p = arena_alloc(a, sizeof *p);
	p->file = arena_strdup(a, file);
	p->labels[0] = "0";
	p->nlabels = 1;
	for (int t = 0; t < FC_MAX_CPUS; t++) {
		p->thread_cpus[t] = 1u << t;	/* thread t on CPU t */
		p->cpu_mm[t] = -1;		/* an idle CPU: init_mm */
	}
	p->check = OR_ALL;
	d->env = &env;
	if (setjmp(env)) {
		compiler_free(ps->cc);
		free(ps);
		return NULL;
	}
	ps->a = a;
	ps->p = p;
	build_init(&ps->b, p, a);
	ps->o = o;
	ps->ps = pols;
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
	for (int t = 0; t < FC_MAX_CPUS; t++) {
		if (ps->thread_line[t] && t >= p->nthreads)
			lex_error_at(d, ps->thread_line[t], ps->thread_col[t],
				     "thread P%d is declared, but the table has "
				     "%d thread%s", t, p->nthreads,
				     p->nthreads == 1 ? "" : "s");
		if (p->migrates && t < p->nthreads && p->thread_mm[t] > 254)
			lex_error_at(d, ps->thread_line[t], ps->thread_col[t],
				     "thread P%d: with threads that migrate, mm "
				     "numbers go up to 254", t);
		if (p->cpu_mm[t] >= 0 && t < p->nthreads)
			lex_error_at(d, ps->cpu_line[t], ps->cpu_col[t],
				     "CPU%d runs thread P%d, whose mm it has", t,
				     t);
		if (ps->cpu_line[t] && t >= p->machine.cpus)
			lex_error_at(d, ps->cpu_line[t], ps->cpu_col[t],
				     "CPU%d: the machine has %d CPUs", t,
				     p->machine.cpus);
		if (ps->thread_line[t] && p->thread_cpus[t] >> p->machine.cpus)
			lex_error_at(d, ps->thread_line[t], ps->thread_col[t],
				     "thread P%d may run on a CPU the machine "
				     "lacks (it has %d)", t, p->machine.cpus);
	}
	parse_footer(ps);
	compiler_finish(ps->cc);
	free(ps);
	return p;
}
