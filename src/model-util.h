/* Internal to the model loader (model-load.c, model-util.c): the loader's state and the
 * helpers that read located values out of the YAML tree.  Each helper reports its errors
 * into the loader's diagnostics at the offending node and returns -1 (or NULL). */
#ifndef WFSIM_MODEL_UTIL_H
#define WFSIM_MODEL_UTIL_H
#include <stddef.h>
#include "model-yaml.h"
#include "wfsim/model.h"

#define P_TOLERANCE	1e-9	/* probabilities that must sum to 1 */
/* Sizes past any hand-written workflow.  Names are looked up by linear search and checked for
 * duplicates pairwise, and the capacity check solves a dense system in the steps, so these
 * bounds are what keep a hostile 16 MB model from taking minutes. */
#define ML_MAX_NAMES	1000	/* calendars, resources, attributes */
#define ML_MAX_STEPS	1000
#define ML_MAX_VALUES	10000	/* values of one attribute, as WF_TRACE_MAX_VALUES */

struct ld {
	struct wf_diag *d;
	const char *file;
	char *dir;		/* prefix for relative trace paths: "" or "dir/" */
	struct wf_model *m;
	double unit_minutes, offset_minutes;
	size_t errors0;
	char **step_ids;	/* collected before the steps are read so targets resolve at once */
	const struct ynode **step_nodes;
	size_t n_step_ids;
};

/* Messages at a node's position (n may be NULL: the whole file). */
void ml_err(struct ld *L, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ml_warn(struct ld *L, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* strerror(e), lower case, in buf. */
const char *ml_errstr(int e, char *buf, size_t len);
/* "a list", "a mapping", "nothing" or the quoted scalar, for "got ..." in messages. */
const char *ml_describe(const struct ynode *n, char *buf, size_t len);
/* The candidate a typo of `word` most likely meant, or NULL. */
const char *ml_suggest(const char *word, const char *const *cand, size_t n);
/* "; did you mean 'x'?" in buf, or "". */
const char *ml_hint(char *buf, size_t len, const char *word, const char *const *cand, size_t n);

/* Typed values of `key`; `expect` says what was expected in the error message. */
const char *ml_scalar(struct ld *L, const struct ynode *n, const char *key, const char *expect);
const char *ml_name(struct ld *L, const struct ynode *n, const char *key);
int ml_duration(struct ld *L, const struct ynode *n, const char *key, double *out);
int ml_rate(struct ld *L, const struct ynode *n, const char *key, double *out);
int ml_amount(struct ld *L, const struct ynode *n, const char *key, double *out);	/* >= 0 */
int ml_prob(struct ld *L, const struct ynode *n, const char *key, double *out);
int ml_int(struct ld *L, const struct ynode *n, const char *key, long lo, long hi,
	   const char *expect, long *out);
int ml_bool(struct ld *L, const struct ynode *n, const char *key, int *out);

/* A mapping with the keys of the NULL-terminated `keys`: val[i] (key[i]) is the value (key)
 * node of keys[i] or NULL; unknown and duplicate keys are reported.  -1 if n is no mapping. */
int ml_map(struct ld *L, const struct ynode *n, const char *what, const char *const *keys,
	   const struct ynode **val, const struct ynode **key);
/* A mapping whose keys are the user's names: checks they are scalars and unique. */
int ml_names_map(struct ld *L, const struct ynode *n, const char *what);
void ml_mark(struct wf_mark *m, const struct ynode *n);
/* A distribution, or a bare duration for a constant; d is zeroed on error. */
int ml_dist(struct ld *L, const struct ynode *n, const char *key, struct wf_dist *d);
/* A list of { days, hours [, vkey] } windows as a weekly function (vkey NULL: value 1,
 * "capacity": a positive integer, "rate": a rate); overlaps are errors naming both. */
int ml_windows(struct ld *L, const struct ynode *list, const char *what, const char *vkey,
	       struct wf_weekly *w);

#endif
