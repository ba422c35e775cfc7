/* Step semantics: the ordered outcomes of a visit enumerated with their probabilities for the
 * capacity check (wf_step_branches), in the order step.h's wf_step_end draws them one case at
 * a time for the engine (inline there, with the route rules); keep the two in step.  Curves and
 * the duration of a visit are here too. */
#include <math.h>
#include "wfsim/step.h"
#include "wfsim/rng.h"

double
wf_curve_at(const struct wf_curve *c, double x)
{
	size_t i;

	if (x <= c->x[0])
		return c->y[0];
	for (i = 1; i < c->n; i++)
		if (x <= c->x[i])
			return c->y[i - 1] + (c->y[i] - c->y[i - 1]) * (x - c->x[i - 1]) /
			    (c->x[i] - c->x[i - 1]);
	return c->y[c->n - 1];
}

double
wf_curve_average(const struct wf_curve *c, double a, double b)
{
	double area = 0, prev = a, fprev = wf_curve_at(c, a), f;
	size_t i;

	if (!(b > a))
		return fprev;
	/* trapezoids between the breakpoints inside (a, b): exact for a piecewise linear c */
	for (i = 0; i <= c->n; i++) {
		double x = i < c->n ? c->x[i] : b;

		if (x <= prev)
			continue;
		if (x > b)
			x = b;
		f = wf_curve_at(c, x);
		area += (x - prev) * (f + fprev) / 2;
		prev = x;
		fprev = f;
	}
	return area / (b - a);
}

/* P(X > x) */
static double
survival(const struct wf_dist *d, double x)
{
	return 1 - wf_dist_cdf(d, x, 0);
}

double
wf_curve_mean(const struct wf_model *m, const struct wf_curve *c)
{
	const struct wf_dist *d = &m->attributes[c->attr].dist;
	const int panels = 4096;
	double e = c->y[0];
	size_t i, k;
	int j;

	if (d->kind == WF_DIST_EMPIRICAL) {
		for (e = 0, k = 0; k < d->n_values; k++)
			e += wf_curve_at(c, d->values[k]);
		return d->n_values > 0 ? e / (double)d->n_values : c->y[0];
	}
	for (i = 0; i + 1 < c->n; i++) {
		double a = c->x[i], b = c->x[i + 1], h = (b - a) / panels, s;
		double slope = (c->y[i + 1] - c->y[i]) / (b - a);

		s = survival(d, a) + survival(d, b);
		for (j = 1; j < panels; j++)
			s += (j % 2 ? 4 : 2) * survival(d, a + j * h);
		e += slope * s * h / 3;
	}
	return fmin(1, fmax(0, e));
}

double
wf_step_duration(const struct wf_step *st, const struct wf_case_view *cv, gsl_rng *r)
{
	const struct wf_duration_by *by = st->duration_by;
	int v;

	if (by == NULL)
		return wf_dist_sample(&st->duration, r);
	if (by->n == 1 && cv->num != NULL && cv->cat[by->attr] < 0)
		return cv->num[by->attr] * wf_dist_sample(&by->d[0], r);
	v = cv->cat[by->attr];
	return v >= 0 && (size_t)v < by->n ? wf_dist_sample(&by->d[v], r) : 0;
}

size_t
wf_step_max_branches(const struct wf_step *st)
{
	return 2 + 2 * (st->n_route > 0 ? st->n_route : 1);
}

/* The route part: each entry (or next) with q times its weight, flag g. */
static size_t
branch_onwards(const struct wf_step *st, const double *route_w, int g, double q,
	       struct wf_step_branch *out)
{
	size_t k, n = 0;

	if (st->route_kind == WF_ROUTE_NONE || st->n_route == 0) {
		out[n++] = (struct wf_step_branch){ st->next, g, q };
		return n;
	}
	for (k = 0; k < st->n_route; k++)
		out[n++] = (struct wf_step_branch){ st->route[k].to, g, q * route_w[k] };
	return n;
}

size_t
wf_step_branches(const struct wf_step *st, int defect, const double *route_w,
		 struct wf_step_branch *out)
{
	double rest = 1, p1, p0, fa;
	size_t n = 0;

	if (st->exception_p > 0) {
		out[n++] = (struct wf_step_branch){ st->exception_to, defect, st->exception_p };
		rest = 1 - st->exception_p;
	}
	if (st->clears_defects)
		defect = 0;
	/* p1: leaves the work with a defect, p0: clean */
	p1 = defect ? rest : rest * st->error_p;
	p0 = rest - p1;
	if (st->has_review) {
		fa = st->false_alarm_p;
		out[n++] = (struct wf_step_branch){ st->on_catch, 0, p1 * st->catch_p + p0 * fa };
		p1 *= 1 - st->catch_p;
		p0 *= 1 - fa;
	}
	n += branch_onwards(st, route_w, 0, p0, out + n);
	n += branch_onwards(st, route_w, 1, p1, out + n);
	return n;
}
