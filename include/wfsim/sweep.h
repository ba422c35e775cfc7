/* Sweeps: one paired comparison per value of one or two varied model values (`--vary
 * PATH=LIST|FROM:TO:STEP`), all on the same seeds so that neighbouring points share common
 * random numbers; the break-even where a difference crosses zero; and a target ("the fewest
 * agents that keep 90% within the SLA") found by bisection over a monotone range. */
#ifndef WFSIM_SWEEP_H
#define WFSIM_SWEEP_H
#include <stdio.h>
#include "wfsim/override.h"
#include "wfsim/results.h"
#include "wfsim/table.h"

#define WF_SWEEP_MAX_VALUES 1000	/* values of one --vary */
#define WF_SWEEP_MAX_POINTS 1000	/* points of the grid */

enum wf_sweep_side { WF_SWEEP_TO_BE, WF_SWEEP_AS_IS, WF_SWEEP_BOTH };

/* One varied value: which side(s) it changes, its path and its values in the order given. */
struct wf_sweep_var {
	enum wf_sweep_side side;
	char *path;
	char **value;		/* YAML text of each value */
	char **text;		/* "PATH=VALUE" of each, for wf_model_load_set */
	double *x;		/* each value's number, for plots and interpolation (NaN: none) */
	size_t n;
	int numeric;		/* every x is finite */
};

enum wf_sweep_op { WF_OP_GE, WF_OP_LE, WF_OP_GT, WF_OP_LT };

/* `--target "METRIC OP VALUE"`, on the varied side's figures (the to-be's for `both:`). */
struct wf_sweep_target {
	int metric;		/* index into wf_metrics */
	enum wf_sweep_op op;
	char *value_text;
	double value;		/* in the figure's own unit (model time unit, share, ...) */
};

enum wf_point_state { WF_PT_PENDING, WF_PT_DONE, WF_PT_OVERLOADED };

struct wf_sweep_point {
	size_t i[2];		/* index of the value of var[0] and var[1] */
	enum wf_point_state state;
	struct wf_comparison c;	/* filled when state is WF_PT_DONE */
};

/* Where a difference crosses zero between two neighbouring simulated points, interpolated
 * linearly; lo and hi where the 95% band's edges cross (NaN: not within the range). */
struct wf_break_even {
	int found;
	double x, lo, hi;
};

struct wf_sweep {
	struct wf_sweep_var var[2];
	size_t n_vars;
	struct wf_sweep_point *pt;	/* var[0] major */
	size_t n_pts;
	int has_target;
	struct wf_sweep_target target;
	long found, neighbour;	/* point meeting the target at the boundary, and the one beside
				 * it that does not; -1 when none */
	int every;		/* every point tried meets the target */
	int largest;		/* the points up to found meet it (else those from found on) */
	long lo, hi;		/* bisection bracket (points), -1 before it starts */
	int searching;
	struct wf_break_even time_saved, net_saving;
	/* When no --vary touches the as-is, it is simulated once: every point's c.as_is is then
	 * a copy of this run, which wf_sweep_fini frees once. */
	int as_is_shared;
	struct wf_run as_is;
};

/* Parses "[as-is:|both:]PATH=V1,V2,..." or "...PATH=FROM:TO:STEP" into v (zeroed first).  0,
 * or -1 with the reason in err. */
int wf_sweep_var_parse(struct wf_sweep_var *v, const char *text, char *err, size_t errlen);
/* Frees what wf_sweep_var_parse allocated in v and zeroes it. */
void wf_sweep_var_fini(struct wf_sweep_var *v);
/* Parses "METRIC OP VALUE" (OP one of >= <= > <; spaces optional); times with units are read
 * in unit.  0, or -1 with err. */
int wf_sweep_target_parse(struct wf_sweep_target *t, const char *text, enum wf_time_unit unit,
			  char *err, size_t errlen);
/* 1 if no varied value changes the as-is (its run is then the same at every point). */
int wf_sweep_as_is_fixed(const struct wf_sweep *s);
/* Builds the grid of s->var[0..n_vars) (set before).  0, or -1 with err (too many points). */
int wf_sweep_init(struct wf_sweep *s, char *err, size_t errlen);
void wf_sweep_fini(struct wf_sweep *s);
/* The overrides of point k for one side (0 as-is, 1 to-be): the matching vary values. */
size_t wf_sweep_overrides(const struct wf_sweep *s, size_t k, int side, struct wf_override *out);
/* The next point to simulate, or -1 when the sweep is done.  Without a target every point in
 * order; with one, the ends of the range and then bisection towards the boundary between
 * the points that meet it and those that do not (met assumed monotone along the range).
 * The caller sets the point's state (and c) before asking again. */
long wf_sweep_next(struct wf_sweep *s);
/* 1 if simulated point p meets the target. */
int wf_sweep_met(const struct wf_sweep *s, const struct wf_sweep_point *p);
/* The varied side's run of point p (the to-be's unless the variable is as-is only). */
const struct wf_run *wf_sweep_side_run(const struct wf_sweep *s, const struct wf_sweep_point *p);
/* After the last point: the target's result and the break-evens (one varied value only). */
void wf_sweep_finish(struct wf_sweep *s);

/* Outputs.  The JSON: settings, "vary", "points": [{ "set": {PATH: value}, "state",
 * "difference", "as_is", "to_be", "economics" }], "target", "break_even".  0 or -1. */
int wf_sweep_write_json(const struct wf_sweep *s, FILE *out);
/* CSV: one row per point, side and metric: the set values, side, metric, mean, ci95. */
int wf_sweep_write_csv(const struct wf_sweep *s, FILE *out);
/* A row per point: the set values, then time per case and its 90th percentile, errors
 * reaching customers (differences), the target figure (or the SLA) and the net saving. */
void wf_table_sweep(struct wf_table *t, const struct wf_sweep *s);
/* The target and break-even in sentences, into buf (empty when there is none). */
void wf_sweep_summary(const struct wf_sweep *s, char *buf, size_t len);
/* Draws sweep.{dat,gp,png,svg} in dir: each key difference against the varied value with its
 * 95% band (one line per value of the second variable), the break-even marked.  0, or -1
 * with err (the .dat and .gp are written even without gnuplot). */
int wf_sweep_plot(const struct wf_sweep *s, const char *dir, char *err, size_t errlen);
/* A self-contained HTML page: the summary, the table, and the plot inline when dir holds it
 * (dir may be NULL).  0, or -1 with err. */
int wf_sweep_report(const struct wf_sweep *s, const char *plots_dir, const char *path, char *err,
		    size_t errlen);

#endif
