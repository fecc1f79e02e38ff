/* SPDX-License-Identifier: MIT */
/*
 * test_armv8.c - the relaxed Armv8 model (model/armv8.c) on litmus
 * programs built by hand: the classic shapes with the outcomes Arm's
 * model (herd7 with aarch64.cat) gives them, and state counts worked out
 * by hand for the smallest.  Each semantic rule has a test that fails
 * without it.
 */
#include "helpers.h"

#include "model/arm.h"

struct tb {
	struct aprog a;
	struct program p;
	struct acondition cond[16];
	int ncond;
};

#define X(r) ((uint8_t)(r))
#define NONE AR_NONE

static struct ainsn I(enum ainsn_op op, int rd, int rn, int rm)
{
	struct ainsn in;

	memset(&in, 0, sizeof in);
	in.op = (uint8_t)op;
	in.rd = (uint8_t)rd;
	in.rn = (uint8_t)rn;
	in.rm = (uint8_t)rm;
	in.text = "?";
	return in;
}

static struct ainsn IMM(enum ainsn_op op, int rd, int rn, int imm)
{
	struct ainsn in = I(op, rd, rn, NONE);

	in.imm_op = 1;
	in.imm = imm;
	return in;
}

static struct ainsn BAR(enum ainsn_op op, enum abar b)
{
	struct ainsn in = I(op, NONE, NONE, NONE);

	in.bar = (uint8_t)b;
	return in;
}

static struct ainsn BR(enum ainsn_op op, int rd, int target_slot)
{
	struct ainsn in = I(op, rd, NONE, NONE);

	in.tkind = AT_SLOT;
	in.imm = target_slot;
	return in;
}

/*
 * A kernel scenario's instruction (model/armk.c): address and value are
 * constants (AK_ADDR, AK_VAL), no register is read.
 */
static struct ainsn K(enum ainsn_op op, int rd, aval kaddr, aval kval)
{
	struct ainsn in = I(op, rd, NONE, NONE);

	in.konst = (uint8_t)((op == AI_MOV ? 0 : AK_ADDR) |
			     (op == AI_STR || op == AI_STLR || op == AI_SWP ||
			      op == AI_MOV ? AK_VAL : 0));
	in.kaddr = kaddr;
	in.kval = kval;
	return in;
}

static int add_insn(struct tb *b, struct ainsn in)
{
	assert_true(b->a.ninsns < ARM_MAX_INSNS);
	b->a.insns[b->a.ninsns] = in;
	return b->a.ninsns++;
}

static void tb_init(struct tb *b, int nthreads, int nlocs)
{
	memset(b, 0, sizeof *b);
	b->a.name = "T";
	b->a.nthreads = nthreads;
	b->a.nlocs = nlocs;
	for (int l = 0; l < nlocs; l++)
		b->a.loc_names[l] = l == 0 ? "x" : l == 1 ? "y" : "z";
	for (int t = 0; t < nthreads; t++)
		b->a.threads[t].handler = -1;
	b->a.quant = Q_EXISTS;
	b->p.name = "T";
	b->p.file = "t.litmus";
	b->p.arm = &b->a;
}

/* Thread t's code: n instructions and its end. */
static void tb_code(struct tb *b, int t, int n, const struct ainsn *in)
{
	struct ainsn halt = I(AI_HALT, NONE, NONE, NONE);

	b->a.threads[t].start = b->a.nslots;
	for (int k = 0; k <= n; k++) {
		int s = b->a.nslots++;

		b->a.slot_insn[s] = (uint8_t)add_insn(b, k < n ? in[k] : halt);
		b->a.slot_thread[s] = (uint8_t)t;
	}
}

static int tb_obs_reg(struct tb *b, int t, int r, const char *text)
{
	struct aobs *o = &b->a.obs[b->a.nobs];

	o->thread = t;
	o->reg = r;
	o->text = text;
	b->p.locs[b->a.nobs].text = text;
	b->p.nlocs = b->a.nobs + 1;
	return b->a.nobs++;
}

static int tb_obs_mem(struct tb *b, int loc, const char *text)
{
	struct aobs *o = &b->a.obs[b->a.nobs];

	o->is_mem = 1;
	o->loc = loc;
	o->text = text;
	b->p.locs[b->a.nobs].text = text;
	b->p.nlocs = b->a.nobs + 1;
	return b->a.nobs++;
}

static const struct acondition *tb_eq(struct tb *b, int obs, aval v)
{
	struct acondition *c = &b->cond[b->ncond++];

	c->kind = ACN_EQ;
	c->obs = obs;
	c->val = v;
	return c;
}

static const struct acondition *tb_and(struct tb *b,
				       const struct acondition *x,
				       const struct acondition *y)
{
	struct acondition *c = &b->cond[b->ncond++];

	c->kind = ACN_AND;
	c->a = x;
	c->b = y;
	return c;
}

static void run(struct tb *b, struct result *r)
{
	struct search_limits lim = { 0 };

	b->p.quant = b->a.quant;
	assert_int_equal(check_run(&b->p, "none", &lim, r), 0);
	assert_false(r->incomplete);
}

/* Is an outcome with these values (in obs order) among the results? */
static int has(const struct result *r, int n, ...)
{
	va_list ap;
	uint32_t v[FC_MAX_OUTCOME];

	va_start(ap, n);
	for (int k = 0; k < n; k++)
		v[k] = va_arg(ap, uint32_t);
	va_end(ap);
	for (int k = 0; k < r->noutcomes; k++)
		if (!memcmp(r->outcomes[k].val, v, sizeof v[0] * (size_t)n))
			return 1;
	return 0;
}

#define ONE av_int(1)
#define ZERO av_int(0)
#define LOCV(l) AV_MAKE(AV_LOC, (l))

/*
 * Message passing, x then y, read back y then x: without barriers the
 * reads see y new and x old (Arm allows it); a DMB on each side forbids
 * it (bob); so does an address dependency on the reading side (dob).
 */
enum { MP_PLAIN, MP_DMB, MP_DMB_ADDR, MP_DMB_ONLY_WRITER };

static void mp(int variant, struct result *r)
{
	struct tb b;
	struct ainsn w[4], rd[4];
	int nw = 0, nr = 0;

	tb_init(&b, 2, 2);
	for (int t = 0; t < 2; t++) {
		b.a.reg_init[t][1] = LOCV(0);	/* X1 = x */
		b.a.reg_init[t][3] = LOCV(1);	/* X3 = y */
	}
	b.a.reg_init[0][0] = ONE;
	w[nw++] = I(AI_STR, 0, 1, NONE);
	if (variant != MP_PLAIN)
		w[nw++] = BAR(AI_DMB, AB_FULL);
	w[nw++] = I(AI_STR, 0, 3, NONE);
	rd[nr++] = I(AI_LDR, 2, 3, NONE);
	if (variant == MP_DMB)
		rd[nr++] = BAR(AI_DMB, AB_FULL);
	if (variant == MP_DMB_ADDR) {
		rd[nr++] = I(AI_EOR, 5, 2, 2);		/* X5 = X2 ^ X2 */
		rd[nr] = I(AI_LDR, 4, 1, 5);		/* [X1, X5] */
		rd[nr++].addr = AA_REGREG;
	} else {
		rd[nr++] = I(AI_LDR, 4, 1, NONE);
	}
	tb_code(&b, 0, nw, w);
	tb_code(&b, 1, nr, rd);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	tb_eq(&b, tb_obs_reg(&b, 1, 4, "1:X4"), ZERO);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, r);
}

static void test_mp(void **state)
{
	struct result r;

	(void)state;
	mp(MP_PLAIN, &r);
	assert_int_equal(r.noutcomes, 4);
	assert_true(r.cond_holds);
	check_free(&r);

	mp(MP_DMB, &r);
	assert_int_equal(r.noutcomes, 3);
	assert_false(r.cond_holds);
	assert_false(has(&r, 2, ONE, ZERO));
	check_free(&r);

	mp(MP_DMB_ADDR, &r);
	assert_int_equal(r.noutcomes, 3);
	assert_false(r.cond_holds);
	check_free(&r);

	mp(MP_DMB_ONLY_WRITER, &r);
	assert_true(r.cond_holds);
	check_free(&r);
}

/*
 * One thread, STR x=1 then LDR x: the read forwards from the write
 * before it reaches memory, or reads it from memory after.  By hand:
 * the initial state (both instructions fetched: no store can write the
 * code), W performed, R forwarded, both performed (one state: the read
 * records the write it read, not how) -- 4 states, and the read always
 * sees 1.
 */
static void test_forward_states(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[2] = { I(AI_STR, 0, 1, NONE), I(AI_LDR, 2, 1, NONE) };

	(void)state;
	tb_init(&b, 1, 1);
	b.a.reg_init[0][0] = ONE;
	b.a.reg_init[0][1] = LOCV(0);
	tb_code(&b, 0, 2, c);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.stats.states, 4);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * Coherence of two reads (CoRR): STR x=1 | LDR x; LDR x.  The second
 * read may not see an older write than the first (Exp-haz-ob), so
 * 1 then 0 is forbidden; 0 0, 0 1, 1 1 remain.
 */
static void test_corr(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn w[1] = { I(AI_STR, 0, 1, NONE) };
	struct ainsn rd[2] = { I(AI_LDR, 2, 1, NONE), I(AI_LDR, 4, 1, NONE) };

	(void)state;
	tb_init(&b, 2, 1);
	b.a.reg_init[0][0] = ONE;
	b.a.reg_init[0][1] = LOCV(0);
	b.a.reg_init[1][1] = LOCV(0);
	tb_code(&b, 0, 1, w);
	tb_code(&b, 1, 2, rd);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	tb_eq(&b, tb_obs_reg(&b, 1, 4, "1:X4"), ZERO);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 3);
	assert_false(has(&r, 2, ONE, ZERO));
	check_free(&r);
}

/*
 * Load buffering: LDR x; STR y=1 | LDR y; STR x=1.  Arm allows both
 * reads to see 1; a data dependency from each read to its write forbids
 * it (dob data).
 */
static void lb(int dep, struct result *r)
{
	struct tb b;
	struct ainsn c0[4], c1[4];
	int n = 0;

	tb_init(&b, 2, 2);
	for (int t = 0; t < 2; t++) {
		b.a.reg_init[t][0] = ONE;
		b.a.reg_init[t][1] = LOCV(t == 0 ? 0 : 1);
		b.a.reg_init[t][3] = LOCV(t == 0 ? 1 : 0);
	}
	c0[n] = I(AI_LDR, 2, 1, NONE);
	c1[n++] = I(AI_LDR, 2, 1, NONE);
	if (dep) {
		/* X0 = X2 ^ X2 + 1: depends on the read, still 1 */
		c0[n] = I(AI_EOR, 0, 2, 2);
		c1[n++] = I(AI_EOR, 0, 2, 2);
		c0[n] = IMM(AI_ADD, 0, 0, 1);
		c1[n++] = IMM(AI_ADD, 0, 0, 1);
	}
	c0[n] = I(AI_STR, 0, 3, NONE);
	c1[n++] = I(AI_STR, 0, 3, NONE);
	tb_code(&b, 0, n, c0);
	tb_code(&b, 1, n, c1);
	tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, r);
}

static void test_lb(void **state)
{
	struct result r;

	(void)state;
	lb(0, &r);
	assert_int_equal(r.noutcomes, 4);
	assert_true(r.cond_holds);
	check_free(&r);
	lb(1, &r);
	assert_int_equal(r.noutcomes, 3);
	assert_false(r.cond_holds);
	check_free(&r);
}

/*
 * Instruction fetch: STR NOP over `B L1` at L0, then ISB, then L0.
 * The fetch of L0 may still see the old branch (nothing made the store
 * visible to instruction fetch: no DC CVAU, no IC IVAU), so X9 stays 0
 * sometimes; and it may see the NOP, so X9 becomes 1 sometimes.
 */
static void test_self_modify(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn nop = I(AI_NOP, NONE, NONE, NONE);
	struct ainsn c[4];

	(void)state;
	tb_init(&b, 1, 0);
	c[0] = I(AI_STR, 0, 1, NONE);
	c[1] = I(AI_ISB, NONE, NONE, NONE);
	c[2] = BR(AI_B, NONE, 4);		/* L0: B L1 (slot 4: the end) */
	c[3] = IMM(AI_MOV, 9, NONE, 1);
	tb_code(&b, 0, 4, c);
	b.a.reg_init[0][0] = AV_MAKE(AV_INSN, add_insn(&b, nop));
	b.a.reg_init[0][1] = AV_MAKE(AV_CODE, 2);	/* X1 = P0:L0 */
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 9, "0:X9"), ZERO);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 2);
	assert_true(has(&r, 1, ZERO));
	assert_true(has(&r, 1, ONE));
	check_free(&r);
	(void)tb_obs_mem;
}

#define CODEV(s) AV_MAKE(AV_CODE, (s))

/*
 * Constants (item: konst).  One thread: STR [x] = 1; LDR X2, [x];
 * MOV X9, #5, every address and value a constant, the registers all 0.
 * By hand, as test_forward_states: the initial state, W performed, R
 * forwarded, both (one state) -- 4 states; X2 = 1 (the constant, not
 * X0's 0), X9 = 5.
 */
static void test_konst(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[3] = { K(AI_STR, NONE, LOCV(0), ONE),
			      K(AI_LDR, 2, LOCV(0), 0),
			      K(AI_MOV, 9, 0, av_int(5)) };

	(void)state;
	tb_init(&b, 1, 1);
	tb_code(&b, 0, 3, c);
	tb_obs_reg(&b, 0, 9, "0:X9");
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.stats.states, 4);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 2, av_int(5), ONE));
	check_free(&r);
}

/*
 * A code slot named only by a constant is exported: test_self_modify
 * with STR [L0] = NOP as constants.  Without the slot getting a cell (or
 * NOP being a value the slot may hold) the store leaves the model's
 * bounds and the run is incomplete; with it, X9 is 0 or 1.
 */
static void test_konst_code(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn nop = I(AI_NOP, NONE, NONE, NONE);
	struct ainsn c[4];

	(void)state;
	tb_init(&b, 1, 0);
	c[0] = K(AI_STR, NONE, CODEV(2), 0);
	c[1] = I(AI_ISB, NONE, NONE, NONE);
	c[2] = BR(AI_B, NONE, 4);		/* L0: B L1 */
	c[3] = IMM(AI_MOV, 9, NONE, 1);
	tb_code(&b, 0, 4, c);
	b.a.insns[b.a.slot_insn[0]].kval = AV_MAKE(AV_INSN, add_insn(&b, nop));
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 9, "0:X9"), ZERO);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 2);
	assert_true(has(&r, 1, ZERO));
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/* One more slot, reached by no path: a second mapping of some line. */
static int tb_slot(struct tb *b, int t, int insn)
{
	int s = b->a.nslots++;

	b->a.slot_insn[s] = (uint8_t)insn;
	b->a.slot_thread[s] = (uint8_t)t;
	return s;
}

/*
 * Slot aliases.  P1 runs U: B end; MOV X9, #1; P0 writes NOP to the same
 * line through another address K (slot_alias[K] = 1 + U), fetches
 * coherent (IDC and DIC).  P1's fetch of U reads B (X9 = 0) or NOP
 * (X9 = 1).  Without the alias K is a location of its own and U always
 * holds B: X9 = 0 only.
 */
static void test_alias_write(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn nop = I(AI_NOP, NONE, NONE, NONE);
	struct ainsn c1[2] = { BR(AI_B, NONE, 4), IMM(AI_MOV, 9, NONE, 1) };
	struct ainsn c0[1];
	int u, k;

	(void)state;
	tb_init(&b, 2, 0);
	b.a.cache_type = ACT_IDC | ACT_DIC;
	c0[0] = K(AI_STR, NONE, 0, 0);
	tb_code(&b, 0, 1, c0);			/* slots 0, 1 */
	tb_code(&b, 1, 2, c1);			/* U = 2, 3, end 4 */
	u = b.a.threads[1].start;
	assert_int_equal(u, 2);
	k = tb_slot(&b, 0, b.a.slot_insn[u]);
	b.a.slot_alias[k] = (uint8_t)(1 + u);
	b.a.insns[b.a.slot_insn[0]].kaddr = CODEV(k);
	b.a.insns[b.a.slot_insn[0]].kval = AV_MAKE(AV_INSN, add_insn(&b, nop));
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 9, "1:X9"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 2);
	assert_true(has(&r, 1, ZERO));
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * Maintenance by either address acts on the one line: STR [K] = NOP;
 * DC CVAU [K]; DSB; IC IVAU [U]; DSB; ISB; U: B end; MOV X9, #1, with
 * neither IDC nor DIC.  The whole sequence makes the NOP the only thing
 * the fetch of U may read: X9 = 1 only.  An IC by U that missed K's line
 * (or a U that is not K's line) leaves X9 = 0 possible.
 */
static void test_alias_maint(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn nop = I(AI_NOP, NONE, NONE, NONE);
	struct ainsn c[8];
	int k;

	(void)state;
	tb_init(&b, 1, 0);
	c[0] = K(AI_STR, NONE, 0, 0);
	c[1] = K(AI_DC_CVAU, NONE, 0, 0);
	c[2] = BAR(AI_DSB, AB_FULL);
	c[3] = K(AI_IC_IVAU, NONE, CODEV(6), 0);	/* by U */
	c[4] = BAR(AI_DSB, AB_FULL);
	c[5] = I(AI_ISB, NONE, NONE, NONE);
	c[6] = BR(AI_B, NONE, 8);			/* U */
	c[7] = IMM(AI_MOV, 9, NONE, 1);
	tb_code(&b, 0, 8, c);
	k = tb_slot(&b, 0, b.a.slot_insn[6]);
	b.a.slot_alias[k] = 1 + 6;
	b.a.insns[b.a.slot_insn[0]].kaddr = CODEV(k);
	b.a.insns[b.a.slot_insn[0]].kval = AV_MAKE(AV_INSN, add_insn(&b, nop));
	b.a.insns[b.a.slot_insn[1]].kaddr = CODEV(k);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 9, "0:X9"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/* An awaiting load: performs only when it reads `want`. */
static struct ainsn AWAIT(enum ainsn_op op, int rd, aval kaddr, aval want)
{
	struct ainsn in = K(op, rd, kaddr, 0);

	in.await = 1;
	in.kwant = want;
	return in;
}

/*
 * Await.  Alone, LDR X2, [x] awaiting 1 with x never written can never
 * read: the initial state (the load fetched, nothing performed) is the
 * only state and none is final.  Without the rule the load reads 0: two
 * states, one outcome.
 */
static void test_await_never(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[1] = { AWAIT(AI_LDR, 2, LOCV(0), ONE) };

	(void)state;
	tb_init(&b, 1, 1);
	tb_code(&b, 0, 1, c);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.stats.states, 1);
	assert_int_equal(r.noutcomes, 0);
	check_free(&r);
}

/*
 * STR [x] = 1 | LDR X2, [x] awaiting 1: the load waits for the store.
 * By hand: initial, store performed, load performed -- 3 states, X2 = 1
 * only (without the rule the load may read 0 first: 4 states, 2
 * outcomes).
 */
static void test_await_store(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c0[1] = { K(AI_STR, NONE, LOCV(0), ONE) };
	struct ainsn c1[1] = { AWAIT(AI_LDR, 2, LOCV(0), ONE) };

	(void)state;
	tb_init(&b, 2, 1);
	tb_code(&b, 0, 1, c0);
	tb_code(&b, 1, 1, c1);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.stats.states, 3);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * An await judges the value step_read would take, a forwarded one too:
 * STR [x] = 1; LDR X2, [x] awaiting 0.  Forwarded or from memory the
 * load would read 1: it never performs, no final state.  Without the
 * check on the forwarded value it would read 1 forwarded.
 */
static void test_await_forwarded(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[2] = { K(AI_STR, NONE, LOCV(0), ONE),
			      AWAIT(AI_LDR, 2, LOCV(0), ZERO) };

	(void)state;
	tb_init(&b, 1, 1);
	tb_code(&b, 0, 2, c);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 0);
	check_free(&r);
}

/*
 * An await is a loop whose exit branch depends on the read: what follows
 * has a control dependency on it.  LB with it:
 *   P0: LDR X2, [x]; DMB; STR [y] = 1  |  P1: LDR [y] awaiting 1; STR [x] = 1
 * X2 = 1 would need P1's store before P0's load, which is before P0's
 * store, which P1's await reads before its own store: a cycle.  So X2 = 0
 * only; without the dependency P1's store may go first and X2 = 1 too.
 */
static void test_await_ctrl(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c0[3] = { K(AI_LDR, 2, LOCV(0), 0),
			       BAR(AI_DMB, AB_FULL),
			       K(AI_STR, NONE, LOCV(1), ONE) };
	struct ainsn c1[2] = { AWAIT(AI_LDR, AR_XZR, LOCV(1), ONE),
			       K(AI_STR, NONE, LOCV(0), ONE) };

	(void)state;
	tb_init(&b, 2, 2);
	tb_code(&b, 0, 3, c0);
	tb_code(&b, 1, 2, c1);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ZERO));
	check_free(&r);
}

/*
 * A gated load.  P0: STR [x] = 1; DMB; STR [y] = 1 (x the data, y the
 * PTE) | P1: LDR X2, [x] gated by y.  The load waits until y is 1, and
 * then x is 1: X2 = 1 only.  By hand: initial, W x, W x + W y, and the
 * load -- 4 states (without the gate the load may read 0 early).
 */
static void test_gate_load(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c0[3] = { K(AI_STR, NONE, LOCV(0), ONE),
			       BAR(AI_DMB, AB_FULL),
			       K(AI_STR, NONE, LOCV(1), ONE) };
	struct ainsn c1[1] = { K(AI_LDR, 2, LOCV(0), 0) };

	(void)state;
	tb_init(&b, 2, 2);
	c1[0].gate = 1 + 1;
	tb_code(&b, 0, 3, c0);
	tb_code(&b, 1, 1, c1);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.stats.states, 4);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * A gate opened only by the thread's own po-later write stays closed
 * for the access before it: LDR X2, [x] gated by y; STR [y] = 1.  The
 * store may perform first (R->W to another location is not ordered),
 * but the load's view of y leaves it out: no final state.  Reading the
 * newest write whatever its thread would let the load go: 1 outcome.
 */
static void test_gate_own_later(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[2] = { K(AI_LDR, 2, LOCV(0), 0),
			      K(AI_STR, NONE, LOCV(1), ONE) };

	(void)state;
	tb_init(&b, 1, 2);
	c[0].gate = 1 + 1;
	tb_code(&b, 0, 2, c);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ZERO);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 0);
	check_free(&r);
}

/*
 * A gated fetch (slot_gate).  P0: STR [x] = 1; DMB; STR [y] = 1 | P1:
 * U: LDR X2, [x], U's fetch gated by y.  The load comes after its fetch
 * (f-ob), the fetch after y = 1, so the load sees x = 1: X2 = 1 only.
 * Without the gate the whole of P1 may run first: X2 = 0 too.
 */
static void test_gate_fetch(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c0[3] = { K(AI_STR, NONE, LOCV(0), ONE),
			       BAR(AI_DMB, AB_FULL),
			       K(AI_STR, NONE, LOCV(1), ONE) };
	struct ainsn c1[1] = { K(AI_LDR, 2, LOCV(0), 0) };

	(void)state;
	tb_init(&b, 2, 2);
	tb_code(&b, 0, 3, c0);
	tb_code(&b, 1, 1, c1);
	b.a.slot_gate[b.a.threads[1].start] = 1 + 1;
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * SWP atomicity: P0 and P1 each SWP X2, [x] writing 1.  Each reads the
 * newest write and puts its own right after it, so they never both read
 * 0: outcomes (0, 1) and (1, 0).  By hand: initial, P0's, P1's, and the
 * two orders of both (the values read differ) -- 5 states.
 */
static void test_swp_atomic(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[1] = { K(AI_SWP, 2, LOCV(0), ONE) };

	(void)state;
	tb_init(&b, 2, 1);
	tb_code(&b, 0, 1, c);
	tb_code(&b, 1, 1, c);
	tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ZERO);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ZERO);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, &r);
	assert_int_equal(r.stats.states, 5);
	assert_int_equal(r.noutcomes, 2);
	assert_false(r.cond_holds);
	assert_true(has(&r, 2, ZERO, ONE));
	assert_true(has(&r, 2, ONE, ZERO));
	check_free(&r);
}

/*
 * spin_lock as armk.c compiles it: SWPA [lock] awaiting 0, writing 1;
 * LDR X2, [x]; STR [x] = 1; STLR [lock] = 0, on two CPUs.  Mutual
 * exclusion: one of them reads x = 0, never both.  Without the await the
 * second SWP takes a held lock; without its acquire the load may run
 * before it: (0, 0) either way.
 */
static void test_swp_lock(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[4] = { AWAIT(AI_SWP, 9, LOCV(1), ZERO),
			      K(AI_LDR, 2, LOCV(0), 0),
			      K(AI_STR, NONE, LOCV(0), ONE),
			      K(AI_STLR, NONE, LOCV(1), ZERO) };

	(void)state;
	c[0].konst |= AK_VAL;
	c[0].kval = ONE;
	c[0].acq = 1;
	tb_init(&b, 2, 2);
	tb_code(&b, 0, 4, c);
	tb_code(&b, 1, 4, c);
	tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ZERO);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ZERO);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 2);
	assert_false(r.cond_holds);
	check_free(&r);
}

/*
 * A SWP after an own store to its location: herd's read could be
 * forwarded from the store before the store performs, which performing
 * read and write at once does not give: the run must end incomplete.
 * With STLR before SWPA (spin_unlock, spin_lock) the store is ordered
 * before the read too: exact, X2 = 1.
 */
static void test_swp_after_store(void **state)
{
	struct tb b;
	struct result r;
	struct search_limits lim = { 0 };
	struct ainsn c[2] = { K(AI_STR, NONE, LOCV(0), ONE),
			      K(AI_SWP, 2, LOCV(0), av_int(2)) };

	(void)state;
	tb_init(&b, 1, 1);
	tb_code(&b, 0, 2, c);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	b.p.quant = b.a.quant;
	assert_int_equal(check_run(&b.p, "none", &lim, &r), 0);
	assert_true(r.incomplete);
	check_free(&r);

	c[0].op = AI_STLR;
	c[1].acq = 1;
	tb_init(&b, 1, 1);
	tb_code(&b, 0, 2, c);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 2, "0:X2"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * SWPL is a release: P0: STR [x] = 1; SWPL [y] = 1 | P1: LDR X2, [y];
 * DMB; LDR X4, [x].  y new and x old is forbidden (3 outcomes); a plain
 * SWP allows it (4).
 */
static void swp_mp(int rel, struct result *r)
{
	struct tb b;
	struct ainsn c0[2] = { K(AI_STR, NONE, LOCV(0), ONE),
			       K(AI_SWP, 9, LOCV(1), ONE) };
	struct ainsn c1[3] = { K(AI_LDR, 2, LOCV(1), 0),
			       BAR(AI_DMB, AB_FULL),
			       K(AI_LDR, 4, LOCV(0), 0) };

	c0[1].rel = (uint8_t)rel;
	tb_init(&b, 2, 2);
	tb_code(&b, 0, 2, c0);
	tb_code(&b, 1, 3, c1);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	tb_eq(&b, tb_obs_reg(&b, 1, 4, "1:X4"), ZERO);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, r);
}

static void test_swp_release(void **state)
{
	struct result r;

	(void)state;
	swp_mp(1, &r);
	assert_int_equal(r.noutcomes, 3);
	assert_false(r.cond_holds);
	check_free(&r);
	swp_mp(0, &r);
	assert_int_equal(r.noutcomes, 4);
	assert_true(r.cond_holds);
	check_free(&r);
}

/*
 * Thread t's interrupt handler: an entry awaiting [pending] == want, the
 * code, ERET (and the column's end).  Returns the first slot of the
 * code after the entry.
 */
static int tb_irq(struct tb *b, int t, aval pending, aval want, int n,
		  const struct ainsn *code)
{
	struct athread *at = &b->a.threads[t];
	struct ainsn c[16];

	assert_true(n + 2 <= 16);
	c[0] = AWAIT(AI_IRQ_ENTRY, NONE, pending, want);
	for (int k = 0; k < n; k++)
		c[1 + k] = code[k];
	c[n + 1] = I(AI_ERET, NONE, NONE, NONE);
	{
		int start = at->start;

		tb_code(b, t, n + 2, c);	/* sets start: put it back */
		at->irq[at->nirqs++].start = at->start;
		at->start = start;
	}
	return at->irq[at->nirqs - 1].start + 1;
}

/*
 * An interrupt, taken or not.  P0 has no code; its handler (entry
 * awaiting [x] == 0, which holds) does MOV X9, #1.  By hand: the initial
 * state (the guess "here or not" pending), not taken (the end decoded:
 * final), taken (entry, MOV, ERET back to the end decoded), the entry
 * performed (final) -- 4 states; X9 is 0 or 1.  Taking a handler more
 * than once would loop until the bound on instances: incomplete.
 */
static void test_irq_taken_or_not(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn h[1] = { IMM(AI_MOV, 9, NONE, 1) };

	(void)state;
	tb_init(&b, 1, 1);
	tb_code(&b, 0, 0, NULL);
	tb_irq(&b, 0, LOCV(0), ZERO, 1, h);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 9, "0:X9"), ONE);
	run(&b, &r);
	assert_int_equal(r.stats.states, 4);
	assert_int_equal(r.noutcomes, 2);
	check_free(&r);
}

/*
 * The entry comes after every po-earlier read.  P0: STR [p] = 1; LDAR
 * [d] awaiting 1; STR [z] = 1 | P1: LDR X2, [z], its handler: entry
 * awaiting [p] == 1; MOV X7, X2; STR [d] = 1.  Taken after the load,
 * the load performed before the entry, hence before P0's store to z:
 * X2 = X7 = 0.  Taken before it, X7 keeps X2's initial 5 and the load
 * reads 0 or 1.  (1, 1) would need the load after the entry.
 */
static void test_irq_after_reads(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c0[3] = { K(AI_STR, NONE, LOCV(0), ONE),
			       AWAIT(AI_LDAR, 9, LOCV(1), ONE),
			       K(AI_STR, NONE, LOCV(2), ONE) };
	struct ainsn c1[1] = { K(AI_LDR, 2, LOCV(2), 0) };
	struct ainsn h[2] = { I(AI_MOV, 7, NONE, 2),
			      K(AI_STR, NONE, LOCV(1), ONE) };

	(void)state;
	tb_init(&b, 2, 3);
	tb_code(&b, 0, 3, c0);
	tb_code(&b, 1, 1, c1);
	tb_irq(&b, 1, LOCV(0), ONE, 2, h);
	b.a.reg_init[1][2] = av_int(5);
	tb_eq(&b, tb_obs_reg(&b, 1, 2, "1:X2"), ONE);
	tb_eq(&b, tb_obs_reg(&b, 1, 7, "1:X7"), ONE);
	b.a.cond = tb_and(&b, &b.cond[0], &b.cond[1]);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 3);
	assert_true(has(&r, 2, ZERO, ZERO));
	assert_true(has(&r, 2, ZERO, av_int(5)));
	assert_true(has(&r, 2, ONE, av_int(5)));
	assert_false(r.cond_holds);
	check_free(&r);
}

/*
 * The handler's fetches come after its entry.  P0 publishes NOP over
 * U's `B L` in P1's handler (STR; DC CVAU; DSB; IC IVAU; DSB), then
 * STR [p] = 1 and waits for [d] == 1.  P1's handler: entry awaiting
 * [p] == 1; U: B L; MOV X9, #1; L: STR [d] = 1.  The entry reads p = 1,
 * so the IC has completed, and U's fetch, after the entry, reads the
 * NOP: X9 = 1 only.  Were the fetch free to run early, it could read B
 * (X9 = 0).  A run where P1 takes no interrupt leaves P0 waiting: no
 * final state.
 */
static void test_irq_fetch_after_entry(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn nop = I(AI_NOP, NONE, NONE, NONE);
	struct ainsn c0[7];
	struct ainsn h[3];
	int u;

	(void)state;
	tb_init(&b, 2, 2);
	tb_code(&b, 1, 0, NULL);			/* P1: slot 0, the end */
	h[0] = BR(AI_B, NONE, 0);			/* U: B L, set below */
	h[1] = IMM(AI_MOV, 9, NONE, 1);
	h[2] = K(AI_STR, NONE, LOCV(1), ONE);		/* L */
	u = tb_irq(&b, 1, LOCV(0), ONE, 3, h);
	b.a.insns[b.a.slot_insn[u]].imm = u + 2;
	c0[0] = K(AI_STR, NONE, CODEV(u), 0);
	c0[0].kval = AV_MAKE(AV_INSN, add_insn(&b, nop));
	c0[1] = K(AI_DC_CVAU, NONE, CODEV(u), 0);
	c0[2] = BAR(AI_DSB, AB_FULL);
	c0[3] = K(AI_IC_IVAU, NONE, CODEV(u), 0);
	c0[4] = BAR(AI_DSB, AB_FULL);
	c0[5] = K(AI_STR, NONE, LOCV(0), ONE);
	c0[6] = AWAIT(AI_LDR, 8, LOCV(1), ONE);
	tb_code(&b, 0, 7, c0);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 9, "1:X9"), ONE);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/*
 * An interrupt between an indirect branch and its target.  P0: LDR X1,
 * [x] (x holds L1); BR X1; L1: MOV X5, #1; B end; L2: MOV X5, #2; end.
 * The handler: entry (awaiting [p] == 0: at once); MOV X7, X1; ADR X1,
 * L2; MOV X5, #3.  By where it is taken (X5, X7):
 *   not at all, or before the LDR         (1, 0)
 *   between LDR and BR (BR goes to L2)    (2, L1)
 *   between BR and L1 (BR went to L1)     (1, L1)
 *   after L1's MOV, or later              (3, L1)
 * BR's target is guessed (X1 waits for the read); the third row needs
 * an interrupt taken with that guess, returning to the guessed target.
 */
static void test_irq_after_indirect(void **state)
{
	struct tb b;
	struct result r;
	struct ainsn c[5] = { K(AI_LDR, 1, LOCV(0), 0),
			      I(AI_BR, NONE, 1, NONE),
			      IMM(AI_MOV, 5, NONE, 1),		/* L1 = 2 */
			      BR(AI_B, NONE, 5),
			      IMM(AI_MOV, 5, NONE, 2) };	/* L2 = 4 */
	struct ainsn h[3] = { I(AI_MOV, 7, NONE, 1), BR(AI_ADR, 1, 4),
			      IMM(AI_MOV, 5, NONE, 3) };

	(void)state;
	tb_init(&b, 1, 2);
	tb_code(&b, 0, 5, c);
	tb_irq(&b, 0, LOCV(1), ZERO, 3, h);
	b.a.loc_init[0] = CODEV(2);
	tb_obs_reg(&b, 0, 5, "0:X5");
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 0, 7, "0:X7"), CODEV(2));
	run(&b, &r);
	assert_int_equal(r.noutcomes, 4);
	assert_true(has(&r, 2, ONE, ZERO));
	assert_true(has(&r, 2, av_int(2), CODEV(2)));
	assert_true(has(&r, 2, ONE, CODEV(2)));
	assert_true(has(&r, 2, av_int(3), CODEV(2)));
	check_free(&r);
}

/*
 * The stale-fetch oracle.  P1 runs U (a user mapping: judged, gated by
 * the PTE y): B L; MOV X9, #1; L:.  P0 writes NOP there through its own
 * mapping K (an alias of U), then sets the PTE: STR [y] = 1, with the
 * maintenance sequence (DC CVAU; DSB; IC IVAU; DSB) in between or not.
 * The PTE write publishes the line as it is then.  Without maintenance
 * P1 may fetch B after the NOP was published: a stale fetch.  With it,
 * the IC has completed before the PTE is set and every fetch through U
 * reads the NOP: no violation, X9 = 1 only.
 */
static void stale_tb(int maint, struct tb *bp)
{
	struct tb b;
	struct ainsn nop = I(AI_NOP, NONE, NONE, NONE);
	struct ainsn c0[6];
	struct ainsn c1[2] = { BR(AI_B, NONE, 2), IMM(AI_MOV, 9, NONE, 1) };
	int n = 0, u, k;

	tb_init(&b, 2, 1);
	c1[0].text = "exec U";
	tb_code(&b, 1, 2, c1);			/* U = 0, 1, L = 2 */
	u = 0;
	k = tb_slot(&b, 0, b.a.slot_insn[u]);	/* K = 3 */
	b.a.slot_alias[k] = 1 + u;
	b.a.slot_gate[u] = 1 + 0;
	b.a.slot_judged[u] = 1;
	c0[n] = K(AI_STR, NONE, CODEV(k), 0);
	c0[n++].kval = AV_MAKE(AV_INSN, add_insn(&b, nop));
	if (maint) {
		c0[n++] = K(AI_DC_CVAU, NONE, CODEV(k), 0);
		c0[n++] = BAR(AI_DSB, AB_FULL);
		c0[n++] = K(AI_IC_IVAU, NONE, CODEV(k), 0);
		c0[n++] = BAR(AI_DSB, AB_FULL);
	}
	c0[n] = K(AI_STR, NONE, LOCV(0), ONE);
	c0[n++].text = "pte.set U";
	c0[0].text = "write U";
	tb_code(&b, 0, n, c0);
	b.p.check = 1u << OR_STALE_FETCH;
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 9, "1:X9"), ONE);
	*bp = b;
	bp->p.arm = &bp->a;
	/* the condition's atoms point into b's own cond[] */
	bp->a.cond = &bp->cond[b.a.cond - b.cond];
}

static void stale(int maint, struct result *r)
{
	static struct tb b;

	stale_tb(maint, &b);
	run(&b, r);
}

static void test_stale_fetch(void **state)
{
	struct result r;

	(void)state;
	stale(0, &r);
	assert_true(r.violated & (1u << OR_STALE_FETCH));
	check_free(&r);
	stale(1, &r);
	assert_false(r.violated & (1u << OR_STALE_FETCH));
	assert_int_equal(r.noutcomes, 1);
	assert_true(has(&r, 1, ONE));
	check_free(&r);
}

/* Every note of every step of a small program, with its violations. */
struct notes {
	int n;
	struct { char text[160]; int agent; unsigned viol; } e[512];
	uint8_t *next;			/* one state, copied out */
	size_t size;
	int nst;
	uint8_t *seen;			/* the states met, one after another */
};

static void note_emit(void *ctx, const uint8_t *next, unsigned viol,
		      const struct step_note *note)
{
	struct notes *ns = ctx;
	int k;

	assert_non_null(note);
	if (ns->n < 512) {
		snprintf(ns->e[ns->n].text, sizeof ns->e[0].text, "%s",
			 note->text);
		ns->e[ns->n].agent = note->agent;
		ns->e[ns->n++].viol = viol;
	}
	for (k = 0; k < ns->nst; k++)
		if (!memcmp(ns->seen + (size_t)k * ns->size, next, ns->size))
			return;
	assert_true(ns->nst < 256);
	memcpy(ns->seen + (size_t)ns->nst++ * ns->size, next, ns->size);
}

static void all_notes(const struct program *p, struct notes *ns)
{
	struct model *m = model_new(p, 0, NULL, 0);

	assert_non_null(m);
	ns->size = model_state_size(m);
	ns->seen = calloc(256, ns->size);
	assert_non_null(ns->seen);
	model_initial(m, ns->seen);
	ns->nst = 1;
	for (int k = 0; k < ns->nst; k++)
		model_successors(m, ns->seen + (size_t)k * ns->size, note_emit,
				 ns, MODEL_NOTES | MODEL_EVERY_STEP);
	free(ns->seen);
	model_free(m);
}

static int has_note(const struct notes *ns, const char *text, int agent,
		    unsigned viol)
{
	for (int k = 0; k < ns->n; k++)
		if (!strcmp(ns->e[k].text, text) && ns->e[k].agent == agent &&
		    ns->e[k].viol == viol)
			return 1;
	return 0;
}

/*
 * Notes for reports: the kernel op, then what happened.  In stale(0):
 * P0's store through K ("write U  (write NOP)"), its PTE write
 * ("pte.set U  (write 1)"), and P1's fetch of U: old and stale after
 * the publication, old (before the NOP's publication) or new otherwise.
 */
static void test_notes(void **state)
{
	static struct tb b;
	static struct notes ns;

	(void)state;
	stale_tb(0, &b);
	memset(&ns, 0, sizeof ns);
	all_notes(&b.p, &ns);
	assert_true(has_note(&ns, "write U  (write NOP)", 0, 0));
	assert_true(has_note(&ns, "pte.set U  (write 1)", 0, 0));
	assert_true(has_note(&ns, "exec U  (fetch: old, stale)", 1,
			     1u << OR_STALE_FETCH));
	assert_true(has_note(&ns, "exec U  (fetch: new)", 1, 0));
	assert_true(has_note(&ns, "exec U  (fetch: old)", 1, 0));
}

/*
 * With constant stores a slot may hold only what is written there.  P1
 * runs four NOPs S1..S4; P0 writes MOV X9, #1 and #2 to S1, #3 and #4 to
 * S2, #5 and #6 to S3, #7 to S4 (fetches coherent).  Each slot may hold
 * its NOP and its own values: X9 is whatever the last slot that fetched
 * a MOV set, 0 to 7 -- 8 outcomes.  Giving every slot every instruction
 * the program holds (herd's rule, for stores through registers) is 9
 * candidates a slot: refused.
 */
static void test_konst_candidates(void **state)
{
	static struct tb b;
	struct result r;
	struct ainsn nops[4], c0[7];

	(void)state;
	tb_init(&b, 2, 0);
	b.a.cache_type = ACT_IDC | ACT_DIC;
	for (int k = 0; k < 4; k++)
		nops[k] = I(AI_NOP, NONE, NONE, NONE);
	tb_code(&b, 1, 4, nops);		/* S1..S4 = 0..3 */
	for (int k = 0; k < 7; k++) {
		int v = add_insn(&b, IMM(AI_MOV, 9, NONE, k + 1));

		c0[k] = K(AI_STR, NONE, CODEV(k / 2), AV_MAKE(AV_INSN, v));
	}
	tb_code(&b, 0, 7, c0);
	b.a.cond = tb_eq(&b, tb_obs_reg(&b, 1, 9, "1:X9"), ZERO);
	run(&b, &r);
	assert_int_equal(r.noutcomes, 8);
	for (int k = 0; k <= 7; k++)
		assert_true(has(&r, 1, av_int(k)));
	check_free(&r);
}

/*
 * The kernel fields must name things that exist: the model refuses a
 * gate that is no location, an alias chain that loops, and a handler
 * that does not start with its entry.
 */
static void test_kernel_refusals(void **state)
{
	static struct tb b;
	struct ainsn c[1] = { K(AI_LDR, 2, LOCV(0), 0) };
	char err[128];

	(void)state;
	tb_init(&b, 1, 1);
	c[0].gate = 1 + 1;			/* location 1: none */
	tb_code(&b, 0, 1, c);
	assert_null(model_new(&b.p, 0, err, sizeof err));
	assert_non_null(strstr(err, "gate"));

	tb_init(&b, 1, 1);
	c[0].gate = 0;
	tb_code(&b, 0, 1, c);
	b.a.slot_alias[0] = 1 + 1;
	b.a.slot_alias[1] = 1 + 0;
	assert_null(model_new(&b.p, 0, err, sizeof err));
	assert_non_null(strstr(err, "alias"));

	tb_init(&b, 1, 1);
	tb_code(&b, 0, 1, c);
	b.a.threads[0].nirqs = 1;
	b.a.threads[0].irq[0].start = 0;	/* the LDR */
	assert_null(model_new(&b.p, 0, err, sizeof err));
	assert_non_null(strstr(err, "interrupt"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mp),
		cmocka_unit_test(test_forward_states),
		cmocka_unit_test(test_corr),
		cmocka_unit_test(test_lb),
		cmocka_unit_test(test_self_modify),
		cmocka_unit_test(test_konst),
		cmocka_unit_test(test_konst_code),
		cmocka_unit_test(test_konst_candidates),
		cmocka_unit_test(test_alias_write),
		cmocka_unit_test(test_alias_maint),
		cmocka_unit_test(test_await_never),
		cmocka_unit_test(test_await_store),
		cmocka_unit_test(test_await_forwarded),
		cmocka_unit_test(test_await_ctrl),
		cmocka_unit_test(test_gate_load),
		cmocka_unit_test(test_gate_own_later),
		cmocka_unit_test(test_gate_fetch),
		cmocka_unit_test(test_swp_atomic),
		cmocka_unit_test(test_swp_lock),
		cmocka_unit_test(test_swp_release),
		cmocka_unit_test(test_swp_after_store),
		cmocka_unit_test(test_irq_taken_or_not),
		cmocka_unit_test(test_irq_after_reads),
		cmocka_unit_test(test_irq_fetch_after_entry),
		cmocka_unit_test(test_irq_after_indirect),
		cmocka_unit_test(test_stale_fetch),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_kernel_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
