/* The event calendar of the engine (internal): a 4-ary min-heap of events ordered by
 * (t, seq), beside a FIFO of the events scheduled for the very instant of the last pop
 * (routing steps, zero durations: a fifth of a desk model's events), which then cost an
 * append instead of a sift, and a slot for the next arrival; pop takes the earliest of the
 * three heads on (t, seq), so the order is exactly the heap's alone.  seq is a counter
 * stamped at push, so simultaneous events fire in the order they were scheduled and a run
 * reproduces exactly on every platform.  Events are 24 bytes and
 * carry an index (a case or a resource), never a pointer.  Arrays grow geometrically and are
 * kept across wf_evq_reset, so a workspace reaches a steady state with no allocation.
 * Cancellation is lazy: the owner keeps the seq returned by wf_evq_push and ignores a popped
 * event whose seq it no longer expects. */
#ifndef WFSIM_EVQ_H
#define WFSIM_EVQ_H
#include <stddef.h>
#include <stdint.h>

struct wf_event {
	double t;
	uint64_t seq;
	int32_t kind;		/* the engine's event kind */
	int32_t ref;		/* case index, resource index ... as the kind says */
};

/* A queued event: t as an integer that sorts like the double (see evq.c), so that ordering on
 * (t, seq) is two integer comparisons. */
struct wf_evq_node {
	uint64_t tkey;
	uint64_t seq;
	int32_t kind;
	int32_t ref;
};

struct wf_evq {
	/* the heap h[0..n), then SLACK slots later than any event, so that sift-down compares
	 * four children at every node without a test */
	struct wf_evq_node *h;
	size_t n, cap;
	/* 1: the root h[0] was popped and is vacant (h[1..n) are the events): the next push
	 * fills it with one sift-down, or the next pop moves h[n - 1] there first */
	size_t hole;
	uint64_t next_seq;	/* the seq of the next push; starts at 1 so 0 can mean "none" */
	uint64_t now;		/* tkey of the last pop; 0 (below every time) before the first */
	/* The zero-delay FIFO: f[fhead..ftail) all at one time, in seq order; it empties
	 * before the clock moves on, so it never wraps and stays as long as one instant's
	 * burst of events. */
	struct wf_evq_node *f;
	size_t fhead, ftail, fcap;
	/* The pending event of the one source that never has two (wf_evq_push_solo), when
	 * has_solo: an arrival a case costs a comparison instead of a push and a pop. */
	struct wf_evq_node solo;
	int has_solo;
};

void wf_evq_init(struct wf_evq *q);
void wf_evq_fini(struct wf_evq *q);
/* Empties the queue and restarts seq at 1, keeping the memory. */
void wf_evq_reset(struct wf_evq *q);
/* Schedules an event at t (not NaN); returns its seq (>= 1), unique within a run. */
uint64_t wf_evq_push(struct wf_evq *q, double t, int kind, int ref);
/* wf_evq_push for a source with at most one event pending at a time (the arrivals): the
 * event waits in a slot beside the heap.  Same order as wf_evq_push; pushing again before the
 * slot's event is popped moves that one into the heap. */
uint64_t wf_evq_push_solo(struct wf_evq *q, double t, int kind, int ref);
/* Removes the earliest event into *e; 0, or -1 when empty. */
int wf_evq_pop(struct wf_evq *q, struct wf_event *e);
/* Copies the earliest event into *e without removing it; 0, or -1 when empty. */
int wf_evq_peek(const struct wf_evq *q, struct wf_event *e);
static inline size_t
wf_evq_size(const struct wf_evq *q)
{
	return q->n - q->hole + (q->ftail - q->fhead) + (size_t)q->has_solo;
}

#endif
