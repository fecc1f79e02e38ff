/* SPDX-License-Identifier: MIT */
/*
 * build.h - the program builder: what every front end and the policy
 * compiler add to a program (model/program.h), with the program's limits
 * checked in one place.
 *
 * A front end parses its own syntax, then declares pages and mappings,
 * interns the values it names, and numbers registers through these
 * functions, so that a second input language (herd's .litmus) gets the
 * same names, defaults and limits as .flush.  An adder that would pass a
 * limit, or declare a name twice, returns -1 and leaves a message in
 * b->err; the caller reports it at its own position (its file:line:col).
 */
#ifndef FC_BUILD_H
#define FC_BUILD_H

#include "arena.h"
#include "../model/program.h"

/*
 * The linear map: a page's kernel address when none is given,
 * PAGE_OFFSET plus the page's frame (pages are numbered from frame 0).
 */
#define BUILD_PAGE_OFFSET 0xc0000000UL

/* Register and CPU names are a letter and a decimal number; larger
 * numbers than this read as this, to fail every range check. */
#define BUILD_MAX_NUMBERED 9999

struct build {
	struct program *p;
	struct arena *a;	/* names are copied here */
	char err[256];		/* why the last adder returned -1 (a
				 * diag's message fits as much) */
};

void build_init(struct build *b, struct program *p, struct arena *a);

/* The label (a value such as old or new) named text: its number. */
int build_label(struct build *b, const char *text);

/*
 * A page named name (not a mapping's or a page's name, not a register's)
 * holding label at first: its number.
 */
int build_page(struct build *b, const char *name, int label);

/*
 * A mapping named name of page (-1: set later by the caller) with the
 * defaults of a kernel mapping: read, write and execute, present, at the
 * linear map.  New names are checked as build_page's; a mapping the
 * compiler makes up (kaddr(P)) cannot clash and is checked the same way.
 */
int build_mapping(struct build *b, const char *name, enum mapping_kind kind,
		  int page);

/* The linear-map address of page pg. */
unsigned long build_linear_va(const struct program *p, int pg);

/* Lookups by name: the index, or -1. */
int build_find_page(const struct program *p, const char *name);
int build_find_mapping(const struct program *p, const char *name);

/* "rK": K, "Pn" with c = 'P': n; else -1 (see BUILD_MAX_NUMBERED). */
int build_numbered(const char *s, char c);
int build_reg_number(const char *s);

#endif
