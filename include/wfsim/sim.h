/* The discrete-event engine: one replication of a model, and many in parallel threads.
 * Pure: no I/O, never exits; what a run produces is a wf_rep_result per replication. */
#ifndef WFSIM_SIM_H
#define WFSIM_SIM_H
#include <stddef.h>
#include <stdint.h>
#include "wfsim/model.h"
#include "wfsim/stats.h"
#include "wfsim/metrics.h"

/* A classifier's confusion matrix: positives flagged (caught) and cleared (missed), others
 * flagged (false alarms) and cleared. */
enum { WF_CM_CAUGHT, WF_CM_MISSED, WF_CM_FALSE_ALARMS, WF_CM_CLEARED, WF_CM_COUNT };

/* Work in progress is sampled this many times over the horizon, for plots. */
#define WF_WIP_SAMPLES 200

struct wf_rep_result {
	double metric[WF_M_COUNT];
	/* per step (n_steps): visits per arriving case (after warm-up), mean wait in queue, mean
	 * service time */
	double *step_visits, *step_wait, *step_service;
	/* per step, per arriving case (the cohort's arrivals): service time (model units) and
	 * visits whose work completed; what the economics scale to a year */
	double *step_busy, *step_done;
	/* per resource (n_resources), over the window: busy server-time within the scheduled
	 * capacity / scheduled server-time, mean queue length, all busy server-hours, and the
	 * busy server-hours beyond the scheduled capacity (overtime) */
	double *res_utilization, *res_queue, *res_busy, *res_overtime;
	/* per outcome (n_outcomes): share of ended cohort cases ending there, and the share of
	 * those that were decided without a human */
	double *outcome_share, *outcome_auto;
	/* length of the window the time-based figures cover, in days: the horizon minus the
	 * warm-up, or less when a finite workload was done before the horizon */
	double window_days;
	/* cycle times of completed cases, for quantiles and plots */
	struct wf_hist cycle;
	/* cases in the system around WF_WIP_SAMPLES evenly spaced times over [0, horizon]: each
	 * the mean of the hourly samples nearest to it (samples closer together when the
	 * horizon is under WF_WIP_SAMPLES - 1 hours, so that each point has one) */
	double wip[WF_WIP_SAMPLES];
	/* cohort cases that ended as loop_limit: main warns about them */
	double loop_limit_cases;
	/* time-average number of cases in the system (all of them) over the window: Little's
	 * law ties it to throughput x mean cycle time */
	double wip_mean;
	/* events the engine processed (for the benchmark's events per second) */
	double events;
	/* weekly operating metrics (metrics.h) of weeks 1..n_weeks by arrival week; NaN where
	 * no case of the week ended */
	size_t n_weeks;
	double weekly[WF_MAX_WEEKS][WF_W_COUNT];
	/* per step (n_steps x WF_CM_COUNT): the confusion matrix of a classifier route, counts
	 * of the cohort's visits that reached it; zeros for other steps */
	double *step_confusion;
	/* per segment (n_segments x WF_M_COUNT, the metrics of wf_segment_metrics filled, the
	 * others NaN): the segment's per-case figures; NULL when the model has no segments */
	size_t n_segments;
	double *segment;
};

/* Lays out the model's segments (metrics.h): off[a] is the first segment of attribute a, or
 * -1 when a is not segmented (numeric without bounds, or past WF_MAX_SEGMENTS); off has
 * m->n_attributes entries.  Returns the number of segments, at most WF_MAX_SEGMENTS. */
size_t wf_segments_layout(const struct wf_model *m, int *off);
/* The segment (from 0) of value x of binned numeric attribute a: how many of its bounds are
 * <= x, so that the bins are [bound[k-1], bound[k]). */
size_t wf_segment_bin(const struct wf_attribute *a, double x);
/* The name of attribute a's segment k, which the caller frees: "supplier=key" for a value,
 * "amount<10000", "10000<=amount<50000", "amount>=50000" for the bins of a numeric one. */
char *wf_segment_name(const struct wf_attribute *a, size_t k);

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
	/* A visit is reported when its case ends, with all the case's other visits, so that it
	 * can carry the case's outcome; cases still open when the run stops are reported then,
	 * their current visit with open = 1 (start NaN while queued, end NaN). */
	int open;
	int outcome;		/* index into the model's outcomes; -1 while the case is open */
	int cohort;		/* the case arrived in the window [warm-up, horizon) */
	const int *attrs;	/* the case's attribute value indices (n_attributes; -1 numeric) */
	const double *nums;	/* the numbers of its numeric attributes (n_attributes), or NULL
				 * when the model has none */
};
#define WF_BACKLOG_ID0 1000000000L
typedef void (*wf_visit_fn)(void *ctx, const struct wf_visit *v);

struct wf_settings {
	double horizon, warmup;	/* model units */
	double drain;		/* how long past the horizon the run may go on for the cohort
				 * to end; 0 (or less): the default, 10 x (horizon - warmup) */
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
 * - The cohort is the cases arriving at warmup <= t < horizon (so a backlog counts only
 *   without a warm-up).  Everything (arrivals, calendars) runs on past the horizon until the
 *   cohort has ended or the drain cap (horizon + drain) is reached; cohort cases open then
 *   are censored.  Per-case figures are of the cohort cases that ended.
 * - Time-based figures (throughput, utilisation, overtime, queues, WIP) integrate over the
 *   window [warmup, end), end = horizon, or earlier when the arrivals are over (limit or
 *   trace exhausted) and the system has emptied: a finite workload is done.
 * - A case is escalated from the moment it reaches an escalation step, human-touched from
 *   the moment a human pool starts work on it; rework = sent back by a review (on_catch) or
 *   through a route entry marked rework; an escaped error = an end (any outcome) with a
 *   defect neither caught by a review nor cleared by a clears_defects step.
 * - Decided without a human: with decision steps, no human pool worked on the case from its
 *   first decision-step visit on; without, no human pool worked on it at all.
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

/* One job of a batch: set->replications replications of m into results[0..R). */
struct wf_sim_job {
	const struct wf_model *m;
	const struct wf_settings *set;
	struct wf_rep_result *results;
};

/* Runs the jobs' replications as one list of work units, job 0's replications first, then
 * job 1's, ... on jobs[0].set->threads threads (and, under mpirun, split across ranks by
 * unit: unit u on rank u mod size), so that jobs with few replications still keep every
 * thread and rank busy.  Each result is initialised here (free each with
 * wf_rep_result_fini).  The event log, if asked, is of job 0's replication 0.  Results do not
 * depend on the thread or rank count.  0, or -1 with err and *failed_job the job of the
 * lowest failed unit (the same on every rank; the results are then incomplete). */
int wf_sim_run_jobs(const struct wf_sim_job *jobs, size_t n_jobs, wf_visit_fn visit, void *visit_ctx,
		    wf_progress_fn progress, void *progress_ctx, size_t *failed_job, char *err, size_t errlen);

#endif
