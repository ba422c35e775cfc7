/* Tests of overrides and sweeps where arithmetic gives the answer: --set gives the same model
 * as the edited text; ranges and lists of values; targets parsed in the model's unit; the
 * bisection finds the boundary of a monotone range in O(log n) points; the break-even and its
 * interval by linear interpolation; and an M/M/c sweep whose staffing target Erlang C gives. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include "testutil.h"
#include "wfsim/check.h"
#include "wfsim/override.h"
#include "wfsim/results.h"
#include "wfsim/sweep.h"
#include "wfsim/xalloc.h"

static const char mm1[] =
	"wfsim: 1\n"
	"simulation: { horizon: 6d, warmup: 1d, replications: 3, seed: 5 }\n"
	"resources:\n"
	"  clerks: { capacity: 3 }\n"
	"arrivals:\n"
	"  rate: 4/h\n"
	"steps:\n"
	"  - id: work\n"
	"    resource: clerks\n"
	"    duration: { dist: exponential, mean: 20m }\n"
	"    error: 0.1\n";

/* Runs m with its own settings into per-replication metrics (caller frees). */
static double *
metrics_of(const struct wf_model *m, long *reps)
{
	struct wf_settings set;
	struct wf_rep_result *res;
	char err[256];
	double *x;
	long r;

	wf_settings_default(&set, m);
	set.threads = 2;
	res = wf_xcalloc((size_t)set.replications, sizeof(*res));
	ck_assert_int_eq(wf_sim_run_all(m, &set, res, NULL, NULL, NULL, NULL, err, sizeof(err)), 0);
	x = wf_xcalloc((size_t)set.replications * WF_M_COUNT, sizeof(double));
	for (r = 0; r < set.replications; r++)
		memcpy(x + r * WF_M_COUNT, res[r].metric, sizeof(res[r].metric));
	*reps = set.replications;
	tu_free_results(res, set.replications);
	return x;
}

static struct wf_model *
load_text_set(const char *text, const struct wf_override *ov, size_t n)
{
	char path[] = "/tmp/wfsim-check-sweep-XXXXXX";
	struct wf_diag d;
	struct wf_model *m;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs(text, f);
	fclose(f);
	wf_diag_init(&d);
	m = wf_model_load_set(path, ov, n, &d);
	if (m == NULL)
		wf_diag_print(&d, stderr);
	wf_diag_fini(&d);
	unlink(path);
	return m;
}

START_TEST(test_set_equals_edited_text)
{
	struct wf_override ov[] = {
		{ "--set", "resources.clerks.capacity=4" },
		{ "--set", "steps.work.duration={dist: exponential, mean: 25m}" },
		{ "--set", "steps.work.error=0.2" },
		{ "--set", "simulation.replications=4" },
	};
	char *edited;
	struct wf_model *a, *b;
	double *xa, *xb;
	long ra, rb;

	/* the same text edited by hand */
	edited = wf_xasprintf(
		"wfsim: 1\n"
		"simulation: { horizon: 6d, warmup: 1d, replications: 4, seed: 5 }\n"
		"resources:\n"
		"  clerks: { capacity: 4 }\n"
		"arrivals:\n"
		"  rate: 4/h\n"
		"steps:\n"
		"  - id: work\n"
		"    resource: clerks\n"
		"    duration: { dist: exponential, mean: 25m }\n"
		"    error: 0.2\n");
	a = load_text_set(mm1, ov, 4);
	b = load_text_set(edited, NULL, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(a->resources[0].capacity, 4);
	xa = metrics_of(a, &ra);
	xb = metrics_of(b, &rb);
	ck_assert_int_eq(ra, 4);
	ck_assert_int_eq(rb, 4);
	/* bit for bit: the same model gives the same draws */
	ck_assert_int_eq(memcmp(xa, xb, sizeof(double) * (size_t)ra * WF_M_COUNT), 0);
	free(xa);
	free(xb);
	free(edited);
	wf_model_free(a);
	wf_model_free(b);
}
END_TEST

/* The exact message of a faulty override. */
static void
expect_set_error(const struct wf_override *ov, const char *want)
{
	char path[] = "/tmp/wfsim-check-sweep-XXXXXX";
	struct wf_diag d;
	struct wf_model *m;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *got;

	fputs(mm1, f);
	fclose(f);
	wf_diag_init(&d);
	m = wf_model_load_set(path, ov, 1, &d);
	unlink(path);
	ck_assert_ptr_null(m);
	got = tu_diag_text(&d);
	ck_assert_str_eq(got, want);
	free(got);
	wf_diag_fini(&d);
}

START_TEST(test_set_errors)
{
	struct wf_override a = { "--set", "resources.clerk.capacity=2" };
	struct wf_override b = { "--set-to-be", "steps.wrok.error=0.1" };
	struct wf_override c = { "--set", "steps.work.error=2" };
	struct wf_override e = { "--set", "arrivals.rate.per=2" };

	expect_set_error(&a, "--set resources.clerk.capacity:1:11: error: no 'clerk' in 'resources'; "
			 "did you mean 'clerks'?\n  resources.clerk.capacity=2\n            ^\n");
	expect_set_error(&b, "--set-to-be steps.wrok.error:1:7: error: no item with id 'wrok' in "
			 "'steps'; did you mean 'work'?\n  steps.wrok.error=0.1\n        ^\n");
	expect_set_error(&c, "--set steps.work.error:1:18: error: 'error': probability 2 is outside "
			 "[0, 1]\n  steps.work.error=2\n                   ^\n");
	expect_set_error(&e, "--set arrivals.rate.per:1:15: error: 'arrivals.rate' is a single value "
			 "in the model, not a mapping: it has no 'per'\n  arrivals.rate.per=2\n"
			 "                ^\n");
}
END_TEST

START_TEST(test_vary_values)
{
	struct wf_sweep_var v;
	char err[256];

	ck_assert_int_eq(wf_sweep_var_parse(&v, "steps.a.error=0.01:0.2:0.01", err, sizeof(err)), 0);
	ck_assert_uint_eq(v.n, 20);
	ck_assert_str_eq(v.value[0], "0.01");
	ck_assert_str_eq(v.value[2], "0.03");	/* not 0.030000000000000002 */
	ck_assert_str_eq(v.value[19], "0.2");
	ck_assert_str_eq(v.text[19], "steps.a.error=0.2");
	ck_assert_int_eq(v.side, WF_SWEEP_TO_BE);
	ck_assert(v.numeric);
	wf_sweep_var_fini(&v);

	ck_assert_int_eq(wf_sweep_var_parse(&v, "both:steps.a.duration={dist: exponential, mean: 5m},"
					    "{dist: constant, mean: 3m}", err, sizeof(err)), 0);
	ck_assert_int_eq(v.side, WF_SWEEP_BOTH);
	ck_assert_uint_eq(v.n, 2);
	ck_assert_str_eq(v.value[1], "{dist: constant, mean: 3m}");
	ck_assert(!v.numeric);
	wf_sweep_var_fini(&v);

	ck_assert_int_eq(wf_sweep_var_parse(&v, "as-is:arrivals.rate=120/d, 150/d", err, sizeof(err)), 0);
	ck_assert_int_eq(v.side, WF_SWEEP_AS_IS);
	ck_assert_str_eq(v.value[1], "150/d");
	ck_assert(v.x[1] == 150);
	wf_sweep_var_fini(&v);

	ck_assert_int_eq(wf_sweep_var_parse(&v, "a.b=3:1:1", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "'3:1:1': a range needs FROM <= TO and a STEP above 0");
	ck_assert_int_eq(wf_sweep_var_parse(&v, "a.b=1:2", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "'1:2': a range is FROM:TO:STEP, e.g. 0.01:0.2:0.01");
	ck_assert_int_eq(wf_sweep_var_parse(&v, "calendars.office.0.hours=09:00-17:00", err, sizeof(err)), 0);
	ck_assert_uint_eq(v.n, 1);	/* colons, but not three numbers: a list of one */
	ck_assert_str_eq(v.value[0], "09:00-17:00");
	wf_sweep_var_fini(&v);
	ck_assert_int_eq(wf_sweep_var_parse(&v, "a.b=4,,6", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "'4,,6': an empty value in the list");
}
END_TEST

START_TEST(test_target_parse)
{
	struct wf_sweep_target t;
	char err[256];

	ck_assert_int_eq(wf_sweep_target_parse(&t, "sla_attainment>=0.9", WF_MINUTES, err, sizeof(err)), 0);
	ck_assert_int_eq(t.metric, WF_M_SLA_ATTAINMENT);
	ck_assert_int_eq(t.op, WF_OP_GE);
	ck_assert(t.value == 0.9);
	free(t.value_text);
	ck_assert_int_eq(wf_sweep_target_parse(&t, "cycle_time_p90 <= 1d", WF_HOURS, err, sizeof(err)), 0);
	ck_assert_int_eq(t.op, WF_OP_LE);
	ck_assert(t.value == 24);	/* in the model's unit */
	free(t.value_text);
	ck_assert_int_eq(wf_sweep_target_parse(&t, "sla>=0.9", WF_MINUTES, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "--target 'sla>=0.9': 'sla' is no figure of a run; e.g. sla_attainment, "
			 "cycle_time_p90, wait_time_mean, escaped_error_rate");
	ck_assert_int_eq(wf_sweep_target_parse(&t, "sla_attainment=0.9", WF_MINUTES, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "--target 'sla_attainment=0.9': expected >=, <=, > or < after 'sla_attainment'");
}
END_TEST

/* A sweep over n integer values whose target figure is f(x); returns the found value and
 * counts the points tried. */
static long
bisect(size_t n, double (*f)(double), const char *target, size_t *tried)
{
	struct wf_sweep s;
	char err[256], *spec = wf_xasprintf("a.b=1:%zu:1", n);
	long k, found;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(wf_sweep_var_parse(&s.var[0], spec, err, sizeof(err)), 0);
	free(spec);
	s.n_vars = 1;
	ck_assert_int_eq(wf_sweep_init(&s, err, sizeof(err)), 0);
	ck_assert_int_eq(wf_sweep_target_parse(&s.target, target, WF_MINUTES, err, sizeof(err)), 0);
	s.has_target = 1;
	*tried = 0;
	while ((k = wf_sweep_next(&s)) >= 0) {
		struct wf_sweep_point *p = &s.pt[k];
		double x = s.var[0].x[k];

		(*tried)++;
		if (isnan(f(x))) {
			p->state = WF_PT_OVERLOADED;
			continue;
		}
		p->state = WF_PT_DONE;
		p->c.to_be.metric[s.target.metric].mean = f(x);
		p->c.to_be.metric[s.target.metric].ci95 = 0.001;
		p->c.as_is.unit_minutes = p->c.to_be.unit_minutes = 1;
		p->c.econ.built = 0;
	}
	wf_sweep_finish(&s);
	found = s.found >= 0 ? (long)s.var[0].x[s.found] : -1;
	/* the comparisons hold nothing allocated: only the grid to free */
	for (k = 0; k < (long)s.n_pts; k++)
		s.pt[k].state = WF_PT_PENDING;
	wf_sweep_fini(&s);
	return found;
}

static double rising(double x) { return x < 5 ? NAN : 1 - 3 / x; }	/* overloaded below 5 */
static double falling(double x) { return x / 100; }

START_TEST(test_bisection)
{
	size_t tried;

	/* 1 - 3/x >= 0.9 from x = 30 on: the smallest is 30 */
	ck_assert_int_eq(bisect(200, rising, "sla_attainment>=0.9", &tried), 30);
	ck_assert_uint_le(tried, 2 + 8);	/* the ends, then log2(200) halvings */
	/* x/100 <= 0.37 up to 37: the largest is 37 */
	ck_assert_int_eq(bisect(100, falling, "escaped_error_rate<=0.37", &tried), 37);
	ck_assert_uint_le(tried, 2 + 7);
	/* nothing meets it: found is none */
	ck_assert_int_eq(bisect(50, falling, "escaped_error_rate>0.9", &tried), -1);
	ck_assert_uint_eq(tried, 2);
}
END_TEST

START_TEST(test_break_even_interpolated)
{
	struct wf_sweep s;
	char err[256];
	size_t k;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(wf_sweep_var_parse(&s.var[0], "a.b=0:20:4", err, sizeof(err)), 0);
	s.n_vars = 1;
	ck_assert_int_eq(wf_sweep_init(&s, err, sizeof(err)), 0);
	for (k = 0; k < s.n_pts; k++) {
		double x = s.var[0].x[k];

		s.pt[k].state = WF_PT_DONE;
		/* net saving 100 - 9x, +- 6: 0 at x = 11.11, the band's edges at 10.44 and 11.78 */
		s.pt[k].c.econ.built = 1;
		s.pt[k].c.econ.net_saving.mean = 100 - 9 * x;
		s.pt[k].c.econ.net_saving.ci95 = 6;
		/* time saved (minus the cycle-time difference) 2 - x/4 +- 0: 0 at x = 8, a point */
		s.pt[k].c.diff[WF_M_CYCLE_TIME_MEAN].mean = x / 4 - 2;
		s.pt[k].c.diff[WF_M_CYCLE_TIME_MEAN].ci95 = 0;
	}
	wf_sweep_finish(&s);
	ck_assert(s.net_saving.found);
	ck_assert_double_eq_tol(s.net_saving.x, 100.0 / 9, 1e-9);
	ck_assert_double_eq_tol(s.net_saving.lo, 94.0 / 9, 1e-9);
	ck_assert_double_eq_tol(s.net_saving.hi, 106.0 / 9, 1e-9);
	ck_assert(s.time_saved.found);
	ck_assert_double_eq_tol(s.time_saved.x, 8, 1e-12);
	for (k = 0; k < s.n_pts; k++)
		s.pt[k].state = WF_PT_PENDING;
	wf_sweep_fini(&s);
}
END_TEST

/* M/M/c, lambda = 10/h, mean service 30 min (5 servers' work): Erlang C gives a mean wait
 * of 4.86 min with 7 servers and 1.67 with 8, so "wait_time_mean<=3" is met from 8 on.  The
 * simulated means are within a few tenths of a minute of these at this length (20 days,
 * 4 replications: about 19000 cases), far from 3 either way. */
START_TEST(test_mmc_staffing_target)
{
	char path[4096], err[256];
	struct wf_sweep s;
	long k;
	size_t tried = 0;

	snprintf(path, sizeof(path), "%s/tests/sweep/mmc.yaml", tu_srcdir());
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(wf_sweep_var_parse(&s.var[0], "resources.servers.capacity=1:30:1", err,
					    sizeof(err)), 0);
	s.n_vars = 1;
	ck_assert_int_eq(wf_sweep_init(&s, err, sizeof(err)), 0);
	ck_assert_int_eq(wf_sweep_target_parse(&s.target, "wait_time_mean<=3", WF_MINUTES, err,
					       sizeof(err)), 0);
	s.has_target = 1;
	while ((k = wf_sweep_next(&s)) >= 0) {
		struct wf_sweep_point *p = &s.pt[k];
		struct wf_override ov[1];
		struct wf_capacity cap;
		struct wf_settings set;
		struct wf_rep_result *res;
		struct wf_diag d;
		struct wf_model *m;

		ck_assert_uint_eq(wf_sweep_overrides(&s, (size_t)k, 1, ov), 1);
		wf_diag_init(&d);
		m = wf_model_load_set(path, ov, 1, &d);
		wf_diag_fini(&d);
		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(wf_check_capacity(m, &cap, err, sizeof(err)), 0);
		/* up to 5 servers the capacity check refuses it: no simulation needed */
		ck_assert_int_eq(wf_capacity_overloaded(&cap), s.var[0].x[k] <= 5);
		if (wf_capacity_overloaded(&cap)) {
			p->state = WF_PT_OVERLOADED;
		} else {
			tried++;
			wf_settings_default(&set, m);
			res = wf_xcalloc((size_t)set.replications, sizeof(*res));
			ck_assert_int_eq(wf_sim_run_all(m, &set, res, NULL, NULL, NULL, NULL, err,
							sizeof(err)), 0);
			wf_run_build(&p->c.to_be, m, &set, res);
			tu_free_results(res, set.replications);
			p->state = WF_PT_DONE;
		}
		wf_capacity_fini(&cap);
		wf_model_free(m);
	}
	wf_sweep_finish(&s);
	ck_assert_int_ge(s.found, 0);
	ck_assert_int_eq((long)s.var[0].x[s.found], 8);
	ck_assert_int_eq((long)s.var[0].x[s.neighbour], 7);
	/* Erlang C agrees: 8 servers meet the target, 7 do not */
	ck_assert(tu_erlang_c_wq(8, 10.0 / 60, 30) <= 3 && tu_erlang_c_wq(7, 10.0 / 60, 30) > 3);
	ck_assert_double_eq_tol(s.pt[s.found].c.to_be.metric[WF_M_WAIT_TIME_MEAN].mean,
	    tu_erlang_c_wq(8, 10.0 / 60, 30), 0.6);
	ck_assert_double_eq_tol(s.pt[s.neighbour].c.to_be.metric[WF_M_WAIT_TIME_MEAN].mean,
	    tu_erlang_c_wq(7, 10.0 / 60, 30), 1.2);
	ck_assert_uint_le(tried, 6);	/* of 30 values */
	for (k = 0; k < (long)s.n_pts; k++)
		if (s.pt[k].state == WF_PT_DONE) {
			wf_run_fini(&s.pt[k].c.to_be);
			s.pt[k].state = WF_PT_PENDING;
		}
	wf_sweep_fini(&s);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "set_equals_edited_text", test_set_equals_edited_text },
		{ "set_errors", test_set_errors },
		{ "vary_values", test_vary_values },
		{ "target_parse", test_target_parse },
		{ "bisection", test_bisection },
		{ "break_even_interpolated", test_break_even_interpolated },
		{ "mmc_staffing_target", test_mmc_staffing_target },
	};

	return tu_run("sweep", tests, sizeof(tests) / sizeof(tests[0]), 120);
}
