/* bind_matrix_cells: a bind-matrix case and cell as its goldens write them,
 * read back (beside bind_matrix.c and the two lessons, which write them),
 * for what reads the lessons' knowledge from their goldens (dslab doctor).
 * Plain text in, fields out: no harness library. */
#ifndef DSLAB_BIND_MATRIX_CELLS_H
#define DSLAB_BIND_MATRIX_CELLS_H

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

/* The case's name: "bind_matrix_tcp/bindv6only=0,reuse=addr,order=blbl". */
void matrix_case_name(const struct matrix_key *key, char *out, size_t size);

/* A cell's value taken apart: each call's result ("0", an errno name, or
 * "-" for a call not made) and, where both listened or were bound, who got
 * the traffic ("v4:1st v6:2nd"). UDP cells have no listen: "-". Returns 0,
 * or -1 for a value that is no cell of the key's grids. */
struct cell_results {
	char first_bind[24], first_listen[24], second_bind[24], second_listen[24];
	char receivers[48];
};
int matrix_cell_split(const struct matrix_key *key, const char *value, struct cell_results *out);

/* "v4:1st v6:none" into its two words ("1st": the first socket, "2nd":
 * the second, "none", "shared"); -1 if it is not of that form. */
int matrix_receivers(const char *receivers, char v4[16], char v6[16]);

#endif
