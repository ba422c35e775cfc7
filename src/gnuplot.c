/* gnuplot as wfsim uses it: templates found in the user's style directory, the installed
 * plots/ or the source tree; scripts written as generated values + style + template, so that
 * `gnuplot NAME.gp` redraws a figure on its own; and gnuplot run as a child process. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wfsim/gnuplot.h"
#include "wfsim/outfile.h"
#include "wfsim/xalloc.h"

#ifndef WFSIM_DATADIR
#define WFSIM_DATADIR "/usr/local/share/wfsim"
#endif

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
wf_gp_template_path(const char *file)
{
	const char *style = getenv(WF_GP_STYLE_ENV);
	const char *dirs[3];
	size_t i, n = 0;

	if (style != NULL && *style != '\0')
		dirs[n++] = style;
	dirs[n++] = WFSIM_DATADIR "/plots";
#ifdef WFSIM_SRCDIR
	/* Only a build that has not been installed gets here: the installed copy wins. */
	dirs[n++] = WFSIM_SRCDIR "/plots";
#endif
	for (i = 0; i < n; i++) {
		char *p = wf_xasprintf("%s/%s", dirs[i], file);

		if (is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

/* Copies file `path` into gp; 0 or -1. */
static int
copy_into(FILE *gp, const char *path)
{
	FILE *in = fopen(path, "r");
	char buf[4096];
	size_t n;
	int rc;

	if (in == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, gp);
	rc = ferror(in) ? -1 : 0;
	fclose(in);
	return rc;
}

int
wf_gp_check_style(char *err, size_t errlen)
{
	const char *style = getenv(WF_GP_STYLE_ENV);
	struct stat st;

	/* A misspelt style directory would silently fall back to the bundled look. */
	if (style != NULL && *style != '\0' && (stat(style, &st) == -1 || !S_ISDIR(st.st_mode))) {
		snprintf(err, errlen, "plot style '%s' (--plot-style or $%s) is not a directory",
			 style, WF_GP_STYLE_ENV);
		return -1;
	}
	return 0;
}

int
wf_gp_append_templates(FILE *gp, const char *name, char *err, size_t errlen)
{
	char *files[2];
	int i, rc = 0;

	if (wf_gp_check_style(err, errlen) != 0)
		return -1;
	files[0] = wf_xstrdup("style.gp");
	files[1] = wf_xasprintf("%s.gp", name);
	for (i = 0; i < 2 && rc == 0; i++) {
		char *path = wf_gp_template_path(files[i]);

		if (path == NULL) {
			snprintf(err, errlen, "no plot template '%s' (looked in $%s, '%s/plots'%s)",
				 files[i], WF_GP_STYLE_ENV, WFSIM_DATADIR,
#ifdef WFSIM_SRCDIR
				 " and '" WFSIM_SRCDIR "/plots'"
#else
				 ""
#endif
				 );
			rc = -1;
			break;
		}
		fprintf(gp, "\n# ---- %s (from %s) ----\n", files[i], path);
		if (copy_into(gp, path) == -1) {
			snprintf(err, errlen, "cannot read plot template '%s': %s", path,
				 strerror(errno));
			rc = -1;
		}
		free(path);
	}
	free(files[0]);
	free(files[1]);
	return rc;
}

void
wf_gp_quote(FILE *gp, const char *s)
{
	fputc('\'', gp);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\'')
			fputs("''", gp);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fputc(' ', gp);
		else
			fputc(*s, gp);
	}
	fputc('\'', gp);
}

void
wf_gp_set_str(FILE *gp, const char *var, const char *text)
{
	fprintf(gp, "%s = ", var);
	wf_gp_quote(gp, text);
	fputc('\n', gp);
}

void
wf_gp_set_num(FILE *gp, const char *var, double v)
{
	fprintf(gp, "%s =", var);
	wf_gp_num(gp, v);
	fputc('\n', gp);
}

void
wf_gp_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.10g", v);
	else
		fputs(" NaN", f);
}

void
wf_gp_begin(FILE *gp, const char *name)
{
	fprintf(gp, "# %s: drawn by wfsim; draw again with: gnuplot %s.gp\n"
		"# The values wfsim computed come first, then the style and the figure's template\n"
		"# (restyle every figure at once with wfsim --plot-style DIR).\n"
		"if (!exists(\"outbase\")) outbase = \"%s\"\n", name, name, name);
}

char *
wf_gp_find(void)
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
			cand = wf_xstrdup("./gnuplot");
		else
			cand = wf_xasprintf("%.*s/gnuplot", (int)(e - p), p);
		if (access(cand, X_OK) == 0 && is_file(cand))
			return cand;
		free(cand);
		if (*e == '\0')
			break;
	}
	return NULL;
}

/* Runs `gnuplot -e outbase='.NAME.tmp' NAME.gp` in dir, without a shell: argv is fixed text
 * of ours, so no model string reaches a command line.  0, or -1 with err (gnuplot's first
 * message line). */
static int
run_gnuplot(const char *gnuplot, const char *dir, const char *name, char *err, size_t errlen)
{
	char *script = wf_xasprintf("%s.gp", name);
	char *setvar = wf_xasprintf("outbase='.%s.tmp'", name);
	char msg[1024];
	size_t len = 0;
	int fds[2], status, rc = -1;
	pid_t pid;

	msg[0] = '\0';
	if (pipe(fds) == -1) {
		snprintf(err, errlen, "cannot run gnuplot: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid == -1) {
		close(fds[0]);
		close(fds[1]);
		snprintf(err, errlen, "cannot run gnuplot: %s", strerror(errno));
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
		if (chdir(dir) == -1)
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
			snprintf(err, errlen, "cannot run gnuplot: %s", strerror(errno));
			goto out;
		}
	}
	wf_outfile_child(0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
	} else {
		char *p, *line = msg;

		/* The message that says what went wrong, on one line. */
		for (p = msg; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		while (*line == ' ')
			line++;
		while (p > line && p[-1] == ' ')
			*--p = '\0';
		if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
			snprintf(err, errlen, "cannot enter '%s' to run gnuplot", dir);
		else if (WIFSIGNALED(status))
			snprintf(err, errlen, "gnuplot crashed (signal %d) on '%s/%s'", WTERMSIG(status),
				 dir, script);
		else
			snprintf(err, errlen, "gnuplot failed on '%s/%s': %s", dir, script,
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

int
wf_gp_draw(const char *gnuplot, const char *dir, const char *name, char *err, size_t errlen)
{
	char *tpng = wf_xasprintf("%s/.%s.tmp.png", dir, name);
	char *tsvg = wf_xasprintf("%s/.%s.tmp.svg", dir, name);
	int s1 = wf_outfile_temp_add(tpng, 0), s2 = wf_outfile_temp_add(tsvg, 0);
	int ok = run_gnuplot(gnuplot, dir, name, err, errlen) == 0;

	if (settle(dir, name, "png", ok) == -1 && ok) {
		snprintf(err, errlen, "gnuplot wrote no '%s/%s.png'", dir, name);
		ok = 0;
	}
	if (settle(dir, name, "svg", ok) == -1 && ok) {
		snprintf(err, errlen, "gnuplot wrote no '%s/%s.svg'", dir, name);
		ok = 0;
	}
	wf_outfile_temp_drop(s1);
	wf_outfile_temp_drop(s2);
	free(tpng);
	free(tsvg);
	return ok ? 0 : -1;
}

char *
wf_gp_shorten(const char *s, size_t width)
{
	size_t i, chars = 0, cut = 0;

	if (width < 2)
		width = 2;
	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;	/* a continuation byte: not a character of its own */
		if (chars == width - 1)
			cut = i;	/* where the ellipsis goes if the name is too long */
		chars++;
	}
	if (chars <= width)
		return wf_xstrdup(s);
	return wf_xasprintf("%.*s\xe2\x80\xa6", (int)cut, s);
}
