/* The compiled model: one workflow as loaded from YAML, validated, with every name resolved
 * to an index.  Built once by wf_model_load and read-only afterwards; it owns all its memory.
 * Times are in the model's time unit; probabilities in [0, 1]. */
#ifndef WFSIM_MODEL_H
#define WFSIM_MODEL_H
#include <stddef.h>
#include <stdint.h>
#include "wfsim/units.h"
#include "wfsim/dist.h"
#include "wfsim/calendar.h"
#include "wfsim/diag.h"

/* Where a case goes next: a step, or the end with an outcome. */
struct wf_target {
	int step;		/* index into steps, or -1 for the end */
	int outcome;		/* index into outcomes when step == -1 */
};

struct wf_mark {
	int line, col;		/* 1-based position in the model file, for later messages */
};

struct wf_calendar {
	char *id;
	struct wf_weekly open;	/* 1 while open, 0 while closed */
	/* `holidays:`: closed all day, midnights in model time, increasing; the pools on this
	 * calendar (and arrivals that name it) have them merged into their own */
	double *holiday;
	size_t n_holidays;
	struct wf_mark mark;
};

struct wf_resource {
	char *id;
	int capacity;		/* servers; WF_UNLIMITED for unlimited */
	int calendar;		/* index into calendars or -1 */
	int has_shifts;
	/* Servers available over the week: capacity while the calendar is open, or the shifts'
	 * capacities (then `capacity` is the largest of them); a constant `capacity` with
	 * neither.  For an unlimited pool: 1 while its calendar is open, 0 while closed. */
	struct wf_weekly servers;
	int is_machine;		/* kind: machine; its busy time is not human touch time */
	double cost_per_hour;	/* per server-hour: scheduled (roster) or busy (touch) */
	double overtime_cost_per_hour;	/* per overtime server-hour; NaN: cost_per_hour */
	int at_close_pause;	/* `at_close: pause`: work in progress stops when the servers
				 * go, keeps its server and resumes at the next opening */
	/* `holidays:`: days the pool is closed, as the model times of their midnights,
	 * increasing; each closes [holiday[i], holiday[i] + one day).  The pool's own, its
	 * calendar's and its shifts', merged at load time */
	double *holiday;
	size_t n_holidays;
	uint64_t site;		/* wf_rng_site(id) */
	struct wf_mark mark;
};
#define WF_UNLIMITED (-1)

/* A case attribute drawn once per case at arrival: categorical (a value out of `values`) or
 * numeric (a number drawn from `dist`). */
struct wf_attribute {
	char *name;
	size_t n_values;
	char **values;
	double *p;		/* probability of each value, sums to 1 */
	uint64_t site;		/* wf_rng_site(name) */
	struct wf_mark mark;
	int numeric;		/* 1: a number from dist; values and p are unused (n_values 0) */
	struct wf_dist dist;	/* numeric */
	/* numeric, `segments:`: bounds b[0] < b[1] < ... binning the values into
	 * n_seg_bounds + 1 segments, value x in the segment of the bounds <= x; none: 0, NULL */
	double *seg_bound;
	size_t n_seg_bounds;
};

/* How a condition compares: a categorical attribute equals a value (WF_CMP_IS), or a
 * numeric one compares with a number. */
enum wf_cmp { WF_CMP_IS, WF_CMP_LT, WF_CMP_LE, WF_CMP_GT, WF_CMP_GE, WF_CMP_EQ };

/* One condition of a `when:` map: attribute `attr` equals value `value` (WF_CMP_IS), or
 * attribute `attr` (numeric) `op` the number x. */
struct wf_condition {
	int attr, value;
	enum wf_cmp op;
	double x;
};

struct wf_route_entry {
	double p;			/* probabilistic routes */
	struct wf_condition *when;	/* condition routes: all must hold; n_when == 0 for else */
	size_t n_when;
	int is_else;
	int rework;			/* `rework: true`: taking this entry counts as rework */
	struct wf_target to;
	struct wf_curve *p_curve;	/* `p: { ramp }`; then p is its average (see below) */
};

/* What an outcome means for the customer (the model's `outcomes:` map): an outcome the map
 * does not name is resolved; loop_limit is unresolved. */
enum wf_outcome_kind { WF_OUTCOME_RESOLVED, WF_OUTCOME_ABANDONED, WF_OUTCOME_UNRESOLVED };
extern const char *const wf_outcome_kind_names[3];	/* "resolved", "abandoned", "unresolved" */

enum wf_route_kind { WF_ROUTE_NONE, WF_ROUTE_PROBABILITY, WF_ROUTE_CONDITION, WF_ROUTE_CLASSIFY };

/* `route: { classify: ... }`: an AI that flags cases, judged against a categorical attribute
 * that says what each case truly is.  A case whose `truth` is `positive` is flagged with
 * probability `sensitivity`, any other with probability `false_alarm`; flagged cases take
 * route entry 0, cleared ones entry 1. */
struct wf_classify {
	int truth;		/* categorical attribute */
	int positive;		/* its value that the classifier should flag */
	double sensitivity, false_alarm;
};

/* `duration: { by: ATTRIBUTE, ... }`: a duration that depends on the case.  For a
 * categorical attribute, one distribution per value (d[value], n = n_values); for a numeric
 * one, the attribute's value times one draw of d[0] (n = 1: the time per unit). */
struct wf_duration_by {
	int attr;
	size_t n;
	struct wf_dist *d;
};

/* A probability that depends on the case: piecewise linear through (x[i], y[i]), x strictly
 * increasing, flat beyond the first and last points; x is numeric attribute `attr`'s value
 * (a calibration curve: the AI's confidence to its real error rate), or with attr ==
 * WF_CURVE_TIME the simulated time since the start (a ramp: adoption, an AI improving). */
#define WF_CURVE_TIME (-1)
struct wf_curve {
	int attr;
	size_t n;
	double *x, *y;		/* y in [0, 1] */
	struct wf_mark mark;
};

struct wf_step {
	char *id;
	uint64_t site;		/* wf_rng_site(id): the same id draws the same numbers in any model */
	int resource;		/* index into resources, or -1: autonomous, unlimited concurrency */

	int has_max_wait;
	struct wf_dist max_wait;
	struct wf_target on_timeout;

	int has_duration;	/* without one the step takes zero time */
	struct wf_dist duration;
	double cost;		/* per execution */

	double exception_p;	/* 0 when absent */
	struct wf_target exception_to;

	double error_p;		/* 0 when absent */

	int has_review;
	double catch_p, false_alarm_p;
	struct wf_target on_catch;

	enum wf_route_kind route_kind;
	struct wf_route_entry *route;
	size_t n_route;
	struct wf_target next;	/* used when route_kind == NONE: next/end/fall-through resolved */

	int escalation;
	int decision;		/* `decision: true`: the case is decided here (first visit) */
	int clears_defects;	/* `clears_defects: true`: its work, unless it fails with an
				 * exception, clears a carried defect before its own error draw */
	int max_visits;		/* default 100 */
	/* `priority:`: which waiting visit a pool serves first, highest first, FIFO within a
	 * priority.  With priority_by NULL every visit has `priority`; otherwise a visit has
	 * priority_by[the case's value of attribute priority_attr] (0 for values not listed). */
	int priority;
	int priority_attr;
	int *priority_by;
	/* `batch:`: visits are held at the step until a release, then queue for the pool (or
	 * start, without one).  Timed: releases at the week positions batch_at[0..n_batch_at)
	 * (model units from Monday 00:00, increasing).  Otherwise when batch_size are held
	 * (0: no such rule) or the first held has waited batch_max_wait (INFINITY: none). */
	int has_batch;
	double *batch_at;
	size_t n_batch_at;
	long batch_size;
	double batch_max_wait;
	struct wf_mark mark;
	/* `error: { by, curve }`: the error probability of a case from its attribute; NULL for
	 * a constant error_p.  With a curve, error_p holds the curve's mean over the attribute's
	 * distribution (what check uses). */
	struct wf_curve *error_curve;
	/* `duration: { by, ... }`; NULL otherwise.  With it, duration is a constant at the
	 * duration's mean over the attribute (what check uses). */
	struct wf_duration_by *duration_by;
	/* `{ ramp: ... }` in place of exception.p, review.catch, review.false_alarm (error's
	 * ramp is an error_curve over WF_CURVE_TIME); NULL for constants.  With a ramp, the
	 * constant field holds the ramp's average over the model's measured window
	 * [warm-up, horizon) (what check uses). */
	struct wf_curve *exception_curve, *catch_curve, *false_alarm_curve;
	struct wf_classify *classify;	/* route_kind == WF_ROUTE_CLASSIFY; else NULL */
};

enum wf_arrival_kind { WF_ARRIVE_INTERARRIVAL, WF_ARRIVE_RATE, WF_ARRIVE_PROFILE, WF_ARRIVE_TRACE };

struct wf_arrivals {
	enum wf_arrival_kind kind;
	struct wf_dist interarrival;	/* INTERARRIVAL; RATE is stored here too as exponential */
	double rate;			/* mean arrivals per time unit: RATE as given, 1 / mean
					 * interarrival, the profile's weekly mean, or for TRACE
					 * n_trace / last arrival time (0 if that is 0) */
	struct wf_weekly profile;	/* PROFILE: rate per time unit over the week */
	char *trace_file;		/* TRACE: path as resolved against the model file; columns
					 * of the trace that the model does not declare become
					 * attributes with the frequencies seen */
	double *trace_at;		/* TRACE: arrival times, sorted, n_trace of them */
	int *trace_values;		/* TRACE: n_trace * n_attributes value indices, -1 = draw */
	double *trace_numbers;		/* TRACE: n_trace * n_attributes numbers of numeric
					 * attributes, NaN = draw; NULL when none is numeric */
	size_t n_trace;
	long limit;			/* at most this many cases; -1 without a limit */
	double *holiday;		/* `holidays:`: days without arrivals (not for a trace), as */
	size_t n_holidays;		/* for a resource; given as dates or a calendar's */
	int rate_unitless;		/* RATE given as a bare number: per time unit */
	struct wf_mark mark;		/* the `arrivals` key's value */
};

struct wf_backlog {
	int step;
	long count;
};

/* The `economics:` block.  has_* says which of the keys that the other model of a
 * comparison may supply were given (compare takes a missing one from the other side). */
struct wf_economics {
	int present;
	double one_off, per_month;
	char *currency;		/* NULL when not given */
	int has_per_escaped_error, has_per_abandoned_case, has_months, has_discount_rate;
	double per_escaped_error;	/* per error that reaches a customer */
	double per_abandoned_case;	/* per case that ends with an abandoned outcome */
	long months;			/* appraisal period; 36 when not given */
	double discount_rate;		/* per year, as a fraction (8% -> 0.08); 0 when not given */
	struct wf_mark mark;	/* the `economics` block */
};
#define WF_ECON_MONTHS 36

/* Each replication keeps its results (about 20 kB) until all are summarised, so their number
 * is bounded: 10000 replications already pin the 95% intervals far below any model's error. */
#define WF_MAX_REPLICATIONS 10000
#define WF_STR_(x) #x
#define WF_STR(x) WF_STR_(x)

/* The `simulation:` block; has_* says which keys the model gave. */
struct wf_sim_defaults {
	int has_horizon, has_warmup, has_replications, has_seed, has_drain;
	double horizon, warmup, drain;
	long replications;
	uint64_t seed;
};

struct wf_model {
	char *file;		/* path as given */
	char *name;
	enum wf_time_unit unit;
	double start_epoch;	/* clock zero, seconds since the Unix epoch (UTC) */
	double week_offset;	/* where the clock zero falls in the week, in model units */
	int has_sla;
	double sla;
	struct wf_sim_defaults sim;

	struct wf_calendar *calendars;	size_t n_calendars;
	struct wf_resource *resources;	size_t n_resources;
	struct wf_attribute *attributes; size_t n_attributes;
	struct wf_step *steps;		size_t n_steps;
	struct wf_backlog *backlog;	size_t n_backlog;
	struct wf_arrivals arrivals;
	struct wf_economics economics;
	/* Outcome names; outcome 0 is always "done" and 1 "loop_limit", others as the model names
	 * them in order of first appearance; outcome_kind[i] says what outcome i means. */
	char **outcomes;		size_t n_outcomes;
	enum wf_outcome_kind *outcome_kind;
	int has_decision;		/* some step has `decision: true` */
	int has_numeric;		/* some attribute is numeric */
};
#define WF_OUTCOME_DONE 0
#define WF_OUTCOME_LOOP_LIMIT 1

/* Loads and validates the model in `path`.  Every problem found goes into diag (errors and
 * warnings, located).  Returns the model, or NULL when there was at least one error (diag then
 * says why).  The caller frees the model with wf_model_free. */
struct wf_model *wf_model_load(const char *path, struct wf_diag *diag);
/* The same from a string in memory; `name` is used as the file name in messages and trace
 * paths are resolved against the current directory. */
struct wf_model *wf_model_load_string(const char *text, size_t len, const char *name, struct wf_diag *diag);
void wf_model_free(struct wf_model *m);

/* The window (horizon minus warm-up) when the model and the command line give no horizon:
 * four whole weeks, so that every weekday counts the same; in model units. */
double wf_model_default_window(const struct wf_model *m);

/* Index of the step / resource / outcome named `id`, or -1. */
int wf_model_step(const struct wf_model *m, const char *id);
int wf_model_resource(const struct wf_model *m, const char *id);
/* The distinct priorities of the visits that can wait for pool r, highest first, in an array
 * the caller frees; *n receives their number (1, the priority 0, when no step gives one). */
int *wf_model_priority_levels(const struct wf_model *m, size_t r, size_t *n);
int wf_model_outcome(const struct wf_model *m, const char *name);
/* Index of outcome `name`, added at the end (as resolved; loop_limit as unresolved) if the
 * model does not have it yet (for builders of models: the loader, and tests that build
 * models in C). */
int wf_model_outcome_add(struct wf_model *m, const char *name);

#endif
