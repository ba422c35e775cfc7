/* Tests of the engine against queueing theory and against hand-worked schedules.  Statistical
 * tests run R replications and accept when the theoretical value lies within 4 standard
 * errors of the mean across replications (a 95% CI is about 2: 4 leaves room for the small
 * bias of a finite run, and a false alarm has probability < 1e-4 per check).  Every run also
 * checks conservation (arrived = completed + censored, exactly) and Little's law. */
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testmodel.h"
#include "wfsim/sim.h"
#include "wfsim/xalloc.h"
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "testutil.h"

/* Little's law over a finite window of length T: L is the window's time-average WIP, lambda
 * its throughput (ends inside it), W the cohort's mean cycle time.  It holds up to the cases
 * that straddle the window's ends: those in the system at the warm-up and those still in it
 * at the horizon each add about L W / T to the area, a relative error near 2 W / T.  The
 * tolerance is 2.5 W / T plus 5% for the noise of the estimates; an accounting error would
 * be far off. */

static void
check_invariants(const struct wf_model *m, const struct wf_settings *set,
    const struct wf_rep_result *r)
{
	double arrived = r->metric[WF_M_CASES_ARRIVED], done = r->metric[WF_M_CASES_COMPLETED];
	double censored = r->metric[WF_M_CENSORED_CASES];
	double sum = 0;
	size_t i;

	(void)set;
	ck_assert_double_eq(arrived, done + censored);
	if (done > 0)
		for (i = 0; i < m->n_outcomes; i++)
			sum += r->outcome_share[i];
	if (done > 0)
		ck_assert_double_eq_tol(sum, 1, 1e-9);
	if (done >= 1000) {
		double day = 86400.0 / wf_unit_seconds(m->unit);	/* model units per day */
		double x = r->metric[WF_M_THROUGHPUT_PER_DAY] / day;	/* per time unit */
		double T = r->window_days * day;
		double lw = x * r->metric[WF_M_CYCLE_TIME_MEAN];
		double tol = 0.05 + 2.5 * r->metric[WF_M_CYCLE_TIME_MEAN] / T;

		ck_assert_msg(fabs(r->wip_mean - lw) <= tol * lw,
		    "Little: L %g vs lambda W %g", r->wip_mean, lw);
		ck_assert(r->metric[WF_M_CYCLE_TIME_P50] <= r->metric[WF_M_CYCLE_TIME_P90]);
		ck_assert(r->metric[WF_M_CYCLE_TIME_P90] <= r->metric[WF_M_CYCLE_TIME_P95]);
	}
}

static struct wf_rep_result *
run_all(const struct wf_model *m, struct wf_settings *set, int threads,
    wf_visit_fn fn, void *ctx)
{
	struct wf_rep_result *r = wf_xcalloc((size_t)set->replications, sizeof(*r));
	char err[256];
	long i;

	set->threads = threads;
	ck_assert_msg(wf_sim_run_all(m, set, r, fn, ctx, NULL, NULL, err, sizeof(err)) == 0,
	    "%s", err);
	for (i = 0; i < set->replications; i++)
		check_invariants(m, set, &r[i]);
	return r;
}

static struct wf_rep_result *
run(const struct wf_model *m, double horizon, double warmup, long reps, struct wf_settings *set)
{
	memset(set, 0, sizeof(*set));
	set->horizon = horizon;
	set->warmup = warmup;
	set->replications = reps;
	set->seed = 20261125;
	return run_all(m, set, 2, NULL, NULL);
}

/* Mean and standard error across replications of the value `get` picks. */
struct est {
	double mean, se;
};

static struct est
estimate(const double *x, size_t stride, long n)
{
	struct est e;
	double s = 0, ss = 0;
	long i;

	for (i = 0; i < n; i++)
		s += x[i * stride];
	e.mean = s / n;
	for (i = 0; i < n; i++)
		ss += (x[i * stride] - e.mean) * (x[i * stride] - e.mean);
	e.se = sqrt(ss / (n - 1) / n);
	return e;
}

#define STRIDE (sizeof(struct wf_rep_result) / sizeof(double))
#define METRIC(r, k) (&(r)[0].metric[(k)])

/* Asserts the theory within 4 standard errors. */
static void
near(const char *what, struct est e, double truth)
{
	ck_assert_msg(fabs(e.mean - truth) <= 4 * e.se + 1e-12,
	    "%s: %g +- %g (4 se) vs theory %g", what, e.mean, 4 * e.se, truth);
}

static struct est
of_field(const struct wf_rep_result *r, long n, double (*get)(const struct wf_rep_result *))
{
	double *x = wf_xcalloc((size_t)n, sizeof(double));
	struct est e;
	long i;

	for (i = 0; i < n; i++)
		x[i] = get(&r[i]);
	e = estimate(x, 1, n);
	free(x);
	return e;
}

static double get_wq0(const struct wf_rep_result *r) { return r->step_wait[0]; }
static double get_util0(const struct wf_rep_result *r) { return r->res_utilization[0]; }
static double get_w(const struct wf_rep_result *r) { return r->metric[WF_M_CYCLE_TIME_MEAN]; }
static double get_visits0(const struct wf_rep_result *r) { return r->step_visits[0]; }
static double get_rework(const struct wf_rep_result *r) { return r->metric[WF_M_REWORK_RATE]; }
static double get_arrived(const struct wf_rep_result *r) { return r->metric[WF_M_CASES_ARRIVED]; }

static struct wf_model *
mmc(int c, double mean_ia, struct wf_dist service)
{
	struct wf_model *m = tm_new(WF_MINUTES);
	int r = tm_resource(m, "servers", c, 0, 0);
	int s = tm_step(m, "serve", r);

	m->steps[s].has_duration = 1;
	m->steps[s].duration = service;
	tm_arrivals(m, tm_exp(mean_ia));
	tm_finish(m);
	return m;
}

static void
check_queue(struct wf_model *m, double wq, double es, double rho, long reps)
{
	struct wf_settings set;
	struct wf_rep_result *r = run(m, 20000, 2000, reps, &set);

	near("Wq", of_field(r, reps, get_wq0), wq);
	near("W", of_field(r, reps, get_w), wq + es);
	near("utilisation", of_field(r, reps, get_util0), rho);
	tu_free_results(r, reps);
}

START_TEST(test_mm1)
{
	/* lambda 1, mean service 0.8: rho 0.8, Wq = rho s / (1 - rho) = 3.2 */
	struct wf_model *m = mmc(1, 1, tm_exp(0.8));

	ck_assert_double_eq_tol(tu_erlang_c_wq(1, 1, 0.8), 3.2, 1e-12);
	check_queue(m, 3.2, 0.8, 0.8, 20);
	tm_free(m);
}
END_TEST

START_TEST(test_mmc)
{
	/* c 3, lambda 2, mean service 1.2: rho 0.8 */
	struct wf_model *m = mmc(3, 0.5, tm_exp(1.2));

	check_queue(m, tu_erlang_c_wq(3, 2, 1.2), 1.2, 0.8, 20);
	tm_free(m);
}
END_TEST

START_TEST(test_mg1)
{
	/* Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)); lambda 1, E[S] 0.8 */
	struct wf_model *m = mmc(1, 1, tm_const(0.8));

	check_queue(m, 0.64 / 0.4, 0.8, 0.8, 20);
	tm_free(m);
	/* lognormal, sd 1: E[S^2] = 0.64 + 1 */
	m = mmc(1, 1, tm_lognormal(0.8, 1.0));
	check_queue(m, 1.64 / 0.4, 0.8, 0.8, 30);
	tm_free(m);
}
END_TEST

START_TEST(test_jackson_feedback)
{
	/* A -> B -> (A with p 0.3 | end): lambda_A = lambda_B = 0.5 / 0.7.  Each node is M/M/1:
	 * L = rho / (1 - rho); W = (L_A + L_B) / lambda; visits to A = 1 / (1 - p). */
	struct wf_model *m = tm_new(WF_MINUTES);
	int ra = tm_resource(m, "ra", 1, 0, 0), rb = tm_resource(m, "rb", 1, 0, 0);
	int a = tm_step(m, "a", ra), b = tm_step(m, "b", rb);
	double lam = 0.5, p = 0.3, le = lam / (1 - p), rho_a = le * 1.0, rho_b = le * 0.8;
	double w = (rho_a / (1 - rho_a) + rho_b / (1 - rho_b)) / lam;
	struct wf_settings set;
	struct wf_rep_result *r;

	m->steps[a].has_duration = m->steps[b].has_duration = 1;
	m->steps[a].duration = tm_exp(1.0);
	m->steps[b].duration = tm_exp(0.8);
	tm_route_p(m, b, p, tm_to(a));
	m->steps[b].route[0].rework = 1;	/* the way back is rework */
	tm_route_p(m, b, 1 - p, tm_end(WF_OUTCOME_DONE));
	tm_arrivals(m, tm_exp(1 / lam));
	tm_finish(m);
	r = run(m, 40000, 4000, 20, &set);
	near("visits to a", of_field(r, 20, get_visits0), 1 / (1 - p));
	near("W", of_field(r, 20, get_w), w);
	near("utilisation a", of_field(r, 20, get_util0), rho_a);
	/* rework: sent back at least once through the route marked as rework */
	near("rework", of_field(r, 20, get_rework), p);
	tu_free_results(r, 20);
	tm_free(m);
}
END_TEST

static double get_touch(const struct wf_rep_result *r) { return r->metric[WF_M_TOUCH_TIME_MEAN]; }
static double get_cost(const struct wf_rep_result *r) { return r->metric[WF_M_COST_PER_CASE]; }

START_TEST(test_autonomous)
{
	/* no resource: no queue, the cycle time is the duration, uniform(1, 3) mean 2 */
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "bot", -1);
	struct wf_settings set;
	struct wf_rep_result *r;
	long i;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_uniform(1, 3);
	m->steps[s].cost = 0.25;
	tm_arrivals(m, tm_exp(0.5));
	tm_finish(m);
	r = run(m, 5000, 100, 10, &set);
	near("W", of_field(r, 10, get_w), 2);
	for (i = 0; i < 10; i++) {
		ck_assert_double_eq(r[i].metric[WF_M_AUTONOMOUS_RATE], 1);
		ck_assert_double_eq(r[i].metric[WF_M_TOUCH_TIME_MEAN], 0);
		ck_assert_double_eq(r[i].metric[WF_M_WAIT_TIME_MEAN], 0);
		ck_assert_double_eq_tol(r[i].metric[WF_M_COST_PER_CASE], 0.25, 1e-12);
		ck_assert(r[i].metric[WF_M_CYCLE_TIME_P95] <= 3.0 * 1.01);
		ck_assert(r[i].metric[WF_M_CYCLE_TIME_P50] >= 2.0 * 0.95);
	}
	tu_free_results(r, 10);
	tm_free(m);

	/* the same work on an unlimited human pool: touch time = duration, cost per hour */
	m = tm_new(WF_MINUTES);
	s = tm_step(m, "clerks", tm_resource(m, "clerks", WF_UNLIMITED, 0, 60));
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_uniform(1, 3);
	tm_arrivals(m, tm_exp(0.5));
	tm_finish(m);
	r = run(m, 5000, 100, 10, &set);
	near("touch", of_field(r, 10, get_touch), 2);
	/* 60 per hour = 1 per minute */
	near("cost", of_field(r, 10, get_cost), 2);
	for (i = 0; i < 10; i++) {
		ck_assert_double_eq(r[i].metric[WF_M_AUTONOMOUS_RATE], 0);
		ck_assert(isnan(r[i].res_utilization[0]));
		/* busy hours = arrivals x 2 min / 60, roughly: mean number busy is 4 */
		ck_assert_double_eq_tol(r[i].res_busy[0] * 60 / 4900, 4, 0.5);
	}
	tu_free_results(r, 10);
	tm_free(m);
}
END_TEST

/* Shares of outcomes across replications against probabilities. */
static void
near_share(const struct wf_rep_result *r, long n, int outcome, double p, const char *what)
{
	double *x = wf_xcalloc((size_t)n, sizeof(double));
	long i;

	for (i = 0; i < n; i++)
		x[i] = r[i].outcome_share[outcome];
	near(what, estimate(x, 1, n), p);
	free(x);
}

START_TEST(test_route_shares)
{
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "triage", -1);
	int o1 = tm_outcome(m, "one"), o2 = tm_outcome(m, "two"), o3 = tm_outcome(m, "three");
	double pv[] = { 0.7, 0.3 };
	int attr = tm_attribute(m, "kind", 2, pv);
	int s2 = tm_step(m, "sort", -1);
	int oa = tm_outcome(m, "a"), ob = tm_outcome(m, "b");
	struct wf_settings set;
	struct wf_rep_result *r;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(0.5);
	tm_route_p(m, s, 0.2, tm_end(o1));
	tm_route_p(m, s, 0.5, tm_end(o2));
	tm_route_p(m, s, 0.2, tm_to(s2));
	tm_route_p(m, s, 0.1, tm_end(o3));
	tm_route_when(m, s2, attr, 1, tm_end(ob));
	tm_route_when(m, s2, -1, 0, tm_end(oa));
	tm_arrivals(m, tm_exp(1));
	tm_finish(m);
	r = run(m, 5000, 0, 10, &set);
	near_share(r, 10, o1, 0.2, "one");
	near_share(r, 10, o2, 0.5, "two");
	near_share(r, 10, o3, 0.1, "three");
	near_share(r, 10, oa, 0.2 * 0.7, "a");
	near_share(r, 10, ob, 0.2 * 0.3, "b");
	tu_free_results(r, 10);
	tm_free(m);
}
END_TEST

static double get_wq1(const struct wf_rep_result *r) { return r->step_wait[1]; }
static double get_wq2(const struct wf_rep_result *r) { return r->step_wait[2]; }

/* M/M/1 with two classes sharing one server: a tier drawn at arrival (v0 with probability
 * 0.4, v1 0.6) sends a case to step "high" or "low", both on the pool, mean service 0.8.
 * prio: 0 constant priorities on the steps (high 2, low 1), 1 the same by attribute on both
 * steps, 2 equal priorities. */
static struct wf_model *
two_classes(int prio)
{
	struct wf_model *m = tm_new(WF_MINUTES);
	double pv[] = { 0.4, 0.6 };
	int tier = tm_attribute(m, "tier", 2, pv);
	int r = tm_resource(m, "server", 1, 0, 0);
	int sort = tm_step(m, "sort", -1), hi = tm_step(m, "high", r), lo = tm_step(m, "low", r);
	int k;

	tm_route_when(m, sort, tier, 0, tm_to(hi));
	tm_route_when(m, sort, -1, 0, tm_to(lo));
	m->steps[hi].next = tm_end(WF_OUTCOME_DONE);
	for (k = hi; k <= lo; k++) {
		struct wf_step *st = &m->steps[k];

		st->has_duration = 1;
		st->duration = tm_exp(0.8);
		if (prio == 1) {
			st->priority_attr = tier;
			st->priority_by = wf_xcalloc(2, sizeof(int));
			st->priority_by[0] = 2;
			st->priority_by[1] = 1;
		} else
			st->priority = prio == 2 ? 3 : k == hi ? 2 : 1;
	}
	tm_arrivals(m, tm_exp(1));
	tm_finish(m);
	return m;
}

START_TEST(test_priority_cobham)
{
	/* Cobham's non-preemptive priority formula: with W0 = sum lambda_i E[S_i^2] / 2 = 0.64
	 * (E[S^2] = 2 * 0.8^2), class k waits W0 / ((1 - sigma_{k-1}) (1 - sigma_k)), sigma_k the
	 * load of classes 1..k: rho_high 0.32, rho 0.8. */
	double w0 = 1.0 * 2 * 0.64 / 2, wq_hi = w0 / (1 - 0.32), wq_lo = w0 / ((1 - 0.32) * (1 - 0.8));
	long reps = 30, i;
	struct wf_settings set;
	struct wf_model *m = two_classes(0), *mb = two_classes(1), *me = two_classes(2);
	struct wf_rep_result *r = run(m, 40000, 4000, reps, &set);
	struct wf_rep_result *rb = run(mb, 40000, 4000, reps, &set);
	struct wf_rep_result *re = run(me, 40000, 4000, reps, &set);
	struct est hi = of_field(r, reps, get_wq1), lo = of_field(r, reps, get_wq2);

	printf("cobham: high %.4f +- %.4f (theory %.4f), low %.4f +- %.4f (theory %.4f)\n",
	    hi.mean, hi.se, wq_hi, lo.mean, lo.se, wq_lo);
	near("Wq high", hi, wq_hi);
	near("Wq low", lo, wq_lo);
	/* the same classes said by attribute: the same run, number for number */
	for (i = 0; i < reps; i++) {
		ck_assert(memcmp(r[i].metric, rb[i].metric, sizeof(r[i].metric)) == 0);
		ck_assert(memcmp(r[i].step_wait, rb[i].step_wait, 3 * sizeof(double)) == 0);
	}
	/* equal priorities: FIFO, every class waits the M/M/1 Wq = 3.2 */
	near("Wq high, equal", of_field(re, reps, get_wq1), 3.2);
	near("Wq low, equal", of_field(re, reps, get_wq2), 3.2);
	near("W, equal", of_field(re, reps, get_w), 3.2 + 0.8);
	tu_free_results(r, reps);
	tu_free_results(rb, reps);
	tu_free_results(re, reps);
	tm_free(m);
	tm_free(mb);
	tm_free(me);
}
END_TEST

static double get_timeout_rate(const struct wf_rep_result *r) { return r->metric[WF_M_TIMEOUT_RATE]; }
static double get_escaped(const struct wf_rep_result *r) { return r->metric[WF_M_ESCAPED_ERROR_RATE]; }
static double get_exc(const struct wf_rep_result *r) { return r->metric[WF_M_EXCEPTION_RATE]; }

START_TEST(test_review)
{
	/* work: exception 0.1 -> end "exc"; error 0.2; review: catch 0.9, false alarm 0.05 ->
	 * end "flagged".  Shares: exc 0.1; flagged 0.9 (0.2 * 0.9 + 0.8 * 0.05); escaped
	 * 0.9 * 0.2 * 0.1; done the rest. */
	struct wf_model *m = tm_new(WF_MINUTES);
	int w = tm_step(m, "work", -1), v = tm_step(m, "check", -1);
	int oexc = tm_outcome(m, "exc"), oflag = tm_outcome(m, "flagged");
	struct wf_settings set;
	struct wf_rep_result *r;
	double flagged = 0.9 * (0.2 * 0.9 + 0.8 * 0.05), escaped = 0.9 * 0.2 * 0.1;

	m->steps[w].has_duration = 1;
	m->steps[w].duration = tm_exp(1);
	m->steps[w].exception_p = 0.1;
	m->steps[w].exception_to = tm_end(oexc);
	m->steps[w].error_p = 0.2;
	m->steps[v].has_review = 1;
	m->steps[v].catch_p = 0.9;
	m->steps[v].false_alarm_p = 0.05;
	m->steps[v].on_catch = tm_end(oflag);
	tm_arrivals(m, tm_exp(0.5));
	tm_finish(m);
	r = run(m, 5000, 0, 10, &set);
	near_share(r, 10, oexc, 0.1, "exception outcome");
	near("exception rate", of_field(r, 10, get_exc), 0.1);
	near_share(r, 10, oflag, flagged, "flagged");
	near("escaped", of_field(r, 10, get_escaped), escaped);
	near_share(r, 10, WF_OUTCOME_DONE, 1 - 0.1 - flagged, "done");
	tu_free_results(r, 10);
	tm_free(m);
}
END_TEST

/* The visit log of one replication. */
struct log {
	struct wf_visit *v;
	size_t n, cap;
};

static void
log_visit(void *ctx, const struct wf_visit *v)
{
	struct log *l = ctx;

	l->v = wf_xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = *v;
}

static const struct wf_visit *
find(const struct log *l, long id, int step)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].case_id == id && l->v[i].step == step)
			return &l->v[i];
	return NULL;
}

static struct wf_rep_result *
run_logged(const struct wf_model *m, double horizon, struct log *l, struct wf_settings *set)
{
	memset(set, 0, sizeof(*set));
	set->horizon = horizon;
	set->replications = 1;
	set->seed = 7;
	memset(l, 0, sizeof(*l));
	return run_all(m, set, 1, log_visit, l);
}

START_TEST(test_timeout)
{
	/* one server, work 10, patience 3: case 1 (t 0) served 0-10; case 2 (t 1) times out at 4;
	 * case 3 (t 8) starts at 10 after waiting 2 < 3, and its stale timeout (t 11) is
	 * ignored. */
	double at[] = { 0, 1, 8 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "desk", tm_resource(m, "desk", 1, 0, 0));
	int breach = tm_outcome(m, "breach");
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	const struct wf_visit *v;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(10);
	m->steps[s].has_max_wait = 1;
	m->steps[s].max_wait = tm_const(3);
	m->steps[s].on_timeout = tm_end(breach);
	tm_trace(m, at, 3);
	tm_finish(m);
	r = run_logged(m, 100, &l, &set);
	ck_assert_uint_eq(l.n, 3);
	v = find(&l, 2, s);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->timed_out, 1);
	ck_assert_double_eq(v->enqueue, 1);
	ck_assert(isnan(v->start));	/* it never started */
	ck_assert_double_eq(v->end, 4);
	ck_assert_ptr_eq(v, &l.v[0]);	/* reported when the case ends: it ends first */
	ck_assert_int_eq(v->outcome, breach);
	v = find(&l, 3, s);
	ck_assert_int_eq(v->timed_out, 0);
	ck_assert_double_eq(v->start, 10);
	ck_assert_double_eq(v->end, 20);
	ck_assert_double_eq(r->metric[WF_M_CASES_COMPLETED], 3);
	ck_assert_double_eq_tol(r->metric[WF_M_TIMEOUT_RATE], 1.0 / 3, 1e-12);
	ck_assert_double_eq_tol(r->outcome_share[breach], 1.0 / 3, 1e-12);
	/* waits 0, 3, 2 */
	ck_assert_double_eq_tol(r->metric[WF_M_WAIT_TIME_MEAN], 5.0 / 3, 1e-12);
	ck_assert_double_eq_tol(r->step_wait[s], 5.0 / 3, 1e-12);
	ck_assert_double_eq_tol(r->step_service[s], 10, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_loop_limit)
{
	/* a step that always sends the case back to itself, max_visits 5: five visits of 1, then
	 * the sixth ends the case as loop_limit at t = arrival + 5 */
	double at[] = { 2 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "spin", -1);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(1);
	m->steps[s].max_visits = 5;
	tm_route_p(m, s, 1, tm_to(s));
	tm_trace(m, at, 1);
	tm_finish(m);
	r = run_logged(m, 100, &l, &set);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_double_eq(l.v[4].end, 7);
	ck_assert_double_eq(r->metric[WF_M_CASES_COMPLETED], 1);
	ck_assert_double_eq(r->metric[WF_M_CYCLE_TIME_MEAN], 5);
	ck_assert_double_eq(r->outcome_share[WF_OUTCOME_LOOP_LIMIT], 1);
	ck_assert_double_eq(r->loop_limit_cases, 1);
	/* a loop is not rework unless its route says so */
	ck_assert_double_eq(r->metric[WF_M_REWORK_RATE], 0);
	ck_assert_double_eq(r->metric[WF_M_RESOLUTION_RATE], 0);	/* loop_limit: unresolved */
	ck_assert_double_eq(r->step_visits[s], 5);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_calendar_schedule)
{
	/* one server Mon-Fri 09:00-17:00, 20 minutes of work (cost 60/h, step cost 5).
	 * Mon 16:50 -> 16:50-17:10 (started on shift, finishes); Tue 17:05 -> Wed 09:00;
	 * Fri 17:05 -> Mon 09:00 of week 2. */
	double day = 1440, week = 7 * day;
	double at[] = { 1010, day + 1025, 4 * day + 1025 };
	struct wf_window win = { 0x1f, 540, 1020, 1 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int res = tm_resource(m, "clerk", 1, 0, 60);
	int s = tm_step(m, "file", res);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	const struct wf_visit *v;

	tm_resource_windows(m, res, &win, 1);
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(20);
	m->steps[s].cost = 5;
	tm_trace(m, at, 3);
	tm_finish(m);
	r = run_logged(m, 2 * week, &l, &set);
	ck_assert_uint_eq(l.n, 3);
	v = find(&l, 1, s);
	ck_assert_double_eq(v->start, 1010);
	ck_assert_double_eq(v->end, 1030);
	v = find(&l, 2, s);
	ck_assert_double_eq(v->start, 2 * day + 540);
	ck_assert_double_eq(v->end, 2 * day + 560);
	v = find(&l, 3, s);
	ck_assert_double_eq(v->enqueue, 4 * day + 1025);
	ck_assert_double_eq(v->start, week + 540);
	ck_assert_double_eq(v->end, week + 560);
	/* The trace is done when case 3 ends at Monday 09:20 of week 2: the window ends there,
	 * with 5 x 480 + 20 open minutes.  60 busy minutes, of which 17:00-17:10 on Monday was
	 * overtime: 50 scheduled. */
	ck_assert_double_eq_tol(r->window_days, (week + 560) / day, 1e-12);
	ck_assert_double_eq_tol(r->res_utilization[res], 50.0 / 2420, 1e-12);
	ck_assert_double_eq_tol(r->res_busy[res], 1.0, 1e-12);
	ck_assert_double_eq_tol(r->res_overtime[res], 10.0 / 60, 1e-12);
	ck_assert_double_eq_tol(r->metric[WF_M_COST_PER_CASE], 25, 1e-12);
	ck_assert_double_eq_tol(r->metric[WF_M_TOUCH_TIME_MEAN], 20, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

/* One clerk Mon-Fri 09:00-17:00, 120 minutes of work.  Case 1 arrives Monday 16:00, case 2
 * at 16:30, case 3 on Friday 16:30.  at_close: finish (0): case 1 works 16:00-18:00 (an hour
 * of overtime); case 2 waits for Tuesday 09:00 and works to 11:00; case 3 16:30-18:30 on
 * Friday.  pause (1): case 1 stops at 17:00 with an hour left and ends Tuesday 10:00; case 2
 * then works 10:00-12:00; case 3 stops at Friday 17:00 with 90 minutes left and ends Monday
 * 10:30 of week 2.  No overtime; touch time stays 120 minutes. */
static void
check_at_close(int pause)
{
	double day = 1440, week = 7 * day;
	double at[] = { 960, 990, 4 * day + 990 };
	struct wf_window win = { 0x1f, 540, 1020, 1 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int res = tm_resource(m, "clerk", 1, 0, 60);
	int s = tm_step(m, "file", res);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	const struct wf_visit *v1, *v2, *v3;

	tm_resource_windows(m, res, &win, 1);
	m->resources[res].at_close_pause = pause;
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(120);
	tm_trace(m, at, 3);
	tm_finish(m);
	r = run_logged(m, 2 * week, &l, &set);
	ck_assert_uint_eq(l.n, 3);
	v1 = find(&l, 1, s);
	v2 = find(&l, 2, s);
	v3 = find(&l, 3, s);
	ck_assert_double_eq(v1->start, 960);
	ck_assert_double_eq(v3->start, 4 * day + 990);
	if (!pause) {
		ck_assert_double_eq(v1->end, 1080);
		ck_assert_double_eq(v2->start, day + 540);
		ck_assert_double_eq(v2->end, day + 660);
		ck_assert_double_eq(v3->end, 4 * day + 1110);
		/* Monday 17:00-18:00 and Friday 17:00-18:30 */
		ck_assert_double_eq_tol(r->res_overtime[res], 2.5, 1e-12);
	} else {
		ck_assert_double_eq(v1->end, day + 600);
		ck_assert_double_eq(v2->start, day + 600);
		ck_assert_double_eq(v2->end, day + 720);
		ck_assert_double_eq(v3->end, week + 630);
		ck_assert_double_eq(r->res_overtime[res], 0);
		ck_assert_double_eq_tol(r->res_busy[res], 6, 1e-12);
	}
	ck_assert_double_eq_tol(r->metric[WF_M_TOUCH_TIME_MEAN], 120, 1e-12);
	ck_assert_double_eq_tol(r->metric[WF_M_COST_PER_CASE], 120, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}

START_TEST(test_at_close)
{
	check_at_close(0);
	check_at_close(1);
}
END_TEST

START_TEST(test_pause_shifts_invariants)
{
	/* Shifts that shrink (3 servers 08:00-16:00, 1 16:00-20:00, none at night) on a pool that
	 * pauses, with two priority classes: conservation and Little's law (check_invariants),
	 * no overtime, and touch time equal to the mean work whatever the pauses. */
	struct wf_window win[] = { { 0x7f, 480, 960, 3 }, { 0x7f, 960, 1200, 1 } };
	struct wf_model *m = two_classes(0);
	struct wf_settings set;
	struct wf_rep_result *r;
	long reps = 10, i;

	tm_resource_windows(m, 0, win, 2);
	m->resources[0].at_close_pause = 1;
	tm_arrivals(m, tm_exp(1.0));	/* 1152 minutes of work a day for 1680 open */
	r = run(m, 30 * 1440, 5 * 1440, reps, &set);
	for (i = 0; i < reps; i++) {
		ck_assert_double_eq(r[i].res_overtime[0], 0);
		ck_assert(r[i].metric[WF_M_CASES_COMPLETED] > 1000);
	}
	near("touch time", of_field(r, reps, get_touch), 0.8);
	tu_free_results(r, reps);
	tm_free(m);
}
END_TEST

/* One step, no pool, holding its visits for a batch; Poisson arrivals, mean gap `ia`. */
static struct wf_model *
batch_model(double ia)
{
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "approve", -1);

	m->steps[s].has_batch = 1;
	m->steps[s].batch_max_wait = INFINITY;
	tm_arrivals(m, tm_exp(ia));
	tm_finish(m);
	return m;
}

START_TEST(test_batch_times)
{
	/* Releases every day at 10:00 and 15:00: gaps of 5 h and 19 h.  A Poisson arrival falls
	 * in a gap with probability gap / day and then waits gap / 2 on average: the mean wait is
	 * the sum over gaps of gap^2 / (2 day) = (300^2 + 1140^2) / 2880 = 482.5 minutes. */
	struct wf_model *m = batch_model(10);
	struct wf_settings set;
	struct wf_rep_result *r;
	double truth = (300.0 * 300 + 1140.0 * 1140) / (2 * 1440);
	struct est e;
	long reps = 20;
	int d;

	m->steps[0].batch_at = wf_xcalloc(14, sizeof(double));
	for (d = 0; d < 7; d++) {
		m->steps[0].batch_at[m->steps[0].n_batch_at++] = d * 1440.0 + 600;
		m->steps[0].batch_at[m->steps[0].n_batch_at++] = d * 1440.0 + 900;
	}
	r = run(m, 29 * 1440, 1440, reps, &set);
	e = of_field(r, reps, get_wq0);
	printf("batch at fixed times: wait %.3f +- %.3f (theory %.3f)\n", e.mean, e.se, truth);
	near("wait, fixed releases", e, truth);
	tu_free_results(r, reps);
	tm_free(m);
}
END_TEST

START_TEST(test_batch_size)
{
	/* Released when 20 are held: the k-th of a batch waits for 20 - k more arrivals, a mean
	 * wait of (N - 1) / (2 lambda) = 9.5.  Released when the first has waited T = 4 (no
	 * size): the first waits T, the lambda T others T / 2 on average:
	 * (T + lambda T^2 / 2) / (1 + lambda T) = 2.4. */
	struct wf_model *m = batch_model(1);
	struct wf_settings set;
	struct wf_rep_result *r;
	struct est e;
	long reps = 20;

	m->steps[0].batch_size = 20;
	r = run(m, 20000, 1000, reps, &set);
	e = of_field(r, reps, get_wq0);
	printf("batch of 20: wait %.4f +- %.4f (theory 9.5)\n", e.mean, e.se);
	near("wait, size 20", e, 9.5);
	tu_free_results(r, reps);
	m->steps[0].batch_size = 0;
	m->steps[0].batch_max_wait = 4;
	r = run(m, 200000, 1000, reps, &set);
	e = of_field(r, reps, get_wq0);
	printf("batch by max_wait 4: wait %.4f +- %.4f (theory 2.4)\n", e.mean, e.se);
	near("wait, max_wait 4", e, 2.4);
	tu_free_results(r, reps);
	tm_free(m);
}
END_TEST

START_TEST(test_batch_size_or_wait)
{
	/* Released when N = 20 are held or the first has waited T = 18, whichever comes first
	 * (the issue's `batch: { size: 20, max_wait: 4h }`), Poisson arrivals at rate lambda 1.
	 * A cycle starts with its first case; with A(t) the arrivals in the t after it, the batch
	 * is still held at t when t < T and A(t) < N - 1, and then 1 + A(t) cases wait, so
	 *   E[wait in a cycle]  = sum_{k=0}^{N-2} (1 + k) int_0^T P(A(t) = k) dt
	 *                       = sum_{k=0}^{N-2} (1 + k) P(A(T) > k) / lambda,
	 *   E[cases in a cycle] = 1 + E[min(N - 1, A(T))] = 1 + sum_{k=0}^{N-2} P(A(T) > k),
	 * and the mean wait is their ratio (renewal-reward).  With lambda T = 18 near N - 1 = 19
	 * both triggers fire often: 8.5826 minutes, well below the size-only (N - 1) / (2 lambda)
	 * = 9.5 and the wait-only (T + lambda T^2 / 2) / (1 + lambda T) = 9.4737, so a release
	 * that heeded only one trigger fails. */
	struct wf_model *m = batch_model(1);
	struct wf_settings set;
	struct wf_rep_result *r;
	double lambda = 1, T = 18, num = 0, den = 1, truth;
	int N = 20, k;
	struct est e;
	long reps = 20;

	for (k = 0; k <= N - 2; k++) {
		double q = gsl_cdf_poisson_Q((unsigned)k, lambda * T);

		num += (1 + k) * q / lambda;
		den += q;
	}
	truth = num / den;
	ck_assert(truth < (T + lambda * T * T / 2) / (1 + lambda * T) - 0.5 &&
	    truth < (N - 1) / (2 * lambda) - 0.5);
	m->steps[0].batch_size = N;
	m->steps[0].batch_max_wait = T;
	r = run(m, 200000, 1000, reps, &set);
	e = of_field(r, reps, get_wq0);
	printf("batch of 20 or after 18: wait %.4f +- %.4f (theory %.4f)\n", e.mean, e.se, truth);
	near("wait, size 20 or max_wait 18", e, truth);
	tu_free_results(r, reps);
	tm_free(m);
}
END_TEST

START_TEST(test_equal_priorities_identical)
{
	/* Priorities that are all equal change nothing: the two-class M/M/1 with every step at
	 * priority 3 is the model without priorities, number for number (FIFO within a class is
	 * the whole order). */
	long reps = 5, i;
	struct wf_settings set;
	struct wf_model *me = two_classes(2), *m0 = two_classes(2);
	struct wf_rep_result *re, *r0;

	m0->steps[1].priority = m0->steps[2].priority = 0;
	re = run(me, 20000, 1000, reps, &set);
	r0 = run(m0, 20000, 1000, reps, &set);
	for (i = 0; i < reps; i++) {
		ck_assert(memcmp(re[i].metric, r0[i].metric, sizeof(re[i].metric)) == 0);
		ck_assert(memcmp(re[i].step_wait, r0[i].step_wait, 3 * sizeof(double)) == 0);
	}
	tu_free_results(re, reps);
	tu_free_results(r0, reps);
	tm_free(me);
	tm_free(m0);
}
END_TEST

START_TEST(test_batch_pool_invariants)
{
	/* Batches of up to 5 (or after 3 minutes) released to a shared pool with two priority
	 * classes, and a patience of 6 that runs from the moment a case is held: conservation,
	 * Little's law, and every case either served or timed out. */
	struct wf_model *m = two_classes(0);
	struct wf_settings set;
	struct wf_rep_result *r;
	int breach = tm_outcome(m, "breach"), k;
	long reps = 10, i;

	for (k = 1; k <= 2; k++) {
		m->steps[k].has_batch = 1;
		m->steps[k].batch_size = 5;
		m->steps[k].batch_max_wait = 3;
		m->steps[k].has_max_wait = 1;
		m->steps[k].max_wait = tm_const(6);
		m->steps[k].on_timeout = tm_end(breach);
	}
	r = run(m, 20000, 1000, reps, &set);
	for (i = 0; i < reps; i++) {
		ck_assert(r[i].outcome_share[breach] > 0.01);
		ck_assert(r[i].outcome_share[WF_OUTCOME_DONE] > 0.5);
	}
	tu_free_results(r, reps);
	tm_free(m);
}
END_TEST

START_TEST(test_patience_without_queue)
{
	/* A step without a pool: durations uniform on (0, 10), patience 7.  A case withdraws
	 * when its duration exceeds 7 (probability 0.3) and then leaves at 7: the mean cycle
	 * time is E[min(D, 7)] = (7^2 / 2 + 3 * 7) / 10 = 4.55. */
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "await_documents", -1);
	int gone = tm_outcome(m, "withdrawn");
	struct wf_settings set;
	struct wf_rep_result *r;
	struct log l;
	double at[] = { 0, 1 };
	const struct wf_visit *v;
	long reps = 10;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_uniform(0, 10);
	m->steps[s].has_max_wait = 1;
	m->steps[s].max_wait = tm_const(7);
	m->steps[s].on_timeout = tm_end(gone);
	tm_arrivals(m, tm_exp(1));
	tm_finish(m);
	r = run(m, 20000, 100, reps, &set);
	near_share(r, reps, gone, 0.3, "withdrawn");
	near("cycle time", of_field(r, reps, get_w), 4.55);
	near("timeout rate", of_field(r, reps, get_timeout_rate), 0.3);
	tu_free_results(r, reps);
	/* exact: a duration of 12 is cut at 7, one of 5 is not */
	tm_free(m);
	m = tm_new(WF_MINUTES);
	s = tm_step(m, "await_documents", -1);
	gone = tm_outcome(m, "withdrawn");
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(12);
	m->steps[s].has_max_wait = 1;
	m->steps[s].max_wait = tm_const(7);
	m->steps[s].on_timeout = tm_end(gone);
	tm_trace(m, at, 2);
	tm_finish(m);
	r = run_logged(m, 100, &l, &set);
	ck_assert_uint_eq(l.n, 2);
	v = find(&l, 2, s);
	ck_assert_int_eq(v->timed_out, 1);
	ck_assert_double_eq(v->start, 1);
	ck_assert_double_eq(v->end, 8);
	ck_assert_int_eq(v->outcome, gone);
	free(l.v);
	tu_free_results(r, 1);
	wf_dist_fini(&m->steps[s].max_wait);	/* a patience longer than the work: no effect */
	m->steps[s].max_wait = tm_const(20);
	r = run_logged(m, 100, &l, &set);
	v = find(&l, 2, s);
	ck_assert_int_eq(v->timed_out, 0);
	ck_assert_double_eq(v->end, 13);
	ck_assert_int_eq(v->outcome, WF_OUTCOME_DONE);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_holidays)
{
	/* One clerk Mon-Fri 09:00-17:00, closed on Tuesday (a holiday), 20 minutes of work.  A
	 * case arriving Monday 17:05 starts Wednesday 09:00; the Tuesday is not offered time.
	 * Then arrivals every hour with Tuesday a holiday for them too: of the 71 arrivals in
	 * three days, the 24 on Tuesday do not happen. */
	double day = 1440, at[] = { 1025 };
	struct wf_window win = { 0x1f, 540, 1020, 1 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int res = tm_resource(m, "clerk", 1, 0, 0);
	int s = tm_step(m, "file", res);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	const struct wf_visit *v;

	tm_resource_windows(m, res, &win, 1);
	m->resources[res].holiday = wf_xcalloc(1, sizeof(double));
	m->resources[res].holiday[0] = day;
	m->resources[res].n_holidays = 1;
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(20);
	tm_trace(m, at, 1);
	tm_finish(m);
	r = run_logged(m, 7 * day, &l, &set);
	v = find(&l, 1, s);
	ck_assert_double_eq(v->start, 2 * day + 540);
	ck_assert_double_eq(v->end, 2 * day + 560);
	/* the window ends when the case does (Wednesday 09:20): Monday's 480 open minutes and
	 * Wednesday's 20, not Tuesday's */
	ck_assert_double_eq_tol(r->res_utilization[res], 20.0 / 500, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);

	m = tm_new(WF_MINUTES);
	tm_step(m, "file", -1);
	tm_arrivals(m, tm_const(60));
	m->arrivals.holiday = wf_xcalloc(1, sizeof(double));
	m->arrivals.holiday[0] = day;
	m->arrivals.n_holidays = 1;
	tm_finish(m);
	r = run(m, 3 * day, 0, 1, &set);
	ck_assert_double_eq(r->metric[WF_M_CASES_ARRIVED], 71 - 24);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_calendar_holidays)
{
	/* The holidays of a calendar (Tuesday 2026-01-06) close the pool that uses it: one clerk
	 * Mon-Fri 09:00-17:00, 20 minutes of work, a case every 6 hours from Monday 06:00.  The
	 * clerk works no minute on Tuesday: the cases of Monday 18:00 to Wednesday 06:00 (3 to 9)
	 * start back to back from Wednesday 09:00.  Over three days the pool is offered Monday's
	 * and Wednesday's 480 minutes, not Tuesday's, and is busy 40 + 160 of them.  Shifts take
	 * holidays the same way (the crew, Wednesday), and arrivals that name the calendar lose
	 * Tuesday's: 71 arrivals an hour in three days, 24 of them on Tuesday. */
	static const char *text =
	    "wfsim: 1\n"
	    "time_unit: minutes\n"
	    "calendars:\n"
	    "  office:\n"
	    "    windows: [ { days: mon-fri, hours: \"09:00-17:00\" } ]\n"
	    "    holidays: [2026-01-06]\n"
	    "resources:\n"
	    "  clerk: { capacity: 1, calendar: office }\n"
	    "  crew:\n"
	    "    shifts:\n"
	    "      windows: [ { days: daily, hours: \"00:00-24:00\", capacity: 1 } ]\n"
	    "      holidays: [2026-01-07]\n"
	    "arrivals: { interarrival: 6h }\n"
	    "steps:\n"
	    "  - { id: file, resource: clerk, duration: 20m }\n"
	    "  - { id: fix, resource: crew, duration: 5m }\n";
	double day = 1440;
	struct wf_model *m = tu_load_text(text);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	const struct wf_visit *v;
	size_t i;
	long id;

	ck_assert_uint_eq(m->resources[0].n_holidays, 1);
	ck_assert_double_eq(m->resources[0].holiday[0], day);
	ck_assert_uint_eq(m->resources[1].n_holidays, 1);
	ck_assert_double_eq(m->resources[1].holiday[0], 2 * day);
	r = run_logged(m, 3 * day, &l, &set);
	for (i = 0; i < l.n; i++) {
		const struct wf_visit *x = &l.v[i];
		int res = x->step;	/* step i uses resource i */

		if (isnan(x->start))	/* not started by the horizon */
			continue;
		/* no work on a pool's holiday: nothing starts or runs in it */
		ck_assert_msg(x->end <= (res + 1) * day || x->start >= (res + 2) * day,
		    "case %ld step %d works %g-%g on its pool's holiday", x->case_id, x->step,
		    x->start, x->end);
	}
	v = find(&l, 2, 0);
	ck_assert_double_eq(v->start, 720);
	for (id = 3; id <= 9; id++) {
		v = find(&l, id, 0);
		ck_assert_ptr_nonnull(v);
		ck_assert_double_eq(v->start, 2 * day + 540 + 20 * (double)(id - 3));
	}
	/* case 3's crew visit, ready Wednesday 09:20, waits for Thursday 00:00 */
	v = find(&l, 3, 1);
	ck_assert_double_eq(v->start, 3 * day);
	ck_assert_double_eq_tol(r->res_utilization[0], (40.0 + 160) / 960, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	wf_model_free(m);

	m = tu_load_text(
	    "wfsim: 1\n"
	    "time_unit: minutes\n"
	    "calendars: { office: { windows: [ { days: mon-fri, hours: \"09:00-17:00\" } ],\n"
	    "  holidays: [2026-01-06] } }\n"
	    "arrivals: { interarrival: 1h, holidays: office }\n"
	    "steps: [ { id: file } ]\n");
	ck_assert_uint_eq(m->arrivals.n_holidays, 1);
	r = run_logged(m, 3 * day, &l, &set);
	ck_assert_double_eq(r->metric[WF_M_CASES_ARRIVED], 71 - 24);
	free(l.v);
	tu_free_results(r, 1);
	wf_model_free(m);
}
END_TEST

START_TEST(test_shifts)
{
	/* two servers 00:00-12:00, one 12:00-24:00, every day; 120 minutes of work.  Three cases
	 * at 11:00: two start, the third waits; at 12:00 capacity drops below busy, nothing
	 * starts (work in progress finishes at 13:00); then one server: case 3 at 13:00, case 4
	 * (13:01) at 15:00. */
	double at[] = { 660, 660, 660, 781 };
	struct wf_window win[] = { { 0x7f, 0, 720, 2 }, { 0x7f, 720, 1440, 1 } };
	struct wf_model *m = tm_new(WF_MINUTES);
	int res = tm_resource(m, "crew", 2, 0, 0);
	int s = tm_step(m, "job", res);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;

	tm_resource_windows(m, res, win, 2);
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(120);
	tm_trace(m, at, 4);
	tm_finish(m);
	r = run_logged(m, 1440, &l, &set);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_double_eq(find(&l, 1, s)->start, 660);
	ck_assert_double_eq(find(&l, 2, s)->start, 660);
	ck_assert_double_eq(find(&l, 2, s)->end, 780);
	ck_assert_double_eq(find(&l, 3, s)->start, 780);
	ck_assert_double_eq(find(&l, 4, s)->start, 900);
	ck_assert_double_eq(find(&l, 4, s)->end, 1020);
	/* the trace is done at 17:00 (case 4 ends): 2 x 720 + 1 x 300 server-minutes available;
	 * of 480 busy server-minutes, 12:00-13:00 on the second server was overtime */
	ck_assert_double_eq_tol(r->res_utilization[res], 420.0 / 1740, 1e-12);
	ck_assert_double_eq_tol(r->res_overtime[res], 1.0, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_unlimited_calendar)
{
	/* an unlimited pool open 09:00-17:00 on weekdays: three cases at Monday 00:00 all start
	 * at 09:00; one at 16:59 starts at once */
	double at[] = { 0, 0, 0, 1019 };
	struct wf_window win = { 0x1f, 540, 1020, 1 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int res = tm_resource(m, "bots", WF_UNLIMITED, 1, 0);
	int s = tm_step(m, "run", res);
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	long id;

	m->calendars = wf_xcalloc(1, sizeof(*m->calendars));
	m->n_calendars = 1;
	m->calendars[0].id = NULL;
	ck_assert_int_eq(wf_weekly_build(&m->calendars[0].open, &win, 1, 0, 1, 0, NULL, NULL), 0);
	m->resources[res].calendar = 0;
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(30);
	tm_trace(m, at, 4);
	tm_finish(m);
	r = run_logged(m, 1440, &l, &set);
	ck_assert_uint_eq(l.n, 4);
	for (id = 1; id <= 3; id++)
		ck_assert_double_eq(find(&l, id, s)->start, 540);
	ck_assert_double_eq(find(&l, 4, s)->start, 1019);
	ck_assert(isnan(r->res_utilization[res]));
	ck_assert_double_eq(r->metric[WF_M_AUTONOMOUS_RATE], 1);	/* a machine pool */
	free(l.v);
	tu_free_results(r, 1);
	wf_weekly_fini(&m->calendars[0].open);
	free(m->calendars);
	tm_free(m);
}
END_TEST

/* Work in progress at a long horizon is the mean of hourly samples around each of the
 * WF_WIP_SAMPLES points, not one sample per point: three cases of 10 h each on one server,
 * points 2 h apart (horizon 398 h), so the point at 10 h averages the samples at 9 h (3 in
 * the system) and 10 h (2). */
START_TEST(test_wip_hourly_samples)
{
	struct wf_model *m = tm_new(WF_HOURS);
	int s = tm_step(m, "clear", tm_resource(m, "clerk", 1, 0, 0));
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(10);
	m->arrivals.limit = 0;
	m->backlog = wf_xcalloc(1, sizeof(*m->backlog));
	m->backlog[0].step = s;
	m->backlog[0].count = 3;
	m->n_backlog = 1;
	tm_finish(m);
	r = run_logged(m, 398, &l, &set);
	ck_assert_double_eq(r->wip[0], 3);		/* the sample at 0 h alone */
	ck_assert_double_eq(r->wip[4], 3);		/* 7 h and 8 h */
	ck_assert_double_eq(r->wip[5], 2.5);		/* 9 h: 3, 10 h: 2 */
	ck_assert_double_eq(r->wip[10], 1.5);		/* 19 h: 2, 20 h: 1 */
	ck_assert_double_eq(r->wip[15], 0.5);		/* 29 h: 1, 30 h: 0 */
	ck_assert_double_eq(r->wip[WF_WIP_SAMPLES - 1], 0);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_backlog_and_wip)
{
	/* five cases waiting at time 0 for one server, one minute each; no arrivals */
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "clear", tm_resource(m, "clerk", 1, 0, 0));
	struct wf_settings set;
	struct log l;
	struct wf_rep_result *r;
	size_t i;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(1);
	m->arrivals.limit = 0;
	m->backlog = wf_xcalloc(1, sizeof(*m->backlog));
	m->backlog[0].step = s;
	m->backlog[0].count = 5;
	m->n_backlog = 1;
	tm_finish(m);
	r = run_logged(m, 199, &l, &set);	/* WIP samples at every whole minute */
	ck_assert_uint_eq(l.n, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(l.v[i].case_id, WF_BACKLOG_ID0 + 1 + (long)i);
		ck_assert_double_eq(l.v[i].end, i + 1);
	}
	ck_assert_double_eq(r->metric[WF_M_CASES_ARRIVED], 5);
	ck_assert_double_eq(r->metric[WF_M_CYCLE_TIME_MEAN], 3);
	ck_assert_double_eq(r->wip[0], 5);
	ck_assert_double_eq(r->wip[1], 4);
	ck_assert_double_eq(r->wip[4], 1);
	ck_assert_double_eq(r->wip[5], 0);
	ck_assert_double_eq(r->wip[WF_WIP_SAMPLES - 1], 0);
	/* the backlog is cleared at 5: the window ends there (a finite workload) */
	ck_assert_double_eq_tol(r->window_days, 5.0 / 1440, 1e-15);
	ck_assert_double_eq_tol(r->res_queue[0], (4 + 3 + 2 + 1) / 5.0, 1e-12);
	free(l.v);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

START_TEST(test_warmup_and_in_progress)
{
	/* arrivals at 1..10; warm-up 4.5 makes 5..10 the cohort (6 cases); work 3 on one server:
	 * case k is done at 3k + 1.  By the horizon 20 cases 1..6 are done, 7..10 in progress;
	 * the run goes on until case 10 is done at 31, so every cohort case counts */
	double at[10];
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "w", tm_resource(m, "w", 1, 0, 0));
	struct wf_settings set;
	struct wf_rep_result *r;
	int i;

	for (i = 0; i < 10; i++)
		at[i] = i + 1;
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_const(3);
	tm_trace(m, at, 10);
	tm_finish(m);
	memset(&set, 0, sizeof(set));
	set.horizon = 20;
	set.warmup = 4.5;
	set.replications = 1;
	set.seed = 1;
	r = run_all(m, &set, 1, NULL, NULL);
	ck_assert_double_eq(r->metric[WF_M_CASES_ARRIVED], 6);
	ck_assert_double_eq(r->metric[WF_M_CASES_COMPLETED], 6);
	ck_assert_double_eq(r->metric[WF_M_CENSORED_CASES], 0);
	ck_assert_double_eq(r->metric[WF_M_CASES_IN_PROGRESS], 4);
	/* cycle times 11, 13, ..., 21 */
	ck_assert_double_eq(r->metric[WF_M_CYCLE_TIME_MEAN], 16);
	/* ends inside [4.5, 20): cases 2..6 (at 7, 10, 13, 16, 19), whenever they arrived */
	ck_assert_double_eq_tol(r->metric[WF_M_THROUGHPUT_PER_DAY], 5 / (15.5 / 1440), 1e-9);
	ck_assert_double_eq_tol(r->res_utilization[0], 1, 1e-12);
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

static struct wf_model *
busy_model(void)
{
	struct wf_model *m = tm_new(WF_MINUTES);
	int r1 = tm_resource(m, "r1", 2, 0, 30), r2 = tm_resource(m, "r2", 1, 1, 0);
	int a = tm_step(m, "a", r1), b = tm_step(m, "b", r2);
	double pv[] = { 0.5, 0.5 };

	tm_attribute(m, "k", 2, pv);
	m->steps[a].has_duration = m->steps[b].has_duration = 1;
	m->steps[a].duration = tm_exp(1.5);
	m->steps[b].duration = tm_lognormal(0.7, 0.5);
	m->steps[b].error_p = 0.1;
	tm_route_p(m, b, 0.2, tm_to(a));
	tm_route_p(m, b, 0.8, tm_end(WF_OUTCOME_DONE));
	tm_arrivals(m, tm_exp(1.2));
	tm_finish(m);
	return m;
}

START_TEST(test_determinism)
{
	struct wf_model *m = busy_model();
	struct wf_settings set;
	struct wf_rep_result *r1, *r3, *r4;
	long i;

	memset(&set, 0, sizeof(set));
	set.horizon = 3000;
	set.warmup = 100;
	set.replications = 7;
	set.seed = 99;
	r1 = run_all(m, &set, 1, NULL, NULL);
	r3 = run_all(m, &set, 3, NULL, NULL);
	for (i = 0; i < set.replications; i++) {
		ck_assert_mem_eq(r1[i].metric, r3[i].metric, sizeof(r1[i].metric));
		ck_assert_mem_eq(r1[i].wip, r3[i].wip, sizeof(r1[i].wip));
		ck_assert_mem_eq(r1[i].step_wait, r3[i].step_wait, 2 * sizeof(double));
		ck_assert_mem_eq(r1[i].res_utilization, r3[i].res_utilization, 2 * sizeof(double));
	}
	/* replications differ from each other, and another seed gives other numbers */
	ck_assert(r1[0].metric[WF_M_CYCLE_TIME_MEAN] != r1[1].metric[WF_M_CYCLE_TIME_MEAN]);
	set.seed = 100;
	r4 = run_all(m, &set, 2, NULL, NULL);
	ck_assert(r1[0].metric[WF_M_CYCLE_TIME_MEAN] != r4[0].metric[WF_M_CYCLE_TIME_MEAN]);
	/* an independent stream for a second model changes the numbers too */
	tu_free_results(r4, set.replications);
	set.seed = 99;
	set.stream = 1;
	r4 = run_all(m, &set, 2, NULL, NULL);
	ck_assert(r1[0].metric[WF_M_CYCLE_TIME_MEAN] != r4[0].metric[WF_M_CYCLE_TIME_MEAN]);
	tu_free_results(r1, set.replications);
	tu_free_results(r3, set.replications);
	tu_free_results(r4, set.replications);
	tm_free(m);
}
END_TEST

START_TEST(test_workspace_reuse)
{
	/* one workspace running rep 3 after others gives what a fresh one gives */
	struct wf_model *m = busy_model();
	struct wf_settings set = { .horizon = 2000, .warmup = 0, .replications = 5, .seed = 5,
	    .threads = 1 };
	struct wf_rep_result a, b;
	struct wf_sim *s1 = wf_sim_alloc(m), *s2 = wf_sim_alloc(m);
	char err[128];
	long k;

	wf_rep_result_init(&a, m);
	wf_rep_result_init(&b, m);
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(wf_sim_run(s1, &set, k, &a, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(wf_sim_run(s1, &set, 3, &a, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(wf_sim_run(s2, &set, 3, &b, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_mem_eq(a.metric, b.metric, sizeof(a.metric));
	ck_assert_mem_eq(a.cycle.bucket, b.cycle.bucket, sizeof(a.cycle.bucket));
	/* bad settings are an error, not a crash */
	set.warmup = 3000;
	ck_assert_int_eq(wf_sim_run(s2, &set, 0, &b, NULL, NULL, err, sizeof(err)), -1);
	ck_assert(strlen(err) > 0);
	wf_sim_free(s1);
	wf_sim_free(s2);
	wf_rep_result_fini(&a);
	wf_rep_result_fini(&b);
	tm_free(m);
}
END_TEST

START_TEST(test_crn)
{
	/* model A: x then y; model B: a new step "pre" (own resource, random) then x.  Step x
	 * draws the same durations for the same case in both. */
	struct wf_model *ma = tm_new(WF_MINUTES), *mb = tm_new(WF_MINUTES);
	int xa, xb, pre;
	struct log la, lb;
	struct wf_settings set;
	struct wf_rep_result *ra, *rb;
	long id, matched = 0;

	xa = tm_step(ma, "x", tm_resource(ma, "pool", 2, 0, 0));
	tm_step(ma, "y", -1);
	ma->steps[xa].has_duration = 1;
	ma->steps[xa].duration = tm_exp(1.5);
	tm_arrivals(ma, tm_exp(1));
	tm_finish(ma);
	pre = tm_step(mb, "pre", tm_resource(mb, "other", 1, 0, 0));
	xb = tm_step(mb, "x", tm_resource(mb, "pool", 3, 0, 0));
	mb->steps[pre].has_duration = mb->steps[xb].has_duration = 1;
	mb->steps[pre].duration = tm_exp(0.5);
	mb->steps[xb].duration = tm_exp(1.5);
	tm_arrivals(mb, tm_exp(1));
	tm_finish(mb);
	ra = run_logged(ma, 500, &la, &set);
	rb = run_logged(mb, 500, &lb, &set);
	for (id = 1; id <= 300; id++) {
		const struct wf_visit *va = find(&la, id, xa), *vb = find(&lb, id, xb);

		const struct wf_visit *pb = find(&lb, id, pre);

		if (va == NULL || vb == NULL || pb == NULL)
			continue;
		/* the same duration (up to rounding of end - start) ... */
		ck_assert_double_eq_tol(va->end - va->start, vb->end - vb->start,
		    1e-9 * (1 + va->end));
		/* ... and the same arrival time: x is A's first step, pre is B's */
		ck_assert_double_eq(va->enqueue, pb->enqueue);
		matched++;
	}
	ck_assert(matched > 200);
	ck_assert_double_eq(ra->metric[WF_M_CASES_ARRIVED], rb->metric[WF_M_CASES_ARRIVED]);
	free(la.v);
	free(lb.v);
	tu_free_results(ra, 1);
	tu_free_results(rb, 1);
	tm_free(ma);
	tm_free(mb);
}
END_TEST

START_TEST(test_profile)
{
	/* arrivals 0.5/min Mon-Fri 09:00-17:00, none otherwise: 1200 a week, every one inside
	 * the window; Poisson, so the count's se across replications is about sqrt(1200/R) */
	struct wf_window win = { 0x1f, 540, 1020, 0.5 };
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "in", -1);
	struct wf_settings set;
	struct wf_rep_result *r;
	struct log l;
	size_t i;

	m->arrivals.kind = WF_ARRIVE_PROFILE;
	ck_assert_int_eq(wf_weekly_build(&m->arrivals.profile, &win, 1, 0, 1, 0, NULL, NULL), 0);
	tm_finish(m);
	r = run(m, 7 * 1440, 0, 20, &set);
	near("arrivals per week", of_field(r, 20, get_arrived), 1200);
	tu_free_results(r, 20);
	r = run_logged(m, 7 * 1440, &l, &set);
	ck_assert(l.n > 1000);
	for (i = 0; i < l.n; i++) {
		double tod = fmod(l.v[i].enqueue, 1440);

		ck_assert(l.v[i].enqueue < 5 * 1440 && tod >= 540 && tod < 1020);
	}
	free(l.v);
	tu_free_results(r, 1);
	wf_weekly_fini(&m->arrivals.profile);
	tm_free(m);
	(void)s;
}
END_TEST

START_TEST(test_metric_table)
{
	static const char *names[] = { "cases_arrived", "cases_completed", "censored_cases",
	    "cases_in_progress", "throughput_per_day", "cycle_time_mean", "cycle_time_p50",
	    "cycle_time_p90", "cycle_time_p95", "wait_time_mean", "touch_time_mean",
	    "resolution_rate", "abandonment_rate", "autonomous_rate", "decided_without_human_rate",
	    "escalation_rate", "rework_rate", "exception_rate", "timeout_rate",
	    "escaped_error_rate", "sla_attainment", "cost_per_case" };
	struct wf_model *m = tm_new(WF_HOURS);
	struct wf_settings set;
	size_t i;

	for (i = 0; i < WF_M_COUNT; i++) {
		ck_assert_str_eq(wf_metrics[i].name, names[i]);
		ck_assert_ptr_nonnull(wf_metrics[i].label);
	}
	wf_settings_default(&set, m);
	ck_assert_double_eq(set.horizon, 28 * 24);	/* the warm-up (0) + four whole weeks */
	ck_assert_double_eq(set.warmup, 0);
	ck_assert_int_eq(set.replications, 30);
	ck_assert_int_ge(set.threads, 1);
	m->sim.has_seed = 1;
	m->sim.seed = 77;
	m->sim.has_horizon = 1;
	m->sim.horizon = 10;
	wf_settings_default(&set, m);
	ck_assert_uint_eq(set.seed, 77);
	ck_assert_double_eq(set.horizon, 10);
	tm_free(m);
}
END_TEST

START_TEST(test_sla_and_escalation)
{
	/* autonomous work uniform(0, 10) with sla 8: attainment 0.8; escalation on a step
	 * half of the cases visit */
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "w", -1), e = tm_step(m, "esc", -1);
	struct wf_settings set;
	struct wf_rep_result *r;
	double *x;
	long i;

	m->has_sla = 1;
	m->sla = 8;
	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_uniform(0, 10);
	tm_route_p(m, s, 0.5, tm_to(e));
	tm_route_p(m, s, 0.5, tm_end(WF_OUTCOME_DONE));
	m->steps[e].escalation = 1;
	tm_arrivals(m, tm_exp(1));
	tm_finish(m);
	r = run(m, 5000, 0, 10, &set);
	x = wf_xcalloc(10, sizeof(double));
	for (i = 0; i < 10; i++)
		x[i] = r[i].metric[WF_M_SLA_ATTAINMENT];
	near("sla", estimate(x, 1, 10), 0.8);
	for (i = 0; i < 10; i++)
		x[i] = r[i].metric[WF_M_ESCALATION_RATE];
	near("escalation", estimate(x, 1, 10), 0.5);
	free(x);
	tu_free_results(r, 10);
	m->has_sla = 0;
	r = run(m, 100, 0, 1, &set);
	ck_assert(isnan(r->metric[WF_M_SLA_ATTAINMENT]));
	tu_free_results(r, 1);
	tm_free(m);
}
END_TEST

/* The example of model-format.md through the loader (tests/good/spec-example-20-agents.yaml:
 * 20 agents instead of 8, as 8 agents working 40 h a week cannot keep up with a case every 6
 * minutes around the clock): it runs, keeps its invariants, and the step and resource tables
 * line up with the model. */

START_TEST(test_yaml_example)
{
	struct wf_model *m;
	struct wf_settings set;
	struct wf_rep_result *r;
	long i;

	m = tu_load("tests/good/spec-example-20-agents.yaml", NULL);
	wf_settings_default(&set, m);
	ck_assert_double_eq(set.horizon, 15 * 1440);
	set.replications = 4;
	r = run_all(m, &set, 2, NULL, NULL);
	for (i = 0; i < 4; i++) {
		/* about 10 cases an hour for 14 days; a 30% escalation share */
		ck_assert(r[i].metric[WF_M_CASES_COMPLETED] > 2500);
		ck_assert(r[i].metric[WF_M_CASES_IN_PROGRESS] > 0);
		ck_assert(r[i].metric[WF_M_ESCALATION_RATE] > 0.2);
		ck_assert(r[i].metric[WF_M_ESCALATION_RATE] < 0.45);
		ck_assert(r[i].metric[WF_M_SLA_ATTAINMENT] >= 0);
		ck_assert(r[i].res_utilization[wf_model_resource(m, "agents")] > 0.3);
		ck_assert_double_eq(r[i].step_visits[wf_model_step(m, "intake")], 1);
		ck_assert(r[i].metric[WF_M_COST_PER_CASE] > 0);
	}
	tu_free_results(r, 4);
	wf_model_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sim");
	SRunner *sr;
	int failed;
	struct { const char *name; const TTest *fn; } t[] = {
		{ "mm1", test_mm1 },
		{ "mmc", test_mmc },
		{ "mg1", test_mg1 },
		{ "priority_cobham", test_priority_cobham },
		{ "equal_priorities_identical", test_equal_priorities_identical },
		{ "jackson_feedback", test_jackson_feedback },
		{ "autonomous", test_autonomous },
		{ "route_shares", test_route_shares },
		{ "review", test_review },
		{ "timeout", test_timeout },
		{ "loop_limit", test_loop_limit },
		{ "calendar_schedule", test_calendar_schedule },
		{ "shifts", test_shifts },
		{ "at_close", test_at_close },
		{ "holidays", test_holidays },
		{ "calendar_holidays", test_calendar_holidays },
		{ "pause_shifts_invariants", test_pause_shifts_invariants },
		{ "batch_times", test_batch_times },
		{ "patience_without_queue", test_patience_without_queue },
		{ "batch_size", test_batch_size },
		{ "batch_size_or_wait", test_batch_size_or_wait },
		{ "batch_pool_invariants", test_batch_pool_invariants },
		{ "unlimited_calendar", test_unlimited_calendar },
		{ "backlog_and_wip", test_backlog_and_wip },
		{ "wip_hourly_samples", test_wip_hourly_samples },
		{ "warmup_and_in_progress", test_warmup_and_in_progress },
		{ "determinism", test_determinism },
		{ "workspace_reuse", test_workspace_reuse },
		{ "crn", test_crn },
		{ "profile", test_profile },
		{ "metric_table", test_metric_table },
		{ "sla_and_escalation", test_sla_and_escalation },
		{ "yaml_example", test_yaml_example },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		TCase *tc = tcase_create(t[i].name);

		tcase_add_test(tc, t[i].fn);
		tcase_set_timeout(tc, 60);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
