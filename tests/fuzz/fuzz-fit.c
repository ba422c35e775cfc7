/* libFuzzer harness for the event-log reader of `wfsim fit`: any byte string must give a
 * report (and, when something is usable, a draft model) or one located error, never a crash
 * or a leak.  The reader takes a path (it reads its log twice), so each input goes through a
 * temporary file; the first byte picks ISO or a strptime format for the times. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "wfsim/fit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static FILE *sink;
	struct wf_fit_options o;
	struct wf_fit_log log;
	char err[2048];
	FILE *fp;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		return 0;
	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz-fit-%ld.csv", (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL)
		return 0;
	if (size > 1)
		fwrite(data + 1, 1, size - 1, fp);
	fclose(fp);
	wf_fit_options_init(&o);
	if (size > 0 && data[0] % 4 == 1)
		o.time_format = "%d/%m/%Y %H:%M";
	if (size > 0 && data[0] % 4 == 2)
		o.tz_minutes = -330;
	if (wf_fit_log_read(path, &o, &log, err, sizeof(err)) == 0 && log.cases_used > 0 &&
	    log.n_arrivals >= 2)
		wf_fit_model_write(sink, &log);
	wf_fit_log_fini(&log);
	return 0;
}
