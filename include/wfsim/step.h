/* What a step does when a visit's work is done, in one place: which route entry a case's
 * attributes match, and the ordered outcomes of a visit (exception, clearing a defect, error,
 * review, route).  The engine draws its way through them one case at a time (wf_step_end);
 * the capacity check takes every branch with its probability (wf_step_branches, step.c).  A
 * new rule is added to both, and both users follow.  wf_step_end and the route rules are
 * defined here, inline: the engine runs them at every visit, with its draw function inlined
 * into them. */
#ifndef WFSIM_STEP_H
#define WFSIM_STEP_H
#include <stddef.h>
#include "wfsim/model.h"
#include "wfsim/rng.h"

/* A case as the step rules see it. */
struct wf_case_view {
	const int *cat;		/* value index of each categorical attribute (n_attributes) */
	const double *num;	/* number of each numeric attribute (n_attributes), NULL when
				 * the model has none */
	double t;		/* the time now, for ramps */
};

/* The value of curve c at x: linear between points, flat beyond the ends. */
double wf_curve_at(const struct wf_curve *c, double x);
/* The mean of c over its attribute's distribution: E c(X) = c(-inf) + sum over the segments
 * of slope x integral of P(X > x) over the segment (Simpson's rule, 4096 panels a segment;
 * exact for an empirical attribute).  Used by check in place of the curve. */
double wf_curve_mean(const struct wf_model *m, const struct wf_curve *c);

/* The average of c over [a, b] (time ramps: what check uses); c at a when b <= a. */
double wf_curve_average(const struct wf_curve *c, double a, double b);
/* A probability of the model for the case: p, or its curve (at the case's attribute, or at
 * the time for a ramp) when c is not NULL. */
static inline double
wf_prob_at(double p, const struct wf_curve *c, const struct wf_case_view *cv)
{
	if (c == NULL)
		return p;
	/* A curve over an attribute is over a numeric one (the loader's rule), so a case of that
	 * model has num: the analyser, seeing num NULL in models without one, cannot know it. */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
	return wf_curve_at(c, c->attr == WF_CURVE_TIME ? cv->t : cv->num[c->attr]);
}

/* Does the case meet condition c? */
static inline int
wf_condition_holds(const struct wf_condition *c, const struct wf_case_view *cv)
{
	double v;

	if (c->op == WF_CMP_IS)
		return cv->cat[c->attr] == c->value;
	v = cv->num[c->attr];
	switch (c->op) {
	case WF_CMP_LT:
		return v < c->x;
	case WF_CMP_LE:
		return v <= c->x;
	case WF_CMP_GT:
		return v > c->x;
	case WF_CMP_GE:
		return v >= c->x;
	case WF_CMP_EQ:
		return v == c->x;
	case WF_CMP_IS:
		break;
	}
	return 0;
}

/* Does route entry e match the case?  An `else` entry matches every case. */
static inline int
wf_route_matches(const struct wf_route_entry *e, const struct wf_case_view *cv)
{
	size_t k;

	if (e->is_else)
		return 1;
	for (k = 0; k < e->n_when; k++)
		if (!wf_condition_holds(&e->when[k], cv))
			return 0;
	return 1;
}
/* For a classifier route: 1 when the case truly is what the classifier should flag. */
static inline int
wf_classify_positive(const struct wf_step *st, const struct wf_case_view *cv)
{
	return cv->cat[st->classify->truth] == st->classify->positive;
}

/* Index of the first entry of st's condition route that the case matches, or st->n_route
 * when none does (the loader demands an `else`, so only defensively). */
static inline size_t
wf_route_choose(const struct wf_step *st, const struct wf_case_view *cv)
{
	size_t k;

	for (k = 0; k < st->n_route; k++)
		if (wf_route_matches(&st->route[k], cv))
			return k;
	return st->n_route;
}
/* Index of the entry of st's probability route that the uniform draw u in [0, 1) takes: the
 * entries split [0, 1) in their order, the last takes whatever rounding leaves. */
static inline size_t
wf_route_pick(const struct wf_step *st, double u, const struct wf_case_view *cv)
{
	double acc = 0;
	size_t i;

	for (i = 0; i + 1 < st->n_route; i++) {
		acc += wf_prob_at(st->route[i].p, st->route[i].p_curve, cv);
		if (u < acc)
			return i;
	}
	return st->n_route - 1;
}

/* How a visit ends, in the order these are decided. */
enum wf_end_kind {
	WF_END_EXCEPTION,	/* exception_p: to exception_to, a carried defect kept */
	WF_END_CAUGHT,		/* the review caught a defect: to on_catch, clean, rework */
	WF_END_FALSE_ALARM,	/* the review sent clean work back: to on_catch, rework */
	WF_END_ROUTE		/* onwards: a route entry, or next */
};

struct wf_step_end {
	enum wf_end_kind kind;
	struct wf_target to;
	int defect;		/* the case carries a defect after the visit */
	const struct wf_route_entry *entry;	/* WF_END_ROUTE through a route entry, else NULL */
};

/* The error probability of a visit to st by the case: error_p, or its curve at the case. */
static inline double
wf_step_error_p(const struct wf_step *st, const struct wf_case_view *cv)
{
	return wf_prob_at(st->error_p, st->error_curve, cv);
}

/* A draw of the duration of a visit to st by the case, from r (the visit's duration stream):
 * the step's duration, or the one its `by` attribute picks (scaled by a numeric one). */
double wf_step_duration(const struct wf_step *st, const struct wf_case_view *cv, gsl_rng *r);

/* Draws the uniform in [0, 1) of the current visit for purpose WF_DRAW_x (rng.h). */
typedef double (*wf_uniform_fn)(void *ctx, unsigned purpose);

/* The route part of a visit's end: an entry, or st->next (entry NULL). */
static inline void
wf_step_onwards(const struct wf_step *st, const struct wf_case_view *cv, wf_uniform_fn uniform,
		void *ctx, struct wf_step_end *out)
{
	size_t k = st->n_route;

	out->kind = WF_END_ROUTE;
	out->entry = NULL;
	out->to = st->next;
	if (st->route_kind == WF_ROUTE_PROBABILITY && st->n_route > 0)
		k = wf_route_pick(st, uniform(ctx, WF_DRAW_ROUTE), cv);
	else if (st->route_kind == WF_ROUTE_CLASSIFY) {
		double u = uniform(ctx, WF_DRAW_ROUTE);

		k = u < (wf_classify_positive(st, cv) ? st->classify->sensitivity :
		    st->classify->false_alarm) ? 0 : 1;
	}
	else if (st->route_kind == WF_ROUTE_CONDITION)
		k = wf_route_choose(st, cv);
	if (k < st->n_route) {
		out->entry = &st->route[k];
		out->to = st->route[k].to;
	}
}

/* The end of one visit to st by a case that arrived with `defect` (0/1): each feature the
 * step has draws its uniform through `uniform`, in the order exception, error, review, route,
 * and only features the step has draw (keyed streams: one more feature never shifts the
 * draws of the others).  Fills *out. */
static inline void
wf_step_end(const struct wf_step *st, const struct wf_case_view *cv, int defect,
	    wf_uniform_fn uniform, void *ctx, struct wf_step_end *out)
{
	out->entry = NULL;
	out->defect = defect;
	if ((st->exception_curve != NULL || st->exception_p > 0) &&
	    uniform(ctx, WF_DRAW_EXCEPTION) < wf_prob_at(st->exception_p, st->exception_curve, cv)) {
		out->kind = WF_END_EXCEPTION;
		out->to = st->exception_to;
		return;
	}
	if (st->clears_defects)
		out->defect = 0;
	if ((st->error_curve != NULL || st->error_p > 0) &&
	    uniform(ctx, WF_DRAW_ERROR) < wf_step_error_p(st, cv))
		out->defect = 1;
	if (st->has_review) {
		double u = uniform(ctx, WF_DRAW_REVIEW);

		if (out->defect ? u < wf_prob_at(st->catch_p, st->catch_curve, cv) :
		    u < wf_prob_at(st->false_alarm_p, st->false_alarm_curve, cv)) {
			out->kind = out->defect ? WF_END_CAUGHT : WF_END_FALSE_ALARM;
			out->defect = 0;
			out->to = st->on_catch;
			return;
		}
	}
	wf_step_onwards(st, cv, uniform, ctx, out);
}

/* One branch of a visit's end, for the traffic equations. */
struct wf_step_branch {
	struct wf_target to;
	int defect;		/* the defect flag the case carries along the branch */
	double p;
};

/* The most branches wf_step_branches writes for st. */
size_t wf_step_max_branches(const struct wf_step *st);
/* Every way a visit to st ends for a case that arrived with `defect`, with its probability,
 * in the order wf_step_end decides them; route_w[k] is the probability of route entry k (for
 * a condition route, a 0/1 vector when the case's attributes are fixed), ignored without a
 * route.  A review's catch and false alarm are one branch (both go to on_catch clean).
 * Branches of probability 0 may be included; their sum is 1.  Returns the number written into
 * out (at most wf_step_max_branches). */
size_t wf_step_branches(const struct wf_step *st, int defect, const double *route_w,
			struct wf_step_branch *out);

#endif
