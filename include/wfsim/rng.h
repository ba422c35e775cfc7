/* Keyed random streams.  Every draw in a simulation comes from a stream named by
 * (seed, replication, case number, draw site, visit): a counter-based generator (Philox2x64-10)
 * turns the key and a block counter into 128 random bits, so a stream is reached in O(1)
 * (about a nanosecond) without generating the ones before it.  This is what makes results independent of the thread count and gives
 * common random numbers across models (a draw site is a hash of a step id, not its index).
 * The generator is exposed as a gsl_rng_type so every GSL sampler can use it. */
#ifndef WFSIM_RNG_H
#define WFSIM_RNG_H
#include <stdint.h>
#include <gsl/gsl_rng.h>

struct wf_rng_key {
	uint64_t seed;
	uint64_t replication;
	uint64_t case_no;
	uint64_t site;		/* wf_rng_site() of a name, or a fixed site constant */
	uint64_t visit;
};

/* Fixed draw sites that do not belong to a step. */
enum {
	WF_SITE_ARRIVAL = 1,	/* interarrival times and thinning */
	WF_SITE_ATTRIBUTES = 2,	/* base site of attribute draws (xor the attribute's hash) */
	WF_SITE_BACKLOG = 3
};
/* Purposes within a step visit, xored into the site so that duration, routing, error ... of
 * one visit are independent streams and adding a review to a step does not shift its
 * durations. */
enum {
	WF_DRAW_DURATION = 0x10, WF_DRAW_ROUTE = 0x20, WF_DRAW_ERROR = 0x30, WF_DRAW_REVIEW = 0x40,
	WF_DRAW_EXCEPTION = 0x50, WF_DRAW_MAX_WAIT = 0x60
};

/* The keyed generator type: gsl_rng_alloc(wf_rng_keyed) then wf_rng_rekey before use. */
extern const gsl_rng_type *wf_rng_keyed;

/* The keyed generator's state (r->state).  It is here only so that rekeying and drawing, a
 * few times an event, compile inline past GSL's function pointers; use the functions below. */
struct wf_rng_state {
	uint64_t rk[10];	/* Philox's round keys, from a hash of (seed, replication) */
	uint64_t ctr[2];	/* the counter of the next block */
	uint64_t out[2];	/* the current block: four 32-bit words, low half first */
	unsigned idx;		/* next unused 32-bit word; 4 = block exhausted */
	uint64_t seed, replication;	/* what rk was made from */
};
/* Makes the round keys of (seed, replication). */
void wf_rng_state_key(struct wf_rng_state *s, uint64_t seed, uint64_t replication);

/* The high and low 64 bits of a * b. */
static inline uint64_t
wf_rng_mulhilo(uint64_t a, uint64_t b, uint64_t *hi)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 u128;
	u128 p = (u128)a * b;

	*hi = (uint64_t)(p >> 64);
	return (uint64_t)p;
#else
	uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;

	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return (mid << 32) | (uint32_t)p00;
#endif
}

/* Philox2x64-10 under the round keys rk (the key schedule, computed once a replication). */
static inline void
wf_rng_philox_rk(const uint64_t ctr[2], const uint64_t rk[10], uint64_t out[2])
{
	uint64_t c0 = ctr[0], c1 = ctr[1];
	int i;

	/* A fixed trip count and no data-dependent branch: unrolled, the rounds pipeline. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 10
#endif
	for (i = 0; i < 10; i++) {
		uint64_t hi, lo = wf_rng_mulhilo(0xD2B74407B1CE6E93ull, c0, &hi);

		c0 = hi ^ rk[i] ^ c1;
		c1 = lo;
	}
	out[0] = c0;
	out[1] = c1;
}

/* Computes the block at ctr into out and moves ctr on.  Inline: the draw that follows takes
 * its lane from a register, not through memory just written. */
static inline void
wf_rng_state_refill(struct wf_rng_state *s)
{
	wf_rng_philox_rk(s->ctr, s->rk, s->out);
	s->ctr[0]++;
	s->idx = 0;
}

/* The stream k: the (seed, replication) hash is kept (it changes once a replication, a
 * well-predicted branch); case_no and site and visit make the counter (see rng.c), which
 * wf_rng_state_restart sets alone for a caller that keeps to one (seed, replication):
 *   ctr[0]  case_no's low 32 bits in the high half; the low half numbers the stream's blocks
 *   ctr[1]  site ^ visit * G1 ^ (case_no >> 32) * G2, with G1, G2 odd. */
static inline void
wf_rng_state_restart(struct wf_rng_state *s, uint64_t case_no, uint64_t site, uint64_t visit)
{
	s->ctr[0] = (uint64_t)(uint32_t)case_no << 32;
	s->ctr[1] = site ^ visit * 0x9E3779B97F4A7C15ull ^ (case_no >> 32) * 0xD1B54A32D192ED03ull;
	s->idx = 4;		/* block 0 is computed on the first draw, keeping rekey cheap */
}

static inline void
wf_rng_state_rekey(struct wf_rng_state *s, const struct wf_rng_key *k)
{
	if (k->seed != s->seed || k->replication != s->replication)
		wf_rng_state_key(s, k->seed, k->replication);
	wf_rng_state_restart(s, k->case_no, k->site, k->visit);
}

/* The next unused 64-bit lane of the block: a 32-bit word left over by an odd number of
 * 32-bit draws is skipped, which keeps the path to one test. */
static inline uint64_t
wf_rng_state_lane(struct wf_rng_state *s)
{
	unsigned w = (s->idx + 1) >> 1;

	if (w > 1) {
		wf_rng_state_refill(s);
		w = 0;
	}
	s->idx = 2 * w + 2;
	return s->out[w];
}

/* 53 bits, so every double in [0, 1) on the 2^-53 grid is equally likely; never 1.  It can
 * be 0 (probability 2^-53): the exponential sampler's tail takes log(1 - u), and GSL's
 * samplers that need u > 0 call gsl_rng_uniform_pos, which redraws. */
static inline double
wf_rng_state_double(struct wf_rng_state *s)
{
	return (double)(wf_rng_state_lane(s) >> 11) * 0x1.0p-53;	/* the top 53 bits */
}

/* Positions r (allocated with wf_rng_keyed) at the start of the stream named by k. */
static inline void
wf_rng_rekey(gsl_rng *r, const struct wf_rng_key *k)
{
	wf_rng_state_rekey(r->state, k);
}

/* gsl_rng_uniform(r), inline for the keyed generator. */
static inline double
wf_rng_uniform(gsl_rng *r)
{
	return r->type == wf_rng_keyed ? wf_rng_state_double(r->state) : gsl_rng_uniform(r);
}

/* 64 random bits from r: one lane of the keyed generator's block, or two gsl_rng_get
 * outputs of another generator, which must then return full 32-bit words (min 0, max
 * 2^32 - 1).  For samplers that take their bits whole (the exponential's ziggurat). */
static inline uint64_t
wf_rng_u64(gsl_rng *r)
{
	uint64_t hi;

	if (r->type == wf_rng_keyed)
		return wf_rng_state_lane(r->state);
	hi = gsl_rng_get(r);
	return hi << 32 | gsl_rng_get(r);
}
/* A stable 64-bit hash of a name (FNV-1a then a mixer): the draw site of a step or attribute.
 * Its low 8 bits are zero, so xoring a WF_DRAW_* purpose or WF_SITE_ATTRIBUTES into it gives
 * distinct sites, and it is never one of the fixed sites 1, 2, 3. */
uint64_t wf_rng_site(const char *name);
/* The bare Philox2x64-10 block function behind wf_rng_keyed (for known-answer tests). */
void wf_rng_philox(const uint64_t ctr[2], uint64_t key, uint64_t out[2]);

#endif
