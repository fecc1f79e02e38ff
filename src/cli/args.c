/* SPDX-License-Identifier: MIT */
/*
 * args.c - see args.h.
 */
#include "args.h"

#include <math.h>		/* isfinite: a macro, no libm */
#include <stdlib.h>
#include <string.h>

struct suffix {
	const char *s;
	double mul;
};

static const struct suffix bytes[] = {
	{ "", 1 }, { "B", 1 },
	{ "K", 1024.0 }, { "k", 1024.0 }, { "KB", 1024.0 }, { "KiB", 1024.0 },
	{ "M", 1048576.0 }, { "m", 1048576.0 }, { "MB", 1048576.0 },
	{ "MiB", 1048576.0 },
	{ "G", 1073741824.0 }, { "g", 1073741824.0 }, { "GB", 1073741824.0 },
	{ "GiB", 1073741824.0 },
	{ "T", 1099511627776.0 }, { "t", 1099511627776.0 },
	{ "TB", 1099511627776.0 }, { "TiB", 1099511627776.0 },
	{ NULL, 0 }
};
static const struct suffix seconds[] = {
	{ "", 1 }, { "s", 1 }, { "m", 60 }, { "h", 3600 }, { "d", 86400 },
	{ NULL, 0 }
};
static const struct suffix counts[] = {
	{ "", 1 }, { "k", 1e3 }, { "K", 1e3 }, { "M", 1e6 }, { "G", 1e9 },
	{ NULL, 0 }
};

static const char *const kinds[] = {
	[Q_BYTES] = "a size such as 512M or 1G (K, M, G, T: powers of 1024)",
	[Q_SECONDS] = "a time such as 90s, 5m or 1h (s, m, h, d; bare: s)",
	[Q_COUNT] = "a count such as 20k or 1M (k, M, G: powers of 1000)",
};

int parse_quantity(const char *arg, enum quantity q, double *out,
		   char *err, size_t errlen)
{
	const struct suffix *tab = q == Q_BYTES ? bytes
				 : q == Q_SECONDS ? seconds : counts;
	size_t digits = 0, n = 0;
	int dots = 0;
	char num[64];
	double v;

	while (arg[n] == '.' || (arg[n] >= '0' && arg[n] <= '9')) {
		dots += arg[n] == '.';
		digits += arg[n] != '.';
		n++;
	}
	if (!digits || dots > 1 || n >= sizeof num) {
		snprintf(err, errlen, "not a number: expected %s", kinds[q]);
		return -1;
	}
	memcpy(num, arg, n);
	num[n] = '\0';
	v = strtod(num, NULL);
	for (; tab->s; tab++)
		if (!strcmp(arg + n, tab->s))
			break;
	if (!tab->s) {
		snprintf(err, errlen, "unknown suffix '%s': expected %s",
			 arg + n, kinds[q]);
		return -1;
	}
	v *= tab->mul;
	/* below 2^63: every caller's type holds it */
	if (!isfinite(v) || v >= 9223372036854775808.0) {
		snprintf(err, errlen, "too large");
		return -1;
	}
	if (q == Q_COUNT && v != (double)(unsigned long long)v) {
		snprintf(err, errlen, "not a whole number: expected %s",
			 kinds[q]);
		return -1;
	}
	*out = v;
	return 0;
}

int print_wrapped(FILE *f, const char *name, const char *text, int indent,
		  int width)
{
	int col = fprintf(f, "%s", name), lines = 1;
	const char *p = text;

	if (col > indent - 1) {		/* no room for a blank before it */
		fputc('\n', f);
		col = 0;
		lines++;
	}
	while (*p == ' ')
		p++;
	while (*p) {
		size_t w = strcspn(p, " ");

		if (col > indent && col + 1 + (int)w > width) {
			fputc('\n', f);
			col = 0;
			lines++;
		}
		if (col < indent) {
			fprintf(f, "%*s", indent - col, "");
			col = indent;
		} else {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
	return lines;
}
