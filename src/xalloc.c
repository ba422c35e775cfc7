/* Allocation that cannot fail: on exhaustion wfsim says so and exits with code 3, the exit
 * code for run-time failures, so no caller carries NULL checks for memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/xalloc.h"

static void *
check(void *p)
{
	if (p == NULL) {
		fputs("wfsim: error: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

void *
wf_xmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *
wf_xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *
wf_xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1));
}

void *
wf_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > ((size_t)-1) / 2 / size)
			check(NULL);
		c *= 2;
	}
	*cap = c;
	return wf_xrealloc(p, c * size);
}

char *
wf_xstrdup(const char *s)
{
	return wf_xstrndup(s, strlen(s));
}

char *
wf_xstrndup(const char *s, size_t n)
{
	char *d = wf_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
wf_xasprintf(const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	char *s;

	/* Measure into a small buffer rather than NULL: short strings need no second pass. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		check(NULL);
	s = wf_xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(s, small, (size_t)n + 1);
		return s;
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
