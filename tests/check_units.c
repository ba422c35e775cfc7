/* Tests of the unit parsers and of the diagnostics printer: good values land exactly, bad
 * ones fail with a message that says what was expected. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/diag.h"
#include "wfsim/units.h"
#include "testutil.h"

static char err[256];

START_TEST(test_duration_good)
{
	double v;

	ck_assert_int_eq(wf_parse_duration("90s", WF_MINUTES, &v, err, sizeof(err)), 0);
	ck_assert_double_eq_tol(v, 1.5, 1e-12);
	ck_assert_int_eq(wf_parse_duration("25m", WF_MINUTES, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 25);
	ck_assert_int_eq(wf_parse_duration("1.5h", WF_MINUTES, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 90);
	ck_assert_int_eq(wf_parse_duration("2d", WF_HOURS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 48);
	ck_assert_int_eq(wf_parse_duration("1w", WF_DAYS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 7);
	ck_assert_int_eq(wf_parse_duration("12", WF_SECONDS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 12);
	ck_assert_int_eq(wf_parse_duration("0", WF_HOURS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 0);
	ck_assert_int_eq(wf_parse_duration("1e3s", WF_SECONDS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 1000);
	ck_assert_int_eq(wf_parse_duration(".5h", WF_MINUTES, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 30);
}
END_TEST

START_TEST(test_duration_bad)
{
	static const char *bad[] = { "", "25x", "m", "5 m", " 5m", "5m ", "5mm", "-5m", "nan", ".inf",
	    "-inf", "1e400", "1e400m", "0x10", "5/h", "1e308w", "five" };
	size_t i;
	double v = -1;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(wf_parse_duration(bad[i], WF_MINUTES, &v, err, sizeof(err)) == -1,
		    "'%s' accepted", bad[i]);
		ck_assert_msg(err[0] != '\0', "no message for '%s'", bad[i]);
	}
	wf_parse_duration("25x", WF_MINUTES, &v, err, sizeof(err));
	ck_assert_str_eq(err, "invalid duration '25x': expected a number with an optional unit s, m, h, d or w (e.g. 25m)");
	wf_parse_duration("1e400", WF_MINUTES, &v, err, sizeof(err));
	ck_assert_str_eq(err, "duration '1e400' is out of range");
	wf_parse_duration("-5m", WF_MINUTES, &v, err, sizeof(err));
	ck_assert_str_eq(err, "invalid duration '-5m': must not be negative");
}
END_TEST

START_TEST(test_rate)
{
	double v;

	ck_assert_int_eq(wf_parse_rate("10/h", WF_MINUTES, &v, err, sizeof(err)), 0);
	ck_assert_double_eq_tol(v, 10.0 / 60, 1e-15);
	ck_assert_int_eq(wf_parse_rate("240/d", WF_HOURS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq_tol(v, 10, 1e-12);
	ck_assert_int_eq(wf_parse_rate("2/s", WF_MINUTES, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 120);
	ck_assert_int_eq(wf_parse_rate("3/m", WF_SECONDS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq_tol(v, 0.05, 1e-15);
	ck_assert_int_eq(wf_parse_rate("7/w", WF_DAYS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq_tol(v, 1, 1e-15);
	ck_assert_int_eq(wf_parse_rate("4", WF_HOURS, &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 4);
	ck_assert_int_eq(wf_parse_rate("10/x", WF_HOURS, &v, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid rate '10/x': expected a number per s, m, h, d or w (e.g. 10/h)");
	ck_assert_int_eq(wf_parse_rate("10/hh", WF_HOURS, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_rate("-1/h", WF_HOURS, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_rate("1e400/h", WF_HOURS, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_rate("nan", WF_HOURS, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_rate("/h", WF_HOURS, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_rate("", WF_HOURS, &v, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_number)
{
	double v;

	ck_assert_int_eq(wf_parse_number("-2.5e-3", &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, -2.5e-3);
	ck_assert_int_eq(wf_parse_number("+7", &v, err, sizeof(err)), 0);
	ck_assert_double_eq(v, 7);
	/* underflow to a tiny value or zero is harmless, overflow is not */
	ck_assert_int_eq(wf_parse_number("1e-400", &v, err, sizeof(err)), 0);
	ck_assert(v >= 0 && v < 1e-300);
	ck_assert_int_eq(wf_parse_number("1e400", &v, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "number '1e400' is out of range");
	ck_assert_int_eq(wf_parse_number("-1e400", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_number("NaN", &v, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid number 'NaN': not a finite number");
	ck_assert_int_eq(wf_parse_number("infinity", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_number("0x1p3", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_number("12abc", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_number("1e", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_number(".", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_number("", &v, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_count_probability)
{
	long n;
	double p;

	ck_assert_int_eq(wf_parse_count("0", &n, err, sizeof(err)), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(wf_parse_count("9223372036854775807", &n, err, sizeof(err)), 0);
	ck_assert(n == 9223372036854775807L);
	ck_assert_int_eq(wf_parse_count("9223372036854775808", &n, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "number '9223372036854775808' is too large");
	ck_assert_int_eq(wf_parse_count("-1", &n, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_count("1.0", &n, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_count("1e3", &n, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_count("", &n, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_probability("0", &p, err, sizeof(err)), 0);
	ck_assert_int_eq(wf_parse_probability("1", &p, err, sizeof(err)), 0);
	ck_assert_double_eq(p, 1);
	ck_assert_int_eq(wf_parse_probability("0.25", &p, err, sizeof(err)), 0);
	ck_assert_double_eq(p, 0.25);
	ck_assert_int_eq(wf_parse_probability("1.0000001", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "probability 1.0000001 is outside [0, 1]");
	ck_assert_int_eq(wf_parse_probability("-0.1", &p, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_probability("nan", &p, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_units)
{
	enum wf_time_unit u;

	ck_assert_int_eq(wf_unit_parse("hours", &u), 0);
	ck_assert_int_eq(u, WF_HOURS);
	ck_assert_int_eq(wf_unit_parse("minute", &u), 0);
	ck_assert_int_eq(u, WF_MINUTES);
	ck_assert_int_eq(wf_unit_parse("weeks", &u), -1);
	ck_assert_int_eq(wf_unit_parse("", &u), -1);
	ck_assert_double_eq(wf_unit_seconds(WF_DAYS), 86400);
	ck_assert_str_eq(wf_unit_name(WF_SECONDS), "seconds");
}
END_TEST

START_TEST(test_days)
{
	unsigned m;

	m = 0;
	ck_assert_int_eq(wf_parse_days("mon", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x01);
	m = 0;
	ck_assert_int_eq(wf_parse_days("sun", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x40);
	m = 0;
	ck_assert_int_eq(wf_parse_days("mon-fri", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x1f);
	m = 0;
	ck_assert_int_eq(wf_parse_days("fri-mon", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x71);	/* fri, sat, sun, mon */
	m = 0;
	ck_assert_int_eq(wf_parse_days("wed-wed", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x04);
	m = 0;
	ck_assert_int_eq(wf_parse_days("daily", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x7f);
	m = 0x01;	/* ORs into the mask, as a list of days does */
	ck_assert_int_eq(wf_parse_days("Wed", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, 0x05);
	ck_assert_int_eq(wf_parse_days("mun", &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid days 'mun': expected mon..sun, a range such as mon-fri, or daily");
	ck_assert_int_eq(wf_parse_days("mon-", &m, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_days("-fri", &m, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_days("", &m, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_hours)
{
	int a, b;

	ck_assert_int_eq(wf_parse_hours("09:00-17:00", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(a, 540);
	ck_assert_int_eq(b, 1020);
	ck_assert_int_eq(wf_parse_hours("00:00-24:00", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(a, 0);
	ck_assert_int_eq(b, 1440);
	ck_assert_int_eq(wf_parse_hours("22:00-06:00", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(a, 1320);
	ck_assert_int_eq(b, 1440 + 360);
	ck_assert_int_eq(wf_parse_hours("8:30 - 12:15", &a, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(a, 510);
	ck_assert_int_eq(b, 735);
	ck_assert_int_eq(wf_parse_hours("09:00-25:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_hours("24:00-06:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid hours '24:00-06:00': 24:00 may only end a range");
	ck_assert_int_eq(wf_parse_hours("09:60-10:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_hours("24:01-10:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_hours("9am-5pm", &a, &b, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid hours '9am-5pm': expected HH:MM-HH:MM such as 09:00-17:00");
	ck_assert_int_eq(wf_parse_hours("09:00", &a, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_hours("09:00-17:00x", &a, &b, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_datetime)
{
	double t;
	char buf[32];

	ck_assert_int_eq(wf_parse_datetime("1970-01-01", &t, err, sizeof(err)), 0);
	ck_assert_double_eq(t, 0);
	ck_assert_int_eq(wf_parse_datetime("2026-01-05T00:00", &t, err, sizeof(err)), 0);
	ck_assert_double_eq(t, 1767571200);	/* date -u -d 2026-01-05 +%s */
	ck_assert_int_eq(wf_parse_datetime("2026-01-05 08:30:15", &t, err, sizeof(err)), 0);
	ck_assert_double_eq(t, 1767571200 + 8 * 3600 + 30 * 60 + 15);
	ck_assert_int_eq(wf_parse_datetime("2024-02-29T12:00:00.5Z", &t, err, sizeof(err)), 0);
	wf_format_datetime(t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2024-02-29T12:00:00");
	ck_assert_int_eq(wf_parse_datetime("1969-12-31T23:59", &t, err, sizeof(err)), 0);
	ck_assert_double_eq(t, -60);
	wf_format_datetime(t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1969-12-31T23:59:00");
	ck_assert_int_eq(wf_parse_datetime("2025-02-29", &t, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid date '2025-02-29': no such day or time");
	ck_assert_int_eq(wf_parse_datetime("2100-02-29", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_datetime("2000-02-29", &t, err, sizeof(err)), 0);
	ck_assert_int_eq(wf_parse_datetime("2026-13-01", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_datetime("2026-01-05T24:00", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_datetime("2026-1-5", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_datetime("2026-01-05T08", &t, err, sizeof(err)), -1);
	ck_assert_int_eq(wf_parse_datetime("yesterday", &t, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_datetime_roundtrip)
{
	double t, back;
	char buf[32];
	long i;

	/* every 37 hours + 11 s over ~80 years crosses all months and leap days */
	for (i = 0, t = -1e9; i < 20000; i++, t += 37 * 3600 + 11) {
		wf_format_datetime(t, buf, sizeof(buf));
		ck_assert_int_eq(wf_parse_datetime(buf, &back, err, sizeof(err)), 0);
		ck_assert_double_eq(back, t);
	}
}
END_TEST

/* Prints d into a string. */
START_TEST(test_diag_sorted_with_caret)
{
	static const char text[] = "a: 1\n\tb: two\nc: 3\n";
	struct wf_diag d;
	char *out;

	wf_diag_init(&d);
	wf_diag_source(&d, "m.yaml", text, sizeof(text) - 1);
	wf_diag_error(&d, "m.yaml", 3, 4, "third");
	wf_diag_warning(&d, "m.yaml", 2, 5, "second %d", 2);
	wf_diag_error(&d, "m.yaml", 0, 0, "whole file");
	wf_diag_error(&d, "m.yaml", 3, 4, "third again");
	ck_assert_uint_eq(d.n_errors, 3);
	ck_assert_uint_eq(d.n_warnings, 1);
	out = tu_diag_text(&d);
	ck_assert_str_eq(out,
	    "m.yaml: error: whole file\n"
	    "m.yaml:2:5: warning: second 2\n"
	    "  \tb: two\n"
	    "  \t   ^\n"
	    "m.yaml:3:4: error: third\n"
	    "  c: 3\n"
	    "     ^\n"
	    "m.yaml:3:4: error: third again\n"
	    "  c: 3\n"
	    "     ^\n");
	free(out);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_diag_cap)
{
	struct wf_diag d;
	char *out, *last;
	int i;

	wf_diag_init(&d);
	for (i = 0; i < 60; i++)
		wf_diag_error(&d, "x.yaml", i + 1, 1, "e%d", i);
	ck_assert_uint_eq(d.n, 50);
	ck_assert_uint_eq(d.dropped, 10);
	ck_assert_uint_eq(d.n_errors, 60);
	out = tu_diag_text(&d);	/* x.yaml does not exist: messages without source lines */
	last = strrchr(out, '\n');
	*last = '\0';
	last = strrchr(out, '\n');
	ck_assert_str_eq(last + 1, "x.yaml: note: 10 more errors not shown");
	ck_assert_ptr_nonnull(strstr(out, "x.yaml:50:1: error: e49\n"));
	ck_assert_ptr_null(strstr(out, "e50"));
	free(out);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_diag_long_line_and_garbage)
{
	char text[1200], *out, *nl;
	struct wf_diag d;
	int i;

	for (i = 0; i < 1000; i++)
		text[i] = (char)('a' + i % 26);
	text[5] = '\x01';
	text[1000] = '\n';
	wf_diag_init(&d);
	wf_diag_source(&d, "long", text, 1001);
	wf_diag_error(&d, "long", 1, 3, "near the start");
	wf_diag_error(&d, "long", 1, 900, "far right");
	out = tu_diag_text(&d);
	/* near the start: the first 200 bytes then "...", the control byte shown as '?' */
	nl = strchr(out, '\n');
	ck_assert_int_eq(strncmp(nl + 1, "  abcde?ghij", 12), 0);
	nl = strchr(nl + 1, '\n');
	ck_assert_int_eq(nl - strchr(out, '\n') - 1, 2 + 200 + 3);
	ck_assert_int_eq(strncmp(nl + 1, "    ^\n", 6), 0);
	/* far right: a window around the column, cut on both sides, caret under column 900 */
	nl = strstr(out, "far right\n") + strlen("far right\n");
	ck_assert_int_eq(strncmp(nl, "  ...", 5), 0);
	ck_assert_int_eq(nl[5], text[899 - 100]);
	nl = strchr(nl, '\n') + 1;
	ck_assert_int_eq((int)(strchr(nl, '^') - nl), 2 + 3 + 100);
	free(out);
	wf_diag_fini(&d);
}
END_TEST

static Suite *
units_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc;

#define ADD(name, fn) tc = tcase_create(name); tcase_add_test(tc, fn); suite_add_tcase(s, tc)
	ADD("duration-good", test_duration_good);
	ADD("duration-bad", test_duration_bad);
	ADD("rate", test_rate);
	ADD("number", test_number);
	ADD("count-probability", test_count_probability);
	ADD("units", test_units);
	ADD("days", test_days);
	ADD("hours", test_hours);
	ADD("datetime", test_datetime);
	ADD("datetime-roundtrip", test_datetime_roundtrip);
	ADD("diag-sorted-caret", test_diag_sorted_with_caret);
	ADD("diag-cap", test_diag_cap);
	ADD("diag-long-line", test_diag_long_line_and_garbage);
#undef ADD
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(units_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
