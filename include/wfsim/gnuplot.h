/* Drawing with gnuplot from the templates in plots/: finding a template (the user's style
 * directory first, then the installed one, then the source tree), writing a figure's script
 * as generated values + style + template, and running gnuplot on it without a shell. */
#ifndef WFSIM_GNUPLOT_H
#define WFSIM_GNUPLOT_H
#include <stddef.h>
#include <stdio.h>

/* The environment variable naming a directory whose files replace the bundled templates
 * and style of the same name (--plot-style DIR sets it). */
#define WF_GP_STYLE_ENV "WFSIM_PLOT_STYLE"

/* The path of template `file` (e.g. "kpis.gp", "style.gp"): DIR/file when the style
 * directory has it, else the installed $(pkgdatadir)/plots/file, else the source tree's
 * plots/file (a build run before `make install`).  Caller frees; NULL when none exists. */
char *wf_gp_template_path(const char *file);

/* 0 when the style directory ($WFSIM_PLOT_STYLE, set by --plot-style) is unset or a
 * directory; else -1 with err.  Checked before simulating, with the other outputs. */
int wf_gp_check_style(char *err, size_t errlen);

/* Appends to gp the style file and then template `name`.gp, each after a comment saying
 * where it came from, so the script draws on its own.  0, or -1 with err (no such
 * template, cannot read it). */
int wf_gp_append_templates(FILE *gp, const char *name, char *err, size_t errlen);

/* Generated values at the head of a script: `var = 'text'` (single-quoted: gnuplot
 * interprets nothing in it, so a model's name cannot run a command; control characters
 * become spaces) and `var = number` (NaN when not finite). */
void wf_gp_set_str(FILE *gp, const char *var, const char *text);
void wf_gp_set_num(FILE *gp, const char *var, double v);
/* A value for a data file or an array, after a space: gnuplot reads "NaN" as an undefined
 * point (a gap). */
void wf_gp_num(FILE *f, double v);
/* A single-quoted gnuplot string, as above, without the assignment. */
void wf_gp_quote(FILE *gp, const char *text);
/* The first lines of a script: what drew it and the default picture names. */
void wf_gp_begin(FILE *gp, const char *name);

/* Full path of gnuplot on PATH (caller frees), or NULL. */
char *wf_gp_find(void);

/* Draws NAME.png and NAME.svg in dir from NAME.gp with gnuplot: it writes .NAME.tmp.png
 * and .svg (registered as temporary files), renamed into place only when both are good.
 * 0, or -1 with err (gnuplot's first message). */
int wf_gp_draw(const char *gnuplot, const char *dir, const char *name, char *err,
	       size_t errlen);

/* `s` shortened to at most `width` characters (UTF-8 code points, never cut inside one)
 * with an ellipsis "…" as the last; a copy of s when it fits.  Caller frees. */
char *wf_gp_shorten(const char *s, size_t width);

#endif
