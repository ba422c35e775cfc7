/* Tests of the keyed generator: known answers of the Philox block function, reproducibility,
 * independence of streams whose keys differ in one word, uniformity, and rekeying.
 * Statistical tolerances are 4 standard errors (or p > 1e-4); the keys are fixed, so every
 * outcome is deterministic. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "wfsim/rng.h"
#include "testutil.h"

static const struct wf_rng_key base_key = { 20261125, 7, 12345, 0xABCDEF00, 2 };

static gsl_rng *
keyed(const struct wf_rng_key *k)
{
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);

	wf_rng_rekey(r, k);
	return r;
}

/* Known-answer vectors of Philox2x64-10 from Random123's kat_vectors. */
START_TEST(test_philox_kat)
{
	static const struct {
		uint64_t ctr[2], key, out[2];
	} kat[] = {
		{ { 0, 0 }, 0, { 0xca00a0459843d731ull, 0x66c24222c9a845b5ull } },
		{ { ~0ull, ~0ull }, ~0ull, { 0x65b021d60cd8310full, 0x4d02f3222f86df20ull } },
		{ { 0x243f6a8885a308d3ull, 0x13198a2e03707344ull }, 0xa4093822299f31d0ull,
		  { 0x0a5e742c2997341cull, 0xb0f883d38000de5dull } },
	};
	size_t i;
	int j;

	for (i = 0; i < sizeof(kat) / sizeof(kat[0]); i++) {
		uint64_t out[2];

		wf_rng_philox(kat[i].ctr, kat[i].key, out);
		for (j = 0; j < 2; j++)
			ck_assert_msg(out[j] == kat[i].out[j],
				      "vector %zu word %d: %016llx, expected %016llx", i, j,
				      (unsigned long long)out[j], (unsigned long long)kat[i].out[j]);
	}
}
END_TEST

START_TEST(test_type)
{
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);

	ck_assert_uint_eq(gsl_rng_max(r), 0xffffffffUL);
	ck_assert_uint_eq(gsl_rng_min(r), 0);
	ck_assert_str_eq(gsl_rng_name(r), "wf_philox2x64_10");
	gsl_rng_free(r);
}
END_TEST

START_TEST(test_same_key_same_sequence)
{
	gsl_rng *a = keyed(&base_key), *b = keyed(&base_key);
	int i;

	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(gsl_rng_get(a), gsl_rng_get(b));
	for (i = 0; i < 1000; i++)
		ck_assert(gsl_rng_uniform(a) == gsl_rng_uniform(b));
	gsl_rng_free(a);
	gsl_rng_free(b);
}
END_TEST

/* Sample correlation of n pairs of uniforms; under independence its sd is 1/sqrt(n). */
static double
correlation(gsl_rng *a, gsl_rng *b, int n)
{
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
	int i;

	for (i = 0; i < n; i++) {
		double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);

		sx += x;
		sy += y;
		sxx += x * x;
		syy += y * y;
		sxy += x * y;
	}
	return (sxy - sx * sy / n) / sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
}

/* Each word of the key, changed alone by one, names a different and uncorrelated stream. */
START_TEST(test_one_word_differs)
{
	const int n = 100000;
	struct wf_rng_key k = base_key;
	uint64_t *w[5] = { &k.seed, &k.replication, &k.case_no, &k.site, &k.visit };
	gsl_rng *a, *b;
	int same = 0, i;
	double rho;

	*w[_i] += 1;
	a = keyed(&base_key);
	b = keyed(&k);
	for (i = 0; i < 100; i++)
		same += gsl_rng_get(a) == gsl_rng_get(b);
	/* 100 equal 32-bit words by chance: expected 100 / 2^32. */
	ck_assert_int_le(same, 1);
	wf_rng_rekey(a, &base_key);
	wf_rng_rekey(b, &k);
	rho = correlation(a, b, n);
	ck_assert_msg(fabs(rho) < 4 / sqrt(n), "word %d: correlation %g", _i, rho);
	gsl_rng_free(a);
	gsl_rng_free(b);
}
END_TEST

/* Word _i of the key, counting up, as the engine uses it (case numbers, visits, replications;
 * seeds and sites too): the first draws of consecutive streams are uncorrelated (|r| < 4 /
 * sqrt(n)) and uniform over 100 bins (chi-square p > 1e-4).  Philox is built for such plain
 * counters; this pins that the encoding of the key keeps that property. */
START_TEST(test_consecutive_streams)
{
	enum { BINS = 100, N = 1000000 };
	static unsigned count[BINS];
	struct wf_rng_key k = base_key;
	uint64_t *w[5] = { &k.seed, &k.replication, &k.case_no, &k.site, &k.visit };
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, rho, chi = 0, e = (double)N / BINS, p;
	double prev = 0;
	int i;

	for (i = 0; i < BINS; i++)
		count[i] = 0;
	for (i = 0; i <= N; i++) {
		double y;

		*w[_i] = (uint64_t)i;
		wf_rng_rekey(r, &k);
		y = gsl_rng_uniform(r);
		if (i > 0) {
			sx += prev; sy += y; sxx += prev * prev; syy += y * y; sxy += prev * y;
			count[(int)(y * BINS)]++;
		}
		prev = y;
	}
	rho = (sxy - sx * sy / N) / sqrt((sxx - sx * sx / N) * (syy - sy * sy / N));
	ck_assert_msg(fabs(rho) < 4 / sqrt(N), "word %d: correlation %g", _i, rho);
	for (i = 0; i < BINS; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	p = gsl_cdf_chisq_Q(chi, BINS - 1);
	ck_assert_msg(p > 1e-4, "word %d: chi-square %g, p = %g", _i, chi, p);
	gsl_rng_free(r);
}
END_TEST

/* The draw purposes of one step visit (site ^ WF_DRAW_*), the way the engine derives them,
 * give uncorrelated streams. */
START_TEST(test_purposes_uncorrelated)
{
	const int n = 100000;
	struct wf_rng_key k = base_key;
	uint64_t site = wf_rng_site("resolve");
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, rho;
	int i;

	for (i = 0; i < n; i++) {
		double x, y;

		k.case_no = (uint64_t)i;
		k.site = site ^ WF_DRAW_DURATION;
		wf_rng_rekey(r, &k);
		x = gsl_rng_uniform(r);
		k.site = site ^ WF_DRAW_ROUTE;
		wf_rng_rekey(r, &k);
		y = gsl_rng_uniform(r);
		sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
	}
	rho = (sxy - sx * sy / n) / sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
	ck_assert_msg(fabs(rho) < 4 / sqrt(n), "correlation %g", rho);
	gsl_rng_free(r);
}
END_TEST

START_TEST(test_lag1_uncorrelated)
{
	const int n = 100000;
	gsl_rng *r = keyed(&base_key);
	double prev = gsl_rng_uniform(r), sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, rho;
	int i;

	for (i = 0; i < n; i++) {
		double y = gsl_rng_uniform(r);

		sx += prev; sy += y; sxx += prev * prev; syy += y * y; sxy += prev * y;
		prev = y;
	}
	rho = (sxy - sx * sy / n) / sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
	ck_assert_msg(fabs(rho) < 4 / sqrt(n), "lag-1 correlation %g", rho);
	gsl_rng_free(r);
}
END_TEST

/* Chi-square over 100 equal bins of 10^6 uniforms: 99 degrees of freedom. */
START_TEST(test_chisq_uniform)
{
	enum { BINS = 100, N = 1000000 };
	static unsigned count[BINS];
	gsl_rng *r = keyed(&base_key);
	double chi = 0, e = (double)N / BINS, p;
	int i;

	for (i = 0; i < BINS; i++)
		count[i] = 0;
	for (i = 0; i < N; i++)
		count[(int)(gsl_rng_uniform(r) * BINS)]++;
	for (i = 0; i < BINS; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	p = gsl_cdf_chisq_Q(chi, BINS - 1);
	ck_assert_msg(p > 1e-4, "chi-square %g, p = %g", chi, p);
	gsl_rng_free(r);
}
END_TEST

/* The same on the low byte of get(): a weak generator shows itself in its low bits. */
START_TEST(test_chisq_low_bits)
{
	enum { BINS = 256, N = 1000000 };
	static unsigned count[BINS];
	gsl_rng *r = keyed(&base_key);
	double chi = 0, e = (double)N / BINS, p;
	int i;

	for (i = 0; i < BINS; i++)
		count[i] = 0;
	for (i = 0; i < N; i++)
		count[gsl_rng_get(r) & 0xff]++;
	for (i = 0; i < BINS; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	p = gsl_cdf_chisq_Q(chi, BINS - 1);
	ck_assert_msg(p > 1e-4, "chi-square %g, p = %g", chi, p);
	gsl_rng_free(r);
}
END_TEST

/* Mean 1/2 (sd of the mean sqrt(1/12/n)) and variance 1/12 (the sd of the sample variance is
 * sqrt((1/80 - 1/144)/n) = sqrt(1/180/n), from the fourth central moment 1/80). */
START_TEST(test_uniform_moments)
{
	const int n = 1000000;
	gsl_rng *r = keyed(&base_key);
	double s = 0, ss = 0, mean, var, lo = 1, hi = 0;
	int i, fine = 0;

	for (i = 0; i < n; i++) {
		double u = gsl_rng_uniform(r);

		s += u;
		ss += (u - 0.5) * (u - 0.5);
		if (u < lo)
			lo = u;
		if (u > hi)
			hi = u;
		/* Bits below 2^-32 are set about half the time: the 53-bit claim. */
		fine += fmod(u * 0x1.0p32, 1.0) != 0;
	}
	mean = s / n;
	var = ss / n - (mean - 0.5) * (mean - 0.5);
	ck_assert_msg(fabs(mean - 0.5) < 4 * sqrt(1.0 / 12 / n), "mean %g", mean);
	ck_assert_msg(fabs(var - 1.0 / 12) < 4 * sqrt(1.0 / 180 / n), "variance %g", var);
	ck_assert(lo >= 0 && hi < 1);
	ck_assert_int_gt(fine, n / 2);
	gsl_rng_free(r);
}
END_TEST

/* Rekeying forgets everything about the previous stream, wherever it stood. */
START_TEST(test_rekey_forgets)
{
	struct wf_rng_key other = base_key;
	gsl_rng *fresh, *used = keyed(&base_key);
	unsigned long first[10];
	int i;

	other.visit = 99;
	fresh = keyed(&other);
	for (i = 0; i < 10; i++)
		first[i] = gsl_rng_get(fresh);
	/* Leave `used` mid-block (an odd number of words) before moving it. */
	for (i = 0; i < 7; i++)
		(void)gsl_rng_get(used);
	wf_rng_rekey(used, &other);
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(gsl_rng_get(used), first[i]);
	/* And back: the first stream restarts from its beginning. */
	wf_rng_rekey(used, &base_key);
	wf_rng_rekey(fresh, &base_key);
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(gsl_rng_get(used), gsl_rng_get(fresh));
	gsl_rng_free(used);
	gsl_rng_free(fresh);
}
END_TEST

START_TEST(test_gsl_set_is_seed_key)
{
	struct wf_rng_key k = { 42, 0, 0, 0, 0 };
	gsl_rng *a = gsl_rng_alloc(wf_rng_keyed), *b = keyed(&k), *c;
	int i;

	gsl_rng_set(a, 42);
	for (i = 0; i < 100; i++)
		ck_assert_uint_eq(gsl_rng_get(a), gsl_rng_get(b));
	/* gsl_rng_clone copies the position too. */
	c = gsl_rng_clone(a);
	for (i = 0; i < 9; i++)
		ck_assert_uint_eq(gsl_rng_get(a), gsl_rng_get(c));
	gsl_rng_free(a);
	gsl_rng_free(b);
	gsl_rng_free(c);
}
END_TEST

START_TEST(test_site)
{
	static const char *names[] = { "intake", "classify", "resolve", "escalate", "review",
				       "step1", "step2", "a", "b", "" };
	size_t i, j, n = sizeof(names) / sizeof(names[0]);

	for (i = 0; i < n; i++) {
		uint64_t s = wf_rng_site(names[i]);

		ck_assert_uint_eq(s, wf_rng_site(names[i]));
		ck_assert_uint_eq(s & 0xff, 0);
		ck_assert(s > 0xff);
		ck_assert(s != WF_SITE_ARRIVAL && s != WF_SITE_ATTRIBUTES && s != WF_SITE_BACKLOG);
		ck_assert((s ^ WF_DRAW_DURATION) != (s ^ WF_DRAW_ROUTE));
		for (j = 0; j < i; j++)
			ck_assert(s != wf_rng_site(names[j]));
	}
	/* Pinned: changing the hash silently changes every published result. */
	ck_assert_uint_eq(wf_rng_site("intake"), 0x48e7bb32a629ef00ull);
}
END_TEST

/* GSL's exponential sampler must cope with u = 0, which get_double can return. */
START_TEST(test_exponential_at_zero)
{
	gsl_rng *r = gsl_rng_alloc(tu_zero_rng);
	double x = gsl_ran_exponential(r, 3.0);

	ck_assert(isfinite(x) && x >= 0);
	gsl_rng_free(r);
}
END_TEST

static Suite *
rng_suite(void)
{
	Suite *s = suite_create("rng");
	TCase *tc;

	tc = tcase_create("philox known answers");
	tcase_add_test(tc, test_philox_kat);
	suite_add_tcase(s, tc);
	tc = tcase_create("gsl type");
	tcase_add_test(tc, test_type);
	tcase_add_test(tc, test_gsl_set_is_seed_key);
	suite_add_tcase(s, tc);
	tc = tcase_create("reproducible");
	tcase_add_test(tc, test_same_key_same_sequence);
	suite_add_tcase(s, tc);
	tc = tcase_create("key words independent");
	tcase_add_loop_test(tc, test_one_word_differs, 0, 5);
	tcase_add_test(tc, test_purposes_uncorrelated);
	suite_add_tcase(s, tc);
	tc = tcase_create("consecutive streams");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_consecutive_streams, 0, 5);
	suite_add_tcase(s, tc);
	tc = tcase_create("uniformity");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_chisq_uniform);
	tcase_add_test(tc, test_chisq_low_bits);
	tcase_add_test(tc, test_uniform_moments);
	tcase_add_test(tc, test_lag1_uncorrelated);
	suite_add_tcase(s, tc);
	tc = tcase_create("rekey");
	tcase_add_test(tc, test_rekey_forgets);
	suite_add_tcase(s, tc);
	tc = tcase_create("sites");
	tcase_add_test(tc, test_site);
	suite_add_tcase(s, tc);
	tc = tcase_create("gsl samplers at u = 0");
	tcase_add_test(tc, test_exponential_at_zero);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(rng_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
