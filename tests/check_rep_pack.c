/* Tests of a replication's results as bytes (rep-pack.h), what MPI ranks send each other: a
 * result packed and unpacked is bit for bit the one that was run, field by field (NaN
 * payloads and signed zeros included), and the packed size is what the model implies. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "testutil.h"
#include "wfsim/rep-pack.h"
#include "wfsim/xalloc.h"

/* The support model has classifier routes, segments and weekly figures: every field is used. */
static struct wf_rep_result *
run_support(struct wf_model **m, struct wf_settings *set)
{
	struct wf_rep_result *res;
	char err[256];

	*m = tu_load("models/support-tobe.yaml", NULL);
	wf_settings_default(set, *m);
	set->replications = 3;
	set->threads = 2;
	res = wf_xcalloc((size_t)set->replications, sizeof(*res));
	ck_assert_msg(wf_sim_run_all(*m, set, res, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0, "%s", err);
	return res;
}

#define SAME(a, b, n) ck_assert_msg(memcmp((a), (b), (n)) == 0, "%s differs", #a)

static void
assert_same(const struct wf_rep_result *a, const struct wf_rep_result *b, const struct wf_model *m)
{
	size_t ns = m->n_steps * sizeof(double), nr = m->n_resources * sizeof(double);
	size_t no = m->n_outcomes * sizeof(double);

	SAME(a->metric, b->metric, sizeof(a->metric));
	SAME(a->step_visits, b->step_visits, ns);
	SAME(a->step_wait, b->step_wait, ns);
	SAME(a->step_service, b->step_service, ns);
	SAME(a->step_busy, b->step_busy, ns);
	SAME(a->step_done, b->step_done, ns);
	SAME(a->res_utilization, b->res_utilization, nr);
	SAME(a->res_queue, b->res_queue, nr);
	SAME(a->res_busy, b->res_busy, nr);
	SAME(a->res_overtime, b->res_overtime, nr);
	SAME(a->outcome_share, b->outcome_share, no);
	SAME(a->outcome_auto, b->outcome_auto, no);
	SAME(&a->window_days, &b->window_days, sizeof(double));
	SAME(&a->cycle, &b->cycle, sizeof(a->cycle));
	SAME(a->wip, b->wip, sizeof(a->wip));
	SAME(&a->loop_limit_cases, &b->loop_limit_cases, sizeof(double));
	SAME(&a->wip_mean, &b->wip_mean, sizeof(double));
	ck_assert_uint_eq(a->n_weeks, b->n_weeks);
	SAME(a->weekly, b->weekly, sizeof(a->weekly));
	SAME(a->step_confusion, b->step_confusion, (m->n_steps * WF_CM_COUNT + 1) * sizeof(double));
	ck_assert_uint_eq(a->n_segments, b->n_segments);
	SAME(a->segment, b->segment, a->n_segments * WF_M_COUNT * sizeof(double));
}

START_TEST(round_trip)
{
	struct wf_settings set;
	struct wf_model *m;
	struct wf_rep_result *res = run_support(&m, &set), back;
	size_t size = wf_rep_pack_size(m);
	unsigned char *buf = wf_xmalloc(size);
	long r;

	/* the model really exercises the optional parts */
	ck_assert_uint_gt(res[0].n_segments, 0);
	ck_assert_uint_gt(res[0].n_weeks, 0);
	ck_assert(res[0].cycle.count > 0);
	for (r = 0; r < set.replications; r++) {
		wf_rep_pack(&res[r], m, buf);
		wf_rep_result_init(&back, m);
		wf_rep_unpack(&back, m, buf);
		assert_same(&res[r], &back, m);
		wf_rep_result_fini(&back);
	}
	free(buf);
	tu_free_results(res, set.replications);
	wf_model_free(m);
}
END_TEST

/* Raw bytes, not text: a NaN's payload, -0 and the last bit of a double survive. */
START_TEST(raw_bits)
{
	struct wf_settings set;
	struct wf_model *m;
	struct wf_rep_result *res = run_support(&m, &set), back;
	unsigned char *buf = wf_xmalloc(wf_rep_pack_size(m));
	uint64_t payload = 0x7ff8000000001234ULL, got;

	memcpy(&res[0].metric[0], &payload, sizeof(payload));
	res[0].metric[1] = -0.0;
	res[0].wip_mean = nextafter(1.0 / 3.0, 1.0);
	wf_rep_pack(&res[0], m, buf);
	wf_rep_result_init(&back, m);
	wf_rep_unpack(&back, m, buf);
	memcpy(&got, &back.metric[0], sizeof(got));
	ck_assert_uint_eq(got, payload);
	ck_assert(back.metric[1] == 0 && signbit(back.metric[1]));
	ck_assert(back.wip_mean == nextafter(1.0 / 3.0, 1.0));
	wf_rep_result_fini(&back);
	free(buf);
	tu_free_results(res, set.replications);
	wf_model_free(m);
}
END_TEST

/* The size is the sum of the fields: fixed arrays, then per step, resource, outcome, segment. */
START_TEST(size_from_model)
{
	struct wf_model *m = tu_load("models/support-tobe.yaml", NULL);
	struct wf_rep_result r;
	size_t want;

	wf_rep_result_init(&r, m);
	want = sizeof(r.metric) + (5 * m->n_steps + 4 * m->n_resources + 2 * m->n_outcomes) * sizeof(double) +
	    sizeof(double) + sizeof(r.cycle) + sizeof(r.wip) + 3 * sizeof(double) + sizeof(uint64_t) +
	    sizeof(r.weekly) + (m->n_steps * WF_CM_COUNT + 1) * sizeof(double) +
	    r.n_segments * WF_M_COUNT * sizeof(double);
	ck_assert_uint_eq(wf_rep_pack_size(m), want);
	wf_rep_result_fini(&r);
	wf_model_free(m);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "round_trip", round_trip },
		{ "raw_bits", raw_bits },
		{ "size_from_model", size_from_model },
	};

	return tu_run("rep_pack", tests, sizeof(tests) / sizeof(tests[0]), 0);
}
