/* Tests of the static capacity analysis: visits from the traffic equations against closed
 * forms worked out by hand (lines, loops, splits, conditions, rework through reviews), and
 * offered load, utilisation, bottleneck and the highest sustainable rate.  The analysis is
 * deterministic, so the tolerances are floating-point ones (1e-9). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "wfsim/check.h"
#include "wfsim/diag.h"
#include "wfsim/xalloc.h"
#include "testutil.h"

#define EPS 1e-9

/* Models are built in memory so these tests depend on nothing but check.c. */
static struct wf_model *
mk(size_t n_steps, size_t n_res)
{
	struct wf_model *m = wf_xcalloc(1, sizeof *m);
	size_t i;

	m->unit = WF_MINUTES;
	m->n_steps = n_steps;
	m->steps = wf_xcalloc(n_steps + 1, sizeof *m->steps);
	for (i = 0; i < n_steps; i++) {
		m->steps[i].resource = -1;
		m->steps[i].next.step = i + 1 < n_steps ? (int)(i + 1) : -1;
		m->steps[i].max_visits = 100;
	}
	m->n_resources = n_res;
	m->resources = wf_xcalloc(n_res + 1, sizeof *m->resources);
	m->arrivals.kind = WF_ARRIVE_RATE;
	m->arrivals.rate = 1;
	m->arrivals.limit = -1;
	return m;
}

static void
res(struct wf_model *m, int r, int capacity, double mean_servers, int machine)
{
	m->resources[r].capacity = capacity;
	m->resources[r].calendar = -1;
	m->resources[r].servers.mean = mean_servers;
	m->resources[r].servers.max = mean_servers;
	m->resources[r].is_machine = machine;
}

static void
work(struct wf_model *m, int i, int resource, double mean)
{
	m->steps[i].resource = resource;
	m->steps[i].has_duration = 1;
	m->steps[i].duration.kind = WF_DIST_CONSTANT;
	m->steps[i].duration.mean = mean;
}

static struct wf_target
to(int step)
{
	struct wf_target t = { step, 0 };

	return t;
}

static struct wf_route_entry *
route(struct wf_model *m, int i, enum wf_route_kind kind, size_t n)
{
	m->steps[i].route_kind = kind;
	m->steps[i].n_route = n;
	m->steps[i].route = wf_xcalloc(n, sizeof(struct wf_route_entry));
	return m->steps[i].route;
}

static void
when(struct wf_route_entry *e, int attr, int value)
{
	e->when = wf_xrealloc(e->when, (e->n_when + 1) * sizeof *e->when);
	memset(&e->when[e->n_when], 0, sizeof *e->when);	/* op: WF_CMP_IS */
	e->when[e->n_when].attr = attr;
	e->when[e->n_when].value = value;
	e->n_when++;
}

/* Attribute `name` with n values of the given probabilities. */
static void
attr(struct wf_model *m, const char *name, size_t n, const double *p)
{
	struct wf_attribute *a;
	size_t v;

	m->attributes = wf_xrealloc(m->attributes, (m->n_attributes + 1) * sizeof *a);
	a = &m->attributes[m->n_attributes++];
	memset(a, 0, sizeof *a);
	a->name = wf_xstrdup(name);
	a->n_values = n;
	a->values = wf_xcalloc(n, sizeof *a->values);
	a->p = wf_xcalloc(n, sizeof *a->p);
	for (v = 0; v < n; v++) {
		a->values[v] = wf_xasprintf("v%zu", v);
		a->p[v] = p[v];
	}
}

static void
model_free(struct wf_model *m)
{
	size_t i, k;

	for (i = 0; i < m->n_steps; i++) {
		for (k = 0; k < m->steps[i].n_route; k++)
			free(m->steps[i].route[k].when);
		free(m->steps[i].route);
	}
	for (i = 0; i < m->n_attributes; i++) {
		for (k = 0; k < m->attributes[i].n_values; k++)
			free(m->attributes[i].values[k]);
		free(m->attributes[i].values);
		free(m->attributes[i].p);
		free(m->attributes[i].name);
	}
	free(m->attributes);
	free(m->steps);
	free(m->resources);
	free(m->arrivals.trace_at);
	free(m->arrivals.trace_values);
	free(m);
}

/* Runs the analysis and insists it succeeds. */
static void
run(struct wf_model *m, struct wf_capacity *cap)
{
	char err[256] = "";
	int rc = wf_check_capacity(m, cap, err, sizeof err);

	ck_assert_msg(rc == 0, "wf_check_capacity failed: %s", err);
}

START_TEST(test_line)
{
	struct wf_model *m = mk(4, 0);
	struct wf_capacity cap;
	size_t i;

	run(m, &cap);
	ck_assert_uint_eq(cap.n_steps, 4);
	for (i = 0; i < 4; i++)
		ck_assert_double_eq_tol(cap.visits[i], 1, EPS);
	ck_assert_int_eq(cap.approximate, 0);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* A check that sends work back with p: a geometric number of passes, mean 1 / (1 - p). */
START_TEST(test_feedback)
{
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;

	e = route(m, 1, WF_ROUTE_PROBABILITY, 2);
	e[0].p = 0.3; e[0].to = to(0);
	e[1].p = 0.7; e[1].to = to(2);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1 / 0.7, EPS);
	ck_assert_double_eq_tol(cap.visits[1], 1 / 0.7, EPS);
	ck_assert_double_eq_tol(cap.visits[2], 1, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

START_TEST(test_split)
{
	struct wf_model *m = mk(4, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;

	e = route(m, 0, WF_ROUTE_PROBABILITY, 3);
	e[0].p = 0.5; e[0].to = to(1);
	e[1].p = 0.3; e[1].to = to(2);
	e[2].p = 0.2; e[2].to = to(-1);		/* - { p: 0.2, end: rejected } */
	m->steps[1].next = to(3);
	m->steps[2].next = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1, EPS);
	ck_assert_double_eq_tol(cap.visits[1], 0.5, EPS);
	ck_assert_double_eq_tol(cap.visits[2], 0.3, EPS);
	ck_assert_double_eq_tol(cap.visits[3], 0.5, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* Entries tested in order: the second only takes what the first left. */
START_TEST(test_condition)
{
	static const double type[] = { 0.7, 0.3 }, channel[] = { 0.5, 0.5 };
	struct wf_model *m = mk(4, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;
	size_t i;

	attr(m, "type", 2, type);
	attr(m, "channel", 2, channel);
	e = route(m, 0, WF_ROUTE_CONDITION, 3);
	when(&e[0], 0, 1); when(&e[0], 1, 1); e[0].to = to(1);	/* complex and phone */
	when(&e[1], 0, 1); e[1].to = to(2);			/* complex */
	e[2].is_else = 1; e[2].to = to(3);
	for (i = 1; i < 4; i++)
		m->steps[i].next = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[1], 0.3 * 0.5, EPS);
	ck_assert_double_eq_tol(cap.visits[2], 0.3 * 0.5, EPS);
	ck_assert_double_eq_tol(cap.visits[3], 0.7, EPS);
	ck_assert_int_eq(cap.approximate, 0);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* A case keeps its attributes when it loops back: routine cases (0.7) pass `resolve` and loop
 * back to `classify` with p 0.5 (2 passes on average), complex ones end at once.  Exactly:
 * classify 0.7 * 2 + 0.3 = 1.7, resolve 1.4.  Redrawing the route per visit would give
 * classify 1 / (1 - 0.35) = 1.538..., so this pins the exact mixture. */
START_TEST(test_condition_loop)
{
	static const double type[] = { 0.7, 0.3 };
	struct wf_model *m = mk(2, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;

	attr(m, "type", 2, type);
	e = route(m, 0, WF_ROUTE_CONDITION, 2);
	when(&e[0], 0, 0); e[0].to = to(1);
	e[1].is_else = 1; e[1].to = to(-1);
	e = route(m, 1, WF_ROUTE_PROBABILITY, 2);
	e[0].p = 0.5; e[0].to = to(0);
	e[1].p = 0.5; e[1].to = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1.7, EPS);
	ck_assert_double_eq_tol(cap.visits[1], 1.4, EPS);
	ck_assert_int_eq(cap.approximate, 0);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* Six attributes of ten values are 10^6 combinations: past the exact limit the analysis says
 * it approximated, and with no loop through the route the branch shares are still exact. */
START_TEST(test_condition_many)
{
	static const double ten[] = { .1, .1, .1, .1, .1, .1, .1, .1, .1, .1 };
	static const char *names[] = { "a", "b", "c", "d", "e", "f" };
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;
	size_t k;

	for (k = 0; k < 6; k++)
		attr(m, names[k], 10, ten);
	e = route(m, 0, WF_ROUTE_CONDITION, 2);
	for (k = 0; k < 6; k++)
		when(&e[0], (int)k, 3);
	e[0].to = to(1);
	e[1].is_else = 1; e[1].to = to(2);
	m->steps[1].next = to(-1);
	run(m, &cap);
	ck_assert_int_eq(cap.approximate, 1);
	ck_assert_double_eq_tol(cap.visits[1], 1e-6, 1e-15);
	ck_assert_double_eq_tol(cap.visits[2], 1 - 1e-6, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* work (error 0.1) -> review (catch 0.9, on_catch work): a pass is redone with 0.09, so
 * work is visited 1 / (1 - 0.09) times. */
START_TEST(test_review_rework)
{
	struct wf_model *m = mk(2, 0);
	struct wf_capacity cap;

	m->steps[0].error_p = 0.1;
	m->steps[1].has_review = 1;
	m->steps[1].catch_p = 0.9;
	m->steps[1].on_catch = to(0);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1 / (1 - 0.09), EPS);
	ck_assert_double_eq_tol(cap.visits[1], 1 / (1 - 0.09), EPS);

	/* A false alarm sends 5 % of the clean ones back as well: 0.09 + 0.9 * 0.05. */
	m->steps[1].false_alarm_p = 0.05;
	wf_capacity_fini(&cap);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1 / (1 - 0.135), EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* The defect travels with the case: work (error 0.2) -> copy -> rev1 (catch 0.5, to fix1)
 * -> rev2 (catch 0.5, to fix2) -> end.  rev2 sees the uncaught: 1 - 0.1; fix2 gets
 * 0.2 * 0.5 * 0.5; the defect made at work is caught two steps later. */
START_TEST(test_review_carry)
{
	struct wf_model *m = mk(6, 0);
	struct wf_capacity cap;

	m->steps[0].error_p = 0.2;
	m->steps[2].has_review = 1;
	m->steps[2].catch_p = 0.5;
	m->steps[2].on_catch = to(4);
	m->steps[3].has_review = 1;
	m->steps[3].catch_p = 0.5;
	m->steps[3].on_catch = to(5);
	m->steps[3].next = to(-1);
	m->steps[4].next = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[1], 1, EPS);
	ck_assert_double_eq_tol(cap.visits[2], 1, EPS);
	ck_assert_double_eq_tol(cap.visits[3], 0.9, EPS);
	ck_assert_double_eq_tol(cap.visits[4], 0.1, EPS);
	ck_assert_double_eq_tol(cap.visits[5], 0.05, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* exception: { p: 0.2, to: handle } ahead of everything else; handle returns to the step. */
START_TEST(test_exception)
{
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;

	m->steps[0].exception_p = 0.2;
	m->steps[0].exception_to = to(2);
	m->steps[1].next = to(-1);
	m->steps[2].next = to(0);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1 / 0.8, EPS);
	ck_assert_double_eq_tol(cap.visits[1], 1, EPS);
	ck_assert_double_eq_tol(cap.visits[2], 0.2 / 0.8, EPS);
	wf_capacity_fini(&cap);
	model_free(m);

	/* The exception path keeps a defect made earlier: s0 (error 0.5) -> s1 (exception 0.5
	 * to s3) -> end; s3 reviews (catch 1, to s4).  s4 sees 0.5 * 0.5. */
	m = mk(5, 0);
	m->steps[0].error_p = 0.5;
	m->steps[1].exception_p = 0.5;
	m->steps[1].exception_to = to(3);
	m->steps[2].next = to(-1);
	m->steps[3].has_review = 1;
	m->steps[3].catch_p = 1;
	m->steps[3].on_catch = to(4);
	m->steps[3].next = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[3], 0.5, EPS);
	ck_assert_double_eq_tol(cap.visits[4], 0.25, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* By hand: 0.2 cases a minute; A on agents (4 servers) 6 min, B on a machine pool (3) 10 min,
 * then back to A with p 0.2: 1.25 visits each.  Agents 0.2 * 1.25 * 6 = 1.5 busy of 4;
 * machine 0.2 * 1.25 * 10 = 2.5 of 3 is the bottleneck, saturating at 3 / 12.5 = 0.24 a
 * minute.  Touch time counts only the human pool: 1.25 * 6. */
START_TEST(test_load)
{
	struct wf_model *m = mk(2, 2);
	struct wf_capacity cap;
	struct wf_route_entry *e;

	m->arrivals.rate = 0.2;
	res(m, 0, 4, 4, 0);
	res(m, 1, 3, 3, 1);
	work(m, 0, 0, 6);
	work(m, 1, 1, 10);
	e = route(m, 1, WF_ROUTE_PROBABILITY, 2);
	e[0].p = 0.2; e[0].to = to(0);
	e[1].p = 0.8; e[1].to = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 0.2, EPS);
	ck_assert_double_eq_tol(cap.offered[0], 1.5, EPS);
	ck_assert_double_eq_tol(cap.offered[1], 2.5, EPS);
	ck_assert_double_eq_tol(cap.available[0], 4, EPS);
	ck_assert_double_eq_tol(cap.utilization[0], 1.5 / 4, EPS);
	ck_assert_double_eq_tol(cap.utilization[1], 2.5 / 3, EPS);
	ck_assert_int_eq(cap.bottleneck, 1);
	ck_assert_double_eq_tol(cap.max_rate, 0.24, EPS);
	ck_assert_double_eq_tol(cap.arrival_rate / cap.max_rate, cap.utilization[1], EPS);
	ck_assert_double_eq_tol(cap.touch_time, 7.5, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* 8 servers open 40 of 168 hours give 8 * 40 / 168 servers on average; 0.05 cases a minute
 * at 20 minutes each offer 1 busy server. */
START_TEST(test_calendar_pool)
{
	static double from[] = { 0, 540, 1020 }, value[] = { 0, 8, 0 };
	struct wf_model *m = mk(1, 1);
	struct wf_capacity cap;
	double avail = 8.0 * 40 / 168;

	m->arrivals.rate = 0.05;
	res(m, 0, 8, avail, 0);
	m->resources[0].calendar = 0;
	/* Only the mean is what the analysis reads; the segments make the struct honest. */
	m->resources[0].servers.week = 10080;
	m->resources[0].servers.n = 3;
	m->resources[0].servers.from = from;
	m->resources[0].servers.value = value;
	m->resources[0].servers.max = 8;
	work(m, 0, 0, 20);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.available[0], avail, EPS);
	ck_assert_double_eq_tol(cap.offered[0], 1, EPS);
	ck_assert_double_eq_tol(cap.utilization[0], 1 / avail, EPS);
	ck_assert_double_eq_tol(cap.max_rate, avail / 20, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

START_TEST(test_unlimited)
{
	struct wf_model *m = mk(2, 2);
	struct wf_capacity cap;

	m->arrivals.rate = 3;
	res(m, 0, WF_UNLIMITED, 0, 1);
	res(m, 1, 2, 2, 0);		/* a finite pool that no step uses */
	work(m, 0, 0, 10);
	run(m, &cap);
	ck_assert(isinf(cap.available[0]));
	ck_assert_double_eq_tol(cap.offered[0], 30, EPS);
	ck_assert_double_eq_tol(cap.utilization[0], 0, EPS);
	ck_assert_double_eq_tol(cap.utilization[1], 0, EPS);
	ck_assert_int_eq(cap.bottleneck, -1);
	ck_assert(isinf(cap.max_rate));
	ck_assert_double_eq_tol(cap.touch_time, 0, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

START_TEST(test_arrival_kinds)
{
	struct wf_model *m = mk(1, 0);
	struct wf_capacity cap;
	static const double at[] = { 10, 12, 15, 15, 20 }, same[] = { 7, 7, 7 };

	m->arrivals.kind = WF_ARRIVE_INTERARRIVAL;
	m->arrivals.interarrival.mean = 4;
	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 0.25, EPS);
	wf_capacity_fini(&cap);

	m->arrivals.kind = WF_ARRIVE_PROFILE;
	m->arrivals.profile.mean = 0.125;
	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 0.125, EPS);
	wf_capacity_fini(&cap);

	m->arrivals.kind = WF_ARRIVE_TRACE;
	m->arrivals.n_trace = 5;
	m->arrivals.trace_at = wf_xmalloc(sizeof at);
	memcpy(m->arrivals.trace_at, at, sizeof at);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 5.0 / 10, EPS);
	wf_capacity_fini(&cap);

	/* All at one instant: no span to divide by, the count stands for the rate. */
	m->arrivals.n_trace = 3;
	memcpy(m->arrivals.trace_at, same, sizeof same);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 3, EPS);
	wf_capacity_fini(&cap);

	m->arrivals.n_trace = 0;
	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 0, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* Attribute values fixed by a trace replace the declared mix: 3 of 4 rows say value 1, the
 * fourth is drawn at the declared 0.5 / 0.5, so value 1 has 3.5 / 4. */
START_TEST(test_trace_attributes)
{
	static const double half[] = { 0.5, 0.5 }, at[] = { 0, 1, 2, 3 };
	static const int fixed[] = { 1, 1, -1, 1 };
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;

	attr(m, "type", 2, half);
	m->arrivals.kind = WF_ARRIVE_TRACE;
	m->arrivals.n_trace = 4;
	m->arrivals.trace_at = wf_xmalloc(sizeof at);
	memcpy(m->arrivals.trace_at, at, sizeof at);
	m->arrivals.trace_values = wf_xmalloc(sizeof fixed);
	memcpy(m->arrivals.trace_values, fixed, sizeof fixed);
	e = route(m, 0, WF_ROUTE_CONDITION, 2);
	when(&e[0], 0, 1); e[0].to = to(1);
	e[1].is_else = 1; e[1].to = to(2);
	m->steps[1].next = to(-1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[1], 3.5 / 4, EPS);
	ck_assert_double_eq_tol(cap.arrival_rate, 4.0 / 3, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* s0 -> s1 -> s2 -> s1 ... never ends: the message names the loop's steps. */
START_TEST(test_trapped_loop)
{
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;
	char err[256] = "";

	m->steps[0].id = "start";
	m->steps[1].id = "ping";
	m->steps[2].id = "pong";
	m->steps[2].next = to(1);
	ck_assert_int_eq(wf_check_capacity(m, &cap, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "'ping', 'pong'") != NULL, "message: %s", err);
	ck_assert_msg(strstr(err, "'start'") == NULL, "message: %s", err);
	ck_assert_msg(strstr(err, "loop") != NULL, "message: %s", err);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* Only complex cases get stuck: the message says which. */
START_TEST(test_trapped_by_attribute)
{
	static const double type[] = { 0.7, 0.3 };
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;
	struct wf_route_entry *e;
	char err[256] = "";

	attr(m, "type", 2, type);
	m->steps[0].id = "classify";
	m->steps[1].id = "done";
	m->steps[2].id = "spin";
	e = route(m, 0, WF_ROUTE_CONDITION, 2);
	when(&e[0], 0, 0); e[0].to = to(1);
	e[1].is_else = 1; e[1].to = to(2);
	m->steps[1].next = to(-1);
	m->steps[2].next = to(2);
	ck_assert_int_eq(wf_check_capacity(m, &cap, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "step 'spin' forms a loop") != NULL, "message: %s", err);
	ck_assert_msg(strstr(err, "type = v1") != NULL, "message: %s", err);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST

/* A closed loop nobody can enter costs nothing and breaks nothing. */
START_TEST(test_unreachable_loop)
{
	struct wf_model *m = mk(3, 0);
	struct wf_capacity cap;

	m->steps[0].next = to(-1);
	m->steps[2].next = to(1);
	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1, EPS);
	ck_assert_double_eq_tol(cap.visits[1], 0, EPS);
	ck_assert_double_eq_tol(cap.visits[2], 0, EPS);
	wf_capacity_fini(&cap);
	model_free(m);
}
END_TEST



/* ---- Random models against a simulation of the same routing ---- */

/* A random model whose every step can move on to a later step or end, so that no loop
 * traps a case: forward `next`, p routes with an end entry, condition routes going forward
 * with an `else` that ends.  Reviews, errors and exceptions jump anywhere. */
static struct wf_model *
random_model(gsl_rng *r, size_t n)
{
	static const double p2[] = { 0.4, 0.6 }, p3[] = { 0.2, 0.3, 0.5 };
	struct wf_model *m = mk(n, 0);
	struct wf_route_entry *e;
	size_t i;
	int j;

	attr(m, "a", 2, p2);
	attr(m, "b", 3, p3);
	for (i = 0; i < n; i++) {
		struct wf_step *st = &m->steps[i];
		double u = gsl_rng_uniform(r);

		if (gsl_rng_uniform(r) < 0.5)
			st->error_p = 0.3 * gsl_rng_uniform(r);
		if (gsl_rng_uniform(r) < 0.4) {
			st->has_review = 1;
			st->catch_p = 0.5 + 0.45 * gsl_rng_uniform(r);
			st->false_alarm_p = 0.1 * gsl_rng_uniform(r);
			st->on_catch = to((int)gsl_rng_uniform_int(r, n));
		}
		if (gsl_rng_uniform(r) < 0.25) {
			st->exception_p = 0.05 + 0.15 * gsl_rng_uniform(r);
			st->exception_to = to((int)gsl_rng_uniform_int(r, n));
		}
		if (u < 0.35) {
			e = route(m, (int)i, WF_ROUTE_PROBABILITY, 3);
			e[0].p = 0.3; e[0].to = to(-1);
			e[1].p = 0.3; e[1].to = to((int)gsl_rng_uniform_int(r, n));
			e[2].p = 0.4; e[2].to = to((int)gsl_rng_uniform_int(r, n));
		} else if (u < 0.6 && i + 1 < n) {
			j = (int)(i + 1 + gsl_rng_uniform_int(r, n - i - 1));
			e = route(m, (int)i, WF_ROUTE_CONDITION, 3);
			when(&e[0], 1, (int)gsl_rng_uniform_int(r, 3)); e[0].to = to(j);
			when(&e[1], 0, 1); when(&e[1], 1, 2); e[1].to = to((int)i + 1);
			e[2].is_else = 1; e[2].to = to(-1);
		}
	}
	return m;
}

static struct wf_target
pick_route(const struct wf_model *m, const struct wf_step *st, const int *val, gsl_rng *r)
{
	struct wf_target end = { -1, 0 };
	double u = gsl_rng_uniform(r), c = 0;
	size_t k, d;

	for (k = 0; k < st->n_route; k++) {
		const struct wf_route_entry *e = &st->route[k];

		if (st->route_kind == WF_ROUTE_PROBABILITY) {
			c += e->p;
			if (u < c)
				return e->to;
			continue;
		}
		for (d = 0; d < e->n_when; d++)
			if (val[e->when[d].attr] != e->when[d].value)
				break;
		if (e->is_else || d == e->n_when)
			return e->to;
	}
	(void)m;
	return end;
}

/* One case through the model, counting visits; the rules as model-format.md states them. */
static void
simulate_case(const struct wf_model *m, gsl_rng *r, const gsl_ran_discrete_t *b, double *count)
{
	int val[2], i = 0, defect = 0;
	struct wf_target t;
	const struct wf_step *st;

	val[0] = gsl_rng_uniform(r) < 0.4 ? 0 : 1;
	val[1] = (int)gsl_ran_discrete(r, b);
	while (i >= 0) {
		st = &m->steps[i];
		count[i] += 1;
		if (st->exception_p > 0 && gsl_rng_uniform(r) < st->exception_p) {
			i = st->exception_to.step;
			continue;
		}
		if (gsl_rng_uniform(r) < st->error_p)
			defect = 1;
		if (st->has_review &&
		    gsl_rng_uniform(r) < (defect ? st->catch_p : st->false_alarm_p)) {
			defect = 0;
			i = st->on_catch.step;
			continue;
		}
		t = st->route_kind == WF_ROUTE_NONE ? st->next : pick_route(m, st, val, r);
		i = t.step;
	}
}

/* Visits from the traffic equations against the mean of 20000 simulated cases, within 5
 * standard errors of that mean (per step; ~40 comparisons, so a false alarm has odds of
 * about 1 in 40000; the seed is fixed anyway). */
START_TEST(test_random_models)
{
	static const double p3[] = { 0.2, 0.3, 0.5 };
	const size_t n = 7, cases = 20000;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_ran_discrete_t *b = gsl_ran_discrete_preproc(3, p3);
	double *count = wf_xcalloc(n, sizeof *count), *sum = wf_xcalloc(n, sizeof *sum);
	double *sum2 = wf_xcalloc(n, sizeof *sum2), mean, se;
	struct wf_capacity cap;
	struct wf_model *m;
	size_t k, c, i;

	gsl_rng_set(r, 20261125);
	for (k = 0; k < 6; k++) {
		m = random_model(r, n);
		run(m, &cap);
		memset(sum, 0, n * sizeof *sum);
		memset(sum2, 0, n * sizeof *sum2);
		for (c = 0; c < cases; c++) {
			memset(count, 0, n * sizeof *count);
			simulate_case(m, r, b, count);
			for (i = 0; i < n; i++) {
				sum[i] += count[i];
				sum2[i] += count[i] * count[i];
			}
		}
		for (i = 0; i < n; i++) {
			mean = sum[i] / cases;
			se = sqrt(fmax(sum2[i] / cases - mean * mean, 0) / (cases - 1));
			ck_assert_msg(fabs(cap.visits[i] - mean) <= 5 * se + 1e-9,
			    "model %zu step %zu: exact %.5f, simulated %.5f +- %.5f", k, i,
			    cap.visits[i], mean, se);
		}
		wf_capacity_fini(&cap);
		model_free(m);
	}
	free(count);
	free(sum);
	free(sum2);
	gsl_ran_discrete_free(b);
	gsl_rng_free(r);
}
END_TEST

/* ---- Through the loader: the numbers the analyst's YAML gives. ---- */

/* 8 servers open mon-fri 09:00-17:00 are open 40 of 168 hours: 8 * 40 / 168 on average.
 * 3 cases an hour at 20 minutes offer 1 busy server. */
START_TEST(test_yaml_calendar)
{
	static const char text[] =
	    "wfsim: 1\n"
	    "name: calendar\n"
	    "time_unit: minutes\n"
	    "calendars:\n"
	    "  office:\n"
	    "    - { days: mon-fri, hours: \"09:00-17:00\" }\n"
	    "resources:\n"
	    "  agents: { capacity: 8, calendar: office }\n"
	    "  bots: { capacity: unlimited, kind: machine }\n"
	    "arrivals:\n"
	    "  rate: 3/h\n"
	    "steps:\n"
	    "  - { id: work, resource: agents, duration: 20m }\n"
	    "  - { id: file, resource: bots, duration: { dist: exponential, mean: 1h } }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_capacity cap;
	double avail = 8.0 * 40 / 168;

	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, 0.05, EPS);
	ck_assert_double_eq_tol(cap.available[0], avail, EPS);
	ck_assert_double_eq_tol(cap.offered[0], 1, EPS);
	ck_assert_double_eq_tol(cap.utilization[0], 1 / avail, EPS);
	ck_assert(isinf(cap.available[1]));
	ck_assert_double_eq_tol(cap.offered[1], 3, EPS);
	ck_assert_int_eq(cap.bottleneck, 0);
	ck_assert_double_eq_tol(cap.max_rate, avail / 20, EPS);
	ck_assert_double_eq_tol(cap.touch_time, 20, EPS);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* A profile's rate is its weekly mean: 12/h for 40 of 168 hours plus 1/h for the other 128
 * (as minutes: divide by 60). */
START_TEST(test_yaml_profile)
{
	static const char text[] =
	    "wfsim: 1\n"
	    "name: profile\n"
	    "time_unit: minutes\n"
	    "resources:\n"
	    "  agents:\n"
	    "    shifts:\n"
	    "      - { days: mon-fri, hours: \"08:00-18:00\", capacity: 4 }\n"
	    "      - { days: [sat, sun], hours: \"10:00-14:00\", capacity: 1 }\n"
	    "arrivals:\n"
	    "  profile:\n"
	    "    - { days: mon-fri, hours: \"09:00-17:00\", rate: 12/h }\n"
	    "    - { days: mon-fri, hours: \"17:00-24:00\", rate: 1/h }\n"
	    "    - { days: mon-fri, hours: \"00:00-09:00\", rate: 1/h }\n"
	    "    - { days: [sat, sun], hours: \"00:00-24:00\", rate: 1/h }\n"
	    "steps:\n"
	    "  - { id: work, resource: agents, duration: 6m }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_capacity cap;
	double rate = (12.0 * 40 + 128) / 168 / 60, avail = (4.0 * 50 + 8) / 168;

	run(m, &cap);
	ck_assert_double_eq_tol(cap.arrival_rate, rate, EPS);
	ck_assert_double_eq_tol(cap.available[0], avail, EPS);
	ck_assert_double_eq_tol(cap.utilization[0], rate * 6 / avail, EPS);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* The call centre of issue 9: calls only while open, 08:00-20:00 on weekdays, 300 an hour on
 * Mondays and 250 on other days, 6 minutes each: 30 and 25 busy agents of work.  With 24
 * agents on Mondays (36 on other days) the weekly mean passes (77.4%), but Monday's calls
 * build 6 agents x 12 h = 72 agent-hours (720 calls) of backlog by 20:00, when the centre
 * closes: an overload.  The figures are a fluid model's, exact up to rounding (EPS). */
static const char call_centre[] =
    "wfsim: 1\n"
    "name: call centre\n"
    "time_unit: minutes\n"
    "resources:\n"
    "  agents:\n"
    "    shifts:\n"
    "      - { days: mon, hours: \"08:00-20:00\", capacity: %d }\n"
    "      - { days: tue-fri, hours: \"08:00-20:00\", capacity: 36 }\n"
    "arrivals:\n"
    "  profile:\n"
    "    - { days: mon, hours: \"08:00-20:00\", rate: 300/h }\n"
    "    - { days: tue-fri, hours: \"08:00-20:00\", rate: 250/h }\n"
    "steps:\n"
    "  - { id: answer, resource: agents, duration: { dist: exponential, mean: 6m } }\n";

START_TEST(test_peak_overload)
{
	char text[sizeof call_centre + 16];
	struct wf_model *m;
	struct wf_capacity cap;
	const struct wf_peak *p;

	snprintf(text, sizeof text, call_centre, 24);
	m = tu_load_text(text);
	run(m, &cap);
	/* The weekly mean alone passes: (30 x 12 + 25 x 48) / (24 x 12 + 36 x 48). */
	ck_assert_double_eq_tol(cap.utilization[0], (30.0 * 12 + 25 * 48) / (24.0 * 12 + 36 * 48), EPS);
	ck_assert(cap.utilization[0] < 0.8);
	ck_assert_int_eq(cap.finite, 0);
	ck_assert_uint_eq(cap.n_peaks, 1);
	p = &cap.peaks[0];
	ck_assert_int_eq(p->resource, 0);
	ck_assert_double_eq_tol(p->from, 8 * 60, EPS);
	ck_assert_double_eq_tol(p->to, 20 * 60, EPS);
	ck_assert_double_eq_tol(p->offered, 30, EPS);
	ck_assert_double_eq_tol(p->servers, 24, EPS);
	ck_assert_double_eq_tol(p->backlog, 6.0 * 12 * 60, 1e-6);
	ck_assert_double_eq_tol(p->cases, 720, 1e-6);
	ck_assert_int_eq(p->carried, 1);
	ck_assert_int_eq(p->carried_by, WF_PEAK_CLOSES);
	ck_assert_double_eq_tol(p->carried_at, 20 * 60, EPS);
	ck_assert_double_eq_tol(p->left, 720, 1e-6);
	ck_assert_int_eq(wf_capacity_overloaded(&cap), 1);
	wf_capacity_fini(&cap);
	wf_model_free(m);

	/* With the 36 agents Monday needs: no window exceeds its capacity. */
	snprintf(text, sizeof text, call_centre, 36);
	m = tu_load_text(text);
	run(m, &cap);
	ck_assert_uint_eq(cap.n_peaks, 0);
	ck_assert_int_eq(wf_capacity_overloaded(&cap), 0);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* A lunchtime peak the afternoon clears: 10 clerks open 08:00-18:00 on weekdays; 60 cases an
 * hour (6 busy) except 150 (15 busy) from 12:00 to 13:00.  The peak leaves 5 x 60 = 300
 * server-minutes (50 cases); afterwards 4 spare servers clear it in 75 minutes, by 14:15,
 * long before closing: reported, not an overload.  Arrivals outside the open hours: none. */
START_TEST(test_peak_clears)
{
	static const char text[] =
	    "wfsim: 1\n"
	    "time_unit: minutes\n"
	    "calendars:\n"
	    "  office:\n"
	    "    - { days: mon-fri, hours: \"08:00-18:00\" }\n"
	    "resources:\n"
	    "  clerks: { capacity: 10, calendar: office }\n"
	    "arrivals:\n"
	    "  profile:\n"
	    "    - { days: mon-fri, hours: \"08:00-12:00\", rate: 60/h }\n"
	    "    - { days: mon-fri, hours: \"12:00-13:00\", rate: 150/h }\n"
	    "    - { days: mon-fri, hours: \"13:00-18:00\", rate: 60/h }\n"
	    "steps:\n"
	    "  - { id: work, resource: clerks, duration: 6m }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_capacity cap;
	size_t i;

	run(m, &cap);
	ck_assert_uint_eq(cap.n_peaks, 5);
	for (i = 0; i < 5; i++) {
		const struct wf_peak *p = &cap.peaks[i];

		ck_assert_double_eq_tol(p->from, i * 1440.0 + 12 * 60, EPS);
		ck_assert_double_eq_tol(p->to, i * 1440.0 + 13 * 60, EPS);
		ck_assert_double_eq_tol(p->backlog, 300, 1e-6);
		ck_assert_double_eq_tol(p->cases, 50, 1e-6);
		ck_assert_int_eq(p->carried, 0);
		ck_assert_double_eq_tol(p->cleared, i * 1440.0 + 14 * 60 + 15, 1e-6);
	}
	ck_assert_int_eq(wf_capacity_overloaded(&cap), 0);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* A night shift too thin for a steady 15 cases an hour (1.5 busy servers on 1, 22:00-06:00;
 * 5 servers by day): every night builds 0.5 x 8 h = 240 server-minutes (40 cases), which the
 * day shift clears with 3.5 spare servers in 240 / 3.5 = 68.57 minutes.  Sunday's night runs
 * across the week's end and is found whole: Sun 22:00 to Mon 06:00 (positions past the week
 * are kept as such, so `to` follows `from`). */
START_TEST(test_peak_wraps)
{
	static const char text[] =
	    "wfsim: 1\n"
	    "time_unit: minutes\n"
	    "resources:\n"
	    "  ops:\n"
	    "    shifts:\n"
	    "      - { days: mon-sun, hours: \"06:00-22:00\", capacity: 5 }\n"
	    "      - { days: mon-sun, hours: \"22:00-06:00\", capacity: 1 }\n"
	    "arrivals:\n"
	    "  rate: 15/h\n"
	    "steps:\n"
	    "  - { id: work, resource: ops, duration: 6m }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_capacity cap;
	size_t i, sunday = 0, found = 0;

	run(m, &cap);
	ck_assert_uint_eq(cap.n_peaks, 7);
	for (i = 0; i < cap.n_peaks; i++) {
		const struct wf_peak *p = &cap.peaks[i];

		ck_assert_double_eq_tol(p->to - p->from, 8 * 60, 1e-6);
		ck_assert_double_eq_tol(p->backlog, 240, 1e-6);
		ck_assert_double_eq_tol(p->cases, 40, 1e-6);
		ck_assert_int_eq(p->carried, 0);
		ck_assert_double_eq_tol(p->cleared - p->to, 240 / 3.5, 1e-6);
		if (fabs(p->from - (6 * 1440 + 22 * 60)) < 1e-6) {
			sunday = i;
			found = 1;
		}
	}
	ck_assert(found);
	ck_assert_double_eq_tol(cap.peaks[sunday].to, 7 * 1440 + 6 * 60, 1e-6);
	ck_assert_int_eq(wf_capacity_overloaded(&cap), 0);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* A finite workload outpacing its pool is not an overload; its drain time is worked out.
 * 100 arrivals at 20 an hour (the last at 300 min) each take 2 + 6 minutes of one clerk;
 * 50 backlog cases entering at 'work' take 6 (not 8: the backlog's work is counted from its
 * own step).  The clerk has 800 + 300 = 1100 minutes of work and is never idle once it
 * starts (the work arrives faster than it is done), so it finishes at 1100 min. */
START_TEST(test_finite_drain)
{
	static const char text[] =
	    "wfsim: 1\n"
	    "time_unit: minutes\n"
	    "resources:\n"
	    "  clerks: { capacity: 1 }\n"
	    "arrivals:\n"
	    "  rate: 20/h\n"
	    "  limit: 100\n"
	    "backlog:\n"
	    "  - { step: work, count: 50 }\n"
	    "steps:\n"
	    "  - { id: intake, resource: clerks, duration: 2m }\n"
	    "  - { id: work, resource: clerks, duration: 6m }\n";
	struct wf_model *m = tu_load_text(text);
	struct wf_capacity cap;

	run(m, &cap);
	ck_assert(cap.utilization[0] > 2);
	ck_assert_int_eq(cap.finite, 1);
	ck_assert_double_eq_tol(cap.cases, 150, EPS);
	ck_assert_double_eq_tol(cap.arrivals_end, 300, 1e-6);
	ck_assert_double_eq_tol(cap.drain, 1100, 1e-6);
	ck_assert_int_eq(cap.drain_resource, 0);
	ck_assert_uint_eq(cap.n_peaks, 0);
	ck_assert_int_eq(wf_capacity_overloaded(&cap), 0);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* The format's own example: routine cases (0.7) loop through review with 0.1 * 0.9 = 0.09
 * and keep their type when they come back to classify; complex ones pass once. */
START_TEST(test_yaml_spec_example)
{
	struct wf_model *m = tu_load("tests/good/spec-example.yaml", NULL);
	struct wf_capacity cap;
	double loops = 0.7 / (1 - 0.09);

	run(m, &cap);
	ck_assert_double_eq_tol(cap.visits[0], 1, EPS);
	ck_assert_double_eq_tol(cap.visits[1], loops + 0.3, EPS);
	ck_assert_double_eq_tol(cap.visits[2], loops, EPS);
	ck_assert_double_eq_tol(cap.visits[3], 0.3, EPS);
	ck_assert_double_eq_tol(cap.visits[4], loops + 0.3, EPS);
	/* 10 cases an hour; agents: intake 6 min + resolve 25 per pass. */
	ck_assert_double_eq_tol(cap.offered[0], (6 + 25 * loops) / 6, EPS);
	ck_assert_double_eq_tol(cap.offered[1], 0.3 * 40 / 6, EPS);
	ck_assert_double_eq_tol(cap.offered[2], (loops + 0.3) * 6 / 6, EPS);
	ck_assert_double_eq_tol(cap.available[1], 3, EPS);
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

/* The example models in models/ must load cleanly, leave every pool below 85 % (so `wfsim
 * check` passes without --allow-overload, with headroom for the weekly peaks), and, between
 * an as-is and its to-be, share step ids so that common random numbers pair them. */
static const char *pairs[][2] = {
	{ "support-asis.yaml", "support-tobe.yaml" },
	{ "claims-asis.yaml", "claims-tobe.yaml" },
	{ "invoices-asis.yaml", "invoices-tobe.yaml" },
	{ "afterhours-asis.yaml", "afterhours-tobe.yaml" },
};

/* Which format features the set uses: every one should be shown somewhere. */
enum { F_CALENDAR, F_SHIFTS, F_PROFILE, F_RATE, F_INTERARRIVAL, F_MAX_WAIT, F_EXCEPTION,
       F_FALSE_ALARM, F_ROUTE_P, F_ROUTE_WHEN, F_ESCALATION, F_MAX_VISITS, F_COST,
       F_COST_PER_HOUR, F_MACHINE, F_UNLIMITED, F_BACKLOG, F_ECONOMICS, F_SLA, F_AUTONOMOUS,
       F_SIMULATION, F_NUMERIC, F_CURVE, F_RAMP, F_PRIORITY, F_BATCH, F_N };
static const char *feature_names[F_N] = {
	"calendar", "shifts", "profile", "rate", "interarrival", "max_wait", "exception",
	"false_alarm", "route p", "route when", "escalation", "max_visits", "cost",
	"cost_per_hour", "kind: machine", "unlimited", "backlog", "economics", "sla",
	"autonomous step", "simulation block", "numeric attribute", "calibration curve", "ramp",
	"priority by attribute", "batch at fixed times"
};

static struct wf_model *
load_example(const char *name)
{
	char *path = wf_xasprintf("models/%s", name);
	struct wf_diag diag;
	struct wf_model *m;

	wf_diag_init(&diag);
	m = tu_load(path, &diag);
	if (diag.n_warnings)
		wf_diag_print(&diag, stderr);
	ck_assert_msg(diag.n_warnings == 0, "%s: %zu warnings", path, diag.n_warnings);
	wf_diag_fini(&diag);
	free(path);
	return m;
}

static void
features(const struct wf_model *m, int *seen)
{
	size_t i;

	for (i = 0; i < m->n_resources; i++) {
		const struct wf_resource *r = &m->resources[i];

		seen[F_CALENDAR] |= r->calendar >= 0;
		seen[F_SHIFTS] |= r->has_shifts;
		seen[F_COST_PER_HOUR] |= r->cost_per_hour > 0;
		seen[F_MACHINE] |= r->is_machine;
		seen[F_UNLIMITED] |= r->capacity == WF_UNLIMITED;
	}
	seen[F_PROFILE] |= m->arrivals.kind == WF_ARRIVE_PROFILE;
	seen[F_RATE] |= m->arrivals.kind == WF_ARRIVE_RATE;
	seen[F_INTERARRIVAL] |= m->arrivals.kind == WF_ARRIVE_INTERARRIVAL;
	seen[F_BACKLOG] |= m->n_backlog > 0;
	seen[F_ECONOMICS] |= m->economics.present;
	seen[F_SLA] |= m->has_sla;
	seen[F_SIMULATION] |= m->sim.has_horizon && m->sim.has_warmup &&
	    m->sim.has_replications && m->sim.has_seed;
	seen[F_NUMERIC] |= m->has_numeric;
	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];
		size_t k;

		seen[F_CURVE] |= st->error_curve != NULL && st->error_curve->attr >= 0;
		for (k = 0; k < st->n_route; k++)
			seen[F_RAMP] |= st->route[k].p_curve != NULL;
	}
	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];

		seen[F_MAX_WAIT] |= st->has_max_wait;
		seen[F_EXCEPTION] |= st->exception_p > 0;
		seen[F_FALSE_ALARM] |= st->has_review && st->false_alarm_p > 0;
		seen[F_ROUTE_P] |= st->route_kind == WF_ROUTE_PROBABILITY;
		seen[F_ROUTE_WHEN] |= st->route_kind == WF_ROUTE_CONDITION;
		seen[F_ESCALATION] |= st->escalation;
		seen[F_MAX_VISITS] |= st->max_visits != 100;
		seen[F_COST] |= st->cost > 0;
		seen[F_AUTONOMOUS] |= st->resource < 0 && st->has_duration;
		seen[F_PRIORITY] |= st->priority_by != NULL;
		seen[F_BATCH] |= st->n_batch_at > 0;
	}
}

START_TEST(test_example_models)
{
	int seen[F_N] = { 0 };
	size_t p, k, i, shared;
	struct wf_model *m[2];
	struct wf_capacity cap;

	for (p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
		for (k = 0; k < 2; k++) {
			m[k] = load_example(pairs[p][k]);
			features(m[k], seen);
			run(m[k], &cap);
			ck_assert_msg(cap.bottleneck >= 0, "%s: no bottleneck", pairs[p][k]);
			ck_assert_msg(cap.approximate == 0, "%s: approximated", pairs[p][k]);
			for (i = 0; i < m[k]->n_resources; i++)
				ck_assert_msg(cap.utilization[i] < 0.85,
				    "%s: '%s' at %.3f", pairs[p][k], m[k]->resources[i].id,
				    cap.utilization[i]);
			ck_assert_double_gt(cap.utilization[cap.bottleneck], 0.3);
			ck_assert_int_eq(m[k]->sim.replications, 30);
			ck_assert_int_eq(m[k]->unit, WF_MINUTES);
			wf_capacity_fini(&cap);
		}
		/* The same arrivals in both (rate and attributes; a to-be may add an attribute of
		 * its own, such as its AI's confidence), and shared step ids. */
		ck_assert_int_eq(m[0]->arrivals.kind, m[1]->arrivals.kind);
		for (i = 0; i < m[0]->n_attributes; i++) {
			size_t j;

			for (j = 0; j < m[1]->n_attributes; j++)
				if (strcmp(m[0]->attributes[i].name, m[1]->attributes[j].name) == 0)
					break;
			ck_assert_msg(j < m[1]->n_attributes, "%s lacks attribute '%s'",
			    pairs[p][1], m[0]->attributes[i].name);
		}
		ck_assert_uint_eq(m[0]->sim.seed, m[1]->sim.seed);
		shared = 0;
		for (i = 0; i < m[0]->n_steps; i++)
			shared += wf_model_step(m[1], m[0]->steps[i].id) >= 0;
		ck_assert_msg(shared >= 2, "%s and %s share %zu step ids", pairs[p][0],
		    pairs[p][1], shared);
		ck_assert_msg(m[1]->economics.present, "%s has no economics", pairs[p][1]);
		wf_model_free(m[0]);
		wf_model_free(m[1]);
	}
	for (k = 0; k < F_N; k++)
		ck_assert_msg(seen[k], "no example model uses %s", feature_names[k]);
}
END_TEST

/* ---------- batches ---------- */

START_TEST(test_batch_hold_formulas)
{
	double at[14];
	int d;

	/* Daily releases at 10:00 and 15:00 (minutes, a week of 10080): gaps of 300 and 1140,
	 * (300^2 + 1140^2) / (2 x 1440) = 482.5 minutes, as tests/check_sim.c measures. */
	for (d = 0; d < 7; d++) {
		at[2 * d] = d * 1440.0 + 600;
		at[2 * d + 1] = d * 1440.0 + 900;
	}
	ck_assert_double_eq_tol(wf_batch_hold_timed(at, 14, 10080), 482.5, EPS);
	/* Mon-Fri only (hours, a week of 168): four gaps of 5 and 19 h, Friday's 5 h, then 67 h
	 * to Monday 10:00: (4 (25 + 361) + 25 + 4489) / 336. */
	for (d = 0; d < 5; d++) {
		at[2 * d] = d * 24.0 + 10;
		at[2 * d + 1] = d * 24.0 + 15;
	}
	ck_assert_double_eq_tol(wf_batch_hold_timed(at, 10, 168), 6058.0 / 336, EPS);
	/* One release a week: everything waits half a week on average. */
	ck_assert_double_eq_tol(wf_batch_hold_timed(at, 1, 168), 84, EPS);
	/* Size alone: (N - 1) / (2 lambda); the time rule alone: (W + lambda W^2 / 2) / (1 +
	 * lambda W); a batch of one holds nobody; each rule is the limit of both. */
	ck_assert_double_eq_tol(wf_batch_hold_size(20, INFINITY, 1), 9.5, EPS);
	ck_assert_double_eq_tol(wf_batch_hold_size(0, 4, 1), 2.4, EPS);
	ck_assert_double_eq_tol(wf_batch_hold_size(1, 4, 1), 0, EPS);
	ck_assert_double_eq_tol(wf_batch_hold_size(20, 1e6, 1), 9.5, EPS);
	ck_assert_double_eq_tol(wf_batch_hold_size(1000, 4, 1), 2.4, EPS);
}
END_TEST

START_TEST(test_batch_hold_monte_carlo)
{
	/* Both rules binding (20 held, or 16 after the first at rate 1: the size rule decides
	 * about a quarter of the batches), against Poisson arrivals drawn here: 20 independent
	 * runs of 20000 arrivals, the mean of the runs' mean holds within 4 standard errors. */
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	const long size = 20, runs = 20, n = 20000;
	const double w = 16, truth = wf_batch_hold_size(size, w, 1);
	double mean = 0, m2 = 0, se;
	long r, i, k;

	gsl_rng_set(rng, 20261202);
	for (r = 0; r < runs; r++) {
		double t = 0, first = 0, sum_t = 0, hold = 0, x;
		long held = 0, count = 0;

		for (i = 0; i < n; i++) {
			t += gsl_ran_exponential(rng, 1);
			if (held > 0 && t > first + w) {	/* released by the time rule */
				hold += (double)held * (first + w) - sum_t;
				count += held;
				held = 0;
			}
			if (held == 0) {
				first = t;
				sum_t = 0;
			}
			held++;
			sum_t += t;
			if (held == size) {			/* released by the size rule */
				hold += (double)held * t - sum_t;
				count += held;
				held = 0;
			}
		}
		x = hold / (double)count;
		k = r + 1;
		m2 += (x - mean) * (x - mean) * (double)(k - 1) / (double)k;
		mean += (x - mean) / (double)k;
	}
	se = sqrt(m2 / (double)(runs - 1) / (double)runs);
	printf("batch of 20 or 16 after the first: hold %.4f +- %.4f (closed form %.4f)\n", mean, se,
	       truth);
	ck_assert_double_lt(fabs(mean - truth), 4 * se);
	ck_assert_double_gt(truth, 0.5 * wf_batch_hold_size(size, INFINITY, 1));
	ck_assert_double_lt(truth, wf_batch_hold_size(size, INFINITY, 1));
	gsl_rng_free(rng);
}
END_TEST

START_TEST(test_batch_hold_where_known)
{
	/* The first step, Poisson arrivals at 4 an hour: its size rule has the closed form; the
	 * second's visits come out of a queue (not Poisson) and a step with patience gives up
	 * while held: no figure.  The timed step's flow is steady: gap^2 / (2 week). */
	struct wf_model *m = tu_load_text(
	    "wfsim: 1\ntime_unit: minutes\nresources:\n  clerks: { capacity: 2 }\n"
	    "arrivals:\n  rate: 4/h\nsteps:\n"
	    "  - { id: a, resource: clerks, duration: 10m, batch: { size: 20, max_wait: 4h } }\n"
	    "  - { id: b, resource: clerks, duration: 1m, batch: { size: 5 } }\n"
	    "  - { id: c, batch: { at: [\"10:00\", \"15:00\"], days: mon-fri } }\n"
	    "  - { id: d, batch: { max_wait: 1h }, max_wait: 2h, on_timeout: { end: gone } }\n");
	struct wf_capacity cap;
	char err[256];

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(wf_check_capacity(m, &cap, err, sizeof err), 0);
	ck_assert_double_eq_tol(cap.batch_hold[0], wf_batch_hold_size(20, 240, 4.0 / 60), EPS);
	ck_assert(isnan(cap.batch_hold[1]));
	ck_assert_double_eq_tol(cap.batch_hold[2], 6058.0 / 336 * 60, 1e-6);
	ck_assert(isnan(cap.batch_hold[3]));
	wf_capacity_fini(&cap);
	wf_model_free(m);
	/* With a calendar the visits come in the pool's hours: the timed hold is not known. */
	m = tu_load_text(
	    "wfsim: 1\ntime_unit: minutes\ncalendars:\n  office: [ { days: mon-fri, hours: \"09:00-17:00\" } ]\n"
	    "resources:\n  clerks: { capacity: 4, calendar: office }\n"
	    "arrivals:\n  rate: 1/h\nsteps:\n"
	    "  - { id: a, resource: clerks, duration: 10m }\n"
	    "  - { id: c, batch: { at: \"16:00\" } }\n");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(wf_check_capacity(m, &cap, err, sizeof err), 0);
	ck_assert(isnan(cap.batch_hold[1]));
	wf_capacity_fini(&cap);
	wf_model_free(m);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("check");
	struct {
		const char *name;
		const TTest *fn;
	} t[] = {
		{ "line", test_line },
		{ "feedback", test_feedback },
		{ "split", test_split },
		{ "condition", test_condition },
		{ "condition_loop", test_condition_loop },
		{ "condition_many", test_condition_many },
		{ "review_rework", test_review_rework },
		{ "review_carry", test_review_carry },
		{ "exception", test_exception },
		{ "load", test_load },
		{ "calendar_pool", test_calendar_pool },
		{ "unlimited", test_unlimited },
		{ "arrival_kinds", test_arrival_kinds },
		{ "trace_attributes", test_trace_attributes },
		{ "trapped_loop", test_trapped_loop },
		{ "trapped_by_attribute", test_trapped_by_attribute },
		{ "unreachable_loop", test_unreachable_loop },
		{ "random_models", test_random_models },
		{ "yaml_calendar", test_yaml_calendar },
		{ "yaml_profile", test_yaml_profile },
		{ "yaml_spec_example", test_yaml_spec_example },
		{ "example_models", test_example_models },
		{ "peak_overload", test_peak_overload },
		{ "peak_clears", test_peak_clears },
		{ "peak_wraps", test_peak_wraps },
		{ "finite_drain", test_finite_drain },
		{ "batch_hold_formulas", test_batch_hold_formulas },
		{ "batch_hold_monte_carlo", test_batch_hold_monte_carlo },
		{ "batch_hold_where_known", test_batch_hold_where_known },
	};
	size_t i;
	TCase *tc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		tc = tcase_create(t[i].name);
		tcase_add_test(tc, t[i].fn);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
