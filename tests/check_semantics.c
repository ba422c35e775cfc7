/* What the figures of issue 9 mean, checked on models whose answers are known exactly or in
 * expectation: censoring at the drain cap, outcome kinds (resolution, abandonment, resolved
 * without a human, decided without a human), rework, what clears a defect, and overtime.
 *
 * It uses the metrics, result fields, settings and model keys that the engine change adds
 * (WF_M_RESOLUTION_RATE, WF_M_ABANDONMENT_RATE, WF_M_CENSORED_CASES,
 * WF_M_DECIDED_WITHOUT_HUMAN_RATE, res_overtime, settings.drain; `outcomes:`, `drain:`,
 * `rework:`, `clears_defects:`, `decision:`), so it builds only with that change.
 *
 * Tolerances: a share p estimated from N independent cases (all replications' cohorts pooled)
 * has the binomial s.e. sqrt(p (1 - p) / N); it is accepted within K = 4 s.e., a false
 * alarm of 6e-5 two-sided per check.  Shares that follow from the routes alone (a model
 * with no human anywhere, a defect that must escape) are checked exactly, per replication. */
#include <check.h>
#include "testutil.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/sim.h"
#include "wfsim/xalloc.h"

#define K 4.0			/* standard errors allowed */

/* All replications of m with the model's settings, except the drain when drain >= 0. */
static struct wf_rep_result *
run_all(const struct wf_model *m, struct wf_settings *set, double drain)
{
	struct wf_rep_result *r;
	char err[256] = "";
	long i;

	wf_settings_default(set, m);
	if (drain >= 0)
		set->drain = drain;
	set->threads = 1;
	r = wf_xcalloc((size_t)set->replications, sizeof(*r));
	ck_assert_msg(wf_sim_run_all(m, set, r, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0,
	    "%s", err);
	/* the cohort is accounted for, always: arrived = completed + censored */
	for (i = 0; i < set->replications; i++)
		ck_assert_msg(r[i].metric[WF_M_CASES_ARRIVED] ==
		    r[i].metric[WF_M_CASES_COMPLETED] + r[i].metric[WF_M_CENSORED_CASES],
		    "replication %ld: arrived %g, completed %g, censored %g", i,
		    r[i].metric[WF_M_CASES_ARRIVED], r[i].metric[WF_M_CASES_COMPLETED],
		    r[i].metric[WF_M_CENSORED_CASES]);
	return r;
}

/* The share `metric` pooled over all replications' ended cohort cases (a rate's denominator
 * is cases_completed), judged against p within K binomial standard errors. */
static void
near_rate(const char *what, const struct wf_rep_result *r, long n, enum wf_metric metric, double p)
{
	double hits = 0, cases = 0, est, se;
	long i;

	for (i = 0; i < n; i++) {
		double c = r[i].metric[WF_M_CASES_COMPLETED];

		hits += r[i].metric[metric] * c;
		cases += c;
	}
	ck_assert_msg(cases >= 1000, "%s: only %g cases ended", what, cases);
	est = hits / cases;
	se = sqrt(p * (1 - p) / cases);
	ck_assert_msg(fabs(est - p) <= K * se + 1e-12,
	    "%s: %.5f over %g cases vs %.5f (allowed %.5f = %g binomial s.e.)", what, est, cases,
	    p, K * se, K);
}

/* The same for the share of an outcome. */
static void
near_outcome(const char *what, const struct wf_model *m, const struct wf_rep_result *r, long n,
    const char *outcome, double p)
{
	int o = wf_model_outcome(m, outcome);
	double hits = 0, cases = 0, est, se;
	long i;

	ck_assert_msg(o >= 0, "no outcome '%s'", outcome);
	for (i = 0; i < n; i++) {
		hits += r[i].outcome_share[o] * r[i].metric[WF_M_CASES_COMPLETED];
		cases += r[i].metric[WF_M_CASES_COMPLETED];
	}
	est = hits / cases;
	se = sqrt(p * (1 - p) / cases);
	ck_assert_msg(fabs(est - p) <= K * se + 1e-12, "%s: %.5f over %g cases vs %.5f", what,
	    est, cases, p);
}

/* ---------- 4. censoring at the drain cap ---------- */

/* Every case takes 10 days; the run may go on 1 day past a 5-day window: none of the cohort
 * can end, so all of it is censored and no per-case figure exists. */
static const char censor_all[] =
    "wfsim: 1\nname: censored\ntime_unit: days\n"
    "simulation: { horizon: 5d, drain: 1d, replications: 5, seed: 41 }\n"
    "arrivals: { rate: 10/d }\n"
    "steps:\n  - { id: wait, duration: 10d }\n";

START_TEST(test_censor_all)
{
	struct wf_model *m = tu_load_text(censor_all);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	long i;

	ck_assert_double_eq(set.drain, 1);	/* model units: days */
	for (i = 0; i < set.replications; i++) {
		const double *x = r[i].metric;

		ck_assert_double_gt(x[WF_M_CASES_ARRIVED], 20);
		ck_assert_double_eq(x[WF_M_CENSORED_CASES], x[WF_M_CASES_ARRIVED]);
		ck_assert_double_eq(x[WF_M_CASES_COMPLETED], 0);
		/* a snapshot at the horizon: every case that arrived is still there */
		ck_assert_double_eq(x[WF_M_CASES_IN_PROGRESS], x[WF_M_CASES_ARRIVED]);
		ck_assert(isnan(x[WF_M_CYCLE_TIME_MEAN]));
		ck_assert(isnan(x[WF_M_RESOLUTION_RATE]));
		ck_assert_double_eq(x[WF_M_THROUGHPUT_PER_DAY], 0);
	}
	tu_free_results(r, set.replications);

	/* a drain of 10 windows (the default), 50 d, lets every case end */
	r = run_all(m, &set, 10 * 5);
	for (i = 0; i < set.replications; i++) {
		ck_assert_double_eq(r[i].metric[WF_M_CENSORED_CASES], 0);
		ck_assert_double_eq(r[i].metric[WF_M_CASES_COMPLETED], r[i].metric[WF_M_CASES_ARRIVED]);
		ck_assert_double_eq_tol(r[i].metric[WF_M_CYCLE_TIME_MEAN], 10, 1e-9);
	}
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Without a `drain:` the cap is 10 windows: the same 10-day cases all end. */
static const char censor_default[] =
    "wfsim: 1\nname: default drain\ntime_unit: days\n"
    "simulation: { horizon: 5d, replications: 3, seed: 42 }\n"
    "arrivals: { rate: 10/d }\n"
    "steps:\n  - { id: wait, duration: 10d }\n";

START_TEST(test_censor_default)
{
	struct wf_model *m = tu_load_text(censor_default);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	long i;

	for (i = 0; i < set.replications; i++) {
		ck_assert_double_gt(r[i].metric[WF_M_CASES_ARRIVED], 20);
		ck_assert_double_eq(r[i].metric[WF_M_CENSORED_CASES], 0);
		ck_assert_double_eq_tol(r[i].metric[WF_M_CYCLE_TIME_MEAN], 10, 1e-9);
		ck_assert_double_eq_tol(r[i].metric[WF_M_CYCLE_TIME_P90], 10, 0.1);
	}
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* check_cohort's lognormal delay (mean 2 d, sd 1 d, 5-day window): with the default drain of
 * 50 d a draw beyond it has probability 1e-12, so no case of the cohort is censored. */
static const char delay_light[] =
    "wfsim: 1\nname: delay, light tail\ntime_unit: days\n"
    "simulation: { horizon: 6d, warmup: 1d, replications: 20, seed: 2026120101 }\n"
    "arrivals: { rate: 200/d }\n"
    "steps:\n  - { id: delay, duration: { dist: lognormal, mean: 2d, sd: 1d } }\n";

START_TEST(test_censor_none)
{
	struct wf_model *m = tu_load_text(delay_light);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	long i;

	for (i = 0; i < set.replications; i++) {
		ck_assert_double_gt(r[i].metric[WF_M_CASES_ARRIVED], 800);
		ck_assert_double_eq(r[i].metric[WF_M_CENSORED_CASES], 0);
	}
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Arrivals exactly 1 d apart (days 1, 2, 3, 4 before the 5-day horizon), 10 days each, and
 * a cap 7.5 d past the horizon (day 12.5): cases 1 and 2 end on days 11 and 12, cases 3 and 4
 * would end on 13 and 14 and are censored.  Half the cohort, exactly. */
static const char censor_half[] =
    "wfsim: 1\nname: half censored\ntime_unit: days\n"
    "simulation: { horizon: 5d, drain: 7.5d, replications: 1, seed: 43 }\n"
    "arrivals: { interarrival: 1d }\n"
    "steps:\n  - { id: wait, duration: 10d }\n";

START_TEST(test_censor_half)
{
	struct wf_model *m = tu_load_text(censor_half);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	const double *x = r[0].metric;

	ck_assert_double_eq(set.drain, 7.5);
	ck_assert_double_eq(x[WF_M_CASES_ARRIVED], 4);
	ck_assert_double_eq(x[WF_M_CASES_COMPLETED], 2);
	ck_assert_double_eq(x[WF_M_CENSORED_CASES], 2);
	/* the snapshot at the horizon counts the case arriving at that very instant (day 5),
	 * which is not in the cohort [0, 5 d) */
	ck_assert_double_eq(x[WF_M_CASES_IN_PROGRESS], 5);
	ck_assert_double_eq_tol(x[WF_M_CYCLE_TIME_MEAN], 10, 1e-9);
	/* nothing ends inside the window [0, 5 d) */
	ck_assert_double_eq(x[WF_M_THROUGHPUT_PER_DAY], 0);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* The lognormal delay (mean 2 d, sd 3 d; sigma^2 = ln 3.25) with a 5-day window after
 * a 1-day warm-up and a drain of 2 d: a case arriving at t (uniform over [1, 6) given the
 * Poisson count) is censored when its draw exceeds 8 - t, so the censored share is
 * (1/5) integral from 2 to 7 of P(X > u) du, each case independently (no queue). */
static const char censor_lognormal[] =
    "wfsim: 1\nname: censored delay\ntime_unit: days\n"
    "simulation: { horizon: 6d, warmup: 1d, drain: 2d, replications: 20, seed: 44 }\n"
    "arrivals: { rate: 200/d }\n"
    "steps:\n  - { id: delay, duration: { dist: lognormal, mean: 2d, sd: 3d } }\n";

START_TEST(test_censor_share)
{
	struct wf_model *m = tu_load_text(censor_lognormal);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	double sigma = sqrt(log(3.25)), mu = log(2) - sigma * sigma / 2;
	double p = 0, censored = 0, arrived = 0, se, u, h = 5.0 / 1000;
	long i;
	int k;

	/* Simpson's rule, 1000 intervals: far below the binomial s.e. */
	for (k = 0; k <= 1000; k++) {
		u = 2 + k * h;
		p += (k == 0 || k == 1000 ? 1 : k % 2 ? 4 : 2) *
		    gsl_cdf_ugaussian_Q((log(u) - mu) / sigma);
	}
	p *= h / 3 / 5;
	ck_assert(p > 0.05 && p < 0.2);
	for (i = 0; i < set.replications; i++) {
		censored += r[i].metric[WF_M_CENSORED_CASES];
		arrived += r[i].metric[WF_M_CASES_ARRIVED];
	}
	se = sqrt(p * (1 - p) / arrived);
	ck_assert_msg(fabs(censored / arrived - p) <= K * se,
	    "censored share %.5f of %g cases vs %.5f (allowed %.5f)", censored / arrived, arrived,
	    p, K * se);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* ---------- 5. outcomes, autonomy, decisions, rework, defects ---------- */

/* No human anywhere: every resolved case is resolved without a human, and with no decision
 * step the decision is the whole case.  Kinds: approved, declined resolved (declared),
 * closed resolved (undeclared), withdrawn abandoned, parked unresolved. */
static const char outcomes_model[] =
    "wfsim: 1\nname: outcome kinds\ntime_unit: minutes\n"
    "simulation: { horizon: 10000, replications: 5, seed: 51 }\n"
    "outcomes: { approved: resolved, declined: resolved, withdrawn: abandoned, parked: unresolved }\n"
    "arrivals: { rate: 1 }\n"
    "steps:\n"
    "  - id: decide\n"
    "    duration: 1\n"
    "    route:\n"
    "      - { p: 0.4, end: approved }\n"
    "      - { p: 0.2, end: declined }\n"
    "      - { p: 0.15, end: closed }\n"
    "      - { p: 0.15, end: withdrawn }\n"
    "      - { p: 0.1, end: parked }\n";

START_TEST(test_outcome_kinds)
{
	struct wf_model *m = tu_load_text(outcomes_model);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	int ap = wf_model_outcome(m, "approved"), de = wf_model_outcome(m, "declined");
	int cl = wf_model_outcome(m, "closed"), wi = wf_model_outcome(m, "withdrawn");
	int pa = wf_model_outcome(m, "parked");
	long i;

	ck_assert(ap >= 0 && de >= 0 && cl >= 0 && wi >= 0 && pa >= 0);
	near_rate("resolution rate", r, set.replications, WF_M_RESOLUTION_RATE, 0.75);
	near_rate("abandonment rate", r, set.replications, WF_M_ABANDONMENT_RATE, 0.15);
	near_rate("resolved without a human", r, set.replications, WF_M_AUTONOMOUS_RATE, 0.75);
	near_outcome("withdrawn", m, r, set.replications, "withdrawn", 0.15);
	for (i = 0; i < set.replications; i++) {
		const double *x = r[i].metric, *s = r[i].outcome_share;

		/* exact: the kinds partition the outcomes, an undeclared one is resolved */
		ck_assert_double_eq_tol(x[WF_M_RESOLUTION_RATE], s[ap] + s[de] + s[cl], 1e-12);
		ck_assert_double_eq_tol(x[WF_M_ABANDONMENT_RATE], s[wi], 1e-12);
		ck_assert_double_eq_tol(x[WF_M_RESOLUTION_RATE] + x[WF_M_ABANDONMENT_RATE] + s[pa], 1,
		    1e-12);
		/* exact: no human, so every resolved case is autonomous and no other is */
		ck_assert_double_eq_tol(x[WF_M_AUTONOMOUS_RATE], x[WF_M_RESOLUTION_RATE], 1e-12);
		ck_assert_double_eq_tol(x[WF_M_DECIDED_WITHOUT_HUMAN_RATE], x[WF_M_AUTONOMOUS_RATE],
		    1e-12);
		ck_assert_double_eq(x[WF_M_CENSORED_CASES], 0);
	}
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* A machine triage: 60% done by it alone, 30% handed to a person, 10% withdrawn.  Resolved
 * without a human: 0.6 (the withdrawn 10% never met a human but are not resolved). */
static const char autonomy_model[] =
    "wfsim: 1\nname: autonomy\ntime_unit: minutes\n"
    "simulation: { horizon: 10000, replications: 5, seed: 52 }\n"
    "outcomes: { withdrawn: abandoned }\n"
    "resources:\n"
    "  bot: { capacity: unlimited, kind: machine }\n"
    "  agents: { capacity: unlimited, kind: human }\n"
    "arrivals: { rate: 1 }\n"
    "steps:\n"
    "  - id: triage\n"
    "    resource: bot\n"
    "    duration: 1\n"
    "    route:\n"
    "      - { p: 0.6, end: done }\n"
    "      - { p: 0.3, to: help }\n"
    "      - { p: 0.1, end: withdrawn }\n"
    "  - id: help\n"
    "    resource: agents\n"
    "    duration: 5\n"
    "    end: done\n";

START_TEST(test_autonomous_excludes_abandoned)
{
	struct wf_model *m = tu_load_text(autonomy_model);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);

	near_rate("resolved without a human", r, set.replications, WF_M_AUTONOMOUS_RATE, 0.6);
	near_rate("resolution rate", r, set.replications, WF_M_RESOLUTION_RATE, 0.9);
	near_rate("abandonment rate", r, set.replications, WF_M_ABANDONMENT_RATE, 0.1);
	/* no decision step: decided without a human is resolved without one */
	near_rate("decided without a human", r, set.replications, WF_M_DECIDED_WITHOUT_HUMAN_RATE,
	    0.6);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* Glass claims: a person takes the notice, a machine decides (decision: true): 60% settled at
 * once, 10% withdrawn, 30% sent to a human adjuster who then settles.  Decided without a
 * human: 0.6 (the adjusted ones met a human after the decision; the withdrawn are not
 * resolved); resolved without a human: 0 (everyone met the call centre). */
static const char decision_model[] =
    "wfsim: 1\nname: decision\ntime_unit: minutes\n"
    "simulation: { horizon: 10000, replications: 5, seed: 53 }\n"
    "outcomes: { settled: resolved, withdrawn: abandoned }\n"
    "resources:\n"
    "  callcentre: { capacity: unlimited, kind: human }\n"
    "  engine: { capacity: unlimited, kind: machine }\n"
    "  adjusters: { capacity: unlimited, kind: human }\n"
    "arrivals: { rate: 1 }\n"
    "steps:\n"
    "  - { id: notice, resource: callcentre, duration: 5 }\n"
    "  - id: settle\n"
    "    resource: engine\n"
    "    duration: 1\n"
    "    decision: true\n"
    "    route:\n"
    "      - { p: 0.6, end: settled }\n"
    "      - { p: 0.1, end: withdrawn }\n"
    "      - { p: 0.3, to: adjust }\n"
    "  - { id: adjust, resource: adjusters, duration: 30, end: settled }\n";

START_TEST(test_decided_without_human)
{
	struct wf_model *m = tu_load_text(decision_model);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	long i;

	near_rate("decided without a human", r, set.replications, WF_M_DECIDED_WITHOUT_HUMAN_RATE,
	    0.6);
	near_rate("resolution rate", r, set.replications, WF_M_RESOLUTION_RATE, 0.9);
	for (i = 0; i < set.replications; i++)
		ck_assert_double_eq(r[i].metric[WF_M_AUTONOMOUS_RATE], 0);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* A check sends 10% to a fix (marked rework), 40% to wait for documents and back to the
 * check (a loop, not rework), 50% to done; every visit draws afresh.  A case reaches the fix
 * with probability 0.1 / (0.1 + 0.5) = 1/6 (counting every second visit as rework would say
 * 0.4); visits to the check per case 1 / 0.6. */
static const char rework_model[] =
    "wfsim: 1\nname: rework\ntime_unit: minutes\n"
    "simulation: { horizon: 10000, replications: 5, seed: 54 }\n"
    "arrivals: { rate: 1 }\n"
    "steps:\n"
    "  - id: check\n"
    "    duration: 1\n"
    "    route:\n"
    "      - { p: 0.1, to: fix, rework: true }\n"
    "      - { p: 0.4, to: docs }\n"
    "      - { p: 0.5, end: done }\n"
    "  - { id: docs, duration: 1, next: check }\n"
    "  - { id: fix, duration: 1, end: done }\n";

/* `rework: true` on a condition entry: type a (25%) goes to the fix as rework. */
static const char rework_when_model[] =
    "wfsim: 1\nname: rework when\ntime_unit: minutes\n"
    "simulation: { horizon: 10000, replications: 5, seed: 55 }\n"
    "arrivals:\n  rate: 1\n  attributes: { type: { a: 0.25, b: 0.75 } }\n"
    "steps:\n"
    "  - id: check\n"
    "    duration: 1\n"
    "    route:\n"
    "      - { when: { type: a }, to: fix, rework: true }\n"
    "      - { else: finish }\n"
    "  - { id: fix, duration: 1, end: done }\n"
    "  - { id: finish, duration: 1, end: done }\n";

/* A review catching every defect sends the case back to the work: rework = P(a first defect)
 * = 0.3, and no defect escapes. */
static const char review_model[] =
    "wfsim: 1\nname: review rework\ntime_unit: minutes\n"
    "simulation: { horizon: 10000, replications: 5, seed: 56 }\n"
    "arrivals: { rate: 1 }\n"
    "steps:\n"
    "  - { id: work, duration: 1, error: 0.3 }\n"
    "  - id: review\n"
    "    duration: 1\n"
    "    review: { catch: 1.0, on_catch: work, false_alarm: 0 }\n"
    "    end: done\n";

START_TEST(test_rework)
{
	struct wf_model *m = tu_load_text(rework_model);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);
	int check = wf_model_step(m, "check");
	double visits = 0, cases = 0;
	long i;

	near_rate("rework (marked route)", r, set.replications, WF_M_REWORK_RATE, 1.0 / 6);
	/* the loop still shows in the visits: 1 / 0.6 per case, s.e. from the geometric
	 * variance 0.4 / 0.36 per case */
	for (i = 0; i < set.replications; i++) {
		visits += r[i].step_visits[check] * r[i].metric[WF_M_CASES_COMPLETED];
		cases += r[i].metric[WF_M_CASES_COMPLETED];
	}
	ck_assert_double_eq_tol(visits / cases, 1 / 0.6, K * sqrt(0.4 / 0.36 / cases));
	tu_free_results(r, set.replications);
	wf_model_free(m);

	m = tu_load_text(rework_when_model);
	r = run_all(m, &set, -1);
	near_rate("rework (marked condition)", r, set.replications, WF_M_REWORK_RATE, 0.25);
	tu_free_results(r, set.replications);
	wf_model_free(m);

	m = tu_load_text(review_model);
	r = run_all(m, &set, -1);
	near_rate("rework (review)", r, set.replications, WF_M_REWORK_RATE, 0.3);
	for (i = 0; i < set.replications; i++)
		ck_assert_double_eq(r[i].metric[WF_M_ESCAPED_ERROR_RATE], 0);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

/* An AI step that always leaves a defect, then a human step: the defect escapes unless the
 * human step clears defects; a clearing step's own error is drawn after the clearing. */
static const char defects_fmt[] =
    "wfsim: 1\nname: defects\ntime_unit: minutes\n"
    "simulation: { horizon: 2000, replications: 2, seed: 57 }\n"
    "resources:\n"
    "  llm: { capacity: unlimited, kind: machine }\n"
    "  staff: { capacity: unlimited, kind: human }\n"
    "arrivals: { rate: 1 }\n"
    "steps:\n"
    "  - { id: draft, resource: llm, duration: 1, error: 1.0 }\n"
    "  - { id: redo, resource: staff, duration: 5%s }\n";

static void
check_escaped(const char *extra, double escaped)
{
	char yaml[1024];
	struct wf_model *m;
	struct wf_settings set;
	struct wf_rep_result *r;
	long i;

	snprintf(yaml, sizeof(yaml), defects_fmt, extra);
	m = tu_load_text(yaml);
	r = run_all(m, &set, -1);
	for (i = 0; i < set.replications; i++) {
		ck_assert_double_gt(r[i].metric[WF_M_CASES_COMPLETED], 1000);
		ck_assert_msg(r[i].metric[WF_M_ESCAPED_ERROR_RATE] == escaped,
		    "redo {%s}: escaped %g, expected %g", extra,
		    r[i].metric[WF_M_ESCAPED_ERROR_RATE], escaped);
		ck_assert_double_eq(r[i].metric[WF_M_REWORK_RATE], 0);
	}
	tu_free_results(r, set.replications);
	wf_model_free(m);
}

START_TEST(test_clears_defects)
{
	check_escaped("", 1);
	check_escaped(", clears_defects: true", 0);
	check_escaped(", clears_defects: true, error: 1.0", 1);
}
END_TEST

/* ---------- overtime ---------- */

/* One clerk, open Monday to Friday 09:00-17:00, and one case arriving Monday 16:30 (990
 * minutes after Monday 00:00) that takes exactly an hour: it starts at once and runs to
 * 17:30.  Busy 1 h: 0.5 h scheduled and 0.5 h overtime.  The scheduled server-time in the
 * window is Monday's 8 h whether the window ends when the work is done (17:30, a finite
 * workload) or at the horizon (Tuesday 00:00), so utilisation = 0.5 / 8, never 1 / 8. */
static const char overtime_model[] =
    "wfsim: 1\nname: overtime\ntime_unit: minutes\nstart: 2026-01-05T00:00\n"
    "simulation: { horizon: 1d, replications: 1, seed: 58 }\n"
    "calendars:\n  office:\n    - { days: mon-fri, hours: \"09:00-17:00\" }\n"
    "resources:\n  clerk: { capacity: 1, calendar: office }\n"
    "arrivals: { interarrival: 990m, limit: 1 }\n"
    "steps:\n  - { id: work, resource: clerk, duration: 1h }\n";

START_TEST(test_overtime)
{
	struct wf_model *m = tu_load_text(overtime_model);
	struct wf_settings set;
	struct wf_rep_result *r = run_all(m, &set, -1);

	ck_assert_double_eq(r[0].metric[WF_M_CASES_ARRIVED], 1);
	ck_assert_double_eq(r[0].metric[WF_M_CASES_COMPLETED], 1);
	ck_assert_double_eq_tol(r[0].metric[WF_M_CYCLE_TIME_MEAN], 60, 1e-9);
	ck_assert_double_eq_tol(r[0].res_busy[0], 1.0, 1e-9);
	ck_assert_double_eq_tol(r[0].res_overtime[0], 0.5, 1e-9);
	ck_assert_double_eq_tol(r[0].res_utilization[0], 0.5 / 8, 1e-9);
	tu_free_results(r, set.replications);
	wf_model_free(m);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "censor_all", test_censor_all },
		{ "censor_default", test_censor_default },
		{ "censor_none", test_censor_none },
		{ "censor_half", test_censor_half },
		{ "censor_share", test_censor_share },
		{ "outcome_kinds", test_outcome_kinds },
		{ "autonomous_excludes_abandoned", test_autonomous_excludes_abandoned },
		{ "decided_without_human", test_decided_without_human },
		{ "rework", test_rework },
		{ "clears_defects", test_clears_defects },
		{ "overtime", test_overtime },
	};

	return tu_run("semantics", tests, sizeof(tests) / sizeof(tests[0]), 60);
}
