/* A sweep's picture and page: each key difference against the varied value with its 95%
 * band, the break-even and the target marked (gnuplot, run as a child process as for the
 * other plots), and a one-page HTML report with the table and the picture inline. */
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
#include "wfsim/outfile.h"
#include "wfsim/plot.h"
#include "wfsim/sweep.h"
#include "wfsim/xalloc.h"

/* A string inside a gnuplot script, single-quoted: gnuplot interprets nothing there. */
static void
gpq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void
num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.10g", v);
	else
		fputs(" NaN", f);
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
			double h, y, ci, fig_scale = 1;
			int m = s->has_target ? s->target.metric : WF_M_SLA_ATTAINMENT;

			if (p->i[1] != j || p->state != WF_PT_DONE)
				continue;
			r = wf_sweep_side_run(s, p);
			fprintf(f, "%.10g", xof(s, p));
			h = c->as_is.unit_minutes / 60.0;
			y = -c->diff[WF_M_CYCLE_TIME_MEAN].mean * h;
			ci = c->diff[WF_M_CYCLE_TIME_MEAN].ci95 * h;
			num(f, y);
			num(f, y - ci);
			num(f, y + ci);
			if (c->econ.built && c->econ.not_valid == NULL) {
				y = c->econ.net_saving.mean / 1000;
				ci = c->econ.net_saving.ci95 / 1000;
			} else {
				y = ci = NAN;
			}
			num(f, y);
			num(f, y - ci);
			num(f, y + ci);
			y = 100 * c->diff[WF_M_ESCAPED_ERROR_RATE].mean;
			ci = 100 * c->diff[WF_M_ESCAPED_ERROR_RATE].ci95;
			num(f, y);
			num(f, y - ci);
			num(f, y + ci);
			if (wf_metrics[m].kind == WF_MK_RATE)
				fig_scale = 100;
			else if (wf_metrics[m].kind == WF_MK_TIME)
				fig_scale = h;
			y = r->metric[m].mean * fig_scale;
			ci = r->metric[m].ci95 * fig_scale;
			num(f, y);
			num(f, y - ci);
			num(f, y + ci);
			fputc('\n', f);
		}
	}
}

static void
mark_x(FILE *f, const struct wf_break_even *be, const char *what)
{
	if (!be->found)
		return;
	fprintf(f, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead lc \"#c0392b\" dt 2 lw 2\n",
		be->x, be->x);
	fprintf(f, "set label \"%s %.4g\" at %.10g, graph 0.95 left offset 0.5,0 textcolor \"#c0392b\"\n",
		what, be->x, be->x);
	if (isfinite(be->lo) && isfinite(be->hi))
		fprintf(f, "set object rect from %.10g, graph 0 to %.10g, graph 1 fc \"#c0392b\" "
			"fs transparent solid 0.08 noborder behind\n", be->lo, be->hi);
}

/* One panel: columns col (mean), col+1, col+2 (band) against x, one line per block. */
static void
panel(FILE *f, const struct wf_sweep *s, const char *title, const char *ylabel, int col)
{
	size_t n1 = s->n_vars > 1 ? s->var[1].n : 1, j;

	fputs("set title ", f);
	gpq(f, title);
	fputs("\nset ylabel ", f);
	gpq(f, ylabel);
	fputs("\nset xzeroaxis lt 1 lc \"#888888\"\nplot ", f);
	for (j = 0; j < n1; j++) {
		fprintf(f, "%s'sweep.dat' index %zu using 1:%d:%d with filledcurves fc lt %zu "
			"fs transparent solid 0.18 noborder notitle, ", j ? ", " : "", j, col + 1, col + 2,
			j + 1);
		fprintf(f, "'sweep.dat' index %zu using 1:%d with linespoints lt %zu pt 7 ps 0.6 lw 2 ", j,
			col, j + 1);
		if (s->n_vars > 1) {
			fputs("title ", f);
			gpq(f, s->var[1].value[j]);
		} else {
			fputs("notitle", f);
		}
	}
	fputs("\nunset arrow\nunset label\nunset object\n", f);
}

static void
write_gp(const struct wf_sweep *s, FILE *f)
{
	const char *cur = NULL;
	int m = s->has_target ? s->target.metric : WF_M_SLA_ATTAINMENT;
	char title[160], ylabel[64];
	size_t k;

	for (k = 0; k < s->n_pts && cur == NULL; k++)
		if (s->pt[k].state == WF_PT_DONE && s->pt[k].c.econ.currency)
			cur = s->pt[k].c.econ.currency;
	fputs("# sweep: drawn by wfsim; edit and draw again with: gnuplot sweep.gp\n"
	      "if (!exists(\"outbase\")) outbase = \"sweep\"\n"
	      "set encoding utf8\nset datafile missing \"NaN\"\n"
	      "do for [fmt in \"png svg\"] {\n"
	      "if (fmt eq \"png\") {\n"
	      "  set terminal pngcairo size 1200,900 noenhanced font \"Sans,11\" background \"white\"\n"
	      "} else {\n"
	      "  set terminal svg size 1200,900 dynamic noenhanced font \"Sans,11\" background \"white\"\n"
	      "}\n"
	      "set output outbase.\".\".fmt\n"
	      "reset\n"
	      "set border 3 lc \"#555555\"\nset tics nomirror\nset grid lc \"#dddddd\" lt 1\n"
	      "set key top left box lc \"#cccccc\"\n", f);
	if (s->n_vars < 2)
		fputs("unset key\n", f);
	fputs("set multiplot layout 2,2 title ", f);
	snprintf(title, sizeof(title), "Sweep of %s%s%s (to-be minus as-is, 95%% bands)",
		 s->var[0].path, s->n_vars > 1 ? ", one line per " : "",
		 s->n_vars > 1 ? s->var[1].path : "");
	gpq(f, title);
	fputs("\nset xlabel ", f);
	gpq(f, s->var[0].numeric ? s->var[0].path : "point");
	fputc('\n', f);
	if (!s->var[0].numeric) {
		fputs("set xtics (", f);
		for (k = 0; k < s->var[0].n; k++) {
			fputs(k ? ", " : "", f);
			gpq(f, s->var[0].value[k]);
			fprintf(f, " %zu", k);
		}
		fputs(")\n", f);
	}
	mark_x(f, &s->time_saved, "break-even");
	panel(f, s, "time saved per case", "hours", 2);
	mark_x(f, &s->net_saving, "break-even");
	snprintf(ylabel, sizeof(ylabel), "thousand %s", cur ? cur : "money");
	panel(f, s, "net saving per year", ylabel, 5);
	panel(f, s, "errors reaching customers, change", "points", 8);
	if (s->has_target) {
		double v = s->target.value;
		const struct wf_run *r = NULL;

		for (k = 0; k < s->n_pts && r == NULL; k++)
			if (s->pt[k].state == WF_PT_DONE)
				r = wf_sweep_side_run(s, &s->pt[k]);
		if (wf_metrics[m].kind == WF_MK_RATE)
			v *= 100;
		else if (wf_metrics[m].kind == WF_MK_TIME && r != NULL)
			v *= r->unit_minutes / 60.0;
		fprintf(f, "set arrow from graph 0, first %.10g to graph 1, first %.10g nohead lc "
			"\"#c0392b\" dt 2 lw 2\n", v, v);
		if (s->found >= 0)
			fprintf(f, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead lc \"#27ae60\" "
				"lw 2\n", xof(s, &s->pt[s->found]), xof(s, &s->pt[s->found]));
	}
	snprintf(title, sizeof(title), "%s: %s%s", s->var[0].side == WF_SWEEP_AS_IS ? "as-is" : "to-be",
		 wf_metrics[m].label, s->has_target ? " (target dashed)" : "");
	panel(f, s, title, wf_metrics[m].kind == WF_MK_RATE ? "%" :
	      wf_metrics[m].kind == WF_MK_TIME ? "hours" : "", 11);
	fputs("unset multiplot\nunset output\n}\n", f);
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
		num(f, -c->diff[WF_M_CYCLE_TIME_MEAN].mean * c->as_is.unit_minutes / 60.0);
		num(f, c->econ.built && c->econ.not_valid == NULL ? c->econ.net_saving.mean / 1000 : NAN);
		fputc('\n', f);
	}
}

/* Each point a coloured square with its value written on it: a heat map that needs no
 * regular grid (lists may be uneven); red below zero, blue above. */
static void
write_grid_gp(const struct wf_sweep *s, FILE *f)
{
	static const char *const what[] = { "time saved per case (hours)", "net saving per year (thousands)" };
	int i;

	fputs("# sweep-grid: drawn by wfsim; edit and draw again with: gnuplot sweep-grid.gp\n"
	      "if (!exists(\"outbase\")) outbase = \"sweep-grid\"\n"
	      "set encoding utf8\nset datafile missing \"NaN\"\n"
	      "do for [fmt in \"png svg\"] {\n"
	      "if (fmt eq \"png\") {\n"
	      "  set terminal pngcairo size 1200,550 noenhanced font \"Sans,11\" background \"white\"\n"
	      "} else {\n"
	      "  set terminal svg size 1200,550 dynamic noenhanced font \"Sans,11\" background \"white\"\n"
	      "}\n"
	      "set output outbase.\".\".fmt\n"
	      "reset\nunset key\nset border 3 lc \"#555555\"\nset tics nomirror\n"
	      "set palette defined (-1 \"#c0392b\", 0 \"#f7f7f7\", 1 \"#2471a3\")\n"
	      "set offsets graph 0.08, graph 0.08, graph 0.08, graph 0.08\n"
	      "set multiplot layout 1,2 title 'Sweep: to-be minus as-is at each pair of values'\n", f);
	fputs("set xlabel ", f);
	gpq(f, s->var[0].path);
	fputs("\nset ylabel ", f);
	gpq(f, s->var[1].path);
	fputc('\n', f);
	for (i = 0; i < 2; i++) {
		fprintf(f, "stats 'sweep-grid.dat' using %d nooutput\n"
			"m = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))\n"
			"set cbrange [-(m > 0 ? m : 1):(m > 0 ? m : 1)]\n", i + 3);
		fputs("set title ", f);
		gpq(f, what[i]);
		fprintf(f, "\nplot 'sweep-grid.dat' using 1:2:%d with points pt 5 ps 5 palette, "
			"'' using 1:2:(sprintf('%s', $%d)) with labels font ',9'\n", i + 3,
			i == 0 ? "%.2f" : "%.0f", i + 3);
	}
	fputs("unset multiplot\nunset output\n}\n", f);
}

static int
write_with(const char *path, void (*fn)(const struct wf_sweep *, FILE *), const struct wf_sweep *s,
	   char *err, size_t errlen)
{
	struct wf_outfile o;

	if (wf_outfile_open(&o, path, err, errlen) != 0)
		return -1;
	fn(s, o.fp);
	return wf_outfile_commit(&o, err, errlen);
}

/* gnuplot in dir on NAME.gp, drawing into .NAME.tmp.{png,svg}, renamed when it succeeds. */
static int
run_gnuplot(const char *dir, const char *name, char *err, size_t errlen)
{
	char setvar[96], script[64];
	static const char *const ext[] = { "png", "svg" };
	char from[4096], to[4096];
	int status, i, fd;
	pid_t pid;

	snprintf(setvar, sizeof(setvar), "outbase='.%s.tmp'", name);
	snprintf(script, sizeof(script), "%s.gp", name);
	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "cannot run gnuplot: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execlp("gnuplot", "gnuplot", "-e", setvar, script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	for (i = 0; i < 2; i++) {
		snprintf(from, sizeof(from), "%s/.%s.tmp.%s", dir, name, ext[i]);
		snprintf(to, sizeof(to), "%s/%s.%s", dir, name, ext[i]);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			if (rename(from, to) != 0) {
				snprintf(err, errlen, "cannot write '%s': %s", to, strerror(errno));
				return -1;
			}
		} else {
			unlink(from);
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "gnuplot failed on '%s/%s.gp' (draw it again with gnuplot "
			 "%s.gp there to see why)", dir, name, name);
		return -1;
	}
	return 0;
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
	if (write_with(path, write_dat, s, err, errlen) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/sweep.gp", dir);
	if (write_with(path, write_gp, s, err, errlen) != 0)
		return -1;
	if (s->n_vars == 2 && s->var[0].numeric && s->var[1].numeric) {
		snprintf(path, sizeof(path), "%s/sweep-grid.dat", dir);
		if (write_with(path, write_grid_dat, s, err, errlen) != 0)
			return -1;
		snprintf(path, sizeof(path), "%s/sweep-grid.gp", dir);
		if (write_with(path, write_grid_gp, s, err, errlen) != 0)
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
