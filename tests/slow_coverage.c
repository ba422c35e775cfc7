/* The slow check (make check-slow): do the engine's 95% confidence intervals mean what they
 * say?  400 independent experiments, each R replications of an M/M/1 queue, each giving a
 * Student-t interval for the mean cycle time; the share covering the theoretical W must be
 * within 93-97% (binomial sd of the share is 1.1 points at 400 runs). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include "testmodel.h"
#include "wfsim/sim.h"
#include "wfsim/xalloc.h"

#define RUNS 400
#define REPS 10

int
main(void)
{
	/* lambda 1, mean service 0.5: rho 0.5, W = s / (1 - rho) = 1; a warm-up of 200 mean
	 * services and a horizon of 2000 make the initial-state bias negligible */
	struct wf_model *m = tm_new(WF_MINUTES);
	int s = tm_step(m, "serve", tm_resource(m, "server", 1, 0, 0));
	struct wf_rep_result r[REPS];
	struct wf_settings set = { .horizon = 2000, .warmup = 100, .replications = REPS,
	    .threads = 2 };
	double t = gsl_cdf_tdist_Pinv(0.975, REPS - 1), truth = 1.0;
	char err[256];
	int k, covered = 0;

	m->steps[s].has_duration = 1;
	m->steps[s].duration = tm_exp(0.5);
	tm_arrivals(m, tm_exp(1));
	tm_finish(m);
	for (k = 0; k < RUNS; k++) {
		double sum = 0, ss = 0, mean, half;
		int i;

		set.seed = 1000 + (uint64_t)k;
		if (wf_sim_run_all(m, &set, r, NULL, NULL, NULL, NULL, err, sizeof(err)) != 0) {
			fprintf(stderr, "slow_coverage: %s\n", err);
			return 1;
		}
		for (i = 0; i < REPS; i++)
			sum += r[i].metric[WF_M_CYCLE_TIME_MEAN];
		mean = sum / REPS;
		for (i = 0; i < REPS; i++) {
			double d = r[i].metric[WF_M_CYCLE_TIME_MEAN] - mean;

			ss += d * d;
			wf_rep_result_fini(&r[i]);
		}
		half = t * sqrt(ss / (REPS - 1) / REPS);
		covered += fabs(mean - truth) <= half;
	}
	tm_free(m);
	printf("slow_coverage: %d of %d 95%% intervals cover W = %g (%.1f%%)\n", covered, RUNS,
	    truth, 100.0 * covered / RUNS);
	return covered >= 0.93 * RUNS && covered <= 0.97 * RUNS ? 0 : 1;
}
