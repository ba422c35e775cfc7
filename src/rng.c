/* Keyed random streams: Philox2x64-10 (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC'11) behind a gsl_rng_type.  The 5-word key fills 160 bits of Philox's key and
 * counter and the other half of the first counter word walks the stream, so reaching any
 * stream costs a few instructions, never a jump-ahead, and no stream depends on what another
 * one drew. */
#include <stdint.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "wfsim/rng.h"

/* Philox (Salmon et al.) is chosen over SplitMix-style counter hashing because it is a
 * published, peer-reviewed design that passes TestU01 BigCrush for every key, including the
 * plain sequential keys and counters it was built for (thread ids, iteration numbers), whereas
 * SplitMix64 streams of one gamma are shifted copies of each other.  So the stream name needs
 * no costly hashing, only an encoding that keeps keys apart.  The 2x64 variant with the
 * recommended 10 rounds (BigCrush needs 6) gives the same 128 bits per block from one 64x64
 * multiply per round where 4x32 needs two 32x32 ones and twice the shuffling: 50 rather than
 * 140 instructions a block, and a desk model draws a block for nearly every event. */
#define PHILOX_W	0x9E3779B97F4A7C15ull

/* The 5-word key becomes 192 bits of Philox input (key and both counter words; rng.h's
 * wf_rng_state_rekey sets the counter):
 *   key        a strong 64-bit hash of (seed, replication), cached as its round keys: it
 *              changes once per replication, so rekeying in the hot loop skips it
 *   ctr[0]     case_no, low 32 bits, in the high half; the low half numbers the blocks of
 *              the stream (2^32 blocks of 128 bits: far beyond any step visit)
 *   ctr[1]     site ^ visit * G1 ^ (case_no >> 32) * G2, with G1, G2 odd
 * Keys that differ in one word always name different streams (each word enters through a
 * bijection, the others fixed).  Otherwise two keys share a stream only if their (seed,
 * replication) hashes collide (2^-64) or, within a replication, site ^ visit * G1 of two draw
 * purposes coincide, which needs two 56-bit site hashes to differ by a product of G1 (about
 * 2^-56 per pair); within one site it cannot happen below 2^20 visits, as multiples of the
 * golden-ratio G1 stay at least 2^43 apart. */

static void
round_keys(uint64_t key, uint64_t rk[10])
{
	int i;

	for (i = 0; i < 10; i++, key += PHILOX_W)
		rk[i] = key;
}

void
wf_rng_philox(const uint64_t ctr[2], uint64_t key, uint64_t out[2])
{
	uint64_t rk[10];

	round_keys(key, rk);
	wf_rng_philox_rk(ctr, rk, out);
}

/* The SplitMix64 finalizer (Stafford's variant 13): a bijection of 64-bit words with full
 * avalanche, for the (seed, replication) key and the draw-site names. */
static inline uint64_t
mix_a(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* The key: a strong 64-bit hash of (seed, replication), and its round keys. */
void
wf_rng_state_key(struct wf_rng_state *s, uint64_t seed, uint64_t replication)
{
	uint64_t h = mix_a(mix_a(0x243F6A8885A308D3ull ^ seed) ^ replication);

	s->seed = seed;
	s->replication = replication;
	round_keys(h, s->rk);
}

static unsigned long
keyed_get(void *vstate)
{
	struct wf_rng_state *s = vstate;
	unsigned i;

	if (s->idx == 4)
		wf_rng_state_refill(s);
	i = s->idx++;
	return (unsigned long)(uint32_t)(s->out[i >> 1] >> (32 * (i & 1)));
}

static double
keyed_get_double(void *vstate)
{
	return wf_rng_state_double(vstate);
}

/* gsl_rng_set(r, s) (and gsl_rng_alloc, with GSL's default seed) names the stream (s, 0, 0, 0, 0). */
static void
keyed_set(void *vstate, unsigned long seed)
{
	wf_rng_state_key(vstate, seed, 0);
	wf_rng_state_restart(vstate, 0, 0, 0);
}

static const gsl_rng_type keyed_type = {
	"wf_philox2x64_10",
	0xffffffffUL,
	0,
	sizeof(struct wf_rng_state),
	keyed_set,
	keyed_get,
	keyed_get_double
};

const gsl_rng_type *wf_rng_keyed = &keyed_type;

/* FNV-1a of the name, then mix_a so that similar names (step1, step2) spread over all bits.
 * The low 8 bits are cleared: the WF_DRAW_* purposes xored into a step's site then never
 * carry into other bits, so a step's purposes are distinct sites, and since the upper 56
 * bits are never all zero, no site (xored with a purpose or WF_SITE_ATTRIBUTES or not) is
 * one of the fixed sites 1, 2, 3.  Two names share a site with probability 2^-56. */
uint64_t
wf_rng_site(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	uint64_t h = 0xCBF29CE484222325ull;

	for (; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001B3ull;
	}
	h = mix_a(h) & ~(uint64_t)0xFF;
	if (h == 0)
		h = 0x100;
	return h;
}
