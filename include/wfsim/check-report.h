/* The capacity check in words: the figures `wfsim check` prints, and the verdicts check, run
 * and compare share, as located diagnostics.  The numbers come from wf_check_capacity. */
#ifndef WFSIM_CHECK_REPORT_H
#define WFSIM_CHECK_REPORT_H
#include <stdio.h>
#include "wfsim/check.h"
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/sim.h"

/* Prints what `check` shows of m: arrivals, visits per case, touch time, a line per pool,
 * priority classes, the bottleneck, peaks, a finite workload and notes. */
void wf_check_print(FILE *out, const struct wf_model *m, const struct wf_capacity *cap);
/* Adds the capacity verdict to diag, located at each resource: an overloaded pool (on the
 * weekly mean, or a peak whose backlog the quiet hours after it do not clear) is an error
 * (a warning with allow_overload), a busy one (> 90%) a warning; a finite workload is never
 * an overload.  `what` (whatlen bytes) receives the overloaded pools in words.  Returns 1
 * when the model is overloaded. */
int wf_check_verdict(const struct wf_model *m, const struct wf_capacity *cap, int allow_overload,
		     struct wf_diag *diag, char *what, size_t whatlen);
/* Adds the verdict on the observation window [warm-up, horizon) of set to diag: a trace with
 * no arrival in it is an error, a window of broken weeks in a model whose week matters and a
 * finite workload arriving past the horizon are warnings. */
void wf_check_window(const struct wf_model *m, const struct wf_settings *set,
		     const struct wf_capacity *cap, struct wf_diag *diag);

#endif
