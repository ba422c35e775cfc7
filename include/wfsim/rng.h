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
/* 64 random bits from r: one lane of the keyed generator's block, or two gsl_rng_get
 * outputs of another generator, which must then return full 32-bit words (min 0, max
 * 2^32 - 1).  For samplers that take their bits whole (the exponential's ziggurat). */
uint64_t wf_rng_u64(gsl_rng *r);
/* Positions r (allocated with wf_rng_keyed) at the start of the stream named by k. */
void wf_rng_rekey(gsl_rng *r, const struct wf_rng_key *k);
/* A stable 64-bit hash of a name (FNV-1a then a mixer): the draw site of a step or attribute.
 * Its low 8 bits are zero, so xoring a WF_DRAW_* purpose or WF_SITE_ATTRIBUTES into it gives
 * distinct sites, and it is never one of the fixed sites 1, 2, 3. */
uint64_t wf_rng_site(const char *name);
/* The bare Philox2x64-10 block function behind wf_rng_keyed (for known-answer tests). */
void wf_rng_philox(const uint64_t ctr[2], uint64_t key, uint64_t out[2]);

#endif
