/* The discrete-event engine for one replication: arrivals, resource pools with queues (FIFO
 * within a priority class) and capacity over the week and holidays, batches, the step
 * sequence (wait, work, exception, error, review, route), and the per-replication
 * statistics.  Every random number comes from a stream keyed
 * by (seed, replication, case number, draw site, visit), see rng.h and model-format.md. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "wfsim/sim.h"
#include "wfsim/evq.h"
#include "wfsim/rng.h"
#include "wfsim/step.h"
#include "wfsim/xalloc.h"

/* Branches on what a run rarely meets (an event log, paused work, a loop limit): laid out off
 * the path the engine takes at nearly every event. */
#if defined(__GNUC__)
#define rare(x)	__builtin_expect(!!(x), 0)
#else
#define rare(x)	(x)
#endif

/* Work in progress beyond this many cases stops the replication with an error: a model whose
 * offered load exceeds its capacity would otherwise eat all memory before the horizon. */
#define MAX_WIP 10000000L
/* "Unlimited" servers, kept far from INT_MAX so busy + 1 never overflows. */
#define MANY (INT_MAX / 2)

enum { EV_ARRIVAL, EV_DONE, EV_TIMEOUT, EV_CAPACITY, EV_BATCH };

enum {
	CF_COUNTED = 1 << 0,	/* in the cohort: arrived in [warmup, horizon) */
	CF_DEFECT = 1 << 1,
	CF_ESCALATED = 1 << 2,
	CF_REWORK = 1 << 3,
	CF_HUMAN = 1 << 4,	/* a human pool started work on it */
	CF_EXCEPTION = 1 << 5,
	CF_TIMEOUT = 1 << 6,
	CF_DECIDED = 1 << 7,	/* reached a decision step */
	CF_HUMAN_DECISION = 1 << 8,	/* a human worked on it since it reached a decision step */
	CF_IN_SERVICE = 1 << 9,
	CF_ALIVE = 1 << 10,	/* the slot holds a case in the system */
	CF_PAUSED = 1 << 11,	/* its work stopped at closing time (at_close: pause) */
	CF_HELD = 1 << 12	/* held at a batch step until a release */
};

/* The visits of one case not reported yet (event log only): they go out with its outcome. */
struct vbuf {
	struct wf_visit *v;
	size_t n, cap;
};

/* A segment's accumulators (metrics.h): the cohort cases with one attribute value. */
struct wseg {
	double arrived, ended, resolved, abandoned, autonomous, esc, rework, escaped, sla;
	struct wf_moments cycle, wait, touch, cost;
	struct wf_hist hist;		/* cycle times, for the quantiles */
};

/* A case in the system.  Cases live in one array reused through a free list; per-step visit
 * counts and attribute values sit in parallel arrays at the same index.  new_case sets every
 * field one by one: a field added here must be set there too. */
struct wcase {
	long id;		/* arrival number, or WF_BACKLOG_ID0 + i */
	double arrive;
	double enqueue;		/* when it reached its current step */
	double start;		/* when its current service began */
	double wait, touch, cost;
	uint64_t timeout_seq;	/* seq of the pending max_wait event; 0 when none */
	uint64_t done_seq;	/* seq of the pending end of its work; 0 while paused */
	/* at_close: pause: when its work ends (remaining work while paused), when it paused,
	 * and the time its current visit spent paused */
	double done_at, paused_at, paused;
	int step;
	int week;		/* arrival week of a cohort case (week_of), or -1 */
	int lvl;		/* while queued: its priority class in the pool (0 first) */
	/* FIFO links while queued, or while in service in a pool that pauses; next links the
	 * free list */
	int prev, next;
	unsigned flags;
	uint32_t visit;		/* 0-based index of the current visit to `step` */
};

struct wres {
	const struct wf_weekly *sched;	/* servers over the week, or NULL when constant */
	int sched_bool;			/* sched is a calendar: open means MANY servers */
	int unlimited;
	int avail, busy;
	/* When `avail` next changes; INFINITY for a constant pool.  Work starting at that very
	 * instant must see the new capacity even when its event precedes the change's. */
	double next_change;
	/* One FIFO of case indices per priority class, highest priority first (-1 when
	 * empty); the classes are fixed at load, so queueing never allocates. */
	int *head, *tail;
	int n_lvl;
	long qlen;			/* all classes */
	/* at_close: pause: the visits in service (working or paused), in the order they
	 * started, and how many of them are paused */
	int pause;
	int svc_head, svc_tail;
	int n_paused;
	double last;			/* time the areas below were brought up to */
	/* over the window: all busy server-time, the part within the scheduled capacity (the
	 * rest is overtime), and the queue length's integral */
	double busy_area, sched_area, queue_area;
	double hours_per_unit_cost;	/* cost_per_hour * hours per model unit */
};

/* The visits a batch step holds, in arrival order (linked through the cases' prev/next),
 * and the seq of the pending max_wait release (0: none). */
struct wbatch {
	int head, tail;
	long n;
	uint64_t seq;
};

struct wstep {
	double cm[WF_CM_COUNT];		/* classifier routes: the confusion matrix */
	double visits;
	double n_wait, wait_sum;
	double n_service, service_sum;
};

struct wf_sim {
	const struct wf_model *m;
	gsl_rng *rng;
	struct wf_evq q;
	size_t ns, na;			/* steps, attributes */

	struct wcase *c;
	size_t cap;
	int free_head;
	uint32_t *visits;		/* cap * ns */
	int *attrs;			/* cap * na */
	double *nums;			/* cap * na numbers of numeric attributes, or NULL */
	struct vbuf *vb;		/* cap, while an event log is asked for */

	struct wres *res;
	int *qends;			/* the pools' head and tail arrays */
	/* A visit to step k waits in class lvl_map[lvl_off[k]] of its pool, or with a priority
	 * by attribute a, lvl_map[lvl_off[k] + its value of a] */
	int *lvl_map;
	size_t *lvl_off;
	struct wstep *st;
	struct wbatch *bt;		/* per step */
	double week, day;		/* model units per week, per day */
	double *outcome_n, *outcome_auto_n;
	double unit_hours;		/* hours per model unit */

	/* per run */
	double horizon, warmup;
	double end_time;		/* the drain cap: horizon + drain */
	double window_end;		/* end of the time-based figures' window (<= horizon) */
	int arrivals_over;		/* a finite arrival process has no more cases */
	wf_visit_fn visit;
	void *visit_ctx;
	long next_case;			/* number of the next arrival */
	long thin_k;			/* profile thinning: candidates drawn so far */
	double last_arrival;
	long n_system, n_cohort_open;
	double wip_last, wip_area;
	double arrived, completed, loop_limit, departed, in_progress_at_horizon;
	double n_resolved, n_abandoned, n_decided_auto;
	double n_auto, n_esc, n_rework, n_exc, n_timeout, n_escaped, n_sla;
	struct wf_moments cycle, wait, touch, cost;
	struct wf_rep_result *out;
	/* per arrival week: cases arrived, ended, resolved, autonomous, escalated, escaped,
	 * cycle and touch time sums */
	double week_len;
	size_t n_weeks;
	double wk[WF_MAX_WEEKS][8];
	/* segments: the first segment of each attribute (-1 when not segmented), and each
	 * segment's accumulators; fixed size (at most WF_MAX_SEGMENTS) */
	int *seg_off;
	size_t n_seg;
	struct wseg *seg;
};

enum { WK_ARRIVED, WK_ENDED, WK_RESOLVED, WK_AUTO, WK_ESC, WK_ESCAPED, WK_CYCLE, WK_TOUCH };

/* The arrival week (0-based) of a cohort case, or -1 beyond the weeks kept. */
static int
week_of(const struct wf_sim *s, double arrive)
{
	double k = floor((arrive - s->warmup) / s->week_len);

	return k >= 0 && k < (double)s->n_weeks ? (int)k : -1;
}

/* The stream (case_no, site, visit) of the replication's (seed, replication), set by reset. */
static gsl_rng *
stream(struct wf_sim *s, long case_no, uint64_t site, uint64_t visit)
{
	wf_rng_state_restart(s->rng->state, (uint64_t)case_no, site, visit);
	return s->rng;
}

/* Numbers the priority classes of every pool (its distinct priorities, highest first) and
 * maps each step's priorities onto them. */
static void
priority_classes(struct wf_sim *s)
{
	const struct wf_model *m = s->m;
	size_t i, k, j, n, nq = 0, nmap = 0;
	int **lv = wf_xcalloc(m->n_resources ? m->n_resources : 1, sizeof(int *));
	size_t *nl = wf_xcalloc(m->n_resources ? m->n_resources : 1, sizeof(size_t));

	for (i = 0; i < m->n_resources; i++) {
		lv[i] = wf_model_priority_levels(m, i, &nl[i]);
		nq += nl[i];
	}
	s->qends = wf_xcalloc(2 * (nq ? nq : 1), sizeof(int));
	for (i = 0, nq = 0; i < m->n_resources; i++) {
		s->res[i].n_lvl = (int)nl[i];
		s->res[i].head = &s->qends[2 * nq];
		s->res[i].tail = &s->qends[2 * nq + nl[i]];
		nq += nl[i];
	}
	s->lvl_off = wf_xcalloc(m->n_steps ? m->n_steps : 1, sizeof(size_t));
	for (k = 0; k < m->n_steps; k++) {
		const struct wf_step *st = &m->steps[k];

		s->lvl_off[k] = nmap;
		nmap += st->priority_by != NULL ? m->attributes[st->priority_attr].n_values : 1;
	}
	s->lvl_map = wf_xcalloc(nmap ? nmap : 1, sizeof(int));
	for (k = 0; k < m->n_steps; k++) {
		const struct wf_step *st = &m->steps[k];
		size_t nv = st->priority_by != NULL ? m->attributes[st->priority_attr].n_values : 1;

		if (st->resource < 0)
			continue;
		for (j = 0; j < nv; j++) {
			int p = st->priority_by != NULL ? st->priority_by[j] : st->priority;

			for (n = 0; n + 1 < nl[st->resource] && lv[st->resource][n] != p; n++)
				;
			s->lvl_map[s->lvl_off[k] + j] = (int)n;
		}
	}
	for (i = 0; i < m->n_resources; i++)
		free(lv[i]);
	free(lv);
	free(nl);
}

struct wf_sim *
wf_sim_alloc(const struct wf_model *m)
{
	struct wf_sim *s = wf_xcalloc(1, sizeof(*s));
	size_t i;

	s->m = m;
	s->rng = gsl_rng_alloc(wf_rng_keyed);
	if (s->rng == NULL) {
		fputs("wfsim: error: out of memory\n", stderr);
		exit(3);
	}
	wf_evq_init(&s->q);
	s->ns = m->n_steps;
	s->na = m->n_attributes;
	s->free_head = -1;
	s->res = wf_xcalloc(m->n_resources, sizeof(*s->res));
	s->st = wf_xcalloc(m->n_steps, sizeof(*s->st));
	s->bt = wf_xcalloc(m->n_steps ? m->n_steps : 1, sizeof(*s->bt));
	s->week = 7 * 86400.0 / wf_unit_seconds(m->unit);
	s->day = 86400.0 / wf_unit_seconds(m->unit);
	s->outcome_n = wf_xcalloc(m->n_outcomes, sizeof(double));
	s->outcome_auto_n = wf_xcalloc(m->n_outcomes, sizeof(double));
	s->unit_hours = wf_unit_seconds(m->unit) / 3600.0;
	s->seg_off = wf_xcalloc(m->n_attributes ? m->n_attributes : 1, sizeof(int));
	s->n_seg = wf_segments_layout(m, s->seg_off);
	s->seg = s->n_seg > 0 ? wf_xcalloc(s->n_seg, sizeof(*s->seg)) : NULL;
	priority_classes(s);
	for (i = 0; i < m->n_resources; i++) {
		const struct wf_resource *r = &m->resources[i];
		struct wres *w = &s->res[i];

		w->unlimited = r->capacity == WF_UNLIMITED;
		w->pause = r->at_close_pause;
		w->hours_per_unit_cost = r->cost_per_hour * s->unit_hours;
		if (!w->unlimited && r->servers.n > 0)
			w->sched = &r->servers;
		else if (w->unlimited && r->calendar >= 0 &&
		    (size_t)r->calendar < m->n_calendars) {
			/* an unlimited pool with a calendar: any number while open, none shut */
			w->sched = &m->calendars[r->calendar].open;
			w->sched_bool = 1;
		}
	}
	return s;
}

void
wf_sim_free(struct wf_sim *s)
{
	size_t i;

	if (s == NULL)
		return;
	gsl_rng_free(s->rng);
	wf_evq_fini(&s->q);
	free(s->c);
	free(s->visits);
	free(s->attrs);
	free(s->nums);
	if (s->vb != NULL)
		for (i = 0; i < s->cap; i++)
			free(s->vb[i].v);
	free(s->vb);
	free(s->res);
	free(s->qends);
	free(s->lvl_map);
	free(s->lvl_off);
	free(s->st);
	free(s->bt);
	free(s->outcome_n);
	free(s->outcome_auto_n);
	free(s->seg_off);
	free(s->seg);
	free(s);
}

/* The first of the holidays h[0..n) (midnights, increasing) not over by t; n when none. */
static size_t
holiday_from(const double *h, size_t n, double day, double t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h[mid] + day > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int
on_holiday(const double *h, size_t n, double day, double t)
{
	size_t i = holiday_from(h, n, day, t);

	return i < n && h[i] <= t;
}

/* When pool r's servers next change after t: the next edge of its schedule or holidays. */
static double
res_next_change(const struct wf_sim *s, size_t r, double t)
{
	const struct wf_resource *res = &s->m->resources[r];
	double a = s->res[r].sched != NULL ? wf_weekly_next_change(s->res[r].sched, t) : INFINITY;
	size_t i = holiday_from(res->holiday, res->n_holidays, s->day, t);
	double b = i == res->n_holidays ? INFINITY :
	    res->holiday[i] > t ? res->holiday[i] : res->holiday[i] + s->day;

	return a < b ? a : b;
}

/* Servers available at time t. */
static int
avail_at(const struct wf_sim *s, size_t r, double t)
{
	const struct wres *w = &s->res[r];
	const struct wf_resource *res = &s->m->resources[r];
	double v;

	if (res->n_holidays > 0 && on_holiday(res->holiday, res->n_holidays, s->day, t))
		return 0;
	if (w->sched == NULL)
		return w->unlimited ? MANY : s->m->resources[r].capacity;
	v = wf_weekly_at(w->sched, t);
	if (w->sched_bool)
		return v > 0 ? MANY : 0;
	return v <= 0 ? 0 : v >= MANY ? MANY : (int)lround(v);
}

/* Applies a capacity change falling due at t before work starts at t: an event at the same
 * instant as the change (a service ending at 13:00, when the pool shrinks at 13:00) may come
 * off the event queue ahead of the change itself, and must not start work on the old
 * capacity.  The change's own event then finds avail already set. */
static inline void
res_refresh(struct wf_sim *s, struct wres *w, double t)
{
	if (rare(t >= w->next_change))
		w->avail = avail_at(s, (size_t)(w - s->res), t);
}

/* Brings a pool's time integrals over the window up to t; call before busy, qlen or avail
 * change.  Busy servers beyond `avail` are overtime: work that started before the calendar
 * closed (or the shift shrank) and runs on. */
static inline void
res_account(struct wf_sim *s, struct wres *w, double t)
{
	double from = w->last > s->warmup ? w->last : s->warmup;
	double to = t < s->window_end ? t : s->window_end;

	if (to > from) {
		double d = to - from;

		w->busy_area += w->busy * d;
		w->sched_area += (w->busy < w->avail ? w->busy : w->avail) * d;
		w->queue_area += (double)w->qlen * d;
	}
	w->last = t;
}

static inline void
wip_account(struct wf_sim *s, double t)
{
	double from = s->wip_last > s->warmup ? s->wip_last : s->warmup;
	double to = t < s->window_end ? t : s->window_end;

	if (to > from)
		s->wip_area += (double)s->n_system * (to - from);
	s->wip_last = t;
}

/* A free case slot, growing the arrays (geometrically) when there is none. */
static int
case_new(struct wf_sim *s)
{
	int i;

	if (s->free_head < 0) {
		size_t old = s->cap, k;

		s->c = wf_xgrow(s->c, &s->cap, old < 64 ? 64 : old + 1, sizeof(*s->c));
		s->visits = wf_xrealloc(s->visits, s->cap * (s->ns ? s->ns : 1) * sizeof(uint32_t));
		s->attrs = wf_xrealloc(s->attrs, s->cap * (s->na ? s->na : 1) * sizeof(int));
		if (s->m->has_numeric)
			s->nums = wf_xrealloc(s->nums, s->cap * s->na * sizeof(double));
		if (s->vb != NULL) {
			s->vb = wf_xrealloc(s->vb, s->cap * sizeof(*s->vb));
			memset(&s->vb[old], 0, (s->cap - old) * sizeof(*s->vb));
		}
		for (k = s->cap; k > old; k--) {
			s->c[k - 1].flags = 0;
			s->c[k - 1].next = s->free_head;
			s->free_head = (int)(k - 1);
		}
	}
	i = s->free_head;
	s->free_head = s->c[i].next;
	return i;
}

static void
case_free(struct wf_sim *s, int i)
{
	s->c[i].flags = 0;
	s->c[i].next = s->free_head;
	s->free_head = i;
}

static void enter_step(struct wf_sim *, int, int, double);

/* Reports the case's buffered visits (event log only), with its outcome (-1: still open). */
static void
flush_visits(struct wf_sim *s, int ci, int outcome)
{
	struct vbuf *b = &s->vb[ci];
	const int *av = &s->attrs[(size_t)ci * s->na];
	int cohort = !!(s->c[ci].flags & CF_COUNTED);
	size_t i;

	for (i = 0; i < b->n; i++) {
		b->v[i].outcome = outcome;
		b->v[i].cohort = cohort;
		b->v[i].attrs = av;
		b->v[i].nums = s->nums != NULL ? &s->nums[(size_t)ci * s->na] : NULL;
		s->visit(s->visit_ctx, &b->v[i]);
	}
	b->n = 0;
}

/* A finite workload is done before the horizon: the time-based figures end here rather than
 * averaging in an empty tail.  Every pool is idle now, so the integrals that are brought up
 * to date lazily stay right. */
static void
workload_done(struct wf_sim *s, double t)
{
	s->window_end = t > s->warmup ? t : s->warmup;
}

/* Case ci's segment of attribute a: its value's, or its number's bin; -1 when a is not
 * segmented. */
static int
segment_of(const struct wf_sim *s, int ci, size_t a)
{
	size_t i = (size_t)ci * s->na + a;

	if (s->seg_off[a] < 0)
		return -1;
	if (s->m->attributes[a].numeric)
		return s->seg_off[a] + (int)wf_segment_bin(&s->m->attributes[a], s->nums[i]);
	return s->attrs[i] < 0 ? -1 : s->seg_off[a] + s->attrs[i];
}

/* Cases waiting in a queue, held in a batch or in service at a pausing pool are on
 * doubly-linked lists threaded through their prev/next fields; head and tail are the list's
 * ends (-1 when empty). */
static inline void
list_append(struct wf_sim *s, int *head, int *tail, int ci)
{
	struct wcase *c = &s->c[ci];

	c->next = -1;
	c->prev = *tail;
	if (*tail >= 0)
		s->c[*tail].next = ci;
	else
		*head = ci;
	*tail = ci;
}

static inline void
list_unlink(struct wf_sim *s, int *head, int *tail, int ci)
{
	const struct wcase *c = &s->c[ci];

	if (c->prev >= 0)
		s->c[c->prev].next = c->next;
	else
		*head = c->next;
	if (c->next >= 0)
		s->c[c->next].prev = c->prev;
	else
		*tail = c->prev;
}

/* A cohort case ended: into the segment of each of its segmented attributes.  bucket: the
 * cycle time's in the run's histogram, whose lo the segments' share (reset). */
static void
segments_add(struct wf_sim *s, int ci, int outcome, double cycle, size_t bucket)
{
	const struct wcase *c = &s->c[ci];
	unsigned f = c->flags;
	int resolved = s->m->outcome_kind[outcome] == WF_OUTCOME_RESOLVED;
	size_t a;

	for (a = 0; a < s->na; a++) {
		struct wseg *g;
		int k = segment_of(s, ci, a);

		if (k < 0)
			continue;
		g = &s->seg[k];
		g->ended++;
		g->resolved += resolved;
		g->abandoned += s->m->outcome_kind[outcome] == WF_OUTCOME_ABANDONED;
		g->autonomous += resolved && !(f & CF_HUMAN);
		g->esc += !!(f & CF_ESCALATED);
		g->rework += !!(f & CF_REWORK);
		g->escaped += !!(f & CF_DEFECT);
		g->sla += s->m->has_sla && cycle <= s->m->sla;
		wf_moments_add(&g->cycle, cycle);
		wf_moments_add(&g->wait, c->wait);
		wf_moments_add(&g->touch, c->touch);
		wf_moments_add(&g->cost, c->cost);
		wf_hist_add_at(&g->hist, bucket, cycle);
	}
}

static void
end_case(struct wf_sim *s, int ci, int outcome, double t)
{
	struct wcase *c = &s->c[ci];
	int wk;

	if (t >= s->warmup && t < s->window_end)
		s->departed++;
	if (c->flags & CF_COUNTED) {
		double cycle = t - c->arrive;
		unsigned f = c->flags;
		int resolved = s->m->outcome_kind[outcome] == WF_OUTCOME_RESOLVED;
		int decided_auto = s->m->has_decision ?
		    (f & CF_DECIDED) && !(f & CF_HUMAN_DECISION) : !(f & CF_HUMAN);
		size_t bucket = wf_hist_index(&s->out->cycle, cycle);	/* a time: never NaN */

		s->completed++;
		wf_moments_add(&s->cycle, cycle);
		wf_hist_add_at(&s->out->cycle, bucket, cycle);
		wf_moments_add(&s->wait, c->wait);
		wf_moments_add(&s->touch, c->touch);
		wf_moments_add(&s->cost, c->cost);
		s->n_resolved += resolved;
		s->n_abandoned += s->m->outcome_kind[outcome] == WF_OUTCOME_ABANDONED;
		s->n_auto += resolved && !(f & CF_HUMAN);
		s->n_decided_auto += resolved && decided_auto;
		s->n_esc += !!(f & CF_ESCALATED);
		s->n_rework += !!(f & CF_REWORK);
		s->n_exc += !!(f & CF_EXCEPTION);
		s->n_timeout += !!(f & CF_TIMEOUT);
		s->n_escaped += !!(f & CF_DEFECT);
		if (s->m->has_sla && cycle <= s->m->sla)
			s->n_sla++;
		s->outcome_n[outcome]++;
		s->outcome_auto_n[outcome] += decided_auto;
		if ((wk = c->week) >= 0) {
			double *w = s->wk[wk];

			w[WK_ENDED]++;
			w[WK_RESOLVED] += resolved;
			w[WK_AUTO] += resolved && !(f & CF_HUMAN);
			w[WK_ESC] += !!(f & CF_ESCALATED);
			w[WK_ESCAPED] += !!(f & CF_DEFECT);
			w[WK_CYCLE] += cycle;
			w[WK_TOUCH] += c->touch;
		}
		if (s->n_seg > 0)
			segments_add(s, ci, outcome, cycle, bucket);
		if (outcome == WF_OUTCOME_LOOP_LIMIT)
			s->loop_limit++;
		s->n_cohort_open--;
	}
	if (rare(s->visit != NULL))
		flush_visits(s, ci, outcome);
	s->n_system--;
	case_free(s, ci);
	if (s->n_system == 0 && s->arrivals_over && t < s->window_end)
		workload_done(s, t);
}

static void
go(struct wf_sim *s, int ci, struct wf_target to, double t)
{
	if (to.step < 0)
		end_case(s, ci, to.outcome, t);
	else
		enter_step(s, ci, to.step, t);
}

static void
start_service(struct wf_sim *s, int ci, double t)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st = &s->m->steps[c->step];
	double w = t - c->enqueue, dur = 0;

	c->start = t;
	c->paused = 0;
	c->wait += w;
	c->timeout_seq = 0;
	c->flags |= CF_IN_SERVICE;
	if (st->resource >= 0 && !s->m->resources[st->resource].is_machine)
		c->flags |= (c->flags & CF_DECIDED) ? CF_HUMAN | CF_HUMAN_DECISION : CF_HUMAN;
	if (c->flags & CF_COUNTED) {
		s->st[c->step].n_wait++;
		s->st[c->step].wait_sum += w;
	}
	if (st->has_duration) {
		struct wf_case_view cv = { &s->attrs[(size_t)ci * s->na],
		    s->nums != NULL ? &s->nums[(size_t)ci * s->na] : NULL, t };

		dur = wf_step_duration(st, &cv,
		    stream(s, c->id, st->site ^ WF_DRAW_DURATION, c->visit));
	}
	c->done_at = t + dur;
	c->done_seq = wf_evq_push(&s->q, c->done_at, EV_DONE, ci);
	if (st->resource >= 0 && rare(s->res[st->resource].pause)) {
		struct wres *p = &s->res[st->resource];

		list_append(s, &p->svc_head, &p->svc_tail, ci);
	}
}

/* A pool that pauses: case ci's work is over, it leaves the list of visits in service. */
static void
svc_unlink(struct wf_sim *s, struct wres *w, int ci)
{
	list_unlink(s, &w->svc_head, &w->svc_tail, ci);
}

/* at_close: pause, the servers are fewer than the busy ones: the visits that started last
 * stop where they are, keep their remaining work and their server, and wait for the next
 * opening.  O(visits in service). */
static void
pause_excess(struct wf_sim *s, struct wres *w, double t)
{
	int ci, excess = w->busy - w->avail;

	for (ci = w->svc_tail; ci >= 0 && excess > 0; ci = s->c[ci].prev) {
		struct wcase *c = &s->c[ci];

		if (c->flags & CF_PAUSED)
			continue;
		excess--;
		if (c->done_at <= t)
			continue;	/* its work ends at this very instant: it frees the server */
		c->flags |= CF_PAUSED;
		c->done_at -= t;	/* the work left */
		c->paused_at = t;
		c->done_seq = 0;	/* its pending end is void */
		w->busy--;
		w->n_paused++;
	}
}

/* Paused visits take the servers back, those that started first first, before any queued
 * visit starts. */
static void
resume_paused(struct wf_sim *s, struct wres *w, double t)
{
	int ci;

	for (ci = w->svc_head; ci >= 0 && w->n_paused > 0 && w->busy < w->avail;
	    ci = s->c[ci].next) {
		struct wcase *c = &s->c[ci];

		if (!(c->flags & CF_PAUSED))
			continue;
		c->flags &= ~(unsigned)CF_PAUSED;
		c->paused += t - c->paused_at;
		c->done_at += t;
		c->done_seq = wf_evq_push(&s->q, c->done_at, EV_DONE, ci);
		w->busy++;
		w->n_paused--;
	}
}

/* Appends case ci to the FIFO of its priority class. */
static void
q_push(struct wf_sim *s, struct wres *w, int ci)
{
	int l = s->c[ci].lvl;

	list_append(s, &w->head[l], &w->tail[l], ci);
	w->qlen++;
}

/* Takes case ci out of its pool's queue, wherever it is (a timeout). */
static void
q_remove(struct wf_sim *s, struct wres *w, int ci)
{
	int l = s->c[ci].lvl;

	list_unlink(s, &w->head[l], &w->tail[l], ci);
	w->qlen--;
}

/* Starts queued work while servers are free: the highest class first, FIFO within it (a
 * scan of the few classes of the pool). */
static void
dispatch(struct wf_sim *s, struct wres *w, double t)
{
	int l = 0;

	res_refresh(s, w, t);
	if (rare(w->n_paused > 0))
		resume_paused(s, w, t);
	while (w->qlen > 0 && w->busy < w->avail) {
		int ci;

		while (w->head[l] < 0)
			l++;
		ci = w->head[l];
		q_remove(s, w, ci);
		w->busy++;
		start_service(s, ci, t);
	}
}

/* Draws the patience of case ci's visit and schedules its timeout. */
static void
patience(struct wf_sim *s, int ci, double t)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st = &s->m->steps[c->step];
	double p = wf_dist_sample(&st->max_wait,
	    stream(s, c->id, st->site ^ WF_DRAW_MAX_WAIT, c->visit));

	c->timeout_seq = wf_evq_push(&s->q, t + p, EV_TIMEOUT, ci);
}

static void queue_visit(struct wf_sim *, int, double, int);

/* A step without a pool and with a max_wait (a customer waiting for documents): when the
 * patience drawn is shorter than the duration, the visit ends then and goes to on_timeout
 * (on_timeout below), its end voided; otherwise the patience plays no part. */
static void
cut_short(struct wf_sim *s, int ci, double t)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st = &s->m->steps[c->step];
	double p = wf_dist_sample(&st->max_wait,
	    stream(s, c->id, st->site ^ WF_DRAW_MAX_WAIT, c->visit));

	if (t + p < c->done_at) {
		c->done_seq = 0;
		c->timeout_seq = wf_evq_push(&s->q, t + p, EV_TIMEOUT, ci);
	}
}

/* Every visit a batch step holds goes on to its pool, in the order they came. */
static void
release(struct wf_sim *s, int step, double t)
{
	struct wbatch *b = &s->bt[step];

	b->seq = 0;
	while (b->head >= 0) {
		int ci = b->head;

		b->head = s->c[ci].next;
		if (b->head >= 0)
			s->c[b->head].prev = -1;
		else
			b->tail = -1;
		b->n--;
		s->c[ci].flags &= ~(unsigned)CF_HELD;
		queue_visit(s, ci, t, 0);
	}
}

/* Case ci reaches a batch step: it is held until a release (the clock's, or its batch
 * filling up, or the first held having waited the batch's max_wait). */
static void
hold(struct wf_sim *s, int ci, double t)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st = &s->m->steps[c->step];
	struct wbatch *b = &s->bt[c->step];

	c->flags |= CF_HELD;
	list_append(s, &b->head, &b->tail, ci);
	b->n++;
	if (st->has_max_wait)
		patience(s, ci, t);
	if (st->n_batch_at > 0)
		return;
	if (st->batch_size > 0 && b->n >= st->batch_size)
		release(s, c->step, t);
	else if (b->n == 1 && isfinite(st->batch_max_wait))
		b->seq = wf_evq_push(&s->q, t + st->batch_max_wait, EV_BATCH, c->step);
}

/* Case ci gave up while held: it leaves the batch; the batch's max_wait then runs from the
 * next held visit. */
static void
unhold(struct wf_sim *s, int ci)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st = &s->m->steps[c->step];
	struct wbatch *b = &s->bt[c->step];
	int was_first = c->prev < 0;

	list_unlink(s, &b->head, &b->tail, ci);
	b->n--;
	c->flags &= ~(unsigned)CF_HELD;
	if (was_first && b->seq != 0)
		b->seq = b->head >= 0 ? wf_evq_push(&s->q,
		    s->c[b->head].enqueue + st->batch_max_wait, EV_BATCH, c->step) : 0;
}

/* The next fixed release of a timed batch step after t. */
static double
next_release(const struct wf_sim *s, const struct wf_step *st, double t)
{
	double pos = fmod(t + s->m->week_offset, s->week), base = t - pos;
	size_t i;

	for (;;) {
		for (i = 0; i < st->n_batch_at; i++)
			if (base + st->batch_at[i] > t)
				return base + st->batch_at[i];
		base += s->week;
	}
}

static void
on_batch(struct wf_sim *s, int step, uint64_t seq, double t)
{
	const struct wf_step *st = &s->m->steps[step];
	double next;

	if (st->n_batch_at == 0) {
		if (seq == s->bt[step].seq)	/* else released by size first */
			release(s, step, t);
		return;
	}
	release(s, step, t);
	next = next_release(s, st, t);
	if (next <= s->end_time)
		wf_evq_push(&s->q, next, EV_BATCH, step);
}

static void
enter_step(struct wf_sim *s, int ci, int step, double t)
{
	const struct wf_step *st = &s->m->steps[step];
	struct wcase *c = &s->c[ci];
	uint32_t *vis = &s->visits[(size_t)ci * s->ns + (size_t)step];

	if (rare(st->max_visits > 0 && *vis >= (uint32_t)st->max_visits)) {
		end_case(s, ci, WF_OUTCOME_LOOP_LIMIT, t);
		return;
	}
	c->visit = (*vis)++;
	c->step = step;
	c->enqueue = t;
	if (st->escalation)
		c->flags |= CF_ESCALATED;
	if (st->decision)
		c->flags |= CF_DECIDED;
	if (c->flags & CF_COUNTED)
		s->st[step].visits++;
	if (rare(st->has_batch))
		hold(s, ci, t);
	else
		queue_visit(s, ci, t, 1);
}

/* The visit of case ci to its step waits for the step's pool (or starts, without one); its
 * patience starts now unless it started when the case was held for a batch. */
static void
queue_visit(struct wf_sim *s, int ci, double t, int patience_now)
{
	struct wcase *c = &s->c[ci];
	int step = c->step;
	const struct wf_step *st = &s->m->steps[step];
	struct wres *w;

	if (st->resource < 0) {
		start_service(s, ci, t);
		if (st->has_max_wait && patience_now)
			cut_short(s, ci, t);
		return;
	}
	w = &s->res[st->resource];
	res_account(s, w, t);
	res_refresh(s, w, t);
	if (w->qlen == 0 && w->n_paused == 0 && w->busy < w->avail) {
		w->busy++;
		start_service(s, ci, t);
		return;
	}
	c->lvl = s->lvl_map[s->lvl_off[step] + (st->priority_by != NULL ?
	    (size_t)s->attrs[(size_t)ci * s->na + (size_t)st->priority_attr] : 0)];
	q_push(s, w, ci);
	if (st->has_max_wait && patience_now)
		patience(s, ci, t);
}

/* Keeps a finished (or, at the end of the run, open) visit until its case ends. */
static void
report_visit(struct wf_sim *s, int ci, double start, double end, int timed_out, int open)
{
	const struct wcase *c = &s->c[ci];
	struct vbuf *b = &s->vb[ci];
	struct wf_visit *v;

	if (b->n == b->cap)
		b->v = wf_xgrow(b->v, &b->cap, b->n + 1, sizeof(*b->v));
	v = &b->v[b->n++];
	memset(v, 0, sizeof(*v));
	v->case_id = c->id;
	v->step = c->step;
	v->resource = s->m->steps[c->step].resource;
	v->enqueue = c->enqueue;
	v->start = start;
	v->end = end;
	v->timed_out = timed_out;
	v->open = open;
}

/* The uniform of the current visit for one purpose (step.h's wf_uniform_fn). */
struct visit_draw {
	struct wf_sim *s;
	const struct wcase *c;
	uint64_t site;
};

static double
visit_uniform(void *ctx, unsigned purpose)
{
	struct visit_draw *d = ctx;

	return wf_rng_uniform(stream(d->s, d->c->id, d->site ^ purpose, d->c->visit));
}

static void
on_done(struct wf_sim *s, int ci, double t)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st = &s->m->steps[c->step];
	double dur = t - c->start - c->paused;
	struct visit_draw d = { s, c, st->site };
	struct wf_case_view cv;
	struct wf_step_end end;

	if (st->resource >= 0) {
		struct wres *w = &s->res[st->resource];

		res_account(s, w, t);
		w->busy--;
		if (rare(w->pause))
			svc_unlink(s, w, ci);
		dispatch(s, w, t);
		c = &s->c[ci];	/* dispatch does not allocate, but keep the pointer honest */
		if (!s->m->resources[st->resource].is_machine)
			c->touch += dur;
		c->cost += dur * w->hours_per_unit_cost;
	}
	c->cost += st->cost;
	if (c->flags & CF_COUNTED) {
		s->st[c->step].n_service++;
		s->st[c->step].service_sum += dur;
	}
	c->flags &= ~(unsigned)CF_IN_SERVICE;
	if (rare(s->visit != NULL))
		report_visit(s, ci, c->start, t, 0, 0);

	cv.cat = &s->attrs[(size_t)ci * s->na];
	cv.num = s->nums != NULL ? &s->nums[(size_t)ci * s->na] : NULL;
	cv.t = t;
	wf_step_end(st, &cv, !!(c->flags & CF_DEFECT), visit_uniform, &d, &end);
	if (end.defect)
		c->flags |= CF_DEFECT;
	else
		c->flags &= ~(unsigned)CF_DEFECT;
	switch (end.kind) {
	case WF_END_EXCEPTION:
		c->flags |= CF_EXCEPTION;
		break;
	case WF_END_CAUGHT:
	case WF_END_FALSE_ALARM:
		c->flags |= CF_REWORK;
		break;
	case WF_END_ROUTE:
		if (end.entry != NULL && end.entry->rework)
			c->flags |= CF_REWORK;
		if (st->route_kind == WF_ROUTE_CLASSIFY && (c->flags & CF_COUNTED)) {
			int flagged = end.entry == &st->route[0];

			s->st[c->step].cm[wf_classify_positive(st, &cv) ?
			    (flagged ? WF_CM_CAUGHT : WF_CM_MISSED) :
			    (flagged ? WF_CM_FALSE_ALARMS : WF_CM_CLEARED)]++;
		}
		break;
	}
	go(s, ci, end.to, t);
}

static void
on_timeout(struct wf_sim *s, int ci, uint64_t seq, double t)
{
	struct wcase *c = &s->c[ci];
	const struct wf_step *st;
	struct wres *w;
	double wt;

	if (c->timeout_seq != seq)
		return;		/* started service first, or the slot was reused */
	c->timeout_seq = 0;
	st = &s->m->steps[c->step];
	if (c->flags & CF_IN_SERVICE) {
		/* cut short (cut_short): it spent the time in the step, not waiting */
		c->flags = (c->flags & ~(unsigned)CF_IN_SERVICE) | CF_TIMEOUT;
		if (s->visit != NULL)
			report_visit(s, ci, c->start, t, 1, 0);
		go(s, ci, st->on_timeout, t);
		return;
	}
	if (c->flags & CF_HELD)
		unhold(s, ci);
	else {
		w = &s->res[st->resource];
		res_account(s, w, t);
		q_remove(s, w, ci);
	}
	wt = t - c->enqueue;
	c->wait += wt;
	c->flags |= CF_TIMEOUT;
	if (c->flags & CF_COUNTED) {
		s->st[c->step].n_wait++;
		s->st[c->step].wait_sum += wt;
	}
	if (s->visit != NULL)
		report_visit(s, ci, NAN, t, 1, 0);
	go(s, ci, st->on_timeout, t);
}

static void
on_capacity(struct wf_sim *s, int r, double t)
{
	struct wres *w = &s->res[r];
	double next;

	res_account(s, w, t);
	w->avail = avail_at(s, (size_t)r, t);
	next = res_next_change(s, (size_t)r, t);
	w->next_change = next;
	if (w->pause && w->busy > w->avail)
		pause_excess(s, w, t);
	dispatch(s, w, t);
	if (next <= s->end_time)
		wf_evq_push(&s->q, next, EV_CAPACITY, r);
}

/* A new case at time t with number id: attributes drawn (or taken from the trace row), then
 * the first step.  Returns its index. */
static void
new_case(struct wf_sim *s, long id, const int *given, const double *given_num, double t,
	 int first_step)
{
	const struct wf_model *m = s->m;
	int ci = case_new(s);
	struct wcase *c = &s->c[ci];
	int *av = &s->attrs[(size_t)ci * s->na];
	size_t a, k;
	int wk;

	/* Field by field: zeroing the whole slot (memset, or a compound literal, which GCC
	 * turns into rep stos) cost a tenth of an M/M/c run in start-up latency. */
	c->id = id;
	c->arrive = t;
	c->enqueue = c->start = 0;
	c->wait = c->touch = c->cost = 0;
	c->timeout_seq = c->done_seq = 0;
	c->done_at = c->paused_at = c->paused = 0;
	c->step = c->lvl = 0;
	c->week = -1;
	c->prev = c->next = -1;
	c->flags = CF_ALIVE;
	c->visit = 0;
	if (t >= s->warmup && t < s->horizon) {
		c->flags |= CF_COUNTED;
		s->arrived++;
		s->n_cohort_open++;
		if ((wk = week_of(s, t)) >= 0)
			s->wk[wk][WK_ARRIVED]++;
		c->week = wk;	/* end_case counts the case in the same week */
	}
	s->n_system++;
	if (s->ns > 0)
		memset(&s->visits[(size_t)ci * s->ns], 0, s->ns * sizeof(uint32_t));
	for (a = 0; a < s->na; a++) {
		const struct wf_attribute *at = &m->attributes[a];
		double u, acc = 0;

		if (at->numeric) {
			double *x = &s->nums[(size_t)ci * s->na + a];

			av[a] = -1;
			if (given_num != NULL && !isnan(given_num[a]))
				*x = given_num[a];
			else
				*x = wf_dist_sample(&at->dist,
				    stream(s, id, WF_SITE_ATTRIBUTES ^ at->site, 0));
			continue;
		}
		if (given != NULL && given[a] >= 0) {
			av[a] = given[a];
			continue;
		}
		u = wf_rng_uniform(stream(s, id, WF_SITE_ATTRIBUTES ^ at->site, 0));
		av[a] = (int)at->n_values - 1;
		for (k = 0; k + 1 < at->n_values; k++) {
			acc += at->p[k];
			if (u < acc) {
				av[a] = (int)k;
				break;
			}
		}
	}
	if (c->flags & CF_COUNTED)
		for (a = 0; a < s->na; a++) {
			int sg = segment_of(s, ci, a);

			if (sg >= 0)
				s->seg[sg].arrived++;
		}
	if (first_step < 0 || (size_t)first_step >= s->ns)
		end_case(s, ci, WF_OUTCOME_DONE, t);
	else
		enter_step(s, ci, first_step, t);
}

/* Time of the next arrival after `t`, for case number s->next_case, or INFINITY when the
 * arrivals are over.  Profile arrivals thin a Poisson process at the profile's peak rate:
 * candidate k draws its gap and its acceptance from the stream (k, WF_SITE_ARRIVAL, visit 1),
 * a key space of its own so it never meets a renewal-arrival key. */
static double
next_arrival(struct wf_sim *s, double t)
{
	const struct wf_arrivals *a = &s->m->arrivals;
	long n = s->next_case;

	if (a->limit >= 0 && n > a->limit)
		return INFINITY;
	switch (a->kind) {
	case WF_ARRIVE_INTERARRIVAL:
	case WF_ARRIVE_RATE:
		return t + wf_dist_sample(&a->interarrival, stream(s, n, WF_SITE_ARRIVAL, 0));
	case WF_ARRIVE_PROFILE: {
		double peak = a->profile.max;

		if (!(peak > 0))
			return INFINITY;
		while (t < s->end_time) {
			gsl_rng *r = stream(s, ++s->thin_k, WF_SITE_ARRIVAL, 1);
			double u;

			t += -log1p(-wf_rng_uniform(r)) / peak;
			u = wf_rng_uniform(r);
			if (u * peak < wf_weekly_at(&a->profile, t))
				return t;
		}
		return INFINITY;
	}
	case WF_ARRIVE_TRACE:
		if ((size_t)(n - 1) < a->n_trace)
			return a->trace_at[n - 1];
		return INFINITY;
	}
	return INFINITY;
}

static void
on_arrival(struct wf_sim *s, double t)
{
	const struct wf_arrivals *a = &s->m->arrivals;
	long id = s->next_case++;
	const int *given = NULL;
	const double *given_num = NULL;
	double nt;

	if (a->kind == WF_ARRIVE_TRACE && a->trace_values != NULL && s->na > 0)
		given = &a->trace_values[(size_t)(id - 1) * s->na];
	if (a->kind == WF_ARRIVE_TRACE && a->trace_numbers != NULL && s->na > 0)
		given_num = &a->trace_numbers[(size_t)(id - 1) * s->na];
	nt = next_arrival(s, t);
	if (nt < s->end_time)
		wf_evq_push_solo(&s->q, nt, EV_ARRIVAL, 0);
	else if (isinf(nt))
		s->arrivals_over = 1;
	if (a->n_holidays > 0 && on_holiday(a->holiday, a->n_holidays, s->day, t)) {
		/* no arrivals that day: the case number is spent, so the others keep theirs */
		if (s->arrivals_over && s->n_system == 0 && t < s->window_end)
			workload_done(s, t);
		return;
	}
	new_case(s, id, given, given_num, t, 0);
}

static void
reset(struct wf_sim *s, const struct wf_settings *set, long rep, struct wf_rep_result *out)
{
	const struct wf_model *m = s->m;
	size_t i, k;

	wf_evq_reset(&s->q);
	/* every slot back on the free list, lowest index first */
	s->free_head = -1;
	for (k = s->cap; k > 0; k--) {
		s->c[k - 1].flags = 0;
		s->c[k - 1].next = s->free_head;
		s->free_head = (int)(k - 1);
	}
	wf_rng_state_key(s->rng->state, set->seed ^ (set->stream * UINT64_C(0x9E3779B97F4A7C15)),
	    (uint64_t)rep);
	s->horizon = set->horizon;
	s->warmup = set->warmup;
	s->end_time = set->horizon + (set->drain > 0 ? set->drain : 10 * (set->horizon - set->warmup));
	s->window_end = set->horizon;
	s->arrivals_over = 0;
	s->next_case = 1;
	s->thin_k = 0;
	s->n_system = s->n_cohort_open = 0;
	s->wip_last = 0;
	s->wip_area = 0;
	s->arrived = s->completed = s->loop_limit = s->departed = s->in_progress_at_horizon = 0;
	s->n_resolved = s->n_abandoned = s->n_decided_auto = 0;
	s->n_auto = s->n_esc = s->n_rework = s->n_exc = s->n_timeout = s->n_escaped = 0;
	s->n_sla = 0;
	s->week_len = 7 * 86400.0 / wf_unit_seconds(m->unit);
	s->n_weeks = (size_t)fmin(WF_MAX_WEEKS, ceil((s->horizon - s->warmup) / s->week_len - 1e-9));
	memset(s->wk, 0, sizeof(s->wk));
	/* the segments' histograms share the run's lo, so a case's bucket is the same in all */
	wf_hist_reset(&out->cycle, out->cycle.lo > 0 ? out->cycle.lo : 1e-6);
	for (k = 0; k < s->n_seg; k++) {
		struct wseg *g = &s->seg[k];

		g->arrived = g->ended = g->resolved = g->abandoned = g->autonomous = 0;
		g->esc = g->rework = g->escaped = g->sla = 0;
		wf_moments_reset(&g->cycle);
		wf_moments_reset(&g->wait);
		wf_moments_reset(&g->touch);
		wf_moments_reset(&g->cost);
		wf_hist_reset(&g->hist, out->cycle.lo);
	}
	wf_moments_reset(&s->cycle);
	wf_moments_reset(&s->wait);
	wf_moments_reset(&s->touch);
	wf_moments_reset(&s->cost);
	memset(s->st, 0, s->ns * sizeof(*s->st));
	for (k = 0; k < s->ns; k++) {
		s->bt[k].head = s->bt[k].tail = -1;
		s->bt[k].n = 0;
		s->bt[k].seq = 0;
	}
	memset(s->outcome_n, 0, m->n_outcomes * sizeof(double));
	memset(s->outcome_auto_n, 0, m->n_outcomes * sizeof(double));
	for (k = 0; s->vb != NULL && k < s->cap; k++)
		s->vb[k].n = 0;
	for (i = 0; i < m->n_resources; i++) {
		struct wres *w = &s->res[i];

		w->busy = 0;
		for (k = 0; k < (size_t)w->n_lvl; k++)
			w->head[k] = w->tail[k] = -1;
		w->qlen = 0;
		w->svc_head = w->svc_tail = -1;
		w->n_paused = 0;
		w->last = 0;
		w->busy_area = w->sched_area = w->queue_area = 0;
		w->avail = avail_at(s, i, 0);
		w->next_change = res_next_change(s, i, 0);
	}
	s->out = out;
	out->events = 0;
}

/* The event log's view of the cases still open when the run stops: their current visit,
 * open, then the rest of their visits. */
static void
flush_open_cases(struct wf_sim *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++) {
		const struct wcase *c = &s->c[i];

		if (!(c->flags & CF_ALIVE))
			continue;
		report_visit(s, (int)i, (c->flags & CF_IN_SERVICE) ? c->start : NAN, NAN, 0, 1);
		flush_visits(s, (int)i, -1);
	}
}

static double
ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static void
collect(struct wf_sim *s, struct wf_rep_result *out)
{
	static const double pct[] = { 0.50, 0.90, 0.95 };
	const struct wf_model *m = s->m;
	double span = s->window_end - s->warmup, days, done = s->completed, p[3];
	size_t i;

	/* integrals not brought up to the window's end yet (a run that stopped before it) */
	if (s->wip_last < s->window_end)
		wip_account(s, s->window_end);
	for (i = 0; i < m->n_resources; i++)
		if (s->res[i].last < s->window_end)
			res_account(s, &s->res[i], s->window_end);

	days = span * wf_unit_seconds(m->unit) / 86400.0;
	out->window_days = days;
	out->metric[WF_M_CASES_ARRIVED] = s->arrived;
	out->metric[WF_M_CASES_COMPLETED] = done;
	out->metric[WF_M_CENSORED_CASES] = (double)s->n_cohort_open;
	out->metric[WF_M_CASES_IN_PROGRESS] = s->in_progress_at_horizon;
	out->metric[WF_M_THROUGHPUT_PER_DAY] = ratio(s->departed, days);
	out->metric[WF_M_CYCLE_TIME_MEAN] = wf_moments_mean(&s->cycle);
	wf_hist_quantiles(&out->cycle, pct, 3, p);
	out->metric[WF_M_CYCLE_TIME_P50] = p[0];
	out->metric[WF_M_CYCLE_TIME_P90] = p[1];
	out->metric[WF_M_CYCLE_TIME_P95] = p[2];
	out->metric[WF_M_WAIT_TIME_MEAN] = wf_moments_mean(&s->wait);
	out->metric[WF_M_TOUCH_TIME_MEAN] = wf_moments_mean(&s->touch);
	out->metric[WF_M_RESOLUTION_RATE] = ratio(s->n_resolved, done);
	out->metric[WF_M_ABANDONMENT_RATE] = ratio(s->n_abandoned, done);
	out->metric[WF_M_AUTONOMOUS_RATE] = ratio(s->n_auto, done);
	out->metric[WF_M_DECIDED_WITHOUT_HUMAN_RATE] = ratio(s->n_decided_auto, done);
	out->metric[WF_M_ESCALATION_RATE] = ratio(s->n_esc, done);
	out->metric[WF_M_REWORK_RATE] = ratio(s->n_rework, done);
	out->metric[WF_M_EXCEPTION_RATE] = ratio(s->n_exc, done);
	out->metric[WF_M_TIMEOUT_RATE] = ratio(s->n_timeout, done);
	out->metric[WF_M_ESCAPED_ERROR_RATE] = ratio(s->n_escaped, done);
	out->metric[WF_M_SLA_ATTAINMENT] = m->has_sla ? ratio(s->n_sla, done) : NAN;
	out->metric[WF_M_COST_PER_CASE] = wf_moments_mean(&s->cost);

	for (i = 0; i < m->n_steps; i++) {
		out->step_visits[i] = ratio(s->st[i].visits, s->arrived);
		out->step_wait[i] = ratio(s->st[i].wait_sum, s->st[i].n_wait);
		out->step_service[i] = ratio(s->st[i].service_sum, s->st[i].n_service);
		out->step_busy[i] = ratio(s->st[i].service_sum, s->arrived);
		out->step_done[i] = ratio(s->st[i].n_service, s->arrived);
		memcpy(&out->step_confusion[i * WF_CM_COUNT], s->st[i].cm, sizeof(s->st[i].cm));
	}
	for (i = 0; i < m->n_resources; i++) {
		const struct wres *w = &s->res[i];
		double offered;

		if (w->unlimited)
			out->res_utilization[i] = NAN;	/* no capacity to be a share of */
		else {
			const struct wf_resource *res = &m->resources[i];
			size_t k;

			offered = w->sched != NULL ?
			    wf_weekly_integral(w->sched, s->warmup, s->window_end) :
			    (double)res->capacity * span;
			for (k = 0; k < res->n_holidays; k++) {	/* closed on holidays */
				double a = fmax(res->holiday[k], s->warmup);
				double b = fmin(res->holiday[k] + s->day, s->window_end);

				if (b > a)
					offered -= w->sched != NULL ? wf_weekly_integral(w->sched, a, b) :
					    (double)res->capacity * (b - a);
			}
			out->res_utilization[i] = ratio(w->sched_area, offered);
		}
		out->res_queue[i] = ratio(w->queue_area, span);
		out->res_busy[i] = w->busy_area * s->unit_hours;
		out->res_overtime[i] = (w->busy_area - w->sched_area) * s->unit_hours;
	}
	for (i = 0; i < m->n_outcomes; i++) {
		out->outcome_share[i] = ratio(s->outcome_n[i], done);
		out->outcome_auto[i] = ratio(s->outcome_auto_n[i], s->outcome_n[i]);
	}
	out->n_weeks = s->n_weeks;
	for (i = 0; i < s->n_weeks; i++) {
		const double *w = s->wk[i];
		double *o = out->weekly[i];

		o[WF_W_CASES] = w[WK_ARRIVED];
		o[WF_W_RESOLUTION_RATE] = ratio(w[WK_RESOLVED], w[WK_ENDED]);
		o[WF_W_AUTONOMOUS_RATE] = ratio(w[WK_AUTO], w[WK_ENDED]);
		o[WF_W_ESCALATION_RATE] = ratio(w[WK_ESC], w[WK_ENDED]);
		o[WF_W_ESCAPED_ERROR_RATE] = ratio(w[WK_ESCAPED], w[WK_ENDED]);
		o[WF_W_CYCLE_TIME_MEAN] = ratio(w[WK_CYCLE], w[WK_ENDED]);
		o[WF_W_TOUCH_TIME_MEAN] = ratio(w[WK_TOUCH], w[WK_ENDED]);
	}
	for (i = 0; i < s->n_seg && i < out->n_segments; i++) {
		const struct wseg *g = &s->seg[i];
		double *o = &out->segment[i * WF_M_COUNT];

		o[WF_M_CASES_ARRIVED] = g->arrived;
		o[WF_M_CASES_COMPLETED] = g->ended;
		o[WF_M_CENSORED_CASES] = g->arrived - g->ended;
		o[WF_M_CYCLE_TIME_MEAN] = wf_moments_mean(&g->cycle);
		wf_hist_quantiles(&g->hist, pct, 2, p);
		o[WF_M_CYCLE_TIME_P50] = p[0];
		o[WF_M_CYCLE_TIME_P90] = p[1];
		o[WF_M_WAIT_TIME_MEAN] = wf_moments_mean(&g->wait);
		o[WF_M_TOUCH_TIME_MEAN] = wf_moments_mean(&g->touch);
		o[WF_M_RESOLUTION_RATE] = ratio(g->resolved, g->ended);
		o[WF_M_ABANDONMENT_RATE] = ratio(g->abandoned, g->ended);
		o[WF_M_AUTONOMOUS_RATE] = ratio(g->autonomous, g->ended);
		o[WF_M_ESCALATION_RATE] = ratio(g->esc, g->ended);
		o[WF_M_REWORK_RATE] = ratio(g->rework, g->ended);
		o[WF_M_ESCAPED_ERROR_RATE] = ratio(g->escaped, g->ended);
		o[WF_M_SLA_ATTAINMENT] = m->has_sla ? ratio(g->sla, g->ended) : NAN;
		o[WF_M_COST_PER_CASE] = wf_moments_mean(&g->cost);
	}
	out->loop_limit_cases = s->loop_limit;
	out->wip_mean = ratio(s->wip_area, span);
}

/* Work in progress for the plots: sampled every hour (finer when the horizon is shorter than
 * WF_WIP_SAMPLES - 1 hours), each sample averaged into the nearest of WF_WIP_SAMPLES evenly
 * spaced points over [0, horizon].  One sample per point, 1.8 days apart at a 365-day horizon,
 * aliased the weekly rhythm into a false saw-tooth; hourly samples follow the calendar.
 * Memory is a sum and a count per point, whatever the horizon (8761 samples a year). */
struct wip_sampler {
	double gap, step, horizon, next_at, sum[WF_WIP_SAMPLES];
	long next, last, n[WF_WIP_SAMPLES];
};

static void
wip_init(struct wip_sampler *w, double horizon, double hour)
{
	memset(w, 0, sizeof(*w));
	w->horizon = horizon;
	w->gap = horizon / (WF_WIP_SAMPLES - 1);
	w->step = hour < w->gap ? hour : w->gap;
	/* the last sample is the horizon itself */
	w->last = (long)ceil(horizon / w->step - 1e-9);
	w->next_at = 0;
}

/* Takes the samples due at times before t (all that are left when t is infinite), each
 * seeing n cases in the system.  Called at every event: one comparison when none is due. */
static inline void
wip_take(struct wip_sampler *w, double t, double n)
{
	while (w->next_at < t) {
		long k = lround(w->next_at / w->gap);

		k = k < 0 ? 0 : k >= WF_WIP_SAMPLES ? WF_WIP_SAMPLES - 1 : k;
		w->sum[k] += n;
		w->n[k]++;
		if (++w->next > w->last) {
			w->next_at = INFINITY;	/* all taken */
			break;
		}
		w->next_at = fmin((double)w->next * w->step, w->horizon);
	}
}

static void
wip_finish(const struct wip_sampler *w, double *out)
{
	size_t k;

	for (k = 0; k < WF_WIP_SAMPLES; k++)
		out[k] = w->n[k] ? w->sum[k] / (double)w->n[k] : NAN;
}

int
wf_sim_run(struct wf_sim *s, const struct wf_settings *set, long rep, struct wf_rep_result *out,
    wf_visit_fn visit, void *visit_ctx, char *err, size_t errlen)
{
	const struct wf_model *m = s->m;
	struct wf_event e;
	struct wip_sampler wip;
	size_t i;
	long id = WF_BACKLOG_ID0;
	double t0;
	int past_horizon = 0;
	long long events = 0;	/* a register, not a double in memory added to every event */

	if (!(set->horizon > 0) || !(set->warmup >= 0) || set->warmup >= set->horizon) {
		snprintf(err, errlen, "the horizon must be positive and longer than the warm-up");
		return -1;
	}
	reset(s, set, rep, out);
	wip_init(&wip, s->horizon, 3600 / wf_unit_seconds(m->unit));
	s->visit = visit;
	s->visit_ctx = visit_ctx;
	if (visit != NULL && s->vb == NULL)
		s->vb = wf_xcalloc(s->cap ? s->cap : 1, sizeof(*s->vb));

	for (i = 0; i < m->n_resources; i++) {
		double next;

		next = res_next_change(s, i, 0);
		if (next <= s->end_time)
			wf_evq_push(&s->q, next, EV_CAPACITY, (int)i);
	}
	for (i = 0; i < m->n_steps; i++) {
		double next;

		if (m->steps[i].n_batch_at == 0)
			continue;
		next = next_release(s, &m->steps[i], 0);
		if (next <= s->end_time)
			wf_evq_push(&s->q, next, EV_BATCH, (int)i);
	}
	/* the backlog waits at time 0, ahead of the first arrival */
	for (i = 0; i < m->n_backlog; i++) {
		long k;

		for (k = 0; k < m->backlog[i].count; k++)
			new_case(s, ++id, NULL, NULL, 0, m->backlog[i].step);
	}
	t0 = next_arrival(s, 0);
	if (t0 < s->end_time)
		wf_evq_push_solo(&s->q, t0, EV_ARRIVAL, 0);
	else if (isinf(t0)) {
		s->arrivals_over = 1;
		if (s->n_system == 0)
			workload_done(s, 0);
	}

	while (wf_evq_pop(&s->q, &e) == 0) {
		events++;
		/* past the horizon only the cohort's stragglers are followed, up to the cap */
		if (rare(e.t > s->horizon)) {
			if (!past_horizon) {
				past_horizon = 1;
				s->in_progress_at_horizon = (double)s->n_system;
			}
			if (s->n_cohort_open == 0 || e.t > s->end_time)
				break;
		}
		/* samples at times before this event see the state left by earlier events */
		wip_take(&wip, e.t, (double)s->n_system);
		wip_account(s, e.t);
		switch (e.kind) {
		case EV_ARRIVAL:
			on_arrival(s, e.t);
			break;
		case EV_DONE:
			if (e.seq == s->c[e.ref].done_seq)	/* else it paused meanwhile */
				on_done(s, e.ref, e.t);
			break;
		case EV_TIMEOUT:
			on_timeout(s, e.ref, e.seq, e.t);
			break;
		case EV_CAPACITY:
			on_capacity(s, e.ref, e.t);
			break;
		case EV_BATCH:
			on_batch(s, e.ref, e.seq, e.t);
			break;
		}
		if (rare(s->n_system > MAX_WIP)) {
			snprintf(err, errlen, "more than %ld cases in progress at time %g of "
			    "replication %ld: the model is overloaded (see 'wfsim check')",
			    MAX_WIP, e.t, rep + 1);
			out->events = (double)events;
			return -1;
		}
	}
	out->events = (double)events;
	wip_take(&wip, INFINITY, (double)s->n_system);
	wip_finish(&wip, out->wip);
	if (!past_horizon)
		s->in_progress_at_horizon = (double)s->n_system;
	if (visit != NULL)
		flush_open_cases(s);
	collect(s, out);
	return 0;
}
