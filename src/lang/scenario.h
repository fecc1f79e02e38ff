/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - parsing and compiling scenario (.flush) and machine files.
 */
#ifndef FC_SCENARIO_H
#define FC_SCENARIO_H

#include "arena.h"
#include "lex.h"
#include "policy.h"
#include "../model/program.h"

/* What the command line adds to every scenario. */
struct load_opts {
	const char *machine_name;	/* --machine NAME, or NULL */
	const char *machine_text;	/* --machine FILE: its text */
	const char *machine_file;	/* ... and its name */
	int nsets;			/* --set key=value, in order */
	const char *const *sets;
	/*
	 * Reads a machine file a scenario names (`machine = ./x.machine`,
	 * relative to the scenario): a malloc'd text, or NULL with err.
	 * NULL: the caller reads no files, and such a line is an error.
	 */
	char *(*read_file)(const char *path, char *err, size_t errlen);
};

/*
 * Parse and compile against the policy set (calls are inlined from it).
 * On error returns NULL with d filled in (file:line:col: message).
 * Everything lives in arena a, which must outlive the policy set's own.
 */
struct program *scenario_load(struct arena *a, const char *file,
			      const char *src, const struct load_opts *o,
			      const struct polset *ps, struct diag *d);

/* A machine file (presets and --machine FILE) into m. 0 or -1 with d. */
int machine_file_load(struct machine *m, const char *file, const char *src,
		      struct diag *d);

/* Built-in presets, compiled in from machines/NAME.machine. */
int preset_count(void);
const char *preset_name(int i);
const char *preset_text(const char *name);	/* NULL if unknown */
/* " (did you mean 'cortex-a9'?)" for a misspelt preset, or "" */
const char *preset_hint(const char *name, char *buf, size_t len);
/* Does a machine's name stand for a file (a '/' in it, or .machine)? */
int machine_name_is_file(const char *name);
int preset_load(struct machine *m, const char *name, struct diag *d);

#endif
