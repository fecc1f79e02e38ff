/* SPDX-License-Identifier: MIT */
/*
 * test_litmus.c - herd's .litmus reader (lang/litmus.c, model/arm.h).
 *
 * A hand-written test is checked field by field: slots, labels, the
 * instruction table and its deduplication, initial values, the observed
 * locations in herd's order, the condition's tree and text, the cache
 * type.  The expected values were counted by hand and then confirmed on
 * herd7 7.58 (-variant ifetch), which prints the same condition and the
 * same locations in the same order.  Bad inputs are checked on their
 * exact line:col and message; every prefix and random mutations of the
 * good one must load or fail cleanly.  With HERD_TESTS=DIR, every .litmus
 * file under DIR (and its subdirectories) must load.
 */
#include "helpers.h"

#include <dirent.h>
#include <sys/stat.h>

#include "lang/frontend.h"
#include "lang/limits.h"
#include "lang/litmus.h"

/*
 * Lines matter: tests below assert them.  The table header is line 11,
 * its rows 12..16.
 */
static const char full_src[] =
	"AArch64 full\n"					/*  1 */
	"\"doc\"\n"						/*  2 */
	"CacheType=DIC\n"					/*  3 */
	"Variant=ifetch\n"					/*  4 */
	"Stable=X9\n"						/*  5 */
	"{\n"							/*  6 */
	" 0:X0=NOP; 0:X1=P1:m0; 0:X2=instr:\"B .+8\";\n"	/*  7 */
	" 1:X1=label:\"P1:m0\"; int x; [y]=P1:l1; "
	"(* a (* nested *) comment *)\n"			/*  8 */
	" ins_t *1:X9; 1:X3=x;\n"				/*  9 */
	"}\n"							/* 10 */
	" P0          | P1              | P1.F           ;\n"	/* 11 */
	" STR W0,[X1] | m0: B l1        | MOV W2,#2      ;\n"	/* 12 */
	" STR W2,[X1] | MOV W9,#1       | ADR X9,l1      ;\n"	/* 13 */
	" NOP         | l1: LDR W4,[X3] | MSR ELR_EL1,X9 ;\n"	/* 14 */
	"             | NOP             | ERET           ;\n"	/* 15 */
	"             | end:            |                ;\n"	/* 16 */
	"locations [y;1:X4;]\n"					/* 17 */
	"exists (1:X9=0 /\\ x=1 \\/ ~(0:X0=NOP) /\\ 1:X2!=2)\n";	/* 18 */

struct lit {
	struct arena a;
	struct diag d;
	struct program *p;
	const struct aprog *ap;
};

static void parse(struct lit *l, const char *src)
{
	memset(l, 0, sizeof *l);
	l->p = litmus_parse(&l->a, "t.litmus", src, NULL, &l->d);
	l->ap = l->p ? l->p->arm : NULL;
}

static const struct aprog *must_parse(struct lit *l, const char *src)
{
	parse(l, src);
	if (!l->p)
		fail_msg("t.litmus:%d:%d: %s", l->d.line, l->d.col, l->d.msg);
	return l->ap;
}

/* The error of src, as "line:col: message". */
static void fails(const char *src, const char *want)
{
	struct lit l;
	char got[400];

	parse(&l, src);
	if (l.p)
		fail_msg("loaded, expected %s", want);
	snprintf(got, sizeof got, "%d:%d: %s", l.d.line, l.d.col, l.d.msg);
	assert_string_equal(got, want);
	arena_free(&l.a);
}

static const char *slot_text(const struct aprog *ap, int s)
{
	return ap->insns[ap->slot_insn[s]].text;
}

/* ---- the full test, field by field ------------------------------------- */

static void full_program(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);

	(void)st;
	assert_string_equal(ap->name, "full");
	assert_string_equal(l.p->name, "full");
	assert_string_equal(l.p->file, "t.litmus");
	assert_int_equal(l.p->nthreads, 2);
	assert_ptr_equal(l.p->arm, ap);
	assert_string_equal(l.p->machine.name, "armv8");
	/* the cache model's parts stay empty */
	assert_int_equal(l.p->threads[0].nops, 0);
	assert_int_equal(l.p->quant, Q_NONE);
	/* DIC implies IDC (herd's lib/cacheType.mll) */
	assert_int_equal(ap->cache_type, ACT_DIC | ACT_IDC);
	assert_int_equal(ap->nthreads, 2);
	arena_free(&l.a);
}

/*
 * P0: 0 STR, 1 STR, 2 NOP, 3 HALT.  P1: 4 m0: B l1, 5 MOV, 6 l1: LDR,
 * 7 NOP, 8 end: HALT.  P1.F: 9 MOV, 10 ADR, 11 MSR, 12 ERET, 13 HALT.
 */
static void full_slots(void **st)
{
	static const char *const text[] = {
		"STR W0,[X1]", "STR W2,[X1]", "NOP", "HALT",
		"B .+8", "MOV W9,#1", "LDR W4,[X3]", "NOP", "HALT",
		"MOV W2,#2", "ADR X9,.-16", "MSR ELR_EL1,X9", "ERET", "HALT",
	};
	static const int thread[] = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);

	(void)st;
	assert_int_equal(ap->nslots, 14);
	for (int s = 0; s < 14; s++) {
		assert_string_equal(slot_text(ap, s), text[s]);
		assert_int_equal(ap->slot_thread[s], thread[s]);
	}
	assert_int_equal(ap->threads[0].start, 0);
	assert_int_equal(ap->threads[0].handler, -1);
	assert_int_equal(ap->threads[1].start, 4);
	assert_int_equal(ap->threads[1].handler, 9);
	for (int s = 0; s < 14; s++) {
		const char *want = s == 4 ? "P1:m0" : s == 6 ? "P1:l1"
				 : s == 8 ? "P1:end" : NULL;

		if (want)
			assert_string_equal(ap->slot_label[s], want);
		else
			assert_null(ap->slot_label[s]);
	}
	arena_free(&l.a);
}

/*
 * Targets in code are offsets from the instruction's own slot, as herd
 * prints a branch loaded as data: B l1 at slot 4 to slot 6 is .+8.
 */
static void full_targets(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);
	const struct ainsn *b = &ap->insns[ap->slot_insn[4]];
	const struct ainsn *adr = &ap->insns[ap->slot_insn[10]];

	(void)st;
	assert_int_equal(b->op, AI_B);
	assert_int_equal(b->tkind, AT_REL);
	assert_int_equal(b->imm, 2);
	assert_int_equal(b->src_line, 12);
	assert_int_equal(b->src_col, 20);
	assert_int_equal(adr->op, AI_ADR);
	assert_int_equal(adr->rd, 9);
	assert_int_equal(adr->tkind, AT_REL);
	assert_int_equal(adr->imm, -4);
	arena_free(&l.a);
}

/*
 * The table: HALT first (interned when the first column ends), then the
 * cells row by row: 1 STR W0, 2 B .+8, 3 MOV W2, 4 STR W2, 5 MOV W9,
 * 6 ADR, 7 NOP, 8 LDR, 9 MSR, (NOP again), 10 ERET.  The init's NOP and
 * instr:"B .+8" are entries 7 and 2: the same values as the code's.
 */
static void full_insns_dedup(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);
	const struct ainsn *mov;

	(void)st;
	assert_int_equal(ap->ninsns, 11);
	assert_int_equal(ap->insns[0].op, AI_HALT);
	assert_int_equal(ap->slot_insn[2], 7);
	assert_int_equal(ap->slot_insn[7], 7);
	assert_int_equal(ap->insns[7].op, AI_NOP);
	assert_int_equal(ap->reg_init[0][0], AV_MAKE(AV_INSN, 7));
	assert_int_equal(ap->reg_init[0][2], AV_MAKE(AV_INSN, 2));
	assert_int_equal(ap->slot_insn[4], 2);
	mov = &ap->insns[ap->slot_insn[5]];
	assert_int_equal(mov->op, AI_MOV);
	assert_int_equal(mov->rd, 9);
	assert_int_equal(mov->w, 1);
	assert_int_equal(mov->imm_op, 1);
	assert_int_equal(mov->imm, 1);
	assert_int_equal(mov->rn, AR_NONE);
	arena_free(&l.a);
}

static void full_init(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);

	(void)st;
	assert_int_equal(ap->nlocs, 2);
	assert_string_equal(ap->loc_names[0], "x");
	assert_string_equal(ap->loc_names[1], "y");
	assert_int_equal(ap->loc_init[0], av_int(0));
	assert_int_equal(ap->loc_init[1], AV_MAKE(AV_CODE, 6));
	assert_int_equal(ap->reg_init[0][1], AV_MAKE(AV_CODE, 4));
	assert_int_equal(ap->reg_init[1][1], AV_MAKE(AV_CODE, 4));
	assert_int_equal(ap->reg_init[1][3], AV_MAKE(AV_LOC, 0));
	assert_int_equal(ap->reg_init[1][9], av_int(0));
	assert_int_equal(ap->reg_init[1][0], av_int(0));
	arena_free(&l.a);
}

/*
 * Written order: [y], 1:X4 (locations), 1:X9, [x], 0:X0, 1:X2; herd's
 * order: registers by thread and number, then memory by name.
 */
static void full_obs_in_herd_order(void **st)
{
	static const char *const text[] = {
		"0:X0", "1:X2", "1:X4", "1:X9", "[x]", "[y]",
	};
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);

	(void)st;
	assert_int_equal(ap->nobs, 6);
	for (int k = 0; k < 6; k++)
		assert_string_equal(ap->obs[k].text, text[k]);
	assert_int_equal(ap->obs[3].is_mem, 0);
	assert_int_equal(ap->obs[3].thread, 1);
	assert_int_equal(ap->obs[3].reg, 9);
	assert_int_equal(ap->obs[4].is_mem, 1);
	assert_int_equal(ap->obs[4].loc, 0);
	assert_int_equal(ap->obs[5].loc, 1);
	arena_free(&l.a);
}

/* (1:X9=0 /\ x=1) \/ (~(0:X0=NOP) /\ ~(1:X2=2)) */
static void full_condition(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l, full_src);
	const struct acondition *c = ap->cond, *x;

	(void)st;
	assert_int_equal(ap->quant, Q_EXISTS);
	assert_string_equal(ap->cond_text, "exists (1:X9=0 /\\ [x]=1 \\/ "
			    "not (0:X0=NOP) /\\ not (1:X2=2))");
	assert_int_equal(c->kind, ACN_OR);
	x = c->a;
	assert_int_equal(x->kind, ACN_AND);
	assert_int_equal(x->a->kind, ACN_EQ);
	assert_int_equal(x->a->obs, 3);
	assert_int_equal(x->a->val, av_int(0));
	assert_int_equal(x->b->obs, 4);
	assert_int_equal(x->b->val, av_int(1));
	x = c->b;
	assert_int_equal(x->kind, ACN_AND);
	assert_int_equal(x->a->kind, ACN_NOT);
	assert_int_equal(x->a->a->kind, ACN_EQ);
	assert_int_equal(x->a->a->obs, 0);
	assert_int_equal(x->a->a->val, AV_MAKE(AV_INSN, 7));
	assert_int_equal(x->b->kind, ACN_NOT);
	assert_int_equal(x->b->a->obs, 1);
	assert_int_equal(x->b->a->val, av_int(2));
	arena_free(&l.a);
}

/* Every prefix loads or fails with a position; never a crash or hang. */
static void every_prefix(void **st)
{
	size_t len = strlen(full_src);

	(void)st;
	for (size_t n = 0; n <= len; n++) {
		char *s = malloc(n + 1);
		struct lit l;

		assert_non_null(s);
		memcpy(s, full_src, n);
		s[n] = '\0';
		parse(&l, s);
		if (!l.p) {
			assert_true(l.d.line >= 1);
			assert_true(l.d.col >= 1);
			assert_true(l.d.msg[0] != '\0');
		}
		arena_free(&l.a);
		free(s);
	}
}

/* One byte changed, many times over: the same. */
static void random_mutations(void **st)
{
	static const char bytes[] = "(*)[]{};:|=~/\\#.+-\"PXW0 \n";
	size_t len = strlen(full_src);
	unsigned seed = 1;

	(void)st;
	for (int k = 0; k < 4000; k++) {
		char *s = malloc(len + 1);
		struct lit l;

		assert_non_null(s);
		memcpy(s, full_src, len + 1);
		for (int m = 0; m < 3; m++) {
			seed = seed * 1103515245u + 12345u;
			s[(seed >> 8) % len] =
				bytes[(seed >> 20) % (sizeof bytes - 1)];
		}
		parse(&l, s);
		arena_free(&l.a);
		free(s);
	}
}

/* ---- header: CacheType and Variant -------------------------------------- */

static const char *with_header(char *buf, size_t n, const char *lines)
{
	snprintf(buf, n, "AArch64 h\n%s{ }\n P0 ;\n NOP ;\nexists 0:X0=0\n",
		 lines);
	return buf;
}

static void cache_types(void **st)
{
	static const struct {
		const char *lines;
		unsigned want;
	} ok[] = {
		{ "", 0 },
		{ "CacheType=IDC\n", ACT_IDC },
		{ "CacheType=DIC\n", ACT_IDC | ACT_DIC },
		{ "cachetype = dic idc\n", ACT_IDC | ACT_DIC },
		{ "Variant=ifetch\nCacheType=IDC\n", ACT_IDC },
		{ "Variant=self\n", 0 },
		{ "Hash=abc\nStable=X9\nGenerator=diyone7\nOrig=PodWW Rfe\n", 0 },
	};
	char buf[300];

	(void)st;
	for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
		struct lit l;

		must_parse(&l, with_header(buf, sizeof buf, ok[k].lines));
		assert_int_equal(l.ap->cache_type, ok[k].want);
		arena_free(&l.a);
	}
	fails(with_header(buf, sizeof buf, "CacheType=DIC,IDC\n"),
	      "2:14: bad cache type: keys are DIC and IDC, separated by "
	      "blanks");
	fails(with_header(buf, sizeof buf, "CacheType=IDC PoU\n"),
	      "2:15: 'PoU' is not a cache-type key (DIC, IDC)");
	fails(with_header(buf, sizeof buf, "Variant=ifetch,DIC\n"),
	      "2:16: 'DIC' is not a variant: herd7 reads it from CacheType=");
	fails(with_header(buf, sizeof buf, "Variant=ifetch mixed\n"),
	      "2:16: unsupported variant 'mixed' (flushcheck runs herd's "
	      "ifetch variant)");
	fails(with_header(buf, sizeof buf, "MemoryType=x\n"),
	      "2:1: unsupported header key 'MemoryType'");
}

/* ---- the instruction table -------------------------------------------- */

/*
 * Two instructions are one value when herd would print them the same:
 * NOP and nop, [X1] and [X1,#0], IC IALLU and IC IALLU,XZR; but DSB SY
 * and DSB ISH, RET and RET X30, B .+8 at two slots and B to one label
 * from two slots stay apart or together as their offsets say.
 */
static void insn_dedup(void **st)
{
	static const char src[] =
		"AArch64 d\n{ }\n P0 ;\n"
		" NOP ;\n"		/* 0 */
		" nop ;\n"		/* 1 */
		" LDR W1,[X2] ;\n"	/* 2 */
		" LDR W1,[X2,#0] ;\n"	/* 3 */
		" IC IALLU ;\n"		/* 4 */
		" IC IALLU,XZR ;\n"	/* 5 */
		" DSB SY ;\n"		/* 6 */
		" DSB ISH ;\n"		/* 7 */
		" RET ;\n"		/* 8 */
		" RET X30 ;\n"		/* 9 */
		" B l ;\n"		/* 10: .+8 */
		" B l ;\n"		/* 11: .+4 */
		" l: B .+4 ;\n"		/* 12: .+4 */
		"exists 0:X0=0\n";
	struct lit l;
	const struct aprog *ap = must_parse(&l, src);

	(void)st;
	assert_int_equal(ap->slot_insn[0], ap->slot_insn[1]);
	assert_int_equal(ap->slot_insn[2], ap->slot_insn[3]);
	assert_string_equal(slot_text(ap, 3), "LDR W1,[X2]");
	assert_int_equal(ap->insns[ap->slot_insn[3]].addr, AA_REG);
	assert_int_equal(ap->slot_insn[4], ap->slot_insn[5]);
	assert_string_equal(slot_text(ap, 4), "IC IALLU,XZR");
	assert_int_not_equal(ap->slot_insn[6], ap->slot_insn[7]);
	assert_int_equal(ap->insns[ap->slot_insn[6]].bar, AB_FULL);
	assert_int_equal(ap->insns[ap->slot_insn[7]].bar, AB_FULL);
	assert_int_not_equal(ap->slot_insn[8], ap->slot_insn[9]);
	assert_int_equal(ap->insns[ap->slot_insn[8]].rn, AR_NONE);
	assert_int_equal(ap->insns[ap->slot_insn[9]].rn, 30);
	assert_int_not_equal(ap->slot_insn[10], ap->slot_insn[11]);
	assert_int_equal(ap->slot_insn[11], ap->slot_insn[12]);
	assert_string_equal(slot_text(ap, 10), "B .+8");
	arena_free(&l.a);
}

/*
 * Every instruction of the subset, with herd7's own text for it (herd
 * printed each of these as the value of a load from its slot).
 */
static void insn_texts(void **st)
{
	static const struct {
		const char *in, *text;
		int op;
	} t[] = {
		{ "MOV W9,#1", "MOV W9,#1", AI_MOV },
		{ "MOV X9,X3", "MOV X9,X3", AI_MOV },
		{ "MOV W9,#-1", "MOV W9,#-1", AI_MOV },
		{ "mov w1,wzr", "MOV W1,WZR", AI_MOV },
		{ "ADD X3,X3,W2,SXTW", "ADD X3,X3,W2,SXTW", AI_ADD },
		{ "ADD W3,W3,#4", "ADD W3,W3,#4", AI_ADD },
		{ "SUB W1,W2,W3", "SUB W1,W2,W3", AI_SUB },
		{ "EOR W1,W2,W2", "EOR W1,W2,W2", AI_EOR },
		{ "AND X1,X2,#255", "AND X1,X2,#255", AI_AND },
		{ "ORR W1,W2,#1", "ORR W1,W2,#1", AI_ORR },
		{ "CMP W2,W0", "CMP W2,W0", AI_CMP },
		{ "CMP X2,#3", "CMP X2,#3", AI_CMP },
		{ "CSET W3,EQ", "CSET W3,EQ", AI_CSET },
		{ "CSEL W3,W4,W5,NE", "CSEL W3,W4,W5,NE", AI_CSEL },
		{ "ADR X4,l", "ADR X4,.+4", AI_ADR },
		{ "LDR X2,[X1,#8]", "LDR X2,[X1,#8]", AI_LDR },
		{ "LDR W2,[X1,X3]", "LDR W2,[X1,X3]", AI_LDR },
		{ "LDR W2,[X1,W3,SXTW]", "LDR W2,[X1,W3,SXTW]", AI_LDR },
		{ "LDAR W2,[X1]", "LDAR W2,[X1]", AI_LDAR },
		{ "STLR X2,[X1]", "STLR X2,[X1]", AI_STLR },
		{ "STR W2,[X1,#4]", "STR W2,[X1,#4]", AI_STR },
		{ "B.EQ l", "B.EQ .+4", AI_BCOND },
		{ "b.ne .-4", "B.NE .-4", AI_BCOND },
		{ "CBZ X4,l", "CBZ X4,.+4", AI_CBZ },
		{ "CBNZ W4,.+0", "CBNZ W4,.+0", AI_CBNZ },
		{ "BL l", "BL .+4", AI_BL },
		{ "BLR X3", "BLR X3", AI_BLR },
		{ "BR X3", "BR X3", AI_BR },
		{ "RET X3", "RET X3", AI_RET },
		{ "DC CVAU,X1", "DC CVAU,X1", AI_DC_CVAU },
		{ "IC IVAU,X1", "IC IVAU,X1", AI_IC_IVAU },
		{ "IC IALLUIS", "IC IALLUIS,XZR", AI_IC_IALLUIS },
		{ "DMB ISHLD", "DMB ISHLD", AI_DMB },
		{ "DMB ST", "DMB ST", AI_DMB },
		{ "DSB OSHST", "DSB OSHST", AI_DSB },
		{ "ISB", "ISB", AI_ISB },
		{ "MSR ELR_EL1,X9", "MSR ELR_EL1,X9", AI_MSR_ELR },
		{ "ERET", "ERET", AI_ERET },
	};
	char src[200];

	(void)st;
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		struct lit l;
		const struct aprog *ap;

		snprintf(src, sizeof src, "AArch64 i\n{ }\n P0 ;\n %s ;\n"
			 " l: ;\nexists 0:X0=0\n", t[k].in);
		ap = must_parse(&l, src);
		assert_string_equal(slot_text(ap, 0), t[k].text);
		assert_int_equal(ap->insns[ap->slot_insn[0]].op, t[k].op);
		arena_free(&l.a);
	}
}

/* The fields the model reads, for the forms whose fields vary. */
static void insn_fields(void **st)
{
	static const char src[] =
		"AArch64 f\n{ }\n P0 ;\n"
		" LDR W2,[X1,W3,SXTW] ;\n"	/* 0 */
		" STR X4,[X5,#8] ;\n"		/* 1 */
		" CMP W2,#3 ;\n"		/* 2 */
		" CSEL X1,X2,X3,GT ;\n"		/* 3 */
		" DMB ISHLD ;\n"		/* 4 */
		" DSB ST ;\n"			/* 5 */
		" CBNZ W7,.-20 ;\n"		/* 6 */
		"exists 0:X0=0\n";
	struct lit l;
	const struct aprog *ap = must_parse(&l, src);
	const struct ainsn *i;

	(void)st;
	i = &ap->insns[ap->slot_insn[0]];
	assert_int_equal(i->rd, 2);
	assert_int_equal(i->rn, 1);
	assert_int_equal(i->rm, 3);
	assert_int_equal(i->w, 1);
	assert_int_equal(i->addr, AA_REGREG);
	i = &ap->insns[ap->slot_insn[1]];
	assert_int_equal(i->rd, 4);
	assert_int_equal(i->rn, 5);
	assert_int_equal(i->w, 0);
	assert_int_equal(i->addr, AA_IMM);
	assert_int_equal(i->imm, 8);
	i = &ap->insns[ap->slot_insn[2]];
	assert_int_equal(i->rn, 2);
	assert_int_equal(i->rd, AR_NONE);
	assert_int_equal(i->imm_op, 1);
	assert_int_equal(i->imm, 3);
	i = &ap->insns[ap->slot_insn[3]];
	assert_int_equal(i->cond, AC_GT);
	assert_int_equal(i->rm, 3);
	assert_int_equal(ap->insns[ap->slot_insn[4]].bar, AB_LD);
	assert_int_equal(ap->insns[ap->slot_insn[5]].bar, AB_ST);
	i = &ap->insns[ap->slot_insn[6]];
	assert_int_equal(i->tkind, AT_REL);
	assert_int_equal(i->imm, -5);
	assert_int_equal(i->rd, 7);
	arena_free(&l.a);
}

/* instr:"B l" keeps its label (herd prints it so): a slot, not an offset. */
static void value_with_label(void **st)
{
	static const char src[] =
		"AArch64 v\n{ 0:X1=instr:\"B l\"; 1:X2=1:l; }\n"
		" P0 | P1 ;\n NOP | l: NOP ;\nexists 0:X0=0\n";
	struct lit l;
	const struct aprog *ap = must_parse(&l, src);
	const struct ainsn *i;

	(void)st;
	assert_int_equal(AV_KIND(ap->reg_init[0][1]), AV_INSN);
	i = &ap->insns[AV_PAYLOAD(ap->reg_init[0][1])];
	assert_int_equal(i->tkind, AT_SLOT);
	assert_int_equal(i->imm, 2);
	assert_string_equal(i->text, "B l");
	assert_int_equal(ap->reg_init[1][2], AV_MAKE(AV_CODE, 2));
	arena_free(&l.a);
}

/* ---- conditions -------------------------------------------------------- */

/*
 * herd's precedences: ~ over => over /\ over \/; herd prints what it
 * parsed with its own parentheses (measured on herd7 7.58).
 */
static void condition_forms(void **st)
{
	static const struct {
		const char *in, *text;
		enum quant q;
	} t[] = {
		{ "~exists (0:X2=1 => x=1 /\\ 0:X3=2)",
		  "~exists ((0:X2=1 => [x]=1) /\\ 0:X3=2)", Q_NOT_EXISTS },
		{ "forall true", "forall (true)", Q_FORALL },
		{ "final 0:X2=0 ;", "exists (0:X2=0)", Q_EXISTS },
		{ "exists not 0:X2=1 \\/ false",
		  "exists (not (0:X2=1) \\/ false)", Q_EXISTS },
		{ "exists 0:X2==0 /\\ P0:X3=0",
		  "exists (0:X2=0 /\\ 0:X3=0)", Q_EXISTS },
		{ "exists x=y", "exists ([x]=y)", Q_EXISTS },
		{ "exists (0:X2=0 /\\ (x=1 \\/ x=2))",
		  "exists (0:X2=0 /\\ ([x]=1 \\/ [x]=2))", Q_EXISTS },
		{ "exists ((0:X2=0 /\\ x=1) \\/ x=2)",
		  "exists (0:X2=0 /\\ [x]=1 \\/ [x]=2)", Q_EXISTS },
		{ "exists 0:X2=-1 \\/ x=0x10",
		  "exists (0:X2=-1 \\/ [x]=16)", Q_EXISTS },
		{ "exists 0:X2=label:\"P0:l\" \\/ 0:X2=instr:\"b .+8\"",
		  "exists (0:X2=label:\"P0:l\" \\/ 0:X2=instr:\"B .+8\")",
		  Q_EXISTS },
		{ "", "forall (true)", Q_FORALL },
	};
	char src[300];

	(void)st;
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		struct lit l;
		const struct aprog *ap;

		snprintf(src, sizeof src, "AArch64 c\n{ 0:X1=x; }\n P0 ;\n"
			 " LDR W2,[X1] ;\n l: ;\n%s\n", t[k].in);
		ap = must_parse(&l, src);
		assert_string_equal(ap->cond_text, t[k].text);
		assert_int_equal(ap->quant, t[k].q);
		arena_free(&l.a);
	}
}

/* p => q is ~p \/ q; it binds tighter than /\ (herd's grammar). */
static void implies_tree(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l,
		"AArch64 c\n{ }\n P0 ;\n NOP ;\n"
		"exists 0:X1=1 => 0:X2=2 /\\ 0:X3=3\n");
	const struct acondition *c = ap->cond;

	(void)st;
	assert_int_equal(c->kind, ACN_AND);
	assert_int_equal(c->a->kind, ACN_OR);
	assert_int_equal(c->a->a->kind, ACN_NOT);
	assert_int_equal(c->a->a->a->obs, 0);
	assert_int_equal(c->a->b->obs, 1);
	assert_int_equal(c->b->obs, 2);
	arena_free(&l.a);
}

/* X10 after X9, XZR before X0, memory after registers, by name. */
static void obs_order(void **st)
{
	struct lit l;
	const struct aprog *ap = must_parse(&l,
		"AArch64 o\n{ }\n P0 | P1 ;\n NOP | NOP ;\n"
		"locations [zz;1:X10 ins_t;b]\n"
		"exists 1:X9=0 /\\ 0:XZR=0 /\\ 0:X1=0 /\\ a=0\n");
	static const char *const text[] = {
		"0:XZR", "0:X1", "1:X9", "1:X10", "[a]", "[b]", "[zz]",
	};

	(void)st;
	assert_int_equal(ap->nobs, 7);
	for (int k = 0; k < 7; k++)
		assert_string_equal(ap->obs[k].text, text[k]);
	/* the condition's atoms follow their observations */
	assert_int_equal(ap->cond->a->a->a->obs, 2);
	assert_int_equal(ap->cond->b->obs, 4);
	arena_free(&l.a);
}

/* ---- errors, at their positions ----------------------------------------- */

static void errors(void **st)
{
	static const struct {
		const char *src, *want;
	} t[] = {
		{ "X86 t\n{ }\n P0 ;\n NOP ;\n",
		  "1:1: unsupported architecture 'X86' (flushcheck reads "
		  "AArch64 tests)" },
		{ "AArch64\n",
		  "1:8: expected the test's name after AArch64" },
		{ "AArch64 t\n{ }\n P0 ;\n LDXR W0,[X1] ;\n",
		  "4:2: unsupported instruction 'LDXR'" },
		{ "AArch64 t\n{ }\n P0 ;\n DC CIVAC,X1 ;\n",
		  "4:2: unsupported instruction 'DC CIVAC'" },
		{ "AArch64 t\n{ }\n P0 ;\n LDR W0,[X1],#4 ;\n",
		  "4:13: unsupported addressing mode (pre- or post-index)" },
		{ "AArch64 t\n{ }\n P0 ;\n ADD X0,X1,X2,LSL #2 ;\n",
		  "4:15: expected SXTW (the one extend supported), found 'LSL'" },
		{ "AArch64 t\n{ }\n P0 ;\n ADD X0,W1,X2 ;\n",
		  "4:9: expected an X register, as the first operand" },
		{ "AArch64 t\n{ }\n P0 ;\n B .+6 ;\n",
		  "4:4: branch offset 6 is not a multiple of 4" },
		{ "AArch64 t\n{ }\n P0 ;\n B nowhere ;\n",
		  "4:4: no label 'nowhere' in P0" },
		{ "AArch64 t\n{ }\n P0 | P1 ;\n l: NOP | B l ;\n",
		  "4:13: no label 'l' in P1" },
		{ "AArch64 t\n{ }\n P0 ;\n l: NOP ;\n l: NOP ;\n",
		  "5:2: label 'l' defined twice in P0" },
		{ "AArch64 t\n{ 0:X1=1; 0:X1=2; }\n P0 ;\n NOP ;\n",
		  "2:11: location initialised more than once" },
		{ "AArch64 t\n{ 2:X1=1; }\n P0 ;\n NOP ;\n",
		  "2:3: no thread P2" },
		{ "AArch64 t\n{ 0:W1=1; }\n P0 ;\n NOP ;\n",
		  "2:5: 'W1' is not a register here: herd names it X1" },
		{ "AArch64 t\n{ 0:X1=P0:nowhere; }\n P0 ;\n NOP ;\n",
		  "2:8: no label 'nowhere' in P0" },
		{ "AArch64 t\n{ }\n P0 | P1 ;\n NOP ;\n",
		  "4:6: this row has 1 cells, the table 2 columns" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP | NOP ;\n",
		  "4:6: this row has more cells than the table's 1 columns" },
		{ "AArch64 t\n{ }\n P1 ;\n NOP ;\n",
		  "3:2: columns must be P0, P1, ... in order: expected P0" },
		{ "AArch64 t\n{ }\n P0 | P1.F | P1 ;\n NOP | NOP | NOP ;\n",
		  "3:7: handler column of P1 before its thread's column" },
		{ "AArch64 t\n{ }\n P0 | P1 | P2 | P3 | P4 ;\n",
		  "3:22: more than 4 threads" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:X1=P0:l\n",
		  "5:13: a code address in a condition is written "
		  "label:\"P0:...\"" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:W1=1\n",
		  "5:10: 'W1' is not a register here: herd names it X1" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 3:X1=1\n",
		  "5:8: no thread P3" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nfilter 0:X1=1\n",
		  "5:1: unsupported 'filter'" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:X1=1 with x:exists\n",
		  "5:15: unsupported 'with'" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nlocations [[x];]\n",
		  "5:12: herd writes a location in 'locations' without "
		  "brackets" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:X1=1 0:X2=2\n",
		  "5:15: expected the end of the condition, found '0'" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:X1=1073741824\n",
		  "5:13: constant does not fit in 30 bits "
		  "(-536870912..536870911)" },
		{ "AArch64 t\n{ 0:X1=instr:\"LDR W0,[X1],#4\"; }\n P0 ;\n",
		  "2:26: unsupported addressing mode (pre- or post-index)" },
		{ "AArch64 t\n(* open\n{ }\n",
		  "2:1: unterminated comment" },
		{ "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:X1=1 \x01\n",
		  "5:15: unexpected byte 0x01" },
		{ "", "1:1: empty file" },
	};

	(void)st;
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
		fails(t[k].src, t[k].want);
}

/* Parentheses, ~ and comments nest at most FC_MAX_NEST levels. */
static void nesting_is_bounded(void **st)
{
	struct gen g = { 0 };
	struct lit l;

	(void)st;
	put(&g, "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists ");
	put_n(&g, "(", FC_MAX_NEST + 50);
	put(&g, "0:X0=0");
	put_n(&g, ")", FC_MAX_NEST + 50);
	parse(&l, g.s);
	assert_null(l.p);
	assert_string_equal(l.d.msg, "nested too deeply (more than 128 "
			    "levels)");
	arena_free(&l.a);

	g.n = 0;
	put(&g, "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists ");
	put_n(&g, "~", FC_MAX_NEST + 50);
	put(&g, "0:X0=0\n");
	parse(&l, g.s);
	assert_null(l.p);
	arena_free(&l.a);

	g.n = 0;
	put(&g, "AArch64 t\n{ }\n P0 ;\n NOP ;\nexists 0:X0=0");
	put_n(&g, " /\\ 0:X0=0", FC_MAX_NEST + 50);
	parse(&l, g.s);
	assert_null(l.p);
	arena_free(&l.a);

	g.n = 0;
	put(&g, "AArch64 t\n");
	put_n(&g, "(*", FC_MAX_NEST + 50);
	put_n(&g, "*)", FC_MAX_NEST + 50);
	put(&g, "{ }\n P0 ;\n NOP ;\n");
	parse(&l, g.s);
	assert_null(l.p);
	assert_string_equal(l.d.msg, "comments nested too deeply (more than "
			    "128 levels)");
	arena_free(&l.a);

	/* at the limit, each loads */
	g.n = 0;
	put(&g, "AArch64 t\n");
	put_n(&g, "(*", FC_MAX_NEST);
	put_n(&g, "*)", FC_MAX_NEST);
	put(&g, "{ }\n P0 ;\n NOP ;\nexists ");
	put_n(&g, "(", FC_MAX_NEST - 1);
	put(&g, "0:X0=0");
	put_n(&g, ")", FC_MAX_NEST - 1);
	must_parse(&l, g.s);
	arena_free(&l.a);
	free(g.s);
}

/* ---- the front end ---------------------------------------------------- */

/*
 * .litmus files go to this reader: a program for the Armv8 model, with
 * what the checker reads of every program (the quantifier, the observed
 * locations) filled in; a bad file gets its error.
 */
static void frontend_row(void **st)
{
	const struct frontend *fe = frontend_for("dir/T.litmus");
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct program *p;

	(void)st;
	assert_non_null(fe);
	assert_ptr_equal(fe->load, litmus_load);
	p = fe->load(&a, "T.litmus", full_src, NULL, NULL, &d);
	assert_non_null(p);
	assert_non_null(p->arm);
	assert_int_equal(p->quant, p->arm->quant);
	assert_int_equal(p->nlocs, p->arm->nobs);
	for (int k = 0; k < p->nlocs; k++)
		assert_string_equal(p->locs[k].text, p->arm->obs[k].text);
	assert_null(fe->load(&a, "T.litmus", "AArch64 t\n{ }\n P0 ;\n "
			     "LDXR W0,[X1] ;\n", NULL, NULL, &d));
	assert_string_equal(d.msg, "unsupported instruction 'LDXR'");
	arena_free(&a);
}

/* ---- herd's catalogue, when HERD_TESTS names it --------------------------- */

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = n >= 0 && n < FC_MAX_FILE_BYTES ? malloc((size_t)n + 1) : NULL;
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

/* Every .litmus under dir, one level of subdirectories deep. */
static void walk(const char *dir, int depth, int *files, int *bad)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		char path[4096];
		struct stat sb;
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb))
			continue;
		if (S_ISDIR(sb.st_mode) && depth < 2) {
			walk(path, depth + 1, files, bad);
		} else if (S_ISREG(sb.st_mode) && n > 7 &&
			   !strcmp(e->d_name + n - 7, ".litmus")) {
			char *src = read_all(path);
			struct arena a = { 0 };
			struct diag d = { 0 };

			(*files)++;
			if (!src || !litmus_parse(&a, path, src, NULL, &d)) {
				print_message("%s:%d:%d: %s\n", path, d.line,
					      d.col, d.msg);
				(*bad)++;
			}
			arena_free(&a);
			free(src);
		}
	}
	closedir(dp);
}

static void herd_catalogue(void **st)
{
	const char *dir = getenv("HERD_TESTS");
	int files = 0, bad = 0;

	(void)st;
	if (!dir || !*dir)
		skip();
	walk(dir, 0, &files, &bad);
	print_message("litmus: %d of %d files under %s parse\n", files - bad,
		      files, dir);
	assert_true(files > 0);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_program),
		cmocka_unit_test(full_slots),
		cmocka_unit_test(full_targets),
		cmocka_unit_test(full_insns_dedup),
		cmocka_unit_test(full_init),
		cmocka_unit_test(full_obs_in_herd_order),
		cmocka_unit_test(full_condition),
		cmocka_unit_test(every_prefix),
		cmocka_unit_test(random_mutations),
		cmocka_unit_test(cache_types),
		cmocka_unit_test(insn_dedup),
		cmocka_unit_test(insn_texts),
		cmocka_unit_test(insn_fields),
		cmocka_unit_test(value_with_label),
		cmocka_unit_test(condition_forms),
		cmocka_unit_test(implies_tree),
		cmocka_unit_test(obs_order),
		cmocka_unit_test(errors),
		cmocka_unit_test(nesting_is_bounded),
		cmocka_unit_test(frontend_row),
		cmocka_unit_test(herd_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
