/* SPDX-License-Identifier: MIT */
/*
 * fuzz_litmus.c - herd's .litmus reader: any input must load or be
 * refused with a position, and a loaded one must be a struct aprog whose
 * indices all point inside its tables, which is what the Armv8 model
 * will trust without checking.
 */
#include "fuzz.h"

#include "lang/litmus.h"

static int val_ok(const struct aprog *ap, aval v)
{
	switch (AV_KIND(v)) {
	case AV_INT:
		return 1;
	case AV_LOC:
		return AV_PAYLOAD(v) < (unsigned)ap->nlocs;
	case AV_CODE:
		return AV_PAYLOAD(v) < (unsigned)ap->nslots;
	case AV_INSN:
		return AV_PAYLOAD(v) < (unsigned)ap->ninsns;
	}
	return 0;
}

static int cond_ok(const struct aprog *ap, const struct acondition *c)
{
	switch (c->kind) {
	case ACN_TRUE:
		return 1;
	case ACN_NOT:
		return cond_ok(ap, c->a);
	case ACN_AND:
	case ACN_OR:
		return cond_ok(ap, c->a) && cond_ok(ap, c->b);
	case ACN_EQ:
		return c->obs >= 0 && c->obs < ap->nobs && val_ok(ap, c->val);
	}
	return 0;
}

/* Every index the reader hands the model is in range. */
static void check_aprog(const struct aprog *ap)
{
	int ok = ap->nthreads >= 1 && ap->nthreads <= ARM_MAX_THREADS &&
		 ap->nslots <= ARM_MAX_SLOTS && ap->ninsns <= ARM_MAX_INSNS &&
		 ap->nlocs <= ARM_MAX_LOCS && ap->nobs <= ARM_MAX_OBS &&
		 ap->cond && ap->cond_text && cond_ok(ap, ap->cond);

	for (int s = 0; ok && s < ap->nslots; s++)
		ok = ap->slot_insn[s] < ap->ninsns &&
		     ap->slot_thread[s] < ap->nthreads;
	for (int t = 0; ok && t < ap->nthreads; t++) {
		ok = ap->threads[t].start < ap->nslots &&
		     ap->threads[t].handler < ap->nslots;
		for (int r = 0; ok && r < AR_COUNT; r++)
			ok = val_ok(ap, ap->reg_init[t][r]);
	}
	for (int k = 0; ok && k < ap->nlocs; k++)
		ok = val_ok(ap, ap->loc_init[k]);
	for (int k = 0; ok && k < ap->ninsns; k++)
		ok = ap->insns[k].text != NULL &&
		     (ap->insns[k].tkind != AT_SLOT ||
		      (ap->insns[k].imm >= 0 && ap->insns[k].imm < ap->nslots));
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_text(data, size);
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct program *p;

	if (!src)
		return 0;
	p = litmus_parse(&a, "fuzz.litmus", src, NULL, &d);
	if (p)
		check_aprog(p->arm);
	else if (d.line < 1 || d.col < 1 || !d.msg[0])
		abort();
	arena_free(&a);
	free(src);
	return 0;
}
