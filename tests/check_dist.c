/* Tests of the distributions: for each one the precomputed mean and variance against theory,
 * the sample mean and variance of 2*10^5 keyed draws within 4 standard errors of them, the
 * truncation of the normal, empirical resampling frequencies, and every validation message. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_rng.h>

#include "wfsim/dist.h"
#include "wfsim/rng.h"
#include "testutil.h"

#define N_DRAWS	200000

static gsl_rng *
keyed_rng(uint64_t case_no)
{
	struct wf_rng_key k = { 20261125, 1, case_no, 0x5EED00, 0 };
	gsl_rng *r = gsl_rng_alloc(wf_rng_keyed);

	wf_rng_rekey(r, &k);
	return r;
}

struct moment_case {
	const char *dist;
	struct wf_dist_param p[3];
	size_t n;
	enum wf_dist_kind kind;
	double mean, var;	/* from theory, written out independently of dist.c */
};

#define PI	3.14159265358979323846

static const struct moment_case moment_cases[] = {
	{ "exponential", { { "mean", 5 } }, 1, WF_DIST_EXPONENTIAL, 5, 25 },
	{ "exponential", { { "rate", 0.25 } }, 1, WF_DIST_EXPONENTIAL, 4, 16 },
	{ "uniform", { { "min", 2 }, { "max", 8 } }, 2, WF_DIST_UNIFORM, 5, 3 },
	/* (a^2 + b^2 + c^2 - ab - ac - bc) / 18 = (9 + 25 + 100 - 15 - 30 - 50) / 18 */
	{ "triangular", { { "min", 3 }, { "mode", 5 }, { "max", 10 } }, 3, WF_DIST_TRIANGULAR,
	  6, 39.0 / 18 },
	{ "triangular", { { "min", 0 }, { "mode", 0 }, { "max", 1 } }, 3, WF_DIST_TRIANGULAR,
	  1.0 / 3, 1.0 / 18 },
	{ "triangular", { { "min", 0 }, { "mode", 1 }, { "max", 1 } }, 3, WF_DIST_TRIANGULAR,
	  2.0 / 3, 1.0 / 18 },
	/* alpha = 15/7, beta = 27/7: mean (3 + 20 + 10) / 6, var 7^2 alpha beta / (6^2 7) */
	{ "pert", { { "min", 3 }, { "mode", 5 }, { "max", 10 } }, 3, WF_DIST_PERT,
	  5.5, 405.0 / 252 },
	/* Half-normal: mean sd sqrt(2/pi), variance sd^2 (1 - 2/pi). */
	{ "normal", { { "mean", 0 }, { "sd", 3 } }, 2, WF_DIST_NORMAL,
	  3 * 0.79788456080286535588, 9 * (1 - 2 / PI) },
	/* 5 sd above 0: the truncation moves the mean by sd phi(5) / Phi(5) = 2.97e-6. */
	{ "normal", { { "mean", 10 }, { "sd", 2 } }, 2, WF_DIST_NORMAL,
	  10 + 2 * 1.4867195147342977e-06, 4 * (1 - 5 * 1.4867e-6) },
	{ "lognormal", { { "mean", 25 }, { "sd", 10 } }, 2, WF_DIST_LOGNORMAL, 25, 100 },
	/* exp(mu + sigma^2/2), (exp(sigma^2) - 1) exp(2 mu + sigma^2) */
	{ "lognormal", { { "mu", 1 }, { "sigma", 0.5 } }, 2, WF_DIST_LOGNORMAL,
	  3.0802168489180310, 2.694758124344947 },
	{ "gamma", { { "shape", 2 }, { "scale", 20 } }, 2, WF_DIST_GAMMA, 40, 800 },
	{ "gamma", { { "shape", 0.5 }, { "scale", 2 } }, 2, WF_DIST_GAMMA, 1, 2 },
	{ "gamma", { { "mean", 30 }, { "sd", 15 } }, 2, WF_DIST_GAMMA, 30, 225 },
	{ "erlang", { { "k", 3 }, { "mean", 12 } }, 2, WF_DIST_ERLANG, 12, 48 },
	/* Weibull of shape 1 is the exponential; shape 2 is Rayleigh: scale sqrt(pi)/2 and
	 * scale^2 (1 - pi/4). */
	{ "weibull", { { "shape", 1 }, { "scale", 5 } }, 2, WF_DIST_WEIBULL, 5, 25 },
	{ "weibull", { { "shape", 2 }, { "scale", 10 } }, 2, WF_DIST_WEIBULL,
	  10 * 0.88622692545275801365, 100 * (1 - PI / 4) },
};

/* Sample mean within 4 sqrt(var/n) of the theory; sample variance within 4 standard errors
 * sqrt((m4 - s^4) / n), with m4 the sample fourth central moment; every draw >= 0. */
static void
assert_sample_moments(const struct wf_dist *d, gsl_rng *r, double mean, double var,
		      const char *what)
{
	static double x[N_DRAWS];
	double s = 0, m, s2 = 0, m4 = 0, se_var;
	int i;

	for (i = 0; i < N_DRAWS; i++) {
		x[i] = wf_dist_sample(d, r);
		ck_assert_msg(x[i] >= 0 && isfinite(x[i]), "%s: draw %g", what, x[i]);
		s += x[i];
	}
	m = s / N_DRAWS;
	for (i = 0; i < N_DRAWS; i++) {
		double e = (x[i] - m) * (x[i] - m);

		s2 += e;
		m4 += e * e;
	}
	s2 /= N_DRAWS - 1;
	m4 /= N_DRAWS;
	se_var = sqrt((m4 - s2 * s2) / N_DRAWS);
	ck_assert_msg(fabs(m - mean) < 4 * sqrt(var / N_DRAWS),
		      "%s: sample mean %g, theory %g (se %g)", what, m, mean, sqrt(var / N_DRAWS));
	ck_assert_msg(fabs(s2 - var) < 4 * se_var,
		      "%s: sample variance %g, theory %g (se %g)", what, s2, var, se_var);
}

START_TEST(test_moments)
{
	const struct moment_case *c = &moment_cases[_i];
	struct wf_dist d;
	struct wf_dist_error err;
	gsl_rng *r = keyed_rng((uint64_t)_i);
	char what[64];

	snprintf(what, sizeof(what), "%s #%d", c->dist, _i);
	ck_assert_msg(wf_dist_make(&d, c->dist, c->p, c->n, &err) == 0, "%s: %s", what, err.msg);
	ck_assert_int_eq(d.kind, c->kind);
	ck_assert_msg(fabs(d.mean - c->mean) <= 1e-9 * c->mean, "%s: mean %.12g, theory %.12g",
		      what, d.mean, c->mean);
	ck_assert_msg(fabs(d.var - c->var) <= 1e-5 * c->var, "%s: var %.12g, theory %.12g",
		      what, d.var, c->var);
	assert_sample_moments(&d, r, c->mean, c->var, what);
	wf_dist_fini(&d);
	gsl_rng_free(r);
}
END_TEST

/* The whole shape, not only two moments, for the samplers that are not GSL's own (the
 * exponential's ziggurat, the lognormal through the ziggurat normal): the Kolmogorov-Smirnov
 * distance of 2*10^5 draws to the exact CDF (asymptotic p > 1e-4), and for the exponential
 * the share beyond the ziggurat's base layer, x > 7.697 mean, where the tail code takes over
 * (exp(-7.697) = 4.5e-4), within 4 standard errors. */
static int
cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

static double
ks_p(double x)	/* P(sqrt(n) D > x), Kolmogorov's series */
{
	double p = 0;
	int k;

	for (k = 1; k <= 100; k++)
		p += 2 * (k % 2 ? 1 : -1) * exp(-2.0 * k * k * x * x);
	return p > 1 ? 1 : p;
}

static const struct {
	const char *dist;
	struct wf_dist_param p[2];
	size_t n;
} shape_cases[] = {
	{ "exponential", { { "mean", 5 } }, 1 },
	{ "lognormal", { { "mean", 25 }, { "sd", 10 } }, 2 },
	{ "lognormal", { { "mu", 1 }, { "sigma", 0.5 } }, 2 },
};

START_TEST(test_shape)
{
	static double x[N_DRAWS];
	struct wf_dist d;
	gsl_rng *r = keyed_rng(100 + (uint64_t)_i);
	double dmax = 0, tail_p = exp(-7.697117470131487);
	long tail = 0;
	int i;

	ck_assert_int_eq(wf_dist_make(&d, shape_cases[_i].dist, shape_cases[_i].p,
				      shape_cases[_i].n, NULL), 0);
	for (i = 0; i < N_DRAWS; i++)
		x[i] = wf_dist_sample(&d, r);
	qsort(x, N_DRAWS, sizeof(x[0]), cmp_double);
	for (i = 0; i < N_DRAWS; i++) {
		double f = wf_dist_cdf(&d, x[i], 0);
		double lo = fabs(f - (double)i / N_DRAWS), hi = fabs(f - (double)(i + 1) / N_DRAWS);

		dmax = fmax(dmax, fmax(lo, hi));
		tail += x[i] > 7.697117470131487 * d.mean;
	}
	ck_assert_msg(ks_p(sqrt(N_DRAWS) * dmax) > 1e-4, "%s #%d: KS distance %g (p %g)",
		      shape_cases[_i].dist, _i, dmax, ks_p(sqrt(N_DRAWS) * dmax));
	if (d.kind == WF_DIST_EXPONENTIAL)
		ck_assert_msg(fabs(tail - N_DRAWS * tail_p) < 4 * sqrt(N_DRAWS * tail_p),
			      "exponential: %ld draws beyond the base layer, expected %g", tail,
			      N_DRAWS * tail_p);
	wf_dist_fini(&d);
	gsl_rng_free(r);
}
END_TEST

START_TEST(test_constant)
{
	struct wf_dist_param p = { "value", 7.5 };
	struct wf_dist d;
	gsl_rng *r = keyed_rng(0);
	int i;

	ck_assert_int_eq(wf_dist_make(&d, "constant", &p, 1, NULL), 0);
	ck_assert_int_eq(d.kind, WF_DIST_CONSTANT);
	ck_assert(d.mean == 7.5 && d.var == 0);
	for (i = 0; i < 100; i++)
		ck_assert(wf_dist_sample(&d, r) == 7.5);
	wf_dist_constant(&d, 0);
	ck_assert(wf_dist_sample(&d, r) == 0 && d.mean == 0 && d.var == 0);
	gsl_rng_free(r);
}
END_TEST

/* Parameters that leave no spread are constants: sd 0, min == max. */
START_TEST(test_degenerate)
{
	static const struct {
		const char *dist;
		struct wf_dist_param p[3];
		size_t n;
		double value;
	} cases[] = {
		{ "normal", { { "mean", 4 }, { "sd", 0 } }, 2, 4 },
		{ "lognormal", { { "mean", 4 }, { "sd", 0 } }, 2, 4 },
		{ "lognormal", { { "mu", 0 }, { "sigma", 0 } }, 2, 1 },
		{ "gamma", { { "mean", 4 }, { "sd", 0 } }, 2, 4 },
		{ "uniform", { { "min", 4 }, { "max", 4 } }, 2, 4 },
		{ "triangular", { { "min", 4 }, { "mode", 4 }, { "max", 4 } }, 3, 4 },
		{ "pert", { { "min", 4 }, { "mode", 4 }, { "max", 4 } }, 3, 4 },
	};
	gsl_rng *r = keyed_rng(0);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wf_dist d;

		ck_assert_int_eq(wf_dist_make(&d, cases[i].dist, cases[i].p, cases[i].n, NULL), 0);
		ck_assert_msg(d.kind == WF_DIST_CONSTANT, "%s", cases[i].dist);
		ck_assert(d.mean == cases[i].value && d.var == 0);
		ck_assert(wf_dist_sample(&d, r) == cases[i].value);
	}
	gsl_rng_free(r);
}
END_TEST

/* normal(1, 2) keeps Phi(1/2) = 0.6915 of its mass; no draw is negative, and the moments are
 * those of the truncated law (mean 1 + 2 lambda with lambda = phi(-1/2) / Phi(1/2)), far from
 * the untruncated (1, 4). */
START_TEST(test_normal_truncated)
{
	struct wf_dist_param p[] = { { "mean", 1 }, { "sd", 2 } };
	struct wf_dist d;
	gsl_rng *r = keyed_rng(99);
	double lambda = 0.3520653267642995 / 0.6914624612740131;
	double mean = 1 + 2 * lambda, var = 4 * (1 - 0.5 * lambda - lambda * lambda);

	ck_assert_int_eq(wf_dist_make(&d, "normal", p, 2, NULL), 0);
	ck_assert_msg(fabs(d.mean - mean) < 1e-12, "mean %.15g, expected %.15g", d.mean, mean);
	ck_assert_msg(fabs(d.var - var) < 1e-12, "var %.15g, expected %.15g", d.var, var);
	assert_sample_moments(&d, r, mean, var, "normal(1, 2)");
	gsl_rng_free(r);
}
END_TEST

/* Values {5, 1, 2, 2} resampled: P(1) = P(5) = 1/4, P(2) = 1/2, each frequency within 4
 * sqrt(p (1 - p) / n); nothing else is ever drawn. */
START_TEST(test_empirical)
{
	const double v[] = { 5, 1, 2, 2 };
	struct wf_dist d, e;
	gsl_rng *r = keyed_rng(7);
	double n1 = 0, n2 = 0, n5 = 0;
	int i;

	ck_assert_int_eq(wf_dist_make_empirical(&d, v, 4, NULL), 0);
	ck_assert_int_eq(d.kind, WF_DIST_EMPIRICAL);
	ck_assert_uint_eq(d.n_values, 4);
	ck_assert(d.values != v);
	ck_assert(d.values[0] == 1 && d.values[1] == 2 && d.values[2] == 2 && d.values[3] == 5);
	/* Population moments: mean 10/4, variance (2.25 + 0.25 + 0.25 + 6.25) / 4. */
	ck_assert(fabs(d.mean - 2.5) < 1e-15 && fabs(d.var - 2.25) < 1e-15);
	for (i = 0; i < N_DRAWS; i++) {
		double x = wf_dist_sample(&d, r);

		if (x == 1)
			n1++;
		else if (x == 2)
			n2++;
		else if (x == 5)
			n5++;
		else
			ck_abort_msg("drew %g, not one of the values", x);
	}
	ck_assert(fabs(n1 / N_DRAWS - 0.25) < 4 * sqrt(0.25 * 0.75 / N_DRAWS));
	ck_assert(fabs(n2 / N_DRAWS - 0.5) < 4 * sqrt(0.5 * 0.5 / N_DRAWS));
	ck_assert(fabs(n5 / N_DRAWS - 0.25) < 4 * sqrt(0.25 * 0.75 / N_DRAWS));
	/* A copy owns its values. */
	wf_dist_copy(&e, &d);
	ck_assert(e.values != d.values && memcmp(e.values, d.values, 4 * sizeof(double)) == 0);
	wf_dist_fini(&d);
	ck_assert(d.values == NULL && d.n_values == 0);
	ck_assert(e.values[3] == 5);
	wf_dist_fini(&e);
	gsl_rng_free(r);
}
END_TEST

START_TEST(test_empirical_single)
{
	const double v[] = { 3 };
	struct wf_dist d;
	gsl_rng *r = keyed_rng(8);

	ck_assert_int_eq(wf_dist_make_empirical(&d, v, 1, NULL), 0);
	ck_assert(wf_dist_sample(&d, r) == 3 && d.mean == 3 && d.var == 0);
	wf_dist_fini(&d);
	gsl_rng_free(r);
}
END_TEST

/* The same key gives the same draws; the sampler consumes only its own stream. */
START_TEST(test_reproducible)
{
	struct wf_dist_param p[] = { { "shape", 2 }, { "scale", 20 } };
	struct wf_dist d;
	gsl_rng *a = keyed_rng(3), *b = keyed_rng(3);
	int i;

	ck_assert_int_eq(wf_dist_make(&d, "gamma", p, 2, NULL), 0);
	for (i = 0; i < 1000; i++)
		ck_assert(wf_dist_sample(&d, a) == wf_dist_sample(&d, b));
	gsl_rng_free(a);
	gsl_rng_free(b);
}
END_TEST

/* u = 0 (probability 2^-53 per draw) gives an exponential of exactly +0: finite, and not the
 * -0 that -mean * log(1 - 0) would print as "-0". */
START_TEST(test_exponential_at_zero)
{
	struct wf_dist_param p[] = { { "mean", 3 } };
	struct wf_dist d;
	gsl_rng *r = gsl_rng_alloc(tu_zero_rng);
	double x;

	ck_assert_int_eq(wf_dist_make(&d, "exponential", p, 1, NULL), 0);
	x = wf_dist_sample(&d, r);
	ck_assert(x == 0 && !signbit(x));
	gsl_rng_free(r);
}
END_TEST

struct error_case {
	const char *dist;
	struct wf_dist_param p[3];
	size_t n;
	int param;
	const char *msg;
};

static const struct error_case error_cases[] = {
	{ "normal", { { "mean", 10 }, { "sd", -1 } }, 2, 1, "'sd' must not be negative" },
	{ "normal", { { "mean", -1 }, { "sd", 1 } }, 2, 0, "'mean' must not be negative" },
	{ "normal", { { "mean", 1 }, { "sigma", 1 } }, 2, 1,
	  "unknown parameter 'sigma' for normal (expects mean, sd)" },
	{ "normal", { { "mean", 1 }, { "mean", 2 } }, 2, 1, "duplicate parameter 'mean'" },
	{ "normal", { { "mean", NAN }, { "sd", 2 } }, 2, 0, "'mean' must be a finite number" },
	{ "uniform", { { "min", 5 }, { "max", 3 } }, 2, 0, "'min' (5) must not exceed 'max' (3)" },
	{ "uniform", { { "min", -2 }, { "max", 3 } }, 2, 0, "'min' must not be negative" },
	{ "triangular", { { "min", 1 }, { "max", 3 } }, 2, -1,
	  "missing parameter 'mode' for triangular (expects min, mode, max)" },
	{ "triangular", { { "min", 4 }, { "mode", 2 }, { "max", 9 } }, 3, 0,
	  "'min' (4) must not exceed 'mode' (2)" },
	{ "triangular", { { "min", 1 }, { "mode", 5 }, { "max", 3 } }, 3, 1,
	  "'mode' (5) must not exceed 'max' (3)" },
	{ "pert", { { "min", 1 }, { "mode", 5.5 }, { "max", 3 } }, 3, 1,
	  "'mode' (5.5) must not exceed 'max' (3)" },
	{ "erlang", { { "k", 2.5 }, { "mean", 3 } }, 2, 0, "'k' must be a whole number >= 1" },
	{ "erlang", { { "k", 0 }, { "mean", 3 } }, 2, 0, "'k' must be a whole number >= 1" },
	{ "erlang", { { "mean", 3 }, { "k", 2 } }, 2, -1 /* unused */, NULL },
	{ "erlang", { { "k", 2 }, { "mean", 0 } }, 2, 1, "'mean' must be positive" },
	{ "lognormal", { { "mean", 10 }, { "mu", 1 } }, 2, 1,
	  "'mu' cannot be combined with 'mean' for lognormal (expects mean, sd or mu, sigma)" },
	{ "lognormal", { { "sigma", 1 } }, 1, -1,
	  "missing parameter 'mu' for lognormal (expects mean, sd or mu, sigma)" },
	{ "lognormal", { { "mu", 1 }, { "sigma", -0.5 } }, 2, 1, "'sigma' must not be negative" },
	{ "lognormal", { { "mean", 0 }, { "sd", 1 } }, 2, 0, "'mean' must be positive" },
	{ "exponential", { { "mean", 5 }, { "rate", 2 } }, 2, 1,
	  "'rate' cannot be combined with 'mean' for exponential (expects mean or rate)" },
	{ "exponential", { { "mean", 0 } }, 0, -1,
	  "missing parameter 'mean' for exponential (expects mean or rate)" },
	{ "exponential", { { "mean", 0 } }, 1, 0, "'mean' must be positive" },
	{ "exponential", { { "rate", -1 } }, 1, 0, "'rate' must be positive" },
	{ "gamma", { { "shape", 0 }, { "scale", 1 } }, 2, 0, "'shape' must be positive" },
	{ "gamma", { { "mean", 1 }, { "sd", -1 } }, 2, 1, "'sd' must not be negative" },
	{ "gamma", { { "shape", 1 }, { "sd", 1 } }, 2, 1,
	  "'sd' cannot be combined with 'shape' for gamma (expects shape, scale or mean, sd)" },
	{ "weibull", { { "shape", 1 }, { "scale", 0 } }, 2, 1, "'scale' must be positive" },
	{ "weibull", { { "shape", 0.001 }, { "scale", 1 } }, 2, -1,
	  "these parameters give weibull an infinite mean or variance" },
	{ "constant", { { "value", -1 } }, 1, 0, "'value' must not be negative" },
	{ "empirical", { { "values", 1 } }, 1, -1,
	  "empirical takes a list of durations: 'values: [...]'" },
	{ "beta", { { "a", 1 } }, 1, -1, "missing parameter 'b' for beta (expects a, b)" },
	{ "beta", { { "a", 2 }, { "b", 0 } }, 2, 1, "'b' must be positive" },
	{ "bell", { { "a", 1 } }, 1, -1,
	  "unknown distribution 'bell' (expected one of constant, exponential, uniform, "
	  "triangular, pert, normal, lognormal, gamma, erlang, weibull, empirical, beta)" },
};

START_TEST(test_errors)
{
	const struct error_case *c = &error_cases[_i];
	struct wf_dist d;
	struct wf_dist_error err;
	int rc = wf_dist_make(&d, c->dist, c->p, c->n, &err);

	if (c->msg == NULL) {
		/* Parameter order does not matter. */
		ck_assert_msg(rc == 0, "%s", err.msg);
		ck_assert(d.mean == 3 && d.var == 4.5);
		return;
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err.msg, c->msg);
	ck_assert_int_eq(err.param, c->param);
}
END_TEST

START_TEST(test_empirical_errors)
{
	const double bad[] = { 1, -1, 2 }, inf[] = { 1, INFINITY };
	struct wf_dist d;
	struct wf_dist_error err;

	ck_assert_int_eq(wf_dist_make_empirical(&d, bad, 0, &err), -1);
	ck_assert_str_eq(err.msg, "empirical needs at least one value");
	ck_assert_int_eq(err.param, -1);
	ck_assert_int_eq(wf_dist_make_empirical(&d, bad, 3, &err), -1);
	ck_assert_str_eq(err.msg, "value 2 of empirical (-1) must not be negative");
	ck_assert_int_eq(err.param, 1);
	ck_assert(d.values == NULL);
	ck_assert_int_eq(wf_dist_make_empirical(&d, inf, 2, &err), -1);
	ck_assert_str_eq(err.msg, "value 2 of empirical must be a finite number");
}
END_TEST

START_TEST(test_names_and_kinds)
{
	char names[256], *tok, *save;
	int n = 0;

	strcpy(names, wf_dist_names());
	for (tok = strtok_r(names, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
		ck_assert_msg(wf_dist_known(tok), "'%s' listed but unknown", tok);
		n++;
	}
	ck_assert_int_eq(n, WF_DIST_BETA + 1);
	ck_assert(wf_dist_known("beta"));
	ck_assert(!wf_dist_known("bell"));
	ck_assert(!wf_dist_known(""));

	ck_assert_int_eq(wf_dist_param_kind("normal", "mean"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("normal", "sd"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("constant", "value"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("triangular", "mode"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("gamma", "scale"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("weibull", "scale"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("gamma", "shape"), WF_PARAM_NUMBER);
	ck_assert_int_eq(wf_dist_param_kind("erlang", "k"), WF_PARAM_NUMBER);
	ck_assert_int_eq(wf_dist_param_kind("lognormal", "mu"), WF_PARAM_NUMBER);
	ck_assert_int_eq(wf_dist_param_kind("lognormal", "sigma"), WF_PARAM_NUMBER);
	ck_assert_int_eq(wf_dist_param_kind("exponential", "rate"), WF_PARAM_RATE);
	ck_assert_int_eq(wf_dist_param_kind("empirical", "values"), WF_PARAM_DURATION);
	ck_assert_int_eq(wf_dist_param_kind("normal", "sigma"), WF_PARAM_UNKNOWN);
	ck_assert_int_eq(wf_dist_param_kind("normal", "dist"), WF_PARAM_UNKNOWN);
	ck_assert_int_eq(wf_dist_param_kind("nosuch", "mean"), WF_PARAM_UNKNOWN);
}
END_TEST

static Suite *
dist_suite(void)
{
	Suite *s = suite_create("dist");
	TCase *tc;

	tc = tcase_create("moments");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_moments, 0, sizeof(moment_cases) / sizeof(moment_cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("constant and degenerate");
	tcase_add_test(tc, test_constant);
	tcase_add_test(tc, test_exponential_at_zero);
	tcase_add_loop_test(tc, test_shape, 0, 3);
	tcase_add_test(tc, test_degenerate);
	suite_add_tcase(s, tc);
	tc = tcase_create("normal truncation");
	tcase_add_test(tc, test_normal_truncated);
	suite_add_tcase(s, tc);
	tc = tcase_create("empirical");
	tcase_add_test(tc, test_empirical);
	tcase_add_test(tc, test_empirical_single);
	tcase_add_test(tc, test_empirical_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("reproducible");
	tcase_add_test(tc, test_reproducible);
	suite_add_tcase(s, tc);
	tc = tcase_create("validation messages");
	tcase_add_loop_test(tc, test_errors, 0, sizeof(error_cases) / sizeof(error_cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("names and parameter kinds");
	tcase_add_test(tc, test_names_and_kinds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(dist_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
