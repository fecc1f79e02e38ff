/* SPDX-License-Identifier: MIT */
/*
 * armasm.c - an Armv8 program (model/arm.h) printed as assembly, thread
 * by thread: what `--show-armv8` shows of a kernel scenario compiled for
 * the relaxed model (model/armk.c), so that a kernel developer can check
 * the instructions his ops became against the kernel's own.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

#include "../model/arm.h"
#include "../model/armv8.h"

/* ORDER AI */
static const char *const mnemonic[AI_COUNT] = {
	"(end)", "NOP", "MOV", "ADD", "SUB", "EOR", "AND", "ORR", "CMP",
	"CSET", "CSEL", "ADR", "LDR", "LDAR", "STR", "STLR", "B", "B.", "CBZ",
	"CBNZ", "BL", "BLR", "BR", "RET", "DC CVAU", "IC IVAU", "IC IALLU",
	"IC IALLUIS", "DSB", "DMB", "ISB", "MSR ELR_EL1", "ERET", "SWP",
	"(interrupt)",
};

/* ORDER AC */
static const char *const cond_name[AC_COUNT] = {
	"EQ", "NE", "CS", "CC", "MI", "PL", "VS", "VC", "HI", "LS", "GE",
	"LT", "GT", "LE", "AL",
};

static const char *const bar_name[] = { "ISH", "ISHLD", "ISHST", "NSH" };

static void reg(FILE *f, int r)
{
	if (r == AR_XZR)
		fputs("XZR", f);
	else if (r == AR_ELR)
		fputs("ELR_EL1", f);
	else
		fprintf(f, "X%d", r);
}

static void value(FILE *f, const struct aprog *a, aval v)
{
	char buf[96];

	aval_text(a, v, buf, sizeof buf);
	fputs(buf, f);
}

static void target(FILE *f, const struct aprog *a, const struct ainsn *in)
{
	if (in->tkind == AT_REL)
		fprintf(f, ".%+d", in->imm * 4);
	else if (in->imm >= 0 && in->imm < a->nslots && a->slot_label[in->imm])
		fputs(a->slot_label[in->imm], f);
	else
		fprintf(f, "@%d", in->imm);
}

static void address(FILE *f, const struct aprog *a, const struct ainsn *in)
{
	fputc('[', f);
	if (in->konst & AK_ADDR) {
		value(f, a, in->kaddr);
	} else {
		reg(f, in->rn);
		if (in->addr == AA_IMM && in->imm)
			fprintf(f, ", #%d", in->imm);
		else if (in->addr == AA_REGREG) {
			fputs(", ", f);
			reg(f, in->rm);
		}
	}
	fputc(']', f);
}

static void operand2(FILE *f, const struct aprog *a, const struct ainsn *in)
{
	if (in->konst & AK_VAL)
		value(f, a, in->kval);
	else if (in->imm_op)
		fprintf(f, "#%d", in->imm);
	else
		reg(f, in->rm);
}

static void insn(FILE *f, const struct aprog *a, const struct ainsn *in)
{
	enum ainsn_op op = (enum ainsn_op)in->op;

	fputs(mnemonic[op], f);
	switch (op) {
	case AI_HALT: case AI_NOP: case AI_ISB: case AI_ERET:
	case AI_IC_IALLU: case AI_IC_IALLUIS: case AI_COUNT:
		break;
	case AI_RET:
		if (in->rn != AR_NONE) {
			fputc(' ', f);
			reg(f, in->rn);
		}
		break;
	case AI_MOV:
		fputc(' ', f);
		reg(f, in->rd);
		fputs(", ", f);
		operand2(f, a, in);
		break;
	case AI_ADD: case AI_SUB: case AI_EOR: case AI_AND: case AI_ORR:
	case AI_CSEL:
		fputc(' ', f);
		reg(f, in->rd);
		fputs(", ", f);
		reg(f, in->rn);
		fputs(", ", f);
		operand2(f, a, in);
		if (op == AI_CSEL)
			fprintf(f, ", %s", cond_name[in->cond % AC_COUNT]);
		break;
	case AI_CMP:
		fputc(' ', f);
		reg(f, in->rn);
		fputs(", ", f);
		operand2(f, a, in);
		break;
	case AI_CSET:
		fputc(' ', f);
		reg(f, in->rd);
		fprintf(f, ", %s", cond_name[in->cond % AC_COUNT]);
		break;
	case AI_ADR: case AI_B: case AI_BL:
		fputc(' ', f);
		if (op == AI_ADR) {
			reg(f, in->rd);
			fputs(", ", f);
		}
		target(f, a, in);
		break;
	case AI_BCOND:
		fprintf(f, "%s ", cond_name[in->cond % AC_COUNT]);
		target(f, a, in);
		break;
	case AI_CBZ: case AI_CBNZ:
		fputc(' ', f);
		reg(f, in->rd);
		fputs(", ", f);
		target(f, a, in);
		break;
	case AI_BLR: case AI_BR:
		fputc(' ', f);
		reg(f, in->rn);
		break;
	case AI_LDR: case AI_LDAR: case AI_STR: case AI_STLR: case AI_SWP:
		if (op == AI_SWP)
			fprintf(f, "%s%s", in->acq ? "A" : "", in->rel ? "L" : "");
		fputc(' ', f);
		if ((op == AI_STR || op == AI_STLR || op == AI_SWP) &&
		    (in->konst & AK_VAL)) {
			value(f, a, in->kval);
			if (op == AI_SWP) {
				fputs(", ", f);
				reg(f, in->rd);
			}
		} else {
			reg(f, in->rd);
		}
		fputs(", ", f);
		address(f, a, in);
		break;
	case AI_DC_CVAU: case AI_IC_IVAU:
		fputs(", ", f);
		address(f, a, in);
		break;
	case AI_DSB: case AI_DMB:
		fprintf(f, " %s", bar_name[in->bar & 3]);
		break;
	case AI_MSR_ELR:
		fputs(", ", f);
		reg(f, in->rd);
		break;
	case AI_IRQ_ENTRY:
		fputs(" reads ", f);
		address(f, a, in);
		break;
	}
	if (in->await) {
		fputs("  (waits for ", f);
		value(f, a, in->kwant);
		fputc(')', f);
	}
	if (in->gate)
		fprintf(f, "  (through %s)", a->loc_names[in->gate - 1]);
}

/* From slot s to the end of its column (an end, or a return). */
static void column(FILE *f, const struct aprog *a, int s)
{
	for (; s < a->nslots; s++) {
		const struct ainsn *in = &a->insns[a->slot_insn[s]];

		fprintf(f, "  %-10s ", a->slot_label[s] ? a->slot_label[s] : "");
		fprintf(f, "@%-3d ", s);
		insn(f, a, in);
		if (in->text && *in->text)
			fprintf(f, "\t\t; %s", in->text);
		fputc('\n', f);
		if (in->op == AI_HALT || in->op == AI_ERET)
			return;
	}
}

void report_arm_program(FILE *f, const struct aprog *a)
{
	fprintf(f, "Armv8 program %s (%d CPUs, CTR_EL0.IDC=%d DIC=%d)\n",
		a->name ? a->name : "", a->nthreads,
		!!(a->cache_type & ACT_IDC), !!(a->cache_type & ACT_DIC));
	for (int l = 0; l < a->nlocs; l++) {
		fprintf(f, "  location %s = ", a->loc_names[l]);
		value(f, a, a->loc_init[l]);
		fputc('\n', f);
	}
	for (int s = 0; s < a->nslots; s++) {
		if (!a->slot_alias[s] && !a->slot_gate[s])
			continue;
		fprintf(f, "  line %s", a->slot_label[s] ? a->slot_label[s] : "?");
		if (a->slot_alias[s])
			fprintf(f, " is %s", a->slot_label[a->slot_alias[s] - 1]);
		if (a->slot_gate[s])
			fprintf(f, ", fetched through %s",
				a->loc_names[a->slot_gate[s] - 1]);
		fputs(", holds ", f);
		insn(f, a, &a->insns[a->slot_insn[s]]);
		fputc('\n', f);
	}
	for (int t = 0; t < a->nthreads; t++) {
		fprintf(f, "P%d:\n", t);
		column(f, a, a->threads[t].start);
		for (int k = 0; k < a->threads[t].nirqs; k++) {
			fprintf(f, "P%d, interrupt %d:\n", t, k);
			column(f, a, a->threads[t].irq[k].start);
		}
	}
}
