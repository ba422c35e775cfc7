/* libFuzzer harness for the model loader: any byte string must give a model or located
 * diagnostics, never a crash, a hang or a leak.  The diagnostics are printed (to /dev/null)
 * too, since printing reads the source lines back and places the caret, and a model that
 * loads goes through the capacity check, as `wfsim check` does. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "wfsim/check.h"
#include "wfsim/diag.h"
#include "wfsim/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct wf_diag d;
	struct wf_model *m;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		return 0;
	wf_diag_init(&d);
	m = wf_model_load_string((const char *)data, size, "fuzz.yaml", &d);
	wf_diag_print(&d, sink);
	if (m != NULL) {
		struct wf_capacity cap;
		char err[256];

		if (wf_check_capacity(m, &cap, err, sizeof(err)) == 0)
			wf_capacity_fini(&cap);
	}
	wf_model_free(m);
	wf_diag_fini(&d);
	return 0;
}
