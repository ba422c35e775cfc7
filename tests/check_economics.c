/* Tests of the economics of a comparison where arithmetic gives the answer: a roster's cost
 * per year, the cost of errors that always escape, payback and net present value by hand,
 * freed time that is not money until the roster changes, and the process difference. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "wfsim/economics.h"
#include "wfsim/results.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

#define WEEKS (365.25 / 7)

/* Runs the model in `yaml` (replications, 28 days after a week's warm-up) into *run. */
static void
run_yaml(const char *yaml, long reps, struct wf_run *run)
{
	struct wf_diag diag;
	struct wf_model *m;
	struct wf_settings set;
	struct wf_rep_result *res;
	char err[256];
	long r;

	wf_diag_init(&diag);
	m = wf_model_load_string(yaml, strlen(yaml), "m.yaml", &diag);
	if (m == NULL)
		wf_diag_print(&diag, stderr);
	ck_assert_ptr_nonnull(m);
	wf_diag_fini(&diag);
	wf_settings_default(&set, m);
	set.replications = reps;
	set.threads = 1;
	set.warmup = 7 * 1440;
	set.horizon = 35 * 1440;
	res = wf_xcalloc((size_t)reps, sizeof(*res));
	ck_assert_msg(wf_sim_run_all(m, &set, res, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0, "%s", err);
	wf_run_build(run, m, &set, res);
	for (r = 0; r < reps; r++)
		wf_rep_result_fini(&res[r]);
	free(res);
	wf_model_free(m);
}

static void
compare_yaml(const char *a, const char *b, long reps, int count_freed, struct wf_comparison *c)
{
	memset(c, 0, sizeof(*c));
	c->common_random_numbers = 1;
	run_yaml(a, reps, &c->as_is);
	run_yaml(b, reps, &c->to_be);
	wf_comparison_diff(c);
	wf_econ_compare(&c->econ, &c->as_is, &c->to_be, 1, count_freed);
}

static void
assert_close(double got, double want, double rel)
{
	ck_assert_msg(fabs(got - want) <= rel * fabs(want) + 1e-9, "got %.10g, want %.10g", got, want);
}

/* A pool of 8 at 40/h on a 40-hour week, work that takes no time (so no overtime). */
#define OFFICE_8 \
	"wfsim: 1\nname: desk\ntime_unit: minutes\n" \
	"calendars:\n  office:\n    - { days: mon-fri, hours: \"09:00-17:00\" }\n" \
	"resources:\n  clerks: { capacity: %d, calendar: office, cost_per_hour: 40 }\n" \
	"arrivals:\n  rate: 100/d\n" \
	"steps:\n  - { id: work, resource: clerks }\n"

START_TEST(test_roster_cost_of_a_40_hour_week)
{
	struct wf_run run;
	char yaml[1024];
	long r;

	snprintf(yaml, sizeof(yaml), OFFICE_8, 8);
	run_yaml(yaml, 3, &run);
	ck_assert_ptr_nonnull(run.econ);
	for (r = 0; r < 3; r++)
		assert_close(run.econ->roster[r], 8 * 40 * 40 * WEEKS, 1e-12);
	assert_close(run.econ->pools[0].fte_hours_year, 40 * WEEKS, 1e-12);
	assert_close(run.econ->arrivals_per_year, 100 * 365.25, 1e-12);
	wf_run_fini(&run);
}
END_TEST

/* Overtime at its own rate: a pool of 1 always busy past closing time. */
START_TEST(test_overtime_rate)
{
	static const char yaml[] =
	    "wfsim: 1\nname: late\ntime_unit: minutes\n"
	    "calendars:\n  office:\n    - { days: mon-fri, hours: \"09:00-17:00\" }\n"
	    "resources:\n  clerks: { capacity: 1, calendar: office, cost_per_hour: 40, "
	    "overtime_cost_per_hour: 100 }\n"
	    "arrivals:\n  rate: 5/d\n"
	    "steps:\n  - { id: work, resource: clerks, duration: 90m }\n";
	struct wf_run run;
	double base = 40 * 40 * WEEKS;
	double ot = 0;
	long r;

	run_yaml(yaml, 4, &run);
	/* roster = scheduled hours x 40 + overtime hours per year x 100 */
	ck_assert(run.resources[0].s[3].mean > 0);
	for (r = 0; r < 4; r++)
		ot += (run.econ->roster[r] - base) / 4;
	assert_close(ot, run.resources[0].s[3].mean / run.window_days * 365.25 * 100, 1e-9);
	wf_run_fini(&run);
}
END_TEST

/* Errors that always escape: every arriving case is one, at 800 each. */
START_TEST(test_error_cost_of_a_known_escape_rate)
{
	static const char a[] =
	    "wfsim: 1\nname: a\ntime_unit: minutes\narrivals:\n  rate: 100/d\n"
	    "steps:\n  - { id: decide, error: %s }\n"
	    "economics: { per_escaped_error: 800 }\n";
	char ya[512], yb[512];
	struct wf_comparison c;

	snprintf(ya, sizeof(ya), a, "0");
	snprintf(yb, sizeof(yb), a, "1");
	compare_yaml(ya, yb, 5, 0, &c);
	assert_close(c.econ.error_cost[0].mean, 0, 0);
	assert_close(c.econ.error_cost[1].mean, 100 * 365.25 * 800, 1e-12);
	ck_assert(c.econ.error_cost[1].ci95 == 0);
	/* the errors are all the difference: the net saving is minus their cost */
	assert_close(c.econ.net_saving.mean, -100 * 365.25 * 800, 1e-12);
	ck_assert(!isfinite(c.econ.payback_months));
	wf_comparison_fini(&c);

	/* one in four escapes: the mean cost is the measured rate's, within its interval of 1/4 */
	snprintf(yb, sizeof(yb), a, "0.25");
	compare_yaml(ya, yb, 10, 0, &c);
	assert_close(c.econ.error_cost[1].mean,
	    c.to_be.metric[WF_M_ESCAPED_ERROR_RATE].mean * 100 * 365.25 * 800, 1e-12);
	ck_assert_msg(fabs(c.econ.error_cost[1].mean - 0.25 * 36525 * 800) <
	    4 * c.econ.error_cost[1].ci95 + 1, "%g ± %g", c.econ.error_cost[1].mean, c.econ.error_cost[1].ci95);
	wf_comparison_fini(&c);
}
END_TEST

START_TEST(test_payback_and_npv_by_hand)
{
	/* 60 000 a year repays 150 000 in 30 months; over 36 months at 0%: 6 months of gain */
	assert_close(wf_econ_payback(5000, 150000), 30, 1e-15);
	assert_close(wf_econ_npv(5000, 150000, 36, 0), 30000, 1e-15);
	/* at 8% a year: i = 1.08^(1/12) - 1, annuity (1 - 1.08^-3) / i = 32.043331388718 */
	assert_close(wf_econ_annuity(36, 0.08), 32.043331388718, 1e-12);
	assert_close(wf_econ_npv(5000, 150000, 36, 0.08), 10216.656943590002, 1e-10);
	ck_assert(!isfinite(wf_econ_payback(0, 150000)));
	ck_assert(!isfinite(wf_econ_payback(-10, 150000)));
}
END_TEST

/* Half the staff, a one-off and running costs: every figure by hand. */
START_TEST(test_fewer_people_save_the_roster)
{
	char ya[1024], yb[1024];
	struct wf_comparison c;
	double saving = 4 * 40 * 40 * WEEKS - 12 * 1000;

	snprintf(ya, sizeof(ya), OFFICE_8, 8);
	snprintf(yb, sizeof(yb), OFFICE_8 "economics: { one_off: 100000, per_month: 1000, currency: EUR }\n", 4);
	compare_yaml(ya, yb, 3, 0, &c);
	assert_close(c.econ.roster[0].mean, 8 * 40 * 40 * WEEKS, 1e-12);
	assert_close(c.econ.roster[1].mean, 4 * 40 * 40 * WEEKS, 1e-12);
	assert_close(c.econ.net_saving.mean, saving, 1e-12);
	assert_close(c.econ.payback_months, 100000 / (saving / 12), 1e-12);
	assert_close(c.econ.npv.mean, -100000 + 3 * saving, 1e-12);
	assert_close(c.econ.roi.mean, (-100000 + 3 * saving) / 100000, 1e-12);
	ck_assert_str_eq(c.econ.currency, "EUR");
	ck_assert_ptr_null(c.econ.not_valid);
	/* staffing in the process difference: 8 -> 4 servers, 320 -> 160 h a week */
	ck_assert_uint_eq(c.econ.n_pd_pools, 1);
	assert_close(c.econ.pd_pools[0].capacity_as_is, 8, 0);
	assert_close(c.econ.pd_pools[0].capacity_to_be, 4, 0);
	assert_close(c.econ.pd_pools[0].hours_week_to_be, 160, 1e-12);
	assert_close(c.econ.pd_pools[0].fte_to_be, 4, 1e-12);
	wf_comparison_fini(&c);
}
END_TEST

/* The same roster doing less work: FTE freed, no money, unless freed time is counted. */
#define ALWAYS_OPEN \
	"wfsim: 1\nname: desk\ntime_unit: minutes\n" \
	"resources:\n  clerks: { capacity: %d, cost_per_hour: 30 }\n" \
	"arrivals:\n  rate: 96/d\n" \
	"steps:\n  - { id: work, resource: clerks, duration: %s }\n"

START_TEST(test_same_roster_frees_time_not_money)
{
	char ya[1024], yb[1024];
	struct wf_comparison c;
	/* 96 cases a day x 365.25 days x 0.5 h saved each, one FTE = 168 h x 365.25 / 7 */
	double hours = 96 * 365.25 * 0.5, fte = hours / (168 * WEEKS);

	snprintf(ya, sizeof(ya), ALWAYS_OPEN, 8, "60m");
	snprintf(yb, sizeof(yb), ALWAYS_OPEN, 8, "30m");
	compare_yaml(ya, yb, 3, 0, &c);
	assert_close(c.econ.freed_hours.mean, hours, 1e-9);
	assert_close(c.econ.freed_fte.mean, fte, 1e-9);
	ck_assert_uint_eq(c.econ.n_freed, 1);
	assert_close(c.econ.freed[0].fte.mean, fte, 1e-9);
	assert_close(c.econ.roster[0].mean, c.econ.roster[1].mean, 0);
	assert_close(c.econ.net_saving.mean, 0, 0);
	ck_assert(!isfinite(c.econ.payback_months));
	assert_close(c.econ.touch[0].mean - c.econ.touch[1].mean, hours * 30, 1e-9);
	wf_comparison_fini(&c);

	/* counted as if redeployed, the freed hours are worth their rate */
	compare_yaml(ya, yb, 3, 1, &c);
	assert_close(c.econ.net_saving.mean, hours * 30, 1e-9);
	wf_comparison_fini(&c);
}
END_TEST

/* Doubling the as-is staff raises its roster cost and leaves its touch cost alone. */
START_TEST(test_doubling_staff)
{
	char y1[1024], y2[1024];
	struct wf_run one, two;

	snprintf(y1, sizeof(y1), ALWAYS_OPEN, 5, "{ dist: exponential, mean: 60m }");
	snprintf(y2, sizeof(y2), ALWAYS_OPEN, 10, "{ dist: exponential, mean: 60m }");
	run_yaml(y1, 4, &one);
	run_yaml(y2, 4, &two);
	assert_close(one.econ->roster[0], 5 * 168 * WEEKS * 30, 1e-12);
	assert_close(two.econ->roster[0], 10 * 168 * WEEKS * 30, 1e-12);
	ck_assert(two.econ->roster[0] > one.econ->roster[0]);
	/* the same cases and draws: the same busy time, summed in another order */
	assert_close(two.econ->touch[0], one.econ->touch[0], 1e-9);
	assert_close(two.econ->touch[3], one.econ->touch[3], 1e-9);
	wf_run_fini(&one);
	wf_run_fini(&two);
}
END_TEST

/* Steps added, removed and kept, with their human minutes; and an overloaded side's money
 * is not valid in the headline. */
START_TEST(test_process_diff_and_not_valid)
{
	static const char a[] =
	    "wfsim: 1\nname: a\ntime_unit: minutes\n"
	    "resources:\n  clerks: { capacity: 10 }\n  bot: { capacity: 2, kind: machine }\n"
	    "arrivals:\n  rate: 10/d\n"
	    "steps:\n  - { id: intake, resource: clerks, duration: 6m }\n"
	    "  - { id: decide, resource: clerks, duration: 20m }\n";
	static const char b[] =
	    "wfsim: 1\nname: b\ntime_unit: minutes\n"
	    "resources:\n  clerks: { capacity: 10 }\n  bot: { capacity: 2, kind: machine }\n"
	    "arrivals:\n  rate: 10/d\n"
	    "steps:\n  - { id: triage, resource: bot, duration: 1m }\n"
	    "  - { id: decide, resource: clerks, duration: 20m }\n"
	    "  - { id: recheck, resource: clerks, duration: 4m }\n";
	struct wf_comparison c;
	struct wf_table t;
	const struct wf_pdiff_step *s;
	size_t i;
	int seen = 0;

	compare_yaml(a, b, 2, 0, &c);
	ck_assert_uint_eq(c.econ.n_pd_steps, 4);
	s = c.econ.pd_steps;
	ck_assert_str_eq(s[0].id, "intake");
	ck_assert(s[0].in_as_is && !s[0].in_to_be);
	assert_close(s[0].minutes_as_is, 6, 1e-9);
	ck_assert(!isfinite(s[0].minutes_to_be));
	ck_assert_str_eq(s[1].id, "decide");
	assert_close(s[1].minutes_as_is, 20, 1e-9);
	assert_close(s[1].minutes_to_be, 20, 1e-9);
	ck_assert_str_eq(s[2].id, "triage");
	ck_assert(!s[2].in_as_is && s[2].in_to_be);
	assert_close(s[2].minutes_to_be, 0, 0);	/* a machine's minutes are not human */
	ck_assert_str_eq(s[3].id, "recheck");
	assert_close(s[3].minutes_to_be, 4, 1e-9);

	ck_assert_ptr_null(c.econ.not_valid);
	c.to_be.overloaded = 1;
	wf_econ_cmp_fini(&c.econ);
	wf_econ_compare(&c.econ, &c.as_is, &c.to_be, 1, 0);
	ck_assert_str_eq(c.econ.not_valid, "the to-be is overloaded");
	wf_table_headline(&t, &c);
	for (i = 0; i < t.n; i++)
		if (strcmp(t.rows[i].label, "net saving per year") == 0 ||
		    strcmp(t.rows[i].label, "payback period") == 0 ||
		    strcmp(t.rows[i].label, "net present value") == 0) {
			seen++;
			ck_assert_str_eq(t.rows[i].cell[2], "not valid: the to-be is overloaded");
		}
	ck_assert_int_eq(seen, 3);
	wf_table_fini(&t);

	/* censored cases on a side: the money is not valid either */
	c.to_be.overloaded = 0;
	c.as_is.metric[WF_M_CENSORED_CASES].mean = 2;
	wf_econ_cmp_fini(&c.econ);
	wf_econ_compare(&c.econ, &c.as_is, &c.to_be, 1, 0);
	ck_assert_str_eq(c.econ.not_valid, "the as-is has cases censored at the drain cap");
	wf_comparison_fini(&c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("economics");
	TCase *tc = tcase_create("economics");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_roster_cost_of_a_40_hour_week);
	tcase_add_test(tc, test_overtime_rate);
	tcase_add_test(tc, test_error_cost_of_a_known_escape_rate);
	tcase_add_test(tc, test_payback_and_npv_by_hand);
	tcase_add_test(tc, test_fewer_people_save_the_roster);
	tcase_add_test(tc, test_same_roster_frees_time_not_money);
	tcase_add_test(tc, test_doubling_staff);
	tcase_add_test(tc, test_process_diff_and_not_valid);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
