/* Around the engine: default settings, per-replication results, and the
 * parallel runner.  Replications are handed to worker threads by a shared counter and each
 * writes only results[rep]; with keyed random streams the output is the same for any number
 * of threads and any finishing order.  Under mpirun each rank runs its share and the ranks
 * then exchange results (mpi-split.h). */
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
	const struct wf_model *m;
	const struct wf_settings *set;
	struct wf_rep_result *results;
	pthread_mutex_t lock;
	long next, step, done, total;	/* next replication to run; replications are
				 * next, next + step, ... below total (step > 1: this MPI rank's share) */
	long mine;		/* how many of them, for progress */
	long failed_rep;		/* lowest failed replication, or -1 */
	char err[512];
	wf_progress_fn progress;
	void *progress_ctx;
};

/* Records one finished replication under the lock. */
static void
finished(struct pool *p, long rep, int rc, const char *err)
{
	pthread_mutex_lock(&p->lock);
	if (rc != 0 && (p->failed_rep < 0 || rep < p->failed_rep)) {
		p->failed_rep = rep;
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
	struct wf_sim *s = wf_sim_alloc(p->m);
	char err[512];

	for (;;) {
		long rep;
		int rc;

		pthread_mutex_lock(&p->lock);
		rep = p->failed_rep >= 0 ? p->total : p->next;
		p->next += p->step;
		pthread_mutex_unlock(&p->lock);
		if (rep >= p->total)
			break;
		err[0] = '\0';
		rc = wf_sim_run(s, p->set, rep, &p->results[rep], NULL, NULL, err, sizeof(err));
		finished(p, rep, rc, err);
	}
	wf_sim_free(s);
	return NULL;
}

int
wf_sim_run_all(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *results,
    wf_visit_fn visit, void *visit_ctx, wf_progress_fn progress, void *progress_ctx,
    char *err, size_t errlen)
{
	struct pool p;
	pthread_t *tid;
	long r, nthreads, started = 0, i;

	for (r = 0; r < set->replications; r++)
		wf_rep_result_init(&results[r], m);
	if (set->replications <= 0)
		return 0;

	memset(&p, 0, sizeof(p));
	p.m = m;
	p.set = set;
	p.results = results;
	p.total = set->replications;
	wf_mpi_share(&p.next, &p.step);
	p.mine = p.next < p.total ? (p.total - p.next + p.step - 1) / p.step : 0;
	p.failed_rep = -1;
	p.progress = progress;
	p.progress_ctx = progress_ctx;
	pthread_mutex_init(&p.lock, NULL);

	if (visit != NULL && p.next == 0) {
		/* the event log's replication runs alone so the sink needs no locking (under MPI
		 * only rank 0 logs, and replication 0 is its first) */
		struct wf_sim *s = wf_sim_alloc(m);
		char e[512] = "";
		int rc = wf_sim_run(s, set, 0, &results[0], visit, visit_ctx, e, sizeof(e));

		wf_sim_free(s);
		finished(&p, 0, rc, e);
		p.next += p.step;
	}

	nthreads = set->threads < 1 ? 1 : set->threads;
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
	wf_mpi_gather(m, set, results, &p.failed_rep, p.err, sizeof(p.err));

	if (p.failed_rep >= 0) {
		snprintf(err, errlen, "%s", p.err);
		return -1;
	}
	return 0;
}
