/* Results as JSON (results-format.md) and CSV, and JSON read back for `wfsim plot`.
 * The JSON holds nothing that varies between identical runs, so the same models, settings
 * and seed give the same bytes.  It is read with libyaml: JSON is a subset of YAML's flow
 * style, which spares a second parser. */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "wfsim/results.h"
#include "wfsim/scenarios.h"
#include "wfsim/xalloc.h"

/* The JSON keys of the figures of a step and a resource (struct wf_item's s[]); an outcome's
 * share is its summary itself, without a key, and its second figure is OUTCOME_AUTO. */
#define ITEM_FIGURES 4
static const char *const step_names[ITEM_FIGURES] = { "visits_per_case", "wait_mean", "service_mean", NULL };
static const char *const res_names[ITEM_FIGURES] = { "utilization", "queue_mean", "busy_hours",
    "overtime_hours" };
static const char *const out_names[ITEM_FIGURES] = { NULL, NULL, NULL, NULL };
#define OUTCOME_AUTO "decided_without_human"

/* ---------- writing ---------- */

void
wf_json_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* JSON has no NaN or infinity: an undefined figure is null. */
void
wf_json_number(FILE *out, double x)
{
	if (isfinite(x))
		fprintf(out, "%.10g", x);
	else
		fputs("null", out);
}

static void
put_summary(FILE *out, const struct wf_summary *s, const char *unit)
{
	fputs("{ \"mean\": ", out);
	wf_json_number(out, s->mean);
	fputs(", \"ci95\": ", out);
	wf_json_number(out, s->ci95);
	fputs(", \"sd\": ", out);
	wf_json_number(out, s->sd);
	if (unit != NULL) {
		fputs(", \"unit\": ", out);
		wf_json_string(out, unit);
	}
	fputs(" }", out);
}

void
wf_json_open_settings(FILE *out, const struct wf_run *run)
{
	fprintf(out, "{\n  \"wfsim_version\": \"%s\",\n", PACKAGE_VERSION);
	if (run == NULL)
		return;
	fprintf(out, "  \"settings\": { \"replications\": %ld, \"seed\": %llu, \"horizon\": ",
		run->replications, run->seed);
	wf_json_number(out, run->horizon);
	fputs(", \"warmup\": ", out);
	wf_json_number(out, run->warmup);
}

void
wf_json_summary(FILE *out, const struct wf_summary *s)
{
	put_summary(out, s, NULL);
}

static const char *
metric_unit(const struct wf_run *run, size_t k)
{
	switch (wf_metrics[k].kind) {
	case WF_MK_COUNT: return "cases";
	case WF_MK_TIME: return run->time_unit;
	case WF_MK_RATE: return "share";
	case WF_MK_PER_DAY: return "cases/day";
	case WF_MK_MONEY: return run->currency ? run->currency : "money";
	}
	return "";
}

/* sla_attainment is reported only for models that have an sla. */
int
wf_run_shows(const struct wf_run *run, size_t k)
{
	return k != WF_M_SLA_ATTAINMENT || run->has_sla;
}

static void
put_array(FILE *out, const double *x, size_t n)
{
	size_t i;

	fputc('[', out);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		wf_json_number(out, x[i]);
	}
	fputc(']', out);
}

static void
put_items(FILE *out, const char *ind, const char *key, const struct wf_item *items, size_t n,
	  const char *const names[ITEM_FIGURES], int with_kind)
{
	size_t i, j;

	fprintf(out, "%s\"%s\": {", ind, key);
	for (i = 0; i < n; i++) {
		fprintf(out, "%s\n%s  ", i ? "," : "", ind);
		wf_json_string(out, items[i].id);
		if (names[0] == NULL) {
			/* outcomes: the share's summary is the item itself, as results-format.md
			 * shows ("resolved": { "mean": ... }), with the outcome's kind and the share
			 * of its cases decided without a human beside mean, ci95 and sd */
			const struct wf_summary *sh = &items[i].s[0];

			fputs(": { \"mean\": ", out);
			wf_json_number(out, sh->mean);
			fputs(", \"ci95\": ", out);
			wf_json_number(out, sh->ci95);
			fputs(", \"sd\": ", out);
			wf_json_number(out, sh->sd);
			if (items[i].kind >= 0 && items[i].kind < 3)
				fprintf(out, ", \"kind\": \"%s\"", wf_outcome_kind_names[items[i].kind]);
			fputs(", \"" OUTCOME_AUTO "\": ", out);
			put_summary(out, &items[i].s[1], NULL);
			fputs(" }", out);
			continue;
		}
		fputs(": {", out);
		if (with_kind)
			fprintf(out, " \"kind\": \"%s\",", items[i].is_machine ? "machine" : "human");
		if (items[i].no_resource)	/* steps only; absent means it has one */
			fputs(" \"no_resource\": true,", out);
		for (j = 0; j < ITEM_FIGURES && names[j]; j++) {
			fprintf(out, "%s \"%s\": ", j ? "," : "", names[j]);
			put_summary(out, &items[i].s[j], NULL);
		}
		fputs(" }", out);
	}
	fprintf(out, "%s%s}", n ? "\n" : "", n ? ind : "");
}

/* "warnings": [ "...", ... ] on one line per warning. */
static void
put_warnings(FILE *out, const struct wf_warnings *w, const char *ind)
{
	size_t i;

	fprintf(out, "%s\"warnings\": [", ind);
	for (i = 0; i < w->n; i++) {
		fprintf(out, "%s\n%s  ", i ? "," : "", ind);
		wf_json_string(out, w->msg[i]);
	}
	fprintf(out, "%s%s],\n", w->n ? "\n" : "", w->n ? ind : "");
}

/* `"weekly": [{ "week": 1, "start": ISO, <metric>: {mean, ci95, sd}, ... }, ...]`, with the
 * metrics' units as in "metrics" (times in the model's unit). */
static void
put_weekly(FILE *out, const struct wf_run *run, const char *ind)
{
	const struct wf_summary (*s)[WF_W_COUNT] = run->weekly;
	char iso[40];
	size_t w, k;

	fprintf(out, "%s\"weekly\": [", ind);
	for (w = 0; w < run->n_weeks; w++) {
		fprintf(out, "%s\n%s  { \"week\": %zu, \"start\": ", w ? "," : "", ind, w + 1);
		if (isfinite(run->week_start)) {
			wf_format_datetime(run->week_start + (double)w * 7 * 86400, iso, sizeof(iso));
			wf_json_string(out, iso);
		} else
			fputs("null", out);
		for (k = 0; k < WF_W_COUNT; k++) {
			fprintf(out, ", \"%s\": { \"mean\": ", wf_weekly_metrics[k].name);
			wf_json_number(out, s[w][k].mean);
			fputs(", \"ci95\": ", out);
			wf_json_number(out, s[w][k].ci95);
			fputs(", \"sd\": ", out);
			wf_json_number(out, s[w][k].sd);
			fputs(" }", out);
		}
		fputs(" }", out);
	}
	fprintf(out, "%s],\n", run->n_weeks ? "\n" : "");
}

/* `"segments": { "<attr>=<value>": { "metrics": { <metric>: {mean, ci95, sd, unit} } } }`,
 * only for models with segments (metrics.h). */
static void
put_segments(FILE *out, const struct wf_run *run, const char *ind)
{
	size_t j, k;
	int first;

	if (run->n_segments == 0)
		return;
	fprintf(out, "%s\"segments\": {", ind);
	for (j = 0; j < run->n_segments; j++) {
		fprintf(out, "%s\n%s  ", j ? "," : "", ind);
		wf_json_string(out, run->segment_names[j]);
		fputs(": { \"metrics\": {", out);
		for (k = 0, first = 1; k < WF_SEG_METRIC_COUNT; k++) {
			size_t mk = (size_t)wf_segment_metrics[k];

			if (!wf_run_shows(run, mk))
				continue;
			fprintf(out, "%s\n%s    \"%s\": ", first ? "" : ",", ind, wf_metrics[mk].name);
			put_summary(out, &run->segment[j * WF_M_COUNT + mk], metric_unit(run, mk));
			first = 0;
		}
		fprintf(out, "\n%s  } }", ind);
	}
	fprintf(out, "\n%s},\n", ind);
}

/* `"segment_difference": { "<attr>=<value>": { <metric>: {mean, ci95, sd, significant} } }`,
 * to-be minus as-is, paired, for the segments both runs have; absent when there are none. */
static void
put_segment_diff(FILE *out, const struct wf_comparison *c)
{
	size_t i, k;
	int first;

	if (c->n_segment_diff == 0)
		return;
	fputs(",\n  \"segment_difference\": {", out);
	for (i = 0; i < c->n_segment_diff; i++) {
		const struct wf_segment_diff *sd = &c->segment_diff[i];

		fprintf(out, "%s\n    ", i ? "," : "");
		wf_json_string(out, c->to_be.segment_names[sd->b]);
		fputs(": {", out);
		for (k = 0, first = 1; k < WF_SEG_METRIC_COUNT; k++) {
			size_t mk = (size_t)wf_segment_metrics[k];
			const struct wf_summary *d = &sd->d[mk];

			if (!wf_run_shows(&c->as_is, mk) || !wf_run_shows(&c->to_be, mk))
				continue;
			fprintf(out, "%s\n      \"%s\": { \"mean\": ", first ? "" : ",",
			    wf_metrics[mk].name);
			wf_json_number(out, d->mean);
			fputs(", \"ci95\": ", out);
			wf_json_number(out, d->ci95);
			fputs(", \"sd\": ", out);
			wf_json_number(out, d->sd);
			fprintf(out, ", \"significant\": %s }", d->n >= 2 && isfinite(d->ci95) &&
			    fabs(d->mean) > d->ci95 ? "true" : "false");
			first = 0;
		}
		fputs("\n    }", out);
	}
	fputs("\n  }", out);
}

/* `"classifiers": { "<step>": { "caught": {mean, ci95, sd}, ... } }`, only for models with
 * classifier routes. */
static void
put_classifiers(FILE *out, const struct wf_run *run, const char *ind)
{
	static const char *names[WF_CM_COUNT + 2] = { "caught", "missed", "false_alarms",
		"cleared", "sensitivity", "false_alarm_rate" };
	size_t i, k;

	if (run->n_classifiers == 0)
		return;
	fprintf(out, "%s\"classifiers\": {", ind);
	for (i = 0; i < run->n_classifiers; i++) {
		fprintf(out, "%s\n%s  ", i ? "," : "", ind);
		wf_json_string(out, run->classifiers[i].id);
		fputs(": {", out);
		for (k = 0; k < WF_CM_COUNT + 2; k++) {
			fprintf(out, "%s \"%s\": ", k ? "," : "", names[k]);
			put_summary(out, &run->classifiers[i].s[k], NULL);
		}
		fputs(" }", out);
	}
	fprintf(out, "\n%s},\n", ind);
}

static void
put_run(FILE *out, const struct wf_run *run, const char *ind, int with_header)
{
	size_t k, i;
	long r;
	int first;

	fputs("{\n", out);
	if (with_header)
		fprintf(out, "%s\"wfsim_version\": \"%s\",\n", ind, PACKAGE_VERSION);
	fprintf(out, "%s\"model\": { \"name\": ", ind);
	wf_json_string(out, run->model_name);
	fputs(", \"file\": ", out);
	wf_json_string(out, run->model_file);
	fputs(", \"time_unit\": ", out);
	wf_json_string(out, run->time_unit);
	fputs(" },\n", out);
	fprintf(out, "%s\"settings\": { \"replications\": %ld, \"seed\": %llu, \"horizon\": ", ind,
		run->replications, run->seed);
	wf_json_number(out, run->horizon);
	fputs(", \"warmup\": ", out);
	wf_json_number(out, run->warmup);
	fputs(", \"drain\": ", out);
	wf_json_number(out, run->drain);
	fputs(", \"window_days\": ", out);
	wf_json_number(out, run->window_days);
	fputs(" },\n", out);
	put_warnings(out, &run->warnings, ind);

	fprintf(out, "%s\"metrics\": {", ind);
	for (k = 0, first = 1; k < WF_M_COUNT; k++) {
		if (!wf_run_shows(run, k))
			continue;
		fprintf(out, "%s\n%s  \"%s\": ", first ? "" : ",", ind, wf_metrics[k].name);
		put_summary(out, &run->metric[k], metric_unit(run, k));
		first = 0;
	}
	fprintf(out, "\n%s},\n", ind);
	put_items(out, ind, "resources", run->resources, run->n_resources, res_names, 1);
	fputs(",\n", out);
	put_items(out, ind, "steps", run->steps, run->n_steps, step_names, 0);
	fputs(",\n", out);
	put_items(out, ind, "outcomes", run->outcomes, run->n_outcomes, out_names, 0);
	fputs(",\n", out);

	fprintf(out, "%s\"capacity\": { \"arrivals_per_day\": ", ind);
	wf_json_number(out, run->arrivals_per_day);
	fputs(", \"max_per_day\": ", out);
	wf_json_number(out, run->max_per_day);
	fprintf(out, ", \"overloaded\": %s },\n", run->overloaded ? "true" : "false");
	if (run->has_economics) {
		fprintf(out, "%s\"economics\": { \"one_off\": ", ind);
		wf_json_number(out, run->one_off);
		fputs(", \"per_month\": ", out);
		wf_json_number(out, run->per_month);
		if (run->currency) {
			fputs(", \"currency\": ", out);
			wf_json_string(out, run->currency);
		}
		fputs(" },\n", out);
	}
	put_classifiers(out, run, ind);
	put_weekly(out, run, ind);
	put_segments(out, run, ind);
	fprintf(out, "%s\"plot\": {\n%s  \"cycle_cdf\": ", ind, ind);
	put_array(out, run->cycle_cdf, WF_CDF_POINTS);
	fprintf(out, ",\n%s  \"wip_mean\": ", ind);
	put_array(out, run->wip_mean, WF_WIP_SAMPLES);
	fprintf(out, ",\n%s  \"wip_lo\": ", ind);
	put_array(out, run->wip_lo, WF_WIP_SAMPLES);
	fprintf(out, ",\n%s  \"wip_hi\": ", ind);
	put_array(out, run->wip_hi, WF_WIP_SAMPLES);
	fprintf(out, "\n%s},\n", ind);

	fprintf(out, "%s\"replications\": [", ind);
	for (r = 0; r < run->replications; r++) {
		fprintf(out, "%s\n%s  {", r ? "," : "", ind);
		for (k = 0, first = 1; k < WF_M_COUNT; k++) {
			if (!wf_run_shows(run, k))
				continue;
			fprintf(out, "%s \"%s\": ", first ? "" : ",", wf_metrics[k].name);
			wf_json_number(out, run->rep[(size_t)r * WF_M_COUNT + k]);
			first = 0;
		}
		fputs(" }", out);
	}
	fprintf(out, "%s]\n", run->replications ? "\n" : "");
	for (i = 0; ind[i + 2] != '\0'; i++)
		fputc(' ', out);
	fputs("}", out);
}

int
wf_run_write_json(const struct wf_run *run, FILE *out)
{
	put_run(out, run, "  ", 1);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

/* `"name": { "as_is": ..., "to_be": ... }` of two summaries (or two numbers when b is NULL). */
static void
put_pair(FILE *out, const char *name, const struct wf_summary *s, const double *x)
{
	fprintf(out, ",\n    \"%s\": { \"as_is\": ", name);
	if (s != NULL)
		put_summary(out, &s[0], NULL);
	else
		wf_json_number(out, x[0]);
	fputs(", \"to_be\": ", out);
	if (s != NULL)
		put_summary(out, &s[1], NULL);
	else
		wf_json_number(out, x[1]);
	fputs(" }", out);
}

/* A money figure that is only shown when the comparison's money is valid. */
static void
put_valid(FILE *out, const struct wf_econ_cmp *e, const char *name, const struct wf_summary *s)
{
	fprintf(out, ",\n    \"%s\": ", name);
	if (e->not_valid != NULL || !isfinite(s->mean))
		fputs("null", out);
	else
		put_summary(out, s, NULL);
}

static void
put_economics(FILE *out, const struct wf_comparison *c)
{
	const struct wf_econ_cmp *e = &c->econ;
	double arr[2] = { c->as_is.econ ? c->as_is.econ->arrivals_per_year : NAN,
	    c->to_be.econ ? c->to_be.econ->arrivals_per_year : NAN };
	size_t i;

	fputs(",\n  \"economics\": {\n    \"currency\": ", out);
	wf_json_string(out, e->currency ? e->currency : "money");
	fprintf(out, ",\n    \"count_freed_time\": %s", e->count_freed_time ? "true" : "false");
	fputs(",\n    \"not_valid\": ", out);
	if (e->not_valid)
		wf_json_string(out, e->not_valid);
	else
		fputs("null", out);
	put_pair(out, "arrivals_per_year", NULL, arr);
	put_pair(out, "roster_cost_per_year", e->roster, NULL);
	put_pair(out, "touch_cost_per_year", e->touch, NULL);
	put_pair(out, "step_cost_per_year", e->step_cost, NULL);
	put_pair(out, "escaped_error_cost_per_year", e->error_cost, NULL);
	put_pair(out, "abandonment_cost_per_year", e->abandon_cost, NULL);
	put_pair(out, "running_cost_per_year", NULL, e->running);
	put_pair(out, "cost_per_year", e->cost, NULL);
	fputs(",\n    \"one_off\": ", out);
	wf_json_number(out, e->one_off);
	fputs(",\n    \"per_escaped_error\": ", out);
	wf_json_number(out, e->per_escaped_error);
	fputs(",\n    \"per_abandoned_case\": ", out);
	wf_json_number(out, e->per_abandoned_case);
	fprintf(out, ",\n    \"months\": %ld,\n    \"discount_rate\": ", e->months);
	wf_json_number(out, e->discount_rate);
	fputs(",\n    \"freed_hours_per_year\": ", out);
	put_summary(out, &e->freed_hours, NULL);
	fputs(",\n    \"freed_fte\": ", out);
	put_summary(out, &e->freed_fte, NULL);
	fputs(",\n    \"freed_fte_by_pool\": {", out);
	for (i = 0; i < e->n_freed; i++) {
		fprintf(out, "%s\n      ", i ? "," : "");
		wf_json_string(out, e->freed[i].id);
		fputs(": { \"mean\": ", out);
		wf_json_number(out, e->freed[i].fte.mean);
		fputs(", \"ci95\": ", out);
		wf_json_number(out, e->freed[i].fte.ci95);
		fputs(", \"sd\": ", out);
		wf_json_number(out, e->freed[i].fte.sd);
		fputs(", \"hours_per_year\": ", out);
		put_summary(out, &e->freed[i].hours, NULL);
		fputs(", \"fte_hours_per_year\": ", out);
		wf_json_number(out, e->freed[i].fte_hours_year);
		fputs(" }", out);
	}
	fprintf(out, "%s}", e->n_freed ? "\n    " : "");
	put_valid(out, e, "net_saving_per_year", &e->net_saving);
	fputs(",\n    \"payback_months\": ", out);
	wf_json_number(out, e->not_valid ? NAN : e->payback_months);
	put_valid(out, e, "npv", &e->npv);
	put_valid(out, e, "roi", &e->roi);
	fputs("\n  }", out);
}

static void
put_side(FILE *out, const char *name, const char *s)
{
	fprintf(out, "\"%s\": ", name);
	if (s)
		wf_json_string(out, s);
	else
		fputs("null", out);
}

static void
put_process_diff(FILE *out, const struct wf_econ_cmp *e)
{
	size_t i;

	fputs(",\n  \"process_diff\": {\n    \"steps\": [", out);
	for (i = 0; i < e->n_pd_steps; i++) {
		const struct wf_pdiff_step *d = &e->pd_steps[i];

		fprintf(out, "%s\n      { \"id\": ", i ? "," : "");
		wf_json_string(out, d->id);
		fprintf(out, ", \"change\": \"%s\", \"resource\": { ",
			d->in_as_is && d->in_to_be ? "kept" : d->in_to_be ? "added" : "removed");
		put_side(out, "as_is", d->pool_as_is);
		fputs(", ", out);
		put_side(out, "to_be", d->pool_to_be);
		fputs(" }, \"human_minutes_per_case\": { \"as_is\": ", out);
		wf_json_number(out, d->minutes_as_is);
		fputs(", \"to_be\": ", out);
		wf_json_number(out, d->minutes_to_be);
		fputs(" } }", out);
	}
	fprintf(out, "%s],\n    \"pools\": [", e->n_pd_steps ? "\n    " : "");
	for (i = 0; i < e->n_pd_pools; i++) {
		const struct wf_pdiff_pool *d = &e->pd_pools[i];

		fprintf(out, "%s\n      { \"id\": ", i ? "," : "");
		wf_json_string(out, d->id);
		fprintf(out, ", \"kind\": \"%s\", \"capacity\": { \"as_is\": ",
			d->is_machine ? "machine" : "human");
		wf_json_number(out, d->capacity_as_is);
		fputs(", \"to_be\": ", out);
		wf_json_number(out, d->capacity_to_be);
		fputs(" }, \"scheduled_hours_per_week\": { \"as_is\": ", out);
		wf_json_number(out, d->hours_week_as_is);
		fputs(", \"to_be\": ", out);
		wf_json_number(out, d->hours_week_to_be);
		fputs(" }, \"fte\": { \"as_is\": ", out);
		wf_json_number(out, d->fte_as_is);
		fputs(", \"to_be\": ", out);
		wf_json_number(out, d->fte_to_be);
		fputs(" } }", out);
	}
	fprintf(out, "%s]\n  }", e->n_pd_pools ? "\n    " : "");
}

/* `"weekly_difference": [{ "week": 1, <metric>: {mean, ci95, sd}, ... }]`, to-be minus
 * as-is, paired. */
static void
put_weekly_diff(FILE *out, const struct wf_comparison *c)
{
	size_t w, k;

	fputs(",\n  \"weekly_difference\": [", out);
	for (w = 0; w < c->n_weeks; w++) {
		fprintf(out, "%s\n    { \"week\": %zu", w ? "," : "", w + 1);
		for (k = 0; k < WF_W_COUNT; k++) {
			fprintf(out, ", \"%s\": { \"mean\": ", wf_weekly_metrics[k].name);
			wf_json_number(out, c->weekly_diff[w][k].mean);
			fputs(", \"ci95\": ", out);
			wf_json_number(out, c->weekly_diff[w][k].ci95);
			fputs(", \"sd\": ", out);
			wf_json_number(out, c->weekly_diff[w][k].sd);
			fputs(" }", out);
		}
		fputs(" }", out);
	}
	fputs(c->n_weeks ? "\n  ]" : "]", out);
}

int
wf_comparison_write_json(const struct wf_comparison *c, FILE *out)
{
	wf_json_open_settings(out, &c->as_is);
	fprintf(out, ", \"common_random_numbers\": %s },\n", c->common_random_numbers ? "true" : "false");
	put_warnings(out, &c->warnings, "  ");
	fputs("  \"as_is\": ", out);
	put_run(out, &c->as_is, "    ", 0);
	fputs(",\n  \"to_be\": ", out);
	put_run(out, &c->to_be, "    ", 0);
	fputs(",\n  ", out);
	wf_json_difference(out, c, "  ");
	put_weekly_diff(out, c);
	put_segment_diff(out, c);
	if (c->econ.built) {
		put_economics(out, c);
		put_process_diff(out, &c->econ);
	}
	fputs("\n}\n", out);
	return ferror(out) ? -1 : 0;
}

static void
csv_run(FILE *out, const struct wf_run *run, const char *model)
{
	long r;
	size_t k, w;

	for (r = 0; r < run->replications; r++)
		for (k = 0; k < WF_M_COUNT; k++) {
			if (!wf_run_shows(run, k))
				continue;
			if (model)
				fprintf(out, "%s,", model);
			fprintf(out, "%ld,%s,", r + 1, wf_metrics[k].name);
			wf_json_number(out, run->rep[(size_t)r * WF_M_COUNT + k]);
			fputc('\n', out);
		}
	/* the weekly figures after the rest, as week<N>.<metric> */
	for (r = 0; run->weekly_rep != NULL && r < run->replications; r++)
		for (w = 0; w < run->n_weeks; w++)
			for (k = 0; k < WF_W_COUNT; k++) {
				if (model)
					fprintf(out, "%s,", model);
				fprintf(out, "%ld,week%zu.%s,", r + 1, w + 1, wf_weekly_metrics[k].name);
				wf_json_number(out, run->weekly_rep[((size_t)r * run->n_weeks + w) *
				    WF_W_COUNT + k]);
				fputc('\n', out);
			}
}

int
wf_run_write_csv(const struct wf_run *run, FILE *out)
{
	fputs("replication,metric,value\n", out);
	csv_run(out, run, NULL);
	return ferror(out) ? -1 : 0;
}

int
wf_comparison_write_csv(const struct wf_comparison *c, FILE *out)
{
	fputs("model,replication,metric,value\n", out);
	csv_run(out, &c->as_is, "as_is");
	csv_run(out, &c->to_be, "to_be");
	return ferror(out) ? -1 : 0;
}

/* ---------- several scenarios against a base ---------- */

void
wf_json_difference(FILE *out, const struct wf_comparison *c, const char *ind)
{
	size_t k;
	int first = 1;

	fputs("\"difference\": {", out);
	for (k = 0; k < WF_M_COUNT; k++) {
		if (!wf_run_shows(&c->as_is, k) || !wf_run_shows(&c->to_be, k))
			continue;
		fprintf(out, "%s\n%s  \"%s\": { \"mean\": ", first ? "" : ",", ind, wf_metrics[k].name);
		wf_json_number(out, c->diff[k].mean);
		fputs(", \"ci95\": ", out);
		wf_json_number(out, c->diff[k].ci95);
		fputs(", \"sd\": ", out);
		wf_json_number(out, c->diff[k].sd);
		fputs(", \"relative\": ", out);
		wf_json_number(out, c->relative[k]);
		fprintf(out, ", \"significant\": %s }", c->significant[k] ? "true" : "false");
		first = 0;
	}
	fprintf(out, "\n%s}", ind);
}

int
wf_scenarios_write_json(const struct wf_scenarios *s, FILE *out)
{
	size_t i;

	wf_json_open_settings(out, &s->base);
	fprintf(out, ", \"common_random_numbers\": %s },\n", s->common_random_numbers ? "true" : "false");
	put_warnings(out, &s->warnings, "  ");
	fputs("  \"base\": ", out);
	put_run(out, &s->base, "    ", 0);
	fputs(",\n  \"scenarios\": [", out);
	for (i = 0; i < s->n; i++) {
		const struct wf_comparison *c = &s->cmp[i];

		fprintf(out, "%s\n    {\n      \"to_be\": ", i ? "," : "");
		put_run(out, &c->to_be, "        ", 0);
		fputs(",\n      ", out);
		wf_json_difference(out, c, "      ");
		if (c->econ.built) {
			put_economics(out, c);
			put_process_diff(out, &c->econ);
		}
		fputs("\n    }", out);
	}
	fputs("\n  ]\n}\n", out);
	return ferror(out) ? -1 : 0;
}

int
wf_scenarios_write_csv(const struct wf_scenarios *s, FILE *out)
{
	char name[32];
	size_t i;

	fputs("model,replication,metric,value\n", out);
	csv_run(out, &s->base, "base");
	for (i = 0; i < s->n; i++) {
		snprintf(name, sizeof(name), "scenario_%zu", i + 1);
		csv_run(out, &s->cmp[i].to_be, name);
	}
	return ferror(out) ? -1 : 0;
}

/* ---------- reading ---------- */

/* Bounds for a results file, far past what wfsim writes (nesting 5, a few MB): libyaml's
 * loader takes time quadratic in the nesting depth and memory several times the size, so a
 * hostile file must be refused before it is parsed. */
#define MAX_RESULTS_BYTES	((size_t)64 << 20)
#define MAX_RESULTS_DEPTH	32

/* 1 if the text is not a JSON object, or its [ and { nest deeper than MAX_RESULTS_DEPTH
 * outside strings.  (Inside braces YAML has no indented blocks, so this bounds all nesting.) */
static int
too_deep(const char *s, size_t len)
{
	size_t i = strspn(s, " \t\r\n");
	int depth = 0, in_str = 0;

	if (i >= len || s[i] != '{')
		return 1;
	for (; i < len; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_str = 0;
		} else if (s[i] == '"')
			in_str = 1;
		else if (s[i] == '[' || s[i] == '{') {
			if (++depth > MAX_RESULTS_DEPTH)
				return 1;
		} else if (s[i] == ']' || s[i] == '}')
			depth--;
	}
	return 0;
}

struct reader {
	yaml_document_t doc;
	const char *path;
	struct wf_diag *diag;
	int failed;
};

static yaml_node_t *
get(struct reader *rd, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&rd->doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(&rd->doc, p->value);
	}
	return NULL;
}

static void
missing(struct reader *rd, yaml_node_t *where, const char *what)
{
	if (!rd->failed)
		wf_diag_error(rd->diag, rd->path, where ? (int)where->start_mark.line + 1 : 0,
			      where ? (int)where->start_mark.column + 1 : 0,
			      "not a wfsim results file: %s", what);
	rd->failed = 1;
}

static double
num(struct reader *rd, yaml_node_t *n)
{
	char *end;
	double x;

	if (n == NULL || n->type != YAML_SCALAR_NODE) {
		missing(rd, n, "expected a number");
		return NAN;
	}
	if (strcmp((char *)n->data.scalar.value, "null") == 0)
		return NAN;
	x = strtod((char *)n->data.scalar.value, &end);
	if (*end != '\0' || end == (char *)n->data.scalar.value) {
		missing(rd, n, "expected a number");
		return NAN;
	}
	return x;
}

static char *
str(struct reader *rd, yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE) {
		missing(rd, n, "expected a string");
		return wf_xstrdup("");
	}
	return wf_xstrdup((char *)n->data.scalar.value);
}

static void
read_summary(struct reader *rd, yaml_node_t *n, struct wf_summary *s)
{
	if (n == NULL) {	/* absent (e.g. no sla): undefined */
		s->mean = s->sd = s->ci95 = NAN;
		return;
	}
	s->mean = num(rd, get(rd, n, "mean"));
	s->ci95 = num(rd, get(rd, n, "ci95"));
	s->sd = num(rd, get(rd, n, "sd"));
}

static void
read_array(struct reader *rd, yaml_node_t *n, double *x, size_t len)
{
	size_t i = 0;
	yaml_node_item_t *it;

	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		missing(rd, n, "expected a list of numbers");
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top && i < len; it++)
		x[i++] = num(rd, yaml_document_get_node(&rd->doc, *it));
	if (i != len)
		missing(rd, n, "a plot series has the wrong length");
}

static size_t
read_items(struct reader *rd, yaml_node_t *n, struct wf_item **items, const char *const names[ITEM_FIGURES])
{
	yaml_node_pair_t *p;
	size_t count, i = 0, j;

	if (n == NULL || n->type != YAML_MAPPING_NODE) {
		missing(rd, n, "expected a mapping of items");
		*items = NULL;
		return 0;
	}
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	*items = count ? wf_xcalloc(count, sizeof(**items)) : NULL;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++, i++) {
		yaml_node_t *v = yaml_document_get_node(&rd->doc, p->value);
		yaml_node_t *kind = get(rd, v, "kind");

		(*items)[i].id = str(rd, yaml_document_get_node(&rd->doc, p->key));
		(*items)[i].is_machine = kind && kind->type == YAML_SCALAR_NODE &&
		    strcmp((char *)kind->data.scalar.value, "machine") == 0;
		(*items)[i].kind = -1;
		{
			yaml_node_t *nr = get(rd, v, "no_resource");

			(*items)[i].no_resource = nr && nr->type == YAML_SCALAR_NODE &&
			    strcmp((char *)nr->data.scalar.value, "true") == 0;
		}
		if (names[0] == NULL) {
			/* outcomes: the summary itself, or under "share" as files of 0.1.0 had it */
			yaml_node_t *share = get(rd, v, "share");
			int k;

			read_summary(rd, share ? share : v, &(*items)[i].s[0]);
			read_summary(rd, get(rd, v, OUTCOME_AUTO), &(*items)[i].s[1]);
			for (k = 0; kind && kind->type == YAML_SCALAR_NODE && k < 3; k++)
				if (strcmp((char *)kind->data.scalar.value, wf_outcome_kind_names[k]) == 0)
					(*items)[i].kind = k;
			continue;
		}
		for (j = 0; j < ITEM_FIGURES && names[j]; j++)
			read_summary(rd, get(rd, v, names[j]), &(*items)[i].s[j]);
	}
	return count;
}

/* A list of strings into w; absent (files before 0.2) is an empty list. */
static void
read_warnings(struct reader *rd, yaml_node_t *n, struct wf_warnings *w)
{
	yaml_node_item_t *it;
	char *s;

	if (n == NULL)
		return;
	if (n->type != YAML_SEQUENCE_NODE) {
		missing(rd, n, "'warnings' must be a list of strings");
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		s = str(rd, yaml_document_get_node(&rd->doc, *it));
		wf_warnings_add(w, "%s", s);
		free(s);
	}
}

static int
is_true(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE && strcmp((char *)n->data.scalar.value, "true") == 0;
}

/* The weekly figures (absent from files written before them: none). */
static void
read_weekly(struct reader *rd, yaml_node_t *n, struct wf_run *run)
{
	yaml_node_item_t *it;
	size_t k;

	run->week_start = NAN;
	if (n == NULL)
		return;
	if (n->type != YAML_SEQUENCE_NODE) {
		missing(rd, n, "'weekly' must be a list");
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top &&
	    run->n_weeks < WF_MAX_WEEKS; it++) {
		yaml_node_t *row = yaml_document_get_node(&rd->doc, *it);
		yaml_node_t *st = get(rd, row, "start");

		if (run->n_weeks == 0 && st != NULL && st->type == YAML_SCALAR_NODE) {
			char err[128];
			double ep;

			if (wf_parse_datetime((char *)st->data.scalar.value, &ep, err, sizeof(err)) == 0)
				run->week_start = ep;
		}
		for (k = 0; k < WF_W_COUNT; k++)
			read_summary(rd, get(rd, row, wf_weekly_metrics[k].name),
			    &run->weekly[run->n_weeks][k]);
		run->n_weeks++;
	}
}

/* The segments (absent from files written before them, or for models without: none); the
 * metrics a segment does not report stay NaN, and there are no per-replication values. */
static void
read_segments(struct reader *rd, yaml_node_t *n, struct wf_run *run)
{
	yaml_node_pair_t *p;
	size_t count, j, k;

	if (n == NULL)
		return;
	if (n->type != YAML_MAPPING_NODE) {
		missing(rd, n, "'segments' must be a mapping");
		return;
	}
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (count == 0)
		return;
	if (count > WF_MAX_SEGMENTS) {
		missing(rd, n, "more segments than wfsim writes");
		return;
	}
	run->segment_names = wf_xcalloc(count, sizeof(char *));
	run->segment = wf_xcalloc(count * WF_M_COUNT, sizeof(*run->segment));
	for (p = n->data.mapping.pairs.start, j = 0; p < n->data.mapping.pairs.top; p++, j++) {
		yaml_node_t *metrics = get(rd, yaml_document_get_node(&rd->doc, p->value), "metrics");

		run->segment_names[j] = str(rd, yaml_document_get_node(&rd->doc, p->key));
		run->n_segments = j + 1;
		for (k = 0; k < WF_M_COUNT; k++)
			read_summary(rd, NULL, &run->segment[j * WF_M_COUNT + k]);
		for (k = 0; k < WF_SEG_METRIC_COUNT; k++) {
			size_t mk = (size_t)wf_segment_metrics[k];

			read_summary(rd, get(rd, metrics, wf_metrics[mk].name),
			    &run->segment[j * WF_M_COUNT + mk]);
		}
	}
}

/* A comparison's `segment_difference`, for the segments both runs have (matched by name);
 * absent: none.  Into *out (n of them), since wf_comparison_diff clears c's. */
static void
read_segment_diff(struct reader *rd, yaml_node_t *n, const struct wf_comparison *c,
		  struct wf_segment_diff **out, size_t *nout)
{
	yaml_node_pair_t *p;
	size_t k;

	*out = NULL;
	*nout = 0;
	if (n == NULL || c->as_is.n_segments == 0 || c->to_be.n_segments == 0)
		return;
	if (n->type != YAML_MAPPING_NODE) {
		missing(rd, n, "'segment_difference' must be a mapping");
		return;
	}
	*out = wf_xcalloc(c->to_be.n_segments, sizeof(**out));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top &&
	    *nout < c->to_be.n_segments; p++) {
		yaml_node_t *key = yaml_document_get_node(&rd->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&rd->doc, p->value);
		struct wf_segment_diff *sd = &(*out)[*nout];
		const char *name;

		if (key == NULL || key->type != YAML_SCALAR_NODE) {
			missing(rd, key, "expected a segment name");
			return;
		}
		name = (const char *)key->data.scalar.value;
		for (sd->a = 0; sd->a < c->as_is.n_segments; sd->a++)
			if (strcmp(c->as_is.segment_names[sd->a], name) == 0)
				break;
		for (sd->b = 0; sd->b < c->to_be.n_segments; sd->b++)
			if (strcmp(c->to_be.segment_names[sd->b], name) == 0)
				break;
		if (sd->a == c->as_is.n_segments || sd->b == c->to_be.n_segments) {
			missing(rd, key, "a segment difference names a segment a run does not have");
			return;
		}
		for (k = 0; k < WF_M_COUNT; k++)
			read_summary(rd, NULL, &sd->d[k]);
		for (k = 0; k < WF_SEG_METRIC_COUNT; k++) {
			size_t mk = (size_t)wf_segment_metrics[k];

			read_summary(rd, get(rd, v, wf_metrics[mk].name), &sd->d[mk]);
		}
		(*nout)++;
	}
}

static void
read_run(struct reader *rd, yaml_node_t *n, struct wf_run *run)
{
	yaml_node_t *model = get(rd, n, "model"), *set = get(rd, n, "settings");
	yaml_node_t *metrics = get(rd, n, "metrics"), *plot = get(rd, n, "plot");
	yaml_node_t *reps = get(rd, n, "replications"), *cap = get(rd, n, "capacity");
	yaml_node_t *eco = get(rd, n, "economics");
	yaml_node_item_t *it;
	size_t k;
	long r;
	enum wf_time_unit unit;

	if (model == NULL || set == NULL || metrics == NULL || plot == NULL || reps == NULL ||
	    reps->type != YAML_SEQUENCE_NODE) {
		missing(rd, n, "a run needs model, settings, metrics, plot and replications");
		return;
	}
	run->model_name = str(rd, get(rd, model, "name"));
	run->model_file = str(rd, get(rd, model, "file"));
	run->time_unit = str(rd, get(rd, model, "time_unit"));
	if (wf_unit_parse(run->time_unit, &unit) != 0) {
		missing(rd, get(rd, model, "time_unit"), "unknown time unit");
		unit = WF_MINUTES;
	}
	run->unit_minutes = wf_unit_seconds(unit) / 60.0;
	run->horizon = num(rd, get(rd, set, "horizon"));
	run->warmup = num(rd, get(rd, set, "warmup"));
	/* absent from files of 0.1.0 */
	run->drain = get(rd, set, "drain") ? num(rd, get(rd, set, "drain")) : NAN;
	run->window_days = get(rd, set, "window_days") ? num(rd, get(rd, set, "window_days")) : NAN;
	run->seed = (unsigned long long)num(rd, get(rd, set, "seed"));
	run->has_sla = get(rd, metrics, "sla_attainment") != NULL;
	for (k = 0; k < WF_M_COUNT; k++)
		read_summary(rd, get(rd, metrics, wf_metrics[k].name), &run->metric[k]);
	run->n_resources = read_items(rd, get(rd, n, "resources"), &run->resources, res_names);
	run->n_steps = read_items(rd, get(rd, n, "steps"), &run->steps, step_names);
	run->n_outcomes = read_items(rd, get(rd, n, "outcomes"), &run->outcomes, out_names);
	run->arrivals_per_day = cap ? num(rd, get(rd, cap, "arrivals_per_day")) : NAN;
	run->max_per_day = cap ? num(rd, get(rd, cap, "max_per_day")) : NAN;
	run->overloaded = cap ? is_true(get(rd, cap, "overloaded")) : 0;
	read_warnings(rd, get(rd, n, "warnings"), &run->warnings);
	if (eco != NULL) {
		yaml_node_t *cur = get(rd, eco, "currency");

		run->has_economics = 1;
		run->one_off = num(rd, get(rd, eco, "one_off"));
		run->per_month = num(rd, get(rd, eco, "per_month"));
		run->currency = cur ? str(rd, cur) : NULL;
	}
	read_weekly(rd, get(rd, n, "weekly"), run);
	read_segments(rd, get(rd, n, "segments"), run);
	read_array(rd, get(rd, plot, "cycle_cdf"), run->cycle_cdf, WF_CDF_POINTS);
	read_array(rd, get(rd, plot, "wip_mean"), run->wip_mean, WF_WIP_SAMPLES);
	read_array(rd, get(rd, plot, "wip_lo"), run->wip_lo, WF_WIP_SAMPLES);
	read_array(rd, get(rd, plot, "wip_hi"), run->wip_hi, WF_WIP_SAMPLES);

	run->replications = (long)(reps->data.sequence.items.top - reps->data.sequence.items.start);
	run->rep = wf_xcalloc((size_t)(run->replications ? run->replications : 1) * WF_M_COUNT,
			      sizeof(double));
	for (it = reps->data.sequence.items.start, r = 0; it < reps->data.sequence.items.top; it++, r++) {
		yaml_node_t *row = yaml_document_get_node(&rd->doc, *it);

		for (k = 0; k < WF_M_COUNT; k++) {
			yaml_node_t *v = get(rd, row, wf_metrics[k].name);

			run->rep[(size_t)r * WF_M_COUNT + k] = v ? num(rd, v) : NAN;
		}
	}
}

/* The steps of a comparison's `process_diff` (for the process plot); absent in files written
 * before it existed.  The rest of the economics is not read back: c->econ.built stays 0. */
static void
read_process_diff(struct reader *rd, yaml_node_t *pd, struct wf_econ_cmp *e)
{
	yaml_node_t *steps = pd ? get(rd, pd, "steps") : NULL;
	yaml_node_item_t *it;
	size_t n = 0;

	if (steps == NULL || steps->type != YAML_SEQUENCE_NODE)
		return;
	e->pd_steps = wf_xcalloc((size_t)(steps->data.sequence.items.top -
	    steps->data.sequence.items.start) + 1, sizeof(*e->pd_steps));
	for (it = steps->data.sequence.items.start; it < steps->data.sequence.items.top; it++) {
		yaml_node_t *row = yaml_document_get_node(&rd->doc, *it);
		yaml_node_t *ch = get(rd, row, "change"), *mins = get(rd, row, "human_minutes_per_case");
		struct wf_pdiff_step *d = &e->pd_steps[n++];
		const char *c = ch && ch->type == YAML_SCALAR_NODE ? (char *)ch->data.scalar.value : "kept";

		d->id = str(rd, get(rd, row, "id"));
		d->in_as_is = strcmp(c, "added") != 0;
		d->in_to_be = strcmp(c, "removed") != 0;
		d->minutes_as_is = mins ? num(rd, get(rd, mins, "as_is")) : NAN;
		d->minutes_to_be = mins ? num(rd, get(rd, mins, "to_be")) : NAN;
	}
	e->n_pd_steps = n;
}

int
wf_results_read_json(const char *path, struct wf_comparison *c, struct wf_diag *diag)
{
	struct reader rd;
	yaml_parser_t parser;
	yaml_node_t *root, *crn;
	struct wf_segment_diff *seg_diff = NULL;
	size_t n_seg_diff = 0;
	FILE *fp;
	int kind = -1;
	char *text = NULL;
	size_t len = 0, cap = 0, got;

	memset(c, 0, sizeof(*c));
	memset(&rd, 0, sizeof(rd));
	rd.path = path;
	rd.diag = diag;
	if ((fp = fopen(path, "rb")) == NULL) {
		wf_diag_error(diag, path, 0, 0, "cannot read results: %s", strerror(errno));
		return -1;
	}
	do {
		text = wf_xgrow(text, &cap, len + 65536, 1);
		got = fread(text + len, 1, cap - len, fp);
		len += got;
	} while (got > 0 && len <= MAX_RESULTS_BYTES);
	text = wf_xgrow(text, &cap, len + 1, 1);
	text[len] = '\0';	/* for strspn */
	if (ferror(fp) || len > MAX_RESULTS_BYTES || too_deep(text, len)) {
		if (ferror(fp))
			wf_diag_error(diag, path, 0, 0, "cannot read results: %s", strerror(errno));
		else
			wf_diag_error(diag, path, 0, 0, "not a wfsim results file: %s",
				      len > MAX_RESULTS_BYTES ? "larger than 64 MB" :
				      "expected a JSON object, nested no deeper than wfsim writes it");
		free(text);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &rd.doc)) {
		wf_diag_error(diag, path, (int)parser.problem_mark.line + 1,
			      (int)parser.problem_mark.column + 1, "not valid JSON: %s",
			      parser.problem ? parser.problem : "parse error");
		yaml_parser_delete(&parser);
		free(text);
		return -1;
	}
	yaml_parser_delete(&parser);
	free(text);

	root = yaml_document_get_root_node(&rd.doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		missing(&rd, root, "expected a JSON object");
	} else if (get(&rd, root, "scenarios") != NULL || get(&rd, root, "points") != NULL) {
		/* Written by compare of several models, or by sweep: their plots come with them. */
		wf_diag_error(diag, path, 0, 0, "the results of %s: 'wfsim plot' draws a run or a "
			      "comparison of two models again; draw these with --plots on the command that "
			      "wrote them, or run 'gnuplot NAME.gp' in its plots directory",
			      get(&rd, root, "points") ? "a sweep" : "several scenarios");
		rd.failed = 1;
	} else if (get(&rd, root, "as_is") != NULL) {
		read_run(&rd, get(&rd, root, "as_is"), &c->as_is);
		read_run(&rd, get(&rd, root, "to_be"), &c->to_be);
		crn = get(&rd, get(&rd, root, "settings"), "common_random_numbers");
		c->common_random_numbers = crn && crn->type == YAML_SCALAR_NODE &&
		    strcmp((char *)crn->data.scalar.value, "true") == 0;
		read_warnings(&rd, get(&rd, root, "warnings"), &c->warnings);
		read_process_diff(&rd, get(&rd, root, "process_diff"), &c->econ);
		read_segment_diff(&rd, get(&rd, root, "segment_difference"), c, &seg_diff, &n_seg_diff);
		kind = 2;
	} else {
		read_run(&rd, root, &c->to_be);
		kind = 1;
	}
	yaml_document_delete(&rd.doc);
	if (rd.failed) {
		free(seg_diff);
		wf_comparison_fini(c);
		return -1;
	}
	if (kind == 2) {
		wf_comparison_diff(c);
		/* without per-replication values the segments' differences are the file's */
		free(c->segment_diff);
		c->segment_diff = seg_diff;
		c->n_segment_diff = n_seg_diff;
	}
	return kind;
}
