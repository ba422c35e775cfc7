/* The metric table: what each per-replication figure is called in JSON and in tables, what kind
 * of quantity it is and which way is better.  docs/metrics.md defines each figure. */
#include "wfsim/metrics.h"

const struct wf_metric_info wf_metrics[WF_M_COUNT] = {
	[WF_M_CASES_ARRIVED] = { "cases_arrived", "cases arrived", WF_MK_COUNT, 0 },
	[WF_M_CASES_COMPLETED] = { "cases_completed", "cases completed", WF_MK_COUNT, 0 },
	[WF_M_CENSORED_CASES] = { "censored_cases", "cases censored (open at the drain cap)",
	    WF_MK_COUNT, 0 },
	[WF_M_CASES_IN_PROGRESS] = { "cases_in_progress", "cases in progress at the horizon",
	    WF_MK_COUNT, 0 },
	[WF_M_THROUGHPUT_PER_DAY] = { "throughput_per_day", "throughput per day", WF_MK_PER_DAY, 0 },
	[WF_M_CYCLE_TIME_MEAN] = { "cycle_time_mean", "cycle time, mean", WF_MK_TIME, 1 },
	[WF_M_CYCLE_TIME_P50] = { "cycle_time_p50", "cycle time, median", WF_MK_TIME, 1 },
	[WF_M_CYCLE_TIME_P90] = { "cycle_time_p90", "cycle time, 90th percentile", WF_MK_TIME, 1 },
	[WF_M_CYCLE_TIME_P95] = { "cycle_time_p95", "cycle time, 95th percentile", WF_MK_TIME, 1 },
	[WF_M_WAIT_TIME_MEAN] = { "wait_time_mean", "waiting time per case, mean", WF_MK_TIME, 1 },
	[WF_M_TOUCH_TIME_MEAN] = { "touch_time_mean", "human touch time per case, mean",
	    WF_MK_TIME, 1 },
	[WF_M_RESOLUTION_RATE] = { "resolution_rate", "resolved", WF_MK_RATE, 0 },
	[WF_M_ABANDONMENT_RATE] = { "abandonment_rate", "abandoned", WF_MK_RATE, 1 },
	[WF_M_AUTONOMOUS_RATE] = { "autonomous_rate", "resolved without a human", WF_MK_RATE, 0 },
	[WF_M_DECIDED_WITHOUT_HUMAN_RATE] = { "decided_without_human_rate",
	    "resolved, decided without a human", WF_MK_RATE, 0 },
	[WF_M_ESCALATION_RATE] = { "escalation_rate", "escalated", WF_MK_RATE, 1 },
	[WF_M_REWORK_RATE] = { "rework_rate", "reworked", WF_MK_RATE, 1 },
	[WF_M_EXCEPTION_RATE] = { "exception_rate", "took an exception path", WF_MK_RATE, 1 },
	[WF_M_TIMEOUT_RATE] = { "timeout_rate", "timed out waiting", WF_MK_RATE, 1 },
	[WF_M_ESCAPED_ERROR_RATE] = { "escaped_error_rate", "escaped errors", WF_MK_RATE, 1 },
	[WF_M_SLA_ATTAINMENT] = { "sla_attainment", "within the SLA", WF_MK_RATE, 0 },
	[WF_M_COST_PER_CASE] = { "cost_per_case", "cost per case", WF_MK_MONEY, 1 },
};

const struct wf_metric_info wf_weekly_metrics[WF_W_COUNT] = {
	[WF_W_CASES] = { "cases", "cases arrived", WF_MK_COUNT, 0 },
	[WF_W_RESOLUTION_RATE] = { "resolution_rate", "resolved", WF_MK_RATE, 0 },
	[WF_W_AUTONOMOUS_RATE] = { "autonomous_rate", "resolved without a human", WF_MK_RATE, 0 },
	[WF_W_ESCALATION_RATE] = { "escalation_rate", "escalated", WF_MK_RATE, 1 },
	[WF_W_ESCAPED_ERROR_RATE] = { "escaped_error_rate", "escaped errors", WF_MK_RATE, 1 },
	[WF_W_CYCLE_TIME_MEAN] = { "cycle_time_mean", "cycle time, mean", WF_MK_TIME, 1 },
	[WF_W_TOUCH_TIME_MEAN] = { "touch_time_mean", "human touch time per case, mean",
	    WF_MK_TIME, 1 },
};

const int wf_segment_metrics[WF_SEG_METRIC_COUNT] = {
	WF_M_CASES_ARRIVED, WF_M_CASES_COMPLETED, WF_M_CENSORED_CASES,
	WF_M_CYCLE_TIME_MEAN, WF_M_CYCLE_TIME_P50, WF_M_CYCLE_TIME_P90,
	WF_M_WAIT_TIME_MEAN, WF_M_TOUCH_TIME_MEAN, WF_M_RESOLUTION_RATE, WF_M_ABANDONMENT_RATE,
	WF_M_AUTONOMOUS_RATE, WF_M_ESCALATION_RATE, WF_M_REWORK_RATE, WF_M_ESCAPED_ERROR_RATE,
	WF_M_SLA_ATTAINMENT, WF_M_COST_PER_CASE,
};
