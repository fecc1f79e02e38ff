/*
 * machine.c - parsing and checking of machine parameters, and colours.
 */
#include "machine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void machine_defaults(struct machine *m)
{
	memset(m, 0, sizeof *m);
	strcpy(m->name, "custom");
	m->cpus = 1;
	m->page = 4096;
	m->line = 32;
	m->lines = 1;
	m->d = (struct cache_geom){ IDX_PIPT, 32768, 4, 1, 1 };
	m->i = (struct cache_geom){ IDX_PIPT, 32768, 4, 0, 0 };
	m->maint_broadcast = 1;
	m->prefetch = PF_NONE;
}

/* A cursor over one value: words separated by blanks. */
struct words {
	const char *base, *p;
};

static const char *next_word(struct words *w, char *buf, size_t len, int *col)
{
	size_t n = 0;

	while (*w->p && isspace((unsigned char)*w->p))
		w->p++;
	*col = (int)(w->p - w->base);
	if (!*w->p)
		return NULL;
	while (*w->p && !isspace((unsigned char)*w->p)) {
		if (n + 1 < len)
			buf[n++] = *w->p;
		w->p++;
	}
	buf[n] = '\0';
	return buf;
}

/* 32K, 4M, 4096, 0x1000 */
static int parse_size(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoul(s, &end, 0);
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end || v == 0)
		return -1;
	*out = v;
	return 0;
}

static int pick(const char *word, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); *errcol = col; return -1; } while (0)

static int set_cache(struct cache_geom *g, int is_d, struct words *w,
		     char *err, size_t errlen, int *errcol)
{
	static const char *const idx[] = { "pipt", "vipt", "vivt" };
	char word[64];
	int col, k;
	struct cache_geom ng = *g;

	if (!next_word(w, word, sizeof word, &col) ||
	    (k = pick(word, idx, 3)) < 0)
		FAIL("expected pipt, vipt or vivt");
	ng.index = (enum cache_index)k;
	if (!next_word(w, word, sizeof word, &col) ||
	    parse_size(word, &ng.size))
		FAIL("expected a cache size such as 32K");
	if (!next_word(w, word, sizeof word, &col))
		FAIL("expected the number of ways");
	{
		unsigned long ways;

		if (parse_size(word, &ways) || ways > 64)
			FAIL("expected the number of ways (1..64)");
		ng.ways = (unsigned)ways;
	}
	if (is_d) {
		if (!next_word(w, word, sizeof word, &col) ||
		    (strcmp(word, "wb") && strcmp(word, "wt")))
			FAIL("expected wb or wt");
		ng.writeback = !strcmp(word, "wb");
		if (!next_word(w, word, sizeof word, &col) ||
		    (strcmp(word, "coherent") && strcmp(word, "private")))
			FAIL("expected coherent or private");
		ng.coherent = !strcmp(word, "coherent");
	} else {
		ng.coherent = 0;
		if (next_word(w, word, sizeof word, &col)) {
			if (strcmp(word, "snoop"))
				FAIL("expected snoop or the end of the value");
			ng.coherent = 1;
		}
	}
	if (next_word(w, word, sizeof word, &col))
		FAIL("unexpected '%s'", word);
	*g = ng;
	return 0;
}

static int one_word(struct words *w, const char *const *names, int n,
		    int *out, char *err, size_t errlen, int *errcol)
{
	char word[64], extra[64];
	int col, k;

	if (!next_word(w, word, sizeof word, &col) ||
	    (k = pick(word, names, n)) < 0) {
		char list[128] = "";

		for (int i = 0; i < n; i++) {
			strcat(list, i ? (i == n - 1 ? " or " : ", ") : "");
			strcat(list, names[i]);
		}
		FAIL("expected %s", list);
	}
	if (next_word(w, extra, sizeof extra, &col))
		FAIL("unexpected '%s'", extra);
	*out = k;
	return 0;
}

static int one_number(struct words *w, unsigned long lo, unsigned long hi,
		      unsigned long *out, char *err, size_t errlen, int *errcol)
{
	char word[64];
	int col;
	unsigned long v;

	if (!next_word(w, word, sizeof word, &col) || parse_size(word, &v) ||
	    v < lo || v > hi)
		FAIL("expected a number from %lu to %lu", lo, hi);
	if (next_word(w, word, sizeof word, &col))
		FAIL("unexpected '%s'", word);
	*out = v;
	return 0;
}

int machine_set(struct machine *m, const char *key, const char *value,
		char *err, size_t errlen, int *errcol)
{
	static const char *const mem_dc[] = { "memory", "dcache" };
	static const char *const maint[] = { "local", "broadcast" };
	static const char *const pf[] = { "none", "user", "exec", "any" };
	static const char *const dpf[] = { "none", "any" };
	static const char *const dma[] = { "noncoherent", "coherent" };
	struct words w = { value, value };
	unsigned long n;
	int k, col = 0;

	*errcol = 0;
	if (!strcmp(key, "name") || !strcmp(key, "about")) {
		char *dst = key[0] == 'n' ? m->name : m->about;
		size_t cap = key[0] == 'n' ? sizeof m->name : sizeof m->about;

		while (isspace((unsigned char)*value))
			value++;
		if (!*value)
			FAIL("empty %s", key);
		snprintf(dst, cap, "%s", value);
		return 0;
	}
	if (!strcmp(key, "cpus")) {
		if (one_number(&w, 1, FC_MAX_CPUS, &n, err, errlen, errcol))
			return -1;
		m->cpus = (int)n;
	} else if (!strcmp(key, "page")) {
		if (one_number(&w, 256, 1UL << 26, &n, err, errlen, errcol))
			return -1;
		if (n & (n - 1))
			FAIL("page size must be a power of two");
		m->page = n;
	} else if (!strcmp(key, "line")) {
		if (one_number(&w, 4, 4096, &n, err, errlen, errcol))
			return -1;
		if (n & (n - 1))
			FAIL("line size must be a power of two");
		m->line = n;
	} else if (!strcmp(key, "lines")) {
		if (one_number(&w, 1, 16, &n, err, errlen, errcol))
			return -1;
		m->lines = (int)n;
	} else if (!strcmp(key, "dcache")) {
		return set_cache(&m->d, 1, &w, err, errlen, errcol);
	} else if (!strcmp(key, "icache")) {
		return set_cache(&m->i, 0, &w, err, errlen, errcol);
	} else if (!strcmp(key, "ifill")) {
		if (one_word(&w, mem_dc, 2, &k, err, errlen, errcol))
			return -1;
		m->ifill_dcache = k;
	} else if (!strcmp(key, "maint")) {
		if (one_word(&w, maint, 2, &k, err, errlen, errcol))
			return -1;
		m->maint_broadcast = k;
	} else if (!strcmp(key, "prefetch")) {
		if (one_word(&w, pf, 4, &k, err, errlen, errcol))
			return -1;
		m->prefetch = (enum prefetch_mode)k;
	} else if (!strcmp(key, "dprefetch")) {
		if (one_word(&w, dpf, 2, &k, err, errlen, errcol))
			return -1;
		m->dprefetch = k;
	} else if (!strcmp(key, "dma")) {
		if (one_word(&w, dma, 2, &k, err, errlen, errcol))
			return -1;
		m->dma_coherent = k;
	} else {
		snprintf(err, errlen, "unknown machine parameter '%s'", key);
		return -1;
	}
	return 0;
}

static int check_geom(const struct machine *m, const struct cache_geom *g,
		      const char *which, char *err, size_t errlen)
{
	unsigned long way = g->size / g->ways;

	if (g->size % g->ways || way % m->line) {
		snprintf(err, errlen, "%s: size %lu is not a whole number of "
			 "%u ways of %lu-byte lines", which, g->size, g->ways,
			 m->line);
		return -1;
	}
	if (g->index == IDX_VIPT && way > m->page && way % m->page) {
		snprintf(err, errlen, "%s: way size %lu is not a multiple of "
			 "the page size %lu", which, way, m->page);
		return -1;
	}
	return 0;
}

int machine_validate(const struct machine *m, char *err, size_t errlen)
{
	if (m->line > m->page) {
		snprintf(err, errlen, "line size %lu exceeds page size %lu",
			 m->line, m->page);
		return -1;
	}
	if (check_geom(m, &m->d, "dcache", err, errlen) ||
	    check_geom(m, &m->i, "icache", err, errlen))
		return -1;
	return 0;
}

unsigned long machine_ncolours(const struct machine *m,
			       const struct cache_geom *g)
{
	unsigned long way = g->size / g->ways;

	if (g->index != IDX_VIPT || way <= m->page)
		return 1;
	return way / m->page;
}

unsigned long machine_colour(const struct machine *m,
			     const struct cache_geom *g, unsigned long va)
{
	return (va / m->page) % machine_ncolours(m, g);
}

static const char *geom_text(const struct cache_geom *g, int is_d, char *buf,
			     size_t len)
{
	static const char *const idx[] = { "pipt", "vipt", "vivt" };
	char size[32];

	if (g->size % (1UL << 20) == 0)
		snprintf(size, sizeof size, "%luM", g->size >> 20);
	else if (g->size % 1024 == 0)
		snprintf(size, sizeof size, "%luK", g->size >> 10);
	else
		snprintf(size, sizeof size, "%lu", g->size);
	if (is_d)
		snprintf(buf, len, "%s %s %u %s %s", idx[g->index], size,
			 g->ways, g->writeback ? "wb" : "wt",
			 g->coherent ? "coherent" : "private");
	else
		snprintf(buf, len, "%s %s %u%s", idx[g->index], size, g->ways,
			 g->coherent ? " snoop" : "");
	return buf;
}

void machine_format(const struct machine *m, char *buf, size_t len)
{
	static const char *const pf[] = { "none", "user", "exec", "any" };
	char d[96], i[96];

	snprintf(buf, len,
		 "name = %s\nabout = %s\ncpus = %d\npage = %lu\nline = %lu\n"
		 "lines = %d\ndcache = %s\nicache = %s\nifill = %s\n"
		 "maint = %s\nprefetch = %s\ndprefetch = %s\ndma = %s\n",
		 m->name, m->about, m->cpus, m->page, m->line, m->lines,
		 geom_text(&m->d, 1, d, sizeof d),
		 geom_text(&m->i, 0, i, sizeof i),
		 m->ifill_dcache ? "dcache" : "memory",
		 m->maint_broadcast ? "broadcast" : "local", pf[m->prefetch],
		 m->dprefetch ? "any" : "none",
		 m->dma_coherent ? "coherent" : "noncoherent");
}
