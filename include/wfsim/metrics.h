/* The list of per-replication metrics: their order, JSON names, labels, kinds and which way is
 * better.  One table that the engine fills, and that the outputs, the comparison and the plots
 * read; adding a metric is one enum value and one row. */
#ifndef WFSIM_METRICS_H
#define WFSIM_METRICS_H

/* Per-replication metrics, in the order results-format.md lists them (docs/metrics.md
 * defines each).  Counts and per-case figures are of the cohort: the cases that arrive in the
 * window [warm-up, horizon), each followed to its end.  A rate is a share of the cohort cases
 * that ended, in [0, 1]; NaN where undefined (no case ended, or no sla in the model for
 * SLA_ATTAINMENT).  Throughput is of the window itself: cases that ended inside it. */
enum wf_metric {
	WF_M_CASES_ARRIVED, WF_M_CASES_COMPLETED, WF_M_CENSORED_CASES, WF_M_CASES_IN_PROGRESS,
	WF_M_THROUGHPUT_PER_DAY,
	WF_M_CYCLE_TIME_MEAN, WF_M_CYCLE_TIME_P50, WF_M_CYCLE_TIME_P90, WF_M_CYCLE_TIME_P95,
	WF_M_WAIT_TIME_MEAN, WF_M_TOUCH_TIME_MEAN, WF_M_RESOLUTION_RATE, WF_M_ABANDONMENT_RATE,
	WF_M_AUTONOMOUS_RATE, WF_M_DECIDED_WITHOUT_HUMAN_RATE, WF_M_ESCALATION_RATE,
	WF_M_REWORK_RATE, WF_M_EXCEPTION_RATE, WF_M_TIMEOUT_RATE, WF_M_ESCAPED_ERROR_RATE,
	WF_M_SLA_ATTAINMENT, WF_M_COST_PER_CASE,
	WF_M_COUNT
};

enum wf_metric_kind { WF_MK_COUNT, WF_MK_TIME, WF_MK_RATE, WF_MK_PER_DAY, WF_MK_MONEY };

struct wf_metric_info {
	const char *name;	/* JSON key, e.g. "cycle_time_mean" */
	const char *label;	/* for tables, e.g. "cycle time, mean" */
	enum wf_metric_kind kind;
	int lower_is_better;	/* for the comparison's wording; 0 for counts */
};
extern const struct wf_metric_info wf_metrics[WF_M_COUNT];

/* Weekly operating metrics: the cohort split by the week its cases arrived in, week 1
 * starting at the warm-up's end.  CASES counts the arrivals; the rates are shares of that
 * week's cases that ended (as the whole-run rates are); times are means over them.  At most
 * WF_MAX_WEEKS weeks are kept (a year): a longer window reports its first 52 weeks weekly
 * and all of it in the overall figures, so a replication's memory stays fixed. */
enum wf_weekly_metric {
	WF_W_CASES, WF_W_RESOLUTION_RATE, WF_W_AUTONOMOUS_RATE, WF_W_ESCALATION_RATE,
	WF_W_ESCAPED_ERROR_RATE, WF_W_CYCLE_TIME_MEAN, WF_W_TOUCH_TIME_MEAN,
	WF_W_COUNT
};
#define WF_MAX_WEEKS 52
/* Names as in JSON ("cases", "resolution_rate" ...), labels and kinds, like wf_metrics. */
extern const struct wf_metric_info wf_weekly_metrics[WF_W_COUNT];

/* Segments: the cohort split by the value of each categorical attribute ("supplier=vip"),
 * segment k of attribute a being wf_segments_layout's off[a] + the value's index.  The
 * per-case figures below only (time-based figures such as throughput and utilisation are
 * of the whole system, not of a segment), each computed over the segment's cases exactly as
 * the overall figure over the cohort.  At most WF_MAX_SEGMENTS segments per model: an
 * attribute whose values would pass the cap is not segmented (nor numeric attributes), so
 * a replication's memory stays fixed. */
#define WF_MAX_SEGMENTS 64
enum { WF_SEG_METRIC_COUNT = 16 };
/* The metrics a segment reports, as indices into wf_metrics. */
extern const int wf_segment_metrics[WF_SEG_METRIC_COUNT];

#endif
