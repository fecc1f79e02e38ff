/* SPDX-License-Identifier: MIT */
/*
 * suggest.h - "did you mean": the known name nearest a misspelt one.
 *
 * Error messages about an unknown statement, function, machine or policy
 * end with the candidate closest by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours), if one is close
 * enough to be a typo rather than another name.
 */
#ifndef FC_SUGGEST_H
#define FC_SUGGEST_H

#include <stddef.h>

/* Names are gathered, then the best is asked for. */
struct suggest {
	const char *want;
	const char *best;
	int dist;
};

void suggest_init(struct suggest *sg, const char *want);
void suggest_offer(struct suggest *sg, const char *name);
/*
 * " (did you mean 'NAME'?)" into buf, or "" when no name was close:
 * at most 1 edit for names of up to 4 characters, 2 up to 8, else 3.
 */
const char *suggest_text(const struct suggest *sg, char *buf, size_t len);

#endif
