#include "bind_knowledge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "behaviour_diff.h"
#include "cases.h"
#include "golden_judge.h"
#include "kernel_tags.h"
#include "growth.h"

static const char *const reuse_option[] = {"none", "addr", "port"};
static const char *const order_option[] = {"bbll", "blbl"};

static int keep_cell(const char *grid, const char *row, const char *column, const char *value,
		     void *context)
{
	struct matrix_cells *c = context;
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

int matrix_cells_load(const char *expected_dir, const struct matrix_key *key,
		      const char *kernel_tag, struct matrix_cells *out, char *why, size_t why_size)
{
	memset(out, 0, sizeof *out);
	out->key = *key;
	if (key->tcp)
		snprintf(out->case_name, sizeof out->case_name, "bind_matrix_tcp/bindv6only=%d,reuse=%s,order=%s",
			 key->bindv6only, reuse_option[key->reuse], order_option[key->order]);
	else
		snprintf(out->case_name, sizeof out->case_name, "bind_matrix_udp/bindv6only=%d,reuse=%s",
			 key->bindv6only, reuse_option[key->reuse]);
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
	rc = transcript_grid_cells(text, keep_cell, out);
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

/* Copies the next "/"-separated result of *p into out. */
static int next_result(const char **p, char *out, size_t size)
{
	size_t len = strcspn(*p, "/ ");
	if (len == 0 || len >= size)
		return -1;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	if (**p == '/')
		(*p)++;
	return 0;
}

int matrix_cell_split(const struct matrix_key *key, const char *value, struct cell_results *out)
{
	memset(out, 0, sizeof *out);
	const char *p = value;
	int rc;
	/* The grid's order of the calls (bind_matrix_tcp.c, run_cell). */
	if (!key->tcp) {
		rc = next_result(&p, out->first_bind, sizeof out->first_bind) ||
		     next_result(&p, out->second_bind, sizeof out->second_bind);
		strcpy(out->first_listen, "-");
		strcpy(out->second_listen, "-");
	} else if (key->order == MATRIX_BBLL) {
		rc = next_result(&p, out->first_bind, sizeof out->first_bind) ||
		     next_result(&p, out->second_bind, sizeof out->second_bind) ||
		     next_result(&p, out->first_listen, sizeof out->first_listen) ||
		     next_result(&p, out->second_listen, sizeof out->second_listen);
	} else {
		rc = next_result(&p, out->first_bind, sizeof out->first_bind) ||
		     next_result(&p, out->first_listen, sizeof out->first_listen) ||
		     next_result(&p, out->second_bind, sizeof out->second_bind) ||
		     next_result(&p, out->second_listen, sizeof out->second_listen);
	}
	if (rc)
		return -1;
	while (*p == ' ')
		p++;
	snprintf(out->receivers, sizeof out->receivers, "%s", p);
	return 0;
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

int matrix_kernel_tag(const char *expected_dir, char *tag, size_t size, char *why, size_t why_size)
{
	struct kernel_choice choice;
	if (kernel_tag_choose(NULL, 0, 0, expected_dir, &choice, why, why_size) != 0)
		return -1;
	snprintf(tag, size, "%s", choice.tag);
	return 0;
}
