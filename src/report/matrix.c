/* SPDX-License-Identifier: MIT */
/*
 * matrix.c - the catalogue as one table: a row per scenario, a column per
 * policy, a verdict per cell (`flushcheck --matrix`).
 *
 * Two forms.  The long one writes each cell in words ("stale-fetch
 * Sometimes") and is as wide as it needs.  The short one, the default, is
 * for a terminal: it fits in 120 columns beside the longest catalogue
 * name, so a cell is a code of a few letters ("SF/S") explained by a legend
 * under the table, and the policy names stand above their columns as a
 * staircase, each on its own line, so that no name is cut.  More policies
 * than fit make several tables, a family of policies (arm64 and its
 * variants) kept in one.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* Columns: the built-in policies and 32 --policy files at most. */
#define MATRIX_MAX_COLS 64
/* Width of a short cell: the longest code is two oracles, the
 * observation and the mark, "SL+F/S!"; three oracles still fit in 10. */
#define SHORT_CELL 6

/*
 * Two letters per oracle for the short form.  ORDER: enum oracle
 * (designated, so that a new oracle without a code shows its full name
 * rather than a wrong code).
 */
static const char *const oracle_codes[OR_COUNT] = {
	[OR_STALE_FETCH] = "SF",
	[OR_STALE_LOAD] = "SL",
	[OR_LOST_WRITE] = "LW",
	[OR_STALE_DMA] = "SD",
	[OR_FAULT] = "F",
	[OR_DEADLOCK] = "DL",
	[OR_BAD_OUTCOME] = "BO",
};

struct cell {
	char *words;	/* the long form: "stale-fetch Sometimes !" */
	char *code;	/* the short form: "SF/S!" */
	/* for --json --matrix (matrix_json) */
	unsigned violated;
	enum obs_word obs;	/* OBS_NONE: no condition, or incomplete */
	int incomplete, expected, failed, passed;
};

/* Rows grow as scenarios come; a cell with words NULL was not run. */
struct matrix {
	int nrows, ncols, cap;
	int differ;		/* matrix_only_differing(): rows shown */
	int as_given;		/* matrix_columns_as_given(): no families */
	char **row;
	char *col[MATRIX_MAX_COLS];
	struct cell (*cell)[MATRIX_MAX_COLS];
};

struct matrix *matrix_new(void)
{
	return calloc(1, sizeof(struct matrix));
}


static const char *obs_letter(enum obs_word w)
{
	return w == OBS_SOMETIMES ? "/S" : w == OBS_NEVER ? "/N"
	     : w == OBS_ALWAYS ? "/A" : "";
}

/*
 * Is bad-outcome left out of the short form?  Beside another oracle, when
 * the Observation is written: in a `bug exists` file, /S or /A is then the
 * bad outcome reached.  Its two letters would widen the catalogue's
 * widest cells ("SL+LW/S") past what 120 columns allow.
 */
static int bo_implied(const struct result *r)
{
	return r->has_cond && !r->incomplete &&
	       (r->violated & ~(1u << OR_BAD_OUTCOME));
}

/* The short form of a result: oracle codes joined by +, or ok or ?. */
static void cell_code(const struct result *r, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int b = 0; b < OR_COUNT; b++)
		if ((r->violated & (1u << b)) &&
		    !(b == OR_BAD_OUTCOME && bo_implied(r)))
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
					      "%s%s", n ? "+" : "",
					      oracle_codes[b] ? oracle_codes[b]
							      : oracle_names[b]);
	if (r->incomplete)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s?",
				      n ? "+" : "");
	else if (!n)
		n += (size_t)snprintf(buf, len, "ok");
	if (r->has_cond && !r->incomplete)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s",
				      obs_letter(result_observation(r)));
	if (r->failed)
		snprintf(buf + n, n < len ? len - n : 0, "!");
}

static int find(char *const *names, int n, const char *name)
{
	int k;

	for (k = 0; k < n && strcmp(names[k], name); k++)
		;
	return k;
}

/* Make room for row r (the next one). */
static void grow(struct matrix *mx)
{
	int cap = mx->cap ? mx->cap * 2 : 64;
	char **nr = realloc(mx->row, sizeof *nr * (size_t)cap);
	struct cell (*nc)[MATRIX_MAX_COLS];

	if (nr)
		mx->row = nr;
	nc = nr ? realloc(mx->cell, sizeof *nc * (size_t)cap) : NULL;
	if (!nc) {
		fputs("flushcheck: out of memory for the matrix\n", stderr);
		exit(2);
	}
	memset(nc + mx->cap, 0, sizeof *nc * (size_t)(cap - mx->cap));
	mx->cell = nc;
	mx->cap = cap;
}

void matrix_add(struct matrix *mx, const struct result *r)
{
	char words[192], code[64], v[160];
	int row = find(mx->row, mx->nrows, r->p->name);
	int col = find(mx->col, mx->ncols, r->policy);
	struct cell *c;

	if (col == MATRIX_MAX_COLS)
		return;		/* cannot happen: the CLI takes 32 --policy */
	if (row == mx->cap)
		grow(mx);
	if (row == mx->nrows)
		mx->row[mx->nrows++] = report_dup(r->p->name);
	if (col == mx->ncols)
		mx->col[mx->ncols++] = report_dup(r->policy);
	snprintf(words, sizeof words, "%s%s", result_cell(r, v, sizeof v),
		 r->failed ? " !" : "");
	cell_code(r, code, sizeof code);
	c = &mx->cell[row][col];
	free(c->words);
	free(c->code);
	c->words = report_dup(words);
	c->code = report_dup(code);
	c->violated = r->violated;
	c->obs = r->has_cond && !r->incomplete ? result_observation(r)
					       : OBS_NONE;
	c->incomplete = r->incomplete;
	c->expected = r->nexp > 0;
	c->failed = r->failed;
	c->passed = result_passed(r);
}

void matrix_only_differing(struct matrix *mx)
{
	mx->differ = 1;
}

void matrix_columns_as_given(struct matrix *mx)
{
	mx->as_given = 1;
}

/*
 * Natural order: runs of digits compare as numbers, so k2 comes before
 * k10 and n9 before n10, as the catalogue numbers its races.
 */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			const char *ea = a, *eb = b;

			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
				;
			for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
				;
			if (ea - a != eb - b)
				return ea - a < eb - b ? -1 : 1;
			for (; a < ea; a++, b++)
				if (*a != *b)
					return *a < *b ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

/* Two cells say the same, the failure mark aside. */
static int same_verdict(const char *a, const char *b)
{
	size_t na = strcspn(a, "!"), nb = strcspn(b, "!");

	return na == nb && !strncmp(a, b, na);
}

/*
 * Does row r show among columns cols[0..n-1]?  It ran under one of them;
 * with --differ, under two or more that do not all say the same.
 */
static int row_shown(const struct matrix *mx, int r, const int *cols, int n)
{
	const char *first = NULL;
	int ran = 0, differs = 0;

	for (int k = 0; k < n; k++)
		ran |= mx->cell[r][cols[k]].code != NULL;
	for (int c = 0; c < mx->ncols; c++) {
		const char *s = mx->cell[r][c].code;

		if (!s)
			continue;
		if (!first)
			first = s;
		else if (!same_verdict(first, s))
			differs = 1;
	}
	return ran && (!mx->differ || differs);
}

/*
 * The rows' indices in natural order (the caller frees them).  An
 * insertion sort: stable, so rows of one name keep the order they ran in,
 * and a catalogue has a few hundred rows.
 */
static int *row_order(const struct matrix *mx)
{
	int *order = malloc(sizeof *order * (size_t)(mx->nrows ? mx->nrows : 1));

	if (!order) {
		fputs("flushcheck: out of memory for the matrix\n", stderr);
		exit(2);
	}
	for (int r = 0; r < mx->nrows; r++) {
		int k = r;

		while (k > 0 && natural_cmp(mx->row[order[k - 1]], mx->row[r]) > 0) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = r;
	}
	return order;
}

static int name_width(const struct matrix *mx)
{
	int w = 8;	/* "scenario" */

	for (int r = 0; r < mx->nrows; r++)
		if ((int)strlen(mx->row[r]) > w)
			w = (int)strlen(mx->row[r]);
	return w;
}

static void print_long(FILE *f, const struct matrix *mx)
{
	int w0 = name_width(mx), w[MATRIX_MAX_COLS], all[MATRIX_MAX_COLS];
	int *order = row_order(mx);

	for (int c = 0; c < mx->ncols; c++) {
		w[c] = (int)strlen(mx->col[c]);
		for (int r = 0; r < mx->nrows; r++)
			if (mx->cell[r][c].words &&
			    (int)strlen(mx->cell[r][c].words) > w[c])
				w[c] = (int)strlen(mx->cell[r][c].words);
	}
	fprintf(f, "%-*s", w0, "scenario");
	for (int c = 0; c < mx->ncols; c++) {
		fprintf(f, " | %-*s", w[c], mx->col[c]);
		all[c] = c;
	}
	fputc('\n', f);
	for (int i = 0; i < mx->nrows; i++) {
		int r = order[i];

		if (!row_shown(mx, r, all, mx->ncols))
			continue;
		fprintf(f, "%-*s", w0, mx->row[r]);
		for (int c = 0; c < mx->ncols; c++)
			fprintf(f, " | %-*s", w[c], mx->cell[r][c].words
						    ? mx->cell[r][c].words : "-");
		fputc('\n', f);
	}
	fputs("(verdict, then the condition's Observation word where there is "
	      "one;\n a cell marked ! failed: it contradicts an expect line, "
	      "or none applies\n and it has a violation; - not run)\n", f);
	free(order);
}


/* The short form's width: a terminal's. */
#define SHORT_WIDTH 120

/*
 * One table of the short form, over the columns cols[0..n-1]: the
 * staircase header (line k names column k, at its place, with a | above
 * each column to its left; the last line is the first row's ruler), then
 * the rows that ran under one of those columns.
 */
static void print_table(FILE *f, const struct matrix *mx, const int *cols,
			int n, int w0, int w, const int *order)
{
	for (int k = 0; k < n; k++) {
		fprintf(f, "%-*s", w0, k ? "" : "scenario");
		for (int j = 0; j < k; j++)
			fprintf(f, " %-*s", w, "|");
		fprintf(f, " %s\n", mx->col[cols[k]]);
	}
	for (int i = 0; i < mx->nrows; i++) {
		int r = order[i];

		if (!row_shown(mx, r, cols, n))
			continue;
		fprintf(f, "%-*s", w0, mx->row[r]);
		for (int k = 0; k < n; k++) {
			const char *s = mx->cell[r][cols[k]].code;

			/* no trailing blanks: the last cell is not padded */
			fprintf(f, " %-*s", k + 1 < n ? w : 0, s ? s : "-");
		}
		fputc('\n', f);
	}
}

/* A policy's family: its name up to the first '-' ("arm64-tas": arm64). */
static int same_family(const char *a, const char *b)
{
	size_t na = strcspn(a, "-"), nb = strcspn(b, "-");

	return na == nb && !strncmp(a, b, na);
}

int matrix_col_order(const struct matrix *mx, int *cols, int max)
{
	int placed[MATRIX_MAX_COLS] = { 0 }, n = 0;

	for (int c = 0; c < mx->ncols; c++) {
		if (placed[c])
			continue;
		for (int d = c; d < mx->ncols && n < max; d++)
			if (!placed[d] && (d == c || (!mx->as_given &&
			    same_family(mx->col[c], mx->col[d])))) {
				placed[d] = 1;
				cols[n++] = d;
			}
	}
	return n;
}

/*
 * As many columns as fit in SHORT_WIDTH make one table; when there are
 * more, the columns are grouped by family in the order they first came
 * (so arm64 and its variants stand side by side), the families packed
 * into tables in that order, and each table shows only its rows.
 */
static void print_short(FILE *f, const struct matrix *mx)
{
	int w0 = name_width(mx), w = SHORT_CELL, fit, n = 0, t = 0;
	int order[MATRIX_MAX_COLS];
	int *rows = row_order(mx);

	for (int r = 0; r < mx->nrows; r++)
		for (int c = 0; c < mx->ncols; c++)
			if (mx->cell[r][c].code &&
			    (int)strlen(mx->cell[r][c].code) > w)
				w = (int)strlen(mx->cell[r][c].code);
	fit = (SHORT_WIDTH - w0) / (w + 1);
	if (fit < 1)
		fit = 1;
	n = matrix_col_order(mx, order, MATRIX_MAX_COLS);
	while (t < n) {
		int k = n - t <= fit ? n - t : fit;

		/* end a table at a family's edge where one is in reach */
		if (t + k < n)
			for (int e = k; e > 1; e--)
				if (!same_family(mx->col[order[t + e - 1]],
						 mx->col[order[t + e]])) {
					k = e;
					break;
				}
		/* and at a column whose name would run past the width */
		for (int e = 1; e < k; e++)
			if (w0 + e * (w + 1) + 1 +
			    (int)strlen(mx->col[order[t + e]]) > SHORT_WIDTH) {
				k = e;
				break;
			}
		if (t)
			fputc('\n', f);
		print_table(f, mx, order + t, k, w0, w, rows);
		t += k;
	}
	free(rows);
	matrix_legend(f);
}

/* Words of the legend, wrapped at LEGEND_WIDTH columns. */
#define LEGEND_WIDTH 100

static void word(FILE *f, int *col, const char *w)
{
	int n = (int)strlen(w);

	if (*col && *col + 1 + n > LEGEND_WIDTH) {
		fputc('\n', f);
		*col = 0;
	}
	*col += fprintf(f, "%s%s", *col ? " " : "", w);
}

/* Made from oracle_codes, so that it names every code the table uses. */
void matrix_legend(FILE *f)
{
	char buf[96];
	int col = 0;

	word(f, &col, "ok: no oracle violated;");
	for (int b = 0; b < OR_COUNT; b++) {
		snprintf(buf, sizeof buf, "%s %s%s",
			 oracle_codes[b] ? oracle_codes[b] : oracle_names[b],
			 oracle_names[b], b + 1 < OR_COUNT ? "," : ";");
		word(f, &col, buf);
	}
	static const char *const rest[] = {
		"?", "a", "limit", "stopped", "the", "search.", "/S", "/N", "/A:",
		"the", "condition's", "Observation", "(Sometimes,", "Never,",
		"Always);", "after", "a", "'bug", "exists'", "condition", "/S",
		"and", "/A", "beside", "another", "oracle", "mean", "BO", "too.",
		"!", "failed:", "contradicts", "an", "expect",
		"line,", "or", "none", "applies", "and", "it", "has", "a",
		"violation.", "-",
		"not", "run.", "--matrix=long", "writes", "the", "cells", "in",
		"words.",
	};
	for (size_t k = 0; k < sizeof rest / sizeof rest[0]; k++)
		word(f, &col, rest[k]);
	fputc('\n', f);
}

int matrix_rows(const struct matrix *mx)
{
	return mx->nrows;
}

int *matrix_row_order(const struct matrix *mx)
{
	return row_order(mx);
}

const char *matrix_row_name(const struct matrix *mx, int r)
{
	return mx->row[r];
}

const char *matrix_col_name(const struct matrix *mx, int c)
{
	return mx->col[c];
}

const char *matrix_cell_code(const struct matrix *mx, int r, int c)
{
	return mx->cell[r][c].code;
}

void matrix_print(FILE *f, const struct matrix *mx, enum matrix_form form)
{
	if (form == MATRIX_LONG)
		print_long(f, mx);
	else
		print_short(f, mx);
}

void matrix_free(struct matrix *mx)
{
	if (!mx)
		return;
	for (int r = 0; r < mx->nrows; r++) {
		for (int c = 0; c < mx->ncols; c++) {
			free(mx->cell[r][c].words);
			free(mx->cell[r][c].code);
		}
		free(mx->row[r]);
	}
	for (int c = 0; c < mx->ncols; c++)
		free(mx->col[c]);
	free(mx->row);
	free(mx->cell);
	free(mx);
}

/* ---- --json --matrix ---------------------------------------------------- */

static void json_cell(FILE *f, const char *policy, const struct cell *c)
{
	static const char *const obs[] = { "null", "\"Sometimes\"",
					   "\"Never\"", "\"Always\"" };
	int n = 0;

	fputs("{\"policy\":", f);
	json_string(f, policy);
	fputs(",\"code\":", f);
	json_string(f, c->code);
	fputs(",\"words\":", f);
	json_string(f, c->words);
	/* the verdict's words, as a run record's "verdict" */
	fputs(",\"verdict\":[", f);
	for (int b = 0; b < OR_COUNT; b++)
		if (c->violated & (1u << b))
			fprintf(f, "%s\"%s\"", n++ ? "," : "", oracle_names[b]);
	if (c->incomplete)
		fprintf(f, "%s\"incomplete\"", n ? "," : "");
	else if (!n)
		fputs("\"ok\"", f);
	fprintf(f, "],\"observation\":%s,\"complete\":%s,\"expected\":%s,"
		"\"failed\":%s,\"passed\":%s}", obs[c->obs],
		c->incomplete ? "false" : "true", c->expected ? "true" : "false",
		c->failed ? "true" : "false", c->passed ? "true" : "false");
}

/*
 * One line, the table of the long form: the columns (policies, in the
 * order they came), the rows it shows (scenarios in natural order, with
 * --differ only those whose cells differ), each with a cell per column,
 * null where it did not run, and the codes of the short form with the
 * oracle each stands for.
 */
void matrix_json(FILE *f, const struct matrix *mx)
{
	int all[MATRIX_MAX_COLS], *order = row_order(mx), n = 0;

	fprintf(f, "{\"type\":\"matrix\",\"version\":%d,\"columns\":[",
		FC_JSON_VERSION);
	for (int c = 0; c < mx->ncols; c++) {
		if (c)
			fputc(',', f);
		json_string(f, mx->col[c]);
		all[c] = c;
	}
	fputs("],\"rows\":[", f);
	for (int i = 0; i < mx->nrows; i++) {
		int r = order[i];

		if (!row_shown(mx, r, all, mx->ncols))
			continue;
		fputs(n++ ? ",{\"scenario\":" : "{\"scenario\":", f);
		json_string(f, mx->row[r]);
		fputs(",\"cells\":[", f);
		for (int c = 0; c < mx->ncols; c++) {
			if (c)
				fputc(',', f);
			if (mx->cell[r][c].code)
				json_cell(f, mx->col[c], &mx->cell[r][c]);
			else
				fputs("null", f);
		}
		fputs("]}", f);
	}
	fputs("],\"codes\":{", f);
	for (int b = 0; b < OR_COUNT; b++) {
		if (b)
			fputc(',', f);
		json_string(f, oracle_codes[b] ? oracle_codes[b] : oracle_names[b]);
		fputc(':', f);
		json_string(f, oracle_names[b]);
	}
	fputs("}}\n", f);
	free(order);
}
