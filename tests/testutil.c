/* Helpers shared by the Check programs: paths into the source tree, loading models, and
 * diagnostics as text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "wfsim/xalloc.h"

static void zero_set(void *s, unsigned long seed) { (void)s; (void)seed; }
static unsigned long zero_get(void *s) { (void)s; return 0; }
static double zero_get_double(void *s) { (void)s; return 0.0; }
static const gsl_rng_type zero_type = { "zero", 0xffffffffUL, 0, 1, zero_set, zero_get,
					zero_get_double };
const gsl_rng_type *tu_zero_rng = &zero_type;

const char *
tu_srcdir(void)
{
	const char *s = getenv("SRCDIR");

	return s != NULL && *s ? s : ".";
}

struct wf_model *
tu_load(const char *relpath, struct wf_diag *diag)
{
	char *path = wf_xasprintf("%s/%s", tu_srcdir(), relpath);
	struct wf_diag own;
	struct wf_diag *d = diag ? diag : &own;
	struct wf_model *m;

	if (diag == NULL)
		wf_diag_init(&own);
	m = wf_model_load(path, d);
	if (m == NULL)
		wf_diag_print(d, stderr);
	if (diag == NULL)
		wf_diag_fini(&own);
	ck_assert_msg(m != NULL, "%s does not load", path);
	free(path);
	return m;
}

char *
tu_diag_text(struct wf_diag *d)
{
	FILE *f = tmpfile();
	long n;
	char *buf;

	ck_assert_ptr_nonnull(f);
	wf_diag_print(d, f);
	n = ftell(f);
	rewind(f);
	buf = wf_xcalloc((size_t)n + 1, 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

int
tu_run(const char *suite, const struct tu_test *tests, size_t n, int timeout)
{
	Suite *s = suite_create(suite);
	SRunner *sr;
	size_t i;
	int failed;

	for (i = 0; i < n; i++) {
		TCase *tc = tcase_create(tests[i].name);

		if (timeout > 0)
			tcase_set_timeout(tc, timeout);
		tcase_add_test(tc, tests[i].fn);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void
tu_free_results(struct wf_rep_result *results, long n)
{
	long i;

	for (i = 0; i < n; i++)
		wf_rep_result_fini(&results[i]);
	free(results);
}

struct wf_model *
tu_load_text(const char *text)
{
	struct wf_diag d;
	struct wf_model *m;

	wf_diag_init(&d);
	m = wf_model_load_string(text, strlen(text), "inline.yaml", &d);
	if (m == NULL)
		wf_diag_print(&d, stderr);
	wf_diag_fini(&d);
	ck_assert(m != NULL);
	return m;
}

struct wf_rep_result *
tu_run_all(const struct wf_model *m, struct wf_settings *set)
{
	struct wf_rep_result *r;
	char err[256] = "";

	wf_settings_default(set, m);
	set->threads = 1;
	r = wf_xcalloc((size_t)set->replications, sizeof(*r));
	ck_assert_msg(wf_sim_run_all(m, set, r, NULL, NULL, NULL, NULL, err, sizeof(err)) == 0,
	    "%s", err);
	return r;
}

double
tu_erlang_c_wq(int c, double lam, double s)
{
	double a = lam * s, term = 1, sum = 0, pc, pw;
	int k;

	for (k = 0; k < c; k++) {
		sum += term;
		term *= a / (k + 1);
	}
	pc = term * c / (c - a);	/* a^c / c! * c / (c - a) */
	pw = pc / (sum + pc);
	return pw / (c / s - lam);
}
