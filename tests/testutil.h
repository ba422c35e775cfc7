/* Helpers shared by the Check programs: files of the source tree (found through $SRCDIR,
 * which the test harness sets), models loaded from them, diagnostics as text. */
#ifndef WFSIM_TESTUTIL_H
#define WFSIM_TESTUTIL_H
#include "wfsim/diag.h"
#include "wfsim/model.h"

/* The source tree's top directory: $SRCDIR, or "." when it is not set. */
const char *tu_srcdir(void);
/* Loads `relpath` (relative to the source tree) and fails the running test, printing the
 * diagnostics, if it does not load.  With `diag` NULL the diagnostics are discarded;
 * otherwise diag must be initialised and receives them. */
struct wf_model *tu_load(const char *relpath, struct wf_diag *diag);
/* What wf_diag_print writes, as a string the caller frees. */
char *tu_diag_text(struct wf_diag *d);

#endif
