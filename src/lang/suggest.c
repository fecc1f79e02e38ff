/* SPDX-License-Identifier: MIT */
/*
 * suggest.c - the known name nearest a misspelt one (suggest.h).
 */
#include "suggest.h"

#include <stdio.h>
#include <string.h>

/* Longer names are no typos of each other: compared up to this length. */
#define SUGGEST_MAX_LEN 64

/* Optimal string alignment distance: Levenshtein plus adjacent swaps. */
static int distance(const char *a, const char *b)
{
	int na = (int)strlen(a), nb = (int)strlen(b);
	int d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];

	if (na > SUGGEST_MAX_LEN || nb > SUGGEST_MAX_LEN)
		return SUGGEST_MAX_LEN;
	for (int i = 0; i <= na; i++)
		d[i][0] = i;
	for (int j = 0; j <= nb; j++)
		d[0][j] = j;
	for (int i = 1; i <= na; i++)
		for (int j = 1; j <= nb; j++) {
			int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			int m = sub < del ? sub : del;

			m = m < ins ? m : ins;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[na][nb];
}

void suggest_init(struct suggest *sg, const char *want)
{
	sg->want = want;
	sg->best = NULL;
	sg->dist = SUGGEST_MAX_LEN;
}

void suggest_offer(struct suggest *sg, const char *name)
{
	int d;

	if (!name || !strcmp(name, sg->want))
		return;
	d = distance(sg->want, name);
	if (d < sg->dist) {
		sg->dist = d;
		sg->best = name;
	}
}

const char *suggest_text(const struct suggest *sg, char *buf, size_t len)
{
	size_t n = strlen(sg->want);
	int limit = n <= 4 ? 1 : n <= 8 ? 2 : 3;

	if (!sg->best || sg->dist > limit)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, " (did you mean '%s'?)", sg->best);
	return buf;
}
