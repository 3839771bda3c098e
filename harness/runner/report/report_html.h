/* report_html: the HTML report, one self-contained static page (inline CSS,
 * no script, no external resource): the lessons and how each case fared,
 * every lesson's result grids in colour (report_grids.h), and the kernel/libc
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

/* A grid's form, as the lesson declared it (transcript.h, RECORD_GRID_FORM):
 * the report draws and describes the grid from it alone. */
struct report_grid_form {
	char *grid, *rows, *columns, *calls, *tags;
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
	struct report_grid_form *form;
	size_t form_count;
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

/* Write the page. Returns 0, or -1 if out reported an error. */
int report_html_write(FILE *out, const struct report_page *page);

/* The model's strings are malloc'd: free them all. */
void report_page_free(struct report_page *page);

#endif
