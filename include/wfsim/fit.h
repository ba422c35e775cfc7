/* wfsim fit: a first model from a CSV event log.  Three parts with one job each:
 *   fit-log    reads the log in two streaming passes, checks its quality and keeps only
 *              aggregates (per activity, per resource, per transition) of bounded size;
 *   fit-dist   fits duration distributions by maximum likelihood and picks one by AIC;
 *   fit-model  turns the aggregates into a commented draft model (YAML text).
 * fit-cmd holds the command line of `wfsim fit` and the quality report. */
#ifndef WFSIM_FIT_H
#define WFSIM_FIT_H
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

/* ---------- the log reader (fit-log.c) ---------- */

/* The quality problems, in the order the report lists them. */
enum wf_fit_problem {
	WF_FIT_UNPARSEABLE_TIME,
	WF_FIT_MISSING_CASE_ID,
	WF_FIT_MISSING_ACTIVITY,
	WF_FIT_END_BEFORE_START,
	WF_FIT_DUPLICATE_EVENT,
	WF_FIT_OVERLAPPING_SAME_RESOURCE,
	WF_FIT_OPEN_CASE,
	WF_FIT_OUT_OF_ORDER,
	WF_FIT_OUTLIER_DURATION,
	WF_FIT_TIMEZONE_SUSPECT,
	WF_FIT_UNKNOWN_COLUMNS,
	WF_FIT_WRONG_FIELD_COUNT,
	WF_FIT_N_PROBLEMS
};

/* Its name in the report and the JSON ("unparseable_time", ...). */
const char *wf_fit_problem_name(enum wf_fit_problem p);

#define WF_FIT_EXAMPLES 5	/* example line numbers kept per problem */
#define WF_FIT_SAMPLE 8192	/* reservoir of durations kept per activity */
#define WF_FIT_MAX_VALUES 20	/* a column with more values per case is not an attribute */

struct wf_fit_count {
	long count;
	long lines[WF_FIT_EXAMPLES];
	int n_lines;
};

/* What the command line says about the log. */
struct wf_fit_options {
	const char *col_case, *col_activity, *col_resource, *col_start, *col_end;
	const char *time_format;	/* strptime format, or NULL for ISO 8601 */
	int tz_minutes;			/* the model's clock, minutes east of UTC */
};

/* Sets the defaults: the columns `wfsim run --events` writes, ISO times, UTC. */
void wf_fit_options_init(struct wf_fit_options *o);

/* Durations of one activity, in seconds: sufficient statistics over every clean row and a
 * uniform sample (bottom-k on hashed keys: the same whatever the order of the rows) for the
 * fits and tests that need the data. */
struct wf_fit_durations {
	long n, zeros;
	double sum, sum_log, sum_log2, min, max;
	double c_sum, c_log, c_log2;	/* the sums' compensations (Neumaier), folded in by finish */
	double *sample;		/* up to WF_FIT_SAMPLE values */
	uint64_t *keys;		/* each sampled value's key: the sample keeps the smallest */
	size_t n_sample, cap_sample, cap_keys;
};

/* An empty accumulator (its sample allocated); fini frees the sample. */
void wf_fit_durations_init(struct wf_fit_durations *d);
void wf_fit_durations_fini(struct wf_fit_durations *d);
/* Adds a duration x >= 0 (negative counts as 0): the statistics, and the reservoir, which
 * keeps the WF_FIT_SAMPLE values of smallest key (a bottom-k sample).  With keys that are a
 * good hash of what identifies the row (its case id and place in the case), the sample is
 * uniform over all n and does not depend on the order the rows come in. */
void wf_fit_durations_add(struct wf_fit_durations *d, uint64_t key, double x);
/* After the last add: folds the compensations into the sums and sorts the sample, so that
 * nothing downstream depends on the order of the adds. */
void wf_fit_durations_finish(struct wf_fit_durations *d);
/* A sample key: a 64-bit mix of a case's hash and a row's place in the case. */
uint64_t wf_fit_sample_key(uint64_t case_hash, uint64_t place);

struct wf_fit_activity {
	char *name;
	long visits;		/* rows used for the durations */
	long *by_resource;	/* rows per resource (index into resources) */
	long no_resource;	/* rows with an empty resource */
	struct wf_fit_durations dur;
	double outlier_bound;	/* seconds: longer is an outlier (pass 2), +inf when unknown */
};

struct wf_fit_resource {
	char *name;
	long starts[168];	/* work started per hour of the week (0 = Monday 00:00) */
	double **busy;		/* busy seconds per time bucket since t0, in chunks allocated
				 * where work happened (NULL elsewhere) */
	size_t n_busy;		/* buckets */
};

/* A categorical attribute: a column whose value is the same on every row of a case. */
struct wf_fit_attribute {
	char *name;
	int column;
	char *values[WF_FIT_MAX_VALUES];
	long cases[WF_FIT_MAX_VALUES];	/* cases with each value (routing cases) */
	int n_values;
};

/* A transition counted from the directly-follows relation: from an activity (or -1, the
 * start of a case) to an activity or an outcome (to >= 0: activity; to < 0: outcome
 * -to - 1), overall (attr -1) or for cases whose attribute attr has value `value`. */
struct wf_fit_flow {
	int from, to, attr, value;
	long count;
};

struct wf_fit_log {
	char *path;
	struct wf_fit_options opt;
	long rows, rows_used, cases, cases_used;
	struct wf_fit_count problems[WF_FIT_N_PROBLEMS];
	char **unknown;		/* names of the unused columns */
	size_t n_unknown;
	struct wf_fit_activity *acts;
	size_t n_acts, cap_acts;
	struct wf_fit_resource *res;
	size_t n_res, cap_res;
	struct wf_fit_attribute *attrs;
	size_t n_attrs;
	char **outcomes;
	size_t n_outcomes, cap_outcomes;
	struct wf_fit_flow *flows;	/* an open-addressing hash table */
	size_t cap_flows, n_flows;
	/* arrivals: first event of each case, model clock */
	long arrivals[168];
	double first_arrival, last_arrival;
	long n_arrivals;
	double bucket;		/* width of a busy bucket, seconds */
	double t0, t1;		/* earliest and latest time in the log */
	long night_starts, starts;
	int has_status, has_outcome;
};

/* Reads the log at `path` (a file: it is read twice) into a fresh *out.  Fatal problems
 * (the file cannot be read, a required column is missing, a quoted field never ends) are
 * written to err as "file:line: error: ..." and give -1; row problems are counted in
 * out->problems and never fatal.  *out is valid (and must be freed) either way. */
int wf_fit_log_read(const char *path, const struct wf_fit_options *opt, struct wf_fit_log *out,
		    char *err, size_t errlen);
void wf_fit_log_fini(struct wf_fit_log *log);

/* The most servers of pool r busy at once: the largest busy time of a bucket divided by the
 * bucket's width; *at is when that bucket starts. */
double wf_fit_busy_peak(const struct wf_fit_log *log, const struct wf_fit_resource *r,
			double *at);

/* Parses a time field into seconds since 1970 on the model's clock: ISO 8601 (date, or date
 * and time with optional seconds, fraction, and Z or +HH:MM offset) when fmt is NULL, else
 * a strptime format.  A time without a zone is UTC; every time is moved to the model's
 * clock, tz_minutes east of UTC (0: the times as written).  0, or -1. */
int wf_fit_parse_time(const char *s, const char *fmt, int tz_minutes, double *t);

/* ---------- the fits (fit-dist.c) ---------- */

enum wf_fit_family { WF_FIT_EXPONENTIAL, WF_FIT_LOGNORMAL, WF_FIT_GAMMA, WF_FIT_WEIBULL,
		     WF_FIT_N_FAMILIES };

struct wf_fit_candidate {
	int ok;			/* 0: the family cannot describe the data (zeros for a log) */
	double p1, p2;		/* exponential: mean; lognormal: mu, sigma; gamma, Weibull: shape, scale */
	double loglik, aic, ks;	/* on the sample; ks is the Kolmogorov-Smirnov distance D */
};

struct wf_fit_result {
	struct wf_fit_candidate c[WF_FIT_N_FAMILIES];
	int best;		/* the family of least AIC, or -1 */
	int fits;		/* 1: the best family passes the KS test at the 1% level */
	double ks_critical;	/* D above which the KS test rejects at 1% */
};

const char *wf_fit_family_name(enum wf_fit_family f);

/* Fits the four families to durations: exponential, lognormal and gamma parameters from the
 * sufficient statistics of all n observations (gamma's shape by GSL's Brent minimiser),
 * Weibull's from the sample (Brent on the profile likelihood); log-likelihood, AIC and KS
 * distance of every family on the sample, so that they compare like with like.  The sample
 * is sorted in place. */
void wf_fit_durations(struct wf_fit_durations *d, struct wf_fit_result *r);

/* The p-quantile of a sorted sample (type 7, as R). */
double wf_fit_quantile(const double *sorted, size_t n, double p);

/* ---------- the draft model (fit-model.c) ---------- */

/* Writes the draft model for a log read by wf_fit_log_read (its samples get sorted). */
void wf_fit_model_write(FILE *fp, const struct wf_fit_log *log);

/* ---------- the command (fit-cmd.c) ---------- */

/* `wfsim fit` with argv[0] = "fit": the exit code (0, 1 usage, 2 nothing usable or a fatal
 * problem in the log, 3 cannot write). */
int wf_fit_main(int argc, char **argv);

#endif
