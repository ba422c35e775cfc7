/* The event log (`--events`): one CSV row per step visit of one replication, for
 * process-mining tools.  The engine reports a case's visits when the case ends (so each row
 * carries its outcome) and the visits of cases still open when the run stops; this module
 * turns them into rows.  Columns (docs/outputs.md):
 * case_id,activity,resource,enqueue,start,end,status,outcome,cohort,<one per attribute>. */
#ifndef WFSIM_EVENTLOG_H
#define WFSIM_EVENTLOG_H
#include <stdio.h>
#include "wfsim/model.h"
#include "wfsim/sim.h"

struct wf_eventlog {
	const struct wf_model *m;
	FILE *fp;
};

/* Writes the header line to log->fp. */
void wf_eventlog_header(const struct wf_eventlog *log);
/* A wf_visit_fn: ctx is a struct wf_eventlog.  Write errors show in ferror(fp). */
void wf_eventlog_visit(void *ctx, const struct wf_visit *v);

#endif
