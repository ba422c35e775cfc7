/* Keyed random streams: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC'11) behind a gsl_rng_type.  The 5-word key fills 160 bits of Philox's key and
 * counter and the remaining counter word walks the stream, so reaching any stream costs a few
 * instructions, never a jump-ahead, and no stream depends on what another one drew. */
#include <stdint.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "wfsim/rng.h"

/* Philox4x32-10 is chosen over SplitMix-style counter hashing because it is a published,
 * peer-reviewed design that passes TestU01 BigCrush for every key, including the plain
 * sequential keys and counters it was built for (thread ids, iteration numbers), whereas
 * SplitMix64 streams of one gamma are shifted copies of each other.  So the stream name needs
 * no costly hashing, only an encoding that keeps keys apart; ten rounds cost about as much as
 * two taus2 steps for four 32-bit outputs. */
#define PHILOX_M0	0xD2511F53u
#define PHILOX_M1	0xCD9E8D57u
#define PHILOX_W0	0x9E3779B9u
#define PHILOX_W1	0xBB67AE85u

/* The 5-word key becomes 160 bits of Philox input (key and counter words 1-3); counter word 0
 * numbers the blocks of the stream (2^32 blocks of four words: far beyond any step visit).
 *   key[0..1]  a strong 64-bit hash of (seed, replication), cached: it changes once per
 *              replication, so rekeying in the hot loop skips it
 *   ctr[1]     case_no, low 32 bits
 *   ctr[2..3]  site ^ visit * G1 ^ (case_no >> 32) * G2, with G1, G2 odd
 * Keys that differ in one word always name different streams (each word enters through a
 * bijection, the others fixed).  Otherwise two keys share a stream only if their (seed,
 * replication) hashes collide (2^-64) or, within a replication, site ^ visit * G1 of two draw
 * purposes coincide, which needs two 56-bit site hashes to differ by a product of G1 (about
 * 2^-56 per pair); within one site it cannot happen below 2^20 visits, as multiples of the
 * golden-ratio G1 stay at least 2^43 apart. */
struct keyed_state {
	uint32_t key[2];
	uint32_t ctr[4];
	uint32_t out[4];	/* the current block's four outputs */
	unsigned idx;		/* next unused output; 4 = block exhausted */
	uint64_t seed, replication;	/* what key[] was hashed from */
};

static inline void
philox_round(uint32_t c[4], const uint32_t k[2])
{
	uint64_t p0 = (uint64_t)PHILOX_M0 * c[0];
	uint64_t p1 = (uint64_t)PHILOX_M1 * c[2];
	uint32_t x0 = (uint32_t)(p1 >> 32) ^ c[1] ^ k[0];
	uint32_t x2 = (uint32_t)(p0 >> 32) ^ c[3] ^ k[1];

	c[0] = x0;
	c[1] = (uint32_t)p1;
	c[2] = x2;
	c[3] = (uint32_t)p0;
}

void
wf_rng_philox(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
	uint32_t c[4] = { ctr[0], ctr[1], ctr[2], ctr[3] };
	uint32_t k[2] = { key[0], key[1] };
	int i;

	/* A fixed trip count and no data-dependent branch: unrolled, the rounds pipeline. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 10
#endif
	for (i = 0; i < 10; i++) {
		philox_round(c, k);
		k[0] += PHILOX_W0;
		k[1] += PHILOX_W1;
	}
	out[0] = c[0];
	out[1] = c[1];
	out[2] = c[2];
	out[3] = c[3];
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

static void
hash_prefix(struct keyed_state *s, uint64_t seed, uint64_t replication)
{
	uint64_t h = mix_a(mix_a(0x243F6A8885A308D3ull ^ seed) ^ replication);

	s->seed = seed;
	s->replication = replication;
	s->key[0] = (uint32_t)h;
	s->key[1] = (uint32_t)(h >> 32);
}

static inline void
key_set(struct keyed_state *s, const struct wf_rng_key *k)
{
	uint64_t hi;

	/* Taken once per replication: a well-predicted branch. */
	if (k->seed != s->seed || k->replication != s->replication)
		hash_prefix(s, k->seed, k->replication);
	hi = k->site ^ k->visit * 0x9E3779B97F4A7C15ull ^ (k->case_no >> 32) * 0xD1B54A32D192ED03ull;
	s->ctr[0] = 0;
	s->ctr[1] = (uint32_t)k->case_no;
	s->ctr[2] = (uint32_t)hi;
	s->ctr[3] = (uint32_t)(hi >> 32);
	s->idx = 4;		/* block 0 is computed on the first draw, keeping rekey cheap */
}

static inline void
keyed_refill(struct keyed_state *s)
{
	wf_rng_philox(s->ctr, s->key, s->out);
	s->ctr[0]++;
	s->idx = 0;
}

static unsigned long
keyed_get(void *vstate)
{
	struct keyed_state *s = vstate;

	if (s->idx == 4)
		keyed_refill(s);
	return s->out[s->idx++];
}

/* 53 bits, so every double in [0, 1) on the 2^-53 grid is equally likely; never 1.  It can
 * be 0 (probability 2^-53): gsl_ran_exponential uses log1p(-u), and GSL's samplers that need
 * u > 0 call gsl_rng_uniform_pos, which redraws. */
static double
keyed_get_double(void *vstate)
{
	struct keyed_state *s = vstate;
	uint32_t hi, lo;

	/* Two words of one block, one test: a word left over by an odd number of get() calls
	 * is skipped, which keeps a double's two halves in one block and the path short. */
	if (s->idx > 2)
		keyed_refill(s);
	hi = s->out[s->idx];
	lo = s->out[s->idx + 1];
	s->idx += 2;
	return (double)(((uint64_t)hi << 21) | (lo >> 11)) * 0x1.0p-53;
}

/* gsl_rng_set(r, s) (and gsl_rng_alloc, with GSL's default seed) names the stream (s, 0, 0, 0, 0). */
static void
keyed_set(void *vstate, unsigned long seed)
{
	struct keyed_state *s = vstate;
	struct wf_rng_key k = { seed, 0, 0, 0, 0 };

	hash_prefix(s, seed, 0);
	key_set(s, &k);
}

static const gsl_rng_type keyed_type = {
	"wf_philox4x32_10",
	0xffffffffUL,
	0,
	sizeof(struct keyed_state),
	keyed_set,
	keyed_get,
	keyed_get_double
};

const gsl_rng_type *wf_rng_keyed = &keyed_type;

void
wf_rng_rekey(gsl_rng *r, const struct wf_rng_key *k)
{
	key_set(r->state, k);
}

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
