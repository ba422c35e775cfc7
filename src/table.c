/* Tables a person reads: every figure formatted in the unit a stakeholder would use (hours
 * rather than 437.2 minutes, percentages for rates), built as rows of strings so the terminal
 * and the HTML report say exactly the same thing. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/scenarios.h"
#include "wfsim/sweep.h"
#include "wfsim/table.h"
#include "wfsim/textwidth.h"
#include "wfsim/xalloc.h"

int
wf_time_ci_shown(double t, double ci)
{
	return isfinite(ci) && ci > 1e-9 * fabs(t);
}

/* A time and its CI half-width in the unit that `scale` (a time of the same row) reads best
 * in, so that the figures of one row share a unit; NAN: t's own. */
static void
format_time_ci(double t, double ci, double scale, double unit_minutes, char *buf, size_t len)
{
	double m = fabs((isfinite(scale) ? scale : t) * unit_minutes), div;
	const char *u;

	if (!isfinite(t)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (m < 1.0)
		div = 1.0 / 60, u = "s";
	else if (m < 120.0)
		div = 1.0, u = "min";
	else if (m < 72 * 60.0)
		div = 60.0, u = "h";
	else
		div = 1440.0, u = "d";
	if (wf_time_ci_shown(t, ci))
		snprintf(buf, len, "%.3g ± %.2g %s", t * unit_minutes / div, ci * unit_minutes / div, u);
	else
		snprintf(buf, len, "%.3g %s", t * unit_minutes / div, u);
}

void
wf_format_time(double t, double unit_minutes, char *buf, size_t len)
{
	format_time_ci(t, NAN, NAN, unit_minutes, buf, len);
}

void
wf_format_span(double t, double unit_minutes, char *buf, size_t len)
{
	double days = t * unit_minutes / 1440.0;

	if (days >= 1 && days == floor(days))
		snprintf(buf, len, "%.0f d", days);
	else
		wf_format_time(t, unit_minutes, buf, len);
}

/* Metric k's value x (± ci when finite and > 0) in its kind's form; times in the unit `scale`
 * reads best in (NAN: x's own), money in `currency` (may be NULL). */
static void
format_value(const struct wf_run *run, const char *currency, size_t k, double x, double ci,
	     double scale, char *buf, size_t len)
{
	const char *cur = currency ? currency : "";

	if (!isfinite(x)) {
		snprintf(buf, len, "n/a");
		return;
	}
	switch (wf_metrics[k].kind) {
	case WF_MK_TIME:
		format_time_ci(x, ci, scale, run->unit_minutes, buf, len);
		break;
	case WF_MK_RATE:
		if (isfinite(ci) && ci > 0)
			snprintf(buf, len, "%.1f%% ± %.1f", 100 * x, 100 * ci);
		else
			snprintf(buf, len, "%.1f%%", 100 * x);
		break;
	case WF_MK_MONEY:
		if (isfinite(ci) && ci > 0)
			snprintf(buf, len, "%.2f ± %.2f%s%s", x, ci, *cur ? " " : "", cur);
		else
			snprintf(buf, len, "%.2f%s%s", x, *cur ? " " : "", cur);
		break;
	default:
		if (isfinite(ci) && ci > 0)
			snprintf(buf, len, "%.1f ± %.1f", x, ci);
		else
			snprintf(buf, len, "%.1f", x);
	}
}

static const char *
unit_label(const struct wf_run *run, size_t k)
{
	switch (wf_metrics[k].kind) {
	case WF_MK_COUNT: return "cases";
	case WF_MK_TIME: return "";
	case WF_MK_RATE: return "of cases";
	case WF_MK_PER_DAY: return "cases/day";
	case WF_MK_MONEY: return "per case";
	}
	return "";
}

/* snprintf for names in tables: a cut falls between two letters, never inside one. */
static void
text(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
text(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(buf, len, fmt, ap) >= (int)len)
		wf_text_trim_cut(buf);
	va_end(ap);
}

static struct wf_row *
add_row(struct wf_table *t, const char *label)
{
	struct wf_row *r;

	t->rows = wf_xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	text(r->label, sizeof(r->label), "%s", label);
	return r;
}

static void
cell(struct wf_row *r, int i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
cell(struct wf_row *r, int i, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(r->cell[i], sizeof(r->cell[i]), fmt, ap) >= (int)sizeof(r->cell[i]))
		wf_text_trim_cut(r->cell[i]);
	va_end(ap);
}

static void
table_init(struct wf_table *t, const char *title, size_t n_cols, const char *const *head)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	text(t->title, sizeof(t->title), "%s", title);
	t->n_cols = n_cols;
	for (i = 0; i <= n_cols && i <= WF_TABLE_CELLS; i++) {
		text(t->head[i], sizeof(t->head[i]), "%s", head[i]);
	}
}

void
wf_table_run(struct wf_table *t, const struct wf_run *run)
{
	static const char *const head[] = { "metric", "mean ± 95% CI", "unit" };
	size_t k;

	table_init(t, "Key figures", 2, head);
	for (k = 0; k < WF_M_COUNT; k++) {
		struct wf_row *r;

		if (!wf_run_shows(run, k))
			continue;
		r = add_row(t, wf_metrics[k].label);
		format_value(run, run->currency, k, run->metric[k].mean, run->metric[k].ci95, NAN,
			     r->cell[0], sizeof(r->cell[0]));
		cell(r, 1, "%s", unit_label(run, k));
	}
}

/* A comparison shows money in the to-be model's currency (the one with economics), else the
 * as-is model's. */
static const char *
currency_of(const struct wf_comparison *c)
{
	return c->to_be.currency ? c->to_be.currency : c->as_is.currency;
}

/* The larger of the two means of metric k: the figures of a row share the unit it reads in. */
static double
row_scale(const struct wf_comparison *c, size_t k)
{
	double a = fabs(c->as_is.metric[k].mean), b = fabs(c->to_be.metric[k].mean);

	return isfinite(a) && (a >= b || !isfinite(b)) ? a : b;
}

/* The change column: the paired difference with its CI, and whether it is significant. */
static void
format_change(const struct wf_comparison *c, size_t k, char *buf, size_t len)
{
	const struct wf_summary *d = &c->diff[k];
	char v[64];

	if (!isfinite(d->mean)) {
		snprintf(buf, len, "n/a");
		return;
	}
	format_value(&c->to_be, currency_of(c), k, d->mean, d->ci95, NAN, v, sizeof(v));
	snprintf(buf, len, "%s%s", d->mean > 0 && v[0] != '-' ? "+" : "", v);
}

void
wf_table_compare(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "metric", "as-is", "to-be", "change ± 95% CI", "relative" };
	size_t k;

	table_init(t, "All figures (to-be minus as-is, per replication pairs)", 4, head);
	if (!c->common_random_numbers)
		snprintf(t->title, sizeof(t->title), "All figures (to-be minus as-is, independent runs)");
	for (k = 0; k < WF_M_COUNT; k++) {
		struct wf_row *r;

		if (!wf_run_shows(&c->as_is, k) && !wf_run_shows(&c->to_be, k))
			continue;
		r = add_row(t, wf_metrics[k].label);
		format_value(&c->as_is, currency_of(c), k, c->as_is.metric[k].mean, NAN, row_scale(c, k),
			     r->cell[0], sizeof(r->cell[0]));
		format_value(&c->to_be, currency_of(c), k, c->to_be.metric[k].mean, NAN, row_scale(c, k),
			     r->cell[1], sizeof(r->cell[1]));
		format_change(c, k, r->cell[2], sizeof(r->cell[2]));
		if (isfinite(c->relative[k]))
			cell(r, 3, "%+.1f%%%s", 100 * c->relative[k], c->significant[k] ? "" : " (n.s.)");
		else
			cell(r, 3, "%s", c->significant[k] ? "" : "(n.s.)");
	}
}

static const struct wf_item *
find_item(const struct wf_item *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

static void
format_util(const struct wf_item *it, char *buf, size_t len)
{
	if (it == NULL)
		snprintf(buf, len, "-");
	else if (!isfinite(it->s[0].mean))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.1f%% ± %.1f", 100 * it->s[0].mean,
			 isfinite(it->s[0].ci95) ? 100 * it->s[0].ci95 : 0.0);
}

/* Overtime hours of a resource, over the window. */
static void
format_hours(const struct wf_item *it, char *buf, size_t len)
{
	if (it == NULL)
		snprintf(buf, len, "-");
	else if (!isfinite(it->s[3].mean))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.1f", it->s[3].mean);
}

void
wf_table_resources(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "resource", "kind", "as-is utilisation", "to-be utilisation",
	    "as-is overtime h", "to-be overtime h" };
	size_t i;

	table_init(t, "Resources (utilisation of scheduled hours; overtime apart)", 5, head);
	for (i = 0; i < c->as_is.n_resources + c->to_be.n_resources; i++) {
		const struct wf_item *it = i < c->as_is.n_resources ? &c->as_is.resources[i]
		    : &c->to_be.resources[i - c->as_is.n_resources];
		const struct wf_item *a = find_item(c->as_is.resources, c->as_is.n_resources, it->id);
		const struct wf_item *b = find_item(c->to_be.resources, c->to_be.n_resources, it->id);
		struct wf_row *r;

		if (i >= c->as_is.n_resources && a != NULL)
			continue;	/* already listed with the as-is resources */
		r = add_row(t, it->id);
		cell(r, 0, "%s", it->is_machine ? "machine" : "human");
		format_util(a, r->cell[1], sizeof(r->cell[1]));
		format_util(b, r->cell[2], sizeof(r->cell[2]));
		format_hours(a, r->cell[3], sizeof(r->cell[3]));
		format_hours(b, r->cell[4], sizeof(r->cell[4]));
	}
}

void
wf_table_run_resources(struct wf_table *t, const struct wf_run *run)
{
	static const char *const head[] = { "resource", "kind", "utilisation", "mean queue",
	    "busy hours", "overtime hours" };
	size_t i;

	table_init(t, "Resources (utilisation of scheduled hours; overtime apart)", 5, head);
	for (i = 0; i < run->n_resources; i++) {
		const struct wf_item *it = &run->resources[i];
		struct wf_row *r = add_row(t, it->id);

		cell(r, 0, "%s", it->is_machine ? "machine" : "human");
		format_util(it, r->cell[1], sizeof(r->cell[1]));
		cell(r, 2, "%.2f", it->s[1].mean);
		cell(r, 3, "%.0f", it->s[2].mean);
		if (isfinite(it->s[3].mean))
			cell(r, 4, "%.1f", it->s[3].mean);
		else
			cell(r, 4, "n/a");
	}
}

static const char *
kind_name(const struct wf_item *it)
{
	return it->kind >= 0 && it->kind < 3 ? wf_outcome_kind_names[it->kind] : "";
}

static void
format_share(const struct wf_summary *s, char *buf, size_t len)
{
	if (!isfinite(s->mean))
		snprintf(buf, len, "n/a");
	else if (s->ci95 > 0.0005)
		snprintf(buf, len, "%.1f%% ± %.1f", 100 * s->mean, 100 * s->ci95);
	else
		snprintf(buf, len, "%.1f%%", 100 * s->mean);
}

void
wf_table_run_outcomes(struct wf_table *t, const struct wf_run *run)
{
	static const char *const head[] = { "outcome", "kind", "share of cases",
	    "of them decided without a human" };
	size_t i;

	table_init(t, "Outcomes", 3, head);
	for (i = 0; i < run->n_outcomes; i++) {
		const struct wf_item *it = &run->outcomes[i];
		struct wf_row *r;

		if (!(it->s[0].mean > 0))
			continue;	/* outcomes no case reached (loop_limit, mostly) */
		r = add_row(t, it->id);
		cell(r, 0, "%s", kind_name(it));
		format_share(&it->s[0], r->cell[1], sizeof(r->cell[1]));
		format_share(&it->s[1], r->cell[2], sizeof(r->cell[2]));
	}
}

void
wf_table_outcomes(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "outcome", "kind", "as-is share", "to-be share",
	    "as-is decided w/o human", "to-be decided w/o human" };
	size_t i;

	table_init(t, "Outcomes (share of cases; of them, decided without a human)", 5, head);
	for (i = 0; i < c->as_is.n_outcomes + c->to_be.n_outcomes; i++) {
		const struct wf_item *it = i < c->as_is.n_outcomes ? &c->as_is.outcomes[i]
		    : &c->to_be.outcomes[i - c->as_is.n_outcomes];
		const struct wf_item *a = find_item(c->as_is.outcomes, c->as_is.n_outcomes, it->id);
		const struct wf_item *b = find_item(c->to_be.outcomes, c->to_be.n_outcomes, it->id);
		struct wf_row *r;

		if (i >= c->as_is.n_outcomes && a != NULL)
			continue;	/* already listed with the as-is outcomes */
		if (!(a != NULL && a->s[0].mean > 0) && !(b != NULL && b->s[0].mean > 0))
			continue;	/* reached in neither model */
		r = add_row(t, it->id);
		cell(r, 0, "%s", kind_name(it));
		if (a != NULL) {
			format_share(&a->s[0], r->cell[1], sizeof(r->cell[1]));
			format_share(&a->s[1], r->cell[3], sizeof(r->cell[3]));
		} else {
			cell(r, 1, "-");
			cell(r, 3, "-");
		}
		if (b != NULL) {
			format_share(&b->s[0], r->cell[2], sizeof(r->cell[2]));
			format_share(&b->s[1], r->cell[4], sizeof(r->cell[4]));
		} else {
			cell(r, 2, "-");
			cell(r, 4, "-");
		}
	}
}

void
wf_table_steps(struct wf_table *t, const struct wf_run *run)
{
	static const char *const head[] = { "step", "visits/case", "mean wait", "mean service" };
	size_t i;

	table_init(t, "Steps", 3, head);
	for (i = 0; i < run->n_steps; i++) {
		const struct wf_item *it = &run->steps[i];
		struct wf_row *r = add_row(t, it->id);

		cell(r, 0, "%.2f", it->s[0].mean);
		wf_format_time(it->s[1].mean, run->unit_minutes, r->cell[1], sizeof(r->cell[1]));
		wf_format_time(it->s[2].mean, run->unit_minutes, r->cell[2], sizeof(r->cell[2]));
	}
}

/* ---------- the headline ---------- */

static void
headline_time(struct wf_table *t, const char *label, const struct wf_comparison *c, size_t k, int emph)
{
	struct wf_row *r = add_row(t, label);
	const struct wf_summary *d = &c->diff[k];
	double um = c->to_be.unit_minutes;
	char a[48], b[48], s[64];

	r->emphasis = emph;
	format_time_ci(c->as_is.metric[k].mean, NAN, row_scale(c, k), um, a, sizeof(a));
	format_time_ci(c->to_be.metric[k].mean, NAN, row_scale(c, k), um, b, sizeof(b));
	cell(r, 0, "%s", a);
	cell(r, 1, "%s", b);
	if (!isfinite(d->mean)) {
		cell(r, 2, "n/a");
		return;
	}
	format_time_ci(fabs(d->mean), d->ci95, NAN, um, s, sizeof(s));
	if (!c->significant[k])
		cell(r, 2, "no significant change (%s%s)", d->mean < 0 ? "-" : "+", s);
	else
		cell(r, 2, "%s %s", d->mean < 0 ? "saves" : "adds", s);
}

static void
headline_rate(struct wf_table *t, const char *label, const struct wf_comparison *c, size_t k)
{
	struct wf_row *r = add_row(t, label);
	const struct wf_summary *d = &c->diff[k];

	cell(r, 0, "%.1f%%", 100 * c->as_is.metric[k].mean);
	cell(r, 1, "%.1f%%", 100 * c->to_be.metric[k].mean);
	if (!isfinite(d->mean))
		cell(r, 2, "n/a");
	else
		cell(r, 2, "%+.1f points ± %.1f%s", 100 * d->mean, 100 * d->ci95,
		     c->significant[k] ? "" : " (n.s.)");
}

/* Money x ± ci in one scale (M, k or units) chosen by the larger of |x|, ci and `scale`:
 * cents only below a thousand, so that -9689.71 ± 3332.70 reads -9.7 ± 3.3 k beside its
 * neighbours in k. */
static void
format_money_ci(double x, double ci, double scale, const char *cur, char *buf, size_t len)
{
	double a = fmax(fmax(fabs(x), isfinite(ci) ? ci : 0), isfinite(scale) ? fabs(scale) : 0);
	double div = 1;
	const char *u = "";
	int dec = 2;
	char c[40] = "";

	if (!isfinite(x)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (a >= 1e6)
		div = 1e6, u = " M", dec = 2;
	else if (a >= 1e4)
		div = 1e3, u = " k", dec = 0;
	else if (a >= 1e3)
		div = 1e3, u = " k", dec = 1;
	if (isfinite(ci) && ci * 2 >= pow(10, -dec) * div)
		snprintf(c, sizeof(c), " ± %.*f", dec, ci / div);
	/* what rounds to zero is written 0.00, not -0.00 */
	if (fabs(x) * 2 < pow(10, -dec) * div)
		x = 0;
	snprintf(buf, len, "%.*f%s%s%s%s", dec, x / div, c, u, cur ? " " : "", cur ? cur : "");
}

/* Why the money of c is not valid (an overloaded side, censored cases), or NULL. */
static const char *
money_not_valid(const struct wf_comparison *c, char *buf, size_t len)
{
	if (c->econ.built)
		return c->econ.not_valid;
	if (c->to_be.overloaded || c->as_is.overloaded) {
		snprintf(buf, len, "the %s is overloaded", c->to_be.overloaded ? "to-be" : "as-is");
		return buf;
	}
	return NULL;
}

/* Human FTE rostered on one side (side 0 as-is, 1 to-be), in the as-is pools' FTE. */
static double
rostered_fte(const struct wf_econ_cmp *e, int side)
{
	double x = 0;
	size_t i;

	for (i = 0; i < e->n_pd_pools; i++) {
		const struct wf_pdiff_pool *p = &e->pd_pools[i];
		double f = side ? p->fte_to_be : p->fte_as_is;

		if (!p->is_machine && isfinite(f))
			x += f;
	}
	return x;
}

/* One money-per-year row: both sides and the change (to-be minus as-is, paired). */
static void
money_row(struct wf_table *t, const char *label, const struct wf_summary *s,
	  const struct wf_summary *delta, const char *cur, const char *why)
{
	struct wf_row *r = add_row(t, label);
	double scale = fmax(fabs(s[0].mean), fabs(s[1].mean));
	double d = delta->mean;

	format_money_ci(s[0].mean, NAN, scale, cur, r->cell[0], sizeof(r->cell[0]));
	format_money_ci(s[1].mean, NAN, scale, cur, r->cell[1], sizeof(r->cell[1]));
	if (why != NULL)
		cell(r, 2, "not valid: %s", why);
	else if (d == 0)
		cell(r, 2, "no change");
	else {
		char v[64];

		format_money_ci(fabs(d), delta->ci95, NAN, cur, v, sizeof(v));
		cell(r, 2, "%s %s", d < 0 ? "saves" : "adds", v);
		if (s[0].mean > 0) {
			size_t n = strlen(r->cell[2]);

			snprintf(r->cell[2] + n, sizeof(r->cell[2]) - n, " (%+.0f%%)", 100 * d / s[0].mean);
		}
	}
}

/* The money lines of the headline: FTE freed, roster and error costs, net saving, payback,
 * net present value; "not valid" instead of a figure when a side is overloaded or censored. */
static void
headline_money(struct wf_table *t, const struct wf_comparison *c)
{
	const struct wf_econ_cmp *e = &c->econ;
	const char *cur = e->currency, *why;
	char whybuf[96], v[64], w[64];
	struct wf_row *r;

	why = money_not_valid(c, whybuf, sizeof(whybuf));
	if (!e->built) {
		if (why != NULL) {
			r = add_row(t, "net saving per year");
			r->emphasis = 1;
			cell(r, 2, "not valid: %s", why);
			r = add_row(t, "payback period");
			r->emphasis = 1;
			cell(r, 2, "not valid: %s", why);
		}
		return;
	}
	r = add_row(t, "FTE freed");
	r->emphasis = 1;
	cell(r, 0, "%.1f FTE rostered", rostered_fte(e, 0));
	cell(r, 1, "%.1f FTE rostered", rostered_fte(e, 1));
	if (why != NULL)
		cell(r, 2, "not valid: %s", why);
	else
		cell(r, 2, "%.1f ± %.1f FTE of human work%s", e->freed_fte.mean + 0.0,
		     e->freed_fte.ci95, fabs(rostered_fte(e, 0) - rostered_fte(e, 1)) < 1e-9 ?
		     " (same roster: no money unless redeployed)" : "");
	money_row(t, "roster cost per year", e->roster, &e->delta[WF_ECON_ROSTER], cur, NULL);
	if (e->per_escaped_error > 0)
		money_row(t, "error cost per year", e->error_cost, &e->delta[WF_ECON_ERRORS], cur, why);
	else {
		r = add_row(t, "error cost per year");
		cell(r, 0, "not priced");
		cell(r, 1, "not priced");
		cell(r, 2, "give economics: per_escaped_error to count it");
	}
	if (e->per_abandoned_case > 0)
		money_row(t, "abandonment cost per year", e->abandon_cost, &e->delta[WF_ECON_ABANDON],
			  cur, why);

	r = add_row(t, e->count_freed_time ? "net saving per year, if freed time is redeployed"
		    : "net saving per year");
	r->emphasis = 1;
	if (why != NULL)
		cell(r, 2, "not valid: %s", why);
	else {
		format_money_ci(e->net_saving.mean, e->net_saving.ci95, NAN, cur, v, sizeof(v));
		cell(r, 2, "%s", v);
	}

	r = add_row(t, "payback period");
	r->emphasis = 1;
	format_money_ci(e->one_off, NAN, NAN, cur, v, sizeof(v));
	cell(r, 1, "%s up front", v);
	if (why != NULL)
		cell(r, 2, "not valid: %s", why);
	else if (!isfinite(e->payback_months))
		cell(r, 2, "never: the redesign saves nothing per year");
	else
		cell(r, 2, "%.1f months", e->payback_months);

	r = add_row(t, "net present value");
	if (why != NULL) {
		cell(r, 2, "not valid: %s", why);
		return;
	}
	format_money_ci(e->npv.mean, e->npv.ci95, NAN, cur, v, sizeof(v));
	w[0] = '\0';
	if (isfinite(e->roi.mean))
		snprintf(w, sizeof(w), ", ROI %+.0f%%", 100 * e->roi.mean);
	cell(r, 2, "%s over %ld months at %g%%/yr%s", v, e->months, 100 * e->discount_rate, w);
}

void
wf_table_headline(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "", "as-is", "to-be", "what changes" };
	const struct wf_run *A = &c->as_is, *B = &c->to_be;
	struct wf_row *r;

	table_init(t, "What the redesign changes", 3, head);
	if (A->overloaded || B->overloaded) {
		/* First, so that no figure below is read without it. */
		r = add_row(t, "OVERLOADED");
		r->emphasis = 1;
		cell(r, 0, "%s", A->overloaded ? "overloaded" : "");
		cell(r, 1, "%s", B->overloaded ? "overloaded" : "");
		cell(r, 2, "queues grow without bound: every figure depends on the horizon");
	}
	headline_time(t, "time per case (mean)", c, WF_M_CYCLE_TIME_MEAN, 1);
	headline_time(t, "time per case, 90% done within", c, WF_M_CYCLE_TIME_P90, 1);
	headline_time(t, "human touch time per case", c, WF_M_TOUCH_TIME_MEAN, 0);
	r = add_row(t, "sustainable throughput (cases/day)");
	cell(r, 0, isfinite(A->max_per_day) ? "%.0f" : "unlimited", A->max_per_day);
	cell(r, 1, isfinite(B->max_per_day) ? "%.0f" : "unlimited", B->max_per_day);
	if (isfinite(A->max_per_day) && isfinite(B->max_per_day) && A->max_per_day > 0)
		cell(r, 2, "x%.2f headroom", B->max_per_day / A->max_per_day);
	headline_rate(t, "resolved", c, WF_M_RESOLUTION_RATE);
	if (A->metric[WF_M_ABANDONMENT_RATE].mean > 0 || B->metric[WF_M_ABANDONMENT_RATE].mean > 0)
		headline_rate(t, "abandoned", c, WF_M_ABANDONMENT_RATE);
	headline_rate(t, "escalated", c, WF_M_ESCALATION_RATE);
	headline_rate(t, "errors reaching customers", c, WF_M_ESCAPED_ERROR_RATE);
	headline_rate(t, "resolved without a human", c, WF_M_AUTONOMOUS_RATE);
	/* With decision steps, the AI deciding after a human intake shows here, not above. */
	if (A->metric[WF_M_DECIDED_WITHOUT_HUMAN_RATE].mean != A->metric[WF_M_AUTONOMOUS_RATE].mean ||
	    B->metric[WF_M_DECIDED_WITHOUT_HUMAN_RATE].mean != B->metric[WF_M_AUTONOMOUS_RATE].mean)
		headline_rate(t, "decided without a human", c, WF_M_DECIDED_WITHOUT_HUMAN_RATE);
	if (A->has_sla && B->has_sla)
		headline_rate(t, "done within the SLA", c, WF_M_SLA_ATTAINMENT);
	headline_money(t, c);
}

/* ---------- money and process ---------- */

static void
money_cell(struct wf_row *r, int i, const struct wf_summary *s, const char *cur)
{
	format_money_ci(s->mean, s->ci95, NAN, cur, r->cell[i], sizeof(r->cell[i]));
}

void
wf_table_economics(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "per year", "as-is", "to-be", "to-be minus as-is ± 95% CI" };
	const struct wf_econ_cmp *e = &c->econ;
	const char *cur = e->currency, *why = e->not_valid;
	struct wf_summary d, run[2];
	struct wf_row *r;
	char v[64];
	size_t i;
	struct {
		const char *label;
		const struct wf_summary *s, *d;
	} rows[] = {
		{ "roster cost (scheduled hours, overtime)", e->roster, &e->delta[WF_ECON_ROSTER] },
		{ "touch cost (busy human time)", e->touch, &e->delta[WF_ECON_TOUCH] },
		{ "step costs", e->step_cost, &e->delta[WF_ECON_STEPS] },
		{ "escaped-error cost", e->error_cost, &e->delta[WF_ECON_ERRORS] },
		{ "abandonment cost", e->abandon_cost, &e->delta[WF_ECON_ABANDON] },
		{ "running cost", run, NULL },
		{ e->count_freed_time ? "cost counted (touch, not roster)" : "cost counted (roster, not touch)",
		  e->cost, NULL },
	};

	table_init(t, e->count_freed_time ? "Money per year (freed time counted as if redeployed)" :
		   "Money per year (money moves with the roster, not with freed time)", 3, head);
	if (!e->built)
		return;
	for (i = 0; i < 2; i++) {
		memset(&run[i], 0, sizeof(run[i]));
		run[i].mean = e->running[i];
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = add_row(t, rows[i].label);
		money_cell(r, 0, &rows[i].s[0], cur);
		money_cell(r, 1, &rows[i].s[1], cur);
		if (rows[i].d != NULL)
			d = *rows[i].d;
		else if (i + 1 == sizeof(rows) / sizeof(rows[0])) {
			d = e->net_saving;	/* the paired interval of the difference */
			d.mean = -d.mean;
		} else {
			d = rows[i].s[1];
			d.mean -= rows[i].s[0].mean;
			d.ci95 = 0;
		}
		format_money_ci(d.mean, d.ci95, NAN, cur, r->cell[2], sizeof(r->cell[2]));
	}
	t->rows[t->n - 1].emphasis = 1;
	r = add_row(t, "human hours freed");
	cell(r, 2, "%.0f ± %.0f h", e->freed_hours.mean, e->freed_hours.ci95);
	for (i = 0; i < e->n_freed; i++) {
		char label[64];

		text(label, sizeof(label), "  FTE freed: %s", e->freed[i].id);
		r = add_row(t, label);
		cell(r, 2, "%.2f ± %.2f FTE (%.0f h each)", e->freed[i].fte.mean + 0.0,
		     e->freed[i].fte.ci95, e->freed[i].fte_hours_year);
	}
	r = add_row(t, "FTE freed, all pools");
	cell(r, 2, "%.2f ± %.2f FTE", e->freed_fte.mean + 0.0, e->freed_fte.ci95);
	r = add_row(t, e->count_freed_time ? "net saving, if freed time is redeployed" : "net saving");
	r->emphasis = 1;
	if (why)
		cell(r, 2, "not valid: %s", why);
	else
		money_cell(r, 2, &e->net_saving, cur);
	r = add_row(t, "payback");
	if (why)
		cell(r, 2, "not valid: %s", why);
	else if (isfinite(e->payback_months)) {
		format_money_ci(e->one_off, NAN, NAN, cur, v, sizeof(v));
		cell(r, 2, "%.1f months after %s up front", e->payback_months, v);
	} else
		cell(r, 2, "never");
	r = add_row(t, "net present value");
	if (why)
		cell(r, 2, "not valid: %s", why);
	else {
		money_cell(r, 2, &e->npv, cur);
		i = strlen(r->cell[2]);
		snprintf(r->cell[2] + i, sizeof(r->cell[2]) - i, " (%ld months, %g%%/yr)", e->months,
			 100 * e->discount_rate);
	}
	r = add_row(t, "return on investment");
	if (why)
		cell(r, 2, "not valid: %s", why);
	else if (isfinite(e->roi.mean))
		cell(r, 2, "%+.0f%% ± %.0f", 100 * e->roi.mean, 100 * e->roi.ci95);
	else
		cell(r, 2, "n/a: nothing invested up front");
}

static void
minutes_cell(struct wf_row *r, int i, double x)
{
	if (isfinite(x))
		cell(r, i, "%.1f", x);
	else
		cell(r, i, "-");
}

void
wf_table_process_steps(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "step", "change", "as-is resource", "to-be resource",
	    "as-is human min", "to-be human min" };
	const struct wf_econ_cmp *e = &c->econ;
	size_t i;

	table_init(t, "Process: steps kept, added, removed (human minutes per case)", 5, head);
	for (i = 0; i < e->n_pd_steps; i++) {
		const struct wf_pdiff_step *d = &e->pd_steps[i];
		struct wf_row *r = add_row(t, d->id);

		cell(r, 0, "%s", d->in_as_is && d->in_to_be ? "kept" : d->in_to_be ? "added" : "removed");
		cell(r, 1, "%s", d->in_as_is ? (d->pool_as_is ? d->pool_as_is : "(none)") : "-");
		cell(r, 2, "%s", d->in_to_be ? (d->pool_to_be ? d->pool_to_be : "(none)") : "-");
		minutes_cell(r, 3, d->minutes_as_is);
		minutes_cell(r, 4, d->minutes_to_be);
	}
}

void
wf_table_process_pools(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "resource", "as-is servers", "to-be servers",
	    "as-is h/week", "to-be h/week", "FTE as-is -> to-be" };
	const struct wf_econ_cmp *e = &c->econ;
	size_t i;

	table_init(t, "Staffing: scheduled capacity per pool", 5, head);
	for (i = 0; i < e->n_pd_pools; i++) {
		const struct wf_pdiff_pool *d = &e->pd_pools[i];
		struct wf_row *r = add_row(t, d->id);

		if (isfinite(d->capacity_as_is))
			cell(r, 0, "%.0f", d->capacity_as_is);
		else
			cell(r, 0, "%s", d->in_as_is ? "unlimited" : "-");
		if (isfinite(d->capacity_to_be))
			cell(r, 1, "%.0f", d->capacity_to_be);
		else
			cell(r, 1, "%s", d->in_to_be ? "unlimited" : "-");
		cell(r, 2, isfinite(d->hours_week_as_is) ? "%.0f" : "-", d->hours_week_as_is);
		cell(r, 3, isfinite(d->hours_week_to_be) ? "%.0f" : "-", d->hours_week_to_be);
		if (d->is_machine)
			cell(r, 4, "machine");
		else
			cell(r, 4, "%.1f -> %.1f", isfinite(d->fte_as_is) ? d->fte_as_is : 0,
			     isfinite(d->fte_to_be) ? d->fte_to_be : 0);
	}
}

/* A weekly figure: a rate as a percentage, a time readable; "n/a" when undefined. */
static void
format_weekly(const struct wf_run *run, size_t k, const struct wf_summary *s, int with_ci,
	      char *buf, size_t len)
{
	double ci = with_ci ? s->ci95 : NAN;

	if (!isfinite(s->mean))
		snprintf(buf, len, "n/a");
	else if (wf_weekly_metrics[k].kind == WF_MK_TIME)
		format_time_ci(s->mean, ci, NAN, run->unit_minutes, buf, len);
	else if (wf_weekly_metrics[k].kind == WF_MK_RATE)
		snprintf(buf, len, isfinite(ci) && ci > 0.0005 ? "%.1f%% ± %.1f" : "%.1f%%",
		    100 * s->mean, 100 * ci);
	else
		snprintf(buf, len, "%.0f", s->mean);
}

void
wf_table_weekly(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const run_head[] = { "week (by arrival)", "cases", "resolved",
	    "without a human", "escaped errors", "cycle time, mean" };
	static const char *const cmp_head[] = { "week (by arrival)", "cases", "without a human",
	    "escaped errors", "cycle time, mean", "cycle time change" };
	static const size_t run_k[] = { WF_W_CASES, WF_W_RESOLUTION_RATE, WF_W_AUTONOMOUS_RATE,
	    WF_W_ESCAPED_ERROR_RATE, WF_W_CYCLE_TIME_MEAN };
	static const size_t cmp_k[] = { WF_W_AUTONOMOUS_RATE, WF_W_ESCAPED_ERROR_RATE,
	    WF_W_CYCLE_TIME_MEAN };
	const struct wf_run *a = c->as_is.replications > 0 ? &c->as_is : NULL, *b = &c->to_be;
	size_t w, i, n = a != NULL ? c->n_weeks : b->n_weeks;
	char label[32], x[48], y[48];

	table_init(t, a != NULL ? "Week by week (as-is -> to-be, cases by the week they arrived)" :
	    "Week by week (cases by the week they arrived)", 5, a != NULL ? cmp_head : run_head);
	for (w = 0; w < n; w++) {
		struct wf_row *r;

		snprintf(label, sizeof(label), "week %zu", w + 1);
		r = add_row(t, label);
		if (a == NULL) {
			for (i = 0; i < 5; i++)
				format_weekly(b, run_k[i], &b->weekly[w][run_k[i]], 1, r->cell[i],
				    sizeof(r->cell[i]));
			continue;
		}
		format_weekly(b, WF_W_CASES, &b->weekly[w][WF_W_CASES], 0, r->cell[0],
		    sizeof(r->cell[0]));
		for (i = 0; i < 3; i++) {
			format_weekly(a, cmp_k[i], &a->weekly[w][cmp_k[i]], 0, x, sizeof(x));
			format_weekly(b, cmp_k[i], &b->weekly[w][cmp_k[i]], 0, y, sizeof(y));
			cell(r, (int)i + 1, "%s -> %s", x, y);
		}
		format_time_ci(c->weekly_diff[w][WF_W_CYCLE_TIME_MEAN].mean,
		    c->weekly_diff[w][WF_W_CYCLE_TIME_MEAN].ci95, NAN, b->unit_minutes, r->cell[4],
		    sizeof(r->cell[4]));
	}
}

/* A segment's figure: a time readable, a rate as a percentage; "n/a" when undefined. */
static void
format_segment(const struct wf_run *run, size_t j, int k, int with_ci, char *buf, size_t len)
{
	const struct wf_summary *s = &run->segment[j * WF_M_COUNT + (size_t)k];
	double ci = with_ci ? s->ci95 : NAN;

	if (!isfinite(s->mean) || !wf_run_shows(run, (size_t)k))
		snprintf(buf, len, "n/a");
	else if (wf_metrics[k].kind == WF_MK_TIME)
		format_time_ci(s->mean, ci, NAN, run->unit_minutes, buf, len);
	else
		snprintf(buf, len, isfinite(ci) && ci > 0.0005 ? "%.1f%% ± %.1f" : "%.1f%%",
		    100 * s->mean, 100 * ci);
}

void
wf_table_segments(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const run_head[] = { "segment", "cycle time, mean",
	    "cycle time, p90", "touch time", "escalated", "within SLA" };
	static const char *const cmp_head[] = { "segment", "cycle time, mean (change)",
	    "cycle time, p90", "touch time", "escalated", "within SLA" };
	static const int k5[] = { WF_M_CYCLE_TIME_MEAN, WF_M_CYCLE_TIME_P90,
	    WF_M_TOUCH_TIME_MEAN, WF_M_ESCALATION_RATE, WF_M_SLA_ATTAINMENT };
	const struct wf_run *a = c->as_is.replications > 0 ? &c->as_is : NULL, *b = &c->to_be;
	size_t j, i, n = a != NULL ? c->n_segment_diff : b->n_segments;
	char x[48], y[48], d[48];

	table_init(t, a != NULL ? "Per segment (as-is -> to-be, cases by attribute value)" :
	    "Per segment (cases by attribute value)", 5, a != NULL ? cmp_head : run_head);
	for (j = 0; j < n; j++) {
		const struct wf_segment_diff *sd = a != NULL ? &c->segment_diff[j] : NULL;
		struct wf_row *r = add_row(t, b->segment_names[sd != NULL ? sd->b : j]);

		for (i = 0; i < 5; i++) {
			if (sd == NULL) {
				format_segment(b, j, k5[i], 1, r->cell[i], sizeof(r->cell[i]));
				continue;
			}
			format_segment(a, sd->a, k5[i], 0, x, sizeof(x));
			format_segment(b, sd->b, k5[i], 0, y, sizeof(y));
			if (i > 0) {
				cell(r, (int)i, "%s -> %s", x, y);
				continue;
			}
			format_time_ci(sd->d[WF_M_CYCLE_TIME_MEAN].mean,
			    sd->d[WF_M_CYCLE_TIME_MEAN].ci95, NAN, b->unit_minutes, d, sizeof(d));
			cell(r, 0, "%s -> %s (%s)", x, y, d);
		}
	}
}

void
wf_table_classifiers(struct wf_table *t, const struct wf_comparison *c)
{
	static const char *const head[] = { "classifier (step)", "caught", "missed",
	    "false alarms", "sensitivity", "false-alarm rate" };
	const struct wf_run *side[2] = { c->as_is.replications > 0 ? &c->as_is : NULL, &c->to_be };
	char label[64];
	size_t s, i, k;

	table_init(t, "Classifiers (confusion matrix per replication)", 5, head);
	for (s = 0; s < 2; s++)
		for (i = 0; side[s] != NULL && i < side[s]->n_classifiers; i++) {
			const struct wf_classifier_fig *f = &side[s]->classifiers[i];
			struct wf_row *r;

			text(label, sizeof(label), "%s%s", side[0] == NULL ? "" :
			    s == 0 ? "as-is: " : "to-be: ", f->id);
			r = add_row(t, label);
			for (k = 0; k < 3; k++)
				cell(r, (int)k, isfinite(f->s[k].ci95) && f->s[k].ci95 > 0 ?
				    "%.1f ± %.1f" : "%.1f", f->s[k].mean, f->s[k].ci95);
			format_share(&f->s[WF_CM_COUNT], r->cell[3], sizeof(r->cell[3]));
			format_share(&f->s[WF_CM_COUNT + 1], r->cell[4], sizeof(r->cell[4]));
		}
}

void
wf_table_fini(struct wf_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

static void
pad(FILE *out, size_t n)
{
	while (n-- > 0)
		fputc(' ', out);
}

int
wf_table_print(const struct wf_table *t, FILE *out)
{
	size_t w[WF_TABLE_CELLS + 1] = { 0 }, i, j;

	for (j = 0; j <= t->n_cols; j++)
		w[j] = wf_text_width(t->head[j]);
	for (i = 0; i < t->n; i++) {
		if (wf_text_width(t->rows[i].label) > w[0])
			w[0] = wf_text_width(t->rows[i].label);
		for (j = 0; j < t->n_cols; j++)
			if (wf_text_width(t->rows[i].cell[j]) > w[j + 1])
				w[j + 1] = wf_text_width(t->rows[i].cell[j]);
	}
	fprintf(out, "%s\n", t->title);
	fprintf(out, "  %s", t->head[0]);
	pad(out, w[0] - wf_text_width(t->head[0]));
	for (j = 1; j <= t->n_cols; j++) {
		fputs("  ", out);
		pad(out, w[j] - wf_text_width(t->head[j]));
		fputs(t->head[j], out);
	}
	fputc('\n', out);
	for (i = 0; i < t->n; i++) {
		const struct wf_row *r = &t->rows[i];

		fprintf(out, "  %s", r->label);
		pad(out, w[0] - wf_text_width(r->label));
		for (j = 0; j < t->n_cols; j++) {
			fputs("  ", out);
			/* The last column of a headline is prose: left-aligned reads better. */
			if (j + 1 == t->n_cols && t->head[0][0] == '\0') {
				fputs(r->cell[j], out);
				continue;
			}
			pad(out, w[j + 1] - wf_text_width(r->cell[j]));
			fputs(r->cell[j], out);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

/* ---------- several scenarios against a base ---------- */

void
wf_table_scenarios(struct wf_table *t, const struct wf_scenarios *s, size_t from)
{
	static const char *const head[] = { "metric", "", "", "", "", "" };
	size_t k, i, n = s->n - from < WF_SCENARIOS_PER_TABLE ? s->n - from : WF_SCENARIOS_PER_TABLE;
	char v[40], d[72];	/* d: a change of up to 64 characters and its sign */

	table_init(t, "", n + 1, head);
	snprintf(t->title, sizeof(t->title), "Scenarios %zu-%zu: value (difference from the base, "
		 "%s)", from + 1, from + n, s->common_random_numbers ? "paired" : "independent runs");
	snprintf(t->head[1], sizeof(t->head[1]), "base: %.*s",
		 (int)wf_text_fit(s->base.model_name, 25), s->base.model_name);
	for (i = 0; i < n; i++) {
		const char *name = s->cmp[from + i].to_be.model_name;

		text(t->head[i + 2], sizeof(t->head[i + 2]), "%zu: %.*s", from + i + 1,
		     (int)wf_text_fit(name, 28), name);
	}
	for (k = 0; k < WF_M_COUNT; k++) {
		struct wf_row *r;

		if (!wf_run_shows(&s->base, k))
			continue;
		r = add_row(t, wf_metrics[k].label);
		format_value(&s->base, currency_of(&s->cmp[from]), k, s->base.metric[k].mean, NAN,
			     NAN, r->cell[0], sizeof(r->cell[0]));
		for (i = 0; i < n; i++) {
			const struct wf_comparison *c = &s->cmp[from + i];

			format_value(&c->to_be, currency_of(c), k, c->to_be.metric[k].mean, NAN,
				     row_scale(c, k), v, sizeof(v));
			if (wf_metrics[k].kind == WF_MK_RATE && isfinite(c->diff[k].mean))
				snprintf(d, sizeof(d), "%+.1f pts ± %.1f", 100 * c->diff[k].mean,
					 100 * c->diff[k].ci95);
			else
				format_change(c, k, d, sizeof(d));
			cell(r, (int)i + 1, "%s (%s%s)", v, d, c->significant[k] ? "" : ", n.s.");
		}
	}
	if (!s->cmp[from].econ.built)
		return;
	{
		struct wf_row *r = add_row(t, "net saving per year");

		cell(r, 0, "-");
		for (i = 0; i < n; i++) {
			const struct wf_econ_cmp *e = &s->cmp[from + i].econ;

			if (e->not_valid != NULL)
				cell(r, (int)i + 1, "not valid");
			else
				format_money_ci(e->net_saving.mean, e->net_saving.ci95, NAN, e->currency,
						r->cell[i + 1], sizeof(r->cell[i + 1]));
		}
	}
}

/* ---------- sweeps ---------- */

/* The last part of a path: "capacity" of resources.agents.capacity is too short, so two. */
static const char *
path_tail(const char *path)
{
	const char *p = path + strlen(path);
	int dots = 0;

	while (p > path && dots < 2)
		if (*--p == '.' && ++dots == 2)
			return p + 1;
	return path;
}

void
wf_table_sweep(struct wf_table *t, const struct wf_sweep *s)
{
	static const char *const head[] = { "", "time per case", "90% done within",
		"errors reaching customers", "", "net saving per year" };
	int k_fig = s->has_target ? s->target.metric : WF_M_SLA_ATTAINMENT;
	const char *tail0, *tail1;
	size_t k, v;

	table_init(t, "Sweep: each point against the as-is (to-be minus as-is, paired)", 5, head);
	tail0 = path_tail(s->var[0].path);
	tail1 = s->n_vars > 1 ? path_tail(s->var[1].path) : "";
	snprintf(t->head[0], sizeof(t->head[0]), "%.*s%s%.*s", (int)wf_text_fit(tail0, 20), tail0,
		 s->n_vars > 1 ? ", " : "", (int)wf_text_fit(tail1, 20), tail1);
	snprintf(t->head[4], sizeof(t->head[4]), "%s %.24s", s->var[0].side == WF_SWEEP_AS_IS ?
		 "as-is" : "to-be", wf_metrics[k_fig].name);
	for (k = 0; k < s->n_pts; k++) {
		const struct wf_sweep_point *p = &s->pt[k];
		const struct wf_comparison *c = &p->c;
		const struct wf_run *r;
		char label[64] = "";
		struct wf_row *row;

		if (p->state == WF_PT_PENDING)
			continue;
		for (v = 0; v < s->n_vars; v++)
			text(label + strlen(label), sizeof(label) - strlen(label), "%s%s", v ? ", " : "",
				 s->var[v].value[p->i[v]]);
		row = add_row(t, label);
		if (p->state == WF_PT_OVERLOADED) {
			cell(row, 0, "overloaded");
			cell(row, 1, "not simulated");
			continue;
		}
		format_change(c, WF_M_CYCLE_TIME_MEAN, row->cell[0], sizeof(row->cell[0]));
		format_change(c, WF_M_CYCLE_TIME_P90, row->cell[1], sizeof(row->cell[1]));
		cell(row, 2, "%+.1f pts ± %.1f", 100 * c->diff[WF_M_ESCAPED_ERROR_RATE].mean,
		     100 * c->diff[WF_M_ESCAPED_ERROR_RATE].ci95);
		r = wf_sweep_side_run(s, p);
		if (wf_run_shows(r, (size_t)k_fig))
			format_value(r, currency_of(c), (size_t)k_fig, r->metric[k_fig].mean,
				     r->metric[k_fig].ci95, NAN, row->cell[3], sizeof(row->cell[3]));
		else
			cell(row, 3, "-");
		if (s->has_target && s->found == (long)k)
			snprintf(row->cell[3] + strlen(row->cell[3]), sizeof(row->cell[3]) -
				 strlen(row->cell[3]), " <- target");
		if (!c->econ.built)
			cell(row, 4, "-");
		else if (c->econ.not_valid != NULL)
			cell(row, 4, "not valid");
		else
			format_money_ci(c->econ.net_saving.mean, c->econ.net_saving.ci95, NAN,
					c->econ.currency, row->cell[4], sizeof(row->cell[4]));
	}
}
