/* The `wfsim fit` command: its options, the data-quality report (text, and JSON with
 * --quality-json) and the draft model, each output written whole or not at all. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/fit.h"
#include "wfsim/outfile.h"

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_INVALID = 2, EXIT_RUNTIME = 3 };

static const char usage[] =
	"usage: wfsim fit EVENTS.csv [--case COL] [--activity COL] [--resource COL] [--start COL]\n"
	"                 [--end COL] [--time-format ISO|FORMAT] [--tz +HH:MM] [-o MODEL.yaml]\n"
	"                 [--quality-json FILE]\n";

static const char help[] =
	"\nA first model from an event log (CSV, one row per activity instance), and a report\n"
	"on the log's quality.  The default columns are those `wfsim run --events` writes.\n\n"
	"Options of fit:\n"
	"      --case COL         the case id column (default case_id)\n"
	"      --activity COL     the activity column (default activity)\n"
	"      --resource COL     the resource column (default resource; optional)\n"
	"      --start COL        the start time column (default start)\n"
	"      --end COL          the end time column (default end)\n"
	"      --time-format F    ISO (default: ISO 8601) or a strptime format, e.g. \"%d/%m/%Y %H:%M\"\n"
	"      --tz +HH:MM        the model's clock: times with a zone are moved to it (default UTC)\n"
	"  -o, --output FILE      the draft model (default: standard output)\n"
	"      --quality-json F   the quality report as JSON\n"
	"  -h, --help             this help\n"
	"\nThe quality report goes to standard output with -o, to standard error without.\n"
	"Exit codes: 0 success, 1 wrong usage, 2 nothing usable in the log, 3 cannot write.\n";

static int
usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "wfsim: ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\n%s", usage);
	return EXIT_USAGE;
}

/* "+01:00", "-0530", "+05", "Z", "UTC": minutes east of UTC. */
static int
parse_tz(const char *s, int *minutes)
{
	int sign, h, m = 0;

	if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*minutes = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	if (*s == ':')
		s++;
	if (*s) {
		if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != '\0')
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
	}
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

static void
json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static double
share(long a, long b)
{
	return b > 0 ? (double)a / (double)b : 0;
}

static void
report_text(FILE *fp, const struct wf_fit_log *log)
{
	int p, any = 0;
	size_t i;

	fprintf(fp, "Data quality of %s\n", log->path);
	fprintf(fp, "  rows %ld, used %ld (%.1f%%)\n", log->rows, log->rows_used,
		100 * share(log->rows_used, log->rows));
	fprintf(fp, "  cases %ld, complete and clean for the routes %ld (%.1f%% survived)\n",
		log->cases, log->cases_used, 100 * share(log->cases_used, log->cases));
	for (p = 0; p < WF_FIT_N_PROBLEMS; p++) {
		const struct wf_fit_count *c = &log->problems[p];
		int k;

		if (c->count == 0)
			continue;
		if (!any)
			fprintf(fp, "  %-26s %8s  %s\n", "problem", p == WF_FIT_UNKNOWN_COLUMNS ? "count" :
				"rows", "example lines");
		any = 1;
		fprintf(fp, "  %-26s %8ld  ", wf_fit_problem_name(p), c->count);
		for (k = 0; k < c->n_lines; k++)
			fprintf(fp, "%s%ld", k ? ", " : "", c->lines[k]);
		if (p == WF_FIT_UNKNOWN_COLUMNS) {
			fputs(" (columns", fp);
			for (i = 0; i < log->n_unknown; i++)
				fprintf(fp, "%s '%s'", i ? "," : "", log->unknown[i]);
			fputs(": not used)", fp);
		}
		if (p == WF_FIT_TIMEZONE_SUSPECT)
			fputs(" (work starting between 00:00 and 06:00: are the times UTC? see --tz)", fp);
		fputc('\n', fp);
	}
	if (!any)
		fputs("  no problems found\n", fp);
}

static void
report_json(FILE *fp, const void *ctx)
{
	const struct wf_fit_log *log = ctx;
	int p, k;
	size_t i;

	fputs("{\n  \"file\": ", fp);
	json_string(fp, log->path);
	fprintf(fp, ",\n  \"rows\": %ld,\n  \"rows_used\": %ld,\n  \"cases\": %ld,\n"
		"  \"cases_used\": %ld,\n  \"cases_used_share\": %.6g,\n  \"problems\": {\n",
		log->rows, log->rows_used, log->cases, log->cases_used,
		share(log->cases_used, log->cases));
	for (p = 0; p < WF_FIT_N_PROBLEMS; p++) {
		const struct wf_fit_count *c = &log->problems[p];

		fprintf(fp, "    \"%s\": { \"count\": %ld, \"lines\": [", wf_fit_problem_name(p),
			c->count);
		for (k = 0; k < c->n_lines; k++)
			fprintf(fp, "%s%ld", k ? ", " : "", c->lines[k]);
		fprintf(fp, "] }%s\n", p + 1 < WF_FIT_N_PROBLEMS ? "," : "");
	}
	fputs("  },\n  \"unused_columns\": [", fp);
	for (i = 0; i < log->n_unknown; i++) {
		fputs(i ? ", " : "", fp);
		json_string(fp, log->unknown[i]);
	}
	fputs("]\n}\n", fp);
}

static void
draft_model(FILE *fp, const void *log)
{
	wf_fit_model_write(fp, log);
}

/* Writes path whole with fill(log); 0, or -1 after saying why. */
static int
write_out(const char *path, void (*fill)(FILE *, const void *), const struct wf_fit_log *log)
{
	char err[512];

	if (wf_outfile_write(path, fill, log, err, sizeof(err)) != 0) {
		fprintf(stderr, "wfsim: %s\n", err);
		return -1;
	}
	return 0;
}

int
wf_fit_main(int argc, char **argv)
{
	enum { O_CASE = 256, O_ACT, O_RES, O_START, O_END, O_TFMT, O_TZ, O_QJSON };
	static const struct option longs[] = {
		{ "case", required_argument, NULL, O_CASE },
		{ "activity", required_argument, NULL, O_ACT },
		{ "resource", required_argument, NULL, O_RES },
		{ "start", required_argument, NULL, O_START },
		{ "end", required_argument, NULL, O_END },
		{ "time-format", required_argument, NULL, O_TFMT },
		{ "tz", required_argument, NULL, O_TZ },
		{ "output", required_argument, NULL, 'o' },
		{ "quality-json", required_argument, NULL, O_QJSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct wf_fit_options opt;
	struct wf_fit_log log;
	const char *out = "-", *qjson = NULL;
	char err[2048];
	int ch, rc;
	FILE *rep;

	wf_fit_options_init(&opt);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'h':
			printf("%s%s", usage, help);
			return EXIT_OK;
		case 'o': out = optarg; break;
		case O_CASE: opt.col_case = optarg; break;
		case O_ACT: opt.col_activity = optarg; break;
		case O_RES: opt.col_resource = optarg; break;
		case O_START: opt.col_start = optarg; break;
		case O_END: opt.col_end = optarg; break;
		case O_TFMT:
			opt.time_format = strcmp(optarg, "ISO") == 0 || strcmp(optarg, "iso") == 0 ?
					  NULL : optarg;
			break;
		case O_TZ:
			if (parse_tz(optarg, &opt.tz_minutes) != 0)
				return usage_error("--tz: '%s' is not an offset (expected +HH:MM, e.g. "
						   "+01:00, or Z)", optarg);
			break;
		case O_QJSON: qjson = optarg; break;
		case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
		default: return usage_error("unknown option '%s' for 'fit'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return usage_error("'fit' takes one event log%s", "");
	if (strcmp(argv[optind], "-") == 0)
		return usage_error("fit reads its log twice: give a file, not '%s'", "-");
	if ((strcmp(out, "-") != 0 && wf_same_file(out, argv[optind])) ||
	    (qjson && wf_same_file(qjson, argv[optind])))
		return usage_error("refusing to write over the event log '%s'", argv[optind]);
	if ((strcmp(out, "-") != 0 && wf_outfile_check(out, err, sizeof(err)) != 0) ||
	    (qjson && wf_outfile_check(qjson, err, sizeof(err)) != 0)) {
		fprintf(stderr, "wfsim: %s\n", err);
		return EXIT_RUNTIME;
	}
	wf_outfile_doing("fitting '%s'", argv[optind]);
	if (wf_fit_log_read(argv[optind], &opt, &log, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		wf_fit_log_fini(&log);
		return EXIT_INVALID;
	}
	rep = strcmp(out, "-") == 0 || wf_outfile_is_direct(out) ? stderr : stdout;
	report_text(rep, &log);
	rc = EXIT_OK;
	if (qjson && write_out(qjson, report_json, &log) != 0)
		rc = EXIT_RUNTIME;
	if (rc == EXIT_OK && (log.cases_used == 0 || log.n_arrivals < 2)) {
		fprintf(stderr, "%s: error: nothing usable remains: %ld of %ld rows, %ld of %ld cases "
			"complete and clean (expected at least one case, and two arrivals)\n",
			log.path, log.rows_used, log.rows, log.cases_used, log.cases);
		rc = EXIT_INVALID;
	}
	if (rc == EXIT_OK && write_out(out, draft_model, &log) != 0)
		rc = EXIT_RUNTIME;
	wf_outfile_doing(NULL);
	wf_fit_log_fini(&log);
	return rc;
}
