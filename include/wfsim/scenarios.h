/* Several scenarios against one base: `wfsim compare BASE A B ...` runs every model on the
 * same common random numbers and pairs each with the base, replication by replication. */
#ifndef WFSIM_SCENARIOS_H
#define WFSIM_SCENARIOS_H
#include <stdio.h>
#include "wfsim/results.h"
#include "wfsim/table.h"

struct wf_scenarios {
	struct wf_run base;		/* owned */
	struct wf_comparison *cmp;	/* n of them; cmp[i].as_is is a copy of base, not owned */
	size_t n;
	int common_random_numbers;
	struct wf_warnings warnings;	/* the base's once ("base: "), then each scenario's */
};

/* Frees what s owns (base once). */
void wf_scenarios_fini(struct wf_scenarios *s);
/* Collects s->warnings from the base and each scenario: call once all are warned. */
void wf_scenarios_gather_warnings(struct wf_scenarios *s);
/* JSON: settings and warnings as a comparison's, "base": a run object, "scenarios": [ { "to_be":
 * a run object, "difference": {...}, "economics": {...}, "process_diff": {...} } ] in the
 * order given.  0, or -1 on a write error. */
int wf_scenarios_write_json(const struct wf_scenarios *s, FILE *out);
/* CSV: model,replication,metric,value rows, the base's first.  0 or -1. */
int wf_scenarios_write_csv(const struct wf_scenarios *s, FILE *out);
/* Every metric of the base and of scenarios [from, from + 4) (fewer at the end): the value,
 * and beside it the paired difference from the base with its 95% interval; then the money
 * per year when the comparisons have it.  Tables of four scenarios fit a terminal. */
void wf_table_scenarios(struct wf_table *t, const struct wf_scenarios *s, size_t from);
#define WF_SCENARIOS_PER_TABLE 4
/* A self-contained HTML page: the tables above, then each scenario's headline against the
 * base.  0, or -1 with err. */
int wf_report_html_scenarios(const struct wf_scenarios *s, const char *path, char *err, size_t errlen);

#endif
