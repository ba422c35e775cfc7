/* The model loader: walks the YAML tree of a version 1 model, checks every key and value,
 * resolves names to indices and builds struct wf_model.  Every problem is reported at the
 * key or value it concerns, and loading goes on after an error so that one run of
 * `wfsim check` lists them all. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model-util.h"
#include "override.h"
#include "wfsim/metrics.h"
#include "wfsim/model.h"
#include "wfsim/rng.h"
#include "wfsim/sim.h"
#include "wfsim/step.h"
#include "wfsim/trace.h"
#include "wfsim/xalloc.h"

#define MAX_MODEL_BYTES	(16 * 1024 * 1024)
#define DEFAULT_START	"2026-01-05T00:00"	/* a Monday */


/* --- outcomes and targets --- */

/* Outcomes are numbered in order of first appearance in the file: a walk of the steps in
 * document order before anything else is read. */
static void
scan_outcomes(struct wf_model *m, const struct ynode *n, int depth)
{
	size_t i;

	if (depth > YAML_MAX_DEPTH)
		return;
	if (n->kind == Y_MAP) {
		for (i = 0; i < n->n; i++) {
			const struct ynode *k = n->kid[2 * i], *v = n->kid[2 * i + 1];

			if (k->kind == Y_SCALAR && strcmp(k->s, "end") == 0 && v->kind == Y_SCALAR &&
			    !wf_yaml_null(v) && strlen(v->s) == v->len)
				wf_model_outcome_add(m, v->s);
			else
				scan_outcomes(m, v, depth + 1);
		}
	} else if (n->kind == Y_SEQ)
		for (i = 0; i < n->n; i++)
			scan_outcomes(m, n->kid[i], depth + 1);
}

static int
step_index(struct ld *L, const char *id)
{
	size_t i;

	for (i = 0; i < L->n_step_ids; i++)
		if (L->step_ids[i] != NULL && strcmp(L->step_ids[i], id) == 0)
			return (int)i;
	return -1;
}

static int
get_outcome(struct ld *L, const struct ynode *n, struct wf_target *t)
{
	const char *s;

	if ((s = ml_scalar(L, n, "end", "an outcome name such as resolved")) == NULL)
		return -1;
	t->step = -1;
	t->outcome = wf_model_outcome_add(L->m, s);
	return 0;
}

/* A place to go: a step id or { end: OUTCOME }. */
static int
get_target(struct ld *L, const struct ynode *n, const char *key, struct wf_target *t)
{
	static const char *keys[] = { "end", NULL };
	const struct ynode *v[1];
	char b[64], h[128];
	int i;

	t->step = -1;
	t->outcome = WF_OUTCOME_DONE;
	if (n->kind == Y_MAP) {
		if (ml_map(L, n, key[0] == 'a' ? "an end" : "the target", keys, v, NULL) < 0)
			return -1;
		if (v[0] == NULL) {
			ml_err(L, n, "'%s' must be a step id or { end: OUTCOME }", key);
			return -1;
		}
		return get_outcome(L, v[0], t);
	}
	if (n->kind != Y_SCALAR || wf_yaml_null(n)) {
		ml_err(L, n, "'%s' must be a step id or { end: OUTCOME }, got %s", key, ml_describe(n, b, sizeof(b)));
		return -1;
	}
	if ((i = step_index(L, n->s)) < 0) {
		ml_err(L, n, "unknown step '%s' in '%s'%s", n->s, key,
		    ml_hint(h, sizeof(h), n->s, (const char *const *)L->step_ids, L->n_step_ids));
		return -1;
	}
	t->step = i;
	return 0;
}

/* --- top-level sections --- */

static void
load_simulation(struct ld *L, const struct ynode *n)
{
	static const char *keys[] = { "horizon", "warmup", "replications", "seed", "drain", NULL };
	struct wf_sim_defaults *s = &L->m->sim;
	const struct ynode *v[5];
	long x;

	if (ml_map(L, n, "'simulation'", keys, v, NULL) < 0)
		return;
	if (v[0] != NULL && ml_duration(L, v[0], "horizon", &s->horizon) == 0) {
		if (s->horizon > 0)
			s->has_horizon = 1;
		else
			ml_err(L, v[0], "'horizon' must be longer than 0");
	}
	if (v[1] != NULL && ml_duration(L, v[1], "warmup", &s->warmup) == 0) {
		s->has_warmup = 1;
		if (s->has_horizon && s->warmup >= s->horizon)
			ml_err(L, v[1], "'warmup' must be shorter than 'horizon'");
	}
	if (v[2] != NULL && ml_int(L, v[2], "replications", 1, WF_MAX_REPLICATIONS,
	    "a whole number from 1 to " WF_STR(WF_MAX_REPLICATIONS), &x) == 0) {
		s->replications = x;
		s->has_replications = 1;
	}
	if (v[3] != NULL && ml_int(L, v[3], "seed", 0, LONG_MAX, "a whole number", &x) == 0) {
		s->seed = (uint64_t)x;
		s->has_seed = 1;
	}
	/* how long past the horizon the cases of the window may take to end (see sim.h) */
	if (v[4] != NULL && ml_duration(L, v[4], "drain", &s->drain) == 0) {
		if (s->drain > 0)
			s->has_drain = 1;
		else
			ml_err(L, v[4], "'drain' must be longer than 0");
	}
}

static int
cmp_double_asc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts the holidays h[0..*n) and keeps each day once (a day given twice closes once). */
static void
holidays_sort_unique(double *h, size_t *n)
{
	size_t i, k;

	qsort(h, *n, sizeof(double), cmp_double_asc);
	for (i = k = 0; i < *n; i++)
		if (k == 0 || h[i] != h[k - 1])
			h[k++] = h[i];
	*n = k;
}

/* Adds the holidays add[0..nadd) (model times) to *out, keeping it sorted and unique: a pool
 * is closed on its own holidays and on those of its calendar or shifts. */
static void
holidays_merge(double **out, size_t *nout, const double *add, size_t nadd)
{
	if (nadd == 0)
		return;
	*out = wf_xrealloc(*out, (*nout + nadd) * sizeof(double));
	memcpy(*out + *nout, add, nadd * sizeof(double));
	*nout += nadd;
	holidays_sort_unique(*out, nout);
}

/* `holidays: [YYYY-MM-DD, ...]`: the model times of those days' midnights, added to *out
 * (sorted, each day once). */
static void
load_holidays(struct ld *L, const struct ynode *n, double **out, size_t *nout)
{
	double unit = L->unit_minutes * 60, epoch;
	char err[256], b[64];
	const char *s;
	size_t i;

	if (n->kind != Y_SEQ || n->n == 0) {
		ml_err(L, n, "'holidays' must be a list of dates such as [2026-12-25, 2026-12-26], got %s",
		    n->kind == Y_SEQ ? "an empty list" : ml_describe(n, b, sizeof(b)));
		return;
	}
	*out = wf_xrealloc(*out, (*nout + n->n) * sizeof(double));
	for (i = 0; i < n->n; i++) {
		if ((s = ml_scalar(L, n->kid[i], "holidays", "a date such as 2026-12-25")) == NULL)
			continue;
		if (strlen(s) != 10 || wf_parse_datetime(s, &epoch, err, sizeof(err)) < 0) {
			ml_err(L, n->kid[i], "invalid holiday '%s': expected a date YYYY-MM-DD such as 2026-12-25", s);
			continue;
		}
		(*out)[(*nout)++] = (epoch - L->m->start_epoch) / unit;
	}
	holidays_sort_unique(*out, nout);
}

/* A weekly schedule with dated closures: a calendar, or a pool's shifts.  Either a list of
 * windows, or `{ windows: [...], holidays: [...] }` when it has holidays.  Returns what
 * ml_windows does (-1 with the error reported). */
static int
load_schedule(struct ld *L, const struct ynode *n, const char *what, const char *vkey,
	      struct wf_weekly *w, double **hol, size_t *nhol)
{
	static const char *keys[] = { "windows", "holidays", NULL };
	const struct ynode *v[2];

	if (n->kind != Y_MAP)
		return ml_windows(L, n, what, vkey, w);
	memset(w, 0, sizeof(*w));
	if (ml_map(L, n, what, keys, v, NULL) < 0)
		return -1;
	if (v[1] != NULL)
		load_holidays(L, v[1], hol, nhol);
	if (v[0] == NULL) {
		ml_err(L, n, "%s needs 'windows' (a list of { days, hours%s } windows) when written as a mapping",
		    what, vkey != NULL ? ", capacity" : "");
		return -1;
	}
	return ml_windows(L, v[0], what, vkey, w);
}

static void
load_calendars(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	size_t i;
	char what[256];

	if (ml_names_map(L, n, "calendars") < 0)
		return;
	m->calendars = wf_xcalloc(n->n ? n->n : 1, sizeof(*m->calendars));
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kid[2 * i];
		struct wf_calendar *c = &m->calendars[m->n_calendars];

		if (k->kind != Y_SCALAR)
			continue;
		m->n_calendars++;
		c->id = wf_xstrdup(k->s);
		ml_mark(&c->mark, k);
		snprintf(what, sizeof(what), "calendar '%s'", k->s);
		load_schedule(L, n->kid[2 * i + 1], what, NULL, &c->open, &c->holiday, &c->n_holidays);
	}
}

static int
calendar_index(const struct wf_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_calendars; i++)
		if (strcmp(m->calendars[i].id, id) == 0)
			return (int)i;
	return -1;
}

static void
load_resources(struct ld *L, const struct ynode *n)
{
	static const char *keys[] = { "capacity", "calendar", "shifts", "kind", "cost_per_hour",
	    "overtime_cost_per_hour", "at_close", "holidays", NULL };
	struct wf_model *m = L->m;
	const struct ynode *v[8], *kn[8];
	size_t i, j;
	char what[256], b[64], h[128];

	if (ml_names_map(L, n, "resources") < 0)
		return;
	m->resources = wf_xcalloc(n->n ? n->n : 1, sizeof(*m->resources));
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kid[2 * i];
		struct wf_resource *r = &m->resources[m->n_resources];
		const char *s;
		long cap = 1;
		int ok = 1;

		if (k->kind != Y_SCALAR)
			continue;
		m->n_resources++;
		r->id = wf_xstrdup(k->s);
		r->calendar = -1;
		r->capacity = 1;
		r->overtime_cost_per_hour = NAN;
		r->site = wf_rng_site(r->id);
		ml_mark(&r->mark, k);
		snprintf(what, sizeof(what), "resource '%s'", k->s);
		if (ml_map(L, n->kid[2 * i + 1], what, keys, v, kn) < 0)
			continue;
		if (v[0] != NULL) {
			if (v[0]->kind == Y_SCALAR && strcmp(v[0]->s, "unlimited") == 0)
				r->capacity = WF_UNLIMITED;
			else if (v[0]->kind == Y_SCALAR && !wf_yaml_null(v[0])) {
				char err[256];

				if (wf_parse_count(v[0]->s, &cap, err, sizeof(err)) < 0 && strstr(err, "too large")) {
					ml_err(L, v[0], "'capacity' is too large: %s", v[0]->s);
					ok = 0;
				} else if (wf_parse_count(v[0]->s, &cap, err, sizeof(err)) < 0 || cap < 1) {
					ml_err(L, v[0], "'capacity' must be a positive integer or 'unlimited', got '%s'",
					    v[0]->s);
					ok = 0;
				} else if (cap > INT_MAX) {
					ml_err(L, v[0], "'capacity' is too large: %s", v[0]->s);
					ok = 0;
				} else
					r->capacity = (int)cap;
			} else {
				ml_err(L, v[0], "'capacity' must be a positive integer or 'unlimited', got %s",
				    ml_describe(v[0], b, sizeof(b)));
				ok = 0;
			}
			if (v[2] != NULL) {
				ml_err(L, kn[2], "resource '%s' has both 'capacity' and 'shifts': with shifts, each shift gives its capacity",
				    r->id);
				ok = 0;
			}
		} else if (v[2] == NULL) {
			ml_err(L, k, "resource '%s' needs 'capacity' (a positive integer or 'unlimited')", r->id);
			ok = 0;
		}
		if (v[1] != NULL && (s = ml_name(L, v[1], "calendar")) != NULL) {
			if ((r->calendar = calendar_index(m, s)) < 0) {
				const char **cand = wf_xcalloc(m->n_calendars + 1, sizeof(char *));

				for (j = 0; j < m->n_calendars; j++)
					cand[j] = m->calendars[j].id;
				if (m->n_calendars == 0)
					ml_err(L, v[1], "unknown calendar '%s': the model defines no 'calendars'", s);
				else
					ml_err(L, v[1], "unknown calendar '%s'%s", s,
					    ml_hint(h, sizeof(h), s, cand, m->n_calendars));
				free(cand);
				ok = 0;
			}
		} else if (v[1] != NULL)
			ok = 0;
		if (v[1] != NULL && v[2] != NULL) {
			ml_err(L, kn[2], "resource '%s' has both 'calendar' and 'shifts': give only one", r->id);
			ok = 0;
		}
		if (v[2] != NULL && ok) {
			snprintf(what, sizeof(what), "the shifts of resource '%s'", r->id);
			if (load_schedule(L, v[2], what, "capacity", &r->servers, &r->holiday,
			    &r->n_holidays) == 0) {
				r->has_shifts = 1;
				r->capacity = (int)r->servers.max;
				if (r->capacity < 1)
					r->capacity = 1;
			}
		} else if (ok && r->calendar >= 0 && m->calendars[r->calendar].open.n > 0) {
			/* the pool's servers: the calendar's 0/1 scaled by the capacity (a calendar
			 * with bad windows was reported and left empty) */
			wf_weekly_copy(&r->servers, &m->calendars[r->calendar].open);
			if (r->capacity != WF_UNLIMITED && r->servers.value != NULL) {
				for (j = 0; j < r->servers.n; j++)
					r->servers.value[j] *= r->capacity;
				r->servers.mean *= r->capacity;
				r->servers.max *= r->capacity;
			}
		} else if (ok && r->calendar < 0)
			wf_weekly_constant(&r->servers, r->capacity == WF_UNLIMITED ? 1 : r->capacity,
			    L->unit_minutes, L->offset_minutes);
		if (v[3] != NULL && (s = ml_scalar(L, v[3], "kind", "human or machine")) != NULL) {
			if (strcmp(s, "machine") == 0)
				r->is_machine = 1;
			else if (strcmp(s, "human") != 0)
				ml_err(L, v[3], "'kind' must be human or machine, got '%s'", s);
		}
		if (v[4] != NULL)
			ml_amount(L, v[4], "cost_per_hour", &r->cost_per_hour);
		if (v[5] != NULL && ml_amount(L, v[5], "overtime_cost_per_hour", &r->overtime_cost_per_hour) < 0)
			r->overtime_cost_per_hour = NAN;
		if (v[6] != NULL && (s = ml_scalar(L, v[6], "at_close", "finish or pause")) != NULL) {
			if (strcmp(s, "pause") == 0)
				r->at_close_pause = 1;
			else if (strcmp(s, "finish") != 0)
				ml_err(L, v[6], "'at_close' must be finish or pause, got '%s'", s);
			if (r->at_close_pause && v[1] == NULL && v[2] == NULL)
				ml_err(L, kn[6], "resource '%s' has 'at_close: pause' but no 'calendar' or 'shifts': it never closes",
				    r->id);
		}
		if (v[7] != NULL)
			load_holidays(L, v[7], &r->holiday, &r->n_holidays);
		if (r->calendar >= 0)	/* closed on its calendar's holidays too */
			holidays_merge(&r->holiday, &r->n_holidays, m->calendars[r->calendar].holiday,
			    m->calendars[r->calendar].n_holidays);
	}
}

/* 1 if s is a number and nothing else (surrounding blanks allowed), with it in *x. */
static int
number_of(const char *s, double *x)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	*x = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	return *end == '\0' && isfinite(*x);
}

static int
strtod_whole(const char *s)
{
	double x;

	return number_of(s, &x);
}

/* An attribute whose mapping has `dist: <a distribution>` is numeric (a category named
 * "dist" would have a probability, not a distribution's name). */
static int
numeric_attribute(const struct ynode *v)
{
	size_t i;

	if (v->kind != Y_MAP)
		return 0;
	for (i = 0; i < v->n; i++) {
		const struct ynode *k = v->kid[2 * i], *x = v->kid[2 * i + 1];

		if (k->kind == Y_SCALAR && strcmp(k->s, "dist") == 0 && x->kind == Y_SCALAR &&
		    !wf_yaml_null(x) && strtod_whole(x->s) == 0)
			return 1;
	}
	return 0;
}

/* The pair of mapping v whose key is `key`, as its index; -1 when there is none. */
static long
pair_index(const struct ynode *v, const char *key)
{
	size_t i;

	for (i = 0; v->kind == Y_MAP && i < v->n; i++)
		if (v->kid[2 * i]->kind == Y_SCALAR && strcmp(v->kid[2 * i]->s, key) == 0)
			return (long)i;
	return -1;
}

/* `segments: [b1, b2, ...]` on numeric attribute a: the bounds that bin its values into
 * segments, strictly increasing (metrics.h). */
static void
load_segment_bounds(struct ld *L, const struct ynode *n, struct wf_attribute *a)
{
	char b[64];
	size_t i;
	double x;

	if (n->kind != Y_SEQ || n->n == 0) {
		ml_err(L, n, "'segments' of attribute '%s' must be a list of increasing numbers that bin its values, such as [10000, 50000], got %s",
		    a->name, n->kind == Y_SEQ ? "an empty list" : ml_describe(n, b, sizeof(b)));
		return;
	}
	if (n->n >= WF_MAX_SEGMENTS) {
		ml_err(L, n, "'segments' of attribute '%s' has %zu bounds; at most %d are supported (%d segments)",
		    a->name, n->n, WF_MAX_SEGMENTS - 1, WF_MAX_SEGMENTS);
		return;
	}
	a->seg_bound = wf_xcalloc(n->n, sizeof(double));
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->kid[i];

		if (e->kind != Y_SCALAR || wf_yaml_null(e) || !number_of(e->s, &x)) {
			ml_err(L, e, "a bound in 'segments' of attribute '%s' must be a number, got %s",
			    a->name, ml_describe(e, b, sizeof(b)));
			goto bad;
		}
		if (i > 0 && !(x > a->seg_bound[i - 1])) {
			if (x == a->seg_bound[i - 1])
				ml_err(L, e, "the bounds in 'segments' of attribute '%s' must increase: %.15g is given twice",
				    a->name, x);
			else
				ml_err(L, e, "the bounds in 'segments' of attribute '%s' must increase: %.15g comes after %.15g",
				    a->name, x, a->seg_bound[i - 1]);
			goto bad;
		}
		a->seg_bound[i] = x;
	}
	a->n_seg_bounds = n->n;
	return;
bad:
	free(a->seg_bound);
	a->seg_bound = NULL;
}

/* A numeric attribute: its distribution, and the bounds of its segments when it has some.
 * ml_dist reads every key but `dist` as a parameter, so `segments` is taken out first. */
static void
load_numeric_attribute(struct ld *L, const struct ynode *v, struct wf_attribute *a)
{
	long si = pair_index(v, "segments");
	struct ynode copy;
	size_t i, k;

	if (si < 0) {
		ml_dist(L, v, a->name, &a->dist);
		return;
	}
	copy = *v;
	copy.kid = wf_xcalloc(2 * v->n, sizeof(struct ynode *));
	for (i = k = 0; i < v->n; i++)
		if ((long)i != si) {
			copy.kid[2 * k] = v->kid[2 * i];
			copy.kid[2 * k++ + 1] = v->kid[2 * i + 1];
		}
	copy.n = k;
	ml_dist(L, &copy, a->name, &a->dist);
	free(copy.kid);
	load_segment_bounds(L, v->kid[2 * si + 1], a);
}

/* Attributes past the cap of WF_MAX_SEGMENTS are not segmented (metrics.h); one whose bins
 * the model asked for gets a warning that says so. */
static void
segments_cap_warning(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	int *off = wf_xcalloc(m->n_attributes ? m->n_attributes : 1, sizeof(int));
	size_t i, a = 0;

	wf_segments_layout(m, off);
	for (i = 0; i < n->n && a < m->n_attributes; i++) {
		const struct ynode *v = n->kid[2 * i + 1];
		long si;

		if (n->kid[2 * i]->kind != Y_SCALAR)
			continue;
		if (m->attributes[a].n_seg_bounds > 0 && off[a] < 0 &&
		    (si = pair_index(v, "segments")) >= 0)
			ml_warn(L, v->kid[2 * si], "attribute '%s' is not segmented: its %zu segments would take the model past %d",
			    m->attributes[a].name, m->attributes[a].n_seg_bounds + 1, WF_MAX_SEGMENTS);
		a++;
	}
	free(off);
}

static void
load_attributes(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	size_t i, j;
	char b[64];

	if (ml_names_map(L, n, "attributes") < 0)
		return;
	m->attributes = wf_xcalloc(n->n ? n->n : 1, sizeof(*m->attributes));
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kid[2 * i], *v = n->kid[2 * i + 1];
		struct wf_attribute *a = &m->attributes[m->n_attributes];
		double sum = 0;
		int bad = 0;
		long si;

		if (k->kind != Y_SCALAR)
			continue;
		m->n_attributes++;
		a->name = wf_xstrdup(k->s);
		a->site = wf_rng_site(a->name);
		ml_mark(&a->mark, k);
		if (numeric_attribute(v)) {
			/* a number per case: { dist: beta, a: 8, b: 2 } */
			a->numeric = 1;
			m->has_numeric = 1;
			load_numeric_attribute(L, v, a);
			continue;
		}
		/* a value named "segments" has a probability; a list there is a misplaced bin */
		if ((si = pair_index(v, "segments")) >= 0 && v->kid[2 * si + 1]->kind != Y_SCALAR) {
			ml_err(L, v->kid[2 * si],
			    "'segments' bins the values of a numeric attribute (one with 'dist'); categorical attribute '%s' has a segment per value already",
			    a->name);
			continue;
		}
		if (v->kind != Y_MAP || v->n == 0) {
			ml_err(L, v, "attribute '%s' must map each value to its probability, e.g. { routine: 0.7, complex: 0.3 }, or be a number drawn from a distribution, e.g. { dist: beta, a: 8, b: 2 }, got %s",
			    a->name, v->kind == Y_MAP ? "an empty mapping" : ml_describe(v, b, sizeof(b)));
			continue;
		}
		if (v->n > ML_MAX_VALUES) {
			ml_err(L, v, "attribute '%s' has %zu values; at most %d are supported", a->name,
			    v->n, ML_MAX_VALUES);
			continue;
		}
		a->values = wf_xcalloc(v->n, sizeof(char *));
		a->p = wf_xcalloc(v->n, sizeof(double));
		for (j = 0; j < v->n; j++) {
			const struct ynode *vk = v->kid[2 * j], *vp = v->kid[2 * j + 1];
			size_t q;

			if (vk->kind != Y_SCALAR || wf_yaml_null(vk)) {
				ml_err(L, vk, "a value of attribute '%s' must be plain text", a->name);
				bad = 1;
				continue;
			}
			for (q = 0; q < a->n_values; q++)
				if (strcmp(a->values[q], vk->s) == 0)
					break;
			if (q < a->n_values) {
				ml_err(L, vk, "duplicate value '%s' of attribute '%s'", vk->s, a->name);
				bad = 1;
				continue;
			}
			if (ml_prob(L, vp, vk->s, &a->p[a->n_values]) < 0)
				bad = 1;
			sum += a->p[a->n_values];
			a->values[a->n_values++] = wf_xstrdup(vk->s);
		}
		if (!bad && fabs(sum - 1) > P_TOLERANCE)
			ml_err(L, k, "the probabilities of attribute '%s' sum to %.10g, not 1", a->name, sum);
	}
	segments_cap_warning(L, n);
}

/* An undeclared trace column of numbers only (none negative) becomes a numeric attribute:
 * its empty cells draw from the numbers seen, each equally likely.  1 when it did (or failed
 * with an error), 0 when the column stays categorical. */
static int
trace_numeric(struct ld *L, const struct ynode *n, struct wf_trace_col *c, size_t rows,
	      struct wf_attribute *a)
{
	struct wf_dist_error de;
	double *x;
	size_t j, k = 0;

	if (c->text)
		return 0;
	x = wf_xmalloc((rows ? rows : 1) * sizeof *x);
	for (j = 0; j < rows; j++)
		if (!isnan(c->x[j]))
			x[k++] = c->x[j];
	if (k == 0) {
		free(x);
		return 0;	/* empty: said below */
	}
	if (wf_dist_make_empirical(&a->dist, x, k, &de) < 0) {
		free(x);
		if (!c->many)
			return 0;	/* negative numbers, few of them: categories as before */
		ml_err(L, n, "column '%s' of trace '%s' has more than %d distinct values, not all of them numbers >= 0: is it really a case attribute?",
		    c->name, L->m->arrivals.trace_file, WF_TRACE_MAX_VALUES);
		return 1;
	}
	free(x);
	a->numeric = 1;
	L->m->has_numeric = 1;
	return 1;
}

/* Reads the trace and turns its columns into attribute values; undeclared columns become
 * attributes with the frequencies seen, or numeric ones when they hold only numbers. */
static void
load_trace(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	struct wf_arrivals *ar = &m->arrivals;
	struct wf_trace_attr *ta;
	struct wf_trace_opts o;
	struct wf_trace t;
	const char *s;
	size_t i, j, na0 = m->n_attributes, e0 = L->d->n_errors;
	int *col_attr;
	char eb[128];
	FILE *f;

	if ((s = ml_scalar(L, n, "trace", "a CSV file name")) == NULL)
		return;
	ar->trace_file = s[0] == '/' ? wf_xstrdup(s) : wf_xasprintf("%s%s", L->dir, s);
	if ((f = fopen(ar->trace_file, "rb")) == NULL) {
		ml_err(L, n, "cannot open trace '%s': %s", ar->trace_file, ml_errstr(errno, eb, sizeof(eb)));
		return;
	}
	ta = wf_xcalloc(na0 ? na0 : 1, sizeof(*ta));
	for (i = 0; i < na0; i++) {
		ta[i].name = m->attributes[i].name;
		ta[i].numeric = m->attributes[i].numeric;
		ta[i].n_values = m->attributes[i].n_values;
		ta[i].values = m->attributes[i].values;
	}
	o.unit = m->unit;
	o.start_epoch = m->start_epoch;
	o.attrs = ta;
	o.n_attrs = na0;
	if (wf_trace_read(&t, f, ar->trace_file, &o, L->d) < 0) {
		ml_err(L, n, "trace '%s' is not valid: %zu error%s", ar->trace_file, L->d->n_errors - e0,
		    L->d->n_errors - e0 == 1 ? "" : "s");
		goto out;
	}
	col_attr = wf_xcalloc(t.n_cols ? t.n_cols : 1, sizeof(int));
	for (i = 0; i < t.n_cols; i++) {
		struct wf_trace_col *c = &t.cols[i];
		struct wf_attribute *a;
		size_t total = 0;

		if (c->declared >= 0) {
			/* Said, not silent: the trace wins over the declared probabilities. */
			ml_warn(L, n, "column '%s' of trace '%s' sets the declared attribute '%s' case "
			    "by case: its probabilities apply only to rows that leave it empty",
			    c->name, ar->trace_file, c->name);
			col_attr[i] = c->declared;
			continue;
		}
		m->attributes = wf_xrealloc(m->attributes, (m->n_attributes + 1) * sizeof(*m->attributes));
		a = &m->attributes[m->n_attributes];
		col_attr[i] = (int)m->n_attributes++;
		memset(a, 0, sizeof(*a));
		a->name = wf_xstrdup(c->name);
		a->site = wf_rng_site(a->name);
		ml_mark(&a->mark, n);
		if (trace_numeric(L, n, c, t.n, a) != 0)
			continue;
		for (j = 0; j < c->n_values; j++)
			total += c->counts[j];
		if (total == 0) {
			ml_err(L, n, "column '%s' of trace '%s' is empty: remove it or give values",
			    c->name, ar->trace_file);
			continue;
		}
		a->n_values = c->n_values;
		a->values = c->values;
		a->p = wf_xmalloc(c->n_values * sizeof(double));
		for (j = 0; j < c->n_values; j++)
			a->p[j] = (double)c->counts[j] / (double)total;
		c->values = NULL;
		c->n_values = 0;
	}
	ar->n_trace = t.n;
	if (t.n > 0 && t.at[t.n - 1] > 0)
		ar->rate = (double)t.n / t.at[t.n - 1];
	ar->trace_at = t.at;
	t.at = NULL;
	if (m->n_attributes > 0) {
		ar->trace_values = wf_xmalloc(t.n * m->n_attributes * sizeof(int));
		for (i = 0; i < t.n * m->n_attributes; i++)
			ar->trace_values[i] = -1;
		for (i = 0; i < t.n_cols; i++)
			for (j = 0; j < t.n; j++)
				ar->trace_values[j * m->n_attributes + (size_t)col_attr[i]] =
				    m->attributes[col_attr[i]].numeric ? -1 : t.cols[i].v[j];
	}
	if (m->has_numeric && t.n > 0) {
		ar->trace_numbers = wf_xmalloc(t.n * m->n_attributes * sizeof(double));
		for (i = 0; i < t.n * m->n_attributes; i++)
			ar->trace_numbers[i] = NAN;
		for (i = 0; i < t.n_cols; i++)
			if (m->attributes[col_attr[i]].numeric)
				for (j = 0; j < t.n; j++)
					ar->trace_numbers[j * m->n_attributes + (size_t)col_attr[i]] =
					    t.cols[i].x[j];
	}
	free(col_attr);
out:
	fclose(f);
	wf_trace_fini(&t);
	free(ta);
}

/* The arrivals' `holidays`: a list of dates, or the name of a calendar whose holidays the
 * arrivals keep too (a shop shut when its office is). */
static void
load_arrival_holidays(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	const struct wf_calendar *c;
	char h[128];
	size_t j;
	int ci;

	/* a date on its own (not in a list) gets the list's message */
	if (n->kind != Y_SCALAR || wf_yaml_null(n) || isdigit((unsigned char)n->s[0])) {
		load_holidays(L, n, &m->arrivals.holiday, &m->arrivals.n_holidays);
		return;
	}
	if ((ci = calendar_index(m, n->s)) < 0) {
		const char **cand = wf_xcalloc(m->n_calendars + 1, sizeof(char *));

		for (j = 0; j < m->n_calendars; j++)
			cand[j] = m->calendars[j].id;
		ml_err(L, n, "'holidays' must be a list of dates such as [2026-12-25, 2026-12-26] or the name of a calendar, got '%s'%s",
		    n->s, m->n_calendars == 0 ? " (the model defines no 'calendars')" :
		    ml_hint(h, sizeof(h), n->s, cand, m->n_calendars));
		free(cand);
		return;
	}
	c = &m->calendars[ci];
	if (c->n_holidays == 0)
		ml_warn(L, n, "calendar '%s' has no holidays: the arrivals keep none", c->id);
	holidays_merge(&m->arrivals.holiday, &m->arrivals.n_holidays, c->holiday, c->n_holidays);
}

static void
load_arrivals(struct ld *L, const struct ynode *n)
{
	static const char *keys[] = { "interarrival", "rate", "profile", "trace", "limit", "attributes",
	    "holidays", NULL };
	struct wf_model *m = L->m;
	struct wf_arrivals *ar = &m->arrivals;
	const struct ynode *v[7], *kn[7];
	struct wf_dist_error de;
	struct wf_dist_param par;
	int i, kind = -1;
	long x;

	if (ml_map(L, n, "'arrivals'", keys, v, kn) < 0)
		return;
	if (v[5] != NULL)
		load_attributes(L, v[5]);
	for (i = 0; i < 4; i++)
		if (v[i] != NULL) {
			if (kind >= 0) {
				ml_err(L, kn[i], "arrivals have both '%s' and '%s': give only one of interarrival, rate, profile or trace",
				    keys[kind], keys[i]);
				continue;
			}
			kind = i;
		}
	if (kind < 0) {
		ml_err(L, n, "arrivals need one of 'interarrival', 'rate', 'profile' or 'trace'");
		return;
	}
	ar->kind = (enum wf_arrival_kind)kind;
	ml_mark(&ar->mark, n);
	switch (kind) {
	case WF_ARRIVE_INTERARRIVAL:
		if (ml_dist(L, v[0], "interarrival", &ar->interarrival) == 0) {
			if (ar->interarrival.mean > 0)
				ar->rate = 1 / ar->interarrival.mean;
			else
				ml_err(L, v[0], "the mean interarrival time must be longer than 0");
		}
		break;
	case WF_ARRIVE_RATE:
		if (ml_rate(L, v[1], "rate", &ar->rate) < 0)
			break;
		ar->rate_unitless = v[1]->kind == Y_SCALAR && strchr(v[1]->s, '/') == NULL;
		if (ar->rate <= 0) {
			ml_err(L, v[1], "'rate' must be more than 0");
			break;
		}
		par.name = "rate";
		par.value = ar->rate;
		if (wf_dist_make(&ar->interarrival, "exponential", &par, 1, &de) < 0) {
			ml_err(L, v[1], "%s", de.msg);
			memset(&ar->interarrival, 0, sizeof(ar->interarrival));
		}
		break;
	case WF_ARRIVE_PROFILE:
		if (ml_windows(L, v[2], "the arrival profile", "rate", &ar->profile) == 0 &&
		    !(ar->profile.max > 0))
			ml_err(L, v[2], "the arrival profile has no window with a rate above 0");
		else
			ar->rate = ar->profile.mean;
		break;
	case WF_ARRIVE_TRACE:
		load_trace(L, v[3]);
		break;
	}
	ar->limit = -1;
	/* limit: 0 is a backlog burned down with no new arrivals */
	if (v[4] != NULL && ml_int(L, v[4], "limit", 0, LONG_MAX, "a whole number >= 0", &x) == 0)
		ar->limit = x;
	if (v[6] != NULL && kind == WF_ARRIVE_TRACE)
		ml_err(L, kn[6], "'holidays' cannot thin a trace: its rows are the arrivals that happened");
	else if (v[6] != NULL)
		load_arrival_holidays(L, v[6]);
}

static int
attr_index(const struct wf_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_attributes; i++)
		if (strcmp(m->attributes[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The index of attribute `name`, named at node `at`; -1 after reporting an unknown one, with
 * the nearest declared name as a hint. */
static int
known_attr(struct ld *L, const struct ynode *at, const char *name)
{
	const struct wf_model *m = L->m;
	const char **cand;
	char h[128];
	size_t i;
	int ai = attr_index(m, name);

	if (ai >= 0)
		return ai;
	if (m->n_attributes == 0) {
		ml_err(L, at, "unknown attribute '%s': the arrivals declare no 'attributes'", name);
		return -1;
	}
	cand = wf_xcalloc(m->n_attributes, sizeof(char *));
	for (i = 0; i < m->n_attributes; i++)
		cand[i] = m->attributes[i].name;
	ml_err(L, at, "unknown attribute '%s'%s", name, ml_hint(h, sizeof(h), name, cand, m->n_attributes));
	free(cand);
	return -1;
}

/* A numeric condition "<op> <number>", e.g. ">= 0.8"; a bare number means ==. */
static int
get_comparison(struct ld *L, const struct ynode *v, const struct wf_attribute *a, const char *s,
	       struct wf_condition *c)
{
	static const struct { const char *op; enum wf_cmp cmp; } ops[] = {
		{ "<=", WF_CMP_LE }, { ">=", WF_CMP_GE }, { "==", WF_CMP_EQ },
		{ "<", WF_CMP_LT }, { ">", WF_CMP_GT },
	};
	const char *p = s;
	size_t i;

	while (*p == ' ' || *p == '\t')
		p++;
	c->op = WF_CMP_EQ;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strncmp(p, ops[i].op, strlen(ops[i].op)) == 0) {
			c->op = ops[i].cmp;
			p += strlen(ops[i].op);
			break;
		}
	if (!number_of(p, &c->x)) {
		ml_err(L, v, "attribute '%s' is numeric: compare it with a number using <, <=, >, >= or ==, e.g. \">= 0.8\", got '%s'",
		    a->name, s);
		return -1;
	}
	return 0;
}

static void
curve_free(struct wf_curve *c)
{
	if (c == NULL)
		return;
	free(c->x);
	free(c->y);
	free(c);
}

/* A calibration curve over attribute `by` (index attr), or with `by` NULL a ramp over time
 * (attr WF_CURVE_TIME), from the list of its [x, probability] points, x strictly increasing
 * (a number for a curve, a duration for a ramp); n is the mapping it stands in, for later
 * messages.  NULL after reporting the list or every bad point. */
static struct wf_curve *
get_points(struct ld *L, const struct ynode *n, const struct ynode *list, const char *by, int attr)
{
	const char *what = by != NULL ? "curve" : "ramp";
	struct wf_curve *cv;
	char b[64], err[256];
	size_t i;
	int bad = 0;

	if (list->kind != Y_SEQ || list->n == 0) {
		ml_err(L, list, "'%s' must be a list of [%s, probability] points, got %s", what,
		    by != NULL ? "value" : "time",
		    list->kind == Y_SEQ ? "an empty list" : ml_describe(list, b, sizeof(b)));
		return NULL;
	}
	cv = wf_xcalloc(1, sizeof(*cv));
	cv->attr = attr;
	ml_mark(&cv->mark, n);
	cv->x = wf_xcalloc(list->n, sizeof(double));
	cv->y = wf_xcalloc(list->n, sizeof(double));
	for (i = 0; i < list->n; i++) {
		const struct ynode *pt = list->kid[i];
		double *x = &cv->x[cv->n], *y = &cv->y[cv->n];

		if (pt->kind != Y_SEQ || pt->n != 2 || pt->kid[0]->kind != Y_SCALAR ||
		    pt->kid[1]->kind != Y_SCALAR) {
			ml_err(L, pt, "a point of the %s must be [%s, probability]%s, got %s", what,
			    by != NULL ? "value" : "time", by != NULL ? "" : ", e.g. [4w, 0.5]",
			    ml_describe(pt, b, sizeof(b)));
			bad = 1;
			continue;
		}
		if (by != NULL && wf_parse_number(pt->kid[0]->s, x, err, sizeof(err)) < 0) {
			ml_err(L, pt->kid[0], "'curve': %s", err);
			bad = 1;
			continue;
		}
		if (by == NULL && ml_duration(L, pt->kid[0], "ramp", x) < 0) {
			bad = 1;
			continue;
		}
		if (wf_parse_probability(pt->kid[1]->s, y, err, sizeof(err)) < 0) {
			ml_err(L, pt->kid[1], "'%s': %s", what, err);
			bad = 1;
			continue;
		}
		if (cv->n > 0 && !(*x > x[-1])) {
			if (by != NULL)
				ml_err(L, pt->kid[0], "the points of the curve must be in increasing order of '%s': %g comes after %g",
				    by, *x, x[-1]);
			else
				ml_err(L, pt->kid[0], "the points of the ramp must be in increasing order of time: '%s' is not after the point before",
				    pt->kid[0]->s);
			bad = 1;
			continue;
		}
		cv->n++;
	}
	if (bad) {
		curve_free(cv);
		return NULL;
	}
	return cv;
}

/* `{ by: ATTRIBUTE, curve: [[x, p], ...] }`: a probability over a numeric attribute,
 * piecewise linear, flat beyond the ends.  Returns the curve (and its mean in *mean), or NULL
 * after reporting what is wrong. */
static struct wf_curve *
get_curve(struct ld *L, const struct ynode *n, const char *key, double *mean)
{
	static const char *keys[] = { "by", "curve", NULL };
	struct wf_model *m = L->m;
	const struct ynode *v[2];
	struct wf_curve *cv;
	const char *s;
	char what[64];
	int ai;

	snprintf(what, sizeof(what), "'%s'", key);
	if (ml_map(L, n, what, keys, v, NULL) < 0)
		return NULL;
	if (v[0] == NULL && v[1] == NULL) {
		ml_err(L, n, "'%s' must be a probability, a calibration curve { by: ATTRIBUTE, curve: [[value, p], ...] } or a ramp { ramp: [[time, p], ...] }",
		    key);
		return NULL;
	}
	if (v[0] == NULL || v[1] == NULL) {
		ml_err(L, n, "a curve for '%s' needs 'by' (a numeric attribute) and 'curve' (a list of [value, probability] points), e.g. { by: confidence, curve: [[0.5, 0.3], [1.0, 0.01]] }",
		    key);
		return NULL;
	}
	if ((s = ml_name(L, v[0], "by")) == NULL)
		return NULL;
	if ((ai = known_attr(L, v[0], s)) < 0)
		return NULL;
	if (!m->attributes[ai].numeric) {
		ml_err(L, v[0], "attribute '%s' is categorical: a curve needs a numeric attribute, one drawn from a distribution such as { dist: beta, a: 8, b: 2 }",
		    s);
		return NULL;
	}
	if ((cv = get_points(L, n, v[1], s, ai)) != NULL)
		*mean = wf_curve_mean(m, cv);
	return cv;
}

/* The window the figures measure, [warm-up, horizon), as the model's `simulation:` sets it
 * (the defaults of wf_settings_default otherwise): what a ramp is averaged over for check. */
static void
window(const struct wf_model *m, double *a, double *b)
{
	*a = m->sim.has_warmup ? m->sim.warmup : 0;
	*b = m->sim.has_horizon ? m->sim.horizon : *a + wf_model_default_window(m);
}

/* `{ ramp: [[TIME, p], ...] }`: a probability over simulated time since the start, times
 * strictly increasing, probabilities in [0, 1].  NULL after reporting what is wrong. */
static struct wf_curve *
get_ramp(struct ld *L, const struct ynode *n, const char *key)
{
	static const char *keys[] = { "ramp", NULL };
	const struct ynode *v[1];
	char what[64];

	snprintf(what, sizeof(what), "'%s'", key);
	if (ml_map(L, n, what, keys, v, NULL) < 0)
		return NULL;
	if (v[0] == NULL) {
		ml_err(L, n, "'%s' must be a probability or a ramp over time such as { ramp: [[0w, 0.2], [8w, 0.8]] }",
		    key);
		return NULL;
	}
	return get_points(L, n, v[0], NULL, WF_CURVE_TIME);
}

/* A probability that may ramp over time: a number, or { ramp: ... } (then *curve is the ramp
 * and *p its average over the measured window).  0, or -1 after reporting what is wrong. */
static int
get_prob(struct ld *L, const struct ynode *n, const char *key, double *p, struct wf_curve **curve)
{
	double a, b;

	*curve = NULL;
	if (n->kind != Y_MAP)
		return ml_prob(L, n, key, p);
	if ((*curve = get_ramp(L, n, key)) == NULL)
		return -1;
	window(L->m, &a, &b);
	*p = wf_curve_average(*curve, a, b);
	return 0;
}

/* A duration mapping with `by:` depends on the case. */
static int
duration_by_attribute(const struct ynode *n)
{
	size_t i;

	if (n->kind != Y_MAP)
		return 0;
	for (i = 0; i < n->n; i++)
		if (n->kid[2 * i]->kind == Y_SCALAR && strcmp(n->kid[2 * i]->s, "by") == 0)
			return 1;
	return 0;
}

/* `duration: { by: damage, values: { glass: DIST, body: DIST } }` or
 * `duration: { by: pages, per: DIST }`.  Returns it (and in *mean the constant at the
 * duration's mean over the attribute), or NULL after reporting what is wrong. */
static struct wf_duration_by *
get_duration_by(struct ld *L, const struct ynode *n, struct wf_dist *mean)
{
	static const char *keys[] = { "by", "values", "per", NULL };
	struct wf_model *m = L->m;
	const struct ynode *v[3];
	const struct wf_attribute *a;
	struct wf_duration_by *by;
	const char *s;
	char h[128], b[64];
	size_t i, j;
	int ai, bad = 0;
	double mu = 0;

	if (ml_map(L, n, "'duration'", keys, v, NULL) < 0)
		return NULL;
	if ((s = ml_name(L, v[0], "by")) == NULL)
		return NULL;
	if ((ai = known_attr(L, v[0], s)) < 0)
		return NULL;
	a = &m->attributes[ai];
	if (a->numeric) {
		if (v[2] == NULL || v[1] != NULL) {
			ml_err(L, n, "attribute '%s' is numeric: a duration by it is '{ by: %s, per: DURATION }', the time per unit of '%s'%s",
			    s, s, s, v[1] != NULL ? ", not 'values'" : "");
			return NULL;
		}
	} else if (v[1] == NULL || v[2] != NULL) {
		ml_err(L, n, "attribute '%s' is categorical: a duration by it is '{ by: %s, values: { VALUE: DURATION, ... } }', one per value%s",
		    s, s, v[2] != NULL ? ", not 'per'" : "");
		return NULL;
	}
	by = wf_xcalloc(1, sizeof(*by));
	by->attr = ai;
	if (a->numeric) {
		by->n = 1;
		by->d = wf_xcalloc(1, sizeof(struct wf_dist));
		if (ml_dist(L, v[2], "per", &by->d[0]) < 0)
			bad = 1;
		mu = a->dist.mean * by->d[0].mean;
	} else if (v[1]->kind != Y_MAP) {
		ml_err(L, v[1], "'values' must map each value of '%s' to its duration, got %s", s,
		    ml_describe(v[1], b, sizeof(b)));
		bad = 1;
	} else {
		char *seen = wf_xcalloc(a->n_values + 1, 1);

		by->n = a->n_values;
		by->d = wf_xcalloc(a->n_values + 1, sizeof(struct wf_dist));
		for (i = 0; i < v[1]->n; i++) {
			const struct ynode *k = v[1]->kid[2 * i], *x = v[1]->kid[2 * i + 1];

			if (k->kind != Y_SCALAR)
				continue;
			for (j = 0; j < a->n_values; j++)
				if (strcmp(a->values[j], k->s) == 0)
					break;
			if (j == a->n_values) {
				ml_err(L, k, "unknown value '%s' of attribute '%s'%s", k->s, s,
				    ml_hint(h, sizeof(h), k->s, (const char *const *)a->values, a->n_values));
				bad = 1;
				continue;
			}
			seen[j] = 1;
			if (ml_dist(L, x, k->s, &by->d[j]) < 0)
				bad = 1;
		}
		for (j = 0; j < a->n_values && !bad; j++)
			if (!seen[j]) {
				ml_err(L, v[1], "'values' gives no duration for value '%s' of attribute '%s': give one for every value",
				    a->values[j], s);
				bad = 1;
			}
		for (j = 0; j < a->n_values; j++)
			mu += a->p[j] * by->d[j].mean;
		free(seen);
	}
	if (bad) {
		for (i = 0; i < by->n; i++)
			wf_dist_fini(&by->d[i]);
		free(by->d);
		free(by);
		return NULL;
	}
	wf_dist_constant(mean, mu);
	return by;
}

/* One `when:` map of a condition route. */
static int
get_when(struct ld *L, const struct ynode *n, struct wf_route_entry *e)
{
	struct wf_model *m = L->m;
	size_t i, j;
	char b[64], h[128];
	int bad = 0;

	if (n->kind != Y_MAP || n->n == 0) {
		ml_err(L, n, "'when' must be a mapping of attribute: value, got %s",
		    n->kind == Y_MAP ? "an empty mapping" : ml_describe(n, b, sizeof(b)));
		return -1;
	}
	e->when = wf_xcalloc(n->n, sizeof(*e->when));
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kid[2 * i], *v = n->kid[2 * i + 1];
		const struct wf_attribute *a;
		const char *s;
		int ai;

		if ((s = ml_name(L, k, "when")) == NULL) {
			bad = 1;
			continue;
		}
		if ((ai = known_attr(L, k, s)) < 0) {
			bad = 1;
			continue;
		}
		a = &m->attributes[ai];
		if ((s = ml_scalar(L, v, a->name, a->numeric ? "a comparison such as \">= 0.8\"" :
		    "a value of the attribute")) == NULL) {
			bad = 1;
			continue;
		}
		if (a->numeric) {
			if (get_comparison(L, v, a, s, &e->when[e->n_when]) < 0) {
				bad = 1;
				continue;
			}
			e->when[e->n_when++].attr = ai;
			continue;
		}
		for (j = 0; j < a->n_values; j++)
			if (strcmp(a->values[j], s) == 0)
				break;
		if (j == a->n_values && strchr("<>=", s[0]) != NULL) {
			ml_err(L, v, "attribute '%s' is categorical: compare it with one of its values, not '%s' (only a numeric attribute, one drawn from a distribution, takes <, <=, >, >=, ==)",
			    a->name, s);
			bad = 1;
			continue;
		}
		if (j == a->n_values) {
			ml_err(L, v, "unknown value '%s' of attribute '%s'%s", s, a->name,
			    ml_hint(h, sizeof(h), s, (const char *const *)a->values, a->n_values));
			bad = 1;
			continue;
		}
		e->when[e->n_when].attr = ai;
		e->when[e->n_when++].value = (int)j;
	}
	return bad ? -1 : 0;
}

/* 1 if mapping n has key k. */
static int
has_key(const struct ynode *n, const char *k)
{
	size_t i;

	for (i = 0; n->kind == Y_MAP && i < n->n; i++)
		if (n->kid[2 * i]->kind == Y_SCALAR && strcmp(n->kid[2 * i]->s, k) == 0)
			return 1;
	return 0;
}

/* A probability route sums to 1; with ramps, at every time a ramp has a point (the sum is
 * linear in between and flat beyond). */
static void
route_sums(struct ld *L, const struct wf_step *st, const struct ynode *n, double sum)
{
	size_t i, j, k;

	for (i = 0; i < st->n_route; i++) {
		const struct wf_curve *c = st->route[i].p_curve;

		for (j = 0; c != NULL && j < c->n; j++) {
			double s = 0;

			/* a route's p_curve is a ramp over time (get_prob) */
			for (k = 0; k < st->n_route; k++)
				s += st->route[k].p_curve != NULL ?
				    wf_curve_at(st->route[k].p_curve, c->x[j]) : st->route[k].p;
			if (fabs(s - 1) > P_TOLERANCE) {
				ml_err(L, n, "the route probabilities of step '%s' sum to %.10g at %g %s from the start (a point of a ramp), not 1: they must sum to 1 at every time",
				    st->id, s, c->x[j], wf_unit_name(L->m->unit));
				return;
			}
		}
	}
	if (fabs(sum - 1) > P_TOLERANCE)
		ml_err(L, n, "the route probabilities of step '%s' sum to %.10g, not 1", st->id, sum);
}

/* `route: { classify: { truth, positive, sensitivity, false_alarm, flagged, cleared } }`. */
static void
load_classify(struct ld *L, struct wf_step *st, const struct ynode *n)
{
	static const char *outer[] = { "classify", NULL };
	static const char *keys[] = { "truth", "positive", "sensitivity", "false_alarm", "flagged",
		"cleared", NULL };
	static const char *what[] = { "the categorical attribute that says what a case truly is",
		"the value of it the classifier should flag", "the share of positive cases flagged",
		"the share of the other cases flagged", "where a flagged case goes",
		"where a cleared case goes" };
	struct wf_model *m = L->m;
	const struct ynode *o[1], *v[6];
	struct wf_classify *cl;
	const struct wf_attribute *a = NULL;
	const char *s;
	char h[128];
	size_t i, j;
	int ai = -1, bad = 0;

	if (ml_map(L, n, "'route'", outer, o, NULL) < 0 ||
	    ml_map(L, o[0], "'classify'", keys, v, NULL) < 0)
		return;
	for (i = 0; i < 6; i++)
		if (v[i] == NULL) {
			ml_err(L, o[0], "'classify' needs '%s', %s", keys[i], what[i]);
			bad = 1;
		}
	if (bad)
		return;
	cl = wf_xcalloc(1, sizeof(*cl));
	if ((s = ml_name(L, v[0], "truth")) != NULL && (ai = known_attr(L, v[0], s)) < 0) {
		bad = 1;
	} else if (s == NULL)
		bad = 1;
	else if (m->attributes[ai].numeric) {
		ml_err(L, v[0], "attribute '%s' is numeric: a classifier's 'truth' is a categorical attribute, e.g. fraud: { fraudulent: 0.03, genuine: 0.97 }",
		    s);
		bad = 1;
	} else
		a = &m->attributes[ai];
	if (a != NULL && (s = ml_scalar(L, v[1], "positive", "a value of the attribute")) != NULL) {
		for (j = 0; j < a->n_values; j++)
			if (strcmp(a->values[j], s) == 0)
				break;
		if (j == a->n_values) {
			ml_err(L, v[1], "unknown value '%s' of attribute '%s'%s", s, a->name,
			    ml_hint(h, sizeof(h), s, (const char *const *)a->values, a->n_values));
			bad = 1;
		}
		cl->positive = (int)j;
	}
	cl->truth = ai;
	if (ml_prob(L, v[2], "sensitivity", &cl->sensitivity) < 0 ||
	    ml_prob(L, v[3], "false_alarm", &cl->false_alarm) < 0)
		bad = 1;
	st->route = wf_xcalloc(2, sizeof(*st->route));
	st->n_route = 2;
	get_target(L, v[4], "flagged", &st->route[0].to);
	get_target(L, v[5], "cleared", &st->route[1].to);
	st->route_kind = WF_ROUTE_CLASSIFY;
	if (bad) {
		/* a model that does not load is never run: only keep what frees cleanly */
		cl->truth = 0;
		cl->positive = 0;
	}
	st->classify = cl;
}

static void
load_route(struct ld *L, struct wf_step *st, const struct ynode *n)
{
	static const char *keys[] = { "p", "when", "to", "end", "else", "rework", NULL };
	const struct ynode *v[6], *kn[6];
	const struct ynode *else_node = NULL;
	double sum = 0;
	size_t i;
	int bad = 0;
	char b[64];

	if (n->kind == Y_MAP && has_key(n, "classify")) {
		load_classify(L, st, n);
		return;
	}
	if (n->kind != Y_SEQ || n->n == 0) {
		ml_err(L, n, "'route' must be a list of { p, to } or { when, to } entries, got %s",
		    n->kind == Y_SEQ ? "an empty list" : ml_describe(n, b, sizeof(b)));
		return;
	}
	st->route = wf_xcalloc(n->n, sizeof(*st->route));
	st->n_route = n->n;
	for (i = 0; i < n->n; i++) {
		struct wf_route_entry *e = &st->route[i];
		const struct ynode *en = n->kid[i];
		enum wf_route_kind k;

		e->to.step = -1;
		if (ml_map(L, en, "a route entry", keys, v, kn) < 0) {
			bad = 1;
			continue;
		}
		if (v[5] != NULL && ml_bool(L, v[5], "rework", &e->rework) < 0)
			bad = 1;
		if (v[4] != NULL) {
			if (v[0] != NULL || v[1] != NULL || v[2] != NULL || v[3] != NULL) {
				ml_err(L, en, "an 'else' entry takes no other keys but 'rework'");
				bad = 1;
			}
			e->is_else = 1;
			else_node = en;
			if (i + 1 < n->n) {
				ml_err(L, kn[4], "'else' must be the last entry of the route");
				bad = 1;
			}
			if (get_target(L, v[4], "else", &e->to) < 0)
				bad = 1;
			k = WF_ROUTE_CONDITION;
		} else {
			if (v[0] != NULL && v[1] != NULL) {
				ml_err(L, kn[1], "a route entry has both 'p' and 'when': use 'p' for a random choice or 'when' for a condition");
				bad = 1;
			}
			if (v[0] == NULL && v[1] == NULL) {
				ml_err(L, en, "a route entry needs 'p' or 'when' (or is the closing 'else')");
				bad = 1;
				continue;
			}
			k = v[0] != NULL ? WF_ROUTE_PROBABILITY : WF_ROUTE_CONDITION;
			if (v[0] != NULL) {
				if (get_prob(L, v[0], "p", &e->p, &e->p_curve) < 0)
					bad = 1;
				sum += e->p;
			}
			if (v[1] != NULL && get_when(L, v[1], e) < 0)
				bad = 1;
			if (v[2] != NULL && v[3] != NULL) {
				ml_err(L, kn[3], "a route entry has both 'to' and 'end': give one");
				bad = 1;
			} else if (v[2] != NULL) {
				if (get_target(L, v[2], "to", &e->to) < 0)
					bad = 1;
			} else if (v[3] != NULL) {
				if (get_outcome(L, v[3], &e->to) < 0)
					bad = 1;
			} else {
				ml_err(L, en, "a route entry needs 'to' (a step) or 'end' (an outcome)");
				bad = 1;
			}
		}
		if (st->route_kind == WF_ROUTE_NONE)
			st->route_kind = k;
		else if (st->route_kind != k) {
			ml_err(L, en, "the route of step '%s' mixes probabilities ('p') and conditions ('when', 'else'): use one kind per route",
			    st->id);
			bad = 1;
		}
	}
	if (bad)
		return;
	if (st->route_kind == WF_ROUTE_CONDITION && else_node == NULL)
		ml_err(L, n, "the condition route of step '%s' needs a closing { else: STEP } entry", st->id);
	if (st->route_kind == WF_ROUTE_PROBABILITY)
		route_sums(L, st, n, sum);
}

#define MAX_PRIORITY 1000

/* `priority: N`, or `priority: { by: ATTRIBUTE, values: { VALUE: N, ... } }`. */
static void
load_priority(struct ld *L, struct wf_step *st, const struct ynode *n)
{
	static const char *keys[] = { "by", "values", NULL };
	const char *expect = "a whole number from 0 to " WF_STR(MAX_PRIORITY) " (higher first)";
	const struct ynode *v[2], *kn[2];
	const struct wf_attribute *a;
	const char *s;
	char b[64], h[128];
	size_t i, j;
	long x;
	int ai;

	if (n->kind != Y_MAP) {
		if (ml_int(L, n, "priority", 0, MAX_PRIORITY, expect, &x) == 0)
			st->priority = (int)x;
		return;
	}
	if (ml_map(L, n, "'priority'", keys, v, kn) < 0)
		return;
	if (v[0] == NULL || v[1] == NULL) {
		ml_err(L, n, "'priority' needs %s: a number, or { by: ATTRIBUTE, values: { VALUE: NUMBER, ... } }",
		    v[0] == NULL ? "'by'" : "'values'");
		return;
	}
	if ((s = ml_name(L, v[0], "by")) == NULL)
		return;
	if ((ai = known_attr(L, v[0], s)) < 0)
		return;
	a = &L->m->attributes[ai];
	if (v[1]->kind != Y_MAP || v[1]->n == 0) {
		ml_err(L, v[1], "'values' must be a mapping of value: priority of attribute '%s', got %s",
		    a->name, v[1]->kind == Y_MAP ? "an empty mapping" : ml_describe(v[1], b, sizeof(b)));
		return;
	}
	st->priority_attr = ai;
	st->priority_by = wf_xcalloc(a->n_values, sizeof(int));
	for (i = 0; i < v[1]->n; i++) {
		const struct ynode *k = v[1]->kid[2 * i], *pv = v[1]->kid[2 * i + 1];

		if ((s = ml_scalar(L, k, a->name, "a value of the attribute")) == NULL)
			continue;
		for (j = 0; j < a->n_values; j++)
			if (strcmp(a->values[j], s) == 0)
				break;
		if (j == a->n_values) {
			ml_err(L, k, "unknown value '%s' of attribute '%s'%s", s, a->name,
			    ml_hint(h, sizeof(h), s, (const char *const *)a->values, a->n_values));
			continue;
		}
		if (ml_int(L, pv, "priority", 0, MAX_PRIORITY, expect, &x) == 0)
			st->priority_by[j] = (int)x;
	}
}

/* `batch: { at: [HH:MM, ...], days: DAYS }` or `batch: { size: N, max_wait: DURATION }`. */
static void
load_batch(struct ld *L, struct wf_step *st, const struct ynode *n)
{
	static const char *keys[] = { "at", "days", "size", "max_wait", NULL };
	const struct ynode *v[4], *kn[4], *one[1];
	const struct ynode *const *at;
	unsigned days = 0x7f;
	size_t i, n_at, d;
	char err[256], b[64];
	const char *s;
	long x;
	int bad = 0;

	if (ml_map(L, n, "'batch'", keys, v, kn) < 0)
		return;
	st->batch_max_wait = INFINITY;
	if (v[0] != NULL && (v[2] != NULL || v[3] != NULL)) {
		ml_err(L, kn[v[2] != NULL ? 2 : 3], "'batch' has both 'at' and '%s': release at fixed times, or by size and waiting time, not both",
		    v[2] != NULL ? "size" : "max_wait");
		return;
	}
	if (v[0] == NULL && v[2] == NULL && v[3] == NULL) {
		ml_err(L, n, "'batch' needs 'at' (release times such as [\"10:00\", \"15:00\"]) or 'size' and/or 'max_wait'");
		return;
	}
	if (v[1] != NULL && v[0] == NULL) {
		ml_err(L, kn[1], "'days' in 'batch' goes with 'at'");
		return;
	}
	if (v[0] == NULL) {
		if (v[2] != NULL && ml_int(L, v[2], "size", 1, 1000000, "a whole number >= 1", &x) == 0)
			st->batch_size = x;
		else if (v[2] != NULL)
			bad = 1;
		if (v[3] != NULL && ml_duration(L, v[3], "max_wait", &st->batch_max_wait) < 0)
			bad = 1;
		st->has_batch = !bad;
		return;
	}
	if (v[1] != NULL) {
		days = 0;
		if ((s = ml_scalar(L, v[1], "days", "days such as mon-fri")) == NULL)
			bad = 1;
		else if (wf_parse_days(s, &days, err, sizeof(err)) < 0) {
			ml_err(L, v[1], "%s", err);
			bad = 1;
		}
	}
	if (v[0]->kind == Y_SEQ) {
		at = (const struct ynode *const *)v[0]->kid;
		n_at = v[0]->n;
	} else {
		one[0] = v[0];
		at = one;
		n_at = 1;
	}
	if (n_at == 0) {
		ml_err(L, v[0], "'at' must list at least one time of day, got %s", ml_describe(v[0], b, sizeof(b)));
		return;
	}
	st->batch_at = wf_xcalloc(7 * n_at, sizeof(double));
	for (i = 0; i < n_at; i++) {
		int min;

		if ((s = ml_scalar(L, at[i], "at", "a time of day such as \"10:00\"")) == NULL) {
			bad = 1;
			continue;
		}
		if (wf_parse_clock(s, &min, err, sizeof(err)) < 0) {
			ml_err(L, at[i], "%s", err);
			bad = 1;
			continue;
		}
		for (d = 0; d < 7; d++)
			if (days & (1u << d))
				st->batch_at[st->n_batch_at++] = ((double)d * 1440 + min) / L->unit_minutes;
	}
	if (bad)
		return;
	qsort(st->batch_at, st->n_batch_at, sizeof(double), cmp_double_asc);
	for (i = d = 0; i < st->n_batch_at; i++)	/* a time given twice releases once */
		if (d == 0 || st->batch_at[i] != st->batch_at[d - 1])
			st->batch_at[d++] = st->batch_at[i];
	st->n_batch_at = d;
	st->has_batch = 1;
}

enum { S_ID, S_RESOURCE, S_MAX_WAIT, S_ON_TIMEOUT, S_DURATION, S_COST, S_EXCEPTION, S_ERROR,
	S_REVIEW, S_NEXT, S_ROUTE, S_END, S_ESCALATION, S_MAX_VISITS, S_DECISION, S_CLEARS,
	S_PRIORITY, S_BATCH, S_N };

static void
load_step(struct ld *L, size_t idx, const struct ynode *n)
{
	static const char *keys[] = { "id", "resource", "max_wait", "on_timeout", "duration", "cost",
	    "exception", "error", "review", "next", "route", "end", "escalation", "max_visits",
	    "decision", "clears_defects", "priority", "batch", NULL };
	static const char *exc_keys[] = { "p", "to", NULL };
	static const char *rev_keys[] = { "catch", "on_catch", "false_alarm", NULL };
	struct wf_model *m = L->m;
	struct wf_step *st = &m->steps[idx];
	const struct ynode *v[S_N], *kn[S_N], *sv[3];
	const char *s;
	char what[256], h[128];
	size_t j;
	int moves = 0, which = -1;
	long x;

	st->resource = -1;
	st->max_visits = 100;
	st->next.step = idx + 1 < m->n_steps ? (int)idx + 1 : -1;
	st->next.outcome = WF_OUTCOME_DONE;
	st->on_timeout.step = st->exception_to.step = st->on_catch.step = -1;
	st->id = wf_xstrdup(L->step_ids[idx] ? L->step_ids[idx] : "");
	st->site = wf_rng_site(st->id);
	ml_mark(&st->mark, n);
	if (L->step_ids[idx] != NULL)
		snprintf(what, sizeof(what), "step '%s'", st->id);
	else
		snprintf(what, sizeof(what), "step %zu", idx + 1);
	if (ml_map(L, n, what, keys, v, kn) < 0)
		return;
	if (v[S_ID] != NULL) {
		ml_mark(&st->mark, v[S_ID]);
		/* a duplicate id keeps its name here; references resolve to the first one */
		if (L->step_ids[idx] == NULL && v[S_ID]->kind == Y_SCALAR && !wf_yaml_null(v[S_ID])) {
			free(st->id);
			st->id = wf_xstrdup(v[S_ID]->s);
		}
	}
	if (v[S_RESOURCE] != NULL && (s = ml_name(L, v[S_RESOURCE], "resource")) != NULL) {
		if ((st->resource = wf_model_resource(m, s)) < 0) {
			const char **cand = wf_xcalloc(m->n_resources + 1, sizeof(char *));

			for (j = 0; j < m->n_resources; j++)
				cand[j] = m->resources[j].id;
			if (m->n_resources == 0)
				ml_err(L, v[S_RESOURCE], "unknown resource '%s': the model defines no 'resources'", s);
			else
				ml_err(L, v[S_RESOURCE], "unknown resource '%s'%s", s,
				    ml_hint(h, sizeof(h), s, cand, m->n_resources));
			free(cand);
		}
	}
	if (v[S_MAX_WAIT] != NULL) {
		if (ml_dist(L, v[S_MAX_WAIT], "max_wait", &st->max_wait) == 0)
			st->has_max_wait = 1;
		if (v[S_ON_TIMEOUT] == NULL)
			ml_err(L, kn[S_MAX_WAIT], "step '%s' has 'max_wait' but no 'on_timeout': say where a case goes when it waits too long",
			    st->id);
	}
	if (v[S_ON_TIMEOUT] != NULL) {
		if (v[S_MAX_WAIT] == NULL)
			ml_err(L, kn[S_ON_TIMEOUT], "'on_timeout' needs 'max_wait' in step '%s'", st->id);
		get_target(L, v[S_ON_TIMEOUT], "on_timeout", &st->on_timeout);
	}
	if (v[S_DURATION] != NULL && duration_by_attribute(v[S_DURATION])) {
		if ((st->duration_by = get_duration_by(L, v[S_DURATION], &st->duration)) != NULL)
			st->has_duration = 1;
	} else if (v[S_DURATION] != NULL && ml_dist(L, v[S_DURATION], "duration", &st->duration) == 0)
		st->has_duration = 1;
	if (v[S_COST] != NULL)
		ml_amount(L, v[S_COST], "cost", &st->cost);
	if (v[S_EXCEPTION] != NULL &&
	    ml_map(L, v[S_EXCEPTION], "'exception'", exc_keys, sv, NULL) == 0) {
		if (sv[0] == NULL)
			ml_err(L, v[S_EXCEPTION], "'exception' needs 'p', the probability that the step fails");
		else
			get_prob(L, sv[0], "p", &st->exception_p, &st->exception_curve);
		if (sv[1] == NULL)
			ml_err(L, v[S_EXCEPTION], "'exception' needs 'to', where a failed case goes");
		else
			get_target(L, sv[1], "to", &st->exception_to);
	}
	if (v[S_ERROR] != NULL && v[S_ERROR]->kind == Y_MAP && !has_key(v[S_ERROR], "ramp"))
		st->error_curve = get_curve(L, v[S_ERROR], "error", &st->error_p);
	else if (v[S_ERROR] != NULL)
		get_prob(L, v[S_ERROR], "error", &st->error_p, &st->error_curve);
	if (v[S_REVIEW] != NULL && ml_map(L, v[S_REVIEW], "'review'", rev_keys, sv, NULL) == 0) {
		st->has_review = 1;
		if (sv[0] == NULL)
			ml_err(L, v[S_REVIEW], "'review' needs 'catch', the probability that a defect is caught");
		else
			get_prob(L, sv[0], "catch", &st->catch_p, &st->catch_curve);
		if (sv[1] == NULL)
			ml_err(L, v[S_REVIEW], "'review' needs 'on_catch', where a caught case goes");
		else
			get_target(L, sv[1], "on_catch", &st->on_catch);
		if (sv[2] != NULL)
			get_prob(L, sv[2], "false_alarm", &st->false_alarm_p, &st->false_alarm_curve);
	}
	for (j = S_NEXT; j <= S_END; j++)
		if (v[j] != NULL) {
			if (moves++ > 0)
				ml_err(L, kn[j], "step '%s' has both '%s' and '%s': give only one of next, route or end",
				    st->id, keys[which], keys[j]);
			else
				which = (int)j;
		}
	if (which == S_NEXT)
		get_target(L, v[S_NEXT], "next", &st->next);
	else if (which == S_END)
		get_outcome(L, v[S_END], &st->next);
	else if (which == S_ROUTE)
		load_route(L, st, v[S_ROUTE]);
	if (v[S_ESCALATION] != NULL)
		ml_bool(L, v[S_ESCALATION], "escalation", &st->escalation);
	if (v[S_DECISION] != NULL && ml_bool(L, v[S_DECISION], "decision", &st->decision) == 0 &&
	    st->decision)
		m->has_decision = 1;
	if (v[S_CLEARS] != NULL)
		ml_bool(L, v[S_CLEARS], "clears_defects", &st->clears_defects);
	if (v[S_MAX_VISITS] != NULL &&
	    ml_int(L, v[S_MAX_VISITS], "max_visits", 1, INT_MAX, "a positive integer", &x) == 0)
		st->max_visits = (int)x;
	if (v[S_PRIORITY] != NULL) {
		if (v[S_RESOURCE] == NULL)
			ml_err(L, kn[S_PRIORITY], "step '%s' has 'priority' but no 'resource': only a visit "
			    "waiting for a pool can be served first", st->id);
		else
			load_priority(L, st, v[S_PRIORITY]);
	}
	if (v[S_BATCH] != NULL)
		load_batch(L, st, v[S_BATCH]);
}

static void
load_steps(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	size_t i, j, k;
	char b[64];

	if (n->kind != Y_SEQ || n->n == 0) {
		ml_err(L, n, "'steps' must be a list of steps, each with an 'id', got %s",
		    n->kind == Y_SEQ ? "an empty list" : ml_describe(n, b, sizeof(b)));
		return;
	}
	if (n->n > ML_MAX_STEPS) {
		ml_err(L, n, "'steps' has %zu steps; at most %d are supported", n->n, ML_MAX_STEPS);
		return;
	}
	scan_outcomes(m, n, 0);
	L->n_step_ids = n->n;
	L->step_ids = wf_xcalloc(n->n, sizeof(char *));
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	L->step_nodes = wf_xcalloc(n->n, sizeof(*L->step_nodes));
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->kid[i], *id = NULL;

		if (e->kind != Y_MAP)
			continue;	/* reported when the step is read */
		for (k = 0; k < e->n; k++)
			if (e->kid[2 * k]->kind == Y_SCALAR && strcmp(e->kid[2 * k]->s, "id") == 0)
				id = e->kid[2 * k + 1];
		if (id == NULL) {
			ml_err(L, e, "step %zu has no 'id'", i + 1);
			continue;
		}
		if (ml_name(L, id, "id") == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (L->step_ids[j] != NULL && strcmp(L->step_ids[j], id->s) == 0) {
				ml_err(L, id, "duplicate step id '%s' (first at line %d)", id->s,
				    L->step_nodes[j]->line);
				break;
			}
		if (j == i) {
			L->step_ids[i] = wf_xstrdup(id->s);
			L->step_nodes[i] = id;
		}
	}
	m->steps = wf_xcalloc(n->n, sizeof(*m->steps));
	m->n_steps = n->n;
	for (i = 0; i < n->n; i++)
		load_step(L, i, n->kid[i]);
}

static void
load_backlog(struct ld *L, const struct ynode *n)
{
	static const char *keys[] = { "step", "count", NULL };
	struct wf_model *m = L->m;
	const struct ynode *v[2];
	char b[64], h[128];
	size_t i;

	if (n->kind != Y_SEQ) {
		ml_err(L, n, "'backlog' must be a list of { step, count }, got %s", ml_describe(n, b, sizeof(b)));
		return;
	}
	m->backlog = wf_xcalloc(n->n ? n->n : 1, sizeof(*m->backlog));
	for (i = 0; i < n->n; i++) {
		struct wf_backlog *bl = &m->backlog[m->n_backlog];
		const char *s;

		if (ml_map(L, n->kid[i], "a backlog entry", keys, v, NULL) < 0)
			continue;
		bl->step = -1;
		if (v[0] == NULL)
			ml_err(L, n->kid[i], "a backlog entry needs 'step'");
		else if ((s = ml_name(L, v[0], "step")) != NULL && (bl->step = step_index(L, s)) < 0)
			ml_err(L, v[0], "unknown step '%s' in the backlog%s", s,
			    ml_hint(h, sizeof(h), s, (const char *const *)L->step_ids, L->n_step_ids));
		if (v[1] == NULL)
			ml_err(L, n->kid[i], "a backlog entry needs 'count'");
		else
			ml_int(L, v[1], "count", 0, LONG_MAX, "a whole number", &bl->count);
		m->n_backlog++;
	}
}

/* `discount_rate: 8%` or `0.08`: a fraction per year in [0, 1). */
static void
econ_rate(struct ld *L, const struct ynode *n, double *out)
{
	const char *s;
	char err[256], buf[64];
	size_t len;
	double x;

	if ((s = ml_scalar(L, n, "discount_rate", "a rate per year such as 8% or 0.08")) == NULL)
		return;
	len = strlen(s);
	if (len > 0 && len < sizeof(buf) && s[len - 1] == '%') {
		memcpy(buf, s, len - 1);
		buf[len - 1] = '\0';
		if (wf_parse_number(buf, &x, err, sizeof(err)) == 0)
			x /= 100;
	} else if (wf_parse_number(s, &x, err, sizeof(err)) < 0)
		x = NAN;
	if (!(x >= 0 && x < 1)) {
		ml_err(L, n, "'discount_rate' must be a rate per year from 0 up to 100%% (e.g. 8%% or 0.08), got '%s'", s);
		return;
	}
	*out = x;
}

static void
load_economics(struct ld *L, const struct ynode *n)
{
	static const char *keys[] = { "one_off", "per_month", "currency", "per_escaped_error",
	    "per_abandoned_case", "months", "discount_rate", NULL };
	struct wf_economics *e = &L->m->economics;
	const struct ynode *v[7];
	const char *s;

	if (ml_map(L, n, "'economics'", keys, v, NULL) < 0)
		return;
	e->present = 1;
	e->months = WF_ECON_MONTHS;
	ml_mark(&e->mark, n);
	if (v[0] != NULL)
		ml_amount(L, v[0], "one_off", &e->one_off);
	if (v[1] != NULL)
		ml_amount(L, v[1], "per_month", &e->per_month);
	if (v[2] != NULL && (s = ml_scalar(L, v[2], "currency", "a currency such as EUR")) != NULL)
		e->currency = wf_xstrdup(s);
	if (v[3] != NULL)
		e->has_per_escaped_error = ml_amount(L, v[3], "per_escaped_error", &e->per_escaped_error) == 0;
	if (v[4] != NULL)
		e->has_per_abandoned_case = ml_amount(L, v[4], "per_abandoned_case", &e->per_abandoned_case) == 0;
	if (v[5] != NULL)
		e->has_months = ml_int(L, v[5], "months", 1, 1200, "a whole number of months from 1 to 1200",
		    &e->months) == 0;
	if (v[6] != NULL) {
		econ_rate(L, v[6], &e->discount_rate);
		e->has_discount_rate = 1;
	}
}

/* `outcomes: { approved: resolved, withdrawn: abandoned }`: what each outcome means.  Read
 * after the steps, so every outcome a step ends in is known; naming one that no step ends in
 * is most likely a typo, and a warning says so. */
static void
load_outcome_kinds(struct ld *L, const struct ynode *n)
{
	struct wf_model *m = L->m;
	char h[128];
	size_t i;
	int k, o;

	if (ml_names_map(L, n, "outcomes") < 0)
		return;
	for (i = 0; i < n->n; i++) {
		const struct ynode *kn = n->kid[2 * i], *vn = n->kid[2 * i + 1];
		const char *s;

		if (kn->kind != Y_SCALAR || wf_yaml_null(kn))
			continue;	/* reported by ml_names_map */
		if ((s = ml_scalar(L, vn, kn->s, "resolved, abandoned or unresolved")) == NULL)
			continue;
		for (k = 0; k < 3 && strcmp(s, wf_outcome_kind_names[k]) != 0; k++)
			;
		if (k == 3) {
			ml_err(L, vn, "unknown kind '%s' of outcome '%s'%s; expected resolved, abandoned or unresolved",
			    s, kn->s, ml_hint(h, sizeof(h), s, wf_outcome_kind_names, 3));
			continue;
		}
		if ((o = wf_model_outcome(m, kn->s)) < 0) {
			ml_warn(L, kn, "no step ends in outcome '%s'%s", kn->s,
			    ml_hint(h, sizeof(h), kn->s, (const char *const *)m->outcomes, m->n_outcomes));
			continue;
		}
		m->outcome_kind[o] = (enum wf_outcome_kind)k;
	}
}

/* --- whole-model checks --- */

/* Calls f on every place a case can go from step s, with positive probability. */
static size_t
successors(const struct wf_step *st, struct wf_target *out)
{
	size_t n = 0, i;

	if (st->has_max_wait)
		out[n++] = st->on_timeout;
	if (st->exception_p > 0)
		out[n++] = st->exception_to;
	if (st->has_review && (st->catch_p > 0 || st->false_alarm_p > 0))
		out[n++] = st->on_catch;
	if (st->route_kind == WF_ROUTE_NONE)
		out[n++] = st->next;
	for (i = 0; i < st->n_route; i++)
		if (st->route_kind != WF_ROUTE_PROBABILITY || st->route[i].p > 0)
			out[n++] = st->route[i].to;
	return n;
}

/* Reachability from the first step and the backlog (warnings), and from every step to an
 * end (errors: a loop without exit would only end at max_visits). */
static void
check_graph(struct ld *L)
{
	struct wf_model *m = L->m;
	struct wf_target *succ;
	char *seen = wf_xcalloc(m->n_steps, 1), *ends = wf_xcalloc(m->n_steps, 1);
	size_t *stack = wf_xmalloc(m->n_steps * sizeof(size_t)), sp = 0, i, k, ns, maxs = 3;
	int changed;

	for (i = 0; i < m->n_steps; i++)
		maxs += 1 + m->steps[i].n_route;
	succ = wf_xmalloc((maxs + 4) * sizeof(*succ));
	seen[0] = 1;
	stack[sp++] = 0;
	for (i = 0; i < m->n_backlog; i++)
		if (m->backlog[i].step >= 0 && !seen[m->backlog[i].step]) {
			seen[m->backlog[i].step] = 1;
			stack[sp++] = (size_t)m->backlog[i].step;
		}
	while (sp > 0) {
		ns = successors(&m->steps[stack[--sp]], succ);
		for (k = 0; k < ns; k++)
			if (succ[k].step >= 0 && !seen[succ[k].step]) {
				seen[succ[k].step] = 1;
				stack[sp++] = (size_t)succ[k].step;
			}
	}
	do {
		changed = 0;
		for (i = 0; i < m->n_steps; i++) {
			if (ends[i])
				continue;
			ns = successors(&m->steps[i], succ);
			for (k = 0; k < ns; k++)
				if (succ[k].step < 0 || ends[succ[k].step]) {
					ends[i] = 1;
					changed = 1;
					break;
				}
		}
	} while (changed);
	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];

		if (!seen[i])
			wf_diag_warning(L->d, L->file, st->mark.line, st->mark.col,
			    "step '%s' is never reached: no arrival, backlog or other step leads to it", st->id);
		if (!ends[i])
			wf_diag_error(L->d, L->file, st->mark.line, st->mark.col,
			    "no end can be reached from step '%s': cases loop forever (give the loop an exit)",
			    st->id);
	}
	free(seen);
	free(ends);
	free(stack);
	free(succ);
}

/* --- the model --- */

enum { T_WFSIM, T_NAME, T_UNIT, T_START, T_SLA, T_SIM, T_CAL, T_RES, T_ARR, T_BACKLOG, T_STEPS,
	T_ECON, T_OUTCOMES, T_N };

static void
load_root(struct ld *L, const struct ynode *root)
{
	static const char *keys[] = { "wfsim", "name", "time_unit", "start", "sla", "simulation",
	    "calendars", "resources", "arrivals", "backlog", "steps", "economics", "outcomes", NULL };
	struct wf_model *m = L->m;
	const struct ynode *v[T_N];
	const char *s;
	char err[256], b[64], h[128];
	double start, secs;
	long ver, days;
	size_t i;

	if (root->kind != Y_MAP) {
		ml_err(L, root, "the model must be a mapping with keys such as 'wfsim', 'arrivals' and 'steps', got %s",
		    ml_describe(root, b, sizeof(b)));
		return;
	}
	/* the version decides what the other keys mean: check it before them */
	for (i = 0; i < root->n; i++)
		if (root->kid[2 * i]->kind == Y_SCALAR && strcmp(root->kid[2 * i]->s, "wfsim") == 0) {
			const struct ynode *vn = root->kid[2 * i + 1];

			if (vn->kind == Y_SCALAR && wf_parse_count(vn->s, &ver, err, sizeof(err)) == 0 &&
			    ver != 1) {
				ml_err(L, vn, "unsupported format version %s: this wfsim reads version 1", vn->s);
				return;
			}
		}
	ml_map(L, root, "the model", keys, v, NULL);
	if (v[T_WFSIM] == NULL) {
		ml_err(L, root, "missing 'wfsim: 1': a model starts with the format version");
	} else if (v[T_WFSIM]->kind != Y_SCALAR ||
	    wf_parse_count(v[T_WFSIM]->s, &ver, err, sizeof(err)) < 0) {
		ml_err(L, v[T_WFSIM], "'wfsim' must be the format version 1, got %s",
		    ml_describe(v[T_WFSIM], b, sizeof(b)));
		return;
	}
	if (v[T_UNIT] != NULL && (s = ml_scalar(L, v[T_UNIT], "time_unit", "a time unit")) != NULL &&
	    wf_unit_parse(s, &m->unit) < 0) {
		static const char *units[] = { "seconds", "minutes", "hours", "days" };

		if (ml_suggest(s, units, 4) != NULL)
			ml_err(L, v[T_UNIT], "unknown time unit '%s'%s", s, ml_hint(h, sizeof(h), s, units, 4));
		else
			ml_err(L, v[T_UNIT], "unknown time unit '%s'; expected seconds, minutes, hours or days", s);
	}
	wf_parse_datetime(DEFAULT_START, &start, err, sizeof(err));
	if (v[T_START] != NULL && (s = ml_scalar(L, v[T_START], "start", "a date-time such as 2026-01-05T08:00")) != NULL) {
		if (wf_parse_datetime(s, &start, err, sizeof(err)) < 0) {
			ml_err(L, v[T_START], "%s", err);
			wf_parse_datetime(DEFAULT_START, &start, err, sizeof(err));
		}
	}
	m->start_epoch = start;
	/* 1970-01-01 was a Thursday: Monday-based weekday is (days + 3) mod 7 */
	days = (long)floor(start / 86400.0);
	secs = start - (double)days * 86400.0;
	L->offset_minutes = (double)(((days + 3) % 7 + 7) % 7) * 1440.0 + secs / 60.0;
	L->unit_minutes = wf_unit_seconds(m->unit) / 60.0;
	m->week_offset = L->offset_minutes / L->unit_minutes;
	if (v[T_NAME] != NULL && (s = ml_scalar(L, v[T_NAME], "name", "text")) != NULL)
		m->name = wf_xstrdup(s);
	if (v[T_SLA] != NULL && ml_duration(L, v[T_SLA], "sla", &m->sla) == 0) {
		if (m->sla > 0)
			m->has_sla = 1;
		else
			ml_err(L, v[T_SLA], "'sla' must be longer than 0");
	}
	if (v[T_SIM] != NULL)
		load_simulation(L, v[T_SIM]);
	if (v[T_CAL] != NULL)
		load_calendars(L, v[T_CAL]);
	if (v[T_RES] != NULL)
		load_resources(L, v[T_RES]);
	if (v[T_ARR] != NULL)
		load_arrivals(L, v[T_ARR]);
	else
		ml_err(L, root, "missing 'arrivals': say how cases arrive (interarrival, rate, profile or trace)");
	if (v[T_STEPS] != NULL)
		load_steps(L, v[T_STEPS]);
	else
		ml_err(L, root, "missing 'steps': list the steps of the process");
	if (v[T_BACKLOG] != NULL)
		load_backlog(L, v[T_BACKLOG]);
	if (v[T_ECON] != NULL)
		load_economics(L, v[T_ECON]);
	if (v[T_OUTCOMES] != NULL)
		load_outcome_kinds(L, v[T_OUTCOMES]);
	if (L->d->n_errors == L->errors0 && m->n_steps > 0)
		check_graph(L);
}

/* The default name: the file's base name without its extension. */
static char *
default_name(const char *file)
{
	const char *b = strrchr(file, '/'), *dot;

	b = b ? b + 1 : file;
	dot = strrchr(b, '.');
	return dot && dot != b ? wf_xstrndup(b, (size_t)(dot - b)) : wf_xstrdup(b);
}

static struct wf_model *
load_text(const char *text, size_t len, const char *file, const char *dir,
	  const struct wf_override *ov, size_t n_ov, struct wf_diag *d)
{
	struct wf_model *m = wf_xcalloc(1, sizeof(*m));
	struct ytree t;
	struct ld L;
	size_t i;

	memset(&L, 0, sizeof(L));
	L.d = d;
	L.file = file;
	L.dir = wf_xstrdup(dir);
	L.m = m;
	L.errors0 = d->n_errors;
	m->file = wf_xstrdup(file);
	m->unit = WF_MINUTES;
	m->arrivals.limit = -1;
	wf_model_outcome_add(m, "done");
	wf_model_outcome_add(m, "loop_limit");
	if (wf_yaml_parse(text, len, file, d, &t) == 0) {
		if (t.root == NULL || wf_yaml_null(t.root))
			wf_diag_error(d, file, 0, 0, "empty model: expected a mapping with at least 'wfsim', 'arrivals' and 'steps'");
		else if (wf_override_apply(&t, ov, n_ov, d) == 0)
			load_root(&L, t.root);
	}
	wf_yaml_free(&t);
	for (i = 0; i < L.n_step_ids; i++)
		free(L.step_ids[i]);
	free(L.step_ids);
	free(L.step_nodes);
	free(L.dir);
	if (m->name == NULL)
		m->name = default_name(file);
	if (d->n_errors > L.errors0) {
		wf_model_free(m);
		return NULL;
	}
	return m;
}

struct wf_model *
wf_model_load(const char *path, struct wf_diag *d)
{
	return wf_model_load_set(path, NULL, 0, d);
}

struct wf_model *
wf_model_load_set(const char *path, const struct wf_override *ov, size_t n_ov, struct wf_diag *d)
{
	struct wf_model *m;
	const char *slash = strrchr(path, '/');
	char *text = NULL, *dir, eb[128];
	size_t len = 0, cap = 0, r;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		wf_diag_error(d, path, 0, 0, "cannot open the model: %s", ml_errstr(errno, eb, sizeof(eb)));
		return NULL;
	}
	for (;;) {
		text = wf_xgrow(text, &cap, len + 65536, 1);
		r = fread(text + len, 1, cap - len, f);
		len += r;
		if (r == 0 || len > MAX_MODEL_BYTES)
			break;
	}
	if (ferror(f) || len > MAX_MODEL_BYTES) {
		if (ferror(f))
			wf_diag_error(d, path, 0, 0, "cannot read the model: %s", ml_errstr(errno, eb, sizeof(eb)));
		else
			wf_diag_error(d, path, 0, 0, "the model is larger than %d bytes: is it the right file?",
			    MAX_MODEL_BYTES);
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	dir = slash ? wf_xstrndup(path, (size_t)(slash - path) + 1) : wf_xstrdup("");
	m = load_text(text, len, path, dir, ov, n_ov, d);
	free(dir);
	free(text);
	return m;
}

struct wf_model *
wf_model_load_string(const char *text, size_t len, const char *name, struct wf_diag *d)
{
	wf_diag_source(d, name, text, len);
	return load_text(text, len, name, "", NULL, 0, d);
}

void
wf_model_free(struct wf_model *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_calendars; i++) {
		free(m->calendars[i].id);
		wf_weekly_fini(&m->calendars[i].open);
		free(m->calendars[i].holiday);
	}
	for (i = 0; i < m->n_resources; i++) {
		free(m->resources[i].id);
		free(m->resources[i].holiday);
		wf_weekly_fini(&m->resources[i].servers);
	}
	for (i = 0; i < m->n_attributes; i++) {
		for (j = 0; j < m->attributes[i].n_values; j++)
			free(m->attributes[i].values[j]);
		free(m->attributes[i].values);
		free(m->attributes[i].p);
		free(m->attributes[i].seg_bound);
		wf_dist_fini(&m->attributes[i].dist);
		free(m->attributes[i].name);
	}
	for (i = 0; i < m->n_steps; i++) {
		struct wf_step *s = &m->steps[i];

		free(s->id);
		free(s->priority_by);
		free(s->batch_at);
		wf_dist_fini(&s->max_wait);
		wf_dist_fini(&s->duration);
		for (j = 0; j < s->n_route; j++) {
			free(s->route[j].when);
			curve_free(s->route[j].p_curve);
		}
		curve_free(s->exception_curve);
		curve_free(s->catch_curve);
		curve_free(s->false_alarm_curve);
		free(s->classify);
		if (s->duration_by != NULL) {
			for (j = 0; j < s->duration_by->n; j++)
				wf_dist_fini(&s->duration_by->d[j]);
			free(s->duration_by->d);
			free(s->duration_by);
		}
		curve_free(s->error_curve);
		free(s->route);
	}
	for (i = 0; i < m->n_outcomes; i++)
		free(m->outcomes[i]);
	wf_dist_fini(&m->arrivals.interarrival);
	wf_weekly_fini(&m->arrivals.profile);
	free(m->arrivals.trace_file);
	free(m->arrivals.holiday);
	free(m->arrivals.trace_at);
	free(m->arrivals.trace_values);
	free(m->arrivals.trace_numbers);
	free(m->calendars);
	free(m->resources);
	free(m->attributes);
	free(m->steps);
	free(m->backlog);
	free(m->outcomes);
	free(m->outcome_kind);
	free(m->economics.currency);
	free(m->name);
	free(m->file);
	free(m);
}

int
wf_model_step(const struct wf_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_steps; i++)
		if (strcmp(m->steps[i].id, id) == 0)
			return (int)i;
	return -1;
}

int
wf_model_resource(const struct wf_model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_resources; i++)
		if (strcmp(m->resources[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int
cmp_int_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y) - (x > y);
}

int *
wf_model_priority_levels(const struct wf_model *m, size_t r, size_t *n)
{
	size_t i, k, cap = 1, used = 0;
	int *out;

	for (i = 0; i < m->n_steps; i++)
		if (m->steps[i].resource == (int)r)
			cap += m->steps[i].priority_by != NULL ?
			    m->attributes[m->steps[i].priority_attr].n_values : 1;
	out = wf_xcalloc(cap, sizeof(int));
	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];

		if (st->resource != (int)r)
			continue;
		if (st->priority_by == NULL)
			out[used++] = st->priority;
		else
			for (k = 0; k < m->attributes[st->priority_attr].n_values; k++)
				out[used++] = st->priority_by[k];
	}
	if (used == 0)
		out[used++] = 0;
	qsort(out, used, sizeof(int), cmp_int_desc);
	for (i = k = 1; i < used; i++)
		if (out[i] != out[k - 1])
			out[k++] = out[i];
	*n = k;
	return out;
}

double
wf_model_default_window(const struct wf_model *m)
{
	return 28 * 86400.0 / wf_unit_seconds(m->unit);
}

const char *const wf_outcome_kind_names[3] = { "resolved", "abandoned", "unresolved" };

int
wf_model_outcome_add(struct wf_model *m, const char *name)
{
	int i = wf_model_outcome(m, name);

	if (i >= 0)
		return i;
	m->outcomes = wf_xrealloc(m->outcomes, (m->n_outcomes + 1) * sizeof(char *));
	m->outcome_kind = wf_xrealloc(m->outcome_kind, (m->n_outcomes + 1) * sizeof(*m->outcome_kind));
	m->outcomes[m->n_outcomes] = wf_xstrdup(name);
	m->outcome_kind[m->n_outcomes] = strcmp(name, "loop_limit") == 0 ?
	    WF_OUTCOME_UNRESOLVED : WF_OUTCOME_RESOLVED;
	return (int)m->n_outcomes++;
}

int
wf_model_outcome(const struct wf_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_outcomes; i++)
		if (strcmp(m->outcomes[i], name) == 0)
			return (int)i;
	return -1;
}
