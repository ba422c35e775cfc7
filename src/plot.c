/* What each figure of a run or a comparison shows: its data file and the values its template
 * (plots/NAME.gp) needs, then gnuplot draws it as PNG and SVG.  The drawing itself is in the
 * templates; titles say what the figure shows ("90% of cases done within 4.2 h, was 11.5 h")
 * so that a reader who looks at nothing else still gets the story. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wfsim/figures.h"
#include "wfsim/gnuplot.h"
#include "wfsim/outfile.h"
#include "wfsim/plot.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

struct ctx {
	const struct wf_comparison *c;
	const struct wf_run *a;		/* as-is, NULL for a single run */
	const struct wf_run *b;		/* to-be, or the single run */
	double tscale;			/* model units -> display units */
	const char *tunit;		/* "h" */
	const char *tunit_long;		/* "hours" */
	const char *dir;
	char *err;
	size_t errlen;
};

static void
seterr(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->err == NULL || x->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(x->err, x->errlen, fmt, ap);
	va_end(ap);
}

/* A model's string in a comment line of a data file. */
static void
comment(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
}

/* A time in its own most readable unit, for titles: "45 min", "6.9 h", "3.2 d". */
static const char *
fmt_auto(const struct ctx *x, double t, char *buf, size_t len)
{
	double um = x->b->unit_minutes > 0 ? x->b->unit_minutes : 1;
	double m = t * um, v;
	const char *u;

	if (!isfinite(m)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	if (fabs(m) < 1) {
		v = m * 60;
		u = "s";
	} else if (fabs(m) < 120) {
		v = m;
		u = "min";
	} else if (fabs(m) < 72 * 60) {
		v = m / 60;
		u = "h";
	} else {
		v = m / 1440;
		u = "d";
	}
	if (fabs(v) >= 100)
		snprintf(buf, len, "%.0f %s", v, u);
	else if (fabs(v) >= 10 && (u[0] == 's' || u[0] == 'm'))
		snprintf(buf, len, "%.0f %s", v, u);
	else
		snprintf(buf, len, "%.1f %s", v, u);
	return buf;
}

static double
tval(const struct ctx *x, double t)
{
	return t * x->tscale;
}

/* One unit for every time in every figure, chosen from the longest mean cycle time so that
 * the numbers stay between about 1 and 1000. */
static void
choose_unit(struct ctx *x)
{
	double um = x->b->unit_minutes > 0 ? x->b->unit_minutes : 1;
	double t = x->b->metric[WF_M_CYCLE_TIME_MEAN].mean;
	double minutes;

	if (x->a != NULL && (!isfinite(t) || x->a->metric[WF_M_CYCLE_TIME_MEAN].mean > t))
		t = x->a->metric[WF_M_CYCLE_TIME_MEAN].mean;
	minutes = isfinite(t) ? t * um : 60;
	if (minutes < 2) {
		x->tscale = um * 60;
		x->tunit = "s";
		x->tunit_long = "seconds";
	} else if (minutes < 180) {
		x->tscale = um;
		x->tunit = "min";
		x->tunit_long = "minutes";
	} else if (minutes < 72 * 60) {
		x->tscale = um / 60;
		x->tunit = "h";
		x->tunit_long = "hours";
	} else {
		x->tscale = um / 1440;
		x->tunit = "d";
		x->tunit_long = "days";
	}
}

/* mkdir -p */
static int
make_dir(const char *dir)
{
	char *p = wf_xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char save = *s;

			*s = '\0';
			if (mkdir(p, 0777) == -1 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = save;
			if (save == '\0')
				break;
		}
	}
	free(p);
	if (rc == 0) {
		struct stat st;

		if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			rc = -1;
		}
	}
	return rc;
}

int
wf_plot_available(void)
{
	char *p = wf_gp_find();

	free(p);
	return p != NULL;
}


/* ---- the figures: each writes its data file and the values its template needs ---- */

/* How many steps a bar chart of steps shows: the ones with the most time, the rest summed as
 * one "other" bar, so that 300 steps still leave readable bars and labels. */
#define TOP_STEPS 16
/* Longest tic label and key entry, in characters; longer ones end in an ellipsis. */
#define LABEL_CHARS 24
#define KEY_CHARS 60

/* A figure with nothing to draw: the template empty.gp says why in the middle. */
static const char *
empty(FILE *gp, const char *title, const char *why)
{
	wf_gp_set_str(gp, "title", title);
	wf_gp_set_str(gp, "why", why);
	return "empty";
}

/* "as-is: NAME" for the key, shortened. */
static void
set_key(FILE *gp, const char *var, const char *role, const struct wf_run *r)
{
	char *s = wf_xasprintf("%s: %s", role, r != NULL && r->model_name ? r->model_name : "model");
	char *k = wf_gp_shorten(s, KEY_CHARS);

	wf_gp_set_str(gp, var, k);
	free(k);
	free(s);
}

/* `array var[n] = ['a', 'b']`: the tic labels of a bar chart, each shortened to `width`
 * characters (0: as they are). */
static void
set_texts(FILE *gp, const char *var, const char *const *labels, size_t n, size_t width)
{
	size_t i;

	fprintf(gp, "n_%s = %zu\narray %s[%zu]", var, n, var, n ? n : 1);
	if (n > 0) {
		fputs(" = [", gp);
		for (i = 0; i < n; i++) {
			char *s = wf_gp_shorten(labels[i] ? labels[i] : "?", width ? width : SIZE_MAX);

			if (i)
				fputs(", ", gp);
			wf_gp_quote(gp, s);
			free(s);
		}
		fputc(']', gp);
	}
	fputc('\n', gp);
}

static void
set_labels(FILE *gp, const char *var, const char *const *labels, size_t n)
{
	set_texts(gp, var, labels, n, LABEL_CHARS);
}

/* 1 when n labels of up to `longest` characters would run into each other flat. */
static int
slant(size_t n, size_t longest)
{
	if (longest > LABEL_CHARS)
		longest = LABEL_CHARS;
	return n * (longest + 2) > 90;
}

static double
cdf_at(const struct wf_run *r, int pct)
{
	return r->cycle_cdf[pct];
}

/* The p50 or p90 the tables and the JSON report (the mean over replications of each
 * replication's percentile), for the title and labels: the curve pools all replications,
 * which can differ by a little, but a figure must say the same number everywhere. */
static double
reported_pct(const struct wf_run *r, int pct)
{
	return r->metric[pct == 50 ? WF_M_CYCLE_TIME_P50 : WF_M_CYCLE_TIME_P90].mean;
}

/* A reported time written as the tables write it ("8 h", "25 min"). */
static const char *
table_time(const struct wf_run *r, double t, char *buf, size_t len)
{
	wf_format_time(t, r->unit_minutes > 0 ? r->unit_minutes : 1, buf, len);
	return buf;
}

static const char *
plot_cycle(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_run *runs[2] = { x->a, x->b };
	char t1[32], t2[32], *s;
	double xmax = 0;
	int i, k;

	fprintf(dat, "# cycle time distribution: time (%s), share of cases done within it (%%)\n",
		x->tunit_long);
	for (k = 0; k < 2; k++) {
		const struct wf_run *r = runs[k];

		fprintf(dat, "# %s: ", k == 0 ? "as-is" : "to-be");
		comment(dat, r != NULL ? r->model_name : "(none)");
		fputc('\n', dat);
		for (i = 0; i < WF_CDF_POINTS; i++) {
			if (r == NULL) {
				fputs(" NaN NaN\n", dat);
				continue;
			}
			wf_gp_num(dat, tval(x, r->cycle_cdf[i]));
			wf_gp_num(dat, 100.0 * i / (WF_CDF_POINTS - 1));
			fputc('\n', dat);
		}
		fputs("\n\n", dat);
		/* The axis ends at the 99th percentile: one very long case would otherwise
		 * squeeze the rest of the curve against the left edge. */
		if (r != NULL && isfinite(cdf_at(r, 99)) && tval(x, cdf_at(r, 99)) > xmax)
			xmax = tval(x, cdf_at(r, 99));
		/* ... but the marked percentiles must be on it. */
		if (r != NULL && isfinite(reported_pct(r, 90)) && tval(x, reported_pct(r, 90)) > xmax)
			xmax = tval(x, reported_pct(r, 90));
	}
	if (!isfinite(cdf_at(x->b, 90)) && (x->a == NULL || !isfinite(cdf_at(x->a, 90))))
		return empty(gp, "Cycle time", "no case was completed");
	if (!isfinite(cdf_at(x->b, 90)))
		s = wf_xasprintf("Cycle time: no to-be case completed; as-is 90%% within %s",
				 table_time(x->a, reported_pct(x->a, 90), t2, sizeof t2));
	else if (x->a != NULL)
		s = wf_xasprintf("Cycle time: 90%% of cases done within %s, was %s",
				 table_time(x->b, reported_pct(x->b, 90), t1, sizeof t1),
				 table_time(x->a, reported_pct(x->a, 90), t2, sizeof t2));
	else
		s = wf_xasprintf("Cycle time: 90%% of cases done within %s, half within %s",
				 table_time(x->b, reported_pct(x->b, 90), t1, sizeof t1),
				 table_time(x->b, reported_pct(x->b, 50), t2, sizeof t2));
	wf_gp_set_str(gp, "title", s);
	free(s);
	s = wf_xasprintf("cycle time (%s; the axis ends at the 99th percentile)", x->tunit_long);
	wf_gp_set_str(gp, "xlabel", s);
	free(s);
	wf_gp_set_num(gp, "xmax", xmax > 0 ? xmax * 1.05 : NAN);
	fprintf(gp, "has_a = %d\nhas_b = %d\n", x->a != NULL && isfinite(cdf_at(x->a, 90)),
		isfinite(cdf_at(x->b, 90)));
	set_key(gp, "key_a", "as-is", x->a);
	set_key(gp, "key_b", x->a != NULL ? "to-be" : "model", x->b);
	/* p50 and p90 of each model as reported, in the tables' words. */
	for (k = 0; k < 2; k++) {
		const struct wf_run *r = runs[k];
		int p;

		for (p = 50; p <= 90; p += 40) {
			double v = r != NULL ? reported_pct(r, p) : NAN;
			char var[32];

			snprintf(var, sizeof var, "%c_p%d", k == 0 ? 'a' : 'b', p);
			wf_gp_set_num(gp, var, tval(x, v));
			snprintf(var, sizeof var, "%c_p%d_label", k == 0 ? 'a' : 'b', p);
			s = wf_xasprintf("p%d %s", p, r != NULL ? table_time(r, v, t1, sizeof t1) : "");
			wf_gp_set_str(gp, var, s);
			free(s);
		}
	}
	return "cycle-time";
}

struct bar {
	const char *label;
	int metric;
};

static const struct bar time_bars[] = {
	{ "cycle time mean", WF_M_CYCLE_TIME_MEAN },
	{ "cycle time p90", WF_M_CYCLE_TIME_P90 },
	{ "waiting per case", WF_M_WAIT_TIME_MEAN },
};

static const struct bar touch_bars[] = {
	{ "per case", WF_M_TOUCH_TIME_MEAN },
};

static const struct bar rate_bars[] = {
	{ "escalated", WF_M_ESCALATION_RATE },
	{ "reworked", WF_M_REWORK_RATE },
	{ "errors escaped", WF_M_ESCAPED_ERROR_RATE },
	{ "autonomous", WF_M_AUTONOMOUS_RATE },
	{ "within SLA", WF_M_SLA_ATTAINMENT },
};

/* Relative change as "-70%"; "n/a" when undefined. */
static const char *
fmt_change(double before, double after, char *buf, size_t len)
{
	if (!isfinite(before) || !isfinite(after) || before == 0)
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%+.0f%%", 100 * (after - before) / before);
	return buf;
}

/* Bars for a set of metrics: x, as-is mean, ci, to-be mean, ci; scaled by `scale`.  Returns
 * the highest mean + CI (0 when no bar is finite). */
static double
bar_rows(const struct ctx *x, FILE *dat, const struct bar *bars, size_t n, double scale, int sla)
{
	size_t i;
	double top = 0;

	for (i = 0; i < n; i++) {
		int m = bars[i].metric;
		int skip = m == WF_M_SLA_ATTAINMENT && !sla;
		const struct wf_summary *sa = x->a != NULL ? &x->a->metric[m] : NULL;
		const struct wf_summary *sb = &x->b->metric[m];
		double v[4];
		int k;

		v[0] = sa != NULL && !skip ? sa->mean * scale : NAN;
		v[1] = sa != NULL && !skip ? sa->ci95 * scale : NAN;
		v[2] = !skip ? sb->mean * scale : NAN;
		v[3] = !skip ? sb->ci95 * scale : NAN;
		fprintf(dat, "%zu", i);
		for (k = 0; k < 4; k++)
			wf_gp_num(dat, v[k]);
		fputc('\n', dat);
		for (k = 0; k < 4; k += 2) {
			double hi = v[k] + (isfinite(v[k + 1]) ? v[k + 1] : 0);

			if (isfinite(hi) && hi > top)
				top = hi;
		}
	}
	fputs("\n\n", dat);
	return top;
}

static void
bar_labels(FILE *gp, const char *var, const struct bar *bars, size_t n)
{
	const char *l[8];
	size_t i;

	for (i = 0; i < n && i < 8; i++)
		l[i] = bars[i].label;
	set_labels(gp, var, l, i);
}

/* The touch time's own unit: cycle times in days leave touch minutes invisible. */
static void
touch_unit(const struct ctx *x, double *scale, const char **unit)
{
	double um = x->b->unit_minutes > 0 ? x->b->unit_minutes : 1;
	double t = x->b->metric[WF_M_TOUCH_TIME_MEAN].mean * um;

	if (x->a != NULL && isfinite(x->a->metric[WF_M_TOUCH_TIME_MEAN].mean) &&
	    (!isfinite(t) || x->a->metric[WF_M_TOUCH_TIME_MEAN].mean * um > t))
		t = x->a->metric[WF_M_TOUCH_TIME_MEAN].mean * um;
	if (isfinite(t) && t < 2) {
		*scale = um * 60;
		*unit = "seconds";
	} else if (!isfinite(t) || t < 180) {
		*scale = um;
		*unit = "minutes";
	} else {
		*scale = um / 60;
		*unit = "hours";
	}
}

static const char *
plot_kpis(struct ctx *x, FILE *dat, FILE *gp)
{
	size_t nt = sizeof time_bars / sizeof time_bars[0];
	size_t nr = sizeof rate_bars / sizeof rate_bars[0];
	int sla = x->b->has_sla || (x->a != NULL && x->a->has_sla);
	char t1[32], t2[32], t3[32], t4[32], c1[16], c2[16], *title;
	const struct wf_summary *bc = &x->b->metric[WF_M_CYCLE_TIME_MEAN];
	const struct wf_summary *bt = &x->b->metric[WF_M_TOUCH_TIME_MEAN];
	double top_t, top_u, top_r, uscale;
	const char *uname;

	if (!sla)
		nr--;	/* SLA attainment is last: without an sla there is no bar */
	touch_unit(x, &uscale, &uname);
	fprintf(dat, "# key figures: index 0 times (%s), index 1 touch time (%s), index 2 rates (%%)\n"
		"# columns: bar, as-is mean, as-is 95%% CI half-width, to-be mean, to-be CI\n",
		x->tunit_long, uname);
	top_t = bar_rows(x, dat, time_bars, nt, x->tscale, sla);
	top_u = bar_rows(x, dat, touch_bars, 1, uscale, sla);
	top_r = bar_rows(x, dat, rate_bars, nr, 100, sla);

	if (x->a != NULL) {
		const struct wf_summary *ac = &x->a->metric[WF_M_CYCLE_TIME_MEAN];
		const struct wf_summary *at = &x->a->metric[WF_M_TOUCH_TIME_MEAN];

		title = wf_xasprintf("Mean cycle time %s → %s (%s), touch time %s → %s (%s)",
				     fmt_auto(x, ac->mean, t1, sizeof t1), fmt_auto(x, bc->mean, t2, sizeof t2),
				     fmt_change(ac->mean, bc->mean, c1, sizeof c1),
				     fmt_auto(x, at->mean, t3, sizeof t3), fmt_auto(x, bt->mean, t4, sizeof t4),
				     fmt_change(at->mean, bt->mean, c2, sizeof c2));
	} else
		title = wf_xasprintf("Mean cycle time %s, touch time %s per case",
				     fmt_auto(x, bc->mean, t1, sizeof t1), fmt_auto(x, bt->mean, t2, sizeof t2));
	wf_gp_set_str(gp, "title", title);
	free(title);
	fprintf(gp, "pair = %d\n", x->a != NULL);
	wf_gp_set_str(gp, "time_unit", x->tunit_long);
	wf_gp_set_str(gp, "touch_unit", uname);
	bar_labels(gp, "time_labels", time_bars, nt);
	bar_labels(gp, "touch_labels", touch_bars, 1);
	bar_labels(gp, "rate_labels", rate_bars, nr);
	/* The tops of the axes, with room for the value labels above the bars; a share never
	 * runs past 100%. */
	wf_gp_set_num(gp, "time_top", top_t > 0 ? top_t * 1.15 : 1);
	wf_gp_set_num(gp, "touch_top", top_u > 0 ? top_u * 1.15 : 1);
	wf_gp_set_num(gp, "rate_top", top_r <= 0 ? 1 : top_r * 1.15 > 100 ? 100 : top_r * 1.15);
	return "kpis";
}

/* The union of ids of two item lists in process order: the as-is order, with each item only
 * the to-be has placed after the to-be item before it (a new step shows where it sits). */
struct ulist {
	const char **id;
	int *ia, *ib;		/* index in a / b, or -1 */
	int *machine;
	size_t n;
};

static void
ulist_insert(struct ulist *u, size_t at, const char *id, int ia, int ib, int machine)
{
	size_t k;

	for (k = u->n; k > at; k--) {
		u->id[k] = u->id[k - 1];
		u->ia[k] = u->ia[k - 1];
		u->ib[k] = u->ib[k - 1];
		u->machine[k] = u->machine[k - 1];
	}
	u->id[at] = id;
	u->ia[at] = ia;
	u->ib[at] = ib;
	u->machine[at] = machine;
	u->n++;
}

static void
ulist_make(struct ulist *u, const struct wf_item *a, size_t na, const struct wf_item *b, size_t nb)
{
	size_t i, j, k, next = 0;	/* where an item only the to-be has goes */

	u->id = wf_xcalloc(na + nb, sizeof *u->id);
	u->ia = wf_xcalloc(na + nb, sizeof *u->ia);
	u->ib = wf_xcalloc(na + nb, sizeof *u->ib);
	u->machine = wf_xcalloc(na + nb, sizeof *u->machine);
	u->n = 0;
	for (i = 0; i < na; i++)
		ulist_insert(u, u->n, a[i].id, (int)i, -1, a[i].is_machine);
	for (j = 0; j < nb; j++) {
		for (k = 0; k < u->n; k++)
			if (u->ia[k] >= 0 && u->ib[k] < 0 && u->id[k] != NULL && b[j].id != NULL &&
			    strcmp(u->id[k], b[j].id) == 0)
				break;
		if (k < u->n) {
			u->ib[k] = (int)j;
			u->machine[k] |= b[j].is_machine;
			next = k + 1;
			continue;
		}
		ulist_insert(u, next, b[j].id, -1, (int)j, b[j].is_machine);
		next++;
	}
}

static void
ulist_free(struct ulist *u)
{
	free(u->id);
	free(u->ia);
	free(u->ib);
	free(u->machine);
}

/* Tic labels from item ids (" (machine)" marked when asked), slanted when flat ones would
 * overlap: `array labels[n]` and `slant`. */
static void
item_labels(FILE *gp, const struct ulist *u, int mark_machines)
{
	char **l = wf_xcalloc(u->n ? u->n : 1, sizeof *l);
	size_t i, longest = 0;

	for (i = 0; i < u->n; i++) {
		l[i] = wf_xasprintf("%s%s", u->id[i] ? u->id[i] : "?",
				    mark_machines && u->machine[i] ? " (machine)" : "");
		if (strlen(l[i]) > longest)
			longest = strlen(l[i]);
	}
	set_labels(gp, "labels", (const char *const *)l, u->n);
	fprintf(gp, "slant = %d\n", slant(u->n, longest));
	for (i = 0; i < u->n; i++)
		free(l[i]);
	free(l);
}

static const char *
plot_utilization(struct ctx *x, FILE *dat, FILE *gp)
{
	struct ulist u;
	size_t i;
	double top = 100;
	int best = -1;
	double best_u = -1;
	char *title, *best_id;

	if (x->a != NULL)
		ulist_make(&u, x->a->resources, x->a->n_resources, x->b->resources, x->b->n_resources);
	else
		ulist_make(&u, NULL, 0, x->b->resources, x->b->n_resources);
	fputs("# utilisation per resource (%): row, as-is mean, as-is 95% CI, to-be mean, to-be CI;\n"
	      "# NaN where the model has no such resource\n", dat);
	for (i = 0; i < u.n; i++) {
		/* ia[i] >= 0 only for an item of a: never when a is NULL (the analyzer misses it) */
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
		const struct wf_summary *sa = u.ia[i] >= 0 ? &x->a->resources[u.ia[i]].s[0] : NULL;
		const struct wf_summary *sb = u.ib[i] >= 0 ? &x->b->resources[u.ib[i]].s[0] : NULL;

		fprintf(dat, "%zu", i);
		wf_gp_num(dat, sa ? 100 * sa->mean : NAN);
		wf_gp_num(dat, sa ? 100 * sa->ci95 : NAN);
		wf_gp_num(dat, sb ? 100 * sb->mean : NAN);
		wf_gp_num(dat, sb ? 100 * sb->ci95 : NAN);
		fputs("  # ", dat);
		comment(dat, u.id[i]);
		fputc('\n', dat);
		if (sa && isfinite(sa->mean + sa->ci95) && 100 * (sa->mean + sa->ci95) > top)
			top = 100 * (sa->mean + sa->ci95);
		if (sb && isfinite(sb->mean + sb->ci95) && 100 * (sb->mean + sb->ci95) > top)
			top = 100 * (sb->mean + sb->ci95);
		if (sb && isfinite(sb->mean) && sb->mean > best_u) {
			best_u = sb->mean;
			best = (int)i;
		}
	}
	if (u.n == 0)
		fputs("NaN NaN NaN NaN NaN\n", dat);	/* keeps gnuplot from failing on no data */

	if (best < 0 && (x->a == NULL || u.n == 0)) {
		ulist_free(&u);
		return empty(gp, "Utilisation", u.n == 0 ? "the model has no resources" :
			     "no resource with a finite capacity was used");
	}
	/* a long name would push the title past the picture's edges */
	best_id = wf_gp_shorten(best >= 0 ? u.id[best] : "", LABEL_CHARS);
	if (best < 0)
		title = wf_xasprintf("Utilisation of resources");
	else if (x->a != NULL && u.ia[best] >= 0)
		/* best >= 0 means u has items, so u.ia is allocated (the analyzer misses it) */
		/* NOLINTBEGIN(clang-analyzer-core.NullDereference) */
		title = wf_xasprintf("Utilisation: busiest to-be resource is %s at %.0f%% (as-is %.0f%%)",
				     best_id, 100 * best_u, 100 * x->a->resources[u.ia[best]].s[0].mean);
		/* NOLINTEND(clang-analyzer-core.NullDereference) */
	else
		title = wf_xasprintf("Utilisation: busiest resource is %s at %.0f%%", best_id,
				     100 * best_u);
	free(best_id);
	wf_gp_set_str(gp, "title", title);
	free(title);
	fprintf(gp, "pair = %d\n", x->a != NULL);
	set_key(gp, "key_a", "as-is", x->a);
	set_key(gp, "key_b", x->a != NULL ? "to-be" : "model", x->b);
	wf_gp_set_num(gp, "ytop", top * 1.12);
	item_labels(gp, &u, 1);
	ulist_free(&u);
	return "utilization";
}

/* Mean work in progress over the samples after warm-up. */
static double
wip_avg(const struct wf_run *r)
{
	double s = 0;
	int i, n = 0;

	for (i = 0; i < WF_WIP_SAMPLES; i++) {
		double t = r->horizon * i / (WF_WIP_SAMPLES - 1);

		if (t >= r->warmup && isfinite(r->wip_mean[i])) {
			s += r->wip_mean[i];
			n++;
		}
	}
	return n ? s / n : NAN;
}

static const char *
plot_wip(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_run *runs[2] = { x->a, x->b };
	char *title;
	int i, k;
	double warm = 0;

	fputs("# work in progress (cases in the system) over time: day, mean across replications,"
	      " 10% and 90% across replications\n", dat);
	for (k = 0; k < 2; k++) {
		const struct wf_run *r = runs[k];

		fprintf(dat, "# %s: ", k == 0 ? "as-is" : "to-be");
		comment(dat, r != NULL ? r->model_name : "(none)");
		fputc('\n', dat);
		for (i = 0; i < WF_WIP_SAMPLES; i++) {
			if (r == NULL) {
				fputs("NaN NaN NaN NaN\n", dat);
				continue;
			}
			/* Samples are evenly spaced over [0, horizon], both ends included. */
			wf_gp_num(dat, r->horizon * i / (WF_WIP_SAMPLES - 1) * r->unit_minutes / 1440);
			wf_gp_num(dat, r->wip_mean[i]);
			wf_gp_num(dat, r->wip_lo[i]);
			wf_gp_num(dat, r->wip_hi[i]);
			fputc('\n', dat);
		}
		fputs("\n\n", dat);
		if (r != NULL && r->warmup > 0)
			warm = r->warmup * r->unit_minutes / 1440;
	}
	if (!isfinite(wip_avg(x->b)) && (x->a == NULL || !isfinite(wip_avg(x->a))))
		return empty(gp, "Work in progress", "no work in progress was recorded");
	if (x->a != NULL)
		title = wf_xasprintf("Work in progress: %.0f cases in the system on average, was %.0f",
				     wip_avg(x->b), wip_avg(x->a));
	else
		title = wf_xasprintf("Work in progress: %.0f cases in the system on average",
				     wip_avg(x->b));
	wf_gp_set_str(gp, "title", title);
	free(title);
	fprintf(gp, "pair = %d\n", x->a != NULL);
	set_key(gp, "key_a", "as-is", x->a);
	set_key(gp, "key_b", x->a != NULL ? "to-be" : "model", x->b);
	wf_gp_set_num(gp, "warmup_day", warm > 0 ? warm : NAN);
	wf_gp_set_num(gp, "horizon_day", x->b->horizon * x->b->unit_minutes / 1440);
	return "wip";
}

static const char *
plot_saved(struct ctx *x, FILE *dat, FILE *gp)
{
	long n = x->a->replications < x->b->replications ? x->a->replications : x->b->replications;
	struct wf_summary s = x->c->diff[WF_M_CYCLE_TIME_MEAN];
	double sum = 0, lo, hi, mean;
	long r, pos = 0, used = 0;
	char t1[32], t2[32], t3[32], *title;

	fprintf(dat, "# time saved per case (as-is minus to-be mean cycle time, %s) per replication\n",
		x->tunit_long);
	for (r = 0; r < n; r++) {
		double d = NAN;

		if (x->a->rep != NULL && x->b->rep != NULL)
			d = x->a->rep[r * WF_M_COUNT + WF_M_CYCLE_TIME_MEAN] -
			    x->b->rep[r * WF_M_COUNT + WF_M_CYCLE_TIME_MEAN];
		fprintf(dat, "%ld", r + 1);
		wf_gp_num(dat, tval(x, d));
		fputc('\n', dat);
		if (isfinite(d)) {
			sum += d;
			used++;
			pos += d > 0;
		}
	}
	if (n == 0)
		fputs("NaN NaN\n", dat);
	/* The difference's summary is to-be minus as-is; saved time is its negation.  If the
	 * caller did not fill it, the plain mean of the pairs stands in (no interval). */
	if (s.n > 0) {
		mean = -s.mean;
		lo = mean - s.ci95;
		hi = mean + s.ci95;
	} else {
		mean = used ? sum / used : NAN;
		lo = hi = mean;
	}
	if (!isfinite(mean) || used == 0)
		return empty(gp, "Time saved per case",
			     "not available: no replication completed cases in both models");
	title = wf_xasprintf("Time %s per case: %s (95%% CI %s to %s), %s in %ld of %ld replication%s",
			     mean >= 0 ? "saved" : "lost", fmt_auto(x, fabs(mean), t1, sizeof t1),
			     fmt_auto(x, mean >= 0 ? lo : -hi, t2, sizeof t2),
			     fmt_auto(x, mean >= 0 ? hi : -lo, t3, sizeof t3),
			     mean >= 0 ? "saved" : "lost", mean >= 0 ? pos : used - pos, used,
			     used == 1 ? "" : "s");
	wf_gp_set_str(gp, "title", title);
	free(title);
	title = wf_xasprintf("time saved per case (%s)", x->tunit_long);
	wf_gp_set_str(gp, "ylabel", title);
	free(title);
	fprintf(gp, "n_reps = %ld\n", n);
	wf_gp_set_num(gp, "mean", tval(x, mean));
	wf_gp_set_num(gp, "lo", tval(x, lo));
	wf_gp_set_num(gp, "hi", tval(x, hi));
	return "time-saved";
}

/* Which of n steps keep a bar of their own: all when they fit, else the TOP_STEPS - 1 with
 * the largest key (ties by process order), the rest summed as one "other" bar.  keep[i] is
 * set to 1 or 0; returns how many are kept. */
static size_t
pick_top(const double *key, size_t n, int *keep)
{
	size_t i, j, kept = 0;

	for (i = 0; i < n; i++) {
		size_t above = 0;

		if (n <= TOP_STEPS) {
			keep[i] = 1;
			continue;
		}
		/* its rank: the steps before it in the order (key desc, index asc); O(n^2)
		 * over a model's steps, a few hundred at most */
		for (j = 0; j < n; j++)
			if ((j < i && key[j] == key[i]) || key[j] > key[i])
				above++;
		keep[i] = above < TOP_STEPS - 1;
	}
	for (i = 0; i < n; i++)
		kept += keep[i] != 0;
	return kept;
}

/* The larger of two times, NaN ignored; -1 when both are NaN. */
static double
larger(double a, double b)
{
	double m = -1;

	if (isfinite(a) && a > m)
		m = a;
	if (isfinite(b) && b > m)
		m = b;
	return m;
}

static const char *
plot_where(struct ctx *x, FILE *dat, FILE *gp)
{
	/* per step: as-is wait, as-is work, to-be wait, to-be work, as-is and to-be time in a
	 * step without a resource (NaN where the model has no such step) */
	enum { AW, AK, BW, BK, AH, BH, NV };
	struct ulist u;
	double (*v)[NV], *key, other[NV] = { 0 };
	double sum[2][3] = { { 0, 0, 0 }, { 0, 0, 0 } };	/* [as-is, to-be][wait, work, hold] */
	size_t i, shown = 0, n_other, longest = 0;
	char *title, *other_label = NULL;
	const char **labels, *fig;
	int top_a = -1, k, *keep, has_hold = 0;
	double top_a_v = -1;

	if (x->a != NULL)
		ulist_make(&u, x->a->steps, x->a->n_steps, x->b->steps, x->b->n_steps);
	else
		ulist_make(&u, NULL, 0, x->b->steps, x->b->n_steps);
	v = wf_xcalloc(u.n + 1, sizeof *v);
	key = wf_xcalloc(u.n + 1, sizeof *key);
	keep = wf_xcalloc(u.n + 1, sizeof *keep);
	labels = wf_xcalloc(u.n + 1, sizeof *labels);
	for (i = 0; i < u.n; i++) {
		const struct wf_item *its[2] = { NULL, NULL };
		int s;

		/* ia[i] >= 0 only for an item of a: never when a is NULL */
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
		its[0] = u.ia[i] >= 0 ? &x->a->steps[u.ia[i]] : NULL;
		its[1] = u.ib[i] >= 0 ? &x->b->steps[u.ib[i]] : NULL;
		for (k = 0; k < NV; k++)
			v[i][k] = NAN;
		for (s = 0; s < 2; s++) {
			const struct wf_item *it = its[s];
			double service;

			if (it == NULL)
				continue;
			service = it->s[0].mean * it->s[2].mean;
			v[i][s ? BW : AW] = it->s[0].mean * it->s[1].mean;
			v[i][s ? BK : AK] = it->no_resource ? 0 : service;
			v[i][s ? BH : AH] = it->no_resource ? service : 0;
			sum[s][0] += isfinite(v[i][s ? BW : AW]) ? v[i][s ? BW : AW] : 0;
			sum[s][1] += isfinite(v[i][s ? BK : AK]) ? v[i][s ? BK : AK] : 0;
			sum[s][2] += isfinite(v[i][s ? BH : AH]) ? v[i][s ? BH : AH] : 0;
			has_hold |= it->no_resource && service > 0;
		}
		key[i] = larger(v[i][AW] + v[i][AK] + v[i][AH], v[i][BW] + v[i][BK] + v[i][BH]);
		if (isfinite(v[i][AW] + v[i][AK] + v[i][AH]) && v[i][AW] + v[i][AK] + v[i][AH] > top_a_v) {
			top_a_v = v[i][AW] + v[i][AK] + v[i][AH];
			top_a = (int)i;
		}
	}
	n_other = u.n - pick_top(key, u.n, keep);
	fprintf(dat, "# time per arriving case at each step (%s): visits x mean wait, visits x mean "
		"service\n# row, as-is wait, as-is work, to-be wait, to-be work, as-is and to-be time "
		"in a step without a resource; NaN: no such step", x->tunit_long);
	if (n_other > 0)
		fprintf(dat, "\n# the %zu steps with the most time, then the other %zu summed",
			u.n - n_other, n_other);
	fputc('\n', dat);
	for (i = 0; i < u.n; i++) {
		static const int col[NV] = { AW, AK, BW, BK, AH, BH };

		if (!keep[i]) {
			for (k = 0; k < NV; k++)
				other[k] += isfinite(v[i][k]) ? v[i][k] : 0;
			continue;
		}
		fprintf(dat, "%zu", shown);
		for (k = 0; k < NV; k++)
			wf_gp_num(dat, tval(x, v[i][col[k]]));
		fputs("  # ", dat);
		comment(dat, u.id[i]);
		fputc('\n', dat);
		labels[shown++] = u.id[i];
	}
	if (n_other > 0) {
		fprintf(dat, "%zu", shown);
		for (k = 0; k < NV; k++)
			wf_gp_num(dat, tval(x, other[k]));
		fprintf(dat, "  # other %zu steps\n", n_other);
		other_label = wf_xasprintf("other %zu steps", n_other);
		labels[shown++] = other_label;
	}
	if (u.n == 0)
		fputs("NaN NaN NaN NaN NaN NaN NaN\n", dat);
	{
		double ta = sum[0][0] + sum[0][1] + sum[0][2], tb = sum[1][0] + sum[1][1] + sum[1][2];
		char t1[32], *top_id = wf_gp_shorten(top_a >= 0 ? u.id[top_a] : "?", LABEL_CHARS);

		if (!(tb > 0) && (x->a == NULL || !(ta > 0)))
			title = NULL;
		else if (x->a != NULL && ta > 0 && tb > 0)
			title = wf_xasprintf("Where the time goes: %.0f%% of it is waiting, was %.0f%% "
					     "(most at %s, %s)",
					     100 * sum[1][0] / tb, 100 * sum[0][0] / ta, top_id,
					     fmt_auto(x, top_a_v, t1, sizeof t1));
		else if (tb > 0)
			title = wf_xasprintf("Where the time goes: %.0f%% of it is waiting",
					     100 * sum[1][0] / tb);
		else
			title = wf_xasprintf("Where the time goes");
		free(top_id);
	}
	if (title == NULL) {
		fig = empty(gp, "Where the time goes",
			    u.n == 0 ? "the model has no steps" : "no time was spent at any step");
	} else {
		wf_gp_set_str(gp, "title", title);
		free(title);
		title = wf_xasprintf("time per arriving case (%s)", x->tunit_long);
		wf_gp_set_str(gp, "ylabel", title);
		free(title);
		fprintf(gp, "pair = %d\nhas_hold = %d\n", x->a != NULL, has_hold);
		for (i = 0; i < shown; i++)
			if (strlen(labels[i]) > longest)
				longest = strlen(labels[i]);
		set_labels(gp, "labels", labels, shown);
		fprintf(gp, "slant = %d\n", slant(shown, longest));
		fig = "where-time-goes";
	}
	free(v);
	free(key);
	free(keep);
	free(labels);
	free(other_label);
	ulist_free(&u);
	return fig;
}

/* Per step, the human minutes per case as-is against to-be, steps added or removed marked
 * in their labels: where the hours went, and whether a step was added on top. */
static const char *
plot_process(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_econ_cmp *e = &x->c->econ;
	double sum[2] = { 0, 0 }, other[2] = { 0, 0 }, *key;
	size_t i, n = e->n_pd_steps, shown = 0, n_other, longest = 0;
	char *title, **l;
	int added = 0, removed = 0, *keep;

	if (n == 0) {
		fputs("NaN NaN NaN NaN\n", dat);
		return empty(gp, "Human minutes per step", "these results hold no process difference");
	}
	key = wf_xcalloc(n, sizeof *key);
	keep = wf_xcalloc(n, sizeof *keep);
	for (i = 0; i < n; i++)
		key[i] = larger(e->pd_steps[i].minutes_as_is, e->pd_steps[i].minutes_to_be);
	n_other = n - pick_top(key, n, keep);
	fputs("# human minutes per arriving case: row, as-is, to-be (NaN: the model has no such "
	      "step), change (0 kept, 1 added, -1 removed)\n", dat);
	if (n_other > 0)
		fprintf(dat, "# the %zu steps with the most minutes, then the other %zu summed "
			"(change 0)\n", n - n_other, n_other);
	l = wf_xcalloc(n + 1, sizeof *l);
	for (i = 0; i < n; i++) {
		const struct wf_pdiff_step *d = &e->pd_steps[i];

		if (isfinite(d->minutes_as_is))
			sum[0] += d->minutes_as_is;
		if (isfinite(d->minutes_to_be))
			sum[1] += d->minutes_to_be;
		added += !d->in_as_is;
		removed += !d->in_to_be;
		if (!keep[i]) {
			other[0] += isfinite(d->minutes_as_is) ? d->minutes_as_is : 0;
			other[1] += isfinite(d->minutes_to_be) ? d->minutes_to_be : 0;
			continue;
		}
		fprintf(dat, "%zu", shown);
		wf_gp_num(dat, d->minutes_as_is);
		wf_gp_num(dat, d->minutes_to_be);
		fprintf(dat, " %d  # ", d->in_as_is && d->in_to_be ? 0 : d->in_to_be ? 1 : -1);
		comment(dat, d->id);
		fputc('\n', dat);
		{
			char *id = wf_gp_shorten(d->id, LABEL_CHARS - 10);

			/* the mark stays whole: the name is shortened before it */
			l[shown] = wf_xasprintf("%s%s", id, !d->in_as_is ? " (added)" :
						!d->in_to_be ? " (removed)" : "");
			free(id);
		}
		shown++;
	}
	if (n_other > 0) {
		fprintf(dat, "%zu", shown);
		wf_gp_num(dat, other[0]);
		wf_gp_num(dat, other[1]);
		fprintf(dat, " 0  # other %zu steps\n", n_other);
		l[shown++] = wf_xasprintf("other %zu steps", n_other);
	}
	title = wf_xasprintf("Human minutes per case: %.1f -> %.1f (%d step%s added, %d removed)",
			     sum[0], sum[1], added, added == 1 ? "" : "s", removed);
	wf_gp_set_str(gp, "title", title);
	free(title);
	/* The model names are in the other figures; here the key stays short, above the bars. */
	wf_gp_set_str(gp, "key_a", "as-is");
	wf_gp_set_str(gp, "key_b", "to-be");
	for (i = 0; i < shown; i++)
		if (strlen(l[i]) > longest)
			longest = strlen(l[i]);
	set_labels(gp, "labels", (const char *const *)l, shown);
	fprintf(gp, "slant = %d\n", slant(shown, longest));
	for (i = 0; i < shown; i++)
		free(l[i]);
	free(l);
	free(key);
	free(keep);
	return "process";
}

/* The four weekly operating metrics drawn, and how: rates in percent, times in display units. */
static const struct {
	const char *title;
	enum wf_weekly_metric k;
	int is_time;
} weekly_panels[] = {
	{ "resolved (% of the week's cases)", WF_W_RESOLUTION_RATE, 0 },
	{ "resolved without a human (%)", WF_W_AUTONOMOUS_RATE, 0 },
	{ "escaped errors (%)", WF_W_ESCAPED_ERROR_RATE, 0 },
	{ "mean cycle time", WF_W_CYCLE_TIME_MEAN, 1 },
};

/* Operating metrics week by week (by arrival week), as-is against to-be, each with its 95%
 * interval across replications: whether a redesign is better "for a few weeks running", and
 * a ramp at work. */
static const char *
plot_weekly(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_run *a = x->a, *b = x->b;
	size_t n = b->n_weeks, w, p, np = sizeof weekly_panels / sizeof weekly_panels[0];
	char *t[sizeof weekly_panels / sizeof weekly_panels[0]];

	if (a != NULL && a->n_weeks > n)
		n = a->n_weeks;
	if (n == 0) {
		fputs("# no weekly figures\n", dat);
		return empty(gp, "Operating metrics week by week",
			     "these results hold no weekly figures");
	}
	fputs("# week; per panel: as-is mean, as-is 95% CI half-width, to-be mean, to-be CI "
	      "(rates in %, times in display units; NaN: none)\n", dat);
	for (w = 0; w < n; w++) {
		fprintf(dat, "%zu", w + 1);
		for (p = 0; p < np; p++) {
			const struct wf_run *r[2] = { a, b };
			int s;

			for (s = 0; s < 2; s++) {
				const struct wf_summary *v = r[s] != NULL && w < r[s]->n_weeks ?
				    &r[s]->weekly[w][weekly_panels[p].k] : NULL;
				double m = v ? v->mean : NAN, ci = v ? v->ci95 : NAN;

				if (weekly_panels[p].is_time) {
					wf_gp_num(dat, tval(x, m));
					wf_gp_num(dat, tval(x, ci));
				} else {
					wf_gp_num(dat, 100 * m);
					wf_gp_num(dat, 100 * ci);
				}
			}
		}
		fputc('\n', dat);
	}
	wf_gp_set_str(gp, "title", "Operating metrics week by week (cases by the week they "
		      "arrived), 95% CI across replications");
	fprintf(gp, "pair = %d\nn_weeks = %zu\n", a != NULL, n);
	/* The model names are in the other figures: a short key fits above the panels. */
	wf_gp_set_str(gp, "key_a", "as-is");
	wf_gp_set_str(gp, "key_b", a != NULL ? "to-be" : "model");
	for (p = 0; p < np; p++)
		t[p] = weekly_panels[p].is_time ?
		    wf_xasprintf("%s (%s)", weekly_panels[p].title, x->tunit_long) :
		    wf_xstrdup(weekly_panels[p].title);
	set_texts(gp, "panel_titles", (const char *const *)t, np, 0);
	for (p = 0; p < np; p++)
		free(t[p]);
	return "weekly";
}

/* What each figure of a run or comparison writes; the list itself is wf_figures. */
typedef const char *(*plot_fn)(struct ctx *, FILE *, FILE *);

static const struct {
	const char *name;
	plot_fn fn;
} drawers[] = {
	{ "cycle-time", plot_cycle },
	{ "kpis", plot_kpis },
	{ "utilization", plot_utilization },
	{ "wip", plot_wip },
	{ "time-saved", plot_saved },
	{ "where-time-goes", plot_where },
	{ "process", plot_process },
	{ "weekly", plot_weekly },
};

static plot_fn
drawer(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof drawers / sizeof drawers[0]; i++)
		if (strcmp(drawers[i].name, name) == 0)
			return drawers[i].fn;
	return NULL;
}

/* The figures of a run (pair 0) or a comparison, in the table's order. */
static int
drawn_here(const struct wf_figure *f, int pair)
{
	return f->when == WF_FIG_ALWAYS || (f->when == WF_FIG_PAIR && pair);
}

/* Removes NAME.png and NAME.svg: pictures that no longer match NAME.dat. */
static void
drop_pictures(const char *dir, const char *name)
{
	char *png = wf_xasprintf("%s/%s.png", dir, name), *svg = wf_xasprintf("%s/%s.svg", dir, name);

	unlink(png);
	unlink(svg);
	free(png);
	free(svg);
}

/* NAME.dat and NAME.gp of one figure, both committed or both discarded. */
static int
write_figure(struct ctx *x, const char *name, plot_fn fn)
{
	struct wf_outfile d, g;
	char *dn = wf_xasprintf("%s/%s.dat", x->dir, name);
	char *gn = wf_xasprintf("%s/%s.gp", x->dir, name);
	char e[512];
	const char *tmpl;
	int ok = 0;

	if (wf_outfile_open(&d, dn, e, sizeof(e)) == -1) {
		seterr(x, "%s", e);
		goto out;
	}
	if (wf_outfile_open(&g, gn, e, sizeof(e)) == -1) {
		seterr(x, "%s", e);
		wf_outfile_abort(&d);
		goto out;
	}
	wf_gp_begin(g.fp, name);
	tmpl = fn(x, d.fp, g.fp);
	if (wf_gp_append_templates(g.fp, tmpl, e, sizeof e) == -1) {
		seterr(x, "%s", e);
		wf_outfile_abort(&d);
		wf_outfile_abort(&g);
	} else if (wf_outfile_commit(&d, e, sizeof(e)) == -1) {
		wf_outfile_abort(&g);
		seterr(x, "%s", e);
	} else {
		drop_pictures(x->dir, name);
		if (wf_outfile_commit(&g, e, sizeof(e)) == -1)
			seterr(x, "%s", e);
		else
			ok = 1;
	}
out:
	free(dn);
	free(gn);
	return ok ? 0 : -1;
}

int
wf_plot_all(const struct wf_comparison *c, const char *dir, char *err, size_t errlen)
{
	struct ctx x;
	char *gnuplot = NULL, first[512], failed[256];
	size_t i, nfailed = 0;
	int rc = -1;

	memset(&x, 0, sizeof x);
	x.c = c;
	x.a = c->as_is.replications > 0 ? &c->as_is : NULL;
	x.b = &c->to_be;
	x.dir = dir;
	x.err = err;
	x.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	choose_unit(&x);
	if (make_dir(dir) == -1) {
		seterr(&x, "cannot create directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	/* Data and scripts first, all of them: they are useful even without gnuplot.  Once a
	 * figure's data are new its old pictures are wrong, so they go at once: whatever fails
	 * later, no picture from an earlier run sits beside data it does not show. */
	for (i = 0; i < wf_n_figures; i++) {
		plot_fn fn = drawer(wf_figures[i].name);

		if (!drawn_here(&wf_figures[i], x.a != NULL) || fn == NULL)
			continue;
		if (write_figure(&x, wf_figures[i].name, fn) == -1)
			return -1;
	}
	gnuplot = wf_gp_find();
	if (gnuplot == NULL) {
		seterr(&x, "gnuplot is not installed: install it (apt-get install gnuplot-nox) to draw "
		       "plots; the .dat and .gp files were written, no pictures");
		return -1;
	}
	/* One figure that fails does not stop the others; the message names every figure that
	 * has no picture now, after gnuplot's complaint about the first. */
	first[0] = failed[0] = '\0';
	for (i = 0; i < wf_n_figures; i++) {
		char e[512];

		if (!drawn_here(&wf_figures[i], x.a != NULL) || drawer(wf_figures[i].name) == NULL)
			continue;
		if (wf_gp_draw(gnuplot, dir, wf_figures[i].name, e, sizeof e) == 0)
			continue;
		if (nfailed++ == 0)
			snprintf(first, sizeof first, "%s", e);
		snprintf(failed + strlen(failed), sizeof failed - strlen(failed), "%s%s",
			 nfailed > 1 ? ", " : "", wf_figures[i].name);
	}
	if (nfailed > 0) {
		seterr(&x, "%s; not redrawn (no picture now): %s", first, failed);
		goto out;
	}
	rc = 0;
out:
	free(gnuplot);
	return rc;
}
