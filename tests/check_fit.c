/* Tests of `wfsim fit`'s parts: the maximum-likelihood fits recover known parameters from
 * large samples drawn with GSL (tolerances: four standard errors from the Fisher
 * information), AIC picks the family the data came from, the quality report counts exactly
 * the defects injected into a small log, times parse as documented, and the draft model of
 * a log loads. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include "wfsim/fit.h"
#include "wfsim/model.h"
#include "testutil.h"

#define N_DRAWS 50000

enum { EXP, LOGN, GAM, WEIB, MIX };

/* n durations from a family, into d, with fixed seeds. */
static void
draw(struct wf_fit_durations *d, int fam, double a, double b, long n, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	long i;

	gsl_rng_set(r, seed);
	wf_fit_durations_init(d);
	for (i = 0; i < n; i++) {
		double x;

		switch (fam) {
		case EXP: x = gsl_ran_exponential(r, a); break;
		case LOGN: x = gsl_ran_lognormal(r, a, b); break;
		case GAM: x = gsl_ran_gamma(r, a, b); break;
		case WEIB: x = gsl_ran_weibull(r, b, a); break;	/* GSL: scale, then shape */
		default: x = gsl_rng_uniform(r) < 0.5 ? gsl_ran_gaussian(r, 0.5) + 5 :
			     gsl_ran_gaussian(r, 5) + 60;
			 x = fabs(x);
			 break;
		}
		wf_fit_durations_add(d, wf_fit_sample_key(7, (uint64_t)i), x);
	}
	wf_fit_durations_finish(d);
	gsl_rng_free(r);
}

START_TEST(test_mle_exponential)
{
	struct wf_fit_durations d;
	struct wf_fit_result r;
	const double mean = 10, se = mean / sqrt(N_DRAWS);

	draw(&d, EXP, mean, 0, N_DRAWS, 11);
	wf_fit_durations(&d, &r);
	ck_assert(r.c[WF_FIT_EXPONENTIAL].ok);
	ck_assert_double_eq_tol(r.c[WF_FIT_EXPONENTIAL].p1, mean, 4 * se);
	/* exponential is gamma and Weibull of shape 1: AIC may prefer either by chance (the
	 * likelihood-ratio statistic exceeds 2 with probability 0.16), but then with a shape
	 * within four standard errors of 1 (Fisher: var k = k / (n (k psi'(k) - 1)) for gamma,
	 * 0.608 k^2 / m for Weibull on the m-sample) */
	ck_assert_int_ge(r.best, 0);
	if (r.best == WF_FIT_GAMMA)
		ck_assert_double_eq_tol(r.c[WF_FIT_GAMMA].p1, 1,
					4 * sqrt(1 / (N_DRAWS * (gsl_sf_psi_1(1) - 1))));
	else if (r.best == WF_FIT_WEIBULL)
		ck_assert_double_eq_tol(r.c[WF_FIT_WEIBULL].p1, 1, 4 * 0.78 / sqrt(WF_FIT_SAMPLE));
	else
		ck_assert_int_eq(r.best, WF_FIT_EXPONENTIAL);
	ck_assert(r.fits);
	wf_fit_durations_fini(&d);
}
END_TEST

START_TEST(test_mle_lognormal)
{
	struct wf_fit_durations d;
	struct wf_fit_result r;
	const double mu = 3, sigma = 0.8;

	draw(&d, LOGN, mu, sigma, N_DRAWS, 12);
	wf_fit_durations(&d, &r);
	/* se(mu) = sigma / sqrt(n), se(sigma) = sigma / sqrt(2n) */
	ck_assert_double_eq_tol(r.c[WF_FIT_LOGNORMAL].p1, mu, 4 * sigma / sqrt(N_DRAWS));
	ck_assert_double_eq_tol(r.c[WF_FIT_LOGNORMAL].p2, sigma, 4 * sigma / sqrt(2.0 * N_DRAWS));
	ck_assert_int_eq(r.best, WF_FIT_LOGNORMAL);
	ck_assert(r.fits);
	wf_fit_durations_fini(&d);
}
END_TEST

START_TEST(test_mle_gamma)
{
	struct wf_fit_durations d;
	struct wf_fit_result r;
	const double k = 2, theta = 20;
	double se_k = sqrt(k / (N_DRAWS * (k * gsl_sf_psi_1(k) - 1)));
	double se_mean = sqrt(k) * theta / sqrt(N_DRAWS);

	draw(&d, GAM, k, theta, N_DRAWS, 13);
	wf_fit_durations(&d, &r);
	ck_assert_double_eq_tol(r.c[WF_FIT_GAMMA].p1, k, 4 * se_k);
	ck_assert_double_eq_tol(r.c[WF_FIT_GAMMA].p1 * r.c[WF_FIT_GAMMA].p2, k * theta, 4 * se_mean);
	ck_assert_int_eq(r.best, WF_FIT_GAMMA);
	ck_assert(r.fits);
	wf_fit_durations_fini(&d);
}
END_TEST

START_TEST(test_mle_weibull)
{
	struct wf_fit_durations d;
	struct wf_fit_result r;
	const double k = 3, lambda = 30;
	/* on the reservoir of m: var k = 0.608 k^2 / m, var lambda = 1.109 lambda^2 / (k^2 m) */
	const double m = WF_FIT_SAMPLE;

	draw(&d, WEIB, k, lambda, N_DRAWS, 14);
	ck_assert_uint_eq(d.n_sample, WF_FIT_SAMPLE);
	wf_fit_durations(&d, &r);
	ck_assert_double_eq_tol(r.c[WF_FIT_WEIBULL].p1, k, 4 * sqrt(0.608 * k * k / m));
	ck_assert_double_eq_tol(r.c[WF_FIT_WEIBULL].p2, lambda, 4 * sqrt(1.109 * lambda * lambda / (k * k * m)));
	ck_assert_int_eq(r.best, WF_FIT_WEIBULL);
	ck_assert(r.fits);
	wf_fit_durations_fini(&d);
}
END_TEST

START_TEST(test_nothing_fits)
{
	struct wf_fit_durations d;
	struct wf_fit_result r;

	draw(&d, MIX, 0, 0, 5000, 15);	/* two humps, 5 and 60 minutes */
	wf_fit_durations(&d, &r);
	ck_assert_int_ge(r.best, 0);
	ck_assert(!r.fits);
	ck_assert_double_gt(r.c[r.best].ks, r.ks_critical);
	wf_fit_durations_fini(&d);
}
END_TEST

START_TEST(test_quantile)
{
	const double x[] = { 1, 2, 3, 4 };

	ck_assert_double_eq(wf_fit_quantile(x, 4, 0), 1);
	ck_assert_double_eq(wf_fit_quantile(x, 4, 1), 4);
	ck_assert_double_eq_tol(wf_fit_quantile(x, 4, 0.5), 2.5, 1e-12);
}
END_TEST

START_TEST(test_time)
{
	double t;

	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00:00", NULL, 0, &t), 0);
	ck_assert_double_eq(t, 1767607200);
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05 10:00", NULL, 60, &t), 0);
	ck_assert_double_eq(t, 1767607200 + 3600);	/* no zone: UTC, moved to the clock */
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00:00+01:00", NULL, 0, &t), 0);
	ck_assert_double_eq(t, 1767607200 - 3600);
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00:00+01:00", NULL, 60, &t), 0);
	ck_assert_double_eq(t, 1767607200);
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00Z", NULL, 60, &t), 0);
	ck_assert_double_eq(t, 1767607200 + 3600);
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00:00-0530", NULL, 0, &t), 0);
	ck_assert_double_eq(t, 1767607200 + 5.5 * 3600);
	ck_assert_int_eq(wf_fit_parse_time("05/01/2026 10:00", "%d/%m/%Y %H:%M", 0, &t), 0);
	ck_assert_double_eq(t, 1767607200);
	ck_assert_int_eq(wf_fit_parse_time("05/01/2026 10:00", "%d/%m/%Y %H:%M", -60, &t), 0);
	ck_assert_double_eq(t, 1767607200 - 3600);
	ck_assert_int_eq(wf_fit_parse_time("2026-02-30T00:00", NULL, 0, &t), -1);
	ck_assert_int_eq(wf_fit_parse_time("yesterday", NULL, 0, &t), -1);
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00+25:00", NULL, 0, &t), -1);
	ck_assert_int_eq(wf_fit_parse_time("2026-01-05T10:00:00x", NULL, 0, &t), -1);
	ck_assert_int_eq(wf_fit_parse_time("05/01/2026", "%d/%m/%Y %H:%M", 0, &t), -1);
}
END_TEST

/* ---------- the quality report on a log with one of each defect ---------- */

struct logfile {
	char path[64];
	FILE *fp;
	long line;
};

static void
lf_open(struct logfile *f, const char *header)
{
	int fd;

	strcpy(f->path, "/tmp/check_fit_XXXXXX");
	fd = mkstemp(f->path);
	ck_assert_int_ge(fd, 0);
	f->fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f->fp);
	fprintf(f->fp, "%s\n", header);
	f->line = 1;
}

/* Writes a row and returns its line number. */
static long
lf_row(struct logfile *f, const char *row)
{
	fprintf(f->fp, "%s\n", row);
	return ++f->line;
}

/* One clean case i: a on r (8-12 min from 09:00 on day i), then b on s (20 min). */
static void
clean_case(struct logfile *f, int id, int day)
{
	char row[256];
	int m = 8 + id % 5;

	snprintf(row, sizeof(row), "%d,a,r,2026-01-%02dT09:00,2026-01-%02dT09:%02d,%s,x%d", id,
		 day, day, m, id % 3 ? "web" : "phone", id);
	lf_row(f, row);
	snprintf(row, sizeof(row), "%d,b,s,2026-01-%02dT10:00,2026-01-%02dT10:20,%s,y%d", id, day,
		 day, id % 3 ? "web" : "phone", id);
	lf_row(f, row);
}

static void
expect(const struct wf_fit_log *log, enum wf_fit_problem p, long count, const long *lines)
{
	const struct wf_fit_count *c = &log->problems[p];
	long k;

	ck_assert_msg(c->count == count, "%s: %ld, expected %ld", wf_fit_problem_name(p), c->count,
		      count);
	for (k = 0; k < count && k < WF_FIT_EXAMPLES; k++)
		ck_assert_msg(c->lines[k] == lines[k], "%s: example %ld is line %ld, expected %ld",
			      wf_fit_problem_name(p), k, c->lines[k], lines[k]);
}

START_TEST(test_quality_counts)
{
	struct logfile f;
	struct wf_fit_options o;
	struct wf_fit_log log;
	char err[512];
	long unparseable, missing, noact, before, dup, overlap, open[2], order[2], outlier, wrong;
	int i;

	lf_open(&f, "case_id,activity,resource,start,end,channel,note");
	for (i = 1; i <= 30; i++)
		clean_case(&f, i, 1 + i % 28);
	unparseable = lf_row(&f, "101,a,r,2026-13-45T09:00,2026-01-05T09:10,web,n");
	lf_row(&f, "101,b,s,2026-01-05T10:00,2026-01-05T10:20,web,n");
	missing = lf_row(&f, ",a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	lf_row(&f, "102,a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	before = lf_row(&f, "102,b,s,2026-01-05T10:00,2026-01-05T09:20,web,n");
	lf_row(&f, "103,a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	dup = lf_row(&f, "103,a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	lf_row(&f, "103,b,s,2026-01-05T10:00,2026-01-05T10:20,web,n");
	lf_row(&f, "104,a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	overlap = lf_row(&f, "104,a,r,2026-01-05T09:05,2026-01-05T09:15,web,n");
	lf_row(&f, "104,b,s,2026-01-05T10:00,2026-01-05T10:20,web,n");
	open[0] = lf_row(&f, "105,a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	open[1] = lf_row(&f, "105,b,s,2026-01-05T10:00,,web,n");
	lf_row(&f, "106,a,r,2026-01-05T09:00,2026-01-05T09:10,web,n");
	order[0] = lf_row(&f, "106,b,s,2026-01-05T08:00,2026-01-05T08:20,web,n");
	lf_row(&f, "107,a,r,2026-01-06T09:00,2026-01-06T09:10,phone,n");
	lf_row(&f, "107,b,s,2026-01-06T10:00,2026-01-06T10:20,phone,n");
	lf_row(&f, "108,a,r,2026-01-06T09:00,2026-01-06T09:10,phone,n");
	lf_row(&f, "108,b,s,2026-01-06T10:00,2026-01-06T10:20,phone,n");
	/* 107 comes back after 108: its rows join it (a log sorted by time interleaves cases),
	 * and this one starts before the rows above it in the case */
	order[1] = lf_row(&f, "107,b,s,2026-01-06T08:00,2026-01-06T08:20,phone,n");
	outlier = lf_row(&f, "109,a,r,2026-01-07T09:00,2026-01-11T13:00,web,n");
	lf_row(&f, "109,b,s,2026-01-11T14:00,2026-01-11T14:20,web,n");
	wrong = lf_row(&f, "110,a,r,2026-01-07T09:00,2026-01-07T09:10,web");
	noact = lf_row(&f, "111,,r,2026-01-07T09:00,2026-01-07T09:10,web,n");
	lf_row(&f, "111,b,s,2026-01-07T10:00,2026-01-07T10:20,web,n");
	ck_assert_int_eq(fclose(f.fp), 0);

	wf_fit_options_init(&o);
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), 0);
	ck_assert_int_eq(log.rows, 85);
	ck_assert_int_eq(log.rows_used, 73);
	ck_assert_int_eq(log.cases, 40);	/* 107 coming back is the same case */
	ck_assert_int_eq(log.cases_used, 32);
	expect(&log, WF_FIT_UNPARSEABLE_TIME, 1, &unparseable);
	expect(&log, WF_FIT_MISSING_CASE_ID, 1, &missing);
	expect(&log, WF_FIT_MISSING_ACTIVITY, 1, &noact);
	expect(&log, WF_FIT_END_BEFORE_START, 1, &before);
	expect(&log, WF_FIT_DUPLICATE_EVENT, 1, &dup);
	expect(&log, WF_FIT_OVERLAPPING_SAME_RESOURCE, 1, &overlap);
	expect(&log, WF_FIT_OPEN_CASE, 2, open);
	expect(&log, WF_FIT_OUT_OF_ORDER, 2, order);
	expect(&log, WF_FIT_OUTLIER_DURATION, 1, &outlier);
	expect(&log, WF_FIT_TIMEZONE_SUSPECT, 0, NULL);
	expect(&log, WF_FIT_WRONG_FIELD_COUNT, 1, &wrong);
	ck_assert_int_eq(log.problems[WF_FIT_UNKNOWN_COLUMNS].count, 1);
	ck_assert_uint_eq(log.n_unknown, 1);
	ck_assert_str_eq(log.unknown[0], "note");
	ck_assert_uint_eq(log.n_attrs, 1);
	ck_assert_str_eq(log.attrs[0].name, "channel");
	/* the outlier and the rows with problems are not in the durations: a's are 8-12 min */
	ck_assert_double_le(log.acts[0].dur.max, 12 * 60);
	{
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		struct wf_model *m;

		wf_fit_model_write(mem, &log);
		ck_assert_int_eq(fclose(mem), 0);
		m = tu_load_text(text);
		ck_assert_uint_eq(m->n_steps, 2);	/* the empty activity is in no clean case */
		ck_assert_uint_eq(m->n_resources, 2);
		wf_model_free(m);
		free(text);
	}
	wf_fit_log_fini(&log);
	unlink(f.path);
}
END_TEST

START_TEST(test_timezone_suspect)
{
	struct logfile f;
	struct wf_fit_options o;
	struct wf_fit_log log;
	char err[512], row[256];
	long first[WF_FIT_EXAMPLES];
	int i;

	/* office work logged in UTC from UTC+9: it all starts between 00:00 and 08:00 */
	lf_open(&f, "case_id,activity,resource,start,end");
	for (i = 0; i < 40; i++) {
		snprintf(row, sizeof(row), "%d,a,r,2026-01-%02dT%02d:00,2026-01-%02dT%02d:30", i,
			 5 + i % 5, i % 8, 5 + i % 5, i % 8);
		lf_row(&f, row);
	}
	ck_assert_int_eq(fclose(f.fp), 0);
	/* starts before 06:00: hours 0-5 of each 8, 30 of the 40 rows (lines 2-7, 10-15 ...) */
	for (i = 0; i < WF_FIT_EXAMPLES; i++)
		first[i] = 2 + i;
	wf_fit_options_init(&o);
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), 0);
	expect(&log, WF_FIT_TIMEZONE_SUSPECT, 30, first);
	ck_assert_int_eq(log.rows_used, 40);	/* a warning: the rows stay in */
	wf_fit_log_fini(&log);
	/* read on the right clock, the same log is daytime work */
	o.tz_minutes = 9 * 60;
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), 0);
	expect(&log, WF_FIT_TIMEZONE_SUSPECT, 0, NULL);
	wf_fit_log_fini(&log);
	unlink(f.path);
}
END_TEST

START_TEST(test_fatal)
{
	struct logfile f;
	struct wf_fit_options o;
	struct wf_fit_log log;
	char err[512];

	wf_fit_options_init(&o);
	lf_open(&f, "case,activity,start,end");
	lf_row(&f, "1,a,2026-01-05T09:00,2026-01-05T09:10");
	ck_assert_int_eq(fclose(f.fp), 0);
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: error: no column 'case_id' for the case id (name it "
				 "with --case COLUMN); the header has: 'case', 'activity', 'start', 'end'"));
	wf_fit_log_fini(&log);
	o.col_case = "case";
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), 0);
	ck_assert_int_eq(log.rows_used, 1);
	wf_fit_log_fini(&log);
	unlink(f.path);

	wf_fit_options_init(&o);
	lf_open(&f, "case_id,activity,start,end");
	lf_row(&f, "1,a,2026-01-05T09:00,2026-01-05T09:10");
	lf_row(&f, "2,\"a,2026-01-05T09:00,2026-01-05T09:10");
	ck_assert_int_eq(fclose(f.fp), 0);
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":3: error: a quoted field is never closed"));
	wf_fit_log_fini(&log);
	unlink(f.path);

	/* RFC 4180: commas, quotes and line breaks inside quotes; CRLF line ends */
	lf_open(&f, "case_id,activity,start,end\r");
	fputs("\"1\",\"a, \"\"the first\"\"\r\nstep\",2026-01-05T09:00,2026-01-05T09:10\r\n", f.fp);
	fputs("1,b,2026-01-05T09:10,2026-01-05T09:20\r\n", f.fp);
	ck_assert_int_eq(fclose(f.fp), 0);
	ck_assert_int_eq(wf_fit_log_read(f.path, &o, &log, err, sizeof(err)), 0);
	ck_assert_int_eq(log.rows_used, 2);
	ck_assert_uint_eq(log.n_acts, 2);
	ck_assert_str_eq(log.acts[0].name, "a, \"the first\"\r\nstep");
	wf_fit_log_fini(&log);
	unlink(f.path);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "mle-exponential", test_mle_exponential },
		{ "mle-lognormal", test_mle_lognormal },
		{ "mle-gamma", test_mle_gamma },
		{ "mle-weibull", test_mle_weibull },
		{ "nothing-fits", test_nothing_fits },
		{ "quantile", test_quantile },
		{ "time", test_time },
		{ "quality-counts", test_quality_counts },
		{ "timezone-suspect", test_timezone_suspect },
		{ "fatal", test_fatal },
	};

	return tu_run("fit", tests, sizeof(tests) / sizeof(tests[0]), 60);
}
