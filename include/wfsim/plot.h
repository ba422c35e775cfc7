/* Plots drawn with gnuplot and the one-page HTML report.  Each plot is written as data
 * (NAME.dat), a script (NAME.gp) and the pictures NAME.png and NAME.svg, so a user can
 * restyle it and draw it again with `gnuplot NAME.gp`. */
#ifndef WFSIM_PLOT_H
#define WFSIM_PLOT_H
#include <stddef.h>
#include "wfsim/results.h"

/* Draws the plots of a comparison (as_is and to_be) or of a single run (as_is.replications
 * == 0: only to_be is drawn) into directory dir (created if missing).  gnuplot is looked up
 * on PATH.  Returns 0; -1 with a message in err (gnuplot missing, cannot write, gnuplot
 * failed).  Files appear whole or not at all.
 * The figures, each as NAME.dat, NAME.gp, NAME.png and NAME.svg: cycle-time (CDF with p50 and
 * p90), kpis (times and rates with 95% CIs), utilization (per resource), wip (work in progress
 * over days, 10-90% band), time-saved (per replication; comparisons only),
 * where-time-goes (waiting and working time per step), process (comparisons only) and weekly
 * (operating metrics week by week, by arrival week).  Without gnuplot the .dat and .gp
 * files are still written and err says how to install it. */
int wf_plot_all(const struct wf_comparison *c, const char *dir, char *err, size_t errlen);
/* 1 if gnuplot can be run. */
int wf_plot_available(void);

/* Writes the self-contained HTML report of comparison c to path: headline, table, the plots
 * inline as SVG (drawn into a temporary directory), models, settings, seed and version.
 * 0, or -1 with err. */
int wf_report_html(const struct wf_comparison *c, const char *path, char *err, size_t errlen);

#endif
