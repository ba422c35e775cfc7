/* Around the engine: default settings, per-replication results, and the
 * parallel runner.  Replications are handed to worker threads by a shared counter and each
 * writes only results[rep]; with keyed random streams the output is the same for any number
 * of threads and any finishing order.  Several jobs (a sweep's points and sides) run as one
 * list of work units, so that threads and ranks stay busy across them.  Under mpirun each
 * rank runs its share and the ranks then exchange results (mpi-split.h). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wfsim/mpi-split.h"
#include "wfsim/sim.h"
#include "wfsim/xalloc.h"

void
wf_settings_default(struct wf_settings *s, const struct wf_model *m)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(s, 0, sizeof(*s));
	s->warmup = m->sim.has_warmup ? m->sim.warmup : 0;
	s->horizon = m->sim.has_horizon ? m->sim.horizon : s->warmup + wf_model_default_window(m);
	s->replications = m->sim.has_replications ? m->sim.replications : 30;
	s->seed = m->sim.has_seed ? m->sim.seed : 1;
	s->drain = m->sim.has_drain ? m->sim.drain : 0;
	s->threads = cores >= 1 ? (int)(cores > 1024 ? 1024 : cores) : 1;
	s->stream = 0;
}

/* The segments of attribute a: one per value, or per bin of a binned numeric attribute. */
static size_t
segments_of(const struct wf_attribute *a)
{
	if (a->numeric)
		return a->n_seg_bounds > 0 ? a->n_seg_bounds + 1 : 0;
	return a->n_values;
}

size_t
wf_segments_layout(const struct wf_model *m, int *off)
{
	size_t a, n = 0;

	for (a = 0; a < m->n_attributes; a++) {
		size_t k = segments_of(&m->attributes[a]);
		int fits = k > 0 && k <= WF_MAX_SEGMENTS - n;

		if (off != NULL)
			off[a] = fits ? (int)n : -1;
		if (fits)
			n += k;
	}
	return n;
}

size_t
wf_segment_bin(const struct wf_attribute *a, double x)
{
	size_t lo = 0, hi = a->n_seg_bounds;	/* bound[i] <= x for i < lo, > x from hi */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->seg_bound[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

char *
wf_segment_name(const struct wf_attribute *a, size_t k)
{
	if (!a->numeric)
		return wf_xasprintf("%s=%s", a->name, a->values[k]);
	/* half-open bins [bound[k-1], bound[k]), written as the comparisons a route would use */
	if (k == 0)
		return wf_xasprintf("%s<%.15g", a->name, a->seg_bound[0]);
	if (k == a->n_seg_bounds)
		return wf_xasprintf("%s>=%.15g", a->name, a->seg_bound[k - 1]);
	return wf_xasprintf("%.15g<=%s<%.15g", a->seg_bound[k - 1], a->name, a->seg_bound[k]);
}

void
wf_rep_result_init(struct wf_rep_result *r, const struct wf_model *m)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->step_visits = wf_xcalloc(m->n_steps, sizeof(double));
	r->step_wait = wf_xcalloc(m->n_steps, sizeof(double));
	r->step_service = wf_xcalloc(m->n_steps, sizeof(double));
	r->step_busy = wf_xcalloc(m->n_steps, sizeof(double));
	r->step_done = wf_xcalloc(m->n_steps, sizeof(double));
	r->res_utilization = wf_xcalloc(m->n_resources, sizeof(double));
	r->res_queue = wf_xcalloc(m->n_resources, sizeof(double));
	r->res_busy = wf_xcalloc(m->n_resources, sizeof(double));
	r->res_overtime = wf_xcalloc(m->n_resources, sizeof(double));
	r->outcome_share = wf_xcalloc(m->n_outcomes, sizeof(double));
	r->outcome_auto = wf_xcalloc(m->n_outcomes, sizeof(double));
	r->step_confusion = wf_xcalloc(m->n_steps * WF_CM_COUNT + 1, sizeof(double));
	for (i = 0; i < WF_M_COUNT; i++)
		r->metric[i] = NAN;
	r->n_segments = wf_segments_layout(m, NULL);
	if (r->n_segments > 0) {
		r->segment = wf_xcalloc(r->n_segments * WF_M_COUNT, sizeof(double));
		for (i = 0; i < r->n_segments * WF_M_COUNT; i++)
			r->segment[i] = NAN;
	}
	/* quantiles resolve down to a millionth of the time unit */
	wf_hist_reset(&r->cycle, 1e-6);
}

void
wf_rep_result_fini(struct wf_rep_result *r)
{
	free(r->step_visits);
	free(r->step_wait);
	free(r->step_service);
	free(r->step_busy);
	free(r->step_done);
	free(r->res_utilization);
	free(r->res_queue);
	free(r->res_busy);
	free(r->res_overtime);
	free(r->outcome_share);
	free(r->outcome_auto);
	free(r->step_confusion);
	free(r->segment);
	memset(r, 0, sizeof(*r));
}

struct pool {
	const struct wf_sim_job *jobs;
	size_t n_jobs;
	long *first;		/* first[j]: job j's first work unit; first[n_jobs] = total */
	pthread_mutex_t lock;
	long next, step, done, total;	/* next work unit to run; units are next, next + step,
				 * ... below total (step > 1: this MPI rank's share) */
	long mine;		/* how many of them, for progress */
	long failed;		/* lowest failed work unit, or -1 */
	char err[512];
	wf_progress_fn progress;
	void *progress_ctx;
};

/* The job that work unit u belongs to (units are job 0's replications, then job 1's, ...). */
static size_t
job_of(const struct pool *p, long u)
{
	size_t lo = 0, hi = p->n_jobs - 1;	/* first[lo] <= u < first[hi + 1] */

	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;

		if (p->first[mid] <= u)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Records one finished work unit under the lock. */
static void
finished(struct pool *p, long u, int rc, const char *err)
{
	pthread_mutex_lock(&p->lock);
	if (rc != 0 && (p->failed < 0 || u < p->failed)) {
		p->failed = u;
		snprintf(p->err, sizeof(p->err), "%s", err);
	}
	p->done++;
	if (p->progress != NULL)
		p->progress(p->progress_ctx, p->done, p->mine);
	pthread_mutex_unlock(&p->lock);
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct wf_sim *s = NULL;
	const struct wf_model *sm = NULL;	/* the model s was made for */
	char err[512];

	for (;;) {
		const struct wf_sim_job *job;
		long u, rep;
		int rc;

		pthread_mutex_lock(&p->lock);
		u = p->failed >= 0 ? p->total : p->next;
		p->next += p->step;
		pthread_mutex_unlock(&p->lock);
		if (u >= p->total)
			break;
		job = &p->jobs[job_of(p, u)];
		rep = u - p->first[job - p->jobs];
		/* units come in order, so a thread changes model at most once per job */
		if (job->m != sm) {
			wf_sim_free(s);
			s = wf_sim_alloc(job->m);
			sm = job->m;
		}
		err[0] = '\0';
		rc = wf_sim_run(s, job->set, rep, &job->results[rep], NULL, NULL, err, sizeof(err));
		finished(p, u, rc, err);
	}
	wf_sim_free(s);
	return NULL;
}

int
wf_sim_run_jobs(const struct wf_sim_job *jobs, size_t n_jobs, wf_visit_fn visit, void *visit_ctx,
		wf_progress_fn progress, void *progress_ctx, size_t *failed_job, char *err, size_t errlen)
{
	struct pool p;
	pthread_t *tid;
	long r, nthreads, started = 0, i;
	size_t j;

	*failed_job = 0;
	if (n_jobs == 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p.jobs = jobs;
	p.n_jobs = n_jobs;
	p.first = wf_xcalloc(n_jobs + 1, sizeof(*p.first));
	for (j = 0; j < n_jobs; j++) {
		long reps = jobs[j].set->replications > 0 ? jobs[j].set->replications : 0;

		for (r = 0; r < reps; r++)
			wf_rep_result_init(&jobs[j].results[r], jobs[j].m);
		p.first[j + 1] = p.first[j] + reps;
	}
	p.total = p.first[n_jobs];
	if (p.total == 0) {
		free(p.first);
		return 0;
	}
	wf_mpi_share(&p.next, &p.step);
	p.mine = p.next < p.total ? (p.total - p.next + p.step - 1) / p.step : 0;
	p.failed = -1;
	p.progress = progress;
	p.progress_ctx = progress_ctx;
	pthread_mutex_init(&p.lock, NULL);

	if (visit != NULL && p.next == 0 && jobs[0].set->replications > 0) {
		/* the event log's replication runs alone so the sink needs no locking (under MPI
		 * only rank 0 logs, and unit 0 is its first) */
		struct wf_sim *s = wf_sim_alloc(jobs[0].m);
		char e[512] = "";
		int rc = wf_sim_run(s, jobs[0].set, 0, &jobs[0].results[0], visit, visit_ctx, e, sizeof(e));

		wf_sim_free(s);
		finished(&p, 0, rc, e);
		p.next += p.step;
	}

	nthreads = jobs[0].set->threads < 1 ? 1 : jobs[0].set->threads;
	if (nthreads > p.mine - p.done)
		nthreads = p.mine - p.done;
	/* the calling thread is one of the workers */
	tid = wf_xcalloc(nthreads > 1 ? (size_t)nthreads - 1 : 1, sizeof(*tid));
	for (i = 0; i + 1 < nthreads; i++) {
		if (pthread_create(&tid[i], NULL, worker, &p) != 0)
			break;	/* fewer threads: still correct, only slower */
		started++;
	}
	worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	pthread_mutex_destroy(&p.lock);
	wf_mpi_gather(jobs, n_jobs, &p.failed, p.err, sizeof(p.err));

	if (p.failed >= 0) {
		*failed_job = job_of(&p, p.failed);
		snprintf(err, errlen, "%s", p.err);
		free(p.first);
		return -1;
	}
	free(p.first);
	return 0;
}

int
wf_sim_run_all(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *results,
    wf_visit_fn visit, void *visit_ctx, wf_progress_fn progress, void *progress_ctx,
    char *err, size_t errlen)
{
	struct wf_sim_job job = { m, set, results };
	size_t failed_job;

	return wf_sim_run_jobs(&job, 1, visit, visit_ctx, progress, progress_ctx, &failed_job, err, errlen);
}
