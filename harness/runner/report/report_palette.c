/* report_palette: the page's colours, each with a symbol and a word. */
#include "report_palette.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Dark text on light tints: every pair is above 7:1, well past AA's 4.5:1
 * (unit.report_html checks). Each class also has a symbol and a word, so
 * that the colour is never the only sign. */
const struct report_colour report_palette[] = {
	{"st-pass", "#0b3d0b", "#d3f2d3", "\u2713", "passed"},
	{"st-fail", "#6b0000", "#fbd3d3", "\u2717", "failed"},
	{"st-skip", "#4a3b00", "#fff1c2", "\u25cb", "skipped"},
	{"st-timeout", "#6b0000", "#fbd3d3", "!", "timed out"},
	{"st-crash", "#6b0000", "#fbd3d3", "!", "crashed"},
	{"m-both", "#0b3d0b", "#cfeecf", "\u2713", "every call made worked"},
	{"m-conflict", "#6b0000", "#f8cccc", "\u2717", "conflict (EADDRINUSE)"},
	{"m-error", "#3b2a00", "#fde6a8", "!", "another error (EINVAL...)"},
	{"m-missing", "#2b2b2b", "#e6e6e6", "\u2013", "not reported"},
};
const size_t report_palette_count = sizeof report_palette / sizeof report_palette[0];

/* Body text, table headers and links on their backgrounds. */
const struct report_colour report_text_colours[] = {
	{"body", "#1a1a1a", "#ffffff", "", "text"},
	{"th", "#1a1a1a", "#eeeeee", "", "table headers"},
	{"a", "#0645ad", "#ffffff", "", "links"},
	{"pre", "#1a1a1a", "#f6f6f6", "", "embedded text"},
};
const size_t report_text_colour_count = sizeof report_text_colours / sizeof report_text_colours[0];

const struct report_colour *report_palette_entry(const char *css_class)
{
	for (size_t i = 0; i < report_palette_count; i++)
		if (strcmp(report_palette[i].css_class, css_class) == 0)
			return &report_palette[i];
	return &report_palette[report_palette_count - 1];
}

/* --- contrast (WCAG 2.1, relative luminance) --- */

static int parse_colour(const char *text, double rgb[3])
{
	if (!text || text[0] != '#' || strlen(text) != 7 || strspn(text + 1, "0123456789abcdefABCDEF") != 6)
		return -1;
	for (int i = 0; i < 3; i++) {
		char part[3] = {text[1 + 2 * i], text[2 + 2 * i], '\0'};
		double c = (double)strtol(part, NULL, 16) / 255.0;
		rgb[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4); /* sRGB to linear */
	}
	return 0;
}

double report_contrast_ratio(const char *colour_a, const char *colour_b)
{
	double a[3], b[3];
	if (parse_colour(colour_a, a) != 0 || parse_colour(colour_b, b) != 0)
		return 0;
	double la = 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
	double lb = 0.2126 * b[0] + 0.7152 * b[1] + 0.0722 * b[2];
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* A symbol for the eye (hidden from screen readers, which get the word). */
void report_write_mark(FILE *out, const struct report_colour *c, int with_hidden_word)
{
	fprintf(out, "<span aria-hidden=\"true\">%s</span> ", c->symbol);
	if (with_hidden_word) {
		fputs("<span class=\"vh\">", out);
		html_escape(out, c->meaning);
		fputs(": </span>", out);
	}
}

const char *report_status_class(enum case_status status)
{
	static const char *const classes[] = {"st-pass", "st-fail", "st-skip", "st-timeout", "st-crash"};
	return classes[status];
}
