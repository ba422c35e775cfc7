/* The engine's event calendar: a 4-ary heap on (t, seq), a FIFO for events at the current
 * instant and a slot for the next arrival.  Four children per node halve the depth of a
 * binary heap, and the children of a node share a cache line pair, which is what pop (the
 * costly operation) spends its time on. */
#include <stdlib.h>
#include <string.h>
#include "wfsim/evq.h"
#include "wfsim/xalloc.h"

#define SIGN	0x8000000000000000ull
#define SLACK	4	/* slots kept `never` after the heap's last event (sift_down) */

/* Later than any event: what the slots past the heap's end hold. */
static const struct wf_evq_node never = { UINT64_MAX, UINT64_MAX, 0, 0 };

/* The bits of a double, flipped so that unsigned order is numeric order: positive numbers
 * get the sign bit set, negative ones are inverted.  t + 0.0 turns -0 into +0, which must
 * tie with +0 as the doubles do. */
static inline uint64_t
to_key(double t)
{
	uint64_t b;

	t += 0.0;
	memcpy(&b, &t, sizeof(b));
	return b ^ ((0 - (b >> 63)) | SIGN);	/* 0 - 1 is all ones: negative, invert */
}

static inline double
from_key(uint64_t k)
{
	double t;

	k ^= (k & SIGN) ? SIGN : ~0ull;
	memcpy(&t, &k, sizeof(t));
	return t;
}

/* (t, seq) order as one unsigned 128-bit comparison where the compiler has one: two compares
 * and no branch, where comparing doubles costs an unordered test and which of two random
 * times comes first is a coin toss the branch predictor loses half the time. */
static inline int
before(const struct wf_evq_node *a, const struct wf_evq_node *b)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 u128;

	return (((u128)a->tkey << 64) | a->seq) < (((u128)b->tkey << 64) | b->seq);
#else
	return (a->tkey < b->tkey) | ((a->tkey == b->tkey) & (a->seq < b->seq));
#endif
}

static inline void
to_event(const struct wf_evq_node *n, struct wf_event *e)
{
	e->t = from_key(n->tkey);
	e->seq = n->seq;
	e->kind = n->kind;
	e->ref = n->ref;
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
	size_t k;

	for (k = 0; k < SLACK && k < q->cap; k++)
		q->h[k] = never;
	q->n = 0;
	q->hole = 0;
	q->fhead = q->ftail = 0;
	q->next_seq = 1;
	q->now = 0;	/* the key of no double: nothing is at "now" before the first pop */
	q->has_solo = 0;
}

/* Levels below the root in a heap of n. */
static inline unsigned
depth_of(size_t n)
{
	unsigned d = 0;
	size_t first;

	for (first = 1; first < n; first = 4 * first + 1)
		d++;
	return d;
}

/* Moves last down from the vacant root of the heap h[0..n) (n >= 1) to its place; h[n] to
 * h[n + SLACK - 1] are `never`, so every node has four children to compare.  Where last stops
 * is a coin toss that a loop's exit loses about once a sift, so the loop walks every level
 * (its length depends on n alone): a two-level tournament of selects among the four
 * children, then the hole moves, or stays if it has stopped (it then looks at its own
 * children again, or at the slots past the end, and stays). */
static inline void
sift_down(struct wf_evq_node *h, size_t n, struct wf_evq_node last)
{
	size_t i = 0;
	unsigned d = depth_of(n);

	while (d-- > 0) {
		size_t c = 4 * i + 1, b01, b23, b, to;

		c = c < n ? c : n;
		b01 = c + (size_t)before(&h[c + 1], &h[c]);
		b23 = c + 2 + (size_t)before(&h[c + 3], &h[c + 2]);
		b = before(&h[b23], &h[b01]) ? b23 : b01;
		to = before(&h[b], &last) ? b : i;
		h[i] = h[to];
		i = to;
	}
	h[i] = last;
}

/* Fills a root left vacant by the last pop with the heap's last event. */
static inline void
settle(struct wf_evq *q)
{
	struct wf_evq_node last;

	if (!q->hole)
		return;
	q->hole = 0;
	last = q->h[--q->n];	/* with n now 0, the vacant root itself: unused */
	q->h[q->n] = never;
	if (q->n > 0)
		sift_down(q->h, q->n, last);
}

static void
heap_push(struct wf_evq *q, const struct wf_evq_node *e)
{
	size_t i;

	if (q->hole) {
		/* the root popped last is still vacant: e takes it and moves down, one sift
		 * where removing the root and adding e would make two */
		q->hole = 0;
		sift_down(q->h, q->n, *e);
		return;
	}
	if (q->n + 1 + SLACK > q->cap) {
		size_t k, was = q->cap;

		q->h = wf_xgrow(q->h, &q->cap, q->n + 1 + SLACK < 64 ? 64 : q->n + 1 + SLACK,
		    sizeof(*q->h));
		for (k = 0; was == 0 && k < SLACK; k++)
			q->h[k] = never;
	}
	q->h[q->n + SLACK] = never;
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
	struct wf_evq_node e;

	e.tkey = to_key(t);
	e.seq = q->next_seq++;
	e.kind = kind;
	e.ref = ref;
	/* At the current instant, behind the FIFO's events (all at this same t, earlier seq):
	 * the FIFO stays in (t, seq) order.  The second test only matters to a caller that
	 * pushes into the past, which would otherwise move `now` back under a non-empty FIFO. */
	if (e.tkey == q->now && (q->fhead == q->ftail || q->f[q->fhead].tkey == e.tkey)) {
		if (q->ftail == q->fcap)
			q->f = wf_xgrow(q->f, &q->fcap, q->ftail + 1 < 16 ? 16 : q->ftail + 1,
			    sizeof(*q->f));
		q->f[q->ftail++] = e;
	} else
		heap_push(q, &e);
	return e.seq;
}

uint64_t
wf_evq_push_solo(struct wf_evq *q, double t, int kind, int ref)
{
	if (q->has_solo)
		heap_push(q, &q->solo);
	q->solo.tkey = to_key(t);
	q->solo.seq = q->next_seq++;
	q->solo.kind = kind;
	q->solo.ref = ref;
	q->has_solo = 1;
	return q->solo.seq;
}

int
wf_evq_pop(struct wf_evq *q, struct wf_event *out)
{
	struct wf_evq_node e;
	int fifo;

	settle(q);
	fifo = q->fhead < q->ftail && (q->n == 0 || before(&q->f[q->fhead], &q->h[0]));
	if (q->has_solo && (fifo ? before(&q->solo, &q->f[q->fhead]) :
	    q->n == 0 || before(&q->solo, &q->h[0]))) {
		e = q->solo;
		q->has_solo = 0;
	} else if (fifo) {
		e = q->f[q->fhead++];
		if (q->fhead == q->ftail)
			q->fhead = q->ftail = 0;
	} else if (q->n > 0) {
		/* the root stays vacant until the next push fills it or the next pop settles it:
		 * a simulation usually pushes the next end of service right after a pop */
		e = q->h[0];
		q->hole = 1;
	} else
		return -1;
	q->now = e.tkey;
	to_event(&e, out);
	return 0;
}

int
wf_evq_peek(const struct wf_evq *q, struct wf_event *out)
{
	const struct wf_evq_node *a = NULL;
	const struct wf_evq_node *b = q->fhead < q->ftail ? &q->f[q->fhead] : NULL;
	size_t k;

	if (q->hole) {
		/* the earliest left is the earliest of the vacant root's children */
		for (k = 1; k <= 4 && k < q->n; k++)
			if (a == NULL || before(&q->h[k], a))
				a = &q->h[k];
	} else if (q->n > 0)
		a = &q->h[0];
	if (a == NULL || (b != NULL && before(b, a)))
		a = b;
	if (q->has_solo && (a == NULL || before(&q->solo, a)))
		a = &q->solo;
	if (a == NULL)
		return -1;
	to_event(a, out);
	return 0;
}
