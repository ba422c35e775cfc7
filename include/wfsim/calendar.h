/* Weekly schedules: a piecewise-constant function of time that repeats every week.  One type
 * serves three uses: a calendar (value 1 open, 0 closed), shifts (value = capacity) and an
 * arrival profile (value = rate per time unit).  Times are in model units since the clock's
 * zero; `offset` is where the clock's zero falls within the week (Monday 00:00 = 0). */
#ifndef WFSIM_CALENDAR_H
#define WFSIM_CALENDAR_H
#include <stddef.h>

struct wf_weekly {
	double week;		/* length of a week in model units */
	double offset;		/* week position of t = 0, in model units, in [0, week) */
	size_t n;		/* segments, n >= 1 */
	double *from;		/* segment starts within the week, from[0] = 0, increasing */
	double *value;		/* value on [from[i], from[i+1]) (the last one runs to `week`) */
	double mean;		/* time-average value over a week */
	double max;		/* largest value */
};

/* One window as the user wrote it: days (bit 0 = Monday), minutes since midnight
 * [from_min, to_min) with to_min up to 2880 (wrapping past midnight), and its value. */
struct wf_window {
	unsigned days;
	int from_min, to_min;
	double value;
};

/* Builds the weekly function from windows; time not covered gets `background`.  Overlapping
 * windows: returns -1 and sets *a, *b to the indices of the first two that overlap.
 * unit_minutes is the length of one model time unit in minutes. */
int wf_weekly_build(struct wf_weekly *w, const struct wf_window *win, size_t n, double background,
		    double unit_minutes, double offset_minutes, size_t *a, size_t *b);
/* A constant function (used for "always open"). */
void wf_weekly_constant(struct wf_weekly *w, double value, double unit_minutes, double offset_minutes);
void wf_weekly_fini(struct wf_weekly *w);
/* Deep copy. */
void wf_weekly_copy(struct wf_weekly *dst, const struct wf_weekly *src);

/* Value at time t (t >= 0). */
double wf_weekly_at(const struct wf_weekly *w, double t);
/* Smallest time > t at which the value changes; INFINITY for a constant function. */
double wf_weekly_next_change(const struct wf_weekly *w, double t);
/* Integral of the value over [a, b]. */
double wf_weekly_integral(const struct wf_weekly *w, double a, double b);

#endif
