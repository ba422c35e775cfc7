/* The event-log reader of `wfsim fit`: a streaming RFC 4180 CSV reader, time parsing, the
 * data-quality checks and the aggregates a draft model is made of.  It reads the file twice.
 * The first pass learns each activity's typical duration (for the outlier bound), which
 * extra columns are constant per case, and where each case's last row is (a few bytes per
 * case).  The second holds the rows of the cases begun and not yet ended, and closes each
 * case at its last row: a log sorted by case holds one case at a time, a log sorted by time
 * the cases in progress at once; the result is the same either way.  Apart from those, memory
 * grows with the number of activities, resources and attribute values, not with the rows. */
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
		*t = (double)wf_days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday) * 86400 +
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
find_name(char *const *names, size_t n, const char *s)
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
	int cand;		/* its index among the candidates (role 0) */
	int varies, too_many;
	char *values[WF_FIT_MAX_VALUES];
	int n_values;
};

/* Pass 1, per case id: where its last row is, so that pass 2 closes the case there whatever
 * order the cases come in.  The id is kept as a 64-bit hash only (small per case); two ids
 * with the same hash would share an entry: the earlier-ending case would close at the end of
 * the file instead (later, with the same result), and a column constant in each of them
 * might look as if it varied. */
struct case_end {
	uint64_t h;		/* 0: an empty slot */
	long last;		/* the line of its last row */
	long rows;		/* its rows (so far) */
};

/* Pass 2: a case whose last row has not been read yet. */
struct open_case {
	char *id;
	uint64_t h;
	struct visit *v;
	size_t n_v, cap_v;
	int *attr_val;		/* per attribute: the case's value index, -1 unknown */
	int outcome;		/* of its last row with one */
};

struct open_slot {
	struct open_case *oc;	/* NULL: empty */
};

struct reader {
	struct wf_fit_log *log;
	int pass;
	struct csv csv;
	int n_cols, n_cand;
	struct column *cols;
	int c_case, c_act, c_res, c_start, c_end, c_enq, c_status, c_outcome;
	/* pass 1: the case ends (a hash table), and per case and candidate column the index of
	 * its first value + 1 (0: none yet; 255: a value beyond the first WF_FIT_MAX_VALUES) */
	struct case_end *ends;
	unsigned char *first_value;
	size_t cap_ends, n_ends;
	/* pass 2: the open cases (a hash table on the id, linear probing) */
	struct open_slot *open;
	size_t cap_open, n_open;
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
	return h ? h : 1;	/* 0 marks an empty slot */
}

void
wf_fit_durations_init(struct wf_fit_durations *d)
{
	memset(d, 0, sizeof(*d));
	d->sample = NULL;	/* grown as durations come, up to WF_FIT_SAMPLE */
	d->keys = NULL;
	d->min = INFINITY;
}

void
wf_fit_durations_fini(struct wf_fit_durations *d)
{
	free(d->sample);
	free(d->keys);
	d->sample = NULL;
	d->keys = NULL;
}

uint64_t
wf_fit_sample_key(uint64_t case_hash, uint64_t place)
{
	uint64_t z = case_hash + (place + 1) * 0x9E3779B97F4A7C15ULL;	/* splitmix64 */

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Neumaier's compensated sum: the total is the same whatever the order of the terms (up to
 * the last bit in rare cases), so a log sorted by time fits like the same log sorted by case. */
static void
add_comp(double *sum, double *comp, double x)
{
	double t = *sum + x;

	*comp += fabs(*sum) >= fabs(x) ? (*sum - t) + x : (x - t) + *sum;
	*sum = t;
}

/* The reservoir is a max-heap on the keys once full: the root is the key to beat. */
static void
sift_down(struct wf_fit_durations *d, size_t i)
{
	size_t n = d->n_sample;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, big = i;
		uint64_t k;
		double x;

		if (l < n && d->keys[l] > d->keys[big])
			big = l;
		if (r < n && d->keys[r] > d->keys[big])
			big = r;
		if (big == i)
			return;
		k = d->keys[i];
		d->keys[i] = d->keys[big];
		d->keys[big] = k;
		x = d->sample[i];
		d->sample[i] = d->sample[big];
		d->sample[big] = x;
		i = big;
	}
}

void
wf_fit_durations_add(struct wf_fit_durations *d, uint64_t key, double x)
{
	d->n++;
	if (x <= 0) {
		d->zeros++;
		x = 0;
	} else {
		double l = log(x);

		add_comp(&d->sum_log, &d->c_log, l);
		add_comp(&d->sum_log2, &d->c_log2, l * l);
	}
	add_comp(&d->sum, &d->c_sum, x);
	if (x < d->min)
		d->min = x;
	if (x > d->max)
		d->max = x;
	if (d->n_sample < WF_FIT_SAMPLE) {
		d->sample = wf_xgrow(d->sample, &d->cap_sample, d->n_sample + 1, sizeof(double));
		d->keys = wf_xgrow(d->keys, &d->cap_keys, d->n_sample + 1, sizeof(uint64_t));
		d->sample[d->n_sample] = x;
		d->keys[d->n_sample++] = key;
		if (d->n_sample == WF_FIT_SAMPLE) {
			size_t i;

			for (i = WF_FIT_SAMPLE / 2; i-- > 0;)
				sift_down(d, i);
		}
	} else if (key < d->keys[0]) {
		d->keys[0] = key;
		d->sample[0] = x;
		sift_down(d, 0);
	}
}

void
wf_fit_durations_finish(struct wf_fit_durations *d)
{
	d->sum += d->c_sum;
	d->sum_log += d->c_log;
	d->sum_log2 += d->c_log2;
	d->c_sum = d->c_log = d->c_log2 = 0;
	if (d->n_sample > 0)
		gsl_sort(d->sample, 1, d->n_sample);	/* the keys are of no use any more */
}

static void
dur_reset(struct wf_fit_durations *d)
{
	double *s = d->sample;
	uint64_t *k = d->keys;
	size_t cap = d->cap_sample, cap_k = d->cap_keys;

	memset(d, 0, sizeof(*d));
	d->sample = s;
	d->keys = k;
	d->cap_sample = cap;
	d->cap_keys = cap_k;
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

/* A case's last row has been read: check the case as a whole and add what it tells to the
 * aggregates (pass 2). */
static void
close_case(struct reader *rd, struct open_case *oc)
{
	struct wf_fit_log *log = rd->log;
	struct visit *vs = oc->v;
	size_t i, j, n = oc->n_v;
	int open, clean_case = 1, outcome = oc->outcome;
	double last_t = -INFINITY, t;

	if (n == 0)
		return;
	/* open when any row is: not only the last, so that a row without an end is never
	 * measured, and a log sorted by start (which puts rows without a start first) agrees */
	for (open = 0, i = 0; i < n; i++)
		open |= vs[i].open;
	log->cases++;
	for (i = 0; i < n; i++) {
		struct visit *v = &vs[i];

		if (!isnan(v->order_t)) {
			if (v->order_t < last_t) {
				note(log, WF_FIT_OUT_OF_ORDER, v->line);
				v->bad = 1;
			} else {
				last_t = v->order_t;
			}
		}
		for (j = i > DUP_WINDOW ? i - DUP_WINDOW : 0; j < i && !v->bad; j++) {
			const struct visit *u = &vs[j];

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
	/* the arrival: the case's earliest event, whatever became of it */
	for (t = NAN, i = 0; i < n; i++)
		if (isnan(t) || vs[i].order_t < t)
			t = vs[i].order_t;
	if (!isnan(t)) {
		log->arrivals[hour_of_week(t)]++;
		if (log->n_arrivals == 0 || t < log->first_arrival)
			log->first_arrival = t;
		if (log->n_arrivals == 0 || t > log->last_arrival)
			log->last_arrival = t;
		log->n_arrivals++;
	}
	if (open)
		return;
	for (i = 0; i < n; i++) {
		struct visit *v = &vs[i];
		struct wf_fit_activity *a = &log->acts[v->act];

		if (v->bad || v->outlier)
			continue;
		log->rows_used++;
		if (v->timeout || isnan(v->start))
			continue;
		a->visits++;
		wf_fit_durations_add(&a->dur, wf_fit_sample_key(oc->h, i), v->end - v->start);
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
	if (outcome < 0 && (outcome = intern_outcome(log, "done")) < 0)
		return;
	for (i = 0; i <= n; i++) {
		int from = i == 0 ? -1 : vs[i - 1].act;
		int to = i < n ? vs[i].act : -outcome - 1;
		size_t a;

		flow_add(log, from, to, -1, 0);
		for (a = 0; a < log->n_attrs; a++)
			if (oc->attr_val[a] >= 0)
				flow_add(log, from, to, (int)a, oc->attr_val[a]);
	}
	for (i = 0; i < log->n_attrs; i++)
		if (oc->attr_val[i] >= 0)
			log->attrs[i].cases[oc->attr_val[i]]++;
}

/* ---------- pass 1: where each case ends ---------- */

/* The entry of hash h, inserted (rows 0) if new. */
static size_t
case_end_at(struct reader *rd, uint64_t h)
{
	size_t j;

	if ((rd->n_ends + 1) * 2 > rd->cap_ends) {
		struct case_end *old = rd->ends;
		unsigned char *old_first = rd->first_value;
		size_t i, cap = rd->cap_ends, w = (size_t)rd->n_cand;

		rd->cap_ends = cap ? cap * 2 : 1024;
		rd->ends = wf_xcalloc(rd->cap_ends, sizeof(*rd->ends));
		rd->first_value = wf_xcalloc(rd->cap_ends * w + 1, 1);
		for (i = 0; i < cap; i++) {
			if (old[i].h == 0)
				continue;
			for (j = old[i].h & (rd->cap_ends - 1); rd->ends[j].h != 0;
			     j = (j + 1) & (rd->cap_ends - 1))
				;
			rd->ends[j] = old[i];
			if (w > 0)
				memcpy(rd->first_value + j * w, old_first + i * w, w);
		}
		free(old);
		free(old_first);
	}
	for (j = h & (rd->cap_ends - 1); rd->ends[j].h != 0 && rd->ends[j].h != h;
	     j = (j + 1) & (rd->cap_ends - 1))
		;
	if (rd->ends[j].h == 0) {
		rd->ends[j].h = h;
		rd->n_ends++;
	}
	return j;
}

static const struct case_end *
case_end_find(const struct reader *rd, uint64_t h)
{
	size_t j;

	if (rd->cap_ends == 0)
		return NULL;
	for (j = h & (rd->cap_ends - 1); rd->ends[j].h != 0; j = (j + 1) & (rd->cap_ends - 1))
		if (rd->ends[j].h == h)
			return &rd->ends[j];
	return NULL;
}

/* ---------- pass 2: the open cases ---------- */

static size_t
open_slot(const struct reader *rd, uint64_t h, const char *id)
{
	size_t j;

	for (j = h & (rd->cap_open - 1); rd->open[j].oc != NULL; j = (j + 1) & (rd->cap_open - 1))
		if (rd->open[j].oc->h == h && strcmp(rd->open[j].oc->id, id) == 0)
			break;
	return j;
}

/* The open case of this id, opened if new. */
static struct open_case *
open_case_get(struct reader *rd, const char *id, uint64_t h)
{
	struct open_case *oc;
	size_t j, i;

	if ((rd->n_open + 1) * 2 > rd->cap_open) {
		struct open_slot *old = rd->open;
		size_t cap = rd->cap_open;

		rd->cap_open = cap ? cap * 2 : 256;
		rd->open = wf_xcalloc(rd->cap_open, sizeof(*rd->open));
		for (i = 0; i < cap; i++)
			if (old[i].oc != NULL)
				rd->open[open_slot(rd, old[i].oc->h, old[i].oc->id)].oc = old[i].oc;
		free(old);
	}
	j = open_slot(rd, h, id);
	if (rd->open[j].oc != NULL)
		return rd->open[j].oc;
	oc = wf_xcalloc(1, sizeof(*oc));
	oc->id = wf_xstrdup(id);
	oc->h = h;
	oc->outcome = -1;
	oc->attr_val = wf_xcalloc(rd->log->n_attrs + 1, sizeof(int));
	for (i = 0; i < rd->log->n_attrs; i++)
		oc->attr_val[i] = -1;
	rd->open[j].oc = oc;
	rd->n_open++;
	return oc;
}

static void
open_case_free(struct open_case *oc)
{
	free(oc->id);
	free(oc->v);
	free(oc->attr_val);
	free(oc);
}

/* Takes the open case out of the table (backward-shift deletion: no tombstones). */
static void
open_case_remove(struct reader *rd, const struct open_case *oc)
{
	size_t mask = rd->cap_open - 1, i = open_slot(rd, oc->h, oc->id), j = i;

	rd->open[i].oc = NULL;
	rd->n_open--;
	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (rd->open[j].oc == NULL)
			return;
		home = rd->open[j].oc->h & mask;
		/* move it back to the hole unless its home lies cyclically in (i, j] */
		if ((i <= j) ? (home <= i || home > j) : (home <= i && home > j)) {
			rd->open[i].oc = rd->open[j].oc;
			rd->open[j].oc = NULL;
			i = j;
		}
	}
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
		if (!rd->cols[i].role)
			rd->cols[i].cand = rd->n_cand++;
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

/* Pass 1 of a row: the case's end, its first value of each candidate column, and the row's
 * duration for the outlier bound. */
static void
row_pass1(struct reader *rd, const struct visit *v, uint64_t h)
{
	struct wf_fit_log *log = rd->log;
	const struct csv *c = &rd->csv;
	size_t e = case_end_at(rd, h);
	long place = rd->ends[e].rows++;
	int k;

	rd->ends[e].last = v->line;
	if (!v->bad && !v->open && !v->timeout && !isnan(v->start) && v->end > v->start)
		wf_fit_durations_add(&log->acts[v->act].dur, wf_fit_sample_key(h, (uint64_t)place),
				     v->end - v->start);
	for (k = 0; k < rd->n_cols; k++) {
		struct column *col = &rd->cols[k];
		const char *s = fld(c, k);
		unsigned char *first;
		int vi;

		if (col->role || col->varies || col->too_many)
			continue;
		vi = find_name(col->values, (size_t)col->n_values, s);
		if (vi < 0) {
			if (col->n_values == WF_FIT_MAX_VALUES) {
				col->too_many = 1;
				continue;
			}
			col->values[col->n_values] = wf_xstrdup(s);
			vi = col->n_values++;
		}
		first = &rd->first_value[e * (size_t)rd->n_cand + (size_t)col->cand];
		if (*first == 0)
			*first = (unsigned char)(vi + 1);
		else if (*first != vi + 1)
			col->varies = 1;
	}
}

/* Pass 2 of a row: into its open case, which is closed when this is its last row. */
static void
row_pass2(struct reader *rd, const struct visit *v, const char *id, uint64_t h)
{
	struct wf_fit_log *log = rd->log;
	const struct csv *c = &rd->csv;
	struct open_case *oc = open_case_get(rd, id, h);
	const struct case_end *e = case_end_find(rd, h);
	size_t a;

	for (a = 0; a < log->n_attrs; a++) {
		const struct wf_fit_attribute *at = &log->attrs[a];

		if (oc->attr_val[a] < 0)
			oc->attr_val[a] = find_name(at->values, (size_t)at->n_values, fld(c, at->column));
	}
	if (rd->c_outcome >= 0 && *fld(c, rd->c_outcome) != '\0')
		oc->outcome = find_name(log->outcomes, log->n_outcomes, fld(c, rd->c_outcome));
	oc->v = wf_xgrow(oc->v, &oc->cap_v, oc->n_v + 1, sizeof(*oc->v));
	oc->v[oc->n_v++] = *v;
	if (e == NULL || e->last == v->line) {
		open_case_remove(rd, oc);
		close_case(rd, oc);
		open_case_free(oc);
	}
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
	if (!bad_time && rd->pass == 1) {
		double ts[3] = { v.start, v.end, v.order_t };

		for (k = 0; k < 3; k++)
			if (!isnan(ts[k])) {
				if (ts[k] < log->t0)
					log->t0 = ts[k];
				if (ts[k] > log->t1)
					log->t1 = ts[k];
			}
	}
	if (rd->pass == 1) {
		if (rd->c_outcome >= 0 && *fld(c, rd->c_outcome) != '\0' &&
		    intern_outcome(log, fld(c, rd->c_outcome)) < 0) {
			snprintf(err, errlen, "%s:%ld: error: more than %d different outcomes", path,
				 line, MAX_OUTCOMES);
			return -1;
		}
		row_pass1(rd, &v, str_hash(id));
	} else {
		row_pass2(rd, &v, id, str_hash(id));
	}
	return 0;
}

static int
scan(struct reader *rd, const char *path, char *err, size_t errlen)
{
	long line;
	int rc;
	size_t i;

	rd->csv.fp = fopen(path, "rb");
	if (rd->csv.fp == NULL) {
		snprintf(err, errlen, "%s: error: cannot read: %s", path, strerror(errno));
		return -1;
	}
	rd->csv.line = 1;
	rd->csv.first = 1;
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
	/* Left open only by two ids of the same hash (see struct case_end), or a file that
	 * changed between the passes: closed now, in the table's order. */
	for (i = 0; i < rd->cap_open; i++)
		if (rd->open[i].oc != NULL) {
			close_case(rd, rd->open[i].oc);
			open_case_free(rd->open[i].oc);
			rd->open[i].oc = NULL;
		}
	rd->n_open = 0;
	fclose(rd->csv.fp);
	rd->csv.fp = NULL;
	return 0;
fail:
	fclose(rd->csv.fp);
	rd->csv.fp = NULL;
	return -1;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
by_activity_name(const void *a, const void *b)
{
	return strcmp(((const struct wf_fit_activity *)a)->name,
		      ((const struct wf_fit_activity *)b)->name);
}

static int
by_resource_name(const void *a, const void *b)
{
	return strcmp(((const struct wf_fit_resource *)a)->name,
		      ((const struct wf_fit_resource *)b)->name);
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

	/* names in one order whatever the order of the rows: by name */
	if (fl->n_acts > 1)
		qsort(fl->acts, fl->n_acts, sizeof(*fl->acts), by_activity_name);
	if (fl->n_res > 1)
		qsort(fl->res, fl->n_res, sizeof(*fl->res), by_resource_name);
	if (fl->n_outcomes > 1)
		qsort(fl->outcomes, fl->n_outcomes, sizeof(*fl->outcomes), by_string);
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
		if (col->n_values > 1)
			qsort(col->values, (size_t)col->n_values, sizeof(*col->values), by_string);
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
	rd.pass = 1;
	if (scan(&rd, path, err, errlen) != 0)
		goto out;
	between_passes(&rd);
	free(rd.first_value);	/* of no use in pass 2 */
	rd.first_value = NULL;
	rd.pass = 2;
	if (scan(&rd, path, err, errlen) != 0)
		goto out;
	for (k = 0; (size_t)k < log->n_acts; k++)
		wf_fit_durations_finish(&log->acts[k].dur);
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
		for (j = 0; j < rd.cols[k].n_values; j++)
			free(rd.cols[k].values[j]);
	}
	free(rd.cols);
	free(rd.ends);
	free(rd.first_value);
	for (k = 0; (size_t)k < rd.cap_open; k++)
		if (rd.open[k].oc != NULL)
			open_case_free(rd.open[k].oc);
	free(rd.open);
	free(rd.csv.buf);
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
