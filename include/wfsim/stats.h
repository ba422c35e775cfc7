/* Statistics in bounded memory: running moments (Welford), a fixed log-bucket histogram for
 * quantiles (relative error at most 1%), and summaries across replications (mean, sd, 95% CI
 * half-width from Student's t via GSL), paired differences. */
#ifndef WFSIM_STATS_H
#define WFSIM_STATS_H
#include <stddef.h>
#include <stdint.h>

struct wf_moments {
	double n, mean, m2;
};
void wf_moments_reset(struct wf_moments *m);
/* Welford's update: no catastrophic cancellation when the mean is large against the spread
 * (cycle times of days measured in seconds).  Inline: the engine adds four per case. */
static inline void
wf_moments_add(struct wf_moments *m, double x)
{
	double delta = x - m->mean;

	m->n += 1;
	m->mean += delta / m->n;
	m->m2 += delta * (x - m->mean);
}
double wf_moments_mean(const struct wf_moments *m);	/* NaN if n == 0 */
double wf_moments_var(const struct wf_moments *m);	/* sample variance; NaN if n < 2 */

/* Log-bucket histogram of non-negative values: bucket 0 holds [0, lo) and bucket i >= 1
 * covers [lo*g^(i-1), lo*g^i) with g = 1.01, so any quantile is within 1% of a value in its
 * bucket; the last bucket also holds everything above it (lo*4e17).  Fixed size, no
 * allocation after init.  NaN values are ignored. */
#define WF_HIST_BUCKETS 4096
struct wf_hist {
	double lo;		/* smallest resolved value, in model units */
	double count;
	double min, max;
	uint64_t bucket[WF_HIST_BUCKETS];	/* 64-bit: merged over many replications */
};
/* lo: values below it are treated as 0 for quantiles (e.g. 1e-6 of the time unit). */
void wf_hist_reset(struct wf_hist *h, double lo);
void wf_hist_add(struct wf_hist *h, double x);
/* The bucket of x (not NaN), the same in every histogram with h's lo: a value added to several
 * of them costs one logarithm (wf_hist_add_at). */
size_t wf_hist_index(const struct wf_hist *h, double x);
/* wf_hist_add(h, x) for x not NaN whose bucket i came from wf_hist_index on a histogram with
 * h's lo. */
static inline void
wf_hist_add_at(struct wf_hist *h, size_t i, double x)
{
	h->bucket[i]++;
	h->count += 1;
	if (x < h->min)
		h->min = x;
	if (x > h->max)
		h->max = x;
}
/* Quantile q in [0, 1]: the order statistic of rank floor(q (count - 1)) (0-based), as the
 * geometric midpoint of its bucket clamped to [min, max] (relative error < 1%); in bucket 0,
 * min (so values below lo read as about 0).  q <= 0 gives min, q >= 1 max; NaN if empty. */
double wf_hist_quantile(const struct wf_hist *h, double q);
/* out[k] = wf_hist_quantile(h, q[k]) for k < n, in one pass over the buckets when q is in
 * increasing order (the percentiles of a plot, p50 and p90 of a run). */
void wf_hist_quantiles(const struct wf_hist *h, const double *q, size_t n, double *out);
/* Adds b's counts to a (same lo). */
void wf_hist_merge(struct wf_hist *a, const struct wf_hist *b);
/* Lower edge of bucket i (0 for bucket 0), for plotting; its count is h->bucket[i]. */
double wf_hist_edge(const struct wf_hist *h, size_t i);

/* A summary across replications.  n == 0: mean and sd NaN, ci95 0; n == 1: sd 0, ci95 0
 * (no spread can be estimated from one value). */
struct wf_summary {
	double mean, sd, ci95;	/* ci95: half-width of the 95% Student-t interval; 0 if n < 2 */
	size_t n;
};
/* Summary of x[0..n) skipping NaN values (n counts the rest). */
void wf_summary_of(const double *x, size_t n, struct wf_summary *out);
/* Summary of b[i] - a[i] (pairs where either is NaN are skipped). */
void wf_summary_paired(const double *a, const double *b, size_t n, struct wf_summary *out);
/* Summary of b - a for independent samples (Welch), NaN values skipped: mean difference,
 * n = the smaller sample's size, sd = sqrt of the summed variances of the means times sqrt(n),
 * ci95 from Welch-Satterthwaite degrees of freedom; sd and ci95 0 if a side has < 2 values. */
void wf_summary_welch(const double *a, size_t na, const double *b, size_t nb, struct wf_summary *out);
/* Student-t 0.975 quantile for df degrees of freedom (df need not be whole); NaN if df <= 0. */
double wf_t975(double df);

#endif
