/* Overrides: `--set PATH=VALUE` changes one value of a model without editing its file.  The
 * value is parsed as YAML and put into the parsed document before the loader reads it, so it
 * means exactly what it would mean written in the file at that place. */
#ifndef WFSIM_OVERRIDE_H
#define WFSIM_OVERRIDE_H
#include <stddef.h>
#include "wfsim/diag.h"
#include "wfsim/model.h"

struct wf_override {
	const char *opt;	/* the option that gave it ("--set", "--set-to-be"), for messages */
	const char *text;	/* "PATH=VALUE", not owned */
};

/* Checks the shape of "PATH=VALUE": a non-empty path of dot-separated non-empty names, '=',
 * a value.  0, or -1 with the reason in err. */
int wf_override_check(const char *text, char *err, size_t len);

/* wf_model_load with the overrides applied in order (a later one on the same path wins).
 * A path that leads nowhere, or a value that does not parse, is an error located in the
 * override ("--set PATH:1:COL"); so is anything the loader finds wrong in the value. */
struct wf_model *wf_model_load_set(const char *path, const struct wf_override *ov, size_t n,
				   struct wf_diag *diag);

#endif
