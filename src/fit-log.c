/* The event-log reader of `wfsim fit`: a streaming RFC 4180 CSV reader, time parsing, the
 * data-quality checks and the aggregates a draft model is made of.  It reads the file twice
 * (the first pass learns each activity's typical duration, for the outlier bound, and which
 * extra columns are constant per case) and holds one case at a time: memory grows with the
 * number of activities, resources and attribute values, never with the number of rows. */
#define _XOPEN_SOURCE 700	/* strptime */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include "wfsim/fit.h"
#include "wfsim/units.h"
#include "wfsim/xalloc.h"

#define MAX_RECORD (1L << 20)	/* bytes in one record: more is not an event log */
#define MAX_FIELDS 1024
#define MAX_ACTIVITIES 2000
#define MAX_RESOURCES 2000
#define MAX_OUTCOMES 200
#define RECENT_CASES 1024	/* closed case ids remembered to notice a case coming back */
#define DUP_WINDOW 64		/* earlier rows of a case a row is compared with */
#define BUSY_BUDGET (1L << 22)	/* busy-time buckets over all resources (32 MiB) */
#define BUSY_CHUNK 4096		/* buckets allocated together */
#define MAX_BUSY_BUCKETS (1L << 21)	/* per resource, for the peak concurrency */

static const char *const problem_names[WF_FIT_N_PROBLEMS] = {
	"unparseable_time", "missing_case_id", "missing_activity", "end_before_start", "duplicate_event",
	"overlapping_same_resource", "open_case", "out_of_order", "outlier_duration",
	"timezone_suspect", "unknown_columns", "wrong_field_count",
};

const char *
wf_fit_problem_name(enum wf_fit_problem p)
{
	return problem_names[p];
}

void
wf_fit_options_init(struct wf_fit_options *o)
{
	memset(o, 0, sizeof(*o));
	o->col_case = "case_id";
	o->col_activity = "activity";
	o->col_resource = "resource";
	o->col_start = "start";
	o->col_end = "end";
}

/* ---------- time ---------- */

static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
wf_fit_parse_time(const char *s, const char *fmt, int tz_minutes, double *t)
{
	char buf[64], err[128];
	size_t n = strlen(s);
	int off = 0;

	if (fmt != NULL) {
		struct tm tm;
		const char *end;

		memset(&tm, 0, sizeof(tm));
		tm.tm_mday = 1;
		end = strptime(s, fmt, &tm);
		if (end == NULL || *end != '\0')
			return -1;
		*t = (double)days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1L, tm.tm_mday) * 86400 +
		     tm.tm_hour * 3600.0 + tm.tm_min * 60.0 + tm.tm_sec + tz_minutes * 60.0;
		return 0;
	}
	if (n < 10 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	/* An offset "+HH:MM", "+HHMM" or "+HH" after the time (never inside the date). */
	if (n > 16) {
		size_t i;

		for (i = n - 1; i > 10; i--)
			if (buf[i] == '+' || buf[i] == '-')
				break;
		if (i > 10) {
			const char *p = buf + i + 1;
			int h, m = 0;

			if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
				return -1;
			h = (p[0] - '0') * 10 + (p[1] - '0');
			p += 2;
			if (*p == ':')
				p++;
			if (*p != '\0') {
				if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || p[2] != '\0')
					return -1;
				m = (p[0] - '0') * 10 + (p[1] - '0');
			}
			if (h > 23 || m > 59)
				return -1;
			off = (buf[i] == '-' ? -1 : 1) * (h * 60 + m);
			buf[i] = '\0';
		} else if (buf[n - 1] == 'z') {
			buf[n - 1] = 'Z';	/* wf_parse_datetime takes 'Z' */
		}
	}
	if (wf_parse_datetime(buf, t, err, sizeof(err)) != 0)
		return -1;
	*t += (tz_minutes - off) * 60.0;	/* off is 0 without a zone: UTC */
	return 0;
}

/* Hour of the week (0 = Monday 00:00 to 167) of a time on the model's clock. */
static int
hour_of_week(double t)
{
	double days = floor(t / 86400);
	long dow = ((long)days + 3) % 7;	/* 1970-01-01 was a Thursday */

	if (dow < 0)
		dow += 7;
	return (int)(dow * 24 + (long)floor((t - days * 86400) / 3600));
}

/* ---------- CSV ---------- */

struct csv {
	FILE *fp;
	long line;		/* the line the next record starts on */
	char *buf;
	size_t len, cap;
	size_t off[MAX_FIELDS];
	int n;
	int first;
};

static int
put(struct csv *c, int ch)
{
	if (c->len + 1 >= (size_t)MAX_RECORD)
		return -1;
	c->buf = wf_xgrow(c->buf, &c->cap, c->len + 2, 1);
	c->buf[c->len++] = (char)ch;
	return 0;
}

/* Reads one record: 1, 0 at the end of the file, -1 with err.  *line is where it starts. */
static int
csv_read(struct csv *c, long *line, const char *path, char *err, size_t errlen)
{
	int ch;

	for (;;) {
		c->len = 0;
		c->n = 0;
		*line = c->line;
		ch = getc(c->fp);
		if (c->first) {
			c->first = 0;
			if (ch == 0xEF) {	/* a UTF-8 byte-order mark */
				if (getc(c->fp) != 0xBB || getc(c->fp) != 0xBF) {
					snprintf(err, errlen, "%s:1: error: the file starts with a broken "
						 "byte-order mark", path);
					return -1;
				}
				ch = getc(c->fp);
			}
		}
		if (ch == EOF)
			return 0;
		for (;;) {
			if (c->n == MAX_FIELDS) {
				snprintf(err, errlen, "%s:%ld: error: more than %d fields in a row", path,
					 *line, MAX_FIELDS);
				return -1;
			}
			c->off[c->n++] = c->len;
			if (ch == '"') {
				for (;;) {
					ch = getc(c->fp);
					if (ch == EOF) {
						snprintf(err, errlen, "%s:%ld: error: a quoted field is never "
							 "closed (expected '\"' before the end of the file)",
							 path, *line);
						return -1;
					}
					if (ch == '"') {
						ch = getc(c->fp);
						if (ch != '"')
							break;
					} else if (ch == '\n') {
						c->line++;
					}
					if (put(c, ch) != 0)
						goto toolong;
				}
			}
			/* unquoted text, or text after a closing quote (kept: nothing is lost) */
			while (ch != ',' && ch != '\n' && ch != '\r' && ch != EOF) {
				if (put(c, ch) != 0)
					goto toolong;
				ch = getc(c->fp);
			}
			if (put(c, '\0') != 0)
				goto toolong;
			if (ch != ',')
				break;
			ch = getc(c->fp);
		}
		if (ch == '\r') {
			ch = getc(c->fp);
			if (ch != '\n' && ch != EOF)
				ungetc(ch, c->fp);
		}
		c->line++;
		if (c->n == 1 && c->buf[0] == '\0')
			continue;	/* a blank line */
		return 1;
	}
toolong:
	snprintf(err, errlen, "%s:%ld: error: a row longer than %ld bytes", path, *line, MAX_RECORD);
	return -1;
}

static const char *
fld(const struct csv *c, int i)
{
	return i >= 0 && i < c->n ? c->buf + c->off[i] : "";
}

/* ---------- interning ---------- */

static int
find_name(char **names, size_t n, const char *s)
{
	size_t i;

	for (i = n; i-- > 0;)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static int
intern_activity(struct wf_fit_log *log, const char *s)
{
	size_t i;

	for (i = 0; i < log->n_acts; i++)
		if (strcmp(log->acts[i].name, s) == 0)
			return (int)i;
	if (log->n_acts == MAX_ACTIVITIES)
		return -1;
	log->acts = wf_xgrow(log->acts, &log->cap_acts, log->n_acts + 1, sizeof(*log->acts));
	memset(&log->acts[log->n_acts], 0, sizeof(*log->acts));
	log->acts[log->n_acts].name = wf_xstrdup(s);
	wf_fit_durations_init(&log->acts[log->n_acts].dur);
	log->acts[log->n_acts].outlier_bound = INFINITY;
	return (int)log->n_acts++;
}

static int
intern_resource(struct wf_fit_log *log, const char *s)
{
	size_t i;

	if (*s == '\0')
		return -1;
	for (i = 0; i < log->n_res; i++)
		if (strcmp(log->res[i].name, s) == 0)
			return (int)i;
	if (log->n_res == MAX_RESOURCES)
		return -2;
	log->res = wf_xgrow(log->res, &log->cap_res, log->n_res + 1, sizeof(*log->res));
	memset(&log->res[log->n_res], 0, sizeof(*log->res));
	log->res[log->n_res].name = wf_xstrdup(s);
	return (int)log->n_res++;
}

static int
intern_outcome(struct wf_fit_log *log, const char *s)
{
	int k = find_name(log->outcomes, log->n_outcomes, s);

	if (k >= 0)
		return k;
	if (log->n_outcomes == MAX_OUTCOMES)
		return -1;
	log->outcomes = wf_xgrow(log->outcomes, &log->cap_outcomes, log->n_outcomes + 1,
				 sizeof(*log->outcomes));
	log->outcomes[log->n_outcomes] = wf_xstrdup(s);
	return (int)log->n_outcomes++;
}

/* ---------- flows: a hash table of transition counts ---------- */

static size_t
flow_hash(int from, int to, int attr, int value)
{
	uint64_t h = 1469598103934665603ULL;

	h = (h ^ (uint32_t)from) * 1099511628211ULL;
	h = (h ^ (uint32_t)to) * 1099511628211ULL;
	h = (h ^ (uint32_t)attr) * 1099511628211ULL;
	h = (h ^ (uint32_t)value) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

/* The slot of a key: its entry, or the empty slot (count 0) where it goes. */
static struct wf_fit_flow *
flow_slot(struct wf_fit_flow *t, size_t cap, int from, int to, int attr, int value)
{
	size_t j = flow_hash(from, to, attr, value) & (cap - 1);

	for (;; j = (j + 1) & (cap - 1)) {
		struct wf_fit_flow *f = &t[j];

		if (f->count == 0 || (f->from == from && f->to == to && f->attr == attr &&
				      f->value == value))
			return f;
	}
}

static void
flow_add(struct wf_fit_log *log, int from, int to, int attr, int value)
{
	struct wf_fit_flow *f;

	if ((log->n_flows + 1) * 2 > log->cap_flows) {
		struct wf_fit_flow *old = log->flows;
		size_t i, cap = log->cap_flows;

		log->cap_flows = cap ? cap * 2 : 256;
		log->flows = wf_xcalloc(log->cap_flows, sizeof(*log->flows));
		for (i = 0; i < cap; i++)
			if (old[i].count > 0)
				*flow_slot(log->flows, log->cap_flows, old[i].from, old[i].to,
					   old[i].attr, old[i].value) = old[i];
		free(old);
	}
	f = flow_slot(log->flows, log->cap_flows, from, to, attr, value);
	if (f->count == 0) {
		*f = (struct wf_fit_flow){ from, to, attr, value, 0 };
		log->n_flows++;
	}
	f->count++;
}

/* ---------- the reader's state ---------- */

struct visit {
	int act, res;
	double order_t, start, end;	/* NaN when absent */
	long line;
	unsigned bad : 1, timeout : 1, open : 1, outlier : 1;
};

/* Per extra column, what pass 1 learns: does it change within a case, which values. */
struct column {
	const char *name;
	int role;		/* 1: a column fit uses or knows; 0: a candidate attribute */
	int varies, too_many;
	char *values[WF_FIT_MAX_VALUES];
	int n_values;
	char *case_value;	/* the current case's value (pass 1) */
};

struct reader {
	struct wf_fit_log *log;
	int pass;
	struct csv csv;
	int n_cols;
	struct column *cols;
	int c_case, c_act, c_res, c_start, c_end, c_enq, c_status, c_outcome;
	/* the open case */
	char *case_id;
	size_t case_cap;
	int have_case, returned;
	struct visit *v;
	size_t n_v, cap_v;
	int *attr_val;		/* per attribute: the case's value index, -1 unknown */
	int outcome;		/* of the last row */
	/* closed case ids, to notice one coming back */
	uint64_t recent[RECENT_CASES];
	size_t n_recent, n_closed;
	gsl_rng *rng;
	long night_examples[WF_FIT_EXAMPLES];
	int n_night_examples;
};

static void
note(struct wf_fit_log *log, enum wf_fit_problem p, long line)
{
	struct wf_fit_count *c = &log->problems[p];

	c->count++;
	if (c->n_lines < WF_FIT_EXAMPLES)
		c->lines[c->n_lines++] = line;
}

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void
wf_fit_durations_init(struct wf_fit_durations *d)
{
	memset(d, 0, sizeof(*d));
	d->sample = NULL;	/* grown as durations come, up to WF_FIT_SAMPLE */
	d->min = INFINITY;
}

void
wf_fit_durations_fini(struct wf_fit_durations *d)
{
	free(d->sample);
	d->sample = NULL;
}

void
wf_fit_durations_add(struct wf_fit_durations *d, gsl_rng *rng, double x)
{
	d->n++;
	if (x <= 0) {
		d->zeros++;
		x = 0;
	} else {
		double l = log(x);

		d->sum_log += l;
		d->sum_log2 += l * l;
	}
	d->sum += x;
	if (x < d->min)
		d->min = x;
	if (x > d->max)
		d->max = x;
	if (d->n_sample < WF_FIT_SAMPLE) {
		d->sample = wf_xgrow(d->sample, &d->cap_sample, d->n_sample + 1, sizeof(double));
		d->sample[d->n_sample++] = x;
	} else {
		unsigned long k = gsl_rng_uniform_int(rng, (unsigned long)d->n);

		if (k < WF_FIT_SAMPLE)
			d->sample[k] = x;
	}
}

static void
dur_reset(struct wf_fit_durations *d)
{
	double *s = d->sample;
	size_t cap = d->cap_sample;

	memset(d, 0, sizeof(*d));
	d->sample = s;
	d->cap_sample = cap;
	d->min = INFINITY;
}

static void
busy_add(struct wf_fit_log *log, struct wf_fit_resource *r, double a, double b)
{
	double w = log->bucket;
	size_t i, lo, hi;

	if (r->busy == NULL || !(b > a))
		return;
	lo = (size_t)floor((a - log->t0) / w);
	hi = (size_t)floor((b - log->t0) / w);
	for (i = lo; i <= hi && i < r->n_busy; i++) {
		double s = log->t0 + (double)i * w, e = s + w;
		double from = a > s ? a : s, to = b < e ? b : e;
		double **chunk = &r->busy[i / BUSY_CHUNK];

		if (!(to > from))
			continue;
		if (*chunk == NULL)	/* allocated where work happened: a sparse log stays small */
			*chunk = wf_xcalloc(BUSY_CHUNK, sizeof(double));
		(*chunk)[i % BUSY_CHUNK] += to - from;
	}
}

/* A case is complete: check it as a whole and add what it tells to the aggregates. */
static void
close_case(struct reader *rd)
{
	struct wf_fit_log *log = rd->log;
	size_t i, j;
	int open, clean_case = 1;
	double last_t = -INFINITY;

	if (!rd->have_case)
		return;
	rd->have_case = 0;
	rd->recent[rd->n_closed++ % RECENT_CASES] = str_hash(rd->case_id);	/* a ring: the last */
	if (rd->n_recent < RECENT_CASES)
		rd->n_recent++;
	if (rd->n_v == 0)
		return;
	open = rd->v[rd->n_v - 1].open;
	if (rd->pass == 1) {
		for (i = 0; i < rd->n_v; i++) {
			struct visit *v = &rd->v[i];

			if (!v->bad && !open && !v->timeout && !isnan(v->start) && v->end > v->start)
				wf_fit_durations_add(&log->acts[v->act].dur, rd->rng, v->end - v->start);
		}
		return;
	}
	log->cases++;
	for (i = 0; i < rd->n_v; i++) {
		struct visit *v = &rd->v[i];

		if (rd->returned) {
			note(log, WF_FIT_OUT_OF_ORDER, v->line);
			v->bad = 1;
		} else if (!isnan(v->order_t)) {
			if (v->order_t < last_t) {
				note(log, WF_FIT_OUT_OF_ORDER, v->line);
				v->bad = 1;
			} else {
				last_t = v->order_t;
			}
		}
		for (j = i > DUP_WINDOW ? i - DUP_WINDOW : 0; j < i && !v->bad; j++) {
			const struct visit *u = &rd->v[j];

			if (u->act == v->act && u->res == v->res &&
			    (u->start == v->start || (isnan(u->start) && isnan(v->start))) &&
			    (u->end == v->end || (isnan(u->end) && isnan(v->end)))) {
				note(log, WF_FIT_DUPLICATE_EVENT, v->line);
				v->bad = 1;
			} else if (v->res >= 0 && u->res == v->res && !isnan(u->start) &&
				   !isnan(v->start) && v->start < u->end && u->start < v->end) {
				note(log, WF_FIT_OVERLAPPING_SAME_RESOURCE, v->line);
				v->bad = 1;
			}
		}
		if (open)
			note(log, WF_FIT_OPEN_CASE, v->line);
		if (!v->bad && !open && !v->timeout && !isnan(v->start) &&
		    v->end - v->start > log->acts[v->act].outlier_bound) {
			note(log, WF_FIT_OUTLIER_DURATION, v->line);
			v->outlier = 1;
		}
		if (v->bad)
			clean_case = 0;
	}
	/* the arrival: the case's first event, whatever became of it */
	if (!isnan(rd->v[0].order_t) && !rd->returned) {
		double t = rd->v[0].order_t;

		log->arrivals[hour_of_week(t)]++;
		if (log->n_arrivals == 0 || t < log->first_arrival)
			log->first_arrival = t;
		if (log->n_arrivals == 0 || t > log->last_arrival)
			log->last_arrival = t;
		log->n_arrivals++;
	}
	if (open)
		return;
	for (i = 0; i < rd->n_v; i++) {
		struct visit *v = &rd->v[i];
		struct wf_fit_activity *a = &log->acts[v->act];

		if (v->bad || v->outlier)
			continue;
		log->rows_used++;
		if (v->timeout || isnan(v->start))
			continue;
		a->visits++;
		wf_fit_durations_add(&a->dur, rd->rng, v->end - v->start);
		if (v->res >= 0) {
			struct wf_fit_resource *r = &log->res[v->res];
			int h = hour_of_week(v->start);

			a->by_resource[v->res]++;
			r->starts[h]++;
			busy_add(log, r, v->start, v->end);
			log->starts++;
			if (h % 24 < 6) {
				log->night_starts++;
				if (rd->n_night_examples < WF_FIT_EXAMPLES)
					rd->night_examples[rd->n_night_examples++] = v->line;
			}
		} else {
			a->no_resource++;
		}
	}
	if (!clean_case)
		return;
	log->cases_used++;
	if (rd->outcome < 0 && (rd->outcome = intern_outcome(log, "done")) < 0)
		return;
	for (i = 0; i <= rd->n_v; i++) {
		int from = i == 0 ? -1 : rd->v[i - 1].act;
		int to = i < rd->n_v ? rd->v[i].act : -rd->outcome - 1;
		size_t a;

		flow_add(log, from, to, -1, 0);
		for (a = 0; a < log->n_attrs; a++)
			if (rd->attr_val[a] >= 0)
				flow_add(log, from, to, (int)a, rd->attr_val[a]);
	}
	for (i = 0; i < log->n_attrs; i++)
		if (rd->attr_val[i] >= 0)
			log->attrs[i].cases[rd->attr_val[i]]++;
}

static int
find_col(const struct csv *c, const char *name)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(fld(c, i), name) == 0)
			return i;
	return -1;
}

static int
header(struct reader *rd, const char *path, char *err, size_t errlen)
{
	struct csv *c = &rd->csv;
	const struct wf_fit_options *o = &rd->log->opt;
	static const char *const what[] = { "the case id", "the activity", "the start time",
					    "the end time" };
	static const char *const flag[] = { "--case", "--activity", "--start", "--end" };
	const char *want[4];
	int *slot[4], i;
	long line;
	int rc = csv_read(c, &line, path, err, errlen);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		snprintf(err, errlen, "%s:1: error: the file is empty (expected a header row: "
			 "case_id,activity,resource,start,end,...)", path);
		return -1;
	}
	want[0] = o->col_case;
	want[1] = o->col_activity;
	want[2] = o->col_start;
	want[3] = o->col_end;
	slot[0] = &rd->c_case;
	slot[1] = &rd->c_act;
	slot[2] = &rd->c_start;
	slot[3] = &rd->c_end;
	for (i = 0; i < 4; i++) {
		*slot[i] = find_col(c, want[i]);
		if (*slot[i] < 0) {
			size_t len;
			int k;

			snprintf(err, errlen, "%s:%ld: error: no column '%s' for %s (name it with "
				 "%s COLUMN); the header has:", path, line, want[i], what[i], flag[i]);
			for (k = 0; k < c->n && k < 20; k++) {
				len = strlen(err);
				snprintf(err + len, errlen - len, "%s '%s'", k ? "," : "", fld(c, k));
			}
			return -1;
		}
	}
	rd->c_res = find_col(c, o->col_resource);
	rd->c_enq = find_col(c, "enqueue");
	rd->c_status = find_col(c, "status");
	rd->c_outcome = find_col(c, "outcome");
	rd->log->has_status = rd->c_status >= 0;
	rd->log->has_outcome = rd->c_outcome >= 0;
	rd->n_cols = c->n;
	rd->cols = wf_xcalloc((size_t)c->n, sizeof(*rd->cols));
	for (i = 0; i < c->n; i++) {
		rd->cols[i].name = wf_xstrdup(fld(c, i));
		rd->cols[i].role = i == rd->c_case || i == rd->c_act || i == rd->c_res ||
				   i == rd->c_start || i == rd->c_end || i == rd->c_enq ||
				   i == rd->c_status || i == rd->c_outcome ||
				   strcmp(fld(c, i), "cohort") == 0 || find_col(c, fld(c, i)) != i;
	}
	return 0;
}

static int
parse_opt_time(const struct reader *rd, const char *s, double *t)
{
	if (*s == '\0') {
		*t = NAN;
		return 0;
	}
	return wf_fit_parse_time(s, rd->log->opt.time_format, rd->log->opt.tz_minutes, t);
}

static int
row(struct reader *rd, long line, const char *path, char *err, size_t errlen)
{
	struct wf_fit_log *log = rd->log;
	const struct csv *c = &rd->csv;
	const char *id = fld(c, rd->c_case);
	const char *status = fld(c, rd->c_status);
	struct visit v;
	int k, bad_time;

	if (rd->pass == 2)
		log->rows++;
	if (c->n != rd->n_cols) {
		if (rd->pass == 2)
			note(log, WF_FIT_WRONG_FIELD_COUNT, line);
		return 0;
	}
	if (*id == '\0') {
		if (rd->pass == 2)
			note(log, WF_FIT_MISSING_CASE_ID, line);
		return 0;
	}
	if (!rd->have_case || strcmp(id, rd->case_id) != 0) {
		uint64_t h = str_hash(id);
		size_t i;

		close_case(rd);
		rd->returned = 0;
		for (i = 0; i < rd->n_recent; i++)
			if (rd->recent[i] == h)
				rd->returned = 1;
		rd->case_id = wf_xgrow(rd->case_id, &rd->case_cap, strlen(id) + 1, 1);
		memcpy(rd->case_id, id, strlen(id) + 1);
		rd->have_case = 1;
		rd->n_v = 0;
		rd->outcome = -1;
		for (i = 0; i < (size_t)rd->n_cols; i++) {
			free(rd->cols[i].case_value);
			rd->cols[i].case_value = NULL;
		}
		for (i = 0; i < log->n_attrs; i++)
			rd->attr_val[i] = -1;
	}
	memset(&v, 0, sizeof(v));
	v.line = line;
	v.act = intern_activity(log, fld(c, rd->c_act));
	if (v.act < 0) {
		snprintf(err, errlen, "%s:%ld: error: more than %d different activities: is '%s' the "
			 "activity column (--activity)?", path, line, MAX_ACTIVITIES,
			 log->opt.col_activity);
		return -1;
	}
	v.res = intern_resource(log, fld(c, rd->c_res));
	if (v.res == -2) {
		snprintf(err, errlen, "%s:%ld: error: more than %d different resources: is '%s' the "
			 "resource column (--resource)?", path, line, MAX_RESOURCES, log->opt.col_resource);
		return -1;
	}
	if (*fld(c, rd->c_act) == '\0') {	/* kept, so that its case is left out of the routes */
		v.bad = 1;
		if (rd->pass == 2)
			note(log, WF_FIT_MISSING_ACTIVITY, line);
	}
	v.timeout = strcmp(status, "timeout") == 0;
	bad_time = parse_opt_time(rd, fld(c, rd->c_start), &v.start) != 0 ||
		   parse_opt_time(rd, fld(c, rd->c_end), &v.end) != 0 ||
		   (rd->c_enq >= 0 && parse_opt_time(rd, fld(c, rd->c_enq), &v.order_t) != 0) ||
		   (isnan(v.start) && !v.timeout && !isnan(v.end));
	v.open = isnan(v.end) || strcmp(status, "open") == 0;
	if (rd->c_enq < 0 || isnan(v.order_t))
		v.order_t = isnan(v.start) ? v.end : v.start;
	if (bad_time) {
		v.bad = 1;
		v.order_t = NAN;
		if (rd->pass == 2)
			note(log, WF_FIT_UNPARSEABLE_TIME, line);
	} else if (!isnan(v.start) && !isnan(v.end) && v.end < v.start) {
		v.bad = 1;
		if (rd->pass == 2)
			note(log, WF_FIT_END_BEFORE_START, line);
	}
	if (!bad_time) {
		double ts[3] = { v.start, v.end, v.order_t };

		for (k = 0; k < 3; k++)
			if (!isnan(ts[k]) && rd->pass == 1) {
				if (ts[k] < log->t0)
					log->t0 = ts[k];
				if (ts[k] > log->t1)
					log->t1 = ts[k];
			}
	}
	if (rd->c_outcome >= 0 && *fld(c, rd->c_outcome) != '\0') {
		rd->outcome = intern_outcome(log, fld(c, rd->c_outcome));
		if (rd->outcome < 0) {
			snprintf(err, errlen, "%s:%ld: error: more than %d different outcomes", path,
				 line, MAX_OUTCOMES);
			return -1;
		}
	}
	/* extra columns: constant per case? (pass 1); the case's attribute values (pass 2) */
	for (k = 0; k < rd->n_cols; k++) {
		struct column *col = &rd->cols[k];
		const char *s = fld(c, k);

		if (col->role)
			continue;
		if (rd->pass == 1) {
			if (col->case_value == NULL) {
				col->case_value = wf_xstrdup(s);
				if (!col->too_many && find_name(col->values, (size_t)col->n_values, s) < 0) {
					if (col->n_values == WF_FIT_MAX_VALUES)
						col->too_many = 1;
					else
						col->values[col->n_values++] = wf_xstrdup(s);
				}
			} else if (strcmp(col->case_value, s) != 0) {
				col->varies = 1;
			}
		}
	}
	if (rd->pass == 2) {
		size_t a;

		for (a = 0; a < log->n_attrs; a++) {
			struct wf_fit_attribute *at = &log->attrs[a];

			if (rd->attr_val[a] < 0)
				rd->attr_val[a] = find_name(at->values, (size_t)at->n_values,
							    fld(c, at->column));
		}
	}
	rd->v = wf_xgrow(rd->v, &rd->cap_v, rd->n_v + 1, sizeof(*rd->v));
	rd->v[rd->n_v++] = v;
	return 0;
}

static int
scan(struct reader *rd, const char *path, char *err, size_t errlen)
{
	long line;
	int rc;

	rd->csv.fp = fopen(path, "rb");
	if (rd->csv.fp == NULL) {
		snprintf(err, errlen, "%s: error: cannot read: %s", path, strerror(errno));
		return -1;
	}
	rd->csv.line = 1;
	rd->csv.first = 1;
	rd->have_case = 0;
	rd->n_recent = 0;
	rd->n_closed = 0;
	if (rd->pass == 1 ? header(rd, path, err, errlen) != 0 : csv_read(&rd->csv, &line, path, err, errlen) < 0)
		goto fail;
	while ((rc = csv_read(&rd->csv, &line, path, err, errlen)) == 1)
		if (row(rd, line, path, err, errlen) != 0)
			goto fail;
	if (rc < 0)
		goto fail;
	if (ferror(rd->csv.fp)) {
		snprintf(err, errlen, "%s: error: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	close_case(rd);
	fclose(rd->csv.fp);
	rd->csv.fp = NULL;
	return 0;
fail:
	fclose(rd->csv.fp);
	rd->csv.fp = NULL;
	return -1;
}

/* Between the passes: the outlier bound of each activity from the median and the median
 * absolute deviation of its log-durations (robust: a few wild values move neither), and the
 * attributes among the extra columns. */
static void
between_passes(struct reader *rd)
{
	struct wf_fit_log *fl = rd->log;
	size_t i;
	int k;

	for (i = 0; i < fl->n_acts; i++) {
		struct wf_fit_durations *d = &fl->acts[i].dur;
		size_t j, m = d->n_sample;

		if (m >= 20) {
			double med, mad, spread;

			for (j = 0; j < m; j++)
				d->sample[j] = log(d->sample[j]);
			gsl_sort(d->sample, 1, m);
			med = wf_fit_quantile(d->sample, m, 0.5);
			for (j = 0; j < m; j++)
				d->sample[j] = fabs(d->sample[j] - med);
			gsl_sort(d->sample, 1, m);
			mad = 1.4826 * wf_fit_quantile(d->sample, m, 0.5);
			/* six robust standard deviations on the log scale, and at least ten times
			 * the median: a lognormal row passes with probability 1 - 1e-9 */
			spread = 6 * mad > log(10.0) ? 6 * mad : log(10.0);
			fl->acts[i].outlier_bound = exp(med + spread);
		}
		dur_reset(d);
		fl->acts[i].by_resource = wf_xcalloc(fl->n_res + 1, sizeof(long));
	}
	for (k = 0; k < rd->n_cols; k++) {
		struct column *col = &rd->cols[k];

		if (col->role)
			continue;
		if (col->varies || col->too_many || col->n_values < 2) {
			fl->unknown = wf_xrealloc(fl->unknown, (fl->n_unknown + 1) * sizeof(char *));
			fl->unknown[fl->n_unknown++] = wf_xstrdup(col->name);
			continue;
		}
		fl->attrs = wf_xrealloc(fl->attrs, (fl->n_attrs + 1) * sizeof(*fl->attrs));
		memset(&fl->attrs[fl->n_attrs], 0, sizeof(*fl->attrs));
		fl->attrs[fl->n_attrs].name = wf_xstrdup(col->name);
		fl->attrs[fl->n_attrs].column = k;
		fl->attrs[fl->n_attrs].n_values = col->n_values;
		memcpy(fl->attrs[fl->n_attrs].values, col->values, sizeof(col->values));
		col->n_values = 0;
		fl->n_attrs++;
	}
	if (fl->n_unknown > 0) {
		fl->problems[WF_FIT_UNKNOWN_COLUMNS].count = (long)fl->n_unknown;
		fl->problems[WF_FIT_UNKNOWN_COLUMNS].lines[0] = 1;
		fl->problems[WF_FIT_UNKNOWN_COLUMNS].n_lines = 1;
	}
	rd->attr_val = wf_xcalloc(fl->n_attrs + 1, sizeof(int));
	/* busy buckets: a minute wide, wider for long logs so memory stays bounded */
	if (fl->t1 > fl->t0) {
		double span;

		fl->bucket = 60;
		fl->t0 = floor(fl->t0 / 60) * 60;	/* buckets on whole minutes */
		span = fl->t1 - fl->t0;
		while (span / fl->bucket >= (double)MAX_BUSY_BUCKETS ||
		       span / fl->bucket * (double)fl->n_res >= (double)BUSY_BUDGET)
			fl->bucket *= 2;
		for (i = 0; i < fl->n_res; i++) {
			fl->res[i].n_busy = (size_t)(span / fl->bucket) + 1;
			fl->res[i].busy = wf_xcalloc(fl->res[i].n_busy / BUSY_CHUNK + 1, sizeof(double *));
		}
	}
}

int
wf_fit_log_read(const char *path, const struct wf_fit_options *opt, struct wf_fit_log *log,
		char *err, size_t errlen)
{
	struct reader rd;
	int rc = -1, k;

	memset(log, 0, sizeof(*log));
	log->path = wf_xstrdup(path);
	log->opt = *opt;
	log->t0 = INFINITY;
	log->t1 = -INFINITY;
	memset(&rd, 0, sizeof(rd));
	rd.log = log;
	rd.rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rd.rng, 20260105);
	rd.pass = 1;
	if (scan(&rd, path, err, errlen) != 0)
		goto out;
	between_passes(&rd);
	rd.pass = 2;
	gsl_rng_set(rd.rng, 20260105);
	if (scan(&rd, path, err, errlen) != 0)
		goto out;
	/* work clustered at night: more than a third of the starts between 00:00 and 06:00
	 * (a quarter for work spread evenly over the day) */
	if (log->starts >= 20 && 3 * log->night_starts > log->starts) {
		struct wf_fit_count *c = &log->problems[WF_FIT_TIMEZONE_SUSPECT];

		c->count = log->night_starts;
		c->n_lines = rd.n_night_examples;
		memcpy(c->lines, rd.night_examples, sizeof(c->lines));
	}
	rc = 0;
out:
	for (k = 0; k < rd.n_cols; k++) {
		int j;

		free((char *)rd.cols[k].name);
		free(rd.cols[k].case_value);
		for (j = 0; j < rd.cols[k].n_values; j++)
			free(rd.cols[k].values[j]);
	}
	free(rd.cols);
	free(rd.case_id);
	free(rd.v);
	free(rd.attr_val);
	free(rd.csv.buf);
	gsl_rng_free(rd.rng);
	return rc;
}

double
wf_fit_busy_peak(const struct wf_fit_log *log, const struct wf_fit_resource *r, double *at)
{
	double peak = 0;
	size_t c, i;

	*at = log->t0;
	for (c = 0; r->busy && c <= r->n_busy / BUSY_CHUNK; c++)
		for (i = 0; r->busy[c] && i < BUSY_CHUNK; i++)
			if (r->busy[c][i] / log->bucket > peak) {
				peak = r->busy[c][i] / log->bucket;
				*at = log->t0 + (double)(c * BUSY_CHUNK + i) * log->bucket;
			}
	return peak;
}

void
wf_fit_log_fini(struct wf_fit_log *log)
{
	size_t i;
	int k;

	for (i = 0; i < log->n_acts; i++) {
		free(log->acts[i].name);
		free(log->acts[i].by_resource);
		wf_fit_durations_fini(&log->acts[i].dur);
	}
	for (i = 0; i < log->n_res; i++) {
		free(log->res[i].name);
		for (k = 0; log->res[i].busy && (size_t)k <= log->res[i].n_busy / BUSY_CHUNK; k++)
			free(log->res[i].busy[k]);
		free(log->res[i].busy);
	}
	for (i = 0; i < log->n_attrs; i++) {
		free(log->attrs[i].name);
		for (k = 0; k < log->attrs[i].n_values; k++)
			free(log->attrs[i].values[k]);
	}
	for (i = 0; i < log->n_outcomes; i++)
		free(log->outcomes[i]);
	for (i = 0; i < log->n_unknown; i++)
		free(log->unknown[i]);
	free(log->acts);
	free(log->res);
	free(log->attrs);
	free(log->outcomes);
	free(log->unknown);
	free(log->flows);
	free(log->path);
	memset(log, 0, sizeof(*log));
}
