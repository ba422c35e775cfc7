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

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

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

/* "    priority 2: answer (tier=vip, gold), rework": the steps of pool r whose visits have
 * priority `level`, with the attribute values that give it to a step's visits. */
static void
print_class(FILE *out, const struct wf_model *m, size_t r, int level)
{
	const char *sep = "";
	size_t i, k;

	fprintf(out, "    priority %d: ", level);
	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];
		const struct wf_attribute *a;
		int first = 1;

		if (st->resource != (int)r)
			continue;
		if (st->priority_by == NULL) {
			if (st->priority == level) {
				fprintf(out, "%s%s", sep, st->id);
				sep = ", ";
			}
			continue;
		}
		a = &m->attributes[st->priority_attr];
		for (k = 0; k < a->n_values; k++) {
			if (st->priority_by[k] != level)
				continue;
			if (first)
				fprintf(out, "%s%s (%s=%s", sep, st->id, a->name, a->values[k]);
			else
				fprintf(out, ", %s", a->values[k]);
			first = 0;
		}
		if (!first) {
			fputc(')', out);
			sep = ", ";
		}
	}
	fputc('\n', out);
}

/* A time of day in model units as "10:00". */
static void
clock_time(double t, double um, char *buf, size_t len)
{
	long min = lround(t * um);

	snprintf(buf, len, "%02ld:%02ld", min / 60, min % 60);
}

/* "Mon-Fri", "Sat, Sun" ... "daily": the days of mask (bit 0 Monday), runs joined. */
static void
day_list(unsigned mask, char *buf, size_t len)
{
	static const char *const day[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	size_t used = 0;
	int d = 0, e;

	buf[0] = '\0';
	if (mask == 0x7F) {
		snprintf(buf, len, "daily");
		return;
	}
	while (d < 7) {
		if (!(mask >> d & 1)) {
			d++;
			continue;
		}
		for (e = d; e + 1 < 7 && (mask >> (e + 1) & 1); e++)
			;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s", used ? ", " : "",
						 day[d], e > d ? "-" : "", e > d ? day[e] : "");
		d = e + 1;
	}
}

/* A timed batch's releases: "10:00, 15:00 on Mon-Fri" when they are the same times every
 * day they happen (as the model says them), else every release of the week. */
static void
release_times(const struct wf_step *st, double um, double week, char *buf, size_t len)
{
	double day = week / 7, tod[64] = { 0 };
	size_t i, k, n_tod = 0, used = 0;
	unsigned mask = 0;
	int days = 0;
	char t[32], d[64];

	for (i = 0; i < st->n_batch_at; i++) {
		double x = fmod(st->batch_at[i], day);
		unsigned bit = 1u << ((int)floor(st->batch_at[i] / day) % 7);

		for (k = 0; k < n_tod && fabs(tod[k] - x) > 1e-9 * day; k++)
			;
		if (k == n_tod && n_tod < sizeof(tod) / sizeof(tod[0]))
			tod[n_tod++] = x;
		if (!(mask & bit))
			days++;
		mask |= bit;
	}
	buf[0] = '\0';
	if ((size_t)days * n_tod == st->n_batch_at) {
		qsort(tod, n_tod, sizeof(double), cmp_double);
		for (k = 0; k < n_tod && used < len; k++) {
			clock_time(tod[k], um, t, sizeof(t));
			used += (size_t)snprintf(buf + used, len - used, "%s%s", k ? ", " : "", t);
		}
		day_list(mask, d, sizeof(d));
		if (used < len)
			snprintf(buf + used, len - used, " %s%s", mask == 0x7F ? "" : "on ", d);
		return;
	}
	for (i = 0; i < st->n_batch_at && used < len; i++) {
		week_time(st->batch_at[i], um, t, sizeof(t));
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", t);
	}
}

/* The longest time between two releases of a timed batch, round the week. */
static double
longest_gap(const struct wf_step *st, double week)
{
	double g, most = 0;
	size_t i;

	for (i = 0; i < st->n_batch_at; i++) {
		g = i + 1 < st->n_batch_at ? st->batch_at[i + 1] - st->batch_at[i] :
		    st->batch_at[0] + week - st->batch_at[i];
		if (g > most)
			most = g;
	}
	return most;
}

/* "  batch: sign is released at 10:00, 15:00 on Mon-Fri; a visit is held 18 h on average,
 * then queues for managers": the release rule, and the mean hold where it is known. */
static void
print_batch(FILE *out, const struct wf_model *m, const struct wf_capacity *cap, size_t s)
{
	const struct wf_step *st = &m->steps[s];
	double um = wf_unit_seconds(m->unit) / 60.0;
	char rule[512], w[48];

	if (st->n_batch_at > 0) {
		release_times(st, um, cap->week, rule, sizeof(rule));
		fprintf(out, "  batch: %s is released at %s", st->id, rule);
	} else {
		wf_format_time(st->batch_max_wait, um, w, sizeof(w));
		if (st->batch_size > 0 && isfinite(st->batch_max_wait))
			fprintf(out, "  batch: %s is released when %ld are held or the first has waited %s",
				st->id, st->batch_size, w);
		else if (st->batch_size > 0)
			fprintf(out, "  batch: %s is released when %ld are held", st->id, st->batch_size);
		else
			fprintf(out, "  batch: %s is released when the first held has waited %s", st->id, w);
	}
	if (isfinite(cap->batch_hold[s])) {
		wf_format_time(cap->batch_hold[s], um, w, sizeof(w));
		fprintf(out, "; a visit is held %s on average", w);
		if (st->resource >= 0)
			fprintf(out, ", then queues for %s", m->resources[st->resource].id);
		fputc('\n', out);
		return;
	}
	/* Without the mean, the longest a visit can be held is still known exactly. */
	if (st->n_batch_at > 0) {
		wf_format_time(longest_gap(st, cap->week), um, w, sizeof(w));
		fprintf(out, "; a visit is held at most %s (the longest gap between releases)", w);
	} else if (isfinite(st->batch_max_wait)) {
		wf_format_time(st->batch_max_wait, um, w, sizeof(w));
		fprintf(out, "; a visit is held at most %s", w);
	}
	if (st->has_max_wait)
		fprintf(out, "; the mean hold is not computed: the step's max_wait lets visits give "
			"up while held\n");
	else if (st->n_batch_at > 0)
		fprintf(out, "; the mean hold is not computed: visits do not reach it at a rate "
			"steady in time (calendars, shifts, holidays, a profile, a trace, a limit, a "
			"ramp or another timed batch)\n");
	else
		fprintf(out, "; the mean hold is not computed: it is known for Poisson arrivals "
			"entering at this step (the first) only\n");
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
			for (k = 0; k < n; k++)
				print_class(out, m, i, lv[k]);
		}
		free(lv);
	}
	for (i = 0; i < m->n_steps; i++)
		if (m->steps[i].has_batch)
			print_batch(out, m, cap, i);
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
