/* Results of a run or a comparison, summarised across replications: what `wfsim run` and
 * `wfsim compare` print, write as JSON or CSV, and what `wfsim plot` reads back from JSON to
 * draw again.  It holds names as strings, not model indices, so it stands without the model. */
#ifndef WFSIM_RESULTS_H
#define WFSIM_RESULTS_H
#include <stdio.h>
#include "wfsim/sim.h"
#include "wfsim/stats.h"
#include "wfsim/economics.h"

#define WF_CDF_POINTS 101	/* cycle-time quantiles at 0%, 1%, ..., 100% */

/* Warnings that go with results: printed with them, written to the JSON's top-level
 * `warnings` (a list of strings) and read back, shown on the report.  The list owns its
 * strings; a zeroed list is empty. */
struct wf_warnings {
	char **msg;
	size_t n;
};

/* Appends one warning, formatted like printf (one sentence, no trailing newline). */
void wf_warnings_add(struct wf_warnings *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void wf_warnings_fini(struct wf_warnings *w);

/* A named per-item figure (per step, resource or outcome) across replications. */
struct wf_item {
	char *id;
	int is_machine;		/* resources only */
	int no_resource;	/* steps only: 1 when the step needs no resource, so its service
				 * time is neither waiting for staff nor staff working (a
				 * customer sending documents, an automatic step) */
	int kind;		/* outcomes only: enum wf_outcome_kind, -1 when not known */
	struct wf_summary s[4];	/* steps: visits, wait, service; resources: utilization, queue,
				 * busy hours, overtime hours; outcomes: share, share of its
				 * cases decided without a human */
};

struct wf_run {
	char *model_name, *model_file;
	char *time_unit;	/* "minutes" ... */
	double unit_minutes;
	double horizon, warmup;
	double drain;		/* model units: how long past the horizon the cohort may take */
	double window_days;	/* mean length of the time-based figures' window (NaN unknown) */
	long replications;
	unsigned long long seed;
	int has_sla;

	struct wf_summary metric[WF_M_COUNT];
	double *rep;		/* replications x WF_M_COUNT, replication-major */
	struct wf_item *steps, *resources, *outcomes;
	size_t n_steps, n_resources, n_outcomes;

	double cycle_cdf[WF_CDF_POINTS];	/* quantiles of all replications' cycle times pooled */
	double wip_mean[WF_WIP_SAMPLES], wip_lo[WF_WIP_SAMPLES], wip_hi[WF_WIP_SAMPLES];
					/* mean across replications and the 10%-90% band */
	/* From the capacity analysis (NaN when unknown): arrivals per day, the highest
	 * sustainable arrivals per day. */
	double arrivals_per_day, max_per_day;
	/* Economics of the model (present = 0 when none). */
	int has_economics;
	double one_off, per_month;
	char *currency;
	/* Set after wf_run_build (which starts them empty): 1 when the model was simulated
	 * overloaded (--allow-overload), so its figures depend on the horizon; and what the
	 * output must say alongside the figures (overload, censored cases, ...). */
	int overloaded;
	struct wf_warnings warnings;
	/* What the economics needs per replication (wf_econ_build); NULL when read back from
	 * JSON. */
	struct wf_econ *econ;
	/* Weekly operating metrics by arrival week (metrics.h): n_weeks weeks, week 1 starting
	 * at week_start (seconds since the epoch; NaN when unknown); their summaries across
	 * replications, and each replication's values (replications x n_weeks x WF_W_COUNT,
	 * NULL when read back from JSON). */
	size_t n_weeks;
	double week_start;
	struct wf_summary weekly[WF_MAX_WEEKS][WF_W_COUNT];
	double *weekly_rep;	/* Classifier routes (route: { classify }): per such step, across replications, the
	 * confusion counts of the cohort's visits (caught, missed, false alarms, cleared, as
	 * enum WF_CM_*) and the observed sensitivity and false-alarm rate; not read back. */
	struct wf_classifier_fig {
		char *id;
		struct wf_summary s[WF_CM_COUNT + 2];
	} *classifiers;
	size_t n_classifiers;
	/* Segments (metrics.h): n_segments names "attr=value", their summaries across
	 * replications (n_segments x WF_M_COUNT, the metrics of wf_segment_metrics), and each
	 * replication's values (replications x n_segments x WF_M_COUNT, NULL when read back
	 * from JSON).  No segments (0, NULL) for a model without categorical attributes. */
	size_t n_segments;
	char **segment_names;
	struct wf_summary *segment;
	double *segment_rep;
};

/* A segment both runs of a comparison have (the same name): its index in each and the
 * differences, to-be minus as-is, paired like diff (the metrics of wf_segment_metrics). */
struct wf_segment_diff {
	size_t a, b;
	struct wf_summary d[WF_M_COUNT];
};

struct wf_comparison {
	struct wf_run as_is, to_be;
	int common_random_numbers;
	struct wf_summary diff[WF_M_COUNT];	/* to-be minus as-is, paired (or Welch) */
	double relative[WF_M_COUNT];		/* diff mean / as-is mean; NaN when as-is is 0 */
	int significant[WF_M_COUNT];		/* the 95% interval excludes 0 */
	/* Weekly differences, to-be minus as-is, paired like diff: the weeks both runs have. */
	size_t n_weeks;
	struct wf_summary weekly_diff[WF_MAX_WEEKS][WF_W_COUNT];
	/* Segment differences, for the segments both runs have (none when read back). */
	struct wf_segment_diff *segment_diff;
	size_t n_segment_diff;
	/* The comparison's own warnings (the JSON's top-level list); the runs keep theirs. */
	struct wf_warnings warnings;
	/* Money and process difference: filled by wf_econ_compare once both runs are built and
	 * warned (econ.built = 0 until then, and for results read back from JSON). */
	struct wf_econ_cmp econ;
};

/* Summarises replications results[0..R) of model m run with settings set. */
void wf_run_build(struct wf_run *run, const struct wf_model *m, const struct wf_settings *set,
		  const struct wf_rep_result *results);
void wf_run_fini(struct wf_run *run);
/* Appends a warning to run->warnings, formatted like printf.  For example
 * wf_run_warn(run, "%ld cases were still open at the drain cap", n). */
void wf_run_warn(struct wf_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends each side's warnings to c->warnings, prefixed "as-is: " or "to-be: ": call it once
 * both runs are built and warned. */
void wf_comparison_gather_warnings(struct wf_comparison *c);
/* Fills the difference fields of c from c->as_is and c->to_be. */
void wf_comparison_diff(struct wf_comparison *c);
void wf_comparison_fini(struct wf_comparison *c);

/* Whether a run reports metric k (sla_attainment only with an sla). */
int wf_run_shows(const struct wf_run *run, size_t k);

/* JSON pieces the writers share: a string (escaped), a number (null when not finite), a
 * summary { mean, ci95, sd }, and the paired "difference": { metric: {..., relative,
 * significant} } of a comparison, its entries indented by ind plus two spaces. */
void wf_json_string(FILE *out, const char *s);
void wf_json_number(FILE *out, double x);
void wf_json_summary(FILE *out, const struct wf_summary *s);
void wf_json_difference(FILE *out, const struct wf_comparison *c, const char *ind);
/* The opening of a multi-run file: `{`, "wfsim_version" and, when run is not NULL, the start
 * of its "settings" (replications, seed, horizon, warmup), left open for the caller's own
 * settings and the closing ` },`. */
void wf_json_open_settings(FILE *out, const struct wf_run *run);

/* JSON per results-format.md (plus plot data under "plot").  0, or -1 on a write error. */
int wf_run_write_json(const struct wf_run *run, FILE *out);
int wf_comparison_write_json(const struct wf_comparison *c, FILE *out);
/* CSV: replication,metric,value rows (compare adds a model column). */
int wf_run_write_csv(const struct wf_run *run, FILE *out);
int wf_comparison_write_csv(const struct wf_comparison *c, FILE *out);

/* Reads JSON written by the functions above.  Returns 1 for a run (filled into c->to_be,
 * c->as_is left zeroed), 2 for a comparison, or -1 with located messages in diag. */
int wf_results_read_json(const char *path, struct wf_comparison *c, struct wf_diag *diag);

#endif
