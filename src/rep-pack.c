/* Packs and unpacks one replication's results as raw bytes (rep-pack.h): what MPI ranks send
 * to each other.  The field list below must name every field of struct wf_rep_result; a
 * compile-time check fails when a field is added to the struct and not here, because a field
 * left out would silently differ between a single-process run and an MPI run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/rep-pack.h"
#include "wfsim/xalloc.h"

#define FIELD(f) sizeof(((struct wf_rep_result *)0)->f)

/* Every field, pointers counted by their own size: equal to the struct's size only when no
 * field is missing (all fields are 8-byte quantities or arrays of them, so no padding). */
_Static_assert(sizeof(struct wf_rep_result) ==
	       FIELD(metric) + FIELD(step_visits) + FIELD(step_wait) + FIELD(step_service) +
	       FIELD(step_busy) + FIELD(step_done) + FIELD(res_utilization) + FIELD(res_queue) +
	       FIELD(res_busy) + FIELD(res_overtime) + FIELD(outcome_share) + FIELD(outcome_auto) +
	       FIELD(window_days) + FIELD(cycle) + FIELD(wip) + FIELD(loop_limit_cases) +
	       FIELD(wip_mean) + FIELD(n_weeks) + FIELD(weekly) + FIELD(step_confusion) +
	       FIELD(n_segments) + FIELD(segment) + FIELD(events),
	       "struct wf_rep_result has a field rep-pack.c does not pack");

/* One walk over the fields serves size, pack and unpack (dir 0 counts, 1 packs, 2 unpacks),
 * so the order of the fields is written down once. */
struct walk {
	int dir;
	unsigned char *out;
	const unsigned char *in;
	size_t at;
};

static void
bytes(struct walk *w, void *field, size_t n)
{
	if (n == 0)
		return;
	if (w->dir == 1)
		memcpy(w->out + w->at, field, n);
	else if (w->dir == 2)
		memcpy(field, w->in + w->at, n);
	w->at += n;
}

static void
walk(struct walk *w, struct wf_rep_result *r, const struct wf_model *m)
{
	size_t ns = m->n_steps * sizeof(double), nr = m->n_resources * sizeof(double);
	size_t no = m->n_outcomes * sizeof(double);
	/* the segment count comes from the model (wf_rep_result_init), never from the bytes */
	size_t nseg = wf_segments_layout(m, NULL);
	uint64_t weeks = (uint64_t)r->n_weeks;

	bytes(w, r->metric, sizeof(r->metric));
	bytes(w, r->step_visits, ns);
	bytes(w, r->step_wait, ns);
	bytes(w, r->step_service, ns);
	bytes(w, r->step_busy, ns);
	bytes(w, r->step_done, ns);
	bytes(w, r->res_utilization, nr);
	bytes(w, r->res_queue, nr);
	bytes(w, r->res_busy, nr);
	bytes(w, r->res_overtime, nr);
	bytes(w, r->outcome_share, no);
	bytes(w, r->outcome_auto, no);
	bytes(w, &r->window_days, sizeof(r->window_days));
	bytes(w, &r->cycle, sizeof(r->cycle));
	bytes(w, r->wip, sizeof(r->wip));
	bytes(w, &r->loop_limit_cases, sizeof(r->loop_limit_cases));
	bytes(w, &r->wip_mean, sizeof(r->wip_mean));
	bytes(w, &r->events, sizeof(r->events));
	bytes(w, &weeks, sizeof(weeks));
	if (w->dir == 2)
		r->n_weeks = (size_t)weeks;
	bytes(w, r->weekly, sizeof(r->weekly));
	bytes(w, r->step_confusion, (m->n_steps * WF_CM_COUNT + 1) * sizeof(double));
	bytes(w, r->segment, nseg * WF_M_COUNT * sizeof(double));
}

size_t
wf_rep_pack_size(const struct wf_model *m)
{
	/* a walk that only counts: the arrays are never touched, so a zeroed result serves */
	struct wf_rep_result *none = wf_xcalloc(1, sizeof(*none));
	struct walk w = { 0, NULL, NULL, 0 };

	walk(&w, none, m);
	free(none);
	return w.at;
}

void
wf_rep_pack(const struct wf_rep_result *r, const struct wf_model *m, unsigned char *buf)
{
	struct walk w = { 1, buf, NULL, 0 };

	/* packing only reads r; one walk for both directions keeps the field order in one place */
	walk(&w, (struct wf_rep_result *)r, m);
}

void
wf_rep_unpack(struct wf_rep_result *r, const struct wf_model *m, const unsigned char *buf)
{
	struct walk w = { 2, NULL, buf, 0 };

	walk(&w, r, m);
}
