/* report_palette: the colours the page uses, one entry per CSS class, so
 * that a test can check their contrast (WCAG 2.1 AA: at least 4.5:1 for
 * text), each with a symbol and a word so that colour is never the only
 * sign. */
#ifndef DSLAB_REPORT_PALETTE_H
#define DSLAB_REPORT_PALETTE_H

#include <stddef.h>
#include <stdio.h>

#include "execute.h"

struct report_colour {
	const char *css_class;
	const char *foreground, *background; /* "#rrggbb" */
	const char *symbol;                  /* shown before the text, so that colour is never the only sign */
	const char *meaning;                 /* the legend's words; also read to screen readers */
};
extern const struct report_colour report_palette[];
extern const size_t report_palette_count;
/* Plain text on the page's other backgrounds (css_class is an element). */
extern const struct report_colour report_text_colours[];
extern const size_t report_text_colour_count;

/* WCAG 2.1 contrast ratio of two "#rrggbb" colours (1 to 21), or 0 if one
 * is not in that form. */
double report_contrast_ratio(const char *colour_a, const char *colour_b);

/* The entry of a CSS class (the last, "not reported", for an unknown one). */
const struct report_colour *report_palette_entry(const char *css_class);

/* A symbol for the eye, hidden from screen readers; with_hidden_word: the
 * meaning for them. */
void report_write_mark(FILE *out, const struct report_colour *c, int with_hidden_word);

/* "st-pass", "st-fail"... */
const char *report_status_class(enum case_status status);

#endif
