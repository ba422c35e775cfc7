/* The event log's rows: times as ISO 8601 from the model's start, the visit's status, the
 * case's outcome, cohort flag and attributes.  Fields are quoted as RFC 4180 asks when a
 * name holds a comma, a quote or a line break. */
#include <math.h>
#include <string.h>
#include "wfsim/outfile.h"
#include "wfsim/eventlog.h"
#include "wfsim/units.h"

static void
field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

/* A time, or nothing for NaN (a visit that never started, or has not ended). */
static void
put_time(FILE *fp, const struct wf_model *m, double t)
{
	char buf[40];

	if (isnan(t))
		return;
	wf_format_datetime(m->start_epoch + t * wf_unit_seconds(m->unit), buf, sizeof(buf));
	fputs(buf, fp);
}

void
wf_eventlog_header(const struct wf_eventlog *log)
{
	size_t a;

	fputs("case_id,activity,resource,enqueue,start,end,status,outcome,cohort", log->fp);
	for (a = 0; a < log->m->n_attributes; a++) {
		fputc(',', log->fp);
		field(log->fp, log->m->attributes[a].name);
	}
	fputc('\n', log->fp);
}

void
wf_eventlog_visit(void *ctx, const struct wf_visit *v)
{
	const struct wf_eventlog *log = ctx;
	const struct wf_model *m = log->m;
	FILE *fp = log->fp;
	size_t a;

	fprintf(fp, "%ld,", v->case_id);
	field(fp, m->steps[v->step].id);
	fputc(',', fp);
	if (v->resource >= 0)
		field(fp, m->resources[v->resource].id);
	fputc(',', fp);
	put_time(fp, m, v->enqueue);
	fputc(',', fp);
	put_time(fp, m, v->start);
	fputc(',', fp);
	put_time(fp, m, v->end);
	fputs(v->open ? ",open," : v->timed_out ? ",timeout," : ",complete,", fp);
	if (v->outcome >= 0)
		field(fp, m->outcomes[v->outcome]);
	fprintf(fp, ",%d", v->cohort);
	for (a = 0; a < m->n_attributes; a++) {
		const struct wf_attribute *at = &m->attributes[a];
		int k = v->attrs != NULL ? v->attrs[a] : -1;

		fputc(',', fp);
		if (at->numeric && v->nums != NULL)
			fprintf(fp, "%.10g", v->nums[a]);
		else if (k >= 0 && (size_t)k < at->n_values)
			field(fp, at->values[k]);
	}
	fputc('\n', fp);
}

int
wf_eventlog_open(struct wf_eventlog *log, const struct wf_model *m, const char *path, char *err,
		 size_t errlen)
{
	log->m = m;
	log->fp = NULL;
	if (wf_outfile_open(&log->out, path, err, errlen) != 0)
		return -1;
	log->fp = log->out.fp;
	wf_eventlog_header(log);
	return 0;
}

int
wf_eventlog_commit(struct wf_eventlog *log, char *err, size_t errlen)
{
	log->fp = NULL;
	return wf_outfile_commit(&log->out, err, errlen);
}

void
wf_eventlog_abort(struct wf_eventlog *log)
{
	log->fp = NULL;
	wf_outfile_abort(&log->out);
}
