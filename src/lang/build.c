/* SPDX-License-Identifier: MIT */
/*
 * build.c - the program builder (build.h): names, limits, defaults.
 */
#include "build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(FC_MAX_LABELS <= 256, "a label is stored in a uint8_t");
_Static_assert(FC_MAX_PAGES <= 256 && FC_MAX_MAPPINGS <= 256,
	       "pages and mappings are numbered in bytes of the state");

void build_init(struct build *b, struct program *p, struct arena *a)
{
	b->p = p;
	b->a = a;
	b->err[0] = '\0';
}

int build_label(struct build *b, const char *text)
{
	struct program *p = b->p;

	for (int i = 0; i < p->nlabels; i++)
		if (!strcmp(p->labels[i], text))
			return i;
	if (p->nlabels >= FC_MAX_LABELS) {
		snprintf(b->err, sizeof b->err,
			 "too many distinct values (at most %d)", FC_MAX_LABELS);
		return -1;
	}
	p->labels[p->nlabels] = arena_strdup(b->a, text);
	return p->nlabels++;
}

int build_find_page(const struct program *p, const char *name)
{
	for (int i = 0; i < p->npages; i++)
		if (!strcmp(p->pages[i].name, name))
			return i;
	return -1;
}

int build_find_mapping(const struct program *p, const char *name)
{
	for (int i = 0; i < p->nmappings; i++)
		if (!strcmp(p->mappings[i].name, name))
			return i;
	return -1;
}

int build_numbered(const char *s, char c)
{
	char *end;
	long k;

	if (s[0] != c || !isdigit((unsigned char)s[1]))
		return -1;
	k = strtol(s + 1, &end, 10);
	if (*end)
		return -1;
	return k > BUILD_MAX_NUMBERED ? BUILD_MAX_NUMBERED : (int)k;
}

int build_reg_number(const char *s)
{
	return build_numbered(s, 'r');
}

/* May name be declared?  Checked after the limit, as errors come. */
static int new_name(struct build *b, const char *name)
{
	if (build_find_page(b->p, name) >= 0 ||
	    build_find_mapping(b->p, name) >= 0) {
		snprintf(b->err, sizeof b->err, "'%s' is declared twice",
			 name);
		return -1;
	}
	if (build_reg_number(name) >= 0) {
		snprintf(b->err, sizeof b->err, "'%s' is a register name",
			 name);
		return -1;
	}
	return 0;
}

int build_page(struct build *b, const char *name, int label)
{
	struct program *p = b->p;
	struct page *pg;

	if (p->npages >= FC_MAX_PAGES) {
		snprintf(b->err, sizeof b->err, "too many pages (at most %d)",
			 FC_MAX_PAGES);
		return -1;
	}
	if (new_name(b, name))
		return -1;
	pg = &p->pages[p->npages];
	memset(pg, 0, sizeof *pg);
	pg->name = arena_strdup(b->a, name);
	pg->label = (uint8_t)label;
	return p->npages++;
}

unsigned long build_linear_va(const struct program *p, int pg)
{
	return BUILD_PAGE_OFFSET + (unsigned long)pg * p->machine.page;
}

int build_mapping(struct build *b, const char *name, enum mapping_kind kind,
		  int page)
{
	struct program *p = b->p;
	struct mapping *al;

	if (p->nmappings >= FC_MAX_MAPPINGS) {
		snprintf(b->err, sizeof b->err,
			 "too many mappings (at most %d)", FC_MAX_MAPPINGS);
		return -1;
	}
	if (new_name(b, name))
		return -1;
	al = &p->mappings[p->nmappings];
	memset(al, 0, sizeof *al);
	al->name = arena_strdup(b->a, name);
	al->kind = kind;
	al->page = page;
	al->perms = PERM_R | PERM_W | PERM_X;
	al->pte0 = PTE_PRESENT;
	if (page >= 0)
		al->va = build_linear_va(p, page);
	return p->nmappings++;
}
