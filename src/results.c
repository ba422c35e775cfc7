/* Results across replications: summaries (mean, sd, 95% CI) of every metric, per step,
 * resource and outcome, the pooled cycle-time distribution and the work-in-progress band for
 * plots, and the paired differences of a comparison.  JSON and CSV writers live in
 * results-io.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "wfsim/check.h"
#include "wfsim/results.h"
#include "wfsim/scenarios.h"
#include "wfsim/xalloc.h"

static void
items_alloc(struct wf_item **items, size_t n)
{
	*items = n ? wf_xcalloc(n, sizeof(**items)) : NULL;
}

/* Summary of field `at` of every replication: x[r] = values(r)[i]. */
static void
summarise(struct wf_summary *out, const struct wf_rep_result *res, long reps, size_t offset, size_t i)
{
	double *x = wf_xmalloc(sizeof(double) * (size_t)(reps ? reps : 1));
	long r;

	for (r = 0; r < reps; r++) {
		const double *v = *(double *const *)((const char *)&res[r] + offset);

		x[r] = v[i];
	}
	wf_summary_of(x, (size_t)reps, out);
	free(x);
}

#define SUMMARISE(out, res, reps, field, i) \
	summarise((out), (res), (reps), offsetof(struct wf_rep_result, field), (i))

static void
build_plot_data(struct wf_run *run, const struct wf_rep_result *res, long reps)
{
	struct wf_hist pooled;
	double q[WF_CDF_POINTS];
	double *col = wf_xmalloc(sizeof(double) * (size_t)(reps ? reps : 1));
	long r;
	size_t i;

	pooled = res[0].cycle;
	for (r = 1; r < reps; r++)
		wf_hist_merge(&pooled, &res[r].cycle);
	for (i = 0; i < WF_CDF_POINTS; i++)
		q[i] = (double)i / (WF_CDF_POINTS - 1);
	wf_hist_quantiles(&pooled, q, WF_CDF_POINTS, run->cycle_cdf);

	for (i = 0; i < WF_WIP_SAMPLES; i++) {
		for (r = 0; r < reps; r++)
			col[r] = res[r].wip[i];
		gsl_sort(col, 1, (size_t)reps);
		run->wip_mean[i] = gsl_stats_mean(col, 1, (size_t)reps);
		run->wip_lo[i] = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)reps, 0.1);
		run->wip_hi[i] = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)reps, 0.9);
	}
	free(col);
}

/* The weekly figures: a week's summary over the replications that have it. */
static void
build_weekly(struct wf_run *run, const struct wf_model *m, const struct wf_rep_result *res,
	     long reps)
{
	double *x = wf_xmalloc(sizeof(double) * (size_t)(reps ? reps : 1));
	size_t w, k;
	long r;

	run->n_weeks = reps > 0 ? res[0].n_weeks : 0;
	run->week_start = m->start_epoch + run->warmup * wf_unit_seconds(m->unit);
	run->weekly_rep = wf_xcalloc((size_t)(reps ? reps : 1) * (run->n_weeks ? run->n_weeks : 1) *
	    WF_W_COUNT, sizeof(double));
	for (w = 0; w < run->n_weeks; w++)
		for (k = 0; k < WF_W_COUNT; k++) {
			for (r = 0; r < reps; r++) {
				x[r] = res[r].weekly[w][k];
				run->weekly_rep[((size_t)r * run->n_weeks + w) * WF_W_COUNT + k] = x[r];
			}
			wf_summary_of(x, (size_t)reps, &run->weekly[w][k]);
		}
	free(x);
}

/* The segments' figures across replications, named "attr=value" (metrics.h). */
static void
build_segments(struct wf_run *run, const struct wf_model *m, const struct wf_rep_result *res,
	       long reps)
{
	int *off = wf_xcalloc(m->n_attributes ? m->n_attributes : 1, sizeof(int));
	size_t n = wf_segments_layout(m, off), a, v, j, k;
	double *x;
	long r;

	run->n_segments = reps > 0 ? n : 0;
	if (run->n_segments == 0) {
		free(off);
		return;
	}
	run->segment_names = wf_xcalloc(n, sizeof(char *));
	for (a = 0; a < m->n_attributes; a++) {
		const struct wf_attribute *at = &m->attributes[a];

		if (off[a] < 0)
			continue;
		for (v = 0; v < (at->numeric ? at->n_seg_bounds + 1 : at->n_values); v++)
			run->segment_names[(size_t)off[a] + v] = wf_segment_name(at, v);
	}
	free(off);
	run->segment = wf_xcalloc(n * WF_M_COUNT, sizeof(*run->segment));
	run->segment_rep = wf_xcalloc((size_t)reps * n * WF_M_COUNT, sizeof(double));
	memcpy(run->segment_rep, res[0].segment, n * WF_M_COUNT * sizeof(double));
	for (r = 1; r < reps; r++)
		memcpy(&run->segment_rep[(size_t)r * n * WF_M_COUNT], res[r].segment,
		    n * WF_M_COUNT * sizeof(double));
	x = wf_xmalloc(sizeof(double) * (size_t)reps);
	for (j = 0; j < n; j++)
		for (k = 0; k < WF_SEG_METRIC_COUNT; k++) {
			size_t mk = (size_t)wf_segment_metrics[k];

			for (r = 0; r < reps; r++)
				x[r] = run->segment_rep[((size_t)r * n + j) * WF_M_COUNT + mk];
			wf_summary_of(x, (size_t)reps, &run->segment[j * WF_M_COUNT + mk]);
		}
	free(x);
}

/* The confusion matrix of each classifier route across replications. */
static void
build_classifiers(struct wf_run *run, const struct wf_model *m, const struct wf_rep_result *res,
		  long reps)
{
	double *x = wf_xmalloc(sizeof(double) * (size_t)(reps ? reps : 1));
	size_t i, k, n = 0;
	long r;

	for (i = 0; i < m->n_steps; i++)
		n += m->steps[i].route_kind == WF_ROUTE_CLASSIFY;
	run->classifiers = n ? wf_xcalloc(n, sizeof(*run->classifiers)) : NULL;
	for (i = 0; i < m->n_steps; i++) {
		struct wf_classifier_fig *f;

		if (m->steps[i].route_kind != WF_ROUTE_CLASSIFY)
			continue;
		f = &run->classifiers[run->n_classifiers++];
		f->id = wf_xstrdup(m->steps[i].id);
		for (k = 0; k < WF_CM_COUNT + 2; k++) {
			for (r = 0; r < reps; r++) {
				const double *cm = res[r].step_confusion + i * WF_CM_COUNT;
				double a = k == WF_CM_COUNT ? cm[WF_CM_CAUGHT] : cm[WF_CM_FALSE_ALARMS];
				double b = k == WF_CM_COUNT ? cm[WF_CM_MISSED] : cm[WF_CM_CLEARED];

				x[r] = k < WF_CM_COUNT ? cm[k] : a + b > 0 ? a / (a + b) : NAN;
			}
			wf_summary_of(x, (size_t)reps, &f->s[k]);
		}
	}
	free(x);
}

void
wf_run_build(struct wf_run *run, const struct wf_model *m, const struct wf_settings *set,
	     const struct wf_rep_result *res)
{
	long reps = set->replications, r;
	double *x;
	size_t k, i;
	struct wf_capacity cap;
	char err[256];

	memset(run, 0, sizeof(*run));
	run->model_name = wf_xstrdup(m->name ? m->name : m->file);
	run->model_file = wf_xstrdup(m->file);
	run->time_unit = wf_xstrdup(wf_unit_name(m->unit));
	run->unit_minutes = wf_unit_seconds(m->unit) / 60.0;
	run->horizon = set->horizon;
	run->warmup = set->warmup;
	run->drain = set->drain > 0 ? set->drain : 10 * (set->horizon - set->warmup);
	run->replications = reps;
	run->seed = (unsigned long long)set->seed;
	run->has_sla = m->has_sla;

	run->rep = wf_xcalloc((size_t)reps * WF_M_COUNT, sizeof(double));
	x = wf_xmalloc(sizeof(double) * (size_t)reps);
	for (k = 0; k < WF_M_COUNT; k++) {
		for (r = 0; r < reps; r++) {
			x[r] = res[r].metric[k];
			run->rep[(size_t)r * WF_M_COUNT + k] = x[r];
		}
		wf_summary_of(x, (size_t)reps, &run->metric[k]);
	}
	for (r = 0; r < reps; r++)
		x[r] = res[r].window_days;
	run->window_days = reps > 0 ? gsl_stats_mean(x, 1, (size_t)reps) : NAN;
	free(x);

	run->n_steps = m->n_steps;
	items_alloc(&run->steps, m->n_steps);
	for (i = 0; i < m->n_steps; i++) {
		run->steps[i].id = wf_xstrdup(m->steps[i].id);
		run->steps[i].no_resource = m->steps[i].resource < 0;
		SUMMARISE(&run->steps[i].s[0], res, reps, step_visits, i);
		SUMMARISE(&run->steps[i].s[1], res, reps, step_wait, i);
		SUMMARISE(&run->steps[i].s[2], res, reps, step_service, i);
	}
	run->n_resources = m->n_resources;
	items_alloc(&run->resources, m->n_resources);
	for (i = 0; i < m->n_resources; i++) {
		run->resources[i].id = wf_xstrdup(m->resources[i].id);
		run->resources[i].is_machine = m->resources[i].is_machine;
		SUMMARISE(&run->resources[i].s[0], res, reps, res_utilization, i);
		SUMMARISE(&run->resources[i].s[1], res, reps, res_queue, i);
		SUMMARISE(&run->resources[i].s[2], res, reps, res_busy, i);
		SUMMARISE(&run->resources[i].s[3], res, reps, res_overtime, i);
	}
	run->n_outcomes = m->n_outcomes;
	items_alloc(&run->outcomes, m->n_outcomes);
	for (i = 0; i < m->n_outcomes; i++) {
		run->outcomes[i].id = wf_xstrdup(m->outcomes[i]);
		run->outcomes[i].kind = (int)m->outcome_kind[i];
		SUMMARISE(&run->outcomes[i].s[0], res, reps, outcome_share, i);
		SUMMARISE(&run->outcomes[i].s[1], res, reps, outcome_auto, i);
	}
	if (reps > 0)
		build_plot_data(run, res, reps);
	build_weekly(run, m, res, reps);
	build_classifiers(run, m, res, reps);
	build_segments(run, m, res, reps);

	run->arrivals_per_day = run->max_per_day = NAN;
	if (wf_check_capacity(m, &cap, err, sizeof(err)) == 0) {
		double per_day = 1440.0 / run->unit_minutes;

		run->arrivals_per_day = cap.arrival_rate * per_day;
		run->max_per_day = cap.max_rate * per_day;
		wf_capacity_fini(&cap);
	}
	run->econ = wf_xcalloc(1, sizeof(*run->econ));
	wf_econ_build(run->econ, m, res, reps, run->arrivals_per_day);
	run->has_economics = m->economics.present;
	run->one_off = m->economics.one_off;
	run->per_month = m->economics.per_month;
	run->currency = m->economics.currency ? wf_xstrdup(m->economics.currency) : NULL;
}

static void
items_free(struct wf_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(items[i].id);
	free(items);
}

void
wf_run_fini(struct wf_run *run)
{
	size_t i;

	free(run->model_name);
	free(run->model_file);
	free(run->time_unit);
	free(run->rep);
	free(run->weekly_rep);
	for (i = 0; i < run->n_segments; i++)
		free(run->segment_names[i]);
	free(run->segment_names);
	free(run->segment);
	free(run->segment_rep);
	for (i = 0; i < run->n_classifiers; i++)
		free(run->classifiers[i].id);
	free(run->classifiers);
	free(run->currency);
	items_free(run->steps, run->n_steps);
	items_free(run->resources, run->n_resources);
	items_free(run->outcomes, run->n_outcomes);
	wf_warnings_fini(&run->warnings);
	if (run->econ != NULL)
		wf_econ_fini(run->econ);
	free(run->econ);
	memset(run, 0, sizeof(*run));
}

static void
warnings_vadd(struct wf_warnings *w, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	w->msg = wf_xrealloc(w->msg, (w->n + 1) * sizeof(*w->msg));
	w->msg[w->n] = wf_xmalloc((size_t)(n > 0 ? n : 0) + 1);
	vsnprintf(w->msg[w->n], (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	w->n++;
}

void
wf_warnings_add(struct wf_warnings *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warnings_vadd(w, fmt, ap);
	va_end(ap);
}

void
wf_warnings_fini(struct wf_warnings *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->msg[i]);
	free(w->msg);
	w->msg = NULL;
	w->n = 0;
}

void
wf_run_warn(struct wf_run *run, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warnings_vadd(&run->warnings, fmt, ap);
	va_end(ap);
}

void
wf_comparison_gather_warnings(struct wf_comparison *c)
{
	size_t i;

	for (i = 0; i < c->as_is.warnings.n; i++)
		wf_warnings_add(&c->warnings, "as-is: %s", c->as_is.warnings.msg[i]);
	for (i = 0; i < c->to_be.warnings.n; i++)
		wf_warnings_add(&c->warnings, "to-be: %s", c->to_be.warnings.msg[i]);
}

/* The weekly differences, paired (or Welch) like the overall ones; a, b are scratch of n. */
static void
weekly_diff(struct wf_comparison *c, long n, double *a, double *b)
{
	const struct wf_run *A = &c->as_is, *B = &c->to_be;
	size_t w, k;
	long r;

	c->n_weeks = A->n_weeks < B->n_weeks ? A->n_weeks : B->n_weeks;
	if (A->weekly_rep == NULL || B->weekly_rep == NULL)
		c->n_weeks = 0;	/* read back from JSON: no replications to pair */
	for (w = 0; w < c->n_weeks; w++)
		for (k = 0; k < WF_W_COUNT; k++) {
			for (r = 0; r < n; r++) {
				a[r] = A->weekly_rep[((size_t)r * A->n_weeks + w) * WF_W_COUNT + k];
				b[r] = B->weekly_rep[((size_t)r * B->n_weeks + w) * WF_W_COUNT + k];
			}
			if (c->common_random_numbers)
				wf_summary_paired(a, b, (size_t)n, &c->weekly_diff[w][k]);
			else
				wf_summary_welch(a, (size_t)n, b, (size_t)n, &c->weekly_diff[w][k]);
		}
}

/* The segment differences: each segment of the to-be run that the as-is run has too (by
 * name), paired (or Welch) like the overall ones; a, b are scratch of n. */
static void
segment_diff(struct wf_comparison *c, long n, double *a, double *b)
{
	const struct wf_run *A = &c->as_is, *B = &c->to_be;
	size_t i, j, k;
	long r;

	free(c->segment_diff);
	c->segment_diff = NULL;
	c->n_segment_diff = 0;
	if (A->segment_rep == NULL || B->segment_rep == NULL || B->n_segments == 0)
		return;
	c->segment_diff = wf_xcalloc(B->n_segments, sizeof(*c->segment_diff));
	for (j = 0; j < B->n_segments; j++) {
		struct wf_segment_diff *sd;

		for (i = 0; i < A->n_segments; i++)
			if (strcmp(A->segment_names[i], B->segment_names[j]) == 0)
				break;
		if (i == A->n_segments)
			continue;
		sd = &c->segment_diff[c->n_segment_diff++];
		sd->a = i;
		sd->b = j;
		for (k = 0; k < WF_SEG_METRIC_COUNT; k++) {
			size_t mk = (size_t)wf_segment_metrics[k];

			for (r = 0; r < n; r++) {
				a[r] = A->segment_rep[((size_t)r * A->n_segments + i) * WF_M_COUNT + mk];
				b[r] = B->segment_rep[((size_t)r * B->n_segments + j) * WF_M_COUNT + mk];
			}
			if (c->common_random_numbers)
				wf_summary_paired(a, b, (size_t)n, &sd->d[mk]);
			else
				wf_summary_welch(a, (size_t)n, b, (size_t)n, &sd->d[mk]);
		}
	}
}

void
wf_comparison_diff(struct wf_comparison *c)
{
	long n = c->as_is.replications < c->to_be.replications ?
	    c->as_is.replications : c->to_be.replications;
	double *a = wf_xmalloc(sizeof(double) * (size_t)(n ? n : 1));
	double *b = wf_xmalloc(sizeof(double) * (size_t)(n ? n : 1));
	size_t k;
	long r;

	for (k = 0; k < WF_M_COUNT; k++) {
		struct wf_summary *d = &c->diff[k];
		double base = c->as_is.metric[k].mean;

		for (r = 0; r < n; r++) {
			a[r] = c->as_is.rep[(size_t)r * WF_M_COUNT + k];
			b[r] = c->to_be.rep[(size_t)r * WF_M_COUNT + k];
		}
		/* With common random numbers replication r of both models saw the same cases, so
		 * the per-replication differences are the sample; without them the two runs are
		 * independent samples and Welch's interval is the honest one. */
		if (c->common_random_numbers)
			wf_summary_paired(a, b, (size_t)n, d);
		else
			wf_summary_welch(a, (size_t)n, b, (size_t)n, d);
		c->relative[k] = (base != 0 && isfinite(base)) ? d->mean / base : NAN;
		c->significant[k] = d->n >= 2 && isfinite(d->ci95) && fabs(d->mean) > d->ci95;
	}
	weekly_diff(c, n, a, b);
	segment_diff(c, n, a, b);
	free(a);
	free(b);
}

void
wf_comparison_fini(struct wf_comparison *c)
{
	wf_run_fini(&c->as_is);
	wf_run_fini(&c->to_be);
	wf_warnings_fini(&c->warnings);
	wf_econ_cmp_fini(&c->econ);
	free(c->segment_diff);
	c->segment_diff = NULL;
	c->n_segment_diff = 0;
}

void
wf_scenarios_gather_warnings(struct wf_scenarios *s)
{
	size_t i, k;

	for (k = 0; k < s->base.warnings.n; k++)
		wf_warnings_add(&s->warnings, "base: %s", s->base.warnings.msg[k]);
	for (i = 0; i < s->n; i++)
		for (k = 0; k < s->cmp[i].to_be.warnings.n; k++)
			wf_warnings_add(&s->warnings, "scenario %zu (%s): %s", i + 1,
					s->cmp[i].to_be.model_name, s->cmp[i].to_be.warnings.msg[k]);
}

void
wf_scenarios_fini(struct wf_scenarios *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		/* the base is shared: freed once, below */
		memset(&s->cmp[i].as_is, 0, sizeof(s->cmp[i].as_is));
		wf_comparison_fini(&s->cmp[i]);
	}
	free(s->cmp);
	wf_run_fini(&s->base);
	wf_warnings_fini(&s->warnings);
	memset(s, 0, sizeof(*s));
}
