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

enum matrix_reuse { MATRIX_REUSE_NONE, MATRIX_REUSE_ADDR, MATRIX_REUSE_PORT };
/* bbll: bind, bind, listen, listen; blbl: bind, listen, bind, listen. */
enum matrix_order { MATRIX_BBLL, MATRIX_BLBL };

/* One golden of the matrices: a case of bind_matrix_tcp or _udp. */
struct matrix_key {
	int tcp;
	int bindv6only;
	enum matrix_reuse reuse;
	enum matrix_order order;   /* TCP only */
};

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

/* A cell's value taken apart: each call's result ("0", an errno name, or
 * "-" for a call not made) and, where both listened or were bound, who got
 * the traffic ("v4:1st v6:2nd"). UDP cells have no listen: "-". */
struct cell_results {
	char first_bind[24], first_listen[24], second_bind[24], second_listen[24];
	char receivers[48];
};
int matrix_cell_split(const struct matrix_key *key, const char *value, struct cell_results *out);

void matrix_cells_free(struct matrix_cells *cells);

/* This kernel's override tag, by the rule host runs use (kernel_tags.h:
 * $DSLAB_KERNEL_TAG, else "linux-MAJOR.MINOR" of the release). 0, or -1
 * with a one-line reason (a bad $DSLAB_KERNEL_TAG). */
int matrix_kernel_tag(const char *expected_dir, char *tag, size_t size, char *why, size_t why_size);

#endif
