/* SPDX-License-Identifier: MIT */
/*
 * frontend.h - the input languages, chosen by file type.
 *
 * A front end turns the text of one input file into a program
 * (model/program.h) compiled against a policy set, or fails with a
 * file:line:col diagnostic.  The command line and its directory walk know
 * no language: they ask this table which front end reads a file, by its
 * name's ending, and call its loader.  The table has .flush (scenario.c)
 * and herd's .litmus (litmus.c), whose program is a struct aprog for the
 * Armv8 model rather than ops built with build.h.
 */
#ifndef FC_FRONTEND_H
#define FC_FRONTEND_H

#include "scenario.h"

/*
 * Parse and compile src (the text of file) against ps (NULL: asm-generic
 * alone, to check the file's own syntax and expect lines); o is what the
 * command line adds (NULL: nothing).  Everything lives in arena a.  NULL
 * on error, with d filled in.
 */
typedef struct program *(*frontend_load_fn)(struct arena *a, const char *file,
					    const char *src,
					    const struct load_opts *o,
					    const struct polset *ps,
					    struct diag *d);

struct frontend {
	const char *ext;	/* the file name's ending, with its dot */
	const char *what;	/* for usage text: "scenario" */
	frontend_load_fn load;
};

/*
 * The front end that reads files named like path, or NULL: a directory
 * walk runs only the files some front end reads.
 */
const struct frontend *frontend_for(const char *path);

/*
 * Load path with its front end; a file named on the command line with an
 * ending no front end claims is read as a .flush scenario, as it always
 * was.
 */
struct program *frontend_load(struct arena *a, const char *path,
			      const char *src, const struct load_opts *o,
			      const struct polset *ps, struct diag *d);

/* The table, for usage text and tests: i from 0 while non-NULL. */
const struct frontend *frontend_at(int i);

#endif
