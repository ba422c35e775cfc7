/* Step semantics (step.h) and the AI-behaviour features of issue 12, on models whose answers
 * are known exactly.
 *
 * Tolerances: a share p estimated from N independent draws has the binomial s.e.
 * sqrt(p (1 - p) / N); it is accepted within K = 4 s.e. (a false alarm of 6e-5 two-sided per
 * check).  Seeds are fixed, so a run is the same every time. */
#include <check.h>
#include "testutil.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "wfsim/model.h"
#include "wfsim/step.h"
#include "wfsim/xalloc.h"

#define K 4.0			/* standard errors allowed */

static double
gsl_uniform(void *ctx, unsigned purpose)
{
	(void)purpose;
	return gsl_rng_uniform(ctx);
}

/* The engine's draws (wf_step_end) and the check's branches (wf_step_branches) are one rule
 * seen twice: over many draws each branch's share matches its probability. */
START_TEST(test_end_matches_branches)
{
	struct wf_route_entry route[2] = {
		{ .p = 0.3, .to = { 0, 0 } }, { .p = 0.7, .to = { -1, 0 } }
	};
	struct wf_step st = {
		.exception_p = 0.1, .exception_to = { 1, 0 }, .error_p = 0.2, .has_review = 1,
		.catch_p = 0.9, .false_alarm_p = 0.05, .on_catch = { 2, 0 },
		.route_kind = WF_ROUTE_PROBABILITY, .route = route, .n_route = 2,
	};
	double w[2] = { 0.3, 0.7 };
	struct wf_step_branch b[8];
	struct wf_case_view cv = { NULL };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	const long N = 400000;
	int defect, clears;

	gsl_rng_set(r, 12);
	for (clears = 0; clears <= 1; clears++)
		for (defect = 0; defect <= 1; defect++) {
			size_t n, k;
			double *hits, sum = 0;
			long i;

			st.clears_defects = clears;
			n = wf_step_branches(&st, defect, w, b);
			ck_assert_uint_le(n, wf_step_max_branches(&st));
			hits = wf_xcalloc(n, sizeof *hits);
			for (k = 0; k < n; k++)
				sum += b[k].p;
			ck_assert_double_eq_tol(sum, 1, 1e-12);
			for (i = 0; i < N; i++) {
				struct wf_step_end e;

				wf_step_end(&st, &cv, defect, gsl_uniform, r, &e);
				/* the first branch with the same target and flag: review branches
				 * come before the route's, exception first */
				for (k = 0; k < n; k++)
					if (b[k].to.step == e.to.step && b[k].to.outcome == e.to.outcome &&
					    b[k].defect == e.defect)
						break;
				ck_assert_uint_lt(k, n);
				hits[k]++;
			}
			for (k = 0; k < n; k++) {
				double p = b[k].p, se = sqrt(p * (1 - p) / N);

				ck_assert_msg(fabs(hits[k] / N - p) <= K * se + 1e-12,
				    "clears %d defect %d branch %zu: %g vs %g", clears, defect, k,
				    hits[k] / N, p);
			}
			free(hits);
		}
	gsl_rng_free(r);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "end_matches_branches", test_end_matches_branches },
	};

	return tu_run("numeric", tests, sizeof(tests) / sizeof(tests[0]), 120);
}
