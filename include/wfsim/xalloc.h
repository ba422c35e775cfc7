/* Allocation that never returns NULL: running out of memory is not a condition wfsim can
 * recover from meaningfully, so it prints one line and exits with code 3 (run-time failure).
 * This is the only place outside main.c allowed to end the process. */
#ifndef WFSIM_XALLOC_H
#define WFSIM_XALLOC_H
#include <stddef.h>

void *wf_xmalloc(size_t n);
void *wf_xcalloc(size_t n, size_t size);
void *wf_xrealloc(void *p, size_t n);
/* Grows an array of *cap elements of size `size` so it holds at least `need`; doubles. */
void *wf_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *wf_xstrdup(const char *s);
char *wf_xstrndup(const char *s, size_t n);
/* printf into a fresh heap string the caller frees. */
char *wf_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
