/* Tests of display widths: letters of any length in bytes are one column, combining marks
 * none, East Asian wide characters two; invalid UTF-8 counts a column a byte and never
 * crashes; cuts fall on character boundaries; padding lines up "Prüfer" with "Gutachter". */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <check.h>
#include "testutil.h"
#include "wfsim/textwidth.h"

START_TEST(test_ascii_and_accented_letters)
{
	ck_assert_uint_eq(wf_text_width(""), 0);
	ck_assert_uint_eq(wf_text_width("Gutachter"), 9);
	ck_assert_uint_eq(wf_text_width("Pr\xC3\xBC" "fer"), 6);		/* ü precomposed */
	ck_assert_uint_eq(wf_text_width("Pru\xCC\x88" "fer"), 6);		/* u + combining diaeresis */
	ck_assert_uint_eq(wf_text_width("Stra\xC3\x9F" "e"), 6);		/* ß */
	ck_assert_uint_eq(wf_text_width("\xC2\xB1 0.5"), 5);			/* ± */
}
END_TEST

START_TEST(test_wide_characters)
{
	ck_assert_uint_eq(wf_text_width("\xE5\xAF\xA9\xE6\x9F\xBB"), 4);	/* 審査 */
	ck_assert_uint_eq(wf_text_width("\xEC\x8B\xAC\xEC\x82\xAC"), 4);	/* 심사 (Hangul) */
	ck_assert_uint_eq(wf_text_width("A\xF0\x9F\x98\x80"), 3);		/* A + emoji U+1F600 */
}
END_TEST

START_TEST(test_invalid_utf8_counts_a_column_a_byte)
{
	ck_assert_uint_eq(wf_text_width("a\xFF" "b"), 3);			/* never a lead byte */
	ck_assert_uint_eq(wf_text_width("\xC3"), 1);				/* cut at the end */
	ck_assert_uint_eq(wf_text_width("\xE5\xAF" "x"), 3);			/* cut, then a letter */
	ck_assert_uint_eq(wf_text_width("\xC0\xAF"), 2);			/* overlong '/' */
	ck_assert_uint_eq(wf_text_width("\xED\xA0\x80"), 3);			/* a surrogate */
	ck_assert_uint_eq(wf_text_width("\xF4\x90\x80\x80"), 4);		/* past U+10FFFF */
	ck_assert_uint_eq(wf_text_width("\x80\x80"), 2);			/* stray continuations */
}
END_TEST

/* c in UTF-8 at s (c from U+0080 to U+FFFF, not a surrogate) */
static void
encode(char *s, long c)
{
	if (c < 0x800) {
		s[0] = (char)(0xC0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3F));
		s[2] = '\0';
	} else {
		s[0] = (char)(0xE0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		s[3] = '\0';
	}
}

/* The ranges counted without the locale (textwidth.c) must give what wcwidth gives: every
 * code point from U+0080 to U+33FF (past them all, into the wide CJK symbols), alone and
 * after a ± (in the table), so that text that needs the locale only later is measured whole. */
START_TEST(test_every_code_point_as_wcwidth_says)
{
	char s[8], t[12];
	long c;

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	for (c = 0x80; c < 0x3400; c++) {
		int cw = wcwidth((wchar_t)c);
		size_t want = cw < 0 ? 1 : (size_t)cw;

		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		encode(s, c);
		snprintf(t, sizeof(t), "\xC2\xB1%s", s);	/* ± first */
		ck_assert_msg(wf_text_width(s) == want, "U+%04lX: %zu columns, wcwidth %zu", c,
			      wf_text_width(s), want);
		ck_assert_uint_eq(wf_text_width(t), want + 1);
	}
	setlocale(LC_CTYPE, "C");
}
END_TEST

/* The first n bytes of src in s, as a snprintf into n + 1 bytes leaves them. */
static void
cut(char *s, const char *src, size_t n)
{
	memcpy(s, src, n);
	s[n] = '\0';
}

START_TEST(test_cut_on_a_character_boundary)
{
	char s[16];

	/* "审查" cut after 5 bytes: the second character goes whole */
	cut(s, "\xE5\xAE\xA1\xE6\x9F\xA5", 5);
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "\xE5\xAE\xA1");
	cut(s, "ab\xC3\xBC", 3);
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "ab");
	snprintf(s, sizeof(s), "%s", "A\xF0\x9F\x98");	/* three bytes of a four-byte emoji */
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "A");
	/* whole characters, and invalid bytes that were there before the cut, stay */
	snprintf(s, sizeof(s), "%s", "Pr\xC3\xBC" "fer");
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "Pr\xC3\xBC" "fer");
	snprintf(s, sizeof(s), "%s", "x\xFF");
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "x\xFF");
	snprintf(s, sizeof(s), "%s", "\x80\x80\x80\x80");
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "\x80\x80\x80\x80");
	s[0] = '\0';
	wf_text_trim_cut(s);
	ck_assert_str_eq(s, "");
}
END_TEST

START_TEST(test_padding_lines_names_up)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	wf_text_pad(f, "Pr\xC3\xBC" "fer", 10);
	fputs("|\n", f);
	wf_text_pad(f, "Gutachter", 10);
	fputs("|\n", f);
	wf_text_pad(f, "\xE5\xAF\xA9\xE6\x9F\xBB", 10);
	fputs("|\n", f);
	wf_text_pad(f, "longer than ten", 10);
	fputs("|\n", f);
	fclose(f);
	ck_assert_str_eq(buf, "Pr\xC3\xBC" "fer    |\nGutachter |\n\xE5\xAF\xA9\xE6\x9F\xBB      |\n"
			 "longer than ten|\n");
	free(buf);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "ascii-and-accented", test_ascii_and_accented_letters },
		{ "wide", test_wide_characters },
		{ "every-code-point", test_every_code_point_as_wcwidth_says },
		{ "invalid-utf8", test_invalid_utf8_counts_a_column_a_byte },
		{ "cut", test_cut_on_a_character_boundary },
		{ "padding", test_padding_lines_names_up },
	};

	return tu_run("textwidth", tests, sizeof(tests) / sizeof(tests[0]), 0);
}
