/* The event log (`--events`): one CSV row per step visit of one replication, for
 * process-mining tools.  The engine reports a case's visits when the case ends (so each row
 * carries its outcome) and the visits of cases still open when the run stops; this module
 * turns them into rows.  Columns (docs/outputs.md):
 * case_id,activity,resource,enqueue,start,end,status,outcome,cohort,<one per attribute>. */
#ifndef WFSIM_EVENTLOG_H
#define WFSIM_EVENTLOG_H
#include <stdio.h>
#include "wfsim/model.h"
#include "wfsim/outfile.h"
#include "wfsim/sim.h"

struct wf_eventlog {
	const struct wf_model *m;
	FILE *fp;
	struct wf_outfile out;	/* the file fp writes, when opened with wf_eventlog_open */
};

/* Opens `path` for the event log of m, written whole or not at all (src/outfile.c), and
 * writes the header.  0, or -1 with err and nothing created. */
int wf_eventlog_open(struct wf_eventlog *log, const struct wf_model *m, const char *path,
		     char *err, size_t errlen);
/* Puts the finished log in place; 0, or -1 with err and the old file (if any) unchanged. */
int wf_eventlog_commit(struct wf_eventlog *log, char *err, size_t errlen);
/* Discards an opened log (after the simulation failed). */
void wf_eventlog_abort(struct wf_eventlog *log);

/* Writes the header line to log->fp. */
void wf_eventlog_header(const struct wf_eventlog *log);
/* A wf_visit_fn: ctx is a struct wf_eventlog.  Write errors show in ferror(fp). */
void wf_eventlog_visit(void *ctx, const struct wf_visit *v);

#endif
