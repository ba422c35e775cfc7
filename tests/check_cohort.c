/* Exact-answer tests of cohort estimation (issue 9): per-case figures come from every case that
 * arrives in the window [warm-up, horizon), followed to its end past the horizon; time-based
 * figures are measured over the window itself, which for a finite workload ends when the work
 * is done.  Each model has an answer known in closed form, and each is chosen so that the old
 * estimators (only cases done by the horizon; throughput of warm-up-free arrivals only; a
 * window diluted by an empty tail) miss it by many standard errors.
 *
 * Tolerances: a figure averaged over R replications is accepted within K = 4 standard errors
 * of the truth, the standard error being the replications' own sd / sqrt(R).  With R >= 20
 * the Student-t tail beyond 4 s.e. is at most 7e-4 two-sided (R = 20, 19 df) and 6e-5 for
 * the normal limit, per check.  Percentiles add the histogram's bucket error (< 1% relative,
 * stats.h).  Where the estimator has a known bias of its own (a censored tail, the ends of a
 * finite run) it is stated and added next to the check. */
#include <check.h>
#include "testutil.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/sim.h"
#include "wfsim/stats.h"
#include "wfsim/xalloc.h"

#define K 4.0			/* standard errors allowed */
#define BUCKET_ERR 0.01		/* relative error of a histogram quantile */

/* Mean and standard error across replications of what `get` picks from each. */
struct est {
	double mean, se;
	size_t n;
};

static struct est
across(const struct wf_rep_result *r, long n, double (*get)(const struct wf_rep_result *))
{
	double *x = wf_xcalloc((size_t)n, sizeof(double));
	struct wf_summary s;
	struct est e;
	long i;

	for (i = 0; i < n; i++)
		x[i] = get(&r[i]);
	wf_summary_of(x, (size_t)n, &s);
	free(x);
	e.mean = s.mean;
	e.n = s.n;
	e.se = s.n > 1 ? s.sd / sqrt((double)s.n) : NAN;
	return e;
}

/* A per-case mean pooled over replications: sum of (mean x cases) / sum of cases, the ratio
 * estimator whose expectation is the per-case mean itself (a plain mean of replications'
 * means weights a busy replication like a quiet one, a bias of order 1 / cases per
 * replication when load and count move together).  Its s.e. by the delta method:
 * se^2 = sum (y_i - R x_i)^2 / (n (n - 1) xbar^2). */
static struct est
pooled(const struct wf_rep_result *r, long n, double (*get)(const struct wf_rep_result *))
{
	double sy = 0, sx = 0, ss = 0;
	struct est e;
	long i;

	for (i = 0; i < n; i++) {
		double x = r[i].metric[WF_M_CASES_COMPLETED];

		if (x > 0) {
			sy += get(&r[i]) * x;
			sx += x;
		}
	}
	e.mean = sy / sx;
	for (i = 0; i < n; i++) {
		double x = r[i].metric[WF_M_CASES_COMPLETED];
		double d = x > 0 ? get(&r[i]) * x - e.mean * x : 0;

		ss += d * d;
	}
	e.n = (size_t)n;
	e.se = sqrt(ss / ((double)n * (n - 1))) / (sx / n);
	return e;
}

/* Every figure of a test is judged before the test fails, so a failure reads as a full
 * measurement: misses are printed to stderr and counted here, and done() asserts none. */
static int misses;

static void
miss(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	misses++;
}

static void
done(const char *test)
{
	int n = misses;

	misses = 0;
	ck_assert_msg(n == 0, "%s: %d figure(s) off, listed above", test, n);
}

/* Judges |estimate - truth| <= K s.e. + bias, and says by how much it misses otherwise (in
 * relative terms and in standard errors). */
static void
near(const char *what, struct est e, double truth, double bias)
{
	double tol = K * e.se + bias;

	if (!(e.n >= 2 && isfinite(e.mean) && fabs(e.mean - truth) <= tol))
		miss("%s: %.6g (s.e. %.3g, %zu replications) vs truth %.6g: %+.1f%%, %.1f s.e. off "
		    "(allowed %.3g = %g s.e. + %.3g)", what, e.mean, e.se, e.n, truth,
		    100 * (e.mean - truth) / truth, (e.mean - truth) / e.se, tol, K, bias);
}

static double get_ct_mean(const struct wf_rep_result *r) { return r->metric[WF_M_CYCLE_TIME_MEAN]; }
static double get_ct_p50(const struct wf_rep_result *r) { return r->metric[WF_M_CYCLE_TIME_P50]; }
static double get_ct_p90(const struct wf_rep_result *r) { return r->metric[WF_M_CYCLE_TIME_P90]; }
static double get_wait(const struct wf_rep_result *r) { return r->metric[WF_M_WAIT_TIME_MEAN]; }
static double get_tput(const struct wf_rep_result *r) { return r->metric[WF_M_THROUGHPUT_PER_DAY]; }
static double get_util0(const struct wf_rep_result *r) { return r->res_utilization[0]; }

/* Lognormal with this mean and sd: sigma^2 = ln(1 + sd^2 / mean^2), mu = ln mean - sigma^2/2;
 * quantile q = exp(mu + sigma z_q). */
struct lognormal {
	double mu, sigma;
};

static struct lognormal
lognormal_of(double mean, double sd)
{
	struct lognormal l;

	l.sigma = sqrt(log1p(sd * sd / (mean * mean)));
	l.mu = log(mean) - l.sigma * l.sigma / 2;
	return l;
}

static double
lognormal_q(struct lognormal l, double q)
{
	return exp(l.mu + l.sigma * gsl_cdf_ugaussian_Pinv(q));
}

/* ---------- 1. an infinite-server delay ---------- */

/* One step with no resource: no queue, the cycle time of a case is its own lognormal draw, so
 * the cohort's cycle times are a sample of the lognormal whatever the window.  The old
 * estimator keeps only the cases done by the horizon, which favours the short ones. */
static void
check_delay(const char *name, const char *yaml, double mean, double sd, double drain, long max_open)
{
	struct wf_model *m = tu_load_text(yaml);
	struct lognormal l = lognormal_of(mean, sd);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);
	double p50 = lognormal_q(l, 0.5), p90 = lognormal_q(l, 0.9);
	/* A cohort case runs until horizon + drain at least `drain` past its arrival, so only
	 * draws beyond `drain` can be censored: P(X > drain) = 1 - Phi((ln drain - mu) / sigma).
	 * Dropping them lowers the mean by at most E[X; X > drain] / P(X <= drain), with
	 * E[X; X > c] = mean Phi(sigma - (ln c - mu) / sigma); the quantiles move by a
	 * probability of P(X > drain), far inside the bucket error. */
	double zc = (log(drain) - l.mu) / l.sigma;
	double tail_mean = mean * gsl_cdf_ugaussian_P(l.sigma - zc) / gsl_cdf_ugaussian_P(zc);
	long i, open = 0;

	ck_assert_int_ge(set.replications, 20);
	for (i = 0; i < set.replications; i++) {
		double arrived = r[i].metric[WF_M_CASES_ARRIVED];
		double done = r[i].metric[WF_M_CASES_COMPLETED];

		/* the cohort is every arrival of the window: Poisson, 200/d over 5 d */
		if (!(arrived > 800 && arrived < 1200))
			miss("replication %ld: %g arrived, expected about 1000", i, arrived);
		open += (long)(arrived - done);
	}
	/* every cohort case ends by the cap but those censored: arrived - completed is the
	 * censored count (check_semantics asserts it by name) */
	if (open > max_open)
		miss("%ld cohort cases never ended (at most %ld allowed)", open, max_open);
	near("cycle time mean", across(r, set.replications, get_ct_mean), mean, tail_mean);
	near("cycle time p50", across(r, set.replications, get_ct_p50), p50, BUCKET_ERR * p50);
	near("cycle time p90", across(r, set.replications, get_ct_p90), p90, BUCKET_ERR * p90);
	tu_free_results(r, set.replications);
	wf_model_free(m);
	done(name);
}

/* Mean 2 d, sd 1 d against a 5-day window after a 1-day warm-up: sigma^2 = ln 1.25,
 * mu = ln 2 - sigma^2 / 2; median exp(mu) = 1.7889 d, p90 = 3.2771 d.  The default drain is
 * 10 windows = 50 d, and P(X > 50 d) = Phi(-7.05) ~ 1e-12 per case: none of the 20,000 cases
 * may stay open. */
static const char delay_light[] =
    "wfsim: 1\nname: delay, light tail\ntime_unit: days\n"
    "simulation: { horizon: 6d, warmup: 1d, replications: 20, seed: 2026120101 }\n"
    "arrivals: { rate: 200/d }\n"
    "steps:\n  - { id: delay, duration: { dist: lognormal, mean: 2d, sd: 1d } }\n";

START_TEST(test_delay_lognormal)
{
	struct lognormal l = lognormal_of(2, 1);

	/* the closed forms this test relies on */
	ck_assert_double_eq_tol(lognormal_q(l, 0.5), 1.788854, 1e-6);	/* 2 / sqrt(1.25) */
	ck_assert_double_eq_tol(lognormal_q(l, 0.9), 3.277089, 1e-6);
	check_delay("delay, light tail", delay_light, 2, 1, 50, 0);
}
END_TEST

/* The issue's own example: mean 2 d, sd 3 d (sigma^2 = ln 3.25), the same window.  Median
 * 1.1094 d, p90 = 4.4600 d.  P(X > 50 d) = Phi(-3.51) = 2.3e-4 per case, 4.6 expected among
 * 40 x 1000 cases: at most 20 may stay open (Poisson(4.6) exceeds 20 with probability
 * < 1e-6), and the mean may read up to E[X; X > 50 d] = 0.0155 d low on their account. */
static const char delay_heavy[] =
    "wfsim: 1\nname: delay, heavy tail\ntime_unit: days\n"
    "simulation: { horizon: 6d, warmup: 1d, replications: 40, seed: 2026120102 }\n"
    "arrivals: { rate: 200/d }\n"
    "steps:\n  - { id: delay, duration: { dist: lognormal, mean: 2d, sd: 3d } }\n";

START_TEST(test_delay_heavy_tail)
{
	struct lognormal l = lognormal_of(2, 3);

	ck_assert_double_eq_tol(lognormal_q(l, 0.5), 2 / sqrt(3.25), 1e-9);
	check_delay("delay, heavy tail", delay_heavy, 2, 3, 50, 20);
}
END_TEST

/* ---------- 2. a queue whose throughput is its arrival rate ---------- */

/* M/M/5, 12 arrivals a day (0.5/h), services of 8 h on average: rho = 0.5 x 8 / 5 = 0.8,
 * Wq = 4.43 h (Erlang C), W = 12.43 h, against a 3-day window after a 30-day warm-up (90 mean
 * services; the queue has long forgotten its empty start).  In steady state departures are a
 * Poisson process of rate lambda (Burke), so throughput per day = 12 exactly in expectation,
 * with an s.e. per replication of sqrt(12 x 3) / 3 = 2/d, 0.045/d over 2000 replications.  The
 * old estimator counts only window arrivals that are done by the horizon, about W / window =
 * 17% short. */
static const char mm5_window[] =
    "wfsim: 1\nname: M/M/5, long services\ntime_unit: hours\n"
    "simulation: { horizon: 33d, warmup: 30d, replications: 2000, seed: 2026120103 }\n"
    "resources: { servers: { capacity: 5 } }\n"
    "arrivals: { rate: 12/d }\n"
    "steps:\n  - { id: serve, resource: servers, duration: { dist: exponential, mean: 8h } }\n";

START_TEST(test_queue_throughput)
{
	struct wf_model *m = tu_load_text(mm5_window);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);
	double wq = tu_erlang_c_wq(5, 0.5, 8), open = 0;
	long i;

	ck_assert_double_eq_tol(wq, 4.4329, 1e-4);
	for (i = 0; i < set.replications; i++)
		open += r[i].metric[WF_M_CASES_ARRIVED] - r[i].metric[WF_M_CASES_COMPLETED];
	if (open != 0)
		miss("%g cohort cases never ended", open);
	near("throughput per day", across(r, set.replications, get_tput), 12, 0);
	near("utilisation", across(r, set.replications, get_util0), 0.8, 0);
	/* per-case means pooled over the replications' cohorts of ~36 cases each */
	near("mean wait (Erlang C)", pooled(r, set.replications, get_wait), wq, 0);
	near("cycle time mean (Erlang C + 8 h)", pooled(r, set.replications, get_ct_mean), wq + 8, 0);
	tu_free_results(r, set.replications);
	wf_model_free(m);
	done("M/M/5 over a 3-day window");
}
END_TEST

/* ---------- 3. a finite workload ---------- */

/* bench/mm5.yaml in small: M/M/5, arrivals 1/min, services of 4 min (rho 0.8), 20,000 cases
 * and a horizon of 1e9 minutes.  The window for time-based figures ends when the last case is
 * done, about T = 20,000 min + its cycle time (~6 min), so throughput = 20,000 / T per minute
 * = 1440/d and utilisation = 80,000 busy minutes / 5 T = 0.8, each with a relative s.e. near
 * 1 / sqrt(20,000) = 0.7% per replication.  The ends bias both by a relative W / T + 1 / N
 * (< 4e-4); 1e-3 is allowed for it.  The old window (the whole horizon) reads 1.6e-5 and
 * 0.03/d. */
static const char mm5_limit[] =
    "wfsim: 1\nname: M/M/5, finite workload\ntime_unit: minutes\n"
    "simulation: { horizon: 1e9, replications: 20, seed: 2026120104 }\n"
    "resources: { servers: { capacity: 5 } }\n"
    "arrivals: { rate: 1, limit: 20000 }\n"
    "steps:\n  - { id: serve, resource: servers, duration: { dist: exponential, mean: 4 } }\n";

START_TEST(test_finite_workload)
{
	struct wf_model *m = tu_load_text(mm5_limit);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);
	long i;

	for (i = 0; i < set.replications; i++)
		if (r[i].metric[WF_M_CASES_ARRIVED] != 20000 || r[i].metric[WF_M_CASES_COMPLETED] != 20000)
			miss("replication %ld: %g arrived, %g completed, expected 20000 each", i,
			    r[i].metric[WF_M_CASES_ARRIVED], r[i].metric[WF_M_CASES_COMPLETED]);
	near("throughput per day", across(r, set.replications, get_tput), 1440, 1e-3 * 1440);
	near("utilisation", across(r, set.replications, get_util0), 0.8, 1e-3 * 0.8);
	/* per-case figures are untouched by the window: Erlang C, Wq = 2.22 min */
	near("mean wait (Erlang C)", across(r, set.replications, get_wait), tu_erlang_c_wq(5, 1, 4), 0);
	tu_free_results(r, set.replications);
	wf_model_free(m);
	done("M/M/5, 20,000 cases");
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "delay_lognormal", test_delay_lognormal },
		{ "delay_heavy_tail", test_delay_heavy_tail },
		{ "queue_throughput", test_queue_throughput },
		{ "finite_workload", test_finite_workload },
	};

	return tu_run("cohort", tests, sizeof(tests) / sizeof(tests[0]), 60);
}
