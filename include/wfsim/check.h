/* Static analysis of a loaded model: the routing's traffic equations (expected visits per
 * step per arriving case, solved with GSL linear algebra), the offered load per resource, the
 * utilisation against the server-time its calendar or shifts make available, the bottleneck,
 * and the highest arrival rate the process can sustain; then every window of the week in which
 * a pool is offered more than the servers open, and whether the quiet hours after it clear
 * the backlog (or, for a finite workload, when its work is done). */
#ifndef WFSIM_CHECK_H
#define WFSIM_CHECK_H
#include <stddef.h>
#include "wfsim/model.h"

/* A window of the weekly profile in which a pool is offered more work than the servers open
 * in it (a fluid view: work arrives with the cases, servers work at their open capacity). */
enum { WF_PEAK_CLOSES = 1, WF_PEAK_NEXT, WF_PEAK_WEEK };

struct wf_peak {
	int resource;
	double from, to;	/* week positions, model units since Monday 00:00; to may wrap
				 * past the week's end (to > week) */
	double offered;		/* largest offered load in it, in busy servers */
	double servers;		/* fewest servers open in it */
	double backlog;		/* work queued at its end, in server-time (model units) */
	double cases;		/* the same in cases (backlog / the pool's work per case) */
	double cleared;		/* week position (may pass the week's end) at which the backlog is
				 * gone; NAN when it is still there when the pool closes, when its
				 * next peak starts, or a week later (then `carried` is 1) */
	double carried_at;	/* when carried: where the check gave up (the closing, the next
				 * peak) */
	double left;		/* when carried: cases still queued then (a fluid backlog of
				 * less than one case is no queue: the peak counts as cleared) */
	int carried;		/* 1: the quiet hours after it do not clear it: an overload */
	int carried_by;		/* why: WF_PEAK_CLOSES, WF_PEAK_NEXT or WF_PEAK_WEEK */
};

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
	/* 1 when some probability or duration depends on the time or the case beyond what the
	 * routes enumerate (a ramp, a calibration curve, a duration by attribute): the analysis
	 * uses its average (over the measured window, over the attribute's distribution). */
	int averaged;

	/* The weekly fluid check (empty when nothing varies over the week or the workload is
	 * finite): every window in which a pool's offered load exceeds its open servers. */
	struct wf_peak *peaks;
	size_t n_peaks;
	double week;		/* a week in model units */

	/* A finite workload (`limit:` or a trace): it is never an overload, it drains. */
	int finite;
	double cases;		/* cases in all: arrivals and backlog */
	double arrivals_end;	/* when the last case arrives (time since the clock's zero) */
	double drain;		/* fluid estimate of when the last pool has done its share of the
				 * work (time since the clock's zero; a lower bound, as it ignores
				 * randomness and the order of steps); INFINITY if a pool with work
				 * never opens */
	int drain_resource;	/* the pool that finishes last, -1 if none */

	/* Per step: the mean time a visit is held by the step's `batch` before its release, in
	 * the steady state (model units), where it has a closed form: for releases at fixed
	 * times, when visits reach the step at a rate steady over the week
	 * (wf_batch_hold_timed); for size and max_wait rules, when they are Poisson arrivals
	 * straight into it (wf_batch_hold_size).  NAN otherwise and for steps without a batch.
	 * A step with its own max_wait (patience) is NAN too: giving up cuts the hold short. */
	double *batch_hold;
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

/* The mean hold of visits arriving at a rate steady in time (any stationary flow, Poisson
 * or not) at releases at week positions at[0..n) (increasing, in [0, period)), everything
 * held being released each time: a visit falls in the gap g between two releases with
 * probability g / period and waits g / 2 on average, so the mean is the sum over the gaps
 * (the last one wrapping round the period) of g^2 / (2 period).  0 when n is 0. */
double wf_batch_hold_timed(const double *at, size_t n, double period);
/* The mean hold of Poisson arrivals at `rate` held until `size` are held (0: no size rule)
 * or the first has waited max_wait (INFINITY: no time rule; not both absent).  By renewal
 * reward over batches: the held visits' area over a batch's life divided by its expected
 * number of visits; (size - 1) / (2 rate) with the size rule alone, (W + rate W^2 / 2) /
 * (1 + rate W) with the time rule W alone. */
double wf_batch_hold_size(long size, double max_wait, double rate);

/* 1 when the model cannot keep up in the long run: a workload that does not end (not
 * `limit:`, not a trace) and a pool whose weekly mean utilisation is 100% or more, or a peak
 * whose backlog the quiet hours after it do not clear (wf_peak.carried).  What `check`
 * reports as an error and `run`/`compare` refuse without --allow-overload. */
int wf_capacity_overloaded(const struct wf_capacity *cap);
/* The same for resource r alone. */
int wf_capacity_overloaded_at(const struct wf_capacity *cap, size_t r);

#endif
