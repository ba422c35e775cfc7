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

/* The headline block of a comparison: time saved per case, p90 before/after, touch time saved,
 * throughput and sustainable throughput, escalation and escaped errors, cost per case, yearly
 * hours and cost saved, payback and first-year return when the to-be has economics.  When a
 * side is overloaded (wf_run.overloaded) an OVERLOADED row comes first, and the yearly
 * savings and payback say "not valid" instead of a figure. */
void wf_table_headline(struct wf_table *t, const struct wf_comparison *c);
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
void wf_table_fini(struct wf_table *t);
/* Prints t aligned in columns; 0 or -1 on a write error. */
int wf_table_print(const struct wf_table *t, FILE *out);

/* A time in model units written in the most readable unit: seconds below a minute, minutes
 * below two hours, hours below three days, else days: "35 min", "50 h", "3.1 d". */
void wf_format_time(double t, double unit_minutes, char *buf, size_t len);

#endif
