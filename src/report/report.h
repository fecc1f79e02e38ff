/* SPDX-License-Identifier: MIT */
/*
 * report.h - results into text for people and JSON for programs.
 *
 * The text form is herd's (Test, States, Observation lines) plus the
 * counterexample as a table with one column per CPU, the way kernel
 * developers draw races in mail.
 */
#ifndef FC_REPORT_H
#define FC_REPORT_H

#include <stdio.h>

#include "../check/check.h"

struct report_opts {
	int quiet;		/* no tables, no outcome lists */
	/*
	 * Non-NULL: the caller's flag, 0 until the legend of the notation
	 * (D$ P[0]@c0, herd's Ok/No beside the Verdict) has been printed
	 * once, under the first table or verdict of the run.
	 */
	int *legend_done;
};

/* cells.c: a malloc'd copy of s (exit 2 when memory is out) */
char *report_dup(const char *s);
/*
 * Cut s into lines of at most `first` characters, then `rest`: at the
 * last " > " of a call path that fits, else at the last blank, else
 * anywhere.  Into line[k] (start) and len[k]; how many (at most max).
 */
int report_wrap(const char *s, int first, int rest, const char **line,
		int *len, int max);

void report_text(FILE *f, const struct result *r, const struct report_opts *o);

/*
 * JSON (json.c, docs/json.md): one object per line, each with "type"
 * ("run", "error", "matrix") and "version", FC_JSON_VERSION.  A change a
 * consumer can see bumps it, in docs/json.md and in the schema
 * (docs/flushcheck.schema.json) at once.
 */
#define FC_JSON_VERSION 2
void report_json(FILE *f, const struct result *r);
/*
 * An input error as a record: file NULL for the command line, line 0 for
 * none (column is then null too), policy NULL when the error is not one
 * run's.  Exit status 2 goes with it.
 */
void report_json_error(FILE *f, const char *file, int line, int col,
		       const char *policy, const char *msg);
/* A JSON string, always valid UTF-8 (json.c). */
void json_string(FILE *f, const char *s);
/* The verdict as a JSON array of the words result_verdict() writes. */
void json_verdict(FILE *f, const struct result *r);
/*
 * herd's lines from Ok/No to Observation, shared by both text forms; quant
 * NULL when cond already begins with it (a litmus test's).
 */
void report_observation(FILE *f, const struct result *r, const char *name,
			const char *quant, const char *cond);
/* A litmus test's result as herd7 prints it (herd.c). */
void report_herd(FILE *f, const struct result *r);

struct aprog;
/* An Armv8 program as assembly, thread by thread (--show-armv8). */
void report_arm_program(FILE *f, const struct aprog *a);
/* What a condition location holds, as text: a label, or a herd value. */
const char *result_value_text(const struct program *p, uint32_t v, char *buf,
			      size_t len);
/* The verdict in words: "ok", "incomplete", or the oracles violated. */
const char *result_verdict(const struct result *r, char *buf, size_t len);
/*
 * A matrix cell: the verdict, then the Observation word when the scenario
 * has a condition -- ptrace and module-load races show only there, since
 * no oracle judges a fetch through a mapping whose PTE did not change.
 */
const char *result_cell(const struct result *r, char *buf, size_t len);
/*
 * The matrix of --matrix (matrix.c): results go in as they come, and the
 * table comes out at the end, short (codes, fits 120 columns with every
 * built-in policy) or long (words).
 */
enum matrix_form { MATRIX_SHORT, MATRIX_LONG };
struct matrix;
struct matrix *matrix_new(void);
void matrix_add(struct matrix *mx, const struct result *r);
/* --differ: show only the rows whose cells do not all say the same */
void matrix_only_differing(struct matrix *mx);
/* --policy given: columns in that order, not grouped by family */
void matrix_columns_as_given(struct matrix *mx);
void matrix_print(FILE *f, const struct matrix *mx, enum matrix_form form);
/* --json --matrix: the matrix as one "matrix" record, cells with codes. */
void matrix_json(FILE *f, const struct matrix *mx);
void matrix_free(struct matrix *mx);
/*
 * For other forms of the matrix (html.c): the rows (scenarios) and their
 * natural order (k2 before k10; a malloc'd array of row indices), the
 * columns in the order the short form shows them (families together
 * unless matrix_columns_as_given()), how many into cols[], and a cell's
 * short code, NULL where the scenario did not run under that policy.
 */
int matrix_rows(const struct matrix *mx);
int *matrix_row_order(const struct matrix *mx);
int matrix_col_order(const struct matrix *mx, int *cols, int max);
const char *matrix_row_name(const struct matrix *mx, int r);
const char *matrix_col_name(const struct matrix *mx, int c);
const char *matrix_cell_code(const struct matrix *mx, int r, int c);
/* The short form's legend of the codes, as text. */
void matrix_legend(FILE *f);

/*
 * --html DIR (html.c, docs/report.md): html_new() makes DIR and DIR/runs;
 * html_add() writes DIR/runs/SCENARIO--POLICY.html for a result with a
 * counterexample; html_finish() writes DIR/index.html from the matrix,
 * linking those pages, and frees h.  -1 with err filled in on failure.
 */
struct html;
struct html *html_new(const char *dir, char *err, size_t errlen);
int html_add(struct html *h, const struct result *r, char *err, size_t errlen);
int html_finish(struct html *h, const struct matrix *mx, char *err,
		size_t errlen);
/* Text as HTML: & < > " ' escaped, control characters made blanks. */
void html_escape(FILE *f, const char *s);
/* --dot: each counterexample of r as a Graphviz digraph (dot.c). */
void report_dot(FILE *f, const struct result *r);
/* The memory the search held at the end, over its states. */
double result_bytes_per_state(const struct result *r);

#endif
