/* Tests of the statistics: Welford moments, histogram quantiles against exact sorted-sample
 * quantiles (within the 1% the bucket growth promises), merging, and summaries (plain, paired,
 * Welch) against values computed by hand; t quantiles from tables (and, for fractional
 * degrees of freedom, from a separate numerical integration of the t density). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "wfsim/rng.h"
#include "wfsim/stats.h"

#define close_to(x, y, tol)	(fabs((x) - (y)) <= (tol))

START_TEST(test_t975)
{
	/* Table values of Student's t, 0.975 quantile. */
	ck_assert(close_to(wf_t975(1), 12.7062047, 1e-6));
	ck_assert(close_to(wf_t975(2), 4.3026527, 1e-6));
	ck_assert(close_to(wf_t975(4), 2.7764451, 1e-6));
	ck_assert(close_to(wf_t975(29), 2.04523, 1e-5));
	ck_assert(close_to(wf_t975(1e9), 1.9599640, 1e-6));
	ck_assert(close_to(wf_t975(6.9722557297949335), 2.3665330, 1e-6));
	ck_assert(isnan(wf_t975(0)));
	ck_assert(isnan(wf_t975(-1)));
}
END_TEST

START_TEST(test_moments_known)
{
	const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct wf_moments m;
	size_t i;

	wf_moments_reset(&m);
	ck_assert(isnan(wf_moments_mean(&m)));
	ck_assert(isnan(wf_moments_var(&m)));
	wf_moments_add(&m, x[0]);
	ck_assert(wf_moments_mean(&m) == 2);
	ck_assert(isnan(wf_moments_var(&m)));
	for (i = 1; i < sizeof(x) / sizeof(x[0]); i++)
		wf_moments_add(&m, x[i]);
	ck_assert(m.n == 8);
	ck_assert(close_to(wf_moments_mean(&m), 5, 1e-15));
	ck_assert(close_to(wf_moments_var(&m), 32.0 / 7, 1e-14));
}
END_TEST

/* Offset 1e9 and spread 6: the textbook sum-of-squares formula loses every digit here. */
START_TEST(test_moments_stable)
{
	const double x[] = { 4, 7, 13, 16 };
	struct wf_moments m;
	int rep;
	size_t i;

	wf_moments_reset(&m);
	for (rep = 0; rep < 1000; rep++)
		for (i = 0; i < 4; i++)
			wf_moments_add(&m, 1e9 + x[i]);
	ck_assert(close_to(wf_moments_mean(&m), 1e9 + 10, 1e-5));
	/* Population variance 22.5; sample variance 22.5 * 4000 / 3999. */
	ck_assert(close_to(wf_moments_var(&m), 22.5 * 4000 / 3999, 1e-6));
}
END_TEST

/* 10^5 lognormal(0, 1) values: each histogram quantile within 1% of the exact quantile of the
 * sorted sample (the estimate lies in the bucket of the order statistic it stands for, and a
 * bucket spans a factor of 1.01). */
START_TEST(test_hist_quantiles)
{
	enum { N = 100000 };
	static double x[N];
	static struct wf_hist h;
	static const double qs[] = { 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999 };
	struct wf_rng_key k = { 1, 2, 3, 4, 5 };
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);
	size_t i;

	wf_rng_rekey(r, &k);
	wf_hist_reset(&h, 1e-6);
	for (i = 0; i < N; i++) {
		x[i] = gsl_ran_lognormal(r, 0, 1);
		wf_hist_add(&h, x[i]);
	}
	gsl_sort(x, 1, N);
	ck_assert(h.count == N);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		double exact = gsl_stats_quantile_from_sorted_data(x, 1, N, qs[i]);
		double est = wf_hist_quantile(&h, qs[i]);

		ck_assert_msg(fabs(est / exact - 1) < 0.01, "q %g: histogram %g, exact %g", qs[i],
			      est, exact);
	}
	ck_assert(wf_hist_quantile(&h, 0) == x[0]);
	ck_assert(wf_hist_quantile(&h, 1) == x[N - 1]);
	gsl_rng_free(r);
}
END_TEST

/* Many quantiles in one pass (wf_hist_quantiles resumes its scan from the last bucket) are the
 * quantiles one by one, each from a scan of its own: in increasing order with repeats, the
 * ends, NaN, out of order, and in a histogram whose top bucket holds values (beyond its edge). */
START_TEST(test_hist_quantiles_one_pass)
{
	static struct wf_hist h;
	static const double qs[] = { 0, 0.001, 0.25, 0.25, 0.5, 0.9, NAN, 0.95, 0.3, 0.999, 0.9999,
				     1, 0.1 };
	enum { NQ = sizeof(qs) / sizeof(qs[0]) };
	double out[NQ], one;
	struct wf_rng_key k = { 9, 8, 7, 6, 5 };
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);
	size_t i, n;

	wf_rng_rekey(r, &k);
	wf_hist_reset(&h, 1e-6);
	for (i = 0; i < 20000; i++)
		wf_hist_add(&h, i % 1000 == 0 ? 1e300 : i % 7 == 0 ? 0 : gsl_ran_exponential(r, 5));
	ck_assert(h.bucket[WF_HIST_BUCKETS - 1] == 20);
	for (n = 1; n <= NQ; n++) {
		wf_hist_quantiles(&h, qs, n, out);
		for (i = 0; i < n; i++) {
			one = wf_hist_quantile(&h, qs[i]);
			ck_assert_msg(isnan(qs[i]) ? isnan(out[i]) : out[i] == one,
				      "q %g: %.17g in one pass, %.17g alone", qs[i], out[i], one);
		}
	}
	gsl_rng_free(r);
}
END_TEST

START_TEST(test_hist_edges)
{
	static struct wf_hist h;

	wf_hist_reset(&h, 0.001);
	ck_assert(isnan(wf_hist_quantile(&h, 0.5)));
	ck_assert(wf_hist_edge(&h, 0) == 0);
	ck_assert(close_to(wf_hist_edge(&h, 1), 0.001, 1e-18));
	ck_assert(close_to(wf_hist_edge(&h, 2), 0.00101, 1e-15));
	/* Zeros and values below lo share bucket 0 and read as the minimum. */
	wf_hist_add(&h, 0);
	wf_hist_add(&h, 0.0005);
	wf_hist_add(&h, 0);
	ck_assert_uint_eq(h.bucket[0], 3);
	ck_assert(wf_hist_quantile(&h, 0.5) == 0);
	/* A value far beyond the top edge lands in the last bucket; the maximum is exact. */
	wf_hist_add(&h, 1e300);
	ck_assert_uint_eq(h.bucket[WF_HIST_BUCKETS - 1], 1);
	ck_assert(wf_hist_quantile(&h, 1) == 1e300);
	/* NaN is ignored. */
	wf_hist_add(&h, NAN);
	ck_assert(h.count == 4);
	/* One value: every quantile is that value, exactly (clamped to min = max). */
	wf_hist_reset(&h, 0.001);
	wf_hist_add(&h, 42.5);
	ck_assert(wf_hist_quantile(&h, 0.5) == 42.5);
	ck_assert(wf_hist_quantile(&h, 0.9) == 42.5);
}
END_TEST

/* Merging two halves gives the histogram of the whole. */
START_TEST(test_hist_merge)
{
	static struct wf_hist a, b, all;
	struct wf_rng_key k = { 9, 9, 9, 9, 9 };
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);
	int i;

	wf_rng_rekey(r, &k);
	wf_hist_reset(&a, 1e-6);
	wf_hist_reset(&b, 1e-6);
	wf_hist_reset(&all, 1e-6);
	for (i = 0; i < 20000; i++) {
		double x = gsl_ran_exponential(r, i < 10000 ? 1 : 100);

		wf_hist_add(i < 10000 ? &a : &b, x);
		wf_hist_add(&all, x);
	}
	wf_hist_merge(&a, &b);
	ck_assert(a.count == all.count && a.min == all.min && a.max == all.max);
	ck_assert(memcmp(a.bucket, all.bucket, sizeof(a.bucket)) == 0);
	ck_assert(wf_hist_quantile(&a, 0.5) == wf_hist_quantile(&all, 0.5));
	/* Merging an empty histogram changes nothing. */
	wf_hist_reset(&b, 1e-6);
	wf_hist_merge(&a, &b);
	ck_assert(a.count == all.count && a.min == all.min && a.max == all.max);
	gsl_rng_free(r);
}
END_TEST

/* Counts merged over replications pass 2^32: a year of a busy desk times a few hundred
 * replications.  Two histograms of 4e9 cases each (3e9 near 10, 1e9 near 1000) merge into one
 * of 8e9 whose median is near 10 and whose p90 near 1000; 32-bit buckets would wrap the 6e9
 * near 10 to 1.7e9 and move the median to 1000. */
START_TEST(test_hist_merge_big)
{
	static struct wf_hist a, b;
	const uint64_t lots = 3000000000u;
	size_t i10, i1000;

	wf_hist_reset(&a, 1e-6);
	wf_hist_add(&a, 10);
	wf_hist_add(&a, 1000);
	for (i10 = 0; a.bucket[i10] == 0; i10++)
		;
	for (i1000 = i10 + 1; a.bucket[i1000] == 0; i1000++)
		;
	a.bucket[i10] = lots;
	a.bucket[i1000] = lots / 3;
	a.count = (double)(lots + lots / 3);
	b = a;
	wf_hist_merge(&a, &b);
	ck_assert(a.bucket[i10] == 2 * lots);
	ck_assert(a.bucket[i1000] == 2 * (lots / 3));
	ck_assert(a.count == 8e9);
	ck_assert(close_to(wf_hist_quantile(&a, 0.5), 10, 0.01 * 10));
	ck_assert(close_to(wf_hist_quantile(&a, 0.9), 1000, 0.01 * 1000));
}
END_TEST

/* {1, 2, 3, 4, 5}: mean 3, sd sqrt(2.5), ci95 t(4) sqrt(2.5) / sqrt(5) = 1.9632432. */
START_TEST(test_summary)
{
	const double x[] = { 1, 2, 3, 4, 5 };
	const double xn[] = { NAN, 1, 2, NAN, 3, 4, 5, NAN };
	struct wf_summary s;

	wf_summary_of(x, 5, &s);
	ck_assert_uint_eq(s.n, 5);
	ck_assert(close_to(s.mean, 3, 1e-15));
	ck_assert(close_to(s.sd, sqrt(2.5), 1e-15));
	ck_assert(close_to(s.ci95, 1.9632432, 1e-6));
	wf_summary_of(xn, 8, &s);
	ck_assert_uint_eq(s.n, 5);
	ck_assert(close_to(s.mean, 3, 1e-15));
	ck_assert(close_to(s.ci95, 1.9632432, 1e-6));
}
END_TEST

/* n == 0: mean and sd NaN, ci95 0; n == 1: the value, sd 0, ci95 0. */
START_TEST(test_summary_small)
{
	const double one[] = { NAN, 7, NAN }, none[] = { NAN, NAN };
	struct wf_summary s;

	wf_summary_of(none, 0, &s);
	ck_assert_uint_eq(s.n, 0);
	ck_assert(isnan(s.mean) && isnan(s.sd) && s.ci95 == 0);
	wf_summary_of(none, 2, &s);
	ck_assert_uint_eq(s.n, 0);
	ck_assert(isnan(s.mean) && s.ci95 == 0);
	wf_summary_of(one, 3, &s);
	ck_assert_uint_eq(s.n, 1);
	ck_assert(s.mean == 7 && s.sd == 0 && s.ci95 == 0);
}
END_TEST

/* Pairs (1, 2), (2, 4), (3, 5) remain, (NaN, 7) and (5, NaN) are skipped: differences
 * {1, 2, 2}, mean 5/3, sd sqrt(1/3), ci95 t(2) sqrt(1/3) / sqrt(3) = 1.4342176. */
START_TEST(test_paired)
{
	const double a[] = { 1, 2, 3, NAN, 5 }, b[] = { 2, 4, 5, 7, NAN };
	struct wf_summary s;

	wf_summary_paired(a, b, 5, &s);
	ck_assert_uint_eq(s.n, 3);
	ck_assert(close_to(s.mean, 5.0 / 3, 1e-15));
	ck_assert(close_to(s.sd, sqrt(1.0 / 3), 1e-15));
	ck_assert(close_to(s.ci95, 1.4342176, 1e-6));
	wf_summary_paired(a, b, 0, &s);
	ck_assert(s.n == 0 && isnan(s.mean) && s.ci95 == 0);
}
END_TEST

/* a = {1..5} (mean 3, var 2.5), b = {2, 4, .., 12} (mean 7, var 14): se^2 = 0.5 + 14/6,
 * df = se^4 / (0.5^2/4 + (14/6)^2/5) = 6.9722557, ci95 = t(df) se = 3.9834687;
 * n = 5 and sd = se sqrt(5). */
START_TEST(test_welch)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 2, 4, 6, 8, NAN, 10, 12 };
	struct wf_summary s;

	wf_summary_welch(a, 5, b, 7, &s);
	ck_assert_uint_eq(s.n, 5);
	ck_assert(close_to(s.mean, 4, 1e-14));
	ck_assert(close_to(s.sd, 3.7638632635, 1e-9));
	ck_assert(close_to(s.ci95, 3.9834687, 1e-6));
	/* A side with one value: the difference of means, no interval. */
	wf_summary_welch(a, 1, b, 7, &s);
	ck_assert(close_to(s.mean, 6, 1e-14) && s.ci95 == 0);
	/* An empty side: no difference. */
	wf_summary_welch(a, 0, b, 7, &s);
	ck_assert(isnan(s.mean) && s.ci95 == 0);
	/* No spread on either side: exact difference, interval 0. */
	{
		const double c[] = { 2, 2, 2 }, d[] = { 5, 5 };

		wf_summary_welch(c, 3, d, 2, &s);
		ck_assert(s.mean == 3 && s.sd == 0 && s.ci95 == 0);
	}
}
END_TEST

static Suite *
stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc;

	tc = tcase_create("t quantiles");
	tcase_add_test(tc, test_t975);
	suite_add_tcase(s, tc);
	tc = tcase_create("moments");
	tcase_add_test(tc, test_moments_known);
	tcase_add_test(tc, test_moments_stable);
	suite_add_tcase(s, tc);
	tc = tcase_create("histogram");
	tcase_add_test(tc, test_hist_quantiles);
	tcase_add_test(tc, test_hist_quantiles_one_pass);
	tcase_add_test(tc, test_hist_edges);
	tcase_add_test(tc, test_hist_merge);
	tcase_add_test(tc, test_hist_merge_big);
	suite_add_tcase(s, tc);
	tc = tcase_create("summaries");
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_summary_small);
	suite_add_tcase(s, tc);
	tc = tcase_create("paired");
	tcase_add_test(tc, test_paired);
	suite_add_tcase(s, tc);
	tc = tcase_create("welch");
	tcase_add_test(tc, test_welch);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(stats_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
