/* Text in columns: how wide a UTF-8 name is on a terminal, and how to cut and pad it, so that
 * "Prüfer", "Gutachter" and "審査" line up in every text table wfsim prints. */
#ifndef WFSIM_TEXTWIDTH_H
#define WFSIM_TEXTWIDTH_H
#include <stddef.h>
#include <stdio.h>

/* The number of terminal columns s takes: a letter 1 however many bytes it has, a combining
 * mark 0, an East Asian wide character 2 (wcwidth under C.UTF-8).  A byte that is not part
 * of valid UTF-8, and a control or unassigned character, counts as 1: nothing is refused. */
size_t wf_text_width(const char *s);
/* Drops an incomplete UTF-8 sequence at the end of s, which a cut in bytes left (call it
 * when snprintf says it truncated), so that the cut falls on a character boundary. */
void wf_text_trim_cut(char *s);
/* The length in bytes of the longest start of s that has at most `max` bytes and ends on a
 * character boundary: "%.*s" with it cuts a name without splitting a letter. */
size_t wf_text_fit(const char *s, size_t max);
/* Writes s, then spaces up to `width` columns (none when s is as wide or wider). */
void wf_text_pad(FILE *out, const char *s, size_t width);

#endif
