/* Weekly schedules: calendars, shifts and arrival profiles as one piecewise-constant function
 * of the week.  Windows are cut into minute intervals on a 10080-minute ring, checked for
 * overlap, then merged into segments so that every segment boundary is a real change of value.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/calendar.h"
#include "wfsim/xalloc.h"

#define WEEK_MIN (7 * 1440)

/* A window cut to one day and unwrapped: [from, to) minutes of the week, 0 <= from < to <=
 * WEEK_MIN, and which window it came from. */
struct piece {
	int from, to;
	size_t win;
};

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Snapping tolerance: a time within this of a boundary counts as being on it, so that a
 * change time computed by wf_weekly_next_change reads the new value in wf_weekly_at even
 * when the week position does not round-trip exactly through floating point. */
static double
tol(const struct wf_weekly *w)
{
	return w->week * 1e-12;
}

/* Splits t + offset into a whole week count and the position within the week. */
static void
split(const struct wf_weekly *w, double t, double *base, double *pos)
{
	double x = t + w->offset;
	double k = floor(x / w->week);
	double p = x - k * w->week;

	if (p < 0)
		p = 0;
	if (p >= w->week - tol(w)) {
		/* on the wrap point: that is the start of the next week */
		k += 1;
		p = 0;
	}
	*base = k * w->week - w->offset;
	*pos = p;
}

/* Index of the segment holding week position pos (snapped up onto a boundary within tol). */
static size_t
segment(const struct wf_weekly *w, double pos)
{
	size_t lo = 0, hi = w->n;	/* from[lo] <= pos + tol < from[hi] */
	double p = pos + tol(w);

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->from[mid] <= p)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void
finish(struct wf_weekly *w)
{
	double sum = 0, max = w->value[0];
	size_t i;

	for (i = 0; i < w->n; i++) {
		double end = i + 1 < w->n ? w->from[i + 1] : w->week;

		sum += w->value[i] * (end - w->from[i]);
		if (w->value[i] > max)
			max = w->value[i];
	}
	w->mean = sum / w->week;
	w->max = max;
}

static void
set_frame(struct wf_weekly *w, double unit_minutes, double offset_minutes)
{
	w->week = WEEK_MIN / unit_minutes;
	w->offset = fmod(offset_minutes / unit_minutes, w->week);
	if (w->offset < 0)
		w->offset += w->week;
}

void
wf_weekly_constant(struct wf_weekly *w, double value, double unit_minutes, double offset_minutes)
{
	memset(w, 0, sizeof(*w));
	set_frame(w, unit_minutes, offset_minutes);
	w->n = 1;
	w->from = wf_xmalloc(sizeof(double));
	w->value = wf_xmalloc(sizeof(double));
	w->from[0] = 0;
	w->value[0] = value;
	finish(w);
}

int
wf_weekly_build(struct wf_weekly *w, const struct wf_window *win, size_t n, double background,
    double unit_minutes, double offset_minutes, size_t *a, size_t *b)
{
	struct piece *pc;
	int *cut, *minute_from;
	double *val;
	size_t np = 0, i, j, ncut = 0, nseg, k;

	memset(w, 0, sizeof(*w));
	/* each window gives at most 7 days, each split at most once at the week's end */
	pc = wf_xmalloc((n * 14 + 1) * sizeof(*pc));
	for (i = 0; i < n; i++) {
		int d;

		if (win[i].to_min <= win[i].from_min)
			continue;	/* empty window: nothing to add */
		for (d = 0; d < 7; d++) {
			int f, t;

			if (!(win[i].days & (1u << d)))
				continue;
			f = d * 1440 + win[i].from_min;
			t = d * 1440 + win[i].to_min;
			if (f >= WEEK_MIN) {
				f -= WEEK_MIN;
				t -= WEEK_MIN;
			}
			if (t > WEEK_MIN) {
				/* Sunday past midnight runs on into Monday */
				pc[np++] = (struct piece){ f, WEEK_MIN, i };
				pc[np++] = (struct piece){ 0, t - WEEK_MIN, i };
			} else
				pc[np++] = (struct piece){ f, t, i };
		}
	}

	/* Overlap: O(pieces^2), fine for the handful of windows a model has.  Reported as the
	 * first window (in order) that overlaps an earlier one or itself, and that one. */
	for (i = 0; i < np; i++) {
		for (j = 0; j < i; j++) {
			if (pc[i].from < pc[j].to && pc[j].from < pc[i].to) {
				size_t x = pc[j].win, y = pc[i].win;

				if (a != NULL)
					*a = x < y ? x : y;
				if (b != NULL)
					*b = x < y ? y : x;
				free(pc);
				return -1;
			}
		}
	}

	cut = wf_xmalloc((2 * np + 1) * sizeof(int));
	cut[ncut++] = 0;
	for (i = 0; i < np; i++) {
		cut[ncut++] = pc[i].from;
		if (pc[i].to < WEEK_MIN)
			cut[ncut++] = pc[i].to;
	}
	qsort(cut, ncut, sizeof(int), cmp_int);
	for (i = 1, j = 1; i < ncut; i++)
		if (cut[i] != cut[j - 1])
			cut[j++] = cut[i];
	ncut = j;

	/* value of each elementary interval, then merge equal neighbours */
	minute_from = wf_xmalloc(ncut * sizeof(int));
	val = wf_xmalloc(ncut * sizeof(double));
	nseg = 0;
	for (i = 0; i < ncut; i++) {
		double v = background;

		for (k = 0; k < np; k++)
			if (pc[k].from <= cut[i] && cut[i] < pc[k].to) {
				v = win[pc[k].win].value;
				break;
			}
		if (nseg > 0 && val[nseg - 1] == v)
			continue;
		minute_from[nseg] = cut[i];
		val[nseg] = v;
		nseg++;
	}

	set_frame(w, unit_minutes, offset_minutes);
	w->n = nseg;
	w->from = wf_xmalloc(nseg * sizeof(double));
	w->value = val;
	for (i = 0; i < nseg; i++)
		w->from[i] = minute_from[i] / unit_minutes;
	finish(w);
	free(minute_from);
	free(cut);
	free(pc);
	return 0;
}

void
wf_weekly_fini(struct wf_weekly *w)
{
	free(w->from);
	free(w->value);
	memset(w, 0, sizeof(*w));
}

void
wf_weekly_copy(struct wf_weekly *dst, const struct wf_weekly *src)
{
	*dst = *src;
	dst->from = wf_xmalloc(src->n * sizeof(double));
	dst->value = wf_xmalloc(src->n * sizeof(double));
	memcpy(dst->from, src->from, src->n * sizeof(double));
	memcpy(dst->value, src->value, src->n * sizeof(double));
}

double
wf_weekly_at(const struct wf_weekly *w, double t)
{
	double base, pos;

	if (w->n == 1)
		return w->value[0];
	split(w, t, &base, &pos);
	return w->value[segment(w, pos)];
}

double
wf_weekly_next_change(const struct wf_weekly *w, double t)
{
	double base, pos;
	size_t i;

	if (w->n == 1)
		return INFINITY;
	split(w, t, &base, &pos);
	i = segment(w, pos);
	/* Segments are merged, so each boundary inside the week is a change; the week's end is
	 * one only when the last segment differs from the first.  Scanning at most one week
	 * ahead always finds a change because n > 1. */
	for (;;) {
		if (i + 1 < w->n)
			return base + w->from[i + 1];
		if (w->value[w->n - 1] != w->value[0])
			return base + w->week;
		base += w->week;
		i = 0;
	}
}

/* Integral from the week position 0 of the current week to pos. */
static double
partial(const struct wf_weekly *w, double pos)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < w->n && w->from[i] < pos; i++) {
		double end = i + 1 < w->n ? w->from[i + 1] : w->week;

		if (end > pos)
			end = pos;
		sum += w->value[i] * (end - w->from[i]);
	}
	return sum;
}

/* Integral from the start of the week containing t = 0 (at -offset) to t. */
static double
cumulative(const struct wf_weekly *w, double t)
{
	double x = t + w->offset;
	double k = floor(x / w->week);
	double pos = x - k * w->week;

	if (pos < 0)
		pos = 0;
	if (pos > w->week)
		pos = w->week;
	return k * w->mean * w->week + partial(w, pos);
}

double
wf_weekly_integral(const struct wf_weekly *w, double a, double b)
{
	if (b <= a)
		return 0;
	if (w->n == 1)
		return w->value[0] * (b - a);
	return cumulative(w, b) - cumulative(w, a);
}
