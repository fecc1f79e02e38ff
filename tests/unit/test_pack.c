/* SPDX-License-Identifier: MIT */
/*
 * test_pack.c - packing states to their masks (explore/pack.h): exact both
 * ways, the same packed form with PEXT as by fields, and as small as the
 * masks allow.
 */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "explore/pack.h"

/* A state that respects mask: random bits within it. */
static void random_state(const uint8_t *mask, size_t n, uint8_t *s,
			 unsigned *seed)
{
	for (size_t i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		s[i] = (uint8_t)(*seed >> 16) & mask[i];
	}
}

static unsigned popcount(const uint8_t *mask, size_t n)
{
	unsigned c = 0;

	for (size_t i = 0; i < n; i++)
		c += (unsigned)__builtin_popcount(mask[i]);
	return c;
}

/* pack then unpack gives the state back, with fields and (if the CPU has
 * it) PEXT, and both give the same bytes. */
static void round_trip(const uint8_t *mask, size_t n)
{
	struct pack a, b;
	unsigned seed = 7;
	uint8_t s[256], t[256], pa[256], pb[256];

	assert_true(n <= sizeof s);
	assert_int_equal(pack_init(&a, n, mask), 0);
	assert_int_equal(pack_init(&b, n, mask), 0);
	pack_no_pext(&b);
	assert_int_equal(a.psize, popcount(mask, n) ? (popcount(mask, n) + 7) / 8
						    : 1);
	for (int k = 0; k < 2000; k++) {
		random_state(mask, n, s, &seed);
		if (k == 0)
			memset(s, 0, n);
		if (k == 1)
			memcpy(s, mask, n);	/* every bit set */
		assert_true(pack_fits(&a, s));
		memset(pa, 0xaa, sizeof pa);
		memset(pb, 0x55, sizeof pb);
		pack_state(&a, s, pa);
		pack_state(&b, s, pb);
		assert_memory_equal(pa, pb, a.psize);
		/* nothing written past psize */
		assert_int_equal(pa[a.psize], 0xaa);
		memset(t, 0xff, sizeof t);
		pack_unpack(&a, pa, t);
		assert_memory_equal(s, t, n);
		memset(t, 0xff, sizeof t);
		pack_unpack(&b, pb, t);
		assert_memory_equal(s, t, n);
	}
	pack_free(&a);
	pack_free(&b);
}

static void masks_of_every_shape(void **st)
{
	/* low runs, single high bits (a dirty bit), split runs, empty and
	 * full bytes, across word boundaries */
	static const uint8_t m1[] = { 0x07, 0x00, 0x81, 0xff, 0x5a, 0x3f, 0x01,
				      0x80, 0xf0, 0x0f, 0x03, 0xc3, 0x7f };
	uint8_t m2[200], m3[24], m4[9];

	(void)st;
	round_trip(m1, sizeof m1);
	for (size_t i = 0; i < sizeof m2; i++)
		m2[i] = (uint8_t)(i * 37 + (i >> 3));
	round_trip(m2, sizeof m2);
	memset(m3, 0xff, sizeof m3);	/* whole 64-bit words */
	round_trip(m3, sizeof m3);
	m3[3] = 0x7f;			/* one bit short: words straddle */
	round_trip(m3, sizeof m3);
	memset(m4, 0, sizeof m4);	/* nothing varies: one byte */
	round_trip(m4, sizeof m4);
	m4[8] = 0x80;
	round_trip(m4, sizeof m4);
}

static void packs_to_the_bits(void **st)
{
	/* 3 + 1 + 2 + 8 bits: 14 bits, 2 bytes; state byte 1 ends in bit 3 */
	static const uint8_t mask[] = { 0x07, 0x80, 0x03, 0xff, 0x00 };
	static const uint8_t s[] = { 0x05, 0x80, 0x02, 0xa5, 0x00 };
	struct pack pk;
	uint8_t out[2], bad[5];

	(void)st;
	assert_int_equal(pack_init(&pk, sizeof mask, mask), 0);
	assert_int_equal(pk.psize, 2);
	pack_state(&pk, s, out);
	/* bits in order: 101 (byte 0), 1 (byte 1), 01 (byte 2), 10100101 */
	assert_int_equal(out[0] | out[1] << 8, 0x5 | 1 << 3 | 2 << 4 | 0xa5 << 6);
	memcpy(bad, s, sizeof bad);
	bad[4] = 1;
	assert_false(pack_fits(&pk, bad));
	bad[4] = 0;
	bad[1] = 0x81;
	assert_false(pack_fits(&pk, bad));
	pack_free(&pk);
}

static void no_masks_no_packing(void **st)
{
	struct pack pk;
	uint8_t s[5] = { 1, 2, 3, 0xff, 0 }, p[5], t[5];

	(void)st;
	assert_int_equal(pack_init(&pk, sizeof s, NULL), 0);
	assert_int_equal(pk.psize, sizeof s);
	pack_state(&pk, s, p);
	assert_memory_equal(p, s, sizeof s);
	pack_unpack(&pk, p, t);
	assert_memory_equal(t, s, sizeof s);
	assert_true(pack_fits(&pk, s));
	pack_free(&pk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks_of_every_shape),
		cmocka_unit_test(packs_to_the_bits),
		cmocka_unit_test(no_masks_no_packing),
	};

	return cmocka_run_group_tests_name("pack", tests, NULL, NULL);
}
