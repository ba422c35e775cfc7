/* Step semantics (step.h) and the AI-behaviour features of issue 12, on models whose answers
 * are known exactly.
 *
 * Tolerances: a share p estimated from N independent draws has the binomial s.e.
 * sqrt(p (1 - p) / N); it is accepted within K = 4 s.e. (a false alarm of 6e-5 two-sided per
 * check).  Seeds are fixed, so a run is the same every time. */
#include <check.h>
#include "testutil.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include "wfsim/check.h"
#include "wfsim/model.h"
#include "wfsim/results.h"
#include "wfsim/sim.h"
#include "wfsim/step.h"
#include "wfsim/xalloc.h"

#define K 4.0			/* standard errors allowed */

static double
gsl_uniform(void *ctx, unsigned purpose)
{
	(void)purpose;
	return gsl_rng_uniform(ctx);
}

/* The engine's draws (wf_step_end) and the check's branches (wf_step_branches) are one rule
 * seen twice: over many draws each branch's share matches its probability. */
START_TEST(test_end_matches_branches)
{
	struct wf_route_entry route[2] = {
		{ .p = 0.3, .to = { 0, 0 } }, { .p = 0.7, .to = { -1, 0 } }
	};
	struct wf_step st = {
		.exception_p = 0.1, .exception_to = { 1, 0 }, .error_p = 0.2, .has_review = 1,
		.catch_p = 0.9, .false_alarm_p = 0.05, .on_catch = { 2, 0 },
		.route_kind = WF_ROUTE_PROBABILITY, .route = route, .n_route = 2,
	};
	double w[2] = { 0.3, 0.7 };
	struct wf_step_branch b[8];
	struct wf_case_view cv = { NULL, NULL, 0 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	const long N = 400000;
	int defect, clears;

	gsl_rng_set(r, 12);
	for (clears = 0; clears <= 1; clears++)
		for (defect = 0; defect <= 1; defect++) {
			size_t n, k;
			double *hits, sum = 0;
			long i;

			st.clears_defects = clears;
			n = wf_step_branches(&st, defect, w, b);
			ck_assert_uint_le(n, wf_step_max_branches(&st));
			hits = wf_xcalloc(n, sizeof *hits);
			for (k = 0; k < n; k++)
				sum += b[k].p;
			ck_assert_double_eq_tol(sum, 1, 1e-12);
			for (i = 0; i < N; i++) {
				struct wf_step_end e;

				wf_step_end(&st, &cv, defect, gsl_uniform, r, &e);
				/* the first branch with the same target and flag: review branches
				 * come before the route's, exception first */
				for (k = 0; k < n; k++)
					if (b[k].to.step == e.to.step && b[k].to.outcome == e.to.outcome &&
					    b[k].defect == e.defect)
						break;
				ck_assert_uint_lt(k, n);
				hits[k]++;
			}
			for (k = 0; k < n; k++) {
				double p = b[k].p, se = sqrt(p * (1 - p) / N);

				ck_assert_msg(fabs(hits[k] / N - p) <= K * se + 1e-12,
				    "clears %d defect %d branch %zu: %g vs %g", clears, defect, k,
				    hits[k] / N, p);
			}
			free(hits);
		}
	gsl_rng_free(r);
}
END_TEST


/* A rate pooled over the replications' ended cohort cases, and their number. */
static double
pooled(const struct wf_rep_result *r, long n, enum wf_metric k, double *cases)
{
	double hit = 0, all = 0;
	long i;

	for (i = 0; i < n; i++) {
		hit += r[i].metric[k] * r[i].metric[WF_M_CASES_COMPLETED];
		all += r[i].metric[WF_M_CASES_COMPLETED];
	}
	*cases = all;
	return hit / all;
}

static void
expect_share(const char *what, double got, double p, double n)
{
	double se = sqrt(p * (1 - p) / n);

	ck_assert_msg(fabs(got - p) <= K * se, "%s: %.5f, theory %.5f (4 s.e. = %.5f, n = %.0f)",
	    what, got, p, K * se, n);
	fprintf(stderr, "%s: %.5f, theory %.5f, 4 s.e. %.5f\n", what, got, p, K * se);
}

/* Expected visits per case from the capacity check. */
static double
check_visits(const struct wf_model *m, const char *step)
{
	struct wf_capacity cap;
	char err[256] = "";
	double v;

	ck_assert_msg(wf_check_capacity(m, &cap, err, sizeof(err)) == 0, "%s", err);
	v = cap.visits[wf_model_step(m, step)];
	wf_capacity_fini(&cap);
	return v;
}

static const char beta_gate[] =
	"wfsim: 1\n"
	"name: confidence gate\n"
	"simulation: { horizon: 14d, warmup: 0d, replications: 20, seed: 7 }\n"
	"resources:\n"
	"  agents: { capacity: unlimited }\n"
	"arrivals:\n"
	"  rate: 200/d\n"
	"  attributes:\n"
	"    confidence: { dist: beta, a: 8, b: 2 }\n"
	"steps:\n"
	"  - id: gate\n"
	"    route:\n"
	"      - { when: { confidence: \">= 0.8\" }, to: ai }\n"
	"      - { else: human }\n"
	"  - id: ai\n"
	"    duration: 1m\n"
	"    end: auto\n"
	"  - id: human\n"
	"    resource: agents\n"
	"    duration: 10m\n"
	"    end: manual\n";

/* Beta(8, 2) confidence, threshold 0.8: the share the AI takes is 1 - I_0.8(8, 2), exactly in
 * check (from the CDF) and within 4 s.e. in the simulation. */
START_TEST(test_beta_threshold)
{
	struct wf_model *m = tu_load_text(beta_gate);
	double p = gsl_cdf_beta_Q(0.8, 8, 2), n, got;
	struct wf_settings set;
	struct wf_rep_result *r;

	ck_assert_double_eq_tol(check_visits(m, "ai"), p, 1e-12);
	ck_assert_double_eq_tol(check_visits(m, "human"), 1 - p, 1e-12);
	r = tu_run_all(m, &set);
	got = pooled(r, set.replications, WF_M_AUTONOMOUS_RATE, &n);
	expect_share("beta(8,2) >= 0.8 routed to the AI", got, p, n);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Every operator, several keys that must all hold, and a categorical key beside a numeric
 * one: check's shares are the CDF's, exactly. */
START_TEST(test_operators_exact)
{
	static const char text[] =
		"wfsim: 1\n"
		"name: operators\n"
		"arrivals:\n"
		"  rate: 10/h\n"
		"  attributes:\n"
		"    x: { dist: uniform, min: 0, max: 1 }\n"
		"    amount: { dist: lognormal, mu: 10, sigma: 1 }\n"
		"    type: { routine: 0.6, complex: 0.4 }\n"
		"steps:\n"
		"  - id: gate\n"
		"    route:\n"
		"      - { when: { x: \"< 0.25\" }, to: a }\n"
		"      - { when: { x: \"<= 0.5\" }, to: b }\n"
		"      - { when: { x: \"> 0.9\" }, to: c }\n"
		"      - { when: { x: \"== 0.7\" }, to: c }\n"
		"      - { when: { x: \">= 0.6\", type: routine }, to: d }\n"
		"      - { when: { amount: \"> 50000\" }, to: e }\n"
		"      - { else: f }\n"
		"  - { id: a, end: done }\n"
		"  - { id: b, end: done }\n"
		"  - { id: c, end: done }\n"
		"  - { id: d, end: done }\n"
		"  - { id: e, end: done }\n"
		"  - { id: f, end: done }\n";
	struct wf_model *m = tu_load_text(text);
	/* x in (0.5, 0.6) or (0.6, 0.9] and not routine reach the amount test */
	double pe = gsl_cdf_lognormal_Q(50000, 10, 1);
	double rest = 0.1 + 0.3 * 0.4;

	ck_assert_double_eq_tol(check_visits(m, "a"), 0.25, 1e-12);
	ck_assert_double_eq_tol(check_visits(m, "b"), 0.25, 1e-12);
	ck_assert_double_eq_tol(check_visits(m, "c"), 0.1, 1e-12);
	ck_assert_double_eq_tol(check_visits(m, "d"), 0.3 * 0.6, 1e-12);
	ck_assert_double_eq_tol(check_visits(m, "e"), rest * pe, 1e-12);
	ck_assert_double_eq_tol(check_visits(m, "f"), rest * (1 - pe), 1e-12);
	wf_model_free(m);
}
END_TEST

/* The calibration curve [[0, 1], [1, 0]] (error = 1 - confidence) on the AI path of the Beta(8,
 * 2) gate: the escaped-error rate is the integral of (1 - x) f(x) over [0.8, 1], and since
 * (1 - x) f_{8,2}(x) = E[1 - X] f_{8,3}(x), that is 0.2 x Q_{8,3}(0.8). */
START_TEST(test_curve_escaped)
{
	char *text = wf_xstrdup(beta_gate);
	struct wf_model *m;
	double p = 0.2 * gsl_cdf_beta_Q(0.8, 8, 3), n, got;
	struct wf_settings set;
	struct wf_rep_result *r;
	struct wf_curve c = { 0 };
	double x[] = { 0.5, 0.8, 0.95, 1.0 }, y[] = { 0.30, 0.10, 0.02, 0.005 };

	/* beta_gate ends with the human step: move the curve onto the AI's */
	*strstr(text, "  - id: human") = '\0';
	{
		char *t2 = wf_xasprintf("%s    error: { by: confidence, curve: [[0, 1], [1, 0]] }\n"
		    "  - id: human\n    resource: agents\n    duration: 10m\n    end: manual\n", text);

		free(text);
		text = t2;
	}
	m = tu_load_text(text);
	free(text);
	/* the curve's mean over Beta(8, 2) is E[1 - X] = 0.2 */
	ck_assert_double_eq_tol(m->steps[wf_model_step(m, "ai")].error_p, 0.2, 1e-9);
	r = tu_run_all(m, &set);
	got = pooled(r, set.replications, WF_M_ESCAPED_ERROR_RATE, &n);
	expect_share("curve 1 - x above 0.8: escaped errors", got, p, n);
	tu_free_results(r, set.replications);

	/* piecewise linear, clamped at both ends */
	c.n = 4;
	c.x = x;
	c.y = y;
	ck_assert_double_eq(wf_curve_at(&c, 0.1), 0.30);
	ck_assert_double_eq(wf_curve_at(&c, 2), 0.005);
	ck_assert_double_eq_tol(wf_curve_at(&c, 0.65), 0.20, 1e-15);
	ck_assert_double_eq_tol(wf_curve_at(&c, 0.9), 0.10 + (0.02 - 0.10) * (0.1 / 0.15), 1e-15);
	wf_model_free(m);
}
END_TEST

/* A duration by a categorical attribute (glass 10 min, body 60 min, 60:40) and one scaled by a
 * numeric attribute (pages uniform on [1, 9] x 2 min a page): human touch time per case is
 * 30 + 10 min, exactly in check, and within 4 s.e. of the per-case spread in the simulation
 * (sd^2 = 50^2 x 0.24 + 2^2 x 8^2 / 12). */
START_TEST(test_duration_by)
{
	static const char text[] =
		"wfsim: 1\n"
		"name: durations by case\n"
		"simulation: { horizon: 7d, warmup: 0d, replications: 10, seed: 3 }\n"
		"resources:\n"
		"  adjusters: { capacity: unlimited }\n"
		"arrivals:\n"
		"  rate: 100/d\n"
		"  attributes:\n"
		"    damage: { glass: 0.6, body: 0.4 }\n"
		"    pages: { dist: uniform, min: 1, max: 9 }\n"
		"steps:\n"
		"  - id: assess\n"
		"    resource: adjusters\n"
		"    duration: { by: damage, values: { glass: 10m, body: { dist: constant, value: 60m } } }\n"
		"  - id: read\n"
		"    resource: adjusters\n"
		"    duration: { by: pages, per: 2m }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_capacity cap;
	struct wf_settings set;
	struct wf_rep_result *r;
	char err[256] = "";
	double sum = 0, n = 0, se;
	long i;

	ck_assert_msg(wf_check_capacity(m, &cap, err, sizeof(err)) == 0, "%s", err);
	ck_assert_double_eq_tol(cap.touch_time, 40, 1e-12);
	wf_capacity_fini(&cap);
	r = tu_run_all(m, &set);
	for (i = 0; i < set.replications; i++) {
		sum += r[i].metric[WF_M_TOUCH_TIME_MEAN] * r[i].metric[WF_M_CASES_COMPLETED];
		n += r[i].metric[WF_M_CASES_COMPLETED];
	}
	se = sqrt(50.0 * 50 * 0.24 + 4.0 * 64 / 12) / sqrt(n);
	ck_assert_msg(fabs(sum / n - 40) <= K * se, "touch %g, theory 40 (4 s.e. %g)", sum / n,
	    K * se);
	fprintf(stderr, "duration by: touch %.3f min, theory 40, 4 s.e. %.3f\n", sum / n, K * se);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Weekly counts of the gate's visits and of those routed to the AI, by the visit's time. */
struct weekly {
	const struct wf_model *m;
	double week;
	double gate[6], ai[6];
};

static void
count_visit(void *ctx, const struct wf_visit *v)
{
	struct weekly *w = ctx;
	int k = (int)(v->end / w->week);

	if (k < 0 || k >= 6)
		return;
	if (strcmp(w->m->steps[v->step].id, "gate") == 0)
		w->gate[k]++;
	else if (strcmp(w->m->steps[v->step].id, "ai") == 0)
		w->ai[k]++;
}

/* A route whose p ramps from 0.2 to 0.8 over 4 weeks: each week's share is the ramp's
 * average over that week, 0.2 + 0.6 (w - 0.5) / 4 for weeks 1-4, then 0.8; check uses the
 * average over the window, (4 x 0.5 + 2 x 0.8) / 6 = 0.6. */
START_TEST(test_ramp_weekly)
{
	static const char text[] =
		"wfsim: 1\n"
		"name: adoption ramp\n"
		"simulation: { horizon: 6w, warmup: 0d, replications: 10, seed: 11 }\n"
		"resources:\n"
		"  agents: { capacity: unlimited }\n"
		"arrivals:\n"
		"  rate: 300/d\n"
		"steps:\n"
		"  - id: gate\n"
		"    route:\n"
		"      - { p: { ramp: [[0w, 0.2], [4w, 0.8]] }, to: ai }\n"
		"      - { p: { ramp: [[0w, 0.8], [4w, 0.2]] }, to: human }\n"
		"  - { id: ai, end: auto }\n"
		"  - { id: human, resource: agents, end: manual }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_settings set;
	struct wf_rep_result out;
	struct weekly w = { m, 7 * 24 * 60, { 0 }, { 0 } };
	struct wf_sim *s = wf_sim_alloc(m);
	char err[256] = "";
	double wauto[6] = { 0 }, wcases[6] = { 0 };
	long rep;
	int k;

	ck_assert_double_eq_tol(check_visits(m, "ai"), 0.6, 1e-12);
	wf_settings_default(&set, m);
	for (rep = 0; rep < set.replications; rep++) {
		wf_rep_result_init(&out, m);
		ck_assert_msg(wf_sim_run(s, &set, rep, &out, count_visit, &w, err, sizeof(err)) == 0,
		    "%s", err);
		/* the weekly operating metrics see the same: every case ends as it arrives */
		ck_assert_uint_eq(out.n_weeks, 6);
		for (k = 0; k < 6; k++) {
			wauto[k] += out.weekly[k][WF_W_AUTONOMOUS_RATE] * out.weekly[k][WF_W_CASES];
			wcases[k] += out.weekly[k][WF_W_CASES];
		}
		wf_rep_result_fini(&out);
	}
	for (k = 0; k < 6; k++) {
		double p = k < 4 ? 0.2 + 0.6 * (k + 0.5) / 4 : 0.8;
		char what[64];

		snprintf(what, sizeof(what), "ramp, week %d share", k + 1);
		expect_share(what, w.ai[k] / w.gate[k], p, w.gate[k]);
		snprintf(what, sizeof(what), "ramp, week %d autonomous_rate", k + 1);
		expect_share(what, wauto[k] / wcases[k], p, wcases[k]);
	}
	wf_sim_free(s);
	wf_model_free(m);
}
END_TEST

/* The weeks kept are capped at WF_MAX_WEEKS: a 60-week window reports 52 weeks, and a
 * window of 10 days two (the second partial). */
START_TEST(test_weeks_capped)
{
	static const char text[] =
		"wfsim: 1\n"
		"name: a long run\n"
		"simulation: { horizon: 61w, warmup: 1w, replications: 1, seed: 1 }\n"
		"arrivals:\n"
		"  rate: 2/d\n"
		"steps:\n"
		"  - { id: only, end: done }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_settings set;
	struct wf_rep_result *r = tu_run_all(m, &set);

	ck_assert_uint_eq(r[0].n_weeks, WF_MAX_WEEKS);
	ck_assert(r[0].weekly[51][WF_W_CASES] > 0);
	tu_free_results(r, set.replications);
	set.horizon = set.warmup + 10 * 24 * 60;
	r = wf_xcalloc(1, sizeof(*r));
	{
		char err[256] = "";

		ck_assert(wf_sim_run_all(m, &set, r, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0);
	}
	ck_assert_uint_eq(r[0].n_weeks, 2);
	tu_free_results(r, 1);
	wf_model_free(m);
}
END_TEST

/* A fraud flag with sensitivity 0.85 and false alarms 0.02 on 10% fraudulent claims: check
 * sends 0.1 x 0.85 + 0.9 x 0.02 = 0.103 to the investigators, exactly; the simulated
 * confusion matrix, pooled over replications, gives back 0.85 and 0.02 within 4 s.e., and the
 * run's summary has each replication's counts with intervals. */
START_TEST(test_classifier)
{
	static const char text[] =
		"wfsim: 1\n"
		"name: fraud flag\n"
		"simulation: { horizon: 14d, warmup: 0d, replications: 10, seed: 5 }\n"
		"arrivals:\n"
		"  rate: 200/d\n"
		"  attributes:\n"
		"    fraud: { fraudulent: 0.1, genuine: 0.9 }\n"
		"steps:\n"
		"  - id: flag\n"
		"    route: { classify: { truth: fraud, positive: fraudulent, sensitivity: 0.85,\n"
		"                         false_alarm: 0.02, flagged: siu, cleared: assess } }\n"
		"  - { id: siu, end: investigated }\n"
		"  - { id: assess, end: paid }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_settings set;
	struct wf_rep_result *r;
	struct wf_run run;
	double cm[WF_CM_COUNT] = { 0 };
	long i;
	int k;

	ck_assert_double_eq_tol(check_visits(m, "siu"), 0.1 * 0.85 + 0.9 * 0.02, 1e-12);
	r = tu_run_all(m, &set);
	for (i = 0; i < set.replications; i++)
		for (k = 0; k < WF_CM_COUNT; k++)
			cm[k] += r[i].step_confusion[0 * WF_CM_COUNT + k];
	expect_share("classifier sensitivity", cm[WF_CM_CAUGHT] / (cm[WF_CM_CAUGHT] +
	    cm[WF_CM_MISSED]), 0.85, cm[WF_CM_CAUGHT] + cm[WF_CM_MISSED]);
	expect_share("classifier false-alarm rate", cm[WF_CM_FALSE_ALARMS] /
	    (cm[WF_CM_FALSE_ALARMS] + cm[WF_CM_CLEARED]), 0.02,
	    cm[WF_CM_FALSE_ALARMS] + cm[WF_CM_CLEARED]);
	wf_run_build(&run, m, &set, r);
	ck_assert_uint_eq(run.n_classifiers, 1);
	ck_assert_str_eq(run.classifiers[0].id, "flag");
	ck_assert_double_eq_tol(run.classifiers[0].s[WF_CM_CAUGHT].mean,
	    cm[WF_CM_CAUGHT] / set.replications, 1e-9);
	ck_assert(run.classifiers[0].s[WF_CM_CAUGHT].ci95 > 0);
	ck_assert(fabs(run.classifiers[0].s[WF_CM_COUNT].mean - 0.85) < 0.05);
	wf_run_fini(&run);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Trace columns: one of numbers only becomes a numeric attribute (its empty cells drawn from
 * the numbers seen), one with text stays categorical, and a declared numeric attribute's
 * column must hold numbers.  A bare number in a condition means ==. */
START_TEST(test_trace_numbers)
{
	char dir[] = "/tmp/wfsim-numeric.XXXXXX", *csv, *bad, *text;
	struct wf_model *m;
	struct wf_diag d;
	FILE *f;
	int amount = -1, kind = -1;
	size_t a;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	csv = wf_xasprintf("%s/t.csv", dir);
	bad = wf_xasprintf("%s/bad.csv", dir);
	f = fopen(csv, "w");
	fputs("at,amount,kind\n0,100,a\n1,2.5e4,b\n2,,7\n3,7,\n", f);
	fclose(f);
	f = fopen(bad, "w");
	fputs("at,confidence\n0,0.5\n1,high\n", f);
	fclose(f);
	text = wf_xasprintf("wfsim: 1\nname: trace numbers\narrivals:\n  trace: %s\nsteps:\n"
	    "  - id: gate\n    route:\n      - { when: { amount: 7 }, to: small }\n"
	    "      - { else: big }\n  - { id: small, end: done }\n  - { id: big, end: done }\n", csv);
	m = tu_load_text(text);
	for (a = 0; a < m->n_attributes; a++) {
		if (strcmp(m->attributes[a].name, "amount") == 0)
			amount = (int)a;
		if (strcmp(m->attributes[a].name, "kind") == 0)
			kind = (int)a;
	}
	ck_assert_int_ge(amount, 0);
	ck_assert_int_ge(kind, 0);
	ck_assert(m->attributes[amount].numeric);
	ck_assert(!m->attributes[kind].numeric);	/* "a", "b", "7": text */
	ck_assert_uint_eq(m->attributes[amount].dist.n_values, 3);
	ck_assert_double_eq(m->arrivals.trace_numbers[1 * m->n_attributes + (size_t)amount], 25000);
	ck_assert(isnan(m->arrivals.trace_numbers[2 * m->n_attributes + (size_t)amount]));
	ck_assert_int_eq(m->steps[0].route[0].when[0].op, WF_CMP_EQ);
	/* 1 row of 4 is 7, and the empty one draws 7 with probability 1/3 */
	ck_assert_double_eq_tol(check_visits(m, "small"), (1 + 1.0 / 3) / 4, 1e-12);
	wf_model_free(m);
	free(text);

	text = wf_xasprintf("wfsim: 1\nname: bad trace\narrivals:\n  trace: %s\n  attributes:\n"
	    "    confidence: { dist: beta, a: 8, b: 2 }\nsteps:\n  - { id: s, end: done }\n", bad);
	wf_diag_init(&d);
	m = wf_model_load_string(text, strlen(text), "inline.yaml", &d);
	ck_assert_ptr_null(m);
	{
		char *msg = tu_diag_text(&d);

		ck_assert_msg(strstr(msg, "attribute 'confidence' is numeric: expected a number, got 'high'")
		    != NULL, "%s", msg);
		free(msg);
	}
	wf_diag_fini(&d);
	free(text);
	remove(csv);
	remove(bad);
	rmdir(dir);
	free(csv);
	free(bad);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "end_matches_branches", test_end_matches_branches },
		{ "beta_threshold", test_beta_threshold },
		{ "operators_exact", test_operators_exact },
		{ "curve_escaped", test_curve_escaped },
		{ "duration_by", test_duration_by },
		{ "ramp_weekly", test_ramp_weekly },
		{ "weeks_capped", test_weeks_capped },
		{ "classifier", test_classifier },
		{ "trace_numbers", test_trace_numbers },
	};

	return tu_run("numeric", tests, sizeof(tests) / sizeof(tests[0]), 120);
}
