/* Plots of a run or a comparison: for each figure a data file, a gnuplot script that draws it
 * as PNG and SVG, and the pictures, drawn by running gnuplot as a child process.  Titles say
 * what the figure shows ("90% of cases done within 4.2 h, was 11.5 h") so that a reader who
 * looks at nothing else still gets the story. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wfsim/outfile.h"
#include "wfsim/plot.h"
#include "wfsim/xalloc.h"

/* As-is in a muted steel blue, to-be in a strong orange, in every figure; the light shades
 * mark waiting time and confidence bands. */
#define COL_ASIS	"#5b7da8"
#define COL_ASIS_LT	"#c5d3e6"
#define COL_TOBE	"#d9480f"
#define COL_TOBE_LT	"#f8b995"

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

/* A value for a data file: gnuplot reads "NaN" as an undefined point (a gap). */
static void
num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.10g", v);
	else
		fputs(" NaN", f);
}

/* A string from a model inside a gnuplot script, single-quoted: gnuplot interprets nothing
 * in single quotes but '' for a quote, so a model name cannot end the string or run a
 * command.  Control characters (a newline would end the command) become spaces. */
static void
gpstr(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\'')
			fputs("''", f);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* A model's string in a comment line of a data file. */
static void
comment(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
}

/* A time in display units as "4.2 h"; buf holds at least 32 bytes. */
static const char *
fmt_time(const struct ctx *x, double t, char *buf, size_t len)
{
	double v = t * x->tscale;

	if (!isfinite(v))
		snprintf(buf, len, "n/a");
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.0f %s", v, x->tunit);
	else if (fabs(v) >= 1)
		snprintf(buf, len, "%.1f %s", v, x->tunit);
	else
		snprintf(buf, len, "%.2f %s", v, x->tunit);
	return buf;
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

/* Full path of an executable named `name` on PATH, or NULL. */
static char *
find_on_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *e;

	if (path == NULL || *path == '\0')
		return NULL;
	for (p = path; ; p = e + 1) {
		char *cand;

		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)
			cand = wf_xasprintf("./%s", name);
		else
			cand = wf_xasprintf("%.*s/%s", (int)(e - p), p, name);
		if (access(cand, X_OK) == 0) {
			struct stat st;

			if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
				return cand;
		}
		free(cand);
		if (*e == '\0')
			break;
	}
	return NULL;
}

int
wf_plot_available(void)
{
	char *p = find_on_path("gnuplot");

	free(p);
	return p != NULL;
}

/* ---- the figures: each writes its data file and its script ---- */

/* The part of every script before the plot: where the pictures go and how they look.  The
 * same plot commands run twice, once per terminal.  `outbase` lets wfsim draw to temporary
 * names and rename them when gnuplot succeeds; a user running `gnuplot NAME.gp` gets NAME.png
 * and NAME.svg. */
static void
gp_begin(FILE *gp, const char *name)
{
	fprintf(gp, "# %s: drawn by wfsim; edit and draw again with: gnuplot %s.gp\n", name, name);
	fprintf(gp, "if (!exists(\"outbase\")) outbase = \"%s\"\n", name);
	fprintf(gp, "asis = \"%s\"; asis_lt = \"%s\"; tobe = \"%s\"; tobe_lt = \"%s\"\n",
		COL_ASIS, COL_ASIS_LT, COL_TOBE, COL_TOBE_LT);
	fputs("set encoding utf8\n"
	      "set datafile missing \"NaN\"\n"
	      "do for [fmt in \"png svg\"] {\n"
	      "if (fmt eq \"png\") {\n"
	      "  set terminal pngcairo size 1000,600 noenhanced font \"Sans,12\" background \"white\"\n"
	      "} else {\n"
	      "  set terminal svg size 1000,600 dynamic noenhanced font \"Sans,12\" background \"white\"\n"
	      "}\n"
	      "set output outbase.\".\".fmt\n"
	      "reset\n"
	      "set border 3 lc \"#555555\"\n"
	      "set tics nomirror textcolor \"#333333\"\n"
	      "set grid ytics lc \"#dddddd\" lt 1\n"
	      "set key top left noopaque box lc \"#cccccc\"\n"
	      "set title font \",14\"\n", gp);
}

static void
gp_end(FILE *gp, int multiplot)
{
	if (multiplot)
		fputs("unset multiplot\n", gp);
	fputs("unset output\n}\n", gp);
}

/* A figure with nothing to draw (no completed case, no resource ...): its title and a word in
 * the middle, rather than a gnuplot error ("all points undefined") or an empty frame that
 * looks like a bug. */
static void
gp_empty(FILE *gp, const char *name, const char *title, const char *why)
{
	gp_begin(gp, name);
	fputs("set title ", gp);
	gpstr(gp, title);
	fputs("\nunset border\nunset tics\nunset grid\nunset key\nset label 1 ", gp);
	gpstr(gp, why);
	fputs(" at graph 0.5, graph 0.5 center font \",14\" textcolor \"#666666\"\n"
	      "plot [0:1] [0:1] -1 notitle\n", gp);
	gp_end(gp, 0);
}

static void
gp_title(FILE *gp, const char *what, const char *title)
{
	fprintf(gp, "set %s ", what);
	gpstr(gp, title);
	fputc('\n', gp);
}

/* "as-is: NAME" for the key. */
static void
gp_key_title(FILE *gp, const char *role, const struct wf_run *r)
{
	char *s = wf_xasprintf("%s: %s", role, r->model_name ? r->model_name : "model");

	fputs("title ", gp);
	gpstr(gp, s);
	free(s);
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

static int
plot_cycle(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_run *runs[2] = { x->a, x->b };
	char t1[32], t2[32], t3[32], *title;
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
			num(dat, tval(x, r->cycle_cdf[i]));
			num(dat, 100.0 * i / (WF_CDF_POINTS - 1));
			fputc('\n', dat);
		}
		fputs("\n\n", dat);
		/* The axis ends at the 99th percentile: one very long case would otherwise
		 * squeeze the rest of the curve against the left edge. */
		if (r != NULL && isfinite(cdf_at(r, 99)) && tval(x, cdf_at(r, 99)) > xmax)
			xmax = tval(x, cdf_at(r, 99));
	}
	if (!isfinite(cdf_at(x->b, 90)) && (x->a == NULL || !isfinite(cdf_at(x->a, 90)))) {
		gp_empty(gp, "cycle-time", "Cycle time", "no case was completed");
		return 0;
	}
	if (!isfinite(cdf_at(x->b, 90)))
		title = wf_xasprintf("Cycle time: no to-be case completed; as-is 90%% within %s",
				     fmt_auto(x, reported_pct(x->a, 90), t2, sizeof t2));
	else if (x->a != NULL)
		title = wf_xasprintf("Cycle time: 90%% of cases done within %s, was %s",
				     fmt_auto(x, reported_pct(x->b, 90), t1, sizeof t1),
				     fmt_auto(x, reported_pct(x->a, 90), t2, sizeof t2));
	else
		title = wf_xasprintf("Cycle time: 90%% of cases done within %s, half within %s",
				     fmt_auto(x, reported_pct(x->b, 90), t1, sizeof t1),
				     fmt_auto(x, reported_pct(x->b, 50), t3, sizeof t3));
	gp_begin(gp, "cycle-time");
	gp_title(gp, "title", title);
	free(title);
	fprintf(gp, "set xlabel \"cycle time (%s; the axis ends at the 99th percentile)\"\n",
		x->tunit_long);
	fputs("set ylabel \"cases done within (%)\"\n"
	      "set yrange [0:100]\nset ytics 0,10,100\n"
	      "set key bottom right\n", gp);
	if (xmax > 0)
		fprintf(gp, "set xrange [0:%.10g]\n", xmax * 1.05);
	else
		fputs("set xrange [0:*]\n", gp);
	fputs("set arrow from graph 0, first 50 to graph 1, first 50 nohead dt 2 lc \"#999999\"\n"
	      "set arrow from graph 0, first 90 to graph 1, first 90 nohead dt 2 lc \"#999999\"\n", gp);
	/* p50 and p90 of each model as reported, marked on the line of their share. */
	for (k = 0; k < 2; k++) {
		const struct wf_run *r = runs[k];
		int p;

		if (r == NULL)
			continue;
		for (p = 50; p <= 90; p += 40) {
			double v = reported_pct(r, p);

			if (!isfinite(v))
				continue;
			fprintf(gp, "set label \"p%d %s\" at first %.10g, first %d %s offset 1,%s "
				"textcolor \"%s\" font \",11\" point pt 7 ps 1.3 lc \"%s\" front\n",
				p, fmt_time(x, v, t1, sizeof t1), tval(x, v), p,
				"left", k == 0 ? "0.8" : "-0.9",
				k == 0 ? COL_ASIS : COL_TOBE, k == 0 ? COL_ASIS : COL_TOBE);
		}
	}
	fputs("plot ", gp);
	if (x->a != NULL && isfinite(cdf_at(x->a, 90))) {
		fputs("'cycle-time.dat' index 0 using 1:2 with lines lw 3 lc rgb asis ", gp);
		gp_key_title(gp, "as-is", x->a);
		if (isfinite(cdf_at(x->b, 90)))
			fputs(", \\\n  ", gp);
	}
	if (isfinite(cdf_at(x->b, 90))) {
		fputs("'cycle-time.dat' index 1 using 1:2 with lines lw 3 lc rgb tobe ", gp);
		gp_key_title(gp, x->a != NULL ? "to-be" : "model", x->b);
	}
	fputc('\n', gp);
	gp_end(gp, 0);
	return 0;
}

struct bar {
	const char *label;
	int metric;
};

static const struct bar time_bars[] = {
	{ "cycle time\\nmean", WF_M_CYCLE_TIME_MEAN },
	{ "cycle time\\np90", WF_M_CYCLE_TIME_P90 },
	{ "waiting\\nper case", WF_M_WAIT_TIME_MEAN },
	{ "touch time\\nper case", WF_M_TOUCH_TIME_MEAN },
};

static const struct bar rate_bars[] = {
	{ "escalated", WF_M_ESCALATION_RATE },
	{ "reworked", WF_M_REWORK_RATE },
	{ "errors\\nescaped", WF_M_ESCAPED_ERROR_RATE },
	{ "auto-\\nnomous", WF_M_AUTONOMOUS_RATE },
	{ "within\\nSLA", WF_M_SLA_ATTAINMENT },
};

/* A bar's value label: two decimals below 1, one up to 100, none above. */
#define VFMT(col) "(" col " >= 100 ? sprintf(\"%.0f\", " col ") : " col " < 1 ? " \
	"sprintf(\"%.2f\", " col ") : sprintf(\"%.1f\", " col "))"

/* Relative change as "-70%"; empty when undefined. */
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
 * the number of finite bars. */
static int
bar_rows(const struct ctx *x, FILE *dat, const struct bar *bars, size_t n, double scale, int sla)
{
	size_t i;
	int finite = 0;

	for (i = 0; i < n; i++) {
		int m = bars[i].metric;
		int skip = m == WF_M_SLA_ATTAINMENT && !sla;
		const struct wf_summary *sa = x->a != NULL ? &x->a->metric[m] : NULL;
		const struct wf_summary *sb = &x->b->metric[m];

		fprintf(dat, "%zu", i);
		num(dat, sa != NULL && !skip ? sa->mean * scale : NAN);
		num(dat, sa != NULL && !skip ? sa->ci95 * scale : NAN);
		num(dat, !skip ? sb->mean * scale : NAN);
		num(dat, !skip ? sb->ci95 * scale : NAN);
		fputc('\n', dat);
		finite += !skip && isfinite(sb->mean);
		finite += !skip && sa != NULL && isfinite(sa->mean);
	}
	fputs("\n\n", dat);
	return finite;
}

static void
bar_tics(FILE *gp, const struct bar *bars, size_t n)
{
	size_t i;

	fputs("set xtics (", gp);
	for (i = 0; i < n; i++)
		fprintf(gp, "%s\"%s\" %zu", i ? ", " : "", bars[i].label, i);
	fputs(")\n", gp);
	fprintf(gp, "set xrange [-0.6:%zu.6]\n", n - 1);
}

/* Bars with 95% error bars and their values printed above; `idx` is the data block.  Keys say
 * only "as-is" and "to-be": the model names are in the other figures, and a long key would
 * hide the bars. */
static void
bar_plot(const struct ctx *x, FILE *gp, int idx, int key)
{
	double off = x->a != NULL ? 0.19 : 0;

	fputs("plot ", gp);
	if (x->a != NULL) {
		fprintf(gp, "'kpis.dat' index %d using ($1-%g):2 with boxes fs solid 0.9 noborder "
			"lc rgb asis ", idx, off);
		if (key)
			fputs("title \"as-is\"", gp);
		else
			fputs("notitle", gp);
		fprintf(gp, ", \\\n  '' index %d using ($1-%g):($2-$3):(0):(2*$3) with vectors heads size screen 0.008,90 lw 1.5 "
			"lc \"#222222\" notitle", idx, off);
		fprintf(gp, ", \\\n  '' index %d using ($1-%g):($2+$3):(%s) with "
			"labels offset 0,0.7 font \",10\" tc rgb asis notitle, \\\n  ", idx, off, VFMT("$2"));
	}
	fprintf(gp, "'kpis.dat' index %d using ($1+%g):4 with boxes fs solid 0.9 noborder "
		"lc rgb tobe ", idx, off);
	if (key)
		fputs(x->a != NULL ? "title \"to-be\"" : "notitle", gp);
	else
		fputs("notitle", gp);
	fprintf(gp, ", \\\n  '' index %d using ($1+%g):($4-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lw 1.5 "
		"lc \"#222222\" notitle", idx, off);
	fprintf(gp, ", \\\n  '' index %d using ($1+%g):($4+$5):(%s) with "
		"labels offset 0,0.7 font \",10\" tc rgb tobe notitle\n", idx, off, VFMT("$4"));
}

static int
plot_kpis(struct ctx *x, FILE *dat, FILE *gp)
{
	size_t nt = sizeof time_bars / sizeof time_bars[0];
	size_t nr = sizeof rate_bars / sizeof rate_bars[0];
	int sla = x->b->has_sla || (x->a != NULL && x->a->has_sla);
	char t1[32], t2[32], t3[32], t4[32], c1[16], c2[16], *title;
	const struct wf_summary *bc = &x->b->metric[WF_M_CYCLE_TIME_MEAN];
	const struct wf_summary *bt = &x->b->metric[WF_M_TOUCH_TIME_MEAN];
	int ft, fr;

	if (!sla)
		nr--;	/* SLA attainment is last: without an sla there is no bar */
	fprintf(dat, "# key figures: index 0 times (%s), index 1 rates (%%)\n"
		"# columns: bar, as-is mean, as-is 95%% CI half-width, to-be mean, to-be CI\n",
		x->tunit_long);
	ft = bar_rows(x, dat, time_bars, nt, x->tscale, sla);
	fr = bar_rows(x, dat, rate_bars, nr, 100, sla);

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
	gp_begin(gp, "kpis");
	fputs("set multiplot layout 1,2 title ", gp);
	gpstr(gp, title);
	fputs(" font \",14\"\n", gp);
	free(title);
	fputs("set boxwidth 0.36\nset style fill solid 0.9 noborder\n"
	      "set xtics scale 0 font \",11\"\nset yrange [0:*]\nset offsets 0,0,graph 0.15,0\n"
	      "set bmargin 4\nset key top left samplen 2\n", gp);
	fprintf(gp, "set title \"Times per case (%s), bars with 95%% CI\" font \",12\"\n", x->tunit_long);
	fprintf(gp, "set ylabel \"%s\"\n", x->tunit_long);
	if (x->a == NULL)
		fputs("unset key\n", gp);
	bar_tics(gp, time_bars, nt);
	/* With no finite bar gnuplot cannot autoscale: give it a range. */
	if (ft == 0)
		fputs("set yrange [0:1]\n", gp);
	bar_plot(x, gp, 0, 1);
	fputs("set title \"Shares of completed cases (%), bars with 95% CI\" font \",12\"\n"
	      "set ylabel \"% of cases\"\n", gp);
	bar_tics(gp, rate_bars, nr);
	fputs("unset key\n", gp);
	fputs(fr == 0 ? "set yrange [0:1]\n" : "set yrange [0:*]\n", gp);
	bar_plot(x, gp, 1, 0);
	gp_end(gp, 1);
	return 0;
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

/* Tic labels from item ids; long or many labels are slanted so they do not overlap. */
static void
item_tics(FILE *gp, const struct ulist *u, int mark_machines)
{
	size_t i, longest = 0;

	for (i = 0; i < u->n; i++)
		if (u->id[i] != NULL && strlen(u->id[i]) > longest)
			longest = strlen(u->id[i]);
	if (u->n * (longest + 2) > 90)
		fputs("set xtics rotate by -30 left\n", gp);
	fputs("set xtics (", gp);
	for (i = 0; i < u->n; i++) {
		char *s = wf_xasprintf("%s%s", u->id[i] ? u->id[i] : "?",
				       mark_machines && u->machine[i] ? " (machine)" : "");

		if (i)
			fputs(", ", gp);
		gpstr(gp, s);
		fprintf(gp, " %zu", i);
		free(s);
	}
	fputs(")\n", gp);
	fprintf(gp, "set xrange [-0.6:%zu.6]\n", u->n ? u->n - 1 : 0);
}

static int
plot_utilization(struct ctx *x, FILE *dat, FILE *gp)
{
	struct ulist u;
	size_t i;
	double top = 100;
	int best = -1;
	double best_u = -1;
	char *title;
	double off = x->a != NULL ? 0.19 : 0;

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
		num(dat, sa ? 100 * sa->mean : NAN);
		num(dat, sa ? 100 * sa->ci95 : NAN);
		num(dat, sb ? 100 * sb->mean : NAN);
		num(dat, sb ? 100 * sb->ci95 : NAN);
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
		gp_empty(gp, "utilization", "Utilisation", u.n == 0 ? "the model has no resources" :
			 "no resource with a finite capacity was used");
		ulist_free(&u);
		return 0;
	}
	if (best < 0)
		title = wf_xasprintf("Utilisation of resources");
	else if (x->a != NULL && u.ia[best] >= 0)
		/* best >= 0 means u has items, so u.ia is allocated (the analyzer misses it) */
		/* NOLINTBEGIN(clang-analyzer-core.NullDereference) */
		title = wf_xasprintf("Utilisation: busiest to-be resource is %s at %.0f%% (as-is %.0f%%)",
				     u.id[best], 100 * best_u, 100 * x->a->resources[u.ia[best]].s[0].mean);
		/* NOLINTEND(clang-analyzer-core.NullDereference) */
	else
		title = wf_xasprintf("Utilisation: busiest resource is %s at %.0f%%", u.id[best],
				     100 * best_u);
	gp_begin(gp, "utilization");
	gp_title(gp, "title", title);
	free(title);
	fputs("set ylabel \"busy share of available time (%)\"\n"
	      "set boxwidth 0.36\nset style fill solid 0.9 noborder\nset xtics scale 0\n"
	      "set key top right\n", gp);
	fprintf(gp, "set yrange [0:%.10g]\n", top * 1.12);
	fputs("set arrow from graph 0, first 100 to graph 1, first 100 nohead dt 2 lw 2 lc \"#aa0000\" front\n"
	      "set label \"100% busy\" at graph 0.005, first 100 offset 0,0.6 textcolor \"#aa0000\"\n", gp);
	item_tics(gp, &u, 1);
	fputs("plot ", gp);
	if (x->a != NULL) {
		fprintf(gp, "'utilization.dat' using ($1-%g):2 with boxes lc rgb asis ", off);
		gp_key_title(gp, "as-is", x->a);
		fprintf(gp, ", \\\n  '' using ($1-%g):($2-$3):(0):(2*$3) with vectors heads size screen 0.008,90 lw 1.5 lc \"#222222\" notitle"
			", \\\n  '' using ($1-%g):($2+$3):(sprintf(\"%%.0f%%%%\", $2)) with labels "
			"offset 0,0.7 font \",10\" tc rgb asis notitle, \\\n  ", off, off);
	}
	fprintf(gp, "'utilization.dat' using ($1+%g):4 with boxes lc rgb tobe ", off);
	gp_key_title(gp, x->a != NULL ? "to-be" : "model", x->b);
	fprintf(gp, ", \\\n  '' using ($1+%g):($4-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lw 1.5 lc \"#222222\" notitle"
		", \\\n  '' using ($1+%g):($4+$5):(sprintf(\"%%.0f%%%%\", $4)) with labels "
		"offset 0,0.7 font \",10\" tc rgb tobe notitle\n", off, off);
	gp_end(gp, 0);
	ulist_free(&u);
	return 0;
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

static int
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
			num(dat, r->horizon * i / (WF_WIP_SAMPLES - 1) * r->unit_minutes / 1440);
			num(dat, r->wip_mean[i]);
			num(dat, r->wip_lo[i]);
			num(dat, r->wip_hi[i]);
			fputc('\n', dat);
		}
		fputs("\n\n", dat);
		if (r != NULL && r->warmup > 0)
			warm = r->warmup * r->unit_minutes / 1440;
	}
	if (!isfinite(wip_avg(x->b)) && (x->a == NULL || !isfinite(wip_avg(x->a)))) {
		gp_empty(gp, "wip", "Work in progress", "no work in progress was recorded");
		return 0;
	}
	if (x->a != NULL)
		title = wf_xasprintf("Work in progress: %.0f cases in the system on average, was %.0f",
				     wip_avg(x->b), wip_avg(x->a));
	else
		title = wf_xasprintf("Work in progress: %.0f cases in the system on average",
				     wip_avg(x->b));
	gp_begin(gp, "wip");
	gp_title(gp, "title", title);
	free(title);
	fputs("set xlabel \"day of the simulation (shaded: 10% to 90% of replications)\"\n"
	      "set ylabel \"cases in the system\"\n"
	      "set yrange [0:*]\nset xrange [0:*]\nset offsets 0,0,graph 0.15,0\n"
	      "set key top center horizontal opaque\n", gp);
	if (warm > 0)
		fprintf(gp, "set arrow from first %.10g, graph 0 to first %.10g, graph 1 nohead dt 3 "
			"lc \"#888888\"\nset label \"end of warm-up\" at first %.10g, graph 0.03 "
			"offset 0.5,0 textcolor \"#666666\"\n", warm, warm, warm);
	fputs("plot ", gp);
	if (x->a != NULL)
		fputs("'wip.dat' index 0 using 1:3:4 with filledcurves fs transparent solid 0.3 "
		      "noborder lc rgb asis notitle, \\\n  ", gp);
	fputs("'wip.dat' index 1 using 1:3:4 with filledcurves fs transparent solid 0.3 "
	      "noborder lc rgb tobe notitle", gp);
	if (x->a != NULL) {
		fputs(", \\\n  'wip.dat' index 0 using 1:2 with lines lw 2.5 lc rgb asis ", gp);
		gp_key_title(gp, "as-is", x->a);
	}
	fputs(", \\\n  'wip.dat' index 1 using 1:2 with lines lw 2.5 lc rgb tobe ", gp);
	gp_key_title(gp, x->a != NULL ? "to-be" : "model", x->b);
	fputc('\n', gp);
	gp_end(gp, 0);
	return 0;
}

static int
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
		num(dat, tval(x, d));
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
	if (!isfinite(mean) || used == 0) {
		gp_empty(gp, "time-saved", "Time saved per case",
			 "not available: no replication completed cases in both models");
		return 0;
	}
	title = wf_xasprintf("Time %s per case: %s (95%% CI %s to %s), %s in %ld of %ld replication%s",
			     mean >= 0 ? "saved" : "lost", fmt_auto(x, fabs(mean), t1, sizeof t1),
			     fmt_auto(x, mean >= 0 ? lo : -hi, t2, sizeof t2),
			     fmt_auto(x, mean >= 0 ? hi : -lo, t3, sizeof t3),
			     mean >= 0 ? "saved" : "lost", mean >= 0 ? pos : used - pos, used,
			     used == 1 ? "" : "s");
	gp_begin(gp, "time-saved");
	gp_title(gp, "title", title);
	free(title);
	fprintf(gp, "set xlabel \"replication\"\nset ylabel \"time saved per case (%s)\"\n",
		x->tunit_long);
	fprintf(gp, "set xrange [0:%ld]\nset key top right\n", n + 1);
	fputs("set boxwidth 0.7\nset style fill solid 0.85 noborder\n", gp);
	fputs("set yrange [*<0:0<*]\n", gp);
	fprintf(gp, "set object 1 rect from graph 0, first %.10g to graph 1, first %.10g "
		"fc rgb \"#888888\" fs transparent solid 0.25 noborder behind\n",
		tval(x, lo), tval(x, hi));
	fprintf(gp, "mean = %.10g\n", tval(x, mean));
	fputs("set arrow from graph 0, first 0 to graph 1, first 0 nohead lc \"#333333\"\n", gp);
	fputs("set key outside top center horizontal noopaque nobox\n"
	      "plot 'time-saved.dat' using 1:2 with boxes lc rgb tobe title \"time saved per case in each replication\", \\\n"
	      "  mean with lines lw 3 dt 2 lc \"#222222\" title \"mean (grey band: its 95% CI)\"\n", gp);
	gp_end(gp, 0);
	return 0;
}

static int
plot_where(struct ctx *x, FILE *dat, FILE *gp)
{
	struct ulist u;
	size_t i;
	double sum[2][2] = { { 0, 0 }, { 0, 0 } };	/* [as-is, to-be][wait, work] */
	double off = x->a != NULL ? 0.19 : 0;
	char *title;
	int top_a = -1;
	double top_a_v = -1;

	if (x->a != NULL)
		ulist_make(&u, x->a->steps, x->a->n_steps, x->b->steps, x->b->n_steps);
	else
		ulist_make(&u, NULL, 0, x->b->steps, x->b->n_steps);
	fprintf(dat, "# time per arriving case at each step (%s): visits x mean wait, visits x mean "
		"service\n# row, as-is wait, as-is work, to-be wait, to-be work; NaN: no such step\n",
		x->tunit_long);
	for (i = 0; i < u.n; i++) {
		double v[4] = { NAN, NAN, NAN, NAN };
		int k;

		if (u.ia[i] >= 0) {
			/* ia[i] >= 0 only for an item of a: never when a is NULL */
			/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
			const struct wf_item *it = &x->a->steps[u.ia[i]];

			v[0] = it->s[0].mean * it->s[1].mean;
			v[1] = it->s[0].mean * it->s[2].mean;
		}
		if (u.ib[i] >= 0) {
			const struct wf_item *it = &x->b->steps[u.ib[i]];

			v[2] = it->s[0].mean * it->s[1].mean;
			v[3] = it->s[0].mean * it->s[2].mean;
		}
		fprintf(dat, "%zu", i);
		for (k = 0; k < 4; k++) {
			num(dat, tval(x, v[k]));
			if (isfinite(v[k]))
				sum[k / 2][k % 2] += v[k];
		}
		fputs("  # ", dat);
		comment(dat, u.id[i]);
		fputc('\n', dat);
		if (isfinite(v[0] + v[1]) && v[0] + v[1] > top_a_v) {
			top_a_v = v[0] + v[1];
			top_a = (int)i;
		}
	}
	if (u.n == 0)
		fputs("NaN NaN NaN NaN NaN\n", dat);
	if (!(sum[1][0] + sum[1][1] > 0) && (x->a == NULL || !(sum[0][0] + sum[0][1] > 0))) {
		gp_empty(gp, "where-time-goes", "Where the time goes",
			 u.n == 0 ? "the model has no steps" : "no time was spent at any step");
		ulist_free(&u);
		return 0;
	}
	{
		double ta = sum[0][0] + sum[0][1], tb = sum[1][0] + sum[1][1];
		char t1[32];

		if (x->a != NULL && ta > 0 && tb > 0)
			title = wf_xasprintf("Where the time goes: %.0f%% of it is waiting, was %.0f%% "
					     "(most at %s, %s)",
					     100 * sum[1][0] / tb, 100 * sum[0][0] / ta,
					     top_a >= 0 ? u.id[top_a] : "?",
					     fmt_auto(x, top_a_v, t1, sizeof t1));
		else if (tb > 0)
			title = wf_xasprintf("Where the time goes: %.0f%% of it is waiting",
					     100 * sum[1][0] / tb);
		else
			title = wf_xasprintf("Where the time goes");
	}
	gp_begin(gp, "where-time-goes");
	gp_title(gp, "title", title);
	free(title);
	fprintf(gp, "set ylabel \"time per arriving case (%s)\"\n", x->tunit_long);
	fputs("set boxwidth 0.36\nset style fill solid 0.95 noborder\nset xtics scale 0\n"
	      "set yrange [0:*]\nset key top right\n", gp);
	item_tics(gp, &u, 0);
	/* Stacked by drawing the total in the working colour and the waiting part over it. */
	fputs("plot ", gp);
	if (x->a != NULL)
		fprintf(gp, "'where-time-goes.dat' using ($1-%g):($2+$3) with boxes lc rgb asis "
			"title \"as-is: working\", \\\n  '' using ($1-%g):2 with boxes lc rgb asis_lt "
			"title \"as-is: waiting\", \\\n  ", off, off);
	fprintf(gp, "'where-time-goes.dat' using ($1+%g):($4+$5) with boxes lc rgb tobe "
		"title \"%s: working\", \\\n  '' using ($1+%g):4 with boxes lc rgb tobe_lt "
		"title \"%s: waiting\"\n", off, x->a ? "to-be" : "model", off, x->a ? "to-be" : "model");
	gp_end(gp, 0);
	ulist_free(&u);
	return 0;
}

/* Per step, the human minutes per case as-is against to-be, steps added or removed marked
 * in their labels: where the hours went, and whether a step was added on top. */
static int
plot_process(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_econ_cmp *e = &x->c->econ;
	double sum[2] = { 0, 0 };
	size_t i, longest = 0;
	char *title;
	int added = 0, removed = 0;

	fputs("# human minutes per arriving case: row, as-is, to-be (NaN: the model has no such "
	      "step), change (0 kept, 1 added, -1 removed)\n", dat);
	for (i = 0; i < e->n_pd_steps; i++) {
		const struct wf_pdiff_step *d = &e->pd_steps[i];

		fprintf(dat, "%zu", i);
		num(dat, d->minutes_as_is);
		num(dat, d->minutes_to_be);
		fprintf(dat, " %d  # ", d->in_as_is && d->in_to_be ? 0 : d->in_to_be ? 1 : -1);
		comment(dat, d->id);
		fputc('\n', dat);
		if (isfinite(d->minutes_as_is))
			sum[0] += d->minutes_as_is;
		if (isfinite(d->minutes_to_be))
			sum[1] += d->minutes_to_be;
		added += !d->in_as_is;
		removed += !d->in_to_be;
		if (strlen(d->id) > longest)
			longest = strlen(d->id);
	}
	if (e->n_pd_steps == 0) {
		fputs("NaN NaN NaN NaN\n", dat);
		gp_empty(gp, "process", "Human minutes per step", "these results hold no process difference");
		return 0;
	}
	title = wf_xasprintf("Human minutes per case: %.1f -> %.1f (%d step%s added, %d removed)",
			     sum[0], sum[1], added, added == 1 ? "" : "s", removed);
	gp_begin(gp, "process");
	gp_title(gp, "title", title);
	free(title);
	fputs("set ylabel \"human minutes per arriving case\"\n"
	      "set boxwidth 0.36\nset style fill solid 0.9 noborder\nset xtics scale 0\n"
	      "set yrange [0:*]\nset key top right\n", gp);
	if (e->n_pd_steps * (longest + 12) > 90)
		fputs("set xtics rotate by -30 left\n", gp);
	fputs("set xtics (", gp);
	for (i = 0; i < e->n_pd_steps; i++) {
		const struct wf_pdiff_step *d = &e->pd_steps[i];
		char *lab = wf_xasprintf("%s%s", d->id, !d->in_as_is ? " (added)" : !d->in_to_be ?
					 " (removed)" : "");

		if (i)
			fputs(", ", gp);
		gpstr(gp, lab);
		fprintf(gp, " %zu", i);
		free(lab);
	}
	fprintf(gp, ")\nset xrange [-0.6:%zu.6]\n", e->n_pd_steps - 1);
	fputs("plot 'process.dat' using ($1-0.19):2 with boxes lc rgb asis ", gp);
	gp_key_title(gp, "as-is", x->a);
	fputs(", \\\n  '' using ($1+0.19):3 with boxes lc rgb tobe ", gp);
	gp_key_title(gp, "to-be", x->b);
	fputs(", \\\n  '' using ($1-0.19):2:(sprintf(\"%.1f\", $2)) with labels offset 0,0.7 "
	      "font \",10\" tc rgb asis notitle"
	      ", \\\n  '' using ($1+0.19):3:(sprintf(\"%.1f\", $3)) with labels offset 0,0.7 "
	      "font \",10\" tc rgb tobe notitle\n", gp);
	gp_end(gp, 0);
	return 0;
}

/* ---- files and gnuplot ---- */

/* Runs `gnuplot -e outbase='.NAME.tmp' NAME.gp` in dir, without a shell: argv is fixed text
 * of ours, so no model string reaches a command line.  0, or -1 with err (gnuplot's first
 * message line). */
static int
run_gnuplot(struct ctx *x, const char *gnuplot, const char *name)
{
	char *script = wf_xasprintf("%s.gp", name);
	char *setvar = wf_xasprintf("outbase='.%s.tmp'", name);
	char msg[1024];
	size_t len = 0;
	int fds[2], status, rc = -1;
	pid_t pid;

	msg[0] = '\0';
	if (pipe(fds) == -1) {
		seterr(x, "cannot run gnuplot: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid == -1) {
		close(fds[0]);
		close(fds[1]);
		seterr(x, "cannot run gnuplot: %s", strerror(errno));
		goto out;
	}
	wf_outfile_child(pid);
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		if (devnull != -1) {
			dup2(devnull, 0);
			dup2(devnull, 1);
		}
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (chdir(x->dir) == -1)
			_exit(126);
		execl(gnuplot, "gnuplot", "-e", setvar, script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		char buf[512];
		ssize_t got = read(fds[0], buf, sizeof buf);

		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		/* Keep the beginning: gnuplot's first message names the fault. */
		if (len < sizeof msg - 1) {
			size_t take = (size_t)got < sizeof msg - 1 - len ? (size_t)got : sizeof msg - 1 - len;

			memcpy(msg + len, buf, take);
			len += take;
			msg[len] = '\0';
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			wf_outfile_child(0);
			seterr(x, "cannot run gnuplot: %s", strerror(errno));
			goto out;
		}
	}
	wf_outfile_child(0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
	} else {
		char *p, *line = msg;

		/* The message that says what went wrong, without gnuplot's echo of the
		 * script line and its caret. */
		for (p = msg; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		while (*line == ' ')
			line++;
		while (p > line && p[-1] == ' ')
			*--p = '\0';
		if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
			seterr(x, "cannot enter '%s' to run gnuplot", x->dir);
		else if (WIFSIGNALED(status))
			seterr(x, "gnuplot crashed (signal %d) on '%s/%s'", WTERMSIG(status), x->dir,
			       script);
		else
			seterr(x, "gnuplot failed on '%s/%s': %s", x->dir, script,
			       *line ? line : "no message");
	}
out:
	free(script);
	free(setvar);
	return rc;
}

/* Renames .NAME.tmp.EXT to NAME.EXT, or removes it. */
static int
settle(const char *dir, const char *name, const char *ext, int ok)
{
	char *tmp = wf_xasprintf("%s/.%s.tmp.%s", dir, name, ext);
	char *fin = wf_xasprintf("%s/%s.%s", dir, name, ext);
	struct stat st;
	int rc = 0;

	if (ok && (stat(tmp, &st) == -1 || st.st_size == 0))
		rc = -1;
	else if (ok && rename(tmp, fin) == -1)
		rc = -1;
	if (!ok || rc != 0)
		unlink(tmp);
	free(tmp);
	free(fin);
	return rc;
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
static int
plot_weekly(struct ctx *x, FILE *dat, FILE *gp)
{
	const struct wf_run *a = x->a, *b = x->b;
	size_t n = b->n_weeks, w, p;
	char *title;
	int col;

	if (a != NULL && a->n_weeks > n)
		n = a->n_weeks;
	if (n == 0) {
		gp_empty(gp, "weekly", "Operating metrics week by week",
			 "these results hold no weekly figures");
		return 0;
	}
	fputs("# week; per panel: as-is mean, as-is 95% CI half-width, to-be mean, to-be CI "
	      "(rates in %, times in display units; NaN: none)\n", dat);
	for (w = 0; w < n; w++) {
		fprintf(dat, "%zu", w + 1);
		for (p = 0; p < sizeof weekly_panels / sizeof weekly_panels[0]; p++) {
			const struct wf_run *r[2] = { a, b };
			int s;

			for (s = 0; s < 2; s++) {
				const struct wf_summary *v = r[s] != NULL && w < r[s]->n_weeks ?
				    &r[s]->weekly[w][weekly_panels[p].k] : NULL;
				double m = v ? v->mean : NAN, ci = v ? v->ci95 : NAN;

				if (weekly_panels[p].is_time) {
					num(dat, tval(x, m));
					num(dat, tval(x, ci));
				} else {
					num(dat, 100 * m);
					num(dat, 100 * ci);
				}
			}
		}
		fputc('\n', dat);
	}
	title = wf_xasprintf("Operating metrics week by week (cases by the week they arrived), "
			     "95%% CI across replications");
	gp_begin(gp, "weekly");
	fputs("set multiplot layout 2,2 title ", gp);
	gpstr(gp, title);
	fputs(" font \",13\"\n", gp);
	free(title);
	fprintf(gp, "set xrange [0.5:%zu.5]\nset xtics 1 scale 0\nset xlabel \"week\"\n"
		"set key bottom left samplen 2 font \",10\"\nset bars small\n"
		"set yrange [0:*]\nset offsets 0,0,graph 0.08,0\n", n);
	for (p = 0; p < sizeof weekly_panels / sizeof weekly_panels[0]; p++) {
		col = 2 + 4 * (int)p;
		fputs("set title ", gp);
		if (weekly_panels[p].is_time) {
			char *t = wf_xasprintf("%s (%s)", weekly_panels[p].title, x->tunit_long);

			gpstr(gp, t);
			free(t);
		} else
			gpstr(gp, weekly_panels[p].title);
		fputs(" font \",12\"\n", gp);
		if (p > 0)
			fputs("unset key\n", gp);
		fputs("plot ", gp);
		if (a != NULL) {
			fprintf(gp, "'weekly.dat' using ($1-0.06):%d:%d with yerrorlines lw 2 pt 7 ps 0.6 "
				"lc rgb asis ", col, col + 1);
			gp_key_title(gp, "as-is", a);
			fputs(", \\\n  ", gp);
		}
		fprintf(gp, "'weekly.dat' using ($1+0.06):%d:%d with yerrorlines lw 2 pt 7 ps 0.6 "
			"lc rgb tobe ", col + 2, col + 3);
		gp_key_title(gp, a != NULL ? "to-be" : "model", b);
		fputc('\n', gp);
	}
	gp_end(gp, 1);
	return 0;
}

typedef int (*plot_fn)(struct ctx *, FILE *, FILE *);

static const struct figure {
	const char *name;
	plot_fn fn;
	int pair_only;
} figures[] = {
	{ "cycle-time", plot_cycle, 0 },
	{ "kpis", plot_kpis, 0 },
	{ "utilization", plot_utilization, 0 },
	{ "wip", plot_wip, 0 },
	{ "time-saved", plot_saved, 1 },
	{ "where-time-goes", plot_where, 0 },
	{ "process", plot_process, 1 },
	{ "weekly", plot_weekly, 0 },
};

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

/* Draws one figure from its script: gnuplot writes .NAME.tmp.png and .svg, registered as
 * temporary files while it runs, and both are renamed into place only if both are good. */
static int
draw(struct ctx *x, const char *gnuplot, const char *name)
{
	char *tpng = wf_xasprintf("%s/.%s.tmp.png", x->dir, name);
	char *tsvg = wf_xasprintf("%s/.%s.tmp.svg", x->dir, name);
	int s1 = wf_outfile_temp_add(tpng, 0), s2 = wf_outfile_temp_add(tsvg, 0);
	int ok = run_gnuplot(x, gnuplot, name) == 0;

	if (settle(x->dir, name, "png", ok) == -1 && ok) {
		seterr(x, "gnuplot wrote no '%s/%s.png'", x->dir, name);
		ok = 0;
	}
	if (settle(x->dir, name, "svg", ok) == -1 && ok) {
		seterr(x, "gnuplot wrote no '%s/%s.svg'", x->dir, name);
		ok = 0;
	}
	wf_outfile_temp_drop(s1);
	wf_outfile_temp_drop(s2);
	free(tpng);
	free(tsvg);
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
	for (i = 0; i < sizeof figures / sizeof figures[0]; i++) {
		struct wf_outfile d, g;
		char *dn, *gn, e[512];
		int ok;

		if (figures[i].pair_only && x.a == NULL)
			continue;
		dn = wf_xasprintf("%s/%s.dat", dir, figures[i].name);
		gn = wf_xasprintf("%s/%s.gp", dir, figures[i].name);
		if (wf_outfile_open(&d, dn, e, sizeof(e)) == -1) {
			seterr(&x, "%s", e);
			free(dn);
			free(gn);
			return -1;
		}
		if (wf_outfile_open(&g, gn, e, sizeof(e)) == -1) {
			seterr(&x, "%s", e);
			wf_outfile_abort(&d);
			free(dn);
			free(gn);
			return -1;
		}
		/* Both are committed or both discarded, so no temporary file stays behind. */
		ok = figures[i].fn(&x, d.fp, g.fp) == 0;
		if (!ok) {
			wf_outfile_abort(&d);
			wf_outfile_abort(&g);
		} else if (wf_outfile_commit(&d, e, sizeof(e)) == -1) {
			wf_outfile_abort(&g);
			seterr(&x, "%s", e);
			ok = 0;
		} else {
			drop_pictures(dir, figures[i].name);
			if (wf_outfile_commit(&g, e, sizeof(e)) == -1) {
				seterr(&x, "%s", e);
				ok = 0;
			}
		}
		free(dn);
		free(gn);
		if (!ok)
			return -1;
	}
	gnuplot = find_on_path("gnuplot");
	if (gnuplot == NULL) {
		seterr(&x, "gnuplot is not installed: install it (apt-get install gnuplot-nox) to draw "
		       "plots; the .dat and .gp files were written, no pictures");
		return -1;
	}
	/* One figure that fails does not stop the others; the message names every figure that
	 * has no picture now, after gnuplot's complaint about the first. */
	first[0] = failed[0] = '\0';
	for (i = 0; i < sizeof figures / sizeof figures[0]; i++) {
		if (figures[i].pair_only && x.a == NULL)
			continue;
		if (draw(&x, gnuplot, figures[i].name) == 0)
			continue;
		if (nfailed++ == 0 && err != NULL)
			snprintf(first, sizeof first, "%s", err);
		snprintf(failed + strlen(failed), sizeof failed - strlen(failed), "%s%s",
			 nfailed > 1 ? ", " : "", figures[i].name);
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
