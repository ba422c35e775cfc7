/* The money of a comparison and what the redesign changes in the process: roster and touch
 * costs, step, error, abandonment and running costs per year, freed capacity in hours and
 * FTE, net saving, payback, net present value and ROI; and the structural difference of the
 * two models (steps added, removed, kept; staffing per pool; human minutes per step).
 * docs/metrics.md gives every formula. */
#ifndef WFSIM_ECONOMICS_H
#define WFSIM_ECONOMICS_H
#include <stddef.h>
#include "wfsim/model.h"
#include "wfsim/sim.h"
#include "wfsim/stats.h"

#define WF_DAYS_PER_YEAR 365.25

enum { WF_ECON_ROSTER, WF_ECON_TOUCH, WF_ECON_STEPS, WF_ECON_ERRORS, WF_ECON_ABANDON };

/* One pool of one model.  Per-replication arrays have `reps` values. */
struct wf_econ_pool {
	char *id;
	int is_machine, unlimited;
	double capacity;		/* the most servers at once; NaN for an unlimited pool */
	double sched_hours_week;	/* scheduled server-hours per week; NaN for unlimited */
	double open_hours_week;		/* hours per week with the pool open */
	double fte_hours_year;		/* one server's scheduled hours per year: one FTE */
	double cost_per_hour, overtime_cost_per_hour;
	double *hours;			/* busy hours per arriving case */
	double *roster;			/* roster cost per year */
	struct wf_summary hours_s;	/* summary of `hours` */
};

/* One step of one model: its human minutes per arriving case (0 when no human pool). */
struct wf_econ_step {
	char *id;
	char *pool;			/* the resource's id, NULL for an autonomous step */
	int human;
	struct wf_summary minutes;
};

/* What a model's economics needs from a run, per replication and per year at the model's
 * arrival rate.  Built by wf_econ_build, owned by the run (wf_run.econ). */
struct wf_econ {
	long reps;
	double arrivals_per_year;	/* NaN when the capacity analysis gave no rate */
	struct wf_econ_pool *pools;	size_t n_pools;
	struct wf_econ_step *steps;	size_t n_steps;
	/* per replication, per year: roster cost (all pools), its machine part, human touch
	 * cost, step costs, escaped errors and abandoned cases (counts) */
	double *roster, *roster_machine, *touch, *step_cost, *escaped, *abandoned;
	struct wf_economics block;	/* the model's `economics` (currency owned here) */
};

/* Builds e from model m and the replications res[0..reps) of its run; arrivals_per_day is
 * the model's mean arrival rate (NaN when unknown: then every per-year figure is NaN). */
void wf_econ_build(struct wf_econ *e, const struct wf_model *m, const struct wf_rep_result *res,
		   long reps, double arrivals_per_day);
void wf_econ_fini(struct wf_econ *e);

/* Freed capacity of one human pool (as-is minus to-be). */
struct wf_econ_freed {
	char *id;
	double fte_hours_year;		/* the FTE it is counted in */
	struct wf_summary hours, fte;	/* per year */
};

/* A step of the process difference: present in the as-is, the to-be, or both. */
struct wf_pdiff_step {
	char *id;
	int in_as_is, in_to_be;
	char *pool_as_is, *pool_to_be;	/* NULL: autonomous or absent */
	double minutes_as_is, minutes_to_be;	/* human minutes per case; NaN when absent */
};

/* Staffing of a pool on each side (NaN where a side does not have it). */
struct wf_pdiff_pool {
	char *id;
	int is_machine, unlimited;
	int in_as_is, in_to_be;
	double capacity_as_is, capacity_to_be;
	double hours_week_as_is, hours_week_to_be;	/* scheduled server-hours per week */
	double fte_as_is, fte_to_be;	/* scheduled hours over the as-is FTE (else the to-be's) */
};

/* The money and the process difference of a comparison (wf_comparison.econ). */
struct wf_econ_cmp {
	int built;			/* 0 for results read back from JSON without it */
	char *currency;			/* NULL when neither model names one */
	int count_freed_time;		/* --count-freed-time */
	int common_random_numbers;
	/* why money figures are not valid (an overloaded side, censored cases), or NULL */
	char *not_valid;
	double per_escaped_error, per_abandoned_case, one_off, discount_rate;
	long months;
	/* [0] as-is, [1] to-be; per year */
	struct wf_summary roster[2], touch[2], step_cost[2], error_cost[2], abandon_cost[2];
	double running[2];
	struct wf_summary cost[2];	/* what counts: labour + steps + errors + abandonment + running */
	/* to-be minus as-is, paired by replication: roster, touch, step, escaped-error and
	 * abandonment costs (the order of WF_ECON_ROSTER ...) */
	struct wf_summary delta[5];
	struct wf_summary freed_hours, freed_fte;
	struct wf_econ_freed *freed;	size_t n_freed;
	struct wf_summary net_saving;	/* as-is cost - to-be cost, paired by replication */
	double payback_months;		/* one_off / monthly saving; NaN: never */
	struct wf_summary npv, roi;	/* roi NaN when one_off is 0 */
	/* process difference */
	struct wf_pdiff_step *pd_steps;	size_t n_pd_steps;
	struct wf_pdiff_pool *pd_pools;	size_t n_pd_pools;
};

/* Computes the comparison's economics and process difference from both sides' wf_econ.  The
 * runs' `overloaded` flags and censored counts decide not_valid. */
struct wf_run;
void wf_econ_compare(struct wf_econ_cmp *out, const struct wf_run *as_is, const struct wf_run *to_be,
		     int common_random_numbers, int count_freed_time);
void wf_econ_cmp_fini(struct wf_econ_cmp *c);

/* Net present value of a monthly saving over `months` at an annual discount rate, after an
 * investment of one_off at month 0: -one_off + monthly x sum_{k=1..months} (1+i)^-k with
 * i = (1 + rate)^(1/12) - 1. */
double wf_econ_npv(double monthly, double one_off, long months, double annual_rate);
/* The annuity factor sum_{k=1..months} (1+i)^-k of the same. */
double wf_econ_annuity(long months, double annual_rate);
/* Months until the saving repays one_off: one_off / monthly; NaN when monthly <= 0. */
double wf_econ_payback(double monthly, double one_off);

#endif
