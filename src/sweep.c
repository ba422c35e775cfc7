/* Sweeps: the grid of varied values, the order points are simulated in (all of them, or a
 * bisection towards a target's boundary), the break-even where a difference crosses zero,
 * and the sweep's JSON and CSV.  Simulating a point is the caller's: the command line runs
 * each as a paired comparison on the same seeds. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/sweep.h"
#include "wfsim/units.h"
#include "wfsim/xalloc.h"

/* ---------- parsing ---------- */

static void
var_add(struct wf_sweep_var *v, const char *val, size_t len, size_t *cap)
{
	char *end, *s = wf_xstrndup(val, len);
	double x = strtod(s, &end);

	v->value = wf_xgrow(v->value, cap, v->n + 1, sizeof(*v->value));
	/* text and x grow with value: same count, so the same cap works for all three */
	v->text = wf_xrealloc(v->text, *cap * sizeof(*v->text));
	v->x = wf_xrealloc(v->x, *cap * sizeof(*v->x));
	v->value[v->n] = s;
	v->text[v->n] = wf_xasprintf("%s=%s", v->path, s);
	/* "180/d" and "25m" plot at their number; a word has none */
	v->x[v->n] = end != s && isfinite(x) ? x : NAN;
	v->n++;
}

/* 1 if the whole of s is a number. */
static int
plain_number(const char *s, size_t len)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	strtod(buf, &end);
	return *end == '\0';
}

/* 1 if vals is a range FROM:TO:STEP (three numbers); 0 for a list (hours "09:00-17:00" have
 * colons too); -1 with err for "1:5", a range missing its step. */
static int
is_range(const char *vals, char *err, size_t errlen)
{
	const char *c1 = strchr(vals, ':'), *c2;

	if (c1 == NULL || strpbrk(vals, ",{[") != NULL)
		return 0;
	c2 = strchr(c1 + 1, ':');
	if (c2 == NULL) {
		if (plain_number(vals, (size_t)(c1 - vals)) && plain_number(c1 + 1, strlen(c1 + 1))) {
			snprintf(err, errlen, "'%s': a range is FROM:TO:STEP, e.g. 0.01:0.2:0.01", vals);
			return -1;
		}
		return 0;
	}
	return strchr(c2 + 1, ':') == NULL && plain_number(vals, (size_t)(c1 - vals)) &&
	    plain_number(c1 + 1, (size_t)(c2 - c1 - 1)) && plain_number(c2 + 1, strlen(c2 + 1));
}

int
wf_sweep_var_parse(struct wf_sweep_var *v, const char *text, char *err, size_t errlen)
{
	const char *p = text, *eq, *vals;
	size_t cap = 0, i;

	memset(v, 0, sizeof(*v));
	if (strncmp(p, "as-is:", 6) == 0) {
		v->side = WF_SWEEP_AS_IS;
		p += 6;
	} else if (strncmp(p, "both:", 5) == 0) {
		v->side = WF_SWEEP_BOTH;
		p += 5;
	} else if (strncmp(p, "to-be:", 6) == 0) {
		p += 6;
	}
	if (wf_override_check(p, err, errlen) != 0)
		return -1;
	eq = strchr(p, '=');
	vals = eq + 1;
	v->path = wf_xstrndup(p, (size_t)(eq - p));
	if (*vals == '\0') {
		snprintf(err, errlen, "'%s' has no values: give a list (4,6,8) or FROM:TO:STEP", text);
		goto fail;
	}
	if (is_range(vals, err, errlen) < 0)
		goto fail;
	if (is_range(vals, err, errlen) > 0) {
		double from, to, step, x;
		char e1[128];
		const char *c1 = strchr(vals, ':'), *c2 = strchr(c1 + 1, ':');
		char *a, *b, *c;
		long k, n;
		int bad;

		a = wf_xstrndup(vals, (size_t)(c1 - vals));
		b = wf_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
		c = wf_xstrdup(c2 + 1);
		bad = wf_parse_number(a, &from, e1, sizeof(e1)) != 0 ||
		    wf_parse_number(b, &to, e1, sizeof(e1)) != 0 ||
		    wf_parse_number(c, &step, e1, sizeof(e1)) != 0;
		free(a);
		free(b);
		free(c);
		if (bad) {
			snprintf(err, errlen, "'%s': a range is three plain numbers FROM:TO:STEP (%s)", vals, e1);
			goto fail;
		}
		if (!(step > 0) || !(to >= from)) {
			snprintf(err, errlen, "'%s': a range needs FROM <= TO and a STEP above 0", vals);
			goto fail;
		}
		/* n from the ratio with a little slack, so 0.01:0.2:0.01 ends at 0.2 */
		n = (long)floor((to - from) / step + 1e-9) + 1;
		if (n > WF_SWEEP_MAX_VALUES) {
			snprintf(err, errlen, "'%s' gives %ld values, more than %d", vals, n,
				 WF_SWEEP_MAX_VALUES);
			goto fail;
		}
		for (k = 0; k < n; k++) {
			char num[64];

			x = from + (double)k * step;
			/* 0.1 + 2 x 0.1 is 0.30000000000000004: print what the user would write */
			snprintf(num, sizeof(num), "%.10g", x);
			var_add(v, num, strlen(num), &cap);
		}
	} else {
		const char *s = vals, *e;
		int depth = 0;

		/* a list, commas inside a flow value ({dist: ..., mean: ...}) excepted */
		for (e = s;; e++) {
			if (*e == '{' || *e == '[')
				depth++;
			else if ((*e == '}' || *e == ']') && depth > 0)
				depth--;
			if (*e == '\0' || (*e == ',' && depth == 0)) {
				while (s < e && *s == ' ')
					s++;
				if (e == s) {
					snprintf(err, errlen, "'%s': an empty value in the list", vals);
					goto fail;
				}
				if (v->n >= WF_SWEEP_MAX_VALUES) {
					snprintf(err, errlen, "'%s': more than %d values", vals, WF_SWEEP_MAX_VALUES);
					goto fail;
				}
				var_add(v, s, (size_t)(e - s), &cap);
				s = e + 1;
			}
			if (*e == '\0')
				break;
		}
	}
	v->numeric = 1;
	for (i = 0; i < v->n; i++)
		if (!isfinite(v->x[i]))
			v->numeric = 0;
	return 0;
fail:
	wf_sweep_var_fini(v);
	return -1;
}

void
wf_sweep_var_fini(struct wf_sweep_var *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->value[i]);
		free(v->text[i]);
	}
	free(v->value);
	free(v->text);
	free(v->x);
	free(v->path);
	memset(v, 0, sizeof(*v));
}

static const char *const op_name[] = { ">=", "<=", ">", "<" };

int
wf_sweep_target_parse(struct wf_sweep_target *t, const char *text, enum wf_time_unit unit,
		      char *err, size_t errlen)
{
	const char *p = text, *q;
	char name[64], e1[128];
	size_t n;
	int k, found = -1;

	memset(t, 0, sizeof(*t));
	while (*p == ' ')
		p++;
	for (q = p; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'; q++)
		;
	n = (size_t)(q - p);
	snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), p);
	for (k = 0; k < WF_M_COUNT; k++)
		if (strcmp(wf_metrics[k].name, name) == 0)
			found = k;
	if (found < 0) {
		snprintf(err, errlen, "--target '%s': '%s' is no figure of a run; e.g. sla_attainment, "
			 "cycle_time_p90, wait_time_mean, escaped_error_rate", text, name);
		return -1;
	}
	t->metric = found;
	while (*q == ' ')
		q++;
	if (q[0] == '>' && q[1] == '=')
		t->op = WF_OP_GE, q += 2;
	else if (q[0] == '<' && q[1] == '=')
		t->op = WF_OP_LE, q += 2;
	else if (q[0] == '>')
		t->op = WF_OP_GT, q += 1;
	else if (q[0] == '<')
		t->op = WF_OP_LT, q += 1;
	else {
		snprintf(err, errlen, "--target '%s': expected >=, <=, > or < after '%s'", text, name);
		return -1;
	}
	while (*q == ' ')
		q++;
	if (wf_metrics[found].kind == WF_MK_TIME) {
		if (wf_parse_duration(q, unit, &t->value, e1, sizeof(e1)) != 0) {
			snprintf(err, errlen, "--target '%s': %s", text, e1);
			return -1;
		}
	} else if (wf_metrics[found].kind == WF_MK_RATE && *q && q[strlen(q) - 1] == '%') {
		char *num = wf_xstrndup(q, strlen(q) - 1);
		int bad = wf_parse_number(num, &t->value, e1, sizeof(e1)) != 0 ||
		    !(t->value >= 0 && t->value <= 100);

		free(num);
		if (bad) {
			snprintf(err, errlen, "--target '%s': '%s' is not a share from 0%% to 100%%", text, q);
			return -1;
		}
		t->value /= 100;
	} else if (wf_metrics[found].kind == WF_MK_RATE) {
		if (wf_parse_probability(q, &t->value, e1, sizeof(e1)) != 0) {
			snprintf(err, errlen, "--target '%s': %s", text, e1);
			return -1;
		}
	} else if (wf_parse_number(q, &t->value, e1, sizeof(e1)) != 0) {
		snprintf(err, errlen, "--target '%s': %s", text, e1);
		return -1;
	}
	t->value_text = wf_xstrdup(q);
	return 0;
}

/* ---------- the grid and its order ---------- */

int
wf_sweep_init(struct wf_sweep *s, char *err, size_t errlen)
{
	size_t n0 = s->var[0].n, n1 = s->n_vars > 1 ? s->var[1].n : 1, i, j;

	if (n0 * n1 > WF_SWEEP_MAX_POINTS) {
		snprintf(err, errlen, "%zu x %zu = %zu points, more than %d: sweep fewer values",
			 n0, n1, n0 * n1, WF_SWEEP_MAX_POINTS);
		return -1;
	}
	s->n_pts = n0 * n1;
	s->pt = wf_xcalloc(s->n_pts, sizeof(*s->pt));
	for (i = 0; i < n0; i++)
		for (j = 0; j < n1; j++) {
			s->pt[i * n1 + j].i[0] = i;
			s->pt[i * n1 + j].i[1] = j;
		}
	s->found = s->neighbour = -1;
	s->lo = s->hi = -1;
	return 0;
}

void
wf_sweep_fini(struct wf_sweep *s)
{
	size_t k;

	for (k = 0; k < s->n_pts; k++)
		if (s->pt[k].state == WF_PT_DONE) {
			if (s->as_is_shared)
				memset(&s->pt[k].c.as_is, 0, sizeof(s->pt[k].c.as_is));
			wf_comparison_fini(&s->pt[k].c);
		}
	free(s->pt);
	if (s->as_is_shared)
		wf_run_fini(&s->as_is);
	for (k = 0; k < s->n_vars; k++)
		wf_sweep_var_fini(&s->var[k]);
	free(s->target.value_text);
	memset(s, 0, sizeof(*s));
}

int
wf_sweep_as_is_fixed(const struct wf_sweep *s)
{
	size_t v;

	for (v = 0; v < s->n_vars; v++)
		if (s->var[v].side != WF_SWEEP_TO_BE)
			return 0;
	return 1;
}

size_t
wf_sweep_overrides(const struct wf_sweep *s, size_t k, int side, struct wf_override *out)
{
	size_t v, n = 0;

	for (v = 0; v < s->n_vars; v++) {
		const struct wf_sweep_var *x = &s->var[v];

		if (x->side == WF_SWEEP_BOTH || (side == 0) == (x->side == WF_SWEEP_AS_IS)) {
			out[n].opt = "--vary";
			out[n++].text = x->text[s->pt[k].i[v]];
		}
	}
	return n;
}

const struct wf_run *
wf_sweep_side_run(const struct wf_sweep *s, const struct wf_sweep_point *p)
{
	return s->var[0].side == WF_SWEEP_AS_IS ? &p->c.as_is : &p->c.to_be;
}

int
wf_sweep_met(const struct wf_sweep *s, const struct wf_sweep_point *p)
{
	double x;

	/* an overloaded configuration meets no target: its figures grow with the horizon */
	if (p->state != WF_PT_DONE)
		return 0;
	x = wf_sweep_side_run(s, p)->metric[s->target.metric].mean;
	if (!isfinite(x))
		return 0;
	switch (s->target.op) {
	case WF_OP_GE: return x >= s->target.value;
	case WF_OP_LE: return x <= s->target.value;
	case WF_OP_GT: return x > s->target.value;
	case WF_OP_LT: return x < s->target.value;
	}
	return 0;
}

long
wf_sweep_next(struct wf_sweep *s)
{
	size_t k;
	long mid;

	if (!s->has_target) {
		for (k = 0; k < s->n_pts; k++)
			if (s->pt[k].state == WF_PT_PENDING)
				return (long)k;
		return -1;
	}
	/* Bisection: the two ends first, then halve the bracket whose ends differ. */
	if (s->pt[0].state == WF_PT_PENDING)
		return 0;
	if (s->pt[s->n_pts - 1].state == WF_PT_PENDING)
		return (long)s->n_pts - 1;
	if (s->lo < 0) {
		s->lo = 0;
		s->hi = (long)s->n_pts - 1;
		s->searching = wf_sweep_met(s, &s->pt[s->lo]) != wf_sweep_met(s, &s->pt[s->hi]);
	}
	while (s->searching && s->hi - s->lo > 1) {
		mid = s->lo + (s->hi - s->lo) / 2;
		if (s->pt[mid].state == WF_PT_PENDING)
			return mid;
		if (wf_sweep_met(s, &s->pt[mid]) == wf_sweep_met(s, &s->pt[s->lo]))
			s->lo = mid;
		else
			s->hi = mid;
	}
	return -1;
}

/* Where y crosses 0 between (x0, y0) and (x1, y1), or NaN.  A point exactly at 0 is the
 * crossing of the segment that ends there (a flat 0 crosses nothing). */
static double
cross(double x0, double y0, double x1, double y1)
{
	if (!isfinite(y0) || !isfinite(y1) || y0 == 0)
		return NAN;
	if (y1 == 0)
		return x1;
	if ((y0 > 0) == (y1 > 0))
		return NAN;
	return x0 + (x1 - x0) * y0 / (y0 - y1);
}

/* The first crossing of zero by a difference (y), and by its band's edges, along the
 * simulated points of a one-variable sweep. */
static void
break_even(const struct wf_sweep *s, int which, struct wf_break_even *be)
{
	double px = NAN, py = NAN, pl = NAN, ph = NAN;
	size_t k;

	be->found = 0;
	be->x = be->lo = be->hi = NAN;
	if (s->n_vars != 1 || !s->var[0].numeric)
		return;
	for (k = 0; k < s->n_pts; k++) {
		const struct wf_sweep_point *p = &s->pt[k];
		const struct wf_summary *d;
		double x = s->var[0].x[k], y, ci, c;

		if (p->state != WF_PT_DONE)
			continue;
		if (which == 0) {
			/* time saved per case: as-is minus to-be */
			d = &p->c.diff[WF_M_CYCLE_TIME_MEAN];
			y = -d->mean;
		} else {
			if (!p->c.econ.built || p->c.econ.not_valid != NULL)
				continue;
			d = &p->c.econ.net_saving;
			y = d->mean;
		}
		ci = isfinite(d->ci95) ? d->ci95 : 0;
		if (isfinite(px)) {
			if (!be->found && isfinite(c = cross(px, py, x, y))) {
				be->found = 1;
				be->x = c;
			}
			/* the band's edges: where the lower and the upper bound cross, in order */
			if (!isfinite(be->lo) && isfinite(c = cross(px, pl, x, y - ci)))
				be->lo = c;
			if (!isfinite(be->hi) && isfinite(c = cross(px, ph, x, y + ci)))
				be->hi = c;
		}
		px = x;
		py = y;
		pl = y - ci;
		ph = y + ci;
	}
	if (!be->found) {
		be->lo = be->hi = NAN;
		return;
	}
	/* the interval runs from the smaller to the larger crossing */
	if (isfinite(be->lo) && isfinite(be->hi) && be->lo > be->hi) {
		double t = be->lo;

		be->lo = be->hi;
		be->hi = t;
	}
}

void
wf_sweep_finish(struct wf_sweep *s)
{
	long k, first = -1, last = -1;

	break_even(s, 0, &s->time_saved);
	break_even(s, 1, &s->net_saving);
	if (!s->has_target)
		return;
	/* Along the points tried, met is monotone (assumed): the boundary is where it changes. */
	for (k = 0; k < (long)s->n_pts; k++) {
		if (s->pt[k].state == WF_PT_PENDING)
			continue;
		if (wf_sweep_met(s, &s->pt[k])) {
			if (first < 0)
				first = k;
			last = k;
		}
	}
	s->found = s->neighbour = -1;
	s->every = s->largest = 0;
	if (first < 0)
		return;
	if (wf_sweep_met(s, &s->pt[0]) && wf_sweep_met(s, &s->pt[s->n_pts - 1])) {
		s->every = 1;
		s->found = 0;
		return;
	}
	if (wf_sweep_met(s, &s->pt[s->n_pts - 1])) {
		/* the values from the boundary up meet it: the smallest */
		s->found = first;
		for (k = first - 1; k >= 0 && s->neighbour < 0; k--)
			if (s->pt[k].state != WF_PT_PENDING)
				s->neighbour = k;
	} else {
		/* the values up to the boundary meet it: the largest */
		s->largest = 1;
		s->found = last;
		for (k = last + 1; k < (long)s->n_pts && s->neighbour < 0; k++)
			if (s->pt[k].state != WF_PT_PENDING)
				s->neighbour = k;
	}
}

/* Is the boundary sure: the found point's 95% interval meets the target all through, and the
 * point beside it (when simulated) misses it all through?  An overloaded neighbour misses. */
static int
boundary_sure(const struct wf_sweep *s)
{
	const struct wf_summary *f, *b;
	double v = s->target.value;
	int ge;

	if (s->found < 0)
		return 0;
	f = &wf_sweep_side_run(s, &s->pt[s->found])->metric[s->target.metric];
	ge = s->target.op == WF_OP_GE || s->target.op == WF_OP_GT;
	if (!isfinite(f->ci95) || (ge ? f->mean - f->ci95 < v : f->mean + f->ci95 > v))
		return 0;
	if (s->neighbour < 0 || s->pt[s->neighbour].state != WF_PT_DONE)
		return 1;
	b = &wf_sweep_side_run(s, &s->pt[s->neighbour])->metric[s->target.metric];
	return isfinite(b->ci95) && (ge ? b->mean + b->ci95 < v : b->mean - b->ci95 > v);
}

/* ---------- JSON and CSV ---------- */

static void
jmetrics(FILE *out, const struct wf_run *r)
{
	size_t k;
	int first = 1;

	fputs("{ \"model\": ", out);
	wf_json_string(out, r->model_name ? r->model_name : "");
	fputs(", \"overloaded\": ", out);
	fputs(r->overloaded ? "true" : "false", out);
	fputs(", \"metrics\": {", out);
	for (k = 0; k < WF_M_COUNT; k++) {
		if (!wf_run_shows(r, k))
			continue;
		fprintf(out, "%s\n        \"%s\": ", first ? "" : ",", wf_metrics[k].name);
		wf_json_summary(out, &r->metric[k]);
		first = 0;
	}
	fputs("\n      } }", out);
}

/* A point's value of var v as JSON: a number when it reads as one, else the text. */
static void
jvalue(FILE *out, const struct wf_sweep_var *v, size_t i)
{
	char *end;

	strtod(v->value[i], &end);
	if (*end == '\0' && end != v->value[i] && isfinite(v->x[i]))
		wf_json_number(out, v->x[i]);
	else
		wf_json_string(out, v->value[i]);
}

static void
jset(FILE *out, const struct wf_sweep *s, const struct wf_sweep_point *p)
{
	size_t v;

	fputs("{ ", out);
	for (v = 0; v < s->n_vars; v++) {
		fputs(v ? ", " : "", out);
		wf_json_string(out, s->var[v].path);
		fputs(": ", out);
		jvalue(out, &s->var[v], p->i[v]);
	}
	fputs(" }", out);
}

static void
jbreak_even(FILE *out, const char *name, const struct wf_break_even *be)
{
	fprintf(out, "    \"%s\": ", name);
	if (!be->found) {
		fputs("null", out);
		return;
	}
	fputs("{ \"value\": ", out);
	wf_json_number(out, be->x);
	fputs(", \"interval\": [", out);
	wf_json_number(out, be->lo);
	fputs(", ", out);
	wf_json_number(out, be->hi);
	fputs("] }", out);
}

static const char *const side_name[] = { "to_be", "as_is", "both" };
static const char *const state_name[] = { "not_simulated", "simulated", "overloaded" };

int
wf_sweep_write_json(const struct wf_sweep *s, FILE *out)
{
	const struct wf_run *any = NULL;
	size_t k, v;
	int first;

	for (k = 0; k < s->n_pts && any == NULL; k++)
		if (s->pt[k].state == WF_PT_DONE)
			any = &s->pt[k].c.as_is;
	wf_json_open_settings(out, any);
	if (any != NULL) {
		fputs(", \"common_random_numbers\": true, \"time_unit\": ", out);
		wf_json_string(out, any->time_unit ? any->time_unit : "minutes");
		fputs(" },\n", out);
	}
	fputs("  \"vary\": [", out);
	for (v = 0; v < s->n_vars; v++) {
		fprintf(out, "%s\n    { \"path\": ", v ? "," : "");
		wf_json_string(out, s->var[v].path);
		fprintf(out, ", \"side\": \"%s\", \"values\": [", side_name[s->var[v].side]);
		for (k = 0; k < s->var[v].n; k++) {
			fputs(k ? ", " : "", out);
			jvalue(out, &s->var[v], k);
		}
		fputs("] }", out);
	}
	fputs("\n  ],\n  \"points\": [", out);
	first = 1;
	for (k = 0; k < s->n_pts; k++) {
		const struct wf_sweep_point *p = &s->pt[k];
		const struct wf_comparison *c = &p->c;

		if (p->state == WF_PT_PENDING)
			continue;
		fprintf(out, "%s\n    { \"set\": ", first ? "" : ",");
		first = 0;
		jset(out, s, p);
		fprintf(out, ", \"state\": \"%s\"", state_name[p->state]);
		if (p->state != WF_PT_DONE) {
			fputs(", \"difference\": null, \"as_is\": null, \"to_be\": null, \"economics\": null }", out);
			continue;
		}
		fputs(",\n      ", out);
		wf_json_difference(out, c, "      ");
		fputs(",\n      \"as_is\": ", out);
		jmetrics(out, &c->as_is);
		fputs(",\n      \"to_be\": ", out);
		jmetrics(out, &c->to_be);
		fputs(",\n      \"economics\": ", out);
		if (!c->econ.built) {
			fputs("null", out);
		} else {
			fputs("{ \"currency\": ", out);
			wf_json_string(out, c->econ.currency ? c->econ.currency : "money");
			fputs(", \"not_valid\": ", out);
			if (c->econ.not_valid)
				wf_json_string(out, c->econ.not_valid);
			else
				fputs("null", out);
			fputs(", \"net_saving_per_year\": ", out);
			wf_json_summary(out, &c->econ.net_saving);
			fputs(", \"freed_fte\": ", out);
			wf_json_summary(out, &c->econ.freed_fte);
			fputs(", \"npv\": ", out);
			wf_json_summary(out, &c->econ.npv);
			fputs(", \"payback_months\": ", out);
			wf_json_number(out, c->econ.payback_months);
			fputs(" }", out);
		}
		fputs(" }", out);
	}
	fputs("\n  ],\n", out);
	if (s->has_target) {
		const struct wf_sweep_point *f = s->found >= 0 ? &s->pt[s->found] : NULL;
		const struct wf_sweep_point *nb = s->neighbour >= 0 ? &s->pt[s->neighbour] : NULL;
		size_t tried = 0;

		for (k = 0; k < s->n_pts; k++)
			tried += s->pt[k].state != WF_PT_PENDING;
		fputs("  \"target\": { \"metric\": ", out);
		wf_json_string(out, wf_metrics[s->target.metric].name);
		fprintf(out, ", \"op\": \"%s\", \"value\": ", op_name[s->target.op]);
		wf_json_number(out, s->target.value);
		fprintf(out, ", \"side\": \"%s\", \"found\": ",
			s->var[0].side == WF_SWEEP_AS_IS ? "as_is" : "to_be");
		if (f != NULL)
			jvalue(out, &s->var[0], f->i[0]);
		else
			fputs("null", out);
		fprintf(out, ", \"every_value_meets\": %s, \"found_is\": \"%s\"", s->every ? "true" : "false",
			s->largest ? "largest" : "smallest");
		fputs(",\n    \"at_found\": ", out);
		if (f != NULL)
			wf_json_summary(out, &wf_sweep_side_run(s, f)->metric[s->target.metric]);
		else
			fputs("null", out);
		fputs(",\n    \"beside\": ", out);
		if (nb != NULL) {
			fputs("{ \"value\": ", out);
			jvalue(out, &s->var[0], nb->i[0]);
			fprintf(out, ", \"state\": \"%s\", \"figure\": ", state_name[nb->state]);
			if (nb->state == WF_PT_DONE)
				wf_json_summary(out, &wf_sweep_side_run(s, nb)->metric[s->target.metric]);
			else
				fputs("null", out);
			fputs(" }", out);
		} else {
			fputs("null", out);
		}
		fprintf(out, ",\n    \"sure\": %s, \"points_tried\": %zu },\n",
			boundary_sure(s) ? "true" : "false", tried);
	}
	fputs("  \"break_even\": {\n", out);
	jbreak_even(out, "time_saved", &s->time_saved);
	fputs(",\n", out);
	jbreak_even(out, "net_saving_per_year", &s->net_saving);
	fputs("\n  }\n}\n", out);
	return ferror(out) ? -1 : 0;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int
wf_sweep_write_csv(const struct wf_sweep *s, FILE *out)
{
	static const char *const sides[] = { "as_is", "to_be", "difference" };
	size_t k, m, v;
	int side;

	for (v = 0; v < s->n_vars; v++) {
		csv_field(out, s->var[v].path);
		fputc(',', out);
	}
	fputs("side,metric,mean,ci95\n", out);
	for (k = 0; k < s->n_pts; k++) {
		const struct wf_sweep_point *p = &s->pt[k];

		if (p->state != WF_PT_DONE)
			continue;
		for (side = 0; side < 3; side++)
			for (m = 0; m < WF_M_COUNT; m++) {
				const struct wf_summary *x = side == 0 ? &p->c.as_is.metric[m] :
				    side == 1 ? &p->c.to_be.metric[m] : &p->c.diff[m];

				if (!wf_run_shows(&p->c.as_is, m) || !wf_run_shows(&p->c.to_be, m))
					continue;
				for (v = 0; v < s->n_vars; v++) {
					csv_field(out, s->var[v].value[p->i[v]]);
					fputc(',', out);
				}
				fprintf(out, "%s,%s,", sides[side], wf_metrics[m].name);
				if (isfinite(x->mean))
					fprintf(out, "%.10g", x->mean);
				fputc(',', out);
				if (isfinite(x->ci95))
					fprintf(out, "%.10g", x->ci95);
				fputc('\n', out);
			}
	}
	return ferror(out) ? -1 : 0;
}

/* ---------- the summary in words ---------- */

/* A figure of metric k in its unit, for sentences. */
static void
figure(const struct wf_run *r, size_t k, double x, double ci, char *buf, size_t len)
{
	char a[40], b[40];

	if (wf_metrics[k].kind == WF_MK_TIME) {
		wf_format_time(x, r->unit_minutes, a, sizeof(a));
		if (wf_time_ci_shown(x, ci)) {
			wf_format_time(ci, r->unit_minutes, b, sizeof(b));
			snprintf(buf, len, "%s ± %s", a, b);
		} else {
			snprintf(buf, len, "%s", a);
		}
	} else if (wf_metrics[k].kind == WF_MK_RATE) {
		snprintf(buf, len, "%.1f%% ± %.1f", 100 * x, 100 * ci);
	} else {
		snprintf(buf, len, "%.4g ± %.2g", x, ci);
	}
}

/* "the interval runs from 17.2 to 18.9" or why it does not. */
static void
interval_words(const struct wf_break_even *be, char *buf, size_t len)
{
	if (isfinite(be->lo) && isfinite(be->hi))
		snprintf(buf, len, "95%% interval %.4g to %.4g", be->lo, be->hi);
	else if (isfinite(be->lo) || isfinite(be->hi))
		snprintf(buf, len, "95%% interval from %.4g to beyond the range swept",
			 isfinite(be->lo) ? be->lo : be->hi);
	else
		snprintf(buf, len, "95%% interval wider than the range swept");
}

void
wf_sweep_summary(const struct wf_sweep *s, char *buf, size_t len)
{
	size_t used = 0;
	char f[128], g[128], iv[128];

	buf[0] = '\0';
#define ADD(...) do { if (used < len) used += (size_t)snprintf(buf + used, len - used, __VA_ARGS__); } while (0)
	if (s->has_target) {
		const struct wf_sweep_target *t = &s->target;
		const char *metric = wf_metrics[t->metric].name;

		if (s->found < 0) {
			ADD("target %s %s %s: no value of %s tried meets it\n", metric, op_name[t->op],
			    t->value_text, s->var[0].path);
		} else {
			const struct wf_sweep_point *p = &s->pt[s->found];
			const struct wf_run *r = wf_sweep_side_run(s, p);

			figure(r, (size_t)t->metric, r->metric[t->metric].mean, r->metric[t->metric].ci95,
			       f, sizeof(f));
			ADD("target %s %s %s: %s %s = %s (%s there)", metric, op_name[t->op], t->value_text,
			    s->every ? "every value meets it, from" :
			    s->largest ? "the largest that meets it is" : "the smallest that meets it is", s->var[0].path, s->var[0].value[p->i[0]], f);
			if (s->neighbour >= 0) {
				const struct wf_sweep_point *q = &s->pt[s->neighbour];

				if (q->state == WF_PT_DONE) {
					const struct wf_run *rq = wf_sweep_side_run(s, q);

					figure(rq, (size_t)t->metric, rq->metric[t->metric].mean,
					       rq->metric[t->metric].ci95, g, sizeof(g));
					ADD("; %s gives %s", s->var[0].value[q->i[0]], g);
				} else {
					ADD("; %s is overloaded", s->var[0].value[q->i[0]]);
				}
			}
			ADD(boundary_sure(s) ? "; sure: the 95%% intervals there clear the target\n" :
			    "; not sure: a 95%% interval there straddles the target (more replications "
			    "would settle it)\n");
		}
	}
	if (s->time_saved.found) {
		interval_words(&s->time_saved, iv, sizeof(iv));
		ADD("break-even: the time saved per case crosses 0 at %s = %.4g (%s)\n", s->var[0].path,
		    s->time_saved.x, iv);
	}
	if (s->net_saving.found) {
		interval_words(&s->net_saving, iv, sizeof(iv));
		ADD("break-even: the net saving per year crosses 0 at %s = %.4g (%s)\n", s->var[0].path,
		    s->net_saving.x, iv);
	}
#undef ADD
}
