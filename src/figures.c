/* The list of figures: the one place that says which figures exist.  tests/plot.sh reads the
 * names from the table below (one row a line, the name first), so keep that layout. */
#include <string.h>
#include "wfsim/figures.h"

const struct wf_figure wf_figures[] = {
	/* FIGURES BEGIN */
	{ "cycle-time", WF_FIG_ALWAYS, "Share of cases done within a given cycle time, all "
	  "replications pooled; dots mark the median (p50) and the 90th percentile (p90) as the "
	  "tables report them (the mean of the replications' percentiles)." },
	{ "kpis", WF_FIG_ALWAYS, "Key figures with 95% confidence intervals across replications; "
	  "touch time in its own panel and unit." },
	{ "time-saved", WF_FIG_PAIR, "Time saved per case in each replication (as-is minus to-be "
	  "mean cycle time, same random numbers), with the mean and its 95% confidence interval." },
	{ "where-time-goes", WF_FIG_ALWAYS, "Per step: waiting (light) and working (dark) time per "
	  "arriving case (visits times mean wait or service); the steps with the most time, the "
	  "rest summed as \"other\"." },
	{ "process", WF_FIG_PAIR, "Per step: human minutes per arriving case, as-is against to-be; "
	  "steps the redesign added or removed are marked in their labels." },
	{ "utilization", WF_FIG_ALWAYS, "Busy share of each resource's available time, with 95% "
	  "confidence intervals; a missing bar means the model has no such resource." },
	{ "wip", WF_FIG_ALWAYS, "Cases in the system over the simulated time: mean across "
	  "replications, shaded from the 10% to the 90% replication." },
	{ "weekly", WF_FIG_ALWAYS, "Operating metrics week by week, the cases grouped by the week "
	  "they arrived in: resolved, resolved without a human, escaped errors and mean cycle time, "
	  "as-is against to-be, with 95% confidence intervals across replications." },
	{ "sweep", WF_FIG_SWEEP, "Each key difference against the varied value, with its 95% band; "
	  "break-even and target marked." },
	{ "sweep-grid", WF_FIG_SWEEP_GRID, "Time saved and net saving at each pair of values of a "
	  "two-way sweep." },
	/* FIGURES END */
};

const size_t wf_n_figures = sizeof wf_figures / sizeof wf_figures[0];

const struct wf_figure *
wf_figure_find(const char *name)
{
	size_t i;

	for (i = 0; i < wf_n_figures; i++)
		if (strcmp(wf_figures[i].name, name) == 0)
			return &wf_figures[i];
	return NULL;
}
