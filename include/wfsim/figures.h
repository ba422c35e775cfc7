/* The figures wfsim draws, in one table: their file names, what they show (the report's
 * captions) and when they are drawn.  The plot code, the HTML report and the tests all read
 * it, so a figure is added in one place (plus its template plots/NAME.gp). */
#ifndef WFSIM_FIGURES_H
#define WFSIM_FIGURES_H
#include <stddef.h>

enum wf_figure_when {
	WF_FIG_ALWAYS,		/* every run and comparison */
	WF_FIG_PAIR,		/* comparisons only (as-is against to-be) */
	WF_FIG_SWEEP,		/* sweeps: the curves */
	WF_FIG_SWEEP_GRID	/* sweeps of two numeric values: the heat maps */
};

struct wf_figure {
	const char *name;	/* NAME.dat, NAME.gp, NAME.png, NAME.svg; template plots/NAME.gp */
	enum wf_figure_when when;
	const char *caption;	/* one sentence for the report */
};

/* The figures in the order the report shows them; wf_n_figures rows. */
extern const struct wf_figure wf_figures[];
extern const size_t wf_n_figures;

/* The row of figure `name`, or NULL. */
const struct wf_figure *wf_figure_find(const char *name);

#endif
