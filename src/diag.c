/* Located diagnostics about user input.  Messages are collected, not printed at once, so that
 * a loader can report every problem in a file sorted by position, each shown GNU style with
 * the offending source line and a caret under the column, as jq and GCC do. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "wfsim/diag.h"
#include "wfsim/textwidth.h"
#include "wfsim/xalloc.h"

#define MAX_SHOWN	200	/* bytes of a source line shown around the column */
/* Longest source line read back from a file: past the largest model the loader reads, so the
 * column of any message falls inside it, yet a bound for an endless line (a trace that is
 * /dev/zero) that would otherwise take all memory. */
#define MAX_READ	((size_t)17 << 20)

void
wf_diag_init(struct wf_diag *d)
{
	memset(d, 0, sizeof(*d));
	d->max_errors = 50;
}

void
wf_diag_fini(struct wf_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	for (i = 0; i < d->n_src; i++) {
		free(d->src[i].file);
		free(d->src[i].text);
	}
	free(d->src);
	free(d->v);
	free(d->dropped_file);
	memset(d, 0, sizeof(*d));
}

void
wf_diag_add(struct wf_diag *d, enum wf_severity sev, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct wf_diag_entry *e;
	va_list ap;
	char *msg;
	int n;

	if (sev == WF_ERROR) {
		d->n_errors++;
		if (d->n_errors > d->max_errors) {
			d->dropped++;
			free(d->dropped_file);
			d->dropped_file = wf_xstrdup(file);
			return;
		}
	} else if (sev == WF_WARNING)
		d->n_warnings++;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = wf_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->v = wf_xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	e = &d->v[d->n++];
	e->severity = sev;
	e->file = wf_xstrdup(file);
	e->line = line;
	e->col = col;
	e->message = msg;
}

void
wf_diag_source(struct wf_diag *d, const char *file, const char *text, size_t len)
{
	struct wf_diag_source *s;

	d->src = wf_xrealloc(d->src, (d->n_src + 1) * sizeof(*d->src));
	s = &d->src[d->n_src++];
	s->file = wf_xstrdup(file);
	s->text = wf_xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
}

/* Insertion order breaks ties, which qsort alone would not keep. */
static int
cmp_entry(const void *pa, const void *pb)
{
	const struct wf_diag_entry *a = *(struct wf_diag_entry *const *)pa;
	const struct wf_diag_entry *b = *(struct wf_diag_entry *const *)pb;
	int c;

	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Reads source lines of one file in increasing order: from a registered text or the file,
 * keeping the position so that printing N messages of one file reads it once. */
struct reader {
	const struct wf_diag_source *src;
	FILE *f;
	int line;		/* number of the line in buf, 0 before the first */
	size_t pos;		/* in src->text */
	char *buf;
	size_t cap;
	ssize_t len;
};

static void
reader_open(struct reader *r, struct wf_diag *d, const char *file)
{
	struct stat st;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < d->n_src; i++)
		if (strcmp(d->src[i].file, file) == 0) {
			r->src = &d->src[i];
			return;
		}
	/* Only a regular file can be read again: a FIFO would wait for a writer that is gone,
	 * a device would give other bytes (or never end). */
	if (stat(file, &st) == 0 && S_ISREG(st.st_mode))
		r->f = fopen(file, "rb");
}

static void
reader_close(struct reader *r)
{
	if (r->f != NULL)
		fclose(r->f);
	free(r->buf);
}

/* Advances to line n; returns the line (without its newline) or NULL past the end. */
static const char *
reader_line(struct reader *r, int n, size_t *len)
{
	if (n < r->line || (r->src == NULL && r->f == NULL))
		return NULL;
	while (r->line < n) {
		if (r->src != NULL) {
			const char *s = r->src->text + r->pos, *nl;
			size_t k;

			if (r->pos >= r->src->len)
				return NULL;
			nl = memchr(s, '\n', r->src->len - r->pos);
			k = nl != NULL ? (size_t)(nl - s) : r->src->len - r->pos;
			r->buf = wf_xgrow(r->buf, &r->cap, k + 1, 1);
			memcpy(r->buf, s, k);
			r->buf[k] = '\0';
			r->len = (ssize_t)k;
			r->pos += k + 1;
		} else {
			size_t k = 0;
			int c = EOF;

			if (r->f == NULL)
				return NULL;	/* stopped at a line too long to read */
			while (k < MAX_READ && (c = getc(r->f)) != EOF && c != '\n') {
				r->buf = wf_xgrow(r->buf, &r->cap, k + 2, 1);
				r->buf[k++] = (char)c;
			}
			if (k == 0 && c == EOF)
				return NULL;
			r->buf = wf_xgrow(r->buf, &r->cap, k + 1, 1);
			r->buf[k] = '\0';
			r->len = (ssize_t)k;
			if (k == MAX_READ) {	/* the rest of the file is out of step: read no more */
				fclose(r->f);
				r->f = NULL;
			}
		}
		r->line++;
	}
	*len = (size_t)r->len;
	if (*len > 0 && r->buf[*len - 1] == '\r')
		(*len)--;
	return r->buf;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if the bytes are not one. */
static size_t
utf8_len(const unsigned char *s, size_t avail)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2)
		n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Prints the source line and the caret line.  Control bytes and invalid UTF-8 show as '?' so
 * that binary garbage cannot upset a terminal; the caret line gives every shown character its
 * width on screen (wf_text_width), except tabs, which are copied. */
static void
print_source(FILE *out, const char *line, size_t len, int col)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i, k, start = 0, end = len, caret = len;
	int c;

	/* byte offset of the column (1-based, in characters) */
	for (i = 0, c = 1; i < len && c < col; c++) {
		k = utf8_len(s + i, len - i);
		i += k ? k : 1;
	}
	caret = i;
	if (len > MAX_SHOWN) {
		if (caret > MAX_SHOWN * 3 / 4)
			start = caret - MAX_SHOWN / 2;
		while (start > 0 && start < len && (s[start] & 0xc0) == 0x80)
			start--;
		end = start + MAX_SHOWN;
		if (end > len)
			end = len;
		while (end < len && (s[end] & 0xc0) == 0x80)
			end++;
	}
	fputs("  ", out);
	if (start > 0)
		fputs("...", out);
	for (i = start; i < end; i += k) {
		k = utf8_len(s + i, end - i);
		if (k == 0 || (k == 1 && s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f) {
			fputc('?', out);
			k = 1;
		} else
			fwrite(s + i, 1, k, out);
	}
	if (end < len)
		fputs("...", out);
	fputs("\n  ", out);
	if (start > 0)
		fputs("   ", out);
	for (i = start; i < caret && i < end; i += k) {
		char ch[5];
		size_t w;

		k = utf8_len(s + i, end - i);
		if (k == 0)
			k = 1;
		/* as wide as the character on screen: 審 takes two columns, a combining accent
		 * none (a shown '?' one) */
		memcpy(ch, s + i, k);
		ch[k] = '\0';
		w = k > 1 ? wf_text_width(ch) : 1;
		if (s[i] == '\t')
			fputc('\t', out);
		else
			while (w-- > 0)
				fputc(' ', out);
	}
	fputs("^\n", out);
}

static const char *
sev_name(enum wf_severity s)
{
	return s == WF_ERROR ? "error" : s == WF_WARNING ? "warning" : "note";
}

void
wf_diag_print(struct wf_diag *d, FILE *out)
{
	struct wf_diag_entry **p;
	struct reader r;
	const char *file = NULL, *line;
	size_t i, len;

	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	p = wf_xmalloc((d->n ? d->n : 1) * sizeof(*p));
	for (i = 0; i < d->n; i++)
		p[i] = &d->v[i];
	qsort(p, d->n, sizeof(*p), cmp_entry);	/* NOLINT(bugprone-sizeof-expression): as above */
	memset(&r, 0, sizeof(r));
	for (i = 0; i < d->n; i++) {
		const struct wf_diag_entry *e = p[i];

		if (e->line <= 0) {
			fprintf(out, "%s: %s: %s\n", e->file, sev_name(e->severity), e->message);
			continue;
		}
		if (e->col > 0)
			fprintf(out, "%s:%d:%d: %s: %s\n", e->file, e->line, e->col,
			    sev_name(e->severity), e->message);
		else
			fprintf(out, "%s:%d: %s: %s\n", e->file, e->line, sev_name(e->severity),
			    e->message);
		if (file == NULL || strcmp(file, e->file) != 0) {
			reader_close(&r);
			reader_open(&r, d, e->file);
			file = e->file;
		}
		if ((line = reader_line(&r, e->line, &len)) != NULL)
			print_source(out, line, len, e->col > 0 ? e->col : 1);
	}
	reader_close(&r);
	if (d->dropped > 0)
		fprintf(out, "%s: note: %zu more error%s not shown\n", d->dropped_file,
		    d->dropped, d->dropped == 1 ? "" : "s");
	free(p);
}
