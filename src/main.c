/* The wfsim command line: check, run, compare, sweep and plot.  Only this file prints to the user
 * and decides exit codes: 0 success, 1 wrong usage, 2 invalid model, 3 run-time failure.
 * Everything it calls returns errors as values. */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "wfsim/check.h"
#include "wfsim/check-report.h"
#include "wfsim/eventlog.h"
#include "wfsim/fit.h"
#include "wfsim/model.h"
#include "wfsim/mpi-split.h"
#include "wfsim/outfile.h"
#include "wfsim/override.h"
#include "wfsim/gnuplot.h"
#include "wfsim/plot.h"
#include "wfsim/rep-pack.h"
#include "wfsim/results.h"
#include "wfsim/scenarios.h"
#include "wfsim/sim.h"
#include "wfsim/sweep.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

#define EXIT_USAGE 1
#define EXIT_MODEL 2
#define EXIT_RUNTIME 3

/* ---------- common options of run and compare ---------- */

struct options {
	const char *replications, *seed, *horizon, *warmup, *drain, *threads;
	const char *json, *csv, *events, *plots, *report;
	int quiet, independent, allow_overload, count_freed_time;
	/* --set applies to both sides, --set-as-is and --set-to-be to one, in the order given */
	struct wf_override *set_a, *set_b;
	size_t n_set_a, n_set_b, cap_set_a, cap_set_b;
	const char *vary[2], *target;	/* sweep */
	int n_vary;
};

enum { OPT_HORIZON = 256, OPT_WARMUP, OPT_JSON, OPT_CSV, OPT_EVENTS, OPT_PLOTS, OPT_REPORT,
       OPT_INDEPENDENT, OPT_ALLOW_OVERLOAD, OPT_OUT, OPT_VERSION, OPT_DRAIN,
       OPT_COUNT_FREED, OPT_SET, OPT_SET_AS_IS, OPT_SET_TO_BE, OPT_VARY, OPT_TARGET,
       OPT_PLOT_STYLE };

static const struct option long_options[] = {
	{ "replications", required_argument, NULL, 'r' },
	{ "seed", required_argument, NULL, 's' },
	{ "horizon", required_argument, NULL, OPT_HORIZON },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "drain", required_argument, NULL, OPT_DRAIN },
	{ "threads", required_argument, NULL, 'j' },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "plots", required_argument, NULL, OPT_PLOTS },
	{ "plot-style", required_argument, NULL, OPT_PLOT_STYLE },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "independent", no_argument, NULL, OPT_INDEPENDENT },
	{ "allow-overload", no_argument, NULL, OPT_ALLOW_OVERLOAD },
	{ "count-freed-time", no_argument, NULL, OPT_COUNT_FREED },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "set", required_argument, NULL, OPT_SET },
	{ "set-as-is", required_argument, NULL, OPT_SET_AS_IS },
	{ "set-to-be", required_argument, NULL, OPT_SET_TO_BE },
	{ "vary", required_argument, NULL, OPT_VARY },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

struct command {
	const char *name;
	const char *usage;
	const char *options;	/* the long options it accepts, as "|name|name|" */
	int (*exec)(int argc, char **argv, struct options *o);
	int min_args, max_args;
};

static const struct command *current;

static void
print_usage(FILE *out, const struct command *c)
{
	fprintf(out, "usage: wfsim %s %s\n", c->name, c->usage);
}

static int
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("wfsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (current)
		print_usage(stderr, current);
	fprintf(stderr, "Try 'wfsim %s --help'.\n", current ? current->name : "");
	return EXIT_USAGE;
}

static int
runtime_error(const char *msg)
{
	fprintf(stderr, "wfsim: error: %s\n", msg);
	return EXIT_RUNTIME;
}

/* ---------- loading ---------- */

static struct wf_model *
load(const char *path, const struct wf_override *ov, size_t n)
{
	struct wf_diag diag;
	struct wf_model *m;

	wf_diag_init(&diag);
	m = wf_model_load_set(path, ov, n, &diag);
	wf_diag_print(&diag, stderr);
	wf_diag_fini(&diag);
	return m;
}

/* Settings: the model's simulation block, then the command line on top. */
static int
settings_from(struct wf_settings *set, const struct wf_model *m, const struct options *o)
{
	char err[256];
	double x;
	long n;

	wf_settings_default(set, m);
	if (o->replications) {
		if (wf_parse_count(o->replications, &n, err, sizeof(err)) != 0 || n < 1 ||
		    n > WF_MAX_REPLICATIONS)
			return usage_error("--replications must be a whole number from 1 to %d, got '%s'",
					   WF_MAX_REPLICATIONS, o->replications);
		set->replications = n;
	}
	if (o->seed) {
		char *end;
		unsigned long long s;

		errno = 0;
		s = strtoull(o->seed, &end, 10);
		if (errno || *end || end == o->seed || o->seed[0] == '-')
			return usage_error("--seed must be a whole number >= 0, got '%s'", o->seed);
		set->seed = s;
	}
	if (o->horizon) {
		if (wf_parse_duration(o->horizon, m->unit, &x, err, sizeof(err)) != 0)
			return usage_error("--horizon: %s", err);
		set->horizon = x;
	}
	if (o->warmup) {
		if (wf_parse_duration(o->warmup, m->unit, &x, err, sizeof(err)) != 0)
			return usage_error("--warmup: %s", err);
		set->warmup = x;
	}
	if (o->drain) {
		if (wf_parse_duration(o->drain, m->unit, &x, err, sizeof(err)) != 0)
			return usage_error("--drain: %s", err);
		if (!(x > 0))
			return usage_error("--drain must be longer than 0, got '%s'", o->drain);
		set->drain = x;
	}
	if (o->warmup && !o->horizon && !m->sim.has_horizon)
		set->horizon = set->warmup + wf_model_default_window(m);
	if (o->threads) {
		if (wf_parse_count(o->threads, &n, err, sizeof(err)) != 0 || n < 1 || n > 1024)
			return usage_error("--threads must be a whole number from 1 to 1024, got '%s'", o->threads);
		set->threads = (int)n;
	}
	if (!(set->horizon > 0))
		return usage_error("the horizon must be longer than 0");
	if (!(set->warmup < set->horizon))
		return usage_error("the warm-up must be shorter than the horizon");
	return 0;
}

/* Output paths must not name an input, a model or the trace it replays: a typo in a flag must
 * not destroy the user's data.  `inputs` may hold NULLs; `what` names them ("model"). */
static int
refuse_overwrite(const struct options *o, const char *const *inputs, int n, const char *what)
{
	const char *outs[] = { o->json, o->csv, o->events, o->report };
	size_t i;
	int k;

	for (i = 0; i < sizeof(outs) / sizeof(outs[0]); i++)
		for (k = 0; outs[i] && k < n; k++)
			if (inputs[k] && wf_same_file(outs[i], inputs[k]))
				return usage_error("refusing to write output over the %s '%s'", what, inputs[k]);
	return 0;
}

/* The traces two loaded models replay (b may be NULL). */
static int
refuse_overwrite_models(const struct options *o, const struct wf_model *a, const struct wf_model *b)
{
	const char *traces[2] = { a->arrivals.trace_file, b ? b->arrivals.trace_file : NULL };

	return refuse_overwrite(o, traces, 2, "trace");
}

/* Every output location is checked before the simulation, so that a typo in a path costs
 * an error at once rather than after minutes of work.  ev_a/ev_b are the event logs. */
static int
check_outputs(const struct options *o, const char *ev_a, const char *ev_b)
{
	const char *files[] = { o->json, o->csv, o->report, ev_a, ev_b };
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i] && wf_outfile_check(files[i], err, sizeof(err)) != 0)
			return runtime_error(err);
	if (o->plots && wf_outfile_check_dir(o->plots, err, sizeof(err)) != 0)
		return runtime_error(err);
	if ((o->plots || o->report) && wf_gp_check_style(err, sizeof(err)) != 0)
		return runtime_error(err);
	return 0;
}

/* ---------- progress ---------- */

struct progress {
	int on;
	struct timespec t0;
	double shown;		/* elapsed time of the last line drawn */
	const char *what;
};

static double
elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void
on_progress(void *ctx, long done, long total)
{
	struct progress *p = ctx;
	double e;

	if (!p->on)
		return;
	e = elapsed(&p->t0);
	/* A line every tenth of a second at most: fast runs must not flood a slow terminal. */
	if (done < total && e - p->shown < 0.1)
		return;
	p->shown = e;
	if (done == total) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		return;
	}
	fprintf(stderr, "\r%s: %ld/%ld replications, %.1f s elapsed, about %.1f s to go   ",
		p->what, done, total, e, done ? e * (double)(total - done) / (double)done : 0.0);
	fflush(stderr);
}

/* ---------- simulating ---------- */

/* Cases of the window still open at the drain cap are left out of the per-case figures:
 * a warning wherever the figures are shown. */
static void
warn_censored(struct wf_run *run)
{
	double censored = run->metric[WF_M_CENSORED_CASES].mean;
	double arrived = run->metric[WF_M_CASES_ARRIVED].mean;
	char d[48];

	if (!(censored > 0))
		return;
	wf_format_time(run->drain, run->unit_minutes, d, sizeof(d));
	wf_run_warn(run, "%.1f cases of the window (%.2f%%) were still open %s after the horizon "
		    "(the drain cap): they are censored, left out of every per-case figure, which "
		    "may therefore be too low; give a longer --drain, or see 'wfsim check' for "
		    "overload", censored, arrived > 0 ? 100 * censored / arrived : 0.0, d);
}

/* Summarises the replications res of m into run, with the warnings they call for. */
static void
summarise(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *res,
	  struct wf_run *run)
{
	long r;

	wf_run_build(run, m, set, res);
	warn_censored(run);
	for (r = 0; r < set->replications; r++)
		if (res[r].loop_limit_cases > 0) {
			fprintf(stderr, "%s: warning: %.0f cases in replication %ld ended by reaching max_visits "
				"(outcome 'loop_limit'): check the model's loops\n", m->file,
				res[r].loop_limit_cases, r + 1);
			break;
		}
}

/* Runs all replications of m and summarises them into run.  The event log, when a path is
 * given, is written whole or not at all.  0 or an exit code. */
static int
simulate(const struct wf_model *m, const struct wf_settings *set, const char *events_path,
	 const char *label, int quiet, struct wf_run *run)
{
	struct wf_rep_result *res = wf_xcalloc((size_t)set->replications, sizeof(*res));
	struct progress prog = { 0 };
	struct wf_eventlog log = { .m = m };
	char err[512];
	int rc = 0;
	long r;

	prog.on = !quiet && isatty(STDERR_FILENO);
	prog.what = label;
	wf_outfile_doing("simulating '%s'", m->file);
	clock_gettime(CLOCK_MONOTONIC, &prog.t0);
	if (events_path && wf_eventlog_open(&log, m, events_path, err, sizeof(err)) != 0) {
		free(res);
		return runtime_error(err);
	}
	if (wf_sim_run_all(m, set, res, events_path ? wf_eventlog_visit : NULL, &log, on_progress, &prog,
			   err, sizeof(err)) != 0) {
		if (events_path)
			wf_eventlog_abort(&log);
		rc = runtime_error(err);
		goto out;
	}
	if (events_path && wf_eventlog_commit(&log, err, sizeof(err)) != 0) {
		rc = runtime_error(err);
		goto out;
	}
	summarise(m, set, res, run);
out:
	for (r = 0; r < set->replications; r++)
		wf_rep_result_fini(&res[r]);
	free(res);
	return rc;
}

static int
write_file(const char *path, int (*fn)(const void *, FILE *), const void *obj)
{
	struct wf_outfile o;
	char err[512];

	wf_outfile_doing("writing '%s'", path);
	if (wf_outfile_open(&o, path, err, sizeof(err)) != 0)
		return runtime_error(err);
	if (fn(obj, o.fp) != 0) {
		snprintf(err, sizeof(err), "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		wf_outfile_abort(&o);
		return runtime_error(err);
	}
	if (wf_outfile_commit(&o, err, sizeof(err)) != 0)
		return runtime_error(err);
	return 0;
}

/* After the tables: standard output flushed and checked, then --json and --csv, each written
 * whole or not at all.  0 or an exit code. */
static int
write_results(const struct options *o, int (*json)(const void *, FILE *),
	      int (*csv)(const void *, FILE *), const void *obj)
{
	int rc;

	if (fflush(stdout) != 0 || ferror(stdout))
		return runtime_error("cannot write to standard output");
	if (o->json && (rc = write_file(o->json, json, obj)) != 0)
		return rc;
	if (o->csv && (rc = write_file(o->csv, csv, obj)) != 0)
		return rc;
	return 0;
}

static int json_run(const void *p, FILE *f) { return wf_run_write_json(p, f); }
static int csv_run(const void *p, FILE *f) { return wf_run_write_csv(p, f); }
static int json_cmp(const void *p, FILE *f) { return wf_comparison_write_json(p, f); }
static int csv_cmp(const void *p, FILE *f) { return wf_comparison_write_csv(p, f); }

/* Prints a table and frees it; a table without rows (a model with no resources) is left out. */
static int
print_table(struct wf_table *t)
{
	int rc = 0;

	if (t->n > 0) {
		rc = wf_table_print(t, stdout);
		fputc('\n', stdout);
	}
	wf_table_fini(t);
	return rc;
}

static int
draw_plots(const struct wf_comparison *c, const char *dir)
{
	char err[512];

	wf_outfile_doing("drawing the plots in '%s'", dir);
	if (wf_plot_all(c, dir, err, sizeof(err)) != 0)
		return runtime_error(err);
	return 0;
}

/* ---------- check ---------- */

/* The checks run, check and compare share, with their messages printed: capacity (with its
 * figures printed when `print` is set) and the window.  Returns 0 and sets *overloaded, or
 * EXIT_MODEL when the model must not be simulated. */
static int
precheck(const struct wf_model *m, const struct wf_settings *set, int allow_overload, int print,
	 int *overloaded, char *what, size_t whatlen)
{
	struct wf_capacity cap;
	struct wf_diag diag;
	char err[256];
	int rc = 0;

	*overloaded = 0;
	what[0] = '\0';
	if (wf_check_capacity(m, &cap, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: error: %s\n", m->file, err);
		return EXIT_MODEL;
	}
	if (print)
		wf_check_print(stdout, m, &cap);
	wf_diag_init(&diag);
	*overloaded = wf_check_verdict(m, &cap, allow_overload, &diag, what, whatlen);
	wf_check_window(m, set, &cap, &diag);
	if (diag.n_errors)
		rc = EXIT_MODEL;
	fflush(stdout);
	wf_diag_print(&diag, stderr);
	wf_diag_fini(&diag);
	wf_capacity_fini(&cap);
	return rc;
}

/* The warning every output of an overloaded model carries; `what` names the pools. */
static void
warn_overload(struct wf_run *run, const char *what)
{
	run->overloaded = 1;
	wf_run_warn(run, "the model is overloaded (%s) and was simulated with --allow-overload: "
		    "queues grow without bound, so every figure depends on the horizon and none is "
		    "a steady state", what);
}

static int
cmd_check(int argc, char **argv, struct options *o)
{
	int i, status = 0, overloaded;

	for (i = 0; i < argc; i++) {
		struct wf_model *m = load(argv[i], o->set_a, o->n_set_a);
		struct wf_settings set;
		char what[512];

		if (m == NULL) {
			status = EXIT_MODEL;
			continue;
		}
		wf_settings_default(&set, m);
		if (precheck(m, &set, o->allow_overload, 1, &overloaded, what, sizeof(what)) != 0)
			status = EXIT_MODEL;
		wf_model_free(m);
		if (i + 1 < argc)
			printf("\n");
	}
	return status;
}

/* ---------- run ---------- */

/* "name: 30 replications of 28 d after a warm-up of 2 d, seed 7" */
static void
print_settings(const char *what, const struct wf_model *m, const struct wf_settings *set)
{
	double um = wf_unit_seconds(m->unit) / 60.0;
	char h[48], w[48];

	wf_format_span(set->horizon - set->warmup, um, h, sizeof(h));
	wf_format_span(set->warmup, um, w, sizeof(w));
	printf("%s: %ld replication%s of %s", what, set->replications,
	       set->replications == 1 ? "" : "s", h);
	if (set->warmup > 0)
		printf(" after a warm-up of %s", w);
	printf(", seed %llu\n\n", (unsigned long long)set->seed);
}

/* The warnings of results, printed before their figures so that none is read without them. */
static void
print_warnings(const struct wf_warnings *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		printf("WARNING: %s\n", w->msg[i]);
	if (w->n > 0)
		printf("\n");
}

/* What the reader of a run's figures must know about its window: a finite workload done
 * before the horizon.  (Censored cases are a warning, see simulate.) */
static void
print_run_notes(const char *what, const struct wf_run *run)
{
	double window = (run->horizon - run->warmup) * run->unit_minutes / 1440.0;

	if (run->window_days < window * (1 - 1e-9))
		printf("%s: note: the workload was done after %.3g d of the %.3g d window on average; "
		       "throughput, utilisation and queues cover that span\n\n", what,
		       run->window_days, window);
}


static int
cmd_run(int argc, char **argv, struct options *o)
{
	struct wf_comparison c;
	struct wf_settings set;
	struct wf_model *m;
	struct wf_table t;
	char what[512];
	int rc, overloaded;

	memset(&c, 0, sizeof(c));
	if ((rc = refuse_overwrite(o, (const char *const *)argv, 1, "model")) != 0)
		return rc;
	if ((m = load(argv[0], o->set_a, o->n_set_a)) == NULL)
		return EXIT_MODEL;
	if ((rc = refuse_overwrite_models(o, m, NULL)) != 0 || (rc = settings_from(&set, m, o)) != 0 ||
	    (rc = check_outputs(o, o->events, NULL)) != 0)
		goto out;
	if ((rc = precheck(m, &set, o->allow_overload, 0, &overloaded, what, sizeof(what))) != 0)
		goto out;
	if ((rc = simulate(m, &set, o->events, m->file, o->quiet, &c.to_be)) != 0)
		goto out;
	if (overloaded)
		warn_overload(&c.to_be, what);

	print_settings(c.to_be.model_name, m, &set);
	print_warnings(&c.to_be.warnings);
	print_run_notes(c.to_be.model_name, &c.to_be);
	wf_table_run(&t, &c.to_be);
	print_table(&t);
	wf_table_run_resources(&t, &c.to_be);
	print_table(&t);
	wf_table_run_outcomes(&t, &c.to_be);
	print_table(&t);
	wf_table_steps(&t, &c.to_be);
	print_table(&t);
	wf_table_classifiers(&t, &c);
	print_table(&t);
	wf_table_weekly(&t, &c);
	print_table(&t);
	wf_table_segments(&t, &c);
	print_table(&t);
	if ((rc = write_results(o, json_run, csv_run, &c.to_be)) != 0)
		goto out;
	if (o->plots && (rc = draw_plots(&c, o->plots)) != 0)
		goto out;
out:
	wf_comparison_fini(&c);
	wf_model_free(m);
	return rc;
}

/* ---------- compare ---------- */

/* "log.csv" -> "log-as-is.csv": one event log per process, same case ids in both. */
static char *
events_name(const char *path, const char *tag)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash && dot < slash))
		return wf_xasprintf("%s-%s", path, tag);
	return wf_xasprintf("%.*s-%s%s", (int)(dot - path), path, tag, dot);
}

static int
sim_blocks_differ(const struct wf_model *a, const struct wf_model *b)
{
	const struct wf_sim_defaults *x = &a->sim, *y = &b->sim;

	return x->has_horizon != y->has_horizon || x->horizon != y->horizon ||
	    x->has_warmup != y->has_warmup || x->warmup != y->warmup ||
	    x->has_replications != y->has_replications || x->replications != y->replications ||
	    x->has_seed != y->has_seed || x->seed != y->seed;
}

/* A scenario's plots go to DIR/K-NAME, NAME the model file's base name without extension. */
static char *
scenario_dir(const char *dir, size_t k, const char *file)
{
	const char *b = strrchr(file, '/'), *dot;

	b = b ? b + 1 : file;
	dot = strrchr(b, '.');
	return wf_xasprintf("%s/%zu-%.*s", dir, k, (int)(dot && dot != b ? dot - b : (long)strlen(b)), b);
}

static int json_scn(const void *p, FILE *f) { return wf_scenarios_write_json(p, f); }
static int csv_scn(const void *p, FILE *f) { return wf_scenarios_write_csv(p, f); }

/* compare BASE A B ...: every scenario against the base on the same random numbers (the
 * base is simulated once), in one table, one JSON, plots per scenario, one report. */
static int
compare_many(int argc, char **argv, struct options *o)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	struct wf_model **m = wf_xcalloc((size_t)argc, sizeof(*m));
	struct wf_settings *set = wf_xcalloc((size_t)argc, sizeof(*set));
	char (*what)[512] = wf_xcalloc((size_t)argc, sizeof(*what));
	int *over = wf_xcalloc((size_t)argc, sizeof(*over));
	struct wf_scenarios sc;
	struct wf_table t;
	char err[512], label[64], *dir;
	int rc = 0, i, differ = 0;
	size_t k;

	memset(&sc, 0, sizeof(sc));
	if ((rc = refuse_overwrite(o, (const char *const *)argv, argc, "model")) != 0)
		goto out;
	for (i = 0; i < argc; i++)
		if ((m[i] = i == 0 ? load(argv[i], o->set_a, o->n_set_a) :
		     load(argv[i], o->set_b, o->n_set_b)) == NULL)
			rc = EXIT_MODEL;
	if (rc != 0)
		goto out;
	for (i = 0; i < argc; i++)
		if ((rc = refuse_overwrite_models(o, m[i], NULL)) != 0)
			goto out;
	if ((rc = settings_from(&set[0], m[0], o)) != 0)
		goto out;
	for (i = 1; i < argc; i++) {
		/* Settings are in the base's unit; every scenario must see the same spans of time. */
		double f = wf_unit_seconds(m[0]->unit) / wf_unit_seconds(m[i]->unit);

		differ |= sim_blocks_differ(m[0], m[i]);
		set[i] = set[0];
		set[i].horizon *= f;
		set[i].warmup *= f;
		set[i].stream = o->independent ? (unsigned)i : 0;
	}
	if (differ)
		fprintf(stderr, "wfsim: warning: the models' simulation blocks differ; all run with "
			"the base model's settings and the command line\n");
	/* All checked before any is simulated: all the messages at once. */
	for (i = 0; i < argc; i++)
		if (precheck(m[i], &set[i], o->allow_overload, 0, &over[i], what[i], sizeof(what[i])) != 0)
			rc = EXIT_MODEL;
	if (rc != 0)
		goto out;
	if (o->events) {
		rc = usage_error("--events writes the logs of two models: with more than two, run the "
				 "one whose log you want");
		goto out;
	}
	if ((rc = check_outputs(o, NULL, NULL)) != 0)
		goto out;
	sc.common_random_numbers = !o->independent;
	sc.cmp = wf_xcalloc((size_t)argc - 1, sizeof(*sc.cmp));
	set[0].stream = 0;
	if ((rc = simulate(m[0], &set[0], NULL, "base", o->quiet, &sc.base)) != 0)
		goto out;
	if (over[0])
		warn_overload(&sc.base, what[0]);
	for (i = 1; i < argc; i++) {
		struct wf_comparison *c = &sc.cmp[i - 1];

		snprintf(label, sizeof(label), "scenario %d of %d", i, argc - 1);
		if ((rc = simulate(m[i], &set[i], NULL, label, o->quiet, &c->to_be)) != 0)
			goto out;
		sc.n++;
		c->as_is = sc.base;
		c->common_random_numbers = sc.common_random_numbers;
		wf_comparison_diff(c);
		if (over[i])
			warn_overload(&c->to_be, what[i]);
		wf_comparison_gather_warnings(c);
		wf_econ_compare(&c->econ, &c->as_is, &c->to_be, c->common_random_numbers,
				o->count_freed_time);
	}
	wf_scenarios_gather_warnings(&sc);

	printf("base: %s (%s)\n", sc.base.model_name, m[0]->file);
	for (i = 1; i < argc; i++)
		printf("%d: %s (%s)\n", i, sc.cmp[i - 1].to_be.model_name, m[i]->file);
	print_settings(o->independent ? "independent random numbers" : "common random numbers", m[0],
		       &set[0]);
	print_warnings(&sc.warnings);
	print_run_notes("base", &sc.base);
	for (k = 0; k < sc.n; k++) {
		snprintf(label, sizeof(label), "scenario %zu", k + 1);
		print_run_notes(label, &sc.cmp[k].to_be);
	}
	for (k = 0; k < sc.n; k += WF_SCENARIOS_PER_TABLE) {
		wf_table_scenarios(&t, &sc, k);
		print_table(&t);
	}
	if ((rc = write_results(o, json_scn, csv_scn, &sc)) != 0)
		goto out;
	for (k = 0; o->plots && k < sc.n; k++) {
		dir = scenario_dir(o->plots, k + 1, m[k + 1]->file);
		i = draw_plots(&sc.cmp[k], dir);
		free(dir);
		if (i != 0)
			rc = i;
	}
	if (o->report)
		wf_outfile_doing("writing the report '%s'", o->report);
	if (o->report && wf_report_html_scenarios(&sc, o->report, err, sizeof(err)) != 0)
		rc = runtime_error(err);
out:
	wf_scenarios_fini(&sc);
	for (i = 0; i < argc; i++)
		wf_model_free(m[i]);
	free(m);
	free(set);
	free(what);
	free(over);
	return rc;
}

static int
cmd_compare(int argc, char **argv, struct options *o)
{
	struct wf_model *a = NULL, *b = NULL;
	struct wf_settings set, set_b;
	struct wf_comparison c;
	struct wf_table t;
	char *ev_a = NULL, *ev_b = NULL, err[512], what_a[512], what_b[512];
	int rc, over_a, over_b;

	if (argc > 2)
		return compare_many(argc, argv, o);
	memset(&c, 0, sizeof(c));
	if ((rc = refuse_overwrite(o, (const char *const *)argv, 2, "model")) != 0)
		return rc;
	a = load(argv[0], o->set_a, o->n_set_a);
	b = load(argv[1], o->set_b, o->n_set_b);
	if (a == NULL || b == NULL) {
		rc = EXIT_MODEL;
		goto out;
	}
	if ((rc = refuse_overwrite_models(o, a, b)) != 0 || (rc = settings_from(&set, a, o)) != 0)
		goto out;
	if (sim_blocks_differ(a, b))
		fprintf(stderr, "wfsim: warning: the two models' simulation blocks differ; both run with "
			"the as-is model's settings and the command line\n");
	if (a->unit != b->unit) {
		/* Settings are in the as-is unit; the to-be must see the same spans of time. */
		double f = wf_unit_seconds(a->unit) / wf_unit_seconds(b->unit);

		set_b = set;
		set_b.horizon *= f;
		set_b.warmup *= f;
	} else {
		set_b = set;
	}
	/* Both checked before either is simulated: all the messages at once. */
	rc = precheck(a, &set, o->allow_overload, 0, &over_a, what_a, sizeof(what_a));
	if (precheck(b, &set_b, o->allow_overload, 0, &over_b, what_b, sizeof(what_b)) != 0 ||
	    rc != 0) {
		rc = EXIT_MODEL;
		goto out;
	}
	c.common_random_numbers = !o->independent;
	set.stream = 0;
	set_b.stream = o->independent ? 1 : 0;
	if (o->events) {
		/* Two logs from one name: a device or a pipe has no name to derive them from. */
		if (wf_outfile_is_direct(o->events)) {
			rc = usage_error("compare writes two event logs, NAME-as-is and NAME-to-be: "
					 "--events needs a file name, not '%s'", o->events);
			goto out;
		}
		ev_a = events_name(o->events, "as-is");
		ev_b = events_name(o->events, "to-be");
	}
	if ((rc = check_outputs(o, ev_a, ev_b)) != 0)
		goto out;
	if ((rc = simulate(a, &set, ev_a, "as-is", o->quiet, &c.as_is)) != 0)
		goto out;
	if ((rc = simulate(b, &set_b, ev_b, "to-be", o->quiet, &c.to_be)) != 0)
		goto out;
	wf_comparison_diff(&c);
	if (over_a)
		warn_overload(&c.as_is, what_a);
	if (over_b)
		warn_overload(&c.to_be, what_b);
	wf_comparison_gather_warnings(&c);
	wf_econ_compare(&c.econ, &c.as_is, &c.to_be, c.common_random_numbers, o->count_freed_time);

	printf("as-is: %s (%s)\nto-be: %s (%s)\n", c.as_is.model_name, a->file, c.to_be.model_name, b->file);
	print_settings(o->independent ? "independent random numbers" : "common random numbers", a, &set);
	print_warnings(&c.warnings);
	print_run_notes("as-is", &c.as_is);
	print_run_notes("to-be", &c.to_be);
	wf_table_headline(&t, &c);
	print_table(&t);
	wf_table_process_steps(&t, &c);
	print_table(&t);
	wf_table_process_pools(&t, &c);
	print_table(&t);
	wf_table_economics(&t, &c);
	print_table(&t);
	wf_table_compare(&t, &c);
	print_table(&t);
	wf_table_resources(&t, &c);
	print_table(&t);
	wf_table_outcomes(&t, &c);
	print_table(&t);
	wf_table_classifiers(&t, &c);
	print_table(&t);
	wf_table_weekly(&t, &c);
	print_table(&t);
	wf_table_segments(&t, &c);
	print_table(&t);
	if ((rc = write_results(o, json_cmp, csv_cmp, &c)) != 0)
		goto out;
	/* Plots that cannot be drawn (no gnuplot) still leave the report, which says why. */
	if (o->plots)
		rc = draw_plots(&c, o->plots);
	if (o->report)
		wf_outfile_doing("writing the report '%s'", o->report);
	if (o->report && wf_report_html(&c, o->report, err, sizeof(err)) != 0)
		rc = runtime_error(err);
out:
	free(ev_a);
	free(ev_b);
	wf_comparison_fini(&c);
	wf_model_free(a);
	wf_model_free(b);
	return rc;
}

/* ---------- sweep ---------- */

/* Is m overloaded, by the capacity check alone (nothing printed)?  0 or EXIT_MODEL. */
static int
overloaded_quietly(const struct wf_model *m, int *over)
{
	struct wf_capacity cap;
	char err[256];

	if (wf_check_capacity(m, &cap, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: error: %s\n", m->file, err);
		return EXIT_MODEL;
	}
	*over = wf_capacity_overloaded(&cap);
	wf_capacity_fini(&cap);
	return 0;
}

/* The window verdict of m alone, printed: 0 or EXIT_MODEL. */
static int
window_check(const struct wf_model *m, const struct wf_settings *set)
{
	struct wf_capacity cap;
	struct wf_diag diag;
	char err[256];
	int rc = 0;

	if (wf_check_capacity(m, &cap, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: error: %s\n", m->file, err);
		return EXIT_MODEL;
	}
	wf_diag_init(&diag);
	wf_check_window(m, set, &cap, &diag);
	if (diag.n_errors)
		rc = EXIT_MODEL;
	wf_diag_print(&diag, stderr);
	wf_diag_fini(&diag);
	wf_capacity_fini(&cap);
	return rc;
}

/* The base overrides of one side, then point k's --vary values for it, into ov. */
static size_t
point_overrides(const struct wf_sweep *sw, size_t k, int side, const struct options *o,
		struct wf_override *ov)
{
	const struct wf_override *base = side == 0 ? o->set_a : o->set_b;
	size_t n = side == 0 ? o->n_set_a : o->n_set_b;

	if (n > 0)
		memcpy(ov, base, n * sizeof(*ov));
	return n + wf_sweep_overrides(sw, k, side, ov + n);
}

/* Point k's two sides are simulated: its comparison and warnings.  over: which side is
 * overloaded (1 as-is, 2 to-be). */
static void
point_done(struct wf_sweep *sw, size_t k, int over, const struct options *o)
{
	struct wf_sweep_point *p = &sw->pt[k];
	struct wf_comparison *c = &p->c;

	p->state = WF_PT_DONE;
	c->common_random_numbers = 1;
	wf_comparison_diff(c);
	if ((over & 1) && !sw->as_is_shared)
		warn_overload(&c->as_is, "at this point of the sweep; 'wfsim check' with the same "
			      "--set says where");
	if (over & 2)
		warn_overload(&c->to_be, "at this point of the sweep; 'wfsim check' with the same "
			      "--set says where");
	wf_comparison_gather_warnings(c);
	wf_econ_compare(&c->econ, &c->as_is, &c->to_be, 1, o->count_freed_time);
}

/* The per-replication results of one chunk of a sweep's points, held at once (on every MPI
 * rank) until they are reduced: at about 40 KB a replication, some 6,500 replications. */
#define SWEEP_CHUNK_BYTES ((size_t)256 << 20)

/* A sweep without a target: every point is known up front, so the (point, side,
 * replication) work units of a chunk of points run as one list (wf_sim_run_jobs), split
 * across threads and MPI ranks: they stay busy even when a point has fewer replications
 * than there are of them.  Each point is then reduced exactly as when the points run one at
 * a time, in the same order, so the results are the same.  0 or an exit code. */
static int
sweep_all(struct wf_sweep *sw, struct wf_model **ma, struct wf_model **mb, const int *over,
	  const struct wf_settings *set, const struct wf_settings *set_b, const struct options *o)
{
	size_t n = sw->n_pts, k0, k1, k, j, n_jobs, failed;
	size_t reps = set->replications > 0 ? (size_t)set->replications : 0;
	struct wf_sim_job *jobs = wf_xcalloc(2 * n, sizeof(*jobs));
	size_t *point = wf_xcalloc(2 * n, sizeof(*point));	/* job j's point */
	struct progress prog = { 0 };
	int fixed = wf_sweep_as_is_fixed(sw), planned = 0, rc = 0;
	char err[512], label[128];

	prog.on = !o->quiet && isatty(STDERR_FILENO);
	prog.what = label;
	for (k0 = 0; k0 < n && rc == 0; k0 = k1) {
		size_t bytes = 0;

		/* a chunk: points from k0 on, up to SWEEP_CHUNK_BYTES of results (one point at least);
		 * each simulated point is its as-is job (once for all when it is fixed), then its
		 * to-be job */
		n_jobs = 0;
		for (k1 = k0; k1 < n && (n_jobs == 0 || bytes < SWEEP_CHUNK_BYTES); k1++) {
			if (over[k1] && !o->allow_overload) {
				/* the capacity bound answers for free: no simulation can rescue it */
				sw->pt[k1].state = WF_PT_OVERLOADED;
				continue;
			}
			if (!fixed || !planned) {
				jobs[n_jobs] = (struct wf_sim_job){ ma[k1], set, NULL };
				point[n_jobs++] = k1;
				bytes += reps * wf_rep_pack_size(ma[k1]);
				planned = 1;
			}
			jobs[n_jobs] = (struct wf_sim_job){ mb[k1], set_b, NULL };
			point[n_jobs++] = k1;
			bytes += reps * wf_rep_pack_size(mb[k1]);
		}
		if (n_jobs == 0)
			continue;
		for (j = 0; j < n_jobs; j++)
			jobs[j].results = wf_xcalloc(reps > 0 ? reps : 1, sizeof(*jobs[j].results));
		snprintf(label, sizeof(label), "points %zu to %zu of %zu", k0 + 1, k1, n);
		wf_outfile_doing("simulating %s of the sweep", label);
		clock_gettime(CLOCK_MONOTONIC, &prog.t0);
		prog.shown = 0;
		if (wf_sim_run_jobs(jobs, n_jobs, NULL, NULL, on_progress, &prog, &failed, err,
				    sizeof(err)) != 0)
			rc = runtime_error(err);
		for (j = 0; j < n_jobs && rc == 0; j++) {
			struct wf_comparison *c = &sw->pt[point[j]].c;

			k = point[j];
			if (jobs[j].m == mb[k]) {	/* the to-be side: the point's last job */
				if (fixed)
					c->as_is = sw->as_is;
				summarise(mb[k], set_b, jobs[j].results, &c->to_be);
				point_done(sw, k, over[k], o);
			} else if (fixed) {
				summarise(ma[k], set, jobs[j].results, &sw->as_is);
				if (over[k] & 1)
					warn_overload(&sw->as_is, "at every point of the sweep; 'wfsim check' says where");
				sw->as_is_shared = 1;
			} else {
				summarise(ma[k], set, jobs[j].results, &c->as_is);
			}
		}
		for (j = 0; j < n_jobs; j++) {
			for (k = 0; k < reps; k++)
				wf_rep_result_fini(&jobs[j].results[k]);
			free(jobs[j].results);
		}
	}
	free(jobs);
	free(point);
	return rc;
}

static int json_sweep(const void *p, FILE *f) { return wf_sweep_write_json(p, f); }
static int csv_sweep(const void *p, FILE *f) { return wf_sweep_write_csv(p, f); }

/* sweep AS_IS TO_BE --vary ...: a paired comparison per point, on the same seeds. */
static int
cmd_sweep(int argc, char **argv, struct options *o)
{
	struct wf_model **ma = NULL, **mb = NULL;
	struct wf_override *ova, *ovb;
	struct wf_settings set, set_b;
	struct wf_sweep sw;
	struct wf_table t;
	char err[512], label[128], left[48], sum[2048];
	struct timespec t0 = { 0, 0 };
	int rc = 0, *over = NULL, oa, ob, v;
	size_t k, n, na, nb, done = 0;
	long next;

	(void)argc;
	memset(&sw, 0, sizeof(sw));
	ova = wf_xcalloc(o->n_set_a + 3, sizeof(*ova));
	ovb = wf_xcalloc(o->n_set_b + 3, sizeof(*ovb));
	if (o->n_vary == 0) {
		rc = usage_error("sweep needs --vary PATH=VALUES (a list 4,6,8 or FROM:TO:STEP)");
		goto out;
	}
	for (v = 0; v < o->n_vary; v++) {
		if (wf_sweep_var_parse(&sw.var[v], o->vary[v], err, sizeof(err)) != 0) {
			rc = usage_error("--vary: %s", err);
			goto out;
		}
		sw.n_vars++;
	}
	if (o->target && sw.n_vars != 1) {
		rc = usage_error("--target searches one varied value: give exactly one --vary");
		goto out;
	}
	if (wf_sweep_init(&sw, err, sizeof(err)) != 0) {
		rc = usage_error("%s", err);
		goto out;
	}
	if ((rc = refuse_overwrite(o, (const char *const *)argv, 2, "model")) != 0)
		goto out;
	n = sw.n_pts;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	ma = wf_xcalloc(n, sizeof(*ma));
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	mb = wf_xcalloc(n, sizeof(*mb));
	over = wf_xcalloc(n, sizeof(*over));
	/* Every point's models are loaded and checked before any is simulated: a value that
	 * makes a model invalid is an error at once, not after an hour. */
	for (k = 0; k < n; k++) {
		na = point_overrides(&sw, k, 0, o, ova);
		nb = point_overrides(&sw, k, 1, o, ovb);
		ma[k] = load(argv[0], ova, na);
		mb[k] = load(argv[1], ovb, nb);
		if (ma[k] == NULL || mb[k] == NULL) {
			rc = EXIT_MODEL;
			goto out;
		}
		if ((rc = overloaded_quietly(ma[k], &oa)) != 0 || (rc = overloaded_quietly(mb[k], &ob)) != 0)
			goto out;
		over[k] = oa | ob << 1;	/* which side: 1 as-is, 2 to-be */
	}
	if ((rc = refuse_overwrite_models(o, ma[0], mb[0])) != 0 || (rc = settings_from(&set, ma[0], o)) != 0)
		goto out;
	if (sim_blocks_differ(ma[0], mb[0]))
		fprintf(stderr, "wfsim: warning: the two models' simulation blocks differ; both run with "
			"the as-is model's settings and the command line\n");
	set_b = set;
	set_b.horizon *= wf_unit_seconds(ma[0]->unit) / wf_unit_seconds(mb[0]->unit);
	set_b.warmup *= wf_unit_seconds(ma[0]->unit) / wf_unit_seconds(mb[0]->unit);
	set.stream = set_b.stream = 0;
	/* The window is the same at every point: checked once, on the first (a trace with no
	 * arrival in it is an error, a window of broken weeks a warning). */
	if ((rc = window_check(ma[0], &set)) != 0 || (rc = window_check(mb[0], &set_b)) != 0)
		goto out;
	if (o->target) {
		const struct wf_model *side = sw.var[0].side == WF_SWEEP_AS_IS ? ma[0] : mb[0];

		if (wf_sweep_target_parse(&sw.target, o->target, side->unit, err, sizeof(err)) != 0) {
			rc = usage_error("%s", err);
			goto out;
		}
		sw.has_target = 1;
	}
	if ((rc = check_outputs(o, NULL, NULL)) != 0)
		goto out;
	if (!sw.has_target && (rc = sweep_all(&sw, ma, mb, over, &set, &set_b, o)) != 0)
		goto out;
	/* with a target, the next point depends on the last one's result: one at a time */
	while (sw.has_target && (next = wf_sweep_next(&sw)) >= 0) {
		struct wf_sweep_point *p = &sw.pt[next];
		struct wf_comparison *c = &p->c;

		k = (size_t)next;
		if (over[k] && !o->allow_overload) {
			/* the capacity bound answers for free: no simulation can rescue it */
			p->state = WF_PT_OVERLOADED;
			continue;
		}
		done++;
		if (done == 1)
			clock_gettime(CLOCK_MONOTONIC, &t0);
		/* the time left for the sweep, from the points done so far (unknown while a target
		 * is searched: bisection decides as it goes) */
		left[0] = '\0';
		if (done > 1 && !sw.has_target) {
			size_t pending = 0, j;

			for (j = k; j < n; j++)
				pending += sw.pt[j].state == WF_PT_PENDING && !(over[j] && !o->allow_overload);
			snprintf(left, sizeof(left), ", about %.0f s left", elapsed(&t0) / (double)(done - 1) *
				 (double)pending);
		}
		snprintf(label, sizeof(label), "point %zu (%zu of %zu%s), as-is", k + 1, done, n, left);
		if (!wf_sweep_as_is_fixed(&sw)) {
			if ((rc = simulate(ma[k], &set, NULL, label, o->quiet, &c->as_is)) != 0)
				goto out;
		} else {
			/* the same model, settings and seeds at every point: simulated once */
			if (!sw.as_is_shared) {
				if ((rc = simulate(ma[k], &set, NULL, label, o->quiet, &sw.as_is)) != 0)
					goto out;
				if (over[k] & 1)
					warn_overload(&sw.as_is, "at every point of the sweep; 'wfsim check' says where");
				sw.as_is_shared = 1;
			}
			c->as_is = sw.as_is;
		}
		snprintf(label, sizeof(label), "point %zu (%zu of %zu%s), to-be", k + 1, done, n, left);
		if ((rc = simulate(mb[k], &set_b, NULL, label, o->quiet, &c->to_be)) != 0) {
			if (!sw.as_is_shared)
				wf_run_fini(&c->as_is);
			goto out;
		}
		point_done(&sw, k, over[k], o);
	}
	wf_sweep_finish(&sw);

	printf("as-is: %s (%s)\nto-be: %s (%s)\n", ma[0]->name, ma[0]->file, mb[0]->name, mb[0]->file);
	for (v = 0; v < (int)sw.n_vars; v++)
		printf("vary %s (%s): %zu value%s\n", sw.var[v].path, sw.var[v].side == WF_SWEEP_AS_IS ?
		       "as-is" : sw.var[v].side == WF_SWEEP_BOTH ? "both" : "to-be", sw.var[v].n,
		       sw.var[v].n == 1 ? "" : "s");
	print_settings("common random numbers at every point", ma[0], &set);
	for (k = 0; k < n; k++)
		if (sw.pt[k].state == WF_PT_DONE && sw.pt[k].c.warnings.n > 0) {
			printf("WARNING: point %zu: %s\n", k + 1, sw.pt[k].c.warnings.msg[0]);
			if (sw.pt[k].c.warnings.n > 1)
				printf("WARNING: point %zu: and %zu more warnings (see --json)\n", k + 1,
				       sw.pt[k].c.warnings.n - 1);
		}
	wf_table_sweep(&t, &sw);
	print_table(&t);
	wf_sweep_summary(&sw, sum, sizeof(sum));
	fputs(sum, stdout);
	if ((rc = write_results(o, json_sweep, csv_sweep, &sw)) != 0)
		goto out;
	if (o->plots) {
		wf_outfile_doing("drawing the sweep in '%s'", o->plots);
		if (wf_sweep_plot(&sw, o->plots, err, sizeof(err)) != 0)
			rc = runtime_error(err);
	}
	if (o->report) {
		wf_outfile_doing("writing the report '%s'", o->report);
		if (wf_sweep_report(&sw, o->plots, o->report, err, sizeof(err)) != 0)
			rc = runtime_error(err);
	}
out:
	for (k = 0; ma && k < sw.n_pts; k++) {
		wf_model_free(ma[k]);
		wf_model_free(mb[k]);
	}
	free(ma);
	free(mb);
	free(over);
	free(ova);
	free(ovb);
	wf_sweep_fini(&sw);
	return rc;
}

/* ---------- plot ---------- */

static int
cmd_plot(int argc, char **argv, struct options *o)
{
	struct wf_comparison c;
	struct wf_diag diag;
	int kind, rc;

	if (o->plots == NULL)
		return usage_error("plot needs --out DIR");
	wf_diag_init(&diag);
	kind = wf_results_read_json(argv[0], &c, &diag);
	wf_diag_print(&diag, stderr);
	wf_diag_fini(&diag);
	if (kind < 0)
		return EXIT_RUNTIME;
	rc = draw_plots(&c, o->plots);
	wf_comparison_fini(&c);
	return rc;
}

/* ---------- dispatch ---------- */

/* Records an override for the side(s) its option names. */
static int
add_override(struct options *o, int ch, const char *text)
{
	static const char *const opt[] = { "--set", "--set-as-is", "--set-to-be" };
	const char *name = opt[ch - OPT_SET];
	char err[512];

	if (wf_override_check(text, err, sizeof(err)) != 0)
		return usage_error("%s: %s", name, err);
	if (ch != OPT_SET_TO_BE) {
		o->set_a = wf_xgrow(o->set_a, &o->cap_set_a, o->n_set_a + 1, sizeof(*o->set_a));
		o->set_a[o->n_set_a++] = (struct wf_override){ name, text };
	}
	if (ch != OPT_SET_AS_IS) {
		o->set_b = wf_xgrow(o->set_b, &o->cap_set_b, o->n_set_b + 1, sizeof(*o->set_b));
		o->set_b[o->n_set_b++] = (struct wf_override){ name, text };
	}
	return 0;
}

static const struct command commands[] = {
	{ "check", "[--allow-overload] [--set PATH=VALUE] MODEL...", "|allow-overload|set|", cmd_check,
	  1, INT_MAX },
	{ "run", "MODEL [-r N] [-s SEED] [--horizon D] [--warmup D] [--drain D] [-j N] [--json FILE]\n"
	  "                 [--csv FILE] [--events FILE] [--plots DIR] [--allow-overload] [-q]\n"
	  "                 [--set PATH=VALUE]",
	  "|replications|seed|horizon|warmup|drain|threads|json|csv|events|plots|plot-style|allow-overload|"
	  "quiet|set|",
	  cmd_run, 1, 1 },
	{ "compare", "AS_IS TO_BE [MORE...] [run options] [--independent] [--report FILE.html]\n"
	  "                 [--set-as-is PATH=VALUE] [--set-to-be PATH=VALUE]",
	  "|replications|seed|horizon|warmup|drain|threads|json|csv|events|plots|plot-style|report|"
	  "independent|allow-overload|count-freed-time|quiet|set|set-as-is|set-to-be|", cmd_compare, 2, INT_MAX },
	{ "sweep", "AS_IS TO_BE --vary [as-is:|both:]PATH=LIST|FROM:TO:STEP [--vary ...]\n"
	  "                 [--target \"METRIC>=X\"] [run options] [--report FILE.html] [--set ...]",
	  "|replications|seed|horizon|warmup|drain|threads|json|csv|plots|plot-style|report|"
	  "allow-overload|count-freed-time|quiet|set|set-as-is|set-to-be|vary|target|", cmd_sweep, 2, 2 },
	{ "plot", "RESULTS.json --out DIR [--plot-style DIR]", "|out|plot-style|", cmd_plot, 1, 1 },
};

/* One line of help per long option; a command's --help shows the lines of its own options. */
static const struct {
	const char *name, *text;
} option_help[] = {
	{ "replications",   "  -r, --replications N   number of replications" },
	{ "seed",           "  -s, --seed N           base seed: the same seed gives the same results" },
	{ "horizon",        "      --horizon D        simulated time per replication, e.g. 30d (default:\n"
			    "                         the warm-up plus 28 d, four whole weeks)" },
	{ "warmup",         "      --warmup D         cases arriving before it are not counted" },
	{ "drain",          "      --drain D          how long past the horizon the cases of the window may\n"
			    "                         take to end (default 10 x the window)" },
	{ "threads",        "  -j, --threads N        worker threads (default: all cores); never changes results" },
	{ "json",           "      --json FILE        results as JSON" },
	{ "csv",            "      --csv FILE         one row per replication and metric" },
	{ "events",         "      --events FILE      event log of replication 1 as CSV" },
	{ "plots",          "      --plots DIR        plots (PNG and SVG with gnuplot scripts and data)" },
	{ "plot-style",     "      --plot-style DIR   gnuplot style and templates: a file in DIR replaces the\n"
			    "                         bundled one of the same name (style.gp, kpis.gp ...)" },
	{ "report",         "      --report FILE      a self-contained HTML report (compare, sweep)" },
	{ "independent",    "      --independent      compare without common random numbers" },
	{ "allow-overload", "      --allow-overload   check passes, run and compare simulate an overloaded\n"
			    "                         model; every output then says so" },
	{ "count-freed-time", "      --count-freed-time value freed human hours as money (as if redeployed),\n"
			    "                         not only the roster difference (compare, sweep)" },
	{ "out",            "      --out DIR          where plot writes the plots" },
	{ "set",            "      --set PATH=VALUE   change a value of the model(s) as if the file said so,\n"
			    "                         e.g. resources.agents.capacity=12 (repeatable)" },
	{ "set-as-is",      "      --set-as-is PATH=VALUE  the same for the as-is model only (compare, sweep)" },
	{ "set-to-be",      "      --set-to-be PATH=VALUE  the same for the to-be model only (compare, sweep)" },
	{ "vary",           "      --vary [as-is:|both:]PATH=V1,V2,...|FROM:TO:STEP\n"
			    "                         the values a sweep tries (the to-be's unless prefixed;\n"
			    "                         once or twice)" },
	{ "target",         "      --target \"METRIC OP X\" find the smallest (or largest) value that meets it,\n"
			    "                         e.g. \"sla_attainment>=0.9\", by bisection (sweep)" },
	{ "quiet",          "  -q, --quiet            no progress output" },
};

static const char exit_help[] =
	"\nExit codes: 0 success, 1 wrong usage, 2 invalid or overloaded model (run and compare\n"
	"refuse an overloaded model unless --allow-overload), 3 run-time failure.  See wfsim(1).\n";

/* The options of command c (all of them when c is NULL). */
static void
print_options(const struct command *c)
{
	char want[64];
	size_t i;

	if (c == NULL)
		printf("Options (run and compare options override the model's simulation block):\n");
	else
		printf("Options of %s:\n", c->name);
	for (i = 0; i < sizeof(option_help) / sizeof(option_help[0]); i++) {
		snprintf(want, sizeof(want), "|%s|", option_help[i].name);
		if (c == NULL || strstr(c->options, want) != NULL)
			printf("%s\n", option_help[i].text);
	}
	printf("  -h, --help             this help\n");
}

static void
print_help(void)
{
	size_t i;

	printf("wfsim %s: simulate a workflow as it is and as redesigned, and compare them.\n\n",
	       PACKAGE_VERSION);
	printf("usage:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  wfsim %s %s\n", commands[i].name, commands[i].usage);
	printf("  wfsim fit EVENTS.csv [-o MODEL.yaml] [--quality-json FILE] (see wfsim fit --help)\n");
	printf("\n");
	print_options(NULL);
	printf("%s", exit_help);
}

/* A GSL error after validation means wfsim let something invalid through: say so loudly. */
static void
gsl_bug(const char *reason, const char *file, int line, int gsl_errno)
{
	fprintf(stderr, "wfsim: internal error: GSL: %s (%s:%d, code %d); this is a wfsim bug, "
		"please report it with the model\n", reason, file, line, gsl_errno);
	abort();
}

static int
wfsim_main(int argc, char **argv)
{
	struct options o;
	size_t i;
	int ch, nargs;

	gsl_set_error_handler(gsl_bug);
	wf_outfile_init(1);	/* the umask, and signals that remove temporary files */
	if (argc < 2)
		return usage_error("a command is needed: check, run, compare, sweep, plot or fit");
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("wfsim %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_help();
		return 0;
	}
	if (strcmp(argv[1], "fit") == 0)	/* its own options: src/fit-cmd.c */
		return wf_fit_main(argc - 1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			current = &commands[i];
	if (current == NULL)
		return usage_error("unknown command '%s': expected check, run, compare, sweep, plot or fit", argv[1]);

	memset(&o, 0, sizeof(o));
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:s:j:qh", long_options, NULL)) != -1) {
		const char *name = NULL;
		char want[64];

		if (ch == 'h') {
			print_usage(stdout, current);
			printf("\n");
			print_options(current);
			printf("%s", exit_help);
			return 0;
		}
		if (ch == OPT_VERSION) {
			printf("wfsim %s\n", PACKAGE_VERSION);
			return 0;
		}
		if (ch == '?')
			return usage_error("unknown option '%s'", argv[optind - 1]);
		if (ch == ':')
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		for (i = 0; long_options[i].name; i++)
			if (long_options[i].val == ch)
				name = long_options[i].name;
		snprintf(want, sizeof(want), "|%s|", name ? name : "");
		if (name == NULL || strstr(current->options, want) == NULL)
			return usage_error("option '--%s' does not apply to '%s'", name ? name : "?",
					   current->name);
		switch (ch) {
		case 'r': o.replications = optarg; break;
		case 's': o.seed = optarg; break;
		case 'j': o.threads = optarg; break;
		case 'q': o.quiet = 1; break;
		case OPT_HORIZON: o.horizon = optarg; break;
		case OPT_WARMUP: o.warmup = optarg; break;
		case OPT_DRAIN: o.drain = optarg; break;
		case OPT_JSON: o.json = optarg; break;
		case OPT_CSV: o.csv = optarg; break;
		case OPT_EVENTS: o.events = optarg; break;
		case OPT_PLOTS: o.plots = optarg; break;
		case OPT_OUT: o.plots = optarg; break;
		/* the plot code reads it where it looks for templates, as if the user had set it */
		case OPT_PLOT_STYLE: setenv(WF_GP_STYLE_ENV, optarg, 1); break;
		case OPT_REPORT: o.report = optarg; break;
		case OPT_INDEPENDENT: o.independent = 1; break;
		case OPT_COUNT_FREED: o.count_freed_time = 1; break;
		case OPT_ALLOW_OVERLOAD: o.allow_overload = 1; break;
		case OPT_SET:
		case OPT_SET_AS_IS:
		case OPT_SET_TO_BE:
			if (add_override(&o, ch, optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_VARY:
			if (o.n_vary == 2)
				return usage_error("--vary at most twice (a curve, or a grid of two)");
			o.vary[o.n_vary++] = optarg;
			break;
		case OPT_TARGET: o.target = optarg; break;
		}
	}
	nargs = argc - optind;
	if (nargs < current->min_args || nargs > current->max_args)
		return usage_error("'%s' takes %s", current->name,
				   current->min_args == current->max_args ? "one file" :
				   current->min_args == 2 ? "two models or more (as-is, then to-be)" :
				   "one or more models");
	/* Under mpirun every rank simulates its share; rank 0 alone writes files. */
	if (!wf_mpi_root() && (current->exec == cmd_plot || current->exec == cmd_check))
		return 0;
	if (!wf_mpi_root())
		o.json = o.csv = o.events = o.plots = o.report = NULL;
	ch = current->exec(nargs, argv + optind, &o);
	free(o.set_a);
	free(o.set_b);
	return ch;
}

int
main(int argc, char **argv)
{
	return wf_mpi_main(argc, argv, wfsim_main);
}
