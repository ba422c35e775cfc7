/* Tests of the warnings that go with results: they survive the JSON round trip `wfsim plot`
 * relies on (escaping included), a comparison keeps its own list beside each side's, and
 * the compare headline flags an overloaded side instead of presenting a payback. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include "testutil.h"
#include "wfsim/results.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

static void
fake_run(struct wf_run *run, const char *name)
{
	memset(run, 0, sizeof(*run));
	run->model_name = wf_xstrdup(name);
	run->model_file = wf_xstrdup("m.yaml");
	run->time_unit = wf_xstrdup("minutes");
	run->unit_minutes = 1;
	run->horizon = 40320;
	run->replications = 0;
	run->arrivals_per_day = 100;
	run->max_per_day = 90;
}

/* Writes c as JSON to a temporary file and reads it back into *back; returns the kind. */
static int
round_trip(const struct wf_comparison *c, int pair, struct wf_comparison *back)
{
	char path[] = "/tmp/wfsim-results-XXXXXX";
	struct wf_diag diag;
	FILE *f;
	int fd = mkstemp(path), kind;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(pair ? wf_comparison_write_json(c, f) : wf_run_write_json(&c->to_be, f), 0);
	fclose(f);
	wf_diag_init(&diag);
	kind = wf_results_read_json(path, back, &diag);
	if (kind < 0)
		wf_diag_print(&diag, stderr);
	wf_diag_fini(&diag);
	unlink(path);
	return kind;
}

START_TEST(test_run_warnings_round_trip)
{
	struct wf_comparison c, back;

	memset(&c, 0, sizeof(c));
	fake_run(&c.to_be, "overloaded desk");
	c.to_be.overloaded = 1;
	wf_run_warn(&c.to_be, "queues grow without bound");
	wf_run_warn(&c.to_be, "%d cases were \"censored\"\n(still open)", 7);
	ck_assert_int_eq(round_trip(&c, 0, &back), 1);
	ck_assert_int_eq(back.to_be.overloaded, 1);
	ck_assert_uint_eq(back.to_be.warnings.n, 2);
	ck_assert_str_eq(back.to_be.warnings.msg[0], "queues grow without bound");
	ck_assert_str_eq(back.to_be.warnings.msg[1], "7 cases were \"censored\"\n(still open)");
	wf_comparison_fini(&back);
	wf_comparison_fini(&c);
}
END_TEST

START_TEST(test_comparison_warnings_round_trip)
{
	struct wf_comparison c, back;

	memset(&c, 0, sizeof(c));
	fake_run(&c.as_is, "as-is");
	fake_run(&c.to_be, "to-be");
	wf_run_warn(&c.to_be, "queues grow without bound");
	wf_comparison_diff(&c);
	wf_comparison_gather_warnings(&c);
	ck_assert_uint_eq(c.warnings.n, 1);
	ck_assert_str_eq(c.warnings.msg[0], "to-be: queues grow without bound");
	ck_assert_int_eq(round_trip(&c, 1, &back), 2);
	/* The top-level list and each side's come back as they were: nothing doubled. */
	ck_assert_uint_eq(back.warnings.n, 1);
	ck_assert_str_eq(back.warnings.msg[0], "to-be: queues grow without bound");
	ck_assert_uint_eq(back.as_is.warnings.n, 0);
	ck_assert_uint_eq(back.to_be.warnings.n, 1);
	wf_comparison_fini(&back);
	wf_comparison_fini(&c);
}
END_TEST

/* An overloaded side: a flag on top, and the yearly savings and payback marked not valid. */
START_TEST(test_headline_flags_overload)
{
	struct wf_comparison c;
	struct wf_table t;
	size_t i;
	int flagged = 0, payback = 0;

	memset(&c, 0, sizeof(c));
	fake_run(&c.as_is, "as-is");
	fake_run(&c.to_be, "to-be");
	c.to_be.has_economics = 1;
	c.to_be.one_off = 100000;
	c.as_is.metric[WF_M_COST_PER_CASE].mean = 20;
	c.to_be.metric[WF_M_COST_PER_CASE].mean = 5;
	c.as_is.metric[WF_M_THROUGHPUT_PER_DAY].mean = 100;
	wf_comparison_diff(&c);
	c.diff[WF_M_COST_PER_CASE].mean = -15;	/* no replications: set the difference by hand */
	c.diff[WF_M_TOUCH_TIME_MEAN].mean = 0;

	wf_table_headline(&t, &c);
	for (i = 0; i < t.n; i++)
		if (strcmp(t.rows[i].label, "payback period") == 0)
			ck_assert_msg(strstr(t.rows[i].cell[2], "months") != NULL, "%s", t.rows[i].cell[2]);
	wf_table_fini(&t);

	c.to_be.overloaded = 1;
	wf_table_headline(&t, &c);
	ck_assert_str_eq(t.rows[0].label, "OVERLOADED");
	ck_assert_ptr_nonnull(strstr(t.rows[0].cell[2], "grow without bound"));
	for (i = 0; i < t.n; i++) {
		flagged += strcmp(t.rows[i].label, "OVERLOADED") == 0;
		if (strcmp(t.rows[i].label, "payback period") == 0) {
			payback = 1;
			ck_assert_msg(strstr(t.rows[i].cell[2], "not valid") != NULL, "%s",
				      t.rows[i].cell[2]);
			ck_assert(strstr(t.rows[i].cell[2], "months") == NULL);
		}
		ck_assert(strcmp(t.rows[i].label, "first-year return") != 0);
	}
	ck_assert_int_eq(flagged, 1);
	ck_assert_int_eq(payback, 1);
	wf_table_fini(&t);
	wf_comparison_fini(&c);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "warnings of a run round trip", test_run_warnings_round_trip },
		{ "warnings of a comparison round trip", test_comparison_warnings_round_trip },
		{ "the headline flags overload", test_headline_flags_overload },
	};

	return tu_run("results", tests, sizeof(tests) / sizeof(tests[0]), 0);
}
