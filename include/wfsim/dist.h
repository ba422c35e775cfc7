/* Probability distributions for durations and interarrival times: a tagged struct with
 * parameters checked and precomputed once, sampled through GSL from any gsl_rng. */
#ifndef WFSIM_DIST_H
#define WFSIM_DIST_H
#include <stddef.h>
#include <gsl/gsl_rng.h>

enum wf_dist_kind {
	WF_DIST_CONSTANT, WF_DIST_EXPONENTIAL, WF_DIST_UNIFORM, WF_DIST_TRIANGULAR, WF_DIST_PERT,
	WF_DIST_NORMAL, WF_DIST_LOGNORMAL, WF_DIST_GAMMA, WF_DIST_ERLANG, WF_DIST_WEIBULL,
	WF_DIST_EMPIRICAL, WF_DIST_BETA
};

struct wf_dist {
	enum wf_dist_kind kind;
	double a, b, c, d;	/* precomputed, meaning depends on kind */
	double *values;		/* empirical: owned, sorted */
	size_t n_values;
	double mean;		/* the distribution's mean (after truncation at 0 for normal) */
	double var;		/* its variance, for the capacity analysis and tests */
};

/* What the loader must parse a parameter as. */
enum wf_param_kind { WF_PARAM_UNKNOWN, WF_PARAM_DURATION, WF_PARAM_NUMBER, WF_PARAM_RATE };

/* A parameter by name with its value already converted to model units (durations) or per
 * model unit (rates). */
struct wf_dist_param {
	const char *name;
	double value;
};

struct wf_dist_error {
	int param;		/* index of the offending parameter in the caller's array, or -1 */
	char msg[256];		/* lower case, e.g. "'sd' must be positive" */
};

/* Returns 1 if `name` is a known distribution. */
int wf_dist_known(const char *name);
/* Comma-separated list of known distributions, for "expected one of ..." messages. */
const char *wf_dist_names(void);
/* The parameters `dist` expects, for messages: "mean, sd or mu, sigma"; "" if unknown. */
void wf_dist_expects(const char *dist, char *buf, size_t len);
/* How parameter `param` of distribution `dist` is written; UNKNOWN if it has no such one.
 * mean, sd, min, mode, max, value and scale (of gamma and weibull) are durations; shape, k, mu,
 * sigma and beta's a, b plain numbers; rate a rate; empirical's 'values' is DURATION (each element). */
enum wf_param_kind wf_dist_param_kind(const char *dist, const char *param);
/* Builds a distribution from named parameters.  Checks that each parameter belongs to the
 * distribution, that the required ones are present (one accepted parameter set: e.g.
 * exponential takes mean or rate; lognormal mean+sd or mu+sigma), and their values (sd >= 0,
 * min <= mode <= max, shape > 0 ...).  0, or -1 with err filled (err may be NULL); err->param
 * is the offending index, or -1 for a missing parameter or an unknown distribution.
 * Parameters that leave no spread (sd 0, sigma 0, min == max) give kind WF_DIST_CONSTANT.
 * Normal requires mean >= 0, so truncation rejects less than half the draws.
 * Not for "empirical".  d owns nothing on failure. */
int wf_dist_make(struct wf_dist *d, const char *dist, const struct wf_dist_param *params,
		 size_t n, struct wf_dist_error *err);
/* Empirical distribution resampling `values` (copied and sorted; each drawn with probability
 * 1/n, mean and var are the population moments); n >= 1, all finite and >= 0.  0 or -1 (err
 * names the value by its 1-based position, err->param its index). */
int wf_dist_make_empirical(struct wf_dist *d, const double *values, size_t n, struct wf_dist_error *err);
/* The constant `value`. */
void wf_dist_constant(struct wf_dist *d, double value);
/* Frees the empirical values (safe on any made or zeroed distribution). */
void wf_dist_fini(struct wf_dist *d);
/* A deep copy: dst owns its own values. */
void wf_dist_copy(struct wf_dist *dst, const struct wf_dist *src);

/* One draw, >= 0 for every kind (normal is truncated at 0 by rejection).  Thread-safe for a
 * shared const d with one gsl_rng per thread. */
double wf_dist_sample(const struct wf_dist *d, gsl_rng *r);

/* P(X <= x), or P(X < x) when strict, exactly (GSL's gsl_cdf_* where there is one; normal as
 * truncated at 0, empirical by counting).  Only the constant and empirical kinds have atoms,
 * so for the others strict makes no difference. */
double wf_dist_cdf(const struct wf_dist *d, double x, int strict);

#endif
