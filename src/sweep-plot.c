/* A sweep's picture and page: the data and values for the templates plots/sweep.gp (each key
 * difference against the varied value with its 95% band, the break-even and the target
 * marked) and plots/sweep-grid.gp, drawn with gnuplot as the other plots are, and a one-page
 * HTML report with the table and the picture inline. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wfsim/gnuplot.h"
#include "wfsim/outfile.h"
#include "wfsim/plot.h"
#include "wfsim/sweep.h"
#include "wfsim/xalloc.h"

/* A figure y and its 95% interval as three columns: y, its low end, its high end. */
static void
band(FILE *f, double y, double ci)
{
	wf_gp_num(f, y);
	wf_gp_num(f, y - ci);
	wf_gp_num(f, y + ci);
}

/* The x of point p: its number, or its position when the values are words. */
static double
xof(const struct wf_sweep *s, const struct wf_sweep_point *p)
{
	return s->var[0].numeric ? s->var[0].x[p->i[0]] : (double)p->i[0];
}

/* One row per simulated point, a block (gnuplot index) per value of the second variable:
 * x, then mean, lower and upper bound of time saved (hours), net saving (thousands),
 * escaped errors (points) and the target figure. */
static void
write_dat(const struct wf_sweep *s, FILE *f)
{
	size_t n1 = s->n_vars > 1 ? s->var[1].n : 1, j, k;

	fputs("# x time_saved_h lo hi net_saving_k lo hi escaped_points lo hi figure lo hi\n", f);
	for (j = 0; j < n1; j++) {
		if (j > 0)
			fputs("\n\n", f);
		for (k = 0; k < s->n_pts; k++) {
			const struct wf_sweep_point *p = &s->pt[k];
			const struct wf_comparison *c = &p->c;
			const struct wf_run *r;
			double h, fig_scale = 1;
			int m = s->has_target ? s->target.metric : WF_M_SLA_ATTAINMENT;

			if (p->i[1] != j || p->state != WF_PT_DONE)
				continue;
			r = wf_sweep_side_run(s, p);
			fprintf(f, "%.10g", xof(s, p));
			h = c->as_is.unit_minutes / 60.0;
			band(f, -c->diff[WF_M_CYCLE_TIME_MEAN].mean * h,
			     c->diff[WF_M_CYCLE_TIME_MEAN].ci95 * h);
			if (c->econ.built && c->econ.not_valid == NULL)
				band(f, c->econ.net_saving.mean / 1000, c->econ.net_saving.ci95 / 1000);
			else
				band(f, NAN, NAN);
			band(f, 100 * c->diff[WF_M_ESCAPED_ERROR_RATE].mean,
			     100 * c->diff[WF_M_ESCAPED_ERROR_RATE].ci95);
			if (wf_metrics[m].kind == WF_MK_RATE)
				fig_scale = 100;
			else if (wf_metrics[m].kind == WF_MK_TIME)
				fig_scale = h;
			band(f, r->metric[m].mean * fig_scale, r->metric[m].ci95 * fig_scale);
			fputc('\n', f);
		}
	}
}

/* The break-even of one panel: its x and interval, NaN when there is none. */
static void
set_break_even(FILE *f, const char *var, const struct wf_break_even *be)
{
	char name[32];

	wf_gp_set_num(f, var, be->found ? be->x : NAN);
	snprintf(name, sizeof name, "%s_lo", var);
	wf_gp_set_num(f, name, be->found ? be->lo : NAN);
	snprintf(name, sizeof name, "%s_hi", var);
	wf_gp_set_num(f, name, be->found ? be->hi : NAN);
}

/* `array var[n] = [...]` of strings, and n_var. */
static void
set_words(FILE *f, const char *var, char *const *words, size_t n)
{
	size_t i;

	fprintf(f, "n_%s = %zu\narray %s[%zu]", var, n, var, n ? n : 1);
	if (n > 0) {
		fputs(" = [", f);
		for (i = 0; i < n; i++) {
			fputs(i ? ", " : "", f);
			wf_gp_quote(f, words[i]);
		}
		fputc(']', f);
	}
	fputc('\n', f);
}

/* The values plots/sweep.gp needs. */
static void
write_gp(const struct wf_sweep *s, FILE *f)
{
	const char *cur = NULL;
	int m = s->has_target ? s->target.metric : WF_M_SLA_ATTAINMENT;
	char title[160], ylabel[64];
	size_t k;
	double target = NAN, found = NAN;

	for (k = 0; k < s->n_pts && cur == NULL; k++)
		if (s->pt[k].state == WF_PT_DONE && s->pt[k].c.econ.currency)
			cur = s->pt[k].c.econ.currency;
	wf_gp_begin(f, "sweep");
	snprintf(title, sizeof(title), "Sweep of %s%s%s (to-be minus as-is, 95%% bands)",
		 s->var[0].path, s->n_vars > 1 ? ", one line per " : "",
		 s->n_vars > 1 ? s->var[1].path : "");
	wf_gp_set_str(f, "title", title);
	wf_gp_set_str(f, "xlabel", s->var[0].numeric ? s->var[0].path : "point");
	fprintf(f, "words = %d\n", !s->var[0].numeric);
	set_words(f, "x_labels", s->var[0].numeric ? NULL : s->var[0].value,
		  s->var[0].numeric ? 0 : s->var[0].n);
	if (s->n_vars > 1) {
		fprintf(f, "n_lines = %zu\n", s->var[1].n);
		set_words(f, "line_titles", s->var[1].value, s->var[1].n);
	} else {
		fputs("n_lines = 1\narray line_titles[1] = ['']\n", f);
	}
	{
		/* the middle of the x axis: a break-even right of it is labelled on its left, so
		 * that the label stays inside the picture */
		double lo = INFINITY, hi = -INFINITY;

		for (k = 0; k < s->var[0].n; k++) {
			double x = s->var[0].numeric ? s->var[0].x[k] : (double)k;

			lo = x < lo ? x : lo;
			hi = x > hi ? x : hi;
		}
		wf_gp_set_num(f, "x_mid", s->var[0].n ? (lo + hi) / 2 : NAN);
	}
	set_break_even(f, "be_time", &s->time_saved);
	set_break_even(f, "be_money", &s->net_saving);
	snprintf(ylabel, sizeof(ylabel), "thousand %s", cur ? cur : "money");
	wf_gp_set_str(f, "money_label", ylabel);
	if (s->has_target) {
		const struct wf_run *r = NULL;

		target = s->target.value;
		for (k = 0; k < s->n_pts && r == NULL; k++)
			if (s->pt[k].state == WF_PT_DONE)
				r = wf_sweep_side_run(s, &s->pt[k]);
		if (wf_metrics[m].kind == WF_MK_RATE)
			target *= 100;
		else if (wf_metrics[m].kind == WF_MK_TIME && r != NULL)
			target *= r->unit_minutes / 60.0;
		if (s->found >= 0)
			found = xof(s, &s->pt[s->found]);
	}
	wf_gp_set_num(f, "target", target);
	wf_gp_set_num(f, "found_x", found);
	snprintf(title, sizeof(title), "%s: %s%s", s->var[0].side == WF_SWEEP_AS_IS ? "as-is" : "to-be",
		 wf_metrics[m].label, s->has_target ? " (target dashed)" : "");
	wf_gp_set_str(f, "figure_title", title);
	wf_gp_set_str(f, "figure_unit", wf_metrics[m].kind == WF_MK_RATE ? "%" :
		      wf_metrics[m].kind == WF_MK_TIME ? "hours" : "");
}

/* ---------- two varied values: heat maps ---------- */

/* x y time_saved_h net_saving_k, one row per simulated point of the grid. */
static void
write_grid_dat(const struct wf_sweep *s, FILE *f)
{
	size_t k;

	fputs("# x y time_saved_h net_saving_k\n", f);
	for (k = 0; k < s->n_pts; k++) {
		const struct wf_sweep_point *p = &s->pt[k];
		const struct wf_comparison *c = &p->c;

		if (p->state != WF_PT_DONE)
			continue;
		fprintf(f, "%.10g %.10g", s->var[0].x[p->i[0]], s->var[1].x[p->i[1]]);
		wf_gp_num(f, -c->diff[WF_M_CYCLE_TIME_MEAN].mean * c->as_is.unit_minutes / 60.0);
		wf_gp_num(f, c->econ.built && c->econ.not_valid == NULL ? c->econ.net_saving.mean / 1000 : NAN);
		fputc('\n', f);
	}
}

/* The values plots/sweep-grid.gp needs: the axes' names. */
static void
write_grid_gp(const struct wf_sweep *s, FILE *f)
{
	wf_gp_begin(f, "sweep-grid");
	wf_gp_set_str(f, "xlabel", s->var[0].path);
	wf_gp_set_str(f, "ylabel", s->var[1].path);
}

/* Writes path with fn; a script (template != NULL) ends with the style and the template. */
static int
write_with(const char *path, void (*fn)(const struct wf_sweep *, FILE *), const struct wf_sweep *s,
	   const char *template, char *err, size_t errlen)
{
	struct wf_outfile o;

	if (wf_outfile_open(&o, path, err, errlen) != 0)
		return -1;
	fn(s, o.fp);
	if (template != NULL && wf_gp_append_templates(o.fp, template, err, errlen) != 0) {
		wf_outfile_abort(&o);
		return -1;
	}
	return wf_outfile_commit(&o, err, errlen);
}

/* gnuplot in dir on NAME.gp; the pictures appear whole or not at all. */
static int
run_gnuplot(const char *dir, const char *name, char *err, size_t errlen)
{
	char *gnuplot = wf_gp_find();
	int rc;

	if (gnuplot == NULL) {
		snprintf(err, errlen, "gnuplot is not installed");
		return -1;
	}
	rc = wf_gp_draw(gnuplot, dir, name, err, errlen);
	free(gnuplot);
	return rc;
}

int
wf_sweep_plot(const struct wf_sweep *s, const char *dir, char *err, size_t errlen)
{
	char path[4096];

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create '%s': %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/sweep.dat", dir);
	if (write_with(path, write_dat, s, NULL, err, errlen) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/sweep.gp", dir);
	if (write_with(path, write_gp, s, "sweep", err, errlen) != 0)
		return -1;
	if (s->n_vars == 2 && s->var[0].numeric && s->var[1].numeric) {
		snprintf(path, sizeof(path), "%s/sweep-grid.dat", dir);
		if (write_with(path, write_grid_dat, s, NULL, err, errlen) != 0)
			return -1;
		snprintf(path, sizeof(path), "%s/sweep-grid.gp", dir);
		if (write_with(path, write_grid_gp, s, "sweep-grid", err, errlen) != 0)
			return -1;
	}
	if (!wf_plot_available()) {
		snprintf(err, errlen, "gnuplot is not installed: '%s' holds sweep.dat and sweep.gp; "
			 "install gnuplot (apt-get install gnuplot-nox) and run 'gnuplot sweep.gp' there",
			 dir);
		return -1;
	}
	if (run_gnuplot(dir, "sweep", err, errlen) != 0)
		return -1;
	if (s->n_vars < 2 || !s->var[0].numeric || !s->var[1].numeric)
		return 0;
	return run_gnuplot(dir, "sweep-grid", err, errlen);
}

/* ---------- the report ---------- */

static void
esc(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n')
				fputc(*s, f);
		}
}

/* The SVG file inline, from its <svg element on (the XML prologue is not allowed there). */
static void
inline_svg(FILE *f, const char *path)
{
	FILE *in = fopen(path, "r");
	char buf[8192], *p;
	size_t n;
	int started = 0;

	if (in == NULL)
		return;
	fputs("<figure>\n", f);
	while (fgets(buf, sizeof(buf), in) != NULL) {
		p = buf;
		if (!started) {
			if ((p = strstr(buf, "<svg")) == NULL)
				continue;
			started = 1;
		}
		n = strlen(p);
		fwrite(p, 1, n, f);
	}
	fputs("</figure>\n", f);
	fclose(in);
}

int
wf_sweep_report(const struct wf_sweep *s, const char *plots_dir, const char *path, char *err,
		size_t errlen)
{
	struct wf_outfile o;
	struct wf_table t;
	char sum[2048], svg[4096];
	size_t i, j;
	FILE *f;

	if (wf_outfile_open(&o, path, err, errlen) != 0)
		return -1;
	f = o.fp;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"wfsim " PACKAGE_VERSION "\">\n<title>wfsim sweep: ", f);
	esc(f, s->var[0].path);
	fputs("</title>\n<style>\nbody{font-family:sans-serif;margin:2em;color:#222}"
	      "table{border-collapse:collapse}td,th{padding:.25em .8em;text-align:right;"
	      "border-bottom:1px solid #eee}th:first-child,td:first-child{text-align:left}"
	      "figure{margin:1em 0}svg{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n<h1>Sweep of ", f);
	esc(f, s->var[0].path);
	if (s->n_vars > 1) {
		fputs(" and ", f);
		esc(f, s->var[1].path);
	}
	fputs("</h1>\n", f);
	wf_sweep_summary(s, sum, sizeof(sum));
	if (sum[0]) {
		fputs("<p>", f);
		for (i = 0; sum[i]; i++) {
			if (sum[i] == '\n') {
				fputs(sum[i + 1] ? "<br>\n" : "", f);
				continue;
			}
			esc(f, (char[]){ sum[i], '\0' });
		}
		fputs("</p>\n", f);
	}
	if (plots_dir != NULL) {
		snprintf(svg, sizeof(svg), "%s/sweep.svg", plots_dir);
		inline_svg(f, svg);
	}
	wf_table_sweep(&t, s);
	fputs("<table>\n<caption>", f);
	esc(f, t.title);
	fputs("</caption>\n<tr>", f);
	for (j = 0; j <= t.n_cols; j++) {
		fputs("<th>", f);
		esc(f, t.head[j]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (i = 0; i < t.n; i++) {
		fputs("<tr><td>", f);
		esc(f, t.rows[i].label);
		fputs("</td>", f);
		for (j = 0; j < t.n_cols; j++) {
			fputs("<td>", f);
			esc(f, t.rows[i].cell[j]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<footer><p>Made with wfsim " PACKAGE_VERSION ": every point is a paired "
	      "comparison on the same seeds; each figure is a mean across replications with its 95% "
	      "confidence interval.</p></footer>\n</body>\n</html>\n", f);
	wf_table_fini(&t);
	return wf_outfile_commit(&o, err, errlen);
}
