/* The one-page HTML report of a comparison (or of a single run): headline, tables and plots in
 * one self-contained file, with inline CSS and inline SVG and nothing fetched from anywhere,
 * so it can be mailed or archived and still open the same in years. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wfsim/outfile.h"
#include "wfsim/figures.h"
#include "wfsim/plot.h"
#include "wfsim/scenarios.h"
#include "wfsim/table.h"
#include "wfsim/xalloc.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* Writes s with the five HTML-special characters escaped; control characters other than tab
 * and newline are dropped (they are not allowed in HTML text). */
static void
esc(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if (ch >= 0x20 || ch == '\t' || ch == '\n')
				fputc(ch, f);
		}
	}
}

static const char css[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif;"
	"margin:0;background:#f4f5f7;color:#1d2330;line-height:1.45}\n"
	"main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff;"
	"box-shadow:0 0 12px rgba(0,0,0,.06)}\n"
	"h1{font-size:1.9em;margin:.2em 0 .1em}\n"
	"h1 .asis{color:#5b7da8}h1 .tobe{color:#d9480f}h1 .arrow{color:#888;padding:0 .3em}\n"
	"h2{font-size:1.3em;margin:1.8em 0 .6em;border-bottom:2px solid #e3e6eb;padding-bottom:.2em}\n"
	".sub{color:#555;margin:0 0 1.2em}\n"
	".headline{background:#fff6f0;border:1px solid #f3c9ae;border-left:6px solid #d9480f;"
	"border-radius:6px;padding:10px 18px;margin:18px 0}\n"
	".headline table{font-size:1.08em}\n"
	".headline tr.em td{font-size:1.2em;font-weight:700}\n"
	"table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\n"
	"caption{text-align:left;font-weight:600;padding:4px 0;color:#333}\n"
	"th,td{padding:5px 10px;text-align:right;border-bottom:1px solid #eceef2;vertical-align:top}\n"
	"th:first-child,td:first-child{text-align:left}\n"
	"th{background:#f0f2f5;font-weight:600}\n"
	"tr.em td{font-weight:700}\n"
	"figure{margin:18px 0 30px}\n"
	"figure svg{width:100%;height:auto;display:block;border:1px solid #eceef2}\n"
	"figcaption{color:#555;font-size:.92em;margin-top:4px}\n"
	".note{background:#fff8e1;border:1px solid #f0d98c;padding:10px 14px;border-radius:6px}\n"
	".warning{background:#fdecea;border:2px solid #c62828;color:#7f1d1d;padding:10px 14px;"
	"border-radius:6px;font-weight:600}\n"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px}\n"
	"dt{color:#555}dd{margin:0}\n"
	"footer{color:#777;font-size:.88em;margin-top:32px}\n";

static void
table_html(FILE *f, const struct wf_table *t, const char *cls)
{
	size_t i, j;

	fprintf(f, "<table class=\"%s\">\n", cls);
	if (t->title[0] != '\0') {
		fputs("<caption>", f);
		esc(f, t->title);
		fputs("</caption>\n", f);
	}
	fputs("<thead><tr>", f);
	for (j = 0; j <= t->n_cols && j <= WF_TABLE_CELLS; j++) {
		fputs("<th>", f);
		esc(f, t->head[j]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (i = 0; i < t->n; i++) {
		const struct wf_row *r = &t->rows[i];

		fputs(r->emphasis ? "<tr class=\"em\"><td>" : "<tr><td>", f);
		esc(f, r->label);
		fputs("</td>", f);
		for (j = 0; j < t->n_cols && j < WF_TABLE_CELLS; j++) {
			fputs("<td>", f);
			esc(f, r->cell[j]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/* Reads a whole file into a NUL-terminated heap string, or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		size_t got;

		buf = wf_xgrow(buf, &cap, len + 8192 + 1, 1);
		got = fread(buf + len, 1, 8192, f);
		len += got;
		if (got < 8192)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Copies a gnuplot SVG into the page from its <svg> element on (the XML prolog has no place
 * inside HTML).  Several SVGs in one page share one id space, and every gnuplot SVG defines
 * the same ids (gnuplot_canvas, gpPt0 ...): each id and each reference to one gets the prefix
 * so they stay unique. */
static int
svg_inline(FILE *f, const char *svg, const char *prefix)
{
	const char *p = strstr(svg, "<svg");
	static const char *const pats[] = { " id=\"", " id='", "href=\"#", "href='#", "url(#" };

	if (p == NULL)
		return -1;
	while (*p != '\0') {
		size_t k, best_k = 0;
		const char *best = NULL;

		for (k = 0; k < sizeof pats / sizeof pats[0]; k++) {
			const char *q = strstr(p, pats[k]);

			if (q != NULL && (best == NULL || q < best)) {
				best = q;
				best_k = k;
			}
		}
		if (best == NULL) {
			fputs(p, f);
			break;
		}
		best += strlen(pats[best_k]);
		fwrite(p, 1, (size_t)(best - p), f);
		fputs(prefix, f);
		p = best;
	}
	fputc('\n', f);
	return 0;
}

/* Removes the plot files in a temporary directory and the directory itself. */
static void
rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *p;

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			p = wf_xasprintf("%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The figures of a run (pair 0) or a comparison: the sweep's are in its own page. */
static int
in_report(const struct wf_figure *fig, int pair)
{
	return fig->when == WF_FIG_ALWAYS || (fig->when == WF_FIG_PAIR && pair);
}

static void
plots_html(FILE *f, const struct wf_comparison *c)
{
	static const char *const exts[4] = { "dat", "gp", "png", "svg" };
	const char *tmpdir = getenv("TMPDIR");
	char *dir, err[512], **temp;
	size_t i, ntemp = 4 * wf_n_figures;
	int pair = c->as_is.replications > 0, *slot, dslot;

	fputs("<h2>Plots</h2>\n", f);
	if (!wf_plot_available()) {
		fputs("<p class=\"note\">The plots are missing because gnuplot is not installed: install "
		      "it (<code>apt-get install gnuplot-nox</code>) and make the report again.</p>\n", f);
		return;
	}
	dir = wf_xasprintf("%s/wfsim-report-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (mkdtemp(dir) == NULL) {
		fputs("<p class=\"note\">The plots could not be drawn: no temporary directory (", f);
		esc(f, strerror(errno));
		fputs(").</p>\n", f);
		free(dir);
		return;
	}
	/* A signal while the plots are drawn must not leave this directory in /tmp: its files
	 * and the directory are registered for removal. */
	dslot = wf_outfile_temp_add(dir, 1);
	temp = wf_xcalloc(ntemp, sizeof *temp);
	slot = wf_xcalloc(ntemp, sizeof *slot);
	for (i = 0; i < ntemp; i++) {
		temp[i] = wf_xasprintf("%s/%s.%s", dir, wf_figures[i / 4].name, exts[i % 4]);
		slot[i] = wf_outfile_temp_add(temp[i], 0);
	}
	if (wf_plot_all(c, dir, err, sizeof err) == -1) {
		fputs("<p class=\"note\">The plots could not be drawn: ", f);
		esc(f, err);
		fputs("</p>\n", f);
	} else {
		for (i = 0; i < wf_n_figures; i++) {
			const struct wf_figure *fig = &wf_figures[i];
			char *path, *svg, *prefix;

			if (!in_report(fig, pair))
				continue;
			path = wf_xasprintf("%s/%s.svg", dir, fig->name);
			svg = slurp(path);
			prefix = wf_xasprintf("%s-", fig->name);
			fprintf(f, "<figure id=\"plot-%s\">\n", fig->name);
			if (svg == NULL || svg_inline(f, svg, prefix) == -1)
				fprintf(f, "<p class=\"note\">The plot %s is missing.</p>\n", fig->name);
			fputs("<figcaption>", f);
			esc(f, fig->caption);
			fputs("</figcaption>\n</figure>\n", f);
			free(svg);
			free(path);
			free(prefix);
		}
	}
	rm_tree(dir);
	for (i = 0; i < ntemp; i++) {
		wf_outfile_temp_drop(slot[i]);
		free(temp[i]);
	}
	free(temp);
	free(slot);
	wf_outfile_temp_drop(dslot);
	free(dir);
}

static void
model_html(FILE *f, const char *role, const struct wf_run *r)
{
	fprintf(f, "<dt>%s model</dt><dd>", role);
	esc(f, r->model_name ? r->model_name : "(unnamed)");
	if (r->model_file != NULL) {
		fputs(" (<code>", f);
		esc(f, r->model_file);
		fputs("</code>)", f);
	}
	fputs(", times in ", f);
	esc(f, r->time_unit ? r->time_unit : "model units");
	fputs("</dd>\n", f);
}

static void
settings_html(FILE *f, const struct wf_comparison *c)
{
	const struct wf_run *r = &c->to_be;
	int pair = c->as_is.replications > 0;
	char buf[64];

	fputs("<h2>Models and settings</h2>\n<dl>\n", f);
	if (pair)
		model_html(f, "As-is", &c->as_is);
	model_html(f, pair ? "To-be" : "The", r);
	fprintf(f, "<dt>Replications</dt><dd>%ld</dd>\n", r->replications);
	wf_format_time(r->horizon, r->unit_minutes, buf, sizeof buf);
	fputs("<dt>Horizon</dt><dd>", f);
	esc(f, buf);
	fputs(" of simulated time per replication</dd>\n", f);
	wf_format_time(r->warmup, r->unit_minutes, buf, sizeof buf);
	fputs("<dt>Warm-up</dt><dd>", f);
	esc(f, r->warmup > 0 ? buf : "none");
	fputs(" (cases arriving before it are not counted)</dd>\n", f);
	fprintf(f, "<dt>Seed</dt><dd>%llu</dd>\n", r->seed);
	if (pair)
		fprintf(f, "<dt>Random numbers</dt><dd>%s</dd>\n", c->common_random_numbers ?
			"common: each case meets the same arrivals, attributes and step durations in "
			"both models, so differences are paired replication by replication" :
			"independent streams per model (differences by Welch's test)");
	fputs("<dt>wfsim version</dt><dd>" PACKAGE_VERSION "</dd>\n</dl>\n", f);
}

/* The warnings as a banner above every figure: an overloaded model's figures depend on the
 * horizon, and a reader must see that before the numbers.  A comparison's list already holds
 * both sides' warnings; a single run shows its own. */
static void
warnings_html(FILE *f, const struct wf_comparison *c, int pair)
{
	const struct wf_warnings *w = pair ? &c->warnings : &c->to_be.warnings;
	size_t i;

	if (w->n == 0)
		return;
	fputs("<section class=\"warning\" id=\"warnings\">\n", f);
	for (i = 0; i < w->n; i++) {
		fputs("<p>Warning: ", f);
		esc(f, w->msg[i]);
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}

/* The figures per segment (per case type), when the model has categorical attributes. */
static void
segments_html(FILE *f, const struct wf_comparison *c)
{
	struct wf_table t;

	memset(&t, 0, sizeof t);
	wf_table_segments(&t, c);
	if (t.n > 0) {
		fputs("<h2>Per segment (case type)</h2>\n", f);
		table_html(f, &t, "segments");
	}
	wf_table_fini(&t);
}

/* The end of a page: what made it, and how to read its figures. */
static void
footer(FILE *f)
{
	fputs("<footer>Made with wfsim " PACKAGE_VERSION ": a discrete-event simulation; every figure "
	      "is a mean across replications with its 95% confidence interval.</footer>\n"
	      "</main>\n</body>\n</html>\n", f);
}

static void
page(FILE *f, const void *ctx)
{
	const struct wf_comparison *c = ctx;
	int pair = c->as_is.replications > 0;
	const char *an = c->as_is.model_name ? c->as_is.model_name : "as-is";
	const char *bn = c->to_be.model_name ? c->to_be.model_name : (pair ? "to-be" : "model");
	struct wf_table t;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"wfsim " PACKAGE_VERSION "\">\n<title>", f);
	if (pair) {
		fputs("wfsim: ", f);
		esc(f, an);
		fputs(" → ", f);
		esc(f, bn);
	} else {
		fputs("wfsim: ", f);
		esc(f, bn);
	}
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>", css);
	if (pair) {
		fputs("<span class=\"asis\">", f);
		esc(f, an);
		fputs("</span><span class=\"arrow\">→</span><span class=\"tobe\">", f);
		esc(f, bn);
		fputs("</span></h1>\n", f);
		fprintf(f, "<p class=\"sub\">Simulated redesign: as-is against to-be, %ld replication%s "
			"each, %s random numbers.</p>\n", c->to_be.replications,
			c->to_be.replications == 1 ? "" : "s",
			c->common_random_numbers ? "common" : "independent");
		warnings_html(f, c, pair);
		memset(&t, 0, sizeof t);
		wf_table_headline(&t, c);
		fputs("<section class=\"headline\">\n", f);
		table_html(f, &t, "headline");
		fputs("</section>\n", f);
		wf_table_fini(&t);

		if (c->econ.built) {
			fputs("<h2>What changes in the process</h2>\n", f);
			wf_table_process_steps(&t, c);
			table_html(f, &t, "process");
			wf_table_fini(&t);
			wf_table_process_pools(&t, c);
			table_html(f, &t, "staffing");
			wf_table_fini(&t);

			fputs("<h2>Money per year</h2>\n", f);
			wf_table_economics(&t, c);
			table_html(f, &t, "economics");
			wf_table_fini(&t);
		}

		fputs("<h2>Every figure, as-is against to-be</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_compare(&t, c);
		table_html(f, &t, "compare");
		wf_table_fini(&t);

		fputs("<h2>Resources</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_resources(&t, c);
		table_html(f, &t, "resources");
		wf_table_fini(&t);

		fputs("<h2>Outcomes</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_outcomes(&t, c);
		table_html(f, &t, "outcomes");
		wf_table_fini(&t);
		segments_html(f, c);
	} else {
		fputs("<span class=\"tobe\">", f);
		esc(f, bn);
		fputs("</span></h1>\n", f);
		fprintf(f, "<p class=\"sub\">Simulated process, %ld replication%s.</p>\n",
			c->to_be.replications, c->to_be.replications == 1 ? "" : "s");
		warnings_html(f, c, pair);
		fputs("<h2>Figures</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_run(&t, &c->to_be);
		table_html(f, &t, "run");
		wf_table_fini(&t);

		fputs("<h2>Resources</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_run_resources(&t, &c->to_be);
		table_html(f, &t, "resources");
		wf_table_fini(&t);

		fputs("<h2>Outcomes</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_run_outcomes(&t, &c->to_be);
		table_html(f, &t, "outcomes");
		wf_table_fini(&t);

		fputs("<h2>Steps</h2>\n", f);
		memset(&t, 0, sizeof t);
		wf_table_steps(&t, &c->to_be);
		table_html(f, &t, "steps");
		wf_table_fini(&t);
		segments_html(f, c);
	}
	plots_html(f, c);
	settings_html(f, c);
	footer(f);
}

int
wf_report_html(const struct wf_comparison *c, const char *path, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	return wf_outfile_write(path, page, c, err, errlen);
}

/* ---------- several scenarios against a base ---------- */

static void
scenarios_page(FILE *f, const void *ctx)
{
	const struct wf_scenarios *s = ctx;
	struct wf_table t;
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"wfsim " PACKAGE_VERSION "\">\n<title>wfsim: ", f);
	esc(f, s->base.model_name);
	fprintf(f, " and %zu scenarios</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>"
		"<span class=\"asis\">", s->n, css);
	esc(f, s->base.model_name);
	fprintf(f, "</span><span class=\"arrow\">→</span><span class=\"tobe\">%zu scenarios</span></h1>\n",
		s->n);
	fprintf(f, "<p class=\"sub\">Each scenario against the base, %ld replication%s each, %s random "
		"numbers.</p>\n", s->base.replications, s->base.replications == 1 ? "" : "s",
		s->common_random_numbers ? "common" : "independent");
	if (s->warnings.n > 0) {
		fputs("<section class=\"warnings\">\n<ul>\n", f);
		for (i = 0; i < s->warnings.n; i++) {
			fputs("<li>", f);
			esc(f, s->warnings.msg[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n</section>\n", f);
	}
	for (i = 0; i < s->n; i += WF_SCENARIOS_PER_TABLE) {
		wf_table_scenarios(&t, s, i);
		table_html(f, &t, "compare");
		wf_table_fini(&t);
	}
	for (i = 0; i < s->n; i++) {
		fprintf(f, "<h2>Scenario %zu: ", i + 1);
		esc(f, s->cmp[i].to_be.model_name);
		fputs("</h2>\n", f);
		wf_table_headline(&t, &s->cmp[i]);
		table_html(f, &t, "headline");
		wf_table_fini(&t);
	}
	footer(f);
}

int
wf_report_html_scenarios(const struct wf_scenarios *s, const char *path, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	return wf_outfile_write(path, scenarios_page, s, err, errlen);
}
