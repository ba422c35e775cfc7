/* The figures a person reads: the headline of a comparison and the full metric tables, as
 * rows of formatted strings (numbers in readable units), so the terminal printer and the HTML
 * report show the same words and numbers. */
#ifndef WFSIM_TABLE_H
#define WFSIM_TABLE_H
#include <stdio.h>
#include <stddef.h>
#include "wfsim/results.h"

#define WF_TABLE_CELLS 5	/* cells of a row, beside its label */

struct wf_row {
	char label[64];
	char cell[WF_TABLE_CELLS][96];	/* run: value ± ci, unit; compare: as-is, to-be, change,
					 * ci/significance; per-item tables: one per column */
	int emphasis;		/* a headline figure the redesign is judged by */
};

struct wf_table {
	char title[96];
	char head[WF_TABLE_CELLS + 1][32];	/* column headings, head[0] over the labels */
	size_t n_cols;		/* cells used per row */
	struct wf_row *rows;
	size_t n, cap;
};

/* The headline block of a comparison, what finance and operations ask: time per case (mean,
 * p90), human touch time, sustainable throughput, resolution, abandonment, escalation, errors
 * reaching customers, resolved (decided) without a human, the SLA; then FTE freed, roster
 * and error cost per year, net saving per year, payback and net present value (c->econ).
 * When a side is overloaded (wf_run.overloaded) an OVERLOADED row comes first, and the money
 * lines say "not valid" instead of a figure (also when a side has censored cases). */
void wf_table_headline(struct wf_table *t, const struct wf_comparison *c);
/* The money per year of a comparison (c->econ): roster, touch, step, escaped-error,
 * abandonment and running costs per side, freed hours and FTE per pool, net saving, payback,
 * net present value and ROI.  Empty when c->econ is not built. */
void wf_table_economics(struct wf_table *t, const struct wf_comparison *c);
/* The process difference: per step kept/added/removed, its resource on each side and its
 * human minutes per case; per pool the scheduled servers, hours per week and FTE. */
void wf_table_process_steps(struct wf_table *t, const struct wf_comparison *c);
void wf_table_process_pools(struct wf_table *t, const struct wf_comparison *c);
/* Every metric of a comparison: as-is, to-be, difference with 95% CI, relative change. */
void wf_table_compare(struct wf_table *t, const struct wf_comparison *c);
/* Every metric of one run: mean ± CI and unit; then per resource and per step tables. */
void wf_table_run(struct wf_table *t, const struct wf_run *run);
void wf_table_resources(struct wf_table *t, const struct wf_comparison *c);	/* side by side */
/* Resources of one run: utilisation of scheduled hours, mean queue, busy hours, overtime. */
void wf_table_run_resources(struct wf_table *t, const struct wf_run *run);
/* Outcomes of one run (kind, share, share decided without a human), and side by side. */
void wf_table_run_outcomes(struct wf_table *t, const struct wf_run *run);
void wf_table_outcomes(struct wf_table *t, const struct wf_comparison *c);
void wf_table_steps(struct wf_table *t, const struct wf_run *run);
/* The weekly operating metrics (by arrival week): for a single run (c->as_is.replications
 * == 0) cases, resolved, resolved without a human, escaped errors and mean cycle time with
 * their intervals; for a comparison the to-be's cases, as-is -> to-be for the rates and the
 * cycle time, and the cycle time's paired change with its interval.  No rows without weeks. */
void wf_table_weekly(struct wf_table *t, const struct wf_comparison *c);
/* The segments (metrics.h): for a single run (c->as_is.replications == 0) each segment's
 * cycle time (mean, p90), touch time, escalated and within the SLA with their intervals; for
 * a comparison, the segments both runs have, as-is -> to-be, and the paired change of the
 * mean cycle time with its interval.  No rows without segments. */
void wf_table_segments(struct wf_table *t, const struct wf_comparison *c);
/* The classifier routes' confusion matrices (caught, missed, false alarms per replication,
 * observed sensitivity and false-alarm rate), each side's; no rows without classifiers. */
void wf_table_classifiers(struct wf_table *t, const struct wf_comparison *c);
void wf_table_fini(struct wf_table *t);
/* Prints t aligned in columns; 0 or -1 on a write error. */
int wf_table_print(const struct wf_table *t, FILE *out);

/* A time in model units written in the most readable unit: seconds below a minute, minutes
 * below two hours, hours below three days, else days: "35 min", "50 h", "3.1 d". */
void wf_format_time(double t, double unit_minutes, char *buf, size_t len);
/* A span of simulated time: whole days as days ("2 d"), others as wf_format_time. */
void wf_format_span(double t, double unit_minutes, char *buf, size_t len);
/* Whether the 95% interval ci of a time t is worth showing beside it: finite and above a
 * billionth of t.  Below that it is the rounding of the clock's arithmetic (a constant
 * duration read back as end minus start), not variation: "7 min", never "7 ± 2.4e-15 min". */
int wf_time_ci_shown(double t, double ci);

#endif
