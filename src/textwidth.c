/* Display width of UTF-8 text.  Decoding is strict (overlong forms, surrogates and code points
 * past U+10FFFF are invalid) and done here; the width of each character comes from the C
 * library's wcwidth under the C.UTF-8 locale, which glibc always has, so the Unicode tables
 * are not copied into wfsim (only the ranges of one-column letters and symbols below, which
 * spare loading it).  Without that locale every character counts 1. */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "wfsim/textwidth.h"

/* The code point at s, its length in *len; -1 (and *len 1) for a byte that does not start a
 * valid sequence. */
static long
decode(const unsigned char *s, size_t *len)
{
	static const long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned char b = s[0];
	size_t n, i;
	long c;

	*len = 1;
	if (b < 0x80)
		return b;
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		c = b & 0x0F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		c = b & 0x07;
	} else {
		return -1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)	/* also stops at the terminating NUL */
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*len = n;
	return c;
}

/* Code points one column wide (glibc's wcwidth under C.UTF-8, which check_textwidth.c
 * compares them with): Latin letters, punctuation, currency signs, arrows and mathematical
 * operators.  wfsim's own tables print some of them (the ± of a confidence interval, the →
 * of a change), so they are measured without loading the locale, which costs a process
 * some 150 page faults of locale data. */
static const struct {
	long lo, hi;
} narrow[] = {
	{ 0x0080, 0x02FF },	/* Latin-1 and Latin Extended; the C1 controls count 1 anyway */
	{ 0x1E00, 0x200A },	/* Latin Extended Additional, Greek Extended, spaces */
	{ 0x2010, 0x2029 },	/* dashes, quotes, bullets */
	{ 0x202F, 0x205F },	/* per mille, primes, more punctuation */
	{ 0x2070, 0x20CF },	/* super- and subscripts, currency signs */
	{ 0x20F1, 0x2319 },	/* letterlike symbols, number forms, arrows, operators */
};

/* 1 if c (a code point, or -1 for an invalid byte) is one column without asking wcwidth:
 * ASCII (a control character counts 1, as below), invalid bytes and the table above. */
static int
plainly_narrow(long c)
{
	size_t i;

	if (c < 0x80)
		return 1;
	for (i = 0; i < sizeof(narrow) / sizeof(narrow[0]); i++)
		if (c >= narrow[i].lo && c <= narrow[i].hi)
			return 1;
	return 0;
}

/* The width of s by wcwidth, for text with a character outside the table. */
static size_t
width_by_locale(const unsigned char *p)
{
	locale_t utf8, old;
	size_t w = 0, len;

	/* A locale of its own, used by this thread only while it counts: the program's locale
	 * (and other threads) are left as they are. */
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	old = utf8 != (locale_t)0 ? uselocale(utf8) : (locale_t)0;
	while (*p) {
		long c = decode(p, &len);
		int cw = c < 0 || utf8 == (locale_t)0 ? 1 : wcwidth((wchar_t)c);

		w += cw < 0 ? 1 : (size_t)cw;
		p += len;
	}
	if (utf8 != (locale_t)0) {
		uselocale(old);
		freelocale(utf8);
	}
	return w;
}

size_t
wf_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, len;

	/* Nearly every label is ASCII, one column a byte */
	for (; *p != '\0'; p += len, w++) {
		if (*p < 0x80)
			len = 1;
		else if (!plainly_narrow(decode(p, &len)))
			return width_by_locale((const unsigned char *)s);
	}
	return w;
}

void
wf_text_trim_cut(char *s)
{
	size_t n = strlen(s), start = n;
	unsigned char lead;

	/* the last byte that is not a continuation byte starts the last sequence */
	while (start > 0 && n - start < 3 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)s[--start];
	/* Only a sequence shorter than its lead byte announces is cut: an invalid byte that was
	 * in the name already is kept (and counted 1 wide). */
	if ((lead >= 0xC2 && lead <= 0xDF && n - start < 2) ||
	    (lead >= 0xE0 && lead <= 0xEF && n - start < 3) ||
	    (lead >= 0xF0 && lead <= 0xF4 && n - start < 4))
		s[start] = '\0';
}

size_t
wf_text_fit(const char *s, size_t max)
{
	size_t n = strnlen(s, max), back = 0;

	/* a continuation byte right after the cut means the cut splits a character */
	while (n > 0 && back < 3 && ((unsigned char)s[n] & 0xC0) == 0x80) {
		n--;
		back++;
	}
	return n;
}

void
wf_text_pad(FILE *out, const char *s, size_t width)
{
	size_t w = wf_text_width(s);

	fputs(s, out);
	for (; w < width; w++)
		fputc(' ', out);
}
