/* The benchmark's event counter (not installed, not a test): runs a model's replications the
 * way `wfsim run` does and prints how many events the engine processed, so that bench/run.sh
 * can turn its timings into events per second.  The count depends only on the model and the
 * settings, never on the machine or the thread count.
 * Usage: bench/events MODEL.yaml [REPLICATIONS] */
#include <stdio.h>
#include <stdlib.h>

#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/sim.h"

int
main(int argc, char **argv)
{
	struct wf_diag diag;
	struct wf_model *m;
	struct wf_settings set;
	struct wf_rep_result *res;
	char err[256];
	double events = 0;
	long i;
	int rc = 1;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s MODEL.yaml [REPLICATIONS]\n", argv[0]);
		return 2;
	}
	wf_diag_init(&diag);
	m = wf_model_load(argv[1], &diag);
	if (m == NULL) {
		wf_diag_print(&diag, stderr);
		wf_diag_fini(&diag);
		return 2;
	}
	wf_settings_default(&set, m);
	if (argc == 3)
		set.replications = atol(argv[2]);
	set.threads = 1;
	res = calloc((size_t)set.replications, sizeof(*res));
	if (res == NULL)
		goto out;
	/* wf_sim_run_all initialises the results; they are finished here either way */
	if (wf_sim_run_all(m, &set, res, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0) {
		for (i = 0; i < set.replications; i++)
			events += res[i].events;
		printf("%.0f\n", events);
		rc = 0;
	} else
		fprintf(stderr, "%s\n", err);
	for (i = 0; i < set.replications; i++)
		wf_rep_result_fini(&res[i]);
	free(res);
out:
	wf_model_free(m);
	wf_diag_fini(&diag);
	return rc;
}
