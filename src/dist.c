/* Distributions of durations and interarrival times: named parameters are checked once,
 * turned into the sampler's own parameters, and the exact mean and variance are kept for the
 * capacity analysis.  Draws go through GSL's samplers, or ziggurats of our own (exponential),
 * so any gsl_rng works. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "wfsim/dist.h"
#include "wfsim/rng.h"
#include "wfsim/xalloc.h"

/* Meaning of a, b, c, d per kind (set by the check functions below):
 *   constant     a = value
 *   exponential  a = mean
 *   uniform      a = min, b = max
 *   triangular   a = min, b = mode, c = max, d = (mode - min) / (max - min), the CDF at mode
 *   pert         a = min, b = max - min, c = alpha, d = beta
 *   normal       a = mean, b = sd (before truncation)
 *   lognormal    a = mu, b = sigma
 *   gamma        a = shape, b = scale
 *   erlang       a = k, b = scale = mean / k
 *   weibull      a = shape, b = scale
 *   empirical    values[0..n_values), sorted
 *   beta         a = a, b = b (on [0, 1]: a share, a confidence)
 * Degenerate parameters (sd 0, min == max ...) give kind CONSTANT: no draw is wasted on them,
 * and as each step visit has its own stream, that shifts no other draw. */

#define MAX_PARAMS	3	/* parameters in one set */
#define MAX_SETS	2	/* alternative parameter sets of one distribution */

struct dist_type {
	const char *name;
	enum wf_dist_kind kind;
	/* Accepted parameter sets, NULL-terminated; a model uses exactly one of them. */
	const char *sets[MAX_SETS][MAX_PARAMS + 1];
	/* v: the set's values in the set's order; at: their indices in the caller's array. */
	int (*check)(struct wf_dist *d, int set, const double *v, const int *at,
		     struct wf_dist_error *err);
	double (*sample)(const struct wf_dist *d, gsl_rng *r);
};

static void
fail(struct wf_dist_error *err, int param, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct wf_dist_error *err, int param, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->param = param;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* Value checks shared by the distributions; each returns 0 or -1 with err filled. */
static int
need_nonneg(const char *name, double v, int at, struct wf_dist_error *err)
{
	if (v >= 0)
		return 0;
	fail(err, at, "'%s' must not be negative", name);
	return -1;
}

static int
need_pos(const char *name, double v, int at, struct wf_dist_error *err)
{
	if (v > 0)
		return 0;
	fail(err, at, "'%s' must be positive", name);
	return -1;
}

/* lo <= hi, blaming the first of the two (the one most likely mistyped is unknowable). */
static int
need_le(const char *lo_name, double lo, int lo_at, const char *hi_name, double hi,
	struct wf_dist_error *err)
{
	if (lo <= hi)
		return 0;
	fail(err, lo_at, "'%s' (%g) must not exceed '%s' (%g)", lo_name, lo, hi_name, hi);
	return -1;
}

static void
set_constant(struct wf_dist *d, double value)
{
	d->kind = WF_DIST_CONSTANT;
	d->a = value;
	d->b = d->c = d->d = 0;
	d->mean = value;
	d->var = 0;
}

static int
check_constant(struct wf_dist *d, int set, const double *v, const int *at,
	       struct wf_dist_error *err)
{
	if (need_nonneg("value", v[0], at[0], err) == -1)
		return -1;
	set_constant(d, v[0]);
	return 0;
}

static double
sample_constant(const struct wf_dist *d, gsl_rng *r)
{
	return d->a;
}

/* The exponential by Marsaglia and Tsang's ziggurat ("The ziggurat method for generating
 * random variables", JSS 2000): 256 layers of equal area under exp(-x); a draw picks a layer
 * and a point in it, and 98.9% of the time the point lies in the layer's part wholly under
 * the curve and is returned after one multiply, with no logarithm (inversion's log was a
 * fifth of the time of an M/M/c run).  Unlike the paper, which reuses the layer's 8 bits
 * as low bits of the point, the layer and the point come from disjoint bits of one 64-bit
 * word (Doornik, "An improved ziggurat method", 2005): bits 0-7 pick the layer, bits 11-63
 * place the point. */
#define ZIG_LAYERS	256
#define ZIG_R		7.697117470131487	/* right edge of the base layer */
#define ZIG_V		3.949659822581572e-3	/* the area of each layer */
#define ZIG_SCALE	9007199254740992.0	/* 2^53: the point is a 53-bit integer */

static struct {
	uint64_t k[ZIG_LAYERS];	/* the point is wholly under the curve when below k[i] */
	double w[ZIG_LAYERS];	/* x = point * w[i] */
	double f[ZIG_LAYERS];	/* exp(-x) at the layer's right edge */
} zig;
/* Built once, by the first check_exponential: every exponential wf_dist is made by it (or
 * copied from one that was), and a model is loaded before the threads that sample it start,
 * so the samplers only ever read the tables. */
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

/* The paper's zigset for the exponential, with 2^53 in place of 2^32.  Layer 0 is the base
 * with the tail: a rectangle of the same area ZIG_V, q wide. */
static void
zig_init(void)
{
	double x = ZIG_R, prev = ZIG_R, q = ZIG_V / exp(-ZIG_R);
	int i;

	zig.k[0] = (uint64_t)(ZIG_R / q * ZIG_SCALE);
	zig.k[1] = 0;
	zig.w[0] = q / ZIG_SCALE;
	zig.w[ZIG_LAYERS - 1] = ZIG_R / ZIG_SCALE;
	zig.f[0] = 1;
	zig.f[ZIG_LAYERS - 1] = exp(-ZIG_R);
	for (i = ZIG_LAYERS - 2; i >= 1; i--) {
		x = -log(ZIG_V / x + exp(-x));
		zig.k[i + 1] = (uint64_t)(x / prev * ZIG_SCALE);
		prev = x;
		zig.f[i] = exp(-x);
		zig.w[i] = x / ZIG_SCALE;
	}
}

/* A standard exponential (mean 1).  A generator of fewer than 32 bits an output (none that
 * wfsim uses) falls back to inversion; 0 - log(..) keeps u = 0 at +0, not -0. */
static double
exponential1(gsl_rng *r)
{
	uint64_t b, u;
	unsigned i;
	double x;

	if (r->type != wf_rng_keyed && (gsl_rng_min(r) != 0 || gsl_rng_max(r) != 0xffffffffUL))
		return 0.0 - log(1.0 - wf_rng_uniform(r));
	for (;;) {
		b = wf_rng_u64(r);
		i = (unsigned)(b & (ZIG_LAYERS - 1));
		u = b >> 11;
		if (u < zig.k[i])
			return (double)u * zig.w[i];
		if (i == 0)	/* the tail beyond R: R plus an exponential, by memorylessness */
			return ZIG_R + (0.0 - log(1.0 - wf_rng_uniform(r)));
		/* the wedge: under the curve with probability (exp(-x) - f[i]) / (f[i-1] - f[i]) */
		x = (double)u * zig.w[i];
		if (zig.f[i] + wf_rng_uniform(r) * (zig.f[i - 1] - zig.f[i]) < exp(-x))
			return x;
	}
}

static int
check_exponential(struct wf_dist *d, int set, const double *v, const int *at,
		  struct wf_dist_error *err)
{
	if (need_pos(set == 0 ? "mean" : "rate", v[0], at[0], err) == -1)
		return -1;
	pthread_once(&zig_once, zig_init);	/* the sampler's tables, once per process */
	d->a = set == 0 ? v[0] : 1 / v[0];
	d->mean = d->a;
	d->var = d->a * d->a;
	return 0;
}

static double
sample_exponential(const struct wf_dist *d, gsl_rng *r)
{
	return exponential1(r) * d->a;
}

static int
check_uniform(struct wf_dist *d, int set, const double *v, const int *at,
	      struct wf_dist_error *err)
{
	if (need_nonneg("min", v[0], at[0], err) == -1 ||
	    need_le("min", v[0], at[0], "max", v[1], err) == -1)
		return -1;
	if (v[0] == v[1]) {
		set_constant(d, v[0]);
		return 0;
	}
	d->a = v[0];
	d->b = v[1];
	d->mean = (v[0] + v[1]) / 2;
	d->var = (v[1] - v[0]) * (v[1] - v[0]) / 12;
	return 0;
}

static double
sample_uniform(const struct wf_dist *d, gsl_rng *r)
{
	return gsl_ran_flat(r, d->a, d->b);
}

/* min <= mode <= max, all >= 0: shared by triangular and pert. */
static int
check_three_point(const double *v, const int *at, struct wf_dist_error *err)
{
	if (need_nonneg("min", v[0], at[0], err) == -1 ||
	    need_le("min", v[0], at[0], "mode", v[1], err) == -1 ||
	    need_le("mode", v[1], at[1], "max", v[2], err) == -1)
		return -1;
	return 0;
}

static int
check_triangular(struct wf_dist *d, int set, const double *v, const int *at,
		 struct wf_dist_error *err)
{
	double a = v[0], b = v[1], c = v[2];

	if (check_three_point(v, at, err) == -1)
		return -1;
	if (a == c) {
		set_constant(d, a);
		return 0;
	}
	d->a = a;
	d->b = b;
	d->c = c;
	d->d = (b - a) / (c - a);
	d->mean = (a + b + c) / 3;
	d->var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
	return 0;
}

/* Inverse CDF: one uniform per draw, so a triangular step consumes its stream like any other. */
static double
sample_triangular(const struct wf_dist *d, gsl_rng *r)
{
	double u = wf_rng_uniform(r);

	if (u < d->d)
		return d->a + sqrt(u * (d->c - d->a) * (d->b - d->a));
	return d->c - sqrt((1 - u) * (d->c - d->a) * (d->c - d->b));
}

/* Beta-PERT with lambda 4: alpha + beta = 6, so the mean is (min + 4 mode + max) / 6. */
static int
check_pert(struct wf_dist *d, int set, const double *v, const int *at,
	   struct wf_dist_error *err)
{
	double range = v[2] - v[0], al, be;

	if (check_three_point(v, at, err) == -1)
		return -1;
	if (range == 0) {
		set_constant(d, v[0]);
		return 0;
	}
	al = 1 + 4 * (v[1] - v[0]) / range;
	be = 1 + 4 * (v[2] - v[1]) / range;
	d->a = v[0];
	d->b = range;
	d->c = al;
	d->d = be;
	d->mean = v[0] + range * al / (al + be);
	d->var = range * range * al * be / ((al + be) * (al + be) * (al + be + 1));
	return 0;
}

static double
sample_pert(const struct wf_dist *d, gsl_rng *r)
{
	return d->a + d->b * gsl_ran_beta(r, d->c, d->d);
}

/* Truncation at 0 keeps the mass above 0 and renormalises.  With mean >= 0 at least half the
 * mass is kept, so rejection takes under two tries on average.  Moments of the truncated
 * normal with alpha = -mean/sd and lambda = phi(alpha) / (1 - Phi(alpha)):
 * mean + sd lambda and sd^2 (1 + alpha lambda - lambda^2). */
static int
check_normal(struct wf_dist *d, int set, const double *v, const int *at,
	     struct wf_dist_error *err)
{
	double mu = v[0], sd = v[1], alpha, lambda;

	if (need_nonneg("mean", mu, at[0], err) == -1 ||
	    need_nonneg("sd", sd, at[1], err) == -1)
		return -1;
	if (sd == 0) {
		set_constant(d, mu);
		return 0;
	}
	alpha = -mu / sd;
	lambda = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha);
	d->a = mu;
	d->b = sd;
	d->mean = mu + sd * lambda;
	d->var = sd * sd * (1 + alpha * lambda - lambda * lambda);
	return 0;
}

static double
sample_normal(const struct wf_dist *d, gsl_rng *r)
{
	double x;

	do
		x = d->a + gsl_ran_gaussian_ziggurat(r, d->b);
	while (x < 0);
	return x;
}

/* Set 0 gives the distribution's own mean and sd: sigma^2 = log(1 + sd^2/mean^2) and
 * mu = log(mean) - sigma^2/2.  Set 1 gives mu and sigma of the underlying normal. */
static int
check_lognormal(struct wf_dist *d, int set, const double *v, const int *at,
		struct wf_dist_error *err)
{
	double s2;

	if (set == 0) {
		if (need_pos("mean", v[0], at[0], err) == -1 ||
		    need_nonneg("sd", v[1], at[1], err) == -1)
			return -1;
		if (v[1] == 0) {
			set_constant(d, v[0]);
			return 0;
		}
		s2 = log1p(v[1] * v[1] / (v[0] * v[0]));
		d->a = log(v[0]) - s2 / 2;
		d->b = sqrt(s2);
		d->mean = v[0];
		d->var = v[1] * v[1];
		return 0;
	}
	if (need_nonneg("sigma", v[1], at[1], err) == -1)
		return -1;
	if (v[1] == 0) {
		set_constant(d, exp(v[0]));
		return 0;
	}
	s2 = v[1] * v[1];
	d->a = v[0];
	d->b = v[1];
	d->mean = exp(v[0] + s2 / 2);
	d->var = expm1(s2) * exp(2 * v[0] + s2);
	return 0;
}

/* The ziggurat normal (as for the normal above) costs about one 32-bit word and no
 * logarithm per draw, where gsl_ran_lognormal's polar method takes two uniforms, a log and a
 * square root and rejects a fifth of its pairs. */
static double
sample_lognormal(const struct wf_dist *d, gsl_rng *r)
{
	return exp(d->a + gsl_ran_gaussian_ziggurat(r, d->b));
}

/* Set 0: shape and scale; set 1: mean and sd, so shape = (mean/sd)^2, scale = sd^2/mean. */
static int
check_gamma(struct wf_dist *d, int set, const double *v, const int *at,
	    struct wf_dist_error *err)
{
	if (set == 0) {
		if (need_pos("shape", v[0], at[0], err) == -1 ||
		    need_pos("scale", v[1], at[1], err) == -1)
			return -1;
		d->a = v[0];
		d->b = v[1];
	} else {
		if (need_pos("mean", v[0], at[0], err) == -1 ||
		    need_nonneg("sd", v[1], at[1], err) == -1)
			return -1;
		if (v[1] == 0) {
			set_constant(d, v[0]);
			return 0;
		}
		d->a = v[0] * v[0] / (v[1] * v[1]);
		d->b = v[1] * v[1] / v[0];
	}
	d->mean = d->a * d->b;
	d->var = d->a * d->b * d->b;
	return 0;
}

static double
sample_gamma(const struct wf_dist *d, gsl_rng *r)
{
	return gsl_ran_gamma(r, d->a, d->b);
}

static int
check_erlang(struct wf_dist *d, int set, const double *v, const int *at,
	     struct wf_dist_error *err)
{
	if (!(v[0] >= 1 && v[0] == floor(v[0]))) {
		fail(err, at[0], "'k' must be a whole number >= 1");
		return -1;
	}
	if (need_pos("mean", v[1], at[1], err) == -1)
		return -1;
	d->a = v[0];
	d->b = v[1] / v[0];
	d->mean = v[1];
	d->var = v[1] * v[1] / v[0];
	return 0;
}

/* Shares the gamma sampler: an Erlang is a gamma of whole shape. */

/* Mean scale Gamma(1 + 1/shape), variance scale^2 (Gamma(1 + 2/shape) - Gamma(1 + 1/shape)^2);
 * tgamma overflows to inf for tiny shapes, which the caller's finiteness check reports. */
static int
check_weibull(struct wf_dist *d, int set, const double *v, const int *at,
	      struct wf_dist_error *err)
{
	double g1, g2;

	if (need_pos("shape", v[0], at[0], err) == -1 ||
	    need_pos("scale", v[1], at[1], err) == -1)
		return -1;
	g1 = tgamma(1 + 1 / v[0]);
	g2 = tgamma(1 + 2 / v[0]);
	d->a = v[0];
	d->b = v[1];
	d->mean = v[1] * g1;
	d->var = v[1] * v[1] * (g2 - g1 * g1);
	return 0;
}

static double
sample_weibull(const struct wf_dist *d, gsl_rng *r)
{
	return gsl_ran_weibull(r, d->b, d->a);
}

static int
check_beta(struct wf_dist *d, int set, const double *v, const int *at, struct wf_dist_error *err)
{
	(void)set;
	if (need_pos("a", v[0], at[0], err) == -1 || need_pos("b", v[1], at[1], err) == -1)
		return -1;
	d->a = v[0];
	d->b = v[1];
	d->mean = v[0] / (v[0] + v[1]);
	d->var = v[0] * v[1] / ((v[0] + v[1]) * (v[0] + v[1]) * (v[0] + v[1] + 1));
	return 0;
}

static double
sample_beta(const struct wf_dist *d, gsl_rng *r)
{
	return gsl_ran_beta(r, d->a, d->b);
}

static double
sample_empirical(const struct wf_dist *d, gsl_rng *r)
{
	/* u < 1, but u * n can round up to n when n is large: clamp. */
	size_t i = (size_t)(wf_rng_uniform(r) * (double)d->n_values);

	if (i >= d->n_values)
		i = d->n_values - 1;
	return d->values[i];
}

/* Indexed by enum wf_dist_kind (a test checks the order): adding a distribution is a row here,
 * a kind in dist.h, a check and a sample function.  empirical has no check: its values are a
 * list, built by wf_dist_make_empirical. */
static const struct dist_type dist_types[] = {
	{ "constant",    WF_DIST_CONSTANT,    { { "value" } },
	  check_constant, sample_constant },
	{ "exponential", WF_DIST_EXPONENTIAL, { { "mean" }, { "rate" } },
	  check_exponential, sample_exponential },
	{ "uniform",     WF_DIST_UNIFORM,     { { "min", "max" } },
	  check_uniform, sample_uniform },
	{ "triangular",  WF_DIST_TRIANGULAR,  { { "min", "mode", "max" } },
	  check_triangular, sample_triangular },
	{ "pert",        WF_DIST_PERT,        { { "min", "mode", "max" } },
	  check_pert, sample_pert },
	{ "normal",      WF_DIST_NORMAL,      { { "mean", "sd" } },
	  check_normal, sample_normal },
	{ "lognormal",   WF_DIST_LOGNORMAL,   { { "mean", "sd" }, { "mu", "sigma" } },
	  check_lognormal, sample_lognormal },
	{ "gamma",       WF_DIST_GAMMA,       { { "shape", "scale" }, { "mean", "sd" } },
	  check_gamma, sample_gamma },
	{ "erlang",      WF_DIST_ERLANG,      { { "k", "mean" } },
	  check_erlang, sample_gamma },
	{ "weibull",     WF_DIST_WEIBULL,     { { "shape", "scale" } },
	  check_weibull, sample_weibull },
	{ "empirical",   WF_DIST_EMPIRICAL,   { { "values" } },
	  NULL, sample_empirical },
	{ "beta",        WF_DIST_BETA,        { { "a", "b" } },
	  check_beta, sample_beta },
};
#define N_TYPES	(sizeof(dist_types) / sizeof(dist_types[0]))

/* How each parameter name is written in a model.  The scale of gamma and weibull is a
 * duration (it carries the time unit); shapes, k, mu and sigma are plain numbers; each element
 * of empirical's 'values' list is a duration. */
static const struct {
	const char *name;
	enum wf_param_kind kind;
} param_kinds[] = {
	{ "value", WF_PARAM_DURATION }, { "mean", WF_PARAM_DURATION }, { "sd", WF_PARAM_DURATION },
	{ "min", WF_PARAM_DURATION }, { "mode", WF_PARAM_DURATION }, { "max", WF_PARAM_DURATION },
	{ "scale", WF_PARAM_DURATION }, { "values", WF_PARAM_DURATION },
	{ "shape", WF_PARAM_NUMBER }, { "k", WF_PARAM_NUMBER }, { "mu", WF_PARAM_NUMBER },
	{ "sigma", WF_PARAM_NUMBER }, { "rate", WF_PARAM_RATE },
	{ "a", WF_PARAM_NUMBER }, { "b", WF_PARAM_NUMBER },
};

static const struct dist_type *
find_type(const char *name)
{
	size_t i;

	for (i = 0; i < N_TYPES; i++)
		if (strcmp(dist_types[i].name, name) == 0)
			return &dist_types[i];
	return NULL;
}

/* The set of t containing `param`, or -1. */
static int
find_set(const struct dist_type *t, const char *param)
{
	int s, j;

	for (s = 0; s < MAX_SETS && t->sets[s][0] != NULL; s++)
		for (j = 0; t->sets[s][j] != NULL; j++)
			if (strcmp(t->sets[s][j], param) == 0)
				return s;
	return -1;
}

/* "mean, sd or mu, sigma": what a distribution expects, for messages. */
static void
expects(const struct dist_type *t, char *buf, size_t len)
{
	size_t used = 0;
	int s, j;

	buf[0] = '\0';
	for (s = 0; s < MAX_SETS && t->sets[s][0] != NULL; s++)
		for (j = 0; t->sets[s][j] != NULL; j++) {
			const char *sep = j > 0 ? ", " : s > 0 ? " or " : "";
			int w = snprintf(buf + used, len - used, "%s%s", sep, t->sets[s][j]);

			if (w < 0 || (size_t)w >= len - used)
				return;
			used += (size_t)w;
		}
}

void
wf_dist_expects(const char *dist, char *buf, size_t len)
{
	const struct dist_type *t = find_type(dist);

	if (t == NULL)
		snprintf(buf, len, "%s", "");
	else
		expects(t, buf, len);
}

int
wf_dist_known(const char *name)
{
	return find_type(name) != NULL;
}

const char *
wf_dist_names(void)
{
	/* Kept equal to the table's names by a test. */
	return "constant, exponential, uniform, triangular, pert, normal, lognormal, gamma, "
	    "erlang, weibull, empirical, beta";
}

enum wf_param_kind
wf_dist_param_kind(const char *dist, const char *param)
{
	const struct dist_type *t = find_type(dist);
	size_t i;

	if (t == NULL || find_set(t, param) == -1)
		return WF_PARAM_UNKNOWN;
	for (i = 0; i < sizeof(param_kinds) / sizeof(param_kinds[0]); i++)
		if (strcmp(param_kinds[i].name, param) == 0)
			return param_kinds[i].kind;
	return WF_PARAM_UNKNOWN;
}

int
wf_dist_make(struct wf_dist *d, const char *dist, const struct wf_dist_param *params,
	     size_t n, struct wf_dist_error *err)
{
	const struct dist_type *t = find_type(dist);
	double v[MAX_PARAMS];
	int at[MAX_PARAMS];
	char expect[128];
	int set = -1, j;
	size_t i, k;

	memset(d, 0, sizeof(*d));
	if (err != NULL) {
		err->param = -1;
		err->msg[0] = '\0';
	}
	if (t == NULL) {
		fail(err, -1, "unknown distribution '%s' (expected one of %s)", dist,
		     wf_dist_names());
		return -1;
	}
	expects(t, expect, sizeof(expect));
	if (t->check == NULL) {
		fail(err, -1, "%s takes a list of durations: 'values: [...]'", t->name);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int s = find_set(t, params[i].name);

		if (s == -1) {
			fail(err, (int)i, "unknown parameter '%s' for %s (expects %s)",
			     params[i].name, t->name, expect);
			return -1;
		}
		for (k = 0; k < i; k++)
			if (strcmp(params[k].name, params[i].name) == 0) {
				fail(err, (int)i, "duplicate parameter '%s'", params[i].name);
				return -1;
			}
		if (set == -1)
			set = s;
		else if (s != set) {
			/* Name the earlier parameter of the other set, to show what clashes. */
			for (k = 0; find_set(t, params[k].name) != set; k++)
				;
			fail(err, (int)i, "'%s' cannot be combined with '%s' for %s (expects %s)",
			     params[i].name, params[k].name, t->name, expect);
			return -1;
		}
		if (!isfinite(params[i].value)) {
			fail(err, (int)i, "'%s' must be a finite number", params[i].name);
			return -1;
		}
	}
	if (set == -1)
		set = 0;
	for (j = 0; t->sets[set][j] != NULL; j++) {
		for (i = 0; i < n && strcmp(params[i].name, t->sets[set][j]) != 0; i++)
			;
		if (i == n) {
			fail(err, -1, "missing parameter '%s' for %s (expects %s)",
			     t->sets[set][j], t->name, expect);
			return -1;
		}
		v[j] = params[i].value;
		at[j] = (int)i;
	}
	d->kind = t->kind;
	if (t->check(d, set, v, at, err) == -1)
		return -1;
	if (!isfinite(d->mean) || !isfinite(d->var)) {
		fail(err, -1, "these parameters give %s an infinite mean or variance", t->name);
		return -1;
	}
	return 0;
}

static int
cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

int
wf_dist_make_empirical(struct wf_dist *d, const double *values, size_t n,
		       struct wf_dist_error *err)
{
	double sum = 0, ss = 0, mean;
	size_t i;

	memset(d, 0, sizeof(*d));
	if (err != NULL) {
		err->param = -1;
		err->msg[0] = '\0';
	}
	if (n == 0) {
		fail(err, -1, "empirical needs at least one value");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(values[i])) {
			fail(err, (int)i, "value %zu of empirical must be a finite number", i + 1);
			return -1;
		}
		if (values[i] < 0) {
			fail(err, (int)i, "value %zu of empirical (%g) must not be negative", i + 1,
			     values[i]);
			return -1;
		}
		sum += values[i];
	}
	d->kind = WF_DIST_EMPIRICAL;
	d->n_values = n;
	d->values = wf_xmalloc(n * sizeof(double));
	memcpy(d->values, values, n * sizeof(double));
	qsort(d->values, n, sizeof(double), cmp_double);
	/* Resampling draws each value with probability 1/n: population moments, two-pass. */
	mean = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (values[i] - mean) * (values[i] - mean);
	d->mean = mean;
	d->var = ss / (double)n;
	return 0;
}

void
wf_dist_constant(struct wf_dist *d, double value)
{
	memset(d, 0, sizeof(*d));
	set_constant(d, value);
}

void
wf_dist_fini(struct wf_dist *d)
{
	free(d->values);
	d->values = NULL;
	d->n_values = 0;
}

void
wf_dist_copy(struct wf_dist *dst, const struct wf_dist *src)
{
	*dst = *src;
	if (src->values != NULL) {
		dst->values = wf_xmalloc(src->n_values * sizeof(double));
		memcpy(dst->values, src->values, src->n_values * sizeof(double));
	}
}

double
wf_dist_sample(const struct wf_dist *d, gsl_rng *r)
{
	return dist_types[d->kind].sample(d, r);
}

double
wf_dist_cdf(const struct wf_dist *d, double x, int strict)
{
	double lo, p, z;
	size_t i, n;

	switch (d->kind) {
	case WF_DIST_CONSTANT:
		return strict ? (d->a < x) : (d->a <= x);
	case WF_DIST_EXPONENTIAL:
		return x <= 0 ? 0 : gsl_cdf_exponential_P(x, d->a);
	case WF_DIST_UNIFORM:
		return x <= d->a ? 0 : x >= d->b ? 1 : (x - d->a) / (d->b - d->a);
	case WF_DIST_TRIANGULAR:
		if (x <= d->a)
			return 0;
		if (x >= d->c)
			return 1;
		if (x <= d->b)
			return (x - d->a) * (x - d->a) / ((d->c - d->a) * (d->b - d->a));
		return 1 - (d->c - x) * (d->c - x) / ((d->c - d->a) * (d->c - d->b));
	case WF_DIST_PERT:
		z = (x - d->a) / d->b;
		return z <= 0 ? 0 : z >= 1 ? 1 : gsl_cdf_beta_P(z, d->c, d->d);
	case WF_DIST_NORMAL:
		/* truncated at 0 by rejection: the normal conditioned on >= 0 */
		if (x <= 0)
			return 0;
		lo = gsl_cdf_gaussian_P(-d->a, d->b);
		p = gsl_cdf_gaussian_P(x - d->a, d->b);
		return (p - lo) / (1 - lo);
	case WF_DIST_LOGNORMAL:
		return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, d->a, d->b);
	case WF_DIST_GAMMA:
	case WF_DIST_ERLANG:
		return x <= 0 ? 0 : gsl_cdf_gamma_P(x, d->a, d->b);
	case WF_DIST_WEIBULL:
		return x <= 0 ? 0 : gsl_cdf_weibull_P(x, d->b, d->a);
	case WF_DIST_EMPIRICAL:
		/* values sorted: count those below (or at) x */
		n = d->n_values;
		for (i = 0; i < n && (strict ? d->values[i] < x : d->values[i] <= x); i++)
			;
		return n > 0 ? (double)i / (double)n : 0;
	case WF_DIST_BETA:
		return x <= 0 ? 0 : x >= 1 ? 1 : gsl_cdf_beta_P(x, d->a, d->b);
	}
	return NAN;
}
