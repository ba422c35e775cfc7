/* Helpers of the model loader: located messages with "did you mean" suggestions, typed
 * scalars (durations, rates, probabilities, integers), mappings with known keys,
 * distributions and weekly windows.  Each reports its own errors at the node concerned. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model-util.h"
#include "wfsim/xalloc.h"

/* --- messages --- */

static void
ml_msg(struct ld *L, enum wf_severity sev, const struct ynode *n, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	wf_diag_add(L->d, sev, n && n->src ? n->src : L->file, n ? n->line : 0, n ? n->col : 0, "%s", buf);
}

void
ml_err(struct ld *L, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_msg(L, WF_ERROR, n, fmt, ap);
	va_end(ap);
}

void
ml_warn(struct ld *L, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_msg(L, WF_WARNING, n, fmt, ap);
	va_end(ap);
}

/* strerror() starts with a capital; our messages are lower case. */
const char *
ml_errstr(int e, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* How a node looks, for "got ..." in messages. */
const char *
ml_describe(const struct ynode *n, char *buf, size_t len)
{
	if (n->kind == Y_SEQ)
		return "a list";
	if (n->kind == Y_MAP)
		return "a mapping";
	if (wf_yaml_null(n))
		return "nothing";
	if (n->len > 40)
		snprintf(buf, len, "'%.37s...'", n->s);
	else
		snprintf(buf, len, "'%s'", n->s);
	return buf;
}

/* --- suggestions --- */

/* Edit distance counting a swap of two neighbours as one edit (optimal string alignment):
 * "tpye" is one typo away from "type". */
static size_t
ml_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, c, best;
	static const size_t W = 65;
	size_t *d;

	if (la > 64 || lb > 64)
		return 64;
	d = wf_xmalloc(W * W * sizeof(*d));
	for (i = 0; i <= la; i++)
		d[i * W] = i;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] != b[j - 1];
			best = d[(i - 1) * W + j - 1] + c;
			if (d[(i - 1) * W + j] + 1 < best)
				best = d[(i - 1) * W + j] + 1;
			if (d[i * W + j - 1] + 1 < best)
				best = d[i * W + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[(i - 2) * W + j - 2] + 1 < best)
				best = d[(i - 2) * W + j - 2] + 1;
			d[i * W + j] = best;
		}
	best = d[la * W + lb];
	free(d);
	return best;
}

/* The candidate closest to word if it is close enough to be a likely typo (or word is a
 * prefix of it), else NULL. */
const char *
ml_suggest(const char *word, const char *const *cand, size_t n)
{
	size_t i, d, best = (size_t)-1, wl = strlen(word), limit;
	const char *pick = NULL;

	/* one typo in a short word, two or three in longer ones; never a rewrite of most of
	 * the word ('b' is not a typo of 'a') */
	limit = wl <= 2 ? 0 : wl <= 4 ? 1 : wl <= 8 ? 2 : 3;
	for (i = 0; i < n; i++) {
		if (cand[i] == NULL)
			continue;
		d = ml_edit_distance(word, cand[i]);
		if (wl >= 3 && strncmp(word, cand[i], wl) == 0 && d > limit)
			d = limit;
		if (d >= strlen(cand[i]))
			continue;
		if (d <= limit && d < best) {
			best = d;
			pick = cand[i];
		}
	}
	return pick;
}

/* "; did you mean 'x'?" or "" for messages about an unknown name. */
const char *
ml_hint(char *buf, size_t len, const char *word, const char *const *cand, size_t n)
{
	const char *s = ml_suggest(word, cand, n);

	if (s == NULL)
		return "";
	snprintf(buf, len, "; did you mean '%s'?", s);
	return buf;
}

/* --- scalars --- */

/* The text of a scalar value, or NULL after an error saying that `key` must be `expect`. */
const char *
ml_scalar(struct ld *L, const struct ynode *n, const char *key, const char *expect)
{
	char b[64];

	if (n->kind != Y_SCALAR || wf_yaml_null(n)) {
		ml_err(L, n, "'%s' must be %s, got %s", key, expect, ml_describe(n, b, sizeof(b)));
		return NULL;
	}
	if (strlen(n->s) != n->len) {
		ml_err(L, n, "'%s' must be %s, got text with a NUL byte", key, expect);
		return NULL;
	}
	return n->s;
}

int
ml_duration(struct ld *L, const struct ynode *n, const char *key, double *out)
{
	const char *s;
	char err[256];

	if ((s = ml_scalar(L, n, key, "a duration such as 25m")) == NULL)
		return -1;
	if (wf_parse_duration(s, L->m->unit, out, err, sizeof(err)) < 0) {
		ml_err(L, n, "%s", err);
		return -1;
	}
	return 0;
}

int
ml_rate(struct ld *L, const struct ynode *n, const char *key, double *out)
{
	const char *s;
	char err[256];

	if ((s = ml_scalar(L, n, key, "a rate such as 10/h")) == NULL)
		return -1;
	if (wf_parse_rate(s, L->m->unit, out, err, sizeof(err)) < 0) {
		ml_err(L, n, "%s", err);
		return -1;
	}
	return 0;
}

/* A finite number >= 0. */
int
ml_amount(struct ld *L, const struct ynode *n, const char *key, double *out)
{
	const char *s;
	char err[256];

	if ((s = ml_scalar(L, n, key, "a number")) == NULL)
		return -1;
	if (wf_parse_number(s, out, err, sizeof(err)) < 0) {
		ml_err(L, n, "%s", err);
		return -1;
	}
	if (*out < 0) {
		ml_err(L, n, "'%s' must not be negative, got %s", key, s);
		return -1;
	}
	return 0;
}

int
ml_prob(struct ld *L, const struct ynode *n, const char *key, double *out)
{
	const char *s;
	char err[256];

	if ((s = ml_scalar(L, n, key, "a probability between 0 and 1")) == NULL)
		return -1;
	if (wf_parse_probability(s, out, err, sizeof(err)) < 0) {
		ml_err(L, n, "'%s': %s", key, err);
		return -1;
	}
	return 0;
}

/* An integer in [lo, hi]. */
int
ml_int(struct ld *L, const struct ynode *n, const char *key, long lo, long hi, const char *expect,
    long *out)
{
	const char *s;
	char err[256], b[64];

	if ((s = ml_scalar(L, n, key, expect)) == NULL)
		return -1;
	if (wf_parse_count(s, out, err, sizeof(err)) < 0) {
		if (strstr(err, "too large") != NULL)
			ml_err(L, n, "'%s' is too large: %s", key, s);
		else
			ml_err(L, n, "'%s' must be %s, got %s", key, expect, ml_describe(n, b, sizeof(b)));
		return -1;
	}
	if (*out < lo || *out > hi) {
		if (*out > hi)
			ml_err(L, n, "'%s' is too large: %s (at most %ld)", key, s, hi);
		else
			ml_err(L, n, "'%s' must be %s, got %s", key, expect, s);
		return -1;
	}
	return 0;
}

int
ml_bool(struct ld *L, const struct ynode *n, const char *key, int *out)
{
	static const char *yes[] = { "true", "yes", "on", "True", "TRUE", "Yes", NULL };
	static const char *no[] = { "false", "no", "off", "False", "FALSE", "No", NULL };
	const char *s;
	int i;

	if ((s = ml_scalar(L, n, key, "true or false")) == NULL)
		return -1;
	for (i = 0; yes[i] != NULL; i++)
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
	for (i = 0; no[i] != NULL; i++)
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	ml_err(L, n, "'%s' must be true or false, got '%s'", key, s);
	return -1;
}

/* A name (identifier-like text) as a key or id. */
const char *
ml_name(struct ld *L, const struct ynode *n, const char *key)
{
	return ml_scalar(L, n, key, "a name");
}

/* --- mappings --- */

/* Checks that n is a mapping whose keys are among `keys` (NULL-terminated) and unique; sets
 * val[i] (and key[i] if key is not NULL) to the value (key) node of keys[i] or NULL.  `what`
 * names the mapping in messages ("the model", "step 'intake'").  Returns -1 only when n is
 * not a mapping; bad keys are reported and skipped. */
int
ml_map(struct ld *L, const struct ynode *n, const char *what, const char *const *keys,
    const struct ynode **val, const struct ynode **key)
{
	size_t i, k, nk;
	char b[64], h[128], list[512];

	for (nk = 0; keys[nk] != NULL; nk++) {
		val[nk] = NULL;
		if (key != NULL)
			key[nk] = NULL;
	}
	if (n->kind != Y_MAP) {
		ml_err(L, n, "%s must be a mapping of keys, got %s", what, ml_describe(n, b, sizeof(b)));
		return -1;
	}
	for (i = 0; i < n->n; i++) {
		const struct ynode *kn = n->kid[2 * i], *vn = n->kid[2 * i + 1];

		if (kn->kind != Y_SCALAR || wf_yaml_null(kn)) {
			ml_err(L, kn, "a key in %s must be a plain name, got %s", what,
			    ml_describe(kn, b, sizeof(b)));
			continue;
		}
		for (k = 0; k < nk; k++)
			if (strcmp(keys[k], kn->s) == 0)
				break;
		if (k == nk) {
			if (ml_suggest(kn->s, keys, nk) != NULL)
				ml_err(L, kn, "unknown key '%s' in %s%s", kn->s, what,
				    ml_hint(h, sizeof(h), kn->s, keys, nk));
			else {
				size_t o = 0;

				for (k = 0; k < nk && o < sizeof(list); k++)
					o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
					    k ? ", " : "", keys[k]);
				ml_err(L, kn, "unknown key '%s' in %s; expected one of %s", kn->s, what, list);
			}
			continue;
		}
		if (val[k] != NULL) {
			ml_err(L, kn, "duplicate key '%s' in %s (first at line %d)", kn->s, what,
			    key != NULL && key[k] ? key[k]->line : val[k]->line);
			continue;
		}
		val[k] = vn;
		if (key != NULL)
			key[k] = kn;
	}
	return 0;
}

/* Checks the keys of a mapping whose keys are names chosen by the user (calendars,
 * resources, attributes): scalar and unique.  Returns -1 if n is not a mapping. */
int
ml_names_map(struct ld *L, const struct ynode *n, const char *what)
{
	size_t i, j;
	char b[64];

	if (n->kind != Y_MAP) {
		ml_err(L, n, "'%s' must be a mapping of names, got %s", what, ml_describe(n, b, sizeof(b)));
		return -1;
	}
	if (n->n > ML_MAX_NAMES) {
		ml_err(L, n, "'%s' has %zu entries; at most %d are supported", what, n->n, ML_MAX_NAMES);
		return -1;
	}
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kid[2 * i];

		if (k->kind != Y_SCALAR || wf_yaml_null(k)) {
			ml_err(L, k, "a name in '%s' must be plain text, got %s", what, ml_describe(k, b, sizeof(b)));
			continue;
		}
		for (j = 0; j < i; j++)
			if (n->kid[2 * j]->kind == Y_SCALAR && strcmp(n->kid[2 * j]->s, k->s) == 0) {
				ml_err(L, k, "duplicate name '%s' in '%s' (first at line %d)", k->s, what,
				    n->kid[2 * j]->line);
				break;
			}
	}
	return 0;
}

void
ml_mark(struct wf_mark *m, const struct ynode *n)
{
	m->line = n->line;
	m->col = n->col;
}

/* --- distributions --- */

/* A distribution: a mapping with `dist` and its parameters, or a bare duration (a constant).
 * On error d is left as a zero constant so that freeing it is harmless. */
int
ml_dist(struct ld *L, const struct ynode *n, const char *key, struct wf_dist *d)
{
	const struct ynode *dn = NULL;
	struct wf_dist_param par[16];
	const struct ynode *pn[16];
	struct wf_dist_error de;
	const char *name;
	size_t i, np = 0;
	int bad = 0;
	char b[64], err[256];
	double v = 0;	/* set by whichever parser pk names; the analyzer cannot see pk is one */

	memset(d, 0, sizeof(*d));
	if (n->kind == Y_SCALAR && !wf_yaml_null(n)) {
		if (ml_duration(L, n, key, &v) < 0)
			return -1;
		wf_dist_constant(d, v);
		return 0;
	}
	if (n->kind != Y_MAP) {
		ml_err(L, n, "'%s' must be a duration or a distribution such as { dist: exponential, mean: 5m }, got %s",
		    key, ml_describe(n, b, sizeof(b)));
		return -1;
	}
	for (i = 0; i < n->n; i++)
		if (n->kid[2 * i]->kind == Y_SCALAR && strcmp(n->kid[2 * i]->s, "dist") == 0)
			dn = n->kid[2 * i + 1];
	if (dn == NULL) {
		ml_err(L, n, "the distribution of '%s' needs 'dist' (one of %s)", key, wf_dist_names());
		return -1;
	}
	if ((name = ml_scalar(L, dn, "dist", "a distribution name")) == NULL)
		return -1;
	if (strcmp(name, "empirical") != 0 && !wf_dist_known(name)) {
		char names[512], *p, *cand[32];
		size_t nc = 0;

		snprintf(names, sizeof(names), "%s", wf_dist_names());
		for (p = strtok(names, ", "); p != NULL && nc < 32; p = strtok(NULL, ", "))
			cand[nc++] = p;
		if (ml_suggest(name, (const char *const *)cand, nc) != NULL)
			ml_err(L, dn, "unknown distribution '%s'%s", name,
			    ml_hint(b, sizeof(b), name, (const char *const *)cand, nc));
		else
			ml_err(L, dn, "unknown distribution '%s'; expected one of %s", name, wf_dist_names());
		return -1;
	}
	for (i = 0; i < n->n; i++) {
		const struct ynode *kn = n->kid[2 * i], *vn = n->kid[2 * i + 1];
		enum wf_param_kind pk;
		const char *s;

		if (kn->kind != Y_SCALAR || strcmp(kn->s, "dist") == 0)
			continue;
		if (strcmp(name, "empirical") == 0) {
			double *vals;
			size_t k;

			if (strcmp(kn->s, "values") != 0) {
				ml_err(L, kn, "'%s' is not a parameter of 'empirical'; it takes 'values'", kn->s);
				bad = 1;
				continue;
			}
			if (vn->kind != Y_SEQ || vn->n == 0) {
				ml_err(L, vn, "'values' must be a non-empty list of durations, got %s",
				    ml_describe(vn, b, sizeof(b)));
				bad = 1;
				continue;
			}
			vals = wf_xmalloc(vn->n * sizeof(double));
			for (k = 0; k < vn->n; k++)
				if (ml_duration(L, vn->kid[k], "values", &vals[k]) < 0)
					bad = 1;
			if (!bad && wf_dist_make_empirical(d, vals, vn->n, &de) < 0) {
				ml_err(L, vn, "%s", de.msg);
				memset(d, 0, sizeof(*d));
				bad = 1;
			}
			free(vals);
			if (!bad)
				np = 1;
			continue;
		}
		pk = wf_dist_param_kind(name, kn->s);
		if (pk == WF_PARAM_UNKNOWN) {
			wf_dist_expects(name, err, sizeof(err));
			ml_err(L, kn, "unknown parameter '%s' for %s (expects %s)", kn->s, name, err);
			bad = 1;
			continue;
		}
		if (np == 16) {
			ml_err(L, kn, "too many parameters");
			bad = 1;
			continue;
		}
		if ((s = ml_scalar(L, vn, kn->s, pk == WF_PARAM_RATE ? "a rate" :
		    pk == WF_PARAM_DURATION ? "a duration" : "a number")) == NULL) {
			bad = 1;
			continue;
		}
		if ((pk == WF_PARAM_DURATION && wf_parse_duration(s, L->m->unit, &v, err, sizeof(err)) < 0) ||
		    (pk == WF_PARAM_RATE && wf_parse_rate(s, L->m->unit, &v, err, sizeof(err)) < 0) ||
		    (pk == WF_PARAM_NUMBER && wf_parse_number(s, &v, err, sizeof(err)) < 0)) {
			ml_err(L, vn, "%s", err);
			bad = 1;
			continue;
		}
		par[np].name = kn->s;
		par[np].value = v;
		pn[np++] = vn;
	}
	if (bad)
		return -1;
	if (strcmp(name, "empirical") == 0) {
		if (np == 0) {
			ml_err(L, n, "an empirical distribution needs 'values'");
			return -1;
		}
		return 0;
	}
	if (wf_dist_make(d, name, par, np, &de) < 0) {
		ml_err(L, de.param >= 0 && (size_t)de.param < np ? pn[de.param] : n, "%s", de.msg);
		memset(d, 0, sizeof(*d));
		return -1;
	}
	return 0;
}

/* --- weekly windows --- */

/* Reads a list of { days, hours [, vkey] } windows and builds the weekly function; vkey is
 * NULL (value 1), "capacity" (a positive integer) or "rate".  Returns 0, or -1 with w
 * zeroed. */
int
ml_windows(struct ld *L, const struct ynode *list, const char *what, const char *vkey,
    struct wf_weekly *w)
{
	static const char *keys_plain[] = { "days", "hours", NULL };
	const char *keys[] = { "days", "hours", vkey, NULL };
	struct wf_window *win;
	const struct ynode *v[3];
	char **desc, b[64], err[256];
	size_t i, k, a, c;
	int bad = 0;

	memset(w, 0, sizeof(*w));
	if (list->kind != Y_SEQ || list->n == 0) {
		ml_err(L, list, "%s must be a list of { days, hours%s } windows, got %s", what,
		    vkey ? (strcmp(vkey, "rate") == 0 ? ", rate" : ", capacity") : "",
		    list->kind == Y_SEQ ? "an empty list" : ml_describe(list, b, sizeof(b)));
		return -1;
	}
	win = wf_xcalloc(list->n, sizeof(*win));
	desc = wf_xcalloc(list->n, sizeof(*desc));
	for (i = 0; i < list->n; i++) {
		const struct ynode *e = list->kid[i];
		const char *hs = "", *ds = "";
		char dbuf[128] = "";

		if (ml_map(L, e, "a window", vkey ? keys : keys_plain, v, NULL) < 0) {
			bad = 1;
			continue;
		}
		if (v[0] == NULL) {
			ml_err(L, e, "the window needs 'days' (e.g. mon-fri)");
			bad = 1;
		} else if (v[0]->kind == Y_SEQ) {
			size_t o = 0;

			if (v[0]->n == 0) {
				ml_err(L, v[0], "'days' must name at least one day");
				bad = 1;
			}
			for (k = 0; k < v[0]->n; k++) {
				const char *s = ml_scalar(L, v[0]->kid[k], "days", "a day such as mon");

				if (s == NULL || wf_parse_days(s, &win[i].days, err, sizeof(err)) < 0) {
					if (s != NULL)
						ml_err(L, v[0]->kid[k], "%s", err);
					bad = 1;
					continue;
				}
				o += (size_t)snprintf(dbuf + o, o < sizeof(dbuf) ? sizeof(dbuf) - o : 0,
				    "%s%s", k ? "," : "", s);
			}
			ds = dbuf;
		} else if ((ds = ml_scalar(L, v[0], "days", "days such as mon-fri")) == NULL) {
			bad = 1;
			ds = "";
		} else if (wf_parse_days(ds, &win[i].days, err, sizeof(err)) < 0) {
			ml_err(L, v[0], "%s", err);
			bad = 1;
		}
		if (v[1] == NULL) {
			ml_err(L, e, "the window needs 'hours' (e.g. \"09:00-17:00\")");
			bad = 1;
		} else if ((hs = ml_scalar(L, v[1], "hours", "hours such as \"09:00-17:00\"")) == NULL) {
			bad = 1;
			hs = "";
		} else if (wf_parse_hours(hs, &win[i].from_min, &win[i].to_min, err, sizeof(err)) < 0) {
			ml_err(L, v[1], "%s", err);
			bad = 1;
		}
		win[i].value = 1;
		if (vkey != NULL) {
			long cap;

			if (v[2] == NULL) {
				ml_err(L, e, "the window needs '%s'", vkey);
				bad = 1;
			} else if (strcmp(vkey, "rate") == 0) {
				if (ml_rate(L, v[2], "rate", &win[i].value) < 0)
					bad = 1;
			} else if (ml_int(L, v[2], vkey, 1, INT_MAX, "a positive integer", &cap) < 0)
				bad = 1;
			else
				win[i].value = (double)cap;
		}
		desc[i] = wf_xasprintf("%s %s", ds, hs);
	}
	if (!bad && wf_weekly_build(w, win, list->n, 0, L->unit_minutes, L->offset_minutes, &a, &c) < 0) {
		if (a > c) {
			k = a;
			a = c;
			c = k;
		}
		ml_err(L, list->kid[c], "windows of %s overlap: '%s' (line %d) and '%s' (line %d)", what,
		    desc[a], list->kid[a]->line, desc[c], list->kid[c]->line);
		memset(w, 0, sizeof(*w));
		bad = 1;
	}
	for (i = 0; i < list->n; i++)
		free(desc[i]);
	free(desc);
	free(win);
	return bad ? -1 : 0;
}

