/* report_cells: what a grid cell says, read with the form its lesson
 * declared (report_html.h, struct report_grid_form). A cell is its calls'
 * results, "/" between them (0, an errno name, or "-" for a call not
 * made), then blank-separated tagged words "TAG:value". */
#ifndef DSLAB_REPORT_CELLS_H
#define DSLAB_REPORT_CELLS_H

#include <stddef.h>

#include "report_html.h"

/* A cell's outcome, by its call results (the part before the first blank,
 * "/" between them: "0/EADDRINUSE/0/-"): */
enum cell_outcome {
	CELL_BOTH,      /* every call made worked (0) */
	CELL_CONFLICT,  /* a call failed with EADDRINUSE */
	CELL_ERROR,     /* a call failed otherwise (EINVAL...) */
	CELL_MISSING,   /* no result ("-": never reported) */
};
enum cell_outcome report_cell_outcome(const char *value);

/* The form case c declared for a grid, or NULL. */
const struct report_grid_form *report_grid_form_of(const struct report_case *c, const char *grid);

/* The cell in words, for its title attribute, in its form's words (what
 * the row and the column are, each call's result by name, what each tag
 * means); without a form, "row", "column" and "call N". */
void report_cell_describe(const struct report_cell *cell, const struct report_grid_form *form, char *out,
			  size_t size);

#endif
