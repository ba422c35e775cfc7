/* The arrival-trace reader: CSV (RFC 4180 quoting) streamed a row at a time, so a trace of a
 * million arrivals costs the arrays it fills and one bounded line buffer.  Every bad row is
 * reported with its line and column; reading goes on so that all of them are. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/trace.h"
#include "wfsim/xalloc.h"

/* Where lines come from: a FILE or a buffer. */
struct src {
	FILE *f;
	const char *buf;
	size_t len, pos;
};

/* Reads one line (without its newline and a trailing CR) into line, at most
 * WF_TRACE_MAX_LINE bytes; a longer line is flagged in *toolong and left unread past that
 * (the input may be endless, like /dev/zero), so the caller must stop reading then.
 * Returns 0, or -1 at the end of the input. */
static int
next_line(struct src *s, char *line, size_t *len, int *toolong)
{
	size_t n = 0;
	int c, any = 0;

	*toolong = 0;
	for (;;) {
		if (s->f != NULL)
			c = getc_unlocked(s->f);
		else
			c = s->pos < s->len ? (unsigned char)s->buf[s->pos++] : EOF;
		if (c == EOF) {
			if (!any)
				return -1;
			break;
		}
		any = 1;
		if (c == '\n')
			break;
		if (n == WF_TRACE_MAX_LINE) {
			*toolong = 1;
			break;
		}
		line[n++] = (char)c;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	*len = n;
	return 0;
}

/* A field of the current row: text (unquoted, NUL-terminated in the field buffer) and the
 * 1-based character column where it starts. */
struct field {
	char *s;
	int col;
};

/* Character column of byte offset i in line: UTF-8 continuation bytes do not count. */
static int
column(const char *line, size_t i)
{
	size_t k;
	int c = 1;

	for (k = 0; k < i; k++)
		if (((unsigned char)line[k] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Splits line into fields, unquoting into out (at least len + 1 bytes).  Returns the number
 * of fields, or -1 with *errcol and the message in err for an unterminated or stray quote. */
static long
split(const char *line, size_t len, char *out, struct field **f, size_t *fcap, int *errcol,
    char *err, size_t errlen)
{
	size_t i = 0, o = 0, n = 0;

	for (;;) {
		*f = wf_xgrow(*f, fcap, n + 1, sizeof(**f));
		(*f)[n].s = out + o;
		(*f)[n].col = column(line, i);
		if (i < len && line[i] == '"') {
			size_t q = i++;

			for (;;) {
				if (i >= len) {
					*errcol = column(line, q);
					snprintf(err, errlen, "unterminated quoted field");
					return -1;
				}
				if (line[i] == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						out[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				out[o++] = line[i++];
			}
			if (i < len && line[i] != ',') {
				*errcol = column(line, i);
				snprintf(err, errlen, "unexpected text after a quoted field");
				return -1;
			}
		} else {
			while (i < len && line[i] != ',') {
				if (line[i] == '"') {
					*errcol = column(line, i);
					snprintf(err, errlen, "stray quote in an unquoted field (quote the whole field and double inner quotes)");
					return -1;
				}
				out[o++] = line[i++];
			}
		}
		out[o++] = '\0';
		n++;
		if (i >= len)
			break;
		i++;	/* the comma */
	}
	return (long)n;
}

/* Strips blanks around a field in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Index of value s in an undeclared column, adding it; -1 past WF_TRACE_MAX_VALUES. */
/* 1 if s (trimmed) is a finite number and nothing else, with it in *x. */
static int
number_of(const char *s, double *x)
{
	char *end;

	if (*s == '\0')
		return 0;
	*x = strtod(s, &end);
	return *end == '\0' && isfinite(*x);
}

static int
intern(struct wf_trace_col *c, const char *s)
{
	size_t i, j;

	if (c->hcap < 2 * (c->n_values + 1)) {
		size_t ncap = c->hcap ? c->hcap * 2 : 64;
		int *nh = wf_xmalloc(ncap * sizeof(int));

		for (i = 0; i < ncap; i++)
			nh[i] = -1;
		for (i = 0; i < c->n_values; i++) {
			j = hash_str(c->values[i]) & (ncap - 1);
			while (nh[j] >= 0)
				j = (j + 1) & (ncap - 1);
			nh[j] = (int)i;
		}
		free(c->hash);
		c->hash = nh;
		c->hcap = ncap;
	}
	j = hash_str(s) & (c->hcap - 1);
	while (c->hash[j] >= 0) {
		if (strcmp(c->values[c->hash[j]], s) == 0)
			return c->hash[j];
		j = (j + 1) & (c->hcap - 1);
	}
	if (c->n_values >= WF_TRACE_MAX_VALUES)
		return -1;
	c->values = wf_xrealloc(c->values, (c->n_values + 1) * sizeof(char *));
	c->counts = wf_xrealloc(c->counts, (c->n_values + 1) * sizeof(size_t));
	c->values[c->n_values] = wf_xstrdup(s);
	c->counts[c->n_values] = 0;
	c->hash[j] = (int)c->n_values;
	return (int)c->n_values++;
}

/* "a, b, c" of a declared attribute's values, shortened after a few. */
static void
list_values(const struct wf_trace_attr *a, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < a->n_values && o < len; i++) {
		if (i == 8) {
			snprintf(buf + o, len - o, ", ...");
			break;
		}
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", a->values[i]);
	}
}

static int
read_src(struct wf_trace *t, struct src *in, const char *name, const struct wf_trace_opts *o,
    struct wf_diag *d)
{
	char *line = wf_xmalloc(WF_TRACE_MAX_LINE + 1), *buf = wf_xmalloc(WF_TRACE_MAX_LINE + 2);
	struct field *f = NULL;
	size_t fcap = 0, len, nf = 0, cap = 0, i, k;
	size_t errors0 = d->n_errors;
	double usec = wf_unit_seconds(o->unit), prev = 0;
	int lineno = 0, skipped = 0, toolong, header = 1, errcol = 1;
	char err[512];
	long n;

	memset(t, 0, sizeof(*t));
	while (next_line(in, line, &len, &toolong) == 0) {
		lineno++;
		if (toolong) {
			/* not a CSV trace, or not one we can resync in: stop here */
			wf_diag_error(d, name, lineno, 1, "line longer than %d bytes", WF_TRACE_MAX_LINE);
			break;
		}
		if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			memmove(line, line + 3, len - 2);	/* a byte order mark, as spreadsheets write */
			len -= 3;
		}
		if (!header && lineno - 1 - skipped > WF_TRACE_MAX_ROWS) {
			/* a pipe that never ends, or a file no run could replay */
			wf_diag_error(d, name, lineno, 1, "more than %d rows: a trace holds at most %d arrivals",
			    WF_TRACE_MAX_ROWS, WF_TRACE_MAX_ROWS);
			break;
		}
		if (len == 0 || strspn(line, " \t") == len) {
			if (header)
				skipped++;	/* blank lines before the header */
			continue;
		}
		if ((n = split(line, len, buf, &f, &fcap, &errcol, err, sizeof(err))) < 0) {
			wf_diag_error(d, name, lineno, errcol, "%s", err);
			if (header)
				break;
			continue;
		}
		if (header) {
			header = 0;
			nf = (size_t)n;
			t->n_cols = nf - 1;
			t->cols = wf_xcalloc(nf, sizeof(*t->cols));
			for (i = 1; i < nf; i++) {
				struct wf_trace_col *c = &t->cols[i - 1];
				char *h = trim(f[i].s);

				c->name = wf_xstrdup(h);
				c->declared = -1;
				if (*h == '\0')
					wf_diag_error(d, name, lineno, f[i].col, "empty column name in the header");
				for (k = 1; k < i; k++)
					if (*h != '\0' && strcmp(t->cols[k - 1].name, h) == 0)
						wf_diag_error(d, name, lineno, f[i].col, "duplicate column '%s' in the header", h);
				for (k = 0; k < o->n_attrs; k++)
					if (strcmp(o->attrs[k].name, h) == 0)
						c->declared = (int)k;
			}
			if (d->n_errors > errors0)
				break;	/* rows cannot be read against a broken header */
			continue;
		}
		if ((size_t)n != nf) {
			wf_diag_error(d, name, lineno, n > (long)nf ? f[nf].col : 1,
			    "row has %ld field%s, the header has %zu", n, n == 1 ? "" : "s", nf);
			continue;
		}
		{
			char *ts = trim(f[0].s);
			double at, ep;
			int bad = 0;

			if (strlen(ts) >= 10 && ts[4] == '-') {
				if (wf_parse_datetime(ts, &ep, err, sizeof(err)) < 0) {
					wf_diag_error(d, name, lineno, f[0].col, "%s", err);
					continue;
				}
				at = (ep - o->start_epoch) / usec;
			} else if (wf_parse_number(ts, &at, err, sizeof(err)) < 0) {
				wf_diag_error(d, name, lineno, f[0].col,
				    "invalid arrival time '%s': expected an ISO 8601 date-time or a number of %s",
				    ts, wf_unit_name(o->unit));
				continue;
			}
			if (at < 0) {
				wf_diag_error(d, name, lineno, f[0].col, "arrival time '%s' is before the model's start", ts);
				continue;
			}
			if (t->n > 0 && at < prev) {
				wf_diag_error(d, name, lineno, f[0].col,
				    "arrival time '%s' is earlier than the row before (rows must be in time order)", ts);
				continue;
			}
			if (t->n + 1 > cap) {
				size_t c0 = cap;

				t->at = wf_xgrow(t->at, &cap, t->n + 1, sizeof(double));
				for (i = 0; i < t->n_cols; i++) {
					size_t c1 = c0;

					t->cols[i].v = wf_xgrow(t->cols[i].v, &c1, cap, sizeof(int));
					c1 = c0;
					t->cols[i].x = wf_xgrow(t->cols[i].x, &c1, cap, sizeof(double));
				}
			}
			for (i = 0; i < t->n_cols && !bad; i++) {
				struct wf_trace_col *c = &t->cols[i];
				char *v = trim(f[i + 1].s);
				int idx = -1;
				double x = NAN;

				if (*v != '\0' && !number_of(v, &x)) {
					x = NAN;
					c->text = 1;
				}
				c->x[t->n] = x;
				if (*v == '\0')
					idx = -1;	/* an empty cell: drawn like a generated case */
				else if (c->declared >= 0 && o->attrs[c->declared].numeric) {
					if (isnan(x)) {
						wf_diag_error(d, name, lineno, f[i + 1].col,
						    "attribute '%s' is numeric: expected a number, got '%s'",
						    o->attrs[c->declared].name, v);
						bad = 1;
					}
				} else if (c->declared >= 0) {
					const struct wf_trace_attr *a = &o->attrs[c->declared];

					for (k = 0; k < a->n_values; k++)
						if (strcmp(a->values[k], v) == 0)
							break;
					if (k == a->n_values) {
						char list[256];

						list_values(a, list, sizeof(list));
						wf_diag_error(d, name, lineno, f[i + 1].col,
						    "unknown value '%s' for attribute '%s'; expected one of %s",
						    v, a->name, list);
						bad = 1;
					}
					idx = (int)k;
				} else if ((idx = intern(c, v)) < 0 && !c->text) {
					/* numbers so far: a numeric attribute needs no list of values */
					c->many = 1;
				} else if (idx < 0 || (c->many && c->text)) {
					wf_diag_error(d, name, lineno, f[i + 1].col,
					    "column '%s' has more than %d distinct values: is it really a case attribute?",
					    c->name, WF_TRACE_MAX_VALUES);
					bad = 1;
				}
				c->v[t->n] = idx;
			}
			if (bad)
				continue;
			for (i = 0; i < t->n_cols; i++)
				if (t->cols[i].declared < 0 && t->cols[i].v[t->n] >= 0)
					t->cols[i].counts[t->cols[i].v[t->n]]++;
			t->at[t->n++] = at;
			prev = at;
		}
	}
	if (in->f != NULL && ferror(in->f))
		wf_diag_error(d, name, 0, 0, "cannot read the trace");
	else if (header && d->n_errors == errors0)
		wf_diag_error(d, name, 0, 0, "empty trace: expected a header row, then one arrival per row");
	else if (t->n == 0 && d->n_errors == errors0)
		wf_diag_error(d, name, 0, 0, "the trace has a header but no arrivals");
	free(line);
	free(buf);
	free(f);
	return d->n_errors > errors0 ? -1 : 0;
}

int
wf_trace_read(struct wf_trace *t, FILE *f, const char *name, const struct wf_trace_opts *o,
    struct wf_diag *diag)
{
	struct src in = { f, NULL, 0, 0 };

	return read_src(t, &in, name, o, diag);
}

int
wf_trace_read_buffer(struct wf_trace *t, const char *buf, size_t len, const char *name,
    const struct wf_trace_opts *o, struct wf_diag *diag)
{
	struct src in = { NULL, buf, len, 0 };

	return read_src(t, &in, name, o, diag);
}

void
wf_trace_fini(struct wf_trace *t)
{
	size_t i, k;

	for (i = 0; i < t->n_cols; i++) {
		struct wf_trace_col *c = &t->cols[i];

		for (k = 0; k < c->n_values; k++)
			free(c->values[k]);
		free(c->name);
		free(c->values);
		free(c->counts);
		free(c->v);
		free(c->x);
		free(c->hash);
	}
	free(t->cols);
	free(t->at);
	memset(t, 0, sizeof(*t));
}
