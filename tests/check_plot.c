/* Tests of the plots and the HTML report, on a comparison filled by hand with figures like a
 * support desk's (as-is cycle time about 10 h, to-be about 3 h): files appear whole, model
 * names cannot break a gnuplot script or the page, and a missing gnuplot is said plainly. */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "wfsim/figures.h"
#include "wfsim/gnuplot.h"
#include "wfsim/plot.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

#define NREP 30
#define T975_29 2.0452296421327034	/* Student t, 0.975 quantile, 29 degrees of freedom */


static void
summ(struct wf_summary *s, const double *x, size_t stride, size_t n)
{
	double m = 0, v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		m += x[i * stride];
	m /= n;
	for (i = 0; i < n; i++)
		v += (x[i * stride] - m) * (x[i * stride] - m);
	v /= n - 1;
	s->mean = m;
	s->sd = sqrt(v);
	s->ci95 = T975_29 * s->sd / sqrt((double)n);
	s->n = n;
}

static void
item(struct wf_item *it, const char *id, int machine, double a, double b, double c)
{
	it->id = wf_xstrdup(id);
	it->is_machine = machine;
	it->s[0].mean = a;
	it->s[0].ci95 = 0.02 * a;
	it->s[1].mean = b;
	it->s[1].ci95 = 0.05 * b;
	it->s[2].mean = c;
	it->s[2].ci95 = 0.03 * c;
	it->s[0].n = it->s[1].n = it->s[2].n = NREP;
}

/* One run in minutes with mean cycle time `ct` and per-replication noise from `r`. */
static void
fill_run(struct wf_run *run, const char *name, double ct, double touch, int tobe, gsl_rng *r)
{
	long i;
	int m;

	memset(run, 0, sizeof *run);
	run->model_name = wf_xstrdup(name);
	run->model_file = wf_xstrdup(tobe ? "models/support-tobe.yaml" : "models/support-asis.yaml");
	run->time_unit = wf_xstrdup("minutes");
	run->unit_minutes = 1;
	run->horizon = 30 * 1440;
	run->warmup = 2 * 1440;
	run->replications = NREP;
	run->seed = 20261125;
	run->has_sla = 1;
	run->rep = wf_xcalloc(NREP * WF_M_COUNT, sizeof *run->rep);
	for (i = 0; i < NREP; i++) {
		double *x = run->rep + i * WF_M_COUNT;
		double c = ct * (1 + 0.04 * gsl_ran_gaussian(r, 1));

		x[WF_M_CASES_ARRIVED] = 6720 + gsl_ran_gaussian(r, 80);
		x[WF_M_CASES_COMPLETED] = x[WF_M_CASES_ARRIVED] - (tobe ? 30 : 100);
		x[WF_M_CASES_IN_PROGRESS] = tobe ? 30 : 100;
		x[WF_M_THROUGHPUT_PER_DAY] = x[WF_M_CASES_COMPLETED] / 28;
		x[WF_M_CYCLE_TIME_MEAN] = c;
		x[WF_M_CYCLE_TIME_P50] = 0.69 * c;
		x[WF_M_CYCLE_TIME_P90] = 2.3 * c;
		x[WF_M_CYCLE_TIME_P95] = 3.0 * c;
		x[WF_M_WAIT_TIME_MEAN] = c - touch;
		x[WF_M_TOUCH_TIME_MEAN] = touch * (1 + 0.02 * gsl_ran_gaussian(r, 1));
		x[WF_M_AUTONOMOUS_RATE] = tobe ? 0.35 + 0.01 * gsl_ran_gaussian(r, 1) : 0;
		x[WF_M_ESCALATION_RATE] = (tobe ? 0.08 : 0.15) + 0.005 * gsl_ran_gaussian(r, 1);
		x[WF_M_REWORK_RATE] = (tobe ? 0.05 : 0.12) + 0.005 * gsl_ran_gaussian(r, 1);
		x[WF_M_EXCEPTION_RATE] = 0.02;
		x[WF_M_TIMEOUT_RATE] = 0;
		x[WF_M_ESCAPED_ERROR_RATE] = (tobe ? 0.012 : 0.02) + 0.002 * gsl_ran_gaussian(r, 1);
		x[WF_M_SLA_ATTAINMENT] = (tobe ? 0.93 : 0.55) + 0.01 * gsl_ran_gaussian(r, 1);
		x[WF_M_COST_PER_CASE] = tobe ? 14 : 26;
	}
	for (m = 0; m < WF_M_COUNT; m++)
		summ(&run->metric[m], run->rep + m, WF_M_COUNT, NREP);
	/* Exponential-like cycle times: quantile p is -mean ln(1 - p); the top one at 99.9%. */
	for (i = 0; i < WF_CDF_POINTS; i++) {
		double p = i == WF_CDF_POINTS - 1 ? 0.999 : i / 100.0;

		run->cycle_cdf[i] = -ct * log(1 - p);
	}
	/* Work in progress by Little's law at 10 cases an hour, with a daily swing: the backlog
	 * builds overnight. */
	for (i = 0; i < WF_WIP_SAMPLES; i++) {
		double day = run->horizon * i / (WF_WIP_SAMPLES - 1) / 1440;
		double w = (ct / 60) * 10 * (1 + 0.4 * sin(2 * M_PI * day)) * (1 - exp(-day * 3));

		run->wip_mean[i] = w;
		run->wip_lo[i] = 0.8 * w;
		run->wip_hi[i] = 1.25 * w;
	}
	run->n_steps = 4;
	run->steps = wf_xcalloc(4, sizeof *run->steps);
	item(&run->steps[0], "intake", 0, 1, tobe ? 5 : 60, 4);
	item(&run->steps[1], tobe ? "ai triage" : "triage", 0, 1, tobe ? 0 : 120, tobe ? 1 : 8);
	item(&run->steps[2], "resolve", 0, tobe ? 0.6 : 0.9, tobe ? 90 : 280, 25);
	item(&run->steps[3], "review", 0, tobe ? 0.3 : 0.5, tobe ? 30 : 120, 10);
	run->n_resources = 3;
	run->resources = wf_xcalloc(3, sizeof *run->resources);
	item(&run->resources[0], "agents", 0, tobe ? 0.61 : 0.92, 3, 900);
	item(&run->resources[1], "specialists", 0, tobe ? 0.55 : 0.78, 1, 400);
	item(&run->resources[2], tobe ? "triage bot" : "supervisors", tobe, tobe ? 0.12 : 0.66, 0, 100);
	run->n_outcomes = 2;
	run->outcomes = wf_xcalloc(2, sizeof *run->outcomes);
	item(&run->outcomes[0], "done", 0, 1, 0, 0);
	item(&run->outcomes[1], "loop_limit", 0, 0, 0, 0);
	run->arrivals_per_day = 240;
	run->max_per_day = tobe ? 420 : 260;
	run->has_economics = tobe;
	run->one_off = 40000;
	run->per_month = 1500;
	run->currency = wf_xstrdup("EUR");
}

static void
free_items(struct wf_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].id);
	free(v);
}

static void
free_run(struct wf_run *run)
{
	free(run->model_name);
	free(run->model_file);
	free(run->time_unit);
	free(run->rep);
	free(run->currency);
	free_items(run->steps, run->n_steps);
	free_items(run->resources, run->n_resources);
	free_items(run->outcomes, run->n_outcomes);
}

static void
fill(struct wf_comparison *c, const char *asis, const char *tobe)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int m;

	gsl_rng_set(r, 20261125);
	memset(c, 0, sizeof *c);
	fill_run(&c->as_is, asis, 600, 45, 0, r);
	fill_run(&c->to_be, tobe, 180, 27, 1, r);
	c->common_random_numbers = 1;
	for (m = 0; m < WF_M_COUNT; m++) {
		double d[NREP];
		long i;

		for (i = 0; i < NREP; i++)
			d[i] = c->to_be.rep[i * WF_M_COUNT + m] - c->as_is.rep[i * WF_M_COUNT + m];
		summ(&c->diff[m], d, 1, NREP);
		c->relative[m] = c->as_is.metric[m].mean != 0 ?
			c->diff[m].mean / c->as_is.metric[m].mean : NAN;
		c->significant[m] = fabs(c->diff[m].mean) > c->diff[m].ci95;
	}
	gsl_rng_free(r);
}

static void
single(struct wf_comparison *c, const char *name)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(r, 7);
	memset(c, 0, sizeof *c);
	fill_run(&c->to_be, name, 180, 27, 1, r);
	gsl_rng_free(r);
}

static void
fini(struct wf_comparison *c)
{
	free_run(&c->as_is);
	free_run(&c->to_be);
}

/* ---- helpers ---- */

static char *
tmpdir(void)
{
	char *d = wf_xstrdup("/tmp/check_plot.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
rmrf(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = wf_xasprintf("%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rmrf(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = wf_xmalloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

static char *
slurp_in(const char *dir, const char *name)
{
	char *p = wf_xasprintf("%s/%s", dir, name);
	char *s = slurp(p);

	free(p);
	return s;
}

static long
file_size(const char *dir, const char *name)
{
	char *p = wf_xasprintf("%s/%s", dir, name);
	struct stat st;
	long n = stat(p, &st) == 0 ? (long)st.st_size : -1;

	free(p);
	return n;
}

/* Files whose name starts with a dot: temporary files left behind. */
static int
leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static int have_gnuplot;

/* ---- tests ---- */

START_TEST(test_files_of_a_comparison)
{
	struct wf_comparison c;
	char *dir = tmpdir(), *sub = wf_xasprintf("%s/a/b", dir), err[512];
	size_t i;
	int rc;

	fill(&c, "Support desk, as-is", "Support desk, to-be");
	rc = wf_plot_all(&c, sub, err, sizeof err);
	if (have_gnuplot)
		ck_assert_msg(rc == 0, "wf_plot_all: %s", err);
	/* every figure of a comparison in the one list of figures (sweeps have their own) */
	for (i = 0; i < wf_n_figures; i++) {
		const char *name = wf_figures[i].name;
		char *n;

		if (wf_figures[i].when == WF_FIG_SWEEP || wf_figures[i].when == WF_FIG_SWEEP_GRID)
			continue;
		n = wf_xasprintf("%s.dat", name);

		ck_assert_msg(file_size(sub, n) > 0, "%s missing", n);
		free(n);
		n = wf_xasprintf("%s.gp", name);
		ck_assert_msg(file_size(sub, n) > 0, "%s missing", n);
		free(n);
		if (have_gnuplot) {
			char *png, *svg;

			n = wf_xasprintf("%s.png", name);
			png = slurp_in(sub, n);
			ck_assert_msg(png != NULL && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0,
				      "%s is not a PNG", n);
			free(png);
			free(n);
			n = wf_xasprintf("%s.svg", name);
			svg = slurp_in(sub, n);
			ck_assert_msg(svg != NULL && strstr(svg, "<svg") != NULL &&
				      strstr(svg, "</svg>") != NULL, "%s is not a whole SVG", n);
			/* Standalone: no scripts and no links to fetch. */
			ck_assert_ptr_null(strstr(svg, "<script"));
			ck_assert_ptr_null(strstr(svg, "href=\"http"));
			ck_assert_ptr_null(strstr(svg, "href='http"));
			free(svg);
			free(n);
		}
	}
	ck_assert_int_eq(leftovers(sub), 0);
	fini(&c);
	rmrf(dir);
	free(dir);
	free(sub);
}
END_TEST

START_TEST(test_titles_tell_the_story)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *gp, want[128];

	fill(&c, "As-is", "To-be");
	wf_plot_all(&c, dir, err, sizeof err);
	/* The title quotes the reported p90s (about 2.3 times the mean cycle times of 180 and
	 * 600 min): the cycle time of 10 h picks hours as the unit. */
	gp = slurp_in(dir, "cycle-time.gp");
	ck_assert_ptr_nonnull(gp);
	{
		char t1[32], t2[32];

		/* in the tables' words */
		wf_format_time(c.to_be.metric[WF_M_CYCLE_TIME_P90].mean, 1, t1, sizeof t1);
		wf_format_time(c.as_is.metric[WF_M_CYCLE_TIME_P90].mean, 1, t2, sizeof t2);
		ck_assert_ptr_nonnull(strstr(t1, " h"));
		snprintf(want, sizeof want, "90%% of cases done within %s, was %s", t1, t2);
	}
	ck_assert_msg(strstr(gp, want) != NULL, "no \"%s\" in cycle-time.gp", want);
	ck_assert_ptr_nonnull(strstr(gp, "cycle time (hours"));
	free(gp);
	gp = slurp_in(dir, "time-saved.gp");
	ck_assert_ptr_nonnull(gp);
	ck_assert_ptr_nonnull(strstr(gp, "Time saved per case: 7.0 h (95% CI 6.9 h to 7.1 h)"));
	ck_assert_ptr_nonnull(strstr(gp, "saved in 30 of 30 replications"));
	free(gp);
	gp = slurp_in(dir, "utilization.gp");
	ck_assert_ptr_nonnull(gp);
	ck_assert_ptr_nonnull(strstr(gp, "busiest to-be resource is agents at 61% (as-is 92%)"));
	ck_assert_ptr_nonnull(strstr(gp, "'triage bot (machine)'"));
	free(gp);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

/* The curve pools every replication's cycle times, but its title and labels quote the p50
 * and p90 of the tables and the JSON (the mean of the replications' percentiles): set apart
 * from the curve's (to-be p90 6.9 h, p50 2.1 h; as-is p90 23.0 h), they must show. */
START_TEST(test_cycle_labels_quote_reported)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *gp, *dat;

	fill(&c, "As-is", "To-be");
	c.to_be.metric[WF_M_CYCLE_TIME_P90].mean = 8 * 60;
	c.to_be.metric[WF_M_CYCLE_TIME_P50].mean = 1.5 * 60;
	c.as_is.metric[WF_M_CYCLE_TIME_P90].mean = 25 * 60;
	wf_plot_all(&c, dir, err, sizeof err);
	gp = slurp_in(dir, "cycle-time.gp");
	ck_assert_ptr_nonnull(gp);
	/* the numbers as the tables print them (wf_format_time), at the reported values */
	ck_assert_msg(strstr(gp, "90% of cases done within 8 h, was 25 h") != NULL,
		      "title does not quote the reported p90s");
	ck_assert_ptr_nonnull(strstr(gp, "\nb_p90 = 8\nb_p90_label = 'p90 8 h'\n"));
	ck_assert_ptr_nonnull(strstr(gp, "\nb_p50 = 1.5\nb_p50_label = 'p50 90 min'\n"));
	ck_assert_ptr_nonnull(strstr(gp, "\na_p90 = 25\na_p90_label = 'p90 25 h'\n"));
	ck_assert_ptr_null(strstr(gp, "p90 6.9"));
	free(gp);
	/* The curve itself stays pooled: its 90% point is the to-be's 180 ln 10 min. */
	dat = slurp_in(dir, "cycle-time.dat");
	ck_assert_ptr_nonnull(dat);
	ck_assert_ptr_nonnull(strstr(dat, "6.907755"));
	free(dat);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_union_of_resources_leaves_gaps)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *dat, *line;

	fill(&c, "As-is", "To-be");
	wf_plot_all(&c, dir, err, sizeof err);
	dat = slurp_in(dir, "utilization.dat");
	ck_assert_ptr_nonnull(dat);
	/* supervisors only as-is, the triage bot only to-be: 4 rows, each with a gap; the bot
	 * comes after specialists, the to-be resource before it. */
	line = strstr(dat, "# supervisors");
	ck_assert_ptr_nonnull(line);
	while (line > dat && line[-1] != '\n')
		line--;
	ck_assert_msg(strncmp(line, "3 66 ", 5) == 0, "supervisors row: %.40s", line);
	ck_assert_ptr_nonnull(strstr(line, "NaN NaN  # supervisors"));
	line = strstr(dat, "# triage bot");
	ck_assert_ptr_nonnull(line);
	while (line > dat && line[-1] != '\n')
		line--;
	ck_assert_msg(strncmp(line, "2 NaN NaN 12 ", 13) == 0, "triage bot row: %.40s", line);
	/* Steps: "ai triage" (to-be only) sits after intake, where the to-be has it. */
	free(dat);
	dat = slurp_in(dir, "where-time-goes.dat");
	ck_assert_ptr_nonnull(dat);
	ck_assert_ptr_nonnull(strstr(dat, "\n1 NaN NaN "));
	line = strstr(dat, "\n1 NaN NaN ");
	ck_assert_ptr_nonnull(strstr(line, "# ai triage\n2 "));
	free(dat);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_single_run)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *gp;
	int rc;

	single(&c, "Support desk, to-be");
	rc = wf_plot_all(&c, dir, err, sizeof err);
	if (have_gnuplot) {
		ck_assert_msg(rc == 0, "wf_plot_all: %s", err);
		ck_assert_int_gt(file_size(dir, "cycle-time.png"), 0);
		ck_assert_int_gt(file_size(dir, "where-time-goes.svg"), 0);
	}
	ck_assert_int_eq(file_size(dir, "time-saved.dat"), -1);
	ck_assert_int_eq(file_size(dir, "time-saved.gp"), -1);
	ck_assert_int_eq(file_size(dir, "process.dat"), -1);
	gp = slurp_in(dir, "cycle-time.gp");
	ck_assert_ptr_nonnull(gp);
	/* only the to-be curve is drawn, keyed "model: NAME" */
	ck_assert_ptr_nonnull(strstr(gp, "\nhas_a = 0\n"));
	ck_assert_ptr_nonnull(strstr(gp, "\nkey_b = 'model: Support desk, to-be'\n"));
	ck_assert_ptr_nonnull(strstr(gp, "half within"));
	free(gp);
	ck_assert_int_eq(leftovers(dir), 0);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

/* A model name crafted to end a gnuplot string and run a command must stay text. */
START_TEST(test_gnuplot_escaping)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *gp;
	const char *evil = "Joe's desk'; system('touch pwned'); x='\n!touch pwned2 \"q\" \\";
	int rc;

	fill(&c, evil, "to-be \"50%\" {faster}_^@&");
	rc = wf_plot_all(&c, dir, err, sizeof err);
	if (have_gnuplot)
		ck_assert_msg(rc == 0, "wf_plot_all: %s", err);
	ck_assert_int_eq(file_size(dir, "pwned"), -1);
	ck_assert_int_eq(file_size(dir, "pwned2"), -1);
	gp = slurp_in(dir, "cycle-time.gp");
	ck_assert_ptr_nonnull(gp);
	/* quoted whole, and shortened for the key (60 characters, the last an ellipsis) */
	ck_assert_ptr_nonnull(strstr(gp, "'as-is: Joe''s desk''; system(''touch pwned''); x='' "
				     "!touch pwned\xe2\x80\xa6'"));
	free(gp);
	/* Names in data files are comments on one line. */
	gp = slurp_in(dir, "wip.dat");
	ck_assert_ptr_nonnull(strstr(gp, "# as-is: Joe's desk'; system('touch pwned'); x=' !touch"));
	free(gp);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

/* A to-be that completed no case and models without resources or steps: every figure is
 * still drawn (gnuplot fails on plots whose points are all undefined, so each says in words
 * what is missing). */
START_TEST(test_nothing_to_draw)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *gp, want[128];
	int m, i, rc;

	fill(&c, "As-is", "To-be");
	for (m = 0; m < WF_M_COUNT; m++)
		c.to_be.metric[m].mean = c.to_be.metric[m].ci95 = NAN;
	for (i = 0; i < NREP * WF_M_COUNT; i++)
		c.to_be.rep[i] = NAN;
	for (i = 0; i < WF_CDF_POINTS; i++)
		c.to_be.cycle_cdf[i] = NAN;
	free_items(c.as_is.resources, c.as_is.n_resources);
	free_items(c.to_be.resources, c.to_be.n_resources);
	free_items(c.as_is.steps, c.as_is.n_steps);
	free_items(c.to_be.steps, c.to_be.n_steps);
	c.as_is.resources = c.to_be.resources = c.as_is.steps = c.to_be.steps = NULL;
	c.as_is.n_resources = c.to_be.n_resources = c.as_is.n_steps = c.to_be.n_steps = 0;
	memset(c.diff, 0, sizeof c.diff);
	rc = wf_plot_all(&c, dir, err, sizeof err);
	if (have_gnuplot) {
		ck_assert_msg(rc == 0, "wf_plot_all: %s", err);
		ck_assert_int_gt(file_size(dir, "utilization.png"), 0);
		ck_assert_int_gt(file_size(dir, "time-saved.png"), 0);
	}
	gp = slurp_in(dir, "utilization.gp");
	ck_assert_ptr_nonnull(strstr(gp, "the model has no resources"));
	free(gp);
	gp = slurp_in(dir, "time-saved.gp");
	ck_assert_ptr_nonnull(strstr(gp, "not available"));
	free(gp);
	gp = slurp_in(dir, "cycle-time.gp");
	snprintf(want, sizeof want, "no to-be case completed; as-is 90%% within %.1f h",
		 c.as_is.metric[WF_M_CYCLE_TIME_P90].mean / 60);
	ck_assert_msg(strstr(gp, want) != NULL, "no \"%s\" in cycle-time.gp", want);
	free(gp);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_without_gnuplot)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512];
	char *path = getenv("PATH") ? wf_xstrdup(getenv("PATH")) : NULL;
	int rc;

	fill(&c, "As-is", "To-be");
	setenv("PATH", "/nonexistent", 1);
	ck_assert_int_eq(wf_plot_available(), 0);
	rc = wf_plot_all(&c, dir, err, sizeof err);
	if (path)
		setenv("PATH", path, 1);
	free(path);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err, "gnuplot is not installed: install it (apt-get install gnuplot-nox) "
			 "to draw plots; the .dat and .gp files were written, no pictures");
	ck_assert_int_gt(file_size(dir, "kpis.dat"), 0);
	ck_assert_int_gt(file_size(dir, "kpis.gp"), 0);
	ck_assert_int_eq(file_size(dir, "kpis.png"), -1);
	ck_assert_int_eq(leftovers(dir), 0);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

/* A gnuplot that fails: the error is reported with its message and no picture is left, whole
 * or partial. */
START_TEST(test_gnuplot_fails)
{
	struct wf_comparison c;
	char *dir = tmpdir(), *bin = tmpdir(), *fake, err[512];
	char *path = getenv("PATH") ? wf_xstrdup(getenv("PATH")) : NULL;
	FILE *f;
	int rc;

	fake = wf_xasprintf("%s/gnuplot", bin);
	f = fopen(fake, "w");
	ck_assert_ptr_nonnull(f);
	/* $3 is NAME.gp: every figure fails, each after half a picture */
	fputs("#!/bin/sh\necho 'half a picture' > \".${3%.gp}.tmp.png\"\n"
	      "echo \"\\\"$3\\\" line 9: out of ink\" >&2\nexit 1\n", f);
	fclose(f);
	chmod(fake, 0755);
	fill(&c, "As-is", "To-be");
	setenv("PATH", bin, 1);
	rc = wf_plot_all(&c, dir, err, sizeof err);
	if (path)
		setenv("PATH", path, 1);
	free(path);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err, "gnuplot failed on") != NULL && strstr(err, "out of ink") != NULL,
		      "message: %s", err);
	/* one failure does not stop the others; the message names every figure left without */
	ck_assert_msg(strstr(err, "not redrawn (no picture now): cycle-time, kpis, time-saved, "
			     "where-time-goes, process, utilization, wip, weekly") != NULL, "message: %s", err);
	ck_assert_int_eq(file_size(dir, "cycle-time.png"), -1);
	ck_assert_int_eq(leftovers(dir), 0);
	ck_assert_int_gt(file_size(dir, "cycle-time.gp"), 0);
	fini(&c);
	rmrf(dir);
	rmrf(bin);
	free(dir);
	free(bin);
	free(fake);
}
END_TEST

START_TEST(test_unwritable_dir)
{
	struct wf_comparison c;
	char *dir = tmpdir(), *file = wf_xasprintf("%s/file", dir), *sub, err[512];
	FILE *f = fopen(file, "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
	sub = wf_xasprintf("%s/plots", file);
	fill(&c, "As-is", "To-be");
	ck_assert_int_eq(wf_plot_all(&c, sub, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "cannot create directory") != NULL, "message: %s", err);
	ck_assert_ptr_nonnull(strstr(err, sub));
	fini(&c);
	rmrf(dir);
	free(dir);
	free(file);
	free(sub);
}
END_TEST

START_TEST(test_report_escapes_and_embeds)
{
	struct wf_comparison c;
	char *dir = tmpdir(), *path = wf_xasprintf("%s/report.html", dir), err[512], *html, *body;

	fill(&c, "<script>alert('as-is')</script> & co", "To-be \"fast\"");
	ck_assert_msg(wf_report_html(&c, path, err, sizeof err) == 0, "report: %s", err);
	html = slurp(path);
	ck_assert_ptr_nonnull(html);
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(&#39;as-is&#39;)&lt;/script&gt; &amp; co"));
	ck_assert_ptr_nonnull(strstr(html, "To-be &quot;fast&quot;"));
	/* Self-contained: no script, no external stylesheet, image or font. */
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "<link"));
	ck_assert_ptr_null(strstr(html, "src="));
	ck_assert_ptr_null(strstr(html, "@import"));
	ck_assert_ptr_nonnull(strstr(html, "20261125"));
	ck_assert_ptr_nonnull(strstr(html, "common: each case"));
	body = strstr(html, "<body>");
	ck_assert_ptr_nonnull(body);
	if (have_gnuplot) {
		ck_assert_int_eq(count(html, "<svg"), 8);
		ck_assert_int_eq(count(html, "</svg>"), 8);
		ck_assert_ptr_null(strstr(body, "<?xml"));
		/* ids made unique per figure */
		ck_assert_int_eq(count(html, "id=\"gnuplot_canvas\""), 0);
		ck_assert_int_eq(count(html, "id=\"kpis-gnuplot_canvas\""), 1);
	} else {
		fprintf(stderr, "check_plot: gnuplot not found, the report's plots are not checked\n");
		ck_assert_ptr_nonnull(strstr(html, "gnuplot is not installed"));
	}
	ck_assert_int_eq(leftovers(dir), 0);
	free(html);
	fini(&c);
	rmrf(dir);
	free(dir);
	free(path);
}
END_TEST

START_TEST(test_report_without_gnuplot)
{
	struct wf_comparison c;
	char *dir = tmpdir(), *path = wf_xasprintf("%s/r.html", dir), err[512], *html;
	char *p = getenv("PATH") ? wf_xstrdup(getenv("PATH")) : NULL;
	int rc;

	fill(&c, "As-is", "To-be");
	setenv("PATH", "/nonexistent", 1);
	rc = wf_report_html(&c, path, err, sizeof err);
	if (p)
		setenv("PATH", p, 1);
	free(p);
	ck_assert_msg(rc == 0, "report: %s", err);
	html = slurp(path);
	ck_assert_ptr_nonnull(html);
	ck_assert_ptr_nonnull(strstr(html, "gnuplot is not installed"));
	ck_assert_int_eq(count(html, "<svg"), 0);
	ck_assert_ptr_nonnull(strstr(html, "</html>"));
	free(html);
	fini(&c);
	rmrf(dir);
	free(dir);
	free(path);
}
END_TEST

START_TEST(test_report_single_run)
{
	struct wf_comparison c;
	char *dir = tmpdir(), *path = wf_xasprintf("%s/one.html", dir), err[512], *html;

	single(&c, "Support desk <to-be>");
	ck_assert_msg(wf_report_html(&c, path, err, sizeof err) == 0, "report: %s", err);
	html = slurp(path);
	ck_assert_ptr_nonnull(html);
	ck_assert_ptr_nonnull(strstr(html, "<title>wfsim: Support desk &lt;to-be&gt;</title>"));
	ck_assert_ptr_null(strstr(html, "plot-time-saved"));
	if (have_gnuplot)
		ck_assert_int_eq(count(html, "<svg"), 6);
	free(html);
	fini(&c);
	rmrf(dir);
	free(dir);
	free(path);
}
END_TEST

START_TEST(test_report_unwritable)
{
	struct wf_comparison c;
	char err[512];

	fill(&c, "As-is", "To-be");
	ck_assert_int_eq(wf_report_html(&c, "/nonexistent/dir/r.html", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "cannot write '/nonexistent/dir/r.html'") != NULL, "message: %s", err);
	fini(&c);
}
END_TEST

/* Names shortened for tic labels and keys end in an ellipsis after whole UTF-8 characters:
 * "ü" (two bytes) is kept or dropped whole, never cut. */
START_TEST(test_shorten_utf8)
{
	char *s;

	s = wf_gp_shorten("short", 24);
	ck_assert_str_eq(s, "short");
	free(s);
	s = wf_gp_shorten("abcdefghijklmnopqrstuvwx", 24);	/* exactly 24: kept */
	ck_assert_str_eq(s, "abcdefghijklmnopqrstuvwx");
	free(s);
	s = wf_gp_shorten("abcdefghijklmnopqrstuv\xc3\xbcxyz", 24);	/* 26 characters */
	ck_assert_str_eq(s, "abcdefghijklmnopqrstuv\xc3\xbc\xe2\x80\xa6");
	free(s);
	s = wf_gp_shorten("Pr\xc3\xbc" "fer Pr\xc3\xbc" "fer", 5);	/* 4 characters and "…" */
	ck_assert_str_eq(s, "Pr\xc3\xbc" "f\xe2\x80\xa6");
	free(s);
}
END_TEST

/* 300 steps: the 15 with the most time keep their bars, the other 285 are one bar that sums
 * them, so nothing is dropped; the step without a resource is time on hold, not work. */
START_TEST(test_many_steps)
{
	struct wf_comparison c;
	char *dir = tmpdir(), err[512], *dat, *gp, *line;
	const char *longname = "abcdefghijklmnopqrstuv\xc3\xbcxyz_and_more";
	double total = 0, other = 0, shown_hold = 0, seen = 0;
	size_t i, rows = 0;

	single(&c, "Many");
	free_items(c.to_be.steps, c.to_be.n_steps);
	c.to_be.n_steps = 300;
	c.to_be.steps = wf_xcalloc(300, sizeof *c.to_be.steps);
	for (i = 0; i < 300; i++) {
		char id[64];

		snprintf(id, sizeof id, "s%03zu", i);
		/* service i + 1 minutes, one visit, no waiting; step 0 waits for the customer */
		item(&c.to_be.steps[i], i == 299 ? longname : id, 0, 1, 0, i == 0 ? 1000 : (double)i + 1);
		c.to_be.steps[i].no_resource = i == 0;
		total += i == 0 ? 1000 : (double)i + 1;
	}
	wf_plot_all(&c, dir, err, sizeof err);
	dat = slurp_in(dir, "where-time-goes.dat");
	ck_assert_ptr_nonnull(dat);
	for (line = dat; line != NULL && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		double v[7];

		if (*line == '#' || *line == '\n')
			continue;
		ck_assert_int_eq(sscanf(line, "%lf %lf %lf %lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3],
					&v[4], &v[5], &v[6]), 7);
		rows++;
		seen += v[3] + v[4] + v[6];	/* to-be wait, work, on hold (as-is: NaN) */
		if (v[0] == 15) {		/* the last bar: the others */
			ck_assert_ptr_nonnull(strstr(line, "  # other 285 steps\n"));
			other = v[4];
		}
		if (v[6] > 0)
			shown_hold += v[6];
	}
	ck_assert_uint_eq(rows, 16);
	/* as shares of all the time (the display unit cancels): the other bar is minutes 2 to
	 * 286 summed, the time on hold the 1000 of step 0 */
	ck_assert_double_eq_tol(other / seen, (2.0 + 286) * 285 / 2 / total, 1e-9);
	ck_assert_double_eq_tol(shown_hold / seen, 1000 / total, 1e-9);
	free(dat);
	gp = slurp_in(dir, "where-time-goes.gp");
	ck_assert_ptr_nonnull(gp);
	ck_assert_ptr_nonnull(strstr(gp, "\nn_labels = 16\n"));
	ck_assert_ptr_nonnull(strstr(gp, "'other 285 steps']"));
	ck_assert_ptr_nonnull(strstr(gp, "'abcdefghijklmnopqrstuv\xc3\xbc\xe2\x80\xa6'"));
	ck_assert_ptr_nonnull(strstr(gp, "\nhas_hold = 1\n"));
	/* nothing dropped: all the bars together are all the time, in the figure's unit */
	if (strstr(gp, "\nylabel = 'time per arriving case (hours)'\n") != NULL)
		seen *= 60;
	else
		ck_assert_ptr_nonnull(strstr(gp, "\nylabel = 'time per arriving case (minutes)'\n"));
	ck_assert_double_eq_tol(seen, total, 1e-6 * total);
	free(gp);
	fini(&c);
	rmrf(dir);
	free(dir);
}
END_TEST

/* One TCase per behaviour; plots run gnuplot several times, so the timeout is generous. */
#define ADD(s, name, fn) do {						\
	TCase *tc_ = tcase_create(name);				\
	tcase_add_test(tc_, fn);					\
	tcase_set_timeout(tc_, 60);					\
	suite_add_tcase((s), tc_);					\
} while (0)

static Suite *
suite(void)
{
	Suite *s = suite_create("plot");

	ADD(s, "files of a comparison", test_files_of_a_comparison);
	ADD(s, "titles tell the story", test_titles_tell_the_story);
	ADD(s, "cycle labels quote the reported percentiles", test_cycle_labels_quote_reported);
	ADD(s, "union of resources", test_union_of_resources_leaves_gaps);
	ADD(s, "single run", test_single_run);
	ADD(s, "shortened names", test_shorten_utf8);
	ADD(s, "many steps", test_many_steps);
	ADD(s, "gnuplot escaping", test_gnuplot_escaping);
	ADD(s, "nothing to draw", test_nothing_to_draw);
	ADD(s, "without gnuplot", test_without_gnuplot);
	ADD(s, "gnuplot fails", test_gnuplot_fails);
	ADD(s, "unwritable directory", test_unwritable_dir);
	ADD(s, "report escapes and embeds", test_report_escapes_and_embeds);
	ADD(s, "report without gnuplot", test_report_without_gnuplot);
	ADD(s, "report of a single run", test_report_single_run);
	ADD(s, "report unwritable", test_report_unwritable);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	have_gnuplot = wf_plot_available();
	if (!have_gnuplot)
		fprintf(stderr, "check_plot: gnuplot not found: only data and scripts are checked, "
			"no pictures\n");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
