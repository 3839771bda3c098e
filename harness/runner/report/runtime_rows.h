/* runtime_rows: the rows of the "Runtimes and servers" table, read from the
 * main goldens (the reference's behaviour, not a run's) of the lessons
 * whose subject is a real program (program_read.h). One row per case under
 * bindv6only=0 whose golden starts a program, beside its twin under
 * bindv6only=1; catalogue order. The HTML section (report_runtimes.h) and
 * the README's markdown table (runtimes_table.h) both draw these rows. */
#ifndef DSLAB_RUNTIME_ROWS_H
#define DSLAB_RUNTIME_ROWS_H

#include <stddef.h>

#include "program_read.h"

struct runtime_row {
	char lesson[64];               /* "nginx_servers" */
	char settings[128];            /* the variant besides bindv6only: "listen=v6_alone" */
	struct program_summary cell[2]; /* under bindv6only=0 and =1 */
	int has[2];                    /* that golden exists and starts the program */
};

struct runtime_rows {
	struct runtime_row *row;
	size_t count;
};

/* Fills rows from the goldens under expected_dir (missing ones are left
 * out, or has[1] = 0). Returns 0, or -1 with one line in why (a golden that
 * cannot be read, out of memory). */
int runtime_rows_read(const char *expected_dir, struct runtime_rows *rows, char *why, size_t why_size);
void runtime_rows_free(struct runtime_rows *rows);

/* "IPv4 and IPv6", "IPv4 only", "IPv6 only" or "nothing". */
const char *runtime_took_text(const struct program_summary *cell);

#endif
