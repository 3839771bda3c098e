/* bind_knowledge: what the bind-matrix lessons prove, read from their
 * goldens, the one place it is kept. Each cell of
 * expected/bind_matrix_tcp/<variant>.golden and bind_matrix_udp's records
 * what happened when a first socket (row) and a second (column) were bound
 * (and listened) on one port; dslab doctor looks cells up instead of
 * knowing any rule of the kernel itself. */
#ifndef DSLAB_BIND_KNOWLEDGE_H
#define DSLAB_BIND_KNOWLEDGE_H

#include <limits.h>
#include <stddef.h>

#include "bind_matrix_cells.h" /* the key, a cell taken apart: the lessons' own reader */

struct matrix_cell {
	char *grid, *row, *column, *value;
};

struct matrix_cells {
	struct matrix_key key;
	char case_name[96];        /* bind_matrix_tcp/bindv6only=0,reuse=addr,order=blbl */
	char tag[40];              /* the override read ("linux-6.1"), "" for the main golden */
	struct matrix_cell *cell;
	size_t count, capacity;
};

/* Reads the case's golden from expected_dir: the override for kernel_tag
 * (e.g. "linux-6.1") where one is recorded, else the main golden. Returns 0,
 * or -1 with a one-line reason in why. */
int matrix_cells_load(const char *expected_dir, const struct matrix_key *key,
		      const char *kernel_tag, struct matrix_cells *out, char *why, size_t why_size);

/* Cell (row, column), or NULL if the golden has none. */
const struct matrix_cell *matrix_cell_find(const struct matrix_cells *cells, const char *row,
					   const char *column);

void matrix_cells_free(struct matrix_cells *cells);

/* This kernel's override tag, by the rule host runs use (kernel_tags.h:
 * $DSLAB_KERNEL_TAG, else "linux-MAJOR.MINOR" of the release, uname -r or
 * its stand-in $DSLAB_KERNEL_RELEASE), and that release. 0, or -1 with a
 * one-line reason (a bad $DSLAB_KERNEL_TAG). */
struct matrix_kernel {
	char release[128];
	char tag[40];         /* "" where none applies */
};
int matrix_kernel_tag(const char *expected_dir, struct matrix_kernel *out, char *why, size_t why_size);

#endif
