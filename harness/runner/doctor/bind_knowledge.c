#include "bind_knowledge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "golden_judge.h"
#include "kernel_tags.h"
#include "growth.h"
#include "transcript_read.h"

static int keep_cell(const char *grid, const char *row, const char *column, const char *value,
		     struct matrix_cells *c)
{
	struct matrix_cell *grown = grow_to_fit(c->cell, c->count + 1, &c->capacity, sizeof *grown, 256, 0);
	if (!grown)
		return -1;
	c->cell = grown;
	struct matrix_cell *cell = &c->cell[c->count];
	cell->grid = strdup(grid);
	cell->row = strdup(row);
	cell->column = strdup(column);
	cell->value = strdup(value);
	if (!cell->grid || !cell->row || !cell->column || !cell->value) {
		free(cell->grid), free(cell->row), free(cell->column), free(cell->value);
		return -1;
	}
	c->count++;
	return 0;
}

/* The golden's grid cells, as the golden's reader reads them. */
static int keep_cells(const char *text, struct matrix_cells *out)
{
	struct transcript t = {0};
	char why[128];
	int rc = transcript_read(text, READ_GRIDS, &t, NULL, why, sizeof why);
	for (size_t i = 0; rc == 0 && i < t.count; i++) {
		char *const *f = t.record[i].field;
		rc = keep_cell(f[CELL_GRID], f[CELL_ROW], f[CELL_COLUMN], f[CELL_VALUE], out);
	}
	transcript_free(&t);
	return rc;
}

int matrix_cells_load(const char *expected_dir, const struct matrix_key *key,
		      const char *kernel_tag, struct matrix_cells *out, char *why, size_t why_size)
{
	memset(out, 0, sizeof *out);
	out->key = *key;
	matrix_case_name(key, out->case_name, sizeof out->case_name);
	/* The golden module reads the golden that applies to this kernel. */
	struct case_list all;
	if (cases_all(&all) != 0) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	const struct case_def *c = cases_find(&all, out->case_name);
	struct golden_tags tags = {0};
	golden_tags_add(&tags, kernel_tag);
	char *text = NULL, reason[512] = "";
	int rc = c ? golden_expected_text(expected_dir, c, &tags, &text, out->tag, sizeof out->tag, reason,
					  sizeof reason)
		   : -1;
	cases_free(&all);
	if (rc != 0) {
		snprintf(why, why_size, "cannot read the golden of %s: %s", out->case_name,
			 c ? reason : "no such case");
		return -1;
	}
	rc = keep_cells(text, out);
	free(text);
	if (rc != 0 || out->count == 0) {
		snprintf(why, why_size, "%s: %s", out->case_name, rc ? "out of memory" : "no grid cells in its golden");
		matrix_cells_free(out);
		return -1;
	}
	return 0;
}

/* (row, column) labels are unique within one golden: the grids differ
 * in their columns (the second socket's family and IPV6_V6ONLY). */
const struct matrix_cell *matrix_cell_find(const struct matrix_cells *cells, const char *row,
					   const char *column)
{
	for (size_t i = 0; i < cells->count; i++)
		if (strcmp(cells->cell[i].row, row) == 0 && strcmp(cells->cell[i].column, column) == 0)
			return &cells->cell[i];
	return NULL;
}

void matrix_cells_free(struct matrix_cells *cells)
{
	for (size_t i = 0; i < cells->count; i++) {
		free(cells->cell[i].grid);
		free(cells->cell[i].row);
		free(cells->cell[i].column);
		free(cells->cell[i].value);
	}
	free(cells->cell);
	cells->cell = NULL;
	cells->count = cells->capacity = 0;
}

int matrix_kernel_tag(const char *expected_dir, struct matrix_kernel *out, char *why, size_t why_size)
{
	struct kernel_choice choice;
	if (kernel_tag_choose(NULL, 0, 0, expected_dir, &choice, why, why_size) != 0)
		return -1;
	snprintf(out->release, sizeof out->release, "%s", choice.release);
	snprintf(out->tag, sizeof out->tag, "%s", choice.tag);
	return 0;
}
