/* report_html: the HTML report, one self-contained static page (inline CSS,
 * no script, no external resource): the lessons and how each case fared,
 * the bind-conflict matrix as coloured grids, and the kernel/libc
 * behaviour-diff table when one has been made.
 *
 * The page is written from a model (below) that the report command fills
 * from a run; nothing here runs cases or touches files, so unit tests feed
 * it fixed models. Every string from the model is HTML-escaped. */
#ifndef DSLAB_REPORT_HTML_H
#define DSLAB_REPORT_HTML_H

#include <stdio.h>
#include <stddef.h>

#include "execute.h"

struct report_cell {
	char *grid, *row, *column, *value;
};

struct report_case {
	char *name;                 /* "<scenario>/<variant>" */
	char *scenario, *variant;
	char *bindv6only;           /* the variant's bindv6only value, or "" */
	enum case_status status;
	char *reason;               /* why it did not pass, or "" (paths relative
				       to the project) */
	char *recorded;             /* passed as the recorded difference of this
				       kernel or libc ("linux-6.1"), or "" */
	char *diff;                 /* a failed case's unified diff, or NULL */
	struct report_cell *cell;
	size_t cell_count;
};

struct report_lesson {
	char *name;
	char *summary;              /* NULL: none found */
};

enum kernel_diff_kind { KERNEL_DIFF_NONE, KERNEL_DIFF_MARKDOWN, KERNEL_DIFF_JSON };

/* A grid cell that differs from the main golden on a column of the last
 * `dslab kernels` run (its cells.tsv, kernel_matrix.h). */
struct report_kernel_cell {
	char *line;                 /* the fields below point into it (one free) */
	const char *case_name, *grid, *row, *column;
	const char *where;          /* the column: "linux-6.1", "musl" */
	const char *value;          /* its value there */
};

struct report_page {
	struct report_lesson *lesson;
	size_t lesson_count;
	struct report_case *kase;   /* in run order */
	size_t case_count;
	const char *system;         /* e.g. "Linux 6.1.0-27-amd64 x86_64" */
	const char *reference;      /* the goldens' kernel and libc, e.g. "Linux
				       6.18.44-fc-v669, glibc 2.36"; NULL: unknown */
	const char *expected_dir;   /* the goldens, for the runtimes section
				       (report_runtimes.h); NULL: none shown */
	const char *kernel_diff_default; /* where dslab kernels writes it (for the placeholder) */
	enum kernel_diff_kind kernel_diff_kind;
	const char *kernel_diff_path;
	const char *kernel_diff;    /* the file's text (NUL-terminated) */
	struct report_kernel_cell *kernel_cell; /* from the same run */
	size_t kernel_cell_count;
};

/* Lessons whose grids the matrix section shows. */
#define REPORT_MATRIX_PREFIX "bind_matrix_"

/* A matrix cell's outcome, by its call results (the part before the first
 * blank: "0/EADDRINUSE/0/-"): */
enum cell_outcome {
	CELL_BOTH,      /* every call made worked (0) */
	CELL_CONFLICT,  /* a call failed with EADDRINUSE */
	CELL_ERROR,     /* a call failed otherwise (EINVAL...) */
	CELL_MISSING,   /* no result ("-": never reported) */
};
enum cell_outcome report_cell_outcome(const char *value);

/* The cell in words, for its title attribute: which socket is which, each
 * call's result by name, and where traffic went. */
void report_cell_describe(const struct report_cell *cell, char *out, size_t size);

/* The colours the page uses, one entry per CSS class, so that a test can
 * check their contrast (WCAG 2.1 AA: at least 4.5:1 for text). */
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

/* Write the page. Returns 0, or -1 if out reported an error. */
int report_html_write(FILE *out, const struct report_page *page);

/* The model's strings are malloc'd: free them all. */
void report_page_free(struct report_page *page);

#endif
