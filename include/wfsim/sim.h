/* The discrete-event engine: one replication of a model, and many in parallel threads.
 * Pure: no I/O, never exits; what a run produces is a wf_rep_result per replication. */
#ifndef WFSIM_SIM_H
#define WFSIM_SIM_H
#include <stddef.h>
#include <stdint.h>
#include "wfsim/model.h"
#include "wfsim/stats.h"

/* Per-replication metrics, in the order results-format.md lists them.  A rate is a share of
 * the cases completed (after warm-up) in [0, 1]; NaN where undefined (no completed case, or
 * no sla in the model for SLA_ATTAINMENT). */
enum wf_metric {
	WF_M_CASES_ARRIVED, WF_M_CASES_COMPLETED, WF_M_CASES_IN_PROGRESS, WF_M_THROUGHPUT_PER_DAY,
	WF_M_CYCLE_TIME_MEAN, WF_M_CYCLE_TIME_P50, WF_M_CYCLE_TIME_P90, WF_M_CYCLE_TIME_P95,
	WF_M_WAIT_TIME_MEAN, WF_M_TOUCH_TIME_MEAN, WF_M_AUTONOMOUS_RATE, WF_M_ESCALATION_RATE,
	WF_M_REWORK_RATE, WF_M_EXCEPTION_RATE, WF_M_TIMEOUT_RATE, WF_M_ESCAPED_ERROR_RATE,
	WF_M_SLA_ATTAINMENT, WF_M_COST_PER_CASE,
	WF_M_COUNT
};

enum wf_metric_kind { WF_MK_COUNT, WF_MK_TIME, WF_MK_RATE, WF_MK_PER_DAY, WF_MK_MONEY };

struct wf_metric_info {
	const char *name;	/* JSON key, e.g. "cycle_time_mean" */
	const char *label;	/* for tables, e.g. "cycle time, mean" */
	enum wf_metric_kind kind;
	int lower_is_better;	/* for the comparison's wording; 0 for counts */
};
extern const struct wf_metric_info wf_metrics[WF_M_COUNT];

/* Work in progress is sampled this many times over the horizon, for plots. */
#define WF_WIP_SAMPLES 200

struct wf_rep_result {
	double metric[WF_M_COUNT];
	/* per step (n_steps): visits per arriving case (after warm-up), mean wait in queue, mean
	 * service time */
	double *step_visits, *step_wait, *step_service;
	/* per resource (n_resources): busy / available server-time after warm-up, mean queue
	 * length (time average after warm-up), busy hours after warm-up */
	double *res_utilization, *res_queue, *res_busy;
	/* per outcome (n_outcomes): share of completed cases ending there */
	double *outcome_share;
	/* cycle times of completed cases, for quantiles and plots */
	struct wf_hist cycle;
	/* cases in the system at WF_WIP_SAMPLES evenly spaced times over [0, horizon] */
	double wip[WF_WIP_SAMPLES];
	/* cases that arrived (after warm-up) and ended as loop_limit: main warns about them */
	double loop_limit_cases;
	/* time-average number of cases in the system (all of them) over [warmup, horizon]:
	 * Little's law ties it to throughput x mean cycle time */
	double wip_mean;
};

void wf_rep_result_init(struct wf_rep_result *r, const struct wf_model *m);
void wf_rep_result_fini(struct wf_rep_result *r);

/* One step visit, reported to an event sink when the caller asks for an event log. */
struct wf_visit {
	long case_id;		/* 1-based arrival number; backlog case i is WF_BACKLOG_ID0 + i, so
				 * arrival ids match across models with different backlogs */
	int step;		/* index into model steps */
	int resource;		/* index or -1 */
	double enqueue, start, end;	/* model time; start = end = enqueue + wait on timeout */
	int timed_out;
};
#define WF_BACKLOG_ID0 1000000000L
typedef void (*wf_visit_fn)(void *ctx, const struct wf_visit *v);

struct wf_settings {
	double horizon, warmup;	/* model units */
	long replications;
	uint64_t seed;
	int threads;		/* >= 1 */
	/* Extra word mixed into every stream key: 0 for common random numbers, a different value
	 * per model for independent streams (compare --independent). */
	uint64_t stream;
};

/* Resolves settings: the model's `simulation:` values where given, else defaults (horizon
 * 30 days, warm-up 0, 30 replications, seed 1, threads = online cores). */
void wf_settings_default(struct wf_settings *s, const struct wf_model *m);

/* A workspace for running replications of one model on one thread.
 *
 * Semantics the engine settles where model-format.md leaves a choice:
 * - Keys: seed word = settings.seed ^ (settings.stream * 0x9E3779B97F4A7C15), replication =
 *   rep.  Interarrival before case n: (n, WF_SITE_ARRIVAL, 0).  Profile arrivals thin a
 *   Poisson process at the profile's peak rate; candidate k (1, 2, ... counted apart from
 *   case numbers) draws its gap and its acceptance from (k, WF_SITE_ARRIVAL, 1).  Attribute a
 *   of case n: (n, WF_SITE_ATTRIBUTES ^ site(a), 0).  The v-th visit (0-based) of a case to
 *   a step: (n, site(step) ^ WF_DRAW_x, v) for each purpose x, drawn only when the step has
 *   that feature.  Backlog cases are numbered WF_BACKLOG_ID0 + 1, + 2 ... in backlog order.
 * - Events at t <= horizon are processed; no arrival is scheduled at or after the horizon.
 * - A case is counted when it arrives at t >= warmup (so a backlog counts only without a
 *   warm-up); it is completed when it ends by any outcome before the horizon.
 * - A case is escalated / not autonomous from the moment it reaches an escalation step / a
 *   step of a human pool (even if it then times out); rework = a second visit to any step;
 *   an escaped error = completion (any outcome) with a defect not caught.
 * - Unlimited pools: utilisation NaN (no capacity to share); res_busy still holds busy hours.
 *   An unlimited pool with a calendar serves any number while open and none while shut.
 * - More than 10 million cases in the system at once stops the run with an error. */
struct wf_sim;
struct wf_sim *wf_sim_alloc(const struct wf_model *m);
void wf_sim_free(struct wf_sim *s);
/* Runs replication `rep` (0-based) into `out` (initialised by wf_rep_result_init).  When
 * `visit` is not NULL every step visit is reported to it, in order of completion.  Returns 0,
 * or -1 with a message in err (e.g. work in progress exceeding memory limits). */
int wf_sim_run(struct wf_sim *s, const struct wf_settings *set, long rep, struct wf_rep_result *out,
	       wf_visit_fn visit, void *visit_ctx, char *err, size_t errlen);

/* Progress callback, called from worker threads under a lock: done of total finished. */
typedef void (*wf_progress_fn)(void *ctx, long done, long total);

/* Runs set->replications replications of m on set->threads threads into results[0..R) (each
 * initialised here; free each with wf_rep_result_fini).  The event log, if asked, is of
 * replication 0 and runs on the calling thread first.  Results do not depend on the thread
 * count.  0, or -1 with err. */
int wf_sim_run_all(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *results,
		   wf_visit_fn visit, void *visit_ctx, wf_progress_fn progress, void *progress_ctx,
		   char *err, size_t errlen);

#endif
