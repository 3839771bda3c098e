/* behaviour_diff: where one transcript differs from another, as a person
 * reads it: a grid cell (grid, row, column) where both have the same grid,
 * otherwise a line. Pure text in, items out: unit-tested without a VM. */
#ifndef DSLAB_BEHAVIOUR_DIFF_H
#define DSLAB_BEHAVIOUR_DIFF_H

#include <stddef.h>

enum diff_kind { DIFF_CELL, DIFF_LINE };

struct diff_item {
	enum diff_kind kind;
	size_t line;          /* 1-based line in the reference ("expected"); 0 if none */
	char *grid, *row, *column; /* DIFF_CELL only */
	char *expected;       /* the reference's cell or line; NULL: line absent */
	char *actual;         /* the other's; NULL: line absent */
};

struct diff_list {
	struct diff_item *item;
	size_t count;
};

/* The differences of actual against expected. 0, or -1 out of memory. */
int behaviour_diff(const char *expected, const char *actual, struct diff_list *out);
void diff_list_free(struct diff_list *list);

/* Every grid cell of a transcript, in order, read by the same parser: each
 * a DIFF_CELL item whose expected is the cell's text (actual NULL). 0, or
 * -1 out of memory. */
int behaviour_cells(const char *text, struct diff_list *out);

/* One line saying what differs, at most size bytes: "line 12 'call' ...;
 * cell GRID [ROW x COLUMN] ...". */
void behaviour_diff_summary(const struct diff_list *list, char *text, size_t size);

/* Each grid cell of a rendered transcript (a golden's text), in order, as
 * (grid, row, column, value): the same reading of the grids the behaviour
 * diff makes, given to others (dslab doctor reads the bind matrices so).
 * sink returns 0 to go on. Returns 0, -1 out of memory, or sink's value. */
typedef int (*grid_cell_sink)(const char *grid, const char *row, const char *column,
			      const char *value, void *context);
int transcript_grid_cells(const char *text, grid_cell_sink sink, void *context);

#endif
