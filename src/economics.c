/* The money of a redesign, per year at the modelled arrival rate: what the rosters cost
 * whether busy or not, what the busy time, the steps, the escaped errors and the lost
 * customers cost, the capacity freed, and from their difference the net saving, payback, net
 * present value and ROI; plus the process difference of the two models.  Every figure is
 * made per replication and summarised, so it carries its 95% interval. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/economics.h"
#include "wfsim/results.h"
#include "wfsim/xalloc.h"

#define WEEKS_PER_YEAR (WF_DAYS_PER_YEAR / 7.0)

/* Hours per week with the weekly function above 0. */
static double
open_units(const struct wf_weekly *w)
{
	double t = 0;
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->value[i] > 0)
			t += (i + 1 < w->n ? w->from[i + 1] : w->week) - w->from[i];
	return t;
}

static double
zero_nan(double x)
{
	return isfinite(x) ? x : 0;
}

static void
build_pool(struct wf_econ_pool *p, const struct wf_model *m, size_t i, long reps)
{
	const struct wf_resource *r = &m->resources[i];
	double unit_h = wf_unit_seconds(m->unit) / 3600.0;

	p->id = wf_xstrdup(r->id);
	p->is_machine = r->is_machine;
	p->unlimited = r->capacity == WF_UNLIMITED;
	p->cost_per_hour = r->cost_per_hour;
	p->overtime_cost_per_hour = isfinite(r->overtime_cost_per_hour) ? r->overtime_cost_per_hour
	    : r->cost_per_hour;
	if (r->servers.n > 0 && r->servers.value != NULL) {
		p->open_hours_week = open_units(&r->servers) * unit_h;
		p->sched_hours_week = wf_weekly_integral(&r->servers, 0, r->servers.week) * unit_h;
	} else {	/* a model built in C without its weekly function: always open */
		p->open_hours_week = 168;
		p->sched_hours_week = 168.0 * (r->capacity == WF_UNLIMITED ? 1 : r->capacity);
	}
	if (p->unlimited) {
		p->capacity = NAN;
		p->sched_hours_week = NAN;
		p->fte_hours_year = p->open_hours_week * WEEKS_PER_YEAR;
	} else {
		/* With shifts the peak is the pool's size: one server's hours are the scheduled
		 * server-hours shared over that many people. */
		p->capacity = r->capacity;
		p->fte_hours_year = p->sched_hours_week / p->capacity * WEEKS_PER_YEAR;
	}
	p->hours = wf_xcalloc((size_t)(reps ? reps : 1), sizeof(double));
	p->roster = wf_xcalloc((size_t)(reps ? reps : 1), sizeof(double));
}

void
wf_econ_build(struct wf_econ *e, const struct wf_model *m, const struct wf_rep_result *res,
	      long reps, double arrivals_per_day)
{
	double unit_h = wf_unit_seconds(m->unit) / 3600.0, *x;
	size_t i, j;
	long r;

	memset(e, 0, sizeof(*e));
	e->reps = reps;
	e->arrivals_per_year = arrivals_per_day * WF_DAYS_PER_YEAR;
	e->block = m->economics;
	e->block.currency = m->economics.currency ? wf_xstrdup(m->economics.currency) : NULL;
	if (e->block.months <= 0)
		e->block.months = WF_ECON_MONTHS;
#define ALLOC(v) (v) = wf_xcalloc((size_t)(reps ? reps : 1), sizeof(double))
	ALLOC(e->roster);
	ALLOC(e->roster_machine);
	ALLOC(e->touch);
	ALLOC(e->step_cost);
	ALLOC(e->escaped);
	ALLOC(e->abandoned);
#undef ALLOC
	x = wf_xcalloc((size_t)(reps ? reps : 1), sizeof(double));

	e->n_pools = m->n_resources;
	e->pools = m->n_resources ? wf_xcalloc(m->n_resources, sizeof(*e->pools)) : NULL;
	for (i = 0; i < m->n_resources; i++)
		build_pool(&e->pools[i], m, i, reps);
	e->n_steps = m->n_steps;
	e->steps = m->n_steps ? wf_xcalloc(m->n_steps, sizeof(*e->steps)) : NULL;

	for (r = 0; r < reps; r++) {
		const struct wf_rep_result *q = &res[r];
		double A = e->arrivals_per_year;

		for (j = 0; j < m->n_steps; j++) {
			const struct wf_step *st = &m->steps[j];
			double busy_h = zero_nan(q->step_busy[j]) * unit_h;

			e->step_cost[r] += zero_nan(q->step_done[j]) * st->cost * A;
			if (st->resource >= 0 && (size_t)st->resource < e->n_pools)
				e->pools[st->resource].hours[r] += busy_h;
		}
		for (i = 0; i < m->n_resources; i++) {
			struct wf_econ_pool *p = &e->pools[i];
			double ot = zero_nan(q->res_overtime[i]);
			double days = q->window_days > 0 ? q->window_days : NAN;

			if (!p->is_machine)
				e->touch[r] += p->hours[r] * p->cost_per_hour * A;
			if (p->unlimited)	/* no roster: paid for its busy hours */
				p->roster[r] = p->hours[r] * p->cost_per_hour * A;
			else if (p->is_machine)	/* its hourly cost over the hours it is open */
				p->roster[r] = p->open_hours_week * WEEKS_PER_YEAR * p->cost_per_hour;
			else
				p->roster[r] = p->sched_hours_week * WEEKS_PER_YEAR * p->cost_per_hour +
				    (ot > 0 ? ot / days * WF_DAYS_PER_YEAR * p->overtime_cost_per_hour : 0);
			e->roster[r] += p->roster[r];
			if (p->is_machine)
				e->roster_machine[r] += p->roster[r];
		}
		e->escaped[r] = zero_nan(q->metric[WF_M_ESCAPED_ERROR_RATE]) * A;
		e->abandoned[r] = zero_nan(q->metric[WF_M_ABANDONMENT_RATE]) * A;
	}
	for (i = 0; i < m->n_resources; i++)
		wf_summary_of(e->pools[i].hours, (size_t)reps, &e->pools[i].hours_s);
	for (j = 0; j < m->n_steps; j++) {
		const struct wf_step *st = &m->steps[j];
		struct wf_econ_step *s = &e->steps[j];

		s->id = wf_xstrdup(st->id);
		s->pool = st->resource >= 0 ? wf_xstrdup(m->resources[st->resource].id) : NULL;
		s->human = st->resource >= 0 && !m->resources[st->resource].is_machine;
		for (r = 0; r < reps; r++)
			x[r] = s->human ? zero_nan(res[r].step_busy[j]) * unit_h * 60 : 0;
		wf_summary_of(x, (size_t)reps, &s->minutes);
	}
	free(x);
}

void
wf_econ_fini(struct wf_econ *e)
{
	size_t i;

	for (i = 0; i < e->n_pools; i++) {
		free(e->pools[i].id);
		free(e->pools[i].hours);
		free(e->pools[i].roster);
	}
	free(e->pools);
	for (i = 0; i < e->n_steps; i++) {
		free(e->steps[i].id);
		free(e->steps[i].pool);
	}
	free(e->steps);
	free(e->roster);
	free(e->roster_machine);
	free(e->touch);
	free(e->step_cost);
	free(e->escaped);
	free(e->abandoned);
	free(e->block.currency);
	memset(e, 0, sizeof(*e));
}

double
wf_econ_annuity(long months, double annual_rate)
{
	double i = pow(1 + annual_rate, 1.0 / 12) - 1;

	if (months <= 0)
		return 0;
	if (!(i > 0))
		return (double)months;
	return (1 - pow(1 + i, -(double)months)) / i;
}

double
wf_econ_npv(double monthly, double one_off, long months, double annual_rate)
{
	return -one_off + monthly * wf_econ_annuity(months, annual_rate);
}

double
wf_econ_payback(double monthly, double one_off)
{
	return monthly > 0 ? one_off / monthly : NAN;
}

/* Summary of a - b per replication: paired under common random numbers, else Welch. */
static void
saving(const double *a, const double *b, long n, int crn, struct wf_summary *out)
{
	if (crn)
		wf_summary_paired(b, a, (size_t)n, out);
	else
		wf_summary_welch(b, (size_t)n, a, (size_t)n, out);
}

static void
scaled(const double *x, long n, double f, struct wf_summary *out)
{
	double *y = wf_xmalloc(sizeof(double) * (size_t)(n ? n : 1));
	long r;

	for (r = 0; r < n; r++)
		y[r] = x[r] * f;
	wf_summary_of(y, (size_t)n, out);
	free(y);
}

static const struct wf_econ_pool *
pool_of(const struct wf_econ *e, const char *id)
{
	size_t i;

	for (i = 0; e != NULL && i < e->n_pools; i++)
		if (strcmp(e->pools[i].id, id) == 0)
			return &e->pools[i];
	return NULL;
}

static const struct wf_econ_step *
step_of(const struct wf_econ *e, const char *id)
{
	size_t i;

	for (i = 0; i < e->n_steps; i++)
		if (strcmp(e->steps[i].id, id) == 0)
			return &e->steps[i];
	return NULL;
}

/* The process difference: steps in as-is order, then the to-be's new ones; pools likewise. */
static void
process_diff(struct wf_econ_cmp *c, const struct wf_econ *A, const struct wf_econ *B)
{
	size_t i, n = 0;

	c->pd_steps = wf_xcalloc(A->n_steps + B->n_steps + 1, sizeof(*c->pd_steps));
	for (i = 0; i < A->n_steps + B->n_steps; i++) {
		const struct wf_econ_step *s = i < A->n_steps ? &A->steps[i] : &B->steps[i - A->n_steps];
		const struct wf_econ_step *a = step_of(A, s->id), *b = step_of(B, s->id);
		struct wf_pdiff_step *d = &c->pd_steps[n];

		if (i >= A->n_steps && a != NULL)
			continue;
		d->id = wf_xstrdup(s->id);
		d->in_as_is = a != NULL;
		d->in_to_be = b != NULL;
		d->pool_as_is = a && a->pool ? wf_xstrdup(a->pool) : NULL;
		d->pool_to_be = b && b->pool ? wf_xstrdup(b->pool) : NULL;
		d->minutes_as_is = a ? a->minutes.mean : NAN;
		d->minutes_to_be = b ? b->minutes.mean : NAN;
		n++;
	}
	c->n_pd_steps = n;

	n = 0;
	c->pd_pools = wf_xcalloc(A->n_pools + B->n_pools + 1, sizeof(*c->pd_pools));
	for (i = 0; i < A->n_pools + B->n_pools; i++) {
		const struct wf_econ_pool *p = i < A->n_pools ? &A->pools[i] : &B->pools[i - A->n_pools];
		const struct wf_econ_pool *a = pool_of(A, p->id), *b = pool_of(B, p->id);
		const struct wf_econ_pool *basis = a ? a : b;
		double fte_week = basis->fte_hours_year / WEEKS_PER_YEAR;
		struct wf_pdiff_pool *d = &c->pd_pools[n];

		if (i >= A->n_pools && a != NULL)
			continue;
		d->id = wf_xstrdup(p->id);
		d->is_machine = p->is_machine;
		d->unlimited = p->unlimited;
		d->in_as_is = a != NULL;
		d->in_to_be = b != NULL;
		d->capacity_as_is = a ? a->capacity : NAN;
		d->capacity_to_be = b ? b->capacity : NAN;
		d->hours_week_as_is = a ? a->sched_hours_week : NAN;
		d->hours_week_to_be = b ? b->sched_hours_week : NAN;
		d->fte_as_is = a && fte_week > 0 ? a->sched_hours_week / fte_week : NAN;
		d->fte_to_be = b && fte_week > 0 ? b->sched_hours_week / fte_week : NAN;
		if (p->is_machine)	/* a machine is no staff */
			d->fte_as_is = d->fte_to_be = NAN;
		n++;
	}
	c->n_pd_pools = n;
}

/* Freed human hours and FTE, per pool and in all, as-is minus to-be, per year. */
static void
freed(struct wf_econ_cmp *c, const struct wf_econ *A, const struct wf_econ *B, long n)
{
	double *ha = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	double *hb = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	double *fa = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	double *fb = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	double *pa = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	double *pb = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	size_t i, k = 0;
	long r;

	c->freed = wf_xcalloc(A->n_pools + B->n_pools + 1, sizeof(*c->freed));
	for (i = 0; i < A->n_pools + B->n_pools; i++) {
		const struct wf_econ_pool *p = i < A->n_pools ? &A->pools[i] : &B->pools[i - A->n_pools];
		const struct wf_econ_pool *a = pool_of(A, p->id), *b = pool_of(B, p->id);
		const struct wf_econ_pool *basis = a ? a : b;
		struct wf_econ_freed *f;

		/* p is a pool of A or B, so one of a and b is found; the analyzer cannot tell */
		if (basis == NULL || (i >= A->n_pools && a != NULL) || p->is_machine)
			continue;
		if ((a && a->is_machine) || (b && b->is_machine))
			continue;	/* a human pool on one side only by name: not comparable */
		f = &c->freed[k++];
		f->id = wf_xstrdup(p->id);
		f->fte_hours_year = basis->fte_hours_year;
		for (r = 0; r < n; r++) {
			pa[r] = a ? a->hours[r] * A->arrivals_per_year : 0;
			pb[r] = b ? b->hours[r] * B->arrivals_per_year : 0;
			ha[r] += pa[r];
			hb[r] += pb[r];
			fa[r] += pa[r] / f->fte_hours_year;
			fb[r] += pb[r] / f->fte_hours_year;
		}
		saving(pa, pb, n, c->common_random_numbers, &f->hours);
		for (r = 0; r < n; r++) {
			pa[r] /= f->fte_hours_year;
			pb[r] /= f->fte_hours_year;
		}
		saving(pa, pb, n, c->common_random_numbers, &f->fte);
	}
	c->n_freed = k;
	saving(ha, hb, n, c->common_random_numbers, &c->freed_hours);
	saving(fa, fb, n, c->common_random_numbers, &c->freed_fte);
	free(ha);
	free(hb);
	free(fa);
	free(fb);
	free(pa);
	free(pb);
}

void
wf_econ_compare(struct wf_econ_cmp *c, const struct wf_run *as_is, const struct wf_run *to_be,
		int crn, int count_freed_time)
{
	const struct wf_econ *E[2] = { as_is->econ, to_be->econ };
	const struct wf_run *R[2] = { as_is, to_be };
	const struct wf_economics *ea, *eb;
	double *cost[2], *money[2][5], monthly;
	long n, r;
	int s;

	memset(c, 0, sizeof(*c));
	if (E[0] == NULL || E[1] == NULL)
		return;
	ea = &E[0]->block;
	eb = &E[1]->block;
	c->built = 1;
	c->count_freed_time = count_freed_time;
	c->common_random_numbers = crn;
	n = E[0]->reps < E[1]->reps ? E[0]->reps : E[1]->reps;
	/* The business's figures: the to-be's where both give one, else whichever does. */
	c->currency = eb->currency ? wf_xstrdup(eb->currency) : ea->currency ? wf_xstrdup(ea->currency) : NULL;
	c->per_escaped_error = eb->has_per_escaped_error ? eb->per_escaped_error : ea->per_escaped_error;
	c->per_abandoned_case = eb->has_per_abandoned_case ? eb->per_abandoned_case : ea->per_abandoned_case;
	c->months = eb->has_months ? eb->months : ea->has_months ? ea->months : WF_ECON_MONTHS;
	c->discount_rate = eb->has_discount_rate ? eb->discount_rate : ea->discount_rate;
	c->one_off = eb->one_off;

	for (s = 0; s < 2; s++) {
		const struct wf_econ *e = E[s];
		const struct wf_economics *b = &e->block;
		/* each side its own value where it gives one, else the other side's */
		double pe = b->has_per_escaped_error ? b->per_escaped_error : c->per_escaped_error;
		double pa = b->has_per_abandoned_case ? b->per_abandoned_case : c->per_abandoned_case;

		c->running[s] = 12 * b->per_month;
		wf_summary_of(e->roster, (size_t)n, &c->roster[s]);
		wf_summary_of(e->touch, (size_t)n, &c->touch[s]);
		wf_summary_of(e->step_cost, (size_t)n, &c->step_cost[s]);
		scaled(e->escaped, n, pe, &c->error_cost[s]);
		scaled(e->abandoned, n, pa, &c->abandon_cost[s]);
		cost[s] = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
		for (r = 0; r < 5; r++)
			money[s][r] = wf_xcalloc((size_t)(n ? n : 1), sizeof(double));
		for (r = 0; r < n; r++) {
			money[s][WF_ECON_ROSTER][r] = e->roster[r];
			money[s][WF_ECON_TOUCH][r] = e->touch[r];
			money[s][WF_ECON_STEPS][r] = e->step_cost[r];
			money[s][WF_ECON_ERRORS][r] = e->escaped[r] * pe;
			money[s][WF_ECON_ABANDON][r] = e->abandoned[r] * pa;
		}
		for (r = 0; r < n; r++) {
			/* Money moves only with the roster, unless freed time is counted: then the
			 * human hours are worth their rate whatever the roster does. */
			double labour = count_freed_time ? e->touch[r] + e->roster_machine[r] : e->roster[r];

			cost[s][r] = labour + e->step_cost[r] + e->escaped[r] * pe + e->abandoned[r] * pa +
			    c->running[s];
		}
		wf_summary_of(cost[s], (size_t)n, &c->cost[s]);
	}
	saving(cost[0], cost[1], n, crn, &c->net_saving);
	for (r = 0; r < 5; r++) {
		saving(money[1][r], money[0][r], n, crn, &c->delta[r]);
		free(money[0][r]);
		free(money[1][r]);
	}
	free(cost[0]);
	free(cost[1]);
	freed(c, E[0], E[1], n);

	monthly = c->net_saving.mean / 12;
	c->payback_months = wf_econ_payback(monthly, c->one_off);
	c->npv.n = c->roi.n = c->net_saving.n;
	c->npv.mean = wf_econ_npv(monthly, c->one_off, c->months, c->discount_rate);
	c->npv.ci95 = c->net_saving.ci95 / 12 * wf_econ_annuity(c->months, c->discount_rate);
	c->npv.sd = c->net_saving.sd / 12 * wf_econ_annuity(c->months, c->discount_rate);
	if (c->one_off > 0) {
		c->roi.mean = c->npv.mean / c->one_off;
		c->roi.ci95 = c->npv.ci95 / c->one_off;
		c->roi.sd = c->npv.sd / c->one_off;
	} else {
		c->roi.mean = c->roi.ci95 = c->roi.sd = NAN;
	}

	for (s = 1; s >= 0 && c->not_valid == NULL; s--) {
		const char *side = s ? "to-be" : "as-is";
		double censored = R[s]->metric[WF_M_CENSORED_CASES].mean;

		if (R[s]->overloaded)
			c->not_valid = wf_xasprintf("the %s is overloaded", side);
		else if (censored > 0)
			c->not_valid = wf_xasprintf("the %s has cases censored at the drain cap", side);
	}
	process_diff(c, E[0], E[1]);
}

void
wf_econ_cmp_fini(struct wf_econ_cmp *c)
{
	size_t i;

	free(c->currency);
	free(c->not_valid);
	for (i = 0; i < c->n_freed; i++)
		free(c->freed[i].id);
	free(c->freed);
	for (i = 0; i < c->n_pd_steps; i++) {
		free(c->pd_steps[i].id);
		free(c->pd_steps[i].pool_as_is);
		free(c->pd_steps[i].pool_to_be);
	}
	free(c->pd_steps);
	for (i = 0; i < c->n_pd_pools; i++)
		free(c->pd_pools[i].id);
	free(c->pd_pools);
	memset(c, 0, sizeof(*c));
}
