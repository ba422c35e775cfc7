/* Arrival traces: a CSV file with a header row, one arrival per row.  The first column is the
 * arrival time, an ISO 8601 date-time (taken relative to the model's start) or a number in the
 * model's time unit; further columns are categorical case attributes.  The reader streams the
 * input line by line (memory per row is bounded) and reports every malformed row as
 * file:line:column in a wf_diag. */
#ifndef WFSIM_TRACE_H
#define WFSIM_TRACE_H
#include <stdio.h>
#include <stddef.h>
#include "wfsim/units.h"
#include "wfsim/diag.h"

/* An attribute the model declares: a column of that name must hold one of its values. */
struct wf_trace_attr {
	const char *name;
	size_t n_values;
	char *const *values;
	int numeric;		/* a numeric attribute: its cells are numbers (values unused) */
};

struct wf_trace_opts {
	enum wf_time_unit unit;
	double start_epoch;		/* clock zero for ISO times, seconds since the epoch */
	const struct wf_trace_attr *attrs;	/* declared attributes, may be NULL */
	size_t n_attrs;
};

/* One attribute column of the trace. */
struct wf_trace_col {
	char *name;
	int declared;		/* index into opts->attrs, or -1: values are those seen */
	size_t n_values;	/* undeclared: distinct values in order of first appearance */
	char **values;
	size_t *counts;		/* undeclared: rows holding each value */
	int *v;			/* per row: index into the declared attribute's values or ours */
	double *x;		/* per row: the cell as a number, NaN when empty or not a number */
	int text;		/* some cell is not a number: not a numeric column */
	int many;		/* more distinct numbers than WF_TRACE_MAX_VALUES: values and v
				 * are incomplete, only x holds the column */
	/* private: hash of the values seen */
	size_t hcap;
	int *hash;
};

struct wf_trace {
	size_t n;		/* rows */
	double *at;		/* arrival times in model units, non-decreasing */
	size_t n_cols;
	struct wf_trace_col *cols;
};

#define WF_TRACE_MAX_LINE	65536	/* longest row accepted, in bytes */
#define WF_TRACE_MAX_VALUES	10000	/* distinct values of one undeclared column */
/* Rows after the header (blank ones too): ten times the largest trace we know to be replayed,
 * and a bound on the memory a pipe that never ends can take (about 100 MB). */
#define WF_TRACE_MAX_ROWS	10000000

/* Reads a trace from f (named `name` in messages) into t, which the caller then releases
 * with wf_trace_fini whatever the result.  Returns 0, or -1 when at least one error went
 * into diag. */
int wf_trace_read(struct wf_trace *t, FILE *f, const char *name, const struct wf_trace_opts *o,
		  struct wf_diag *diag);
/* The same from a buffer in memory. */
int wf_trace_read_buffer(struct wf_trace *t, const char *buf, size_t len, const char *name,
			 const struct wf_trace_opts *o, struct wf_diag *diag);
void wf_trace_fini(struct wf_trace *t);

#endif
