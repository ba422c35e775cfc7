/* Helpers shared by the Check programs: files of the source tree (found through $SRCDIR,
 * which the test harness sets), models loaded from them, diagnostics as text. */
#ifndef WFSIM_TESTUTIL_H
#define WFSIM_TESTUTIL_H
#include <stddef.h>
#include <check.h>
#include <gsl/gsl_rng.h>
#include "wfsim/diag.h"
#include "wfsim/model.h"
#include "wfsim/sim.h"

/* The source tree's top directory: $SRCDIR, or "." when it is not set. */
const char *tu_srcdir(void);
/* Loads `relpath` (relative to the source tree) and fails the running test, printing the
 * diagnostics, if it does not load.  With `diag` NULL the diagnostics are discarded;
 * otherwise diag must be initialised and receives them. */
struct wf_model *tu_load(const char *relpath, struct wf_diag *diag);
/* A model from YAML text (named inline.yaml in messages); fails the running test, printing
 * the diagnostics, if it does not load. */
struct wf_model *tu_load_text(const char *text);
/* All replications of m with the model's own settings (written to *set) on one thread; the
 * caller frees the results with tu_free_results. */
struct wf_rep_result *tu_run_all(const struct wf_model *m, struct wf_settings *set);
/* What wf_diag_print writes, as a string the caller frees. */
char *tu_diag_text(struct wf_diag *d);

/* Frees results[0..n) and the array (as run with wf_sim_run_all). */
void tu_free_results(struct wf_rep_result *results, long n);

/* Erlang C: the mean wait in queue of M/M/c with c servers, arrival rate lam and mean
 * service time s (lam s < c), in the unit of s. */
double tu_erlang_c_wq(int c, double lam, double s);

/* A generator whose every draw is 0 (get, and get_double: u = 0, the end of [0, 1) that a
 * sampler taking log(1 - u) or log(u) must survive). */
extern const gsl_rng_type *tu_zero_rng;

/* A Check program's tests: each runs as a test case of its own, so that one failure does
 * not hide the others.  tu_run runs the n tests as suite `suite`, each within `timeout`
 * seconds (0: Check's default), and returns main's exit status. */
struct tu_test {
	const char *name;
	const TTest *fn;
};
int tu_run(const char *suite, const struct tu_test *tests, size_t n, int timeout);

#endif
