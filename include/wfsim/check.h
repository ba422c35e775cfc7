/* Static analysis of a loaded model: the routing's traffic equations (expected visits per
 * step per arriving case, solved with GSL linear algebra), the offered load per resource, the
 * utilisation against the server-time its calendar or shifts make available, the bottleneck,
 * and the highest arrival rate the process can sustain. */
#ifndef WFSIM_CHECK_H
#define WFSIM_CHECK_H
#include <stddef.h>
#include "wfsim/model.h"

struct wf_capacity {
	double arrival_rate;	/* mean arrivals per time unit (over a week for profiles; over
				 * the trace's span for traces, + backlog ignored) */
	double *visits;		/* per step: expected visits per arriving case */
	double *offered;	/* per resource: offered load in busy servers (rate x visits x mean) */
	double *available;	/* per resource: mean servers available (over a week); INFINITY for
				 * unlimited pools */
	double *utilization;	/* offered / available; 0 for unlimited pools */
	int bottleneck;		/* resource with the highest utilisation, -1 if none is finite */
	double max_rate;	/* highest sustainable arrival rate per time unit (INFINITY if no
				 * finite pool is used) */
	double touch_time;	/* expected human busy time per case */
	size_t n_steps, n_resources;
};

/* Fills cap for model m.  Returns 0, or -1 when the traffic equations are singular (a loop
 * that cannot be left; the loader normally rejects those first) with err set. */
int wf_check_capacity(const struct wf_model *m, struct wf_capacity *cap, char *err, size_t errlen);
void wf_capacity_fini(struct wf_capacity *cap);

#endif
