/* The engine's event calendar: a 4-ary heap on (t, seq).  Four children per node halve the
 * depth of a binary heap, and the children of a node share a cache line pair, which is what
 * pop (the costly operation) spends its time on. */
#include <stdlib.h>
#include "wfsim/evq.h"
#include "wfsim/xalloc.h"

static inline int
before(const struct wf_event *a, const struct wf_event *b)
{
	if (a->t != b->t)
		return a->t < b->t;
	return a->seq < b->seq;
}

void
wf_evq_init(struct wf_evq *q)
{
	q->h = NULL;
	q->n = q->cap = 0;
	q->next_seq = 1;
}

void
wf_evq_fini(struct wf_evq *q)
{
	free(q->h);
	wf_evq_init(q);
}

void
wf_evq_reset(struct wf_evq *q)
{
	q->n = 0;
	q->next_seq = 1;
}

uint64_t
wf_evq_push(struct wf_evq *q, double t, int kind, int ref)
{
	struct wf_event e;
	size_t i;

	if (q->n == q->cap)
		q->h = wf_xgrow(q->h, &q->cap, q->n + 1 < 64 ? 64 : q->n + 1, sizeof(*q->h));
	e.t = t;
	e.seq = q->next_seq++;
	e.kind = kind;
	e.ref = ref;
	/* sift up: the hole moves towards the root while the parent is later */
	i = q->n++;
	while (i > 0) {
		size_t p = (i - 1) / 4;

		if (!before(&e, &q->h[p]))
			break;
		q->h[i] = q->h[p];
		i = p;
	}
	q->h[i] = e;
	return e.seq;
}

int
wf_evq_pop(struct wf_evq *q, struct wf_event *out)
{
	struct wf_event last;
	size_t i, n;

	if (q->n == 0)
		return -1;
	*out = q->h[0];
	n = --q->n;
	if (n == 0)
		return 0;
	last = q->h[n];
	/* sift down: the hole at the root moves to the earliest child while it is earlier */
	i = 0;
	for (;;) {
		size_t c = 4 * i + 1, best, k, end;

		if (c >= n)
			break;
		best = c;
		end = c + 4 < n ? c + 4 : n;
		for (k = c + 1; k < end; k++)
			if (before(&q->h[k], &q->h[best]))
				best = k;
		if (!before(&q->h[best], &last))
			break;
		q->h[i] = q->h[best];
		i = best;
	}
	q->h[i] = last;
	return 0;
}
