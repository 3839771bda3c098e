/* reproducer_source: the text of one self-contained C program that checks
 * bind-matrix cells on the running kernel (what `dslab reproduce` writes).
 * Pure data in, text out: the cells come from a golden, the program's body
 * is harness/runner/kernels/reproducer_template.c, embedded at build time. */
#ifndef DSLAB_REPRODUCER_SOURCE_H
#define DSLAB_REPRODUCER_SOURCE_H

#include <stdio.h>

#include "behaviour_diff.h"

/* What the program is for: the case and its settings (from the variant). */
struct reproducer_spec {
	const char *case_name;   /* "bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll" */
	const char *golden_path; /* the main golden, relative to the source tree */
	const char *reference;   /* "Linux 6.18.44-fc-v669, glibc 2.36", or NULL */
	const char *bindv6only;  /* "0" or "1" */
	const char *reuse;       /* "none", "addr" or "port" */
	const char *order;       /* "bbll" or "blbl" */
	const char *observed_on; /* the override's tag ("linux-6.1"), or NULL */
	const char *observed_note; /* the override's first line, or NULL */
};

/* Writes the program for the cells (DIFF_CELL items: row, column, expected
 * = the main golden's text, actual = the override's where it differs, else
 * NULL). Returns 0, or -1 with a one-line reason in why (a label that is no
 * bind-matrix socket, a setting out of range, a write error). */
int reproducer_write_source(FILE *out, const struct reproducer_spec *spec,
			    const struct diff_item *const *cells, size_t count, char *why,
			    size_t why_size);

#endif
