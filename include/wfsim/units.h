/* Units of the model format: durations ("90s", "25m", "1.5h", "2d", "1w"), rates ("10/h",
 * "240/d"), days ("mon".."sun", "mon-fri") and hours ("09:00-17:00").  Every parser takes a
 * string and returns 0 and the value, or -1 and a message (lower case, says what was expected)
 * in err.  Values are in the model's time unit. */
#ifndef WFSIM_UNITS_H
#define WFSIM_UNITS_H
#include <stddef.h>

enum wf_time_unit { WF_SECONDS, WF_MINUTES, WF_HOURS, WF_DAYS };

/* Length of one unit in seconds: 1, 60, 3600, 86400. */
double wf_unit_seconds(enum wf_time_unit u);
/* "seconds", "minutes", "hours", "days". */
const char *wf_unit_name(enum wf_time_unit u);
/* Parses "seconds" | "minutes" | "hours" | "days"; 0 or -1. */
int wf_unit_parse(const char *s, enum wf_time_unit *out);

/* A duration: a plain finite number >= 0 (in `unit`) or number+suffix s|m|h|d|w.
 * Rejects negatives, NaN, Inf, overflow, empty strings and trailing garbage. */
int wf_parse_duration(const char *s, enum wf_time_unit unit, double *out, char *err, size_t errlen);
/* A rate: "N/s" "N/m" "N/h" "N/d" "N/w" or a plain number meaning per `unit`; result is per
 * `unit`.  Must be finite and >= 0. */
int wf_parse_rate(const char *s, enum wf_time_unit unit, double *out, char *err, size_t errlen);
/* A finite number (no unit), rejecting overflow ("1e400"), NaN and Inf. */
int wf_parse_number(const char *s, double *out, char *err, size_t errlen);
/* A non-negative integer that fits in a long. */
int wf_parse_count(const char *s, long *out, char *err, size_t errlen);
/* A probability in [0, 1]. */
int wf_parse_probability(const char *s, double *out, char *err, size_t errlen);

/* Days: "mon".."sun", a range "mon-fri" (may wrap: "fri-mon"), or "daily"/"all"; sets bit d
 * (0 = Monday) of *mask.  Lists are handled by the caller, which ORs masks. */
int wf_parse_days(const char *s, unsigned *mask, char *err, size_t errlen);
/* Hours "HH:MM-HH:MM"; minutes since midnight in *from and *to.  "24:00" may end a range.
 * A range with to <= from wraps past midnight (to is then returned as to + 1440). */
int wf_parse_hours(const char *s, int *from, int *to, char *err, size_t errlen);
/* A time of day "HH:MM" (00:00 to 23:59); minutes since midnight in *min. */
int wf_parse_clock(const char *s, int *min, char *err, size_t errlen);
/* ISO 8601 date-time "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" (or a space for 'T'), taken as
 * UTC; seconds since the Unix epoch.  0 or -1. */
int wf_parse_datetime(const char *s, double *epoch, char *err, size_t errlen);
/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1 to 12). */
long wf_days_from_civil(long y, int m, int d);
/* Formats an epoch as "YYYY-MM-DDTHH:MM:SS" into buf (at least 20 bytes). */
void wf_format_datetime(double epoch, char *buf, size_t len);

#endif
