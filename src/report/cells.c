/* SPDX-License-Identifier: MIT */
/*
 * cells.c - what the reporters share for the text they lay out: a copy of
 * a string that outlives the result, and the wrapping of a long cell (a
 * call path) into lines.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

char *report_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (!d) {
		fputs("flushcheck: out of memory for the report\n", stderr);
		exit(2);
	}
	return memcpy(d, s, n);
}

int report_wrap(const char *s, int first, int rest, const char **line,
		int *len, int max)
{
	int n = 0;

	while (*s && n < max) {
		int room = n ? rest : first, cut = 0, left = (int)strlen(s);

		if (room < 8)
			room = 8;
		if (left <= room || n == max - 1) {
			line[n] = s;
			len[n++] = left;
			break;
		}
		for (int k = room - 2; k > 0 && !cut; k--)
			if (s[k] == ' ' && s[k + 1] == '>' && s[k + 2] == ' ')
				cut = k;
		for (int k = room; k > 0 && !cut; k--)
			if (s[k] == ' ')
				cut = k;
		if (!cut)
			cut = room;
		line[n] = s;
		len[n++] = cut;
		s += cut;
		while (*s == ' ')
			s++;
	}
	return n;
}
