/* Test models built in C (see testmodel.h): the engine's tests do not wait for, or depend on,
 * the YAML loader, and each test states its model in a few lines. */
#include <stdlib.h>
#include <string.h>
#include "testmodel.h"
#include "wfsim/rng.h"
#include "wfsim/xalloc.h"

#define FALL_THROUGH (-2)

static double
unit_minutes(const struct wf_model *m)
{
	return wf_unit_seconds(m->unit) / 60.0;
}

struct wf_model *
tm_new(enum wf_time_unit unit)
{
	struct wf_model *m = wf_xcalloc(1, sizeof(*m));

	m->file = wf_xstrdup("test");
	m->name = wf_xstrdup("test model");
	m->unit = unit;
	m->arrivals.kind = WF_ARRIVE_INTERARRIVAL;
	m->arrivals.limit = -1;
	wf_dist_constant(&m->arrivals.interarrival, 1);
	tm_outcome(m, "done");
	tm_outcome(m, "loop_limit");
	return m;
}

int
tm_outcome(struct wf_model *m, const char *name)
{
	return wf_model_outcome_add(m, name);
}

int
tm_resource(struct wf_model *m, const char *id, int capacity, int is_machine, double cost_per_hour)
{
	struct wf_resource *r;

	m->resources = wf_xrealloc(m->resources, (m->n_resources + 1) * sizeof(*r));
	r = &m->resources[m->n_resources];
	memset(r, 0, sizeof(*r));
	r->id = wf_xstrdup(id);
	r->capacity = capacity;
	r->calendar = -1;
	r->is_machine = is_machine;
	r->cost_per_hour = cost_per_hour;
	r->site = wf_rng_site(id);
	if (capacity != WF_UNLIMITED)
		wf_weekly_constant(&r->servers, capacity, unit_minutes(m), 0);
	return (int)m->n_resources++;
}

void
tm_resource_windows(struct wf_model *m, int r, const struct wf_window *w, size_t n)
{
	struct wf_resource *res = &m->resources[r];

	wf_weekly_fini(&res->servers);
	if (wf_weekly_build(&res->servers, w, n, 0, unit_minutes(m),
	    m->week_offset * unit_minutes(m), NULL, NULL) != 0)
		abort();
	res->has_shifts = 1;
}

int
tm_step(struct wf_model *m, const char *id, int r)
{
	struct wf_step *s;

	m->steps = wf_xrealloc(m->steps, (m->n_steps + 1) * sizeof(*s));
	s = &m->steps[m->n_steps];
	memset(s, 0, sizeof(*s));
	s->id = wf_xstrdup(id);
	s->site = wf_rng_site(id);
	s->resource = r;
	s->max_visits = 100;
	s->route_kind = WF_ROUTE_NONE;
	s->next.step = FALL_THROUGH;
	return (int)m->n_steps++;
}

int
tm_attribute(struct wf_model *m, const char *name, size_t n, const double *p)
{
	struct wf_attribute *a;
	size_t i;

	m->attributes = wf_xrealloc(m->attributes, (m->n_attributes + 1) * sizeof(*a));
	a = &m->attributes[m->n_attributes];
	memset(a, 0, sizeof(*a));
	a->name = wf_xstrdup(name);
	a->site = wf_rng_site(name);
	a->n_values = n;
	a->values = wf_xcalloc(n, sizeof(char *));
	a->p = wf_xcalloc(n, sizeof(double));
	for (i = 0; i < n; i++) {
		a->values[i] = wf_xasprintf("v%zu", i);
		a->p[i] = p[i];
	}
	return (int)m->n_attributes++;
}

struct wf_target
tm_to(int step)
{
	struct wf_target t = { step, -1 };

	return t;
}

struct wf_target
tm_end(int outcome)
{
	struct wf_target t = { -1, outcome };

	return t;
}

static struct wf_route_entry *
add_entry(struct wf_model *m, int s, enum wf_route_kind kind)
{
	struct wf_step *st = &m->steps[s];
	struct wf_route_entry *e;

	st->route_kind = kind;
	st->route = wf_xrealloc(st->route, (st->n_route + 1) * sizeof(*e));
	e = &st->route[st->n_route++];
	memset(e, 0, sizeof(*e));
	return e;
}

void
tm_route_p(struct wf_model *m, int s, double p, struct wf_target to)
{
	struct wf_route_entry *e = add_entry(m, s, WF_ROUTE_PROBABILITY);

	e->p = p;
	e->to = to;
}

void
tm_route_when(struct wf_model *m, int s, int attr, int value, struct wf_target to)
{
	struct wf_route_entry *e = add_entry(m, s, WF_ROUTE_CONDITION);

	e->to = to;
	if (attr < 0) {
		e->is_else = 1;
		return;
	}
	e->when = wf_xcalloc(1, sizeof(*e->when));
	e->when[0].attr = attr;
	e->when[0].value = value;
	e->n_when = 1;
}

static struct wf_dist
make(const char *name, const struct wf_dist_param *p, size_t n)
{
	struct wf_dist d;
	struct wf_dist_error err;

	if (wf_dist_make(&d, name, p, n, &err) != 0)
		abort();
	return d;
}

struct wf_dist
tm_exp(double mean)
{
	struct wf_dist_param p[] = { { "mean", mean } };

	return make("exponential", p, 1);
}

struct wf_dist
tm_const(double v)
{
	struct wf_dist d;

	wf_dist_constant(&d, v);
	return d;
}

struct wf_dist
tm_lognormal(double mean, double sd)
{
	struct wf_dist_param p[] = { { "mean", mean }, { "sd", sd } };

	return make("lognormal", p, 2);
}

struct wf_dist
tm_uniform(double lo, double hi)
{
	struct wf_dist_param p[] = { { "min", lo }, { "max", hi } };

	return make("uniform", p, 2);
}

void
tm_arrivals(struct wf_model *m, struct wf_dist d)
{
	wf_dist_fini(&m->arrivals.interarrival);
	m->arrivals.kind = WF_ARRIVE_INTERARRIVAL;
	m->arrivals.interarrival = d;
}

void
tm_trace(struct wf_model *m, const double *at, size_t n)
{
	m->arrivals.kind = WF_ARRIVE_TRACE;
	m->arrivals.trace_at = wf_xcalloc(n, sizeof(double));
	memcpy(m->arrivals.trace_at, at, n * sizeof(double));
	m->arrivals.n_trace = n;
}

void
tm_finish(struct wf_model *m)
{
	size_t i;

	for (i = 0; i < m->n_steps; i++)
		if (m->steps[i].next.step == FALL_THROUGH)
			m->steps[i].next = i + 1 < m->n_steps ? tm_to((int)i + 1) :
			    tm_end(WF_OUTCOME_DONE);
}

void
tm_free(struct wf_model *m)
{
	size_t i, k;

	for (i = 0; i < m->n_resources; i++) {
		free(m->resources[i].id);
		wf_weekly_fini(&m->resources[i].servers);
		free(m->resources[i].holiday);
	}
	for (i = 0; i < m->n_steps; i++) {
		struct wf_step *s = &m->steps[i];

		free(s->id);
		free(s->priority_by);
		free(s->batch_at);
		if (s->has_duration)
			wf_dist_fini(&s->duration);
		if (s->has_max_wait)
			wf_dist_fini(&s->max_wait);
		for (k = 0; k < s->n_route; k++)
			free(s->route[k].when);
		free(s->route);
	}
	for (i = 0; i < m->n_attributes; i++) {
		struct wf_attribute *a = &m->attributes[i];

		for (k = 0; k < a->n_values; k++)
			free(a->values[k]);
		free(a->values);
		free(a->p);
		free(a->name);
	}
	for (i = 0; i < m->n_outcomes; i++)
		free(m->outcomes[i]);
	wf_dist_fini(&m->arrivals.interarrival);
	free(m->arrivals.trace_at);
	free(m->arrivals.holiday);
	free(m->arrivals.trace_values);
	free(m->resources);
	free(m->steps);
	free(m->attributes);
	free(m->outcomes);
	free(m->outcome_kind);
	free(m->backlog);
	free(m->file);
	free(m->name);
	free(m);
}
