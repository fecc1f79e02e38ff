/* SPDX-License-Identifier: MIT */
/*
 * machine.c - parsing and checking of machine parameters, and colours.
 */
#include "machine.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
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
	m->d = (struct cache_geom){ .index = IDX_PIPT, .size = 32768, .ways = 4,
				    .writeback = 1, .coherent = 1 };
	m->i = (struct cache_geom){ .index = IDX_PIPT, .size = 32768, .ways = 4 };
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

/* 32K, 4M, 4096, 0x1000: decimal (010 is ten) or 0x hex; too large fails */
static int parse_size(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;
	int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (!isdigit((unsigned char)*s) ||
	    (hex && !isxdigit((unsigned char)s[2])))
		return -1;
	errno = 0;
	v = strtoul(s, &end, hex ? 16 : 10);
	if (errno == ERANGE)
		return -1;
	if (*end == 'K' || *end == 'k') {
		if (v > ULONG_MAX >> 10)
			return -1;
		v <<= 10, end++;
	} else if (*end == 'M' || *end == 'm') {
		if (v > ULONG_MAX >> 20)
			return -1;
		v <<= 20, end++;
	}
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
		ng.snoops = 0;
		if (next_word(w, word, sizeof word, &col)) {
			if (strcmp(word, "snoop"))
				FAIL("expected snoop or the end of the value");
			ng.snoops = 1;
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

/* ---- the parameters: one table drives setting, formatting and docs ---- */

enum ptype {
	PT_TEXT,	/* the rest of the line */
	PT_NUMBER,	/* one number in [lo, hi], a power of two if pow2 */
	PT_WORD,	/* one of words[], stored as its index */
	PT_DCACHE,	/* index size ways wb|wt coherent|private */
	PT_ICACHE,	/* index size ways [snoop] */
};

static const char *const w_ifill[] = { "memory", "dcache", NULL };
static const char *const w_fencei[] = { "icache", "writeback", NULL };
static const char *const w_maint[] = { "local", "broadcast", NULL };
static const char *const w_prefetch[] = { "none", "user", "exec", "any", NULL };
static const char *const w_dprefetch[] = { "none", "any", NULL };
static const char *const w_dma[] = { "noncoherent", "coherent", NULL };
static const char *const w_model[] = { "sc", "armv8", NULL };
static const char *const w_erratum[] = { "none", "1542419", NULL };

/* PT_WORD fields are int or an enum stored like one (see put_int()) */
_Static_assert(sizeof (enum prefetch_mode) == sizeof (int),
	       "prefetch is set as an int");
_Static_assert(PF_ANY == 3, "w_prefetch[] follows enum prefetch_mode");

struct param {
	const char *key;
	enum ptype type;
	size_t off, size;	/* the field in struct machine */
	unsigned long lo, hi;	/* PT_NUMBER */
	int pow2;		/* PT_NUMBER */
	const char *const *words;	/* PT_WORD, NULL-terminated */
	const char *doc;
};

#define FIELD(f) offsetof(struct machine, f), sizeof ((struct machine *)0)->f

/* In the order machine_format() writes them. */
static const struct param params[] = {
	{ "name", PT_TEXT, FIELD(name), 0, 0, 0, NULL, "the machine's name" },
	{ "about", PT_TEXT, FIELD(about), 0, 0, 0, NULL,
	  "one line of provenance" },
	{ "cpus", PT_NUMBER, FIELD(cpus), 1, FC_MAX_CPUS, 0, NULL,
	  "number of CPUs" },
	{ "page", PT_NUMBER, FIELD(page), 256, 1UL << 26, 1, NULL,
	  "page size in bytes" },
	{ "line", PT_NUMBER, FIELD(line), 4, 4096, 1, NULL,
	  "cache line size in bytes" },
	{ "lines", PT_NUMBER, FIELD(lines), 1, FC_MAX_LINES, 0, NULL,
	  "model lines per page" },
	{ "dcache", PT_DCACHE, FIELD(d), 0, 0, 0, NULL,
	  "pipt|vipt|vivt SIZE WAYS wb|wt coherent|private" },
	{ "icache", PT_ICACHE, FIELD(i), 0, 0, 0, NULL,
	  "pipt|vipt|vivt SIZE WAYS [snoop]: snoop = fetches see every "
	  "store (DIC)" },
	{ "ifill", PT_WORD, FIELD(ifill_dcache), 0, 0, 0, w_ifill,
	  "where an I-fill reads: memory, or the D side (IDC)" },
	{ "fencei", PT_WORD, FIELD(fencei_writeback), 0, 0, 0, w_fencei,
	  "RISC-V fence.i: invalidate this CPU's I-cache, or first write back "
	  "its D-cache too" },
	{ "maint", PT_WORD, FIELD(maint_broadcast), 0, 0, 0, w_maint,
	  "cache maintenance by VA acts on this CPU or on all" },
	{ "prefetch", PT_WORD, FIELD(prefetch), 0, 0, 0, w_prefetch,
	  "speculative I-fills through which mappings" },
	{ "dprefetch", PT_WORD, FIELD(dprefetch), 0, 0, 0, w_dprefetch,
	  "speculative D-fills through any present mapping" },
	{ "dma", PT_WORD, FIELD(dma_coherent), 0, 0, 0, w_dma,
	  "whether DMA snoops the caches" },
	{ "model", PT_WORD, FIELD(relaxed), 0, 0, 0, w_model,
	  "sc: ops atomic and in program order over the caches; armv8: "
	  "Arm's relaxed model (herd's aarch64.cat, ifetch)" },
	{ "erratum", PT_WORD, FIELD(erratum_1542419), 0, 0, 0, w_erratum,
	  "1542419: Neoverse-N1, DIC reported but a CPU that sees a branch "
	  "to new code may run stale code (model = armv8 only)" },
};
#define NPARAMS ((int)(sizeof params / sizeof params[0]))

#undef FIELD

static void put_num(struct machine *m, const struct param *pm,
		    unsigned long v)
{
	char *f = (char *)m + pm->off;

	if (pm->size == sizeof (unsigned long)) {
		memcpy(f, &v, sizeof v);
	} else {
		int i = (int)v;

		assert(pm->size == sizeof i);
		memcpy(f, &i, sizeof i);
	}
}

static unsigned long get_num(const struct machine *m, const struct param *pm)
{
	const char *f = (const char *)m + pm->off;

	if (pm->size == sizeof (unsigned long)) {
		unsigned long v;

		memcpy(&v, f, sizeof v);
		return v;
	} else {
		int i;

		assert(pm->size == sizeof i);
		memcpy(&i, f, sizeof i);
		return (unsigned long)i;
	}
}

static int nwords(const char *const *words)
{
	int n = 0;

	while (words[n])
		n++;
	return n;
}

int machine_set(struct machine *m, const char *key, const char *value,
		char *err, size_t errlen, int *errcol)
{
	struct words w = { value, value };
	const struct param *pm = NULL;
	unsigned long n;
	int k, col = 0;

	*errcol = 0;
	for (int i = 0; i < NPARAMS && !pm; i++)
		if (!strcmp(key, params[i].key))
			pm = &params[i];
	if (!pm) {
		snprintf(err, errlen, "unknown machine parameter '%s'", key);
		return -1;
	}
	switch (pm->type) {
	case PT_TEXT:
		while (isspace((unsigned char)*value))
			value++;
		if (!*value)
			FAIL("empty %s", key);
		snprintf((char *)m + pm->off, pm->size, "%s", value);
		return 0;
	case PT_NUMBER:
		if (one_number(&w, pm->lo, pm->hi, &n, err, errlen, errcol))
			return -1;
		if (pm->pow2 && (n & (n - 1)))
			FAIL("%s size must be a power of two", key);
		put_num(m, pm, n);
		return 0;
	case PT_WORD:
		if (one_word(&w, pm->words, nwords(pm->words), &k, err, errlen,
			     errcol))
			return -1;
		put_num(m, pm, (unsigned long)k);
		return 0;
	case PT_DCACHE:
	case PT_ICACHE:
		return set_cache((struct cache_geom *)((char *)m + pm->off),
				 pm->type == PT_DCACHE, &w, err, errlen, errcol);
	}
	return -1;
}

const char *machine_param_doc(const char *key)
{
	for (int i = 0; i < NPARAMS; i++)
		if (!strcmp(key, params[i].key))
			return params[i].doc;
	return NULL;
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
	/* the cache model has no fetch order to break: it would say ok */
	if (m->erratum_1542419 && (!m->relaxed || !m->i.snoops)) {
		snprintf(err, errlen, "erratum 1542419 needs model = armv8 and "
			 "an icache that snoops (DIC)");
		return -1;
	}
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
			 g->snoops ? " snoop" : "");
	return buf;
}

void machine_format(const struct machine *m, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < NPARAMS && used < len; i++) {
		const struct param *pm = &params[i];
		const char *f = (const char *)m + pm->off;
		char v[96];

		switch (pm->type) {
		case PT_TEXT:
			snprintf(v, sizeof v, "%s", f);
			break;
		case PT_NUMBER:
			snprintf(v, sizeof v, "%lu", get_num(m, pm));
			break;
		case PT_WORD:
			snprintf(v, sizeof v, "%s", pm->words[get_num(m, pm)]);
			break;
		case PT_DCACHE:
		case PT_ICACHE:
			geom_text((const struct cache_geom *)(const void *)f,
				  pm->type == PT_DCACHE, v, sizeof v);
			break;
		}
		/* about is up to 255 bytes: write it whole, not through v */
		used += (size_t)snprintf(buf + used, len - used, "%s = %s\n",
					 pm->key, pm->type == PT_TEXT ? f : v);
	}
}
