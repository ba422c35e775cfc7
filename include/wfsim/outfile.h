/* Output files that appear whole or not at all: written to a temporary name beside the
 * target and renamed into place only when everything was written and flushed. */
#ifndef WFSIM_OUTFILE_H
#define WFSIM_OUTFILE_H
#include <stdio.h>
#include <stddef.h>

struct wf_outfile {
	FILE *fp;
	char *path, *tmp;
};

/* Opens a temporary file beside `path`.  "-" means standard output (no rename).  0, or -1
 * with err ("cannot write 'x': reason"). */
int wf_outfile_open(struct wf_outfile *o, const char *path, char *err, size_t errlen);
/* Flushes, checks for write errors, closes and renames into place; on any failure removes the
 * temporary file.  0, or -1 with err. */
int wf_outfile_commit(struct wf_outfile *o, char *err, size_t errlen);
/* Discards the temporary file (after an error elsewhere). */
void wf_outfile_abort(struct wf_outfile *o);
/* 1 if paths a and b name the same existing file (to refuse writing over an input). */
int wf_same_file(const char *a, const char *b);

#endif
