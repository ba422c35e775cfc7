/* The engine's event calendar: a 4-ary heap on (t, seq) and a FIFO for events at the current
 * instant.  Four children per node halve the depth of a binary heap, and the children of a
 * node share a cache line pair, which is what pop (the costly operation) spends its time on. */
#include <math.h>
#include <stdlib.h>
#include "wfsim/evq.h"
#include "wfsim/xalloc.h"

/* Without branches: which of two events with random times comes first is a coin toss the
 * branch predictor loses half the time, in the innermost loop of every run. */
static inline int
before(const struct wf_event *a, const struct wf_event *b)
{
	return (a->t < b->t) | ((a->t == b->t) & (a->seq < b->seq));
}

void
wf_evq_init(struct wf_evq *q)
{
	q->h = NULL;
	q->n = q->cap = 0;
	q->f = NULL;
	q->fcap = 0;
	wf_evq_reset(q);
}

void
wf_evq_fini(struct wf_evq *q)
{
	free(q->h);
	free(q->f);
	wf_evq_init(q);
}

void
wf_evq_reset(struct wf_evq *q)
{
	q->n = 0;
	q->fhead = q->ftail = 0;
	q->next_seq = 1;
	q->now = -INFINITY;
}

static void
heap_push(struct wf_evq *q, const struct wf_event *e)
{
	size_t i;

	if (q->n == q->cap)
		q->h = wf_xgrow(q->h, &q->cap, q->n + 1 < 64 ? 64 : q->n + 1, sizeof(*q->h));
	/* sift up: the hole moves towards the root while the parent is later */
	i = q->n++;
	while (i > 0) {
		size_t p = (i - 1) / 4;

		if (!before(e, &q->h[p]))
			break;
		q->h[i] = q->h[p];
		i = p;
	}
	q->h[i] = *e;
}

uint64_t
wf_evq_push(struct wf_evq *q, double t, int kind, int ref)
{
	struct wf_event e;

	e.t = t;
	e.seq = q->next_seq++;
	e.kind = kind;
	e.ref = ref;
	/* At the current instant, behind the FIFO's events (all at this same t, earlier seq):
	 * the FIFO stays in (t, seq) order.  The second test only matters to a caller that
	 * pushes into the past, which would otherwise move `now` back under a non-empty FIFO. */
	if (t == q->now && (q->fhead == q->ftail || q->f[q->fhead].t == t)) {
		if (q->ftail == q->fcap)
			q->f = wf_xgrow(q->f, &q->fcap, q->ftail + 1 < 16 ? 16 : q->ftail + 1,
			    sizeof(*q->f));
		q->f[q->ftail++] = e;
	} else
		heap_push(q, &e);
	return e.seq;
}

/* Removes the heap's root into *out; the heap is not empty. */
static void
heap_pop(struct wf_evq *q, struct wf_event *out)
{
	const struct wf_event *h;
	struct wf_event last;
	size_t i, n;

	*out = q->h[0];
	n = --q->n;
	if (n == 0)
		return;
	h = q->h;
	last = h[n];
	/* sift down: the hole at the root moves to the earliest child while it is earlier */
	i = 0;
	for (;;) {
		size_t c = 4 * i + 1, best, k;

		if (c >= n)
			break;
		if (c + 4 <= n) {
			/* all four children: a two-level tournament, selects rather than jumps */
			size_t b01 = before(&h[c + 1], &h[c]) ? c + 1 : c;
			size_t b23 = before(&h[c + 3], &h[c + 2]) ? c + 3 : c + 2;

			best = before(&h[b23], &h[b01]) ? b23 : b01;
		} else {
			best = c;
			for (k = c + 1; k < n; k++)
				if (before(&h[k], &h[best]))
					best = k;
		}
		if (!before(&h[best], &last))
			break;
		q->h[i] = h[best];
		i = best;
	}
	q->h[i] = last;
}

int
wf_evq_pop(struct wf_evq *q, struct wf_event *out)
{
	if (q->fhead < q->ftail && (q->n == 0 || before(&q->f[q->fhead], &q->h[0]))) {
		*out = q->f[q->fhead++];
		if (q->fhead == q->ftail)
			q->fhead = q->ftail = 0;
	} else if (q->n > 0)
		heap_pop(q, out);
	else
		return -1;
	q->now = out->t;
	return 0;
}
