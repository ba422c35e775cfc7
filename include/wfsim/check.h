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
	int bottleneck;		/* resource with the highest utilisation, -1 if no finite pool
				 * has work */
	double max_rate;	/* highest sustainable arrival rate per time unit (INFINITY if no
				 * finite pool is used) */
	double touch_time;	/* expected human busy time per case */
	size_t n_steps, n_resources;
	/* 1 when the attribute combinations behind the condition routes were too many to solve
	 * exactly (> 10^5, > 1024 distinct routing decisions, or too many to solve for in
	 * seconds in a model with hundreds of steps): each visit to a condition route
	 * then takes each branch with its overall probability, which is exact unless cases loop
	 * back through a condition route.  0 otherwise: the visits are exact. */
	int approximate;
};

/* Fills cap for model m; the caller frees it with wf_capacity_fini (on failure nothing is
 * left to free, and calling it anyway is harmless).
 * Visits follow the routing, exceptions, errors and reviews (a defect is tracked as a second
 * state per step); attributes are independent as drawn; max_wait timeouts and max_visits are
 * ignored (the load the pools must serve when nobody gives up), as is the backlog (a one-off).
 * Returns 0, or -1 when the traffic equations are singular (a loop that cannot be left; the
 * loader normally rejects those first) with err set to a message naming its steps. */
int wf_check_capacity(const struct wf_model *m, struct wf_capacity *cap, char *err, size_t errlen);
void wf_capacity_fini(struct wf_capacity *cap);

#endif
