/* Statistics in bounded memory: Welford moments and a log-bucket histogram within one
 * replication, and Student-t summaries (plain, paired, Welch) across replications.  A
 * replication's memory stays fixed however many cases it sees. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "wfsim/stats.h"
#include "wfsim/xalloc.h"

void
wf_moments_reset(struct wf_moments *m)
{
	m->n = 0;
	m->mean = 0;
	m->m2 = 0;
}

double
wf_moments_mean(const struct wf_moments *m)
{
	return m->n > 0 ? m->mean : NAN;
}

double
wf_moments_var(const struct wf_moments *m)
{
	return m->n > 1 ? m->m2 / (m->n - 1) : NAN;
}

/* Bucket growth g = 1.01: any two values of one bucket differ by a factor of at most 1.01,
 * so a quantile placed anywhere in the right bucket (quantiles interpolate within it) is off
 * by at most 1%.  4096 buckets span a factor of 1.01^4096 = 5e17 above lo: from a
 * microsecond to ten thousand years in seconds. */
#define HIST_GROWTH	1.01
#define HIST_INV_LOG_GROWTH	100.49917080713044	/* 1 / log(1.01) */

void
wf_hist_reset(struct wf_hist *h, double lo)
{
	h->lo = lo > 0 ? lo : 1e-9;
	h->count = 0;
	h->min = INFINITY;
	h->max = -INFINITY;
	memset(h->bucket, 0, sizeof(h->bucket));
}

/* Bucket 0 holds [0, lo); bucket i >= 1 holds [lo g^(i-1), lo g^i); the last one also
 * everything above.  One log per value. */
size_t
wf_hist_index(const struct wf_hist *h, double x)
{
	double i;

	if (!(x >= h->lo))
		return 0;
	/* Non-negative here, so truncation is floor; clamped before the cast (x may be inf). */
	i = log(x / h->lo) * HIST_INV_LOG_GROWTH;
	return i >= WF_HIST_BUCKETS - 2 ? WF_HIST_BUCKETS - 1 : 1 + (size_t)i;
}

void
wf_hist_add(struct wf_hist *h, double x)
{
	if (!isnan(x))
		wf_hist_add_at(h, wf_hist_index(h, x), x);
}

/* The value of rank floor(q (count - 1)) (0-based), the lower order statistic that
 * gsl_stats_quantile_from_sorted_data interpolates from; O(buckets). */
void
wf_hist_quantiles(const struct wf_hist *h, const double *q, size_t n, double *out)
{
	double below = 0, last = -1;	/* below: the count in buckets before i */
	size_t i = 0, k;

	for (k = 0; k < n; k++) {
		double rank, cum, x;

		if (h->count == 0 || isnan(q[k])) {
			out[k] = NAN;
			continue;
		}
		if (q[k] <= 0 || q[k] >= 1) {
			out[k] = q[k] <= 0 ? h->min : h->max;
			continue;
		}
		rank = floor(q[k] * (h->count - 1));
		if (rank < last) {	/* out of order: scan again from the start */
			i = 0;
			below = 0;
		}
		last = rank;
		/* the first bucket whose running count passes rank; the top one holds the rest */
		while (i < WF_HIST_BUCKETS - 1 && below + h->bucket[i] <= rank)
			below += h->bucket[i++];
		cum = below + (i < WF_HIST_BUCKETS - 1 ? h->bucket[i] : 0);
		/* Values below lo count as 0: the answer is then off by less than lo. */
		if (i == 0) {
			out[k] = h->min < 0 ? 0 : h->min;
			continue;
		}
		/* Within the bucket, spread its values evenly on the log scale: the estimate then
		 * moves continuously with the data instead of jumping between bucket midpoints, so
		 * quantiles of different replications are not spuriously equal (which would
		 * report a CI of 0). */
		x = h->lo * pow(HIST_GROWTH, (double)i - 1.0 +
				(rank - (cum - h->bucket[i]) + 0.5) / h->bucket[i]);
		/* Clamping makes the top bucket, which holds everything beyond its edge, exact at
		 * the maximum, and tightens the buckets that hold the extremes. */
		if (x < h->min)
			x = h->min;
		if (x > h->max)
			x = h->max;
		out[k] = x;
	}
}

double
wf_hist_quantile(const struct wf_hist *h, double q)
{
	double x;

	wf_hist_quantiles(h, &q, 1, &x);
	return x;
}

void
wf_hist_merge(struct wf_hist *a, const struct wf_hist *b)
{
	size_t i;

	for (i = 0; i < WF_HIST_BUCKETS; i++)
		a->bucket[i] += b->bucket[i];
	a->count += b->count;
	if (b->min < a->min)
		a->min = b->min;
	if (b->max > a->max)
		a->max = b->max;
}

double
wf_hist_edge(const struct wf_hist *h, size_t i)
{
	return i == 0 ? 0 : h->lo * pow(HIST_GROWTH, (double)i - 1);
}

double
wf_t975(double df)
{
	if (!(df > 0))
		return NAN;
	return gsl_cdf_tdist_Pinv(0.975, df);
}

/* Fills out from the NaN-free values y[0..n), which the caller may overwrite. */
static void
summarize(const double *y, size_t n, struct wf_summary *out)
{
	out->n = n;
	out->ci95 = 0;
	if (n == 0) {
		out->mean = NAN;
		out->sd = NAN;
		return;
	}
	out->mean = gsl_stats_mean(y, 1, n);
	if (n == 1) {
		out->sd = 0;
		return;
	}
	out->sd = gsl_stats_sd_m(y, 1, n, out->mean);
	out->ci95 = wf_t975((double)(n - 1)) * out->sd / sqrt((double)n);
}

void
wf_summary_of(const double *x, size_t n, struct wf_summary *out)
{
	double *y = wf_xmalloc((n > 0 ? n : 1) * sizeof(double));
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]))
			y[m++] = x[i];
	summarize(y, m, out);
	free(y);
}

void
wf_summary_paired(const double *a, const double *b, size_t n, struct wf_summary *out)
{
	double *y = wf_xmalloc((n > 0 ? n : 1) * sizeof(double));
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(a[i]) && !isnan(b[i]))
			y[m++] = b[i] - a[i];
	summarize(y, m, out);
	free(y);
}

/* Welch: the standard error of mean(b) - mean(a) is sqrt(va/na + vb/nb), with
 * Welch-Satterthwaite degrees of freedom se^4 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)).
 * out->n is the smaller sample's size and out->sd = se sqrt(n), so that sd/sqrt(n) is the
 * standard error as in the other summaries.  With fewer than two values on a side the spread
 * cannot be estimated: sd and ci95 are 0, like a one-value summary. */
void
wf_summary_welch(const double *a, size_t na, const double *b, size_t nb, struct wf_summary *out)
{
	struct wf_summary sa, sb;
	double va, vb, se, df;

	wf_summary_of(a, na, &sa);
	wf_summary_of(b, nb, &sb);
	out->n = sa.n < sb.n ? sa.n : sb.n;
	out->mean = sb.mean - sa.mean;	/* NaN when a side is empty */
	out->sd = 0;
	out->ci95 = 0;
	if (sa.n == 0 || sb.n == 0) {
		out->sd = NAN;
		return;
	}
	if (sa.n < 2 || sb.n < 2)
		return;
	va = sa.sd * sa.sd / (double)sa.n;
	vb = sb.sd * sb.sd / (double)sb.n;
	se = sqrt(va + vb);
	out->sd = se * sqrt((double)out->n);
	if (se == 0)
		return;
	df = (va + vb) * (va + vb) /
	    (va * va / (double)(sa.n - 1) + vb * vb / (double)(sb.n - 1));
	out->ci95 = wf_t975(df) * se;
}
