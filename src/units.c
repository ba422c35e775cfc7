/* Parsers for the small value languages of the model format: numbers, durations, rates,
 * days, hours and ISO dates.  They are strict on purpose (no "inf", no hex, no trailing
 * garbage) because a typo in a model should be an error, not a silently odd simulation. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "wfsim/units.h"

static const char *unit_names[] = { "seconds", "minutes", "hours", "days" };
static const double unit_secs[] = { 1, 60, 3600, 86400 };
static const char *day_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

double
wf_unit_seconds(enum wf_time_unit u)
{
	return unit_secs[u];
}

const char *
wf_unit_name(enum wf_time_unit u)
{
	return unit_names[u];
}

int
wf_unit_parse(const char *s, enum wf_time_unit *out)
{
	size_t i, n;

	for (i = 0; i < 4; i++) {
		n = strlen(unit_names[i]);
		/* "minutes" or the singular "minute" */
		if (strcmp(s, unit_names[i]) == 0 ||
		    (strlen(s) == n - 1 && strncmp(s, unit_names[i], n - 1) == 0)) {
			*out = (enum wf_time_unit)i;
			return 0;
		}
	}
	return -1;
}

/* "nan", "inf", ".inf", "infinity" with an optional sign, as YAML or C would write them. */
static int
is_nonfinite_word(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (*s == '.')
		s++;
	return strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 ||
	    strcasecmp(s, "infinity") == 0;
}

/* Length of the longest prefix of s that is a decimal number [+-]digits[.digits][e[+-]digits]
 * (at least one digit in the mantissa); 0 if there is none. */
static size_t
number_prefix(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (isdigit((unsigned char)*q)) {
			while (isdigit((unsigned char)*q))
				q++;
			p = q;
		}
	}
	return (size_t)(p - s);
}

/* Converts the n-character decimal prefix of s; -1 on overflow. */
static int
convert(const char *s, size_t n, double *out)
{
	char buf[128], *end;
	double v;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	/* ERANGE on underflow returns a tiny value that is fine to keep; only overflow is fatal */
	if ((errno == ERANGE && fabs(v) > 1.0) || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int
wf_parse_number(const char *s, double *out, char *err, size_t errlen)
{
	size_t n;

	if (*s == '\0') {
		snprintf(err, errlen, "expected a number, got nothing");
		return -1;
	}
	if (is_nonfinite_word(s)) {
		snprintf(err, errlen, "invalid number '%s': not a finite number", s);
		return -1;
	}
	n = number_prefix(s);
	if (n == 0 || s[n] != '\0') {
		snprintf(err, errlen, "invalid number '%s': expected a decimal number such as 12 or 0.5", s);
		return -1;
	}
	if (convert(s, n, out) < 0) {
		snprintf(err, errlen, "number '%s' is out of range", s);
		return -1;
	}
	return 0;
}

int
wf_parse_count(const char *s, long *out, char *err, size_t errlen)
{
	const char *p = s;
	char *end;
	long v;

	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p)) {
		snprintf(err, errlen, "invalid count '%s': expected a whole number such as 0 or 12", s);
		return -1;
	}
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p)) {
			snprintf(err, errlen, "invalid count '%s': expected a whole number such as 0 or 12", s);
			return -1;
		}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE) {
		snprintf(err, errlen, "number '%s' is too large", s);
		return -1;
	}
	*out = v;
	return 0;
}

int
wf_parse_probability(const char *s, double *out, char *err, size_t errlen)
{
	double v;

	if (wf_parse_number(s, &v, err, errlen) < 0)
		return -1;
	if (v < 0 || v > 1) {
		snprintf(err, errlen, "probability %s is outside [0, 1]", s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Seconds in the suffix letter c of a duration, or 0 for an unknown one. */
static double
suffix_seconds(char c)
{
	switch (c) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	case 'w': return 7 * 86400;
	}
	return 0;
}

int
wf_parse_duration(const char *s, enum wf_time_unit unit, double *out, char *err, size_t errlen)
{
	size_t n;
	double v, mult;

	if (*s == '\0') {
		snprintf(err, errlen, "expected a duration such as 25m, got nothing");
		return -1;
	}
	if (is_nonfinite_word(s)) {
		snprintf(err, errlen, "invalid duration '%s': not a finite number", s);
		return -1;
	}
	n = number_prefix(s);
	if (n == 0)
		goto bad;
	if (s[n] == '\0')
		mult = unit_secs[unit];
	else if (s[n + 1] == '\0' && (mult = suffix_seconds(s[n])) > 0)
		;
	else
		goto bad;
	if (convert(s, n, &v) < 0 || !isfinite(v * mult)) {
		snprintf(err, errlen, "duration '%s' is out of range", s);
		return -1;
	}
	if (v < 0) {
		snprintf(err, errlen, "invalid duration '%s': must not be negative", s);
		return -1;
	}
	*out = v * mult / unit_secs[unit];
	return 0;
bad:
	snprintf(err, errlen, "invalid duration '%s': expected a number with an optional unit s, m, h, d or w (e.g. 25m)", s);
	return -1;
}

int
wf_parse_rate(const char *s, enum wf_time_unit unit, double *out, char *err, size_t errlen)
{
	size_t n;
	double v, per;

	if (*s == '\0') {
		snprintf(err, errlen, "expected a rate such as 10/h, got nothing");
		return -1;
	}
	if (is_nonfinite_word(s)) {
		snprintf(err, errlen, "invalid rate '%s': not a finite number", s);
		return -1;
	}
	n = number_prefix(s);
	if (n == 0)
		goto bad;
	if (s[n] == '\0')
		per = unit_secs[unit];
	else if (s[n] == '/' && s[n + 1] != '\0' && s[n + 2] == '\0' &&
	    (per = suffix_seconds(s[n + 1])) > 0)
		;
	else
		goto bad;
	if (convert(s, n, &v) < 0 || !isfinite(v * unit_secs[unit] / per)) {
		snprintf(err, errlen, "rate '%s' is out of range", s);
		return -1;
	}
	if (v < 0) {
		snprintf(err, errlen, "invalid rate '%s': must not be negative", s);
		return -1;
	}
	*out = v * unit_secs[unit] / per;
	return 0;
bad:
	snprintf(err, errlen, "invalid rate '%s': expected a number per s, m, h, d or w (e.g. 10/h)", s);
	return -1;
}

/* Day index 0..6 of a 3-letter (or full, "monday") name at s[0..n), or -1. */
static int
day_index(const char *s, size_t n)
{
	static const char *full[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
	    "saturday", "sunday" };
	int i;

	for (i = 0; i < 7; i++)
		if ((n == 3 && strncasecmp(s, day_names[i], 3) == 0) ||
		    (n == strlen(full[i]) && strncasecmp(s, full[i], n) == 0))
			return i;
	return -1;
}

int
wf_parse_days(const char *s, unsigned *mask, char *err, size_t errlen)
{
	const char *dash;
	int a, b, i;

	if (strcasecmp(s, "daily") == 0 || strcasecmp(s, "all") == 0) {
		*mask |= 0x7f;
		return 0;
	}
	if (strcasecmp(s, "weekdays") == 0) {
		*mask |= 0x1f;
		return 0;
	}
	if (strcasecmp(s, "weekends") == 0 || strcasecmp(s, "weekend") == 0) {
		*mask |= 0x60;
		return 0;
	}
	dash = strchr(s, '-');
	if (dash == NULL) {
		if ((a = day_index(s, strlen(s))) < 0)
			goto bad;
		*mask |= 1u << a;
		return 0;
	}
	a = day_index(s, (size_t)(dash - s));
	b = day_index(dash + 1, strlen(dash + 1));
	if (a < 0 || b < 0)
		goto bad;
	/* a range may wrap over the weekend: fri-mon is fri, sat, sun, mon */
	for (i = a;; i = (i + 1) % 7) {
		*mask |= 1u << i;
		if (i == b)
			break;
	}
	return 0;
bad:
	snprintf(err, errlen, "invalid days '%s': expected mon..sun, a range such as mon-fri, or daily", s);
	return -1;
}

/* Parses "HH:MM" at *p (advancing it) into minutes; 24:00 is accepted, the caller decides
 * where it may stand. */
static int
hhmm(const char **p, int *min)
{
	const char *s = *p;
	int h = 0, m, nd = 0;

	while (isdigit((unsigned char)*s) && nd < 2) {
		h = h * 10 + (*s++ - '0');
		nd++;
	}
	if (nd == 0 || *s != ':' || !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return -1;
	m = (s[1] - '0') * 10 + (s[2] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*min = h * 60 + m;
	*p = s + 3;
	return 0;
}

int
wf_parse_hours(const char *s, int *from, int *to, char *err, size_t errlen)
{
	const char *p = s;
	int a, b;

	if (hhmm(&p, &a) < 0)
		goto bad;
	while (*p == ' ')
		p++;
	if (*p++ != '-')
		goto bad;
	while (*p == ' ')
		p++;
	if (hhmm(&p, &b) < 0 || *p != '\0')
		goto bad;
	if (a == 1440) {
		snprintf(err, errlen, "invalid hours '%s': 24:00 may only end a range", s);
		return -1;
	}
	if (b <= a)
		b += 1440;	/* past midnight: wraps into the next day */
	*from = a;
	*to = b;
	return 0;
bad:
	snprintf(err, errlen, "invalid hours '%s': expected HH:MM-HH:MM such as 09:00-17:00", s);
	return -1;
}

int
wf_parse_clock(const char *s, int *min, char *err, size_t errlen)
{
	const char *p = s;

	if (hhmm(&p, min) < 0 || *p != '\0' || *min >= 1440) {
		snprintf(err, errlen, "invalid time of day '%s': expected HH:MM such as 10:00", s);
		return -1;
	}
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
long
wf_days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* n digits at *p as an integer, advancing; -1 if they are not all digits. */
static long
digits(const char **p, int n)
{
	long v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	return v;
}

int
wf_parse_datetime(const char *s, double *epoch, char *err, size_t errlen)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *p = s;
	long y, mo, d, h = 0, mi = 0, sec = 0;
	double frac = 0;
	int leap, dim;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' || (mo = digits(&p, 2)) < 0 || *p++ != '-' ||
	    (d = digits(&p, 2)) < 0)
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if ((h = digits(&p, 2)) < 0 || *p++ != ':' || (mi = digits(&p, 2)) < 0)
			goto bad;
		if (*p == ':') {
			p++;
			if ((sec = digits(&p, 2)) < 0)
				goto bad;
			if (*p == '.') {
				double scale = 0.1;

				p++;
				if (!isdigit((unsigned char)*p))
					goto bad;
				while (isdigit((unsigned char)*p)) {
					frac += (*p++ - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (*p == 'Z')
			p++;
	}
	if (*p != '\0')
		goto bad;
	if (mo < 1 || mo > 12)
		goto range;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	dim = mdays[mo - 1] + (mo == 2 && leap);
	if (d < 1 || d > dim || h > 23 || mi > 59 || sec > 59)
		goto range;
	*epoch = (double)wf_days_from_civil(y, (int)mo, (int)d) * 86400.0 + h * 3600 + mi * 60 + sec + frac;
	return 0;
range:
	snprintf(err, errlen, "invalid date '%s': no such day or time", s);
	return -1;
bad:
	snprintf(err, errlen, "invalid date '%s': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]", s);
	return -1;
}

void
wf_format_datetime(double epoch, char *buf, size_t len)
{
	double fl = floor(epoch);
	long days = (long)floor(fl / 86400.0);
	long secs = (long)(fl - (double)days * 86400.0);
	long y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04ld-%02d-%02dT%02ld:%02ld:%02ld", y, m, d, secs / 3600,
	    secs / 60 % 60, secs % 60);
}
