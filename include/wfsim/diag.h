/* Diagnostics: located messages about a user's input, collected rather than printed at once so
 * that every error in a file is reported (up to a cap), sorted by position, GNU style:
 *   file:line:column: error: message
 *     the offending source line
 *     ^ caret under the column
 * Lines and columns are 1-based.  Line 0 means "the whole file" (no caret is printed). */
#ifndef WFSIM_DIAG_H
#define WFSIM_DIAG_H
#include <stdio.h>
#include <stddef.h>

enum wf_severity { WF_ERROR, WF_WARNING, WF_NOTE };

struct wf_diag_entry {
	enum wf_severity severity;
	char *file;		/* owned */
	int line, col;		/* 1-based; line 0 = no position */
	char *message;		/* owned, lower case, no trailing period */
};

struct wf_diag {
	struct wf_diag_entry *v;
	size_t n, cap;
	size_t n_errors, n_warnings;
	size_t max_errors;	/* errors past this are counted, not stored (default 50) */
	size_t dropped;		/* how many errors went past the cap */
	char *dropped_file;	/* file of the last dropped error, for the closing note */
	/* Texts registered with wf_diag_source, consulted before the file system when printing
	 * source lines (a model loaded from a string has no file to read again). */
	struct wf_diag_source { char *file, *text; size_t len; } *src;
	size_t n_src;
};

void wf_diag_init(struct wf_diag *d);
void wf_diag_fini(struct wf_diag *d);
/* Adds a message (errors past max_errors are only counted). */
void wf_diag_add(struct wf_diag *d, enum wf_severity sev, const char *file, int line, int col,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define wf_diag_error(d, file, line, col, ...) wf_diag_add((d), WF_ERROR, (file), (line), (col), __VA_ARGS__)
#define wf_diag_warning(d, file, line, col, ...) wf_diag_add((d), WF_WARNING, (file), (line), (col), __VA_ARGS__)
/* Registers the text of `file` (copied) so that wf_diag_print shows its lines without
 * reading the file system. */
void wf_diag_source(struct wf_diag *d, const char *file, const char *text, size_t len);
/* Sorts by (file, line, column) keeping insertion order for ties, then prints each entry,
 * followed by the source line and a caret when the file can be read and line > 0; columns
 * count characters, tabs in the line are repeated in the caret line so the caret aligns.
 * Lines longer than 200 bytes are cut around the column with "...".  When errors were
 * dropped past the cap it ends with "file: note: N more errors not shown". */
void wf_diag_print(struct wf_diag *d, FILE *out);

#endif
