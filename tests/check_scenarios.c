/* End-to-end scenarios from the issues on time ("time as businesses live it") and on the
 * comparison: models loaded from tests/scenarios/ through the YAML loader, run by the engine,
 * and judged on schedules worked out by hand or on closed forms.  Statistical checks state
 * their tolerance from theory next to them. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/results.h"
#include "wfsim/sim.h"
#include "wfsim/xalloc.h"
#include "testutil.h"

/* A model of tests/scenarios/ (dir "tests/scenarios") or models/ (dir "models"). */
static struct wf_model *
load(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return tu_load(path, NULL);
}

/* The visits a replication reports, kept in order of completion. */
struct visits {
	struct wf_visit *v;
	size_t n, cap;
};

static void
record(void *ctx, const struct wf_visit *v)
{
	struct visits *vs = ctx;

	if (vs->n == vs->cap)
		vs->v = wf_xgrow(vs->v, &vs->cap, vs->n + 1, sizeof(*vs->v));
	vs->v[vs->n++] = *v;
}

/* Replication `rep` of m with the model's own settings (horizon overridden when > 0);
 * visits recorded into vs when it is not NULL. */
static void
run_rep(const struct wf_model *m, double horizon, long rep, struct wf_rep_result *out,
    struct visits *vs)
{
	struct wf_settings set;
	struct wf_sim *s = wf_sim_alloc(m);
	char err[256] = "";

	wf_settings_default(&set, m);
	if (horizon > 0)
		set.horizon = horizon;
	wf_rep_result_init(out, m);
	ck_assert_msg(wf_sim_run(s, &set, rep, out, vs ? record : NULL, vs, err, sizeof(err)) == 0,
	    "%s", err);
	wf_sim_free(s);
}

/* The visit of case `id` to step `step`, which must be there exactly once. */
static const struct wf_visit *
find_visit(const struct visits *vs, long id, int step)
{
	const struct wf_visit *found = NULL;
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (vs->v[i].case_id == id && vs->v[i].step == step) {
			ck_assert_msg(found == NULL, "case %ld visits step %d twice", id, step);
			found = &vs->v[i];
		}
	ck_assert_msg(found != NULL, "case %ld never visits step %d", id, step);
	return found;
}

/* ---------- time as businesses live it ---------- */

/* trace.csv replayed: each case arrives at exactly the row's time (ISO 8601 with or without
 * seconds, or plain minutes), and the undeclared 'priority' column routes it. */
START_TEST(test_trace_replay)
{
	/* minutes from 2026-01-05T00:00, as seconds / 60 the way the reader converts them */
	static const double at[] = { 480, 28830.0 / 60, 33345.0 / 60, 600.25, 86399.0 / 60,
	    1830 };
	static const int high[] = { 0, 1, 0, 1, 1, 0 };
	struct wf_model *m = load("tests/scenarios", "trace.yaml");
	int triage = wf_model_step(m, "triage"), fast = wf_model_step(m, "expedite");
	int slow = wf_model_step(m, "standard"), expedited = wf_model_outcome(m, "expedited");
	struct visits vs = { 0 };
	struct wf_rep_result r;
	size_t i;

	ck_assert(triage >= 0 && fast >= 0 && slow >= 0 && expedited >= 0);
	run_rep(m, 0, 0, &r, &vs);
	ck_assert_double_eq(r.metric[WF_M_CASES_ARRIVED], 6);
	ck_assert_double_eq(r.metric[WF_M_CASES_COMPLETED], 6);
	ck_assert_uint_eq(vs.n, 12);
	for (i = 0; i < 6; i++) {
		const struct wf_visit *t = find_visit(&vs, (long)i + 1, triage);
		const struct wf_visit *n = find_visit(&vs, (long)i + 1, high[i] ? fast : slow);

		ck_assert_msg(t->enqueue == at[i] && t->start == at[i],
		    "case %zu arrives at %.17g, the trace says %.17g", i + 1, t->enqueue, at[i]);
		ck_assert_double_eq(t->end, at[i] + 1);
		ck_assert_double_eq(n->enqueue, at[i] + 1);
		ck_assert_double_eq(n->end, at[i] + 1 + (high[i] ? 5 : 30));
	}
	ck_assert_double_eq(r.outcome_share[expedited], 0.5);
	wf_rep_result_fini(&r);

	/* a row at the horizon is replayed but is not in the cohort (the window is [0, 1830)),
	 * and the run stops with it open, the cohort being done: its visit is logged as open */
	vs.n = 0;
	run_rep(m, 1830, 0, &r, &vs);
	ck_assert_double_eq(r.metric[WF_M_CASES_ARRIVED], 5);
	ck_assert_uint_eq(vs.n, 11);
	ck_assert_int_eq(vs.v[10].case_id, 6);
	ck_assert_int_eq(vs.v[10].open, 1);
	ck_assert_int_eq(vs.v[10].cohort, 0);
	ck_assert_int_eq(vs.v[10].outcome, -1);
	wf_rep_result_fini(&r);
	free(vs.v);
	wf_model_free(m);
}
END_TEST

/* Profile arrivals over one week from Monday 00:00: 20/h in mon-fri 09:00-17:00 (40 h, mean
 * 800 per week) and 2/h in daily 22:00-06:00 (56 h, mean 112), none elsewhere.  Counts in a
 * window are Poisson.  Each replication's count must lie within the central Poisson interval
 * of probability 1 - 2e-6 (exact GSL quantiles; 40 such checks give a false alarm below
 * 1e-4), and the total over the replications within 4 standard deviations (sqrt(mean)) of
 * its mean.  Outside the windows there must be none at all. */
START_TEST(test_profile_counts)
{
	struct wf_model *m = load("tests/scenarios", "profile.yaml");
	const double day_mean = 20.0 / 60 * 40 * 60, night_mean = 2.0 / 60 * 56 * 60;
	struct visits vs = { 0 };
	long reps = m->sim.replications, rep;
	double day_total = 0, night_total = 0;

	ck_assert_int_eq(reps, 20);
	for (rep = 0; rep < reps; rep++) {
		struct wf_rep_result r;
		unsigned day = 0, night = 0, other = 0;
		size_t i;

		vs.n = 0;
		run_rep(m, 0, rep, &r, &vs);
		for (i = 0; i < vs.n; i++) {
			double t = vs.v[i].enqueue, tod = fmod(t, 1440);
			int dow = (int)floor(t / 1440);	/* 0 = Monday */

			if (dow < 5 && tod >= 9 * 60 && tod < 17 * 60)
				day++;
			else if (tod >= 22 * 60 || tod < 6 * 60)
				night++;
			else
				other++;
		}
		ck_assert_uint_eq(other, 0);
		ck_assert_double_eq(r.metric[WF_M_CASES_ARRIVED], day + night);
		ck_assert_msg(gsl_cdf_poisson_P(day, day_mean) > 1e-6 &&
		    gsl_cdf_poisson_Q(day - 1, day_mean) > 1e-6,
		    "replication %ld: %u office-hour arrivals, Poisson mean %g", rep, day, day_mean);
		ck_assert_msg(gsl_cdf_poisson_P(night, night_mean) > 1e-6 &&
		    gsl_cdf_poisson_Q(night - 1, night_mean) > 1e-6,
		    "replication %ld: %u night arrivals, Poisson mean %g", rep, night, night_mean);
		day_total += day;
		night_total += night;
		wf_rep_result_fini(&r);
	}
	ck_assert_msg(fabs(day_total - reps * day_mean) <= 4 * sqrt(reps * day_mean),
	    "office hours: %g arrivals in %ld weeks, expected %g", day_total, reps, reps * day_mean);
	ck_assert_msg(fabs(night_total - reps * night_mean) <= 4 * sqrt(reps * night_mean),
	    "nights: %g arrivals in %ld weeks, expected %g", night_total, reps, reps * night_mean);
	free(vs.v);
	wf_model_free(m);
}
END_TEST

/* 30 cases waiting at time 0, 2 servers, exactly 10 minutes each: backlog case k (1-based)
 * starts at 10 * floor((k - 1) / 2); the last completes at 150; the cycle times 10, 10, 20,
 * ..., 150 count from 0 and average 80, of which 70 is waiting. */
START_TEST(test_backlog_burndown)
{
	struct wf_model *m = load("tests/scenarios", "backlog.yaml");
	int work = wf_model_step(m, "work");
	struct visits vs = { 0 };
	struct wf_rep_result r;
	double last = 0;
	long k;

	run_rep(m, 0, 0, &r, &vs);
	ck_assert_uint_eq(vs.n, 30);
	for (k = 1; k <= 30; k++) {
		const struct wf_visit *v = find_visit(&vs, WF_BACKLOG_ID0 + k, work);

		ck_assert_double_eq(v->enqueue, 0);
		ck_assert_double_eq(v->start, 10 * ((k - 1) / 2));
		ck_assert_double_eq(v->end, v->start + 10);
		if (v->end > last)
			last = v->end;
	}
	ck_assert_double_eq(last, 150);
	ck_assert_double_eq(r.metric[WF_M_CASES_ARRIVED], 30);
	ck_assert_double_eq(r.metric[WF_M_CASES_COMPLETED], 30);
	ck_assert_double_eq(r.metric[WF_M_CASES_IN_PROGRESS], 0);
	ck_assert_double_eq_tol(r.metric[WF_M_CYCLE_TIME_MEAN], 80, 1e-9);
	ck_assert_double_eq_tol(r.metric[WF_M_WAIT_TIME_MEAN], 70, 1e-9);
	wf_rep_result_fini(&r);
	free(vs.v);
	wf_model_free(m);
}
END_TEST

/* Shifts mon-fri 2 servers 09:00-13:00 and 1 server 13:00-17:00, 20 cases waiting from
 * Monday 00:00, 50 minutes each.  Worked by hand: pairs start at 09:00, 09:50, 10:40, 11:30,
 * 12:20; the 12:20 pair runs to 13:10, past the change (work in progress finishes), so the
 * single afternoon server starts at 13:10, 14:00, 14:50, 15:40, 16:30 (ending 17:20, past
 * closing); Tuesday takes up the last 5 at 09:00, 09:00, 09:50, 09:50, 10:40. */
START_TEST(test_two_shifts)
{
	static const double start[20] = {
		540, 540, 590, 590, 640, 640, 690, 690, 740, 740,
		790, 840, 890, 940, 990,
		1440 + 540, 1440 + 540, 1440 + 590, 1440 + 590, 1440 + 640 };
	struct wf_model *m = load("tests/scenarios", "shifts.yaml");
	int work = wf_model_step(m, "work");
	struct visits vs = { 0 };
	struct wf_rep_result r;
	long k;

	run_rep(m, 0, 0, &r, &vs);
	ck_assert_uint_eq(vs.n, 20);
	for (k = 1; k <= 20; k++) {
		const struct wf_visit *v = find_visit(&vs, WF_BACKLOG_ID0 + k, work);

		ck_assert_msg(v->start == start[k - 1], "case %ld starts at %g, expected %g",
		    k, v->start, start[k - 1]);
		ck_assert_double_eq(v->end, v->start + 50);
	}
	/* busy server-time within the shifts, 20 x 50 min less the overtime (13:00-13:10 on the
	 * second morning server, 17:00-17:20 on Monday), over the server-time offered in 3 days
	 * (Monday to Wednesday): 2 x 4 h + 1 x 4 h a day */
	ck_assert_double_eq_tol(r.res_utilization[0], (20 * 50.0 - 30) / (3 * (2 * 240 + 240)), 1e-12);
	ck_assert_double_eq_tol(r.res_overtime[0], 0.5, 1e-12);
	ck_assert_double_eq_tol(r.res_busy[0], 20 * 50.0 / 60, 1e-12);
	wf_rep_result_fini(&r);
	free(vs.v);
	wf_model_free(m);
}
END_TEST

/* Services ending exactly when the capacity changes.  With 4-hour jobs the morning pair ends
 * at 13:00, when one server remains: one job (not two) starts at 13:00, and at 17:00, when
 * the pool closes, none starts.  A calendar pool with an 8-hour job that ends at closing
 * time starts nothing then either.  (The engine once let the service-end event, queued before
 * the capacity change, start work on the old capacity.) */
static const char shifts_4h[] =
    "wfsim: 1\ntime_unit: minutes\nstart: 2026-01-05T00:00\n"
    "simulation: { horizon: 2d, replications: 1, seed: 1 }\n"
    "resources:\n  team:\n    shifts:\n"
    "      - { days: mon-fri, hours: \"09:00-13:00\", capacity: 2 }\n"
    "      - { days: mon-fri, hours: \"13:00-17:00\", capacity: 1 }\n"
    "arrivals: { interarrival: 1w }\n"
    "backlog: [ { step: work, count: 6 } ]\n"
    "steps:\n  - { id: work, resource: team, duration: 4h }\n";
static const char calendar_8h[] =
    "wfsim: 1\ntime_unit: minutes\nstart: 2026-01-05T00:00\n"
    "simulation: { horizon: 3d, replications: 1, seed: 1 }\n"
    "calendars: { office: [ { days: mon-fri, hours: \"09:00-17:00\" } ] }\n"
    "resources: { team: { capacity: 1, calendar: office } }\n"
    "arrivals: { interarrival: 1w }\n"
    "backlog: [ { step: work, count: 3 } ]\n"
    "steps:\n  - { id: work, resource: team, duration: 8h }\n";

START_TEST(test_change_at_service_end)
{
	static const double start4[6] = { 540, 540, 780, 1440 + 540, 1440 + 540, 1440 + 780 };
	static const double start8[3] = { 540, 1440 + 540, 2880 + 540 };
	const double *want[2] = { start4, start8 };
	const char *text[2] = { shifts_4h, calendar_8h };
	const size_t n[2] = { 6, 3 };
	int i;

	for (i = 0; i < 2; i++) {
		struct wf_model *m = tu_load_text(text[i]);
		struct visits vs = { 0 };
		struct wf_rep_result r;
		size_t k;

		run_rep(m, 0, 0, &r, &vs);
		ck_assert_uint_eq(vs.n, n[i]);
		for (k = 0; k < n[i]; k++) {
			const struct wf_visit *v = find_visit(&vs, WF_BACKLOG_ID0 + (long)k + 1, 0);

			ck_assert_msg(v->start == want[i][k], "model %d case %zu starts at %g, "
			    "expected %g", i, k + 1, v->start, want[i][k]);
		}
		wf_rep_result_fini(&r);
		free(vs.v);
		wf_model_free(m);
	}
}
END_TEST

/* ---------- SLA ---------- */

/* The backlog model's SLA is 1 hour: the cases done at 10, 20, ..., 60 minutes, two each,
 * meet it (60 included: "within" is cycle time <= sla), so 12 of 30. */
START_TEST(test_sla_deterministic)
{
	struct wf_model *m = load("tests/scenarios", "backlog.yaml");
	struct wf_rep_result r;

	ck_assert(m->has_sla && m->sla == 60);
	run_rep(m, 0, 0, &r, NULL);
	ck_assert_double_eq(r.metric[WF_M_SLA_ATTAINMENT], 12.0 / 30);
	wf_rep_result_fini(&r);
	wf_model_free(m);
}
END_TEST

/* M/M/1, arrivals 0.5/min, service 1/min: the time in system is exponential with rate
 * mu - lambda = 0.5, so P(T <= 2) = 1 - exp(-1).  The mean across 10 replications must lie
 * within 4 standard errors of it. */
static const char mm1_sla[] =
    "wfsim: 1\ntime_unit: minutes\nsla: 2m\n"
    "simulation: { horizon: 20000, warmup: 2000, replications: 10, seed: 31337 }\n"
    "resources: { server: { capacity: 1 } }\n"
    "arrivals: { interarrival: { dist: exponential, mean: 2m } }\n"
    "steps:\n  - { id: serve, resource: server, duration: { dist: exponential, mean: 1m } }\n";

START_TEST(test_sla_mm1)
{
	struct wf_model *m = tu_load_text(mm1_sla);
	double x[10], mean = 0, ss = 0, se, truth = 1 - exp(-1);
	long rep;

	for (rep = 0; rep < 10; rep++) {
		struct wf_rep_result r;

		run_rep(m, 0, rep, &r, NULL);
		x[rep] = r.metric[WF_M_SLA_ATTAINMENT];
		mean += x[rep] / 10;
		wf_rep_result_fini(&r);
	}
	for (rep = 0; rep < 10; rep++)
		ss += (x[rep] - mean) * (x[rep] - mean);
	se = sqrt(ss / 9 / 10);
	ck_assert(se > 0);
	ck_assert_msg(fabs(mean - truth) <= 4 * se, "SLA attainment %g +- %g (4 se), theory %g",
	    mean, 4 * se, truth);
	wf_model_free(m);
}
END_TEST

/* ---------- comparison ---------- */

/* All replications of m with its own settings (replications and horizon overridden when >
 * 0), summarised into run. */
static void
run_model(const struct wf_model *m, long reps, double horizon, double warmup,
    struct wf_run *run)
{
	struct wf_settings set;
	struct wf_rep_result *res;
	char err[256] = "";
	long r;

	wf_settings_default(&set, m);
	if (reps > 0)
		set.replications = reps;
	if (horizon > 0) {
		set.horizon = horizon;
		set.warmup = warmup;
	}
	set.threads = 2;
	res = wf_xcalloc((size_t)set.replications, sizeof(*res));
	ck_assert_msg(wf_sim_run_all(m, &set, res, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0,
	    "%s", err);
	wf_run_build(run, m, &set, res);
	for (r = 0; r < set.replications; r++)
		wf_rep_result_fini(&res[r]);
	free(res);
}

/* The support model against a second load of itself: every paired difference is exactly 0
 * with a zero interval, and none is significant. */
START_TEST(test_compare_self)
{
	struct wf_model *a = load("models", "support-asis.yaml");
	struct wf_model *b = load("models", "support-asis.yaml");
	struct wf_comparison c;
	size_t k;

	memset(&c, 0, sizeof(c));
	c.common_random_numbers = 1;
	run_model(a, 5, 10 * 1440, 1440, &c.as_is);
	run_model(b, 5, 10 * 1440, 1440, &c.to_be);
	wf_comparison_diff(&c);
	for (k = 0; k < WF_M_COUNT; k++) {
		if (isnan(c.as_is.metric[k].mean))
			continue;
		ck_assert_msg(c.diff[k].mean == 0 && c.diff[k].ci95 == 0,
		    "%s: %g +- %g", wf_metrics[k].name, c.diff[k].mean, c.diff[k].ci95);
		ck_assert(!c.significant[k]);
	}
	ck_assert(c.as_is.metric[WF_M_CASES_COMPLETED].mean > 0);
	wf_comparison_fini(&c);
	wf_model_free(a);
	wf_model_free(b);
}
END_TEST

/* drop-tobe.yaml is drop-asis.yaml without its first step, an autonomous constant 10
 * minutes.  With common random numbers every case meets the same arrival time, attribute and
 * draws at the steps both keep, so the to-be is the as-is shifted 10 minutes earlier from the
 * queue on (no calendar, so a shift in time changes nothing), and with a limit and a long
 * horizon every case completes in both.  Each replication's mean cycle time is therefore
 * 10 minutes shorter, up to the rounding of adding 10 to the times (1e-9 covers it many
 * times over); waiting and touch time do not change (up to the same rounding). */
START_TEST(test_compare_drop_step)
{
	struct wf_model *a = load("tests/scenarios", "drop-asis.yaml");
	struct wf_model *b = load("tests/scenarios", "drop-tobe.yaml");
	struct wf_comparison c;
	long r;

	memset(&c, 0, sizeof(c));
	c.common_random_numbers = 1;
	run_model(a, 0, 0, 0, &c.as_is);
	run_model(b, 0, 0, 0, &c.to_be);
	wf_comparison_diff(&c);
	for (r = 0; r < c.as_is.replications; r++) {
		const double *x = &c.as_is.rep[r * WF_M_COUNT], *y = &c.to_be.rep[r * WF_M_COUNT];

		ck_assert_double_eq(x[WF_M_CASES_COMPLETED], x[WF_M_CASES_ARRIVED]);
		ck_assert_double_eq(y[WF_M_CASES_COMPLETED], x[WF_M_CASES_COMPLETED]);
		ck_assert_double_eq_tol(y[WF_M_CYCLE_TIME_MEAN] - x[WF_M_CYCLE_TIME_MEAN], -10, 1e-9);
	}
	ck_assert_double_eq_tol(c.diff[WF_M_CYCLE_TIME_MEAN].mean, -10, 1e-9);
	ck_assert_double_le(c.diff[WF_M_CYCLE_TIME_MEAN].ci95, 1e-9);
	ck_assert(c.significant[WF_M_CYCLE_TIME_MEAN]);
	ck_assert_double_eq_tol(c.diff[WF_M_WAIT_TIME_MEAN].mean, 0, 1e-9);
	ck_assert_double_eq_tol(c.diff[WF_M_TOUCH_TIME_MEAN].mean, 0, 1e-9);
	/* the queue is real: the as-is waits, so the exact saving is not trivially so */
	ck_assert_double_gt(c.as_is.metric[WF_M_WAIT_TIME_MEAN].mean, 1);
	wf_comparison_fini(&c);
	wf_model_free(a);
	wf_model_free(b);
}
END_TEST

int
main(void)
{
	const struct { const char *name; const TTest *fn; } tests[] = {
		{ "trace_replay", test_trace_replay },
		{ "profile_counts", test_profile_counts },
		{ "backlog_burndown", test_backlog_burndown },
		{ "two_shifts", test_two_shifts },
		{ "change_at_service_end", test_change_at_service_end },
		{ "sla_deterministic", test_sla_deterministic },
		{ "sla_mm1", test_sla_mm1 },
		{ "compare_self", test_compare_self },
		{ "compare_drop_step", test_compare_drop_step },
	};
	Suite *s = suite_create("scenarios");
	SRunner *sr;
	size_t i;
	int failed;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		TCase *tc = tcase_create(tests[i].name);

		tcase_set_timeout(tc, 60);
		tcase_add_test(tc, tests[i].fn);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
