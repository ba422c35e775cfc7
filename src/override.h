/* Internal to the model loader: overrides applied to the parsed YAML tree. */
#ifndef WFSIM_OVERRIDE_INTERNAL_H
#define WFSIM_OVERRIDE_INTERNAL_H
#include "model-yaml.h"
#include "wfsim/override.h"

/* Applies ov[0..n-1] to t in order.  The nodes of each value join t (freed with it), marked
 * with the override as their source.  Returns 0, or -1 after reporting every faulty override
 * into d (then t may hold some of them applied). */
int wf_override_apply(struct ytree *t, const struct wf_override *ov, size_t n, struct wf_diag *d);

#endif
