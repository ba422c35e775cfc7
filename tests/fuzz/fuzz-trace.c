/* libFuzzer harness for the arrival-trace reader: any byte string must give a trace or
 * located diagnostics.  One attribute is declared ('type') so that both declared and learnt
 * columns are exercised; the first byte picks the time unit. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "wfsim/diag.h"
#include "wfsim/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char routine[] = "routine", complex[] = "complex";
	static char *const values[] = { routine, complex };
	static const struct wf_trace_attr attrs[] = { { "type", 2, values } };
	static const enum wf_time_unit units[] = { WF_SECONDS, WF_MINUTES, WF_HOURS, WF_DAYS };
	static FILE *sink;
	struct wf_trace_opts o = { 0 };
	struct wf_trace t = { 0 };
	struct wf_diag d;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		return 0;
	o.unit = units[size > 0 ? data[0] % 4 : 0];
	o.start_epoch = 1767571200.0;	/* 2026-01-05T00:00:00Z */
	o.attrs = attrs;
	o.n_attrs = 1;
	wf_diag_init(&d);
	wf_trace_read_buffer(&t, (const char *)data, size, "fuzz.csv", &o, &d);
	wf_diag_print(&d, sink);
	wf_trace_fini(&t);
	wf_diag_fini(&d);
	return 0;
}
