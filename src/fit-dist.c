/* Maximum-likelihood fits of duration distributions for `wfsim fit`: exponential and
 * lognormal in closed form, gamma and Weibull by GSL's Brent minimiser on the profile
 * likelihood of the shape; the family of least AIC is chosen, and its Kolmogorov-Smirnov
 * distance says whether it fits at all. */
#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include "wfsim/fit.h"

static const char *const family_names[WF_FIT_N_FAMILIES] = {
	"exponential", "lognormal", "gamma", "weibull"
};

const char *
wf_fit_family_name(enum wf_fit_family f)
{
	return family_names[f];
}

double
wf_fit_quantile(const double *sorted, size_t n, double p)
{
	double h, lo;
	size_t i;

	if (n == 0)
		return NAN;
	h = (double)(n - 1) * p;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

/* Minimises f over u in [lo, hi]: a grid first (so that the bracket GSL's Brent method
 * needs is a true one), then Brent from the best grid point.  Returns the minimiser. */
static double
minimise(double (*f)(double, void *), void *ctx, double lo, double hi)
{
	const int n = 64;
	double step = (hi - lo) / n, best_u = lo, best = INFINITY, a, b, fa, fb, fm;
	gsl_min_fminimizer *s;
	gsl_function fn;
	int i, iter;

	for (i = 0; i <= n; i++) {
		double u = lo + i * step, v = f(u, ctx);

		if (v < best) {
			best = v;
			best_u = u;
		}
	}
	a = best_u - step;
	b = best_u + step;
	if (a < lo || b > hi)
		return best_u;
	fa = f(a, ctx);
	fb = f(b, ctx);
	fm = best;
	if (!(fm < fa && fm < fb))
		return best_u;
	fn.function = f;
	fn.params = ctx;
	s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
	gsl_min_fminimizer_set_with_values(s, &fn, best_u, fm, a, fa, b, fb);
	for (iter = 0; iter < 100; iter++) {
		gsl_min_fminimizer_iterate(s);
		if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(s),
					  gsl_min_fminimizer_x_upper(s), 1e-10, 1e-10) == GSL_SUCCESS)
			break;
	}
	best_u = gsl_min_fminimizer_x_minimum(s);
	gsl_min_fminimizer_free(s);
	return best_u;
}

/* Gamma: the negative log-likelihood per observation at shape k = e^u, with the scale at
 * its MLE (mean / k); depends on the data only through the means of x and log x. */
struct gamma_ctx {
	double mean, mean_log;
};

static double
gamma_nll(double u, void *p)
{
	const struct gamma_ctx *g = p;
	double k = exp(u);

	return -((k - 1) * g->mean_log - k - k * log(g->mean / k) - gsl_sf_lngamma(k));
}

/* Weibull: the negative profile log-likelihood per observation at shape k = e^u, the scale
 * at its MLE (mean of x^k)^(1/k); x is scaled by its mean so that x^k stays finite. */
struct weibull_ctx {
	const double *x;
	size_t n;
	double c, mean_log;
};

static double
weibull_sum(const struct weibull_ctx *w, double k)
{
	double s = 0;
	size_t i;

	for (i = 0; i < w->n; i++)
		s += pow(w->x[i] / w->c, k);
	return s / (double)w->n;
}

static double
weibull_nll(double u, void *p)
{
	const struct weibull_ctx *w = p;
	double k = exp(u);

	return -(log(k) - log(weibull_sum(w, k)) - k * log(w->c) + (k - 1) * w->mean_log - 1);
}

static double
cdf(int fam, const struct wf_fit_candidate *c, double x)
{
	switch (fam) {
	case WF_FIT_EXPONENTIAL: return gsl_cdf_exponential_P(x, c->p1);
	case WF_FIT_LOGNORMAL: return x > 0 ? gsl_cdf_lognormal_P(x, c->p1, c->p2) : 0;
	case WF_FIT_GAMMA: return gsl_cdf_gamma_P(x, c->p1, c->p2);
	default: return gsl_cdf_weibull_P(x, c->p2, c->p1);
	}
}

static double
log_pdf(int fam, const struct wf_fit_candidate *c, double x)
{
	double z;

	switch (fam) {
	case WF_FIT_EXPONENTIAL:
		return -log(c->p1) - x / c->p1;
	case WF_FIT_LOGNORMAL:
		z = (log(x) - c->p1) / c->p2;
		return -log(x) - log(c->p2) - 0.5 * log(2 * M_PI) - 0.5 * z * z;
	case WF_FIT_GAMMA:
		return (c->p1 - 1) * log(x) - x / c->p2 - c->p1 * log(c->p2) - gsl_sf_lngamma(c->p1);
	default:
		return log(c->p1 / c->p2) + (c->p1 - 1) * log(x / c->p2) - pow(x / c->p2, c->p1);
	}
}

void
wf_fit_durations(struct wf_fit_durations *d, struct wf_fit_result *r)
{
	const double *x = d->sample;
	size_t m = d->n_sample, i;
	double mean, sample_log = 0;
	int f;

	memset(r, 0, sizeof(*r));
	r->best = -1;
	if (d->n < 2 || m < 2)
		return;
	gsl_sort(d->sample, 1, m);
	mean = d->sum / (double)d->n;
	r->ks_critical = 1.628 / sqrt((double)m);
	if (mean > 0) {
		r->c[WF_FIT_EXPONENTIAL].ok = 1;
		r->c[WF_FIT_EXPONENTIAL].p1 = mean;
	}
	if (d->zeros == 0 && d->max > d->min) {
		double n = (double)d->n, ml = d->sum_log / n, var = d->sum_log2 / n - ml * ml;
		struct gamma_ctx g = { mean, ml };
		struct weibull_ctx w = { x, m, 0, 0 };
		double k;

		if (var > 0) {
			r->c[WF_FIT_LOGNORMAL] = (struct wf_fit_candidate){ 1, ml, sqrt(var), 0, 0, 0 };
			/* log(mean) - mean(log) > 0 by Jensen: the shape's profile has one minimum */
			k = exp(minimise(gamma_nll, &g, -7, 14));
			r->c[WF_FIT_GAMMA] = (struct wf_fit_candidate){ 1, k, mean / k, 0, 0, 0 };
		}
		for (i = 0; i < m; i++) {
			w.c += x[i];
			sample_log += log(x[i]);
		}
		w.c /= (double)m;
		w.mean_log = sample_log / (double)m;
		k = exp(minimise(weibull_nll, &w, -5, 5));
		r->c[WF_FIT_WEIBULL] = (struct wf_fit_candidate){
			1, k, w.c * pow(weibull_sum(&w, k), 1 / k), 0, 0, 0 };
	}
	for (f = 0; f < WF_FIT_N_FAMILIES; f++) {
		struct wf_fit_candidate *c = &r->c[f];
		double ll = 0, dmax = 0;

		if (!c->ok)
			continue;
		for (i = 0; i < m; i++) {
			double F = cdf(f, c, x[i]);
			double lo = F - (double)i / (double)m, hi = (double)(i + 1) / (double)m - F;

			ll += log_pdf(f, c, x[i]);
			if (lo > dmax)
				dmax = lo;
			if (hi > dmax)
				dmax = hi;
		}
		c->loglik = ll;
		c->aic = 2.0 * (f == WF_FIT_EXPONENTIAL ? 1 : 2) - 2 * ll;
		c->ks = dmax;
		if (!isfinite(c->aic)) {
			c->ok = 0;
			continue;
		}
		if (r->best < 0 || c->aic < r->c[r->best].aic)
			r->best = f;
	}
	r->fits = r->best >= 0 && r->c[r->best].ks <= r->ks_critical;
}
