/* Static capacity analysis: the expected visits per step come from the routing's traffic
 * equations, a Markov chain over (step, carries a defect) solved with GSL's LU; from them the
 * offered load, utilisation and bottleneck per resource and the highest sustainable rate.
 * Then a fluid view over time: each pool's backlog followed through the week to find the
 * peaks its quiet hours do not clear, or, for a finite workload, when its work is done. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_vector.h>
#include "wfsim/check.h"
#include "wfsim/step.h"
#include "wfsim/xalloc.h"

/* Attribute combinations enumerated exactly; past this the condition routes fall back to a
 * per-visit approximation (see wf_capacity.approximate). */
#define MAX_COMBOS 100000
/* Distinct routing decisions solved one by one in the exact mixture, and a bound on the
 * LU work that costs (decisions x (2 steps)^3, a few seconds at most). */
#define MAX_DECISIONS 1024
#define MAX_WORK 4e9

/* The routing weights of one solve: for each step its route entries' probabilities (a 0/1
 * vector for condition routes when the attributes are fixed), NULL for steps without a route. */
struct chain {
	const struct wf_model *m;
	double **w;
};

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Arrivals per time unit in the long run.  A trace's rate is its count over its span (the
 * count itself if all arrivals share one instant); the backlog is a one-off, not a rate. */
static double
arrival_rate(const struct wf_model *m)
{
	const struct wf_arrivals *a = &m->arrivals;
	double span;

	if (a->limit == 0)
		return 0;	/* `limit: 0`: nothing arrives, only the backlog is worked off */
	switch (a->kind) {
	case WF_ARRIVE_RATE:
		return a->rate;
	case WF_ARRIVE_INTERARRIVAL:
		return a->interarrival.mean > 0 ? 1.0 / a->interarrival.mean : INFINITY;
	case WF_ARRIVE_PROFILE:
		return a->profile.mean;
	case WF_ARRIVE_TRACE:
		if (a->n_trace == 0)
			return 0;
		span = a->trace_at[a->n_trace - 1] - a->trace_at[0];
		return span > 0 ? (double)a->n_trace / span : (double)a->n_trace;
	}
	return 0;
}

/* The values the analysis enumerates per attribute: a categorical attribute's values, or for
 * a numeric one the cells between the numbers its conditions compare with (below the first,
 * each number itself, between two, above the last), each with a number inside it.  Every
 * case in a cell meets the same conditions, so the cells route exactly like values do. */
struct space {
	const struct wf_model *m;
	size_t *nv;		/* per attribute: values or cells */
	double **rep;		/* per numeric attribute: a number in each cell */
	double **cut;		/* per numeric attribute: the numbers compared with, sorted */
	size_t *n_cut;
	double *num;		/* scratch: the numbers of the case being decided */
};

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The cell of x among the sorted cuts t[0..k): 2i below t[i] (and above t[i-1]), 2i + 1 at
 * t[i], 2k above them all. */
static size_t
cell_of(const double *t, size_t k, double x)
{
	size_t i;

	for (i = 0; i < k; i++) {
		if (x < t[i])
			return 2 * i;
		if (x == t[i])
			return 2 * i + 1;
	}
	return 2 * k;
}

static void
space_init(struct space *sp, const struct wf_model *m)
{
	size_t a, i, k, d, n;

	sp->m = m;
	sp->nv = wf_xcalloc(m->n_attributes + 1, sizeof *sp->nv);
	sp->rep = wf_xcalloc(m->n_attributes + 1, sizeof *sp->rep);
	sp->cut = wf_xcalloc(m->n_attributes + 1, sizeof *sp->cut);
	sp->n_cut = wf_xcalloc(m->n_attributes + 1, sizeof *sp->n_cut);
	sp->num = wf_xcalloc(m->n_attributes + 1, sizeof *sp->num);
	for (a = 0; a < m->n_attributes; a++) {
		double *t;

		if (!m->attributes[a].numeric) {
			sp->nv[a] = m->attributes[a].n_values;
			continue;
		}
		n = 0;
		for (i = 0; i < m->n_steps; i++)
			for (k = 0; k < m->steps[i].n_route; k++)
				for (d = 0; d < m->steps[i].route[k].n_when; d++)
					n += m->steps[i].route[k].when[d].attr == (int)a;
		t = wf_xcalloc(n + 1, sizeof *t);
		n = 0;
		for (i = 0; i < m->n_steps; i++)
			for (k = 0; k < m->steps[i].n_route; k++)
				for (d = 0; d < m->steps[i].route[k].n_when; d++)
					if (m->steps[i].route[k].when[d].attr == (int)a)
						t[n++] = m->steps[i].route[k].when[d].x;
		qsort(t, n, sizeof *t, cmp_dbl);
		for (i = 0, k = 0; i < n; i++)
			if (k == 0 || t[i] > t[k - 1])
				t[k++] = t[i];
		sp->cut[a] = t;
		sp->n_cut[a] = k;
		sp->nv[a] = 2 * k + 1;
		sp->rep[a] = wf_xcalloc(2 * k + 1, sizeof(double));
		for (i = 0; i <= k; i++) {
			double lo = i > 0 ? t[i - 1] : -INFINITY, hi = i < k ? t[i] : INFINITY;

			sp->rep[a][2 * i] = k == 0 ? 0 : i == 0 ? hi - 1 - fabs(hi) :
			    i == k ? lo + 1 + fabs(lo) : lo + (hi - lo) / 2;
			if (i < k)
				sp->rep[a][2 * i + 1] = t[i];
		}
	}
}

static void
space_fini(struct space *sp)
{
	size_t a;

	for (a = 0; a < sp->m->n_attributes; a++) {
		free(sp->rep[a]);
		free(sp->cut[a]);
	}
	free(sp->nv);
	free(sp->rep);
	free(sp->cut);
	free(sp->n_cut);
	free(sp->num);
}

/* The probability of each cell of numeric attribute k, from its distribution's CDF. */
static void
cell_probs(const struct space *sp, size_t k, double *p, double w)
{
	const struct wf_dist *d = &sp->m->attributes[k].dist;
	const double *t = sp->cut[k];
	size_t i, n = sp->n_cut[k];
	double below = 0;	/* P(X <= t[i-1]) */

	for (i = 0; i < n; i++) {
		double lt = wf_dist_cdf(d, t[i], 1), le = wf_dist_cdf(d, t[i], 0);

		p[2 * i] += w * fmax(0, lt - below);
		p[2 * i + 1] += w * fmax(0, le - lt);
		below = le;
	}
	p[2 * n] += w * fmax(0, 1 - below);
}

/* Probability of each value (or cell) of attribute k.  A trace may fix values per row (-1 or
 * NaN = drawn), so there the share is the trace's mix, drawn rows counted at the declared
 * probabilities. */
static double *
attr_probs(const struct space *sp, size_t k)
{
	const struct wf_model *m = sp->m;
	const struct wf_attribute *at = &m->attributes[k];
	const struct wf_arrivals *a = &m->arrivals;
	double *p = wf_xcalloc(sp->nv[k] + 1, sizeof *p);
	size_t i, v;
	int x;

	if (at->numeric) {
		if (a->kind != WF_ARRIVE_TRACE || a->n_trace == 0 || a->trace_numbers == NULL) {
			cell_probs(sp, k, p, 1);
			return p;
		}
		for (i = 0; i < a->n_trace; i++) {
			double y = a->trace_numbers[i * m->n_attributes + k];

			if (isnan(y))
				cell_probs(sp, k, p, 1);
			else
				p[cell_of(sp->cut[k], sp->n_cut[k], y)] += 1;
		}
		for (v = 0; v < sp->nv[k]; v++)
			p[v] /= (double)a->n_trace;
		return p;
	}
	if (a->kind != WF_ARRIVE_TRACE || a->n_trace == 0 || a->trace_values == NULL) {
		memcpy(p, at->p, at->n_values * sizeof *p);
		return p;
	}
	for (i = 0; i < a->n_trace; i++) {
		x = a->trace_values[i * m->n_attributes + k];
		if (x >= 0 && (size_t)x < at->n_values)
			p[x] += 1;
		else
			for (v = 0; v < at->n_values; v++)
				p[v] += at->p[v];
	}
	for (v = 0; v < at->n_values; v++)
		p[v] /= (double)a->n_trace;
	return p;
}

/* Adds q to the move from state `from` into `to` with defect flag `flag`; ends absorb. */
static void
move(gsl_matrix *T, size_t from, struct wf_target to, int flag, double q)
{
	if (to.step < 0 || q <= 0)
		return;
	*gsl_matrix_ptr(T, from, 2 * (size_t)to.step + (size_t)flag) += q;
}

/* The transition matrix T[from][to] over states 2 * step + flag: each branch of a visit's
 * end (step.h) moves its probability.  Timeouts are left out: a case that gives up still
 * offered no work, and the analysis asks what the pools must serve when nobody gives up. */
static void
build(const struct chain *c, gsl_matrix *T)
{
	const struct wf_model *m = c->m;
	struct wf_step_branch *b;
	size_t i, k, n, most = 1;
	int f;

	for (i = 0; i < m->n_steps; i++)
		if (wf_step_max_branches(&m->steps[i]) > most)
			most = wf_step_max_branches(&m->steps[i]);
	b = wf_xmalloc(most * sizeof *b);
	gsl_matrix_set_zero(T);
	for (i = 0; i < m->n_steps; i++)
		for (f = 0; f <= 1; f++) {
			n = wf_step_branches(&m->steps[i], f, c->w[i], b);
			for (k = 0; k < n; k++)
				move(T, 2 * i + (size_t)f, b[k].to, b[k].defect, b[k].p);
		}
	free(b);
}

static void
append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

/* The states of the loops that trap cases: among the reachable states that cannot end, those
 * in a closed class (everything they lead to leads back to them), so the steps merely on the
 * way into the loop are not named.  Transitive closure, O(N^3) on booleans. */
static char *
trapped(const gsl_matrix *T, const char *reach, const char *exits, size_t N)
{
	char *R = wf_xcalloc(N * N, 1), *loop = wf_xcalloc(N, 1);
	size_t i, j, k;

	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			R[i * N + j] = gsl_matrix_get(T, i, j) > 0;
	for (k = 0; k < N; k++)
		for (i = 0; i < N; i++)
			if (R[i * N + k])
				for (j = 0; j < N; j++)
					R[i * N + j] |= R[k * N + j];
	for (i = 0; i < N; i++) {
		if (!reach[i] || exits[i])
			continue;
		loop[i] = 1;
		for (j = 0; j < N; j++)
			if (R[i * N + j] && !R[j * N + i])
				loop[i] = 0;
	}
	free(R);
	return loop;
}

/* Expected visits per state for one case entering step `entry` clean: x = e + T'x.  States the
 * case cannot reach are fixed at 0 so that a dead loop elsewhere does not make the system
 * singular; a reachable state from which no end can be reached is a loop that traps cases,
 * reported by naming its steps (`who` says for which cases).  O(n^3) in the LU. */
static int
solve(const struct chain *c, size_t entry, gsl_matrix *T, double *x, const char *who, char *err,
      size_t errlen)
{
	const struct wf_model *m = c->m;
	size_t N = 2 * m->n_steps, i, j, used;
	char *reach = wf_xcalloc(N, 1), *exits = wf_xcalloc(N, 1);
	gsl_matrix *A = NULL;
	gsl_vector *b = NULL, *xv = NULL;
	gsl_permutation *perm = NULL;
	int signum, ret = -1;
	size_t *stack, top;
	char *names, *loop;
	double row;

	build(c, T);

	/* Reachability from the entry, and "can reach an end", each by a graph search over the
	 * dense matrix: O(N^2), so that large models are not cubic before the LU even starts. */
	stack = wf_xmalloc(N * sizeof(*stack));
	top = 0;
	reach[2 * entry] = 1;
	stack[top++] = 2 * entry;
	while (top > 0) {
		i = stack[--top];
		for (j = 0; j < N; j++)
			if (!reach[j] && gsl_matrix_get(T, i, j) > 0) {
				reach[j] = 1;
				stack[top++] = j;
			}
	}
	for (i = 0; i < N; i++) {
		for (row = 0, j = 0; j < N; j++)
			row += gsl_matrix_get(T, i, j);
		/* Mass missing from the row goes to an end. */
		if (row < 1 - 1e-12) {
			exits[i] = 1;
			stack[top++] = i;
		}
	}
	while (top > 0) {
		j = stack[--top];
		for (i = 0; i < N; i++)
			if (!exits[i] && gsl_matrix_get(T, i, j) > 0) {
				exits[i] = 1;
				stack[top++] = i;
			}
	}
	free(stack);
	for (i = 0; i < N; i++)
		if (reach[i] && !exits[i])
			break;
	if (i < N) {
		loop = trapped(T, reach, exits, N);
		names = wf_xcalloc(512, 1);
		used = 0;
		for (j = 0; j < m->n_steps; j++)
			if (loop[2 * j] || loop[2 * j + 1])
				append(names, 512, &used, "%s'%s'", used ? ", " : "",
				       m->steps[j].id);
		free(loop);
		errf(err, errlen, "step%s %s form%s a loop that cannot be left%s%s",
		     strchr(names, ',') ? "s" : "", names, strchr(names, ',') ? "" : "s",
		     who ? " by cases with " : "", who ? who : "");
		free(names);
		goto out;
	}

	A = gsl_matrix_alloc(N, N);
	b = gsl_vector_calloc(N);
	xv = gsl_vector_alloc(N);
	perm = gsl_permutation_alloc(N);
	gsl_matrix_set_identity(A);
	for (j = 0; j < N; j++) {
		if (!reach[j])
			continue;
		for (i = 0; i < N; i++)
			if (reach[i])
				*gsl_matrix_ptr(A, j, i) -= gsl_matrix_get(T, i, j);
	}
	gsl_vector_set(b, 2 * entry, 1);
	gsl_linalg_LU_decomp(A, perm, &signum);
	for (i = 0; i < N; i++)
		if (gsl_matrix_get(A, i, i) == 0) {
			errf(err, errlen, "the traffic equations are singular%s%s",
			     who ? " for cases with " : "", who ? who : "");
			goto out;
		}
	gsl_linalg_LU_solve(A, perm, b, xv);
	for (i = 0; i < N; i++)
		x[i] = reach[i] ? gsl_vector_get(xv, i) : 0;
	ret = 0;
out:
	if (perm)
		gsl_permutation_free(perm);
	if (xv)
		gsl_vector_free(xv);
	if (b)
		gsl_vector_free(b);
	if (A)
		gsl_matrix_free(A);
	free(reach);
	free(exits);
	return ret;
}

/* The case view of a combination val of values and cells: each numeric attribute at its
 * cell's number. */
static struct wf_case_view
view_of(const struct space *sp, const int *val)
{
	struct wf_case_view cv = { val, sp->num, 0 };
	size_t a;

	for (a = 0; a < sp->m->n_attributes; a++)
		if (sp->rep[a] != NULL && val[a] >= 0)
			sp->num[a] = sp->rep[a][val[a]];
	return cv;
}

/* Index of the first entry of st's condition route that a case with attribute values (or
 * cells) val takes (n_route: none). */
static size_t
decide(const struct space *sp, const struct wf_step *st, const int *val)
{
	struct wf_case_view cv = view_of(sp, val);

	if (st->route_kind == WF_ROUTE_CLASSIFY)
		return wf_classify_positive(st, &cv) ? 0 : 1;	/* the case's class */
	return wf_route_choose(st, &cv);
}

/* The route weights w of st for the cases of decision d: the entry d for a condition route;
 * for a classifier, d is the case's class (0 positive) and the weights its flag rates. */
static void
class_weights(const struct wf_step *st, size_t d, double *w)
{
	memset(w, 0, st->n_route * sizeof(double));
	if (st->route_kind == WF_ROUTE_CLASSIFY) {
		w[0] = d == 0 ? st->classify->sensitivity : st->classify->false_alarm;
		w[1] = 1 - w[0];
	} else if (d < st->n_route)
		w[d] = 1;
}

/* Probability that a case meets condition c. */
static double
cond_prob(const struct space *sp, double **ap, const struct wf_condition *c)
{
	struct wf_route_entry e = { 0 };
	struct wf_case_view cv = { NULL, sp->num, 0 };
	double p = 0;
	size_t v;

	if (c->op == WF_CMP_IS)
		return ap[c->attr][c->value];
	e.when = (struct wf_condition *)c;
	e.n_when = 1;
	for (v = 0; v < sp->nv[c->attr]; v++) {
		sp->num[c->attr] = sp->rep[c->attr][v];
		if (wf_route_matches(&e, &cv))
			p += ap[c->attr][v];
	}
	return p;
}

/* Calls fn for every combination of values of the attributes marked in `use`, with its
 * probability; val holds the combination (-1 for attributes not used).  Returns the number of
 * combinations, or 0 without enumerating when there would be more than MAX_COMBOS. */
static size_t
enumerate(const struct space *sp, double **ap, const char *use, int *val,
	  void (*fn)(void *, const int *, double), void *arg)
{
	const struct wf_model *m = sp->m;
	size_t a, n = 1, count = 0;
	double p;

	for (a = 0; a < m->n_attributes; a++) {
		val[a] = -1;
		if (!use[a])
			continue;
		if (sp->nv[a] == 0 || n > MAX_COMBOS / sp->nv[a])
			return 0;
		n *= sp->nv[a];
		val[a] = 0;
	}
	for (;;) {
		p = 1;
		for (a = 0; a < m->n_attributes; a++)
			if (use[a])
				p *= ap[a][val[a]];
		if (p > 0)
			fn(arg, val, p);
		count++;
		/* Odometer step. */
		for (a = 0; a < m->n_attributes; a++) {
			if (!use[a])
				continue;
			if ((size_t)++val[a] < sp->nv[a])
				break;
			val[a] = 0;
		}
		if (a == m->n_attributes)
			break;
	}
	return count;
}

/* The exact mixture: cases with the same routing decisions at every condition route follow
 * the same chain, so the visits are the decision classes' visits weighted by their
 * probability.  Attributes are independent, as the engine draws them. */
struct mixture {
	const struct wf_model *m;
	const struct space *sp;
	size_t *cond;		/* steps with condition routes */
	size_t n_cond;
	size_t *dec;		/* n_dec x n_cond decisions */
	double *weight;
	int **example;		/* one attribute combination per class, for messages */
	size_t n_dec;
	int overflow;
};

static void
mix_add(void *arg, const int *val, double p)
{
	struct mixture *mx = arg;
	size_t *d = wf_xmalloc((mx->n_cond ? mx->n_cond : 1) * sizeof *d);
	size_t i, k;

	if (mx->overflow)
		goto out;
	for (k = 0; k < mx->n_cond; k++)
		d[k] = decide(mx->sp, &mx->m->steps[mx->cond[k]], val);
	for (i = 0; i < mx->n_dec; i++)
		if (memcmp(mx->dec + i * mx->n_cond, d, mx->n_cond * sizeof *d) == 0) {
			mx->weight[i] += p;
			goto out;
		}
	if (mx->n_dec == MAX_DECISIONS) {
		mx->overflow = 1;
		goto out;
	}
	memcpy(mx->dec + mx->n_dec * mx->n_cond, d, mx->n_cond * sizeof *d);
	mx->weight[mx->n_dec] = p;
	mx->example[mx->n_dec] = wf_xmalloc((mx->m->n_attributes + 1) * sizeof(int));
	memcpy(mx->example[mx->n_dec], val, mx->m->n_attributes * sizeof(int));
	mx->n_dec++;
out:
	free(d);
}

/* For the approximation: the probability of each entry of one condition route. */
struct entry_probs {
	const struct space *sp;
	const struct wf_step *st;
	double *w;
};

static void
entry_add(void *arg, const int *val, double p)
{
	struct entry_probs *ep = arg;
	size_t k = decide(ep->sp, ep->st, val);

	if (k < ep->st->n_route)
		ep->w[k] += p;
}

/* "type = routine, confidence < 0.8" for a combination, for messages. */
static char *
describe(const struct space *sp, const int *val)
{
	const struct wf_model *m = sp->m;
	char *s = wf_xcalloc(256, 1);
	size_t a, used = 0, i;

	for (a = 0; a < m->n_attributes; a++) {
		const char *sep = used ? ", " : "", *name = m->attributes[a].name;
		const double *t = sp->cut[a];

		if (val[a] < 0)
			continue;
		if (!m->attributes[a].numeric) {
			append(s, 256, &used, "%s%s = %s", sep, name, m->attributes[a].values[val[a]]);
			continue;
		}
		i = (size_t)val[a] / 2;
		if (sp->n_cut[a] == 0)
			append(s, 256, &used, "%sany %s", sep, name);
		else if (val[a] % 2)
			append(s, 256, &used, "%s%s = %g", sep, name, t[i]);
		else if (i == 0)
			append(s, 256, &used, "%s%s < %g", sep, name, t[0]);
		else if (i == sp->n_cut[a])
			append(s, 256, &used, "%s%s > %g", sep, name, t[i - 1]);
		else
			append(s, 256, &used, "%s%g < %s < %g", sep, t[i - 1], name, t[i]);
	}
	return s;
}

/* Visits per step (both flags summed) of a case entering at step `entry`, added into out. */
static int
visits(const struct wf_model *m, size_t entry, double *out, struct wf_capacity *cap, char *err,
       size_t errlen)
{
	size_t n = m->n_steps, N = 2 * n, i, k, a, d;
	struct chain c = { m, wf_xcalloc(n, sizeof(double *)) };
	struct mixture mx = { 0 };
	struct entry_probs ep;
	struct space sp;
	double **ap = wf_xcalloc(m->n_attributes + 1, sizeof *ap);
	char *use = wf_xcalloc(m->n_attributes + 1, 1);
	int *val = wf_xcalloc(m->n_attributes + 1, sizeof *val);
	double *x = wf_xcalloc(N, sizeof *x);
	gsl_matrix *T = gsl_matrix_alloc(N, N);
	char *who;
	int ret = -1;

	space_init(&sp, m);
	for (a = 0; a < m->n_attributes; a++)
		ap[a] = attr_probs(&sp, a);
	mx.m = m;
	mx.sp = &sp;
	ep.sp = &sp;
	mx.cond = wf_xcalloc(n, sizeof *mx.cond);
	for (i = 0; i < n; i++) {
		const struct wf_step *st = &m->steps[i];

		if (st->route_kind == WF_ROUTE_NONE || st->n_route == 0)
			continue;
		c.w[i] = wf_xcalloc(st->n_route, sizeof(double));
		if (st->route_kind == WF_ROUTE_PROBABILITY) {
			for (k = 0; k < st->n_route; k++)
				c.w[i][k] = st->route[k].p;
			continue;
		}
		mx.cond[mx.n_cond++] = i;
		if (st->route_kind == WF_ROUTE_CLASSIFY)
			use[st->classify->truth] = 1;
		for (k = 0; k < st->n_route; k++)
			for (d = 0; d < st->route[k].n_when; d++)
				use[st->route[k].when[d].attr] = 1;
	}

	mx.dec = wf_xcalloc(MAX_DECISIONS * (mx.n_cond ? mx.n_cond : 1), sizeof *mx.dec);
	mx.weight = wf_xcalloc(MAX_DECISIONS, sizeof *mx.weight);
	mx.example = wf_xcalloc(MAX_DECISIONS, sizeof *mx.example);
	if (mx.n_cond > 0 && enumerate(&sp, ap, use, val, mix_add, &mx) > 0 && !mx.overflow &&
	    (double)mx.n_dec * (double)N * (double)N * (double)N <= MAX_WORK) {
		for (d = 0; d < mx.n_dec; d++) {
			for (k = 0; k < mx.n_cond; k++) {
				const struct wf_step *st = &m->steps[mx.cond[k]];

				class_weights(st, mx.dec[d * mx.n_cond + k], c.w[mx.cond[k]]);
			}
			who = describe(&sp, mx.example[d]);
			ret = solve(&c, entry, T, x, who, err, errlen);
			free(who);
			if (ret < 0)
				goto out;
			for (i = 0; i < n; i++)
				out[i] += mx.weight[d] * (x[2 * i] + x[2 * i + 1]);
		}
		ret = 0;
		goto out;
	}

	/* Too many combinations or decision classes (or no condition routes): one chain in which
	 * each visit to a condition route takes each entry with its overall probability.  Exact
	 * unless cases come back to a condition route: a real case then repeats its earlier
	 * choice, this chain draws it afresh. */
	if (mx.n_cond > 0)
		cap->approximate = 1;
	for (k = 0; k < mx.n_cond; k++) {
		const struct wf_step *st = &m->steps[mx.cond[k]];

		ep.st = st;
		ep.w = c.w[mx.cond[k]];
		memset(ep.w, 0, st->n_route * sizeof(double));
		memset(use, 0, m->n_attributes + 1);
		if (st->route_kind == WF_ROUTE_CLASSIFY) {
			/* flagged: the positives caught plus the others' false alarms */
			double pos = ap[st->classify->truth][st->classify->positive];

			ep.w[0] = pos * st->classify->sensitivity + (1 - pos) * st->classify->false_alarm;
			ep.w[1] = 1 - ep.w[0];
			continue;
		}
		for (i = 0; i < st->n_route; i++)
			for (d = 0; d < st->route[i].n_when; d++)
				use[st->route[i].when[d].attr] = 1;
		if (enumerate(&sp, ap, use, val, entry_add, &ep) == 0) {
			/* Even this route alone is too big to enumerate: treat its entries as
			 * independent events, P(entry) = P(its conditions) x P(no earlier one). */
			double none = 1, pe;

			for (i = 0; i < st->n_route; i++) {
				const struct wf_route_entry *e = &st->route[i];

				pe = 1;
				for (d = 0; d < e->n_when && !e->is_else; d++)
					pe *= cond_prob(&sp, ap, &e->when[d]);
				ep.w[i] = none * pe;
				none *= 1 - pe;
			}
		}
	}
	ret = solve(&c, entry, T, x, NULL, err, errlen);
	if (ret == 0)
		for (i = 0; i < n; i++)
			out[i] += x[2 * i] + x[2 * i + 1];
out:
	for (d = 0; d < mx.n_dec; d++)
		free(mx.example[d]);
	free(mx.example);
	free(mx.weight);
	free(mx.dec);
	free(mx.cond);
	for (i = 0; i < n; i++)
		free(c.w[i]);
	free(c.w);
	for (a = 0; a < m->n_attributes; a++)
		free(ap[a]);
	free(ap);
	space_fini(&sp);
	free(use);
	free(val);
	free(x);
	gsl_matrix_free(T);
	return ret;
}

/* ---------- the fluid view: peaks over the week, and how long a finite workload takes ---------- */

/* Value of a weekly function at week position pos (model units since Monday 00:00).  Models
 * that tests build in memory may have no segments, only a mean. */
static double
week_value(const struct wf_weekly *w, double pos)
{
	size_t i;

	if (w->n == 0)
		return w->mean;
	for (i = 1; i < w->n && w->from[i] <= pos; i++)
		;
	return w->value[i - 1];
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The week positions where the arrival profile or the pool's servers change, sorted, unique,
 * starting at 0.  Returns their number; the caller frees *out. */
static size_t
week_points(const struct wf_model *m, const struct wf_resource *r, double **out)
{
	const struct wf_weekly *prof = m->arrivals.kind == WF_ARRIVE_PROFILE ?
	    &m->arrivals.profile : NULL;
	size_t n = 0, k, i;
	double *pt = wf_xmalloc((1 + r->servers.n + (prof ? prof->n : 0)) * sizeof *pt);

	pt[n++] = 0;
	for (i = 0; i < r->servers.n; i++)
		pt[n++] = r->servers.from[i];
	for (i = 0; prof && i < prof->n; i++)
		pt[n++] = prof->from[i];
	qsort(pt, n, sizeof *pt, cmp_double);
	for (i = 1, k = 1; i < n; i++)
		if (pt[i] > pt[k - 1])
			pt[k++] = pt[i];
	*out = pt;
	return k;
}

/* One week of a pool's fluid queue from backlog B at week position 0: work comes in at in[k]
 * busy servers and goes out at up to c[k] over segment k.  Stores the backlog at each
 * segment's end in end[] (if not NULL) and returns the one at the week's end.  Within a
 * segment both rates are constant, so the backlog is linear until it reaches 0. */
static double
week_pass(const double *pt, size_t n, double week, const double *in, const double *c, double B,
	  double *end)
{
	size_t k;

	for (k = 0; k < n; k++) {
		B = fmax(0, B + (in[k] - c[k]) * ((k + 1 < n ? pt[k + 1] : week) - pt[k]));
		if (end)
			end[k] = B;
	}
	return B;
}

static void
add_peak(struct wf_capacity *cap, const struct wf_peak *p)
{
	cap->peaks = wf_xrealloc(cap->peaks, (cap->n_peaks + 1) * sizeof *cap->peaks);
	cap->peaks[cap->n_peaks++] = *p;
}

/* The peaks of pool r, whose work per case is w, under a workload that does not end.  A pool
 * below 100% on the weekly mean has a periodic backlog: starting empty on Monday, the backlog
 * at the end of a week grows (the map is monotone and bounded) to its periodic value, reached
 * in a week or two; the peaks are read off that periodic week.  O(weeks x segments). */
static void
peaks_of(const struct wf_model *m, struct wf_capacity *cap, size_t r, double w)
{
	const struct wf_resource *res = &m->resources[r];
	const struct wf_weekly *prof = m->arrivals.kind == WF_ARRIVE_PROFILE ?
	    &m->arrivals.profile : NULL;
	double week = cap->week, *pt, *in, *c, *end, B = 0, B1, pos, x;
	size_t n, k, j, s0, i, e, last, steps;
	char *pk;
	struct wf_peak p;
	int it;

	n = week_points(m, res, &pt);
	in = wf_xmalloc(n * sizeof *in);
	c = wf_xmalloc(n * sizeof *c);
	end = wf_xmalloc(n * sizeof *end);
	pk = wf_xcalloc(n, 1);
	for (k = 0, s0 = n; k < n; k++) {
		in[k] = (prof ? week_value(prof, pt[k]) : cap->arrival_rate) * w;
		c[k] = week_value(&res->servers, pt[k]);
		pk[k] = c[k] > 0 && in[k] > c[k];
		if (!pk[k] && s0 == n)
			s0 = k;
	}
	if (s0 == n)	/* a peak all week long is the weekly overload, said already */
		goto out;
	for (it = 0; it < 52; it++) {
		B1 = week_pass(pt, n, week, in, c, B, NULL);
		if (fabs(B1 - B) <= 1e-12 * (1 + B))
			break;
		B = B1;
	}
	week_pass(pt, n, week, in, c, B, end);

	/* Windows: maximal runs of peak segments, scanned from a segment that is not one so that
	 * a run across the week's end is found whole.  Positions past the week's end are kept as
	 * such (pos + week) so that `to` follows `from`. */
	for (i = 1; i <= n; i++) {
		k = (s0 + i) % n;
		if (!pk[k] || pk[(k + n - 1) % n])
			continue;
		memset(&p, 0, sizeof p);
		p.resource = (int)r;
		p.from = pt[k] + (s0 + i >= n ? week : 0);
		p.offered = 0;
		p.servers = INFINITY;
		for (e = i, last = k; pk[(s0 + e) % n] && e < i + n; e++) {
			last = (s0 + e) % n;
			p.offered = fmax(p.offered, in[last]);
			p.servers = fmin(p.servers, c[last]);
		}
		pos = (last + 1 < n ? pt[last + 1] : week) + (s0 + e - 1 >= n ? week : 0);
		p.to = pos;
		p.backlog = end[last];
		p.cases = w > 0 ? p.backlog / w : 0;
		p.cleared = NAN;
		/* The quiet hours after it: cleared when the backlog reaches 0 before the pool
		 * closes or its next peak begins, within a week. */
		B = p.backlog;
		for (steps = 0, j = (last + 1) % n; steps < n; steps++, j = (j + 1) % n) {
			x = (j + 1 < n ? pt[j + 1] : week) - pt[j];
			if (c[j] <= 0 || pk[j]) {
				p.carried_by = c[j] <= 0 ? WF_PEAK_CLOSES : WF_PEAK_NEXT;
				break;
			}
			if (in[j] < c[j] && B <= (c[j] - in[j]) * x) {
				p.cleared = pos + B / (c[j] - in[j]);
				break;
			}
			B = fmax(0, B + (in[j] - c[j]) * x);
			pos += x;
		}
		if (isnan(p.cleared) && B < w) {
			p.cleared = pos;	/* less than a case left */
			p.carried_by = 0;
		} else if (isnan(p.cleared)) {
			if (p.carried_by == 0)
				p.carried_by = WF_PEAK_WEEK;
			p.carried = 1;
			p.carried_at = pos;
			p.left = B / w;
		}
		add_peak(cap, &p);
	}
out:
	free(pt);
	free(in);
	free(c);
	free(end);
	free(pk);
}

/* The fluid backlog of a pool from t to t1 with work arriving at rate x prof(t) busy servers
 * (rate alone without a profile): piecewise linear between the change points of either. */
static double
flow(const struct wf_weekly *srv, const struct wf_weekly *prof, double rate, double B, double t,
     double t1)
{
	double nx, c, in;

	while (t < t1) {
		nx = t1;
		c = srv->mean;
		if (srv->n > 0) {
			c = wf_weekly_at(srv, t);
			nx = fmin(nx, wf_weekly_next_change(srv, t));
		}
		in = rate;
		if (prof != NULL && prof->n > 0) {
			in *= wf_weekly_at(prof, t);
			nx = fmin(nx, wf_weekly_next_change(prof, t));
		}
		if (!(nx > t))
			nx = t1;
		B = fmax(0, B + (in - c) * (nx - t));
		t = nx;
	}
	return B;
}

/* When a pool with backlog B at t, and no more work coming, is done. */
static double
drain_end(const struct wf_weekly *srv, double B, double t)
{
	double c, nx;
	long guard;

	if (B <= 0)
		return t;
	if (!(srv->mean > 0))
		return INFINITY;
	for (guard = 0; guard < 10000000; guard++) {
		c = srv->n > 0 ? wf_weekly_at(srv, t) : srv->mean;
		nx = srv->n > 0 ? wf_weekly_next_change(srv, t) : INFINITY;
		if (c > 0 && B <= c * (nx - t))
			return t + B / c;
		if (c > 0)
			B -= c * (nx - t);
		t = nx;
	}
	return INFINITY;
}

/* When the last of `limit` arrivals comes, at the arrival rate or along the profile. */
static double
arrivals_end(const struct wf_model *m, double rate, double count)
{
	const struct wf_weekly *prof = &m->arrivals.profile;
	double t = 0, cum = 0, r, nx;
	long guard;

	if (!(count > 0))
		return 0;	/* `limit: 0`: a backlog alone */
	if (m->arrivals.kind != WF_ARRIVE_PROFILE || prof->n == 0)
		return rate > 0 ? count / rate : INFINITY;
	for (guard = 0; guard < 10000000; guard++) {
		r = wf_weekly_at(prof, t);
		nx = wf_weekly_next_change(prof, t);
		if (r > 0 && cum + r * (nx - t) >= count)
			return t + (count - cum) / r;
		cum += r * (nx - t);
		t = nx;
	}
	return INFINITY;
}

/* A finite workload: the cases in all, when the last arrives, and when every pool is done
 * with its share, each pool as a fluid queue fed with the work of the cases as they arrive
 * (per_case for an arrival, backlog[r] at time 0). */
static void
finite_drain(const struct wf_model *m, struct wf_capacity *cap, const double *per_case,
	     const double *backlog)
{
	const struct wf_arrivals *a = &m->arrivals;
	size_t r, i, n = a->n_trace;
	double B, t, done, count;

	count = 0;
	for (i = 0; i < m->n_backlog; i++)
		count += (double)m->backlog[i].count;
	if (a->kind == WF_ARRIVE_TRACE) {
		if (a->limit >= 0 && (size_t)a->limit < n)
			n = (size_t)a->limit;
		cap->arrivals_end = n > 0 ? a->trace_at[n - 1] : 0;
		count += (double)n;
	} else {
		cap->arrivals_end = arrivals_end(m, cap->arrival_rate, (double)a->limit);
		count += (double)a->limit;
	}
	cap->cases = count;
	cap->drain = 0;
	cap->drain_resource = -1;
	for (r = 0; r < m->n_resources; r++) {
		const struct wf_resource *res = &m->resources[r];

		if (res->capacity == WF_UNLIMITED || (per_case[r] <= 0 && backlog[r] <= 0))
			continue;
		B = backlog[r];
		if (a->kind == WF_ARRIVE_TRACE) {
			for (t = 0, i = 0; i < n; i++) {
				B = flow(&res->servers, NULL, 0, B, t, a->trace_at[i]) + per_case[r];
				t = fmax(t, a->trace_at[i]);
			}
		} else {
			t = cap->arrivals_end;
			B = isfinite(t) ? flow(&res->servers, a->kind == WF_ARRIVE_PROFILE ?
			    &a->profile : NULL, a->kind == WF_ARRIVE_PROFILE ? per_case[r] :
			    cap->arrival_rate * per_case[r], B, 0, t) : INFINITY;
		}
		done = isfinite(B) ? drain_end(&res->servers, B, t) : INFINITY;
		if (cap->drain_resource < 0 || done > cap->drain) {
			cap->drain = done;
			cap->drain_resource = (int)r;
		}
	}
	if (cap->drain_resource < 0)
		cap->drain = cap->arrivals_end;
}

int
wf_capacity_overloaded_at(const struct wf_capacity *cap, size_t r)
{
	size_t i;

	if (cap->finite || r >= cap->n_resources)
		return 0;
	if (cap->offered[r] > 0 && cap->utilization[r] >= 1)
		return 1;
	for (i = 0; i < cap->n_peaks; i++)
		if (cap->peaks[i].resource == (int)r && cap->peaks[i].carried)
			return 1;
	return 0;
}

int
wf_capacity_overloaded(const struct wf_capacity *cap)
{
	size_t r;

	for (r = 0; r < cap->n_resources; r++)
		if (wf_capacity_overloaded_at(cap, r))
			return 1;
	return 0;
}

/* ---------- batches ---------- */

double
wf_batch_hold_timed(const double *at, size_t n, double period)
{
	double sum = 0, g;
	size_t i;

	for (i = 0; i < n; i++) {
		g = i + 1 < n ? at[i + 1] - at[i] : at[0] + period - at[i];
		sum += g * g;
	}
	return n > 0 ? sum / (2 * period) : 0;
}

double
wf_batch_hold_size(long size, double max_wait, double rate)
{
	double area = 0, visits = 0, below = 0, p;
	long j;

	if (size <= 0)		/* the time rule alone: the first waits W, the others half of it */
		return (max_wait + rate * max_wait * max_wait / 2) / (1 + rate * max_wait);
	if (!isfinite(max_wait))
		return (double)(size - 1) / (2 * rate);
	/* While j more visits than the first are held (j <= size - 2), the batch grows by one
	 * each; it is released at the (size - 1)-th arrival after the first or at max_wait.
	 * The expected time with j more held is P(Gamma(j + 1, 1) <= rate W) / rate. */
	for (j = 0; j <= size - 2; j++) {
		area += (double)(j + 1) * gsl_cdf_gamma_P(rate * max_wait, (double)j + 1, 1) / rate;
		p = gsl_ran_poisson_pdf((unsigned)j, rate * max_wait);
		visits += (double)(j + 1) * p;
		below += p;
	}
	visits += (double)size * (1 - below);
	return area / visits;
}

/* A ramp makes some probability change with the time since the start: the flows change too. */
static int
has_ramp(const struct wf_model *m)
{
	size_t i, k;

	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];

		if (st->exception_curve || st->catch_curve || st->false_alarm_curve ||
		    (st->error_curve && st->error_curve->attr == WF_CURVE_TIME))
			return 1;
		for (k = 0; k < st->n_route; k++)
			if (st->route[k].p_curve)
				return 1;
	}
	return 0;
}

/* Do visits reach step s at a rate steady in time?  Only when nothing in the model follows
 * the clock: arrivals at a constant rate that do not end, no calendar, shift or holiday, no
 * ramp, and no other step released at fixed times (its releases would come in bursts at
 * the same hours every week). */
static int
steady_flow(const struct wf_model *m, size_t s)
{
	const struct wf_arrivals *a = &m->arrivals;
	size_t i;

	if ((a->kind != WF_ARRIVE_RATE && a->kind != WF_ARRIVE_INTERARRIVAL) || a->limit >= 0 ||
	    a->n_holidays > 0 || has_ramp(m))
		return 0;
	for (i = 0; i < m->n_resources; i++)
		if (m->resources[i].calendar >= 0 || m->resources[i].has_shifts ||
		    m->resources[i].n_holidays > 0)
			return 0;
	for (i = 0; i < m->n_steps; i++)
		if (i != s && m->steps[i].has_batch && m->steps[i].n_batch_at > 0)
			return 0;
	return 1;
}

/* Are the visits to step s Poisson: Poisson arrivals that do not end, all entering at s, the
 * first step, exactly once (no loop comes back to it), and no arrival holidays? */
static int
poisson_into(const struct wf_model *m, const struct wf_capacity *cap, size_t s)
{
	const struct wf_arrivals *a = &m->arrivals;

	return s == 0 && fabs(cap->visits[0] - 1) < 1e-9 && a->limit < 0 && a->n_holidays == 0 &&
	    (a->kind == WF_ARRIVE_RATE || (a->kind == WF_ARRIVE_INTERARRIVAL &&
					   a->interarrival.kind == WF_DIST_EXPONENTIAL)) &&
	    cap->arrival_rate > 0;
}

static void
batch_holds(const struct wf_model *m, struct wf_capacity *cap)
{
	size_t i;

	cap->batch_hold = wf_xcalloc(m->n_steps + 1, sizeof(double));
	for (i = 0; i < m->n_steps; i++) {
		const struct wf_step *st = &m->steps[i];

		cap->batch_hold[i] = NAN;
		if (!st->has_batch || st->has_max_wait)
			continue;
		if (st->n_batch_at > 0 && steady_flow(m, i))
			cap->batch_hold[i] = wf_batch_hold_timed(st->batch_at, st->n_batch_at, cap->week);
		else if (st->n_batch_at == 0 && poisson_into(m, cap, i))
			cap->batch_hold[i] = wf_batch_hold_size(st->batch_size, st->batch_max_wait,
								cap->arrival_rate);
	}
}

int
wf_check_capacity(const struct wf_model *m, struct wf_capacity *cap, char *err, size_t errlen)
{
	size_t i, k, r, nr = m->n_resources;
	double *per_case, cap_rate, u, worst = -1;
	const struct wf_step *st;

	memset(cap, 0, sizeof *cap);
	for (i = 0; i < m->n_steps; i++) {
		st = &m->steps[i];
		cap->averaged |= st->error_curve != NULL || st->exception_curve != NULL ||
		    st->catch_curve != NULL || st->false_alarm_curve != NULL ||
		    st->duration_by != NULL;
		for (k = 0; k < st->n_route; k++)
			cap->averaged |= st->route[k].p_curve != NULL;
	}
	cap->n_steps = m->n_steps;
	cap->n_resources = nr;
	cap->visits = wf_xcalloc(m->n_steps + 1, sizeof(double));
	cap->offered = wf_xcalloc(nr + 1, sizeof(double));
	cap->available = wf_xcalloc(nr + 1, sizeof(double));
	cap->utilization = wf_xcalloc(nr + 1, sizeof(double));
	cap->bottleneck = -1;
	cap->max_rate = INFINITY;
	cap->arrival_rate = arrival_rate(m);
	if (m->n_steps > 0 && visits(m, 0, cap->visits, cap, err, errlen) < 0) {
		/* Nothing to free for the caller on failure (a second fini is harmless). */
		wf_capacity_fini(cap);
		return -1;
	}

	/* Busy server-time per arriving case, per resource; the max_visits bound is ignored, as
	 * it only cuts off cases the loader already warns about. */
	per_case = wf_xcalloc(nr + 1, sizeof *per_case);
	for (i = 0; i < m->n_steps; i++) {
		st = &m->steps[i];
		if (st->resource < 0 || !st->has_duration)
			continue;
		per_case[st->resource] += cap->visits[i] * st->duration.mean;
		if (!m->resources[st->resource].is_machine)
			cap->touch_time += cap->visits[i] * st->duration.mean;
	}
	for (r = 0; r < nr; r++) {
		cap->offered[r] = per_case[r] > 0 ? cap->arrival_rate * per_case[r] : 0;
		if (m->resources[r].capacity == WF_UNLIMITED) {
			cap->available[r] = INFINITY;
			cap->utilization[r] = 0;
			continue;
		}
		cap->available[r] = m->resources[r].servers.mean;
		if (cap->offered[r] == 0)
			cap->utilization[r] = 0;
		else
			cap->utilization[r] = cap->available[r] > 0 ?
			    cap->offered[r] / cap->available[r] : INFINITY;
		if (per_case[r] <= 0)
			continue;
		/* The rate at which this pool saturates: available / work per case.  Taken from
		 * the work per case rather than the utilisation so it stays defined when the
		 * arrival rate is 0 (an empty trace). */
		cap_rate = cap->available[r] / per_case[r];
		u = per_case[r] / cap->available[r];
		if (u > worst) {
			worst = u;
			cap->bottleneck = (int)r;
			cap->max_rate = cap_rate;
		}
	}

	cap->week = 7 * 86400.0 / wf_unit_seconds(m->unit);
	cap->finite = m->arrivals.limit >= 0 || m->arrivals.kind == WF_ARRIVE_TRACE;
	cap->drain_resource = -1;
	if (cap->finite) {
		/* The backlog's work per pool: visits from the step each backlog enters at. */
		double *bw = wf_xcalloc(nr + 1, sizeof *bw), *v;

		for (k = 0; k < m->n_backlog; k++) {
			v = wf_xcalloc(m->n_steps + 1, sizeof *v);
			if (visits(m, (size_t)m->backlog[k].step, v, cap, err, errlen) == 0)
				for (i = 0; i < m->n_steps; i++) {
					st = &m->steps[i];
					if (st->resource >= 0 && st->has_duration)
						bw[st->resource] += (double)m->backlog[k].count *
						    v[i] * st->duration.mean;
				}
			free(v);
		}
		finite_drain(m, cap, per_case, bw);
		free(bw);
	} else {
		for (r = 0; r < nr; r++)
			if (m->resources[r].capacity != WF_UNLIMITED && per_case[r] > 0 &&
			    cap->utilization[r] < 1)
				peaks_of(m, cap, r, per_case[r]);
	}
	free(per_case);
	batch_holds(m, cap);
	return 0;
}

void
wf_capacity_fini(struct wf_capacity *cap)
{
	free(cap->batch_hold);
	free(cap->visits);
	free(cap->offered);
	free(cap->available);
	free(cap->utilization);
	free(cap->peaks);
	memset(cap, 0, sizeof *cap);
	cap->bottleneck = -1;
}
