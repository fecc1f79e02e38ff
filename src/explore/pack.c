/* SPDX-License-Identifier: MIT */
/*
 * pack.c - packing states to the bits the model says they use (pack.h).
 *
 * Both ways build the packed form in 64-bit words, then copy out psize
 * bytes: a field or a word's extracted bits land in word pos / 64 and,
 * past its end, the next.  The accumulator stays in a register and each
 * word is stored once, so that no store waits on the one before.
 */
#include "pack.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_PEXT 1
#endif

#define WORD_BITS 64	/* bits of the words packing works in */
_Static_assert(sizeof(uint64_t) * CHAR_BIT == WORD_BITS, "uint64_t words");

/* Words of a state, of a packed state (one spare for an overflow). */
#define SWORDS(pk) (((pk)->size + 7) / 8)
#define PWORDS(pk) (((pk)->psize + 7) / 8 + 1)

int pack_init(struct pack *pk, size_t size, const uint8_t *mask)
{
	uint32_t pos = 0;
	size_t nwords = (size + 7) / 8;

	memset(pk, 0, sizeof *pk);
	pk->size = pk->psize = size;
	if (!mask)
		return 0;
	pk->mask = calloc(nwords * 8 + 1, 1);
	/* at most 4 runs of 1s in a byte */
	pk->f = malloc((size ? size : 1) * 4 * sizeof *pk->f);
	pk->wi = malloc((nwords + 1) * sizeof *pk->wi);
	pk->wm = malloc((nwords + 1) * sizeof *pk->wm);
	pk->wc = malloc(nwords + 1);
	if (!pk->mask || !pk->f || !pk->wi || !pk->wm || !pk->wc) {
		pack_free(pk);
		return -1;
	}
	memcpy(pk->mask, mask, size);
	for (size_t i = 0; i < size; i++)
		for (unsigned b = 0; b < 8;) {
			unsigned w = 0;

			if (!(mask[i] >> b & 1)) {
				b++;
				continue;
			}
			while (b + w < 8 && (mask[i] >> (b + w) & 1))
				w++;
			pk->f[pk->nf++] = (struct pack_field){
				.off = (uint32_t)i, .shift = (uint8_t)b,
				.width = (uint8_t)w,
				.at = (uint8_t)(pos % WORD_BITS),
				.last = pos % WORD_BITS + w >= WORD_BITS,
				.word = pos / WORD_BITS };
			pos += w;
			b += w;
		}
	pk->nbits = pos;
	pk->psize = (pos + 7) / 8;
	if (!pk->psize)
		pk->psize = 1;	/* a one-state space still has a state */
	for (size_t j = 0; j < nwords; j++) {
		uint64_t m;

		memcpy(&m, pk->mask + 8 * j, 8);	/* zero past size */
		if (!m)
			continue;
		pk->wi[pk->nw] = (uint32_t)j;
		pk->wm[pk->nw] = m;
		pk->wc[pk->nw++] = (uint8_t)__builtin_popcountll(m);
	}
#ifdef HAVE_PEXT
	{
		const uint16_t one = 1;
		uint8_t lo;

		memcpy(&lo, &one, 1);	/* little-endian: the same packed form */
		pk->pext = lo && __builtin_cpu_supports("bmi2");
	}
#endif
	return 0;
}

void pack_free(struct pack *pk)
{
	free(pk->f);
	free(pk->mask);
	free(pk->wi);
	free(pk->wm);
	free(pk->wc);
	memset(pk, 0, sizeof *pk);
}

void pack_no_pext(struct pack *pk)
{
	pk->pext = 0;
}

#ifdef HAVE_PEXT
/* Word j of state s; the last, partial one by the 8 bytes ending at the
 * state's end, shifted down (little-endian), when the state has 8. */
static inline uint64_t load_word(const struct pack *pk, const uint8_t *s,
				 size_t j)
{
	uint64_t x = 0;
	size_t left = pk->size - 8 * j;

	if (left >= 8) {
		memcpy(&x, s + 8 * j, 8);
	} else if (pk->size >= 8) {
		memcpy(&x, s + pk->size - 8, 8);
		x >>= 8 * (8 - left);
	} else {
		memcpy(&x, s + 8 * j, left);
	}
	return x;
}

__attribute__((target("bmi2")))
static void pack_words(const struct pack *pk, const uint8_t *s, uint64_t *out)
{
	uint64_t acc = 0;
	unsigned n = 0, o = 0;

	for (uint32_t k = 0; k < pk->nw; k++) {
		uint64_t p = _pext_u64(load_word(pk, s, pk->wi[k]), pk->wm[k]);
		unsigned c = pk->wc[k];

		acc |= p << n;
		n += c;
		if (n >= WORD_BITS) {
			out[o++] = acc;
			n -= WORD_BITS;
			acc = n ? p >> (c - n) : 0;
		}
	}
	out[o] = acc;
}

/* Every word of the state, the masked ones deposited from the stream. */
__attribute__((target("bmi2")))
static void unpack_words(const struct pack *pk, const uint64_t *in,
			 uint8_t *s)
{
	size_t nwords = SWORDS(pk), tail = pk->size % 8;
	uint64_t prev = 0;
	unsigned n = 0, o = 0;
	uint32_t k = 0;

	for (size_t j = 0; j < nwords; j++) {
		uint64_t x = 0;

		if (k < pk->nw && pk->wi[k] == j) {
			unsigned c = pk->wc[k];
			uint64_t p = in[o] >> n;

			if (n && n + c > WORD_BITS)
				p |= in[o + 1] << (WORD_BITS - n);
			x = _pdep_u64(p, pk->wm[k++]);
			n += c;
			if (n >= WORD_BITS) {
				o++;
				n -= WORD_BITS;
			}
		}
		if (j + 1 < nwords || !tail) {
			memcpy(s + 8 * j, &x, 8);
		} else if (pk->size >= 8) {
			/* the 8 bytes ending at the end: the word before's
			 * top bytes, then this one's */
			x = prev >> (8 * tail) | x << (8 * (8 - tail));
			memcpy(s + pk->size - 8, &x, 8);
		} else {
			memcpy(s, &x, tail);
		}
		prev = x;
	}
}
#endif

/*
 * n bytes from src to dst in 8-byte moves, which compile to single loads
 * and stores where a memcpy() of a run-time length is a call: the last
 * move ends at the end, overlapping the one before.
 */
static inline void copy_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	if (n < 8) {
		memcpy(dst, src, n);
		return;
	}
	for (i = 0; i + 8 <= n; i += 8)
		memcpy(dst + i, src + i, 8);
	if (i < n)
		memcpy(dst + n - 8, src + n - 8, 8);
}

void pack_state(const struct pack *pk, const uint8_t *s, uint8_t *out)
{
	uint64_t w[PWORDS(pk)], acc = 0;

	if (!pk->f) {
		memcpy(out, s, pk->size);
		return;
	}
#ifdef HAVE_PEXT
	if (pk->pext) {
		pack_words(pk, s, w);
		copy_bytes(out, (const uint8_t *)w, pk->psize);
		return;
	}
#endif
	w[0] = 0;
	for (uint32_t k = 0; k < pk->nf; k++) {
		const struct pack_field *f = &pk->f[k];
		uint64_t v = (uint64_t)(s[f->off] >> f->shift) &
			     ((1u << f->width) - 1);

		acc |= v << f->at;
		if (f->last) {
			w[f->word] = acc;
			/* the bits that did not fit begin the next word */
			acc = f->at + f->width > WORD_BITS
				? v >> (WORD_BITS - f->at) : 0;
		}
	}
	if (pk->nbits % WORD_BITS)
		w[pk->nbits / WORD_BITS] = acc;
	copy_bytes(out, (const uint8_t *)w, pk->psize);
}

void pack_unpack(const struct pack *pk, const uint8_t *in, uint8_t *s)
{
	uint64_t w[PWORDS(pk)];

	if (!pk->f) {
		memcpy(s, in, pk->size);
		return;
	}
	w[PWORDS(pk) - 2] = w[PWORDS(pk) - 1] = 0;
	copy_bytes((uint8_t *)w, in, pk->psize);
#ifdef HAVE_PEXT
	if (pk->pext) {
		unpack_words(pk, w, s);
		return;
	}
#endif
	memset(s, 0, pk->size);
	for (uint32_t k = 0; k < pk->nf; k++) {
		const struct pack_field *f = &pk->f[k];
		uint64_t v = w[f->word] >> f->at;

		if (f->at + f->width > WORD_BITS)
			v |= w[f->word + 1] << (WORD_BITS - f->at);
		s[f->off] |= (uint8_t)((v & ((1u << f->width) - 1)) << f->shift);
	}
}

int pack_fits(const struct pack *pk, const uint8_t *s)
{
	if (!pk->f)
		return 1;
	for (size_t i = 0; i < pk->size; i++)
		if (s[i] & ~pk->mask[i])
			return 0;
	return 1;
}
