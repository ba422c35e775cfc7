/* Tests of the model loader and the trace reader: every field of a good model lands where it
 * should, names resolve to the right indices, and bad input is reported at its position. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/model.h"
#include "wfsim/trace.h"
#include "testutil.h"

static struct wf_model *
load_good(const char *name, struct wf_diag *d)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/good/%s", tu_srcdir(), name);
	wf_diag_init(d);
	return wf_model_load(path, d);
}

static struct wf_model *
load_str(const char *text, struct wf_diag *d)
{
	wf_diag_init(d);
	return wf_model_load_string(text, strlen(text), "m.yaml", d);
}

/* 1 if d holds a message of severity sev at line:col containing `part`. */
static int
has_msg(const struct wf_diag *d, enum wf_severity sev, int line, int col, const char *part)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].severity == sev && d->v[i].line == line && d->v[i].col == col &&
		    strstr(d->v[i].message, part) != NULL)
			return 1;
	return 0;
}

START_TEST(test_full_top)
{
	struct wf_diag d;
	struct wf_model *m = load_good("full.yaml", &d);
	double start;
	char err[128];

	ck_assert_msg(m != NULL, "%s", tu_diag_text(&d));
	ck_assert_uint_eq(d.n_errors, 0);
	ck_assert_str_eq(m->name, "Every key");
	ck_assert_int_eq(m->unit, WF_MINUTES);
	wf_parse_datetime("2026-01-07T06:00", &start, err, sizeof(err));
	ck_assert_double_eq(m->start_epoch, start);
	/* Wednesday 06:00 is 2 days and 6 hours into the week */
	ck_assert_double_eq(m->week_offset, 2 * 1440 + 360);
	ck_assert_int_eq(m->has_sla, 1);
	ck_assert_double_eq(m->sla, 480);
	ck_assert(m->sim.has_horizon && m->sim.has_warmup && m->sim.has_replications && m->sim.has_seed);
	ck_assert_double_eq(m->sim.horizon, 30 * 1440);
	ck_assert_double_eq(m->sim.warmup, 2 * 1440);
	ck_assert_int_eq(m->sim.replications, 12);
	ck_assert(m->sim.seed == 20261125);
	ck_assert_int_eq(m->economics.present, 1);
	ck_assert_double_eq(m->economics.one_off, 120000);
	ck_assert_double_eq(m->economics.per_month, 4000);
	ck_assert_str_eq(m->economics.currency, "EUR");
	ck_assert_uint_eq(m->n_backlog, 1);
	ck_assert_int_eq(m->backlog[0].step, wf_model_step(m, "resolve"));
	ck_assert_int_eq(m->backlog[0].count, 40);
	/* outcomes: the two fixed ones, then in order of first appearance in the file */
	ck_assert_uint_eq(m->n_outcomes, 5);
	ck_assert_str_eq(m->outcomes[0], "done");
	ck_assert_str_eq(m->outcomes[1], "loop_limit");
	ck_assert_str_eq(m->outcomes[2], "abandoned");
	ck_assert_str_eq(m->outcomes[3], "rejected");
	ck_assert_str_eq(m->outcomes[4], "resolved");
	ck_assert_int_eq(wf_model_outcome(m, "rejected"), 3);
	ck_assert_int_eq(wf_model_outcome(m, "nope"), -1);
	/* the unreachable last step is a warning, not an error */
	ck_assert_uint_eq(d.n_warnings, 1);
	ck_assert(has_msg(&d, WF_WARNING, 74, 9, "'archive' is never reached"));
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_full_resources)
{
	struct wf_diag d;
	struct wf_model *m = load_good("full.yaml", &d);
	const struct wf_resource *r;
	const struct wf_calendar *c;
	int i;

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->n_calendars, 2);
	c = &m->calendars[0];
	ck_assert_str_eq(c->id, "office");
	ck_assert_int_eq(c->mark.line, 15);
	ck_assert_int_eq(c->mark.col, 3);
	/* office: 5 x 8 h + 4 h open out of 168 h */
	ck_assert_double_eq_tol(c->open.mean, 44.0 / 168, 1e-12);
	ck_assert_double_eq(c->open.max, 1);
	ck_assert_double_eq_tol(m->calendars[1].open.mean, 56.0 / 168, 1e-12);
	ck_assert_uint_eq(m->n_resources, 4);
	i = wf_model_resource(m, "agents");
	ck_assert_int_eq(i, 0);
	r = &m->resources[i];
	ck_assert_int_eq(r->capacity, 8);
	ck_assert_int_eq(r->calendar, 0);
	ck_assert_int_eq(r->has_shifts, 0);
	ck_assert_double_eq(r->cost_per_hour, 38);
	ck_assert_int_eq(r->is_machine, 0);
	ck_assert_double_eq_tol(r->servers.mean, 8 * 44.0 / 168, 1e-12);
	ck_assert_double_eq(r->servers.max, 8);
	/* clock zero is Wednesday 06:00: closed until 09:00, then 8 servers */
	ck_assert_double_eq(wf_weekly_at(&r->servers, 0), 0);
	ck_assert_double_eq(wf_weekly_at(&r->servers, 200), 8);
	ck_assert_double_eq(wf_weekly_at(&r->servers, 12 * 60), 0);
	r = &m->resources[wf_model_resource(m, "shifted")];
	ck_assert_int_eq(r->has_shifts, 1);
	ck_assert_int_eq(r->calendar, -1);
	ck_assert_int_eq(r->capacity, 5);
	ck_assert_double_eq_tol(r->servers.mean, 5 * (8 * 3 + 8 * 5) / 168.0, 1e-12);
	ck_assert_double_eq(wf_weekly_at(&r->servers, 60), 3);		/* Wed 07:00 */
	ck_assert_double_eq(wf_weekly_at(&r->servers, 10 * 60), 5);	/* Wed 16:00 */
	ck_assert_double_eq(wf_weekly_at(&r->servers, 17 * 60), 0);	/* Wed 23:00 */
	r = &m->resources[wf_model_resource(m, "llm_api")];
	ck_assert_int_eq(r->capacity, WF_UNLIMITED);
	ck_assert_int_eq(r->is_machine, 1);
	ck_assert_double_eq(r->cost_per_hour, 1.5);
	r = &m->resources[wf_model_resource(m, "night")];
	ck_assert_int_eq(r->capacity, 2);
	ck_assert_int_eq(r->calendar, 1);
	ck_assert_double_eq(wf_weekly_at(&r->servers, 17 * 60), 2);	/* Wed 23:00 */
	ck_assert_int_eq(wf_model_resource(m, "nobody"), -1);
	ck_assert(m->resources[0].site != m->resources[1].site);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_full_arrivals)
{
	struct wf_diag d;
	struct wf_model *m = load_good("full.yaml", &d);
	const struct wf_arrivals *a;

	ck_assert_ptr_nonnull(m);
	a = &m->arrivals;
	ck_assert_int_eq(a->kind, WF_ARRIVE_INTERARRIVAL);
	ck_assert_int_eq(a->interarrival.kind, WF_DIST_EXPONENTIAL);
	ck_assert_double_eq_tol(a->interarrival.mean, 6, 1e-12);
	ck_assert_int_eq(a->limit, 5000);
	ck_assert_uint_eq(m->n_attributes, 2);
	ck_assert_str_eq(m->attributes[0].name, "type");
	ck_assert_uint_eq(m->attributes[0].n_values, 2);
	ck_assert_str_eq(m->attributes[0].values[1], "complex");
	ck_assert_double_eq(m->attributes[0].p[1], 0.3);
	ck_assert_str_eq(m->attributes[1].values[2], "chat");
	ck_assert_double_eq(m->attributes[1].p[2], 0.25);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_full_steps)
{
	struct wf_diag d;
	struct wf_model *m = load_good("full.yaml", &d);
	const struct wf_step *s;
	int intake, classify, resolve, escalate, review, archive;

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->n_steps, 6);
	intake = wf_model_step(m, "intake");
	classify = wf_model_step(m, "classify");
	resolve = wf_model_step(m, "resolve");
	escalate = wf_model_step(m, "escalate");
	review = wf_model_step(m, "review");
	archive = wf_model_step(m, "archive");
	ck_assert_int_eq(intake, 0);
	ck_assert_int_eq(archive, 5);

	s = &m->steps[intake];
	ck_assert_int_eq(s->resource, 0);
	ck_assert_int_eq(s->has_max_wait, 1);
	ck_assert_double_eq_tol(s->max_wait.mean, 90, 1e-9);
	ck_assert_int_eq(s->on_timeout.step, -1);
	ck_assert_int_eq(s->on_timeout.outcome, wf_model_outcome(m, "abandoned"));
	ck_assert_int_eq(s->has_duration, 1);
	ck_assert_int_eq(s->duration.kind, WF_DIST_TRIANGULAR);
	ck_assert_double_eq_tol(s->duration.mean, 6, 1e-9);
	ck_assert_double_eq(s->cost, 2.5);
	ck_assert_int_eq(s->route_kind, WF_ROUTE_NONE);
	ck_assert_int_eq(s->next.step, classify);	/* falls through to the next step */
	ck_assert_int_eq(s->max_visits, 100);
	ck_assert_int_eq(s->mark.line, 42);
	ck_assert_int_eq(s->mark.col, 9);

	s = &m->steps[classify];
	ck_assert_int_eq(s->resource, wf_model_resource(m, "llm_api"));
	ck_assert_int_eq(s->duration.kind, WF_DIST_CONSTANT);
	ck_assert_double_eq_tol(s->duration.mean, 20.0 / 60, 1e-12);
	ck_assert_double_eq(s->exception_p, 0.05);
	ck_assert_int_eq(s->exception_to.step, escalate);
	ck_assert_int_eq(s->route_kind, WF_ROUTE_CONDITION);
	ck_assert_uint_eq(s->n_route, 3);
	ck_assert_uint_eq(s->route[0].n_when, 2);
	ck_assert_int_eq(s->route[0].when[0].attr, 0);
	ck_assert_int_eq(s->route[0].when[0].value, 0);
	ck_assert_int_eq(s->route[0].when[1].attr, 1);
	ck_assert_int_eq(s->route[0].when[1].value, 2);
	ck_assert_int_eq(s->route[0].to.step, resolve);
	ck_assert_uint_eq(s->route[1].n_when, 1);
	ck_assert_int_eq(s->route[2].is_else, 1);
	ck_assert_uint_eq(s->route[2].n_when, 0);
	ck_assert_int_eq(s->route[2].to.step, escalate);

	s = &m->steps[resolve];
	ck_assert_double_eq(s->error_p, 0.1);
	ck_assert_int_eq(s->next.step, review);
	ck_assert_double_eq_tol(s->duration.mean, 25, 1e-9);

	s = &m->steps[escalate];
	ck_assert_int_eq(s->escalation, 1);
	ck_assert_int_eq(s->max_visits, 3);
	ck_assert_int_eq(s->duration.kind, WF_DIST_EMPIRICAL);
	ck_assert_uint_eq(s->duration.n_values, 3);
	ck_assert_int_eq(s->route_kind, WF_ROUTE_PROBABILITY);
	ck_assert_double_eq(s->route[0].p, 0.8);
	ck_assert_int_eq(s->route[0].to.step, review);
	ck_assert_int_eq(s->route[1].to.step, -1);
	ck_assert_int_eq(s->route[1].to.outcome, wf_model_outcome(m, "rejected"));

	s = &m->steps[review];
	ck_assert_int_eq(s->has_review, 1);
	ck_assert_double_eq(s->catch_p, 0.9);
	ck_assert_double_eq(s->false_alarm_p, 0.02);
	ck_assert_int_eq(s->on_catch.step, resolve);
	ck_assert_double_eq(s->duration.mean, 6);	/* a bare number is in time_unit */
	ck_assert_int_eq(s->next.step, -1);
	ck_assert_int_eq(s->next.outcome, wf_model_outcome(m, "resolved"));

	s = &m->steps[archive];
	ck_assert_int_eq(s->resource, -1);
	ck_assert_int_eq(s->next.step, -1);	/* after the last step: end done */
	ck_assert_int_eq(s->next.outcome, WF_OUTCOME_DONE);
	ck_assert(m->steps[0].site != m->steps[1].site);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_spec_example)
{
	struct wf_diag d;
	struct wf_model *m = load_good("support-asis.yaml", &d);

	ck_assert_msg(m != NULL, "%s", tu_diag_text(&d));
	ck_assert_uint_eq(d.n_errors + d.n_warnings, 0);
	ck_assert_uint_eq(m->n_steps, 5);
	ck_assert_str_eq(m->outcomes[2], "sla_breach");
	ck_assert_str_eq(m->outcomes[3], "resolved");
	ck_assert_int_eq(m->steps[1].route_kind, WF_ROUTE_CONDITION);
	ck_assert_int_eq(m->steps[4].on_catch.step, 1);
	ck_assert_double_eq(m->week_offset, 0);	/* default start: a Monday */
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_defaults_and_units)
{
	struct wf_diag d;
	struct wf_model *m = load_str(
	    "wfsim: 1\n"
	    "time_unit: hours\n"
	    "arrivals: { rate: 240/d }\n"
	    "steps:\n"
	    "  - id: only\n"
	    "    duration: 30m\n", &d);

	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->name, "m");
	ck_assert_int_eq(m->unit, WF_HOURS);
	ck_assert_int_eq(m->arrivals.kind, WF_ARRIVE_RATE);
	ck_assert_double_eq_tol(m->arrivals.rate, 10, 1e-12);
	ck_assert_double_eq_tol(m->arrivals.interarrival.mean, 0.1, 1e-12);
	ck_assert_int_eq(m->arrivals.limit, -1);
	ck_assert_double_eq(m->steps[0].duration.mean, 0.5);
	ck_assert_int_eq(m->has_sla, 0);
	ck_assert_int_eq(m->sim.has_horizon, 0);
	ck_assert_int_eq(m->economics.present, 0);
	ck_assert_uint_eq(m->n_outcomes, 2);
	ck_assert_uint_eq(m->n_resources + m->n_calendars + m->n_attributes + m->n_backlog, 0);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_profile_and_aliases)
{
	struct wf_diag d;
	/* an anchor shares one window list between a calendar and the profile */
	struct wf_model *m = load_str(
	    "wfsim: 1\n"
	    "calendars:\n"
	    "  office: &office\n"
	    "    - { days: mon-fri, hours: \"09:00-17:00\" }\n"
	    "resources:\n"
	    "  a: { capacity: 2, calendar: office }\n"
	    "arrivals:\n"
	    "  profile:\n"
	    "    - { days: mon-fri, hours: \"09:00-12:00\", rate: 30/h }\n"
	    "    - { days: mon-fri, hours: \"12:00-17:00\", rate: 12/h }\n"
	    "steps:\n"
	    "  - { id: x, resource: a, duration: 1m }\n", &d);

	ck_assert_msg(m != NULL, "%s", tu_diag_text(&d));
	ck_assert_int_eq(m->arrivals.kind, WF_ARRIVE_PROFILE);
	ck_assert_double_eq_tol(wf_weekly_at(&m->arrivals.profile, 10 * 60), 0.5, 1e-12);
	ck_assert_double_eq_tol(wf_weekly_at(&m->arrivals.profile, 13 * 60), 0.2, 1e-12);
	ck_assert_double_eq(wf_weekly_at(&m->arrivals.profile, 18 * 60), 0);
	ck_assert_double_eq_tol(m->arrivals.profile.mean, 5 * (3 * 0.5 + 5 * 0.2) * 60 / 10080.0, 1e-12);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_errors_all_reported)
{
	struct wf_diag d;
	struct wf_model *m = load_str(
	    "wfsim: 1\n"
	    "resorces:\n"				/* 2 */
	    "  a: { capacity: 1 }\n"
	    "arrivals:\n"
	    "  rate: 10/x\n"				/* 5 */
	    "steps:\n"
	    "  - id: s1\n"
	    "    duration: { dist: exponential, mean: -5m }\n"	/* 8 */
	    "    next: s3\n"				/* 9 */
	    "  - id: s1\n"				/* 10 */
	    "    error: 2\n", &d);			/* 11 */
	char *out;

	ck_assert_ptr_null(m);
	ck_assert_uint_eq(d.n_errors, 6);
	ck_assert(has_msg(&d, WF_ERROR, 2, 1, "unknown key 'resorces' in the model; did you mean 'resources'?"));
	ck_assert(has_msg(&d, WF_ERROR, 5, 9, "invalid rate '10/x'"));
	ck_assert(has_msg(&d, WF_ERROR, 8, 42, "must not be negative"));
	ck_assert(has_msg(&d, WF_ERROR, 9, 11, "unknown step 's3'"));
	ck_assert(has_msg(&d, WF_ERROR, 10, 9, "duplicate step id 's1' (first at line 7)"));
	ck_assert(has_msg(&d, WF_ERROR, 11, 12, "probability 2 is outside [0, 1]"));
	/* a model from a string still prints its source lines */
	out = tu_diag_text(&d);
	ck_assert_ptr_nonnull(strstr(out, "m.yaml:5:9: error: invalid rate '10/x'"));
	ck_assert_ptr_nonnull(strstr(out, "\n    rate: 10/x\n          ^\n"));
	free(out);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_bounds)
{
	struct wf_diag d;
	struct wf_model *m;
	size_t n = 200000, i;
	char *deep = malloc(n + 32);

	/* 200000 nested lists: an error, not a stack overflow */
	strcpy(deep, "wfsim: 1\nsteps: ");
	for (i = strlen(deep); i < n; i++)
		deep[i] = '[';
	deep[n] = '\0';
	m = load_str(deep, &d);
	ck_assert_ptr_null(m);
	ck_assert(has_msg(&d, WF_ERROR, 2, 71, "nesting deeper than 64 levels"));
	wf_diag_fini(&d);
	free(deep);

	m = load_str("wfsim: 1\n"
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", &d);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].message, "too many aliases expanded"));
	wf_diag_fini(&d);

	m = load_str("", &d);
	ck_assert_ptr_null(m);
	ck_assert(has_msg(&d, WF_ERROR, 0, 0, "empty model"));
	wf_diag_fini(&d);

	m = load_str("wfsim: 1\nsteps: [\n", &d);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].message, "invalid yaml: "));
	wf_diag_fini(&d);

	m = load_str("wfsim: 3\nfuture: yes\n", &d);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert(has_msg(&d, WF_ERROR, 1, 8, "unsupported format version 3: this wfsim reads version 1"));
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_trace_model)
{
	struct wf_diag d;
	struct wf_model *m = load_good("trace.yaml", &d);
	const struct wf_arrivals *a;
	int ch;

	ck_assert_msg(m != NULL, "%s", tu_diag_text(&d));
	a = &m->arrivals;
	ck_assert_int_eq(a->kind, WF_ARRIVE_TRACE);
	ck_assert_ptr_nonnull(strstr(a->trace_file, "tests/good/trace.csv"));
	ck_assert_uint_eq(a->n_trace, 5);
	ck_assert_double_eq(a->trace_at[0], 8);
	ck_assert_double_eq(a->trace_at[1], 8.5);
	ck_assert_double_eq(a->trace_at[2], 9.5);
	ck_assert_double_eq(a->trace_at[4], 24);
	/* 'type' declared (attribute 0); 'channel' learnt from the trace (attribute 1) */
	ck_assert_uint_eq(m->n_attributes, 2);
	ch = 1;
	ck_assert_str_eq(m->attributes[ch].name, "channel");
	ck_assert_uint_eq(m->attributes[ch].n_values, 2);
	ck_assert_str_eq(m->attributes[ch].values[0], "mail");
	ck_assert_double_eq_tol(m->attributes[ch].p[0], 0.6, 1e-15);
	ck_assert_double_eq_tol(m->attributes[ch].p[1], 0.4, 1e-15);
	ck_assert_int_eq(a->trace_values[0 * 2 + 0], 0);	/* routine */
	ck_assert_int_eq(a->trace_values[1 * 2 + 0], -1);	/* empty cell: drawn */
	ck_assert_int_eq(a->trace_values[2 * 2 + 0], 1);	/* complex */
	ck_assert_int_eq(a->trace_values[1 * 2 + 1], 1);	/* phone */
	ck_assert_int_eq(m->steps[0].route[0].when[0].attr, ch);
	ck_assert_int_eq(m->steps[0].route[0].when[0].value, 1);
	ck_assert_int_eq(m->steps[0].route[0].to.outcome, wf_model_outcome(m, "called"));
	ck_assert_int_eq(m->steps[0].route[1].to.outcome, WF_OUTCOME_DONE);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_trace_reader_errors)
{
	static const char csv[] =
	    "t,kind,x\n"
	    "1,a,p\n"
	    "2,b\n"			/* 3: too few fields */
	    "0.5,a,q\n"			/* 4: earlier than the row before */
	    "3,zzz,q\n"			/* 5: not a declared value */
	    "4,\"a\"x,q\n"		/* 6: text after a quote */
	    "1e999,a,q\n"		/* 7: out of range */
	    "\n"
	    "5,\"a\",\"q,r\"\n";	/* 9: fine, quoted comma */
	static char *vals[] = { "a", "b" };
	struct wf_trace_attr attr = { "kind", 2, vals, 0 };
	struct wf_trace_opts o = { WF_MINUTES, 0, &attr, 1 };
	struct wf_trace t;
	struct wf_diag d;

	wf_diag_init(&d);
	ck_assert_int_eq(wf_trace_read_buffer(&t, csv, sizeof(csv) - 1, "t.csv", &o, &d), -1);
	ck_assert_uint_eq(d.n_errors, 5);
	ck_assert(has_msg(&d, WF_ERROR, 3, 1, "row has 2 fields, the header has 3"));
	ck_assert(has_msg(&d, WF_ERROR, 4, 1, "earlier than the row before"));
	ck_assert(has_msg(&d, WF_ERROR, 5, 3, "unknown value 'zzz' for attribute 'kind'; expected one of a, b"));
	ck_assert(has_msg(&d, WF_ERROR, 6, 6, "unexpected text after a quoted field"));
	ck_assert(has_msg(&d, WF_ERROR, 7, 1, "invalid arrival time '1e999'"));
	ck_assert_uint_eq(t.n, 2);
	ck_assert_double_eq(t.at[1], 5);
	ck_assert_int_eq(t.cols[0].declared, 0);
	ck_assert_int_eq(t.cols[1].declared, -1);
	ck_assert_str_eq(t.cols[1].values[t.cols[1].v[1]], "q,r");
	wf_trace_fini(&t);
	wf_diag_fini(&d);

	wf_diag_init(&d);
	ck_assert_int_eq(wf_trace_read_buffer(&t, "", 0, "e.csv", &o, &d), -1);
	ck_assert(has_msg(&d, WF_ERROR, 0, 0, "empty trace"));
	wf_trace_fini(&t);
	wf_diag_fini(&d);
}
END_TEST

/* A million rows stream through in bounded memory per row; the arrays are the only growth. */
START_TEST(test_trace_million)
{
	struct wf_trace_opts o = { WF_SECONDS, 0, NULL, 0 };
	struct wf_trace t;
	struct wf_diag d;
	FILE *f = tmpfile();
	long i;

	ck_assert_ptr_nonnull(f);
	fputs("time,segment\n", f);
	for (i = 0; i < 1000000; i++)
		fprintf(f, "%ld,%s\n", i * 3, i % 4 == 0 ? "gold" : "basic");
	rewind(f);
	wf_diag_init(&d);
	ck_assert_int_eq(wf_trace_read(&t, f, "big.csv", &o, &d), 0);
	ck_assert_uint_eq(t.n, 1000000);
	ck_assert_double_eq(t.at[999999], 2999997);
	ck_assert_uint_eq(t.cols[0].n_values, 2);
	ck_assert_uint_eq(t.cols[0].counts[0], 250000);
	wf_trace_fini(&t);
	wf_diag_fini(&d);
	fclose(f);
}
END_TEST
START_TEST(test_priorities)
{
	struct wf_diag d;
	struct wf_model *m = load_str(
	    "wfsim: 1\n"
	    "resources: { agents: { capacity: 2 }, other: { capacity: 1 } }\n"
	    "arrivals:\n"
	    "  rate: 10/h\n"
	    "  attributes: { tier: { gold: 0.1, silver: 0.3, bronze: 0.6 } }\n"
	    "steps:\n"
	    "  - { id: a, resource: agents, duration: 5m, priority: { by: tier, values: { gold: 7, silver: 3 } } }\n"
	    "  - { id: b, resource: agents, duration: 5m, priority: 3 }\n"
	    "  - { id: c, resource: other, duration: 5m }\n", &d);
	size_t n;
	int *lv;

	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(m->steps[0].priority_by);
	ck_assert_int_eq(m->steps[0].priority_attr, 0);
	ck_assert_int_eq(m->steps[0].priority_by[0], 7);
	ck_assert_int_eq(m->steps[0].priority_by[1], 3);
	ck_assert_int_eq(m->steps[0].priority_by[2], 0);	/* not listed */
	ck_assert_ptr_null(m->steps[1].priority_by);
	ck_assert_int_eq(m->steps[1].priority, 3);
	/* the classes of a pool: distinct, highest first */
	lv = wf_model_priority_levels(m, 0, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert(lv[0] == 7 && lv[1] == 3 && lv[2] == 0);
	free(lv);
	lv = wf_model_priority_levels(m, 1, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(lv[0], 0);
	free(lv);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST

START_TEST(test_batches_and_pause)
{
	struct wf_diag d;
	struct wf_model *m = load_str(
	    "wfsim: 1\n"
	    "time_unit: hours\n"
	    "calendars: { office: [ { days: mon-fri, hours: \"09:00-17:00\" } ] }\n"
	    "resources: { clerks: { capacity: 2, calendar: office, at_close: pause,\n"
	    "  holidays: [2026-01-07, 2026-01-06, 2026-01-07] } }\n"
	    "arrivals: { rate: 10/d, holidays: [2026-01-05] }\n"
	    "steps:\n"
	    "  - { id: a, batch: { at: [\"15:00\", \"10:30\", \"15:00\"], days: sat-sun } }\n"
	    "  - { id: b, resource: clerks, batch: { size: 20, max_wait: 4h } }\n"
	    "  - { id: c, batch: { max_wait: 1d } }\n", &d);
	const struct wf_step *st;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->resources[0].at_close_pause, 1);
	/* the model starts Monday 2026-01-05 00:00; hours; sorted, a day given twice once */
	ck_assert_uint_eq(m->resources[0].n_holidays, 2);
	ck_assert_double_eq_tol(m->resources[0].holiday[0], 24, 1e-12);
	ck_assert_double_eq_tol(m->resources[0].holiday[1], 48, 1e-12);
	ck_assert_uint_eq(m->arrivals.n_holidays, 1);
	ck_assert_double_eq_tol(m->arrivals.holiday[0], 0, 1e-12);
	st = &m->steps[0];
	ck_assert(st->has_batch);
	/* Saturday and Sunday at 10:30 and 15:00 (once), in hours from Monday 00:00 */
	ck_assert_uint_eq(st->n_batch_at, 4);
	ck_assert_double_eq_tol(st->batch_at[0], 5 * 24 + 10.5, 1e-12);
	ck_assert_double_eq_tol(st->batch_at[1], 5 * 24 + 15, 1e-12);
	ck_assert_double_eq_tol(st->batch_at[3], 6 * 24 + 15, 1e-12);
	st = &m->steps[1];
	ck_assert(st->has_batch && st->n_batch_at == 0);
	ck_assert_int_eq(st->batch_size, 20);
	ck_assert_double_eq_tol(st->batch_max_wait, 4, 1e-12);
	st = &m->steps[2];
	ck_assert_int_eq(st->batch_size, 0);
	ck_assert_double_eq_tol(st->batch_max_wait, 24, 1e-12);
	wf_model_free(m);
	wf_diag_fini(&d);
}
END_TEST


static Suite *
model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc;

#define ADD(name, fn) tc = tcase_create(name); tcase_add_test(tc, fn); tcase_set_timeout(tc, 30); \
	suite_add_tcase(s, tc)
	ADD("full-top", test_full_top);
	ADD("full-resources", test_full_resources);
	ADD("full-arrivals", test_full_arrivals);
	ADD("full-steps", test_full_steps);
	ADD("spec-example", test_spec_example);
	ADD("defaults-units", test_defaults_and_units);
	ADD("priorities", test_priorities);
	ADD("batches-pause", test_batches_and_pause);
	ADD("profile-aliases", test_profile_and_aliases);
	ADD("errors-all-reported", test_errors_all_reported);
	ADD("bounds", test_bounds);
	ADD("trace-model", test_trace_model);
	ADD("trace-reader-errors", test_trace_reader_errors);
	ADD("trace-million", test_trace_million);
#undef ADD
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(model_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
