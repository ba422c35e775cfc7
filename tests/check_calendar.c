/* Tests of weekly schedules: values, change points, overlaps, offsets and integrals. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "wfsim/calendar.h"

#define MON_FRI 0x1fu
#define DAY 1440.0
#define WEEK (7 * DAY)

/* 09:00-17:00 Monday to Friday, in minutes (unit_minutes = 1). */
static void
office(struct wf_weekly *w, double offset_min)
{
	struct wf_window win = { MON_FRI, 540, 1020, 1 };

	ck_assert_int_eq(wf_weekly_build(w, &win, 1, 0, 1, offset_min, NULL, NULL), 0);
}

START_TEST(test_office_values)
{
	struct wf_weekly w;

	office(&w, 0);
	ck_assert_double_eq(wf_weekly_at(&w, 0), 0);			/* Mon 00:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 539.5), 0);		/* Mon 08:59:30 */
	ck_assert_double_eq(wf_weekly_at(&w, 540), 1);			/* Mon 09:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 1019.9), 1);
	ck_assert_double_eq(wf_weekly_at(&w, 1020), 0);			/* Mon 17:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 4 * DAY + 600), 1);	/* Fri 10:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 5 * DAY + 600), 0);	/* Sat 10:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 6 * DAY + 600), 0);	/* Sun 10:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 3 * WEEK + 2 * DAY + 700), 1);	/* Wed, week 4 */
	ck_assert_double_eq_tol(w.mean, 40.0 / 168.0, 1e-12);
	ck_assert_double_eq(w.max, 1);
	wf_weekly_fini(&w);
}
END_TEST

START_TEST(test_office_next_change)
{
	struct wf_weekly w;

	office(&w, 0);
	/* Friday 17:00 -> Monday 09:00 of the next week */
	ck_assert_double_eq(wf_weekly_next_change(&w, 4 * DAY + 1020), WEEK + 540);
	/* just before a change: that change */
	ck_assert_double_eq(wf_weekly_next_change(&w, 539), 540);
	/* on a change: the next one */
	ck_assert_double_eq(wf_weekly_next_change(&w, 540), 1020);
	ck_assert_double_eq(wf_weekly_next_change(&w, 1020), DAY + 540);
	/* Sunday night -> Monday morning */
	ck_assert_double_eq(wf_weekly_next_change(&w, 6 * DAY + 1400), WEEK + 540);
	wf_weekly_fini(&w);
}
END_TEST

START_TEST(test_night_window)
{
	/* 22:00-06:00 every day: to = 06:00 + 1440; Sunday's night runs into Monday */
	struct wf_window win = { 0x7fu, 1320, 1800, 3 };
	struct wf_weekly w;

	ck_assert_int_eq(wf_weekly_build(&w, &win, 1, 1, 1, 0, NULL, NULL), 0);
	ck_assert_double_eq(wf_weekly_at(&w, 100), 3);		/* Mon 01:40, from Sunday */
	ck_assert_double_eq(wf_weekly_at(&w, 360), 1);		/* Mon 06:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 1319), 1);
	ck_assert_double_eq(wf_weekly_at(&w, 1320), 3);		/* Mon 22:00 */
	ck_assert_double_eq(wf_weekly_at(&w, DAY + 200), 3);	/* Tue 03:20 */
	ck_assert_double_eq_tol(w.mean, (8 * 3 + 16 * 1) / 24.0, 1e-12);
	ck_assert_double_eq(wf_weekly_next_change(&w, 1320), DAY + 360);
	wf_weekly_fini(&w);
}
END_TEST

START_TEST(test_overlap)
{
	struct wf_window win[] = {
		{ 0x01u, 540, 720, 1 },		/* Mon 09-12 */
		{ 0x02u, 540, 720, 1 },		/* Tue 09-12 */
		{ 0x40u, 1320, 1800, 1 },	/* Sun 22-06, into Monday */
		{ 0x01u, 300, 400, 1 },		/* Mon 05:00-06:40: hits Sunday's night */
	};
	struct wf_weekly w;
	size_t a = 99, b = 99;

	ck_assert_int_eq(wf_weekly_build(&w, win, 3, 0, 1, 0, &a, &b), 0);
	wf_weekly_fini(&w);
	ck_assert_int_eq(wf_weekly_build(&w, win, 4, 0, 1, 0, &a, &b), -1);
	ck_assert_uint_eq(a, 2);
	ck_assert_uint_eq(b, 3);
	/* touching windows do not overlap */
	win[3].from_min = 720;
	win[3].to_min = 800;
	ck_assert_int_eq(wf_weekly_build(&w, win, 4, 0, 1, 0, &a, &b), 0);
	wf_weekly_fini(&w);
	/* same day twice */
	win[3].from_min = 700;
	ck_assert_int_eq(wf_weekly_build(&w, win, 4, 0, 1, 0, &a, &b), -1);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 3);
}
END_TEST

START_TEST(test_offset)
{
	struct wf_weekly w;

	/* the clock starts on Wednesday 00:00; unit hours */
	struct wf_window win = { MON_FRI, 540, 1020, 1 };

	ck_assert_int_eq(wf_weekly_build(&w, &win, 1, 0, 60, 2 * DAY, NULL, NULL), 0);
	ck_assert_double_eq(w.week, 168);
	ck_assert_double_eq(w.offset, 48);
	ck_assert_double_eq(wf_weekly_at(&w, 8), 0);		/* Wed 08:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 9), 1);		/* Wed 09:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 3 * 24 + 10), 0);	/* Sat 10:00 */
	ck_assert_double_eq(wf_weekly_at(&w, 5 * 24 + 10), 1);	/* Mon 10:00 */
	/* Friday 17:00 (t = 2 days + 17 h) -> Monday 09:00 (t = 5 days + 9 h) */
	ck_assert_double_eq(wf_weekly_next_change(&w, 2 * 24 + 17), 5 * 24 + 9);
	wf_weekly_fini(&w);
}
END_TEST

START_TEST(test_integral)
{
	struct wf_weekly w, c;

	office(&w, 0);
	/* three whole weeks: 3 * 40 h */
	ck_assert_double_eq_tol(wf_weekly_integral(&w, 0, 3 * WEEK), 3 * 40 * 60.0, 1e-6);
	/* Monday 10:00 to Tuesday 10:00 of the third week: 7 h + 1 h */
	ck_assert_double_eq_tol(wf_weekly_integral(&w, 2 * WEEK + 600, 2 * WEEK + DAY + 600),
	    8 * 60.0, 1e-6);
	/* Wednesday 12:00 week 1 to Tuesday 12:00 week 3: 5+8+8 + 40 + 8+3 = 72 h, not whole
	 * weeks and an offset */
	ck_assert_double_eq_tol(wf_weekly_integral(&w, 2 * DAY + 720, 2 * WEEK + DAY + 720),
	    (5 + 8 + 8 + 40 + 8 + 3) * 60.0, 1e-6);
	ck_assert_double_eq(wf_weekly_integral(&w, 50, 50), 0);
	wf_weekly_fini(&w);

	/* with an offset the same stretch of the week gives the same integral */
	office(&w, 2 * DAY);
	ck_assert_double_eq_tol(wf_weekly_integral(&w, 720, WEEK * 2 - DAY + 720),
	    (5 + 8 + 8 + 40 + 8 + 3) * 60.0, 1e-6);
	wf_weekly_copy(&c, &w);
	wf_weekly_fini(&w);
	ck_assert_double_eq(wf_weekly_at(&c, 540), 1);		/* Wed 09:00 */
	wf_weekly_fini(&c);

	wf_weekly_constant(&c, 4, 60, 0);
	ck_assert_double_eq(wf_weekly_at(&c, 1e6), 4);
	ck_assert(isinf(wf_weekly_next_change(&c, 3)));
	ck_assert_double_eq_tol(wf_weekly_integral(&c, 1, 11), 40, 1e-12);
	wf_weekly_fini(&c);
}
END_TEST

START_TEST(test_change_roundtrip)
{
	/* unit days: 17:10 is not exact in binary; a computed change time must still read the
	 * new value, and the next change from it must be later */
	struct wf_window win = { MON_FRI, 545, 1030, 2 };
	struct wf_weekly w;
	double t = 0;
	int i;

	ck_assert_int_eq(wf_weekly_build(&w, &win, 1, 0, 1440, 3 * DAY + 7, NULL, NULL), 0);
	for (i = 0; i < 100; i++) {
		double before = wf_weekly_at(&w, t);
		double nt = wf_weekly_next_change(&w, t);

		ck_assert(nt > t);
		ck_assert(wf_weekly_at(&w, nt) != before);
		t = nt;
	}
	/* 100 changes = 50 working days = 10 weeks */
	ck_assert_double_eq_tol(t, 70, 7);
	wf_weekly_fini(&w);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("calendar");
	SRunner *sr;
	int failed;
	struct { const char *name; const TTest *fn; } t[] = {
		{ "office_values", test_office_values },
		{ "office_next_change", test_office_next_change },
		{ "night_window", test_night_window },
		{ "overlap", test_overlap },
		{ "offset", test_offset },
		{ "integral", test_integral },
		{ "change_roundtrip", test_change_roundtrip },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		TCase *tc = tcase_create(t[i].name);

		tcase_add_test(tc, t[i].fn);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
