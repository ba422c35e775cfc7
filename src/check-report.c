/* What `check` tells the user about a model: its capacity figures in words (arrivals, visits,
 * pools, priorities, peaks, a finite workload), and the verdicts run, check and compare
 * share (an overloaded or busy pool, an observation window that measures nothing or breaks
 * the week), as located diagnostics.  The numbers come from src/check.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "wfsim/check-report.h"
#include "wfsim/table.h"
#include "wfsim/textwidth.h"
#include "wfsim/units.h"

/* A week position (model units since Monday 00:00) as "Tue 14:30". */
static void
week_time(double pos, double unit_minutes, char *buf, size_t len)
{
	static const char *const day[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	long min = lround(pos * unit_minutes) % 10080;

	if (min < 0)
		min += 10080;
	snprintf(buf, len, "%s %02ld:%02ld", day[min / 1440], (min % 1440) / 60, min % 60);
}

/* A peak in words: "Mon 08:00-Mon 20:00". */
static void
peak_window(const struct wf_peak *p, double um, char *buf, size_t len)
{
	char a[24], b[24];

	week_time(p->from, um, a, sizeof(a));
	week_time(p->to, um, b, sizeof(b));
	snprintf(buf, len, "%s-%s", a, b);
}

/* Why a peak's backlog is carried, and where, for messages. */
static void
peak_carried(const struct wf_peak *p, double um, char *buf, size_t len)
{
	char at[24];

	week_time(p->carried_at, um, at, sizeof(at));
	if (p->carried_by == WF_PEAK_CLOSES)
		snprintf(buf, len, "%.0f cases still queued when the pool closes at %s", p->left, at);
	else if (p->carried_by == WF_PEAK_NEXT)
		snprintf(buf, len, "%.0f cases still queued when its next peak starts at %s", p->left, at);
	else
		snprintf(buf, len, "%.0f cases still queued a week later", p->left);
}

void
wf_check_print(FILE *out, const struct wf_model *m, const struct wf_capacity *cap)
{
	double um = wf_unit_seconds(m->unit) / 60.0, per_day = 1440.0 / um;
	const struct wf_arrivals *a = &m->arrivals;
	size_t i;
	char buf[48], w[64], why[128], t0[48], t1[48];

	fprintf(out, "%s: \"%s\": %zu steps, %zu resources, %zu calendar(s), %zu attribute(s)\n", m->file,
	       m->name ? m->name : "", m->n_steps, m->n_resources, m->n_calendars, m->n_attributes);
	fprintf(out, "  arrivals: %.1f cases/day on average\n", cap->arrival_rate * per_day);
	if (a->kind == WF_ARRIVE_RATE && a->rate_unitless)
		fprintf(out, "  note: 'rate: %g' has no unit, so it means %g per %s (the model's time unit): "
		       "%.1f cases/day; write it as e.g. %g/d to be sure\n", a->rate, a->rate,
		       wf_unit_name(m->unit), a->rate * per_day, a->rate * per_day);
	if (a->kind == WF_ARRIVE_TRACE) {
		if (a->n_trace > 0) {
			wf_format_span(a->trace_at[0], um, t0, sizeof(t0));
			wf_format_span(a->trace_at[a->n_trace - 1], um, t1, sizeof(t1));
			wf_format_time(a->trace_at[a->n_trace - 1] - a->trace_at[0], um, buf, sizeof(buf));
			fprintf(out, "  trace: %zu cases arriving from %s to %s after the start (a span of %s), "
			       "%.1f cases/day\n", a->n_trace, t0, t1, buf, cap->arrival_rate * per_day);
		} else {
			fprintf(out, "  trace: no cases\n");
		}
	}
	fprintf(out, "  expected visits per case:");
	for (i = 0; i < m->n_steps; i++)
		fprintf(out, "%s %s %.2f", i ? "," : "", m->steps[i].id, cap->visits[i]);
	fprintf(out, "\n");
	wf_format_time(cap->touch_time, um, buf, sizeof(buf));
	fprintf(out, "  human touch time per case: %s\n", buf);
	fprintf(out, "  %-16s %6s %10s %10s %12s\n", "resource", "kind", "servers", "offered", "utilisation");
	for (i = 0; i < m->n_resources; i++) {
		const struct wf_resource *r = &m->resources[i];

		/* names padded by their width on screen: "Prüfer" lines up with "Gutachter" */
		fputs("  ", out);
		wf_text_pad(out, r->id, 16);
		if (r->capacity == WF_UNLIMITED)
			fprintf(out, " %6s %10s %10.2f %12s\n", r->is_machine ? "machine" : "human",
				"unlimited", cap->offered[i], "-");
		else
			fprintf(out, " %6s %10.2f %10.2f %11.1f%%\n", r->is_machine ? "machine" : "human",
				cap->available[i], cap->offered[i], 100 * cap->utilization[i]);
	}
	for (i = 0; i < m->n_resources; i++) {
		size_t n, k;
		int *lv = wf_model_priority_levels(m, i, &n);

		if (n > 1) {
			fprintf(out, "  priorities: %s serves %zu classes, highest first (", m->resources[i].id, n);
			for (k = 0; k < n; k++)
				fprintf(out, "%s%d", k ? ", " : "", lv[k]);
			fprintf(out, "), first come first served within a class; the offered load is the same\n");
		}
		free(lv);
	}
	if (cap->bottleneck >= 0)
		fprintf(out, "  bottleneck: %s at %.1f%%; the process can sustain up to %.1f cases/day\n",
		       m->resources[cap->bottleneck].id, 100 * cap->utilization[cap->bottleneck],
		       cap->max_rate * per_day);
	else
		fprintf(out, "  no pool limits throughput\n");
	for (i = 0; i < cap->n_peaks; i++) {
		const struct wf_peak *p = &cap->peaks[i];

		peak_window(p, um, w, sizeof(w));
		if (p->carried)
			peak_carried(p, um, why, sizeof(why));
		else {
			week_time(p->cleared, um, t0, sizeof(t0));
			snprintf(why, sizeof(why), "cleared by %s", t0);
		}
		fprintf(out, "  peak: %s %s: offered %.2f servers of work, %.2f open; %.1f server-hours "
		       "(%.0f cases) queued at its end, %s\n", m->resources[p->resource].id, w,
		       p->offered, p->servers, p->backlog * um / 60.0, p->cases, why);
	}
	if (cap->finite) {
		wf_format_span(cap->arrivals_end, um, t0, sizeof(t0));
		if (isfinite(cap->drain))
			wf_format_span(cap->drain, um, t1, sizeof(t1));
		else
			snprintf(t1, sizeof(t1), "never");
		fprintf(out, "  finite workload: %.0f cases, the last arriving %s after the start; "
		       "the work is done %s%s after the start%s%s%s (at least: a fluid estimate at the "
		       "servers open)\n", cap->cases, t0, isfinite(cap->drain) ? "about " : "", t1,
		       cap->drain_resource >= 0 ? ", pool '" : "",
		       cap->drain_resource >= 0 ? m->resources[cap->drain_resource].id : "",
		       cap->drain_resource >= 0 ? "' last" : "");
	}
	if (cap->approximate)
		fprintf(out, "  note: too many attribute combinations to route exactly; visits are approximate\n");
	if (cap->averaged)
		fprintf(out, "  note: ramps, calibration curves and durations by attribute enter as their "
		       "averages (over the measured window, over the attribute's distribution)\n");
	for (i = 0; i < m->n_steps; i++)
		if (m->steps[i].has_max_wait) {
			fprintf(out, "  note: the load leaves out timeouts (max_wait): paths taken only on a "
			       "timeout show no visits\n");
			break;
		}
}

/* The capacity verdict, located at each resource: an overloaded pool (on the weekly mean, or
 * a peak whose backlog the quiet hours after it do not clear) is an error unless
 * allow_overload, a busy one (> 90%) a warning.  A finite workload is never an overload.
 * The same for check, run and compare.  Returns 1 when the model is overloaded. */
int
wf_check_verdict(const struct wf_model *m, const struct wf_capacity *cap, int allow_overload,
		 struct wf_diag *diag, char *what, size_t whatlen)
{
	size_t used = 0;

	double um = wf_unit_seconds(m->unit) / 60.0;
	enum wf_severity sev = allow_overload ? WF_WARNING : WF_ERROR;
	const char *tail = allow_overload ? "" : " (use --allow-overload to simulate anyway)";
	char w[64], why[128];
	size_t k, i;

	for (k = 0; k < m->n_resources; k++) {
		const struct wf_resource *r = &m->resources[k];
		double u = cap->utilization[k];

		if (r->capacity == WF_UNLIMITED || cap->offered[k] <= 0)
			continue;
		if (cap->finite) {
			if (u >= 1.0)
				wf_diag_warning(diag, m->file, r->mark.line, r->mark.col,
						"resource '%s' is offered %.2f servers of work but has %.2f "
						"on average: a finite workload, so its queue builds up while "
						"cases arrive and drains afterwards", r->id, cap->offered[k],
						cap->available[k]);
			continue;
		}
		if (u >= 1.0) {
			wf_diag_add(diag, sev, m->file, r->mark.line, r->mark.col,
				    "resource '%s' is offered %.2f servers of work but has %.2f on average "
				    "(utilisation %.0f%%): queues grow without bound%s", r->id,
				    cap->offered[k], cap->available[k], 100 * u, tail);
			if (used < whatlen)
				used += (size_t)snprintf(what + used, whatlen - used, "%sresource '%s' "
				    "at %.0f%% on the weekly mean", used ? "; " : "", r->id, 100 * u);
			continue;
		}
		for (i = 0; i < cap->n_peaks; i++) {
			const struct wf_peak *p = &cap->peaks[i];

			if (p->resource != (int)k || !p->carried)
				continue;
			peak_window(p, um, w, sizeof(w));
			peak_carried(p, um, why, sizeof(why));
			wf_diag_add(diag, sev, m->file, r->mark.line, r->mark.col,
				    "resource '%s' cannot serve its peak %s: offered %.2f servers of work "
				    "with %.2f open, it builds %.0f cases (%.1f server-hours) of backlog, "
				    "%s, although its weekly mean is %.0f%%: queues grow%s", r->id, w,
				    p->offered, p->servers, p->cases, p->backlog * um / 60.0, why, 100 * u,
				    tail);
			if (used < whatlen)
				used += (size_t)snprintf(what + used, whatlen - used, "%sresource '%s' "
				    "cannot serve its peak %s", used ? "; " : "", r->id, w);
		}
		if (!wf_capacity_overloaded_at(cap, k) && u > 0.9)
			wf_diag_warning(diag, m->file, r->mark.line, r->mark.col,
					"resource '%s' is at %.0f%% utilisation: waits will be long and "
					"sensitive to small changes", r->id, 100 * u);
	}
	return wf_capacity_overloaded(cap);
}

/* Does the model's week matter: a calendar, shifts or an arrival profile? */
static int
has_week(const struct wf_model *m)
{
	size_t k;

	if (m->arrivals.kind == WF_ARRIVE_PROFILE)
		return 1;
	for (k = 0; k < m->n_resources; k++)
		if (m->resources[k].calendar >= 0 || m->resources[k].has_shifts)
			return 1;
	return 0;
}

/* Checks of the observation window [warm-up, horizon) against the model: a trace with no
 * arrival in it is an error (nothing would be measured); a window that is not whole weeks in
 * a model whose week matters is a warning (some weekdays would count more than others); a
 * finite workload still arriving after the horizon is a warning. */
void
wf_check_window(const struct wf_model *m, const struct wf_settings *set, const struct wf_capacity *cap,
		struct wf_diag *diag)
{
	const struct wf_arrivals *a = &m->arrivals;
	double um = wf_unit_seconds(m->unit) / 60.0, week = 10080.0 / um;
	double len = set->horizon - set->warmup, weeks = len / week;
	char b0[48], b1[48], b2[48], b3[48];
	size_t i, n, in = 0;

	if (a->kind == WF_ARRIVE_TRACE) {
		n = a->limit >= 0 && (size_t)a->limit < a->n_trace ? (size_t)a->limit : a->n_trace;
		for (i = 0; i < n; i++)
			if (a->trace_at[i] >= set->warmup && a->trace_at[i] < set->horizon)
				in++;
		if (in == 0 && n > 0) {
			wf_format_span(a->trace_at[0], um, b0, sizeof(b0));
			wf_format_span(a->trace_at[n - 1], um, b1, sizeof(b1));
			wf_format_span(set->warmup, um, b2, sizeof(b2));
			wf_format_span(set->horizon, um, b3, sizeof(b3));
			wf_diag_error(diag, m->file, a->mark.line, a->mark.col,
				      "no case of the trace arrives in the observation window (from the "
				      "warm-up, %s, to the horizon, %s): its %zu cases arrive from %s to %s "
				      "after the start, so nothing would be measured; shorten the warm-up",
				      b2, b3, n, b0, b1);
		}
	}
	if (has_week(m) && fabs(weeks - floor(weeks + 0.5)) > 1e-9 * (1 + weeks)) {
		double whole = floor(weeks + 0.5) < 1 ? 1 : floor(weeks + 0.5);

		wf_format_span(len, um, b0, sizeof(b0));
		wf_format_span(whole * week, um, b1, sizeof(b1));
		wf_format_span(set->warmup + whole * week, um, b2, sizeof(b2));
		wf_diag_warning(diag, m->file, 0, 0,
				"the observation window (horizon minus warm-up) is %s, not a whole number of "
				"weeks: the model's calendars, shifts or arrival profile repeat every week, "
				"so some weekdays weigh more than others in every figure; make it %s "
				"(horizon %s)", b0, b1, b2);
	}
	if (cap->finite && cap->arrivals_end >= set->horizon) {
		wf_format_span(cap->arrivals_end, um, b0, sizeof(b0));
		wf_format_span(set->horizon, um, b1, sizeof(b1));
		wf_diag_warning(diag, m->file, a->mark.line, a->mark.col,
				"the finite workload's cases arrive until %s after the start, past the "
				"horizon (%s): those arriving after it are not measured", b0, b1);
	}
}
