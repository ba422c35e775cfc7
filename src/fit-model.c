/* The draft model of `wfsim fit`: the aggregates of an event log written as a commented
 * model (format v1) -- arrivals with a weekly profile, resources with a capacity and a
 * calendar, steps with fitted durations and routes from the directly-follows relation.
 * Every estimate carries a comment: how many observations, which fit, what to check. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "wfsim/fit.h"
#include "wfsim/units.h"
#include "wfsim/xalloc.h"

static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* A name as YAML: bare when it is a plain word, else double-quoted with escapes. */
static void
yname(FILE *fp, const char *s)
{
	static const char *const reserved[] = { "true", "false", "yes", "no", "on", "off", "null",
						"y", "n", "~", NULL };
	const char *p;
	int plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_';
	int i;

	for (p = s; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.';
	for (i = 0; reserved[i] && plain; i++)
		if (strcasecmp(s, reserved[i]) == 0)
			plain = 0;
	if (plain) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* A duration in seconds, written in minutes. */
static void
ydur(FILE *fp, double sec)
{
	fprintf(fp, "%.6gm", sec / 60);
}

/* A count of one thing (a destination of a flow, an hour, a day), ordered most first, then
 * by id. */
struct tally {
	int id;
	long n;
};

static int
most_first(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->id - y->id;
}

/* ---------- routing ---------- */

/* The destinations from `from` (for attribute attr = value, or overall with attr -1),
 * most frequent first.  Returns how many; *total their sum. */
static size_t
dests(const struct wf_fit_log *log, int from, int attr, int value, struct tally **out, long *total)
{
	size_t i, n = 0;

	*out = NULL;
	*total = 0;
	for (i = 0; i < log->cap_flows; i++) {
		const struct wf_fit_flow *f = &log->flows[i];

		if (f->count == 0 || f->from != from || f->attr != attr || (attr >= 0 && f->value != value))
			continue;
		*out = wf_xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = (struct tally){ f->to, f->count };
		*total += f->count;
	}
	if (n > 1)
		qsort(*out, n, sizeof(**out), most_first);
	return n;
}

static void
ytarget(FILE *fp, const struct wf_fit_log *log, int to, const char *key)
{
	if (to >= 0) {
		fprintf(fp, "%s: ", key);
		yname(fp, log->acts[to].name);
	} else if (strcmp(key, "to") == 0) {
		fputs("end: ", fp);
		yname(fp, log->outcomes[-to - 1]);
	} else {
		fprintf(fp, "%s: { end: ", key);
		yname(fp, log->outcomes[-to - 1]);
		fputs(" }", fp);
	}
}

/* Probabilities rounded to 6 decimals, the last one making the sum exactly 1. */
static void
route_by_p(FILE *fp, const struct wf_fit_log *log, const struct tally *d, size_t n, long total,
	   const char *indent)
{
	double sum = 0;
	size_t i;

	fprintf(fp, "%sroute:\n", indent);
	for (i = 0; i < n; i++) {
		double p = i + 1 < n ? round(1e6 * (double)d[i].n / (double)total) / 1e6 : 1 - sum;

		sum += p;
		fprintf(fp, "%s  - { p: %.6f, ", indent, p < 0 ? 0 : p);
		ytarget(fp, log, d[i].id, "to");
		fprintf(fp, " }   # %ld of %ld\n", d[i].n, total);
	}
}

/* An attribute explains the branch when, for each of its values, one destination takes
 * 99% of the cases or more, and the values do not all go to the same place.  Returns the
 * attribute's index and fills dest_of (per value; -2 for values never seen), or -1. */
static int
explaining_attribute(const struct wf_fit_log *log, int from, int *dest_of)
{
	size_t a;

	for (a = 0; a < log->n_attrs; a++) {
		const struct wf_fit_attribute *at = &log->attrs[a];
		int v, ok = 1, first = -3, differ = 0;

		for (v = 0; v < at->n_values && ok; v++) {
			struct tally *d;
			long total;
			size_t n = dests(log, from, (int)a, v, &d, &total);

			dest_of[v] = -2;
			if (n > 0) {
				ok = (double)d[0].n >= 0.99 * (double)total;
				dest_of[v] = d[0].id;
				if (first == -3)
					first = d[0].id;
				else if (d[0].id != first)
					differ = 1;
			}
			free(d);
		}
		if (ok && differ)
			return (int)a;
	}
	return -1;
}

static void
write_routing(FILE *fp, const struct wf_fit_log *log, int from, const char *indent)
{
	struct tally *d;
	long total;
	size_t n = dests(log, from, -1, 0, &d, &total);
	int dest_of[WF_FIT_MAX_VALUES];
	int a;

	if (n == 0) {
		fprintf(fp, "%send: done     # CHECK: no case went on from here\n", indent);
	} else if (n == 1) {
		if (d[0].id >= 0) {
			fprintf(fp, "%snext: ", indent);
			yname(fp, log->acts[d[0].id].name);
		} else {
			fprintf(fp, "%send: ", indent);
			yname(fp, log->outcomes[-d[0].id - 1]);
		}
		fprintf(fp, "   # all %ld cases\n", total);
	} else if ((a = explaining_attribute(log, from, dest_of)) >= 0) {
		const struct wf_fit_attribute *at = &log->attrs[a];
		int v, else_to = d[0].id;

		fprintf(fp, "%s# the branch follows '%s': each value goes one way in 99%% of cases "
			"or more\n%sroute:\n", indent, at->name, indent);
		for (v = 0; v < at->n_values; v++) {
			if (dest_of[v] == -2 || dest_of[v] == else_to)
				continue;
			fprintf(fp, "%s  - { when: { ", indent);
			yname(fp, at->name);
			fputs(": ", fp);
			yname(fp, at->values[v]);
			fputs(" }, ", fp);
			ytarget(fp, log, dest_of[v], "to");
			fputs(" }\n", fp);
		}
		fprintf(fp, "%s  - { ", indent);
		ytarget(fp, log, else_to, "else");
		fputs(" }\n", fp);
	} else {
		route_by_p(fp, log, d, n, total, indent);
	}
	free(d);
}

/* ---------- durations ---------- */

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
write_empirical(FILE *fp, const struct wf_fit_durations *d)
{
	size_t i, n = d->n_sample <= 100 ? d->n_sample : 100;

	fputs("    duration: { dist: empirical, values: [", fp);
	for (i = 0; i < n; i++) {
		double x = d->n_sample <= 100 ? d->sample[i] :
			   wf_fit_quantile(d->sample, d->n_sample, ((double)i + 0.5) / 100);

		fputs(i ? ", " : "", fp);
		ydur(fp, x);
	}
	fputs("] }\n", fp);
}

static void
write_duration(FILE *fp, struct wf_fit_activity *a)
{
	struct wf_fit_durations *d = &a->dur;
	struct wf_fit_result r;
	const struct wf_fit_candidate *c;
	int f;

	if (d->n == 0) {
		fputs("    # CHECK: no complete visit with a start and an end: no duration\n", fp);
		return;
	}
	if (d->max <= 0) {
		fprintf(fp, "    # all %ld visits took no time: no duration\n", d->n);
		return;
	}
	if (d->max == d->min) {
		fprintf(fp, "    duration: ");
		ydur(fp, d->max);
		fprintf(fp, "   # all %ld visits took the same time\n", d->n);
		return;
	}
	if (d->zeros > 0)
		fprintf(fp, "    # %ld of the %ld visits took no time (to the second): only the "
			"exponential can fit\n", d->zeros, d->n);
	if (d->n < 30) {
		qsort(d->sample, d->n_sample, sizeof(double), by_double);
		fprintf(fp, "    # CHECK: only %ld visits, too few to fit a distribution: the observed "
			"times\n", d->n);
		write_empirical(fp, d);
		return;
	}
	wf_fit_durations(d, &r);
	fprintf(fp, "    # %ld visits, mean ", d->n);
	ydur(fp, d->sum / (double)d->n);
	fprintf(fp, "; maximum likelihood on %zu of them, AIC:", d->n_sample);
	for (f = 0; f < WF_FIT_N_FAMILIES; f++)
		if (r.c[f].ok)
			fprintf(fp, " %s %.1f", wf_fit_family_name(f), r.c[f].aic);
	fputc('\n', fp);
	if (r.best < 0 || !r.fits) {
		if (r.best >= 0)
			fprintf(fp, "    # no family fits: the best, %s, is %.4f from the data in KS "
				"distance (more than %.4f is rejected at 1%%); the observed times\n",
				wf_fit_family_name(r.best), r.c[r.best].ks, r.ks_critical);
		write_empirical(fp, d);
		return;
	}
	c = &r.c[r.best];
	fprintf(fp, "    # %s chosen by AIC; KS distance %.4f (rejected above %.4f at 1%%)\n",
		wf_fit_family_name(r.best), c->ks, r.ks_critical);
	switch (r.best) {
	case WF_FIT_EXPONENTIAL:
		fputs("    duration: { dist: exponential, mean: ", fp);
		ydur(fp, c->p1);
		break;
	case WF_FIT_LOGNORMAL: {
		double s2 = c->p2 * c->p2, mean = exp(c->p1 + s2 / 2);

		fputs("    duration: { dist: lognormal, mean: ", fp);
		ydur(fp, mean);
		fputs(", sd: ", fp);
		ydur(fp, mean * sqrt(expm1(s2)));
		break;
	}
	case WF_FIT_GAMMA:
		fprintf(fp, "    duration: { dist: gamma, shape: %.6g, scale: ", c->p1);
		ydur(fp, c->p2);
		break;
	default:
		fprintf(fp, "    duration: { dist: weibull, shape: %.6g, scale: ", c->p1);
		ydur(fp, c->p2);
		break;
	}
	fputs(" }\n", fp);
}

/* ---------- arrivals ---------- */

static void
write_arrivals(FILE *fp, const struct wf_fit_log *log)
{
	double expo[168] = { 0 }, hours, chi2 = 0, total_e = 0;
	long h0, h1, whole, h;
	int i, bins = 0;

	h0 = (long)floor(log->first_arrival / 3600);
	h1 = (long)floor(log->last_arrival / 3600);
	whole = (h1 - h0 + 1) / 168;
	/* exposure: how often each hour of the week occurs between the first and last arrival */
	for (i = 0; i < 168; i++)
		expo[i] = (double)whole;
	for (h = h0 + whole * 168; h <= h1; h++)
		expo[(((h % 168) + 168 + 72) % 168)] += 1;	/* hour 0 of 1970 was a Thursday */
	for (i = 0; i < 168; i++)
		total_e += expo[i];
	hours = total_e;
	for (i = 0; i < 168; i++) {
		double e = (double)log->n_arrivals * expo[i] / total_e;

		if (expo[i] > 0 && e > 0) {
			chi2 += ((double)log->arrivals[i] - e) * ((double)log->arrivals[i] - e) / e;
			bins++;
		}
	}
	fputs("\narrivals:\n", fp);
	fprintf(fp, "  # %ld cases arrived (first event of each case) over %.1f days\n",
		log->n_arrivals, hours / 24);
	if (bins < 2 || gsl_cdf_chisq_Q(chi2, bins - 1) > 0.01) {
		fprintf(fp, "  # no weekly pattern: the hours of the week do not differ significantly "
			"(chi-square %.1f on %d degrees of freedom, p > 0.01)\n", chi2, bins - 1);
		fprintf(fp, "  rate: %.6g/d\n", 24 * (double)log->n_arrivals / hours);
	} else {
		int d;

		fprintf(fp, "  # a weekly profile (chi-square %.1f on %d degrees of freedom, p < 0.01): "
			"neighbouring hours of a day are merged\n  # where their rates do not differ at "
			"the 1%% level; hours left out have no arrivals\n  profile:\n", chi2, bins - 1);
		for (d = 0; d < 7; d++) {
			int from = 0;

			while (from < 24) {
				double c = (double)log->arrivals[d * 24 + from], e = expo[d * 24 + from];
				int to = from + 1;

				while (to < 24) {
					double c2 = (double)log->arrivals[d * 24 + to], e2 = expo[d * 24 + to];
					double pooled, z;

					if (e <= 0 || e2 <= 0)
						break;
					pooled = (c + c2) / (e + e2);
					z = pooled > 0 ? (c / e - c2 / e2) / sqrt(pooled * (1 / e + 1 / e2)) : 0;
					if (fabs(z) > 2.576)
						break;
					c += c2;
					e += e2;
					to++;
				}
				if (c > 0 && e > 0)
					fprintf(fp, "    - { days: %s, hours: \"%02d:00-%02d:00\", rate: %.6g/h }"
						"   # %.0f arrivals\n", day_names[d], from, to, c / e, c);
				from = to;
			}
		}
	}
	if (log->n_attrs > 0) {
		size_t a;

		fputs("  attributes:   # columns constant within each case, shares over the cases "
		      "used\n", fp);
		for (a = 0; a < log->n_attrs; a++) {
			const struct wf_fit_attribute *at = &log->attrs[a];
			long total = 0;
			double sum = 0;
			int v, last = -1, first = 1;

			for (v = 0; v < at->n_values; v++) {
				total += at->cases[v];
				if (at->cases[v] > 0)
					last = v;
			}
			if (total == 0)
				continue;
			fputs("    ", fp);
			yname(fp, at->name);
			fputs(": { ", fp);
			for (v = 0; v < at->n_values; v++) {
				double p;

				if (at->cases[v] == 0)
					continue;
				p = v == last ? 1 - sum : round(1e6 * (double)at->cases[v] / (double)total) / 1e6;
				sum += p;
				fputs(first ? "" : ", ", fp);
				first = 0;
				yname(fp, at->values[v]);
				fprintf(fp, ": %.6f", p);
			}
			fprintf(fp, " }   # %ld cases\n", total);
		}
	}
}

/* ---------- resources ---------- */

/* Marks the fewest bins that hold 99% of the total (the others hold 1% between them). */
static void
holding_99(const long *count, int n, int *keep)
{
	struct tally b[24] = { { 0, 0 } };
	long total = 0, sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		b[i] = (struct tally){ i, count[i] };
		total += count[i];
		keep[i] = 0;
	}
	qsort(b, (size_t)n, sizeof(b[0]), most_first);
	for (i = 0; i < n && (double)sum < 0.99 * (double)total; i++) {
		keep[b[i].id] = 1;
		sum += b[i].n;
	}
}

/* The days, and the hours of the day, that hold 99% of the starts: the pool's calendar is
 * those hours on those days (days and hours apart, not each hour of the week, so that five
 * weeks of a log are enough: an hour of the week is seen five times, an hour of the day
 * thirty-five).  Returns 1 when that is every hour. */
static int
open_hours(const struct wf_fit_resource *r, int *open)
{
	long by_day[7] = { 0 }, by_hour[24] = { 0 };
	int day[7], hour[24], i, n = 0;

	for (i = 0; i < 168; i++) {
		by_day[i / 24] += r->starts[i];
	}
	holding_99(by_day, 7, day);
	for (i = 0; i < 168; i++)
		if (day[i / 24])
			by_hour[i % 24] += r->starts[i];
	holding_99(by_hour, 24, hour);
	for (i = 0; i < 168; i++) {
		open[i] = day[i / 24] && hour[i % 24];
		n += open[i];
	}
	return n == 168 || n == 0;	/* no start seen: no calendar either */
}

static void
write_calendar(FILE *fp, const int *open)
{
	int done[7] = { 0 }, d, e;
	char days[64];

	for (d = 0; d < 7; d++) {
		int h, any = 0;

		if (done[d])
			continue;
		for (h = 0; h < 24; h++)
			any |= open[d * 24 + h];
		if (!any)
			continue;
		/* the days with exactly the same hours share the windows */
		days[0] = '\0';
		for (e = d; e < 7; e++)
			if (memcmp(open + d * 24, open + e * 24, 24 * sizeof(int)) == 0) {
				size_t len = strlen(days);

				done[e] = 1;
				snprintf(days + len, sizeof(days) - len, "%s%s", len ? ", " : "",
					 day_names[e]);
			}
		for (h = 0; h < 24;) {
			int start;

			if (!open[d * 24 + h]) {
				h++;
				continue;
			}
			start = h;
			while (h < 24 && open[d * 24 + h])
				h++;
			fprintf(fp, "    - { days: [%s], hours: \"%02d:00-%02d:00\" }\n", days, start, h);
		}
	}
}

static void
write_resources(FILE *fp, const struct wf_fit_log *log)
{
	size_t i;
	int any_cal = 0;
	int (*open)[168] = wf_xcalloc(log->n_res + 1, sizeof(*open));
	int *always = wf_xcalloc(log->n_res + 1, sizeof(int));

	for (i = 0; i < log->n_res; i++) {
		always[i] = open_hours(&log->res[i], open[i]);
		any_cal |= !always[i];
	}
	if (any_cal) {
		fputs("\ncalendars:   # per pool, the hours of the week that hold 99% of its work "
		      "starts\n", fp);
		for (i = 0; i < log->n_res; i++) {
			if (always[i])
				continue;
			char *cal = wf_xasprintf("%s_hours", log->res[i].name);

			fputs("  ", fp);
			yname(fp, cal);
			fputs(":\n", fp);
			free(cal);
			write_calendar(fp, open[i]);
		}
	}
	if (log->n_res > 0)
		fputs("\nresources:\n", fp);
	for (i = 0; i < log->n_res; i++) {
		const struct wf_fit_resource *r = &log->res[i];
		double peak, at;
		long starts = 0, cap;
		char when[40] = "";
		int h;

		peak = wf_fit_busy_peak(log, r, &at);
		for (h = 0; h < 168; h++)
			starts += r->starts[h];
		/* a pool busy with c servers for a whole bucket shows c; a little less is the
		 * rounding of timestamps to the second */
		cap = (long)ceil(peak - 0.05);
		if (cap < 1)
			cap = 1;
		if (peak > 0)
			wf_format_datetime(at, when, sizeof(when));
		fprintf(fp, "  # %ld work starts; the most servers busy at once: %.2f on average over "
			"%g s from %s\n", starts, peak, log->bucket, when[0] ? when : "-");
		fputs("  # CHECK: the capacity is what the log shows busy at the peak; a pool that "
		      "was never full may have more\n  ", fp);
		yname(fp, r->name);
		fprintf(fp, ": { capacity: %ld", cap);
		if (!always[i]) {
			char *cal = wf_xasprintf("%s_hours", r->name);

			fputs(", calendar: ", fp);
			yname(fp, cal);
			free(cal);
		}
		fputs(" }\n", fp);
	}
	free(open);
	free(always);
}

/* ---------- the model ---------- */

/* The pool that did most of an activity's visits (-1: none), and how many visits others did. */
static int
main_resource(const struct wf_fit_log *log, const struct wf_fit_activity *a, long *others)
{
	size_t i;
	int best = -1;
	long best_n = a->no_resource, total = 0;

	total += a->no_resource;
	for (i = 0; i < log->n_res && a->by_resource; i++) {
		total += a->by_resource[i];
		if (a->by_resource[i] > best_n) {
			best_n = a->by_resource[i];
			best = (int)i;
		}
	}
	*others = total - best_n;
	return best;
}

void
wf_fit_model_write(FILE *fp, const struct wf_fit_log *log)
{
	char start[40];
	double monday;
	int *order = wf_xcalloc(log->n_acts + 1, sizeof(int));
	int *seen = wf_xcalloc(log->n_acts + 1, sizeof(int));
	size_t n_order = 0, k, i;
	struct tally *d;
	long total;
	size_t n_start = dests(log, -1, -1, 0, &d, &total);
	const char *base = strrchr(log->path, '/');

	base = base ? base + 1 : log->path;
	fprintf(fp, "# A draft model fitted by `wfsim fit` from %s.\n", base);
	fprintf(fp, "# %ld rows, %ld used; %ld cases, %ld complete and clean for the routes "
		"(%.1f%%).\n", log->rows, log->rows_used, log->cases, log->cases_used,
		log->cases ? 100.0 * (double)log->cases_used / (double)log->cases : 0.0);
	fputs("# A draft: every estimate says what it rests on; read the lines marked CHECK.\n"
	      "# Not in a log, so not here: error rates, reviews, priorities, costs, an SLA.\n\n", fp);
	fputs("wfsim: 1\nname: ", fp);
	{
		char *name = wf_xasprintf("fitted from %s", base);

		yname(fp, name);
		free(name);
	}
	monday = floor(log->first_arrival / 86400);
	monday -= fmod(fmod(monday + 3, 7) + 7, 7);
	wf_format_datetime(monday * 86400, start, sizeof(start));
	start[16] = '\0';
	fprintf(fp, "\ntime_unit: minutes\nstart: %s   # the Monday of the first arrival's week\n",
		start);
	fputs("\nsimulation:   # CHECK: a whole number of weeks, the first as warm-up\n"
	      "  warmup: 1w\n  horizon: 5w\n  replications: 30\n  seed: 1\n", fp);
	write_resources(fp, log);
	write_arrivals(fp, log);

	/* steps: the commonest first activity first, then in the order the flows reach them */
	for (k = 0; k < n_start; k++)
		if (d[k].id >= 0 && !seen[d[k].id]) {
			seen[d[k].id] = 1;
			order[n_order++] = d[k].id;
		}
	for (k = 0; k < n_order; k++) {
		struct tally *e;
		long t;
		size_t n = dests(log, order[k], -1, 0, &e, &t), j;

		for (j = 0; j < n; j++)
			if (e[j].id >= 0 && !seen[e[j].id]) {
				seen[e[j].id] = 1;
				order[n_order++] = e[j].id;
			}
		free(e);
	}
	fputs("\nsteps:\n", fp);
	if (n_start > 1) {
		fputs("  - id: fit_start   # cases start at different activities\n", fp);
		route_by_p(fp, log, d, n_start, total, "    ");
	}
	free(d);
	for (k = 0; k < n_order; k++) {
		struct wf_fit_activity *a = &log->acts[order[k]];
		long others;
		int res = main_resource(log, a, &others);

		fputs("\n  - id: ", fp);
		yname(fp, a->name);
		fputc('\n', fp);
		if (res >= 0) {
			fputs("    resource: ", fp);
			yname(fp, log->res[res].name);
			if (others > 0)
				fprintf(fp, "   # CHECK: %ld visits were done by others", others);
			fputc('\n', fp);
		}
		write_duration(fp, a);
		write_routing(fp, log, order[k], "    ");
	}
	for (i = 0; i < log->n_acts; i++)
		if (!seen[i])
			fprintf(fp, "\n  # CHECK: activity '%s' is in no complete, clean case: left out\n",
				log->acts[i].name);
	free(order);
	free(seen);
}
