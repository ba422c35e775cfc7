/* Exact-answer tests of segments (issue 14): the cohort split by categorical attribute value.
 * Cases of kind `a` (a quarter) go to an escalation step of a human pool, exponential with
 * mean 10 min; kind `b` to a machine step of a constant 4 min; both pools are unlimited, so
 * nothing queues and a case's cycle time is its one step's duration.  A second attribute,
 * `tier`, is drawn independently of `kind`, so its segments see the same mixture.
 *
 * Tolerances: constants are exact (quantiles within the histogram's 1% bucket error,
 * stats.h); a mean over a segment's cases pooled over R = 20 replications is accepted within
 * K = 4 standard errors of the truth (the Student-t tail beyond 4 s.e. with 19 df is 7e-4
 * two-sided); counts are exact identities in every replication. */
#include <check.h>
#include "testutil.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/results.h"
#include "wfsim/sim.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

#define K 4.0
#define BUCKET_ERR 0.01

static const char two_kinds[] =
    "wfsim: 1\nname: two kinds\ntime_unit: minutes\nsla: 5m\n"
    "simulation: { horizon: 3d, warmup: 1d, replications: 20, seed: 2026120214 }\n"
    "resources:\n"
    "  staff: { capacity: unlimited, cost_per_hour: 60 }\n"
    "  bot: { capacity: unlimited, kind: machine }\n"
    "arrivals:\n"
    "  interarrival: { dist: exponential, mean: 2m }\n"
    "  attributes:\n"
    "    kind: { a: 0.25, b: 0.75 }\n"
    "    tier: { x: 0.5, y: 0.5 }\n"
    "steps:\n"
    "  - id: sort\n"
    "    route:\n"
    "      - { when: { kind: a }, to: slow }\n"
    "      - { else: fast }\n"
    "  - { id: slow, resource: staff, escalation: true,\n"
    "      duration: { dist: exponential, mean: 10m }, end: resolved }\n"
    "  - { id: fast, resource: bot, duration: { dist: constant, value: 4m }, end: resolved }\n";

/* Segment j's metric k in replication i. */
static double
seg(const struct wf_rep_result *r, size_t j, int k)
{
	return r->segment[j * WF_M_COUNT + (size_t)k];
}

/* Segment j's per-case mean of metric k pooled over n replications (weighted by the cases
 * that ended), with its delta-method standard error; see check_cohort.c. */
static void
pooled(const struct wf_rep_result *r, long n, size_t j, int k, double *mean, double *se)
{
	double sy = 0, sx = 0, ss = 0, xbar;
	long i;

	for (i = 0; i < n; i++) {
		sx += seg(&r[i], j, WF_M_CASES_COMPLETED);
		sy += seg(&r[i], j, k) * seg(&r[i], j, WF_M_CASES_COMPLETED);
	}
	*mean = sy / sx;
	for (i = 0; i < n; i++) {
		double x = seg(&r[i], j, WF_M_CASES_COMPLETED);
		double d = seg(&r[i], j, k) * x - *mean * x;

		ss += d * d;
	}
	xbar = sx / (double)n;
	*se = sqrt(ss / ((double)n * (double)(n - 1) * xbar * xbar));
}

START_TEST(test_layout_and_counts)
{
	struct wf_model *m = tu_load_text(two_kinds);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);
	int off[2];
	size_t n = wf_segments_layout(m, off), j;
	long i;

	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(off[0], 0);
	ck_assert_int_eq(off[1], 2);
	for (i = 0; i < set.replications; i++) {
		double all = r[i].metric[WF_M_CASES_ARRIVED];

		ck_assert_uint_eq(r[i].n_segments, 4);
		/* each attribute's segments partition the cohort */
		ck_assert_double_eq(seg(&r[i], 0, WF_M_CASES_ARRIVED) +
		    seg(&r[i], 1, WF_M_CASES_ARRIVED), all);
		ck_assert_double_eq(seg(&r[i], 2, WF_M_CASES_ARRIVED) +
		    seg(&r[i], 3, WF_M_CASES_ARRIVED), all);
		for (j = 0; j < n; j++)
			ck_assert_double_eq(seg(&r[i], j, WF_M_CASES_COMPLETED) +
			    seg(&r[i], j, WF_M_CENSORED_CASES), seg(&r[i], j, WF_M_CASES_ARRIVED));
		/* kind=a: every case escalated, touched and resolved;
		 * kind=b: 4 min on a machine, never escalated, always within the SLA, no touch */
		ck_assert_double_eq(seg(&r[i], 0, WF_M_ESCALATION_RATE), 1);
		ck_assert_double_eq(seg(&r[i], 0, WF_M_AUTONOMOUS_RATE), 0);
		ck_assert_double_eq(seg(&r[i], 0, WF_M_RESOLUTION_RATE), 1);
		ck_assert_double_eq(seg(&r[i], 1, WF_M_ESCALATION_RATE), 0);
		ck_assert_double_eq(seg(&r[i], 1, WF_M_AUTONOMOUS_RATE), 1);
		ck_assert_double_eq(seg(&r[i], 1, WF_M_SLA_ATTAINMENT), 1);
		ck_assert_double_eq_tol(seg(&r[i], 1, WF_M_CYCLE_TIME_MEAN), 4, 1e-9);
		ck_assert_double_eq_tol(seg(&r[i], 1, WF_M_CYCLE_TIME_P50), 4, 4 * BUCKET_ERR);
		ck_assert_double_eq_tol(seg(&r[i], 1, WF_M_CYCLE_TIME_P90), 4, 4 * BUCKET_ERR);
		ck_assert_double_eq(seg(&r[i], 1, WF_M_TOUCH_TIME_MEAN), 0);
		ck_assert_double_eq(seg(&r[i], 1, WF_M_WAIT_TIME_MEAN), 0);
		ck_assert_double_eq(seg(&r[i], 1, WF_M_COST_PER_CASE), 0);
		ck_assert(isnan(seg(&r[i], 0, WF_M_THROUGHPUT_PER_DAY)));
	}
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* One mean against its truth within K standard errors, printed for the record. */
static void
near(const char *what, double mean, double se, double truth)
{
	printf("segments: %-28s %.4f (truth %.4f, s.e. %.4f, %.2f s.e.)\n", what, mean, truth,
	    se, (mean - truth) / se);
	ck_assert_msg(fabs(mean - truth) <= K * se, "%s: %g, expected %g within %g s.e. of %g",
	    what, mean, truth, K, se);
}

START_TEST(test_means)
{
	struct wf_model *m = tu_load_text(two_kinds);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);
	double mean, se;

	/* kind=a: exponential, mean 10; its touch time is its cycle time; SLA exp(-5/10) missed */
	pooled(r, set.replications, 0, WF_M_CYCLE_TIME_MEAN, &mean, &se);
	near("kind=a cycle time mean", mean, se, 10);
	pooled(r, set.replications, 0, WF_M_TOUCH_TIME_MEAN, &mean, &se);
	near("kind=a touch time mean", mean, se, 10);
	pooled(r, set.replications, 0, WF_M_SLA_ATTAINMENT, &mean, &se);
	near("kind=a SLA attainment", mean, se, 1 - exp(-0.5));
	pooled(r, set.replications, 0, WF_M_COST_PER_CASE, &mean, &se);
	near("kind=a cost per case", mean, se, 10);	/* 60 per hour = 1 per minute */
	/* tier=x and tier=y: a quarter of kind a, so 0.25 x 10 + 0.75 x 4 = 5.5 */
	pooled(r, set.replications, 2, WF_M_CYCLE_TIME_MEAN, &mean, &se);
	near("tier=x cycle time mean", mean, se, 5.5);
	pooled(r, set.replications, 3, WF_M_CYCLE_TIME_MEAN, &mean, &se);
	near("tier=y cycle time mean", mean, se, 5.5);
	pooled(r, set.replications, 2, WF_M_ESCALATION_RATE, &mean, &se);
	near("tier=x escalation rate", mean, se, 0.25);
	pooled(r, set.replications, 3, WF_M_TOUCH_TIME_MEAN, &mean, &se);
	near("tier=y touch time mean", mean, se, 2.5);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* The run summary names segments "attr=value" in layout order; a model without categorical
 * attributes has none. */
START_TEST(test_run_names)
{
	struct wf_model *m = tu_load_text(two_kinds);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);
	struct wf_run run;

	memset(&run, 0, sizeof(run));
	wf_run_build(&run, m, &set, r);
	ck_assert_uint_eq(run.n_segments, 4);
	ck_assert_str_eq(run.segment_names[0], "kind=a");
	ck_assert_str_eq(run.segment_names[3], "tier=y");
	ck_assert_double_eq_tol(run.segment[1 * WF_M_COUNT + WF_M_CYCLE_TIME_MEAN].mean, 4, 1e-9);
	wf_run_fini(&run);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* A numeric attribute binned by the model: amounts uniform on [0, 100000) cut at 10000 and
 * 50000, cases from 50000 up routed to a constant 10 min, the others to a constant 4 min. */
static const char binned[] =
    "wfsim: 1\nname: binned amounts\ntime_unit: minutes\n"
    "simulation: { horizon: 3d, warmup: 1d, replications: 20, seed: 2026120215 }\n"
    "resources: { staff: { capacity: unlimited } }\n"
    "arrivals:\n"
    "  interarrival: { dist: exponential, mean: 2m }\n"
    "  attributes:\n"
    "    amount: { dist: uniform, min: 0, max: 100000, segments: [10000, 50000] }\n"
    "steps:\n"
    "  - id: sort\n"
    "    route:\n"
    "      - { when: { amount: \">= 50000\" }, to: slow }\n"
    "      - { else: fast }\n"
    "  - { id: slow, resource: staff, duration: 10m, end: resolved }\n"
    "  - { id: fast, resource: staff, duration: 4m, end: resolved }\n";

/* The bins of a numeric attribute: named by their bounds, half-open like the route's >=,
 * partitioning the cohort, with shares that the uniform distribution fixes (0.1, 0.4, 0.5,
 * each within K binomial standard errors of the pooled count) and the exact cycle times of
 * the steps their cases are routed to. */
START_TEST(test_numeric_bins)
{
	static const double share[3] = { 0.1, 0.4, 0.5 }, cycle[3] = { 4, 4, 10 };
	struct wf_model *m = tu_load_text(binned);
	const struct wf_attribute *a = &m->attributes[0];
	struct wf_settings set;
	struct wf_rep_result *r;
	struct wf_run run;
	double count[3] = { 0, 0, 0 }, all = 0;
	size_t j;
	long i;

	ck_assert_uint_eq(a->n_seg_bounds, 2);
	ck_assert_uint_eq(wf_segments_layout(m, NULL), 3);
	ck_assert_uint_eq(wf_segment_bin(a, 0), 0);
	ck_assert_uint_eq(wf_segment_bin(a, nextafter(10000, 0)), 0);
	ck_assert_uint_eq(wf_segment_bin(a, 10000), 1);
	ck_assert_uint_eq(wf_segment_bin(a, nextafter(50000, 0)), 1);
	ck_assert_uint_eq(wf_segment_bin(a, 50000), 2);
	ck_assert_uint_eq(wf_segment_bin(a, 1e300), 2);
	r = tu_run_all(m, &set);
	for (i = 0; i < set.replications; i++) {
		double sum = 0;

		ck_assert_uint_eq(r[i].n_segments, 3);
		for (j = 0; j < 3; j++) {
			sum += seg(&r[i], j, WF_M_CASES_ARRIVED);
			count[j] += seg(&r[i], j, WF_M_CASES_ARRIVED);
			/* every case of a bin meets the step its amount routes it to */
			ck_assert_double_eq_tol(seg(&r[i], j, WF_M_CYCLE_TIME_MEAN), cycle[j], 1e-9);
		}
		ck_assert_double_eq(sum, r[i].metric[WF_M_CASES_ARRIVED]);
		all += sum;
	}
	for (j = 0; j < 3; j++) {
		double se = sqrt(share[j] * (1 - share[j]) / all);
		char what[64];

		snprintf(what, sizeof(what), "bin %zu share", j);
		near(what, count[j] / all, se, share[j]);
	}
	memset(&run, 0, sizeof(run));
	wf_run_build(&run, m, &set, r);
	ck_assert_uint_eq(run.n_segments, 3);
	ck_assert_str_eq(run.segment_names[0], "amount<10000");
	ck_assert_str_eq(run.segment_names[1], "10000<=amount<50000");
	ck_assert_str_eq(run.segment_names[2], "amount>=50000");
	wf_run_fini(&run);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Bins that would take the model past WF_MAX_SEGMENTS are not made, and a warning says so:
 * 60 values of `kind`, then 5 bins of `amount` (65). */
START_TEST(test_bins_past_cap)
{
	char text[4096], *msg;
	size_t o, i;
	struct wf_diag d;
	struct wf_model *m;
	int off[2];

	o = (size_t)snprintf(text, sizeof(text), "wfsim: 1\ntime_unit: minutes\n"
	    "resources: { staff: { capacity: unlimited } }\narrivals:\n  rate: 1/h\n"
	    "  attributes:\n    kind: {");
	for (i = 0; i < 60; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s v%zu: %s", i ? "," : "", i,
		    i ? "0.015" : "0.115");
	snprintf(text + o, sizeof(text) - o, " }\n"
	    "    amount: { dist: uniform, min: 0, max: 10, segments: [1, 2, 3, 4] }\n"
	    "steps: [ { id: work, resource: staff, duration: 1m } ]\n");
	wf_diag_init(&d);
	m = wf_model_load_string(text, strlen(text), "cap.yaml", &d);
	ck_assert_ptr_nonnull(m);
	msg = tu_diag_text(&d);
	ck_assert_msg(strstr(msg, "cap.yaml:8:47: warning: attribute 'amount' is not segmented: its 5 segments would take the model past 64") != NULL,
	    "got: %s", msg);
	ck_assert_uint_eq(wf_segments_layout(m, off), 60);
	ck_assert_int_eq(off[1], -1);
	free(msg);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

/* The segment table as printed, into a string the caller frees. */
static char *
segment_table(const struct wf_comparison *c)
{
	struct wf_table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	wf_table_segments(&t, c);
	wf_table_print(&t, f);
	wf_table_fini(&t);
	fclose(f);
	return buf;
}

/* c written as JSON (a run when c->as_is has no replications) and read back, as `wfsim plot`
 * reads it, into *back. */
static void
round_trip(const struct wf_comparison *c, struct wf_comparison *back)
{
	char path[] = "/tmp/wfsim-segments-XXXXXX";
	int fd = mkstemp(path), kind = c->as_is.replications > 0 ? 2 : 1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct wf_diag d;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(kind == 2 ? wf_comparison_write_json(c, f) : wf_run_write_json(&c->to_be, f), 0);
	fclose(f);
	wf_diag_init(&d);
	ck_assert_int_eq(wf_results_read_json(path, back, &d), kind);
	wf_diag_fini(&d);
	unlink(path);
}

/* Segments survive the JSON: the table drawn from a saved run or comparison (wfsim plot, the
 * report) is the one the run printed, names, figures and differences alike. */
START_TEST(test_json_round_trip)
{
	struct wf_model *a = tu_load_text(two_kinds), *b;
	char *alt = wf_xstrdup(two_kinds), *p = strstr(alt, "mean: 10m"), *x, *y;
	struct wf_settings set;
	struct wf_rep_result *ra = tu_run_all(a, &set), *rb;
	struct wf_comparison c, back;

	ck_assert_ptr_nonnull(p);
	p[7] = '2';		/* the slow step takes 12 minutes to be */
	b = tu_load_text(alt);
	rb = tu_run_all(b, &set);
	memset(&c, 0, sizeof(c));
	wf_run_build(&c.to_be, a, &set, ra);
	round_trip(&c, &back);
	ck_assert_uint_eq(back.to_be.n_segments, 4);
	x = segment_table(&c);
	y = segment_table(&back);
	ck_assert_ptr_nonnull(strstr(x, "kind=a"));
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	wf_comparison_fini(&back);
	wf_run_fini(&c.to_be);

	memset(&c, 0, sizeof(c));
	wf_run_build(&c.as_is, a, &set, ra);
	wf_run_build(&c.to_be, b, &set, rb);
	c.common_random_numbers = 1;
	wf_comparison_diff(&c);
	ck_assert_uint_eq(c.n_segment_diff, 4);
	round_trip(&c, &back);
	ck_assert_uint_eq(back.n_segment_diff, 4);
	x = segment_table(&c);
	y = segment_table(&back);
	ck_assert_ptr_nonnull(strstr(x, "tier=y"));
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	wf_comparison_fini(&back);
	wf_comparison_fini(&c);
	tu_free_results(ra, set.replications);
	tu_free_results(rb, set.replications);
	wf_model_free(a);
	wf_model_free(b);
	free(alt);
}
END_TEST

static const char no_attrs[] =
    "wfsim: 1\nname: no attributes\ntime_unit: minutes\n"
    "simulation: { horizon: 2d, replications: 3, seed: 5 }\n"
    "resources: { staff: { capacity: unlimited } }\n"
    "arrivals: { interarrival: { dist: exponential, mean: 5m } }\n"
    "steps:\n  - { id: work, resource: staff, duration: { dist: constant, value: 3m } }\n";

START_TEST(test_none)
{
	struct wf_model *m = tu_load_text(no_attrs);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);

	ck_assert_uint_eq(wf_segments_layout(m, NULL), 0);
	ck_assert_uint_eq(r[0].n_segments, 0);
	ck_assert_ptr_null(r[0].segment);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "layout_and_counts", test_layout_and_counts },
		{ "means", test_means },
		{ "run_names", test_run_names },
		{ "numeric_bins", test_numeric_bins },
		{ "bins_past_cap", test_bins_past_cap },
		{ "json_round_trip", test_json_round_trip },
		{ "none", test_none },
	};

	return tu_run("segments", tests, sizeof(tests) / sizeof(tests[0]), 60);
}
