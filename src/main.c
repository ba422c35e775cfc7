/* The wfsim command line: check, run, compare and plot.  Only this file prints to the user
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
#include "wfsim/model.h"
#include "wfsim/outfile.h"
#include "wfsim/plot.h"
#include "wfsim/results.h"
#include "wfsim/sim.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

#define EXIT_USAGE 1
#define EXIT_MODEL 2
#define EXIT_RUNTIME 3

/* ---------- common options of run and compare ---------- */

struct options {
	const char *replications, *seed, *horizon, *warmup, *threads;
	const char *json, *csv, *events, *plots, *report;
	int quiet, independent, allow_overload;
};

enum { OPT_HORIZON = 256, OPT_WARMUP, OPT_JSON, OPT_CSV, OPT_EVENTS, OPT_PLOTS, OPT_REPORT,
       OPT_INDEPENDENT, OPT_ALLOW_OVERLOAD, OPT_OUT, OPT_VERSION };

static const struct option long_options[] = {
	{ "replications", required_argument, NULL, 'r' },
	{ "seed", required_argument, NULL, 's' },
	{ "horizon", required_argument, NULL, OPT_HORIZON },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "threads", required_argument, NULL, 'j' },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "plots", required_argument, NULL, OPT_PLOTS },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "independent", no_argument, NULL, OPT_INDEPENDENT },
	{ "allow-overload", no_argument, NULL, OPT_ALLOW_OVERLOAD },
	{ "out", required_argument, NULL, OPT_OUT },
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
load(const char *path)
{
	struct wf_diag diag;
	struct wf_model *m;

	wf_diag_init(&diag);
	m = wf_model_load(path, &diag);
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

/* ---------- event log ---------- */

struct event_log {
	const struct wf_model *m;
	FILE *fp;
};

static void
put_time(FILE *fp, const struct wf_model *m, double t)
{
	char buf[40];

	wf_format_datetime(m->start_epoch + t * wf_unit_seconds(m->unit), buf, sizeof(buf));
	fputs(buf, fp);
}

static void
on_visit(void *ctx, const struct wf_visit *v)
{
	struct event_log *log = ctx;
	const struct wf_model *m = log->m;

	fprintf(log->fp, "%ld,%s,%s,", v->case_id, m->steps[v->step].id,
		v->resource >= 0 ? m->resources[v->resource].id : "");
	put_time(log->fp, m, v->enqueue);
	fputc(',', log->fp);
	put_time(log->fp, m, v->start);
	fputc(',', log->fp);
	put_time(log->fp, m, v->end);
	fputc('\n', log->fp);
}

/* ---------- simulating ---------- */

/* Runs all replications of m and summarises them into run.  The event log, when a path is
 * given, is written whole or not at all.  0 or an exit code. */
static int
simulate(const struct wf_model *m, const struct wf_settings *set, const char *events_path,
	 const char *label, int quiet, struct wf_run *run)
{
	struct wf_rep_result *res = wf_xcalloc((size_t)set->replications, sizeof(*res));
	struct progress prog = { 0 };
	struct event_log log = { m, NULL };
	struct wf_outfile ev;
	char err[512];
	int rc = 0;
	long r;

	prog.on = !quiet && isatty(STDERR_FILENO);
	prog.what = label;
	wf_outfile_doing("simulating '%s'", m->file);
	clock_gettime(CLOCK_MONOTONIC, &prog.t0);
	if (events_path) {
		if (wf_outfile_open(&ev, events_path, err, sizeof(err)) != 0) {
			free(res);
			return runtime_error(err);
		}
		log.fp = ev.fp;
		fputs("case_id,activity,resource,enqueue,start,end\n", log.fp);
	}
	if (wf_sim_run_all(m, set, res, events_path ? on_visit : NULL, &log, on_progress, &prog,
			   err, sizeof(err)) != 0) {
		if (events_path)
			wf_outfile_abort(&ev);
		rc = runtime_error(err);
		goto out;
	}
	if (events_path && wf_outfile_commit(&ev, err, sizeof(err)) != 0) {
		rc = runtime_error(err);
		goto out;
	}
	wf_run_build(run, m, set, res);
	for (r = 0; r < set->replications; r++)
		if (res[r].loop_limit_cases > 0) {
			fprintf(stderr, "%s: warning: %.0f cases in replication %ld ended by reaching max_visits "
				"(outcome 'loop_limit'): check the model's loops\n", m->file,
				res[r].loop_limit_cases, r + 1);
			break;
		}
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

static void
print_capacity(const struct wf_model *m, const struct wf_capacity *cap)
{
	double per_day = 1440.0 / (wf_unit_seconds(m->unit) / 60.0);
	size_t i;
	char buf[48];

	printf("%s: \"%s\": %zu steps, %zu resources, %zu calendar(s), %zu attribute(s)\n", m->file,
	       m->name ? m->name : "", m->n_steps, m->n_resources, m->n_calendars, m->n_attributes);
	printf("  arrivals: %.1f cases/day on average\n", cap->arrival_rate * per_day);
	printf("  expected visits per case:");
	for (i = 0; i < m->n_steps; i++)
		printf("%s %s %.2f", i ? "," : "", m->steps[i].id, cap->visits[i]);
	printf("\n");
	wf_format_time(cap->touch_time, wf_unit_seconds(m->unit) / 60.0, buf, sizeof(buf));
	printf("  human touch time per case: %s\n", buf);
	printf("  %-16s %6s %10s %10s %12s\n", "resource", "kind", "servers", "offered", "utilisation");
	for (i = 0; i < m->n_resources; i++) {
		const struct wf_resource *r = &m->resources[i];

		if (r->capacity == WF_UNLIMITED)
			printf("  %-16s %6s %10s %10.2f %12s\n", r->id, r->is_machine ? "machine" : "human",
			       "unlimited", cap->offered[i], "-");
		else
			printf("  %-16s %6s %10.2f %10.2f %11.1f%%\n", r->id, r->is_machine ? "machine" : "human",
			       cap->available[i], cap->offered[i], 100 * cap->utilization[i]);
	}
	if (cap->bottleneck >= 0)
		printf("  bottleneck: %s at %.1f%%; the process can sustain up to %.1f cases/day\n",
		       m->resources[cap->bottleneck].id, 100 * cap->utilization[cap->bottleneck],
		       cap->max_rate * per_day);
	else
		printf("  no pool limits throughput\n");
	if (cap->approximate)
		printf("  note: too many attribute combinations to route exactly; visits are approximate\n");
	for (i = 0; i < m->n_steps; i++)
		if (m->steps[i].has_max_wait) {
			printf("  note: the load leaves out timeouts (max_wait): paths taken only on a "
			       "timeout show no visits\n");
			break;
		}
}

static int
cmd_check(int argc, char **argv, struct options *o)
{
	int i, status = 0;

	for (i = 0; i < argc; i++) {
		struct wf_model *m = load(argv[i]);
		struct wf_capacity cap;
		struct wf_diag diag;
		char err[256];
		size_t k;

		if (m == NULL) {
			status = EXIT_MODEL;
			continue;
		}
		if (wf_check_capacity(m, &cap, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s: error: %s\n", argv[i], err);
			wf_model_free(m);
			status = EXIT_MODEL;
			continue;
		}
		print_capacity(m, &cap);
		wf_diag_init(&diag);
		for (k = 0; k < m->n_resources; k++) {
			const struct wf_resource *r = &m->resources[k];
			double u = cap.utilization[k];

			if (r->capacity == WF_UNLIMITED)
				continue;
			if (u >= 1.0)
				wf_diag_add(&diag, o->allow_overload ? WF_WARNING : WF_ERROR, m->file,
					    r->mark.line, r->mark.col,
					    "resource '%s' is offered %.2f servers of work but has %.2f on average "
					    "(utilisation %.0f%%): queues grow without bound%s", r->id,
					    cap.offered[k], cap.available[k], 100 * u,
					    o->allow_overload ? "" : " (use --allow-overload to simulate anyway)");
			else if (u > 0.9)
				wf_diag_warning(&diag, m->file, r->mark.line, r->mark.col,
						"resource '%s' is at %.0f%% utilisation: waits will be long and "
						"sensitive to small changes", r->id, 100 * u);
		}
		if (diag.n_errors)
			status = EXIT_MODEL;
		wf_diag_print(&diag, stderr);
		wf_diag_fini(&diag);
		wf_capacity_fini(&cap);
		wf_model_free(m);
		if (i + 1 < argc)
			printf("\n");
	}
	return status;
}

/* ---------- run ---------- */

/* A span of simulated time: whole days as days ("2 d"), others in their readable unit. */
static void
span(double t, double unit_minutes, char *buf, size_t len)
{
	double days = t * unit_minutes / 1440.0;

	if (days >= 1 && days == floor(days))
		snprintf(buf, len, "%.0f d", days);
	else
		wf_format_time(t, unit_minutes, buf, len);
}

/* "name: 30 replications of 28 d after a warm-up of 2 d, seed 7" */
static void
print_settings(const char *what, const struct wf_model *m, const struct wf_settings *set)
{
	double um = wf_unit_seconds(m->unit) / 60.0;
	char h[48], w[48];

	span(set->horizon - set->warmup, um, h, sizeof(h));
	span(set->warmup, um, w, sizeof(w));
	printf("%s: %ld replications of %s", what, set->replications, h);
	if (set->warmup > 0)
		printf(" after a warm-up of %s", w);
	printf(", seed %llu\n\n", (unsigned long long)set->seed);
}

static int
cmd_run(int argc, char **argv, struct options *o)
{
	struct wf_comparison c;
	struct wf_settings set;
	struct wf_model *m;
	struct wf_table t;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = refuse_overwrite(o, (const char *const *)argv, 1, "model")) != 0)
		return rc;
	if ((m = load(argv[0])) == NULL)
		return EXIT_MODEL;
	if ((rc = refuse_overwrite_models(o, m, NULL)) != 0 || (rc = settings_from(&set, m, o)) != 0 ||
	    (rc = check_outputs(o, o->events, NULL)) != 0)
		goto out;
	if ((rc = simulate(m, &set, o->events, m->file, o->quiet, &c.to_be)) != 0)
		goto out;

	print_settings(c.to_be.model_name, m, &set);
	wf_table_run(&t, &c.to_be);
	print_table(&t);
	wf_table_run_resources(&t, &c.to_be);
	print_table(&t);
	wf_table_steps(&t, &c.to_be);
	print_table(&t);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		rc = runtime_error("cannot write to standard output");
		goto out;
	}
	if (o->json && (rc = write_file(o->json, json_run, &c.to_be)) != 0)
		goto out;
	if (o->csv && (rc = write_file(o->csv, csv_run, &c.to_be)) != 0)
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

static int
cmd_compare(int argc, char **argv, struct options *o)
{
	struct wf_model *a = NULL, *b = NULL;
	struct wf_settings set, set_b;
	struct wf_comparison c;
	struct wf_table t;
	char *ev_a = NULL, *ev_b = NULL, err[512];
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = refuse_overwrite(o, (const char *const *)argv, 2, "model")) != 0)
		return rc;
	a = load(argv[0]);
	b = load(argv[1]);
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

	printf("as-is: %s (%s)\nto-be: %s (%s)\n", c.as_is.model_name, a->file, c.to_be.model_name, b->file);
	print_settings(o->independent ? "independent random numbers" : "common random numbers", a, &set);
	wf_table_headline(&t, &c);
	print_table(&t);
	wf_table_compare(&t, &c);
	print_table(&t);
	wf_table_resources(&t, &c);
	print_table(&t);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		rc = runtime_error("cannot write to standard output");
		goto out;
	}
	if (o->json && (rc = write_file(o->json, json_cmp, &c)) != 0)
		goto out;
	if (o->csv && (rc = write_file(o->csv, csv_cmp, &c)) != 0)
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

static const struct command commands[] = {
	{ "check", "[--allow-overload] MODEL...", "|allow-overload|", cmd_check, 1, INT_MAX },
	{ "run", "MODEL [-r N] [-s SEED] [--horizon D] [--warmup D] [-j N] [--json FILE] [--csv FILE]\n"
	  "                 [--events FILE] [--plots DIR] [-q]",
	  "|replications|seed|horizon|warmup|threads|json|csv|events|plots|quiet|", cmd_run, 1, 1 },
	{ "compare", "AS_IS TO_BE [run options] [--independent] [--report FILE.html]",
	  "|replications|seed|horizon|warmup|threads|json|csv|events|plots|report|independent|quiet|",
	  cmd_compare, 2, 2 },
	{ "plot", "RESULTS.json --out DIR", "|out|", cmd_plot, 1, 1 },
};

static const char options_help[] =
	"Options of run and compare (override the model's simulation block):\n"
	"  -r, --replications N   number of replications\n"
	"  -s, --seed N           base seed: the same seed gives the same results\n"
	"      --horizon D        simulated time per replication, e.g. 30d\n"
	"      --warmup D         cases arriving before it are not counted\n"
	"  -j, --threads N        worker threads (default: all cores); never changes results\n"
	"      --json FILE        results as JSON\n"
	"      --csv FILE         one row per replication and metric\n"
	"      --events FILE      event log of replication 1 as CSV\n"
	"      --plots DIR        plots (PNG and SVG with gnuplot scripts and data)\n"
	"      --report FILE      a self-contained HTML report (compare)\n"
	"      --independent      compare without common random numbers\n"
	"  -q, --quiet            no progress output\n"
	"\nExit codes: 0 success, 1 wrong usage, 2 invalid model (or overload in check),\n"
	"3 run-time failure.  See wfsim(1).\n";

static void
print_help(void)
{
	size_t i;

	printf("wfsim %s: simulate a workflow as it is and as redesigned, and compare them.\n\n",
	       PACKAGE_VERSION);
	printf("usage:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  wfsim %s %s\n", commands[i].name, commands[i].usage);
	printf("\n%s", options_help);
}

/* A GSL error after validation means wfsim let something invalid through: say so loudly. */
static void
gsl_bug(const char *reason, const char *file, int line, int gsl_errno)
{
	fprintf(stderr, "wfsim: internal error: GSL: %s (%s:%d, code %d); this is a wfsim bug, "
		"please report it with the model\n", reason, file, line, gsl_errno);
	abort();
}

int
main(int argc, char **argv)
{
	struct options o;
	size_t i;
	int ch, nargs;

	gsl_set_error_handler(gsl_bug);
	wf_outfile_init(1);	/* the umask, and signals that remove temporary files */
	if (argc < 2)
		return usage_error("a command is needed: check, run, compare or plot");
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("wfsim %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_help();
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			current = &commands[i];
	if (current == NULL)
		return usage_error("unknown command '%s': expected check, run, compare or plot", argv[1]);

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
			if (strstr(current->options, "|seed|") != NULL)
				printf("\n%s", options_help);
			else
				printf("See wfsim(1) for the details.\n");
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
		case OPT_JSON: o.json = optarg; break;
		case OPT_CSV: o.csv = optarg; break;
		case OPT_EVENTS: o.events = optarg; break;
		case OPT_PLOTS: o.plots = optarg; break;
		case OPT_OUT: o.plots = optarg; break;
		case OPT_REPORT: o.report = optarg; break;
		case OPT_INDEPENDENT: o.independent = 1; break;
		case OPT_ALLOW_OVERLOAD: o.allow_overload = 1; break;
		}
	}
	nargs = argc - optind;
	if (nargs < current->min_args || nargs > current->max_args)
		return usage_error("'%s' takes %s", current->name,
				   current->min_args == current->max_args ?
				   (current->min_args == 1 ? "one file" : "two models (as-is, then to-be)") :
				   "one or more models");
	return current->exec(nargs, argv + optind, &o);
}
